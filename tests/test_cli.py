"""The command line: `corpusnb info` and the parameters of `corpusnb run`."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import corpusnb as cnb
from corpusnb import CorpusError
from corpusnb.apps import cli


class TestInfo:
    def test_shows_metadata_fields_and_documents(self, tiny_folder, capsys):
        (tiny_folder / "catalog.csv").write_text(
            "file,doc_id,year,party,country\na.txt,first,2001,Left,Armenia\n"
            "b.txt,second,2003,Right,Georgia\n", encoding="utf-8")
        assert cli.main(["info", str(tiny_folder)]) == 0
        out = capsys.readouterr().out.splitlines()
        # a.txt: 5 + 6 + 5 words; b.txt: 11 words (see tests/test_corpus.py)
        assert out[1] == ("2 documents, 27 words (word tokens: what rates divide by); "
                          "years 2001–2003; languages: en 2")
        assert out[2].startswith("metadata fields: title, year, language, party, "
                                 "country (group by any of them")  # no author: not offered
        assert out[3].split() == ["id", "title", "year", "language", "words", "sentences",
                                  "sections", "encoding"]
        assert out[4].split()[0] == "first" and out[4].split()[-4:] == ["16", "3", "1",
                                                                        "utf-8"]

    def test_long_corpus_is_cut(self, tmp_path, capsys):
        for k in range(35):
            (tmp_path / f"d{k:02d}.txt").write_text(f"Text number {k}.", encoding="utf-8")
        assert cli.main(["info", str(tmp_path)]) == 0
        out = capsys.readouterr().out.splitlines()
        assert out[-1] == "... and 5 more documents (--all lists every one)"
        assert len(out) == 4 + 30 + 1

    def test_all_lists_every_document(self, tmp_path, capsys):
        for k in range(35):
            (tmp_path / f"d{k:02d}.txt").write_text(f"Text number {k}.", encoding="utf-8")
        assert cli.main(["info", str(tmp_path), "--all"]) == 0
        out = capsys.readouterr().out.splitlines()
        assert len(out) == 4 + 35
        assert [line.split()[0] for line in out[4:]] == [f"d{k:02d}" for k in range(35)]

    def test_words_are_word_tokens_not_n_words(self, tmp_path, capsys):
        # "Russia’s" is one whitespace piece and two word tokens (Russia, ’s); "—" is a
        # piece and no token: n_words 5, words 6 (Russia ’s and Astana ’s elites)
        (tmp_path / "a.txt").write_text("Russia’s and Astana’s — elites.\n", encoding="utf-8")
        corpus = cnb.load_corpus(tmp_path)
        assert corpus.metadata.loc["a", "n_words"] == 5
        assert cnb.info_table(corpus).loc[0, "words"] == len(cnb.tokenize(corpus)) == 6
        assert cli.main(["info", str(tmp_path)]) == 0
        out = capsys.readouterr().out.splitlines()
        assert out[1].startswith("1 document, 6 words (word tokens: what rates divide by)")


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


def _corpusnb(*args: str, cwd) -> subprocess.CompletedProcess:
    """Run the installed ``corpusnb`` command as a user would, in ``cwd``."""
    command = Path(sys.executable).with_name("corpusnb")
    return subprocess.run([str(command), *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


class TestCommandLine:
    """`corpusnb` run through its console script, in a subprocess."""

    def test_info_prints_the_corpus(self, tiny_folder):
        done = _corpusnb("info", ".", cwd=tiny_folder)
        assert (done.returncode, done.stderr) == (0, "")
        lines = done.stdout.splitlines()
        # a.txt: "Separatism in the North Caucasus" (5) / "The North Caucasus saw
        # separatism grow" (6) / "Russia ’s elites feared separatism" (5): 16 words,
        # 3 sentences; b.txt: "Kleptocracy and sistema explain Putin ’s Russia" (7) /
        # "The sistema is informal" (4): 11 words, 2 sentences.
        assert lines[:3] == [
            "corpus: .",
            "2 documents, 27 words (word tokens: what rates divide by); no years; "
            "languages: en 2",
            "metadata fields: title, language (group by any of them: "
            "cnb.frequencies(tokens, by=...))"]
        assert lines[3].split() == ["id", "title", "year", "language", "words", "sentences",
                                    "sections", "encoding"]
        assert lines[4].split() == ["a", "Separatism", "in", "the", "North", "Caucasus.",
                                    "en", "16", "3", "1", "utf-8"]
        # b.txt is one line, no heading: titled by its file name
        assert lines[5].split() == ["b", "b", "en", "11", "2", "1", "utf-8"]
        assert len(lines) == 6

    def test_info_of_one_file_with_a_year_in_its_name(self, tiny_folder):
        (tiny_folder / "b.txt").rename(tiny_folder / "speech-2019.txt")
        done = _corpusnb("info", "speech-2019.txt", cwd=tiny_folder)
        assert done.returncode == 0
        assert done.stdout.splitlines()[1] == (
            "1 document, 11 words (word tokens: what rates divide by); years 2019–2019; "
            "languages: en 1")
        assert done.stdout.splitlines()[4].split()[-6:] == ["2019", "en", "11", "2", "1",
                                                             "utf-8"]

    def test_missing_path(self, tmp_path):
        done = _corpusnb("info", "nowhere", cwd=tmp_path)
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr == ("corpusnb: error: corpus folder nowhere does not exist; pass "
                               "the path of a folder of texts (or of one file), or nothing "
                               "for the bundled seeds\n")

    def test_file_of_a_format_it_does_not_read(self, tmp_path):
        (tmp_path / "notes.md").write_text("# Notes\n", encoding="utf-8")
        done = _corpusnb("info", "notes.md", cwd=tmp_path)
        assert done.returncode == 2
        assert done.stderr.startswith("corpusnb: error: notes.md is not a format corpusnb "
                                      "reads; the formats are .txt, .docx, .pdf")
        assert "Traceback" not in done.stderr

    def test_skipped_files_are_one_warning_line(self, tiny_folder):
        (tiny_folder / "notes.md").write_text("# Notes\n", encoding="utf-8")
        done = _corpusnb("info", ".", cwd=tiny_folder)
        assert done.returncode == 0
        assert done.stderr.splitlines() == [
            "corpusnb: warning: .: skipped 1 file(s) corpusnb does not read: notes.md; "
            "convert them to one of .txt, .docx, .pdf, .csv, .tsv, .jsonl, .ndjson, "
            ".parquet to include them"]

    @pytest.mark.parametrize(("catalog", "content", "message"), [
        ("catalog.csv", b"file,doc_id\nmissing.txt,m\n",
         "the catalog in . lists 'missing.txt' (doc_id 'm'), but there is no such file"),
        ("catalog.csv", b"file,doc_id\n\xff\xfea.txt,a\n",
         "catalog.csv is not UTF-8 (byte 0xff on line 2)"),
        ("catalog.toml", b"[x]\nfile = 'a.txt'\n", "catalog.toml has no [[document]] tables"),
    ])
    def test_bad_catalog(self, tiny_folder, catalog, content, message):
        (tiny_folder / catalog).write_bytes(content)
        done = _corpusnb("info", ".", cwd=tiny_folder)
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr.startswith(f"corpusnb: error: {message}")
        assert len(done.stderr.splitlines()) == 1

    def test_out_that_is_a_file(self, tiny_folder):
        (tiny_folder / "out.txt").write_text("keep me", encoding="utf-8")
        done = _corpusnb("run", "--corpus", "a.txt", "--out", "out.txt", cwd=tiny_folder)
        assert done.returncode == 2
        assert done.stderr == ("corpusnb: error: --out out.txt is a file; pass a folder for "
                               "the pages and tables (it is created when missing)\n")
        assert (tiny_folder / "out.txt").read_text(encoding="utf-8") == "keep me"

    def test_no_command(self, tmp_path):
        done = _corpusnb(cwd=tmp_path)
        assert done.returncode == 2
        assert "the following arguments are required: command" in done.stderr


class TestScheduler:
    """``--scheduler`` and DASK_SCHEDULER_ADDRESS without a cluster (tests/test_cluster.py
    runs them on one)."""

    def test_run_scheduler_needs_a_store(self, tmp_path, capsys, monkeypatch):
        monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
        status = cli.main(["run", "--scheduler", "tcp://127.0.0.1:8786", "--out",
                           str(tmp_path / "out")])
        assert status == 2
        assert capsys.readouterr().err == (
            "corpusnb: error: --scheduler tcp://127.0.0.1:8786: the cluster counts the parts "
            "of a token store; add --store FOLDER (on a path every worker sees)\n")
        assert not (tmp_path / "out").exists()

    @pytest.mark.parametrize("argv, env, expected", [
        (["index", "--store", "s"], None, None),
        (["index", "--store", "s"], "tcp://scheduler:8786", "tcp://scheduler:8786"),
        (["index", "--store", "s", "--scheduler", "tcp://a:1"], "tcp://b:2", "tcp://a:1"),
        (["run"], "tcp://b:2", None),  # no store: the notebooks' tables stay here
        (["run", "--store", "s"], " tcp://b:2 ", "tcp://b:2"),
    ])
    def test_the_address(self, argv, env, expected, monkeypatch):
        if env is None:
            monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
        else:
            monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", env)
        args = cli._parser().parse_args(argv)
        assert cli._scheduler(args, needs_store=argv[0] == "run") == expected

    def test_the_kernels_environment(self, monkeypatch):
        monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", "tcp://before:1")
        monkeypatch.delenv("CORPUSNB_ENGINE", raising=False)
        show = [sys.executable, "-c", "import os; print(os.environ['DASK_SCHEDULER_ADDRESS'], "
                                      "os.environ.get('CORPUSNB_ENGINE'))"]
        with cli._cluster_kernels("tcp://127.0.0.1:8786"):
            inside = subprocess.run(show, capture_output=True, text=True).stdout
        assert inside == "tcp://127.0.0.1:8786 dask\n"  # what a kernel started here has
        assert subprocess.run(show, capture_output=True, text=True).stdout == \
            "tcp://before:1 None\n"  # as it was
        with cli._cluster_kernels(None):
            assert subprocess.run(show, capture_output=True, text=True).stdout == \
                "tcp://before:1 None\n"
