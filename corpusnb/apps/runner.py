"""Execute the narrative notebooks headless and render them to HTML.

``corpusnb run`` uses this module: each notebook is executed with nbclient in a
fresh kernel, its parameters injected as papermill does (a cell tagged
``injected-parameters`` after the cell tagged ``parameters``), and written as an
executed ``.ipynb`` and a self-contained ``.html`` (figures embedded as data
URIs), with an ``index.html`` linking them (the front page, written by
:mod:`corpusnb.apps.site`; ``students=True`` runs the students' copies of
:mod:`corpusnb.apps.teaching`). Cells tagged ``seeds-only`` (prose
and checks that interpret the seed texts) are left out when the corpus is
another one, so that no page names a text that is not in its corpus. A failure names the notebook, the
cell and the error; the last good output of a notebook is never replaced by a
failed one (that goes to ``NAME.failed.html``).
"""
from __future__ import annotations

import ast
import keyword
import math
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import nbformat
from jinja2 import DictLoader
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter
from nbconvert.preprocessors import CoalesceStreamsPreprocessor

from corpusnb.present import pages
from corpusnb._errors import CorpusError
from corpusnb._outputs import make_folder, write_atomic, write_text_atomic

__all__ = ["RunResult", "check_parameters", "inject_parameters", "notebook_paths",
           "parameter_names", "run_notebooks", "without_seed_cells"]

SEEDS_ONLY = "seeds-only"
"""The cell tag of prose and checks that are about the seed texts."""


@dataclass
class RunResult:
    """What happened to one notebook."""

    name: str
    ok: bool
    seconds: float
    html: Path | None = None
    error: str = ""
    cell: int | None = None
    figures: int = 0
    title: str = ""


def notebook_paths() -> list[Path]:
    """The shipped notebooks, in reading order (solutions last).

    Examples
    --------
    >>> [p.name for p in notebook_paths()][:2]
    ['00_corpus_and_method.ipynb', '01_separatism.ipynb']
    """
    root = _notebook_dir()
    return sorted(root.glob("*.ipynb")) + sorted((root / "solutions").glob("*.ipynb"))


def _notebook_dir() -> Path:
    packaged = resources.files("corpusnb") / "notebooks"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "notebooks"


def inject_parameters(notebook: nbformat.NotebookNode, parameters: dict
                      ) -> nbformat.NotebookNode:
    """Insert a cell setting ``parameters`` after the cell tagged ``parameters``.

    As papermill does, the new cell is tagged ``injected-parameters``; values are
    written with ``repr``, so only plain values (str, int, float, bool, None,
    lists of them) are accepted.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    ...     "corpus_path = None", metadata={"tags": ["parameters"]})])
    >>> inject_parameters(nb, {"corpus_path": "texts/"}).cells[1].source
    "# Injected parameters\\ncorpus_path = 'texts/'"
    """
    if not parameters:
        return notebook
    for name, value in parameters.items():
        _check_value(name, value)
    lines = ["# Injected parameters"] + [f"{k} = {v!r}" for k, v in parameters.items()]
    cell = nbformat.v4.new_code_cell("\n".join(lines),
                                     metadata={"tags": ["injected-parameters"]})
    cells = notebook.cells
    index = next((k + 1 for k, c in enumerate(cells)
                  if "parameters" in c.get("metadata", {}).get("tags", [])), 0)
    cells.insert(index, cell)
    return notebook


def without_seed_cells(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop the cells tagged ``seeds-only`` (for a run on another corpus).

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# T"),
    ...     nbformat.v4.new_markdown_cell("Seeds.", metadata={"tags": ["seeds-only"]})])
    >>> [c.source for c in without_seed_cells(nb).cells]
    ['# T']
    """
    notebook.cells = [c for c in notebook.cells
                      if SEEDS_ONLY not in c.get("metadata", {}).get("tags", [])]
    return notebook


def _check_value(name: str, value) -> None:
    if not name.isidentifier() or keyword.iskeyword(name):
        raise ValueError(f"parameter name {name!r} is not a Python identifier")
    plain = (str, int, float, bool, type(None))
    if isinstance(value, (list, tuple)):
        items = list(value)
        ok = all(isinstance(v, plain) for v in value)
    elif isinstance(value, dict):
        items = list(value.values())
        ok = all(isinstance(k, str) and isinstance(v, plain) for k, v in value.items())
    else:
        items, ok = [value], isinstance(value, plain)
    if not ok:
        raise ValueError(f"parameter {name} must be a plain value (text, a number, true, "
                         f"false, null, or a flat list or table of them), not "
                         f"{type(value).__name__} {value!r}")
    if any(isinstance(v, float) and not math.isfinite(v) for v in items):  # repr: nan, inf
        raise ValueError(f"parameter {name} is not a finite number ({value!r}); give a "
                         f"number, or null for None")


def parameter_names(paths: list[Path]) -> list[str]:
    """The names set in the cells tagged ``parameters`` of these notebooks, sorted.

    Examples
    --------
    >>> parameter_names(notebook_paths()[:1])
    ['corpus_path', 'store_path', 'text_column']
    """
    names = set()
    for path in paths:
        for cell in nbformat.read(path, as_version=4).cells:
            if "parameters" in cell.get("metadata", {}).get("tags", []):
                names.update(_assigned(cell.source))
    return sorted(names)


def _assigned(source: str) -> list[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    names = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, ast.AnnAssign) else []
        names += [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
    return names


def check_parameters(parameters: dict, paths: list[Path]) -> None:
    """Check ``--param`` names and values against the notebooks, before any kernel starts.

    A name must be set in the cell tagged ``parameters`` of at least one of
    ``paths``; a value must be one :func:`inject_parameters` can write.

    Raises
    ------
    CorpusError
        Naming the parameter; for an unknown name, listing the valid ones.

    Examples
    --------
    >>> check_parameters({"windw": 3}, notebook_paths()[1:2])  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    corpusnb._errors.CorpusError: --param windw: 01_separatism.ipynb has no parameter of that
    name; its parameters are corpus_path, focus_doc, store_path, text_column, themes_path, window
    """
    names = parameter_names(paths)
    one = len(paths) == 1
    for name, value in parameters.items():
        if name not in names:
            has = f"{paths[0].name} has no" if one else f"none of the {len(paths)} notebooks has a"
            listed = (f"{'its' if one else 'their'} parameters are {', '.join(names)}" if names
                      else "they have no cell tagged parameters to set")
            raise CorpusError(f"--param {name}: {has} parameter of that name; {listed}")
        try:
            _check_value(name, value)
        except ValueError as err:
            raise CorpusError(f"--param {name}: {err}") from err


def _execute(path: Path, out: Path, parameters: dict, timeout: int, seeds: bool,
             students: bool = False) -> RunResult:
    start = time.perf_counter()
    notebook = inject_parameters(nbformat.read(path, as_version=4), parameters)
    if not seeds:
        notebook = without_seed_cells(notebook)
    if students:  # exercise cells emptied, solutions and checks left out
        from corpusnb.apps.teaching import student_notebook

        notebook = student_notebook(notebook)
    error, cell = "", None
    with tempfile.TemporaryDirectory(prefix="corpusnb-kernel-") as sockets:
        # local sockets (ipc), not TCP: the kernel is reachable from this machine only
        manager = KernelManager(kernel_name="python3", transport="ipc",
                                ip=str(Path(sockets) / "kernel"),
                                kernel_spec_manager=_ThisPython())
        client = NotebookClient(notebook, km=manager, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(out)}})
        try:
            client.execute()
        except CellExecutionError as err:
            cell, error = _failed_cell(notebook, err)
        except Exception as err:  # a kernel that died or timed out: report it, keep going
            error = f"{type(err).__name__}: {err}"
        finally:
            if manager.has_kernel:  # nbclient leaves a kernel it was given running
                manager.shutdown_kernel(now=True)
    ok = not error
    html_path = _write(notebook, out, path.stem, ok)
    return RunResult(path.name, ok, time.perf_counter() - start, html_path, error, cell,
                     _count_figures(notebook), _title(notebook, path))


class _ThisPython(KernelSpecManager):
    """Kernels run on the interpreter that runs corpusnb (where corpusnb is installed),
    whatever other "python3" kernel spec the machine's Jupyter knows."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        return KernelSpec(argv=[sys.executable, "-m", "ipykernel_launcher", "-f",
                                "{connection_file}"],
                          display_name="Python 3 (corpusnb)", language="python")


def _failed_cell(notebook, err: CellExecutionError) -> tuple[int | None, str]:
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return index, f"{output.get('ename')}: {output.get('evalue')}"
    return None, str(err).strip().splitlines()[-1] if str(err).strip() else repr(err)


def _write(notebook, out: Path, stem: str, ok: bool) -> Path:
    """The executed notebook and its page, each written whole (a temporary file renamed).

    A cell's printed text is kept as one stream output (the kernel cuts it into pieces at
    points that vary from run to run), so two runs give the same outputs."""
    suffix = "" if ok else ".failed"
    notebook, _ = CoalesceStreamsPreprocessor().preprocess(notebook, {})
    write_atomic(out / f"{stem}{suffix}.ipynb", lambda temp: nbformat.write(notebook, temp))
    body, _ = _exporter().from_notebook_node(pages.for_export(notebook))
    target = out / f"{stem}{suffix}.html"
    write_text_atomic(target, pages.interactive_tables(body))
    return target


# JupyterLab's HTML template without the scripts it would fetch from a CDN (require.js,
# MathJax, mermaid) or the widget manager: the pages are read offline and need none of them
# (widget outputs show their static fallback, see corpusnb/pages.py).
_OFFLINE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
"""


def _exporter() -> HTMLExporter:
    return HTMLExporter(extra_loaders=[DictLoader({"corpusnb.html.j2": _OFFLINE_TEMPLATE})],
                        template_file="corpusnb.html.j2", embed_images=True)


def _count_figures(notebook) -> int:
    return sum(1 for cell in notebook.cells for output in cell.get("outputs", [])
               if "image/png" in output.get("data", {}))


def _title(notebook, path: Path) -> str:
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def run_notebooks(paths: list[Path], out: Path, *, parameters: dict | None = None,
                  jobs: int = 1, timeout: int = 600, seeds: bool = True, log=sys.stderr,
                  corpus=None, students: bool = False, front_page: bool = True
                  ) -> list[RunResult]:
    """Execute notebooks (``jobs`` at a time), write their outputs and an index page.

    ``seeds=False`` (the corpus is not the seed corpus) drops the cells tagged
    ``seeds-only``. ``corpus`` (the corpus the notebooks read) gives the index
    page its corpus facts. ``students=True`` runs the student copies (see
    :func:`corpusnb.apps.teaching.student_notebook`) and leaves the teachers' part
    out of the index. ``front_page=False`` leaves the index page to the caller
    (:func:`corpusnb.apps.site.write_front_page`). Returns the results in the order of
    ``paths``.
    """
    make_folder(out)
    if corpus is None and front_page:
        corpus = _corpus_of(parameters or {})
    results: dict[Path, RunResult] = {}
    with ThreadPoolExecutor(max_workers=max(jobs, 1)) as pool:
        futures = {pool.submit(_execute, p, out, parameters or {}, timeout, seeds,
                               students): p
                   for p in paths}
        for done, future in enumerate(as_completed(futures), start=1):
            result = results[futures[future]] = future.result()
            status = "ok" if result.ok else f"FAILED at cell {result.cell}: {result.error}"
            print(f"[{done}/{len(paths)}] {result.name}: {status} ({result.seconds:.1f} s, "
                  f"{result.figures} figures)", file=log, flush=True)
    ordered = [results[p] for p in paths]
    if front_page:
        from corpusnb.apps.site import write_front_page  # the index page: corpus, notebooks, run

        write_front_page(out, ordered, corpus=corpus, students=students)
    return ordered


def _corpus_of(parameters: dict):
    """The corpus the notebooks read with these parameters (None if it cannot be read:
    the notebooks say why)."""
    from corpusnb.text.corpus import load_corpus

    try:
        return load_corpus(parameters.get("corpus_path"),
                           text_column=parameters.get("text_column"))
    except CorpusError:
        return None
