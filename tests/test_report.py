"""Claims about the seed texts, and sentences that report counts."""
from __future__ import annotations

import pandas as pd
import pytest

import corpusnb as cnb


class TestClaim:
    def test_checked_on_the_seeds(self, seed_corpus, capsys):
        cnb.claim("Three texts.", lambda: len(seed_corpus) == 3, corpus=seed_corpus)
        assert capsys.readouterr().out == "Checked: Three texts.\n"

    def test_false_claim_fails(self, seed_corpus):
        with pytest.raises(cnb.ClaimError, match="no longer holds .*: Four texts."):
            cnb.claim("Four texts.", lambda: len(seed_corpus) == 4, corpus=seed_corpus)

    def test_other_corpus_is_not_checked(self, tiny_corpus, capsys):
        def would_fail():
            raise AssertionError("must not be called")
        cnb.claim("Markedonov writes of separatism.", would_fail, corpus=tiny_corpus)
        out = capsys.readouterr().out
        assert out.startswith("(This check is about the seed texts;")
        assert "Markedonov" not in out  # the page names nothing that is not in its corpus

    def test_seed_detection_by_checksums(self, seed_corpus, tiny_corpus, tmp_path):
        assert cnb.is_seed_corpus(seed_corpus)
        assert not cnb.is_seed_corpus(tiny_corpus)
        # the seeds with their citations kept are still the seed texts
        assert cnb.is_seed_corpus(cnb.load_corpus(keep_citations=True))
        # a copy of the seed folder is the seed corpus; one changed byte is not
        copy = tmp_path / "copy"
        copy.mkdir()
        for path in cnb.seed_path().iterdir():
            if path.suffix in (".txt", ".toml"):
                (copy / path.name).write_bytes(path.read_bytes())
        assert cnb.is_seed_corpus(cnb.load_corpus(copy))
        changed = copy / "001_d568067f56a9492c.txt"
        changed.write_bytes(changed.read_bytes() + b" ")
        with pytest.warns(cnb.CorpusWarning, match="differs from the sha256"):
            assert not cnb.is_seed_corpus(cnb.load_corpus(copy))


class TestRatesSentence:
    def test_sorted_with_counts(self):
        table = pd.DataFrame({"doc_id": ["a", "b", "c"], "count": [1, 4, 4],
                              "per_10k": [2.0, 8.5, 8.5]})
        assert cnb.rates_sentence(table, name="doc_id", what="oil") == (
            "oil: b 8.5 per 10,000 words (4 hits); c 8.5 (4); a 2.0 (1).")

    def test_limit_sums_up_the_rest(self):
        table = pd.DataFrame({"doc_id": list("abcd"), "count": [1, 4, 2, 3],
                              "per_10k": [1.0, 4.0, 2.0, 3.0]})
        assert cnb.rates_sentence(table, name="doc_id", what="oil", limit=2) == (
            "oil: b 4.0 per 10,000 words (4 hits); d 3.0 (3); and 2 more with 3 hits in all.")

    def test_rows_without_hits_are_summed_up(self):
        table = pd.DataFrame({"doc_id": list("abc"), "count": [0, 2, 0],
                              "per_10k": [0.0, 4.0, 0.0]})
        assert cnb.rates_sentence(table, name="doc_id", what="oil") == (
            "oil: b 4.0 per 10,000 words (2 hits); none in the other 2.")

    def test_nothing_to_report(self):
        empty = pd.DataFrame({"doc_id": [], "count": [], "per_10k": []})
        assert cnb.rates_sentence(empty, name="doc_id", what="oil") == \
            "No hits for oil in this corpus."


def _folder(tmp_path, files):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return cnb.load_corpus(tmp_path)


class TestCorpusSentence:
    def test_counts_years_languages(self, tmp_path):
        corpus = _folder(tmp_path, {"a-2001.txt": "One two three.",
                                    "b-2004.txt": "Four five six seven eight nine ten.",
                                    "c.txt": "Один два."})
        tokens = cnb.tokenize(corpus)
        # 3 + 7 + 2 = 12 word tokens; the longest has 7 of 12 = 58%
        assert cnb.corpus_sentence(corpus, tokens) == (
            "3 documents, 12 word tokens, from 2001 to 2004, in English (2), Russian (1); "
            "the longest is b-2004 (7 word tokens, 58% of the corpus).")

    def test_one_empty_document(self, tmp_path):
        (tmp_path / "e.txt").write_text("", encoding="utf-8")
        with pytest.warns(cnb.CorpusWarning):
            corpus = cnb.load_corpus(tmp_path)
        assert cnb.corpus_sentence(corpus, cnb.tokenize(corpus)) == \
            "1 document, 0 word tokens, in undetermined (1)."


class TestFocusDocument:
    @pytest.fixture
    def tokens(self, tmp_path):
        corpus = _folder(tmp_path, {"a.txt": "oil oil gas words words words words",
                                    "b.txt": "oil oil water",
                                    "c.txt": "nothing here at all today"})
        return cnb.tokenize(corpus)

    def test_preferred_when_present(self, tokens):
        assert cnb.focus_document(tokens, "oil", preferred="c")[0] == "c"

    def test_most_hits_then_rate(self, tokens):
        # a and b both have 2 hits of oil; b's rate (2 of 3 words) beats a's (2 of 7):
        # the tie, how it is broken, and the thin evidence are all said
        doc, why = cnb.focus_document(tokens, ["oil"], preferred="missing")
        assert doc == "b"
        assert why == ("Focus document: b, one of 2 documents tied with the most hits of oil "
                       "(2 each, of 4 in the corpus); the tie is broken by the rate per "
                       "10,000 words, then corpus order: b 6666.7, a 2857.1. 2 hits are thin "
                       "evidence: what this document shows may hold for no other; compare "
                       "the documents' counts above before reading it as typical.")

    def test_a_clear_lead_on_enough_hits(self, tmp_path):
        corpus = _folder(tmp_path, {"a.txt": "oil " * 6 + "gas gas gas gas",
                                    "b.txt": "oil water", "c.txt": "nothing"})
        doc, why = cnb.focus_document(cnb.tokenize(corpus), "oil", what="Energy")
        # 6 of the 7 hits, 6 of 10 words: no tie, no thin-evidence warning
        assert (doc, why) == ("a", "Focus document: a, the document with the most hits of "
                                   "Energy (6 of 7 in the corpus, 6000.0 per 10,000 words).")

    def test_many_tied_documents_are_summed_up(self, tmp_path):
        corpus = _folder(tmp_path, {f"d{k}.txt": "oil " + "word " * k for k in range(7)})
        doc, why = cnb.focus_document(cnb.tokenize(corpus), "oil")
        assert doc == "d0"  # 1 of 1 word: the highest rate
        assert "one of 7 documents tied" in why
        assert "d0 10000.0, d1 5000.0, d2 3333.3, d3 2500.0, d4 2000.0 and 2 more." in why
        assert "1 hit is thin evidence" in why

    def test_no_hits_falls_back_to_the_longest(self, tokens):
        assert cnb.focus_document(tokens, ["zebra*"]) == (
            "a", "No document uses zebra*; the focus is the longest document, a (7 word "
                 "tokens).")

    def test_no_tokens(self, tokens):
        assert cnb.focus_document(tokens.head(0), ["oil"])[0] is None


class TestComparisonGroups:
    def test_periods_when_every_document_has_a_year(self, tmp_path):
        # 8 different years, more than 6 groups: the decades, not "the 6 longest"
        years = [1801, 1805, 1812, 1899, 1945, 1961, 2001, 2009]
        corpus = _folder(tmp_path, {f"{y}-Name.txt": f"Speech of {y}." for y in years})
        field, groups, why = cnb.comparison_groups(corpus)
        assert field == "period"
        assert groups == {"1800s": ["1801-Name", "1805-Name"], "1810s": ["1812-Name"],
                          "1890s": ["1899-Name"], "1940s": ["1945-Name"],
                          "1960s": ["1961-Name"], "2000s": ["2001-Name", "2009-Name"]}
        assert why == ("With 8 documents from 8 different years, they are grouped by period: "
                       "6 decades (1800s, 1810s, 1890s, 1940s, 1960s, 2000s); set compare_by "
                       "to choose a metadata field instead.")
        assert "longest" not in why

    def test_a_field_with_a_group_of_one_document_is_not_compared(self, tmp_path):
        # 12 English speeches and one Russian: not "en against ru" but periods
        texts = {f"{y}-Name.txt": f"Speech of {y}, said in English." for y in
                 [1790, 1797, 1801, 1850, 1861, 1901, 1933, 1961, 1977, 2001, 2004, 2010]}
        texts["1985-Gorbachev.txt"] = "Товарищи депутаты, мы начали перестройку в стране."
        corpus = _folder(tmp_path, texts)
        assert corpus.metadata["language"].value_counts().to_dict() == {"en": 12, "ru": 1}
        field, groups, why = cnb.comparison_groups(corpus)
        assert field == "period" and "language" not in why
        # decades: 11, 20-year: 10, 25: 8, 50: 1750 1800 1850 1900 1950 2000 = 6
        assert groups == {"1750–1799": ["1790-Name", "1797-Name"], "1800–1849": ["1801-Name"],
                          "1850–1899": ["1850-Name", "1861-Name"],
                          "1900–1949": ["1901-Name", "1933-Name"],
                          "1950–1999": ["1961-Name", "1977-Name", "1985-Gorbachev"],
                          "2000–2049": ["2001-Name", "2004-Name", "2010-Name"]}

    def test_wider_spans_when_decades_are_too_many(self, tmp_path):
        years = [1801, 1811, 1821, 1901, 1911, 1921, 2001]
        corpus = _folder(tmp_path, {f"{y}-Name.txt": f"Speech of {y}." for y in years})
        field, groups, why = cnb.comparison_groups(corpus, max_groups=3)
        assert field == "period"
        # decades: 7, 20-year spans: 5, 25-year spans: 3 (1800, 1900, 2000)
        assert groups == {"1800–1824": ["1801-Name", "1811-Name", "1821-Name"],
                          "1900–1924": ["1901-Name", "1911-Name", "1921-Name"],
                          "2000–2024": ["2001-Name"]}
        assert "3 spans of 25 years" in why

    def test_documents_without_a_value_are_counted(self, tmp_path):
        names = ["a-2001.txt", "b-2001.txt", "c-2005.txt", "d.txt", "e.txt", "f-2005.txt",
                 "g-2001.txt"]
        corpus = _folder(tmp_path, {n: "Some words here." for n in names})
        field, groups, why = cnb.comparison_groups(corpus)
        assert field == "year" and sorted(groups) == ["2001", "2005"]
        assert "grouped by 'year' (2 values; 2 documents without a value are left out)" in why

    def test_with_groups_makes_the_period_column(self, tmp_path):
        years = [1801, 1805, 1899, 1945, 1961, 2001, 2009]
        corpus = _folder(tmp_path, {f"{y}-Name.txt": "word " * (k + 1)
                                    for k, y in enumerate(years)})
        tokens = cnb.tokenize(corpus)
        field, groups, _ = cnb.comparison_groups(corpus, max_groups=4)
        # decades: 5; 20-year spans: 1800, 1880, 1940, 1960, 2000 = 5; 25: 1800, 1875,
        # 1925, 1950, 2000 = 5; 50: 1800, 1850, 1900, 1950, 2000 = 5; 100: 4
        assert field == "period"
        assert groups == {"1800–1899": ["1801-Name", "1805-Name", "1899-Name"],
                          "1900–1999": ["1945-Name", "1961-Name"],
                          "2000–2099": ["2001-Name", "2009-Name"]}
        grouped = cnb.with_groups(tokens, field, groups)
        # tokens per period: 1+2+3, 4+5, 6+7
        assert grouped.groupby("period").size().to_dict() == {
            "1800–1899": 6, "1900–1999": 9, "2000–2099": 13}
        profile = cnb.theme_frequencies(grouped, {"w": ["word"]}, by=field)
        assert profile["count"].tolist() == [6, 9, 13]
        assert cnb.with_groups(tokens, "year", groups) is tokens  # a metadata field


    def test_documents_when_few(self, tiny_corpus):
        assert cnb.comparison_groups(tiny_corpus)[:2] == ("doc_id", {"a": ["a"], "b": ["b"]})

    def test_a_metadata_field_when_many(self, tmp_path):
        corpus = _folder(tmp_path, {f"d{k}.txt": f"Text {k}." for k in range(8)})
        for k, doc in enumerate(corpus):
            doc.meta["speaker"] = f"s{k % 4}"  # 4 values: more than party's
            doc.meta["party"] = "AB"[k % 2]
            doc.meta["seat"] = f"x{k}"  # 8 values: too many to compare
        field, groups, why = cnb.comparison_groups(corpus)
        assert field == "party"
        assert groups == {"A": ["d0", "d2", "d4", "d6"], "B": ["d1", "d3", "d5", "d7"]}
        assert "grouped by 'party' (2 values)" in why

    def test_the_longest_when_no_field_fits(self, tmp_path):
        corpus = _folder(tmp_path, {f"d{k}.txt": "word " * (k + 1) for k in range(8)})
        field, groups, _ = cnb.comparison_groups(corpus, max_groups=3)
        assert field == "doc_id" and list(groups) == ["d5", "d6", "d7"]

    def test_unknown_field(self, tiny_corpus):
        with pytest.raises(ValueError, match="no metadata field 'party'"):
            cnb.comparison_groups(tiny_corpus, "party")


class TestMainTables:
    def test_tables_of_a_small_corpus(self, tiny_corpus):
        tables = cnb.main_tables(tiny_corpus)
        assert list(tables) == ["documents", "frequencies", "frequencies_by_document",
                                "themes_by_document", "keyness"]
        assert tables["documents"].index.tolist() == ["a", "b"]
        top = tables["frequencies"].set_index("term")["count"]
        assert top["separatism"] == 3 and top["sistema"] == 2
        assert set(tables["keyness"]["target"]) == {"a", "b"}


def test_the_longest_document_of_a_large_corpus_is_not_zero_percent():
    # 3,000 documents of one word, the first of two: 2 / 3,001 = 0.0666 % of the tokens
    import pandas as pd

    from corpusnb.present.report import corpus_sentence

    class Many:
        ids = [f"d{k:04d}" for k in range(3_000)]
        metadata = pd.DataFrame({"year": [None] * 3_000, "language": ["en"] * 3_000},
                                index=ids)

        def __len__(self):
            return 3_000
    codes = [0, *range(3_000)]
    tokens = pd.DataFrame({"doc_id": pd.Categorical.from_codes(codes, Many.ids)})
    assert corpus_sentence(Many(), tokens) == (
        "3,000 documents, 3,001 word tokens, in English (3000); the longest is d0000 "
        "(2 word tokens, 0.067% of the corpus).")


# ---------------------------------------------------------------- computed sentences

def _words(theme, label, pairs):
    """A theme_words table for one theme, by hand."""
    total = sum(n for _, n in pairs)
    return pd.DataFrame({"theme": theme, "label": label, "word": [w for w, _ in pairs],
                         "count": [n for _, n in pairs],
                         "share": [n / total for _, n in pairs], "theme_count": total})


class TestThemeWordsSentence:
    def test_one_word_over_half_is_named(self):
        # 45 of 48 hits are "independence": 94%
        words = _words("separatism", "Separatism", [("independence", 45), ("secession", 2),
                                                    ("self-determination", 1)])
        assert cnb.theme_words_sentence(words, "separatism") == (
            "Separatism: 48 hits, made by independence 45 (94%), secession 2 (4%), "
            "self-determination 1 (2%). Separatism is driven by one word here: one word, "
            "'independence', makes 45 of its 48 hits, so the count is that word's more than "
            "the theme's; read its lines (cnb.kwic) before reporting it as a finding.")

    def test_exactly_half_is_not_driven(self):
        words = _words("t", "Trade", [("trade", 2), ("tariff", 1), ("export", 1)])
        assert cnb.theme_words_sentence(words, "t") == (
            "Trade: 4 hits, made by trade 2 (50%), tariff 1 (25%), export 1 (25%).")

    def test_the_rest_summed_up(self):
        words = _words("t", "Trade", [("a", 3), ("b", 3), ("c", 2), ("d", 1), ("e", 1)])
        assert cnb.theme_words_sentence(words, "t", top=2) == (
            "Trade: 10 hits, made by a 3 (30%), b 3 (30%), 3 other words 4 (40%).")

    def test_a_single_word(self):
        words = _words("s", "Separatism", [("independence", 9)])
        assert cnb.theme_words_sentence(words, "s").startswith(
            "Separatism: 9 hits, made by independence 9 (100%). Separatism is driven by one "
            "word here: every hit is the one word 'independence', so")

    def test_no_hits(self):
        words = _words("s", "Separatism", [("independence", 9)])
        assert cnb.theme_words_sentence(words, "other", label="Islamism") == \
            "Islamism: no hits in this corpus."


class TestThemesSentence:
    def test_shipped_themes_on_another_corpus(self, tiny_corpus):
        text = cnb.themes_sentence(cnb.load_themes(), tiny_corpus)
        assert text.startswith("The 12 theme dictionaries are the shipped ones, written for "
                               "the seed study")
        assert "On this corpus they count those words, not necessarily those topics" in text
        assert text.endswith("run `corpusnb run --themes FILE`, or set `themes_path` in the "
                             "parameters cell.")

    def test_shipped_themes_on_the_seeds(self, seed_corpus):
        text = cnb.themes_sentence(cnb.load_themes(), seed_corpus)
        assert "written for the seed study" in text and "On this corpus" not in text

    def test_own_themes(self, tiny_corpus, tmp_path):
        path = tmp_path / "mine.toml"
        path.write_text('[water]\npatterns = ["river*"]\n', encoding="utf-8")
        text = cnb.themes_sentence(cnb.load_themes(path), tiny_corpus, str(path))
        assert text.startswith("The 1 theme dictionary comes from mine.toml. To count")


class TestLeadingThemes:
    def test_driven_thin_and_silent(self):
        profile = pd.DataFrame({
            "theme": ["cap", "sep", "cap", "sep", "cap", "sep"],
            "label": ["Capitalism", "Separatism"] * 3,
            "year": [1909, 1909, 1961, 1961, 2001, 2001],
            "count": [12, 1, 2, 6, 0, 0],
            "per_10k": [30.0, 2.5, 4.0, 12.0, 0.0, 0.0]})
        words = pd.DataFrame({
            "theme": ["cap", "cap", "cap", "sep"], "label": ["Capitalism"] * 3 + ["Separatism"],
            "year": [1909, 1909, 1909, 1961], "word": ["business", "property", "market",
                                                       "independence"],
            "count": [5, 4, 3, 4], "share": [5 / 12, 4 / 12, 3 / 12, 4 / 6],
            "theme_count": [12, 12, 12, 6]})
        assert cnb.leading_themes_sentence(profile, words, "year").split("\n") == [
            "1909: leading theme by rate Capitalism (30 per 10k, 12 hits: business 5 (42%), "
            "property 4 (33%), market 3 (25%)).",
            "1961: leading theme by rate Separatism (12 per 10k, 6 hits: independence 4 "
            "(67%)), driven by one word, 'independence' (67% of the hits): a count of that "
            "word more than of the theme.",
            "No theme hit at all in: 2001."]

    def test_a_thin_lead(self):
        profile = pd.DataFrame({"theme": ["a"], "label": ["A"], "doc_id": ["d"],
                                "count": [3], "per_10k": [50.0]})
        words = _words("a", "A", [("x", 1), ("y", 1), ("z", 1)]).assign(doc_id="d")
        assert cnb.leading_themes_sentence(profile, words, "doc_id") == (
            "d: leading theme by rate A (50 per 10k, 3 hits: x 1 (33%), y 1 (33%), z 1 (33%))"
            "; 3 hits are too few to call a theme leading.")


class TestMattrSentence:
    def test_short_documents_are_flagged_not_ranked(self):
        lexical = pd.DataFrame({"doc_id": ["long", "longer", "1793-Washington"],
                                "tokens": [600, 900, 135], "mattr": [0.61, 0.65, 0.67]})
        assert cnb.mattr_sentence(lexical).split("\n") == [
            "Highest MATTR: longer (0.650); lowest: long (0.610), over 2 documents of at "
            "least 500 tokens.",
            "1 document is shorter than the 500-token window, so its MATTR is its plain "
            "type-token ratio and is not ranked with the others: 1793-Washington (135 "
            "tokens, 0.670)."]

    def test_every_document_short(self):
        lexical = pd.DataFrame({"tokens": [135, 110], "mattr": [0.67, 0.70]},
                               index=pd.Index(["a", "b"], name="doc_id"))
        text = cnb.mattr_sentence(lexical, window=500)
        assert text.startswith("All 2 documents are shorter than the 500-token window")
        assert "Highest" not in text and "no document is ranked" in text
        assert text.endswith("(shortest first: b (110 tokens, 0.700), a (135 tokens, 0.670)).")

    def test_one_long_document(self):
        lexical = pd.DataFrame({"doc_id": ["a", "b"], "tokens": [700, 20],
                                "mattr": [0.5, 0.9]})
        assert cnb.mattr_sentence(lexical).startswith(
            "Only a is at least 500 tokens long (MATTR 0.500): there is no other to rank it "
            "with.\n1 document is shorter")

    def test_nothing_to_compare(self):
        lexical = pd.DataFrame({"doc_id": ["a"], "tokens": [700], "mattr": [0.5]})
        assert cnb.mattr_sentence(lexical) == \
            "MATTR compares documents; this corpus has fewer than two with words."


class TestTrendSentence:
    def test_the_peak_between_first_and_last(self):
        trend = pd.DataFrame({"series": "Oil", "period": [1950, 1960, 1970, 1980],
                              "count": [2, 12, 3, 2], "tokens": [1000, 2000, 1000, 1000],
                              "per_10k": [20.0, 60.0, 30.0, 20.0]})
        assert cnb.trend_sentence(trend) == (
            "Oil: 19 hits in the 4 periods with documents, from 20.0 per 10k in 1950 (2 hits) "
            "to 20.0 in 1980 (2 hits); the highest rate is in 1960 (60.0 per 10k, 12 hits in "
            "2,000 words).")

    def test_peak_at_an_end_and_few_hits(self):
        trend = pd.DataFrame({"series": ["A", "A", "B", "B"], "period": [2001, 2005] * 2,
                              "count": [0, 3, 0, 0], "tokens": [500, 500] * 2,
                              "per_10k": [0.0, 60.0, 0.0, 0.0]})
        assert cnb.trend_sentence(trend).split("\n") == [
            "A: 3 hits in the 2 periods with documents, from 0.0 per 10k in 2001 (0 hits) to "
            "60.0 in 2005 (3 hits); the highest rate is in the last period, 2005 (60.0 per "
            "10k, 3 hits in 500 words); 3 hits in all are too few to read as a trend.",
            "B: no hits in the 2 periods with documents."]


    def test_decades_without_documents_are_not_counted(self):
        # trends(period="decade") lists every decade in range, 1810s and 1820s with none
        trend = pd.DataFrame({"series": "Oil", "period": ["1800s", "1810s", "1820s", "1830s"],
                              "count": [2, 0, 0, 4], "tokens": [1000, 0, 0, 500],
                              "per_10k": [20.0, float("nan"), float("nan"), 80.0]})
        assert cnb.trend_sentence(trend) == (
            "Oil: 6 hits in the 2 periods with documents, from 20.0 per 10k in 1800s (2 hits) "
            "to 80.0 in 1830s (4 hits); the highest rate is in the last period, 1830s (80.0 "
            "per 10k, 4 hits in 500 words).")


class TestSectionsSentence:
    def test_one_section_is_not_a_comparison(self):
        table = pd.DataFrame({"theme": ["a", "b"], "section": [0, 0], "count": [2, 0],
                              "per_10k": [159.0, 0.0]})
        text = cnb.sections_sentence(table, {"a": "Multi-vectorism", "b": "Identity"},
                                     {0: "(no heading)"}, "1945-Truman")
        assert text == ("In all: Multi-vectorism 2 hits, Identity 0 hits in 1945-Truman. "
                        "1945-Truman has no section headings (it is one section), so there "
                        "is no section to compare.")
        assert "section 0" not in text

    def test_densest_section(self):
        table = pd.DataFrame({"theme": ["a"] * 3 + ["b"] * 3, "section": [0, 1, 2] * 2,
                              "count": [1, 4, 2, 0, 0, 0],
                              "per_10k": [10.0, 80.0, 20.0, 0.0, 0.0, 0.0]})
        assert cnb.sections_sentence(table, {"a": "A", "b": "B"},
                                     {1: "Motives"}, "d").split("\n") == [
            "In all: A 7 hits, B 0 hits in d.",
            "A: densest in section 1 (Motives): 80 per 10k (4 hits)."]


class TestKeywordsSentence:
    @pytest.fixture
    def key(self):
        return pd.DataFrame({"term": ["a", "b", "c", "d"], "g2": [20.0, 12.0, 3.0, -15.0],
                             "significant": [True, True, False, True]})

    def test_never_more_keywords_than_are_significant(self, key):
        # 3 significant, 2 of them positive: "the 2 keywords", not "the top five"; the
        # third, d, used less, is named too (it was left unsaid)
        assert cnb.keywords_sentence(key, n=5) == (
            "3 of 4 terms are significant after correction; the 2 keywords: a, b; used less "
            "than in the reference (the 1 negative keyword: d).")

    def test_the_top_n(self, key):
        assert cnb.keywords_sentence(key, n=1, name="g") == (
            "g: 3 of 4 terms are significant after correction; the top 1 of 2 keywords: a; "
            "used less than in the reference (the 1 negative keyword: d).")

    def test_only_negative(self, key):
        assert cnb.keywords_sentence(key.assign(g2=-key["g2"].abs(), significant=[True] * 4)) == (
            "4 of 4 terms are significant after correction: no term is used more; used less "
            "than in the reference (the 4 negative keywords: a, d, b, c).")  # by G²

    def test_none_significant(self, key):
        assert cnb.keywords_sentence(key.assign(significant=False)) == (
            "0 of 4 terms are significant after correction: no keyword can be named.")


class TestSharedSentence:
    def test_nothing_shared_is_not_a_common_frame(self):
        freq = pd.DataFrame({"term": list("abc"), "count": [3, 2, 1], "docs": [1, 2, 1]})
        text = cnb.shared_sentence(freq, 3)
        assert text == ("0 of 3 content words occur in all 3 documents: they share no "
                        "content word, so each is read on its own terms.")
        assert "frame" not in text

    def test_a_frequent_shared_vocabulary(self):
        # 1 of 5 words (20%), 10 of 14 tokens (71%)
        freq = pd.DataFrame({"term": list("abcde"), "count": [10, 1, 1, 1, 1],
                             "docs": [2, 1, 1, 1, 1]})
        assert cnb.shared_sentence(freq, 2) == (
            "1 of 5 content words (20%) occur in all 2 documents; they account for 71% of "
            "content-word tokens: a small part of the vocabulary but a large part of the "
            "text, the common frame in which each document pursues its own subject.")

    def test_a_rare_shared_vocabulary(self):
        freq = pd.DataFrame({"term": list("abcd"), "count": [1, 5, 5, 5],
                             "docs": [2, 1, 1, 1]})
        assert cnb.shared_sentence(freq, 2) == (
            "1 of 4 content words (25%) occur in all 2 documents; they account for 6% of "
            "content-word tokens.")


class TestLeaderSentence:
    def test_a_tie_at_the_top_is_named_whole(self):
        import networkx as nx
        graph = nx.Graph([("must", "a"), ("must", "b"), ("medicine", "a"), ("medicine", "b"),
                          ("independence", "a"), ("independence", "b")])
        # degrees: a 3, b 3, must 2, medicine 2, independence 2
        assert cnb.leader_sentence(graph.degree, what="connected word", unit="links") == (
            "the most connected words are a and b, tied at 3 links")
        graph.add_edge("a", "c")
        assert cnb.leader_sentence(graph.degree, what="connected word", unit="links") == (
            "the most connected word is a (4 links)")

    def test_nothing_to_rank(self):
        assert cnb.leader_sentence({}, what="connected word", unit="links") == (
            "there is no word to rank")


class TestCutSentence:
    def test_the_tie_at_the_cut_is_told(self):
        freq = pd.DataFrame({"term": ["us", "act", "ask", "burden", "delay", "trade"],
                             "count": [9, 7, 7, 7, 7, 7]})
        assert cnb.cut_sentence(freq, 3) == (
            "The list cuts through a tie: 5 words have 7, and 2 of them are shown (in the "
            "order of the table, not by any ranking among them): act, ask; not shown: "
            "burden, delay, trade.")

    def test_no_tie_no_sentence(self):
        freq = pd.DataFrame({"term": ["a", "b", "c"], "count": [5, 4, 3]})
        assert cnb.cut_sentence(freq, 2) == "" and cnb.cut_sentence(freq, 3) == ""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The seeds' token store, each document a part."""
    return cnb.index(cnb.seed_path(), tmp_path_factory.mktemp("seeds") / "store",
                     chunk_chars=3_000, workers=1)


class TestFromATokenStore:
    """What the notebooks' setup and sentences give from a token store: the same as from
    the table, without the whole table in memory (``store.tokens()`` is never called)."""

    @pytest.fixture(autouse=True)
    def no_whole_table(self, monkeypatch):
        def whole(self, columns=None):
            raise AssertionError("the whole token table was read from the store")
        monkeypatch.setattr(cnb.Store, "tokens", whole)

    def test_tokens_of_a_store_is_the_store(self, store):
        assert cnb.tokens_of(store) is store
        content = cnb.content_words(store)
        assert content.stop is False and store.stop is True  # a view: the store unchanged

    def test_tokens_of_a_corpus_is_its_table(self, seed_corpus, seed_tokens):
        pd.testing.assert_frame_equal(cnb.tokens_of(seed_corpus), seed_tokens)
        content = cnb.content_words(seed_tokens)
        assert len(content) == 10_002 == int((~seed_tokens["is_stop"]).sum())
        assert not content["is_stop"].any()

    def test_content_words_of_a_store_count_as_the_tables(self, store, seed_tokens):
        sizes = cnb.document_sizes(cnb.content_words(store))
        assert sizes.to_dict() == {"markedonov-2012": 2760, "lrb-2015": 2602,
                                   "kazakhstan-eu-2018": 4640}
        expected = seed_tokens[~seed_tokens["is_stop"]].groupby("doc_id", observed=True).size()
        assert sizes.to_dict() == {str(k): int(v) for k, v in expected.items()}

    def test_corpus_sentence(self, store, seed_corpus, seed_tokens):
        sentence = cnb.corpus_sentence(store, store)
        assert sentence == cnb.corpus_sentence(seed_corpus, seed_tokens)
        assert sentence == ("3 documents, 17,661 word tokens, from 2012 to 2018, in English "
                            "(3); the longest is kazakhstan-eu-2018 (8,169 word tokens, 46% "
                            "of the corpus).")

    def test_main_tables(self, store, seed_corpus):
        got, expected = cnb.main_tables(store), cnb.main_tables(seed_corpus)
        assert list(got) == list(expected)
        for name in expected:
            if name == "documents":
                continue  # the store's metadata keeps dates as ISO strings
            pd.testing.assert_frame_equal(got[name], expected[name])
        assert set(got["keyness"]["target"]) == set(seed_corpus.ids)

    def test_focus_document(self, store, seed_tokens):
        patterns = ["multi-vector*"]
        assert cnb.focus_document(store, patterns) == cnb.focus_document(seed_tokens, patterns)

    def test_with_groups(self, store):
        assert cnb.with_groups(store, "doc_id", {"lrb-2015": ["lrb-2015"]}) is store
        assert cnb.with_groups(store, "year", {"2015": ["lrb-2015"]}) is store
        with pytest.raises(cnb.CorpusError, match="takes no new column.*'period'.*year"):
            cnb.with_groups(store, "period", {"2010s": ["lrb-2015"]})
