"""Caps on what one input may cost: a search pattern, a Word file, a catalog.

A file or a pattern over a cap is refused with a :class:`~corpusnb.CorpusError`
(a pattern: ``ValueError``) that names the cap's environment variable. To raise
a cap, set that variable before loading, in the shell
(``export CORPUSNB_MAX_UNZIPPED_BYTES=2000000000``) or in Python
(``os.environ["CORPUSNB_MAX_UNZIPPED_BYTES"] = "2000000000"``); it is read each
time the cap is checked, and the workers of :func:`corpusnb.index` see it too.

==============================  ========  ==============================================
environment variable            default   caps
==============================  ========  ==============================================
``CORPUSNB_MAX_PATTERN_CHARS``  1,000     one search or theme pattern (characters)
``CORPUSNB_MAX_UNZIPPED_BYTES`` 512 MiB   all the parts of one .docx, unzipped
``CORPUSNB_MAX_XML_BYTES``      64 MiB    one XML part of a .docx; one PDF stream
``CORPUSNB_MAX_CATALOG_BYTES``  16 MiB    a catalog.toml or catalog.csv; a theme file
==============================  ========  ==============================================
"""
from __future__ import annotations

import os

__all__ = ["DEFAULTS", "limit", "variable"]

DEFAULTS = {
    "CORPUSNB_MAX_PATTERN_CHARS": 1_000,
    "CORPUSNB_MAX_UNZIPPED_BYTES": 512 * 2**20,
    "CORPUSNB_MAX_XML_BYTES": 64 * 2**20,
    "CORPUSNB_MAX_CATALOG_BYTES": 16 * 2**20,
}
"""Each cap's environment variable and its default."""


def variable(name: str) -> str:
    """The environment variable of a cap (``"xml"`` → ``CORPUSNB_MAX_XML_BYTES``).

    Examples
    --------
    >>> variable("pattern")
    'CORPUSNB_MAX_PATTERN_CHARS'
    """
    (found,) = [key for key in DEFAULTS if key.split("_")[2] == name.upper()]
    return found


def limit(name: str) -> int:
    """The cap now in force: its environment variable if set, else its default.

    Parameters
    ----------
    name : {"pattern", "unzipped", "xml", "catalog"}

    Returns
    -------
    int

    Raises
    ------
    ValueError
        When the variable is set to something other than a positive whole number.

    Examples
    --------
    >>> limit("catalog")
    16777216
    """
    key = variable(name)
    value = os.environ.get(key, "").strip().replace("_", "")
    if not value:
        return DEFAULTS[key]
    if not value.isdigit() or int(value) <= 0:
        raise ValueError(f"{key}={os.environ[key]!r} is not a positive whole number; set it "
                         f"to a number such as {DEFAULTS[key]} (or unset it for the default)")
    return int(value)
