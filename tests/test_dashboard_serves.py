"""`make dashboard` serves the patient dashboard on 127.0.0.1; a real Chromium renders it."""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from osteo_lib.catalog import Catalog
from tests.serving import CHROMIUM, CHROMIUM_ARGS, ROOT, Server, serve


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve("dashboard") as srv:
        yield srv


def test_binds_to_loopback_only(server: Server) -> None:
    assert server.url.startswith("http://127.0.0.1:")
    log = server.log.read_text()
    assert "127.0.0.1" in log and "0.0.0.0" not in log


def test_page_shows_catalog_counts(server: Server, catalog: Catalog) -> None:
    with urllib.request.urlopen(server.url, timeout=60) as response:
        assert response.status == 200
        html = response.read().decode("utf-8")
    # Voila embeds each cell's output as JSON in <script type="application/vnd.voila.cell-output+json">.
    outputs = [json.loads(block) for block in re.findall(
        r'<script type="application/vnd.voila.cell-output\+json">(.*?)</script>', html, flags=re.S)]
    rendered = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "What this workbook holds" in rendered
    assert f"<td>{len(catalog.methods)}</td>" in rendered
    assert f"<td>{len(catalog.references)}</td>" in rendered
    assert "from osteo_lib" not in html, "sources must be stripped"


def test_chromium_renders_the_dashboard(server: Server, catalog: Catalog) -> None:
    from playwright.sync_api import sync_playwright

    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            errors: list[str] = []
            requested: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("request", lambda request: requested.append(request.url))
            page.goto(server.url, wait_until="networkidle", timeout=90_000)
            table = page.get_by_role("table", name="Number of items of each kind")
            table.wait_for(timeout=30_000)
            methods_row = table.get_by_role("row", name="Methods")
            assert methods_row.get_by_role("cell").inner_text().strip() == str(len(catalog.methods))
            page.screenshot(path=str(Path(artifacts) / "dashboard-placeholder.png"), full_page=True)
            assert not errors, errors
            own = server.url.rstrip("/")
            foreign = [u for u in requested if not (u.startswith(own + "/") or u.startswith(own.replace("http", "ws", 1) + "/") or u.startswith("data:"))]
            assert requested and not foreign, f"the page asked other hosts: {foreign}"
        finally:
            browser.close()
