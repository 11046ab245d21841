"""Every public analysis gives the same result from a token table, from a token store
read a part at a time, and from the same store with ``engine="dask"``: the same rows,
order, values and dtypes.

``CASES`` lists every public analysis (a public function of ``corpusnb.analyses`` whose
first parameter is a token table) with the calls it is tested with: an analysis
missing from it fails :func:`test_every_public_analysis_is_in_the_cases`. Two corpora:
the seeds (each document its own part) and the invented speeches (eight documents
with years and speakers, a few documents a part).
"""
from __future__ import annotations

import inspect
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import corpusnb as cnb

sys.path.insert(0, str(Path(__file__).parent))
from speeches import write_speeches  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::corpusnb.CorpusWarning")

# name of the public analysis -> {case id: call(data, **engine) -> result}
CASES: dict[str, dict] = {}


def case(name: str, label: str):
    """Register ``call(data, **engine)`` as a case of the public analysis ``name``."""
    def register(call):
        CASES.setdefault(name, {})[label] = call
        return call
    return register


# ------------------------------------------------------------ frequency family
# (frequencies, tfidf, zipf, keyness, lexical_stats, docvar)

# ------------------------------------------------------------ concordance family
# (kwic, find)

# ------------------------------------------------------------ co-occurrence family
# (collocations, cooccurrence, cooccurrence_matrix)

for _n in (2, 3):
    for _measure in ("llr", "pmi", "t", "logdice", "count"):
        case("collocations", f"n{_n}-{_measure}")(
            lambda data, n=_n, measure=_measure, **engine: cnb.collocations(
                data, n=n, measure=measure, min_count=1, **engine))


@case("collocations", "default")
def _(data, **engine):
    return cnb.collocations(data, **engine)


@case("collocations", "lemma-min2")
def _(data, **engine):
    return cnb.collocations(data, n=3, term="lemma", min_count=2, **engine)


@case("collocations", "token-none-left")
def _(data, **engine):
    return cnb.collocations(data, term="token", min_count=10_000, **engine)


for _context in ("window", "sentence", "document"):
    for _measure in ("count", "pmi", "npmi", "logdice", "g2"):
        case("cooccurrence", f"{_context}-{_measure}")(
            lambda data, context=_context, measure=_measure, **engine: cnb.cooccurrence(
                data, context=context, measure=measure, min_count=1, **engine))


@case("cooccurrence", "default")
def _(data, **engine):
    return cnb.cooccurrence(data, **engine)


@case("cooccurrence", "window1-min3-lemma")
def _(data, **engine):
    return cnb.cooccurrence(data, window=1, min_count=3, term="lemma", **engine)


@case("cooccurrence", "window12-token")
def _(data, **engine):
    return cnb.cooccurrence(data, window=12, term="token", measure="npmi", **engine)


@case("cooccurrence", "terms-window")
def _(data, **engine):
    return cnb.cooccurrence(data, terms=["the", "econom*", "r*", "of"], min_count=1,
                            measure="g2", **engine)


@case("cooccurrence", "terms-sentence")
def _(data, **engine):
    return cnb.cooccurrence(data, context="sentence", terms=["the", "econom*", "r*"],
                            min_count=1, **engine)


@case("cooccurrence", "terms-document-none-found")
def _(data, **engine):
    return cnb.cooccurrence(data, context="document", terms=["zzzz*"], **engine)


@case("cooccurrence", "none-left")
def _(data, **engine):
    return cnb.cooccurrence(data, min_count=10_000, measure="pmi", **engine)


def _content(data):
    """The rows of words that are not stopwords, of a table or a store."""
    return data.without_stopwords() if isinstance(data, cnb.Store) else data[~data.is_stop]


@case("collocations", "without-stopwords")
def _(data, **engine):
    return cnb.collocations(_content(data), min_count=2, **engine)


@case("cooccurrence", "without-stopwords")
def _(data, **engine):
    return cnb.cooccurrence(_content(data), window=3, measure="logdice", **engine)


@case("cooccurrence_matrix", "window-count")
def _(data, **engine):
    return cnb.cooccurrence_matrix(data, terms=["the", "of", "and", "r*"], **engine)


@case("cooccurrence_matrix", "sentence-npmi")
def _(data, **engine):
    return cnb.cooccurrence_matrix(data, context="sentence", measure="npmi", min_count=3,
                                   terms=["the", "of", "econom*", "a*"], **engine)


@case("cooccurrence_matrix", "document-g2-every-term")
def _(data, **engine):
    return cnb.cooccurrence_matrix(data, context="document", measure="g2", min_count=3,
                                   **engine)


@case("cooccurrence_matrix", "empty")
def _(data, **engine):
    return cnb.cooccurrence_matrix(data, terms=["zzzz"], **engine)

# ------------------------------------------------------------ themes family
# (theme_frequencies, theme_hits, theme_cooccurrence, theme_words, dispersion,
#  dispersion_stats, trends)

# ------------------------------------------------------------ end of the cases


def public_analyses() -> set[str]:
    """The public functions of corpusnb.analyses that take a token table first."""
    found = set()
    for name in cnb.__all__:
        value = getattr(cnb, name)
        if not inspect.isfunction(value):
            continue
        if not value.__module__.startswith("corpusnb.analyses"):
            continue
        first = next(iter(inspect.signature(value).parameters), None)
        if first in ("tokens", "tokens_or_corpus"):
            found.add(name)
    return found


def test_every_public_analysis_is_in_the_cases():
    assert public_analyses() == set(CASES)


def test_the_public_analyses_found_include_todays_list():
    assert {"frequencies", "tfidf", "zipf", "keyness", "lexical_stats", "docvar", "kwic",
            "find", "collocations", "cooccurrence", "cooccurrence_matrix",
            "theme_frequencies", "theme_hits", "theme_cooccurrence", "dispersion",
            "dispersion_stats", "trends"} <= public_analyses()


# ------------------------------------------------------------ the sources

@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    """The seeds' table, and their store with each document in a part of its own."""
    store = cnb.index(cnb.seed_path(), tmp_path_factory.mktemp("seeds") / "store",
                      chunk_chars=3_000, workers=1)
    assert len(store.parts) == 3
    return cnb.tokenize(cnb.load_corpus()), store


@pytest.fixture(scope="module")
def speeches(tmp_path_factory):
    """The invented speeches' table, and their store of several parts."""
    folder = tmp_path_factory.mktemp("speeches") / "texts"
    write_speeches(folder)
    store = cnb.index(folder, folder.parent / "store", chunk_chars=1_500, workers=1)
    assert len(store.parts) >= 3
    return cnb.tokenize(cnb.load_corpus(folder)), store


@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        yield client


def assert_same(got, expected) -> None:
    """The same result: frames and series with their dtypes, index and order."""
    assert type(got) is type(expected)
    if isinstance(expected, pd.DataFrame):
        pd.testing.assert_frame_equal(got, expected)
    elif isinstance(expected, pd.Series):
        pd.testing.assert_series_equal(got, expected)
    elif isinstance(expected, np.ndarray):
        np.testing.assert_array_equal(got, expected)
    else:
        assert got == expected


CALLS = [(name, label) for name in sorted(CASES) for label in CASES[name]]


@pytest.mark.parametrize("corpus", ["seeds", "speeches"])
@pytest.mark.parametrize("name, label", CALLS)
def test_a_store_gives_what_the_table_gives(name, label, corpus, request):
    tokens, store = request.getfixturevalue(corpus)
    call = CASES[name][label]
    assert_same(call(store), call(tokens))


@pytest.mark.parametrize("corpus", ["seeds", "speeches"])
@pytest.mark.parametrize("name, label", CALLS)
def test_dask_gives_what_the_table_gives(name, label, corpus, request, dask_client):
    tokens, store = request.getfixturevalue(corpus)
    call = CASES[name][label]
    assert_same(call(store, engine="dask"), call(tokens))
