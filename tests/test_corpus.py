"""Loading: the seed corpus, any folder, encodings, catalogs and bad input."""
from __future__ import annotations

import hashlib
import os
import warnings

import pytest

import corpusnb as cnb
from corpusnb import CorpusError, CorpusWarning

SEED_IDS = ["markedonov-2012", "lrb-2015", "kazakhstan-eu-2018"]


class TestSeedCorpus:
    def test_ids_in_catalog_order(self, seed_corpus):
        assert seed_corpus.ids == SEED_IDS
        assert [doc.id for doc in seed_corpus] == SEED_IDS
        assert len(seed_corpus) == 3

    def test_loads_from_any_working_directory(self, tmp_path, monkeypatch):
        monkeypatch.chdir(tmp_path)
        assert cnb.load_corpus().ids == SEED_IDS

    def test_metadata(self, seed_corpus):
        meta = seed_corpus.metadata
        assert meta.index.tolist() == SEED_IDS
        assert meta["year"].tolist() == [2012, 2015, 2018]
        assert meta.loc["markedonov-2012", "author"] == "Sergey M. Markedonov"
        assert meta.loc["lrb-2015", "author"] == ""
        assert meta.loc["kazakhstan-eu-2018", "source"].endswith("10.1186/s40856-018-0026-9")
        assert set(meta["encoding"]) == {"utf-8"}
        for doc in seed_corpus:
            assert meta.loc[doc.id, "n_chars"] == len(doc.text)
            assert meta.loc[doc.id, "n_words"] == len(doc.text.split())

    def test_raw_is_the_file_untouched(self, seed_corpus):
        for doc in seed_corpus:
            data = (cnb.seed_path() / doc.meta["file"]).read_bytes()
            assert doc.raw == data.decode("utf-8")

    def test_catalog_checksums_match_the_shipped_seeds(self, seed_corpus):
        import tomllib
        catalog = tomllib.loads((cnb.seed_path() / "catalog.toml").read_text("utf-8"))
        for entry in catalog["document"]:
            data = (cnb.seed_path() / entry["file"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == entry["sha256"]

    def test_unknown_id_names_the_ids(self, seed_corpus):
        with pytest.raises(KeyError, match="markedonov-2012"):
            seed_corpus["nope"]


class TestLoadFolder:
    def test_without_catalog(self, tiny_corpus):
        assert tiny_corpus.ids == ["a", "b"]
        assert tiny_corpus.metadata.loc["a", "title"] == "Separatism in the North Caucasus."

    def test_csv_catalog(self, tiny_folder):
        (tiny_folder / "catalog.csv").write_text(
            "file,doc_id,title,year\nb.txt,second,Bee,2001\na.txt,first,Ay,2000\n",
            encoding="utf-8")
        corpus = cnb.load_corpus(tiny_folder)
        assert corpus.ids == ["second", "first"]
        assert corpus.metadata["year"].tolist() == [2001, 2000]

    def test_file_missing_from_catalog_is_loaded_with_warning(self, tiny_folder):
        (tiny_folder / "catalog.toml").write_text(
            '[[document]]\nfile = "a.txt"\ndoc_id = "first"\n', encoding="utf-8")
        with pytest.warns(CorpusWarning, match=r"b\.txt"):
            corpus = cnb.load_corpus(tiny_folder)
        assert corpus.ids == ["first", "b"]

    def test_changed_source_text_warns(self, tiny_folder):
        (tiny_folder / "catalog.toml").write_text(
            '[[document]]\nfile = "a.txt"\nsha256 = "00"\n'
            '[[document]]\nfile = "b.txt"\n', encoding="utf-8")
        with pytest.warns(CorpusWarning, match=r"a\.txt differs from the sha256"):
            cnb.load_corpus(tiny_folder)

    def test_source_files_are_only_read(self, tiny_folder):
        before = {p.name: (p.read_bytes(), os.stat(p).st_mtime_ns) for p in tiny_folder.iterdir()}
        cnb.tokenize(cnb.load_corpus(tiny_folder))
        after = {p.name: (p.read_bytes(), os.stat(p).st_mtime_ns) for p in tiny_folder.iterdir()}
        assert before == after


ENCODED = [
    ("utf-8", "Политика и «сепаратизм» — Қазақстан", "utf-8"),
    ("utf-8-sig", "Политика и сепаратизм", "utf-8-sig"),
    ("utf-16", "Политика, Қазақстан, naïve café", "utf-16"),
    ("cp1251", "Сепаратизм на Северном Кавказе: новые вызовы для России.", "cp1251"),
    ("latin-1", "Le séparatisme n'est pas une idée neuve à Genève.", "latin-1"),
    ("cp1252", "Der “Separatismus” in Südtirol – ein Überblick.", "cp1252"),
]


class TestDecode:
    @pytest.mark.parametrize(("codec", "text", "detected"), ENCODED)
    def test_detects_and_decodes(self, tmp_path, codec, text, detected):
        path = tmp_path / "doc.txt"
        path.write_bytes(text.encode(codec))
        assert cnb.decode(path) == (text, detected)

    def test_binary_file_is_refused_by_name(self, tmp_path):
        path = tmp_path / "image.txt"
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
        with pytest.raises(CorpusError, match=r"image\.txt looks binary"):
            cnb.load_corpus(tmp_path)


class TestNormalisation:
    def test_line_endings_and_nfc_in_text_not_raw(self, tmp_path):
        raw = "Cafe\u0301 politics\r\nsecond line\rthird\n"
        (tmp_path / "x.txt").write_bytes(raw.encode("utf-8"))
        doc = cnb.load_corpus(tmp_path)["x"]
        assert doc.raw == raw
        assert doc.text == "Café politics\nsecond line\nthird\n"


class TestBadInput:
    def test_missing_folder(self, tmp_path):
        with pytest.raises(CorpusError, match=r"nowhere does not exist"):
            cnb.load_corpus(tmp_path / "nowhere")

    def test_folder_without_texts(self, tmp_path):
        (tmp_path / "notes.md").write_text("x")
        with pytest.raises(CorpusError, match=r"holds no \.txt files"):
            cnb.load_corpus(tmp_path)

    def test_empty_file_is_kept_with_a_warning(self, tiny_folder):
        (tiny_folder / "c.txt").write_bytes(b"")
        with pytest.warns(CorpusWarning, match=r"c\.txt is empty"):
            corpus = cnb.load_corpus(tiny_folder)
        tokens = cnb.tokenize(corpus)
        assert corpus.ids == ["a", "b", "c"]
        assert (tokens["doc_id"] == "c").sum() == 0
        assert (tokens["doc_id"] == "a").sum() == 16  # 5 + 6 + 5 (Russia, ’s, ...)

    def test_catalog_entry_without_file(self, tiny_folder):
        (tiny_folder / "catalog.toml").write_text(
            '[[document]]\nfile = "a.txt"\n[[document]]\nfile = "gone.txt"\ndoc_id = "g"\n',
            encoding="utf-8")
        with pytest.raises(CorpusError, match=r"lists 'gone\.txt' \(doc_id 'g'\)"):
            cnb.load_corpus(tiny_folder)

    def test_duplicate_doc_id(self, tiny_folder):
        (tiny_folder / "catalog.toml").write_text(
            '[[document]]\nfile = "a.txt"\ndoc_id = "x"\n'
            '[[document]]\nfile = "b.txt"\ndoc_id = "x"\n', encoding="utf-8")
        with pytest.raises(CorpusError, match=r"doc_id 'x' to both 'a\.txt' and 'b\.txt'"):
            cnb.load_corpus(tiny_folder)

    def test_malformed_catalog_names_file_and_line(self, tiny_folder):
        (tiny_folder / "catalog.toml").write_text(
            '[[document]]\nfile = "a.txt"\ntitle = "unclosed\n', encoding="utf-8")
        with pytest.raises(CorpusError, match=r"catalog\.toml is not valid TOML .*line 3"):
            cnb.load_corpus(tiny_folder)

    def test_unknown_cleaning_setting(self, tiny_folder):
        (tiny_folder / "catalog.toml").write_text(
            '[[document]]\nfile = "a.txt"\n[document.cleaning]\nheaders = true\n',
            encoding="utf-8")
        with pytest.raises(CorpusError, match=r"number 1 \(a\.txt\) has unknown cleaning"):
            cnb.load_corpus(tiny_folder)

    def test_csv_catalog_without_file_column(self, tiny_folder):
        (tiny_folder / "catalog.csv").write_text("name,title\na.txt,A\n", encoding="utf-8")
        with pytest.raises(CorpusError, match=r"catalog\.csv has no 'file' column"):
            cnb.load_corpus(tiny_folder)

    def test_nothing_warns_on_the_seeds(self):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            cnb.load_corpus()
