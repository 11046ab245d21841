"""The project's own files: dependency lists agree, data ships, nothing downloads."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

import corpusnb as cnb

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower()


def _conda_names() -> set[str]:
    names, text = set(), (ROOT / "environment.yml").read_text(encoding="utf-8")
    for line in text.split("dependencies:", 1)[1].splitlines():
        match = re.match(r"^\s{2}- ([A-Za-z][\w.-]*)", line)
        if match and match.group(1) not in {"python", "pip"}:
            names.add(_name(match.group(1)))
    return names


@pytest.mark.skipif(not (ROOT / "pyproject.toml").exists(), reason="needs the source tree")
class TestDependencyLists:
    def test_environment_yml_matches_pyproject(self):
        project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
        wanted = {_name(r) for r in project["dependencies"]}
        for extra in ("test", "notebooks"):
            wanted |= {_name(r) for r in project["optional-dependencies"][extra]}
        assert _conda_names() == wanted

    def test_core_dependencies(self):
        project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
        core = {_name(r) for r in project["dependencies"]}
        assert {"pandas", "matplotlib", "seaborn", "nltk"} <= core
        assert "jupyterlab" in {_name(r) for r in project["optional-dependencies"]["notebooks"]}


class TestShippedData:
    def test_seeds_ship_with_the_package(self):
        names = sorted(p.name for p in cnb.seed_path().iterdir() if p.suffix in {".txt", ".toml"})
        assert names == ["000_02ec1ce041296555.txt", "001_d568067f56a9492c.txt",
                         "002_0ca851acdc1fcb94.txt", "catalog.toml"]

    def test_library_never_downloads_unpickles_or_evals(self):
        source = "\n".join(p.read_text("utf-8") for p in Path(cnb.__file__).parent.rglob("*.py"))
        for forbidden in ("nltk.download", "import pickle", "urlopen", "requests.get", "eval("):
            assert forbidden not in source


class TestNoNetwork:
    def test_whole_pipeline_opens_no_connection(self, monkeypatch):
        import socket

        attempts = []
        real_connect = socket.socket.connect

        def record(sock, address, *args):
            attempts.append(address)
            return real_connect(sock, address, *args)
        monkeypatch.setattr(socket.socket, "connect", record)
        monkeypatch.setattr(socket, "getaddrinfo",
                            lambda *a, **k: attempts.append(a) or [])
        corpus = cnb.load_corpus()
        tokens = cnb.tokenize(corpus)
        cnb.keyness(tokens, "lrb-2015")
        cnb.kwic(tokens, "separatis*")
        cnb.cooccurrence(tokens, window=5)
        cnb.theme_frequencies(tokens)
        cnb.plot.zipf(cnb.zipf(tokens))
        assert attempts == []
