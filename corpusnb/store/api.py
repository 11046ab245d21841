"""The public functions that take a token store where they take a corpus:
``cnb.load_corpus(path, store=...)`` and ``cnb.tokenize(store)`` /
``cnb.tokenize(corpus, store=...)``.

They stand above the text and token layers: the store's part is done here, the rest by
:func:`corpusnb.text.corpus.load_corpus` and :func:`corpusnb.tokens.tokens.tokenize`,
which know nothing of a store.
"""
from __future__ import annotations

import warnings
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from corpusnb._errors import CorpusError, warn
from corpusnb.store.store import Store, index, stored_tokens
from corpusnb.text import corpus as _corpus
from corpusnb.text._catalog import _warn_years
from corpusnb.text.clean import user_patterns
from corpusnb.tokens import tokens as _tokens

__all__ = ["STORE_WAIT", "load_corpus", "tokenize"]

STORE_WAIT = 600
"""Seconds ``load_corpus(path, store=...)`` waits for another process indexing the store
(the notebooks of ``corpusnb run --store`` open it side by side), then an error."""
_WAITED = ": waiting for it (up to"  # the store lock's warning that it waits (store.py)


def load_corpus(path: str | Path | None = None, *, keep_citations: bool = False,
                text_column: str | None = None, store: str | Path | None = None,
                keep_stage_directions: bool = False, remove_regex: str | list[str] = ()):
    """Load a corpus: a folder of documents (with its catalog if it has one), or one file.

    Parameters
    ----------
    path : str or Path, optional
        A folder, searched recursively (hidden files and folders are left out),
        or a single file. Formats, by suffix (any case): ``.txt`` (UTF-8,
        UTF-16 with BOM or a legacy 8-bit code page), ``.docx``, ``.pdf`` (its
        text layer), and tables with one document per row: ``.csv``, ``.tsv``,
        ``.jsonl``/``.ndjson``, ``.parquet`` (every column but the text becomes
        metadata). Other files are skipped with a warning that lists them. The
        folder may hold a ``catalog.toml`` (``[[document]]`` tables with
        ``file``, ``doc_id``, ``title``, ``author``, ``year``, ``venue``,
        ``source``, ``language``, any other field you need, and an optional
        ``[document.cleaning]`` table) or a ``catalog.csv`` with those columns;
        every field is kept as metadata. Without a catalog, the doc_id is the
        file's path in the folder without its suffix, the title the first
        non-blank line, and a year in the file name (``speech-2019.txt``) is
        the year. ``None`` loads the bundled seed corpus.
    keep_citations : bool, default False
        Keep parenthetical author-year citations such as "(Kuchins et al.,
        2015: p. 2)" in ``text``. By default they are removed (and audited), so
        that cited names and years stay out of word counts.
    text_column : str, optional
        The column of a table that holds the text (default: ``text``).
    keep_stage_directions : bool, default False
        Keep bracketed stage directions such as "(Applause.)", "(Laughter.)",
        "(Аплодисменты.)" in ``text``. By default they are removed (and audited
        in ``doc.removed`` with the reason "stage direction"), so that the
        audience's reactions are not counted as the speaker's words; see
        :func:`corpusnb.text.clean.find_stage_directions`. A catalog entry's
        ``stage_directions = "keep"`` or ``"remove"`` decides for its file.
    remove_regex : str or list of str
        Your own regular expressions (Python :mod:`re`): every match, line by line,
        is removed from every document and audited with the reason
        ``"user pattern: <pattern>"`` (captions, datelines, bylines). A catalog
        entry's ``remove_regex`` adds patterns for its file. Not with ``store``
        (put them in the catalog there).
    store : str or Path, optional
        A token store's folder (:func:`corpusnb.index`): the corpus is indexed
        into it, or the store brought up to date (only changed files are read),
        and the store is returned in place of the corpus. It has what a corpus
        has (ids, metadata, documents with text, raw, sections and audit,
        ``sections``, ``removed``), read from disk when asked, so a corpus larger
        than memory can be read; :func:`corpusnb.tokenize` of it reads its token
        table, and the analyses that take a store read it a part at a time.
        While another process indexes the store, this waits for it (up to
        :data:`STORE_WAIT` seconds, then a CorpusError naming the holder).

    Returns
    -------
    Corpus, or Store when ``store`` is given

    Raises
    ------
    CorpusError
        A missing or empty folder, a binary or unreadable file, a malformed
        catalog or table, a catalog entry whose file is missing, or a duplicate
        doc_id; the message names the file (and entry, line or row) and what
        to do.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> corpus = cnb.load_corpus()
    >>> len(corpus)
    3
    >>> corpus.metadata.loc["kazakhstan-eu-2018", ["encoding", "language"]].tolist()
    ['utf-8', 'en']
    """
    user_patterns(remove_regex, "load_corpus(remove_regex=...)")
    if store is None:
        return _corpus.load_corpus(path, keep_citations=keep_citations,
                                   text_column=text_column,
                                   keep_stage_directions=keep_stage_directions,
                                   remove_regex=remove_regex)
    if keep_stage_directions or remove_regex:
        raise CorpusError("load_corpus(store=...) does not take keep_stage_directions or "
                          "remove_regex; set stage_directions and remove_regex in the "
                          "catalog's [document.cleaning] tables instead")
    with warnings.catch_warnings(record=True) as caught:  # raised deep in the index:
        warnings.simplefilter("always")                    # shown here, at the caller
        opened = index(path, store, keep_citations=keep_citations, text_column=text_column,
                       wait=STORE_WAIT)
    for warning in caught:
        if _WAITED not in str(warning.message):  # kernels side by side wait in turn:
            warn(warning.message, warning.category)  # no page says which waited
    _warn_years(opened.metadata.reset_index().to_dict("records"))
    return opened


def tokenize(corpus, *, extra_stopwords: Iterable[str] = (), store: str | Path | None = None
             ) -> pd.DataFrame:
    """The tidy token table: one row per word token, in reading order.

    Each document is read in its language, ``doc.meta["language"]`` or, when
    absent, :func:`corpusnb.text.language.detect_language` of its text:

    * ``is_stop`` marks the words of the shipped stopword list of that language
      (:func:`corpusnb.stopwords`; Russian words are compared with ё read as е, as the
      Snowball list writes them), plus ``extra_stopwords`` in every language;
    * ``lemma`` comes from simplemma for English and Russian; simplemma has no
      Kazakh, so a Kazakh lemma is its norm;
    * a document in any other language gets no stopwords (only
      ``extra_stopwords``) and lemma = norm, and one :class:`~corpusnb.CorpusWarning`
      names those documents and their languages (documents without a letter,
      language "und", are left out of it: they have nothing to lose).

    Parameters
    ----------
    corpus : Corpus or Store
        From :func:`corpusnb.load_corpus`; a store (``load_corpus(path, store=...)``)
        gives its table, read from disk.
    extra_stopwords : iterable of str
        Words to add to the shipped stopword lists for ``is_stop``.
    store : str or Path, optional
        A token store (:func:`corpusnb.index`): when it holds this corpus,
        tokenised with these settings, the table is read from it; otherwise the
        corpus is tokenised and the store written (or brought up to date) first.

    Returns
    -------
    pandas.DataFrame
        doc_id, section (section number, see ``Document.sections``), sent
        (0-based within the document), i (0-based token index within the
        document), start, end (offsets in ``Document.text``), token (as
        written), norm (casefolded, ’ → '), lemma, is_stop. String columns are
        categorical. Invariant: ``corpus[doc_id].text[start:end] == token``.
        The language of each document is in ``corpus.metadata``, not here.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> tokens = cnb.tokenize(cnb.load_corpus())
    >>> row = tokens.iloc[0]
    >>> cnb.load_corpus()[row.doc_id].text[row.start:row.end] == row.token
    True
    """
    if isinstance(corpus, Store):  # the store in place of the corpus: its table, read
        wanted = sorted({_tokens.normalize(w) for w in extra_stopwords})
        if wanted != corpus.manifest["settings"]["extra_stopwords"]:
            raise CorpusError(f"the store {corpus.path} was indexed with extra stopwords "
                              f"{corpus.manifest['settings']['extra_stopwords']}, not {wanted}: "
                              "index the corpus again with these (cnb.index(path, store, "
                              "extra_stopwords=...)) or tokenise it in memory")
        return corpus.tokens()
    if store is not None:
        return stored_tokens(corpus, store, extra_stopwords)
    return _tokens.tokenize(corpus, extra_stopwords=extra_stopwords)
