"""The ``corpusnb`` command.

``corpusnb info [PATH] [--all]`` prints a summary of a corpus: its documents (the
first 30, or ``--all``) and their metadata fields; ``corpusnb run [NOTEBOOK ...] [--corpus PATH] [--param
NAME=VALUE ...] [--themes FILE] [--out DIR] [--jobs N] [--students] [--slides]``
executes the narrative notebooks headless and writes executed notebooks, HTML, an
index page and the main tables (CSV and Excel) beside them; ``--students`` builds
the students' pages and worksheets, ``--slides`` adds reveal.js slides.
``corpusnb index [PATH] --store FOLDER`` tokenises a corpus into a token store.
``--scheduler ADDRESS`` (or ``DASK_SCHEDULER_ADDRESS``) runs ``index``, and the
analyses of ``run --store``, on the workers of a dask.distributed cluster.
"""
from __future__ import annotations

import argparse
import json
import keyword
import math
import os
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from corpusnb._errors import CorpusError, CorpusWarning, warn
from corpusnb.text.corpus import Corpus, grouping_fields
from corpusnb.engine.sources import tokens_of
from corpusnb.store.api import load_corpus, tokenize
from corpusnb.store.store import CHUNK_CHARS

__all__ = ["info_table", "main", "parse_param"]

_SHOWN = 30  # documents listed by `corpusnb info` before "... and N more"


def info_table(corpus: Corpus) -> pd.DataFrame:
    """One row per document: id, title, year, language, words, sentences, sections, encoding.

    ``words`` counts word tokens (:func:`corpusnb.tokenize`: the count every rate
    divides by), ``sentences`` the sentences that hold at least one of them
    (:func:`corpusnb.sentences` also lists sentences without a word, such as a line
    of asterisks). ``words`` is not ``corpus.metadata["n_words"]``, which counts
    the whitespace-separated pieces of the cleaned text ("Russia’s" is one piece and
    two word tokens, "—" a piece and no token). ``corpus`` may be a token store
    standing in for the corpus (only its doc_id and sent columns are read).

    Examples
    --------
    >>> import corpusnb as cnb
    >>> info_table(cnb.load_corpus()).columns.tolist()
    ['id', 'title', 'year', 'language', 'words', 'sentences', 'sections', 'encoding']
    """
    from corpusnb.store.store import Store

    meta = corpus.metadata
    tokens = corpus.tokens(["doc_id", "sent"]) if isinstance(corpus, Store) \
        else tokenize(corpus)
    grouped = tokens.groupby("doc_id", observed=True)["sent"]  # on codes: no string a row
    words, sents = grouped.size(), grouped.nunique()
    words.index = sents.index = words.index.astype(str)
    sections = corpus.sections.groupby("doc_id").size()
    return pd.DataFrame({
        "id": corpus.ids,
        "title": meta["title"].to_numpy(),
        "year": meta["year"].to_numpy(),
        "language": meta["language"].to_numpy(),
        "words": [int(words.get(i, 0)) for i in corpus.ids],
        "sentences": [int(sents.get(i, 0)) for i in corpus.ids],
        "sections": [int(sections.get(i, 0)) for i in corpus.ids],
        "encoding": meta["encoding"].to_numpy(),
    })


def _info(args: argparse.Namespace) -> int:
    corpus = load_corpus(args.path, text_column=args.text_column)
    table = info_table(corpus)
    table["title"] = table["title"].astype(str).str.slice(0, 48)
    table["year"] = [str(int(y)) if pd.notna(y) else "" for y in table["year"]]
    print(f"corpus: {corpus.path}")
    print(_summary(corpus, table))
    shown = table if args.all else table.head(_SHOWN)
    print(shown.to_string(index=False))
    if len(table) > len(shown):
        print(f"... and {len(table) - len(shown):,} more documents (--all lists every one)")
    return 0


def _summary(corpus: Corpus, table: pd.DataFrame) -> str:
    meta = corpus.metadata
    years = meta["year"].dropna()
    span = f"years {int(years.min())}–{int(years.max())}" if len(years) else "no years"
    languages = ", ".join(f"{k} {v}" for k, v in meta["language"].value_counts().items())
    standard = {"title", "author", "year", "venue", "source", "language", "file", "encoding",
                "n_chars", "n_words", "n_removed", "sha256"}
    fields = [c for c in meta.columns if c not in standard and meta[c].notna().any()]
    offered = grouping_fields(meta)  # an author or year no document has is not offered
    fields = [f for f in ("author", "year", "language") if f in offered] + fields
    documents = "1 document" if len(corpus) == 1 else f"{len(corpus):,} documents"
    return (f"{documents}, {table['words'].sum():,} words (word tokens: what rates divide "
            f"by); {span}; languages: {languages}\nmetadata fields: title"
            + "".join(f", {f}" for f in fields)
            + " (group by any of them: cnb.frequencies(tokens, by=...))")


def parse_param(text: str) -> tuple[str, object]:
    """A ``NAME=VALUE`` command-line parameter; VALUE is read as JSON when it is JSON.

    So ``window=10`` gives the number 10, ``terms=["a","b"]`` a list, and
    ``focus_doc=lrb-2015`` the string. Nothing is evaluated as code. A Python
    keyword is no name (``import=1``), and NaN or Infinity no value (a
    notebook cell cannot hold them; ``'"NaN"'`` is the text NaN).

    Examples
    --------
    >>> parse_param("window=10"), parse_param("focus_doc=lrb-2015")
    (('window', 10), ('focus_doc', 'lrb-2015'))
    """
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not name.isidentifier():
        raise CorpusError(f"--param {text!r}: write NAME=VALUE, e.g. --param focus_doc=my-doc")
    if keyword.iskeyword(name):
        raise CorpusError(f"--param {text!r}: {name!r} is a Python keyword, not a parameter "
                          f"name; write NAME=VALUE, e.g. --param focus_doc=my-doc")
    try:
        parsed = json.loads(value)
    except ValueError:
        parsed = value
    items = parsed.values() if isinstance(parsed, dict) else \
        parsed if isinstance(parsed, list) else [parsed]
    if any(isinstance(v, float) and not math.isfinite(v) for v in items):
        raise CorpusError(f"--param {text!r}: NaN and infinity cannot be passed to a notebook; "
                          f"give a finite number, null for None, or '\"NaN\"' for the text")
    return name, parsed


_OWNED = {"corpus_path": "--corpus", "text_column": "--text-column",
          "themes_path": "--themes", "store_path": "--store"}
"""The notebook parameters ``corpus run`` sets from its own options."""


def _check_owned_parameters(parameters: dict) -> None:
    """Refuse ``--param`` for what an option sets: the run checks its outputs against
    the corpus, themes and store of its options and writes the tables of that corpus,
    so a corpus given as ``--param corpus_path=`` would escape both.

    >>> _check_owned_parameters({"window": 5})
    >>> _check_owned_parameters({"corpus_path": "texts/"})
    Traceback (most recent call last):
    ...
    corpusnb._errors.CorpusError: --param corpus_path=...: use --corpus instead (the run \
checks its outputs against it and writes its tables)
    """
    for name, option in _OWNED.items():
        if name in parameters:
            raise CorpusError(f"--param {name}=...: use {option} instead (the run checks its "
                              f"outputs against it and writes its tables)")


def _run(args: argparse.Namespace) -> int:
    import corpusnb._outputs as _outputs
    from corpusnb.text.corpus import seed_path
    from corpusnb.present.report import is_seed_corpus, main_tables
    from corpusnb.apps.runner import check_parameters, notebook_paths, run_notebooks
    from corpusnb.present.export import EXCEL_MAX_ROWS, save_tables
    from corpusnb.apps.site import notebook_kind
    from corpusnb.analyses.themes import load_themes

    paths = [Path(p) for p in args.notebooks] or notebook_paths()
    if args.students:
        from corpusnb.apps.teaching import check_student_paths

        paths = check_student_paths(paths, Path(args.out), explicit=bool(args.notebooks))
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise CorpusError(f"no such notebook: {', '.join(missing)}")
    # fail here, with a clear message, not inside a kernel: the parameters, then the output
    # folder (nothing in it that the run did not write, nothing of the sources), then the
    # corpus; with a store, the corpus is indexed into it (or the store brought up to date)
    # a file at a time, and the store stands in for the corpus here and in the notebooks
    parameters = dict(parse_param(p) for p in args.param)
    _check_owned_parameters(parameters)
    check_parameters(parameters, paths)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise CorpusError(f"--out {args.out} is a file; pass a folder for the pages and "
                          f"tables (it is created when missing)")
    sources = [("the corpus", Path(args.corpus) if args.corpus is not None else seed_path())]
    sources += [("the themes file", Path(args.themes))] if args.themes is not None else []
    sources += [("the token store", Path(args.store))] if args.store is not None else []
    sources += [("the notebook", p) for p in paths]
    kinds = [notebook_kind(_read(Path(p)), Path(p).name) for p in paths]
    record, planned = _outputs.check_out(out, paths, kinds, sources=sources,
                                         students=args.students, slides=args.slides,
                                         force=args.force)
    scheduler = _scheduler(args, needs_store=True)
    if scheduler is not None:  # indexed (or brought up to date) on the cluster first
        from corpusnb.store.store import index

        index(args.corpus, args.store, text_column=args.text_column, scheduler=scheduler)
    corpus = load_corpus(args.corpus, text_column=args.text_column, store=args.store)
    themes = load_themes(args.themes)
    if args.corpus is not None:
        parameters["corpus_path"] = str(Path(args.corpus).resolve())
    if args.text_column is not None:
        parameters["text_column"] = args.text_column
    if args.themes is not None:
        parameters["themes_path"] = str(Path(args.themes).resolve())
    if args.store is not None:
        parameters["store_path"] = str(Path(args.store).resolve())
    seeds = is_seed_corpus(corpus)
    print(f"running {len(paths)} notebooks with {args.jobs} job(s) on "
          f"{'the seed corpus' if seeds else Path(args.corpus).resolve()}"
          f"{'' if args.store is None else f' (token store {Path(args.store).resolve()})'}"
          f"{'' if scheduler is None else f' on the cluster at {scheduler}'}; "
          f"output in {out.resolve()}",
          file=sys.stderr)
    with _outputs.recording(record, planned):  # OUT/.corpusnb-outputs.json: what it wrote
        with _cluster_kernels(scheduler):
            results = run_notebooks(paths, out, parameters=parameters, jobs=args.jobs,
                                    timeout=args.timeout, seeds=seeds, corpus=corpus,
                                    students=args.students, front_page=False)
        # the token table once, after the kernels are gone; a store is read a part at a
        # time by each analysis (never whole)
        tokens = tokens_of(corpus)
        _teaching_pages(args, out, results, corpus, tokens)
        tables = main_tables(corpus, themes, tokens=tokens)  # names in _outputs.TABLE_NAMES
        fits = {name: table for name, table in tables.items() if len(table) <= EXCEL_MAX_ROWS}
        written = save_tables(tables, out / "tables", overwrite=True) + \
            save_tables(fits, out / "tables.xlsx", overwrite=True)
    if len(fits) < len(tables):  # a large corpus: the CSV files have every row
        left = [f"{name} ({len(table):,} rows)" for name, table in tables.items()
                if name not in fits]
        warn(f"{', '.join(left)} too long for an Excel sheet ({EXCEL_MAX_ROWS:,} "
             f"rows at most): left out of tables.xlsx, whole in {out / 'tables'}/",
             CorpusWarning)
    failed = [r for r in results if not r.ok]
    for r in failed:
        print(f"corpusnb: {r.name} failed at cell {r.cell}: {r.error} "
              f"(see {r.html})", file=sys.stderr)
    print(f"{len(results) - len(failed)} of {len(results)} notebooks ran; tables in "
          f"{written[0].parent}/ and {written[-1].name}; open {(out / 'index.html').resolve()}",
          file=sys.stderr)
    return 1 if failed else 0


def _scheduler(args: argparse.Namespace, *, needs_store: bool = False) -> str | None:
    """The scheduler's address: ``--scheduler``, else ``DASK_SCHEDULER_ADDRESS``, else
    None. ``run`` uses a cluster for the analyses of a store: ``--scheduler`` without
    ``--store`` is refused (the variable alone is then left to the notebooks)."""
    given = (args.scheduler or "").strip() or None
    if needs_store and args.store is None:
        if given is not None:
            raise CorpusError(f"--scheduler {given}: the cluster counts the parts of a token "
                              f"store; add --store FOLDER (on a path every worker sees)")
        return None
    return given or os.environ.get(_ADDRESS, "").strip() or None


_ADDRESS = "DASK_SCHEDULER_ADDRESS"


@contextmanager
def _cluster_kernels(scheduler: str | None) -> Iterator[None]:
    """The kernels started in it analyse the store on the cluster at ``scheduler``: they
    inherit ``DASK_SCHEDULER_ADDRESS`` and ``CORPUSNB_ENGINE=dask`` (see
    :func:`corpusnb.engine.sources.default_engine`). Nothing when ``scheduler`` is None."""
    if scheduler is None:
        yield
        return
    from corpusnb.engine.sources import ENGINE_VARIABLE

    saved = {name: os.environ.get(name) for name in (_ADDRESS, ENGINE_VARIABLE)}
    os.environ.update({_ADDRESS: scheduler, ENGINE_VARIABLE: "dask"})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _teaching_pages(args: argparse.Namespace, out: Path, results: list, corpus: Corpus,
                    tokens) -> None:
    """The guide (teachers) or the worksheets (students), slides if asked; the index
    page, linking them."""
    from corpusnb.apps import site

    executed = [out / f"{Path(r.name).stem}.ipynb" for r in results if r.ok]
    if args.slides:
        for path in executed:
            if site.notebook_kind(_read(path), path.name) == "narrative":
                site.write_slides(path, out)
    if args.students:
        from corpusnb.present.report import corpus_sentence

        site.write_worksheets(out, executed, corpus_sentence=corpus_sentence(corpus, tokens))
    else:
        site.write_guide(out)
    site.write_front_page(out, results, corpus=corpus, students=args.students, tokens=tokens)


def _read(path: Path):
    import nbformat

    return nbformat.read(path, as_version=4)


def _index(args: argparse.Namespace) -> int:
    import time

    from corpusnb.store.store import index

    started = time.perf_counter()
    scheduler = _scheduler(args)
    store = index(args.path, args.store, workers=args.workers, chunk_chars=args.chunk_chars,
                  keep_citations=args.keep_citations, text_column=args.text_column,
                  rebuild=args.rebuild, verify=args.verify, wait=args.wait,
                  scheduler=scheduler)
    report = store.report
    print(f"{store}: {len(report['files_tokenised'])} file(s) tokenised"
          f"{'' if scheduler is None else f' on the cluster at {scheduler}'}, "
          f"{len(report['files_reused'])} unchanged; {len(report['parts_written'])} part(s) "
          f"written, {len(report['parts_kept'])} kept; {time.perf_counter() - started:.1f} s")
    return 0


def _scheduler_help(what: str) -> str:
    return (f"a dask.distributed scheduler, e.g. tcp://host:8786 (default: "
            f"$DASK_SCHEDULER_ADDRESS): {what}; the corpus and the store must be at the "
            f"same path on every worker")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="corpusnb", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    info = commands.add_parser("info", help="summary table of a corpus")
    info.add_argument("path", nargs="?", default=None,
                      help="a folder of documents or one file (default: the bundled seeds)")
    info.add_argument("--text-column", default=None,
                      help="the column of a CSV/TSV/JSONL/Parquet table that holds the text")
    info.add_argument("--all", action="store_true",
                      help=f"list every document (default: the first {_SHOWN})")
    info.set_defaults(func=_info)
    run = commands.add_parser("run", help="execute the notebooks and render them to HTML")
    run.add_argument("notebooks", nargs="*", help="notebooks to run (default: all shipped)")
    run.add_argument("--corpus", default=None,
                     help="a folder of documents (or one file) to read instead of the seeds")
    run.add_argument("--text-column", default=None,
                     help="the column of a CSV/TSV/JSONL/Parquet table that holds the text")
    run.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                     help="set a notebook parameter, e.g. --param focus_doc=my-doc "
                          "(repeatable; VALUE is read as JSON when it is JSON)")
    run.add_argument("--themes", default=None, metavar="FILE",
                     help="a TOML file of theme dictionaries to use instead of the shipped ones")
    run.add_argument("--store", default=None, metavar="FOLDER",
                     help="a token store to read the tokens from (made or brought up to "
                          "date first, see corpusnb index)")
    run.add_argument("--scheduler", default=None, metavar="ADDRESS", help=_scheduler_help(
        "the notebooks' analyses of --store run on its workers"))
    run.add_argument("--out", default="build",
                     help="output folder (default: build/); a rerun replaces only the files "
                          "corpusnb wrote there (listed in OUT/.corpusnb-outputs.json)")
    run.add_argument("--force", action="store_true",
                     help="replace files in OUT that corpusnb did not write (without it, a "
                          "run refuses them and names them)")
    run.add_argument("--jobs", type=int, default=2, help="notebooks run at once (default 2)")
    run.add_argument("--timeout", type=int, default=600, help="seconds per cell (default 600)")
    run.add_argument("--students", action="store_true",
                     help="the students' build: no solutions, exercise cells emptied, "
                          "worksheets as PDF in OUT/worksheets/ (use a folder of its own)")
    run.add_argument("--slides", action="store_true",
                     help="also render each narrative notebook as reveal.js slides in "
                          "OUT/slides/ (offline)")
    run.set_defaults(func=_run)
    store = commands.add_parser("index", help="tokenise a corpus into a token store (Parquet)")
    store.add_argument("path", nargs="?", default=None,
                       help="a folder of documents or one file (default: the bundled seeds)")
    store.add_argument("--store", required=True, metavar="FOLDER",
                       help="the store's folder (made if missing; brought up to date if a "
                            "store: only changed files are tokenised again)")
    store.add_argument("--workers", type=int, default=None,
                       help="processes that tokenise (default: every core)")
    store.add_argument("--scheduler", default=None, metavar="ADDRESS", help=_scheduler_help(
        "the files are read and tokenised on its workers"))
    store.add_argument("--chunk-chars", type=int, default=CHUNK_CHARS,
                       help=f"characters of text per part (default {CHUNK_CHARS:,})")
    store.add_argument("--rebuild", action="store_true",
                       help="tokenise everything again, the unchanged files too")
    store.add_argument("--verify", action="store_true",
                       help="check the sha256 of every part kept, not only its size (the "
                            "files of damaged parts are tokenised again)")
    store.add_argument("--wait", type=float, default=0, metavar="SECONDS",
                       help="wait this long for another index into the store to finish "
                            "(default: stop at once, naming the process that holds it)")
    store.add_argument("--text-column", default=None,
                       help="the column of a CSV/TSV/JSONL/Parquet table that holds the text")
    store.add_argument("--keep-citations", action="store_true",
                       help="keep parenthetical citations in the text (see load_corpus)")
    store.set_defaults(func=_index)
    explore = commands.add_parser("explore", help="serve the explorer as a local web page "
                                                  "(Voila, 127.0.0.1)")
    explore.add_argument("--corpus", default=None,
                         help="a folder of documents (or one file); default: the seeds")
    explore.add_argument("--text-column", default=None,
                         help="the column of a CSV/TSV/JSONL/Parquet table that holds the text")
    explore.add_argument("--themes", default=None, metavar="FILE",
                         help="a TOML file of theme dictionaries for the theme picker")
    explore.add_argument("--port", type=int, default=8866, help="port (default 8866)")
    explore.add_argument("--save-dir", default="corpusnb-explorer-tables", metavar="FOLDER",
                         help="the folder 'Save tables' writes into; the app cannot save "
                              "outside it (default: ./corpusnb-explorer-tables)")
    explore.add_argument("--max-kernels", type=int, default=4, metavar="K",
                         help="the most pages (kernels, ~250 MB each) at once (default 4)")
    explore.add_argument("--idle-minutes", type=float, default=10.0, metavar="N",
                         help="shut a page's kernel down after N idle minutes with no page "
                              "open on it (default 10)")
    explore.set_defaults(func=_explore)
    return parser


def _explore(args) -> int:
    from corpusnb.apps.serve import serve

    return serve(args.corpus, port=args.port, text_column=args.text_column, themes=args.themes,
                 save_dir=args.save_dir, max_kernels=args.max_kernels,
                 idle_minutes=args.idle_minutes)


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Warnings as a command-line user wants them: one line, no source location."""
    print(f"corpusnb: warning: {message}", file=file or sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    shown = warnings.showwarning
    warnings.showwarning = _show_warning
    try:
        return args.func(args)
    except CorpusError as err:
        print(f"corpusnb: error: {err}", file=sys.stderr)
        return 2
    finally:
        warnings.showwarning = shown


if __name__ == "__main__":
    sys.exit(main())
