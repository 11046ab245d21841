"""KWIC: hits, contexts cut from the text, sorting and HTML display.

Most tests use tiny texts written to ``tmp_path``; every expected line, offset and
order is read off the text by hand (the token rows and character offsets are
written out next to each text).
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

import corpusnb as cnb

KWIC_COLUMNS = ["doc_id", "sent", "start", "end", "left", "match", "right", "pattern"]

# Three documents whose edges meet inside the phrase "north caucasus".
#   a: Moscow(0) and(1) the(2) North(3) Caucasus(4)      offsets 0-6 7-10 11-14 15-20 21-29
#   b: North(5) Caucasus(6) elites(7) then(8) the(9) north(10)
#                                                        offsets 0-5 6-14 15-21 23-27 28-31 32-37
#   c: Caucasus(11) again(12)                            offsets 0-8 9-14
EDGES = {"a.txt": "Moscow and the North Caucasus.\n",
         "b.txt": "North Caucasus elites, then the north\n",
         "c.txt": "Caucasus again.\n"}


def _corpus(folder, texts):
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return cnb.load_corpus(folder)


@pytest.fixture
def edges(tmp_path):
    return cnb.tokenize(_corpus(tmp_path, EDGES))


def _bare(tokens):
    """The same rows without their corpus: contexts are rebuilt from the tokens."""
    bare = tokens.copy()
    bare.attrs = {}
    return bare


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

    def test_phrases_at_document_edges(self, edges):
        lines = cnb.kwic(edges, "north caucasus", window=2)
        assert lines.columns.tolist() == KWIC_COLUMNS
        # a: two words before (and the), none after (the document ends);
        # b: none before (it starts the document), two after, the comma kept from the text;
        # b's last "north" + c's first "caucasus" is no hit.
        assert lines.values.tolist() == [
            ["a", 0, 15, 29, "and the", "North Caucasus", "", "north caucasus"],
            ["b", 0, 0, 14, "", "North Caucasus", "elites, then", "north caucasus"]]

    def test_single_words_at_document_edges(self, edges):
        north = cnb.kwic(edges, "north", window=3)
        assert north[["doc_id", "left", "right"]].values.tolist() == [
            ["a", "Moscow and the", "Caucasus"],
            ["b", "", "Caucasus elites, then"],
            ["b", "elites, then the", ""]]           # the document ends after "north"
        caucasus = cnb.kwic(edges, "caucasus", window=3)
        assert caucasus[["doc_id", "left", "right"]].values.tolist() == [
            ["a", "and the North", ""],
            ["b", "North", "elites, then the"],
            ["c", "", "again"]]                      # c starts with it; the table ends after

    @pytest.mark.parametrize(("pattern", "window", "expected"), [
        # the window reaches 1, 2 or 3 rows into the neighbouring document, and stops at
        # its own document's first or last word
        ("the", 3, [["a", "Moscow and", "North Caucasus"],
                    ["b", "Caucasus elites, then", "north"]]),
        ("caucasus", 4, [["a", "Moscow and the North", ""],
                         ["b", "North", "elites, then the north"],
                         ["c", "", "again"]]),
    ])
    def test_windows_reaching_into_the_next_document(self, edges, pattern, window, expected):
        lines = cnb.kwic(edges, pattern, window=window)
        assert lines[["doc_id", "left", "right"]].values.tolist() == expected

    def test_default_window_is_eight_words(self, tmp_path):
        words = [f"w{k}" for k in range(1, 10)]
        text = " ".join(words) + " kk " + " ".join(w.replace("w", "v") for w in words) + ".\n"
        line = cnb.kwic(_corpus(tmp_path, {"x.txt": text}), "kk").iloc[0]
        assert line["left"] == "w2 w3 w4 w5 w6 w7 w8 w9"
        assert line["right"] == "v1 v2 v3 v4 v5 v6 v7 v8"

    def test_second_row_of_the_table(self, edges):
        # "and" is row 1: its left context is row 0 ("Moscow"), not nothing
        assert cnb.kwic(edges, "and", window=2)[["left", "right"]].values.tolist() == [
            ["Moscow", "the North"]]

    @pytest.mark.parametrize(("window", "left", "right"), [
        (0, ["", ""], ["", ""]),
        (1, ["the", ""], ["", "elites"]),
    ])
    def test_window_zero_and_one(self, edges, window, left, right):
        lines = cnb.kwic(edges, "north caucasus", window=window)
        assert lines["left"].tolist() == left
        assert lines["right"].tolist() == right
        assert lines["match"].tolist() == ["North Caucasus", "North Caucasus"]

    def test_offsets_are_the_match_in_the_text(self, tmp_path):
        corpus = _corpus(tmp_path, EDGES)
        lines = cnb.kwic(corpus, "caucasus", window=1)
        assert list(zip(lines["doc_id"], lines["start"], lines["end"])) == [
            ("a", 21, 29), ("b", 6, 14), ("c", 0, 8)]
        for row in lines.itertuples():
            assert corpus[row.doc_id].text[row.start:row.end] == "Caucasus"

    @pytest.mark.parametrize("bare", [False, True])
    def test_several_patterns_given_out_of_reading_order(self, edges, bare):
        # "elites" (b, row 7) is asked for first, "moscow" (a, row 0) second: the lines
        # come in reading order, each with its own context (from the text, or rebuilt
        # from the tokens without it)
        table = _bare(edges) if bare else edges
        lines = cnb.kwic(table, ["elites", "moscow"], window=1)
        assert lines[["pattern", "left", "match", "right"]].values.tolist() == [
            ["moscow", "", "Moscow", "and"],
            ["elites", "Caucasus", "elites",
             "then" if bare else ", then"]]
        for column in ("left", "match", "right"):
            assert lines[column].dtype == "str"

    @pytest.mark.parametrize("sort", [None, "left", "right"])
    def test_plain_string_columns(self, edges, sort):
        # doc_id, token and norm as plain strings (a table read back from CSV), without
        # the corpus: the lines of the categorical table, rebuilt from the tokens
        plain = _bare(edges).assign(**{c: edges[c].astype(object)
                                       for c in ("doc_id", "token", "norm")})
        for pattern in ("north", "caucasus", ["elites", "moscow"]):
            ours = cnb.kwic(plain, pattern, window=2, sort=sort)
            expected = cnb.kwic(_bare(edges), pattern, window=2, sort=sort)
            assert ours.values.tolist() == expected.values.tolist()
        # by hand: "north" in b (rows 5, 10) and a (row 3); sorted right, the words after
        # are "caucasus" (a), "caucasus elites" (b), nothing (b, end of document)
        lines = cnb.kwic(plain, "north", window=2, sort="right")
        assert lines[["doc_id", "left", "right"]].values.tolist() == [
            ["b", "then the", ""], ["a", "and the", "Caucasus"],
            ["b", "", "Caucasus elites"]]

    def test_negative_window(self, edges):
        with pytest.raises(ValueError, match="window must be 0 or more, not -1"):
            cnb.kwic(edges, "north", window=-1)

    def test_several_patterns_in_reading_order(self, edges):
        lines = cnb.kwic(edges, ["caucasus", "north"], window=0)
        assert list(zip(lines["doc_id"], lines["start"], lines["pattern"])) == [
            ("a", 15, "north"), ("a", 21, "caucasus"), ("b", 0, "north"),
            ("b", 6, "caucasus"), ("b", 32, "north"), ("c", 0, "caucasus")]

    def test_position_of_two_patterns_has_two_lines(self, edges):
        lines = cnb.kwic(edges, ["nor*", "north"], window=0)
        assert list(zip(lines["start"], lines["pattern"]))[:2] == [(15, "nor*"), (15, "north")]

    def test_many_positions_of_two_patterns_keep_pattern_order(self, tmp_path):
        # "Nn nn ... nn." : 20 words at 0, 3, 6, ...; every one matched by both patterns
        tokens = cnb.tokenize(_corpus(tmp_path, {"x.txt": " ".join(["Nn"] * 20) + ".\n"}))
        lines = cnb.kwic(tokens, ["n*", "nn"], window=0)
        assert list(zip(lines["start"], lines["pattern"])) == [
            (3 * k, pattern) for k in range(20) for pattern in ("n*", "nn")]

    def test_regex(self, edges):
        lines = cnb.kwic(edges, r"n\w+h cauc.*", regex=True, window=1)
        assert lines[["doc_id", "left", "match", "right"]].values.tolist() == [
            ["a", "the", "North Caucasus", ""], ["b", "", "North Caucasus", "elites"]]

    def test_invalid_regex_is_a_clear_error(self, edges):
        with pytest.raises(ValueError, match=r"invalid regular expression '\(eu'"):
            cnb.kwic(edges, "(eu", regex=True)

    def test_metacharacters_match_literally(self, tmp_path):
        # The(0) U.S.(1) and(2) uksa(3) saw(4) u.s.(5) policy(6) ((eu is not a token)
        tokens = cnb.tokenize(_corpus(tmp_path, {"x.txt": "The U.S. and uksa saw u.s. policy.\n"}))
        lines = cnb.kwic(tokens, "u.s.", window=1)   # as a regex "u.s." would match uksa too
        assert lines[["left", "match", "right"]].values.tolist() == [
            ["The", "U.S.", "and"], ["saw", "u.s.", "policy"]]
        assert cnb.kwic(tokens, "u.s.", regex=True)["match"].tolist() == ["U.S.", "uksa",
                                                                          "u.s."]
        assert cnb.kwic(tokens, "(eu").empty          # escaped: no error, no hit
        assert cnb.kwic(tokens, "[us]*").empty        # "[" is literal, not a character class

    def test_empty_pattern(self, edges):
        with pytest.raises(ValueError, match="empty search pattern"):
            cnb.kwic(edges, "  ")
        with pytest.raises(ValueError, match="empty search pattern"):
            cnb.kwic(edges, "", regex=True)

    def test_works_on_filtered_rows_and_without_texts(self, tiny_corpus):
        tokens = cnb.tokenize(tiny_corpus)
        content = tokens[~tokens["is_stop"]]
        # the window counts rows passed in: "separatism grow" are the two before "Russia"
        assert cnb.kwic(content, "russia", window=2)["left"].tolist()[:1] == ["separatism grow."]
        assert cnb.kwic(_bare(content), "russia", window=2)["left"].tolist()[:1] == [
            "separatism grow"]

    def test_with_texts_the_token_column_is_not_needed(self, edges):
        slim = edges[["doc_id", "section", "sent", "i", "start", "end", "norm"]]
        lines = cnb.kwic(slim, "north caucasus", window=1)
        assert lines[["left", "right"]].values.tolist() == [["the", ""], ["", "elites"]]

    def test_without_texts_contexts_are_tokens(self, edges):
        lines = cnb.kwic(_bare(edges), "north caucasus", window=2)
        assert lines[["left", "match", "right"]].values.tolist() == [
            ["and the", "North Caucasus", ""], ["", "North Caucasus", "elites then"]]

    def test_corpus_argument_gives_back_the_texts(self, tmp_path):
        corpus = _corpus(tmp_path, EDGES)
        tokens = _bare(cnb.tokenize(corpus))
        lines = cnb.kwic(tokens, "elites", window=1, corpus=corpus)
        assert lines[["left", "match", "right"]].values.tolist() == [
            ["Caucasus", "elites", ", then"]]

    def test_empty_token_table(self, edges):
        for sort in (None, "left", "right"):
            lines = cnb.kwic(edges.iloc[:0], "north", sort=sort)
            assert lines.columns.tolist() == KWIC_COLUMNS and len(lines) == 0
        assert cnb.kwic(_bare(edges).iloc[:0], "north").columns.tolist() == KWIC_COLUMNS

    def test_no_hit(self, edges):
        lines = cnb.kwic(edges, "oil", sort="left")
        assert lines.columns.tolist() == KWIC_COLUMNS and len(lines) == 0
        for column in ("left", "match", "right"):  # text columns even with no line
            assert lines[column].dtype == "str"
            assert lines[column].str.lower().tolist() == []


# One document, four hits of "kk"; the words to the left of each, nearest first:
#   kk@9  (row 3):  cc aa zz        kk@22 (row 7):  cc bb aa
#   kk@35 (row 11): cc aa bb        kk@48 (row 15): cc bb yy
SORT_TEXT = {"a.txt": "Zz aa cc kk. Aa bb cc kk. Bb aa cc kk. Yy bb cc kk.\n"}

# Hits at document edges: a: Xx(0) kk(1) zz(2); b: Kk(3) zz(4) aa(5) cc(6) kk(7) dd(8)
EDGE_SORT = {"a.txt": "Xx kk zz.\n", "b.txt": "Kk zz aa. Cc kk dd.\n"}


class TestKwicSort:
    @pytest.mark.parametrize(("window", "starts"), [
        # keys: "cc" for all four -> reading order
        (1, [9, 22, 35, 48]),
        # keys: "cc aa", "cc bb", "cc aa", "cc bb" -> 9, 35 (tie, reading order), 22, 48
        (2, [9, 35, 22, 48]),
        # keys: "cc aa zz", "cc bb aa", "cc aa bb", "cc bb yy" -> 35, 9, 22, 48
        (3, [35, 9, 22, 48]),
    ])
    def test_left_key_is_exactly_window_words(self, tmp_path, window, starts):
        lines = cnb.kwic(_corpus(tmp_path, SORT_TEXT), "kk", window=window, sort="left")
        assert lines["start"].tolist() == starts

    @pytest.mark.parametrize(("window", "starts"), [
        # words to the right, nearest first: kk@0 (row 0): cc aa zz; kk@13 (row 4): cc bb aa;
        # kk@26 (row 8): cc aa bb; kk@39 (row 12): cc bb yy
        (1, [0, 13, 26, 39]),
        (2, [0, 26, 13, 39]),
        (3, [26, 0, 13, 39]),
    ])
    def test_right_key_is_exactly_window_words(self, tmp_path, window, starts):
        text = {"a.txt": "Kk cc aa zz. Kk cc bb aa. Kk cc aa bb. Kk cc bb yy.\n"}
        lines = cnb.kwic(_corpus(tmp_path, text), "kk", window=window, sort="right")
        assert lines["start"].tolist() == starts

    def test_keys_stop_at_document_edges(self, tmp_path):
        tokens = cnb.tokenize(_corpus(tmp_path, EDGE_SORT))
        # left keys (window 2): row 1 "xx"; row 3 "" (b starts there; a's "zz kk" is not
        # its context); row 7 "cc aa" -> rows 3, 7, 1
        left = cnb.kwic(tokens, "kk", window=2, sort="left")
        assert list(zip(left["doc_id"], left["start"])) == [("b", 0), ("b", 13), ("a", 3)]
        # right keys: row 1 "zz" (a ends there; not "zz kk"); row 3 "zz aa"; row 7 "dd"
        # -> rows 7, 1, 3
        right = cnb.kwic(tokens, "kk", window=2, sort="right")
        assert list(zip(right["doc_id"], right["start"])) == [("b", 13), ("a", 3), ("b", 0)]

    def test_right_key_starts_after_a_phrase(self, tmp_path):
        # Aa bb cc. Aa bb dd. Aa bb bb. -> words after "aa bb": cc, dd, bb
        text = {"a.txt": "Aa bb cc. Aa bb dd. Aa bb bb.\n"}
        lines = cnb.kwic(_corpus(tmp_path, text), "aa bb", window=1, sort="right")
        assert lines["right"].tolist() == ["bb", "cc", "dd"]

    def test_left_key_ends_before_a_phrase(self, tmp_path):
        # Cc aa bb. Dd aa bb. Bb aa bb. -> words before "aa bb": cc, dd, bb
        text = {"a.txt": "Cc aa bb. Dd aa bb. Bb aa bb.\n"}
        lines = cnb.kwic(_corpus(tmp_path, text), "aa bb", window=1, sort="left")
        assert lines["left"].tolist() == ["Bb", "Cc", "Dd"]

    def test_keys_compare_word_by_word(self, tmp_path):
        # Kk(0) aa-b(3) Kk(9) aa(12) zz(15): right keys (window 2) ("aa-b", "kk") and
        # ("aa", "zz"); "aa" < "aa-b", so the second hit comes first
        tokens = cnb.tokenize(_corpus(tmp_path, {"x.txt": "Kk aa-b. Kk aa zz.\n"}))
        assert cnb.kwic(tokens, "kk", window=2, sort="right")["start"].tolist() == [9, 0]

    def test_sort_on_the_tiny_corpus(self, tiny_corpus):
        right = cnb.kwic(tiny_corpus, "separatism", window=2, sort="right")
        assert right["right"].tolist() == ["", "grow. Russia", "in the"]
        left = cnb.kwic(tiny_corpus, "separatism", window=2, sort="left")
        assert left["left"].tolist() == ["", "elites feared", "Caucasus saw"]

    def test_unknown_sort(self, tiny_corpus):
        with pytest.raises(ValueError, match="sort must be None, 'left' or 'right', not 'middle'"):
            cnb.kwic(tiny_corpus, "separatism", sort="middle")
        with pytest.raises(ValueError, match="sort must be None"):
            cnb.kwic(tiny_corpus, "oil", sort="Left")      # checked even without hits


class TestConcordanceDisplay:
    def test_exact_html(self):
        lines = cnb.Concordance(pd.DataFrame({"doc_id": ["d"], "sent": [2], "left": ["a < b"],
                                              "match": ["x&y"], "right": ["c"]}))
        cell = "<td style='text-align:{};white-space:nowrap;font-family:monospace'>{}</td>"
        expected = (
            "<table class='corpusnb-kwic'><caption>1 lines</caption><thead><tr>"
            "<th>doc_id</th><th>sent</th><th style='text-align:right'>left</th>"
            "<th style='text-align:center'>match</th><th style='text-align:left'>right</th>"
            "</tr></thead><tbody><tr>"
            "<td style='white-space:nowrap'>d</td><td style='white-space:nowrap'>2</td>"
            + cell.format("right", "a &lt; b")
            + cell.format("center", "<mark><b>x&amp;y</b></mark>")
            + cell.format("left", "c") + "</tr></tbody></table>")
        assert lines._repr_html_() == expected

    def test_exact_html_of_two_lines(self):
        lines = cnb.Concordance(pd.DataFrame({"left": ["a", "b"], "match": ["x", "y"],
                                              "right": ["c", ""]}))
        cell = "<td style='text-align:{};white-space:nowrap;font-family:monospace'>{}</td>"
        rows = "".join("<tr>" + cell.format("right", left)
                       + cell.format("center", f"<mark><b>{match}</b></mark>")
                       + cell.format("left", right) + "</tr>"
                       for left, match, right in (("a", "x", "c"), ("b", "y", "")))
        assert lines._repr_html_() == (
            "<table class='corpusnb-kwic'><caption>2 lines</caption><thead><tr>"
            "<th style='text-align:right'>left</th><th style='text-align:center'>match</th>"
            "<th style='text-align:left'>right</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")

    def test_html_is_escaped_and_highlighted(self, tmp_path):
        (tmp_path / "x.txt").write_text("The <b>regime</b> & its regime.", encoding="utf-8")
        html = cnb.kwic(cnb.load_corpus(tmp_path), "regime")._repr_html_()
        assert "<b>regime</b> &amp;" not in html
        assert "&lt;b&gt;" in html and html.count("<mark>") == 2
        assert html.count("<tr>") == 3                  # the head and two lines

    def test_without_location_columns(self, tiny_corpus):
        lines = cnb.kwic(tiny_corpus, "sistema", window=2)[["left", "match", "right"]]
        html = lines._repr_html_()
        assert html.count("<mark><b>sistema</b></mark>") == 2
        assert "<th>doc_id</th>" not in html and "2 lines" in html
        assert "<th>" not in html                       # no sent column either

    def test_falls_back_to_a_table(self, tiny_corpus):
        lines = cnb.kwic(tiny_corpus, "sistema")[["doc_id", "start"]]
        assert lines._repr_html_() == pd.DataFrame(lines).to_html()
        assert "<mark>" not in lines._repr_html_()


@pytest.fixture
def edges_store(tmp_path):
    """The EDGES documents indexed in a store, each document in a part of its own."""
    folder = tmp_path / "texts"
    folder.mkdir()
    _corpus(folder, EDGES)
    store = cnb.index(folder, tmp_path / "store", chunk_chars=10, workers=1)
    assert len(store.parts) == 3
    return store


class TestOnAStore:
    """kwic and find on a token store, a part at a time (tests/test_engine.py compares
    every source with the table; these are values by hand)."""

    def test_find_rows_are_rows_of_the_whole_table(self, edges_store):
        hits = cnb.find(edges_store, ["north caucasus", "caucasus"])
        # b's last word "north" and c's first "Caucasus" are in two documents (two parts)
        assert hits[["pattern", "doc_id", "row", "start", "end"]].values.tolist() == [
            ["north caucasus", "a", 3, 15, 29], ["north caucasus", "b", 5, 0, 14],
            ["caucasus", "a", 4, 21, 29], ["caucasus", "b", 6, 6, 14],
            ["caucasus", "c", 11, 0, 8]]

    def test_find_rows_in_a_store_without_stopwords(self, edges_store):
        content = edges_store.without_stopwords()
        hits = cnb.find(content, "caucasus")
        norms = content.tokens()["norm"].astype(str).tolist()  # a plain scan of its table
        assert hits["row"].tolist() == [r for r, w in enumerate(norms) if w == "caucasus"]
        assert len(norms) < 14 and hits["row"].tolist() != [4, 6, 11]  # the rows moved

    def test_kwic_lines_cut_from_the_stored_texts(self, edges_store):
        lines = cnb.kwic(edges_store, ["north caucasus", "again"], window=1)
        assert lines[["doc_id", "left", "match", "right"]].values.tolist() == [
            ["a", "the", "North Caucasus", ""], ["b", "", "North Caucasus", "elites"],
            ["c", "Caucasus", "again", ""]]

    def test_kwic_sorted_across_parts(self, edges_store):
        lines = cnb.kwic(edges_store, "caucasus", window=1, sort="left")
        # left words: a "north", b "north", c none (a shorter context first)
        assert lines["doc_id"].tolist() == ["c", "a", "b"]

    def test_only_the_columns_searched_are_read(self, edges_store, monkeypatch):
        read, real = [], cnb.Store.part
        monkeypatch.setattr(cnb.Store, "part", lambda self, name, columns=None:
                            read.append(columns) or real(self, name, columns))
        cnb.kwic(edges_store, "north", sort="right")
        cnb.find(edges_store, "north")
        columns = ["doc_id", "section", "sent", "i", "start", "end", "norm"]
        assert len(read) == 6 and all(c == columns for c in read)  # no token, lemma, is_stop

    def test_options_are_checked_before_the_store_is_read(self, edges_store, monkeypatch):
        def unread(*args, **kwargs):
            raise AssertionError("the store was read")

        monkeypatch.setattr(cnb.Store, "part", unread)
        for call, message in [(lambda: cnb.kwic(edges_store, "  "), "empty search pattern"),
                              (lambda: cnb.kwic(edges_store, "x", sort="up"), "sort must be"),
                              (lambda: cnb.kwic(edges_store, "x", window=-1), "window must"),
                              (lambda: cnb.find(edges_store, ["x", "a("], regex=True),
                               "invalid regular expression")]:
            with pytest.raises(ValueError, match=message):
                call()


def test_a_pattern_without_hits_leaves_doc_id_a_text_column(edges):
    assert cnb.kwic(edges, ["elites", "oil"])["doc_id"].dtype == \
        cnb.kwic(edges, "elites")["doc_id"].dtype == "str"


def test_the_search_modules_know_no_store_dask_or_chunked():
    import ast
    from pathlib import Path

    import corpusnb

    root = Path(corpusnb.__file__).parent
    for name in ("analyses/concordance.py", "analyses/search.py", "analyses/_lines.py",
                 "tokens/patterns.py", "tokens/_matching.py"):
        tree = ast.parse((root / name).read_text(encoding="utf-8"))
        imported = [node.module or "" for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom)] + \
            [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
             for alias in node.names]
        assert not [m for m in imported if m.startswith(("corpusnb.store", "dask",
                                                         "distributed",
                                                         "corpusnb.engine.chunked",
                                                         "corpusnb.engine.sources"))], name


def test_a_table_sent_to_dask_brings_its_texts(edges):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster, \
            distributed.Client(cluster):
        lines = cnb.kwic(edges, "north caucasus", window=2, engine="dask")
    # the worker does not know the table's corpus: the texts come with the part (without
    # them the context would be tokens joined by spaces, "elites then")
    assert lines[["left", "match", "right"]].values.tolist() == [
        ["and the", "North Caucasus", ""], ["", "North Caucasus", "elites, then"]]
    pd.testing.assert_frame_equal(lines, cnb.kwic(edges, "north caucasus", window=2))
