"""Theme dictionaries, their counts and hits, theme co-occurrence and dispersion.

Counts are checked against a brute-force scan written here (plain loops with
fnmatch over the norms), scores against their published definitions worked out
by hand on tiny tables (the arithmetic is in the comments).
"""
from __future__ import annotations

import fnmatch
import math
from collections import Counter

import numpy as np
import pandas as pd
import pytest

import corpusnb as cnb
from corpusnb import CorpusError

REQUIRED = {"separatism", "nationalism", "islamism", "kleptocracy", "informal_governance",
            "regime_labels", "capitalism_oligarchy", "multi_vectorism", "pragmatism",
            "identity", "european_integration", "eurasian_integration"}
HIT_COLUMNS = ["theme", "label", "pattern", "doc_id", "section", "sent", "i", "row", "start",
               "end", "left", "match", "right"]
PAIR_COLUMNS = ["theme1", "theme2", "count", "pmi", "npmi", "logdice", "g2"]
STATS_COLUMNS = ["pattern", "doc_id", "count", "per_10k", "dp", "juilland_d"]


def _corpus(folder, texts):
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return cnb.load_corpus(folder)


def _table(norms, doc_ids=None, sents=None, sections=None, i=None):
    """A hand-made token table: row k spans characters 10·k to 10·k + 5."""
    n = len(norms)
    doc_ids = doc_ids or ["d"] * n
    if i is None:
        i = pd.Series(doc_ids).groupby(doc_ids).cumcount().to_numpy()
    return pd.DataFrame({"doc_id": pd.Categorical(doc_ids), "section": sections or [0] * n,
                         "sent": sents or [0] * n, "i": i,
                         "start": range(0, 10 * n, 10), "end": range(5, 10 * n + 5, 10),
                         "token": norms, "norm": pd.Categorical(norms)})


def _brute_mentions(tokens, patterns):
    """Rows where a theme is mentioned, by plain loops: every start of a pattern (glob
    elements matched with fnmatch on consecutive tokens of one document), then, left to
    right, the longest hit at each start and none starting inside an earlier phrase."""
    norms = tokens["norm"].astype(str).tolist()
    docs = tokens["doc_id"].astype(str).tolist()
    index = tokens["i"].tolist()
    distinct = set(norms)
    longest = {}
    for pattern in patterns:
        elements = pattern.strip('"').casefold().split()
        words = [set(fnmatch.filter(distinct, element)) for element in elements]
        for r in (r for r, word in enumerate(norms) if word in words[0]):
            if all(r + k < len(norms) and norms[r + k] in words[k] and docs[r + k] == docs[r]
                   and index[r + k] == index[r] + k for k in range(1, len(elements))):
                longest[r] = max(longest.get(r, 0), len(elements))
    mentions, covered = [], -1
    for r in sorted(longest):
        if r > covered:
            mentions.append(r)
            covered = r + longest[r] - 1
    return mentions


class TestLoadThemes:
    def test_shipped(self):
        themes = cnb.load_themes()
        assert REQUIRED <= set(themes.index)
        assert themes.columns.tolist() == ["label", "description", "patterns"]
        assert all(themes["description"].str.len() > 10)
        assert themes.loc["separatism", "label"] == "Separatism"

    def test_every_shipped_pattern_matches_the_seeds(self, seed_tokens):
        """A dictionary pattern that matches nothing in the texts it was made for is a typo.

        The English patterns were made for the seeds; the Russian and Kazakh ones are
        checked against Russian word forms in tests/test_language.py."""
        themes = cnb.load_themes()
        unmatched = [p for patterns in themes["patterns"] for p in patterns
                     if p.isascii() and cnb.find(seed_tokens, p).empty]
        allowed = {"jihad*", "break-up", "chauvinis*", "kickback*", "embezzl*", "crony",
                   "cronies", "looting", "loot", "informality", "blat", "patronage",
                   "hybrid regime", "totalitarian*", "tyranny", "multivector*", "diversif*",
                   "all regional powers", "interest-based", "expedien*", "belonging",
                   "civilis*", "eurasian economic union", "customs union",
                   "eurasian integration", "cis", "collective security treaty organization",
                   "csto", "partnership and cooperation agreement", "secessionis*",
                   "ethno-nationalis*", "russian separatism", "radical islam", "state capture",
                   "managed democracy", "sovereign democracy"}
        assert set(unmatched) <= allowed

    def test_user_file_and_defaults(self, tmp_path):
        path = tmp_path / "mine.toml"
        path.write_text('[energy]\nlabel = "Energy"\ndescription = "Oil and gas"\n'
                        'patterns = ["oil", "gas"]\n\n[war]\npatterns = ["war*"]\n', "utf-8")
        themes = cnb.load_themes(path)
        assert themes.index.tolist() == ["energy", "war"]
        assert themes.values.tolist() == [["Energy", "Oil and gas", ["oil", "gas"]],
                                          ["war", "", ["war*"]]]   # label defaults to the key

    @pytest.mark.parametrize("body", [
        '[energy]\nlabel = "Energy"\n',                 # no patterns
        '[energy]\npatterns = "oil"\n',                 # not a list
        '[energy]\npatterns = []\n',                    # empty
        '[energy]\npatterns = ["oil", 3]\n',            # not all strings
        'energy = 3\n',                                 # not a table
    ])
    def test_theme_needs_patterns(self, tmp_path, body):
        path = tmp_path / "mine.toml"
        path.write_text(body, "utf-8")
        with pytest.raises(CorpusError, match=r"mine\.toml: theme \[energy\] needs patterns "
                                              r"= \[\"word\", \"glob\*\", \.\.\.\]"):
            cnb.load_themes(path)

    def test_not_utf8(self, tmp_path):
        path = tmp_path / "mine.toml"
        path.write_bytes(b'[energy]\npatterns = ["\xe9nergie"]\n')      # Latin-1 é at byte 22
        with pytest.raises(CorpusError, match=r"mine\.toml is not UTF-8 \(byte 22\); save it "
                                              r"as UTF-8"):
            cnb.load_themes(path)

    def test_shipped_file_is_named_in_errors(self, tmp_path, monkeypatch):
        import corpusnb.analyses._themes as module
        (tmp_path / "data").mkdir()
        (tmp_path / "data" / "themes.toml").write_text("[broken\n", "utf-8")
        monkeypatch.setattr(module.resources, "files", lambda package: tmp_path)
        with pytest.raises(CorpusError, match=r"^the shipped themes\.toml is not valid TOML"):
            cnb.load_themes()

    def test_invalid_toml(self, tmp_path):
        path = tmp_path / "mine.toml"
        path.write_text("[energy\n", "utf-8")
        with pytest.raises(CorpusError, match=r"mine\.toml is not valid TOML \(.*\); "
                                              r"fix that line$"):
            cnb.load_themes(path)


# a: Separatism(0) and(1) separatists(2) | The(3) North(4) Caucasus(5) separatism(6) in(7)
#    the(8) north(9);  offsets 0-10 11-14 15-26 | 29-32 33-38 39-47 49-59 60-62 63-66 67-72
# b: Separatism(10); offsets 0-10
HIT_TEXTS = {"a.txt": "Separatism and separatists.\n\nThe North Caucasus: separatism in the "
                      "north.\n",
             "b.txt": "Separatism.\n"}
HIT_THEMES = {"sep": ["separatism", "separatis*"], "cauc": ["caucasus", "north",
                                                             "north caucasus"]}


class TestThemeHits:
    def test_rows_by_hand(self, tmp_path):
        hits = cnb.theme_hits(cnb.tokenize(_corpus(tmp_path, HIT_TEXTS)), HIT_THEMES, window=2)
        assert hits.columns.tolist() == HIT_COLUMNS
        # "separatism" is listed first, so it wins where both sep patterns match; at row 4
        # the longest cauc pattern wins, and "caucasus" (row 5) is inside that phrase
        assert hits.values.tolist() == [
            ["sep", "sep", "separatism", "a", 0, 0, 0, 0, 0, 10, "", "Separatism",
             "and separatists"],
            ["sep", "sep", "separatis*", "a", 0, 0, 2, 2, 15, 26, "Separatism and",
             "separatists", ". The North"],
            ["sep", "sep", "separatism", "a", 0, 1, 6, 6, 49, 59, "North Caucasus:",
             "separatism", "in the"],
            ["sep", "sep", "separatism", "b", 0, 0, 0, 10, 0, 10, "", "Separatism", ""],
            ["cauc", "cauc", "north caucasus", "a", 0, 1, 4, 4, 33, 47, "separatists. The",
             "North Caucasus", ": separatism in"],
            ["cauc", "cauc", "north", "a", 0, 1, 9, 9, 67, 72, "in the", "north", ""]]

    def test_window_zero_gives_the_norms(self, tmp_path):
        hits = cnb.theme_hits(cnb.tokenize(_corpus(tmp_path, HIT_TEXTS)), HIT_THEMES, window=0)
        assert hits[["theme", "row", "left", "match", "right"]].values.tolist() == [
            ["sep", 0, "", "separatism", ""], ["sep", 2, "", "separatists", ""],
            ["sep", 6, "", "separatism", ""], ["sep", 10, "", "separatism", ""],
            ["cauc", 4, "", "north caucasus", ""], ["cauc", 9, "", "north", ""]]

    def test_themes_table_with_labels(self, tmp_path):
        themes = pd.DataFrame({"label": ["Caucasus"], "description": [""],
                               "patterns": [["caucasus"]]}, index=pd.Index(["c"], name="theme"))
        hits = cnb.theme_hits(cnb.tokenize(_corpus(tmp_path, HIT_TEXTS)), themes)
        assert hits[["theme", "label", "row"]].values.tolist() == [["c", "Caucasus", 5]]

    def test_overlapping_phrases_are_one_mention(self):
        # north caucasus region: "north caucasus" at 0 covers rows 0-1, so "caucasus region"
        # (row 1) is inside it; "region" alone (row 4) is a mention of its own
        table = _table(["north", "caucasus", "region", "x", "region"])
        hits = cnb.theme_hits(table, {"t": ["caucasus region", "north caucasus", "region"]},
                              window=0)
        assert hits[["row", "pattern"]].values.tolist() == [[0, "north caucasus"],
                                                            [2, "region"], [4, "region"]]

    def test_default_window_is_eight_words_and_index_is_a_range(self, tmp_path):
        words = [f"w{k}" for k in range(1, 10)]
        text = " ".join(words) + " kk " + " ".join(w.replace("w", "v") for w in words) + ".\n"
        tokens = cnb.tokenize(_corpus(tmp_path, {"x.txt": text}))
        hits = cnb.theme_hits(tokens, {"k": ["kk"], "w": ["w1", "v9"]})
        assert hits.index.tolist() == [0, 1, 2]
        assert hits[["theme", "left", "right"]].values.tolist() == [
            ["k", "w2 w3 w4 w5 w6 w7 w8 w9", "v1 v2 v3 v4 v5 v6 v7 v8"],
            ["w", "", "w2 w3 w4 w5 w6 w7 w8 w9"], ["w", "v1 v2 v3 v4 v5 v6 v7 v8", ""]]

    def test_a_pattern_as_a_string_and_no_themes(self):
        table = _table(["oil", "soil", "o", "i", "l"])
        hits = cnb.theme_hits(table, {"energy": "oil"}, window=0)   # not o, i, l
        assert hits["row"].tolist() == [0]
        with pytest.raises(ValueError, match=r"^no themes given; pass a dict of theme -> "
                                             r"patterns or cnb\.load_themes\(\)$"):
            cnb.theme_hits(table, {})

    def test_first_pattern_wins_among_many_ties(self):
        # 20 positions, each matched by both patterns of one length: the first listed wins
        table = _table(["nn"] * 20)
        hits = cnb.theme_hits(table, {"t": ["n*", "nn"]}, window=0)
        assert hits["pattern"].tolist() == ["n*"] * 20

    def test_hits_carry_kwic_lines(self, seed_corpus, seed_tokens):
        hits = cnb.theme_hits(seed_tokens, {"sistema": ["sistema"]})
        for row in hits.itertuples():
            assert seed_corpus[row.doc_id].text[row.start:row.end] == row.match
            assert row.left and row.right

    def test_no_hit_and_empty_table(self, tmp_path):
        tokens = cnb.tokenize(_corpus(tmp_path, HIT_TEXTS))
        for table in (tokens, tokens.iloc[:0]):
            for window in (0, 3):
                hits = cnb.theme_hits(table, {"oil": ["oil"]}, window=window)
                assert hits.columns.tolist() == HIT_COLUMNS and len(hits) == 0
                # text columns stay text, so hits["match"].str... works without hits
                for column in ("left", "match", "right"):
                    assert hits[column].dtype == "str"
                    assert hits[column].str.lower().tolist() == []
        assert cnb.theme_hits(tokens.iloc[:0], HIT_THEMES).columns.tolist() == HIT_COLUMNS


# The catalog gives the reading order zed, ay, em, en and a party to all but en.
# zed: Separatists(0) and(1) the(2) north(3) caucasus(4) | Separatism(5) grows(6)
# ay:  Nationalism(0) separatism(1) oil(2) oil(3)
# em:  The(0) North(1) Caucasus(2) and(3) nationalists(4) | Separatist(5) nationalism(6)
# en:  Separatism(0) everywhere(1)
FREQ_TEXTS = {
    "catalog.csv": "file,doc_id,party\nz.txt,zed,Left\na.txt,ay,Right\nm.txt,em,Left\n"
                   "n.txt,en,\n",
    "z.txt": "Separatists and the north caucasus. Separatism grows.\n",
    "a.txt": "Nationalism, separatism, oil, oil.\n",
    "m.txt": "The North Caucasus and nationalists. Separatist nationalism.\n",
    "n.txt": "Separatism everywhere.\n"}
FREQ_THEMES = {"sep": ["separatis*", "separatism"], "cauc": ["north caucasus", "caucasus"],
               "nat": ["nationalis*"], "energy": ["gas"]}


@pytest.fixture
def freq_tokens(tmp_path):
    return cnb.tokenize(_corpus(tmp_path, FREQ_TEXTS))


class TestThemeFrequencies:
    def test_by_document_by_hand(self, freq_tokens):
        freq = cnb.theme_frequencies(freq_tokens, FREQ_THEMES)
        assert freq.columns.tolist() == ["theme", "label", "doc_id", "count", "per_10k",
                                         "terms"]
        # every theme in every document, documents in reading order; counts read off the
        # texts above (cauc: "north caucasus" once, its "caucasus" not again)
        assert freq[["doc_id", "theme", "count"]].values.tolist() == [
            ["zed", "sep", 2], ["zed", "cauc", 1], ["zed", "nat", 0], ["zed", "energy", 0],
            ["ay", "sep", 1], ["ay", "cauc", 0], ["ay", "nat", 1], ["ay", "energy", 0],
            ["em", "sep", 1], ["em", "cauc", 1], ["em", "nat", 2], ["em", "energy", 0],
            ["en", "sep", 1], ["en", "cauc", 0], ["en", "nat", 0], ["en", "energy", 0]]
        # documents of 7, 4, 7 and 2 tokens
        assert freq["per_10k"].tolist() == pytest.approx(
            [2 / 7 * 1e4, 1 / 7 * 1e4, 0, 0, 1 / 4 * 1e4, 0, 1 / 4 * 1e4, 0,
             1 / 7 * 1e4, 1 / 7 * 1e4, 2 / 7 * 1e4, 0, 1 / 2 * 1e4, 0, 0, 0])
        assert freq["terms"].tolist() == [
            "separatists, separatism", "north caucasus", "", "", "separatism", "",
            "nationalism", "", "separatist", "north caucasus", "nationalists, nationalism",
            "", "separatism", "", "", ""]
        assert freq["label"].tolist() == freq["theme"].tolist()   # a dict: label = name
        assert freq["count"].dtype == np.int64

    def test_by_metadata_field(self, freq_tokens):
        freq = cnb.theme_frequencies(freq_tokens, FREQ_THEMES, by="party")
        assert freq.columns.tolist() == ["theme", "label", "party", "count", "per_10k",
                                         "terms"]
        # Left = zed + em (14 tokens), Right = ay (4 tokens); en has no party: no group
        assert freq[["party", "theme", "count"]].values.tolist() == [
            ["Left", "sep", 3], ["Left", "cauc", 2], ["Left", "nat", 2], ["Left", "energy", 0],
            ["Right", "sep", 1], ["Right", "cauc", 0], ["Right", "nat", 1],
            ["Right", "energy", 0]]
        assert freq["per_10k"].tolist() == pytest.approx(
            [3 / 14 * 1e4, 2 / 14 * 1e4, 2 / 14 * 1e4, 0, 1 / 4 * 1e4, 0, 1 / 4 * 1e4, 0])
        # Left sep: separatists (zed), separatism (zed), separatist (em): one each, so
        # in reading order
        assert freq["terms"].tolist()[:3] == ["separatists, separatism, separatist",
                                              "north caucasus", "nationalists, nationalism"]

    def test_whole_table(self, freq_tokens):
        freq = cnb.theme_frequencies(freq_tokens, FREQ_THEMES, by=None)
        assert freq.columns.tolist() == ["theme", "label", "count", "per_10k", "terms"]
        # 20 tokens; sep: separatists, separatism (zed), separatism (ay), separatist (em),
        # separatism (en) -> separatism 3 times comes first
        assert freq[["theme", "count"]].values.tolist() == [["sep", 5], ["cauc", 2],
                                                            ["nat", 3], ["energy", 0]]
        assert freq["per_10k"].tolist() == pytest.approx([2500, 1000, 1500, 0])
        assert freq["terms"].tolist() == ["separatism, separatists, separatist",
                                          "north caucasus", "nationalism, nationalists", ""]

    def test_terms_most_frequent_first_then_reading_order(self):
        table = _table(["separate", "separatism", "separatist", "separatism", "separatist",
                        "separates"])
        freq = cnb.theme_frequencies(table, {"t": ["separat*"]}, by=None)
        # separatism 2 (first at row 1), separatist 2 (row 2), separate 1 (row 0),
        # separates 1 (row 5)
        assert freq["terms"].tolist() == ["separatism, separatist, separate, separates"]

    def test_by_section_by_hand(self):
        table = _table(["a", "b", "a", "a", "c", "a", "b"], ["x"] * 4 + ["y"] * 3,
                       sections=[0, 0, 1, 1, 2, 2, 2])
        freq = cnb.theme_frequencies(table, {"ta": ["a"], "tb": ["b"]}, by="section")
        assert freq.columns.tolist() == ["theme", "label", "doc_id", "section", "count",
                                         "per_10k", "terms"]
        # x/0: a b; x/1: a a; y/2: c a b
        assert freq[["doc_id", "section", "theme", "count"]].values.tolist() == [
            ["x", 0, "ta", 1], ["x", 0, "tb", 1], ["x", 1, "ta", 2], ["x", 1, "tb", 0],
            ["y", 2, "ta", 1], ["y", 2, "tb", 1]]
        assert freq["per_10k"].tolist() == pytest.approx([5000, 5000, 10000, 0, 1e4 / 3,
                                                          1e4 / 3])

    def test_position_counted_once_per_theme(self):
        tokens = pd.DataFrame({"doc_id": pd.Categorical(["d"] * 3), "section": 0, "sent": 0,
                               "i": range(3), "start": [0, 11, 15], "end": [10, 14, 20],
                               "token": ["separatism", "and", "islam"],
                               "norm": pd.Categorical(["separatism", "and", "islam"])})
        freq = cnb.theme_frequencies(tokens, {"sep": ["separat*", "separatism"]}, by=None)
        assert freq[["theme", "count"]].values.tolist() == [["sep", 1]]
        assert freq["per_10k"].iloc[0] == pytest.approx(1 / 3 * 1e4)

    def test_against_brute_force_on_the_seeds(self, seed_tokens):
        """All shipped themes, by section (and so by document), against _brute_mentions."""
        themes = cnb.load_themes()
        freq = cnb.theme_frequencies(seed_tokens, themes, by="section")
        docs = seed_tokens["doc_id"].astype(str).to_numpy()
        sections = seed_tokens["section"].to_numpy()
        sizes = Counter(zip(docs, sections))
        expected = {}
        for theme, patterns in themes["patterns"].items():
            found = Counter((docs[r], sections[r]) for r in _brute_mentions(seed_tokens,
                                                                            patterns))
            for key in sizes:
                expected[(theme, *key)] = found[key]
        ours = {(row.theme, row.doc_id, row.section): row.count for row in freq.itertuples()}
        assert ours == expected
        assert sum(expected.values()) > 0                    # the check is not vacuous
        for row in freq.itertuples():
            assert row.per_10k == pytest.approx(row.count / sizes[(row.doc_id, row.section)]
                                                * 1e4)
        by_doc = cnb.theme_frequencies(seed_tokens, themes)
        per_doc = Counter()
        for (theme, doc, _), count in expected.items():
            per_doc[(theme, doc)] += count
        assert {(r.theme, r.doc_id): r.count for r in by_doc.itertuples()} == dict(per_doc)

    def test_shipped_themes_by_default(self, freq_tokens):
        freq = cnb.theme_frequencies(freq_tokens, by=None)
        assert freq["theme"].tolist() == cnb.load_themes().index.tolist()
        assert freq.set_index("theme").loc["separatism", "label"] == "Separatism"

    def test_bad_by(self, freq_tokens):
        with pytest.raises(ValueError, match="by must be None"):
            cnb.theme_frequencies(freq_tokens, FREQ_THEMES, by="norm")

    @pytest.mark.parametrize(("by", "columns"), [
        ("doc_id", ["theme", "label", "doc_id", "count", "per_10k", "terms"]),
        ("section", ["theme", "label", "doc_id", "section", "count", "per_10k", "terms"]),
        (None, ["theme", "label", "count", "per_10k", "terms"]),
        ("party", ["theme", "label", "party", "count", "per_10k", "terms"]),
    ])
    def test_empty_table(self, freq_tokens, by, columns):
        freq = cnb.theme_frequencies(freq_tokens.iloc[:0], FREQ_THEMES, by=by)
        assert freq.columns.tolist() == columns and len(freq) == 0


# Sentences of a hand table (themes ta, tb, tc match the words a, b, c):
#   x/0: a b    x/1: a b c    x/2: a    x/3: c z    x/4: a    y/0: b c    y/1: z
# N = 7 sentences; sentences with ta: 4, tb: 3, tc: 3;
# with both: ta-tb 2 (x/0, x/1), ta-tc 1 (x/1), tb-tc 2 (x/1, y/0)
COOC_WORDS = ["a", "b", "a", "b", "c", "a", "c", "z", "a", "b", "c", "z"]
COOC_DOCS = ["x"] * 9 + ["y"] * 3
COOC_SENTS = [0, 0, 1, 1, 1, 2, 3, 3, 4, 0, 0, 1]
COOC_THEMES = {"ta": ["a"], "tb": ["b"], "tc": ["c"], "tz": ["never"]}


def _g2(o11, o12, o21, o22):
    """Dunning's G² = 2 Σ O ln(O / E) over a 2×2 table, E = row total · column total / N."""
    n = o11 + o12 + o21 + o22
    rows, columns = (o11 + o12, o21 + o22), (o11 + o21, o12 + o22)
    cells = ((o11, 0, 0), (o12, 0, 1), (o21, 1, 0), (o22, 1, 1))
    return 2 * sum(o * math.log(o / (rows[r] * columns[c] / n)) for o, r, c in cells if o)


class TestThemeCooccurrence:
    def test_sentences_by_hand(self):
        table = _table(COOC_WORDS, COOC_DOCS, COOC_SENTS)
        pairs = cnb.theme_cooccurrence(table, COOC_THEMES)
        assert pairs.columns.tolist() == PAIR_COLUMNS
        # by count, then by name: (ta, tb, 2), (tb, tc, 2), (ta, tc, 1)
        assert pairs[["theme1", "theme2", "count"]].values.tolist() == [
            ["ta", "tb", 2], ["tb", "tc", 2], ["ta", "tc", 1]]
        log2 = math.log2
        # pmi = log2(O / (f1 · f2 / N)); npmi = pmi / -log2(O / N);
        # logdice = 14 + log2(2 O / (f1 + f2))
        # ta-tb: O 2, f 4 and 3: E = 12/7; 2x2 table 2, 4-2, 3-2, 7-4-3+2 = 2, 2, 1, 2
        # tb-tc: O 2, f 3 and 3: E = 9/7;  table 2, 1, 1, 3
        # ta-tc: O 1, f 4 and 3: E = 12/7; table 1, 3, 2, 1 (O < E, so G² is negative)
        assert pairs["pmi"].tolist() == pytest.approx(
            [log2(2 * 7 / 12), log2(2 * 7 / 9), log2(7 / 12)])
        assert pairs["npmi"].tolist() == pytest.approx(
            [log2(14 / 12) / log2(7 / 2), log2(14 / 9) / log2(7 / 2), log2(7 / 12) / log2(7)])
        assert pairs["logdice"].tolist() == pytest.approx(
            [14 + log2(4 / 7), 14 + log2(4 / 6), 14 + log2(2 / 7)])
        # written out: ta-tb = 2 [2 ln(7/6) + 2 ln(7/8) + 1 ln(7/9) + 2 ln(7/6)]
        assert _g2(2, 2, 1, 2) == pytest.approx(
            2 * (2 * math.log(7 / 6) + 2 * math.log(7 / 8) + math.log(7 / 9)
                 + 2 * math.log(7 / 6)))
        assert pairs["g2"].tolist() == pytest.approx(
            [_g2(2, 2, 1, 2), _g2(2, 1, 1, 3), -_g2(1, 3, 2, 1)])

    def test_g2_against_scipy(self):
        from scipy.stats import chi2_contingency
        table = _table(COOC_WORDS, COOC_DOCS, COOC_SENTS)
        g2 = cnb.theme_cooccurrence(table, COOC_THEMES)["g2"].abs().tolist()
        reference = [chi2_contingency(np.array(t), correction=False,
                                      lambda_="log-likelihood")[0]
                     for t in ([[2, 2], [1, 2]], [[2, 1], [1, 3]], [[1, 3], [2, 1]])]
        assert g2 == pytest.approx(reference)

    def test_documents_by_hand(self):
        table = _table(COOC_WORDS, COOC_DOCS, COOC_SENTS)
        pairs = cnb.theme_cooccurrence(table, COOC_THEMES, context="document")
        # N = 2 documents; ta in x only (1), tb and tc in both (2)
        # tb-tc: O 2 = E 2·2/2 -> pmi 0, npmi 1 (O = N: -log2(O/N) = 0), logdice 14, G² 0
        # ta-tb, ta-tc: O 1 = E 1·2/2 -> pmi 0, npmi 0, logdice 14 + log2(2/3)
        assert pairs[["theme1", "theme2", "count"]].values.tolist() == [
            ["tb", "tc", 2], ["ta", "tb", 1], ["ta", "tc", 1]]
        assert pairs["pmi"].tolist() == pytest.approx([0, 0, 0], abs=1e-12)
        assert pairs["npmi"].tolist() == pytest.approx([1, 0, 0], abs=1e-12)
        assert pairs["logdice"].tolist() == pytest.approx(
            [14, 14 + math.log2(2 / 3), 14 + math.log2(2 / 3)])
        assert pairs["g2"].tolist() == pytest.approx([0, 0, 0], abs=1e-9)

    def test_against_brute_force_on_the_seeds(self, seed_tokens):
        themes = {"sep": ["separatis*"], "nat": ["nationalis*"], "isl": ["islam*"]}
        ours = cnb.theme_cooccurrence(seed_tokens, themes)
        docs = seed_tokens["doc_id"].astype(str).to_numpy()
        sents = seed_tokens["sent"].to_numpy()
        present = {}
        for theme, patterns in themes.items():
            for r in _brute_mentions(seed_tokens, patterns):
                present.setdefault((docs[r], sents[r]), set()).add(theme)
        brute = Counter((a, b) for found in present.values() for a in found for b in found
                        if a < b)
        assert dict(zip(zip(ours["theme1"], ours["theme2"]), ours["count"])) == dict(brute)
        assert len(brute) == 3                               # every pair occurs

    def test_unknown_context(self):
        with pytest.raises(ValueError, match="context must be 'sentence' or 'document', "
                                             "not 'window'"):
            cnb.theme_cooccurrence(_table(["a"]), COOC_THEMES, context="window")

    def test_no_pair_and_empty_table(self):
        table = _table(COOC_WORDS, COOC_DOCS, COOC_SENTS)
        for tokens in (table, table.iloc[:0]):
            pairs = cnb.theme_cooccurrence(tokens, {"ta": ["a"], "tz": ["never"]})
            assert pairs.columns.tolist() == PAIR_COLUMNS and len(pairs) == 0


class TestDispersion:
    def test_positions_by_hand(self):
        # x has positions 0-9; y's rows have i 0, 2, 5 (rows dropped): 6 positions
        table = _table(["a", "b", "c", "d", "a", "f", "g", "h", "i", "ab", "a", "b", "ab"],
                       ["x"] * 10 + ["y"] * 3, i=list(range(10)) + [0, 2, 5])
        positions = cnb.dispersion(table, ["a", "a*"])
        assert positions.columns.tolist() == ["doc_id", "pattern", "i", "position", "start",
                                              "end"]
        assert positions.values.tolist() == [
            ["x", "a", 0, 0.0, 0, 5], ["x", "a", 4, 0.4, 40, 45], ["y", "a", 0, 0.0, 100, 105],
            ["x", "a*", 0, 0.0, 0, 5], ["x", "a*", 4, 0.4, 40, 45],
            ["x", "a*", 9, 0.9, 90, 95], ["y", "a*", 0, 0.0, 100, 105],
            ["y", "a*", 5, 5 / 6, 120, 125]]

    def test_regex_and_phrases(self):
        table = _table(["north", "caucasus", "x", "north", "y"])
        assert cnb.dispersion(table, "nor.*", regex=True)["i"].tolist() == [0, 3]
        phrase = cnb.dispersion(table, "north caucasus")
        assert phrase[["i", "position", "start", "end"]].values.tolist() == [[0, 0.0, 0, 15]]

    def test_empty_table(self):
        positions = cnb.dispersion(_table(["a"]).iloc[:0], ["a"])
        assert positions.columns.tolist() == ["doc_id", "pattern", "i", "position", "start",
                                              "end"]
        assert len(positions) == 0


# x: 10 positions, "a" at 0, 3, 4, 9; y: 6 positions, "a" at 1, 4
STATS_X = ["a", "b", "b", "a", "a", "b", "b", "b", "b", "a"]
STATS_Y = ["b", "a", "b", "b", "a", "b"]


class TestDispersionStats:
    def test_by_hand(self):
        table = _table(STATS_X + STATS_Y, ["x"] * 10 + ["y"] * 6)
        stats = cnb.dispersion_stats(table, ["a", "zzz"], parts=4)
        assert stats.columns.tolist() == STATS_COLUMNS
        assert stats[["pattern", "doc_id", "count"]].values.tolist() == [
            ["a", "x", 4], ["a", "y", 2], ["a", "(all documents)", 6],
            ["zzz", "x", 0], ["zzz", "y", 0], ["zzz", "(all documents)", 0]]
        x, y, both = (stats.iloc[k] for k in range(3))

        # x, 4 parts: position p is in part p·4 // 10 -> parts {0,1,2}, {3,4}, {5,6,7}, {8,9}
        # sizes 3, 2, 3, 2 -> s = .3 .2 .3 .2; hits at 0 | 3, 4 | - | 9 -> 1, 2, 0, 1 of 4
        # -> v = .25 .5 0 .25
        # DP = 0.5 (|.25-.3| + |.5-.2| + |0-.3| + |.25-.2|) = 0.5 (.05+.3+.3+.05) = 0.35
        assert x["dp"] == pytest.approx(0.35)
        # hits per position in the parts: 1/3, 2/2, 0/3, 1/2 -> mean (1/3+1+0+1/2)/4 = 11/24
        # deviations -3/24, 13/24, -11/24, 1/24 -> squares 9+169+121+1 = 300 (/576)
        # population sd = sqrt(300/576/4) = 5·sqrt(3)/24; CV = (5·sqrt(3)/24)/(11/24)
        # = 5·sqrt(3)/11; D = 1 - CV/sqrt(4-1) = 1 - 5/11 = 6/11
        assert x["juilland_d"] == pytest.approx(6 / 11)
        assert x["per_10k"] == pytest.approx(4 / 10 * 1e4)

        # y, 4 parts: p·4 // 6 -> {0,1}, {2}, {3,4}, {5}: s = 2/6 1/6 2/6 1/6;
        # hits at 1 | - | 4 | - -> v = .5 0 .5 0
        # DP = 0.5 (1/6 + 1/6 + 1/6 + 1/6) = 1/3
        assert y["dp"] == pytest.approx(1 / 3)
        # per position: 1/2, 0, 1/2, 0 -> mean 1/4, sd 1/4, CV 1 -> D = 1 - 1/sqrt(3)
        assert y["juilland_d"] == pytest.approx(1 - 1 / math.sqrt(3))
        assert y["per_10k"] == pytest.approx(2 / 6 * 1e4)

        # all documents, the documents as parts: sizes 10, 6 -> s = 10/16, 6/16;
        # hits 4, 2 -> v = 4/6, 2/6; DP = 0.5 (|2/3 - 5/8| + |1/3 - 3/8|) = 0.5 (1/24 + 1/24)
        assert both["dp"] == pytest.approx(1 / 24)
        # per position: 4/10, 2/6 -> mean 11/30, population sd = (4/10 - 2/6)/2 = 1/30,
        # CV = 1/11 -> D = 1 - (1/11)/sqrt(2-1) = 10/11
        assert both["juilland_d"] == pytest.approx(10 / 11)
        assert both["per_10k"] == pytest.approx(6 / 16 * 1e4)

        # a pattern absent from the corpus: count 0, rate 0, no DP or D
        absent = stats.iloc[3:]
        assert absent["per_10k"].tolist() == [0, 0, 0]
        assert absent["dp"].isna().all() and absent["juilland_d"].isna().all()

    def test_a_pattern_listed_twice_is_counted_once(self):
        table = _table(STATS_X + STATS_Y, ["x"] * 10 + ["y"] * 6)
        twice = cnb.dispersion_stats(table, ["a", "a"], parts=4)
        assert twice[["pattern", "doc_id", "count"]].values.tolist() == [
            ["a", "x", 4], ["a", "y", 2], ["a", "(all documents)", 6]]
        pd.testing.assert_frame_equal(twice, cnb.dispersion_stats(table, "a", parts=4))
        # the hits themselves are listed per pattern given, as cnb.find lists them
        hits = cnb.dispersion(table, ["a", "b", "a"])
        assert hits["pattern"].tolist() == ["a"] * 6 + ["b"] * len(cnb.find(table, "b")) + \
            ["a"] * 6
        assert hits["i"].tolist()[:6] == hits["i"].tolist()[-6:]

    def test_more_parts_than_tokens(self):
        # 3 positions, 5 parts: p·5 // 3 -> parts 0, 1, 3 (parts 2 and 4 hold no position
        # and are left out) -> s = 1/3 each; "a" at 0 and 2 -> v = .5 0 .5
        # DP = 0.5 (1/6 + 1/3 + 1/6) = 1/3; per position 1, 0, 1 -> mean 2/3,
        # sd = sqrt((1/9 + 4/9 + 1/9)/3) = sqrt(2)/3, CV = sqrt(2)/2, D = 1 - 1/2 = 1/2
        row = cnb.dispersion_stats(_table(["a", "b", "a"]), "a", parts=5).iloc[0]
        assert (row["count"], row["dp"], row["juilland_d"]) == pytest.approx((2, 1 / 3, 0.5))
        # a word that is every token is perfectly even
        row = cnb.dispersion_stats(_table(["a", "a", "a"]), "a", parts=5).iloc[0]
        assert (row["dp"], row["juilland_d"]) == (0.0, 1.0)

    def test_all_in_one_part(self):
        # 13 parts of one position, the hit in the first: v = 1 0 ... 0, s = 1/13 each
        # DP = 0.5 (12/13 + 12 · 1/13) = 12/13; CV = sqrt(12) -> D = 1 - sqrt(12)/sqrt(12) = 0
        # (exactly 0.0, not the -0.0 that rounding leaves)
        row = cnb.dispersion_stats(_table(["a"] + ["b"] * 12), "a", parts=13).iloc[0]
        assert row["dp"] == pytest.approx(12 / 13)
        assert row["juilland_d"] == 0.0 and math.copysign(1, row["juilland_d"]) == 1.0

    def test_one_part(self):
        # one part: v = s = 1 -> DP 0; D needs two parts
        row = cnb.dispersion_stats(_table(["a", "b"]), "a", parts=1).iloc[0]
        assert row["dp"] == 0.0 and np.isnan(row["juilland_d"])
        with pytest.raises(ValueError, match="parts must be 1 or more, not 0"):
            cnb.dispersion_stats(_table(["a", "b"]), "a", parts=0)

    def test_documents_in_reading_order(self):
        table = _table(["a", "b", "a"], ["zz", "zz", "aa"])
        stats = cnb.dispersion_stats(table, ["a"], parts=2)
        assert stats["doc_id"].tolist() == ["zz", "aa", "(all documents)"]
        # zz: positions 0 | 1, hit in the first -> DP 0.5 (|1-.5| + |0-.5|) = 0.5, D 0;
        # aa: one position, so one part -> DP 0, D NaN
        # all: sizes 2, 1 -> s = 2/3, 1/3; v = 1/2, 1/2 -> DP = 0.5 (1/6 + 1/6) = 1/6;
        # per position 1/2, 1 -> mean 3/4, sd 1/4, CV 1/3, D = 2/3
        assert stats["dp"].tolist() == pytest.approx([0.5, 0.0, 1 / 6])
        assert stats["juilland_d"].tolist()[0] == 0.0
        assert np.isnan(stats["juilland_d"].tolist()[1])
        assert stats["juilland_d"].tolist()[2] == pytest.approx(2 / 3)

    def test_default_is_ten_parts(self):
        # 20 positions, "a" at 0 and 19: 10 parts of 2 -> v = .5 0 ... 0 .5, s = .1 each
        # -> DP = 0.5 (.4 + 8 · .1 + .4) = 0.8  (11 parts would give 0.85: the last part
        # would hold position 19 alone)
        row = cnb.dispersion_stats(_table(["a"] + ["b"] * 18 + ["a"]), "a").iloc[0]
        assert row["dp"] == pytest.approx(0.8)

    def test_pattern_as_a_string_and_regex(self):
        table = _table(["ab", "a", "b", "ab"])
        stats = cnb.dispersion_stats(table, "ab", parts=2)         # one pattern, not a, b
        assert stats[["pattern", "count"]].values.tolist() == [["ab", 2], ["ab", 2]]
        # glob a* matches ab, a, ab; as a regular expression a* matches only a
        assert cnb.dispersion_stats(table, "a*", parts=2)["count"].tolist() == [3, 3]
        assert cnb.dispersion_stats(table, "a*", parts=2, regex=True)["count"].tolist() == [
            1, 1]

    def test_all_documents_row_on_the_seeds(self, seed_tokens):
        stats = cnb.dispersion_stats(seed_tokens, ["putin"])
        # brute force: occurrences of "putin" and positions per document
        norms = seed_tokens["norm"].astype(str).tolist()
        docs = seed_tokens["doc_id"].astype(str).tolist()
        hits = Counter(d for d, w in zip(docs, norms) if w == "putin")
        sizes = Counter(docs)                              # the seed table has every row
        total, n = sum(sizes.values()), sum(hits.values())
        dp = 0.5 * sum(abs(hits[d] / n - sizes[d] / total) for d in sizes)
        relative = [hits[d] / sizes[d] for d in sizes]
        mean = sum(relative) / len(relative)
        sd = math.sqrt(sum((r - mean) ** 2 for r in relative) / len(relative))
        overall = stats[stats["doc_id"] == "(all documents)"].iloc[0]
        assert overall["count"] == n
        assert overall["dp"] == pytest.approx(dp)
        assert overall["juilland_d"] == pytest.approx(1 - sd / mean / math.sqrt(len(sizes) - 1))
        assert overall["per_10k"] == pytest.approx(n / total * 1e4)

    def test_empty_table(self):
        stats = cnb.dispersion_stats(_table(["a"]).iloc[:0], ["a", "b"])
        assert stats.columns.tolist() == STATS_COLUMNS and len(stats) == 0


# ---------------------------------------------------------------- the words of a theme

WORD_TEXTS = {
    "1961-Kennedy.txt": "Our energy independence depends on us. Energy independence is "
                        "a program. A balanced budget.",
    "2001-Bush.txt": "Energy independence matters. We will balance it. Independence of "
                     "spirit. Secession is not the way.",
    "2009-Obama.txt": "A balanced budget is the aim.",
}
WORD_THEMES = {"sep": ["separatis*", "secession*", "independence"],
               "vector": ["multi-vector*", "balanc*"], "none": ["kleptocra*"]}


@pytest.fixture
def word_tokens(tmp_path):
    return cnb.tokenize(_corpus(tmp_path, WORD_TEXTS))


class TestThemeWords:
    def test_words_counts_and_shares_by_hand(self, word_tokens):
        words = cnb.theme_words(word_tokens, WORD_THEMES)
        assert words.columns.tolist() == ["theme", "label", "word", "count", "share",
                                          "theme_count"]
        # sep: independence 2 (Kennedy) + 2 (Bush), secession 1 (Bush) = 5 hits;
        # vector: balanced 1 (Kennedy) + 1 (Obama), balance 1 (Bush) = 3; none: no row
        assert words[["theme", "word", "count", "theme_count"]].values.tolist() == [
            ["sep", "independence", 4, 5], ["sep", "secession", 1, 5],
            ["vector", "balanced", 2, 3], ["vector", "balance", 1, 3]]
        assert words["share"].tolist() == pytest.approx([4 / 5, 1 / 5, 2 / 3, 1 / 3])
        # the words' counts are the theme's count, as theme_frequencies counts it
        freq = cnb.theme_frequencies(word_tokens, WORD_THEMES, by=None)
        assert words.groupby("theme")["count"].sum().to_dict() == \
            freq.set_index("theme")["count"][["sep", "vector"]].to_dict()

    def test_a_phrase_is_one_word_of_the_theme(self, word_tokens):
        words = cnb.theme_words(word_tokens, {"e": ["energy independence", "independence"]})
        # the phrase takes its "independence": 3 phrases, 1 independence on its own
        assert words[["word", "count"]].values.tolist() == [["energy independence", 3],
                                                            ["independence", 1]]

    def test_by_document_and_top(self, word_tokens):
        words = cnb.theme_words(word_tokens, WORD_THEMES, by="doc_id", top=1)
        assert words[["doc_id", "theme", "word", "count", "theme_count"]].values.tolist() == [
            ["1961-Kennedy", "sep", "independence", 2, 2],
            ["1961-Kennedy", "vector", "balanced", 1, 1],
            ["2001-Bush", "sep", "independence", 2, 3],
            ["2001-Bush", "vector", "balance", 1, 1],
            ["2009-Obama", "vector", "balanced", 1, 1]]

    def test_by_year_keeps_integer_years(self, word_tokens):
        words = cnb.theme_words(word_tokens, WORD_THEMES, by="year")
        assert words.loc[words["theme"] == "sep", "year"].tolist() == [1961, 2001, 2001]
        assert str(words["year"].dtype).lower().startswith("int")

    def test_ties_in_reading_order(self, tmp_path):
        tokens = cnb.tokenize(_corpus(tmp_path, {"a.txt": "Secession, independence, "
                                                          "separatism."}))
        words = cnb.theme_words(tokens, WORD_THEMES)
        assert words["word"].tolist() == ["secession", "independence", "separatism"]

    def test_no_hit(self, word_tokens):
        words = cnb.theme_words(word_tokens, {"none": ["kleptocra*"]})
        assert words.empty and words.columns.tolist() == [
            "theme", "label", "word", "count", "share", "theme_count"]

    def test_the_seed_themes_on_speeches(self, tmp_path):
        """On the speech-style fixture, the shipped Separatism theme is the word
        independence: 9 of its 9 hits (1 in Washington 1789, 2 Adams 1797, 1 Truman 1945,
        2 Kennedy, 2 Bush, 1 Obama -- counted in tests/speeches.py's texts)."""
        from tests.speeches import write_speeches

        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", cnb.CorpusWarning)
            corpus = cnb.load_corpus(write_speeches(tmp_path / "s") and tmp_path / "s")
        words = cnb.theme_words(cnb.tokenize(corpus), cnb.load_themes())
        sep = words[words["theme"] == "separatism"]
        assert sep[["word", "count", "share"]].values.tolist() == [["independence", 9, 1.0]]
        assert cnb.theme_words_sentence(words, "separatism").startswith(
            "Separatism: 9 hits, made by independence 9 (100%). Separatism is driven by one "
            "word here")
