"""The ``corpusnb`` command.

``corpusnb info [PATH]`` prints a summary table of a corpus; ``corpusnb run
[NOTEBOOK ...] [--corpus PATH] [--out DIR] [--jobs N]`` executes the narrative
notebooks headless and writes executed notebooks, HTML and an index page.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from corpusnb._errors import CorpusError
from corpusnb.corpus import Corpus, load_corpus
from corpusnb.tokens import sentences, tokenize

__all__ = ["info_table", "main"]


def info_table(corpus: Corpus) -> pd.DataFrame:
    """One row per document: id, title, year, words, sentences, sections, encoding.

    ``words`` counts word tokens (:func:`corpusnb.tokenize`), ``sentences`` the
    rows of :func:`corpusnb.sentences`.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> info_table(cnb.load_corpus()).columns.tolist()
    ['id', 'title', 'year', 'words', 'sentences', 'sections', 'encoding']
    """
    tokens, sents, meta = tokenize(corpus), sentences(corpus), corpus.metadata
    rows = [{
        "id": doc.id,
        "title": meta.loc[doc.id, "title"],
        "year": meta.loc[doc.id, "year"],
        "words": int((tokens["doc_id"] == doc.id).sum()),
        "sentences": int((sents["doc_id"] == doc.id).sum()),
        "sections": len(doc.sections),
        "encoding": meta.loc[doc.id, "encoding"],
    } for doc in corpus]
    return pd.DataFrame(rows)


def _info(args: argparse.Namespace) -> int:
    corpus = load_corpus(args.path)
    table = info_table(corpus)
    table["title"] = table["title"].str.slice(0, 48)
    print(f"corpus: {corpus.path}")
    print(table.to_string(index=False))
    return 0


def _run(args: argparse.Namespace) -> int:
    from corpusnb.runner import notebook_paths, run_notebooks

    paths = [Path(p) for p in args.notebooks] or notebook_paths()
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise CorpusError(f"no such notebook: {', '.join(missing)}")
    parameters = {}
    if args.corpus is not None:
        load_corpus(args.corpus)  # fail here, with a clear message, not inside a kernel
        parameters["corpus_path"] = str(Path(args.corpus).resolve())
    out = Path(args.out)
    print(f"running {len(paths)} notebooks with {args.jobs} job(s); output in {out.resolve()}",
          file=sys.stderr)
    results = run_notebooks(paths, out, parameters=parameters, jobs=args.jobs,
                            timeout=args.timeout)
    failed = [r for r in results if not r.ok]
    for r in failed:
        print(f"corpusnb: {r.name} failed at cell {r.cell}: {r.error} "
              f"(see {r.html})", file=sys.stderr)
    print(f"{len(results) - len(failed)} of {len(results)} notebooks ran; open "
          f"{(out / 'index.html').resolve()}", file=sys.stderr)
    return 1 if failed else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="corpusnb", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    info = commands.add_parser("info", help="summary table of a corpus")
    info.add_argument("path", nargs="?", default=None,
                      help="a folder of .txt files (default: the bundled seed corpus)")
    info.set_defaults(func=_info)
    run = commands.add_parser("run", help="execute the notebooks and render them to HTML")
    run.add_argument("notebooks", nargs="*", help="notebooks to run (default: all shipped)")
    run.add_argument("--corpus", default=None,
                     help="a folder of .txt files to read instead of the seed corpus")
    run.add_argument("--out", default="build", help="output folder (default: build/)")
    run.add_argument("--jobs", type=int, default=2, help="notebooks run at once (default 2)")
    run.add_argument("--timeout", type=int, default=600, help="seconds per cell (default 600)")
    run.set_defaults(func=_run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except CorpusError as err:
        print(f"corpusnb: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
