"""The hardened Voila settings in voila.json are the ones in effect, checked by behaviour where it shows.

* ``test_voila_loads_the_settings``: Voila's own loader, run like `make dashboard` (same cwd, argv and
  JUPYTER_PATH), reads every setting from voila.json into the traits that use them (VoilaConfiguration,
  VoilaExecutor, MappingKernelManager, the per-kernel KernelManager) and picks the workbook's python3 kernelspec.
* Behaviour on a served page (each test starts `make dashboard`, some with ``DASHBOARD=`` a notebook
  made for the test, some with ``VOILA_ARGS=`` shorter limits): pre-heated kernels serve the first page;
  tracebacks (at render time and from a widget callback) and the notebook's source never reach the page;
  files beside the notebook are not served; a cell that runs too long is stopped by the execution
  timeout; kernels talk to the server over CurveZMQ and keep no history; and a page closed abruptly
  leaves no kernel behind (idle culling), while an open page keeps its kernel however quiet it is.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest

from tests.browser.conftest import assert_not_stopped, page_kernel_id
from tests.serving import CHROMIUM, POOL_FILLED, ROOT, Server, free_port, serve

DASHBOARD_NB = ROOT / "notebooks" / "dashboards" / "patient_dashboard.ipynb"
SETTINGS = json.loads((ROOT / "voila.json").read_text(encoding="utf-8"))


def get(server: Server, path: str = "/") -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", errors="replace")
    finally:
        conn.close()


def write_notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(nb, path)
    return path


# --- the loaded configuration ----------------------------------------------------------------------
def test_voila_loads_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
    from voila.app import Voila
    from voila.execute import VoilaExecutor

    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("JUPYTER_PATH", str(ROOT / "share" / "jupyter"))
    app = Voila()
    previous = signal.getsignal(signal.SIGTERM)
    try:
        app.initialize(["--no-browser", "--Voila.ip=127.0.0.1", "--port=8866", str(DASHBOARD_NB.relative_to(ROOT))])
    finally:
        signal.signal(signal.SIGTERM, previous)  # Voila installs its own handler

    assert (app.ip, app.port_retries, app.open_browser) == ("127.0.0.1", 0, False)
    assert app.root_dir == str(DASHBOARD_NB.parent)  # /voila/files/ could only reach the notebook folder
    vc = app.voila_configuration
    for name, value in SETTINGS["VoilaConfiguration"].items():
        assert getattr(vc, name) == value, name
    assert vc.preheat_kernel and vc.default_pool_size >= 1 and not vc.progressive_rendering
    assert vc.allow_template_override == vc.allow_theme_override == "NO"
    assert any(p.endswith("share/jupyter/voila/templates/osteo") for p in app.template_paths)

    executor = VoilaExecutor(nbformat.v4.new_notebook(), config=app.config)
    assert executor.timeout == SETTINGS["VoilaExecutor"]["timeout"] > 0
    assert executor.startup_timeout == SETTINGS["VoilaExecutor"]["startup_timeout"]
    assert executor.iopub_timeout == SETTINGS["VoilaExecutor"]["iopub_timeout"] >= 30

    km = AsyncMappingKernelManager(parent=app)
    for name, value in SETTINGS["MappingKernelManager"].items():
        assert getattr(km, name) == value, name
    assert km.cull_idle_timeout > 0 and km.cull_interval > 0
    # A restarted kernel has none of the page's widgets: a dead kernel must stay dead (and be replaced).
    assert SETTINGS["KernelManager"] == {"autorestart": False}
    assert km.kernel_manager_factory(parent=km, log=km.log).autorestart is False  # as start_kernel builds it

    spec = KernelSpecManager(parent=app).get_kernel_spec("python3")
    assert Path(spec.resource_dir) == ROOT / "share" / "jupyter" / "kernels" / "python3"
    assert "--HistoryManager.enabled=False" in spec.argv and "curve" in spec.metadata["supported_encryption"]


# --- the dashboard as served -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def server(dashboard_server: Server) -> Server:
    """The session's `make dashboard` server (tests/browser/conftest.py)."""
    return dashboard_server


def test_first_page_comes_from_a_preheated_kernel(server: Server, context: Any) -> None:
    server.wait_for_log(r"Kernel pool of patient_dashboard\.ipynb is filled with \d+ kernel", timeout=120)
    filled = server.count(POOL_FILLED)
    page = context.new_page()
    page.goto(server.url)
    page.get_by_role("button", name="Understand my pain").wait_for(timeout=90_000)
    kernel = page_kernel_id(page)
    assert f"Using pre-heated kernel: {kernel} for patient_dashboard.ipynb" in server.log_text()
    server.wait_for_log(POOL_FILLED, count=filled + 1, timeout=120)  # the pool refills for the next visitor
    config = json.loads(page.locator("#jupyter-config-data").text_content())
    assert config["progressiveRendering"] is False


def test_kernels_use_curve_encryption_and_keep_no_history(server: Server) -> None:
    import psutil

    log = server.log_text()
    assert "Kernel is running over TCP without encryption" not in log
    pids = server.kernel_pids()
    assert pids
    for pid in pids:
        cmdline = psutil.Process(pid).cmdline()
        assert "--HistoryManager.enabled=False" in cmdline
        connection = json.loads(Path(cmdline[cmdline.index("-f") + 1]).read_text())
        # Unix sockets (osteo_lib.apps.serve.main), beside the connection file in the private runtime folder
        assert connection["transport"] == "ipc"
        assert Path(connection["ip"]).parent == Path(cmdline[cmdline.index("-f") + 1]).parent
        assert connection.get("curve_publickey") and connection.get("curve_secretkey")


# --- notebooks made for a test -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def probe_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("probe-notebooks")


def test_no_traceback_no_source_no_files(probe_dir: Path, context: Any) -> None:
    """A notebook whose last cell fails, with a button whose callback fails, and a picture beside it."""
    render_secret, runtime_secret = f"render-{uuid.uuid4().hex}", f"runtime-{uuid.uuid4().hex}"
    nb = write_notebook(
        probe_dir / "failing.ipynb",
        "import ipywidgets as w\nout = w.Output()\nbutton = w.Button(description='Try it')\n"
        "def fail(_):\n    button.description = 'Clicked'\n    with out:\n"
        f"        raise ValueError({runtime_secret!r})\n"
        "button.on_click(fail)\nw.VBox([button, out])",
        f"raise ValueError({render_secret!r})",
    )
    (probe_dir / "picture.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><title>probe</title></svg>')
    with serve("dashboard", extra={"DASHBOARD": str(nb)}) as srv:
        page = context.new_page()
        html = page.goto(srv.url).text()
        assert "There was an error when executing cell" in html  # Voila's replacement text
        for secret in (render_secret, runtime_secret):
            assert secret not in html
        assert "Traceback" not in html and "ValueError" not in html
        page.get_by_role("button", name="Try it").click()
        page.get_by_role("button", name="Clicked").wait_for(timeout=60_000)  # the callback ran and failed
        page.wait_for_timeout(1500)
        content = page.content()
        assert runtime_secret not in content and "Traceback" not in content
        assert runtime_secret in srv.log_text() or render_secret in srv.log_text()  # errors go to the log only
        # file_allowlist is empty: not even a picture next to the notebook is served.
        status, body = get(srv, "/voila/files/picture.svg")
        assert status == 403 and "probe" not in body


def test_a_cell_that_runs_too_long_is_stopped(probe_dir: Path) -> None:
    nb = write_notebook(probe_dir / "slow.ipynb", "import time\ntime.sleep(300)", "print('AFTER-' + 'SLEEP')")
    with serve("dashboard", extra={"DASHBOARD": str(nb), "VOILA_ARGS": "--VoilaExecutor.timeout=3"}) as srv:
        start = time.monotonic()
        status, html = get(srv)
        took = time.monotonic() - start
        assert status == 200 and "Cell execution timed out" in html and "AFTER-SLEEP" not in html
        assert took < 60, f"the page took {took:.0f} s"
        assert "A cell timed out while it was being executed, after 3 seconds" in srv.log_text()


# --- culling ----------------------------------------------------------------------------------------
@contextlib.contextmanager
def own_chromium(user_dir: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """A Chromium this test starts itself (its own process group), so it can be killed like a crash."""
    port = free_port()
    proc = subprocess.Popen(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-breakpad",
            "--disable-crash-reporter",
            f"--user-data-dir={user_dir}",
            f"--remote-debugging-port={port}",
            "--remote-debugging-address=127.0.0.1",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        yield proc, f"http://127.0.0.1:{port}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=20)


def _kernel_exists(server: Server, kernel_id: str) -> bool:
    status, _ = get(server, f"/api/kernels/{kernel_id}")
    assert status in (200, 404), status
    return status == 200


def test_a_page_closed_abruptly_leaves_no_kernel(tmp_path: Path, browser: Any) -> None:
    # However slow the machine, neither the pool's kernel (while it starts and renders) nor the page's
    # (from the moment the page takes it) is culled before the browser connects (osteo_lib.apps.serve).
    idle = 6
    args = f"--MappingKernelManager.cull_idle_timeout={idle} --MappingKernelManager.cull_interval=1"
    with (
        serve("dashboard", extra={"VOILA_ARGS": args}, wait_for_pool=True) as srv,
        own_chromium(tmp_path / "profile") as (chromium, endpoint),
    ):
        pool = srv.kernel_pids()
        deadline = time.monotonic() + 30
        while True:  # wait for Chromium's debugging endpoint
            try:
                crashing = browser.browser_type.connect_over_cdp(endpoint)
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        page = crashing.contexts[0].new_page()
        page.goto(srv.url)
        try:
            page.get_by_role("button", name="Understand my pain").wait_for(timeout=90_000)
        except Exception as exc:  # once seen in a fresh clone: say what the page and the server showed
            shown = " ".join(page.inner_text("body").split())[:600]
            raise AssertionError(f"{exc}\npage {page.url}: {shown}\nserver log:\n{srv.log_text()[-3000:]}") from exc
        kernel = page_kernel_id(page)
        srv.wait_for_log(POOL_FILLED, count=2, timeout=120)
        with_page = srv.kernel_pids()
        assert len(with_page) == len(pool) + 1

        # An open page keeps its kernel, however long it stays quiet.
        time.sleep(idle * 2 + 2)
        assert _kernel_exists(srv, kernel)
        assert f"({kernel})" not in srv.log_text()
        assert_not_stopped(page)  # and it does not tell its reader otherwise
        page.get_by_role("button", name="Get help now", exact=True).click()
        page.get_by_role("heading", name="Get help now").first.wait_for(timeout=60_000)

        # Now the browser dies: no "beforeunload", no shutdown request, just a dropped connection.
        os.killpg(chromium.pid, signal.SIGKILL)
        chromium.wait(timeout=20)
        deadline = time.monotonic() + idle + 60
        while _kernel_exists(srv, kernel):
            assert time.monotonic() < deadline, "the kernel of the closed page is still running"
            time.sleep(0.5)
        log = srv.log_text()
        assert re.search(rf"Culling '\w+' kernel '\w+' \({kernel}\) with 0 connections", log), log[-2000:]
        assert "/voila/api/shutdown/" not in log  # it was culled, not shut down by the page
        deadline = time.monotonic() + 20
        while len(srv.kernel_pids()) > len(pool):
            assert time.monotonic() < deadline, srv.kernel_pids()
            time.sleep(0.5)
        assert len(srv.kernel_pids()) == len(pool)  # the pre-heated kernel is kept for the next visitor
