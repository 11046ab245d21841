"""Exported pages: tables made searchable and sortable, widgets shown by their fallback,
and every chart followed by its numbers (the browser half is in test_browser.py)."""
from __future__ import annotations

import io
import re

import nbformat
import pandas as pd

import corpusnb as cnb
from corpusnb.present import pages
from corpusnb.apps.runner import _write, run_notebooks


def test_widget_output_shows_its_fallback_and_no_widget_script(tmp_path):
    app = cnb.explore(cnb.tokenize(cnb.load_corpus()), pattern="sistema")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[
        nbformat.v4.new_output("display_data", data=app._repr_mimebundle_())])])
    notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {
        "state": {}, "version_major": 2, "version_minor": 0}}
    page = _write(notebook, tmp_path, "page", True).read_text("utf-8")
    assert "The interactive explorer (ipywidgets) shows here" in page
    assert "widget-view+json" not in page and "embed-amd" not in page
    assert not re.findall(r"(?:src|href)=[\"']https?://", page)
    assert "widgets" in notebook.metadata  # the executed notebook keeps its state


def test_the_script_is_added_once():
    once = pages.interactive_tables("<html><body><p>x</p></body></html>")
    assert pages.interactive_tables(once) == once
    assert once.count("<script>") == 1 and once.index("<script>") > once.index("<p>x</p>")


def test_a_chart_is_followed_by_its_numbers(tmp_path):
    source = ("import corpusnb as cnb\ntokens = cnb.tokenize(cnb.load_corpus())\n"
              "freq = cnb.frequencies(tokens[tokens['doc_id'] == 'lrb-2015'])\n"
              "cnb.plot.terms(freq, n=10);")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Chart"),
                                               nbformat.v4.new_code_cell(source)])
    path = tmp_path / "chart.ipynb"
    nbformat.write(notebook, path)
    (result,) = run_notebooks([path], tmp_path / "out")
    assert result.ok, result.error
    page = result.html.read_text("utf-8")
    image, numbers = page.index("<img"), page.index("cnb-chart-numbers")
    assert image < numbers
    tokens = cnb.tokenize(cnb.load_corpus())
    freq = cnb.frequencies(tokens[tokens["doc_id"] == "lrb-2015"])
    assert f"terms (the first 200 of {len(freq):,} rows)" in page
    block = page[numbers:page.index("</details>", numbers)]
    shown = pd.read_html(io.StringIO(block[block.index("<table"):] + "</table>"))[0]
    assert shown["term"].tolist() == freq["term"].head(200).tolist()
    assert shown["count"].tolist() == freq["count"].head(200).tolist()
