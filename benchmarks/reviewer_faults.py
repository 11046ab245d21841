"""The seven faults of issue 10, put back one at a time: does some test go red for each?

A reviewer broke the library in seven small ways and the whole suite stayed green.
This script applies each fault to a copy of ``corpusnb/`` under
``build/faults/`` (the source tree is never touched), runs the test files that
should notice it, and prints whether the fault was caught. A fault whose source
line no longer exists is reported as such (the code moved: update the fault here).

Usage::

    python benchmarks/reviewer_faults.py          # all seven
    python benchmarks/reviewer_faults.py --list   # what each fault changes

Exit status 0 when every fault is caught, 1 otherwise.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("corpusnb", "tests", "seeds", "pyproject.toml")

# name, module, the line as it is, the line as the fault writes it, the tests to run
FAULTS = [
    ("keyness target_per_10k without the x10,000", "frequency",
     'table["target_per_10k"] = a / target_total * 1e4',
     'table["target_per_10k"] = a / target_total',
     "tests/test_frequency.py"),
    ("window co-occurrence g2 left unsigned", "cooccurrence",
     '"g2": np.where(o >= expected, g2, -g2)}',
     '"g2": g2}',
     "tests/test_cooccurrence.py"),
    ("window npmi ignoring the window span", "cooccurrence",
     "joint = -np.log2(o / (span * n))",
     "joint = -np.log2(o / n)",
     "tests/test_cooccurrence.py"),
    ("keyness min_count applied as > instead of >=", "frequency",
     'counts = counts[counts.sum(axis=1) >= min_count]',
     'counts = counts[counts.sum(axis=1) > min_count]',
     "tests/test_frequency.py"),
    ("hapax_share over tokens instead of types", "frequency",
     "hapaxes, hapaxes / types]",
     "hapaxes, hapaxes / n]",
     "tests/test_frequency.py"),
    ("trigram log-likelihood with f(a) instead of f(ab)", "cooccurrence",
     'table["llr"] = log_likelihood(o, fab - o, fc - o, n - fab - fc + o)',
     'table["llr"] = log_likelihood(o, fa - o, fc - o, n - fa - fc + o)',
     "tests/test_cooccurrence.py"),
    ("KWIC sort-by-left key one word short", "concordance",
     'range(hit.row - 1, max(hit.row - window, 0) - 1, -1)',
     'range(hit.row - 1, max(hit.row - window + 1, 0) - 1, -1)',
     "tests/test_concordance.py"),
]


def run(fault, work: Path) -> str:
    name, module, line, broken, tests = fault
    source = (ROOT / "corpusnb" / f"{module}.py").read_text(encoding="utf-8")
    if source.count(line) != 1:
        return "line not found (update the fault in this script)"
    (work / "corpusnb" / f"{module}.py").write_text(source.replace(line, broken),
                                                     encoding="utf-8")
    try:  # run in the copy: its folder comes first on sys.path, before the installed corpusnb
        result = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p",
                                 "no:cacheprovider", "-m", "not notebooks", tests],
                                cwd=work, capture_output=True, text=True)
    finally:
        (work / "corpusnb" / f"{module}.py").write_text(source, encoding="utf-8")
    failed = [ln for ln in result.stdout.splitlines() if ln.startswith("FAILED")]
    if result.returncode == 1 and failed:
        return "caught by " + failed[0].removeprefix("FAILED ").split(" - ")[0]
    if result.returncode == 0:
        return "MISSED: every test passed"
    return f"error (pytest exit {result.returncode}): {result.stdout[-300:]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="print the faults and stop")
    args = parser.parse_args(argv)
    if args.list:
        for name, module, line, broken, tests in FAULTS:
            print(f"{name} (corpusnb/{module}.py)\n  - {line}\n  + {broken}")
        return 0
    work = ROOT / "build" / "faults"
    if work.exists():
        shutil.rmtree(work)
    for name in COPIED:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, work / name,
                            ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, work / name)
    caught = 0
    for fault in FAULTS:
        verdict = run(fault, work)
        caught += verdict.startswith("caught")
        print(f"{fault[0]}: {verdict}", flush=True)
    print(f"{caught} of {len(FAULTS)} faults caught")
    return 0 if caught == len(FAULTS) else 1


if __name__ == "__main__":
    sys.exit(main())
