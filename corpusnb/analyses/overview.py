"""What a corpus holds, document by document: its sizes, and the rows of a few documents.

Both are engine analyses (:mod:`corpusnb.engine.run`), so they give the same answer on
the token table in memory and on a token store read a part at a time: the notebooks
ask them instead of running pandas on the whole table, which a store never builds.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
import pandas as pd

from pandas.api.types import union_categoricals

from corpusnb.engine.run import Analysis, Part, run

__all__ = ["document_sizes", "document_tokens"]


class _Sizes(Analysis):
    """Rows per document, in reading order (parts never split a document)."""

    columns = ("doc_id",)

    def count(self, part: Part) -> pd.Series:
        return _sizes(part.tokens)

    def combine(self, partials: Iterator) -> pd.Series:
        parts = list(partials)  # one number per document: small
        if len(parts) == 1:
            return parts[0]
        return _sizes_of(pd.concat(parts))

    def finish(self, combined: pd.Series) -> pd.Series:
        return combined


def _sizes(tokens: pd.DataFrame) -> pd.Series:
    """Rows per document of a token table, counted on the categorical's codes."""
    doc = tokens["doc_id"]
    if isinstance(doc.dtype, pd.CategoricalDtype):
        codes = doc.cat.codes.to_numpy()
        codes = codes[codes >= 0]
        order = pd.unique(codes)  # the documents in the order they first occur
        counts = np.bincount(codes, minlength=len(doc.cat.categories))[order]
        ids = doc.cat.categories.to_numpy()[order]
    else:
        counted = doc.dropna().astype(str).value_counts(sort=False)
        ids, counts = counted.index.to_numpy(), counted.to_numpy()
    return pd.Series(np.asarray(counts, dtype=np.int64),
                     index=pd.Index([str(i) for i in ids], dtype=object, name="doc_id"))


def _sizes_of(stacked: pd.Series) -> pd.Series:
    """One size per document from sizes of parts (a document's rows are in one part,
    but adding keeps the sum right if they were not)."""
    summed = stacked.groupby(level=0, sort=False).sum()
    summed.index = pd.Index(summed.index, dtype=object, name="doc_id")
    return summed.astype(np.int64)


def document_sizes(tokens: pd.DataFrame, *, engine: str | None = None) -> pd.Series:
    """How many rows each document has: its word tokens, or its content words when the
    stopwords are dropped.

    Parameters
    ----------
    tokens : pandas.DataFrame or Store
        The token table (:func:`corpusnb.tokenize`, or rows of it) or a token store
        (:func:`corpusnb.index`; ``store.without_stopwords()`` counts content words).
    engine : {None, "local", "dask"}
        For a token store: read it a part at a time here, or on the current
        ``dask.distributed`` client.

    Returns
    -------
    pandas.Series
        Rows per document (int64), indexed by doc_id (as str) in the order the
        documents occur; documents without a row are left out.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> tokens = cnb.tokenize(cnb.load_corpus())
    >>> document_sizes(tokens).to_dict()
    {'markedonov-2012': 4789, 'lrb-2015': 4703, 'kazakhstan-eu-2018': 8169}
    >>> int(document_sizes(tokens[~tokens["is_stop"]]).sum())
    10002
    """
    return run(_Sizes(), tokens, engine=engine)


class _Rows(Analysis):
    """The rows of some documents, in reading order."""

    columns = None

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids

    def count(self, part: Part) -> pd.DataFrame:
        tokens = part.tokens
        doc = tokens["doc_id"]
        if isinstance(doc.dtype, pd.CategoricalDtype):
            wanted = np.flatnonzero(np.isin(doc.cat.categories.astype(str), self.ids))
            rows = np.isin(doc.cat.codes.to_numpy(), wanted)
        else:
            rows = doc.astype(str).isin(self.ids).to_numpy()
        return tokens[rows]

    def prepare(self, source) -> None:
        self.key = source.corpus_key

    def combine(self, partials: Iterator) -> list[pd.DataFrame]:
        kept, first = [], None
        for rows in partials:  # only the documents' rows are held
            first = rows if first is None else first
            if len(rows):
                kept.append(rows)
        return kept or ([first] if first is not None else [])

    def finish(self, combined: list) -> pd.DataFrame:
        frames = combined or [self._empty()]
        out = pd.DataFrame({name: _compact(_stacked([f[name] for f in frames]), name)
                            for name in frames[0].columns})
        out.attrs["corpus"] = self.key
        return out

    def _empty(self) -> pd.DataFrame:
        from corpusnb.tokens.tokens import TOKEN_COLUMNS

        return pd.DataFrame({name: pd.Series(dtype=object) for name in TOKEN_COLUMNS})


def _stacked(columns: list[pd.Series]) -> pd.Series:
    """One column from the parts' columns (categoricals: their categories united)."""
    if len(columns) > 1 and all(isinstance(c.dtype, pd.CategoricalDtype) for c in columns):
        return pd.Series(union_categoricals(columns), name=columns[0].name)
    return pd.concat(columns, ignore_index=True)


def _compact(column: pd.Series, name: str) -> pd.Series:
    """A categorical column with only the values it holds, numbered in the order they
    first occur (the same whether the rows were cut from a table or read from parts);
    other columns unchanged."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        return column
    codes = column.cat.codes.to_numpy()
    seen = pd.unique(codes[codes >= 0])
    lookup = np.full(len(column.cat.categories) + 1, -1, dtype=np.int32)
    lookup[seen] = np.arange(len(seen), dtype=np.int32)
    values = [str(v) for v in column.cat.categories.to_numpy()[seen]]
    categories = pd.Index(values) if name == "doc_id" else pd.Index(values, dtype=object)
    return pd.Series(pd.Categorical.from_codes(lookup[codes], categories), name=name)


def document_tokens(tokens: pd.DataFrame, documents: str | Iterable[str] | None, *,
                    engine: str | None = None) -> pd.DataFrame:
    """The token rows of one document (or of several), as a table in memory: what a
    notebook reads closely, without holding the whole corpus.

    Parameters
    ----------
    tokens : pandas.DataFrame or Store
        The token table or a token store (a store is read a part at a time; only the
        documents' rows are kept).
    documents : str, list of str or None
        A doc_id, or several (None or an empty list: the empty table).
    engine : {None, "local", "dask"}
        For a token store: read it here, or on the current ``dask.distributed`` client.

    Returns
    -------
    pandas.DataFrame
        The documents' rows in corpus order, with the token table's columns, numbered
        from 0; its categorical columns hold only the values of these rows. It knows
        its corpus, so every analysis takes it.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> tokens = cnb.tokenize(cnb.load_corpus())
    >>> doc = document_tokens(tokens, "lrb-2015")
    >>> len(doc), doc["doc_id"].unique().tolist()
    (4703, ['lrb-2015'])
    >>> len(document_tokens(tokens, []))
    0
    """
    ids = [] if documents is None else [documents] if isinstance(documents, str) else \
        [str(d) for d in documents]
    return run(_Rows(ids), tokens, engine=engine)
