"""Breaks of issue 22's promise found in review: the same table from a token table and
from a token store (read a part at a time), on small corpora written here.

Each test builds its corpus in ``tmp_path``, indexes it with one document a part
(``chunk_chars=1``) and compares the store's result with the table's. Each failed
before the fix it names.
"""
from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest

import corpusnb as cnb

pytestmark = pytest.mark.filterwarnings("ignore::corpusnb.CorpusWarning")

DOCS = [
    {"doc_id": "d1", "text": "Peace now. War later. The people.", "year": 2001, "flag": True},
    {"doc_id": "d2", "text": "War and peace and war.", "year": 2002, "flag": False},
    {"doc_id": "d3", "text": "People of peace.", "year": 2002, "flag": None},
]


def _corpus(tmp_path, docs=DOCS):
    """The table and the store (one document a part) of ``docs`` as a .jsonl corpus."""
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = cnb.load_corpus(path)
        store = cnb.index(path, tmp_path / "store", chunk_chars=1, workers=1)
    assert len(store.parts) == len(docs)
    _KEPT.append(corpus)  # a table finds its metadata through its (remembered) corpus
    return cnb.tokenize(corpus), store


_KEPT: list = []


def _outcome(call, data):
    """The result of ``call(data)``, or the type and message of its error."""
    try:
        return call(data)
    except Exception as error:  # noqa: BLE001 - the error itself is compared
        return type(error).__name__, str(error)


# -------------------------------------------- by= a token column other than doc_id/section
# A token column (sent, i, start, end) is no group: sentence 0 of every document pooled.
# The table grouped by it and a store refused it ("no metadata field 'sent'"); both now
# refuse it with the same error, as they do a metadata field named like one.

REFUSED = ("ValueError", "by must be None, 'doc_id', 'section' or a metadata field, not "
           "{!r} (a column of the token table: a metadata field of that name is to be "
           "renamed)")


@pytest.mark.parametrize("by", ["sent", "i", "start", "end"])
def test_frequencies_by_a_token_column_is_refused_by_table_and_store(tmp_path, by):
    tokens, store = _corpus(tmp_path)
    expected = (REFUSED[0], REFUSED[1].format(by))
    assert _outcome(lambda d: cnb.frequencies(d, by=by), tokens) == expected
    assert _outcome(lambda d: cnb.frequencies(d, by=by), store) == expected


def test_lexical_stats_by_sent_is_refused_by_table_and_store(tmp_path):
    tokens, store = _corpus(tmp_path)
    expected = (REFUSED[0], REFUSED[1].format("sent"))
    assert _outcome(lambda d: cnb.lexical_stats(d, by="sent", window=3), tokens) == expected
    assert _outcome(lambda d: cnb.lexical_stats(d, by="sent", window=3), store) == expected


def test_a_metadata_field_named_sent_is_refused_the_same_way(tmp_path):
    docs = [dict(d, sent=s) for d, s in zip(DOCS, ["x", "y", "x"])]
    tokens, store = _corpus(tmp_path, docs)
    expected = (REFUSED[0], REFUSED[1].format("sent"))
    assert _outcome(lambda d: cnb.frequencies(d, by="sent"), tokens) == expected
    assert _outcome(lambda d: cnb.frequencies(d, by="sent"), store) == expected


# --------------------------------------------------- a boolean field with a missing value

def test_frequencies_by_a_boolean_field_with_a_gap_keeps_the_tables_dtype(tmp_path):
    """flag = True, False, missing: the table's flag column is object, the store's bool
    (each part holds one value, so its groups come out bool)."""
    tokens, store = _corpus(tmp_path)
    expected = cnb.frequencies(tokens, by="flag")
    assert expected["flag"].dtype == object
    assert expected["flag"].tolist() == [False, False, True, True, True, True]  # d3 left out
    pd.testing.assert_frame_equal(cnb.frequencies(store, by="flag"), expected)


@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        yield client


def test_dask_frequencies_by_a_boolean_field_with_a_gap_keeps_the_tables_dtype(
        tmp_path, dask_client):
    tokens, store = _corpus(tmp_path)
    expected = cnb.frequencies(tokens, by="flag")
    assert expected["flag"].dtype == object
    pd.testing.assert_frame_equal(cnb.frequencies(store, by="flag", engine="dask"), expected)


def test_dask_frequencies_by_sent_is_refused_as_on_the_table(tmp_path, dask_client):
    tokens, store = _corpus(tmp_path)
    expected = (REFUSED[0], REFUSED[1].format("sent"))
    assert _outcome(lambda d: cnb.frequencies(d, by="sent", engine="dask"), store) == expected
