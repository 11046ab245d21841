"""Reading a corpus: one reader per format, decoding, language, cleaning, Corpus and Document."""
