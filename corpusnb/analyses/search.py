"""Search: every hit of a pattern, on a token table, a token store or Dask.

The pattern language is :mod:`corpusnb.tokens.patterns`; this runs its search on
each part of the source (:func:`corpusnb.engine.run.run`) and puts the parts' hits
together: in pattern order, then reading order, ``row`` counted in the whole table.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import pandas as pd

from corpusnb.analyses._lines import stacked
from corpusnb.engine.run import Analysis, Part, run
from corpusnb.tokens._matching import HIT_COLUMNS, READS, Search, checked, found_frames

__all__ = ["find"]


def find(tokens: pd.DataFrame, patterns: str | Iterable[str], *, regex: bool = False,
         engine: str | None = None) -> pd.DataFrame:
    """Every hit of one or more patterns in a token table.

    A phrase matches consecutive tokens of one document (consecutive in the
    document: ``i`` increases by one), so it never spans a row dropped from the
    table or a document boundary.

    Parameters
    ----------
    tokens : pandas.DataFrame or Store
        From :func:`corpusnb.tokenize` (or rows of it), or a token store
        (:func:`corpusnb.index`), read a part at a time.
    patterns : str or iterable of str
        Patterns of the pattern language (see :mod:`corpusnb.tokens.patterns`).
    regex : bool, default False
        Treat each space-separated element as a regular expression.
    engine : {None, "local", "dask"}
        Where the parts are searched: here, or on the current
        ``dask.distributed`` client; the same hits either way.

    Returns
    -------
    pandas.DataFrame
        pattern, doc_id, section, sent, i (of the first token), row (position
        in ``tokens``; in a store, in the table ``store.tokens()`` would give),
        length (tokens), start, end (character offsets of the whole hit), match
        (the norms joined by spaces); in pattern order, then reading order.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> tokens = cnb.tokenize(cnb.load_corpus())
    >>> hits = find(tokens, ["separat*", "north caucasus"])
    >>> hits.groupby("pattern").size().to_dict()
    {'north caucasus': 24, 'separat*': 28}
    """
    patterns = [patterns] if isinstance(patterns, str) else list(patterns)
    return run(_Find(patterns, regex), tokens, engine=engine)


class _Find(Analysis):
    """Each pattern's hits in each part (rows moved by the part's offset); a pattern's
    hits of all parts one after another, then the patterns one after another."""

    columns = READS

    def __init__(self, patterns: list[str], regex: bool) -> None:
        self.elements = sum(map(len, checked(patterns, regex)))  # invalid: raised here
        self.patterns, self.regex = patterns, regex

    def count(self, part: Part) -> list[pd.DataFrame]:
        search = Search(part.tokens, self.elements)
        frames = found_frames(part.tokens, self.patterns, self.regex, search)
        if part.offset:
            for frame in frames:
                frame["row"] += part.offset
        return frames

    def combine(self, partials: Iterator) -> list[list[pd.DataFrame]]:
        each = [[] for _ in self.patterns]  # each pattern's frames, a frame per part
        for frames in partials:
            for pattern, frame in zip(each, frames):
                pattern.append(frame)
        return each

    def finish(self, combined: list[list[pd.DataFrame]]) -> pd.DataFrame:
        frames = [stacked(parts, HIT_COLUMNS) for parts in combined if parts]
        if not frames:
            return pd.DataFrame(columns=HIT_COLUMNS)
        return pd.concat(frames, ignore_index=True)[HIT_COLUMNS]

