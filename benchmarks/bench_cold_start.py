"""Benchmark: the cold start of corpusnb, each step in a fresh process.

Run: python benchmarks/bench_cold_start.py [--speeches 60] [--repeats 5]

Writes a corpus of about 60 invented speeches (paragraphs of ``tests/speeches.py`` and
of the seed texts, drawn with a fixed seed into files of about 1,500 words, with their
stage directions), then measures, in the same run and each in a new Python process:

  * ``import pandas`` and ``import corpusnb`` (the median of ``--repeats`` processes
    each); target: ``import corpusnb`` within ``import pandas`` + 0.3 s;
  * the first ``corpusnb.tokenize`` of the loaded corpus (NLTK's import, Punkt's
    training, simplemma's first lemmas: all it needs on first use; the import of
    corpusnb and ``load_corpus`` are not timed) against the first
    ``CountVectorizer(token_pattern=corpusnb.WORD_PATTERN).fit_transform`` of the
    same texts (scikit-learn imported before the clock starts); target: within 8x.

Both first calls are timed ``--repeats`` times (alternating, fresh processes) and the
medians compared. ``--tree DIR`` runs another corpusnb (a folder holding its ``corpusnb``
package, e.g. ``git archive 0c45608 corpusnb | tar -x -C DIR``) in the same way, for a
before/after comparison in one run.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_IMPORT = """
import time
start = time.perf_counter()
import {module}
print(time.perf_counter() - start)
"""

_TOKENIZE = """
import json, sys, time
import corpusnb as cnb
corpus = cnb.load_corpus(sys.argv[1])
start = time.perf_counter()
tokens = cnb.tokenize(corpus)
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "tokens": len(tokens),
                  "sentences": int(tokens.groupby("doc_id", observed=True).sent.max().sum()
                                   + len(corpus)),
                  "chars": sum(len(doc.text) for doc in corpus)}))
"""

_VECTORIZER = """
import json, pathlib, sys, time
from sklearn.feature_extraction.text import CountVectorizer
from corpusnb.tokens.tokens import WORD_PATTERN
texts = [p.read_text(encoding="utf-8") for p in sorted(pathlib.Path(sys.argv[1]).glob("*.txt"))]
start = time.perf_counter()
CountVectorizer(token_pattern=WORD_PATTERN, lowercase=True).fit_transform(texts)
print(json.dumps({"seconds": time.perf_counter() - start}))
"""


def _paragraphs() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from tests.speeches import SPEECHES

    import corpusnb as cnb

    pool = [p for _, _, paragraphs in SPEECHES.values() for p in paragraphs]
    for doc in cnb.load_corpus():
        pool += [line for line in doc.text.split("\n") if len(line.split()) >= 40]
    return pool


def write_corpus(folder: Path, n: int, words: int = 1500) -> None:
    """``n`` files ``YEAR-Speaker.txt`` of about ``words`` words each (fixed seed)."""
    pool, rng = _paragraphs(), random.Random(20)
    for k in range(n):
        chosen, size = [], 0
        while size < words:
            paragraph = rng.choice(pool)
            chosen.append(paragraph)
            size += len(paragraph.split())
        (folder / f"{1790 + 3 * k}-Speaker{k:02d}.txt").write_text(
            "\n\n".join(chosen) + "\n", encoding="utf-8")


def _run(code: str, *args: str, tree: str | None = None) -> str:
    env = dict(os.environ, PYTHONPATH=tree) if tree else None
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                          text=True, check=True, cwd=tree or ROOT, env=env)
    return done.stdout.strip().splitlines()[-1]


def _measure(folder: Path, repeats: int, tree: str | None) -> dict[str, list]:
    times: dict[str, list] = {"import pandas": [], "import corpusnb": [],
                              "first tokenize": [], "first CountVectorizer.fit_transform": []}
    facts = {}
    for _ in range(repeats):
        times["import pandas"].append(float(_run(_IMPORT.format(module="pandas"), tree=tree)))
        times["import corpusnb"].append(float(_run(_IMPORT.format(module="corpusnb"),
                                                   tree=tree)))
        facts = json.loads(_run(_TOKENIZE, str(folder), tree=tree))
        times["first tokenize"].append(facts["seconds"])
        times["first CountVectorizer.fit_transform"].append(
            json.loads(_run(_VECTORIZER, str(folder), tree=tree))["seconds"])
    return {"times": times, "facts": facts}


def _report(name: str, measured: dict, n_files: int, repeats: int) -> None:
    med, times, facts = statistics.median, measured["times"], measured["facts"]
    print(f"{name}: {n_files} files, {facts['chars']:,} characters, "
          f"{facts['tokens']:,} tokens, {facts['sentences']:,} sentences")
    print(f"fresh processes, {repeats} each, medians (min-max):")
    for label, values in times.items():
        print(f"  {label:38s} {med(values):6.3f} s  ({min(values):.3f}-{max(values):.3f})")
    extra = med(times["import corpusnb"]) - med(times["import pandas"])
    print(f"import corpusnb - import pandas: {extra:+.3f} s  (target <= +0.3 s)")
    ratio = med(times["first tokenize"]) / med(times["first CountVectorizer.fit_transform"])
    print(f"first tokenize / first CountVectorizer: {ratio:.2f}  (target <= 8)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speeches", type=int, default=60)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--tree", help="also measure the corpusnb package in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_corpus(folder, args.speeches)
        measured = {"this tree": _measure(folder, args.repeats, None)}
        if args.tree:
            measured[args.tree] = _measure(folder, args.repeats, str(Path(args.tree).resolve()))
    for name, result in measured.items():
        _report(name, result, args.speeches, args.repeats)


if __name__ == "__main__":
    main()
