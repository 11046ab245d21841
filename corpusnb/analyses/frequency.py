"""Counting: term frequencies, TF-IDF, lexical statistics, Zipf tables and keyness.

Every function counts the rows it is given: drop stopwords or documents from the
token table first, or use the ``stop`` argument, and the totals follow.
Relative frequencies are per 10,000 word tokens of the group (document,
section or corpus), stopwords included, so that a rate never depends on which
words were filtered out of the list shown.
"""
from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd

import corpusnb.analyses._counting as _counting
from corpusnb.analyses._counting import (check_term, check_term_name, field_metadata,
                                         group_columns)
from corpusnb.engine.run import Analysis, Part, run

__all__ = ["docvar", "frequencies", "keyness", "lexical_stats", "log_likelihood",
           "log_ratio", "mattr", "tfidf", "zipf"]


def frequencies(tokens: pd.DataFrame, *, by: str | None = None, term: str = "norm",
                stop: bool = False, min_count: int = 1, engine: str | None = None
                ) -> pd.DataFrame:
    """Term counts and rates, for the corpus or by document or section.

    Parameters
    ----------
    tokens : pandas.DataFrame or Store
        The token table (or rows of it), or a token store (:func:`corpusnb.index`),
        read a part at a time (only the columns counted): a document's or a section's
        counts are exact in its part, a group spanning parts adds up its parts' counts.
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
        For a token store: count its parts here, or on the current
        ``dask.distributed`` client (a table is one part, counted there too).

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
    return run(_Frequencies(by, term, stop, min_count), tokens, engine=engine)


_DOCUMENT_GROUPS = ("doc_id", "section")  # groups within a document: never across parts


class _Frequencies(Analysis):
    """:func:`frequencies`: each part's table of counts (today's coded computation), and
    its groups' totals; parts' tables of groups that span parts (the corpus, a field's
    value) are added up, a document's or a section's are exact in its part."""

    def __init__(self, by: str | None, term: str, stop: bool, min_count: int) -> None:
        check_term_name(term)
        self.groups, self.term, self.stop, self.min_count = group_columns(by), term, stop, \
            min_count
        self.within_documents = "doc_id" in self.groups
        self.columns = tuple(dict.fromkeys(
            ["doc_id", *[g for g in self.groups if g in _DOCUMENT_GROUPS], term,
             *([] if stop else ["is_stop"])]))
        self.metadata = None

    def prepare(self, source) -> None:
        self.metadata = _fields_metadata(source, self.groups)

    def count(self, part: Part) -> tuple[pd.DataFrame, pd.DataFrame]:
        # min_count is applied here only to groups that no other part can add to; the
        # others keep every term seen (count 0 for a stopword), whose documents add up
        if self.within_documents:
            return _frequency_table(part.tokens, self.groups, self.term, self.stop,
                                    self.min_count, self.metadata)
        return _frequency_table(part.tokens, self.groups, self.term, self.stop, 0,
                                self.metadata, every=True)

    def combine(self, partials) -> pd.DataFrame:
        partials = iter(partials)
        first, second = next(partials), next(partials, None)
        if second is None:  # a table: today's table, as it was counted
            table = first[0]
            if self.within_documents or (self.stop and self.min_count <= 1):
                return table
            kept = table["count"].to_numpy() >= max(self.min_count, 1)
            return table[kept].reset_index(drop=True)
        partials = itertools.chain([first, second], partials)
        if self.within_documents:  # each group in one part: the parts' tables in order
            table = pd.concat([p[0] for p in partials], ignore_index=True)
            return table.sort_values(self.groups, kind="stable", ignore_index=True)
        return _added_frequencies(partials, self.groups, self.min_count, self.metadata)


def _fields_metadata(source, groups: list[str]) -> pd.DataFrame | None:
    """The corpus's metadata when a group is a metadata field (None when none is, or
    when a table has lost its corpus: a field that is a column of it still counts)."""
    if all(g in _DOCUMENT_GROUPS for g in groups):
        return None
    try:
        return source.metadata
    except ValueError:
        return None


def _added_frequencies(partials, groups: list[str], min_count: int,
                       metadata: pd.DataFrame | None = None) -> pd.DataFrame:
    """The parts' counts, documents and group totals added up as they come, then scored
    and sorted as one table is (a field's values of the metadata's type: a part that
    holds only True of a field of True, False and missing gives bool, the table object)."""
    counts, totals = _Sums([*groups, "term"]), _Sums(groups)
    for table, sizes in partials:
        counts.add(table[[*groups, "term", "count", "docs"]])
        totals.add(sizes)
    counts, totals = counts.result(), totals.result()
    counts = counts[counts["count"].to_numpy() >= max(min_count, 1)]
    counts = counts.sort_values([*groups, "count", "term"],
                                ascending=[*[True] * len(groups), False, True],
                                kind="stable", ignore_index=True)
    if groups:
        total = totals.set_index(groups)["total"]
        total = total.reindex(pd.MultiIndex.from_frame(counts[groups]) if len(groups) > 1
                              else pd.Index(counts[groups[0]])).to_numpy()
    else:
        total = np.full(len(counts), int(totals["total"].sum()))
    count = counts["count"].to_numpy().astype(np.int64)
    table = {"term": counts["term"].astype("str")}
    for name in groups:
        table[name] = counts[name]
        if metadata is not None and name in metadata.columns and \
                metadata[name].dtype == object and table[name].dtype != object:
            table[name] = table[name].astype(object)
    table["count"] = count
    table["per_10k"] = count / total.astype(float) * 1e4
    table["docs"] = counts["docs"].to_numpy().astype(np.int64)
    return pd.DataFrame(table)


class _Sums:
    """Rows of numbers keyed by some columns, added up as parts come: what is pending is
    summed when it outgrows what was summed, so memory holds about the distinct keys."""

    def __init__(self, keys: list[str], least: int = 1 << 16) -> None:
        self.keys, self.frames, self.summed, self.pending = keys, [], 0, 0
        self.least = least  # rows pending before they are summed, at least

    def add(self, frame: pd.DataFrame) -> None:
        self.frames.append(frame)
        self.pending += len(frame)
        if self.pending > max(self.summed, self.least):
            self.frames = [self.result()]
            self.summed, self.pending = len(self.frames[0]), 0

    def result(self) -> pd.DataFrame:
        frame = pd.concat(self.frames, ignore_index=True)
        if not self.keys:
            return frame.sum().to_frame().T
        return frame.groupby(self.keys, sort=False).sum().reset_index()


def _frequency_table(tokens: pd.DataFrame, groups: list[str], term: str, stop: bool,
                     min_count: int, metadata: pd.DataFrame | None = None,
                     every: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`frequencies` of a table (counted on codes: no string per row), and the
    word tokens of each of its groups (the groups' columns and ``total``). With
    ``every`` (and min_count 0) the terms left out as stopwords are in the table too,
    with a count of 0 and the documents they occur in (that other parts add to)."""
    check_term(tokens, term)
    t, terms = _coded(tokens[term])
    g, group_values = _group_codes(tokens, groups, metadata)
    valid = (g >= 0) & (t >= 0)
    totals = np.bincount(g[valid], minlength=len(group_values))
    kept = valid if stop else valid & ~tokens["is_stop"].to_numpy(dtype=bool)
    size = len(group_values) * len(terms)
    pair, count = _counted(g[kept] * len(terms) + t[kept], size)
    if every and not stop:  # terms seen only as stopwords too, counted 0: their documents
        seen, _ = _counted(g[valid] * len(terms) + t[valid], size)
        count_of_seen = np.zeros(len(seen), dtype=count.dtype)
        count_of_seen[np.searchsorted(seen, pair)] = count
        pair, count = seen, count_of_seen
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
    sizes = {name: values for name, values in zip(groups, group_values.columns)}
    sizes["total"] = totals.astype(np.int64)
    return pd.DataFrame(table), pd.DataFrame(sizes)


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


def _group_codes(tokens: pd.DataFrame, groups: list[str], metadata: pd.DataFrame | None = None
                 ) -> tuple[np.ndarray, _Groups]:
    """Each row's group number (-1 where a grouping value is missing) and the groups
    (a metadata field's values from ``metadata``, or the table's corpus)."""
    if not groups:
        return np.zeros(len(tokens), dtype=np.int64), _Groups([])
    combined = np.zeros(len(tokens), dtype=np.int64)
    missing = np.zeros(len(tokens), dtype=bool)
    coded = []
    for name in groups:
        codes, values = _coded(tokens[name]) if name in tokens.columns else \
            _field_codes(tokens, name, metadata)
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


def _field_codes(tokens: pd.DataFrame, field: str, metadata: pd.DataFrame | None = None
                 ) -> tuple[np.ndarray, pd.Index]:
    """:func:`_coded` of ``docvar(tokens, field)``, coded once per document and taken by
    the rows' document codes (no value per row is made)."""
    doc = tokens["doc_id"]
    if not isinstance(doc.dtype, pd.CategoricalDtype):
        return _coded(_counting.docvar(tokens, field, metadata))
    meta = field_metadata(tokens, field, metadata)
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


def docvar(tokens: pd.DataFrame, field: str, metadata: pd.DataFrame | None = None, *,
           engine: str | None = None) -> pd.Series:
    """The value of a document metadata field for every row of a token table.

    Metadata is joined on doc_id, never copied into the table: the values are
    looked up once per document and taken by the rows' document codes.

    Parameters
    ----------
    tokens : pandas.DataFrame or Store
        From :func:`corpusnb.tokenize` (or rows of it), which knows its corpus; or a
        token store (:func:`corpusnb.index`), read a part at a time (only its doc_id
        column): a value for every row of the store in reading order, indexed
        0 .. n - 1 as ``store.tokens()`` is.
    field : str
        A column of ``corpus.metadata`` (year, party, language, ...).
    metadata : pandas.DataFrame, optional
        Metadata indexed by doc_id, for a table that has lost its corpus.
    engine : {None, "local", "dask"}
        For a token store: read its parts here, or on the current
        ``dask.distributed`` client.

    Returns
    -------
    pandas.Series
        Aligned with ``tokens``; NaN where a document has no value.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> tokens = cnb.tokenize(cnb.load_corpus())
    >>> docvar(tokens, "year").iloc[[0, -1]].tolist()
    [2012, 2018]
    """
    return run(_Docvar(field, metadata), tokens, engine=engine)


class _Docvar(Analysis):
    """:func:`docvar`: each part's rows' values (numbered by their row in the whole
    table), put end to end."""

    columns = ("doc_id",)

    def __init__(self, field: str, metadata: pd.DataFrame | None) -> None:
        self.field, self.metadata = field, metadata

    def prepare(self, source) -> None:
        meta = source.metadata if self.metadata is None else self.metadata
        self.metadata = field_metadata(None, self.field, meta)[[self.field]]

    def count(self, part: Part) -> pd.Series:
        values = _counting.docvar(part.tokens, self.field, self.metadata)
        if part.offset:
            values.index = values.index + part.offset
        return values

    def combine(self, partials) -> pd.Series:
        partials = list(partials)
        return partials[0] if len(partials) == 1 else pd.concat(partials)


def tfidf(tokens: pd.DataFrame, *, term: str = "norm", stop: bool = False,
          engine: str | None = None) -> pd.DataFrame:
    """TF-IDF of each term in each document.

    ``tf`` is the term's share of the document's word tokens; ``idf`` is
    ``log10(N / df)`` over the N documents of the table (quanteda's default
    "inverse" weight), so a term found in every document scores 0.

    Parameters
    ----------
    tokens : pandas.DataFrame or Store
        The token table (or rows of it), or a token store (:func:`corpusnb.index`),
        read a part at a time: a document's counts are its part's, ``df`` and N
        are added up over the parts.
    term : {"norm", "lemma", "token"}
    stop : bool, default False
        Include stopwords among the terms (``tf`` counts them in the total either way).
    engine : {None, "local", "dask"}
        For a token store: count its parts here, or on the current
        ``dask.distributed`` client.

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
    return run(_Tfidf(term, stop), tokens, engine=engine)


class _Tfidf(Analysis):
    """:func:`tfidf`: each part's documents' counts and tf (exact in their part), and
    how many documents it has; idf is scored over them all."""

    def __init__(self, term: str, stop: bool) -> None:
        check_term_name(term)
        self.term, self.stop = term, stop
        self.columns = ("doc_id", term, *([] if stop else ["is_stop"]))

    def count(self, part: Part) -> tuple[pd.DataFrame, int]:
        tokens = part.tokens
        counts = _frequency_table(tokens, ["doc_id"], self.term, self.stop, 1)[0]
        totals = tokens["doc_id"].value_counts()
        counts["tf"] = counts["count"] / counts["doc_id"].map(totals).astype(float)
        return counts.drop(columns=["per_10k", "docs"]), int(tokens["doc_id"].nunique())

    def combine(self, partials) -> tuple[pd.DataFrame, int]:
        partials = list(partials)
        if len(partials) == 1:
            return partials[0]
        return (pd.concat([p[0] for p in partials], ignore_index=True),
                sum(p[1] for p in partials))

    def finish(self, combined: tuple[pd.DataFrame, int]) -> pd.DataFrame:
        counts, n_docs = combined
        df = counts["term"].map(counts["term"].value_counts())  # a row per document and term
        counts["idf"] = np.log10(n_docs / df.to_numpy(dtype=float))
        counts["tf_idf"] = counts["tf"] * counts["idf"]
        counts = counts.sort_values(["doc_id", "tf_idf", "term"], ascending=[True, False, True])
        return counts[["term", "doc_id", "count", "tf", "idf", "tf_idf"]].reset_index(drop=True)


def lexical_stats(tokens: pd.DataFrame, *, by: str | None = "doc_id", term: str = "norm",
                  window: int = 500, engine: str | None = None) -> pd.DataFrame:
    """Vocabulary statistics: tokens, types, type-token ratio, MATTR, hapaxes.

    The type-token ratio falls as a text grows, so texts of different lengths
    are compared with MATTR (Covington & McFall 2010): the mean type-token ratio
    of every window of ``window`` consecutive tokens (the plain ratio when a
    group is shorter than the window).

    Parameters
    ----------
    tokens : pandas.DataFrame or Store
        The token table (or rows of it), or a token store (:func:`corpusnb.index`),
        read a part at a time: a document's statistics are exact in its part; a group
        that spans parts (the corpus, a field's value) adds up its parts' term counts
        and windows, the windows across a part's edge included.
    by : None, "doc_id", "section" or a metadata field
    term : {"norm", "lemma", "token"}
    window : int, default 500
    engine : {None, "local", "dask"}
        For a token store: count its parts here, or on the current
        ``dask.distributed`` client.

    Returns
    -------
    pandas.DataFrame
        [doc_id, [section]] or [field], tokens, types, ttr, mattr, hapaxes (types
        seen once), hapax_share (hapaxes / types); a row per group in order of first
        appearance.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> stats_ = lexical_stats(cnb.tokenize(cnb.load_corpus()))
    >>> stats_.columns.tolist()
    ['doc_id', 'tokens', 'types', 'ttr', 'mattr', 'hapaxes', 'hapax_share']
    """
    return run(_LexicalStats(by, term, window), tokens, engine=engine)


_LEXICAL_TYPES = {"tokens": "int64", "types": "int64", "ttr": "float64", "mattr": "float64",
                  "hapaxes": "int64", "hapax_share": "float64"}


class _LexicalStats(Analysis):
    """:func:`lexical_stats`: a :class:`_Stretch` per group of each part; a group's
    stretches in consecutive parts are joined (:class:`_Joined`)."""

    def __init__(self, by: str | None, term: str, window: int) -> None:
        check_term_name(term)
        self.groups, self.term, self.window = group_columns(by), term, window
        self.within_documents = "doc_id" in self.groups
        self.columns = tuple(dict.fromkeys(
            ["doc_id", *[g for g in self.groups if g in _DOCUMENT_GROUPS], term]))
        self.metadata = None

    def prepare(self, source) -> None:
        self.metadata = _fields_metadata(source, self.groups)

    def count(self, part: Part) -> list[_Stretch]:
        tokens = part.tokens
        check_term(tokens, self.term)
        terms = tokens[self.term]  # types are told apart by their codes: no string per token
        coded = isinstance(terms.dtype, pd.CategoricalDtype)
        vocabulary = pd.Index(terms.cat.categories) if coded else None
        frame = pd.DataFrame({c: tokens[c] if c in tokens.columns else
                              _counting.docvar(tokens, c, self.metadata)
                              for c in self.groups}, index=tokens.index).assign(
            _term=terms.cat.codes.to_numpy() if coded else terms.to_numpy())
        if self.groups:
            parts = frame.groupby(self.groups, sort=False, observed=True)
        else:
            parts = [((), frame)] if len(frame) else []  # an empty table has no group
        return [_Stretch(key, group["_term"].to_numpy(), self.window, vocabulary)
                for key, group in parts]

    def combine(self, partials) -> dict:
        joined: dict = {}  # group key -> its stretches joined, in order of first appearance
        for stretches in partials:
            for stretch in stretches:
                if self.within_documents:  # no other part has the group: its row now
                    joined[stretch.key] = _Joined(stretch).row()
                elif stretch.key in joined:
                    joined[stretch.key].add(stretch)
                else:
                    joined[stretch.key] = _Joined(stretch)
        return joined

    def finish(self, combined: dict) -> pd.DataFrame:
        rows = [[*key, *(group.row() if isinstance(group, _Joined) else group)]
                for key, group in combined.items()]
        table = pd.DataFrame(rows, columns=[*self.groups, *_LEXICAL_TYPES])
        return table.astype(_LEXICAL_TYPES)  # the same types when there are no rows


class _Stretch:
    """A group's consecutive rows in one part: their number, each term's count, the
    types summed over every window inside them (:func:`_window_types`), and their first
    and last ``window - 1`` terms (the windows across the part's edges)."""

    def __init__(self, key: tuple, terms: np.ndarray, window: int,
                 vocabulary: pd.Index | None) -> None:
        self.key, self.window, self.vocabulary = key, window, vocabulary
        self.n = len(terms)
        self.counts = pd.Series(terms).value_counts()
        self.inner = _window_types(terms, window)
        edge = max(window - 1, 0)
        self.head, self.tail = terms[:edge].copy(), terms[max(len(terms) - edge, 0):].copy()

    def values(self, terms) -> np.ndarray:
        """Terms (the part's codes) as values, comparable across parts."""
        terms = np.asarray(terms)
        if self.vocabulary is None:
            return terms.astype(object)
        return np.asarray(self.vocabulary.take(terms), dtype=object)


class _Joined:
    """One group's stretches in reading order, joined: counts added, the windows inside
    each stretch and across each junction summed (a window across a junction lies in the
    last ``window - 1`` terms so far and the next stretch's first ``window - 1``)."""

    def __init__(self, stretch: _Stretch) -> None:
        self.first, self.stretches = stretch, 1
        self.n, self.total, self.window = stretch.n, stretch.inner, stretch.window

    def add(self, stretch: _Stretch) -> None:
        if self.stretches == 1:  # from now on in values, not one part's codes
            first = self.first
            self.counts = [first.counts.set_axis(first.values(first.counts.index))]
            self.last = first.values(first.tail)
            self.first = None  # nor the part's vocabulary
        self.stretches += 1
        self.n += stretch.n
        self.total += stretch.inner
        head = stretch.values(stretch.head)
        self.total += _window_types(np.concatenate([self.last, head]), self.window)
        edge = max(self.window - 1, 0)
        joined = np.concatenate([self.last, stretch.values(stretch.tail)])
        self.last = joined[max(len(joined) - edge, 0):]
        self.counts.append(stretch.counts.set_axis(stretch.values(stretch.counts.index)))
        if len(self.counts) > 16:  # added up now and then: about one count per type held
            self.counts = [self._summed()]

    def _summed(self) -> pd.Series:
        return pd.concat(self.counts).groupby(level=0, sort=False).sum()

    def row(self) -> list:
        """tokens, types, ttr, mattr, hapaxes, hapax_share."""
        if self.stretches == 1:
            counts = self.first.counts
        else:
            counts = self._summed()
        n, types, hapaxes = self.n, len(counts), int((counts == 1).sum())
        if n >= self.window:
            mattr_ = self.total / ((n - self.window + 1) * self.window)
        else:  # a group shorter than the window is one window
            mattr_ = types / n
        return [n, types, types / n, mattr_, hapaxes, hapaxes / types]


def _window_types(terms: Sequence, window: int) -> int:
    """The number of types of every window of ``window`` consecutive terms, summed
    (0 when there are fewer terms than that)."""
    n = len(terms)
    if n < window or n == 0:
        return 0
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
    return int(np.maximum(last - first + 1, 0).sum())


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
    total = _window_types(terms, window)
    return total / ((n - window + 1) * window)


def zipf(tokens: pd.DataFrame, *, term: str = "norm", engine: str | None = None
         ) -> pd.DataFrame:
    """The rank-frequency (Zipf) table of the whole token table.

    Parameters
    ----------
    tokens : pandas.DataFrame or Store
        The token table (or rows of it), or a token store (:func:`corpusnb.index`),
        read a part at a time (the parts' counts are added up).
    term : {"norm", "lemma", "token"}
    engine : {None, "local", "dask"}
        For a token store: count its parts here, or on the current
        ``dask.distributed`` client.

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
    return run(_Zipf(None, term, True, 1), tokens, engine=engine)


class _Zipf(_Frequencies):
    """:func:`zipf`: the corpus's frequencies, stopwords and all, ranked."""

    def finish(self, combined: pd.DataFrame) -> pd.DataFrame:
        table = combined[["term", "count"]]
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
    tokens : pandas.DataFrame or Store
        The token table; drop stopwords first to leave them out of the totals
        (``store.without_stopwords()`` for a token store). A token store is read a part
        at a time (doc_id and ``term`` only), its parts' counts added up.
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
        For a token store: count its parts here, or on the current
        ``dask.distributed`` client.

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
    return run(_Keyness(target, reference, term, min_count, alpha, correction), tokens,
               engine=engine)


class _Keyness(Analysis):
    """:func:`keyness`: the target and reference documents are chosen over the whole
    corpus (:meth:`prepare`), each part counts their terms, the counts add up."""

    def __init__(self, target, reference, term: str, min_count: int, alpha: float,
                 correction: str | None) -> None:
        check_term_name(term)
        self.target, self.reference, self.term = target, reference, term
        self.min_count, self.alpha, self.correction = min_count, alpha, correction
        self.columns = ("doc_id", term)
        self.target_ids = self.reference_ids = []  # no document: an empty table

    def prepare(self, source) -> None:
        ids = source.ids()
        if ids:
            target = _selection(ids, source, self.target)
            reference = _selection(ids, source, self.reference)
            self.target_ids, self.reference_ids = _split_ids(ids, target, reference)
        self.target = self.reference = None  # chosen: not sent to the parts

    def count(self, part: Part) -> tuple[pd.DataFrame, int, int]:
        check_term(part.tokens, self.term)
        return _keyness_counts(part.tokens, self.term, self.target_ids, self.reference_ids)

    def combine(self, partials) -> tuple[pd.DataFrame, int, int]:
        partials = iter(partials)
        first, second = next(partials), next(partials, None)
        if second is None:  # a table
            return first
        counts, target, reference = _Sums(["term"]), 0, 0
        for part_counts, part_target, part_reference in itertools.chain([first, second],
                                                                        partials):
            counts.add(part_counts.rename_axis("term").reset_index())
            target, reference = target + part_target, reference + part_reference
        return counts.result().set_index("term").rename_axis(None), target, reference

    def finish(self, combined: tuple[pd.DataFrame, int, int]) -> pd.DataFrame:
        counts, target_total, reference_total = combined
        counts = counts[counts.sum(axis=1) >= self.min_count]
        return _keyness_table(counts, target_total, reference_total, self.alpha,
                              self.correction)


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


def _selection(ids: list[str], source, chosen):
    """Document ids for a metadata selection ({field: value or values}) among ``ids`` (the
    documents with rows, in reading order); ids pass through."""
    if not isinstance(chosen, dict):
        return chosen
    ids = pd.Index(ids)
    meta = source.metadata.reindex(ids)
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


def _split_ids(ids: list[str], target, reference) -> tuple[list[str], list[str]]:
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
