"""Theme dictionaries: named lists of patterns, counted, located and audited.

A theme's count is the number of its mentions: the positions where one of its
patterns matches, a position hit by two patterns of the theme counted once (the
longest match, then the first pattern listed), and a word inside a phrase the
theme matched not counted again ("north caucasus" and "caucasus" find one
mention in "North Caucasus"). A number in a chart can always be traced back to
its hits with :func:`theme_hits`.

Each analysis is described once for :func:`corpusnb.engine.run.run`: what it counts
in a part of the token table (whole documents) and how the parts' counts add up, so
it gives the same table from a token table, a token store or Dask.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from corpusnb.analyses._lines import hit_lines
from corpusnb.analyses._pairs import measures as _measures
from corpusnb.analyses._counting import group_columns, keyed, plain, plain_index
from corpusnb.analyses._themes import _as_themes, _mentions, load_themes
from corpusnb.engine.run import Analysis, Part, run
from corpusnb.tokens.patterns import find

__all__ = ["dispersion", "dispersion_stats", "load_themes", "theme_cooccurrence",
           "theme_frequencies", "theme_hits", "theme_words"]

FIND_COLUMNS = ("doc_id", "section", "sent", "i", "start", "end", "norm")
"""The token columns a search reads (:func:`corpusnb.find`'s hits are made of them)."""


def theme_hits(tokens: pd.DataFrame, themes=None, *, window: int = 8,
               engine: str | None = None) -> pd.DataFrame:
    """Every hit of every theme, with its KWIC line, so each count can be audited.

    Parameters
    ----------
    tokens : pandas.DataFrame or Store
        A token table, or a token store.
    themes : DataFrame from :func:`load_themes`, or dict of theme -> patterns
        (a list of patterns, or one pattern as a string); default: the shipped themes
    window : int
        Words of context in ``left`` and ``right``; with 0, no context is cut
        and ``match`` holds the matched norms (faster, for counting).
    engine : {None, "local", "dask"}
        For a token store (:func:`corpusnb.index`) in place of the table: read it
        a part at a time here, or on the current ``dask.distributed`` client.

    Returns
    -------
    pandas.DataFrame
        theme, label, pattern, doc_id, section, sent, i, start, end, left,
        match, right; one row per mention (see the module docstring), theme by
        theme (in the order given), each in reading order.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> hits = theme_hits(cnb.tokenize(cnb.load_corpus()), {"sistema": ["sistema"]})
    >>> hits[["theme", "match"]].iloc[0].tolist()
    ['sistema', 'sistema']
    """
    return run(ThemeHits(themes, window), tokens, engine=engine)


HIT_COLUMNS = ["theme", "label", "pattern", "doc_id", "section", "sent", "i", "row", "start",
               "end", "left", "match", "right"]


class ThemeHits(Analysis):
    """:func:`theme_hits`: each part's mentions with their lines; the parts' put in
    order, theme by theme, each in reading order."""

    columns = FIND_COLUMNS

    def __init__(self, themes, window: int) -> None:
        self.themes, self.window = _as_themes(themes), window

    def count(self, part: Part) -> pd.DataFrame:
        tokens = part.tokens
        hits = _theme_mentions(tokens, self.themes)
        if not self.window:  # no context asked for: the match is the hit's norms
            hits = hits.assign(left="", right="")[HIT_COLUMNS]
        else:
            lines = hit_lines(tokens, hits, self.window)
            hits = hits.assign(**{column: pd.array(lines[column].to_numpy(), dtype="str")
                                  for column in ("left", "match", "right")})[HIT_COLUMNS]
        hits["doc_id"] = _doc_ids(hits)
        if part.offset:
            hits["row"] = hits["row"].to_numpy() + part.offset  # the row in the whole table
        return hits

    def combine(self, partials) -> pd.DataFrame:
        partials = list(partials)
        if len(partials) == 1:  # a table: already in order
            return partials[0]
        hits = pd.concat(partials, ignore_index=True)
        theme = hits["theme"].map({t: k for k, t in enumerate(self.themes.index)})
        order = np.lexsort([hits["row"].to_numpy(), theme.to_numpy()])
        return hits.iloc[order].reset_index(drop=True)


def _theme_mentions(tokens: pd.DataFrame, themes: pd.DataFrame) -> pd.DataFrame:
    """The mentions of each theme in turn (the columns of :func:`find`, theme and label),
    in reading order; ``match`` holds the matched norms."""
    from corpusnb.tokens._matching import Search, elements, found

    patterns = [list(row["patterns"]) for _, row in themes.iterrows()]
    search = Search(tokens, sum(len(elements(p, False)) for ps in patterns for p in ps))
    return pd.concat([_mentions(found(tokens, ps, False, search)).assign(theme=theme,
                                                                          label=label)
                      for theme, label, ps in zip(themes.index, themes["label"], patterns)],
                     ignore_index=True)


def theme_frequencies(tokens: pd.DataFrame, themes=None, *, by: str | None = "doc_id",
                      engine: str | None = None) -> pd.DataFrame:
    """How often each theme is evoked, per document, section or metadata value, with rates.

    Parameters
    ----------
    tokens : pandas.DataFrame or Store
        A token table, or a token store.
    themes : DataFrame from :func:`load_themes`, or dict of theme -> patterns
        (a list of patterns, or one pattern as a string); default: the shipped themes
    by : None, "doc_id", "section" or a metadata field ("year", "party", ...)
        Documents without a value of the field form no group.
    engine : {None, "local", "dask"}
        For a token store in place of the table: read it a part at a time
        here, or on the current ``dask.distributed`` client.

    Returns
    -------
    pandas.DataFrame
        theme, label, [doc_id, [section]] or [field], count, per_10k (per 10,000
        word tokens of the group), terms (the distinct matched words, most
        frequent first, ties in reading order). Every theme appears in every
        group, with 0 where it is absent; groups in reading order (documents as
        in the corpus, then sections).

    Examples
    --------
    >>> import corpusnb as cnb
    >>> freq = theme_frequencies(cnb.tokenize(cnb.load_corpus()))
    >>> freq.columns.tolist()
    ['theme', 'label', 'doc_id', 'count', 'per_10k', 'terms']
    """
    return run(ThemeFrequencies(themes, by), tokens, engine=engine)


class ThemeFrequencies(Analysis):
    """:func:`theme_frequencies`: in each part, the tokens of each group and the matched
    words of each (group, theme) with their mentions and first row; added up over the
    parts (a group such as a year may span parts)."""

    columns = FIND_COLUMNS
    sizes = True  # count the tokens of each group too

    def __init__(self, themes, by: str | None) -> None:
        self.themes, self.groups = _as_themes(themes), group_columns(by)

    def count(self, part: Part) -> tuple[pd.Series | None, pd.DataFrame, pd.Series]:
        tokens, groups = part.tokens, self.groups
        sizes = None
        if self.sizes:
            sizes = keyed(tokens, groups).assign(_all=0).groupby(  # groups in reading order
                groups or ["_all"], sort=False, observed=True).size()
            sizes.index = plain_index(sizes.index)
        found = _plain_hits(_theme_mentions(tokens, self.themes), tokens, groups)
        found["row"] = found["row"].to_numpy() + part.offset  # reading order over parts
        words = found.groupby([*groups, "theme", "match"], sort=False, dropna=True).agg(
            n=("row", "size"), first=("row", "min")).reset_index()
        return sizes, words, plain(tokens.iloc[:1], groups).dtypes

    def combine(self, partials) -> tuple[pd.Series | None, pd.DataFrame, pd.Series]:
        partials = list(partials)
        if len(partials) == 1:  # a table
            return partials[0]
        keys = self.groups or ["_all"]
        sizes = None
        if self.sizes:
            sizes = pd.concat([p[0] for p in partials])
            sizes = sizes.groupby(level=list(range(len(keys))), sort=False).sum()
        words = pd.concat([p[1] for p in partials], ignore_index=True)
        words = words.groupby([*self.groups, "theme", "match"], sort=False, dropna=True).agg(
            n=("n", "sum"), first=("first", "min")).reset_index()
        return sizes, words, partials[0][2]

    def finish(self, combined) -> pd.DataFrame:
        sizes, words, _ = combined
        return _theme_table(self.themes, self.groups, sizes, words)


def _theme_table(themes: pd.DataFrame, groups: list[str], sizes: pd.Series,
                 words: pd.DataFrame) -> pd.DataFrame:
    keys = groups or ["_all"]
    words = words if groups else words.assign(_all=0)
    grid = pd.MultiIndex.from_tuples(  # every theme in every group, in that order
        [(*(key if isinstance(key, tuple) else (key,)), theme)
         for key in sizes.index for theme in themes.index], names=[*keys, "theme"])
    table = pd.DataFrame(index=grid).reset_index()
    table["count"] = words.groupby([*keys, "theme"])["n"].sum().reindex(
        grid, fill_value=0).to_numpy().astype(np.int64)
    table["per_10k"] = table["count"] / np.repeat(sizes.to_numpy(), len(themes)) * 1e4
    table["terms"] = _terms(words, keys).reindex(grid, fill_value="").to_numpy()
    table["label"] = table["theme"].map(themes["label"])
    return table[["theme", "label", *groups, "count", "per_10k", "terms"]]


def _plain_hits(hits: pd.DataFrame, tokens: pd.DataFrame, groups: list[str]) -> pd.DataFrame:
    """Hits with their group columns as plain values (metadata joined by the hit's row)."""
    frame = pd.DataFrame({"theme": hits["theme"].to_numpy(),
                          "match": hits["match"].to_numpy(),  # norms
                          "row": hits["row"].to_numpy()})
    values = plain(tokens.iloc[frame["row"].to_numpy()], groups)  # the hits' rows only
    for column in groups:
        frame[column] = values[column].to_numpy()
    return frame


def _terms(words: pd.DataFrame, keys: list[str]) -> pd.Series:
    """The distinct matched words of each (group, theme): most frequent first, then in
    order of first occurrence."""
    # within a group, (n, first) differ from word to word: no ties to keep in order
    words = words.sort_values(["n", "first"], ascending=[False, True])
    return words.groupby([*keys, "theme"])["match"].agg(", ".join)


WORD_COLUMNS = ["theme", "label", "word", "count", "share", "theme_count"]


def theme_words(tokens: pd.DataFrame, themes=None, *, by: str | None = None,
                top: int | None = None, engine: str | None = None) -> pd.DataFrame:
    """The words that make each theme's count, with their share of its hits.

    A theme's count is the sum of its words' counts: a theme of twenty patterns
    whose hits are nearly all one word counts that word. This table says which.

    Parameters
    ----------
    tokens : pandas.DataFrame or Store
        A token table, or a token store.
    themes : DataFrame from :func:`load_themes`, or dict of theme -> patterns
        (a list of patterns, or one pattern as a string); default: the shipped themes
    by : None, "doc_id", "section" or a metadata field
        Count the words within each group (as :func:`theme_frequencies` groups).
    top : int, optional
        Keep only the ``top`` most frequent words of each theme (and group).
    engine : {None, "local", "dask"}
        For a token store (:func:`corpusnb.index`) in place of the table: read it
        a part at a time here, or on the current ``dask.distributed`` client.

    Returns
    -------
    pandas.DataFrame
        theme, label, [group columns], word (the matched norms; a phrase's words
        joined by spaces), count (its mentions), share (count / theme_count),
        theme_count (the theme's mentions in the group). Themes in the order
        given, groups in reading order, words most frequent first (ties: first
        occurrence first). A theme without a hit has no row.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> tokens = cnb.tokenize(cnb.load_corpus())
    >>> theme_words(tokens, {"labels": ["sistema", "putinism"]})[["word", "count", "share"]]
           word  count  share
    0  putinism      9   0.75
    1   sistema      3   0.25
    """
    return run(ThemeWords(themes, by, top), tokens, engine=engine)


class ThemeWords(ThemeFrequencies):
    """:func:`theme_words`: the words of :class:`ThemeFrequencies`, without the groups'
    sizes, ranked within each theme."""

    sizes = False

    def __init__(self, themes, by: str | None, top: int | None) -> None:
        super().__init__(themes, by)
        self.top = top

    def finish(self, combined) -> pd.DataFrame:
        _, words, dtypes = combined
        themes, groups = self.themes, self.groups
        columns = ["theme", "label", *groups, "word", "count", "share", "theme_count"]
        if words.empty:
            return pd.DataFrame(columns=columns)
        words = words.rename(columns={"n": "count"})
        keys = [*groups, "theme"]
        words["theme_count"] = words.groupby(keys)["count"].transform("sum")
        words["share"] = words["count"] / words["theme_count"]
        words["_theme"] = words["theme"].map({t: k for k, t in enumerate(themes.index)})
        order = ["_theme", "count", "first"]
        if groups:  # groups in reading order: by the first hit of each group
            words["_group"] = words.groupby(groups)["first"].transform("min")
            order = ["_group", *order]
        words = words.sort_values(order, ascending=[True] * (len(order) - 2) + [False, True],
                                  kind="stable")
        if self.top is not None:
            words = words.groupby(keys, sort=False).head(self.top)
        words = words.rename(columns={"match": "word"}).assign(
            label=lambda w: w["theme"].map(themes["label"]))
        for column, dtype in dtypes.items():
            words[column] = words[column].astype(dtype)  # years stay integers
        return words[columns].reset_index(drop=True)


def theme_cooccurrence(tokens: pd.DataFrame, themes=None, *, context: str = "sentence",
                       engine: str | None = None) -> pd.DataFrame:
    """How often two themes are evoked in the same sentence (or document).

    Parameters
    ----------
    tokens : pandas.DataFrame or Store
        A token table, or a token store.
    themes : DataFrame from :func:`load_themes`, or dict of theme -> patterns
        (a list of patterns, or one pattern as a string); default: the shipped themes
    context : {"sentence", "document"}
    engine : {None, "local", "dask"}
        For a token store (:func:`corpusnb.index`) in place of the table: read it
        a part at a time here, or on the current ``dask.distributed`` client.

    Returns
    -------
    pandas.DataFrame
        theme1, theme2 (theme1 < theme2), count (sentences with both), pmi,
        npmi, logdice, g2 — as in :func:`corpusnb.analyses.cooccurrence`, with N the
        number of sentences (documents) in the table; sorted by count.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> pairs = theme_cooccurrence(cnb.tokenize(cnb.load_corpus()))
    >>> pairs.columns.tolist()
    ['theme1', 'theme2', 'count', 'pmi', 'npmi', 'logdice', 'g2']
    """
    if context not in ("sentence", "document"):
        raise ValueError(f"context must be 'sentence' or 'document', not {context!r}")
    return run(ThemeCooccurrence(themes, context), tokens, engine=engine)


class ThemeCooccurrence(Analysis):
    """:func:`theme_cooccurrence`: in each part, its units (sentences or documents), the
    units each theme is in and the units each pair of themes is in; the parts' added
    (a unit is in one part), then scored."""

    columns = FIND_COLUMNS

    def __init__(self, themes, context: str) -> None:
        self.themes = _as_themes(themes)
        self.keys = ["doc_id", "sent"] if context == "sentence" else ["doc_id"]

    def count(self, part: Part) -> tuple[int, pd.Series, pd.Series]:
        tokens, keys = part.tokens, self.keys
        units = len(keyed(tokens, keys).drop_duplicates())
        present = _theme_mentions(tokens, self.themes)[[*keys, "theme"]].drop_duplicates()
        frequency = present["theme"].value_counts()
        pairs = present.merge(present, on=keys)
        pairs = pairs[pairs["theme_x"] < pairs["theme_y"]]
        return units, frequency, pairs.groupby(["theme_x", "theme_y"]).size()

    def combine(self, partials) -> tuple[int, pd.Series, pd.Series]:
        partials = list(partials)
        if len(partials) == 1:  # a table
            return partials[0]
        units = sum(p[0] for p in partials)
        # parts without a theme or a pair add nothing (and no dtype of an empty index)
        frequency = [p[1] for p in partials if len(p[1])] or [partials[0][1]]
        frequency = pd.concat(frequency).groupby(level=0).sum()
        counts = [p[2] for p in partials if len(p[2])] or [partials[0][2]]
        counts = pd.concat(counts).groupby(level=[0, 1]).sum()
        return units, frequency, counts

    def finish(self, combined) -> pd.DataFrame:
        units, frequency, counts = combined
        counts = counts.reset_index()
        counts.columns = ["theme1", "theme2", "count"]
        o = counts["count"].to_numpy()
        fa = counts["theme1"].map(frequency).to_numpy()
        fb = counts["theme2"].map(frequency).to_numpy()
        for name, values in _measures(o, fa, fb, float(units), 1.0).items():
            counts[name] = values
        counts = counts.sort_values(["count", "theme1", "theme2"],
                                    ascending=[False, True, True])
        return counts.reset_index(drop=True)


# ---------------------------------------------------------------- dispersion

def dispersion(tokens: pd.DataFrame, patterns, *, regex: bool = False,
               engine: str | None = None) -> pd.DataFrame:
    """Where each pattern occurs: one row per hit with its relative position.

    Parameters
    ----------
    tokens : pandas.DataFrame or Store
        A token table, or a token store.
    patterns : str or list of str
        Patterns of the pattern language; a pattern listed twice has its hits twice.
    regex : bool, default False
        Treat each space-separated element as a regular expression.
    engine : {None, "local", "dask"}
        For a token store (:func:`corpusnb.index`) in place of the table: read it
        a part at a time here, or on the current ``dask.distributed`` client.

    Returns
    -------
    pandas.DataFrame
        doc_id, pattern, i (token index of the hit's first word), position
        (i / number of tokens of the document, in [0, 1)), start, end.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> d = dispersion(cnb.tokenize(cnb.load_corpus()), ["north caucasus"])
    >>> bool(d["position"].between(0, 1).all())
    True
    """
    return run(Dispersion(patterns, regex), tokens, engine=engine)


def _doc_ids(hits: pd.DataFrame) -> pd.api.extensions.ExtensionArray:
    """The hits' doc_id as strings, whatever the search gave (a part's categorical
    decoded, or objects): the same dtype from a table and from a store's parts."""
    return pd.array(hits["doc_id"].astype(str).to_numpy(dtype=object), dtype="str")


def _listed(patterns) -> list[str]:
    return [patterns] if isinstance(patterns, str) else list(patterns)


class Dispersion(Analysis):
    """:func:`dispersion`: each part's hits of each distinct pattern with their positions
    in their (whole) documents; the parts' put pattern by pattern, a pattern listed twice
    given twice (as :func:`corpusnb.find` gives it)."""

    columns = FIND_COLUMNS

    def __init__(self, patterns, regex: bool) -> None:
        self.patterns, self.regex = _listed(patterns), regex
        self.distinct = list(dict.fromkeys(self.patterns))

    def count(self, part: Part) -> pd.DataFrame:
        tokens = part.tokens
        hits = find(tokens, self.distinct, regex=self.regex)
        out = hits[["doc_id", "pattern", "i", "start", "end"]].copy()
        out["doc_id"] = _doc_ids(hits)
        sizes = out["doc_id"].map(_document_sizes(tokens)).to_numpy(dtype=float)
        out["position"] = out["i"].to_numpy(dtype=float) / sizes  # float without hits too
        return out[["doc_id", "pattern", "i", "position", "start", "end"]]

    def combine(self, partials) -> pd.DataFrame:
        partials = list(partials)
        if len(partials) == 1:
            return partials[0]
        out = pd.concat(partials, ignore_index=True)
        number = out["pattern"].map({p: k for k, p in enumerate(self.distinct)}).to_numpy()
        return out.iloc[np.argsort(number, kind="stable")]  # parts in reading order

    def finish(self, out: pd.DataFrame) -> pd.DataFrame:
        if len(self.distinct) < len(self.patterns):  # a pattern listed again: its hits again
            pattern = out["pattern"].to_numpy()
            out = out.iloc[np.concatenate([np.flatnonzero(pattern == p) for p in self.patterns])]
        return out.reset_index(drop=True)


def _document_sizes(tokens: pd.DataFrame) -> pd.Series:
    """Tokens per document, in reading order: one more than the last token index seen."""
    last = tokens.groupby("doc_id", observed=True, sort=False)["i"].max()
    last.index = pd.Index(last.index.astype(str), dtype=object, name="doc_id")
    return last + 1


STATS_COLUMNS = ["pattern", "doc_id", "count", "per_10k", "dp", "juilland_d"]


def dispersion_stats(tokens: pd.DataFrame, patterns, *, parts: int = 10,
                     regex: bool = False, engine: str | None = None) -> pd.DataFrame:
    """How evenly each pattern is spread through each document.

    Each document is cut into ``parts`` equal stretches of token positions
    (position p of a document of n tokens is in part ⌊p · parts / n⌋; a
    document of fewer than ``parts`` tokens has one part per token). Gries' DP
    (deviation of proportions, 0 = perfectly even, near 1 = all in one part) is
    0.5 · Σ|v_i − s_i| with v_i the share of the hits and s_i the share of the
    positions in part i; Juilland's D is 1 − CV/√(k − 1), CV the coefficient of
    variation (population standard deviation / mean) of the hits per position
    in the k parts (1 = even; NaN for one part). A row with doc_id
    "(all documents)" treats the documents as the parts.


    Parameters
    ----------
    tokens : pandas.DataFrame or Store
        A token table, or a token store.
    patterns : str or list of str
        Patterns of the pattern language; a pattern listed twice is counted once.
    parts : int, default 10
        Stretches each document is cut into.
    regex : bool, default False
        Treat each space-separated element as a regular expression.
    engine : {None, "local", "dask"}
        For a token store (:func:`corpusnb.index`) in place of the table: read it
        a part at a time here, or on the current ``dask.distributed`` client.

    Returns
    -------
    pandas.DataFrame
        pattern, doc_id, count, per_10k, dp, juilland_d (NaN without hits); per
        pattern, the documents in reading order, then "(all documents)".

    Examples
    --------
    >>> import pandas as pd
    >>> tokens = pd.DataFrame({"doc_id": ["d"] * 4, "i": range(4), "sent": 0, "section": 0,
    ...                        "start": 0, "end": 0,
    ...                        "norm": pd.Categorical(["a", "b", "a", "b"])})
    >>> dispersion_stats(tokens, ["a"], parts=2)[["dp", "juilland_d"]].iloc[0].tolist()
    [0.0, 1.0]
    """
    if parts < 1:
        raise ValueError(f"parts must be 1 or more, not {parts}")
    return run(DispersionStats(patterns, parts, regex), tokens, engine=engine)


class DispersionStats(Analysis):
    """:func:`dispersion_stats`: in each part, the rows of its (whole) documents, each
    document's hits of each pattern and its size; the parts' rows put pattern by
    pattern, then the row over all documents from the parts' hits and sizes."""

    columns = FIND_COLUMNS

    def __init__(self, patterns, parts: int, regex: bool) -> None:
        self.patterns = list(dict.fromkeys(_listed(patterns)))  # a pattern counted once
        self.parts, self.regex = parts, regex

    def count(self, part: Part) -> tuple[list[list], np.ndarray, np.ndarray]:
        tokens, patterns = part.tokens, self.patterns
        hits = find(tokens, patterns, regex=self.regex)
        sizes = _document_sizes(tokens)
        number = hits["pattern"].map({p: k for k, p in enumerate(patterns)}).to_numpy(int)
        doc = sizes.index.get_indexer(hits["doc_id"].astype(str))
        key = number * len(sizes) + doc  # hits by pattern, then document (reading order)
        order = np.argsort(key, kind="stable")
        i, edges = hits["i"].to_numpy()[order], np.searchsorted(
            key[order], np.arange(len(patterns) * len(sizes) + 1))
        rows = [[[pattern, doc_id, *_spread(*_parts(i[edges[k * len(sizes) + d]:
                                                      edges[k * len(sizes) + d + 1]],
                                                    size, self.parts), size)]
                 for d, (doc_id, size) in enumerate(sizes.items())]
                for k, pattern in enumerate(patterns)]
        per_doc = np.diff(edges).reshape(len(patterns), len(sizes))
        return rows, per_doc, sizes.to_numpy()

    def combine(self, partials) -> tuple[list[list], np.ndarray, np.ndarray]:
        rows, per_doc, sizes = [[] for _ in self.patterns], [], []
        for part_rows, part_per_doc, part_sizes in partials:
            for mine, more in zip(rows, part_rows):
                mine.extend(more)
            per_doc.append(part_per_doc)
            sizes.append(part_sizes)
        per_doc = np.concatenate(per_doc, axis=1) if per_doc else \
            np.zeros((len(self.patterns), 0), dtype=np.int64)
        sizes = np.concatenate(sizes) if sizes else np.zeros(0, dtype=np.int64)
        return rows, per_doc, sizes

    def finish(self, combined) -> pd.DataFrame:
        rows, per_doc, sizes = combined
        table = []
        for k, pattern in enumerate(self.patterns if len(sizes) else []):  # empty: no rows
            table.extend(rows[k])
            table.append([pattern, "(all documents)",
                          *_spread(per_doc[k], sizes, sizes.sum())])
        return pd.DataFrame(table, columns=STATS_COLUMNS)


def _parts(i: np.ndarray, size: int, parts: int) -> tuple[np.ndarray, np.ndarray]:
    """Hits and positions in each part of a document of ``size`` positions; parts
    without positions (a document shorter than ``parts``) are left out."""
    counts = np.bincount(i * parts // size, minlength=parts)
    positions = np.bincount(np.arange(size) * parts // size, minlength=parts)
    return counts[positions > 0], positions[positions > 0]


def _spread(counts: np.ndarray, part_sizes: np.ndarray, total: int) -> list:
    n = int(counts.sum())
    if n == 0:
        return [0, 0.0, np.nan, np.nan]
    dp = 0.5 * np.abs(counts / n - part_sizes / part_sizes.sum()).sum()
    relative = counts / part_sizes
    cv = relative.std() / relative.mean()  # numpy's std is the population one (ddof=0)
    d = np.nan
    if len(counts) > 1:  # D >= 0 exactly; max(0.0, ...) drops a rounding error below 0
        d = max(0.0, float(1 - cv / np.sqrt(len(counts) - 1)))
    return [n, n / total * 1e4, float(dp), d]
