"""The token table: tokenising, sentences, stopwords, lemmas, and the pattern language."""
