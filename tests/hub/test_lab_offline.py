"""JupyterLab for students makes no request outside the machine: the workbook's package installs
``etc/jupyter/jupyter_lab_config.json`` (``jupyter-config/`` in the repository), which
turns off JupyterLab's news feed (``LabApp.news_url = None``) and its update check
(``LabApp.check_for_updates_class = jupyterlab.NeverCheckForUpdate``). Every Jupyter server of the
environment reads it: ``jupyter lab``, the students' servers under JupyterHub, Binder.

``jupyter lab`` is started as a student would (no extra configuration) on a free loopback port, with a
``sitecustomize`` that records every URL the server asks Tornado's HTTP client for (how JupyterLab fetches
both the news feed and PyPI's version information). The page and both APIs are asked for; nothing is
recorded. A second server given JupyterLab's defaults back on its command line records both URLs, which
shows the recorder sees them.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.markup import soup
from tests.serving import ROOT, free_port, stop_process_group

CONFIG = ROOT / "jupyter-config" / "jupyter_lab_config.json"
INSTALLED = Path(sys.prefix) / "etc" / "jupyter" / CONFIG.name
#: Tornado's HTTP client, wrapped in the server's process: each URL it is asked for goes into a file.
RECORDER = """
import os
from tornado import httpclient

_fetch = httpclient.AsyncHTTPClient.fetch


def fetch(self, request, *args, **kwargs):
    url = request.url if isinstance(request, httpclient.HTTPRequest) else str(request)
    with open(os.environ["OSTEO_OUTBOUND_LOG"], "a", encoding="utf-8") as out:
        out.write(url + "\\n")
    return _fetch(self, request, *args, **kwargs)


httpclient.AsyncHTTPClient.fetch = fetch
"""
DEFAULTS = [
    "--LabApp.news_url=https://jupyterlab.github.io/assets/feed.xml",
    "--LabApp.check_for_updates_class=jupyterlab.CheckForUpdate",
]


@contextlib.contextmanager
def lab(tmp_path: Path, *extra: str) -> Iterator[tuple[str, str, Path]]:
    """``jupyter lab`` with the environment's configuration only; yields (url, token, outbound log)."""
    port, token = free_port(), "t" + os.urandom(8).hex()
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "sitecustomize.py").write_text(RECORDER, encoding="utf-8")
    outbound = tmp_path / "outbound.log"
    outbound.touch()
    env = {
        **os.environ,
        "PYTHONPATH": str(tmp_path / "site"),
        "OSTEO_OUTBOUND_LOG": str(outbound),
        "HOME": str(tmp_path / "home"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_DATA_DIR": str(tmp_path / "data"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
    }
    env.pop("JUPYTER_CONFIG_PATH", None)
    args = [
        str(ROOT / ".venv" / "bin" / "jupyter"),
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={tmp_path}",
        *extra,
    ]
    if os.geteuid() == 0:
        args.append("--allow-root")
    log = tmp_path / "lab.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            args, cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 90
        url = ""
        while True:
            assert proc.poll() is None, log.read_text()[-3000:]
            # The server says where it listens (another process may have taken the port in the meantime).
            for info in (tmp_path / "runtime").glob("jpserver-*.json"):
                with contextlib.suppress(ValueError, OSError):
                    url = f"http://127.0.0.1:{json.loads(info.read_text())['port']}"
            with contextlib.suppress(requests.RequestException):
                if url and requests.get(f"{url}/api/status", params={"token": token}, timeout=5).status_code == 200:
                    break
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.3)
        yield url, token, outbound
    finally:
        stop_process_group(proc, timeout=30)


def ask_everything(url: str, token: str) -> dict[str, object]:
    """Open JupyterLab's page and ask for the news and the update check, as the page would."""
    page = requests.get(f"{url}/lab", params={"token": token}, timeout=60)
    assert page.status_code == 200
    config = json.loads(soup(page.text).select_one("#jupyter-config-data").get_text())
    news = requests.get(f"{url}/lab/api/news", params={"token": token}, timeout=60)
    update = requests.get(f"{url}/lab/api/update", params={"token": token}, timeout=60)
    assert news.status_code == update.status_code == 200
    return {"page": config, "news": news.json(), "update": update.json()}


def test_the_package_installs_the_setting() -> None:
    assert INSTALLED.read_text(encoding="utf-8") == CONFIG.read_text(encoding="utf-8")
    assert json.loads(CONFIG.read_text(encoding="utf-8")) == {
        "LabApp": {"news_url": None, "check_for_updates_class": "jupyterlab.NeverCheckForUpdate"}
    }


def test_jupyterlab_asks_no_other_host(tmp_path: Path) -> None:
    with lab(tmp_path) as (url, token, outbound):
        answers = ask_everything(url, token)
    assert outbound.read_text(encoding="utf-8") == ""
    assert answers["page"]["news"] == {"disabled": True}  # type: ignore[index]
    assert answers["news"] == {"news": []}
    assert answers["update"] == {"notification": None}


def test_the_recorder_sees_the_requests_jupyterlab_makes_by_default(tmp_path: Path) -> None:
    with lab(tmp_path, *DEFAULTS) as (url, token, outbound):
        answers = ask_everything(url, token)
    asked = outbound.read_text(encoding="utf-8").split()
    assert answers["page"]["news"] == {"disabled": False}  # type: ignore[index]
    assert "https://jupyterlab.github.io/assets/feed.xml" in asked
    assert any(u.startswith("https://pypi.org/pypi/jupyterlab") for u in asked), asked


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
