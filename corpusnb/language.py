"""The language of a document, from its script: no model, no data to download.

A catalog or table may name a document's language (any ISO 639-1 code); when it
does not, :func:`detect_language` decides from the letters of the text: mostly
Cyrillic letters → Russian, or Kazakh when the letters only Kazakh uses (ә ғ қ ң
ө ұ ү һ і) are frequent; mostly Latin letters → English; no letters →
"und" (undetermined). corpusnb has stopwords, lemmas and sentence splitting for
the languages in :data:`SUPPORTED_LANGUAGES`.
"""
from __future__ import annotations

import re

__all__ = ["KAZAKH_SHARE", "SUPPORTED_LANGUAGES", "detect_language"]

SUPPORTED_LANGUAGES = ("en", "ru", "kk")
"""Languages with shipped stopwords and sentence splitting (lemmas: en and ru)."""

KAZAKH_SHARE = 0.02
"""Share of Kazakh-only letters among Cyrillic letters above which a text is Kazakh.

In Kazakh prose these letters (ә ғ қ ң ө ұ ү һ і) are about 10–15% of the letters;
in Russian they do not occur, except in Kazakh names and words quoted in a Russian
text (a few per thousand letters). 2% separates the two with room on both sides."""

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_KAZAKH = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")


def detect_language(text: str) -> str:
    """The language of ``text`` by its script: "ru", "kk", "en" or "und".

    Examples
    --------
    >>> detect_language("Сепаратизм и национализм в России.")
    'ru'
    >>> detect_language("Қазақстан көпвекторлы саясат жүргізеді.")
    'kk'
    >>> detect_language("Separatism and nationalism."), detect_language("2019 — 2020")
    ('en', 'und')
    """
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    if cyrillic == 0 and latin == 0:
        return "und"
    if cyrillic >= latin:
        return "kk" if len(_KAZAKH.findall(text)) > KAZAKH_SHARE * cyrillic else "ru"
    return "en"
