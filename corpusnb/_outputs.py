"""Writing outputs safely: whole files or none, clear errors, and a record of a run's files.

Every file corpusnb writes goes to a temporary file in the same folder first and
is renamed onto its name once complete (:func:`write_atomic`), so a full disk or
a crash leaves the last good file as it was. An ``OSError`` (full disk,
read-only folder) becomes a :class:`corpusnb.CorpusError` that names the file
(:func:`os_error`). ``corpusnb run`` keeps, in ``OUT/.corpusnb-outputs.json``, the
files it wrote and their checksums (:class:`OutputRecord`): a later run replaces
those and refuses any other file in its way.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from corpusnb._errors import CorpusError

__all__ = ["RECORD_NAME", "TABLE_NAMES", "OutputRecord", "check_out", "check_sources", "file_sha256",
           "make_folder", "os_error", "planned_outputs", "recording", "write_atomic",
           "write_text_atomic"]

RECORD_NAME = ".corpusnb-outputs.json"
"""The file in an output folder that lists what ``corpusnb run`` wrote there."""

TABLE_NAMES = ("documents", "frequencies", "frequencies_by_document", "themes_by_document",
               "keyness")
"""The tables ``corpusnb run`` may save (:func:`corpusnb.present.report.main_tables`)."""

_UMASK = os.umask(0o022)
os.umask(_UMASK)  # read once: a temporary file gets the mode a plain open() would give


def os_error(path: Path, err: OSError) -> CorpusError:
    """The :class:`CorpusError` for an ``OSError`` met while writing ``path``.

    Examples
    --------
    >>> print(os_error(Path("build/index.html"), OSError(errno.ENOSPC, "No space left")))
    cannot write build/index.html: the disk is full (No space left); free some space and \
run again (an earlier build/index.html is kept as it was)
    """
    reason = err.strerror or str(err)
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return CorpusError(f"cannot write {path}: the disk is full ({reason}); free some "
                           f"space and run again (an earlier {path} is kept as it was)")
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return CorpusError(f"cannot write {path}: the folder {path.parent} is not writable "
                           f"({reason}); choose a folder you may write to")
    return CorpusError(f"cannot write {path}: {reason}")


def make_folder(folder: Path) -> Path:
    """``folder`` and its parents, created if missing (an ``OSError`` as a CorpusError).

    Examples
    --------
    >>> import tempfile
    >>> make_folder(Path(tempfile.mkdtemp()) / "a" / "b").is_dir()
    True
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise os_error(folder, err) from err
    return folder


def write_atomic(path: str | Path, write: Callable[[Path], object]) -> Path:
    """Write ``path`` whole or not at all: ``write(temporary)``, then a rename onto ``path``.

    The temporary file is in the same folder (a rename there is atomic), is
    flushed to disk before the rename, and is removed when ``write`` fails. An
    existing ``path`` is left as it was until the new file is complete.

    Raises
    ------
    CorpusError
        For an ``OSError`` (a full disk, a read-only folder), naming ``path``.

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "page.html"
    >>> write_atomic(target, lambda temp: temp.write_text("<p>hi</p>")).read_text()
    '<p>hi</p>'
    >>> sorted(p.name for p in target.parent.iterdir())
    ['page.html']
    """
    path = Path(path)
    make_folder(path.parent)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(handle)
    except OSError as err:
        raise os_error(path, err) from err
    temp = Path(name)
    try:
        write(temp)
        os.chmod(temp, 0o666 & ~_UMASK)
        with open(temp, "rb+") as done:
            os.fsync(done.fileno())
        os.replace(temp, path)
    except OSError as err:
        temp.unlink(missing_ok=True)
        raise os_error(path, err) from err
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return path


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` with :func:`write_atomic`.

    Examples
    --------
    >>> import tempfile
    >>> write_text_atomic(Path(tempfile.mkdtemp()) / "a.txt", "é").read_bytes()
    b'\\xc3\\xa9'
    """
    return write_atomic(path, lambda temp: temp.write_text(text, encoding="utf-8"))


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes, read a MiB at a time (the run record, the store)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _signature(path: Path) -> tuple | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


class OutputRecord:
    """What ``corpusnb run`` wrote in an output folder: relative paths and sha256.

    A file may be replaced by a run when the record lists it with its present
    checksum; any other existing file in a run's way is *foreign* (the user's,
    or one of corpusnb's that the user changed since) and is not replaced
    without ``--force``.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> _ = (out / "index.html").write_text("mine")
    >>> record = OutputRecord.load(out)
    >>> [p.name for p in record.foreign([out / "index.html", out / "new.html"])]
    ['index.html']
    >>> before = record.snapshot([out / "index.html"])
    >>> _ = write_text_atomic(out / "index.html", "corpusnb's")
    >>> record.update([out / "index.html"], before).save()
    >>> OutputRecord.load(out).foreign([out / "index.html"])
    []
    """

    def __init__(self, out: Path, files: dict[str, str] | None = None) -> None:
        self.out = Path(out)
        self.files = dict(files or {})

    @property
    def path(self) -> Path:
        """The record's own file, ``OUT/.corpusnb-outputs.json``."""
        return self.out / RECORD_NAME

    @classmethod
    def load(cls, out: str | Path) -> OutputRecord:
        """The record in ``out`` (empty when there is none)."""
        record = cls(Path(out))
        if not record.path.is_file():
            return record
        try:
            data = json.loads(record.path.read_text(encoding="utf-8"))
            files = data["files"]
            if not isinstance(files, dict) or not all(
                    isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
                raise ValueError("files is not a table of names and checksums")
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise CorpusError(f"{record.path} is not a record of corpusnb's outputs ({err}); "
                              f"delete it, or pass --force to replace whatever is in the "
                              f"way") from err
        record.files = files
        return record

    def _key(self, path: Path) -> str:
        return Path(path).relative_to(self.out).as_posix()

    def foreign(self, paths: Iterable[Path]) -> list[Path]:
        """The existing ``paths`` the record does not list with their present checksum."""
        found = []
        for path in paths:
            path = Path(path)
            if not path.exists() and not path.is_symlink():
                continue
            known = self.files.get(self._key(path))
            if not path.is_file() or path.is_symlink() or known != file_sha256(path):
                found.append(path)
        return found

    def snapshot(self, paths: Iterable[Path]) -> dict[Path, tuple | None]:
        """Each path's inode, mtime and size, to tell afterwards which were written."""
        return {Path(p): _signature(Path(p)) for p in paths}

    def update(self, paths: Iterable[Path], before: dict[Path, tuple | None]
               ) -> OutputRecord:
        """Add the ``paths`` written since ``before``; drop listed files now gone."""
        for path in paths:
            path = Path(path)
            if path.is_file() and _signature(path) != before.get(path):
                self.files[self._key(path)] = file_sha256(path)
        self.files = {k: v for k, v in self.files.items() if (self.out / k).is_file()}
        return self

    def save(self) -> None:
        """Write the record (atomically, names sorted)."""
        text = json.dumps({"written_by": "corpusnb run", "files": dict(sorted(
            self.files.items()))}, indent=1, ensure_ascii=False)
        write_text_atomic(self.path, text + "\n")


def planned_outputs(out: Path, notebooks: list[Path], kinds: list[str], *,
                    students: bool = False, slides: bool = False) -> list[Path]:
    """Every file a ``corpusnb run`` of ``notebooks`` may write in ``out``.

    ``kinds`` holds each notebook's kind (:func:`corpusnb.apps.site.notebook_kind`).
    A page and its ``.failed`` twin are both listed (which one is written
    depends on the run), and the tables of :data:`TABLE_NAMES`.

    Examples
    --------
    >>> [p.as_posix() for p in planned_outputs(Path("b"), [Path("01_x.ipynb")],
    ...                                         ["narrative"])][:5]
    ['b/01_x.ipynb', 'b/01_x.html', 'b/01_x.failed.ipynb', 'b/01_x.failed.html', 'b/index.html']
    """
    files = []
    for notebook, kind in zip(notebooks, kinds):
        stem = Path(notebook).stem
        files += [out / f"{stem}{s}" for s in (".ipynb", ".html", ".failed.ipynb",
                                                ".failed.html")]
        if slides and kind == "narrative":
            files.append(out / "slides" / f"{stem}.slides.html")
        if students and kind == "exercise":
            files += [out / "worksheets" / f"{stem}.html", out / "worksheets" / f"{stem}.pdf"]
    files.append(out / "index.html")
    if not students:
        files.append(out / "teaching.html")
    if slides:
        files += _reveal_files(out / "slides" / "reveal.js")
    files += [out / "tables" / f"{name}.csv" for name in TABLE_NAMES]
    files.append(out / "tables.xlsx")
    return files


def _reveal_files(target: Path) -> list[Path]:
    """The files of the shipped reveal.js a run copies (none when a copy is there)."""
    from importlib import resources

    if (target / "dist" / "reveal.js").is_file():
        return []
    source = Path(str(resources.files("corpusnb") / "data" / "revealjs"))
    return sorted(target / p.relative_to(source) for p in source.rglob("*") if p.is_file())


def check_sources(out: Path, planned: list[Path], sources: list[tuple[str, Path]]) -> None:
    """Refuse an output folder inside a source folder, or an output that is a source.

    ``sources`` are (what, path) pairs: the corpus (a folder or a file), the
    themes file, the notebooks, the token store.

    Examples
    --------
    >>> import tempfile
    >>> corpus = Path(tempfile.mkdtemp())
    >>> check_sources(corpus / "build", [corpus / "build" / "index.html"],
    ...               [("the corpus", corpus)])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    corpusnb._errors.CorpusError: --out ... is inside the corpus ...
    """
    where = out.resolve()
    for what, source in sources:
        source = Path(source).resolve()
        if source.is_dir() and where.is_relative_to(source):
            raise CorpusError(f"--out {out} is inside {what} {source}: the pages and tables "
                              f"would be read as part of it by the next info or run; choose "
                              f"a folder outside it, e.g. --out {source.parent / 'build'}")
    for path in planned:
        resolved = path.resolve()
        for what, source in sources:
            source = Path(source).resolve()
            if resolved == source or (source.is_dir() and resolved.is_relative_to(source)):
                raise CorpusError(f"--out {out} would write {path}, which is "
                                  f"{'' if resolved == source else 'inside '}{what} "
                                  f"{source}; choose another --out")


def check_out(out: Path, notebooks: list[Path], kinds: list[str], *,
              sources: list[tuple[str, Path]], students: bool = False, slides: bool = False,
              force: bool = False) -> tuple[OutputRecord, list[Path]]:
    """Before a run: its record and planned files, or an error naming what is in the way.

    ``kinds`` holds each notebook's kind (:func:`corpusnb.apps.site.notebook_kind`).

    Refuses (:func:`check_sources`) an ``out`` inside a source folder or an
    output that is a source, even with ``force``; refuses the existing files
    the record of ``out`` does not list as corpusnb's (unless ``force``).

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> _ = (out / "tables.xlsx").write_bytes(b"a user's workbook")
    >>> check_out(out, [], [], sources=[])  # doctest: +ELLIPSIS, +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    corpusnb._errors.CorpusError: --out ... holds 1 file that corpusnb run did not write
    ...: tables.xlsx; move it, ...
    """
    planned = planned_outputs(out, notebooks, kinds, students=students, slides=slides)
    check_sources(out, planned, sources)
    try:
        record = OutputRecord.load(out)
    except CorpusError:
        if not force:
            raise
        record = OutputRecord(out)
    foreign = record.foreign(planned)
    if foreign and not force:
        names = [p.relative_to(out).as_posix() for p in foreign]
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        one = len(names) == 1
        raise CorpusError(f"--out {out} holds {len(names)} file{'' if one else 's'} that "
                          f"corpusnb run did not write (or that changed since it did): "
                          f"{shown}; move {'it' if one else 'them'}, choose another --out, "
                          f"or pass --force to replace {'it' if one else 'them'}")
    return record, planned


@contextmanager
def recording(record: OutputRecord, planned: list[Path]) -> Iterator[None]:
    """Record the ``planned`` files written inside the ``with`` block (also when it fails).

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> with recording(OutputRecord.load(out), [out / "index.html"]):
    ...     _ = write_text_atomic(out / "index.html", "<p>run</p>")
    >>> sorted(OutputRecord.load(out).files)
    ['index.html']
    """
    before = record.snapshot(planned)
    try:
        yield
    except BaseException:
        with suppress(CorpusError):  # the error that stopped the run is the one to show
            record.update(planned, before).save()
        raise
    record.update(planned, before).save()
