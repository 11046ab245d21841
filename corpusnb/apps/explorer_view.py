"""``cnb.explore``: the explorer as ipywidgets, a thin view over :class:`Explorer`.

Type a word, glob or phrase and press Enter: the concordance, the counts by any
field, the dispersion plot and the collocates update together; the theme picker
shows a theme's hits. The charts are drawn in HTML (bars and an SVG strip) with
their numbers beside them, so every figure can be read off and checked. An
invalid pattern shows the library's message in the app, never a traceback.
"""
from __future__ import annotations

import html
import time
from pathlib import Path

import numpy as np
import pandas as pd

from corpusnb.apps.explorer import MEASURES, Explorer

__all__ = ["ExplorerApp", "explore"]

PAGE_SIZE = 20
TOP_COLLOCATES = 25
MAX_DOCUMENTS = 40  # rows of the dispersion plot
MAX_GROUPS = 500  # rows of the counts table shown
MAX_TICKS = 1000  # ticks of one document before ticks in one pixel merge
SORTS = {"reading order": None, "left context": "left", "right context": "right"}
_CSS = """<style>
.cnb-explorer {font-family: var(--jp-ui-font-family, sans-serif); font-size: 13px}
.cnb-explorer h4 {margin: 6px 0 4px 0; font-size: 14px}
.cnb-explorer .widget-html-content {min-width: 0; max-width: 100%}
.cnb-kwic-row, .cnb-kwic-row > .widget-html {min-width: 0 !important; overflow: hidden}
.cnb-line {display: flex; width: 100%; min-width: 0; max-width: 100%; font-family: var(--jp-code-font-family, monospace);
  font-size: 12px; line-height: 22px}
.cnb-left {flex: 1 1 0; overflow: hidden; white-space: nowrap; display: flex;
  justify-content: flex-end; color: #333}
.cnb-right {flex: 1 1 0; overflow: hidden; white-space: nowrap; color: #333}
.cnb-match {padding: 0 6px; white-space: nowrap; font-weight: bold; background: #fff2a8}
.cnb-table {border-collapse: collapse; font-size: 12px; width: 100%}
.cnb-table th, .cnb-table td {padding: 2px 6px; text-align: left; border-bottom: 1px solid #eee}
.cnb-table td.num, .cnb-table th.num {text-align: right; font-variant-numeric: tabular-nums}
.cnb-bar {background: #4c78a8; height: 10px; display: inline-block}
.cnb-scroll {max-height: 330px; overflow-y: auto}
.cnb-error {color: #b00020; font-weight: bold}
.cnb-passage {font-size: 13px; line-height: 1.5; padding: 6px; background: #f7f7f7}
.cnb-pos {font-family: var(--jp-code-font-family, monospace); font-size: 11px}
.cnb-pos button, button.cnb-pos {font-size: 11px; padding: 0 4px; text-align: left}
</style>"""


def explore(tokens_or_corpus, themes=None, *, pattern: str | None = None,
            save_dir: str | Path | None = None) -> ExplorerApp:
    """An interactive explorer of a corpus: type a pattern, see everything about it.

    Parameters
    ----------
    tokens_or_corpus : pandas.DataFrame or Corpus
        A token table from :func:`corpusnb.tokenize`, or a corpus.
    themes : DataFrame from :func:`corpusnb.load_themes`, or dict, optional
        The themes of the theme picker (default: the shipped themes).
    pattern : str, optional
        The first pattern shown (default: the commonest word that is not a
        stopword).
    save_dir : str or Path, optional
        The one folder *Save tables* may write into: the folder box then names a
        folder inside it, and ``..``, absolute paths and links out are refused
        (``corpusnb explore`` passes its ``--save-dir``). Default: any folder.

    Returns
    -------
    ExplorerApp
        An ipywidgets box; ``app.model`` is the :class:`~corpusnb.apps.explorer.Explorer`
        behind it, ``app.search(pattern)`` types a pattern.
    """
    return ExplorerApp(Explorer(tokens_or_corpus, themes), pattern=pattern, save_dir=save_dir)


def _widgets():
    try:
        import ipywidgets
    except ImportError:  # pragma: no cover - ipywidgets is a dependency
        raise ImportError("cnb.explore needs ipywidgets: python -m pip install ipywidgets"
                          ) from None
    return ipywidgets


def _first_pattern(model: Explorer) -> str:
    """The commonest word that is not a stopword (the commonest word if all are)."""
    if not len(model.frequency):
        return "a"
    content = model.frequency * ~model.stop
    best = content.argmax() if content.max() > 0 else model.frequency.argmax()
    return str(model.vocab[best])


def _escape(value) -> str:
    return html.escape(str(value))


def _number(value: float, digits: int = 2) -> str:
    return f"{value:,.{digits}f}" if pd.notna(value) else ""


class ExplorerApp:
    """The widgets of :func:`explore` (display it, or its ``.widget``)."""

    def __init__(self, model: Explorer, *, pattern: str | None = None,
                 save_dir: str | Path | None = None) -> None:
        w = _widgets()
        self.model, self.w = model, w
        self.save_dir = None if save_dir is None else Path(save_dir).resolve()
        self.page, self.last_seconds = 0, 0.0
        self.box = w.Text(value="", placeholder="a word, glob (separat*) or phrase",
                          description="Pattern", continuous_update=False,
                          layout=w.Layout(width="420px"))
        self.box.add_class("cnb-pattern")
        self.regex = w.Checkbox(value=False, description="regular expression", indent=False,
                                layout=w.Layout(width="170px"))
        self.message = w.HTML(layout=w.Layout(min_height="20px"))
        self.message.add_class("cnb-message")
        self.summary = w.HTML()
        self.summary.add_class("cnb-summary")
        self._kwic_widgets(w)
        self._counts_widgets(w)
        self.dispersion_html = w.HTML()
        self.dispersion_html.add_class("cnb-dispersion")
        self._collocate_widgets(w)
        self._theme_widgets(w)
        self._save_widgets(w)
        self.widget = self._layout(w)
        self._quiet = False  # set while search() itself writes the box
        self.box.observe(lambda _: self._quiet or self.search(self.box.value), "value")
        self.regex.observe(lambda _: self.search(self.box.value), "value")
        first = pattern if pattern is not None else _first_pattern(model)
        self.box.value = first  # runs the first search
        if self.model.pattern is None:
            self.search(first)
        self.show_theme()

    # ------------------------------------------------------------ building
    def _kwic_widgets(self, w) -> None:
        self.sort = w.ToggleButtons(options=list(SORTS), value="reading order",
                                    style={"button_width": "110px"})
        self.context = w.BoundedIntText(value=8, min=1, max=30, description="words",
                                        layout=w.Layout(width="130px"))
        self.previous = w.Button(description="◀ previous", layout=w.Layout(width="100px"))
        self.next = w.Button(description="next ▶", layout=w.Layout(width="100px"))
        self.page_label = w.HTML()
        self.page_label.add_class("cnb-page")
        self.line_buttons, self.line_html, self.rows = [], [], []
        for k in range(PAGE_SIZE):
            button = w.Button(layout=w.Layout(width="215px", min_width="215px", height="24px",
                                              flex="0 0 215px"),
                              tooltip="show this line in its document")
            button.add_class("cnb-pos")
            line = w.HTML(layout=w.Layout(flex="1 1 0", width="auto", min_width="0",
                                          overflow="hidden"))
            row = w.HBox([button, line], layout=w.Layout(display="none", width="100%"))
            row.add_class("cnb-kwic-row")
            button.on_click(lambda _, k=k: self.show_passage(k))
            self.line_buttons.append(button)
            self.line_html.append(line)
            self.rows.append(row)
        self.passage = w.HTML()
        self.passage.add_class("cnb-passage-box")
        self.sort.observe(lambda _: self._repage(0), "value")
        self.context.observe(lambda _: self._repage(self.page), "value")
        self.previous.on_click(lambda _: self._repage(self.page - 1))
        self.next.on_click(lambda _: self._repage(self.page + 1))

    def _counts_widgets(self, w) -> None:
        self.by = w.Dropdown(options=self.model.fields, value="doc_id", description="by",
                             layout=w.Layout(width="230px"))
        self.counts_html = w.HTML()
        self.counts_html.add_class("cnb-counts")
        self.by.observe(lambda _: self._show_counts(), "value")

    def _collocate_widgets(self, w) -> None:
        self.window = w.BoundedIntText(value=5, min=1, max=20, description="window",
                                       layout=w.Layout(width="140px"))
        self.measure = w.Dropdown(options=list(MEASURES), value="logdice",
                                  description="measure", layout=w.Layout(width="190px"))
        self.min_count = w.BoundedIntText(value=2, min=1, max=1000, description="min",
                                          layout=w.Layout(width="120px"))
        self.hide_stop = w.Checkbox(value=True, description="hide stopwords", indent=False,
                                    layout=w.Layout(width="130px"))
        self.collocates_html = w.HTML()
        self.collocates_html.add_class("cnb-collocates")
        for control in (self.window, self.measure, self.min_count, self.hide_stop):
            control.observe(lambda _: self._show_collocates(), "value")

    def _theme_widgets(self, w) -> None:
        options = [(f"{row.label} ({theme})", theme) for theme, row in
                   self.model.themes.iterrows()]
        self.theme = w.Dropdown(options=options, description="theme",
                                layout=w.Layout(width="360px"))
        self.theme_html = w.HTML()
        self.theme_html.add_class("cnb-theme")
        self.theme.observe(lambda _: self.show_theme(), "value")

    def _save_widgets(self, w) -> None:
        inside = self.save_dir is not None
        self.folder = w.Text(value="" if inside else "explorer_tables", description="folder",
                             placeholder=f"a folder inside {self.save_dir}" if inside else "",
                             layout=w.Layout(width="260px"))
        self.folder.add_class("cnb-folder")
        self.overwrite = w.Checkbox(value=False, description="overwrite", indent=False,
                                    layout=w.Layout(width="90px"))
        self.save_button = w.Button(description="Save tables (CSV)",
                                    layout=w.Layout(width="160px"))
        self.save_button.on_click(lambda _: self.save())

    def _layout(self, w):
        def pane(title, *children, width="50%"):
            box = w.VBox([w.HTML(f"<h4>{title}</h4>"), *children],
                         layout=w.Layout(width=width, padding="4px 8px", min_width="0",
                                         border="1px solid #ddd", margin="2px",
                                         overflow="hidden"))
            return box

        kwic = pane("Concordance (KWIC)",
                    w.HBox([self.sort, self.context]),
                    w.HBox([self.previous, self.next, self.page_label]),
                    w.VBox(self.rows, layout=w.Layout(width="100%", min_width="0")),
                    self.passage, width="62%")
        counts = pane("Counts and rate per 10,000 tokens", self.by, self.counts_html,
                      width="38%")
        dispersion = pane("Dispersion: where in each document", self.dispersion_html,
                          width="50%")
        collocates = pane("Collocates", w.HBox([self.window, self.measure]),
                          w.HBox([self.min_count, self.hide_stop]), self.collocates_html,
                          width="50%")
        themes = pane("Themes", self.theme, self.theme_html, width="100%")
        top = w.HBox([self.box, self.regex, self.save_button, self.folder, self.overwrite],
                     layout=w.Layout(flex_flow="row wrap"))
        app = w.VBox([w.HTML(_CSS), top, self.message, self.summary,
                      w.HBox([kwic, counts]), w.HBox([dispersion, collocates]), themes],
                     layout=w.Layout(width="100%"))
        app.add_class("cnb-explorer")
        return app

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/html"] = ("<p><i>The interactive explorer (ipywidgets) shows here when the "
                               "notebook runs in JupyterLab; or run <code>corpusnb explore"
                               "</code>.</i></p>")
        return bundle

    # ------------------------------------------------------------ behaviour
    def search(self, pattern: str) -> bool:
        """Show ``pattern`` in every pane; False (and the message) if it is invalid."""
        start = time.perf_counter()
        try:
            self.model.set_pattern(pattern, regex=self.regex.value)
        except ValueError as err:
            self.message.value = f"<span class='cnb-error'>{_escape(err)}</span>"
            return False
        self.message.value = ""
        if self.box.value != pattern:
            self._quiet = True
            try:
                self.box.value = pattern
            finally:
                self._quiet = False
        self._show_summary()
        self._repage(0)
        self._show_counts()
        self._show_dispersion()
        self._show_collocates()
        self.last_seconds = time.perf_counter() - start
        return True

    def _show_summary(self) -> None:
        m = self.model
        n = len(m.rows)
        docs = len(np.unique(m.doc[m.rows]))
        rate = n / len(m.codes) * 1e4 if len(m.codes) else 0.0
        self.summary.value = (
            f"<b class='cnb-total'>{n:,}</b> hits of <code>{_escape(m.pattern)}</code> · "
            f"{rate:.2f} per 10,000 tokens · in {docs:,} of {m.n_documents:,} documents "
            f"({len(m.codes):,} tokens)")

    def _repage(self, page: int) -> None:
        m = self.model
        pages = max(1, -(-len(m.rows) // PAGE_SIZE))
        self.page = min(max(page, 0), pages - 1)
        lines = m.kwic(window=self.context.value, sort=SORTS[self.sort.value], page=self.page,
                       page_size=PAGE_SIZE)
        self._lines = lines
        for k in range(PAGE_SIZE):
            if k < len(lines):
                line = lines.iloc[k]
                self.line_buttons[k].description = f"{line['doc_id']} · {line['start']}"
                self.line_html[k].value = (
                    f"<div class='cnb-line'><span class='cnb-left'>{_escape(line['left'])}"
                    f"</span><span class='cnb-match'>{_escape(line['match'])}</span>"
                    f"<span class='cnb-right'>{_escape(line['right'])}</span></div>")
                self.rows[k].layout.display = "flex"
            else:
                self.rows[k].layout.display = "none"
        first = self.page * PAGE_SIZE
        self.page_label.value = (f"lines {first + 1:,}–{first + len(lines):,} of "
                                 f"{len(m.rows):,}" if len(lines) else "no lines")
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page >= pages - 1
        self.passage.value = ""

    def show_passage(self, k: int) -> None:
        """Show line ``k`` of the page in its document (the text around it)."""
        line = self._lines.iloc[k]
        before, match, after = self.model.passage(line["doc_id"], int(line["start"]),
                                                  int(line["end"]))
        self.passage.value = (
            f"<div class='cnb-passage'><b>{_escape(line['doc_id'])}</b>, characters "
            f"{line['start']:,}–{line['end']:,}, sentence {line['sent']}:<br>"
            f"{_escape(before)}<mark><b>{_escape(match)}</b></mark>{_escape(after)}</div>")

    def _show_counts(self) -> None:
        table = self.model.counts(self.by.value)
        groups = [c for c in table.columns if c not in ("count", "tokens", "per_10k")]
        top = table["per_10k"].max() if len(table) else 0
        head = "".join(f"<th>{_escape(g)}</th>" for g in groups) + (
            "<th class='num'>count</th><th class='num'>tokens</th>"
            "<th class='num'>per 10k</th><th></th>")
        body = []
        for row in table.head(MAX_GROUPS).itertuples(index=False):
            values = row._asdict()
            width = 0 if not top else 100 * values["per_10k"] / top
            body.append("<tr>" + "".join(f"<td>{_escape(values[g])}</td>" for g in groups)
                        + f"<td class='num'>{values['count']:,}</td>"
                        f"<td class='num'>{values['tokens']:,}</td>"
                        f"<td class='num'>{_number(values['per_10k'])}</td>"
                        f"<td style='width:30%'><span class='cnb-bar' "
                        f"style='width:{width:.1f}%'></span></td></tr>")
        more = (f"<p>The first {MAX_GROUPS:,} of {len(table):,} groups (all in the saved "
                "table).</p>" if len(table) > MAX_GROUPS else "")
        self.counts_html.value = (f"<div class='cnb-scroll'><table class='cnb-table'>"
                                  f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}"
                                  f"</tbody></table></div>{more}")

    def _show_dispersion(self) -> None:
        m = self.model
        counts = m.counts("doc_id")
        with_hits = counts[counts["count"] > 0]
        shown = with_hits.head(MAX_DOCUMENTS)
        positions = m.positions()
        doc_of_hit = m._group_codes("doc_id")[0][m.rows]  # the counts' group numbers
        width, label, height = 560, 170, 18
        span = width - label
        parts = []
        for k, (code, row) in enumerate(zip(shown.index, shown.itertuples(index=False))):
            y = k * height + 4
            x = label + positions[doc_of_hit == code] * span
            if len(x) > MAX_TICKS:  # more hits than the strip can show apart: one a pixel
                x = np.unique(np.round(x))
            ticks = "".join(f"<line x1='{v:.1f}' y1='{y}' x2='{v:.1f}' y2='{y + height - 6}' "
                            "stroke='#4c78a8' stroke-width='1.5'/>" for v in x)
            parts.append(
                f"<text x='0' y='{y + 10}' font-size='11'>{_escape(str(row.doc_id)[:22])} "
                f"({row.count:,})</text><rect x='{label}' y='{y}' width='{span}' "
                f"height='{height - 6}' fill='#f3f3f3'/>{ticks}")
        if not parts:
            self.dispersion_html.value = "<p>No hits.</p>"
            return
        axis_y = len(shown) * height + 14
        svg = (f"<svg width='{width}' height='{axis_y + 6}' role='img'>{''.join(parts)}"
               f"<text x='{label}' y='{axis_y}' font-size='10'>start</text>"
               f"<text x='{width - 24}' y='{axis_y}' font-size='10'>end</text></svg>")
        more = len(with_hits) - len(shown)
        note = f"<p>{more:,} more documents with hits (in the saved table).</p>" if more > 0 \
            else ""
        self.dispersion_html.value = (f"<div class='cnb-scroll'>{svg}</div>{note}<p>Each tick "
                                      "is a hit, at its place from the start to the end of "
                                      "the document; the number is the document's hits.</p>")

    def _show_collocates(self) -> None:
        try:
            table = self.model.collocates(window=self.window.value, measure=self.measure.value,
                                          min_count=self.min_count.value,
                                          hide_stopwords=self.hide_stop.value,
                                          top=TOP_COLLOCATES)
        except ValueError as err:
            self.collocates_html.value = f"<span class='cnb-error'>{_escape(err)}</span>"
            return
        head = ("<th>term</th><th class='num'>count</th><th class='num'>frequency</th>"
                "<th class='num'>PMI</th><th class='num'>log-Dice</th><th class='num'>G²</th>")
        body = "".join(
            f"<tr><td>{_escape(r.term)}</td><td class='num'>{r.count:,}</td>"
            f"<td class='num'>{r.frequency:,}</td><td class='num'>{_number(r.pmi)}</td>"
            f"<td class='num'>{_number(r.logdice)}</td><td class='num'>{_number(r.g2)}</td>"
            "</tr>" for r in table.itertuples(index=False))
        self.collocates_html.value = (
            f"<div class='cnb-scroll'><table class='cnb-table'><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table></div><p>Within {self.window.value} tokens of a hit, "
            f"sorted by {self.measure.value}; at most {TOP_COLLOCATES} shown.</p>" if len(table) else
            "<p>No collocates at this minimum count.</p>")

    def show_theme(self) -> None:
        """Show the hits of the theme picked: per document, and its first lines."""
        theme = self.theme.value
        if theme is None:
            return
        counts = self.model.theme_counts(theme)
        lines = self.model.theme_lines(theme, page_size=PAGE_SIZE)
        total = int(counts["count"].sum())
        per_doc = ", ".join(f"{_escape(r.doc_id)}: {r.count:,} ({_number(r.per_10k)} per 10k)"
                            for r in counts[counts["count"] > 0].itertuples(index=False))
        patterns = ", ".join(f"<code>{_escape(p)}</code>"
                             for p in self.model.themes.loc[theme, "patterns"])
        rows = "".join(
            f"<tr><td class='cnb-pos'>{_escape(r.doc_id)} · {r.start}</td>"
            f"<td style='width:75%'><div class='cnb-line'><span class='cnb-left'>"
            f"{_escape(r.left)}</span><span class='cnb-match'>{_escape(r.match)}</span>"
            f"<span class='cnb-right'>{_escape(r.right)}</span></div></td></tr>"
            for r in lines.itertuples(index=False))
        self.theme_html.value = (
            f"<p><b class='cnb-theme-total'>{total:,}</b> mentions of {patterns}"
            f"{' — ' + per_doc if per_doc else ''}.</p>"
            f"<table class='cnb-table'>{rows}</table>"
            + (f"<p>The first {len(lines)} of {total:,} (all in the saved table).</p>"
               if total > len(lines) else ""))

    def save(self) -> list[Path]:
        """Write the current tables to CSV in the folder given (see Explorer.save)."""
        from corpusnb._errors import CorpusError

        try:
            paths = self.model.save(self.folder.value, overwrite=self.overwrite.value,
                                    root=self.save_dir, by=self.by.value,
                                    window=self.window.value, measure=self.measure.value,
                                    kwic_window=self.context.value,
                                    sort=SORTS[self.sort.value], theme=self.theme.value)
        except (CorpusError, ValueError, OSError) as err:
            self.message.value = f"<span class='cnb-error'>{_escape(err)}</span>"
            return []
        names = ", ".join(p.name for p in paths)
        where = paths[0].parent if self.save_dir is not None else self.folder.value
        self.message.value = f"Saved {len(paths)} tables in {_escape(where)}: {names}"
        return paths
