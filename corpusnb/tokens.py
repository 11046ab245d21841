"""Split cleaned texts into sentences and word tokens: the tidy token table.

Sentences come from NLTK's Punkt, trained on the corpus itself (no downloaded
model) and given a shipped list of abbreviations; abbreviations Punkt learns from
a small corpus are checked against how the word is used elsewhere in it.
Words come from one regular expression that keeps hyphenated compounds
(``multi-vectorism``), numbers (``514,000``, ``9/11``) and dotted abbreviations
(``U.S.``) whole, splits off a possessive ``’s`` and leaves punctuation, quotes
and dashes out. ``norm``, ``lemma`` and ``is_stop`` are computed once per
distinct word, so the cost of a large corpus is the regular expression.
"""
from __future__ import annotations

import re
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd
import simplemma
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer, PunktTrainer

__all__ = ["WORD_PATTERN", "normalize", "sentences", "stopwords", "tokenize", "words"]

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


@lru_cache(maxsize=1)
def _shipped_stopwords() -> frozenset[str]:
    source = resources.files("corpusnb") / "data" / "stopwords_en.txt"
    lines = source.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and line[0] != "#")


def stopwords(extra: Iterable[str] = ()) -> frozenset[str]:
    """The shipped English stopword list (NLTK's 179 words and ``'s``), plus ``extra``.

    Examples
    --------
    >>> "the" in stopwords(), "putin" in stopwords(["Putin"])
    (True, True)
    """
    return _shipped_stopwords() | {normalize(word) for word in extra}


def words(text: str) -> list[tuple[int, int, str]]:
    """The word tokens of a text as ``(start, end, token)``, in order.

    Examples
    --------
    >>> [t for _, _, t in words("Russia’s ‘multi-vector’ policy: 514,000 after 9/11.")]
    ['Russia', '’s', 'multi-vector', 'policy', '514,000', 'after', '9/11']
    """
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


# ---------------------------------------------------------------- sentences

@lru_cache(maxsize=1)
def _shipped_abbreviations() -> frozenset[str]:
    source = resources.files("corpusnb") / "data" / "abbreviations_en.txt"
    lines = source.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and line[0] != "#")


class _SentenceSplitter(PunktSentenceTokenizer):
    """Punkt with its per-boundary decision memoised.

    Punkt decides each candidate boundary from a short context (the word before
    the period and the word after it), so equal contexts get equal answers; the
    memo spares re-annotating the contexts a corpus repeats ("Russia. The").
    """

    def __init__(self, params: PunktParameters):
        super().__init__(params)
        self._decided: dict[str, bool] = {}

    def text_contains_sentbreak(self, text: str) -> bool:
        decided = self._decided.get(text)
        if decided is None:
            decided = self._decided[text] = super().text_contains_sentbreak(text)
        return decided


TRAINING_CHARS = 1_000_000
"""At most this many characters of a corpus train Punkt, an equal share from each
document; Punkt's statistics (abbreviations, collocations, sentence starters) are
settled long before that, and training is the slowest step on a large corpus."""


def _training_sample(texts: list[str], budget: int = TRAINING_CHARS) -> str:
    if sum(map(len, texts)) <= budget:
        return "\n\n".join(texts)
    share = max(budget // len(texts), 1)
    pieces = []
    for text in texts:
        cut = text.rfind("\n", 0, share)
        pieces.append(text[:cut if cut > 0 else share])
    return "\n\n".join(pieces)


def _train(texts: list[str]) -> tuple[PunktParameters, frozenset[str]]:
    """Train Punkt on ``texts``; return its parameters and the rejected abbreviations."""
    sample = [_training_sample(texts)]
    trainer = PunktTrainer()
    trainer.INCLUDE_ALL_COLLOCS = False
    trainer.train(sample[0], finalize=True)
    params = trainer.get_params()
    rejected = frozenset(t for t in params.abbrev_types if not _plausible(t, sample))
    params.abbrev_types = (set(params.abbrev_types) - rejected) | _shipped_abbreviations()
    return params, rejected


def _plausible(abbreviation: str, texts: list[str]) -> bool:
    """Whether an abbreviation Punkt learned survives a check against the corpus.

    A small corpus teaches Punkt false abbreviations: ordinary words that happen
    to end a sentence ("a year ago. Any sense ..."). A learned type is kept only
    if no occurrence of it with a period stands at a real sentence end: at the
    end of a paragraph, or before a capitalised word that the corpus also uses
    in lower case (so its capital comes from starting a sentence).
    """
    if abbreviation in _shipped_abbreviations():
        return True
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
    word = word.strip("\"“‘'(")
    return word[:1].isupper() and word.casefold().rstrip(".,;:") in lowercase


@lru_cache(maxsize=4)
def _lowercase_words(texts: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w for text in texts for w in re.findall(r"\b[a-z]+\b", text))


def _splitter(corpus) -> _SentenceSplitter:
    cached = getattr(corpus, "_sentence_splitter", None)
    if cached is None:
        params, rejected = _train([doc.text for doc in corpus])
        cached = _SentenceSplitter(params)
        cached.rejected_abbreviations = rejected
        corpus._sentence_splitter = cached
    return cached


_LINE = re.compile(r"[^\n]+")


def _sentence_spans(text: str, splitter: _SentenceSplitter) -> list[tuple[int, int]]:
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
    within a line, Punkt trained on the corpus decides.

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
    splitter = _splitter(corpus)
    frames = []
    for doc in corpus:
        spans = _sentence_spans(doc.text, splitter)
        frame = pd.DataFrame(spans, columns=["start", "end"], dtype="int64")
        frame.insert(0, "sent", np.arange(len(spans), dtype="int64"))
        frame.insert(0, "doc_id", doc.id)
        frame["text"] = [doc.text[s:e] for s, e in spans]
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


# ---------------------------------------------------------------- the token table

def tokenize(corpus, *, extra_stopwords: Iterable[str] = ()) -> pd.DataFrame:
    """The tidy token table: one row per word token, in reading order.

    Parameters
    ----------
    corpus : Corpus
        From :func:`corpusnb.load_corpus`.
    extra_stopwords : iterable of str
        Words to add to the shipped stopword list for ``is_stop``.

    Returns
    -------
    pandas.DataFrame
        doc_id, section (section number, see ``Document.sections``), sent
        (0-based within the document), i (0-based token index within the
        document), start, end (offsets in ``Document.text``), token (as
        written), norm (casefolded, ’ → '), lemma, is_stop. String columns are
        categorical. Invariant: ``corpus[doc_id].text[start:end] == token``.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> tokens = tokenize(cnb.load_corpus())
    >>> row = tokens.iloc[0]
    >>> cnb.load_corpus()[row.doc_id].text[row.start:row.end] == row.token
    True
    """
    splitter = _splitter(corpus)
    parts = [_document_tokens(doc, splitter) for doc in corpus]
    columns = _concatenate(parts, corpus.ids)
    frame = _add_word_columns(columns, stopwords(extra_stopwords))
    frame.attrs["corpus"] = _remember(corpus)
    return frame


_CORPORA: OrderedDict[str, object] = OrderedDict()
_REMEMBERED = 16


def _remember(corpus) -> str:
    """Keep the last few tokenised corpora, so a token table can find its texts."""
    key = f"corpus-{id(corpus)}"
    _CORPORA[key] = corpus
    _CORPORA.move_to_end(key)
    while len(_CORPORA) > _REMEMBERED:
        _CORPORA.popitem(last=False)
    return key


def corpus_of(tokens: pd.DataFrame):
    """The corpus a token table (or rows cut from it) was made from, if still known.

    :func:`tokenize` records it in ``tokens.attrs``; the last 16 tokenised
    corpora are remembered.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> corpus = cnb.load_corpus()
    >>> tokens = tokenize(corpus)
    >>> corpus_of(tokens[tokens.doc_id == "lrb-2015"]) is corpus
    True
    """
    return _CORPORA.get(tokens.attrs.get("corpus", ""))


def _document_tokens(doc, splitter: _SentenceSplitter) -> dict:
    # re.split with the word pattern as one group alternates gap, word, gap, ...;
    # cumulative lengths give the offsets without a Match object per token.
    pieces = _WORD_SPLIT.split(doc.text)
    lengths = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
    offsets = np.cumsum(lengths)
    starts, ends = offsets[0::2][:-1].astype(np.int32), offsets[1::2].astype(np.int32)
    sent_starts = np.array([s for s, _ in _sentence_spans(doc.text, splitter)], dtype=np.int64)
    section_starts = doc.sections["start"].to_numpy()
    return {
        "token": pieces[1::2],
        "start": starts,
        "end": ends,
        "sent": _position(sent_starts, starts),
        "section": doc.sections["section"].to_numpy()[_position(section_starts, starts)],
    }


def _position(boundaries: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Index of the span (given by sorted start offsets) each offset falls in."""
    index = np.searchsorted(boundaries, starts, side="right") - 1
    return np.maximum(index, 0).astype(np.int32)


def _concatenate(parts: list[dict], ids: list[str]) -> dict:
    lengths = [len(part["start"]) for part in parts]
    doc_codes = np.repeat(np.arange(len(ids), dtype=np.int16), lengths)
    return {
        "doc_id": pd.Categorical.from_codes(doc_codes, categories=ids),
        "section": _stack(parts, "section", np.int16),
        "sent": _stack(parts, "sent", np.int32),
        "i": np.concatenate([np.arange(n, dtype=np.int32) for n in lengths] or [[]]),
        "start": _stack(parts, "start", np.int32),
        "end": _stack(parts, "end", np.int32),
        "token": [token for part in parts for token in part["token"]],
    }


def _stack(parts: list[dict], key: str, dtype) -> np.ndarray:
    return np.concatenate([part[key] for part in parts] or [[]]).astype(dtype)


def _add_word_columns(columns: dict, stop: frozenset[str]) -> pd.DataFrame:
    codes, types = pd.factorize(np.array(columns["token"], dtype=object))
    norms = [normalize(t) for t in types]
    norm_codes, norm_types = pd.factorize(np.array(norms, dtype=object))
    lemmas = [_lemma(n) for n in norm_types]
    lemma_codes, lemma_types = pd.factorize(np.array(lemmas, dtype=object))
    is_stop = np.array([n in stop for n in norm_types], dtype=bool)
    norm_of_token = norm_codes[codes] if len(codes) else codes
    columns["token"] = _categorical(codes, types)
    columns["norm"] = _categorical(norm_of_token, norm_types)
    columns["lemma"] = _categorical(lemma_codes[norm_of_token] if len(codes) else codes,
                                    lemma_types)
    columns["is_stop"] = is_stop[norm_of_token] if len(codes) else np.zeros(0, bool)
    frame = pd.DataFrame(columns)
    return frame[TOKEN_COLUMNS]


def _categorical(codes: np.ndarray, categories) -> pd.Categorical:
    return pd.Categorical.from_codes(codes.astype(np.int32), categories=pd.Index(
        categories, dtype=object))


@lru_cache(maxsize=200_000)
def _lemma(norm: str) -> str:
    if not norm[:1].isalpha() or norm == "'s":
        return norm
    return simplemma.lemmatize(norm, lang="en").casefold()
