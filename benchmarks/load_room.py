"""Load benchmark for `make workshop`: a room of visitors opening the patient dashboard at once.

Starts `make workshop` on a free loopback port (binding 0.0.0.0, as a room does, but every request goes
to 127.0.0.1), waits until its pool of ready pages is full, then lets ``--sessions`` visitors arrive
together (or spread over ``--ramp`` seconds). Each visitor does what the page's JavaScript does:

1. GET the dashboard with the token (Voila streams the rendered notebook; the page holds the kernel id);
2. opens the kernel websocket, asks the kernel for every widget's state (the ipywidgets "control" comm,
   ``request_states``): once that answer is in, the browser has everything it needs to draw the page;
   this moment is the **time to first render**;
3. makes ``--clicks`` widget interactions: it clicks the dashboard's section buttons ("What may help",
   "My pain diary", ...) through the widget comm, exactly as a click in the page does, and waits until
   the kernel has finished handling each one (status idle); the kernel builds that section's widgets.

While the room runs, the memory (resident set size, and proportional set size, which counts shared
pages once) of the server and all its kernels is sampled twice a second. The script prints sessions
served, errors, median and 95th percentile of the time to first render and of the click handling time,
and the peak memory. It is bounded: at most 100 sessions, a global time limit (``--timeout``), and
every server it starts is stopped at the end.

With ``--browsers N`` it also opens N real pages in one headless Chromium (one context each), after the
protocol run, to measure time to first render as a person sees it (widgets drawn).

Usage::

    make load                                    # 40 sessions, ROOM=40
    make load LOAD_ARGS="--proxy --replicas 3 --sessions 12"   # through make serve (load_proxy.py)
    .venv/bin/python benchmarks/load_room.py --sessions 40 --room 40 --clicks 3 --browsers 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import signal
import statistics
import struct
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from osteo_lib.apps.workshop import room as ws  # noqa: E402
from tests.serving import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

MAX_SESSIONS = 100


# --------------------------------------------------------------------------------------------------
# Memory of the server and its kernels


@dataclass
class MemorySample:
    rss: int = 0
    pss: int = 0
    kernels: int = 0
    kernel_rss: list[int] = field(default_factory=list)
    server_rss: int = 0


def _room_process(make_pid: int) -> psutil.Process | None:
    for child in psutil.Process(make_pid).children(recursive=True):
        try:
            if "osteo_lib.apps.workshop" in " ".join(child.cmdline()):
                return child
        except psutil.Error:
            continue
    return None


def cpu_seconds(server: psutil.Process) -> tuple[float, float]:
    """CPU time used so far by the server process and by all its kernels."""
    own = sum(server.cpu_times()[:2])
    kernels = 0.0
    for proc in server.children(recursive=True):
        try:
            kernels += sum(proc.cpu_times()[:2])
        except psutil.Error:
            continue
    return own, kernels


def measure(server: psutil.Process) -> MemorySample:
    sample = MemorySample()
    for proc in [server, *server.children(recursive=True)]:
        try:
            info = proc.memory_full_info()
            cmd = proc.cmdline()
        except psutil.Error:
            continue
        sample.rss += info.rss
        sample.pss += getattr(info, "pss", info.rss)
        if "ipykernel_launcher" in cmd:
            sample.kernels += 1
            sample.kernel_rss.append(info.rss)
        elif proc.pid == server.pid:
            sample.server_rss = info.rss
    return sample


class MemoryWatch(threading.Thread):
    """Samples memory every ``interval`` seconds; keeps the sample with the highest RSS."""

    def __init__(self, server: psutil.Process, interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.server, self.interval = server, interval
        self.peak = MemorySample()
        self.last = MemorySample()
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            s = measure(self.server)
            self.last = s
            if s.rss > self.peak.rss:
                self.peak = s
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=5)


# --------------------------------------------------------------------------------------------------
# One visitor, speaking the protocol the Voila page speaks


def _message(msg_type: str, content: dict[str, Any], session: str, channel: str = "shell") -> dict[str, Any]:
    return {
        "header": {
            "msg_id": uuid.uuid4().hex,
            "username": "visitor",
            "session": session,
            "date": time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime()),
            "msg_type": msg_type,
            "version": "5.3",
        },
        "parent_header": {},
        "metadata": {},
        "content": content,
        "channel": channel,
        "buffers": [],
    }


def _decode(raw: str | bytes) -> dict[str, Any]:
    if isinstance(raw, str):
        return dict(json.loads(raw))
    (nbufs,) = struct.unpack("!I", raw[:4])
    offsets = struct.unpack("!" + "I" * nbufs, raw[4 : 4 * (nbufs + 1)])
    end = offsets[1] if nbufs > 1 else len(raw)
    return dict(json.loads(raw[offsets[0] : end].decode("utf-8")))


@dataclass
class Visit:
    index: int
    replica: str = ""  # behind `make serve`: the process HAProxy's cookie named
    kernel_id: str = ""
    status: int = 0
    first_render: float | None = None
    html_done: float | None = None
    clicks: list[float] = field(default_factory=list)
    error: str | None = None
    full: bool = False


class Visitor:
    def __init__(
        self,
        base: str,
        token: str,
        index: int,
        sections: list[str],
        clicks: int,
        timeout: float,
        before_clicks: Any = None,
        cookies: dict[str, str] | None = None,
    ) -> None:
        self.base, self.token, self.sections, self.n_clicks, self.timeout = base, token, sections, clicks, timeout
        # before_clicks: an async callable awaited between first render and the clicks (the proxy mode kills
        # a replica there). cookies: what the browser holds (a reload keeps them), sent like a browser does.
        self.before_clicks = before_clicks
        self.cookies: dict[str, str] = dict(cookies or {})
        self.visit = Visit(index)
        self.session = uuid.uuid4().hex
        self.ws: Any = None
        self._waiters: dict[str, asyncio.Future[None]] = {}
        self._states: asyncio.Future[dict[str, Any]] | None = None
        self._errors: list[str] = []
        self.kernel_id = ""

    async def run(self) -> Visit:
        from tornado.httpclient import AsyncHTTPClient, HTTPClientError

        start = time.perf_counter()
        client = AsyncHTTPClient()
        try:
            response = await client.fetch(
                f"{self.base}?token={self.token}",
                request_timeout=self.timeout,
                connect_timeout=self.timeout,
                headers=self._cookie_header(),
            )
        except HTTPClientError as e:
            self.visit.status = e.code
            self.visit.full = e.code == 503
            self.visit.error = f"HTTP {e.code}"
            return self.visit
        self.visit.status = response.code
        self.visit.html_done = time.perf_counter() - start
        for line in response.headers.get_list("Set-Cookie"):
            name, _, rest = line.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        self.visit.replica = self.cookies.get("OSTEO_REPLICA", "")
        html = response.body.decode("utf-8", "replace")
        match = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', html)
        if not match:
            self.visit.error = "no kernel id in page"
            return self.visit
        self.kernel_id = self.visit.kernel_id = match.group(1)
        try:
            await asyncio.wait_for(self._interact(start), timeout=self.timeout)
        except TimeoutError:
            self.visit.error = "timed out"
        except Exception as e:
            self.visit.error = f"{type(e).__name__}: {e}"[:120]
        if self._errors and not self.visit.error:
            self.visit.error = self._errors[0][:120]
        return self.visit

    async def _interact(self, start: float) -> None:
        from tornado.websocket import websocket_connect

        url = (
            self.base.replace("http://", "ws://") + f"api/kernels/{self.kernel_id}/channels"
            f"?session_id={self.session}&token={self.token}"
        )
        from tornado.httpclient import HTTPRequest

        request = HTTPRequest(url, headers=self._cookie_header())
        self.ws = await websocket_connect(request, max_message_size=256 * 1024 * 1024)
        reader = asyncio.ensure_future(self._read())
        try:
            await self._request(_message("kernel_info_request", {}, self.session))
            control = uuid.uuid4().hex
            self._states = asyncio.get_running_loop().create_future()
            self._send(
                _message(
                    "comm_open", {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}}, self.session
                )
                | {"metadata": {"version": "1.0.0"}}
            )
            await self._request(
                _message("comm_msg", {"comm_id": control, "data": {"method": "request_states"}}, self.session)
            )
            states = await self._states
            self.visit.first_render = time.perf_counter() - start
            buttons = {
                s["state"].get("description"): mid for mid, s in states.items() if s.get("model_name") == "ButtonModel"
            }
            targets = [buttons[name] for name in self.sections if name in buttons]
            if self.before_clicks is not None:
                await self.before_clicks()
            if self.n_clicks and not targets:
                raise RuntimeError("no section buttons found among the widgets")
            for i in range(self.n_clicks):
                model_id = targets[(i + 1) % len(targets)]
                t0 = time.perf_counter()
                await self._request(
                    _message(
                        "comm_msg",
                        {"comm_id": model_id, "data": {"method": "custom", "content": {"event": "click"}}},
                        self.session,
                    )
                )
                self.visit.clicks.append(time.perf_counter() - t0)
        finally:
            self.ws.close()
            reader.cancel()

    def _cookie_header(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}

    def _send(self, msg: dict[str, Any]) -> str:
        self.ws.write_message(json.dumps(msg))
        return str(msg["header"]["msg_id"])

    async def _request(self, msg: dict[str, Any]) -> None:
        """Send ``msg`` and wait until the kernel reports idle for it."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters[msg["header"]["msg_id"]] = done
        self._send(msg)
        await done

    async def _read(self) -> None:
        while True:
            raw = await self.ws.read_message()
            if raw is None:
                for fut in self._waiters.values():
                    if not fut.done():
                        fut.set_exception(ConnectionError("websocket closed"))
                return
            msg = _decode(raw)
            parent = msg.get("parent_header", {}).get("msg_id", "")
            kind = msg.get("msg_type") or msg.get("header", {}).get("msg_type")
            content = msg.get("content", {})
            if kind == "error" or (
                kind == "stream" and content.get("name") == "stderr" and "Traceback" in content.get("text", "")
            ):
                self._errors.append(f"kernel {kind}: {content.get('ename', '')} {content.get('evalue', '')}")
            elif kind == "comm_msg" and content.get("data", {}).get("method") == "update_states":
                if self._states is not None and not self._states.done():
                    self._states.set_result(content["data"]["states"])
            elif kind == "status" and content.get("execution_state") == "idle" and parent in self._waiters:
                fut = self._waiters.pop(parent)
                if not fut.done():
                    fut.set_result(None)


# --------------------------------------------------------------------------------------------------
# Running the room


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def room_status(base: str, token: str) -> dict[str, int]:
    import urllib.request

    # (generous: while a room of 40 fills its pool, the server answers late)
    with urllib.request.urlopen(f"{base}room/status?token={token}", timeout=120) as r:
        return dict(json.load(r))


async def run_protocol(
    base: str, token: str, sessions: int, clicks: int, ramp: float, timeout: float, sections: list[str]
) -> list[Visit]:
    from tornado.httpclient import AsyncHTTPClient

    AsyncHTTPClient.configure(None, max_clients=MAX_SESSIONS + 10)

    async def one(i: int) -> Visit:
        if ramp:
            await asyncio.sleep(ramp * i / max(1, sessions - 1))
        return await Visitor(base, token, i, sections, clicks, timeout).run()

    return list(await asyncio.gather(*(one(i) for i in range(sessions))))


def run_browsers(base: str, token: str, count: int, timeout: float, sections: list[str]) -> list[Visit]:
    """``count`` real pages at once in one headless Chromium; time until the widgets are drawn."""
    from playwright.sync_api import sync_playwright

    visits = [Visit(i) for i in range(count)]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            contexts = [browser.new_context(viewport={"width": 1000, "height": 800}) for _ in range(count)]
            pages = [ctx.new_page() for ctx in contexts]
            consoles: list[list[str]] = [[] for _ in pages]
            for i, page in enumerate(pages):
                page.on("console", lambda msg, i=i: consoles[i].append(f"{msg.type}: {msg.text[:150]}"))
                page.on("pageerror", lambda err, i=i: consoles[i].append(f"pageerror: {str(err)[:150]}"))
            starts = []
            for page in pages:  # start every navigation before waiting for any
                starts.append(time.perf_counter())
                page.evaluate(f"() => {{ window.location.href = {json.dumps(f'{base}?token={token}')}; }}")
            first_button = sections[0] if sections else None
            for visit, page, t0 in zip(visits, pages, starts, strict=True):
                try:
                    if first_button:
                        page.get_by_role("button", name=first_button).first.wait_for(timeout=timeout * 1000)
                    else:
                        page.wait_for_selector(".jupyter-widgets", timeout=timeout * 1000)
                    visit.first_render = time.perf_counter() - t0
                    visit.status = 200
                except Exception as e:
                    visit.error = f"{type(e).__name__}"
                    shot = ROOT / "test-artifacts" / f"load-room-browser-{visit.index}.png"
                    shot.parent.mkdir(exist_ok=True)
                    page.screenshot(path=str(shot))
                    html = page.content()
                    print(
                        f"browser page {visit.index} failed at {page.url}: screenshot {shot}; page "
                        f"{len(html)} characters, spinner {'loading' in html}, console: {consoles[visit.index][-3:]}",
                        file=sys.stderr,
                    )
            for ctx in contexts:
                ctx.close()
        finally:
            browser.close()
    return visits


def section_names() -> list[str]:
    try:
        from osteo_lib.content.dashboard import load_dashboard

        return [s.name for s in load_dashboard().sections]
    except Exception:
        return []


def describe(visits: list[Visit], label: str) -> list[str]:
    served = [v for v in visits if v.first_render is not None and not v.error]
    renders = [v.first_render for v in served if v.first_render is not None]
    clicks = [c for v in served for c in v.clicks]
    errors = Counter(v.error for v in visits if v.error)
    lines = [
        f"{label}: sessions {len(visits)}, served {len(served)}, errors {sum(errors.values())}"
        + (f" ({', '.join(f'{k}: {n}' for k, n in errors.most_common())})" if errors else ""),
        f"  time to first render: median {statistics.median(renders):.2f} s, "
        f"95th percentile {percentile(renders, 0.95):.2f} s, max {max(renders):.2f} s"
        if renders
        else "  time to first render: none",
    ]
    pages = [v.html_done for v in served if v.html_done is not None]
    if pages:
        lines.append(
            f"  page received (HTML complete): median {statistics.median(pages):.2f} s, "
            f"95th percentile {percentile(pages, 0.95):.2f} s"
        )
    if clicks:
        lines.append(
            f"  widget clicks: {len(clicks)}, handled in median {statistics.median(clicks) * 1000:.0f} ms, "
            f"95th percentile {percentile(clicks, 0.95) * 1000:.0f} ms"
        )
    return lines


def _browsers_only(
    out: list[str],
    figures: dict[str, Any],
    proc: psutil.Process,
    base: str,
    token: str,
    args: argparse.Namespace,
    sections: list[str],
) -> int:
    watch = MemoryWatch(proc)
    watch.start()
    cpu_before = cpu_seconds(proc)
    t0 = time.perf_counter()
    visits = run_browsers(base, token, args.browsers, args.timeout, sections)
    wall = time.perf_counter() - t0
    cpu_after = cpu_seconds(proc)
    watch.stop()
    out += describe(
        visits, f"Chromium run ({args.browsers} pages at once, one browser, first render = section buttons drawn)"
    )
    out.append(
        f"  memory at peak (server + kernels): {watch.peak.rss / 2**30:.2f} GiB RSS, "
        f"{watch.peak.pss / 2**30:.2f} GiB PSS, {watch.peak.kernels} kernels"
    )
    out.append(
        f"  CPU used: server {cpu_after[0] - cpu_before[0]:.0f} s, kernels {cpu_after[1] - cpu_before[1]:.0f} s "
        f"(Chromium not counted) in {wall:.0f} s"
    )
    errors = sum(1 for v in visits if v.error)
    figures["browser"] = {
        "pages": args.browsers,
        "errors": errors,
        "first_render_s": sorted(v.first_render for v in visits if v.first_render),
    }
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0 if errors == 0 else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--room", type=int, default=40, help="ROOM for make workshop (default 40)")
    parser.add_argument("--cap", type=int, default=None)
    parser.add_argument("--pool", type=int, default=None)
    parser.add_argument("--clicks", type=int, default=3, help="widget clicks per session (default 3)")
    parser.add_argument("--ramp", type=float, default=0.0, help="spread arrivals over this many seconds (default 0)")
    parser.add_argument("--timeout", type=float, default=240.0, help="limit per session, seconds")
    parser.add_argument("--browsers", type=int, default=0, help="also open this many real Chromium pages")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON here")
    parser.add_argument("--proxy", action="store_true", help="through `make serve` (HAProxy): load_proxy.py")
    parser.add_argument("--replicas", type=int, default=3, help="with --proxy: dashboard processes (default 3)")
    parser.add_argument(
        "--kill-one", action=argparse.BooleanOptionalAction, default=True, help="with --proxy: kill one mid-load"
    )
    args = parser.parse_args(argv)
    # Ctrl+C or `timeout`: leave through the `with serve(...)` block, so the room it started is stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not 0 <= args.sessions <= MAX_SESSIONS or not 0 <= args.browsers <= 60 or not (args.sessions or args.browsers):
        parser.error(f"--sessions must be 0..{MAX_SESSIONS} and --browsers 0..60, not both 0")

    if args.proxy:
        from load_proxy import run_proxy

        return run_proxy(args)

    token = ws.new_token()
    make_vars = {"ROOM": str(args.room), "TOKEN": token, "QR_DIR": str(ROOT / "build" / "load-room-qr")}
    if args.cap:
        make_vars["CAP"] = str(args.cap)
    if args.pool is not None:
        make_vars["POOL"] = str(args.pool)
    sections = section_names()
    cores = os.cpu_count()
    mem_gib = psutil.virtual_memory().total / 2**30
    out: list[str] = [
        f"Machine: {cores} cores, {mem_gib:.0f} GiB RAM, {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.system()}"
    ]
    figures: dict[str, Any] = {}
    t_start = time.perf_counter()
    with serve("workshop", make_vars, timeout=180) as server:
        base = f"http://127.0.0.1:{server.url.rstrip('/').rsplit(':', 1)[1]}/"
        deadline = time.monotonic() + 180
        while (status := room_status(base, token))["pool_ready"] < status["pool_size"]:
            if time.monotonic() > deadline:
                raise TimeoutError(f"pool did not fill: {status}")
            time.sleep(0.5)
        proc = _room_process(server.process.pid)
        assert proc is not None, "workshop process not found"
        idle = measure(proc)
        out.append(
            f"Room: ROOM={args.room}, cap {status['cap']}, pool {status['pool_size']}; "
            f"idle server with full pool: {idle.rss / 2**20:.0f} MiB RSS ({idle.kernels} kernels)"
        )
        watch = MemoryWatch(proc)
        watch.start()
        if not args.sessions:  # a browsers-only room
            watch.stop()
            return_code = _browsers_only(out, figures, proc, base, token, args, sections)
            out.append(
                f"Server log: {server.count(r'Traceback|ERROR')} tracebacks/errors; "
                f"total run {time.perf_counter() - t_start:.0f} s"
            )
            print("\n".join(out))
            return return_code
        cpu_before = cpu_seconds(proc)
        client_cpu = time.process_time()
        t0 = time.perf_counter()
        visits = asyncio.run(run_protocol(base, token, args.sessions, args.clicks, args.ramp, args.timeout, sections))
        wall = time.perf_counter() - t0
        cpu_after = cpu_seconds(proc)
        client_cpu = time.process_time() - client_cpu
        time.sleep(5.0)
        cpu_settle = cpu_seconds(proc)
        watch.stop()
        after = room_status(base, token)
        peak = watch.peak
        out += describe(
            visits, f"Protocol run ({args.sessions} at once{f', ramp {args.ramp:.0f} s' if args.ramp else ''})"
        )
        per_kernel = statistics.median(peak.kernel_rss) / 2**20 if peak.kernel_rss else 0
        out.append(
            f"  memory at peak: {peak.rss / 2**30:.2f} GiB RSS, {peak.pss / 2**30:.2f} GiB PSS, "
            f"{peak.kernels} kernels (median kernel {per_kernel:.0f} MiB RSS, server {peak.server_rss / 2**20:.0f} MiB)"
        )
        out.append(
            f"  CPU used: server {cpu_after[0] - cpu_before[0]:.0f} s, kernels {cpu_after[1] - cpu_before[1]:.0f} s "
            f"and this benchmark's own client {client_cpu:.0f} s (in {wall:.0f} s on {cores} cores)"
        )
        out.append(
            f"  CPU in the 5 s after the last click: server {(cpu_settle[0] - cpu_after[0]) / 5:.0%}, "
            f"kernels {(cpu_settle[1] - cpu_after[1]) / 5:.0%} of one core"
        )
        out.append(
            f"  wall time {wall:.1f} s; turned away (room full): {after['turned_away']}; "
            f"seats in use after: {after['in_use']}"
        )
        figures["protocol"] = {
            "sessions": args.sessions,
            "served": sum(1 for v in visits if v.first_render and not v.error),
            "errors": sum(1 for v in visits if v.error),
            "first_render_s": sorted(v.first_render for v in visits if v.first_render),
            "clicks_s": sorted(c for v in visits for c in v.clicks),
            "peak_rss_bytes": peak.rss,
            "peak_pss_bytes": peak.pss,
            "peak_kernels": peak.kernels,
            "median_kernel_rss_bytes": int(statistics.median(peak.kernel_rss)) if peak.kernel_rss else 0,
            "wall_s": wall,
            "cpu_server_s": cpu_after[0] - cpu_before[0],
            "cpu_kernels_s": cpu_after[1] - cpu_before[1],
            "page_s": sorted(v.html_done for v in visits if v.html_done),
        }
        if args.browsers:
            # The protocol visitors' kernels are still seated; a browser needs seats too.
            need = after["in_use"] + args.browsers - after["cap"]
            if need > 0:
                out.append(f"Browser run skipped: {need} more seats needed than CAP allows")
            else:
                watch = MemoryWatch(proc)
                watch.start()
                bvisits = run_browsers(base, token, args.browsers, args.timeout, sections)
                watch.stop()
                out += describe(
                    bvisits,
                    f"Chromium run ({args.browsers} pages at once, one browser, first render = section buttons drawn)",
                )
                out.append(
                    f"  memory at peak (server + kernels): {watch.peak.rss / 2**30:.2f} GiB RSS, "
                    f"{watch.peak.kernels} kernels"
                )
                figures["browser"] = {
                    "pages": args.browsers,
                    "first_render_s": sorted(v.first_render for v in bvisits if v.first_render),
                    "errors": sum(1 for v in bvisits if v.error),
                }
        log_errors = server.count(r"Traceback|ERROR")
        out.append(f"Server log: {log_errors} tracebacks/errors; total run {time.perf_counter() - t_start:.0f} s")
    print("\n".join(out))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0 if figures["protocol"]["errors"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
