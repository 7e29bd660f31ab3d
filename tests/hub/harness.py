"""Run deploy/jupyterhub/jupyterhub_config.py for real on loopback, and act as students over HTTP.

`running_hub(...)` starts JupyterHub (with configurable-http-proxy from ./node_modules) on free
127.0.0.1 ports, its sqlite database, cookie secret and the students' folders in a temporary
directory, and stops everything afterwards: the hub, which stops the proxy, the idle-culler service
and every student's server; anything still alive after that is reported and killed by its pid.

`Student` is one person with one browser-like cookie jar (requests.Session): log in through the hub's
form, wait for their own server, call its REST API with the XSRF header JupyterLab would send, and
run code in a kernel over the kernel websocket, the way JupyterLab runs a notebook cell.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import websocket

from tests.serving import ROOT, free_port

CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
JUPYTERHUB = ROOT / ".venv" / "bin" / "jupyterhub"
CHP = ROOT / "node_modules" / ".bin" / "configurable-http-proxy"


@dataclass
class Hub:
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    root: Path  # the temporary directory: state/ and homes/ live here
    proxy_api_port: int
    stop_seconds: float = 0.0
    leftovers: list[str] = field(default_factory=list)

    @property
    def homes(self) -> Path:
        return self.root / "homes"

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def _descendants_by_cwd(root: Path, proxy_api_port: int) -> dict[int, str]:
    """Processes this hub started: anything whose working directory is inside `root` (the hub's
    state dir, each student's folder, their kernels) or the proxy bound to our API port."""
    found: dict[int, str] = {}
    root_s = str(root.resolve())
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cwd = os.readlink(entry / "cwd")
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        if cwd == root_s or cwd.startswith(root_s + os.sep) or f"--api-port {proxy_api_port}" in cmdline:
            found[int(entry.name)] = cmdline[:200]
    return found


@contextlib.contextmanager
def running_hub(tmp: Path, env: dict[str, str], timeout: float = 60.0) -> Iterator[Hub]:
    """Start the project's hub config with OSTEO_HUB_* settings `env` (ports, paths filled in here)."""
    assert JUPYTERHUB.exists(), f"{JUPYTERHUB} is missing: run `make install-test`"
    assert CHP.exists(), f"{CHP} is missing: run `make node-tools`"
    tmp.mkdir(parents=True, exist_ok=True)
    proxy_port, hub_port, api_port = free_port(), free_port(), free_port()
    settings = {
        "OSTEO_HUB_BIND_URL": f"http://127.0.0.1:{proxy_port}",
        "OSTEO_HUB_HUB_PORT": str(hub_port),
        "OSTEO_HUB_PROXY_API_PORT": str(api_port),
        "OSTEO_HUB_PROXY_COMMAND": str(CHP),
        "OSTEO_HUB_STATE_DIR": str(tmp / "state"),
        "OSTEO_HUB_SPAWNER": "simple",
        "OSTEO_HUB_HOME_ROOT": str(tmp / "homes"),
        **env,
    }
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("OSTEO_HUB_")}
    full_env.update(settings)
    log = tmp / "hub.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(JUPYTERHUB), "-f", str(CONFIG)],
            cwd=tmp,
            env=full_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    hub = Hub(f"http://127.0.0.1:{proxy_port}", proc, log, tmp, api_port)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"jupyterhub exited with {proc.returncode}:\n{hub.log_text()[-4000:]}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{hub.url}/hub/health", timeout=5).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise TimeoutError(f"hub did not answer within {timeout} s:\n{hub.log_text()[-4000:]}")
            time.sleep(0.3)
        yield hub
    finally:
        stop_hub(hub)


def stop_hub(hub: Hub, grace: float = 60.0) -> None:
    """SIGTERM the hub (it stops the proxy, services and servers), then kill whatever it left."""
    if hub.process.poll() is None:
        started = time.monotonic()
        hub.process.send_signal(signal.SIGTERM)
        try:
            hub.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            hub.leftovers.append(f"hub {hub.process.pid} ignored SIGTERM for {grace} s")
            os.killpg(hub.process.pid, signal.SIGKILL)
            hub.process.wait()
        hub.stop_seconds = time.monotonic() - started
    for _ in range(20):  # servers and kernels may need a moment after the hub has gone
        left = _descendants_by_cwd(hub.root, hub.proxy_api_port)
        if not left:
            return
        time.sleep(0.25)
    for pid, cmd in left.items():
        hub.leftovers.append(f"{pid}: {cmd}")
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def still_running(hub: Hub) -> dict[int, str]:
    return _descendants_by_cwd(hub.root, hub.proxy_api_port)


def processes_in(folder: Path) -> dict[int, str]:
    """Processes working inside `folder` (a student's server and kernels), pid -> command line."""
    return _descendants_by_cwd(folder, proxy_api_port=-1)


def rss_mb(pids: list[int]) -> float:
    """Resident memory of these processes together, in MB (from /proc/<pid>/status)."""
    total_kb = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
    return round(total_kb / 1024, 1)


@dataclass
class Reply:
    """What one executed cell produced: the execute_reply status and its iopub outputs."""

    status: str
    outputs: list[dict[str, Any]]

    def text(self) -> str:
        parts: list[str] = []
        for out in self.outputs:
            if out["msg_type"] == "stream":
                parts.append(out["content"]["text"])
            elif out["msg_type"] in {"execute_result", "display_data"}:
                data = out["content"]["data"]
                parts.append(data.get("text/html") or data.get("text/plain", ""))
            elif out["msg_type"] == "error":
                parts.append("\n".join(out["content"]["traceback"]))
        return "".join(parts)

    def mime_types(self) -> set[str]:
        return {m for out in self.outputs if "data" in out["content"] for m in out["content"]["data"]}


class Student:
    """One student with their own cookie jar, talking to the hub over HTTP like a browser."""

    def __init__(self, hub: Hub, name: str, password: str) -> None:
        self.hub, self.name, self.password = hub, name, password
        self.session = requests.Session()
        self.server = f"{hub.url}/user/{name}"
        self.landing = ""  # where the hub sent them after logging in

    # --- logging in ---------------------------------------------------------------------------------
    def login(self, password: str | None = None) -> requests.Response:
        page = self.session.get(f"{self.hub.url}/hub/login", timeout=30)
        page.raise_for_status()
        m = re.search(r'name="_xsrf"\s+value="([^"]+)"', page.text)
        assert m, "the hub's login form has no _xsrf field"
        return self.session.post(
            f"{self.hub.url}/hub/login?next=",
            data={
                "username": self.name,
                "password": self.password if password is None else password,
                "_xsrf": m.group(1),
            },
            timeout=60,
        )

    def wait_for_server(self, timeout: float = 400.0) -> str:
        """Follow the hub's redirects until the student's own JupyterLab answers; return its URL."""
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            r = self.session.get(f"{self.server}/", timeout=60)
            last = f"{r.status_code} {r.url}"
            if r.status_code == 200 and r.url.startswith(f"{self.server}/lab"):
                return r.url
            time.sleep(0.5)
        raise TimeoutError(
            f"{self.name}'s server did not start in {timeout} s (last: {last}):\n{self.hub.log_text()[-3000:]}"
        )

    # --- the student's server REST API -----------------------------------------------------------------
    def xsrf(self) -> str:
        for cookie in self.session.cookies:
            if cookie.name == "_xsrf" and cookie.path.rstrip("/") == f"/user/{self.name}":
                return str(cookie.value)
        raise AssertionError(f"no _xsrf cookie for /user/{self.name}/ yet")

    def get(self, url: str, **kw: Any) -> requests.Response:
        return self.session.get(url, timeout=60, **kw)

    def api(self, method: str, path: str, **kw: Any) -> requests.Response:
        headers = {"X-XSRFToken": self.xsrf()} if method.upper() != "GET" else {}
        return self.session.request(method, f"{self.server}/api/{path}", headers=headers, timeout=60, **kw)

    def contents(self, path: str = "") -> list[str]:
        r = self.api("GET", f"contents/{path}")
        assert r.status_code == 200, f"{self.name} cannot list {path!r}: {r.status_code} {r.text[:300]}"
        return sorted(item["name"] for item in r.json()["content"])

    def cookie_header(self, url: str) -> str:
        prepared = self.session.prepare_request(requests.Request("GET", url))
        return str(prepared.headers.get("Cookie", ""))

    # --- opening and running a notebook ---------------------------------------------------------------
    def open_notebook(self, path: str) -> tuple[dict[str, Any], str]:
        """Read the notebook and start its kernel through a session, as JupyterLab does on opening it."""
        r = self.api("GET", f"contents/{path}", params={"content": 1})
        assert r.status_code == 200, f"{self.name} cannot open {path}: {r.status_code} {r.text[:300]}"
        nb = r.json()["content"]
        r = self.api(
            "POST",
            "sessions",
            json={"path": path, "name": Path(path).name, "type": "notebook", "kernel": {"name": "python3"}},
        )
        assert r.status_code == 201, f"{self.name} cannot start a kernel: {r.status_code} {r.text[:300]}"
        return nb, r.json()["kernel"]["id"]

    def connect(self, kernel_id: str) -> KernelChannel:
        ws_url = self.server.replace("http://", "ws://", 1) + f"/api/kernels/{kernel_id}/channels"
        conn = websocket.create_connection(
            f"{ws_url}?session_id={uuid.uuid4().hex}",
            header=[f"Cookie: {self.cookie_header(self.server + '/')}", f"X-XSRFToken: {self.xsrf()}"],
            origin=self.hub.url,
            timeout=120,
        )
        return KernelChannel(conn, self.name)


class KernelChannel:
    """The kernel websocket (Jupyter's JSON message protocol over /api/kernels/<id>/channels)."""

    def __init__(self, conn: websocket.WebSocket, username: str) -> None:
        self.conn, self.username, self.session = conn, username, uuid.uuid4().hex

    def execute(self, code: str, timeout: float = 120.0) -> Reply:
        msg_id = uuid.uuid4().hex
        self.conn.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "msg_type": "execute_request",
                        "username": self.username,
                        "session": self.session,
                        "date": "",
                        "version": "5.3",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "channel": "shell",
                    "buffers": [],
                    "content": {
                        "code": code,
                        "silent": False,
                        "store_history": True,
                        "user_expressions": {},
                        "allow_stdin": False,
                        "stop_on_error": True,
                    },
                }
            )
        )
        status, outputs, idle = "", [], False
        deadline = time.monotonic() + timeout
        while not (status and idle):
            if time.monotonic() > deadline:
                raise TimeoutError(f"no reply to {code[:60]!r} within {timeout} s")
            msg = json.loads(self.conn.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if msg["channel"] == "shell" and kind == "execute_reply":
                status = msg["content"]["status"]
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
            elif kind in {"stream", "display_data", "execute_result", "error"}:
                outputs.append({"msg_type": kind, "content": msg["content"]})
        return Reply(status, outputs)

    def close(self) -> None:
        self.conn.close()


@dataclass
class Classroom:
    """A running ``python -m osteo_lib.apps.classroom`` (what ``make classroom`` starts) and what it wrote."""

    proc: subprocess.Popen[bytes]
    port: int
    api_port: int
    out: Path  # the launcher's printed output
    root: Path  # its --dir
    record: dict[str, Any]  # classroom.json
    ready_seconds: float

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextlib.contextmanager
def classroom_launcher(tmp: Path, code: str, room: int = 3, *extra: str, timeout: float = 600) -> Iterator[Classroom]:
    """Start the classroom launcher on free ports with its folders in ``tmp``; wait until it has written
    classroom.json (the room is ready); stop it with Ctrl+C at the end (killed after 120 s)."""
    import sys

    port, hub_port, api_port = free_port(), free_port(), free_port()
    out, root = tmp / "launcher.out", tmp / "c"
    with out.open("wb") as sink:
        proc = subprocess.Popen(
            [
                *(sys.executable, "-m", "osteo_lib.apps.classroom", "--room", str(room), "--port", str(port)),
                *("--code", code, "--dir", str(root), "--student-version", str(tmp / "sv")),
                *("--hub-port", str(hub_port), "--api-port", str(api_port), *extra),
            ],
            cwd=ROOT,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    record_file = root / "classroom.json"
    t0 = time.monotonic()
    try:
        while not record_file.exists():
            if proc.poll() is not None:
                raise RuntimeError(f"the classroom launcher exited:\n{out.read_text()[-3000:]}")
            if time.monotonic() - t0 > timeout:
                raise TimeoutError(f"the classroom did not get ready in {timeout} s:\n{out.read_text()[-3000:]}")
            time.sleep(0.5)
        ready = round(time.monotonic() - t0, 1)
        yield Classroom(proc, port, api_port, out, root, json.loads(record_file.read_text()), ready)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=120)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
