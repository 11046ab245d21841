"""Charts of the tidy tables, in one consistent, colour-blind-safe look.

Every function takes the table another corpusnb function returned, draws on
``ax`` (or the current Axes), returns the Axes, and never calls ``plt.show()``
or saves a file. Titles and axis labels say what is counted and per how many
words. Colours come from the Okabe–Ito palette, which readers with the common
colour-vision deficiencies can tell apart.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes

__all__ = ["PALETTE", "dispersion", "heatmap", "keyness", "network", "terms", "themes",
           "trends", "zipf"]

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000"]
"""Okabe–Ito colours: blue, orange, green, purple, sky blue, vermillion, yellow, black."""
_POSITIVE, _NEGATIVE = PALETTE[0], PALETTE[5]

MAX_TREND_LABELS = 12
"""Periods labelled under a trend chart at most (every k-th period beyond that)."""


def _axes(ax: Axes | None) -> Axes:
    return ax if ax is not None else plt.gca()


def _empty(ax: Axes, message: str) -> Axes:
    """An Axes that says there is nothing to draw, instead of an empty frame."""
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes,
            fontsize=11, color="dimgray", wrap=True)
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def _style(ax: Axes, title: str, xlabel: str, ylabel: str) -> Axes:
    ax.set_title(title, loc="left", fontsize=11)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return ax


def terms(freq: pd.DataFrame, *, n: int = 20, value: str = "per_10k", title: str | None = None,
          ax: Axes | None = None) -> Axes:
    """Horizontal bars of the top ``n`` terms of a :func:`corpusnb.frequencies` table.

    Bars are labelled with the raw count, since rates on a small corpus rest
    on few occurrences.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> fig, ax = plt.subplots()
    >>> ax = terms(cnb.frequencies(cnb.tokenize(cnb.load_corpus())), n=5, ax=ax)
    >>> len(ax.patches)
    5
    """
    ax = _axes(ax)
    if freq.empty:
        return _empty(ax, "No terms to show in this corpus.")
    top = freq.head(n).iloc[::-1]
    ax.barh(top["term"], top[value], color=_POSITIVE)
    for y, (v, count) in enumerate(zip(top[value], top["count"])):
        ax.annotate(f" {count}", (v, y), va="center", fontsize=8)
    label = "per 10,000 words" if value == "per_10k" else value
    return _style(ax, title or f"Top {len(top)} terms", label, "")


def keyness(table: pd.DataFrame, *, n: int = 15, title: str | None = None,
            ax: Axes | None = None) -> Axes:
    """Diverging bars: the ``n`` strongest positive and negative keywords (signed G²).

    Examples
    --------
    >>> import corpusnb as cnb
    >>> tokens = cnb.tokenize(cnb.load_corpus())
    >>> fig, ax = plt.subplots()
    >>> ax = keyness(cnb.keyness(tokens[~tokens.is_stop], "lrb-2015"), n=5, ax=ax)
    >>> len(ax.patches)
    10
    """
    ax = _axes(ax)
    if table.empty:
        return _empty(ax, "No keywords: too few documents or counts.")
    positive = table[table["g2"] > 0].head(n)
    negative = table[table["g2"] < 0].tail(n)
    shown = pd.concat([positive, negative]).iloc[::-1]
    colours = [_POSITIVE if g > 0 else _NEGATIVE for g in shown["g2"]]
    ax.barh(np.arange(len(shown)), shown["g2"], color=colours)
    ax.set_yticks(np.arange(len(shown)), shown["term"])
    ax.axvline(0, color="black", linewidth=0.8)
    return _style(ax, title or "Keywords: over-used (blue) and under-used (vermillion)",
                  "signed log-likelihood G² (target vs reference)", "")


def dispersion(positions: pd.DataFrame, *, title: str | None = None,
               ax: Axes | None = None) -> Axes:
    """Dispersion ("x-ray") plot: a tick for every hit at its place in its document.

    Takes :func:`corpusnb.dispersion` output; one row per pattern and
    document, multi-word patterns included.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> tokens = cnb.tokenize(cnb.load_corpus())
    >>> fig, ax = plt.subplots()
    >>> ax = dispersion(cnb.dispersion(tokens, ["separatis*", "north caucasus"]), ax=ax)
    >>> len(ax.get_yticks()) >= 2
    True
    """
    ax = _axes(ax)
    if positions.empty:
        return _empty(ax, "No hits for these patterns in this corpus.")
    rows = positions[["pattern", "doc_id"]].astype(str).drop_duplicates()
    rows = rows.sort_values(["doc_id", "pattern"], kind="stable").reset_index(drop=True)
    patterns = list(dict.fromkeys(positions["pattern"]))
    for y, (pattern, doc_id) in enumerate(rows.itertuples(index=False)):
        x = positions.loc[(positions["pattern"] == pattern)
                          & (positions["doc_id"].astype(str) == doc_id), "position"]
        colour = PALETTE[patterns.index(pattern) % len(PALETTE)]
        ax.vlines(x, y - 0.4, y + 0.4, color=colour, linewidth=1.2)
    ax.set_yticks(range(len(rows)), [f"{p}  ({d})" for p, d in rows.itertuples(index=False)])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    return _style(ax, title or "Where each pattern occurs",
                  "position in the document (0 = start, 1 = end)", "")


def heatmap(matrix: pd.DataFrame, *, title: str | None = None, value: str = "count",
            ax: Axes | None = None) -> Axes:
    """Heatmap of a square co-occurrence matrix (:func:`corpusnb.cooccurrence_matrix`).

    Examples
    --------
    >>> m = pd.DataFrame([[0, 2], [2, 0]], index=["a", "b"], columns=["a", "b"])
    >>> fig, ax = plt.subplots()
    >>> [t.get_text() for t in heatmap(m, ax=ax).get_xticklabels()]
    ['a', 'b']
    """
    ax = _axes(ax)
    if matrix.empty:
        return _empty(ax, "No co-occurring pairs to show in this corpus.")
    annotate = len(matrix) <= 15
    sns.heatmap(matrix, ax=ax, cmap="viridis", square=True, annot=annotate,
                fmt=".0f" if value == "count" else ".2f", cbar_kws={"label": value},
                linewidths=0.5, linecolor="white")
    plt.setp(ax.get_xticklabels(), rotation=45, ha="right", rotation_mode="anchor")
    return _style(ax, title or f"Co-occurrence ({value})", "", "")


def network(graph: nx.Graph, *, title: str | None = None, seed: int = 7,
            ax: Axes | None = None) -> Axes:
    """Draw a co-occurrence graph (:func:`corpusnb.cooccurrence_graph`).

    Node area follows the term's count, edge width the edge ``weight``; the
    layout is Kamada–Kawai from a seeded spring start, so the same graph gives
    the same picture; labels are nudged apart where they would overlap.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", weight=0.5); g.add_edge("b", "c", weight=0.2)
    >>> fig, ax = plt.subplots()
    >>> ax = network(g, ax=ax)
    >>> len(ax.collections[0].get_offsets())
    3
    """
    ax = _axes(ax)
    if graph.number_of_nodes() == 0:
        return _empty(ax, "No co-occurring pairs to draw in this corpus.")
    nodes = sorted(graph.nodes)
    ordered = nx.Graph()
    ordered.add_nodes_from((n, graph.nodes[n]) for n in nodes)
    ordered.add_edges_from(sorted(graph.edges(data=True), key=lambda e: (e[0], e[1])))
    pos = _layout(ordered, seed)
    counts = np.array([ordered.nodes[n].get("count", 0) or 1 for n in nodes], dtype=float)
    sizes = 200 + 1800 * counts / counts.max() if len(counts) else []
    weights = np.array([abs(d.get("weight", 1.0)) for _, _, d in ordered.edges(data=True)])
    widths = 0.5 + 4 * weights / weights.max() if len(weights) and weights.max() > 0 else 1.0
    nx.draw_networkx_nodes(ordered, pos, nodelist=nodes, node_size=sizes, ax=ax,
                           node_color=PALETTE[4], edgecolors=PALETTE[0])
    nx.draw_networkx_edges(ordered, pos, width=widths, alpha=0.5, edge_color="grey", ax=ax)
    _labels(ax, pos, nodes)
    ax.set_axis_off()
    ax.set_title(title or "Co-occurrence network (node area: count; edge width: association)",
                 loc="left", fontsize=11)
    return ax


def _layout(graph: nx.Graph, seed: int) -> dict:
    if graph.number_of_nodes() == 0:
        return {}
    start = nx.spring_layout(graph, seed=seed)
    distance = {a: {b: 1.0 for b in graph} for a in graph}
    for component in nx.connected_components(graph):
        lengths = dict(nx.shortest_path_length(graph.subgraph(component)))
        for a, row in lengths.items():
            distance[a].update({b: float(d) for b, d in row.items()})
        for a in component:
            distance[a].update({b: 3.0 for b in graph if b not in component})
    return nx.kamada_kawai_layout(graph, dist=distance, pos=start)


def _labels(ax: Axes, pos: dict, nodes: list[str]) -> None:
    texts = [ax.text(*pos[n], n, ha="center", va="center", fontsize=9,
                     bbox={"boxstyle": "round,pad=0.15", "fc": "white", "alpha": 0.7,
                           "lw": 0}) for n in nodes]
    _spread_labels(ax, texts)


def _spread_labels(ax: Axes, texts: list, rounds: int = 60) -> None:
    """Push overlapping labels apart vertically, a little at a time."""
    figure = ax.figure
    renderer = figure.canvas.get_renderer()
    ax.autoscale_view()
    for _ in range(rounds):
        boxes = [t.get_window_extent(renderer).expanded(1.05, 1.15) for t in texts]
        moved = False
        for a in range(len(texts)):
            for b in range(a + 1, len(texts)):
                if boxes[a].overlaps(boxes[b]):
                    _nudge(ax, texts[a], texts[b], boxes[a], boxes[b])
                    moved = True
        if not moved:
            return


def _nudge(ax: Axes, first, second, box_a, box_b) -> None:
    to_data = ax.transData.inverted()
    step = (to_data.transform((0, box_a.height / 2)) - to_data.transform((0, 0)))[1]
    up, down = (first, second) if box_a.y0 >= box_b.y0 else (second, first)
    for text, sign in ((up, 1), (down, -1)):
        x, y = text.get_position()
        text.set_position((x, y + sign * abs(step)))


def themes(freq: pd.DataFrame, *, value: str = "per_10k", by: str = "doc_id",
           title: str | None = None, ax: Axes | None = None) -> Axes:
    """Theme profile: a heatmap of themes × documents (or sections), annotated.

    Takes :func:`corpusnb.theme_frequencies` output. Cells show ``value`` (per
    10,000 words by default) with the raw count in brackets.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> freq = cnb.theme_frequencies(cnb.tokenize(cnb.load_corpus()))
    >>> fig, ax = plt.subplots()
    >>> ax = themes(freq, ax=ax)
    >>> len(ax.get_yticklabels()) == freq["theme"].nunique()
    True
    """
    ax = _axes(ax)
    if freq.empty:
        return _empty(ax, "No theme counts to show.")
    columns = freq[by].astype(str) if by != "section" else \
        freq["doc_id"].astype(str) + " §" + freq["section"].astype(str)
    table = freq.assign(column=columns)
    order = list(dict.fromkeys(table["column"]))  # documents in corpus order
    labels_order = list(dict.fromkeys(table["label"]))
    values = table.pivot_table(index="label", columns="column", values=value)
    counts = table.pivot_table(index="label", columns="column", values="count")
    values, counts = (t.reindex(index=labels_order, columns=order) for t in (values, counts))
    labels = np.vectorize(lambda v, c: f"{v:.1f}\n({int(c)})")(values.to_numpy(),
                                                              counts.to_numpy())
    sns.heatmap(values, ax=ax, cmap="Blues", annot=labels, fmt="", linewidths=0.5,
                linecolor="white", annot_kws={"fontsize": 8},
                cbar_kws={"label": "per 10,000 words" if value == "per_10k" else value})
    plt.setp(ax.get_xticklabels(), rotation=20, ha="right", rotation_mode="anchor")
    ax.tick_params(axis="y", labelrotation=0)
    return _style(ax, title or "Theme profile: hits per 10,000 words (raw count)", "", "")


def zipf(table: pd.DataFrame, *, title: str | None = None, ax: Axes | None = None) -> Axes:
    """Rank against count on log-log axes, with the ideal Zipf line count = C / rank.

    Examples
    --------
    >>> import corpusnb as cnb
    >>> fig, ax = plt.subplots()
    >>> ax = zipf(cnb.zipf(cnb.tokenize(cnb.load_corpus())), ax=ax)
    >>> ax.get_xscale(), len(ax.lines)
    ('log', 2)
    """
    ax = _axes(ax)
    if table.empty:
        return _empty(ax, "No words to rank.")
    ax.loglog(table["rank"], table["count"], marker=".", linestyle="none",
              color=_POSITIVE, label="observed", markersize=3)
    top = float(table["count"].iloc[0]) if len(table) else 1.0
    ax.loglog(table["rank"], top / table["rank"], color=_NEGATIVE, label="count = C / rank")
    ax.legend(frameon=False)
    return _style(ax, title or "Zipf plot", "rank (1 = most frequent)",
                  "count (word tokens)")


def trends(table: pd.DataFrame, *, title: str | None = None, ax: Axes | None = None) -> Axes:
    """Rates per 10,000 words over time, one line per series, raw counts beside the points.

    Takes :func:`corpusnb.analyses.trends` output. Each point with hits is labelled with
    its raw count (a point on the baseline has none) and each labelled period
    with its number of words, so that a high rate from a thin period reads as
    what it is. With many periods only every few are labelled (at most
    :data:`MAX_TREND_LABELS`, fewer on a narrow chart, and only periods with words;
    a small tick marks every period); a period without words (an empty bin) leaves a
    gap in the line.

    Examples
    --------
    >>> table = pd.DataFrame({"series": ["oil"] * 3, "period": [2019, 2020, 2021],
    ...                       "count": [2, 0, 5], "tokens": [1000, 50, 2000],
    ...                       "docs": [3, 1, 4], "per_10k": [20.0, 0.0, 25.0]})
    >>> fig, ax = plt.subplots()
    >>> ax = trends(table, ax=ax)
    >>> len(ax.lines), [t.get_text() for t in ax.texts]
    (1, ['2', '5'])
    """
    ax = _axes(ax)
    if table.empty:
        return _empty(ax, "No periods to show: the documents have no years or dates.")
    periods = list(dict.fromkeys(table["period"]))
    x = {p: k for k, p in enumerate(periods)}
    for k, (series, rows) in enumerate(table.groupby("series", sort=False)):
        xs = rows["period"].map(x).to_numpy()
        ax.plot(xs, rows["per_10k"], marker="o", color=PALETTE[k % len(PALETTE)],
                label=str(series), linewidth=1.5, markersize=4)
        for px, rate, count in zip(xs, rows["per_10k"], rows["count"]):
            if count > 0:  # zeros sit on the baseline: a label there only covers it
                ax.annotate(f"{int(count)}", (px, rate), textcoords="offset points",
                            xytext=(0, 5), ha="center", fontsize=7,
                            color=PALETTE[k % len(PALETTE)])
    words = table.drop_duplicates("period").set_index("period")["tokens"]
    shown = _labelled(words.reindex(periods).to_numpy(), _label_step(ax, len(periods)))
    ax.set_xticks(range(len(periods)), minor=True)
    ax.set_xticks(list(shown))
    ax.set_xticklabels([f"{periods[k]}\n{int(words[periods[k]]):,} w." for k in shown],
                       fontsize=8)
    ax.set_xlim(-0.5, len(periods) - 0.5)
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _style(ax, title or "Hits per 10,000 words (points: raw hits; ticks: words)",
                  "", "per 10,000 words")


def _labelled(words, step: int) -> list[int]:
    """The periods to label: those with words, each at least ``step`` after the last
    labelled one (an empty decade is a poor landmark: "1830s 0 w." says nothing).

    >>> _labelled([5, 0, 0, 7, 9, 0, 3], 2)
    [0, 3, 6]
    """
    shown: list[int] = []
    for k, n in enumerate(words):
        if n > 0 and (not shown or k - shown[-1] >= step):
            shown.append(k)
    return shown


def _label_step(ax: Axes, periods: int) -> int:
    """Label every k-th period: at most MAX_TREND_LABELS, and no more than fit side by
    side (about 60 points of width a label, "1780-1799" over "12,345 w.")."""
    figure = ax.figure
    width = ax.get_position().width * figure.get_figwidth() * 72
    fit = max(2, min(MAX_TREND_LABELS, int(width // 60)))
    return max(1, -(-periods // fit))


# In a kernel each chart is followed by the table it drew from (corpusnb/chart_numbers.py).
from corpusnb.present.chart_numbers import keep_numbers  # noqa: E402

for _name in ("dispersion", "heatmap", "keyness", "network", "terms", "themes", "trends",
              "zipf"):
    globals()[_name] = keep_numbers(globals()[_name])


def scale1d(positions, *, groups=None, title: str | None = None,
            ax: Axes | None = None) -> Axes:
    """Documents' positions on one scale with their intervals, as quanteda's
    ``textplot_scale1d``: a :func:`corpusnb.wordscores` table, or a
    :func:`corpusnb.wordfish` model (or its ``documents``).

    Parameters
    ----------
    positions : pandas.DataFrame or Wordfish
        doc_id, score or theta, lower, upper.
    groups : str or mapping, optional
        A column of ``positions``, or doc_id -> group (``corpus.metadata["party"]``):
        the documents are drawn by group (sorted), each group in its colour.
    title : str, optional
    ax : matplotlib Axes, optional

    Examples
    --------
    >>> import corpusnb as cnb
    >>> table = cnb.wordscores(cnb.tokenize(cnb.load_corpus()),
    ...                        {"markedonov-2012": -1, "kazakhstan-eu-2018": 1})
    >>> fig, ax = plt.subplots()
    >>> ax = scale1d(table, ax=ax)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['markedonov-2012', 'lrb-2015', 'kazakhstan-eu-2018']
    """
    ax = _axes(ax)
    table = getattr(positions, "documents", positions)
    value = "theta" if "theta" in table.columns else "score"
    missing = {"doc_id", value, "lower", "upper"} - set(table.columns)
    if missing:
        raise ValueError(f"scale1d draws a cnb.wordscores table or a cnb.wordfish model; "
                         f"this table has no {', '.join(sorted(missing))}")
    table = table.assign(_group="")
    if isinstance(groups, str):
        table["_group"] = table[groups].astype(str)
    elif groups is not None:
        table["_group"] = [str(groups.get(d, "")) for d in table["doc_id"]]
    table = table.dropna(subset=[value]).sort_values(["_group", value, "doc_id"],
                                                     kind="stable")
    if table.empty:
        return _empty(ax, "No document has a position to draw.")
    rows = list(range(len(table)))
    for k, (group, part) in enumerate(table.groupby("_group", sort=True)):
        y = [rows[table.index.get_loc(i)] for i in part.index]
        ax.errorbar(part[value], y, xerr=[part[value] - part["lower"],
                                          part["upper"] - part[value]],
                    fmt="o", color=PALETTE[k % len(PALETTE)], capsize=2,
                    label=group if groups is not None else None)
    ax.set_yticks(rows)
    ax.set_yticklabels(table["doc_id"].astype(str).tolist())
    if groups is not None:
        ax.legend(frameon=False, fontsize=8)
    name = "Wordfish θ" if value == "theta" else "Wordscores score"
    return _style(ax, title or f"Positions on one scale ({name}, with intervals)",
                  name, "")


__all__.append("scale1d")
scale1d = keep_numbers(scale1d)
