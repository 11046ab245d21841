"""Benchmark: tokenize a ~50 MB corpus against scikit-learn's CountVectorizer.

Run: python benchmarks/bench_tokenize.py [--mb 50]

Builds a corpus by repeating the cleaned seed texts into many documents, then times,
in the same run:
  * corpusnb.tokenize (all columns: sentences, sections, norm, lemma, is_stop),
  * CountVectorizer(token_pattern=corpusnb.WORD_PATTERN).fit_transform on the same
    texts (the reference: a vocabulary and a sparse count matrix),
and reports the ratio of the two times (target: within 3x) and the token table's
memory per token (target: under 40 bytes, memory_usage(deep=True)).
"""
from __future__ import annotations

import argparse
import time

from sklearn.feature_extraction.text import CountVectorizer

import corpusnb as cnb
from corpusnb.text.corpus import Corpus, Document


def build_corpus(megabytes: float) -> Corpus:
    seeds = list(cnb.load_corpus())
    documents, size, n = [], 0, 0
    while size < megabytes * 1e6:
        seed = seeds[n % len(seeds)]
        documents.append(Document(f"{seed.id}-{n:05d}", seed.raw, seed.text,
                                  seed.removed, seed.sections, dict(seed.meta)))
        size += len(seed.text.encode("utf-8"))
        n += 1
    return Corpus(documents)


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="corpus size in MB")
    args = parser.parse_args()
    corpus = build_corpus(args.mb)
    texts = [doc.text for doc in corpus]
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    vectorizer = CountVectorizer(token_pattern=cnb.WORD_PATTERN, lowercase=True)
    _, reference = timed(vectorizer.fit_transform, texts)
    tokens, ours = timed(cnb.tokenize, corpus)
    per_token = tokens.memory_usage(deep=True).sum() / len(tokens)
    print(f"corpus: {len(corpus)} documents, {megabytes:.1f} MB, {len(tokens):,} tokens")
    print(f"CountVectorizer.fit_transform: {reference:.2f} s")
    print(f"corpusnb.tokenize:             {ours:.2f} s")
    print(f"time ratio tokenize/CountVectorizer: {ours / reference:.2f}  (target <= 3)")
    print(f"token table memory: {per_token:.1f} bytes/token  (target < 40)")


if __name__ == "__main__":
    main()
