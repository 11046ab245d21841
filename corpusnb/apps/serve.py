"""``corpusnb explore``: the explorer as a local web page, served by Voilà.

Voilà runs the app notebook shipped in the package (``corpusnb/apps/explore.ipynb``)
and shows its outputs without the code; every script and style comes from the
installed packages (no CDN). The corpus, text column, themes and save folder reach the
notebook as environment variables, so no code is built from what the user typed.

The server follows Jupyter's conventions for a local server:

* it listens on 127.0.0.1 only;
* it needs a random token (``secrets.token_hex(24)``, as Jupyter makes), given in the URL
  printed at start (``/?token=...``); the browser then keeps a login cookie. The token
  reaches Voilà as ``JUPYTER_TOKEN`` in its environment, never on its command line
  (which other local users can read);
* it checks the ``Host`` header as jupyter_server does with ``allow_remote_access``
  off: only ``localhost`` and loopback addresses (127.0.0.1) are served, so a page of
  another site cannot reach it by DNS rebinding (``corpusnb/apps/config/voila.json``,
  the only Voilà config file read: none from the current folder);
* idle kernels are shut down after ``idle_minutes`` (jupyter_server's
  ``MappingKernelManager.cull_idle_timeout``; a page open in a browser keeps its kernel,
  ``cull_connected`` stays off) and at most ``max_kernels`` run at once
  (:class:`corpusnb.apps.kernels.CappedKernelManager`).
"""
from __future__ import annotations

import os
import secrets
import sys
from importlib import resources
from pathlib import Path

from corpusnb._errors import CorpusError

__all__ = ["app_notebook", "idle_seconds", "new_token", "url", "voila_command"]

ENVIRONMENT = {"corpus": "CORPUSNB_EXPLORE_CORPUS", "text_column": "CORPUSNB_EXPLORE_TEXT_COLUMN",
               "themes": "CORPUSNB_EXPLORE_THEMES", "save_dir": "CORPUSNB_EXPLORE_SAVE_DIR"}
SAVE_DIR = "corpusnb-explorer-tables"  # the default save folder, in the current folder
MAX_KERNELS = 4
IDLE_MINUTES = 10.0
KERNEL_MANAGER = "corpusnb.apps.kernels.CappedKernelManager"


def app_notebook() -> Path:
    """The shipped app notebook that ``corpusnb explore`` serves.

    Examples
    --------
    >>> app_notebook().name
    'explore.ipynb'
    """
    return Path(str(resources.files("corpusnb") / "apps" / "explore.ipynb"))


def _config_folder() -> Path:
    """The folder of the one Voilà config file the server reads (``voila.json``)."""
    return app_notebook().parent / "config"


def idle_seconds(minutes: float) -> int:
    """The cull timeout in whole seconds (at least 1).

    Examples
    --------
    >>> idle_seconds(10), idle_seconds(0.05)
    (600, 3)
    """
    return max(1, round(minutes * 60))


def voila_command(port: int, *, max_kernels: int = MAX_KERNELS,
                  idle_minutes: float = IDLE_MINUTES) -> list[str]:
    """The Voilà command line: this Python, the app, 127.0.0.1, no browser, no code, a
    token (from the environment), the host check, the kernel cap and culling.

    Examples
    --------
    >>> voila_command(8866)[3:6]
    ['--no-browser', '--port=8866', '--Voila.ip=127.0.0.1']
    >>> for option in voila_command(8866, max_kernels=2, idle_minutes=1)[-4:-1]:
    ...     print(option)
    --CappedKernelManager.max_kernels=2
    --MappingKernelManager.cull_idle_timeout=60
    --MappingKernelManager.cull_interval=30
    """
    timeout = idle_seconds(idle_minutes)
    return [sys.executable, "-m", "voila", "--no-browser", f"--port={port}",
            "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", "--strip_sources=True",
            "--VoilaConfiguration.show_tracebacks=False", "--template=corpusnb",
            f"--Voila.config_file_paths={_config_folder()}",
            "--Voila.auto_token=True",  # the token is JUPYTER_TOKEN, never argv
            f"--VoilaConfiguration.multi_kernel_manager_class={KERNEL_MANAGER}",
            f"--CappedKernelManager.max_kernels={max_kernels}",
            f"--MappingKernelManager.cull_idle_timeout={timeout}",
            f"--MappingKernelManager.cull_interval={max(1, min(60, timeout // 2))}",
            str(app_notebook())]


def new_token() -> str:
    """A random token as Jupyter makes one: 24 random bytes in hex.

    Examples
    --------
    >>> len(new_token()), new_token() == new_token()
    (48, False)
    """
    return secrets.token_hex(24)


def url(port: int, token: str) -> str:
    """The address to open, token included (as Jupyter prints it).

    Examples
    --------
    >>> url(8866, "ab12")
    'http://127.0.0.1:8866/?token=ab12'
    """
    return f"http://127.0.0.1:{port}/?token={token}"


def environment(corpus: str | None, text_column: str | None, themes: str | None,
                save_dir: str | None = SAVE_DIR, token: str | None = None) -> dict:
    """The server's environment: the options for the app, the token, and this Python's
    folder first on PATH (so the kernel is the Python corpusnb is installed in)."""
    env = dict(os.environ)
    for name, value in (("corpus", corpus), ("text_column", text_column), ("themes", themes),
                        ("save_dir", save_dir)):
        if value is None:
            env.pop(ENVIRONMENT[name], None)
        else:
            env[ENVIRONMENT[name]] = str(Path(value).resolve()) if name != "text_column" \
                else value
    env.pop("JUPYTER_TOKEN_FILE", None)
    env["JUPYTER_TOKEN"] = token or new_token()  # never empty: no server without one
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    # the "corpusnb" Voila template (the lab one without its CDN links) ships here
    env["JUPYTER_PATH"] = os.pathsep.join(
        [str(app_notebook().parent / "jupyter"), *filter(None, [env.get("JUPYTER_PATH")])])
    return env


def _check(corpus: str | None, themes: str | None, port: int, max_kernels: int = 1,
           idle_minutes: float = 1.0) -> None:
    for what, path in (("corpus", corpus), ("themes file", themes)):
        if path is not None and not Path(path).exists():
            raise CorpusError(f"{what} {path} does not exist; give a folder or file that does")
    if not 0 < port < 65536:
        raise CorpusError(f"--port must be between 1 and 65535, not {port}")
    if max_kernels < 1:
        raise CorpusError(f"--max-kernels must be at least 1, not {max_kernels}")
    if not idle_minutes > 0:
        raise CorpusError(f"--idle-minutes must be more than 0, not {idle_minutes}")
    try:
        import voila  # noqa: F401
    except ImportError:
        raise CorpusError("corpusnb explore needs Voila: python -m pip install "
                          "\"corpusnb[notebooks]\" (or python -m pip install voila)") from None


def _check_save_dir(save_dir: str) -> None:
    folder = Path(save_dir)
    if folder.exists() and not folder.is_dir():
        raise CorpusError(f"--save-dir {save_dir} is a file; give a folder (made if missing)")


def serve(corpus: str | None, *, port: int = 8866, text_column: str | None = None,
          themes: str | None = None, save_dir: str = SAVE_DIR,
          max_kernels: int = MAX_KERNELS, idle_minutes: float = IDLE_MINUTES) -> int:
    """Become the Voilà server (this process is replaced: Ctrl-C or a signal stops Voilà
    itself, which shuts its kernels down)."""
    _check(corpus, themes, port, max_kernels, idle_minutes)
    _check_save_dir(save_dir)
    token = new_token()
    env = environment(corpus, text_column, themes, save_dir, token)
    print(f"corpusnb explore: open {url(port, token)}\n"
          f"  tables are saved inside {env[ENVIRONMENT['save_dir']]}; at most {max_kernels} "
          f"pages at once, idle ones shut down after {idle_minutes:g} minutes "
          "(Ctrl-C stops the server)", flush=True)
    command = voila_command(port, max_kernels=max_kernels, idle_minutes=idle_minutes)
    os.execve(command[0], command, env)
    return 1  # pragma: no cover - execve does not return
