"""The token store under faults: two indexes at once, an index killed mid-way, its
workers left behind, damaged parts and manifests. Real processes (``corpusnb index``
run by the interpreter) where the fault is between processes; a test hook
(``CORPUSNB_TEST_PAUSE_AFTER_PART``) holds an index after it wrote a part, so each
test knows where the index stands when it strikes."""
from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import pandas as pd
import pytest

import corpusnb as cnb
from corpusnb.apps import cli
from corpusnb.store import store as store_module
from tests.speeches import write_speeches

CHUNK = 1_500  # the speeches (about 6,700 characters) in four parts
WORDS = ("the assembly voted on the statute . the province asked for more and the "
         "ministers said no . corruption in the ports is a grievance").split()


def _speeches(folder: Path) -> Path:
    folder.mkdir()
    write_speeches(folder, big5=False, readme=False)
    return folder


def _other(folder: Path, n: int = 6) -> Path:
    """Another corpus: n documents of random sentences, named other00.txt ..."""
    rng = random.Random(7)
    folder.mkdir()
    for k in range(n):
        text = " ".join(" ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12))
                                 ).capitalize() + "." for _ in range(rng.randint(8, 20)))
        (folder / f"other{k:02d}.txt").write_text(f"Other {k}\n\n{text}\n", encoding="utf-8")
    return folder


def _index_process(corpus: Path, store: Path, *options: str, pause: float | None = None
                   ) -> subprocess.Popen:
    env = dict(os.environ)
    env.pop(store_module._PAUSE, None)
    if pause is not None:
        env[store_module._PAUSE] = str(pause)
    return subprocess.Popen(
        [sys.executable, "-c", "import sys, corpusnb.apps.cli as cli; sys.exit(cli.main())", "index",
         str(corpus), "--store", str(store),
         "--chunk-chars", str(CHUNK), *options],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        cwd=Path(__file__).parent.parent)


def _paused(process: subprocess.Popen, timeout: float = 60) -> str:
    """Wait until the index says it paused after a part; the line it printed."""
    lines: list[str] = []

    def read() -> None:
        for line in process.stderr:
            lines.append(line)
            if "test pause after" in line:
                return
    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout)
    assert lines and "test pause after" in lines[-1], (lines, process.poll())
    return lines[-1]


def _same_as_clean_index(store: Path, corpus: Path, clean: Path) -> None:
    """The store holds what a clean index of the corpus holds: the same table, the same
    part bytes, no file the manifest does not list, no lock left."""
    got, expected = cnb.open_store(store), cnb.index(corpus, clean, chunk_chars=CHUNK,
                                                      workers=1)
    assert got.ids == expected.ids == cnb.load_corpus(corpus).ids
    pd.testing.assert_frame_equal(got.tokens(), expected.tokens())
    pd.testing.assert_frame_equal(got.tokens(), cnb.tokenize(cnb.load_corpus(corpus)))
    assert _digests(got) == _digests(expected)
    listed = {f"{name}.parquet" for name in got.parts}
    for folder in ("tokens", "texts"):
        assert {p.name for p in (store / folder).iterdir()} == listed
    assert not (store / "LOCK").exists()


def _digests(store: cnb.Store) -> list[str]:
    return sorted(hashlib.sha256(path.read_bytes()).hexdigest()
                  for folder in ("tokens", "texts") for path in (store.path / folder).iterdir())


def _holds_exactly(store: Path, corpus: Path) -> None:
    opened = cnb.open_store(store)
    assert opened.ids == cnb.load_corpus(corpus).ids
    pd.testing.assert_frame_equal(opened.tokens(), cnb.tokenize(cnb.load_corpus(corpus)))


def _dead_pid() -> int:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)
    return int(finished.stdout)


def _write_lock(store: Path, **record) -> None:
    store.mkdir(exist_ok=True)
    (store / "LOCK").write_text(json.dumps(record), encoding="utf-8")


# ------------------------------------------------------------ two indexes at once

class TestTwoIndexesAtOnce:
    def test_the_second_stops_at_once_naming_the_first(self, tmp_path):
        speeches, other = _speeches(tmp_path / "speeches"), _other(tmp_path / "other")
        store = tmp_path / "store"
        first = _index_process(speeches, store, "--workers", "1", pause=120)
        _paused(first)
        second = _index_process(other, store, "--workers", "1")
        out, err = second.communicate(timeout=60)
        first.send_signal(signal.SIGUSR1)  # the first goes on
        assert second.returncode == 2, (out, err)
        assert (f"the token store {store} is being indexed by pid {first.pid} on host "
                f"{socket.gethostname()} since ") in err
        assert f"or remove {store / 'LOCK'} if that process is gone" in err
        assert first.wait(timeout=120) == 0, first.communicate()
        _holds_exactly(store, speeches)  # all of one corpus, none of the other
        assert not (store / "LOCK").exists()
        # and a re-index of either corpus gives that corpus
        cnb.index(other, store, chunk_chars=CHUNK, workers=1)
        _holds_exactly(store, other)
        cnb.index(speeches, store, chunk_chars=CHUNK, workers=1)
        _holds_exactly(store, speeches)

    def test_with_wait_the_second_runs_when_the_first_is_done(self, tmp_path):
        speeches, other = _speeches(tmp_path / "speeches"), _other(tmp_path / "other")
        store = tmp_path / "store"
        first = _index_process(speeches, store, "--workers", "1", pause=120)
        _paused(first)
        second = _index_process(other, store, "--workers", "1", "--wait", "120")
        waiting = second.stderr.readline()
        assert waiting.startswith(f"corpusnb: warning: the token store {store} is being "
                                  f"indexed by pid {first.pid} on host ")
        assert waiting.endswith(": waiting for it (up to 120 s)\n")
        first.send_signal(signal.SIGUSR1)
        assert second.wait(timeout=180) == 0, second.communicate()
        assert first.wait(timeout=60) == 0, first.communicate()
        out = second.communicate()[0]
        assert "6 documents" in out and "6 file(s) tokenised, 0 unchanged" in out
        _holds_exactly(store, other)  # the second's corpus, whole: it read the first's
        # manifest only once the first had committed it
        _same_as_clean_index(store, other, tmp_path / "clean")

    def test_a_lock_of_a_process_that_is_gone_is_taken_over(self, tmp_path):
        speeches, store = _speeches(tmp_path / "speeches"), tmp_path / "store"
        dead = _dead_pid()
        _write_lock(store, pid=dead, host=socket.gethostname(), since="2026-01-01 00:00:00 UTC")
        with pytest.warns(cnb.CorpusWarning, match=f"locked by pid {dead} on this host since "
                                                   "2026-01-01 00:00:00 UTC, which is no "
                                                   "longer running: its lock is taken over"):
            cnb.index(speeches, store, chunk_chars=CHUNK, workers=1)
        _same_as_clean_index(store, speeches, tmp_path / "clean")

    def test_a_live_holder_on_this_host_is_not_stale_but_a_reused_pid_is(self, tmp_path):
        speeches, store = _speeches(tmp_path / "speeches"), tmp_path / "store"
        sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        try:
            record = {"pid": sleeper.pid, "host": socket.gethostname(), "since": "then",
                      "boot": store_module._boot_id(),
                      "start": store_module._start_time(sleeper.pid)}
            _write_lock(store, **record)
            with pytest.raises(cnb.CorpusError, match=f"being indexed by pid {sleeper.pid} "
                                                      "on host .* since then; wait for it"):
                cnb.index(speeches, store, chunk_chars=CHUNK, workers=1)
            assert json.loads((store / "LOCK").read_text()) == record  # left as it was
            if record["start"] is not None:  # Linux: the same pid, a later process
                _write_lock(store, **{**record, "start": record["start"] - 1})
                with pytest.warns(cnb.CorpusWarning, match="no longer running"):
                    cnb.index(speeches, store, chunk_chars=CHUNK, workers=1)
                _holds_exactly(store, speeches)
        finally:
            sleeper.kill()
            sleeper.wait()

    def test_a_lock_of_another_host_is_never_judged_stale(self, tmp_path):
        speeches, store = _speeches(tmp_path / "speeches"), tmp_path / "store"
        _write_lock(store, pid=_dead_pid(), host="elsewhere.example", since="yesterday")
        with pytest.raises(cnb.CorpusError, match=r"being indexed by pid \d+ on host "
                                                  r"elsewhere\.example since yesterday"):
            cnb.index(speeches, store, chunk_chars=CHUNK, workers=1)
        (store / "LOCK").unlink()  # as the message says, once that process is gone
        cnb.index(speeches, store, chunk_chars=CHUNK, workers=1)
        _holds_exactly(store, speeches)

    def test_a_held_lock_is_waited_for_then_reported(self, tmp_path):
        store = tmp_path / "store"
        store.mkdir()
        with store_module._StoreLock(store, 0):
            record = json.loads((store / "LOCK").read_text())
            assert record["pid"] == os.getpid() and record["host"] == socket.gethostname()
            started = time.monotonic()
            with pytest.raises(cnb.CorpusError, match=r"\(waited 0.6 s\)"), \
                    pytest.warns(cnb.CorpusWarning, match="waiting for it \\(up to 0.6 s\\)"):
                with store_module._StoreLock(store, 0.6):
                    pass
            assert 0.6 <= time.monotonic() - started < 5
        assert not (store / "LOCK").exists()
        with store_module._StoreLock(store, 0):  # free again
            pass


# ------------------------------------------------------------ an index killed mid-way

def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has ended (waiting for its reaper)


linux_only = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


class TestKilledMidIndex:
    def test_a_first_index_killed_mid_way_is_indexed_again_by_itself(self, tmp_path, capsys):
        speeches, store = _speeches(tmp_path / "speeches"), tmp_path / "store"
        killed = _index_process(speeches, store, "--workers", "1", pause=60)
        _paused(killed)
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=30)
        assert not (store / "manifest.json").exists() and (store / "LOCK").exists()
        assert list((store / "tokens").iterdir())
        assert cli.main(["index", str(speeches), "--store", str(store),
                         "--chunk-chars", str(CHUNK), "--workers", "1"]) == 0
        out, err = capsys.readouterr()
        assert "8 file(s) tokenised, 0 unchanged" in out
        assert f"locked by pid {killed.pid} on this host since " in err
        assert f"{store} holds an index that stopped before it finished (no manifest.json)" \
            in err
        _same_as_clean_index(store, speeches, tmp_path / "clean")

    def test_an_update_killed_mid_way_leaves_the_store_as_it_was(self, tmp_path):
        speeches, store = _speeches(tmp_path / "speeches"), tmp_path / "store"
        cnb.index(speeches, store, chunk_chars=CHUNK, workers=1)
        before = cnb.open_store(store).tokens()
        changed = speeches / "1945-Truman.txt"
        changed.write_text(changed.read_text(encoding="utf-8") + "\nWe adjourned.\n",
                           encoding="utf-8")
        killed = _index_process(speeches, store, "--workers", "1", pause=60)
        _paused(killed)
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=30)
        pd.testing.assert_frame_equal(cnb.open_store(store).tokens(), before)
        with pytest.warns(cnb.CorpusWarning, match="no longer running"):
            updated = cnb.index(speeches, store, chunk_chars=CHUNK, workers=1)
        assert updated.report["files_tokenised"] == ["1945-Truman.txt"]
        _same_as_clean_index(store, speeches, tmp_path / "clean")

    @linux_only
    def test_the_workers_die_with_their_parent(self, tmp_path):
        speeches, store = _speeches(tmp_path / "speeches"), tmp_path / "store"
        parent = _index_process(speeches, store, "--workers", "2", pause=60)
        _paused(parent)  # a worker sleeps after its part; the parent waits for it
        children = _children(parent.pid)
        assert len(children) >= 2 and all(map(_alive, children))
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=30)
        deadline = time.monotonic() + 10
        while any(map(_alive, children)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in children if _alive(pid)]


# ------------------------------------------------------------ damaged parts

@pytest.fixture(scope="module")
def _made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("made")
    speeches = _speeches(folder / "speeches")
    cnb.index(speeches, folder / "store", chunk_chars=CHUNK, workers=1)
    return speeches, folder / "store"


@pytest.fixture
def made(_made, tmp_path):
    """The speeches and a fresh copy of their store (four parts of two files each)."""
    speeches, store = _made
    shutil.copytree(store, tmp_path / "store")
    return speeches, tmp_path / "store"


def _part_files(store: Path, k: int) -> tuple[str, list[str]]:
    """The name of the k-th part and the files its documents come from."""
    manifest = json.loads((store / "manifest.json").read_text(encoding="utf-8"))
    name = manifest["parts"][k]["name"]
    return name, [r["file"] for r in manifest["files"] if name in r["parts"]]


class TestDamagedParts:
    def test_a_truncated_tokens_part(self, made, tmp_path):
        speeches, store = made
        name, files = _part_files(store, 1)
        path = store / "tokens" / f"{name}.parquet"
        size = path.stat().st_size
        path.write_bytes(path.read_bytes()[: size // 2])
        opened = cnb.open_store(store)
        message = (f"part tokens/{name}.parquet of the token store {store} is damaged (it has "
                   f"{size // 2:,} bytes, the manifest recorded {size:,}); index the corpus "
                   f"into the store again with corpusnb index CORPUS --store {store} --verify")
        for read in (opened.tokens, lambda: opened.part(name), lambda: cnb.frequencies(opened)):
            with pytest.raises(cnb.CorpusError) as caught:
                read()
            assert str(caught.value).startswith(message)
        with pytest.warns(cnb.CorpusWarning, match=f"damaged \\(tokens/{name}.parquet: it has"):
            again = cnb.index(speeches, store, chunk_chars=CHUNK, workers=1)
        assert again.report["files_tokenised"] == files
        assert again.report["parts_kept"] == [p for p in opened.parts if p != name]
        _same_as_clean_index(store, speeches, tmp_path / "clean")

    def test_a_missing_texts_part(self, made, tmp_path):
        speeches, store = made
        name, files = _part_files(store, 3)
        (store / "texts" / f"{name}.parquet").unlink()
        opened = cnb.open_store(store)
        doc = files[0].removesuffix(".txt")
        with pytest.raises(cnb.CorpusError, match=f"part texts/{name}.parquet of the token "
                                                  "store .* is damaged \\(it is missing\\)"):
            opened[doc]
        with pytest.raises(cnb.CorpusError, match="it is missing"):
            list(opened)
        with pytest.warns(cnb.CorpusWarning, match=f"texts/{name}.parquet: it is missing"):
            again = cnb.index(speeches, store, chunk_chars=CHUNK, workers=1)
        assert again.report["files_tokenised"] == files
        assert cnb.open_store(store)[doc].text == cnb.load_corpus(speeches)[doc].text
        _same_as_clean_index(store, speeches, tmp_path / "clean")

    def test_flipped_bytes_are_found_by_their_sha256(self, made, tmp_path, capsys):
        speeches, store = made
        name, files = _part_files(store, 2)
        path = store / "tokens" / f"{name}.parquet"
        data = bytearray(path.read_bytes())
        middle = len(data) // 2
        data[middle:middle + 8] = bytes(b ^ 0xFF for b in data[middle:middle + 8])
        path.write_bytes(bytes(data))
        with pytest.raises(cnb.CorpusError, match=f"part tokens/{name}.parquet .* damaged "
                                                  r"\(its sha256 is not the one the manifest "
                                                  r"recorded: its bytes were changed\)"):
            cnb.open_store(store).tokens()
        # the size is right, so only --verify finds it when indexing
        kept = cnb.index(speeches, store, chunk_chars=CHUNK, workers=1)
        assert name in kept.report["parts_kept"]
        capsys.readouterr()
        assert cli.main(["index", str(speeches), "--store", str(store), "--verify",
                         "--chunk-chars", str(CHUNK), "--workers", "1"]) == 0
        out, err = capsys.readouterr()
        assert f"{len(files)} file(s) tokenised, {8 - len(files)} unchanged; 1 part(s) " \
               "written, 3 kept" in out
        assert f"damaged (tokens/{name}.parquet: its sha256 is not the one the manifest " \
               "recorded: its bytes were changed): the files in it are tokenised again" in err
        _same_as_clean_index(store, speeches, tmp_path / "clean")

    @pytest.mark.parametrize("content, why", [
        ("", "empty"), ("{\"format\": 2, \"parts\": [", "not JSON: "), ("[1, 2]", "no list of "
                                                                              "files and parts")])
    def test_an_empty_or_garbage_manifest(self, made, tmp_path, content, why):
        speeches, store = made
        (store / "manifest.json").write_text(content, encoding="utf-8")
        with pytest.raises(cnb.CorpusError) as caught:
            cnb.open_store(store)
        assert str(caught.value).startswith(
            f"{store / 'manifest.json'} is damaged ({why}")
        assert f"the token store {store} cannot be read; index the corpus into it again" in \
            str(caught.value)
        with pytest.warns(cnb.CorpusWarning, match="it is rebuilt now"):
            cnb.index(speeches, store, chunk_chars=CHUNK, workers=1)
        _same_as_clean_index(store, speeches, tmp_path / "clean")

    def test_a_garbage_manifest_in_a_folder_of_other_files_is_left_alone(self, tmp_path):
        folder = tmp_path / "site"
        folder.mkdir()
        (folder / "manifest.json").write_text("{}", encoding="utf-8")
        (folder / "index.html").write_text("mine", encoding="utf-8")
        with pytest.raises(cnb.CorpusError, match="manifest.json is damaged"):
            cnb.index(None, folder, workers=1)
        assert sorted(p.name for p in folder.iterdir()) == ["index.html", "manifest.json"]
        assert (folder / "manifest.json").read_text(encoding="utf-8") == "{}"

    def test_a_truncated_documents_file(self, made, tmp_path):
        speeches, store = made
        path = store / "documents.jsonl"
        path.write_bytes(path.read_bytes()[:-40])
        lines = path.read_text(encoding="utf-8").count("\n") + 1
        with pytest.raises(cnb.CorpusError, match=r"documents.jsonl is damaged \(it has "
                                                  r"[\d,]+ bytes, the manifest recorded"):
            cnb.open_store(store).metadata
        assert lines > 1
        with pytest.warns(cnb.CorpusWarning, match="documents.jsonl is damaged"):
            again = cnb.index(speeches, store, chunk_chars=CHUNK, workers=1)
        assert len(again.report["files_tokenised"]) == 8
        _same_as_clean_index(store, speeches, tmp_path / "clean")

    @pytest.mark.parametrize("edit", ["empty", "same size"])
    def test_an_edited_documents_file_is_found_when_read(self, made, edit):
        _, store = made
        path = store / "documents.jsonl"
        text = path.read_text(encoding="utf-8")
        changed = "" if edit == "empty" else text.replace("Washington", "Washingtop", 1)
        assert edit == "empty" or (changed != text and len(changed) == len(text))
        path.write_text(changed, encoding="utf-8")
        with pytest.raises(cnb.CorpusError, match="documents.jsonl is damaged"):
            cnb.open_store(store).metadata

    def test_load_corpus_with_a_store_rebuilds_a_damaged_part(self, made):
        speeches, store = made
        name, files = _part_files(store, 0)
        (store / "tokens" / f"{name}.parquet").write_bytes(b"")
        with pytest.warns(cnb.CorpusWarning, match=f"tokens/{name}.parquet: it has 0 bytes"):
            opened = cnb.load_corpus(speeches, store=store)
        pd.testing.assert_frame_equal(opened.tokens(), cnb.tokenize(cnb.load_corpus(speeches)))


def test_load_corpus_with_a_store_waits_for_an_index_in_progress(tmp_path):
    """The notebooks of `corpusnb run --store` open one store side by side: one that finds
    it locked waits its turn, silently, instead of failing (it did, in CI)."""
    import threading

    from corpusnb.store.store import _StoreLock

    speeches = tmp_path / "speeches"
    write_speeches(speeches, readme=False)
    store = tmp_path / "store"
    cnb.index(speeches, store, workers=1)
    held, released = threading.Event(), []

    def hold():
        with _StoreLock(store, 0):
            held.set()
            time.sleep(1.5)
            released.append(time.monotonic())

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        opened = cnb.load_corpus(speeches, store=store)
        done = time.monotonic()
    holder.join()
    assert released and done >= released[0]  # it opened the store after the holder let go
    assert len(opened) == 8 and not [w for w in caught if "waiting" in str(w.message)]
    with pytest.raises(cnb.CorpusError, match="is being indexed by pid"):  # index itself
        with _StoreLock(store, 0):                                       # does not wait
            cnb.index(speeches, store, workers=1)
