"""Read a folder of documents (and its optional catalog), or one file, into a Corpus.

Source files are only ever read. A ``.txt`` file is decoded with a detected
encoding (UTF-8, UTF-8 with BOM, UTF-16 with BOM, or a legacy 8-bit code page
such as cp1251 or latin-1); ``.docx`` and ``.pdf`` files and the rows of
``.csv``/``.tsv``/``.jsonl``/``.parquet`` tables come through
:mod:`corpusnb.text.readers`. The text is kept untouched as ``Document.raw`` and
cleaned into ``Document.text`` (see :mod:`corpusnb.text.clean`), to which every offset
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
import stat
import tomllib
import unicodedata
from importlib import resources
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd
from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

from corpusnb import limits

from corpusnb.text import readers
from corpusnb._errors import CorpusError, CorpusWarning, warn
from corpusnb.text._catalog import (_metadata_frame, _metadata_row, _missing, _warn_years,
                                    _where)
from corpusnb.text.clean import CLEANING_KEYS, clean_columns, user_patterns
from corpusnb.text.language import detect_language, language_code

__all__ = [
    "Corpus",
    "CorpusError",
    "CorpusWarning",
    "Document",
    "decode",
    "grouping_fields",
    "corpus_entries",
    "load_corpus",
    "load_entry",
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


_NOT_GROUPING = ("n_chars", "n_words", "encoding", "source", "file", "sha256", "title",
                 "n_removed")


def grouping_fields(metadata: pd.DataFrame) -> list[str]:
    """The metadata fields counts can be grouped by (``by=``): those with a value.

    Left out: the texts' sizes, file details (file, encoding, sha256, source), the
    title, and every field that is empty (NaN or "") for all documents, such as an
    ``author`` no document names.

    Examples
    --------
    >>> grouping_fields(load_corpus().metadata)
    ['author', 'year', 'venue', 'language']
    """
    return [column for column in metadata.columns if column not in _NOT_GROUPING
            and (metadata[column].notna() & (metadata[column].astype(str) != "")).any()]


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
    source_tree = Path(__file__).resolve().parents[2] / "seeds"
    if source_tree.is_dir():
        return source_tree
    raise CorpusError("the bundled seed corpus is missing from this installation; "
                      "reinstall corpusnb (python -m pip install .)")


def load_corpus(path: str | Path | None = None, *, keep_citations: bool = False,
                text_column: str | None = None, keep_stage_directions: bool = False,
                remove_regex: str | list[str] = ()) -> Corpus:
    """Load a corpus into memory: a folder of documents (with its catalog if it has one),
    or one file.

    :func:`corpusnb.load_corpus` is this function with a token store's part
    (``store=``) on top.

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
    keep_stage_directions : bool, default False
        Keep bracketed stage directions such as "(Applause.)", "(Laughter.)",
        "(Аплодисменты.)" in ``text``. By default they are removed (and audited
        in ``doc.removed`` with the reason "stage direction"), so that the
        audience's reactions are not counted as the speaker's words; see
        :func:`corpusnb.text.clean.find_stage_directions`. A catalog entry's
        ``stage_directions = "keep"`` or ``"remove"`` decides for its file.
    remove_regex : str or list of str
        Your own regular expressions (Python :mod:`re`): every match, line by line,
        is removed from every document and audited with the reason
        ``"user pattern: <pattern>"`` (captions, datelines, bylines). A catalog
        entry's ``remove_regex`` adds patterns for its file.

    Returns
    -------
    Corpus

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
    user_patterns(remove_regex, "load_corpus(remove_regex=...)")
    root, folder, entries = _source(path)
    options = _options(keep_citations, text_column, keep_stage_directions, remove_regex)
    documents = [doc for entry in entries for doc in _load_entry(folder, entry, options)]
    _check_unique_ids(folder, documents)
    _warn_empty(documents)
    _warn_years([doc.meta for doc in documents])
    return Corpus(documents, root)


def _options(keep_citations: bool, text_column: str | None, keep_stage_directions: bool,
             remove_regex: str | list[str]) -> dict:
    return {"keep_citations": keep_citations, "text_column": text_column,
            "keep_stage_directions": keep_stage_directions,
            "remove_regex": [remove_regex] if isinstance(remove_regex, str) else
            list(remove_regex)}


def corpus_entries(path: str | Path | None = None) -> tuple[Path, list[dict]]:
    """The folder of a corpus and its entries, one per source file, in the order
    :func:`load_corpus` reads them: with :func:`load_entry`, a corpus is read a file at a
    time (the token store indexes a corpus larger than memory so).

    Parameters
    ----------
    path : str or Path, optional
        As for :func:`load_corpus`: a folder, one file, or None for the bundled seeds.

    Returns
    -------
    tuple of (Path, list of dict)
        The folder (a file's own folder for one file) and the entries: ``file`` (its
        path from the folder) and the fields its catalog entry gives.

    Raises
    ------
    CorpusError
        As :func:`load_corpus`, for the folder and its catalog.

    Examples
    --------
    >>> folder, entries = corpus_entries()
    >>> folder == seed_path(), [entry["doc_id"] for entry in entries]
    (True, ['markedonov-2012', 'lrb-2015', 'kazakhstan-eu-2018'])
    """
    _, folder, entries = _source(path)
    return folder, entries


def load_entry(folder: str | Path, entry: dict, *, keep_citations: bool = False,
               text_column: str | None = None, keep_stage_directions: bool = False,
               remove_regex: str | list[str] = ()) -> list[Document]:
    """The documents of one entry of :func:`corpus_entries`, read and cleaned as
    :func:`load_corpus` reads them: one for a text file, one a row for a table.

    Parameters
    ----------
    folder : str or Path
        The corpus folder (:func:`corpus_entries`).
    entry : dict
        One of its entries.
    keep_citations, text_column, keep_stage_directions, remove_regex
        As for :func:`load_corpus`.

    Returns
    -------
    list of Document

    Raises
    ------
    CorpusError
        As :func:`load_corpus`, for the file.

    Examples
    --------
    >>> folder, entries = corpus_entries()
    >>> [doc.id for doc in load_entry(folder, entries[1])]
    ['lrb-2015']
    >>> load_entry(folder, entries[1])[0].text == load_corpus()["lrb-2015"].text
    True
    """
    user_patterns(remove_regex, "load_entry(remove_regex=...)")
    return _load_entry(Path(folder), entry, _options(keep_citations, text_column,
                                                     keep_stage_directions, remove_regex))


def _source(path: str | Path | None) -> tuple[Path, Path, list[dict]]:
    """The corpus path, its folder, and the entries (files, with catalog fields) in it."""
    root = Path(path) if path is not None else seed_path()
    if not root.exists():
        raise CorpusError(f"corpus folder {root} does not exist; pass the path of a folder "
                          "of texts (or of one file), or nothing for the bundled seeds")
    if not (root.is_dir() or root.is_file()):
        raise CorpusError(f"{root} is {_kind(root)}; pass the path of a folder of texts "
                          "(or of one file)")
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
    """Paths (relative, with /) of the readable files under ``folder``; warn of the rest.

    A link to a file outside the folder is refused; a link to a folder (not followed), a
    link that loops or leads nowhere, and a FIFO, socket or device are skipped, with a
    warning that names them."""
    found, skipped, unread = [], [], []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or \
                relative.as_posix() in _CATALOGS:
            continue
        kind = _kind(path)
        if kind != "file":
            unread += [] if kind == "a folder" else [f"{relative.as_posix()} ({kind})"]
        elif path.suffix.lower() not in READABLE:
            skipped.append(relative.as_posix())
        else:
            if path.is_symlink():  # rglob enters no linked folder: only a link leads out
                _check_inside(folder, path, f"{path} is a link")
            found.append(relative.as_posix())
    _warn_unread(folder, unread)
    if skipped:
        shown = ", ".join(skipped[:20]) + (f" and {len(skipped) - 20} more"
                                           if len(skipped) > 20 else "")
        warn(f"{folder}: skipped {len(skipped)} file(s) corpusnb does not read: "
             f"{shown}; convert them to one of {', '.join(READABLE)} to include them",
             CorpusWarning)
    return found


def _kind(path: Path) -> str:
    """``"file"`` for a regular file (maybe through a link), ``"a folder"``, or what else
    ``path`` is, in words for a message."""
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):  # ELOOP, a dangling link; a NUL in the name
        return "a link that loops or leads nowhere" if path.is_symlink() else "missing"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "a link to a folder, which corpusnb does not follow" if path.is_symlink() \
            else "a folder"
    return "not a regular file but a FIFO, socket or device"


def _check_inside(folder: Path, path: Path, what: str) -> None:
    """Refuse ``path`` when it leads outside ``folder`` (through ``..`` or a link)."""
    try:
        target = path.resolve()
    except (RuntimeError, ValueError):  # a link loop, a NUL: not read, said by the caller
        return
    if not target.is_relative_to(folder.resolve()):
        raise CorpusError(f"{what} to {target}, outside the corpus folder {folder}; corpusnb "
                          "reads only files inside the folder: copy the file into it (and "
                          "name it by its path from the folder, such as speeches/2019.txt)")


def _warn_unread(folder: Path, unread: list[str]) -> None:
    if unread:
        shown = "; ".join(unread[:20]) + (f" and {len(unread) - 20} more"
                                          if len(unread) > 20 else "")
        what = "entry that is not a file" if len(unread) == 1 else "entries that are not files"
        warn(f"{folder}: skipped {len(unread)} {what} corpusnb reads: {shown}; to "
             "include their texts, copy the files themselves into the folder",
             CorpusWarning)


def _read_catalog(folder: Path) -> list[dict] | None:
    toml_path, csv_path = folder / "catalog.toml", folder / "catalog.csv"
    if toml_path.is_symlink() or toml_path.exists():
        return _read_toml_catalog(toml_path)
    if csv_path.is_symlink() or csv_path.exists():
        return _read_csv_catalog(csv_path)
    return None


def _catalog_bytes(path: Path) -> bytes:
    """A catalog's bytes: a regular file inside its folder, no larger than the cap."""
    kind = _kind(path)
    if kind != "file":
        raise CorpusError(f"{path} is {kind}, not a catalog; replace it by the catalog file "
                          "itself, or remove it to load the files without a catalog")
    _check_inside(path.parent, path, f"{path} is a link")
    return limits.read_capped(path, "catalog", "a catalog")


def _utf8_text(path: Path) -> str:
    """A catalog's text; a catalog that is not UTF-8 is refused, naming the line."""
    data = _catalog_bytes(path)
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
        _check_catalogued(folder, entry)
    extra = [name for name in files if name not in catalogued]
    if extra:
        warn(f"{folder}: {extra} are not in the catalog; they are loaded with "
             "doc_ids from their file names", CorpusWarning)
    return [*catalog, *({"file": name} for name in extra)]


def _check_catalogued(folder: Path, entry: dict) -> None:
    """A catalog entry's file must be a regular file inside the folder."""
    where = f"the catalog in {folder} lists {entry['file']!r} " \
            f"(doc_id {entry.get('doc_id', '?')!r})"
    if Path(entry["file"]).is_absolute():
        raise CorpusError(f"{where}, an absolute path; name the file by its path from the "
                          "corpus folder (such as speeches/2019.txt), with the file inside it")
    path = folder / entry["file"]
    _check_inside(folder, path, f"{where}, which leads")
    kind = _kind(path)
    if kind != "file":
        what = "there is no such file" if kind == "missing" else f"it is {kind}"
        raise CorpusError(f"{where}, but {what}; add the file or remove its entry")


def _check_unique_ids(folder: Path, documents: list[Document]) -> None:
    seen: dict[str, str] = {}
    for doc in documents:
        where = _where(doc.meta)
        if doc.id in seen:
            raise CorpusError(f"the corpus in {folder} gives doc_id {doc.id!r} to both "
                              f"{seen[doc.id]!r} and {where!r}; give each document its own "
                              "doc_id (in the catalog, or the table's doc_id column)")
        seen[doc.id] = where


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
    speaker = _speaker_in_name(path.stem)
    if speaker is not None and "speaker" not in given:
        given["speaker"] = speaker
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


def _document(raw: str, meta: dict, cleaning: dict, options: dict, path: Path) -> Document:
    settings = dict(cleaning)
    settings.setdefault("citations", "keep" if options["keep_citations"] else "remove")
    settings.setdefault("stage_directions",
                        "keep" if options.get("keep_stage_directions") else "remove")
    if options.get("remove_regex"):
        own = settings.get("remove_regex", [])
        settings["remove_regex"] = [*options["remove_regex"],
                                    *(own if isinstance(own, (list, tuple)) else [own])]
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
    meta["title"] = str(meta.get("title") or _heading(text) or _name_title(
        meta["doc_id"] if "row" in meta else Path(meta["file"]).stem))
    meta["year"] = _year(meta.get("year"), meta.get("date"))
    meta["language"] = language_code(meta.get("language")) or detect_language(text)
    return meta


TITLE_CHARS = 100
"""The longest first line taken as a document's title (and at most 15 words)."""


def _heading(text: str) -> str:
    """The first non-blank line of the cleaned text when it reads as a heading, else "".

    A heading is at most :data:`TITLE_CHARS` characters and 15 words, does not end in
    a comma, colon or semicolon, ends in a period, ``!`` or an ellipsis only when it is
    in title case (:func:`_title_case`: "Fellow citizens, I address you today." is a
    first paragraph, not a title; a heading may be a question), and has more text
    after it. The cleaned text
    is read, so a stage direction or boilerplate the cleaner removed is never a title.

    >>> _heading("On autonomy\\n\\nThe text."), _heading("The whole text is one line.")
    ('On autonomy', '')
    >>> _heading("Fellow citizens:\\nThe text."), _heading(("word " * 30) + "\\nMore.")
    ('', '')
    >>> _heading("We meet in a dark hour.\\n\\nMore."), _heading("Товарищи депутаты!\\nМы.")
    ('', '')
    >>> _heading("Whither Russia?\\n\\nThe text.")
    'Whither Russia?'
    """
    lines = text.splitlines()
    k = next((k for k, line in enumerate(lines) if line.strip()), None)
    if k is None:
        return ""
    line = lines[k].strip()
    if len(line) > TITLE_CHARS or len(line.split()) > 15 or line.endswith((",", ":", ";")) \
            or line.endswith((".", "!", "…")) and not _title_case(line):
        return ""
    return line if any(rest.strip() for rest in lines[k + 1:]) else ""


def _title_case(line: str) -> bool:
    """Most words of four letters or more start with a capital, as in a heading
    ("Separatism in the North Caucasus.") and not in a sentence ("We meet in a dark hour.").

    >>> _title_case("Separatism in the North Caucasus."), _title_case("Товарищи депутаты!")
    (True, False)
    """
    words = [w for w in re.findall(r"[^\W\d_]+", line) if len(w) >= 4]
    return bool(words) and 2 * sum(w[0].isupper() for w in words) > len(words)


def _name_title(name: str) -> str:
    """A title made from a file name or doc_id: its last part, - and _ read as spaces.

    >>> _name_title("1789-Washington"), _name_title("speeches/state_of_the_union-1945")
    ('1789 Washington', 'state of the union 1945')
    """
    return " ".join(re.split(r"[-_\s]+", name.rsplit("/", 1)[-1])).strip()


_NAME_AFTER_YEAR = re.compile(r"\d{4}[-_ ]+([^\W\d_]+(?:[-_ .'’][^\W\d_]+)*)")


def _speaker_in_name(stem: str) -> str | None:
    """The name of a YEAR-NAME file name (``1789-Washington``): the speaker, or None.

    The name is letters (words joined by ``-``, ``_``, a space, ``.`` or an apostrophe;
    ``_`` read as a space) starting with a capital, after a year :func:`_year_in_name`
    takes.

    >>> _speaker_in_name("1789-Washington"), _speaker_in_name("2006-George_W_Bush")
    ('Washington', 'George W Bush')
    >>> [_speaker_in_name(n) for n in ("2019-report", "speech-2019", "1961-Kennedy-2")]
    [None, None, None]
    """
    found = _NAME_AFTER_YEAR.fullmatch(stem.strip())
    if found is None or _year_in_name(stem) is None or not found.group(1)[0].isupper():
        return None
    return found.group(1).replace("_", " ")


_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")
YEARS_IN_NAMES = (1000, 2100)
"""The years a file name can give (inclusive): :func:`load_corpus` takes the year of a
file name that holds exactly one four-digit number (not part of a longer one) in this
range, so ``1789-Washington.txt`` is 1789 and ``report-2019-2020.txt`` has no year."""


def _year_in_name(name: str) -> int | None:
    """The year of a file name with exactly one four-digit number, in :data:`YEARS_IN_NAMES`.

    >>> _year_in_name("1789-Washington"), _year_in_name("speech-2019")
    (1789, 2019)
    >>> _year_in_name("two-2019-2020"), _year_in_name("code12019"), _year_in_name("0042")
    (None, None, None)
    """
    numbers = _FOUR_DIGITS.findall(name)
    if len(numbers) != 1:
        return None
    year = int(numbers[0])
    return year if YEARS_IN_NAMES[0] <= year <= YEARS_IN_NAMES[1] else None


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
    (fewer well-formed multi-byte UTF-8 characters than bad bytes) is read with a
    legacy encoding: the one whose reading of the non-ASCII words has the fewest
    garbled words (a lower-case letter run into a capital through a non-ASCII
    character, as latin-1 reads Big5's dash in ``period¡Xthe``, or control and
    unassigned characters), then the least chaos (charset-normalizer's mess
    measure), among cp1251 (when its non-ASCII bytes form Cyrillic words; KZ-1048,
    the Kazakh code page, first when they hold its Kazakh letters), cp1252 (latin-1
    when no byte is in the 0x80–0x9F range) and charset-normalizer's candidates, in
    that order on a tie. When even the best reading has garbled words, the file is
    read with the code page of that rule (latin-1 where it cannot) and a warning
    names the file and the lines. Cyrillic words with letters that legacy Kazakh
    fonts put in place of Kazakh ones (``Ќазаќстан``) are read as they are, with a
    warning naming the lines.

    Raises
    ------
    CorpusError
        For a binary file (NUL bytes outside UTF-16, or more than one character in
        ten a control character, an unassigned code point or a bad byte), naming
        the file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ru.txt"
    >>> _ = path.write_bytes("Сепаратизм и национализм".encode("cp1251"))
    >>> decode(path)
    ('Сепаратизм и национализм', 'cp1251')
    >>> _ = path.write_bytes(b"a short period\\xa1\\x58the harsh enormity")  # Big5's dash
    >>> decode(path)
    ('a short period—the harsh enormity', 'big5')
    """
    path = Path(path)
    data = path.read_bytes()
    text, encoding = _decoded(path, data)
    _warn_kazakh_font(path, text)
    return text, encoding


def _decoded(path: Path, data: bytes) -> tuple[str, str]:
    """The text and encoding of a file's bytes (see :func:`decode`)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_bytes(path, data, encoding), encoding
    if b"\x00" in data:
        raise CorpusError(f"{path} looks binary (it has NUL bytes), not a text file; "
                          "remove it from the folder, or save it as UTF-8 text "
                          "(UTF-16 files need a byte-order mark)")
    _check_text_bytes(path, data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not data.isascii():  # ASCII has no character but the control bytes checked
            _check_text_chars(path, text)
        return text, "utf-8"
    escaped = data.decode("utf-8", errors="surrogateescape")
    bad = len(escaped) - len(escaped.encode("utf-8", "ignore").decode("utf-8"))  # escapes
    good = len(escaped) - len(escaped.encode("ascii", "ignore")) - bad  # non-ASCII, not bad
    if good >= bad:
        text, encoding = _mostly_utf8(path, escaped,
                                      [match.start() for match in _BAD_BYTE.finditer(escaped)])
    else:
        text, encoding = _legacy_decode(path, data)
    _check_text_chars(path, text)
    return text, encoding


BINARY_SHARE = 0.1
"""The share of a text's characters that are control characters (other than tab, line
feed, carriage return, vertical tab and form feed), unassigned or private-use code points
of the Basic Multilingual Plane, or bytes no encoding reads, above which :func:`decode`
refuses the file as binary."""

_CONTROL_BYTES = bytes([*range(0x09), *range(0x0E, 0x20), 0x7F])
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)


def _check_text_bytes(path: Path, data: bytes) -> None:
    """Refuse a file whose bytes are more than :data:`BINARY_SHARE` ASCII control bytes."""
    controls = len(data.translate(None, _NOT_CONTROL_BYTES))
    if data and controls > BINARY_SHARE * len(data):
        _refuse_binary(path, controls, len(data), "bytes")


BINARY_SAMPLE = 100_000
"""The characters at the start of a decoded text in which :func:`decode` counts the
unassigned code points and the control characters outside ASCII (the ASCII control
bytes are counted in the whole file)."""


def _check_text_chars(path: Path, text: str) -> None:
    """Refuse a decoded text whose start has more than :data:`BINARY_SHARE` junk characters."""
    sample = text[:BINARY_SAMPLE]
    junk = len(_junk_pattern().findall(sample))
    if sample and junk > BINARY_SHARE * len(sample):
        _refuse_binary(path, junk, len(sample), "characters" if len(sample) == len(text)
                       else "first characters")


def _refuse_binary(path: Path, junk: int, total: int, unit: str) -> None:
    raise CorpusError(f"{path} looks binary, not a text file: {junk:,} of its {total:,} "
                      f"{unit} are control characters, unassigned code points or bytes no "
                      "encoding reads; remove it from the folder, or save it as UTF-8 text")


@functools.lru_cache(maxsize=1)
def _junk_pattern() -> re.Pattern:
    """Control characters (but whitespace), U+FFFD, private-use and unassigned code points."""
    ranges, start = [], None
    for code in range(0x80, 0x10001):
        bad = code < 0x10000 and (unicodedata.category(chr(code)) in ("Cc", "Cn", "Co", "Cs")
                                  or code == 0xFFFD)
        if bad and start is None:
            start = code
        elif not bad and start is not None:
            ranges.append(f"\\U{start:08x}-\\U{code - 1:08x}")
            start = None
    return re.compile("[\\x00-\\x08\\x0e-\\x1f\\x7f" + "".join(ranges) + "]")


def _legacy_decode(path: Path, data: bytes) -> tuple[str, str]:
    """The best legacy reading of bytes that are not UTF-8; warn when none reads cleanly."""
    first = _legacy_encoding(data)
    candidates = [first]
    if first == "cp1251":
        candidates.insert(0 if _kz1048_letters(data) else 1, "kz1048")
    best = _best_reading(data, candidates)
    if best is None or best[0][0] or best[0][1] > CLEAN_CHAOS:  # ask charset-normalizer
        candidates += [match.encoding.replace("_", "-") for match in from_bytes(data)][:8]
        best = _best_reading(data, list(dict.fromkeys(candidates)))
    if best is None:
        return data.decode("latin-1"), "latin-1"
    if best[0][0]:  # none reads cleanly: the code page of the rule (or latin-1), and a warning
        best = _best_reading(data, [first]) or _best_reading(data, ["latin-1"])
        _warn_garbled(path, best[2], best[1], best[3])
    return best[2], best[1]


CLEAN_CHAOS = 0.1
"""The mess ratio (charset-normalizer's) of its non-ASCII words up to which, with no
garbled word, the code page :func:`decode`'s own rule picks is taken without asking
charset-normalizer for others."""


def _best_reading(data: bytes, candidates: list[str]) -> tuple | None:
    """((garbled, chaos, order), encoding, text, garbled matches) of the best candidate."""
    best = None
    for order, encoding in enumerate(candidates):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        sample = text[:_SCORED]
        score = (len(_garbled_pattern().findall(sample)), _chaos(sample), order)
        if best is None or score < best[0]:
            best = (score, encoding, text)
    if best is None:
        return None
    score, encoding, text = best
    garbled = list(_garbled_pattern().finditer(text)) if score[0] or len(text) > _SCORED \
        else []
    return (len(garbled), *score[1:]), encoding, text, garbled


_SCORED = 200_000  # characters of each reading scored; the one chosen is searched whole


_KZ1048_ONLY = "ЌќЋћЎўЈјЅѕ"  # cp1251's readings of KZ-1048's Kazakh letters (not Ukrainian)
_FONT_ONLY = "ЂђЃѓЉљЊњЏџ"  # letters legacy Kazakh fonts use that KZ-1048 keeps as they are
_RUSSIAN = "а-яА-ЯёЁ"


_KZ1048_WORD = re.compile(f"[{_RUSSIAN}][{_KZ1048_ONLY}]|[{_KZ1048_ONLY}][{_RUSSIAN}]")
_FONT_ONLY_WORD = re.compile(f"[{_RUSSIAN}][{_FONT_ONLY}]|[{_FONT_ONLY}][{_RUSSIAN}]")


def _kz1048_letters(data: bytes) -> bool:
    """Whether cp1251 reads KZ-1048's Kazakh letters inside Cyrillic words, and no font's."""
    text = data.decode("cp1251", errors="replace")
    return bool(_KZ1048_WORD.search(text)) and not _FONT_ONLY_WORD.search(text)


def _chaos(text: str) -> float:
    """charset-normalizer's mess ratio of (up to 500 of) the text's non-ASCII words."""
    words = [word for word in text.split() if not word.isascii()][:500]
    return mess_ratio(" ".join(words), 1.0) if words else 0.0


@functools.lru_cache(maxsize=1)
def _garbled_pattern() -> re.Pattern:
    """A letter-case break across a non-ASCII character, or a junk character."""
    lower = "".join(chr(c) for c in range(0x80, 0x530) if unicodedata.category(chr(c)) == "Ll")
    upper = "".join(chr(c) for c in range(0x80, 0x530) if unicodedata.category(chr(c)) == "Lu")
    uncased = f"[^\\x00-\\x7f\\s\\u2000-\\u206f\\xab\\xbb{lower}{upper}]"  # not ’ — «
    return re.compile(f"[a-z{lower}]{uncased}{{1,2}}[A-Z{upper}]|[{lower}][A-Z{upper}]|"
                      f"[a-z][{upper}]|{_junk_pattern().pattern}")


def _warn_garbled(path: Path, text: str, encoding: str, garbled: list[re.Match]) -> None:
    lines = _line_numbers(text, [match.start() for match in garbled])
    examples = list(dict.fromkeys(_word_at(text, match.start()) for match in garbled))[:3]
    warn(f"{path}: no encoding reads its non-ASCII bytes cleanly; read as {encoding}, "
         f"but line(s) {_shown(lines)} hold garbled words such as "
         f"{', '.join(map(repr, examples))} (bytes of another encoding?). Re-save the "
         "file as UTF-8 from the program that wrote it, or fix those lines",
         CorpusWarning)


def _line_numbers(text: str, offsets: list[int]) -> list[int]:
    line_starts = [0] + [k + 1 for k, ch in enumerate(text) if ch == "\n"]
    return sorted({bisect.bisect_right(line_starts, k) for k in offsets})


def _shown(lines: list[int]) -> str:
    return ", ".join(map(str, lines[:15])) + (f" and {len(lines) - 15} more"
                                              if len(lines) > 15 else "")


def _word_at(text: str, offset: int) -> str:
    start = max(text.rfind(" ", 0, offset), text.rfind("\n", 0, offset)) + 1
    ends = [k for k in (text.find(" ", offset), text.find("\n", offset)) if k != -1]
    return text[start:min(ends) if ends else len(text)]


_FONT_LETTERS = _KZ1048_ONLY + _FONT_ONLY
_FONT_WORD = re.compile(f"[{_RUSSIAN}әғқңөұүһі]*(?:[{_RUSSIAN}әғқңөұүһі][{_FONT_LETTERS}]|"
                        f"[{_FONT_LETTERS}][{_RUSSIAN}әғқңөұүһі])[{_RUSSIAN}әғқңөұүһі"
                        f"{_FONT_LETTERS}]*")


_FONT_LETTER = re.compile(f"[{_FONT_LETTERS}]")


def _warn_kazakh_font(path: Path, text: str) -> None:
    """Warn of Cyrillic words with letters legacy Kazakh fonts put for Kazakh ones."""
    if text.isascii() or not _FONT_LETTER.search(text):
        return
    found = list(_FONT_WORD.finditer(text))
    if not found:
        return
    lines = _line_numbers(text, [match.start() for match in found])
    examples = list(dict.fromkeys(match.group() for match in found))[:3]
    warn(f"{path}: line(s) {_shown(lines)} hold Cyrillic words with letters such as "
         f"{', '.join(sorted(set(''.join(examples)) & set(_FONT_LETTERS)))} "
         f"({', '.join(map(repr, examples))}): Kazakh typed in a legacy font "
         "encoding, where these letters stand for ә ғ қ ң ө ұ ү һ? They are read as "
         "they are (the language is still detected as Kazakh); convert the file to "
         "Unicode Kazakh letters (or save it as KZ-1048) to count its words right",
         CorpusWarning)


_BAD_BYTE = re.compile("[\udc80-\udcff]")  # bytes that surrogateescape could not decode


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
    """cp1251 when most bytes >= 0xC0 stand beside another, else cp1252 or latin-1.

    >>> _legacy_encoding("Сепаратизм".encode("cp1251")), _legacy_encoding(b"caf\\xe9 \\x93")
    ('cp1251', 'cp1252')
    """
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    if high:
        adjacent = sum(map(len, _HIGH_RUN.findall(data)))  # a byte beside another: in a run
        if adjacent / high > 0.5:
            return "cp1251"
    if _C1_BYTE.search(data):
        return "cp1252"
    return "latin-1"


_HIGH_BYTES = bytes(range(0xC0, 0x100))
_HIGH_RUN = re.compile(b"[\xc0-\xff]{2,}")
_C1_BYTE = re.compile(b"[\x80-\x9f]")
