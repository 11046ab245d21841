"""corpusnb: read political texts with numbers, in Jupyter notebooks.

``import corpusnb as cnb`` gives the whole public API: load and clean a corpus,
tokenise it into a tidy table, and analyse that table.
"""
from __future__ import annotations

from corpusnb._errors import CorpusError, CorpusWarning
from corpusnb.clean import clean, find_citations, find_headings
from corpusnb.corpus import Corpus, Document, decode, load_corpus, seed_path
from corpusnb.tokens import WORD_PATTERN, normalize, sentences, stopwords, tokenize, words

__version__ = "0.1.0"

__all__ = [
    "Corpus",
    "CorpusError",
    "CorpusWarning",
    "Document",
    "WORD_PATTERN",
    "clean",
    "decode",
    "find_citations",
    "find_headings",
    "load_corpus",
    "normalize",
    "seed_path",
    "sentences",
    "stopwords",
    "tokenize",
    "words",
]
