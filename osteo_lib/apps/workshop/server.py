"""The room's server: Voilà (standalone, preheated pool, compression and cache headers as
:mod:`osteo_lib.apps.serve`) with the room's config layer, the cap in front of the dashboard page, a task
that tends the pool every 2 s, and the room's own routes:

- ``/join`` (and Jupyter's ``/login``, and wherever a visitor without access is sent): "Type the room
  code"; ``/join?code=KDPMT`` (the QR code's link, or the form) lets the visitor in with a login cookie;
  a wrong code gets a plain message, and too many wrong codes from one address a wait;
- ``GET /room?token=...``: the instructor's room page (the token itself is needed, not the visitors'
  cookie); ``POST /room/free`` and ``POST /room/end`` (token and ``_xsrf``): free the seats of visitors
  who left, end the session (every kernel stopped; every visitor then sees "The meeting has ended");
- ``GET /room/status``: the numbers as JSON; any other address: "There is no page here".

Voilà's kernel-pool internals are reached only through :mod:`osteo_lib.apps.voila_pool`; the Voilà
classes are imported when :func:`build_app` runs."""

from __future__ import annotations

import hmac
import json
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from osteo_lib.apps import voila_pool
from osteo_lib.apps.serve import serving_voila_class
from osteo_lib.apps.workshop.join import CodeGuard, new_code, was_a_link
from osteo_lib.apps.workshop.pages import (
    ended_page,
    full_page,
    join_page,
    missing_page,
    refused_page,
    room_page,
    room_text,
    workshop_text,
)
from osteo_lib.apps.workshop.room import WORKSHOP_CONFIG_DIR, RoomPlan
from osteo_lib.apps.workshop.seats import QUIET_SECONDS, Seats, pool_goal, pool_target
from osteo_lib.content.ui import ui_texts

__all__ = ["ENDED", "build_app", "kernel_transport", "voila_argv"]

#: The application setting that says the instructor has ended the session.
ENDED = "room_ended"

#: The "room is full" page is never cached (a place may open up a minute later).
_NO_CACHE = ", ".join(("no-cache", "no-store", "must-revalidate"))


def kernel_transport(tmpdir: str | None = None) -> str:
    """How Voila talks to its kernels: Unix sockets ("ipc") where possible, else TCP.

    With dozens of kernels starting at once, TCP ports picked for one kernel can be taken by another
    before it binds them (the kernel then dies; seen in the load benchmark). Unix sockets have no such
    race, but their paths (temporary folder + ~65 characters) must stay under the 107-character limit.
    """
    tmpdir = tempfile.gettempdir() if tmpdir is None else tmpdir
    return "ipc" if os.name == "posix" and len(tmpdir) <= 40 else "tcp"


def voila_argv(
    plan: RoomPlan, *, notebook: Path, port: int, ip: str, token: str, transport: str | None = None
) -> list[str]:
    """Command-line settings for Voila (they win over voila.json and deploy/workshop/voila.json)."""
    return [
        str(notebook),
        "--no-browser",
        f"--Voila.ip={ip}",
        f"--port={port}",
        "--Voila.port_retries=0",
        f"--token={token}",
        "--VoilaConfiguration.preheat_kernel=True",
        f"--VoilaConfiguration.default_pool_size={plan.pool}",
        f"--MappingKernelManager.cull_idle_timeout={plan.idle_seconds}",
        f"--MappingKernelManager.cull_interval={plan.cull_interval_seconds}",
        f"--ServingVoila.left_page_timeout={plan.left_seconds}",
        f"--KernelManager.transport={transport or kernel_transport()}",
    ]


def build_app(
    plan: RoomPlan, argv: Sequence[str], *, announce: Any = None, code: str | None = None, address: str = ""
) -> Any:
    """A configured (not yet started) Voila application for the room; ``app.start()`` serves it.

    ``code``: the room code visitors type (default: a new one); ``address``: the short address shown on
    the instructor's room page."""
    import tornado.web
    from jupyter_core.paths import jupyter_config_path
    from jupyter_core.utils import ensure_async
    from jupyter_server.auth.decorator import allow_unauthenticated
    from jupyter_server.base.handlers import APIHandler, JupyterHandler
    from jupyter_server.utils import url_path_join
    from traitlets import default
    from voila.tornado.handler import TornadoVoilaHandler

    class _SeatBinder:
        """The kernel manager as one page request sees it: hands its ticket the kernel it gets."""

        def __init__(self, km: Any, seats: Seats, ticket: int) -> None:
            self._km, self._seats, self._ticket = km, seats, ticket

        def __getattr__(self, name: str) -> Any:
            return getattr(self._km, name)

        async def get_rendered_notebook(self, *args: Any, **kwargs: Any) -> Any:
            # Voila refills the pool right after handing out a page: not during a burst of arrivals
            # (seats.pool_goal; the room's tend_pool grows it back once the room is quiet), and never
            # beyond what the cap allows.
            target = pool_target(plan.pool, plan.cap, self._seats.in_use(self._km.list_kernel_ids()))
            left = voila_pool.pool_size(self._km, voila_pool.pooled_notebook(self._km) or "") - 1
            voila_pool.set_pool_size(self._km, pool_goal(target, max(0, left), quiet=False))
            result = await self._km.get_rendered_notebook(*args, **kwargs)
            kernel_id = voila_pool.rendered_kernel_id(result)
            self._seats.bind(self._ticket, kernel_id)  # (the visit counts as activity: osteo_lib.apps.serve)
            return result

        async def start_kernel(self, *args: Any, **kwargs: Any) -> str:
            kernel_id: str = await ensure_async(self._km.start_kernel(*args, **kwargs))
            self._seats.bind(self._ticket, kernel_id)
            return kernel_id

    class RoomPageHandler(TornadoVoilaHandler):  # type: ignore[misc]
        """Voila's page handler behind the cap: a full room gets the friendly 503 page."""

        def initialize(self, **kwargs: Any) -> None:
            self.seats: Seats = kwargs.pop("seats")
            self._ticket: int | None = None
            super().initialize(**kwargs)

        @property
        def kernel_manager(self) -> Any:
            km = self.settings["kernel_manager"]
            return km if self._ticket is None else _SeatBinder(km, self.seats, self._ticket)

        @tornado.web.authenticated
        async def get(self, path: str | None = None) -> None:
            if self.settings.get(ENDED):
                _plain(self, 410, ended_page())
                return
            if path:  # not the dashboard itself (Jupyter's /tree, /lab, ...): a link back, no kernel
                _plain(self, 404, missing_page(self.base_url))
                return
            km = self.settings["kernel_manager"]
            ticket = self.seats.admit(km.list_kernel_ids())
            if ticket is None:
                self.log.warning("Room full (%d seats taken): showed the 'room is full' page", self.seats.cap)
                self.set_status(503)
                self.set_header("Retry-After", "60")
                self.set_header("Content-Type", "text/html; charset=UTF-8")
                self.set_header("Cache-Control", _NO_CACHE)
                self.finish(full_page())
                return
            self._ticket = ticket
            self.application.settings["room_last_arrival"] = time.monotonic()
            # Voila's page posts its "I am leaving" beacon (kernel shutdown) with the _xsrf cookie, but a
            # page served from the pool never sets it: set it here so a closed page frees its seat at once.
            self.xsrf_token  # noqa: B018 (reading it sets the cookie)
            try:
                await super().get(path)
            finally:
                self.seats.settle(ticket)
                self._ticket = None

    def room_status(handler: Any) -> dict[str, Any]:
        km = handler.settings["kernel_manager"]
        live = km.list_kernel_ids()
        seats: Seats = handler.settings["room_seats"]
        left = set(km.left_pages(0)) if hasattr(km, "left_pages") else set()
        notebook = voila_pool.pooled_notebook(km)
        return {
            **seats.snapshot(live),
            "left_waiting": len(left & seats.visitor_kernels()),
            "pool_size": plan.pool,
            "pool_ready": voila_pool.ready_pages(km, notebook) if notebook else 0,
            "kernels": len(live),
            "idle_seconds": plan.idle_seconds,
            "left_seconds": plan.left_seconds,
            "ended": bool(handler.settings.get(ENDED)),
        }

    def is_instructor(handler: Any) -> bool:
        """The request carries the room's token itself (a visitor's login cookie is not enough)."""
        given = handler.get_argument("token", "")
        token = handler.identity_provider.token
        return bool(token) and hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))

    class RoomStatusHandler(APIHandler):
        """GET /room/status (token needed): seats, pool and kernel counts as JSON."""

        @tornado.web.authenticated
        def get(self) -> None:
            self.set_header("Content-Type", "application/json")
            self.set_header("Cache-Control", _NO_CACHE)
            self.finish(json.dumps(room_status(self)))

    class RoomHandler(JupyterHandler):
        """The room's own pages; errors as a plain page (Jupyter's error template needs settings Voilà
        lacks, and its words are not for visitors)."""

        def write_error(self, status_code: int, **kwargs: Any) -> None:
            self.set_header("Content-Type", "text/html; charset=UTF-8")
            self.set_header("Cache-Control", _NO_CACHE)
            self.finish(refused_page(self.base_url))

    class JoinHandler(RoomHandler):
        """``/join`` (and ``/login``): "Type the room code"; with ``?code=`` the visitor comes in."""

        @allow_unauthenticated
        def get(self) -> None:
            if self.settings.get(ENDED):
                _plain(self, 410, ended_page())
                return
            text = workshop_text()
            typed = self.get_argument("code", None)
            action = self.base_url + "join"
            if typed is None:
                if self.current_user is not None and self.request.path.endswith("/join"):
                    self.redirect(self.base_url)  # already in (e.g. the QR code scanned again)
                    return
                old_link = was_a_link(self.get_argument("next", "")) or "token" in self.request.arguments
                _plain(self, 200, join_page(action, text["join_old_link"] if old_link else None))
                return
            guard: CodeGuard = self.settings["room_guard"]
            address = self.request.remote_ip or ""
            if not typed.strip():
                _plain(self, 400, join_page(action, text["join_empty"]))
            elif guard.check(address, typed, self.settings["room_code"]):
                provider = self.identity_provider
                if self.current_user is None:
                    provider.set_login_cookie(self, provider.generate_anonymous_user(self))
                self.redirect(self.base_url)
            elif guard.blocked(address):
                self.log.warning("Room code: too many wrong codes from %s; it must wait", address)
                wait = text.format("join_wait", seconds=guard.wait_seconds(address))
                _plain(self, 429, join_page(action, wait, typed[:24]))
            else:
                _plain(self, 403, join_page(action, text["join_wrong"], typed[:24]))

    class InstructorRoomHandler(RoomHandler):
        """``GET /room?token=...``: the instructor's room page; ``POST /room/free`` and ``/room/end``."""

        def initialize(self, action: str = "") -> None:
            self.action = action

        def _urls(self, token: str) -> dict[str, str]:
            query = "?" + urlencode({"token": token})
            base = self.base_url + "room"
            return {
                "page": base + query,
                "status": base + "/status" + query,
                "free": base + "/free",
                "end": base + "/end",
            }

        def _refused(self) -> None:
            if self.current_user is None:  # a stranger: the join page, as anywhere else
                self.redirect(self.base_url + "join")
            else:  # a visitor: nothing to see here
                _plain(self, 404, missing_page(self.base_url))

        @allow_unauthenticated
        def get(self) -> None:
            if self.action or not is_instructor(self):
                self._refused()
                return
            token = self.get_argument("token")
            t = room_text()
            message = None
            if (freed := self.get_argument("freed", None)) is not None and freed.isdigit():
                message = t.format("freed", count=int(freed))
            elif (stopped := self.get_argument("stopped", None)) is not None and stopped.isdigit():
                message = t.format("ended", count=int(stopped))
            elif self.get_argument("unconfirmed", None) is not None:
                message = t["end_unconfirmed"]
            page = room_page(
                status=room_status(self),
                address=self.settings.get("room_address", ""),
                code=self.settings["room_code"],
                token=token,
                xsrf=self.xsrf_token.decode("ascii"),
                urls=self._urls(token),
                left_seconds=plan.left_seconds,
                message=message,
            )
            _plain(self, 200, page)

        @allow_unauthenticated
        async def post(self) -> None:
            if not self.action or not is_instructor(self):
                raise tornado.web.HTTPError(403)
            tornado.web.RequestHandler.check_xsrf_cookie(self)  # also for a token-authenticated form
            token = self.get_argument("token")
            km = self.settings["kernel_manager"]
            seats: Seats = self.settings["room_seats"]
            if self.action == "free":
                gone = set(km.left_pages(0)) & seats.visitor_kernels() if hasattr(km, "left_pages") else set()
                for kernel_id in sorted(gone):
                    self.log.info("Room page: freeing the seat of kernel %s (its page has gone)", kernel_id)
                    await km.shutdown_kernel(kernel_id, now=True)
                done = {"freed": str(len(gone))}
            elif self.get_argument("confirm", "") != "yes":
                done = {"unconfirmed": "1"}
            else:
                done = {"stopped": str(await end_session(self.settings, self.log))}
            self.redirect(self._urls(token)["page"] + "&" + urlencode(done), status=303)

    async def end_session(settings: dict[str, Any], log: Any) -> int:
        """Close the room: no new pages, no pool, every kernel stopped. Returns how many were stopped."""
        settings[ENDED] = True
        km = settings["kernel_manager"]
        voila_pool.set_pool_size(km, 0)
        notebook = voila_pool.pooled_notebook(km)
        if notebook is not None:
            voila_pool.drop_pool(km, notebook)  # (a page still rendering would log its kernel's end)
        kernel_ids = list(km.list_kernel_ids())
        for kernel_id in kernel_ids:
            try:
                await km.shutdown_kernel(kernel_id, now=True)
            except Exception:  # (already gone)
                log.debug("Kernel %s was already gone at the end of the session", kernel_id)
        print(ui_texts("workshop_console").format("session_ended", count=len(kernel_ids)), flush=True)
        return len(kernel_ids)

    class RoomVoila(serving_voila_class()):  # type: ignore[misc]
        """Voila with the room's config layer, the cap and an announcement once it listens; compressed
        responses and cache headers as ``make dashboard`` (:mod:`osteo_lib.apps.serve`)."""

        @default("config_file_paths")
        def _config_file_paths_default(self) -> list[str]:
            # Highest priority first: the room settings, then the project's voila.json, then Jupyter's.
            return [str(WORKSHOP_CONFIG_DIR), os.getcwd(), *jupyter_config_path()]

        def init_handlers(self) -> list[Any]:
            handlers = []
            for spec in super().init_handlers():
                if len(spec) == 3 and isinstance(spec[1], type) and issubclass(spec[1], TornadoVoilaHandler):
                    room = url_path_join(self.server_url, "/room")
                    handlers += [
                        (url_path_join(self.server_url, "/join"), JoinHandler),
                        (url_path_join(room, "/status"), RoomStatusHandler),
                        (room, InstructorRoomHandler),
                        (url_path_join(room, "/free"), InstructorRoomHandler, {"action": "free"}),
                        (url_path_join(room, "/end"), InstructorRoomHandler, {"action": "end"}),
                        (spec[0], RoomPageHandler, {**spec[2], "seats": self.room_seats}),
                    ]
                elif spec[0] == "/login":  # Jupyter's login page: never shown; the join page instead
                    handlers.append((spec[0], JoinHandler))
                else:
                    handlers.append(spec)
            return handlers

        def init_settings(self) -> dict[str, Any]:
            settings: dict[str, Any] = super().init_settings()
            settings["login_url"] = url_path_join(self.base_url, "/join")  # where @authenticated sends visitors
            settings.update(
                room_seats=self.room_seats,
                room_code=self.room_code,
                room_guard=CodeGuard(),
                room_address=address,
            )
            settings[ENDED] = False
            return settings

        def listen(self) -> None:
            import tornado.ioloop

            if announce is not None:
                tornado.ioloop.IOLoop.current().add_callback(lambda: announce(self.port))
            self._started_at = time.monotonic()
            self._announced_ready = False
            tornado.ioloop.PeriodicCallback(self.tend_pool, 2000).start()
            super().listen()  # (also tend_kernels, every 2 s: dead pages and kernels are stopped)

        def refill_pool(self, notebook: str) -> None:
            pass  # the room grows its pool in tend_pool, within the cap and after a burst

        async def tend_pool(self) -> None:
            """Every 2 s: grow the pool back towards its target when seats have freed up and arrivals
            have paused, and say once when the first full pool is ready. (Dead ready pages and dead
            visitors' kernels are stopped by ``tend_kernels``, so their seats free up at once.)"""
            km = self.kernel_manager
            if self.app.settings.get(ENDED):  # a kernel still starting when the session ended
                for kernel_id in km.list_kernel_ids():
                    await km.shutdown_kernel(kernel_id, now=True)
                return
            notebook = voila_pool.pooled_notebook(km)
            if notebook is None:
                return
            target = pool_target(plan.pool, plan.cap, self.room_seats.in_use(km.list_kernel_ids()))
            last_arrival = self.app.settings.get("room_last_arrival", float("-inf"))
            quiet = time.monotonic() - last_arrival >= QUIET_SECONDS
            pooled = voila_pool.pool_size(km, notebook)
            goal = pool_goal(target, pooled, quiet=quiet)
            if pooled < goal:
                voila_pool.set_pool_size(km, goal)
                voila_pool.refill(km, notebook)
            if not self._announced_ready and voila_pool.ready_pages(km, notebook) >= plan.pool:
                self._announced_ready = True
                console = ui_texts("workshop_console")
                ready = console.format("ready_pages", pool=plan.pool) if plan.pool else console["ready_visitors"]
                seconds = time.monotonic() - self._started_at
                print(console.format("room_ready", ready=ready, seconds=seconds), flush=True)

    app = RoomVoila()
    app.room_seats = Seats(plan.cap)
    app.room_code = code or new_code()
    app.initialize(list(argv))
    return app


def _plain(handler: Any, status: int, page: str) -> None:
    """Send one of the room's own pages (never cached)."""
    handler.set_status(status)
    handler.set_header("Content-Type", "text/html; charset=UTF-8")
    handler.set_header("Cache-Control", _NO_CACHE)
    handler.finish(page)
