"""Counting shared by the analyses: the grouping columns of ``by=``, metadata fields
joined on doc_id (never copied into the table), group keys made plain."""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["check_term", "check_term_name", "docvar", "field_metadata", "group_columns",
           "keyed", "metadata_of", "plain", "plain_index"]

_GROUPS = {None: [], "doc_id": ["doc_id"], "section": ["doc_id", "section"]}


def group_columns(by: str | None) -> list[str]:
    """The grouping columns of ``by``: none, doc_id, doc_id + section, or a metadata field."""
    if by in _GROUPS:
        return _GROUPS[by]
    if not isinstance(by, str) or by in _TOKEN_COLUMNS:
        raise ValueError(f"by must be None, 'doc_id', 'section' or a metadata field, "
                         f"not {by!r}" + (" (a column of the token table: a metadata field "
                                          "of that name is to be renamed)"
                                          if by in _TOKEN_COLUMNS else ""))
    return [by]


_TOKEN_COLUMNS = ("sent", "i", "start", "end", "token", "norm", "lemma", "is_stop")
"""Token columns that are no group: the same number or word in every document (counting
"by sentence number" would pool sentence 0 of every document)."""


def docvar(tokens: pd.DataFrame, field: str, metadata: pd.DataFrame | None = None
           ) -> pd.Series:
    """The value of a document metadata field for every row of a token table.

    Metadata is joined on doc_id, never copied into the table: the values are
    looked up once per document and taken by the rows' document codes.

    Parameters
    ----------
    tokens : pandas.DataFrame
        From :func:`corpusnb.tokenize` (or rows of it), which knows its corpus.
    field : str
        A column of ``corpus.metadata`` (year, party, language, ...).
    metadata : pandas.DataFrame, optional
        Metadata indexed by doc_id, for a table that has lost its corpus.

    Returns
    -------
    pandas.Series
        Aligned with ``tokens``; NaN where a document has no value.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> tokens = cnb.tokenize(cnb.load_corpus())
    >>> docvar(tokens, "year").iloc[[0, -1]].tolist()
    [2012, 2018]
    """
    meta = field_metadata(tokens, field, metadata)
    doc = tokens["doc_id"]
    if isinstance(doc.dtype, pd.CategoricalDtype):
        per_code = meta[field].reindex(doc.cat.categories.astype(str))
        codes = doc.cat.codes.to_numpy()
        return pd.Series(per_code.to_numpy()[codes], index=tokens.index, name=field,
                         dtype=per_code.dtype).where(codes >= 0)
    return doc.astype(str).map(meta[field]).rename(field)


def field_metadata(tokens: pd.DataFrame | None, field: str, metadata: pd.DataFrame | None
           ) -> pd.DataFrame:
    """The table's metadata, which must have ``field``."""
    meta = metadata_of(tokens, metadata)
    if field not in meta.columns:
        raise ValueError(f"no metadata field {field!r}; the fields are "
                         f"{', '.join(map(str, meta.columns))}")
    return meta


def metadata_of(tokens: pd.DataFrame, metadata: pd.DataFrame | None) -> pd.DataFrame:
    if metadata is not None:
        return metadata
    from corpusnb.tokens._links import corpus_of

    corpus = corpus_of(tokens)
    if corpus is None:
        raise ValueError("this token table has lost track of its corpus, so its metadata "
                         "is unknown; use the table cnb.tokenize() returned (or rows cut "
                         "from it), or pass metadata=corpus.metadata")
    return corpus.metadata


def check_term_name(term: str) -> None:
    if term not in ("norm", "lemma", "token"):
        raise ValueError(f"term must be 'norm', 'lemma' or 'token', not {term!r}")


def check_term(tokens: pd.DataFrame, term: str) -> None:
    check_term_name(term)
    if term not in tokens.columns:
        raise ValueError(f"the token table has no {term!r} column; use cnb.tokenize()")


def plain(tokens: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The columns as plain values (categoricals decoded; metadata fields joined on doc_id),
    for grouping."""
    frame = {}
    for c in dict.fromkeys(columns):
        if c in tokens.columns:
            frame[c] = tokens[c].astype(str) if isinstance(tokens[c].dtype,
                                                           pd.CategoricalDtype) else tokens[c]
        else:
            frame[c] = docvar(tokens, c)
    return pd.DataFrame(frame)


def keyed(tokens: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The columns for grouping, not decoded: categoricals stay categorical (group them
    with ``observed=True``; :func:`plain_index` makes the keys plain), metadata fields
    joined on doc_id. No string per row, unlike :func:`plain`."""
    return pd.DataFrame({c: tokens[c] if c in tokens.columns else docvar(tokens, c)
                         for c in dict.fromkeys(columns)}, index=tokens.index)


def plain_index(index: pd.Index) -> pd.Index:
    """A group index with categorical levels made plain (their values as str)."""
    def plain(level: pd.Index) -> pd.Index:
        if isinstance(level.dtype, pd.CategoricalDtype):
            return pd.Index(np.asarray(level.astype(str), dtype=object), name=level.name)
        return level

    if isinstance(index, pd.MultiIndex):
        return pd.MultiIndex.from_arrays([plain(index.get_level_values(k))
                                          for k in range(index.nlevels)], names=index.names)
    return plain(index)
