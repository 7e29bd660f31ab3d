"""`make lab` opens JupyterLab on the teaching notebooks, from the project's .venv, with JupyterLab's news and
update checks off.

`make lab` is started as a student would start it (tests/serving.py ``serve``: a free port, ``PORT=`` on the
command line), with ``LAB_ARGS=--no-browser`` so no browser opens, and with its own empty Jupyter config, data
and runtime folders and HOME, so only what the environment holds applies (what `pip install` put into
``.venv/etc/jupyter/`` from ``jupyter-config/``). The token is read from the address the server prints, as a
student copies it.

News and updates: the server answers ``/lab/api/news`` with no news (``LabApp.news_url = None``) and tells the
page news is disabled; and the defaults of JupyterLab's notification settings, which are what its front end
reads, say never fetch news and never check for updates. JupyterLab's own default for ``fetchNews`` is "none"
("Ask"), which shows the prompt "Would you like to get notified about official Jupyter news?" in every fresh
session, whatever the server's settings. (tests/hub/test_lab_offline.py records that the server itself then
asks no other host.)
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.markup import soup
from tests.serving import ROOT, Server, serve

NOTIFICATION = "@jupyterlab/apputils-extension:notification"
#: JupyterLab's own schema of those settings (what applies without the workbook's overrides).
SCHEMA = ROOT / ".venv" / "share" / "jupyter" / "lab" / "schemas" / "@jupyterlab" / "apputils-extension"
ADDRESS = re.compile(r"(http://127\.0\.0\.1:\d+)/lab\?token=(\w+)")


class Lab:
    def __init__(self, server: Server) -> None:
        server.wait_for_log(ADDRESS, timeout=120)
        match = ADDRESS.search(server.log_text())
        assert match is not None
        self.server, self.base, self.token = server, match.group(1), match.group(2)

    def get(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        with urllib.request.urlopen(f"{self.base}{path}{sep}token={self.token}", timeout=60) as response:
            assert response.status == 200
            return str(response.read().decode("utf-8"))

    def json(self, path: str) -> Any:
        return json.loads(self.get(path))


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    home = tmp_path_factory.mktemp("lab-home")
    env = {
        "HOME": str(home),
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
    }
    args = "--no-browser" + (" --allow-root" if os.geteuid() == 0 else "")
    with serve("lab", {"LAB_ARGS": args}, env=env) as server:
        yield Lab(server)


def test_lab_listens_on_the_given_port_of_this_computer_only(lab: Lab) -> None:
    assert lab.base == f"http://127.0.0.1:{lab.server.port}"
    assert "0.0.0.0" not in lab.server.log_text()
    # It runs the .venv's JupyterLab with the environment's settings, on notebooks/.
    assert ".venv/bin/jupyter-lab " in lab.server.log_text()
    assert f"Serving notebooks from local directory: {ROOT / 'notebooks'}" in lab.server.log_text()


def test_the_notebooks_are_listed(lab: Lab) -> None:
    listing = lab.json("/api/contents")
    names = {item["name"]: item["type"] for item in listing["content"]}
    on_disk = {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert len(on_disk) >= 9
    assert {n for n, kind in names.items() if kind == "notebook"} == on_disk
    assert names["dashboards"] == names["instructor"] == "directory"
    first = lab.json("/api/contents/00_start_here.ipynb")
    assert first["type"] == "notebook" and first["content"]["cells"]


def test_news_and_update_checks_are_off(lab: Lab) -> None:
    page = soup(lab.get("/lab"))
    config = json.loads(page.select_one("#jupyter-config-data").get_text())
    assert config["news"] == {"disabled": True}
    assert lab.json("/lab/api/news") == {"news": []}
    assert lab.json("/lab/api/update") == {"notification": None}
    # What the page's notification plugin reads: never fetch news (no prompt), never check for updates.
    settings = lab.json(f"/lab/api/settings/{NOTIFICATION}")
    defaults = {name: spec.get("default") for name, spec in settings["schema"]["properties"].items()}
    assert defaults["fetchNews"] == "false" and defaults["checkForUpdates"] is False
    assert json.loads(settings["raw"] or "{}") == {}  # no user setting: the defaults are what applies


def test_jupyterlab_would_ask_without_the_workbook_settings() -> None:
    # JupyterLab's own defaults: "none" means it asks about news in every fresh session.
    schema = json.loads((SCHEMA / "notification.json").read_text(encoding="utf-8"))
    assert schema["properties"]["fetchNews"]["default"] == "none"
    assert schema["properties"]["checkForUpdates"]["default"] is True
    # The workbook's defaults reach the environment through the package (pyproject.toml shared-data).
    installed = Path(sys.prefix) / "etc" / "jupyter" / "labconfig" / "default_setting_overrides.json"
    source = ROOT / "jupyter-config" / "labconfig" / "default_setting_overrides.json"
    assert installed.read_text(encoding="utf-8") == source.read_text(encoding="utf-8")
    assert json.loads(source.read_text(encoding="utf-8")) == {
        NOTIFICATION: {"fetchNews": "false", "checkForUpdates": False}
    }


@pytest.mark.parametrize(
    ("args", "port"),
    [((), "8888"), (("PORT=9000",), "9000"), (("PORT=9000", "HOST=0.0.0.0"), "9000")],
)
def test_make_lab_port_and_host(args: tuple[str, ...], port: str) -> None:
    planned = subprocess.run(
        ["make", "--no-print-directory", "-n", "lab", *args], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    host = "0.0.0.0" if "HOST=0.0.0.0" in args else "127.0.0.1"
    assert f".venv/bin/jupyter-lab --ServerApp.ip={host} --ServerApp.port={port} --ServerApp.port_retries=0" in planned
    assert "--ServerApp.root_dir=notebooks" in planned
    assert "--no-browser" not in planned  # a student's browser opens on the address with its token
