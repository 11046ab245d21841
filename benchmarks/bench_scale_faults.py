"""Benchmark: the three scale faults of many documents and real vocabularies.

Run: python benchmarks/bench_scale_faults.py [--part documents|vocabulary|memory|all]

1. **documents**: tokenise 40,000 and 70,000 one-sentence documents (more than an
   int16 document code can number). Reports the time per 10,000 documents, or the
   error.
2. **vocabulary**: window co-occurrence (window 5, every term) on ~14.6 M tokens
   whose vocabulary is realistic: the seeds repeated, with one token in eight
   replaced by a rare word drawn from a Zipf law over 60,000 generated words. Each
   call runs in a fresh process, so "first call" is a first call; the warm figure is
   the median of three later calls in that process; memory is the peak traced by
   tracemalloc. The reference is a plain Python pair-counting loop over the first
   1 M tokens, timed in the same run and scaled linearly. Target: >= 20x on the
   first call.
3. **memory**: tokenize's peak traced memory and the table's size in bytes per
   token; frequencies / kwic / sentence co-occurrence on ~7.3 M tokens against
   np.bincount over the norm codes (the least a frequency count can cost, measured
   in the same run); load_corpus per file; ``import corpusnb`` in a fresh process.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

import corpusnb as cnb

HERE = Path(__file__).resolve().parent


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def traced(function, *args, **kwargs):
    """Result, seconds and peak traced bytes of one call."""
    tracemalloc.start()
    try:
        result, seconds = timed(function, *args, **kwargs)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, seconds, peak


# ---------------------------------------------------------------- 1. documents

def many_documents(n: int, folder: Path) -> Path:
    path = folder / f"articles-{n}.csv"
    rows = [f"a{k:06d},Article {k} reports on the regional elections." for k in range(n)]
    path.write_text("doc_id,text\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def part_documents() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for n in (40_000, 70_000):
            corpus, load = timed(cnb.load_corpus, many_documents(n, Path(folder)))
            try:
                tokens, seconds = timed(cnb.tokenize, corpus)
                print(f"{n:,} documents: load {load:.1f} s, tokenize {seconds:.1f} s "
                      f"({len(tokens):,} tokens, {tokens['doc_id'].nunique():,} documents; "
                      f"{seconds / n * 1e4:.2f} s per 10,000 documents)")
            except Exception as err:  # the fault being measured
                print(f"{n:,} documents: load {load:.1f} s, tokenize FAILED: "
                      f"{type(err).__name__}: {err}")


# ---------------------------------------------------------------- 2. vocabulary

def realistic_tokens(n_tokens: int, rare_types: int = 60_000, seed: int = 13
                     ) -> pd.DataFrame:
    """The seeds repeated as documents, one token in eight a rare word (Zipf over 60k)."""
    base = cnb.tokenize(cnb.load_corpus())
    copies = -(-n_tokens // len(base))
    doc_codes = base["doc_id"].cat.codes.to_numpy()
    docs = (np.arange(copies)[:, None] * 3 + doc_codes[None, :]).ravel()[:n_tokens]
    seed_categories = list(base["norm"].cat.categories)
    codes = np.tile(base["norm"].cat.codes.to_numpy(), copies)[:n_tokens].astype(np.int64)
    generator = np.random.default_rng(seed)
    replace = generator.random(n_tokens) < 1 / 8
    ranks = np.arange(1, rare_types + 1)
    weights = 1 / ranks
    rare = generator.choice(rare_types, size=int(replace.sum()), p=weights / weights.sum())
    codes[replace] = len(seed_categories) + rare
    categories = seed_categories + [f"rare{k:05d}" for k in range(rare_types)]
    return pd.DataFrame({
        "doc_id": pd.Categorical.from_codes(docs, [f"doc-{k}" for k in range(copies * 3)]),
        "sent": np.tile(base["sent"].to_numpy(), copies)[:n_tokens],
        "norm": pd.Categorical.from_codes(codes, categories),
    })


def python_loop(tokens: pd.DataFrame, window: int) -> Counter:
    norms = tokens["norm"].astype(str).tolist()
    docs = tokens["doc_id"].cat.codes.tolist()
    counts: Counter = Counter()
    for p, (a, doc) in enumerate(zip(norms, docs)):
        for q in range(p + 1, min(p + window + 1, len(norms))):
            b = norms[q]
            if docs[q] == doc and b != a:
                counts[(a, b) if a < b else (b, a)] += 1
    return counts


def vocabulary_child(n_tokens: int) -> None:
    """In a fresh process: first call, three warm calls, peak memory; JSON on stdout."""
    tokens = realistic_tokens(n_tokens)
    _, first, peak = traced(cnb.cooccurrence, tokens, window=5, min_count=1)
    warm = [timed(cnb.cooccurrence, tokens, window=5, min_count=1)[1] for _ in range(3)]
    print(json.dumps({"tokens": len(tokens), "types": int(tokens["norm"].nunique()),
                      "first": first, "warm": float(np.median(warm)), "peak": peak}))


def part_vocabulary(n_tokens: int, loop_tokens: int) -> None:
    sample = realistic_tokens(loop_tokens)
    reference, loop_time = timed(python_loop, sample, 5)
    ours = cnb.cooccurrence(sample, window=5, min_count=1)
    assert dict(zip(zip(ours["term1"], ours["term2"]), ours["count"])) == dict(reference), \
        "co-occurrence counts differ from the loop"
    child = subprocess.run([sys.executable, __file__, "--vocabulary-child", str(n_tokens)],
                           capture_output=True, text=True, check=True)
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    scaled = loop_time * figures["tokens"] / len(sample)
    print(f"{figures['tokens']:,} tokens, {figures['types']:,} types, window 5, every term")
    print(f"python loop on {len(sample):,} tokens: {loop_time:.2f} s (same counts as "
          f"cooccurrence); scaled to the table: {scaled:.1f} s")
    print(f"cooccurrence first call {figures['first']:.2f} s "
          f"({scaled / figures['first']:.1f}x the loop), warm {figures['warm']:.2f} s "
          f"({scaled / figures['warm']:.1f}x), peak traced memory "
          f"{figures['peak'] / 2**20:.0f} MiB (target >= 20x on the first call)")


# ---------------------------------------------------------------- 3. memory

def part_memory(n_tokens: int) -> None:
    import_times = []
    for _ in range(3):
        done = subprocess.run([sys.executable, "-c", "import time; s = time.perf_counter(); "
                               "import corpusnb; print(time.perf_counter() - s)"],
                              capture_output=True, text=True, check=True)
        import_times.append(float(done.stdout))
    print(f"import corpusnb (fresh process, median of 3): {np.median(import_times):.2f} s")

    with tempfile.TemporaryDirectory() as folder:
        seeds = cnb.load_corpus()
        for k in range(2_000):
            doc = seeds[seeds.ids[k % 3]]
            (Path(folder) / f"d{k:04d}.txt").write_text(doc.text[:2_000], encoding="utf-8")
        corpus, load = timed(cnb.load_corpus, folder)
        print(f"load_corpus on 2,000 files of 2,000 characters: {load:.2f} s "
              f"({load / 2_000 * 1e3:.2f} ms per file)")

    copies = max(1, n_tokens // 17_661)
    documents = [doc for _ in range(copies) for doc in cnb.load_corpus()]
    corpus = cnb.Corpus([_renamed(doc, k) for k, doc in enumerate(documents)],
                        path=Path("repeated-seeds"))
    text_bytes = sum(len(d.text.encode("utf-8")) for d in corpus)
    tokens, seconds, peak = traced(cnb.tokenize, corpus)
    n = len(tokens)
    table = tokens.memory_usage(deep=True).sum()
    print(f"tokenize {n:,} tokens ({text_bytes / 2**20:.0f} MB of text): {seconds:.1f} s, "
          f"peak traced {peak / n:.0f} B/token, table {table / n:.1f} B/token")
    _, base = timed(np.bincount, tokens["norm"].cat.codes.to_numpy())
    for name, call in (("frequencies", lambda: cnb.frequencies(tokens)),
                       ("frequencies by doc", lambda: cnb.frequencies(tokens, by="doc_id")),
                       ("kwic 'separatis*'", lambda: cnb.kwic(tokens, "separatis*")),
                       ("sentence co-occurrence", lambda: cnb.cooccurrence(
                           tokens, context="sentence", terms=["separatis*", "islam*",
                                                              "nationalis*"]))):
        _, spent, peak = traced(call)
        print(f"{name}: {spent:.2f} s ({spent / base:.0f}x np.bincount of the codes, "
              f"{base:.3f} s), peak traced {peak / 2**20:.0f} MiB")


def _renamed(doc, k: int):
    return cnb.Document(f"{doc.id}-{k}", doc.raw, doc.text, doc.removed, doc.sections,
                        dict(doc.meta))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["documents", "vocabulary", "memory", "all"],
                        default="all")
    parser.add_argument("--tokens", type=int, default=14_600_000,
                        help="tokens of the vocabulary benchmark (default 14.6 M)")
    parser.add_argument("--memory-tokens", type=int, default=7_300_000)
    parser.add_argument("--loop-tokens", type=int, default=1_000_000)
    parser.add_argument("--vocabulary-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.vocabulary_child:
        vocabulary_child(args.vocabulary_child)
        return
    if args.part in ("documents", "all"):
        part_documents()
    if args.part in ("vocabulary", "all"):
        part_vocabulary(args.tokens, args.loop_tokens)
    if args.part in ("memory", "all"):
        part_memory(args.memory_tokens)


if __name__ == "__main__":
    main()
