"""Plots: what is drawn (bars, labels, nodes), never pixels."""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

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
