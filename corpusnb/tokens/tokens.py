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
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from corpusnb._errors import CorpusError, CorpusWarning, warn
from corpusnb.tokens._links import corpus_of, remember
from corpusnb.text.language import SUPPORTED_LANGUAGES, document_language

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

__all__ = ["LEMMA_LANGUAGES", "WORD_PATTERN", "corpus_of", "normalize", "sentences",
           "stopwords", "tokenize", "words"]

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


def normalize(word: str) -> str:
    """The ``norm`` of a word: NFC, casefolded, apostrophes and hyphens unified.

    Examples
    --------
    >>> normalize("Russia’s"), normalize("Post‑Soviet"), normalize("STRASSE")
    ("russia's", 'post-soviet', 'strasse')
    """
    return unicodedata.normalize("NFC", word).casefold().translate(_APOSTROPHES)


def _data_lines(name: str) -> list[str]:
    """The lines of a shipped data file, without comments and blank lines."""
    source = resources.files("corpusnb") / "data" / name
    if not source.is_file():
        return []
    lines = source.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and line[0] != "#"]


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


# ---------------------------------------------------------------- sentences

@lru_cache(maxsize=None)
def _shipped_abbreviations(language: str) -> frozenset[str]:
    return frozenset(_data_lines(f"abbreviations_{language}.txt"))


@lru_cache(maxsize=None)
def _shipped_titles(language: str) -> frozenset[str]:
    """The Punkt types after which a period never ends a sentence (``titles_*.txt``)."""
    return frozenset(_data_lines(f"titles_{language}.txt"))


_INITIALS_LANGUAGES = frozenset({"ru", "kk"})
"""Languages in which a capital letter with a period is always an initial."""


@lru_cache(maxsize=1)
def _punkt():
    """NLTK's ``nltk.tokenize.punkt`` module, imported when first needed.

    ``import nltk`` runs NLTK's package ``__init__``, which imports most of NLTK,
    scipy.stats and scikit-learn (about a second) though Punkt needs none of them.
    When NLTK is not yet imported, Punkt's module is loaded under stand-ins for the
    packages ``nltk`` and ``nltk.tokenize`` that skip their ``__init__`` (it needs only
    a few small NLTK modules); every ``nltk`` module loaded that way is then taken out
    of ``sys.modules`` again, so a later ``import nltk`` by the user loads NLTK whole,
    as usual (its Punkt a second copy of the module corpusnb holds). When NLTK is
    already imported, or the stand-ins fail (another NLTK layout), the ordinary
    import is used.
    """
    import sys

    if "nltk" not in sys.modules:
        try:
            return _punkt_alone()
        except Exception:  # noqa: BLE001 - any failure: the ordinary import below
            pass
    import nltk.tokenize.punkt

    return nltk.tokenize.punkt


def _punkt_alone():
    """Load ``nltk.tokenize.punkt`` without NLTK's package ``__init__`` (see
    :func:`_punkt`); leave no ``nltk`` module in ``sys.modules``."""
    import importlib
    import importlib.util
    import sys
    import types

    modules = sys.modules
    if "nltk" in modules:
        raise ImportError("nltk is imported already: use it")
    spec = importlib.util.find_spec("nltk")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("nltk is not installed")
    folders = list(spec.submodule_search_locations)
    for name, paths in (("nltk", folders),
                        ("nltk.tokenize", [f"{folder}/tokenize" for folder in folders])):
        package = types.ModuleType(name)
        package.__path__, package.__package__ = paths, name
        modules[name] = package
    try:
        return importlib.import_module("nltk.tokenize.punkt")
    finally:
        for name in [name for name in modules if name == "nltk" or name.startswith("nltk.")]:
            del modules[name]


@lru_cache(maxsize=1)
def _splitter_class() -> type:
    """The sentence splitter class, made when first needed: NLTK's Punkt is imported
    here (see :func:`_punkt`), not when corpusnb is."""
    PunktSentenceTokenizer = _punkt().PunktSentenceTokenizer

    class SentenceSplitter(PunktSentenceTokenizer):
        """Punkt with its per-boundary decision memoised, a rule for titles and one for
        one-letter words.

        Punkt decides each candidate boundary from a short context (the word before
        the period and the word after it), so equal contexts get equal answers; the
        memo spares re-annotating the contexts a corpus repeats ("Russia. The").

        A period after one of ``titles`` ("Mr.", "Dr.", "Gen.", "им.", "т.е.") never
        ends a sentence: Punkt would end one whenever the next word looks like a
        sentence starter ("Mr. Speaker, Mr. Vice President").

        With ``initials=True`` (Russian, Kazakh) a letter with a period is decided
        here rather than by Punkt, which treats every such token as a possible
        initial and never ends a sentence after it: a capital letter is an initial
        ("В. В. Путин") and never ends a sentence; a lower-case one that is a known
        abbreviation ("г.", "в.", "т. е.") ends one only when the next word is one
        the corpus writes in lower case inside sentences (Punkt's orthographic
        heuristic), so "в 2012 г. Россия" stays whole and "в 2012 г. Затем" splits;
        any other lower-case letter is a word and its period ends the sentence
        ("Это сделал я. Потом").
        """

        def __init__(self, params: PunktParameters, *, initials: bool,
                     titles: frozenset[str] = frozenset()):
            super().__init__(params)
            self._decided: dict[str, bool] = {}
            self._initials = initials
            self._titles = titles

        def text_contains_sentbreak(self, text: str) -> bool:
            decided = self._decided.get(text)
            if decided is None:
                decided = self._decided[text] = super().text_contains_sentbreak(text)
            return decided

        def _second_pass_annotation(self, aug_tok1, aug_tok2):
            if (aug_tok2 is not None and aug_tok1.period_final
                    and aug_tok1.type_no_period in self._titles):
                aug_tok1.sentbreak, aug_tok1.abbr = False, True
                return "title: never ends a sentence"
            if not (self._initials and aug_tok2 is not None and aug_tok1.period_final
                    and aug_tok1.is_initial):
                return super()._second_pass_annotation(aug_tok1, aug_tok2)
            if aug_tok1.tok[0].isupper():
                aug_tok1.sentbreak, aug_tok1.abbr = False, True
                return "capital letter: an initial"
            if aug_tok1.abbr:
                aug_tok1.sentbreak = self._ortho_heuristic(aug_tok2) is True
                return "one-letter abbreviation with orthographic heuristic"
            return "one-letter word: ends the sentence"

    return SentenceSplitter


TRAINING_CHARS = 100_000
"""At most this many characters of each language of a corpus train Punkt, an equal
share from each document (its first characters, cut back to a line break). Training
took most of a first :func:`tokenize` (1.3 s for 1 MB, NLTK's regular expressions
per token); on 100,000 characters (about 16,000 words) Punkt has seen the common
abbreviations, collocations and sentence starters, and the rare ones are shipped
(``abbreviations_*.txt``, ``titles_*.txt``). The seed corpus (113,542 characters)
gives the same sentences as when trained on whole (tested)."""


def _training_sample(texts: list[str], budget: int = TRAINING_CHARS) -> str:
    if sum(map(len, texts)) <= budget:
        return "\n\n".join(texts)
    return _shares(texts, max(budget // len(texts), 1))


def _shares(texts: list[str], share: int) -> str:
    """The first ``share`` characters of each text, cut back to its last line break."""
    pieces = []
    for text in texts:
        cut = text.rfind("\n", 0, share)
        pieces.append(text[:cut if cut > 0 else share])
    return "\n\n".join(pieces)


class _Sample:
    """The training sample of one language built a text at a time, in bounded memory:
    ``text()`` equals :func:`_training_sample` of all the texts added.

    Each text is kept only as far as any share could reach: its first ``budget + 1``
    characters (a longer text puts the corpus over the budget), all of them trimmed to
    the share of the texts seen so far whenever what is kept passes four budgets (the
    final share, a budget over more texts, can only be smaller).
    """

    def __init__(self, budget: int = TRAINING_CHARS) -> None:
        self.budget, self.total, self.kept = budget, 0, 0
        self.pieces: list[str] = []

    def add(self, text: str) -> None:
        self.total += len(text)
        self.pieces.append(text[:self.budget + 1])
        self.kept += len(self.pieces[-1])
        if self.kept > 4 * self.budget:
            share = max(self.budget // len(self.pieces), 1)
            self.pieces = [piece[:share] for piece in self.pieces]
            self.kept = sum(map(len, self.pieces))

    def text(self) -> str:
        if self.total <= self.budget:
            return "\n\n".join(self.pieces)
        return _shares(self.pieces, max(self.budget // len(self.pieces), 1))


def _train(texts: list[str], language: str) -> tuple[PunktParameters, frozenset[str]]:
    """Train Punkt on ``texts``; return its parameters and the rejected abbreviations."""
    return _train_on(_training_sample(texts), language)


def _train_on(sample_text: str, language: str) -> tuple[PunktParameters, frozenset[str]]:
    """Train Punkt on a training sample (see :func:`_training_sample`)."""
    sample = [sample_text]
    trainer = _punkt().PunktTrainer()
    trainer.INCLUDE_ALL_COLLOCS = False
    trainer.train(sample[0])
    params = trainer.get_params()
    shipped = _shipped_abbreviations(language)
    rejected = frozenset(t for t in params.abbrev_types
                         if t not in shipped and not _plausible(t, sample))
    params.abbrev_types = (set(params.abbrev_types) - rejected) | shipped
    return params, rejected


def _plausible(abbreviation: str, texts: list[str]) -> bool:
    """Whether an abbreviation Punkt learned survives a check against the corpus.

    A small corpus teaches Punkt false abbreviations: ordinary words that happen
    to end a sentence ("a year ago. Any sense ..."). A learned type is kept only
    if no occurrence of it with a period stands at a real sentence end: at the
    end of a paragraph, or before a capitalised word that the corpus also uses
    in lower case (so its capital comes from starting a sentence).
    """
    lowercase = _lowercase_words(tuple(texts))
    pattern = re.compile(rf"(?<![^\W_]){re.escape(abbreviation)}\.(?=\s*$|\s+(?P<next>\S+))",
                         re.IGNORECASE | re.MULTILINE)
    for text in texts:
        for match in pattern.finditer(text):
            following = match.group("next")
            if following is None or _starts_sentence(following, lowercase):
                return False
    return True


def _starts_sentence(word: str, lowercase: frozenset[str]) -> bool:
    word = word.strip("\"“‘'(«„")
    return word[:1].isupper() and word.casefold().rstrip(".,;:") in lowercase


_LETTERS = re.compile(r"\b[^\W\d_]+\b")


@lru_cache(maxsize=4)
def _lowercase_words(texts: tuple[str, ...]) -> frozenset[str]:
    """The words of ``texts`` written all in lower case, in any alphabet."""
    return frozenset(w for text in texts for w in _LETTERS.findall(text) if w.islower())


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


def _new_splitter(texts: list[str], language: str) -> PunktSentenceTokenizer:
    return _made_splitter(*_train(texts, language), language)


def _made_splitter(params: PunktParameters, rejected: frozenset[str], language: str
                   ) -> PunktSentenceTokenizer:
    splitter = _splitter_class()(params, initials=language in _INITIALS_LANGUAGES,
                                 titles=_shipped_titles(language))
    splitter.rejected_abbreviations = rejected
    return splitter


def _splitter_settings(splitter: PunktSentenceTokenizer) -> dict:
    """What a trained splitter learned, as plain JSON data (sorted lists)."""
    params = splitter._params
    return {"abbrev_types": sorted(params.abbrev_types),
            "collocations": sorted(map(list, params.collocations)),
            "sent_starters": sorted(params.sent_starters),
            "ortho_context": dict(sorted(params.ortho_context.items())),
            "rejected_abbreviations": sorted(splitter.rejected_abbreviations)}


def _splitter_from(settings: dict, language: str) -> PunktSentenceTokenizer:
    """The splitter :func:`_splitter_settings` described."""
    params = _punkt().PunktParameters()
    params.abbrev_types = set(settings["abbrev_types"])
    params.collocations = {tuple(pair) for pair in settings["collocations"]}
    params.sent_starters = set(settings["sent_starters"])
    for word, flags in settings["ortho_context"].items():
        params.ortho_context[word] = int(flags)
    return _made_splitter(params, frozenset(settings["rejected_abbreviations"]), language)


def _splitter(corpus, language: str = "en") -> PunktSentenceTokenizer:
    """The sentence splitter of one language of a corpus."""
    return _splitters(corpus)[language]


_LINE = re.compile(r"[^\n]+")


def _sentence_spans(text: str, splitter: PunktSentenceTokenizer) -> list[tuple[int, int]]:
    """Sentence spans of one text: each line (paragraph) is split on its own."""
    spans = []
    for line in _LINE.finditer(text):
        offset = line.start()
        for start, end in splitter.span_tokenize(line.group()):
            spans.append((offset + start, offset + end))
    return _join_spaced_ellipses(text, spans)


def _join_spaced_ellipses(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Undo Punkt's splits inside a spaced ellipsis (". . .")."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and (text[start] == "." or _ends_with_spaced_period(text, joined[-1])):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _ends_with_spaced_period(text: str, span: tuple[int, int]) -> bool:
    start, end = span
    return text[end - 1] == "." and (end - start == 1 or text[end - 2].isspace())


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

def tokenize(corpus, *, extra_stopwords: Iterable[str] = (), store: str | None = None
             ) -> pd.DataFrame:
    """The tidy token table: one row per word token, in reading order.

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
    >>> tokens = tokenize(cnb.load_corpus())
    >>> row = tokens.iloc[0]
    >>> cnb.load_corpus()[row.doc_id].text[row.start:row.end] == row.token
    True
    """
    from corpusnb.store.store import Store, _stored_tokens

    if isinstance(corpus, Store):  # the store in place of the corpus: its table, read
        wanted = sorted({normalize(w) for w in extra_stopwords})
        if wanted != corpus.manifest["settings"]["extra_stopwords"]:
            raise CorpusError(f"the store {corpus.path} was indexed with extra stopwords "
                              f"{corpus.manifest['settings']['extra_stopwords']}, not {wanted}: "
                              "index the corpus again with these (cnb.index(path, store, "
                              "extra_stopwords=...)) or tokenise it in memory")
        return corpus.tokens()
    if store is not None:
        return _stored_tokens(corpus, store, extra_stopwords)
    languages = _languages(corpus)
    _warn_unsupported(corpus, languages)
    frame = _token_table(list(corpus), languages, _splitters(corpus, languages),
                         extra_stopwords)
    frame.attrs["corpus"] = remember(corpus)
    return frame


def _token_table(documents: list, languages: list[str], splitters: dict,
                 extra_stopwords: Iterable[str]) -> pd.DataFrame:
    """The token table of documents (anything with ``id``, ``text`` and
    ``section_starts()``), each split by the splitter of its language."""
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


def _document_sizes(tokens: pd.DataFrame) -> pd.Series:
    """Rows per document of a token table, by doc_id (as str), in the order the
    documents first occur; documents without a row are left out. Counted on the
    categorical's codes: no string per row.

    >>> t = pd.DataFrame({"doc_id": pd.Categorical(["b", "b", "a"], categories=["a", "b", "c"])})
    >>> _document_sizes(t).to_dict()
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
