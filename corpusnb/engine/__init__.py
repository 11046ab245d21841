"""The analysis engine: one description of an analysis, run on a table, a store or Dask."""
