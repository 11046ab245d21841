"""Writers of test documents: Word files with python-docx and PDFs written by hand.

Used by the tests and by ``tests/fixtures/own_corpus/make_documents.py``, never by
the library. Both writers give the same bytes for the same input, so fixtures made
with them can be committed and rebuilt: the zip members of a .docx get a fixed
timestamp, and a PDF has no date unless one is given.

The PDFs are as small as a valid PDF 1.4 file can be: one Helvetica (Type1,
WinAnsiEncoding) font, each page a list of lines drawn with ``Td``/``Tj``, a
cross-reference table with the byte offset of every object. A page given as an
empty list has an empty content stream, as a scanned page without a text layer.
"""
from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import docx

__all__ = ["write_docx", "write_pdf"]

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


# ---------------------------------------------------------------- Word

def write_docx(path: str | Path, paragraphs: list[str], *, title: str | None = None,
               author: str | None = None, table: list[list[str]] | None = None,
               table_after: int | None = None, created: datetime | None = None,
               header: str | None = None, footer: str | None = None) -> Path:
    """Write a Word document: paragraphs, an optional table, core properties.

    Parameters
    ----------
    path : str or Path
        The .docx file to write.
    paragraphs : list of str
        Body paragraphs in order; ``""`` writes an empty paragraph, ``"\\n"`` in a
        string a line break inside the paragraph.
    title, author : str, optional
        Core properties. Without ``author`` the property is left empty (python-docx's
        template would say "python-docx").
    table : list of list of str, optional
        Rows of cells; the table has as many columns as the longest row.
    table_after : int, optional
        Put the table after this many paragraphs (default: after all of them).
    created : datetime, optional
        The created and modified dates; without it the template's dates stay.
    header, footer : str, optional
        Text of the page header and footer.

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> import tempfile
    >>> path = write_docx(Path(tempfile.mkdtemp()) / "a.docx", ["One.", "Two."])
    >>> [p.text for p in docx.Document(path).paragraphs]
    ['One.', 'Two.']
    """
    document = docx.Document()
    _set_properties(document.core_properties, title, author, created)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        _add_table(document, table, len(paragraphs) if table_after is None else table_after)
    _set_header_footer(document.sections[0], header, footer)
    buffer = io.BytesIO()
    document.save(buffer)
    Path(path).write_bytes(_with_fixed_dates(buffer.getvalue()))
    return Path(path)


def _set_properties(properties, title: str | None, author: str | None,
                    created: datetime | None) -> None:
    properties.title = title or ""
    properties.author = author or ""
    if created is not None:
        properties.created = properties.modified = created


def _add_table(document, rows: list[list[str]], after: int) -> None:
    width = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=width)
    for cells, row in zip(table.rows, rows):
        for cell, text in zip(cells.cells, row):
            cell.text = text
    if after < len(document.paragraphs):
        document.paragraphs[after]._p.addprevious(table._tbl)


def _set_header_footer(section, header: str | None, footer: str | None) -> None:
    if header is not None:
        section.header.paragraphs[0].text = header
    if footer is not None:
        section.footer.paragraphs[0].text = footer


def _with_fixed_dates(data: bytes) -> bytes:
    """The same zip archive with every member dated 1980-01-01 (python-docx uses now)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            fixed = zipfile.ZipInfo(member.filename, date_time=_ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(member.filename))
    return buffer.getvalue()


# ---------------------------------------------------------------- PDF

_FONT_SIZE, _LEADING, _LEFT, _TOP = 11, 14, 72, 750


def write_pdf(path: str | Path, pages: list[list[str]], *, title: str | None = None,
              author: str | None = None, created: datetime | None = None) -> Path:
    """Write a minimal PDF 1.4 file whose text layer holds the given lines.

    Parameters
    ----------
    path : str or Path
        The .pdf file to write.
    pages : list of list of str
        One list of lines per page (Latin text that cp1252 can encode), drawn
        top-down in Helvetica 11 pt; ``[]`` is a page with no text at all.
    title, author : str, optional
        Written to the document information dictionary.
    created : datetime, optional
        The CreationDate (UTC); without it the file has no date.

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> import tempfile, pypdf
    >>> path = write_pdf(Path(tempfile.mkdtemp()) / "a.pdf", [["Hello (world)"], []])
    >>> [page.extract_text() for page in pypdf.PdfReader(path).pages]
    ['Hello (world)', '']
    """
    count = len(pages)
    kids = " ".join(f"{4 + 2 * k} 0 R" for k in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
               b"/Encoding /WinAnsiEncoding >>"]
    for k, lines in enumerate(pages):
        objects += [_page_object(5 + 2 * k), _stream(_content(lines))]
    objects.append(_info(title, author, created))
    Path(path).write_bytes(_pdf_file(objects))
    return Path(path)


def _page_object(content_number: int) -> bytes:
    return (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_number} 0 R >>"
            ).encode()


def _content(lines: list[str]) -> bytes:
    if not lines:
        return b""
    moves = [f"{_LEFT} {_TOP} Td"] + [f"0 -{_LEADING} Td"] * (len(lines) - 1)
    drawn = [f"{move}\n({_pdf_string(line)}) Tj" for move, line in zip(moves, lines)]
    return "\n".join(["BT", f"/F1 {_FONT_SIZE} Tf", *drawn, "ET"]).encode("ascii")


def _pdf_string(line: str) -> str:
    """A literal-string body: cp1252 bytes, with \\, ( ) and non-ASCII escaped."""
    out = []
    for byte in line.encode("cp1252"):
        char = chr(byte)
        if char in "\\()":
            out.append("\\" + char)
        elif 32 <= byte < 127:
            out.append(char)
        else:
            out.append(f"\\{byte:03o}")
    return "".join(out)


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _info(title: str | None, author: str | None, created: datetime | None) -> bytes:
    entries = [f"/Title {_text_string(title)}" if title else "",
               f"/Author {_text_string(author)}" if author else "",
               f"/CreationDate ({created:D:%Y%m%d%H%M%SZ})" if created else ""]
    return f"<< {' '.join(e for e in entries if e)} >>".encode("ascii")


def _text_string(value: str) -> str:
    return "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"


def _pdf_file(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, len(objects), xref))
    return bytes(out)
