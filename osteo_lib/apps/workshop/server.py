"""The room's server: Voilà (standalone, preheated pool, compression and cache headers as
:mod:`osteo_lib.apps.serve`) with the room's config layer, the cap in front of the dashboard page,
``GET /room/status``, and a task that tends the pool every 2 s. Voilà's kernel-pool internals are reached
only through :mod:`osteo_lib.apps.voila_pool`; the Voilà classes are imported when :func:`build_app` runs."""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from osteo_lib.apps import voila_pool
from osteo_lib.apps.serve import serving_voila_class
from osteo_lib.apps.workshop.pages import full_page
from osteo_lib.apps.workshop.room import WORKSHOP_CONFIG_DIR, RoomPlan
from osteo_lib.apps.workshop.seats import QUIET_SECONDS, Seats, pool_goal, pool_target
from osteo_lib.content.ui import ui_texts

__all__ = ["build_app", "kernel_transport", "voila_argv"]

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


def build_app(plan: RoomPlan, argv: Sequence[str], *, announce: Any = None) -> Any:
    """A configured (not yet started) Voila application for the room; ``app.start()`` serves it."""
    import tornado.web
    from jupyter_core.paths import jupyter_config_path
    from jupyter_core.utils import ensure_async
    from jupyter_server.base.handlers import APIHandler
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
            if path:  # not the dashboard itself: Voila redirects, no kernel involved
                await super().get(path)
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

    class RoomStatusHandler(APIHandler):
        """GET /room/status (token needed): seats, pool and kernel counts as JSON."""

        def initialize(self, seats: Seats, notebook: str, plan: RoomPlan) -> None:
            self.seats, self.notebook, self.plan = seats, notebook, plan

        @tornado.web.authenticated
        def get(self) -> None:
            km = self.settings["kernel_manager"]
            live = km.list_kernel_ids()
            status = {
                **self.seats.snapshot(live),
                "pool_size": self.plan.pool,
                "pool_ready": voila_pool.ready_pages(km, self.notebook),
                "kernels": len(live),
                "idle_seconds": self.plan.idle_seconds,
                "left_seconds": self.plan.left_seconds,
            }
            self.set_header("Content-Type", "application/json")
            self.finish(json.dumps(status))

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
                if len(spec) == 3 and spec[1] is TornadoVoilaHandler:
                    notebook = spec[2].get("notebook_path", "")
                    handlers.append(
                        (
                            url_path_join(self.server_url, "/room/status"),
                            RoomStatusHandler,
                            {"seats": self.room_seats, "notebook": notebook, "plan": plan},
                        )
                    )
                    handlers.append((spec[0], RoomPageHandler, {**spec[2], "seats": self.room_seats}))
                else:
                    handlers.append(spec)
            return handlers

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
    app.initialize(list(argv))
    return app
