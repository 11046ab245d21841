"""``corpusnb explore``: the explorer as a local web page, served by Voilà.

Voilà runs the app notebook shipped in the package (``corpusnb/apps/explore.ipynb``)
and shows its outputs without the code; every script and style comes from the
installed packages (no CDN). The corpus, text column and themes reach the notebook
as environment variables, so no code is built from what the user typed. The server
listens on 127.0.0.1 only.
"""
from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path

from corpusnb._errors import CorpusError

__all__ = ["app_notebook", "voila_command"]

ENVIRONMENT = {"corpus": "CORPUSNB_EXPLORE_CORPUS", "text_column": "CORPUSNB_EXPLORE_TEXT_COLUMN",
               "themes": "CORPUSNB_EXPLORE_THEMES"}


def app_notebook() -> Path:
    """The shipped app notebook that ``corpusnb explore`` serves.

    Examples
    --------
    >>> app_notebook().name
    'explore.ipynb'
    """
    return Path(str(resources.files("corpusnb") / "apps" / "explore.ipynb"))


def voila_command(port: int) -> list[str]:
    """The Voilà command line: this Python, the app, 127.0.0.1, no browser, no code.

    Examples
    --------
    >>> voila_command(8866)[3:6]
    ['--no-browser', '--port=8866', '--Voila.ip=127.0.0.1']
    """
    return [sys.executable, "-m", "voila", "--no-browser", f"--port={port}",
            "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", "--strip_sources=True",
            "--VoilaConfiguration.show_tracebacks=False", "--template=corpusnb",
            str(app_notebook())]


def environment(corpus: str | None, text_column: str | None, themes: str | None) -> dict:
    """The server's environment: the options for the app, and this Python's folder first
    on PATH (so the kernel is the Python corpusnb is installed in)."""
    env = dict(os.environ)
    for name, value in (("corpus", corpus), ("text_column", text_column), ("themes", themes)):
        if value is None:
            env.pop(ENVIRONMENT[name], None)
        else:
            env[ENVIRONMENT[name]] = str(Path(value).resolve()) if name != "text_column" \
                else value
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    # the "corpusnb" Voila template (the lab one without its CDN links) ships here
    env["JUPYTER_PATH"] = os.pathsep.join(
        [str(app_notebook().parent / "jupyter"), *filter(None, [env.get("JUPYTER_PATH")])])
    return env


def _check(corpus: str | None, themes: str | None, port: int) -> None:
    for what, path in (("corpus", corpus), ("themes file", themes)):
        if path is not None and not Path(path).exists():
            raise CorpusError(f"{what} {path} does not exist; give a folder or file that does")
    if not 0 < port < 65536:
        raise CorpusError(f"--port must be between 1 and 65535, not {port}")
    try:
        import voila  # noqa: F401
    except ImportError:
        raise CorpusError("corpusnb explore needs Voila: python -m pip install "
                          "\"corpusnb[notebooks]\" (or python -m pip install voila)") from None


def serve(corpus: str | None, *, port: int = 8866, text_column: str | None = None,
          themes: str | None = None) -> int:
    """Become the Voilà server (this process is replaced: Ctrl-C or a signal stops Voilà
    itself, which shuts its kernels down)."""
    _check(corpus, themes, port)
    print(f"corpusnb explore: http://127.0.0.1:{port}/ (Ctrl-C stops the server)", flush=True)
    command = voila_command(port)
    os.execve(command[0], command, environment(corpus, text_column, themes))
    return 1  # pragma: no cover - execve does not return
