"""binder/ agrees with the project and opens straight onto the patient dashboard.

repo2docker reads only binder/ once that folder exists, so binder/environment.yml repeats the runtime
dependencies of pyproject.toml at the versions of requirements.lock; binder/start puts binder/jupyter-config
on the Jupyter config path, where jupyter-server-proxy is told to run standalone Voila on the Makefile's
DASHBOARD at <server>/dashboard/ and Voila's server extension is switched off. The README badge's urlpath
points there. The last test runs it for real: a Jupyter server started through binder/start, the dashboard
opened in Chromium.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from traitlets.config.loader import PyFileConfigLoader

from tests.requirements import conda_environment, read_lock, requirements
from tests.scripts import load_script
from tests.serving import ROOT, free_port, stop_process_group

BINDER = ROOT / "binder"
# The repository's address comes from one place, pyproject.toml ([project.urls] Repository).
OWNER_REPO = "/".join(load_script("repository.py", "repository_script").repository())
FIRST_NOTEBOOK = "notebooks/00_start_here.ipynb"


def _makefile_dashboard() -> str:
    m = re.search(r"^DASHBOARD\s*\?=\s*(\S+)\s*$", (ROOT / "Makefile").read_text(), flags=re.M)
    assert m, "the Makefile no longer defines DASHBOARD"
    return m.group(1)


def _binder_config() -> Any:
    return PyFileConfigLoader("jupyter_server_config.py", path=str(BINDER / "jupyter-config")).load_config()


def test_environment_repeats_the_runtime_dependencies_at_the_locked_versions() -> None:
    deps, others, env = conda_environment(BINDER / "environment.yml")
    root_deps, _, root_env = conda_environment(ROOT / "environment.yml")
    runtime = requirements(ROOT, "runtime")
    lock, _ = read_lock()
    assert deps.pop("python") == root_deps["python"]
    assert deps.pop("pip") == ""
    # Every runtime dependency, plus the one package Binder adds (from the test extra, where the tests use it).
    assert set(deps) == set(runtime) | {"jupyter-server-proxy"}
    assert "jupyter-server-proxy" in requirements(ROOT, "test")
    # Each at exactly the version requirements.lock installs for `make dashboard` and `make test`.
    assert {name: spec for name, spec in deps.items() if spec != f"=={lock[name]}"} == {}
    # No "-e ." (repo2docker installs this file before copying the repository in): postBuild installs it.
    assert others == []
    assert env["channels"][0] == "conda-forge" == root_env["channels"][0]


def test_scripts_are_executable_and_install_the_workbook() -> None:
    for name in ("postBuild", "start"):
        script = BINDER / name
        assert os.access(script, os.X_OK), f"binder/{name} must be executable (git keeps the mode)"
        assert script.read_text().startswith("#!/bin/bash\n")
        subprocess.run(["bash", "-n", str(script)], check=True)
    post = (BINDER / "postBuild").read_text()
    assert "set -euo pipefail" in post
    assert re.search(r"^python -m pip install --no-deps [^\n]*\.$", post, flags=re.M)
    # start puts binder/jupyter-config first on the config path and then runs the server's command.
    out = subprocess.run(
        [str(BINDER / "start"), "sh", "-c", 'printf %s "$JUPYTER_CONFIG_PATH"'],
        env={**os.environ, "REPO_DIR": "/srv/repo", "JUPYTER_CONFIG_PATH": "/etc/x"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out == "/srv/repo/binder/jupyter-config:/etc/x"


def test_proxy_serves_the_makefiles_dashboard_with_standalone_voila() -> None:
    config = _binder_config()
    dashboard = _makefile_dashboard()
    assert (ROOT / dashboard).is_file()
    server = config.ServerProxy.servers["dashboard"]
    command = server["command"]
    assert command[command.index("voila") - 2 : command.index("voila") + 1] == [sys.executable, "-m", "voila"]
    assert command[-1] == dashboard
    # Run from the repository, so standalone Voila reads the repository's voila.json.
    assert command[:4] == ["/bin/sh", "-c", 'cd "$0" && exec "$@"', str(ROOT)]
    assert "--Voila.base_url={base_url}dashboard/" in command and "--Voila.server_url=/" in command
    assert server["absolute_url"] is False
    # Voila finds the workbook's template and kernel spec as under `make dashboard` (JUPYTER_PATH=share/jupyter).
    assert server["environment"]["JUPYTER_PATH"].split(os.pathsep)[0] == str(ROOT / "share" / "jupyter")
    assert "JUPYTER_PATH=$(CURDIR)/share/jupyter" in (ROOT / "Makefile").read_text()
    assert server["launcher_entry"]["path_info"] == "dashboard/"
    # The server extension (/voila/render/<any notebook>) stays off.
    assert config.ServerApp.jpserver_extensions == {"voila.server_extension": False}


def _readme_badges() -> tuple[str, list[str]]:
    lines = (ROOT / "README.md").read_text().splitlines()
    start = lines.index("```bash")
    end = lines.index("```", start + 1)
    assert any("make dashboard" in ln for ln in lines[start:end]) and any("make test" in ln for ln in lines[start:end])
    after = [ln for ln in lines[end + 1 : end + 4] if ln.strip()]
    return after[0], lines


def _badge_url(badges: str, alt: str) -> urllib.parse.SplitResult:
    m = re.search(
        rf"\[!\[{re.escape(alt)}\]\(https://mybinder\.org/badge_logo\.svg\)\]\((https://mybinder\.org/v2/gh/[^)\s]+)\)",
        badges,
    )
    assert m, f"no {alt!r} badge right after the two commands: {badges!r}"
    url = urllib.parse.urlsplit(m.group(1))
    assert url.path == f"/v2/gh/{OWNER_REPO}/HEAD"
    return url


def test_readme_badges_follow_the_two_commands_and_open_the_dashboard_and_the_notebooks() -> None:
    badges, lines = _readme_badges()
    dashboard = _badge_url(badges, "Launch the patient dashboard on Binder")
    server = _binder_config().ServerProxy.servers["dashboard"]
    assert (
        urllib.parse.parse_qs(dashboard.query)["urlpath"] == [server["launcher_entry"]["path_info"]] == ["dashboard/"]
    )
    notebooks = _badge_url(badges, "Open the notebooks on Binder")
    assert urllib.parse.parse_qs(notebooks.query)["urlpath"] == [f"lab/tree/{FIRST_NOTEBOOK}"]
    assert (ROOT / FIRST_NOTEBOOK).is_file()
    text = "\n".join(lines)
    assert "## Binder" in text and "[project.urls] Repository" in text.split("## Binder", 1)[1]


def _marked(marker: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if f"OSTEO_BINDER_TEST={marker}".encode() in (entry / "environ").read_bytes():
                    pids.append(int(entry.name))
    return pids


@pytest.fixture()
def binder_server(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """`binder/start jupyter server ...` as repo2docker would run it, on a free loopback port."""
    port, token, marker = free_port(), uuid.uuid4().hex, uuid.uuid4().hex
    (tmp_path / "config").mkdir()
    env = {
        **os.environ,
        "REPO_DIR": str(ROOT),
        "OSTEO_BINDER_TEST": marker,
        "TMPDIR": str(tmp_path),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
    }
    env.pop("JUPYTER_CONFIG_PATH", None)
    args = [
        str(BINDER / "start"),
        str(ROOT / ".venv" / "bin" / "jupyter"),
        "server",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--IdentityProvider.token={token}",
    ]
    if os.geteuid() == 0:
        args.append("--allow-root")
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, log.read_text()[-3000:]
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{url}/api/status", params={"token": token}, timeout=5).status_code == 200:
                    break
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.3)
        yield {"url": url, "token": token, "log": log, "marker": marker, "proc": proc}
    finally:
        stop_process_group(proc, timeout=30)
        for _ in range(40):
            left = _marked(marker)
            if not left:
                break
            time.sleep(0.25)
        for pid in left:  # Voila and its kernels, started (indirectly) by this test
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        assert not left, f"processes left after the server stopped: {left}"


def test_binder_opens_on_the_dashboard(binder_server: dict[str, Any], context: Any) -> None:
    url, token = binder_server["url"], binder_server["token"]
    dashboard = _makefile_dashboard()
    # Voila's server extension is off: the generic /voila/render/ route does not exist.
    assert requests.get(f"{url}/voila/render/{dashboard}", params={"token": token}, timeout=60).status_code == 404

    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    page = context.new_page()
    errors: list[str] = []
    requested: list[str] = []
    sockets: list[str] = []
    frames: list[str] = []

    def on_socket(ws: Any) -> None:
        sockets.append(ws.url)
        ws.on("framereceived", lambda _frame: frames.append(ws.url))

    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda request: requested.append(request.url))
    page.on("websocket", on_socket)
    t0 = time.monotonic()
    response = page.goto(f"{url}/dashboard/?token={token}", wait_until="networkidle", timeout=150_000)
    assert response is not None and response.status == 200
    page.wait_for_function("() => document.querySelectorAll('.jupyter-widgets').length > 0", timeout=60_000)
    seconds = time.monotonic() - t0
    page.screenshot(path=str(artifacts / "binder-dashboard.png"), full_page=True)
    assert not errors, errors
    # The kernel websocket goes through the proxy under /dashboard/, and the kernel answers.
    channels = r"ws://127\.0\.0\.1:\d+/dashboard/api/kernels/[0-9a-f-]+/channels"
    assert any(re.match(channels, s) for s in sockets), sockets
    assert frames, "no kernel messages came back through the proxy"
    # Nothing from outside: only this server, data: URLs and blob: URLs it created (anywidget modules).
    outside = [u for u in requested if not u.startswith((url, "data:", f"blob:{url}"))]
    assert not outside, outside[:5]
    assert "voila.server_extension | extension was successfully loaded" not in binder_server["log"].read_text()
    # The notebooks badge's urlpath: JupyterLab on the first notebook, which the server has.
    lab = requests.get(f"{url}/lab/tree/{FIRST_NOTEBOOK}", params={"token": token}, timeout=60)
    assert lab.status_code == 200 and "JupyterLab" in lab.text
    model = requests.get(f"{url}/api/contents/{FIRST_NOTEBOOK}", params={"token": token}, timeout=60)
    assert model.status_code == 200 and model.json()["type"] == "notebook"
    print(f"dashboard through binder/start + jupyter-server-proxy: first render {seconds:.1f} s")
