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

# ------------------------------------------------------------ themes family
# (theme_frequencies, theme_hits, theme_cooccurrence, theme_words, dispersion,
#  dispersion_stats, trends)

# ------------------------------------------------------------ notebook helpers
# (document_sizes, document_tokens)

@case("document_sizes", "word tokens")
def _(data, **engine):
    return cnb.document_sizes(data, **engine)


@case("document_sizes", "content words")
def _(data, **engine):
    return cnb.document_sizes(cnb.content_words(data), **engine)


@case("document_tokens", "the first document")
def _(data, **engine):
    return cnb.document_tokens(data, cnb.document_sizes(data).index[0], **engine)


@case("document_tokens", "the last two documents, content words")
def _(data, **engine):
    content = cnb.content_words(data)
    return cnb.document_tokens(content, list(cnb.document_sizes(data).index[-2:]), **engine)


@case("document_tokens", "none")
def _(data, **engine):
    return cnb.document_tokens(data, [], **engine)


@case("document_tokens", "an unknown document")
def _(data, **engine):
    return cnb.document_tokens(data, "no-such-document", **engine)


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
