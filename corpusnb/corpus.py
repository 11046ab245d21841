"""Read a folder of plain-text files (and its optional catalog) into a Corpus.

Source files are only ever read. Each file is decoded with a detected encoding
(UTF-8, UTF-8 with BOM, UTF-16 with BOM, or a legacy 8-bit code page such as
cp1251 or latin-1), kept untouched as ``Document.raw``, and cleaned into
``Document.text`` (see :mod:`corpusnb.clean`), to which every offset refers.
"""
from __future__ import annotations

import csv
import hashlib
import tomllib
import warnings
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterator

import pandas as pd

from corpusnb._errors import CorpusError, CorpusWarning
from corpusnb.clean import CLEANING_KEYS, clean

__all__ = [
    "Corpus",
    "CorpusError",
    "CorpusWarning",
    "Document",
    "decode",
    "load_corpus",
    "seed_path",
]

_CATALOG_FIELDS = ("doc_id", "title", "author", "year", "venue", "source")
_ENTRY_KEYS = {"file", "sha256", *_CATALOG_FIELDS, "cleaning"}


@dataclass(eq=False)
class Document:
    """One text of a corpus.

    Attributes
    ----------
    id : str
        The document id (``doc_id``).
    raw : str
        The file as decoded, untouched (line endings and Unicode as in the file).
    text : str
        The cleaned body; every token offset refers to it.
    removed : pandas.DataFrame
        What cleaning took out: ``start``, ``end`` (offsets in ``raw``),
        ``reason``, ``text``.
    sections : pandas.DataFrame
        ``section``, ``title``, ``start``, ``end`` (offsets in ``text``).
    meta : dict
        Catalog fields (title, author, year, venue, source, file, encoding).
    """

    id: str
    raw: str
    text: str
    removed: pd.DataFrame
    sections: pd.DataFrame
    meta: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"Document({self.id!r}, {len(self.text):,} chars)"


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
        rows = [_metadata_row(doc) for doc in self]
        extra = list(dict.fromkeys(k for doc in self for k in doc.meta
                                   if k not in _META_COLUMNS and k != "doc_id"))
        frame = pd.DataFrame(rows, columns=["doc_id", *_META_COLUMNS, *extra])
        return frame.set_index("doc_id")

    @property
    def sections(self) -> pd.DataFrame:
        """All documents' sections: doc_id, section, title, start, end."""
        frames = [doc.sections.assign(doc_id=doc.id) for doc in self]
        frame = pd.concat(frames, ignore_index=True)
        return frame[["doc_id", "section", "title", "start", "end"]]

    @property
    def removed(self) -> pd.DataFrame:
        """All documents' cleaning audits: doc_id, start, end, reason, text."""
        frames = [doc.removed.assign(doc_id=doc.id) for doc in self]
        frame = pd.concat(frames, ignore_index=True)
        return frame[["doc_id", "start", "end", "reason", "text"]]


_META_COLUMNS = ["title", "author", "year", "venue", "source", "file", "encoding",
                 "n_chars", "n_words", "n_removed"]


def _metadata_row(doc: Document) -> dict:
    row = dict(doc.meta)
    row.update({key: doc.meta.get(key, "") for key in _META_COLUMNS[:7]})
    row["doc_id"] = doc.id
    row["n_chars"] = len(doc.text)
    row["n_words"] = len(doc.text.split())
    row["n_removed"] = int((doc.removed["end"] - doc.removed["start"]).sum())
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


def load_corpus(path: str | Path | None = None, *, keep_citations: bool = False) -> Corpus:
    """Load a folder of ``.txt`` files, with its catalog if it has one.

    Parameters
    ----------
    path : str or Path, optional
        A folder of UTF-8/UTF-16/legacy 8-bit ``.txt`` files. It may hold a
        ``catalog.toml`` (``[[document]]`` tables with ``file``, ``doc_id``,
        ``title``, ``author``, ``year``, ``venue``, ``source`` and an optional
        ``[document.cleaning]`` table) or a ``catalog.csv`` with those columns.
        Without a catalog, the doc_id is the file name without ``.txt`` and the
        title is the file's first non-blank line. ``None`` loads the bundled
        seed corpus.
    keep_citations : bool, default False
        Keep parenthetical author-year citations such as "(Kuchins et al.,
        2015: p. 2)" in ``text``. By default they are removed (and audited), so
        that cited names and years stay out of word counts.

    Returns
    -------
    Corpus

    Raises
    ------
    CorpusError
        A missing or empty folder, a binary file, a malformed catalog, a catalog
        entry whose file is missing, or a duplicate doc_id; the message names the
        file or entry and what to do.

    Examples
    --------
    >>> corpus = load_corpus()
    >>> len(corpus)
    3
    >>> corpus.metadata.loc["kazakhstan-eu-2018", "encoding"]
    'utf-8'
    """
    folder = Path(path) if path is not None else seed_path()
    entries = _entries(folder)
    documents = [_load_document(folder, entry, keep_citations) for entry in entries]
    return Corpus(documents, folder)


def _entries(folder: Path) -> list[dict]:
    if not folder.exists():
        raise CorpusError(f"corpus folder {folder} does not exist; pass the path of a "
                          "folder of .txt files, or nothing for the bundled seeds")
    if not folder.is_dir():
        raise CorpusError(f"{folder} is a file, not a folder; pass the folder that holds it")
    files = sorted(p.name for p in folder.glob("*.txt") if p.is_file())
    catalog = _read_catalog(folder)
    if catalog is None:
        if not files:
            raise CorpusError(f"{folder} holds no .txt files; put the texts there "
                              "as .txt files (one document each)")
        return [{"file": name} for name in files]
    return _reconcile(folder, catalog, files)


def _read_catalog(folder: Path) -> list[dict] | None:
    toml_path, csv_path = folder / "catalog.toml", folder / "catalog.csv"
    if toml_path.exists():
        return _read_toml_catalog(toml_path)
    if csv_path.exists():
        return _read_csv_catalog(csv_path)
    return None


def _read_toml_catalog(path: Path) -> list[dict]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise CorpusError(f"{path} is not valid TOML ({err}); fix that line, "
                          "or remove the catalog to load the .txt files without one") from None
    entries = data.get("document")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise CorpusError(f"{path} has no [[document]] tables; write one "
                          "[[document]] table per file (file = ..., doc_id = ...)")
    for number, entry in enumerate(entries, start=1):
        _check_entry(path, number, entry)
    return entries


def _check_entry(path: Path, number: int, entry: dict) -> None:
    where = f"{path}, [[document]] number {number}"
    if not isinstance(entry.get("file"), str) or not entry["file"]:
        raise CorpusError(f"{where} has no file = \"...\"; name the .txt file it describes")
    unknown = set(entry) - _ENTRY_KEYS
    if unknown:
        raise CorpusError(f"{where} ({entry['file']}) has unknown keys {sorted(unknown)}; "
                          f"the keys are {sorted(_ENTRY_KEYS)}")
    cleaning = entry.get("cleaning", {})
    bad = set(cleaning) - set(CLEANING_KEYS) if isinstance(cleaning, dict) else {"?"}
    if bad:
        raise CorpusError(f"{where} ({entry['file']}) has unknown cleaning settings "
                          f"{sorted(bad)}; the settings are {sorted(CLEANING_KEYS)}")


def _read_csv_catalog(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "file" not in reader.fieldnames:
            raise CorpusError(f"{path} has no 'file' column; its header row must name "
                              f"the columns file, {', '.join(_CATALOG_FIELDS)}")
        entries = []
        for row_number, row in enumerate(reader, start=2):
            if not (row.get("file") or "").strip():
                raise CorpusError(f"{path}, row {row_number}: the 'file' cell is empty")
            entries.append({k: v.strip() for k, v in row.items()
                            if k in _ENTRY_KEYS and v is not None and v.strip()})
    return entries


def _reconcile(folder: Path, catalog: list[dict], files: list[str]) -> list[dict]:
    catalogued = [entry["file"] for entry in catalog]
    for entry in catalog:
        if not (folder / entry["file"]).is_file():
            raise CorpusError(f"the catalog in {folder} lists {entry['file']!r} "
                              f"(doc_id {entry.get('doc_id', '?')!r}), but there is no "
                              "such file; add the file or remove its entry")
    extra = [name for name in files if name not in catalogued]
    if extra:
        warnings.warn(f"{folder}: {extra} are not in the catalog; they are loaded with "
                      "doc_ids from their file names", CorpusWarning, stacklevel=4)
    entries = [*catalog, *({"file": name} for name in extra)]
    _check_unique_ids(folder, entries)
    return entries


def _check_unique_ids(folder: Path, entries: list[dict]) -> None:
    seen: dict[str, str] = {}
    for entry in entries:
        doc_id = str(entry.get("doc_id") or Path(entry["file"]).stem)
        if doc_id in seen:
            raise CorpusError(f"the catalog in {folder} gives doc_id {doc_id!r} to both "
                              f"{seen[doc_id]!r} and {entry['file']!r}; give each file "
                              "its own doc_id")
        seen[doc_id] = entry["file"]


def _load_document(folder: Path, entry: dict, keep_citations: bool) -> Document:
    path = folder / entry["file"]
    _check_checksum(path, entry.get("sha256"))
    raw, encoding = decode(path)
    if not raw.strip():
        warnings.warn(f"{path} is empty; it is kept with zero tokens", CorpusWarning,
                      stacklevel=4)
    settings = dict(entry.get("cleaning", {}))
    settings.setdefault("citations", "keep" if keep_citations else "remove")
    cleaned = clean(raw, settings, name=str(path))
    meta = _meta(entry, path, raw, encoding)
    return Document(meta["doc_id"], raw, cleaned.text, cleaned.removed, cleaned.sections, meta)


def _check_checksum(path: Path, expected: str | None) -> None:
    if expected and hashlib.sha256(path.read_bytes()).hexdigest() != expected:
        warnings.warn(f"{path} differs from the sha256 its catalog records: the source text "
                      "was changed; restore it (fixes belong in the cleaning settings)",
                      CorpusWarning, stacklevel=4)


def _meta(entry: dict, path: Path, raw: str, encoding: str) -> dict:
    meta = {key: entry.get(key, "") for key in _CATALOG_FIELDS}
    meta["doc_id"] = str(meta["doc_id"] or path.stem)
    meta["title"] = meta["title"] or _first_line(raw)
    meta["year"] = _year(meta["year"])
    meta.update(file=path.name, encoding=encoding)
    return meta


def _first_line(raw: str) -> str:
    return next((line.strip() for line in raw.splitlines() if line.strip()), "")


def _year(value: object) -> int | None:
    try:
        return int(value) if value not in ("", None) else None
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------- decoding

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode(path: str | Path) -> tuple[str, str]:
    """Read a text file and return ``(text, encoding)`` without changing a character.

    UTF-8 (with or without BOM) and UTF-16 with BOM are recognised by their
    bytes; a file that is not valid UTF-8 is read as a legacy 8-bit code page:
    cp1251 when its non-ASCII bytes form Cyrillic words, otherwise cp1252
    (or latin-1 when it has no byte in the 0x80–0x9F range).

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
        encoding = _legacy_encoding(data)
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            return data.decode("latin-1"), "latin-1"


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
