"""Caps on what one input may cost: a search pattern, a Word file, a catalog.

A file or a pattern over a cap is refused with a :class:`~corpusnb.CorpusError`
(a pattern: ``ValueError``) that names the cap's environment variable. To raise
a cap, set that variable before loading, in the shell
(``export CORPUSNB_MAX_UNZIPPED_BYTES=2000000000``) or in Python
(``os.environ["CORPUSNB_MAX_UNZIPPED_BYTES"] = "2000000000"``); it is read each
time the cap is checked, and the workers of :func:`corpusnb.index` see it too.
(A PDF's compressed streams are also capped by pypdf itself, at 75 MB each.)

==============================  ========  ==============================================
environment variable            default   caps
==============================  ========  ==============================================
``CORPUSNB_MAX_PATTERN_CHARS``  1,000     one search or theme pattern (characters)
``CORPUSNB_MAX_UNZIPPED_BYTES`` 256 MiB   all the parts of one .docx, unzipped; the
                                          text extracted from one PDF
``CORPUSNB_MAX_XML_BYTES``      16 MiB    one XML part of a .docx (about 300,000
                                          words of text; it takes about 200 MiB and
                                          15 s to read)
``CORPUSNB_MAX_CATALOG_BYTES``  16 MiB    a catalog.toml or catalog.csv; a theme file
==============================  ========  ==============================================
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from corpusnb._errors import CorpusError

__all__ = ["DEFAULTS", "limit", "read_capped", "variable"]

DEFAULTS = {
    "CORPUSNB_MAX_PATTERN_CHARS": 1_000,
    "CORPUSNB_MAX_UNZIPPED_BYTES": 256 * 2**20,
    "CORPUSNB_MAX_XML_BYTES": 16 * 2**20,
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


def read_capped(path: str | Path, name: str, what: str) -> bytes:
    """The bytes of a regular file no larger than a cap (a FIFO or device is refused
    unread: it could block, or never end).

    Parameters
    ----------
    path : str or Path
    name : {"catalog", "unzipped", "xml"}
        The cap (see :func:`limit`).
    what : str
        What the file is, for the message ("a catalog").

    Raises
    ------
    CorpusError
        For a file that is not a regular file, or is larger than the cap; the message
        names the file, the cap and its environment variable.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "catalog.toml"
    >>> _ = path.write_text("[[document]]\\nfile = 'a.txt'\\n")
    >>> len(read_capped(path, "catalog", "a catalog"))
    28
    """
    path, cap = Path(path), limit(name)
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise CorpusError(f"{path} is not a regular file (a FIFO, socket or device?); "
                              f"put {what} there as a file")
        data = file.read(cap + 1) if status.st_size <= cap else b""
    if status.st_size > cap or len(data) > cap:
        raise CorpusError(f"{path} is larger than the cap for {what} "
                          f"({max(status.st_size, len(data)):,} bytes, cap {cap:,}); if it "
                          f"is right, raise the cap with the environment variable "
                          f"{variable(name)}")
    return data
