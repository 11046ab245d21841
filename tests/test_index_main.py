"""cnb.index with workers whatever the main module is (issue 22, item 5).

Each case runs in a process of its own, as a user runs it: a script (without
``if __name__ == "__main__":``), ``python -c``, a script fed on stdin (``python - <<EOF``)
and a notebook (nbclient, on this interpreter). Each indexes the seeds with two workers
over several parts; the store must hold exactly what cnb.tokenize gives of the corpus.
"""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

import corpusnb as cnb
from corpusnb.store import store as store_module

_INDEX = textwrap.dedent("""\
    import json, sys
    import corpusnb as cnb
    store = cnb.index(None, {store!r}, workers=2, chunk_chars=30_000)
    print(json.dumps({{"ids": store.ids, "tokens": store.n_tokens,
                      "parts": len(store.parts)}}))
""")


@pytest.fixture(scope="module")
def expected() -> pd.DataFrame:
    return cnb.tokenize(cnb.load_corpus())


def _run(args: list[str], cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], input=stdin, capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def _check(done: subprocess.CompletedProcess, store: Path, expected: pd.DataFrame) -> None:
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout.strip().splitlines()[-1])
    assert printed == {"ids": ["markedonov-2012", "lrb-2015", "kazakhstan-eu-2018"],
                       "tokens": len(expected), "parts": 3}
    assert "BrokenProcessPool" not in done.stderr
    opened = cnb.open_store(store)
    assert opened.ids == cnb.load_corpus().ids
    assert opened.n_tokens == len(expected) == 17_661
    pd.testing.assert_frame_equal(opened.tokens(), expected)


def test_a_script_without_a_main_guard(tmp_path, expected):
    # the spawned workers would run the script again (and index again) were it not hidden
    script = tmp_path / "index_seeds.py"
    script.write_text(_INDEX.format(store=str(tmp_path / "store")), encoding="utf-8")
    _check(_run([str(script)], tmp_path), tmp_path / "store", expected)


def test_python_c(tmp_path, expected):
    _check(_run(["-c", _INDEX.format(store=str(tmp_path / "store"))], tmp_path),
           tmp_path / "store", expected)


def test_a_script_fed_on_stdin(tmp_path, expected):
    # python - <<EOF: the main module's file is "<stdin>", which a worker cannot read
    _check(_run(["-"], tmp_path, stdin=_INDEX.format(store=str(tmp_path / "store"))),
           tmp_path / "store", expected)


@pytest.mark.slow  # a kernel's start: half a minute on a busy machine
def test_a_notebook(tmp_path, expected):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import KernelManager

    class ThisPython(KernelSpecManager):  # the kernel runs on this interpreter
        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
            return KernelSpec(argv=[sys.executable, "-m", "ipykernel_launcher", "-f",
                                    "{connection_file}"], display_name="Python 3",
                              language="python")

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        _INDEX.format(store=str(tmp_path / "store")))])
    manager = KernelManager(kernel_name="python3", kernel_spec_manager=ThisPython())
    client = nbclient.NotebookClient(notebook, km=manager, timeout=300,
                                     kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    try:
        client.execute()
    finally:
        if manager.has_kernel:
            manager.shutdown_kernel(now=True)
    text = "".join(output.get("text", "") for output in notebook.cells[0].outputs
                   if output.get("name") == "stdout")
    _check(subprocess.CompletedProcess([], 0, text, ""), tmp_path / "store", expected)


_FAILING = textwrap.dedent("""\
    import corpusnb as cnb
    cnb.index({corpus!r}, {store!r}, workers=2)
""")


def _corpus_with_a_binary_file(folder: Path) -> Path:
    folder.mkdir()
    (folder / "a.txt").write_text("A first text.\n\nIt has words.\n", encoding="utf-8")
    (folder / "b.txt").write_bytes(b"\x00\x01binary\x00" * 50)
    return folder


def test_a_failed_first_index_on_stdin_leaves_no_folder_and_the_next_run_works(tmp_path):
    corpus = _corpus_with_a_binary_file(tmp_path / "corpus")
    store = tmp_path / "store"
    done = _run(["-"], tmp_path, stdin=_FAILING.format(corpus=str(corpus), store=str(store)))
    assert done.returncode == 1
    assert "b.txt looks binary" in done.stderr and "BrokenProcessPool" not in done.stderr
    assert not store.exists()  # as it was found: no folder the next run would refuse
    (corpus / "b.txt").write_text("A second text.\n", encoding="utf-8")
    done = _run(["-"], tmp_path, stdin=_FAILING.format(corpus=str(corpus), store=str(store)))
    assert done.returncode == 0, done.stderr
    assert "stopped before it finished" not in done.stderr
    assert cnb.open_store(store).ids == ["a", "b"]


def test_a_failed_first_index_leaves_an_empty_folder_empty(tmp_path):
    corpus = _corpus_with_a_binary_file(tmp_path / "corpus")
    store = tmp_path / "store"
    store.mkdir()
    with pytest.raises(cnb.CorpusError, match="b.txt looks binary"):
        cnb.index(corpus, store, workers=1)
    assert list(store.iterdir()) == []


def test_a_failed_first_index_takes_away_the_parts_it_wrote(tmp_path, monkeypatch):
    # the failure comes after the texts parts are written: in the tokenising
    corpus = _corpus_with_a_binary_file(tmp_path / "corpus")
    (corpus / "b.txt").unlink()

    def broken(*args):
        raise KeyboardInterrupt  # Ctrl-C while a part is tokenised
    monkeypatch.setattr(store_module, "_tokenise_part", broken)
    with pytest.raises(KeyboardInterrupt):
        cnb.index(corpus, tmp_path / "store", workers=1)
    assert not (tmp_path / "store").exists()


def test_a_failed_update_keeps_the_store(tmp_path, monkeypatch):
    corpus = _corpus_with_a_binary_file(tmp_path / "corpus")
    (corpus / "b.txt").write_text("A second text.\n", encoding="utf-8")
    made = cnb.index(corpus, tmp_path / "store", workers=1)
    (corpus / "b.txt").write_bytes(b"\x00\x01binary\x00" * 50)
    with pytest.raises(cnb.CorpusError, match="b.txt looks binary"):
        cnb.index(corpus, tmp_path / "store", workers=1)
    again = cnb.open_store(tmp_path / "store")
    assert again.ids == ["a", "b"]
    pd.testing.assert_frame_equal(again.tokens(), made.tokens())


def test_the_main_module_is_hidden_only_while_workers_start():
    main = sys.modules["__main__"]
    before = dict(vars(main))
    with store_module._main_module_hidden():
        assert main.__spec__ is None and not hasattr(main, "__file__")
    assert {k: vars(main).get(k) for k in ("__spec__", "__file__")} == \
        {k: before.get(k) for k in ("__spec__", "__file__")}
    assert ("__file__" in vars(main)) == ("__file__" in before)
