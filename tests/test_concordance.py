"""KWIC: hits, contexts cut from the text, sorting and HTML display."""
from __future__ import annotations

import re

import pytest

import corpusnb as cnb


class TestKwic:
    def test_hits_against_a_plain_scan(self, seed_corpus, seed_tokens):
        lines = cnb.kwic(seed_tokens, "separatis*")
        for doc in seed_corpus:
            scan = [m.span() for m in re.finditer(r"(?<![\w-])separatis\w*", doc.text, re.I)]
            mine = lines[lines["doc_id"] == doc.id]
            assert list(zip(mine["start"], mine["end"])) == scan

    def test_context_is_cut_from_the_text(self, tiny_corpus):
        lines = cnb.kwic(tiny_corpus, "separatism", window=3)
        assert lines[["doc_id", "sent", "left", "match", "right"]].values.tolist() == [
            ["a", 0, "", "Separatism", "in the North"],
            ["a", 1, "North Caucasus saw", "separatism", "grow. Russia’s"],  # ’s is a token
            ["a", 2, "’s elites feared", "separatism", ""],
        ]

    def test_phrase_match_and_window_zero(self, tiny_corpus):
        lines = cnb.kwic(tiny_corpus, '"north caucasus"', window=0)
        assert lines[["left", "match", "right"]].values.tolist() == [
            ["", "North Caucasus", ""], ["", "North Caucasus", ""]]

    def test_context_never_crosses_documents(self, tiny_corpus):
        lines = cnb.kwic(tiny_corpus, "kleptocracy", window=4)
        assert lines.iloc[0]["left"] == ""

    def test_sort_right_and_left(self, tiny_corpus):
        right = cnb.kwic(tiny_corpus, "separatism", window=2, sort="right")
        assert right["right"].tolist() == ["", "grow. Russia", "in the"]
        left = cnb.kwic(tiny_corpus, "separatism", window=2, sort="left")
        assert left["left"].tolist() == ["", "elites feared", "Caucasus saw"]
        with pytest.raises(ValueError, match="sort must be"):
            cnb.kwic(tiny_corpus, "separatism", sort="middle")

    def test_works_on_filtered_rows_and_without_texts(self, tiny_corpus):
        tokens = cnb.tokenize(tiny_corpus)
        content = tokens[~tokens["is_stop"]]
        # the window counts rows passed in: "separatism grow" are the two before "Russia"
        assert cnb.kwic(content, "russia", window=2)["left"].tolist()[:1] == ["separatism grow."]
        bare = content.copy()
        bare.attrs = {}
        assert cnb.kwic(bare, "russia", window=2)["left"].tolist()[:1] == ["separatism grow"]

    def test_html_is_escaped_and_highlighted(self, tmp_path):
        (tmp_path / "x.txt").write_text("The <b>regime</b> & its regime.", encoding="utf-8")
        html = cnb.kwic(cnb.load_corpus(tmp_path), "regime")._repr_html_()
        assert "<b>regime</b> &amp;" not in html
        assert "&lt;b&gt;" in html and html.count("<mark>") == 2


class TestConcordanceDisplay:
    def test_without_location_columns(self, tiny_corpus):
        lines = cnb.kwic(tiny_corpus, "sistema", window=2)[["left", "match", "right"]]
        html = lines._repr_html_()
        assert html.count("<mark><b>sistema</b></mark>") == 2
        assert "<th>doc_id</th>" not in html and "2 lines" in html

    def test_falls_back_to_a_table(self, tiny_corpus):
        html = cnb.kwic(tiny_corpus, "sistema")[["doc_id", "start"]]._repr_html_()
        assert "<mark>" not in html and "<table" in html
