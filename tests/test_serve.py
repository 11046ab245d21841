"""`corpusnb explore`: the Voila command, its environment, bad input (the page itself is
tested in test_browser.py)."""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from corpusnb import cli, serve


def test_command_binds_localhost_and_shows_no_code():
    command = serve.voila_command(9999)
    assert command[:3] == [sys.executable, "-m", "voila"]
    assert {"--no-browser", "--port=9999", "--Voila.ip=127.0.0.1", "--strip_sources=True",
            "--template=corpusnb"} <= set(command)
    assert command[-1] == str(serve.app_notebook())


def test_options_reach_the_app_as_environment_not_code(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = serve.environment("texts'; import os #", "body", None)
    assert env["CORPUSNB_EXPLORE_CORPUS"] == str(tmp_path / "texts'; import os #")
    assert env["CORPUSNB_EXPLORE_TEXT_COLUMN"] == "body"
    assert "CORPUSNB_EXPLORE_THEMES" not in env
    template = Path(env["JUPYTER_PATH"].split(":")[0]) / "voila" / "templates" / "corpusnb"
    assert (template / "conf.json").exists()
    assert "cdn.jsdelivr" not in (template / "index.html.j2").read_text("utf-8")
    assert env["PATH"].startswith(str(Path(sys.executable).parent))
    code = "\n".join(c.source for c in nbformat.read(serve.app_notebook(), as_version=4).cells
                     if c.cell_type == "code")
    assert "os.environ.get(\"CORPUSNB_EXPLORE_CORPUS\")" in code and "eval" not in code


def test_missing_corpus_is_named(tmp_path, capsys):
    assert cli.main(["explore", "--corpus", str(tmp_path / "nope")]) == 2
    assert f"corpus {tmp_path / 'nope'} does not exist" in capsys.readouterr().err


def test_bad_port(capsys):
    assert cli.main(["explore", "--port", "70000"]) == 2
    assert "--port must be between 1 and 65535, not 70000" in capsys.readouterr().err
