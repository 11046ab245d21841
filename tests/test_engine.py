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

def _metadata(data) -> pd.DataFrame:
    """The corpus's metadata, of a store or of a table (the same documents, in order)."""
    return data.metadata if isinstance(data, cnb.Store) else cnb.corpus_of(data).metadata


def _people(data) -> str:
    """A field whose values group several documents: speaker (speeches), author (seeds)."""
    return "speaker" if "speaker" in _metadata(data).columns else "author"


_VIEWS: dict = {}  # store path -> its view without stopwords


def _words(data):
    """The rows without stopwords: the store's view (made once per store: each new view
    is remembered as a corpus, and 16 of them would push the fixtures' corpora, which
    only the table's key names, out of memory), the table's rows."""
    if not isinstance(data, cnb.Store):
        return data[~data.is_stop]
    if str(data.path) not in _VIEWS:
        _VIEWS[str(data.path)] = data.without_stopwords()
    return _VIEWS[str(data.path)]


for _label, _options in {
        "corpus": {}, "by-doc": {"by": "doc_id"}, "by-section": {"by": "section"},
        "by-year": {"by": "year"}, "by-language": {"by": "language"},
        "stop": {"stop": True}, "by-doc-stop": {"by": "doc_id", "stop": True},
        "lemma": {"term": "lemma"}, "token-by-year": {"term": "token", "by": "year"},
        "min-count": {"min_count": 3}, "by-doc-min-count": {"by": "doc_id", "min_count": 2},
        "by-section-stop-min-count": {"by": "section", "stop": True, "min_count": 2},
        "by-language-min-count": {"by": "language", "min_count": 4}}.items():
    case("frequencies", _label)(
        lambda data, _options=_options, **engine: cnb.frequencies(data, **_options, **engine))


@case("frequencies", "by-people")
def _(data, **engine):
    return cnb.frequencies(data, by=_people(data), min_count=2, **engine)


@case("frequencies", "without-stopwords-view")
def _(data, **engine):
    return cnb.frequencies(_words(data), by="year", stop=True, **engine)


for _label, _options in {"default": {}, "stop": {"stop": True},
                         "lemma": {"term": "lemma"}}.items():
    case("tfidf", _label)(
        lambda data, _options=_options, **engine: cnb.tfidf(data, **_options, **engine))


@case("tfidf", "without-stopwords-view")
def _(data, **engine):
    return cnb.tfidf(_words(data), stop=True, **engine)


@case("zipf", "default")
def _(data, **engine):
    return cnb.zipf(data, **engine)


@case("zipf", "token")
def _(data, **engine):
    return cnb.zipf(data, term="token", **engine)


@case("zipf", "without-stopwords-view")
def _(data, **engine):
    return cnb.zipf(_words(data), term="lemma", **engine)


@case("keyness", "one-id")
def _(data, **engine):
    return cnb.keyness(data, _metadata(data).index[0], **engine)


@case("keyness", "id-lists")
def _(data, **engine):
    ids = _metadata(data).index.tolist()
    return cnb.keyness(data, [ids[-1]], ids[:2], min_count=1, **engine)


@case("keyness", "selection")
def _(data, **engine):
    years = sorted(_metadata(data)["year"].dropna())
    return cnb.keyness(data, {"year": years[-1]}, {"year": years[:2]}, **engine)


@case("keyness", "selection-of-people")
def _(data, **engine):
    first = _metadata(data)[_people(data)].iloc[0]
    return cnb.keyness(data, {_people(data): first}, term="lemma", alpha=0.01,
                       correction=None, min_count=2, **engine)


@case("keyness", "without-stopwords-view")
def _(data, **engine):
    return cnb.keyness(_words(data), _metadata(data).index[1], term="token", **engine)


for _label, _options in {
        "by-doc": {}, "by-section": {"by": "section"}, "by-year": {"by": "year"},
        "corpus": {"by": None}, "corpus-window-7": {"by": None, "window": 7},
        "by-language-window-3": {"by": "language", "window": 3},
        "by-doc-window-50-token": {"window": 50, "term": "token"},
        "corpus-longer-than-the-corpus": {"by": None, "window": 10**7}}.items():
    case("lexical_stats", _label)(
        lambda data, _options=_options, **engine: cnb.lexical_stats(data, **_options,
                                                                    **engine))


@case("lexical_stats", "by-people-window-11")
def _(data, **engine):
    return cnb.lexical_stats(data, by=_people(data), window=11, **engine)


@case("lexical_stats", "without-stopwords-view")
def _(data, **engine):
    return cnb.lexical_stats(_words(data), by="language", window=20, **engine)


@case("docvar", "year")
def _(data, **engine):
    return cnb.docvar(data, "year", **engine)


@case("docvar", "title")
def _(data, **engine):
    return cnb.docvar(data, "title", **engine)


@case("docvar", "language-from-metadata-given")
def _(data, **engine):
    return cnb.docvar(data, "language", _metadata(data), **engine)


# ------------------------------------------------------------ concordance family
# (kwic, find)

def _content(data):
    """The content words: a store's view without stopwords, or the table's rows."""
    return data.without_stopwords() if isinstance(data, cnb.Store) else data[~data["is_stop"]]


@case("kwic", "word")
def _(data, **engine):
    return cnb.kwic(data, "independence", window=4, **engine)


@case("kwic", "glob")
def _(data, **engine):
    return cnb.kwic(data, "nation*", **engine)


@case("kwic", "phrase")
def _(data, **engine):
    return cnb.kwic(data, '"of the"', window=3, **engine)


@case("kwic", "patterns")  # one with no hit, a phrase with a glob, hits in every part
def _(data, **engine):
    return cnb.kwic(data, ["separat*", "zzzz", "the *", "of"], window=5, **engine)


@case("kwic", "sort-left")
def _(data, **engine):
    return cnb.kwic(data, "the", window=3, sort="left", **engine)


@case("kwic", "sort-right")
def _(data, **engine):
    return cnb.kwic(data, ["of", "nation*"], sort="right", **engine)


@case("kwic", "window-0")
def _(data, **engine):
    return cnb.kwic(data, "the *", window=0, sort="right", **engine)


@case("kwic", "regex")
def _(data, **engine):
    return cnb.kwic(data, ["nation(al|s)?", "of th.*"], regex=True, window=2, **engine)


@case("kwic", "no-hit")
def _(data, **engine):
    return cnb.kwic(data, "zzzz", sort="left", **engine)


@case("kwic", "content-words")
def _(data, **engine):
    return cnb.kwic(_content(data), ["independen*", "people"], window=3, sort="left",
                    **engine)


@case("find", "word")
def _(data, **engine):
    return cnb.find(data, "the", **engine)


@case("find", "glob")
def _(data, **engine):
    return cnb.find(data, "nation*", **engine)


@case("find", "phrase")
def _(data, **engine):
    return cnb.find(data, '"of the"', **engine)


@case("find", "regex")
def _(data, **engine):
    return cnb.find(data, ["nation(al|s)?", "th[ae] .+s"], regex=True, **engine)


@case("find", "patterns")  # in pattern order (one twice), one with no hit
def _(data, **engine):
    return cnb.find(data, ["of", "zzzz", "separat*", "the people", "of"], **engine)


@case("find", "no-hit")
def _(data, **engine):
    return cnb.find(data, ["zzzz", "no such phrase"], **engine)


@case("find", "content-words")  # row: in the table without the stopwords' rows
def _(data, **engine):
    return cnb.find(_content(data), ["independen*", "people"], **engine)

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

# themes that hit both corpora: a phrase inside a word's theme ("energy independence"
# and "independence" are one mention), globs, a theme without a hit in some parts
THEMES = {"nation": ["nation*", "countr*", "people"],
          "economy": ["econom*", "budget*", "tax*", "energy independence"],
          "liberty": ["liberty", "freedom", "independence", "sovereign*"],
          "state": ["state*", "government*", "united states", "north caucasus"],
          "nothing": ["zzz-never"]}


@case("theme_frequencies", "shipped-by-doc")
def _(data, **engine):
    return cnb.theme_frequencies(data, **engine)


@case("theme_frequencies", "by-none")
def _(data, **engine):
    return cnb.theme_frequencies(data, THEMES, by=None, **engine)


@case("theme_frequencies", "by-section")
def _(data, **engine):
    return cnb.theme_frequencies(data, THEMES, by="section", **engine)


@case("theme_frequencies", "by-year")
def _(data, **engine):
    return cnb.theme_frequencies(data, THEMES, by="year", **engine)


@case("theme_frequencies", "by-language")  # one value over every part
def _(data, **engine):
    return cnb.theme_frequencies(data, THEMES, by="language", **engine)


@case("theme_hits", "shipped")
def _(data, **engine):
    return cnb.theme_hits(data, **engine)


@case("theme_hits", "window-3")
def _(data, **engine):
    return cnb.theme_hits(data, THEMES, window=3, **engine)


@case("theme_hits", "window-0")
def _(data, **engine):
    return cnb.theme_hits(data, THEMES, window=0, **engine)


@case("theme_cooccurrence", "shipped")
def _(data, **engine):
    return cnb.theme_cooccurrence(data, **engine)


@case("theme_cooccurrence", "sentence")
def _(data, **engine):
    return cnb.theme_cooccurrence(data, THEMES, **engine)


@case("theme_cooccurrence", "document")
def _(data, **engine):
    return cnb.theme_cooccurrence(data, THEMES, context="document", **engine)


@case("theme_words", "shipped")
def _(data, **engine):
    return cnb.theme_words(data, **engine)


@case("theme_words", "by-doc")
def _(data, **engine):
    return cnb.theme_words(data, THEMES, by="doc_id", **engine)


@case("theme_words", "by-section")
def _(data, **engine):
    return cnb.theme_words(data, THEMES, by="section", **engine)


@case("theme_words", "by-year-top-2")
def _(data, **engine):
    return cnb.theme_words(data, THEMES, by="year", top=2, **engine)


@case("theme_words", "by-language")
def _(data, **engine):
    return cnb.theme_words(data, THEMES, by="language", **engine)


@case("theme_words", "no-hit")
def _(data, **engine):
    return cnb.theme_words(data, {"nothing": "zzz-never"}, **engine)


@case("dispersion", "globs-and-a-phrase")
def _(data, **engine):
    return cnb.dispersion(data, ["nation*", "united states", "north caucasus", "the"],
                          **engine)


@case("dispersion", "one-pattern")
def _(data, **engine):
    return cnb.dispersion(data, "independence", **engine)


@case("dispersion", "listed-twice")
def _(data, **engine):
    return cnb.dispersion(data, ["the", "nation*", "the"], **engine)


@case("dispersion", "regex")
def _(data, **engine):
    return cnb.dispersion(data, ["nation.*", "s[a-z]+ty"], regex=True, **engine)


@case("dispersion_stats", "ten-parts")
def _(data, **engine):
    return cnb.dispersion_stats(data, ["nation*", "united states", "the", "zzz-never"],
                                **engine)


@case("dispersion_stats", "three-parts-listed-twice")
def _(data, **engine):
    return cnb.dispersion_stats(data, ["the", "independence", "the"], parts=3, **engine)


@case("dispersion_stats", "one-part-regex")
def _(data, **engine):
    return cnb.dispersion_stats(data, "nation.*", parts=1, regex=True, **engine)


@case("trends", "patterns-by-year")
def _(data, **engine):
    return cnb.trends(data, ["nation*", "independence", "united states"], **engine)


@case("trends", "one-pattern-decades")
def _(data, **engine):
    return cnb.trends(data, "the", period="decade", **engine)


@case("trends", "width-50")
def _(data, **engine):
    return cnb.trends(data, ["nation*", "budget"], period="decade", width=50, **engine)


@case("trends", "years-width-20")
def _(data, **engine):
    return cnb.trends(data, ["nation*"], period="year", width=20, **engine)


@case("trends", "themes")
def _(data, **engine):
    return cnb.trends(data, THEMES, **engine)


@case("trends", "shipped-themes-decades")
def _(data, **engine):
    return cnb.trends(data, cnb.load_themes(), period="decade", **engine)


# ------------------------------------------------------------ models family
# (dfm, wordscores, wordfish)

@case("dfm", "counts")
def _(data, **engine):
    return cnb.dfm(data, **engine).to_frame()


@case("dfm", "stopwords-token")
def _(data, **engine):
    return cnb.dfm(data, term="token", stop=True, **engine).to_frame()


@case("dfm", "trimmed-prop")
def _(data, **engine):
    return cnb.dfm(data, min_count=2, min_docs=2, max_docs_share=0.9, weight="prop",
                   **engine).to_frame()


@case("dfm", "by-year-tfidf")
def _(data, **engine):
    return cnb.dfm(data, by="year", weight="tfidf", **engine).to_frame()


@case("dfm", "by-title")
def _(data, **engine):
    return cnb.dfm(data, by="title", **engine).to_frame()


def _ends(data, **engine) -> dict:
    """The first and last documents of the corpus, scored -1 and 1."""
    documents = cnb.dfm(data, **engine).documents
    return {documents[0]: -1.0, documents[-1]: 1.0}


@case("wordscores", "raw")
def _(data, **engine):
    return cnb.wordscores(data, _ends(data, **engine), **engine)


@case("wordscores", "mv-smoothed")
def _(data, **engine):
    return cnb.wordscores(data, _ends(data, **engine), rescaling="mv", smooth=0.5, **engine)


@case("wordscores", "lbg-stopwords")
def _(data, **engine):
    return cnb.wordscores(data, _ends(data, **engine), rescaling="lbg", stop=True, **engine)


@case("wordfish", "documents")
def _(data, **engine):
    return cnb.wordfish(data, **engine).documents


@case("wordfish", "features-lemma")
def _(data, **engine):
    return cnb.wordfish(data, term="lemma", **engine).features


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
    return _kept(cnb.load_corpus()), store


@pytest.fixture(scope="module")
def speeches(tmp_path_factory):
    """The invented speeches' table, and their store of several parts."""
    folder = tmp_path_factory.mktemp("speeches") / "texts"
    write_speeches(folder)
    store = cnb.index(folder, folder.parent / "store", chunk_chars=1_500, workers=1)
    assert len(store.parts) >= 3
    return _kept(cnb.load_corpus(folder)), store


_KEPT: list = []


def _kept(corpus):
    """The corpus's token table, the corpus held for the module: a table finds its
    metadata through its corpus, which is otherwise remembered only among the last 16
    tokenised corpora or opened stores (and the cases open many)."""
    _KEPT.append(corpus)
    return cnb.tokenize(corpus)


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
