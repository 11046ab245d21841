"""What an analysis is to the engine: an :class:`Analysis` (columns, count, combine,
finish) and the :class:`Part` it counts (see :mod:`corpusnb.engine.run`)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

__all__ = ["Analysis", "Part"]


@dataclass
class Part:
    """One document-aligned slice of the token table, as an analysis counts it.

    Attributes
    ----------
    tokens : pandas.DataFrame
        The part's rows, with the analysis's ``columns`` (at least); it knows its
        corpus (``cnb.corpus_of``), so metadata fields can be joined on doc_id.
    texts : dict or None
        The cleaned text of each of the part's documents, by doc_id, when the
        analysis asks for texts (``Analysis.texts``); else None.
    offset : int
        Rows of the whole table before this part's first row (0 for a table): a row
        number in the part plus ``offset`` is its row in the whole table.
    """

    tokens: pd.DataFrame
    texts: dict[str, str] | None = None
    offset: int = 0


class Analysis:
    """An analysis, described once (see the module docstring).

    Subclasses set ``columns`` (the token columns :meth:`count` reads; None for all),
    ``texts`` (True when :meth:`count` needs ``part.texts``), and define
    :meth:`count`; :meth:`prepare`, :meth:`combine` and :meth:`finish` are optional.
    An analysis is sent whole to Dask's workers: keep its attributes plain data.
    """

    columns: tuple[str, ...] | None = None
    texts: bool = False

    def prepare(self, source) -> None:
        """Learn what counting needs of the whole corpus (its metadata, its document
        ids) from ``source`` (:class:`corpusnb.engine.sources.Source`), before any part
        is counted. By default nothing."""

    def count(self, part: Part) -> Any:
        """The partial result of one part."""
        raise NotImplementedError

    def combine(self, partials: Iterator) -> Any:
        """One result from the parts' partial results, given in reading order as they
        are ready (consume them as they come to hold one at a time). By default the
        list of them."""
        return list(partials)

    def finish(self, combined: Any) -> Any:
        """The user's table from the combined result. By default the result itself."""
        return combined
