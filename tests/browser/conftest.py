"""Fixtures for tests in a real headless Chromium, driven by Playwright for Python.

The dashboard is served by the same command as `make dashboard` (see tests/serving.py). Debian's
/usr/bin/chromium is used with the flags this workplace needs; Playwright never downloads a browser.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.serving import ROOT, Server, serve

ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def dashboard_server() -> Iterator[Server]:
    with serve("dashboard") as srv:
        yield srv


def page_kernel_id(page: Any) -> str:
    """The id of the kernel a served page is connected to (from Voila's page config)."""
    return str(page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"))


def private_dirs(tmp_path_factory: pytest.TempPathFactory, name: str) -> dict[str, Path]:
    """Fresh home, temporary and runtime folders for one server (see :func:`private_env`)."""
    base = tmp_path_factory.mktemp(name)
    dirs = {key: base / key for key in ("home", "tmp", "runtime")}
    for d in dirs.values():
        d.mkdir()
    return dirs


def private_env(dirs: dict[str, Path]) -> dict[str, str]:
    """A server's environment pointing its home, temporary and runtime folders at ``dirs``, so a test can
    see everything it writes."""
    return {"HOME": str(dirs["home"]), "TMPDIR": str(dirs["tmp"]), "JUPYTER_RUNTIME_DIR": str(dirs["runtime"])}


def artifact(name: str) -> Path:
    """Where a test saves a screenshot or download (test-artifacts/, not committed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


def run_axe(page: Any, selector: str | None = None) -> list[dict[str, Any]]:
    """Inject axe-core (from ./node_modules) and return the WCAG 2.1 A/AA violations on the page
    (or inside ``selector``)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    context = json.dumps(selector) if selector else "document"
    result = page.evaluate(f"async () => await window.axe.run({context}, {json.dumps(options)})")
    return list(result["violations"])


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        targets = [", ".join(n["target"]) for n in v["nodes"][:3]]
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} -> {targets}")
    return "\n".join(lines)


# --- the template's "this page has stopped" notice ----------------------------------------------------
STOPPED = "This page has stopped working."


def ask_now(page: Any) -> None:
    """Make the page check on its kernel at once (it also does every 15 s): the tab 'comes back'."""
    page.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")


def assert_not_stopped(page: Any) -> None:
    """A live page asked about its kernel shows no "stopped" notice (a wrong URL or a lost token would)."""
    with page.expect_response(lambda r: "/api/kernels/" in r.url and r.request.method == "GET") as answer:
        ask_now(page)
    assert answer.value.status == 200, answer.value.url
    assert page.locator("#ow-stopped").is_hidden() and page.locator("#ow-stopped").inner_text() == ""


def wait_for_stopped_notice(page: Any, timeout_ms: int = 60_000) -> None:
    notice = page.get_by_role("alert").filter(has_text=STOPPED)
    notice.wait_for(timeout=timeout_ms)
    assert notice.is_visible()
    reload_button = page.get_by_role("button", name="Load the page again")
    assert reload_button.evaluate("b => b === document.activeElement")  # focus goes to the way out
