"""Readers: Word, PDF and table files into text, metadata and one row per document."""
from __future__ import annotations

import json
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import docx
import pandas as pd
import pypdf
import pytest
from docx.oxml import parse_xml

from corpusnb import CorpusError
from corpusnb.text.readers import read_docx, read_pdf, read_table, reflow

sys.path.insert(0, str(Path(__file__).parent))
from documents import write_docx, write_pdf  # noqa: E402

OWN_CORPUS = Path(__file__).parent / "fixtures" / "own_corpus"
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


# ---------------------------------------------------------------- Word

def _docx_with_body_xml(path: Path, *fragments: str) -> Path:
    """A .docx whose body holds these raw WordprocessingML fragments, in order."""
    document = docx.Document()
    body = document.element.body
    for fragment in fragments:
        body.sectPr.addprevious(parse_xml(fragment))
    document.save(path)
    return path


def _replace_member(source: Path, target: Path, name: str, data: bytes) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for member in old.namelist():
            new.writestr(member, data if member == name else old.read(member))


class TestReadDocx:
    def test_paragraphs_table_and_metadata(self, tmp_path):
        path = write_docx(
            tmp_path / "report.docx",
            ["Regional autonomy", "", "The northern province asks for self-government.",
             "A soft\nline break and a\ttab.", "   ", "Closing remarks."],
            title="Report on Autonomy", author="Committee on Regional Affairs",
            created=datetime(2019, 5, 14, 9, 30, tzinfo=timezone.utc),
            table=[["Party", "Seats"], ["Civic Union", "41"], ["", ""], ["Green Alliance", ""]],
            table_after=3, header="CONFIDENTIAL DRAFT", footer="Page 1 of 1")
        text, meta = read_docx(path)
        assert text == ("Regional autonomy\n\n"
                        "The northern province asks for self-government.\n\n"
                        "Party | Seats\nCivic Union | 41\nGreen Alliance\n\n"
                        "A soft line break and a tab.\n\n"
                        "Closing remarks.\n")
        assert meta == {"title": "Report on Autonomy", "author": "Committee on Regional Affairs",
                        "year": 2019, "date": "2019-05-14"}

    def test_template_placeholders_are_not_metadata(self, tmp_path):
        path = tmp_path / "plain.docx"
        document = docx.Document()  # author "python-docx", created 2013-12-23
        document.add_paragraph("Text.")
        document.save(path)
        assert read_docx(path) == ("Text.\n", {})

    def test_document_without_text(self, tmp_path):
        assert read_docx(write_docx(tmp_path / "empty.docx", ["", " "])) == ("", {})

    def test_tracked_changes_as_accepted(self, tmp_path):
        path = _docx_with_body_xml(tmp_path / "changes.docx", (
            f'<w:p {W_NS}><w:r><w:t xml:space="preserve">Secession is </w:t></w:r>'
            '<w:del w:id="1" w:author="x"><w:r><w:delText>never</w:delText></w:r></w:del>'
            '<w:ins w:id="2" w:author="x"><w:r><w:t>not</w:t></w:r></w:ins>'
            '<w:r><w:t xml:space="preserve"> an option.</w:t></w:r></w:p>'))
        assert read_docx(path)[0] == "Secession is not an option.\n"

    def test_content_controls_read_and_text_boxes_left_out(self, tmp_path):
        path = _docx_with_body_xml(
            tmp_path / "controls.docx",
            f'<w:sdt {W_NS}><w:sdtContent><w:p><w:r><w:t>Cover title</w:t></w:r></w:p>'
            '</w:sdtContent></w:sdt>',
            f'<w:p {W_NS} xmlns:v="urn:schemas-microsoft-com:vml"><w:r><w:t>Body.</w:t></w:r>'
            '<w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Box text</w:t>'
            '</w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>')
        assert read_docx(path)[0] == "Cover title\n\nBody.\n"

    def test_merged_and_nested_table_cells(self, tmp_path):
        path = _docx_with_body_xml(tmp_path / "merged.docx", (
            f'<w:tbl {W_NS}>'
            '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>'
            '<w:p><w:r><w:t>Votes by party</w:t></w:r></w:p></w:tc></w:tr>'
            '<w:tr><w:tc><w:p><w:r><w:t>Civic</w:t></w:r></w:p><w:p><w:r><w:t>Union</w:t>'
            '</w:r></w:p></w:tc><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>41</w:t></w:r></w:p>'
            '</w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl>'))
        assert read_docx(path)[0] == "Votes by party\nCivic Union | 41\n"

    @pytest.mark.parametrize("damage", ["renamed_doc", "truncated", "other_zip", "bad_xml"])
    def test_not_a_docx(self, tmp_path, damage):
        path = tmp_path / f"{damage}.docx"
        good = write_docx(tmp_path / "good.docx", ["Text."]).read_bytes()
        if damage == "renamed_doc":   # an old binary Word file starts with the OLE signature
            path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
        elif damage == "truncated":
            path.write_bytes(good[: len(good) // 2])
        elif damage == "bad_xml":
            _replace_member(tmp_path / "good.docx", path, "word/document.xml", b"<w:document")
        else:
            with zipfile.ZipFile(path, "w") as archive:
                archive.writestr("notes.txt", "not a Word document")
        with pytest.raises(CorpusError, match=rf"{damage}\.docx is not a Word \.docx file"
                                              r".*save it as \.docx, or export it as \.txt"):
            read_docx(path)


# ---------------------------------------------------------------- PDF

PAGE_1 = ["Autonomy Debate",
          "The Assembly debated the autonomy bill for the northern province on a",
          "long Tuesday. Deputies of the governing coalition argued that self-",
          "government would calm the region, while the opposition warned of separa-",
          "tism and of a slow breakup of the state.",
          "Energy came next. The minister defended the pipeline contract and the",
          "multi-vector policy that balances Brussels against the Eurasian bloc.",
          "7"]
PAGE_2 = ["Critics called the deal a gift to oligarchs and asked who received the",
          "kickbacks.",
          "Civic Union answered that every tender had been public and that the",
          "audit office would publish its report before the summer recess."]


class TestReadPdf:
    def test_writer_lines_come_back_from_pypdf(self, tmp_path):
        path = write_pdf(tmp_path / "lines.pdf", [PAGE_1, ["Café (“quoted”) \\ – dash"]])
        reader = pypdf.PdfReader(path, strict=True)  # strict: the xref offsets are exact
        assert [page.extract_text() for page in reader.pages] == \
            ["\n".join(PAGE_1), "Café (“quoted”) \\ – dash"]

    def test_two_pages_reflowed(self, tmp_path):
        text, meta = read_pdf(write_pdf(tmp_path / "debate.pdf", [PAGE_1, PAGE_2]))
        assert text == (
            "Autonomy Debate\n\n"
            "The Assembly debated the autonomy bill for the northern province on a long "
            "Tuesday. Deputies of the governing coalition argued that self-government would "
            "calm the region, while the opposition warned of separatism and of a slow breakup "
            "of the state.\n\n"
            "Energy came next. The minister defended the pipeline contract and the "
            "multi-vector policy that balances Brussels against the Eurasian bloc.\n\n"
            "7\n\n"
            "Critics called the deal a gift to oligarchs and asked who received the "
            "kickbacks.\n\n"
            "Civic Union answered that every tender had been public and that the audit "
            "office would publish its report before the summer recess.\n")
        assert meta == {"pages": 2, "pages_without_text": []}

    @pytest.mark.parametrize(("pages", "expected"), [
        ([["Balancing shaped the multi-"], ["vector policy of the republic."]],
         "Balancing shaped the multi-vector policy of the republic.\n"),
        ([["The talks on the"], ["association agreement ended."]],
         "The talks on the association agreement ended.\n"),
        ([["The talks ended."], ["then nothing happened."]],       # a sentence ended
         "The talks ended.\n\nthen nothing happened.\n"),
        ([["The talks on the"], ["Association Agreement ended."]],  # capital: can't tell
         "The talks on the\n\nAssociation Agreement ended.\n"),
        ([["The talks on the", "12"], ["association agreement ended."]],  # page number
         "The talks on the\n\n12\n\nassociation agreement ended.\n"),
        ([["The talks on the"], [], ["association agreement ended."]],  # scanned page
         "The talks on the\n\nassociation agreement ended.\n"),
    ])
    def test_paragraph_running_on_to_the_next_page(self, tmp_path, pages, expected):
        assert read_pdf(write_pdf(tmp_path / "run-on.pdf", pages))[0] == expected

    def test_metadata_from_the_information_dictionary(self, tmp_path):
        path = write_pdf(tmp_path / "m.pdf", [["Text."]], title="Energy Briefing",
                         author="Research Service",
                         created=datetime(2021, 11, 3, 8, 0, tzinfo=timezone.utc))
        assert read_pdf(path)[1] == {"title": "Energy Briefing", "author": "Research Service",
                                     "year": 2021, "date": "2021-11-03", "pages": 1,
                                     "pages_without_text": []}

    def test_pages_without_text_are_listed(self, tmp_path):
        path = write_pdf(tmp_path / "scan.pdf", [["Typed page."], [], ["Typed again."], []])
        assert read_pdf(path) == ("Typed page.\n\nTyped again.\n",
                                  {"pages": 4, "pages_without_text": [2, 4]})

    def test_scanned_pdf_gives_no_text(self, tmp_path):
        path = write_pdf(tmp_path / "scan.pdf", [[], []])
        assert read_pdf(path) == ("", {"pages": 2, "pages_without_text": [1, 2]})

    def test_password_protected(self, tmp_path):
        writer = pypdf.PdfWriter(clone_from=write_pdf(tmp_path / "open.pdf", [["Secret."]]))
        writer.encrypt("password", algorithm="RC4-128")
        writer.write(tmp_path / "locked.pdf")
        with pytest.raises(CorpusError, match=r"locked\.pdf is protected by a password; "
                                              "open it with the password"):
            read_pdf(tmp_path / "locked.pdf")

    def test_encrypted_without_user_password_is_read(self, tmp_path):
        writer = pypdf.PdfWriter(clone_from=write_pdf(tmp_path / "open.pdf", [["Public."]]))
        writer.encrypt("", "owner-only", algorithm="RC4-128")
        writer.write(tmp_path / "permissions.pdf")
        assert read_pdf(tmp_path / "permissions.pdf")[0] == "Public.\n"

    @pytest.mark.parametrize("content", [b"", b"not a pdf at all", "truncated"])
    def test_broken_file(self, tmp_path, content):
        if content == "truncated":
            content = write_pdf(tmp_path / "good.pdf", [["Text."]]).read_bytes()[:300]
        path = tmp_path / "broken.pdf"
        path.write_bytes(content)
        with pytest.raises(CorpusError, match=r"broken\.pdf is not a PDF that can be read"
                                              r".*save or print it to a new PDF"):
            read_pdf(path)


class TestReflow:
    @pytest.mark.parametrize(("page", "expected"), [
        ("a line\nand more", "a line and more"),
        ("First paragraph.\n\nSecond   one.", "First paragraph.\n\nSecond one."),
        ("the secession of the separa-\ntist north", "the secession of the separatist north"),
        ("the right to self-\ndetermination", "the right to self-determination"),
        ("a quasi-\nfederal state", "a quasi-federal state"),
        ("the multi-\nVector doctrine", "the multi-Vector doctrine"),
        ("the post-\nSoviet space", "the post-Soviet space"),
        ("EU-\nfunded roads", "EU-funded roads"),
        ("COVID-\n19 cases", "COVID-19 cases"),
        # the document's own spelling decides
        ("Multilateral talks failed. The multi-\nlateral track",
         "Multilateral talks failed. The multilateral track"),
        ("State-owned banks. The state-\nowned firms", "State-owned banks. The state-owned firms"),
        ("a soft\u00ad\nhyphen", "a softhyphen"),
        ("a dash –\nthen more", "a dash – then more"),
        ("a spaced -\nhyphen", "a spaced - hyphen"),
        ("", ""),
    ])
    def test_joins(self, page, expected):
        assert reflow(page) == expected

    def test_short_line_ending_a_sentence_ends_the_paragraph(self):
        page = ("Deputies argued about the northern province for most of the session,\n"
                "and nobody gave way.\n"
                "The vote was postponed until the spring session of the Assembly and\n"
                "the bill went back to committee.")
        assert reflow(page) == (
            "Deputies argued about the northern province for most of the session, and nobody "
            "gave way.\n\nThe vote was postponed until the spring session of the Assembly "
            "and the bill went back to committee.")

    def test_short_line_without_sentence_end_does_not(self):
        page = ("The coalition promised a law on regional languages, on the budget of\n"
                "the province and\n"
                "on the police.")
        assert reflow(page) == ("The coalition promised a law on regional languages, on the "
                                "budget of the province and on the police.")

    def test_vocabulary_from_the_whole_document(self):
        assert reflow("a multi-\nlateral deal", vocabulary={"multilateral"}) == \
            "a multilateral deal"


# ---------------------------------------------------------------- tables

CSV = ('doc_id,date,speaker,votes,share,text\n'
       '007,2019-03-14,Anna Kovel,12,0.5,Autonomy for the north is not secession.\n'
       '008,2019-04-02,"Dunai, Marek",7,1,"He said ""no"".\n'
       'It went on\n'
       '\n'
       'over four lines."\n'
       'A12,,Lena Sorvik,,0.25,\n'
       '\n'
       '010,2020-01-09,Tomas Brell,3,2.0,Short.\n')
ROWS = [2, 3, 7, 9]
TEXTS = ["Autonomy for the north is not secession.",
         'He said "no".\nIt went on\n\nover four lines.', "", "Short."]


def _check_metadata(table: pd.DataFrame) -> None:
    assert table.columns.tolist() == ["row", "text", "doc_id", "date", "speaker", "votes",
                                      "share"]
    assert table["doc_id"].tolist() == ["007", "008", "A12", "010"]
    assert table["speaker"].tolist() == ["Anna Kovel", "Dunai, Marek", "Lena Sorvik",
                                         "Tomas Brell"]
    assert table["date"].iloc[[0, 1, 3]].tolist() == ["2019-03-14", "2019-04-02", "2020-01-09"]
    assert pd.isna(table["date"].iloc[2])
    assert table["votes"].iloc[[0, 1, 3]].tolist() == [12, 7, 3]
    assert pd.isna(table["votes"].iloc[2])
    assert table["share"].tolist() == [0.5, 1.0, 0.25, 2.0]


class TestReadTable:
    def test_csv(self, tmp_path):
        path = tmp_path / "speeches.csv"
        path.write_text(CSV, encoding="utf-8")
        table = read_table(path)
        assert table["row"].tolist() == ROWS
        assert table["text"].tolist() == TEXTS
        _check_metadata(table)
        assert str(table["votes"].dtype) == "Int64"

    def test_csv_with_bom_and_windows_line_ends(self, tmp_path):
        path = tmp_path / "speeches.csv"
        path.write_bytes(b"\xef\xbb\xbf" + CSV.replace("\n", "\r\n").encode("utf-8"))
        table = read_table(path)
        assert table["row"].tolist() == ROWS
        assert table["text"].iloc[1] == 'He said "no".\r\nIt went on\r\n\r\nover four lines.'
        assert table.columns[2] == "doc_id"

    def test_tsv(self, tmp_path):
        path = tmp_path / "speeches.tsv"
        path.write_text("year\ttext\tparty\n2019\t\"Two\nlines\"\tGreen Alliance\n"
                        "2020\tOne, with a comma\tNational Front\n", encoding="utf-8")
        table = read_table(path)
        assert table.to_dict("list") == {
            "row": [2, 4], "text": ["Two\nlines", "One, with a comma"],
            "year": [2019, 2020], "party": ["Green Alliance", "National Front"]}
        assert table["year"].dtype == "int64"

    @pytest.mark.parametrize("suffix", [".jsonl", ".ndjson"])
    def test_jsonl(self, tmp_path, suffix):
        path = tmp_path / f"speeches{suffix}"
        path.write_text('{"text": "Energy deals.", "year": 2018, "id": "007"}\n'
                        "\n"
                        '{"id": "008", "text": null, "tags": ["eu", "gas"]}\n'
                        '{"text": "Line\\u2028separator kept.", "year": 2021}\n',
                        encoding="utf-8")
        table = read_table(path)
        assert table.columns.tolist() == ["row", "text", "year", "id", "tags"]
        assert table["row"].tolist() == [1, 3, 4]
        assert table["text"].tolist() == ["Energy deals.", "", "Line\u2028separator kept."]
        assert table["year"].astype(object).where(table["year"].notna(), None).tolist() == \
            [2018, None, 2021]
        assert str(table["year"].dtype) == "Int64"
        assert table["tags"].iloc[1] == ["eu", "gas"]

    def test_parquet(self, tmp_path):
        path = tmp_path / "speeches.parquet"
        pd.DataFrame({"year": [2016, 2017, 2018], "text": ["One.", None, "Three."],
                      "party": ["Civic Union", "Green Alliance", None]}).to_parquet(path)
        table = read_table(path)
        assert table["row"].tolist() == [1, 2, 3]
        assert table["text"].tolist() == ["One.", "", "Three."]
        assert table["year"].tolist() == [2016, 2017, 2018]
        assert table.columns.tolist() == ["row", "text", "year", "party"]

    def test_same_table_in_all_four_formats(self, tmp_path):
        records = [{"doc_id": "007", "year": 2016, "text": "Separatism rose."},
                   {"doc_id": "008", "year": 2017, "text": "Bribery, again."}]
        frame = pd.DataFrame(records)
        frame.to_csv(tmp_path / "t.csv", index=False)
        frame.to_csv(tmp_path / "t.tsv", sep="\t", index=False)
        frame.to_parquet(tmp_path / "t.parquet")
        (tmp_path / "t.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
        tables = [read_table(tmp_path / f"t{suffix}").drop(columns="row")
                  for suffix in (".csv", ".tsv", ".jsonl", ".parquet")]
        for table in tables:
            assert table.to_dict("list") == {"text": ["Separatism rose.", "Bribery, again."],
                                             "doc_id": ["007", "008"], "year": [2016, 2017]}

    def test_text_column_argument(self, tmp_path):
        path = tmp_path / "t.csv"
        path.write_text("id,body\n1,Corruption.\n", encoding="utf-8")
        assert read_table(path, text_column="body").to_dict("list") == \
            {"row": [2], "text": ["Corruption."], "id": [1]}

    def test_text_column_is_never_converted_to_numbers(self, tmp_path):
        path = tmp_path / "t.csv"
        path.write_text("text\n1991\n2008\n", encoding="utf-8")
        assert read_table(path)["text"].tolist() == ["1991", "2008"]

    def test_header_only_gives_an_empty_frame(self, tmp_path):
        path = tmp_path / "t.csv"
        path.write_text("doc_id,text\n", encoding="utf-8")
        table = read_table(path)
        assert table.columns.tolist() == ["row", "text", "doc_id"] and len(table) == 0

    def test_empty_file_gives_an_empty_frame(self, tmp_path):
        (tmp_path / "t.jsonl").write_text("\n\n", encoding="utf-8")
        table = read_table(tmp_path / "t.jsonl")
        assert table.columns.tolist() == ["row", "text"] and len(table) == 0


class TestReadTableErrors:
    def _write(self, tmp_path, name, content):
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def test_missing_text_column_lists_the_columns(self, tmp_path):
        path = self._write(tmp_path, "t.csv", "doc_id,speech,year\n1,Hello.,2019\n")
        with pytest.raises(CorpusError, match=r"t\.csv has no column 'text'; its columns are "
                                              r"\['doc_id', 'speech', 'year'\]; .*"
                                              r'text_column="\.\.\."'):
            read_table(path)

    def test_missing_given_text_column(self, tmp_path):
        path = self._write(tmp_path, "t.jsonl", '{"text": "a", "party": "x"}\n')
        with pytest.raises(CorpusError, match=r"t\.jsonl has no column 'body'; its columns "
                                              r"are \['text', 'party'\]"):
            read_table(path, text_column="body")

    def test_jsonl_objects_without_keys_have_no_text_column(self, tmp_path):
        path = self._write(tmp_path, "t.jsonl", "{}\n{}\n")
        with pytest.raises(CorpusError, match=r"t\.jsonl has no column 'text'; its columns "
                                              r"are \[\]"):
            read_table(path)

    def test_non_utf8_names_the_line(self, tmp_path):
        data = 'id,text\n1,"two\nlines"\n2,fine\n3,caf\u00e9\n'.encode("cp1252")
        path = self._write(tmp_path, "latin.csv", data)
        with pytest.raises(CorpusError, match=r"latin\.csv, line 5: byte 0xE9 is not UTF-8 "
                                              r".*re-save it as UTF-8"):
            read_table(path)

    def test_utf16(self, tmp_path):
        path = self._write(tmp_path, "t.tsv", "text\nHello\n".encode("utf-16"))
        with pytest.raises(CorpusError, match=r"t\.tsv is UTF-16 .*re-save it as UTF-8"):
            read_table(path)

    def test_malformed_jsonl_names_the_line(self, tmp_path):
        path = self._write(tmp_path, "t.jsonl",
                           '{"text": "ok"}\n\n{"text": "missing quote}\n{"text": "ok"}\n')
        with pytest.raises(CorpusError, match=r"t\.jsonl, line 3: not valid JSON "
                                              r"\(Unterminated string.*one JSON object"):
            read_table(path)

    def test_jsonl_line_that_is_not_an_object(self, tmp_path):
        path = self._write(tmp_path, "t.jsonl", '{"text": "ok"}\n["a", "list"]\n')
        with pytest.raises(CorpusError, match=r"t\.jsonl, line 2: a JSON array, not an object"):
            read_table(path)

    def test_text_that_is_not_text_names_the_row(self, tmp_path):
        path = tmp_path / "t.parquet"
        pd.DataFrame({"text": [1.5, 2.5]}).to_parquet(path)
        with pytest.raises(CorpusError, match=r"t\.parquet, row 1: the 'text' cell holds 1\.5 "
                                              r"\(float\), not text"):
            read_table(path)

    def test_unclosed_quote_names_the_record(self, tmp_path):
        path = self._write(tmp_path, "t.csv", 'id,text\n1,ok\n2,"never closed\n3,more\n')
        with pytest.raises(CorpusError, match=r"t\.csv, line 3: the record starting here "
                                              r"cannot be read \(unexpected end of data\)"):
            read_table(path)

    def test_too_many_cells(self, tmp_path):
        path = self._write(tmp_path, "t.csv", "id,text\n1,ok\n2,one, two\n")
        with pytest.raises(CorpusError, match=r"t\.csv, line 3: 3 cells, but the header has "
                                              r"2; put a cell that contains ',' in double"):
            read_table(path)

    def test_fewer_cells_are_padded(self, tmp_path):
        path = self._write(tmp_path, "t.csv", "text,party\nShort row\n")
        table = read_table(path)
        assert table["text"].tolist() == ["Short row"] and pd.isna(table["party"].iloc[0])

    def test_duplicate_column_names(self, tmp_path):
        path = self._write(tmp_path, "t.csv", "text,year,year\na,1,2\n")
        with pytest.raises(CorpusError, match=r"t\.csv has more than one column named "
                                              r"\['year'\]"):
            read_table(path)

    @pytest.mark.parametrize(("header", "column"), [("row,text", "row"),
                                                    ("text,body", "text")])
    def test_reserved_column_names(self, tmp_path, header, column):
        path = self._write(tmp_path, "t.csv", f"{header}\na,b\n")
        with pytest.raises(CorpusError, match=rf"t\.csv has a column named '{column}'"):
            read_table(path, text_column="body" if column == "text" else None)

    def test_not_a_parquet_file(self, tmp_path):
        path = self._write(tmp_path, "t.parquet", b"PAR1 but not really a parquet file")
        with pytest.raises(CorpusError, match=r"t\.parquet is not a Parquet file"):
            read_table(path)

    def test_unsupported_suffix(self, tmp_path):
        path = self._write(tmp_path, "t.xlsx", b"")
        with pytest.raises(CorpusError, match=r"t\.xlsx: \.xlsx is not a table format .*"
                                              r"\.csv, \.tsv, \.jsonl, \.ndjson, \.parquet"):
            read_table(path)


# ---------------------------------------------------------------- the fixture corpus

SEED_IDENTITY = ["markedonov", "ledeneva", "gessen", "dawisha", "lrb", "london review",
                 "kazakhstan", "nazarbayev", "astana", "putin", "yeltsin", "chechnya",
                 "caucasus", "volga", "sistema"]


@pytest.fixture(scope="module")
def speeches():
    return read_table(OWN_CORPUS / "speeches.csv")


class TestOwnCorpus:
    """tests/fixtures/own_corpus: a corpus for the notebooks that is not the seeds."""

    def test_speeches_table(self, speeches):
        assert speeches.columns.tolist() == ["row", "text", "doc_id", "date", "speaker",
                                             "party"]
        assert speeches["doc_id"].tolist() == [f"sp{k:02d}" for k in range(1, 37)]
        assert speeches["row"].iloc[[0, 7, 8, 35]].tolist() == [2, 9, 12, 41]  # sp08: 2 paragraphs
        assert sorted(speeches["party"].unique()) == ["Civic Union", "Green Alliance",
                                                      "National Front"]
        assert speeches.groupby("speaker")["party"].nunique().to_dict() == {
            "Anna Kovel": 1, "Ilse Moravec": 1, "Lena Sorvik": 1, "Marek Dunai": 1,
            "Tomas Brell": 1, "Viktor Hald": 1}
        words = speeches["text"].str.split().str.len()
        assert words.between(60, 150).all()

    def test_dates_spread_with_one_single_speech_year(self, speeches):
        assert speeches["date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
        assert speeches["date"].is_monotonic_increasing
        years = speeches["date"].str[:4].astype(int).value_counts().sort_index().to_dict()
        assert years == {2016: 5, 2017: 5, 2018: 5, 2019: 5, 2020: 1, 2021: 5, 2022: 5,
                         2023: 5}

    def test_parties_talk_about_different_things(self, speeches):
        text = speeches.groupby("party")["text"].agg(" ".join).str.lower()
        assert text.str.count(r"\bcorrupt").to_dict() == {
            "Civic Union": 0, "Green Alliance": 7, "National Front": 0}
        assert text.str.count(r"\bmulti-vector").to_dict() == {
            "Civic Union": 6, "Green Alliance": 0, "National Front": 1}
        assert text.str.count(r"\bseparatis").to_dict() == {
            "Civic Union": 3, "Green Alliance": 0, "National Front": 5}

    def test_russian_report(self):
        text = (OWN_CORPUS / "doklad_ru.txt").read_bytes().decode("utf-8")
        paragraphs = text.strip().split("\n\n")
        assert len(paragraphs) == 5  # a title line and four paragraphs
        assert 280 <= len(text.split()) <= 320
        assert "многовекторная политика" in text and "коррупция" in text

    def test_word_document(self):
        text, meta = read_docx(OWN_CORPUS / "committee_report.docx")
        assert meta == {"title": "Report on the Kaldria Autonomy Settlement",
                        "author": "Committee on Regional Affairs", "year": 2023,
                        "date": "2023-04-18"}
        assert len(text.strip().split("\n\n")) == 6  # heading, 4 paragraphs, table
        assert "Hearing | Date | Witnesses\nRegional council | 14 February 2023 | 5" in text

    def test_pdf(self):
        text, meta = read_pdf(OWN_CORPUS / "briefing.pdf")
        assert meta["pages"] == 2 and meta["pages_without_text"] == []
        assert meta["title"] == "Energy and Foreign Policy: Options for Arvenia"
        assert len(text.strip().split("\n\n")) == 5
        assert text.count("multi-vector") == 2  # one of them hyphenated across the pages
        assert "the multi-vector policy was meant to limit" in text

    def test_documents_rebuild_identically(self, tmp_path):
        sys.path.insert(0, str(OWN_CORPUS))
        from make_documents import main
        rebuilt = {path.name: path for path in main(tmp_path)}
        assert (OWN_CORPUS / "briefing.pdf").read_bytes() == rebuilt["briefing.pdf"].read_bytes()
        committed = zipfile.ZipFile(OWN_CORPUS / "committee_report.docx")
        fresh = zipfile.ZipFile(rebuilt["committee_report.docx"])
        assert committed.namelist() == fresh.namelist()
        for name in committed.namelist():  # contents, not bytes: zlib versions may differ
            assert committed.read(name) == fresh.read(name), name

    def test_no_trace_of_the_seeds(self, speeches):
        texts = [" ".join(speeches.astype(str).to_numpy().ravel()),
                 (OWN_CORPUS / "doklad_ru.txt").read_text(encoding="utf-8"),
                 (OWN_CORPUS / "README.md").read_text(encoding="utf-8"),
                 *(str(part) for part in read_docx(OWN_CORPUS / "committee_report.docx")),
                 *(str(part) for part in read_pdf(OWN_CORPUS / "briefing.pdf"))]
        found = [word for word in SEED_IDENTITY for text in texts if word in text.lower()]
        assert found == []
