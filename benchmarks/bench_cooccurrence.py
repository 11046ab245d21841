"""Benchmark: window co-occurrence on ~10 million tokens, and the full seed analysis.

Run: python benchmarks/bench_cooccurrence.py [--tokens 10000000]

1. Builds a token table of about 10 million rows by repeating the seed tokens as
   many documents, picks the 5,000 most frequent terms, and times
   cnb.cooccurrence(window=5, terms=top 5,000) with its peak memory (tracemalloc).
   The reference is a plain Python pair-counting loop (a dict of pairs), timed in
   the same run on the first 1,000,000 tokens; its time on the whole table is that
   time scaled linearly. Target: at least 20x faster than the loop.
2. Times the whole seed analysis: load, tokenise, frequencies, keyness of each
   document, KWIC, collocations, co-occurrence, themes and dispersion. Target: < 2 s.
"""
from __future__ import annotations

import argparse
import time
import tracemalloc
from collections import Counter

import numpy as np
import pandas as pd

import corpusnb as cnb


def repeated_tokens(n_tokens: int) -> pd.DataFrame:
    seed = cnb.tokenize(cnb.load_corpus())
    copies = -(-n_tokens // len(seed))
    doc_codes = seed["doc_id"].cat.codes.to_numpy()
    docs = (np.arange(copies)[:, None] * 3 + doc_codes[None, :]).ravel()[:n_tokens]
    norm_codes = np.tile(seed["norm"].cat.codes.to_numpy(), copies)[:n_tokens]
    return pd.DataFrame({
        "doc_id": pd.Categorical.from_codes(docs, [f"doc-{k}" for k in range(copies * 3)]),
        "sent": np.tile(seed["sent"].to_numpy(), copies)[:n_tokens],
        "i": np.arange(n_tokens),
        "norm": pd.Categorical.from_codes(norm_codes, seed["norm"].cat.categories),
    })


def python_loop(tokens: pd.DataFrame, window: int, terms: set[str]) -> Counter:
    norms = tokens["norm"].astype(str).tolist()
    docs = tokens["doc_id"].astype(str).tolist()
    counts: Counter = Counter()
    for p, (a, doc) in enumerate(zip(norms, docs)):
        if a not in terms:
            continue
        for q in range(p + 1, min(p + window + 1, len(norms))):
            b = norms[q]
            if docs[q] == doc and b != a and b in terms:
                counts[(a, b) if a < b else (b, a)] += 1
    return counts


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def seed_analysis() -> None:
    corpus = cnb.load_corpus()
    tokens = cnb.tokenize(corpus)
    content = tokens[~tokens["is_stop"]]
    cnb.frequencies(tokens, by="doc_id")
    for doc_id in corpus.ids:
        cnb.keyness(content, doc_id)
    cnb.kwic(tokens, "separatis*")
    cnb.collocations(content)
    cnb.cooccurrence(content, window=5)
    cnb.theme_frequencies(tokens, by="section")
    cnb.dispersion_stats(tokens, ["separatis*", "north caucasus", "putin"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=10_000_000)
    parser.add_argument("--loop-tokens", type=int, default=1_000_000)
    args = parser.parse_args()
    tokens = repeated_tokens(args.tokens)
    top = cnb.frequencies(tokens.assign(is_stop=False, section=0), stop=True)["term"]
    terms = top.head(5000).tolist()
    sample = tokens.iloc[: args.loop_tokens]
    reference, loop_time = timed(python_loop, sample, 5, set(terms))
    sample_pairs, sample_time = timed(cnb.cooccurrence, sample, window=5, terms=terms,
                                      min_count=1)
    assert dict(zip(zip(sample_pairs["term1"], sample_pairs["term2"]),
                    sample_pairs["count"])) == dict(reference), "results differ from the loop"
    pairs, first_time = timed(cnb.cooccurrence, tokens, window=5, terms=terms, min_count=1)
    repeats = [timed(cnb.cooccurrence, tokens, window=5, terms=terms, min_count=1)[1]
               for _ in range(3)]
    full_time = float(np.median(repeats))
    tracemalloc.start()
    cnb.cooccurrence(tokens, window=5, terms=terms, min_count=1)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    scaled_loop = loop_time * len(tokens) / len(sample)
    print(f"token table: {len(tokens):,} tokens, {len(terms):,} terms, window 5")
    print(f"python loop on {len(sample):,} tokens: {loop_time:.2f} s "
          f"(cooccurrence on the same rows: {sample_time:.2f} s, same counts)")
    print(f"cooccurrence on {len(tokens):,} tokens: median of 3 runs {full_time:.2f} s "
          f"(first run {first_time:.2f} s), {len(pairs):,} pairs, "
          f"peak memory {peak / 2**20:.0f} MiB")
    print(f"speed-up vs the loop (scaled to the full table): {scaled_loop / full_time:.1f}x "
          f"median, {scaled_loop / first_time:.1f}x first run (target >= 20x); "
          f"on the same 1M rows: {loop_time / sample_time:.1f}x")
    _, analysis = timed(seed_analysis)
    print(f"full seed analysis (load, tokenise, all tables): {analysis:.2f} s (target < 2 s)")


if __name__ == "__main__":
    main()
