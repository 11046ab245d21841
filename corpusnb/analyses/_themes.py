"""What the theme analyses share with the apps: theme dictionaries read and checked
(:func:`load_themes`, :func:`_theme_row`, :func:`_as_themes`), and a theme's hits made
mentions (:func:`_mentions`).

A private module: the explorer, the teaching helpers and the trends take these names
from here, not from :mod:`corpusnb.analyses.themes`.
"""
from __future__ import annotations

import functools
import tomllib
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from corpusnb import limits
from corpusnb._errors import CorpusError

__all__ = ["load_themes"]


def load_themes(path: str | Path | None = None) -> pd.DataFrame:
    """Theme dictionaries from a TOML file (the shipped ones by default).

    Each TOML table is a theme with ``label``, ``description`` and ``patterns``
    (no other key: a misspelt ``lable`` or an ``exclude`` the library does not
    know is an error, not a setting silently ignored). A theme file is read
    only when it is a regular file no larger than ``CORPUSNB_MAX_CATALOG_BYTES``
    (16 MiB), and a pattern may be at most ``CORPUSNB_MAX_PATTERN_CHARS`` (1,000)
    characters long (see :mod:`corpusnb.limits`).

    Returns
    -------
    pandas.DataFrame
        Indexed by theme: label, description, patterns (list of str).

    Examples
    --------
    >>> themes = load_themes()
    >>> themes.loc["separatism", "label"]
    'Separatism'
    >>> len(themes) >= 12
    True
    """
    if path is None:
        source, name = resources.files("corpusnb") / "data" / "themes.toml", \
            "the shipped themes.toml"
        read = source.read_bytes
    else:
        source, name = Path(path), str(path)
        read = functools.partial(limits.read_capped, source, "catalog", "a theme file")
    try:
        data = tomllib.loads(read().decode("utf-8"))
    except UnicodeDecodeError as err:
        raise CorpusError(f"{name} is not UTF-8 (byte {err.start}); save it as UTF-8") \
            from None
    except tomllib.TOMLDecodeError as err:
        raise CorpusError(f"{name} is not valid TOML ({err}); fix that line") from None
    rows = [_theme_row(name, key, table) for key, table in data.items()]
    return pd.DataFrame(rows, columns=["theme", "label", "description", "patterns"]
                        ).set_index("theme")


_THEME_KEYS = ("label", "description", "patterns")


def _theme_row(name: str, key: str, table) -> list:
    if not isinstance(table, dict) or not isinstance(table.get("patterns"), list) \
            or not table["patterns"] or not all(isinstance(p, str) for p in table["patterns"]):
        raise CorpusError(f"{name}: theme [{key}] needs patterns = [\"word\", \"glob*\", ...]")
    _check_theme_keys(name, key, table)
    _check_pattern_lengths(name, key, table["patterns"])
    return [key, table.get("label", key), table.get("description", ""), table["patterns"]]


def _check_theme_keys(name: str, key: str, table: dict) -> None:
    unknown = [k for k in table if k not in _THEME_KEYS]
    if unknown:
        raise CorpusError(f"{name}: theme [{key}] has unknown key(s) {', '.join(unknown)}; the "
                          f"keys of a theme are {', '.join(_THEME_KEYS)} (fix the spelling, "
                          "or remove the key: corpusnb has no other theme setting)")


def _check_pattern_lengths(name: str, key: str, patterns: list[str]) -> None:
    cap = limits.limit("pattern")
    for number, pattern in enumerate(patterns, start=1):
        if len(pattern) > cap:
            raise CorpusError(f"{name}: theme [{key}], pattern {number} has {len(pattern):,} "
                              f"characters, over the cap of {cap:,}; shorten it, or raise "
                              f"the cap with the environment variable "
                              f"{limits.variable('pattern')}")


def _as_themes(themes) -> pd.DataFrame:
    """Themes as a table with label and patterns (a dict's keys are the labels; a single
    pattern may be given as a string)."""
    if themes is None:
        return load_themes()
    if isinstance(themes, dict):
        themes = pd.DataFrame(
            {"label": list(themes),
             "patterns": [[v] if isinstance(v, str) else list(v) for v in themes.values()]},
            index=list(themes))
    if themes.empty:
        raise ValueError("no themes given; pass a dict of theme -> patterns or "
                         "cnb.load_themes()")
    return themes


def _mentions(hits: pd.DataFrame) -> pd.DataFrame:
    """One hit per mention: at each position the longest match, then the first pattern
    listed (lexsort is stable), and no hit that starts inside the previous one."""
    order = np.lexsort([-hits["length"].to_numpy(), hits["row"].to_numpy()])
    hits = hits.iloc[order]
    keep, covered = [], -1  # the last row of the previous kept hit
    for row, length in zip(hits["row"], hits["length"]):
        keep.append(row > covered)
        covered = row + length - 1 if row > covered else covered
    return hits[np.array(keep, dtype=bool)]
