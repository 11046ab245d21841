"""The metadata table of a corpus' documents (``corpus.metadata``), shared by the
corpus (:mod:`corpusnb.text.corpus`) and the token store, which keeps its rows in
``documents.jsonl`` and makes the same table of them (:mod:`corpusnb.store.store`).
"""
from __future__ import annotations

import pandas as pd

from corpusnb._errors import CorpusWarning, warn

_META_COLUMNS = ["title", "author", "year", "venue", "source", "language", "file",
                 "encoding", "n_chars", "n_words", "n_removed"]


def _metadata_frame(rows: list[dict]) -> pd.DataFrame:
    """The metadata table of documents' :func:`_metadata_row` rows."""
    extra = list(dict.fromkeys(k for row in rows for k in row
                               if k not in _META_COLUMNS and k != "doc_id"))
    frame = pd.DataFrame(rows, columns=["doc_id", *_META_COLUMNS, *extra])
    frame["year"] = pd.to_numeric(frame["year"], errors="coerce").astype("Int64")
    return frame.set_index("doc_id")


def _metadata_row(doc) -> dict:
    """A document's row of the metadata table (of a :class:`~corpusnb.text.corpus.Document`)."""
    row = dict(doc.meta)
    row.update({key: doc.meta.get(key, "") for key in _META_COLUMNS[:8]})
    row["doc_id"] = doc.id
    row.update(doc.sizes)
    return row


def _warn_years(metas: list[dict]) -> None:
    """Warn when some documents have a year and others have none (trends lose those)."""
    without = [_where(meta) for meta in metas if _missing(meta.get("year"))]
    if not without or len(without) == len(metas):
        return
    shown = ", ".join(without[:10]) + (f" and {len(without) - 10} more" if len(without) > 10
                                       else "")
    warn(f"{len(without)} of {len(metas)} documents have no year ({shown}); "
         "counts by year and trends leave them out. Give them a year in the catalog "
         "(year = 1999) or one four-digit year in the file name (speech-1999.txt)",
         CorpusWarning)


def _where(meta: dict) -> str:
    return f"{meta['file']}, row {meta['row']}" if "row" in meta else meta["file"]


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA \
        or value is pd.NaT
