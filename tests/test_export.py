"""Saving tables: CSV and Excel, never replacing a file unasked."""
from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

import corpusnb as cnb
from corpusnb import CorpusError, export


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
