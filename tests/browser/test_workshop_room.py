"""`make workshop` end to end: a room served on 0.0.0.0, contacted here only through 127.0.0.1.

Four small rooms are started with `make workshop` on free ports, each with its own token, room code and
QR folder:

- ``room``: ROOM=2 CAP=2 POOL=1 LEFT=5 (normal idle time; a page that went away loses its kernel after
  5 s): joining by the room code (typed on a phone-sized page, or the QR code's link), the friendly page
  for a missing or wrong token or code (never Jupyter's login page), the rendered dashboard, the QR code,
  the cap, the instructor's room page, and seats freed after a page went away;
- ``sleepy_room``: ROOM=1 CAP=1 POOL=1 IDLE=0.1 (6 seconds): idle culling frees the seat;
- ``held_room``: ROOM=1 CAP=2 POOL=1 LEFT=600 (a seat whose page went away stays held): the room page's
  "Free seats of people who left" and "End the session" buttons.
- ``trio_room``: ROOM=3 CAP=3 POOL=3: three phones open the QR code's link at the same moment.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import segno

from osteo_lib.apps.workshop import room as ws
from osteo_lib.apps.workshop.join import new_code
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
JOIN_HEADING = "Type the room code"
#: What Jupyter's own login page says; no visitor may ever see it.
JUPYTER_LOGIN = ("jupyter server list", "Setup a Password", "Password or token", "Log in")


@dataclass
class Room:
    server: Server
    token: str
    qr_dir: Path
    code: str

    @property
    def address(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def room_page(self) -> str:
        return f"{self.address}/room?token={self.token}"

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

    def scanned_link(self) -> str:
        """What the QR code encodes (the link in room-plan.json), as this test reaches it: on loopback."""
        link = str(json.loads((self.qr_dir / "room-plan.json").read_text())["url"])
        return link.replace(link.split("/")[2].split(":")[0], "127.0.0.1", 1)


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
    token, code = ws.new_token(), new_code()
    qr_dir = tmp_path_factory.mktemp(name)
    with serve("workshop", {**make_vars, "TOKEN": token, "CODE": code, "QR_DIR": str(qr_dir)}, timeout=180) as server:
        room = Room(server, token, qr_dir, code)
        room.wait_for_pool()
        yield room


#: The ``room``'s LEFT: seconds after which the kernel of a page that went away is stopped.
LEFT = 5


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Room]:
    yield from _start(tmp_path_factory, "room", ROOM="2", CAP="2", POOL="1", LEFT=str(LEFT))


@pytest.fixture(scope="module")
def held_room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Room]:
    yield from _start(tmp_path_factory, "held", ROOM="1", CAP="2", POOL="1", LEFT="600")


@pytest.fixture(scope="module")
def trio_room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Room]:
    yield from _start(tmp_path_factory, "trio", ROOM="3", CAP="3", POOL="3")


@pytest.fixture(scope="module")
def sleepy_room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Room]:
    yield from _start(tmp_path_factory, "sleepy", ROOM="1", CAP="1", POOL="1", IDLE="0.1")


def open_dashboard(context: Any, url: str) -> tuple[Any, str]:
    """Open the dashboard in a new page; wait until Voila has rendered it; return (page, kernel id)."""
    page = context.new_page()
    response = page.goto(url, wait_until="load", timeout=120_000)
    return page, dashboard_drawn(page, response)


def dashboard_drawn(page: Any, response: Any) -> str:
    """Wait until the dashboard ``response`` brought is drawn in ``page``; return its kernel id."""
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
    return str(config.get("kernelId") or re.search(r'"kernelId":\s*"([^"]+)"', served_html).group(1))  # type: ignore[union-attr]


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


#: Addresses a visitor may try without access (Jupyter's own among them); each must give the join page.
TRIED = ("", "login", "tree", "lab", "api", "api/kernels", "api/contents", "voila/render/x.ipynb", "voila/tree", "room")


def assert_join_page(status: int, body: str, where: str) -> None:
    assert status == 200, (where, status)
    assert f"<h1>{JOIN_HEADING}</h1>" in body, (where, body[:500])
    for words in JUPYTER_LOGIN:
        assert words not in body, (where, words)


def test_visitor_without_the_token_or_code_gets_the_join_page_never_a_login_page(room: Room, context: Any) -> None:
    before = room.status()
    for path in TRIED:
        for token in ("", "wrong-token-123"):
            status, _, body = fetch(room.url(path, token=token))
            assert_join_page(status, body, f"/{path}?token={token}")
            old_link = "That link did not work. Type the room code to come in."
            assert (old_link in body) == bool(token and path != "room"), (path, token)
    status, _, body = fetch(f"{room.address}/join?code=WRONG")
    assert status == 403 and "That code did not work." in body
    assert fetch(room.url("room/status", token=""))[0] == 403
    after = room.status()
    assert after["kernels"] == before["kernels"] and after["admitted"] == before["admitted"]

    page = context.new_page()
    page.goto(room.url(token="wrong-token-123"), wait_until="load")
    assert "/join" in page.url
    assert page.get_by_role("heading", name=JOIN_HEADING).is_visible()
    assert page.locator("#rendered_cells").count() == 0 and page.locator(".jp-Cell").count() == 0
    violations = run_axe(page)
    assert not violations, describe_violations(violations)
    page.screenshot(path=artifact("workshop-no-token.png"))
    page.close()


def test_a_patient_joins_by_typing_the_room_code_on_a_phone(room: Room, browser: Any) -> None:
    """On a phone-sized page: the short address, a wrong code (a plain message, nothing lost), then the
    right code typed in small letters: the dashboard. The instructor's room page, open meanwhile, shows the
    seat in use without reloading, and the visitor as "left" once their page is gone."""
    room.wait_for_pool()
    phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    desk = browser.new_context(viewport={"width": 1000, "height": 800})
    try:
        instructor = desk.new_page()
        instructor.goto(room.room_page(), wait_until="load")
        assert instructor.get_by_role("heading", name="Your room").is_visible()
        assert instructor.locator(".osteo-room-page__code").first.text_content() == room.code
        instructor.evaluate("() => { window.stillTheSamePage = true; }")
        left_before = int(instructor.locator('[data-field="left"]').text_content() or "0")

        page = phone.new_page()
        page.goto(room.address, wait_until="load")
        assert page.url.startswith(f"{room.address}/join")
        heading = page.get_by_role("heading", name=JOIN_HEADING)
        assert heading.is_visible()
        field = page.get_by_label("Room code")
        box = field.bounding_box()
        assert box is not None and box["height"] >= 44 and box["x"] + box["width"] <= 360
        field.fill("WRONG")
        with page.expect_navigation():
            page.get_by_role("button", name="Join").click()
        assert page.get_by_role("alert").text_content() == (
            "That code did not work. Check the code on the screen and type it again."
        )
        assert page.get_by_label("Room code").input_value() == "WRONG"  # what was typed is still there
        assert page.get_by_label("Room code").get_attribute("aria-invalid") == "true"
        violations = run_axe(page)
        assert not violations, describe_violations(violations)
        page.screenshot(path=artifact("workshop-join-wrong-code-phone.png"))

        page.get_by_label("Room code").fill(room.code.lower())
        with page.expect_navigation(timeout=120_000):
            page.get_by_role("button", name="Join").click()
        page.wait_for_selector("#loading", state="detached", timeout=120_000)
        assert page.url == f"{room.address}/"  # no token in the address bar
        config = json.loads(page.locator("#jupyter-config-data").text_content() or "{}")
        kernel_id = config["kernelId"]
        assert kernel_alive(room, kernel_id) and page.locator(".jp-Cell").count() > 0
        page.get_by_role("button", name="Understand my pain").wait_for(timeout=120_000)
        page.screenshot(path=artifact("workshop-joined-phone.png"))

        # The room page shows the seat in use, in place (the same page: no reload).
        instructor.wait_for_function(
            "() => document.querySelector('[data-field=\"in_use\"]').textContent === '1'", timeout=60_000
        )
        assert instructor.evaluate("() => window.stillTheSamePage") is True

        # The phone goes without saying goodbye: after LEFT seconds the seat is free and the visitor "left".
        phone.route("**/api/shutdown/**", lambda route: route.abort())
        phone.close()
        wait_until_gone(room, kernel_id)
        instructor.wait_for_function(
            f"() => Number(document.querySelector('[data-field=\"left\"]').textContent) > {left_before}"
            " && document.querySelector('[data-field=\"in_use\"]').textContent === '0'",
            timeout=60_000,
        )
        assert instructor.evaluate("() => window.stillTheSamePage") is True
        # Without the script, a plain reload shows the same numbers.
        instructor.reload(wait_until="load")
        assert instructor.locator('[data-field="in_use"]').text_content() == "0"
        assert int(instructor.locator('[data-field="left"]').text_content() or "0") > left_before
        violations = run_axe(instructor)
        assert not violations, describe_violations(violations)
        instructor.screenshot(path=artifact("workshop-room-page.png"), full_page=True)
    finally:
        phone.close()
        desk.close()


def test_the_qr_code_link_lets_a_visitor_in_without_typing(room: Room, browser: Any) -> None:
    room.wait_for_pool()
    link = json.loads((room.qr_dir / "room-plan.json").read_text())["url"]
    assert link.endswith(f":{room.port}/join?code={room.code}") and "token" not in link
    scanned = room.scanned_link()
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page, kernel_id = open_dashboard(ctx, scanned)
        assert page.url == f"{room.address}/" and kernel_alive(room, kernel_id)
        # Scanned again later (already in): straight to the dashboard, no code asked.
        again = ctx.request.get(scanned, max_redirects=0)  # (with the browser's cookies)
        assert again.status == 302 and again.headers["location"] == "/"
        page.get_by_role("button", name="Understand my pain").wait_for(timeout=120_000)
        page.close(run_before_unload=True)
        wait_until_gone(room, kernel_id)
    finally:
        ctx.close()


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_three_patients_scan_the_qr_code_at_once(trio_room: Room, browser: Any) -> None:
    """Three phones open the QR code's link at the same moment (every navigation starts before any is
    waited on): each gets its own drawn dashboard and its own kernel, and the room counts three seats."""
    room = trio_room
    room.wait_for_pool()
    assert room.status()["in_use"] == 0
    link = room.scanned_link()
    assert link.endswith(f"/join?code={room.code}") and "token" not in link
    phones = [browser.new_context(**PHONE) for _ in range(3)]
    try:
        pages = [phone.new_page() for phone in phones]
        responses = [page.goto(link, wait_until="commit", timeout=120_000) for page in pages]
        kernels = [dashboard_drawn(page, response) for page, response in zip(pages, responses, strict=True)]
        assert len(set(kernels)) == 3, kernels
        for page, kernel_id in zip(pages, kernels, strict=True):
            assert page.url == f"{room.address}/"  # the code is not left in the address bar
            page.get_by_role("button", name="Understand my pain").wait_for(timeout=120_000)
            assert page.locator(".jp-Cell").count() > 0 and kernel_alive(room, kernel_id)
        status = room.status()
        assert status["in_use"] == 3 and status["admitted"] >= 3, status
        assert fetch(room.url())[0] == 503  # CAP=3: a fourth is told the room is full
        # Each page talks to its own kernel: the kernel a page asks about is the one it was given.
        for page, kernel_id in zip(pages, kernels, strict=True):
            with page.expect_response(lambda r: "/api/kernels/" in r.url and r.request.method == "GET") as asked:
                ask_now(page)
            assert asked.value.url.split("/api/kernels/", 1)[1].split("?")[0] == kernel_id
        pages[0].screenshot(path=artifact("workshop-three-phones.png"))
        for page in pages:
            page.close(run_before_unload=True)
        for kernel_id in kernels:
            wait_until_gone(room, kernel_id)
    finally:
        for phone in phones:
            phone.close()
    assert room.status()["in_use"] == 0
    assert "Traceback" not in room.log()


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


def test_printed_address_code_and_qr_code(room: Room) -> None:
    log = room.log()
    printed = re.findall(r"^ {4}(http://\S+)$", log, flags=re.M)
    assert len(printed) == 1, log[-3000:]
    address = printed[0]
    host = address.split("//", 1)[1].split(":", 1)[0]
    assert host == ws.lan_address()  # the machine's network address (127.0.0.1 only when it has none)
    assert address == f"http://{host}:{room.port}"  # short: nothing to type but the address
    link = f"{address}/join?code={room.code}"
    assert f"and type the room code {room.code} (the QR code opens {link}" in log
    assert f"On this computer: {room.url()}" in log
    assert f"Your room page (seats, free seats, end the session; keep it off the projector): {room.room_page()}" in log

    # The terminal QR code in the log is the QR code of exactly the join link (no token in it).
    assert ws.qr_text(link) in log
    # The pictures exist and are what segno makes from the same text.
    png, svg = room.qr_dir / "room-qr.png", room.qr_dir / "room-qr.svg"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    again = room.qr_dir / "again.svg"
    segno.make_qr(link, error="m").save(str(again), scale=10, border=4, title="QR code: open the pain workbook")
    assert svg.read_bytes() == again.read_bytes()
    plan = json.loads((room.qr_dir / "room-plan.json").read_text())
    assert (plan["url"], plan["address"], plan["code"]) == (link, address, room.code)
    poster = (room.qr_dir / "room.html").read_text(encoding="utf-8")
    assert address in poster and room.code in poster and room.token not in poster


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


# --- the room page's buttons ----------------------------------------------------------------------------


def test_free_seats_of_people_who_left_and_end_the_session(held_room: Room, browser: Any) -> None:
    """LEFT=600: a seat whose page went away stays held until the instructor frees it; then "End the
    session" stops every page, and every visitor gets the plain "meeting has ended" page."""
    room = held_room
    room.wait_for_pool()
    link = f"{room.address}/join?code={room.code}"
    leaves, stays = browser.new_context(), browser.new_context()
    desk = browser.new_context(viewport={"width": 1000, "height": 900})
    try:
        _, gone = open_dashboard(leaves, link)
        kept_page, kept = open_dashboard(stays, link)
        leaves.route("**/api/shutdown/**", lambda route: route.abort())
        leaves.close()  # gone without saying goodbye: only its kernel's websocket closes

        instructor = desk.new_page()
        instructor.goto(room.room_page(), wait_until="load")
        instructor.wait_for_function(
            "() => document.querySelector('[data-field=\"left_waiting\"]').textContent === '1'", timeout=60_000
        )
        assert instructor.locator('[data-field="in_use"]').text_content() == "2"
        assert kernel_alive(room, gone)  # held: LEFT is 10 minutes

        with instructor.expect_navigation():
            instructor.get_by_role("button", name="Free seats of people who left").click()
        assert instructor.get_by_role("status").text_content() == "Seats freed: 1."
        assert not kernel_alive(room, gone) and kernel_alive(room, kept)
        assert instructor.locator('[data-field="in_use"]').text_content() == "1"
        assert instructor.locator('[data-field="left_waiting"]').text_content() == "0"
        assert_not_stopped(kept_page)
        # The form cannot be sent from elsewhere: without the _xsrf value, or without the token, nothing happens.
        assert post(room, "room/free", {"token": room.token})[0] == 403
        assert post(room, "room/end", {"confirm": "yes"})[0] == 403
        assert not room.status()["ended"] and kernel_alive(room, kept)

        # End the session: the box must be ticked first.
        end = instructor.get_by_role("button", name="End the session")
        instructor.get_by_label("I want to end the session for everyone").check()
        with instructor.expect_navigation():
            end.click()
        assert instructor.get_by_role("status").text_content().startswith("The session has ended. Pages stopped:")
        assert instructor.locator('[data-field="ended"]').is_visible()
        wait_until_gone(room, kept)
        deadline = time.monotonic() + 60
        while (status := room.status())["kernels"]:
            assert time.monotonic() < deadline, status
            time.sleep(0.5)
        assert status["ended"] and status["pool_ready"] == 0
        instructor.screenshot(path=artifact("workshop-room-ended.png"), full_page=True)

        # The visitor still on the dashboard loads it again: the plain "ended" page.
        kept_page.reload(wait_until="load")
        assert kept_page.get_by_role("heading", name="This meeting has ended. Thank you for coming.").is_visible()
        violations = run_axe(kept_page)
        assert not violations, describe_violations(violations)
        kept_page.screenshot(path=artifact("workshop-ended.png"))
        # Newcomers, by the QR link or the short address, get the same page, and no kernel starts.
        for url in (link, room.address, room.url()):
            status_code, _, body = fetch(url)
            assert status_code == 410 and "This meeting has ended." in body, url
        time.sleep(3)  # (the room tends its pool every 2 s: it must not start one again)
        assert room.status()["kernels"] == 0
        assert "Session ended from the room page (pages stopped:" in room.log()
    finally:
        leaves.close()
        stays.close()
        desk.close()
    assert "Traceback" not in room.log()
    assert "is not trusted" not in room.log()


def post(room: Room, path: str, form: dict[str, str]) -> tuple[int, str]:
    data = urllib.parse.urlencode(form).encode()
    request = urllib.request.Request(f"{room.address}/{path}", data=data, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
