"""Analyses of a token store, a part at a time (and on a Dask cluster), give exactly what
the same analyses give on the whole token table in memory."""
from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import corpusnb as cnb
from corpusnb.analyses import _pairs
from corpusnb.engine import sources

OWN = Path(__file__).parent / "fixtures" / "own_corpus"
pytestmark = pytest.mark.filterwarnings("ignore::corpusnb.CorpusWarning")


@pytest.fixture(scope="module")
def own(tmp_path_factory):
    """The mixed corpus in a store of several parts, and its table in memory."""
    store = cnb.index(OWN, tmp_path_factory.mktemp("own") / "store", chunk_chars=6_000,
                      workers=1)
    assert len(store.parts) >= 4
    corpus = cnb.load_corpus(OWN)
    # held for the module: a table finds its corpus (for by="party") among the last 16
    # remembered, and the engine remembers every store view it reads a part of
    _HELD.append(corpus)
    return store, cnb.tokenize(corpus)


_HELD: list = []


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A corpus of 60 documents of random words (a Zipf-like vocabulary of 400 types,
    hyphenated and Cyrillic words among them) in parts of a few documents each."""
    rng = random.Random(11)
    vocabulary = [f"w{k}" for k in range(380)] + [f"multi-{k}" for k in range(10)] + \
        [f"слово{k}" for k in range(10)]
    weights = [1 / (k + 1) for k in range(len(vocabulary))]
    folder = tmp_path_factory.mktemp("generated") / "texts"
    folder.mkdir()
    for d in range(60):
        sentences = [" ".join(rng.choices(vocabulary, weights, k=rng.randint(1, 20))) + "."
                     for _ in range(rng.randint(0, 30))]
        (folder / f"g{d:02d}.txt").write_text(f"Heading {d}\n\n" + " ".join(sentences),
                                              encoding="utf-8")
    store = cnb.index(folder, folder.parent / "store", chunk_chars=2_500, workers=1)
    assert len(store.parts) >= 10
    return store, cnb.tokenize(cnb.load_corpus(folder))


def _views(pair, stop):
    store, tokens = pair
    return (store, tokens) if stop else (store.without_stopwords(), tokens[~tokens.is_stop])


@pytest.mark.parametrize("by", [None, "doc_id", "section", "party", "year"])
@pytest.mark.parametrize("term", ["norm", "lemma"])
@pytest.mark.parametrize("stop", [False, True])
def test_frequencies(own, by, term, stop):
    store, tokens = own
    pd.testing.assert_frame_equal(cnb.frequencies(store, by=by, term=term, stop=stop,
                                                  min_count=2),
                                  cnb.frequencies(tokens, by=by, term=term, stop=stop,
                                                  min_count=2))


@pytest.mark.parametrize("by", [None, "doc_id", "section"])
def test_frequencies_generated(generated, by):
    store, tokens = generated
    pd.testing.assert_frame_equal(cnb.frequencies(store, by=by, stop=True),
                                  cnb.frequencies(tokens, by=by, stop=True))


@pytest.mark.parametrize("target, reference", [
    ("sp01", None), (["sp02", "sp03"], ["sp04", "doklad_ru"]),
    ({"party": "Civic Union"}, None)])
def test_keyness(own, target, reference):
    store, tokens = own
    pd.testing.assert_frame_equal(cnb.keyness(store, target, reference, min_count=2),
                                  cnb.keyness(tokens, target, reference, min_count=2))


@pytest.mark.parametrize("sort", [None, "left", "right"])
@pytest.mark.parametrize("pattern", [["separat*", "the *"], "zzzz", '"eurasian economic union"'])
def test_kwic(own, sort, pattern):
    store, tokens = own
    pd.testing.assert_frame_equal(cnb.kwic(store, pattern, window=4, sort=sort),
                                  cnb.kwic(tokens, pattern, window=4, sort=sort))


@pytest.mark.parametrize("n", [2, 3])
@pytest.mark.parametrize("stop", [False, True])
def test_collocations(own, generated, n, stop):
    for pair in (own, generated):
        store, tokens = _views(pair, stop)
        pd.testing.assert_frame_equal(cnb.collocations(store, n=n, min_count=2),
                                      cnb.collocations(tokens, n=n, min_count=2))


@pytest.mark.parametrize("context", ["window", "sentence", "document"])
@pytest.mark.parametrize("measure", ["count", "pmi", "g2"])
def test_cooccurrence(own, generated, context, measure):
    for pair in (own, generated):
        store, tokens = _views(pair, stop=False)
        pd.testing.assert_frame_equal(
            cnb.cooccurrence(store, context=context, measure=measure, window=3),
            cnb.cooccurrence(tokens, context=context, measure=measure, window=3))


def test_cooccurrence_of_chosen_terms(own):
    store, tokens = own
    terms = ["separat*", "autonom*", "kaldri*", "union"]
    for context in ("window", "sentence"):
        pd.testing.assert_frame_equal(
            cnb.cooccurrence(store, context=context, terms=terms, min_count=1),
            cnb.cooccurrence(tokens, context=context, terms=terms, min_count=1))


def test_counts_by_hand_across_parts(tmp_path):
    # one document a part: "x y x" and "y x z w"; window 1 pairs x-y twice in the first,
    # y-x, x-z and z-w once each in the second; x is first seen in part 1, z in part 2
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text("x y x\n", encoding="utf-8")
    (folder / "b.txt").write_text("y x z w\n", encoding="utf-8")
    store = cnb.index(folder, tmp_path / "store", chunk_chars=1, workers=1)
    assert len(store.parts) == 2
    pairs = cnb.cooccurrence(store, window=1, min_count=1)
    assert pairs[["term1", "term2", "count"]].values.tolist() == [
        ["x", "y", 3], ["w", "z", 1], ["x", "z", 1]]
    frequencies = cnb.frequencies(store, stop=True)
    assert frequencies[["term", "count", "docs"]].values.tolist() == [
        ["x", 3, 2], ["y", 2, 2], ["w", 1, 1], ["z", 1, 1]]
    grams = cnb.collocations(store, min_count=1, measure="count")  # bigrams within parts
    assert grams[["term1", "term2", "count"]].values.tolist() == [
        ["y", "x", 2], ["x", "y", 1], ["x", "z", 1], ["z", "w", 1]]


def test_vocabulary_numbers_terms_as_first_seen_and_ranks_them():
    vocabulary = _pairs.Vocabulary()
    assert vocabulary.codes(["b", "d"]).tolist() == [0, 1]
    assert vocabulary.codes(["a", "b", "c"]).tolist() == [2, 0, 3]
    terms, rank = vocabulary.alphabetical()
    assert terms.tolist() == ["a", "b", "c", "d"] and rank.tolist() == [1, 3, 0, 2]


@pytest.mark.parametrize("by", [None, "doc_id", "section", "party"])
def test_theme_frequencies(own, by):
    store, tokens = own
    pd.testing.assert_frame_equal(cnb.theme_frequencies(store, by=by),
                                  cnb.theme_frequencies(tokens, by=by))


@pytest.mark.parametrize("stop", [True, False])
def test_theme_family_on_several_parts_with_and_without_stopwords(own, stop):
    # without stopwords a part's rows start after fewer rows: hits' rows and first
    # occurrences are numbered in the table as read
    store, tokens = _views(own, stop)
    themes = {"oil": ["oil", "gas*"], "state": ["state*", "govern*", "north caucasus"]}
    for call in (lambda d: cnb.theme_hits(d, themes, window=4),
                 lambda d: cnb.theme_words(d, themes, by="party"),
                 lambda d: cnb.theme_cooccurrence(d, themes, context="document"),
                 lambda d: cnb.dispersion(d, ["oil", "the"]),
                 lambda d: cnb.dispersion_stats(d, ["oil", "the"], parts=4),
                 lambda d: cnb.trends(d, themes)):
        pd.testing.assert_frame_equal(call(store), call(tokens))


def test_an_unknown_engine(own):
    with pytest.raises(ValueError, match="engine must be None, 'local' or 'dask'"):
        cnb.frequencies(own[0], engine="spark")


def test_dask_without_a_client(own):
    pytest.importorskip("distributed")
    with pytest.raises(ValueError, match="start one first"):
        cnb.frequencies(own[0], engine="dask")


def test_on_a_local_dask_cluster_of_two_workers(own):
    distributed = pytest.importorskip("distributed")
    store, tokens = own
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        pd.testing.assert_frame_equal(cnb.frequencies(store, by="party", engine="dask"),
                                      cnb.frequencies(tokens, by="party"))
        pd.testing.assert_frame_equal(cnb.keyness(store, "sp01", engine="dask"),
                                      cnb.keyness(tokens, "sp01"))
        pd.testing.assert_frame_equal(cnb.kwic(store, "separat*", sort="left", engine="dask"),
                                      cnb.kwic(tokens, "separat*", sort="left"))
        pd.testing.assert_frame_equal(
            cnb.collocations(store.without_stopwords(), engine="dask"),
            cnb.collocations(tokens[~tokens.is_stop]))
        pd.testing.assert_frame_equal(
            cnb.cooccurrence(store.without_stopwords(), measure="g2", engine="dask"),
            cnb.cooccurrence(tokens[~tokens.is_stop], measure="g2"))
        pd.testing.assert_frame_equal(
            cnb.theme_frequencies(store, by="year", engine="dask"),
            cnb.theme_frequencies(tokens, by="year"))
        # the parts were read on the workers: each worker opened the store
        opened = client.run(lambda: sorted(str(p) for p, _ in sources._OPENED))
        assert sum(str(store.path) in paths for paths in opened.values()) >= 1


def test_spilled_pair_counts_add_up_across_parts_before_min_count():
    # key 5 is counted 1 + 1 (two parts): kept at min_count 2; key 64 + 5 = 69 falls in
    # the same file (key modulo 64) and is counted once: dropped; key 7 three times at once
    with _pairs.Spilled() as pairs:
        pairs.add(np.array([5, 69, 7]), np.array([1, 1, 3]))
        pairs.add(np.array([5]), np.array([1]))
        keys, counts = pairs.result(2)
    order = np.argsort(keys)
    assert keys[order].tolist() == [5, 7] and counts[order].tolist() == [2, 3]


def test_the_vocabulary_numbers_terms_in_order_of_first_sight():
    vocabulary = _pairs.Vocabulary()
    assert vocabulary.codes(["b", "a"]).tolist() == [0, 1]
    assert vocabulary.codes(["c", "a", "é"]).tolist() == [2, 1, 3]
    assert vocabulary.codes([]).tolist() == []
    assert vocabulary.codes(["é", "b"]).tolist() == [3, 0]
    terms, rank = vocabulary.alphabetical()
    assert terms.tolist() == ["a", "b", "c", "é"] and rank.tolist() == [1, 0, 2, 3]
