"""Charts keep their numbers beside them: the table a ``cnb.plot`` chart drew from.

In an IPython kernel (a notebook in JupyterLab, or ``corpusnb run``), each chart a
``cnb.plot`` function draws is followed, after the figure, by a collapsible
"The numbers in this chart" block with the table it was given (the first
:data:`MAX_ROWS` rows; a network's edges), so an exported page keeps the figures a
reader would otherwise have to read off the picture. Outside IPython nothing is shown.
"""
from __future__ import annotations

import functools
import html

import pandas as pd

__all__ = ["MAX_ROWS", "edge_table", "keep_numbers", "numbers_html"]

MAX_ROWS = 200
"""Rows of a chart's table shown beside it (the table of a chart of the top n terms
is often the whole vocabulary)."""

_pending: list[tuple[str, pd.DataFrame]] = []
_hooked: list = []


def numbers_html(title: str, table: pd.DataFrame) -> str:
    """The collapsible block shown after a chart.

    Examples
    --------
    >>> block = numbers_html("terms", pd.DataFrame({"term": ["eu"], "count": [3]}))
    >>> block.startswith("<details class='cnb-chart-numbers'>"), "<td>eu</td>" in block
    (True, True)
    """
    shown = table.head(MAX_ROWS)
    more = f" (the first {MAX_ROWS:,} of {len(table):,} rows)" if len(table) > MAX_ROWS else ""
    return (f"<details class='cnb-chart-numbers'><summary>The numbers in this chart: "
            f"{html.escape(title)}{more}</summary>{shown.to_html(classes='dataframe')}"
            "</details>")


def _table(name: str, data) -> pd.DataFrame | None:
    if isinstance(data, pd.DataFrame):
        return data
    if name == "network":  # a graph: its edges and their weights
        return edge_table(data)
    return None


def edge_table(graph) -> pd.DataFrame:
    """A graph's edges, one row each, in columns that do not change from run to run.

    The two terms come first (``term1``/``term2`` where the edges carry them, as
    :func:`corpusnb.cooccurrence_graph`'s do, else ``source``/``target``), then the
    other edge attributes in the order the first edges hold them; ``weight`` is
    left out where it repeats another column (the measure it was taken from). Rows
    are sorted by the two terms.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> g.add_edge("b", "a", term1="a", term2="b", count=3, npmi=0.5, weight=3.0)
    >>> edge_table(g).to_dict("records")
    [{'term1': 'a', 'term2': 'b', 'count': 3, 'npmi': 0.5}]
    """
    edges = list(graph.edges(data=True))
    named = bool(edges) and all("term1" in d and "term2" in d for _, _, d in edges)
    first, second = ("term1", "term2") if named else ("source", "target")
    ends = [(d["term1"], d["term2"]) if named else tuple(sorted((a, b), key=str))
            for a, b, d in edges]
    attributes = list(dict.fromkeys(k for _, _, d in edges for k in d
                                    if k not in (first, second, "source", "target")))
    table = pd.DataFrame({first: [a for a, _ in ends], second: [b for _, b in ends],
                          **{k: [d.get(k) for _, _, d in edges] for k in attributes}})
    if "weight" in table and any(table["weight"].equals(table[k].astype(table["weight"].dtype))
                                 for k in attributes if k != "weight"
                                 and pd.api.types.is_numeric_dtype(table[k])):
        table = table.drop(columns="weight")
    return table.sort_values([first, second], key=lambda c: c.astype(str),
                             kind="stable").reset_index(drop=True)


def _show_pending(*_args) -> None:
    """After a cell ran (and the inline backend showed its figures): the tables."""
    from IPython.display import HTML, display

    while _pending:
        display(HTML(numbers_html(*_pending.pop(0))))


def _hook() -> bool:
    """Register the post-execute hook once, in an IPython kernel (after the inline
    backend's, so the numbers come after the figure)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - ipykernel is a dependency
        return False
    shell = get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return False
    if not _hooked:
        shell.events.register("post_execute", _show_pending)
        _hooked.append(shell)
    return True


def keep_numbers(plot):
    """Wrap a ``cnb.plot`` function so that, in a kernel, its table follows the chart."""
    @functools.wraps(plot)
    def wrapped(data, *args, **kwargs):
        ax = plot(data, *args, **kwargs)
        table = _table(plot.__name__, data)
        if table is not None and _hook():
            _pending.append((plot.__name__, table))
        return ax
    return wrapped
