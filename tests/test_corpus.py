"""Loading: the seed corpus, any folder, encodings, catalogs and bad input."""
from __future__ import annotations

import hashlib
import os
import warnings

import pandas as pd
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


class TestFolders:
    def test_recursive_and_case_insensitive(self, tmp_path):
        (tmp_path / "A.TXT").write_text("Upper case suffix.", encoding="utf-8")
        (tmp_path / "sub" / "deeper").mkdir(parents=True)
        (tmp_path / "sub" / "deeper" / "b.txt").write_text("In a subfolder.", encoding="utf-8")
        (tmp_path / ".hidden").mkdir()
        (tmp_path / ".hidden" / "c.txt").write_text("Hidden.", encoding="utf-8")
        corpus = cnb.load_corpus(tmp_path)
        assert corpus.ids == ["A", "sub/deeper/b"]
        assert corpus.metadata["file"].tolist() == ["A.TXT", "sub/deeper/b.txt"]

    def test_unreadable_files_are_listed_in_a_warning(self, tiny_folder):
        (tiny_folder / "notes.md").write_text("x", encoding="utf-8")
        (tiny_folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
        with pytest.warns(CorpusWarning, match=r"skipped 2 file\(s\).*notes\.md, old\.doc"):
            corpus = cnb.load_corpus(tiny_folder)
        assert corpus.ids == ["a", "b"]

    def test_one_file(self, tiny_folder):
        corpus = cnb.load_corpus(tiny_folder / "b.txt")
        assert corpus.ids == ["b"]

    def test_year_from_the_file_name(self, tmp_path):
        for name in ("speech-2019.txt", "report_1998_final.txt", "two-2019-2020.txt",
                     "code12019.txt"):
            (tmp_path / name).write_text("Text.", encoding="utf-8")
        years = cnb.load_corpus(tmp_path).metadata["year"]
        assert years.dropna().to_dict() == {"report_1998_final": 1998, "speech-2019": 2019}
        assert years.isna().sum() == 2 and str(years.dtype) == "Int64"

    def test_language_from_the_script_or_the_catalog(self, tmp_path):
        (tmp_path / "en.txt").write_text("Separatism and the state.", encoding="utf-8")
        (tmp_path / "ru.txt").write_text("Сепаратизм и государство.", encoding="utf-8")
        (tmp_path / "de.txt").write_text("Der Staat.", encoding="utf-8")
        (tmp_path / "catalog.toml").write_text(
            '[[document]]\nfile = "de.txt"\nlanguage = "de"\n'
            '[[document]]\nfile = "en.txt"\n[[document]]\nfile = "ru.txt"\n', encoding="utf-8")
        assert cnb.load_corpus(tmp_path).metadata["language"].to_dict() == {
            "de": "de", "en": "en", "ru": "ru"}


class TestCatalogMetadata:
    def test_toml_keeps_every_field(self, tiny_folder):
        (tiny_folder / "catalog.toml").write_text(
            '[[document]]\nfile = "a.txt"\nparty = "Greens"\nseats = 12\n'
            'date = 2019-03-05\n[[document]]\nfile = "b.txt"\ncountry = "Georgia"\n',
            encoding="utf-8")
        meta = cnb.load_corpus(tiny_folder).metadata
        assert meta.loc["a", "party"] == "Greens" and meta.loc["a", "seats"] == 12
        assert meta.loc["a", "year"] == 2019  # from the date
        assert meta.loc["b", "country"] == "Georgia" and pd.isna(meta.loc["a", "country"])
        assert pd.isna(meta.loc["b", "party"])

    def test_csv_keeps_every_column(self, tiny_folder):
        (tiny_folder / "catalog.csv").write_text(
            "file,doc_id,country,party\na.txt,first,Armenia,Left\nb.txt,second,Georgia,\n",
            encoding="utf-8")
        meta = cnb.load_corpus(tiny_folder).metadata
        assert meta["country"].tolist() == ["Armenia", "Georgia"]
        assert meta.loc["first", "party"] == "Left" and pd.isna(meta.loc["second", "party"])

    def test_csv_catalog_not_utf8_names_file_and_line(self, tiny_folder):
        (tiny_folder / "catalog.csv").write_bytes(
            "file,title\na.txt,Ok\nb.txt,Café\n".encode("cp1252"))
        with pytest.raises(CorpusError, match=r"catalog\.csv is not UTF-8 \(byte 0xe9 on "
                                              r"line 3\); re-save"):
            cnb.load_corpus(tiny_folder)

    def test_toml_catalog_not_utf8(self, tiny_folder):
        (tiny_folder / "catalog.toml").write_bytes(
            '[[document]]\nfile = "a.txt"\ntitle = "Café"\n'.encode("latin-1"))
        with pytest.raises(CorpusError, match=r"catalog\.toml is not UTF-8 .*line 3"):
            cnb.load_corpus(tiny_folder)

    def test_list_values_are_refused(self, tiny_folder):
        (tiny_folder / "catalog.toml").write_text(
            '[[document]]\nfile = "a.txt"\ntags = ["x", "y"]\n', encoding="utf-8")
        with pytest.raises(CorpusError, match=r"number 1 \(a\.txt\): \['tags'\] must be single"):
            cnb.load_corpus(tiny_folder)


class TestMostlyUtf8:
    def test_one_cp1252_line_is_replaced_not_reread(self, tmp_path):
        data = ("Café in Zürich.\nSecond line ".encode("utf-8") + "“quoted”".encode("cp1252")
                + b"\nThird line.\n")
        (tmp_path / "mixed.txt").write_bytes(data)
        with pytest.warns(CorpusWarning, match=r"mixed\.txt is UTF-8 except for 2 byte\(s\) "
                                               r"on line\(s\) 2,"):
            doc = cnb.load_corpus(tmp_path)["mixed"]
        assert doc.raw == "Café in Zürich.\nSecond line \ufffdquoted\ufffd\nThird line.\n"
        assert doc.meta["encoding"] == "utf-8 (2 bad bytes replaced)"

    def test_russian_utf8_with_cp1252_quotes(self, tmp_path):
        data = ("Сепаратизм\n".encode("utf-8") + b"\x93" + "Россия".encode("utf-8")
                + b"\x94\n" + "и регионы\n".encode("utf-8") + b"\x85\n")
        (tmp_path / "ru.txt").write_bytes(data)
        with pytest.warns(CorpusWarning, match=r"3 byte\(s\) on line\(s\) 2, 4,"):
            doc = cnb.load_corpus(tmp_path)["ru"]
        assert doc.raw == "Сепаратизм\n\ufffdРоссия\ufffd\nи регионы\n\ufffd\n"
        assert doc.meta["language"] == "ru"

    def test_legacy_file_without_utf8_reading_is_still_detected(self, tmp_path):
        text = "Сепаратизм на Северном Кавказе и «новые» вызовы."
        (tmp_path / "old.txt").write_bytes(text.encode("cp1251"))
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            doc = cnb.load_corpus(tmp_path)["old"]
        assert (doc.raw, doc.meta["encoding"]) == (text, "cp1251")

    def test_source_is_not_modified(self, tmp_path):
        data = b"caf\xc3\xa9 r\xc3\xa9sum\xc3\xa9 \xe9t\n"  # 3 good characters, 1 bad byte
        (tmp_path / "x.txt").write_bytes(data)
        with pytest.warns(CorpusWarning):
            cnb.load_corpus(tmp_path)
        assert (tmp_path / "x.txt").read_bytes() == data


class TestFormats:
    def test_csv_table_one_document_per_row(self, tmp_path):
        (tmp_path / "speeches.csv").write_text(
            "doc_id,date,speaker,party,text\n"
            "s1,2019-03-05,Ana,Greens,Energy prices rose.\n"
            's2,2020-11-30,Ben,Liberals,"Two lines,\nof one speech."\n'
            "s3,2021-01-02,Ana,Greens,\n", encoding="utf-8")
        with pytest.warns(CorpusWarning, match=r"speeches\.csv, row 5 is empty"):
            corpus = cnb.load_corpus(tmp_path)
        meta = corpus.metadata
        assert corpus.ids == ["s1", "s2", "s3"]
        assert corpus["s2"].raw == "Two lines,\nof one speech."
        assert meta["party"].tolist() == ["Greens", "Liberals", "Greens"]
        assert meta["year"].tolist() == [2019, 2020, 2021]  # from the dates
        assert meta["row"].tolist() == [2, 3, 5]  # line numbers in the file
        assert meta["file"].tolist() == ["speeches.csv"] * 3

    def test_table_without_ids_and_with_another_text_column(self, tmp_path):
        path = tmp_path / "news.tsv"
        path.write_text("outlet\tbody\nA\tFirst story.\nB\tSecond story.\n", encoding="utf-8")
        corpus = cnb.load_corpus(path, text_column="body")
        assert corpus.ids == ["news-1", "news-2"]
        assert corpus.metadata["outlet"].tolist() == ["A", "B"]

    def test_missing_text_column_lists_the_columns(self, tmp_path):
        (tmp_path / "t.csv").write_text("id,body\n1,Text.\n", encoding="utf-8")
        with pytest.raises(CorpusError, match=r"t\.csv.*'id', 'body'.*text_column="):
            cnb.load_corpus(tmp_path)

    def test_jsonl_and_parquet(self, tmp_path):
        (tmp_path / "a.jsonl").write_text('{"text": "Один.", "country": "KZ"}\n'
                                          '{"text": "Two.", "country": "GE"}\n',
                                          encoding="utf-8")
        pd.DataFrame({"text": ["Three."], "outlet": ["X"]}).to_parquet(tmp_path / "b.parquet")
        corpus = cnb.load_corpus(tmp_path)
        assert corpus.ids == ["a-1", "a-2", "b-1"]
        assert corpus.metadata["language"].tolist() == ["ru", "en", "en"]
        assert corpus.metadata.loc["b-1", "outlet"] == "X"
        assert corpus.metadata.loc["a-1", "encoding"] == "utf-8"
        assert corpus.metadata.loc["b-1", "encoding"] == "parquet"

    def test_docx(self, tmp_path):
        from tests.documents import write_docx
        write_docx(tmp_path / "report-2017.docx", ["Introduction", "The committee met.", ""],
                   title="Committee report", author="A. Clerk", table=[["Item", "Votes"]])
        doc = cnb.load_corpus(tmp_path)["report-2017"]
        assert doc.meta["title"] == "Committee report" and doc.meta["author"] == "A. Clerk"
        assert doc.meta["year"] == 2017 and doc.meta["encoding"] == "docx"
        assert "The committee met." in doc.text and "Votes" in doc.text

    def test_pdf_and_scanned_pdf(self, tmp_path):
        from tests.documents import write_pdf
        write_pdf(tmp_path / "brief.pdf", [["A short briefing on energy."]])
        write_pdf(tmp_path / "scan.pdf", [[], []])
        with pytest.warns(CorpusWarning, match=r"scan\.pdf: it has no text layer at all.*OCR"):
            corpus = cnb.load_corpus(tmp_path)
        assert corpus["brief"].text.strip() == "A short briefing on energy."
        assert corpus["scan"].text == "" and corpus.metadata.loc["scan", "n_words"] == 0

    def test_pdf_with_some_pages_scanned(self, tmp_path):
        from tests.documents import write_pdf
        write_pdf(tmp_path / "mixed.pdf", [["Page one."], [], ["Page three."], []])
        with pytest.warns(CorpusWarning, match=r"mixed\.pdf: pages 2, 4 have no text layer"):
            cnb.load_corpus(tmp_path)

    def test_duplicate_id_across_table_and_file(self, tmp_path):
        (tmp_path / "x.txt").write_text("Text.", encoding="utf-8")
        (tmp_path / "t.csv").write_text("doc_id,text\nx,Other.\n", encoding="utf-8")
        with pytest.raises(CorpusError, match=r"doc_id 'x' to both 't\.csv, row 2' and "
                                              r"'x\.txt'"):
            cnb.load_corpus(tmp_path)

    def test_catalog_may_not_describe_a_table(self, tmp_path):
        (tmp_path / "t.csv").write_text("text\nOne.\n", encoding="utf-8")
        (tmp_path / "catalog.toml").write_text('[[document]]\nfile = "t.csv"\ndoc_id = "t"\n',
                                              encoding="utf-8")
        with pytest.raises(CorpusError, match=r"describes the table 't\.csv'"):
            cnb.load_corpus(tmp_path)
