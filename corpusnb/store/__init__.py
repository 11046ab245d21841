"""The token store: the token table written in parts (Parquet) with a manifest, and read back."""
