"""Claims about the seed texts, and sentences that report counts."""
from __future__ import annotations

import pandas as pd
import pytest

import corpusnb as cnb


class TestClaim:
    def test_checked_on_the_seeds(self, seed_corpus, capsys):
        cnb.claim("Three texts.", lambda: len(seed_corpus) == 3, corpus=seed_corpus)
        assert capsys.readouterr().out == "Checked: Three texts.\n"

    def test_false_claim_fails(self, seed_corpus):
        with pytest.raises(cnb.ClaimError, match="no longer holds .*: Four texts."):
            cnb.claim("Four texts.", lambda: len(seed_corpus) == 4, corpus=seed_corpus)

    def test_other_corpus_is_not_checked(self, tiny_corpus, capsys):
        def would_fail():
            raise AssertionError("must not be called")
        cnb.claim("Markedonov writes of separatism.", would_fail, corpus=tiny_corpus)
        out = capsys.readouterr().out
        assert out.startswith("(This check is about the seed texts;")
        assert "Markedonov" not in out  # the page names nothing that is not in its corpus

    def test_seed_detection_by_checksums(self, seed_corpus, tiny_corpus, tmp_path):
        assert cnb.is_seed_corpus(seed_corpus)
        assert not cnb.is_seed_corpus(tiny_corpus)
        # the seeds with their citations kept are still the seed texts
        assert cnb.is_seed_corpus(cnb.load_corpus(keep_citations=True))
        # a copy of the seed folder is the seed corpus; one changed byte is not
        copy = tmp_path / "copy"
        copy.mkdir()
        for path in cnb.seed_path().iterdir():
            if path.suffix in (".txt", ".toml"):
                (copy / path.name).write_bytes(path.read_bytes())
        assert cnb.is_seed_corpus(cnb.load_corpus(copy))
        changed = copy / "001_d568067f56a9492c.txt"
        changed.write_bytes(changed.read_bytes() + b" ")
        with pytest.warns(cnb.CorpusWarning, match="differs from the sha256"):
            assert not cnb.is_seed_corpus(cnb.load_corpus(copy))


class TestRatesSentence:
    def test_sorted_with_counts(self):
        table = pd.DataFrame({"doc_id": ["a", "b", "c"], "count": [1, 4, 4],
                              "per_10k": [2.0, 8.5, 8.5]})
        assert cnb.rates_sentence(table, name="doc_id", what="oil") == (
            "oil: b 8.5 per 10,000 words (4 hits); c 8.5 (4); a 2.0 (1).")

    def test_limit_sums_up_the_rest(self):
        table = pd.DataFrame({"doc_id": list("abcd"), "count": [1, 4, 2, 3],
                              "per_10k": [1.0, 4.0, 2.0, 3.0]})
        assert cnb.rates_sentence(table, name="doc_id", what="oil", limit=2) == (
            "oil: b 4.0 per 10,000 words (4 hits); d 3.0 (3); and 2 more with 3 hits in all.")

    def test_rows_without_hits_are_summed_up(self):
        table = pd.DataFrame({"doc_id": list("abc"), "count": [0, 2, 0],
                              "per_10k": [0.0, 4.0, 0.0]})
        assert cnb.rates_sentence(table, name="doc_id", what="oil") == (
            "oil: b 4.0 per 10,000 words (2 hits); none in the other 2.")

    def test_nothing_to_report(self):
        empty = pd.DataFrame({"doc_id": [], "count": [], "per_10k": []})
        assert cnb.rates_sentence(empty, name="doc_id", what="oil") == \
            "No hits for oil in this corpus."


def _folder(tmp_path, files):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return cnb.load_corpus(tmp_path)


class TestCorpusSentence:
    def test_counts_years_languages(self, tmp_path):
        corpus = _folder(tmp_path, {"a-2001.txt": "One two three.",
                                    "b-2004.txt": "Four five six seven eight nine ten.",
                                    "c.txt": "Один два."})
        tokens = cnb.tokenize(corpus)
        # 3 + 7 + 2 = 12 word tokens; the longest has 7 of 12 = 58%
        assert cnb.corpus_sentence(corpus, tokens) == (
            "3 documents, 12 word tokens, from 2001 to 2004, in English (2), Russian (1); "
            "the longest is b-2004 (7 word tokens, 58% of the corpus).")

    def test_one_empty_document(self, tmp_path):
        (tmp_path / "e.txt").write_text("", encoding="utf-8")
        with pytest.warns(cnb.CorpusWarning):
            corpus = cnb.load_corpus(tmp_path)
        assert cnb.corpus_sentence(corpus, cnb.tokenize(corpus)) == \
            "1 document, 0 word tokens, in undetermined (1)."


class TestFocusDocument:
    @pytest.fixture
    def tokens(self, tmp_path):
        corpus = _folder(tmp_path, {"a.txt": "oil oil gas words words words words",
                                    "b.txt": "oil oil water",
                                    "c.txt": "nothing here at all today"})
        return cnb.tokenize(corpus)

    def test_preferred_when_present(self, tokens):
        assert cnb.focus_document(tokens, "oil", preferred="c")[0] == "c"

    def test_most_hits_then_rate(self, tokens):
        # a and b both have 2 hits of oil; b's rate (2 of 3 words) beats a's (2 of 7)
        doc, why = cnb.focus_document(tokens, ["oil"], preferred="missing")
        assert doc == "b"
        assert why == ("Focus document: b, the document with the most hits of oil (2 of 4 in "
                       "the corpus, 6666.7 per 10,000 words).")

    def test_no_hits_falls_back_to_the_longest(self, tokens):
        assert cnb.focus_document(tokens, ["zebra*"]) == (
            "a", "No document uses zebra*; the focus is the longest document, a (7 word "
                 "tokens).")

    def test_no_tokens(self, tokens):
        assert cnb.focus_document(tokens.head(0), ["oil"])[0] is None


class TestComparisonGroups:
    def test_documents_when_few(self, tiny_corpus):
        assert cnb.comparison_groups(tiny_corpus)[:2] == ("doc_id", {"a": ["a"], "b": ["b"]})

    def test_a_metadata_field_when_many(self, tmp_path):
        corpus = _folder(tmp_path, {f"d{k}.txt": f"Text {k}." for k in range(8)})
        for k, doc in enumerate(corpus):
            doc.meta["speaker"] = f"s{k % 4}"  # 4 values: more than party's
            doc.meta["party"] = "AB"[k % 2]
            doc.meta["seat"] = f"x{k}"  # 8 values: too many to compare
        field, groups, why = cnb.comparison_groups(corpus)
        assert field == "party"
        assert groups == {"A": ["d0", "d2", "d4", "d6"], "B": ["d1", "d3", "d5", "d7"]}
        assert "grouped by 'party' (2 values)" in why

    def test_the_longest_when_no_field_fits(self, tmp_path):
        corpus = _folder(tmp_path, {f"d{k}.txt": "word " * (k + 1) for k in range(8)})
        field, groups, _ = cnb.comparison_groups(corpus, max_groups=3)
        assert field == "doc_id" and list(groups) == ["d5", "d6", "d7"]

    def test_unknown_field(self, tiny_corpus):
        with pytest.raises(ValueError, match="no metadata field 'party'"):
            cnb.comparison_groups(tiny_corpus, "party")


class TestMainTables:
    def test_tables_of_a_small_corpus(self, tiny_corpus):
        tables = cnb.main_tables(tiny_corpus)
        assert list(tables) == ["documents", "frequencies", "frequencies_by_document",
                                "themes_by_document", "keyness"]
        assert tables["documents"].index.tolist() == ["a", "b"]
        top = tables["frequencies"].set_index("term")["count"]
        assert top["separatism"] == 3 and top["sistema"] == 2
        assert set(tables["keyness"]["target"]) == {"a", "b"}


def test_the_longest_document_of_a_large_corpus_is_not_zero_percent():
    # 3,000 documents of one word, the first of two: 2 / 3,001 = 0.0666 % of the tokens
    import pandas as pd

    from corpusnb.report import corpus_sentence

    class Many:
        ids = [f"d{k:04d}" for k in range(3_000)]
        metadata = pd.DataFrame({"year": [None] * 3_000, "language": ["en"] * 3_000},
                                index=ids)

        def __len__(self):
            return 3_000
    codes = [0, *range(3_000)]
    tokens = pd.DataFrame({"doc_id": pd.Categorical.from_codes(codes, Many.ids)})
    assert corpus_sentence(Many(), tokens) == (
        "3,000 documents, 3,001 word tokens, in English (3000); the longest is d0000 "
        "(2 word tokens, 0.067% of the corpus).")
