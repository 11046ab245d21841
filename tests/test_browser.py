"""The explorer in a real browser (Debian's chromium, driven by Playwright): in JupyterLab,
as `corpusnb explore` (Voila), and the tables of an exported page.

Each test starts its server on 127.0.0.1 with a free port in its own process group and
stops it (and the kernels it started) at the end, whatever happens. Every request the
page makes beyond 127.0.0.1 is recorded and aborted; the tests assert there was none.
With CORPUSNB_SCREENSHOTS=DIR the tests save their screenshots there (docs/explorer.png
in the README is the Voila one).
"""
from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

import corpusnb as cnb

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="needs Debian's chromium (.ci/run installs it)")
PATTERN = "separatis*"
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:", "file://")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _descendants(pid: int) -> list[int]:
    """The processes started by ``pid`` (and theirs), from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


@contextlib.contextmanager
def _server(command: list[str], url: str, *, env: dict, cwd: Path, log: Path):
    """Run a server in its own process group until it answers ``url``; stop it, and any
    kernel it started, on the way out."""
    with open(log, "wb") as out:
        process = subprocess.Popen(command, env=env, cwd=cwd, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server stopped: {log.read_text()[-2000:]}")
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"no answer from {url}: {log.read_text()[-2000:]}")
                time.sleep(0.5)
        yield process
    finally:
        spawned = _descendants(process.pid)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)  # the server shuts its kernels down
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        for pid in spawned:  # a kernel in a session of its own, if the server left it
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _environment(tmp: Path) -> dict:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR",
                 "JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR", "IPYTHONDIR"):
        env[name] = str(tmp / name.lower())
    return env


@pytest.fixture
def browser():
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM,
                                     args=["--no-sandbox", "--disable-dev-shm-usage"])
        try:
            yield chromium
        finally:
            chromium.close()


def _page(browser, outside: list[str], *, height: int = 1000):
    context = browser.new_context(viewport={"width": 1400, "height": height})

    def guard(route):
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()
    context.route("**/*", guard)
    return context.new_page()


def _screenshot(page, name: str) -> None:
    folder = os.environ.get("CORPUSNB_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


@pytest.fixture(scope="module")
def expected():
    """What the explorer must show for PATTERN: the library's own answers."""
    tokens = cnb.tokenize(cnb.load_corpus())
    lines = cnb.kwic(tokens, PATTERN)
    freq = cnb.frequencies(tokens, by="doc_id")
    words = freq[freq["term"].isin(cnb.matching_terms(freq["term"].unique(), PATTERN))]
    counts = words.groupby("doc_id", observed=True, sort=False)["count"].sum()
    counts = {str(d): int(counts.get(d, 0)) for d in cnb.load_corpus().ids}
    return lines, counts


def _search(page, pattern: str) -> None:
    box = page.locator(".cnb-pattern input")
    box.fill(pattern)
    box.press("Enter")


def _check_explorer(page, expected, screenshot: str | None = None) -> None:
    """Type PATTERN and compare what the page shows with the library's answers."""
    lines, counts = expected
    page.wait_for_selector(".cnb-pattern input", timeout=60_000)
    _search(page, PATTERN)
    page.wait_for_function(
        "n => [...document.querySelectorAll('.cnb-page')].some(e => e.innerText.includes(n))",
        arg=f"of {len(lines)}", timeout=30_000)
    page.wait_for_function(
        "p => document.querySelector('.cnb-summary').innerText.includes(p)", arg=PATTERN)
    rows = page.locator(".cnb-kwic-row:visible")
    assert rows.count() == min(20, len(lines))
    shown = [(r.locator("button").inner_text().strip(), r.locator(".cnb-left").inner_text(),
              r.locator(".cnb-match").inner_text(), r.locator(".cnb-right").inner_text())
             for r in rows.all()]
    assert shown == [(f"{line.doc_id} · {line.start}", line.left, line.match, line.right)
                     for line in lines.head(20).itertuples()]
    total = page.locator(".cnb-summary .cnb-total").inner_text()
    assert total == f"{len(lines):,}" == f"{sum(counts.values()):,}"
    table = {tr.locator("td").nth(0).inner_text(): int(tr.locator("td").nth(1).inner_text())
             for tr in page.locator(".cnb-counts tbody tr").all()}
    assert table == counts
    ticks = page.locator(".cnb-dispersion svg line").count()
    assert ticks == len(lines)
    if screenshot:
        _screenshot(page, screenshot)
    rows.first.locator("button").click()
    page.wait_for_selector(".cnb-passage mark")
    assert page.locator(".cnb-passage mark").inner_text() == lines["match"][0]
    _search(page, "")
    page.wait_for_function("() => document.querySelector('.cnb-message').innerText"
                           ".includes('empty search pattern')")
    assert page.locator(".cnb-message").inner_text() == \
        "empty search pattern ''; give a word, glob or phrase"
    assert page.locator(".cnb-summary .cnb-total").inner_text() == f"{len(lines):,}"


def _token(log: Path) -> str:
    """The token in the URL `corpusnb explore` prints."""
    import re

    return re.search(r"http://127\.0\.0\.1:\d+/\?token=([0-9a-f]{48})", log.read_text()
                     ).group(1)


def test_corpusnb_explore_in_voila(browser, expected, tmp_path):
    port = _free_port()
    command = [sys.executable, "-m", "corpusnb.apps.cli", "explore", "--port", str(port)]
    outside: list[str] = []
    # /login answers without starting a kernel
    with _server(command, f"http://127.0.0.1:{port}/login", env=_environment(tmp_path),
                 cwd=tmp_path, log=tmp_path / "voila.log"):
        page = _page(browser, outside, height=1750)  # the whole app in the screenshot
        page.goto(f"http://127.0.0.1:{port}/")  # no token: Jupyter's login page asks for it
        assert page.url == f"http://127.0.0.1:{port}/login?next=%2F"
        assert page.locator("input[name=password]").count() >= 1  # "Password or token"
        assert page.locator(".cnb-pattern").count() == 0
        page.goto(f"http://127.0.0.1:{port}/?token={_token(tmp_path / 'voila.log')}")
        try:
            _check_explorer(page, expected, screenshot="explorer.png")
        except Exception:
            _screenshot(page, "voila-failed.png")
            raise
        assert "import corpusnb" not in page.content()  # no code shown
        assert page.locator(".jp-InputArea-editor").count() == 0
        page.locator(".cnb-explorer input[type=checkbox]").first.check()  # regular expression
        _search(page, "separat(")
        page.wait_for_function("() => document.querySelector('.cnb-message').innerText"
                               ".includes('invalid regular expression')")
        _screenshot(page, "explorer-invalid.png")
        folder = page.locator(".cnb-folder input")  # Save tables' folder box
        for typed, said in (("../out", "goes up with '..'"), (str(tmp_path), "absolute path")):
            folder.fill(typed)
            page.get_by_text("Save tables (CSV)").click()
            page.wait_for_function("s => document.querySelector('.cnb-message').innerText"
                                   ".includes(s)", arg=said)
        folder.fill("week1")
        page.get_by_text("Save tables (CSV)").click()
        page.wait_for_function("() => document.querySelector('.cnb-message').innerText"
                               ".startsWith('Saved')")
        saved = tmp_path / "corpusnb-explorer-tables" / "week1"
        assert sorted(p.name for p in saved.iterdir()) == [
            f"separatis-{name}.csv"
            for name in ("collocates", "counts", "dispersion", "kwic", "theme")]
    assert outside == []
    assert not (tmp_path.parent / "out").exists()


def test_notebook_01_explorer_in_jupyterlab(browser, expected, tmp_path):
    """A reader opens notebooks/01_separatism.ipynb in JupyterLab, runs every cell and
    types a pattern into the explorer it ends with."""
    from corpusnb.apps.runner import notebook_paths

    shutil.copy(next(p for p in notebook_paths() if p.name == "01_separatism.ipynb"),
                tmp_path / "01_separatism.ipynb")
    port, token = _free_port(), secrets.token_hex(16)
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
               "--ServerApp.ip=127.0.0.1", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={tmp_path}",
               "--allow-root", "--LabApp.extension_manager=readonly",
               "--LabApp.news_url=", "--LabApp.check_for_updates_class="
               "jupyterlab.NeverCheckForUpdate"]
    outside: list[str] = []
    with _server(command, f"http://127.0.0.1:{port}/api/status?token={token}",
                 env=_environment(tmp_path), cwd=tmp_path, log=tmp_path / "lab.log"):
        page = _page(browser, outside)
        page.goto(f"http://127.0.0.1:{port}/lab/tree/01_separatism.ipynb?token={token}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
        page.wait_for_selector("text=Python 3 (ipykernel) | Idle", timeout=120_000)
        page.locator(".jp-Cell .jp-InputPrompt").first.click()  # command mode, first cell
        page.keyboard.press("Control+a")  # select every cell
        page.keyboard.press("Shift+Enter")  # and run them, as a reader does
        try:
            _check_explorer(page, expected, screenshot="explorer-jupyterlab.png")
        except Exception:
            _screenshot(page, "jupyterlab-failed.png")
            raise
        errors = page.locator(".jp-OutputArea-output[data-mime-type*='error']").count()
        assert errors == 0
    assert outside == []


def test_exported_tables_search_and_sort_offline(browser, tmp_path):
    """A page as `corpusnb run` writes it: its pandas table is searchable and sortable
    in the browser, the explorer shows its static fallback, nothing is fetched."""
    from corpusnb.apps import runner

    tokens = cnb.tokenize(cnb.load_corpus())
    table = cnb.frequencies(tokens).head(60)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[
        nbformat.v4.new_output("execute_result", execution_count=1,
                               data={"text/html": table._repr_html_(), "text/plain": "t"}),
        nbformat.v4.new_output("display_data", data=cnb.explore(tokens)._repr_mimebundle_())])])
    notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {
        "state": {}, "version_major": 2, "version_minor": 0}}
    page_path = runner._write(notebook, tmp_path, "page", True)
    outside: list[str] = []
    page = _page(browser, outside)
    page.goto(page_path.as_uri())
    rows = page.locator("table.dataframe tbody tr:visible")
    assert rows.count() == 60
    assert page.get_by_text("The interactive explorer (ipywidgets) shows here").count() == 1
    page.locator(".cnb-table-search").fill("ion")
    expected = table[table["term"].str.contains("ion")]
    assert rows.count() == len(expected) > 0
    assert page.locator(".cnb-table-count").inner_text().strip() == \
        f"{len(expected)} of 60 rows"
    page.locator(".cnb-table-search").fill("")
    header = page.locator("table.dataframe thead th")
    header.filter(has_text="count").first.click()  # ascending, ties in the page's order
    terms = [rows.nth(k).locator("td").nth(0).inner_text() for k in range(60)]
    assert terms == table.sort_values("count", kind="stable")["term"].tolist()
    header.filter(has_text="term").first.click()
    header.filter(has_text="term").first.click()  # again: descending
    terms = [rows.nth(k).locator("td").nth(0).inner_text() for k in range(60)]
    assert terms == sorted(table["term"], reverse=True)
    _screenshot(page, "exported-table.png")
    assert outside == []
