"""`corpusnb explore`: the Voila command, its environment, bad input, saving inside one
folder, and a real server on 127.0.0.1: the token, the Host check, the kernel cap and
culling (the page itself is tested in test_browser.py)."""
from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import html
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import corpusnb as cnb
from corpusnb.apps import cli, serve
from corpusnb._errors import CorpusError, CorpusWarning
from corpusnb.apps.explorer import folder_inside
from tests.speeches import write_speeches


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
    for name in ("index.html.j2", "page.html", "error.html"):
        assert "cdn.jsdelivr" not in (template / name).read_text("utf-8")
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


# --- the options, the token ------------------------------------------------------------

def test_token_reaches_voila_in_its_environment_never_argv(monkeypatch):
    monkeypatch.setenv("JUPYTER_TOKEN_FILE", "/tmp/elsewhere")
    env = serve.environment(None, None, None, token="ab" * 24)
    assert env["JUPYTER_TOKEN"] == "ab" * 24 and "JUPYTER_TOKEN_FILE" not in env
    command = serve.voila_command(9999)
    assert "--Voila.auto_token=True" in command  # Voila then reads JUPYTER_TOKEN
    assert not any(part.startswith(("--Voila.token", "--IdentityProvider.token", "--token"))
                   for part in command)
    fresh = serve.environment(None, None, None)["JUPYTER_TOKEN"]
    assert re.fullmatch(r"[0-9a-f]{48}", fresh)  # never empty: an empty one is no token
    assert serve.url(8866, "ab12") == "http://127.0.0.1:8866/?token=ab12"


def test_command_caps_and_culls_kernels_and_reads_only_our_config():
    command = serve.voila_command(9999, max_kernels=3, idle_minutes=0.25)
    assert ("--VoilaConfiguration.multi_kernel_manager_class="
            "corpusnb.apps.kernels.CappedKernelManager") in command
    assert {"--CappedKernelManager.max_kernels=3", "--MappingKernelManager.cull_idle_timeout=15",
            "--MappingKernelManager.cull_interval=7"} <= set(command)
    paths = [part.split("=", 1)[1] for part in command
             if part.startswith("--Voila.config_file_paths=")]
    assert len(paths) == 1  # not the current folder, where a voila.py could undo the checks
    config = json.loads((Path(paths[0]) / "voila.json").read_text("utf-8"))
    assert config["Voila"]["tornado_settings"] == {"allow_remote_access": False,
                                                   "local_hostnames": ["localhost"]}


def test_save_dir_reaches_the_app_resolved(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = serve.environment(None, None, None)
    assert env["CORPUSNB_EXPLORE_SAVE_DIR"] == str(tmp_path / "corpusnb-explorer-tables")
    code = "\n".join(c.source for c in nbformat.read(serve.app_notebook(), as_version=4).cells
                     if c.cell_type == "code")
    assert "save_dir=os.environ.get(\"CORPUSNB_EXPLORE_SAVE_DIR\")" in code


@pytest.mark.parametrize("option,value,message", [
    ("--max-kernels", "0", "--max-kernels must be at least 1, not 0"),
    ("--idle-minutes", "0", "--idle-minutes must be more than 0, not 0.0"),
])
def test_bad_cap_or_timeout(capsys, option, value, message):
    assert cli.main(["explore", option, value]) == 2
    assert message in capsys.readouterr().err


def test_save_dir_that_is_a_file(tmp_path, capsys):
    (tmp_path / "f.csv").write_text("x")
    assert cli.main(["explore", "--save-dir", str(tmp_path / "f.csv")]) == 2
    assert f"--save-dir {tmp_path / 'f.csv'} is a file" in capsys.readouterr().err


# --- saving inside one folder ----------------------------------------------------------

def test_folder_inside_accepts_folders_below_the_root(tmp_path):
    root = tmp_path / "tables"
    assert folder_inside(root, "") == root
    assert folder_inside(root, ".") == root
    assert folder_inside(root, "a/b") == root / "a" / "b"
    (root / "real").mkdir(parents=True)
    (root / "alias").symlink_to(root / "real")  # a link that stays inside is fine
    assert folder_inside(root, "alias/x") == root / "alias" / "x"


@pytest.mark.parametrize("name,message", [
    ("..", "goes up with '..'"), ("a/../../b", "goes up with '..'"),
    ("/etc", "is an absolute path"), ("out", "is a link to"), ("out/deeper", "is a link to")])
def test_folder_inside_refuses_ways_out(tmp_path, name, message):
    root, outside = tmp_path / "tables", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "out").symlink_to(outside)
    with pytest.raises(CorpusError, match=re.escape(message)) as err:
        folder_inside(root, name)
    assert f"give a folder inside {root}" in str(err.value)


def _speeches(folder: Path) -> cnb.Corpus:
    write_speeches(folder)
    with pytest.warns(CorpusWarning, match="README.md"):  # the fixture's one non-speech
        return cnb.load_corpus(folder)


@pytest.fixture
def speeches_explorer(tmp_path):
    ex = cnb.Explorer(cnb.tokenize(_speeches(tmp_path / "speeches")))
    ex.set_pattern("nation*")
    return ex


def test_save_with_root_writes_inside_it(speeches_explorer, tmp_path):
    root = tmp_path / "tables"
    paths = speeches_explorer.save("week1", root=root)
    assert [p.relative_to(root).as_posix() for p in paths] == [
        "week1/nation-kwic.csv", "week1/nation-counts.csv", "week1/nation-dispersion.csv",
        "week1/nation-collocates.csv"]
    kwic = pd.read_csv(root / "week1" / "nation-kwic.csv")
    assert len(kwic) == len(cnb.kwic(speeches_explorer.tokens, "nation*"))


def test_save_with_root_refuses_a_file_link_out(speeches_explorer, tmp_path):
    root, victim = tmp_path / "tables", tmp_path / "victim.csv"
    root.mkdir()
    victim.write_text("keep me")
    (root / "nation-counts.csv").symlink_to(victim)
    with pytest.raises(CorpusError, match="nation-counts.csv is a link to .*victim.csv, "
                                          "outside"):
        speeches_explorer.save("", root=root, overwrite=True)
    assert victim.read_text() == "keep me"
    assert sorted(p.name for p in root.iterdir()) == ["nation-counts.csv"]  # nothing written


def test_save_with_root_refuses_parent_and_writes_nothing(speeches_explorer, tmp_path):
    with pytest.raises(CorpusError, match="goes up with '..'"):
        speeches_explorer.save("../x", root=tmp_path / "tables")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["speeches"]


def test_the_app_box_cannot_leave_the_save_dir(tmp_path):
    app = cnb.explore(_speeches(tmp_path / "speeches"), pattern="nation*",
                      save_dir=tmp_path / "tables")
    assert app.folder.value == "" and str(tmp_path / "tables") in app.folder.placeholder
    app.folder.value = str(tmp_path / "elsewhere")
    assert app.save() == []
    assert "is an absolute path; give a folder inside" in app.message.value
    app.folder.value = "../elsewhere"
    assert app.save() == [] and "goes up with" in app.message.value
    assert not (tmp_path / "elsewhere").exists()
    app.folder.value = "run1"
    assert len(app.save()) == 5  # the theme table too
    assert app.message.value.startswith(f"Saved 5 tables in {tmp_path / 'tables' / 'run1'}: ")


# --- a real server on 127.0.0.1 --------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _kernels(pid: int) -> list[int]:
    """The kernel processes below ``pid`` (its children and theirs, from /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            children.setdefault(int(stat.read_text().rsplit(")", 1)[1].split()[1]),
                                []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            todo.append(child)
            with contextlib.suppress(OSError):
                if b"ipykernel" in (Path("/proc") / str(child) / "cmdline").read_bytes():
                    found.append(child)
    return found


def _get(port: int, path: str, host: str | None = None, headers: dict | None = None,
         timeout: float = 120) -> tuple[int, dict, str]:
    """A GET to 127.0.0.1 (redirects not followed): status, headers, body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": host or f"127.0.0.1:{port}",
                                                 **(headers or {})})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


def _wait(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds} s: {what}")
        time.sleep(0.5)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`corpusnb explore` on a free port with 2 kernels at most, idle ones culled after
    15 s; its token read from what it prints. Stopped (kernels too) at the end."""
    pytest.importorskip("voila")
    tmp = tmp_path_factory.mktemp("explore")
    write_speeches(tmp / "speeches")
    port, log = _free_port(), tmp / "voila.log"
    env = dict(os.environ)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        env[name] = str(tmp / name.lower())
    command = [sys.executable, "-m", "corpusnb.apps.cli", "explore", "--port", str(port),
               "--corpus", str(tmp / "speeches"), "--max-kernels", "2",
               "--idle-minutes", "0.25"]
    with open(log, "wb") as out:
        process = subprocess.Popen(command, env=env, cwd=tmp, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        def ready() -> bool:
            if process.poll() is not None:
                raise RuntimeError(f"the server stopped: {log.read_text()[-2000:]}")
            with contextlib.suppress(OSError):
                return _get(port, "/login", timeout=2)[0] == 200
            return False
        _wait(ready, 120, f"an answer on port {port}")
        token = re.search(r"http://127\.0\.0\.1:\d+/\?token=([0-9a-f]{48})",
                          log.read_text()).group(1)
        yield {"port": port, "token": token, "pid": process.pid, "log": log, "tmp": tmp}
    finally:
        spawned = _kernels(process.pid)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        for pid in spawned:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def test_server_prints_the_url_with_its_token_and_keeps_it_off_argv(server):
    text = server["log"].read_text()
    assert f"open http://127.0.0.1:{server['port']}/?token={server['token']}" in text
    assert f"tables are saved inside {server['tmp'] / 'corpusnb-explorer-tables'}" in text
    assert server["token"].encode() not in (Path("/proc") / str(server["pid"]) / "cmdline"
                                            ).read_bytes()


def test_no_token_no_page_and_no_kernel(server):
    port = server["port"]
    for path in ("/", "/?token=" + "0" * 48, "/explore.ipynb"):
        status, headers, _ = _get(port, path)
        assert status == 302, path  # Jupyter's way: to the login page, which asks for it
        assert headers["Location"].startswith("/login?next=")
    status, _, _ = _get(port, "/api/kernels/00000000-0000-0000-0000-000000000000/channels",
                        headers={"Upgrade": "websocket", "Connection": "Upgrade",
                                 "Sec-WebSocket-Version": "13",
                                 "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="})
    assert status == 403
    assert _kernels(server["pid"]) == []


def test_other_hosts_are_refused_even_with_the_token(server):
    port, token = server["port"], server["token"]
    assert _get(port, "/login", host=f"localhost:{port}")[0] == 200
    for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1.nip.io:{port}"):
        assert _get(port, f"/?token={token}", host=host)[0] == 403, host
        assert _get(port, "/login", host=host)[0] == 403, host
    status, _, _ = _get(port, "/api/kernels/00000000-0000-0000-0000-000000000000/channels"
                        f"?token={token}", host=f"evil.example:{port}",
                        headers={"Origin": f"http://evil.example:{port}",
                                 "Upgrade": "websocket", "Connection": "Upgrade",
                                 "Sec-WebSocket-Version": "13",
                                 "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="})
    assert status == 403  # DNS rebinding: the kernel websocket of a page of another site
    assert _kernels(server["pid"]) == []


def test_kernels_are_capped_then_culled_when_idle(server):
    port, token, pid = server["port"], server["token"], server["pid"]
    assert _kernels(pid) == []
    with concurrent.futures.ThreadPoolExecutor(4) as pool:  # K + 2 pages at once
        answers = list(pool.map(lambda _: _get(port, f"/?token={token}"), range(4)))
    assert sorted(status for status, _, _ in answers) == [200, 200, 503, 503]
    assert len(_kernels(pid)) == 2
    page = next(body for status, _, body in answers if status == 200)
    assert "cnb-explorer" in page or "application/vnd.jupyter.widget-view+json" in page
    refused = next(body for status, _, body in answers if status == 503)
    assert "The explorer already runs 2 pages, the most this server allows " \
           "(--max-kernels 2)" in html.unescape(refused)
    assert "shut down after 15 seconds" in html.unescape(refused)
    assert "cdn.jsdelivr" not in refused and "font-awesome" not in refused
    _wait(lambda: _kernels(pid) == [], 90, "the idle kernels culled")
    assert server["log"].read_text().count("Culling 'idle' kernel 'python3'") == 2
    status, _, _ = _get(port, f"/?token={token}")  # room again
    assert status == 200 and len(_kernels(pid)) == 1


def _message(msg_type: str, content: dict) -> str:
    header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": "test",
              "username": "test", "date": "2026-01-01T00:00:00Z", "version": "5.3"}
    return json.dumps({"header": header, "parent_header": {}, "metadata": {},
                       "content": content, "channel": "shell", "buffers": []})


async def _kernel_socket(port: int, kernel: str, cookie: str, origin: str):
    """The kernel's websocket as the page opens it: with the login cookie, no token."""
    from tornado import httpclient, websocket

    request = httpclient.HTTPRequest(f"ws://127.0.0.1:{port}/api/kernels/{kernel}/channels",
                                     headers={"Origin": origin, "Cookie": cookie},
                                     request_timeout=30)
    return await websocket.websocket_connect(request)


def test_what_held_before_still_holds(server):
    """No kernel, contents or files API; a websocket from another origin gets 403; one
    from the page's origin talks to the kernel but cannot run code. (As in Jupyter, a
    request that carries the token itself skips the origin check: only the token's
    holder can make it.)"""
    from tornado import httpclient

    port, token, pid = server["port"], server["token"], server["pid"]
    for path in ("/api/kernels", "/api/contents", "/api/sessions", "/files/voila.log",
                 "/tree", "/lab"):
        status, headers, _ = _get(port, f"{path}?token={token}")
        if status == 302:  # Voila sends other paths to /voila/files/, which has an allow list
            assert headers["Location"] == f"/voila/files{path}", path
            status = _get(port, headers["Location"])[0]
        assert status in (403, 404), path
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", f"/?token={token}")
    response = connection.getresponse()
    status, body = response.status, response.read().decode()
    cookie = "; ".join(c.split(";")[0] for c in response.headers.get_all("Set-Cookie"))
    connection.close()
    assert status == 200
    kernel = re.search(r'"kernelId": "([0-9a-f-]{36})"', body).group(1)
    target = server["tmp"] / "ran.txt"

    async def talk() -> list[str]:
        with pytest.raises(httpclient.HTTPClientError, match="403"):
            await _kernel_socket(port, kernel, cookie, "http://evil.example")
        socket_ = await _kernel_socket(port, kernel, cookie, f"http://127.0.0.1:{port}")
        socket_.write_message(_message("execute_request", {
            "code": f"open({str(target)!r}, 'w').write('ran')", "silent": False,
            "store_history": False, "user_expressions": {}, "allow_stdin": False}))
        socket_.write_message(_message("kernel_info_request", {}))
        types = []
        while "kernel_info_reply" not in types:
            reply = await asyncio.wait_for(socket_.read_message(), 30)
            types.append(json.loads(reply)["header"]["msg_type"])
        await asyncio.sleep(2)  # time enough for an execute_request to have run
        socket_.close()
        return types

    types = asyncio.run(talk())
    assert "execute_reply" not in types and not target.exists()
    assert 'Received message of type "execute_request", which is not allowed' in \
        server["log"].read_text()
    assert len(_kernels(pid)) >= 1
