"""One behaviour for an empty token table, the same in every analysis function.

A filter that keeps nothing (a year without documents, a party with no speeches)
hands an empty token table on. Every function that takes a token table then
returns an empty table with its usual columns, never an error and never a row of
zeros or NaN, so a notebook cell that follows still runs.
"""
import pandas as pd
import pytest

import corpusnb as cnb

PAIR_SCORES = ["count", "pmi", "npmi", "logdice", "g2"]

# function name, call, the columns the function documents (written out, not read from it)
CALLS = [
    ("frequencies", lambda t: cnb.frequencies(t),
     ["term", "count", "per_10k", "docs"]),
    ("frequencies by doc_id", lambda t: cnb.frequencies(t, by="doc_id"),
     ["term", "doc_id", "count", "per_10k", "docs"]),
    ("frequencies by year", lambda t: cnb.frequencies(t, by="year"),
     ["term", "year", "count", "per_10k", "docs"]),
    ("lexical_stats", lambda t: cnb.lexical_stats(t),
     ["doc_id", "tokens", "types", "ttr", "mattr", "hapaxes", "hapax_share"]),
    ("lexical_stats of the whole table", lambda t: cnb.lexical_stats(t, by=None),
     ["tokens", "types", "ttr", "mattr", "hapaxes", "hapax_share"]),
    ("keyness", lambda t: cnb.keyness(t, target="a"),
     ["term", "target_count", "reference_count", "target_per_10k", "reference_per_10k",
      "g2", "p", "log_ratio", "significant"]),
    ("tfidf", lambda t: cnb.tfidf(t),
     ["term", "doc_id", "count", "tf", "idf", "tf_idf"]),
    ("zipf", lambda t: cnb.zipf(t),
     ["rank", "term", "count", "proportion", "rank_times_proportion"]),
    ("collocations n=2", lambda t: cnb.collocations(t),
     ["term1", "term2", "count", "llr", "pmi", "t", "logdice"]),
    ("collocations n=3", lambda t: cnb.collocations(t, n=3),
     ["term1", "term2", "term3", "count", "llr", "pmi", "t", "logdice"]),
    ("cooccurrence in a window", lambda t: cnb.cooccurrence(t),
     ["term1", "term2", *PAIR_SCORES]),
    ("cooccurrence in sentences", lambda t: cnb.cooccurrence(t, context="sentence"),
     ["term1", "term2", *PAIR_SCORES]),
    ("cooccurrence in documents", lambda t: cnb.cooccurrence(t, context="document"),
     ["term1", "term2", *PAIR_SCORES]),
    ("cooccurrence_matrix", lambda t: cnb.cooccurrence_matrix(t, terms=["oil", "gas"]), []),
    ("find", lambda t: cnb.find(t, ["oil", "north caucasus"]),
     ["pattern", "doc_id", "section", "sent", "i", "row", "length", "start", "end", "match"]),
    ("kwic", lambda t: cnb.kwic(t, "oil", sort="left"),
     ["doc_id", "sent", "start", "end", "left", "match", "right", "pattern"]),
    ("theme_hits", lambda t: cnb.theme_hits(t),
     ["theme", "label", "pattern", "doc_id", "section", "sent", "i", "row", "start", "end",
      "left", "match", "right"]),
    ("theme_frequencies", lambda t: cnb.theme_frequencies(t),
     ["theme", "label", "doc_id", "count", "per_10k", "terms"]),
    ("theme_cooccurrence", lambda t: cnb.theme_cooccurrence(t),
     ["theme1", "theme2", *PAIR_SCORES]),
    ("dispersion", lambda t: cnb.dispersion(t, ["oil"]),
     ["doc_id", "pattern", "i", "position", "start", "end"]),
    ("dispersion_stats", lambda t: cnb.dispersion_stats(t, ["oil"]),
     ["pattern", "doc_id", "count", "per_10k", "dp", "juilland_d"]),
    ("trends", lambda t: cnb.trends(t, ["oil"]),
     ["series", "period", "count", "tokens", "docs", "per_10k"]),
]


@pytest.fixture(scope="module")
def empty(tmp_path_factory):
    folder = tmp_path_factory.mktemp("texts")
    (folder / "a-2019.txt").write_text("Oil and gas. The north Caucasus.\n", encoding="utf-8")
    (folder / "b-2020.txt").write_text("Gas and oil again.\n", encoding="utf-8")
    tokens = cnb.tokenize(cnb.load_corpus(folder))
    assert len(tokens) == 10  # 6 + 4 words: the table itself is not empty
    return tokens.iloc[:0]


@pytest.mark.parametrize("name, call, columns", CALLS, ids=[c[0] for c in CALLS])
def test_empty_table_gives_an_empty_result(empty, name, call, columns):
    result = call(empty)
    assert isinstance(result, pd.DataFrame)
    assert result.columns.tolist() == columns
    assert len(result) == 0
