"""Lighthouse (mobile preset) on the patient dashboard, before and after, and on a stock Voilà page, in one run
(prints figures; asserts nothing).

Run: ``.venv/bin/python benchmarks/lighthouse.py [--repeats 3]`` (needs ``make node-tools``: Lighthouse
12.2.3 is in package.json, and Debian's Chromium).

Three servers, started side by side:

* **dashboard**: the dashboard as ``make dashboard`` serves it now (the osteo template with the first
  screen in the page and the script bundle, gzip, cache headers, a pre-heated kernel);
* **dashboard, template of `next`**: the same server, but with the osteo template as it is on the git
  branch ``next`` (``git show next:...index.html.j2``, copied for the run into the template folder as
  ``osteo-next``, removed afterwards): no first screen, no bundle; everything else the same. ``--before REF``
  picks another git ref, ``--before ''`` leaves this server out;
* **stock Voilà**: the ``voila`` command with its own defaults and its stock "lab" template (started in
  an empty folder, so the project's voila.json is not read), serving benchmarks/hello.ipynb, a page with
  one button.

Each run is ``lighthouse URL --output=json`` with the default (mobile) preset and its simulated slow 4G
and 4x CPU slowdown, through Debian's Chromium (``CHROME_PATH``); before each run the server's pool holds a
pre-heated kernel again. Printed per server: the median over ``--repeats`` runs of the performance
score, First Contentful Paint, Largest Contentful Paint, Total Blocking Time, Cumulative Layout Shift,
the bytes transferred and the number of requests, and the LCP element of the last run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.serving import CHROMIUM, POOL_FILLED, Server, free_port, serve, stop_process_group  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
TEMPLATES = ROOT / "share" / "jupyter" / "voila" / "templates"
BEFORE_NAME = "osteo-next"
HELLO = ROOT / "benchmarks" / "hello.ipynb"
VOILA = str(ROOT / ".venv" / "bin" / "voila")
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
AUDITS = {
    "FCP (s)": ("first-contentful-paint", 1000),
    "LCP (s)": ("largest-contentful-paint", 1000),
    "TBT (ms)": ("total-blocking-time", 1),
    "CLS": ("cumulative-layout-shift", 1),
    "kB transferred": ("total-byte-weight", 1000),
}


def lighthouse(url: str) -> dict[str, Any]:
    """One Lighthouse run (mobile preset, performance only): the figures of :data:`AUDITS`, the score,
    the number of requests and the LCP element."""
    out = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            f"--chrome-flags={CHROME_FLAGS}",
            "--only-categories=performance",
            "--output=json",
            "--output-path=stdout",
            "--quiet",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if out.returncode != 0 or not out.stdout.strip():
        raise RuntimeError(f"lighthouse failed ({out.returncode}): {out.stderr[-2000:]}")
    report = json.loads(out.stdout)
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse: {report['runtimeError']}")
    audits = report["audits"]
    figures = {label: audits[key]["numericValue"] / scale for label, (key, scale) in AUDITS.items()}
    figures["performance"] = round(100 * (report["categories"]["performance"]["score"] or 0))
    figures["requests"] = len(audits["network-requests"]["details"]["items"])
    lcp_items = (audits.get("largest-contentful-paint-element", {}).get("details") or {}).get("items") or []
    node = next((i.get("node") for i in _walk(lcp_items) if isinstance(i, dict) and i.get("node")), None)
    figures["lcp element"] = (node or {}).get("snippet", "?")[:70]
    return figures


def _walk(items: list[Any]) -> Iterator[Any]:
    for item in items:
        yield item
        if isinstance(item, dict) and isinstance(item.get("items"), list):
            yield from _walk(item["items"])


def wait_for_pool(server: Server, pages: int) -> None:
    """Wait until the pool holds a pre-heated kernel again after ``pages`` pages were served."""
    server.wait_for_log(POOL_FILLED, count=pages + 1, timeout=180)
    time.sleep(2.0)


@contextlib.contextmanager
def before_template(ref: str) -> Iterator[str]:
    """The osteo template as on git ``ref``, as the template ``osteo-next`` (removed afterwards)."""
    target = TEMPLATES / BEFORE_NAME
    if target.exists():
        raise RuntimeError(f"{target} exists already: remove it first")
    text = subprocess.run(
        ["git", "show", f"{ref}:share/jupyter/voila/templates/osteo/index.html.j2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    try:
        target.mkdir()
        (target / "index.html.j2").write_text(text, encoding="utf-8")
        shutil.copy(TEMPLATES / "osteo" / "conf.json", target / "conf.json")
        yield BEFORE_NAME
    finally:
        shutil.rmtree(target, ignore_errors=True)


@contextlib.contextmanager
def stock_voila() -> Iterator[Server]:
    """The ``voila`` command with its defaults (no voila.json: an empty folder) serving hello.ipynb."""
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(HELLO, Path(folder) / HELLO.name)
        port = free_port()
        log = ROOT / "test-artifacts" / f"server-stock-voila-{port}.log"
        log.parent.mkdir(exist_ok=True)
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [VOILA, HELLO.name, "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}"],
                cwd=folder,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        server = Server(f"http://127.0.0.1:{port}/", proc, log)
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    urllib.request.urlopen(urllib.request.Request(server.url, method="HEAD"), timeout=5)
                    break
                except urllib.error.HTTPError:
                    break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"stock voila did not start:\n{server.log_text()[-2000:]}") from None
                    time.sleep(0.3)
            yield server
        finally:
            stop_process_group(proc, timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="Lighthouse runs per server (median)")
    parser.add_argument("--before", default="next", help="git ref of the 'before' template ('' to leave it out)")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run `make node-tools` (package.json has lighthouse 12.2.3)")
    with contextlib.ExitStack() as stack:
        servers: dict[str, tuple[Server, bool]] = {}
        servers["dashboard"] = (stack.enter_context(serve("dashboard", wait_for_pool=True, timeout=180)), True)
        if args.before:
            name = stack.enter_context(before_template(args.before))
            extra = {"VOILA_ARGS": f"--VoilaConfiguration.template={name}"}
            before = stack.enter_context(serve("dashboard", extra=extra, wait_for_pool=True, timeout=180))
            servers[f"dashboard, template of {args.before}"] = (before, True)
        servers["stock Voilà, hello.ipynb"] = (stack.enter_context(stock_voila()), False)
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in servers}
        for i in range(args.repeats):
            for name, (server, pooled) in servers.items():
                if pooled:
                    wait_for_pool(server, pages=i)
                runs[name].append(lighthouse(server.url))
    print(f"Lighthouse 12.2.3, mobile preset (simulated slow 4G, 4x CPU), Debian's Chromium; median of {args.repeats}")
    labels = ["performance", *AUDITS, "requests"]
    width = max(len(n) for n in runs) + 2
    print(f"{'':<{width}}" + "".join(f"{label:>16}" for label in labels))
    for name, results in runs.items():
        cells = []
        for label in labels:
            value = statistics.median(r[label] for r in results)
            cells.append(f"{value:>16.0f}" if label in {"performance", "TBT (ms)", "requests"} else f"{value:>16.2f}")
        print(f"{name:<{width}}" + "".join(cells))
    for name, results in runs.items():
        print(f"  {name}: performance " + ", ".join(str(r["performance"]) for r in results))
        print(f"    LCP element: {results[-1]['lcp element']}")


if __name__ == "__main__":
    main()
