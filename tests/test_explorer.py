"""The explorer's model against the library's public functions, on the seeds and on a
corpus with metadata (own_corpus: party, speaker, year); and the widgets over it."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import corpusnb as cnb
from corpusnb.apps.explorer import Explorer

OWN = Path(__file__).parent / "fixtures" / "own_corpus"
SEED_PATTERNS = ["separatis*", "north caucasus", "sistema", "multi-vector*", "the",
                 '"vertical of power"', "eu", "putin*", "nosuchword", "*ism"]
OWN_PATTERNS = ["kaldri*", "assembly", "multi-vector*", "the", "eu", "autonomy statute"]


@pytest.fixture(scope="module")
def seeds():
    tokens = cnb.tokenize(cnb.load_corpus())
    return tokens, Explorer(tokens)


@pytest.fixture(scope="module")
def own():
    with pytest.warns(cnb.CorpusWarning, match="README.md, make_documents.py"):
        corpus = cnb.load_corpus(OWN)
    tokens = cnb.tokenize(corpus)
    return tokens, Explorer(tokens)


def _both(request, name):
    return request.getfixturevalue(name)


CASES = [("seeds", p) for p in SEED_PATTERNS] + [("own", p) for p in OWN_PATTERNS]


@pytest.mark.parametrize("corpus,pattern", CASES)
class TestAgainstTheLibrary:
    def test_hits_are_find(self, request, corpus, pattern):
        tokens, ex = _both(request, corpus)
        pd.testing.assert_frame_equal(ex.find(pattern), cnb.find(tokens, pattern))
        ex.set_pattern(pattern)
        found = cnb.find(tokens, pattern)
        assert ex.hits["row"].tolist() == found["row"].tolist()
        assert ex.hits[["start", "end"]].values.tolist() == found[["start", "end"]].values.tolist()

    @pytest.mark.parametrize("sort", [None, "left", "right"])
    def test_kwic_is_kwic(self, request, corpus, pattern, sort):
        tokens, ex = _both(request, corpus)
        ex.set_pattern(pattern)
        mine = ex.kwic(window=5, sort=sort)
        theirs = cnb.kwic(tokens, pattern, window=5, sort=sort)
        pd.testing.assert_frame_equal(pd.DataFrame(mine), pd.DataFrame(theirs))

    def test_a_page_is_a_slice(self, request, corpus, pattern):
        tokens, ex = _both(request, corpus)
        ex.set_pattern(pattern)
        theirs = cnb.kwic(tokens, pattern, sort="right")
        page = ex.kwic(sort="right", page=1, page_size=7)
        assert page["start"].tolist() == theirs["start"].iloc[7:14].tolist()

    def test_dispersion_is_dispersion(self, request, corpus, pattern):
        tokens, ex = _both(request, corpus)
        ex.set_pattern(pattern)
        theirs = cnb.dispersion(tokens, pattern)
        mine = ex.dispersion()
        assert mine["doc_id"].astype(str).tolist() == theirs["doc_id"].astype(str).tolist()
        assert mine["i"].tolist() == theirs["i"].tolist()
        np.testing.assert_allclose(mine["position"], theirs["position"].astype(float))


@pytest.mark.parametrize("corpus,pattern,by", [
    ("seeds", "separatis*", "doc_id"), ("seeds", "separatis*", "section"),
    ("seeds", "north caucasus", "year"), ("seeds", "the", "section"),
    ("own", "kaldri*", "party"), ("own", "kaldri*", "speaker"), ("own", "eu", "year"),
    ("own", "autonomy statute", "doc_id"), ("own", "the", "section")])
def test_counts_are_theme_frequencies(request, corpus, pattern, by):
    tokens, ex = _both(request, corpus)
    ex.set_pattern(pattern)
    mine = ex.counts(by)
    theirs = cnb.theme_frequencies(tokens, {pattern: [pattern]}, by=by)
    groups = [c for c in theirs.columns if c not in ("theme", "label", "count", "per_10k",
                                                     "terms")]
    assert mine[groups].astype(str).values.tolist() == theirs[groups].astype(str).values.tolist()
    assert mine["count"].tolist() == theirs["count"].tolist()
    np.testing.assert_allclose(mine["per_10k"], theirs["per_10k"])


def test_counts_of_a_glob_add_up_its_words_frequencies(seeds):
    tokens, ex = seeds
    ex.set_pattern("separatis*")
    freq = cnb.frequencies(tokens, by="doc_id")
    words = freq[freq["term"].str.startswith("separatis")]
    expected = words.groupby("doc_id", observed=True)["count"].sum()
    mine = ex.counts("doc_id").set_index("doc_id")["count"]
    assert mine[mine > 0].to_dict() == expected[expected > 0].to_dict() == \
        {"markedonov-2012": 21, "kazakhstan-eu-2018": 2}


@pytest.mark.parametrize("corpus,word,window", [("seeds", "separatism", 5),
                                                ("seeds", "putin", 3), ("seeds", "eu", 1),
                                                ("own", "kaldria", 4), ("own", "the", 2)])
def test_collocates_of_a_word_are_its_cooccurrence_pairs(request, corpus, word, window):
    tokens, ex = _both(request, corpus)
    ex.set_pattern(word)
    mine = ex.collocates(window=window, min_count=1, hide_stopwords=False, top=None,
                         measure="count").set_index("term")
    pairs = cnb.cooccurrence(tokens, window=window, min_count=1)
    pairs = pairs[(pairs["term1"] == word) | (pairs["term2"] == word)]
    other = np.where(pairs["term1"] == word, pairs["term2"], pairs["term1"])
    theirs = pairs.assign(term=other).set_index("term")
    assert sorted(mine.index) == sorted(theirs.index)
    theirs = theirs.loc[mine.index]
    assert mine["count"].tolist() == theirs["count"].tolist()
    for measure in ("pmi", "logdice", "g2"):
        np.testing.assert_allclose(mine[measure], theirs[measure])


def test_collocates_of_a_glob_treat_its_words_as_one_node(seeds):
    tokens, ex = seeds
    ex.set_pattern("separatis*")
    mine = ex.collocates(window=4, min_count=1, hide_stopwords=False, top=None
                         ).set_index("term")
    node = tokens.copy()
    hit = node["norm"].astype(str).str.startswith("separatis")
    node["norm"] = node["norm"].astype(str).where(~hit, "<node>").astype("category")
    pairs = cnb.cooccurrence(node, window=4, min_count=1)
    pairs = pairs[(pairs["term1"] == "<node>") | (pairs["term2"] == "<node>")]
    other = np.where(pairs["term1"] == "<node>", pairs["term2"], pairs["term1"])
    theirs = pairs.assign(term=other).set_index("term").loc[mine.index]
    assert len(mine) == len(pairs) > 50
    assert mine["count"].tolist() == theirs["count"].tolist()
    np.testing.assert_allclose(mine["logdice"], theirs["logdice"])


def test_collocates_sorted_by_measure_then_count_then_term(seeds):
    _, ex = seeds
    ex.set_pattern("putin")
    table = ex.collocates(measure="pmi", min_count=2, top=None)
    keys = list(zip(-table["pmi"], -table["count"], table["term"]))
    assert keys == sorted(keys)
    assert not table["term"].isin(["the", "of", "and"]).any()  # stopwords hidden
    shown = ex.collocates(measure="pmi", min_count=2, top=None, hide_stopwords=False)
    assert shown["term"].isin(["the"]).any() and (shown["count"] >= 2).all()


@pytest.mark.parametrize("corpus,theme", [("seeds", "separatism"), ("seeds", "kleptocracy"),
                                          ("own", "separatism")])
def test_theme_lines_are_theme_hits(request, corpus, theme):
    tokens, ex = _both(request, corpus)
    theirs = cnb.theme_hits(tokens, ex.themes.loc[[theme]])
    mine = ex.theme_lines(theme)
    assert len(mine) == len(theirs) > 0
    for column in ("start", "left", "match", "right"):
        assert mine[column].tolist() == theirs[column].tolist()
    counts = ex.theme_counts(theme)
    freq = cnb.theme_frequencies(tokens, ex.themes.loc[[theme]], by="doc_id")
    assert counts["count"].tolist() == freq["count"].tolist()


class TestInvalidPatterns:
    @pytest.mark.parametrize("pattern,regex,message", [
        ("", False, "empty search pattern ''"), ('  "" ', False, "empty search pattern"),
        ("separat(", True, "invalid regular expression 'separat('")])
    def test_message_and_previous_pattern_kept(self, seeds, pattern, regex, message):
        _, ex = seeds
        ex.set_pattern("sistema")
        with pytest.raises(ValueError, match=message.replace("(", r"\(")):
            ex.set_pattern(pattern, regex=regex)
        assert ex.pattern == "sistema" and len(ex.rows) == len(cnb.find(ex.tokens, "sistema"))

    def test_regex(self, seeds):
        tokens, ex = seeds
        assert ex.set_pattern("separatis(m|t)", regex=True) == \
            len(cnb.find(tokens, "separatis(m|t)", regex=True)) > 0


def test_fields_of_a_corpus_with_metadata(own):
    _, ex = own
    assert {"doc_id", "section", "party", "speaker", "year"} <= set(ex.fields)
    assert "n_chars" not in ex.fields


def test_save_writes_every_table_and_never_overwrites(seeds, tmp_path):
    tokens, ex = seeds
    ex.set_pattern("separatis*")
    paths = ex.save(tmp_path, by="section")
    assert sorted(p.name for p in paths) == ["separatis-collocates.csv", "separatis-counts.csv",
                                             "separatis-dispersion.csv", "separatis-kwic.csv"]
    kwic = pd.read_csv(tmp_path / "separatis-kwic.csv")
    assert kwic["start"].tolist() == cnb.kwic(tokens, "separatis*")["start"].tolist()
    before = (tmp_path / "separatis-counts.csv").read_text()
    ex.set_pattern("separatis*")
    with pytest.raises(cnb.CorpusError, match="exists"):
        ex.save(tmp_path)
    assert (tmp_path / "separatis-counts.csv").read_text() == before


def test_index_memory_is_stated(seeds):
    tokens, ex = seeds
    assert len(tokens) * 4 <= ex.index_bytes <= len(tokens) * 16 + len(ex.vocab) * 40


class TestWidgets:
    """The view shows what the model computes, and the model is the library (above)."""

    @pytest.fixture
    def app(self, own):
        return cnb.explore(own[0])

    def test_first_pattern_is_the_commonest_content_word(self, app):
        freq = cnb.frequencies(app.model.tokens)  # stopwords left out
        assert app.box.value == app.model.pattern == freq["term"].iloc[0]

    def test_typing_a_pattern_updates_every_pane(self, app):
        tokens = app.model.tokens
        app.box.value = "kaldri*"
        lines = cnb.kwic(tokens, "kaldri*", window=8)
        shown = [r for r in app.rows if r.layout.display != "none"]
        assert len(shown) == min(20, len(lines))
        assert app.line_buttons[0].description == f"{lines['doc_id'][0]} · {lines['start'][0]}"
        assert f"<b class='cnb-total'>{len(lines)}</b>" in app.summary.value
        app.by.value = "party"
        counts = cnb.theme_frequencies(tokens, {"k": ["kaldri*"]}, by="party")
        for row in counts.itertuples():
            assert f"<td>{row.party}</td><td class='num'>{row.count:,}</td>" in \
                app.counts_html.value
        top = app.model.collocates(window=5, measure="logdice", min_count=2)
        assert f"<td>{top['term'][0]}</td>" in app.collocates_html.value
        assert app.dispersion_html.value.count("<line") == len(cnb.dispersion(tokens, "kaldri*"))

    def test_paging_and_sorting(self, app):
        app.box.value = "the"
        lines = cnb.kwic(app.model.tokens, "the", window=8, sort="right")
        app.sort.value = "right context"
        app.next.click()
        assert app.page == 1
        assert [b.description for b in app.line_buttons] == [
            f"{d} · {s}" for d, s in zip(lines["doc_id"][20:40], lines["start"][20:40])]
        assert "lines 21–40 of" in app.page_label.value

    def test_passage_of_a_line(self, app):
        app.box.value = "kaldria"
        app.show_passage(0)
        line = cnb.kwic(app.model.tokens, "kaldria").iloc[0]
        assert f"characters {line['start']:,}–{line['end']:,}" in app.passage.value
        assert f"<mark><b>{line['match']}</b></mark>" in app.passage.value

    def test_invalid_pattern_shows_the_message(self, app):
        app.box.value = "kaldria"
        app.box.value = ""
        assert "empty search pattern" in app.message.value and app.model.pattern == "kaldria"
        app.regex.value = True
        app.box.value = "kald(ria"
        assert "invalid regular expression" in app.message.value
        app.regex.value = False
        app.box.value = "kaldria"
        assert app.message.value == ""

    def test_theme_picker(self, app):
        app.theme.value = "separatism"
        hits = cnb.theme_hits(app.model.tokens, app.model.themes.loc[["separatism"]])
        assert f"<b class='cnb-theme-total'>{len(hits):,}</b> mentions" in app.theme_html.value

    def test_save_button(self, app, tmp_path):
        app.box.value = "kaldria"
        app.folder.value = str(tmp_path)
        app.save_button.click()
        assert "Saved 5 tables" in app.message.value
        assert (tmp_path / "kaldria-theme.csv").exists()
        app.save_button.click()
        assert "exists" in app.message.value


@pytest.mark.parametrize("corpus,pattern,window", [
    ("seeds", "the", 5), ("seeds", "separatis*", 3), ("seeds", "north caucasus", 4),
    ("own", "kaldri*", 2), ("own", "the", 6), ("own", '"autonomy statute"', 1)])
def test_collocate_counts_dense_equal_sparse(request, corpus, pattern, window):
    """Both ways of counting a node's neighbours (difference array for many hits,
    visiting windows for few) give the same counts."""
    _, ex = _both(request, corpus)
    ex.set_pattern(pattern)
    dense, sparse = ex._near_counts(window, dense=True), ex._near_counts(window, dense=False)
    assert dense.sum() > 0 and dense.tolist() == sparse.tolist()


def test_positions_are_dispersion_positions(seeds):
    tokens, ex = seeds
    ex.set_pattern("putin*")
    np.testing.assert_allclose(ex.positions(), cnb.dispersion(tokens, "putin*")["position"])


def test_a_token_store_is_read_whole(seeds, tmp_path):
    tokens, ex = seeds
    store = cnb.index(cnb.load_corpus(), store=tmp_path / "store", workers=1)
    from_store = Explorer(store)
    ex.set_pattern("separatis*")
    assert from_store.set_pattern("separatis*") == len(ex.rows)
    assert from_store.counts("doc_id")["count"].tolist() == ex.counts("doc_id")["count"].tolist()


def test_a_table_without_words(seeds):
    tokens, _ = seeds
    app = cnb.explore(tokens.iloc[:0])
    assert app.model.set_pattern("separatis*") == 0 and app.model.n_documents == 3
    assert app.page_label.value == "no lines" and "No hits" in app.dispersion_html.value
    assert app.model.collocates().empty and app.model.counts("doc_id").empty


def test_an_unknown_field_is_named(seeds):
    _, ex = seeds
    with pytest.raises(ValueError, match="no metadata field 'party'; the fields are"):
        ex.counts("party")
