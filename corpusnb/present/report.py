"""Small helpers that let a notebook state its findings with the numbers behind them.

A narrative notebook makes claims about the seed texts ("separatism is most
frequent in Markedonov's article"). :func:`claim` checks such a claim when the
notebook runs on the seed corpus, so a change that breaks it fails the run; on
another corpus it names no seed text and checks nothing (``corpusnb run`` drops
the cells tagged ``seeds-only`` altogether). :func:`rates_sentence`,
:func:`corpus_sentence` and :func:`focus_document` turn tables into sentences
that are true for whatever corpus is in hand, and :func:`main_tables` gives the
tables ``corpusnb run`` saves beside its pages.
"""
from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from corpusnb.present._languages import LANGUAGE_NAMES as _LANGUAGE_NAMES
from corpusnb.text.corpus import Corpus, seed_path

__all__ = ["ClaimError", "claim", "comparison_groups", "corpus_sentence", "focus_document",
           "is_seed_corpus", "keywords_sentence", "leading_themes_sentence", "main_tables",
           "mattr_sentence", "rates_sentence", "sections_sentence", "shared_sentence",
           "theme_words_sentence", "themes_sentence", "trend_sentence", "with_groups",
           "leader_sentence", "cut_sentence"]

# A theme is "driven by one word" when that word makes over half its hits, and a count
# under THIN_HITS is read as a handful of sentences, not as a finding.
DRIVEN_SHARE = 0.5
THIN_HITS = 5


class ClaimError(AssertionError):
    """A claim a notebook makes about the seed texts no longer holds."""


def is_seed_corpus(corpus: Corpus) -> bool:
    """Whether ``corpus`` is the bundled seed corpus: its ids and the sha256 sums of its
    source files are those of the seed catalog, in order (cleaning options aside).

    Examples
    --------
    >>> from corpusnb.text.corpus import load_corpus
    >>> is_seed_corpus(load_corpus())
    True
    """
    ids, sums = _seed_catalog()
    return corpus.ids == ids and [doc.meta.get("sha256") for doc in corpus] == sums


def _seed_catalog() -> tuple[list[str], list[str]]:
    catalog = tomllib.loads((seed_path() / "catalog.toml").read_text(encoding="utf-8"))
    entries = catalog["document"]
    return [e["doc_id"] for e in entries], [e["sha256"] for e in entries]


def claim(statement: str, check: Callable[[], bool], *, corpus: Corpus) -> None:
    """Check a claim about the seed texts; on another corpus, check nothing.

    Parameters
    ----------
    statement : str
        The claim, as the prose states it.
    check : callable
        Returns True when the claim holds; called only on the seed corpus, so it
        may name seed documents freely.
    corpus : Corpus
        The corpus the notebook is reading.

    On the seeds it prints "Checked: ..." (or raises); on another corpus it
    prints one line saying the cell is about the seed texts, without repeating
    the claim, so that no page names a text that is not in its corpus.

    Raises
    ------
    ClaimError
        When the corpus is the seed corpus and the claim does not hold.

    Examples
    --------
    >>> from corpusnb.text.corpus import load_corpus
    >>> corpus = load_corpus()
    >>> claim("There are three texts.", lambda: len(corpus) == 3, corpus=corpus)
    Checked: There are three texts.
    """
    if not is_seed_corpus(corpus):
        print("(This check is about the seed texts; this corpus is another one, so it is "
              "skipped.)")
        return
    if not check():
        raise ClaimError(f"This claim no longer holds for the seed texts: {statement}")
    print(f"Checked: {statement}")


def rates_sentence(table: pd.DataFrame, *, name: str, what: str, value: str = "per_10k",
                   count: str = "count", limit: int = 8) -> str:
    """One sentence listing each row's rate and raw count, highest first.

    Parameters
    ----------
    table : pandas.DataFrame
        Rows to report (e.g. one theme's rows of :func:`corpusnb.theme_frequencies`).
    name : str
        The column that names each row (e.g. "doc_id").
    what : str
        What is counted, for the sentence ("separatism vocabulary").
    limit : int, default 8
        Name at most this many rows (those with the highest rates); the rest
        are summed up ("and 12 more with 30 hits in all").

    Examples
    --------
    >>> t = pd.DataFrame({"doc_id": ["a", "b"], "count": [1, 4], "per_10k": [2.0, 8.5]})
    >>> rates_sentence(t, name="doc_id", what="separatism vocabulary")
    'separatism vocabulary: b 8.5 per 10,000 words (4 hits); a 2.0 (1).'
    >>> rates_sentence(t, name="doc_id", what="oil", limit=1)
    'oil: b 8.5 per 10,000 words (4 hits); and 1 more with 1 hits in all.'
    >>> rates_sentence(t.assign(count=0), name="doc_id", what="oil")
    'No hits for oil in this corpus.'
    """
    if table.empty or table[count].sum() == 0:
        return f"No hits for {what} in this corpus."
    rows = table.sort_values([value, name], ascending=[False, True])
    silent = int((rows[count] == 0).sum())
    rows = rows[rows[count] > 0]
    shown, rest = rows.head(limit), rows.iloc[limit:]
    parts = [f"{r[name]} {r[value]:.1f} per 10,000 words ({int(r[count])} hits)"
             if k == 0 else f"{r[name]} {r[value]:.1f} ({int(r[count])})"
             for k, (_, r) in enumerate(shown.iterrows())]
    if len(rest):
        parts.append(f"and {len(rest):,} more with {int(rest[count].sum()):,} hits in all")
    if silent:
        parts.append(f"none in the other {silent:,}")
    return f"{what}: " + "; ".join(parts) + "."


def corpus_sentence(corpus: Corpus, tokens: pd.DataFrame) -> str:
    """One sentence describing the corpus in hand: documents, words, years, languages.

    Examples
    --------
    >>> from corpusnb.text.corpus import load_corpus
    >>> from corpusnb.tokens.tokens import tokenize
    >>> corpus = load_corpus()
    >>> tokens = tokenize(corpus)
    >>> sentence = corpus_sentence(corpus, tokens)
    >>> sentence.startswith(f"3 documents, {len(tokens):,} word tokens, from 2012 to 2018, "
    ...                     "in English (3); the longest is kazakhstan-eu-2018")
    True
    """
    from corpusnb.analyses.overview import document_sizes

    meta = corpus.metadata
    sizes = document_sizes(tokens).reindex(corpus.ids, fill_value=0)
    years = pd.to_numeric(meta["year"], errors="coerce").dropna()
    when = "" if years.empty else (f", from {int(years.min())} to {int(years.max())}"
                                   if years.min() != years.max() else f", all from "
                                   f"{int(years.min())}")
    languages = ", ".join(f"{_LANGUAGE_NAMES.get(k, k)} ({v})"
                          for k, v in meta["language"].value_counts().items())
    total = int(sizes.sum())
    text = (f"{len(corpus):,} document{'s' if len(corpus) != 1 else ''}, {total:,} word "
            f"tokens{when}, in {languages or 'no detected language'}")
    if total and len(corpus) > 1:
        longest = sizes.idxmax()
        text += (f"; the longest is {longest} ({sizes[longest]:,} word tokens, "
                 f"{_percent(sizes[longest] / total)} of the corpus)")
    return text + "."


def _percent(share: float) -> str:
    """A share as a whole percentage, or with two significant digits below 1 % (a large
    corpus's longest document is not "0 %").

    >>> _percent(0.584), _percent(0.000367), _percent(0.0)
    ('58%', '0.037%', '0%')
    """
    return f"{share:.0%}" if share >= 0.01 or share == 0 else f"{share * 100:.2g}%"



def focus_document(tokens: pd.DataFrame, patterns: str | Iterable[str], *,
                   preferred: str | None = None, what: str | None = None
                   ) -> tuple[str | None, str]:
    """The document a notebook should look at closely, and a sentence saying why.

    ``preferred`` is used when the table has it; otherwise the document with
    the most hits of ``patterns`` (ties: the higher rate per 10,000 words, then
    corpus order); with no hit anywhere, the longest document. The sentence
    names the documents tied on hits and how the tie was broken, and says when
    the choice rests on fewer than ``THIN_HITS`` (5) hits.

    Parameters
    ----------
    what : str, optional
        What the patterns are, for the sentence (e.g. a theme's label); by
        default the patterns themselves.

    Returns
    -------
    (doc_id or None, sentence)
        None only for a table without tokens.

    Examples
    --------
    >>> from corpusnb.text.corpus import load_corpus
    >>> from corpusnb.tokens.tokens import tokenize
    >>> tokens = tokenize(load_corpus())
    >>> focus_document(tokens, ["multi-vector*"], preferred="nope")[0]
    'kazakhstan-eu-2018'
    """
    from corpusnb.analyses.overview import document_sizes
    from corpusnb.analyses.search import find

    sizes = document_sizes(tokens)
    ids = list(sizes.index)
    if not ids or sizes.sum() == 0:
        return None, "The corpus has no word tokens, so there is no document to focus on."
    if preferred in ids:
        return preferred, f"Focus document: {preferred} (as set in the parameters)."
    patterns = [patterns] if isinstance(patterns, str) else list(patterns)
    what = what or ", ".join(patterns)
    hits = find(tokens, patterns)["doc_id"].astype(str).value_counts().reindex(ids,
                                                                               fill_value=0)
    if hits.sum() == 0:
        longest = sizes.idxmax()
        return longest, (f"No document uses {what}; the focus is the longest "
                         f"document, {longest} ({sizes[longest]:,} word tokens).")
    order = pd.DataFrame({"hits": hits, "rate": hits / sizes.replace(0, np.nan) * 1e4,
                          "position": np.arange(len(ids))}).sort_values(
        ["hits", "rate", "position"], ascending=[False, False, True])
    best = order.index[0]
    n, rate = int(hits[best]), order.loc[best, "rate"]
    tied = order[order["hits"] == n]
    if len(tied) == 1:
        text = (f"Focus document: {best}, the document with the most hits of {what} "
                f"({n} of {int(hits.sum())} in the corpus, {rate:.1f} per 10,000 words).")
    else:
        named = ", ".join(f"{d} {r:.1f}" for d, r in tied["rate"].head(5).items())
        more = f" and {len(tied) - 5:,} more" if len(tied) > 5 else ""
        text = (f"Focus document: {best}, one of {len(tied):,} documents tied with the most "
                f"hits of {what} ({n} each, of {int(hits.sum())} in the corpus); the tie is "
                f"broken by the rate per 10,000 words, then corpus order: {named}{more}.")
    if n < THIN_HITS:
        text += (f" {n} hit{'s' if n != 1 else ''} {'are' if n != 1 else 'is'} thin "
                 "evidence: what this document shows may hold for no other; compare the "
                 "documents' counts above before reading it as typical.")
    return best, text


def main_tables(corpus: Corpus, themes: pd.DataFrame | None = None, *,
                max_keyness_documents: int = 20, tokens: pd.DataFrame | None = None
                ) -> dict[str, pd.DataFrame]:
    """The tables ``corpusnb run`` saves beside its pages (CSV and Excel).

    documents (the metadata), frequencies (content words, whole corpus),
    frequencies_by_document, themes_by_document (shipped or given themes), and
    keyness (each document against the rest, content words, min_count 3) when
    the corpus has 2 to ``max_keyness_documents`` documents. ``tokens``: the
    corpus' token table when the caller has it (else :func:`tokens_of`: the table, or
    for a token store the store itself, read a part at a time by every analysis).

    Examples
    --------
    >>> from corpusnb.text.corpus import load_corpus
    >>> list(main_tables(load_corpus()))  # doctest: +NORMALIZE_WHITESPACE
    ['documents', 'frequencies', 'frequencies_by_document', 'themes_by_document', 'keyness']
    """
    from corpusnb.analyses.frequency import frequencies, keyness
    from corpusnb.analyses.themes import theme_frequencies
    from corpusnb.engine.sources import content_words, tokens_of
    from corpusnb.analyses.overview import document_sizes

    tokens = tokens_of(corpus) if tokens is None else tokens
    content = content_words(tokens)
    tables = {
        "documents": corpus.metadata,
        "frequencies": frequencies(tokens),
        "frequencies_by_document": frequencies(tokens, by="doc_id"),
        "themes_by_document": theme_frequencies(tokens, themes),
    }
    sizes = document_sizes(content)
    with_tokens = [i for i in corpus.ids if sizes.get(i, 0)]
    if 2 <= len(with_tokens) <= max_keyness_documents:
        tables["keyness"] = pd.concat(
            [keyness(content, doc_id).assign(target=doc_id) for doc_id in with_tokens],
            ignore_index=True)
    return tables


_NOT_GROUPS = {"doc_id", "title", "author", "venue", "source", "file", "encoding", "n_chars",
               "n_words", "n_removed", "sha256", "row", "date", "language", "year"}


def comparison_groups(corpus: Corpus, by: str | None = None, *, max_groups: int = 6
                      ) -> tuple[str, dict[str, list[str]], str]:
    """The groups of documents a comparison should set side by side.

    With ``by`` (a metadata field), one group per value. Without it: each
    document when there are at most ``max_groups``; otherwise the metadata
    field with the fewest values, at least 2 and at most ``max_groups``, each
    value held by at least 2 documents (party before speaker; the catalog's or
    table's own fields before language and year on a tie); otherwise periods of
    years (decades, or wider spans) when documents have years; otherwise the
    ``max_groups`` longest documents, each against the rest.

    Returns
    -------
    (field, groups, sentence)
        ``field`` is "doc_id" or the metadata field; ``groups`` maps each
        group's name to its doc_ids (in corpus order); ``sentence`` says what
        was chosen and why.

    Examples
    --------
    >>> from corpusnb.text.corpus import load_corpus
    >>> field, groups, _ = comparison_groups(load_corpus())
    >>> field, list(groups)
    ('doc_id', ['markedonov-2012', 'lrb-2015', 'kazakhstan-eu-2018'])
    """
    meta = corpus.metadata
    if by is not None and by != "doc_id":
        if by not in meta.columns:
            raise ValueError(f"no metadata field {by!r}; the fields are {list(meta.columns)}")
        return by, _groups(meta[by]), f"Groups: the values of {by!r} ({meta[by].nunique()})."
    if by == "doc_id" or len(corpus) <= max_groups:
        return "doc_id", {i: [i] for i in corpus.ids}, "Each document is its own group."
    fields = [c for c in meta.columns if c not in _NOT_GROUPS] + ["language", "year"]
    sizes = {f: meta[f].nunique() for f in fields if _comparable(meta[f], max_groups)}
    if sizes:
        field = min(sizes, key=lambda f: (sizes[f], fields.index(f)))
        return field, _groups(meta[field]), (
            f"With {len(corpus):,} documents, they are grouped by {field!r} "
            f"({sizes[field]} values{_left_out(meta[field])}); set compare_by to choose "
            "another field.")
    periods = _periods(meta["year"], max_groups)
    if periods is not None:
        groups, span = periods
        return "period", groups, (
            f"With {len(corpus):,} documents from {meta['year'].nunique():,} different "
            f"years, they are grouped by period: {len(groups)} {span} "
            f"({', '.join(groups)}{_left_out(meta['year'])}); set compare_by to choose "
            "a metadata field instead.")
    longest = meta["n_words"].nlargest(max_groups).index
    return "doc_id", {i: [i] for i in corpus.ids if i in set(longest)}, (
        f"No metadata field has 2 to {max_groups} values, so the {max_groups} longest of "
        f"{len(corpus):,} documents are compared, each against all the others.")


def _comparable(values: pd.Series, max_groups: int) -> bool:
    """2 to ``max_groups`` values, each held by at least 2 documents: one document of
    thirteen (a single Russian speech among English ones) is no group to compare.

    >>> _comparable(pd.Series(["en"] * 12 + ["ru"]), 6), _comparable(pd.Series(list("aabb")), 6)
    (False, True)
    """
    counts = values.value_counts()
    return bool(2 <= len(counts) <= max_groups and counts.min() >= 2)


def _left_out(values: pd.Series) -> str:
    """What a grouping leaves out: the documents without a value.

    >>> _left_out(pd.Series([1.0, None, None]))
    '; 2 documents without a value are left out'
    """
    missing = int(values.isna().sum())
    return "" if not missing else (f"; {missing:,} document{'s' if missing != 1 else ''} "
                                   "without a value " + ("is" if missing == 1 else "are")
                                   + " left out")


_SPANS = [10, 20, 25, 50, 100, 200, 250, 500, 1000]


def _periods(years: pd.Series, max_groups: int) -> tuple[dict[str, list[str]], str] | None:
    """Documents grouped by decade, or by the narrowest wider span of years (20, 25, 50,
    100, ... years) that makes 2 to ``max_groups`` groups; None when there are fewer
    than two different years or no span fits.

    >>> _periods(pd.Series([1789, 1793, 1801, 1961], index=list("abcd")), 6)
    ({'1780s': ['a'], '1790s': ['b'], '1800s': ['c'], '1960s': ['d']}, 'decades')
    >>> _periods(pd.Series([1789, 1801, 1945, 1961], index=list("abcd")), 3)
    ({'1700–1799': ['a'], '1800–1899': ['b'], '1900–1999': ['c', 'd']}, 'spans of 100 years')
    """
    known = pd.to_numeric(years, errors="coerce").dropna()
    if known.nunique() < 2:
        return None
    for width in _SPANS:
        starts = (known // width * width).astype(int)
        if 2 <= starts.nunique() <= max_groups:
            groups: dict[str, list[str]] = {}
            for start in sorted(starts.unique()):
                name = f"{start}s" if width == 10 else f"{start}–{start + width - 1}"
                groups[name] = [str(d) for d in starts.index[starts == start]]
            return groups, "decades" if width == 10 else f"spans of {width} years"
    return None


def with_groups(tokens: pd.DataFrame, field: str, groups: dict[str, list[str]]
                ) -> pd.DataFrame:
    """The token table with a column ``field`` naming each row's group, so that counts
    ``by=field`` follow the groups of :func:`comparison_groups`; unchanged when
    ``field`` is already a column or a metadata field (rows of documents in no group:
    no value). A token store is returned as it is for doc_id or a metadata field; it
    takes no new column, so other groups (periods) raise a CorpusError saying so.

    Examples
    --------
    >>> t = pd.DataFrame({"doc_id": ["a", "a", "b", "c"], "i": [0, 1, 0, 0]})
    >>> with_groups(t, "period", {"1780s": ["a", "c"]})["period"].tolist()
    ['1780s', '1780s', nan, '1780s']
    """
    from corpusnb.engine.sources import is_store
    from corpusnb.tokens.tokens import corpus_of

    if is_store(tokens):  # a store stands for its corpus: its metadata groups
        if field == "doc_id" or field in tokens.metadata.columns:
            return tokens
        from corpusnb._errors import CorpusError

        raise CorpusError(f"a token store takes no new column, so the groups of {field!r} "
                          "cannot be counted from it: compare by a metadata field of the "
                          f"store ({', '.join(map(str, tokens.metadata.columns))}) or read "
                          "the corpus into memory (cnb.tokenize(corpus))")
    corpus = corpus_of(tokens)
    if field in tokens.columns or (corpus is not None and field in corpus.metadata.columns):
        return tokens
    names = {doc_id: name for name, ids in groups.items() for doc_id in ids}
    out = tokens.assign(**{field: tokens["doc_id"].astype(str).map(names).to_numpy()})
    out.attrs = dict(tokens.attrs)
    return out


def _groups(values: pd.Series) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for doc_id, value in values.dropna().items():
        groups.setdefault(str(value), []).append(str(doc_id))
    return dict(sorted(groups.items()))


# ---------------------------------------------------------------- computed sentences

def _hits(n: int) -> str:
    """A count of hits, in words.

    >>> _hits(1), _hits(2)
    ('1 hit', '2 hits')
    """
    return f"{n:,} hit{'s' if n != 1 else ''}"


def _driver(rows: pd.DataFrame) -> pd.Series | None:
    """The word that makes over half of a theme's hits (rows of :func:`theme_words` for
    one theme and group, most frequent first), or None."""
    if rows.empty:
        return None
    first = rows.iloc[0]
    return first if first["share"] > DRIVEN_SHARE else None


def theme_words_sentence(words: pd.DataFrame, theme: str, *, label: str | None = None,
                         top: int = 3) -> str:
    """Which words make a theme's hits, with their shares; a theme that one word drives
    (over half its hits) is named as such, not reported as a finding.

    Parameters
    ----------
    words : pandas.DataFrame
        From :func:`corpusnb.theme_words` (without ``by``).
    theme : str
        The theme (its key).
    label : str, optional
        The theme's name in the sentence (default: its label in ``words``, else ``theme``).
    top : int, default 3
        Name at most this many words; the rest are summed up.

    Examples
    --------
    >>> w = pd.DataFrame({"theme": "sep", "label": "Separatism",
    ...                   "word": ["independence", "secession"], "count": [3, 1],
    ...                   "share": [0.75, 0.25], "theme_count": 4})
    >>> theme_words_sentence(w, "sep")  # doctest: +NORMALIZE_WHITESPACE
    "Separatism: 4 hits, made by independence 3 (75%), secession 1 (25%). Separatism is
    driven by one word here: one word, 'independence', makes 3 of its 4 hits, so the count
    is that word's more than the theme's; read its lines (cnb.kwic) before reporting it as
    a finding."
    >>> theme_words_sentence(w.head(0), "sep", label="Separatism")
    'Separatism: no hits in this corpus.'
    """
    rows = words[words["theme"] == theme]
    if label is None:
        label = str(rows["label"].iloc[0]) if len(rows) else theme
    if rows.empty:
        return f"{label}: no hits in this corpus."
    total = int(rows["theme_count"].iloc[0])
    shown, rest = rows.head(top), rows.iloc[top:]
    parts = [f"{r.word} {int(r.count):,} ({_percent(r.share)})" for r in shown.itertuples()]
    if len(rest):
        parts.append(f"{len(rest):,} other word{'s' if len(rest) != 1 else ''} "
                     f"{int(rest['count'].sum()):,} ({_percent(rest['share'].sum())})")
    text = f"{label}: {_hits(total)}, made by " + ", ".join(parts) + "."
    driver = _driver(rows)
    if driver is not None:
        how = (f"every hit is the one word '{driver.word}'" if len(rows) == 1 else
               f"one word, '{driver.word}', makes {int(driver['count']):,} of its "
               f"{total:,} hits")
        text += (f" {label} is driven by one word here: {how}, so the count is that "
                 "word's more than the theme's; read its lines (cnb.kwic) before reporting "
                 "it as a finding.")
    return text


def themes_sentence(themes: pd.DataFrame, corpus: Corpus, themes_path=None) -> str:
    """Where the theme dictionaries come from, and how to bring one's own.

    Examples
    --------
    >>> from corpusnb.text.corpus import load_corpus
    >>> from corpusnb.analyses.themes import load_themes
    >>> themes_sentence(load_themes(), load_corpus())[:60]
    'The 12 theme dictionaries are the shipped ones, written for '
    """
    from pathlib import Path

    bring = ("To count your own themes, write a TOML file of themes (label, description, "
             "patterns) and run `corpusnb run --themes FILE`, or set `themes_path` in the "
             "parameters cell.")
    if themes_path is not None:
        one = len(themes) == 1
        return (f"The {len(themes):,} theme dictionar{'y' if one else 'ies'} "
                f"come{'s' if one else ''} from {Path(themes_path).name}. {bring}")
    text = (f"The {len(themes):,} theme dictionaries are the shipped ones, written for "
            "the seed study (three texts on separatism in post-Soviet Russia, on "
            "kleptocracy and oligarchy, and on a multi-vector foreign policy).")
    if not is_seed_corpus(corpus):
        text += (" On this corpus they count those words, not necessarily those topics: a "
                 "theme's count is only as good as the words that make it, shown beside "
                 "each result below.")
    return text + " " + bring


def leading_themes_sentence(profile: pd.DataFrame, words: pd.DataFrame, field: str) -> str:
    """For each group, the theme with the highest rate, with the words that make it;
    a theme one word drives is named as that word, and a lead on few hits as thin.

    Parameters
    ----------
    profile : pandas.DataFrame
        :func:`corpusnb.theme_frequencies` by ``field``.
    words : pandas.DataFrame
        :func:`corpusnb.theme_words` by the same ``field``.

    Examples
    --------
    >>> p = pd.DataFrame({"theme": ["sep", "sep"], "label": "Separatism", "g": ["x", "y"],
    ...                   "count": [2, 0], "per_10k": [120.0, 0.0]})
    >>> w = pd.DataFrame({"theme": "sep", "label": "Separatism", "g": ["x"],
    ...                   "word": ["independence"], "count": [2], "share": [1.0],
    ...                   "theme_count": [2]})
    >>> print(leading_themes_sentence(p, w, "g"))  # doctest: +NORMALIZE_WHITESPACE
    x: leading theme by rate Separatism (120 per 10k, 2 hits: independence 2 (100%)),
    driven by one word, 'independence' (100% of the hits): a count of that word more than
    of the theme; 2 hits are too few to call a theme leading.
    No theme hit at all in: y.
    """
    present = profile[profile["count"] > 0]
    lines = []
    if len(present):
        order = present.sort_values("per_10k", ascending=False, kind="stable")
        lead = order.groupby(field, sort=False, observed=True).head(1)
        position = {g: k for k, g in enumerate(pd.unique(profile[field].astype(str)))}
        lead = lead.iloc[np.argsort([position[str(g)] for g in lead[field]], kind="stable")]
        for row in lead.itertuples():
            group = getattr(row, field)
            mine = words[(words[field].astype(str) == str(group)) & (words["theme"] == row.theme)]
            made = ", ".join(f"{r.word} {int(r.count):,} ({_percent(r.share)})"
                             for r in mine.head(3).itertuples())
            text = (f"{group}: leading theme by rate {row.label} ({row.per_10k:.0f} per 10k, "
                    f"{_hits(int(row.count))}" + (f": {made}" if made else "") + ")")
            driver = _driver(mine)
            if driver is not None:
                text += (f", driven by one word, '{driver.word}' "
                         f"({_percent(driver['share'])} of the hits): a count of that word "
                         "more than of the theme")
            if row.count < THIN_HITS:
                text += (f"; {_hits(int(row.count))} {'are' if row.count != 1 else 'is'} "
                         "too few to call a theme leading")
            lines.append(text + ".")
    silent = [str(g) for g in pd.unique(profile[field].astype(str))
              if g not in set(present[field].astype(str))]
    if silent:
        lines.append(f"No theme hit at all in: {', '.join(silent)}.")
    return "\n".join(lines)


def mattr_sentence(lexical: pd.DataFrame, *, window: int = 500) -> str:
    """Which documents MATTR ranks highest and lowest, among those at least ``window``
    tokens long; shorter ones are flagged (their MATTR is their plain type-token ratio,
    which falls as a text grows, so it does not compare them).

    Parameters
    ----------
    lexical : pandas.DataFrame
        :func:`corpusnb.lexical_stats` by document (doc_id as a column or the index).
    window : int, default 500
        The window ``lexical`` was computed with.

    Examples
    --------
    >>> t = pd.DataFrame({"doc_id": ["a", "b", "c"], "tokens": [900, 600, 135],
    ...                   "mattr": [0.70, 0.72, 0.80]})
    >>> print(mattr_sentence(t))  # doctest: +NORMALIZE_WHITESPACE
    Highest MATTR: b (0.720); lowest: a (0.700), over 2 documents of at least 500 tokens.
    1 document is shorter than the 500-token window, so its MATTR is its plain
    type-token ratio and is not ranked with the others: c (135 tokens, 0.800).
    """
    table = lexical.set_index("doc_id") if "doc_id" in lexical.columns else lexical
    measured = table.dropna(subset=["mattr"])
    measured = measured[measured["tokens"] > 0]
    full, short = measured[measured["tokens"] >= window], measured[measured["tokens"] < window]
    lines = []
    if len(full) > 1:
        richest, poorest = full["mattr"].idxmax(), full["mattr"].idxmin()
        lines.append(f"Highest MATTR: {richest} ({full.loc[richest, 'mattr']:.3f}); lowest: "
                     f"{poorest} ({full.loc[poorest, 'mattr']:.3f}), over {len(full):,} "
                     f"documents of at least {window:,} tokens.")
    elif len(full) == 1 and len(short):
        only = full.index[0]
        lines.append(f"Only {only} is at least {window:,} tokens long (MATTR "
                     f"{full.loc[only, 'mattr']:.3f}): there is no other to rank it with.")
    if len(short) and (len(full) or len(short) > 1):
        shortest = short.sort_values("tokens", kind="stable").head(8)
        listed = ", ".join(f"{d} ({int(r.tokens):,} tokens, {r.mattr:.3f})"
                           for d, r in shortest.iterrows())
        more = f" and {len(short) - 8:,} more" if len(short) > 8 else ""
        if not len(full):
            lines.append(f"All {len(short):,} documents are shorter than the {window:,}-token "
                         "window, so MATTR is each one's plain type-token ratio, which falls "
                         "as a text grows: it does not compare them, and no document is "
                         f"ranked (shortest first: {listed}{more}).")
        else:
            one = len(short) == 1
            lines.append(f"{len(short):,} document{'' if one else 's'} "
                         f"{'is' if one else 'are'} shorter than the {window:,}-token window, "
                         f"so {'its' if one else 'their'} MATTR is "
                         f"{'its' if one else 'their'} plain type-token ratio and "
                         f"{'is' if one else 'are'} not ranked with the others: "
                         f"{listed}{more}.")
    if not lines:
        return "MATTR compares documents; this corpus has fewer than two with words."
    return "\n".join(lines)


def trend_sentence(trend: pd.DataFrame) -> str:
    """One line per series of :func:`corpusnb.analyses.trends`: the first and last periods, the
    peak wherever it is, and a warning when the hits are few.

    Examples
    --------
    >>> t = pd.DataFrame({"series": "oil", "period": [1990, 2000, 2010],
    ...                   "count": [1, 9, 1], "tokens": [1000, 1000, 1000],
    ...                   "per_10k": [10.0, 90.0, 10.0]})
    >>> print(trend_sentence(t))  # doctest: +NORMALIZE_WHITESPACE
    oil: 11 hits in the 3 periods with documents, from 10.0 per 10k in 1990 (1 hit) to 10.0
    in 2010 (1 hit); the highest rate is in 2000 (90.0 per 10k, 9 hits in 1,000 words).
    """
    lines = []
    for series, rows in trend.groupby("series", sort=False):
        rows = rows[rows["tokens"] > 0]  # a decade without documents is no period of them
        total, n = int(rows["count"].sum()), len(rows)
        if not total:
            lines.append(f"{series}: no hits in the {n:,} period{'s' if n != 1 else ''} "
                         "with documents.")
            continue
        first, last = rows.iloc[0], rows.iloc[-1]
        peak = rows.sort_values(["per_10k", "period"], ascending=[False, True]).iloc[0]
        text = (f"{series}: {_hits(total)} in the {n:,} period{'s' if n != 1 else ''} with "
                f"documents")
        if n > 1:
            text += (f", from {first['per_10k']:.1f} per 10k in {first['period']} "
                     f"({_hits(int(first['count']))}) to {last['per_10k']:.1f} in "
                     f"{last['period']} ({_hits(int(last['count']))})")
        where = ("the first period, " if n > 1 and peak["period"] == first["period"] else
                 "the last period, " if n > 1 and peak["period"] == last["period"] else "")
        text += (f"; the highest rate is in {where}{peak['period']} ({peak['per_10k']:.1f} "
                 f"per 10k, {_hits(int(peak['count']))} in {int(peak['tokens']):,} words)")
        if total < THIN_HITS:
            text += f"; {_hits(total)} in all are too few to read as a trend"
        lines.append(text + ".")
    return "\n".join(lines)


def sections_sentence(by_section: pd.DataFrame, labels, titles, document: str) -> str:
    """Where in a document each theme is densest, by section; a document of one section
    (no headings) is said to have none to compare.

    Parameters
    ----------
    by_section : pandas.DataFrame
        :func:`corpusnb.theme_frequencies` of one document, by "section".
    labels : mapping
        Theme -> the name to print, in the order to print them.
    titles : mapping
        Section number -> heading.
    document : str
        The document's name.

    Examples
    --------
    >>> t = pd.DataFrame({"theme": ["a", "a"], "section": [0, 1], "count": [1, 4],
    ...                   "per_10k": [10.0, 40.0]})
    >>> print(sections_sentence(t, {"a": "Oil"}, {0: "Intro", 1: "Energy"}, "d"))
    In all: Oil 5 hits in d.
    Oil: densest in section 1 (Energy): 40 per 10k (4 hits).
    >>> text = sections_sentence(t.head(1), {"a": "Oil"}, {}, "d")
    >>> print(text)  # doctest: +NORMALIZE_WHITESPACE
    In all: Oil 1 hit in d. d has no section headings (it is one section), so there is
    no section to compare.
    """
    totals = by_section.groupby("theme")["count"].sum()
    text = "In all: " + ", ".join(f"{label} {_hits(int(totals.get(theme, 0)))}"
                                  for theme, label in dict(labels).items()) + f" in {document}."
    if by_section["section"].nunique() < 2:
        return text + (f" {document} has no section headings (it is one section), so there "
                       "is no section to compare.")
    lines = [text]
    for theme, label in dict(labels).items():
        rows = by_section[by_section["theme"] == theme]
        if rows["count"].sum():
            peak = rows.loc[rows["per_10k"].idxmax()]
            title = dict(titles).get(peak["section"], "?")
            lines.append(f"{label}: densest in section {peak['section']} ({title}): "
                         f"{peak['per_10k']:.0f} per 10k ({_hits(int(peak['count']))}).")
    return "\n".join(lines)


def leader_sentence(scores, *, what: str, unit: str) -> str:
    """The item with the highest score, and every item tied with it, named.

    Parameters
    ----------
    scores : mapping or iterable of (item, score) pairs
        E.g. ``graph.degree`` of a co-occurrence network.
    what : str
        What the items are, with the measure: "connected word".
    unit : str
        The score's unit: "links".

    Examples
    --------
    >>> leader_sentence({"must": 7, "trade": 3}, what="connected word", unit="links")
    'the most connected word is must (7 links)'
    >>> leader_sentence([("must", 7), ("medicine", 7), ("independence", 7), ("us", 2)],
    ...                 what="connected word", unit="links")
    'the most connected words are independence, medicine and must, tied at 7 links'
    """
    pairs = list(scores.items()) if hasattr(scores, "items") else list(scores)
    if not pairs:
        return f"there is no {what.split()[-1]} to rank"
    top = max(score for _, score in pairs)
    leaders = sorted(str(item) for item, score in pairs if score == top)
    shown = f"{top:,}" if float(top).is_integer() else f"{top:.2f}"
    if len(leaders) == 1:
        return f"the most {what} is {leaders[0]} ({shown} {unit})"
    names = ", ".join(leaders[:-1]) + f" and {leaders[-1]}"
    return f"the most {what}s are {names}, tied at {shown} {unit}"


def cut_sentence(table: pd.DataFrame, n: int, *, value: str = "count",
                 term: str = "term") -> str:
    """What a top-``n`` list hides when it cuts through a tie, else "".

    Examples
    --------
    >>> t = pd.DataFrame({"term": list("abcdef"), "count": [9, 7, 7, 7, 7, 2]})
    >>> cut_sentence(t, 3)
    'The list cuts through a tie: 4 words have 7, and 2 of them are shown (in the order of the table, not by any ranking among them): b, c; not shown: d, e.'
    >>> cut_sentence(t, 1)
    ''
    """
    if len(table) <= n or n < 1:
        return ""
    at_cut = table[value].iloc[n - 1]
    if table[value].iloc[n] != at_cut:
        return ""
    tied = table[table[value] == at_cut]
    shown = [t for t in tied[term].head(n).tolist() if t in set(table[term].head(n))]
    hidden = [t for t in tied[term].tolist() if t not in set(shown)]
    listed = ", ".join(map(str, hidden[:10])) + (f" and {len(hidden) - 10:,} more"
                                                 if len(hidden) > 10 else "")
    return (f"The list cuts through a tie: {len(tied):,} words have {at_cut:,}, and "
            f"{len(shown):,} of them are shown (in the order of the table, not by any "
            f"ranking among them): {', '.join(map(str, shown))}; not shown: {listed}.")


def keywords_sentence(key: pd.DataFrame, *, n: int = 5, name: str | None = None) -> str:
    """How many terms are significant, the keywords among them (positive G²,
    significant: never more than there are), and the significant terms used less
    than in the reference (negative G²), so every significant term is accounted for.

    Examples
    --------
    >>> k = pd.DataFrame({"term": ["a", "b", "c"], "g2": [9.0, 5.0, 2.0],
    ...                   "significant": [True, True, False]})
    >>> keywords_sentence(k)
    '2 of 3 terms are significant after correction; the 2 keywords: a, b.'
    >>> keywords_sentence(k.assign(significant=False), name="x")
    'x: 0 of 3 terms are significant after correction: no keyword can be named.'
    >>> keywords_sentence(k.assign(g2=[9.0, -6.0, 2.0]))  # doctest: +NORMALIZE_WHITESPACE
    '2 of 3 terms are significant after correction; the 1 keyword: a; used less than in
    the reference (the 1 negative keyword: b).'
    """
    significant = key["significant"].astype(bool) if len(key) else pd.Series(dtype=bool)
    positive = key[significant & (key["g2"] > 0)] if len(key) else key
    negative = (key[significant & (key["g2"] < 0)].sort_values("g2", kind="stable")
                if len(key) else key)
    text = (f"{int(significant.sum()):,} of {len(key):,} term{'s' if len(key) != 1 else ''} "
            f"{'are' if len(key) != 1 else 'is'} significant after correction")
    if not len(positive):
        text += ": no keyword can be named" if not len(negative) else ": no term is used more"
    else:
        text += f"; {_named(positive, n, 'keyword')}"
    if len(negative):
        text += f"; used less than in the reference ({_named(negative, n, 'negative keyword')})"
    text += "."
    return f"{name}: {text}" if name else text[0].upper() + text[1:]


def _named(terms: pd.DataFrame, n: int, what: str) -> str:
    """ "the 2 keywords: a, b" or "the top 5 of 9 keywords: a, b, c, d, e"."""
    if len(terms) <= n:
        return f"the {len(terms)} {what}{'s' if len(terms) != 1 else ''}: " \
               f"{', '.join(terms['term'])}"
    return f"the top {n} of {len(terms):,} {what}s: {', '.join(terms.head(n)['term'])}"


def shared_sentence(freq: pd.DataFrame, n_docs: int) -> str:
    """How many content words every document uses, and what share of the text they
    make; the "common frame" reading only when the numbers support it.

    Parameters
    ----------
    freq : pandas.DataFrame
        :func:`corpusnb.frequencies` of the content words (with its ``docs`` column).
    n_docs : int
        The number of documents.

    Examples
    --------
    >>> f = pd.DataFrame({"term": ["a", "b", "c", "d"], "count": [8, 1, 1, 1],
    ...                   "docs": [2, 1, 1, 1]})
    >>> shared_sentence(f, 2)  # doctest: +NORMALIZE_WHITESPACE
    '1 of 4 content words (25%) occur in all 2 documents; they account for 73% of
    content-word tokens: a small part of the vocabulary but a large part of the text, the
    common frame in which each document pursues its own subject.'
    >>> shared_sentence(f.assign(docs=1), 2)  # doctest: +NORMALIZE_WHITESPACE
    '0 of 4 content words occur in all 2 documents: they share no content word, so each
    is read on its own terms.'
    """
    if n_docs < 2:
        return "With one document there is nothing to share: every word is its own."
    shared = freq[freq["docs"] == n_docs]
    if not len(shared):
        return (f"0 of {len(freq):,} content words occur in all {n_docs:,} documents: they "
                "share no content word, so each is read on its own terms.")
    types = len(shared) / max(len(freq), 1)
    share = shared["count"].sum() / max(freq["count"].sum(), 1)
    text = (f"{len(shared):,} of {len(freq):,} content words ({_percent(types)}) occur in "
            f"all {n_docs:,} documents; they account for {_percent(share)} of content-word "
            "tokens")
    if share > types:
        text += (": a small part of the vocabulary but a large part of the text, the common "
                 "frame in which each document pursues its own subject") \
            if types < 0.5 else ": most of the vocabulary is shared"
    return text + "."
