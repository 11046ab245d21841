"""The analyses: one module per family (frequency, concordance, co-occurrence, themes, trends)."""
