"""Benchmark: the explorer's response time, from a new pattern to every pane updated.

Run: python benchmarks/bench_explore.py [--tokens 10000000]

For each of several patterns (a rare word, globs, phrases, the commonest word), times
``app.search(pattern)`` of ``cnb.explore``: the model (hits from the positions index,
the KWIC page, counts by document, dispersion, collocates) and the widgets' values set.
Median and max over the patterns (each searched three times, the best kept as its
figure, after a first warm-up search), on the seeds and on a corpus of about
``--tokens`` tokens made by writing the seeds' cleaned texts as many files, loading and
tokenising them as a user would. Also prints the index's build time and memory.
Targets: < 200 ms on the seeds, < 1 s on 10 M tokens (max over the patterns).

Not timed: the messages to the browser (a few kB of HTML per pane, sent by the kernel
after the search returns) and the browser's drawing.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import corpusnb as cnb
from corpusnb.apps.explorer import Explorer
from corpusnb.apps.explorer_view import ExplorerApp

PATTERNS = ["separatis*", "north caucasus", "sistema", "putin*", "multi-vector*",
            '"vertical of power"', "kazakhstan", "*ism", "eu", "the"]


def big_corpus(n_tokens: int, folder: Path):
    """The seeds' cleaned texts written as files until there are about n_tokens tokens."""
    seeds = cnb.load_corpus()
    seed_tokens = len(cnb.tokenize(seeds))
    copies = max(1, round(n_tokens / seed_tokens))
    for k in range(copies):
        for doc in seeds:
            (folder / f"{doc.id}-{k:05d}.txt").write_text(doc.text, encoding="utf-8")
    return cnb.load_corpus(folder)


def measure(tokens, label: str) -> None:
    start = time.perf_counter()
    model = Explorer(tokens)
    built = time.perf_counter() - start
    app = ExplorerApp(model, pattern="sistema")  # the widgets, and a warm-up search
    rows = []
    for pattern in PATTERNS:
        times = []
        for _ in range(3):
            app.search("sistema" if pattern != "sistema" else "eu")  # a change each time
            app.search(pattern)
            times.append(app.last_seconds)
        rows.append((pattern, len(model.rows), min(times)))
    print(f"\n{label}: {len(tokens):,} tokens, {model.n_documents:,} documents, "
          f"{len(model.vocab):,} terms")
    print(f"  index built in {built:.2f} s; index memory {model.index_bytes / 2**20:,.1f} MiB "
          f"({model.index_bytes / len(tokens):.1f} bytes/token)")
    for pattern, hits, seconds in rows:
        print(f"  {pattern:22s} {hits:>10,} hits  {seconds * 1000:8.1f} ms")
    times = [seconds for _, _, seconds in rows]
    print(f"  median {statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms "
          f"({rows[times.index(max(times))][0]})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=10_000_000)
    args = parser.parse_args()
    measure(cnb.tokenize(cnb.load_corpus()), "seeds")
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        corpus = big_corpus(args.tokens, Path(folder))
        tokens = cnb.tokenize(corpus)
        print(f"\n(built and tokenised the large corpus in {time.perf_counter() - start:.0f} s)")
        measure(tokens, "large corpus")


if __name__ == "__main__":
    main()
