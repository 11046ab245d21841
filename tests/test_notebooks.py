"""The narrative notebooks: committed clean, executed headless, rendered with their figures."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import corpusnb as cnb
from corpusnb.apps import cli
from corpusnb.apps.runner import inject_parameters, notebook_paths, run_notebooks

FIXTURE = Path(__file__).parent / "fixtures" / "other_corpus"
OWN = Path(__file__).parent / "fixtures" / "own_corpus"
# Names of the seed texts, their authors, subjects and claims: none may appear on a page
# built from another corpus (case-insensitive).
SEED_NAMES = ["markedonov", "ledeneva", "gessen", "dawisha", "london review", "lrb",
              "kazakhstan", "nazarbayev", "astana", "putin", "yeltsin", "chechen", "chechnya",
              "caucasus", "volga", "ichkeria", "on the seed texts", "checked:",
              "about the seed texts"]
EXPECTED = ["00_corpus_and_method.ipynb", "01_separatism.ipynb", "02_kleptocracy.ipynb",
            "03_multivectorism.ipynb", "04_comparison.ipynb", "05_seminar_exercises.ipynb",
            "06_exercise_keyness.ipynb", "07_exercise_theme_dictionary.ipynb",
            "08_exercise_networks.ipynb", "05_seminar_solutions.ipynb",
            "06_keyness_solutions.ipynb", "07_theme_dictionary_solutions.ipynb",
            "08_networks_solutions.ipynb"]


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

    def test_front_page(self, seed_run):
        import html

        from corpusnb.apps.teaching import notebook_summary

        out, results = seed_run
        index = (out / "index.html").read_text("utf-8")
        assert re.findall(r"(?:src|href)=['\"]?https?:", index) == []  # nothing fetched
        readers, rest = index.split("<h2>For teachers</h2>")
        teachers = rest.split("<h2>Run details</h2>")[0]
        for result in results:
            stem = Path(result.name).stem
            summary = notebook_summary(nbformat.read(out / result.name, as_version=4))
            link = f"<a href='{stem}.html'>{html.escape(summary['title'])}</a>"
            if "solutions" in stem:  # listed for teachers only
                assert link in teachers and f"href='{stem}.html'" not in readers
                continue
            assert link in readers and (summary["question"] or summary["goals"])
            figures = _figures(out / result.name)  # the first chart, where there is one
            assert not figures or f"<img src='data:image/png;base64,{figures[0]}'" in readers
            assert bool(figures) == (result.name != "05_seminar_exercises.ipynb")
        corpus = cnb.load_corpus()
        assert f"<b>{len(cnb.tokenize(corpus)):,}</b>word tokens" in index

    def test_claims_were_checked(self, seed_run):
        out, _ = seed_run
        html = (out / "01_separatism.html").read_text("utf-8")
        assert html.count("Checked: ") >= 5 and "Not checked" not in html

    def test_seed_cells_are_shown_on_the_seeds(self, seed_run):
        out, _ = seed_run
        html = (out / "02_kleptocracy.html").read_text("utf-8")
        assert "On the seed texts." in html and "Putinism" in html

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
        # --force: that page is in no record of a run (corpusnb would refuse to replace it)
        status = cli.main(["run", str(path), "--out", str(out), "--jobs", "1", "--force"])
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


# pandas on the whole token table: what a token store never builds (tokens[...] of a
# store would be a document, tokens.groupby an AttributeError, cnb.tokenize the table)
WHOLE_TABLE = re.compile(r"\b(?:tokens|content)(?:\[|\.(?:groupby|loc|iloc|query|merge|"
                         r"join|nunique|unique|value_counts|mean|sum)\b)|cnb\.tokenize\(|"
                         r"\.tokens\(\)")


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.name)
def test_no_notebook_builds_the_whole_token_table(path):
    """Every notebook reads ``tokens = cnb.tokens_of(corpus)`` and asks the analyses of
    it (a store for a store), so its code runs the same on a table and a store."""
    code = [c.source for c in nbformat.read(path, as_version=4).cells
            if c.cell_type == "code"]
    setup = next(source for source in code if "cnb.load_corpus(" in source)
    assert "tokens = cnb.tokens_of(corpus)" in setup
    assert "content" not in setup or "content = cnb.content_words(tokens)" in setup
    found = [m.group(0) for source in code for m in WHOLE_TABLE.finditer(source)]
    assert not found, f"{path.name} runs pandas on the token table: {found}"


def test_the_whole_table_pattern_finds_what_the_notebooks_did():
    for old in ('content = tokens[~tokens["is_stop"]]', 'tokens = cnb.tokenize(corpus)',
                'tokens.groupby("doc_id").size()', 'content["doc_id"].unique()',
                'tokens["norm"].nunique()', 'store.tokens()'):
        assert WHOLE_TABLE.search(old), old
    for new in ("doc_tokens = cnb.document_tokens(tokens, focus)",
                "cnb.kwic(doc_tokens, word)", "focus_tokens[\"norm\"]"):
        assert not WHOLE_TABLE.search(new), new


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


# ---------------------------------------------------------------- any corpus

def _pages(out: Path) -> dict[str, str]:
    """The notebooks' pages (not the front page or the guide)."""
    return {p.name: p.read_text("utf-8") for p in sorted(out.glob("*.html"))
            if p.name not in ("index.html", "teaching.html")}


def _run_on(corpus: Path, out: Path, *extra: str) -> dict[str, str]:
    status = cli.main(["run", "--corpus", str(corpus), "--out", str(out), "--jobs", "2",
                       *extra])
    pages = _pages(out)
    failed = {name: page for name, page in pages.items() if ".failed" in name}
    assert status == 0 and not failed, list(failed)
    assert sorted(pages) == sorted(Path(n).stem + ".html" for n in EXPECTED)
    return pages


def _assert_no_seed_names(pages: dict[str, str]) -> None:
    for name, page in pages.items():
        text = re.sub(r"<[^>]+>", " ", page).lower()  # what a reader sees, not the markup
        found = [word for word in SEED_NAMES if re.search(rf"\b{re.escape(word)}", text)]
        assert not found, f"{name} names {found}"
        assert "Traceback" not in page


def test_the_guide_names_no_seed_text():
    """The lecturer's guide is rendered into every teacher's build, whatever the corpus."""
    from corpusnb.apps.site import guide_html

    _assert_no_seed_names({"teaching.html": guide_html()})


def _write(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    return folder


def _speeches() -> list[str]:
    import csv
    with (OWN / "speeches.csv").open(encoding="utf-8", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle)]


def _corpora(root: Path) -> dict[str, Path]:
    speeches = _speeches()
    russian = (OWN / "doklad_ru.txt").read_bytes()
    return {
        "one document": _write(root / "one", {"speech.txt": speeches[0]}),
        "two documents": _write(root / "two", {"first-2019.txt": speeches[1],
                                               "second-2021.txt": speeches[2]}),
        "an empty file among others": _write(root / "empty", {
            "a.txt": speeches[3], "b.txt": speeches[4], "c.txt": "", "d.txt": speeches[5]}),
        "a stopwords-only document": _write(root / "stop", {
            "a.txt": speeches[6], "b.txt": "The of and to in it is was but or.\n",
            "c.txt": speeches[7]}),
        "a Russian-only corpus": _write(root / "russian", {
            "doklad.txt": russian,
            "transport.txt": (FIXTURE / "transport_ru.txt").read_bytes()}),
    }


@pytest.mark.notebooks
@pytest.mark.slow
@pytest.mark.parametrize("case", ["one document", "two documents",
                                  "an empty file among others", "a stopwords-only document",
                                  "a Russian-only corpus"])
def test_every_notebook_runs_on(case, tmp_path):
    corpus = _corpora(tmp_path / "corpora")[case]
    pages = _run_on(corpus, tmp_path / "out")
    _assert_no_seed_names(pages)
    _assert_no_seed_names({name: (tmp_path / "out" / name).read_text("utf-8")
                           for name in ("index.html", "teaching.html")})


@pytest.mark.notebooks
@pytest.mark.slow
def test_every_notebook_runs_on_a_5000_document_csv(tmp_path):
    import csv
    import random
    generator = random.Random(5000)
    sentences = [s.strip() + "." for text in _speeches() for s in text.split(".") if s.strip()]
    parties = ["Civic Union", "Green Alliance", "National Front"]
    path = tmp_path / "archive.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["doc_id", "date", "party", "text"])
        for k in range(5000):
            text = " ".join(generator.sample(sentences, 3))
            writer.writerow([f"n{k:04d}", f"{2010 + k % 12}-{1 + k % 12:02d}-15",
                             parties[k % 3], text])
    pages = _run_on(path, tmp_path / "out")
    _assert_no_seed_names(pages)
    assert "grouped by &#x27;party&#x27;" in pages["04_comparison.html"] or \
        "grouped by 'party'" in pages["04_comparison.html"]


@pytest.fixture(scope="module")
def own_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("own")  # the tokens read from a token store
    pages = _run_on(OWN, out / "pages", "--store", str(out / "store"))
    assert cnb.open_store(out / "store").ids == cnb_load(OWN).ids
    return out / "pages", pages


@pytest.mark.notebooks
@pytest.mark.slow
class TestOwnCorpus:
    def test_no_seed_names(self, own_run):
        _assert_no_seed_names(own_run[1])

    def test_front_page_and_guide(self, own_run):
        out, _ = own_run
        pages = {name: (out / name).read_text("utf-8") for name in ("index.html", "teaching.html")}
        _assert_no_seed_names(pages)
        corpus = cnb_load(OWN)
        tokens = cnb.tokenize(corpus)
        years = corpus.metadata["year"].dropna()
        assert (f"<li><b>{len(corpus)}</b>documents</li><li><b>{len(tokens):,}</b>word tokens"
                f"</li><li><b>{int(years.min())}–{int(years.max())}</b>years</li>") \
            in pages["index.html"]

    def test_main_tables_beside_the_pages(self, own_run):
        import pandas as pd
        out, _ = own_run
        corpus = cnb_load(OWN)
        documents = pd.read_csv(out / "tables" / "documents.csv")
        assert documents["doc_id"].tolist() == corpus.ids
        assert {"party", "speaker", "date", "language"} <= set(documents.columns)
        assert (out / "tables.xlsx").exists()
        themes = pd.read_csv(out / "tables" / "themes_by_document.csv")
        assert len(themes) == len(corpus.ids) * 12

    def test_comparison_groups_by_party(self, own_run):
        page = own_run[1]["04_comparison.html"]
        assert "grouped by" in page and "party" in page

    def test_russian_document_shows_content_words(self, own_run):
        page = own_run[1]["00_corpus_and_method.html"]
        assert "ru: 1 document" in page


def cnb_load(path):
    import corpusnb as cnb
    return cnb.load_corpus(path)


def test_param_and_themes_reach_the_notebook(tmp_path):
    themes = tmp_path / "mine.toml"
    themes.write_text('[water]\nlabel = "Water"\ndescription = "Rivers"\n'
                      'patterns = ["river*", "water"]\n', encoding="utf-8")
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Parameters"),
        nbformat.v4.new_code_cell("corpus_path = None\nthemes_path = None\nwindow = 5",
                                  metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import corpusnb as cnb\n"
                                  "print(window, cnb.load_themes(themes_path).index.tolist())"),
        nbformat.v4.new_markdown_cell("Seed prose.", metadata={"tags": ["seeds-only"]})])
    nbformat.write(notebook, tmp_path / "p.ipynb")
    status = cli.main(["run", str(tmp_path / "p.ipynb"), "--corpus", str(FIXTURE), "--out",
                       str(tmp_path / "out"), "--param", "window=10", "--themes", str(themes)])
    executed = nbformat.read(tmp_path / "out" / "p.ipynb", as_version=4)
    assert status == 0
    assert executed.cells[3].outputs[0]["text"] == "10 ['water']\n"
    assert "Seed prose." not in (tmp_path / "out" / "p.html").read_text("utf-8")


def test_run_makes_the_store_and_the_notebook_reads_it(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("corpus_path = None\nstore_path = None",
                                  metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "import corpusnb as cnb\n"
            "corpus = cnb.load_corpus(corpus_path, store=store_path)\n"
            "tokens = cnb.tokenize(corpus)\n"
            "print(type(corpus).__name__, len(tokens), cnb.open_store(store_path).n_tokens)")])
    nbformat.write(notebook, tmp_path / "s.ipynb")
    status = cli.main(["run", str(tmp_path / "s.ipynb"), "--corpus", str(FIXTURE), "--out",
                       str(tmp_path / "out"), "--store", str(tmp_path / "store")])
    executed = nbformat.read(tmp_path / "out" / "s.ipynb", as_version=4)
    n = len(cnb.tokenize(cnb.load_corpus(FIXTURE)))
    assert status == 0
    assert executed.cells[2].outputs[0]["text"] == f"Store {n} {n}\n"
    assert (tmp_path / "store" / "manifest.json").is_file()


def test_tables_too_long_for_excel_stay_in_the_csv_files(tmp_path, monkeypatch, capsys):
    from corpusnb.present import export

    monkeypatch.setattr(export, "EXCEL_MAX_ROWS", 30)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    nbformat.write(notebook, tmp_path / "t.ipynb")
    status = cli.main(["run", str(tmp_path / "t.ipynb"), "--corpus", str(FIXTURE), "--out",
                       str(tmp_path / "out")])
    assert status == 0
    tables = cnb.main_tables(cnb.load_corpus(FIXTURE), cnb.load_themes())
    long = sorted(name for name, table in tables.items() if len(table) > 30)
    short = [name[:31] for name, table in tables.items() if len(table) <= 30]
    assert long and short
    import openpyxl

    workbook = openpyxl.load_workbook(tmp_path / "out" / "tables.xlsx", read_only=True)
    assert workbook.sheetnames == short
    for name in long:
        assert len(pd.read_csv(tmp_path / "out" / "tables" / f"{name}.csv")) == len(tables[name])
    err = capsys.readouterr().err
    assert all(f"{name} ({len(tables[name]):,} rows)" in err for name in long)
    assert "too long for an Excel sheet (30 rows at most): left out of tables.xlsx" in err


@pytest.mark.notebooks
@pytest.mark.slow
def test_the_seed_notebooks_read_from_a_store_check_every_claim(tmp_path):
    """Read from a token store, the seeds are still the seeds: every claim is checked (a
    claim that no longer holds fails its notebook) and each page describes the corpus as
    the corpus in memory does."""
    status = cli.main(["run", "--out", str(tmp_path / "out"), "--store",
                       str(tmp_path / "store"), "--jobs", "2"])
    pages = _pages(tmp_path / "out")
    assert status == 0 and sorted(pages) == sorted(Path(n).stem + ".html" for n in EXPECTED)
    corpus = cnb.load_corpus()
    sentence = cnb.corpus_sentence(corpus, cnb.tokenize(corpus))
    for path in notebook_paths():
        claims = sum("".join(cell.source).count("cnb.claim(")
                     for cell in nbformat.read(path, as_version=4).cells
                     if cell.cell_type == "code")
        seen = _visible(pages[path.stem + ".html"])
        assert seen.count("Checked: ") == claims, path.name
        assert sentence in seen, path.name


def _visible(page: str) -> str:
    import html
    return html.unescape(re.sub(r"<[^>]+>", "", page))


# ---------------------------------------------------------------- the speech-style corpus

def test_front_page_reframes_the_seed_topics_on_another_corpus(tmp_path, tiny_corpus,
                                                               seed_corpus):
    """The questions of 01-03 name the seed study's topics; on another corpus the front
    page asks them of whatever themes the run counts."""
    from corpusnb.apps.runner import RunResult
    from corpusnb.apps.site import _OTHER_CORPUS_QUESTIONS, write_front_page

    names = ["01_separatism.ipynb", "02_kleptocracy.ipynb", "03_multivectorism.ipynb",
             "04_comparison.ipynb"]
    sources = {p.name: p for p in notebook_paths()}
    for name in names:
        shutil.copy(sources[name], tmp_path / name)
        (tmp_path / name).with_suffix(".html").write_text("page", encoding="utf-8")
    results = [RunResult(name=n, ok=True, seconds=1.0, html=tmp_path / n.replace(
        ".ipynb", ".html")) for n in names]
    other = _visible(write_front_page(tmp_path, results, corpus=tiny_corpus
                                      ).read_text("utf-8"))
    for stem, question in _OTHER_CORPUS_QUESTIONS.items():
        assert f"Question. {question.replace('`', '')}" in other, stem
    assert "speak of separatism, nationalism and Islamism" not in other
    assert "theft by rulers" not in other and "great powers" not in other
    # 04's question names no seed topic: as written
    assert "What distinguishes each document" in other
    seeds = _visible(write_front_page(tmp_path, results, corpus=seed_corpus
                                      ).read_text("utf-8"))
    assert "speak of separatism, nationalism and Islamism" in seeds
    assert not any(q.replace("`", "") in seeds for q in _OTHER_CORPUS_QUESTIONS.values())


@pytest.fixture(scope="module")
def speeches_run(tmp_path_factory):
    from tests.speeches import write_speeches

    root = tmp_path_factory.mktemp("speeches")
    write_speeches(root / "corpus")
    return root, _run_on(root / "corpus", root / "out")


@pytest.mark.notebooks
@pytest.mark.slow
class TestSpeeches:
    """Every notebook on the speech-style fixture (tests/speeches.py), with the sentences
    that misled on real speech collections checked for what they say."""

    def test_no_seed_names(self, speeches_run):
        _assert_no_seed_names(speeches_run[1])

    def test_the_dictionaries_are_the_seed_study_s(self, speeches_run):
        pages = speeches_run[1]
        for name in ("01_separatism.html", "02_kleptocracy.html", "03_multivectorism.html",
                     "04_comparison.html", "05_seminar_exercises.html"):
            seen = _visible(pages[name])
            assert "theme dictionaries are the shipped ones, written for the seed study" \
                in seen, name
            assert "On this corpus they count those words, not necessarily those topics" \
                in seen and "corpusnb run --themes FILE" in seen, name

    def test_a_theme_one_word_drives_is_named_as_such(self, speeches_run):
        sep = _visible(speeches_run[1]["01_separatism.html"])
        # every Separatism hit of the fixture is "independence" (counted in test_themes)
        assert re.search(r"Separatism: (\d+) hits, made by independence \1 \(100%\)\. "
                         r"Separatism is driven by one word here", sep)
        mv = _visible(speeches_run[1]["03_multivectorism.html"])
        # balanced 5 (Jefferson, Truman 2, Kennedy, Obama), balance 1 (Bush): 5 of 6
        assert "Multi-vectorism: 6 hits, made by balanced 5 (83%), balance 1 (17%). " \
               "Multi-vectorism is driven by one word here" in mv
        comparison = _visible(speeches_run[1]["04_comparison.html"])
        assert "driven by one word, 'independence'" in comparison
        assert "too few to call a theme leading" in comparison

    def test_the_focus_document_says_its_evidence_is_thin(self, speeches_run):
        sep = _visible(speeches_run[1]["01_separatism.html"])
        # 2 hits each in Adams 1797, Kennedy 1961 and Bush 2001
        assert "Focus document: 2001-Bush, one of 3 documents tied with the most hits of " \
               "Separatism (2 each" in sep
        assert "the tie is broken by the rate per 10,000 words, then corpus order" in sep
        assert "2 hits are thin evidence" in sep

    def test_mattr_flags_the_short_speeches(self, speeches_run):
        method = _visible(speeches_run[1]["00_corpus_and_method.html"])
        # every invented speech is under 200 tokens, shorter than the 500-token window
        assert "documents are shorter than the 500-token window" in method
        assert "Highest MATTR" not in method

    def test_no_section_zero(self, speeches_run):
        for name, page in speeches_run[1].items():
            assert "section 0" not in _visible(page), name
        mv = _visible(speeches_run[1]["03_multivectorism.html"])
        assert "has no section headings (it is one section), so there is no section to " \
               "compare" in mv

    def test_trends_give_the_peak(self, speeches_run):
        for name in ("01_separatism.html", "04_comparison.html"):
            seen = _visible(speeches_run[1][name])
            assert "Separatism: " in seen and "the highest rate is in " in seen, name
            assert " hits over " not in seen, name

    def test_keywords_and_shared_vocabulary_as_computed(self, speeches_run):
        root, pages = speeches_run
        seen = {name: _visible(page) for name, page in pages.items()}
        assert not any("top five keywords" in page for page in seen.values())
        assert "terms are significant after correction" in seen["02_kleptocracy.html"]
        with pytest.warns(cnb.CorpusWarning, match="README.md"):  # not a speech
            corpus = cnb.load_corpus(root / "corpus")
        tokens = cnb.tokenize(corpus)
        freq = cnb.frequencies(tokens[~tokens["is_stop"]])
        expected = cnb.shared_sentence(freq, len(corpus))
        assert expected in seen["04_comparison.html"]
        if (freq["docs"] == len(corpus)).sum() == 0:
            assert "common frame" not in seen["04_comparison.html"]

    def test_the_comparison_uses_periods_not_the_longest(self, speeches_run):
        seen = _visible(speeches_run[1]["04_comparison.html"])
        assert "longest of" not in seen
        # eight speeches with years: by year when at most six years are known, else by
        # decades (1780s ... 2000s: six of them)
        assert "grouped by period: 6 decades" in seen or "grouped by 'year'" in seen

    def test_front_page_questions(self, speeches_run):
        from corpusnb.apps.site import _OTHER_CORPUS_QUESTIONS

        index = _visible((speeches_run[0] / "out" / "index.html").read_text("utf-8"))
        for question in _OTHER_CORPUS_QUESTIONS.values():
            assert question.replace("`", "") in index
        assert "speak of separatism" not in index
