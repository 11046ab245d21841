"""The exceptions and warnings corpusnb raises about its input."""
from __future__ import annotations

import linecache
import sys
import warnings
from pathlib import Path

__all__ = ["CorpusError", "CorpusWarning", "warn"]

_PACKAGE = str(Path(__file__).resolve().parent)


class CorpusError(ValueError):
    """A corpus folder, file, catalog or setting that cannot be used as it is."""


class CorpusWarning(UserWarning):
    """Something about a corpus a reader should know, which does not stop loading."""


def warn(message: str | Warning, category: type[Warning] = CorpusWarning) -> None:
    """Warn at the user's call: the first frame of the stack outside the corpusnb package.

    However deep in corpusnb the warning is raised, it names the line that called
    corpusnb (a script's, a test's). In a notebook cell it names the cell as
    IPython's tracebacks do ("Cell In[3]"), not the kernel's temporary file
    (``/tmp/ipykernel_1234/…py``, which changes from run to run).

    Parameters
    ----------
    message : str or Warning
        The warning: a sentence that names the file and says what to do.
    category : type, default CorpusWarning
        The warning class.

    Examples
    --------
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn("corpus/README.md: skipped")
    >>> caught[0].category.__name__, caught[0].filename.startswith("<doctest")
    ('CorpusWarning', True)
    """
    frame, level = sys._getframe(1), 2
    while frame.f_back is not None and _inside_package(frame.f_code.co_filename):
        frame, level = frame.f_back, level + 1
    cell = _cell_name(frame.f_code.co_filename)
    if cell is None:
        warnings.warn(message, category, stacklevel=level)
        return
    if frame.f_code.co_filename in linecache.cache:  # the cell's code line, under its name
        linecache.cache[cell] = linecache.cache[frame.f_code.co_filename]
    names = frame.f_globals
    warnings.warn_explicit(message, category, cell, frame.f_lineno,
                           module=names.get("__name__", "__main__"),
                           registry=names.setdefault("__warningregistry__", {}))


def _inside_package(filename: str) -> bool:
    return filename.startswith(_PACKAGE + "/") or filename.startswith(_PACKAGE + "\\")


def _cell_name(filename: str) -> str | None:
    """``Cell In[n]`` for the code of an IPython cell, else None."""
    if "IPython" not in sys.modules:
        return None
    from IPython import get_ipython

    shell = get_ipython()
    compiler = getattr(shell, "compile", None)
    try:
        named = compiler.format_code_name(filename) if compiler is not None else None
    except Exception:  # pragma: no cover - an IPython without format_code_name
        return None
    return f"{named[0]} {named[1]}" if named else None
