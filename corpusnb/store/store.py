"""The token store: a corpus' token table on disk, so a second load is a read.

``cnb.index(corpus_or_path, store="my-store")`` tokenises a corpus a chunk of
documents at a time, streaming, and writes:

* ``tokens/part-*.parquet`` — the token table, one file per chunk (dictionary-
  encoded strings, int32 offsets), in reading order;
* ``texts/part-*.parquet`` — each document of the chunk as cleaning left it
  (doc_id, language, text, section numbers and starts, its sections table and
  cleaning audit as JSON, and the raw text where it differs), so the store can
  stand in for the corpus (``cnb.load_corpus(path, store=...)``);
* ``documents.jsonl`` — each document's metadata (``corpus.metadata``);
* ``manifest.json`` — the tokeniser settings (corpusnb version, word pattern,
  stopword lists, extra stopwords, what Punkt learned per language), and per
  source file its sha256 and the sha256 of its cleaned texts.

Memory while indexing is bounded by the chunk (``chunk_chars`` characters of
text), not by the corpus: documents are read and cleaned one file at a time
into the text parts, Punkt is trained on a bounded sample collected on the way
(the same sample :func:`corpusnb.tokenize` takes), then the chunks are
tokenised on all cores, each by a worker process that writes its own part. Reading
and cleaning the files is shared among the workers too (batches of files, in order).

Chunks are runs of whole files (a file larger than a chunk gets chunks of its
own), so indexing again after a file changed re-tokenises that file only: a
chunk whose files are all unchanged is kept as it is, and a chunk that holds a
changed file takes the rows of its other files from the old parts. The update
reuses the sentence splitter trained when the store was built (the manifest
keeps it), so its sentences can differ from a fresh tokenisation where the
new text would have taught Punkt something; ``rebuild=True`` trains again, and
so does an index that keeps no file of the old store (another corpus).

The workers are spawned whatever the main module is (a script, with or without
``if __name__ == "__main__":``, a notebook, ``python -c``, ``python - <<EOF``): they do not
run it again (see :func:`_main_module_hidden`). A first index that fails (an error,
Ctrl-C) takes away what it wrote, and the folder when it made it; an update that fails
leaves the store as it was (its manifest is replaced last).
"""
from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import sys
import threading
import time
import warnings
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from corpusnb._errors import CorpusError, CorpusWarning, warn
from corpusnb._outputs import file_sha256, os_error
from corpusnb.tokens._links import remember

__all__ = ["Store", "index", "open_store", "stored_tokens"]

FORMAT = 2
CHUNK_CHARS = 8_000_000
"""Characters of text per chunk (one part file each): about 1.3 M tokens of English,
some 200 MB of working memory for the worker that tokenises it."""

_MANIFEST = "manifest.json"
_LOCK = "LOCK"
_PAUSE = "CORPUSNB_TEST_PAUSE_AFTER_PART"
"""Test hook: seconds a process sleeps after writing its first tokens part, or until it
gets SIGUSR1 (the fault tests stop or kill an index there); unset, nothing waits."""


# ---------------------------------------------------------------- the store

class Store:
    """A token store on disk (see the module docstring); open one with
    :func:`open_store` or make one with :func:`index`.

    The analyses take a store where they take a token table
    (``cnb.frequencies(store)``) and read it a part at a time; ``store.tokens()``
    is the whole table in memory, equal to :func:`corpusnb.tokenize`'s.
    """

    def __init__(self, path: str | Path, *, stop: bool = True) -> None:
        self.path = Path(path)
        manifest = self.path / _MANIFEST
        if not manifest.is_file():
            raise CorpusError(f"{self.path} is not a corpusnb token store (no {_MANIFEST}); "
                              "make one with corpusnb index CORPUS --store "
                              f"{self.path} or cnb.index(corpus, store=...)")
        self.manifest = _read_manifest(self.path)
        if self.manifest.get("format") != FORMAT:
            raise CorpusError(f"{manifest} is of store format {self.manifest.get('format')}, "
                              f"this corpusnb reads format {FORMAT}: index the corpus again "
                              "with rebuild=True (corpusnb index --rebuild)")
        self.stop = stop
        self.report: dict = {}

    def __repr__(self) -> str:
        rows = sum(part["rows"] for part in self.manifest["parts"])
        return (f"Store({str(self.path)!r}: {len(self.ids)} documents, {rows:,} tokens, "
                f"{len(self.manifest['parts'])} parts)")

    @property
    def ids(self) -> list[str]:
        """The document ids, in reading order."""
        return [doc for record in self.manifest["files"] for doc in record["ids"]]

    @property
    def parts(self) -> list[str]:
        """The part names, in reading order."""
        return [part["name"] for part in self.manifest["parts"]]

    @property
    def n_tokens(self) -> int:
        return sum(part["rows"] for part in self.manifest["parts"])

    @property
    def metadata(self) -> pd.DataFrame:
        """``corpus.metadata`` of the indexed corpus (dates as ISO strings)."""
        return _metadata(str(self.path), self.manifest["written"])

    def without_stopwords(self) -> Store:
        """The same store read without its stopword rows (``tokens[~tokens.is_stop]``)."""
        view = Store.__new__(Store)
        view.__dict__.update(self.__dict__, stop=False)
        return view

    def part(self, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        """The token rows of one part (all columns, or those named), as
        :func:`corpusnb.tokenize` gives them; it knows the store's metadata."""
        frame = _read_tokens(self._checked("tokens", name), columns, self.stop)
        frame.attrs["corpus"] = remember(self)
        return frame

    def tokens(self, columns: list[str] | None = None) -> pd.DataFrame:
        """The whole token table in memory (all columns, or those named)."""
        from corpusnb.tokens.tokens import TOKEN_COLUMNS

        names = TOKEN_COLUMNS if columns is None else columns
        if not self.parts:
            frame = _concatenated([], names, self.ids)
        else:
            frame = _arrow_tokens([self._checked("tokens", name) for name in self.parts],
                                  names, self.stop, self.ids)
        frame.attrs["corpus"] = remember(self)
        return frame

    def texts(self, name: str) -> dict[str, str]:
        """The cleaned texts of the documents of one part, by doc_id."""
        import pyarrow.parquet as pq

        table = pq.read_table(self._checked("texts", name), columns=["doc_id", "text"])
        return dict(zip(table.column("doc_id").to_pylist(), table.column("text").to_pylist()))

    # ------------------------------------------------ the store as a corpus
    # A store stands in for the corpus it was made from: the same ids, metadata,
    # documents (text, raw, sections, audit, meta), read from its text parts.

    def __len__(self) -> int:
        return sum(len(record["ids"]) for record in self.manifest["files"])

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._part_of

    def __iter__(self) -> Iterator:
        """The documents (:class:`corpusnb.text.corpus.Document`), a part read at a time."""
        for name in self.parts:
            yield from self._documents(name)

    def __getitem__(self, doc_id: str):
        """One document (:class:`corpusnb.text.corpus.Document`), read from its part."""
        name = self._part_of.get(doc_id)
        if name is None:
            raise KeyError(f"no document {doc_id!r} in the store {self.path}")
        return next(iter(self._documents(name, [doc_id])))

    def texts_of(self, ids: Iterable[str]) -> dict[str, str]:
        """The cleaned texts of these documents, by doc_id (only their parts are read)."""
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        wanted: dict[str, list[str]] = {}
        for doc_id in dict.fromkeys(ids):
            if doc_id in self._part_of:
                wanted.setdefault(self._part_of[doc_id], []).append(doc_id)
        texts = {}
        for name, some in wanted.items():
            table = pq.read_table(self._checked("texts", name), columns=["doc_id", "text"])
            table = table.filter(pc.is_in(table.column("doc_id"), value_set=_pa_strings(some)))
            texts.update(zip(table.column("doc_id").to_pylist(),
                             table.column("text").to_pylist()))
        return texts

    @property
    def sections(self) -> pd.DataFrame:
        """All documents' sections: doc_id, section, title, start, end."""
        return self._stacked("section_table", ["section", "title", "start", "end"])

    @property
    def removed(self) -> pd.DataFrame:
        """All documents' cleaning audits: doc_id, start, end, reason, text."""
        return self._stacked("removed", ["start", "end", "reason", "text"])

    def _checked(self, folder: str, name: str) -> Path:
        """The path of a part (``folder`` tokens or texts), checked against the
        manifest: its size always, its sha256 once per process (see :func:`_check_part`)."""
        entries = self.__dict__.get("_entries")
        if entries is None:
            entries = self.__dict__["_entries"] = {p["name"]: p for p in self.manifest["parts"]}
        return _check_part(self.path, entries[name], folder, verify=True)

    @property
    def _part_of(self) -> dict[str, str]:
        cached = self.__dict__.get("_parts_by_id")
        if cached is None:
            cached = self.__dict__["_parts_by_id"] = {
                doc_id: part["name"] for part in self.manifest["parts"] for doc_id in part["ids"]}
        return cached

    def _documents(self, name: str, ids: list[str] | None = None) -> list:
        from corpusnb.text.corpus import Document

        texts = _texts_part(self._checked("texts", name), None if ids is None else set(ids))
        return [Document(t.id, t.raw if t.raw is not None else t.text, t.text,
                         json.loads(t.removed), json.loads(t.section_table), json.loads(t.meta))
                for t in texts]

    def _stacked(self, column: str, columns: list[str]) -> pd.DataFrame:
        import pyarrow.parquet as pq

        ids, tables = [], []
        for name in self.parts:
            table = pq.read_table(self._checked("texts", name), columns=["doc_id", column])
            for doc_id, value in zip(table.column("doc_id").to_pylist(),
                                     table.column(column).to_pylist()):
                table_of = json.loads(value)
                rows = len(table_of.get(columns[0], []))
                if rows:
                    ids.extend([doc_id] * rows)
                    tables.append(table_of)
        frame = {"doc_id": ids}
        for c in columns:
            values = [v for t in tables for v in t[c]]
            frame[c] = np.array(values, dtype=np.int64) if c in ("section", "start", "end") \
                else values
        return pd.DataFrame(frame, columns=["doc_id", *columns])


def _pa_strings(values: list[str]):
    import pyarrow as pa

    return pa.array(values, pa.string())


def open_store(path: str | Path) -> Store:
    """The token store at ``path`` (made by :func:`index`)."""
    return Store(path)


@lru_cache(maxsize=8)
def _metadata(path: str, written: str) -> pd.DataFrame:
    """documents.jsonl's rows, checked against the manifest's size and sha256 first (once
    per process and index: the call is cached on the manifest's time of writing)."""
    from corpusnb.text._catalog import _metadata_frame

    target = Path(path)
    damage = _documents_damage(target, _read_manifest(target), verify=True)
    if damage is not None:
        raise CorpusError(f"{target / 'documents.jsonl'} is damaged ({damage}); index the "
                          f"corpus into the store again (corpusnb index CORPUS --store "
                          f"{target}): it is written again")
    return _metadata_frame(_documents_rows(target))


def _read_tokens(path: Path, columns: list[str] | None, stop: bool) -> pd.DataFrame:
    import pyarrow.parquet as pq

    wanted = None if columns is None else list(dict.fromkeys(
        [*columns, *([] if stop else ["is_stop"])]))
    table = pq.read_table(path, columns=wanted)
    frame = table.to_pandas()
    if not stop:
        frame = frame[~frame["is_stop"].to_numpy()].reset_index(drop=True)
        frame = frame[columns] if columns is not None else frame
    for name in frame.columns:  # word categories as tokenize makes them: object strings
        column = frame[name]
        if name in ("token", "norm", "lemma", "doc_id") and not isinstance(
                column.dtype, pd.CategoricalDtype):  # a part without rows loses its dtype
            codes, values = pd.factorize(column.to_numpy(object))
            frame[name] = pd.Categorical.from_codes(codes, pd.Index(values, dtype=object))
        elif isinstance(column.dtype, pd.CategoricalDtype) and name != "doc_id":
            frame[name] = pd.Categorical.from_codes(
                column.cat.codes.to_numpy(), pd.Index(column.cat.categories.to_numpy(object),
                                                      dtype=object))
    return frame


_WORD_COLUMNS = ("doc_id", "token", "norm", "lemma")


def _arrow_tokens(paths: list[Path], columns: list[str], stop: bool, ids: list[str]
                  ) -> pd.DataFrame:
    """The parts read as one table, straight from Arrow: each string column's
    dictionaries unified (in order of first appearance, as tokenize numbers them) and
    its indices taken as the categorical codes; no string is made per row."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    def column(name: str) -> list:  # one column of every part: one column in memory
        return [chunk for path in paths
                for chunk in pq.read_table(path, columns=[name]).column(name).chunks]

    keep = None if stop else ~np.concatenate(
        [c.to_numpy(zero_copy_only=False) for c in column("is_stop")]).astype(bool)
    coded = pa.dictionary(pa.int32(), pa.string())
    out = {}
    for name in columns:
        chunks = column(name)
        if name in _WORD_COLUMNS and not all(pa.types.is_dictionary(c.type) for c in chunks):
            chunks = [pa.array(c.to_pylist(), pa.string()).dictionary_encode() for c in chunks]
        if name in _WORD_COLUMNS and not chunks:  # no rows at all
            chunks = [pa.array([], pa.string()).dictionary_encode()]
        if pa.types.is_dictionary(chunks[0].type):
            unified = pa.chunked_array([c.cast(coded) for c in chunks], type=coded
                                       ).unify_dictionaries()
            values = unified.chunk(0).dictionary.to_numpy(zero_copy_only=False)
            codes = np.concatenate([c.indices.to_numpy(zero_copy_only=False)
                                    for c in unified.chunks]).astype(np.int32, copy=False)
            if name == "doc_id":  # categories: every document, with tokens or not
                categories = pd.Index(ids)
                codes = categories.get_indexer(values)[codes].astype(np.int32)
            else:
                categories = pd.Index(values, dtype=object)
            out[name] = codes if keep is None else codes[keep], categories
        else:
            array = np.concatenate([c.to_numpy(zero_copy_only=False) for c in chunks])
            out[name] = array if keep is None else array[keep]
        del chunks
    return pd.DataFrame({name: pd.Categorical.from_codes(*value) if isinstance(value, tuple)
                         else value for name, value in out.items()}, copy=False)


def _concatenated(frames: list[pd.DataFrame], columns: list[str], ids: list[str]
                  ) -> pd.DataFrame:
    """Parts in one table: each categorical column's categories in order of first
    appearance across the parts (as tokenize numbers them), doc_id's the document ids."""
    if not frames:  # no parts: the empty table, as tokenize makes it
        from corpusnb.tokens.tokens import token_table

        frames = [token_table([], [], {})[columns]]
    out = {}
    for name in columns:
        parts = [frame[name] for frame in frames]
        if name == "doc_id" or isinstance(parts[0].dtype, pd.CategoricalDtype):
            out[name] = _unified(parts, ids if name == "doc_id" else None)
        else:
            out[name] = np.concatenate([part.to_numpy() for part in parts])
    return pd.DataFrame(out)


def _unified(parts: list[pd.Series], categories: list[str] | None) -> pd.Categorical:
    # doc_id's categories as tokenize makes them (an Index of the ids); words' as objects
    vocabulary = pd.Index(categories) if categories is not None else pd.Index(
        pd.unique(np.concatenate([p.cat.categories.to_numpy(object) for p in parts] or [[]])),
        dtype=object)
    codes = []
    for part in parts:
        lookup = vocabulary.get_indexer(part.cat.categories)
        raw = part.cat.codes.to_numpy()
        codes.append(np.where(raw >= 0, lookup[raw], -1).astype(np.int32))
    return pd.Categorical.from_codes(np.concatenate(codes or [np.zeros(0, np.int32)]),
                                     vocabulary)


# ---------------------------------------------------------------- indexing

@dataclass
class _Text:
    """A cleaned document as the tokeniser needs it, with what the store keeps of the
    rest (raw text where it differs, the sections table and the audit, as JSON)."""

    id: str
    text: str
    language: str
    sections: np.ndarray
    starts: np.ndarray
    raw: str | None = None
    section_table: str = "{}"
    removed: str = "{}"
    meta: str = "{}"

    def section_starts(self) -> tuple[np.ndarray, np.ndarray]:
        return self.sections, self.starts


@dataclass
class _File:
    """A source file of the corpus: its documents' ids and sizes, and either the
    documents (read this time) or the old store's record of them (reused)."""

    name: str
    source_sha256: str
    ids: list[str]
    sizes: list[int]
    content_sha256: str
    documents: list | None = None   # _Text, when read this time
    meta: list | None = None        # metadata rows, when read this time
    old: dict | None = None         # the old record, when its tokens are reused
    parts: list[str] = field(default_factory=list)

    @property
    def chars(self) -> int:
        return sum(self.sizes)


def _read_file(name: str, source_sha256: str, documents: list, old_records: dict) -> _File:
    from corpusnb.text._catalog import _metadata_row

    texts = [_as_text(d) for d in documents]
    found = _File(name, source_sha256, [t.id for t in texts], [len(t.text) for t in texts],
                  _content_sha256(texts), texts, [_metadata_row(d) for d in documents])
    record = old_records.get(name)
    if record is not None and record["content_sha256"] == found.content_sha256:
        found.old = record  # same texts: the tokens are reused, the metadata is new
    return found


def _reused_file(record: dict) -> _File:
    return _File(record["file"], record["source_sha256"], record["ids"], record["sizes"],
                 record["content_sha256"], old=record)


def index(corpus_or_path=None, store: str | Path | None = None, *, workers: int | None = None,
          chunk_chars: int = CHUNK_CHARS, extra_stopwords: Iterable[str] = (),
          keep_citations: bool = False, text_column: str | None = None,
          rebuild: bool = False, verify: bool = False, wait: float = 0,
          scheduler: str | None = None) -> Store:
    """Tokenise a corpus into a token store (or bring an existing store up to date).

    Parameters
    ----------
    corpus_or_path : Corpus, str or Path, optional
        A loaded corpus, or a path :func:`corpusnb.load_corpus` reads (read
        here one file at a time, so the corpus need not fit in memory); None
        for the bundled seeds.
    store : str or Path
        The store's folder (made if missing; an existing folder must be a
        store or empty).
    workers : int, optional
        Processes that tokenise (default: every core). The parts are the same,
        byte for byte, whatever the number.
    chunk_chars : int
        Characters of text per part.
    extra_stopwords : iterable of str
        As for :func:`corpusnb.tokenize`.
    keep_citations, text_column
        As for :func:`corpusnb.load_corpus` (a path only).
    rebuild : bool, default False
        Tokenise everything again (and train the sentence splitter again), even
        what is unchanged.
    verify : bool, default False
        Check the sha256 of every part the store keeps, not only its size; the
        files of a damaged part are tokenised again either way.
    wait : float, default 0
        Seconds to wait for another process indexing into the store (it holds
        ``store/LOCK``); 0 stops at once with a CorpusError that names it.
    scheduler : str, optional
        The address of a dask.distributed scheduler (``"tcp://host:8786"``): the
        files are read, cleaned and tokenised on its workers instead of ``workers``
        local processes, into the same store. The corpus and the store must be at the
        same path on every worker (see :mod:`corpusnb.store._cluster`).

    Returns
    -------
    Store
        Its ``report`` names the files tokenised and reused and the parts
        written and kept.

    Examples
    --------
    >>> import tempfile, corpusnb as cnb
    >>> store = index(None, tempfile.mkdtemp() + "/seeds")
    >>> store.tokens().equals(cnb.tokenize(cnb.load_corpus()))
    True
    """
    if store is None:
        raise ValueError("name the store's folder: index(corpus, store='my-store')")
    target = Path(store)
    settings = _settings(extra_stopwords)
    _check_target(target)
    pool = None
    if scheduler is not None:  # the workers' paths: absolute, as their folders are their own
        from corpusnb.store._cluster import Pool

        target = target.resolve()
        if isinstance(corpus_or_path, (str, Path)):
            corpus_or_path = Path(corpus_or_path).resolve()
        pool = Pool(scheduler, _DONE)  # before the store's folder is made
    try:
        return _index(corpus_or_path, target, settings, workers, chunk_chars, keep_citations,
                      text_column, rebuild, verify, wait, pool)
    except OSError as err:  # a full disk, a read-only folder: named, not a traceback
        if err.filename is not None and not Path(err.filename).resolve().is_relative_to(
                target.resolve()):
            raise  # a source file that cannot be read says so itself
        raise os_error(Path(err.filename) if err.filename else target, err) from err


def _index(corpus_or_path, target: Path, settings: dict, workers: int | None, chunk_chars: int,
           keep_citations: bool, text_column: str | None, rebuild: bool, verify: bool,
           wait: float, pool=None) -> Store:
    from corpusnb.text.corpus import Corpus

    made = not target.exists()
    target.mkdir(parents=True, exist_ok=True)
    workers = max(workers or os.cpu_count() or 1, 1)
    try:
        with _StoreLock(target, wait):
            new = not (target / _MANIFEST).exists()  # no store yet: a failure leaves none
            try:
                with pool or _Pool(workers) as pool:  # its workers are gone before a failure is undone
                    old = _old_manifest(target, settings, rebuild, verify)
                    if isinstance(corpus_or_path, Corpus):
                        files = _corpus_files(corpus_or_path, old)
                        source = str(corpus_or_path.path) if corpus_or_path.path is not None \
                            else None
                    else:
                        options = {"keep_citations": keep_citations, "text_column": text_column}
                        files = _path_files(corpus_or_path, old, options, pool)
                        source = str(corpus_or_path) if corpus_or_path is not None else None
                    return _write(target, files, old, settings, source, pool, chunk_chars)
            except BaseException:  # an error, or Ctrl-C: what it wrote is taken away
                if new:
                    _unmake(target)
                raise
    except BaseException:
        if made and not (target / _MANIFEST).exists():
            _remove_folder(target)  # and the folder it made, once the lock is released
        raise


def _unmake(target: Path) -> None:
    """Remove what a first index that failed wrote into the store's folder (with the lock
    held), so the folder is as it was: empty, or gone when the index made it. What an
    index stopped earlier left (no manifest either) goes too: the next index would start
    from the start anyway."""
    if (target / _MANIFEST).exists() or not _leftover(target):
        return  # a store after all, or files of someone else's: left as they are
    for folder in ("tokens", "texts"):
        if (target / folder).is_dir():
            for path in (target / folder).glob("part-*.parquet"):
                path.unlink(missing_ok=True)
            _remove_folder(target / folder)
    for name in (f"{_MANIFEST}.writing", "documents.jsonl.writing"):
        (target / name).unlink(missing_ok=True)


def _remove_folder(path: Path) -> None:
    try:
        path.rmdir()  # only when empty: another index may have come in meanwhile
    except OSError:
        pass


class _Pool:
    """``workers`` spawned processes (none for one worker: the work is done here), made
    when first needed; ``submit`` returns an object with ``result()`` either way."""

    def __init__(self, workers: int) -> None:
        self.workers, self.executor = workers, None

    def __enter__(self) -> _Pool:
        return self

    def __exit__(self, *exc) -> None:
        if self.executor is not None:
            self.executor.shutdown(cancel_futures=True)

    def submit(self, function, *args):
        if self.workers == 1:
            return _Done(function(*args))
        if self.executor is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            context = multiprocessing.get_context("spawn")  # no fork of a threaded process
            self.executor = ProcessPoolExecutor(self.workers, mp_context=context,
                                                initializer=_die_with_parent,
                                                initargs=(os.getpid(),))
        with _main_module_hidden():  # the workers are started here, as jobs come
            return self.executor.submit(function, *args)

    def ordered(self, function, jobs: Iterable[tuple]) -> Iterator:
        """``function(*job)`` of each job, in order, at most two jobs a worker ahead."""
        pending: deque = deque()
        for job in jobs:
            pending.append(self.submit(function, *job) if job[0] is not _DONE else
                           _Done(job[1]))
            while len(pending) > 2 * self.workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


_DONE = object()
_MAIN_HIDDEN = threading.Lock()


@contextmanager
def _main_module_hidden() -> Iterator[None]:
    """While worker processes start: the main module does not say where it came from, so
    a spawned worker does not run it again before it takes its jobs.

    A spawned process first runs the parent's main module (as ``__mp_main__``) from its
    ``__spec__`` or ``__file__``, for the functions a job may name there. An index's jobs
    name none (they are this module's), and running the main module fails or harms:
    ``python - <<EOF`` has the file ``<stdin>``, which the worker cannot read (the pool
    broke), and a script without ``if __name__ == "__main__":`` would index again in every
    worker. Without ``__spec__`` and ``__file__``, as in ``python -c`` and a notebook,
    the worker skips it. They are put back as soon as the workers are started.
    """
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    with _MAIN_HIDDEN:
        saved = {name: vars(main)[name] for name in ("__spec__", "__file__")
                 if name in vars(main)}
        main.__spec__ = None
        vars(main).pop("__file__", None)
        try:
            yield
        finally:
            vars(main).pop("__spec__", None)
            vars(main).update(saved)


class _Done:
    def __init__(self, value) -> None:
        self.value = value

    def result(self):
        return self.value


def _settings(extra_stopwords: Iterable[str]) -> dict:
    """What the tokens depend on besides the texts: a store made with other settings
    is tokenised again whole."""
    import importlib.metadata

    from corpusnb.tokens import tokens

    folder = Path(__file__).resolve().parents[1] / "data"  # word lists, and the cleaning rules
    data = sorted((f.name, hashlib.sha256(f.read_bytes()).hexdigest())
                  for f in [*folder.glob("*.txt"), folder / "boilerplate.toml"])
    return {
        "corpusnb": importlib.metadata.version("corpusnb"),
        "simplemma": importlib.metadata.version("simplemma"),
        "nltk": importlib.metadata.version("nltk"),
        "word_pattern": tokens.WORD_PATTERN,
        "training_chars": tokens.TRAINING_CHARS,
        "data": dict(data),
        "extra_stopwords": sorted({tokens.normalize(w) for w in extra_stopwords}),
    }


def _check_target(target: Path) -> None:
    """A store's folder is missing, empty, a store, or what an index left unfinished."""
    if target.exists() and (not target.is_dir() or not (
            (target / _MANIFEST).is_file() or _leftover(target))):
        raise CorpusError(f"{target} exists and is not a corpusnb store: name a new or "
                          f"empty folder for the store (nothing in {target} is "
                          "overwritten)")


def _old_manifest(target: Path, settings: dict, rebuild: bool, verify: bool = False
                  ) -> dict | None:
    """The store's manifest as the update starts from (with the lock held): None for a
    new store, or one whose index stopped before its manifest was written or whose
    manifest is damaged (indexed again from the start); damaged parts left out."""
    manifest = target / _MANIFEST
    if not manifest.is_file():
        if any(path.name != _LOCK for path in target.iterdir()):  # LOCK: ours
            _check_target(target)
            warn(f"{target} holds an index that stopped before it finished (no "
                 f"{_MANIFEST}): the corpus is indexed into it from the start",
                 CorpusWarning)
        return None
    try:
        old = _read_manifest(target)
    except CorpusError as err:
        if not _leftover(target):
            raise
        warn(f"{err}; it is rebuilt now", CorpusWarning)
        return None
    old = _without_damaged(target, old, verify)
    if rebuild or old.get("format") != FORMAT or old.get("settings") != settings:
        return {**old, "files": [], "splitters": None}  # nothing is reused
    return old


def _content_sha256(documents: list) -> str:
    digest = hashlib.sha256()
    for doc in documents:
        for value in (doc.id, doc.language, doc.text, doc.sections.tobytes(),
                      doc.starts.tobytes()):
            data = value.encode("utf-8") if isinstance(value, str) else value
            digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


def _as_text(doc) -> _Text:
    from corpusnb.text.language import document_language

    sections, starts = doc.section_starts()
    raw = getattr(doc, "_raw", None)
    return _Text(doc.id, doc.text, document_language(doc),
                 np.asarray(sections, dtype=np.int64), np.asarray(starts, dtype=np.int64),
                 raw if raw is not None and raw != doc.text else None,
                 _columns_json(getattr(doc, "sections", {})),
                 _columns_json(getattr(doc, "removed", {})),
                 json.dumps(getattr(doc, "meta", {}), default=_json_value, ensure_ascii=False))


def _columns_json(table) -> str:
    """A small table (sections, audit) as JSON of its columns (no pickling)."""
    frame = pd.DataFrame(table)
    return json.dumps({c: [v.item() if hasattr(v, "item") else v for v in frame[c]]
                       for c in frame.columns}, ensure_ascii=False)


def _corpus_files(corpus, old: dict | None) -> list[_File]:
    """The corpus' documents grouped by source file, matched with the old store's
    records by the sha256 of their cleaned texts."""
    records = {r["file"]: r for r in (old or {}).get("files", [])}
    groups: list[tuple[str, str, list]] = []
    for doc in corpus:
        name = str(doc.meta.get("file", doc.id))
        if not groups or groups[-1][0] != name:
            groups.append((name, str(doc.meta.get("sha256", "")), []))
        groups[-1][2].append(doc)
    return [_read_file(name, sha, documents, records) for name, sha, documents in groups]


_BATCH_BYTES = 4_000_000  # files read and cleaned by one worker at a time


def _path_files(path, old: dict | None, options: dict, pool: _Pool) -> Iterator[_File]:
    """The files of a corpus path, read and cleaned by the workers a batch at a time (in
    order, a few batches ahead); one whose bytes, catalog entry and options are those the
    old store recorded is not read."""
    from corpusnb.text.corpus import corpus_entries

    folder, entries = corpus_entries(path)
    records = {r["file"]: r for r in (old or {}).get("files", [])}

    def jobs() -> Iterator[tuple]:
        batch, size = [], 0
        for entry in entries:
            data = (folder / entry["file"]).read_bytes()
            described = json.dumps([entry, options], sort_keys=True, default=str).encode()
            fingerprint = hashlib.sha256(data + described).hexdigest()
            record = records.get(entry["file"])
            if record is not None and record["source_sha256"] == fingerprint:
                if batch:
                    yield str(folder), batch, options
                    batch, size = [], 0
                yield _DONE, ([_reused_file(record)], [])
                continue
            batch.append((entry, fingerprint, record))
            size += len(data)
            if size >= _BATCH_BYTES:
                yield str(folder), batch, options
                batch, size = [], 0
        if batch:
            yield str(folder), batch, options

    for files, caught in pool.ordered(_read_batch, jobs()):
        for message, category in caught:  # warnings raised in a worker, shown here
            warn(message, CorpusWarning if category == "CorpusWarning" else UserWarning)
        yield from files


def _read_batch(folder: str, batch: list, options: dict) -> tuple[list[_File], list]:
    """Read and clean a batch of files (in a worker); their warnings are returned."""
    from corpusnb.text.corpus import load_entry

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        files = [_read_file(entry["file"], fingerprint, load_entry(folder, entry, **options),
                            {entry["file"]: record} if record is not None else {})
                 for entry, fingerprint, record in batch]
    return files, [(str(w.message), w.category.__name__) for w in caught]


def _write(target: Path, files: Iterable[_File], old: dict | None, settings: dict,
           source: str | None, pool: _Pool, chunk_chars: int) -> Store:
    from corpusnb.tokens._splitting import _Sample

    target.mkdir(parents=True, exist_ok=True)
    (target / "tokens").mkdir(exist_ok=True)
    (target / "texts").mkdir(exist_ok=True)
    generation = _next_generation(target, old)
    splitters = dict((old or {}).get("splitters") or {})
    samples: dict[str, _Sample] = {}
    chunks = _Chunks(chunk_chars)
    spool = _Spool(target, generation, {p["name"]: p for p in (old or {}).get("parts", [])})
    done, metadata_rows, seen, old_rows = [], [], {}, _OldRows(target)
    for f in files:
        _check_ids(f, seen)
        if f.old is None:
            for doc in f.documents:
                samples.setdefault(doc.language, _Sample()).add(doc.text)
        rows = f.meta if f.meta is not None else old_rows.of(f.old)
        metadata_rows.extend(json.loads(json.dumps(r, default=_json_value)) for r in rows)
        for chunk in chunks.add(f):
            spool.add(chunk)
        done.append(f)
    for chunk in chunks.finish():
        spool.add(chunk)
    if all(f.old is None for f in done):  # no text of the old store is left: nor its
        splitters = {}  # splitter (another corpus indexed into it is as if indexed anew)
    for language, sample in sorted(samples.items()):
        if language not in splitters:  # trained once, when the store is made
            splitters[language] = _trained(sample, language)
    tokenised = list(pool.ordered(_tokenise_part, ((task, splitters,
                                                    settings["extra_stopwords"])
                                                   for task in spool.tasks)))
    parts = sorted([*spool.kept, *tokenised], key=lambda p: p["order"])
    for p in parts:
        p.pop("order")
    records = [{"file": f.name, "source_sha256": f.source_sha256,
                "content_sha256": f.content_sha256, "ids": f.ids, "sizes": f.sizes,
                "parts": f.parts} for f in done]
    report = {"files_tokenised": [f.name for f in done if f.old is None],
              "files_reused": [f.name for f in done if f.old is not None],
              "parts_kept": [p["name"] for p in spool.kept],
              "parts_written": [p["name"] for p in tokenised]}
    if old is not None and records == old["files"] and parts == old["parts"] and \
            splitters == old["splitters"] and source == old.get("source"):
        _remove_unlisted(target, parts)  # what a killed run left, listed nowhere
        result = Store(target)  # nothing changed: nothing is written (readers may be busy)
        result.report = report
        return result
    documents = _write_documents(target, metadata_rows)
    manifest = {"format": FORMAT, "generation": generation, "written": str(generation),
                "source": source, "settings": settings, "splitters": splitters,
                "files": records, "parts": parts, "documents": documents}
    _replace(target / _MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    _remove_unlisted(target, parts)
    result = Store(target)
    result.report = report
    return result


def _json_value(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return str(value)


def _check_ids(f: _File, seen: dict) -> None:
    for doc_id in f.ids:
        if doc_id in seen:
            raise CorpusError(f"doc_id {doc_id!r} is given to documents of both "
                              f"{seen[doc_id]!r} and {f.name!r}; give each document its own "
                              "doc_id (in the catalog, or the table's doc_id column)")
        seen[doc_id] = f.name


class _OldRows:
    """The old store's metadata rows of a reused file (documents.jsonl read once)."""

    def __init__(self, target: Path) -> None:
        self.target, self.rows = target, None

    def of(self, record: dict) -> list[dict]:
        if self.rows is None:
            self.rows = {row["doc_id"]: row for row in _documents_rows(self.target)}
        return [self.rows[doc_id] for doc_id in record["ids"]]


def _trained(sample, language: str) -> dict:
    from corpusnb.tokens._splitting import _made_splitter, _splitter_settings, _train_on

    return _splitter_settings(_made_splitter(*_train_on(sample.text(), language), language))


class _Chunks:
    """Files grouped into chunks of about ``size`` characters: runs of whole files, a
    file larger than that split into chunks of its own documents."""

    def __init__(self, size: int) -> None:
        self.size, self.files, self.chars = size, [], 0

    def add(self, f: _File) -> list[list[tuple[_File, int, int]]]:
        out = []
        if f.chars > self.size:  # chunks of its own: documents [start, stop)
            out.extend(self.finish())
            start, total = 0, 0
            for k, size in enumerate(f.sizes):
                total += size
                if total >= self.size or k == len(f.sizes) - 1:
                    out.append([(f, start, k + 1)])
                    start, total = k + 1, 0
            return out
        self.files.append((f, 0, len(f.ids)))
        self.chars += f.chars
        if self.chars >= self.size:
            out.extend(self.finish())
        return out

    def finish(self) -> list[list[tuple[_File, int, int]]]:
        out = [self.files] if self.files else []
        self.files, self.chars = [], 0
        return out


class _Spool:
    """Writes each chunk's texts part and decides whether its tokens part is kept or
    made: kept when an old part holds exactly these documents, of unchanged files."""

    def __init__(self, target: Path, generation: int, old_parts: dict) -> None:
        self.target, self.generation, self.old_parts = target, generation, old_parts
        self.kept: list[dict] = []
        self.tasks: list[dict] = []

    def add(self, chunk: list[tuple[_File, int, int]]) -> None:
        order = len(self.kept) + len(self.tasks)
        ids = [doc_id for f, a, b in chunk for doc_id in f.ids[a:b]]
        part = self._unchanged(chunk, ids)
        if part is not None:
            self.kept.append({**part, "order": order})
            name = part["name"]
        else:
            name = f"part-{self.generation:03d}-{order:05d}"
            self._spool(name, order, chunk, ids)
        for f, _, b in chunk:
            f.parts.append(name)
            if b == len(f.ids):
                f.documents = f.meta = None  # written: memory is the chunk's, not the corpus'

    def _unchanged(self, chunk, ids: list[str]) -> dict | None:
        # a file read again (its catalog entry changed, its text did not) keeps its
        # tokens but its texts part is written again: it holds the documents' meta
        if any(f.old is None or f.documents is not None for f, _, _ in chunk):
            return None
        names = {name for f, _, _ in chunk for name in f.old["parts"]}
        part = self.old_parts.get(names.pop()) if len(names) == 1 else None
        return part if part is not None and part["ids"] == ids else None

    def _spool(self, name: str, order: int, chunk, ids: list[str]) -> None:
        texts, fresh, reused, unread = [], [], {}, {}
        for f, a, b in chunk:
            if f.documents is not None:
                texts.extend(f.documents[a:b])
            if f.old is None:
                fresh.extend(f.ids[a:b])
                continue
            for old_part in f.old["parts"]:
                reused.setdefault(old_part, []).extend(f.ids[a:b])
                if f.documents is None:
                    unread.setdefault(old_part, []).extend(f.ids[a:b])
        for old_part, wanted in unread.items():
            texts.extend(_texts_part(self.target / "texts" / f"{old_part}.parquet",
                                     set(wanted)))
        position = {doc_id: k for k, doc_id in enumerate(ids)}
        texts.sort(key=lambda text: position[text.id])
        path = self.target / "texts" / f"{name}.parquet"
        _write_texts(path, texts)
        self.tasks.append({"name": name, "order": order, "ids": ids, "fresh": fresh,
                           "reused": reused, "store": str(self.target),
                           "texts_bytes": path.stat().st_size,
                           "texts_sha256": file_sha256(path)})


def _write_texts(path: Path, texts: list[_Text]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({
        "doc_id": pa.array([t.id for t in texts], pa.string()),
        "language": pa.array([t.language for t in texts], pa.string()),
        "text": pa.array([t.text for t in texts], pa.large_string()),
        "sections": pa.array([t.sections.tolist() for t in texts], pa.list_(pa.int64())),
        "starts": pa.array([t.starts.tolist() for t in texts], pa.list_(pa.int64())),
        "raw": pa.array([t.raw for t in texts], pa.large_string()),
        "section_table": pa.array([t.section_table for t in texts], pa.string()),
        "removed": pa.array([t.removed for t in texts], pa.string()),
        "meta": pa.array([t.meta for t in texts], pa.string()),
    })
    pq.write_table(table, path)


def _texts_part(path: Path, wanted: set | None = None) -> list[_Text]:
    import pyarrow.parquet as pq

    return [_Text(r["doc_id"], r["text"], r["language"], np.array(r["sections"], np.int64),
                  np.array(r["starts"], np.int64), r["raw"], r["section_table"], r["removed"],
                  r["meta"])
            for r in pq.read_table(path).to_pylist() if wanted is None or r["doc_id"] in wanted]


def _tokenise_part(task: dict, splitters: dict, extra: list[str]) -> dict:
    """Tokenise the fresh documents of one chunk (rows of reused documents come from
    their old parts) and write its tokens part."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from corpusnb.tokens._splitting import _splitter_from
    from corpusnb.tokens.tokens import token_table

    target = Path(task["store"])
    documents = _texts_part(target / "texts" / f"{task['name']}.parquet", set(task["fresh"]))
    made = {language: _splitter_from(splitters[language], language)
            for language in sorted({d.language for d in documents})}
    frames = []
    if documents:
        frames.append(token_table(documents, [d.language for d in documents], made, extra))
    for name, ids in task["reused"].items():
        frame = _read_tokens(target / "tokens" / f"{name}.parquet", None, True)
        frames.append(frame[frame["doc_id"].isin(set(ids)).to_numpy()])
    table = _chunk_table(frames, task["ids"])
    path = target / "tokens" / f"{task['name']}.parquet"
    pq.write_table(pa.Table.from_pandas(table, preserve_index=False), path)
    _test_pause(path)
    return {"name": task["name"], "order": task["order"], "ids": task["ids"],
            "rows": len(table), "sha256": file_sha256(path), "bytes": path.stat().st_size,
            "texts_sha256": task["texts_sha256"], "texts_bytes": task["texts_bytes"]}


def _chunk_table(frames: list[pd.DataFrame], ids: list[str]) -> pd.DataFrame:
    """The rows of a chunk in its documents' order; word categories numbered by first
    appearance (as tokenize numbers them), doc_id's the chunk's documents."""
    from corpusnb.tokens.tokens import TOKEN_COLUMNS

    table = _concatenated(frames, TOKEN_COLUMNS, ids)
    order = np.argsort(table["doc_id"].cat.codes.to_numpy(), kind="stable")
    if np.any(order != np.arange(len(order))):  # reused and fresh documents interleave
        table = table.iloc[order].reset_index(drop=True)
    for name in ("token", "norm", "lemma"):
        codes, uniques = pd.factorize(table[name].cat.codes.to_numpy())
        table[name] = pd.Categorical.from_codes(
            codes.astype(np.int32), pd.Index(table[name].cat.categories.to_numpy(object)[uniques],
                                             dtype=object))
    return table


def _write_documents(target: Path, rows: list[dict]) -> dict:
    """Write documents.jsonl; its size and sha256, for the manifest."""
    text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    _replace(target / "documents.jsonl", text)
    data = text.encode("utf-8")
    return {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _replace(path: Path, text: str) -> None:
    """Write a file whole or not at all (a crash leaves the old one)."""
    temporary = path.with_name(path.name + ".writing")
    with open(temporary, "w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)


def _remove_unlisted(target: Path, parts: list[dict]) -> None:
    listed = {p["name"] for p in parts}
    for folder in ("tokens", "texts"):
        for path in (target / folder).glob("part-*.parquet"):
            if path.stem not in listed:
                path.unlink()


# ---------------------------------------------------------------- faults
# A store is committed by one atomic replace of its manifest; every part it lists is
# checked against the manifest when read (size always, sha256 once per process), and
# indexing takes the store's lock first (see _StoreLock).

_STORE_ENTRIES = {"tokens", "texts", _MANIFEST, "documents.jsonl", _LOCK,
                  f"{_MANIFEST}.writing", "documents.jsonl.writing"}


def _read_manifest(target: Path) -> dict:
    """The manifest of the store at ``target``; a CorpusError when it is not readable."""
    path = target / _MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise _damaged_manifest(target, "empty" if _empty(path) else
                                f"not JSON: {err}") from None
    if not isinstance(manifest, dict) or not all(
            isinstance(manifest.get(key), list) for key in ("files", "parts")):
        raise _damaged_manifest(target, "no list of files and parts")
    return manifest


def _empty(path: Path) -> bool:
    try:
        return path.stat().st_size == 0
    except OSError:
        return False


def _damaged_manifest(target: Path, why: str) -> CorpusError:
    return CorpusError(f"{target / _MANIFEST} is damaged ({why}), so the token store "
                       f"{target} cannot be read; index the corpus into it again "
                       f"(corpusnb index CORPUS --store {target}, or cnb.index(corpus, "
                       "store=...)): it is rebuilt from the corpus")


def _check_part(target: Path, entry: dict, folder: str, *, verify: bool) -> Path:
    """The path of a part, checked against its manifest entry: present, of the size
    recorded, and (``verify``) of the sha256 recorded (hashed once per process for the
    same file, size and mtime). A CorpusError names the part and says what to do."""
    path = target / folder / f"{entry['name']}.parquet"
    why = _part_damage(path, entry, folder, verify)
    if why is not None:
        raise _damaged_part(target, path, why)
    return path


def _part_damage(path: Path, entry: dict, folder: str, verify: bool) -> str | None:
    """What is wrong with a part file, or None."""
    size, sha256 = _recorded(entry, folder)
    try:
        stat = path.stat()
    except OSError:
        return "it is missing"
    if size is not None and stat.st_size != size:
        return f"it has {stat.st_size:,} bytes, the manifest recorded {size:,}"
    key = (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino, sha256)
    if verify and sha256 is not None and key not in _VERIFIED:
        if file_sha256(path) != sha256:
            return "its sha256 is not the one the manifest recorded: its bytes were changed"
        _VERIFIED.add(key)
    return None


_VERIFIED: set = set()  # parts whose sha256 was checked in this process


def _recorded(entry: dict, folder: str) -> tuple[int | None, str | None]:
    """A part's size and sha256 as the manifest recorded them (None: not recorded, in a
    store made before corpusnb recorded them)."""
    if folder == "tokens":
        return entry.get("bytes"), entry.get("sha256")
    return entry.get("texts_bytes"), entry.get("texts_sha256")


def _damaged_part(target: Path, path: Path, why: str) -> CorpusError:
    return CorpusError(f"part {path.parent.name}/{path.name} of the token store {target} is "
                       f"damaged ({why}); index the corpus into the store again with "
                       f"corpusnb index CORPUS --store {target} --verify (or cnb.index(corpus, "
                       "store=..., verify=True)): the files of damaged parts are "
                       "tokenised again")


def _damaged_parts(target: Path, old: dict, verify: bool) -> dict[str, str]:
    """The old store's damaged parts (missing, of another size, with ``verify`` of
    another sha256), each with what is wrong."""
    damaged = {}
    for entry in old["parts"]:
        for folder in ("tokens", "texts"):
            why = _part_damage(target / folder / f"{entry['name']}.parquet", entry, folder,
                               verify)
            if why is not None and entry["name"] not in damaged:
                damaged[entry["name"]] = f"{folder}/{entry['name']}.parquet: {why}"
    return damaged


def _without_damaged(target: Path, old: dict, verify: bool) -> dict:
    """The old manifest without its damaged parts and the files in them (tokenised
    again); the metadata of every file is read again when documents.jsonl is damaged."""
    damaged = _damaged_parts(target, old, verify)
    documents = _documents_damage(target, old, verify)
    if not damaged and documents is None:
        return old
    for why in damaged.values():
        warn(f"a part of the token store {target} is damaged ({why}): the files "
             "in it are tokenised again", CorpusWarning)
    if documents is not None:
        warn(f"{target / 'documents.jsonl'} is damaged ({documents}): every file is "
             "read and tokenised again", CorpusWarning)
        return {**old, "files": [], "parts": []}
    return {**old, "parts": [p for p in old["parts"] if p["name"] not in damaged],
            "files": [r for r in old["files"] if not set(r["parts"]) & set(damaged)]}


def _documents_damage(target: Path, old: dict, verify: bool) -> str | None:
    """What is wrong with the store's documents.jsonl, or None."""
    recorded = old.get("documents") or {}
    path = target / "documents.jsonl"
    if not path.is_file():
        return "it is missing" if old["files"] else None
    size = path.stat().st_size
    if recorded.get("bytes") is not None and size != recorded["bytes"]:
        return f"it has {size:,} bytes, the manifest recorded {recorded['bytes']:,}"
    if verify and recorded.get("sha256") is not None and \
            file_sha256(path) != recorded["sha256"]:
        return "its sha256 is not the one the manifest recorded"
    return None


def _documents_rows(target: Path) -> list[dict]:
    """The rows of documents.jsonl; a CorpusError naming the line when one is damaged."""
    path = target / "documents.jsonl"
    rows = []
    try:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                rows.append(json.loads(line))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        where = f"line {len(rows) + 1}: " if not isinstance(err, OSError) else ""
        raise CorpusError(f"{path} is damaged ({where}{err}); index the corpus into the "
                          f"store again (corpusnb index CORPUS --store {target} --verify): "
                          "it is written again") from None
    return rows


def _leftover(target: Path) -> bool:
    """Whether ``target`` holds only what an index writes (an index stopped before its
    manifest was written, or with its manifest damaged), so it may be indexed again."""
    names = {path.name for path in target.iterdir()}
    if not names <= _STORE_ENTRIES:
        return False
    return all(path.name.startswith("part-") and path.suffix == ".parquet"
               for folder in ("tokens", "texts") if (target / folder).is_dir()
               for path in (target / folder).iterdir())


def _next_generation(target: Path, old: dict | None) -> int:
    """A generation above the old manifest's and every part file's in the folder, so a
    run never writes over a file that is there (a killed run's leftovers included)."""
    found = [int(path.name.split("-")[1]) for folder in ("tokens", "texts")
             if (target / folder).is_dir() for path in (target / folder).glob("part-*")
             if path.name.split("-")[1].isdigit()]
    return max([(old or {}).get("generation", 0), *found]) + 1


class _StoreLock:
    """The store's lock, held while an index writes it; SQLite's convention on POSIX:
    an advisory lock (``flock``) on a file, which the kernel drops when its holder
    dies, so a lock is never left held by a dead process. The file, ``LOCK`` in the
    store, names the holder (pid, host, since when) for the message a second run gets,
    and is removed on release. A ``LOCK`` file left behind by a process that died (its
    flock gone) is stale and taken over when it names this host and a pid that no
    longer runs (the boot and start time tell a reused pid); one that names another
    host is never judged stale here (that host's process may be alive on a file system
    that does not share locks): the message says to remove it when that process is gone.
    """

    def __init__(self, target: Path, wait: float) -> None:
        self.target, self.path, self.wait = target, target / _LOCK, wait
        self.fd: int | None = None

    def __enter__(self) -> _StoreLock:
        deadline, told = time.monotonic() + self.wait, False
        while True:
            holder = self._try()
            if holder is None:
                return self
            if time.monotonic() >= deadline:
                raise CorpusError(_held_message(self.target, holder, self.wait))
            if not told:
                told = True
                warn(f"{_held_message(self.target, holder, 0).split(';')[0]}: "
                     f"waiting for it (up to {self.wait:g} s)", CorpusWarning)
            time.sleep(min(0.2, max(deadline - time.monotonic(), 0.01)))

    def __exit__(self, *exc) -> None:
        try:
            self.path.unlink(missing_ok=True)  # removed first: no one locks a file gone
        finally:
            os.close(self.fd)

    def _try(self) -> dict | None:
        """Take the lock (None) or give the holder's record."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            _flock(fd)
        except BlockingIOError:
            os.close(fd)
            return _holder_record(self.path) or {}
        try:
            if os.fstat(fd).st_ino != os.stat(self.path).st_ino:  # released and removed
                os.close(fd)
                return self._try()
        except FileNotFoundError:
            os.close(fd)
            return self._try()
        holder = _holder_record(self.path)
        if holder and _holder_alive(holder):
            os.close(fd)
            return holder
        if holder:
            warn(f"the token store {self.target} was locked by pid {holder.get('pid')} "
                 f"on this host since {holder.get('since')}, which is no longer "
                 "running: its lock is taken over (what it left unfinished is "
                 "not kept)", CorpusWarning)
        record = json.dumps(_own_record()).encode()
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, record)
        os.fsync(fd)
        self.fd = fd
        return None


def _flock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # not POSIX: the LOCK file's record alone decides
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise
    except OSError:  # a file system without locks: the record alone decides
        return


def _holder_record(path: Path) -> dict | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8") or "null")
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return record if isinstance(record, dict) else None


def _own_record() -> dict:
    return {"pid": os.getpid(), "host": socket.gethostname(),
            "since": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
            "boot": _boot_id(), "start": _start_time(os.getpid())}


def _holder_alive(holder: dict) -> bool:
    """Whether the holder a LOCK file names may still run: another host's always (not
    judged from here); on this host, its pid runs and, where Linux tells, it is the same
    process (same boot, same start time), not a later one given the same pid."""
    if holder.get("host") != socket.gethostname():
        return True
    pid = holder.get("pid")
    if not isinstance(pid, int) or pid == os.getpid():
        return False
    if holder.get("boot") is not None and holder.get("boot") != _boot_id():
        return False
    start = _start_time(pid)
    if holder.get("start") is not None and start is not None:
        return start == holder["start"]
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _boot_id() -> str | None:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return None


def _start_time(pid: int) -> int | None:
    """The start time of a process in clock ticks after boot (Linux), None elsewhere or
    when no such process runs."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[19])


def _held_message(target: Path, holder: dict, wait: float) -> str:
    who = (f"pid {holder.get('pid')} on host {holder.get('host')} since {holder.get('since')}"
           if holder else "another process")
    waited = f" (waited {wait:g} s)" if wait else ""
    return (f"the token store {target} is being indexed by {who}{waited}; wait for it "
            f"(corpusnb index --wait SECONDS, or cnb.index(..., wait=SECONDS)) or remove "
            f"{target / _LOCK} if that process is gone")


def _die_with_parent(parent: int) -> None:
    """In a worker, first: end when the process that started it ends, even killed
    (Linux: PR_SET_PDEATHSIG; elsewhere a thread that watches the parent's pid)."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    else:
        import threading

        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _test_pause(path: Path) -> None:
    seconds = os.environ.get(_PAUSE)
    if seconds and not _PAUSED:
        _PAUSED.append(path)
        if not hasattr(signal, "sigtimedwait"):  # not POSIX
            print(f"corpusnb: test pause after {path}", file=sys.stderr, flush=True)
            time.sleep(float(seconds))
            return
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})
        print(f"corpusnb: test pause after {path}", file=sys.stderr, flush=True)
        signal.sigtimedwait({signal.SIGUSR1}, float(seconds))
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGUSR1})


_PAUSED: list = []


# ---------------------------------------------------------------- tokenize(store=)

def stored_tokens(corpus, store: str | Path, extra_stopwords: Iterable[str] = ()
                  ) -> pd.DataFrame:
    """A corpus' token table, read from a token store that holds it.

    When the store holds exactly this corpus' texts, tokenised with these settings, its
    table is read; otherwise the corpus is indexed into it first (the store made, or
    brought up to date: see :func:`index`). This is ``cnb.tokenize(corpus, store=...)``.

    Parameters
    ----------
    corpus : Corpus
        A corpus in memory (:func:`corpusnb.load_corpus`).
    store : str or Path
        The store's folder.
    extra_stopwords : iterable of str
        As for :func:`corpusnb.tokenize`.

    Returns
    -------
    pandas.DataFrame
        The table :func:`corpusnb.tokenize` gives of the corpus (it knows the corpus).

    Examples
    --------
    >>> import tempfile, corpusnb as cnb
    >>> corpus = cnb.load_corpus()
    >>> stored_tokens(corpus, tempfile.mkdtemp() + "/seeds").equals(cnb.tokenize(corpus))
    True
    """
    target = Path(store)
    fresh = _holds(target, corpus, _settings(extra_stopwords))
    opened = Store(target) if fresh else index(corpus, target, extra_stopwords=extra_stopwords)
    frame = opened.tokens()
    frame.attrs["corpus"] = remember(corpus)
    return frame


def _holds(target: Path, corpus, settings: dict) -> bool:
    """Whether the store at ``target`` holds exactly this corpus' texts, so made."""
    manifest = target / _MANIFEST
    if not manifest.is_file() or (target / _LOCK).exists():
        return False  # none, or being indexed: index() waits or says who holds it
    try:
        old = _read_manifest(target)
    except CorpusError:
        return False  # index() rebuilds it
    if old.get("format") != FORMAT or old.get("settings") != settings or \
            _damaged_parts(target, old, False) or _documents_damage(target, old, False):
        return False
    files = _corpus_files(corpus, old)
    return [f.name for f in files] == [r["file"] for r in old["files"]] and \
        all(f.old is not None for f in files)
