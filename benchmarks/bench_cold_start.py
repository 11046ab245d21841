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
medians compared.
"""
from __future__ import annotations

import argparse
import json
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
from corpusnb.tokens import WORD_PATTERN
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


def _run(code: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                          text=True, check=True, cwd=ROOT)
    return done.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speeches", type=int, default=60)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_corpus(folder, args.speeches)
        pandas_s, corpusnb_s, tokenize_s, vectorizer_s = [], [], [], []
        facts = {}
        for _ in range(args.repeats):
            pandas_s.append(float(_run(_IMPORT.format(module="pandas"))))
            corpusnb_s.append(float(_run(_IMPORT.format(module="corpusnb"))))
            facts = json.loads(_run(_TOKENIZE, str(folder)))
            tokenize_s.append(facts["seconds"])
            vectorizer_s.append(json.loads(_run(_VECTORIZER, str(folder)))["seconds"])
    med = statistics.median
    print(f"corpus: {args.speeches} files, {facts['chars']:,} characters, "
          f"{facts['tokens']:,} tokens, {facts['sentences']:,} sentences")
    print(f"fresh processes, {args.repeats} each, medians (min-max):")
    for name, values in [("import pandas", pandas_s), ("import corpusnb", corpusnb_s),
                         ("first tokenize", tokenize_s),
                         ("first CountVectorizer.fit_transform", vectorizer_s)]:
        print(f"  {name:38s} {med(values):6.3f} s  ({min(values):.3f}-{max(values):.3f})")
    extra = med(corpusnb_s) - med(pandas_s)
    print(f"import corpusnb - import pandas: {extra:+.3f} s  (target <= +0.3 s)")
    ratio = med(tokenize_s) / med(vectorizer_s)
    print(f"first tokenize / first CountVectorizer: {ratio:.2f}  (target <= 8)")


if __name__ == "__main__":
    main()
