"""Theme dictionaries, their counts and hits, theme co-occurrence and dispersion."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import corpusnb as cnb
from corpusnb import CorpusError

REQUIRED = {"separatism", "nationalism", "islamism", "kleptocracy", "informal_governance",
            "regime_labels", "capitalism_oligarchy", "multi_vectorism", "pragmatism",
            "identity", "european_integration", "eurasian_integration"}


class TestLoadThemes:
    def test_shipped(self):
        themes = cnb.load_themes()
        assert REQUIRED <= set(themes.index)
        assert themes.columns.tolist() == ["label", "description", "patterns"]
        assert all(themes["description"].str.len() > 10)

    def test_every_shipped_pattern_matches_the_seeds(self, seed_tokens):
        """A dictionary pattern that matches nothing in the texts it was made for is a typo.

        The English patterns were made for the seeds; the Russian and Kazakh ones are
        checked against Russian word forms in tests/test_language.py."""
        themes = cnb.load_themes()
        unmatched = [p for patterns in themes["patterns"] for p in patterns
                     if p.isascii() and cnb.find(seed_tokens, p).empty]
        allowed = {"jihad*", "break-up", "chauvinis*", "kickback*", "embezzl*", "crony",
                   "cronies", "looting", "loot", "informality", "blat", "patronage",
                   "hybrid regime", "totalitarian*", "tyranny", "multivector*", "diversif*",
                   "all regional powers", "interest-based", "expedien*", "belonging",
                   "civilis*", "eurasian economic union", "customs union",
                   "eurasian integration", "cis", "collective security treaty organization",
                   "csto", "partnership and cooperation agreement", "secessionis*",
                   "ethno-nationalis*", "russian separatism", "radical islam", "state capture",
                   "managed democracy", "sovereign democracy"}
        assert set(unmatched) <= allowed

    def test_user_file_and_errors(self, tmp_path):
        path = tmp_path / "mine.toml"
        path.write_text('[energy]\nlabel = "Energy"\npatterns = ["oil", "gas"]\n', "utf-8")
        assert cnb.load_themes(path).loc["energy", "patterns"] == ["oil", "gas"]
        path.write_text('[energy]\nlabel = "Energy"\n', "utf-8")
        with pytest.raises(CorpusError, match=r"mine\.toml: theme \[energy\] needs patterns"):
            cnb.load_themes(path)


class TestThemeFrequencies:
    def test_counts_equal_hits(self, seed_tokens):
        freq = cnb.theme_frequencies(seed_tokens)
        hits = cnb.theme_hits(seed_tokens)
        by_hits = hits.groupby(["theme", hits["doc_id"].astype(str)]).size()
        for row in freq.itertuples():
            assert row.count == by_hits.get((row.theme, row.doc_id), 0)

    def test_position_counted_once_per_theme(self):
        tokens = pd.DataFrame({"doc_id": pd.Categorical(["d"] * 3), "section": 0, "sent": 0,
                               "i": range(3), "start": [0, 11, 15], "end": [10, 14, 20],
                               "token": ["separatism", "and", "islam"],
                               "norm": pd.Categorical(["separatism", "and", "islam"])})
        freq = cnb.theme_frequencies(tokens, {"sep": ["separat*", "separatism"]}, by=None)
        assert freq[["theme", "count"]].values.tolist() == [["sep", 1]]
        assert freq["per_10k"].iloc[0] == pytest.approx(1 / 3 * 1e4)

    def test_absent_theme_is_zero(self, tiny_corpus):
        tokens = cnb.tokenize(tiny_corpus)
        freq = cnb.theme_frequencies(tokens, {"energy": ["oil"]})
        assert freq["count"].tolist() == [0, 0]

    def test_by_section(self, seed_tokens):
        freq = cnb.theme_frequencies(seed_tokens, by="section")
        kz = freq[(freq["doc_id"] == "kazakhstan-eu-2018") & (freq["theme"] == "pragmatism")]
        assert kz["section"].tolist() == [1, 2, 3, 4, 5]
        assert kz["count"].sum() == freq[(freq["doc_id"] == "kazakhstan-eu-2018")
                                         & (freq["theme"] == "pragmatism")]["count"].sum()

    def test_hits_carry_kwic_lines(self, seed_corpus, seed_tokens):
        hits = cnb.theme_hits(seed_tokens, {"sistema": ["sistema"]})
        for row in hits.itertuples():
            assert seed_corpus[row.doc_id].text[row.start:row.end] == row.match
            assert row.left and row.right


class TestThemeCooccurrence:
    def test_against_brute_force(self, seed_tokens):
        themes = {"sep": ["separatis*"], "nat": ["nationalis*"], "isl": ["islam*"]}
        ours = cnb.theme_cooccurrence(seed_tokens, themes)
        hits = cnb.theme_hits(seed_tokens, themes, window=0)
        sets = hits.groupby([hits["doc_id"].astype(str), "sent"])["theme"].agg(set)
        brute = {}
        for present in sets:
            for a in present:
                for b in present:
                    if a < b:
                        brute[(a, b)] = brute.get((a, b), 0) + 1
        assert dict(zip(zip(ours["theme1"], ours["theme2"]), ours["count"])) == brute


class TestDispersion:
    def test_positions(self, seed_tokens):
        positions = cnb.dispersion(seed_tokens, ["north caucasus"])
        sizes = seed_tokens.groupby(seed_tokens["doc_id"].astype(str)).size()
        for row in positions.itertuples():
            assert row.position == pytest.approx(row.i / sizes[row.doc_id])

    def test_dp_and_d_by_hand(self):
        norms = ["a", "x", "x", "x", "x", "x", "x", "a"]
        tokens = pd.DataFrame({"doc_id": pd.Categorical(["d"] * 8), "i": range(8), "sent": 0,
                               "section": 0, "start": 0, "end": 0,
                               "norm": pd.Categorical(norms)})
        row = cnb.dispersion_stats(tokens, ["a"], parts=4).iloc[0]
        # parts of 2 tokens: hits 1, 0, 0, 1 -> v = .5 0 0 .5, s = .25 each
        assert row["dp"] == pytest.approx(0.5 * (0.25 + 0.25 + 0.25 + 0.25))
        relative = np.array([0.5, 0, 0, 0.5])
        assert row["juilland_d"] == pytest.approx(
            1 - (relative.std() / relative.mean()) / np.sqrt(3))

    def test_all_documents_row(self, seed_tokens):
        stats = cnb.dispersion_stats(seed_tokens, ["putin"])
        overall = stats[stats["doc_id"] == "(all documents)"].iloc[0]
        assert overall["count"] == stats[stats["doc_id"] != "(all documents)"]["count"].sum()
