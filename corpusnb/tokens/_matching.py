"""How the pattern language is matched in a token table (private: shared by
:mod:`corpusnb.tokens.patterns`, the analyses and the explorer).

A pattern's elements (:func:`elements`) are compiled (:func:`compiled`) and found
among the table's norm codes by a :class:`Search`; :func:`found_frames` gives each
pattern's hits. Rows are positions in the table searched (a part of a store counts
its own rows: the engine adds ``Part.offset``).
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from corpusnb import limits
from corpusnb.tokens.tokens import normalize

HIT_COLUMNS = ["pattern", "doc_id", "section", "sent", "i", "row", "length", "start", "end",
               "match"]
"""The columns of a table of hits (:func:`corpusnb.find`), in order."""

READS = ("doc_id", "section", "sent", "i", "start", "end", "norm")
"""The token columns a search reads."""


def split(pattern: str) -> list[str]:
    """The elements of a pattern, normalised like ``norm`` (:func:`corpusnb.split_pattern`)."""
    if not isinstance(pattern, str) or not pattern.strip().strip('"').strip():
        raise ValueError(f"empty search pattern {pattern!r}; give a word, glob or phrase")
    check_length(pattern)
    return [normalize(part) for part in pattern.strip().strip('"').split()]


def compiled(element: str, regex: bool = False) -> re.Pattern:
    """One element as a fully anchored regular expression, matched with ``fullmatch``
    (:func:`corpusnb.tokens.patterns.compile_element`)."""
    check_length(element)
    if regex:
        try:
            return re.compile(element)
        except re.error as err:
            raise ValueError(f"invalid regular expression {element!r}: {err}") from None
    return re.compile(glob_regex(element))


def glob_regex(element: str) -> str:
    """A glob as a regular expression that cannot backtrack: the literal pieces between
    stars (``?`` one character) are found left to right, each at its first place after
    the one before, inside an atomic group ``(?>.*?piece)`` that is never re-entered;
    the first piece is anchored at the start (by ``fullmatch``), the last at the end.
    As a piece of fixed length found first also ends first, no later choice could match
    where the first failed: matching a term costs at most its length times the glob's."""
    pieces = ["".join("." if ch == "?" else re.escape(ch) for ch in piece)
              for piece in re.split(r"\*+", element)]
    if len(pieces) == 1:
        return pieces[0]
    first, *middle, last = pieces
    return first + "".join(f"(?>.*?{piece})" for piece in middle) + ".*" + last


def check_length(pattern: str) -> None:
    """A pattern longer than the cap is refused (a search box must not freeze a kernel)."""
    cap = limits.limit("pattern")
    if isinstance(pattern, str) and len(pattern) > cap:
        raise ValueError(f"search pattern of {len(pattern):,} characters ({pattern[:40]!r}...) "
                         f"is longer than the cap of {cap:,}; search a shorter pattern, or "
                         f"raise the cap with the environment variable "
                         f"{limits.variable('pattern')}")


def elements(pattern: str, regex: bool) -> list[str]:
    """The elements of a pattern: normalised words and globs, or with ``regex`` the
    regular expressions between its spaces."""
    if not regex:
        return split(pattern)
    check_length(pattern)
    if not isinstance(pattern, str) or not pattern.split():
        raise ValueError(f"empty search pattern {pattern!r}; give a regular expression")
    return pattern.split()


def checked(patterns: list[str], regex: bool) -> list[list[str]]:
    """The elements of each pattern, every element compiled once: an invalid pattern
    raises ValueError before any table is read."""
    parts = [elements(pattern, regex) for pattern in patterns]
    for element in dict.fromkeys(e for part in parts for e in part):
        compiled(element, regex)
    return parts


def _matching_codes(categories: pd.Index, element: str, pattern: re.Pattern,
                    regex: bool) -> np.ndarray:
    """The codes of the categories the element matches. A glob is tested only on the
    terms that begin with its literal prefix (found by bisection in the sorted terms),
    as no other term can match it; a regular expression, on every term."""
    terms, order, ordered = terms_of(categories)
    prefix = "" if regex else re.split(r"[*?]", element, maxsplit=1)[0]
    if prefix:
        low = np.searchsorted(ordered, prefix, side="left")
        high = np.searchsorted(ordered, prefix + "\U0010ffff", side="left")
        candidates = order[low:high]
    else:
        candidates = range(len(terms))
    return np.array([k for k in candidates if pattern.fullmatch(terms[k])], dtype=np.int64)


_TERMS: dict[int, tuple] = {}


def terms_of(categories: pd.Index) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A token table's terms as str (in code order), their sorting order and the sorted
    terms; kept for the last few tables' categories (an analysis searches many patterns
    in one table)."""
    kept = _TERMS.get(id(categories))
    if kept is not None and kept[0] is categories:
        return kept[1:]
    terms = np.asarray([str(c) for c in categories], dtype=object)
    order = np.argsort(terms, kind="stable")
    _TERMS[id(categories)] = (categories, terms, order, terms[order])
    while len(_TERMS) > 4:
        del _TERMS[next(iter(_TERMS))]
    return _TERMS[id(categories)][1:]


def doc_numbers(tokens: pd.DataFrame) -> np.ndarray:
    """A number per row that is equal for rows of one document (codes, not strings)."""
    doc = tokens["doc_id"]
    if isinstance(doc.dtype, pd.CategoricalDtype):
        return np.asarray(doc.array.codes)
    return pd.factorize(doc)[0]


class Search:
    """Searching one token table: its norm codes (no string per row), the rows of each
    code when many elements are to be found (one stable sort, then each element costs
    its hits, not the table), else a pass over the codes per element."""

    MANY = 32  # elements from which the rows are sorted by code

    def __init__(self, tokens: pd.DataFrame, elements: int = 1) -> None:
        norm = tokens["norm"]
        if not isinstance(norm.dtype, pd.CategoricalDtype):
            norm = norm.astype("category")
        self.categories, self.codes = norm.cat.categories, np.asarray(norm.array.codes)
        self.n, self.i = len(tokens), tokens["i"].to_numpy()
        self.tokens, self._doc = tokens, None
        self.order = self.bounds = None
        if elements >= self.MANY and self.n:
            self.order = np.argsort(self.codes, kind="stable")
            counts = np.bincount(self.codes.astype(np.int64) + 1,
                                 minlength=len(self.categories) + 1)
            self.bounds = np.concatenate([[0], np.cumsum(counts)])  # code c: c+1 .. c+2

    def matched(self, element: str, regex: bool) -> np.ndarray:
        return _matching_codes(self.categories, element, compiled(element, regex), regex)

    def table(self, element: str, regex: bool) -> np.ndarray:
        """Whether each code matches (one more entry, False, for code -1: missing)."""
        hits = np.zeros(len(self.categories) + 1, dtype=bool)
        hits[self.matched(element, regex)] = True
        return hits

    def rows(self, element: str, regex: bool) -> np.ndarray:
        """The rows the element matches, in order."""
        if self.order is None:
            return np.flatnonzero(self.table(element, regex)[self.codes])
        runs = [self.order[self.bounds[c + 1]:self.bounds[c + 2]]
                for c in self.matched(element, regex)]
        return np.sort(np.concatenate(runs)) if runs else np.empty(0, dtype=np.intp)

    def starts(self, elements: list[str], regex: bool) -> np.ndarray:
        """The rows where the elements match on consecutive tokens of one document."""
        rows = self.rows(elements[0], regex)
        if len(elements) > 1:
            rows = rows[rows + len(elements) - 1 < self.n]
            doc = self.doc
            for k, element in enumerate(elements[1:], start=1):
                later = rows + k
                keep = self.table(element, regex)[self.codes[later]] & \
                    (doc[later] == doc[rows]) & (self.i[later] == self.i[rows] + k)
                rows = rows[keep]
        return rows

    @property
    def doc(self) -> np.ndarray:
        if self._doc is None:
            self._doc = doc_numbers(self.tokens)
        return self._doc


def found(tokens: pd.DataFrame, patterns: list[str], regex: bool,
          search: Search | None = None) -> pd.DataFrame:
    """The hits of ``patterns`` in ``tokens`` (:func:`corpusnb.tokens.patterns.find`), with
    a search of the table made by the caller (which searches it for many patterns) or
    here."""
    frames = found_frames(tokens, patterns, regex, search)
    if not frames:
        return pd.DataFrame(columns=HIT_COLUMNS)
    return pd.concat(frames, ignore_index=True)[HIT_COLUMNS]


def found_frames(tokens: pd.DataFrame, patterns: list[str], regex: bool,
                 search: Search | None = None) -> list[pd.DataFrame]:
    """The hits of each pattern in turn, a frame each (of :data:`HIT_COLUMNS`)."""
    parts = [elements(pattern, regex) for pattern in patterns]
    if search is None:
        search = Search(tokens, sum(map(len, parts)))
    frames, empty = [], None
    for pattern, part in zip(patterns, parts):
        rows = search.starts(part, regex)
        if len(rows) or empty is None:
            frame = _find_one(tokens, pattern, part, rows)
            empty = frame if not len(rows) else empty
        else:  # no hit: every such frame is the same (a pattern column of no rows)
            frame = empty
        frames.append(frame)
    return frames


def _find_one(tokens: pd.DataFrame, pattern: str, elements: list[str], rows: np.ndarray
              ) -> pd.DataFrame:
    last = rows + len(elements) - 1
    return pd.DataFrame({
        "pattern": pattern,
        "doc_id": tokens["doc_id"].iloc[rows].to_numpy(),
        "section": tokens["section"].to_numpy()[rows],
        "sent": tokens["sent"].to_numpy()[rows],
        "i": tokens["i"].to_numpy()[rows],
        "row": rows,
        "length": len(elements),
        "start": tokens["start"].to_numpy()[rows],
        "end": tokens["end"].to_numpy()[last],
        "match": pd.Series(matched_norms(tokens["norm"], rows, len(elements)), dtype=str),
    })


def matched_norms(norm: pd.Series, rows: np.ndarray, length: int) -> list[str]:
    """The norms of each hit joined by spaces, decoded for the hit rows only."""
    if isinstance(norm.dtype, pd.CategoricalDtype):
        codes, words = np.asarray(norm.array.codes), terms_of(norm.cat.categories)[0]
        if length == 1:
            return words[codes[rows]].tolist()
        return [" ".join(words[codes[r: r + length]]) for r in rows]
    values = norm.astype(str).to_numpy()
    return [" ".join(values[r: r + length]) for r in rows]
