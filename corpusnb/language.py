"""The language of a document, from its script: no model, no data to download.

A catalog or table may name a document's language (any ISO 639-1 code, such as
"de"); when it does not, :func:`detect_language` decides from the letters of the
text alone:

1. no letters at all → "und" (undetermined, ISO 639-2);
2. Cyrillic letters at least half of all letters → Kazakh ("kk") when the
   letters of the Kazakh alphabet that Russian lacks (ә ғ қ ң ө ұ ү һ і, either
   case) are at least :data:`KAZAKH_SHARE` of the Cyrillic letters, else Russian
   ("ru");
3. Latin letters more than half of all letters → English ("en");
4. any other script in the majority (Greek, Arabic, ...) → "und".

The rule knows three languages and nothing else, so it is wrong in ways a reader
can predict: German or French prose comes out as "en", Ukrainian and Belarusian
(which also write і) as "kk", Kazakh in the Latin alphabet as "en". Name the
language in the catalog for such documents. corpusnb has stopwords, lemmas and
sentence splitting for the languages in :data:`SUPPORTED_LANGUAGES`.
"""
from __future__ import annotations

import math
import re

__all__ = ["KAZAKH_LETTERS", "KAZAKH_SHARE", "SUPPORTED_LANGUAGES", "detect_language",
           "document_language", "language_code"]

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

# Runs of letters, not single letters: a match per word is several times faster.
_LETTER = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[\u0400-\u052f]+")
_LATIN = re.compile(r"[A-Za-z\u00aa\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
                    r"\u1e00-\u1eff]+")
_KAZAKH = re.compile(f"[{KAZAKH_LETTERS}]+")
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
    """
    letters = _count(_LETTER, text)
    if letters == 0:
        return "und"
    cyrillic = _count(_CYRILLIC, text)
    if 2 * cyrillic >= letters:
        return "kk" if _is_kazakh(text, cyrillic) else "ru"
    return "en" if 2 * _count(_LATIN, text) > letters else "und"


def _count(pattern: re.Pattern, text: str) -> int:
    return sum(map(len, pattern.findall(text)))


def _is_kazakh(text: str, cyrillic: int) -> bool:
    return _count(_KAZAKH, text) >= KAZAKH_SHARE * cyrillic


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
