"""The ``corpusnb`` command: ``corpusnb info [PATH]``."""
from __future__ import annotations

import argparse
import sys

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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="corpusnb", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    info = commands.add_parser("info", help="summary table of a corpus")
    info.add_argument("path", nargs="?", default=None,
                      help="a folder of .txt files (default: the bundled seed corpus)")
    info.set_defaults(func=_info)
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
