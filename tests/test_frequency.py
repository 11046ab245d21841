"""Frequencies, TF-IDF, lexical statistics, Zipf and keyness, against references.

Most expected numbers are worked out by hand on tiny tables whose words are written out
here (the arithmetic is in the comments); the rest come from scipy or a plain Python loop.
"""
from __future__ import annotations

import math
import re
import warnings
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import corpusnb as cnb


def _table(rows, stopwords=("the", "and")):
    """A token table by hand from (doc_id, section, token, lemma) rows.

    norm is the token in lower case; categories are in order of appearance, as
    cnb.tokenize() makes them (so a sort by category would not be alphabetical).
    """
    doc_id, section, token, lemma = (list(column) for column in zip(*rows))
    norm = [t.lower() for t in token]

    def categorical(values):
        return pd.Categorical(values, categories=list(dict.fromkeys(values)))
    return pd.DataFrame({"doc_id": categorical(doc_id), "section": section,
                         "token": categorical(token), "norm": categorical(norm),
                         "lemma": categorical(lemma), "is_stop": [n in stopwords for n in norm]})


# Document b (5 tokens) comes first, then a (7 tokens, in two sections): 12 tokens, 3 stopwords.
#   b/1: Gas and grain gas the     a/1: Oil prices the oil     a/2: gas price oil
# norm counts (stopwords apart): gas 3 (a 1, b 2), oil 3 (a 3), grain 1, price 1, prices 1;
# stopwords: the 2 (a, b), and 1 (b).  lemma: gas 3, oil 3, price 2, grain 1.
SMALL = [("b", 1, "Gas", "gas"), ("b", 1, "and", "and"), ("b", 1, "grain", "grain"),
         ("b", 1, "gas", "gas"), ("b", 1, "the", "the"),
         ("a", 1, "Oil", "oil"), ("a", 1, "prices", "price"), ("a", 1, "the", "the"),
         ("a", 1, "oil", "oil"),
         ("a", 2, "gas", "gas"), ("a", 2, "price", "price"), ("a", 2, "oil", "oil")]


@pytest.fixture
def small():
    return _table(SMALL)


@pytest.fixture
def party_corpus(tmp_path):
    """Four one-line documents with a year and a party; d has no year."""
    (tmp_path / "catalog.csv").write_text(
        "file,doc_id,year,party\na.txt,a,2019,Greens\nb.txt,b,2019,Labour\n"
        "c.txt,c,2020,Greens\nd.txt,d,,Labour\n", encoding="utf-8")
    for name, text in {"a": "Oil and gas.", "b": "Oil prices rise.", "c": "The oil.",
                       "d": "Oil."}.items():
        (tmp_path / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    return cnb.load_corpus(tmp_path)


@pytest.fixture
def party_tokens(party_corpus):
    # a: oil and gas (3)   b: oil prices rise (3)   c: the oil (2)   d: oil (1)
    return cnb.tokenize(party_corpus)


def _rows(table, columns):
    return [tuple(row) for row in table[columns].itertuples(index=False)]


class TestFrequencies:
    def test_whole_table_by_hand(self, small):
        freq = cnb.frequencies(small)
        assert freq.columns.tolist() == ["term", "count", "per_10k", "docs"]
        assert (freq["count"].dtype, freq["docs"].dtype) == ("int64", "int64")  # not floats
        # per_10k over all 12 tokens, stopwords included; count ties sorted by term
        assert _rows(freq, ["term", "count", "docs"]) == [
            ("gas", 3, 2), ("oil", 3, 1), ("grain", 1, 1), ("price", 1, 1), ("prices", 1, 1)]
        assert freq["per_10k"].tolist() == pytest.approx(
            [3 / 12 * 1e4, 3 / 12 * 1e4, 1 / 12 * 1e4, 1 / 12 * 1e4, 1 / 12 * 1e4])

    def test_stopwords_included_on_request(self, small):
        freq = cnb.frequencies(small, stop=True)
        assert _rows(freq, ["term", "count", "docs"]) == [
            ("gas", 3, 2), ("oil", 3, 1), ("the", 2, 2), ("and", 1, 1), ("grain", 1, 1),
            ("price", 1, 1), ("prices", 1, 1)]
        assert freq.set_index("term").loc["the", "per_10k"] == pytest.approx(2 / 12 * 1e4)

    def test_by_document(self, small):
        freq = cnb.frequencies(small, by="doc_id")
        assert freq.columns.tolist() == ["term", "doc_id", "count", "per_10k", "docs"]
        # documents in order a, b; rates per the document's tokens (a 7, b 5); docs counts
        # the documents of the group: a document's own, 1
        assert _rows(freq, ["doc_id", "term", "count", "docs"]) == [
            ("a", "oil", 3, 1), ("a", "gas", 1, 1), ("a", "price", 1, 1), ("a", "prices", 1, 1),
            ("b", "gas", 2, 1), ("b", "grain", 1, 1)]
        assert freq["per_10k"].tolist() == pytest.approx(
            [3 / 7 * 1e4, 1 / 7 * 1e4, 1 / 7 * 1e4, 1 / 7 * 1e4, 2 / 5 * 1e4, 1 / 5 * 1e4])

    def test_by_section_when_every_document_has_one(self, small):
        # only section 1 (rows of a/1 and b/1): one section value, two documents; the
        # groups are a/1 (4 tokens: oil 2, prices 1) and b/1 (5: gas 2, grain 1)
        freq = cnb.frequencies(small[small["section"] == 1], by="section")
        assert _rows(freq, ["doc_id", "section", "term", "count"]) == [
            ("a", 1, "oil", 2), ("a", 1, "prices", 1), ("b", 1, "gas", 2), ("b", 1, "grain", 1)]
        assert freq["per_10k"].tolist() == pytest.approx(
            [2 / 4 * 1e4, 1 / 4 * 1e4, 2 / 5 * 1e4, 1 / 5 * 1e4])

    def test_by_section(self, small):
        freq = cnb.frequencies(small, by="section")
        assert freq.columns.tolist() == ["term", "doc_id", "section", "count", "per_10k",
                                         "docs"]
        # sections a/1 (4 tokens), a/2 (3), b/1 (5)
        assert _rows(freq, ["doc_id", "section", "term", "count"]) == [
            ("a", 1, "oil", 2), ("a", 1, "prices", 1),
            ("a", 2, "gas", 1), ("a", 2, "oil", 1), ("a", 2, "price", 1),
            ("b", 1, "gas", 2), ("b", 1, "grain", 1)]
        assert freq["docs"].tolist() == [1] * 7  # a section's document
        assert freq["per_10k"].tolist() == pytest.approx(
            [2 / 4 * 1e4, 1 / 4 * 1e4, 1 / 3 * 1e4, 1 / 3 * 1e4, 1 / 3 * 1e4,
             2 / 5 * 1e4, 1 / 5 * 1e4])

    def test_by_metadata_field(self, party_tokens):
        freq = cnb.frequencies(party_tokens, by="year")
        assert freq.columns.tolist() == ["term", "year", "count", "per_10k", "docs"]
        # 2019 = a + b (6 tokens), 2020 = c (2 tokens); d has no year and forms no group;
        # oil occurs in all 4 documents, 2 of them of 2019 and 1 of 2020
        assert _rows(freq, ["year", "term", "count", "docs"]) == [
            (2019, "oil", 2, 2), (2019, "gas", 1, 1), (2019, "prices", 1, 1),
            (2019, "rise", 1, 1), (2020, "oil", 1, 1)]
        assert freq["per_10k"].tolist() == pytest.approx(
            [2 / 6 * 1e4, 1 / 6 * 1e4, 1 / 6 * 1e4, 1 / 6 * 1e4, 1 / 2 * 1e4])
        party = cnb.frequencies(party_tokens, by="party")
        # Greens = a + c (5 tokens), Labour = b + d (4 tokens)
        assert _rows(party, ["party", "term", "count", "docs"]) == [
            ("Greens", "oil", 2, 2), ("Greens", "gas", 1, 1),
            ("Labour", "oil", 2, 2), ("Labour", "prices", 1, 1), ("Labour", "rise", 1, 1)]
        assert party["per_10k"].tolist() == pytest.approx(
            [2 / 5 * 1e4, 1 / 5 * 1e4, 2 / 4 * 1e4, 1 / 4 * 1e4, 1 / 4 * 1e4])

    @pytest.mark.parametrize("term, expected", [
        ("lemma", [("gas", 3, 2), ("oil", 3, 1), ("price", 2, 1), ("grain", 1, 1)]),
        # tokens keep their case: upper case sorts before lower case
        ("token", [("gas", 2, 2), ("oil", 2, 1), ("Gas", 1, 1), ("Oil", 1, 1), ("grain", 1, 1),
                   ("price", 1, 1), ("prices", 1, 1)]),
    ])
    def test_term(self, small, term, expected):
        assert _rows(cnb.frequencies(small, term=term), ["term", "count", "docs"]) == expected

    def test_min_count_keeps_a_term_counted_exactly_min_count_times(self, small):
        assert cnb.frequencies(small, min_count=3)["term"].tolist() == ["gas", "oil"]  # 3 each
        assert cnb.frequencies(small, min_count=4).empty
        by_doc = cnb.frequencies(small, by="doc_id", min_count=2)  # b: gas exactly 2
        assert _rows(by_doc, ["doc_id", "term", "count"]) == [("a", "oil", 3), ("b", "gas", 2)]

    def test_tiny_corpus_by_hand(self, tiny_corpus):
        tokens = cnb.tokenize(tiny_corpus)
        freq = cnb.frequencies(tokens)
        row = freq.set_index("term").loc["separatism"]
        # a: separatism in the north caucasus the north caucasus saw separatism grow russia 's
        #    elites feared separatism = 16 tokens; b: kleptocracy and sistema explain putin 's
        #    russia the sistema is informal = 11 tokens
        assert len(tokens) == 16 + 11
        assert (row["count"], row["docs"]) == (3, 1)
        assert row["per_10k"] == pytest.approx(3 / 27 * 1e4)
        assert "the" not in set(freq["term"])
        assert "the" in set(cnb.frequencies(tokens, stop=True)["term"])

    def test_counts_match_value_counts(self, seed_tokens):
        freq = cnb.frequencies(seed_tokens, stop=True, term="lemma")
        reference = Counter(seed_tokens["lemma"].astype(str))
        assert dict(zip(freq["term"], freq["count"])) == dict(reference)
        assert freq["count"].is_monotonic_decreasing

    def test_by_section_on_the_seeds(self, seed_tokens):
        freq = cnb.frequencies(seed_tokens, by="section")
        kz = freq[(freq["doc_id"] == "kazakhstan-eu-2018") & (freq["term"] == "pragmatism")]
        rows = seed_tokens[(seed_tokens["doc_id"] == "kazakhstan-eu-2018")
                           & (seed_tokens["norm"] == "pragmatism")]
        assert kz.set_index("section")["count"].to_dict() == \
            rows.groupby("section").size().to_dict()

    @pytest.mark.parametrize("by", ["norm", "lemma", "token", "is_stop", 3])
    def test_by_a_column_of_the_token_table(self, small, by):
        with pytest.raises(ValueError, match="by must be None, 'doc_id', 'section' or a"):
            cnb.frequencies(small, by=by)

    def test_bad_arguments(self, seed_tokens, small):
        with pytest.raises(ValueError, match="no metadata field 'party'; the fields are title"):
            cnb.frequencies(seed_tokens, by="party")
        with pytest.raises(ValueError, match="term must be 'norm', 'lemma' or 'token', not 'stem'"):
            cnb.frequencies(seed_tokens, term="stem")
        with pytest.raises(ValueError, match=re.escape(
                "the token table has no 'lemma' column; use cnb.tokenize()")):
            cnb.frequencies(small.drop(columns="lemma"), term="lemma")


class TestGroupDocs:
    """``docs`` of a grouped table: the documents of the group the term occurs in."""

    def test_speeches_by_century(self, tmp_path):
        from tests.speeches import SPEECHES, write_speeches

        write_speeches(tmp_path, readme=False)
        rows = "".join(f"{name},{'18th' if year < 1801 else '19th+'}\n"
                       for name, (year, _, _) in SPEECHES.items())
        (tmp_path / "catalog.csv").write_text("file,century\n" + rows, encoding="utf-8")
        freq = cnb.frequencies(cnb.tokenize(cnb.load_corpus(tmp_path)), by="century")
        docs = freq.set_index(["century", "term"])["docs"]
        # independence: 1789, 1797 of the three 18th-century speeches; 1945, 1961, 2001,
        # 2009 of the other five; budget: none of the first, 1801 1945 1961 2001 2009
        assert (docs[("18th", "independence")], docs[("19th+", "independence")]) == (2, 4)
        assert docs[("19th+", "budget")] == 5 and ("18th", "budget") not in docs.index
        # congress: Truman, Kennedy, Bush, Obama ("members of (the) Congress")
        assert docs[("19th+", "congress")] == 4 and ("18th", "congress") not in docs.index
        assert (freq.groupby("century")["docs"].max() <= pd.Series(
            {"18th": 3, "19th+": 5})).all()

    def test_store_gives_the_same(self, party_corpus, tmp_path):
        store = cnb.index(party_corpus.path, tmp_path / "store", workers=1)
        for by in ("party", "year", "doc_id", None):
            pd.testing.assert_frame_equal(
                cnb.frequencies(store, by=by), cnb.frequencies(cnb.tokenize(party_corpus), by=by),
                check_dtype=False, check_categorical=False)


class TestDocvar:
    def test_values_index_name_and_type(self, party_corpus, party_tokens):
        part = party_tokens[party_tokens["doc_id"] != "a"]  # b b b c c d
        years = cnb.docvar(part, "year")
        assert years.name == "year" and years.index.equals(part.index)
        assert years.dtype == party_corpus.metadata["year"].dtype  # Int64, as in the catalog
        assert years.tolist()[:5] == [2019, 2019, 2019, 2020, 2020] and years.isna().tolist() == \
            [False] * 5 + [True]

    def test_explicit_metadata_in_another_order(self, small):
        meta = pd.DataFrame({"year": [2001, 2000]}, index=["a", "b"])  # categories are b, a
        years = cnb.docvar(small, "year", metadata=meta)
        assert years.tolist() == [2000] * 5 + [2001] * 7
        plain = small.assign(doc_id=small["doc_id"].astype(str)).iloc[2:]  # not categorical
        years = cnb.docvar(plain, "year", metadata=meta)
        assert years.name == "year" and years.tolist() == [2000] * 3 + [2001] * 7

    def test_errors(self, small):
        with pytest.raises(ValueError, match=re.escape(
                "no metadata field 'party'; the fields are year, venue")):
            cnb.docvar(small, "party", metadata=pd.DataFrame({"year": [1], "venue": ["x"]},
                                                             index=["a"]))
        with pytest.raises(ValueError, match=re.escape(
                "this token table has lost track of its corpus, so its metadata is unknown; "
                "use the table cnb.tokenize() returned (or rows cut from it), or pass "
                "metadata=corpus.metadata")):
            cnb.docvar(small, "year")


class TestTfidf:
    def test_by_hand(self, small):
        table = cnb.tfidf(small)
        assert table.columns.tolist() == ["term", "doc_id", "count", "tf", "idf", "tf_idf"]
        # N = 2 documents; tf over the document's tokens, stopwords included (a 7, b 5);
        # idf = log10(2 / 1) for a term in one document, log10(2 / 2) = 0 for gas.
        # Sorted by document, tf_idf descending, then term (price before prices).
        idf = math.log10(2)
        assert _rows(table, ["doc_id", "term", "count"]) == [
            ("a", "oil", 3), ("a", "price", 1), ("a", "prices", 1), ("a", "gas", 1),
            ("b", "grain", 1), ("b", "gas", 2)]
        assert table["tf"].tolist() == pytest.approx([3 / 7, 1 / 7, 1 / 7, 1 / 7, 1 / 5, 2 / 5])
        assert table["idf"].tolist() == pytest.approx([idf, idf, idf, 0, idf, 0])
        assert table["tf_idf"].tolist() == pytest.approx(
            [3 / 7 * idf, 1 / 7 * idf, 1 / 7 * idf, 0, 1 / 5 * idf, 0])

    def test_stopwords_and_lemmas(self, small):
        idf = math.log10(2)
        with_stop = cnb.tfidf(small, stop=True)
        # "and" (b only) ties with grain; "the" (both documents) scores 0 after gas
        assert _rows(with_stop, ["doc_id", "term"]) == [
            ("a", "oil"), ("a", "price"), ("a", "prices"), ("a", "gas"), ("a", "the"),
            ("b", "and"), ("b", "grain"), ("b", "gas"), ("b", "the")]
        lemmas = cnb.tfidf(small, term="lemma")
        assert _rows(lemmas, ["doc_id", "term", "count"]) == [
            ("a", "oil", 3), ("a", "price", 2), ("a", "gas", 1), ("b", "grain", 1), ("b", "gas", 2)]
        assert lemmas["tf_idf"].tolist()[1] == pytest.approx(2 / 7 * idf)

    def test_tiny_corpus(self, tiny_corpus):
        table = cnb.tfidf(cnb.tokenize(tiny_corpus)).set_index(["doc_id", "term"])
        row = table.loc[("b", "sistema")]
        assert row["tf"] == pytest.approx(2 / 11)
        assert row["idf"] == pytest.approx(math.log10(2 / 1))
        assert table.loc[("a", "russia"), "idf"] == pytest.approx(0.0)  # in both documents


class TestLexicalStats:
    COLUMNS = ["tokens", "types", "ttr", "mattr", "hapaxes", "hapax_share"]

    def test_by_hand(self):
        tokens = pd.DataFrame({"doc_id": ["d"] * 5, "section": 0,
                               "norm": ["a", "b", "a", "c", "a"]})
        row = cnb.lexical_stats(tokens, window=3).iloc[0]
        # types a, b, c; hapaxes b, c (seen once): 2 of 3 types, not 2 of 5 tokens
        assert (row["tokens"], row["types"], row["hapaxes"]) == (5, 3, 2)
        assert row["ttr"] == pytest.approx(3 / 5)
        assert row["hapax_share"] == pytest.approx(2 / 3)
        # windows of 3: aba (2 types), bac (3), aca (2) -> (2/3 + 3/3 + 2/3) / 3
        assert row["mattr"] == pytest.approx((2 + 3 + 2) / 9)

    def test_by_document_in_table_order(self, small):
        table = cnb.lexical_stats(small)
        assert table.columns.tolist() == ["doc_id", *self.COLUMNS]
        # b: gas and grain gas the -> 5 tokens, 4 types, hapaxes and grain the (3)
        # a: oil prices the oil gas price oil -> 7 tokens, 5 types, hapaxes prices the gas
        #    price (4); both shorter than the window of 500, so mattr = ttr
        assert table["doc_id"].tolist() == ["b", "a"]
        assert _rows(table, ["tokens", "types", "hapaxes"]) == [(5, 4, 3), (7, 5, 4)]
        assert table["ttr"].tolist() == pytest.approx([4 / 5, 5 / 7])
        assert table["mattr"].tolist() == pytest.approx([4 / 5, 5 / 7])
        assert table["hapax_share"].tolist() == pytest.approx([3 / 4, 4 / 5])  # per type

    def test_by_section_and_whole_table(self, small):
        sections = cnb.lexical_stats(small, by="section")
        assert sections.columns.tolist() == ["doc_id", "section", *self.COLUMNS]
        # b/1: gas and grain gas the; a/1: oil prices the oil; a/2: gas price oil
        assert _rows(sections, ["doc_id", "section", "tokens", "types", "hapaxes"]) == [
            ("b", 1, 5, 4, 3), ("a", 1, 4, 3, 2), ("a", 2, 3, 3, 3)]
        assert sections["hapax_share"].tolist() == pytest.approx([3 / 4, 2 / 3, 3 / 3])
        whole = cnb.lexical_stats(small, by=None)
        assert whole.columns.tolist() == self.COLUMNS
        # 12 tokens; types gas and grain the oil prices price (7); hapaxes and grain prices
        # price (4): share 4/7
        assert _rows(whole, ["tokens", "types", "hapaxes"]) == [(12, 7, 4)]
        assert whole[["ttr", "mattr", "hapax_share"]].iloc[0].tolist() == pytest.approx(
            [7 / 12, 7 / 12, 4 / 7])

    @pytest.mark.parametrize("term, types, hapaxes", [
        ("lemma", 6, 2),   # gas and grain the oil price; and grain once
        ("token", 9, 6),   # Gas and grain gas the Oil prices oil price; gas the oil twice
    ])
    def test_term(self, small, term, types, hapaxes):
        row = cnb.lexical_stats(small, by=None, term=term).iloc[0]
        assert (row["tokens"], row["types"], row["hapaxes"]) == (12, types, hapaxes)
        assert row["hapax_share"] == pytest.approx(hapaxes / types)

    def test_by_metadata_field(self, party_tokens):
        table = cnb.lexical_stats(party_tokens, by="year")
        assert table.columns.tolist() == ["year", *self.COLUMNS]
        # 2019: oil and gas oil prices rise (6 tokens, 5 types, hapaxes and gas prices rise);
        # 2020: the oil (2, 2, 2); d has no year
        assert _rows(table, ["year", "tokens", "types", "hapaxes"]) == [
            (2019, 6, 5, 4), (2020, 2, 2, 2)]
        assert table["hapax_share"].tolist() == pytest.approx([4 / 5, 2 / 2])

    def test_default_window_is_500(self):
        # x, 499 other words, x: both windows of 500 hold 500 types, the whole text 500 of 501
        words = ["x", *(f"w{k}" for k in range(499)), "x"]
        tokens = pd.DataFrame({"doc_id": ["d"] * 501, "section": 0, "norm": words})
        assert cnb.lexical_stats(tokens)["mattr"].tolist() == [1.0]
        assert cnb.lexical_stats(tokens)["ttr"].tolist() == pytest.approx([500 / 501])


class TestMattr:
    @pytest.mark.parametrize("terms, window, expected", [
        (["a", "b", "a"], 5, 2 / 3),       # window longer than the text: its type-token ratio
        (["a", "b", "a"], 3, 2 / 3),       # window as long as the text: one window
        (["a", "a", "b"], 1, 1.0),         # every window of one token holds one type
        (["a", "a", "a", "b"], 2, (1 / 2 + 1 / 2 + 2 / 2) / 3),  # aa, aa, ab
        (["a", "b", "b", "a", "c"], 3, (2 / 3 + 2 / 3 + 3 / 3) / 3),  # abb, bba, bac
    ])
    def test_by_hand(self, terms, window, expected):
        assert cnb.mattr(terms, window) == pytest.approx(expected)
        assert cnb.mattr(np.array(terms), window) == pytest.approx(expected)

    def test_against_every_window_counted(self):
        # the mean of len(set(window)) / window over every window, by brute force
        import random
        rng = random.Random(3)
        for _ in range(200):
            terms = [rng.choice("abcdef") for _ in range(rng.randint(1, 40))]
            window = rng.randint(1, 45)
            w = min(window, len(terms))
            windows = [terms[j:j + w] for j in range(len(terms) - w + 1)]
            expected = sum(len(set(x)) for x in windows) / (len(windows) * w)
            assert cnb.mattr(terms, window) == pytest.approx(expected, rel=1e-12), (terms, window)

    def test_empty_and_default_window(self):
        assert math.isnan(cnb.mattr([]))
        words = ["x", *(f"w{k}" for k in range(499)), "x"]  # see TestLexicalStats
        assert cnb.mattr(words) == 1.0
        assert cnb.mattr(words, 501) == pytest.approx(500 / 501)

    def test_against_brute_force(self, seed_tokens):
        words = seed_tokens.loc[seed_tokens["doc_id"] == "lrb-2015", "norm"].astype(str).tolist()
        brute = np.mean([len(set(words[k:k + 100])) / 100 for k in range(len(words) - 99)])
        assert cnb.mattr(words, 100) == pytest.approx(brute)


class TestInParts:
    """An analysis counted in document-aligned parts (as on a token store) and combined
    gives what it gives on the whole table: checked on parts cut by hand."""

    @staticmethod
    def _in_parts(analysis, table, cuts):
        from corpusnb.engine.run import Part

        edges = [0, *cuts, len(table)]
        analysis.prepare(None)  # no metadata field: nothing asked of the source
        parts = (Part(table.iloc[a:b].reset_index(drop=True), None, a)
                 for a, b in zip(edges[:-1], edges[1:]))
        return analysis.finish(analysis.combine(analysis.count(part) for part in parts))

    def test_mattr_of_windows_across_the_parts_edge(self):
        from corpusnb.analyses.frequency import _LexicalStats

        # a a | a b, window 3: only across the edge, aaa (1 type) and aab (2): 3 / (2 * 3)
        table = pd.DataFrame({"doc_id": ["d1", "d1", "d2", "d2"], "norm": list("aaab")})
        row = self._in_parts(_LexicalStats(None, "norm", 3), table, [2]).iloc[0]
        assert row["mattr"] == 0.5
        assert (row["tokens"], row["types"], row["hapaxes"]) == (4, 2, 1)
        assert cnb.lexical_stats(table, by=None, window=3)["mattr"].tolist() == [0.5]

    def test_lexical_stats_in_random_parts_against_brute_force(self):
        from corpusnb.analyses.frequency import _LexicalStats

        import random
        rng = random.Random(5)
        for _ in range(150):
            sizes = [rng.randint(1, 9) for _ in range(rng.randint(1, 30))]  # > 16 parts
            words = [rng.choice("abcde") for _ in range(sum(sizes))]
            docs = [f"d{k}" for k, size in enumerate(sizes) for _ in range(size)]
            table = pd.DataFrame({"doc_id": docs, "norm": pd.Categorical(words)})
            window = rng.randint(1, 12)
            edges = list(np.cumsum(sizes)[:-1])  # between documents
            cuts = sorted(rng.sample(edges, rng.randint(0, len(edges))))
            row = self._in_parts(_LexicalStats(None, "norm", window), table, cuts).iloc[0]
            w = min(window, len(words))
            windows = [words[j:j + w] for j in range(len(words) - w + 1)]
            expected = sum(len(set(x)) for x in windows) / (len(windows) * w)
            assert row["mattr"] == pytest.approx(expected, rel=1e-12), (words, window, cuts)
            assert row["types"] == len(set(words))
            assert row["hapaxes"] == sum(v == 1 for v in Counter(words).values())

    def test_docs_of_a_term_left_out_as_a_stopword_in_another_part(self):
        from corpusnb.analyses.frequency import _Frequencies

        # x is a stopword row in d1 and a word in d2: counted once, found in 2 documents
        table = pd.DataFrame({"doc_id": ["d1", "d1", "d2"], "norm": ["x", "y", "x"],
                              "is_stop": [True, False, False]})
        whole = cnb.frequencies(table)
        assert _rows(whole, ["term", "count", "docs"]) == [("x", 1, 2), ("y", 1, 1)]
        pd.testing.assert_frame_equal(self._in_parts(_Frequencies(None, "norm", False, 1),
                                                     table, [2]), whole)

    def test_min_count_of_counts_added_across_parts(self):
        from corpusnb.analyses.frequency import _Frequencies

        # x once in each part: 2 in all, kept at min_count 2 though no part has it twice
        table = pd.DataFrame({"doc_id": ["d1", "d1", "d2"], "norm": ["x", "y", "x"],
                              "is_stop": False})
        got = self._in_parts(_Frequencies(None, "norm", False, 2), table, [2])
        assert _rows(got, ["term", "count", "docs"]) == [("x", 2, 2)]
        assert got["per_10k"].tolist() == [2 / 3 * 1e4]

    def test_sums_added_up_as_they_come(self):
        from corpusnb.analyses.frequency import _Sums

        sums = _Sums(["g", "term"], least=1)  # summed whenever more is pending than held
        # 2 rows pending: summed (2 held); x 3 and then b x 4 wait; a y 5, b x 6: 4 > 2
        for rows in ([("a", "x", 1), ("a", "y", 2)], [("a", "x", 3)], [("b", "x", 4)],
                     [("a", "y", 5), ("b", "x", 6)]):
            sums.add(pd.DataFrame(rows, columns=["g", "term", "count"]))
            assert sums.pending <= max(sums.summed, 1)  # rows pending: no more than held
        assert len(sums.frames) == 1 and sums.summed == 3
        assert sums.result().values.tolist() == [["a", "x", 4], ["a", "y", 7], ["b", "x", 10]]
        whole = _Sums([])
        whole.add(pd.DataFrame({"total": [2]}))
        whole.add(pd.DataFrame({"total": [3]}))
        assert whole.result()["total"].tolist() == [5]

    def test_on_a_store_by_hand(self, tmp_path):
        folder = tmp_path / "texts"
        folder.mkdir()
        (folder / "a.txt").write_text("oil gas\n", encoding="utf-8")
        (folder / "b.txt").write_text("oil grain\n", encoding="utf-8")
        store = cnb.index(folder, tmp_path / "store", chunk_chars=1, workers=1)
        assert len(store.parts) == 2
        # oil in both documents: idf log10(2/2) = 0; gas, grain: log10(2/1), tf 1/2
        table = cnb.tfidf(store)
        assert _rows(table, ["term", "doc_id", "count"]) == [
            ("gas", "a", 1), ("oil", "a", 1), ("grain", "b", 1), ("oil", "b", 1)]
        assert table["tf_idf"].tolist() == pytest.approx([math.log10(2) / 2, 0,
                                                          math.log10(2) / 2, 0])
        # every row of the store, numbered 0..3 in reading order
        titles = cnb.docvar(store, "file")
        assert titles.index.tolist() == [0, 1, 2, 3]
        assert titles.tolist() == ["a.txt", "a.txt", "b.txt", "b.txt"]
        stats_ = cnb.lexical_stats(store, by=None, window=2)  # oil gas oil grain: 3 windows
        assert stats_[["tokens", "types", "mattr"]].values.tolist() == [[4, 3, 1.0]]
        assert cnb.zipf(store)["term"].tolist() == ["oil", "gas", "grain"]


class TestZipf:
    def test_by_hand(self, small):
        table = cnb.zipf(small)
        assert table.columns.tolist() == ["rank", "term", "count", "proportion",
                                          "rank_times_proportion"]
        # all 12 tokens, stopwords included; ties (gas/oil, and/grain/price/prices) by term
        assert _rows(table, ["rank", "term", "count"]) == [
            (1, "gas", 3), (2, "oil", 3), (3, "the", 2), (4, "and", 1), (5, "grain", 1),
            (6, "price", 1), (7, "prices", 1)]
        assert table["proportion"].tolist() == pytest.approx(
            [3 / 12, 3 / 12, 2 / 12, 1 / 12, 1 / 12, 1 / 12, 1 / 12])
        assert table["rank_times_proportion"].tolist() == pytest.approx(
            [1 * 3 / 12, 2 * 3 / 12, 3 * 2 / 12, 4 / 12, 5 / 12, 6 / 12, 7 / 12])

    def test_lemmas(self, small):
        table = cnb.zipf(small, term="lemma")
        # gas 3, oil 3, price 2, the 2, and 1, grain 1
        assert table["term"].tolist() == ["gas", "oil", "price", "the", "and", "grain"]
        assert table["rank_times_proportion"].tolist()[2] == pytest.approx(3 * 2 / 12)

    def test_seed_counts(self, seed_tokens):
        table = cnb.zipf(seed_tokens)
        assert dict(zip(table["term"], table["count"])) == dict(
            Counter(seed_tokens["norm"].astype(str)))


# Target t1 + t2 (10 tokens), reference r (30 tokens), and u (3 tokens), used only when the
# reference is "the rest":
#   term     target  reference     term     target  reference
#   reform     3        0          war        0        8
#   growth     3        0          army       0        5
#   nation     2        6          state      1        0   (1 in all: below min_count 3)
#   people     1        9          crisis     0        2   (2 in all: below min_count 3)
KEYNESS = ([("t1", 1, w, w) for w in ["reform"] * 2 + ["growth"] * 3]
           + [("t2", 1, w, w) for w in ["reform"] + ["nation"] * 2 + ["people", "state"]]
           + [("r", 1, w, w) for w in ["nation"] * 6 + ["people"] * 9 + ["war"] * 8
              + ["crisis"] * 2 + ["army"] * 5]
           + [("u", 1, w, w) for w in ["war", "reform", "war"]])

# G2 = 2 * sum O ln(O / E) over the cells [[a, b], [10 - a, 30 - b]], E = row * column / 40,
# cells with O = 0 left out; signed negative where a / 10 < b / 30.
G2 = {
    # E = [[3*10/40, 3*30/40], [37*10/40, 37*30/40]] = [[0.75, 2.25], [9.25, 27.75]]
    "reform": 2 * (3 * math.log(3 / 0.75) + 7 * math.log(7 / 9.25) + 30 * math.log(30 / 27.75)),
    "nation": 0.0,  # 2/10 = 6/30: E = O in every cell
    # E = [[2.5, 7.5], [7.5, 22.5]]
    "people": -2 * (1 * math.log(1 / 2.5) + 9 * math.log(9 / 7.5) + 9 * math.log(9 / 7.5)
                    + 21 * math.log(21 / 22.5)),
    # E = [[1.25, 3.75], [8.75, 26.25]]
    "army": -2 * (5 * math.log(5 / 3.75) + 10 * math.log(10 / 8.75) + 25 * math.log(25 / 26.25)),
    # E = [[2, 6], [8, 24]]
    "war": -2 * (8 * math.log(8 / 6) + 10 * math.log(10 / 8) + 22 * math.log(22 / 24)),
}
G2["growth"] = G2["reform"]


class TestKeyness:
    COLUMNS = ["term", "target_count", "reference_count", "target_per_10k",
               "reference_per_10k", "g2", "p", "log_ratio", "significant"]

    def test_every_column_by_hand(self):
        table = cnb.keyness(_table(KEYNESS), ["t1", "t2"], reference="r")
        assert table.columns.tolist() == self.COLUMNS
        # sorted by signed g2 (growth and reform tie: by term); state and crisis fall below
        # min_count 3, reform and growth (3 in all) sit exactly on it
        assert _rows(table, ["term", "target_count", "reference_count"]) == [
            ("growth", 3, 0), ("reform", 3, 0), ("nation", 2, 6), ("people", 1, 9),
            ("army", 0, 5), ("war", 0, 8)]
        assert table.dtypes[["target_count", "reference_count"]].tolist() == [np.int64] * 2
        assert table["target_per_10k"].tolist() == pytest.approx(
            [3000.0, 3000.0, 2000.0, 1000.0, 0.0, 0.0])  # 3/10 * 10,000 ...
        assert table["reference_per_10k"].tolist() == pytest.approx(
            [0.0, 0.0, 2000.0, 3000.0, 5 / 30 * 1e4, 8 / 30 * 1e4])  # 6/30 * 10,000 ...
        assert table["g2"].tolist() == pytest.approx([G2[t] for t in table["term"]],
                                                     abs=1e-12)
        # p of chi-squared with 1 df: P(X > g) = erfc(sqrt(g / 2))
        assert table["p"].tolist() == pytest.approx(
            [math.erfc(math.sqrt(abs(G2[t]) / 2)) for t in table["term"]])
        # log2 of the ratio of rates, a zero count taken as 0.5:
        # reform (3/10)/(0.5/30) = 18; nation (2/10)/(6/30) = 1; people (1/10)/(9/30) = 1/3;
        # army (0.5/10)/(5/30) = 0.3; war (0.5/10)/(8/30) = 3/16
        assert table["log_ratio"].tolist() == pytest.approx(
            [math.log2(18), math.log2(18), 0.0, math.log2(1 / 3), math.log2(0.3),
             math.log2(3 / 16)], abs=1e-12)
        # Bonferroni: p < 0.05 / 6 = 0.00833: only reform and growth (p = 0.0026)
        assert table["significant"].tolist() == [True, True, False, False, False, False]

    def test_equal_rates_are_not_a_negative_keyword(self):
        row = cnb.keyness(_table(KEYNESS), ["t1", "t2"], reference="r").iloc[2]
        assert row["term"] == "nation"
        assert math.copysign(1.0, row["g2"]) == 1.0 and row["p"] == pytest.approx(1.0)

    def test_against_scipy(self):
        table = cnb.keyness(_table(KEYNESS), ["t1", "t2"], reference="r")
        for row in table.itertuples():
            observed = [[row.target_count, row.reference_count],
                        [10 - row.target_count, 30 - row.reference_count]]
            g, p, _, _ = stats.chi2_contingency(observed, lambda_="log-likelihood",
                                                correction=False)
            assert (abs(row.g2), row.p) == pytest.approx((g, p), abs=1e-12)

    def test_significance_without_correction_and_alpha(self):
        tokens = _table(KEYNESS)
        plain = cnb.keyness(tokens, ["t1", "t2"], reference="r", correction=None)
        # p < 0.05: growth, reform (0.0026) and war (0.022); not army (0.078), people (0.18)
        assert plain.loc[plain["significant"], "term"].tolist() == ["growth", "reform", "war"]
        strict = cnb.keyness(tokens, ["t1", "t2"], reference="r", correction=None, alpha=0.002)
        assert not strict["significant"].any()
        # significant means p strictly below alpha
        p_war = float(plain.set_index("term").loc["war", "p"])
        at = cnb.keyness(tokens, ["t1", "t2"], reference="r", correction=None, alpha=p_war)
        assert at.loc[at["significant"], "term"].tolist() == ["growth", "reform"]

    def test_bonferroni_over_one_term(self):
        # min_count 10 leaves people alone (1 + 9, exactly 10): p = 0.176 < 0.3 / 1
        table = cnb.keyness(_table(KEYNESS), ["t1", "t2"], reference="r", min_count=10,
                            alpha=0.3)
        assert _rows(table, ["term", "significant"]) == [("people", True)]

    def test_reference_is_the_rest(self):
        # the reference is r + u: 33 tokens, with reform 1 and war 8 + 2
        table = cnb.keyness(_table(KEYNESS), ["t1", "t2"]).set_index("term")
        assert table.loc["reform", "reference_count"] == 1
        assert table.loc["war", "reference_count"] == 10
        assert table.loc["war", "reference_per_10k"] == pytest.approx(10 / 33 * 1e4)
        assert table.loc["people", "reference_per_10k"] == pytest.approx(9 / 33 * 1e4)

    def test_one_target_document(self):
        # t1 alone (5 tokens: reform 2, growth 3) against r; min_count 1 keeps everything
        table = cnb.keyness(_table(KEYNESS), "t1", reference="r", min_count=1).set_index("term")
        assert sorted(table.index) == ["army", "crisis", "growth", "nation", "people",
                                       "reform", "war"]
        assert table.loc["reform", "target_per_10k"] == pytest.approx(2 / 5 * 1e4)

    def test_metadata_selection(self, party_tokens):
        # both fields must match: Greens in 2019 is a alone (oil and gas); the rest is
        # b + c + d (oil prices rise the oil oil: 6 tokens)
        table = cnb.keyness(party_tokens, {"party": "Greens", "year": 2019}, min_count=1)
        assert sorted(_rows(table, ["term", "target_count", "reference_count"])) == [
            ("and", 1, 0), ("gas", 1, 0), ("oil", 1, 3), ("prices", 0, 1), ("rise", 0, 1),
            ("the", 0, 1)]
        oil = table.set_index("term").loc["oil"]
        assert (oil["target_per_10k"], oil["reference_per_10k"]) == pytest.approx(
            (1 / 3 * 1e4, 3 / 6 * 1e4))
        # a list of values and a selection for the reference: 2019 (a, b) against 2020 (c)
        table = cnb.keyness(party_tokens, {"year": [2019]}, reference={"year": 2020},
                            min_count=1)
        assert sorted(_rows(table, ["term", "target_count", "reference_count"])) == [
            ("and", 1, 0), ("gas", 1, 0), ("oil", 2, 1), ("prices", 1, 0), ("rise", 1, 0),
            ("the", 0, 1)]

    def test_metadata_selection_on_part_of_the_corpus(self, party_tokens):
        part = party_tokens[party_tokens["doc_id"] != "d"]
        table = cnb.keyness(part, {"party": "Labour"}, min_count=1)  # b against a + c
        assert sorted(_rows(table, ["term", "target_count", "reference_count"])) == [
            ("and", 0, 1), ("gas", 0, 1), ("oil", 1, 2), ("prices", 1, 0), ("rise", 1, 0),
            ("the", 0, 1)]

    def test_metadata_selection_errors(self, party_corpus, party_tokens):
        with pytest.raises(ValueError, match=re.escape(
                "no document of this table matches {'party': 'Tories'}; the values there are "
                "['Greens', 'Labour']")):
            cnb.keyness(party_tokens, {"party": "Tories"})
        fields = ", ".join(party_corpus.metadata.columns)
        with pytest.raises(ValueError, match=re.escape(
                f"no metadata field 'colour'; the fields are {fields}")):
            cnb.keyness(party_tokens, {"colour": "red"})

    def test_min_count_on_the_seeds(self, seed_tokens):
        # the reference is the rest, so target + reference is the whole table: the terms kept
        # are those counted at least 3 times in all (hundreds of them exactly 3 times)
        counts = Counter(seed_tokens["norm"].astype(str))
        table = cnb.keyness(seed_tokens, "lrb-2015")
        assert set(table["term"]) == {t for t, c in counts.items() if c >= 3}
        assert sum(c == 3 for c in counts.values()) > 300

    def test_g2_and_p_against_scipy_on_the_seeds(self, seed_tokens):
        table = cnb.keyness(seed_tokens, "lrb-2015", min_count=5)
        n_target = int((seed_tokens["doc_id"] == "lrb-2015").sum())
        n_reference = len(seed_tokens) - n_target
        for row in table.sample(40, random_state=1).itertuples():
            a, b = row.target_count, row.reference_count
            observed = np.array([[a, b], [n_target - a, n_reference - b]])
            g, p, _, _ = stats.chi2_contingency(observed, lambda_="log-likelihood",
                                                correction=False)
            assert abs(row.g2) == pytest.approx(g, rel=1e-9)
            assert row.p == pytest.approx(p, rel=1e-6, abs=1e-300)
            sign = 1 if a / n_target >= b / n_reference else -1
            assert math.copysign(1, row.g2) == sign or row.g2 == 0

    def test_signed_sorting_and_reference_ids(self, seed_tokens):
        content = seed_tokens[~seed_tokens["is_stop"]]
        table = cnb.keyness(content, "lrb-2015", reference="markedonov-2012")
        assert table["g2"].is_monotonic_decreasing
        assert table.iloc[0]["term"] == "putin" and table.iloc[-1]["g2"] < 0
        assert "kazakhstan" not in set(table["term"])  # only in the unused document

    def test_bad_ids(self, seed_tokens):
        with pytest.raises(ValueError, match=r"no tokens for documents \['nope'\]"):
            cnb.keyness(seed_tokens, "nope")
        message = "^target and reference must be non-empty and must not overlap$"
        with pytest.raises(ValueError, match=message):
            cnb.keyness(seed_tokens, "lrb-2015", reference="lrb-2015")
        with pytest.raises(ValueError, match=message):  # no document left for the reference
            cnb.keyness(seed_tokens, ["lrb-2015", "markedonov-2012", "kazakhstan-eu-2018"])


class TestPlainColumns:
    # A table whose text columns are plain strings, not categoricals (a table read back
    # from CSV): the same frequencies as the categorical table, by hand in
    # TestFrequencies above
    @pytest.mark.parametrize("by", [None, "doc_id", "section"])
    def test_same_as_categorical(self, small, by):
        plain = small.assign(**{c: small[c].astype(object)
                                for c in ("doc_id", "token", "norm", "lemma")})
        expected = cnb.frequencies(small, by=by)
        ours = cnb.frequencies(plain, by=by)
        assert ours.values.tolist() == expected.values.tolist()
        assert ours["count"].dtype == "int64"


class TestLogLikelihood:
    def test_small_table_by_hand(self):
        # a=10, b=0, c=90, d=100: E11 = 10*100/200 = 5, E12 = 5, E21 = 95, E22 = 95
        expected = 2 * (10 * math.log(10 / 5) + 90 * math.log(90 / 95) + 100 * math.log(100 / 95))
        assert float(cnb.log_likelihood(10, 0, 90, 100)) == pytest.approx(expected)

    def test_vectorised_with_zero_cells_and_no_warning(self):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # log(0) and 0 * inf must not be evaluated openly
            g2 = cnb.log_likelihood([10, 4, 0], [0, 2, 0], [90, 6, 5], [100, 18, 5])
        # second table [[4, 2], [6, 18]]: E = [[6*10/30, 6*20/30], [24*10/30, 24*20/30]]
        #   = [[2, 4], [8, 16]]; third: the term never occurs, so G2 = 0
        second = 2 * (4 * math.log(4 / 2) + 2 * math.log(2 / 4) + 6 * math.log(6 / 8)
                      + 18 * math.log(18 / 16))
        first = 2 * (10 * math.log(2) + 90 * math.log(90 / 95) + 100 * math.log(100 / 95))
        assert g2.tolist() == pytest.approx([first, second, 0.0])

    @pytest.mark.parametrize("array", ["a", "b", "c", "d"])
    def test_one_array_among_scalars(self, array):
        # The tables [[10, 0], [90, 100]] and [[4, 2], [6, 18]] and [[0, 0], [5, 5]] again,
        # with one cell given as an array and the others broadcast from scalars where they
        # agree: each result is the G² of its own table (by scipy), zero cells included
        cells = {"a": [10, 4, 0], "b": [0, 2, 0], "c": [90, 6, 5], "d": [100, 18, 5]}
        for k in range(3):
            args = {name: (values if name == array else values[k])
                    for name, values in cells.items()}
            g2 = cnb.log_likelihood(args["a"], args["b"], args["c"], args["d"])
            assert np.shape(g2) == (3,)
            table = [[cells["a"][k], cells["b"][k]], [cells["c"][k], cells["d"][k]]]
            expected = 0.0 if cells["a"][k] + cells["b"][k] == 0 else stats.chi2_contingency(
                table, lambda_="log-likelihood", correction=False)[0]
            assert g2[k] == pytest.approx(expected)

    def test_counts_of_a_large_reference_corpus(self):
        # row and column totals of 1e10 multiply past the int64 range: computed in floats
        a, b, c, d = 6 * 10**9, 4 * 10**9, 4 * 10**9, 6 * 10**9
        # E = 1e10 * 1e10 / 2e10 = 5e9 in every cell
        expected = 2 * (2 * 6e9 * math.log(6 / 5) + 2 * 4e9 * math.log(4 / 5))
        assert float(cnb.log_likelihood(a, b, c, d)) == pytest.approx(expected)


class TestLogRatio:
    def test_by_hand(self):
        assert cnb.log_ratio(20, 10, 1000, 1000) == pytest.approx(1.0)
        assert cnb.log_ratio(1, 4, 1000, 1000) == pytest.approx(-2.0)  # log2(1/4)
        expected = math.log2((8 / 1000) / (0.5 / 2000))  # the zero count becomes 0.5
        assert cnb.log_ratio(8, 0, 1000, 2000) == pytest.approx(expected)
        assert cnb.log_ratio(0, 10, 1000, 1000) == pytest.approx(math.log2(0.5 / 10))

    def test_vectorised(self):
        ratios = cnb.log_ratio(np.array([20, 0, 1]), np.array([10, 5, 0]), 1000, 2000)
        # (20/1000)/(10/2000) = 4; (0.5/1000)/(5/2000) = 0.2; (1/1000)/(0.5/2000) = 4
        assert ratios.tolist() == pytest.approx([2.0, math.log2(0.2), 2.0])


class TestEmptyTable:
    NUMBERS = {"count", "per_10k", "docs", "tf", "idf", "tf_idf", "tokens", "types", "ttr",
               "mattr", "hapaxes", "hapax_share", "rank", "proportion",
               "rank_times_proportion", "target_count", "reference_count", "target_per_10k",
               "reference_per_10k", "g2", "p", "log_ratio"}

    @pytest.mark.parametrize("function, kwargs, columns", [
        (cnb.frequencies, {}, ["term", "count", "per_10k", "docs"]),
        (cnb.frequencies, {"by": "section"},
         ["term", "doc_id", "section", "count", "per_10k", "docs"]),
        (cnb.frequencies, {"by": "year"}, ["term", "year", "count", "per_10k", "docs"]),
        (cnb.tfidf, {}, ["term", "doc_id", "count", "tf", "idf", "tf_idf"]),
        (cnb.lexical_stats, {}, ["doc_id", "tokens", "types", "ttr", "mattr", "hapaxes",
                                 "hapax_share"]),
        (cnb.lexical_stats, {"by": None}, ["tokens", "types", "ttr", "mattr", "hapaxes",
                                           "hapax_share"]),
        (cnb.zipf, {}, ["rank", "term", "count", "proportion", "rank_times_proportion"]),
        (cnb.keyness, {"target": "lrb-2015"}, TestKeyness.COLUMNS),
        (cnb.keyness, {"target": {"year": 2015}}, TestKeyness.COLUMNS),
    ])
    def test_empty_table_with_the_usual_columns(self, seed_tokens, function, kwargs, columns):
        empty = seed_tokens.iloc[:0]
        table = function(empty, **kwargs)
        assert table.columns.tolist() == columns
        assert len(table) == 0
        numbers = [c for c in columns if c in self.NUMBERS]
        assert all(pd.api.types.is_numeric_dtype(table[c]) for c in numbers), table.dtypes
