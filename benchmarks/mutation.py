"""Mutation testing of one corpusnb module with mutmut: how many deliberate faults the suite misses.

mutmut changes one thing at a time in the module (a ``+`` into ``-``, ``>=`` into
``>``, a constant, an argument dropped), runs the tests that reach the changed
function, and records whether some test failed ("killed") or all passed
("survived"). A surviving mutant is either a fault the suite cannot see or an
*equivalent* mutant that changes nothing observable; the second kind is listed,
with the reason, in ``benchmarks/mutation_equivalent/<module>.toml`` and reported
apart: one ``[[mutant]]`` table per mutant with ``function`` (its name), ``line``
(the line as the mutant writes it) and ``reason``.

The run happens in a copy of the project under ``build/mutation/<module>/`` (the
source tree is never touched, and several modules can run side by side). The
mutmut settings are in ``[tool.mutmut]`` of pyproject.toml.

Usage::

    python -m pip install -e ".[test,mutation]"
    python benchmarks/mutation.py frequency            # one module
    python benchmarks/mutation.py frequency cooccurrence --jobs 2
    python benchmarks/mutation.py themes --diff         # print each survivor's diff
    python benchmarks/mutation.py themes --only "corpusnb.analyses.themes.x_dispersion*"
    python benchmarks/mutation.py frequency --tests tests/test_frequency.py  # quicker

Prints, per module: mutants, killed, survived, equivalent (listed), timeouts and
the survival rate = (survived - equivalent) / (mutants - equivalent), then the
names (and with ``--diff`` the diffs) of the survivors.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ("frequency", "cooccurrence", "concordance", "themes", "tokens")
COPIED = ("corpusnb", "tests", "seeds", "notebooks", "pyproject.toml", "README.md",
          "environment.yml")
EQUIVALENT = ROOT / "benchmarks" / "mutation_equivalent"
_LINE = re.compile(r"^\s+(corpusnb\.\S+): (.+)$")


def prepare(module: str, tests: list[str] | None = None) -> Path:
    """A fresh copy of the project in build/mutation/<module>, set to mutate one module.

    ``tests`` (paths such as tests/test_frequency.py) narrows the tests mutmut runs,
    for quicker rounds while writing tests; the figures to report use them all.
    """
    work = ROOT / "build" / "mutation" / module
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, work / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif source.exists():
            shutil.copy2(source, work / name)
    text = (work / "pyproject.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^only_mutate = \[.*?\]$",
                  f'only_mutate = ["corpusnb/{module}.py"]', text, flags=re.S)
    if tests:
        selection = ", ".join(f'"{t}"' for t in tests)
        text = re.sub(r"(?m)^pytest_add_cli_args_test_selection = \[.*?\]$",
                      f"pytest_add_cli_args_test_selection = [{selection}]", text)
    (work / "pyproject.toml").write_text(text, encoding="utf-8")
    return work


def run(module: str, jobs: int, only: str | None, tests: list[str] | None = None
        ) -> dict[str, str]:
    """Run mutmut on ``module``; the status of every mutant by name."""
    work = prepare(module, tests)
    pattern = only or f"corpusnb.{module}.*"
    done = subprocess.run([sys.executable, "-m", "mutmut", "run", pattern,
                           "--max-children", str(jobs)], cwd=work)
    if done.returncode not in (0, 1, 2):  # mutmut exits non-zero when mutants survive
        raise SystemExit(f"mutmut failed on {module} (exit {done.returncode}); "
                         f"see the output above")
    listing = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"],
                             cwd=work, capture_output=True, text=True, check=True)
    statuses = {}
    for line in listing.stdout.splitlines():
        found = _LINE.match(line)
        if found and found.group(1).startswith(f"corpusnb.{module}."):
            statuses[found.group(1)] = found.group(2).strip()
    if not statuses:
        raise SystemExit(f"mutmut produced no mutants for {module}; output:\n"
                         f"{listing.stdout}{listing.stderr}")
    return statuses


def diff(module: str, name: str) -> str:
    shown = subprocess.run([sys.executable, "-m", "mutmut", "show", name],
                           cwd=ROOT / "build" / "mutation" / module,
                           capture_output=True, text=True)
    return shown.stdout


def changed_lines(text: str) -> list[str]:
    """The added lines of a mutant's diff, stripped: what the mutant wrote."""
    return [line[1:].strip() for line in text.splitlines()
            if line.startswith("+") and not line.startswith("+++")]


def equivalents(module: str) -> list[dict]:
    """Listed equivalent mutants of ``module``: function, the mutated line, and why."""
    path = EQUIVALENT / f"{module}.toml"
    if not path.exists():
        return []
    return tomllib.loads(path.read_text(encoding="utf-8")).get("mutant", [])


def is_listed(name: str, text: str, listed: list[dict]) -> dict | None:
    function = name.split(".")[-1].split("__mutmut_")[0].removeprefix("x_").removeprefix("x")
    added = changed_lines(text)
    for entry in listed:
        if entry["function"].split(".")[-1] in (function, function.split("ǁ")[-1]) and \
                entry["line"].strip() in added:
            return entry
    return None


def report(module: str, statuses: dict[str, str], show_diff: bool) -> float:
    survivors = sorted(n for n, s in statuses.items() if s == "survived")
    listed = equivalents(module)
    equivalent, real = [], []
    for name in survivors:
        text = diff(module, name)
        entry = is_listed(name, text, listed)
        (equivalent if entry else real).append((name, text, entry))
    total = len(statuses)
    killed = sum(s == "killed" for s in statuses.values())
    timeouts = sum(s == "timeout" for s in statuses.values())
    other = total - killed - len(survivors) - timeouts
    judged = total - len(equivalent)
    rate = len(real) / judged if judged else 0.0
    print(f"\n== corpusnb/{module}.py: {total} mutants, {killed} killed, {timeouts} timeouts "
          f"(killed), {len(survivors)} survived, of which {len(equivalent)} listed as "
          f"equivalent; {other} other (no tests / suspicious / skipped)")
    print(f"   survival rate {rate:.1%} ({len(real)} of {judged})")
    for name, text, _ in real:
        print(f"   survived: {name}")
        if show_diff:
            print("\n".join("      " + line for line in text.splitlines()[2:]))
    for name, _, entry in equivalent:
        print(f"   equivalent: {name} - {entry['reason']}")
    return rate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="+", choices=MODULES)
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested at once")
    parser.add_argument("--diff", action="store_true", help="print each survivor's diff")
    parser.add_argument("--only", help="a mutant-name glob, e.g. corpusnb.analyses.themes.x_dispersion*")
    parser.add_argument("--tests", nargs="+", metavar="PATH",
                        help="run only these test files (quicker rounds; report with all)")
    args = parser.parse_args(argv)
    rates = {m: report(m, run(m, args.jobs, args.only, args.tests), args.diff)
             for m in args.modules}
    print("\nsurvival rate by module: " + ", ".join(f"{m} {r:.1%}" for m, r in rates.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
