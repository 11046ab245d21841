"""Text models: the document-term matrix (:func:`dfm`), Wordscores and Wordfish.

:func:`dfm` counts through the engine (:mod:`corpusnb.engine.run`): each part's
counts are a sparse matrix on the part's own term codes, and the parts' vocabularies
are mapped to one, alphabetical, when the rows are stacked, so a token store is
never turned into one token table. :func:`wordscores` (Laver, Benoit & Garry 2003)
and :func:`wordfish` (Slapin & Proksch 2008) take a token table, a store or a
:class:`DFM`, and count through :func:`dfm`.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.stats import norm

from corpusnb._errors import CorpusError, warn
from corpusnb.analyses._counting import check_term_name
from corpusnb.engine.run import Analysis, Part, run

__all__ = ["DFM", "Wordfish", "dfm", "wordfish", "wordscores"]

WEIGHTS = ("count", "prop", "tfidf")


@dataclass
class DFM:
    """A document-term matrix: documents (or groups) × terms.

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix
        The counts (int64) or weights (float64), a row per document, a column per term.
    documents : pandas.Index
        The rows: doc_ids in reading order (named "doc_id"), or the values of the
        metadata field grouped by, sorted (named after the field).
    terms : pandas.Index
        The columns, sorted (named "term").
    weight : str
        "count", "prop" or "tfidf".
    totals : numpy.ndarray
        The word tokens of each row, stopwords included (the denominators of tfidf).
    """

    matrix: sparse.csr_matrix
    documents: pd.Index
    terms: pd.Index
    weight: str = "count"
    totals: np.ndarray = field(default=None, repr=False)

    @property
    def shape(self) -> tuple[int, int]:
        return self.matrix.shape

    def to_frame(self) -> pd.DataFrame:
        """The matrix as a dense DataFrame: indexed by ``documents``, a column per term."""
        return pd.DataFrame(self.matrix.toarray(), index=self.documents, columns=self.terms)


def dfm(tokens, *, term: str = "norm", stop: bool = False, min_count: int = 1,
        min_docs: int = 1, max_docs_share: float = 1.0, by: str = "doc_id",
        weight: str = "count", engine: str | None = None) -> DFM:
    """The document-term matrix of a token table or store, as quanteda's ``dfm()`` with
    ``dfm_trim()`` and ``dfm_group()``.

    Parameters
    ----------
    tokens : pandas.DataFrame or Store
        The token table (:func:`corpusnb.tokenize`, or rows of it) or a token store.
    term : {"norm", "lemma", "token"}
        What counts as the same term.
    stop : bool, default False
        Count stopwords too.
    min_count, min_docs : int, default 1
        Keep the terms counted at least ``min_count`` times in all, in at least
        ``min_docs`` documents.
    max_docs_share : float, default 1.0
        Keep the terms found in at most this share of the documents. The trims are
        made on the documents, before ``by`` groups them.
    by : "doc_id" or a metadata field
        A row per document (in reading order), or per value of the field (sorted;
        the documents' counts summed; documents without a value left out).
    weight : {"count", "prop", "tfidf"}
        Counts; each count as a share of its row's sum; or tf-idf as
        :func:`corpusnb.tfidf` defines it: the count over the row's word tokens
        (stopwords included) times ``log10(N / df)`` over the N rows.
    engine : {None, "local", "dask"}
        For a token store: read it a part at a time here, or on the current
        ``dask.distributed`` client.

    Returns
    -------
    DFM

    Examples
    --------
    >>> import corpusnb as cnb
    >>> m = dfm(cnb.tokenize(cnb.load_corpus()))
    >>> m.shape, list(m.documents)
    ((3, 3840), ['markedonov-2012', 'lrb-2015', 'kazakhstan-eu-2018'])
    >>> int(m.matrix[:, m.terms.get_loc("kazakhstan")].sum())
    115
    """
    check_term_name(term)
    if weight not in WEIGHTS:
        raise ValueError(f"weight must be 'count', 'prop' or 'tfidf', not {weight!r}")
    if not isinstance(by, str) or by in ("section", "norm", "lemma", "token", "is_stop"):
        raise ValueError(f"by must be 'doc_id' or a metadata field, not {by!r}")
    for name, value in (("min_count", min_count), ("min_docs", min_docs)):
        if not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a whole number of at least 1, not {value!r}")
    if not 0 < max_docs_share <= 1:
        raise ValueError(f"max_docs_share must be above 0 and at most 1, not {max_docs_share!r}")
    counts = _Counts(term, stop, by)
    counted = _trimmed(run(counts, tokens, engine=engine), min_count, min_docs,
                       max_docs_share)
    if by != "doc_id":
        counted = _grouped(counted, by, counts.groups)  # prepared here, before counting
    return _weighted(counted, weight)


class _Counts(Analysis):
    """The documents' term counts: a part's on its own codes, the parts' stacked on one
    alphabetical vocabulary."""

    def __init__(self, term: str, stop: bool, by: str) -> None:
        self.term, self.stop, self.by = term, stop, by
        self.columns = ("doc_id", term) if stop else ("doc_id", term, "is_stop")
        self.groups: dict | None = None

    def prepare(self, source) -> None:
        if self.by == "doc_id":
            return
        meta = source.metadata
        if self.by not in meta.columns:
            raise ValueError(f"no metadata field {self.by!r}; the fields are "
                             f"{', '.join(map(str, meta.columns))}")
        values = meta[self.by]
        self.groups = {str(k): v for k, v in values.items() if not pd.isna(v)}

    def count(self, part: Part):
        tokens = part.tokens
        for column in self.columns:
            if column not in tokens.columns:
                raise ValueError(f"the token table has no {column!r} column; use cnb.tokenize()")
        doc, doc_values = _coded(tokens["doc_id"])
        present = doc >= 0
        first = pd.unique(doc[present])
        number = np.full(len(doc_values) + 1, -1, dtype=np.int64)
        number[first] = np.arange(len(first))
        row = number[doc]  # -1 (the last entry) where doc_id is missing
        ids = np.asarray(doc_values.take(first).astype(str), dtype=object)
        totals = np.bincount(row[present], minlength=len(first)).astype(np.int64)
        code, vocab = _coded(tokens[self.term])
        keep = present & (code >= 0)
        if not self.stop:
            keep &= ~tokens["is_stop"].to_numpy(dtype=bool)
        row, code = row[keep], code[keep]
        used = np.flatnonzero(np.bincount(code, minlength=len(vocab))) if len(code) else \
            np.zeros(0, dtype=np.int64)
        terms = np.asarray(vocab.take(used).astype(str), dtype=object)
        order = np.argsort(terms, kind="stable")  # the part's columns in term order
        local = np.full(len(vocab), -1, dtype=np.int64)
        local[used[order]] = np.arange(len(used))
        matrix = sparse.coo_matrix((np.ones(len(row), dtype=np.int64), (row, local[code])),
                                   shape=(len(first), len(used))).tocsr()
        return ids, terms[order], matrix, totals

    def combine(self, partials: Iterator):
        ids, vocabularies, matrices, totals = [], [], [], []
        for part_ids, terms, matrix, part_totals in partials:
            ids.append(part_ids)
            vocabularies.append(terms)
            matrices.append(matrix)
            totals.append(part_totals)
        return ids, vocabularies, matrices, totals

    def finish(self, combined) -> DFM:
        ids, vocabularies, matrices, totals = combined
        if len(matrices) == 1:  # a table: its columns are in term order already
            terms, matrix = vocabularies[0], matrices[0]
        else:
            terms = np.unique(np.concatenate(vocabularies)) if vocabularies else \
                np.zeros(0, dtype=object)
            rows = []
            for vocab, part in zip(vocabularies, matrices):
                code = np.searchsorted(terms, vocab).astype(np.int64)  # rising: still sorted
                rows.append(sparse.csr_matrix((part.data, code[part.indices], part.indptr),
                                              shape=(part.shape[0], len(terms))))
            matrix = sparse.vstack(rows, format="csr", dtype=np.int64) if rows else \
                sparse.csr_matrix((0, 0), dtype=np.int64)
            if not matrix.has_sorted_indices:
                matrix.sort_indices()
        documents = pd.Index(np.concatenate(ids) if ids else [], dtype=object, name="doc_id")
        return DFM(matrix, documents, pd.Index(terms, dtype=object, name="term"), "count",
                   np.concatenate(totals) if totals else np.zeros(0, dtype=np.int64))


def _coded(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes of a column (-1 where missing) and the values they number."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy().astype(np.int64), pd.Index(column.cat.categories)
    codes, uniques = pd.factorize(column)
    return codes.astype(np.int64), pd.Index(uniques)


def _trimmed(m: DFM, min_count: int, min_docs: int, max_docs_share: float) -> DFM:
    if min_count == 1 and min_docs == 1 and max_docs_share == 1.0:
        return m
    counts = np.asarray(m.matrix.sum(axis=0)).ravel()
    docs = m.matrix.getnnz(axis=0)
    keep = (counts >= min_count) & (docs >= min_docs) & (docs <= max_docs_share * m.shape[0])
    return DFM(m.matrix[:, np.flatnonzero(keep)], m.documents, m.terms[keep], m.weight,
               m.totals)


def _grouped(m: DFM, by: str, groups: dict) -> DFM:
    """The rows summed per value of the field (sorted), as quanteda's dfm_group;
    ``groups`` is doc_id -> value (documents without one are left out)."""
    values = [groups.get(doc_id) for doc_id in m.documents]
    has = np.array([v is not None for v in values], dtype=bool)
    keys = pd.Index([v for v in values if v is not None])
    levels = keys.unique().sort_values()
    member = sparse.csr_matrix((np.ones(int(has.sum()), dtype=np.int64),
                                (levels.get_indexer(keys), np.flatnonzero(has))),
                               shape=(len(levels), m.shape[0]))
    matrix = (member @ m.matrix).tocsr()
    matrix.sort_indices()
    return DFM(matrix, pd.Index(levels, name=by), m.terms, m.weight, member @ m.totals)


def _weighted(m: DFM, weight: str) -> DFM:
    if weight == "count":
        return DFM(m.matrix, m.documents, m.terms, "count", m.totals)
    matrix = m.matrix.astype(np.float64)
    if weight == "prop":
        sums = np.asarray(m.matrix.sum(axis=1), dtype=np.float64).ravel()
        scale = np.divide(1.0, sums, out=np.zeros_like(sums), where=sums > 0)
    else:
        totals = m.totals.astype(np.float64)
        scale = np.divide(1.0, totals, out=np.zeros_like(totals), where=totals > 0)
        docs = m.matrix.getnnz(axis=0).astype(np.float64)
        idf = np.log10(m.shape[0] / docs) if len(docs) else docs
        matrix = matrix @ sparse.diags(idf, format="csr")
    matrix = (sparse.diags(scale, format="csr") @ matrix).tocsr()
    matrix.sort_indices()
    return DFM(matrix, m.documents, m.terms, weight, m.totals)


def _counts_of(tokens, term: str, stop: bool, engine: str | None) -> DFM:
    """The count dfm of a token table or store, or the dfm given."""
    if isinstance(tokens, DFM):
        if tokens.weight != "count":
            raise ValueError("the models take a dfm of counts (weight='count'), not "
                             f"{tokens.weight!r}")
        return tokens
    return dfm(tokens, term=term, stop=stop, engine=engine)


# ------------------------------------------------------------------ Wordscores

def wordscores(tokens, reference: Mapping[str, float], *, scale: str = "linear",
               smooth: float = 0.0, rescaling: str = "none", level: float = 0.95,
               term: str = "norm", stop: bool = False, engine: str | None = None
               ) -> pd.DataFrame:
    """Wordscores (Laver, Benoit & Garry 2003): every document's position on the scale
    the reference texts' scores set.

    A word's score is the average of the reference scores weighted by the chance of
    reading each reference text given the word (its relative frequency in the text,
    over its relative frequencies in all of them); a text's score is the mean of its
    scored words' scores, weighted by their frequency in it. As quanteda's
    ``textmodel_wordscores`` and ``predict(..., rescaling=...)``.

    Parameters
    ----------
    tokens : pandas.DataFrame, Store or DFM
        The token table, a token store, or a dfm of counts (:func:`dfm`).
    reference : mapping
        doc_id -> score of the reference texts (at least two).
    scale : {"linear", "logit"}
        LBG's linear word scores, or Beauchamp's log posterior differences (two
        reference texts).
    smooth : float, default 0
        Added to every count of the reference texts first.
    rescaling : {"none", "mv", "lbg"}
        Raw scores; Martin & Vanberg's (the lowest and highest reference texts get
        their own scores back); or LBG's (the scores' spread made that of the
        reference scores, around their mean). Rescaled over all the documents.
    level : float, default 0.95
        Of the interval ``lower``, ``upper``.
    term, stop, engine
        As for :func:`dfm`.

    Returns
    -------
    pandas.DataFrame
        doc_id, score, se, lower, upper: every document in the dfm's order, the
        reference texts included. ``attrs["word_scores"]`` is the dict term -> word
        score (the words of the reference texts). se is LBG's: the square root of
        the words' weighted variance around the score over the text's scored words;
        rescaled scores have it times the rescaling's slope (quanteda's lbg se
        shifts it as a score: not here).

    Examples
    --------
    >>> import corpusnb as cnb
    >>> tokens = cnb.tokenize(cnb.load_corpus())
    >>> table = wordscores(tokens, {"markedonov-2012": -1, "kazakhstan-eu-2018": 1})
    >>> table[["doc_id", "score"]].round(3).values.tolist()
    [['markedonov-2012', -0.675], ['lrb-2015', -0.015], ['kazakhstan-eu-2018', 0.675]]
    """
    if scale not in ("linear", "logit"):
        raise ValueError(f"scale must be 'linear' or 'logit', not {scale!r}")
    if rescaling not in ("none", "mv", "lbg"):
        raise ValueError(f"rescaling must be 'none', 'mv' or 'lbg', not {rescaling!r}")
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, not {level!r}")
    if smooth < 0:
        raise ValueError(f"smooth must be 0 or more, not {smooth!r}")
    m = _counts_of(tokens, term, stop, engine)
    refs, y = _reference_rows(m, reference)
    if scale == "logit" and len(refs) != 2:
        raise ValueError(f"scale='logit' takes two reference texts, not {len(refs)}")
    words, word_score = _word_scores(m, refs, y, scale, smooth)
    raw, se = _text_scores(m.matrix[:, words], word_score, m.documents)
    z = float(norm.ppf(1 - (1 - level) / 2))
    slope, low_raw, low_y = _rescaling(rescaling, raw, refs, y)
    score = (raw - low_raw) * slope + low_y
    se = se * abs(slope)
    table = pd.DataFrame({"doc_id": pd.array(np.asarray(m.documents, dtype=object), dtype=object),
                          "score": score, "se": se, "lower": score - z * se,
                          "upper": score + z * se})
    table.attrs["word_scores"] = dict(zip(m.terms[words].tolist(), word_score.tolist()))
    return table


def _reference_rows(m: DFM, reference: Mapping[str, float]) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(reference, Mapping) or len(reference) < 2:
        raise ValueError("reference must map at least two doc_ids to their scores, "
                         "e.g. {'speech-a': -1, 'speech-b': 1}")
    missing = [str(k) for k in reference if k not in m.documents]
    if missing:
        raise CorpusError(f"reference texts not in the corpus: {', '.join(missing)}; the "
                          f"documents are {', '.join(map(str, m.documents[:10]))}"
                          f"{' ...' if len(m.documents) > 10 else ''}")
    y = np.array([float(v) for v in reference.values()])
    if not np.isfinite(y).all():
        raise ValueError("the reference scores must be finite numbers")
    if np.ptp(y) == 0:
        raise ValueError("the reference scores are all the same: give texts of different "
                         "positions")
    return m.documents.get_indexer(list(reference)), y


def _word_scores(m: DFM, refs: np.ndarray, y: np.ndarray, scale: str, smooth: float
                 ) -> tuple[np.ndarray, np.ndarray]:
    """The scored words (column numbers) and their scores."""
    counts = m.matrix[refs].toarray().astype(np.float64) + smooth
    sums = counts.sum(axis=1, keepdims=True)
    if (sums == 0).any():
        empty = [str(m.documents[r]) for r, s in zip(refs, sums.ravel()) if s == 0]
        raise CorpusError(f"reference texts without counted words: {', '.join(empty)}")
    share = counts / sums  # F(w|r)
    seen = share.sum(axis=0)
    words = np.flatnonzero(seen > 0)
    posterior = share[:, words] / seen[words]  # P(r|w)
    if scale == "linear":
        return words, y @ posterior
    low, high = (0, 1) if y[0] < y[1] else (1, 0)
    with np.errstate(divide="ignore"):
        score = np.log(posterior[high]) - np.log(posterior[low])
    finite = np.isfinite(score)
    return words[finite], score[finite]


def _text_scores(x: sparse.csr_matrix, word_score: np.ndarray, documents: pd.Index
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Each row's raw score and LBG's standard error."""
    x = sparse.csr_matrix(x, dtype=np.float64)
    n = np.asarray(x.sum(axis=1)).ravel()
    unscored = n == 0
    if unscored.any():
        names = [str(d) for d in documents[unscored][:10]]
        warn(f"{int(unscored.sum())} document(s) have none of the reference texts' words, "
             f"so no score: {', '.join(names)}")
    with np.errstate(divide="ignore", invalid="ignore"):
        share = sparse.diags(1.0 / np.where(unscored, 1.0, n)) @ x
        share = share.tocsr()
        raw = share @ word_score
        raw[unscored] = np.nan
        rows = np.repeat(np.arange(x.shape[0]), np.diff(share.indptr))
        deviation = word_score[share.indices] - raw[rows]
        spread = np.bincount(rows, share.data * deviation ** 2, minlength=x.shape[0])
        se = np.sqrt(spread) / np.sqrt(n)
    se[unscored] = np.nan
    return raw, se


def _rescaling(rescaling: str, raw: np.ndarray, refs: np.ndarray, y: np.ndarray
               ) -> tuple[float, float, float]:
    """``score = (raw - low_raw) * slope + low_y``: the rescaling as a line."""
    if rescaling == "none":
        return 1.0, 0.0, 0.0
    if rescaling == "mv":
        if len(y) > 2:
            warn("more than two reference texts with rescaling='mv': Martin & Vanberg's "
                 "rescaling uses the lowest and highest only")
        low, high = int(np.argmin(y)), int(np.argmax(y))
        return (y[high] - y[low]) / (raw[refs[high]] - raw[refs[low]]), raw[refs[low]], y[low]
    scored = raw[np.isfinite(raw)]
    if len(scored) < 2 or np.std(scored) == 0:
        raise ValueError("rescaling='lbg' needs at least two documents of different scores")
    mean = float(scored.mean())
    return float(np.std(y, ddof=1) / np.std(scored, ddof=1)), mean, mean


# ------------------------------------------------------------------ Wordfish

@dataclass
class Wordfish:
    """A fitted Wordfish model (:func:`wordfish`).

    Attributes
    ----------
    documents : pandas.DataFrame
        doc_id, theta (the position, mean 0 and standard deviation 1), se, lower,
        upper, alpha (the document's fixed effect: its length).
    features : pandas.DataFrame
        term, beta (the word's weight on the dimension), psi (its fixed effect: its
        frequency).
    iterations : int
        The outer iterations made.
    converged : bool
        Whether the log posterior changed by less than the tolerance before the cap.
    log_posterior : float
    """

    documents: pd.DataFrame
    features: pd.DataFrame
    iterations: int
    converged: bool
    log_posterior: float


def wordfish(tokens, *, direction: tuple[str, str] | None = None,
             priors: Sequence[float] = (np.inf, np.inf, 3, 1), dispersion: str = "poisson",
             tol: tuple[float, float] = (1e-6, 1e-8), max_iter: int = 100,
             level: float = 0.95, term: str = "norm", stop: bool = False,
             engine: str | None = None) -> Wordfish:
    """Wordfish (Slapin & Proksch 2008): the documents' positions on one dimension,
    estimated from their word counts alone.

    The count of word j in document i is Poisson with log mean
    ``alpha_i + psi_j + beta_j * theta_i``. Fitted as quanteda's
    ``textmodel_wordfish``: an SVD of the standardised residuals starts theta;
    conditional maximum likelihood then alternates between the words' (psi, beta)
    and the documents' (alpha, theta), by Newton steps, with normal priors; theta is
    standardised after each round. The standard error of theta is from the Hessian
    of the document's (alpha, theta) at the estimate.

    Parameters
    ----------
    tokens : pandas.DataFrame, Store or DFM
        The token table, a token store, or a dfm of counts (:func:`dfm`).
    direction : (doc_id, doc_id), optional
        The first document's theta is made below the second's (by default the first
        two documents).
    priors : (alpha, psi, beta, theta)
        The standard deviations of the normal priors (inf: none).
    dispersion : {"poisson"}
    tol : (float, float)
        Stop when the log posterior rises by less than ``tol[0]`` of its size in a
        round (quanteda: by less than ``tol[0]``, which the alternation's slow drift of
        the fixed effects seldom reaches in 100 rounds on thousands of counts); a
        Newton search stops when no parameter moves more than ``tol[1]``.
    max_iter : int, default 100
        Rounds at most (a warning says when the model did not converge in them);
        each Newton search takes 10 steps at most.
    level : float, default 0.95
        Of the interval ``lower``, ``upper``.
    term, stop, engine
        As for :func:`dfm`.

    Returns
    -------
    Wordfish

    Raises
    ------
    CorpusError
        For documents without counted words, or estimates that are not numbers.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> model = wordfish(cnb.tokenize(cnb.load_corpus()),
    ...                  direction=("lrb-2015", "kazakhstan-eu-2018"))
    >>> model.documents[["doc_id", "theta"]].round(2).values.tolist()
    [['markedonov-2012', -0.11], ['lrb-2015', -0.94], ['kazakhstan-eu-2018', 1.05]]
    """
    if dispersion != "poisson":
        raise ValueError(f"dispersion must be 'poisson', not {dispersion!r}")
    priors = np.asarray(priors, dtype=np.float64)
    if priors.shape != (4,) or not (priors > 0).all():
        raise ValueError("priors must be four standard deviations above 0 (alpha, psi, "
                         "beta, theta), e.g. (inf, inf, 3, 1)")
    if len(tol) != 2 or min(tol) <= 0:
        raise ValueError("tol must be two tolerances above 0, e.g. (1e-6, 1e-8)")
    if not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise ValueError(f"max_iter must be a whole number of at least 1, not {max_iter!r}")
    m = _counts_of(tokens, term, stop, engine)
    y, documents, terms = _fish_counts(m)
    low, high = _direction(documents, direction)
    fit = _fit_wordfish(y, 1.0 / priors ** 2, tol, max_iter)
    theta, alpha, psi, beta, iterations, converged, lp = fit
    if not (np.isfinite(theta).all() and np.isfinite(beta).all()):
        raise CorpusError("Wordfish's estimates are not numbers (the fit diverged): leave "
                          "out rare words (cnb.dfm(..., min_docs=2)) or very short documents")
    if not converged:
        warn(f"Wordfish did not converge in {max_iter} rounds (the log posterior still "
             f"rose by more than {tol[0]} of itself): raise max_iter, or read the positions with care")
    if theta[low] > theta[high]:
        theta, beta = -theta, -beta
    se = _theta_se(y, alpha, psi, beta, theta, 1.0 / priors ** 2)
    z = float(norm.ppf(1 - (1 - level) / 2))
    docs = pd.DataFrame({"doc_id": pd.array(np.asarray(documents, dtype=object), dtype=object),
                         "theta": theta, "se": se, "lower": theta - z * se,
                         "upper": theta + z * se, "alpha": alpha})
    features = pd.DataFrame({"term": pd.array(np.asarray(terms, dtype=object), dtype=object),
                             "beta": beta, "psi": psi})
    return Wordfish(docs, features, iterations, converged, lp)


def _fish_counts(m: DFM) -> tuple[np.ndarray, pd.Index, pd.Index]:
    """The dense counts, without zero-count words (a warning names them); documents
    without counted words are an error."""
    matrix = m.matrix
    empty = np.asarray(matrix.sum(axis=1)).ravel() == 0
    if empty.any():
        names = [str(d) for d in m.documents[empty][:10]]
        raise CorpusError(f"{int(empty.sum())} document(s) have no counted words, so "
                          f"Wordfish cannot place them: {', '.join(names)}; leave them out "
                          f"of the token table first")
    counted = np.asarray(matrix.sum(axis=0)).ravel() > 0
    if not counted.all():
        names = [str(t) for t in m.terms[~counted][:10]]
        warn(f"{int((~counted).sum())} word(s) with no count left out of Wordfish: "
             f"{', '.join(names)}")
        matrix = matrix[:, np.flatnonzero(counted)]
    if matrix.shape[0] < 2 or matrix.shape[1] < 2:
        raise CorpusError(f"Wordfish needs at least two documents and two words, not "
                          f"{matrix.shape[0]} and {matrix.shape[1]}")
    return matrix.toarray().astype(np.float64), m.documents, m.terms[counted]


def _direction(documents: pd.Index, direction) -> tuple[int, int]:
    if direction is None:
        return 0, 1
    if len(direction) != 2 or direction[0] == direction[1]:
        raise ValueError("direction must be two different doc_ids: (the lower, the higher)")
    missing = [str(d) for d in direction if d not in documents]
    if missing:
        raise CorpusError(f"direction names documents not in the corpus: {', '.join(missing)}")
    return int(documents.get_loc(direction[0])), int(documents.get_loc(direction[1]))


def _fit_wordfish(y: np.ndarray, precision: np.ndarray, tol, max_iter: int):
    """quanteda's cpp_wordfish_dense (poisson), with each Newton search made for all
    the words (then all the documents) at once."""
    n_docs, _ = y.shape
    row, col = y.sum(axis=1), y.sum(axis=0)
    total = row.sum()
    expected = np.outer(row, col) / total
    residual = (y - expected) / np.sqrt(expected)
    u = np.linalg.svd(residual, full_matrices=False)[0][:, 0]
    theta = (row / total) ** -0.5 * u
    theta = (theta - theta.mean()) / theta.std(ddof=1)
    alpha = np.log(row) - np.log(row.mean())
    psi = np.log(col / n_docs)
    beta = np.zeros(len(col))
    p_alpha, p_psi, p_beta, p_theta = precision
    y_t = np.ascontiguousarray(y.T)
    lp = _log_posterior(y, alpha, psi, beta, theta, precision)
    err, rounds = np.inf, 0
    while err > tol[0] and rounds < max_iter:
        rounds += 1
        step = 0.5 if rounds == 1 else 1.0
        psi, beta = _newton(y_t, psi, beta, theta, alpha, p_psi, p_beta, step, tol[1])
        alpha, theta = _newton(y, alpha, theta, beta, psi, p_alpha, p_theta, step, tol[1])
        alpha = alpha - alpha.mean()
        theta = (theta - theta.mean()) / theta.std(ddof=1)
        last, lp = lp, _log_posterior(y, alpha, psi, beta, theta, precision)
        err = (lp - last) / abs(last)
    return theta, alpha, psi, beta, rounds, bool(err <= tol[0]), float(lp)


def _newton(y: np.ndarray, a: np.ndarray, b: np.ndarray, x: np.ndarray, other: np.ndarray,
            p_a: float, p_b: float, first_step: float, tol: float):
    """Newton searches of every row's (a, b) of ``log mean = a_r + other_c + b_r * x_c``
    (``y`` rows × columns), the others fixed: 10 steps at most, the first of
    ``first_step``."""
    a, b = a.copy(), b.copy()
    y_sum, y_x = y.sum(axis=1), y @ x  # the counts' part of the gradient, fixed here
    active = np.arange(len(a))
    step = first_step
    for _ in range(10):
        if not len(active):
            break
        lam = np.exp(a[active, None] + other[None, :] + b[active, None] * x[None, :])
        lam_sum = lam.sum(axis=1)
        g0 = y_sum[active] - lam_sum - a[active] * p_a
        g1 = y_x[active] - lam @ x - b[active] * p_b
        h00 = -lam_sum - p_a
        h01 = -(lam @ x)
        h11 = -(lam @ (x * x)) - p_b
        det = h00 * h11 - h01 * h01
        new_a = a[active] - step * (h11 * g0 - h01 * g1) / det
        new_b = b[active] - step * (h00 * g1 - h01 * g0) / det
        moved = np.maximum(np.abs(new_a - a[active]), np.abs(new_b - b[active]))
        a[active], b[active] = new_a, new_b
        active = active[moved > tol]
        step = 1.0
    return a, b


def _log_posterior(y, alpha, psi, beta, theta, precision) -> float:
    p_alpha, p_psi, p_beta, p_theta = precision
    prior = 0.5 * ((alpha ** 2 * p_alpha).sum() + (psi ** 2 * p_psi).sum()
                   + (beta ** 2 * p_beta).sum() + (theta ** 2 * p_theta).sum())
    eta = alpha[:, None] + psi[None, :] + np.outer(theta, beta)
    return float((eta * y - np.exp(eta)).sum() - prior)


def _theta_se(y, alpha, psi, beta, theta, precision) -> np.ndarray:
    """The standard error of each theta from the Hessian of its document's (alpha, theta)."""
    p_alpha, p_theta = precision[0], precision[3]
    lam = np.exp(alpha[:, None] + psi[None, :] + np.outer(theta, beta))
    h00 = -lam.sum(axis=1) - p_alpha
    h01 = -(lam @ beta)
    h11 = -(lam @ (beta * beta)) - p_theta
    return np.sqrt(-h00 / (h00 * h11 - h01 * h01))
