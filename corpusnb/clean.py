"""Clean a raw text into the body that is counted, keeping an audit of every removal.

The rules are generic and each can be switched off per document in the catalog's
``[document.cleaning]`` table:

================  =====================================================================
setting           meaning (default)
================  =====================================================================
header_until      a line prefix: everything from the top of the file to the last line
                  that starts with it, before the first body paragraph, is a header
                  block (off)
header_reason     the reason written in the audit for that header ("header block")
footer_from       extra line patterns that start a trailing footer ([])
footers           remove letters/newsletter footers (True)
boilerplate       remove web boilerplate lines such as "Show More" (True)
datelines         remove datelines standing alone, such as "23 January" (True)
footnotes         remove "Footnote N" markers glued to the text (True)
citations         "remove" or "keep" parenthetical author-year citations ("remove")
headings          detect section headings (True)
================  =====================================================================

Every removal is one row of the audit: start and end in the raw text, the reason
and the text removed. Line endings are then normalised to ``\\n`` and Unicode to
NFC in the cleaned text only.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from importlib import resources

import numpy as np
import pandas as pd

from corpusnb._errors import CorpusError

__all__ = ["CLEANING_KEYS", "Cleaned", "clean", "find_citations", "find_headings"]

CLEANING_KEYS = ("header_until", "header_reason", "footer_from", "footers", "boilerplate",
                 "datelines", "footnotes", "citations", "headings")
_BODY_WORDS = 40  # a line with at least this many words is a body paragraph
_NO_HEADING = "(no heading)"


@dataclass(frozen=True)
class Cleaned:
    """The result of :func:`clean`: ``text``, ``removed`` (audit), ``sections``."""

    text: str
    removed: pd.DataFrame
    sections: pd.DataFrame


def _rules() -> dict:
    source = resources.files("corpusnb") / "data" / "boilerplate.toml"
    rules = tomllib.loads(source.read_text(encoding="utf-8"))
    return {
        "boilerplate": [re.compile(p, re.IGNORECASE) for p in rules["boilerplate_lines"]],
        "footer": [re.compile(p, re.IGNORECASE) for p in rules["footer_markers"]],
        "dateline": re.compile(rules["dateline"]),
    }


_RULES = _rules()

_FOOTNOTE = re.compile(r"(?<=\S)Footnote \d+\b")

_NAME = r"(?P<name>[^\W\d_][^,;:()\d]{0,80}?)"
_YEARS = r"(?:1[6-9]|20)\d\d[a-h]?(?:,\s*(?:1[6-9]|20)\d\d[a-h]?)*"
_LOCATOR = r":{1,2}\s*(?:pp?\.\s*)?\d+(?:\s*[–-]\s*\d+)?(?:,\s*\d+(?:\s*[–-]\s*\d+)?)*"
_PREFIX = r"(?:(?:e\.g\.|i\.e\.|cf\.|see(?: also)?|quoted in|for [^,;()]{1,40}, see)\s+)?"
_REFERENCE = re.compile(
    rf"{_PREFIX}(?:(?:{_NAME},?\s+)?{_YEARS}|ibid\.?)(?:{_LOCATOR})?(?:, my translation)?")
_PARENTHESIS = re.compile(r" ?\(([^()\n]{1,400})\)")


def clean(raw: str, settings: dict | None = None, *, name: str = "<text>") -> Cleaned:
    """Clean ``raw`` by the generic rules and the per-document ``settings``.

    Parameters
    ----------
    raw : str
        The decoded file, untouched.
    settings : dict, optional
        Per-document settings (see the module docstring).
    name : str
        The file name, used in error messages.

    Returns
    -------
    Cleaned
        ``text`` (NFC, ``\\n`` line endings), ``removed`` (start, end in raw,
        reason, text) and ``sections`` (section, title, start, end in text).

    Examples
    --------
    >>> out = clean("Show More\\nA claim (Koch, 2013: p. 114) holds.\\n")
    >>> out.text
    'A claim holds.\\n'
    >>> out.removed[["start", "end", "reason"]].values.tolist()
    [[0, 10, 'web boilerplate'], [17, 38, 'citation']]
    """
    text, removed, sections = clean_columns(raw, settings, name=name)
    return Cleaned(text, pd.DataFrame(removed), pd.DataFrame(sections))


def clean_columns(raw: str, settings: dict | None = None, *, name: str = "<text>"
                  ) -> tuple[str, dict, dict]:
    """:func:`clean` with the audit and the sections as dicts of columns.

    For the loader: a corpus of many short texts would otherwise spend most of its
    loading time building two small DataFrames per document
    (:class:`corpusnb.Document` builds them when first asked).
    """
    settings = {**_DEFAULTS, **(settings or {})}
    lines = _line_spans(raw)
    spans = _block_spans(raw, lines, settings, name)
    spans += _inline_spans(raw, lines, settings, spans)
    removed = _audit(raw, spans)
    text = _normalise(_keep(raw, removed))
    sections = heading_columns(text) if settings["headings"] else _one_section(text)
    return text, removed, sections


_DEFAULTS = {"header_until": None, "header_reason": "header block", "footer_from": [],
             "footers": True, "boilerplate": True, "datelines": True, "footnotes": True,
             "citations": "remove", "headings": True}


def _line_spans(raw: str) -> list[tuple[int, int, str]]:
    spans, start = [], 0
    for line in raw.splitlines(keepends=True):
        spans.append((start, start + len(line), line.strip()))
        start += len(line)
    return spans


def _is_body(line: str) -> bool:
    return len(line.split()) >= _BODY_WORDS


def _block_spans(raw: str, lines: list, settings: dict, name: str) -> list[tuple]:
    spans = []
    if settings["header_until"]:
        spans.append(_header(lines, settings, name))
    if settings["footers"]:
        spans += _footer(raw, lines, settings)
    return spans


def _header(lines: list, settings: dict, name: str) -> tuple[int, int, str]:
    prefix = settings["header_until"]
    first_body = next((k for k, line in enumerate(lines) if _is_body(line[2])), len(lines))
    hits = [k for k in range(first_body) if lines[k][2].startswith(prefix)]
    if not hits:
        raise CorpusError(f"{name}: the cleaning setting header_until = {prefix!r} matches no "
                         "line before the first paragraph; correct it in the catalog")
    end = _skip_blank(lines, hits[-1] + 1)
    return (0, end, settings["header_reason"])


def _skip_blank(lines: list, k: int) -> int:
    while k < len(lines) and not lines[k][2]:
        k += 1
    return lines[k][0] if k < len(lines) else lines[-1][1]


def _footer(raw: str, lines: list, settings: dict) -> list[tuple]:
    markers = _RULES["footer"] + [re.compile(re.escape(p)) for p in settings["footer_from"]]
    last_body = max((k for k, line in enumerate(lines) if _is_body(line[2])), default=-1)
    for k in range(last_body + 1, len(lines)):
        if any(m.fullmatch(lines[k][2]) for m in markers):
            start = _back_over_blank(lines, k)
            return [(start, len(raw), "letters/newsletter footer")]
    return []


def _back_over_blank(lines: list, k: int) -> int:
    while k > 0 and not lines[k - 1][2]:
        k -= 1
    return lines[k][0] if k > 0 else 0


def _inline_spans(raw: str, lines: list, settings: dict, blocks: list) -> list[tuple]:
    found = []
    for start, end, line in lines:
        if settings["boilerplate"] and any(p.fullmatch(line) for p in _RULES["boilerplate"]):
            found.append((start, end, "web boilerplate"))
        elif settings["datelines"] and line and _RULES["dateline"].fullmatch(line):
            found.append((start, end, "dateline"))
    if settings["footnotes"]:
        found += [(m.start(), m.end(), "footnote marker") for m in _FOOTNOTE.finditer(raw)]
    if settings["citations"] == "remove":
        found += [(s, e, "citation") for s, e in find_citations(raw)]
    return [span for span in found if not _inside(span, blocks)]


def _inside(span: tuple, blocks: list) -> bool:
    return any(b[0] <= span[0] and span[1] <= b[1] for b in blocks)


def find_citations(text: str) -> list[tuple[int, int]]:
    """Spans of parenthetical author-year citations, each with the space before it.

    A parenthesis counts as a citation when every ``;``-separated part of it is a
    reference: an optional lead-in ("e.g.", "see", "quoted in", "for details,
    see"), an optional name, one or more years, an optional page locator, or
    "ibid". Parentheses of prose, such as "(in the Julian calendar)", are kept.

    Examples
    --------
    >>> text = "ties (e.g. Kembayev, 2016) and (in the Julian calendar) (ibid: p. 4)"
    >>> [text[s:e] for s, e in find_citations(text)]
    [' (e.g. Kembayev, 2016)', ' (ibid: p. 4)']
    """
    spans = []
    for match in _PARENTHESIS.finditer(text):
        parts = [part.strip() for part in match.group(1).split(";")]
        if all(_is_reference(part) for part in parts):
            spans.append(match.span())
    return spans


def _is_reference(part: str) -> bool:
    match = _REFERENCE.fullmatch(part)
    return bool(match) and (match.group("name") or "A")[0].isupper()


def _audit(raw: str, spans: list[tuple]) -> dict:
    rows = sorted(set(spans))
    merged: list[list] = []
    for start, end, reason in rows:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            continue
        merged.append([start, end, reason])
    return {
        "start": np.array([m[0] for m in merged], dtype=np.int64),
        "end": np.array([m[1] for m in merged], dtype=np.int64),
        "reason": [m[2] for m in merged],
        "text": [raw[s:e] for s, e, _ in merged],
    }


def _keep(raw: str, removed: dict) -> str:
    pieces, last = [], 0
    for start, end in zip(removed["start"], removed["end"]):
        pieces.append(raw[last:start])
        last = end
    pieces.append(raw[last:])
    return "".join(pieces)


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


# ---------------------------------------------------------------- sections

_HEADING_END = re.compile(r"[.,;:!?…\"”’)\]]$")


def find_headings(text: str) -> pd.DataFrame:
    """Detect section headings in cleaned text and return the sections they open.

    A heading is a line of at most 12 words and 100 characters that starts with a
    capital letter, does not end in sentence punctuation, stands between blank
    lines (or the start of the text) and is followed by a body paragraph. Text
    before the first heading is section 0, titled "(no heading)".

    Returns
    -------
    pandas.DataFrame
        section (int), title, start, end — offsets in ``text``; a heading line
        belongs to the section it opens.

    Examples
    --------
    >>> body = " ".join(["word"] * 45)
    >>> find_headings(f"Introduction\\n\\n{body}\\n\\nConcluding remarks\\n\\n{body}\\n")
    ... # doctest: +NORMALIZE_WHITESPACE
       section               title  start  end
    0        1        Introduction      0  240
    1        2  Concluding remarks    240  485
    """
    return pd.DataFrame(heading_columns(text))


def heading_columns(text: str) -> dict:
    """:func:`find_headings` as a dict of columns (section, title, start, end)."""
    lines = _line_spans(text)
    starts = [lines[k] for k in range(len(lines)) if _is_heading(lines, k)]
    rows = [(0, _NO_HEADING, 0)] if not starts or starts[0][0] > 0 else []
    rows += [(n, title, start) for n, (start, _, title) in enumerate(starts, start=1)]
    ends = [row[2] for row in rows[1:]] + [len(text)]
    return {"section": np.array([r[0] for r in rows], dtype=np.int64),
            "title": [r[1] for r in rows],
            "start": np.array([r[2] for r in rows], dtype=np.int64),
            "end": np.array(ends, dtype=np.int64)}


def _is_heading(lines: list, k: int) -> bool:
    line = lines[k][2]
    if not line or len(line) > 100 or len(line.split()) > 12:
        return False
    if not line[0].isupper() or _HEADING_END.search(line) or _is_body(line):
        return False
    if k > 0 and lines[k - 1][2]:
        return False
    following = next((lines[j][2] for j in range(k + 1, len(lines)) if lines[j][2]), "")
    return _is_body(following) and (k + 1 < len(lines) and not lines[k + 1][2])


def _one_section(text: str) -> dict:
    return {"section": np.array([0], dtype=np.int64), "title": [_NO_HEADING],
            "start": np.array([0], dtype=np.int64), "end": np.array([len(text)], dtype=np.int64)}
