"""Benchmark the text models (issue 23): ``cnb.dfm`` against a scipy ``coo_matrix``
built directly from the token codes, on a generated token table; ``cnb.wordfish`` on a
simulated 500 x 20,000 dfm.

    python benchmarks/bench_models.py [--tokens 5000000] [--docs 2000] [--skip-wordfish]
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
from scipy import sparse

import corpusnb as cnb


def generated_table(n_tokens: int, n_docs: int, n_terms: int, seed: int = 0) -> pd.DataFrame:
    """A token table of categorical doc_id and norm (Zipf-like terms), is_stop."""
    rng = np.random.default_rng(seed)
    doc = np.sort(rng.integers(0, n_docs, n_tokens))
    rank = np.minimum(rng.zipf(1.2, n_tokens), n_terms) - 1
    docs = pd.Categorical.from_codes(doc, [f"doc{k:06d}" for k in range(n_docs)])
    terms = pd.Categorical.from_codes(rank, [f"t{k:07d}" for k in range(n_terms)])
    return pd.DataFrame({"doc_id": docs, "norm": terms, "is_stop": rank < 20})


def best(call, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_dfm(n_tokens: int, n_docs: int) -> None:
    table = generated_table(n_tokens, n_docs, 200_000)

    def direct():
        keep = ~table["is_stop"].to_numpy()
        rows = table["doc_id"].cat.codes.to_numpy()[keep]
        cols = table["norm"].cat.codes.to_numpy()[keep]
        return sparse.coo_matrix((np.ones(len(rows), dtype=np.int64), (rows, cols)),
                                 shape=(n_docs, 200_000)).tocsr()

    ours, theirs = best(lambda: cnb.dfm(table)), best(direct)
    m, d = cnb.dfm(table), direct()
    used = np.flatnonzero(np.asarray(d.sum(axis=0)).ravel())
    assert (m.matrix != d[:, used]).nnz == 0  # the same counts (terms sorted alike)
    print(f"dfm on {n_tokens:,} tokens, {n_docs:,} documents: cnb.dfm {ours:.2f} s, "
          f"coo_matrix from the codes {theirs:.2f} s, ratio {ours / theirs:.2f}")


def bench_wordfish(n_docs: int = 500, n_words: int = 20_000) -> None:
    rng = np.random.default_rng(1)
    theta = rng.normal(size=n_docs)
    eta = (rng.normal(0, 0.3, n_docs)[:, None] + rng.normal(-1, 1, n_words)[None, :]
           + np.outer(theta, rng.normal(0, 0.5, n_words)))
    y = rng.poisson(np.exp(eta))
    m = cnb.DFM(sparse.csr_matrix(y), pd.Index([f"d{k}" for k in range(n_docs)], name="doc_id"),
                pd.Index([f"w{k}" for k in range(n_words)], name="term"))
    start = time.perf_counter()
    model = cnb.wordfish(m)
    took = time.perf_counter() - start
    r = abs(np.corrcoef(model.documents["theta"], theta)[0, 1])
    print(f"wordfish on {n_docs} x {n_words:,} ({int(y.sum()):,} counts): {took:.1f} s, "
          f"{model.iterations} rounds, converged {model.converged}, |r| with truth {r:.4f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", type=int, default=5_000_000)
    parser.add_argument("--docs", type=int, default=2_000)
    parser.add_argument("--skip-wordfish", action="store_true")
    args = parser.parse_args()
    bench_dfm(args.tokens, args.docs)
    if not args.skip_wordfish:
        bench_wordfish()


if __name__ == "__main__":
    main()
