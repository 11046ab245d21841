"""What `corpusnb run` may write and how: the record of its files in OUT, no output in a
source, every file whole or not at all, OS errors as CorpusError, and `--param` checks
before any notebook runs."""
from __future__ import annotations

import errno
import hashlib
import json
import os
import pathlib
import subprocess
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import corpusnb as cnb
from corpusnb import CorpusError, _outputs
from corpusnb.apps import cli, runner, site
from corpusnb._outputs import RECORD_NAME, OutputRecord, check_out, recording
from corpusnb.apps.runner import RunResult, notebook_paths
from tests.speeches import write_speeches

FIRST = notebook_paths()[0]  # 00_corpus_and_method.ipynb, a narrative notebook


@pytest.fixture
def speeches(tmp_path):
    folder = tmp_path / "speeches"
    write_speeches(folder)
    return folder


@pytest.fixture
def out(tmp_path):
    return tmp_path / "build"


def _record(out: Path) -> dict:
    return json.loads((out / RECORD_NAME).read_text(encoding="utf-8"))["files"]


# ------------------------------------------------------------------ the record of a run


class TestRecord:
    def test_users_own_files_are_refused_by_name_and_kept(self, out):
        out.mkdir()
        (out / "index.html").write_bytes(b"<p>my own page</p>\r\n")
        (out / "tables").mkdir()
        (out / "tables" / "frequencies.csv").write_bytes(b"mine,1\n")
        (out / "notes.txt").write_bytes(b"not in the way")
        with pytest.raises(CorpusError) as caught:
            check_out(out, [FIRST], ["narrative"], sources=[])
        assert str(caught.value) == (
            f"--out {out} holds 2 files that corpusnb run did not write (or that changed "
            f"since it did): index.html, tables/frequencies.csv; move them, choose another "
            f"--out, or pass --force to replace them")
        assert (out / "index.html").read_bytes() == b"<p>my own page</p>\r\n"
        assert (out / "tables" / "frequencies.csv").read_bytes() == b"mine,1\n"

    def test_force_lets_them_be_replaced(self, out):
        out.mkdir()
        (out / "index.html").write_bytes(b"mine")
        record, planned = check_out(out, [FIRST], ["narrative"], sources=[], force=True)
        with recording(record, planned):
            _outputs.write_text_atomic(out / "index.html", "<p>corpusnb</p>")
        assert (out / "index.html").read_text(encoding="utf-8") == "<p>corpusnb</p>"
        assert list(_record(out)) == ["index.html"]

    def test_a_rerun_replaces_what_the_record_says_it_wrote(self, out):
        record, planned = check_out(out, [FIRST], ["narrative"], sources=[])
        with recording(record, planned):
            _outputs.write_text_atomic(out / "index.html", "first run")
            _outputs.write_text_atomic(out / "tables" / "documents.csv", "doc_id\na\n")
        assert _record(out) == {
            "index.html": hashlib.sha256(b"first run").hexdigest(),
            "tables/documents.csv": hashlib.sha256(b"doc_id\na\n").hexdigest()}
        record, planned = check_out(out, [FIRST], ["narrative"], sources=[])  # no refusal
        with recording(record, planned):
            _outputs.write_text_atomic(out / "index.html", "second run")
        assert (out / "index.html").read_text(encoding="utf-8") == "second run"
        assert _record(out)["index.html"] == hashlib.sha256(b"second run").hexdigest()
        assert "tables/documents.csv" in _record(out)  # kept: not written again, still there

    def test_a_file_changed_since_the_run_is_refused(self, out):
        record, planned = check_out(out, [FIRST], ["narrative"], sources=[])
        with recording(record, planned):
            _outputs.write_text_atomic(out / "tables.xlsx", "corpusnb's workbook")
        (out / "tables.xlsx").write_text("edited by hand in a spreadsheet", encoding="utf-8")
        with pytest.raises(CorpusError, match=r"holds 1 file .*: tables\.xlsx; move it"):
            check_out(out, [FIRST], ["narrative"], sources=[])

    def test_a_record_cut_short_is_an_error_naming_it(self, out):
        out.mkdir()
        (out / RECORD_NAME).write_text('{"files": {"index.ht', encoding="utf-8")
        with pytest.raises(CorpusError, match=rf"{RECORD_NAME} is not a record of corpusnb's "
                                              r"outputs .*pass --force"):
            check_out(out, [FIRST], ["narrative"], sources=[])
        check_out(out, [FIRST], ["narrative"], sources=[], force=True)

    def test_the_planned_tables_are_main_tables(self, seed_corpus):
        from corpusnb.present.report import main_tables

        assert tuple(main_tables(seed_corpus)) == _outputs.TABLE_NAMES

    def test_planned_files_of_a_students_build_with_slides(self, out):
        exercise = notebook_paths()[6]  # 06_exercise_keyness
        planned = [p.relative_to(out).as_posix() for p in _outputs.planned_outputs(
            out, [FIRST, exercise], ["narrative", "exercise"], students=True, slides=True)]
        assert planned[:11] == [
            "00_corpus_and_method.ipynb", "00_corpus_and_method.html",
            "00_corpus_and_method.failed.ipynb", "00_corpus_and_method.failed.html",
            "slides/00_corpus_and_method.slides.html",
            "06_exercise_keyness.ipynb", "06_exercise_keyness.html",
            "06_exercise_keyness.failed.ipynb", "06_exercise_keyness.failed.html",
            "worksheets/06_exercise_keyness.html", "worksheets/06_exercise_keyness.pdf"]
        assert "teaching.html" not in planned and "slides/reveal.js/dist/reveal.js" in planned
        assert planned[-6:] == ["tables/documents.csv", "tables/frequencies.csv",
                                "tables/frequencies_by_document.csv",
                                "tables/themes_by_document.csv", "tables/keyness.csv",
                                "tables.xlsx"]


class TestSources:
    def test_out_inside_the_corpus_is_refused(self, speeches):
        with pytest.raises(CorpusError) as caught:
            check_out(speeches / "build", [FIRST], ["narrative"], sources=[("the corpus", speeches)])
        assert str(caught.value) == (
            f"--out {speeches / 'build'} is inside the corpus {speeches}: the pages and "
            f"tables would be read as part of it by the next info or run; choose a folder "
            f"outside it, e.g. --out {speeches.parent / 'build'}")
        assert not (speeches / "build").exists()

    def test_out_that_is_the_corpus_is_refused(self, speeches):
        with pytest.raises(CorpusError, match=r"is inside the corpus"):
            check_out(speeches, [FIRST], ["narrative"], sources=[("the corpus", speeches)], force=True)

    def test_an_output_that_is_a_source_is_refused(self, tmp_path):
        notebook = tmp_path / "00_corpus_and_method.ipynb"
        notebook.write_bytes(FIRST.read_bytes())
        with pytest.raises(CorpusError) as caught:  # --force does not make it right
            check_out(tmp_path, [notebook], ["narrative"], sources=[("the notebook", notebook)], force=True)
        assert str(caught.value) == (
            f"--out {tmp_path} would write {notebook}, which is the notebook {notebook}; "
            f"choose another --out")
        assert notebook.read_bytes() == FIRST.read_bytes()

    def test_an_output_inside_a_source_folder_is_refused(self, tmp_path):
        store = tmp_path / "tables"  # a token store where the tables would go
        store.mkdir()
        with pytest.raises(CorpusError, match=r"would write .*tables.documents\.csv, which "
                                              r"is inside the token store"):
            check_out(tmp_path, [FIRST], ["narrative"], sources=[("the token store", store)])

    def test_out_beside_the_corpus_is_fine(self, speeches):
        record, planned = check_out(speeches.parent / "build", [FIRST], ["narrative"],
                                    sources=[("the corpus", speeches)])
        assert record.files == {} and len(planned) == 12


# ------------------------------------------------------------- whole files, named errors


def _full_disk_after(limit: int):
    """A Path.write_text that writes ``limit`` characters, then fails as a full disk."""
    real = pathlib.Path.write_text

    def write_text(self, data, *args, **kwargs):
        real(self, data[:limit], *args, **kwargs)
        raise OSError(errno.ENOSPC, "No space left on device", str(self))
    return write_text


class TestWholeFiles:
    def test_full_disk_keeps_the_last_good_page(self, out, monkeypatch):
        results = [RunResult("00_corpus_and_method.ipynb", True, 1.0)]
        good = site.write_front_page(out, results).read_bytes()
        monkeypatch.setattr(pathlib.Path, "write_text", _full_disk_after(100))
        with pytest.raises(CorpusError) as caught:
            site.write_front_page(out, results)
        assert str(caught.value) == (
            f"cannot write {out / 'index.html'}: the disk is full (No space left on device); "
            f"free some space and run again (an earlier {out / 'index.html'} is kept as it "
            f"was)")
        assert (out / "index.html").read_bytes() == good
        assert sorted(p.name for p in out.iterdir()) == ["index.html"]  # no temporary left

    def test_full_disk_keeps_the_last_good_notebook_page(self, out, monkeypatch):
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title")])
        out.mkdir()
        (out / "01_x.html").write_bytes(b"last good page")
        monkeypatch.setattr(pathlib.Path, "write_text", _full_disk_after(10))
        with pytest.raises(CorpusError, match=r"cannot write .*01_x\.html: the disk is full"):
            runner._write(notebook, out, "01_x", ok=True)
        assert (out / "01_x.html").read_bytes() == b"last good page"
        assert sorted(p.name for p in out.iterdir()) == ["01_x.html", "01_x.ipynb"]

    def test_full_disk_keeps_the_last_good_table(self, tmp_path, monkeypatch):
        target = tmp_path / "freq.csv"
        cnb.save_table(pd.DataFrame({"term": ["eu"], "count": [3]}), target)
        real = pd.DataFrame.to_csv

        def to_csv(self, path, *args, **kwargs):
            real(self.head(1), path, *args, **kwargs)
            raise OSError(errno.ENOSPC, "No space left on device")
        monkeypatch.setattr(pd.DataFrame, "to_csv", to_csv)
        with pytest.raises(CorpusError, match=rf"cannot write {target}: the disk is full"):
            cnb.save_table(pd.DataFrame({"term": ["a", "b"], "count": [1, 2]}), target,
                           overwrite=True)
        assert target.read_text(encoding="utf-8") == "term,count\neu,3\n"
        assert [p.name for p in tmp_path.iterdir()] == ["freq.csv"]

    def test_read_only_folder(self, out, monkeypatch):
        def refused(*args, **kwargs):
            raise PermissionError(errno.EACCES, "Permission denied")
        monkeypatch.setattr(_outputs.tempfile, "mkstemp", refused)
        with pytest.raises(CorpusError) as caught:
            cnb.save_table(pd.DataFrame({"x": [1]}), out / "t.xlsx")
        assert str(caught.value) == (f"cannot write {out / 't.xlsx'}: the folder {out} is "
                                     f"not writable (Permission denied); choose a folder you "
                                     f"may write to")

    def test_folder_that_cannot_be_made(self, tmp_path):
        (tmp_path / "file").write_text("x", encoding="utf-8")
        with pytest.raises(CorpusError, match=r"cannot write .*file.sub: "):
            runner.run_notebooks([], tmp_path / "file" / "sub", front_page=False)

    def test_written_file_has_the_usual_mode(self, tmp_path):
        path = _outputs.write_text_atomic(tmp_path / "a.txt", "x")
        plain = tmp_path / "b.txt"
        plain.write_text("x", encoding="utf-8")
        assert path.stat().st_mode == plain.stat().st_mode


@pytest.fixture
def small_disk(tmp_path):
    """A 64 KiB tmpfs (root only; skipped where mount is not allowed)."""
    folder = tmp_path / "disk"
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
                          capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=True)  # lazy: even if a file is open


class TestRealDisk:
    def test_full_tmpfs_keeps_the_last_good_table(self, small_disk):
        target = small_disk / "frequencies.csv"
        cnb.save_table(pd.DataFrame({"term": ["eu"], "count": [3]}), target)
        big = pd.DataFrame({"term": ["x" * 100] * 2000, "count": range(2000)})  # ~200 KB
        with pytest.raises(CorpusError, match=rf"cannot write {target}: the disk is full"):
            cnb.save_table(big, target, overwrite=True)
        assert target.read_text(encoding="utf-8") == "term,count\neu,3\n"
        assert [p.name for p in small_disk.iterdir()] == ["frequencies.csv"]

    def test_read_only_tmpfs(self, small_disk):
        (small_disk / "index.html").write_text("last good", encoding="utf-8")
        subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
        with pytest.raises(CorpusError) as caught:
            site.write_guide(small_disk)
        assert str(caught.value).startswith(
            f"cannot write {small_disk / 'teaching.html'}: the folder {small_disk} is not "
            f"writable (Read-only file system)")


    def test_index_into_a_full_tmpfs(self, small_disk, tmp_path):
        corpus = tmp_path / "corpus"
        write_speeches(corpus, readme=False)
        with pytest.raises(CorpusError, match=r"cannot write .*: the disk is full"):
            cnb.index(corpus, small_disk / "store", workers=1, chunk_chars=2_000)

    def test_index_into_a_read_only_tmpfs(self, small_disk, tmp_path):
        corpus = tmp_path / "corpus"
        write_speeches(corpus, readme=False)
        subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
        with pytest.raises(CorpusError, match=rf"cannot write {small_disk / 'store'}: the "
                                              r"folder .* is not writable"):
            cnb.index(corpus, small_disk / "store", workers=1)


# ------------------------------------------------------------------ the command line


@pytest.fixture
def no_kernels(monkeypatch):
    """run_notebooks replaced: it fails the test if a check let a run start."""
    def started(*args, **kwargs):
        raise AssertionError("a notebook ran")
    monkeypatch.setattr(runner, "run_notebooks", started)


@pytest.fixture
def fake_kernels(monkeypatch):
    """run_notebooks replaced by one that writes each notebook and page as a run would."""
    def run_notebooks(paths, out, **kwargs):
        results = []
        for path in paths:
            notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# T")])
            _outputs.write_atomic(out / f"{path.stem}.ipynb",
                                  lambda temp: nbformat.write(notebook, temp))
            html = _outputs.write_text_atomic(out / f"{path.stem}.html", "<p>page</p>")
            results.append(RunResult(path.name, True, 0.1, html))
        return results
    monkeypatch.setattr(runner, "run_notebooks", run_notebooks)


class TestCommandLine:
    def test_users_index_refused_before_any_notebook_runs(self, speeches, out, no_kernels,
                                                          capsys):
        out.mkdir()
        (out / "index.html").write_bytes(b"<h1>my course page</h1>")
        status = cli.main(["run", str(FIRST), "--corpus", str(speeches), "--out", str(out)])
        assert status == 2
        assert capsys.readouterr().err == (
            f"corpusnb: error: --out {out} holds 1 file that corpusnb run did not write (or "
            f"that changed since it did): index.html; move it, choose another --out, or pass "
            f"--force to replace it\n")
        assert (out / "index.html").read_bytes() == b"<h1>my course page</h1>"
        assert sorted(p.name for p in out.iterdir()) == ["index.html"]

    def test_out_in_the_corpus_refused_before_any_notebook_runs(self, speeches, no_kernels,
                                                                capsys):
        status = cli.main(["run", str(FIRST), "--corpus", str(speeches), "--out",
                           str(speeches / "build")])
        assert status == 2 and "is inside the corpus" in capsys.readouterr().err
        assert not (speeches / "build").exists()

    def test_a_table_that_is_the_corpus_is_refused(self, out, no_kernels, capsys):
        corpus = out / "tables" / "documents.csv"  # a CSV corpus where a run puts a table
        corpus.parent.mkdir(parents=True)
        corpus.write_bytes(b"doc_id,text\r\na,The first text.\r\n")
        status = cli.main(["run", str(FIRST), "--corpus", str(corpus), "--out", str(out),
                           "--force"])
        assert status == 2
        assert capsys.readouterr().err == (
            f"corpusnb: error: --out {out} would write {corpus}, which is the corpus "
            f"{corpus}; choose another --out\n")
        assert corpus.read_bytes() == b"doc_id,text\r\na,The first text.\r\n"

    def test_out_in_the_seed_corpus_is_refused(self, no_kernels, capsys):
        seeds = cnb.seed_path()
        status = cli.main(["run", str(FIRST), "--out", str(seeds / "build")])
        assert status == 2 and f"is inside the corpus {seeds.resolve()}" in \
            capsys.readouterr().err

    def test_run_rerun_edit_force(self, speeches, out, fake_kernels, capsys):
        argv = ["run", str(FIRST), "--corpus", str(speeches), "--out", str(out)]
        assert cli.main(argv) == 0
        assert sorted(_record(out)) == [
            "00_corpus_and_method.html", "00_corpus_and_method.ipynb", "index.html",
            "tables.xlsx", "tables/documents.csv", "tables/frequencies.csv",
            "tables/frequencies_by_document.csv", "tables/keyness.csv",
            "tables/themes_by_document.csv", "teaching.html"]
        first = (out / "index.html").stat().st_ino
        assert cli.main(argv) == 0  # a rerun replaces what it wrote
        assert (out / "index.html").stat().st_ino != first
        (out / "tables" / "documents.csv").write_text("my notes", encoding="utf-8")
        capsys.readouterr()
        assert cli.main(argv) == 2
        assert "did not write (or that changed since it did): tables/documents.csv;" in \
            capsys.readouterr().err
        assert (out / "tables" / "documents.csv").read_text(encoding="utf-8") == "my notes"
        assert cli.main(argv + ["--force"]) == 0
        assert (out / "tables" / "documents.csv").read_text(encoding="utf-8").startswith(
            "doc_id,")
        assert cli.main(argv) == 0

    def test_disk_full_during_a_run_is_one_error_line(self, speeches, out, fake_kernels,
                                                     monkeypatch, capsys):
        monkeypatch.setattr(pathlib.Path, "write_text", _full_disk_after(0))
        status = cli.main(["run", str(FIRST), "--corpus", str(speeches), "--out", str(out)])
        err = capsys.readouterr().err.splitlines()
        assert status == 2
        assert err[-1] == (f"corpusnb: error: cannot write {out / '00_corpus_and_method.html'}"
                           f": the disk is full (No space left on device); free some space "
                           f"and run again (an earlier {out / '00_corpus_and_method.html'} "
                           f"is kept as it was)")


# ------------------------------------------------------------------ --param


class TestParam:
    @pytest.mark.parametrize(("text", "message"), [
        ("x=NaN", "NaN and infinity cannot be passed to a notebook"),
        ("x=-Infinity", "NaN and infinity cannot be passed to a notebook"),
        ("x=1e999", "NaN and infinity cannot be passed to a notebook"),
        ("x=[1, NaN]", "NaN and infinity cannot be passed to a notebook"),
        ("import=1", "'import' is a Python keyword, not a parameter name"),
        ("None=1", "'None' is a Python keyword, not a parameter name"),
    ])
    def test_refused_values_and_names(self, text, message):
        with pytest.raises(CorpusError) as caught:
            cli.parse_param(text)
        assert str(caught.value).startswith(f"--param {text!r}: {message}")

    def test_the_text_nan(self):
        assert cli.parse_param('x="NaN"') == ("x", "NaN")

    def test_misspelt_name_lists_the_valid_ones(self):
        with pytest.raises(CorpusError) as caught:
            runner.check_parameters({"windw": 3}, notebook_paths()[1:3])
        assert str(caught.value) == (
            "--param windw: none of the 2 notebooks has a parameter of that name; their "
            "parameters are corpus_path, focus_doc, store_path, text_column, themes_path, "
            "window")

    def test_a_name_of_one_notebook_is_enough(self):
        runner.check_parameters({"window": 3, "compare_by": "party"}, notebook_paths()[1:5])

    def test_nested_value(self):
        with pytest.raises(CorpusError, match=r"--param window: parameter window must be a "
                                              r"plain value .* not list \[\['a'\]\]"):
            runner.check_parameters({"window": [["a"]]}, [notebook_paths()[1]])

    def test_notebook_without_a_parameters_cell(self, tmp_path):
        path = tmp_path / "mine.ipynb"
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]),
                       path)
        with pytest.raises(CorpusError, match=r"--param x: mine\.ipynb has no parameter of "
                                              r"that name; they have no cell tagged"):
            runner.check_parameters({"x": 1}, [path])

    def test_inject_refuses_nan(self):
        with pytest.raises(ValueError, match=r"parameter x is not a finite number \(nan\)"):
            runner.inject_parameters(nbformat.v4.new_notebook(), {"x": float("nan")})

    @pytest.mark.parametrize(("param", "message"), [
        ("windw=3", "--param windw: 01_separatism.ipynb has no parameter of that name; its "
                    "parameters are corpus_path, focus_doc, store_path, text_column, "
                    "themes_path, window"),
        ("window=NaN", "--param 'window=NaN': NaN and infinity cannot be passed"),
        ("import=1", "--param 'import=1': 'import' is a Python keyword"),
        # a corpus given as a parameter escaped the checks of --out against the corpus
        ("corpus_path=.", "--param corpus_path=...: use --corpus instead"),
        ("store_path=s", "--param store_path=...: use --store instead"),
        ("themes_path=t.toml", "--param themes_path=...: use --themes instead"),
        ("text_column=body", "--param text_column=...: use --text-column instead"),
    ])
    def test_checked_before_any_notebook_runs(self, speeches, out, no_kernels, capsys, param,
                                              message):
        status = cli.main(["run", str(notebook_paths()[1]), "--corpus", str(speeches),
                           "--param", param, "--out", str(out)])
        assert status == 2
        assert capsys.readouterr().err.startswith(f"corpusnb: error: {message}")
        assert not out.exists()
