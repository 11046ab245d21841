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
