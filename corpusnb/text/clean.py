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
stage_directions  "remove" or "keep" bracketed stage directions such as "(Applause.)"
                  ("remove"; see :func:`find_stage_directions`)
remove_regex      your own regular expressions (a list, or one string): every match in
                  a line is removed, with the reason "user pattern: <pattern>" ([])
headings          detect section headings (True)
================  =====================================================================

``remove_regex`` patterns are Python regular expressions (:mod:`re`), matched against
each line on its own, without its line break: a match never spans two lines, ``^`` and
``$`` are the line's start and end (``"^Photo: .*$"`` removes a caption line,
``"^[A-Z]+, \\w+ \\d+ --"`` a dateline at a line's start). A pattern that does not
compile stops the load with its text and the file's name. They run on the raw text
after the header and footer blocks are found; a match inside those is already gone.

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

__all__ = ["CLEANING_KEYS", "Cleaned", "clean", "find_citations", "find_headings",
           "find_stage_directions", "user_patterns"]

CLEANING_KEYS = ("header_until", "header_reason", "footer_from", "footers", "boilerplate",
                 "datelines", "footnotes", "citations", "stage_directions", "remove_regex",
                 "headings")
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
        "stage_words": frozenset(rules["stage_words"]),
        "stage_qualifiers": frozenset(rules["stage_qualifiers"]),
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
    _check_choice(settings, "stage_directions", name)
    patterns = user_patterns(settings["remove_regex"], name)
    lines = _line_spans(raw)
    spans = _block_spans(raw, lines, settings, name)
    spans += _inline_spans(raw, lines, settings, spans, patterns)
    removed = _audit(raw, spans)
    text = _normalise(_keep(raw, removed))
    sections = heading_columns(text) if settings["headings"] else _one_section(text)
    return text, removed, sections


_DEFAULTS = {"header_until": None, "header_reason": "header block", "footer_from": [],
             "footers": True, "boilerplate": True, "datelines": True, "footnotes": True,
             "citations": "remove", "stage_directions": "remove", "remove_regex": [],
             "headings": True}


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


def _inline_spans(raw: str, lines: list, settings: dict, blocks: list,
                  patterns: list[re.Pattern] = ()) -> list[tuple]:
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
    if settings["stage_directions"] == "remove":
        found += [(s, e, "stage direction") for s, e in _direction_spans(raw)]
    found += _pattern_spans(raw, lines, patterns)
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


_BRACKETED = re.compile(r"\((?P<round>[^()\n]{1,120})\)|\[(?P<square>[^\[\]\n]{1,120})\]")
_DIRECTION_WORD = re.compile(r"[^\W\d_]+")
_DIRECTION_MAX_WORDS = 8


def find_stage_directions(text: str) -> list[tuple[int, int]]:
    """Spans of bracketed stage directions: "(Applause.)", "[Laughter]", "(Аплодисменты.)".

    A stage direction is a parenthesis or square bracket on one line holding at most 8
    words and nothing else but spaces, commas, dashes and a final period or "!", every
    word a stage word ("applause", "laughter", "cheers", "boos", "inaudible",
    "crosstalk", "аплодисменты", "смех", "оживление", ...) or a qualifier ("prolonged",
    "and", "бурные", "в зале", ...), at least one a stage word (the lists are
    ``stage_words`` and ``stage_qualifiers`` in ``corpusnb/data/boilerplate.toml``;
    words compared in lower case, ё read as е). There is no other rule: a bracket with
    any other word, "(see below)", "(Laughs at the idea)", is text.

    Returns the spans of the brackets alone; :func:`clean` also removes the spaces
    before each (or after it, at a line's start), and a line that holds only a
    direction, with its line break.

    Examples
    --------
    >>> text = "We will. (Applause.) Yes (see below) [Laughter and applause] (Бурные аплодисменты.)"
    >>> [text[s:e] for s, e in find_stage_directions(text)]
    ['(Applause.)', '[Laughter and applause]', '(Бурные аплодисменты.)']
    """
    return [match.span() for match in _BRACKETED.finditer(text)
            if _is_direction(match.group("round") or match.group("square"))]


def _is_direction(inside: str) -> bool:
    rest = _DIRECTION_WORD.sub("", inside)
    if rest.strip(" \t,;:-–—.!…"):
        return False
    words = [w.casefold().replace("ё", "е") for w in _DIRECTION_WORD.findall(inside)]
    known = _RULES["stage_words"] | _RULES["stage_qualifiers"]
    return (0 < len(words) <= _DIRECTION_MAX_WORDS and all(w in known for w in words)
            and any(w in _RULES["stage_words"] for w in words))


def _direction_spans(raw: str) -> list[tuple[int, int]]:
    """Each stage direction with the spaces that would be left behind (see
    :func:`find_stage_directions`)."""
    spans = []
    for start, end in find_stage_directions(raw):
        line_start = raw.rfind("\n", 0, start) + 1
        line_end = raw.find("\n", end)
        line_end = len(raw) if line_end < 0 else line_end
        before, after = raw[line_start:start], raw[end:line_end]
        if not before.strip() and not after.strip():  # the line is the direction
            spans.append((line_start, min(line_end + 1, len(raw))))
        elif not before.strip():  # it starts its line: the spaces after it go
            following = after.lstrip(" \t")
            tail = len(after) - len(following) if following[:1] not in "([" else 0
            spans.append((start, end + tail))
        else:  # the spaces before it go
            spans.append((start - (len(before) - len(before.rstrip(" \t"))), end))
    return spans


def user_patterns(patterns, name: str = "<text>") -> list[re.Pattern]:
    """Compile the ``remove_regex`` setting: a list of regular expressions, or one.

    Raises
    ------
    CorpusError
        For a setting that is not text or a list of text, or a pattern that does not
        compile, naming ``name`` (the file whose catalog entry sets it), the pattern
        and Python's complaint.

    Examples
    --------
    >>> [p.pattern for p in user_patterns(["^Photo: .*$", r"\\[caption\\]"])]
    ['^Photo: .*$', '\\\\[caption\\\\]']
    >>> user_patterns("(unclosed", "a.txt")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    corpusnb._errors.CorpusError: a.txt: the cleaning setting remove_regex has '(unclosed', \
which is not a valid regular expression (missing ), unterminated subpattern at position 0); ...
    """
    if isinstance(patterns, str):
        patterns = [patterns]
    if not isinstance(patterns, (list, tuple)) or not all(isinstance(p, str) for p in patterns):
        raise CorpusError(f"{name}: the cleaning setting remove_regex must be a regular "
                          f"expression or a list of them (text), not {patterns!r}; correct "
                          "it in the catalog entry of this file")
    return [_compiled(pattern, name) for pattern in patterns]


def _compiled(pattern: str, name: str) -> re.Pattern:
    try:
        return re.compile(pattern)
    except re.error as error:
        raise CorpusError(f"{name}: the cleaning setting remove_regex has {pattern!r}, which "
                          f"is not a valid regular expression ({error}); correct it in the "
                          "catalog entry of this file (or in load_corpus(remove_regex=...))"
                          ) from None


def _pattern_spans(raw: str, lines: list, patterns: list[re.Pattern]) -> list[tuple]:
    """Every non-empty match of the user's patterns, line by line."""
    spans = []
    for pattern in patterns:
        reason = f"user pattern: {pattern.pattern}"
        for start, end, _ in lines:
            line = raw[start:end].rstrip("\r\n")
            spans += [(start + m.start(), start + m.end(), reason)
                      for m in pattern.finditer(line) if m.end() > m.start()]
    return spans


def _check_choice(settings: dict, key: str, name: str) -> None:
    if settings[key] not in ("remove", "keep"):
        raise CorpusError(f"{name}: the cleaning setting {key} is {settings[key]!r}; it must "
                          "be \"remove\" or \"keep\"; correct it in the catalog entry of this file")


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
