"""Inputs that attack (issue 21): globs in linear time, caps on patterns, Word files and
catalogs, paths that leave the corpus folder, files that are not regular files, theme
files with unknown keys, entity references in a .docx."""
from __future__ import annotations

import contextlib
import random
import re
import signal

import pandas as pd
import pytest

import corpusnb as cnb
from corpusnb.explorer import Explorer
from corpusnb.patterns import compile_element, find, matching_terms, split_pattern


@contextlib.contextmanager
def _guard(seconds: int = 30):
    """A generous guard: fail (rather than hang the suite) if the block runs too long."""
    def expired(*_):
        raise AssertionError(f"still running after {seconds} s: the matcher backtracks")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _glob_matches(glob: str, term: str) -> bool:
    """Reference: dynamic programming over (glob prefix, term prefix), no regex."""
    reach = [True] + [False] * len(term)  # which term prefixes the glob prefix matches
    for ch in glob:
        if ch == "*":
            reach = [any(reach[:k + 1]) for k in range(len(term) + 1)]
        else:
            reach = [False] + [reach[k] and (ch == "?" or ch == term[k])
                               for k in range(len(term))]
    return reach[-1]


# 39 stars: "a*a*...*a*b" would take a backtracking matcher longer than the universe
# on a term of 40 a's (each a may be taken by any star).
STARS_39 = "*a" * 38 + "*b"
TERMS = ["a" * 40 + "b", "a" * 40, "ab", "b" + "a" * 39]


class TestGlobsInLinearTime:
    def test_random_globs_agree_with_a_reference(self):
        rng = random.Random(21)
        for _ in range(3000):
            glob = "".join(rng.choice("ab*?") for _ in range(rng.randint(0, 8)))
            term = "".join(rng.choice("ab") for _ in range(rng.randint(0, 9)))
            assert bool(compile_element(glob).fullmatch(term)) == _glob_matches(glob, term), \
                (glob, term)

    @pytest.mark.parametrize("glob, term, expected", [
        ("separat*", "separatism", True), ("separat*", "separat", True),
        ("*ism", "separatism", True), ("s*t*m", "sistem", True), ("s*t*m", "sistema", False),
        ("s*t*a", "sistema", True), ("a.b", "axb", False), ("a.b", "a.b", True),
        ("?", "", False), ("?*", "x", True), ("**", "", True), ("a**b", "ab", True),
        ("*ab*ab*", "abab", True), ("*ab*ab*", "aab", False), ("(eu", "(eu", True),
    ])
    def test_rule_cases(self, glob, term, expected):
        assert bool(compile_element(glob).fullmatch(term)) is expected

    def test_stars_compile_to_atomic_groups(self):
        """Structure: each star but the last is the lazy run of an atomic group, which the
        regex engine never re-enters; only the last star, before the anchored last piece,
        is a plain run (it backs off at most the term's length)."""
        compiled = compile_element(STARS_39).pattern
        assert compiled == "(?>.*?a)" * 38 + ".*b"
        assert compile_element("sep*r?t*ism").pattern == "sep(?>.*?r.t).*ism"
        assert compile_element("north").pattern == "north"

    def test_39_stars_finish(self):
        with _guard():
            assert [bool(compile_element(STARS_39).fullmatch(t)) for t in TERMS] == \
                [True, False, False, False]
            assert matching_terms(TERMS, STARS_39) == ["a" * 40 + "b"]

    def test_every_caller_gets_the_linear_matcher(self, tmp_path):
        (tmp_path / "a.txt").write_text(" ".join(TERMS) + ".\n\n" + TERMS[1] + ".\n",
                                        encoding="utf-8")
        tokens = cnb.tokenize(cnb.load_corpus(tmp_path))
        with _guard():
            assert find(tokens, STARS_39)["match"].tolist() == ["a" * 40 + "b"]
            assert len(cnb.kwic(tokens, STARS_39)) == 1
            assert Explorer(tokens, {"t": [STARS_39]}).set_pattern(STARS_39) == 1
            counts = cnb.theme_frequencies(tokens, {"t": [STARS_39]}, by=None)
            assert counts["count"].tolist() == [1]

    def test_the_store_search_gets_it(self, tmp_path):
        folder = tmp_path / "texts"
        folder.mkdir()
        (folder / "a.txt").write_text(" ".join(TERMS) + ".\n", encoding="utf-8")
        store = cnb.load_corpus(folder, store=tmp_path / "store")
        with _guard():
            assert len(cnb.kwic(store, STARS_39)) == 1


class TestPatternCap:
    def test_a_long_pattern_is_refused_naming_the_setting(self):
        with pytest.raises(ValueError, match=r"1,001 characters.*cap of 1,000.*"
                                             r"CORPUSNB_MAX_PATTERN_CHARS"):
            compile_element("a" * 1001)
        with pytest.raises(ValueError, match="CORPUSNB_MAX_PATTERN_CHARS"):
            split_pattern("ab " * 400)
        assert compile_element("a" * 1000).fullmatch("a" * 1000)

    def test_regular_expressions_are_capped_too(self):
        tokens = pd.DataFrame({"doc_id": ["d"], "section": 0, "sent": 0, "i": [0],
                               "start": [0], "end": [1], "norm": ["a"]})
        with pytest.raises(ValueError, match="CORPUSNB_MAX_PATTERN_CHARS"):
            find(tokens, "a" * 1001, regex=True)

    def test_the_setting_raises_the_cap(self, monkeypatch):
        monkeypatch.setenv("CORPUSNB_MAX_PATTERN_CHARS", "2000")
        assert compile_element("a" * 1500).fullmatch("a" * 1500)
        monkeypatch.setenv("CORPUSNB_MAX_PATTERN_CHARS", "10")
        with pytest.raises(ValueError, match="11 characters.*cap of 10"):
            compile_element("separatism*")

    def test_a_bad_setting_is_named(self, monkeypatch):
        monkeypatch.setenv("CORPUSNB_MAX_PATTERN_CHARS", "lots")
        with pytest.raises(ValueError, match=re.escape("CORPUSNB_MAX_PATTERN_CHARS='lots' is "
                                                       "not a positive whole number")):
            compile_element("a")
