"""The built site: the students' build (no solutions anywhere, worksheets as PDF), slides,
and both opened in headless chromium (nothing fetched from the network)."""
from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

import corpusnb as cnb
from corpusnb.apps import cli, site
from corpusnb.apps.runner import notebook_paths
from corpusnb.apps.teaching import ANSWER_PROMPT, _is_solution, solution_text, student_notebook

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
STUDENT_NOTEBOOKS = ["00_corpus_and_method.ipynb", "05_seminar_exercises.ipynb",
                     "06_exercise_keyness.ipynb", "07_exercise_theme_dictionary.ipynb",
                     "08_exercise_networks.ipynb"]


def _solution_lines() -> list[str]:
    """Text only the solutions hold, derived from the shipped notebooks."""
    solutions = [nbformat.read(p, as_version=4) for p in notebook_paths() if _is_solution(p)]
    visible = [student_notebook(nbformat.read(p, as_version=4)) for p in notebook_paths()
               if not _is_solution(p)]
    masters = [nbformat.read(p, as_version=4) for p in notebook_paths() if not _is_solution(p)]
    # the solutions, and the teacher's code of the exercise cells
    return solution_text(solutions + masters, visible)


def _readable(path: Path) -> str:
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return " ".join(page.extract_text() for page in PdfReader(path).pages)
    text = path.read_bytes().decode("utf-8", errors="replace")
    if path.suffix in (".html", ".ipynb"):  # what a reader sees, and the escaped source
        return text + "\n" + html.unescape(re.sub(r"<[^>]+>", "", text))
    return text


def _leaks(folder: Path, lines: list[str]) -> dict[str, list[str]]:
    found = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()
                       and "reveal.js" not in p.parts):
        text = _readable(path)
        flat = " ".join(text.split())
        hits = [line for line in lines
                if line in text or json.dumps(line)[1:-1] in text or " ".join(line.split())
                in flat]
        if hits:
            found[str(path.relative_to(folder))] = hits[:3]
    return found


@pytest.fixture(scope="module")
def student_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("students")
    paths = [str(p) for p in notebook_paths() if p.name in STUDENT_NOTEBOOKS]
    status = cli.main(["run", *paths, "--students", "--slides", "--out", str(out),
                       "--jobs", "2"])
    assert status == 0
    return out


@pytest.mark.notebooks
class TestStudentBuild:
    def test_pages(self, student_build):
        pages = sorted(p.name for p in student_build.glob("*.html"))
        assert pages == sorted(["index.html"] + [Path(n).stem + ".html"
                                                 for n in STUDENT_NOTEBOOKS])

    def test_no_solution_text_in_any_file(self, student_build):
        lines = _solution_lines()
        assert len(lines) > 100
        assert _leaks(student_build, lines) == {}

    def test_the_leak_check_finds_a_solution(self, tmp_path):
        """A folder with one solution notebook in it fails the same check."""
        solution = [p for p in notebook_paths() if p.name == "07_theme_dictionary_solutions.ipynb"]
        shutil.copy(solution[0], tmp_path)
        assert list(_leaks(tmp_path, _solution_lines())) == ["07_theme_dictionary_solutions.ipynb"]

    def test_exercise_cells_hold_only_the_prompt(self, student_build):
        for name in STUDENT_NOTEBOOKS[2:]:
            executed = nbformat.read(student_build / name, as_version=4)
            master = nbformat.read([p for p in notebook_paths() if p.name == name][0],
                                   as_version=4)
            prompts = [c.source.split(f"\n{ANSWER_PROMPT}")[0] for c in executed.cells
                       if "exercise" in c.metadata.get("tags", [])]
            expected = ["\n".join(line for line in c.source.splitlines() if line.startswith("#"))
                        for c in master.cells if "exercise" in c.metadata.get("tags", [])]
            assert prompts == expected and len(prompts) >= 3
            assert all(c.source.endswith(ANSWER_PROMPT) for c in executed.cells
                       if "exercise" in c.metadata.get("tags", []))

    def test_front_page_has_no_teachers_part(self, student_build):
        index = (student_build / "index.html").read_text("utf-8")
        assert "For teachers" not in index and "teaching.html" not in index
        assert "solutions" not in index.lower()
        for name in STUDENT_NOTEBOOKS[1:]:
            assert f"href='worksheets/{Path(name).stem}.pdf'" in index

    def test_front_page_facts(self, student_build):
        index = (student_build / "index.html").read_text("utf-8")
        corpus = cnb.load_corpus()
        tokens = cnb.tokenize(corpus)
        assert f"<li><b>3</b>documents</li><li><b>{len(tokens):,}</b>word tokens</li>" \
               "<li><b>2012–2018</b>years</li><li><b>English (3)</b>languages</li>" in index
        assert html.escape(cnb.corpus_sentence(corpus, tokens)) in index

    def test_worksheets(self, student_build):
        from pypdf import PdfReader

        sheets = sorted((student_build / "worksheets").glob("*.pdf"))
        assert [p.stem for p in sheets] == [Path(n).stem for n in STUDENT_NOTEBOOKS[1:]]
        for sheet in sheets:
            reader = PdfReader(sheet)
            text = " ".join(page.extract_text() for page in reader.pages)
            title = site.notebook_summary(nbformat.read(student_build / f"{sheet.stem}.ipynb",
                                                        as_version=4))["title"]
            assert 1 <= len(reader.pages) <= 6, sheet.name
            assert " ".join(title.split()) in " ".join(text.split())
            assert "Name:" in text and "Task 1" in text

    def test_slides_offline(self, student_build):
        deck = student_build / "slides" / "00_corpus_and_method.slides.html"
        page = deck.read_text("utf-8")
        assert _external(page) == []
        assert (student_build / "slides" / "reveal.js" / "dist" / "reveal.js").is_file()
        assert (student_build / "slides" / "reveal.js" / "LICENSE").is_file()
        assert "<script src=\"reveal.js/dist/reveal.js\"></script>" in page
        assert not (student_build / "slides" / "05_seminar_exercises.slides.html").exists()


class TestStudentCommand:
    def test_a_named_solution_is_refused(self, tmp_path, capsys):
        solution = [str(p) for p in notebook_paths() if p.name == "06_keyness_solutions.ipynb"]
        assert cli.main(["run", "--students", *solution, "--out", str(tmp_path / "s")]) == 2
        assert "--students leaves the solutions out; do not name 06_keyness_solutions.ipynb" \
            in capsys.readouterr().err
        assert not (tmp_path / "s").exists()

    def test_a_teachers_folder_is_refused(self, tmp_path, capsys):
        (tmp_path / "teaching.html").write_text("the guide", encoding="utf-8")
        assert cli.main(["run", "--students", "--out", str(tmp_path)]) == 2
        assert "holds a teacher's build (teaching.html)" in capsys.readouterr().err
        assert (tmp_path / "teaching.html").read_text("utf-8") == "the guide"

    def test_worksheets_without_chromium(self, tmp_path, monkeypatch):
        monkeypatch.setattr(shutil, "which", lambda name: None)
        paths = [p for p in notebook_paths() if p.name in STUDENT_NOTEBOOKS]
        with pytest.warns(cnb.CorpusWarning, match="no chromium found: the worksheets are HTML"):
            written = site.write_worksheets(tmp_path, paths, chromium=str(tmp_path / "none"))
        assert [p.name for p in written] == [Path(n).stem + ".html" for n in STUDENT_NOTEBOOKS[1:]]
        assert not list((tmp_path / "worksheets").glob("*.pdf"))


def _external(page: str) -> list[str]:
    """src/href attributes and CSS imports that point to the network."""
    return re.findall(r"""(?:src|href)\s*=\s*["']?(https?:[^"'\s>]+)|@import\s+url\(["']?(https?:[^)"']+)""",
                      page)


# ---------------------------------------------------------------- in a browser

@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("no chromium (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield chromium
        finally:
            chromium.close()


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, requests


@pytest.mark.notebooks
class TestInChromium:
    def test_front_page(self, student_build, browser):
        page, requests = _open(browser, student_build / "index.html")
        try:
            assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
            titles = page.eval_on_selector_all(".card h3", "hs => hs.map(h => h.textContent)")
            expected = [site.notebook_summary(nbformat.read(student_build / name, as_version=4)
                                              )["title"] for name in STUDENT_NOTEBOOKS]
            assert titles == expected
            charts = [name for name in STUDENT_NOTEBOOKS if site.notebook_summary(
                nbformat.read(student_build / name, as_version=4))["figure"]]
            widths = page.eval_on_selector_all(".card img", "im => im.map(i => i.naturalWidth)")
            assert len(widths) == len(charts) == 4 and min(widths) > 100  # every chart drawn
        finally:
            page.close()

    def test_a_deck_of_slides(self, student_build, browser):
        page, requests = _open(browser, student_build / "slides" /
                               "00_corpus_and_method.slides.html")
        try:
            page.wait_for_function("typeof Reveal !== 'undefined' && Reveal.isReady()")
            slides = page.evaluate("Reveal.getTotalSlides()")
            sections = page.eval_on_selector_all(".slides section", "s => s.length")
            assert slides > 5 and sections >= slides
            page.keyboard.press("ArrowRight")
            assert page.evaluate("Reveal.getIndices().h") == 1
            assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
        finally:
            page.close()


ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(not (ROOT / "pyproject.toml").exists(), reason="needs the source tree")
def test_the_wheel_ships_reveal_the_guide_and_every_notebook():
    """Every file the teaching pages need is matched by pyproject's package-data."""
    import fnmatch
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    globs, dirs = data["package-data"], data["package-dir"]
    needed = {"corpusnb.data": ROOT / "corpusnb" / "data" / "revealjs",
              "corpusnb.docs": ROOT / dirs["corpusnb.docs"],
              "corpusnb.notebooks": ROOT / dirs["corpusnb.notebooks"]}
    roots = {"corpusnb.data": ROOT / "corpusnb" / "data", "corpusnb.docs": ROOT / "docs",
             "corpusnb.notebooks": ROOT / "notebooks"}
    for package, folder in needed.items():
        files = [p.relative_to(roots[package]).as_posix() for p in folder.rglob("*")
                 if p.is_file() and ".ipynb_checkpoints" not in p.parts]
        assert files, package
        unshipped = [f for f in files if not any(fnmatch.fnmatch(f, g) for g in globs[package])]
        assert unshipped == [], package
    assert (ROOT / "docs" / "teaching.md").is_file()
