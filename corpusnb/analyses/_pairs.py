"""Pair counting shared by the co-occurrence family (and the explorer, the themes): the
association measures of pairs, counts of integer keys added up, and the combine step of
parts: a vocabulary numbering the parts' terms as they come, counts grown to fit it, rows
of counts added up, and pair counts spilled to files (bounded memory)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from corpusnb.analyses.frequency import log_likelihood

__all__ = ["WIDTH", "Added", "Spilled", "Vocabulary", "grown", "measures", "run_lengths",
           "run_starts", "sorted_sums"]


def measures(o, fa, fb, n: float, span: float, out: np.ndarray | None = None
              ) -> dict[str, np.ndarray]:
    """pmi, npmi, logdice and g2 of the pairs (see the module docstring); written into
    the rows of ``out`` (4 × pairs) when given, so that a table can take them as one
    block. Computed in place, a few arrays of the pairs' length at a time."""
    fa, fb = np.asarray(fa, dtype=float), np.asarray(fb, dtype=float)  # exact below 2**53
    out = np.empty((4, len(o))) if out is None else out
    pmi, npmi, logdice, g2 = out
    expected = span * fa
    expected *= fb
    expected /= n  # span·f(a)·f(b)/N, in that order
    np.divide(o, expected, out=pmi)
    np.log2(pmi, out=pmi)
    joint = np.divide(o, span * n)
    np.log2(joint, out=joint)
    np.negative(joint, out=joint)  # 0 for a pair in every unit: npmi 1, not 0/0
    npmi.fill(1.0)
    np.divide(pmi, joint, out=npmi, where=joint > 0)
    del joint
    np.add(fa, fb, out=logdice)
    np.divide(2 * o, logdice, out=logdice)
    np.log2(logdice, out=logdice)
    logdice += 14
    g2[:] = log_likelihood(o, span * fa - o, span * fb - o, span * (n - fa - fb) + o)
    np.negative(g2, out=g2, where=o < expected)
    return {"pmi": pmi, "npmi": npmi, "logdice": logdice, "g2": g2}


def sorted_sums(keys: np.ndarray, counts: np.ndarray, *, runs: bool = False
                ) -> tuple[np.ndarray, np.ndarray]:
    """The distinct non-negative ``keys``, sorted, and the sum of the ``counts`` of each.

    When a key and its count fit in 63 bits together, both are packed into one int64
    and sorted by value (several times faster than sorting indices and gathering), and
    the sums are taken in place: two arrays of the keys' length at most. ``runs``: the
    keys are a few runs of sorted distinct keys one after the other (the sort merges
    them: Timsort, in linear time for two runs)."""
    if not len(keys):
        return run_lengths(keys, counts)
    shift = int(counts.max()).bit_length()
    if int(keys.max()).bit_length() + shift > 63:
        order = np.argsort(keys, kind="stable")
        return run_lengths(keys[order], counts[order])
    packed = np.left_shift(keys, shift)
    packed |= counts
    del keys, counts  # freed here when the caller holds them no more
    packed.sort(kind="stable" if runs else None)
    sorted_keys = packed >> shift
    starts = run_starts(sorted_keys)
    distinct = sorted_keys[starts]
    del sorted_keys
    packed &= (1 << shift) - 1  # the counts, in key order
    np.cumsum(packed, out=packed)  # a run's sum: the running total at its end less the
    ends = packed[np.append(starts[1:] - 1, len(packed) - 1)]  # one before it starts
    return distinct, np.diff(ends, prepend=0)


def run_starts(keys: np.ndarray) -> np.ndarray:
    """Where each run of equal values of sorted, non-empty ``keys`` starts."""
    return np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))


def run_lengths(keys: np.ndarray, counts: np.ndarray | None = None
                 ) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys of sorted ``keys`` and how often each occurs (or the sum of
    its ``counts``)."""
    if not len(keys):
        return keys, np.zeros(0, dtype=np.int64)
    starts = run_starts(keys)
    if counts is None:
        return keys[starts], np.diff(np.append(starts, len(keys)))
    running = np.cumsum(counts)  # a run's sum: the running total at its end less the
    ends = running[np.append(starts[1:] - 1, len(keys) - 1)]  # one before it starts
    return keys[starts], np.diff(ends, prepend=0)


class Vocabulary:
    """The terms of the parts in order of first sight, numbered as they come; at the end,
    each number's rank in alphabetical order (the order the scoring code expects).

    The terms are kept in one Arrow array, looked up with Arrow's hashing: no Python
    string of a part outlives it (kept ones would pin the memory of the rest)."""

    def __init__(self) -> None:
        import pyarrow as pa

        self.known = pa.array([], pa.large_string())

    def codes(self, values) -> np.ndarray:
        """The number of each of ``values`` (distinct terms; new ones numbered as they
        come)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        terms = pa.array(values, pa.large_string())
        found = pc.index_in(terms, value_set=self.known)
        new = found.is_null().to_numpy(zero_copy_only=False)
        codes = found.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
        codes[new] = len(self.known) + np.arange(int(new.sum()))
        if new.any():
            self.known = pa.concat_arrays([self.known, terms.filter(pa.array(new))])
        return codes

    @property
    def values(self) -> list[str]:
        return self.known.to_pylist()

    def alphabetical(self) -> tuple[np.ndarray, np.ndarray]:
        """The terms sorted, and each number's place among them."""
        terms = np.array(self.values, dtype=object)
        order = np.argsort(terms, kind="stable")
        rank = np.empty(len(terms), dtype=np.int64)
        rank[order] = np.arange(len(terms))
        return terms[order], rank


def grown(total: np.ndarray, codes: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``total`` with ``counts`` added at ``codes`` (grown to fit new codes)."""
    size = max(len(total), int(codes.max(initial=-1)) + 1)
    if size > len(total):
        total = np.concatenate([total, np.zeros(size - len(total), dtype=total.dtype)])
    np.add.at(total, codes, counts)
    return total


class Added:
    """Rows of counts keyed by some columns, added up as parts come (compacted when what
    is pending outgrows what is compacted)."""

    def __init__(self, columns: list[str]) -> None:
        self.columns, self.frames, self.compact, self.pending = columns, [], 0, 0

    def add(self, frame: pd.DataFrame) -> None:
        self.frames.append(frame)
        self.pending += len(frame)
        if self.pending > max(self.compact, 1 << 16):
            self.frames = [self.result()]
            self.compact, self.pending = len(self.frames[0]), 0

    def result(self) -> pd.DataFrame:
        if not self.frames:
            return pd.DataFrame({**{c: np.zeros(0, np.int64) for c in self.columns},
                                 "count": np.zeros(0, np.int64)})
        frame = pd.concat(self.frames, ignore_index=True)
        return frame.groupby(self.columns, sort=False)["count"].sum().reset_index()


WIDTH = 1 << 31  # a pair key: the smaller term number times this, plus the larger


class Spilled:
    """Pair counts added a part at a time and spilled to temporary files, one per range
    of keys (key modulo ``buckets``): memory holds one part's pairs, then one file's.

    ``result(min_count)`` adds up each file in turn and keeps the pairs counted at least
    ``min_count`` times in all, so only those are ever held together. The files are in
    the system's temporary folder (``TMPDIR``) and removed on leaving the ``with``.
    """

    def __init__(self, buckets: int = 64) -> None:
        self.buckets = buckets

    def __enter__(self) -> Spilled:
        import tempfile

        self.folder = tempfile.TemporaryDirectory(prefix="corpusnb-pairs-")
        self.files = [open(f"{self.folder.name}/{k}.pairs", "wb") for k in range(self.buckets)]
        return self

    def __exit__(self, *exc) -> None:
        for file in self.files:
            file.close()
        self.folder.cleanup()

    def add(self, keys: np.ndarray, counts: np.ndarray) -> None:
        bucket = keys % self.buckets
        if self.buckets <= 256:  # a stable sort of 8-bit keys is a radix sort: linear
            bucket = bucket.astype(np.uint8)
        order = np.argsort(bucket, kind="stable")
        rows = np.stack([keys[order], counts[order].astype(np.int64)], axis=1)
        edges = np.searchsorted(bucket[order], np.arange(self.buckets + 1))
        for k, file in enumerate(self.files):
            rows[edges[k]:edges[k + 1]].tofile(file)

    def result(self, min_count: int) -> tuple[np.ndarray, np.ndarray]:
        kept_keys, kept_counts = [], []
        for file in self.files:
            file.close()
            rows = np.fromfile(file.name, dtype=np.int64).reshape(-1, 2)
            # keys renumbered densely (first term times the largest second one), so
            # that a key and its count pack into one int64 for sorting
            first, second = np.divmod(rows[:, 0], WIDTH)
            width = int(second.max(initial=0)) + 1
            keys, counts = sorted_sums(first * width + second, rows[:, 1])
            first, second = np.divmod(keys, width)
            keys = first * WIDTH + second
            enough = counts >= min_count
            kept_keys.append(keys[enough])
            kept_counts.append(counts[enough])
        return (np.concatenate(kept_keys or [np.zeros(0, np.int64)]),
                np.concatenate(kept_counts or [np.zeros(0, np.int64)]))
