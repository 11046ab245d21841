"""Same corpus, same outputs: the tables beside charts, warnings, a notebook run twice."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import nbformat
import networkx as nx
import pandas as pd
import pytest

import corpusnb as cnb
from corpusnb import CorpusWarning
from corpusnb._errors import warn
from corpusnb.present.chart_numbers import _table, edge_table, numbers_html
from tests.speeches import write_speeches

# Two pairs of a co-occurrence table, as cnb.cooccurrence gives them.
PAIRS = pd.DataFrame({"term1": ["budget", "energy"], "term2": ["balanced", "independence"],
                      "count": [4, 3], "pmi": [1.5, 2.0], "npmi": [0.25, 0.5],
                      "logdice": [13.0, 13.5], "g2": [6.0, 7.5]})


class TestNetworkNumbers:
    def test_columns_fixed_and_unique(self):
        graph = cnb.cooccurrence_graph(PAIRS, weight="npmi")
        table = _table("network", graph)
        # the terms once (no source/target beside term1/term2), weight left out: it is npmi
        assert table.columns.tolist() == ["term1", "term2", "count", "pmi", "npmi", "logdice",
                                          "g2"]
        assert table.values.tolist() == [["budget", "balanced", 4, 1.5, 0.25, 13.0, 6.0],
                                         ["energy", "independence", 3, 2.0, 0.5, 13.5, 7.5]]

    def test_weight_kept_when_it_is_no_column(self):
        graph = nx.Graph()
        graph.add_edge("b", "a", weight=0.5)
        graph.add_edge("a", "c", weight=0.25)
        assert edge_table(graph).values.tolist() == [["a", "b", 0.5], ["a", "c", 0.25]]
        assert edge_table(graph).columns.tolist() == ["source", "target", "weight"]

    def test_same_block_whatever_the_hash_seed(self):
        # the old table took its columns from a set of strings: their order followed
        # PYTHONHASHSEED, so two kernels printed two tables
        code = ("import json, pandas as pd, corpusnb as cnb\n"
                "from corpusnb.present.chart_numbers import _table, numbers_html\n"
                f"pairs = pd.DataFrame({PAIRS.to_dict('list')!r})\n"
                "graph = cnb.cooccurrence_graph(pairs, weight='count')\n"
                "print(json.dumps(numbers_html('network', _table('network', graph))))\n")
        blocks = set()
        for seed in ("1", "2", "3", "4"):
            done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                  env={**os.environ, "PYTHONHASHSEED": seed}, check=True)
            blocks.add(json.loads(done.stdout))
        assert len(blocks) == 1
        expected = numbers_html("network", edge_table(
            cnb.cooccurrence_graph(PAIRS, weight="count")))
        assert blocks == {expected}
        assert "<th>weight</th>" not in expected and expected.count("<th>term1</th>") == 1


class TestWarningsPointAtTheCaller:
    def test_skipped_readme_names_this_file(self, tmp_path):
        write_speeches(tmp_path)
        with pytest.warns(CorpusWarning, match=r"skipped 1 file\(s\).*README\.md") as caught:
            cnb.load_corpus(tmp_path)
        assert [Path(w.filename).name for w in caught] == ["test_reproducible.py"]

    def test_from_a_token_store(self, tmp_path):
        write_speeches(tmp_path / "speeches")
        with pytest.warns(CorpusWarning, match="README.md") as caught:
            cnb.load_corpus(tmp_path / "speeches", store=tmp_path / "store")
        assert {Path(w.filename).name for w in caught} == {"test_reproducible.py"}

    def test_a_call_from_outside_the_package(self):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            warn("direct")
            line = sys._getframe().f_lineno - 1
        assert (caught[0].filename, caught[0].lineno) == (__file__, line)
        assert caught[0].category is CorpusWarning

    def test_empty_document(self, tmp_path):
        (tmp_path / "a.txt").write_text("Text here.", encoding="utf-8")
        (tmp_path / "b.txt").write_text("", encoding="utf-8")
        with pytest.warns(CorpusWarning, match="empty") as caught:
            cnb.load_corpus(tmp_path)
        assert [Path(w.filename).name for w in caught] == ["test_reproducible.py"]


def _outputs(notebook_path: Path) -> list[tuple[int, str, str]]:
    """Every output of every cell: (cell, stream name or MIME type, text). Consecutive
    pieces of one stream are joined: the kernel flushes print()s in pieces of varying
    size (same text, cut elsewhere), as nbconvert's coalesce_streams joins them."""
    notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    found = []
    for index, cell in enumerate(notebook["cells"]):
        for output in cell.get("outputs", []):
            if "text" in output:
                text = "".join(output["text"])
                if found and found[-1][:2] == (index, output["name"]):
                    found[-1] = (index, output["name"], found[-1][2] + text)
                else:
                    found.append((index, output["name"], text))
            for mime, value in sorted(output.get("data", {}).items()):
                found.append((index, mime, value if isinstance(value, str) else "".join(value)))
    return found


@pytest.mark.notebooks
def test_network_notebook_twice_gives_the_same_outputs(tmp_path):
    from corpusnb.apps.runner import notebook_paths, run_notebooks

    corpus = tmp_path / "speeches"
    write_speeches(corpus)  # its README is skipped: a warning on the page
    notebook = next(p for p in notebook_paths() if p.name == "08_exercise_networks.ipynb")
    runs = []
    for k in (1, 2):
        out = tmp_path / f"run{k}"
        [result] = run_notebooks([notebook], out, parameters={"corpus_path": str(corpus)},
                                 seeds=False, front_page=False, log=open(os.devnull, "w"))
        assert result.ok, result.error
        runs.append(_outputs(out / "08_exercise_networks.ipynb"))
    first, second = runs
    kinds = {mime for _, mime, _ in first}
    assert {"stderr", "text/plain", "text/html", "image/png"} <= kinds
    assert len(first) == len(second)
    for a, b in zip(first, second):
        assert a == b
    warned = [text for _, mime, text in first if mime == "stderr" and "README.md" in text]
    assert len(warned) == 1 and warned[0].startswith("Cell In[")
    assert "ipykernel" not in warned[0]
    numbers = [text for _, mime, text in first if "The numbers in this chart: network" in text]
    assert len(numbers) == 2
    assert all(t.count("<th>term1</th>") == 1 and "<th>source</th>" not in t for t in numbers)


class TestClaimCellsAsTheReadmeSays:
    """README: on another corpus `corpusnb run` leaves claim cells out (tagged
    seeds-only); run by hand, a claim cell prints that its check is skipped."""

    def test_every_claim_cell_is_left_out_by_run(self):
        import nbformat

        from corpusnb.apps.runner import SEEDS_ONLY, notebook_paths, without_seed_cells

        claims = 0
        for path in notebook_paths():
            notebook = nbformat.read(path, as_version=4)
            cells = [c for c in notebook.cells if "cnb.claim(" in c.source]
            claims += len(cells)
            assert all(SEEDS_ONLY in c.metadata.get("tags", []) for c in cells), path.name
            assert not any("cnb.claim(" in c.source for c in without_seed_cells(notebook).cells)
        assert claims >= 10

    def test_by_hand_it_prints_that_it_is_skipped(self, tmp_path, capsys):
        write_speeches(tmp_path, readme=False)
        cnb.claim("The Kazakhstan article is the longest.", lambda: 1 / 0,
                  corpus=cnb.load_corpus(tmp_path))
        assert capsys.readouterr().out == ("(This check is about the seed texts; this corpus "
                                           "is another one, so it is skipped.)\n")

    def test_readme_says_so(self):
        readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
        text = " ".join(readme.split())
        assert "on another corpus `corpusnb run` leaves those cells out (they are tagged " \
               "`seeds-only`), and run by hand in Jupyter such a cell prints that its check " \
               "is skipped" in text
        assert "print that the claim does not apply" not in text


def test_printed_pieces_are_written_as_one_stream(tmp_path):
    """The kernel cuts a cell's printed text at points that vary between runs: the
    executed notebook keeps one stream per run of pieces, so two runs compare equal."""
    from corpusnb.apps import runner
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print('a'); print('b'); 1")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="a\n"),
                    nbformat.v4.new_output("stream", name="stdout", text="b\n"),
                    nbformat.v4.new_output("stream", name="stderr", text="w\n"),
                    nbformat.v4.new_output("execute_result", data={"text/plain": "1"},
                                           execution_count=1)]
    notebook.cells = [cell]
    runner._write(notebook, tmp_path, "page", True)
    written = nbformat.read(tmp_path / "page.ipynb", as_version=4).cells[0].outputs
    assert [(o.output_type, o.get("name"), o.get("text")) for o in written] == [
        ("stream", "stdout", "a\nb\n"), ("stream", "stderr", "w\n"),
        ("execute_result", None, None)]
