"""Claims about the seed texts, and sentences that report counts."""
from __future__ import annotations

import pandas as pd
import pytest

import corpusnb as cnb


class TestClaim:
    def test_checked_on_the_seeds(self, seed_corpus, capsys):
        cnb.claim("Three texts.", lambda: len(seed_corpus) == 3, corpus=seed_corpus)
        assert capsys.readouterr().out == "Checked: Three texts.\n"

    def test_false_claim_fails(self, seed_corpus):
        with pytest.raises(cnb.ClaimError, match="no longer holds .*: Four texts."):
            cnb.claim("Four texts.", lambda: len(seed_corpus) == 4, corpus=seed_corpus)

    def test_other_corpus_is_not_checked(self, tiny_corpus, capsys):
        def would_fail():
            raise AssertionError("must not be called")
        cnb.claim("Markedonov writes of separatism.", would_fail, corpus=tiny_corpus)
        assert capsys.readouterr().out.startswith("Not checked (this claim is about the seed")

    def test_seed_detection(self, seed_corpus, tiny_corpus):
        assert cnb.is_seed_corpus(seed_corpus)
        assert not cnb.is_seed_corpus(tiny_corpus)
        assert not cnb.is_seed_corpus(cnb.load_corpus(keep_citations=True))


class TestRatesSentence:
    def test_sorted_with_counts(self):
        table = pd.DataFrame({"doc_id": ["a", "b", "c"], "count": [1, 4, 4],
                              "per_10k": [2.0, 8.5, 8.5]})
        assert cnb.rates_sentence(table, name="doc_id", what="oil") == (
            "oil: b 8.5 per 10,000 words (4 hits); c 8.5 (4); a 2.0 (1).")

    def test_nothing_to_report(self):
        empty = pd.DataFrame({"doc_id": [], "count": [], "per_10k": []})
        assert cnb.rates_sentence(empty, name="doc_id", what="oil") == \
            "No hits for oil in this corpus."
