"""Page weight of the patient dashboard over the network (prints figures; asserts nothing).

Run: ``.venv/bin/python benchmarks/page_weight.py [--repeats 3]``.

It serves the dashboard twice, side by side, with the ``make dashboard`` command (voila.json, the
``osteo`` template, the cache headers of ``osteo_lib.apps.serve``): once as it ships (gzip on) and once
with ``VOILA_ARGS=--ServingVoila.compress=False``. Debian's Chromium (the test suite's flags), driven by
Playwright, loads each page; the Chrome DevTools Protocol counts what crosses the network. For each
server it prints:

* **first visit** (fresh browser profile, nothing cached): the number of HTTP requests, and the bytes on
  the wire (``encodedDataLength``: headers plus the body as sent, compressed or not; the kernel
  websocket's frames are not counted), until the page is usable;
* **repeat visit** (the same profile, the page opened again): requests that reached the server, requests
  answered from the browser's cache, and bytes on the wire;
* **usable on a slow phone network**: Chromium's network emulation
  (``Network.emulateNetworkConditions``: 1.6 Mbit/s down, 750 kbit/s up, 150 ms latency), fresh
  profile, time from navigation start to the first part's button ("Understand my pain") on screen,
  measured in the page (``performance.now()``); the median of ``--repeats`` loads.

"Usable" is the moment the first part's button is on screen: Voilà draws widgets only once the page is
connected to its kernel, so the button works from then on. Each load waits until Voilà's pool holds a
pre-heated kernel again and closes its page afterwards (the page stops its kernel).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.serving import CHROMIUM, CHROMIUM_ARGS, POOL_FILLED, Server, serve  # noqa: E402

FIRST_BUTTON = "Understand my pain"
#: Chromium's emulated slow phone network (bytes per second, ms).
SLOW = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
USABLE_JS = """(name) => {
  const b = [...document.querySelectorAll('button')].find(
      (el) => el.textContent.includes(name) && el.checkVisibility({visibilityProperty: true}));
  return b ? performance.now() : false;
}"""


@dataclass
class Visit:
    requests: int = 0
    from_cache: int = 0
    wire_bytes: int = 0
    gzipped: int = 0
    usable_ms: float = 0.0
    #: Bytes on the wire per URL (query string left off).
    per_url: dict[str, int] = field(default_factory=dict)
    _ids: set[str] = field(default_factory=set)
    _urls: dict[str, str] = field(default_factory=dict)


def visit(context: Any, server: Server, *, network: dict[str, Any] | None = None) -> Visit:
    """Open the dashboard in a new tab of ``context``; count what crosses the network until it is usable."""
    wait_for_pool(server)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    if network:
        cdp.send("Network.emulateNetworkConditions", network)
    result = Visit()

    def on_request(event: dict[str, Any]) -> None:
        if event["request"]["url"].startswith("http"):
            result._ids.add(event["requestId"])
            result._urls[event["requestId"]] = event["request"]["url"].split("?")[0]

    def on_response(event: dict[str, Any]) -> None:
        response = event["response"]
        if event["requestId"] not in result._ids:
            return
        if response.get("fromDiskCache") or response.get("fromMemoryCache") or response.get("fromPrefetchCache"):
            cached.add(event["requestId"])
        elif {k.lower(): v for k, v in response.get("headers", {}).items()}.get("content-encoding") == "gzip":
            result.gzipped += 1

    def on_finished(event: dict[str, Any]) -> None:
        if event["requestId"] in result._ids and event["requestId"] not in cached:
            result.wire_bytes += int(event["encodedDataLength"])
            url = result._urls.get(event["requestId"], "?")
            result.per_url[url] = result.per_url.get(url, 0) + int(event["encodedDataLength"])

    cached: set[str] = set()
    cdp.on("Network.requestWillBeSent", on_request)
    cdp.on("Network.requestServedFromCache", lambda e: cached.add(e["requestId"]))
    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.loadingFinished", on_finished)
    page.goto(server.url, wait_until="commit", timeout=180_000)
    result.usable_ms = float(page.wait_for_function(USABLE_JS, arg=FIRST_BUTTON, timeout=180_000).json_value())
    page.wait_for_load_state("networkidle", timeout=180_000)
    result.from_cache = len(cached & result._ids)
    result.requests = len(result._ids) - result.from_cache
    page.close(run_before_unload=True)
    return result


def wait_for_pool(server: Server) -> None:
    """Wait until Voilà's pool holds a pre-heated kernel that has finished running the notebook."""
    pages_served = server.count(r"Using pre-heated kernel")
    server.wait_for_log(POOL_FILLED, count=pages_served + 1, timeout=180)
    time.sleep(2.0)


def measure(browser: Any, server: Server, repeats: int) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 412, "height": 915})
    try:
        first = visit(context, server)
        again = visit(context, server)
    finally:
        context.close()
    slow = []
    for _ in range(repeats):
        context = browser.new_context(viewport={"width": 412, "height": 915})
        try:
            slow.append(visit(context, server, network=SLOW).usable_ms / 1000)
        finally:
            context.close()
    return {"first": first, "again": again, "slow": slow}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="loads on the slow network per server (median)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with (
        serve("dashboard", wait_for_pool=True, timeout=180) as on,
        serve(
            "dashboard", extra={"VOILA_ARGS": "--ServingVoila.compress=False"}, wait_for_pool=True, timeout=180
        ) as off,
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            print(f"Chromium {browser.version}; the dashboard as `make dashboard` serves it, gzip on and off")
            figures = {"gzip on": measure(browser, on, args.repeats), "gzip off": measure(browser, off, args.repeats)}
        finally:
            browser.close()
    print(f"{'':<44}{'gzip on':>14}{'gzip off':>14}{'on / off':>10}")

    def row(label: str, on_value: float, off_value: float, fmt: str) -> None:
        ratio = f"{on_value / off_value:.2f}" if off_value else ""
        print(f"{label:<44}{format(on_value, fmt):>14}{format(off_value, fmt):>14}{ratio:>10}")

    f_on, f_off = figures["gzip on"], figures["gzip off"]
    row("first visit: requests", f_on["first"].requests, f_off["first"].requests, "d")
    row("first visit: responses gzipped", f_on["first"].gzipped, f_off["first"].gzipped, "d")
    row("first visit: kB on the wire", f_on["first"].wire_bytes / 1000, f_off["first"].wire_bytes / 1000, ".1f")
    row("repeat visit: requests to the server", f_on["again"].requests, f_off["again"].requests, "d")
    row("repeat visit: answered from the cache", f_on["again"].from_cache, f_off["again"].from_cache, "d")
    row("repeat visit: kB on the wire", f_on["again"].wire_bytes / 1000, f_off["again"].wire_bytes / 1000, ".1f")
    row("usable, fast loopback (s)", f_on["first"].usable_ms / 1000, f_off["first"].usable_ms / 1000, ".2f")
    slow_on, slow_off = statistics.median(f_on["slow"]), statistics.median(f_off["slow"])
    row(f"usable, slow network, median of {args.repeats} (s)", slow_on, slow_off, ".1f")
    print("first visit, gzip on: bytes on the wire per resource (largest first)")
    for url, size in sorted(f_on["first"].per_url.items(), key=lambda item: -item[1]):
        print(f"  {size / 1000:>9.1f} kB  {url.split('/', 3)[-1]}")
    for name, data in figures.items():
        print(f"  slow-network loads, {name}: " + ", ".join(f"{s:.1f} s" for s in data["slow"]))


if __name__ == "__main__":
    main()
