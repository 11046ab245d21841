"""Trends: how often a term or a theme occurs over time (corpusnb's Voyant "Trends").

A trend table counts hits per period — the documents' ``year``, or the year or
month of a date field, or bins of years (decades, or any width) — next to the
number of word tokens and documents of the period, so that a rate resting on a
thin year shows as such.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from corpusnb.analyses._counting import field_metadata
from corpusnb.analyses._themes import _as_themes
from corpusnb.analyses.themes import FIND_COLUMNS, theme_hits
from corpusnb.engine.run import Analysis, Part, run
from corpusnb.tokens.patterns import find

__all__ = ["trends"]

TREND_COLUMNS = ["series", "period", "count", "tokens", "docs", "per_10k"]


def _check_width(period: str, width: int | None) -> int | None:
    """The bin width in years (None: no bins, one period a year or a month)."""
    if period not in ("year", "month", "decade"):
        raise ValueError(f"period must be 'year', 'month' or 'decade', not {period!r}")
    if width is None:
        return 10 if period == "decade" else None
    if period == "month":
        raise ValueError("width bins years: use period='decade' (or 'year') with width=, "
                         "not period='month'")
    if isinstance(width, bool) or not isinstance(width, (int, np.integer)) or width < 1:
        raise ValueError(f"width must be a whole number of years (1 or more), not {width!r}")
    return None if width == 1 else int(width)


def _bin_label(start: int, width: int) -> str:
    """A bin named by its years: "1780s" for a decade, else "1780-1799"."""
    return f"{start}s" if width == 10 else f"{start}-{start + width - 1}"


def _document_periods(metadata: pd.DataFrame, ids: list[str], by: str, period: str
                      ) -> pd.Series:
    """The period of each document of ``ids`` that has one (the field itself for years,
    else a parsed date's year or month), indexed by doc_id."""
    period = "year" if period == "decade" else period  # binned from the years
    values = field_metadata(None, by, metadata)[by].reindex(pd.Index(ids, dtype=object))
    if pd.api.types.is_integer_dtype(values) or pd.api.types.is_float_dtype(values):
        if period == "month":
            raise ValueError(f"{by!r} holds years, not dates: use period='year'")
        return values.astype("Int64").dropna()
    dates = pd.to_datetime(values, errors="coerce", format="mixed")
    if dates.notna().sum() == 0 and values.notna().any():
        raise ValueError(f"the values of {by!r} are not dates (e.g. {values.dropna().iloc[0]!r});"
                         " give a year or date field")
    periods = dates.dt.year.astype("Int64") if period == "year" else dates.dt.strftime("%Y-%m")
    return periods.dropna()


def trends(tokens: pd.DataFrame, patterns_or_themes, *, by: str = "year",
           period: str = "year", width: int | None = None, engine: str | None = None
           ) -> pd.DataFrame:
    """Counts and rates of patterns or themes per period.

    Parameters
    ----------
    tokens : pandas.DataFrame or Store
        The token table (it knows its corpus, whose metadata gives the periods), or
        a token store.
    patterns_or_themes : str, list of str, DataFrame or dict
        Patterns of the pattern language (one series each), or themes from
        :func:`corpusnb.load_themes` / a dict of theme -> patterns (one series
        each, named by the theme's label; counted as :func:`theme_frequencies`
        counts them).
    by : str, default "year"
        A metadata field holding years (integers) or dates ("2019-03-05").
    period : {"year", "month", "decade"}
        Group by year, by year and month ("2019-03", a date field only), or by
        bins of ``width`` years ("decade").
    width : int, optional
        Years per bin: 10 for ``period="decade"`` (bins "1780s", "1790s", ...),
        another width for other bins (``width=20``: "1780-1799", "1800-1819",
        ...). A bin starts at a multiple of ``width`` and is named by its years.
        Also allowed with ``period="year"``; not with "month".
    engine : {None, "local", "dask"}
        For a token store (:func:`corpusnb.index`) in place of the table: read it
        a part at a time here, or on the current ``dask.distributed`` client.

    Returns
    -------
    pandas.DataFrame
        series, period, count (hits), tokens (word tokens of the period), docs
        (documents of the period), per_10k (count per 10,000 tokens). Every
        series has a row for every period that has documents — with count 0
        where it has no hit — in time order; documents without a period are left
        out, and years or months without documents do not appear. Bins are
        all there, from the first document's to the last's: a bin without
        documents has count, tokens and docs 0 and per_10k NaN (no words to
        rate).

    Examples
    --------
    >>> import corpusnb as cnb
    >>> tokens = cnb.tokenize(cnb.load_corpus())
    >>> table = trends(tokens, ["separatis*"])
    >>> table["period"].tolist(), table["docs"].tolist()  # one seed text a year
    ([2012, 2015, 2018], [1, 1, 1])
    >>> bool(table["count"].sum() == len(cnb.find(tokens, "separatis*")))
    True
    >>> trends(tokens, ["separatis*"], period="decade", width=5)["period"].tolist()
    ['2010-2014', '2015-2019']
    """
    width = _check_width(period, width)
    return run(Trends(patterns_or_themes, by, period, width), tokens, engine=engine)


class Trends(Analysis):
    """:func:`trends`: the period of each document, learnt from the whole corpus's
    metadata; in each part, the tokens and documents of each period and the hits of each
    series in each period; the parts' added up (a period spans parts)."""

    columns = FIND_COLUMNS

    def __init__(self, patterns_or_themes, by: str, period: str, width: int | None) -> None:
        self.by, self.period, self.width = by, period, width
        if isinstance(patterns_or_themes, str) or (
                isinstance(patterns_or_themes, Iterable)
                and not isinstance(patterns_or_themes, (dict, pd.DataFrame))):
            self.patterns = [patterns_or_themes] if isinstance(patterns_or_themes, str) \
                else list(patterns_or_themes)
            self.themes, self.names = None, self.patterns
        else:
            self.themes = _as_themes(patterns_or_themes)
            self.patterns, self.names = None, list(self.themes["label"])
        self.periods: dict = {}
        self.dtype = "Int64"

    def prepare(self, source) -> None:
        periods = _document_periods(source.metadata, source.ids(), self.by, self.period)
        if self.width is not None:  # each document's bin, by its first year
            periods = periods // self.width * self.width
        self.dtype = str(periods.dtype)
        self.periods = dict(zip(periods.index, periods.tolist()))  # plain values: pickled

    def count(self, part: Part) -> tuple[pd.Series, pd.Series, pd.Series]:
        tokens = part.tokens
        doc = tokens["doc_id"]  # documents numbered, not made strings (no string per row)
        if isinstance(doc.dtype, pd.CategoricalDtype):
            numbers, names = doc.cat.codes.to_numpy(), doc.cat.categories
        else:
            numbers, names = pd.factorize(doc)
        # each document's period by its number; -1 (no document) and no period: none
        of = pd.Series(pd.Index(names).astype(str)).map(self.periods)
        known = of.notna().to_numpy()
        rows = np.bincount(numbers[numbers >= 0], minlength=len(names))
        present = known & (rows > 0)
        periods = pd.Index(of[present].tolist(), dtype=self.dtype)
        sizes = pd.Series(rows[present], index=periods).groupby(level=0, sort=False).sum()
        docs = pd.Series(1, index=periods).groupby(level=0, sort=False).sum()
        hits = self._hits(tokens)
        number = numbers[hits["row"].to_numpy(dtype=np.int64)]
        keep = (number >= 0) & known[number] if len(number) else np.zeros(0, dtype=bool)
        counts = pd.Series(1, index=pd.MultiIndex.from_arrays(
            [hits["series"].to_numpy()[keep],
             pd.Index(of.to_numpy()[number[keep]].tolist(), dtype=self.dtype)],
            names=["series", "period"])).groupby(level=[0, 1], sort=False).sum()
        return sizes, docs, counts

    def _hits(self, tokens: pd.DataFrame) -> pd.DataFrame:
        """Hit rows with a ``series`` name: one series per pattern, or per theme (its
        label)."""
        if self.themes is None:
            hits = find(tokens, self.patterns)
            return pd.DataFrame({"series": hits["pattern"].to_numpy(),
                                 "row": hits["row"].to_numpy()})
        hits = theme_hits(tokens, self.themes, window=0)
        return pd.DataFrame({"series": hits["label"].to_numpy(), "row": hits["row"].to_numpy()})

    def combine(self, partials) -> tuple[pd.Series, pd.Series, pd.Series]:
        partials = list(partials)
        if len(partials) == 1:  # a table
            return partials[0]
        sizes, docs, counts = ([p[k] for p in partials] for k in range(3))
        return (pd.concat(sizes).groupby(level=0, sort=False).sum(),
                pd.concat(docs).groupby(level=0, sort=False).sum(),
                pd.concat(counts).groupby(level=[0, 1], sort=False).sum())

    def finish(self, combined) -> pd.DataFrame:
        sizes, docs, counts = combined
        width = self.width
        sizes = sizes.sort_index()
        shown = sizes.index if width is None or not len(sizes) else \
            pd.Index(range(int(sizes.index[0]), int(sizes.index[-1]) + 1, width), dtype="Int64")
        grid = pd.MultiIndex.from_product([self.names, shown], names=["series", "period"])
        table = pd.DataFrame(index=grid).reset_index()
        table["count"] = counts.reindex(grid, fill_value=0).to_numpy().astype(np.int64)
        table["tokens"] = sizes.reindex(table["period"], fill_value=0).to_numpy().astype(np.int64)
        table["docs"] = docs.reindex(table["period"], fill_value=0).to_numpy().astype(np.int64)
        table["per_10k"] = (table["count"] / table["tokens"].where(table["tokens"] > 0)) * 1e4
        if width is not None:
            table["period"] = [_bin_label(int(start), width) for start in table["period"]]
        return table[TREND_COLUMNS]
