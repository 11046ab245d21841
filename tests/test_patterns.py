"""The pattern language shared by kwic, dispersion, themes and term filters.

Tables are built by hand: row k of ``_table`` starts at character 10·k and ends at
10·k + 5, and ``i`` counts the rows of each document from 0.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import corpusnb as cnb
from corpusnb.tokens.patterns import compile_element, split_pattern

HIT_COLUMNS = ["pattern", "doc_id", "section", "sent", "i", "row", "length", "start", "end",
               "match"]


def _table(words, doc_ids=None):
    doc_ids = doc_ids or ["d"] * len(words)
    i = pd.Series(doc_ids).groupby(doc_ids).cumcount().to_numpy()
    return pd.DataFrame({"doc_id": pd.Categorical(doc_ids), "section": 0, "sent": 0, "i": i,
                         "start": range(0, 10 * len(words), 10),
                         "end": range(5, 10 * len(words) + 5, 10),
                         "norm": pd.Categorical([cnb.normalize(w) for w in words])})


WORDS = ["separatism", "sistema", "a-b", "separatist", "separate", "vertical", "of", "power",
         "russia's", "u.s.", "(eu"]


class TestFind:
    """Every test runs twice: each element found by a pass over the codes, and by the rows
    sorted by code (what a search for many elements uses)."""

    @pytest.fixture(autouse=True, params=["pass", "sorted rows"])
    def search_way(self, request, monkeypatch):
        from corpusnb.tokens._matching import Search

        monkeypatch.setattr(Search, "MANY", 10**9 if request.param == "pass" else 1)

    @pytest.mark.parametrize(("pattern", "rows"), [
        ("sistema", [1]),                     # a word
        ("SISTEMA", [1]),                     # casefolded like norm
        ("separat*", [0, 3, 4]),              # * is any run of characters ...
        ("separat*ism", [0]),
        ("*a", [1]),                          # ... also at the start
        ("separat?st", [3]),                  # ? is exactly one character
        ("separat?", [4]),                    # separate
        ('"vertical of power"', [5]),         # a phrase, with or without quotes
        ("vertical of power", [5]),
        ("Vertical  OF power", [5]),
        ("of power", [6]),
        ("vert* of pow?r", [5]),              # globs inside a phrase
        ("power of", []),                     # order matters
        ("russia’s", [8]),                    # the curly apostrophe is normalised as norm is
        ("a.b", []),                          # the dot is a literal dot, not "any character"
        ("a-b", [2]),
        ("u.s.", [9]),                        # ... so "u.s." matches only itself
        ("(eu", [10]),                        # regex syntax in a plain pattern is literal
        ("(unclosed", []),                    # ... and never an error
        ("[s]istema", []),                    # [ ] is no character class
    ])
    def test_rows(self, pattern, rows):
        assert cnb.find(_table(WORDS), pattern)["row"].tolist() == rows

    @pytest.mark.parametrize(("pattern", "rows"), [
        (r"separat(ism|ist)", [0, 3]),
        (r"s.*a", [1]),                       # fully anchored: sistema, not separatism
        (r"u.s.", [9]),
        (r"a.b", [2]),                        # "." is any character here
        (r"vert\w+ of", [5]),                 # a phrase of two expressions
        (r"\(eu", [10]),
    ])
    def test_regex_rows(self, pattern, rows):
        assert cnb.find(_table(WORDS), pattern, regex=True)["row"].tolist() == rows

    def test_columns_and_values_by_hand(self):
        table = pd.DataFrame({
            "doc_id": pd.Categorical(["a", "a", "a", "a", "b", "b"]),
            "section": [0, 0, 1, 1, 2, 2], "sent": [0, 0, 0, 1, 5, 5],
            "i": [0, 1, 2, 3, 0, 1], "start": [0, 9, 12, 18, 0, 9],
            "end": [8, 11, 17, 21, 8, 14],
            "norm": pd.Categorical(["vertical", "of", "power", "and", "vertical", "power"])})
        hits = cnb.find(table, ["vertical of power", "vert*"])
        assert hits.columns.tolist() == HIT_COLUMNS
        # the phrase: rows 0-2, from the start of row 0 (0) to the end of row 2 (17);
        # then the glob, in reading order
        assert hits.values.tolist() == [
            ["vertical of power", "a", 0, 0, 0, 0, 3, 0, 17, "vertical of power"],
            ["vert*", "a", 0, 0, 0, 0, 1, 0, 8, "vertical"],
            ["vert*", "b", 2, 5, 0, 4, 1, 0, 8, "vertical"]]

    def test_plain_columns_work_too(self):
        table = _table(["north", "caucasus", "north", "caucasus"], ["a", "a", "b", "b"])
        table["doc_id"] = table["doc_id"].astype(str)
        table["norm"] = table["norm"].astype(str)
        hits = cnb.find(table, "north cauc*")
        assert hits[["doc_id", "row", "start", "end", "match"]].values.tolist() == [
            ["a", 0, 0, 15, "north caucasus"], ["b", 2, 20, 35, "north caucasus"]]

    @pytest.mark.parametrize("categorical", [True, False])
    def test_missing_norm_never_matches(self, categorical):
        norm = pd.Series(["nan", np.nan, "none"], dtype="category" if categorical else object)
        table = _table(["x", "x", "x"]).assign(norm=norm)
        assert cnb.find(table, "*")["row"].tolist() == [0, 2]
        assert cnb.find(table, "nan")["row"].tolist() == [0]

    def test_phrase_does_not_cross_documents(self):
        table = _table(["north", "caucasus", "north", "caucasus"], ["a", "a", "a", "b"])
        assert cnb.find(table, "north caucasus")["row"].tolist() == [0]
        assert cnb.find(table, "north cauc.*", regex=True)["row"].tolist() == [0]

    def test_phrase_does_not_cross_documents_with_plain_ids(self):
        table = _table(["north", "caucasus", "north", "caucasus"], ["a", "a", "a", "b"])
        table["doc_id"] = table["doc_id"].astype(str)
        assert cnb.find(table, "north caucasus")["row"].tolist() == [0]

    def test_phrase_does_not_cross_dropped_rows(self):
        table = _table(["vertical", "of", "power"]).iloc[[0, 2]]
        assert cnb.find(table, "vertical power").empty

    def test_three_word_phrase_checks_every_position(self):
        # "a b x" and "a x c" are not "a b c"; the last one is
        table = _table(["a", "b", "x", "a", "x", "c", "a", "b", "c"])
        assert cnb.find(table, "a b c")["row"].tolist() == [6]

    def test_phrase_at_the_end_of_the_table(self):
        table = _table(["x", "north", "caucasus", "north"])
        assert cnb.find(table, "north caucasus")["row"].tolist() == [1]

    def test_pattern_order_then_reading_order(self):
        table = _table(["b", "a", "b", "a"])
        hits = cnb.find(table, ["a", "b"])
        assert list(zip(hits["pattern"], hits["row"])) == [("a", 1), ("a", 3), ("b", 0),
                                                            ("b", 2)]

    def test_regex_only_when_asked(self):
        table = _table(["nation", "nationalism", "nationalist"])
        assert cnb.find(table, "national(ism|ist)").empty
        assert cnb.find(table, "national(ism|ist)", regex=True)["row"].tolist() == [1, 2]
        with pytest.raises(ValueError, match=r"invalid regular expression '\('"):
            cnb.find(table, "(", regex=True)

    def test_empty_pattern(self):
        with pytest.raises(ValueError, match="empty search pattern"):
            split_pattern('  ""  ')
        table = _table(["a"])
        for pattern in ("", "  ", '""'):
            with pytest.raises(ValueError, match="empty search pattern"):
                cnb.find(table, pattern)
        with pytest.raises(ValueError, match="empty search pattern"):
            cnb.find(table, " ", regex=True)

    def test_no_patterns(self):
        hits = cnb.find(_table(["a"]), [])
        assert hits.columns.tolist() == HIT_COLUMNS and hits.empty

    def test_empty_token_table(self):
        table = _table(["north", "caucasus"]).iloc[:0]
        for patterns in ("north", ["north caucasus", "n*"]):
            hits = cnb.find(table, patterns)
            assert hits.columns.tolist() == HIT_COLUMNS and len(hits) == 0
            assert hits["match"].str.split().tolist() == []  # still a text column

    def test_hits_against_a_plain_scan_of_the_seeds(self, seed_corpus, seed_tokens):
        import re
        hits = cnb.find(seed_tokens, "north caucasus")
        for doc in seed_corpus:
            scan = [m.start() for m in re.finditer(r"\bNorth\s+Caucasus\b", doc.text,
                                                   re.IGNORECASE)]
            assert hits.loc[hits["doc_id"] == doc.id, "start"].tolist() == scan


    def test_globs_against_a_brute_force_scan(self):
        # the glob's literal prefix picks the candidate terms by bisection: compare every
        # row with fullmatch over random words (letters around the prefix's, é, - and ')
        import random
        import re
        rng = random.Random(7)
        letters = "sepazé-'"
        words = ["".join(rng.choice(letters) for _ in range(rng.randint(1, 5)))
                 for _ in range(400)]
        table = _table(words, [f"d{k // 50}" for k in range(len(words))])
        norms = table["norm"].astype(str).tolist()
        for _ in range(60):
            glob = "".join(rng.choice(letters + "*?") for _ in range(rng.randint(1, 4)))
            compiled = re.compile("".join({"*": ".*", "?": "."}.get(c) or re.escape(c)
                                          for c in glob))
            expected = [r for r, w in enumerate(norms) if compiled.fullmatch(w)]
            assert cnb.find(table, glob)["row"].tolist() == expected, glob
        phrase = cnb.find(table, "s* e*")["row"].tolist()
        assert phrase == [r for r in range(len(words) - 1) if norms[r].startswith("s")
                          and norms[r + 1].startswith("e") and r // 50 == (r + 1) // 50]


class TestSplitPattern:
    @pytest.mark.parametrize(("pattern", "elements"), [
        ('"Vertical of  Power"', ["vertical", "of", "power"]),
        ("  Russia’s ", ["russia's"]),
        ("separat*", ["separat*"]),
    ])
    def test_elements(self, pattern, elements):
        assert split_pattern(pattern) == elements

    def test_not_a_string(self):
        with pytest.raises(ValueError, match="empty search pattern None"):
            split_pattern(None)


class TestCompileElement:
    def test_escapes(self):
        assert compile_element("u.s.").fullmatch("u.s.")
        assert not compile_element("u.s.").fullmatch("uxsx")
        assert compile_element("u.s.", regex=True).fullmatch("uxsx")

    def test_invalid_regex(self):
        with pytest.raises(ValueError, match=r"invalid regular expression '\[a': "):
            compile_element("[a", regex=True)


class TestMatchingTerms:
    def test_glob_and_regex(self):
        terms = ["separatism", "separatist", "nation", "u.s.", "uksa"]
        assert cnb.matching_terms(terms, "separat*") == ["separatism", "separatist"]
        assert cnb.matching_terms(terms, "SEPARATISM") == ["separatism"]
        assert cnb.matching_terms(terms, "u.s.") == ["u.s."]
        assert cnb.matching_terms(terms, "u.s.", regex=True) == ["u.s.", "uksa"]


def test_the_search_of_one_table_is_what_cnb_find_gives(seed_tokens):
    from corpusnb.tokens.patterns import find

    patterns = ["separat*", "north caucasus", "zzzz", "the"]
    pd.testing.assert_frame_equal(find(seed_tokens, patterns), cnb.find(seed_tokens, patterns))
    assert cnb.find.__module__ == "corpusnb.analyses.search"  # on the engine: any source
