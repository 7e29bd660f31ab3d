"""`make classroom` for real: the launcher (osteo_lib.apps.classroom) on 0.0.0.0 and free ports builds the
student version, starts JupyterHub with a room code, and three students join through Chromium: each types
a name and the room code, lands in their own JupyterLab with their own notebooks, cannot open another's
server, and finds no answer key in their folder, their data or their kernel. Join times and memory per
student server are printed and written to test-artifacts/classroom_test.json (no timed assertions)."""

from __future__ import annotations

import json
import re
import signal
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import websocket

from osteo_lib.apps.workshop.room import qr_text
from osteo_lib.content.ui import ui_texts
from tests.hub.harness import KernelChannel, _descendants_by_cwd, classroom_launcher, processes_in, rss_mb
from tests.serving import ROOT

CODE = "KDPMT"
NAMES = {"Ana Silva": "ana-silva", "Ben Okoro": "ben-okoro", "Cai Lin": "cai-lin"}
KEY_LINE = re.compile(r"^\s*correct:", flags=re.M)
FIGURES: dict[str, Any] = {}


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("classroom")
    try:
        with classroom_launcher(tmp, CODE) as run:
            FIGURES["ready_seconds"] = run.ready_seconds
            yield {
                **run.record,
                "proc": run.proc,
                "out": run.out,
                "base": run.base,
                "root": run.root,
                "api_port": run.api_port,
            }
    finally:
        (ROOT / "test-artifacts").mkdir(exist_ok=True)
        (ROOT / "test-artifacts" / "classroom_test.json").write_text(json.dumps(FIGURES, indent=2))
        print("classroom figures:", json.dumps(FIGURES))


def test_launcher_prints_the_address_and_code_and_writes_the_projector_page(room: dict[str, Any]) -> None:
    printed = room["out"].read_text()
    assert room["address"] in printed and f"room code {CODE}" in printed
    assert room["address"].endswith(f":{room['base'].rsplit(':', 1)[1]}")
    poster = Path(room["poster"]).read_text()
    words = ui_texts("classroom")
    assert words["poster_step_code"] in poster and room["address"] in poster and CODE in poster
    assert "<svg" in poster
    # The student version was built afresh, without keys.
    sv = Path(room["student_version"])
    assert (sv / "notebooks" / "00_start_here.ipynb").is_file()
    assert not [p for p in (sv / "data").rglob("*.yaml") if KEY_LINE.search(p.read_text())]


def test_wrong_or_missing_code_gets_a_plain_page(room: dict[str, Any], browser: Any) -> None:
    words = ui_texts("classroom")
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        page.goto(room["base"] + "/")
        assert "/hub/login" in page.url
        assert page.locator("#classroom_intro").inner_text() == words["login_intro"]
        # No code: the browser keeps the form (the field is required) and nothing is sent.
        page.fill("#username_input", "Eve Stone")
        page.click("#login_submit")
        assert page.eval_on_selector("#password_input", "e => e.validity.valueMissing") is True
        assert "/hub/login" in page.url
        # A wrong code: the plain message, the name kept, no Jupyter wording.
        page.fill("#password_input", "WRONG")
        page.click("#login_submit")
        page.wait_for_selector("#classroom_problem")
        problem = page.locator("#classroom_problem").inner_text()
        assert words["login_wrong_title"] in problem and words["login_wrong_message"] in problem
        assert page.input_value("#username_input") == "Eve Stone"
        assert "Invalid username or password" not in page.content()
        assert not (Path(room["homes"]) / "eve-stone").exists()
    finally:
        ctx.close()


@pytest.fixture(scope="module")
def students(room: dict[str, Any], browser: Any) -> Iterator[dict[str, Any]]:
    """Three students join one after another in their own browser contexts through the QR code's link (the
    login page; here on loopback), typing their name and the code in small letters."""
    assert room["login"] == f"{room['address']}/hub/login"
    assert qr_text(room["login"]) in room["out"].read_text()  # the QR code printed is that of this link
    scanned = room["base"] + "/hub/login"
    joined: dict[str, Any] = {}
    contexts = []
    try:
        for typed, user in NAMES.items():
            ctx = browser.new_context(viewport={"width": 1280, "height": 900})
            contexts.append(ctx)
            page = ctx.new_page()
            t0 = time.monotonic()
            page.goto(scanned)
            page.fill("#username_input", typed)
            page.fill("#password_input", CODE.lower())
            page.click("#login_submit")
            page.wait_for_url(re.compile(rf"/user/{user}/lab"), timeout=400_000)
            page.wait_for_selector(".jp-Notebook", timeout=400_000)
            joined[user] = {"ctx": ctx, "page": page, "seconds": round(time.monotonic() - t0, 1)}
        FIGURES["join_to_notebook_seconds"] = {u: j["seconds"] for u, j in joined.items()}
        yield joined
    finally:
        for ctx in contexts:
            ctx.close()


def _xsrf(ctx: Any) -> str:
    return next(c["value"] for c in ctx.cookies() if c["name"] == "_xsrf")


def _run_in_kernel(room: dict[str, Any], user: str, ctx: Any, code: str) -> str:
    """Start a kernel through the student's own server (Jupyter's sessions API) and run `code` over its
    websocket with the student's browser cookies, as JupyterLab runs a cell."""
    server = f"{room['base']}/user/{user}"
    xsrf = _xsrf(ctx)
    r = ctx.request.post(
        f"{server}/api/sessions",
        headers={"X-XSRFToken": xsrf},
        data={
            "path": "notebooks/check.ipynb",
            "name": "check.ipynb",
            "type": "notebook",
            "kernel": {"name": "python3"},
        },
    )
    assert r.status == 201, r.text()[:300]
    kernel = r.json()["kernel"]["id"]
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in ctx.cookies(server + "/"))
    conn = websocket.create_connection(
        server.replace("http://", "ws://", 1) + f"/api/kernels/{kernel}/channels?session_id={uuid.uuid4().hex}",
        header=[f"Cookie: {cookies}", f"X-XSRFToken: {xsrf}"],
        origin=room["base"],
        timeout=120,
    )
    channel = KernelChannel(conn, user)
    try:
        reply = channel.execute(code, timeout=300)
    finally:
        channel.close()
    assert reply.status == "ok", reply.text()
    return reply.text()


PROBE = """
import json
out = {}
try:
    import osteo_lib.apps.instructor
    out["instructor"] = "imported"
except ImportError as error:
    out["instructor"] = type(error).__name__
import osteo_lib
from osteo_lib.content.paths import data_dir
out["package"] = osteo_lib.__file__
out["data"] = str(data_dir())
out["keys"] = [
    str(p) for p in data_dir().rglob("*.yaml")
    if any(line.strip().startswith("correct:") for line in p.read_text().splitlines())
]
print(json.dumps(out))
"""


def test_each_student_has_their_own_notebooks_and_no_keys(room: dict[str, Any], students: dict[str, Any]) -> None:
    homes, sv = Path(room["homes"]), Path(room["student_version"])
    memory = {}
    for user, s in students.items():
        page, ctx = s["page"], s["ctx"]
        assert page.url.startswith(f"{room['base']}/user/{user}/lab/tree/notebooks/00_start_here.ipynb")
        r = ctx.request.get(f"{room['base']}/user/{user}/api/contents/notebooks")
        assert r.status == 200
        listing = {item["name"] for item in r.json()["content"]}
        assert "00_start_here.ipynb" in listing and "instructor" not in listing
        mine = homes / user / "notebooks"
        assert sorted(p.name for p in mine.glob("*.ipynb")) == sorted(
            p.name for p in (sv / "notebooks").glob("*.ipynb")
        )
        leaked = [
            str(p) for p in (homes / user).rglob("*") if p.is_file() and KEY_LINE.search(p.read_text(errors="replace"))
        ]
        assert leaked == []
        probe = json.loads(_run_in_kernel(room, user, ctx, PROBE).strip().splitlines()[-1])
        assert probe["instructor"] in {"ModuleNotFoundError", "ImportError"}, probe
        assert probe["package"].startswith(str(sv)), probe
        assert probe["data"] == str(sv / "data") and probe["keys"] == [], probe
        memory[user] = rss_mb(list(processes_in(homes / user)))
    FIGURES["memory_per_student_mb"] = memory


def test_a_student_cannot_open_anothers_server(room: dict[str, Any], students: dict[str, Any]) -> None:
    for user, s in students.items():
        for other in students:
            if other == user:
                continue
            response = s["page"].goto(f"{room['base']}/user/{other}/lab")
            assert response is not None and response.status == 403, (user, other, response and response.status)
            api = s["ctx"].request.get(f"{room['base']}/user/{other}/api/contents/notebooks")
            assert api.status == 403, (user, other, api.status)


def test_ctrl_c_ends_the_class_and_stops_every_server(room: dict[str, Any], students: dict[str, Any]) -> None:
    before = _descendants_by_cwd(room["root"], room["api_port"])
    assert sum("jupyterhub-singleuser" in cmd for cmd in before.values()) == len(NAMES), before
    t0 = time.monotonic()
    room["proc"].send_signal(signal.SIGINT)
    assert room["proc"].wait(timeout=120) == 0
    FIGURES["stop_seconds"] = round(time.monotonic() - t0, 1)
    assert "Class ended" in room["out"].read_text()
    for _ in range(40):
        left = _descendants_by_cwd(room["root"], room["api_port"])
        if not left:
            break
        time.sleep(0.25)
    assert left == {}, left
