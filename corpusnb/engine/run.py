"""Run an analysis, described once, on any source: a table, a token store or Dask.

An analysis says which token columns it reads, what it counts on one *part* (a
document-aligned slice of the token table), how partial results combine, and how
the combined result becomes the user's table::

    class Sizes(Analysis):
        columns = ("doc_id",)

        def count(self, part):                   # one part -> a partial result
            return part.tokens.groupby("doc_id", observed=True).size()

        def combine(self, partials):             # partials, in reading order -> one
            return pd.concat(list(partials))

    run(Sizes(), tokens)            # the table in memory, one part
    run(Sizes(), store)             # a token store, a part at a time
    run(Sizes(), store, engine="dask")   # the parts on a dask.distributed cluster

Parts never split a document, so whatever is counted within documents (windows,
sentences, per-document statistics, dispersion, concordance lines) is exact in a
part. Only this package knows what a store or Dask is; the analyses see parts.
"""
from __future__ import annotations

from corpusnb.engine.analysis import Analysis, Part
from corpusnb.engine.sources import as_source

__all__ = ["Analysis", "Part", "run"]


def run(analysis: Analysis, data, *, engine: str | None = None):
    """Run ``analysis`` on ``data``: a token table, a token store, or either with
    ``engine="dask"`` on the current ``dask.distributed`` client.

    Parameters
    ----------
    analysis : Analysis
    data : pandas.DataFrame or Store
        The token table (:func:`corpusnb.tokenize`, or rows of it) or a token store
        (:func:`corpusnb.index`).
    engine : {None, "local", "dask"}
        Where the parts are counted: here (None, "local"), or on the workers of the
        current dask.distributed client ("dask").

    Returns
    -------
    What the analysis's :meth:`Analysis.finish` returns.
    """
    source = as_source(data, engine=engine)
    analysis.prepare(source)
    return analysis.finish(analysis.combine(source.map(analysis)))
