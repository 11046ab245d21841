"""cnb.dfm, cnb.wordscores and cnb.wordfish against independent computations: dense
counts from a Counter, LBG (2003)'s worked example built from the paper's description,
word scores by hand, and documents simulated from the Wordfish model."""
from __future__ import annotations

import math
import sys
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

import corpusnb as cnb

sys.path.insert(0, str(Path(__file__).parent))
from speeches import write_speeches  # noqa: E402


@pytest.fixture(scope="module")
def seeds():
    return cnb.tokenize(cnb.load_corpus())


@pytest.fixture(scope="module")
def speeches(tmp_path_factory):
    folder = tmp_path_factory.mktemp("speeches") / "texts"
    write_speeches(folder)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = cnb.load_corpus(folder)
        return cnb.tokenize(corpus), corpus


def dense_counts(tokens: pd.DataFrame, term: str = "norm", stop: bool = False):
    """The documents × terms counts from Python Counters: (doc_ids, terms, array)."""
    rows = tokens if stop else tokens[~tokens["is_stop"]]
    ids = list(dict.fromkeys(tokens["doc_id"].astype(str)))
    counters = {d: Counter() for d in ids}
    for d, t in zip(rows["doc_id"].astype(str), rows[term].astype(str)):
        counters[d][t] += 1
    terms = sorted(set().union(*counters.values()))
    array = np.array([[counters[d][t] for t in terms] for d in ids], dtype=np.int64)
    return ids, terms, array


def hand_dfm(array, documents, terms) -> cnb.DFM:
    return cnb.DFM(sparse.csr_matrix(np.asarray(array, dtype=np.int64)),
                   pd.Index(documents, dtype=object, name="doc_id"),
                   pd.Index(terms, dtype=object, name="term"))


# ------------------------------------------------------------------ dfm

@pytest.mark.parametrize("stop", [False, True])
@pytest.mark.parametrize("term", ["norm", "token"])
def test_the_dfm_is_the_counters_counts(seeds, term, stop):
    ids, terms, array = dense_counts(seeds, term, stop)
    m = cnb.dfm(seeds, term=term, stop=stop)
    assert isinstance(m.matrix, sparse.csr_matrix)
    assert m.matrix.dtype == np.int64
    assert list(m.documents) == ids and m.documents.name == "doc_id"
    assert list(m.terms) == terms and m.terms.name == "term"
    np.testing.assert_array_equal(m.matrix.toarray(), array)


def test_to_frame_is_the_dense_table(seeds):
    ids, terms, array = dense_counts(seeds)
    frame = cnb.dfm(seeds).to_frame()
    expected = pd.DataFrame(array, index=pd.Index(ids, dtype=object, name="doc_id"),
                            columns=pd.Index(terms, dtype=object, name="term"))
    pd.testing.assert_frame_equal(frame, expected)


def test_the_rows_of_a_cut_table_are_in_reading_order(seeds):
    order = ["kazakhstan-eu-2018", "markedonov-2012"]
    part = pd.concat([seeds[seeds["doc_id"] == d] for d in order])
    ids, _, array = dense_counts(part)
    m = cnb.dfm(part)
    assert list(m.documents) == order == ids
    np.testing.assert_array_equal(m.matrix.toarray(), array)


@pytest.mark.parametrize("min_count, min_docs, share", [(5, 1, 1.0), (1, 2, 1.0),
                                                        (1, 1, 0.5), (3, 2, 0.7)])
def test_the_trims_keep_the_terms_the_counts_say(seeds, min_count, min_docs, share):
    ids, terms, array = dense_counts(seeds)
    docs = (array > 0).sum(axis=0)
    keep = (array.sum(axis=0) >= min_count) & (docs >= min_docs) & (docs <= share * len(ids))
    m = cnb.dfm(seeds, min_count=min_count, min_docs=min_docs, max_docs_share=share)
    assert list(m.terms) == [t for t, k in zip(terms, keep) if k]
    np.testing.assert_array_equal(m.matrix.toarray(), array[:, keep])
    assert 0 < len(m.terms) < len(terms)


def test_by_a_field_sums_the_documents_of_each_value(speeches):
    tokens, corpus = speeches
    ids, terms, array = dense_counts(tokens)
    speaker = corpus.metadata["speaker"]
    m = cnb.dfm(tokens, by="speaker")
    values = sorted({speaker[d] for d in ids if not pd.isna(speaker[d])})
    assert list(m.documents) == values and m.documents.name == "speaker"
    expected = np.array([array[[k for k, d in enumerate(ids) if speaker[d] == v]].sum(axis=0)
                         for v in values])
    kept = expected.sum(axis=0) > 0
    assert list(m.terms) == [t for t, k in zip(terms, kept) if k] or kept.all()
    np.testing.assert_array_equal(m.matrix.toarray(), expected[:, kept])
    assert len(values) < len(ids)


def test_prop_rows_sum_to_one(seeds):
    _, _, array = dense_counts(seeds)
    m = cnb.dfm(seeds, weight="prop")
    np.testing.assert_allclose(m.matrix.toarray(), array / array.sum(axis=1, keepdims=True))


def test_tfidf_is_frequency_tfidf(seeds):
    m = cnb.dfm(seeds, weight="tfidf")
    long = cnb.tfidf(seeds)
    frame = m.to_frame()
    got = [frame.at[d, t] for d, t in zip(long["doc_id"], long["term"])]
    np.testing.assert_allclose(got, long["tf_idf"].to_numpy(), rtol=1e-12)
    assert (long["tf_idf"] > 0).any()
    # and by hand for one cell: count / all rows of the document * log10(N / df)
    doc, word = "lrb-2015", "russia"
    count = int(((seeds.doc_id == doc) & (seeds.norm == word) & ~seeds.is_stop).sum())
    df = seeds[(seeds.norm == word) & ~seeds.is_stop].doc_id.nunique()
    expected = count / int((seeds.doc_id == doc).sum()) * math.log10(3 / df)
    assert frame.at[doc, word] == pytest.approx(expected)


@pytest.mark.parametrize("options, message", [
    ({"weight": "binary"}, "weight"), ({"by": "section"}, "by"), ({"min_count": 0}, "min_count"),
    ({"max_docs_share": 0}, "max_docs_share"), ({"term": "stem"}, "term"),
    ({"by": "party"}, "party")])
def test_dfm_says_what_is_wrong(seeds, options, message):
    with pytest.raises(ValueError, match=message):
        cnb.dfm(seeds, **options)


# ------------------------------------------------------------------ Wordscores

def lbg_example() -> cnb.DFM:
    """LBG (2003)'s example: 37 words; R1-R5 of 1,000 words over 17 of them, each
    shifted 5 words along; the virgin text V1 shifted 7."""
    counts = [2, 3, 10, 22, 45, 78, 115, 146, 158, 146, 115, 78, 45, 22, 10, 3, 2]
    assert sum(counts) == 1000
    rows = []
    for start in (0, 5, 10, 15, 20, 7):
        row = np.zeros(37, dtype=np.int64)
        row[start:start + 17] = counts
        rows.append(row)
    terms = [f"w{k:02d}" for k in range(37)]
    return hand_dfm(rows, ["R1", "R2", "R3", "R4", "R5", "V1"], terms)


LBG_SCORES = {"R1": -1.5, "R2": -0.75, "R3": 0.0, "R4": 0.75, "R5": 1.5}


def test_lbg_example_raw_score_and_se():
    table = cnb.wordscores(lbg_example(), LBG_SCORES)
    v1 = table.set_index("doc_id").loc["V1"]
    assert round(v1["score"], 2) == -0.45
    assert round(v1["se"], 2) == 0.01
    assert list(table["doc_id"]) == ["R1", "R2", "R3", "R4", "R5", "V1"]
    assert list(table.columns) == ["doc_id", "score", "se", "lower", "upper"]
    assert v1["lower"] == pytest.approx(v1["score"] - 1.959963985 * v1["se"])


def test_lbg_example_mv_and_lbg_rescaling():
    with pytest.warns(cnb.CorpusWarning, match="lowest and highest"):
        mv = cnb.wordscores(lbg_example(), LBG_SCORES, rescaling="mv")
    lbg = cnb.wordscores(lbg_example(), LBG_SCORES, rescaling="lbg")
    assert round(mv.set_index("doc_id").at["V1", "score"], 2) == -0.51
    assert round(lbg.set_index("doc_id").at["V1", "score"], 2) == -0.53
    # MV gives the extreme reference texts their own scores back
    assert mv.set_index("doc_id").loc[["R1", "R5"], "score"].tolist() == \
        pytest.approx([-1.5, 1.5])
    # LBG: the scores' standard deviation is the reference scores'
    assert lbg["score"].std() == pytest.approx(np.std(list(LBG_SCORES.values()), ddof=1))


def test_word_and_text_scores_by_hand():
    # R1 = a a b b (score -1); R2 = b c c c (+1); V = a b c c
    m = hand_dfm([[2, 2, 0], [0, 1, 3], [1, 1, 2]], ["R1", "R2", "V"], ["a", "b", "c"])
    table = cnb.wordscores(m, {"R1": -1, "R2": 1})
    # P(R1|b) = .5 / (.5 + .25) = 2/3, so S_b = -2/3 + 1/3
    assert table.attrs["word_scores"] == pytest.approx({"a": -1.0, "b": -1 / 3, "c": 1.0})
    scores = table.set_index("doc_id")
    assert scores["score"].tolist() == pytest.approx([-2 / 3, 2 / 3, 1 / 6])
    # se of V: sqrt(.25 (-7/6)^2 + .25 (-1/2)^2 + .5 (5/6)^2) / sqrt(4)
    assert scores.at["V", "se"] == pytest.approx(math.sqrt(0.75) / 2)
    mv = cnb.wordscores(m, {"R1": -1, "R2": 1}, rescaling="mv").set_index("doc_id")
    assert mv["score"].tolist() == pytest.approx([-1, 1, 0.25])
    assert mv.at["V", "se"] == pytest.approx(math.sqrt(0.75) / 2 * 1.5)
    smoothed = cnb.wordscores(m, {"R1": -1, "R2": 1}, smooth=1)
    # a: F(a|R1) = 3/7, F(a|R2) = 1/7 -> P(R1|a) = 3/4 -> S_a = -1/2
    assert smoothed.attrs["word_scores"]["a"] == pytest.approx(-0.5)


def test_wordscores_on_tokens_counts_through_the_dfm(seeds):
    reference = {"markedonov-2012": -1, "kazakhstan-eu-2018": 1}
    ids, terms, array = dense_counts(seeds)
    expected = cnb.wordscores(hand_dfm(array, ids, terms), reference)
    pd.testing.assert_frame_equal(cnb.wordscores(seeds, reference), expected)


def test_wordscores_says_what_is_wrong():
    m = lbg_example()
    with pytest.raises(cnb.CorpusError, match="R9"):
        cnb.wordscores(m, {"R1": -1, "R9": 1})
    with pytest.raises(ValueError, match="at least two"):
        cnb.wordscores(m, {"R1": -1})
    with pytest.raises(ValueError, match="rescaling"):
        cnb.wordscores(m, LBG_SCORES, rescaling="z")
    with pytest.raises(ValueError, match="logit"):
        cnb.wordscores(m, LBG_SCORES, scale="logit")


def test_a_text_without_scored_words_is_named():
    m = hand_dfm([[2, 2, 0], [0, 1, 3], [0, 0, 0]], ["R1", "R2", "V"], ["a", "b", "c"])
    with pytest.warns(cnb.CorpusWarning, match="V"):
        table = cnb.wordscores(m, {"R1": -1, "R2": 1})
    assert np.isnan(table["score"].iloc[2])


# ------------------------------------------------------------------ Wordfish

def simulated(seed: int = 7, n_docs: int = 60, n_words: int = 400):
    """Counts drawn from the Wordfish model with known theta."""
    rng = np.random.default_rng(seed)
    theta = rng.normal(size=n_docs)
    alpha = rng.normal(0, 0.3, size=n_docs)
    psi = rng.normal(0, 1, size=n_words)
    beta = rng.normal(0, 0.6, size=n_words)
    y = rng.poisson(np.exp(alpha[:, None] + psi[None, :] + np.outer(theta, beta) + 0.5))
    docs = [f"d{k:02d}" for k in range(n_docs)]
    return hand_dfm(y, docs, [f"w{k:03d}" for k in range(n_words)]), theta, docs


def test_wordfish_finds_the_simulated_positions():
    m, theta, docs = simulated()
    low, high = docs[int(np.argmin(theta))], docs[int(np.argmax(theta))]
    model = cnb.wordfish(m, direction=(low, high))
    estimate = model.documents["theta"].to_numpy()
    assert np.corrcoef(estimate, theta)[0, 1] >= 0.97
    assert model.converged and model.iterations < 100
    assert list(model.documents.columns) == ["doc_id", "theta", "se", "lower", "upper", "alpha"]
    assert list(model.features.columns) == ["term", "beta", "psi"]
    assert (model.documents["se"] > 0).all()
    assert estimate.mean() == pytest.approx(0, abs=1e-9)
    assert estimate.std(ddof=1) == pytest.approx(1)


def test_wordfish_direction_is_respected():
    m, theta, docs = simulated()
    low, high = docs[int(np.argmin(theta))], docs[int(np.argmax(theta))]
    up = cnb.wordfish(m, direction=(low, high)).documents.set_index("doc_id")["theta"]
    down = cnb.wordfish(m, direction=(high, low)).documents.set_index("doc_id")["theta"]
    assert up[low] < up[high] and down[high] < down[low]
    np.testing.assert_allclose(down.to_numpy(), -up.to_numpy())


def test_wordfish_se_is_the_profile_hessians():
    m, theta, docs = simulated(n_docs=20, n_words=100)
    model = cnb.wordfish(m)
    d, f = model.documents, model.features
    i = 3
    lam = np.exp(d.alpha[i] + f.psi + f.beta * d.theta[i])
    h00, h01, h11 = -lam.sum(), -(f.beta * lam).sum(), -(f.beta ** 2 * lam).sum() - 1
    assert d.se[i] == pytest.approx(math.sqrt(-h00 / (h00 * h11 - h01 ** 2)))


def test_wordfish_on_the_seeds_is_its_dfms(seeds):
    ids, terms, array = dense_counts(seeds)
    got = cnb.wordfish(seeds)
    expected = cnb.wordfish(hand_dfm(array, ids, terms))
    pd.testing.assert_frame_equal(got.documents, expected.documents)
    pd.testing.assert_frame_equal(got.features, expected.features)


def test_wordfish_leaves_out_zero_count_words_and_names_them():
    m, _, _ = simulated(n_docs=20, n_words=100)
    array = m.matrix.toarray()
    array[:, 5] = 0
    m = hand_dfm(array, list(m.documents), list(m.terms))
    with pytest.warns(cnb.CorpusWarning, match="w005"):
        model = cnb.wordfish(m)
    assert "w005" not in set(model.features["term"]) and len(model.features) == 99


def test_wordfish_refuses_documents_without_words():
    m, _, _ = simulated(n_docs=20, n_words=100)
    array = m.matrix.toarray()
    array[4] = 0
    with pytest.raises(cnb.CorpusError, match="d04"):
        cnb.wordfish(hand_dfm(array, list(m.documents), list(m.terms)))


def test_wordfish_warns_when_it_does_not_converge():
    m, _, _ = simulated(n_docs=20, n_words=100)
    with pytest.warns(cnb.CorpusWarning, match="did not converge in 2 rounds"):
        model = cnb.wordfish(m, max_iter=2)
    assert not model.converged and model.iterations == 2


@pytest.mark.parametrize("options, error", [
    ({"direction": ("d00", "nope")}, cnb.CorpusError), ({"direction": ("d00", "d00")}, ValueError),
    ({"priors": (1, 2, 3)}, ValueError), ({"dispersion": "quasipoisson"}, ValueError),
    ({"max_iter": 0}, ValueError)])
def test_wordfish_says_what_is_wrong(options, error):
    m, _, _ = simulated(n_docs=10, n_words=50)
    with pytest.raises(error):
        cnb.wordfish(m, **options)


def test_a_document_of_stopwords_only_is_a_zero_row_that_wordfish_names(seeds):
    part = pd.concat([seeds[seeds.doc_id == "lrb-2015"],
                      seeds[(seeds.doc_id == "markedonov-2012") & seeds.is_stop],
                      seeds[seeds.doc_id == "kazakhstan-eu-2018"]])
    m = cnb.dfm(part)
    assert list(m.documents) == ["lrb-2015", "markedonov-2012", "kazakhstan-eu-2018"]
    assert m.matrix[1].nnz == 0 and m.matrix[0].nnz > 0
    assert m.totals[1] == int(((seeds.doc_id == "markedonov-2012") & seeds.is_stop).sum())
    with pytest.raises(cnb.CorpusError, match="markedonov-2012"):
        cnb.wordfish(part)
    assert cnb.dfm(part, stop=True).matrix[1].nnz > 0
