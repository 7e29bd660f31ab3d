"""Serve the patient dashboard to a room of people on the local network (what ``make workshop`` runs).

Standalone Voilà on ``0.0.0.0`` with the project's ``voila.json`` plus the room settings in
``deploy/workshop/voila.json``, and on top of that:

- a **room code** (5 easy capital letters, random per run unless one is given) that visitors type at the
  short address (``http://HOST:PORT``), or that the QR code's join link carries, so nobody types a token;
  a wrong code gets a plain message, never Jupyter's login page;
- a **token** (random per run unless one is given), the instructor's: it opens the room page
  (``/room?token=...``: seats, pages ready, who left, "Free seats of people who left", "End the session");
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
- :mod:`.join`: the room code, the short address and join link, the guard against guessed codes (pure);
- :mod:`.seats`: the cap, :class:`Seats` and :func:`pool_target` (pure);
- :mod:`.pages`: the visitors' pages ("room is full", "Type the room code", "The meeting has ended"), the
  projector poster and the instructor's room page (templates ``workshop/*.html.j2``, words in
  ``data/ui/workshop.yaml`` and ``data/ui/workshop_room.yaml``);
- :mod:`.server`: :func:`build_app` (with ``/join``, ``/room``, ``/room/free``, ``/room/end`` and
  ``/room/status``) and :func:`voila_argv` (Voilà classes built on first use; Voilà's pool
  internals only through :mod:`osteo_lib.apps.voila_pool`);
- :mod:`.cli` and ``__main__``: the command line and the banner (``data/ui/workshop_console.yaml``).
"""

from __future__ import annotations

from osteo_lib.apps.workshop.cli import banner, main, parse_args, port_is_free
from osteo_lib.apps.workshop.join import (
    CODE_ALPHABET,
    CODE_ENV,
    CODE_LENGTH,
    CodeGuard,
    check_code,
    choose_code,
    code_matches,
    join_url,
    new_code,
    normalise_code,
    short_address,
    was_a_link,
)
from osteo_lib.apps.workshop.pages import (
    TEXT,
    ended_page,
    full_page,
    join_page,
    missing_page,
    poster_page,
    room_page,
    room_text,
    workshop_text,
)
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
from osteo_lib.apps.workshop.server import ENDED, build_app, kernel_transport, voila_argv

__all__ = [
    "CODE_ALPHABET",
    "CODE_ENV",
    "CODE_LENGTH",
    "DEFAULT_IDLE_MINUTES",
    "DEFAULT_LEFT_SECONDS",
    "DEFAULT_NOTEBOOK",
    "DEFAULT_PORT",
    "DEFAULT_QR_DIR",
    "DEFAULT_ROOM",
    "ENDED",
    "EXTRA_SEATS",
    "KERNEL_MB",
    "ROOM_ENV",
    "ROOT",
    "SERVER_MB",
    "TEXT",
    "TOKEN_ENV",
    "WORKSHOP_CONFIG_DIR",
    "CodeGuard",
    "QrFiles",
    "RoomPlan",
    "Seats",
    "affordable_kernels",
    "available_memory_mb",
    "banner",
    "build_app",
    "check_code",
    "check_token",
    "choose_code",
    "choose_token",
    "code_matches",
    "ended_page",
    "full_page",
    "in_workshop_room",
    "join_page",
    "join_url",
    "kernel_transport",
    "lan_address",
    "main",
    "missing_page",
    "new_code",
    "new_token",
    "normalise_code",
    "parse_args",
    "plan_room",
    "pool_goal",
    "pool_target",
    "port_is_free",
    "poster_page",
    "qr_code",
    "qr_text",
    "room_page",
    "room_text",
    "room_url",
    "short_address",
    "voila_argv",
    "was_a_link",
    "workshop_text",
    "write_qr",
]
