"""Read a folder of documents (and its optional catalog), or one file, into a Corpus.

Source files are only ever read. A ``.txt`` file is decoded with a detected
encoding (UTF-8, UTF-8 with BOM, UTF-16 with BOM, or a legacy 8-bit code page
such as cp1251 or latin-1); ``.docx`` and ``.pdf`` files and the rows of
``.csv``/``.tsv``/``.jsonl``/``.parquet`` tables come through
:mod:`corpusnb.readers`. The text is kept untouched as ``Document.raw`` and
cleaned into ``Document.text`` (see :mod:`corpusnb.clean`), to which every offset
refers. Every metadata field of a catalog, a table or a document's properties is
kept in ``Document.meta`` and ``Corpus.metadata``.
"""
from __future__ import annotations

import bisect
import csv
import datetime
import functools
import hashlib
import io
import re
import tomllib
import warnings
from importlib import resources
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd

from corpusnb import readers
from corpusnb._errors import CorpusError, CorpusWarning, warn
from corpusnb.clean import CLEANING_KEYS, clean_columns
from corpusnb.language import detect_language, language_code

__all__ = [
    "Corpus",
    "CorpusError",
    "CorpusWarning",
    "Document",
    "decode",
    "load_corpus",
    "seed_path",
]

_CATALOG_FIELDS = ("doc_id", "title", "author", "year", "venue", "source", "language")


class Document:
    """One text of a corpus.

    Attributes
    ----------
    id : str
        The document id (``doc_id``).
    raw : str
        The file as decoded, untouched (line endings and Unicode as in the file);
        for a .docx or .pdf, the text the reader extracted; for a table, the cell.
    text : str
        The cleaned body; every token offset refers to it.
    removed : pandas.DataFrame
        What cleaning took out: ``start``, ``end`` (offsets in ``raw``),
        ``reason``, ``text``.
    sections : pandas.DataFrame
        ``section``, ``title``, ``start``, ``end`` (offsets in ``text``).
    meta : dict
        Metadata: title, author, year, language, file, encoding, sha256 (of the
        source file), the catalog's fields, and for a table its other columns
        and ``row`` (the line or row in the file).

    ``removed`` and ``sections`` may be given as dicts of columns; they become
    DataFrames when first read. ``raw`` is kept only where it differs from
    ``text``, so a clean text is held once.
    """

    def __init__(self, id: str, raw: str, text: str, removed, sections,
                 meta: dict | None = None):
        self.id = id
        self.text = text
        self._raw = None if raw == text else raw
        self._removed = removed
        self._sections = sections
        self.meta = {} if meta is None else meta

    def __repr__(self) -> str:
        return f"Document({self.id!r}, {len(self.text):,} chars)"

    @property
    def raw(self) -> str:
        return self.text if self._raw is None else self._raw

    @property
    def removed(self) -> pd.DataFrame:
        if not isinstance(self._removed, pd.DataFrame):
            self._removed = pd.DataFrame(self._removed)
        return self._removed

    @property
    def sections(self) -> pd.DataFrame:
        if not isinstance(self._sections, pd.DataFrame):
            self._sections = pd.DataFrame(self._sections)
        return self._sections

    def section_starts(self) -> tuple[np.ndarray, np.ndarray]:
        """Section numbers and their start offsets in ``text``, as arrays (no DataFrame)."""
        sections = self._sections
        return np.asarray(sections["section"]), np.asarray(sections["start"])

    @functools.cached_property
    def sizes(self) -> dict:
        """n_chars, n_words (whitespace-separated) of ``text`` and n_removed (characters
        cleaning removed); computed once."""
        removed = self._removed
        n_removed = np.asarray(removed["end"]).sum() - np.asarray(removed["start"]).sum()
        return {"n_chars": len(self.text), "n_words": len(self.text.split()),
                "n_removed": int(n_removed)}


class Corpus:
    """An ordered collection of :class:`Document` objects, keyed by ``doc_id``.

    Examples
    --------
    >>> corpus = load_corpus()
    >>> corpus.ids
    ['markedonov-2012', 'lrb-2015', 'kazakhstan-eu-2018']
    >>> corpus["lrb-2015"].meta["year"]
    2015
    """

    def __init__(self, documents: list[Document], path: Path | None = None):
        self._docs = {doc.id: doc for doc in documents}
        self.path = path

    def __len__(self) -> int:
        return len(self._docs)

    def __iter__(self) -> Iterator[Document]:
        return iter(self._docs.values())

    def __getitem__(self, doc_id: str) -> Document:
        try:
            return self._docs[doc_id]
        except KeyError:
            raise KeyError(f"no document {doc_id!r}; the corpus has {self.ids}") from None

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._docs

    def __repr__(self) -> str:
        return f"Corpus({len(self)} documents: {', '.join(self.ids)})"

    @property
    def ids(self) -> list[str]:
        """The document ids, in catalog order."""
        return list(self._docs)

    @property
    def metadata(self) -> pd.DataFrame:
        """One row per document, indexed by ``doc_id``.

        Columns: title, author, year, venue, source, file, encoding, n_chars
        (cleaned text), n_words (whitespace-separated words of the cleaned
        text), n_removed (characters cleaning removed), then every other
        metadata field of any document (catalog keys, table columns), in the
        order first seen; a document without a field has NaN there.
        """
        return _metadata_frame([_metadata_row(doc) for doc in self])

    @property
    def sections(self) -> pd.DataFrame:
        """All documents' sections: doc_id, section, title, start, end."""
        return _stacked(self, "_sections", ["section", "title", "start", "end"])

    @property
    def removed(self) -> pd.DataFrame:
        """All documents' cleaning audits: doc_id, start, end, reason, text."""
        return _stacked(self, "_removed", ["start", "end", "reason", "text"])


def _stacked(corpus: Corpus, attribute: str, columns: list[str]) -> pd.DataFrame:
    """One table of every document's sections or audit, with doc_id first."""
    parts = [getattr(doc, attribute) for doc in corpus]
    frame = {"doc_id": [doc.id for doc, part in zip(corpus, parts)
                        for _ in range(len(part[columns[0]]))]}
    for column in columns:
        values = [value for part in parts for value in list(part[column])]
        frame[column] = np.array(values, dtype=np.int64) if column in ("section", "start",
                                                                        "end") else values
    return pd.DataFrame(frame, columns=["doc_id", *columns])


_META_COLUMNS = ["title", "author", "year", "venue", "source", "language", "file",
                 "encoding", "n_chars", "n_words", "n_removed"]


def _metadata_frame(rows: list[dict]) -> pd.DataFrame:
    """The metadata table of documents' :func:`_metadata_row` rows."""
    extra = list(dict.fromkeys(k for row in rows for k in row
                               if k not in _META_COLUMNS and k != "doc_id"))
    frame = pd.DataFrame(rows, columns=["doc_id", *_META_COLUMNS, *extra])
    frame["year"] = pd.to_numeric(frame["year"], errors="coerce").astype("Int64")
    return frame.set_index("doc_id")


def _metadata_row(doc: Document) -> dict:
    row = dict(doc.meta)
    row.update({key: doc.meta.get(key, "") for key in _META_COLUMNS[:8]})
    row["doc_id"] = doc.id
    row.update(doc.sizes)
    return row


def seed_path() -> Path:
    """The folder of the bundled seed corpus (inside the installed package).

    Examples
    --------
    >>> sorted(p.name for p in seed_path().glob("*.toml"))
    ['catalog.toml']
    """
    packaged = resources.files("corpusnb") / "seeds"
    if packaged.is_dir():
        return Path(str(packaged))
    source_tree = Path(__file__).resolve().parent.parent / "seeds"
    if source_tree.is_dir():
        return source_tree
    raise CorpusError("the bundled seed corpus is missing from this installation; "
                      "reinstall corpusnb (python -m pip install .)")


def load_corpus(path: str | Path | None = None, *, keep_citations: bool = False,
                text_column: str | None = None, store: str | Path | None = None):
    """Load a corpus: a folder of documents (with its catalog if it has one), or one file.

    Parameters
    ----------
    path : str or Path, optional
        A folder, searched recursively (hidden files and folders are left out),
        or a single file. Formats, by suffix (any case): ``.txt`` (UTF-8,
        UTF-16 with BOM or a legacy 8-bit code page), ``.docx``, ``.pdf`` (its
        text layer), and tables with one document per row: ``.csv``, ``.tsv``,
        ``.jsonl``/``.ndjson``, ``.parquet`` (every column but the text becomes
        metadata). Other files are skipped with a warning that lists them. The
        folder may hold a ``catalog.toml`` (``[[document]]`` tables with
        ``file``, ``doc_id``, ``title``, ``author``, ``year``, ``venue``,
        ``source``, ``language``, any other field you need, and an optional
        ``[document.cleaning]`` table) or a ``catalog.csv`` with those columns;
        every field is kept as metadata. Without a catalog, the doc_id is the
        file's path in the folder without its suffix, the title the first
        non-blank line, and a year in the file name (``speech-2019.txt``) is
        the year. ``None`` loads the bundled seed corpus.
    keep_citations : bool, default False
        Keep parenthetical author-year citations such as "(Kuchins et al.,
        2015: p. 2)" in ``text``. By default they are removed (and audited), so
        that cited names and years stay out of word counts.
    text_column : str, optional
        The column of a table that holds the text (default: ``text``).
    store : str or Path, optional
        A token store's folder (:func:`corpusnb.index`): the corpus is indexed
        into it, or the store brought up to date (only changed files are read),
        and the store is returned in place of the corpus. It has what a corpus
        has (ids, metadata, documents with text, raw, sections and audit,
        ``sections``, ``removed``), read from disk when asked, so a corpus larger
        than memory can be read; :func:`corpusnb.tokenize` of it reads its token
        table, and the analyses that take a store read it a part at a time.

    Returns
    -------
    Corpus, or Store when ``store`` is given

    Raises
    ------
    CorpusError
        A missing or empty folder, a binary or unreadable file, a malformed
        catalog or table, a catalog entry whose file is missing, or a duplicate
        doc_id; the message names the file (and entry, line or row) and what
        to do.

    Examples
    --------
    >>> corpus = load_corpus()
    >>> len(corpus)
    3
    >>> corpus.metadata.loc["kazakhstan-eu-2018", ["encoding", "language"]].tolist()
    ['utf-8', 'en']
    """
    if store is not None:
        from corpusnb.store import index

        with warnings.catch_warnings(record=True) as caught:  # raised deep in the index:
            warnings.simplefilter("always")                    # shown here, at the caller
            opened = index(path, store, keep_citations=keep_citations, text_column=text_column)
        for warning in caught:
            warn(warning.message, warning.category)
        return opened
    root, folder, entries = _source(path)
    options = {"keep_citations": keep_citations, "text_column": text_column}
    documents = [doc for entry in entries for doc in _load_entry(folder, entry, options)]
    _check_unique_ids(folder, documents)
    _warn_empty(documents)
    return Corpus(documents, root)


def _source(path: str | Path | None) -> tuple[Path, Path, list[dict]]:
    """The corpus path, its folder, and the entries (files, with catalog fields) in it."""
    root = Path(path) if path is not None else seed_path()
    if not root.exists():
        raise CorpusError(f"corpus folder {root} does not exist; pass the path of a folder "
                          "of texts (or of one file), or nothing for the bundled seeds")
    return root, root if root.is_dir() else root.parent, _entries(root)


READABLE = (".txt", ".docx", ".pdf", ".csv", ".tsv", ".jsonl", ".ndjson", ".parquet")
"""The suffixes :func:`load_corpus` reads (compared in lower case)."""
_TABLES = (".csv", ".tsv", ".jsonl", ".ndjson", ".parquet")
_CATALOGS = ("catalog.toml", "catalog.csv")


def _entries(root: Path) -> list[dict]:
    if root.is_file():
        if root.suffix.lower() not in READABLE:
            raise CorpusError(f"{root} is not a format corpusnb reads; the formats are "
                              f"{', '.join(READABLE)}")
        return [{"file": root.name}]
    files = _readable_files(root)
    catalog = _read_catalog(root)
    if catalog is None:
        if not files:
            raise CorpusError(f"{root} holds no .txt files or other documents corpusnb "
                              f"reads ({', '.join(READABLE)}); put the texts there, one "
                              "document per file (or a table with one per row)")
        return [{"file": name} for name in files]
    return _reconcile(root, catalog, files)


def _readable_files(folder: Path) -> list[str]:
    """Paths (relative, with /) of the readable files under ``folder``; warn of the rest."""
    found, skipped = [], []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        if relative.as_posix() in _CATALOGS:
            continue
        (found if path.suffix.lower() in READABLE else skipped).append(relative.as_posix())
    if skipped:
        shown = ", ".join(skipped[:20]) + (f" and {len(skipped) - 20} more"
                                           if len(skipped) > 20 else "")
        warn(f"{folder}: skipped {len(skipped)} file(s) corpusnb does not read: "
             f"{shown}; convert them to one of {', '.join(READABLE)} to include them",
             CorpusWarning)
    return found


def _read_catalog(folder: Path) -> list[dict] | None:
    toml_path, csv_path = folder / "catalog.toml", folder / "catalog.csv"
    if toml_path.exists():
        return _read_toml_catalog(toml_path)
    if csv_path.exists():
        return _read_csv_catalog(csv_path)
    return None


def _utf8_text(path: Path) -> str:
    """A catalog's text; a catalog that is not UTF-8 is refused, naming the line."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        raise CorpusError(f"{path} is not UTF-8 (byte 0x{data[err.start]:02x} on line {line}); "
                          "re-save the catalog as UTF-8 (in a spreadsheet: CSV UTF-8)"
                          ) from None


def _read_toml_catalog(path: Path) -> list[dict]:
    try:
        data = tomllib.loads(_utf8_text(path))
    except tomllib.TOMLDecodeError as err:
        raise CorpusError(f"{path} is not valid TOML ({err}); fix that line, "
                          "or remove the catalog to load the files without one") from None
    entries = data.get("document")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise CorpusError(f"{path} has no [[document]] tables; write one "
                          "[[document]] table per file (file = ..., doc_id = ...)")
    for number, entry in enumerate(entries, start=1):
        _check_entry(path, number, entry)
    return entries


_SCALARS = (str, int, float, bool, datetime.date, datetime.datetime)


def _check_entry(path: Path, number: int, entry: dict) -> None:
    where = f"{path}, [[document]] number {number}"
    if not isinstance(entry.get("file"), str) or not entry["file"]:
        raise CorpusError(f"{where} has no file = \"...\"; name the file it describes")
    nested = sorted(k for k, v in entry.items() if k != "cleaning" and not isinstance(v, _SCALARS))
    if nested:
        raise CorpusError(f"{where} ({entry['file']}): {nested} must be single values "
                          "(text, number, date or true/false), not lists or tables")
    cleaning = entry.get("cleaning", {})
    bad = set(cleaning) - set(CLEANING_KEYS) if isinstance(cleaning, dict) else {"?"}
    if bad:
        raise CorpusError(f"{where} ({entry['file']}) has unknown cleaning settings "
                          f"{sorted(bad)}; the settings are {sorted(CLEANING_KEYS)}")


def _read_csv_catalog(path: Path) -> list[dict]:
    reader = csv.DictReader(io.StringIO(_utf8_text(path), newline=""))
    if not reader.fieldnames or "file" not in reader.fieldnames:
        raise CorpusError(f"{path} has no 'file' column; its header row must name "
                          f"the columns file, {', '.join(_CATALOG_FIELDS)} (and any other "
                          "metadata you want to keep)")
    entries = []
    for row in reader:
        if not (row.get("file") or "").strip():
            raise CorpusError(f"{path}, line {reader.line_num}: the 'file' cell is empty")
        entries.append({k.strip(): v.strip() for k, v in row.items()
                        if k and k.strip() != "sha256" and isinstance(v, str) and v.strip()}
                       | ({"sha256": row["sha256"].strip()} if (row.get("sha256") or "").strip()
                          else {}))
    return entries


def _reconcile(folder: Path, catalog: list[dict], files: list[str]) -> list[dict]:
    catalogued = {Path(entry["file"]).as_posix() for entry in catalog}
    for entry in catalog:
        if not (folder / entry["file"]).is_file():
            raise CorpusError(f"the catalog in {folder} lists {entry['file']!r} "
                              f"(doc_id {entry.get('doc_id', '?')!r}), but there is no "
                              "such file; add the file or remove its entry")
    extra = [name for name in files if name not in catalogued]
    if extra:
        warn(f"{folder}: {extra} are not in the catalog; they are loaded with "
             "doc_ids from their file names", CorpusWarning)
    return [*catalog, *({"file": name} for name in extra)]


def _check_unique_ids(folder: Path, documents: list[Document]) -> None:
    seen: dict[str, str] = {}
    for doc in documents:
        where = _where(doc.meta)
        if doc.id in seen:
            raise CorpusError(f"the corpus in {folder} gives doc_id {doc.id!r} to both "
                              f"{seen[doc.id]!r} and {where!r}; give each document its own "
                              "doc_id (in the catalog, or the table's doc_id column)")
        seen[doc.id] = where


def _where(meta: dict) -> str:
    return f"{meta['file']}, row {meta['row']}" if "row" in meta else meta["file"]


def _warn_empty(documents: list[Document]) -> None:
    empty = [_where(doc.meta) for doc in documents if not doc.raw.strip()]
    if empty:
        shown = ", ".join(empty[:10]) + (f" and {len(empty) - 10} more" if len(empty) > 10
                                         else "")
        warn(f"{shown} {'is' if len(empty) == 1 else 'are'} empty; kept with zero "
             "tokens (remove or fill them to leave them out)", CorpusWarning)


def _load_entry(folder: Path, entry: dict, options: dict) -> list[Document]:
    path = folder / entry["file"]
    data = path.read_bytes()
    _check_checksum(path, entry.get("sha256"), data)
    digest = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if suffix in _TABLES:
        return _table_documents(folder, entry, path, digest, options)
    raw, found = _read_document(path, suffix)
    given = _entry_meta(entry)
    named = _year_in_name(path.stem)
    if named is not None and not {"year", "date"} & set(given):
        given["year"] = named  # the file name's year beats a document property's
    meta = {**found, **given, "file": entry["file"], "sha256": digest}
    return [_document(raw, meta, entry.get("cleaning", {}), options, path)]


def _read_document(path: Path, suffix: str) -> tuple[str, dict]:
    if suffix == ".docx":
        text, meta = readers.read_docx(path)
        return text, {**meta, "encoding": "docx"}
    if suffix == ".pdf":
        text, meta = readers.read_pdf(path)
        _warn_pdf(path, meta)
        meta = {k: v for k, v in meta.items() if k not in ("pages", "pages_without_text")}
        return text, {**meta, "encoding": "pdf text layer"}
    raw, encoding = decode(path)
    return raw, {"encoding": encoding}


def _warn_pdf(path: Path, meta: dict) -> None:
    missing = meta.get("pages_without_text") or []
    if not missing:
        return
    which = "it has no text layer at all" if len(missing) == meta.get("pages") else \
        f"pages {', '.join(map(str, missing))} have no text layer"
    warn(f"{path}: {which} (a scan?); corpusnb reads no images: run OCR (e.g. "
         "ocrmypdf) and load the result", CorpusWarning)


def _table_documents(folder: Path, entry: dict, path: Path, digest: str,
                     options: dict) -> list[Document]:
    if len(entry) > 1 and set(entry) - {"file", "sha256"}:
        raise CorpusError(f"the catalog in {folder} describes the table {entry['file']!r}; "
                          "a table carries its documents' metadata in its own columns: "
                          "remove its catalog entry (or keep only file and sha256)")
    table = readers.read_table(path, text_column=options["text_column"])
    encoding = "parquet" if path.suffix.lower() == ".parquet" else "utf-8"
    stem = Path(entry["file"]).with_suffix("").as_posix()
    width = len(str(len(table)))
    documents = []
    for number, record in enumerate(table.to_dict("records"), start=1):
        raw = record.pop("text")
        meta = {k: v for k, v in record.items() if not _missing(v)}
        meta.setdefault("doc_id", f"{stem}-{number:0{width}d}")
        meta.update(file=entry["file"], encoding=encoding, sha256=digest)
        documents.append(_document(raw, meta, {}, options, path))
    return documents


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA \
        or value is pd.NaT


def _document(raw: str, meta: dict, cleaning: dict, options: dict, path: Path) -> Document:
    settings = dict(cleaning)
    settings.setdefault("citations", "keep" if options["keep_citations"] else "remove")
    text, removed, sections = clean_columns(raw, settings, name=str(path))
    meta = _complete_meta(meta, raw, text)
    return Document(meta["doc_id"], raw, text, removed, sections, meta)


def _check_checksum(path: Path, expected: str | None, data: bytes) -> None:
    if expected and hashlib.sha256(data).hexdigest() != expected:
        warn(f"{path} differs from the sha256 its catalog records: the source text "
             "was changed; restore it (fixes belong in the cleaning settings)",
             CorpusWarning)


def _entry_meta(entry: dict) -> dict:
    return {k: v for k, v in entry.items() if k not in ("cleaning", "sha256", "file")}


def _complete_meta(meta: dict, raw: str, text: str) -> dict:
    """Fill doc_id, title, year and language where the source did not give them."""
    meta = dict(meta)
    stem = Path(meta["file"]).with_suffix("").as_posix()
    meta["doc_id"] = str(meta.get("doc_id") or stem)
    meta["title"] = str(meta.get("title") or _first_line(raw))
    meta["year"] = _year(meta.get("year"), meta.get("date"))
    meta["language"] = language_code(meta.get("language")) or detect_language(text)
    return meta


def _first_line(raw: str) -> str:
    return next((line.strip() for line in raw.splitlines() if line.strip()), "")


_YEAR_IN_NAME = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def _year_in_name(name: str) -> int | None:
    """The year in a file name that has exactly one (``speech-2019`` → 2019)."""
    years = _YEAR_IN_NAME.findall(name)
    return int(years[0]) if len(years) == 1 else None


def _year(value: object, date: object = None) -> int | None:
    """The year: as given, else from a date (a date object or text starting YYYY)."""
    for candidate in (value, date):
        if isinstance(candidate, (datetime.date, datetime.datetime)):
            return candidate.year
        if isinstance(candidate, (int, float)) and not isinstance(candidate, bool) \
                and candidate == candidate:
            return int(candidate)
        if isinstance(candidate, str):
            found = re.match(r"\s*(\d{4})(?!\d)", candidate)
            if found:
                return int(found.group(1))
    return None


# ---------------------------------------------------------------- decoding

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode(path: str | Path) -> tuple[str, str]:
    """Read a text file and return ``(text, encoding)`` without changing a character.

    UTF-8 (with or without BOM) and UTF-16 with BOM are recognised by their
    bytes. A file that is UTF-8 but for a few bad bytes (a pasted cp1252 quote,
    say) is read as UTF-8 with each bad byte replaced by U+FFFD, and a
    :class:`CorpusWarning` names the file, the lines and the count; the encoding
    reads ``utf-8 (N bad bytes replaced)``. Only a file with no UTF-8 reading
    (fewer well-formed multi-byte UTF-8 characters than bad bytes) is read as a
    legacy 8-bit code page: cp1251 when its non-ASCII bytes form Cyrillic words,
    otherwise cp1252 (or latin-1 when it has no byte in the 0x80–0x9F range).

    Raises
    ------
    CorpusError
        For a binary file (NUL bytes outside UTF-16), naming the file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ru.txt"
    >>> _ = path.write_bytes("Сепаратизм и национализм".encode("cp1251"))
    >>> decode(path)
    ('Сепаратизм и национализм', 'cp1251')
    """
    path = Path(path)
    data = path.read_bytes()
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_bytes(path, data, encoding), encoding
    if b"\x00" in data:
        raise CorpusError(f"{path} looks binary (it has NUL bytes), not a text file; "
                          "remove it from the folder, or save it as UTF-8 text "
                          "(UTF-16 files need a byte-order mark)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    escaped = data.decode("utf-8", errors="surrogateescape")
    bad = [match.start() for match in _BAD_BYTE.finditer(escaped)]
    good = len(_NON_ASCII.findall(escaped)) - len(bad)
    if good >= len(bad):
        return _mostly_utf8(path, escaped, bad)
    encoding = _legacy_encoding(data)
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


_BAD_BYTE = re.compile("[\udc80-\udcff]")  # bytes that surrogateescape could not decode
_NON_ASCII = re.compile("[^\x00-\x7f]")


def _mostly_utf8(path: Path, escaped: str, bad: list[int]) -> tuple[str, str]:
    """UTF-8 with its few bad bytes replaced by U+FFFD, and a warning naming them."""
    line_starts = [0] + [k + 1 for k, ch in enumerate(escaped) if ch == "\n"]
    lines = sorted({bisect.bisect_right(line_starts, k) for k in bad})
    shown = ", ".join(map(str, lines[:15])) + (f" and {len(lines) - 15} more" if len(lines) > 15
                                               else "")
    warn(f"{path} is UTF-8 except for {len(bad)} byte(s) on line(s) {shown}, which "
         "are not valid UTF-8 (a character pasted from another encoding?); they are "
         "replaced by \ufffd. Fix those lines in the file to keep those characters",
         CorpusWarning)
    return _BAD_BYTE.sub("\ufffd", escaped), f"utf-8 ({len(bad)} bad bytes replaced)"


def _decode_bytes(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise CorpusError(f"{path} starts with a {encoding} byte-order mark but is not "
                          f"valid {encoding} ({err}); re-save it as UTF-8") from None


def _legacy_encoding(data: bytes) -> str:
    high = [i for i, byte in enumerate(data) if byte >= 0xC0]
    if high:
        adjacent = sum(1 for i in high if _is_high(data, i - 1) or _is_high(data, i + 1))
        if adjacent / len(high) > 0.5:
            return "cp1251"
    if any(0x80 <= byte <= 0x9F for byte in data):
        return "cp1252"
    return "latin-1"


def _is_high(data: bytes, i: int) -> bool:
    return 0 <= i < len(data) and data[i] >= 0xC0
