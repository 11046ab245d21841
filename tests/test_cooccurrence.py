"""Collocations and co-occurrence: every score against hand arithmetic, NLTK, scipy or brute force.

The hand values use the definitions of the module docstring of corpusnb/cooccurrence.py;
each tiny table is written out with its counts, so a reader can redo the arithmetic.
G² of a 2×2 table is checked with scipy (``chi2_contingency(lambda_="log-likelihood",
correction=False)``), an implementation independent of corpusnb.analyses.frequency.log_likelihood.
"""
from __future__ import annotations

import importlib
import math
import re
import warnings
from collections import Counter
from itertools import combinations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from nltk.collocations import (BigramAssocMeasures, BigramCollocationFinder,
                               TrigramAssocMeasures, TrigramCollocationFinder)
from scipy.stats import chi2_contingency

import corpusnb as cnb

PAIR_COLUMNS = ["term1", "term2", "count", "pmi", "npmi", "logdice", "g2"]
cooccurrence_module = importlib.import_module("corpusnb.analyses.cooccurrence")
# Window pairs of two common terms are counted in a dense table, the pairs of rarer
# terms by sorting keys, a chunk of positions at a time: "dense" is the default (every
# term of a small text is common); "mixed" keeps the two commonest terms in the table
# (ranks 1, 2: the table's side is 3 with row 0), "sparse" none; both with chunks of 4
# positions, so chunk edges and run merges are crossed.
LAYOUTS = ["dense", "mixed", "sparse"]


def _set_layout(monkeypatch, layout: str) -> None:
    if layout != "dense":
        monkeypatch.setattr(cooccurrence_module, "_DENSE_SIDE", 3 if layout == "mixed" else 1)
        monkeypatch.setattr(cooccurrence_module, "_CHUNK", 4)


BIGRAM_COLUMNS = ["term1", "term2", "count", "llr", "pmi", "t", "logdice"]
TRIGRAM_COLUMNS = ["term1", "term2", "term3", "count", "llr", "pmi", "t", "logdice"]


def _table(words, doc_ids=None, sents=None, *, categorical=True):
    """A token table by hand: one row per word, in reading order."""
    doc_ids = doc_ids or ["d"] * len(words)
    column = pd.Categorical(words) if categorical else pd.Series(words, dtype=object)
    return pd.DataFrame({"doc_id": pd.Categorical(doc_ids) if categorical else doc_ids,
                         "sent": sents or [0] * len(words),
                         "i": pd.Series(doc_ids).groupby(doc_ids).cumcount().to_numpy(),
                         "norm": column})


def _docs(*documents, categorical=True):
    """A token table of several documents, each given as a string of words."""
    words = [w for text in documents for w in text.split()]
    ids = [f"d{k}" for k, text in enumerate(documents) for _ in text.split()]
    return _table(words, ids, categorical=categorical)


def _g2(table) -> float:
    """G² of a 2×2 table by scipy (independent of corpusnb's log_likelihood)."""
    return float(chi2_contingency(table, lambda_="log-likelihood", correction=False)[0])


def _rows(frame, *columns):
    return frame[list(columns)].values.tolist()


def _keyed(frame, n=2):
    return frame.set_index([f"term{k + 1}" for k in range(n)])


# ---------------------------------------------------------------- collocations, n = 2

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

    # "a b a b c a": N = 6; f(a) = 3, f(b) = 2, f(c) = 1.
    # Bigrams: (a,b) at 0-1 and 2-3 -> 2; (b,a) at 1-2 -> 1; (b,c) 1; (c,a) 1.
    # llr is G² of [[O, f(x) - O], [f(y) - O, N - f(x) - f(y) + O]].
    HAND = {
        # (a,b): O=2. pmi = log2(2·6/(3·2)) = 1; t = (2 - 3·2/6)/√2 = 1/√2;
        # logdice = 14 + log2(2·2/(3+2)); table [[2,1],[0,3]], expected [[1,2],[1,2]]:
        # G² = 2·(2 ln 2 + 1 ln(1/2) + 0 + 3 ln(3/2)) = 2·(ln 2 + 3 ln 1.5) = 3.819085
        ("a", "b"): (2, 2 * (math.log(2) + 3 * math.log(1.5)), 1.0, 1 / math.sqrt(2),
                     14 + math.log2(4 / 5)),
        # (b,c): O=1. pmi = log2(6/(2·1)) = log2 3; t = (1 - 2/6)/1 = 2/3;
        # table [[1,1],[0,4]], expected [[1/3,5/3],[2/3,10/3]]:
        # G² = 2·(ln 3 + ln(3/5) + 4 ln(4·3/10)) = 2.634146
        ("b", "c"): (1, 2 * (math.log(3) + math.log(0.6) + 4 * math.log(1.2)), math.log2(3),
                     2 / 3, 14 + math.log2(2 / 3)),
        # (c,a): O=1. pmi = log2(6/(1·3)) = 1; t = (1 - 3/6)/1 = 0.5; logdice = 14 + log2(2/4);
        # table [[1,0],[2,3]], expected [[1/2,1/2],[5/2,5/2]]:
        # G² = 2·(ln 2 + 0 + 2 ln(0.8) + 3 ln(1.2)) = 1.587651
        ("c", "a"): (1, 2 * (math.log(2) + 2 * math.log(0.8) + 3 * math.log(1.2)), 1.0, 0.5,
                     13.0),
        # (b,a): O=1 = f(b)·f(a)/N = 2·3/6: independence, pmi = t = llr = 0;
        # table [[1,1],[2,2]]; logdice = 14 + log2(2/5)
        ("b", "a"): (1, 0.0, 0.0, 0.0, 14 + math.log2(2 / 5)),
    }

    @pytest.mark.parametrize("categorical", [True, False])
    def test_every_score_by_hand(self, categorical):
        table = _table(list("ababca"), categorical=categorical)
        ours = cnb.collocations(table, min_count=1)
        assert ours.columns.tolist() == BIGRAM_COLUMNS
        # sorted by llr: 3.82 (a,b), 2.63 (b,c), 1.59 (c,a), 0 (b,a)
        assert _rows(ours, "term1", "term2") == [["a", "b"], ["b", "c"], ["c", "a"], ["b", "a"]]
        for (a, b), (count, llr, pmi, t, logdice) in self.HAND.items():
            row = _keyed(ours).loc[(a, b)]
            assert row["count"] == count
            assert row["llr"] == pytest.approx(llr, abs=1e-12)
            assert row["pmi"] == pytest.approx(pmi, abs=1e-12)
            assert row["t"] == pytest.approx(t, abs=1e-12)
            assert row["logdice"] == pytest.approx(logdice)

    def test_llr_against_scipy(self):
        ours = _keyed(cnb.collocations(_table(list("ababca")), min_count=1))
        for table, pair in (([[2, 1], [0, 3]], ("a", "b")), ([[1, 1], [0, 4]], ("b", "c")),
                            ([[1, 0], [2, 3]], ("c", "a"))):
            assert ours.loc[pair, "llr"] == pytest.approx(_g2(table))

    @pytest.mark.parametrize("measure, order", [
        # pmi: (b,c) log2 3 = 1.58; (a,b) and (c,a) tie at exactly 1: count 2 before 1
        ("pmi", [["b", "c"], ["a", "b"], ["c", "a"], ["b", "a"]]),
        # t: 0.707, 0.667, 0.5, 0
        ("t", [["a", "b"], ["b", "c"], ["c", "a"], ["b", "a"]]),
        # logdice: 14 + log2 of 4/5, 2/3, 2/4, 2/5
        ("logdice", [["a", "b"], ["b", "c"], ["c", "a"], ["b", "a"]]),
        # count: 2, then the three 1s by terms
        ("count", [["a", "b"], ["b", "a"], ["b", "c"], ["c", "a"]]),
    ])
    def test_sorted_by_measure(self, measure, order):
        ours = cnb.collocations(_table(list("ababca")), min_count=1, measure=measure)
        assert _rows(ours, "term1", "term2") == order

    @pytest.mark.parametrize("measure, order", [
        # every pair but (k,x), (k,w) has O = f(x) = f(y): logdice exactly 14;
        # (k,x), (k,w): 14 + log2(2·1/(2+1)). Among the 14s: count 2 first, then term1
        # ascending; (k,w) before (k,x) on term2.
        ("logdice", [["z", "y", 2], ["b", "a", 1], ["m", "n", 1], ["k", "w", 1],
                     ["k", "x", 1]]),
        ("count", [["z", "y", 2], ["b", "a", 1], ["k", "w", 1], ["k", "x", 1],
                   ["m", "n", 1]]),
    ])
    def test_ties_by_count_then_terms(self, measure, order):
        # one bigram per document, in an order that is neither alphabetical nor by count
        table = _docs("k x", "m n", "z y", "b a", "k w", "z y", categorical=False)
        ours = cnb.collocations(table, min_count=1, measure=measure)
        assert _rows(ours, "term1", "term2", "count") == order

    def test_min_count_is_inclusive(self):
        table = _table(list("ababca"))  # (a,b) twice, every other bigram once
        assert _rows(cnb.collocations(table, min_count=2), "term1", "term2", "count") == [
            ["a", "b", 2]]
        assert len(cnb.collocations(table, min_count=3)) == 0
        assert len(cnb.collocations(table, min_count=1)) == 4

    def test_default_min_count_is_three(self):
        table = _table(list("abababc"))  # (a,b) 3 times, (b,a) 2, (b,c) 1
        assert _rows(cnb.collocations(table), "term1", "term2", "count") == [["a", "b", 3]]

    def test_default_measure_is_llr(self):
        ours = cnb.collocations(_table(list("ababca")), min_count=1)
        assert ours["llr"].tolist() == sorted(ours["llr"], reverse=True)
        assert ours["pmi"].tolist() != sorted(ours["pmi"], reverse=True)

    def test_logdice_by_hand(self):
        table = _table(["a", "b", "a", "b", "c", "a"])
        row = cnb.collocations(table, min_count=1).set_index(["term1", "term2"]).loc[("a", "b")]
        assert row["count"] == 2
        assert row["logdice"] == pytest.approx(14 + math.log2(2 * 2 / (3 + 2)))

    def test_never_across_documents(self):
        table = _table(["a", "b", "a", "b"], ["x", "x", "y", "y"])
        pairs = cnb.collocations(table, min_count=1)
        assert pairs[["term1", "term2", "count"]].values.tolist() == [["a", "b", 2]]

    def test_documents_of_one_word(self):
        # x: "a", y: "b", z: "a b": only z has a bigram
        table = _table(["a", "b", "a", "b"], ["x", "y", "z", "z"])
        assert _rows(cnb.collocations(table, min_count=1), "term1", "term2", "count") == [
            ["a", "b", 1]]

    def test_term_column(self):
        table = _table(["runs", "fast", "ran", "fast"]).assign(
            lemma=pd.Categorical(["run", "fast", "run", "fast"]))
        ours = cnb.collocations(table, min_count=2, term="lemma")
        assert _rows(ours, "term1", "term2", "count") == [["run", "fast", 2]]
        assert len(cnb.collocations(table, min_count=2)) == 0

    def test_unused_categories_are_ignored(self):
        # categories out of alphabetical order, unused ones among them and last
        table = _table(list("ababca"))
        table["norm"] = pd.Categorical(list("ababca"), categories=["z", "c", "b", "y", "a", "x"])
        ours = cnb.collocations(table, min_count=1)
        assert _rows(ours, "term1", "term2") == [["a", "b"], ["b", "c"], ["c", "a"], ["b", "a"]]
        assert _keyed(ours).loc[("a", "b"), "pmi"] == pytest.approx(1.0)
        assert _keyed(ours).loc[("c", "a"), "t"] == pytest.approx(0.5)

    def test_count_is_an_integer_column(self):
        for n in (2, 3):
            assert cnb.collocations(_table(list("ababca")), n=n, min_count=1)[
                "count"].dtype == "int64"

    @pytest.mark.parametrize("n", [2, 3])
    def test_empty_table(self, n):
        ours = cnb.collocations(_table(list("ababca")).iloc[:0], n=n, min_count=1)
        assert ours.columns.tolist() == (BIGRAM_COLUMNS if n == 2 else TRIGRAM_COLUMNS)
        assert len(ours) == 0

    @pytest.mark.parametrize("n", [2, 3])
    def test_fewer_words_than_n(self, n):
        ours = cnb.collocations(_table(["a"]), n=n, min_count=1)
        assert ours.columns.tolist() == (BIGRAM_COLUMNS if n == 2 else TRIGRAM_COLUMNS)
        assert len(ours) == 0

    def test_bad_arguments(self):
        table = _table(list("ababca"))
        with pytest.raises(ValueError, match=r"^n must be 2 or 3, not 4$"):
            cnb.collocations(table, n=4)
        with pytest.raises(ValueError, match=re.escape(
                "measure must be one of ('llr', 'pmi', 't', 'logdice', 'count'), not 'dice'")):
            cnb.collocations(table, measure="dice")


# ---------------------------------------------------------------- collocations, n = 3

class TestTrigramCollocations:
    # "a b c a b c a d b c": N = 10; f(a) = f(b) = f(c) = 3, f(d) = 1.
    # bigrams: (a,b) 2, (b,c) 3, (c,a) 2, (a,d) 1, (d,b) 1.
    # trigrams: (a,b,c) 2, (b,c,a) 2, (c,a,b) 1, (c,a,d) 1, (a,d,b) 1, (d,b,c) 1.
    WORDS = "a b c a b c a d b c".split()

    def test_scores_of_abc_by_hand(self):
        row = _keyed(cnb.collocations(_table(self.WORDS), n=3, min_count=1), 3).loc[
            ("a", "b", "c")]
        assert row["count"] == 2
        # pmi = log2(O·N²/(f(a)f(b)f(c))) = log2(2·100/27)
        assert row["pmi"] == pytest.approx(math.log2(200 / 27))
        # t = (O - f(a)f(b)f(c)/N²)/√O = (2 - 27/100)/√2
        assert row["t"] == pytest.approx(1.73 / math.sqrt(2))
        # logdice = 14 + log2(3·O/(f(a)+f(b)+f(c))) = 14 + log2(6/9)
        assert row["logdice"] == pytest.approx(14 + math.log2(6 / 9))
        # llr: the first two words as a unit against the third:
        # [[f(abc), f(ab) - f(abc)], [f(c) - f(abc), N - f(ab) - f(c) + f(abc)]]
        # = [[2, 0], [1, 7]]; row sums 2, 8; column sums 3, 7; expected [[0.6, 1.4], [2.4, 5.6]]
        # G² = 2·(2 ln(2/0.6) + 0 + 1 ln(1/2.4) + 7 ln(7/5.6)) = 6.188963
        # (with f(a) = 3 in place of f(ab) = 2 it would be [[2, 1], [1, 6]]: G² = 2.66)
        hand = 2 * (2 * math.log(2 / 0.6) + math.log(1 / 2.4) + 7 * math.log(7 / 5.6))
        assert hand == pytest.approx(6.188963, abs=1e-6)
        assert row["llr"] == pytest.approx(hand)

    def test_llr_of_every_trigram_against_scipy(self):
        ours = cnb.collocations(_table(self.WORDS), n=3, min_count=1)
        assert len(ours) == 6
        words = self.WORDS
        bigrams = Counter(zip(words, words[1:]))
        unigrams, n = Counter(words), len(words)
        for row in ours.itertuples():
            ab, c, o = bigrams[(row.term1, row.term2)], unigrams[row.term3], row.count
            assert row.llr == pytest.approx(_g2([[o, ab - o], [c - o, n - ab - c + o]]))

    def test_against_nltk(self):
        # corpusnb's trigram llr deliberately differs from NLTK's
        # TrigramAssocMeasures.likelihood_ratio: NLTK scores the 2×2×2 table of the three
        # words, corpusnb the 2×2 table of the first two words as a unit against the third
        # (checked above against scipy). Counts, pmi and the t-score are the same as NLTK's.
        ours = cnb.collocations(_table(self.WORDS), n=3, min_count=1)
        finder = TrigramCollocationFinder.from_words(self.WORDS)
        measures = TrigramAssocMeasures()
        assert {(r.term1, r.term2, r.term3): r.count for r in ours.itertuples()} == dict(
            finder.ngram_fd)
        for column, function in (("pmi", measures.pmi), ("t", measures.student_t)):
            reference = dict(finder.score_ngrams(function))
            for row in ours.itertuples():
                assert getattr(row, column) == pytest.approx(
                    reference[(row.term1, row.term2, row.term3)], rel=1e-9)
        nltk_llr = dict(finder.score_ngrams(measures.likelihood_ratio))[("a", "b", "c")]
        assert nltk_llr == pytest.approx(14.8739, abs=1e-4)  # the 2×2×2 table: not ours
        assert _keyed(ours, 3).loc[("a", "b", "c"), "llr"] != pytest.approx(nltk_llr)

    def test_sorted_by_llr_then_count_then_terms(self):
        ours = cnb.collocations(_table(self.WORDS), n=3, min_count=1)
        # G² by scipy of the tables [[O, f(xy) - O], [f(z) - O, N - f(xy) - f(z) + O]]:
        # (c,a,d) [[1,1],[0,8]] 3.73; (a,b,c) [[2,0],[1,7]] 6.19; (b,c,a) [[2,1],[1,6]] 2.66;
        # (a,d,b) and (d,b,c) [[1,0],[2,7]] 2.68 (a tie: by terms); (c,a,b) [[1,1],[2,6]] 0.45
        assert [tuple(r) for r in _rows(ours, "term1", "term2", "term3")] == [
            ("a", "b", "c"), ("c", "a", "d"), ("a", "d", "b"), ("d", "b", "c"),
            ("b", "c", "a"), ("c", "a", "b")]
        # by count: the two 2s by terms, then the 1s by terms
        ours = cnb.collocations(_table(self.WORDS), n=3, min_count=1, measure="count")
        assert [tuple(r) for r in _rows(ours, "term1", "term2", "term3")] == [
            ("a", "b", "c"), ("b", "c", "a"), ("a", "d", "b"), ("c", "a", "b"),
            ("c", "a", "d"), ("d", "b", "c")]

    def test_min_count_is_inclusive(self):
        table = _table(self.WORDS)
        assert _rows(cnb.collocations(table, n=3, min_count=2), "term1", "term2", "term3") == [
            ["a", "b", "c"], ["b", "c", "a"]]
        assert len(cnb.collocations(table, n=3, min_count=3)) == 0

    def test_never_across_documents(self):
        # x: "c a", y: "b c", z: "a b c". Within documents the only trigram is (a,b,c),
        # once, and f(ab) = 1 (across x|y, "a b c" and f(ab) = 2 would appear).
        # N = 7, f(c) = 3: llr table [[1, 0], [2, 4]]
        table = _table(["c", "a", "b", "c", "a", "b", "c"], ["x", "x", "y", "y", "z", "z", "z"])
        ours = cnb.collocations(table, n=3, min_count=1)
        assert _rows(ours, "term1", "term2", "term3", "count") == [["a", "b", "c", 1]]
        assert ours.loc[0, "llr"] == pytest.approx(_g2([[1, 0], [2, 4]]))
        # pmi = log2(1·49/(2·2·3))
        assert ours.loc[0, "pmi"] == pytest.approx(math.log2(49 / 12))

    def test_trigrams(self):
        table = _table(["human", "rights", "watch", "human", "rights", "watch", "x"])
        row = cnb.collocations(table, n=3, min_count=2).iloc[0]
        assert (row.term1, row.term2, row.term3, row["count"]) == ("human", "rights", "watch", 2)
        assert row["pmi"] == pytest.approx(math.log2(2 * 7 * 7 / (2 * 2 * 2)))


# ---------------------------------------------------------------- co-occurrence

def _brute_window(tokens, window):
    counts = Counter()
    norms = tokens["norm"].astype(str).tolist()
    docs = tokens["doc_id"].astype(str).tolist()
    for p in range(len(norms)):
        for q in range(p + 1, min(p + window, len(norms) - 1) + 1):
            if docs[p] == docs[q] and norms[p] != norms[q]:
                counts[tuple(sorted((norms[p], norms[q])))] += 1
    return counts


@pytest.fixture(scope="module")
def seed_window(seed_tokens):
    """Content words of the seeds, corpusnb's window-5 pairs, and a brute-force count."""
    content = seed_tokens[~seed_tokens["is_stop"]]
    return content, cnb.cooccurrence(content, window=5, min_count=1), _brute_window(content, 5)


@pytest.fixture(scope="module")
def seed_window_all(seed_tokens):
    """All words of the seeds, corpusnb's window-5 pairs (default min_count 2), brute force."""
    return seed_tokens, cnb.cooccurrence(seed_tokens, window=5), _brute_window(seed_tokens, 5)


def _expected(o, fa, fb, n, span):
    """The measures of the module docstring, written out for one pair."""
    e = span * fa * fb / n
    pmi = math.log2(o / e)
    g2 = _g2([[o, span * fa - o], [span * fb - o, span * (n - fa - fb) + o]])
    return {"count": o, "pmi": pmi, "npmi": pmi / -math.log2(o / (span * n)),
            "logdice": 14 + math.log2(2 * o / (fa + fb)), "g2": g2 if o >= e else -g2}


def _check(row, expected):
    for name, value in expected.items():
        assert row[name] == pytest.approx(value, abs=1e-12), name


class TestCooccurrence:
    def test_window_counts_against_brute_force_on_the_seeds(self, seed_window):
        _, ours, brute = seed_window
        assert dict(zip(zip(ours["term1"], ours["term2"]), ours["count"])) == dict(brute)
        assert (ours["term1"] < ours["term2"]).all()

    def test_window_g2_sign_on_the_seeds(self, seed_window_all):
        # negative g2 exactly where O < E = 2·5·f(a)·f(b)/N, decided in integers:
        # O·N < 10·f(a)·f(b), with O from the brute-force loop (pairs seen at least twice,
        # the default min_count) and f from a Counter over all seed tokens
        tokens, ours, brute = seed_window_all
        frequency, n = Counter(tokens["norm"].astype(str)), len(tokens)
        kept = {pair: o for pair, o in brute.items() if o >= 2}
        assert len(ours) == len(kept)
        below = {pair for pair, o in kept.items()
                 if o * n < 10 * frequency[pair[0]] * frequency[pair[1]]}
        negative = set(zip(ours.loc[ours["g2"] < 0, "term1"], ours.loc[ours["g2"] < 0, "term2"]))
        assert negative == below
        assert 0.1 < len(below) / len(kept) < 0.2  # about 1 pair in 7 (1335 of 9407)
        assert (ours.loc[ours["g2"] < 0, "pmi"] < 0).all()
        assert (ours.loc[ours["g2"] >= 0, "pmi"] >= 0).all()

    def test_window_scores_on_the_seeds(self, seed_window):
        # every score of a few seed pairs from the brute-force counts: N content tokens,
        # span = 2 × 5
        content, ours, brute = seed_window
        frequency, n = Counter(content["norm"].astype(str)), len(content)
        keyed = _keyed(ours)
        for pair in sorted(brute)[::997]:
            _check(keyed.loc[pair], _expected(brute[pair], frequency[pair[0]],
                                              frequency[pair[1]], n, 10))

    def test_window_positions_count_once(self):
        # positions 0..3: a b a b, window 2 -> (0,1) ab, (0,2) aa skip, (1,2) ba, (1,3) bb skip,
        # (2,3) ab: 3 pairs
        table = _table(["a", "b", "a", "b"])
        pairs = cnb.cooccurrence(table, window=2, min_count=1)
        assert pairs[["term1", "term2", "count"]].values.tolist() == [["a", "b", 3]]

    def test_window_scores_below_expectation_by_hand(self):
        # "a a a a b b b b", window 1: the one pair of distinct terms is positions 3-4.
        # O = 1, f(a) = f(b) = 4, N = 8, span = 2·1 = 2; E = 2·4·4/8 = 4 > O.
        # pmi = log2(1/4) = -2; npmi = -2 / -log2(1/(2·8)) = -2/4 = -0.5
        # logdice = 14 + log2(2·1/(4+4)) = 12
        # g2: [[O, 2·4 - O], [2·4 - O, 2·(8-4-4) + O]] = [[1, 7], [7, 1]], sum 16,
        # expected 4 in every cell: G² = 2·(2·1·ln(1/4) + 2·7·ln(7/4)) = 10.124065,
        # signed negative since O < E
        ours = cnb.cooccurrence(_table(list("aaaabbbb")), window=1, min_count=1)
        assert ours.columns.tolist() == PAIR_COLUMNS
        assert len(ours) == 1
        g2 = 2 * (2 * math.log(1 / 4) + 14 * math.log(7 / 4))
        assert g2 == pytest.approx(10.124065, abs=1e-6)
        _check(ours.iloc[0], {"count": 1, "pmi": -2.0, "npmi": -0.5, "logdice": 12.0,
                              "g2": -g2})

    def test_window_scores_by_hand(self):
        # "a b c a b d" (positions 0..5), window 2, span 4, N = 6; f(a)=f(b)=2, f(c)=f(d)=1.
        # distance 1: 01 ab, 12 bc, 23 ca, 34 ab, 45 bd; distance 2: 02 ac, 13 ba, 24 cb, 35 ad
        # -> ab 3, ac 2, bc 2, ad 1, bd 1
        ours = _keyed(cnb.cooccurrence(_table(list("abcabd")), window=2, min_count=1))
        assert ours["count"].to_dict() == {("a", "b"): 3, ("a", "c"): 2, ("b", "c"): 2,
                                           ("a", "d"): 1, ("b", "d"): 1}
        # (a,b): E = 4·2·2/6 = 8/3; pmi = log2(3/(8/3)) = log2(9/8);
        # npmi = log2(9/8) / -log2(3/(4·6)) = log2(9/8)/3; logdice = 14 + log2(6/4);
        # g2 table [[3, 8-3], [8-3, 4·(6-2-2)+3]] = [[3, 5], [5, 11]], sum 24, row and column
        # sums 8, 16, expected [[8/3, 16/3], [16/3, 32/3]]:
        # G² = 2·(3 ln(9/8) + 10 ln(15/16) + 11 ln(33/32)) = 0.092906, positive (O > E)
        g2 = 2 * (3 * math.log(9 / 8) + 10 * math.log(15 / 16) + 11 * math.log(33 / 32))
        _check(ours.loc[("a", "b")], {"pmi": math.log2(9 / 8), "npmi": math.log2(9 / 8) / 3,
                                      "logdice": 14 + math.log2(1.5), "g2": g2})
        # (a,c): E = 4·2·1/6 = 4/3; pmi = log2(2/(4/3)) = log2 1.5;
        # npmi = log2 1.5 / -log2(2/24) = log2 1.5 / log2 12; logdice = 14 + log2(4/3);
        # table [[2, 6], [2, 4·3 + 2]] = [[2, 6], [2, 14]]
        for pair in (("a", "c"), ("b", "c")):
            _check(ours.loc[pair], {"pmi": math.log2(1.5),
                                    "npmi": math.log2(1.5) / math.log2(12),
                                    "logdice": 14 + math.log2(4 / 3),
                                    "g2": _g2([[2, 6], [2, 14]])})
        # (a,d): O = 1 < E = 4/3: pmi = log2(3/4); npmi = log2(3/4) / log2(24);
        # logdice = 14 + log2(2/3); table [[1, 7], [3, 13]], g2 signed negative
        for pair in (("a", "d"), ("b", "d")):
            _check(ours.loc[pair], {"pmi": math.log2(0.75),
                                    "npmi": math.log2(0.75) / math.log2(24),
                                    "logdice": 14 + math.log2(2 / 3),
                                    "g2": -_g2([[1, 7], [3, 13]])})
        # all of it agrees with the docstring's formulas written out in _expected
        _check(ours.loc[("a", "d")], _expected(1, 2, 1, 6, 4))

    def test_categories_in_any_order(self):
        # categories d, c, b, a (and an unused z): pairs still come out as term1 < term2,
        # with the frequencies of their own terms ("a b c a b d", window 2, see above)
        table = _table(list("abcabd"))
        table["norm"] = pd.Categorical(list("abcabd"), categories=list("zdcba"))
        ours = cnb.cooccurrence(table, window=2, min_count=1)
        assert _rows(ours, "term1", "term2", "count") == [
            ["a", "b", 3], ["a", "c", 2], ["b", "c", 2], ["a", "d", 1], ["b", "d", 1]]
        assert ours["pmi"].tolist() == pytest.approx(
            [math.log2(9 / 8), math.log2(1.5), math.log2(1.5), math.log2(0.75), math.log2(0.75)])

    def test_window_pmi_by_hand(self):
        table = _table(["a", "b", "c", "d"])
        row = cnb.cooccurrence(table, window=1, min_count=1).set_index(
            ["term1", "term2"]).loc[("a", "b")]
        assert row["pmi"] == pytest.approx(math.log2(1 * 4 / (2 * 1 * 1)))

    @pytest.mark.parametrize("window", [1, 2, 3, 5])
    @pytest.mark.parametrize("layout", LAYOUTS)
    def test_window_against_nltk(self, window, layout, monkeypatch):
        # NLTK's BigramCollocationFinder.from_words(words, window_size=k) counts ordered
        # pairs (w[p], w[q]) with 0 < q - p < k, same-term pairs included. corpusnb counts
        # unordered pairs of distinct terms, each pair of positions once, up to `window`
        # apart. So for k = window + 1 and a < b: ours(a, b) = nltk[(a, b)] + nltk[(b, a)],
        # and NLTK's (a, a) pairs have no row of ours.
        _set_layout(monkeypatch, layout)
        words = ("the state and the nation the party of the state and power the nation state "
                 "of power and party").split()
        finder = BigramCollocationFinder.from_words(words, window_size=window + 1)
        reference = {(a, b): finder.ngram_fd[(a, b)] + finder.ngram_fd[(b, a)]
                     for a, b in combinations(sorted(set(words)), 2)}
        reference = {pair: count for pair, count in reference.items() if count}
        ours = cnb.cooccurrence(_table(words, categorical=layout != "sparse"), window=window,
                                min_count=1)
        assert dict(zip(zip(ours["term1"], ours["term2"]), ours["count"])) == reference
        # NLTK's same-term pairs, which corpusnb leaves out: "the" at 0, 3, 5, 8, 12 is
        # 2 apart once (3-5), 3 apart twice (0-3, 5-8), 4 once (8-12), 5 twice (0-5, 3-8);
        # "state" at 1, 9, 14 and "power" at 11, 16 are 5 apart once each
        same = sum(finder.ngram_fd[(w, w)] for w in set(words))
        assert same == {1: 0, 2: 1, 3: 3, 5: 8}[window]
        assert not (ours["term1"] == ours["term2"]).any()

    @pytest.mark.parametrize("layout", LAYOUTS)
    def test_window_against_a_loop_at_every_length(self, layout, monkeypatch):
        # Tables of 0 to 13 rows (chunks of 4 positions end before, on and after the last
        # row), documents of 1 to 4 rows, windows 1 to 6, with and without a terms filter:
        # the counts equal a plain loop over the pairs of positions.
        _set_layout(monkeypatch, layout)
        import random
        generator = random.Random(7)
        for length in range(14):
            words = [generator.choice("aabbbccdefg") for _ in range(length)]
            docs, doc = [], 0
            while len(docs) < length:
                docs += [f"d{doc}"] * generator.randint(1, 4)
                doc += 1
            docs = docs[:length]
            for window in range(1, 7):
                for terms in (None, ["a", "b", "f"]):
                    loop = Counter()
                    for p in range(length):
                        for q in range(p + 1, min(p + window, length - 1) + 1):
                            a, b = sorted((words[p], words[q]))
                            if docs[p] == docs[q] and a != b and (
                                    terms is None or {a, b} <= set(terms)):
                                loop[(a, b)] += 1
                    ours = cnb.cooccurrence(_table(words, docs), window=window, min_count=1,
                                            terms=terms)
                    assert dict(zip(zip(ours["term1"], ours["term2"]), ours["count"])) == \
                        dict(loop), (length, window, terms)

    def test_window_one_is_adjacent_only(self):
        ours = cnb.cooccurrence(_table(list("abc")), window=1, min_count=1)
        assert _rows(ours, "term1", "term2", "count") == [["a", "b", 1], ["b", "c", 1]]

    @pytest.mark.parametrize("window", [0, -1])
    def test_window_below_one_raises(self, window):
        with pytest.raises(ValueError, match=rf"^window must be at least 1, not {window}$"):
            cnb.cooccurrence(_table(list("abc")), window=window)

    def test_window_ignored_outside_window_context(self):
        ours = cnb.cooccurrence(_table(list("abc")), context="sentence", window=0, min_count=1)
        assert _rows(ours, "term1", "term2", "count") == [
            ["a", "b", 1], ["a", "c", 1], ["b", "c", 1]]

    def test_window_larger_than_the_document(self):
        # N = 3, window 10, span 20: every pair once; E = 20·1·1/3, pmi = log2(3/20)
        ours = cnb.cooccurrence(_table(list("abc")), window=10, min_count=1)
        assert _rows(ours, "term1", "term2", "count") == [
            ["a", "b", 1], ["a", "c", 1], ["b", "c", 1]]
        assert ours["pmi"].tolist() == pytest.approx([math.log2(3 / 20)] * 3)
        assert len(cnb.cooccurrence(_table(["a"]), window=10, min_count=1)) == 0

    @pytest.mark.parametrize("window", [1, 2, 3, 10])
    def test_window_never_across_documents(self, window):
        # x: "a b", y: "c", z: "d a", w: "b": only a-b in x and a-d in z
        table = _table(list("abcdab"), ["x", "x", "y", "z", "z", "w"])
        ours = cnb.cooccurrence(table, window=window, min_count=1)
        assert _rows(ours, "term1", "term2", "count") == [["a", "b", 1], ["a", "d", 1]]

    def test_window_across_documents_against_brute_force(self):
        words = list("abcabdcadbbacdcaabdd")
        docs = list("xxxxyyyzzzzzzuvvvvvv")
        table = _table(words, docs)
        for window in (1, 2, 4, 7):
            ours = cnb.cooccurrence(table, window=window, min_count=1)
            assert dict(zip(zip(ours["term1"], ours["term2"]), ours["count"])) == dict(
                _brute_window(table, window))

    def test_terms_filter_with_globs(self, monkeypatch):
        # positions 0 separatism, 1 separatist, 2 x, 3 russia, 4 y, 5 nation; window 3.
        # Only matching terms pair, but the others still take up positions:
        # 0-1, 0-3 (distance 3) and 1-3; "nation" is not asked for.
        words = ["separatism", "separatist", "x", "russia", "y", "nation"]
        ours = cnb.cooccurrence(_table(words), window=3, min_count=1,
                                terms=(t for t in ["separat*", "Russia"]))
        assert _rows(ours, "term1", "term2", "count") == [
            ["russia", "separatism", 1], ["russia", "separatist", 1],
            ["separatism", "separatist", 1]]
        # frequencies and N stay those of the whole table: N = 6, f = 1, span 6:
        # E = 6·1·1/6 = 1 = O, so pmi = 0 and g2 = 0; logdice = 14 + log2(2/2)
        _check(ours.iloc[0], {"pmi": 0.0, "npmi": 0.0, "logdice": 14.0, "g2": 0.0})
        ours = cnb.cooccurrence(_table(words), window=2, min_count=1, terms=["nati?n", "y"])
        assert _rows(ours, "term1", "term2", "count") == [["nation", "y", 1]]
        # the same when every pair is counted by sorting keys (rarer terms), in chunks
        _set_layout(monkeypatch, "sparse")
        ours = cnb.cooccurrence(_table(words), window=2, min_count=1, terms=["nati?n", "y"])
        assert _rows(ours, "term1", "term2", "count") == [["nation", "y", 1]]
        ours = cnb.cooccurrence(_table(words), window=2, min_count=1, terms=["nati?n"])
        assert len(ours) == 0

    def test_terms_filter_in_sentences(self):
        # sentences {a, b, c}, {a, c}: with terms a, c only the pair a-c, in 2 sentences
        table = _table(list("abcac"), sents=[0, 0, 0, 1, 1])
        ours = cnb.cooccurrence(table, context="sentence", terms=["a", "c"], min_count=1)
        assert _rows(ours, "term1", "term2", "count") == [["a", "c", 2]]

    @pytest.mark.parametrize("context", ["window", "sentence"])
    def test_min_count_is_inclusive(self, context):
        # "a b c a b d", window 2: ab 3, ac 2, bc 2, ad 1, bd 1 (see above).
        # sentences {a, b, c} {a, b, d}: ab 2, the others 1
        table = _table(list("abcabd"), sents=[0, 0, 0, 1, 1, 1])
        ours = cnb.cooccurrence(table, context=context, window=2, min_count=2)
        expected = [["a", "b", 3], ["a", "c", 2], ["b", "c", 2]] if context == "window" else [
            ["a", "b", 2]]
        assert _rows(ours, "term1", "term2", "count") == expected
        top = 3 if context == "window" else 2
        assert _rows(cnb.cooccurrence(table, context=context, window=2, min_count=top),
                     "term1", "term2") == [["a", "b"]]
        assert len(cnb.cooccurrence(table, context=context, window=2, min_count=top + 1)) == 0

    def test_default_min_count_is_two(self):
        ours = cnb.cooccurrence(_table(list("abcabd")), window=2)
        assert _rows(ours, "term1", "term2") == [["a", "b"], ["a", "c"], ["b", "c"]]

    def test_default_window_is_five(self):
        # positions 0 and 5 are 5 apart: counted with the default window, not with 4
        table = _table(["a", "x", "x", "x", "x", "b"])
        assert ("a", "b") in _keyed(cnb.cooccurrence(table, min_count=1)).index
        assert ("a", "b") not in _keyed(cnb.cooccurrence(table, window=4, min_count=1)).index
        # and span = 2·5: E = 10·1·1/6, pmi = log2(6/10)
        assert _keyed(cnb.cooccurrence(table, min_count=1)).loc[("a", "b"), "pmi"] == \
            pytest.approx(math.log2(0.6))

    @pytest.mark.parametrize("measure, order", [
        # documents {k,x} {m,n} {z,y} {b,a} {k,w} {z,y}: f = number of documents.
        # logdice is exactly 14 where O = f(a) = f(b); (k,w), (k,x): 14 + log2(2/3).
        ("logdice", [["y", "z", 2], ["a", "b", 1], ["m", "n", 1], ["k", "w", 1],
                     ["k", "x", 1]]),
        ("count", [["y", "z", 2], ["a", "b", 1], ["k", "w", 1], ["k", "x", 1],
                   ["m", "n", 1]]),
        # pmi = log2(O·6/(f f)): (a,b), (m,n) log2 6; (y,z) log2 3; (k,w), (k,x) log2 3
        ("pmi", [["a", "b", 1], ["m", "n", 1], ["y", "z", 2], ["k", "w", 1],
                 ["k", "x", 1]]),
    ])
    def test_ties_by_count_then_terms(self, measure, order):
        table = _docs("k x", "m n", "z y", "b a", "k w", "z y", categorical=False)
        ours = cnb.cooccurrence(table, context="document", min_count=1, measure=measure)
        assert _rows(ours, "term1", "term2", "count") == order

    @pytest.mark.parametrize("measure", ["pmi", "npmi", "g2"])
    def test_sorted_by_measure(self, measure):
        # "a b c a b d", window 2: pmi and npmi: ac = bc > ab > ad = bd;
        # g2: ac = bc (0.5) > ab (0.09) > ad = bd (negative)
        ours = cnb.cooccurrence(_table(list("abcabd")), window=2, min_count=1, measure=measure)
        assert _rows(ours, "term1", "term2") == [["a", "c"], ["b", "c"], ["a", "b"],
                                                 ["a", "d"], ["b", "d"]]

    def test_measures_by_hand(self):
        table = _table(["a", "b", "c", "a", "b", "d"], sents=[0, 0, 0, 1, 1, 2])
        row = cnb.cooccurrence(table, context="sentence", min_count=1).set_index(
            ["term1", "term2"]).loc[("a", "b")]
        # 3 sentences; a in 2, b in 2, both in 2
        assert row["count"] == 2
        assert row["pmi"] == pytest.approx(math.log2(2 * 3 / (2 * 2)))
        assert row["npmi"] == pytest.approx(math.log2(3 / 2) / -math.log2(2 / 3))
        assert row["logdice"] == pytest.approx(14.0)
        # table [[2, 0], [0, 1]]: row sums 2, 1, expected [[4/3, 2/3], [2/3, 1/3]]
        # G² = 2·(2 ln(2/(4/3)) + 1 ln(1/(1/3))) = 2·(2 ln 1.5 + ln 3)
        assert row["g2"] == pytest.approx(2 * (2 * math.log(1.5) + math.log(3)))

    def test_sentence_scores_by_hand(self):
        # sentences {a, b} (a twice), {a, b}, {a, c}, {b, c}, {d}: N = 5 sentences;
        # f(a) = 3, f(b) = 3, f(c) = 2 sentences (a repeat in a sentence counts once)
        table = _table(list("abaabacbcd"), sents=[0, 0, 0, 1, 1, 2, 2, 3, 3, 4])
        ours = _keyed(cnb.cooccurrence(table, context="sentence", min_count=1))
        assert ours["count"].to_dict() == {("a", "b"): 2, ("a", "c"): 1, ("b", "c"): 1}
        # (a,b): O = 2, E = 3·3/5 = 1.8; pmi = log2(2/1.8) = log2(10/9);
        # npmi = log2(10/9) / -log2(2/5); logdice = 14 + log2(4/6);
        # table [[2, 1], [1, 5-3-3+2]] = [[2, 1], [1, 1]], positive (O > E)
        _check(ours.loc[("a", "b")], {"pmi": math.log2(10 / 9),
                                      "npmi": math.log2(10 / 9) / math.log2(2.5),
                                      "logdice": 14 + math.log2(2 / 3),
                                      "g2": _g2([[2, 1], [1, 1]])})
        # (a,c): O = 1 < E = 3·2/5 = 1.2; pmi = log2(5/6); npmi = log2(5/6)/log2 5;
        # logdice = 14 + log2(2/5); table [[1, 2], [1, 1]], g2 negative
        for pair in (("a", "c"), ("b", "c")):
            _check(ours.loc[pair], {"pmi": math.log2(5 / 6),
                                    "npmi": math.log2(5 / 6) / math.log2(5),
                                    "logdice": 14 + math.log2(2 / 5),
                                    "g2": -_g2([[1, 2], [1, 1]])})
            assert ours.loc[pair, "g2"] < 0

    def test_sentences_are_per_document(self):
        # sentence 0 of x holds a, b; sentence 0 of y holds b, c: a-c never share one
        table = _table(list("abbc"), ["x", "x", "y", "y"], sents=[0, 0, 0, 0])
        ours = cnb.cooccurrence(table, context="sentence", min_count=1)
        assert _rows(ours, "term1", "term2", "count") == [["a", "b", 1], ["b", "c", 1]]
        # N = 2 sentences, f(b) = 2: E = 1·1·2/2 = 1 = O, pmi 0
        assert ours["pmi"].tolist() == [0.0, 0.0]

    def test_document_scores_by_hand(self):
        # documents {a, b}, {a}, {b}, {c}: N = 4, f(a) = f(b) = 2, O = 1 = E = 2·2/4:
        # pmi = 0, npmi = 0, logdice = 14 + log2(2/4) = 13, g2 = 0 (table [[1, 1], [1, 1]]),
        # and 0, not -0: only O < E is signed negative
        ours = cnb.cooccurrence(_docs("a b", "a", "b", "c"), context="document", min_count=1)
        assert _rows(ours, "term1", "term2", "count") == [["a", "b", 1]]
        _check(ours.iloc[0], {"pmi": 0.0, "npmi": 0.0, "logdice": 13.0, "g2": 0.0})
        assert math.copysign(1.0, ours.loc[0, "g2"]) == 1.0

    def test_npmi_is_one_for_a_pair_in_every_unit(self):
        # one document holding a, b: O = N = 1, pmi = log2(1/1) = 0 and -log2(O/N) = 0;
        # npmi is 1 (complete co-occurrence), not 0/0, and no warning is shown
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            ours = cnb.cooccurrence(_table(list("ab")), context="document", min_count=1)
        _check(ours.iloc[0], {"count": 1, "pmi": 0.0, "npmi": 1.0, "logdice": 14.0,
                              "g2": 0.0})

    def test_npmi_with_a_denominator_of_one(self):
        # documents {a, b}, {a, b}, {a}, {c}: N = 4, f(a) = 3, f(b) = 2, O = 2;
        # pmi = log2(2·4/(3·2)) = log2(4/3); -log2(O/N) = -log2(2/4) = 1, so npmi = pmi
        ours = cnb.cooccurrence(_docs("a b", "a b", "a", "c"), context="document", min_count=1)
        _check(ours.iloc[0], {"count": 2, "pmi": math.log2(4 / 3), "npmi": math.log2(4 / 3)})

    @pytest.mark.parametrize("context", ["window", "sentence", "document"])
    @pytest.mark.parametrize("layout", LAYOUTS)
    def test_count_is_an_integer_column(self, context, layout, monkeypatch):
        _set_layout(monkeypatch, layout)
        ours = cnb.cooccurrence(_table(list("abcabd")), context=context, min_count=1)
        assert ours["count"].dtype == "int64"

    def test_document_context(self, tiny_corpus):
        tokens = cnb.tokenize(tiny_corpus)
        pairs = cnb.cooccurrence(tokens, context="document", min_count=2)
        assert pairs[["term1", "term2", "count"]].values.tolist() == [
            ["'s", "russia", 2], ["'s", "the", 2], ["russia", "the", 2]]

    def test_units_of_many_short_documents_against_a_loop(self):
        # Sentence numbers restart in every document, so a sentence is a (document,
        # sentence) pair: five documents of one to three sentences, counted by a loop
        import random
        generator = random.Random(3)
        words, docs, sents = [], [], []
        for doc in range(5):
            for sent in range(generator.randint(1, 3)):
                for _ in range(generator.randint(1, 4)):
                    words.append(generator.choice("abcde"))
                    docs.append(f"d{doc}")
                    sents.append(sent)
        table = _table(words, docs, sents)
        for context, unit in (("sentence", list(zip(docs, sents))), ("document", docs)):
            members: dict = {}
            for word, key in zip(words, unit):
                members.setdefault(key, set()).add(word)
            loop = Counter(pair for present in members.values()
                           for pair in combinations(sorted(present), 2))
            ours = cnb.cooccurrence(table, context=context, min_count=1)
            assert dict(zip(zip(ours["term1"], ours["term2"]), ours["count"])) == dict(loop)
            # N is the number of units: pmi of the first pair from its definition
            row = ours.iloc[0]
            f = {w: sum(w in m for m in members.values()) for w in (row.term1, row.term2)}
            assert row.pmi == pytest.approx(math.log2(row["count"] * len(members) /
                                                      (f[row.term1] * f[row.term2])))

    def test_runs_count_keys_in_batches(self, monkeypatch):
        # The accumulator of rare pair keys: counts equal a Counter of all batches, and
        # the pending batches are merged as soon as they outgrow the counts so far
        monkeypatch.setattr(cooccurrence_module, "_CHUNK", 4)
        runs, everything = cooccurrence_module._Runs(), Counter()
        import random
        generator = random.Random(5)
        for _ in range(40):
            batch = [generator.randint(0, 30) for _ in range(generator.randint(0, 6))]
            everything.update(batch)
            runs.add(np.array(batch, dtype=np.int64))
            assert runs.waiting == sum(len(keys) for keys, _ in runs.pending)
            assert runs.waiting <= max(len(runs.keys), 4)
            assert list(runs.keys) == sorted(set(runs.keys))  # merged: distinct and sorted
        keys, counts = runs.result()
        assert dict(zip(keys.tolist(), counts.tolist())) == dict(everything)
        assert keys.tolist() == sorted(everything)

    def test_sentence_context_against_brute_force(self, seed_tokens):
        terms = ["separatism", "nationalism", "islam", "russian", "caucasus", "north"]
        ours = cnb.cooccurrence(seed_tokens, context="sentence", terms=terms, min_count=1)
        brute = Counter()
        for _, sent in seed_tokens.groupby(["doc_id", "sent"], observed=True):
            present = sorted(set(sent["norm"].astype(str)) & set(terms))
            brute.update(combinations(present, 2))
        assert dict(zip(zip(ours["term1"], ours["term2"]), ours["count"])) == dict(brute)

    def test_term_column(self):
        table = _table(["States", "x", "state", "y"]).assign(
            token=pd.Categorical(["States", "x", "state", "y"]),
            lemma=pd.Categorical(["state", "x", "state", "y"]))
        ours = cnb.cooccurrence(table, context="document", min_count=1, term="lemma")
        assert _rows(ours, "term1", "term2", "count") == [
            ["state", "x", 1], ["state", "y", 1], ["x", "y", 1]]
        ours = cnb.cooccurrence(table, window=1, min_count=1, term="token")
        assert _rows(ours, "term1", "term2") == [["States", "x"], ["state", "x"], ["state", "y"]]

    @pytest.mark.parametrize("context", ["window", "sentence", "document"])
    def test_empty_table(self, context):
        ours = cnb.cooccurrence(_table(list("abc")).iloc[:0], context=context, min_count=1,
                                terms=["a*"])
        assert ours.columns.tolist() == PAIR_COLUMNS
        assert len(ours) == 0

    def test_bad_arguments(self):
        table = _table(list("abc"))
        with pytest.raises(ValueError, match=r"^context must be 'window', 'sentence' or "
                                             r"'document', not 'paragraph'$"):
            cnb.cooccurrence(table, context="paragraph")
        with pytest.raises(ValueError, match=re.escape(
                "measure must be one of ('count', 'pmi', 'npmi', 'logdice', 'g2'), "
                "not 'dice'")):
            cnb.cooccurrence(table, measure="dice")


class TestCooccurrenceMatrix:
    def test_cells_by_hand(self):
        # "a b c a b d", window 2: ab 3, ac 2, bc 2, ad 1, bd 1; with min_count 2 the
        # pairs with d are left out, so d is not a term of the matrix
        matrix = cnb.cooccurrence_matrix(_table(list("abcabd")), window=2, min_count=2)
        assert matrix.index.tolist() == ["a", "b", "c"]
        assert matrix.columns.tolist() == ["a", "b", "c"]
        assert matrix.to_numpy().tolist() == [[0, 3, 2], [3, 0, 2], [2, 2, 0]]
        matrix = cnb.cooccurrence_matrix(_table(list("abcabd")), window=2, min_count=1,
                                         measure="pmi")
        assert matrix.index.tolist() == ["a", "b", "c", "d"]
        assert matrix.loc["d", "a"] == pytest.approx(math.log2(0.75))
        assert matrix.loc["b", "a"] == pytest.approx(math.log2(9 / 8))
        assert matrix.loc["c", "d"] == 0.0  # never within 2 positions
        assert matrix.loc["c", "c"] == 0.0

    def test_terms_sorted_alphabetically(self):
        # plain strings in order of appearance z, y, x: the matrix is x, y, z
        matrix = cnb.cooccurrence_matrix(_table(list("zyx"), categorical=False), window=1,
                                         min_count=1)
        assert matrix.index.tolist() == ["x", "y", "z"]
        assert matrix.to_numpy().tolist() == [[0, 1, 0], [1, 0, 1], [0, 1, 0]]

    def test_seed_cells_against_brute_force(self, seed_tokens):
        terms = ["north", "caucasus", "russia"]
        matrix = cnb.cooccurrence_matrix(seed_tokens, terms=terms, min_count=1)
        # brute force: rows of the three terms, pairs of rows at most 5 apart in one document
        norms = seed_tokens["norm"].astype(str).tolist()
        docs = seed_tokens["doc_id"].astype(str).tolist()
        rows = [p for p, w in enumerate(norms) if w in terms]
        brute = Counter()
        for p, q in combinations(rows, 2):
            if q - p <= 5 and docs[p] == docs[q] and norms[p] != norms[q]:
                brute[tuple(sorted((norms[p], norms[q])))] += 1
        assert matrix.index.tolist() == matrix.columns.tolist() == sorted(terms)
        for a, b in combinations(sorted(terms), 2):
            assert matrix.loc[a, b] == brute[(a, b)]
            assert matrix.loc[b, a] == brute[(a, b)]
        assert all(matrix.loc[t, t] == 0 for t in terms)
        assert brute[("caucasus", "north")] > 0  # "North Caucasus" is a seed phrase

    def test_bad_measure(self):
        with pytest.raises(ValueError, match=r"^measure must be one of"):
            cnb.cooccurrence_matrix(_table(list("abc")), measure="dice")

    def test_empty_table(self):
        matrix = cnb.cooccurrence_matrix(_table(list("abc")).iloc[:0], min_count=1)
        assert matrix.columns.tolist() == []
        assert matrix.index.tolist() == []


class TestCooccurrenceGraph:
    PAIRS = pd.DataFrame({"term1": ["b", "a", "a"], "term2": ["c", "c", "b"],
                          "count": [1, 4, 2], "npmi": [-0.25, 0.5, 0.75]})

    def test_nodes_and_edges_by_hand(self):
        frequencies = pd.DataFrame({"term": ["c", "a", "z"], "count": [7, 9, 1]})
        graph = cnb.cooccurrence_graph(self.PAIRS, frequencies)
        assert list(graph.nodes(data=True)) == [("a", {"count": 9}), ("b", {"count": 0}),
                                               ("c", {"count": 7})]
        # edges added in sorted order (reproducible layouts): a-b, a-c, b-c
        assert list(graph.edges(data=True)) == [
            ("a", "b", {"term1": "a", "term2": "b", "count": 2, "npmi": 0.75, "weight": 0.75}),
            ("a", "c", {"term1": "a", "term2": "c", "count": 4, "npmi": 0.5, "weight": 0.5}),
            ("b", "c", {"term1": "b", "term2": "c", "count": 1, "npmi": -0.25,
                        "weight": -0.25})]
        assert all(type(w) is float for *_, w in graph.edges(data="weight"))

    def test_weight_column_and_no_frequencies(self):
        graph = cnb.cooccurrence_graph(self.PAIRS, weight="count")
        assert dict(graph.nodes(data="count")) == {"a": 0, "b": 0, "c": 0}
        assert {(a, b): w for a, b, w in graph.edges(data="weight")} == {
            ("a", "b"): 2.0, ("a", "c"): 4.0, ("b", "c"): 1.0}

    def test_from_cooccurrence(self):
        # "a b c a b d", window 2, min_count 2: ab 3, ac 2, bc 2; f(a) = 2, f(c) = 1
        tokens = _table(list("abcabd"))
        frequencies = pd.DataFrame({"term": list("abcd"), "count": [2, 2, 1, 1]})
        graph = cnb.cooccurrence_graph(cnb.cooccurrence(tokens, window=2), frequencies,
                                       weight="count")
        assert dict(graph.nodes(data="count")) == {"a": 2, "b": 2, "c": 1}
        assert dict(graph.edges.items()).keys() == {("a", "b"), ("a", "c"), ("b", "c")}
        assert graph.edges["a", "b"]["weight"] == 3.0
        assert graph.edges["c", "b"]["npmi"] == pytest.approx(math.log2(1.5) / math.log2(12))

    def test_empty_pairs(self):
        empty = cnb.cooccurrence(_table(list("abc")).iloc[:0])
        graph = cnb.cooccurrence_graph(empty)
        assert isinstance(graph, nx.Graph)
        assert graph.number_of_nodes() == graph.number_of_edges() == 0


class TestPairOrder:
    """The pair table's order (count descending, then term1, term2) against a loop over
    every pair and Python's sort, on Zipf-like words: many pairs tie on their count, and
    the commonest terms' pairs (the dense table) and the rarer ones' come together."""

    @staticmethod
    def _zipf(n_tokens: int, types: int, docs: int, seed: int = 3) -> pd.DataFrame:
        rng = np.random.default_rng(seed)
        weights = 1 / np.arange(1, types + 1)
        words = [f"w{k:03d}" for k in rng.permutation(types)]  # alphabet != rank
        codes = rng.choice(types, size=n_tokens, p=weights / weights.sum())
        doc = np.sort(rng.integers(0, docs, n_tokens))
        return _table([words[c] for c in codes], [f"d{d:02d}" for d in doc])

    @staticmethod
    def _loop_order(tokens: pd.DataFrame, window: int, terms=None) -> list:
        norms, docs = tokens["norm"].astype(str).tolist(), tokens["doc_id"].astype(str).tolist()
        counts = Counter()
        for p in range(len(norms)):
            for q in range(p + 1, min(p + window + 1, len(norms))):
                a, b = norms[p], norms[q]
                if docs[p] == docs[q] and a != b and (terms is None or {a, b} <= terms):
                    counts[min(a, b), max(a, b)] += 1
        return sorted(((a, b, c) for (a, b), c in counts.items()),
                      key=lambda row: (-row[2], row[0], row[1]))

    @pytest.mark.parametrize("layout", LAYOUTS)
    def test_window_pairs_in_the_loops_order(self, layout, monkeypatch):
        _set_layout(monkeypatch, layout)
        tokens = self._zipf(3_000, 150, 7)
        for window in (1, 4):
            pairs = cnb.cooccurrence(tokens, window=window, min_count=1)
            assert list(zip(pairs["term1"], pairs["term2"], pairs["count"])) == \
                self._loop_order(tokens, window)

    @pytest.mark.parametrize("layout", ["dense", "sparse"])
    def test_chosen_terms_in_the_loops_order(self, layout, monkeypatch):
        _set_layout(monkeypatch, layout)
        tokens = self._zipf(2_000, 80, 5, seed=4)
        chosen = sorted(set(tokens["norm"].astype(str)))[::3]
        pairs = cnb.cooccurrence(tokens, window=3, min_count=1, terms=chosen)
        assert list(zip(pairs["term1"], pairs["term2"], pairs["count"])) == \
            self._loop_order(tokens, 3, set(chosen))

    def test_a_count_above_16_bits(self):
        # "a b" 40,000 times, then "c d" once: window 1 counts a-b 79,999 times (ab and
        # ba), a count too wide for the 16-bit sort; b-c once, c-d once
        tokens = _table(["a", "b"] * 40_000 + ["c", "d"])
        pairs = cnb.cooccurrence(tokens, window=1, min_count=1)
        assert pairs[["term1", "term2", "count"]].values.tolist() == [
            ["a", "b", 79_999], ["b", "c", 1], ["c", "d", 1]]

    def test_by_count_sorted_or_not_gives_one_order(self):
        rng = np.random.default_rng(5)
        rows, cols = np.divmod(np.sort(rng.choice(50 * 50, 400, replace=False)), 50)
        o = rng.integers(1, 4, len(rows))
        expected = sorted(zip(-o, rows, cols))
        for ordered in (True, False):
            got = cooccurrence_module._by_count(o, rows, cols, 50, ordered)
            assert list(zip(-got[2], got[0], got[1])) == expected


def test_the_vocabulary_benchmark_runs_on_a_tiny_corpus():
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).parents[1] / "benchmarks" / "bench_cooc_vocabulary.py"
    done = subprocess.run([sys.executable, str(script), "--tokens", "2000", "--docs", "20",
                           "--types", "40,300", "--parts", "3"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    # the loop's counts, the table's and the store's were checked equal by the benchmark
    assert re.search(r"^2,000 tokens, 40 types, 20 documents, [\d,]+ pairs", done.stdout, re.M)
    ratios = re.findall(r"first call +[\d.]+ s +loop/cooccurrence +[\d.]+x", done.stdout)
    assert len(ratios) == 4 and done.stdout.count("store of ") == 2
