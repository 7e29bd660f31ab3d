"""`make serve REPLICAS=3` in Chromium: one of the three dashboard processes is killed while pages are open.
Pages on the other processes keep working (a click still updates the page); a page on the killed one shows
the "page stopped working" notice, and its "Load the page again" button gives a working page."""

from __future__ import annotations

import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from osteo_lib.apps.replicas import COOKIE
from osteo_lib.content.dashboard import load_dashboard
from tests.browser.conftest import artifact, ask_now, assert_not_stopped, wait_for_stopped_notice
from tests.serving import Server, serve

REPLICAS = 3
SECTIONS = [(s.id, s.name) for s in load_dashboard().sections]
TIMEOUT = 120_000


def replica_status(server: Server) -> dict[str, str]:
    with urllib.request.urlopen(f"http://127.0.0.1:{server.port + REPLICAS + 1}/stats;csv", timeout=10) as r:
        rows = [row.split(",") for row in r.read().decode().splitlines()[1:]]
    return {row[1]: row[17] for row in rows if row[0] == "replicas" and row[1].startswith("replica")}


@pytest.fixture(scope="module")
def farm() -> Iterator[Server]:
    with serve("serve", {"REPLICAS": str(REPLICAS)}, timeout=240, ports=REPLICAS + 2) as server:
        deadline = time.monotonic() + 60
        while set(replica_status(server).values()) != {"UP"}:
            assert time.monotonic() < deadline, replica_status(server)
            time.sleep(0.5)
        yield server


def open_page(context: Any, url: str) -> tuple[Any, str]:
    """The dashboard in a new page, once its navigation is drawn; and the replica HAProxy sent it to."""
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded", timeout=TIMEOUT)
    nav(page, SECTIONS[0][1]).wait_for(timeout=TIMEOUT)
    replica = next(c["value"] for c in context.cookies() if c["name"] == COOKIE)
    return page, replica


def nav(page: Any, name: str) -> Any:
    return page.locator(".ow-dash-nav").get_by_role("button", name=name, exact=True)


def click_updates(page: Any) -> None:
    """Click a section's button: the kernel answers and the page shows that section (click -> update)."""
    section_id, name = SECTIONS[1]
    nav(page, name).click()
    part = page.locator(f".ow-dash-section--{section_id}")
    expect(part.get_by_role("heading", name=name, level=2)).to_be_visible(timeout=60_000)
    nav(page, SECTIONS[0][1]).click()
    expect(part).to_be_hidden(timeout=60_000)


def test_killing_one_replica_leaves_the_others_working_and_its_pages_can_reload(farm: Server, browser: Any) -> None:
    contexts = [browser.new_context(viewport={"width": 1280, "height": 800}) for _ in range(REPLICAS + 1)]
    try:
        pages = [open_page(ctx, farm.url) for ctx in contexts[:REPLICAS]]
        assert len({replica for _, replica in pages}) >= 2, pages  # spread over more than one process
        victim_page, victim = pages[0]
        others = [(page, replica) for page, replica in pages[1:] if replica != victim]
        assert others, pages
        for page, _ in pages:
            click_updates(page)

        victim_port = farm.port + int(victim.removeprefix("replica"))
        import psutil

        psutil.Process(farm.replica_pid(victim_port)).kill()
        farm.wait_for_log(rf"{victim} \(port {victim_port}\) stopped \(killed by signal SIGKILL\)", timeout=30)

        # The pages on the other processes: untouched.
        for page, _ in others:
            click_updates(page)
            assert_not_stopped(page)

        # The page on the killed process says so and offers a way back, which works.
        ask_now(victim_page)
        wait_for_stopped_notice(victim_page, timeout_ms=60_000)
        victim_page.screenshot(path=artifact("serve-replica-killed.png"))
        with victim_page.expect_navigation(timeout=TIMEOUT):
            victim_page.get_by_role("button", name="Load the page again").click()
        nav(victim_page, SECTIONS[0][1]).wait_for(timeout=TIMEOUT)
        click_updates(victim_page)
        assert_not_stopped(victim_page)
        assert victim_page.locator("#ow-stopped").is_hidden()

        # A newcomer gets a working page too.
        newcomer, _ = open_page(contexts[REPLICAS], farm.url)
        click_updates(newcomer)
    finally:
        for ctx in contexts:
            ctx.close()
