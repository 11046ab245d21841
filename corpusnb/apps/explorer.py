"""The explorer's model: every pane of ``cnb.explore`` as a table, for one pattern.

:class:`Explorer` takes a token table once, builds a **positions index** (the rows
of each term, as one array sorted by term: 4 bytes per token plus 8 per distinct
term) and then answers a pattern of the pattern language in the time it takes to
look up the terms it matches, not to scan the table. Every table it returns is the
one a library function gives for the same pattern (the tests compare them):

========================  ===============================================
``Explorer`` method       equal to
========================  ===============================================
``hits``                  ``cnb.find(tokens, pattern)`` (rows, offsets)
``kwic(sort=...)``        ``cnb.kwic(tokens, pattern, window=, sort=)``
``counts(by=...)``        ``cnb.theme_frequencies(tokens, {p: [p]}, by=)``
``dispersion()``          ``cnb.dispersion(tokens, pattern)``
``collocates(...)``       ``cnb.cooccurrence(tokens, window=, min_count=1)``
                          rows of the pattern's word (a glob's words
                          counted as one node)
``theme_lines(theme)``    ``cnb.theme_hits(tokens, themes.loc[[theme]])``
========================  ===============================================

Collocates are counted in the running text, stopwords included, as AntConc does
(``hide_stopwords`` only hides them from the list): the window is ``window``
tokens on each side of the whole match, within its document, and positions that
are themselves hits of the pattern are not collocates. Scores are those of
:func:`corpusnb.analyses.cooccurrence` with the node's frequency the number of hits: PMI
with the span-adjusted expected count 2·window·f(node)·f(term)/N, log-Dice, and
signed G².

The widgets over this model are in :mod:`corpusnb.apps.explorer_view`
(:func:`explore`).
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from corpusnb.analyses._lines import check_options, cut_lines
from corpusnb.analyses.concordance import Concordance
from corpusnb.analyses._pairs import measures as _measures
from corpusnb.analyses._counting import group_columns, metadata_of, plain
from corpusnb.tokens.patterns import HIT_COLUMNS as PATTERN_HIT_COLUMNS
from corpusnb.tokens._matching import elements as pattern_elements, matched_norms
from corpusnb.tokens.patterns import compile_element
from corpusnb.analyses._themes import _as_themes, _mentions
from corpusnb.tokens.tokens import corpus_of, tokenize

__all__ = ["Explorer", "MEASURES", "folder_inside"]

MEASURES = ("count", "pmi", "logdice", "g2")
"""The association measures the collocates pane offers."""

HIT_COLUMNS = ["doc_id", "sent", "start", "end", "row", "length", "pattern"]


class Explorer:
    """Everything about one pattern at once: concordance, counts, dispersion,
    collocates; and the hits of a theme.

    Parameters
    ----------
    tokens_or_corpus : pandas.DataFrame, Corpus or Store
        A token table from :func:`corpusnb.tokenize` (or a corpus, tokenised here, or
        a token store, read whole).
    themes : DataFrame from :func:`corpusnb.load_themes`, or dict of theme -> patterns
        The themes the theme picker offers; default: the shipped themes.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> ex = Explorer(cnb.tokenize(cnb.load_corpus()))
    >>> ex.set_pattern("separatis*")
    23
    >>> ex.counts("doc_id")[["doc_id", "count"]].values.tolist()
    [['markedonov-2012', 21], ['lrb-2015', 0], ['kazakhstan-eu-2018', 2]]
    >>> ex.set_pattern("")
    Traceback (most recent call last):
    ValueError: empty search pattern ''; give a word, glob or phrase
    """

    def __init__(self, tokens_or_corpus, themes=None) -> None:
        from corpusnb.store.store import Store

        tokens = tokens_or_corpus
        if isinstance(tokens, Store):  # the explorer's index needs the table in memory
            tokens = tokens.tokens()
        elif not isinstance(tokens, pd.DataFrame):
            tokens = tokenize(tokens_or_corpus)
        self.tokens = tokens
        self.themes = _as_themes(themes)
        norm = tokens["norm"]
        if not isinstance(norm.dtype, pd.CategoricalDtype):
            norm = norm.astype("category")
        self.vocab = np.asarray(norm.cat.categories.astype(str), dtype=object)
        self.codes = norm.cat.codes.to_numpy().astype(np.int32)
        self.doc = _doc_codes(tokens)
        self.i = tokens["i"].to_numpy()
        self._index()
        self._texts = _all_texts(tokens)
        self._groups: dict[str, tuple] = {}
        self._theme_cache: dict[str, pd.DataFrame] = {}
        self._element_cache: dict[tuple, np.ndarray] = {}
        self.pattern, self.regex, self.rows, self.length = None, False, np.array([], int), 1

    # ------------------------------------------------------------ the index
    def _index(self) -> None:
        present = self.codes >= 0  # a missing norm (code -1) is in no term's list
        self.missing = not present.all()
        self.order = np.flatnonzero(present)[np.argsort(self.codes[present], kind="stable")]
        self.order = self.order.astype(np.int32 if len(self.codes) < 2 ** 31 else np.int64)
        self.frequency = np.bincount(self.codes[present], minlength=len(self.vocab))
        self.offsets = np.concatenate([[0], np.cumsum(self.frequency)])
        self.alphabetical = np.argsort(np.argsort(self.vocab, kind="stable"))  # rank by str
        stop = self.tokens["is_stop"].to_numpy() if "is_stop" in self.tokens else \
            np.zeros(len(self.codes), bool)
        self.stop = np.zeros(len(self.vocab), bool)
        self.stop[self.codes[present & stop]] = True
        # tokens of each document: one more than its last token index (as cnb.dispersion)
        last = pd.Series(self.i).groupby(self.doc).max()
        self.doc_length = np.zeros(int(self.doc.max()) + 1 if len(self.doc) else 0, np.int64)
        self.doc_length[last.index.to_numpy()] = last.to_numpy() + 1
        # first and last row of each document (a document's rows are consecutive)
        rows = pd.Series(np.arange(len(self.doc))).groupby(self.doc)
        self.doc_rows = tuple(np.zeros(len(self.doc_length), np.int64) for _ in range(2))
        self.doc_rows[0][rows.min().index.to_numpy()] = rows.min().to_numpy()
        self.doc_rows[1][rows.max().index.to_numpy()] = rows.max().to_numpy()

    @property
    def index_bytes(self) -> int:
        """Memory of the precomputed index (positions, offsets, frequencies, ranks,
        the codes and document numbers it reads), in bytes."""
        return sum(a.nbytes for a in (self.order, self.offsets, self.frequency,
                                      self.alphabetical, self.stop, self.codes, self.doc,
                                      self.doc_length, *self.doc_rows))

    def _element_terms(self, element: str, regex: bool) -> np.ndarray:
        """Which terms (a boolean per vocabulary entry) one pattern element matches."""
        key = (element, regex)
        if key not in self._element_cache:
            compiled = compile_element(element, regex=regex)
            self._element_cache[key] = np.fromiter(
                (bool(compiled.fullmatch(t)) for t in self.vocab), bool, len(self.vocab))
        return self._element_cache[key]

    def _positions(self, terms: np.ndarray) -> np.ndarray:
        """The rows of the terms marked, in reading order."""
        chosen = np.flatnonzero(terms)
        if not len(chosen):
            return np.array([], dtype=np.int64)
        parts = [self.order[self.offsets[c]:self.offsets[c + 1]] for c in chosen]
        return np.sort(np.concatenate(parts)).astype(np.int64)

    # ------------------------------------------------------------ a pattern
    def set_pattern(self, pattern: str, *, regex: bool = False) -> int:
        """Search ``pattern`` (pattern language; regular expressions with ``regex``);
        return the number of hits. An invalid pattern raises ValueError with the
        library's message and leaves the previous pattern in place."""
        elements = pattern_elements(pattern, regex)
        masks = [self._element_terms(e, regex) for e in elements]  # raises before change
        rows = self._positions(masks[0])
        n = len(self.codes)
        for k, mask in enumerate(masks[1:], start=1):
            rows = rows[rows + k < n]
            nxt = self.codes[rows + k]
            keep = (nxt >= 0) & (self.doc[rows + k] == self.doc[rows]) & \
                   (self.i[rows + k] == self.i[rows] + k)
            rows = rows[keep & mask[np.maximum(nxt, 0)]]
        self.pattern, self.regex, self.rows, self.length = pattern, regex, rows, len(elements)
        return len(rows)

    @property
    def hits(self) -> pd.DataFrame:
        """The hits: doc_id, sent, start, end (character offsets of the whole match),
        row (position in the token table), length (tokens), pattern; reading order."""
        return self._hit_frame(self.rows)

    def _hit_frame(self, rows: np.ndarray) -> pd.DataFrame:
        """The hits at ``rows``; document ids decoded for these rows only."""
        doc = self.tokens["doc_id"]
        if isinstance(doc.dtype, pd.CategoricalDtype):
            ids = np.asarray(doc.cat.categories, dtype=object)[self.doc[rows]]
        else:
            ids = doc.to_numpy()[rows]
        return pd.DataFrame({
            "doc_id": ids, "sent": self.tokens["sent"].to_numpy()[rows],
            "start": self.tokens["start"].to_numpy()[rows],
            "end": self.tokens["end"].to_numpy()[rows + self.length - 1],
            "row": rows, "length": self.length, "pattern": self.pattern})

    def kwic(self, *, window: int = 8, sort: str | None = None, page: int = 0,
             page_size: int | None = None) -> Concordance:
        """KWIC lines (as :func:`corpusnb.kwic`), one page of them: lines
        ``page * page_size`` to ``(page + 1) * page_size`` of the sorted list
        (all lines when ``page_size`` is None). Only the lines shown are cut."""
        check_options(window, sort)
        order = self._kwic_order(window, sort)
        if page_size is not None:
            order = order[page * page_size:(page + 1) * page_size]
        hits = self._hit_frame(self.rows[order])
        return Concordance(cut_lines(self.tokens, hits, window, self._texts)
                           .reset_index(drop=True))

    def _kwic_order(self, window: int, sort: str | None) -> np.ndarray:
        """Line order: reading order, or by the context words nearest the match (word by
        word, alphabetically; a shorter context first; ties in reading order)."""
        n_hits = len(self.rows)
        if sort is None or not n_hits:
            return np.arange(n_hits)
        steps = range(1, window + 1)
        base = self.rows if sort == "left" else self.rows + self.length - 1
        keys = []
        for d in steps:
            at = base - d if sort == "left" else base + d
            inside = (at >= 0) & (at < len(self.codes))
            at = np.clip(at, 0, len(self.codes) - 1)
            inside &= self.doc[at] == self.doc[base]
            code = self.codes[at]
            rank = np.where(inside & (code >= 0), self.alphabetical[np.maximum(code, 0)], -1)
            keys.append(rank)
        # a context ends at its document's edge: -1 from there on sorts a shorter
        # context before a longer one, as Python compares tuples
        keys = np.array(keys)
        return np.lexsort([np.arange(n_hits), *keys[::-1]])

    def counts(self, by: str = "doc_id") -> pd.DataFrame:
        """Hits and rates by document, section or a metadata field.

        Returns
        -------
        pandas.DataFrame
            the group columns (doc_id; doc_id and section; or the field), count,
            tokens (of the group), per_10k; groups in reading order, every group
            (0 where the pattern is absent), documents without a value of the
            field in no group.
        """
        codes, labels, size = self._group_codes(by)
        rows = self.rows[codes[self.rows] >= 0]
        count = np.bincount(codes[rows], minlength=len(labels))
        table = labels.copy()
        table["count"] = count
        table["tokens"] = size
        table["per_10k"] = count / size * 1e4
        return table

    def _group_codes(self, by: str) -> tuple[np.ndarray, pd.DataFrame, np.ndarray]:
        """A group number per token (-1 for no group), the groups in reading order (of
        their first token), and their sizes in tokens; computed once per grouping, on
        integer codes (a document's metadata is looked up once per document)."""
        if by not in self._groups:
            groups = group_columns(by)
            if by == "section" and pd.api.types.is_integer_dtype(self.tokens["section"]):
                codes, labels = self._section_groups()
            elif len(groups) == 1:
                codes, labels = self._document_groups(groups[0])
            else:  # pragma: no cover - a section column that is not numbered
                values = plain(self.tokens, groups)
                codes, uniques = pd.factorize(pd.MultiIndex.from_frame(values), sort=False)
                labels = pd.DataFrame(list(uniques), columns=groups)
            size = np.bincount(codes[codes >= 0], minlength=len(labels))
            self._groups[by] = (codes, labels.reset_index(drop=True), size)
        return self._groups[by]

    def _doc_ids(self) -> np.ndarray:
        doc = self.tokens["doc_id"]
        if isinstance(doc.dtype, pd.CategoricalDtype):
            return np.asarray(doc.cat.categories.astype(str), dtype=object)
        return np.asarray(pd.unique(doc).astype(str), dtype=object)  # _doc_codes' order

    def _document_groups(self, field: str) -> tuple[np.ndarray, pd.DataFrame]:
        """Groups of whole documents: by doc_id or by a metadata field's value."""
        ids = self._doc_ids()
        if field == "doc_id":
            values = pd.Series(ids)
        else:
            meta = metadata_of(self.tokens, None)
            if field not in meta.columns:
                raise ValueError(f"no metadata field {field!r}; the fields are "
                                 f"{', '.join(map(str, meta.columns))}")
            values = meta[field].reindex(ids).reset_index(drop=True)  # keeps its dtype
        in_order = pd.unique(self.doc)  # documents by their first token
        group_of_doc = np.full(len(ids), -1, np.int64)
        codes, uniques = pd.factorize(values.iloc[in_order], sort=False)  # NaN -> -1
        group_of_doc[in_order] = codes
        return group_of_doc[self.doc], pd.DataFrame({field: uniques})

    def _section_groups(self) -> tuple[np.ndarray, pd.DataFrame]:
        """Groups of (document, section), keyed by one integer each."""
        section = self.tokens["section"].to_numpy().astype(np.int64)
        low = section.min() if len(section) else 0
        width = (section.max() - low + 1) if len(section) else 1
        codes, uniques = pd.factorize(self.doc.astype(np.int64) * width + (section - low),
                                      sort=False)
        uniques = np.asarray(uniques)
        labels = pd.DataFrame({"doc_id": self._doc_ids()[uniques // width],
                               "section": uniques % width + low})
        return codes, labels

    @property
    def n_documents(self) -> int:
        """Documents of the corpus (those without a word too), or of the table if it has
        lost its corpus."""
        corpus = corpus_of(self.tokens)
        return len(corpus) if corpus is not None else len(self._group_codes("doc_id")[1])

    @property
    def fields(self) -> list[str]:
        """What the counts can be grouped by: doc_id, section and every metadata field
        with a value (other than the texts' sizes and file details):
        :func:`corpusnb.text.corpus.grouping_fields`."""
        from corpusnb.text.corpus import grouping_fields

        corpus = corpus_of(self.tokens)
        meta = corpus.metadata if corpus is not None else pd.DataFrame()
        return ["doc_id", "section"] + grouping_fields(meta)

    def positions(self) -> np.ndarray:
        """Each hit's place in its document: i / tokens of the document, in [0, 1)."""
        return self.i[self.rows] / self.doc_length[self.doc[self.rows]]

    def dispersion(self) -> pd.DataFrame:
        """doc_id, pattern, i, position (i / tokens of the document), start, end: as
        :func:`corpusnb.dispersion`."""
        hits = self.hits
        i = self.i[self.rows]
        return pd.DataFrame({"doc_id": hits["doc_id"], "pattern": self.pattern, "i": i,
                             "position": i / self.doc_length[self.doc[self.rows]],
                             "start": hits["start"], "end": hits["end"]})

    def collocates(self, *, window: int = 5, measure: str = "logdice", min_count: int = 2,
                   hide_stopwords: bool = True, top: int | None = 25) -> pd.DataFrame:
        """The words within ``window`` tokens of the hits, with their association.

        Returns
        -------
        pandas.DataFrame
            term, count (positions near a hit), frequency (of the term), pmi,
            logdice, g2; sorted by ``measure`` descending, then count, then term.
        """
        if measure not in MEASURES:
            raise ValueError(f"measure must be one of {MEASURES}, not {measure!r}")
        if window < 1:
            raise ValueError(f"window must be at least 1, not {window}")
        o_all = self._near_counts(window)
        keep = o_all >= max(min_count, 1)
        if hide_stopwords:
            keep &= ~self.stop
        terms = np.flatnonzero(keep)
        o = o_all[terms].astype(float)
        scores = _measures(o, float(len(self.rows)), self.frequency[terms].astype(float),
                           float(len(self.codes)), 2.0 * window)
        table = pd.DataFrame({"term": pd.array(self.vocab[terms], dtype="str"),
                              "count": o_all[terms], "frequency": self.frequency[terms],
                              **{m: scores[m] for m in ("pmi", "logdice", "g2")}})
        first = ["count"] if measure == "count" else [measure, "count"]
        table = table.sort_values([*first, "term"], ascending=[False] * len(first) + [True],
                                  kind="stable").reset_index(drop=True)
        return table.head(top) if top is not None else table

    def _near_counts(self, window: int, *, dense: bool | None = None) -> np.ndarray:
        """How often each term is within ``window`` of a hit: left of its first, right
        of its last token, in its document, at a position no hit covers; a position near
        two hits counts twice. Many hits (``dense``, by default when the windows would
        visit more than a quarter of the table) are counted with a difference array over
        the table, few by visiting their windows."""
        n, rows, length = len(self.codes), self.rows, self.length
        covered = np.zeros(n, bool)
        for k in range(length):
            covered[rows + k] = True
        if dense is None:
            dense = 2 * window * len(rows) > n // 4
        if dense:
            weight = np.where(covered, 0, self._window_cover(window))
            codes = self.codes
            if self.missing:  # a row without a norm is no term's neighbour
                codes, weight = codes[codes >= 0], weight[codes >= 0]
            return np.bincount(codes, weights=weight, minlength=len(self.vocab)
                               ).round().astype(np.int64)
        counts = np.zeros(len(self.vocab), np.int64)
        for d in range(1, window + 1):
            for base, at in ((rows, rows - d), (rows + length - 1, rows + length - 1 + d)):
                ok = (at >= 0) & (at < n)
                base, at = base[ok], at[ok]
                at = at[(self.doc[at] == self.doc[base]) & ~covered[at]]
                codes = self.codes[at]
                counts += np.bincount(codes[codes >= 0], minlength=len(self.vocab))
        return counts

    def _window_cover(self, window: int) -> np.ndarray:
        """For each row, the number of hits whose window (clipped to the hit's document)
        holds it: +1 where a window starts, -1 after it ends, summed."""
        n, rows, last = len(self.codes), self.rows, self.rows + self.length - 1
        first_row, last_row = self.doc_rows
        doc = self.doc[rows]
        left_start = np.maximum(rows - window, first_row[doc])
        right_end = np.minimum(last + window, last_row[doc])
        starts = np.concatenate([left_start, last + 1])
        ends = np.concatenate([rows, right_end + 1])  # exclusive
        keep = starts < ends
        change = np.bincount(starts[keep], minlength=n + 1) - \
            np.bincount(ends[keep], minlength=n + 1)
        return np.cumsum(change)[:n]

    # ------------------------------------------------------------ themes
    def theme_hits(self, theme: str) -> pd.DataFrame:
        """The mentions of one theme (as :func:`corpusnb.theme_hits` finds them, without
        their lines): pattern, doc_id, section, sent, i, row, length, start, end, match."""
        if theme not in self.themes.index:
            raise ValueError(f"no theme {theme!r}; the themes are "
                             f"{', '.join(map(str, self.themes.index))}")
        if theme not in self._theme_cache:
            row = self.themes.loc[theme]
            found = pd.concat([self.find(p) for p in row["patterns"]], ignore_index=True)
            mentions = _mentions(found[PATTERN_HIT_COLUMNS]).assign(theme=theme,
                                                                    label=row["label"])
            self._theme_cache[theme] = mentions.reset_index(drop=True)
        return self._theme_cache[theme]

    def find(self, pattern: str, *, regex: bool = False) -> pd.DataFrame:
        """The hits of a pattern from the index, as :func:`corpusnb.find` gives them
        (the current pattern is left as it is)."""
        current = (self.pattern, self.regex, self.rows, self.length)
        try:
            self.set_pattern(pattern, regex=regex)
            rows, length = self.rows, self.length
        finally:
            self.pattern, self.regex, self.rows, self.length = current
        tokens = self.tokens
        return pd.DataFrame({
            "pattern": pattern, "doc_id": tokens["doc_id"].iloc[rows].to_numpy(),
            "section": tokens["section"].to_numpy()[rows], "sent": tokens["sent"].to_numpy()[rows],
            "i": tokens["i"].to_numpy()[rows], "row": rows, "length": length,
            "start": tokens["start"].to_numpy()[rows],
            "end": tokens["end"].to_numpy()[rows + length - 1],
            "match": pd.Series(matched_norms(tokens["norm"], rows, length), dtype=str)})

    def theme_lines(self, theme: str, *, window: int = 8, page: int = 0,
                    page_size: int | None = None) -> pd.DataFrame:
        """A page of a theme's mentions with their KWIC lines (as
        :func:`corpusnb.theme_hits`): doc_id, pattern, left, match, right, start."""
        hits = self.theme_hits(theme)
        if page_size is not None:
            hits = hits.iloc[page * page_size:(page + 1) * page_size]
        lines = cut_lines(self.tokens, hits, window, self._texts)
        return pd.DataFrame({"doc_id": hits["doc_id"].to_numpy(),
                             "pattern": hits["pattern"].to_numpy(),
                             "start": hits["start"].to_numpy(),
                             "left": lines["left"].to_numpy(), "match": lines["match"].to_numpy(),
                             "right": lines["right"].to_numpy()})

    def theme_counts(self, theme: str) -> pd.DataFrame:
        """A theme's mentions per document: doc_id, count, tokens, per_10k (every
        document, in reading order)."""
        codes, labels, size = self._group_codes("doc_id")
        rows = self.theme_hits(theme)["row"].to_numpy()
        count = np.bincount(codes[rows], minlength=len(labels))
        return labels.assign(count=count, tokens=size, per_10k=count / size * 1e4)

    # ------------------------------------------------------------ passages, saving
    def passage(self, doc_id: str, start: int, end: int, *, chars: int = 300) -> tuple:
        """The text around a match: (before, match, after), ``chars`` characters on each
        side, cut at spaces."""
        text = self._texts[str(doc_id)] if self._texts is not None else ""
        left = max(0, start - chars)
        right = min(len(text), end + chars)
        before, after = text[left:start], text[end:right]
        if left > 0 and " " in before:
            before = "… " + before.split(" ", 1)[1]
        if right < len(text) and " " in after:
            after = after.rsplit(" ", 1)[0] + " …"
        return before, text[start:end], after

    def tables(self, *, by: str = "doc_id", window: int = 5, measure: str = "logdice",
               kwic_window: int = 8, sort: str | None = None, theme: str | None = None
               ) -> dict[str, pd.DataFrame]:
        """The current pattern's tables, whole (every KWIC line, every collocate)."""
        tables = {"kwic": pd.DataFrame(self.kwic(window=kwic_window, sort=sort)),
                  "counts": self.counts(by), "dispersion": self.dispersion(),
                  "collocates": self.collocates(window=window, measure=measure, top=None,
                                                hide_stopwords=False, min_count=1)}
        if theme is not None:
            tables["theme"] = self.theme_lines(theme, window=kwic_window)
        return tables

    def save(self, folder: str | Path, *, overwrite: bool = False,
             root: str | Path | None = None, **settings) -> list[Path]:
        """Write :meth:`tables` as CSV files named after the pattern into ``folder``;
        an existing file is never replaced unless ``overwrite``. With ``root``,
        ``folder`` is a folder inside ``root`` and nothing is written outside it
        (see :func:`folder_inside`)."""
        from corpusnb.present.export import save_table

        if self.pattern is None:
            raise ValueError("no pattern yet: search a word first")
        slug = re.sub(r"[^\w-]+", "_", self.pattern).strip("_") or "pattern"
        if root is not None:
            folder = folder_inside(root, folder)
        tables = self.tables(**settings)
        targets = {name: Path(folder) / f"{slug}-{name}.csv" for name in tables}
        if root is not None:
            for path in targets.values():
                _check_file_inside(Path(root).resolve(), path)
        existing = [str(p) for p in targets.values() if p.exists()]
        if existing and not overwrite:  # nothing written: all or none
            from corpusnb._errors import CorpusError

            raise CorpusError(f"{existing[0]} exists; tick 'overwrite' or choose another "
                              "folder")
        return [save_table(tables[name], path, overwrite=overwrite)
                for name, path in targets.items()]


def folder_inside(root: str | Path, folder: str | Path) -> Path:
    """The folder ``folder`` names inside ``root``; a :class:`CorpusError` if it would
    leave ``root`` (an absolute path, a ``..`` part, or a symbolic link out).

    Parameters
    ----------
    root : str or Path
        The one folder saving may write into (``corpusnb explore --save-dir``).
    folder : str or Path
        What the reader typed: a relative folder ("" or "." is ``root`` itself).

    Returns
    -------
    Path
        ``root / folder``, whose real path lies inside the real path of ``root``.

    Examples
    --------
    >>> folder_inside("/srv/tables", "nation").as_posix()
    '/srv/tables/nation'
    >>> folder_inside("/srv/tables", "../etc")
    Traceback (most recent call last):
    ...
    corpusnb._errors.CorpusError: folder '../etc' goes up with '..'; give a folder inside /srv/tables
    """
    from corpusnb._errors import CorpusError

    base, name = Path(root).resolve(), str(folder).strip()
    if Path(name).is_absolute():
        raise CorpusError(f"folder {name!r} is an absolute path; give a folder inside {base} "
                          "(a name such as 'tables')")
    if ".." in Path(name).parts:
        raise CorpusError(f"folder {name!r} goes up with '..'; give a folder inside {base}")
    target = base / name
    if not target.resolve().is_relative_to(base):
        raise CorpusError(f"folder {name!r} is a link to {target.resolve()}, outside {base}; "
                          f"give a folder inside {base}")
    return target


def _check_file_inside(base: Path, path: Path) -> None:
    """A file to write must not be a link out of ``base`` (followed, it would write there)."""
    from corpusnb._errors import CorpusError

    if not path.resolve().is_relative_to(base):
        raise CorpusError(f"{path} is a link to {path.resolve()}, outside {base}; remove it "
                          "or choose another folder")


def _all_texts(tokens: pd.DataFrame) -> dict[str, str] | None:
    """The cleaned text of every document of the corpus or token store the table came
    from, by doc_id (None when the table has lost track of it)."""
    from corpusnb.store.store import Store

    corpus = corpus_of(tokens)
    if corpus is None:
        return None
    if isinstance(corpus, Store):
        return corpus.texts_of(corpus.ids)
    return {doc.id: doc.text for doc in corpus}


def _doc_codes(tokens: pd.DataFrame) -> np.ndarray:
    doc = tokens["doc_id"]
    if isinstance(doc.dtype, pd.CategoricalDtype):
        return doc.cat.codes.to_numpy().astype(np.int32)
    return pd.factorize(doc)[0].astype(np.int32)
