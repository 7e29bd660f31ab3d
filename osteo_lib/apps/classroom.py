"""JupyterLab for a room of students from the instructor's laptop (what ``make classroom`` runs).

One command, no sysadmin, real parts:

1. builds the student version afresh (:func:`osteo_lib.apps.student_version.make_student_version`:
   notebooks, data and package without answer keys or the instructor kit);
2. starts JupyterHub (this environment's ``jupyterhub``) with ``deploy/jupyterhub/jupyterhub_config.py`` on
   ``0.0.0.0``: the room code as the shared password (``OSTEO_HUB_ROOM_CODE``: case-insensitive, a limit
   on wrong tries, the friendly login page of ``deploy/jupyterhub/templates/``), the ``simple`` spawner
   (every student's server under the instructor's account; ``OSTEO_HUB_SIMPLE_ON_NETWORK=yes``), each
   student's copy taken from ``student_version/notebooks`` and their kernels importing the student
   package and data (``OSTEO_HUB_STUDENT_VERSION``: ``PYTHONPATH`` and ``OSTEO_DATA_DIR``), so
   ``import osteo_lib.apps.instructor`` fails in a student's kernel; jupyterhub-idle-culler on;
   at most ROOM + 5 servers at once;
3. writes the projector page (the workshop's poster and QR code, :func:`.workshop.room.write_qr`, with the
   words of ``data/ui/classroom.yaml``: open the address, type your name and the room code) and prints the
   address, the code and the QR code; Ctrl-C ends the class (the hub stops every student's server);
4. prints the link of the instructor's room page (a hub-managed service, :mod:`.classroom_room`, with a
   token new each run): students signed up and working, servers running, free seats, buttons that stop a
   student's server, stop idle servers and end the session, through JupyterHub's REST API.

Isolation (the ``simple`` spawner): the hub's login and each server's own authentication keep students
out of each other's servers over the web, but code a student runs executes as the instructor's account
and can read the other students' folders and the instructor's files. For graded work use a hub with an
account per student (deploy/jupyterhub/README.md: TLJH, Zero to JupyterHub). Usage::

    python -m osteo_lib.apps.classroom --room 30 --port 8000 [--code KDPMT]

The words are in ``data/ui/classroom_console.yaml`` (terminal) and ``data/ui/classroom.yaml`` (students).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from osteo_lib.apps.classroom_room import SERVICE_NAME
from osteo_lib.apps.student_version import make_student_version
from osteo_lib.apps.workshop.cli import port_is_free
from osteo_lib.apps.workshop.join import check_code, new_code, short_address
from osteo_lib.apps.workshop.room import EXTRA_SEATS, ROOT, lan_address, new_token, qr_text, write_qr
from osteo_lib.content.ui import UiTexts, ui_texts

__all__ = [
    "CODE_ENV",
    "CONFIG",
    "DEFAULT_DIR",
    "DEFAULT_IDLE_MINUTES",
    "DEFAULT_PORT",
    "DEFAULT_ROOM",
    "MAX_ROOM",
    "Settings",
    "check_settings",
    "hub_environment",
    "main",
    "parse_args",
    "room_page_url",
]

CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
DEFAULT_DIR = ROOT / "classroom"
DEFAULT_STUDENT_VERSION = ROOT / "student_version"
DEFAULT_ROOM = 30
DEFAULT_PORT = 8000
DEFAULT_IDLE_MINUTES = 60.0
#: More students than this on one laptop is not a classroom any more (each server needs ~200 MB).
MAX_ROOM = 200
CODE_ENV = "OSTEO_CLASSROOM_CODE"


def _console() -> UiTexts:
    return ui_texts("classroom_console")


@dataclass(frozen=True)
class Settings:
    """A checked room: how many students, where it listens, its code, and its folders."""

    room: int
    port: int
    ip: str
    code: str
    idle_minutes: float
    folder: Path
    student_version: Path
    hub_port: int = 0
    api_port: int = 0
    room_page_port: int = 0
    #: The instructor's room page token (``/services/classroom-room/?token=...``; new each run).
    room_token: str = field(default_factory=new_token)

    @property
    def max_servers(self) -> int:
        return self.room + EXTRA_SEATS

    @property
    def homes(self) -> Path:
        return self.folder / "students"


def _whole(raw: str, key: str, **values: object) -> int:
    try:
        return int(raw)
    except ValueError:
        raise ValueError(_console().format(key, **values)) from None


def check_settings(args: argparse.Namespace) -> Settings:
    """The options as a :class:`Settings`; ValueError naming the setting (ROOM, PORT, CODE, IDLE) otherwise."""
    text = _console()
    room = _whole(str(args.room), "room_bad", room=args.room)
    if not 1 <= room <= MAX_ROOM:
        raise ValueError(text.format("room_bad", room=args.room))
    port = _whole(str(args.port), "port_bad", port=args.port)
    if not 1024 <= port <= 65535:
        raise ValueError(text.format("port_bad", port=args.port))
    given = args.code if args.code is not None else os.environ.get(CODE_ENV, "")
    try:
        code = check_code(given) if given.strip() else new_code()
    except ValueError:
        raise ValueError(text.format("code_bad", code=given)) from None
    try:
        idle = float(args.idle_minutes)
    except ValueError:
        raise ValueError(text.format("idle_bad", idle=args.idle_minutes)) from None
    if not (idle > 0 and math.isfinite(idle)):
        raise ValueError(text.format("idle_bad", idle=args.idle_minutes))
    return Settings(
        room=room,
        port=port,
        ip=args.ip,
        code=code,
        idle_minutes=idle,
        folder=Path(args.dir).resolve(),
        student_version=Path(args.student_version).resolve(),
        hub_port=int(args.hub_port),
        api_port=int(args.api_port),
        room_page_port=int(args.room_page_port),
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def room_page_url(s: Settings) -> str:
    """The instructor's room page on this computer (:mod:`osteo_lib.apps.classroom_room`), with its token."""
    return f"http://127.0.0.1:{s.port}/services/{SERVICE_NAME}/?token={s.room_token}"


def hub_environment(s: Settings, proxy: Path, address: str = "") -> dict[str, str]:
    """The ``OSTEO_HUB_*`` settings of ``deploy/jupyterhub/jupyterhub_config.py`` for this room (``address``: the
    short address students open, shown on the instructor's room page)."""
    idle_seconds = max(1, round(s.idle_minutes * 60))
    return {
        "OSTEO_HUB_BIND_URL": f"http://{s.ip}:{s.port}",
        "OSTEO_HUB_HUB_PORT": str(s.hub_port or _free_port()),
        "OSTEO_HUB_PROXY_API_PORT": str(s.api_port or _free_port()),
        "OSTEO_HUB_PROXY_COMMAND": str(proxy),
        "OSTEO_HUB_STATE_DIR": str(s.folder / "state"),
        "OSTEO_HUB_AUTHENTICATOR": "shared",
        "OSTEO_HUB_ROOM_CODE": s.code,
        "OSTEO_HUB_SPAWNER": "simple",
        "OSTEO_HUB_SIMPLE_ON_NETWORK": "yes",
        "OSTEO_HUB_HOME_ROOT": str(s.homes),
        "OSTEO_HUB_STUDENT_VERSION": str(s.student_version),
        "OSTEO_HUB_CULL_TIMEOUT": str(idle_seconds),
        "OSTEO_HUB_CULL_EVERY": str(max(1, min(300, idle_seconds // 4))),
        "OSTEO_HUB_MAX_SERVERS": str(s.max_servers),
        "OSTEO_HUB_ROOM_PAGE_TOKEN": s.room_token,
        "OSTEO_HUB_ROOM_PAGE_PORT": str(s.room_page_port or _free_port()),
        "OSTEO_HUB_ROOM_ADDRESS": address,
    }


def parse_args(argv: Sequence[str] | None = None, prog: str | None = None) -> argparse.Namespace:
    """The options (``prog``: the command as the usage line names it); checked by :func:`check_settings`."""
    text = _console()
    p = argparse.ArgumentParser(prog=prog or text["prog"], description=text["description"])
    p.add_argument("--room", default=str(DEFAULT_ROOM), help=text["help_room"])
    p.add_argument("--port", default=str(DEFAULT_PORT), help=text["help_port"])
    p.add_argument("--code", default=None, help=text.format("help_code", env=CODE_ENV))
    p.add_argument("--idle-minutes", default=str(DEFAULT_IDLE_MINUTES), help=text["help_idle"])
    p.add_argument("--ip", default="0.0.0.0", help=text["help_ip"])
    p.add_argument("--dir", default=str(DEFAULT_DIR), help=text["help_dir"])
    p.add_argument("--student-version", default=str(DEFAULT_STUDENT_VERSION), help=text["help_student_version"])
    p.add_argument("--hub-port", type=int, default=0, help=argparse.SUPPRESS)
    p.add_argument("--api-port", type=int, default=0, help=argparse.SUPPRESS)
    p.add_argument("--room-page-port", type=int, default=0, help=argparse.SUPPRESS)
    return p.parse_args(argv)


def _wait_until_ready(hub: subprocess.Popen[bytes], url: str, timeout: float = 120.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and hub.poll() is None:
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}/hub/health", timeout=5) as r:
            if r.status == 200:
                return True
        time.sleep(0.3)
    return False


def _stop(hub: subprocess.Popen[bytes], grace: float = 60.0) -> None:
    if hub.poll() is None:
        hub.send_signal(signal.SIGTERM)  # the hub stops the proxy, the culler and every student's server
        try:
            hub.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(hub.pid, signal.SIGKILL)
            hub.wait()


def main(argv: Sequence[str] | None = None, prog: str | None = None) -> int:
    """Run the class until Ctrl-C (or SIGTERM); returns the exit status (2 for a setting that cannot work)."""
    text = _console()
    args = parse_args(argv, prog)
    try:
        s = check_settings(args)
    except ValueError as error:
        print(text.format("error", problem=error), file=sys.stderr)
        return 2
    bin_dir = Path(sys.executable).parent
    jupyterhub, proxy = bin_dir / "jupyterhub", ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
    for needed in (jupyterhub, proxy):
        if not needed.exists():
            print(text.format("error", problem=text.format("missing_hub", path=needed)), file=sys.stderr)
            return 2
    if not port_is_free(s.port, s.ip):
        problem = text.format("port_busy", port=s.port, other=s.port + 10)
        print(text.format("error", problem=problem), file=sys.stderr)
        return 2

    print(text.format("building", out=s.student_version), flush=True)
    report = make_student_version(out=s.student_version)
    print(report.describe(), flush=True)

    host = lan_address() if s.ip in ("0.0.0.0", "") else s.ip
    address = short_address(host, s.port)
    files = write_qr(f"{address}/hub/login", s.folder, address=address, code=s.code, text=ui_texts("classroom"))
    s.homes.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("OSTEO_HUB_")}
    env.update(hub_environment(s, proxy, address))
    log = s.folder / "hub.log"
    print(text.format("starting", room=s.room, port=s.port), flush=True)
    with log.open("ab") as out:
        hub = subprocess.Popen(
            [str(jupyterhub), "-f", str(CONFIG)],
            cwd=s.folder,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches this launcher, which stops the hub in order
        )

    def end(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, end)
    try:
        if not _wait_until_ready(hub, f"http://127.0.0.1:{s.port}"):
            _stop(hub)
            print(text.format("hub_failed", status=hub.returncode, log=log), file=sys.stderr)
            print("\n".join(log.read_text(errors="replace").splitlines()[-30:]), file=sys.stderr)
            return 1
        record = {
            "address": address,
            "login": f"{address}/hub/login",
            "code": s.code,
            "room": s.room,
            "max_servers": s.max_servers,
            "homes": str(s.homes),
            "student_version": str(s.student_version),
            "poster": str(files.poster),
            "room_page": room_page_url(s),
            "hub_log": str(log),
            "hub_pid": hub.pid,
        }
        (s.folder / "classroom.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        lines = [
            "",
            text.format("banner_ready", servers=s.max_servers),
            text["banner_open"],
            "",
            f"    {address}",
            "",
            text.format("banner_code", code=s.code),
            qr_text(f"{address}/hub/login"),
            text.format("banner_poster", poster=files.poster, png=files.png),
            text.format("banner_room_page", url=room_page_url(s)),
        ]
        if host == "127.0.0.1" and s.ip in ("0.0.0.0", ""):
            lines.append(text["banner_no_network"])
        lines += [text["banner_isolation"], text.format("banner_idle", minutes=f"{s.idle_minutes:g}"), ""]
        print("\n".join(lines), flush=True)
        hub.wait()
    except KeyboardInterrupt:
        pass
    finally:
        _stop(hub)
    print(text.format("stopped", homes=s.homes), flush=True)
    return 0


if __name__ == "__main__":  # pragma: no cover - python -m osteo_lib.apps.classroom
    raise SystemExit(main())
