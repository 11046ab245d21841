"""The pages around the notebooks: the front page (``index.html``), the lecturer's
guide, slides and worksheets.

The front page is written from what is in the output folder and in the corpus:
what corpusnb is, the corpus in hand (computed), each notebook's question,
goals and first chart (read from the executed notebook), the student material
or — in a teacher's build — the solutions, the guide and the slides, and the
run details. Nothing on it is fetched from the network: charts are ``data:``
URIs, styles inline, and no script is loaded.
"""
from __future__ import annotations

import html
import platform
import time
from importlib import metadata, resources
from pathlib import Path

import nbformat

from corpusnb._errors import CorpusError
from corpusnb._outputs import make_folder, os_error, write_atomic, write_text_atomic
from corpusnb.apps.teaching import EXERCISE, notebook_summary

__all__ = ["guide_html", "notebook_kind", "write_front_page", "write_guide", "write_slides",
           "write_worksheets"]

_VERSIONS = ["corpusnb", "pandas", "numpy", "matplotlib", "nbconvert", "nbclient"]

_CSS = """
body { font-family: system-ui, "DejaVu Sans", sans-serif; margin: 0; color: #1d1d1d;
       background: #fafafa; line-height: 1.45; }
main { max-width: 72em; margin: 0 auto; padding: 1.5em 2em 3em; }
h1 { margin: .2em 0; font-size: 1.9em; }
h2 { border-bottom: 2px solid #ccc; padding-bottom: .2em; margin-top: 2em; }
.lead { font-size: 1.08em; max-width: 52em; }
.facts { display: flex; flex-wrap: wrap; gap: .8em; margin: 1em 0; padding: 0; }
.facts li { list-style: none; background: #fff; border: 1px solid #ddd; border-radius: 6px;
            padding: .5em 1em; }
.facts b { display: block; font-size: 1.3em; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(21em, 1fr));
         gap: 1.2em; }
.card { background: #fff; border: 1px solid #ddd; border-radius: 8px; padding: 1em 1.2em; }
.card h3 { margin: 0 0 .4em; font-size: 1.1em; }
.card img { width: 100%; max-height: 13em; object-fit: contain; background: #fff;
            border: 1px solid #eee; }
.card .status { font-size: .85em; color: #555; }
.card .failed { color: #a00; font-weight: bold; }
.teachers { background: #fff7e6; border: 1px solid #e6c98a; border-radius: 8px;
            padding: .5em 1.5em 1em; }
table { border-collapse: collapse; background: #fff; }
td, th { padding: 4px 12px; text-align: left; border-bottom: 1px solid #e5e5e5; }
.small { font-size: .9em; color: #444; }
"""


def notebook_kind(notebook, name: str) -> str:
    """"narrative", "exercise" or "solution": the ``kind`` in the notebook's
    ``corpusnb`` metadata, else a name ending in ``_solutions`` is a solution and
    a notebook with a cell tagged ``exercise`` an exercise.

    Examples
    --------
    >>> notebook_kind(nbformat.v4.new_notebook(), "05_seminar_solutions.ipynb")
    'solution'
    """
    kind = notebook.get("metadata", {}).get("corpusnb", {}).get("kind")
    if kind:
        return kind
    if Path(name).stem.endswith("_solutions"):
        return "solution"
    if any(EXERCISE in c.get("metadata", {}).get("tags", []) for c in notebook.cells):
        return "exercise"
    return "narrative"


def _markdown(text: str) -> str:
    import mistune

    return mistune.create_markdown(escape=True, plugins=["table"])(text)


# ---------------------------------------------------------------- front page

def write_front_page(out: Path, results: list, *, corpus=None, students: bool = False,
                     tokens=None) -> Path:
    """Write ``out/index.html`` for the pages of a run and those already in ``out``.

    ``results`` are the :class:`corpusnb.apps.runner.RunResult` of this run; pages
    of earlier runs in ``out`` are listed too (marked so). ``corpus`` gives the
    corpus facts (None: they are left out); ``tokens``, its token table when the
    caller has it, saves tokenising it again. ``students`` leaves the teachers'
    part out.
    """
    entries = _reframed(_entries(out, results), corpus)
    kinds = {k: [e for e in entries if e["kind"] == k]
             for k in ("narrative", "exercise", "solution")}
    body = [_header(corpus, tokens), _cards("The notebooks", kinds["narrative"]),
            _cards("Exercises", kinds["exercise"], _worksheets(out))]
    if not students:
        body.append(_teachers(out, kinds["solution"]))
    body.append(_details(entries))
    page = ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>corpusnb notebooks</title><style>{_CSS}</style></head><body><main>"
            + "".join(body) + "</main></body></html>")
    return write_text_atomic(out / "index.html", page)


def _entries(out: Path, results: list) -> list[dict]:
    """One entry per page: this run's, then the earlier runs' good pages."""
    entries = []
    for r in results:
        if r.html is None:
            continue
        stem = Path(r.name).stem
        executed = out / (Path(r.html).stem + ".ipynb")
        entries.append(_entry(executed, stem, Path(r.html).name, r.name,
                              "ok" if r.ok else "FAILED: " + r.error, str(r.figures),
                              f"{r.seconds:.1f} s"))
    ran = {Path(r.name).stem for r in results}
    for page in sorted(out.glob("*.html")):
        if page.name == "index.html" or ".failed" in page.suffixes or page.stem in ran \
                or page.stem in _EXTRA_PAGES:
            continue
        entries.append(_entry(out / f"{page.stem}.ipynb", page.stem, page.name,
                              page.stem + ".ipynb", "from an earlier run", "", ""))
    return entries


_EXTRA_PAGES = {"teaching"}

# The questions of the notebooks that name the seed study's topics, as they read on
# another corpus: the notebooks count whatever themes they are given.
_OTHER_CORPUS_QUESTIONS = {
    "01_separatism": (
        "How much does each document use the words of a theme — where in the text, in "
        "which words, and in what company? Do two themes go together or apart? The themes "
        "are the seed study's dictionaries unless you bring your own "
        "(`corpusnb run --themes FILE`); each count is shown with the words that make it."),
    "02_kleptocracy": (
        "When a document explains what it describes, which vocabulary carries the "
        "explanation? Which labels does it use, and which words keep company with its "
        "central terms? Each theme's count is shown with the words that make it."),
    "03_multivectorism": (
        "How does a document use a rare term, where in the text does each vocabulary sit, "
        "and which words keep company in its sentences? Each theme's count is shown with "
        "the words that make it."),
}


def _reframed(entries: list[dict], corpus) -> list[dict]:
    """The entries with the questions that name the seed study's topics reframed, when
    the corpus is another one (the seed corpus, or no corpus given: as written)."""
    from corpusnb.present.report import is_seed_corpus

    if corpus is None or is_seed_corpus(corpus):
        return entries
    return [{**e, "question": _OTHER_CORPUS_QUESTIONS[e["stem"]]}
            if e["stem"] in _OTHER_CORPUS_QUESTIONS and e["question"] else e
            for e in entries]


def _entry(executed: Path, stem: str, href: str, name: str, status: str, figures: str,
           seconds: str) -> dict:
    notebook = nbformat.read(executed, as_version=4) if executed.is_file() \
        else nbformat.v4.new_notebook()
    summary = notebook_summary(notebook)
    return {"stem": stem, "href": href, "name": name, "status": status, "figures": figures,
            "seconds": seconds, "kind": notebook_kind(notebook, name),
            "title": summary["title"] or stem, "question": summary["question"],
            "goals": summary["goals"], "figure": summary["figure"]}


def _header(corpus, tokens=None) -> str:
    intro = ("<h1>corpusnb: reading political texts with numbers</h1><p class='lead'>"
             "corpusnb is a small Python library and a series of Jupyter notebooks that "
             "count the words of a corpus — themes, keywords, concordances, company — and "
             "put every number next to the passages it comes from. The pages below were "
             "computed from the corpus described here; run them again on your own texts "
             "with <code>corpusnb run --corpus FOLDER</code>.</p>")
    return intro + (_corpus_facts(corpus, tokens) if corpus is not None else "")


def _corpus_facts(corpus, tokens=None) -> str:
    from corpusnb.present._languages import LANGUAGE_NAMES
    from corpusnb.analyses.overview import document_sizes
    from corpusnb.engine.sources import tokens_of
    from corpusnb.present.report import corpus_sentence

    tokens = tokens_of(corpus) if tokens is None else tokens
    meta = corpus.metadata
    years = meta["year"].dropna()
    span = "—" if years.empty else (f"{int(years.min())}" if years.min() == years.max()
                                    else f"{int(years.min())}–{int(years.max())}")
    languages = ", ".join(f"{LANGUAGE_NAMES.get(k, k)} ({v})" for k, v in meta["language"].value_counts().items())
    facts = [("documents", f"{len(corpus):,}"), ("word tokens", f"{int(document_sizes(tokens).sum()):,}"),
             ("years", span), ("languages", languages or "—")]
    items = "".join(f"<li><b>{html.escape(v)}</b>{html.escape(k)}</li>" for k, v in facts)
    return (f"<h2>The corpus in hand</h2><ul class='facts'>{items}</ul>"
            f"<p>{html.escape(corpus_sentence(corpus, tokens))}</p>")


def _cards(heading: str, entries: list[dict], extra: dict | None = None) -> str:
    if not entries:
        return ""
    cards = []
    for e in entries:
        figure = (f"<img src='{e['figure']}' alt='The first chart of {html.escape(e['title'])}'"
                  ">" if e["figure"] else "")
        question = f"<p><b>Question.</b> {_inline(e['question'])}</p>" if e["question"] else ""
        goals = f"<p><b>You will learn to</b> {_inline(e['goals'])}</p>" if e["goals"] else ""
        status = (f"<span class='failed'>{html.escape(e['status'])}</span>"
                  if e["status"].startswith("FAILED") else
                  f"ran in {e['seconds']}, {_charts(e['figures'])}" if e["status"] == "ok"
                  else html.escape(e["status"]))
        sheet = (extra or {}).get(e["stem"])
        sheet = f" · <a href='{html.escape(sheet)}'>worksheet (PDF)</a>" if sheet else ""
        cards.append(f"<div class='card'><h3><a href='{html.escape(e['href'])}'>"
                     f"{html.escape(e['title'])}</a></h3>{question}{goals}{figure}"
                     f"<p class='status'>{status}{sheet}</p></div>")
    return f"<h2>{html.escape(heading)}</h2><div class='cards'>{''.join(cards)}</div>"


def _charts(figures: str) -> str:
    """How many charts, in words.

    >>> _charts("1"), _charts("0")
    ('1 chart', '0 charts')
    """
    return f"{figures} chart" + ("" if figures == "1" else "s")


def _inline(text: str) -> str:
    rendered = _markdown(text).strip()
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return rendered


def _worksheets(out: Path) -> dict[str, str]:
    return {p.stem: f"worksheets/{p.name}" for p in sorted((out / "worksheets").glob("*.pdf"))}


def _teachers(out: Path, solutions: list[dict]) -> str:
    items = [f"<li><a href='{html.escape(e['href'])}'>{html.escape(e['title'])}</a>"
             f" <span class='small'>({html.escape(e['status'])})</span></li>" for e in solutions]
    if (out / "teaching.html").is_file():
        items.insert(0, "<li><a href='teaching.html'>The lecturer's guide</a>: learning "
                        "objectives, a timed plan for a 90-minute seminar, discussion "
                        "questions and pitfalls for each notebook</li>")
    slides = sorted((out / "slides").glob("*.slides.html"))
    if slides:
        links = ", ".join(f"<a href='slides/{html.escape(p.name)}'>"
                          f"{html.escape(p.name.split('.')[0])}</a>" for p in slides)
        items.append(f"<li>Slides (reveal.js, offline): {links}</li>")
    if not items:
        return ""
    return ("<h2>For teachers</h2><div class='teachers'><p>Worked solutions and the guide. "
            "Students get a build without them: <code>corpusnb run --students --out "
            "build-students</code>.</p><ul>" + "".join(items) + "</ul></div>")


def _details(entries: list[dict]) -> str:
    rows = "".join(
        "<tr>" + "".join(f"<td>{c}</td>" for c in [
            f"<a href='{html.escape(e['href'])}'>{html.escape(e['title'])}</a>",
            html.escape(e["name"]), html.escape(e["status"]), e["figures"], e["seconds"]])
        + "</tr>" for e in entries)
    versions = ", ".join(f"{name} {_version(name)}" for name in _VERSIONS)
    return ("<h2>Run details</h2><table><tr><th>notebook</th><th>file</th><th>status</th>"
            f"<th>figures</th><th>time</th></tr>{rows}</table><p class='small'>Written "
            f"{time.strftime('%Y-%m-%d %H:%M %Z')} with Python {platform.python_version()}, "
            f"{html.escape(versions)}.</p>")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "(not installed)"


# ---------------------------------------------------------------- the guide

def _docs_dir() -> Path:
    packaged = resources.files("corpusnb") / "docs"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "docs"


def guide_html(source: Path | None = None) -> str:
    """The lecturer's guide (``docs/teaching.md``) as a page that loads nothing."""
    text = (source or _docs_dir() / "teaching.md").read_text(encoding="utf-8")
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            "<title>corpusnb: the lecturer's guide</title><style>" + _CSS +
            "main { max-width: 52em; } code { background: #eee; padding: 0 .2em; }"
            "</style></head><body><main><p><a href='index.html'>← all notebooks</a></p>"
            + _markdown(text) + "</main></body></html>")


def write_guide(out: Path) -> Path:
    """Write the guide to ``out/teaching.html``."""
    return write_text_atomic(out / "teaching.html", guide_html())


# ---------------------------------------------------------------- slides

_SLIDES_TEMPLATE = """{%- extends 'reveal/index.html.j2' -%}
{%- block html_head_js_jquery -%}{%- endblock html_head_js_jquery -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{% block footer_js %}
<style>.reveal .slides { text-align: left; } .reveal img { max-height: 520px; }
.reveal h1 { font-size: 1.6em; } .reveal h2 { font-size: 1.25em; }
.reveal section { font-size: 0.62em; }
.reveal .jp-OutputArea pre { word-break: normal; overflow-wrap: break-word; font-size: 0.9em; }</style>
<script src="{{ resources.reveal.url_prefix }}/dist/reveal.js"></script>
<script>
Reveal.initialize({controls: true, progress: true, history: true, slideNumber: "c/t",
                   transition: "none", width: 1100, height: 760});
</script>
{% endblock footer_js %}
"""


def write_slides(executed: Path, out: Path) -> Path:
    """Render an executed notebook as reveal.js slides in ``out/slides/``.

    reveal.js (shipped in ``corpusnb/data/revealjs``) is copied to
    ``out/slides/reveal.js/``, so the deck opens offline. Code is hidden; see
    :func:`corpusnb.apps.teaching.slide_notebook` for what becomes a slide.
    """
    from jinja2 import DictLoader
    from nbconvert import SlidesExporter

    from corpusnb.apps.teaching import slide_notebook

    folder = out / "slides"
    _copy_reveal(folder / "reveal.js")
    notebook = slide_notebook(nbformat.read(executed, as_version=4))
    exporter = SlidesExporter(extra_loaders=[DictLoader({"corpusnb.slides.j2":
                                                         _SLIDES_TEMPLATE})],
                              template_file="corpusnb.slides.j2", exclude_input=True,
                              exclude_input_prompt=True, exclude_output_prompt=True,
                              reveal_url_prefix="reveal.js", embed_images=True)
    body, _ = exporter.from_notebook_node(notebook)
    return write_text_atomic(folder / f"{executed.stem}.slides.html", body)


def _copy_reveal(target: Path) -> None:
    import shutil

    source = Path(str(resources.files("corpusnb") / "data" / "revealjs"))
    if not (target / "dist" / "reveal.js").is_file():
        try:  # dist/reveal.js last, so that a copy cut short is made again next time
            shutil.copytree(source, target, dirs_exist_ok=True,
                            ignore=lambda folder, names: ["reveal.js"]
                            if Path(folder) == source / "dist" else [])
            write_atomic(target / "dist" / "reveal.js",
                         lambda temp: shutil.copyfile(source / "dist" / "reveal.js", temp))
        except shutil.Error as err:  # the errors of each file copied
            raise CorpusError(f"cannot copy reveal.js to {target}: {err}") from err
        except OSError as err:
            raise os_error(target, err) from err


# ---------------------------------------------------------------- worksheets

def write_worksheets(out: Path, executed: list[Path], *, corpus_sentence: str = "",
                     chromium: str = "/usr/bin/chromium") -> list[Path]:
    """Write a worksheet (HTML and PDF) of each exercise notebook in ``out/worksheets/``.

    The PDF is headless chromium's print of the HTML; without chromium only the
    HTML is written (print it from a browser) and a warning says so.
    """
    import shutil

    from corpusnb._errors import CorpusWarning, warn
    from corpusnb.apps.teaching import worksheet_html

    folder = make_folder(out / "worksheets")
    browser = chromium if Path(chromium).is_file() else shutil.which("chromium")
    written = []
    for path in executed:
        notebook = nbformat.read(path, as_version=4)
        if notebook_kind(notebook, path.name) != "exercise":
            continue
        page = folder / f"{path.stem}.html"
        write_text_atomic(page, worksheet_html(notebook, corpus_sentence=corpus_sentence))
        if browser:
            written.append(_print_pdf(browser, page))
        else:
            written.append(page)
    if not browser and written:
        warn("no chromium found: the worksheets are HTML only (print them from a "
             "browser, or install chromium for PDF files)", CorpusWarning)
    return written


def _print_pdf(browser: str, page: Path) -> Path:
    import subprocess
    import tempfile

    def _print(temp: Path) -> None:
        with tempfile.TemporaryDirectory(prefix="corpusnb-chromium-") as profile:
            subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                            f"--user-data-dir={profile}", "--no-pdf-header-footer",
                            f"--print-to-pdf={temp.resolve()}", page.resolve().as_uri()],
                           check=True, capture_output=True, timeout=120)

    return write_atomic(page.with_suffix(".pdf"), _print)
