"""Save the tables a reader sees: CSV for any tool, Excel for a spreadsheet.

Every corpusnb table is a plain DataFrame, so ``table.to_csv`` works too; these
helpers add what a careful user wants: the format chosen by the file's suffix,
categorical columns written as their values, text cleaned of the control
characters Excel refuses, no existing file replaced unless asked, a file written
whole or not at all (a temporary file renamed into place), and no text a
spreadsheet would run as a formula (a title, catalog field or term may start with
``=``). Against formula ("CSV") injection they follow OWASP's guidance
(https://owasp.org/www-community/attacks/CSV_Injection): in ``.xlsx`` every text
is a text cell, never a formula; in ``.csv`` a text cell that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return gets a ``'`` in front.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from corpusnb._errors import CorpusError
from corpusnb._outputs import make_folder, write_atomic

__all__ = ["save_table", "save_tables"]

EXCEL_MAX_ROWS = 1_048_575
"""Rows of data an Excel sheet holds (1,048,576 with the header)."""

_FORMATS = (".csv", ".xlsx")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what Excel cells cannot hold
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula (OWASP, CSV injection)."""


def _check_target(path: Path, overwrite: bool) -> None:
    if path.suffix.lower() not in _FORMATS:
        raise CorpusError(f"cannot save {path}: name a .csv or .xlsx file")
    if path.exists() and not overwrite:
        raise CorpusError(f"{path} exists; choose another name, or pass overwrite=True "
                          "to replace it")
    make_folder(path.parent)


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
    return frame if excel else _defused(frame, _keeps_index(table))


def _defuse(value):
    """A text value a spreadsheet would read as a formula, with ``'`` in front (OWASP)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _defused(frame: pd.DataFrame, index: bool) -> pd.DataFrame:
    """Every text cell of a CSV table defused: values, column names, index labels.

    Numbers (numeric columns, or numbers in a column of mixed values) are left
    as they are, so -1.5 stays -1.5; the text "-1.5" becomes "'-1.5", as every
    text that starts with a formula character does.
    """
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(_defuse).astype(frame[column].dtype)
    if isinstance(frame.columns, pd.MultiIndex):  # every level of a header of several rows
        frame.columns = pd.MultiIndex.from_tuples(
            [tuple(_defuse(v) for v in c) for c in frame.columns],
            names=[_defuse(n) for n in frame.columns.names])
    else:
        frame.columns = [_defuse(c) for c in frame.columns]
    if index:
        labels = [tuple(_defuse(v) for v in k) if isinstance(k, tuple) else _defuse(k)
                  for k in frame.index]
        names = [_defuse(n) for n in frame.index.names]
        frame.index = (pd.MultiIndex.from_tuples(labels, names=names)
                       if isinstance(frame.index, pd.MultiIndex)
                       else pd.Index(labels, name=names[0]))
    return frame


def save_table(table: pd.DataFrame, path: str | Path, *, overwrite: bool = False) -> Path:
    """Save one table as CSV (UTF-8) or as an Excel workbook, by the file's suffix.

    The file is written to a temporary file beside it and renamed into place, so
    a failure (a full disk) leaves an earlier file as it was. Text is never
    stored as a formula, following OWASP's guidance on CSV injection: in
    ``.xlsx`` a text such as ``=HYPERLINK(...)`` is a text cell; in ``.csv`` a
    text cell (values, column names, index labels) that starts with ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return is written with a ``'`` in
    front (``=1+1`` as ``'=1+1``). Numbers are left alone (-1.5 in a numeric
    column stays -1.5); a number held as text ("-1.5") is text and gets the
    ``'``. A CSV file's lines end in CRLF (RFC 4180), so that a text holding a
    line break is quoted whole. ``table.to_csv`` writes the raw values, for a
    tool that is not a spreadsheet.

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
        For another suffix, an existing file (without ``overwrite``), a
        table too long for one Excel sheet (save it as CSV), or a file that
        cannot be written (a full disk, a read-only folder: the message names
        the file).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> table = pd.DataFrame({"term": ["eu", "russia"], "count": [3, 2]})
    >>> save_table(table, folder / "freq.csv").read_text(encoding="utf-8").splitlines()
    ['term,count', 'eu,3', 'russia,2']
    >>> titles = pd.DataFrame({"title": ["=1+1", "A speech"], "change": [-1.5, 2.0]})
    >>> save_table(titles, folder / "t.csv").read_text(encoding="utf-8").splitlines()
    ['title,change', "'=1+1,-1.5", 'A speech,2.0']
    """
    path = Path(path)
    _check_target(path, overwrite)
    if path.suffix.lower() == ".csv":
        plain = _plain(table, excel=False)
        # lines end in CRLF (RFC 4180), so that a carriage return inside a text is quoted
        # too: a bare one would start a new row (and a cell) in a spreadsheet
        return write_atomic(path, lambda temp: plain.to_csv(temp, index=_keeps_index(table),
                                                            encoding="utf-8",
                                                            lineterminator="\r\n"))
    _too_long(table, path)
    return write_atomic(path, lambda temp: _write_workbook({None: table}, temp))


def save_tables(tables: dict[str, pd.DataFrame], path: str | Path, *,
                overwrite: bool = False) -> list[Path]:
    """Save several tables: one Excel workbook (a sheet each) or a folder of CSV files.

    Each file is written whole or not at all, and no text becomes a formula,
    as in :func:`save_table` (OWASP's guidance on CSV injection).

    Parameters
    ----------
    tables : dict of name -> DataFrame
        Sheet (or file) names and their tables, in the order to write them.
    path : str or Path
        A ``.xlsx`` file, or a folder (created) that receives ``name.csv`` files.
    overwrite : bool, default False
        Replace existing files; without it an existing file is never touched.

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
        for name in tables:
            _check_name(name, path)
        return [save_table(table, path / f"{name}.csv", overwrite=overwrite)
                for name, table in tables.items()]
    _check_target(path, overwrite)
    for name, table in tables.items():
        _too_long(table, path, name)
    write_atomic(path, lambda temp: _write_workbook(tables, temp))
    return [path]


def _check_name(name, folder: Path) -> None:
    """A table's name is a file name in ``folder``: no folder, no ``..``, no absolute path.

    >>> _check_name("x/../../y", Path("out"))
    Traceback (most recent call last):
    ...
    corpusnb._errors.CorpusError: save_tables: the table name 'x/../../y' is not a file \
name (no /, \\ or ..): the CSV files are written only inside out
    """
    text = str(name)
    if not text or text in (".", "..") or any(c in text for c in "/\\\0") or \
            Path(text).is_absolute():
        raise CorpusError(f"save_tables: the table name {text!r} is not a file name (no /, "
                          f"\\ or ..): the CSV files are written only inside {folder}")


def _write_workbook(tables: dict, path: Path) -> None:
    """A sheet per table (name None: the default sheet), every text a text cell.

    openpyxl stores a string that starts with ``=`` as a formula; such cells are
    turned back into strings before the workbook is saved.
    """
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, table in tables.items():
            sheet = {} if name is None else {"sheet_name": name[:31]}
            _plain(table, excel=True).to_excel(writer, index=_keeps_index(table), **sheet)
        for sheet in writer.sheets.values():
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":  # a text such as "=1+1", never a formula
                        cell.data_type = "s"


def _keeps_index(table: pd.DataFrame) -> bool:
    """Write the index when it carries information (a name), not a plain 0..n-1."""
    return any(name is not None for name in table.index.names)


def _too_long(table: pd.DataFrame, path: Path, name: str = "") -> None:
    if len(table) > EXCEL_MAX_ROWS:
        raise CorpusError(f"{path}{' (' + name + ')' if name else ''}: {len(table):,} rows do "
                          f"not fit an Excel sheet ({EXCEL_MAX_ROWS:,} at most); save it "
                          "as .csv")
