"""The exceptions and warnings corpusnb raises about its input."""
from __future__ import annotations

__all__ = ["CorpusError", "CorpusWarning"]


class CorpusError(ValueError):
    """A corpus folder, file, catalog or setting that cannot be used as it is."""


class CorpusWarning(UserWarning):
    """Something about a corpus a reader should know, which does not stop loading."""
