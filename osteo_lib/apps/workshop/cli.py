"""The room's command line (``python -m osteo_lib.apps.workshop``, ``osteo-workbook workshop``, what
``make workshop`` runs): the options, the checks before serving, and the banner with the URL and the QR
code. The words are in ``data/ui/workshop_console.yaml`` (read by the instructor)."""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from osteo_lib.apps.workshop.join import CODE_ENV, choose_code, join_url, short_address
from osteo_lib.apps.workshop.room import (
    DEFAULT_IDLE_MINUTES,
    DEFAULT_LEFT_SECONDS,
    DEFAULT_NOTEBOOK,
    DEFAULT_PORT,
    DEFAULT_QR_DIR,
    DEFAULT_ROOM,
    ROOM_ENV,
    TOKEN_ENV,
    QrFiles,
    RoomPlan,
    available_memory_mb,
    choose_token,
    lan_address,
    plan_room,
    qr_text,
    room_url,
    write_qr,
)
from osteo_lib.apps.workshop.server import build_app, voila_argv
from osteo_lib.content.ui import UiTexts, ui_texts

__all__ = ["banner", "main", "parse_args", "port_is_free"]


def _console() -> UiTexts:
    return ui_texts("workshop_console")


def banner(
    plan: RoomPlan,
    address: str,
    code: str,
    local_url: str,
    qr: QrFiles | None,
    host_found: bool,
    room_page_url: str = "",
) -> str:
    """What the terminal shows once the room listens: the short address, the room code, the QR code of the
    join link, the instructor's room page and how to run the room."""
    text = _console()
    link = f"{address}/join?code={code}"
    lines = [
        "",
        text.format("banner_serving", room=plan.room, cap=plan.cap, pool=plan.pool),
        text["banner_open"],
        "",
        f"    {address}",
        "",
        text.format("banner_code", code=code, join=link),
        qr_text(link),
    ]
    if qr is not None:
        lines.append(text.format("banner_qr", png=_shown(qr.png), svg=_shown(qr.svg), poster=_shown(qr.poster)))
    if room_page_url:
        lines.append(text.format("banner_room_page", url=room_page_url))
    if not host_found:
        lines.append(text["banner_no_network"])
    if plan.pool:
        lines.append(text.format("banner_getting_ready", pool=plan.pool))
    unit = text["unit_minutes"] if plan.idle_seconds >= 60 else text["unit_seconds"]
    lines += [
        text.format("banner_local", url=local_url),
        text.format("banner_idle", amount=plan.idle_seconds // 60 or plan.idle_seconds, unit=unit),
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


def parse_args(argv: Sequence[str] | None = None, prog: str | None = None) -> argparse.Namespace:
    """The options (``prog``: the command as the usage line names it, default ``python -m ...workshop``)."""
    text = _console()
    p = argparse.ArgumentParser(prog=prog or text["prog"], description=text["description"])
    p.add_argument("notebook", nargs="?", default=str(DEFAULT_NOTEBOOK), help=text["help_notebook"])
    p.add_argument("--room", type=int, default=DEFAULT_ROOM, help=text["help_room"])
    p.add_argument("--cap", type=int, default=None, help=text["help_cap"])
    p.add_argument("--pool", type=int, default=None, help=text["help_pool"])
    p.add_argument("--idle-minutes", type=float, default=DEFAULT_IDLE_MINUTES, help=text["help_idle"])
    p.add_argument("--left-seconds", type=float, default=DEFAULT_LEFT_SECONDS, help=text["help_left"])
    p.add_argument("--port", type=int, default=DEFAULT_PORT)
    p.add_argument("--ip", default="0.0.0.0", help=text["help_ip"])
    p.add_argument("--token", default=None, help=text.format("help_token", env=TOKEN_ENV))
    p.add_argument("--code", default=None, help=text.format("help_code", env=CODE_ENV))
    p.add_argument("--qr-dir", default=str(DEFAULT_QR_DIR), help=text["help_qr_dir"])
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None, prog: str | None = None) -> int:
    """Serve the room; returns the exit status (2 for a setting that cannot work)."""
    text = _console()
    args = parse_args(argv, prog)
    try:
        token = choose_token(args.token or os.environ.get(TOKEN_ENV) or None)
        code = choose_code(args.code or os.environ.get(CODE_ENV) or None)
        plan = plan_room(
            args.room,
            cap=args.cap,
            pool=args.pool,
            idle_minutes=args.idle_minutes,
            left_seconds=args.left_seconds,
            memory_mb=available_memory_mb() if args.pool is None else None,
        )
    except ValueError as error:
        print(text.format("error", problem=error), file=sys.stderr)
        return 2
    notebook = Path(args.notebook)
    if not notebook.is_file():
        print(text.format("notebook_missing", notebook=notebook), file=sys.stderr)
        return 2
    if not port_is_free(args.port, args.ip):
        print(text.format("port_busy", port=args.port, other=args.port + 4), file=sys.stderr)
        return 2
    memory = available_memory_mb()
    if memory is not None and plan.memory_estimate_mb() > memory:
        print(text.format("memory_warning", need=plan.memory_estimate_mb(), free=memory), file=sys.stderr)

    host = lan_address() if args.ip in ("0.0.0.0", "") else args.ip
    qr_dir = Path(args.qr_dir)

    def announce(port: int) -> None:
        address, link = short_address(host, port), join_url(host, port, code)
        room_page = f"{short_address('127.0.0.1', port)}/room?token={token}"
        qr = write_qr(link, qr_dir, address=address, code=code)
        record = {**asdict(plan), "url": link, "address": address, "code": code, "room_page": room_page}
        (qr_dir / "room-plan.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        local = room_url("127.0.0.1", port, token)
        print(banner(plan, address, code, local, qr, host != "127.0.0.1", room_page), flush=True)

    os.environ[ROOM_ENV] = "1"  # the kernels inherit it: pages know they serve a room (PatientDashboard)
    argv_voila = voila_argv(plan, notebook=notebook, port=args.port, ip=args.ip, token=token)
    app = build_app(plan, argv_voila, announce=announce, code=code, address=short_address(host, args.port))
    app.start()
    return 0
