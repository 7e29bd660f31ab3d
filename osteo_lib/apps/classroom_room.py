"""The instructor's room page of ``make classroom``: a JupyterHub service (what ``make workshop``'s ``/room``
page is for a room of patients).

``deploy/jupyterhub/jupyterhub_config.py`` starts it as a hub-managed service when the launcher
(:mod:`osteo_lib.apps.classroom`) sets ``OSTEO_HUB_ROOM_PAGE_TOKEN``; the proxy routes
``/services/classroom-room/`` to it. Its pages need that token (``?token=...``, printed by the launcher); towards
the hub it uses the API token the hub gives every service (``JUPYTERHUB_API_TOKEN``, scopes ``list:users``,
``read:users``, ``read:servers``, ``delete:servers`` and ``shutdown``) and JupyterHub's REST API only:

- ``GET /hub/api/users`` (paginated): who signed up, whose server runs, is ready, starting or stopping, and
  when it was last used; :func:`classroom_status` turns that answer into the numbers of the page;
- ``DELETE /hub/api/users/<name>/server``: the "Stop server" button of a student, and "Stop idle servers"
  for every server unused for ``OSTEO_CLASSROOM_ROOM_IDLE_MINUTES`` (10) or more;
- ``POST /hub/api/shutdown`` (servers and proxy too): "End the session"; the launcher then prints "Class
  ended".

Addresses under the service's prefix: ``?token=``: the page (the numbers update in place from ``status``);
``status?token=``: the numbers as JSON; ``poster?token=``: the projector page with the QR code; ``stop``,
``stop-idle`` and ``end``: the buttons (POST, with the token and the ``_xsrf`` value). Words:
``data/ui/classroom_room.yaml``; template ``workshop/classroom_room.html.j2`` (the workshop room page's look).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlencode

from osteo_lib.apps.workshop.pages import _css, poster_page
from osteo_lib.apps.workshop.room import qr_code
from osteo_lib.content.ui import UiTexts, ui_texts
from osteo_lib.views.templates import render

__all__ = [
    "SERVICE_NAME",
    "ClassroomStatus",
    "HubApi",
    "HubProblem",
    "RoomPageSettings",
    "StudentServer",
    "classroom_status",
    "ended_page",
    "make_app",
    "notice_page",
    "refused_page",
    "room_page",
    "room_text",
]

#: The service's name in the hub config: its pages are at ``/services/classroom-room/``.
SERVICE_NAME = "classroom-room"
_NO_CACHE = "no-store"
_log = logging.getLogger(__name__)


def room_text() -> UiTexts:
    """The words of the classroom's room page (``data/ui/classroom_room.yaml``)."""
    return ui_texts("classroom_room")


# --- the status model: pure, from the hub's answer to GET /hub/api/users ------------------------------------


@dataclass(frozen=True)
class StudentServer:
    """One student as the hub knows them: their default server's state and when they were last active."""

    name: str
    state: str  # "ready", "spawn" (starting), "stop" (stopping) or "off" (no server)
    idle_minutes: int | None  # whole minutes since the server (or the user) was last active; None: never

    @property
    def running(self) -> bool:
        """The server holds a seat (ready, starting or stopping)."""
        return self.state != "off"


@dataclass(frozen=True)
class ClassroomStatus:
    """The numbers of the room page."""

    students: tuple[StudentServer, ...]
    max_servers: int  # 0: no limit
    idle_after_minutes: int

    @property
    def signed_up(self) -> int:
        return len(self.students)

    @property
    def running(self) -> int:
        return sum(s.running for s in self.students)

    @property
    def ready(self) -> int:
        return sum(s.state == "ready" for s in self.students)

    @property
    def starting(self) -> int:
        return sum(s.state in {"spawn", "stop"} for s in self.students)

    @property
    def free(self) -> int | None:
        """Seats left before the hub refuses new servers (None when it has no limit)."""
        return max(0, self.max_servers - self.running) if self.max_servers > 0 else None

    @property
    def idle(self) -> tuple[str, ...]:
        """Students whose ready server nobody has used for ``idle_after_minutes`` or more."""
        return tuple(
            s.name
            for s in self.students
            if s.state == "ready" and s.idle_minutes is not None and s.idle_minutes >= self.idle_after_minutes
        )

    def as_json(self) -> dict[str, Any]:
        """What ``status`` answers: the numbers and the students."""
        return {
            "signed_up": self.signed_up,
            "running": self.running,
            "ready": self.ready,
            "starting": self.starting,
            "free": self.free,
            "max_servers": self.max_servers,
            "idle": len(self.idle),
            "idle_after_minutes": self.idle_after_minutes,
            "students": [asdict(s) for s in self.students],
        }


def _when(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _state(server: Mapping[str, Any] | None) -> str:
    if server is None or server.get("stopped"):
        return "off"
    pending = server.get("pending")
    if pending in {"spawn", "stop"}:
        return str(pending)
    return "ready" if server.get("ready") else "spawn"


def classroom_status(
    users: Sequence[Mapping[str, Any]], *, now: datetime, max_servers: int, idle_after_minutes: int
) -> ClassroomStatus:
    """The room's numbers from JupyterHub's user models (``GET /hub/api/users``, scope ``read:servers``: each
    user's active servers under ``servers``, the default one named ``""``). Only users count (not services),
    sorted by name; a server's own ``last_activity`` counts, else the user's."""
    students = []
    for user in users:
        if user.get("kind", "user") != "user":
            continue
        server = (user.get("servers") or {}).get("")
        state = _state(server)
        last = _when(server.get("last_activity") if server else None) or _when(user.get("last_activity"))
        idle = None if last is None else max(0, int((now - last).total_seconds() // 60))
        students.append(StudentServer(name=str(user["name"]), state=state, idle_minutes=idle))
    students.sort(key=lambda s: s.name)
    return ClassroomStatus(tuple(students), max_servers=max_servers, idle_after_minutes=idle_after_minutes)


# --- the page -----------------------------------------------------------------------------------------------


def room_page(
    *,
    status: ClassroomStatus,
    settings: RoomPageSettings,
    prefix: str,
    token: str,
    xsrf: str,
    message: str | None = None,
    problem: str | None = None,
) -> str:
    """The instructor's page: address, code and the QR code page's link, the numbers, one row per student
    with a "Stop server" button, "Stop idle servers" and "End the session" (``prefix``: the service's path)."""
    t = room_text()
    query = "?" + urlencode({"token": token})
    page = render(
        "workshop/classroom_room.html.j2",
        t=t,
        css=_css(),
        s=status,
        address=settings.address,
        code=settings.code,
        token=token,
        xsrf=xsrf,
        status_url=prefix + "status" + query,
        poster_url=prefix + "poster" + query,
        stop_url=prefix + "stop",
        stop_idle_url=prefix + "stop-idle",
        end_url=prefix + "end",
        cull_minutes=f"{settings.cull_minutes:g}",
        message=message,
        problem=problem,
    )
    return str(page) + "\n"


def notice_page(title: str, heading: str, message: str) -> str:
    """A short page of the service: a refused link, or "The session has ended"."""
    page = render("workshop/classroom_notice.html.j2", css=_css(), title=title, heading=heading, message=message)
    return str(page) + "\n"


def ended_page(count: int) -> str:
    """What "End the session" answers before the hub shuts down (``count``: servers that were running)."""
    t = room_text()
    return notice_page(t["ended_title"], t["ended_title"], t.format("ended_message", count=count))


def refused_page() -> str:
    """The page without the right token (HTTP 403)."""
    t = room_text()
    return notice_page(t["title"], t["title"], t["wrong_token"])


# --- the hub's REST API -------------------------------------------------------------------------------------


class HubProblem(Exception):
    """The hub did not answer as expected (its status code or the connection error)."""


class HubApi:
    """The few calls the page makes, with the service's own API token (``Authorization: token ...``)."""

    def __init__(self, api_url: str, api_token: str) -> None:
        self.api_url = api_url.rstrip("/")
        self.api_token = api_token

    async def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
        from tornado.httpclient import AsyncHTTPClient, HTTPClientError

        headers = {"Authorization": f"token {self.api_token}", "Accept": "application/jupyterhub-pagination+json"}
        payload = json.dumps(body) if body is not None else ("" if method == "POST" else None)
        try:
            response = await AsyncHTTPClient().fetch(
                self.api_url + path,
                method=method,
                headers=headers,
                body=payload,
                allow_nonstandard_methods=True,
                request_timeout=60,
            )
        except HTTPClientError as error:
            if error.code == 404:
                return 404, None
            raise HubProblem(f"HTTP {error.code}") from error
        except OSError as error:
            raise HubProblem(str(error)) from error
        kind = response.headers.get("Content-Type", "")
        return response.code, json.loads(response.body) if response.body and "json" in kind else None

    async def users(self) -> list[dict[str, Any]]:
        """Every user with their active servers, page by page."""
        users: list[dict[str, Any]] = []
        offset = 0
        while True:
            _, page = await self._call("GET", f"/users?offset={offset}&limit=200")
            if isinstance(page, list):  # a hub that does not paginate
                return users + page
            users += page["items"]
            following = page["_pagination"]["next"]
            if not following:
                return users
            offset = int(following["offset"])

    async def stop(self, name: str) -> bool:
        """Ask the hub to stop ``name``'s default server (it may take a few seconds); False for no such user."""
        code, _ = await self._call("DELETE", f"/users/{quote(name, safe='')}/server")
        return code != 404

    async def shutdown(self) -> None:
        """Stop the hub, the proxy and every server."""
        await self._call("POST", "/shutdown", {"servers": True, "proxy": True})


# --- the service --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoomPageSettings:
    """What the hub config passes to the service (``OSTEO_CLASSROOM_ROOM_*``) and JupyterHub's own settings."""

    token: str
    code: str
    address: str
    max_servers: int
    idle_after_minutes: int
    cull_minutes: float
    prefix: str
    api_url: str
    api_token: str
    service_url: str

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> RoomPageSettings:
        e = os.environ if environ is None else environ
        token = e.get("OSTEO_CLASSROOM_ROOM_TOKEN", "")
        if len(token) < 8:
            raise ValueError("OSTEO_CLASSROOM_ROOM_TOKEN must hold the room page token (8 characters or more)")
        return cls(
            token=token,
            code=e.get("OSTEO_CLASSROOM_ROOM_CODE", ""),
            address=e.get("OSTEO_CLASSROOM_ROOM_ADDRESS", ""),
            max_servers=int(e.get("OSTEO_CLASSROOM_ROOM_MAX_SERVERS", "0") or 0),
            idle_after_minutes=max(1, int(float(e.get("OSTEO_CLASSROOM_ROOM_IDLE_MINUTES", "10") or 10))),
            cull_minutes=float(e.get("OSTEO_CLASSROOM_ROOM_CULL_MINUTES", "60") or 60),
            prefix=e.get("JUPYTERHUB_SERVICE_PREFIX", f"/services/{SERVICE_NAME}/"),
            api_url=e["JUPYTERHUB_API_URL"],
            api_token=e["JUPYTERHUB_API_TOKEN"],
            service_url=e.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:0"),
        )


def make_app(settings: RoomPageSettings, hub: HubApi | None = None) -> Any:
    """The Tornado application of the service (``hub``: the API client, by default from ``settings``)."""
    import tornado.web

    api = hub if hub is not None else HubApi(settings.api_url, settings.api_token)
    prefix = settings.prefix if settings.prefix.endswith("/") else settings.prefix + "/"

    def _plain(handler: tornado.web.RequestHandler, status: int, body: str, kind: str = "text/html") -> None:
        handler.set_status(status)
        handler.set_header("Content-Type", f"{kind}; charset=UTF-8")
        handler.set_header("Cache-Control", _NO_CACHE)
        handler.set_header("Referrer-Policy", "no-referrer")  # the token is in the page's address
        handler.finish(body)

    class Base(tornado.web.RequestHandler):
        def is_instructor(self) -> bool:
            given = self.get_argument("token", "")
            return hmac.compare_digest(given.encode("utf-8"), settings.token.encode("utf-8"))

        def refuse(self) -> None:
            _plain(self, 403, refused_page())

        async def status(self) -> ClassroomStatus:
            return classroom_status(
                await api.users(),
                now=datetime.now(UTC),
                max_servers=settings.max_servers,
                idle_after_minutes=settings.idle_after_minutes,
            )

        def back(self, **done: str) -> None:
            self.redirect(prefix + "?" + urlencode({"token": settings.token, **done}), status=303)

    class PageHandler(Base):
        async def get(self) -> None:
            if not self.is_instructor():
                self.refuse()
                return
            t = room_text()
            message = None
            if (name := self.get_argument("stopped", None)) is not None:
                message = t.format("stopped_one", name=name)
            elif (name := self.get_argument("gone", None)) is not None:
                message = t.format("stop_gone", name=name)
            elif (count := self.get_argument("stopped_idle", None)) is not None and count.isdigit():
                message = t.format("stopped_idle", count=int(count))
            elif self.get_argument("unconfirmed", None) is not None:
                message = t["end_unconfirmed"]
            problem = None
            try:
                status = await self.status()
            except HubProblem as error:
                problem = t.format("hub_problem", problem=error)
                status = classroom_status(
                    [],
                    now=datetime.now(UTC),
                    max_servers=settings.max_servers,
                    idle_after_minutes=settings.idle_after_minutes,
                )
            page = room_page(
                status=status,
                settings=settings,
                prefix=prefix,
                token=settings.token,
                xsrf=self.xsrf_token.decode("ascii"),
                message=message,
                problem=problem,
            )
            _plain(self, 200 if problem is None else 502, page)

    class StatusHandler(Base):
        async def get(self) -> None:
            if not self.is_instructor():
                raise tornado.web.HTTPError(403)
            try:
                status = await self.status()
            except HubProblem as error:
                raise tornado.web.HTTPError(502) from error
            _plain(self, 200, json.dumps(status.as_json()), "application/json")

    class PosterHandler(Base):
        def get(self) -> None:
            if not self.is_instructor():
                self.refuse()
                return
            login = f"{settings.address}/hub/login"
            svg = qr_code(login).svg_inline(scale=10, border=4, omitsize=True)
            _plain(self, 200, poster_page(settings.address, settings.code, svg, ui_texts("classroom")))

    class ButtonHandler(Base):
        def initialize(self, action: str) -> None:
            self.action = action

        async def post(self) -> None:
            if not self.is_instructor():
                raise tornado.web.HTTPError(403)
            if self.action == "stop":
                name = self.get_argument("user")
                running = {s.name for s in (await self.status()).students if s.running}
                if name in running and await api.stop(name):
                    _log.info("Room page: stopped the server of %s", name)
                    self.back(stopped=name)
                else:
                    self.back(gone=name)
            elif self.action == "stop-idle":
                idle = (await self.status()).idle
                for name in idle:
                    _log.info("Room page: stopping the idle server of %s", name)
                    await api.stop(name)
                self.back(stopped_idle=str(len(idle)))
            elif self.get_argument("confirm", "") != "yes":
                self.back(unconfirmed="1")
            else:
                count = (await self.status()).running
                _plain(self, 200, ended_page(count))
                # The page has gone out through the proxy; now the hub stops the proxy, every server and us.
                await asyncio.sleep(0.5)
                _log.info("Room page: ending the session (%d servers)", count)
                await api.shutdown()

        def write_error(self, status_code: int, **kwargs: Any) -> None:
            if status_code == 403:
                self.refuse()
            else:
                super().write_error(status_code, **kwargs)

    return tornado.web.Application(
        [
            (prefix, PageHandler),
            (prefix + "status", StatusHandler),
            (prefix + "poster", PosterHandler),
            (prefix + "stop", ButtonHandler, {"action": "stop"}),
            (prefix + "stop-idle", ButtonHandler, {"action": "stop-idle"}),
            (prefix + "end", ButtonHandler, {"action": "end"}),
        ],
        xsrf_cookies=True,
        # The _xsrf cookie only for this service's pages: the hub and students' servers keep their own.
        xsrf_cookie_kwargs={"path": prefix, "httponly": True, "samesite": "Strict"},
    )


async def _serve(settings: RoomPageSettings) -> None:
    from urllib.parse import urlparse

    url = urlparse(settings.service_url)
    app = make_app(settings)
    app.listen(url.port or 0, url.hostname or "127.0.0.1")
    await asyncio.Event().wait()


def main() -> int:  # pragma: no cover - started by JupyterHub (the hub test runs it)
    """Serve the page until the hub stops the service."""
    asyncio.run(_serve(RoomPageSettings.from_environment()))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
