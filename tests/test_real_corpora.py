"""What real collections bring: years before 1800, files without headings, YEAR-NAME file
names, Big5 bytes in ASCII files, Kazakh in several encodings, random bytes saved as .txt.

The speeches come from ``tests/speeches.py``; the Kazakh and Russian texts below are
invented here and written in each encoding by the tests.
"""
from __future__ import annotations

import random
import re
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

import corpusnb as cnb
from corpusnb import CorpusError, CorpusWarning
from corpusnb.text.corpus import YEARS_IN_NAMES, grouping_fields
from corpusnb.apps.explorer import Explorer
from corpusnb.text.language import KAZAKH_LETTERS, KAZAKH_SHARE, detect_language

sys.path.insert(0, str(Path(__file__).parent))
from speeches import BIG5_FILE, write_speeches  # noqa: E402


def _load(folder, **kwargs):
    """Load, returning the corpus and the messages of the warnings it gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = cnb.load_corpus(folder, **kwargs)
    return corpus, [str(w.message) for w in caught if issubclass(w.category, CorpusWarning)]


@pytest.fixture
def speeches(tmp_path):
    facts = write_speeches(tmp_path / "speeches")
    corpus, messages = _load(tmp_path / "speeches")
    return corpus, facts, messages


# ---------------------------------------------------------------- 1. years


class TestYears:
    def test_every_year_from_the_file_names_before_1800_too(self, speeches):
        corpus, facts, _ = speeches
        years = corpus.metadata["year"]
        assert years.to_dict() == {name[:-4]: fact["year"] for name, fact in facts.items()}
        assert years.min() == 1789 and (years < 1800).sum() == 3
        assert str(years.dtype) == "Int64"

    @pytest.mark.parametrize(("stem", "year"), [
        ("0999-Old", None), ("1000-First", 1000), ("2100-Last", 2100), ("2101-Future", None),
        ("speech-1850-1900", None),  # two four-digit numbers: no year
        ("code12019", None),         # five digits: not a year
        ("1066", 1066),
    ])
    def test_the_rule_one_four_digit_number_in_range(self, tmp_path, stem, year):
        assert YEARS_IN_NAMES == (1000, 2100)
        (tmp_path / f"{stem}.txt").write_text("Text and more text.", encoding="utf-8")
        corpus, _ = _load(tmp_path)
        found = corpus.metadata["year"].iloc[0]
        assert (None if found is pd.NA else int(found)) == year

    def test_warns_when_some_documents_have_no_year(self, tmp_path):
        write_speeches(tmp_path, readme=False)
        (tmp_path / "notes.txt").write_text("Notes on the speeches.", encoding="utf-8")
        corpus, messages = _load(tmp_path)
        year_warnings = [m for m in messages if "have no year" in m]
        assert year_warnings == [
            "1 of 9 documents have no year (notes.txt); counts by year and trends leave them "
            "out. Give them a year in the catalog (year = 1999) or one four-digit year in the "
            "file name (speech-1999.txt)"]
        assert corpus.metadata["year"].isna().sum() == 1

    def test_warns_through_a_token_store_too(self, tmp_path):
        write_speeches(tmp_path / "speeches", readme=False)
        (tmp_path / "speeches" / "notes.txt").write_text("Notes on the speeches.",
                                                         encoding="utf-8")
        store, messages = _load(tmp_path / "speeches", store=tmp_path / "store")
        assert [m for m in messages if "have no year" in m] == [
            "1 of 9 documents have no year (notes.txt); counts by year and trends leave them "
            "out. Give them a year in the catalog (year = 1999) or one four-digit year in the "
            "file name (speech-1999.txt)"]
        assert store.metadata["year"].isna().sum() == 1

    def test_no_warning_when_all_or_none_have_a_year(self, speeches, tmp_path):
        _, _, messages = speeches
        assert not [m for m in messages if "have no year" in m]
        (tmp_path / "none").mkdir()
        for name in ("a.txt", "b.txt"):
            (tmp_path / "none" / name).write_text("No year here.", encoding="utf-8")
        _, messages = _load(tmp_path / "none")
        assert not [m for m in messages if "have no year" in m]


# ---------------------------------------------------------------- 2. titles and names


class TestTitlesAndNames:
    def test_a_file_without_heading_is_titled_by_its_name(self, speeches):
        corpus, facts, _ = speeches
        titles = corpus.metadata["title"].to_dict()
        assert titles == {name[:-4]: f"{fact['year']} {fact['speaker']}"
                          for name, fact in facts.items()}
        assert titles["1789-Washington"] == "1789 Washington"

    def test_a_short_first_line_is_the_title(self, tmp_path):
        body = "The text of the speech, which is long enough to be a paragraph. " * 3
        (tmp_path / "1990-Kohl.txt").write_text(f"On the unity of Germany\n\n{body}\n",
                                                encoding="utf-8")
        (tmp_path / "1991-Kohl.txt").write_text(f"Dear friends,\n{body}\n", encoding="utf-8")
        (tmp_path / "1992-Kohl.txt").write_text("x" * 101 + f"\n\n{body}\n", encoding="utf-8")
        (tmp_path / "1993-Kohl.txt").write_text(" ".join(["Word"] * 16) + f"\n\n{body}",
                                                encoding="utf-8")
        titles = _load(tmp_path)[0].metadata["title"].tolist()
        assert titles == ["On the unity of Germany", "1991 Kohl", "1992 Kohl", "1993 Kohl"]

    def test_a_first_sentence_or_a_removed_direction_is_no_title(self, tmp_path):
        body = "The text of the speech, which is long enough to be a paragraph. " * 3
        texts = {"1797-Jefferson.txt": f"Fellow citizens, I address you today.\n\n{body}",
                 "1861-Lincoln.txt": f"We meet in a dark hour.\n\n{body}",
                 "1985-Gorbachev.txt": "Товарищи депутаты! (Аплодисменты.)\n\nМы начали "
                                       "перестройку, и мы её продолжим в нашей стране.",
                 "1990-Kohl.txt": f"The Unity of Germany.\n\n{body}",
                 "1991-Kohl.txt": f"(Applause.)\nOn the Unity of Europe\n\n{body}",
                 "1992-Kohl.txt": f"Whither Europe?\n\n{body}"}
        for name, text in texts.items():
            (tmp_path / name).write_text(text, encoding="utf-8")
        assert _load(tmp_path)[0].metadata["title"].tolist() == [
            "1797 Jefferson", "1861 Lincoln", "1985 Gorbachev", "The Unity of Germany.",
            "On the Unity of Europe", "Whither Europe?"]

    def test_the_catalog_title_wins(self, tmp_path):
        write_speeches(tmp_path, readme=False)
        (tmp_path / "catalog.csv").write_text(
            "file,title,speaker\n1789-Washington.txt,First Inaugural,G. Washington\n",
            encoding="utf-8")
        meta = _load(tmp_path)[0].metadata
        assert meta.loc["1789-Washington.txt"[:-4], ["title", "speaker"]].tolist() == [
            "First Inaugural", "G. Washington"]
        assert meta.loc["1793-Washington", ["title", "speaker"]].tolist() == [
            "1793 Washington", "Washington"]

    def test_speaker_from_year_name_file_names(self, speeches):
        corpus, facts, _ = speeches
        assert corpus.metadata["speaker"].to_dict() == {
            name[:-4]: fact["speaker"] for name, fact in facts.items()}

    @pytest.mark.parametrize(("stem", "speaker"), [
        ("2006-George_W_Bush", "George W Bush"), ("1961-Kennedy", "Kennedy"),
        ("2019-report", None), ("speech-2019", None), ("1961-Kennedy-2", None),
        ("Kennedy", None),
    ])
    def test_the_speaker_rule(self, tmp_path, stem, speaker):
        (tmp_path / f"{stem}.txt").write_text("Text and more text.", encoding="utf-8")
        meta = _load(tmp_path)[0].metadata
        assert (meta["speaker"].iloc[0] if "speaker" in meta else None) == speaker

    def test_speaker_is_a_by_field(self, speeches):
        corpus, facts, _ = speeches
        counts = cnb.frequencies(cnb.tokenize(corpus), by="speaker", stop=True)
        mine = counts[counts["term"] == "independence"].set_index("speaker")["count"]
        expected = {}
        for fact in facts.values():
            n = sum(len(re.findall(r"\bindependence\b", p.lower())) for p in fact["paragraphs"])
            if n:
                expected[fact["speaker"]] = expected.get(fact["speaker"], 0) + n
        assert mine.to_dict() == expected

    def test_empty_fields_are_not_offered_for_grouping(self, speeches):
        corpus, _, _ = speeches
        meta = corpus.metadata
        assert (meta["author"] == "").all() and (meta["venue"] == "").all()
        assert grouping_fields(meta) == ["year", "language", "speaker"]
        explorer = Explorer(cnb.tokenize(corpus))
        assert explorer.fields == ["doc_id", "section", "year", "language", "speaker"]


# ---------------------------------------------------------------- 5. mojibake


class TestBig5AndGarbledBytes:
    def test_big5_dashes_decode_as_dashes(self, speeches, tmp_path):
        corpus, facts, messages = speeches
        doc = corpus[BIG5_FILE[:-4]]
        assert doc.meta["encoding"] == "big5"
        assert facts[BIG5_FILE]["big5_dashes"] == 3
        assert doc.raw.count("\u2014") == 3 and "period\u2014the" in doc.raw
        plain = write_speeches(tmp_path / "plain", big5=False)[BIG5_FILE]
        assert doc.raw == ("\n\n".join(plain["paragraphs"]) + "\n").replace("--", "\u2014")
        norms = set(cnb.tokenize(corpus)["norm"])
        assert not {"xthe", "xresearch", "xto"} & norms
        assert {"period", "the", "research", "foe", "to"} <= norms
        assert not [m for m in messages if BIG5_FILE in m]  # read right: nothing to warn

    def test_the_other_speeches_stay_utf8(self, speeches):
        corpus, _, _ = speeches
        assert {doc.meta["encoding"] for doc in corpus if doc.id != BIG5_FILE[:-4]} == {"utf-8"}

    def test_bytes_no_encoding_explains_warn_with_file_and_line(self, tmp_path):
        (tmp_path / "odd.txt").write_bytes(b"A first line.\nAnother line.\n"
                                           b"The Policy\x8d\x8fStates and caf\xe9 here.\n")
        corpus, messages = _load(tmp_path)
        doc = corpus["odd"]
        # the rule's cp1252 has no 0x8d or 0x8f: latin-1, as before, but now with a warning
        assert doc.meta["encoding"] == "latin-1"
        assert doc.raw.endswith("The Policy\x8d\x8fStates and café here.\n")
        garbled = [m for m in messages if "odd.txt" in m]
        assert len(garbled) == 1
        assert garbled[0].startswith(f"{tmp_path / 'odd.txt'}: no encoding reads its non-ASCII "
                                     "bytes cleanly; read as latin-1, but line(s) 3 hold "
                                     "garbled words such as 'Policy\\x8d\\x8fStates'")

    @pytest.mark.parametrize(("codec", "text"), [
        ("cp1252", "Der “Separatismus” in Südtirol – ein Überblick."),
        ("latin-1", "Le séparatisme n'est pas une idée neuve à Genève."),
        ("cp1251", "Сепаратизм на Северном Кавказе: новые вызовы для России."),
    ])
    def test_the_code_pages_of_the_old_rule_are_kept_without_warning(self, tmp_path, codec,
                                                                     text):
        path = tmp_path / "doc.txt"
        path.write_bytes(text.encode(codec))
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert cnb.decode(path) == (text, codec)


# ---------------------------------------------------------------- 6. Kazakh

KAZAKH = ("Қазақстан Республикасы және Еуропалық одақ арасындағы ынтымақтастық жаңа кезеңге "
          "өтті.\nҮкімет бұл бағдарламаны қабылдады, өйткені ол ел экономикасы мен сыртқы "
          "саясаты үшін маңызды.\nПарламент депутаттары заң жобасын талқылап, оны бірінші "
          "оқылымда мақұлдады.\nХалықаралық серіктестер де, азаматтық қоғам да реформаларды "
          "қолдайды немесе сынайды.\n")
RUSSIAN = ("Правительства России и Казахстана обсудили новые меры по сотрудничеству в области "
           "энергетики.\nДепутаты парламента поддержали закон, который был принят в первом "
           "чтении.\n")
# A legacy font encoding as old Kazakh documents have it: the text is cp1251, and a font
# drew these Serbian and Macedonian letters as the Kazakh ones (invented, case-consistent).
FONT = str.maketrans("ӘәҒғҚқҢңӨөҰұҮүҺһ", "ЂђЃѓЌќЊњЋћЎўЏџЅѕ")
# What saving in cp1251 without Kazakh letters leaves: the Russian letters they look like
# (і is in cp1251 and stays).
LOSSY = str.maketrans("ӘәҒғҚқҢңӨөҰұҮүҺһ", "АаГгКкНнОоУуУуХх")


def _kazakh_files(folder):
    folder.mkdir()
    (folder / "utf8.txt").write_bytes(KAZAKH.encode("utf-8"))
    (folder / "kz1048.txt").write_bytes(KAZAKH.encode("kz1048"))
    (folder / "font.txt").write_bytes(KAZAKH.translate(FONT).encode("cp1251"))
    (folder / "lossy.txt").write_bytes(KAZAKH.translate(LOSSY).encode("cp1251"))
    return folder


class TestKazakh:
    def test_one_text_is_kazakh_in_every_encoding(self, tmp_path):
        corpus, _ = _load(_kazakh_files(tmp_path / "kk"))
        meta = corpus.metadata
        assert meta["language"].to_dict() == {"font": "kk", "kz1048": "kk", "lossy": "kk",
                                              "utf8": "kk"}
        assert meta["encoding"].to_dict() == {"font": "cp1251", "kz1048": "kz1048",
                                              "lossy": "cp1251", "utf8": "utf-8"}
        assert corpus["kz1048"].raw == corpus["utf8"].raw == KAZAKH
        assert corpus["font"].raw == KAZAKH.translate(FONT)

    def test_the_lossy_text_is_kazakh_by_its_function_words(self):
        lossy = KAZAKH.translate(LOSSY)
        letters = sum(map(len, re.findall(r"[\u0400-\u052f]+", lossy)))
        kazakh = sum(lossy.count(ch) for ch in KAZAKH_LETTERS)
        assert kazakh == lossy.count("і") == 8 and kazakh < KAZAKH_SHARE * letters
        assert detect_language(lossy) == "kk"
        # the same letters with its Kazakh function words made Russian ones: Russian
        russianised = re.sub(r"\b(?:жане|мен|ушін|бул|де|немесе|ол|оны)\b", "и", lossy)
        assert detect_language(russianised) == "ru"

    def test_legacy_font_letters_count_as_kazakh_letters(self):
        # no function word here: the letters alone decide (Ќ ќ ѕ: 4 of 19 letters)
        assert detect_language("Ќазаќстан жаѕа саясат") == "kk"
        assert detect_language("Казакстан жана саясат") == "ru"  # the same without them
        assert detect_language(RUSSIAN.translate(FONT)) == "ru"  # Russian has none to change

    def test_a_legacy_font_is_warned_with_file_and_lines(self, tmp_path):
        folder = _kazakh_files(tmp_path / "kk")
        _, messages = _load(folder)
        font = [m for m in messages if "legacy font" in m]
        assert len(font) == 1 and font[0].startswith(f"{folder / 'font.txt'}: line(s) 1, 2, "
                                                     "3, 4 hold Cyrillic words")
        assert "'Ќазаќстан'" in font[0]

    def test_a_legacy_font_in_utf8_is_warned_too(self, tmp_path):
        (tmp_path / "converted.txt").write_text("Заголовок\n" + KAZAKH.translate(FONT),
                                                encoding="utf-8")
        corpus, messages = _load(tmp_path)
        assert [m for m in messages if "legacy font" in m][0].startswith(
            f"{tmp_path / 'converted.txt'}: line(s) 2, 3, 4, 5 hold")
        assert corpus["converted"].meta["language"] == "kk"

    def test_russian_in_every_encoding(self, tmp_path):
        for codec in ("utf-8", "cp1251", "koi8-r"):
            (tmp_path / f"{codec}.txt").write_bytes(RUSSIAN.encode(codec))
        corpus, messages = _load(tmp_path)
        assert {doc.raw for doc in corpus} == {RUSSIAN}
        assert corpus.metadata["encoding"].to_dict() == {"cp1251": "cp1251",
                                                         "koi8-r": "koi8-r", "utf-8": "utf-8"}
        assert set(corpus.metadata["language"]) == {"ru"}
        assert not [m for m in messages if "garbled" in m or "legacy font" in m]

    def test_kazakh_function_words_are_stopwords(self, tmp_path):
        (tmp_path / "kk.txt").write_text(KAZAKH * 3, encoding="utf-8")
        tokens = cnb.tokenize(_load(tmp_path)[0])
        content = cnb.frequencies(tokens)
        assert not {"және", "мен", "де", "да", "немесе", "үшін", "бұл"} & set(content["term"])
        assert set(tokens.loc[tokens["norm"].isin(["және", "немесе", "да"]), "is_stop"]) == {True}


# ---------------------------------------------------------------- 21.11 binary .txt


class TestBinaryText:
    def test_random_bytes_without_nul_are_refused_by_name(self, tmp_path):
        rng = random.Random(0)
        (tmp_path / "noise.txt").write_bytes(bytes(rng.randrange(1, 256) for _ in range(20000)))
        (tmp_path / "fine.txt").write_text("A real text.", encoding="utf-8")
        with pytest.raises(CorpusError, match=r"noise\.txt looks binary, not a text file: "
                                              r"[\d,]+ of its 20,000 bytes are control"):
            cnb.load_corpus(tmp_path)

    def test_unassigned_code_points_in_utf8(self, tmp_path):
        text = "Some text. " + "\u0378\u0379\x85" * 10  # unassigned, C1 control
        (tmp_path / "odd.txt").write_text(text, encoding="utf-8")
        with pytest.raises(CorpusError, match=r"odd\.txt looks binary, not a text file: 30 of "
                                              r"its 41 characters are control"):
            cnb.load_corpus(tmp_path)

    def test_a_few_control_characters_are_text(self, tmp_path):
        text = "Page one.\f\nPage two \x1b[0m with an escape and a bell\x07.\n" * 5
        (tmp_path / "ok.txt").write_text(text, encoding="utf-8")
        assert cnb.load_corpus(tmp_path)["ok"].raw == text
