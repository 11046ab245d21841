"""The pattern language shared by kwic, dispersion, themes and term filters."""
from __future__ import annotations

import pandas as pd
import pytest

import corpusnb as cnb
from corpusnb.patterns import compile_element, split_pattern


def _table(words, doc_ids=None):
    doc_ids = doc_ids or ["d"] * len(words)
    i = pd.Series(doc_ids).groupby(doc_ids).cumcount().to_numpy()
    return pd.DataFrame({"doc_id": pd.Categorical(doc_ids), "section": 0, "sent": 0, "i": i,
                         "start": range(0, 10 * len(words), 10),
                         "end": range(5, 10 * len(words) + 5, 10),
                         "norm": pd.Categorical([cnb.normalize(w) for w in words])})


class TestFind:
    @pytest.mark.parametrize(("pattern", "rows"), [
        ("sistema", [1]),
        ("SISTEMA", [1]),
        ("separat*", [0, 3, 4]),
        ("separat?st", [3]),
        ('"vertical of power"', [5]),
        ("vertical of power", [5]),
        ("of power", [6]),
        ("a.b", []),          # the dot is a literal dot, not "any character"
        ("(unclosed", []),    # regex syntax in a plain pattern is escaped, never an error
    ])
    def test_rows(self, pattern, rows):
        table = _table(["separatism", "sistema", "a-b", "separatist", "separate",
                        "vertical", "of", "power"])
        assert cnb.find(table, pattern)["row"].tolist() == rows

    def test_phrase_does_not_cross_documents(self):
        table = _table(["north", "caucasus", "north", "caucasus"], ["a", "a", "a", "b"])
        assert cnb.find(table, "north caucasus")["row"].tolist() == [0]

    def test_phrase_does_not_cross_dropped_rows(self):
        table = _table(["vertical", "of", "power"]).iloc[[0, 2]]
        assert cnb.find(table, "vertical power").empty

    def test_regex_only_when_asked(self):
        table = _table(["nation", "nationalism", "nationalist"])
        assert cnb.find(table, "national(ism|ist)", regex=True)["row"].tolist() == [1, 2]
        with pytest.raises(ValueError, match="invalid regular expression"):
            cnb.find(table, "(", regex=True)

    def test_empty_pattern(self):
        with pytest.raises(ValueError, match="empty search pattern"):
            split_pattern('  ""  ')

    def test_hits_against_a_plain_scan_of_the_seeds(self, seed_corpus, seed_tokens):
        import re
        hits = cnb.find(seed_tokens, "north caucasus")
        for doc in seed_corpus:
            scan = [m.start() for m in re.finditer(r"\bNorth\s+Caucasus\b", doc.text,
                                                   re.IGNORECASE)]
            assert hits.loc[hits["doc_id"] == doc.id, "start"].tolist() == scan

    def test_compile_element_escapes(self):
        assert compile_element("u.s.").fullmatch("u.s.")
        assert not compile_element("u.s.").fullmatch("uxsx")
