"""Concordance lines cut around hits (private: shared by :mod:`corpusnb.analyses.concordance`,
the theme hits and the explorer).

A line's left and right contexts are cut from the cleaned text by character offsets
(``texts``, by doc_id: ``Part.texts`` for an analysis); without texts they are the
tokens joined by spaces. Rows are positions in the table (or part) the hits were
found in.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from corpusnb.tokens._links import corpus_of
from corpusnb.tokens._matching import doc_numbers

LINE_COLUMNS = ["doc_id", "sent", "start", "end", "left", "match", "right", "pattern"]
"""The columns of a concordance (:func:`corpusnb.kwic`), in order."""

_SPACE = re.compile(r"\s+")


def check_options(window: int, sort: str | None) -> None:
    """A clear ValueError for a negative window or an unknown sort."""
    if window < 0:
        raise ValueError(f"window must be 0 or more, not {window}")
    if sort not in (None, "left", "right"):
        raise ValueError(f"sort must be None, 'left' or 'right', not {sort!r}")


def hit_lines(tokens: pd.DataFrame, hits: pd.DataFrame, window: int,
              texts: dict[str, str] | None = None) -> pd.DataFrame:
    """KWIC lines (left, match, right) for hits already found (theme dictionaries select
    hits themselves); rows align with ``hits``. ``texts``: the documents' cleaned texts
    by doc_id (``Part.texts``); by default those of the corpus the table came from."""
    if texts is None:
        texts = table_texts(tokens, hit_ids(hits))
    return cut_lines(tokens, hits, window, texts)


def hit_ids(hits: pd.DataFrame) -> list[str]:
    """The documents of the hits, in order of first hit."""
    return [str(i) for i in pd.unique(hits["doc_id"].astype(str))] if len(hits) else []


def table_texts(tokens: pd.DataFrame, ids: list[str]) -> dict[str, str] | None:
    """The cleaned texts of documents ``ids`` of the corpus a token table came from
    (None when the table has lost track of it)."""
    corpus = corpus_of(tokens)
    if corpus is None:
        return None
    texts_of = getattr(corpus, "texts_of", None)  # a store reads only the parts of ids
    if texts_of is not None:
        return texts_of(ids)
    return {doc_id: corpus[doc_id].text for doc_id in dict.fromkeys(ids)}


def cut_lines(tokens: pd.DataFrame, hits: pd.DataFrame, window: int,
              texts: dict[str, str] | None) -> pd.DataFrame:
    """The lines of ``hits`` (found in ``tokens``): doc_id, sent, start, end, left, match,
    right, pattern; with ``window`` words of context on each side, within the document."""
    left, right = _context_rows(tokens, hits, window)
    starts, ends = tokens["start"].to_numpy(), tokens["end"].to_numpy()
    out = hits[["doc_id", "sent", "start", "end"]].copy()
    # str also when one of the patterns has no hit (its empty column would make it object)
    out["doc_id"] = pd.Series(hits["doc_id"].to_numpy(), index=out.index, dtype=str)
    lefts, matches, rights = [], [], []
    words = Decoded(tokens["token"]) if texts is None else None
    ids = out["doc_id"].tolist()
    for k, (row, length, start, end) in enumerate(zip(*_plain(hits, "row", "length", "start",
                                                               "end"))):
        if texts is not None:  # a context of no words is an empty slice: start == hit start
            text = texts[ids[k]]
            lefts.append(_flat(text[starts[left[k]]:start]))
            matches.append(_flat(text[start:end]))
            rights.append(_flat(text[end:ends[right[k]]]))
        else:
            lefts.append(" ".join(words[left[k]:row]))
            matches.append(" ".join(words[row:row + length]))
            rights.append(" ".join(words[row + length:right[k] + 1]))
    for column, values in (("left", lefts), ("match", matches), ("right", rights)):
        out[column] = pd.Series(values, index=out.index, dtype=str)  # str when no hits too
    out["pattern"] = hits["pattern"].to_numpy()
    return out


def _context_rows(tokens: pd.DataFrame, hits: pd.DataFrame, window: int):
    """Rows of the first left and last right context token of each hit (same doc)."""
    n = len(tokens)
    doc = doc_numbers(tokens)
    rows, last = hits["row"].to_numpy(), hits["row"].to_numpy() + hits["length"].to_numpy() - 1
    left = np.maximum(rows - window, 0)
    right = np.minimum(last + window, n - 1)
    for k in range(len(rows)):
        while doc[left[k]] != doc[rows[k]]:
            left[k] += 1
        while doc[right[k]] != doc[rows[k]]:
            right[k] -= 1
    return left, right


class Decoded:
    """A text column by position, a categorical decoded only at the positions asked for
    (not a Python string per row of the table)."""

    def __init__(self, column: pd.Series) -> None:
        if isinstance(column.dtype, pd.CategoricalDtype):
            self.codes = column.cat.codes.to_numpy()
            self.values = np.asarray(column.cat.categories.astype(str), dtype=object)
        else:
            self.codes, self.values = None, np.asarray(column.astype(str), dtype=object)

    def __getitem__(self, index):
        return self.values[index] if self.codes is None else self.values[self.codes[index]]

    def __len__(self) -> int:
        return len(self.values) if self.codes is None else len(self.codes)


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def sort_keys(tokens: pd.DataFrame, hits: pd.DataFrame, window: int, sort: str) -> list[tuple]:
    """Each hit's ``window`` context norms on the ``sort`` side, nearest first (compared
    word by word: sorting by them is AntConc's sort)."""
    norm = Decoded(tokens["norm"])
    doc = doc_numbers(tokens)
    keys = []  # the context words, nearest first, compared word by word
    for row, length in zip(*_plain(hits, "row", "length")):
        step = range(row - 1, max(row - window, 0) - 1, -1) if sort == "left" else \
            range(row + length, min(row + length + window, len(norm)))
        keys.append(tuple(norm[r] for r in step if doc[r] == doc[row]))
    return keys


def _plain(hits: pd.DataFrame, *columns: str) -> list[list]:
    """Columns of the hits as lists of Python values (a loop over them reads no row of
    pandas objects, and slices text with plain ints)."""
    return [hits[column].to_numpy().tolist() for column in columns]


def sorted_order(keys: list[tuple]) -> list[int]:
    """The lines' order by their sort keys; lines with equal keys keep reading order."""
    return sorted(range(len(keys)), key=keys.__getitem__)  # sorted is stable


def stacked(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """The parts' frames (lines or hits) one after another. The parts without a row are
    left out, as their empty columns have no dtype of their own (a part's hits give the
    dtypes a table's would), unless no part has one; no part at all: empty ``columns``."""
    full = [frame for frame in frames if len(frame)]
    if len(full) == 1:
        return full[0]
    if full:
        return pd.concat(full, ignore_index=True)
    return frames[0] if frames else pd.DataFrame(columns=columns)
