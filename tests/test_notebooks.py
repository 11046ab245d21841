"""The narrative notebooks: committed clean, executed headless, rendered with their figures."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from corpusnb import cli
from corpusnb.runner import inject_parameters, notebook_paths, run_notebooks

FIXTURE = Path(__file__).parent / "fixtures" / "other_corpus"
EXPECTED = ["00_corpus_and_method.ipynb", "01_separatism.ipynb", "02_kleptocracy.ipynb",
            "03_multivectorism.ipynb", "04_comparison.ipynb", "05_seminar_exercises.ipynb",
            "05_seminar_solutions.ipynb"]


def _figures(path: Path) -> list[str]:
    notebook = nbformat.read(path, as_version=4)
    return [output["data"]["image/png"].replace("\n", "")
            for cell in notebook.cells for output in cell.get("outputs", [])
            if "image/png" in output.get("data", {})]


class TestCommittedNotebooks:
    def test_the_series(self):
        assert [p.name for p in notebook_paths()] == EXPECTED

    @pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.name)
    def test_committed_without_outputs(self, path):
        cells = json.loads(path.read_text("utf-8"))["cells"]
        assert all(not c.get("outputs") and not c.get("execution_count")
                   for c in cells if c["cell_type"] == "code")

    @pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.name)
    def test_structure(self, path):
        notebook = nbformat.read(path, as_version=4)
        first = notebook.cells[0]
        assert first.cell_type == "markdown" and first.source.startswith("# ")
        code = [c for c in notebook.cells if c.cell_type == "code"]
        assert "import corpusnb as cnb" in code[0].source
        tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1 and "corpus_path = None" in tagged[0].source
        for cell in code:  # helpers belong in corpusnb/, with tests
            assert not any(line.lstrip().startswith(("def ", "class "))
                           for line in cell.source.splitlines()), cell.source
            assert "!pip" not in cell.source and "import *" not in cell.source
        assert "## Your turn" in notebook.cells[-1].source


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    return out, run_notebooks(notebook_paths(), out, jobs=2)


class TestRun:
    def test_every_notebook_runs(self, seed_run):
        _, results = seed_run
        assert [r.name for r in results] == EXPECTED
        assert [(r.name, r.error) for r in results if not r.ok] == []

    def test_html_embeds_every_figure(self, seed_run):
        out, results = seed_run
        total = 0
        for result in results:
            executed = out / result.name
            html = (out / f"{executed.stem}.html").read_text("utf-8")
            figures = _figures(executed)
            assert len(figures) == result.figures
            for png in figures:
                assert f"data:image/png;base64,{png}" in html
            # self-contained: nothing is fetched when the page is opened
            assert "<script src=" not in html and "<link href=\"http" not in html
            total += len(figures)
        assert total >= 15

    def test_index_links_every_notebook(self, seed_run):
        out, results = seed_run
        index = (out / "index.html").read_text("utf-8")
        for result in results:
            assert f"href='{Path(result.name).stem}.html'" in index

    def test_claims_were_checked(self, seed_run):
        out, _ = seed_run
        html = (out / "01_separatism.html").read_text("utf-8")
        assert html.count("Checked: ") >= 5 and "Not checked" not in html

    def test_other_corpus(self, tmp_path):
        status = cli.main(["run", "--corpus", str(FIXTURE), "--out", str(tmp_path),
                           "--jobs", "2"])
        assert status == 0
        html = (tmp_path / "01_separatism.html").read_text("utf-8")
        assert "No hits for Separatism in this corpus." in html
        assert "Not checked (this claim is about the seed texts" in html
        assert "Traceback" not in html

    def test_nbconvert_execute(self, tmp_path):
        source = [p for p in notebook_paths() if p.name == "01_separatism.ipynb"][0]
        jupyter = Path(sys.executable).parent / "jupyter"
        done = subprocess.run([str(jupyter), "nbconvert", "--to", "html", "--execute",
                               str(source), "--output-dir", str(tmp_path)],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        assert "data:image/png;base64," in (tmp_path / "01_separatism.html").read_text("utf-8")


class TestFailure:
    def _broken(self, tmp_path) -> Path:
        notebook = nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_markdown_cell("# Broken"),
            nbformat.v4.new_code_cell("x = 1"),
            nbformat.v4.new_code_cell("1 / 0"),
        ])
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                           "language": "python"}
        path = tmp_path / "broken.ipynb"
        nbformat.write(notebook, path)
        return path

    def test_names_notebook_cell_and_error(self, tmp_path, capsys):
        path = self._broken(tmp_path)
        out = tmp_path / "out"
        out.mkdir()
        (out / "broken.html").write_text("previous good output", encoding="utf-8")
        status = cli.main(["run", str(path), "--out", str(out), "--jobs", "1"])
        err = capsys.readouterr().err
        assert status == 1
        assert "broken.ipynb failed at cell 2: ZeroDivisionError: division by zero" in err
        assert (out / "broken.html").read_text("utf-8") == "previous good output"
        assert (out / "broken.failed.html").exists()

    def test_index_keeps_earlier_pages(self, tmp_path):
        out = tmp_path / "out"
        out.mkdir()
        (out / "00_corpus_and_method.html").write_text("earlier", encoding="utf-8")
        run_notebooks([self._broken(tmp_path)], out)
        index = (out / "index.html").read_text("utf-8")
        assert "href='broken.failed.html'" in index and "FAILED: ZeroDivisionError" in index
        assert "href='00_corpus_and_method.html'" in index and "from an earlier run" in index

    def test_missing_notebook(self, tmp_path, capsys):
        assert cli.main(["run", str(tmp_path / "nope.ipynb")]) == 2
        assert "no such notebook" in capsys.readouterr().err

    def test_bad_corpus_fails_before_any_kernel(self, tmp_path, capsys):
        assert cli.main(["run", "--corpus", str(tmp_path / "none"), "--out",
                         str(tmp_path / "o")]) == 2
        assert "does not exist" in capsys.readouterr().err


class TestInjectParameters:
    def test_after_the_parameters_cell(self):
        notebook = nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_code_cell("import corpusnb as cnb"),
            nbformat.v4.new_code_cell("corpus_path = None",
                                      metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell("print(corpus_path)"),
        ])
        inject_parameters(notebook, {"corpus_path": "/texts", "window": 3})
        assert notebook.cells[2].source == ("# Injected parameters\n"
                                            "corpus_path = '/texts'\nwindow = 3")
        assert notebook.cells[2].metadata["tags"] == ["injected-parameters"]

    def test_refuses_code(self):
        notebook = nbformat.v4.new_notebook()
        with pytest.raises(ValueError, match="plain value"):
            inject_parameters(notebook, {"corpus_path": object()})
        with pytest.raises(ValueError, match="not a Python identifier"):
            inject_parameters(notebook, {"import os; x": 1})


def test_jupyter_on_path():
    assert shutil.which("jupyter") or (Path(sys.executable).parent / "jupyter").exists()


def test_kernel_is_this_interpreter(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Which Python"),
        nbformat.v4.new_code_cell("import sys\nprint(sys.executable)")])
    nbformat.write(notebook, tmp_path / "which.ipynb")
    (result,) = run_notebooks([tmp_path / "which.ipynb"], tmp_path / "out")
    executed = nbformat.read(tmp_path / "out" / "which.ipynb", as_version=4)
    assert result.ok
    assert executed.cells[1].outputs[0]["text"].strip() == sys.executable
