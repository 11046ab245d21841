"""Benchmark: window co-occurrence on a Zipf vocabulary, against a plain Python loop.

Run: python benchmarks/bench_cooc_vocabulary.py [--tokens 3000000] [--docs 3000]
                                                 [--types 20000,2000,200000] [--parts 6]

For each vocabulary size, a fresh process builds ``--tokens`` tokens (fixed seed) drawn
from a Zipf law (p ∝ 1/rank) over ``--types`` generated words (named so that their
alphabetical order is not their rank), in ``--docs`` documents of random lengths, as
one CSV file; ``cnb.index`` makes a token store of about ``--parts`` parts of it, and the
token table is the store's (``store.tokens``). Then, in that process and in this order:

- the plain Python pair loop of ``bench_scale_faults.py`` (window 5 within documents, a
  dict of pair counts, every pair of distinct terms: min_count 1) on the table;
- ``cnb.cooccurrence(table, window=5, min_count=1)``, the first call of the process;
- ``cnb.cooccurrence(store, window=5, min_count=1)``: the parts one at a time, the
  engine's combine of their pair counts (one vocabulary, spilled pair counts) included.

Both results are checked: the table's pairs and counts are the loop's, the store's
table is the table's (``assert_frame_equal``). It prints the seconds of each and the
ratio loop / cooccurrence (issue 22, item 7: target >= 20 on the first call).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
TARGET = 20.0


def word(k: int) -> str:
    """The k-th generated word: letters only, so that it is one token of itself."""
    letters = ""
    for _ in range(4):
        k, digit = divmod(k, 26)
        letters = chr(ord("a") + digit) + letters
    return "q" + letters  # 26**4 words of five letters: enough for 456,976 types


def zipf_csv(path: Path, n_tokens: int, types: int, docs: int, seed: int = 22) -> None:
    """``n_tokens`` words over ``types`` types (Zipf) in ``docs`` documents, as a CSV."""
    generator = np.random.default_rng(seed)
    weights = 1 / np.arange(1, types + 1)
    codes = generator.choice(types, size=n_tokens, p=weights / weights.sum())
    names = np.array([word(k) for k in generator.permutation(types)])  # rank != order
    ends = np.sort(generator.choice(np.arange(1, n_tokens), docs - 1, replace=False))
    words = names[codes]
    with path.open("w", encoding="utf-8") as out:
        out.write("doc_id,text\n")
        for d, (lo, hi) in enumerate(zip([0, *ends], [*ends, n_tokens])):
            out.write(f"d{d:05d},{' '.join(words[lo:hi])}\n")


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def measure(n_tokens: int, types: int, docs: int, parts: int) -> dict:
    """The figures of one vocabulary size (in this process: run it in a fresh one)."""
    sys.path.insert(0, str(HERE))
    import pandas as pd
    from bench_scale_faults import python_loop

    import corpusnb as cnb

    with tempfile.TemporaryDirectory(prefix="bench-cooc-") as folder:
        source = Path(folder) / "zipf.csv"
        zipf_csv(source, n_tokens, types, docs)
        chunk = max(1, source.stat().st_size // parts)
        store = cnb.index(source, Path(folder) / "store", chunk_chars=chunk, workers=1)
        table = store.tokens(["doc_id", "norm"])
        loop, loop_seconds = timed(python_loop, table, 5)
        pairs, table_seconds = timed(cnb.cooccurrence, table, window=5, min_count=1)
        stored, store_seconds = timed(cnb.cooccurrence, store, window=5, min_count=1)
        assert dict(zip(zip(pairs["term1"], pairs["term2"]), pairs["count"])) == dict(loop), \
            "the table's pair counts differ from the loop's"
        pd.testing.assert_frame_equal(stored, pairs)
        return {"tokens": len(table), "types": int(table["norm"].nunique()),
                "documents": int(table["doc_id"].nunique()), "parts": len(store.parts),
                "pairs": len(pairs), "loop": loop_seconds, "table": table_seconds,
                "store": store_seconds}


def report(f: dict) -> None:
    print(f"{f['tokens']:,} tokens, {f['types']:,} types, {f['documents']:,} documents, "
          f"{f['pairs']:,} pairs (window 5, min_count 1); python loop {f['loop']:.2f} s")
    for source in ("table", "store"):
        where = "table" if source == "table" else f"store of {f['parts']} parts"
        ratio = f["loop"] / f[source]
        print(f"  {where:<18} first call {f[source]:6.2f} s   loop/cooccurrence "
              f"{ratio:5.1f}x  ({'meets' if ratio >= TARGET else 'misses'} the target "
              f">= {TARGET:.0f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=3_000_000)
    parser.add_argument("--docs", type=int, default=3_000)
    parser.add_argument("--types", default="20000,2000,200000",
                        help="vocabulary sizes, comma-separated (each in a fresh process)")
    parser.add_argument("--parts", type=int, default=6, help="parts of the store (about)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(measure(args.tokens, args.child, args.docs, args.parts)))
        return
    for types in (int(t) for t in args.types.split(",")):
        done = subprocess.run([sys.executable, __file__, "--child", str(types), "--tokens",
                               str(args.tokens), "--docs", str(args.docs), "--parts",
                               str(args.parts)], capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(done.stderr)
        report(json.loads(done.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    main()
