"""corpusnb: read political texts with numbers, in Jupyter notebooks.

``import corpusnb as cnb`` gives the whole public API: load and clean a corpus,
tokenise it into a tidy table, and analyse that table.
"""
from __future__ import annotations

from corpusnb._errors import CorpusError, CorpusWarning
from corpusnb.clean import clean, find_citations, find_headings
from corpusnb.corpus import Corpus, Document, decode, load_corpus, seed_path
from corpusnb.language import (SUPPORTED_LANGUAGES, detect_language, document_language,
                               language_code)
from corpusnb.tokens import (WORD_PATTERN, corpus_of, normalize, sentences, stopwords, tokenize,
                             words)
from corpusnb.patterns import find, matching_terms
from corpusnb.frequency import (docvar, frequencies, keyness, lexical_stats, log_likelihood, log_ratio,
                                mattr, tfidf, zipf)
from corpusnb.concordance import Concordance, kwic
from corpusnb.cooccurrence import (collocations, cooccurrence, cooccurrence_graph,
                                   cooccurrence_matrix)
from corpusnb.cli import info_table
from corpusnb.report import (ClaimError, claim, comparison_groups, corpus_sentence,
                             focus_document, is_seed_corpus, main_tables, rates_sentence)
from corpusnb.report import (keywords_sentence, leading_themes_sentence, mattr_sentence,
                             sections_sentence, shared_sentence, theme_words_sentence,
                             themes_sentence, trend_sentence, with_groups)
from corpusnb.export import save_table, save_tables
from corpusnb.trends import trends
from corpusnb.store import Store, index, open_store
from corpusnb.teaching import AnswerError, check_answer, document_pair, themes_from_toml
from corpusnb.themes import (dispersion, dispersion_stats, load_themes, theme_cooccurrence,
                             theme_frequencies, theme_hits)
from corpusnb.themes import theme_words

__version__ = "0.1.0"


def __getattr__(name: str):
    """``cnb.plot`` is imported when first used: matplotlib and seaborn take a third
    of a second that a script or a command without charts need not pay."""
    if name == "plot":
        import importlib

        module = importlib.import_module("corpusnb.plot")
        globals()["plot"] = module
        return module
    if name in ("explore", "Explorer"):  # ipywidgets is imported when the explorer is used
        from corpusnb.explorer import Explorer
        from corpusnb.explorer_view import explore

        globals().update(explore=explore, Explorer=Explorer)
        return globals()[name]
    raise AttributeError(f"module 'corpusnb' has no attribute {name!r}")

__all__ = [
    "AnswerError",
    "ClaimError",
    "Concordance",
    "Corpus",
    "CorpusError",
    "CorpusWarning",
    "Document",
    "Explorer",
    "SUPPORTED_LANGUAGES",
    "Store",
    "WORD_PATTERN",
    "check_answer",
    "claim",
    "clean",
    "collocations",
    "comparison_groups",
    "corpus_sentence",
    "cooccurrence",
    "cooccurrence_graph",
    "cooccurrence_matrix",
    "corpus_of",
    "decode",
    "detect_language",
    "dispersion",
    "docvar",
    "document_pair",
    "explore",
    "document_language",
    "dispersion_stats",
    "find",
    "focus_document",
    "find_citations",
    "find_headings",
    "index",
    "info_table",
    "is_seed_corpus",
    "frequencies",
    "keyness",
    "kwic",
    "language_code",
    "lexical_stats",
    "load_corpus",
    "load_themes",
    "open_store",
    "log_likelihood",
    "log_ratio",
    "main_tables",
    "matching_terms",
    "mattr",
    "normalize",
    "plot",
    "rates_sentence",
    "save_table",
    "save_tables",
    "seed_path",
    "sentences",
    "stopwords",
    "tfidf",
    "theme_cooccurrence",
    "theme_frequencies",
    "theme_hits",
    "themes_from_toml",
    "tokenize",
    "trends",
    "words",
    "zipf",
    "keywords_sentence",
    "leading_themes_sentence",
    "mattr_sentence",
    "sections_sentence",
    "shared_sentence",
    "theme_words",
    "theme_words_sentence",
    "themes_sentence",
    "trend_sentence",
    "with_groups",
]
