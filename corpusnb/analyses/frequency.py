"""Counting: term frequencies, TF-IDF, lexical statistics, Zipf tables and keyness.

Every function counts the rows it is given: drop stopwords or documents from the
token table first, or use the ``stop`` argument, and the totals follow.
Relative frequencies are per 10,000 word tokens of the group (document,
section or corpus), stopwords included, so that a rate never depends on which
words were filtered out of the list shown.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from corpusnb.analyses._counting import (check_term, docvar, field_metadata, group_columns,
                                         keyed, metadata_of)

__all__ = ["frequencies", "keyness", "lexical_stats", "log_likelihood", "log_ratio",
           "mattr", "tfidf", "zipf"]

def _is_store(tokens) -> bool:
    from corpusnb.store.store import Store

    return isinstance(tokens, Store)


def frequencies(tokens: pd.DataFrame, *, by: str | None = None, term: str = "norm",
                stop: bool = False, min_count: int = 1, engine: str | None = None
                ) -> pd.DataFrame:
    """Term counts and rates, for the corpus or by document or section.

    Parameters
    ----------
    tokens : pandas.DataFrame
        The token table (or rows of it).
    by : None, "doc_id", "section" or a metadata field
        Count over the whole table, per document, per section (of each
        document), or per value of a metadata field ("year", "party", ...;
        documents without a value form no group).
    term : {"norm", "lemma", "token"}
        What counts as the same term.
    stop : bool, default False
        Include stopwords in the list. Rates are per 10k of all word tokens of
        the group either way.
    min_count : int, default 1
        Leave out terms counted fewer times (in their group).
    engine : {None, "local", "dask"}
        For a token store (:func:`corpusnb.index`) in place of the table: read
        it a part at a time here, or on the current ``dask.distributed`` client.

    Returns
    -------
    pandas.DataFrame
        term, [doc_id, [section]] or [field], count, per_10k, docs (number of
        documents of the group the term occurs in: of the table without ``by``,
        of the field's value with it, 1 per document or section). Sorted by
        group, then count descending, then term.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> tokens = cnb.tokenize(cnb.load_corpus())
    >>> frequencies(tokens).head(3)[["term", "count"]].values.tolist()
    [['kazakhstan', 115], ['russia', 89], ['russian', 77]]
    """
    if _is_store(tokens):
        from corpusnb.engine import chunked

        return chunked.frequencies(tokens, by=by, term=term, stop=stop, min_count=min_count,
                                   engine=engine)
    check_term(tokens, term)
    groups = group_columns(by)
    t, terms = _coded(tokens[term])
    g, group_values = _group_codes(tokens, groups)
    valid = (g >= 0) & (t >= 0)
    totals = np.bincount(g[valid], minlength=len(group_values))
    kept = valid if stop else valid & ~tokens["is_stop"].to_numpy(dtype=bool)
    pair, count = _counted(g[kept] * len(terms) + t[kept], len(group_values) * len(terms))
    enough = count >= min_count
    pair, count = pair[enough], count[enough]
    group, term_code = np.divmod(pair, len(terms)) if len(terms) else (pair, pair)
    docs = _group_docs(tokens, g, t, len(terms), pair, groups)
    # by group, count descending, then term: sort keys on codes (lexsort: last key first)
    term_rank = _ranks(terms)
    keys = [term_rank[term_code], -count,
            *[ranks[group] for ranks in reversed(group_values.ranks)]]
    order = np.lexsort(keys)
    group, term_code, count = group[order], term_code[order], count[order]
    table = {"term": pd.array(terms, dtype="str").take(term_code)}
    for name, values in zip(groups, group_values.columns):
        table[name] = values.take(group)
    table["count"] = count.astype(np.int64)
    table["per_10k"] = count / totals[group].astype(float) * 1e4
    table["docs"] = docs[order].astype(np.int64)
    return pd.DataFrame(table)


def _group_docs(tokens: pd.DataFrame, g: np.ndarray, t: np.ndarray, n_terms: int,
                pair: np.ndarray, groups: list[str]) -> np.ndarray:
    """For each (group, term) ``pair`` code, the documents of the group the term occurs
    in (stopwords and all): a document's or a section's is 1."""
    if "doc_id" in groups:
        return np.ones(len(pair), dtype=np.int64)
    doc, _ = _coded(tokens["doc_id"])
    width = int(doc.max(initial=0)) + 1
    seen = (g >= 0) & (t >= 0) & (doc >= 0)
    triples, _ = _counted((g[seen] * n_terms + t[seen]) * width + doc[seen], None)
    pairs, per_pair = np.unique(triples // width, return_counts=True)
    return per_pair[np.searchsorted(pairs, pair)] if len(pair) else pair


def _coded(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes of a column (-1 where missing) and the values they number; a
    categorical's codes are taken as they are, never decoded row by row."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = column.cat.categories
        if categories.dtype == object or isinstance(categories.dtype, pd.StringDtype):
            categories = categories.astype(str)
        return column.cat.codes.to_numpy().astype(np.int64), pd.Index(categories)
    codes, uniques = pd.factorize(column)
    return codes.astype(np.int64), pd.Index(uniques)


class _Groups:
    """The distinct groups of a table: per grouping column, the values of each group
    (``columns``) and each value's rank in sorted order (``ranks``)."""

    def __init__(self, columns: list[pd.Index]) -> None:
        self.columns = columns
        self.ranks = [_ranks(values) for values in columns]

    def __len__(self) -> int:
        return len(self.columns[0]) if self.columns else 1


def _group_codes(tokens: pd.DataFrame, groups: list[str]) -> tuple[np.ndarray, _Groups]:
    """Each row's group number (-1 where a grouping value is missing) and the groups."""
    if not groups:
        return np.zeros(len(tokens), dtype=np.int64), _Groups([])
    combined = np.zeros(len(tokens), dtype=np.int64)
    missing = np.zeros(len(tokens), dtype=bool)
    coded = []
    for name in groups:
        codes, values = _coded(tokens[name]) if name in tokens.columns else \
            _field_codes(tokens, name)
        combined *= max(len(values), 1)
        combined += codes
        missing |= codes < 0
        coded.append(values)
        del codes
    size = int(np.prod([max(len(v), 1) for v in coded], dtype=np.float64))
    if size <= _COUNTED_GROUPS:  # the groups present, counted: no sort of every row
        combined[missing] = size
        seen = np.bincount(combined, minlength=size + 1)[:size] > 0
        present = np.flatnonzero(seen)
        number = np.full(size + 1, -1, dtype=np.int64)
        number[present] = np.arange(len(present))
        codes = number[combined]
    else:
        present, group = np.unique(combined[~missing], return_inverse=True)
        codes = np.full(len(tokens), -1, dtype=np.int64)
        codes[~missing] = group
    del combined, missing
    columns, rest = [], present
    for values in reversed(coded):  # peel the last column's code off first
        rest, code = np.divmod(rest, max(len(values), 1))
        columns.append(values.take(code))
    return codes, _Groups(columns[::-1])


_COUNTED_GROUPS = 1 << 24  # combinations of group values counted in one array


def _field_codes(tokens: pd.DataFrame, field: str) -> tuple[np.ndarray, pd.Index]:
    """:func:`_coded` of ``docvar(tokens, field)``, coded once per document and taken by
    the rows' document codes (no value per row is made)."""
    doc = tokens["doc_id"]
    if not isinstance(doc.dtype, pd.CategoricalDtype):
        return _coded(docvar(tokens, field))
    meta = field_metadata(tokens, field, None)
    per_document = meta[field].reindex(doc.cat.categories.astype(str))
    codes, values = _coded(pd.Series(per_document.to_numpy(), dtype=per_document.dtype))
    rows = np.asarray(doc.array.codes)
    return np.where(rows >= 0, codes[rows], -1), values


def _ranks(values: pd.Index) -> np.ndarray:
    """The rank of each value in sorted order (codes can then be sorted as values)."""
    ranks = np.empty(len(values), dtype=np.int64)
    ranks[values.argsort()] = np.arange(len(values))
    return ranks


def _counted(keys: np.ndarray, size: int | None) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys, sorted, and how often each occurs: one bincount when the keys
    are below a small ``size``, else a sort."""
    if size is not None and size <= 2**24:
        counts = np.bincount(keys, minlength=size)
        present = np.flatnonzero(counts)
        return present, counts[present]
    return np.unique(keys, return_counts=True)


def tfidf(tokens: pd.DataFrame, *, term: str = "norm", stop: bool = False) -> pd.DataFrame:
    """TF-IDF of each term in each document.

    ``tf`` is the term's share of the document's word tokens; ``idf`` is
    ``log10(N / df)`` over the N documents of the table (quanteda's default
    "inverse" weight), so a term found in every document scores 0.

    Returns
    -------
    pandas.DataFrame
        term, doc_id, count, tf, idf, tf_idf; sorted by document, then tf_idf
        descending, then term.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> top = tfidf(cnb.tokenize(cnb.load_corpus()))
    >>> top[top.doc_id == "kazakhstan-eu-2018"].iloc[0]["term"]
    'kazakhstan'
    """
    counts = frequencies(tokens, by="doc_id", term=term, stop=stop)
    n_docs = tokens["doc_id"].nunique()
    totals = tokens["doc_id"].value_counts()
    counts["tf"] = counts["count"] / counts["doc_id"].map(totals).astype(float)
    df = counts["term"].map(counts["term"].value_counts())  # a row per document and term
    counts["idf"] = np.log10(n_docs / df.to_numpy(dtype=float))
    counts["tf_idf"] = counts["tf"] * counts["idf"]
    counts = counts.sort_values(["doc_id", "tf_idf", "term"], ascending=[True, False, True])
    return counts[["term", "doc_id", "count", "tf", "idf", "tf_idf"]].reset_index(drop=True)


def lexical_stats(tokens: pd.DataFrame, *, by: str | None = "doc_id", term: str = "norm",
                  window: int = 500) -> pd.DataFrame:
    """Vocabulary statistics: tokens, types, type-token ratio, MATTR, hapaxes.

    The type-token ratio falls as a text grows, so texts of different lengths
    are compared with MATTR (Covington & McFall 2010): the mean type-token ratio
    of every window of ``window`` consecutive tokens (the plain ratio when a
    group is shorter than the window).

    Returns
    -------
    pandas.DataFrame
        [doc_id, [section]], tokens, types, ttr, mattr, hapaxes (types seen once),
        hapax_share (hapaxes / types).

    Examples
    --------
    >>> import corpusnb as cnb
    >>> stats_ = lexical_stats(cnb.tokenize(cnb.load_corpus()))
    >>> stats_.columns.tolist()
    ['doc_id', 'tokens', 'types', 'ttr', 'mattr', 'hapaxes', 'hapax_share']
    """
    check_term(tokens, term)
    groups = group_columns(by)
    terms = tokens[term]  # types are told apart by their codes: no string per token
    frame = keyed(tokens, groups).assign(
        _term=terms.cat.codes.to_numpy() if isinstance(terms.dtype, pd.CategoricalDtype)
        else terms.to_numpy())
    if groups:
        parts = frame.groupby(groups, sort=False, observed=True)
    else:
        parts = [((), frame)] if len(frame) else []  # an empty table has no group
    rows = [_lexical_row(key, part["_term"].to_numpy(), window) for key, part in parts]
    table = pd.DataFrame(rows, columns=[*groups, *_LEXICAL_TYPES])
    return table.astype(_LEXICAL_TYPES)  # the same types when there are no rows


_LEXICAL_TYPES = {"tokens": "int64", "types": "int64", "ttr": "float64", "mattr": "float64",
                  "hapaxes": "int64", "hapax_share": "float64"}


def _lexical_row(key: tuple, terms: np.ndarray, window: int) -> list:
    """One group's row; ``key`` is the group's values (a tuple), ``terms`` never empty."""
    counts = pd.Series(terms).value_counts()
    n, types, hapaxes = len(terms), len(counts), int((counts == 1).sum())
    return [*key, n, types, types / n, mattr(terms, window), hapaxes, hapaxes / types]


def mattr(terms: Sequence, window: int = 500) -> float:
    """Moving-average type-token ratio of a sequence of terms.

    A sequence shorter than ``window`` is one window (its type-token ratio);
    an empty one gives NaN.

    Examples
    --------
    >>> float(mattr(["a", "b", "a", "c"], window=2))  # windows ab, ba, ac: all 2/2
    1.0
    >>> float(mattr(["a", "a", "a", "b"], window=2))  # aa, aa, ab: (1/2 + 1/2 + 1) / 3
    0.6666666666666666
    """
    n = len(terms)
    if n == 0:
        return np.nan
    window = min(window, n)  # a text shorter than the window is one window
    # The sum of every window's types, counted by position: position p adds one to each
    # window that holds it and not its term's previous occurrence, the windows that start
    # in [max(p - window + 1, previous + 1, 0), min(p, n - window)].
    codes = pd.factorize(pd.Series(terms))[0]
    order = np.argsort(codes, kind="stable")
    previous = np.full(n, -1, dtype=np.int64)
    same = codes[order[1:]] == codes[order[:-1]]
    previous[order[1:][same]] = order[:-1][same]
    p = np.arange(n, dtype=np.int64)
    first = np.maximum(np.maximum(p - window + 1, previous + 1), 0)
    last = np.minimum(p, n - window)
    total = int(np.maximum(last - first + 1, 0).sum())
    return total / ((n - window + 1) * window)


def zipf(tokens: pd.DataFrame, *, term: str = "norm") -> pd.DataFrame:
    """The rank-frequency (Zipf) table of the whole token table.

    Returns
    -------
    pandas.DataFrame
        rank (1 = most frequent; ties broken by term), term, count, proportion,
        rank_times_proportion (roughly constant where Zipf's law holds).

    Examples
    --------
    >>> import corpusnb as cnb
    >>> zipf(cnb.tokenize(cnb.load_corpus())).iloc[0]["term"]
    'the'
    """
    table = frequencies(tokens, term=term, stop=True)[["term", "count"]]
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    table["proportion"] = table["count"] / table["count"].sum()
    table["rank_times_proportion"] = table["rank"] * table["proportion"]
    return table


# ---------------------------------------------------------------- keyness

def log_likelihood(a, b, c, d) -> np.ndarray:
    """Dunning's log-likelihood G² of 2×2 tables [[a, b], [c, d]] (vectorised).

    ``a``/``b`` are the term's counts in target/reference, ``c``/``d`` the other
    tokens' counts. Cells of 0 contribute 0 (the limit of O·ln(O/E)).

    Examples
    --------
    >>> round(float(log_likelihood(10, 0, 90, 100)), 4)
    14.3895
    """
    from scipy import special  # imported where used: import corpusnb stays quick

    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    n = a + b + c + d
    first_row, second_row, first_col, second_col = a + b, c + d, a + c, b + d
    shape = np.broadcast(a, b, c, d).shape
    total, expected, ratio = np.zeros(shape), np.empty(shape), np.empty(shape)
    for observed, row, col in ((a, first_row, first_col), (b, first_row, second_col),
                               (c, second_row, first_col), (d, second_row, second_col)):
        np.multiply(row, col, out=expected)
        expected /= n
        ratio.fill(1.0)  # O/E; a cell of 0 contributes 0·ln 1
        np.divide(observed, expected, out=ratio, where=observed > 0)
        total += special.xlogy(observed, ratio)
    return 2 * total


def log_ratio(a, b, target_total, reference_total) -> np.ndarray:
    """Hardie's log ratio: log2 of the ratio of relative frequencies.

    A zero count is replaced by 0.5 so that the ratio stays finite.

    Examples
    --------
    >>> float(log_ratio(20, 10, 1000, 1000))
    1.0
    """
    a = np.where(np.asarray(a) == 0, 0.5, a)
    b = np.where(np.asarray(b) == 0, 0.5, b)
    return np.log2((a / target_total) / (b / reference_total))


def keyness(tokens: pd.DataFrame, target: str | Sequence[str],
            reference: str | Sequence[str] | None = None, *, term: str = "norm",
            min_count: int = 3, alpha: float = 0.05, correction: str | None = "bonferroni",
            engine: str | None = None) -> pd.DataFrame:
    """Keywords of target documents against a reference: G², p and log ratio.

    Each term gets the 2×2 table of its count against all other word tokens of
    the rows passed in, in target and in reference. ``g2`` is Dunning's
    log-likelihood (Rayson & Garside 2000) signed negative where the term is
    relatively rarer in the target (a negative keyword); ``p`` its chi-squared
    p-value with 1 degree of freedom; ``log_ratio`` Hardie's effect size
    (log2 of the ratio of relative frequencies; +1 = twice as frequent).

    Parameters
    ----------
    tokens : pandas.DataFrame
        The token table; drop stopwords first to leave them out of the totals.
    target, reference : str, list of str, or dict
        Document ids, or a selection of documents by metadata such as
        ``{"party": "Greens"}`` or ``{"year": [2019, 2020]}`` (every field
        must match). Without a reference, the target is compared with the
        rest of the table.
    term : {"norm", "lemma", "token"}
    min_count : int, default 3
        Leave out terms with fewer occurrences in target and reference together.
    alpha : float, default 0.05
    correction : {"bonferroni", None}
        With "bonferroni", ``significant`` tests ``p < alpha / m`` for the m terms
        reported, since a small corpus yields many chance keywords.
    engine : {None, "local", "dask"}
        For a token store in place of the table: read it a part at a time
        here, or on the current ``dask.distributed`` client.

    Returns
    -------
    pandas.DataFrame
        term, target_count, reference_count, target_per_10k, reference_per_10k,
        g2, p, log_ratio, significant; sorted by signed g2 descending (positive
        keywords first, negative keywords last), ties by term. An empty token
        table gives an empty table with these columns.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> key = keyness(cnb.tokenize(cnb.load_corpus()), "lrb-2015")
    >>> key.iloc[0]["term"]
    'putin'
    """
    if _is_store(tokens):
        from corpusnb.engine import chunked

        return chunked.keyness(tokens, target, reference, term=term, min_count=min_count,
                               alpha=alpha, correction=correction, engine=engine)
    check_term(tokens, term)
    target_ids = reference_ids = []  # an empty table gives an empty table of keywords
    if len(tokens):
        target, reference = _selection(tokens, target), _selection(tokens, reference)
        target_ids, reference_ids = _split_ids(tokens, target, reference)
    counts, target_total, reference_total = _keyness_counts(tokens, term, target_ids,
                                                            reference_ids)
    counts = counts[counts.sum(axis=1) >= min_count]
    return _keyness_table(counts, target_total, reference_total, alpha, correction)


def _keyness_counts(tokens: pd.DataFrame, term: str, target_ids, reference_ids
                    ) -> tuple[pd.DataFrame, int, int]:
    """Each term's count in the target and the reference rows (terms found in either),
    and the two row totals; counted on codes, no string per row."""
    t, terms = _coded(tokens[term])
    doc, ids = _coded(tokens["doc_id"])
    side = np.zeros(len(ids) + 1, dtype=np.int8)  # per document code (-1: last): 0, 1, 2
    side[:-1][pd.Index(ids.astype(str)).isin(list(target_ids))] = 1
    side[:-1][pd.Index(ids.astype(str)).isin(list(reference_ids))] = 2
    row_side = side[doc]
    valid = t >= 0
    target = np.bincount(t[valid & (row_side == 1)], minlength=len(terms))
    reference = np.bincount(t[valid & (row_side == 2)], minlength=len(terms))
    present = np.flatnonzero(target + reference)
    counts = pd.DataFrame({"target_count": target[present].astype(np.int64),
                           "reference_count": reference[present].astype(np.int64)},
                          index=pd.Index(pd.array(terms[present], dtype="str")))
    return counts, int((row_side == 1).sum()), int((row_side == 2).sum())


def _selection(tokens: pd.DataFrame, chosen):
    """Document ids for a metadata selection ({field: value or values}); ids pass through."""
    if not isinstance(chosen, dict):
        return chosen
    ids = pd.Index(_present_ids(tokens))
    meta = metadata_of(tokens, None).reindex(ids)
    keep = np.ones(len(ids), dtype=bool)
    for field, wanted in chosen.items():
        if field not in meta.columns:
            raise ValueError(f"no metadata field {field!r}; the fields are "
                             f"{', '.join(map(str, meta.columns))}")
        wanted = list(wanted) if isinstance(wanted, (list, tuple, set)) else [wanted]
        keep &= meta[field].isin(wanted).to_numpy()
    if not keep.any():
        values = sorted(map(str, pd.unique(meta[list(chosen)].stack())))
        raise ValueError(f"no document of this table matches {chosen}; the values there "
                         f"are {values}")
    return list(ids[keep])


def _present_ids(tokens: pd.DataFrame) -> list[str]:
    """The documents with rows in the table, in reading order (unique values first, then
    made strings: no string per row)."""
    return list(pd.unique(pd.Series(tokens["doc_id"].unique()).astype(str)))


def _split_ids(tokens, target, reference) -> tuple[list[str], list[str]]:
    ids = _present_ids(tokens)
    target = [target] if isinstance(target, str) else list(target)
    if reference is None:
        reference = [i for i in ids if i not in target]
    reference = [reference] if isinstance(reference, str) else list(reference)
    missing = [i for i in [*target, *reference] if i not in ids]
    if missing:
        raise ValueError(f"no tokens for documents {missing}; the table has {ids}")
    if not reference or set(target) & set(reference):
        raise ValueError("target and reference must be non-empty and must not overlap")
    return target, reference


def _keyness_table(counts: pd.DataFrame, target_total: int, reference_total: int,
                   alpha: float, correction: str | None) -> pd.DataFrame:
    from scipy import stats  # imported where used: import corpusnb stays quick

    a, b = counts["target_count"].to_numpy(), counts["reference_count"].to_numpy()
    g2 = log_likelihood(a, b, target_total - a, reference_total - b)
    sign = np.where(a / target_total >= b / reference_total, 1.0, -1.0)
    table = counts.rename_axis("term").reset_index()
    table["target_per_10k"] = a / target_total * 1e4
    table["reference_per_10k"] = b / reference_total * 1e4
    table["g2"] = sign * g2
    table["p"] = stats.chi2.sf(g2, df=1)
    table["log_ratio"] = log_ratio(a, b, target_total, reference_total)
    threshold = alpha / max(len(table), 1) if correction == "bonferroni" else alpha
    table["significant"] = table["p"] < threshold
    table = table.sort_values(["g2", "term"], ascending=[False, True])
    return table.reset_index(drop=True)
