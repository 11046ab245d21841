"""Shared fixtures: a tiny inline corpus, the seed corpus (loaded once), no network."""
from __future__ import annotations

import random
import socket

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import corpusnb as cnb  # noqa: E402

TINY_TEXTS = {
    "a.txt": "Separatism in the North Caucasus.\n\nThe North Caucasus saw separatism grow. "
             "Russia’s elites feared separatism.\n",
    "b.txt": "Kleptocracy and sistema explain Putin’s Russia. The sistema is informal.\n",
}


@pytest.fixture(autouse=True)
def _fixed_seed_and_closed_figures():
    random.seed(0)
    np.random.seed(0)
    yield
    plt.close("all")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Any attempt to connect beyond this machine fails the test that made it."""
    real_connect = socket.socket.connect

    def guarded(sock, address, *args):
        host = address[0] if isinstance(address, tuple) else "local"
        if host not in ("local", "127.0.0.1", "localhost", "::1"):
            raise AssertionError(f"network access attempted: {address!r}")
        return real_connect(sock, address, *args)
    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def tiny_folder(tmp_path):
    for name, text in TINY_TEXTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.fixture
def tiny_corpus(tiny_folder):
    return cnb.load_corpus(tiny_folder)


@pytest.fixture(scope="session")
def seed_corpus():
    return cnb.load_corpus()


@pytest.fixture(scope="session")
def seed_tokens(seed_corpus):
    return cnb.tokenize(seed_corpus)


@pytest.fixture(scope="session")
def seed_sentences(seed_corpus):
    return cnb.sentences(seed_corpus)
