"""The token store: the token table written in parts (Parquet) with a manifest, and read back;
``api``: cnb.load_corpus and cnb.tokenize, which take a store where they take a corpus."""
