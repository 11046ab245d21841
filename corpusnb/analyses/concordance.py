"""Keyword in context (KWIC): every hit of a pattern with the words around it.

The left and right contexts are cut from the cleaned text by character offsets,
so punctuation and capitals stay as written; line breaks become spaces. In a
notebook the result displays as an aligned table with the match highlighted.
"""
from __future__ import annotations

import html
from collections.abc import Iterable, Iterator

import numpy as np
import pandas as pd

from corpusnb.analyses._lines import (LINE_COLUMNS, check_options, cut_lines, hit_ids,
                                      sort_keys, sorted_order, stacked, table_texts)
from corpusnb.engine.run import Analysis, Part, run
from corpusnb.text.corpus import Corpus
from corpusnb.tokens._links import remember
from corpusnb.tokens._matching import READS, checked, found
from corpusnb.tokens.tokens import tokenize

__all__ = ["Concordance", "kwic"]


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


def kwic(tokens_or_corpus, pattern: str | Iterable[str], *, window: int = 8,
         sort: str | None = None, regex: bool = False, corpus=None, engine: str | None = None
         ) -> Concordance:
    """Every hit of a pattern with ``window`` words of context on each side.

    Parameters
    ----------
    tokens_or_corpus : pandas.DataFrame, Corpus or Store
        A token table (from :func:`corpusnb.tokenize`), a corpus (tokenised
        here) or a token store (:func:`corpusnb.index`, read a part at a time).
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
        Where the parts are read: here, or on the current ``dask.distributed``
        client (see :func:`corpusnb.engine.run.run`); the same lines either way.

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
    check_options(window, sort)
    patterns = [pattern] if isinstance(pattern, str) else list(pattern)
    checked(patterns, regex)
    data = _as_data(tokens_or_corpus, corpus)
    # a table here looks up the texts of its hits' documents only (a table read from a
    # store reads only their parts); a store's parts, or a table sent to Dask, bring theirs
    texts = engine == "dask" or not isinstance(data, pd.DataFrame)
    return run(_Kwic(patterns, window, sort, regex, texts), data, engine=engine)


class _Kwic(Analysis):
    """The lines of each part (in reading order) and their sort keys; the parts' lines
    one after the other, then sorted."""

    columns = READS  # with texts: the contexts are cut from them, not from tokens

    def __init__(self, patterns: list[str], window: int, sort: str | None, regex: bool,
                 texts: bool) -> None:
        self.patterns, self.window, self.sort, self.regex = patterns, window, sort, regex
        self.texts = texts  # else the texts of the table's corpus, of its hits' documents

    def count(self, part: Part) -> tuple[pd.DataFrame, list[tuple]]:
        tokens = part.tokens
        hits = found(tokens, self.patterns, self.regex)
        hits = hits.iloc[np.lexsort([hits["row"].to_numpy()])]  # reading order; stable
        texts = part.texts if self.texts else table_texts(tokens, hit_ids(hits))
        lines = cut_lines(tokens, hits, self.window, texts)
        keys = [] if self.sort is None else sort_keys(tokens, hits, self.window, self.sort)
        return lines, keys

    def combine(self, partials: Iterator) -> tuple[pd.DataFrame, list[tuple]]:
        frames, keys = [], []
        for lines, some in partials:
            frames.append(lines)
            keys.extend(some)
        return stacked(frames, LINE_COLUMNS), keys

    def finish(self, combined: tuple[pd.DataFrame, list[tuple]]) -> Concordance:
        lines, keys = combined
        if self.sort is not None:
            lines = lines.iloc[sorted_order(keys)]
        return Concordance(lines.reset_index(drop=True))


def _as_data(tokens_or_corpus, corpus):
    """What the engine reads: a corpus tokenised; a table given with its ``corpus``
    linked to it (a view: the caller's table is left as it is); a store as it is."""
    if isinstance(tokens_or_corpus, Corpus):
        return tokenize(tokens_or_corpus)
    if corpus is not None and isinstance(tokens_or_corpus, pd.DataFrame):
        tokens = tokens_or_corpus.copy(deep=False)
        tokens.attrs = {**tokens.attrs, "corpus": remember(corpus)}
        return tokens
    return tokens_or_corpus
