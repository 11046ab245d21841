"""Metadata as grouping variables, and trends over time: counts written out by hand."""
from __future__ import annotations

import pandas as pd
import pytest
from scipy.stats import chi2_contingency

import corpusnb as cnb
from tests.speeches import SPEECHES, write_speeches

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
        assert freq.loc[("A", "oil"), "docs"] == 2  # a and c use it (b is B's)
        assert freq.loc[("B", "oil"), "docs"] == 1  # b
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

    def test_a_store_of_a_document_a_part_counts_the_same(self, tokens, tmp_path):
        # the periods come from the whole corpus's metadata, the counts of each part add
        # up: March 2019 is a and b, two parts
        store = cnb.index(tmp_path, tmp_path.parent / f"{tmp_path.name}-store", chunk_chars=1,
                          workers=1)
        assert len(store.parts) == 4
        table = cnb.trends(store, "oil", by="date", period="month")
        assert table[["period", "count", "tokens", "docs"]].values.tolist() == [
            ["2019-03", 3, 9, 2], ["2020-07", 0, 1, 1], ["2021-01", 1, 3, 1]]
        pd.testing.assert_frame_equal(table, cnb.trends(tokens, "oil", by="date",
                                                        period="month"))
        pd.testing.assert_frame_equal(
            cnb.trends(store, {"energy": ["oil", "gas"]}, by="date", period="decade", width=2),
            cnb.trends(tokens, {"energy": ["oil", "gas"]}, by="date", period="decade", width=2))

    def test_themes_count_as_theme_frequencies(self, tokens):
        themes = {"energy": ["oil", "gas"], "votes": ["election*"]}
        table = cnb.trends(tokens, themes)
        assert table.groupby("series")["count"].sum().to_dict() == {"energy": 6, "votes": 1}
        per_doc = cnb.theme_frequencies(tokens, themes)
        assert per_doc.groupby("theme")["count"].sum().to_dict() == {"energy": 6, "votes": 1}

    def test_bad_field_and_period(self, tokens):
        with pytest.raises(ValueError, match="period must be 'year', 'month' or 'decade'"):
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
        assert [t.get_text() for t in ax.texts] == ["3", "1", "2"]  # no label on a zero
        assert [t.get_text() for t in ax.get_xticklabels()] == [
            "2019\n9 w.", "2020\n1 w.", "2021\n3 w."]

    def test_empty(self):
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots()
        cnb.plot.trends(pd.DataFrame(columns=["series", "period", "count", "tokens", "docs",
                                              "per_10k"]), ax=ax)
        assert "No periods" in ax.texts[0].get_text()


# The speech fixture with a catalog of its years. "independence" (counted by hand in
# tests/speeches.py): 1789 1, 1793 0, 1797 2, 1801 0, 1945 1, 1961 2, 2001 2, 2009 1.
INDEPENDENCE = {1789: 1, 1793: 0, 1797: 2, 1801: 0, 1945: 1, 1961: 2, 2001: 2, 2009: 1}


@pytest.fixture
def speeches(tmp_path):
    write_speeches(tmp_path, readme=False)
    rows = "".join(f"{name},{year}\n" for name, (year, _, _) in SPEECHES.items())
    (tmp_path / "catalog.csv").write_text("file,year\n" + rows, encoding="utf-8")
    return cnb.tokenize(cnb.load_corpus(tmp_path))


def _words_by_year(tokens) -> dict[int, int]:
    """Word tokens of each speech's year, by a loop over the documents."""
    corpus = cnb.corpus_of(tokens)
    return {doc.meta["year"]: int((tokens["doc_id"] == doc.id).sum()) for doc in corpus}


class TestBins:
    def test_decades_every_one_in_range(self, speeches):
        table = cnb.trends(speeches, "independence", period="decade")
        assert table["period"].tolist() == [f"{d}s" for d in range(1780, 2001, 10)]  # 23
        rows = table.set_index("period")
        assert rows["count"].to_dict() == {
            **{f"{d}s": 0 for d in range(1780, 2001, 10)},
            "1780s": 1, "1790s": 2, "1940s": 1, "1960s": 2, "2000s": 3}
        assert rows["docs"].to_dict() == {
            **{f"{d}s": 0 for d in range(1780, 2001, 10)},
            "1780s": 1, "1790s": 2, "1800s": 1, "1940s": 1, "1960s": 1, "2000s": 2}
        words = _words_by_year(speeches)
        assert rows.loc["1790s", "tokens"] == words[1793] + words[1797]
        assert rows.loc["2000s", "tokens"] == words[2001] + words[2009]
        assert rows.loc["1790s", "per_10k"] == pytest.approx(2 / (words[1793] + words[1797])
                                                             * 1e4)
        empty = rows.loc["1810s"]
        assert (empty["count"], empty["tokens"], empty["docs"]) == (0, 0, 0)
        assert pd.isna(empty["per_10k"])  # no words: no rate, not a rate of 0
        assert rows.loc["1800s", "per_10k"] == 0.0

    def test_twenty_years_labelled_first_to_last(self, speeches):
        table = cnb.trends(speeches, ["independence", "budget"], period="decade", width=20)
        starts = range(1780, 2001, 20)
        assert table["period"].tolist() == [f"{y}-{y + 19}" for y in starts] * 2
        rows = table[table["series"] == "independence"].set_index("period")
        assert rows.loc[["1780-1799", "1800-1819", "1940-1959", "1960-1979",
                         "2000-2019"], "count"].tolist() == [3, 0, 1, 2, 3]
        assert rows["count"].sum() == sum(INDEPENDENCE.values())
        assert rows.loc["1780-1799", "docs"] == 3
        words = _words_by_year(speeches)
        assert rows.loc["1780-1799", "tokens"] == words[1789] + words[1793] + words[1797]
        # budget: Jefferson, Truman, Kennedy, Bush (twice), Obama
        budget = table[table["series"] == "budget"].set_index("period")["count"]
        assert budget[budget > 0].to_dict() == {"1800-1819": 1, "1940-1959": 1,
                                                "1960-1979": 1, "2000-2019": 3}

    def test_bins_of_years_from_a_date_field(self, tokens):
        table = cnb.trends(tokens, "oil", by="date", period="year", width=2)
        # a, b 2019 (3 hits, 9 tokens); d 2020 (0, 1); c 2021 (1, 3); bins 2018, 2020
        assert table[["period", "count", "tokens", "docs"]].values.tolist() == [
            ["2018-2019", 3, 9, 2], ["2020-2021", 1, 4, 2]]

    def test_width_one_is_years(self, speeches):
        pd.testing.assert_frame_equal(cnb.trends(speeches, "independence", width=1),
                                      cnb.trends(speeches, "independence"))

    def test_counts_add_up_to_the_years(self, speeches):
        years = cnb.trends(speeches, "independence")
        assert dict(zip(years["period"], years["count"])) == INDEPENDENCE
        decades = cnb.trends(speeches, "independence", period="decade")
        assert decades["count"].sum() == years["count"].sum() == 9
        assert decades["tokens"].sum() == years["tokens"].sum() == len(speeches)

    @pytest.mark.parametrize("width", [0, -10, 2.5, "10", True])
    def test_bad_width(self, speeches, width):
        with pytest.raises(ValueError, match="width must be a whole number of years"):
            cnb.trends(speeches, "independence", period="decade", width=width)

    def test_no_width_for_months(self, tokens):
        with pytest.raises(ValueError, match="width bins years: use period='decade'"):
            cnb.trends(tokens, "oil", by="date", period="month", width=3)


def _sixty_years(folder) -> pd.DataFrame:
    """60 speeches, one every 4 years 1789-2025, the fixture's texts in turn."""
    write_speeches(folder.parent / "texts", readme=False)
    texts = [(folder.parent / "texts" / name).read_bytes() for name in SPEECHES]
    rows = []
    folder.mkdir()
    for k in range(60):
        name = f"{1789 + 4 * k}-speech.txt"
        (folder / name).write_bytes(texts[k % len(texts)])
        rows.append(f"{name},{1789 + 4 * k}\n")
    (folder / "catalog.csv").write_text("file,year\n" + "".join(rows), encoding="utf-8")
    return cnb.tokenize(cnb.load_corpus(folder))


class TestPlotManyPeriods:
    def test_sixty_years_thinned_and_no_zero_labels(self, tmp_path):
        import matplotlib.pyplot as plt
        tokens = _sixty_years(tmp_path / "corpus")
        table = cnb.trends(tokens, ["independence", "budget"])
        assert table["period"].nunique() == 60
        fig, ax = plt.subplots(figsize=(10, 4))
        cnb.plot.trends(table, ax=ax)
        labels = [t.get_text() for t in ax.get_xticklabels()]
        assert 2 <= len(labels) <= 12
        assert labels[0] == f"1789\n{table['tokens'].iloc[0]:,} w."
        ticks = {*ax.get_xticks(), *ax.get_xticks(minor=True)}  # a tick for every period
        assert ticks == set(range(60))
        texts = [t.get_text() for t in ax.texts]
        assert "0" not in texts
        assert len(texts) == int((table["count"] > 0).sum())

    def test_labels_do_not_overlap(self, tmp_path):
        import matplotlib.pyplot as plt
        tokens = _sixty_years(tmp_path / "corpus")
        for size, table in [((10, 4), cnb.trends(tokens, "independence")),
                            ((6.4, 4.8), cnb.trends(tokens, "independence")),
                            ((6.4, 4.8), cnb.trends(tokens, "independence",
                                                    period="decade", width=20))]:
            fig, ax = plt.subplots(figsize=size)
            cnb.plot.trends(table, ax=ax)
            fig.canvas.draw()
            boxes = [t.get_window_extent() for t in ax.get_xticklabels()]
            assert boxes and not any(a.overlaps(b) for a, b in zip(boxes, boxes[1:]))

    def test_only_decades_with_speeches_are_labelled(self, speeches):
        import matplotlib.pyplot as plt
        table = cnb.trends(speeches, "independence", period="decade")
        fig, ax = plt.subplots(figsize=(10, 4))
        cnb.plot.trends(table, ax=ax)
        labels = [t.get_text().split("\n")[0] for t in ax.get_xticklabels()]
        # decades of the 8 speeches: 1780s 1790s 1800s 1940s 1960s 2000s; 23 decades in
        # all, labelled every 2 or more (a 10-inch chart fits 12): none lands on an empty one
        with_words = set(table.loc[table["tokens"] > 0, "period"])
        assert with_words == {"1780s", "1790s", "1800s", "1940s", "1960s", "2000s"}
        assert labels and set(labels) <= with_words and labels[0] == "1780s"
        assert "1940s" in labels and "2000s" in labels

    def test_empty_bins_leave_gaps(self, speeches):
        import matplotlib.pyplot as plt
        table = cnb.trends(speeches, "independence", period="decade")
        fig, ax = plt.subplots(figsize=(10, 4))
        cnb.plot.trends(table, ax=ax)
        ys = ax.lines[0].get_ydata()
        assert len(ys) == 23 and int(pd.isna(ys).sum()) == 17  # decades without a speech
        assert [t.get_text() for t in ax.texts] == ["1", "2", "1", "2", "3"]
