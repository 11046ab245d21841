"""Seminar material: answer checks, student copies, worksheets, slides, the front page's
notebook summaries, and the tag scheme of the shipped notebooks."""
from __future__ import annotations

import copy

import nbformat
import numpy as np
import pandas as pd
import pytest

import corpusnb as cnb
from corpusnb.apps import site, teaching
from corpusnb.apps.runner import notebook_paths, run_notebooks
from corpusnb.apps.teaching import (ANSWER_PROMPT, AnswerError, check_answer, check_student_paths,
                               document_pair, notebook_summary, slide_notebook, solution_text,
                               student_notebook, themes_from_toml, worksheet_html)

new_md, new_code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell


def _notebook(*cells):
    return nbformat.v4.new_notebook(cells=list(cells))


def _shipped(kind: str) -> list:
    notebooks = [(p, nbformat.read(p, as_version=4)) for p in notebook_paths()]
    return [(p, nb) for p, nb in notebooks if site.notebook_kind(nb, p.name) == kind]


class TestCheckAnswer:
    @pytest.mark.parametrize("answer, expected", [
        (108.4321, 108.4321), (np.float64(2.0), 2), ([3, 4], pd.Series([3, 4])),
        ({"a", "b"}, ["b", "a", "a"]), ("eu", "eu"),
        (pd.Series([1.0, 2.0]), pd.DataFrame({"x": [1.0, 2.0]})),
    ])
    def test_agrees(self, answer, expected, capsys):
        check_answer("it", answer, expected)
        assert capsys.readouterr().out == "Answer agrees with the library: it.\n"

    @pytest.mark.parametrize("answer, expected", [
        (108.43, 108.4321), ([3, 4], [3, 4, 5]), ({"a"}, {"a", "b"}), ("eu", "ue"),
        ([1, 2], [2, 1]),
    ])
    def test_disagrees(self, answer, expected):
        with pytest.raises(AnswerError, match="^it: the answer is .*, the library gives "):
            check_answer("it", answer, expected)

    def test_tolerance(self):
        check_answer("close", 1.0, 1.0 + 1e-12)
        with pytest.raises(AnswerError):
            check_answer("close", 1.0, 1.001)
        check_answer("loose", 1.0, 1.001, tolerance=0.01)


class TestDocumentPair:
    def test_the_two_longest(self, seed_tokens):
        sizes = seed_tokens["doc_id"].astype(str).value_counts()
        target, reference, why = document_pair(seed_tokens)
        assert [target, reference] == sizes.index[:2].tolist()
        assert why == (f"Target: {target} ({sizes.iloc[0]:,} word tokens), the longest "
                       f"document; reference: {reference} ({sizes.iloc[1]:,}), the next longest.")

    def test_chosen_in_the_parameters(self, seed_tokens):
        target, reference, why = document_pair(seed_tokens, target="lrb-2015",
                                               reference="lrb-2015")
        assert (target, reference) == ("lrb-2015", "kazakhstan-eu-2018")  # not itself
        assert "as set in the parameters; reference: kazakhstan-eu-2018" in why
        assert document_pair(seed_tokens, target="nope")[0] == "kazakhstan-eu-2018"

    def test_one_document_and_none(self, seed_tokens):
        one = seed_tokens[seed_tokens["doc_id"] == "lrb-2015"]
        assert document_pair(one)[:2] == ("lrb-2015", None)
        assert "no second text" in document_pair(one, what="content words")[2]
        assert document_pair(seed_tokens.iloc[:0])[:2] == (None, None)

    def test_from_a_token_store(self, seed_tokens, tmp_path, monkeypatch):
        store = cnb.index(cnb.seed_path(), tmp_path / "store", chunk_chars=3_000, workers=1)
        monkeypatch.setattr(cnb.Store, "tokens", None)  # never the whole table
        content = cnb.content_words(store)
        got = document_pair(content, reference="lrb-2015", what="content words")
        assert got == document_pair(cnb.content_words(seed_tokens), reference="lrb-2015",
                                    what="content words")
        assert got[2] == ("Target: kazakhstan-eu-2018 (4,640 content words), the longest "
                          "document; reference: lrb-2015 (2,602), as set in the parameters.")
        assert document_pair(store)[:2] == ("kazakhstan-eu-2018", "markedonov-2012")


class TestThemesFromToml:
    def test_reads_as_load_themes_does(self, tmp_path):
        text = '[economy]\nlabel = "Economy"\ndescription = "Money"\npatterns = ["tax*", "trade"]\n'
        (tmp_path / "t.toml").write_text(text, encoding="utf-8")
        pd.testing.assert_frame_equal(themes_from_toml(text), cnb.load_themes(tmp_path / "t.toml"))

    @pytest.mark.parametrize("text, message", [
        ("[economy\npatterns = []", "not valid TOML"), ("", "is empty"),
        ("[economy]\nlabel = 'E'", "needs patterns"),
    ])
    def test_bad_dictionary(self, text, message):
        with pytest.raises(cnb.CorpusError, match=message):
            themes_from_toml(text)


class TestStudentNotebook:
    def _master(self):
        return _notebook(
            new_md("# 09 · Words"),
            new_code("# Task 1: count the hits.\n# Use cnb.find.\nhits = cnb.find(tokens, 'war')",
                     metadata={"tags": ["exercise"]}),
            new_code("answer = 42", metadata={"tags": ["solution"]}),
            new_code("cnb.check_answer('x', 1, 1)", metadata={"tags": ["check"]}),
            new_md("Why?", metadata={"tags": ["question"]}),
            new_code("print(1)"))

    def test_prompt_kept_code_emptied_solutions_dropped(self):
        notebook = self._master()
        notebook.cells[1].outputs = [nbformat.v4.new_output("stream", text="3")]
        cells = student_notebook(notebook).cells
        assert [c.source for c in cells] == [
            "# 09 · Words", f"# Task 1: count the hits.\n# Use cnb.find.\n{ANSWER_PROMPT}",
            "Why?", "print(1)"]
        assert cells[1].outputs == []

    def test_solution_text(self):
        master = self._master()
        found = solution_text([master], [student_notebook(copy.deepcopy(master))], shortest=8)
        assert found == ["hits = cnb.find(tokens, 'war')", "answer = 42",
                         "cnb.check_answer('x', 1, 1)"]

    def test_shipped_solutions_hold_text_the_students_never_see(self):
        solutions = [nb for _, nb in _shipped("solution")]
        visible = [student_notebook(nb) for p, nb in
                   [(p, nbformat.read(p, as_version=4)) for p in notebook_paths()]
                   if not teaching._is_solution(p)]
        found = solution_text(solutions, visible)
        assert len(found) > 100
        assert 'g2_by_hand = 2 * (observed[seen] * np.log(observed[seen] / expected[seen])).sum()' \
            in found


class TestStudentPaths:
    def test_solutions_left_out(self, tmp_path):
        kept = check_student_paths(notebook_paths(), tmp_path, explicit=False)
        assert [p.name for p in kept] == [p.name for p in notebook_paths()
                                          if p.parent.name != "solutions"]
        assert len(kept) == 9

    def test_named_solution_refused(self, tmp_path):
        with pytest.raises(cnb.CorpusError, match="do not name 06_keyness_solutions.ipynb"):
            check_student_paths([p for p in notebook_paths() if p.name.startswith("06")],
                                tmp_path, explicit=True)

    def test_teacher_build_folder_refused(self, tmp_path):
        (tmp_path / "05_seminar_solutions.html").write_text("x", encoding="utf-8")
        with pytest.raises(cnb.CorpusError, match="holds a teacher's build"):
            check_student_paths(notebook_paths(), tmp_path, explicit=False)


class TestWorksheet:
    def test_ruled_lines_for_every_exercise_and_question(self):
        for path, notebook in _shipped("exercise")[1:]:  # 06-08 (05 has no tagged cells)
            expected = sum(teaching._answer_lines(c, 6 if "exercise" in c.metadata.get("tags", [])
                                                  else 4)
                           for c in notebook.cells
                           if {"exercise", "question"} & set(c.metadata.get("tags", [])))
            page = worksheet_html(notebook, corpus_sentence="3 documents.")
            assert page.count("<div class='line'></div>") == expected, path.name
            assert "<script" not in page and "http" not in page
            assert "<p class='corpus'>The corpus: 3 documents.</p>" in page
            assert ANSWER_PROMPT not in page  # the ruled box is the answer space
            # a worksheet of an executed student copy (as --students makes it) is the same
            assert worksheet_html(student_notebook(copy.deepcopy(notebook)),
                                  corpus_sentence="3 documents.") == page

    def test_no_solution_in_a_worksheet(self):
        solutions = [nb for _, nb in _shipped("solution")]
        for _, notebook in _shipped("exercise"):
            page = worksheet_html(notebook)
            leaked = [line for line in solution_text(solutions, [student_notebook(
                copy.deepcopy(notebook))]) if line in page]
            assert leaked == []


class TestSlides:
    def test_slide_types(self):
        figure = new_code("plot()")
        figure.outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBO"})]
        printed = new_code("print(1)")
        printed.outputs = [nbformat.v4.new_output("stream", text="3 documents.\n")]
        table = new_code("df")
        table.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "df"})]
        notebook = _notebook(new_md("# T"), new_md("Prose."), figure, printed, table,
                             new_md("## Next"))
        assert [c.metadata.slideshow.slide_type for c in slide_notebook(notebook).cells] == \
            ["slide", "-", "subslide", "-", "skip", "slide"]


class TestSummaries:
    @pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.name)
    def test_from_the_opening_cell(self, path):
        notebook = nbformat.read(path, as_version=4)
        summary = notebook_summary(notebook)
        first = notebook.cells[0].source
        assert first.startswith(f"# {summary['title']}\n")
        if site.notebook_kind(notebook, path.name) != "solution":
            assert summary["goals"] and summary["goals"] in first
        if site.notebook_kind(notebook, path.name) == "narrative" or path.name.startswith("0"):
            if "**Question.**" in first:
                assert summary["question"] in first and len(summary["question"]) > 40


class TestTagScheme:
    def test_kinds(self):
        kinds = {p.name: site.notebook_kind(nb, p.name)
                 for p, nb in [(p, nbformat.read(p, as_version=4)) for p in notebook_paths()]}
        assert [n for n, k in kinds.items() if k == "exercise"] == [
            "05_seminar_exercises.ipynb", "06_exercise_keyness.ipynb",
            "07_exercise_theme_dictionary.ipynb", "08_exercise_networks.ipynb"]
        assert [n for n, k in kinds.items() if k == "solution"] == [
            "05_seminar_solutions.ipynb", "06_keyness_solutions.ipynb",
            "07_theme_dictionary_solutions.ipynb", "08_networks_solutions.ipynb"]

    def test_exercises_and_solutions(self):
        for path, notebook in _shipped("exercise")[1:]:
            tags = [c.metadata.get("tags", []) for c in notebook.cells]
            exercises = [c for c in notebook.cells if "exercise" in c.metadata.get("tags", [])]
            assert len(exercises) >= 3, path.name
            assert all(c.source.startswith("# Task ") for c in exercises)
            assert not any({"solution", "check"} & set(t) for t in tags), path.name
        for path, notebook in _shipped("solution")[1:]:
            checks = [c for c in notebook.cells if "check" in c.metadata.get("tags", [])]
            assert len(checks) >= 2 and all("cnb.check_answer(" in c.source for c in checks)


@pytest.mark.notebooks
def test_a_drifting_answer_fails_the_run(tmp_path):
    """The keyness solution checks log ratio by hand: make the library's drift, see it fail."""
    source = [p for p in notebook_paths() if p.name == "06_keyness_solutions.ipynb"][0]
    notebook = nbformat.read(source, as_version=4)
    notebook.cells.insert(2, new_code(
        "import corpusnb.analyses.frequency as _f\n_real = _f.log_ratio\n"
        "_f.log_ratio = lambda *a: _real(*a) + 0.01  # a drift of 0.01"))
    nbformat.write(notebook, tmp_path / "drift.ipynb")
    (result,) = run_notebooks([tmp_path / "drift.ipynb"], tmp_path / "out")
    assert not result.ok
    assert result.error.startswith("AnswerError: log ratio of ")
    assert "by hand: the answer is" in result.error
