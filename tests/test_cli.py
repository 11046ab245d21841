"""The command line: `corpusnb info` and the parameters of `corpusnb run`."""
from __future__ import annotations

import pytest

from corpusnb import CorpusError, cli


class TestInfo:
    def test_shows_metadata_fields_and_documents(self, tiny_folder, capsys):
        (tiny_folder / "catalog.csv").write_text(
            "file,doc_id,year,party,country\na.txt,first,2001,Left,Armenia\n"
            "b.txt,second,2003,Right,Georgia\n", encoding="utf-8")
        assert cli.main(["info", str(tiny_folder)]) == 0
        out = capsys.readouterr().out.splitlines()
        # a.txt: 5 + 6 + 5 words; b.txt: 11 words (see tests/test_corpus.py)
        assert out[1] == "2 documents, 27 words; years 2001–2003; languages: en 2"
        assert out[2].startswith("metadata fields: title, author, year, language, party, "
                                 "country (group by any of them")
        assert out[3].split() == ["id", "title", "year", "language", "words", "sentences",
                                  "sections", "encoding"]
        assert out[4].split()[0] == "first" and out[4].split()[-4:] == ["16", "3", "1",
                                                                        "utf-8"]

    def test_long_corpus_is_cut(self, tmp_path, capsys):
        for k in range(35):
            (tmp_path / f"d{k:02d}.txt").write_text(f"Text number {k}.", encoding="utf-8")
        assert cli.main(["info", str(tmp_path)]) == 0
        out = capsys.readouterr().out.splitlines()
        assert out[-1] == "... and 5 more documents"
        assert len(out) == 4 + 30 + 1


class TestParam:
    @pytest.mark.parametrize(("text", "expected"), [
        ("window=10", ("window", 10)),
        ("focus_doc=my-doc", ("focus_doc", "my-doc")),
        ('terms=["a", "b"]', ("terms", ["a", "b"])),
        ("flag=true", ("flag", True)),
        ("note=a=b", ("note", "a=b")),
        ("x=__import__('os')", ("x", "__import__('os')")),  # a string, never code
    ])
    def test_values(self, text, expected):
        assert cli.parse_param(text) == expected

    @pytest.mark.parametrize("text", ["window", "2x=3", "=3"])
    def test_bad(self, text):
        with pytest.raises(CorpusError, match="write NAME=VALUE"):
            cli.parse_param(text)

    def test_bad_themes_file_fails_before_any_kernel(self, tmp_path, capsys):
        (tmp_path / "themes.toml").write_text("[x]\nlabel = 'X'\n", encoding="utf-8")
        status = cli.main(["run", "--themes", str(tmp_path / "themes.toml"), "--out",
                           str(tmp_path / "out")])
        assert status == 2 and "needs patterns" in capsys.readouterr().err
        assert not (tmp_path / "out").exists()
