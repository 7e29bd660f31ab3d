"""`make dashboard` serves the patient dashboard on 127.0.0.1, with the notebook's source stripped.

Chromium's view of the page is tested in tests/browser/: test_dashboard_sections.py (renders without a
page error, every part works), test_accessibility.py (axe) and test_requests.py (no request to another
host). They share one Playwright session (tests/browser/conftest.py); a second sync Playwright in this
module would fail when it runs after them in the same pytest process."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator

import pytest

from tests.markup import soup
from tests.serving import Server, serve


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve("dashboard") as srv:
        yield srv


def test_binds_to_loopback_only(server: Server) -> None:
    assert server.url.startswith("http://127.0.0.1:")
    log = server.log.read_text()
    assert "127.0.0.1" in log
    assert "0.0.0.0" not in log


def test_page_shows_the_dashboard_without_its_source(server: Server) -> None:
    with urllib.request.urlopen(server.url, timeout=60) as response:
        assert response.status == 200
        html = response.read().decode("utf-8")
    # Voila embeds each cell's output as JSON in <script type="application/vnd.voila.cell-output+json">;
    # the dashboard's only output is a widget (its words arrive over the kernel's websocket).
    outputs = [
        json.loads(block.get_text())
        for block in soup(html).select('script[type="application/vnd.voila.cell-output+json"]')
    ]
    assert [o.get("output_type") for o in outputs] == ["execute_result"]
    assert "application/vnd.jupyter.widget-view+json" in outputs[0]["data"]
    assert "from osteo_lib" not in html, "sources must be stripped"
    assert "PatientDashboard" not in html, "sources must be stripped"
