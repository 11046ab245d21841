r"""Read Word, PDF and table files into text and metadata, one reader per format.

Pure functions: each takes a path and returns plain text (in the layout of the
seed ``.txt`` files: one paragraph per line, a blank line between paragraphs,
headings on their own line) with a metadata dict, or a table with one row per
document. Building Documents and a Corpus from them is :mod:`corpusnb.text.corpus`'s
job. Every error is a :class:`~corpusnb.CorpusError` naming the file (and the
line or row) and what to do.

==============  ======================  ============================================
suffix          reader                  one document per
==============  ======================  ============================================
.docx           :func:`read_docx`       file (python-docx)
.pdf            :func:`read_pdf`        file (pypdf, the text layer only, never OCR)
.csv .tsv       :func:`read_table`      record (UTF-8; quoted fields may span lines)
.jsonl .ndjson  :func:`read_table`      line holding one JSON object (UTF-8)
.parquet        :func:`read_table`      row (pyarrow)
==============  ======================  ============================================
"""
from __future__ import annotations

import csv
import io
import json
import math
import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from corpusnb import limits
from corpusnb._errors import CorpusError, CorpusWarning, warn

if TYPE_CHECKING:
    import pypdf

__all__ = ["DOCUMENT_SUFFIXES", "TABLE_SUFFIXES", "read_docx", "read_pdf", "read_table",
           "reflow"]

DOCUMENT_SUFFIXES = (".docx", ".pdf")
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".parquet")


def _as_text(paragraphs: list[str]) -> str:
    """Paragraphs as the seed files lay them out: blank-line separated, final newline."""
    kept = [paragraph for paragraph in paragraphs if paragraph]
    return "\n\n".join(kept) + "\n" if kept else ""


def _date_meta(created: datetime | None) -> dict:
    return {"year": created.year, "date": created.date().isoformat()} if created else {}


# ---------------------------------------------------------------- Word (.docx)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# What python-docx's own template says when nobody set the property: not metadata.
_TEMPLATE_AUTHOR = "python-docx"
_TEMPLATE_CREATED = datetime.fromisoformat("2013-12-23T23:15:00+00:00")


def read_docx(path: str | Path) -> tuple[str, dict]:
    r"""The text and core-property metadata of a Word (.docx) document.

    Body paragraphs come in document order, one per line with a blank line
    between them; empty paragraphs are dropped and a line break or tab inside
    a paragraph becomes a space. A table comes where it stands, one line per
    row, its non-empty cells joined by ``" | "`` (a nested table's text joins
    its cell). Tracked insertions are kept and tracked deletions left out, as
    Word shows the text with changes accepted. Headers, footers, footnotes,
    endnotes, comments and text boxes are left out. XML entities are never
    expanded: an entity reference (``&name;``, declared in the file's DTD) is
    left out, the text around it kept, and a :class:`~corpusnb.CorpusWarning`
    names it.

    A Word file is a zip archive: before it is unzipped, the sizes its parts
    declare are checked against two caps (see :mod:`corpusnb.limits`), so that
    a small file that inflates to gigabytes (a "zip bomb") is refused, not
    read: ``CORPUSNB_MAX_XML_BYTES`` (16 MiB) for one XML part and
    ``CORPUSNB_MAX_UNZIPPED_BYTES`` (256 MiB) for all the parts together.

    Parameters
    ----------
    path : str or Path
        A .docx file (Word 2007 or later; not the old binary .doc).

    Returns
    -------
    text : str
        The document's text; ``""`` when it has none.
    meta : dict
        Only the core properties that are set: ``title``, ``author``, ``year``
        (int) and ``date`` (ISO ``YYYY-MM-DD``) of the *created* date. The
        placeholders of python-docx's template (author "python-docx", created
        2013-12-23) count as unset.

    Raises
    ------
    CorpusError
        When the file is not a .docx (e.g. a renamed .doc, or a damaged zip), or
        unzips to more than a cap (the message names the part and the cap's
        environment variable).

    Examples
    --------
    >>> import docx, tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "speech.docx"
    >>> document = docx.Document()
    >>> document.core_properties.title = "On autonomy"
    >>> for paragraph in ["Autonomy", "", "The north asks for self-rule."]:
    ...     _ = document.add_paragraph(paragraph)
    >>> document.save(path)
    >>> read_docx(path)
    ('Autonomy\n\nThe north asks for self-rule.\n', {'title': 'On autonomy'})
    """
    path = Path(path)
    _check_unzipped(path)
    document = _open_docx(path)
    _warn_entities(path, document.element.body)
    blocks = [_block_text(element) for element in _blocks(document.element.body)]
    return _as_text(blocks), _docx_meta(document.core_properties)


def _check_unzipped(path: Path) -> None:
    """Refuse a .docx whose parts declare more bytes than the caps (zipfile never gives
    more than a part declares: a part that inflates further fails its check)."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return  # not a zip: _open_docx says so
    xml_cap, total_cap = limits.limit("xml"), limits.limit("unzipped")
    for part in parts:
        if part.filename.lower().endswith((".xml", ".rels")) and part.file_size > xml_cap:
            _refuse_unzipped(path, f"its part {part.filename} unzips to "
                             f"{part.file_size:,} bytes of XML", xml_cap, "xml")
    total = sum(part.file_size for part in parts)
    if total > total_cap:
        _refuse_unzipped(path, f"it unzips to {total:,} bytes", total_cap, "unzipped")


def _refuse_unzipped(path: Path, what: str, cap: int, name: str) -> None:
    raise CorpusError(f"{path}: {what}, over the cap of {cap:,} (a damaged or malicious "
                      "file, a \"zip bomb\"?); if the document is genuine, raise the cap with "
                      f"the environment variable {limits.variable(name)}, or save it as .txt")


def _warn_entities(path: Path, body) -> None:
    from lxml import etree

    names = sorted({f"&{entity.name};" for entity in body.iter(etree.Entity)})
    if names:
        warn(f"{path} has XML entity references {', '.join(names)}, which corpusnb "
             "does not expand (an entity can hide text, or expand without end); "
             "they are left out and the text around them is kept. Type the text "
             "they stand for into the document to include it", CorpusWarning)


def _open_docx(path: Path):
    import docx  # python-docx and pypdf are imported when a file needs them
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(str(path))
    # lxml's XMLSyntaxError, for a damaged XML part, is a SyntaxError.
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as err:
        raise CorpusError(
            f"{path} is not a Word .docx file that can be read ({type(err).__name__}: "
            f"{err}); if it is an old .doc or another format renamed to .docx, open it "
            "in Word or LibreOffice and save it as .docx, or export it as .txt") from None


def _blocks(container):
    """Paragraphs and tables in document order, looking inside content controls."""
    for child in container.iterchildren():
        if child.tag in (_W + "p", _W + "tbl"):
            yield child
        elif child.tag == _W + "sdt":
            for content in child.iterchildren(_W + "sdtContent"):
                yield from _blocks(content)


def _block_text(element) -> str:
    return _table_text(element) if element.tag == _W + "tbl" else _paragraph_text(element)


_PIECES = {_W + "tab": " ", _W + "br": " ", _W + "cr": " ", _W + "noBreakHyphen": "-"}
_OUTSIDE_TEXT_BOXES = "[not(ancestor::w:txbxContent)]"


def _paragraph_text(paragraph) -> str:
    nodes = paragraph.xpath(" | ".join(f".//w:{tag}{_OUTSIDE_TEXT_BOXES}" for tag in
                                       ("t", "tab", "br", "cr", "noBreakHyphen")))
    text = "".join(_run_text(node) if node.tag == _W + "t" else _PIECES[node.tag]
                   for node in nodes)
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def _run_text(node) -> str:
    """A w:t's text; an entity reference in it is left out, the text after it kept."""
    return (node.text or "") + "".join(child.tail or "" for child in node)


def _table_text(table) -> str:
    rows = (_row_text(row) for row in table.iterchildren(_W + "tr"))
    return "\n".join(row for row in rows if row)


def _row_text(row) -> str:
    cells = (_cell_text(cell) for cell in row.iterchildren(_W + "tc"))
    return " | ".join(cell for cell in cells if cell)


def _cell_text(cell) -> str:
    paragraphs = cell.xpath(f".//w:p{_OUTSIDE_TEXT_BOXES}")
    return " ".join(filter(None, (_paragraph_text(p) for p in paragraphs)))


def _docx_meta(properties) -> dict:
    meta = {"title": properties.title.strip(), "author": properties.author.strip()}
    if meta["author"] == _TEMPLATE_AUTHOR:
        meta["author"] = ""
    created = properties.created
    if created is not None and created.replace(tzinfo=None) != \
            _TEMPLATE_CREATED.replace(tzinfo=None):
        meta.update(_date_meta(created))
    return {key: value for key, value in meta.items() if value}


# ---------------------------------------------------------------- PDF

def _pdf_errors() -> tuple[type[BaseException], ...]:
    """pypdf raises many kinds of exception on a damaged file, not only its own."""
    from pypdf.errors import PyPdfError

    return (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError,
            AssertionError, RecursionError, zipfile.BadZipFile)


def read_pdf(path: str | Path) -> tuple[str, dict]:
    r"""The text layer of a PDF, reflowed into paragraphs (never OCR).

    Each page's text is extracted with pypdf and reflowed with :func:`reflow`
    (layout lines joined into paragraphs, hyphenated line ends rejoined). Pages
    are separated by a blank line, except that a paragraph running on to the
    next page is joined as lines are (hyphen rules included): when the page's
    last line ends without sentence punctuation, is not a page number, and the
    next page, which must have text, starts with a lowercase letter. A
    password-free encrypted PDF (permissions only) is read. A text layer of
    more characters than ``CORPUSNB_MAX_UNZIPPED_BYTES`` (256 Mi, see
    :mod:`corpusnb.limits`) is refused.

    Parameters
    ----------
    path : str or Path
        A .pdf file with a text layer.

    Returns
    -------
    text : str
        The text; ``""`` for a scanned PDF with no text layer at all.
    meta : dict
        ``title``, ``author``, ``year`` (int) and ``date`` (ISO ``YYYY-MM-DD``,
        from CreationDate) when the PDF's information dictionary sets them;
        always ``pages`` (int) and ``pages_without_text`` (list of 1-based page
        numbers with no text layer: scanned pages the caller should warn about,
        to be run through OCR, e.g. ``ocrmypdf``).

    Raises
    ------
    CorpusError
        When the file is not a PDF, is damaged, or needs a password; the
        message names the file (and the page) and what to do.

    Examples
    --------
    A PDF whose only page is a scan without a text layer:

    >>> import pypdf, tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "scan.pdf"
    >>> writer = pypdf.PdfWriter()
    >>> _ = writer.add_blank_page(width=595, height=842)
    >>> _ = writer.write(path)
    >>> read_pdf(path)
    ('', {'pages': 1, 'pages_without_text': [1]})
    """
    path = Path(path)
    reader = _open_pdf(path)
    pages, total, cap = [], 0, limits.limit("unzipped")
    for number, page in enumerate(reader.pages, start=1):
        pages.append(_page_text(path, page, number))
        total += len(pages[-1])
        if total > cap:
            _refuse_unzipped(path, f"by page {number}, its text layer holds {total:,} "
                             "characters", cap, "unzipped")
    vocabulary = _vocabulary("\n".join(pages))
    reflowed = [reflow(page, vocabulary=vocabulary) for page in pages]
    meta = {**_pdf_meta(reader), "pages": len(pages),
            "pages_without_text": [n for n, text in enumerate(reflowed, start=1) if not text]}
    return _join_pages(reflowed, vocabulary), meta


def _join_pages(pages: list[str], vocabulary: set[str]) -> str:
    text, previous = "", ""
    for page in pages:
        if page and previous and _runs_on(previous, page):
            text = _join(text, page, vocabulary)
        elif page:
            text = f"{text}\n\n{page}" if text else page
        previous = page
    return text + "\n" if text else ""


def _runs_on(page: str, next_page: str) -> bool:
    """Does the last paragraph of ``page`` continue on ``next_page``?"""
    last = page.rsplit("\n\n", 1)[-1]
    ended = _SENTENCE_END.search(last) or _PAGE_NUMBER.fullmatch(last)
    return not ended and next_page[0].islower()


def _open_pdf(path: Path) -> pypdf.PdfReader:
    import pypdf
    from pypdf.errors import DependencyError

    try:
        reader = pypdf.PdfReader(path)
        locked = reader.is_encrypted and not reader.decrypt("")
    except DependencyError as err:
        raise CorpusError(f"{path} is encrypted in a way that needs an extra package "
                          f"({err}); run `pip install cryptography`, or save an "
                          "unprotected copy of the PDF") from None
    except _pdf_errors() as err:
        raise CorpusError(f"{path} is not a PDF that can be read ({type(err).__name__}: "
                          f"{err}); open it in a PDF viewer and save or print it to a new "
                          "PDF, or export its text as .txt") from None
    if locked:
        raise CorpusError(f"{path} is protected by a password; open it with the password "
                          "and save an unprotected copy, or export its text as .txt")
    return reader


def _page_text(path: Path, page, number: int) -> str:
    try:
        return page.extract_text() or ""
    except _pdf_errors() as err:
        raise CorpusError(f"{path}, page {number}: its text cannot be extracted "
                          f"({type(err).__name__}: {err}); save or print the PDF to a new "
                          "PDF, or export its text as .txt") from None


def _pdf_meta(reader: pypdf.PdfReader) -> dict:
    try:
        info = reader.metadata
        if info is None:
            return {}
        meta = {"title": (info.title or "").strip(), "author": (info.author or "").strip()}
        meta.update(_date_meta(info.creation_date))
    except _pdf_errors():  # a malformed information dictionary is no reason to fail
        return {}
    return {key: value for key, value in meta.items() if value}


# ---------------------------------------------------------------- reflow

SHORT_LINE = 0.8
"""A line shorter than this share of the page's typical line may end a paragraph."""
HYPHEN_PREFIXES = ("anti", "multi", "non", "post", "quasi", "self", "semi")
"""Prefixes whose hyphen is kept at a line end when the document gives no evidence."""

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]»]*$")
_NOT_HEADING_END = re.compile(r"[.,;:!?…\"'”’)\]»\-\u00ad]$")
_PAGE_NUMBER = re.compile(r"(?i)(page\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?(\s*(of|/)\s*\d{1,4})?")
_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LAST_WORD = re.compile(r"([^\W\d_]+)-$")
_FIRST_WORD = re.compile(r"[^\W\d_]+")


def reflow(text: str, *, vocabulary: set[str] | None = None) -> str:
    r"""Join the layout lines of one page of extracted PDF text into paragraphs.

    Lines of a paragraph are joined with a space. A line ends a paragraph when
    it is followed by a blank line, or when it ends a sentence (``. ! ? …``,
    maybe followed by a closing quote or bracket) and is clearly shorter than
    the page's typical line (under ``SHORT_LINE`` = 0.8 times the 80th
    percentile, nearest rank, of its line lengths). A short line that starts a
    paragraph with a capital or digit, ends without punctuation or hyphen and
    is followed by a capitalised line is a heading, on a line of its own; so is
    a lone page number ("12", "- 12 -", "Page 3 of 9") as the first or last
    line of the page: kept, but never glued into a sentence.

    A line ending in a hyphen after a letter is joined to the next without a
    space. The hyphen is dropped (``separa-`` + ``tism`` → ``separatism``)
    only between two lowercase letters, and then unless the hyphenated form
    occurs in ``vocabulary`` (or the joined form does not, and the first part
    is one of ``HYPHEN_PREFIXES``: anti, multi, non, post, quasi, self, semi),
    so ``self-`` + ``determination`` stays ``self-determination``. Before a
    capital or digit the hyphen always stays (``multi-`` + ``Vector`` →
    ``multi-Vector``, ``post-`` + ``Soviet`` → ``post-Soviet``). A soft hyphen
    (U+00AD) at a line end is always dropped. Runs of spaces become one.

    Parameters
    ----------
    text : str
        One page of extracted text, one layout line per line.
    vocabulary : set of str, optional
        Lowercased words (hyphenated or not) of the whole document, the
        evidence for hyphens; by default the words of ``text`` itself.

    Returns
    -------
    str
        The paragraphs, separated by blank lines, without a final newline.

    Examples
    --------
    >>> page = ("Introduction\n"
    ...         "The northern province has long demanded self-\n"
    ...         "determination, and talk of separa-\n"
    ...         "tism grows.\n"
    ...         "It is loud.\n"
    ...         "The capital answered with promises of post-\n"
    ...         "Soviet style decentralisation and new money.\n")
    >>> print(reflow(page))
    Introduction
    <BLANKLINE>
    The northern province has long demanded self-determination, and talk of separatism grows.
    <BLANKLINE>
    It is loud.
    <BLANKLINE>
    The capital answered with promises of post-Soviet style decentralisation and new money.
    """
    lines = [" ".join(line.split()) for line in text.splitlines()]
    vocabulary = _vocabulary(text) if vocabulary is None else vocabulary
    paragraphs: list[list[str]] = [[]]
    for line, ends in zip(lines, _paragraph_ends(lines)):
        if line:
            paragraphs[-1].append(line)
        if ends and paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join(_join_lines(group, vocabulary) for group in paragraphs if group)


def _paragraph_ends(lines: list[str]) -> list[bool]:
    """For each line: does a paragraph end after it?"""
    limit = SHORT_LINE * _typical_length(lines)
    numbers = _page_number_lines(lines)
    ends, starts = [], True
    for k, line in enumerate(lines):
        following = lines[k + 1] if k + 1 < len(lines) else ""
        ends.append(_ends_paragraph(line, following, short=len(line) < limit, starts=starts,
                                    numbered=bool({k, k + 1} & numbers)))
        starts = ends[-1]
    return ends


def _typical_length(lines: list[str]) -> int:
    lengths = sorted(len(line) for line in lines if line)
    return lengths[math.ceil(0.8 * len(lengths)) - 1] if lengths else 0


def _page_number_lines(lines: list[str]) -> set[int]:
    filled = [k for k, line in enumerate(lines) if line]
    return {k for k in filled[:1] + filled[-1:] if _PAGE_NUMBER.fullmatch(lines[k])}


def _ends_paragraph(line: str, following: str, *, short: bool, starts: bool,
                    numbered: bool) -> bool:
    if not line or not following or numbered:
        return True
    if short and _SENTENCE_END.search(line):
        return True
    return starts and short and _is_heading(line, following)


def _is_heading(line: str, following: str) -> bool:
    capital = line[0].isupper() or line[0].isdigit()
    return capital and not _NOT_HEADING_END.search(line) and len(line.split()) <= 12 and \
        (following[0].isupper() or following[0].isdigit())


def _vocabulary(text: str) -> set[str]:
    return {word.casefold() for word in _WORDS.findall(text)}


def _join_lines(lines: list[str], vocabulary: set[str]) -> str:
    text = lines[0]
    for line in lines[1:]:
        text = _join(text, line, vocabulary)
    return text


def _join(left: str, right: str, vocabulary: set[str]) -> str:
    if left.endswith("\u00ad"):
        return left[:-1] + right
    last = _LAST_WORD.search(left)
    if last is None:
        return f"{left} {right}"
    if last.group(1)[-1].islower() and right[0].islower() and \
            not _keep_hyphen(last.group(1), right, vocabulary):
        return left[:-1] + right
    return left + right


def _keep_hyphen(before: str, right: str, vocabulary: set[str]) -> bool:
    after = _FIRST_WORD.match(right)
    after = after.group() if after else ""
    hyphenated, closed = f"{before}-{after}".casefold(), f"{before}{after}".casefold()
    if hyphenated in vocabulary:
        return True
    return closed not in vocabulary and before.casefold() in HYPHEN_PREFIXES


# ---------------------------------------------------------------- tables

# Read every cell as text; a metadata column becomes numbers only when every
# non-empty cell is written as a plain number: "2019" → 2019, "0.5" → 0.5, but
# "007", "+5", "1,000", "1e3" and ids of 19 digits or more stay text.
_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def read_table(path: str | Path, *, text_column: str | None = None) -> pd.DataFrame:
    r"""One row per document from a .csv, .tsv, .jsonl/.ndjson or .parquet table.

    CSV and TSV files are read with Python's ``csv`` module (double-quoted
    fields may hold delimiters, newlines and doubled quotes ``""``; blank lines
    are skipped; a record with fewer cells than the header is padded with
    missing values). JSONL has one JSON object per line (blank lines skipped).
    CSV, TSV and JSONL must be UTF-8, with or without a byte-order mark.

    Metadata keeps its types where they are safe: JSON and Parquet values as
    stored; a CSV/TSV column becomes int (``Int64`` when cells are missing) or
    float only when every non-empty cell is a plain number such as ``2019`` or
    ``0.5`` (so ids like ``007``, ``+5`` or ``1,000`` stay text), otherwise
    text. Dates stay text (``pandas.to_datetime`` converts them). Only an empty
    CSV/TSV cell is missing: "NA" or "null" is text, as a party could be "NA".

    Parameters
    ----------
    path : str or Path
        The table file; its suffix names the format.
    text_column : str, optional
        The column that holds the documents' text; default ``"text"``.

    Returns
    -------
    pandas.DataFrame
        ``row`` (int: the 1-based line of the record's first line in a CSV/TSV
        file, header = line 1; the line in a JSONL file; the 1-based row in a
        Parquet file), ``text`` (str; a missing text is ``""``), then every
        other column, named and ordered as in the file. A table with no records
        (header only, or an empty file) gives an empty frame with those
        columns; the caller decides whether to warn.

    Raises
    ------
    CorpusError
        For an unsupported suffix, a missing text column (the message lists the
        columns), a column named ``row`` (or ``text`` besides another text
        column), duplicate column names, a file that is not UTF-8 (naming the
        line of the first bad byte), a malformed record or JSON line, a text
        cell that is not text, or an unreadable Parquet file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "speeches.csv"
    >>> _ = path.write_text('id,year,text\n007,2019,"Autonomy now.\n\nSaid twice."\n'
    ...                     '008,2020,Enough.\n', encoding="utf-8")
    >>> table = read_table(path)
    >>> table[["row", "id", "year"]]
       row   id  year
    0    2  007  2019
    1    5  008  2020
    >>> table["text"].tolist()
    ['Autonomy now.\n\nSaid twice.', 'Enough.']
    """
    path = Path(path)
    formats = {".csv": (_read_csv, _csv_column), ".tsv": (_read_tsv, _csv_column),
               ".jsonl": (_read_jsonl, _typed_column), ".ndjson": (_read_jsonl, _typed_column),
               ".parquet": (_read_parquet, _as_series)}
    if path.suffix.lower() not in formats:
        raise CorpusError(f"{path}: {path.suffix or 'no suffix'} is not a table format "
                          f"corpusnb reads; save it as one of {', '.join(TABLE_SUFFIXES)}")
    reader, convert = formats[path.suffix.lower()]
    columns, rows, place = reader(path)
    return _documents(path, columns, rows, place, text_column or "text", convert)


def _documents(path: Path, columns: dict, rows: list[int], place: str, text_column: str,
               convert) -> pd.DataFrame:
    """The frame ``row``, ``text``, metadata columns (each passed through ``convert``)."""
    frame = {"row": pd.Series(rows, dtype="int64")}
    if not columns and not rows:
        return pd.DataFrame({**frame, "text": pd.Series([""] * len(rows), dtype="str")})
    _check_columns(path, list(columns), text_column)
    text = _text_values(path, columns.pop(text_column), rows, place, text_column)
    metadata = {name: convert(values) for name, values in columns.items()}
    return pd.DataFrame({**frame, "text": pd.Series(text, dtype="str"), **metadata})


def _check_unique(path: Path, names: list) -> None:
    duplicates = sorted({str(name) for name in names if names.count(name) > 1})
    if duplicates:
        raise CorpusError(f"{path} has more than one column named {duplicates}; give each "
                          "column its own name in the header")


def _check_columns(path: Path, names: list, text_column: str) -> None:
    if text_column not in names:
        raise CorpusError(f"{path} has no column {text_column!r}; its columns are "
                          f"{[str(name) for name in names]}; name the column that holds the "
                          "documents' text with text_column=\"...\"")
    for reserved in ("row", "text"):
        if reserved in names and reserved != text_column:
            raise CorpusError(f"{path} has a column named {reserved!r}, which corpusnb "
                              f"uses for the {_RESERVED[reserved]}; rename that column")


_RESERVED = {"row": "line or row number of each record",
             "text": "documents' text (here taken from another column)"}


def _text_values(path: Path, values, rows: list[int], place: str, name: str) -> list[str]:
    texts = []
    for value, row in zip(values, rows):
        if isinstance(value, str):
            texts.append(value)
        elif value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            texts.append("")
        else:
            raise CorpusError(f"{path}, {place} {row}: the {name!r} cell holds {value!r} "
                              f"({type(value).__name__}), not text; make it a string")
    return texts


def _utf8(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith(_UTF16_BOMS):
        raise CorpusError(f"{path} is UTF-16 (Excel's \"Unicode Text\"), not UTF-8; "
                          "re-save it as UTF-8 (in Excel: Save As → \"CSV UTF-8\")")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise CorpusError(f"{path}, line {line}: byte 0x{data[err.start]:02X} is not UTF-8 "
                          "(the file is in a legacy encoding such as cp1252 or cp1251); "
                          "re-save it as UTF-8 (in Excel: Save As → \"CSV UTF-8\"; in "
                          "LibreOffice: Character set → Unicode (UTF-8))") from None


def _read_csv(path: Path) -> tuple[dict, list[int], str]:
    return _read_delimited(path, ",")


def _read_tsv(path: Path) -> tuple[dict, list[int], str]:
    return _read_delimited(path, "\t")


def _read_delimited(path: Path, delimiter: str) -> tuple[dict, list[int], str]:
    """Columns of cells as written (an empty or absent cell is ``""``), first lines."""
    records = list(_records(path, delimiter))
    if not records:
        return {}, [], "line"
    (_, header), body = records[0], records[1:]
    _check_unique(path, header)
    for line, record in body:
        if len(record) > len(header):
            raise CorpusError(f"{path}, line {line}: {len(record)} cells, but the header has "
                              f"{len(header)}; put a cell that contains {delimiter!r} in "
                              "double quotes")
    cells = [record + [""] * (len(header) - len(record)) for _, record in body]
    columns = {name: [row[k] for row in cells] for k, name in enumerate(header)}
    return columns, [line for line, _ in body], "line"


def _records(path: Path, delimiter: str):
    """``(first line, cells)`` of every non-blank record, header included."""
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))  # long texts in a cell
    reader = csv.reader(io.StringIO(_utf8(path), newline=""), delimiter=delimiter,
                        strict=True)
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            raise CorpusError(f"{path}, line {start}: the record starting here cannot be "
                              f"read ({err}); a quote inside a quoted cell must be doubled "
                              "(\"\"), and every opening quote needs a closing one") from None
        if record:
            yield start, record


def _csv_column(cells: list[str]) -> pd.Series:
    present = [cell for cell in cells if cell]
    if present and all(_INTEGER.fullmatch(cell) for cell in present):
        return _typed_column([int(cell) if cell else None for cell in cells])
    if present and all(_INTEGER.fullmatch(c) or _DECIMAL.fullmatch(c) for c in present):
        return _typed_column([float(cell) if cell else None for cell in cells])
    return _typed_column([cell if cell else None for cell in cells])


def _typed_column(values: list) -> pd.Series:
    present = [value for value in values if value is not None]
    if present and all(type(value) is int for value in present):
        return pd.Series(values, dtype="Int64" if len(present) < len(values) else "int64")
    if present and all(type(value) in (int, float) for value in present):
        return pd.Series(values, dtype="float64")
    if all(isinstance(value, str) for value in present):
        return pd.Series(values, dtype="str")
    return pd.Series(values, dtype="object")


def _as_series(values: pd.Series) -> pd.Series:
    return values


def _read_jsonl(path: Path) -> tuple[dict, list[int], str]:
    objects, rows = [], []
    for number, line in enumerate(_utf8(path).split("\n"), start=1):
        if line.strip():
            objects.append(_json_object(path, number, line))
            rows.append(number)
    names = list(dict.fromkeys(key for obj in objects for key in obj))
    return {name: [obj.get(name) for obj in objects] for name in names}, rows, "line"


def _json_object(path: Path, number: int, line: str) -> dict:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as err:
        raise CorpusError(f"{path}, line {number}: not valid JSON ({err.msg}, column "
                          f"{err.colno}); each line must hold one JSON object, such as "
                          "{\"text\": \"...\", \"year\": 2019}") from None
    if not isinstance(value, dict):
        raise CorpusError(f"{path}, line {number}: a JSON {_JSON_TYPES[type(value)]}, not an "
                          "object; each line must hold one JSON object, such as "
                          "{\"text\": \"...\", \"year\": 2019}")
    return value


_JSON_TYPES = {list: "array", str: "string", int: "number", float: "number", bool: "boolean",
               type(None): "null"}


def _read_parquet(path: Path) -> tuple[dict, list[int], str]:
    try:
        frame = pd.read_parquet(path)
    except (OSError, ValueError) as err:  # pyarrow.ArrowInvalid is a ValueError
        raise CorpusError(f"{path} is not a Parquet file that can be read "
                          f"({type(err).__name__}: {err}); write it again with "
                          "DataFrame.to_parquet, or save the table as .csv") from None
    if not isinstance(frame.index, pd.RangeIndex):
        frame = frame.reset_index()
    _check_unique(path, list(frame.columns))
    columns = {name: frame[name].reset_index(drop=True) for name in frame.columns}
    return columns, list(range(1, len(frame) + 1)), "row"
