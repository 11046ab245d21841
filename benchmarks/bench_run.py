"""Benchmark: wall time of a cold `corpusnb run` of the whole notebook series.

Run: python benchmarks/bench_run.py

Runs `corpusnb run` as a fresh process (new kernels, nothing cached), once with
--jobs 1 and once with --jobs 2, each into an empty output folder, and prints both
wall times and their ratio. Targets: under 60 s; --jobs 2 faster than --jobs 1.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def cold_run(jobs: int) -> float:
    out = Path(tempfile.mkdtemp(prefix=f"corpusnb-bench-{jobs}-"))
    command = [str(Path(sys.executable).parent / "corpusnb"), "run", "--out", str(out),
               "--jobs", str(jobs)]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    shutil.rmtree(out, ignore_errors=True)
    if done.returncode != 0:
        sys.exit(f"corpusnb run --jobs {jobs} failed:\n{done.stderr}")
    return seconds


def main() -> None:
    one = cold_run(1)
    two = cold_run(2)
    print(f"corpusnb run --jobs 1: {one:.1f} s  (target < 60 s)")
    print(f"corpusnb run --jobs 2: {two:.1f} s  (target < 60 s)")
    print(f"speed-up of --jobs 2 over --jobs 1: {one / two:.2f}x  (target > 1)")


if __name__ == "__main__":
    main()
