"""Keyword in context (KWIC): every hit of a pattern with the words around it.

The left and right contexts are cut from the cleaned text by character offsets,
so punctuation and capitals stay as written; line breaks become spaces. In a
notebook the result displays as an aligned table with the match highlighted.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from corpusnb.tokens.patterns import find
from corpusnb.tokens.tokens import corpus_of, tokenize

__all__ = ["Concordance", "kwic"]

_SPACE = re.compile(r"\s+")


class Concordance(pd.DataFrame):
    """A KWIC table (a DataFrame) that shows itself as an aligned concordance.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> lines = cnb.kwic(cnb.load_corpus(), "sistema", window=2)
    >>> "<mark>" in lines._repr_html_()
    True
    """

    @property
    def _constructor(self):
        return Concordance

    def _repr_html_(self) -> str:
        if not {"left", "match", "right"} <= set(self.columns):
            return pd.DataFrame(self).to_html()  # the context columns were dropped
        where = [c for c in ("doc_id", "sent") if c in self.columns]
        head = "".join(f"<th>{c}</th>" for c in where) + (
            "<th style='text-align:right'>left</th><th style='text-align:center'>match</th>"
            "<th style='text-align:left'>right</th>")
        rows = "".join(_html_row(row, where) for _, row in self.iterrows())
        return (f"<table class='corpusnb-kwic'><caption>{len(self)} lines</caption>"
                f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")


def _html_row(row: pd.Series, where: list[str]) -> str:
    cell = "<td style='text-align:{};white-space:nowrap;font-family:monospace'>{}</td>"
    return ("<tr>" + "".join(f"<td style='white-space:nowrap'>{html.escape(str(row[c]))}</td>"
                             for c in where)
            + cell.format("right", html.escape(row["left"]))
            + cell.format("center", f"<mark><b>{html.escape(row['match'])}</b></mark>")
            + cell.format("left", html.escape(row["right"])) + "</tr>")


def _texts(tokens: pd.DataFrame, corpus, ids=None) -> dict[str, str] | None:
    """The texts of the documents ``ids`` (all when None), from the corpus or token store
    the table came from (a store reads only the parts that hold them)."""
    from corpusnb.store.store import Store

    corpus = corpus if corpus is not None else corpus_of(tokens)
    if corpus is None:
        return None
    if isinstance(corpus, Store):
        return corpus.texts_of(corpus.ids if ids is None else ids)
    if ids is None:
        return {doc.id: doc.text for doc in corpus}
    return {doc_id: corpus[doc_id].text for doc_id in dict.fromkeys(ids)}


def kwic(tokens_or_corpus, pattern: str | Iterable[str], *, window: int = 8,
         sort: str | None = None, regex: bool = False, corpus=None, engine: str | None = None
         ) -> Concordance:
    """Every hit of a pattern with ``window`` words of context on each side.

    Parameters
    ----------
    tokens_or_corpus : pandas.DataFrame or Corpus
        A token table (from :func:`corpusnb.tokenize`) or a corpus.
    pattern : str or list of str
        Words, globs or phrases of the pattern language.
    window : int, default 8
        Words of context on each side, within the document; the context is cut
        from the text, so the punctuation between those words is kept.
    sort : {None, "left", "right"}
        Reading order (default), or sorted by the ``window`` words nearest the
        match on the left (first the word just before it) or on the right, as
        AntConc does; lines with the same words keep their reading order.
    regex : bool, default False
        Treat pattern elements as regular expressions.
    corpus : Corpus, optional
        The corpus the token table came from, if the table has lost track of it;
        without texts, contexts are rebuilt from the tokens joined by spaces.
    engine : {None, "local", "dask"}
        For a token store in place of the table: read it a part at a time
        here, or on the current ``dask.distributed`` client.

    Returns
    -------
    Concordance
        A DataFrame with doc_id, sent, start, end (offsets of the match in the
        cleaned text), left, match, right, pattern; one line per hit of each
        pattern (a position that two patterns match has two lines, in pattern
        order), in reading order unless sorted.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> lines = kwic(cnb.load_corpus(), '"vertical of power"', window=3)
    >>> lines[["left", "match", "right"]].iloc[0].tolist()
    ['mentions of the ‘', 'vertical of power', '’: in stark contrast']
    """
    from corpusnb.store.store import Store

    if isinstance(tokens_or_corpus, Store):
        from corpusnb.engine import chunked

        return chunked.kwic(tokens_or_corpus, pattern, window=window, sort=sort, regex=regex,
                            engine=engine)
    _check_options(window, sort)
    tokens = _as_tokens(tokens_or_corpus)
    hits = find(tokens, pattern, regex=regex)
    hits = hits.iloc[np.lexsort([hits["row"].to_numpy()])]  # reading order; lexsort is stable
    lines = _lines(tokens, hits, window, _texts(tokens, corpus, _hit_ids(hits)))
    return Concordance(_sorted(lines, tokens, hits, window, sort).reset_index(drop=True))


def _hit_lines(tokens: pd.DataFrame, hits: pd.DataFrame, window: int) -> pd.DataFrame:
    """KWIC lines (left, match, right) for hits already found with :func:`find`.

    For modules that select hits themselves (theme dictionaries); rows align with
    ``hits``.
    """
    return _lines(tokens, hits, window, _texts(tokens, None, _hit_ids(hits)))


def _hit_ids(hits: pd.DataFrame) -> list[str]:
    return [str(i) for i in pd.unique(hits["doc_id"].astype(str))] if len(hits) else []


def _as_tokens(tokens_or_corpus) -> pd.DataFrame:
    if isinstance(tokens_or_corpus, pd.DataFrame):
        return tokens_or_corpus
    return tokenize(tokens_or_corpus)


def _context_rows(tokens: pd.DataFrame, hits: pd.DataFrame, window: int):
    """Rows of the first left and last right context token of each hit (same doc)."""
    n = len(tokens)
    doc = _doc_numbers(tokens)
    rows, last = hits["row"].to_numpy(), hits["row"].to_numpy() + hits["length"].to_numpy() - 1
    left = np.maximum(rows - window, 0)
    right = np.minimum(last + window, n - 1)
    for k in range(len(rows)):
        while doc[left[k]] != doc[rows[k]]:
            left[k] += 1
        while doc[right[k]] != doc[rows[k]]:
            right[k] -= 1
    return left, right


def _lines(tokens, hits, window, texts) -> pd.DataFrame:
    left, right = _context_rows(tokens, hits, window)
    starts, ends = tokens["start"].to_numpy(), tokens["end"].to_numpy()
    out = hits[["doc_id", "sent", "start", "end"]].copy()
    lefts, matches, rights = [], [], []
    words = _Decoded(tokens["token"]) if texts is None else None
    for k, hit in enumerate(hits.itertuples()):
        if texts is not None:  # a context of no words is an empty slice: start == hit.start
            text = texts[str(hit.doc_id)]
            lefts.append(_flat(text[starts[left[k]]:hit.start]))
            matches.append(_flat(text[hit.start:hit.end]))
            rights.append(_flat(text[hit.end:ends[right[k]]]))
        else:
            lefts.append(" ".join(words[left[k]:hit.row]))
            matches.append(" ".join(words[hit.row:hit.row + hit.length]))
            rights.append(" ".join(words[hit.row + hit.length:right[k] + 1]))
    for column, values in (("left", lefts), ("match", matches), ("right", rights)):
        out[column] = pd.Series(values, index=out.index, dtype=str)  # str when no hits too
    out["pattern"] = hits["pattern"].to_numpy()
    return out


def _doc_numbers(tokens: pd.DataFrame) -> np.ndarray:
    """A number per row that is the same for the rows of one document (no strings)."""
    doc = tokens["doc_id"]
    if isinstance(doc.dtype, pd.CategoricalDtype):
        return doc.cat.codes.to_numpy()
    return pd.factorize(doc)[0]


class _Decoded:
    """A text column by position, a categorical decoded only at the positions asked for
    (not a Python string per row of the table)."""

    def __init__(self, column: pd.Series) -> None:
        if isinstance(column.dtype, pd.CategoricalDtype):
            self.codes = column.cat.codes.to_numpy()
            self.values = np.asarray(column.cat.categories.astype(str), dtype=object)
        else:
            self.codes, self.values = None, np.asarray(column.astype(str), dtype=object)

    def __getitem__(self, index):
        return self.values[index] if self.codes is None else self.values[self.codes[index]]

    def __len__(self) -> int:
        return len(self.values) if self.codes is None else len(self.codes)


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _check_options(window: int, sort: str | None) -> None:
    if window < 0:
        raise ValueError(f"window must be 0 or more, not {window}")
    if sort not in (None, "left", "right"):
        raise ValueError(f"sort must be None, 'left' or 'right', not {sort!r}")


def _sorted(lines, tokens, hits, window, sort) -> pd.DataFrame:
    if sort is None:
        return lines
    keys = _sort_keys(tokens, hits, window, sort)
    order = sorted(range(len(keys)), key=keys.__getitem__)  # stable: ties keep reading order
    return lines.iloc[order]


def _sort_keys(tokens, hits, window, sort) -> list[tuple]:
    """Each hit's ``window`` context norms on the ``sort`` side, nearest first."""
    norm = _Decoded(tokens["norm"])
    doc = _doc_numbers(tokens)
    keys = []  # the context words, nearest first, compared word by word
    for hit in hits.itertuples():
        step = range(hit.row - 1, max(hit.row - window, 0) - 1, -1) if sort == "left" else \
            range(hit.row + hit.length, min(hit.row + hit.length + window, len(norm)))
        keys.append(tuple(norm[r] for r in step if doc[r] == doc[hit.row]))
    return keys
