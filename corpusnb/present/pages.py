"""Exported pages that stay useful offline: searchable, sortable tables; no widget scripts.

``corpusnb run`` passes every executed notebook through :func:`for_export` before
rendering it, and every page through :func:`interactive_tables` after:

- an output that is an ipywidget (the explorer) is shown by its static HTML
  fallback, and the notebook's widget state is left out, so the page loads no
  widget manager from a CDN (the widgets need a kernel anyway);
- every pandas table of more than :data:`MIN_ROWS` rows gets a search box (rows
  that contain the text, any column, case-insensitive; the count of rows left is
  shown) and sortable columns (click a header: ascending, again: descending;
  numbers sort as numbers). It is a few lines of inline JavaScript written here:
  no library, no request leaves the page.
"""
from __future__ import annotations

import copy

import nbformat

__all__ = ["MIN_ROWS", "for_export", "interactive_tables"]

MIN_ROWS = 10
"""Tables with more body rows than this get a search box and sortable columns."""

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

_SCRIPT = """<style>
.cnb-table-tools {margin: 4px 0; font-size: 12px}
.cnb-table-tools input {font-size: 12px; padding: 2px 4px; width: 16em}
table.dataframe th.cnb-sortable {cursor: pointer}
table.dataframe th.cnb-sortable::after {content: " \\2195"; color: #999}
table.dataframe th[data-sorted=asc]::after {content: " \\2191"; color: #333}
table.dataframe th[data-sorted=desc]::after {content: " \\2193"; color: #333}
</style>
<script>
(function () {
  "use strict";
  var MIN_ROWS = %(min_rows)d;
  function number(text) {
    var t = text.replace(/,/g, "").trim();
    return t !== "" && !isNaN(t) ? parseFloat(t) : null;
  }
  function headerRow(table) {
    var rows = table.tHead ? table.tHead.rows : [];
    return rows.length ? rows[rows.length - 1] : null;
  }
  function enhance(table, k) {
    var body = table.tBodies[0];
    if (!body || body.rows.length <= MIN_ROWS) return;
    var rows = Array.prototype.slice.call(body.rows);
    var tools = document.createElement("div");
    tools.className = "cnb-table-tools";
    var box = document.createElement("input");
    box.type = "search";
    box.placeholder = "search this table";
    box.className = "cnb-table-search";
    box.setAttribute("aria-label", "search table " + (k + 1));
    var count = document.createElement("span");
    count.className = "cnb-table-count";
    function show() {
      var q = box.value.trim().toLowerCase(), n = 0;
      rows.forEach(function (r) {
        var hit = !q || r.textContent.toLowerCase().indexOf(q) >= 0;
        r.style.display = hit ? "" : "none";
        n += hit ? 1 : 0;
      });
      count.textContent = " " + n + " of " + rows.length + " rows";
    }
    box.addEventListener("input", show);
    tools.appendChild(box);
    tools.appendChild(count);
    table.parentNode.insertBefore(tools, table);
    show();
    var head = headerRow(table);
    if (!head) return;
    Array.prototype.forEach.call(head.cells, function (th, column) {
      th.classList.add("cnb-sortable");
      th.title = "sort by this column";
      th.addEventListener("click", function () {
        var order = th.getAttribute("data-sorted") === "asc" ? "desc" : "asc";
        Array.prototype.forEach.call(head.cells, function (c) { c.removeAttribute("data-sorted"); });
        th.setAttribute("data-sorted", order);
        var keyed = rows.map(function (r, i) {
          var cell = r.cells[column], text = cell ? cell.textContent : "";
          return {row: r, i: i, text: text, num: number(text)};
        });
        var numeric = keyed.every(function (x) { return x.num !== null || x.text.trim() === ""; });
        keyed.sort(function (a, b) {
          var c = numeric ? (a.num === null ? -Infinity : a.num) - (b.num === null ? -Infinity : b.num)
                          : (a.text < b.text ? -1 : a.text > b.text ? 1 : 0);
          return (order === "asc" ? c : -c) || a.i - b.i;
        });
        rows = keyed.map(function (x) { return x.row; });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }
  document.querySelectorAll("table.dataframe").forEach(enhance);
})();
</script>
"""


def for_export(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of an executed notebook to render as a page: widget outputs that have an
    HTML fallback show it, and the widget state is dropped.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[
    ...     nbformat.v4.new_output("display_data", data={
    ...         WIDGET_VIEW: {"model_id": "x"}, "text/html": "<p>static</p>"})])])
    >>> sorted(for_export(nb).cells[0].outputs[0].data)
    ['text/html']
    """
    page = copy.deepcopy(notebook)
    page.metadata.pop("widgets", None)
    for cell in page.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data and len(data) > 1:
                data.pop(WIDGET_VIEW)
                data.pop("text/plain", None) if "text/html" in data else None
    return page


def interactive_tables(page: str) -> str:
    """The page with the search-and-sort script before ``</body>`` (once).

    Examples
    --------
    >>> "search this table" in interactive_tables("<html><body></body></html>")
    True
    """
    if "cnb-table-search" in page:
        return page
    script = _SCRIPT % {"min_rows": MIN_ROWS}
    head, sep, tail = page.rpartition("</body>")
    return head + script + sep + tail if sep else page + script
