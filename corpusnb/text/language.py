"""The language of a document, from its script: no model, no data to download.

A catalog or table may name a document's language (any ISO 639-1 code, such as
"de"); when it does not, :func:`detect_language` decides from the letters of the
text alone:

1. no letters at all → "und" (undetermined, ISO 639-2);
2. Cyrillic letters at least half of all letters → Kazakh ("kk") when the
   letters of the Kazakh alphabet that Russian lacks (ә ғ қ ң ө ұ ү һ і, either
   case), with the letters legacy Kazakh fonts put in their place
   (:data:`LEGACY_KAZAKH_LETTERS`, such as Ќ for Қ), are at least
   :data:`KAZAKH_SHARE` of the Cyrillic letters, or, below that share, when the
   text has more Kazakh function words than Russian ones (:func:`function_words`:
   a Kazakh text saved in a code page without Kazakh letters, ``жане`` for
   ``және``, is still Kazakh), else Russian ("ru");
3. Latin letters more than half of all letters → English ("en");
4. any other script in the majority (Greek, Arabic, ...) → "und".

The rule knows three languages and nothing else, so it is wrong in ways a reader
can predict: German or French prose comes out as "en", Ukrainian and Belarusian
(which also write і) as "kk", as are Serbian and Macedonian (whose letters legacy
Kazakh fonts borrow), Kazakh in the Latin alphabet as "en". Name the
language in the catalog for such documents. corpusnb has stopwords, lemmas and
sentence splitting for the languages in :data:`SUPPORTED_LANGUAGES`.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from importlib import resources

__all__ = ["KAZAKH_LETTERS", "KAZAKH_SHARE", "LEGACY_KAZAKH_LETTERS", "SUPPORTED_LANGUAGES",
           "detect_language", "document_language", "function_words", "language_code"]

SUPPORTED_LANGUAGES = ("en", "ru", "kk")
"""Languages with shipped stopwords and abbreviations (lemmas: en and ru only)."""

KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
"""The letters of the Kazakh Cyrillic alphabet that the Russian alphabet lacks."""

KAZAKH_SHARE = 0.05
"""Share of :data:`KAZAKH_LETTERS` among the Cyrillic letters from which a text is Kazakh.

In Kazakh prose these letters are about 15% of the Cyrillic letters (43 of 291 in
a four-sentence political paragraph; 20% in NLTK's Kazakh stopword list; 12% in as
loanword-laden a sentence as "Парламент жаңа заң қабылдады"). Russian has none of
them, but a Russian text may spell Kazakh names the Kazakh way: one such name in a
sentence ("Президент Нұрсұлтан Назарбаев выступил в Астане перед депутатами
парламента") makes 2 of 67 letters, 3%. At 5% a Russian text would need a Kazakh
letter every twenty letters, and Kazakh prose would need a third of its usual
share to fail."""

LEGACY_KAZAKH_LETTERS = "ЂђЃѓЉљЊњЌќЋћЏџЅѕЎўЈј"
"""Letters of other Cyrillic alphabets that legacy Kazakh font encodings (and the KZ-1048
code page read as cp1251) show in place of Kazakh letters: ``Ќазаќстан`` is Қазақстан.
Russian has none of them; Ukrainian's є ї ґ are left out."""

# Runs of letters, not single letters: a match per word is several times faster.
_LETTER = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[\u0400-\u052f]+")
_LATIN = re.compile(r"[A-Za-z\u00aa\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
                    r"\u1e00-\u1eff]+")
_KAZAKH = re.compile(f"[{KAZAKH_LETTERS}{LEGACY_KAZAKH_LETTERS}]+")
_ALIASES = {"eng": "en", "english": "en", "rus": "ru", "russian": "ru", "kaz": "kk",
            "kazakh": "kk"}


def detect_language(text: str) -> str:
    """The language of ``text`` from its script: "ru", "kk", "en" or "und".

    See the module docstring for the rule and what it cannot tell apart.

    Parameters
    ----------
    text : str
        Any text; only its letters count (digits and punctuation do not).

    Returns
    -------
    str
        An ISO 639-1 code, or "und" when the text has no letters or is mostly
        in a script other than Cyrillic and Latin.

    Examples
    --------
    >>> detect_language("Сепаратизм и национализм в России.")
    'ru'
    >>> detect_language("Қазақстан көпвекторлы саясат жүргізеді.")
    'kk'
    >>> detect_language("Separatism and nationalism."), detect_language("2019 — 2020")
    ('en', 'und')
    >>> detect_language("ЕС и EU")  # 2 Cyrillic letters of 4: at least half
    'ru'
    >>> detect_language("Ќазаќстан жаѕа саясат"), detect_language("Бул жане мен ушін.")
    ('kk', 'kk')
    """
    letters = _count(_LETTER, text)
    if letters == 0:
        return "und"
    words = _CYRILLIC.findall(text)
    cyrillic = sum(map(len, words))
    if 2 * cyrillic >= letters:
        return "kk" if _is_kazakh(text, cyrillic, words) else "ru"
    return "en" if 2 * _count(_LATIN, text) > letters else "und"


def _count(pattern: re.Pattern, text: str) -> int:
    return sum(map(len, pattern.findall(text)))


def _is_kazakh(text: str, cyrillic: int, words: list[str]) -> bool:
    if _count(_KAZAKH, text) >= KAZAKH_SHARE * cyrillic:
        return True
    kazakh, russian = function_words()
    votes = [word.lower() for word in words]
    return sum(word in kazakh for word in votes) > sum(word in russian for word in votes)


# Kazakh letters as a code page without them writes them: the Russian letter they look like
_FOLDED = str.maketrans("әғқңөұүһ", "агкноуух")


@lru_cache(maxsize=1)
def function_words() -> tuple[frozenset[str], frozenset[str]]:
    """The words that vote Kazakh or Russian in :func:`detect_language`.

    Kazakh: the shipped Kazakh stopwords that are not Russian stopwords, and the
    same words with their Kazakh letters written as the Russian letters they look
    like (``жане`` for ``және``, ``ушин`` and ``ушін`` for ``үшін``) where that is not
    a Russian stopword. Russian: the Russian stopwords that are not Kazakh ones.

    Examples
    --------
    >>> kazakh, russian = function_words()
    >>> sorted({"және", "жане", "мен", "и", "он"} & kazakh), sorted({"и", "да", "мен"} & russian)
    (['жане', 'және', 'мен'], ['и'])
    """
    kk, ru = _stopword_file("kk"), _stopword_file("ru")
    native = kk - ru
    folded = {variant for word in native
              for variant in (word.translate(_FOLDED), word.translate(_FOLDED).replace("і", "и"))}
    return frozenset(native | (folded - ru)), frozenset(ru - kk)


def _stopword_file(language: str) -> frozenset[str]:
    lines = (resources.files("corpusnb") / "data" / f"stopwords_{language}.txt").read_text(
        encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and line[0] != "#")


def language_code(value: object) -> str | None:
    """A catalog's language value as a lower-case code, or None when it gives none.

    Region and script subtags are dropped ("ru-RU" → "ru"), and the English
    names and ISO 639-2 codes of the supported languages are mapped to their
    ISO 639-1 codes; other values are kept (lower-cased) as they are.

    Examples
    --------
    >>> language_code("ru-RU"), language_code(" EN "), language_code("Kazakh")
    ('ru', 'en', 'kk')
    >>> language_code("de"), language_code(None), language_code(float("nan"))
    ('de', None, None)
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    code = str(value).strip().lower().replace("_", "-")
    if not code:
        return None
    code = _ALIASES.get(code, code)
    return _ALIASES.get(code.split("-")[0], code.split("-")[0])


def document_language(document) -> str:
    """The language of a :class:`~corpusnb.Document`: as its metadata says, else detected.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> document_language(SimpleNamespace(meta={"language": "ru-RU"}, text="Text."))
    'ru'
    >>> document_language(SimpleNamespace(meta={}, text="Сепаратизм и государство."))
    'ru'
    """
    code = language_code(document.meta.get("language"))
    return code if code is not None else detect_language(document.text)
