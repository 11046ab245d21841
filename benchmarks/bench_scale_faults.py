"""Benchmark: the three scale faults of many documents and real vocabularies, before and after.

Run: python benchmarks/bench_scale_faults.py [--part documents|vocabulary|memory|all]
                                             [--before GIT-REF[,GIT-REF...]]

Every figure is measured with each corpusnb in the same run, in fresh processes: the
corpusnb of each ``--before`` ref (default: 09d7254, main before the scale work; its
``corpusnb/`` is taken with ``git archive``) and the working tree's. The table prints
them side by side and the ratio of the first to the last.

1. **documents**: tokenise 40,000 and 70,000 one-sentence documents (more than an
   int16 document code can number). Reports the time per 10,000 documents, or the
   error.
2. **vocabulary**: window co-occurrence (window 5, every term, min_count 1) on
   ~14.6 M tokens whose vocabulary is realistic: the seeds repeated, with one token
   in eight replaced by a rare word drawn from a Zipf law over 60,000 generated
   words. "First call" is the first in a fresh process (not traced); "warm" the
   median of three later calls; memory the peak traced by tracemalloc in a second call. The reference is a plain
   Python pair-counting loop over the first 1 M tokens (same counts), timed in the
   same run and scaled linearly. Target: >= 20x the loop on the first call.
3. **memory**: tokenize's time and peak traced memory, and the table's size, per
   token; frequencies / kwic / sentence co-occurrence on ~7.3 M tokens against
   np.bincount over the norm codes (the least a frequency count can cost);
   load_corpus per file; ``import corpusnb`` in a fresh process.
"""
from __future__ import annotations

import argparse
import json
import os
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


def part_documents() -> dict:
    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        for n in (40_000, 70_000):
            corpus, load = timed(cnb.load_corpus, many_documents(n, Path(folder)))
            figures[f"load {n:,} documents (s)"] = load
            try:
                tokens, seconds = timed(cnb.tokenize, corpus)
                assert tokens["doc_id"].nunique() == n
                figures[f"tokenize {n:,} documents (s)"] = seconds
            except Exception as err:  # the fault being measured
                figures[f"tokenize {n:,} documents (s)"] = f"{type(err).__name__}"
    return figures


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


def part_vocabulary(n_tokens: int) -> dict:
    tokens = realistic_tokens(n_tokens)
    # the first call timed as a user meets it (tracemalloc slows allocation-heavy code);
    # the peak traced on the next call, which allocates the same
    _, first = timed(cnb.cooccurrence, tokens, window=5, min_count=1)
    _, _, peak = traced(cnb.cooccurrence, tokens, window=5, min_count=1)
    warm = [timed(cnb.cooccurrence, tokens, window=5, min_count=1)[1] for _ in range(3)]
    return {"tokens": len(tokens), "types": int(tokens["norm"].nunique()),
            "co-occurrence, first call (s)": first,
            "co-occurrence, warm call (s)": float(np.median(warm)),
            "co-occurrence, peak traced (MiB)": peak / 2**20}


def loop_reference(n_tokens: int, loop_tokens: int) -> float:
    """Seconds of the plain loop, scaled to ``n_tokens``; its counts checked against ours."""
    sample = realistic_tokens(loop_tokens)
    reference, loop_time = timed(python_loop, sample, 5)
    ours = cnb.cooccurrence(sample, window=5, min_count=1)
    assert dict(zip(zip(ours["term1"], ours["term2"]), ours["count"])) == dict(reference), \
        "co-occurrence counts differ from the loop"
    return loop_time * n_tokens / len(sample)


# ---------------------------------------------------------------- 3. memory

def part_memory(n_tokens: int) -> dict:
    figures = {}
    import_times = []
    for _ in range(3):
        done = subprocess.run([sys.executable, "-c", "import time; s = time.perf_counter(); "
                               "import corpusnb; print(time.perf_counter() - s)"],
                              capture_output=True, text=True, check=True)
        import_times.append(float(done.stdout))
    figures["import corpusnb (s)"] = float(np.median(import_times))

    with tempfile.TemporaryDirectory() as folder:
        seeds = cnb.load_corpus()
        for k in range(2_000):
            doc = seeds[seeds.ids[k % 3]]
            (Path(folder) / f"d{k:04d}.txt").write_text(doc.text[:2_000], encoding="utf-8")
        _, load = timed(cnb.load_corpus, folder)
        figures["load_corpus per file (ms)"] = load / 2_000 * 1e3

    copies = max(1, n_tokens // 17_661)
    documents = [doc for _ in range(copies) for doc in cnb.load_corpus()]
    corpus = cnb.Corpus([_renamed(doc, k) for k, doc in enumerate(documents)],
                        path=Path("repeated-seeds"))
    warm_up = cnb.Corpus([_renamed(documents[0], -1)], path=Path("warm-up"))
    cnb.tokenize(warm_up)  # imports NLTK where it is imported lazily: not part of the figure
    tokens, seconds, peak = traced(cnb.tokenize, corpus)
    n = len(tokens)
    figures["tokens"] = n
    figures["tokenize (s)"] = seconds
    figures["tokenize, peak traced (B/token)"] = peak / n
    figures["token table (B/token)"] = tokens.memory_usage(deep=True).sum() / n
    _, base = timed(np.bincount, tokens["norm"].cat.codes.to_numpy())
    figures["np.bincount of the norm codes (s)"] = base
    for name, call in (("frequencies", lambda: cnb.frequencies(tokens)),
                       ("frequencies by doc", lambda: cnb.frequencies(tokens, by="doc_id")),
                       ("kwic 'separatis*'", lambda: cnb.kwic(tokens, "separatis*")),
                       ("sentence co-occurrence", lambda: cnb.cooccurrence(
                           tokens, context="sentence", terms=["separatis*", "islam*",
                                                              "nationalis*"]))):
        _, spent, peak = traced(call)
        figures[f"{name} (s)"] = spent
        figures[f"{name}, peak traced (MiB)"] = peak / 2**20
    return figures


def _renamed(doc, k: int):
    return cnb.Document(f"{doc.id}-{k}", doc.raw, doc.text, doc.removed, doc.sections,
                        dict(doc.meta))


def child(part: str, args) -> None:
    """Run one part with the corpusnb first on sys.path; print its figures as JSON."""
    figures = {"documents": part_documents,
               "vocabulary": lambda: part_vocabulary(args.tokens),
               "memory": lambda: part_memory(args.memory_tokens)}[part]()
    print(json.dumps({"corpusnb": cnb.__file__, **figures}))


def run_child(part: str, source: Path | None, args) -> dict:
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(source), env.get("PYTHONPATH", "")])
    command = [sys.executable, __file__, "--child", part, "--tokens", str(args.tokens),
               "--memory-tokens", str(args.memory_tokens)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=source or HERE)
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def show(columns: dict[str, dict]) -> None:
    """The figures of each corpusnb side by side, and the first one's over the last's."""
    labels = list(columns)
    first, last = columns[labels[0]], columns[labels[-1]]
    print(f"{'measure':<44} " + " ".join(f"{label:>12}" for label in labels) +
          f" {'first/last':>11}")
    for key in dict.fromkeys(k for figures in columns.values() for k in figures):
        if key == "corpusnb":
            continue
        cells = [columns[label].get(key, "-") for label in labels]
        old, new = first.get(key, "-"), last.get(key, "-")
        both = all(isinstance(v, (int, float)) for v in (old, new)) and \
            key not in ("tokens", "types") and not key.startswith("speed-up")
        ratio = f"{old / new:.1f}x" if both and new else ""
        print(f"{key:<44} " + " ".join(f"{_cell(c):>12}" for c in cells) + f" {ratio:>11}")


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if value < 10 else f"{value:,.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["documents", "vocabulary", "memory", "all"],
                        default="all")
    parser.add_argument("--before", default="09d7254",
                        help="git refs of the corpusnb to compare with, comma-separated "
                             "(default 09d7254)")
    parser.add_argument("--tokens", type=int, default=14_600_000,
                        help="tokens of the vocabulary benchmark (default 14.6 M)")
    parser.add_argument("--memory-tokens", type=int, default=7_300_000)
    parser.add_argument("--loop-tokens", type=int, default=1_000_000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args)
        return
    parts = ["documents", "vocabulary", "memory"] if args.part == "all" else [args.part]
    refs = args.before.split(",")
    with tempfile.TemporaryDirectory() as folder:
        sources = {}
        for ref in refs:  # each earlier corpusnb unpacked from git
            sources[ref] = Path(folder) / ref
            sources[ref].mkdir()
            archive = subprocess.run(["git", "archive", ref, "corpusnb", "seeds"],
                                     cwd=HERE.parent, capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(sources[ref])], input=archive, check=True)
        sources["this tree"] = HERE.parent
        for part in parts:
            print(f"\n== {part} (corpusnb at {', '.join(refs)} and this tree)")
            if part == "vocabulary":
                loop = loop_reference(args.tokens, args.loop_tokens)
                print(f"python loop, scaled to {args.tokens:,} tokens: {loop:.1f} s")
            columns = {label: run_child(part, source, args)
                       for label, source in sources.items()}
            if part == "vocabulary":
                for figures in columns.values():
                    for call in ("first", "warm"):
                        key = f"co-occurrence, {call} call (s)"
                        if isinstance(figures.get(key), float):
                            figures[f"speed-up on the loop, {call} call"] = loop / figures[key]
            show(columns)


if __name__ == "__main__":
    main()
