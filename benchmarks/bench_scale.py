"""Benchmark: the token store at scale — indexing on one core and two, re-loading, and the
analyses in memory, from the store and on a Dask LocalCluster.

Run: python benchmarks/bench_scale.py [--sizes 50,500] [--big] [--work DIR] [--keep]
     python benchmarks/bench_scale.py --notebooks [--sizes 25,125] [--work DIR] [--jobs 1]
                                      [--before main]

For each size (MB of UTF-8 text; ``--big`` adds 2,000) a folder of documents is made
from the seed texts: paragraphs drawn at random (fixed seed) into documents of 4–16 KB,
one word in ten replaced by a rare word drawn from a Zipf law over 200,000 generated
words, so the vocabulary grows with the corpus as a real one does. Then, each step in a
fresh process (peak RSS = the most the process and its children held at once, sampled
every 50 ms):

* index, 1 worker and 2 workers (``cnb.index``): seconds, MB/s, peak RSS;
* re-load (``open_store(...).tokens()``) against re-tokenising (``load_corpus`` +
  ``tokenize``, in memory; left out above 500 MB, where it does not fit);
* frequencies, keyness (the first tenth of the documents against the rest), KWIC of
  ``separat*`` and window co-occurrence (window 5, no stopwords, min_count 2), each
  in memory (on the table read from the store), from the store a part at a time,
  and on a LocalCluster of two worker processes: seconds and peak RSS; the store's
  co-occurrence also as a first and a second (warm) call.

With ``--notebooks``, the same corpora are indexed (or their stores found up to date)
and ``corpusnb run --corpus C --store S`` runs every notebook on each: seconds, peak RSS
of the run and its kernels together, of any one process, of the run's own process and
of the largest kernel (against the issue's targets: 2 GiB in any process at about 125 MB,
4 GiB at 1 GB), each notebook's seconds and (with ``--jobs 1``) its kernel's peak RSS,
and the exponent of the run's time in size. ``--before REF`` runs the same notebooks on
that git ref's code first (its files by ``git archive``, imported through PYTHONPATH by
the run and its kernels), on the same store, for a before/after table.

Targets (issue 11): peak RSS of indexing 2 GB under 4 GiB; re-load >= 10x faster than
re-tokenising; two workers >= 1.7x one for indexing; the exponent of indexing time in
size (printed) near 1; co-occurrence from the store under 100 MB of memory per 10 M
tokens, its first call within 1.5x of a warm call.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MB = 1_000_000


# ---------------------------------------------------------------- the corpus

def make_corpus(folder: Path, megabytes: int, seed: int = 7) -> Path:
    """Documents of seed paragraphs with rare words, ``megabytes`` of text in all."""
    import numpy as np

    import corpusnb as cnb

    if (folder / "DONE").is_file():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    paragraphs = [p for doc in cnb.load_corpus() for p in doc.text.split("\n") if len(p) > 80]
    rng = random.Random(seed)
    generator = np.random.default_rng(seed)
    ranks = np.arange(1, 200_001)
    weights = 1.0 / ranks
    weights /= weights.sum()
    word = re.compile(r"\S+")
    written, number = 0, 0
    while written < megabytes * MB:
        size = rng.randint(4_000, 16_000)
        text = []
        while sum(map(len, text)) < size:
            text.append(rng.choice(paragraphs))
        body = "\n".join(text)
        words = word.findall(body)
        rare = iter(generator.choice(len(ranks), size=len(words) // 10 + 1, p=weights))
        body = " ".join(f"zq{next(rare):x}" if k % 10 == 9 else w for k, w in enumerate(words))
        sub = folder / f"{number // 1000:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        document = f"Document {number}\n\n{body}\n"
        (sub / f"d{number:07d}.txt").write_text(document, encoding="utf-8")
        written += len(document.encode("utf-8"))
        number += 1
    (folder / "DONE").write_text(f"{number} documents, {written} bytes\n")
    return folder


# ---------------------------------------------------------------- measuring

class PeakRSS:
    """The largest summed RSS of this process and its descendants while running, and the
    largest RSS of each process (``processes``: pid -> first seen, command line, peak)."""

    def __init__(self) -> None:
        import psutil

        self.process, self.peak, self.running = psutil.Process(), 0, True
        self.processes: dict[int, dict] = {}
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        import psutil

        start = time.perf_counter()
        while self.running:
            total = 0
            for process in [self.process, *self._children()]:
                try:
                    rss = process.memory_info().rss
                    seen = self.processes.get(process.pid)
                    if seen is None:
                        seen = self.processes[process.pid] = {
                            "first": time.perf_counter() - start, "peak": 0, "command": ""}
                    if "ipykernel" not in seen["command"]:  # a fork shows its parent's
                        command = " ".join(process.cmdline())[:300]  # command until exec
                        if "ipykernel" in command:  # and its pages: the kernel's are new
                            seen["peak"] = 0
                        seen["command"] = command
                except psutil.Error:
                    continue
                seen["peak"] = max(seen["peak"], rss)
                total += rss
            self.peak = max(self.peak, total)
            time.sleep(0.05)

    def _children(self) -> list:
        import psutil

        try:
            return self.process.children(recursive=True)
        except psutil.Error:
            return []

    def __enter__(self) -> PeakRSS:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.running = False
        self.thread.join()


def measured(function, *args, _processes: bool = False, **kwargs) -> dict:
    """Seconds, peak RSS (of the process and its children) and that peak less the RSS
    held before the call (what the call itself added); with ``_processes``, each
    process's peak too."""
    import psutil

    before = psutil.Process().memory_info().rss
    with PeakRSS() as rss:
        start = time.perf_counter()
        function(*args, **kwargs)
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mib": rss.peak / 2**20,
            "added_mib": max(rss.peak - before, 0) / 2**20,
            **({"processes": {str(pid): {**seen, "peak_mib": seen.pop("peak") / 2**20}
                              for pid, seen in rss.processes.items()}} if _processes else {})}


def step(name: str, corpus: str, store: str) -> dict:
    """One step, run in this (fresh) process; returns its figures."""
    import corpusnb as cnb

    if name.startswith("index"):
        workers = int(name[-1])
        target = Path(store + f"-{workers}")
        shutil.rmtree(target, ignore_errors=True)
        figures = measured(cnb.index, corpus, target, workers=workers)
        figures["tokens"] = cnb.open_store(target).n_tokens
        return figures
    if name.startswith("run"):  # corpusnb run --store: every notebook, kernels included
        out = Path(tempfile.mkdtemp(prefix="bench-run-"))
        done = {}

        def notebooks() -> None:
            done["run"] = subprocess.run(
                [sys.executable, "-c", "import sys; from corpusnb.apps.cli import main; "
                 "sys.exit(main(sys.argv[1:]))", "run", "--corpus", corpus, "--store",
                 store, "--out", str(out), "--jobs", name[3:] or "1"],
                capture_output=True, text=True)

        figures = measured(notebooks, _processes=True)
        lines = done["run"].stderr.splitlines()
        ran = [m for m in (re.match(r"\[\d+/\d+\] (\S+): (ok|FAILED.*) \(([\d.]+) s", line)
                           for line in lines) if m]
        figures["notebooks"] = {m.group(1): float(m.group(3)) for m in ran}
        figures["failed"] = [m.group(1) for m in ran if m.group(2) != "ok"]
        figures.update(_by_process(figures.pop("processes"), [m.group(1) for m in ran],
                                   jobs=int(name[3:] or "1")))
        figures["status"] = done["run"].returncode
        figures["tokens"] = cnb.open_store(store).n_tokens
        shutil.rmtree(out, ignore_errors=True)
        return figures
    if name == "reload":
        return measured(lambda: cnb.open_store(store + "-2").tokens())
    if name == "tokenize":
        return measured(lambda: cnb.tokenize(cnb.load_corpus(corpus)))
    opened = cnb.open_store(store + "-2")
    ids = opened.ids
    target = ids[: max(len(ids) // 10, 1)]
    analyses = {
        "frequencies": lambda t, **e: cnb.frequencies(t, **e),
        "keyness": lambda t, **e: cnb.keyness(t, target, **e),
        "kwic": lambda t, **e: cnb.kwic(t, "separat*", **e),
        "cooccurrence": lambda t, **e: cnb.cooccurrence(t, window=5, min_count=2, **e),
    }
    figures = {}
    if name == "memory":
        tokens = opened.tokens()
        for analysis, run in analyses.items():
            table = tokens[~tokens.is_stop] if analysis == "cooccurrence" else tokens
            figures[analysis] = measured(run, table)
        return figures
    if name == "store":
        for analysis, run in analyses.items():
            source = opened.without_stopwords() if analysis == "cooccurrence" else opened
            figures[analysis] = measured(run, source)
        figures["cooccurrence_warm"] = measured(analyses["cooccurrence"],
                                                opened.without_stopwords())
        return figures
    if name == "dask":
        import distributed

        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      host="127.0.0.1", dashboard_address=None) as cluster, \
                distributed.Client(cluster):
            for analysis, run in analyses.items():
                source = opened.without_stopwords() if analysis == "cooccurrence" else opened
                figures[analysis] = measured(run, source, engine="dask")
        return figures
    raise ValueError(name)


def _by_process(processes: dict, ran: list[str], *, jobs: int) -> dict:
    """Peak RSS of the run's own process (``corpusnb run``, the first child) and of each
    notebook's kernel: with one notebook at a time the kernels start in the order the
    notebooks finish, so the k-th kernel is the k-th notebook's."""
    seen = sorted(processes.values(), key=lambda p: p["first"])
    run = [p for p in seen if "corpusnb.apps.cli" in p["command"]][:1]
    kernels = {}  # by command line: a kernel's own forks have its connection file too
    for p in seen:
        if "ipykernel" in p["command"]:
            kernel = kernels.setdefault(p["command"], dict(p))
            kernel["peak_mib"] = max(kernel["peak_mib"], p["peak_mib"])
    kernels = list(kernels.values())
    out = {"run_mib": max((p["peak_mib"] for p in run), default=math.nan),
           "kernel_mib": [p["peak_mib"] for p in kernels],
           "any_process_mib": max((p["peak_mib"] for p in seen), default=math.nan)}
    out["kernels_seen"] = len(kernels)
    out["process_list"] = [(round(p["first"], 1), round(p["peak_mib"]), p["command"][:90])
                           for p in seen]
    if jobs == 1 and len(kernels) == len(ran):
        out["notebook_mib"] = {name: p["peak_mib"] for name, p in zip(ran, kernels)}
    return out


def in_child(name: str, corpus: Path, store: Path, source: Path | None = None) -> dict:
    """Step ``name`` in a fresh process; ``source``: a checkout of corpusnb whose code it
    (and every process it starts: the run, its kernels) imports instead of this one's."""
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(source), env.get("PYTHONPATH", "")])
    done = subprocess.run([sys.executable, __file__, "--step", name, "--corpus", str(corpus),
                           "--store", str(store)], capture_output=True, text=True, env=env,
                          cwd=Path(store).parent)  # not a checkout: python -c imports from cwd
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- the table

def run(sizes: list[int], work: Path) -> None:
    rows = {}
    for size in sizes:
        corpus = make_corpus(work / f"corpus-{size}mb", size)
        store = work / f"store-{size}mb"
        figures = {name: in_child(name, corpus, store) for name in ("index1", "index2", "reload")}
        if size <= 500:
            figures["tokenize"] = in_child("tokenize", corpus, store)
        for name in ("memory", "store", "dask"):
            figures[name] = in_child(name, corpus, store)
        rows[size] = figures
        print(f"{size} MB done: {json.dumps(figures)}", file=sys.stderr, flush=True)
    report(rows)


def checkout(ref: str, work: Path) -> Path:
    """The package's files at ``ref`` (git archive, no worktree), for the "before" run."""
    target = work / f"source-{re.sub(r'[^A-Za-z0-9._-]', '_', ref)}"
    if not (target / "corpusnb" / "__init__.py").is_file():
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(HERE.parent), "archive", ref],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


# the targets for corpusnb run --store: peak RSS of any process (MiB)
TARGETS = [(125, 2 * 1024), (1000, 4 * 1024)]


def run_notebooks(sizes: list[int], work: Path, jobs: int, before: str | None = None) -> None:
    """``corpusnb run --store`` on each corpus, its store made or found up to date first;
    with ``before``, the same run on that git ref's code first (the same store)."""
    import corpusnb as cnb

    source = checkout(before, work) if before else None
    rows = {}
    for size in sizes:
        corpus = make_corpus(work / f"corpus-{size}mb", size)
        store = work / f"store-{size}mb"
        cnb.index(corpus, store)  # nothing is tokenised when the store is up to date
        rows[size] = {}
        if source is not None:
            rows[size]["before"] = in_child(f"run{jobs}", corpus, store, source)
        rows[size]["after"] = in_child(f"run{jobs}", corpus, store)
        print(f"{size} MB done: {json.dumps(rows[size])}", file=sys.stderr, flush=True)
    report_notebooks(rows, before)


def report_notebooks(rows: dict, before: str | None) -> None:
    runs = (["before"] if before else []) + ["after"]
    label = {"before": f"before ({before})", "after": "after (this checkout)"}
    print("\n| corpus | code | tokens | notebooks | run s | peak RSS MiB: all processes | "
          "any one process | corpusnb run | largest kernel | target |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for size, both in rows.items():
        target = next((f"≤ {mib:,} MiB" for mb, mib in TARGETS if size <= mb), "")
        for which in runs:
            r = both[which]
            if "error" in r:
                print(f"| {size} MB | {label[which]} | | failed: {r['error']} | | | | | | |")
                continue
            ran = f"{len(r['notebooks']) - len(r['failed'])} of {len(r['notebooks'])} ran"
            kernel = max(r["kernel_mib"], default=math.nan)
            print(f"| {size} MB | {label[which]} | {r['tokens']:,} | {ran} | "
                  f"{r['seconds']:.0f} | {r['peak_mib']:,.0f} | {r['any_process_mib']:,.0f} | "
                  f"{r['run_mib']:,.0f} | {kernel:,.0f} | {target} |")
    for size, both in rows.items():
        ok = [w for w in runs if "error" not in both[w]]
        if not ok:
            continue
        names = list(dict.fromkeys(n for w in ok for n in both[w]["notebooks"]))
        print(f"\n{size} MB, each notebook (its kernel's peak RSS needs --jobs 1):\n")
        print("| notebook | " + " | ".join(f"{label[w]} s | MiB" for w in ok) + " |")
        print("|---|" + "---|---|" * len(ok))
        for name in names:
            cells = []
            for w in ok:
                r = both[w]
                seconds = r["notebooks"].get(name)
                mib = r.get("notebook_mib", {}).get(name)
                failed = " FAILED" if name in r["failed"] else ""
                cells += ["" if seconds is None else f"{seconds:.1f}{failed}",
                          "" if mib is None else f"{mib:,.0f}"]
            print(f"| {name} | " + " | ".join(cells) + " |")
    done = [s for s in rows if "error" not in rows[s]["after"]]
    if len(done) > 1:
        small, large = done[0], done[-1]
        a, b = rows[small]["after"]["seconds"], rows[large]["after"]["seconds"]
        exponent = math.log(b / a) / math.log(large / small)
        print(f"\nThe run's time grows as size^{exponent:.2f} between {small} and {large} MB "
              f"({b / a:.1f}x for {large / small:.0f}x the text).")


def _f(figure: dict, key: str = "seconds", digits: int = 1) -> str:
    if "error" in figure:
        return "error: " + figure["error"][:40]
    return f"{figure[key]:,.{digits}f}"


def report(rows: dict) -> None:
    print("\n## Indexing (cnb.index)\n")
    print("| corpus | tokens | 1 worker s | 2 workers s | 2 vs 1 | MB/s (2) | peak RSS MiB (2) |")
    print("|---|---|---|---|---|---|---|")
    for size, f in rows.items():
        one, two = f["index1"], f["index2"]
        ratio = one["seconds"] / two["seconds"] if "error" not in {**one, **two} \
            else math.nan
        print(f"| {size} MB | {two.get('tokens', 0):,} | {_f(one)} | {_f(two)} | {ratio:.2f}x | "
              f"{size / two['seconds']:.2f} | {_f(two, 'peak_mib', 0)} |")
    sizes = [s for s in rows if "error" not in rows[s]["index2"]]
    if len(sizes) >= 2:
        xs = [math.log(s) for s in sizes]
        ys = [math.log(rows[s]["index2"]["seconds"]) for s in sizes]
        slope = (ys[-1] - ys[0]) / (xs[-1] - xs[0])
        print(f"\nIndexing time grows as size^{slope:.2f} between {sizes[0]} and {sizes[-1]} MB.")
    print("\n## Re-load from the store against re-tokenising\n")
    print("| corpus | re-load s | peak MiB | re-tokenise s | peak MiB | ratio |")
    print("|---|---|---|---|---|---|")
    for size, f in rows.items():
        again = f.get("tokenize", {"error": "not run (too big for memory)"})
        ratio = again["seconds"] / f["reload"]["seconds"] if "error" not in again else math.nan
        print(f"| {size} MB | {_f(f['reload'], digits=2)} | {_f(f['reload'], 'peak_mib', 0)} | "
              f"{_f(again)} | {_f(again, 'peak_mib', 0)} | {ratio:.1f}x |")
    print("\n## Analyses: in memory / from the store / Dask LocalCluster (2 workers)\n")
    print("| corpus | analysis | memory s | MiB | store s | MiB (added) | dask s | MiB |")
    print("|---|---|---|---|---|---|---|---|")
    for size, f in rows.items():
        for analysis in ("frequencies", "keyness", "kwic", "cooccurrence"):
            cells = []
            for engine in ("memory", "store", "dask"):
                figure = f[engine].get(analysis, f[engine]) if "error" not in f[engine] \
                    else f[engine]
                memory = _f(figure, "peak_mib", 0)
                if engine == "store" and "error" not in figure:
                    memory += f" (+{figure['added_mib']:,.0f})"
                cells += [_f(figure, digits=2), memory]
            print(f"| {size} MB | {analysis} | {' | '.join(cells)} |")
        store = f["store"]
        if "error" not in store:
            first, warm = store["cooccurrence"], store["cooccurrence_warm"]
            print(f"| {size} MB | co-occurrence from the store, first / warm call | | | "
                  f"{first['seconds']:.2f} / {warm['seconds']:.2f} "
                  f"({first['seconds'] / warm['seconds']:.2f}x) | | | |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,500", help="MB of text, comma-separated")
    parser.add_argument("--big", action="store_true", help="add the 2,000 MB corpus")
    parser.add_argument("--work", default=None, help="folder for corpora and stores "
                                                     "(default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--notebooks", action="store_true",
                        help="time corpusnb run --store (every notebook) on each corpus")
    parser.add_argument("--jobs", type=int, default=1, help="notebooks at once (--notebooks)")
    parser.add_argument("--before", default=None, metavar="REF",
                        help="with --notebooks: run the notebooks on this git ref's code too "
                             "(e.g. main), on the same store, for the before/after table")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(step(args.step, args.corpus, args.store)))
        return
    sizes = [int(s) for s in args.sizes.split(",")] + ([2000] if args.big else [])
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"cores: {os.cpu_count()}; work folder: {work}", file=sys.stderr)
    try:
        run_notebooks(sizes, work, args.jobs, args.before) if args.notebooks else \
            run(sizes, work)
    finally:
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
