"""A real cluster: a ``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1,
started here (not a LocalCluster), the stores in a temporary folder every worker sees.

``corpusnb index --scheduler`` makes the store a local index makes, byte for byte; an
analysis of a store on the cluster (``engine="dask"``, or ``engine=None`` with
``CORPUSNB_ENGINE=dask`` and ``DASK_SCHEDULER_ADDRESS``) equals the table's; ``corpusnb
run --store --scheduler`` runs a notebook; an unreachable scheduler is a clear error
within seconds.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import corpusnb as cnb
from corpusnb.apps import cli
from corpusnb.engine.run import Analysis, run

distributed = pytest.importorskip("distributed")
import dask  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::corpusnb.CorpusWarning")

CHUNK = "20000"  # characters a part: the seeds in several parts, spread over the workers


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _dask(*args: str, cwd: Path, log: Path) -> subprocess.Popen:
    command = Path(sys.executable).with_name("dask")
    with open(log, "wb") as out:
        return subprocess.Popen([str(command), *args], cwd=cwd, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)


def _stop(process: subprocess.Popen) -> None:
    """The process and its children (a worker's nanny and worker), by its group."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """The scheduler's address, once it has its two workers (each one thread, its
    working folder not the tests': paths must be absolute)."""
    folder = tmp_path_factory.mktemp("cluster")
    address = f"tcp://127.0.0.1:{_free_port()}"
    processes = [_dask("scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":")[-1],
                       "--no-dashboard", cwd=folder, log=folder / "scheduler.log")]
    try:
        for k in range(2):
            (folder / f"worker{k}").mkdir()
            processes.append(_dask("worker", address, "--host", "127.0.0.1", "--nthreads",
                                   "1", "--no-dashboard", cwd=folder / f"worker{k}",
                                   log=folder / f"worker{k}.log"))
        with distributed.Client(address, timeout=60, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for process in reversed(processes):
            _stop(process)


@pytest.fixture
def client(cluster):
    with distributed.Client(cluster, timeout=30) as client:  # the default client
        yield client


@pytest.fixture
def cluster_env(cluster, monkeypatch):
    """DASK_SCHEDULER_ADDRESS and CORPUSNB_ENGINE=dask, as the kernels of ``corpusnb run
    --scheduler`` have them, and no client yet; the client connected is closed after."""
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", cluster)
    monkeypatch.setenv("CORPUSNB_ENGINE", "dask")
    dask.config.refresh()
    yield cluster
    try:
        distributed.default_client().close()
    except ValueError:
        pass
    monkeypatch.undo()
    dask.config.refresh()


def _prefixes(address: str) -> set[str]:
    """The task names the scheduler has seen (each function's name)."""
    with distributed.Client(address, timeout=30, set_as_default=False) as client:
        return set(client.run_on_scheduler(lambda dask_scheduler: list(
            dask_scheduler.task_prefixes)))


def _workers(address: str) -> set[str]:
    with distributed.Client(address, timeout=30, set_as_default=False) as client:
        return set(client.scheduler_info()["workers"])


def _files(store: Path) -> dict[str, bytes]:
    return {str(p.relative_to(store)): p.read_bytes() for p in sorted(store.rglob("*"))
            if p.is_file() and p.name != "LOCK"}


@pytest.fixture(scope="module")
def local_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("local") / "store"
    cnb.index(None, store, workers=1, chunk_chars=int(CHUNK))
    return store


@pytest.fixture(scope="module")
def seed_tokens():
    return cnb.tokenize(cnb.load_corpus())


def test_index_on_the_cluster_is_the_local_index_byte_for_byte(cluster, local_store, tmp_path):
    store = tmp_path / "store"
    done = subprocess.run([str(Path(sys.executable).with_name("corpusnb")), "index", "--store",
                           "store", "--chunk-chars", CHUNK, "--scheduler", cluster],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"tokenised on the cluster at {cluster}" in done.stdout
    made, local = _files(store), _files(local_store)
    assert len([name for name in made if name.startswith("tokens/")]) >= 3  # several parts
    assert sorted(made) == sorted(local)
    for name in local:
        assert made[name] == local[name], name  # the parts, documents.jsonl, the manifest
    assert {"read_batch", "tokenise_part"} <= _prefixes(cluster)  # dask drops the _


def test_index_takes_the_scheduler_from_the_environment(cluster, local_store, tmp_path,
                                                        monkeypatch, capsys):
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", cluster)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted(cnb.seed_path().iterdir()):
        (corpus / path.name).write_bytes(path.read_bytes())
    assert cli.main(["index", str(corpus), "--store", str(tmp_path / "store"),
                     "--chunk-chars", CHUNK]) == 0
    assert f"on the cluster at {cluster}" in capsys.readouterr().out
    made, local = _files(tmp_path / "store"), _files(local_store)
    assert {n: b for n, b in made.items() if n.startswith(("tokens/", "texts/"))} == \
        {n: b for n, b in local.items() if n.startswith(("tokens/", "texts/"))}
    # an update: one file changed is tokenised again on the cluster, the rest kept
    first = sorted(corpus.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n\nA new closing line.\n",
                     encoding="utf-8")
    store = cnb.index(corpus, tmp_path / "store", chunk_chars=int(CHUNK), scheduler=cluster)
    assert store.report["files_tokenised"] == [first.name]
    assert store.tokens().equals(cnb.tokenize(cnb.load_corpus(corpus)))


def test_an_analysis_of_the_store_on_the_cluster_equals_the_tables(client, local_store,
                                                                   seed_tokens):
    store = cnb.open_store(local_store)
    for by in (None, "year"):
        pd.testing.assert_frame_equal(cnb.frequencies(store, by=by, engine="dask"),
                                      cnb.frequencies(seed_tokens, by=by))


def where_counted() -> Analysis:
    """Each part's rows and the worker that counted it (ValueError off a worker). Its
    class is made here, not in a module the workers could import: dask sends it by
    value (cloudpickle)."""

    class WhereCounted(Analysis):
        columns = ("doc_id",)

        def count(self, part):
            return distributed.get_worker().address, len(part.tokens)

    return WhereCounted()


def test_with_the_environment_engine_none_means_the_cluster(cluster_env, local_store,
                                                            seed_tokens):
    store = cnb.open_store(local_store)
    counted = run(where_counted(), store)  # engine=None: CORPUSNB_ENGINE=dask
    assert sum(rows for _, rows in counted) == len(seed_tokens)
    assert len(counted) == len(store.parts) >= 3
    assert {worker for worker, _ in counted} <= _workers(cluster_env)  # the cluster counted
    pd.testing.assert_frame_equal(cnb.frequencies(store), cnb.frequencies(seed_tokens))
    with pytest.raises(ValueError):  # a table is counted here, not on the cluster
        run(where_counted(), seed_tokens)


def test_an_unreachable_scheduler_is_a_clear_error_within_seconds(tmp_path, capsys):
    address = f"tcp://127.0.0.1:{_free_port()}"  # nothing listens there
    started = time.perf_counter()
    assert cli.main(["index", "--store", str(tmp_path / "store"), "--scheduler",
                     address]) == 2
    assert time.perf_counter() - started < 10
    err = capsys.readouterr().err
    assert f"cannot reach the dask scheduler at {address} within 5 s" in err
    assert f"(dask worker {address})" in err and "DASK_SCHEDULER_ADDRESS" in err
    assert not (tmp_path / "store").exists()  # no empty store left behind


def test_a_scheduler_address_that_is_no_address(tmp_path, capsys):
    assert cli.main(["index", "--store", str(tmp_path / "store"), "--scheduler",
                     "scheduler-host"]) == 2
    assert capsys.readouterr().err == (
        "corpusnb: error: 'scheduler-host' is not a dask scheduler's address (missing port "
        "number in address 'scheduler-host'): give the one the scheduler prints, e.g. "
        "tcp://host:8786\n")


def test_a_scheduler_without_workers(tmp_path):
    address = f"tcp://127.0.0.1:{_free_port()}"
    scheduler = _dask("scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":")[-1],
                      "--no-dashboard", cwd=tmp_path, log=tmp_path / "scheduler.log")
    try:
        for _ in range(100):  # until it listens
            try:
                socket.create_connection(("127.0.0.1", int(address.rsplit(":")[-1])), 1).close()
                break
            except OSError:
                time.sleep(0.2)
        started = time.perf_counter()
        with pytest.raises(cnb.CorpusError, match=f"the dask scheduler at {address} has no "
                                                  f"worker .*start some on machines that see "
                                                  f"the corpus and the store"):
            cnb.index(None, tmp_path / "store", scheduler=address)
        assert time.perf_counter() - started < 15
        assert not (tmp_path / "store").exists()
    finally:
        _stop(scheduler)


def test_an_unreachable_scheduler_from_the_environment(tmp_path, monkeypatch, local_store):
    address = f"tcp://127.0.0.1:{_free_port()}"
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", address)
    monkeypatch.setenv("CORPUSNB_ENGINE", "dask")
    dask.config.refresh()
    try:
        with pytest.raises(cnb.CorpusError, match=f"cannot reach the dask scheduler at "
                                                  f"{address}"):
            run(where_counted(), cnb.open_store(local_store))
        monkeypatch.setenv("CORPUSNB_ENGINE", "cluster")
        with pytest.raises(cnb.CorpusError, match="CORPUSNB_ENGINE=cluster: set it to "
                                                  "'local' or 'dask'"):
            run(where_counted(), cnb.open_store(local_store))
    finally:
        monkeypatch.undo()
        dask.config.refresh()


@pytest.mark.notebooks
def test_run_a_notebook_on_the_store_on_the_cluster(cluster, tmp_path):
    notebook = Path(cnb.__file__).parent.parent / "notebooks" / "00_corpus_and_method.ipynb"
    done = subprocess.run([str(Path(sys.executable).with_name("corpusnb")), "run",
                           str(notebook), "--store", "store", "--scheduler", cluster,
                           "--out", "out", "--jobs", "1"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "1 of 1 notebooks ran" in done.stderr
    assert f"on the cluster at {cluster}" in done.stderr
    assert (tmp_path / "out" / "00_corpus_and_method.html").is_file()
    manifest = json.loads((tmp_path / "store" / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["parts"]) >= 1


@pytest.mark.notebooks
def test_run_scheduler_sends_the_kernels_analyses_of_the_store_to_the_cluster(cluster,
                                                                               tmp_path):
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Where the parts are counted"),
        nbformat.v4.new_code_cell("store_path = None", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "import os\nimport distributed\nimport corpusnb as cnb\n"
            "from corpusnb.engine.run import Analysis, run\n\n"
            "class Where(Analysis):\n    columns = ('doc_id',)\n\n"
            "    def count(self, part):\n        return distributed.get_worker().address\n\n"
            "workers = sorted(set(run(Where(), cnb.open_store(store_path))))\n"
            "print(os.environ['CORPUSNB_ENGINE'], os.environ['DASK_SCHEDULER_ADDRESS'])\n"
            "print(*workers)")])
    nbformat.write(notebook, tmp_path / "where.ipynb")
    cnb.index(None, tmp_path / "store", workers=1, chunk_chars=int(CHUNK))
    done = subprocess.run([str(Path(sys.executable).with_name("corpusnb")), "run",
                           "where.ipynb", "--store", "store", "--scheduler", cluster,
                           "--out", "out", "--jobs", "1"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    executed = nbformat.read(tmp_path / "out" / "where.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for cell in executed.cells if "Where" in cell.source
                      for o in cell.get("outputs", []))
    first, counted = printed.splitlines()
    assert first == f"dask {cluster}"
    assert set(counted.split()) and set(counted.split()) <= _workers(cluster)
    assert "DASK_SCHEDULER_ADDRESS" not in os.environ  # the run's own process: as it was
