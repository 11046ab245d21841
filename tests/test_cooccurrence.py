"""Collocations against NLTK; co-occurrence against brute force."""
from __future__ import annotations

import math
from collections import Counter
from itertools import combinations

import pandas as pd
import pytest
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

import corpusnb as cnb


def _table(words, doc_ids=None, sents=None):
    doc_ids = doc_ids or ["d"] * len(words)
    return pd.DataFrame({"doc_id": pd.Categorical(doc_ids),
                         "sent": sents or [0] * len(words),
                         "i": pd.Series(doc_ids).groupby(doc_ids).cumcount().to_numpy(),
                         "norm": pd.Categorical(words)})


class TestCollocations:
    def test_scores_against_nltk(self, seed_tokens):
        doc = seed_tokens[(seed_tokens["doc_id"] == "lrb-2015") & ~seed_tokens["is_stop"]]
        ours = cnb.collocations(doc, min_count=2)
        finder = BigramCollocationFinder.from_words(doc["norm"].astype(str).tolist())
        measures = BigramAssocMeasures()
        for column, function in (("llr", measures.likelihood_ratio), ("pmi", measures.pmi),
                                 ("t", measures.student_t)):
            reference = dict(finder.score_ngrams(function))
            for row in ours.itertuples():
                assert getattr(row, column) == pytest.approx(
                    reference[(row.term1, row.term2)], rel=1e-6, abs=1e-9)
        counts = finder.ngram_fd
        assert all(counts[(r.term1, r.term2)] == r.count for r in ours.itertuples())
        assert len(ours) == sum(1 for c in counts.values() if c >= 2)

    def test_logdice_by_hand(self):
        table = _table(["a", "b", "a", "b", "c", "a"])
        row = cnb.collocations(table, min_count=1).set_index(["term1", "term2"]).loc[("a", "b")]
        assert row["count"] == 2
        assert row["logdice"] == pytest.approx(14 + math.log2(2 * 2 / (3 + 2)))

    def test_never_across_documents(self):
        table = _table(["a", "b", "a", "b"], ["x", "x", "y", "y"])
        pairs = cnb.collocations(table, min_count=1)
        assert pairs[["term1", "term2", "count"]].values.tolist() == [["a", "b", 2]]

    def test_trigrams(self):
        table = _table(["human", "rights", "watch", "human", "rights", "watch", "x"])
        row = cnb.collocations(table, n=3, min_count=2).iloc[0]
        assert (row.term1, row.term2, row.term3, row["count"]) == ("human", "rights", "watch", 2)
        assert row["pmi"] == pytest.approx(math.log2(2 * 7 * 7 / (2 * 2 * 2)))


def _brute_window(tokens, window):
    counts = Counter()
    norms = tokens["norm"].astype(str).tolist()
    docs = tokens["doc_id"].astype(str).tolist()
    for p in range(len(norms)):
        for q in range(p + 1, min(p + window, len(norms) - 1) + 1):
            if docs[p] == docs[q] and norms[p] != norms[q]:
                counts[tuple(sorted((norms[p], norms[q])))] += 1
    return counts


class TestCooccurrence:
    def test_window_counts_against_brute_force_on_the_seeds(self, seed_tokens):
        content = seed_tokens[~seed_tokens["is_stop"]]
        ours = cnb.cooccurrence(content, window=5, min_count=1)
        brute = _brute_window(content, 5)
        assert dict(zip(zip(ours["term1"], ours["term2"]), ours["count"])) == dict(brute)
        assert (ours["term1"] < ours["term2"]).all()

    def test_window_positions_count_once(self):
        # positions 0..3: a b a b, window 2 -> (0,1) ab, (0,2) aa skip, (1,2) ba, (1,3) bb skip,
        # (2,3) ab: 3 pairs
        table = _table(["a", "b", "a", "b"])
        pairs = cnb.cooccurrence(table, window=2, min_count=1)
        assert pairs[["term1", "term2", "count"]].values.tolist() == [["a", "b", 3]]

    def test_measures_by_hand(self):
        table = _table(["a", "b", "c", "a", "b", "d"], sents=[0, 0, 0, 1, 1, 2])
        row = cnb.cooccurrence(table, context="sentence", min_count=1).set_index(
            ["term1", "term2"]).loc[("a", "b")]
        # 3 sentences; a in 2, b in 2, both in 2
        assert row["count"] == 2
        assert row["pmi"] == pytest.approx(math.log2(2 * 3 / (2 * 2)))
        assert row["npmi"] == pytest.approx(math.log2(3 / 2) / -math.log2(2 / 3))
        assert row["logdice"] == pytest.approx(14.0)
        g2 = float(cnb.log_likelihood(2, 0, 0, 1))
        assert row["g2"] == pytest.approx(g2)

    def test_window_pmi_by_hand(self):
        table = _table(["a", "b", "c", "d"])
        row = cnb.cooccurrence(table, window=1, min_count=1).set_index(
            ["term1", "term2"]).loc[("a", "b")]
        assert row["pmi"] == pytest.approx(math.log2(1 * 4 / (2 * 1 * 1)))

    def test_document_context(self, tiny_corpus):
        tokens = cnb.tokenize(tiny_corpus)
        pairs = cnb.cooccurrence(tokens, context="document", min_count=2)
        assert pairs[["term1", "term2", "count"]].values.tolist() == [
            ["'s", "russia", 2], ["'s", "the", 2], ["russia", "the", 2]]

    def test_sentence_context_against_brute_force(self, seed_tokens):
        terms = ["separatism", "nationalism", "islam", "russian", "caucasus", "north"]
        ours = cnb.cooccurrence(seed_tokens, context="sentence", terms=terms, min_count=1)
        brute = Counter()
        for _, sent in seed_tokens.groupby(["doc_id", "sent"], observed=True):
            present = sorted(set(sent["norm"].astype(str)) & set(terms))
            brute.update(combinations(present, 2))
        assert dict(zip(zip(ours["term1"], ours["term2"]), ours["count"])) == dict(brute)

    def test_matrix_and_graph(self, seed_tokens):
        matrix = cnb.cooccurrence_matrix(seed_tokens, terms=["north", "caucasus", "russia"],
                                         min_count=1)
        assert (matrix.to_numpy() == matrix.to_numpy().T).all()
        pairs = cnb.cooccurrence(seed_tokens, terms=["north", "caucasus", "russia"],
                                 min_count=1)
        assert matrix.loc["caucasus", "north"] == pairs.set_index(
            ["term1", "term2"]).loc[("caucasus", "north"), "count"]
        graph = cnb.cooccurrence_graph(pairs, cnb.frequencies(seed_tokens), weight="count")
        assert graph.number_of_edges() == len(pairs)
        assert graph.nodes["north"]["count"] == int((seed_tokens["norm"] == "north").sum())

    def test_bad_arguments(self, seed_tokens):
        with pytest.raises(ValueError, match="context must be"):
            cnb.cooccurrence(seed_tokens, context="paragraph")
        with pytest.raises(ValueError, match="measure must be"):
            cnb.cooccurrence(seed_tokens, measure="dice")
