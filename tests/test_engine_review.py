"""Breaks of issue 22's promise found in review: the same table from a token table and
from a token store (read a part at a time), on small corpora written here.

Each test builds its corpus in ``tmp_path``, indexes it with one document a part
(``chunk_chars=1``) and compares the store's result with the table's. They fail
until the library is fixed.
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

def test_frequencies_by_sent_gives_on_a_store_what_the_table_gives(tmp_path):
    """by="sent" (a token column) groups the table by sentence number; the store says
    "no metadata field 'sent'"."""
    tokens, store = _corpus(tmp_path)
    expected = cnb.frequencies(tokens, by="sent")
    # the table's result, by hand: sentence 0 of d1, d2, d3 and sentences 1, 2 of d1
    assert expected[expected.sent == 0].set_index("term")["count"].to_dict()["peace"] == 3
    assert expected[expected.sent == 1].set_index("term")["count"].to_dict() == {"war": 1, "later": 1}
    got = _outcome(lambda d: cnb.frequencies(d, by="sent"), store)
    assert not isinstance(got, tuple), f"the store raised {got}"
    pd.testing.assert_frame_equal(got, expected)


def test_lexical_stats_by_sent_gives_on_a_store_what_the_table_gives(tmp_path):
    tokens, store = _corpus(tmp_path)
    expected = cnb.lexical_stats(tokens, by="sent", window=3)
    assert expected["sent"].tolist() == [0, 1, 2]
    got = _outcome(lambda d: cnb.lexical_stats(d, by="sent", window=3), store)
    assert not isinstance(got, tuple), f"the store raised {got}"
    pd.testing.assert_frame_equal(got, expected)


def test_frequencies_by_i_gives_on_a_store_what_the_table_gives(tmp_path):
    tokens, store = _corpus(tmp_path)
    expected = cnb.frequencies(tokens, by="i")
    assert sorted(expected["i"].unique().tolist()) == [0, 2, 3, 4, 5]
    got = _outcome(lambda d: cnb.frequencies(d, by="i"), store)
    assert not isinstance(got, tuple), f"the store raised {got}"
    pd.testing.assert_frame_equal(got, expected)


def test_a_metadata_field_named_sent_is_read_the_same_way(tmp_path):
    """A catalog field named like a token column ("sent"): the table groups by the token
    column, the store (which reads only doc_id/norm/is_stop) by the metadata field."""
    docs = [dict(d, sent=s) for d, s in zip(DOCS, ["x", "y", "x"])]
    tokens, store = _corpus(tmp_path, docs)
    expected = cnb.frequencies(tokens, by="sent")
    assert set(expected["sent"]) == {0, 1, 2}  # the table: sentence numbers
    got = _outcome(lambda d: cnb.frequencies(d, by="sent"), store)
    assert not isinstance(got, tuple), f"the store raised {got}"
    pd.testing.assert_frame_equal(got, expected)


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


def test_dask_frequencies_by_sent_gives_what_the_table_gives(tmp_path, dask_client):
    tokens, store = _corpus(tmp_path)
    expected = cnb.frequencies(tokens, by="sent")
    assert expected.shape == (6, 5)
    got = _outcome(lambda d: cnb.frequencies(d, by="sent", engine="dask"), store)
    assert not isinstance(got, tuple), f"the store raised {got}"
    pd.testing.assert_frame_equal(got, expected)
