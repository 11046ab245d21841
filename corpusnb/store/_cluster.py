"""A dask.distributed cluster for the store: indexing on its workers, and its client.

``cnb.index(corpus, store, scheduler="tcp://host:8786")`` (``corpusnb index
--scheduler``) reads, cleans and tokenises the files on the cluster's workers instead
of local processes: :class:`Pool` stands in for the index's process pool, so the work
is cut and ordered as on one machine and the store is the same, table for table and
byte for byte. The client (where ``index`` runs) holds the store's lock, trains the
sentence splitter on the sample it collects, writes the texts parts,
``documents.jsonl`` and the manifest; each worker reads a batch of files and sends
its documents back, and tokenises a part and writes its tokens file into the store's
folder (listed nowhere until the manifest commits it, as with local processes). So the
corpus and the store must be at the same path on every worker and on the client: a
shared or network file system. Paths are made absolute first (a worker's working
folder is its own).

:func:`connect` gives the client of a scheduler, with a clear error, in a few seconds,
when it cannot be reached or has no workers; the engine uses it when
``engine="dask"`` finds no client but ``DASK_SCHEDULER_ADDRESS`` names a scheduler.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from corpusnb._errors import CorpusError

__all__ = ["CONNECT_SECONDS", "Pool", "connect", "scheduler_address"]

CONNECT_SECONDS = 5.0
"""Seconds to reach a scheduler (and to find a worker on it) before an error."""

_VERSIONS = ("corpusnb", "pandas", "pyarrow", "numpy", "nltk", "simplemma")
"""What the tokens depend on: the workers must have the client's versions."""


def scheduler_address() -> str | None:
    """The scheduler's address dask is configured with (``DASK_SCHEDULER_ADDRESS``, or
    ``scheduler-address`` in dask's configuration), None when there is none.

    >>> import dask
    >>> with dask.config.set({"scheduler-address": "tcp://127.0.0.1:8786"}):
    ...     scheduler_address()
    'tcp://127.0.0.1:8786'
    """
    import dask

    address = str(dask.config.get("scheduler-address", None) or "").strip()
    return address or None


def connect(address: str, *, default: bool = False, timeout: float = CONNECT_SECONDS):
    """The ``distributed.Client`` of the scheduler at ``address``, once it has a worker.

    ``default=True`` makes it the process's default client (``engine="dask"`` uses it
    from then on).

    Raises
    ------
    CorpusError
        When dask.distributed is not installed, or within ``timeout`` seconds when
        no scheduler answers at ``address`` or it has no worker, saying what to do.
    """
    try:
        from distributed import Client
    except ImportError:
        raise CorpusError("a cluster needs dask.distributed: python -m pip install "
                          "'corpusnb[dask]'") from None
    try:
        _reach(address, timeout)  # first: a Client that failed to connect is slow to go
        client = Client(address, timeout=timeout, set_as_default=default)
    except (OSError, TimeoutError) as err:
        raise CorpusError(
            f"cannot reach the dask scheduler at {address} within {timeout:g} s "
            f"({type(err).__name__}: {err}); start one there (dask scheduler) with "
            f"workers (dask worker {address}), or give the address the scheduler prints "
            f"(--scheduler ADDRESS or DASK_SCHEDULER_ADDRESS)") from None
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (OSError, TimeoutError) as err:
        client.close()
        raise CorpusError(f"the dask scheduler at {address} has no worker ({err}): start "
                          f"some on machines that see the corpus and the store "
                          f"(dask worker {address})") from None
    return client


def _reach(address: str, timeout: float) -> None:
    """Check that ``address`` is a scheduler's address and, for TCP, that something
    listens there; OSError when not."""
    import socket

    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        scheme, location = parse_address(address)
        host, port = parse_host_port(location) if scheme == "tcp" else (None, None)
    except ValueError as err:
        raise CorpusError(f"{address!r} is not a dask scheduler's address ({err}): give "
                          f"the one the scheduler prints, e.g. tcp://host:8786") from None
    if scheme == "tcp":
        socket.create_connection((host, port), timeout=timeout).close()


def _versions() -> dict[str, str]:
    """The versions of what the tokens depend on, here (on a worker, or the client)."""
    import importlib.metadata

    return {name: importlib.metadata.version(name) for name in _VERSIONS}


def check_versions(client) -> None:
    """Refuse workers whose corpusnb (or what it tokenises with) differs from here's:
    their parts would differ from a local index's."""
    here = _versions()
    try:
        theirs = client.run(_versions)
    except Exception as err:  # corpusnb missing on a worker: it cannot load _versions
        raise CorpusError(f"the cluster's workers cannot run corpusnb ({type(err).__name__}: "
                          f"{err}); install the same corpusnb on every worker") from None
    for worker, versions in sorted(theirs.items()):
        differ = [f"{name} {versions.get(name)} (here {version})"
                  for name, version in here.items() if versions.get(name) != version]
        if differ:
            raise CorpusError(f"worker {worker} has {', '.join(differ)}: install the same "
                              f"versions on every worker, or its tokens would differ")


class Pool:
    """The index's pool of workers, on a cluster: ``submit`` and ``ordered`` as the
    local pool's, each job a task of the cluster's (``done`` marks a job whose result
    is given, not computed)."""

    def __init__(self, address: str, done: object) -> None:
        self.address, self.done = address, done
        self.client = connect(address)
        try:
            check_versions(self.client)
            threads = self.client.nthreads()
        except BaseException:
            self.client.close()
            raise
        self.workers = max(sum(threads.values()), 1)

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc) -> None:
        self.client.close()

    def submit(self, function, *args):
        """``function(*args)`` on a worker: a future (``result()``)."""
        return self.client.submit(function, *args, pure=False)

    def ordered(self, function, jobs: Iterable[tuple]) -> Iterator:
        """``function(*job)`` of each job, in order, at most two jobs a worker thread
        ahead (what is ready waits on its worker, not here)."""
        pending: deque = deque()
        for job in jobs:
            pending.append(_Given(job[1]) if job[0] is self.done else
                           self.submit(function, *job))
            while len(pending) > 2 * self.workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


class _Given:
    def __init__(self, value) -> None:
        self.value = value

    def result(self):
        return self.value
