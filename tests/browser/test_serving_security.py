"""Security of the served dashboard (`make dashboard`, started by tests/serving.py on a free port).

* A kernel ``execute_request`` sent over the page's own kernel websocket is not executed: neither from
  the page's JavaScript (the very connection the widgets use) nor from a Python websocket client
  connected to the websocket URL the page uses. The code would create a marker file; the file never
  appears and no ``execute_reply`` comes back, while an allowed ``kernel_info_request`` on the same
  connection is answered (so the silence is not a dead connection).
* Notebooks, Python files, YAML data, the server's own settings and anything outside the notebook
  folder cannot be fetched: every attempt (plain paths, ``../`` and encoded traversal, Jupyter's REST
  API and file routes) is refused and the answer never holds the file's content.
* The query string cannot switch the template or the theme, the page holds no notebook source, and the
  server listens on 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime
import http.client
import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.serving import ROOT, Server, serve

DASHBOARD_NB = ROOT / "notebooks" / "dashboards" / "patient_dashboard.ipynb"
NOT_ALLOWED = 'Received message of type "{}", which is not allowed. Ignoring.'


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """A server of its own: requests with ?template= or ?theme= start kernels that no page uses."""
    with serve("dashboard", wait_for_pool=True) as srv:
        yield srv


def fetch(server: Server, path: str, method: str = "GET") -> tuple[list[int], bytes]:
    """Request ``path`` exactly as written (no client-side normalisation of ``..`` or ``%2e``),
    following same-host redirects; return the status chain and the final body."""
    statuses: list[int] = []
    for _ in range(5):
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        try:
            conn.request(method, path)
            response = conn.getresponse()
            body = response.read()
        finally:
            conn.close()
        statuses.append(response.status)
        location = response.getheader("Location")
        if response.status in (301, 302, 303, 307, 308) and location:
            assert location.startswith("/"), f"redirect to another host: {location}"
            path = location
            continue
        return statuses, body
    raise AssertionError(f"redirect loop: {statuses}")


# --- files ---------------------------------------------------------------------------------------
def _snippet(path: Path, text: str) -> bytes:
    content = path.read_text(encoding="utf-8")
    assert text in content, f"{text!r} is not in {path}; update the test"
    return text.encode()


#: What a leaked file would show: (file, a string that is in it).
SECRETS = {
    "notebook": (DASHBOARD_NB, '"cell_type"'),
    "python": (ROOT / "osteo_lib" / "content" / "dashboard.py", "def load_dashboard"),
    "yaml": (ROOT / "data" / "methods.yaml", "schema_version"),
    "voila.json": (ROOT / "voila.json", "allow_template_override"),
    "makefile": (ROOT / "Makefile", "JUPYTER_PATH="),
    "template": (ROOT / "share" / "jupyter" / "voila" / "templates" / "osteo" / "index.html.j2", "block notebook_css"),
    "passwd": (Path("/etc/passwd"), "root:"),
}

ATTEMPTS = [
    ("notebook", "/patient_dashboard.ipynb"),
    ("notebook", "/notebooks/dashboards/patient_dashboard.ipynb"),
    ("notebook", "/voila/files/patient_dashboard.ipynb"),
    ("notebook", "/voila/render/patient_dashboard.ipynb"),
    ("notebook", "/files/notebooks/dashboards/patient_dashboard.ipynb"),
    ("notebook", "/api/contents/notebooks/dashboards/patient_dashboard.ipynb"),
    ("notebook", "/voila/api/contents/patient_dashboard.ipynb"),
    ("python", "/osteo_lib/content/dashboard.py"),
    ("python", "/voila/files/osteo_lib/content/dashboard.py"),
    ("python", "/voila/files/../../osteo_lib/content/dashboard.py"),
    ("python", "/voila/files/..%2F..%2Fosteo_lib%2Fcontent%2Fdashboard.py"),
    ("yaml", "/data/methods.yaml"),
    ("yaml", "/voila/files/../../data/methods.yaml"),
    ("yaml", "/voila/files/%2e%2e/%2e%2e/data/methods.yaml"),
    ("voila.json", "/voila.json"),
    ("voila.json", "/voila/files/voila.json"),
    ("voila.json", "/voila/files/../../voila.json"),
    ("voila.json", "/voila/files/..%2F..%2Fvoila.json"),
    ("voila.json", "/voila/files/%252e%252e/%252e%252e/voila.json"),
    ("voila.json", "/static/../voila.json"),
    ("voila.json", "/files/voila.json"),
    ("voila.json", "/files/../voila.json"),
    ("voila.json", "/api/contents/voila.json"),
    ("voila.json", "/voila/labextensions/../../../../../voila.json"),
    ("voila.json", "/voila/labextensions/%2e%2e/%2e%2e/%2e%2e/%2e%2e/voila.json"),
    ("voila.json", "/voila/api/themes/../../../../voila.json"),
    ("voila.json", "/voila/api/themes/%2e%2e/%2e%2e/%2e%2e/%2e%2e/voila.json"),
    ("voila.json", "/voila/templates/osteo/static/../../../../../voila.json"),
    ("makefile", "/Makefile"),
    ("makefile", "/voila/files/../../Makefile"),
    ("template", "/voila/templates/osteo/index.html.j2"),
    ("template", "/voila/templates/osteo/static/..%2Findex.html.j2"),
    ("template", "/voila/static/../templates/osteo/index.html.j2"),
    ("passwd", "//etc/passwd"),
    ("passwd", "/voila/files//etc/passwd"),
    ("passwd", "/voila/files/%2Fetc%2Fpasswd"),
    ("passwd", "/voila/static/../../../../../../../../etc/passwd"),
    ("passwd", "/voila/static/..%2F..%2F..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd"),
    ("passwd", "/voila/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd"),
]


@pytest.mark.parametrize(("kind", "path"), ATTEMPTS, ids=[p for _, p in ATTEMPTS])
def test_files_cannot_be_fetched(server: Server, kind: str, path: str) -> None:
    statuses, body = fetch(server, path)
    final = statuses[-1]
    # Voila's template-asset route (/voila/templates/<name>/static/...) fails an internal check on paths
    # that do not resolve to "<template>/static/<file>" and answers 500, with no content either.
    refused = {403, 404} | ({500} if path.startswith("/voila/templates/") else set())
    assert final in refused, f"{path}: status {statuses}"
    file, text = SECRETS[kind]
    assert _snippet(file, text) not in body, f"{path} returned {file}"
    assert b"Traceback" not in body


@pytest.mark.parametrize(
    "path",
    [
        "/api/contents",
        "/api/kernels",
        "/api/sessions",
        "/api/kernelspecs",
        "/api/terminals",
        "/api/nbconvert",
        "/api/config/notebook",
        "/api/status",
        "/tree",
        "/lab",
        "/voila/tree",
        "/voila/api/contents/",
        "/terminals/1",
        "/voila/execution/00000000-0000-0000-0000-000000000000",
    ],
)
def test_jupyter_server_routes_are_not_there(server: Server, path: str) -> None:
    """No contents API, kernel list, sessions, terminals, file tree or JupyterLab: standalone Voila
    serves one notebook, and everything else falls through to the static-file route, which refuses."""
    statuses, body = fetch(server, path)
    assert statuses[-1] in {403, 404}, f"{path}: {statuses}"
    assert b"kernel" not in body.lower() and b".ipynb" not in body


def _settled_kernels(server: Server) -> list[int]:
    """The server's kernel pids once they stop changing (a pool refill may be under way)."""
    pids, since = server.kernel_pids(), time.monotonic()
    while time.monotonic() - since < 3:
        time.sleep(0.5)
        now = server.kernel_pids()
        if now != pids:
            pids, since = now, time.monotonic()
    return pids


def test_post_cannot_start_a_kernel(server: Server) -> None:
    before = _settled_kernels(server)
    for path in ("/api/kernels", "/api/sessions"):
        statuses, body = fetch(server, path, method="POST")
        assert statuses[-1] >= 400, f"POST {path}: {statuses} {body[:200]!r}"
    time.sleep(2)
    assert server.kernel_pids() == before


# --- the page ------------------------------------------------------------------------------------
def test_page_has_no_source_and_names_no_other_host(server: Server) -> None:
    statuses, body = fetch(server, "/")
    html = body.decode("utf-8")
    assert statuses == [200]
    assert "jupyter-config-data" in html  # the real page
    source = "".join(
        "".join(c["source"]) for c in json.loads(DASHBOARD_NB.read_text())["cells"] if c["cell_type"] == "code"
    )
    for line in filter(None, (line.strip() for line in source.splitlines())):
        assert line not in html, f"notebook source in the page: {line!r}"
    for needle in ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "unpkg.com", "fontawesome", "mathjax@", "mermaid.esm"):
        assert needle not in html, f"the page names {needle}"


@pytest.mark.parametrize("query", ["?template=lab", "?template=classic", "?template=reveal"])
def test_query_string_cannot_switch_template(server: Server, query: str) -> None:
    statuses, body = fetch(server, "/" + query)
    html = body.decode("utf-8")
    assert statuses == [200]
    assert "/voila/templates/osteo/static/" in html  # still the workbook's template
    assert "fontawesome" not in html and "cdn.jsdelivr.net" not in html


def test_query_string_cannot_switch_theme(server: Server) -> None:
    statuses, body = fetch(server, "/?theme=dark")
    html = body.decode("utf-8")
    assert statuses == [200]
    assert 'class="jp-Notebook theme-light"' in html and "theme-dark" not in html
    assert '"jupyterLabTheme": "light"' in html


def test_listens_on_loopback_only(server: Server) -> None:
    import psutil

    assert f"running at:\nhttp://127.0.0.1:{server.port}/" in server.log_text()
    pids = [server.voila_pid(), *server.kernel_pids()]
    listening = [
        c.laddr
        for pid in pids
        for c in psutil.Process(pid).net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN
    ]
    assert any(addr.port == server.port for addr in listening)
    assert all(addr.ip == "127.0.0.1" for addr in listening), listening


# --- the kernel websocket ------------------------------------------------------------------------
def _marker_code(marker: Path) -> str:
    return f"import pathlib; pathlib.Path({str(marker)!r}).write_text('executed')"


def _open_dashboard(context: Any, server: Server) -> tuple[Any, list[str]]:
    page = context.new_page()
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.goto(server.url)
    page.get_by_role("button", name="My pain diary").wait_for(timeout=90_000)
    return page, sockets


def test_execute_request_from_the_page_is_not_run(server: Server, context: Any, tmp_path: Path) -> None:
    """The page's own kernel connection (the one its widgets use) cannot run code."""
    page, sockets = _open_dashboard(context, server)
    marker = tmp_path / "ran-from-page"
    kernel_id = page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    ignored_before = server.count(NOT_ALLOWED.format("execute_request"))
    result = page.evaluate(
        """async (code) => {
            const kernel = window.jupyterapp.widgetManager.kernel;
            const seen = [];
            const future = kernel.requestExecute({code, silent: false, store_history: false});
            future.onReply = (msg) => seen.push('reply:' + msg.content.status);
            future.onIOPub = (msg) => seen.push('iopub:' + msg.header.msg_type);
            const outcome = await Promise.race([
                future.done.then(() => 'done', () => 'failed'),
                new Promise((resolve) => setTimeout(() => resolve('no answer'), 6000)),
            ]);
            const info = await kernel.requestKernelInfo();
            return {id: kernel.id, outcome, seen, info: info.content.status};
        }""",
        _marker_code(marker),
    )
    assert result["id"] == kernel_id and any(kernel_id in url for url in sockets)
    assert result["outcome"] == "no answer" and result["seen"] == [], result
    assert result["info"] == "ok", "the same connection answers allowed messages"
    assert not marker.exists(), "the kernel ran code sent from the page"
    server.wait_for_log(NOT_ALLOWED.format("execute_request"), count=ignored_before + 1, timeout=10)
    # The page still works after the attempt: a widget click is handled by the kernel.
    page.get_by_role("button", name="Get help now", exact=True).click()
    page.get_by_role("heading", name="Get help now").first.wait_for(timeout=60_000)


def _message(msg_type: str, content: dict[str, Any], session: str) -> dict[str, Any]:
    return {
        "header": {
            "msg_id": uuid.uuid4().hex,
            "msg_type": msg_type,
            "session": session,
            "username": "visitor",
            "date": datetime.datetime.now(datetime.UTC).isoformat(),
            "version": "5.3",
        },
        "parent_header": {},
        "metadata": {},
        "content": content,
        "buffers": [],
        "channel": "control" if msg_type == "debug_request" else "shell",
    }


async def _probe(url: str, requests: list[dict[str, Any]], wait: float) -> list[dict[str, Any]]:
    """Send ``requests`` on a fresh connection to ``url``; return every message answering one of them."""
    from tornado.websocket import websocket_connect

    ws = await websocket_connect(url)
    ids = {r["header"]["msg_id"] for r in requests}
    answers: list[dict[str, Any]] = []
    try:
        for r in requests:
            await ws.write_message(json.dumps(r))
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                raw = await asyncio.wait_for(ws.read_message(), timeout=max(0.05, deadline - time.monotonic()))
            except TimeoutError:
                break
            if raw is None:
                break
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") in ids:
                answers.append(msg)
    finally:
        ws.close()
    return answers


def test_execute_request_over_the_page_websocket_url_is_not_run(server: Server, context: Any, tmp_path: Path) -> None:
    """A client that connects to the kernel websocket URL the page uses cannot run code either, nor
    reach the debugger (which can evaluate code), nor ask for completions or history."""
    page, sockets = _open_dashboard(context, server)
    kernel_id = page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    page_socket = next(url for url in sockets if f"/api/kernels/{kernel_id}/channels" in url)
    url = page_socket.split("?", 1)[0] + f"?session_id={uuid.uuid4()}"
    marker = tmp_path / "ran-from-client"
    session = uuid.uuid4().hex
    forbidden = [
        _message(
            "execute_request",
            {
                "code": _marker_code(marker),
                "silent": False,
                "store_history": False,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            },
            session,
        ),
        _message(
            "debug_request",
            {"seq": 1, "type": "request", "command": "initialize", "arguments": {"adapterID": "probe"}},
            session,
        ),
        _message("complete_request", {"code": "import o", "cursor_pos": 8}, session),
        _message("history_request", {"output": False, "raw": True, "hist_access_type": "tail", "n": 10}, session),
    ]
    allowed = _message("kernel_info_request", {}, session)
    counts = {m["header"]["msg_type"]: server.count(NOT_ALLOWED.format(m["header"]["msg_type"])) for m in forbidden}

    # Playwright's sync API keeps an event loop on this thread; the websocket client runs on its own.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        answers = pool.submit(asyncio.run, _probe(url, [*forbidden, allowed], wait=6.0)).result(timeout=60)

    types = sorted(a["header"]["msg_type"] for a in answers if a["header"]["msg_type"] != "status")
    assert types == ["kernel_info_reply"], f"answers: {types}"
    assert not marker.exists(), "the kernel ran code sent over its websocket"
    for msg_type, before in counts.items():
        assert server.count(NOT_ALLOWED.format(msg_type)) == before + 1, f"{msg_type} was not refused by the server"
    # The page's own session is untouched by the attempt.
    page.get_by_role("button", name="What may help").click()
    page.get_by_role("heading", name="What may help").first.wait_for(timeout=60_000)
