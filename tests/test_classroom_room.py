"""The instructor's room page of `make classroom` (osteo_lib.apps.classroom_room), its pure parts: the numbers
made from JupyterHub's answer to GET /hub/api/users, the page drawn from them (escaped, with a Stop button per
running server), the settings the service reads, and what the hub config and the launcher make of the room page
token. The service itself, against a real hub, is tested in tests/hub/test_classroom_room.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from osteo_lib.apps import classroom
from osteo_lib.apps import classroom_room as cr
from tests.hub.test_deploy_config import load

NOW = datetime(2026, 12, 8, 10, 0, tzinfo=UTC)


def iso(minutes_ago: float | None) -> str | None:
    if minutes_ago is None:
        return None
    return (NOW - timedelta(minutes=minutes_ago)).isoformat().replace("+00:00", "Z")


def server(*, ready: bool, pending: str | None = None, minutes_ago: float | None = 1) -> dict[str, Any]:
    """A server model as JupyterHub 6 gives it (apihandlers.base.server_model) for a default server."""
    return {
        "name": "",
        "display_name": "",
        "full_name": "x/",
        "last_activity": iso(minutes_ago),
        "started": iso(30),
        "pending": pending,
        "ready": ready,
        "stopped": False,
        "url": "/user/x/",
        "user_options": {},
        "progress_url": "/hub/api/users/x/server/progress",
        "full_url": None,
        "full_progress_url": None,
    }


def user(name: str, srv: dict[str, Any] | None = None, minutes_ago: float | None = 5) -> dict[str, Any]:
    """A user model (apihandlers.base.user_model) with read:users and read:servers: only active servers listed."""
    return {
        "kind": "user",
        "name": name,
        "admin": False,
        "roles": ["user"],
        "groups": [],
        "server": f"/user/{name}/" if srv and srv["ready"] else None,
        "pending": srv["pending"] if srv else None,
        "created": iso(60),
        "last_activity": iso(minutes_ago),
        "servers": {"": srv} if srv else {},
    }


USERS = [
    user("cai-lin", server(ready=True, minutes_ago=25)),
    user("ana-silva", server(ready=True, minutes_ago=0.2)),
    user("ben-okoro", server(ready=False, pending="spawn", minutes_ago=None), minutes_ago=None),
    user("dee-ray", None, minutes_ago=40),
    user("eve-stone", server(ready=True, pending="stop", minutes_ago=50)),
    {"kind": "service", "name": "classroom-room"},
]


def status(max_servers: int = 5, idle: int = 10) -> cr.ClassroomStatus:
    return cr.classroom_status(USERS, now=NOW, max_servers=max_servers, idle_after_minutes=idle)


def test_the_numbers_of_the_class() -> None:
    s = status()
    assert [x.name for x in s.students] == ["ana-silva", "ben-okoro", "cai-lin", "dee-ray", "eve-stone"]
    states = {x.name: x.state for x in s.students}
    assert states == {
        "ana-silva": "ready",
        "ben-okoro": "spawn",
        "cai-lin": "ready",
        "dee-ray": "off",
        "eve-stone": "stop",
    }
    assert (s.signed_up, s.running, s.ready, s.starting, s.free) == (5, 4, 2, 2, 1)
    # Idle: a ready server unused for 10 minutes or more; not one starting or stopping, not one without a server.
    assert s.idle == ("cai-lin",)
    minutes = {x.name: x.idle_minutes for x in s.students}
    assert minutes == {"ana-silva": 0, "ben-okoro": None, "cai-lin": 25, "dee-ray": 40, "eve-stone": 50}
    assert status(idle=60).idle == ()
    assert status(idle=1).idle == ("cai-lin",)  # ana-silva was active 12 seconds ago


def test_free_seats_never_go_below_zero_and_no_cap_means_no_number() -> None:
    assert status(max_servers=3).free == 0
    assert status(max_servers=0).free is None
    assert status(max_servers=0).as_json()["free"] is None


def test_an_empty_hub_and_a_hub_answering_in_one_list() -> None:
    empty = cr.classroom_status([], now=NOW, max_servers=35, idle_after_minutes=10)
    assert (empty.signed_up, empty.running, empty.free, empty.idle) == (0, 0, 35, ())
    # A server's own last activity counts before the user's; a timestamp without a zone is UTC.
    u = user("fay", server(ready=True, minutes_ago=3), minutes_ago=0)
    u["servers"][""]["last_activity"] = (NOW - timedelta(minutes=3)).replace(tzinfo=None).isoformat()
    (only,) = cr.classroom_status([u], now=NOW, max_servers=0, idle_after_minutes=10).students
    assert only.idle_minutes == 3


def test_the_status_as_json() -> None:
    j = status().as_json()
    assert {k: j[k] for k in ("signed_up", "running", "ready", "starting", "free", "idle", "max_servers")} == {
        "signed_up": 5,
        "running": 4,
        "ready": 2,
        "starting": 2,
        "free": 1,
        "idle": 1,
        "max_servers": 5,
    }
    assert j["students"][0] == {"name": "ana-silva", "state": "ready", "idle_minutes": 0}


def settings(**changes: Any) -> cr.RoomPageSettings:
    env = {
        "OSTEO_CLASSROOM_ROOM_TOKEN": "k7pm-q2xd-9trw-h4ns",
        "OSTEO_CLASSROOM_ROOM_CODE": "KDPMT",
        "OSTEO_CLASSROOM_ROOM_ADDRESS": "http://192.168.1.20:8000",
        "OSTEO_CLASSROOM_ROOM_MAX_SERVERS": "35",
        "OSTEO_CLASSROOM_ROOM_IDLE_MINUTES": "10",
        "OSTEO_CLASSROOM_ROOM_CULL_MINUTES": "60.0",
        "JUPYTERHUB_API_URL": "http://127.0.0.1:8081/hub/api",
        "JUPYTERHUB_API_TOKEN": "secret",
        "JUPYTERHUB_SERVICE_PREFIX": "/services/classroom-room/",
        "JUPYTERHUB_SERVICE_URL": "http://127.0.0.1:9999",
        **changes,
    }
    return cr.RoomPageSettings.from_environment(env)


def test_settings_from_the_services_environment() -> None:
    s = settings()
    assert (s.token, s.code, s.max_servers, s.idle_after_minutes, s.cull_minutes) == (
        "k7pm-q2xd-9trw-h4ns",
        "KDPMT",
        35,
        10,
        60.0,
    )
    assert s.api_url.endswith("/hub/api") and s.prefix == "/services/classroom-room/"
    with pytest.raises(ValueError, match="OSTEO_CLASSROOM_ROOM_TOKEN"):
        settings(OSTEO_CLASSROOM_ROOM_TOKEN="short")


def page(**kwargs: Any) -> BeautifulSoup:
    html = cr.room_page(
        status=kwargs.pop("status", status()),
        settings=settings(),
        prefix="/services/classroom-room/",
        token="k7pm-q2xd-9trw-h4ns",
        xsrf="2|abc",
        **kwargs,
    )
    return BeautifulSoup(html, "html.parser")


def test_the_page_shows_the_numbers_the_students_and_a_stop_button_per_running_server() -> None:
    t = cr.room_text()
    soup = page()
    assert soup.title.get_text() == t["title"]
    assert soup.select_one(".osteo-room-page__url").get_text() == "http://192.168.1.20:8000"
    assert soup.select_one(".osteo-room-page__code").get_text() == "KDPMT"
    assert soup.select_one("#poster-link")["href"] == "/services/classroom-room/poster?token=k7pm-q2xd-9trw-h4ns"
    numbers = {td["data-field"]: td.get_text() for td in soup.select("[data-field]")}
    assert numbers == {"signed_up": "5", "running": "4", "ready": "2", "starting": "2", "free": "1", "idle": "1"}
    rows = {tr["data-student"]: tr for tr in soup.select("tr[data-student]")}
    assert list(rows) == ["ana-silva", "ben-okoro", "cai-lin", "dee-ray", "eve-stone"]
    assert rows["cai-lin"].select_one("[data-state]").get_text() == t["state_ready"]
    assert rows["dee-ray"].select_one("[data-state]").get_text() == t["state_off"]
    assert t.format("active_minutes", minutes=25) in rows["cai-lin"].get_text()
    assert t["active_never"] in rows["ben-okoro"].get_text()
    # A Stop button for every server holding a seat, posting the student, the token and the _xsrf value.
    with_button = {name for name, row in rows.items() if row.select_one("form")}
    assert with_button == {"ana-silva", "ben-okoro", "cai-lin", "eve-stone"}
    form = rows["cai-lin"].select_one("form")
    assert form["action"] == "/services/classroom-room/stop" and form["method"] == "post"
    fields = {i["name"]: i["value"] for i in form.select("input")}
    assert fields == {"token": "k7pm-q2xd-9trw-h4ns", "_xsrf": "2|abc", "user": "cai-lin"}
    actions = [f["action"] for f in soup.select("form")]
    assert actions[-2:] == ["/services/classroom-room/stop-idle", "/services/classroom-room/end"]
    assert soup.select_one("#end-confirm").has_attr("required")
    assert soup.select_one("main")["data-status-url"] == "/services/classroom-room/status?token=k7pm-q2xd-9trw-h4ns"


def test_names_are_escaped_and_an_empty_class_says_so() -> None:
    odd = cr.classroom_status([user("<b>x</b>", server(ready=True))], now=NOW, max_servers=0, idle_after_minutes=10)
    html = cr.room_page(
        status=odd, settings=settings(), prefix="/p/", token="k7pm-q2xd-9trw-h4ns", xsrf="x", message="<i>m</i>"
    )
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html and "<i>m</i>" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one('[data-field="free"]').get_text() == cr.room_text()["no_cap"]
    empty = page(status=cr.classroom_status([], now=NOW, max_servers=3, idle_after_minutes=10))
    assert empty.select_one("#students").get_text() == cr.room_text()["no_students"]


def test_messages_and_notices() -> None:
    t = cr.room_text()
    soup = page(message="Idle servers stopped: 2.", problem=t.format("hub_problem", problem="HTTP 500"))
    assert soup.select_one('[role="status"]').get_text() == "Idle servers stopped: 2."
    assert "HTTP 500" in soup.select_one('[role="alert"]').get_text()
    ended = BeautifulSoup(cr.ended_page(3), "html.parser")
    assert ended.h1.get_text() == t["ended_title"] and t.format("ended_message", count=3) == ended.p.get_text()
    assert BeautifulSoup(cr.refused_page(), "html.parser").p.get_text() == t["wrong_token"]


def test_the_hub_config_starts_the_service_with_only_the_scopes_it_needs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    c, _ = load(
        monkeypatch,
        tmp_path,
        AUTHENTICATOR="shared",
        ROOM_CODE="KDPMT",
        ROOM_PAGE_TOKEN="k7pm-q2xd-9trw-h4ns",
        ROOM_PAGE_PORT="9123",
        ROOM_ADDRESS="http://192.168.1.20:8000",
        MAX_SERVERS="35",
        CULL_TIMEOUT="3600",
    )
    services = {s["name"]: s for s in c.JupyterHub.services}
    page_service = services[cr.SERVICE_NAME]
    assert page_service["url"] == "http://127.0.0.1:9123"
    assert page_service["command"][1:] == ["-m", "osteo_lib.apps.classroom_room"]
    env = page_service["environment"]
    assert env["OSTEO_CLASSROOM_ROOM_TOKEN"] == "k7pm-q2xd-9trw-h4ns" and env["OSTEO_CLASSROOM_ROOM_CODE"] == "KDPMT"
    assert env["OSTEO_CLASSROOM_ROOM_MAX_SERVERS"] == "35" and env["OSTEO_CLASSROOM_ROOM_CULL_MINUTES"] == "60.0"
    roles = {r["name"]: r for r in c.JupyterHub.load_roles}
    assert roles["classroom-room-role"]["services"] == [cr.SERVICE_NAME]
    assert set(roles["classroom-room-role"]["scopes"]) == {
        "list:users",
        "read:users",
        "read:servers",
        "delete:servers",
        "shutdown",
    }
    assert "jupyterhub-idle-culler-service" in services
    with pytest.raises(ValueError, match="OSTEO_HUB_ROOM_PAGE_PORT"):
        load(monkeypatch, tmp_path, AUTHENTICATOR="shared", ROOM_CODE="KDPMT", ROOM_PAGE_TOKEN="k7pm-q2xd-9trw-h4ns")


def test_the_launcher_gives_the_hub_a_new_token_and_prints_the_link(tmp_path: Path) -> None:
    args = classroom.parse_args(["--port", "8123", "--code", "KDPMT", "--dir", str(tmp_path / "c")])
    one, two = classroom.check_settings(args), classroom.check_settings(args)
    assert one.room_token != two.room_token and len(one.room_token) >= 16
    env = classroom.hub_environment(one, Path("/x/chp"), "http://192.168.1.20:8123")
    assert env["OSTEO_HUB_ROOM_PAGE_TOKEN"] == one.room_token
    assert env["OSTEO_HUB_ROOM_ADDRESS"] == "http://192.168.1.20:8123"
    assert 0 < int(env["OSTEO_HUB_ROOM_PAGE_PORT"]) < 65536
    assert classroom.room_page_url(one) == f"http://127.0.0.1:8123/services/classroom-room/?token={one.room_token}"
