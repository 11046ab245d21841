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

from corpusnb.store.store import Store
from corpusnb.tokens._links import remember as _remember

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


# ---------------------------------------------------------------- frequencies

def _group_columns_needed(by: str | None) -> list[str]:
    return ["doc_id", "section"] if by == "section" else ["doc_id"]


def _frequency_partial(path, stop, name, *, by, term, want_stop):
    from corpusnb.analyses.frequency import frequencies

    part = _part(path, stop, name, [*_group_columns_needed(by), term, "is_stop"])
    every = frequencies(part, by=by, term=term, stop=True)
    counted = every if want_stop else frequencies(part, by=by, term=term, stop=False)
    # documents per group and term over every row of the group
    return (every.drop(columns=["per_10k", "docs"]), counted.drop(columns=["per_10k", "docs"]),
            every.drop(columns=["per_10k", "count"]))


def frequencies(store: Store, *, by, term, stop, min_count, engine) -> pd.DataFrame:
    from corpusnb.analyses._counting import check_term_name as _check_term_name, group_columns as _group_columns

    _check_term_name(term)
    groups = _group_columns(by)
    partials = list(_map(store, _frequency_partial, engine, by=by, term=term,
                         want_stop=stop))  # tables of terms: small
    every = pd.concat([p[0] for p in partials], ignore_index=True)
    counted = pd.concat([p[1] for p in partials], ignore_index=True)
    docs = _docs_per_term(partials, groups)
    if groups:
        totals = every.groupby(groups, sort=False)["count"].sum()
        counts = counted.groupby([*groups, "term"], sort=False)["count"].sum().reset_index()
    else:
        totals = pd.Series([int(every["count"].sum())])
        counts = counted.groupby("term", sort=False)["count"].sum().reset_index()
    counts = counts[counts["count"] >= min_count]
    counts = counts.sort_values([*groups, "count", "term"],
                                ascending=[*[True] * len(groups), False, True], kind="stable")
    total = totals.reindex(pd.MultiIndex.from_frame(counts[groups]) if len(groups) > 1 else
                           counts[groups[0]] if groups else np.zeros(len(counts), int))
    count = counts["count"].to_numpy().astype(np.int64)
    table = {"term": pd.array(counts["term"].to_numpy(object), dtype="str")}
    for name in groups:
        table[name] = _as_group(counts[name], every[name])
    table["count"] = count
    table["per_10k"] = count / total.to_numpy().astype(float) * 1e4
    table["docs"] = docs.reindex(pd.MultiIndex.from_frame(counts[[*groups, "term"]])
                                 if groups else counts["term"]).to_numpy().astype(np.int64)
    return pd.DataFrame(table)


def _docs_per_term(partials, groups: list[str]) -> pd.Series:
    """Documents of its group each term occurs in: a part's documents are its own, so
    the parts' numbers add up."""
    frame = pd.concat([p[2] for p in partials], ignore_index=True)
    return frame.groupby([*groups, "term"], observed=True)["docs"].sum()


def _as_group(values: pd.Series, like: pd.Series) -> np.ndarray | pd.api.extensions.ExtensionArray:
    return pd.array(values.to_numpy(), dtype=like.dtype) if len(like) else values.to_numpy()


# ---------------------------------------------------------------- keyness

def _ids_partial(path, stop, name):
    part = _part(path, stop, name, ["doc_id"])
    return list(pd.unique(part["doc_id"].astype(str)))


def _keyness_partial(path, stop, name, *, term, target_ids, reference_ids):
    from corpusnb.analyses.frequency import _keyness_counts

    return _keyness_counts(_part(path, stop, name, ["doc_id", term]), term, target_ids,
                           reference_ids)


def keyness(store: Store, target, reference, *, term, min_count, alpha, correction,
            engine) -> pd.DataFrame:
    from corpusnb.analyses._counting import check_term as _check_term
    from corpusnb.analyses.frequency import _keyness_table, _selection, _split_ids

    present = [i for ids in _map(store, _ids_partial, engine) for i in ids]
    documents = pd.DataFrame({"doc_id": pd.Series(present, dtype=object), term: ""})
    documents.attrs["corpus"] = _remember(store)
    _check_term(documents, term)
    target_ids = reference_ids = []
    if present:
        target, reference = _selection(documents, target), _selection(documents, reference)
        target_ids, reference_ids = _split_ids(documents, target, reference)
    partials = list(_map(store, _keyness_partial, engine, term=term, target_ids=target_ids,
                         reference_ids=reference_ids))
    counts = pd.concat([p[0] for p in partials])
    counts = counts.groupby(level=0, sort=False).sum() if len(counts) else counts
    counts = counts[counts.sum(axis=1) >= min_count]
    return _keyness_table(counts, sum(p[1] for p in partials), sum(p[2] for p in partials),
                          alpha, correction)


# ---------------------------------------------------------------- concordance

def _kwic_partial(path, stop, name, *, pattern, window, sort, regex):
    from corpusnb.analyses.concordance import _lines, _sort_keys
    from corpusnb.tokens.patterns import find

    store = _opened(path, stop)
    tokens = store.part(name)
    hits = find(tokens, pattern, regex=regex)
    hits = hits.iloc[np.lexsort([hits["row"].to_numpy()])]
    lines = _lines(tokens, hits, window, store.texts(name))
    keys = _sort_keys(tokens, hits, window, sort) if sort is not None else []
    return lines, keys


def kwic(store: Store, pattern, *, window, sort, regex, engine):
    from corpusnb.analyses.concordance import Concordance, _check_options

    _check_options(window, sort)
    partials = list(_map(store, _kwic_partial, engine, pattern=pattern, window=window,
                         sort=sort, regex=regex))
    lines = pd.concat([p[0] for p in partials], ignore_index=True)
    # the dtypes one table gives: the parts' doc_id categories differ, so it is object
    texts = ("left", "match", "right")
    for column in ("doc_id", *texts, "pattern") if len(lines) else texts:
        lines[column] = lines[column].astype("str")
    if sort is not None:
        keys = [key for p in partials for key in p[1]]
        lines = lines.iloc[sorted(range(len(keys)), key=keys.__getitem__)]
    return Concordance(lines.reset_index(drop=True))


# ---------------------------------------------------------------- themes

def _theme_partial(path, stop, name, *, themes, groups):
    from corpusnb.analyses.themes import _theme_counts

    part = _part(path, stop, name, None)
    sizes, found = _theme_counts(part, themes, groups)
    return sizes, found, len(part)


def theme_frequencies(store: Store, themes, *, by, engine) -> pd.DataFrame:
    from corpusnb.analyses._counting import group_columns as _group_columns
    from corpusnb.analyses.themes import _as_themes, _theme_table

    themes = _as_themes(themes)
    groups = _group_columns(by)
    keys = groups or ["_all"]
    sizes, found, offset = [], [], 0
    for part_sizes, hits, rows in _map(store, _theme_partial, engine, themes=themes,
                                       groups=groups):
        sizes.append(part_sizes)
        found.append(hits.assign(row=hits["row"].to_numpy() + offset))  # reading order
        offset += rows
    sizes = pd.concat(sizes) if sizes else pd.Series(dtype="int64")
    sizes = sizes.groupby(level=list(range(len(keys))), sort=False).sum() if len(sizes) \
        else sizes
    return _theme_table(themes, groups, sizes, pd.concat(found, ignore_index=True))
