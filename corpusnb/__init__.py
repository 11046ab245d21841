"""corpusnb: read political texts with numbers, in Jupyter notebooks.

``import corpusnb as cnb`` gives the whole public API: load and clean a corpus,
tokenise it into a tidy table, and analyse that table.
"""
from __future__ import annotations

import importlib as _importlib

from corpusnb._errors import CorpusError, CorpusWarning
from corpusnb.text.clean import clean, find_citations, find_headings, find_stage_directions

__version__ = "0.1.0"

_EXPORTS = {  # public name -> the module of corpusnb that defines it, imported when first used
    **dict.fromkeys(["Corpus", "Document", "decode", "grouping_fields", "seed_path"],
                    "text.corpus"),
    **dict.fromkeys(["SUPPORTED_LANGUAGES", "detect_language", "document_language",
                     "language_code"], "text.language"),
    **dict.fromkeys(["WORD_PATTERN", "corpus_of", "normalize", "sentences", "stopwords",
                     "words"], "tokens.tokens"),
    "find": "analyses.search",
    "matching_terms": "tokens.patterns",
    **dict.fromkeys(["docvar", "frequencies", "keyness", "lexical_stats", "log_likelihood",
                     "log_ratio", "mattr", "tfidf", "zipf"], "analyses.frequency"),
    **dict.fromkeys(["Concordance", "kwic"], "analyses.concordance"),
    **dict.fromkeys(["document_sizes", "document_tokens"], "analyses.overview"),
    **dict.fromkeys(["collocations", "cooccurrence", "cooccurrence_graph",
                     "cooccurrence_matrix"], "analyses.cooccurrence"),
    "info_table": "apps.cli",
    **dict.fromkeys(["ClaimError", "claim", "comparison_groups", "corpus_sentence",
                     "focus_document", "is_seed_corpus", "main_tables", "rates_sentence",
                     "keywords_sentence", "leading_themes_sentence", "mattr_sentence",
                     "sections_sentence", "shared_sentence", "theme_words_sentence",
                     "themes_sentence", "trend_sentence", "with_groups", "leader_sentence",
                     "cut_sentence"], "present.report"),
    **dict.fromkeys(["tokens_of", "content_words"], "engine.sources"),
    **dict.fromkeys(["save_table", "save_tables"], "present.export"),
    "trends": "analyses.trends",
    **dict.fromkeys(["DFM", "Wordfish", "dfm", "wordfish", "wordscores"], "analyses.models"),
    **dict.fromkeys(["Store", "index", "open_store"], "store.store"),
    **dict.fromkeys(["load_corpus", "tokenize"], "store.api"),  # they take a store too
    **dict.fromkeys(["AnswerError", "check_answer", "document_pair", "themes_from_toml"],
                    "apps.teaching"),
    **dict.fromkeys(["dispersion", "dispersion_stats", "load_themes", "theme_cooccurrence",
                     "theme_frequencies", "theme_hits", "theme_words"], "analyses.themes"),
    "Explorer": "apps.explorer",
    "explore": "apps.explorer_view",  # ipywidgets is imported when the explorer is used
}
"""``import corpusnb`` imports only the cleaner (and pandas): every other part of the API
is imported the first time it is used (``cnb.tokenize`` imports ``corpusnb.tokens.tokens``), so
a script or kernel pays only for what it uses."""


def __getattr__(name: str):
    """The API's names, each imported when first used; ``cnb.plot`` is the module
    (matplotlib and seaborn take a third of a second that a script or a command
    without charts need not pay)."""
    if name == "plot":
        module = _importlib.import_module("corpusnb.present.plot")
        globals()["plot"] = module
        return module
    if name not in _EXPORTS:
        raise AttributeError(f"module 'corpusnb' has no attribute {name!r}")
    value = getattr(_importlib.import_module(f"corpusnb.{_EXPORTS[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


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
    "content_words",
    "docvar",
    "document_pair",
    "document_sizes",
    "document_tokens",
    "explore",
    "document_language",
    "dispersion_stats",
    "find",
    "focus_document",
    "grouping_fields",
    "find_citations",
    "find_headings",
    "find_stage_directions",
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
    "tokens_of",
    "trends",
    "words",
    "zipf",
    "DFM",
    "Wordfish",
    "dfm",
    "wordfish",
    "wordscores",
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
    "leader_sentence",
    "cut_sentence",
]
