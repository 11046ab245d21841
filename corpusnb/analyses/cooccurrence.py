"""Collocations (adjacent words) and co-occurrence (within a window, sentence or document).

Counts are built as sparse matrices (scipy), so a window over ten million tokens
is a handful of vectorised passes, not a Python loop.

Co-occurrence counting rules:

* **window**: two positions at most ``window`` apart, in the rows passed in and in
  their order, within one document, are one co-occurrence of their two terms
  (counted once, however many positions separate them). Dropping stopwords
  before the call is the caller's visible choice: it changes which words are
  near each other.
* **sentence** / **document**: the number of sentences (documents) that contain
  both terms.

A pair of distinct terms is reported once, with ``term1 < term2``. With ``f(a)``
the term's frequency (tokens for windows; sentences or documents otherwise), N
the number of tokens (sentences, documents) and ``span`` = 2 × window for windows
(1 otherwise), the expected count is ``E = span·f(a)·f(b)/N`` and

* ``pmi`` = log2(O / E); ``npmi`` = pmi / −log2(O / (span·N)), in [−1, 1];
* ``logdice`` = 14 + log2(2·O / (f(a) + f(b))) (Rychlý 2008), at most 14 for
  contexts;
* ``g2``: log-likelihood of the 2×2 table [[O, span·f(a) − O], [span·f(b) − O,
  rest]], signed negative where O < E.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from corpusnb.analyses._pairs import (WIDTH, Added, Spilled, Vocabulary, grown, measures,
                                      run_lengths, sorted_sums)
from corpusnb.analyses.frequency import log_likelihood
from corpusnb.engine.run import Analysis, Part, run
from corpusnb.tokens.patterns import matching_terms
from corpusnb.tokens.tokens import normalize

if TYPE_CHECKING:  # scipy.sparse and networkx are imported where used: import corpusnb stays quick
    import networkx as nx
    from scipy import sparse

__all__ = ["collocations", "cooccurrence", "cooccurrence_graph", "cooccurrence_matrix"]

MEASURES = ("count", "pmi", "npmi", "logdice", "g2")
COLLOCATION_MEASURES = ("llr", "pmi", "t", "logdice", "count")


def _codes(tokens: pd.DataFrame, term: str) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of the term column and the terms: 0..V-1 over the terms present,
    in alphabetical order (so that a pair of codes a < b is a pair of terms a < b)."""
    column = tokens[term]
    if not isinstance(column.dtype, pd.CategoricalDtype):
        column = column.astype(str).astype("category")
    raw, categories = column.cat.codes.to_numpy(), column.cat.categories.to_numpy()
    present = np.flatnonzero(np.bincount(raw))
    order = present[np.argsort(categories[present])]
    recode = np.empty(len(categories), dtype=np.int64)
    recode[order] = np.arange(len(order))
    return recode[raw], categories[order]


def _doc_codes(tokens: pd.DataFrame) -> np.ndarray:
    return pd.factorize(tokens["doc_id"])[0]


# ---------------------------------------------------------------- collocations

def collocations(tokens: pd.DataFrame, *, n: int = 2, min_count: int = 3,
                 measure: str = "llr", term: str = "norm", engine: str | None = None
                 ) -> pd.DataFrame:
    """Adjacent-word collocations (bigrams or trigrams) with four association scores.

    Adjacent means consecutive rows of the table passed in, within a document.
    Scores follow NLTK's association measures, with unigram frequencies as the
    marginals and the number of rows as N: ``llr`` (log-likelihood ratio),
    ``pmi``, ``t`` (t-score) and ``logdice``. For trigrams, ``llr`` is the 2×2
    table of the first two words against the third (NLTK's trigram
    ``likelihood_ratio`` scores the 2×2×2 table of the three words instead), ``pmi`` is
    log2(O·N²/(f(a)f(b)f(c))) and ``logdice`` is 14 + log2(3·O/(f(a)+f(b)+f(c))).

    Parameters
    ----------
    tokens : pandas.DataFrame
    n : {2, 3}
    min_count : int, default 3
        Leave out n-grams seen fewer times.
    measure : {"llr", "pmi", "t", "logdice", "count"}
        The column to sort by (descending; ties by count, then the terms).
    term : {"norm", "lemma", "token"}
    engine : {None, "local", "dask"}
        For a token store in place of the table: read it a part at a time
        here, or on the current ``dask.distributed`` client.

    Returns
    -------
    pandas.DataFrame
        term1, term2, [term3], count, llr, pmi, t, logdice.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> tokens = cnb.tokenize(cnb.load_corpus())
    >>> top = collocations(tokens[~tokens.is_stop], measure="llr")
    >>> top.iloc[0][["term1", "term2"]].tolist()
    ['north', 'caucasus']
    """
    if n not in (2, 3):
        raise ValueError(f"n must be 2 or 3, not {n}")
    if measure not in COLLOCATION_MEASURES:
        raise ValueError(f"measure must be one of {COLLOCATION_MEASURES}, not {measure!r}")
    return run(_Collocations(n, min_count, measure, term), tokens, engine=engine)


class _Collocations(Analysis):
    """n-grams counted a part at a time (documents never span parts, so neither do the
    n-grams), each part in its own vocabulary; the parts' terms mapped to one
    vocabulary when combined, and scored as one table."""

    def __init__(self, n: int, min_count: int, measure: str, term: str) -> None:
        self.n, self.min_count, self.measure, self.term = n, min_count, measure, term
        self.columns = ("doc_id", term)

    def count(self, part: Part) -> tuple:
        """The part's terms (alphabetical), its n-gram counts (codes into them), its
        unigram counts and rows, and for trigrams its bigram counts."""
        codes, vocab = _codes(part.tokens, self.term)
        doc = _doc_codes(part.tokens)
        grams = _ngram_counts(_ngrams(codes, doc, self.n), self.n, 1)
        bigrams = _bigram_counts(codes, doc) if self.n == 3 else None
        return vocab, grams, np.bincount(codes, minlength=len(vocab)), len(codes), bigrams

    def combine(self, partials) -> tuple:
        """One part (a table) as it is; several mapped to one vocabulary and added up."""
        first, second = next(partials, None), next(partials, None)
        if first is not None and second is None:
            vocab, grams, unigram, rows, bigrams = first
            return vocab, grams[grams["count"] >= self.min_count], unigram, rows, bigrams
        return self._added(p for p in (first, second, *partials) if p is not None)

    def _added(self, partials) -> tuple:
        n = self.n
        vocabulary, unigram, rows = Vocabulary(), np.zeros(0, dtype=np.int64), 0
        columns = [f"term{k + 1}" for k in range(n)]
        grams, pairs = Added(columns), Added(["term1", "term2"])
        for vocab, counted, frequency, length, bigrams in partials:
            code = vocabulary.codes(vocab)
            unigram = grown(unigram, code, frequency)
            rows += length
            grams.add(_recoded(counted, code, n))
            if bigrams is not None:
                pairs.add(_recoded(bigrams.rename("count").reset_index()
                                   .rename(columns={0: "term1", 1: "term2"}), code, 2))
        terms, rank = vocabulary.alphabetical()
        table = grams.result()
        table = table[table["count"] >= self.min_count].reset_index(drop=True)
        for column in columns:  # first-sight numbers to alphabetical ones
            table[column] = rank[table[column].to_numpy()]
        bigram_counts = None
        if n == 3:
            counted = pairs.result()
            bigram_counts = pd.Series(counted["count"].to_numpy(), index=pd.MultiIndex.from_arrays(
                [rank[counted["term1"].to_numpy()], rank[counted["term2"].to_numpy()]]))
        unigram = unigram[np.argsort(rank)] if len(rank) else unigram
        return terms, table, unigram, rows, bigram_counts

    def finish(self, combined: tuple) -> pd.DataFrame:
        vocab, table, unigram, rows, bigrams = combined
        return _collocation_table(table, unigram, rows, vocab, self.n, self.measure, bigrams)


def _recoded(counted: pd.DataFrame, code: np.ndarray, n: int) -> pd.DataFrame:
    """n-gram counts with a part's codes replaced by ``code`` of them."""
    out = {f"term{k + 1}": code[counted[f"term{k + 1}"].to_numpy()] for k in range(n)}
    return pd.DataFrame({**out, "count": counted["count"].to_numpy()})


def _collocation_table(table: pd.DataFrame, unigram: np.ndarray, rows: int, vocab, n: int,
                       measure: str, bigrams: pd.Series | None) -> pd.DataFrame:
    """Score and sort counted n-grams (codes into the alphabetical ``vocab``)."""
    unigram = unigram.astype(float)  # float: f(a)·f(b)·f(c) overflows int64
    scored = _score_bigrams(table, unigram, rows) if n == 2 else \
        _score_trigrams(table, unigram, rows, bigrams)
    for k in range(n):
        scored[f"term{k + 1}"] = vocab[scored[f"term{k + 1}"].to_numpy()]
    columns = [f"term{k + 1}" for k in range(n)]
    scored = scored.sort_values([measure, "count", *columns],
                                ascending=[False, False, *[True] * n])
    return scored[[*columns, "count", "llr", "pmi", "t", "logdice"]].reset_index(drop=True)


def _ngrams(codes: np.ndarray, doc: np.ndarray, n: int) -> np.ndarray:
    length = len(codes) - n + 1  # at most 0 for fewer than n rows: every slice is empty
    grams = np.stack([codes[k:k + length] for k in range(n)], axis=1)
    same = np.all(np.stack([doc[k:k + length] == doc[:length] for k in range(n)]), axis=0)
    return grams[same]


def _ngram_counts(grams: np.ndarray, n: int, min_count: int) -> pd.DataFrame:
    frame = pd.DataFrame(grams, columns=[f"term{k + 1}" for k in range(n)])
    counts = frame.value_counts().rename("count").reset_index()
    return counts[counts["count"] >= min_count]


def _bigram_counts(codes: np.ndarray, doc: np.ndarray) -> pd.Series:
    return pd.DataFrame(_ngrams(codes, doc, 2)).value_counts()


def _score_bigrams(table: pd.DataFrame, unigram: np.ndarray, n: int) -> pd.DataFrame:
    o = table["count"].to_numpy()
    fa, fb = unigram[table["term1"]], unigram[table["term2"]]
    table["llr"] = log_likelihood(o, fa - o, fb - o, n - fa - fb + o)
    table["pmi"] = np.log2(o * n / (fa * fb))
    table["t"] = (o - fa * fb / n) / np.sqrt(o)
    table["logdice"] = 14 + np.log2(2 * o / (fa + fb))
    return table


def _score_trigrams(table: pd.DataFrame, unigram: np.ndarray, n: int,
                    bigrams: pd.Series) -> pd.DataFrame:
    o = table["count"].to_numpy()
    fa, fb, fc = (unigram[table[f"term{k}"]] for k in (1, 2, 3))
    pairs = pd.MultiIndex.from_arrays([table["term1"], table["term2"]])
    fab = bigrams.reindex(pairs).to_numpy()
    table["llr"] = log_likelihood(o, fab - o, fc - o, n - fab - fc + o)
    table["pmi"] = np.log2(o * n * n / (fa * fb * fc))
    table["t"] = (o - fa * fb * fc / (n * n)) / np.sqrt(o)
    table["logdice"] = 14 + np.log2(3 * o / (fa + fb + fc))
    return table


# ---------------------------------------------------------------- co-occurrence

def _term_filter(vocab: np.ndarray, terms: Iterable[str] | None) -> np.ndarray | None:
    if terms is None:
        return None
    terms = list(terms)
    plain = {normalize(t) for t in terms if not _GLOB.search(t)}
    keep = np.array([v in plain for v in vocab], dtype=bool)
    index = {t: k for k, t in enumerate(vocab)}
    for pattern in (t for t in terms if _GLOB.search(t)):
        for found in matching_terms(vocab, pattern):
            keep[index[found]] = True
    return keep


_GLOB = re.compile(r"[*?]")


_CHUNK = 1 << 18  # positions paired at once: memory bounded by the chunk, cache-sized
_DENSE_SIDE = 2048  # pairs of two of the commonest terms: a dense table (32 MiB)
_DENSE_FLOOR = 256  # the side of the table, however few the pairs


def _window_counts(codes, doc, window: int, size: int, keep) -> tuple[np.ndarray, ...]:
    """Pair counts within ``window`` positions: the term numbers of each pair (first <
    second, in the callers' numbers) and its count; a term with itself is not counted.

    Positions are taken a chunk at a time, so memory is bounded by the chunk and the
    number of distinct pairs, not by the corpus. Terms are ranked by frequency from 1;
    rank 0 stands for the terms left out by ``keep``, and its row collects what is not
    to be counted. A pair of two of the ``_DENSE_SIDE`` commonest terms (most pairs, in
    any language) is counted in place in a dense table; the pairs of a position of a
    rarer term are gathered from those positions alone and counted by sorting their keys
    (run lengths), merged over chunks. The table counts pairs in the order met and is
    folded, (a, b) + (b, a), at the end; a rare pair's key is unordered from the start.
    """
    frequency = np.bincount(codes, minlength=size)
    if keep is not None:
        frequency[~keep] = 0
    by_rank = np.argsort(-frequency, kind="stable")  # the code of rank 1, 2, ...
    rank = np.empty(size, dtype=np.int32)
    rank[by_rank] = np.arange(1, size + 1, dtype=np.int32)
    if keep is not None:
        rank[~keep] = 0
    ranked = rank[codes]
    # the table's side: at most the number of pairs met (a part of a store is small, and
    # the table is folded whole); 256 at least: a small table costs nothing
    side = max(1, min(size + 1, _DENSE_SIDE, max(_DENSE_FLOOR, math.isqrt(len(codes) * window))))
    width = size + 1  # row 0 at least
    common = ranked < side
    # the table's rows: the commonest terms in alphabetical order (their codes' order), so
    # that its pairs come out sorted; row 0 for a rarer term or one left out
    in_table_codes = np.sort(by_rank[:side - 1])
    row = np.zeros(size, dtype=np.int32)
    row[in_table_codes] = np.arange(1, len(in_table_codes) + 1, dtype=np.int32)
    # a rare pair's key is of the codes from 1 (0: left out), so that the keys sort as
    # the pairs of codes do
    alpha = codes.astype(np.int64 if size >= 2**31 - 1 else np.int32) + 1
    if keep is not None:
        row[~keep] = 0
        alpha[~keep[codes]] = 0
    in_table = np.where(common, row[codes], 0)
    # each position adds at most ``window`` to the table: 32 bits hold that below 2**31
    dense = np.zeros(side * side, dtype=np.int32 if len(ranked) * window < 2**31 else np.int64)
    one = dense.dtype.type(1)  # of the table's type: ufunc.at's fast path (no casting)
    runs = _Runs()
    n = len(ranked)
    starts = np.flatnonzero(doc[1:] != doc[:-1]) + 1  # first rows of documents 2, 3, ...
    bounds = np.concatenate([[0], starts, [n]])
    cell = np.empty(min(n, _CHUNK), dtype=np.int32)
    for lo in range(0, n, _CHUNK):
        hi = min(lo + _CHUNK, n - 1)  # the first positions of pairs: not the last one
        edges = starts[np.searchsorted(starts, lo + 1):np.searchsorted(starts, hi + window)]
        rare = np.flatnonzero(~common[lo:lo + _CHUNK]) + lo  # the last position too
        document = np.searchsorted(bounds, rare, side="right")
        first_row, end_row = bounds[document - 1], bounds[document]  # of each one's document
        keys = []
        for d in range(1, window + 1):
            end = max(lo, min(hi, n - d))
            part = cell[:end - lo]
            np.multiply(in_table[lo:end], side, out=part)
            part += in_table[lo + d:end + d]
            crossing = (edges[:, None] - np.arange(1, d + 1)[None, :]).ravel() - lo
            part[crossing[(crossing >= 0) & (crossing < end - lo)]] = 0
            np.add.at(dense, part, one)
            # a rare position with the one d later (any term), and with the one d before
            # when that is a common term (two rare ones are met once, going forward)
            later = rare[rare + d < end_row]
            keys.append(_pair_keys(alpha[later], alpha[later + d], width))
            earlier = rare[rare - d >= first_row] - d
            earlier = earlier[common[earlier]]
            keys.append(_pair_keys(alpha[earlier], alpha[earlier + d], width))
        runs.add(np.concatenate(keys))
    del in_table, ranked, common, alpha
    first, second, counts = _folded(dense.reshape(side, side))  # sorted by the pair
    del dense
    dense_keys = in_table_codes[first - 1].astype(np.int64) * size + in_table_codes[second - 1]
    del first, second
    keys, rare_counts = runs.result()  # sorted
    rare_first, rare_second = np.divmod(keys, width)
    del keys
    ok = (rare_first > 0) & (rare_first != rare_second)  # no term left out or with itself
    rare_keys = (rare_first[ok] - 1) * size + (rare_second[ok] - 1)
    del rare_first, rare_second
    # two sorted runs of distinct pairs (two common terms; a rarer one): merged
    keys, counts = sorted_sums(np.concatenate([dense_keys, rare_keys]),
                               np.concatenate([counts, rare_counts[ok]]), runs=True)
    del dense_keys, rare_keys, rare_counts, ok
    lower, upper = np.divmod(keys, size) if size else (keys, keys)
    kind = np.int32 if size < 2**31 else np.int64
    return lower.astype(kind), upper.astype(kind), counts


_FOLD_ROWS = 256  # rows of the dense table folded at once (2 MiB of temporaries)


def _folded(table: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs of ranks first < second (both from 1: row and column 0 collect what is
    not counted) counted in ``table`` in either order, (a, b) + (b, a), with their counts;
    a block of rows at a time, in row-major order."""
    side = len(table)
    columns = np.arange(side)
    found = [(np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros(0, table.dtype))]
    for top in range(1, side, _FOLD_ROWS):
        rows = slice(top, min(top + _FOLD_ROWS, side))
        block = table[rows] + table[:, rows].T  # (a, b) and (b, a) of these rows a
        block[columns[top:rows.stop, None] >= columns[None, :]] = 0  # only b > a
        first, second = np.nonzero(block)
        found.append(((first + top).astype(np.int32), second.astype(np.int32),
                      block[first, second]))
    return tuple(np.concatenate(arrays) for arrays in zip(*found))


def _pair_keys(a: np.ndarray, b: np.ndarray, width: int) -> np.ndarray:
    """One int64 key per unordered pair of ranks: the smaller times ``width`` plus the
    larger, so (a, b) and (b, a) are counted as one pair."""
    return np.minimum(a, b).astype(np.int64) * width + np.maximum(a, b)


class _Runs:
    """Counts of int64 keys added in batches: each batch sorted into (key, run length)
    and kept pending; the pending runs are merged into the counts so far once they
    outgrow them (so each key is merged a logarithmic number of times) and memory stays
    near twice the number of distinct keys."""

    def __init__(self) -> None:
        self.keys = np.zeros(0, dtype=np.int64)
        self.counts = np.zeros(0, dtype=np.int64)
        self.pending: list[tuple[np.ndarray, np.ndarray]] = []
        self.waiting = 0

    def add(self, keys: np.ndarray, counts: np.ndarray | None = None) -> None:
        if counts is None:
            self.pending.append(run_lengths(np.sort(keys)))
        else:  # keys counted already (each with its count)
            self.pending.append(sorted_sums(keys, counts))
        self.waiting += len(self.pending[-1][0])
        if self.waiting > max(len(self.keys), _CHUNK):
            self.keys, self.counts = self.result()
            self.pending, self.waiting = [], 0

    def result(self) -> tuple[np.ndarray, np.ndarray]:
        """The distinct keys, sorted, and their counts (taken: the accumulator is left
        empty, so that its arrays are not held twice)."""
        keys = np.concatenate([self.keys, *(k for k, _ in self.pending)])
        counts = np.concatenate([self.counts, *(c for _, c in self.pending)])
        self.__init__()
        return sorted_sums(keys, counts, runs=True)


def _context_counts(units: np.ndarray, codes: np.ndarray, n_units: int, size: int, keep):
    from scipy import sparse

    ok = keep[codes] if keep is not None else np.ones(len(codes), dtype=bool)
    incidence = sparse.csr_matrix((np.ones(int(ok.sum()), dtype=np.int64),
                                   (units[ok], codes[ok])), shape=(n_units, size))
    incidence.sum_duplicates()
    incidence.data[:] = 1
    counts = (incidence.T @ incidence).tocsr()
    frequency = np.asarray(incidence.sum(axis=0)).ravel()
    return counts, frequency


def _units(tokens: pd.DataFrame, context: str) -> tuple[np.ndarray, int]:
    """The number of each row's document (sentence), and how many there are."""
    doc = _doc_codes(tokens)
    if context == "document":
        return doc, int(doc.max()) + 1 if len(doc) else 0
    sent = tokens["sent"].to_numpy().astype(np.int64)
    # one integer per (document, sentence): no tuples, no strings
    codes, uniques = pd.factorize(doc * (int(sent.max()) + 1) + sent if len(sent) else sent)
    return codes, len(uniques)


def _pairs(counts, min_count: int) -> tuple[np.ndarray, ...]:
    """The pairs of distinct terms counted at least ``min_count`` times: from the pair
    arrays of :func:`_window_counts` or the upper triangle of a count matrix."""
    from scipy import sparse

    if isinstance(counts, list):  # the caller's arrays, handed over: held here only
        rows, cols, o = counts
        counts.clear()
    elif isinstance(counts, tuple):
        rows, cols, o = counts
    else:
        upper = sparse.triu(counts, k=1).tocoo()
        rows, cols, o = upper.row, upper.col, upper.data
    ok = o >= min_count
    if ok.all():  # counted with min_count already: no copies
        return rows, cols, o
    return rows[ok], cols[ok], o[ok]


def cooccurrence(tokens: pd.DataFrame, *, context: str = "window", window: int = 5,
                 terms: Iterable[str] | None = None, min_count: int = 2,
                 measure: str = "count", term: str = "norm", engine: str | None = None
                 ) -> pd.DataFrame:
    """Which terms occur near each other, with counts and association measures.

    See the module docstring for how pairs are counted and scored.

    Parameters
    ----------
    tokens : pandas.DataFrame
        The rows to count over, in reading order.
    context : {"window", "sentence", "document"}
    window : int, default 5
        For ``context="window"``: the largest distance, in rows, between two
        co-occurring positions.
    terms : list of str, optional
        Patterns (words or globs); only pairs of two matching terms are counted.
    min_count : int, default 2
        Leave out pairs counted fewer times.
    measure : {"count", "pmi", "npmi", "logdice", "g2"}
        The column to sort by (descending; ties by count, then the terms).
    term : {"norm", "lemma", "token"}
    engine : {None, "local", "dask"}
        For a token store in place of the table: read it a part at a time
        here, or on the current ``dask.distributed`` client.

    Returns
    -------
    pandas.DataFrame
        term1, term2 (term1 < term2), count, pmi, npmi, logdice, g2.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> tokens = cnb.tokenize(cnb.load_corpus())
    >>> pairs = cooccurrence(tokens[~tokens.is_stop], window=5)
    >>> pairs.iloc[0][["term1", "term2"]].tolist(), int(pairs.iloc[0]["count"])
    (['eu', 'kazakhstan'], 25)
    """
    _check_cooccurrence_args(context, window, measure)
    return run(_Cooccurrence(context, window, terms, min_count, measure, term), tokens,
               engine=engine)


class _Cooccurrence(Analysis):
    """Pairs counted a part at a time (windows, sentences and documents never span
    parts), each part in its own vocabulary; the parts' pair counts mapped to one
    vocabulary and added up in files (:class:`~corpusnb.analyses._pairs.Spilled`), so
    memory holds one part's pairs at a time, then one file's."""

    def __init__(self, context: str, window: int, terms: Iterable[str] | None,
                 min_count: int, measure: str, term: str) -> None:
        self.context, self.window, self.min_count = context, window, min_count
        self.terms = None if terms is None else list(terms)
        self.measure, self.term = measure, term
        self.columns = ("doc_id", "sent", term) if context == "sentence" else ("doc_id", term)

    def count(self, part: Part) -> tuple:
        """The part's terms (alphabetical), its pairs (codes into them, first < second,
        and their counts), each term's frequency and the number of tokens (units)."""
        tokens = part.tokens
        codes, vocab = _codes(tokens, self.term)
        keep = _term_filter(vocab, self.terms)
        if self.context == "window":
            counted = _window_counts(codes, _doc_codes(tokens), self.window, len(vocab), keep)
            return vocab, counted, np.bincount(codes, minlength=len(vocab)), len(codes)
        units, n_units = _units(tokens, self.context)
        matrix, frequency = _context_counts(units, codes, n_units, len(vocab), keep)
        return vocab, _pairs(matrix, 1), frequency, n_units

    def combine(self, partials) -> tuple:
        """One part (a table) as it is; several mapped to one vocabulary and added up."""
        first, second = next(partials, None), next(partials, None)
        if first is not None and second is None:
            vocab, counted, frequency, n = first  # a window's pairs come sorted
            return vocab, list(counted), frequency, n, self.context == "window"
        return self._added(p for p in (first, second, *partials) if p is not None)

    def _added(self, partials) -> tuple:
        vocabulary, frequency, n = Vocabulary(), np.zeros(0, dtype=np.int64), 0
        with Spilled() as pairs:
            for vocab, (rows, cols, counts), part_frequency, units in partials:
                code = vocabulary.codes(vocab)
                frequency = grown(frequency, code, part_frequency)
                n += units
                a, b = code[rows], code[cols]  # numbers of first sight: the pair unordered
                pairs.add(np.minimum(a, b) * WIDTH + np.maximum(a, b), counts)
                del rows, cols, counts, a, b
            keys, counts = pairs.result(self.min_count)
        vocab, rank = vocabulary.alphabetical()
        rank = rank.astype(np.int32 if len(rank) < 2**31 else np.int64)  # 4 bytes a term
        first, second = np.divmod(keys, WIDTH)
        del keys
        first, second = rank[first], rank[second]
        lower = np.minimum(first, second)
        np.maximum(first, second, out=second)
        del first
        frequency = frequency[np.argsort(rank)] if len(rank) else frequency
        return vocab, [lower, second, counts], frequency, n, False

    def finish(self, combined: tuple) -> pd.DataFrame:
        vocab, counted, frequency, n, ordered = combined
        span = 2.0 * self.window if self.context == "window" else 1.0
        return _pair_table(counted, frequency, vocab, float(n), span, self.min_count,
                           self.measure, ordered)


def _check_cooccurrence_args(context: str, window: int, measure: str) -> None:
    if context not in ("window", "sentence", "document"):
        raise ValueError(f"context must be 'window', 'sentence' or 'document', not {context!r}")
    if context == "window" and window < 1:
        raise ValueError(f"window must be at least 1, not {window}")
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}, not {measure!r}")


def _pair_table(counts, frequency, vocab, n, span, min_count, measure, ordered=False
                ) -> pd.DataFrame:
    """The table of the pairs counted at least ``min_count`` times, scored and sorted
    (``ordered``: the pairs come sorted by the pair of codes)."""
    rows, cols, o = _pairs(counts, min_count)  # rows < cols: term1 < term2 (see _codes)
    # measure and count descending, then the terms: codes are in alphabetical order, so
    # the sort needs no strings (one key per pair of codes)
    scores = np.empty((4, len(o)))  # pmi, npmi, logdice, g2: one block of the table
    if measure == "count":  # sorted first, then scored in order: nothing to reorder
        rows, cols, o = _by_count(o, rows, cols, len(vocab), ordered)
        _scored(scores, o, rows, cols, frequency, n, span)
    else:
        _scored(scores, o, rows, cols, frequency, n, span)
        pair = rows.astype(np.int64) * len(vocab) + cols
        order = np.lexsort([pair, -o, -scores[MEASURES.index(measure) - 1]])  # last key first
        del pair
        rows, cols, o = rows[order], cols[order], o[order]
        for score in scores:  # one row at a time: one array of the pairs' length more
            score[:] = score[order]
        del order
    terms = pd.array(vocab, dtype="str")  # each term once; the columns take from it
    table = pd.DataFrame(scores.T, columns=list(MEASURES[1:]), copy=False)
    table.insert(0, "count", o)
    table.insert(0, "term2", _taken(terms, cols))
    del cols
    table.insert(0, "term1", _taken(terms, rows))
    return table


def _taken(terms, codes: np.ndarray):
    """``terms.take(codes)``; Arrow strings are taken by Arrow with the 32-bit codes as
    they are (pandas' take makes a 64-bit copy of them first: 8 bytes a pair more)."""
    if isinstance(terms, pd.arrays.ArrowStringArray):
        import pyarrow as pa

        return type(terms)(pa.array(terms).take(pa.array(codes)), dtype=terms.dtype)
    return terms.take(codes)


_SCORED_AT_ONCE = 1 << 20  # pairs scored at once: the temporaries stay a few MiB


def _scored(scores: np.ndarray, o, rows, cols, frequency, n: float, span: float) -> None:
    """The measures of the pairs into the rows of ``scores``, a slice of pairs at a time."""
    for lo in range(0, len(o), _SCORED_AT_ONCE):
        part = slice(lo, lo + _SCORED_AT_ONCE)
        measures(o[part], frequency[rows[part]], frequency[cols[part]], n, span,
                  out=scores[:, part])


def _by_count(o: np.ndarray, rows: np.ndarray, cols: np.ndarray, size: int,
              ordered: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs sorted by count descending, then by the pair (``rows`` then ``cols``)
    ascending (pairs are distinct, so no ties are left).

    ``ordered``: the pairs come sorted by the pair, so a stable sort by count alone
    keeps that order among equal counts (a radix sort of 16-bit keys, in linear time,
    when the counts fit). Else one sort of the values of one int64 key, built in place,
    from which the pairs and counts are read back (no gathering), when it fits."""
    top = int(o.max(initial=0))
    if ordered:
        narrow = top < 2**16
        order = np.argsort((top - o).astype(np.uint16) if narrow else -o, kind="stable")
        return rows[order], cols[order], o[order]
    if (top + 1) * size * size >= np.iinfo(np.int64).max:
        order = np.lexsort([cols, rows, -o])
        return rows[order], cols[order], o[order]
    key = np.subtract(top, o, dtype=np.int64)
    key *= size
    key += rows
    key *= size
    key += cols  # ((top - o)·size + row)·size + col
    key.sort()
    key, cols = np.divmod(key, size)
    key, rows = np.divmod(key, size)
    np.subtract(top, key, out=key)
    return rows, cols, key


def cooccurrence_matrix(tokens: pd.DataFrame, *, measure: str = "count", **options
                        ) -> pd.DataFrame:
    """The square, symmetric form of :func:`cooccurrence` (terms × terms).

    Takes the same options; cells of pairs below ``min_count`` are 0, and terms
    are sorted alphabetically.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> tokens = cnb.tokenize(cnb.load_corpus())
    >>> m = cooccurrence_matrix(tokens, terms=["north", "caucasus", "russia"])
    >>> bool(m.loc["caucasus", "north"] == m.loc["north", "caucasus"])
    True
    """
    engine = options.pop("engine", None)
    return run(_matrix_analysis(measure=measure, **options), tokens, engine=engine)


def _matrix_analysis(*, context: str = "window", window: int = 5,
                     terms: Iterable[str] | None = None, min_count: int = 2,
                     measure: str = "count", term: str = "norm") -> _CooccurrenceMatrix:
    _check_cooccurrence_args(context, window, measure)
    return _CooccurrenceMatrix(context, window, terms, min_count, measure, term)


class _CooccurrenceMatrix(_Cooccurrence):
    """:class:`_Cooccurrence` whose table becomes the square matrix of its pairs."""

    def finish(self, combined: tuple) -> pd.DataFrame:
        pairs = super().finish(combined)
        terms = sorted(set(pairs["term1"]) | set(pairs["term2"]))
        place = pd.Index(terms)
        a = place.get_indexer(pairs["term1"])
        b = place.get_indexer(pairs["term2"])
        cells = np.zeros((len(terms), len(terms)))
        values = pairs[self.measure].to_numpy(dtype=float)
        cells[a, b] = values
        cells[b, a] = values
        return pd.DataFrame(cells, index=terms, columns=terms)


def cooccurrence_graph(pairs: pd.DataFrame, frequencies: pd.DataFrame | None = None, *,
                       weight: str = "npmi") -> nx.Graph:
    """A networkx graph of a :func:`cooccurrence` table.

    Edges carry every column of the pair table and ``weight`` (the chosen
    measure); nodes carry ``count`` from ``frequencies`` (a
    :func:`corpusnb.frequencies` table) when given. Nodes are added in sorted
    order, so layouts are reproducible.

    Examples
    --------
    >>> pairs = pd.DataFrame({"term1": ["a"], "term2": ["b"], "count": [3], "npmi": [0.5]})
    >>> g = cooccurrence_graph(pairs)
    >>> sorted(g.nodes), g.edges["a", "b"]["weight"]
    (['a', 'b'], 0.5)
    """
    import networkx as nx

    graph = nx.Graph()
    counts = {} if frequencies is None else dict(zip(frequencies["term"], frequencies["count"]))
    for node in sorted(set(pairs["term1"]) | set(pairs["term2"])):
        graph.add_node(node, count=int(counts.get(node, 0)))
    for row in pairs.sort_values(["term1", "term2"]).to_dict("records"):
        graph.add_edge(row["term1"], row["term2"], **row, weight=float(row[weight]))
    return graph
