"""The instructor's room page of `make classroom` for real: the launcher (osteo_lib.apps.classroom) starts the hub
with its room page service; one student joins in Chromium; the instructor's page (the link the launcher printed)
lists that student with a running server, its "Stop server" button stops the server through the hub's REST API
(the student's processes are gone and the hub's answer shows no server), a wrong token gets the plain refusal,
and "End the session" shuts the hub down (the launcher says "Class ended"). No timed assertions: every wait is
for a condition."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from osteo_lib.apps.classroom_room import room_text
from tests.hub.harness import _descendants_by_cwd, classroom_launcher, processes_in
from tests.serving import free_port

CODE = "KDPMT"
TYPED, USER = "Ana Silva", "ana-silva"


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("classroom_room")
    try:
        with classroom_launcher(tmp, CODE, 2, "--room-page-port", str(free_port())) as run:
            yield {**run.record, "proc": run.proc, "out": run.out, "base": run.base, "root": run.root}
    finally:
        left = _descendants_by_cwd(tmp / "c", -1)
        assert left == {}, left


def _open_room_page(ctx: Any, url: str, wait_for: str) -> Any:
    """The instructor's page, loaded again until `wait_for` (a selector) is on it: the service may still be
    starting when the hub already answers, and the hub learns of a server's start or stop on its own time."""
    page = ctx.new_page()
    for _ in range(240):
        response = page.goto(url)
        if response is not None and response.status == 200 and page.locator(wait_for).count():
            return page
        page.wait_for_timeout(500)
    raise AssertionError(f"{url} never showed {wait_for}:\n{page.content()[:3000]}")


def test_the_page_lists_a_student_and_stops_their_server(room: dict[str, Any], browser: Any) -> None:
    t = room_text()
    link = room["room_page"]
    assert link in room["out"].read_text()  # the launcher printed it
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/services/classroom-room/\?token=[a-z0-9-]{19}", link)

    student_ctx, teacher_ctx = browser.new_context(), browser.new_context()
    try:
        # A wrong token: the plain refusal, no numbers.
        wrong = teacher_ctx.new_page()
        response = wrong.goto(link.replace("token=", "token=x"))
        assert response is not None and response.status == 403
        assert wrong.locator("#notice p").inner_text() == t["wrong_token"]
        assert wrong.locator("[data-field]").count() == 0

        # Before anyone joins.
        page = _open_room_page(teacher_ctx, link, "#students")
        assert page.locator("#students").inner_text() == t["no_students"]
        assert page.locator('[data-field="free"]').inner_text() == "7"  # ROOM 2 + 5
        assert page.locator(".osteo-room-page__code").inner_text() == CODE

        # One student joins through the login page.
        student = student_ctx.new_page()
        student.goto(room["base"] + "/hub/login")
        student.fill("#username_input", TYPED)
        student.fill("#password_input", CODE)
        student.click("#login_submit")
        student.wait_for_url(re.compile(rf"/user/{USER}/lab"), timeout=400_000)
        student.wait_for_selector(".jp-Notebook", timeout=400_000)
        homes = Path(room["homes"])
        assert any("jupyterhub-singleuser" in cmd for cmd in processes_in(homes / USER).values())

        # The page lists the student with a running server, and the numbers count them.
        row = f'tr[data-student="{USER}"]'
        page = _open_room_page(teacher_ctx, link, f'{row} [data-state="ready"]')
        assert page.locator(f"{row} th").inner_text() == USER
        numbers = {k: page.locator(f'[data-field="{k}"]').inner_text() for k in ("signed_up", "running", "free")}
        assert numbers == {"signed_up": "1", "running": "1", "free": "6"}
        status = page.request.get(link.replace("/?token=", "/status?token="))
        assert status.status == 200 and status.json()["students"][0]["state"] == "ready"

        # The projector page from the room page's link: the QR code and the code.
        poster = teacher_ctx.new_page()
        assert poster.goto(room["base"] + (page.locator("#poster-link").get_attribute("href") or "")).status == 200
        assert "<svg" in poster.content() and CODE in poster.locator(".osteo-room-page__code").inner_text()

        # "Stop server": the hub stops the student's server; their processes end; the page says so.
        page.locator(f"{row} button").click()
        page.wait_for_selector('[role="status"]')
        assert page.locator('[role="status"]').inner_text() == t.format("stopped_one", name=USER)
        for _ in range(240):
            if not any("jupyterhub-singleuser" in cmd for cmd in processes_in(homes / USER).values()):
                break
            time.sleep(0.5)
        assert not any("jupyterhub-singleuser" in cmd for cmd in processes_in(homes / USER).values())
        page = _open_room_page(teacher_ctx, link, f'{row} [data-state="off"]')
        assert page.locator('[data-field="running"]').inner_text() == "0"
        assert page.locator(f"{row} button").count() == 0
        assert (homes / USER / "notebooks" / "00_start_here.ipynb").is_file()  # their files stay

        # A form without the _xsrf value is refused; without the tick "End the session" does nothing.
        refused = page.request.post(link.split("?")[0] + "end", form={"token": link.split("token=")[1]})
        assert refused.status == 403
        page.evaluate("document.getElementById('end-confirm').removeAttribute('required')")
        page.locator(".osteo-room-page__danger").click()
        page.wait_for_selector('[role="status"]')
        assert page.locator('[role="status"]').inner_text() == t["end_unconfirmed"]
        assert room["proc"].poll() is None

        # "End the session": the hub shuts down and the launcher ends the class.
        page.check("#end-confirm")
        page.locator(".osteo-room-page__danger").click()
        page.wait_for_selector("#notice")
        assert page.locator("#notice h1").inner_text() == t["ended_title"]
        assert room["proc"].wait(timeout=180) == 0
        assert "Class ended" in room["out"].read_text()
    finally:
        student_ctx.close()
        teacher_ctx.close()
