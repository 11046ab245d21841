"""Metadata as grouping variables, and trends over time: counts written out by hand."""
from __future__ import annotations

import pandas as pd
import pytest
from scipy.stats import chi2_contingency

import corpusnb as cnb

# a: Oil and gas. Oil prices.   -> 5 tokens (and = stopword)   party A, 2019-03-05
# b: Gas deals and oil.         -> 4 tokens                     party B, 2019-03-20
# c: Corruption of oil.         -> 3 tokens (of = stopword)     party A, 2021-01-02
# d: Elections.                 -> 1 token                      party B, 2020-07-01
TEXTS = {"a.txt": "Oil and gas. Oil prices.", "b.txt": "Gas deals and oil.",
         "c.txt": "Corruption of oil.", "d.txt": "Elections."}
CATALOG = ("file,party,date\na.txt,A,2019-03-05\nb.txt,B,2019-03-20\n"
           "c.txt,A,2021-01-02\nd.txt,B,2020-07-01\n")


@pytest.fixture
def tokens(tmp_path):
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "catalog.csv").write_text(CATALOG, encoding="utf-8")
    return cnb.tokenize(cnb.load_corpus(tmp_path))


class TestDocvar:
    def test_values_per_row(self, tokens):
        assert cnb.docvar(tokens, "party").tolist() == list("AAAAA" "BBBB" "AAA" "B")
        assert cnb.docvar(tokens[tokens["doc_id"] == "c"], "year").tolist() == [2021] * 3

    def test_lost_corpus_and_unknown_field(self, tokens):
        orphan = tokens.copy()
        orphan.attrs = {}
        with pytest.raises(ValueError, match="lost track of its corpus.*metadata="):
            cnb.frequencies(orphan, by="party")
        with pytest.raises(ValueError, match=r"no metadata field 'country'; the fields are "
                                             r"title, author, year"):
            cnb.frequencies(tokens, by="country")


class TestByMetadata:
    def test_frequencies_by_party(self, tokens):
        freq = cnb.frequencies(tokens, by="party").set_index(["party", "term"])
        # party A: 5 + 3 = 8 tokens; B: 4 + 1 = 5 tokens (stopwords count in the totals)
        assert freq.loc[("A", "oil"), "count"] == 3
        assert freq.loc[("A", "oil"), "per_10k"] == pytest.approx(3 / 8 * 10_000)
        assert freq.loc[("B", "elections"), "per_10k"] == pytest.approx(1 / 5 * 10_000)
        assert freq.loc[("A", "oil"), "docs"] == 3  # a, b and c use it
        assert sorted(freq.loc["B"].index) == ["deals", "elections", "gas", "oil"]

    def test_frequencies_by_year_from_dates(self, tokens):
        freq = cnb.frequencies(tokens, by="year")
        assert freq.groupby("year")["count"].sum().to_dict() == {2019: 7, 2020: 1, 2021: 2}

    def test_theme_frequencies_by_party(self, tokens):
        table = cnb.theme_frequencies(tokens, {"energy": ["oil", "gas"]}, by="party")
        assert table[["party", "count", "terms"]].values.tolist() == [
            ["A", 4, "oil, gas"], ["B", 2, "gas, oil"]]
        assert table["per_10k"].tolist() == pytest.approx([4 / 8 * 1e4, 2 / 5 * 1e4])

    def test_keyness_with_a_metadata_selection(self, tokens):
        by_party = cnb.keyness(tokens, {"party": "A"}, min_count=1)
        by_ids = cnb.keyness(tokens, ["a", "c"], min_count=1)
        pd.testing.assert_frame_equal(by_party, by_ids)
        oil = by_party.set_index("term").loc["oil"]
        # oil: 3 of A's 8 tokens against 1 of B's 5
        g2 = chi2_contingency([[3, 1], [5, 4]], lambda_="log-likelihood", correction=False)[0]
        assert (oil["target_count"], oil["reference_count"]) == (3, 1)
        assert oil["g2"] == pytest.approx(g2)

    def test_keyness_reference_selection_and_lists(self, tokens):
        key = cnb.keyness(tokens, {"year": [2019]}, reference={"party": "A", "year": 2021},
                          min_count=1).set_index("term")
        # target a + b (9 tokens), reference c (3 tokens)
        assert key.loc["oil", ["target_count", "reference_count"]].tolist() == [3, 1]
        assert key["target_per_10k"]["oil"] == pytest.approx(3 / 9 * 1e4)

    def test_selection_matching_nothing(self, tokens):
        with pytest.raises(ValueError, match=r"no document of this table matches "
                                             r"\{'party': 'C'\}; the values there are "
                                             r"\['A', 'B'\]"):
            cnb.keyness(tokens, {"party": "C"})

    def test_empty_table(self, tokens):
        table = cnb.keyness(tokens.head(0), "a")
        assert len(table) == 0
        assert table.columns.tolist() == [
            "term", "target_count", "reference_count", "target_per_10k",
            "reference_per_10k", "g2", "p", "log_ratio", "significant"]


class TestTrends:
    def test_years_with_a_year_without_hits(self, tokens):
        table = cnb.trends(tokens, ["oil"])
        assert table[["period", "count", "tokens", "docs"]].values.tolist() == [
            [2019, 3, 9, 2], [2020, 0, 1, 1], [2021, 1, 3, 1]]
        assert table["per_10k"].tolist() == pytest.approx([3 / 9 * 1e4, 0.0, 1 / 3 * 1e4])

    def test_against_a_loop_over_documents(self, tokens):
        corpus = cnb.corpus_of(tokens)
        table = cnb.trends(tokens, ["oil", "gas"]).set_index(["series", "period"])
        for pattern in ("oil", "gas"):
            for year in (2019, 2020, 2021):
                ids = [d.id for d in corpus if d.meta["year"] == year]
                expected = sum(1 for t in tokens.itertuples()
                               if t.doc_id in ids and t.norm == pattern)
                assert table.loc[(pattern, year), "count"] == expected

    def test_months_of_a_date_field(self, tokens):
        table = cnb.trends(tokens, "oil", by="date", period="month")
        assert table[["period", "count", "tokens"]].values.tolist() == [
            ["2019-03", 3, 9], ["2020-07", 0, 1], ["2021-01", 1, 3]]

    def test_themes_count_as_theme_frequencies(self, tokens):
        themes = {"energy": ["oil", "gas"], "votes": ["election*"]}
        table = cnb.trends(tokens, themes)
        assert table.groupby("series")["count"].sum().to_dict() == {"energy": 6, "votes": 1}
        per_doc = cnb.theme_frequencies(tokens, themes)
        assert per_doc.groupby("theme")["count"].sum().to_dict() == {"energy": 6, "votes": 1}

    def test_bad_field_and_period(self, tokens):
        with pytest.raises(ValueError, match="period must be 'year' or 'month'"):
            cnb.trends(tokens, "oil", by="date", period="week")
        with pytest.raises(ValueError, match="'party' are not dates"):
            cnb.trends(tokens, "oil", by="party")
        with pytest.raises(ValueError, match="holds years, not dates"):
            cnb.trends(tokens, "oil", by="year", period="month")


class TestPlotTrends:
    def test_lines_counts_and_words(self, tokens):
        import matplotlib.pyplot as plt
        table = cnb.trends(tokens, ["oil", "gas"])
        fig, ax = plt.subplots()
        cnb.plot.trends(table, ax=ax)
        assert len(ax.lines) == 2
        assert [t.get_text() for t in ax.texts] == ["3", "0", "1", "2", "0", "0"]
        assert [t.get_text() for t in ax.get_xticklabels()] == [
            "2019\n9 w.", "2020\n1 w.", "2021\n3 w."]

    def test_empty(self):
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots()
        cnb.plot.trends(pd.DataFrame(columns=["series", "period", "count", "tokens", "docs",
                                              "per_10k"]), ax=ax)
        assert "No periods" in ax.texts[0].get_text()
