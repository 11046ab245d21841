"""Frequencies, TF-IDF, lexical statistics, Zipf and keyness, against references."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import corpusnb as cnb


class TestFrequencies:
    def test_tiny_corpus_by_hand(self, tiny_corpus):
        tokens = cnb.tokenize(tiny_corpus)
        freq = cnb.frequencies(tokens)
        row = freq.set_index("term").loc["separatism"]
        total = len(tokens)  # 16 + 11
        assert total == 27
        assert (row["count"], row["docs"]) == (3, 1)
        assert row["per_10k"] == pytest.approx(3 / 27 * 1e4)
        assert "the" not in set(freq["term"])
        assert "the" in set(cnb.frequencies(tokens, stop=True)["term"])

    def test_by_document_rates_use_the_document_total(self, tiny_corpus):
        tokens = cnb.tokenize(tiny_corpus)
        freq = cnb.frequencies(tokens, by="doc_id").set_index(["doc_id", "term"])
        assert freq.loc[("b", "sistema"), "count"] == 2
        assert freq.loc[("b", "sistema"), "per_10k"] == pytest.approx(2 / 11 * 1e4)
        assert freq.loc[("a", "separatism"), "per_10k"] == pytest.approx(3 / 16 * 1e4)

    def test_counts_match_value_counts(self, seed_tokens):
        freq = cnb.frequencies(seed_tokens, stop=True, term="lemma")
        reference = seed_tokens["lemma"].astype(str).value_counts()
        assert dict(zip(freq["term"], freq["count"])) == reference.to_dict()
        assert freq["count"].is_monotonic_decreasing

    def test_by_section(self, seed_tokens):
        freq = cnb.frequencies(seed_tokens, by="section")
        kz = freq[(freq["doc_id"] == "kazakhstan-eu-2018") & (freq["term"] == "pragmatism")]
        rows = seed_tokens[(seed_tokens["doc_id"] == "kazakhstan-eu-2018")
                           & (seed_tokens["norm"] == "pragmatism")]
        assert kz.set_index("section")["count"].to_dict() == \
            rows.groupby("section").size().to_dict()

    def test_bad_arguments(self, seed_tokens):
        with pytest.raises(ValueError, match="no metadata field 'party'; the fields are title"):
            cnb.frequencies(seed_tokens, by="party")
        with pytest.raises(ValueError, match="by must be None, 'doc_id', 'section' or a"):
            cnb.frequencies(seed_tokens, by="norm")
        with pytest.raises(ValueError, match="term must be"):
            cnb.frequencies(seed_tokens, term="stem")


class TestTfidf:
    def test_by_hand(self, tiny_corpus):
        table = cnb.tfidf(cnb.tokenize(tiny_corpus)).set_index(["doc_id", "term"])
        row = table.loc[("b", "sistema")]
        assert row["tf"] == pytest.approx(2 / 11)
        assert row["idf"] == pytest.approx(math.log10(2 / 1))
        assert table.loc[("a", "russia"), "idf"] == pytest.approx(0.0)  # in both documents


class TestLexicalStats:
    def test_by_hand(self):
        tokens = pd.DataFrame({"doc_id": ["d"] * 5, "section": 0,
                               "norm": ["a", "b", "a", "c", "a"]})
        row = cnb.lexical_stats(tokens, window=3).iloc[0]
        assert (row["tokens"], row["types"], row["hapaxes"]) == (5, 3, 2)
        assert row["ttr"] == pytest.approx(3 / 5)
        # windows: aba (2), bac (3), aca (2) -> mean 7/9 / ... of window 3
        assert row["mattr"] == pytest.approx((2 + 3 + 2) / 9)

    def test_mattr_against_brute_force(self, seed_tokens):
        words = seed_tokens.loc[seed_tokens["doc_id"] == "lrb-2015", "norm"].astype(str).tolist()
        brute = np.mean([len(set(words[k:k + 100])) / 100 for k in range(len(words) - 99)])
        assert cnb.mattr(words, 100) == pytest.approx(brute)


class TestZipf:
    def test_ranks(self, seed_tokens):
        table = cnb.zipf(seed_tokens)
        assert table["rank"].tolist()[:3] == [1, 2, 3]
        assert table["count"].sum() == len(seed_tokens)
        assert table["proportion"].sum() == pytest.approx(1.0)


class TestKeyness:
    def test_g2_and_p_against_scipy(self, seed_tokens):
        table = cnb.keyness(seed_tokens, "lrb-2015", min_count=5)
        n_target = int((seed_tokens["doc_id"] == "lrb-2015").sum())
        n_reference = len(seed_tokens) - n_target
        for row in table.sample(40, random_state=1).itertuples():
            a, b = row.target_count, row.reference_count
            observed = np.array([[a, b], [n_target - a, n_reference - b]])
            g, p, _, _ = stats.chi2_contingency(observed, lambda_="log-likelihood",
                                                correction=False)
            assert abs(row.g2) == pytest.approx(g, rel=1e-9)
            assert row.p == pytest.approx(p, rel=1e-6, abs=1e-300)
            sign = 1 if a / n_target >= b / n_reference else -1
            assert math.copysign(1, row.g2) == sign or row.g2 == 0

    def test_log_ratio_by_hand(self):
        assert cnb.log_ratio(20, 10, 1000, 1000) == pytest.approx(1.0)
        expected = math.log2((8 / 1000) / (0.5 / 2000))  # the zero count becomes 0.5
        assert cnb.log_ratio(8, 0, 1000, 2000) == pytest.approx(expected)

    def test_small_table_by_hand(self):
        # a=10, b=0, c=90, d=100: E11 = 10*100/200 = 5, E12 = 5, E21 = 95, E22 = 95
        expected = 2 * (10 * math.log(10 / 5) + 90 * math.log(90 / 95) + 100 * math.log(100 / 95))
        assert float(cnb.log_likelihood(10, 0, 90, 100)) == pytest.approx(expected)

    def test_signed_sorting_and_reference_ids(self, seed_tokens):
        content = seed_tokens[~seed_tokens["is_stop"]]
        table = cnb.keyness(content, "lrb-2015", reference="markedonov-2012")
        assert table["g2"].is_monotonic_decreasing
        assert table.iloc[0]["term"] == "putin" and table.iloc[-1]["g2"] < 0
        assert table.columns.tolist() == [
            "term", "target_count", "reference_count", "target_per_10k",
            "reference_per_10k", "g2", "p", "log_ratio", "significant"]
        assert "kazakhstan" not in set(table["term"])  # only in the unused document

    def test_min_count_and_bonferroni(self, seed_tokens):
        table = cnb.keyness(seed_tokens, "lrb-2015", min_count=10)
        assert ((table["target_count"] + table["reference_count"]) >= 10).all()
        assert (table["significant"] == (table["p"] < 0.05 / len(table))).all()
        plain = cnb.keyness(seed_tokens, "lrb-2015", min_count=10, correction=None)
        assert plain["significant"].sum() >= table["significant"].sum()

    def test_bad_ids(self, seed_tokens):
        with pytest.raises(ValueError, match=r"no tokens for documents \['nope'\]"):
            cnb.keyness(seed_tokens, "nope")
        with pytest.raises(ValueError, match="must not overlap"):
            cnb.keyness(seed_tokens, "lrb-2015", reference="lrb-2015")
