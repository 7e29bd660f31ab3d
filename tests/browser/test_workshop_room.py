"""`make workshop` end to end: a room served on 0.0.0.0, contacted here only through 127.0.0.1.

Two small rooms are started with `make workshop` on free ports, each with its own token and QR folder:

- ``room``: ROOM=2 CAP=2 POOL=1 LEFT=5 (normal idle time; a page that went away loses its kernel after
  5 s): the token, the rendered dashboard, the QR code, the cap and seats freed after a page went away;
- ``sleepy_room``: ROOM=1 CAP=1 POOL=1 IDLE=0.1 (6 seconds): idle culling frees the seat.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import segno

from osteo_lib.apps.workshop import room as ws
from tests.browser.conftest import (
    artifact,
    ask_now,
    assert_not_stopped,
    describe_violations,
    run_axe,
    wait_for_stopped_notice,
)
from tests.serving import Server, serve

FULL_TEXT = "The room is full. Please try again in a minute."


@dataclass
class Room:
    server: Server
    token: str
    qr_dir: Path

    @property
    def port(self) -> int:
        return int(self.server.url.rstrip("/").rsplit(":", 1)[1])

    def url(self, path: str = "", token: str | None = None) -> str:
        """A loopback URL on the room; ``token=None`` uses the room's token, ``""`` sends none."""
        token = self.token if token is None else token
        return f"http://127.0.0.1:{self.port}/{path}" + (f"?token={token}" if token else "")

    def status(self) -> dict[str, int]:
        with urllib.request.urlopen(self.url("room/status"), timeout=10) as r:
            return dict(json.load(r))

    def wait_for_pool(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while (s := self.status())["pool_ready"] < s["pool_size"]:
            assert time.monotonic() < deadline, f"pool not filled: {s}"
            time.sleep(0.5)

    def log(self) -> str:
        return self.server.log.read_text(encoding="utf-8", errors="replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def fetch(url: str, *, follow: bool = True, timeout: float = 120) -> tuple[int, dict[str, str], str]:
    """GET ``url``: status, headers and body, without raising on 3xx/4xx/5xx."""
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode("utf-8", "replace")


def _start(tmp_path_factory: pytest.TempPathFactory, name: str, **make_vars: str) -> Iterator[Room]:
    token = ws.new_token()
    qr_dir = tmp_path_factory.mktemp(name)
    with serve("workshop", {**make_vars, "TOKEN": token, "QR_DIR": str(qr_dir)}, timeout=180) as server:
        room = Room(server, token, qr_dir)
        room.wait_for_pool()
        yield room


#: The ``room``'s LEFT: seconds after which the kernel of a page that went away is stopped.
LEFT = 5


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Room]:
    yield from _start(tmp_path_factory, "room", ROOM="2", CAP="2", POOL="1", LEFT=str(LEFT))


@pytest.fixture(scope="module")
def sleepy_room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Room]:
    yield from _start(tmp_path_factory, "sleepy", ROOM="1", CAP="1", POOL="1", IDLE="0.1")


def open_dashboard(context: Any, url: str) -> tuple[Any, str]:
    """Open the dashboard in a new page; wait until Voila has rendered it; return (page, kernel id)."""
    page = context.new_page()
    response = page.goto(url, wait_until="load", timeout=120_000)
    assert response is not None and response.status == 200, response and response.status
    served_html = response.text()
    page.wait_for_selector("#loading", state="detached", timeout=120_000)
    page.wait_for_load_state("networkidle", timeout=120_000)
    # Every widget view the server rendered is drawn by the browser.
    expected_views = served_html.count("application/vnd.jupyter.widget-view+json")
    if expected_views:
        page.wait_for_function(
            f"() => document.querySelectorAll('.jp-OutputArea-output .jupyter-widgets').length >= {expected_views}",
            timeout=120_000,
        )
    config = json.loads(page.locator("#jupyter-config-data").text_content() or "{}")
    kernel_id = str(config.get("kernelId") or re.search(r'"kernelId":\s*"([^"]+)"', served_html).group(1))  # type: ignore[union-attr]
    return page, kernel_id


def kernel_alive(room: Room, kernel_id: str) -> bool:
    status, _, _ = fetch(room.url(f"api/kernels/{kernel_id}"))
    assert status in (200, 404), status
    return status == 200


def kernel_processes(room: Room) -> dict[str, Any]:
    """The room's kernel processes by kernel id (read from their connection file names)."""
    import psutil

    found = {}
    for proc in psutil.Process(room.server.process.pid).children(recursive=True):
        with contextlib.suppress(psutil.Error):
            cmd = " ".join(proc.cmdline())
            if "ipykernel_launcher" in cmd and (m := re.search(r"kernel-([0-9a-f-]{36})\.json", cmd)):
                found[m.group(1)] = proc
    return found


# --- a ready page whose kernel died ------------------------------------------------------------------


def test_a_ready_page_whose_kernel_died_is_replaced(room: Room, context: Any) -> None:
    """Runs first: the only kernel is the pool's ready page. Kill it; nobody may be handed a dead page."""
    room.wait_for_pool()
    before = kernel_processes(room)
    assert len(before) == 1, before
    ((dead_id, proc),) = before.items()
    proc.kill()
    deadline = time.monotonic() + 60
    while not (
        "lost its kernel" in room.log() and set(kernel_processes(room)) - {dead_id} and room.status()["pool_ready"] >= 1
    ):
        assert time.monotonic() < deadline, f"the dead ready page was not replaced: {room.status()}"
        time.sleep(0.5)
    # Replaced by a new kernel that rendered the page again, not restarted in place (the restarted kernel
    # would have none of the page's widgets: voila.json turns autorestart off).
    assert "restarting kernel" not in room.log()
    page, kernel_id = open_dashboard(context, room.url())
    assert kernel_id != dead_id and kernel_alive(room, kernel_id)
    page.close(run_before_unload=True)
    deadline = time.monotonic() + 60
    while kernel_alive(room, kernel_id):
        assert time.monotonic() < deadline
        time.sleep(0.5)


# --- the token -------------------------------------------------------------------------------------


def test_visitor_without_the_token_is_refused(room: Room, context: Any) -> None:
    before = room.status()
    for token in ("", "wrong-token-123"):
        status, headers, _ = fetch(room.url(token=token), follow=False)
        assert status == 302 and "/login" in headers["Location"], (token, status)
    assert fetch(room.url("room/status", token=""))[0] == 403
    after = room.status()
    assert after["kernels"] == before["kernels"] and after["admitted"] == before["admitted"]

    page = context.new_page()
    page.goto(room.url(token=""), wait_until="load")
    assert "/login" in page.url
    assert page.locator("#rendered_cells").count() == 0 and page.locator(".jp-Cell").count() == 0
    page.screenshot(path=artifact("workshop-no-token.png"))


def test_with_the_token_the_dashboard_renders(room: Room, context: Any) -> None:
    page, kernel_id = open_dashboard(context, room.url())
    assert page.locator("h1").first.is_visible()
    assert page.locator(".jp-Cell").count() > 0
    assert page.locator('[data-mime-type="application/vnd.jupyter.stderr"]').count() == 0
    assert page.locator(".jp-RenderedText[data-mime-type*='error']").count() == 0
    assert kernel_alive(room, kernel_id)
    assert_not_stopped(page)
    page.screenshot(path=artifact("workshop-dashboard.png"), full_page=True)
    page.close(run_before_unload=True)  # Voila shuts the kernel down when the page is left
    deadline = time.monotonic() + 60
    while kernel_alive(room, kernel_id):
        assert time.monotonic() < deadline, "closing the page did not free its kernel"
        time.sleep(0.5)


def test_a_visitor_whose_kernel_died_gets_the_seat_back(room: Room, context: Any) -> None:
    """The kernel behind an open page dies (here: killed). Nothing restarts it in place; the room stops
    it at once, so its seat is free without waiting for the idle culler."""
    page, kernel_id = open_dashboard(context, room.url())
    in_use = room.status()["in_use"]
    assert in_use >= 1
    kernel_processes(room)[kernel_id].kill()
    deadline = time.monotonic() + 60
    while kernel_alive(room, kernel_id):
        assert time.monotonic() < deadline, f"the dead kernel still holds a seat: {room.status()}"
        time.sleep(0.5)
    assert f"A visitor's kernel {kernel_id} died" in room.log()
    assert not re.search(rf"Culling .*{kernel_id}", room.log())  # the room stopped it, not the culler
    assert room.status()["in_use"] == in_use - 1
    assert "restarting kernel" not in room.log()

    # The page tells its visitor (it would otherwise look alive and do nothing) and offers a way back.
    ask_now(page)
    wait_for_stopped_notice(page, timeout_ms=20_000)
    violations = run_axe(page)
    assert not violations, describe_violations(violations)
    page.screenshot(path=artifact("workshop-page-stopped.png"))
    with page.expect_navigation(timeout=120_000):
        page.get_by_role("button", name="Load the page again").click()
    page.wait_for_selector("#loading", state="detached", timeout=120_000)
    config = json.loads(page.locator("#jupyter-config-data").text_content() or "{}")
    assert config["kernelId"] != kernel_id and kernel_alive(room, config["kernelId"])
    assert page.locator(".jp-Cell").count() > 0 and page.locator("#ow-stopped").is_hidden()
    # Close only once the new page's widgets are drawn (its kernel websocket is open): closing while the
    # websocket is still connecting makes jupyter_server log a traceback for the kernel it just shut down.
    page.get_by_role("button", name="Understand my pain").wait_for(timeout=120_000)
    page.close(run_before_unload=True)


# --- URL and QR code -------------------------------------------------------------------------------


def test_printed_url_and_qr_code_carry_the_token(room: Room) -> None:
    log = room.log()
    printed = re.findall(r"^ {4}(http://\S+)$", log, flags=re.M)
    assert len(printed) == 1, log[-3000:]
    url = printed[0]
    assert url.endswith(f":{room.port}/?token={room.token}")
    assert f"On this computer: {room.url()}" in log
    host = url.split("//", 1)[1].split(":", 1)[0]
    assert host == ws.lan_address()  # the machine's network address (127.0.0.1 only when it has none)

    # The terminal QR code in the log is the QR code of exactly that URL.
    assert ws.qr_text(url) in log
    # The pictures exist and are what segno makes from the same URL text.
    png, svg = room.qr_dir / "room-qr.png", room.qr_dir / "room-qr.svg"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    again = room.qr_dir / "again.svg"
    segno.make_qr(url, error="m").save(str(again), scale=10, border=4, title="QR code: open the pain workbook")
    assert svg.read_bytes() == again.read_bytes()
    assert json.loads((room.qr_dir / "room-plan.json").read_text())["url"] == url


# --- the cap ----------------------------------------------------------------------------------------


def test_a_full_room_gets_the_friendly_page_and_everyone_else_keeps_working(room: Room, browser: Any) -> None:
    room.wait_for_pool()
    contexts = [browser.new_context(viewport={"width": 1000, "height": 800}) for _ in range(4)]
    try:
        seated = [open_dashboard(ctx, room.url()) for ctx in contexts[:2]]
        assert room.status()["in_use"] == 2

        # One more visitor: HTTP 503 with a plain page, no technical details.
        status, headers, body = fetch(room.url())
        assert status == 503 and headers.get("Retry-After") == "60"
        assert FULL_TEXT in body
        for word in ("Traceback", "kernel", "tornado", "voila", "Voilà"):
            assert word not in body
        page = contexts[2].new_page()
        response = page.goto(room.url(), wait_until="load")
        assert response is not None and response.status == 503
        assert page.get_by_role("heading", name="The room is full").is_visible()
        assert page.get_by_text(FULL_TEXT).is_visible()
        violations = run_axe(page)
        assert not violations, describe_violations(violations)
        page.screenshot(path=artifact("workshop-room-full.png"))
        assert room.status()["turned_away"] >= 2

        # The two seated visitors still have their dashboards and kernels.
        for seated_page, kernel_id in seated:
            assert kernel_alive(room, kernel_id)
            assert seated_page.locator(".jp-Cell").count() > 0
            assert_not_stopped(seated_page)
        # "Try again" while still full: the same friendly page.
        with page.expect_navigation():
            page.get_by_role("link", name="Try again").click()
        assert page.get_by_text(FULL_TEXT).is_visible()

        # Someone leaves; the next visitor gets in.
        first_page, first_kernel = seated[0]
        first_page.close(run_before_unload=True)
        deadline = time.monotonic() + 60
        while kernel_alive(room, first_kernel):
            assert time.monotonic() < deadline
            time.sleep(0.5)
        newcomer, newcomer_kernel = open_dashboard(contexts[3], room.url())
        assert newcomer.locator(".jp-Cell").count() > 0 and kernel_alive(room, newcomer_kernel)
        assert kernel_alive(room, seated[1][1])
    finally:
        for ctx in contexts:
            ctx.close()
    assert "Traceback" not in room.log()


# --- idle culling -----------------------------------------------------------------------------------


def test_an_idle_page_loses_its_kernel_and_frees_its_seat(sleepy_room: Room, context: Any, browser: Any) -> None:
    page, kernel_id = open_dashboard(context, sleepy_room.url())
    assert kernel_alive(sleepy_room, kernel_id)
    assert fetch(sleepy_room.url())[0] == 503  # CAP=1: the room is full while the page is in use

    # The page stays open but nobody touches it: the culler closes its kernel (IDLE=0.1 min = 6 s).
    deadline = time.monotonic() + 60
    while kernel_alive(sleepy_room, kernel_id):
        assert time.monotonic() < deadline, "idle kernel was not culled"
        time.sleep(1)
    assert re.search(rf"Culling .* kernel .*{kernel_id}", sleepy_room.log())
    # Within its next 15 s check, unprompted, the page says it has stopped.
    wait_for_stopped_notice(page, timeout_ms=45_000)
    page.screenshot(path=artifact("workshop-after-culling.png"))

    # Its seat is free again.
    sleepy_room.wait_for_pool()
    other = browser.new_context()
    try:
        _newcomer, newcomer_kernel = open_dashboard(other, sleepy_room.url())
        assert newcomer_kernel != kernel_id
    finally:
        other.close()


# --- pages that went away -----------------------------------------------------------------------------


def wait_until_gone(room: Room, kernel_id: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while kernel_alive(room, kernel_id):
        assert time.monotonic() < deadline, f"kernel {kernel_id} still running {timeout} s after its page went"
        time.sleep(0.5)


def test_a_page_that_went_away_frees_its_seat_and_an_open_one_keeps_it(room: Room, browser: Any) -> None:
    room.wait_for_pool()
    assert room.status()["left_seconds"] == LEFT
    stays, leaves = browser.new_context(), browser.new_context()
    try:
        kept_page, kept = open_dashboard(stays, room.url())
        _, gone = open_dashboard(leaves, room.url())
        assert room.status()["in_use"] == 2
        # The browser goes without saying goodbye (as when it is killed, or the phone leaves the network):
        # its "I am leaving" message never arrives; only its connection to the kernel closes.
        leaves.route("**/api/shutdown/**", lambda route: route.abort())
        leaves.close()
        wait_until_gone(room, gone)
        assert room.status()["in_use"] == 1
        assert f"The page of kernel {gone} has gone; stopping its kernel" in room.log()

        # The open page, untouched for longer than LEFT, keeps its kernel and works.
        time.sleep(LEFT + 3)
        assert kernel_alive(room, kept)
        assert_not_stopped(kept_page)
        assert kept_page.locator(".jp-Cell").count() > 0
    finally:
        stays.close()
        leaves.close()
    wait_until_gone(room, kept)  # closed as well: the seat is free for the next test
    assert room.status()["in_use"] == 0
