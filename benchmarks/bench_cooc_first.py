"""Benchmark: the first window co-occurrence call on a token store, in a fresh process.

Run: python benchmarks/bench_cooc_first.py STORE [STORE ...]

For each store (made by ``corpusnb index``; ``bench_scale.py --work DIR`` leaves
``DIR/store-50mb`` and ``DIR/store-500mb``), a fresh process times
``cnb.cooccurrence(store.without_stopwords(), window=5, min_count=2)`` and samples the RSS
of the process every 50 ms (``bench_scale.measured``). It prints the seconds, the peak
RSS, what the call added to the RSS held before it, and that added memory per 10 M
tokens of the store against issue 11's target (100 MB, 95.4 MiB, per 10 M tokens).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_MIB = 100e6 / 2**20  # per 10 M tokens


def first_call(store: str) -> dict:
    sys.path.insert(0, str(HERE))
    from bench_scale import measured

    import corpusnb as cnb

    opened = cnb.open_store(store)
    figures = measured(lambda: cnb.cooccurrence(opened.without_stopwords(), window=5,
                                                min_count=2))
    figures["tokens"] = opened.n_tokens  # all rows: the figures above are per token of the store
    return figures


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(first_call(sys.argv[2])))
        return
    for store in sys.argv[1:]:
        done = subprocess.run([sys.executable, __file__, "--child", store],
                              capture_output=True, text=True, check=True)
        f = json.loads(done.stdout.strip().splitlines()[-1])
        per = f["added_mib"] / f["tokens"] * 1e7
        print(f"{store}: {f['tokens']:,} tokens; {f['seconds']:.1f} s; peak {f['peak_mib']:,.0f} "
              f"MiB (+{f['added_mib']:,.0f}); {per:.1f} MiB per 10 M tokens "
              f"({per / TARGET_MIB:.2f}x the target of {TARGET_MIB:.1f})")


if __name__ == "__main__":
    main()
