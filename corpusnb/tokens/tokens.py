"""Split cleaned texts into sentences and word tokens: the tidy token table.

Each document is read in its own language: ``doc.meta["language"]``, or when the
metadata does not say, :func:`corpusnb.text.language.detect_language` of its text.
Sentences come from NLTK's Punkt, trained per language on that language's
documents (no downloaded model) and given a shipped list of abbreviations for it;
abbreviations Punkt learns from a small corpus are checked against how the word
is used elsewhere in it. Words come from one regular expression, the same for
every language, that keeps hyphenated compounds (``multi-vectorism``), numbers
(``514,000``, ``9/11``) and dotted abbreviations (``U.S.``) whole, splits off a
possessive ``’s`` and leaves punctuation, quotes and dashes out. ``norm`` is the
same for every language; ``lemma`` and ``is_stop`` follow the document's
language (English, Russian, Kazakh: see :func:`tokenize`). All three are
computed once per distinct word and language, so the cost of a large corpus is
the regular expression.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from corpusnb._errors import CorpusWarning, warn
from corpusnb.tokens._links import corpus_of, remember
from corpusnb.tokens._splitting import (TRAINING_CHARS, _data_lines, _new_splitter,
                                        _sentence_spans)
from corpusnb.text.language import SUPPORTED_LANGUAGES, document_language

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

__all__ = ["LEMMA_LANGUAGES", "TOKEN_COLUMNS", "TRAINING_CHARS", "WORD_PATTERN", "corpus_of",
           "document_sizes", "normalize", "sentences", "stopwords", "token_table", "tokenize",
           "words"]

_PIECE = r"(?:\d+(?:[.,/]\d+)*|[^\W_])[^\W_]*(?:['’](?!s(?![^\W_]))[^\W_]+)*"
WORD_PATTERN = (
    r"[^\W\d_](?:\.[^\W\d_])+\.?"            # dotted abbreviations: U.S., e.g.
    rf"|{_PIECE}(?:[-‐‑]{_PIECE})*"           # words, numbers, hyphenated compounds
    r"|(?<=[^\W_])['’]s(?![^\W_])"           # possessive 's split off its word
)
"""The regular expression of a word token (see the module docstring)."""

_WORD = re.compile(WORD_PATTERN)
_WORD_SPLIT = re.compile(f"({WORD_PATTERN})")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "‐": "-", "‑": "-"})
TOKEN_COLUMNS = ["doc_id", "section", "sent", "i", "start", "end", "token", "norm",
                 "lemma", "is_stop"]
"""The columns of the token table (:func:`tokenize`), in order."""


def normalize(word: str) -> str:
    """The ``norm`` of a word: NFC, casefolded, apostrophes and hyphens unified.

    Examples
    --------
    >>> normalize("Russia’s"), normalize("Post‑Soviet"), normalize("STRASSE")
    ("russia's", 'post-soviet', 'strasse')
    """
    return unicodedata.normalize("NFC", word).casefold().translate(_APOSTROPHES)


@lru_cache(maxsize=None)
def _shipped_stopwords(language: str) -> frozenset[str]:
    return frozenset(normalize(word) for word in _data_lines(f"stopwords_{language}.txt"))


def stopwords(extra: Iterable[str] = (), *, language: str = "en") -> frozenset[str]:
    """A shipped stopword list, as norms, plus ``extra``.

    Parameters
    ----------
    extra : iterable of str
        Words to add (normalised like ``norm``).
    language : {"en", "ru", "kk"}
        Whose list: English, NLTK's 179 words and ``'s`` (180); Russian, the
        Snowball list as NLTK ships it (151 words, written with е for ё, see
        :func:`tokenize`); Kazakh, NLTK's list and 35 function words it lacks
        (311 words). The sources and licences head each file in ``corpusnb/data/``.

    Returns
    -------
    frozenset of str

    Raises
    ------
    ValueError
        For a language without a shipped list.

    Examples
    --------
    >>> "the" in stopwords(), "putin" in stopwords(["Putin"])
    (True, True)
    >>> sorted({"и", "что", "путин"} & stopwords(language="ru"))
    ['и', 'что']
    """
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"no stopword list for language {language!r}; corpusnb ships "
                         f"{', '.join(SUPPORTED_LANGUAGES)}")
    return _shipped_stopwords(language) | {normalize(word) for word in extra}


def words(text: str) -> list[tuple[int, int, str]]:
    """The word tokens of a text as ``(start, end, token)``, in order.

    Examples
    --------
    >>> [t for _, _, t in words("Russia’s ‘multi-vector’ policy: 514,000 after 9/11.")]
    ['Russia', '’s', 'multi-vector', 'policy', '514,000', 'after', '9/11']
    """
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def _languages(corpus) -> list[str]:
    """The language of each document, in corpus order."""
    return [document_language(doc) for doc in corpus]


def _splitters(corpus, languages: list[str] | None = None) -> dict[str, PunktSentenceTokenizer]:
    """One Punkt per language, trained on that language's documents (kept on the corpus)."""
    languages = _languages(corpus) if languages is None else languages
    cached = getattr(corpus, "_sentence_splitters", None)
    if cached is None or cached[0] != languages:
        texts: dict[str, list[str]] = {}
        for doc, language in zip(corpus, languages):
            texts.setdefault(language, []).append(doc.text)
        cached = (languages, {language: _new_splitter(group, language)
                              for language, group in texts.items()})
        corpus._sentence_splitters = cached
    return cached[1]


def _splitter(corpus, language: str = "en") -> PunktSentenceTokenizer:
    """The sentence splitter of one language of a corpus."""
    return _splitters(corpus)[language]


def sentences(corpus) -> pd.DataFrame:
    """The sentences of every document.

    A line break always ends a sentence (headings are sentences of their own);
    within a line, Punkt trained on the documents of the same language decides,
    with that language's shipped abbreviations (``corpusnb/data/abbreviations_*``;
    none for a language other than English, Russian and Kazakh). In Russian and
    Kazakh text a capital letter with a period is an initial ("В. В. Путин").

    Returns
    -------
    pandas.DataFrame
        doc_id, sent (0-based within its document), start, end (offsets in
        ``Document.text``), text.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> s = sentences(cnb.load_corpus())
    >>> s.columns.tolist()
    ['doc_id', 'sent', 'start', 'end', 'text']
    """
    languages = _languages(corpus)
    splitters = _splitters(corpus, languages)
    frames = []
    for doc, language in zip(corpus, languages):
        spans = _sentence_spans(doc.text, splitters[language])
        frame = pd.DataFrame(spans, columns=["start", "end"], dtype="int64")
        frame.insert(0, "sent", np.arange(len(spans), dtype="int64"))
        frame.insert(0, "doc_id", doc.id)
        frame["text"] = pd.Series([doc.text[s:e] for s, e in spans], dtype=str)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


# ---------------------------------------------------------------- the token table

def tokenize(corpus, *, extra_stopwords: Iterable[str] = ()) -> pd.DataFrame:
    """The tidy token table: one row per word token, in reading order.

    The corpus is tokenised in memory: :func:`corpusnb.tokenize` is this function with a
    token store's part (a store in place of the corpus, or ``store=``) on top.

    Each document is read in its language, ``doc.meta["language"]`` or, when
    absent, :func:`corpusnb.text.language.detect_language` of its text:

    * ``is_stop`` marks the words of the shipped stopword list of that language
      (:func:`stopwords`; Russian words are compared with ё read as е, as the
      Snowball list writes them), plus ``extra_stopwords`` in every language;
    * ``lemma`` comes from simplemma for English and Russian; simplemma has no
      Kazakh, so a Kazakh lemma is its norm;
    * a document in any other language gets no stopwords (only
      ``extra_stopwords``) and lemma = norm, and one :class:`~corpusnb.CorpusWarning`
      names those documents and their languages (documents without a letter,
      language "und", are left out of it: they have nothing to lose).

    Parameters
    ----------
    corpus : Corpus
        From :func:`corpusnb.text.corpus.load_corpus` (or any ordered collection of
        documents with ``id``, ``text``, ``meta`` and ``section_starts()``).
    extra_stopwords : iterable of str
        Words to add to the shipped stopword lists for ``is_stop``.

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
    >>> tokens = tokenize(cnb.load_corpus())
    >>> row = tokens.iloc[0]
    >>> cnb.load_corpus()[row.doc_id].text[row.start:row.end] == row.token
    True
    """
    languages = _languages(corpus)
    _warn_unsupported(corpus, languages)
    frame = token_table(list(corpus), languages, _splitters(corpus, languages),
                        extra_stopwords)
    frame.attrs["corpus"] = remember(corpus)
    return frame


def token_table(documents: list, languages: list[str], splitters: dict,
                extra_stopwords: Iterable[str] = ()) -> pd.DataFrame:
    """The token table of documents, each split into sentences by the splitter of its
    language: :func:`tokenize` once the languages and splitters are decided (the token
    store tokenises a part of a corpus so, with the splitters it trained on the whole).

    Parameters
    ----------
    documents : list
        Documents: anything with ``id``, ``text`` and ``section_starts()``.
    languages : list of str
        The language of each document, in the same order.
    splitters : dict
        A sentence splitter (a trained Punkt) for each language of ``languages``.
    extra_stopwords : iterable of str
        Words to add to the shipped stopword lists for ``is_stop``.

    Returns
    -------
    pandas.DataFrame
        The columns :data:`TOKEN_COLUMNS`, as :func:`tokenize` gives them (without
        the corpus it came from in ``attrs``).

    Examples
    --------
    >>> import corpusnb as cnb
    >>> corpus = cnb.load_corpus()
    >>> languages = _languages(corpus)
    >>> table = token_table(list(corpus), languages, _splitters(corpus, languages))
    >>> table.equals(tokenize(corpus))
    True
    >>> token_table([], [], {}).columns.tolist() == TOKEN_COLUMNS
    True
    """
    coded = _TokenCodes()
    parts = []
    for doc, language in zip(documents, languages):
        part = _document_tokens(doc, splitters[language])
        coded.add(part.pop("token"))  # the strings coded a batch at a time, then let go
        parts.append(part)
    columns = _concatenate(parts, [doc.id for doc in documents])
    columns["token"] = coded.result()
    extra = frozenset(normalize(word) for word in extra_stopwords)
    return _add_word_columns(columns, languages, extra)


class _FirstSight:
    """Values numbered in order of first sight, across calls."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.values: list[str] = []

    def codes(self, values, dtype=np.int64) -> np.ndarray:
        """The number of each of ``values`` (new ones numbered as they come)."""
        index, seen = self.index, self.values
        out = np.empty(len(values), dtype=dtype)
        for k, value in enumerate(values):
            code = index.get(value)
            if code is None:
                code = index[value] = len(seen)
                seen.append(value)
            out[k] = code
        return out


class _TokenCodes:
    """Token strings numbered as they come, a batch of about ``batch`` tokens at a time:
    the codes and types :func:`pandas.factorize` gives of all of them at once (types in
    order of first sight), without holding a string per token of the whole corpus."""

    def __init__(self, batch: int = 1 << 20) -> None:
        self.batch, self.types = batch, _FirstSight()
        self.codes: list[np.ndarray] = []
        self.pending: list[list[str]] = []
        self.waiting = 0

    def add(self, tokens: list[str]) -> None:
        self.pending.append(tokens)
        self.waiting += len(tokens)
        if self.waiting >= self.batch:
            self._code()

    def _code(self) -> None:
        batch = np.array([t for tokens in self.pending for t in tokens], dtype=object)
        self.pending, self.waiting = [], 0
        local, uniques = pd.factorize(batch)
        self.codes.append(self.types.codes(uniques, np.int32)[local])

    def result(self) -> tuple[np.ndarray, np.ndarray]:
        """Each token's code (int32) and the distinct tokens, in order of first sight."""
        if self.pending:
            self._code()
        codes = np.concatenate(self.codes) if self.codes else np.zeros(0, dtype=np.int32)
        return codes, np.array(self.types.values, dtype=object)


_ANY_LETTER = re.compile(r"[^\W\d_]")


def _warn_unsupported(corpus, languages: list[str]) -> None:
    """One warning naming the documents in languages without stopwords and lemmas."""
    unsupported: dict[str, list[str]] = {}
    for doc, language in zip(corpus, languages):
        if language not in SUPPORTED_LANGUAGES and _ANY_LETTER.search(doc.text):
            unsupported.setdefault(language, []).append(doc.id)
    if unsupported:
        named = "; ".join(f"{language!r}: {_some(ids)}" for language, ids in unsupported.items())
        warn(f"no stopwords or lemmas for the language of {named}: their is_stop marks "
             "only extra_stopwords and their lemma is the norm (corpusnb has "
             f"{', '.join(SUPPORTED_LANGUAGES)}; set the catalog's language if it is "
             "wrong)", CorpusWarning)


def _some(ids: list[str], shown: int = 5) -> str:
    more = f" and {len(ids) - shown} more" if len(ids) > shown else ""
    return ", ".join(ids[:shown]) + more


def document_sizes(tokens: pd.DataFrame) -> pd.Series:
    """Rows per document of a token table.

    Counted on the categorical's codes: no string per row.

    Parameters
    ----------
    tokens : pandas.DataFrame
        A token table (:func:`tokenize`), or rows of one; only ``doc_id`` is read.

    Returns
    -------
    pandas.Series
        The number of rows of each document, indexed by doc_id (as str), in the order
        the documents first occur; documents without a row are left out.

    Examples
    --------
    >>> t = pd.DataFrame({"doc_id": pd.Categorical(["b", "b", "a"], categories=["a", "b", "c"])})
    >>> document_sizes(t).to_dict()
    {'b': 2, 'a': 1}
    """
    sizes = tokens.groupby("doc_id", observed=True, sort=False).size()
    sizes.index = pd.Index(sizes.index.astype(str), dtype=object, name="doc_id")
    return sizes


def _document_tokens(doc, splitter: PunktSentenceTokenizer) -> dict:
    # re.split with the word pattern as one group alternates gap, word, gap, ...;
    # cumulative lengths give the offsets without a Match object per token.
    pieces = _WORD_SPLIT.split(doc.text)
    lengths = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
    offsets = np.cumsum(lengths)
    starts, ends = offsets[0::2][:-1].astype(np.int32), offsets[1::2].astype(np.int32)
    sent_starts = np.array([s for s, _ in _sentence_spans(doc.text, splitter)], dtype=np.int64)
    section_numbers, section_starts = doc.section_starts()
    return {
        "token": pieces[1::2],
        "start": starts,
        "end": ends,
        "sent": _position(sent_starts, starts),
        "section": section_numbers[_position(section_starts, starts)],
    }


def _position(boundaries: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Index of the span (given by sorted start offsets) each offset falls in."""
    index = np.searchsorted(boundaries, starts, side="right") - 1
    return np.maximum(index, 0).astype(np.int32)


def _concatenate(parts: list[dict], ids: list[str]) -> dict:
    lengths = [len(part["start"]) for part in parts]
    doc_codes = np.repeat(np.arange(len(ids), dtype=np.int64), lengths)
    return {
        "doc_id": pd.Categorical.from_codes(doc_codes, categories=ids),
        "section": _stack(parts, "section", np.int16),
        "sent": _stack(parts, "sent", np.int32),
        "i": np.concatenate([np.arange(n, dtype=np.int32) for n in lengths] or [[]]),
        "start": _stack(parts, "start", np.int32),
        "end": _stack(parts, "end", np.int32),
    }


def _stack(parts: list[dict], key: str, dtype) -> np.ndarray:
    return np.concatenate([part[key] for part in parts] or [[]]).astype(dtype)


def _add_word_columns(columns: dict, languages: list[str], extra: frozenset[str]
                      ) -> pd.DataFrame:
    """Add norm, lemma and is_stop, each computed once per distinct word and language."""
    codes, types = columns["token"]  # see _TokenCodes
    norms = [normalize(t) for t in types]
    norm_codes, norm_types = pd.factorize(np.array(norms, dtype=object))
    norm_of_token = norm_codes[codes]
    word_of_token, word_norms, word_languages = _words_by_language(
        norm_of_token, columns["doc_id"].codes, languages, len(norm_types))
    pairs = list(zip(norm_types[word_norms], word_languages))
    lemmas = [_lemma(norm, language) for norm, language in pairs]
    lemma_codes, lemma_types = pd.factorize(np.array(lemmas, dtype=object))
    stop = {language: _stopword_set(language, extra) for language in set(languages)}
    is_stop = np.array([_is_stop(norm, language, stop[language]) for norm, language in pairs],
                       dtype=bool)
    columns["token"] = _categorical(codes, types)
    columns["norm"] = _categorical(norm_of_token, norm_types)
    columns["lemma"] = _categorical(lemma_codes[word_of_token], lemma_types)
    columns["is_stop"] = is_stop[word_of_token]
    frame = pd.DataFrame(columns)
    return frame[TOKEN_COLUMNS]


def _words_by_language(norm_of_token: np.ndarray, doc_of_token: np.ndarray,
                       languages: list[str], n_norms: int
                       ) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Number the distinct (norm, language) pairs of the tokens.

    Returns each token's pair number, and each pair's norm code and language.
    With one language in the corpus the pairs are the norms themselves.
    """
    language_of_doc, names = pd.factorize(np.array(languages, dtype=object))
    if len(names) <= 1:
        return norm_of_token, np.arange(n_norms), list(names) * n_norms
    key = norm_of_token.astype(np.int64) * len(names) + language_of_doc[doc_of_token]
    word_of_token, pairs = pd.factorize(key)
    return word_of_token, pairs // len(names), list(names[pairs % len(names)])


def _stopword_set(language: str, extra: frozenset[str]) -> frozenset[str]:
    if language in SUPPORTED_LANGUAGES:
        return stopwords(extra, language=language)
    return extra


def _is_stop(norm: str, language: str, stop: frozenset[str]) -> bool:
    if norm in stop:
        return True
    return language == "ru" and "ё" in norm and norm.replace("ё", "е") in stop


def _categorical(codes: np.ndarray, categories) -> pd.Categorical:
    return pd.Categorical.from_codes(codes.astype(np.int32), categories=pd.Index(
        categories, dtype=object))


LEMMA_LANGUAGES = ("en", "ru")
"""Languages whose ``lemma`` comes from simplemma; in any other, lemma = norm.

A Russian word of one letter is its own lemma: it is a preposition, a conjunction,
an initial or part of an abbreviation, which simplemma would misread ("т" of
"т. е." as "тонна")."""


@lru_cache(maxsize=200_000)
def _lemma(norm: str, language: str = "en") -> str:
    if language not in LEMMA_LANGUAGES or not norm[:1].isalpha():
        return norm
    if language == "ru" and len(norm) == 1:
        return norm
    import simplemma  # imported when first needed: its import is slow

    return simplemma.lemmatize(norm, lang=language).casefold()
