"""Sentence splitting: NLTK's Punkt, trained per language on a corpus' own documents.

The machinery behind :func:`corpusnb.sentences` and the ``sent`` column of
:func:`corpusnb.tokenize`, shared by :mod:`corpusnb.tokens.tokens` and the token store
(:mod:`corpusnb.store.store`), which trains a splitter on a sample collected a document
at a time (:class:`_Sample`), keeps what it learned in its manifest
(:func:`_splitter_settings`) and makes it again in its workers (:func:`_splitter_from`).
Punkt is trained with no downloaded model: on at most :data:`TRAINING_CHARS` characters of
each language, given the shipped abbreviations and titles of that language
(``corpusnb/data/abbreviations_*.txt``, ``titles_*.txt``); abbreviations Punkt learns from
a small corpus are checked against how the word is used elsewhere in it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer


def _data_lines(name: str) -> list[str]:
    """The lines of a shipped data file, without comments and blank lines."""
    source = resources.files("corpusnb") / "data" / name
    if not source.is_file():
        return []
    lines = source.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and line[0] != "#"]


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
