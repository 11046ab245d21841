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

__all__ = ["MAX_ROWS", "keep_numbers", "numbers_html"]

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
        import networkx as nx

        return nx.to_pandas_edgelist(data)
    return None


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
