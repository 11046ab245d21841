"""One pattern language for every search: words, globs and phrases over ``norm``.

A pattern is one or more elements separated by spaces (a phrase matches them on
consecutive tokens of one document). Each element is a plain word (``sistema``)
or a glob with ``*`` (any run of characters) and ``?`` (one character), such as
``separat*``. Matching is case-insensitive: elements are normalised as ``norm``
is (casefolded, ’ → '). Surrounding double quotes are ignored, so
``'"vertical of power"'`` is the phrase. Regular expressions are used only with
``regex=True``; otherwise every character but ``*`` and ``?`` is escaped before
it reaches :mod:`re`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from corpusnb.tokens import normalize

__all__ = ["compile_element", "find", "matching_terms", "split_pattern"]

HIT_COLUMNS = ["pattern", "doc_id", "section", "sent", "i", "row", "length", "start", "end",
               "match"]


def split_pattern(pattern: str) -> list[str]:
    """The elements of a pattern, normalised like ``norm``.

    Examples
    --------
    >>> split_pattern('"Vertical of  Power"')
    ['vertical', 'of', 'power']
    """
    if not isinstance(pattern, str) or not pattern.strip().strip('"').strip():
        raise ValueError(f"empty search pattern {pattern!r}; give a word, glob or phrase")
    return [normalize(part) for part in pattern.strip().strip('"').split()]


def compile_element(element: str, *, regex: bool = False) -> re.Pattern:
    """A compiled, fully anchored regular expression for one pattern element.

    Examples
    --------
    >>> bool(compile_element("separat*").fullmatch("separatism"))
    True
    >>> bool(compile_element("a.b").fullmatch("axb"))  # "." is escaped
    False
    """
    if regex:
        try:
            return re.compile(element)
        except re.error as err:
            raise ValueError(f"invalid regular expression {element!r}: {err}") from None
    escaped = "".join({"*": ".*", "?": "."}.get(ch) or re.escape(ch) for ch in element)
    return re.compile(escaped)


def matching_terms(terms: Iterable[str], pattern: str, *, regex: bool = False) -> list[str]:
    """The terms that a one-element pattern matches, in the order given.

    Examples
    --------
    >>> matching_terms(["separatism", "separatist", "nation"], "separat*")
    ['separatism', 'separatist']
    """
    (element,) = split_pattern(pattern) if not regex else [pattern]
    compiled = compile_element(element, regex=regex)
    return [term for term in terms if compiled.fullmatch(str(term))]


def _element_mask(norm: pd.Series, element: str, regex: bool) -> np.ndarray:
    """Which rows the element matches: each distinct norm is tested once; a missing
    norm never matches."""
    compiled = compile_element(element, regex=regex)
    if not isinstance(norm.dtype, pd.CategoricalDtype):
        norm = norm.astype("category")
    hits = np.array([bool(compiled.fullmatch(str(c))) for c in norm.cat.categories] + [False],
                    dtype=bool)
    return hits[norm.cat.codes.to_numpy()]  # code -1 (missing) picks the final False


def _doc_numbers(tokens: pd.DataFrame) -> np.ndarray:
    """A number per row that is equal for rows of one document (codes, not strings)."""
    doc = tokens["doc_id"]
    if isinstance(doc.dtype, pd.CategoricalDtype):
        return doc.cat.codes.to_numpy()
    return pd.factorize(doc)[0]


def _phrase_starts(tokens: pd.DataFrame, elements: list[str], regex: bool) -> np.ndarray:
    norm, n = tokens["norm"], len(tokens)
    mask = np.ones(n, dtype=bool)
    doc = _doc_numbers(tokens) if len(elements) > 1 else None
    i = tokens["i"].to_numpy()
    for k, element in enumerate(elements):
        shifted = np.zeros(n, dtype=bool)
        element_mask = _element_mask(norm, element, regex)
        shifted[: n - k] = element_mask[k:]
        if k:
            same = np.zeros(n, dtype=bool)
            same[: n - k] = (doc[k:] == doc[: n - k]) & (i[k:] == i[: n - k] + k)
            shifted &= same
        mask &= shifted
    return np.flatnonzero(mask)


def find(tokens: pd.DataFrame, patterns: str | Iterable[str], *, regex: bool = False
         ) -> pd.DataFrame:
    """Every hit of one or more patterns in a token table.

    A phrase matches consecutive tokens of one document (consecutive in the
    document: ``i`` increases by one), so it never spans a row dropped from the
    table or a document boundary.

    Parameters
    ----------
    tokens : pandas.DataFrame
        From :func:`corpusnb.tokenize` (or rows of it).
    patterns : str or iterable of str
        Patterns of the pattern language (see the module docstring).
    regex : bool, default False
        Treat each space-separated element as a regular expression.

    Returns
    -------
    pandas.DataFrame
        pattern, doc_id, section, sent, i (of the first token), row (position
        in ``tokens``), length (tokens), start, end (character offsets of the
        whole hit), match (the norms joined by spaces); in pattern order, then
        reading order.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> tokens = cnb.tokenize(cnb.load_corpus())
    >>> hits = find(tokens, ["separat*", "north caucasus"])
    >>> hits.groupby("pattern").size().to_dict()
    {'north caucasus': 24, 'separat*': 28}
    """
    patterns = [patterns] if isinstance(patterns, str) else list(patterns)
    frames = [_find_one(tokens, pattern, regex) for pattern in patterns]
    if not frames:
        return pd.DataFrame(columns=HIT_COLUMNS)
    return pd.concat(frames, ignore_index=True)[HIT_COLUMNS]


def _elements(pattern: str, regex: bool) -> list[str]:
    if not regex:
        return split_pattern(pattern)
    if not isinstance(pattern, str) or not pattern.split():
        raise ValueError(f"empty search pattern {pattern!r}; give a regular expression")
    return pattern.split()


def _find_one(tokens: pd.DataFrame, pattern: str, regex: bool) -> pd.DataFrame:
    elements = _elements(pattern, regex)
    rows = _phrase_starts(tokens, elements, regex)
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
        "match": pd.Series(_matched_norms(tokens["norm"], rows, len(elements)), dtype=str),
    })


def _matched_norms(norm: pd.Series, rows: np.ndarray, length: int) -> list[str]:
    """The norms of each hit joined by spaces, decoded for the hit rows only."""
    if isinstance(norm.dtype, pd.CategoricalDtype):
        codes = norm.cat.codes.to_numpy()
        words = np.asarray(norm.cat.categories.astype(str), dtype=object)
        return [" ".join(words[codes[r: r + length]]) for r in rows]
    values = norm.astype(str).to_numpy()
    return [" ".join(values[r: r + length]) for r in rows]
