"""The language of a document, and the Russian and Kazakh parts of the shipped data."""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from types import SimpleNamespace

import pytest

import corpusnb as cnb
from corpusnb.tokens.patterns import split_pattern
from corpusnb.text.language import (KAZAKH_SHARE, SUPPORTED_LANGUAGES, detect_language,
                               document_language, language_code)

DETECT_CASES = [
    # (text, language, why)
    ("", "und", "no letters"),
    ("2019 — 2020, 9/11 … 514,000 %", "und", "digits and punctuation only"),
    ("Αθήνα και Σπάρτη", "und", "Greek: neither Cyrillic nor Latin in the majority"),
    ("Αθήνα abc", "und", "Latin 3 of 8 letters is not a majority"),
    ("Separatism and the state.", "en", "Latin only"),
    ("Der Staat und die Gesellschaft.", "en", "any Latin-script language reads as en"),
    ("abc вг", "en", "Cyrillic 2 of 5 letters: under half; Latin 3 of 5: majority"),
    ("ab вг", "ru", "Cyrillic 2 of 4 letters: exactly half is enough"),
    ("ЕС и EU", "ru", "Cyrillic 3 of 5"),
    ("Сепаратизм и государство.", "ru", "Cyrillic, no Kazakh letters"),
    ("Қазақстан көпвекторлы саясат жүргізеді.", "kk", "Kazakh letters 6 of 35 Cyrillic"),
    # the Kazakh threshold, 5% of the Cyrillic letters, from both sides
    ("ә" + "а" * 19, "kk", "1 of 20 Cyrillic letters = 5%: at the threshold"),
    ("ә" + "а" * 20, "ru", "1 of 21 = 4.8%: under it"),
    ("Ә" + "А" * 19, "kk", "capital Kazakh letters count too"),
    ("і" * 5 + "а" * 95, "kk", "і (U+0456) is a Kazakh letter"),
    ("і" * 5 + "а" * 96, "ru", "5 of 101"),
    ("Президент Нұрсұлтан Назарбаев выступил в Астане перед депутатами парламента.",
     "ru", "a Kazakh name in a Russian sentence: 2 of 67 Cyrillic letters, 3%"),
    ("Парламент жаңа заң қабылдады.", "kk", "loanwords: 3 of 25 Kazakh letters, 12%"),
]


class TestDetectLanguage:
    @pytest.mark.parametrize(("text", "language", "why"), DETECT_CASES)
    def test_rule(self, text, language, why):
        assert detect_language(text) == language, why

    def test_threshold_is_five_percent(self):
        assert KAZAKH_SHARE == 0.05
        assert SUPPORTED_LANGUAGES == ("en", "ru", "kk")

    def test_counts_letters_of_the_whole_text(self):
        russian = "Россия и Казахстан. " * 10
        assert detect_language(russian + "The EU.") == "ru"
        assert detect_language(russian + "The European Union and its " * 20) == "en"

    def test_seed_corpus_is_english(self, seed_corpus):
        assert {detect_language(doc.text) for doc in seed_corpus} == {"en"}


class TestLanguageCode:
    @pytest.mark.parametrize(("value", "code"), [
        ("ru", "ru"), ("RU", "ru"), (" en ", "en"), ("ru-RU", "ru"), ("kk_KZ", "kk"),
        ("Russian", "ru"), ("kaz", "kk"), ("eng", "en"), ("de", "de"), ("zh-Hant-TW", "zh"),
        (None, None), ("", None), ("  ", None), (float("nan"), None),
    ])
    def test_codes(self, value, code):
        assert language_code(value) == code


class TestDocumentLanguage:
    def test_metadata_first_then_the_script(self):
        meta_says = SimpleNamespace(meta={"language": "de"}, text="Сепаратизм и государство.")
        assert document_language(meta_says) == "de"
        assert document_language(SimpleNamespace(meta={}, text="Сепаратизм.")) == "ru"
        no_value = SimpleNamespace(meta={"language": None}, text="Ел тәуелсіз.")
        assert document_language(no_value) == "kk"

    def test_loaded_documents(self, tmp_path):
        (tmp_path / "en.txt").write_text("Separatism and the state.", encoding="utf-8")
        (tmp_path / "ru.txt").write_text("Сепаратизм и государство.", encoding="utf-8")
        corpus = cnb.load_corpus(tmp_path)
        assert [document_language(doc) for doc in corpus] == ["en", "ru"]
        corpus["ru"].meta.pop("language", None)
        assert document_language(corpus["ru"]) == "ru"


# ------------------------------------------------ Russian and Kazakh theme patterns

def _theme_of(themes, word: str) -> set[str]:
    """The shipped themes that count ``word`` as a one-token match."""
    return {theme for theme, patterns in themes["patterns"].items()
            if any(" " not in p and cnb.matching_terms([word], p) for p in patterns)}


THEME_WORDS = [
    ("сепаратистов", "separatism"), ("самоопределения", "separatism"),
    ("распада", "separatism"), ("тәуелсіздігін", "separatism"),
    ("национализма", "nationalism"), ("ұлтшылдық", "nationalism"),
    ("исламистов", "islamism"), ("ваххабизм", "islamism"), ("экстремизмом", "islamism"),
    ("коррупции", "kleptocracy"), ("взятками", "kleptocracy"), ("откаты", "kleptocracy"),
    ("жемқорлық", "kleptocracy"),
    ("силовики", "informal_governance"), ("кланы", "informal_governance"),
    ("клановость", "informal_governance"), ("сетей", "informal_governance"),
    ("авторитарный", "regime_labels"), ("тирания", "regime_labels"),
    ("олигархов", "capitalism_oligarchy"), ("рынка", "capitalism_oligarchy"),
    ("многовекторной", "multi_vectorism"), ("көпвекторлы", "multi_vectorism"),
    ("балансирование", "multi_vectorism"),
    ("прагматизм", "pragmatism"), ("идентичности", "identity"), ("өркениет", "identity"),
    ("европы", "european_integration"), ("ес", "european_integration"),
    ("еуропалық", "european_integration"),
    ("еаэс", "eurasian_integration"), ("евразийский", "eurasian_integration"),
    ("еуразиялық", "eurasian_integration"),
]
UNRELATED_WORDS = ["кланяться", "сетовать", "сетка", "европий", "распадок", "отделение",
                   "балансовый", "откатить", "откат", "тирана", "система", "практически",
                   "национальный", "радикальный", "собственный"]


class TestRussianAndKazakhThemes:
    @pytest.mark.parametrize(("word", "theme"), THEME_WORDS)
    def test_theme_catches_its_words(self, word, theme):
        assert _theme_of(cnb.load_themes(), word) == {theme}

    @pytest.mark.parametrize("word", UNRELATED_WORDS)
    def test_unrelated_words_are_not_caught(self, word):
        assert _theme_of(cnb.load_themes(), word) == set()

    def test_phrases(self, tmp_path):
        (tmp_path / "ru.txt").write_text(
            "Вертикаль власти и суверенная демократия. Таможенный союз и Евразийский "
            "экономический союз. Кеден одағы.", encoding="utf-8")
        tokens = cnb.tokenize(cnb.load_corpus(tmp_path))
        freq = cnb.theme_frequencies(tokens, by=None).set_index("theme")["count"]
        assert freq[["informal_governance", "regime_labels", "eurasian_integration"]
                    ].tolist() == [1, 1, 3]

    def test_kazakh_patterns_match_no_russian_word(self):
        """simplemma's 1.36 million Russian forms: no Kazakh-only glob matches one."""
        assert {p: _russian_forms_matching(p)[:3] for p in KAZAKH_PATTERNS} == {
            p: [] for p in KAZAKH_PATTERNS}

    def test_every_russian_pattern_matches_a_russian_word(self):
        """A Russian glob that matches no Russian word form is a typo (or a word the
        dictionary lacks: abbreviations, recent terms, listed here)."""
        themes = cnb.load_themes()
        elements = {element for patterns in themes["patterns"] for p in patterns
                    if not p.isascii() and p not in KAZAKH_PATTERNS
                    for element in split_pattern(p)}
        unmatched = {e for e in elements if not _russian_forms_matching(e)}
        assert unmatched == {"этнонационалист*", "этнополитическ*", "хизб", "ут-тахрир",
                             "клиентелизм*", "патрон-клиент*", "суперпрезидент*",
                             "гиперпрезидент*", "многовектор*", "ес", "еаэс", "евразэс",
                             "снг", "одкб"}

    def test_every_theme_has_russian_patterns(self):
        themes = cnb.load_themes()
        assert all(any(not p.isascii() for p in patterns) for patterns in themes["patterns"])


KAZAKH_PATTERNS = ["тәуелсізді*", "ұлтшыл*", "жемқор*", "парақор*", "авторитарл*",
                   "жекешелендір*", "көпвектор*", "өркениет*", "құндылы*", "еуропа*",
                   "еуразия*", "еаэо", "кеден* одағ*", "кеден* одақ*", "тмд", "ұқшұ"]


@lru_cache(maxsize=1)
def _russian_forms() -> list[str]:
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory
    return sorted({form.casefold() for form in
                   DefaultDictionaryFactory().get_dictionary("ru").keys()})


def _russian_forms_matching(pattern: str) -> list[str]:
    """The Russian word forms matching a one-word pattern, or any word of a phrase."""
    forms, found = _russian_forms(), []
    for element in split_pattern(pattern):
        prefix = re.split(r"[*?]", element)[0]
        first = bisect.bisect_left(forms, prefix)
        last = bisect.bisect_left(forms, prefix + "\U0010ffff")
        found += cnb.matching_terms(forms[first:last], element)
    return found
