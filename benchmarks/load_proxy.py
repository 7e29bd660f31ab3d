"""The load benchmark through `make serve` (``load_room.py --proxy``): visitors reach the dashboard through
HAProxy and several dashboard processes, each visitor with its own cookies, as a browser has.

Two runs, each with ``--sessions`` visitors arriving together (or over ``--ramp`` seconds), each visitor doing
what the page does (``load_room.Visitor``: the page, the kernel websocket, the widgets' state, then
``--clicks`` section clicks), every request carrying the cookies the visitor was given:

1. **all replicas up**: errors, time to first render and click handling (median, 95th percentile), and how
   the visitors were spread over the processes;
2. **one replica killed mid-load** (``--kill-one``, the default): once every visitor has its first render,
   the process holding the most visitors is killed (SIGKILL), then everyone clicks. Printed: how many
   visitors were on it, the errors of everyone else (expected: 0), whether each of its visitors' pages
   would show the "stopped" notice (its kernel API answers 404 through HAProxy, the check the page makes),
   and whether a reload (the same cookies, a new page) gives each of them a working page (first render
   and clicks).

Usage::

    make load LOAD_ARGS="--proxy --replicas 3 --sessions 12 [--pool 4] [--no-kill-one]"
    .venv/bin/python benchmarks/load_room.py --proxy --replicas 3 --sessions 12 --clicks 3
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import signal
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from load_room import MAX_SESSIONS, Visit, Visitor, describe, section_names  # noqa: E402

from tests.serving import Server, serve  # noqa: E402

__all__ = ["run_proxy"]


def _wait_for_pools(server: Server, replicas: int, pool: int, timeout: float) -> None:
    """Wait until every process reports its pool of ``pool`` pre-rendered pages full (logs in build/serve/)."""
    logs = [ROOT / "build" / "serve" / f"replica{i}-{server.port + i}.log" for i in range(1, replicas + 1)]
    full = re.compile(rf"Kernel pool of .+ is filled with {pool} kernel")
    deadline = time.monotonic() + timeout
    while not all(log.is_file() and full.search(log.read_text(errors="replace")) for log in logs):
        if time.monotonic() > deadline:
            raise TimeoutError(f"the pools did not fill: {logs}")
        time.sleep(0.5)


async def _visitors(base: str, args: argparse.Namespace, sections: list[str], gate: Any = None) -> list[Visitor]:
    from tornado.httpclient import AsyncHTTPClient

    AsyncHTTPClient.configure(None, max_clients=MAX_SESSIONS + 10)
    visitors = [
        Visitor(base, "", i, sections, args.clicks, args.timeout, before_clicks=gate) for i in range(args.sessions)
    ]

    async def one(i: int) -> None:
        if args.ramp:
            await asyncio.sleep(args.ramp * i / max(1, args.sessions - 1))
        await visitors[i].run()

    await asyncio.gather(*(one(i) for i in range(args.sessions)))
    return visitors


def _spread(visits: list[Visit]) -> str:
    counts = Counter(v.replica or "?" for v in visits)
    return ", ".join(f"{name} {n}" for name, n in sorted(counts.items()))


async def _kill_run(server: Server, base: str, args: argparse.Namespace, sections: list[str]) -> dict[str, Any]:
    """Everyone renders; the busiest replica is killed; everyone clicks; its visitors reload."""
    from tornado.httpclient import AsyncHTTPClient, HTTPClientError

    killed = asyncio.Event()
    chosen: dict[str, Any] = {}
    visitors: list[Visitor] = []

    async def gate() -> None:
        await killed.wait()

    async def killer() -> None:
        deadline = time.monotonic() + args.timeout
        # Wait until every visitor has its first render (or failed before it).
        while not all(v.visit.first_render is not None or v.visit.error for v in visitors):
            if time.monotonic() > deadline:
                break
            await asyncio.sleep(0.2)
        counts = Counter(v.visit.replica for v in visitors if v.visit.first_render is not None)
        name = counts.most_common(1)[0][0]
        port = server.port + int(name.removeprefix("replica"))
        os.kill(server.replica_pid(port), signal.SIGKILL)
        chosen.update(name=name, port=port, at=time.perf_counter())
        await asyncio.sleep(1.0)  # the websockets to it close
        killed.set()

    AsyncHTTPClient.configure(None, max_clients=MAX_SESSIONS + 10)
    visitors = [
        Visitor(base, "", i, sections, args.clicks, args.timeout, before_clicks=gate) for i in range(args.sessions)
    ]
    await asyncio.gather(killer(), *(v.run() for v in visitors))
    on_killed = [v for v in visitors if v.visit.replica == chosen["name"]]
    others = [v for v in visitors if v.visit.replica != chosen["name"]]

    # The page's own check: GET api/kernels/<id> with its cookies. 404 means the notice shows.
    client = AsyncHTTPClient()
    notices = 0
    for v in on_killed:
        try:
            await client.fetch(f"{base}api/kernels/{v.kernel_id}", headers=v._cookie_header(), request_timeout=30)
        except HTTPClientError as e:
            notices += e.code == 404
    # "Load the page again": a new page with the same cookies.
    reloads = [
        Visitor(base, "", v.visit.index, sections, args.clicks, args.timeout, cookies=v.cookies) for v in on_killed
    ]
    await asyncio.gather(*(r.run() for r in reloads))
    return {
        "killed": chosen,
        "on_killed": on_killed,
        "others": others,
        "notices": notices,
        "reloads": [r.visit for r in reloads],
    }


def run_proxy(args: argparse.Namespace) -> int:
    """``load_room.py --proxy``: both runs through `make serve REPLICAS=<--replicas>`; prints the figures."""
    sections = section_names()
    out = [
        f"Machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB RAM, "
        f"{platform.python_implementation()} {platform.python_version()}, {platform.system()}; "
        f"load average before: {os.getloadavg()[0]:.1f}",
    ]
    figures: dict[str, Any] = {"replicas": args.replicas}
    extra = {"REPLICAS": str(args.replicas)}
    if args.pool is not None:  # pages rendered ahead, per process (voila.json: 1)
        extra["VOILA_ARGS"] = f"--VoilaConfiguration.default_pool_size={args.pool}"
    t_start = time.perf_counter()
    with serve("serve", extra, timeout=240, ports=args.replicas + 2) as server:
        base = server.url
        pool = args.pool if args.pool is not None else 1
        out.append(
            f"make serve REPLICAS={args.replicas}, {pool} page(s) rendered ahead per process (HAProxy on {base})"
        )
        _wait_for_pools(server, args.replicas, pool, args.timeout)
        t0 = time.perf_counter()
        visits = [v.visit for v in asyncio.run(_visitors(base, args, sections))]
        out += describe(visits, f"All replicas up ({args.sessions} visitors at once, {time.perf_counter() - t0:.0f} s)")
        out.append(f"  visitors per replica: {_spread(visits)}")
        figures["up"] = {
            "errors": sum(1 for v in visits if v.error),
            "first_render_s": sorted(v.first_render for v in visits if v.first_render),
            "clicks_s": sorted(c for v in visits for c in v.clicks),
        }
        errors = figures["up"]["errors"]
        if args.kill_one:
            result = asyncio.run(_kill_run(server, base, args, sections))
            on_killed = [v.visit for v in result["on_killed"]]
            others = [v.visit for v in result["others"]]
            reloads = result["reloads"]
            name, port = result["killed"]["name"], result["killed"]["port"]
            out.append(
                f"One replica killed mid-load ({args.sessions} visitors rendered, then {name} on port {port} "
                f"got SIGKILL, then everyone clicked): {len(on_killed)} visitors were on it"
            )
            out += ["  " + line for line in describe(others, f"the other {len(others)} visitors")]
            lost = Counter(v.error or "no error" for v in on_killed)
            out.append(f"  its {len(on_killed)} visitors: {', '.join(f'{k}: {n}' for k, n in lost.items())}")
            out.append(
                f"  their pages would show the stopped notice (kernel 404): {result['notices']}/{len(on_killed)}"
            )
            out += ["  " + line for line in describe(reloads, f"their reloads ({_spread(reloads)})")]
            errors += sum(1 for v in others if v.error) + sum(1 for v in reloads if v.error)
            figures["kill"] = {
                "replica": name,
                "on_killed": len(on_killed),
                "other_errors": sum(1 for v in others if v.error),
                "notices": result["notices"],
                "reload_errors": sum(1 for v in reloads if v.error),
                "other_clicks_s": sorted(c for v in others for c in v.clicks),
            }
        deaths, restarts = server.count(r"stopped \(killed by signal"), server.count(r"is starting again")
        out.append(
            f"Launcher: {deaths} replica death(s) reported, {restarts} restart(s); "
            f"total run {time.perf_counter() - t_start:.0f} s; load average after: {os.getloadavg()[0]:.1f}"
        )
    print("\n".join(out))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 1 if errors else 0
