"""The analyses of a token store, a part at a time (out of core), here or on Dask.

``cnb.frequencies(store)`` and the other analyses that take a store come here.
Each analysis is split in two: a *partial* that reads one part of the store
(only the columns it needs) and counts what the in-memory analysis counts, in
that part's own vocabulary; and a *combine* step that maps the parts' terms to
one vocabulary, adds the counts and scores them with the same code as the
in-memory analysis, so the numbers are the same. Documents never span parts,
so windows, n-grams, sentences and documents are counted within a part.

Memory is one part at a time plus what is accumulated (terms, pairs), not the
corpus. With ``engine="dask"`` the partials run on the workers of the current
``dask.distributed`` client, each reading its part from the store's folder
(which the workers must see at the same path: a shared or network file system).
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd

from corpusnb.analyses.cooccurrence import _sorted_sums
from corpusnb.store.store import Store

ENGINES = (None, "local", "dask")


def _map(store: Store, partial: Callable, engine: str | None, **options) -> Iterator:
    """``partial(store path, stop, part name, **options)`` of every part, yielded in
    order as each is ready (the combine steps add them up as they come, so memory holds
    one partial at a time, not all of them)."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be None, 'local' or 'dask', not {engine!r}")
    path, names = str(store.path), store.parts
    if engine != "dask":
        return (partial(path, store.stop, name, **options) for name in names)
    try:
        from distributed import default_client
    except ImportError:
        raise ImportError("engine='dask' needs dask.distributed: python -m pip install "
                          "'corpusnb[dask]'") from None
    try:
        client = default_client()
    except ValueError:
        raise ValueError("engine='dask' runs on the current dask.distributed client: start "
                         "one first, Client(LocalCluster()) on this machine or "
                         "Client('tcp://scheduler:8786') for a cluster") from None
    # the options bound into the function: dask passes it whole (keyword arguments of
    # map would become tasks of their own, named after the keyword)
    futures = client.map(functools.partial(partial, **options), [path] * len(names),
                         [store.stop] * len(names), names, pure=False)
    return _results(futures)


def _results(futures: list) -> Iterator:
    for k, future in enumerate(futures):
        yield future.result()
        futures[k] = None  # released: the cluster may drop it


def _part(path: str, stop: bool, name: str, columns: list[str]) -> pd.DataFrame:
    _release()  # what the previous part's counting freed
    frame = _opened(path, stop).part(name, columns)
    _release()  # Arrow's buffers of the read
    return frame


def _release() -> None:
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


_OPENED: dict = {}


def _opened(path: str, stop: bool) -> Store:
    """The store at ``path``, opened once per process (a worker reads many parts)."""
    key = (path, stop)
    store = _OPENED.get(key)
    from pathlib import Path

    written = (Path(path) / "manifest.json").stat().st_mtime_ns
    if store is None or store._mtime != written:
        store = Store(path) if stop else Store(path).without_stopwords()
        store._mtime = written
        _OPENED[key] = store
    return store


class _Vocabulary:
    """The terms of the parts in order of first sight, numbered as they come; at the end,
    each number's rank in alphabetical order (the order the scoring code expects).

    The terms are kept in one Arrow array, looked up with Arrow's hashing: no Python
    string of a part outlives it (kept ones would pin the memory of the rest)."""

    def __init__(self) -> None:
        import pyarrow as pa

        self.known = pa.array([], pa.large_string())

    def codes(self, values) -> np.ndarray:
        """The number of each of ``values`` (distinct terms; new ones numbered as they
        come)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        terms = pa.array(values, pa.large_string())
        found = pc.index_in(terms, value_set=self.known)
        new = found.is_null().to_numpy(zero_copy_only=False)
        codes = found.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
        codes[new] = len(self.known) + np.arange(int(new.sum()))
        if new.any():
            self.known = pa.concat_arrays([self.known, terms.filter(pa.array(new))])
        return codes

    @property
    def values(self) -> list[str]:
        return self.known.to_pylist()

    def alphabetical(self) -> tuple[np.ndarray, np.ndarray]:
        """The terms sorted, and each number's place among them."""
        terms = np.array(self.values, dtype=object)
        order = np.argsort(terms, kind="stable")
        rank = np.empty(len(terms), dtype=np.int64)
        rank[order] = np.arange(len(terms))
        return terms[order], rank


def _grown(total: np.ndarray, codes: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``total`` with ``counts`` added at ``codes`` (grown to fit new codes)."""
    size = max(len(total), int(codes.max(initial=-1)) + 1)
    if size > len(total):
        total = np.concatenate([total, np.zeros(size - len(total), dtype=total.dtype)])
    np.add.at(total, codes, counts)
    return total


class _Added:
    """Rows of counts keyed by some columns, added up as parts come (compacted when what
    is pending outgrows what is compacted)."""

    def __init__(self, columns: list[str]) -> None:
        self.columns, self.frames, self.compact, self.pending = columns, [], 0, 0

    def add(self, frame: pd.DataFrame) -> None:
        self.frames.append(frame)
        self.pending += len(frame)
        if self.pending > max(self.compact, 1 << 16):
            self.frames = [self.result()]
            self.compact, self.pending = len(self.frames[0]), 0

    def result(self) -> pd.DataFrame:
        if not self.frames:
            return pd.DataFrame({**{c: np.zeros(0, np.int64) for c in self.columns},
                                 "count": np.zeros(0, np.int64)})
        frame = pd.concat(self.frames, ignore_index=True)
        return frame.groupby(self.columns, sort=False)["count"].sum().reset_index()


# ---------------------------------------------------------------- collocations

def _collocation_partial(path, stop, name, *, n, term):
    from corpusnb.analyses.cooccurrence import _bigram_counts, _codes, _doc_codes, _ngram_counts, _ngrams

    part = _part(path, stop, name, ["doc_id", term])
    codes, vocab = _codes(part, term)
    doc = _doc_codes(part)
    grams = _ngram_counts(_ngrams(codes, doc, n), n, 1)
    bigrams = _bigram_counts(codes, doc).rename("count").reset_index() if n == 3 else None
    return vocab, grams, np.bincount(codes, minlength=len(vocab)), len(codes), bigrams


def collocations(store: Store, *, n, min_count, measure, term, engine) -> pd.DataFrame:
    from corpusnb.analyses.cooccurrence import COLLOCATION_MEASURES, _collocation_table

    if n not in (2, 3):
        raise ValueError(f"n must be 2 or 3, not {n}")
    if measure not in COLLOCATION_MEASURES:
        raise ValueError(f"measure must be one of {COLLOCATION_MEASURES}, not {measure!r}")
    vocabulary, unigram, rows = _Vocabulary(), np.zeros(0, dtype=np.int64), 0
    columns = [f"term{k + 1}" for k in range(n)]
    grams, pairs = _Added(columns), _Added(["term1", "term2"])
    for vocab, counted, frequency, length, bigrams in _map(store, _collocation_partial, engine,
                                                           n=n, term=term):
        code = vocabulary.codes(vocab)
        unigram = _grown(unigram, code, frequency)
        rows += length
        grams.add(_recoded(counted, code, n))
        if bigrams is not None:
            pairs.add(_recoded(bigrams.rename(columns={0: "term1", 1: "term2"}), code, 2))
    terms, rank = vocabulary.alphabetical()
    table = grams.result()
    table = table[table["count"] >= min_count].reset_index(drop=True)
    for column in columns:  # first-sight numbers to alphabetical ones
        table[column] = rank[table[column].to_numpy()]
    bigram_counts = None
    if n == 3:
        counted = pairs.result()
        bigram_counts = pd.Series(counted["count"].to_numpy(), index=pd.MultiIndex.from_arrays(
            [rank[counted["term1"].to_numpy()], rank[counted["term2"].to_numpy()]]))
    unigram = unigram[np.argsort(rank)] if len(rank) else unigram
    return _collocation_table(table, unigram, rows, terms, n, measure, bigram_counts)


def _recoded(counted: pd.DataFrame, code: np.ndarray, n: int) -> pd.DataFrame:
    out = {f"term{k + 1}": code[counted[f"term{k + 1}"].to_numpy()] for k in range(n)}
    return pd.DataFrame({**out, "count": counted["count"].to_numpy()})


# ---------------------------------------------------------------- co-occurrence

def _cooccurrence_partial(path, stop, name, *, context, window, terms, term):
    from corpusnb.analyses.cooccurrence import (_codes, _context_counts, _doc_codes, _pairs,
                                       _term_filter, _units, _window_counts)

    part = _part(path, stop, name, ["doc_id", "sent", term] if context == "sentence"
                 else ["doc_id", term])
    codes, vocab = _codes(part, term)
    keep = _term_filter(vocab, terms)
    if context == "window":
        counted = _window_counts(codes, _doc_codes(part), window, len(vocab), keep)
        frequency, n = np.bincount(codes, minlength=len(vocab)), len(codes)
    else:
        units, n = _units(part, context)
        matrix, frequency = _context_counts(units, codes, n, len(vocab), keep)
        counted = _pairs(matrix, 1)
    return vocab, counted, frequency, n


def cooccurrence(store: Store, *, context, window, terms, min_count, measure, term,
                 engine) -> pd.DataFrame:
    from corpusnb.analyses.cooccurrence import _check_cooccurrence_args, _pair_table

    _check_cooccurrence_args(context, window, measure)
    terms = None if terms is None else list(terms)
    vocabulary, frequency, n = _Vocabulary(), np.zeros(0, dtype=np.int64), 0
    with _Spilled() as pairs:
        for vocab, (rows, cols, counts), part_frequency, units in _map(
                store, _cooccurrence_partial, engine, context=context, window=window,
                terms=terms, term=term):
            code = vocabulary.codes(vocab)
            frequency = _grown(frequency, code, part_frequency)
            n += units
            a, b = code[rows], code[cols]  # numbers of first sight: the pair unordered
            pairs.add(np.minimum(a, b) * _WIDTH + np.maximum(a, b), counts)
        _release()  # the last part's counting
        keys, counts = pairs.result(min_count)
    _release()  # the spill files' buffers
    vocab, rank = vocabulary.alphabetical()
    rank = rank.astype(np.int32 if len(rank) < 2**31 else np.int64)  # 4 bytes a term
    first, second = np.divmod(keys, _WIDTH)
    del keys
    first, second = rank[first], rank[second]
    lower = np.minimum(first, second)
    np.maximum(first, second, out=second)
    del first
    frequency = frequency[np.argsort(rank)] if len(rank) else frequency
    span = 2.0 * window if context == "window" else 1.0
    counted = [lower, second, counts]  # handed over to the table: held there only
    del lower, second, counts
    return _pair_table(counted, frequency, vocab, float(n), span, min_count, measure)


_WIDTH = 1 << 31  # a pair key: the smaller term number times this, plus the larger


class _Spilled:
    """Pair counts added a part at a time and spilled to temporary files, one per range
    of keys (key modulo ``buckets``): memory holds one part's pairs, then one file's.

    ``result(min_count)`` adds up each file in turn and keeps the pairs counted at least
    ``min_count`` times in all, so only those are ever held together. The files are in
    the system's temporary folder (``TMPDIR``) and removed on leaving the ``with``.
    """

    def __init__(self, buckets: int = 64) -> None:
        self.buckets = buckets

    def __enter__(self) -> _Spilled:
        import tempfile

        self.folder = tempfile.TemporaryDirectory(prefix="corpusnb-pairs-")
        self.files = [open(f"{self.folder.name}/{k}.pairs", "wb") for k in range(self.buckets)]
        return self

    def __exit__(self, *exc) -> None:
        for file in self.files:
            file.close()
        self.folder.cleanup()

    def add(self, keys: np.ndarray, counts: np.ndarray) -> None:
        bucket = keys % self.buckets
        order = np.argsort(bucket, kind="stable")
        rows = np.stack([keys[order], counts[order].astype(np.int64)], axis=1)
        edges = np.searchsorted(bucket[order], np.arange(self.buckets + 1))
        for k, file in enumerate(self.files):
            rows[edges[k]:edges[k + 1]].tofile(file)

    def result(self, min_count: int) -> tuple[np.ndarray, np.ndarray]:
        kept_keys, kept_counts = [], []
        for file in self.files:
            file.close()
            rows = np.fromfile(file.name, dtype=np.int64).reshape(-1, 2)
            # keys renumbered densely (first term times the largest second one), so
            # that a key and its count pack into one int64 for sorting
            first, second = np.divmod(rows[:, 0], _WIDTH)
            width = int(second.max(initial=0)) + 1
            keys, counts = _sorted_sums(first * width + second, rows[:, 1])
            first, second = np.divmod(keys, width)
            keys = first * _WIDTH + second
            enough = counts >= min_count
            kept_keys.append(keys[enough])
            kept_counts.append(counts[enough])
        return (np.concatenate(kept_keys or [np.zeros(0, np.int64)]),
                np.concatenate(kept_counts or [np.zeros(0, np.int64)]))

