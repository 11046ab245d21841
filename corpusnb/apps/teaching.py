"""Seminar material from the notebooks: student copies, worksheets, slides, answer checks.

The notebooks mark their cells with tags (cell metadata ``tags``), so that one
master copy gives the teacher's pages, the students' pages, printed worksheets
and slides:

``parameters`` / ``injected-parameters``
    The cell a run's parameters follow (see :mod:`corpusnb.apps.runner`).
``seeds-only``
    Prose and checks about the seed texts; dropped on another corpus.
``exercise``
    A code cell the student writes. Its leading comment lines are the prompt;
    the code under them is the teacher's start of an answer. The student copy
    keeps the prompt and replaces the code by ``# Your answer here``.
``solution``
    A worked answer (code or prose), in ``notebooks/solutions/``. Never in a
    student copy: the student build leaves the solutions folder out entirely.
``check``
    A code cell of a solution that checks the answer against the library with
    :func:`check_answer`, so that an answer that drifts fails the run.
``question``
    A markdown cell with a question to answer in writing; the worksheet gives
    it ruled lines (``answer_lines`` in the cell's ``corpusnb`` metadata, 4 by
    default).

:func:`check_answer` is the check a solution uses; :func:`student_notebook`
makes the student copy, :func:`worksheet_html` the printable worksheet,
:func:`slide_notebook` marks slide types for nbconvert's reveal.js exporter,
and :func:`notebook_summary` reads a notebook's title, question and goals for
the front page.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

__all__ = ["ANSWER_PROMPT", "AnswerError", "check_answer", "check_student_paths",
           "document_pair", "notebook_summary", "slide_notebook", "solution_text",
           "student_notebook", "themes_from_toml", "worksheet_html"]

EXERCISE, SOLUTION, CHECK, QUESTION = "exercise", "solution", "check", "question"
ANSWER_PROMPT = "# Your answer here"
"""What an exercise cell holds under its prompt in a student copy."""


class AnswerError(AssertionError):
    """A solution's answer no longer agrees with what the library computes."""


def check_answer(what: str, answer, expected, *, tolerance: float = 1e-9) -> None:
    """Check a solution's answer against the library's; print what was checked.

    Parameters
    ----------
    what : str
        What the answer is, for the message ("log ratio of 'war', by hand").
    answer, expected
        Numbers, strings, sequences, sets, Series or DataFrames. Numbers (and
        arrays of them) agree within ``tolerance`` (absolute and relative);
        sets compare as sets, everything else by equality of values in order.

    Raises
    ------
    AnswerError
        When they differ; the message shows both.

    Examples
    --------
    >>> check_answer("two plus two", 2 + 2, 4)
    Answer agrees with the library: two plus two.
    >>> check_answer("terms", {"a", "b"}, ["b", "a"])
    Answer agrees with the library: terms.
    >>> check_answer("a rate", 0.5, 0.6)
    Traceback (most recent call last):
    ...
    corpusnb.apps.teaching.AnswerError: a rate: the answer is 0.5, the library gives 0.6
    """
    if not _agree(answer, expected, tolerance):
        raise AnswerError(f"{what}: the answer is {_shown(answer)}, the library gives "
                          f"{_shown(expected)}")
    print(f"Answer agrees with the library: {what}.")


def _agree(answer, expected, tolerance: float) -> bool:
    if isinstance(answer, (set, frozenset)) or isinstance(expected, (set, frozenset)):
        return set(_values(answer)) == set(_values(expected))
    a, b = _values(answer), _values(expected)
    if len(a) != len(b):
        return False
    try:
        x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return [str(v) for v in a] == [str(v) for v in b]
    return bool(np.allclose(x, y, rtol=tolerance, atol=tolerance, equal_nan=True))


def _values(value) -> list:
    if isinstance(value, pd.DataFrame):
        return value.to_numpy().ravel().tolist()
    if isinstance(value, (pd.Series, pd.Index, np.ndarray)):
        return np.asarray(value).ravel().tolist()
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        return [value]
    return list(value)


def _shown(value) -> str:
    text = repr(_values(value) if isinstance(value, (pd.Series, pd.DataFrame, np.ndarray))
                else value)
    return text if len(text) <= 200 else text[:197] + "..."


def document_pair(tokens: pd.DataFrame, *, target: str | None = None,
                  reference: str | None = None, what: str = "word tokens"
                  ) -> tuple[str | None, str | None, str]:
    """Two documents to compare (or one to focus on), and a sentence saying which.

    ``target`` and ``reference`` are used when the table has them (and they
    differ); otherwise the longest document with word tokens is the target and
    the next longest the reference (ties in corpus order). With one such
    document the reference is None: there is nothing to compare it with.
    ``what`` names the rows in the sentence (e.g. "content words" for a table
    without stopwords).

    Examples
    --------
    >>> import corpusnb as cnb
    >>> tokens = cnb.tokenize(cnb.load_corpus())
    >>> document_pair(tokens)[:2]
    ('kazakhstan-eu-2018', 'markedonov-2012')
    >>> document_pair(tokens, reference="lrb-2015")[2]
    'Target: kazakhstan-eu-2018 (8,169 word tokens), the longest document; reference: lrb-2015 (4,703), as set in the parameters.'
    """
    from corpusnb.analyses.overview import document_sizes

    sizes = document_sizes(tokens)
    ids = list(sizes.index)
    position = {doc_id: k for k, doc_id in enumerate(ids)}
    order = [i for i in sorted(ids, key=lambda i: (-int(sizes[i]), position[i]))
             if sizes[i] > 0]
    if not order:
        return None, None, "The corpus has no word tokens, so there is nothing to compare."
    chosen_target = target in order
    first = target if chosen_target else order[0]
    rest = [i for i in order if i != first]
    chosen_reference = reference in rest
    second = reference if chosen_reference else (rest[0] if rest else None)
    how = ("as set in the parameters" if chosen_target else
           "the longest document" if first == order[0] else "")
    text = f"Target: {first} ({int(sizes[first]):,} {what}), {how}"
    if second is None:
        return first, None, (text + f"; no other document has {what}, so there is no "
                             "second text to compare it with.")
    why = "as set in the parameters" if chosen_reference else (
        "the next longest" if not chosen_target else "the longest of the others")
    return first, second, text + f"; reference: {second} ({int(sizes[second]):,}), {why}."


def themes_from_toml(text: str) -> pd.DataFrame:
    """Theme dictionaries from TOML text, as :func:`corpusnb.load_themes` reads a file.

    Examples
    --------
    >>> themes_from_toml('[economy]\\nlabel = "Economy"\\npatterns = ["econom*", "tax*"]')
    ...                  # doctest: +NORMALIZE_WHITESPACE
               label description          patterns
    theme
    economy  Economy              [econom*, tax*]
    """
    import tomllib

    from corpusnb._errors import CorpusError
    from corpusnb.analyses._themes import _theme_row

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise CorpusError(f"the theme dictionary is not valid TOML ({err}); fix that "
                          f"line") from None
    if not data:
        raise CorpusError("the theme dictionary is empty; write [name] and patterns = [...]")
    rows = [_theme_row("the theme dictionary", key, table) for key, table in data.items()]
    return pd.DataFrame(rows, columns=["theme", "label", "description", "patterns"]
                        ).set_index("theme")


# ---------------------------------------------------------------- student copies

def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def student_notebook(notebook):
    """The student copy of a notebook: no ``solution`` or ``check`` cells, and each
    ``exercise`` cell reduced to its prompt (its leading comment lines) and
    ``# Your answer here``. Outputs are cleared. The notebook is changed in place
    and returned.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_code_cell("# Count the hits of 'war'.\\nhits = 3",
    ...                               metadata={"tags": ["exercise"]}),
    ...     nbformat.v4.new_markdown_cell("It is 3.", metadata={"tags": ["solution"]})])
    >>> [c.source for c in student_notebook(nb).cells]
    ["# Count the hits of 'war'.\\n# Your answer here"]
    >>> [c.source for c in student_notebook(nb).cells]  # the same again
    ["# Count the hits of 'war'.\\n# Your answer here"]
    """
    cells = []
    for cell in notebook.cells:
        tags = _tags(cell)
        if SOLUTION in tags or CHECK in tags:
            continue
        if EXERCISE in tags and cell.cell_type == "code":
            cell.source = "\n".join(_prompt(cell.source) + [ANSWER_PROMPT])
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
    notebook.cells = cells
    return notebook


def _prompt(source: str) -> list[str]:
    """The leading comment lines of an exercise cell (a student copy's answer line aside,
    so that a student copy's student copy is the same)."""
    lines = []
    for line in source.splitlines():
        if not line.lstrip().startswith("#") or line.strip() == ANSWER_PROMPT:
            break
        lines.append(line)
    return lines


def solution_text(notebooks: Iterable, others: Iterable, *, shortest: int = 24) -> list[str]:
    """Lines only the solutions hold: every line of ``notebooks`` (the solution
    notebooks, and the answer code of exercise cells) that is at least
    ``shortest`` characters long and in no cell of ``others`` (the notebooks a
    student may see). A student build must contain none of them.

    ``notebooks`` and ``others`` are nbformat notebooks; from ``notebooks`` the
    cells tagged ``exercise`` give only the lines under their prompt.

    Examples
    --------
    >>> import nbformat
    >>> sol = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    ...     "import corpusnb as cnb\\nanswer = cnb.keyness(tokens, 'a')  # by hand")])
    >>> ex = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import corpusnb as cnb")])
    >>> solution_text([sol], [ex])
    ["answer = cnb.keyness(tokens, 'a')  # by hand"]
    """
    seen = {line.strip() for nb in others for cell in nb.cells
            for line in _visible(cell).splitlines()}
    found: dict[str, None] = {}
    for nb in notebooks:
        for cell in nb.cells:
            source = cell.source
            if EXERCISE in _tags(cell):
                source = "\n".join(source.splitlines()[len(_prompt(source)):])
            for line in source.splitlines():
                line = line.strip()
                if len(line) >= shortest and line not in seen and line != ANSWER_PROMPT:
                    found[line] = None
    return list(found)


def _visible(cell) -> str:
    """What a student copy shows of a cell."""
    tags = _tags(cell)
    if SOLUTION in tags or CHECK in tags:
        return ""
    if EXERCISE in tags:
        return "\n".join(_prompt(cell.source))
    return cell.source


# ---------------------------------------------------------------- front page

_HEADING = re.compile(r"^#\s+(.+)$", re.M)


def notebook_summary(notebook) -> dict:
    """Title, question, goals and first chart of a notebook, for the front page.

    Returns
    -------
    dict
        ``title`` (the first ``# `` heading), ``question`` and ``goals`` (the
        markdown of the opening cell's "**Question.**" and "**You will learn
        to**" / "**Learning goals:**" paragraphs, "" when absent), ``figure``
        (the first PNG output as a ``data:`` URI, or None).

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
    ...     "# 09 · Words\\n\\n**Question.** Which words?\\n\\n**You will learn to** count.")])
    >>> s = notebook_summary(nb)
    >>> s["title"], s["question"], s["goals"]
    ('09 · Words', 'Which words?', 'count.')
    """
    opening = next((c.source for c in notebook.cells if c.cell_type == "markdown"), "")
    heading = _HEADING.search(opening)
    return {"title": heading.group(1).strip() if heading else "",
            "question": _paragraph(opening, ("**Question.**",)),
            "goals": _paragraph(opening, ("**You will learn to**", "**Learning goals:**")),
            "figure": _first_figure(notebook)}


def _paragraph(text: str, leads: tuple[str, ...]) -> str:
    for block in re.split(r"\n\s*\n", text):
        for lead in leads:
            if block.lstrip().startswith(lead):
                return block.lstrip()[len(lead):].strip()
    return ""


def _first_figure(notebook) -> str | None:
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            if png:
                return "data:image/png;base64," + png.replace("\n", "")
    return None


# ---------------------------------------------------------------- worksheets

_WORKSHEET_CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "DejaVu Serif", Georgia, serif; font-size: 11pt; line-height: 1.4;
       max-width: 46em; margin: 0 auto; color: #111; }
h1 { font-size: 17pt; margin-bottom: .2em; }
h2 { font-size: 13pt; margin-top: 1.2em; page-break-after: avoid; }
.meta { border-bottom: 1px solid #999; padding-bottom: .4em; margin-bottom: 1em; }
.meta span { display: inline-block; min-width: 16em; }
code, pre { font-family: "DejaVu Sans Mono", monospace; font-size: 9.5pt; }
pre.prompt { background: #f3f3f3; padding: .4em .6em; white-space: pre-wrap; margin: .4em 0; }
.answer { page-break-inside: avoid; margin: .3em 0 1em 0; }
.answer .line { border-bottom: 1px solid #888; height: 2.1em; }
.answer.code { border: 1px solid #888; }
.answer.code .line { border-bottom: 1px dotted #bbb; }
.corpus { font-size: 10pt; color: #333; }
"""


def worksheet_html(notebook, *, corpus_sentence: str = "") -> str:
    """A printable worksheet of an exercise notebook (its student copy).

    Markdown cells are printed; each ``exercise`` cell becomes its prompt and a
    box of ruled lines for the code, each ``question`` cell its text and ruled
    lines for a written answer; other code cells, and every output, are left
    out (they are on the notebook's page). Cells tagged ``solution`` or
    ``check`` never appear. The page loads nothing: print it from a browser
    or with headless chromium ``--print-to-pdf``.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 06 · Keyness"),
    ...     nbformat.v4.new_markdown_cell("Why?", metadata={"tags": ["question"]})])
    >>> page = worksheet_html(nb)
    >>> page.count("class='line'"), "<title>06 · Keyness (worksheet)</title>" in page
    (4, True)
    """
    import mistune

    render = mistune.create_markdown(escape=True, plugins=["table"])
    title = notebook_summary(notebook)["title"] or "Worksheet"
    parts = [f"<h1>{html.escape(title)}</h1><div class='meta'><span>Name: </span>"
             f"<span>Date: </span></div>"]
    if corpus_sentence:
        parts.append(f"<p class='corpus'>The corpus: {html.escape(corpus_sentence)}</p>")
    parts.append("<p class='corpus'>The tables and charts are on the notebook's page; "
                 "write your code and answers here.</p>")
    for cell in student_notebook(_copy(notebook)).cells:
        tags = _tags(cell)
        if cell.cell_type == "markdown":
            parts.append(render(_first_heading_dropped(cell.source, title)))
            if QUESTION in tags:
                parts.append(_lines(_answer_lines(cell, 4), "text"))
        elif EXERCISE in tags:
            prompt = "\n".join(_prompt(cell.source))
            parts.append(f"<pre class='prompt'>{html.escape(prompt)}</pre>")
            parts.append(_lines(_answer_lines(cell, 6), "code"))
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)} (worksheet)</title><style>{_WORKSHEET_CSS}</style>"
            f"</head><body>{''.join(parts)}</body></html>")


def _copy(notebook):
    import copy

    return copy.deepcopy(notebook)


def _first_heading_dropped(source: str, title: str) -> str:
    return source.replace(f"# {title}", "", 1) if source.lstrip().startswith(f"# {title}") \
        else source


def _answer_lines(cell, default: int) -> int:
    return int(cell.get("metadata", {}).get("corpusnb", {}).get("answer_lines", default))


def _lines(n: int, kind: str) -> str:
    return f"<div class='answer {kind}'>" + "<div class='line'></div>" * n + "</div>"


# ---------------------------------------------------------------- slides

def slide_notebook(notebook):
    """Mark each cell's slide type for nbconvert's reveal.js exporter (in place).

    A markdown cell with a heading starts a slide, other markdown continues it;
    a code cell whose output is a chart gets a slide of its own below (a
    vertical "subslide"), one with a short text output continues the slide,
    and code without output, or with long output (tables), is skipped: the
    slides show prose and charts, the notebook's page has everything.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# T"),
    ...     nbformat.v4.new_code_cell("x = 1")])
    >>> [c.metadata["slideshow"]["slide_type"] for c in slide_notebook(nb).cells]
    ['slide', 'skip']
    """
    for cell in notebook.cells:
        cell.metadata["slideshow"] = {"slide_type": _slide_type(cell)}
    return notebook


def _slide_type(cell) -> str:
    if cell.cell_type == "markdown":
        return "slide" if cell.source.lstrip().startswith("#") else "-"
    outputs = cell.get("outputs", [])
    if any("image/png" in o.get("data", {}) for o in outputs):
        return "subslide"
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    if text and len(text) <= 600 and not any(o.get("output_type") in
                                              ("execute_result", "display_data", "error")
                                              for o in outputs):
        return "-"
    return "skip"



def check_student_paths(paths: list, out, *, explicit: bool) -> list:
    """The notebooks of a student build: ``paths`` without the solutions.

    Raises :class:`corpusnb.CorpusError` when a solution notebook was asked for
    by name, or when ``out`` already holds a teacher's pages (solutions or the
    guide), which the student build's index would otherwise link.
    """
    from pathlib import Path

    from corpusnb._errors import CorpusError

    solutions = [p for p in paths if _is_solution(Path(p))]
    if explicit and solutions:
        raise CorpusError(f"--students leaves the solutions out; do not name "
                          f"{', '.join(Path(p).name for p in solutions)}")
    out = Path(out)
    teacher = sorted(p.name for p in out.glob("*.html")
                     if _is_solution(p) or p.name == "teaching.html") if out.is_dir() else []
    if teacher:
        raise CorpusError(f"--out {out} holds a teacher's build ({', '.join(teacher[:3])}); "
                          f"write the students' build to a folder of its own, e.g. "
                          f"--out build-students")
    return [p for p in paths if not _is_solution(Path(p))]


def _is_solution(path) -> bool:
    return path.parent.name == "solutions" or path.stem.split(".")[0].endswith("_solutions")
