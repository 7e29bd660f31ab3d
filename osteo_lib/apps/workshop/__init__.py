"""Serve the patient dashboard to a room of people on the local network (what ``make workshop`` runs).

Standalone Voilà on ``0.0.0.0`` with the project's ``voila.json`` plus the room settings in
``deploy/workshop/voila.json``, and on top of that:

- a **token** (random per run unless one is given) that every visitor needs; the URL with the token is
  printed with the machine's local-network address and written as a QR code picture for phones;
- a **preheated pool** of dashboards rendered ahead, sized for the room (:func:`plan_room`), that
  shrinks as seats fill so that the machine never runs more than ``cap`` kernels (:func:`pool_target`);
- **idle culling**: a page nobody has touched for ``idle_minutes`` loses its kernel, and a page that went
  away (closed, its browser killed, off the network) loses it ``left_seconds`` later, freeing its seat;
- a **cap** on kernels (and so on visitors) at once; one more visitor gets a friendly
  "The room is full" page (HTTP 503) instead of a crash, and everyone else keeps working.

Usage::

    python -m osteo_lib.apps.workshop --room 30            # what `make workshop` runs
    python -m osteo_lib.apps.workshop --room 12 --cap 14 --port 9000

The token comes from ``--token`` or the environment variable ``OSTEO_WORKSHOP_TOKEN``
(``make workshop TOKEN=...``); leave both empty for a fresh random one.

The package, split along its seams (everything public is importable from ``osteo_lib.apps.workshop``):

- :mod:`.room`: the room plan, token, address, URL and QR code (pure);
- :mod:`.seats`: the cap, :class:`Seats` and :func:`pool_target` (pure);
- :mod:`.pages`: the "room is full" page and the projector poster (templates ``workshop/*.html.j2``,
  words in ``data/ui/workshop.yaml``);
- :mod:`.server`: :func:`build_app` and :func:`voila_argv` (Voilà classes built on first use; Voilà's pool
  internals only through :mod:`osteo_lib.apps.voila_pool`);
- :mod:`.cli` and ``__main__``: the command line and the banner (``data/ui/workshop_console.yaml``).
"""

from __future__ import annotations

from osteo_lib.apps.workshop.cli import banner, main, parse_args, port_is_free
from osteo_lib.apps.workshop.pages import TEXT, full_page, poster_page, workshop_text
from osteo_lib.apps.workshop.room import (
    DEFAULT_IDLE_MINUTES,
    DEFAULT_LEFT_SECONDS,
    DEFAULT_NOTEBOOK,
    DEFAULT_PORT,
    DEFAULT_QR_DIR,
    DEFAULT_ROOM,
    EXTRA_SEATS,
    KERNEL_MB,
    ROOM_ENV,
    ROOT,
    SERVER_MB,
    TOKEN_ENV,
    WORKSHOP_CONFIG_DIR,
    QrFiles,
    RoomPlan,
    affordable_kernels,
    available_memory_mb,
    check_token,
    choose_token,
    in_workshop_room,
    lan_address,
    new_token,
    plan_room,
    qr_code,
    qr_text,
    room_url,
    write_qr,
)
from osteo_lib.apps.workshop.seats import Seats, pool_goal, pool_target
from osteo_lib.apps.workshop.server import build_app, kernel_transport, voila_argv

__all__ = [
    "DEFAULT_IDLE_MINUTES",
    "DEFAULT_LEFT_SECONDS",
    "DEFAULT_NOTEBOOK",
    "DEFAULT_PORT",
    "DEFAULT_QR_DIR",
    "DEFAULT_ROOM",
    "EXTRA_SEATS",
    "KERNEL_MB",
    "ROOM_ENV",
    "ROOT",
    "SERVER_MB",
    "TEXT",
    "TOKEN_ENV",
    "WORKSHOP_CONFIG_DIR",
    "QrFiles",
    "RoomPlan",
    "Seats",
    "affordable_kernels",
    "available_memory_mb",
    "banner",
    "build_app",
    "check_token",
    "choose_token",
    "full_page",
    "in_workshop_room",
    "kernel_transport",
    "lan_address",
    "main",
    "new_token",
    "parse_args",
    "plan_room",
    "pool_goal",
    "pool_target",
    "port_is_free",
    "poster_page",
    "qr_code",
    "qr_text",
    "room_url",
    "voila_argv",
    "workshop_text",
    "write_qr",
]
