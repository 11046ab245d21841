"""Theme dictionaries: named lists of patterns, counted, located and audited.

A theme's count is the number of its mentions: the positions where one of its
patterns matches, a position hit by two patterns of the theme counted once (the
longest match, then the first pattern listed), and a word inside a phrase the
theme matched not counted again ("north caucasus" and "caucasus" find one
mention in "North Caucasus"). A number in a chart can always be traced back to
its hits with :func:`theme_hits`.
"""
from __future__ import annotations

import functools
import tomllib
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from corpusnb import limits
from corpusnb._errors import CorpusError
from corpusnb.analyses.concordance import _hit_lines
from corpusnb.analyses._pairs import measures as _measures
from corpusnb.analyses._counting import group_columns, keyed, plain, plain_index
from corpusnb.analyses.frequency import _is_store
from corpusnb.tokens.patterns import find

__all__ = ["dispersion", "dispersion_stats", "load_themes", "theme_cooccurrence",
           "theme_frequencies", "theme_hits", "theme_words"]


def load_themes(path: str | Path | None = None) -> pd.DataFrame:
    """Theme dictionaries from a TOML file (the shipped ones by default).

    Each TOML table is a theme with ``label``, ``description`` and ``patterns``
    (no other key: a misspelt ``lable`` or an ``exclude`` the library does not
    know is an error, not a setting silently ignored). A theme file is read
    only when it is a regular file no larger than ``CORPUSNB_MAX_CATALOG_BYTES``
    (16 MiB), and a pattern may be at most ``CORPUSNB_MAX_PATTERN_CHARS`` (1,000)
    characters long (see :mod:`corpusnb.limits`).

    Returns
    -------
    pandas.DataFrame
        Indexed by theme: label, description, patterns (list of str).

    Examples
    --------
    >>> themes = load_themes()
    >>> themes.loc["separatism", "label"]
    'Separatism'
    >>> len(themes) >= 12
    True
    """
    if path is None:
        source, name = resources.files("corpusnb") / "data" / "themes.toml", \
            "the shipped themes.toml"
        read = source.read_bytes
    else:
        source, name = Path(path), str(path)
        read = functools.partial(limits.read_capped, source, "catalog", "a theme file")
    try:
        data = tomllib.loads(read().decode("utf-8"))
    except UnicodeDecodeError as err:
        raise CorpusError(f"{name} is not UTF-8 (byte {err.start}); save it as UTF-8") \
            from None
    except tomllib.TOMLDecodeError as err:
        raise CorpusError(f"{name} is not valid TOML ({err}); fix that line") from None
    rows = [_theme_row(name, key, table) for key, table in data.items()]
    return pd.DataFrame(rows, columns=["theme", "label", "description", "patterns"]
                        ).set_index("theme")


_THEME_KEYS = ("label", "description", "patterns")


def _theme_row(name: str, key: str, table) -> list:
    if not isinstance(table, dict) or not isinstance(table.get("patterns"), list) \
            or not table["patterns"] or not all(isinstance(p, str) for p in table["patterns"]):
        raise CorpusError(f"{name}: theme [{key}] needs patterns = [\"word\", \"glob*\", ...]")
    _check_theme_keys(name, key, table)
    _check_pattern_lengths(name, key, table["patterns"])
    return [key, table.get("label", key), table.get("description", ""), table["patterns"]]


def _check_theme_keys(name: str, key: str, table: dict) -> None:
    unknown = [k for k in table if k not in _THEME_KEYS]
    if unknown:
        raise CorpusError(f"{name}: theme [{key}] has unknown key(s) {', '.join(unknown)}; the "
                          f"keys of a theme are {', '.join(_THEME_KEYS)} (fix the spelling, "
                          "or remove the key: corpusnb has no other theme setting)")


def _check_pattern_lengths(name: str, key: str, patterns: list[str]) -> None:
    cap = limits.limit("pattern")
    for number, pattern in enumerate(patterns, start=1):
        if len(pattern) > cap:
            raise CorpusError(f"{name}: theme [{key}], pattern {number} has {len(pattern):,} "
                              f"characters, over the cap of {cap:,}; shorten it, or raise "
                              f"the cap with the environment variable "
                              f"{limits.variable('pattern')}")


def _as_themes(themes) -> pd.DataFrame:
    """Themes as a table with label and patterns (a dict's keys are the labels; a single
    pattern may be given as a string)."""
    if themes is None:
        return load_themes()
    if isinstance(themes, dict):
        themes = pd.DataFrame(
            {"label": list(themes),
             "patterns": [[v] if isinstance(v, str) else list(v) for v in themes.values()]},
            index=list(themes))
    if themes.empty:
        raise ValueError("no themes given; pass a dict of theme -> patterns or "
                         "cnb.load_themes()")
    return themes


def theme_hits(tokens: pd.DataFrame, themes=None, *, window: int = 8) -> pd.DataFrame:
    """Every hit of every theme, with its KWIC line, so each count can be audited.

    Parameters
    ----------
    tokens : pandas.DataFrame
    themes : DataFrame from :func:`load_themes`, or dict of theme -> patterns
        (a list of patterns, or one pattern as a string); default: the shipped themes
    window : int
        Words of context in ``left`` and ``right``; with 0, no context is cut
        and ``match`` holds the matched norms (faster, for counting).

    Returns
    -------
    pandas.DataFrame
        theme, label, pattern, doc_id, section, sent, i, start, end, left,
        match, right; one row per mention (see the module docstring), in
        reading order.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> hits = theme_hits(cnb.tokenize(cnb.load_corpus()), {"sistema": ["sistema"]})
    >>> hits[["theme", "match"]].iloc[0].tolist()
    ['sistema', 'sistema']
    """
    hits = _theme_mentions(tokens, _as_themes(themes))
    if not window:  # no context asked for: the match is the hit's norms
        return hits.assign(left="", right="")[HIT_COLUMNS]
    lines = _hit_lines(tokens, hits, window)
    return hits.assign(**{column: pd.array(lines[column].to_numpy(), dtype="str")
                          for column in ("left", "match", "right")})[HIT_COLUMNS]


HIT_COLUMNS = ["theme", "label", "pattern", "doc_id", "section", "sent", "i", "row", "start",
               "end", "left", "match", "right"]


def _theme_mentions(tokens: pd.DataFrame, themes: pd.DataFrame) -> pd.DataFrame:
    """The mentions of each theme in turn (the columns of :func:`find`, theme and label),
    in reading order; ``match`` holds the matched norms."""
    from corpusnb.tokens.patterns import _elements, _found, _Search

    patterns = [list(row["patterns"]) for _, row in themes.iterrows()]
    search = _Search(tokens, sum(len(_elements(p, False)) for ps in patterns for p in ps))
    return pd.concat([_mentions(_found(tokens, ps, False, search)).assign(theme=theme,
                                                                          label=label)
                      for theme, label, ps in zip(themes.index, themes["label"], patterns)],
                     ignore_index=True)


def _mentions(hits: pd.DataFrame) -> pd.DataFrame:
    """One hit per mention: at each position the longest match, then the first pattern
    listed (lexsort is stable), and no hit that starts inside the previous one."""
    order = np.lexsort([-hits["length"].to_numpy(), hits["row"].to_numpy()])
    hits = hits.iloc[order]
    keep, covered = [], -1  # the last row of the previous kept hit
    for row, length in zip(hits["row"], hits["length"]):
        keep.append(row > covered)
        covered = row + length - 1 if row > covered else covered
    return hits[np.array(keep, dtype=bool)]


def theme_frequencies(tokens: pd.DataFrame, themes=None, *, by: str | None = "doc_id",
                      engine: str | None = None) -> pd.DataFrame:
    """How often each theme is evoked, per document, section or metadata value, with rates.

    Parameters
    ----------
    tokens : pandas.DataFrame
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
    if _is_store(tokens):
        from corpusnb.engine import chunked

        return chunked.theme_frequencies(tokens, themes, by=by, engine=engine)
    themes = _as_themes(themes)
    groups = group_columns(by)
    return _theme_table(themes, groups, *_theme_counts(tokens, themes, groups))


def _theme_counts(tokens: pd.DataFrame, themes: pd.DataFrame, groups: list[str]
                  ) -> tuple[pd.Series, pd.DataFrame]:
    """The tokens of each group (in reading order) and the theme mentions with their
    groups, from which :func:`_theme_table` makes the table."""
    keys = groups or ["_all"]
    sizes = keyed(tokens, groups).assign(_all=0).groupby(  # groups in reading order
        keys, sort=False, observed=True).size()
    sizes.index = plain_index(sizes.index)
    found = _plain_hits(_theme_mentions(tokens, themes), tokens, groups).assign(_all=0)
    return sizes, found


def _theme_table(themes: pd.DataFrame, groups: list[str], sizes: pd.Series,
                 found: pd.DataFrame) -> pd.DataFrame:
    keys = groups or ["_all"]
    grid = pd.MultiIndex.from_tuples(  # every theme in every group, in that order
        [(*(key if isinstance(key, tuple) else (key,)), theme)
         for key in sizes.index for theme in themes.index], names=[*keys, "theme"])
    table = pd.DataFrame(index=grid).reset_index()
    table["count"] = found.groupby([*keys, "theme"]).size().reindex(grid, fill_value=0
                                                                     ).to_numpy()
    table["per_10k"] = table["count"] / np.repeat(sizes.to_numpy(), len(themes)) * 1e4
    table["terms"] = _terms(found, keys).reindex(grid, fill_value="").to_numpy()
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


def _terms(found: pd.DataFrame, keys: list[str]) -> pd.Series:
    """The distinct matched words of each (group, theme): most frequent first, then in
    order of first occurrence."""
    words = found.groupby([*keys, "theme", "match"]).agg(
        n=("row", "size"), first=("row", "min")).reset_index()
    # within a group, (n, first) differ from word to word: no ties to keep in order
    words = words.sort_values(["n", "first"], ascending=[False, True])
    return words.groupby([*keys, "theme"])["match"].agg(", ".join)


WORD_COLUMNS = ["theme", "label", "word", "count", "share", "theme_count"]


def theme_words(tokens: pd.DataFrame, themes=None, *, by: str | None = None,
                top: int | None = None) -> pd.DataFrame:
    """The words that make each theme's count, with their share of its hits.

    A theme's count is the sum of its words' counts: a theme of twenty patterns
    whose hits are nearly all one word counts that word. This table says which.

    Parameters
    ----------
    tokens : pandas.DataFrame
        A token table (not a token store).
    themes : DataFrame from :func:`load_themes`, or dict of theme -> patterns
        (a list of patterns, or one pattern as a string); default: the shipped themes
    by : None, "doc_id", "section" or a metadata field
        Count the words within each group (as :func:`theme_frequencies` groups).
    top : int, optional
        Keep only the ``top`` most frequent words of each theme (and group).

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
    if _is_store(tokens):
        raise ValueError("theme_words needs a token table: read the store's tokens first "
                         "(cnb.tokenize(corpus))")
    themes = _as_themes(themes)
    groups = group_columns(by)
    found = _plain_hits(_theme_mentions(tokens, themes), tokens, groups)
    columns = ["theme", "label", *groups, "word", "count", "share", "theme_count"]
    if found.empty:
        return pd.DataFrame(columns=columns)
    words = found.groupby([*groups, "theme", "match"], sort=False, dropna=True).agg(
        count=("row", "size"), first=("row", "min")).reset_index()
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
    if top is not None:
        words = words.groupby(keys, sort=False).head(top)
    words = words.rename(columns={"match": "word"}).assign(
        label=lambda w: w["theme"].map(themes["label"]))
    for column, dtype in plain(tokens.iloc[:1], groups).dtypes.items():
        words[column] = words[column].astype(dtype)  # years stay integers
    return words[columns].reset_index(drop=True)


def theme_cooccurrence(tokens: pd.DataFrame, themes=None, *, context: str = "sentence"
                       ) -> pd.DataFrame:
    """How often two themes are evoked in the same sentence (or document).

    Parameters
    ----------
    tokens : pandas.DataFrame
    themes : DataFrame from :func:`load_themes`, or dict of theme -> patterns
        (a list of patterns, or one pattern as a string); default: the shipped themes
    context : {"sentence", "document"}

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
    keys = ["doc_id", "sent"] if context == "sentence" else ["doc_id"]
    units = keyed(tokens, keys).drop_duplicates()
    present = _theme_mentions(tokens, _as_themes(themes))[[*keys, "theme"]].drop_duplicates()
    frequency = present["theme"].value_counts()
    pairs = present.merge(present, on=keys)
    pairs = pairs[pairs["theme_x"] < pairs["theme_y"]]
    counts = pairs.groupby(["theme_x", "theme_y"]).size().reset_index()
    counts.columns = ["theme1", "theme2", "count"]
    o = counts["count"].to_numpy()
    fa = counts["theme1"].map(frequency).to_numpy()
    fb = counts["theme2"].map(frequency).to_numpy()
    for name, values in _measures(o, fa, fb, float(len(units)), 1.0).items():
        counts[name] = values
    counts = counts.sort_values(["count", "theme1", "theme2"], ascending=[False, True, True])
    return counts.reset_index(drop=True)


# ---------------------------------------------------------------- dispersion

def dispersion(tokens: pd.DataFrame, patterns, *, regex: bool = False) -> pd.DataFrame:
    """Where each pattern occurs: one row per hit with its relative position.

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
    hits = find(tokens, patterns, regex=regex)
    sizes = _document_sizes(tokens)
    out = hits[["doc_id", "pattern", "i", "start", "end"]].copy()
    out["position"] = out["i"] / out["doc_id"].astype(str).map(sizes).to_numpy()
    return out[["doc_id", "pattern", "i", "position", "start", "end"]]


def _document_sizes(tokens: pd.DataFrame) -> pd.Series:
    """Tokens per document, in reading order: one more than the last token index seen."""
    last = tokens.groupby("doc_id", observed=True, sort=False)["i"].max()
    last.index = pd.Index(last.index.astype(str), dtype=object, name="doc_id")
    return last + 1


STATS_COLUMNS = ["pattern", "doc_id", "count", "per_10k", "dp", "juilland_d"]


def dispersion_stats(tokens: pd.DataFrame, patterns, *, parts: int = 10,
                     regex: bool = False) -> pd.DataFrame:
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
    hits = dispersion(tokens, patterns, regex=regex)
    sizes = _document_sizes(tokens)
    patterns = [patterns] if isinstance(patterns, str) else list(patterns)
    rows = []
    for pattern in patterns if len(sizes) else []:  # an empty table: no rows at all
        mine = hits[hits["pattern"] == pattern]
        for doc_id, size in sizes.items():
            i = mine.loc[mine["doc_id"].astype(str) == doc_id, "i"].to_numpy()
            rows.append([pattern, doc_id, *_spread(*_parts(i, size, parts), size)])
        per_doc = mine["doc_id"].astype(str).value_counts().reindex(sizes.index, fill_value=0)
        rows.append([pattern, "(all documents)",
                     *_spread(per_doc.to_numpy(), sizes.to_numpy(), sizes.sum())])
    return pd.DataFrame(rows, columns=STATS_COLUMNS)


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
