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

from corpusnb.analyses.frequency import docvar
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


def _period_values(tokens: pd.DataFrame, by: str, period: str) -> pd.Series:
    """The period of every row: the field itself for years, else a parsed date's year/month."""
    period = "year" if period == "decade" else period  # binned from the years
    values = docvar(tokens, by)
    if pd.api.types.is_integer_dtype(values) or pd.api.types.is_float_dtype(values):
        if period == "month":
            raise ValueError(f"{by!r} holds years, not dates: use period='year'")
        return values.astype("Int64")
    dates = pd.to_datetime(values, errors="coerce", format="mixed")
    if dates.notna().sum() == 0 and values.notna().any():
        raise ValueError(f"the values of {by!r} are not dates (e.g. {values.dropna().iloc[0]!r});"
                         " give a year or date field")
    return dates.dt.year.astype("Int64") if period == "year" else dates.dt.strftime("%Y-%m")


def _hits(tokens: pd.DataFrame, patterns_or_themes) -> tuple[pd.DataFrame, list[str]]:
    """Hit rows with a ``series`` name: one series per pattern, or per theme (its label)."""
    from corpusnb.analyses.themes import _as_themes, theme_hits

    if isinstance(patterns_or_themes, str) or (
            isinstance(patterns_or_themes, Iterable)
            and not isinstance(patterns_or_themes, (dict, pd.DataFrame))):
        patterns = [patterns_or_themes] if isinstance(patterns_or_themes, str) \
            else list(patterns_or_themes)
        hits = find(tokens, patterns)
        return hits.assign(series=hits["pattern"]), patterns
    themes = _as_themes(patterns_or_themes)
    hits = theme_hits(tokens, themes, window=0)
    return hits.assign(series=hits["label"]), list(themes["label"])


def trends(tokens: pd.DataFrame, patterns_or_themes, *, by: str = "year",
           period: str = "year", width: int | None = None) -> pd.DataFrame:
    """Counts and rates of patterns or themes per period.

    Parameters
    ----------
    tokens : pandas.DataFrame
        The token table (it knows its corpus, whose metadata gives the periods).
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
    periods = _period_values(tokens, by, period)
    if width is not None:  # each row's bin, by its first year
        periods = periods // width * width
    known = periods.notna().to_numpy()
    sizes = periods[known].value_counts().sort_index()
    doc = tokens["doc_id"]  # documents numbered, not made strings (no string per row)
    numbers = doc.cat.codes.to_numpy() if isinstance(doc.dtype, pd.CategoricalDtype) \
        else pd.factorize(doc)[0]
    docs = pd.Series(numbers[known]).groupby(periods[known].to_numpy()).nunique()
    hits, names = _hits(tokens, patterns_or_themes)
    hit_periods = periods.to_numpy()[hits["row"].to_numpy(dtype=np.int64)] if len(hits) \
        else np.array([], dtype=object)
    counts = pd.Series(1, index=pd.MultiIndex.from_arrays(
        [hits["series"].to_numpy(), hit_periods], names=["series", "period"])).groupby(
        level=[0, 1]).sum() if len(hits) else pd.Series(dtype=np.int64)
    shown = sizes.index if width is None or not len(sizes) else \
        pd.Index(range(int(sizes.index[0]), int(sizes.index[-1]) + 1, width), dtype="Int64")
    grid = pd.MultiIndex.from_product([names, shown], names=["series", "period"])
    table = pd.DataFrame(index=grid).reset_index()
    table["count"] = counts.reindex(grid, fill_value=0).to_numpy().astype(np.int64)
    table["tokens"] = sizes.reindex(table["period"], fill_value=0).to_numpy().astype(np.int64)
    table["docs"] = docs.reindex(table["period"], fill_value=0).to_numpy().astype(np.int64)
    table["per_10k"] = (table["count"] / table["tokens"].where(table["tokens"] > 0)) * 1e4
    if width is not None:
        table["period"] = [_bin_label(int(start), width) for start in table["period"]]
    return table[TREND_COLUMNS]
