"""Compression and cache headers of the served dashboard, `make dashboard` and `make workshop` (each started
on a free port by tests/serving.py), read over plain HTTP.

* Asked with ``Accept-Encoding: gzip``, the page (HTML), the scripts, the stylesheets, a JSON file and an
  SVG come gzip-compressed, and decompress to exactly what is served uncompressed; asked without it, they
  come as they are.
* The page is never cached (``no-store``); versioned static URLs (``?v=`` or a hashed file name) are kept
  a year (``immutable``); the others are revalidated (``no-cache``), and an unchanged one costs a 304
  without a body.
* The server's log holds no "Notebook ... is not trusted" line (Jupyter's contents manager logged one per
  page rendered; `make workshop` printed ~30 of them under its link and QR code).
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from osteo_lib.apps.workshop import new_token
from tests.markup import soup
from tests.serving import Server, run_coroutine, serve

GZIP = {"Accept-Encoding": "gzip"}


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes  # as it came over the wire

    def header(self, name: str) -> str:
        return self.headers.get(name, "")

    @property
    def content(self) -> bytes:
        return gzip.decompress(self.body) if self.header("Content-Encoding") == "gzip" else self.body


def get(server: Server, path: str, headers: dict[str, str] | None = None) -> Reply:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return Reply(response.status, response.headers, response.read())
    finally:
        conn.close()


def _loaded_later(doc: Any) -> list[str]:
    """The scripts the page's own script loads after the first paint (the osteo template's #ow-scripts)."""
    node = doc.select_one("script#ow-scripts")
    return list(json.loads(node.get_text())) if node is not None else []


@dataclass
class Page:
    server: Server
    html: str
    query: str  # what every request to the server carries ("" or "?token=...")

    def assets(self) -> dict[str, list[str]]:
        """The page's own URLs (path and query): stylesheets, scripts, and the widget bundles it loads."""
        doc = soup(self.html)
        config = json.loads(doc.select_one("#jupyter-config-data").get_text())
        bundles = [
            f"{config['fullLabextensionsUrl']}/{ext['name']}/{ext['load']}" for ext in config["federated_extensions"]
        ]
        return {
            "css": [link["href"] for link in doc.select('link[rel="stylesheet"][href]')],
            "js": [script["src"] for script in doc.select("script[src]")] + _loaded_later(doc) + bundles,
        }

    def get(self, url: str, headers: dict[str, str] | None = None) -> Reply:
        parts = urlsplit(url)
        query = "&".join(q for q in (parts.query, self.query.lstrip("?")) if q)
        return get(self.server, parts.path + (f"?{query}" if query else ""), headers)


@pytest.fixture(scope="module")
def dashboard() -> Iterator[Page]:
    with serve("dashboard") as server:
        yield Page(server, "", "")


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    token = new_token()
    extra = {"ROOM": "2", "CAP": "3", "POOL": "1", "TOKEN": token, "QR_DIR": str(tmp_path_factory.mktemp("qr"))}
    with serve("workshop", extra, timeout=180) as server:
        yield Page(server, "", f"?token={token}")


@pytest.fixture(params=["dashboard", "workshop"], scope="module")
def page(request: pytest.FixtureRequest) -> Page:
    """The dashboard's page as each server sends it (gzip asked), with its server."""
    served: Page = request.getfixturevalue(request.param)
    reply = served.get("/", GZIP)
    assert reply.status == 200
    assert reply.header("Content-Encoding") == "gzip"
    served.html = reply.content.decode("utf-8")
    assert "jupyter-config-data" in served.html
    # The page: compressed, never stored.
    assert "no-store" in reply.header("Cache-Control") and "no-cache" in reply.header("Cache-Control")
    assert "Accept-Encoding" in reply.header("Vary")
    return served


def test_the_log_has_no_trust_warning(page: Page) -> None:
    # By now the notebook has been read for the pool, for this page and for the pool's refill.
    page.server.wait_for_log("Kernel started", count=2)
    log = page.server.log_text()
    assert "patient_dashboard.ipynb" in log
    assert "is not trusted" not in log, [line for line in log.splitlines() if "trusted" in line]


def test_the_page_is_compressed_and_never_cached(page: Page) -> None:
    assert page.html.lstrip().lower().startswith("<!doctype html")  # the fixture checked the headers


def test_the_page_uncompressed_when_not_asked(page: Page) -> None:
    reply = page.get("/")
    assert reply.status == 200 and reply.header("Content-Encoding") == ""
    assert "no-store" in reply.header("Cache-Control")
    assert b"jupyter-config-data" in reply.body


def test_scripts_and_stylesheets_are_compressed(page: Page) -> None:
    assets = page.assets()
    assert assets["css"] and len(assets["js"]) >= 4, assets
    for kind, urls in assets.items():
        for url in urls:
            zipped, plain = page.get(url, GZIP), page.get(url)
            assert zipped.status == plain.status == 200, url
            assert zipped.header("Content-Encoding") == "gzip", url
            assert plain.header("Content-Encoding") == "", url
            assert zipped.content == plain.body, url
            assert len(zipped.body) < len(plain.body), url
            assert zipped.header("Content-Type").startswith("text/" + ("css" if kind == "css" else "javascript")), url


def test_versioned_urls_are_immutable_and_the_rest_revalidated(page: Page) -> None:
    assets = page.assets()
    seen = {"immutable": 0, "revalidated": 0}
    for url in assets["css"] + assets["js"]:
        reply = page.get(url, GZIP)
        name, query = urlsplit(url).path.rsplit("/", 1)[-1], urlsplit(url).query
        if "v=" in query or name.startswith("remoteEntry."):
            assert reply.header("Cache-Control") == "max-age=31536000, immutable", url
            seen["immutable"] += 1
        else:
            assert reply.header("Cache-Control") == "no-cache", url
            seen["revalidated"] += 1
    # The template's CSS and scripts carry ?v=, the widget bundles a hashed name; Voila's voila.js neither.
    assert seen["immutable"] >= 5 and seen["revalidated"] >= 1, seen


def test_an_unchanged_revalidated_file_costs_a_304_without_body(page: Page) -> None:
    voila_js = next(url for url in page.assets()["js"] if url.endswith("/voila/static/voila.js"))
    first = page.get(voila_js, GZIP)
    assert first.header("Cache-Control") == "no-cache" and first.header("Etag"), first.headers
    again = page.get(voila_js, {**GZIP, "If-None-Match": first.header("Etag")})
    assert again.status == 304 and again.body == b""
    assert again.header("Cache-Control") == "no-cache"


def test_json_and_svg_are_compressed(page: Page) -> None:
    doc = soup(page.html)
    config = json.loads(doc.select_one("#jupyter-config-data").get_text())
    widgets = next(e for e in config["federated_extensions"] if e["name"] == "@jupyter-widgets/jupyterlab-manager")
    package_json = f"{config['fullLabextensionsUrl']}/{widgets['name']}/package.json"
    # An SVG of the template's static files (the icon font, under a hashed file name), by the template's route.
    folder = Path(sys.prefix) / "share" / "jupyter" / "voila" / "templates" / "base" / "static"
    svg = min(folder.glob("*.svg"), key=lambda p: p.stat().st_size)
    css = next(url for url in page.assets()["css"] if "/index.css" in url)
    svg_url = css.split("?")[0].rsplit("/", 1)[0] + "/" + svg.name
    for url, ctype, cache in ((package_json, "application/json", "no-cache"), (svg_url, "image/svg+xml", "immutable")):
        zipped = page.get(url, GZIP)
        assert zipped.status == 200, url
        assert zipped.header("Content-Type").startswith(ctype), url
        assert zipped.header("Content-Encoding") == "gzip", url
        assert cache in zipped.header("Cache-Control"), url
        assert zipped.content == page.get(url).body
        assert len(zipped.body) < len(zipped.content)


def test_the_kernel_websocket_is_compressed(page: Page) -> None:
    """The page's kernel websocket accepts permessage-deflate (the widgets' state it carries is JSON), and
    the kernel answers through it."""
    import asyncio

    from tornado.websocket import websocket_connect

    config = json.loads(soup(page.html).select_one("#jupyter-config-data").get_text())
    kernel = config["kernelId"]
    sep = "&" if page.query else "?"
    url = f"ws://127.0.0.1:{page.server.port}/api/kernels/{kernel}/channels{page.query}{sep}session_id=probe"

    async def probe() -> tuple[str, str]:
        conn = await websocket_connect(url, compression_options={})
        try:
            extensions = conn.headers.get("Sec-WebSocket-Extensions", "")
            msg = {
                "header": {
                    "msg_id": "probe-1",
                    "msg_type": "kernel_info_request",
                    "session": "probe",
                    "username": "",
                    "version": "5.3",
                    "date": "",
                },
                "parent_header": {},
                "metadata": {},
                "content": {},
                "channel": "shell",
                "buffers": [],
            }
            await conn.write_message(json.dumps(msg))
            while True:
                reply = json.loads(await asyncio.wait_for(conn.read_message(), timeout=60))
                if reply.get("parent_header", {}).get("msg_id") == "probe-1" and reply["channel"] == "shell":
                    return extensions, reply["header"]["msg_type"]
        finally:
            conn.close()

    extensions, answer = run_coroutine(probe())
    assert "permessage-deflate" in extensions
    assert answer == "kernel_info_reply"


def test_the_first_screen_words_are_in_the_first_html_response(page: Page) -> None:
    """A plain GET of the page (no browser, no script run) already holds the dashboard's first screen,
    from data/, before the live cells and outside them, with the stylesheet in the head."""
    from osteo_lib.content.dashboard import load_dashboard

    content = load_dashboard()
    doc = soup(page.html)
    first = doc.select_one("body > #ow-first-screen")
    assert first is not None, "no first screen in the page"
    words = " ".join(first.get_text(" ").split())
    for expected in (content.title, content.sections[0].key_message.patient_text, content.sections[0].intro):
        assert expected in words
    assert [" ".join(e.get_text(" ").split()) for e in first.select(".ow-dash-nav__button")] == [
        s.name for s in content.sections
    ]
    assert doc.select_one("#rendered_cells #ow-first-screen") is None
    style = doc.select_one("head > style#ow-first-screen-css")
    assert style is not None and ".ow-dash-key" in style.get_text()


def test_the_script_bundle_is_loaded_before_voila_js_and_holds_every_listed_chunk(page: Page) -> None:
    from osteo_lib.apps.voila_page import MANIFEST

    # voila.js and the bundle are loaded by the page's script after the first paint, in this order.
    scripts = json.loads(soup(page.html).select_one("script#ow-scripts").get_text())
    bundle = [i for i, src in enumerate(scripts) if "/osteo-chunks.js?v=" in src]
    main = [i for i, src in enumerate(scripts) if urlsplit(src).path.endswith("/voila/static/voila.js")]
    assert len(bundle) == 1 and main == [len(scripts) - 1] and bundle[0] < main[0], scripts
    assert not [s for s in soup(page.html).select("script[src]") if s["src"] in scripts]  # not twice
    reply = page.get(scripts[bundle[0]], GZIP)
    assert reply.status == 200 and "immutable" in reply.header("Cache-Control")
    joined = reply.content.decode("utf-8")
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    for name in manifest["voila"] + manifest["labextensions"]:
        assert f"/* static/{Path(name).name} */" in joined, name


def test_the_script_bundle_is_sent_as_its_precompressed_copy(page: Page) -> None:
    """The bundle goes out as the gzip copy made when it was built (the highest level, not a fresh level-6
    compression), with the same caching as the file itself; a client that does not take gzip gets the file."""
    from osteo_lib.apps.voila_page import BUNDLE

    scripts = json.loads(soup(page.html).select_one("script#ow-scripts").get_text())
    url = next(src for src in scripts if "/osteo-chunks.js?v=" in src)
    packed = BUNDLE.with_name(BUNDLE.name + ".gz").read_bytes()
    zipped = page.get(url, {"Accept-Encoding": "gzip, deflate, br"})
    assert zipped.status == 200 and zipped.header("Content-Encoding") == "gzip"
    assert zipped.body == packed and int(zipped.header("Content-Length")) == len(packed)
    assert zipped.header("Content-Type") == "text/javascript"
    assert zipped.header("Cache-Control") == "max-age=31536000, immutable"
    assert [v.strip() for v in zipped.header("Vary").split(",")] == ["Accept-Encoding"]
    assert zipped.content == BUNDLE.read_bytes()
    # "gzip;q=0" refuses gzip: not the copy (Tornado's own compression, which reads only whether "gzip" is in
    # the header, then compresses the file itself)
    refusing = page.get(url, {"Accept-Encoding": "gzip;q=0, br"})
    assert refusing.body != packed and refusing.content == BUNDLE.read_bytes()
    for refused in ({}, {"Accept-Encoding": "identity"}):
        plain = page.get(url, refused)
        assert plain.status == 200 and plain.header("Content-Encoding") == "", refused
        assert plain.body == BUNDLE.read_bytes(), refused
        assert plain.header("Cache-Control") == "max-age=31536000, immutable", refused
        assert "Accept-Encoding" in plain.header("Vary"), refused
    again = page.get(url, {**GZIP, "If-None-Match": zipped.header("Etag")})
    assert again.status == 304 and again.body == b""
    # A copy older than the file (a bundle rebuilt without it) is never sent.
    copy = BUNDLE.with_name(BUNDLE.name + ".gz")
    times = copy.stat()
    try:
        os.utime(copy, ns=(times.st_atime_ns, BUNDLE.stat().st_mtime_ns - 10**9))
        stale = page.get(url, GZIP)
    finally:
        os.utime(copy, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert stale.body != packed and stale.content == BUNDLE.read_bytes()


def test_nothing_in_the_head_holds_up_the_first_paint(page: Page) -> None:
    """The head's scripts run deferred and JupyterLab's big stylesheet loads without blocking (the first
    screen has its own stylesheet in the page); Voila's scripts are added by the page's script at the end."""
    doc = soup(page.html)
    head = doc.select_one("head")
    scripts = head.select("script[src]")
    assert any("/voila-style.js" in s["src"] for s in scripts)
    assert [s["src"] for s in scripts if not s.has_attr("defer") and not s.has_attr("async")] == []
    blocking = [link["href"] for link in head.select('link[rel="stylesheet"]') if link.get("media", "all") == "all"]
    assert [href for href in blocking if "/index.css" in href] == []
    index = next(link for link in head.select('link[rel="stylesheet"]') if "/index.css" in link["href"])
    assert index["media"] == "print" and "this.media='all'" in index["onload"]
    loaded_later = [
        s["src"] for s in doc.select("script[src]") if "/osteo-chunks.js" in s["src"] or "voila.js?" in s["src"]
    ]
    assert loaded_later == []
