"""Seats of a room: how long joining takes, how soon a seat is free again, and what each seat costs in memory.

For `make workshop` (run twice: with the default LEFT and with a short one), a room of 3
(ROOM=3 CAP=3 POOL=3) on a free loopback port, and 3 visitors on phone-sized pages in one headless Chromium:

1. **join**: the three open the QR code's link (the link in room-plan.json, on 127.0.0.1) at once; the time
   from starting a page's navigation until the dashboard's first section button is drawn;
2. **memory**: the proportional set size (PSS: shared pages counted once, split among the processes
   sharing them) of each visitor's kernel and of the room's server process, from psutil's memory_full_info;
3. **seat release**: the three browser contexts are closed without goodbye (their "I am leaving" request
   is aborted: as when a phone leaves the network or its browser is killed), and the time until
   /room/status shows each seat free is taken; then the three join again and close their tabs normally.

For `make classroom` (JupyterHub, `python -m osteo_lib.apps.classroom --room 3`): three students open the
QR code's link (the hub's login page), type a name and the room code, and the time until their JupyterLab
shows a notebook is taken; then the PSS of each student's processes (their single-user server and kernel)
and of what they share (hub, proxy, idle culler).

Baselines printed in the same run, so figures read as ratios: a bare Python interpreter (the project's
Python, nothing imported), the room's server while idle with its pool full, and a ready page's kernel that
nobody has opened yet.

Nothing is asserted about time; the machine's load average is printed next to the figures. Every server
started is stopped at the end (Ctrl+C included).

Usage::

    make bench-room
    .venv/bin/python benchmarks/room_seats.py [--short-left 5] [--no-classroom] [--json build/room_seats.json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from load_room import _room_process, room_status, section_names  # noqa: E402

from osteo_lib.apps.workshop import room as ws  # noqa: E402
from osteo_lib.apps.workshop.join import new_code  # noqa: E402
from osteo_lib.apps.workshop.room import DEFAULT_LEFT_SECONDS  # noqa: E402
from tests.serving import chromium, serve  # noqa: E402

VISITORS = 3
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
MIB = 2**20


# --------------------------------------------------------------------------------------------------
# Memory


def pss(proc: psutil.Process) -> int:
    """Proportional set size of one process, in bytes (0 if it has gone)."""
    try:
        info = proc.memory_full_info()
    except psutil.Error:
        return 0
    return int(getattr(info, "pss", info.rss))


def bare_python_pss() -> int:
    """PSS of this project's Python doing nothing (as ``python -c pass``, but waiting on stdin to be measured)."""
    proc = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        time.sleep(1.0)
        return pss(psutil.Process(proc.pid))
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=10)


def kernels_by_id(server: psutil.Process) -> dict[str, psutil.Process]:
    """The room's kernel processes by kernel id (from their connection file names)."""
    found = {}
    for proc in server.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            cmd = " ".join(proc.cmdline())
            if "ipykernel_launcher" in cmd and (m := re.search(r"kernel-([0-9a-f-]{36})\.json", cmd)):
                found[m.group(1)] = proc
    return found


def mib(value: float) -> str:
    return f"{value / MIB:.0f} MiB"


# --------------------------------------------------------------------------------------------------
# Small helpers


def wait_for(check: Callable[[], bool], timeout: float, what: str, interval: float = 0.1) -> float:
    """Call ``check`` until it is true; return the seconds that took (raise after ``timeout``)."""
    t0 = time.perf_counter()
    while not check():
        if time.perf_counter() - t0 > timeout:
            raise TimeoutError(f"{what} did not happen within {timeout:.0f} s")
        time.sleep(interval)
    return time.perf_counter() - t0


def spread(values: list[float]) -> str:
    if not values:
        return "none"
    return (
        f"median {statistics.median(values):.1f} s, max {max(values):.1f} s "
        f"(n={len(values)}: {', '.join(f'{v:.1f}' for v in sorted(values))})"
    )


# --------------------------------------------------------------------------------------------------
# make workshop


def join_at_once(browser: Any, link: str, button: str, timeout: float) -> tuple[list[Any], list[Any], list[float]]:
    """Three phones open ``link`` at once; wait until each draws ``button``. Returns contexts, pages, seconds."""
    contexts = [browser.new_context(**PHONE) for _ in range(VISITORS)]
    pages = [ctx.new_page() for ctx in contexts]
    starts = []
    for page in pages:  # every navigation starts before any is waited on
        starts.append(time.perf_counter())
        page.goto(link, wait_until="commit", timeout=timeout * 1000)
    seconds = []
    for page, t0 in zip(pages, starts, strict=True):
        page.get_by_role("button", name=button).first.wait_for(timeout=timeout * 1000)
        seconds.append(time.perf_counter() - t0)
    return contexts, pages, seconds


def release_times(base: str, token: str, leave: Callable[[], None], timeout: float) -> list[float]:
    """Call ``leave`` (the visitors go) and time how long until /room/status shows each seat free."""
    in_use = room_status(base, token)["in_use"]
    t0 = time.perf_counter()
    leave()
    freed: list[float] = []
    while len(freed) < in_use:
        now = room_status(base, token)["in_use"]
        elapsed = time.perf_counter() - t0
        freed += [elapsed] * (in_use - now - len(freed))
        if elapsed > timeout:
            raise TimeoutError(f"seats still in use {timeout:.0f} s after the visitors left: {now}")
        time.sleep(0.1)
    return freed


def page_kernel_id(page: Any) -> str:
    return str(page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"))


def workshop_round(browser: Any, left: float | None, timeout: float) -> dict[str, Any]:
    token, code = ws.new_token(), new_code()
    button = section_names()[0]
    figures: dict[str, Any] = {"left_seconds": left or DEFAULT_LEFT_SECONDS}
    with tempfile.TemporaryDirectory(prefix="room-seats-") as qr_dir:
        make_vars = {"ROOM": "3", "CAP": "3", "POOL": "3", "TOKEN": token, "CODE": code, "QR_DIR": qr_dir}
        if left is not None:
            make_vars["LEFT"] = f"{left:g}"
        with serve("workshop", make_vars, timeout=180) as server:
            base = server.url

            def pool_full() -> bool:
                s = room_status(base, token)
                return bool(s["pool_ready"] >= s["pool_size"] and s["in_use"] == 0)

            figures["ready_s"] = wait_for(pool_full, 240, "the pool filling")
            status = room_status(base, token)
            figures["left_seconds"] = status["left_seconds"]
            room = _room_process(server.process.pid)
            assert room is not None, "workshop process not found"
            time.sleep(2.0)  # let the server settle after filling its pool
            figures["idle_server_pss"] = pss(room)
            figures["ready_kernel_pss"] = [pss(p) for p in kernels_by_id(room).values()]
            link = json.loads((Path(qr_dir) / "room-plan.json").read_text())["url"]
            link = link.replace(link.split("/")[2].split(":")[0], "127.0.0.1", 1)

            joins: list[float] = []
            # 1. Join, then leave without goodbye (browser contexts closed, their shutdown request aborted).
            contexts, pages, seconds = join_at_once(browser, link, button, timeout)
            joins += seconds
            kernel_ids = [page_kernel_id(page) for page in pages]
            figures["distinct_kernels"] = len(set(kernel_ids))
            figures["in_use_after_join"] = room_status(base, token)["in_use"]
            time.sleep(2.0)
            kernels = kernels_by_id(room)
            figures["visitor_kernel_pss"] = [pss(kernels[k]) for k in kernel_ids if k in kernels]
            figures["busy_server_pss"] = pss(room)
            for ctx in contexts:
                ctx.route("**/api/shutdown/**", lambda route: route.abort())

            def close_contexts() -> None:
                for ctx in contexts:
                    ctx.close()

            figures["release_abrupt_s"] = release_times(base, token, close_contexts, timeout)

            # 2. Join again (from a full pool), then close the tabs normally (the page says goodbye).
            wait_for(pool_full, 240, "the pool filling again")
            contexts, pages, seconds = join_at_once(browser, link, button, timeout)
            joins += seconds

            def close_tabs() -> None:
                for page in pages:
                    page.close(run_before_unload=True)

            figures["release_tab_closed_s"] = release_times(base, token, close_tabs, timeout)
            for ctx in contexts:
                ctx.close()
            figures["join_s"] = joins
            figures["log_tracebacks"] = server.count(r"Traceback")
    return figures


def describe_workshop(f: dict[str, Any]) -> list[str]:
    kernels = f["visitor_kernel_pss"]
    return [
        f"make workshop ROOM=3 CAP=3 POOL=3 LEFT={f['left_seconds']:g} "
        f"(pool of 3 ready {f['ready_s']:.0f} s after the server answered)",
        f"  join by the QR link, 3 phones at once, until the first section button is drawn: {spread(f['join_s'])}",
        f"  distinct kernels {f['distinct_kernels']}, seats in use after joining {f['in_use_after_join']}",
        f"  seat free on /room/status after the browser went without goodbye: {spread(f['release_abrupt_s'])}",
        f"  seat free on /room/status after the tab was closed normally: {spread(f['release_tab_closed_s'])}",
        f"  PSS per visitor kernel: median {mib(statistics.median(kernels))}, max {mib(max(kernels))}; "
        f"server with 3 visitors {mib(f['busy_server_pss'])} (idle with its pool full: "
        f"{mib(f['idle_server_pss'])}); a ready page's kernel nobody opened: "
        f"median {mib(statistics.median(f['ready_kernel_pss']))}",
        f"  server log: {f['log_tracebacks']} tracebacks",
    ]


# --------------------------------------------------------------------------------------------------
# make classroom


def classroom_round(browser: Any, timeout: float) -> dict[str, Any]:
    from tests.hub.harness import classroom_launcher, processes_in

    names = {"Ana Silva": "ana-silva", "Ben Okoro": "ben-okoro", "Cai Lin": "cai-lin"}
    code = new_code()
    figures: dict[str, Any] = {}
    with (
        tempfile.TemporaryDirectory(prefix="room-seats-class-") as tmp_name,
        classroom_launcher(Path(tmp_name), code, timeout=600) as run,
    ):
        launcher, port, record = run.proc, run.port, run.record
        figures["ready_s"] = run.ready_seconds
        homes = Path(record["homes"])
        login = f"http://127.0.0.1:{port}/hub/login"  # the QR code's link, reached on loopback
        assert record["login"].endswith(f":{port}/hub/login"), record["login"]
        hub = psutil.Process(launcher.pid)
        time.sleep(2.0)
        figures["idle_shared_pss"] = sum(pss(p) for p in hub.children(recursive=True))

        contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in names]
        pages = [ctx.new_page() for ctx in contexts]
        starts = []
        for page, typed in zip(pages, names, strict=True):
            starts.append(time.perf_counter())
            page.goto(login, timeout=timeout * 1000)
            page.fill("#username_input", typed)
            page.fill("#password_input", code.lower())
        for page in pages:  # every student presses "Sign in" before any is waited on
            page.click("#login_submit", no_wait_after=True)
        joins = []
        for page, t0 in zip(pages, starts, strict=True):
            page.wait_for_selector(".jp-Notebook", timeout=timeout * 1000)
            joins.append(time.perf_counter() - t0)
        figures["join_s"] = joins
        # The notebook JupyterLab opened has started its kernel; give it a moment to import.
        time.sleep(5.0)
        per_student: dict[str, dict[str, int]] = {}
        for user in names.values():
            server_pss = kernel_pss = 0
            for pid, cmd in processes_in(homes / user).items():
                with contextlib.suppress(psutil.Error):
                    size = pss(psutil.Process(pid))
                    if "ipykernel" in cmd:
                        kernel_pss += size
                    else:
                        server_pss += size
            per_student[user] = {"server": server_pss, "kernel": kernel_pss}
        figures["student_pss"] = per_student
        students = {pid for user in names.values() for pid in processes_in(homes / user)}
        figures["shared_pss"] = sum(pss(p) for p in hub.children(recursive=True) if p.pid not in students)
        for ctx in contexts:
            ctx.close()
    return figures


def describe_classroom(f: dict[str, Any]) -> list[str]:
    totals = [s["server"] + s["kernel"] for s in f["student_pss"].values()]
    servers = [s["server"] for s in f["student_pss"].values()]
    kernels = [s["kernel"] for s in f["student_pss"].values()]
    return [
        f"make classroom --room 3 (student version built and hub ready in {f['ready_s']:.0f} s)",
        f"  join by the QR link (login page, name and code typed, 3 at once) until JupyterLab shows the notebook: "
        f"{spread(f['join_s'])}",
        f"  PSS per student (single-user server + kernel): median {mib(statistics.median(totals))}, "
        f"max {mib(max(totals))} (server median {mib(statistics.median(servers))}, "
        f"kernel median {mib(statistics.median(kernels))})",
        f"  shared (hub, proxy, idle culler): {mib(f['shared_pss'])} with 3 students, "
        f"{mib(f['idle_shared_pss'])} before anyone joined",
    ]


# --------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short-left", type=float, default=5.0, help="the short LEFT, seconds (default 5)")
    parser.add_argument("--no-classroom", action="store_true", help="measure `make workshop` only")
    parser.add_argument("--timeout", type=float, default=300.0, help="limit per wait, seconds (default 300)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    # Ctrl+C or `timeout`: leave through the `with` blocks, so every server started is stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    load = os.getloadavg()
    out = [
        f"Machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB RAM, "
        f"{platform.python_implementation()} {platform.python_version()}; "
        f"load average at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
    ]
    figures: dict[str, Any] = {"bare_python_pss": bare_python_pss()}
    bare = mib(figures["bare_python_pss"])
    out.append(f"Baseline: a bare Python process (python -c, nothing imported but site): {bare} PSS")
    with chromium() as browser:
        for name, left in (("workshop_default_left", None), ("workshop_short_left", args.short_left)):
            figures[name] = workshop_round(browser, left, args.timeout)
            out += describe_workshop(figures[name])
        if not args.no_classroom:
            figures["classroom"] = classroom_round(browser, args.timeout)
            out += describe_classroom(figures["classroom"])
    load = os.getloadavg()
    out.append(f"Load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print("\n".join(out))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
