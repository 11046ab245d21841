"""Plots: what is drawn (bars, labels, nodes), never pixels."""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import corpusnb as cnb


class TestPlots:
    def test_terms(self, seed_tokens):
        fig, ax = plt.subplots()
        freq = cnb.frequencies(seed_tokens)
        out = cnb.plot.terms(freq, n=7, ax=ax)
        assert out is ax and len(ax.patches) == 7
        assert [t.get_text() for t in ax.get_yticklabels()] == freq["term"].head(7).tolist()[::-1]
        assert "per 10,000 words" in ax.get_xlabel()

    def test_keyness_both_directions(self, seed_tokens):
        table = cnb.keyness(seed_tokens[~seed_tokens["is_stop"]], "lrb-2015")
        ax = cnb.plot.keyness(table, n=4)
        heights = [p.get_width() for p in ax.patches]
        assert len(heights) == 8 and sum(h > 0 for h in heights) == 4
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert labels[-1] == table.iloc[0]["term"] and labels[0] == table.iloc[-1]["term"]

    def test_dispersion_rows(self, seed_tokens):
        positions = cnb.dispersion(seed_tokens, ["separatis*", "north caucasus"])
        ax = cnb.plot.dispersion(positions)
        labels = [t.get_text() for t in ax.get_yticklabels()]
        expected = positions[["pattern", "doc_id"]].astype(str).drop_duplicates()
        assert len(labels) == len(expected)
        assert "north caucasus  (markedonov-2012)" in labels
        ticks = sum(len(c.get_segments()) for c in ax.collections)
        assert ticks == len(positions)

    def test_heatmap(self):
        matrix = pd.DataFrame([[0, 2, 1], [2, 0, 3], [1, 3, 0]], index=list("abc"),
                              columns=list("abc"))
        ax = cnb.plot.heatmap(matrix)
        assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b", "c"]
        assert sorted(t.get_text() for t in ax.texts) == sorted(["0"] * 3 + ["2", "1", "2",
                                                                  "3", "1", "3"])

    def test_network(self, seed_tokens):
        content = seed_tokens[~seed_tokens["is_stop"]]
        pairs = cnb.cooccurrence(content, min_count=8)
        graph = cnb.cooccurrence_graph(pairs, cnb.frequencies(content))
        fig, ax = plt.subplots(figsize=(8, 6))
        cnb.plot.network(graph, ax=ax)
        assert len(ax.collections[0].get_offsets()) == graph.number_of_nodes()
        assert sorted(t.get_text() for t in ax.texts) == sorted(graph.nodes)
        renderer = fig.canvas.get_renderer()
        boxes = [t.get_window_extent(renderer) for t in ax.texts]
        overlaps = sum(boxes[a].overlaps(boxes[b]) for a in range(len(boxes))
                       for b in range(a + 1, len(boxes)))
        assert overlaps == 0

    def test_network_layout_is_deterministic(self, seed_tokens):
        pairs = cnb.cooccurrence(seed_tokens[~seed_tokens["is_stop"]], min_count=8)
        graph = cnb.cooccurrence_graph(pairs)
        first = cnb.plot.network(graph, ax=plt.subplots()[1]).collections[0].get_offsets()
        second = cnb.plot.network(graph, ax=plt.subplots()[1]).collections[0].get_offsets()
        assert (first == second).all()

    def test_themes(self, seed_tokens):
        freq = cnb.theme_frequencies(seed_tokens)
        ax = cnb.plot.themes(freq)
        assert len(ax.get_yticklabels()) == freq["theme"].nunique()
        assert len(ax.get_xticklabels()) == 3
        cell = freq[(freq["theme"] == "separatism") & (freq["doc_id"] == "markedonov-2012")]
        assert f"{cell['per_10k'].iloc[0]:.1f}\n({cell['count'].iloc[0]})" in \
            [t.get_text() for t in ax.texts]

    def test_zipf(self, seed_tokens):
        ax = cnb.plot.zipf(cnb.zipf(seed_tokens))
        assert ax.get_yscale() == "log" and len(ax.lines) == 2
        assert len(ax.lines[0].get_xdata()) == seed_tokens["norm"].nunique()

    def test_never_shows(self, seed_tokens, monkeypatch):
        monkeypatch.setattr(plt, "show", lambda *a, **k: (_ for _ in ()).throw(AssertionError))
        cnb.plot.zipf(cnb.zipf(seed_tokens))


class TestScale1d:
    def test_wordscores_positions_sorted_with_intervals(self):
        table = pd.DataFrame({"doc_id": ["a", "b", "c"], "score": [0.5, -1.0, 0.1],
                              "se": [0.1, 0.2, 0.05], "lower": [0.3, -1.4, 0.0],
                              "upper": [0.7, -0.6, 0.2]})
        fig, ax = plt.subplots()
        out = cnb.plot.scale1d(table, ax=ax)
        assert out is ax
        assert [t.get_text() for t in ax.get_yticklabels()] == ["b", "c", "a"]
        line = ax.lines[0]
        assert list(line.get_xdata()) == [-1.0, 0.1, 0.5]
        segments = ax.collections[0].get_segments()  # the intervals, in drawing order
        assert [tuple(s[:, 0]) for s in segments] == [(-1.4, -0.6), (0.0, 0.2), (0.3, 0.7)]
        assert "Wordscores" in ax.get_xlabel()
        plt.close(fig)

    def test_wordfish_grouped(self):
        import numpy as np
        from scipy import sparse

        rng = np.random.default_rng(3)
        y = rng.poisson(3, size=(6, 40))
        m = cnb.DFM(sparse.csr_matrix(y), pd.Index(list("abcdef"), name="doc_id"),
                    pd.Index([f"w{k}" for k in range(40)], name="term"))
        model = cnb.wordfish(m)
        party = {"a": "x", "b": "y", "c": "x", "d": "y", "e": "x", "f": "y"}
        fig, ax = plt.subplots()
        cnb.plot.scale1d(model, groups=party, ax=ax)
        labels = [t.get_text() for t in ax.get_yticklabels()]
        docs = model.documents.set_index("doc_id")["theta"]
        expected = sorted("ace", key=docs.get) + sorted("bdf", key=docs.get)
        assert labels == expected
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["x", "y"]
        assert "θ" in ax.get_xlabel()
        plt.close(fig)

    def test_a_table_without_positions_is_refused(self):
        with pytest.raises(ValueError, match="wordscores"):
            cnb.plot.scale1d(pd.DataFrame({"doc_id": ["a"], "count": [1]}))
