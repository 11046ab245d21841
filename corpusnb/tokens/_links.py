"""How a token table finds the corpus it was made from: ``tokens.attrs["corpus"]`` holds
a key, and the corpora (or stores) behind the keys are remembered here."""
from __future__ import annotations

import weakref
from collections import OrderedDict

import pandas as pd

__all__ = ["corpus_of", "remember"]

_CORPORA: OrderedDict[str, object] = OrderedDict()
_REMEMBERED = 16
_ALIVE: weakref.WeakValueDictionary = weakref.WeakValueDictionary()


def remember(corpus) -> str:
    """Keep the last few tokenised corpora, so a token table can find its texts.

    The last 16 are kept alive here; any older one is found as long as the
    program still holds it (a weak reference).
    """
    key = f"corpus-{id(corpus)}"
    _ALIVE[key] = corpus
    _CORPORA[key] = corpus
    _CORPORA.move_to_end(key)
    while len(_CORPORA) > _REMEMBERED:
        _CORPORA.popitem(last=False)
    return key


def corpus_of(tokens: pd.DataFrame):
    """The corpus a token table (or rows cut from it) was made from, if still known.

    :func:`tokenize` records it in ``tokens.attrs``; the last 16 tokenised
    corpora are remembered, and older ones for as long as the program holds them.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> corpus = cnb.load_corpus()
    >>> tokens = cnb.tokenize(corpus)
    >>> corpus_of(tokens[tokens.doc_id == "lrb-2015"]) is corpus
    True
    """
    key = tokens.attrs.get("corpus", "")
    kept = _CORPORA.get(key)
    return kept if kept is not None else _ALIVE.get(key)
