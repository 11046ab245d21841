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

import pandas as pd

from corpusnb.tokens._matching import HIT_COLUMNS, compiled, found, split

__all__ = ["compile_element", "find", "matching_terms", "split_pattern"]


def split_pattern(pattern: str) -> list[str]:
    """The elements of a pattern, normalised like ``norm``.

    Examples
    --------
    >>> split_pattern('"Vertical of  Power"')
    ['vertical', 'of', 'power']
    """
    return split(pattern)


def compile_element(element: str, *, regex: bool = False) -> re.Pattern:
    """A compiled, fully anchored regular expression for one pattern element.

    Match it with ``fullmatch``. A glob's stars cannot backtrack (see
    :func:`corpusnb.tokens._matching.glob_regex`), so a term costs at most its
    length times the glob's: ``a*a*a*...*b`` takes no longer with 39 stars than
    with one. An element (or a whole pattern) longer than
    ``CORPUSNB_MAX_PATTERN_CHARS`` (1,000 by default, see :mod:`corpusnb.limits`)
    raises ValueError. A regular expression (``regex=True``) is compiled as given.

    Examples
    --------
    >>> bool(compile_element("separat*").fullmatch("separatism"))
    True
    >>> bool(compile_element("a.b").fullmatch("axb"))  # "." is escaped
    False
    """
    return compiled(element, regex)


def matching_terms(terms: Iterable[str], pattern: str, *, regex: bool = False) -> list[str]:
    """The terms that a one-element pattern matches, in the order given.

    Examples
    --------
    >>> matching_terms(["separatism", "separatist", "nation"], "separat*")
    ['separatism', 'separatist']
    """
    (element,) = split_pattern(pattern) if not regex else [pattern]
    matcher = compile_element(element, regex=regex)
    return [term for term in terms if matcher.fullmatch(str(term))]


def find(tokens: pd.DataFrame, patterns: str | Iterable[str], *, regex: bool = False
         ) -> pd.DataFrame:
    """Every hit of one or more patterns in a token table (or one part of a store).

    :func:`corpusnb.find` runs it on a token table, a token store or Dask; this is
    the search of one table in memory, for the analyses that search their part.

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
    return found(tokens, patterns, regex)
