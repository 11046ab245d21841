"""The package's layering, read from its own imports (``ast``): no import circles, no
import of another module's private name, imports only down the data flow, and only the
engine's sources, the store and the apps know what a Store or Dask is.

Every import counts: at module level or inside a function, ``import x`` and ``from x
import y``, absolute or relative. The flow, lowest first: the base modules (``_errors``,
``_outputs``, ``limits`` and ``corpusnb/__init__``), then ``text/`` < ``tokens/`` <
``store/`` < ``engine/`` < ``analyses/`` < ``present/`` < ``apps/``; a module may import
its own layer and those below it, and ``corpusnb/__init__.py`` (the public names, mapped
lazily to their modules) may import them all. A private module (a file or folder whose
name starts with ``_``) may be imported from freely; a private name of a public module
may not: move what two modules share into a private module, or make it public.

The tests at the end plant each fault in a small package in a temporary folder and check
that the checker finds it, so a checker that finds nothing cannot pass unseen.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

import corpusnb

PACKAGE = Path(corpusnb.__file__).resolve().parent

LAYERS = ("text", "tokens", "store", "engine", "analyses", "present", "apps")
"""The subpackages in the order of the data flow, lowest first."""
BASE = ("_errors", "_outputs", "limits")
"""The modules at the top of the package, below every layer."""
KNOWS_STORES = ("engine.sources", "store", "apps")
"""What may import the store (``corpusnb.store``, ``Store``) or dask/distributed (a
module, or every module of a subpackage), besides ``corpusnb/__init__``."""
CLUSTER_PACKAGES = ("dask", "distributed")


# ------------------------------------------------------------------ the checker

@dataclass(frozen=True)
class Import:
    """One import statement's name: ``from target import name`` (or ``import target``,
    name None), written in ``module`` at ``line``."""

    module: str
    target: str
    name: str | None
    line: int

    def __str__(self) -> str:
        what = f"import {self.target}" if self.name is None else \
            f"from {self.target} import {self.name}"
        return f"{self.module} (line {self.line}: {what})"


def module_name(path: Path, root: Path) -> str:
    """``corpusnb.analyses.frequency`` of ``corpusnb/analyses/frequency.py``."""
    name = ".".join(path.relative_to(root.parent).with_suffix("").parts)
    return name.removesuffix(".__init__")


def modules(root: Path) -> dict[str, Path]:
    """Every module of the package at ``root``, by name."""
    return {module_name(path, root): path for path in sorted(root.rglob("*.py"))}


def packages(root: Path) -> set[str]:
    return {module_name(path, root) for path in root.rglob("__init__.py")}


def imports(root: Path) -> list[Import]:
    """Every import in the package at ``root``, its target absolute (relative imports
    resolved), at any depth of the code."""
    found = []
    for module, path in modules(root).items():
        base = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                found += [Import(module, alias.name, None, node.lineno) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    parts = base.split(".")[:len(base.split(".")) - node.level + 1]
                    target = ".".join(parts + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                found += [Import(module, target, alias.name, node.lineno)
                          for alias in node.names]
    return found


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def reached(imp: Import, known: set[str]) -> list[str]:
    """The package's modules an import names: the target, and ``target.name`` when
    that is a module (``from corpusnb.analyses import frequency``)."""
    names = [imp.target] + ([f"{imp.target}.{imp.name}"] if imp.name else [])
    return [n for n in names if n in known]


def edges(root: Path) -> dict[str, dict[str, Import]]:
    """module -> {module it imports: the first import of it}; imports of the package
    itself (its ``__init__``, whose names load lazily) and of a package a module is in
    are left out, as Python has loaded those before the module anyway."""
    known, pkgs, graph = set(modules(root)), packages(root), {}
    for imp in imports(root):
        for target in reached(imp, known):
            if target == imp.module or target == root.name or (
                    target in pkgs and imp.module.startswith(target + ".")):
                continue
            graph.setdefault(imp.module, {}).setdefault(target, imp)
    return graph


def circles(root: Path) -> list[str]:
    """Each import circle (a strongly connected set of modules), with the imports that
    close it."""
    graph = {m: set(t) for m, t in edges(root).items()}
    order, low, stack, on, found = {}, {}, [], set(), []

    def visit(v: str) -> None:
        order[v] = low[v] = len(order)
        stack.append(v)
        on.add(v)
        for u in sorted(graph.get(v, ())):
            if u not in order:
                visit(u)
                low[v] = min(low[v], low[u])
            elif u in on:
                low[v] = min(low[v], order[u])
        if low[v] == order[v]:
            group = set()
            while True:
                u = stack.pop()
                on.discard(u)
                group.add(u)
                if u == v:
                    break
            if len(group) > 1:
                found.append(group)

    for v in sorted(graph):
        if v not in order:
            visit(v)
    full = edges(root)
    return [f"import circle {' <-> '.join(sorted(group))}:"
            + "".join(f"\n    {full[a][b]}" for a in sorted(group) for b in sorted(full[a])
                      if b in group)
            for group in found]


def private_imports(root: Path) -> list[str]:
    """Imports of a private name of another, public, module of the package."""
    known = set(modules(root))
    found = []
    for imp in imports(root):
        if imp.target.split(".")[0] != root.name or imp.name is None or imp.target not in known:
            continue
        if imp.target == imp.module or any(_is_private(p) for p in imp.target.split(".")[1:]):
            continue  # its own name, or a private module's (free to import)
        if _is_private(imp.name):
            kind = "module" if f"{imp.target}.{imp.name}" in known else "name"
            found.append(f"{imp} takes the private {kind} {imp.name} of {imp.target}: "
                         + (f"import from {imp.target}.{imp.name} itself" if kind == "module"
                            else "move it into a private module (a file named _...) or "
                                 "make it public"))
    return found


def layer(module: str, root_name: str) -> int | None:
    """The rank of a module in the flow: 0 for the base modules (and the package's
    ``__init__``), 1 + the index in LAYERS for a subpackage's; None for a module in
    no layer."""
    parts = module.split(".")[1:]
    if not parts:
        return 0
    if parts[0] in LAYERS:
        return 1 + LAYERS.index(parts[0])
    return 0 if len(parts) == 1 and parts[0] in BASE else None


def upward_imports(root: Path) -> list[str]:
    """Imports that climb the flow (and modules in no layer)."""
    known, found = set(modules(root)), []
    for module in sorted(known):
        if layer(module, root.name) is None:
            found.append(f"{module} is in no layer: move it into one of {', '.join(LAYERS)} "
                         f"(or make it a base module)")
    for imp in statements(imports(root)):
        own = layer(imp.module, root.name)
        if imp.module == root.name or own is None:
            continue  # the package's __init__ may import every layer
        # the deepest module named gives the layer: from pkg import x is x's
        ranked = sorted((layer(t, root.name), t) for name in (imp.name or "").split(", ")
                        if (t := (reached(Import(imp.module, imp.target, name or None,
                                                 imp.line), known) or [None])[-1]))
        if ranked and ranked[-1][0] is not None and ranked[-1][0] > own:
            found.append(f"{imp} climbs from {_layer_name(own)} up to "
                         f"{_layer_name(ranked[-1][0])} ({ranked[-1][1]})")
    return found


def statements(found: list[Import]) -> list[Import]:
    """The imports of one statement as one (``from x import a, b``)."""
    merged: dict[tuple, list[Import]] = {}
    for imp in found:
        merged.setdefault((imp.module, imp.line, imp.target, imp.name is None), []).append(imp)
    return [Import(group[0].module, group[0].target,
                   None if group[0].name is None else ", ".join(i.name for i in group),
                   group[0].line) for group in merged.values()]


def _layer_name(rank: int) -> str:
    return "the base modules" if rank == 0 else f"{LAYERS[rank - 1]}/"


def _knows_stores(module: str, root_name: str) -> bool:
    if module == root_name:
        return True
    inner = module.removeprefix(root_name + ".")
    return any(inner == allowed or inner.startswith(allowed + ".") for allowed in KNOWS_STORES)


def store_imports(root: Path) -> list[str]:
    """Imports of the store or of dask/distributed outside the modules that may know
    them (KNOWS_STORES)."""
    known, store, found = set(modules(root)), f"{root.name}.store", []
    for imp in statements(imports(root)):
        if _knows_stores(imp.module, root.name):
            continue
        outside = imp.target.split(".")[0]
        if outside in CLUSTER_PACKAGES:
            found.append(f"{imp} uses {outside}: only {', '.join(KNOWS_STORES)} may; "
                         f"an analysis counts parts (corpusnb.engine.run.Analysis)")
        elif outside == root.name and ("Store" in (imp.name or "").split(", ") or any(
                t == store or t.startswith(store + ".")
                for name in (imp.name or "").split(", ")
                for t in reached(Import(imp.module, imp.target, name or None, imp.line),
                                 known))):
            found.append(f"{imp} knows the token store: only {', '.join(KNOWS_STORES)} may; "
                         f"an analysis reads its source through corpusnb.engine.run")
    return found


# ------------------------------------------------------------------ the package

def test_no_import_circles():
    found = circles(PACKAGE)
    assert not found, "\n".join(found)


def test_no_module_imports_another_modules_private_name():
    found = private_imports(PACKAGE)
    assert not found, "\n".join(found)


def test_imports_only_point_down_the_flow():
    found = upward_imports(PACKAGE)
    assert not found, "\n".join(found)


def test_only_the_engine_sources_store_and_apps_know_stores_and_dask():
    found = store_imports(PACKAGE)
    assert not found, "\n".join(found)


def test_the_checker_reads_the_whole_package():
    # the layers are there, and imports in functions and relative ones are read
    assert {m.split(".")[1] for m in modules(PACKAGE) if m.count(".") >= 2} >= set(LAYERS)
    found = {(i.module, i.target, i.name) for i in imports(PACKAGE)}
    assert ("corpusnb.apps.cli", "corpusnb.store.store", "index") in found  # in _index()
    assert ("corpusnb", "corpusnb._errors", "CorpusError") in found


# ------------------------------------------------------------------ the checker, planted

def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    """A package ``pkg`` in ``tmp_path`` with the layers' folders and ``files``."""
    root = tmp_path / "pkg"
    for folder in ("", *LAYERS):
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / "__init__.py").write_text("", encoding="utf-8")
    (root / "_errors.py").write_text("class Error(Exception):\n    pass\n", encoding="utf-8")
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


CLEAN = {
    "text/corpus.py": "from pkg._errors import Error\n",
    "tokens/tokens.py": "from pkg.text.corpus import Error\nimport pkg.tokens._shared\n"
                        "from pkg.tokens._shared import _helper\n",
    "tokens/_shared.py": "def _helper():\n    pass\n",
    "store/store.py": "from ..tokens import tokens\n",
    "engine/sources.py": "import pkg.store.store\nimport dask\n",
    "analyses/frequency.py": "from pkg.engine import sources\n"
                             "def f():\n    from pkg.tokens.tokens import Error\n",
    "apps/cli.py": "from pkg.store.store import Store\nfrom pkg.analyses import frequency\n"
                   "import distributed\n",
}


def test_a_clean_package_passes(tmp_path):
    root = _package(tmp_path, CLEAN)
    assert (circles(root), private_imports(root), upward_imports(root),
            store_imports(root)) == ([], [], [], [])


def test_finds_a_planted_circle(tmp_path):
    # store.store imports tokens.tokens; tokens.tokens, inside a function, store.store
    files = {**CLEAN, "tokens/tokens.py": CLEAN["tokens/tokens.py"]
             + "def g():\n    from ..store import store\n"}
    found = circles(_package(tmp_path, files))
    assert len(found) == 1
    assert found[0].splitlines() == [
        "import circle pkg.store.store <-> pkg.tokens.tokens:",
        "    pkg.store.store (line 1: from pkg.tokens import tokens)",
        "    pkg.tokens.tokens (line 5: from pkg.store import store)"]


def test_finds_a_planted_private_name(tmp_path):
    files = {**CLEAN, "text/corpus.py": "def _private():\n    pass\n",
             "tokens/tokens.py": "from pkg.text.corpus import _private\n"
                                 "from pkg import _errors\n"}
    found = private_imports(_package(tmp_path, files))
    assert found == [
        "pkg.tokens.tokens (line 1: from pkg.text.corpus import _private) takes the private "
        "name _private of pkg.text.corpus: move it into a private module (a file named _...) "
        "or make it public",
        "pkg.tokens.tokens (line 2: from pkg import _errors) takes the private module "
        "_errors of pkg: import from pkg._errors itself"]


def test_finds_a_planted_upward_import(tmp_path):
    files = {**CLEAN, "text/corpus.py": "def f():\n    from pkg.present import plot\n",
             "present/plot.py": "", "stray.py": ""}
    found = upward_imports(_package(tmp_path, files))
    assert found == [
        "pkg.stray is in no layer: move it into one of text, tokens, store, engine, "
        "analyses, present, apps (or make it a base module)",
        "pkg.text.corpus (line 2: from pkg.present import plot) climbs from text/ up to "
        "present/ (pkg.present.plot)"]


def test_finds_a_planted_store_or_dask_import(tmp_path):
    files = {**CLEAN, "analyses/frequency.py": "from pkg import Store\n"
                                               "def f():\n    import distributed\n",
             "engine/run.py": "from ..store import store\n"}
    found = store_imports(_package(tmp_path, files))
    assert found == [
        "pkg.analyses.frequency (line 1: from pkg import Store) knows the token store: only "
        "engine.sources, store, apps may; an analysis reads its source through "
        "corpusnb.engine.run",
        "pkg.analyses.frequency (line 3: import distributed) uses distributed: only "
        "engine.sources, store, apps may; an analysis counts parts "
        "(corpusnb.engine.run.Analysis)",
        "pkg.engine.run (line 1: from pkg.store import store) knows the token store: only "
        "engine.sources, store, apps may; an analysis reads its source through "
        "corpusnb.engine.run"]


@pytest.mark.parametrize("statement, target", [
    ("from . import tokens", "pkg.tokens"),
    ("from .. import text", "pkg"),
    ("from ..text.corpus import Error", "pkg.text.corpus"),
])
def test_relative_imports_are_resolved(tmp_path, statement, target):
    root = _package(tmp_path, {"tokens/x.py": statement + "\n"})
    assert [i.target for i in imports(root) if i.module == "pkg.tokens.x"] == [target]
