"""Closing a dashboard tab stops its kernel at once (``make dashboard``, pages served from the pool).

Voilà's page posts "shut down my kernel" when it is left, with the value of its ``_xsrf`` cookie; a page
from the pool of ready pages never set that cookie, so the server refused the post (403) and the kernel
ran on until the idle culler came, 10 minutes later (``osteo_lib.apps.serve``: ``PageHandler``).
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.browser.conftest import page_kernel_id

pytest.importorskip("playwright")

LOAD_TIMEOUT = 120_000
GONE_WITHIN_S = 60  # far below the culler's 600 s: only the page's own shutdown can make it


def kernel_status(context: Any, base: str, kernel_id: str) -> int:
    return int(context.request.get(f"{base}/api/kernels/{kernel_id}").status)


def test_closing_the_page_stops_its_kernel(context: Any, dashboard_server: Any) -> None:
    base = dashboard_server.url.rstrip("/")
    page = context.new_page()
    page.goto(dashboard_server.url, wait_until="domcontentloaded", timeout=LOAD_TIMEOUT)
    page.locator(".ow-dash-nav").get_by_role("button").first.wait_for(timeout=LOAD_TIMEOUT)
    kernel_id = page_kernel_id(page)
    assert kernel_status(context, base, kernel_id) == 200
    refused_before = dashboard_server.count(r"403 POST /voila/api/shutdown")
    page.close(run_before_unload=True)
    deadline = time.monotonic() + GONE_WITHIN_S
    while kernel_status(context, base, kernel_id) != 404:
        assert dashboard_server.count(r"403 POST /voila/api/shutdown") == refused_before, "the shutdown was refused"
        assert time.monotonic() < deadline, f"kernel {kernel_id} still runs {GONE_WITHIN_S} s after its page closed"
        time.sleep(0.5)
