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

from corpusnb.corpus import Corpus, seed_path

__all__ = ["ClaimError", "claim", "comparison_groups", "corpus_sentence", "focus_document",
           "is_seed_corpus", "main_tables", "rates_sentence"]


class ClaimError(AssertionError):
    """A claim a notebook makes about the seed texts no longer holds."""


def is_seed_corpus(corpus: Corpus) -> bool:
    """Whether ``corpus`` is the bundled seed corpus: its ids and the sha256 sums of its
    source files are those of the seed catalog, in order (cleaning options aside).

    Examples
    --------
    >>> from corpusnb.corpus import load_corpus
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
    >>> from corpusnb.corpus import load_corpus
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
    >>> from corpusnb.corpus import load_corpus
    >>> from corpusnb.tokens import tokenize
    >>> corpus = load_corpus()
    >>> tokens = tokenize(corpus)
    >>> sentence = corpus_sentence(corpus, tokens)
    >>> sentence.startswith(f"3 documents, {len(tokens):,} word tokens, from 2012 to 2018, "
    ...                     "in English (3); the longest is kazakhstan-eu-2018")
    True
    """
    from corpusnb.tokens import _document_sizes

    meta = corpus.metadata
    sizes = _document_sizes(tokens).reindex(corpus.ids, fill_value=0)
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


_LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "kk": "Kazakh", "und": "undetermined"}


def focus_document(tokens: pd.DataFrame, patterns: str | Iterable[str], *,
                   preferred: str | None = None) -> tuple[str | None, str]:
    """The document a notebook should look at closely, and a sentence saying why.

    ``preferred`` is used when the table has it; otherwise the document with
    the most hits of ``patterns`` (ties: the higher rate per 10,000 words, then
    corpus order); with no hit anywhere, the longest document.

    Returns
    -------
    (doc_id or None, sentence)
        None only for a table without tokens.

    Examples
    --------
    >>> from corpusnb.corpus import load_corpus
    >>> from corpusnb.tokens import tokenize
    >>> tokens = tokenize(load_corpus())
    >>> focus_document(tokens, ["multi-vector*"], preferred="nope")[0]
    'kazakhstan-eu-2018'
    """
    from corpusnb.patterns import find

    from corpusnb.tokens import _document_sizes

    sizes = _document_sizes(tokens)
    ids = list(sizes.index)
    if not ids or sizes.sum() == 0:
        return None, "The corpus has no word tokens, so there is no document to focus on."
    if preferred in ids:
        return preferred, f"Focus document: {preferred} (as set in the parameters)."
    patterns = [patterns] if isinstance(patterns, str) else list(patterns)
    hits = find(tokens, patterns)["doc_id"].astype(str).value_counts().reindex(ids,
                                                                               fill_value=0)
    if hits.sum() == 0:
        longest = sizes.idxmax()
        return longest, (f"No document uses {', '.join(patterns)}; the focus is the longest "
                         f"document, {longest} ({sizes[longest]:,} word tokens).")
    order = pd.DataFrame({"hits": hits, "rate": hits / sizes.replace(0, np.nan) * 1e4,
                          "position": np.arange(len(ids))})
    best = order.sort_values(["hits", "rate", "position"],
                             ascending=[False, False, True]).index[0]
    return best, (f"Focus document: {best}, the document with the most hits of "
                  f"{', '.join(patterns)} ({hits[best]} of {int(hits.sum())} in the corpus, "
                  f"{order.loc[best, 'rate']:.1f} per 10,000 words).")


def main_tables(corpus: Corpus, themes: pd.DataFrame | None = None, *,
                max_keyness_documents: int = 20, tokens: pd.DataFrame | None = None
                ) -> dict[str, pd.DataFrame]:
    """The tables ``corpusnb run`` saves beside its pages (CSV and Excel).

    documents (the metadata), frequencies (content words, whole corpus),
    frequencies_by_document, themes_by_document (shipped or given themes), and
    keyness (each document against the rest, content words, min_count 3) when
    the corpus has 2 to ``max_keyness_documents`` documents. ``tokens``: the
    corpus' token table when the caller has it (else it is tokenised here).

    Examples
    --------
    >>> from corpusnb.corpus import load_corpus
    >>> list(main_tables(load_corpus()))  # doctest: +NORMALIZE_WHITESPACE
    ['documents', 'frequencies', 'frequencies_by_document', 'themes_by_document', 'keyness']
    """
    from corpusnb.frequency import frequencies, keyness
    from corpusnb.themes import theme_frequencies
    from corpusnb.tokens import _document_sizes, tokenize

    tokens = tokenize(corpus) if tokens is None else tokens
    content = tokens[~tokens["is_stop"]]
    tables = {
        "documents": corpus.metadata,
        "frequencies": frequencies(tokens),
        "frequencies_by_document": frequencies(tokens, by="doc_id"),
        "themes_by_document": theme_frequencies(tokens, themes),
    }
    sizes = _document_sizes(content)
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
    field with the fewest values, at least 2 and at most ``max_groups`` (party
    before speaker; the catalog's or table's own fields before language and
    year on a tie); otherwise the ``max_groups`` longest documents, each
    against the rest.

    Returns
    -------
    (field, groups, sentence)
        ``field`` is "doc_id" or the metadata field; ``groups`` maps each
        group's name to its doc_ids (in corpus order); ``sentence`` says what
        was chosen and why.

    Examples
    --------
    >>> from corpusnb.corpus import load_corpus
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
    sizes = {f: meta[f].nunique() for f in fields if 2 <= meta[f].nunique() <= max_groups}
    if sizes:
        field = min(sizes, key=lambda f: (sizes[f], fields.index(f)))
        return field, _groups(meta[field]), (
            f"With {len(corpus):,} documents, they are grouped by {field!r} "
            f"({sizes[field]} values); set compare_by to choose another field.")
    longest = meta["n_words"].nlargest(max_groups).index
    return "doc_id", {i: [i] for i in corpus.ids if i in set(longest)}, (
        f"No metadata field has 2 to {max_groups} values, so the {max_groups} longest of "
        f"{len(corpus):,} documents are compared, each against all the others.")


def _groups(values: pd.Series) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for doc_id, value in values.dropna().items():
        groups.setdefault(str(value), []).append(str(doc_id))
    return dict(sorted(groups.items()))
