"""Small helpers that let a notebook state its findings with the numbers behind them.

A narrative notebook makes claims about the seed texts ("separatism is most
frequent in Markedonov's article"). :func:`claim` checks such a claim when the
notebook runs on the seed corpus, so a change that breaks it fails the run, and
says that it does not apply when the notebook runs on another corpus.
:func:`rates_sentence` turns a table of counts into a sentence that gives raw
counts next to rates, and says so plainly when there is nothing to report.
"""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from corpusnb.corpus import Corpus, load_corpus

__all__ = ["ClaimError", "claim", "is_seed_corpus", "rates_sentence"]


class ClaimError(AssertionError):
    """A claim a notebook makes about the seed texts no longer holds."""


def is_seed_corpus(corpus: Corpus) -> bool:
    """Whether ``corpus`` is the bundled seed corpus (same ids, same cleaned texts).

    Examples
    --------
    >>> is_seed_corpus(load_corpus())
    True
    """
    seeds = _seeds()
    return corpus.ids == seeds.ids and all(corpus[i].text == seeds[i].text for i in seeds.ids)


_SEEDS: list[Corpus] = []


def _seeds() -> Corpus:
    if not _SEEDS:
        _SEEDS.append(load_corpus())
    return _SEEDS[0]


def claim(statement: str, check: Callable[[], bool], *, corpus: Corpus) -> None:
    """Check a claim about the seed texts; on another corpus, say it does not apply.

    Parameters
    ----------
    statement : str
        The claim, as the prose states it.
    check : callable
        Returns True when the claim holds; called only on the seed corpus, so it
        may name seed documents freely.
    corpus : Corpus
        The corpus the notebook is reading.

    It prints "Checked: ..." or "Not checked ...: ..." and returns nothing.

    Raises
    ------
    ClaimError
        When the corpus is the seed corpus and the claim does not hold.

    Examples
    --------
    >>> corpus = load_corpus()
    >>> claim("There are three texts.", lambda: len(corpus) == 3, corpus=corpus)
    Checked: There are three texts.
    """
    if not is_seed_corpus(corpus):
        print(f"Not checked (this claim is about the seed texts, and this corpus is "
              f"another one): {statement}")
        return
    if not check():
        raise ClaimError(f"This claim no longer holds for the seed texts: {statement}")
    print(f"Checked: {statement}")


def rates_sentence(table: pd.DataFrame, *, name: str, what: str, value: str = "per_10k",
                   count: str = "count") -> str:
    """One sentence listing each row's rate and raw count, highest first.

    Parameters
    ----------
    table : pandas.DataFrame
        Rows to report (e.g. one theme's rows of :func:`corpusnb.theme_frequencies`).
    name : str
        The column that names each row (e.g. "doc_id").
    what : str
        What is counted, for the sentence ("separatism vocabulary").

    Examples
    --------
    >>> t = pd.DataFrame({"doc_id": ["a", "b"], "count": [1, 4], "per_10k": [2.0, 8.5]})
    >>> rates_sentence(t, name="doc_id", what="separatism vocabulary")
    'separatism vocabulary: b 8.5 per 10,000 words (4 hits); a 2.0 (1).'
    >>> rates_sentence(t.assign(count=0), name="doc_id", what="oil")
    'No hits for oil in this corpus.'
    """
    if table.empty or table[count].sum() == 0:
        return f"No hits for {what} in this corpus."
    rows = table.sort_values([value, name], ascending=[False, True])
    parts = [f"{r[name]} {r[value]:.1f} per 10,000 words ({int(r[count])} hits)"
             if k == 0 else f"{r[name]} {r[value]:.1f} ({int(r[count])})"
             for k, (_, r) in enumerate(rows.iterrows())]
    return f"{what}: " + "; ".join(parts) + "."
