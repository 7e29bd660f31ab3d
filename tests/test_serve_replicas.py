"""`make serve REPLICAS=3` end to end, without a browser: three dashboard processes behind HAProxy on free
loopback ports. The page, its kernel API and its kernel websocket all reach the process that holds the
page's kernel (the sticky cookie decides, not luck); the processes compress, HAProxy passes it through;
the health route starts no kernel; and the launcher's settings file is the one HAProxy accepted.
"""

from __future__ import annotations

import asyncio
import gzip
import http.cookiejar
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from osteo_lib.apps.replicas import COOKIE
from tests.markup import soup
from tests.serving import Server, run_coroutine, serve

REPLICAS = 3


@dataclass
class Farm:
    server: Server

    @property
    def port(self) -> int:
        return self.server.port

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def replica_ports(self) -> dict[str, int]:
        return {f"replica{i + 1}": self.port + 1 + i for i in range(REPLICAS)}

    def stats(self) -> dict[str, str]:
        """HAProxy's view: the status (UP, DOWN, ...) of each replica."""
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port + REPLICAS + 1}/stats;csv", timeout=10) as r:
            rows = r.read().decode().splitlines()
        header = rows[0].lstrip("# ").split(",")
        found = {}
        for row in rows[1:]:
            cells = dict(zip(header, row.split(","), strict=False))
            if cells.get("pxname") == "replicas" and cells.get("svname", "").startswith("replica"):
                found[cells["svname"]] = cells["status"]
        return found

    def owners(self, kernel_id: str) -> list[str]:
        """The replicas whose own kernel API (on their internal port) knows ``kernel_id``."""
        found = []
        for name, port in self.replica_ports().items():
            status = 200
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/kernels/{kernel_id}", timeout=10):
                    pass
            except urllib.error.HTTPError as e:
                status = e.code
            assert status in (200, 404), (name, status)
            if status == 200:
                found.append(name)
        return found


@pytest.fixture(scope="module")
def farm() -> Iterator[Farm]:
    with serve("serve", {"REPLICAS": str(REPLICAS)}, timeout=240, ports=REPLICAS + 2) as server:
        farm = Farm(server)
        deadline = time.monotonic() + 60
        while set(farm.stats().values()) != {"UP"}:
            assert time.monotonic() < deadline, farm.stats()
            time.sleep(0.5)
        yield farm


def open_page(farm: Farm) -> tuple[http.cookiejar.CookieJar, str, str]:
    """GET the dashboard as a browser would (with a cookie jar): (jar, kernel id, the page's HTML)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(farm.url(), timeout=180) as r:
        html = r.read().decode("utf-8", "replace")
    match = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', html)
    assert match, html[-2000:]
    return jar, match.group(1), html


def cookie(jar: http.cookiejar.CookieJar, name: str) -> str | None:
    return next((c.value for c in jar if c.name == name), None)


async def kernel_info(farm: Farm, kernel_id: str, cookie_header: str) -> dict[str, Any]:
    """Open the page's kernel websocket through HAProxy with ``cookie_header``; ask for kernel_info."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    session = uuid.uuid4().hex
    request = HTTPRequest(
        farm.url(f"api/kernels/{kernel_id}/channels?session_id={session}").replace("http://", "ws://"),
        headers={"Cookie": cookie_header},
        request_timeout=60,
    )
    ws = await websocket_connect(request)
    try:
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "username": "t", "session": session, "msg_type": "kernel_info_request"}
        ws.write_message(
            json.dumps(
                {"header": header | {"version": "5.3"}, "parent_header": {}, "metadata": {}, "content": {}}
                | {"channel": "shell", "buffers": []}
            )
        )
        while True:
            raw = await asyncio.wait_for(ws.read_message(), timeout=60)
            assert raw is not None, "the websocket closed"
            msg = json.loads(raw) if isinstance(raw, str) else {}
            if msg.get("msg_type") == "kernel_info_reply" and msg["parent_header"].get("msg_id") == msg_id:
                return dict(msg["content"])
    finally:
        ws.close()


def test_the_generated_settings_passed_haproxy_check_and_name_every_replica(farm: Farm) -> None:
    config = (farm.server.log.parent / f"serve-{farm.port}" / f"haproxy-{farm.port}.cfg").read_text()
    for name, port in farm.replica_ports().items():
        assert f"server {name} 127.0.0.1:{port} cookie {name} check" in config
    assert farm.stats() == dict.fromkeys(farm.replica_ports(), "UP")
    assert f"Serving the patient dashboard from {REPLICAS} processes behind HAProxy" in farm.server.log_text()


def test_health_route_answers_through_the_proxy_and_starts_no_kernel(farm: Farm) -> None:
    def kernels() -> int:
        total = 0
        for port in farm.replica_ports().values():
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as r:
                assert r.headers["Cache-Control"] == "no-store"
                total += json.load(r)["kernels"]
        return total

    before = kernels()
    for _ in range(5):
        with urllib.request.urlopen(farm.url("healthz"), timeout=10) as r:
            assert r.status == 200 and json.load(r)["status"] == "ok"
    assert kernels() == before


def test_a_page_its_kernel_api_and_its_websocket_stay_on_one_replica(farm: Farm) -> None:
    jar, kernel_id, _ = open_page(farm)
    replica = cookie(jar, COOKIE)
    assert replica in farm.replica_ports(), list(jar)
    # Exactly one process holds the kernel: the one the cookie names.
    assert farm.owners(kernel_id) == [replica]
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    for _ in range(6):  # every request with the cookie reaches it (without the cookie, 2 in 3 would not)
        with opener.open(farm.url(f"api/kernels/{kernel_id}"), timeout=10) as r:
            assert json.load(r)["id"] == kernel_id
    # The websocket, with the page's cookies, reaches the kernel and the kernel answers.
    cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
    assert run_coroutine(kernel_info(farm, kernel_id, cookies))["status"] == "ok"
    # Naming another replica in the cookie sends the websocket there, where no such kernel exists.
    other = next(name for name in farm.replica_ports() if name != replica)
    with pytest.raises(Exception, match="404"):
        run_coroutine(kernel_info(farm, kernel_id, f"{COOKIE}={other}"))


def test_new_visitors_are_spread_over_the_replicas(farm: Farm) -> None:
    seen = {cookie(open_page(farm)[0], COOKIE) for _ in range(REPLICAS)}
    assert len(seen) >= 2, seen


def test_compression_comes_from_the_replicas_and_passes_through(farm: Farm) -> None:
    _, _, html = open_page(farm)
    # (the osteo template lists the scripts its own script loads in #ow-scripts; voila.js comes last)
    scripts = json.loads(soup(html).select_one("script#ow-scripts").get_text())
    script = urllib.parse.urlsplit(scripts[-1])
    assert script.path.endswith("/voila/static/voila.js"), scripts
    path = script.path.lstrip("/") + (f"?{script.query}" if script.query else "")
    request = urllib.request.Request(farm.url(path), headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as r:
        body = r.read()
        assert r.headers["Content-Encoding"] == "gzip"
    assert len(gzip.decompress(body)) > len(body)
