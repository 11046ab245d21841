"""Cleaning rules, the audit of removals, and section headings."""
from __future__ import annotations

import re

import pytest

import corpusnb as cnb
from corpusnb import CorpusError


def audit(raw, settings=None):
    return cnb.clean(raw, settings).removed[["start", "end", "reason", "text"]].values.tolist()


class TestClean:
    def test_boilerplate_lines(self):
        raw = "Show More\nBody text here.\nShow More\n"
        out = cnb.clean(raw)
        assert out.text == "Body text here.\n"
        # "Show More\n" is 10 characters (0-10), "Body text here.\n" 16 (10-26)
        assert audit(raw) == [[0, 10, "web boilerplate", "Show More\n"],
                              [26, 36, "web boilerplate", "Show More\n"]]

    def test_boilerplate_can_be_switched_off(self):
        assert cnb.clean("Show More\nBody.\n", {"boilerplate": False}).text == "Show More\nBody.\n"

    def test_footer_from_marker_to_end(self):
        body = " ".join(["word"] * 40)
        raw = f"{body}\n\nSend Letters To:\n\nThe Editor\nletters@lrb.co.uk\n"
        out = cnb.clean(raw)
        assert out.text == f"{body}\n"
        assert audit(raw)[0][:3] == [len(body) + 1, len(raw), "letters/newsletter footer"]

    def test_footer_marker_inside_body_is_not_a_footer(self):
        body = " ".join(["word"] * 40)
        raw = f"Sign up to our newsletter\n{body}\n"
        assert cnb.clean(raw).text == raw

    def test_header_until_last_matching_line(self):
        body = " ".join(["word"] * 40)
        raw = f"Book one\nShow More\nBook two\nShow More\n\n{body}\n"
        out = cnb.clean(raw, {"header_until": "Show More", "header_reason": "book list"})
        assert out.text == f"{body}\n"
        # 9 + 10 + 9 + 10 characters of lines, and the blank line: 39
        assert audit(raw, {"header_until": "Show More", "header_reason": "book list"}) == [
            [0, 39, "book list", "Book one\nShow More\nBook two\nShow More\n\n"]]

    def test_header_setting_that_matches_nothing_is_an_error(self):
        with pytest.raises(CorpusError, match=r"doc\.txt: the cleaning setting header_until"):
            cnb.clean("Title\n" + "word " * 50, {"header_until": "ORCID"}, name="doc.txt")

    def test_dateline(self):
        # "Body.\n" is 0-6, "23 January\n" 6-17
        assert audit("Body.\n23 January\n") == [[6, 17, "dateline", "23 January\n"]]

    def test_footnote_markers_glued_to_words(self):
        raw = "agreement with the bloc.Footnote 1 Furthermore, ties.Footnote 12 End"
        out = cnb.clean(raw)
        assert out.text == "agreement with the bloc. Furthermore, ties. End"
        # "agreement with the bloc." is 9+1+4+1+3+1+5 = 24 characters, "Footnote 1" 10
        # (24-34), " Furthermore, ties." 19 (34-53), "Footnote 12" 11 (53-64)
        assert [row[:3] for row in audit(raw)] == [[24, 34, "footnote marker"],
                                                   [53, 64, "footnote marker"]]

    @pytest.mark.parametrize(("raw", "text"), [
        ("policy (Kuchins et al., 2015: p. 2) is", "policy is"),
        ("ties (e.g. Bossuyt and Kubicek, 2015; Collins and Bekenova, 2017), this",
         "ties, this"),
        ("as argued (ibid: pp. 541–542).", "as argued."),
        ("Koch (2013: p. 112) says", "Koch says"),
        ("reports (Freedom House 2010a, 2017a) show", "reports show"),
        ("data (Radio Azattyq, 2016, my translation) say", "data say"),
        ("sources (for details, see Holmquist, 2015: p. 2; Roberts, 2015: p. 5) agree",
         "sources agree"),
        # prose in parentheses stays
        ("the coup (in the Julian calendar) of", "the coup (in the Julian calendar) of"),
        ("active (though not as actively as in the early 1990s) now",
         "active (though not as actively as in the early 1990s) now"),
        ("see (Anceschi, 2014: p. 15; see endnote 2 for further details) here",
         "see (Anceschi, 2014: p. 15; see endnote 2 for further details) here"),
        ("the bloc (e.g. Belarus) and", "the bloc (e.g. Belarus) and"),
    ])
    def test_citations(self, raw, text):
        assert cnb.clean(raw).text == text

    def test_citations_can_be_kept(self):
        raw = "policy (Kuchins et al., 2015: p. 2) is"
        assert cnb.clean(raw, {"citations": "keep"}).text == raw

    def test_audit_accounts_for_every_character(self):
        raw = "Show More\n\nA claim (Koch, 2013: p. 114) holds.Footnote 3 Next.\n"
        out = cnb.clean(raw)
        for start, end, _, text in audit(raw):
            assert raw[start:end] == text
        removed = sum(end - start for start, end, _, _ in audit(raw))
        assert len(out.text) == len(raw) - removed


_PARENTHESIS = re.compile(r"\(([^()\n]{1,400})\)")
_YEAR_OR_IBID = re.compile(r"\b(?:1[6-9]|20)\d\d|\bibid\b", re.IGNORECASE)
# Parentheses of the seeds with a year or "ibid" in them that are not citations, read
# one by one: prose, a quoted title (no author), a reference followed by prose.
PROSE = {
    "markedonov-2012": [
        "his first decree in the capacity of president dated May 13, 2000, created a system "
        "of federal districts",
        "deputy to Tatarstan’s chief mufti in 2008-2011",
        "though not as actively as in the early 1990s",
    ],
    "lrb-2015": [
        "though these were partially reintroduced in 2012",
        "These individuals, and the companies linked with them, were among the first to be "
        "targeted by Western sanctions in 2014.",
        "‘The Power of the Families’, 2012",
    ],
    "kazakhstan-eu-2018": [
        "see ibid.: p. 49 for details",
        "Anceschi, 2014: p. 15; see endnote 2 for further details on the Zhanaozen massacre",
    ],
}


def _expected_citations(doc):
    """Citations counted without the cleaner's grammar: the parentheses of the raw text
    with a year or "ibid" in them, less the ones read as prose (PROSE)."""
    found = [p for p in _PARENTHESIS.findall(doc.raw) if _YEAR_OR_IBID.search(p)]
    prose = PROSE[doc.id]
    assert all(p in found and f"({p})" in doc.text for p in prose)  # found, and kept
    return len(found) - len(prose)


class TestSeedCleaning:
    def test_citations_counted_independently(self, seed_corpus):
        counts = {doc.id: int((doc.removed["reason"] == "citation").sum()) for doc in seed_corpus}
        assert counts == {doc.id: _expected_citations(doc) for doc in seed_corpus}
        # 3 - 3, 8 - 3 and 167 - 2
        assert counts == {"markedonov-2012": 0, "lrb-2015": 5, "kazakhstan-eu-2018": 165}

    def test_every_audit_row_is_the_raw_text(self, seed_corpus):
        for doc in seed_corpus:
            for start, end, text in doc.removed[["start", "end", "text"]].itertuples(index=False):
                assert doc.raw[start:end] == text
            removed = int((doc.removed["end"] - doc.removed["start"]).sum())
            assert len(doc.text) == len(doc.raw) - removed  # LF, NFC files

    def test_markedonov_journal_header(self, seed_corpus):
        doc = seed_corpus["markedonov-2012"]
        assert doc.removed["reason"].tolist() == ["journal header block"]
        header = doc.removed.iloc[0]
        assert (header.start, header.end) == (0, doc.raw.index("Post-Soviet Russia: Torn"))
        assert doc.text.startswith("Post-Soviet Russia: Torn Between Nationalism")
        assert "ORCID" not in doc.text and "MGIMO" not in doc.text

    def test_lrb_book_list_and_footer(self, seed_corpus):
        doc = seed_corpus["lrb-2015"]
        reasons = doc.removed["reason"].value_counts().to_dict()
        # one header block, one footer, the one dateline of the file, and the citations
        # counted in test_citations_counted_independently
        assert doc.raw.count("\n23 January\n") == 1
        assert reasons == {"web header: reviewed-books list": 1,
                           "citation": _expected_citations(doc),
                           "dateline": 1, "letters/newsletter footer": 1}
        assert doc.text.startswith("Nearly five thousand people have been killed")
        assert doc.text.rstrip().endswith("a bleached skeleton embedded in the sand.")
        for gone in ("Show More", "Newsletter", "letters@lrb.co.uk", "23 January"):
            assert gone not in doc.text

    def test_kazakhstan_markers_and_citations(self, seed_corpus):
        doc = seed_corpus["kazakhstan-eu-2018"]
        reasons = doc.removed["reason"].value_counts().to_dict()
        assert reasons["footnote marker"] == doc.raw.count("Footnote ") == 25
        assert reasons["citation"] == _expected_citations(doc)
        assert "Footnote" not in doc.text
        assert "(Kuchins et al., 2015: p. 2)" not in doc.text
        assert "Kuchins et al., having interviewed" in doc.text  # narrative citation stays
        assert "agreement with the bloc. Furthermore" in doc.text

    def test_keep_citations_switch(self):
        kept = cnb.load_corpus(keep_citations=True)["kazakhstan-eu-2018"]
        assert "citation" not in set(kept.removed["reason"])
        assert "(Kuchins et al., 2015: p. 2)" in kept.text


class TestFindHeadings:
    def test_kazakhstan_has_five_sections(self, seed_corpus):
        doc = seed_corpus["kazakhstan-eu-2018"]
        assert doc.sections["title"].tolist() == [
            "Introduction",
            "Kazakhstan’s foreign policy: Fundamental motives",
            "Kazakhstan’s approach to the EU: Key determinants",
            "Kazakhstani political regime and Brussels’ approach to Astana",
            "Concluding remarks",
        ]
        assert doc.sections["section"].tolist() == [1, 2, 3, 4, 5]
        starts = doc.sections["start"].tolist()
        assert [doc.text[s:s + 12] for s in starts[:1]] == ["Introduction"]
        assert doc.sections["end"].tolist() == starts[1:] + [len(doc.text)]

    def test_text_without_headings_is_section_zero(self, seed_corpus):
        doc = seed_corpus["lrb-2015"]
        assert doc.sections.values.tolist() == [[0, "(no heading)", 0, len(doc.text)]]

    def test_sentence_is_not_a_heading(self):
        body = " ".join(["word"] * 45)
        text = f"Short line ends here.\n\n{body}\n"
        assert cnb.find_headings(text)["title"].tolist() == ["(no heading)"]


# ------------------------------------------------ stage directions and the user's patterns

from corpusnb.text.clean import find_stage_directions  # noqa: E402
from tests.speeches import write_speeches  # noqa: E402


class TestStageDirections:
    def test_removed_with_the_space_before_and_audited(self):
        raw = "It is good. (Applause.) You are friends. (Laughter.)\n"
        # "It is good." is 0-11, " (Applause.)" 11-23, " You are friends." 23-40,
        # " (Laughter.)" 40-52, then the line break
        assert raw[11:23] == " (Applause.)" and raw[40:52] == " (Laughter.)"
        out = cnb.clean(raw)
        assert out.text == "It is good. You are friends.\n"
        assert audit(raw) == [[11, 23, "stage direction", " (Applause.)"],
                              [40, 52, "stage direction", " (Laughter.)"]]

    def test_a_line_of_its_own_goes_with_its_line_break(self):
        raw = "One.\n\n(Applause.)\n\nTwo.\n"
        assert audit(raw) == [[6, 18, "stage direction", "(Applause.)\n"]]
        assert cnb.clean(raw).text == "One.\n\n\nTwo.\n"

    def test_at_a_line_start_the_space_after_goes(self):
        raw = "(Laughter.) Thank you.\r\nEnd.(Cheers!)"
        assert audit(raw) == [[0, 12, "stage direction", "(Laughter.) "],
                              [28, 37, "stage direction", "(Cheers!)"]]
        assert cnb.clean(raw).text == "Thank you.\nEnd."

    def test_english_russian_kazakh_round_and_square(self):
        text = ("Спасибо. (Аплодисменты.) [Laughter and applause] (Бурные, продолжительные "
                "аплодисменты.) (Оживление в зале.) (СМЕХ) [inaudible] (Prolonged applause!) "
                "(Қол шапалақтау.) (Смех в зале)")
        assert [text[s:e] for s, e in find_stage_directions(text)] == [
            "(Аплодисменты.)", "[Laughter and applause]",
            "(Бурные, продолжительные аплодисменты.)", "(Оживление в зале.)", "(СМЕХ)",
            "[inaudible]", "(Prolonged applause!)", "(Қол шапалақтау.)", "(Смех в зале)"]

    @pytest.mark.parametrize("text", [
        "(see below)", "(in the Julian calendar)", "(the applause of history)",
        "(Laughs at the idea)", "(page 2)", "(and the)", "(Applause 2)", "(Applause.",
        "(Applause and applause and applause and applause and applause)",  # 9 words
        "(Applause.\n)",
    ])
    def test_ordinary_brackets_stay(self, text):
        assert find_stage_directions(text) == []
        assert cnb.clean(f"Word {text} word.").removed.empty

    def test_eight_words_at_most(self):
        assert find_stage_directions("(applause and applause and applause and applause)") == \
            [(0, 49)]

    def test_kept_by_the_setting(self):
        raw = "It is good. (Applause.) Yes.\n"
        out = cnb.clean(raw, {"stage_directions": "keep"})
        assert out.text == raw and out.removed.empty

    def test_a_bad_setting_names_the_file(self):
        with pytest.raises(CorpusError, match=r"a\.txt: the cleaning setting stage_directions "
                                              r"is 'drop'; it must be \"remove\" or \"keep\""):
            cnb.clean("Text.", {"stage_directions": "drop"}, name="a.txt")

    def test_speeches(self, tmp_path):
        facts = write_speeches(tmp_path, readme=False)
        corpus = cnb.load_corpus(tmp_path)
        removed = corpus.removed
        for name, fact in facts.items():
            doc = corpus[name[:-4]]
            rows = doc.removed
            assert rows["reason"].tolist() == ["stage direction"] * sum(fact["directions"].values())
            assert [t.strip() for t in rows["text"]] == [
                t for t in _directions_in_order(fact["paragraphs"])]
            for start, end, text in rows[["start", "end", "text"]].itertuples(index=False):
                assert doc.raw[start:end] == text
            assert "(Applause.)" not in doc.text and "(Laughter.)" not in doc.text
        assert len(removed) == 17  # 3 + 6 + 4 + 4, counted in tests/speeches.py
        tokens = cnb.tokenize(corpus)
        assert not tokens["norm"].isin(["applause", "laughter"]).any()
        for doc_id, start, end, token in tokens[["doc_id", "start", "end", "token"]].itertuples(
                index=False):
            assert corpus[doc_id].text[start:end] == token

    def test_speeches_kept(self, tmp_path):
        write_speeches(tmp_path, readme=False)
        corpus = cnb.load_corpus(tmp_path, keep_stage_directions=True)
        assert corpus.removed.empty
        tokens = cnb.tokenize(corpus)
        assert tokens["norm"].value_counts()[["applause", "laughter"]].tolist() == [13, 4]

    def test_the_catalog_decides_per_file(self, tmp_path):
        (tmp_path / "a.txt").write_text("Yes. (Applause.) Thank you.\n", encoding="utf-8")
        (tmp_path / "b.txt").write_text("No. (Laughter.) Thank you.\n", encoding="utf-8")
        (tmp_path / "catalog.toml").write_text(
            '[[document]]\nfile = "a.txt"\n[document.cleaning]\nstage_directions = "keep"\n\n'
            '[[document]]\nfile = "b.txt"\n', encoding="utf-8")
        corpus = cnb.load_corpus(tmp_path)
        assert corpus["a"].text == "Yes. (Applause.) Thank you.\n"
        assert corpus["b"].text == "No. Thank you.\n"
        kept = cnb.load_corpus(tmp_path, keep_stage_directions=True)
        assert kept["b"].text == "No. (Laughter.) Thank you.\n"


def _directions_in_order(paragraphs):
    text = "\n\n".join(paragraphs)
    return re.findall(r"\((?:Applause|Laughter)\.\)", text)


class TestUserPatterns:
    RAW = "Photo: AP\nBody text. WASHINGTON (AP) -- Body.\nPhoto: Reuters\n"

    def test_each_match_removed_with_its_pattern_as_reason(self):
        # "Photo: AP\n" is 0-10; the second line starts at 10: "Body text. " 10-21,
        # "WASHINGTON (AP) -- " 21-40; the third line starts at 10 + 36 = 46
        assert self.RAW[21:40] == "WASHINGTON (AP) -- " and self.RAW[46:60] == "Photo: Reuters"
        out = cnb.clean(self.RAW, {"remove_regex": ["^Photo: .*$", r"[A-Z]+ \(AP\) -- "]})
        assert out.text == "\nBody text. Body.\n\n"
        assert audit(self.RAW, {"remove_regex": ["^Photo: .*$", r"[A-Z]+ \(AP\) -- "]}) == [
            [0, 9, "user pattern: ^Photo: .*$", "Photo: AP"],
            [21, 40, r"user pattern: [A-Z]+ \(AP\) -- ", "WASHINGTON (AP) -- "],
            [46, 60, "user pattern: ^Photo: .*$", "Photo: Reuters"]]

    def test_one_string_is_one_pattern(self):
        assert cnb.clean(self.RAW, {"remove_regex": "^Photo: .*$"}).text == \
            "\nBody text. WASHINGTON (AP) -- Body.\n\n"

    def test_a_match_never_spans_lines(self):
        raw = "one\ntwo\n"
        assert cnb.clean(raw, {"remove_regex": [r"one\s+two", r"e$\n^t"]}).removed.empty
        assert audit(raw, {"remove_regex": [r"o$"]}) == [[6, 7, "user pattern: o$", "o"]]

    def test_empty_matches_remove_nothing(self):
        assert cnb.clean("abc\n", {"remove_regex": ["x*"]}).removed.empty

    def test_a_bad_pattern_names_the_file_and_the_pattern(self):
        with pytest.raises(CorpusError, match=re.escape(
                "speech.txt: the cleaning setting remove_regex has '[unclosed', which is not a "
                "valid regular expression (unterminated character set at position 0)")):
            cnb.clean("Text.", {"remove_regex": ["ok", "[unclosed"]}, name="speech.txt")

    def test_not_text_is_an_error(self):
        with pytest.raises(CorpusError, match="must be a regular expression or a list of them"):
            cnb.clean("Text.", {"remove_regex": [3]}, name="speech.txt")

    def test_from_the_catalog_and_load_corpus(self, tmp_path):
        (tmp_path / "a.txt").write_text("Photo: AP\nBody. Caption: x\n", encoding="utf-8")
        (tmp_path / "b.txt").write_text("Photo: AP\nOther. Caption: y\n", encoding="utf-8")
        (tmp_path / "catalog.toml").write_text(
            '[[document]]\nfile = "a.txt"\n[document.cleaning]\nremove_regex = ["Caption: .*"]\n\n'
            '[[document]]\nfile = "b.txt"\n', encoding="utf-8")
        corpus = cnb.load_corpus(tmp_path, remove_regex=["^Photo: .*$"])
        assert corpus["a"].text == "\nBody. \n"
        assert corpus["b"].text == "\nOther. Caption: y\n"
        assert corpus["a"].removed["reason"].tolist() == ["user pattern: ^Photo: .*$",
                                                          "user pattern: Caption: .*"]

    def test_a_bad_catalog_pattern_names_its_file(self, tmp_path):
        (tmp_path / "a.txt").write_text("Body.\n", encoding="utf-8")
        (tmp_path / "catalog.toml").write_text(
            '[[document]]\nfile = "a.txt"\n[document.cleaning]\nremove_regex = ["(x"]\n',
            encoding="utf-8")
        with pytest.raises(CorpusError, match=re.escape(f"{tmp_path / 'a.txt'}: the cleaning "
                                                        "setting remove_regex has '(x'")):
            cnb.load_corpus(tmp_path)

    def test_a_bad_load_corpus_pattern_is_named_as_such(self, tmp_path):
        (tmp_path / "a.txt").write_text("Body.\n", encoding="utf-8")
        with pytest.raises(CorpusError, match=re.escape(
                "load_corpus(remove_regex=...): the cleaning setting remove_regex has '*'")):
            cnb.load_corpus(tmp_path, remove_regex="*")

    def test_not_with_a_store(self, tmp_path):
        (tmp_path / "a.txt").write_text("Body.\n", encoding="utf-8")
        with pytest.raises(CorpusError, match="does not take keep_stage_directions or "
                                              "remove_regex"):
            cnb.load_corpus(tmp_path, store=tmp_path / "store", remove_regex="x")
        assert not (tmp_path / "store").exists()
