"""Corpora of many documents: nothing in the token table limits their number."""
from __future__ import annotations

import numpy as np
import pytest

import corpusnb as cnb

N_DOCUMENTS = 65_537  # one more than an unsigned 16-bit code can number


@pytest.fixture(scope="module")
def many():
    """65,537 one-sentence documents: document k reads "Item k." (two tokens)."""
    documents = []
    for k in range(N_DOCUMENTS):
        text = f"Item {k}."
        documents.append(cnb.Document(
            f"d{k}", text, text,
            {"start": np.zeros(0, np.int64), "end": np.zeros(0, np.int64), "reason": [],
             "text": []},
            {"section": np.array([0]), "title": ["(no heading)"], "start": np.array([0]),
             "end": np.array([len(text)])},
            {"title": text, "language": "en"}))
    corpus = cnb.Corpus(documents)
    return corpus, cnb.tokenize(corpus)


@pytest.mark.slow
class TestManyDocuments:
    def test_every_document_keeps_its_tokens(self, many):
        corpus, tokens = many
        assert len(tokens) == 2 * N_DOCUMENTS
        assert tokens["doc_id"].nunique() == N_DOCUMENTS
        last = tokens.iloc[-2:]
        assert last["doc_id"].astype(str).tolist() == ["d65536", "d65536"]
        assert last["token"].astype(str).tolist() == ["Item", "65536"]
        assert last[["start", "end"]].values.tolist() == [[0, 4], [5, 10]]

    def test_counts_per_document_past_the_16_bit_limit(self, many):
        _, tokens = many
        freq = cnb.frequencies(tokens, by="doc_id", stop=True)
        row = freq[freq["doc_id"] == "d40000"].set_index("term")["count"].to_dict()
        assert row == {"item": 1, "40000": 1}
        assert len(freq) == 2 * N_DOCUMENTS  # "item" and its number, in every document
