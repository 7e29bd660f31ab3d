"""Planning a room, and how visitors reach it: the room plan (cap, pool, culling), the token (the
instructor's; visitors join with the room code of :mod:`.join`), the machine's local-network address, the
room's URL and the QR code of the join link (terminal text, SVG, PNG and a projector page). Pure parts:
no server imports."""

from __future__ import annotations

import contextlib
import io
import ipaddress
import math
import os
import re
import secrets
import socket
from dataclasses import dataclass
from pathlib import Path

import segno

from osteo_lib.apps.workshop.pages import poster_page, workshop_text
from osteo_lib.content.ui import UiTexts

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
    "TOKEN_ENV",
    "WORKSHOP_CONFIG_DIR",
    "QrFiles",
    "RoomPlan",
    "affordable_kernels",
    "available_memory_mb",
    "check_token",
    "choose_token",
    "in_workshop_room",
    "lan_address",
    "new_token",
    "plan_room",
    "qr_code",
    "qr_text",
    "room_url",
    "write_qr",
]

ROOT = Path(__file__).resolve().parents[3]
DEFAULT_NOTEBOOK = ROOT / "notebooks" / "dashboards" / "patient_dashboard.ipynb"
WORKSHOP_CONFIG_DIR = ROOT / "deploy" / "workshop"
DEFAULT_QR_DIR = ROOT / "workshop"
TOKEN_ENV = "OSTEO_WORKSHOP_TOKEN"
#: Set (to "1") in the room server's environment, so every kernel it starts knows it serves a room of
#: shared computers (the diary is then not kept on the device unless the person turns it on).
ROOM_ENV = "OSTEO_WORKSHOP_ROOM"

DEFAULT_ROOM = 30
DEFAULT_PORT = 8866
DEFAULT_IDLE_MINUTES = 10.0
#: A visitor's kernel is stopped this many seconds after their page went away (closed, killed, off the
#: network), so the seat frees within a minute; a page back within this time keeps its kernel.
DEFAULT_LEFT_SECONDS = 30.0
#: Extra seats on top of the room size (late arrivals, a second device, the instructor).
EXTRA_SEATS = 5
#: Resident memory of one dashboard kernel and of the Voila server, in MiB. Measured on the load benchmark
#: (README, "Running a room"): a kernel holding the dashboard is 63-65 MiB RSS after a few clicks, the
#: server 100-340 MiB under a room of 40; both rounded up.
KERNEL_MB = 80
SERVER_MB = 350

_TOKEN_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: easy to read off a projector
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_.~-]{8,128}$")


# --- planning the room ---------------------------------------------------------------------------
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
    left_seconds: float = DEFAULT_LEFT_SECONDS

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
    left_seconds: float = DEFAULT_LEFT_SECONDS,
) -> RoomPlan:
    """Choose the cap, pool size and culling for a room of ``room`` people.

    - ``cap`` defaults to ``room + 5``;
    - ``pool`` defaults to ``room``: everyone who arrives in the first wave gets a page rendered ahead
      (measured: with 40 arrivals at once on 2 cores, a pool of 8 left the 95th percentile at 47 s
      to first render, a pool of 40 at 10 s). When ``memory_mb`` (memory available) cannot hold that
      many kernels, the pool is made smaller; it is never larger than the cap;
    - culling checks every quarter of the idle time (between 1 and 60 seconds);
    - a page that went away loses its kernel (and frees its seat) after ``left_seconds``.
    """
    if room < 1:
        raise ValueError(f"ROOM must be at least 1, not {room}")
    cap = room + EXTRA_SEATS if cap is None else cap
    if cap < 1:
        raise ValueError(f"CAP must be at least 1, not {cap}")
    if idle_minutes <= 0:
        raise ValueError(f"IDLE must be a positive number of minutes, not {idle_minutes}")
    if not left_seconds > 0:
        raise ValueError(f"LEFT must be a positive number of seconds, not {left_seconds}")
    if pool is None:
        pool = room
        if memory_mb is not None:
            pool = max(1, min(pool, affordable_kernels(memory_mb)))
    if pool < 0:
        raise ValueError(f"POOL must be 0 or more, not {pool}")
    pool = min(pool, cap)
    idle_seconds = max(1, round(idle_minutes * 60))
    cull_interval = max(1, min(60, idle_seconds // 4))
    return RoomPlan(
        room=room,
        cap=cap,
        pool=pool,
        idle_seconds=idle_seconds,
        cull_interval_seconds=cull_interval,
        left_seconds=left_seconds,
    )


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


# --- token, address, URL and QR code -------------------------------------------------------------
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
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("10.254.254.254", 9))
        candidates.append(s.getsockname()[0])
    with contextlib.suppress(OSError):
        candidates += [str(info[4][0]) for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
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


def write_qr(link: str, folder: Path, *, address: str, code: str, text: UiTexts | None = None) -> QrFiles:
    """Write the QR code of ``link`` (the join link) as SVG and PNG, and a page to show on a projector
    (the joining steps, the QR code, the short ``address`` and the room ``code``), into ``folder``.
    ``text``: the poster's words (default the workshop's; see :func:`.pages.poster_page`)."""
    folder.mkdir(parents=True, exist_ok=True)
    qr = qr_code(link)
    files = QrFiles(svg=folder / "room-qr.svg", png=folder / "room-qr.png", poster=folder / "room.html")
    qr.save(str(files.svg), scale=10, border=4, title=(text or workshop_text())["qr_title"])
    qr.save(str(files.png), scale=10, border=4)
    svg = qr.svg_inline(scale=10, border=4, omitsize=True)
    files.poster.write_text(poster_page(address, code, svg, text), encoding="utf-8")
    return files


def in_workshop_room() -> bool:
    """Whether this process serves a workshop room: ``make workshop`` sets :data:`ROOM_ENV` in the room
    server's environment, and every kernel it starts inherits it."""
    return os.environ.get(ROOM_ENV, "") not in ("", "0")
