"""Where an analysis's parts come from: a token table, a token store, or Dask.

:func:`as_source` gives the :class:`Source` of what a user passes (a DataFrame or a
:class:`~corpusnb.Store`); ``source.map(analysis)`` yields the analysis's partial
result of each part, in reading order:

- a table is one part, counted here (with ``engine="dask"``: on the cluster);
- a store's parts are read one at a time, only the columns the analysis reads, so
  memory holds one part (and what is combined), not the corpus;
- with ``engine="dask"`` the store's parts are counted on the workers of the current
  ``dask.distributed`` client, each reading its part from the store's folder (which
  every worker must see at the same path: a shared or network file system), and the
  partials come back to be combined here.

``engine=None`` on a store means the engine the environment variable
``CORPUSNB_ENGINE`` names ("local" or "dask") when it is set (:func:`default_engine`):
``corpusnb run --store S --scheduler A`` sets it, with ``DASK_SCHEDULER_ADDRESS=A``, in
the notebooks' kernels, so their analyses of the store run on that cluster unchanged.
``engine="dask"`` with no current client connects to the scheduler that
``DASK_SCHEDULER_ADDRESS`` (dask's ``scheduler-address``) names, when it names one.

This module is the only one of the analyses' path that knows what a store or Dask is.
"""
from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from corpusnb._errors import CorpusError
from corpusnb.engine.analysis import Analysis, Part
from corpusnb.store.store import Store

__all__ = ["ENGINES", "ENGINE_VARIABLE", "Source", "as_source", "default_engine",
           "release_memory"]

ENGINES = (None, "local", "dask")
ENGINE_VARIABLE = "CORPUSNB_ENGINE"
"""The environment variable that chooses the engine of a store's analyses left at
``engine=None``."""


class Source:
    """The parts of a token table or store, and what the analyses may ask of the
    whole corpus before counting (:meth:`Analysis.prepare`)."""

    engine: str | None = None

    @property
    def corpus(self):
        """The Corpus or Store the tokens come from (None when unknown)."""
        raise NotImplementedError

    @property
    def corpus_key(self) -> str:
        """What a result table keeps in ``attrs["corpus"]`` to find its corpus."""
        raise NotImplementedError

    @property
    def metadata(self) -> pd.DataFrame:
        """``corpus.metadata``: indexed by doc_id, a column per field."""
        corpus = self.corpus
        if corpus is None:
            raise ValueError("this token table has lost track of its corpus, so its metadata "
                             "is unknown; use the table cnb.tokenize() returned (or rows cut "
                             "from it), or pass metadata=corpus.metadata")
        return corpus.metadata

    def ids(self) -> list[str]:
        """The documents that have rows, in reading order."""
        raise NotImplementedError

    def map(self, analysis: Analysis) -> Iterator:
        """``analysis.count`` of every part, in reading order, each as it is ready."""
        raise NotImplementedError


def as_source(data, *, engine: str | None = None) -> Source:
    """The :class:`Source` of a token table or a token store.

    Raises
    ------
    TypeError
        For anything else, naming what was passed and what is expected.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be None, 'local' or 'dask', not {engine!r}")
    return _source(data, default_engine(data, engine))


def default_engine(data, engine: str | None) -> str | None:
    """The engine of an analysis of ``data`` asked with ``engine``: ``engine`` itself,
    but for a store with ``engine=None``, the engine ``CORPUSNB_ENGINE`` names when it
    is set ("local" or "dask": then the current dask.distributed client, or the
    scheduler at ``DASK_SCHEDULER_ADDRESS``). A table stays here either way.

    >>> import pandas as pd
    >>> default_engine(pd.DataFrame(), None) is None, default_engine(pd.DataFrame(), "dask")
    (True, 'dask')
    """
    if engine is not None or not isinstance(data, Store):
        return engine
    chosen = os.environ.get(ENGINE_VARIABLE, "").strip() or None
    if chosen not in ENGINES:
        raise CorpusError(f"{ENGINE_VARIABLE}={chosen}: set it to 'local' or 'dask' (the "
                          f"current dask.distributed client, or DASK_SCHEDULER_ADDRESS's "
                          f"scheduler), or unset it")
    return chosen


@functools.singledispatch
def _source(data, engine: str | None) -> Source:
    raise TypeError(f"expected a token table (cnb.tokenize(corpus)) or a token store "
                    f"(cnb.index(...) or cnb.open_store(path)), not {type(data).__name__}")


class TableSource(Source):
    """A token table in memory: one part."""

    def __init__(self, tokens: pd.DataFrame, engine: str | None) -> None:
        self.tokens, self.engine = tokens, engine

    @property
    def corpus(self):
        from corpusnb.tokens.tokens import corpus_of

        return corpus_of(self.tokens)

    @property
    def corpus_key(self) -> str:
        return self.tokens.attrs.get("corpus", "")

    def ids(self) -> list[str]:
        if "doc_id" not in self.tokens.columns:
            raise ValueError("the token table has no doc_id column; use cnb.tokenize()")
        doc = self.tokens["doc_id"]
        if isinstance(doc.dtype, pd.CategoricalDtype):
            codes = pd.unique(doc.cat.codes.to_numpy())
            return [str(doc.cat.categories[c]) for c in codes if c >= 0]
        return [str(v) for v in pd.unique(doc.dropna())]

    def map(self, analysis: Analysis) -> Iterator:
        texts = _texts(self.corpus, self.ids()) if analysis.texts else None
        part = Part(self.tokens, texts, 0)
        if self.engine != "dask":
            yield analysis.count(part)
            return
        yield _client().submit(analysis.count, part, pure=False).result()


@_source.register
def _(data: pd.DataFrame, engine: str | None) -> Source:
    return TableSource(data, engine)


def _texts(corpus, ids: list[str]) -> dict[str, str] | None:
    """The cleaned texts of documents ``ids`` of a Corpus or a Store (a store reads
    only the parts that hold them)."""
    if corpus is None:
        return None
    if isinstance(corpus, Store):
        return corpus.texts_of(ids)
    return {doc_id: corpus[doc_id].text for doc_id in ids}


class StoreSource(Source):
    """A token store: its parts, read one at a time (or on Dask's workers)."""

    def __init__(self, store: Store, engine: str | None) -> None:
        self.store, self.engine = store, engine

    @property
    def corpus(self) -> Store:
        return self.store

    @property
    def corpus_key(self) -> str:
        from corpusnb.tokens._links import remember

        return remember(self.store)

    def ids(self) -> list[str]:
        known = self.__dict__.get("_ids")
        if known is None:
            known = self.__dict__["_ids"] = [
                doc_id for name in self.store.parts
                for doc_id in _present(self.store.part(name, ["doc_id"])["doc_id"])]
        return known

    def map(self, analysis: Analysis) -> Iterator:
        names, path, stop = self.store.parts, str(self.store.path.resolve()), self.store.stop
        offsets = self._offsets()
        columns = None if analysis.columns is None else list(analysis.columns)
        count = functools.partial(_count_part, path, stop, columns=columns,
                                  texts=analysis.texts, analysis=analysis)
        if self.engine != "dask":
            yield from (count(name, offset) for name, offset in zip(names, offsets))
            release_memory()
            return
        futures = _client().map(count, names, offsets, pure=False)
        for k, future in enumerate(futures):
            yield future.result()
            futures[k] = None  # released: the cluster may drop it

    def _offsets(self) -> list[int]:
        """The rows before each part (of the store as read: without stopword rows for
        a view without them)."""
        parts = self.store.manifest["parts"]
        if self.store.stop:
            rows = [int(p["rows"]) for p in parts]
        else:
            rows = [int((~self.store.part(p["name"], ["is_stop"])["is_stop"]
                         .to_numpy(dtype=bool)).sum()) for p in parts]
        return [0, *np.cumsum(rows[:-1]).tolist()] if rows else []


@_source.register
def _(data: Store, engine: str | None) -> Source:
    return StoreSource(data, engine)


def _present(doc: pd.Series) -> list[str]:
    if isinstance(doc.dtype, pd.CategoricalDtype):
        return [str(doc.cat.categories[c]) for c in pd.unique(doc.cat.codes.to_numpy())
                if c >= 0]
    return [str(v) for v in pd.unique(doc)]


def _count_part(path: str, stop: bool, name: str, offset: int, *, columns: list[str] | None,
                texts: bool, analysis: Analysis):
    """``analysis.count`` of one part of the store at ``path`` (here or on a worker)."""
    release_memory()  # what the previous part's counting freed
    store = _opened(path, stop)
    part = Part(store.part(name, columns), store.texts(name) if texts else None, int(offset))
    release_memory()  # Arrow's buffers of the read
    return analysis.count(part)


_OPENED: dict = {}


def _opened(path: str, stop: bool) -> Store:
    """The store at ``path``, opened once per process (a worker reads many parts), and
    again when its manifest was written since."""
    key = (path, stop)
    store, seen = _OPENED.get(key, (None, None))
    written = (Path(path) / "manifest.json").stat().st_mtime_ns
    if store is None or seen != written:
        store = Store(path) if stop else Store(path).without_stopwords()
        _OPENED[key] = (store, written)
    return store


def _client():
    """The current dask.distributed client, or a clear error."""
    try:
        from distributed import default_client
    except ImportError:
        raise ImportError("engine='dask' needs dask.distributed: python -m pip install "
                          "'corpusnb[dask]'") from None
    try:
        return default_client()
    except ValueError:
        pass
    from corpusnb.store._cluster import connect, scheduler_address

    address = scheduler_address()  # DASK_SCHEDULER_ADDRESS: connected once, the default
    if address is None:
        raise CorpusError("engine='dask' runs on the current dask.distributed client: start "
                          "one first, Client(LocalCluster()) on this machine or "
                          "Client('tcp://scheduler:8786') for a cluster, or set "
                          "DASK_SCHEDULER_ADDRESS") from None
    return connect(address, default=True)


def release_memory() -> None:
    """Hand freed memory back to the system: Arrow's pool, and on Linux the C heap, where
    glibc keeps freed arrays below its (rising) mmap threshold, so that a part's
    temporaries would stay resident after it (Dask's workers trim their heap the same way)."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.lru_cache(maxsize=1)
def _malloc_trim():
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None


# ------------------------------------------------------------ a corpus's words, for users

def is_store(data) -> bool:
    """Whether ``data`` is a token store (:class:`corpusnb.Store`), not a table."""
    return isinstance(data, Store)


def tokens_of(corpus):
    """What the analyses read a corpus's words from: its token table, or, for a corpus
    read from a token store, the store itself.

    A notebook's setup says ``tokens = cnb.tokens_of(corpus)`` and passes ``tokens`` to
    every analysis: for a corpus in memory that is the table of :func:`corpusnb.tokenize`;
    for a store (``cnb.load_corpus(path, store=...)``) the analyses read it a part at a
    time, so the whole table is never in memory.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> corpus = cnb.load_corpus()
    >>> len(tokens_of(corpus)) == len(cnb.tokenize(corpus))
    True
    """
    from corpusnb.tokens.tokens import tokenize

    return corpus if isinstance(corpus, Store) else tokenize(corpus)


def content_words(tokens):
    """The content words of :func:`tokens_of`'s tokens: every row but the stopwords.

    For a token table its rows without stopwords (``tokens[~tokens["is_stop"]]``); for a
    token store the store read without its stopword rows (``store.without_stopwords()``).

    Examples
    --------
    >>> import corpusnb as cnb
    >>> tokens = cnb.tokenize(cnb.load_corpus())
    >>> len(content_words(tokens)), int((~tokens["is_stop"]).sum())
    (10002, 10002)
    """
    if isinstance(tokens, Store):
        return tokens.without_stopwords()
    return tokens[~tokens["is_stop"]]
