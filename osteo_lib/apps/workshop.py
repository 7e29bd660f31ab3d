"""Serve the patient dashboard to a room of people on the local network (what ``make workshop`` runs).

Standalone Voilà on ``0.0.0.0`` with the project's ``voila.json`` plus the room settings in
``deploy/workshop/voila.json``, and on top of that:

- a **token** (random per run unless one is given) that every visitor needs; the URL with the token is
  printed with the machine's local-network address and written as a QR code picture for phones;
- a **preheated pool** of dashboards rendered ahead, sized for the room (:func:`plan_room`), that
  shrinks as seats fill so that the machine never runs more than ``cap`` kernels (:func:`pool_target`);
- **idle culling**: a page nobody has touched for ``idle_minutes`` loses its kernel;
- a **cap** on kernels (and so on visitors) at once; one more visitor gets a friendly
  "The room is full" page (HTTP 503) instead of a crash, and everyone else keeps working.

Usage::

    python -m osteo_lib.apps.workshop --room 30            # what `make workshop` runs
    python -m osteo_lib.apps.workshop --room 12 --cap 14 --port 9000

The token comes from ``--token`` or the environment variable ``OSTEO_WORKSHOP_TOKEN``
(``make workshop TOKEN=...``); leave both empty for a fresh random one.

The pure parts (:func:`plan_room`, :func:`new_token`, :func:`room_url`, :func:`qr_text`,
:func:`write_qr`, :class:`Seats`, :func:`full_page`) have no server imports; the Voilà classes are
built on first use by :func:`build_app`.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import ipaddress
import json
import math
import os
import re
import secrets
import socket
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import segno

from osteo_lib.apps import voila_pool
# Patient-facing strings (plain language, reading grade <= 8).
TEXT = {
    "full_title": "The room is full",
    "full_message": "The room is full. Please try again in a minute.",
    "full_why": "Only so many people can use this page at the same time. A place opens up when someone leaves.",
    "full_again": "Try again",
}

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_NOTEBOOK = ROOT / "notebooks" / "dashboards" / "patient_dashboard.ipynb"
WORKSHOP_CONFIG_DIR = ROOT / "deploy" / "workshop"
DEFAULT_QR_DIR = ROOT / "workshop"
TOKEN_ENV = "OSTEO_WORKSHOP_TOKEN"

DEFAULT_ROOM = 30
DEFAULT_PORT = 8866
DEFAULT_IDLE_MINUTES = 10.0
#: Extra seats on top of the room size (late arrivals, a second device, the instructor).
EXTRA_SEATS = 5
#: Resident memory of one dashboard kernel and of the Voila server, in MiB. Measured on the load benchmark
#: (README, "Running a room"): a kernel holding the dashboard is 63-65 MiB RSS after a few clicks, the
#: server 100-340 MiB under a room of 40; both rounded up.
KERNEL_MB = 80
SERVER_MB = 350

_TOKEN_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: easy to read off a projector
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_.~-]{8,128}$")


# --------------------------------------------------------------------------------------------------
# Planning the room


@dataclass(frozen=True)
class RoomPlan:
    """How one room is served.

    At most ``cap`` kernels run at once, ready pages included: ``cap`` visitors can hold a kernel, and up
    to ``pool`` pages are rendered ahead and waiting, but only as many as the free seats
    (:func:`pool_target`). A visitor who arrives when every seat is taken gets "The room is full".
    """

    room: int
    cap: int
    pool: int
    idle_seconds: int
    cull_interval_seconds: int

    @property
    def max_kernels(self) -> int:
        return self.cap

    def memory_estimate_mb(self) -> int:
        """Memory the room needs when every seat is taken (server included)."""
        return SERVER_MB + self.cap * KERNEL_MB


def plan_room(
    room: int = DEFAULT_ROOM,
    *,
    cap: int | None = None,
    pool: int | None = None,
    idle_minutes: float = DEFAULT_IDLE_MINUTES,
    memory_mb: int | None = None,
) -> RoomPlan:
    """Choose the cap, pool size and culling for a room of ``room`` people.

    - ``cap`` defaults to ``room + 5``;
    - ``pool`` defaults to ``room``: everyone who arrives in the first wave gets a page rendered ahead
      (measured: with 40 arrivals at once on 2 cores, a pool of 8 left the 95th percentile at 47 s
      to first render, a pool of 40 at 10 s). When ``memory_mb`` (memory available) cannot hold that
      many kernels, the pool is made smaller; it is never larger than the cap;
    - culling checks every quarter of the idle time (between 1 and 60 seconds).
    """
    if room < 1:
        raise ValueError(f"ROOM must be at least 1, not {room}")
    cap = room + EXTRA_SEATS if cap is None else cap
    if cap < 1:
        raise ValueError(f"CAP must be at least 1, not {cap}")
    if idle_minutes <= 0:
        raise ValueError(f"IDLE must be a positive number of minutes, not {idle_minutes}")
    if pool is None:
        pool = room
        if memory_mb is not None:
            pool = max(1, min(pool, affordable_kernels(memory_mb)))
    if pool < 0:
        raise ValueError(f"POOL must be 0 or more, not {pool}")
    pool = min(pool, cap)
    idle_seconds = max(1, round(idle_minutes * 60))
    cull_interval = max(1, min(60, idle_seconds // 4))
    return RoomPlan(room=room, cap=cap, pool=pool, idle_seconds=idle_seconds, cull_interval_seconds=cull_interval)


def affordable_kernels(memory_mb: int) -> int:
    """How many dashboard kernels fit in 80 % of ``memory_mb`` next to the server."""
    return max(0, math.floor((memory_mb * 0.8 - SERVER_MB) / KERNEL_MB))


def available_memory_mb() -> int | None:
    """MemAvailable from /proc/meminfo in MiB (None where there is no /proc)."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) // 1024
    except OSError:
        return None
    return None


# --------------------------------------------------------------------------------------------------
# Token, address, URL and QR code


def new_token(groups: int = 4, size: int = 4) -> str:
    """A random token that is easy to read aloud or type, e.g. ``k7pm-q2xd-9trw-h4ns`` (79 bits)."""
    return "-".join("".join(secrets.choice(_TOKEN_ALPHABET) for _ in range(size)) for _ in range(groups))


def check_token(token: str) -> str:
    """Return ``token`` if it is safe in a URL and long enough, else raise ValueError."""
    if not _TOKEN_RE.match(token):
        raise ValueError("TOKEN must be 8 to 128 letters, digits, '-', '_', '.' or '~'")
    return token


def choose_token(given: str | None) -> str:
    """The token for this run: ``given`` (checked) when not empty, else a new random one."""
    return check_token(given) if given else new_token()


def lan_address() -> str:
    """This machine's address on the local network, or 127.0.0.1 when none can be found.

    Asks the operating system which address it would use to reach a private network address (a UDP
    "connect" sends no packet), then falls back to the host name's addresses.
    """
    candidates: list[str] = []
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.254.254.254", 9))
            candidates.append(s.getsockname()[0])
    except OSError:
        pass
    try:
        candidates += [str(info[4][0]) for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    except OSError:
        pass
    for address in candidates:
        ip = ipaddress.ip_address(address)
        if not (ip.is_loopback or ip.is_unspecified or ip.is_link_local):
            return address
    return "127.0.0.1"


def room_url(host: str, port: int, token: str, base_url: str = "/") -> str:
    """The address visitors open, token included: ``http://192.168.1.20:8866/?token=...``."""
    base = "/" + base_url.strip("/") + "/" if base_url.strip("/") else "/"
    return f"http://{host}:{port}{base}?token={check_token(token)}"


def qr_code(url: str) -> segno.QRCode:
    """The QR code for ``url``: always a full QR code (phones do not all read Micro QR), level M."""
    return segno.make_qr(url, error="m")


def qr_text(url: str) -> str:
    """The QR code as text for a terminal (Unicode half blocks; light modules drawn, so it reads on a
    dark terminal)."""
    out = io.StringIO()
    qr_code(url).terminal(out=out, compact=True)
    return out.getvalue()


@dataclass(frozen=True)
class QrFiles:
    svg: Path
    png: Path
    poster: Path


def write_qr(url: str, folder: Path) -> QrFiles:
    """Write the QR code of ``url`` as SVG and PNG, and a page to show on a projector, into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    code = qr_code(url)
    files = QrFiles(svg=folder / "room-qr.svg", png=folder / "room-qr.png", poster=folder / "room.html")
    code.save(str(files.svg), scale=10, border=4, title="QR code: open the pain workbook")
    code.save(str(files.png), scale=10, border=4)
    files.poster.write_text(poster_page(url, code.svg_inline(scale=10, border=4, omitsize=True)), encoding="utf-8")
    return files


def poster_page(url: str, svg: str) -> str:
    """A page for the projector: the QR code and the address in large type."""
    from html import escape

    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>Open the pain workbook</title>"
        f"<style>{_css()}</style></head>"
        '<body class="osteo-room-page"><main class="osteo-room-page__box">'
        "<h1>Open the pain workbook</h1><p>Scan the code with your phone camera, or type the address.</p>"
        f'<div class="osteo-room-page__qr" role="img" aria-label="QR code for the address below">{svg}</div>'
        f'<p class="osteo-room-page__url">{escape(url)}</p></main></body></html>\n'
    )


# --------------------------------------------------------------------------------------------------
# The cap


class Seats:
    """Who holds a seat in the room.

    A page request is *admitted* (a ticket) before Voila gives it a kernel; once the kernel is known the
    ticket is *bound* to the kernel id, and the seat stays taken until that kernel is gone (page closed,
    culled, or shut down). Tickets whose request ended without a kernel are *settled* (freed).

    Usage::

        seats = Seats(cap=2)
        t = seats.admit(live=[])          # a ticket, or None when the room is full
        seats.bind(t, "kernel-1")
        seats.settle(t)                   # the page request is over; the kernel keeps the seat
        seats.in_use(live=["kernel-1"])   # 1
    """

    def __init__(self, cap: int) -> None:
        if cap < 1:
            raise ValueError("cap must be at least 1")
        self.cap = cap
        self.turned_away = 0
        self.admitted = 0
        self._pending: set[int] = set()
        self._kernels: set[str] = set()
        self._next = 0

    def _prune(self, live: Iterable[str] | None) -> None:
        if live is not None:
            self._kernels &= set(live)

    def in_use(self, live: Iterable[str] | None = None) -> int:
        """Seats taken: requests still waiting for a kernel plus visitor kernels that are alive."""
        self._prune(live)
        return len(self._pending) + len(self._kernels)

    def admit(self, live: Iterable[str] | None = None) -> int | None:
        """A ticket for one more visitor, or None (and one more ``turned_away``) when the room is full."""
        if self.in_use(live) >= self.cap:
            self.turned_away += 1
            return None
        self._next += 1
        self._pending.add(self._next)
        self.admitted += 1
        return self._next

    def bind(self, ticket: int, kernel_id: str) -> None:
        """The admitted request got kernel ``kernel_id``: the seat now follows that kernel."""
        self._pending.discard(ticket)
        self._kernels.add(kernel_id)

    def settle(self, ticket: int) -> None:
        """The request is over; free its seat if it never got a kernel."""
        self._pending.discard(ticket)

    def release(self, kernel_id: str) -> None:
        self._kernels.discard(kernel_id)

    def visitor_kernels(self) -> frozenset[str]:
        return frozenset(self._kernels)

    def snapshot(self, live: Iterable[str] | None = None) -> dict[str, int]:
        used = self.in_use(live)
        return {"cap": self.cap, "in_use": used, "free": max(0, self.cap - used),
                "admitted": self.admitted, "turned_away": self.turned_away}


def pool_target(pool: int, cap: int, in_use: int) -> int:
    """How many ready pages to keep now: the planned ``pool``, but never so many that seats in use plus
    ready pages exceed ``cap``. So the machine never runs more than ``cap`` kernels, and as the room
    fills up no kernel is started that nobody could take."""
    return max(0, min(pool, cap - in_use))


# --------------------------------------------------------------------------------------------------
# The "room is full" page


def _css() -> str:
    return (resources.files("osteo_lib.views") / "static" / "css" / "workshop.css").read_text(encoding="utf-8")


def full_page() -> str:
    """The page a visitor gets when the room is full: plain words, no technical details, a link that
    loads the same address again (no automatic reload)."""
    from html import escape

    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(TEXT['full_title'])}</title><style>{_css()}</style></head>"
        '<body class="osteo-room-page"><main class="osteo-room-page__box">'
        f"<h1>{escape(TEXT['full_message'])}</h1>"
        f"<p>{escape(TEXT['full_why'])}</p>"
        f'<p><a class="osteo-room-page__again" href="">{escape(TEXT["full_again"])}</a></p>'
        "</main></body></html>\n"
    )


# --------------------------------------------------------------------------------------------------
# The server (Voila + two small handlers)


def kernel_transport(tmpdir: str | None = None) -> str:
    """How Voila talks to its kernels: Unix sockets ("ipc") where possible, else TCP.

    With dozens of kernels starting at once, TCP ports picked for one kernel can be taken by another
    before it binds them (the kernel then dies; seen in the load benchmark). Unix sockets have no such
    race, but their paths (temporary folder + ~65 characters) must stay under the 107-character limit.
    """
    tmpdir = tempfile.gettempdir() if tmpdir is None else tmpdir
    return "ipc" if os.name == "posix" and len(tmpdir) <= 40 else "tcp"


def voila_argv(plan: RoomPlan, *, notebook: Path, port: int, ip: str, token: str,
               transport: str | None = None) -> list[str]:
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
        f"--KernelManager.transport={transport or kernel_transport()}",
    ]


def build_app(plan: RoomPlan, argv: Sequence[str], *, announce: Any = None) -> Any:
    """A configured (not yet started) Voila application for the room; ``app.start()`` serves it."""
    import tornado.web
    from jupyter_core.paths import jupyter_config_path
    from jupyter_core.utils import ensure_async
    from jupyter_server._tz import utcnow
    from jupyter_server.base.handlers import APIHandler
    from jupyter_server.utils import url_path_join
    from traitlets import default
    from voila.app import Voila
    from voila.tornado.handler import TornadoVoilaHandler

    class _SeatBinder:
        """The kernel manager as one page request sees it: hands its ticket the kernel it gets."""

        def __init__(self, km: Any, seats: Seats, ticket: int) -> None:
            self._km, self._seats, self._ticket = km, seats, ticket

        def __getattr__(self, name: str) -> Any:
            return getattr(self._km, name)

        async def get_rendered_notebook(self, *args: Any, **kwargs: Any) -> Any:
            # Voila refills the pool right after handing out a page: refill only up to what the cap allows.
            voila_pool.set_pool_size(
                self._km, pool_target(plan.pool, plan.cap, self._seats.in_use(self._km.list_kernel_ids())))
            result = await self._km.get_rendered_notebook(*args, **kwargs)
            kernel_id = voila_pool.rendered_kernel_id(result)
            self._seats.bind(self._ticket, kernel_id)
            # A page taken from the pool may have waited there longer than the idle limit; the visit is
            # activity, or the culler could close it before the browser has connected to it.
            with contextlib.suppress(KeyError):
                self._km.get_kernel(kernel_id).last_activity = utcnow()
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
                self.set_header("Cache-Control", "no-cache, no-store, must-revalidate")
                self.finish(full_page())
                return
            self._ticket = ticket
            # Voila's page posts its "I am leaving" beacon (kernel shutdown) with the _xsrf cookie, but a
            # page served from the pool never sets it: set it here so a closed page frees its seat at once.
            self.xsrf_token  # noqa: B018 (reading it sets the cookie)
            try:
                await super().get(path)
            finally:
                self.seats.settle(ticket)
                self._ticket = None

    class RoomStatusHandler(APIHandler):  # type: ignore[misc]
        """GET /room/status (token needed): seats, pool and kernel counts as JSON."""

        def initialize(self, seats: Seats, notebook: str, plan: RoomPlan) -> None:
            self.seats, self.notebook, self.plan = seats, notebook, plan

        @tornado.web.authenticated
        def get(self) -> None:
            km = self.settings["kernel_manager"]
            live = km.list_kernel_ids()
            status = {**self.seats.snapshot(live), "pool_size": self.plan.pool,
                      "pool_ready": voila_pool.ready_pages(km, self.notebook), "kernels": len(live),
                      "idle_seconds": self.plan.idle_seconds}
            self.set_header("Content-Type", "application/json")
            self.finish(json.dumps(status))

    class RoomVoila(Voila):  # type: ignore[misc]
        """Voila with the room's config layer, the cap and an announcement once it listens."""

        @default("config_file_paths")
        def _config_file_paths_default(self) -> list[str]:
            # Highest priority first: the room settings, then the project's voila.json, then Jupyter's.
            return [str(WORKSHOP_CONFIG_DIR), os.getcwd(), *jupyter_config_path()]

        def init_handlers(self) -> list[Any]:
            handlers = []
            for spec in super().init_handlers():
                if len(spec) == 3 and spec[1] is TornadoVoilaHandler:
                    notebook = spec[2].get("notebook_path", "")
                    handlers.append((url_path_join(self.server_url, "/room/status"), RoomStatusHandler,
                                     {"seats": self.room_seats, "notebook": notebook, "plan": plan}))
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
            super().listen()

        async def _stop_dead(self, kernel_id: str, message: str) -> None:
            self.log.warning(message, kernel_id)
            with contextlib.suppress(Exception):
                await self.kernel_manager.shutdown_kernel(kernel_id, now=True)

        async def tend_pool(self) -> None:
            """Every 2 s: drop ready pages whose kernel has died (so nobody is handed a dead page), stop
            visitors' kernels that died (so their seats free up at once, not when the culler comes), grow
            the pool back towards its target when seats have freed up, and say once when the first full
            pool is ready. Kernels are never restarted in place (voila.json: a restarted kernel has none
            of the page's widgets)."""
            km = self.kernel_manager
            notebook = voila_pool.pooled_notebook(km)
            if notebook is None:
                return
            for task in voila_pool.pool_tasks(km, notebook):
                if not task.done():
                    continue
                if task.cancelled() or task.exception() is not None:
                    voila_pool.discard_from_pool(km, notebook, task)
                    continue
                kernel_id = voila_pool.pool_kernel_id(task)
                kernel = voila_pool.kernel_of(km, kernel_id)
                if kernel is None or not await kernel.is_alive():
                    voila_pool.discard_from_pool(km, notebook, task)
                    await self._stop_dead(kernel_id, "A ready page lost its kernel %s; starting another")
            for kernel_id in self.room_seats.visitor_kernels() & set(km.list_kernel_ids()):
                kernel = voila_pool.kernel_of(km, kernel_id)
                if kernel is not None and kernel.ready.done() and not await kernel.is_alive():
                    await self._stop_dead(kernel_id, "A visitor's kernel %s died; stopping it to free its seat")
            target = pool_target(plan.pool, plan.cap, self.room_seats.in_use(km.list_kernel_ids()))
            if voila_pool.pool_size(km, notebook) < target:
                voila_pool.set_pool_size(km, target)
                voila_pool.refill(km, notebook)
            if not self._announced_ready and voila_pool.ready_pages(km, notebook) >= plan.pool:
                self._announced_ready = True
                ready = f"{plan.pool} pages are ready for the first visitors" if plan.pool else "visitors can come in"
                print(f"Room ready: {ready} ({time.monotonic() - self._started_at:.0f} s after start).", flush=True)

    app = RoomVoila()
    app.room_seats = Seats(plan.cap)
    app.initialize(list(argv))
    return app


# --------------------------------------------------------------------------------------------------
# Command line


def banner(plan: RoomPlan, url: str, local_url: str, qr: QrFiles | None, host_found: bool) -> str:
    lines = [
        "",
        f"Osteoporosis pain workbook: serving a room of {plan.room} "
        f"(up to {plan.cap} at once, {plan.pool} pages rendered ahead).",
        "On phones and laptops on the same network, open:",
        "",
        f"    {url}",
        "",
        qr_text(url),
    ]
    if qr is not None:
        lines.append(f"QR code picture: {_shown(qr.png)} (and {_shown(qr.svg)}); "
                     f"show {_shown(qr.poster)} on a projector.")
    if not host_found:
        lines.append("No network address found: only this computer can open the page.")
    if plan.pool:
        lines.append(f"Getting {plan.pool} pages ready: wait for \"Room ready\" before people scan the code.")
    lines += [
        f"On this computer: {local_url}",
        f"A page nobody touches for {plan.idle_seconds // 60 or plan.idle_seconds} "
        f"{'minutes' if plan.idle_seconds >= 60 else 'seconds'} is closed. Stop the room with Ctrl+C.",
        "",
    ]
    return "\n".join(lines)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def port_is_free(port: int, ip: str) -> bool:
    with socket.socket() as s:
        try:
            s.bind((ip, port))
        except OSError:
            return False
    return True


def parse_args(argv: Sequence[str] | None = None, prog: str = "python -m osteo_lib.apps.workshop") -> argparse.Namespace:
    p = argparse.ArgumentParser(prog=prog,
                                description="Serve the patient dashboard to a room on the local network.")
    p.add_argument("notebook", nargs="?", default=str(DEFAULT_NOTEBOOK), help="notebook to serve")
    p.add_argument("--room", type=int, default=DEFAULT_ROOM, help="people in the room (default 30)")
    p.add_argument("--cap", type=int, default=None, help="most kernels, and so visitors, at once (default room + 5)")
    p.add_argument("--pool", type=int, default=None, help="pages rendered ahead (default: room)")
    p.add_argument("--idle-minutes", type=float, default=DEFAULT_IDLE_MINUTES,
                   help="close pages nobody touched for this long (default 10)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT)
    p.add_argument("--ip", default="0.0.0.0", help="address to listen on (default 0.0.0.0: the whole network)")
    p.add_argument("--token", default=None, help=f"visitor token (default ${TOKEN_ENV}, else random)")
    p.add_argument("--qr-dir", default=str(DEFAULT_QR_DIR), help="folder for the QR code pictures")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None, prog: str = "python -m osteo_lib.apps.workshop") -> int:
    """Serve the room; returns the exit status (2 for a setting that cannot work)."""
    args = parse_args(argv, prog)
    try:
        token = choose_token(args.token or os.environ.get(TOKEN_ENV) or None)
        plan = plan_room(args.room, cap=args.cap, pool=args.pool, idle_minutes=args.idle_minutes,
                         memory_mb=available_memory_mb() if args.pool is None else None)
    except ValueError as error:
        print(f"workshop: {error}", file=sys.stderr)
        return 2
    notebook = Path(args.notebook)
    if not notebook.is_file():
        print(f"workshop: notebook not found: {notebook}", file=sys.stderr)
        return 2
    if not port_is_free(args.port, args.ip):
        print(f"workshop: port {args.port} is busy; try another, e.g. make workshop PORT={args.port + 4}",
              file=sys.stderr)
        return 2
    memory = available_memory_mb()
    if memory is not None and plan.memory_estimate_mb() > memory:
        print(f"workshop: warning: a full room may need about {plan.memory_estimate_mb()} MiB; "
              f"{memory} MiB is free. Consider a smaller CAP.", file=sys.stderr)

    host = lan_address() if args.ip in ("0.0.0.0", "") else args.ip
    qr_dir = Path(args.qr_dir)

    def announce(port: int) -> None:
        url = room_url(host, port, token)
        qr = write_qr(url, qr_dir)
        (qr_dir / "room-plan.json").write_text(json.dumps({**asdict(plan), "url": url}, indent=2) + "\n",
                                               encoding="utf-8")
        print(banner(plan, url, room_url("127.0.0.1", port, token), qr, host != "127.0.0.1"), flush=True)

    app = build_app(plan, voila_argv(plan, notebook=notebook, port=args.port, ip=args.ip, token=token),
                    announce=announce)
    app.start()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
