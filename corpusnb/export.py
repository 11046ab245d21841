"""Save the tables a reader sees: CSV for any tool, Excel for a spreadsheet.

Every corpusnb table is a plain DataFrame, so ``table.to_csv`` works too; these
helpers add what a careful user wants: the format chosen by the file's suffix,
categorical columns written as their values, text cleaned of the control
characters Excel refuses, and no existing file replaced unless asked.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from corpusnb._errors import CorpusError

__all__ = ["save_table", "save_tables"]

EXCEL_MAX_ROWS = 1_048_575
"""Rows of data an Excel sheet holds (1,048,576 with the header)."""

_FORMATS = (".csv", ".xlsx")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what Excel cells cannot hold


def _check_target(path: Path, overwrite: bool) -> None:
    if path.suffix.lower() not in _FORMATS:
        raise CorpusError(f"cannot save {path}: name a .csv or .xlsx file")
    if path.exists() and not overwrite:
        raise CorpusError(f"{path} exists; choose another name, or pass overwrite=True "
                          "to replace it")
    path.parent.mkdir(parents=True, exist_ok=True)


def _plain(table: pd.DataFrame, excel: bool) -> pd.DataFrame:
    frame = pd.DataFrame(table).copy()
    for column in frame.columns:
        series = frame[column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            frame[column] = series.astype(object)
        if excel and (series.dtype == object or pd.api.types.is_string_dtype(series)):
            frame[column] = series.map(lambda v: _CONTROL.sub("", v) if isinstance(v, str)
                                       else v)
        if excel and isinstance(series.dtype, pd.DatetimeTZDtype):
            frame[column] = series.dt.tz_localize(None)
    return frame


def save_table(table: pd.DataFrame, path: str | Path, *, overwrite: bool = False) -> Path:
    """Save one table as CSV (UTF-8) or as an Excel workbook, by the file's suffix.

    Parameters
    ----------
    table : pandas.DataFrame
        Any corpusnb table (frequencies, keyness, KWIC lines, metadata ...).
    path : str or Path
        Ends in ``.csv`` or ``.xlsx``. Folders are created.
    overwrite : bool, default False
        Replace an existing file; without it an existing file is never touched.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    CorpusError
        For another suffix, an existing file (without ``overwrite``), or a
        table too long for one Excel sheet (save it as CSV).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> table = pd.DataFrame({"term": ["eu", "russia"], "count": [3, 2]})
    >>> save_table(table, folder / "freq.csv").read_text(encoding="utf-8").splitlines()
    ['term,count', 'eu,3', 'russia,2']
    """
    path = Path(path)
    _check_target(path, overwrite)
    if path.suffix.lower() == ".csv":
        _plain(table, excel=False).to_csv(path, index=_keeps_index(table), encoding="utf-8")
        return path
    _too_long(table, path)
    _plain(table, excel=True).to_excel(path, index=_keeps_index(table), engine="openpyxl")
    return path


def save_tables(tables: dict[str, pd.DataFrame], path: str | Path, *,
                overwrite: bool = False) -> list[Path]:
    """Save several tables: one Excel workbook (a sheet each) or a folder of CSV files.

    Parameters
    ----------
    tables : dict of name -> DataFrame
        Sheet (or file) names and their tables, in the order to write them.
    path : str or Path
        A ``.xlsx`` file, or a folder (created) that receives ``name.csv`` files.
    overwrite : bool, default False

    Returns
    -------
    list of Path
        The files written.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> tables = {"a": pd.DataFrame({"x": [1]}), "b": pd.DataFrame({"y": [2]})}
    >>> [p.name for p in save_tables(tables, folder / "out")]
    ['a.csv', 'b.csv']
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        return [save_table(table, path / f"{name}.csv", overwrite=overwrite)
                for name, table in tables.items()]
    _check_target(path, overwrite)
    for name, table in tables.items():
        _too_long(table, path, name)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, table in tables.items():
            _plain(table, excel=True).to_excel(writer, sheet_name=name[:31],
                                               index=_keeps_index(table))
    return [path]


def _keeps_index(table: pd.DataFrame) -> bool:
    """Write the index when it carries information (a name), not a plain 0..n-1."""
    return any(name is not None for name in table.index.names)


def _too_long(table: pd.DataFrame, path: Path, name: str = "") -> None:
    if len(table) > EXCEL_MAX_ROWS:
        raise CorpusError(f"{path}{' (' + name + ')' if name else ''}: {len(table):,} rows do "
                          f"not fit an Excel sheet ({EXCEL_MAX_ROWS:,} at most); save it "
                          "as .csv")
