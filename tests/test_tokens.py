"""Word tokens, sentences and the token table."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import corpusnb as cnb
from corpusnb.tokens import TOKEN_COLUMNS, _sentence_spans, _splitter

WORD_CASES = [
    ("Russia’s multi-vectorism", ["Russia", "’s", "multi-vectorism"]),
    ("Russia's elites", ["Russia", "'s", "elites"]),
    ("post-Soviet self-determination", ["post-Soviet", "self-determination"]),
    ("ethno-political de-facto hyper-presidential",
     ["ethno-political", "de-facto", "hyper-presidential"]),
    ("Astana’s multi-vectorness and multi-vector policy",
     ["Astana", "’s", "multi-vectorness", "and", "multi-vector", "policy"]),
    ("‘Krym Nash’ – ‘Crimea is Ours’", ["Krym", "Nash", "Crimea", "is", "Ours"]),
    ("“breakup” discourse", ["breakup", "discourse"]),
    ("first—which until 2010", ["first", "which", "until", "2010"]),
    ("514,000 have been displaced", ["514,000", "have", "been", "displaced"]),
    ("after 9/11, prices", ["after", "9/11", "prices"]),
    ("£19.99 and $109 per barrel", ["19.99", "and", "109", "per", "barrel"]),
    ("the mid-1990s and 2000s", ["the", "mid-1990s", "and", "2000s"]),
    ("the U.S. role and U.S global", ["the", "U.S.", "role", "and", "U.S", "global"]),
    ("e.g. trade, i.e. oil", ["e.g.", "trade", "i.e.", "oil"]),
    ("Kuchins et al., 2015", ["Kuchins", "et", "al", "2015"]),
    ("they weren’t killed", ["they", "weren’t", "killed"]),
    ("the countries’ borders", ["the", "countries", "borders"]),
    ("it's O’Brien", ["it", "'s", "O’Brien"]),
    ("Казахстан и Қазақстан: Нұрсұлтан", ["Казахстан", "и", "Қазақстан", "Нұрсұлтан"]),
    ("(Kuchins, 2015: p. 2)", ["Kuchins", "2015", "p", "2"]),
    ("...  --  !!", []),
]


class TestWords:
    @pytest.mark.parametrize(("text", "expected"), WORD_CASES)
    def test_tokens(self, text, expected):
        assert [token for _, _, token in cnb.words(text)] == expected

    @pytest.mark.parametrize(("text", "expected"), WORD_CASES)
    def test_offsets(self, text, expected):
        for start, end, token in cnb.words(text):
            assert text[start:end] == token

    @settings(max_examples=300, deadline=None)
    @given(st.text())
    def test_never_raises_and_keeps_offsets(self, text):
        last_end = 0
        for start, end, token in cnb.words(text):
            assert text[start:end] == token and token
            assert start >= last_end
            last_end = end


class TestNormalize:
    @pytest.mark.parametrize(("word", "norm"), [
        ("Russia’s", "russia's"), ("Post‑Soviet", "post-soviet"), ("ПУТИН", "путин"),
        ("Straße", "strasse"), ("Cafe\u0301", "café"),
    ])
    def test_norm(self, word, norm):
        assert cnb.normalize(word) == norm


class TestStopwords:
    def test_shipped_list(self):
        stop = cnb.stopwords()
        assert len(stop) == 180
        assert {"the", "of", "'s", "weren't"} <= stop
        assert "russia" not in stop

    def test_extend(self):
        assert {"putin", "russia"} <= cnb.stopwords(["Putin", "Russia"])


SENTENCE_TEXT = (
    "Kuchins et al. argue that the EU matters to Astana. See p. 4 and pp. 7–9 of the report. "
    "The journal No. 4 appeared in 2012. Some data, e.g. trade figures, count. "
    "The U.S. role grew in St Petersburg and elsewhere. It ended.\n"
    "A heading\n"
    "Another paragraph starts here. It has two sentences."
)
SENTENCES = [
    "Kuchins et al. argue that the EU matters to Astana.",
    "See p. 4 and pp. 7–9 of the report.",
    "The journal No. 4 appeared in 2012.",
    "Some data, e.g. trade figures, count.",
    "The U.S. role grew in St Petersburg and elsewhere.",
    "It ended.",
    "A heading",
    "Another paragraph starts here.",
    "It has two sentences.",
]


class TestSentences:
    def test_abbreviations_do_not_end_sentences(self, tmp_path):
        (tmp_path / "s.txt").write_text(SENTENCE_TEXT, encoding="utf-8")
        sents = cnb.sentences(cnb.load_corpus(tmp_path))
        assert sents["text"].tolist() == SENTENCES
        assert sents["sent"].tolist() == list(range(9))
        assert sents.columns.tolist() == ["doc_id", "sent", "start", "end", "text"]

    def test_spaced_ellipsis_stays_in_its_sentence(self, tmp_path):
        text = "It is punctuated by . . . ‘strategic deadlines’. Those matter."
        (tmp_path / "e.txt").write_text(text, encoding="utf-8")
        assert cnb.sentences(cnb.load_corpus(tmp_path))["text"].tolist() == [
            "It is punctuated by . . . ‘strategic deadlines’.", "Those matter."]

    def test_learned_false_abbreviations_are_rejected(self, seed_corpus):
        splitter = _splitter(seed_corpus)
        assert splitter.rejected_abbreviations == {"ago", "fad"}
        assert {"al", "p", "pp", "e.g", "i.e", "u.s", "no"} <= splitter._params.abbrev_types

    def test_seed_sentences(self, seed_corpus, seed_sentences):
        counts = seed_sentences.groupby("doc_id").size().to_dict()
        assert counts == {"markedonov-2012": 210, "lrb-2015": 133, "kazakhstan-eu-2018": 226}
        for doc_id, start, end, text in seed_sentences[
                ["doc_id", "start", "end", "text"]].itertuples(index=False):
            assert seed_corpus[doc_id].text[start:end] == text
            assert not text.endswith((" al.", " p.", " pp.", " No.", "e.g.", "i.e."))

    @settings(max_examples=100, deadline=None)
    @given(st.text())
    def test_splitter_never_raises(self, seed_corpus, text):
        for start, end in _sentence_spans(text, _splitter(seed_corpus)):
            assert 0 <= start < end <= len(text)


class TestTokenize:
    def test_columns_and_types(self, seed_tokens):
        assert seed_tokens.columns.tolist() == TOKEN_COLUMNS
        for column in ("doc_id", "token", "norm", "lemma"):
            assert isinstance(seed_tokens[column].dtype, pd.CategoricalDtype)
        assert seed_tokens["is_stop"].dtype == bool

    def test_offset_invariant_on_every_document(self, seed_corpus, seed_tokens):
        for doc in seed_corpus:
            rows = seed_tokens[seed_tokens["doc_id"] == doc.id]
            tokens = rows["token"].astype(str).tolist()
            assert [doc.text[s:e] for s, e in zip(rows["start"], rows["end"])] == tokens
            assert rows["i"].tolist() == list(range(len(rows)))
            assert [t for _, _, t in cnb.words(doc.text)] == tokens

    def test_counts_per_document(self, seed_tokens):
        assert seed_tokens.groupby("doc_id", observed=True).size().to_dict() == {
            "markedonov-2012": 4789, "lrb-2015": 4703, "kazakhstan-eu-2018": 8169}

    def test_tokens_fall_inside_their_sentence_and_section(self, seed_corpus, seed_tokens,
                                                          seed_sentences):
        merged = seed_tokens.merge(seed_sentences, on=["doc_id", "sent"],
                                   suffixes=("", "_sent"))
        assert len(merged) == len(seed_tokens)
        assert ((merged["start"] >= merged["start_sent"])
                & (merged["end"] <= merged["end_sent"])).all()
        sections = seed_corpus.sections
        merged = seed_tokens.merge(sections, on=["doc_id", "section"], suffixes=("", "_sec"))
        assert len(merged) == len(seed_tokens)
        assert ((merged["start"] >= merged["start_sec"])
                & (merged["end"] <= merged["end_sec"])).all()

    def test_kazakhstan_tokens_by_section(self, seed_tokens):
        kz = seed_tokens[seed_tokens["doc_id"] == "kazakhstan-eu-2018"]
        assert sorted(kz["section"].unique().tolist()) == [1, 2, 3, 4, 5]
        first = kz.iloc[0]
        assert (first.token, first.section, first.sent) == ("Introduction", 1, 0)

    def test_norm_lemma_stop(self, seed_tokens):
        row = seed_tokens[seed_tokens["token"] == "Russia’s"]
        assert row.empty  # the possessive is split off
        poss = seed_tokens[seed_tokens["token"] == "’s"]
        assert set(poss["norm"].astype(str)) == {"'s"} and poss["is_stop"].all()
        by_norm = seed_tokens.drop_duplicates("norm").set_index("norm")
        assert by_norm.loc["countries", "lemma"] == "country"
        assert by_norm.loc["russia", "lemma"] == "russia"
        assert by_norm.loc["multi-vectorism", "is_stop"] == np.False_
        assert by_norm.loc["the", "is_stop"] == np.True_

    def test_extra_stopwords(self, seed_corpus):
        tokens = cnb.tokenize(seed_corpus, extra_stopwords=["Russia"])
        assert tokens.loc[tokens["norm"] == "russia", "is_stop"].all()
