"""Performance figures of the patient dashboard (prints them; asserts nothing).

Run: ``.venv/bin/python benchmarks/dashboard_perf.py`` or ``make bench``.

In one run it serves, side by side and each with the same command and settings as ``make dashboard``
(voila.json; ``DASHBOARD=`` picks the notebook):

1. ``benchmarks/hello.ipynb``, a page with one button, and
2. ``notebooks/dashboards/patient_dashboard.ipynb``, the dashboard,

and prints:

* **first interactive widget**: time from navigation start to the first widget button on screen
  (Voila shows a widget once the page's widget manager is connected to the kernel, so the button works
  from that moment), the median of ``--loads`` page loads in fresh browser contexts (the two pages
  alternate, so background load hits both alike), for both pages, and their ratio (target <= 1.3);
* **click to updated cards**: in the dashboard's treatment explorer, the time from a click on
  "Only things I can do at home" to the page showing the new count and exactly that many cards, the
  median of ``--clicks`` clicks (target < 100 ms);
* **kernel memory**: resident memory (RSS) of the kernel of one dashboard session, after the first page
  and after every part was opened (target < 150 MB); also USS (memory only that kernel holds).

Each page load waits until Voila's pool has a pre-heated kernel again (as a visitor arriving at a quiet
server would find it), and leaves like a person closing the tab (the page asks Voila to stop its kernel).
Timings are taken in the page itself (``performance.now()``), so Playwright's own overhead is not in them.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.serving import CHROMIUM, CHROMIUM_ARGS, POOL_FILLED, Server, serve  # noqa: E402

HELLO = "benchmarks/hello.ipynb"
DASHBOARD = "notebooks/dashboards/patient_dashboard.ipynb"
SECTIONS = ("Understand my pain", "What may help", "My pain diary", "Talk to my provider", "Get help now")
#: Settle time after the pool refilled, so the pre-heated kernel has finished running the notebook.
SETTLE_S = 3.0

#: Installed before any page script: note when the first widget button is on screen.
FIRST_WIDGET_JS = """
(() => {
  const seen = () => {
    const el = document.querySelector('button.jupyter-button, .jupyter-widgets button');
    return el && el.getClientRects().length > 0;
  };
  const tick = () => {
    if (window.__firstWidget === undefined && document.readyState !== 'loading' && seen()) {
      window.__firstWidget = performance.now();
      return;
    }
    if (window.__firstWidget === undefined) requestAnimationFrame(tick);
  };
  new MutationObserver(() => {
    if (window.__firstWidget === undefined && seen()) window.__firstWidget = performance.now();
  }).observe(document, {childList: true, subtree: true, attributes: true, attributeFilter: ['style', 'class']});
  requestAnimationFrame(tick);
})();
"""

#: One click on the "at home" box, timed until the count and the cards match the new state.
CLICK_JS = """
async () => {
  const root = document.querySelector('.ow-methods-explorer');
  const status = root.querySelector('.ow-methods-status');
  const results = root.querySelector('.ow-methods-results');
  const box = [...root.querySelectorAll('label')].find((l) => l.textContent.includes('Only things I can do at home'))
              .parentElement.querySelector('input[type=checkbox]');
  const before = status.textContent;
  const done = () => {
    const text = status.textContent;
    const m = text.match(/Showing (\\d+) of/);
    if (text === before || !m) return false;
    const cards = results.querySelectorAll(':scope .ow-method-card:not(.ow-method-card--filtered-out)');
    return cards.length === Number(m[1]);
  };
  return await new Promise((resolve) => {
    const t0 = performance.now();
    const finish = () => { observer.disconnect(); resolve({ms: performance.now() - t0, status: status.textContent}); };
    const observer = new MutationObserver(() => { if (done()) finish(); });
    // (a card the filters leave out is hidden by a class, so class changes count too)
    observer.observe(root, {childList: true, subtree: true, characterData: true,
                            attributes: true, attributeFilter: ['class']});
    box.click();
    setTimeout(() => { observer.disconnect(); resolve({ms: null, status: status.textContent}); }, 10000);
  });
}
"""


def kernel_memory(server: Server, kernel_id: str) -> tuple[float, float]:
    """RSS and USS (MiB) of the kernel process with this id (its connection file names it)."""
    import psutil

    for pid in server.kernel_pids():
        proc = psutil.Process(pid)
        if any(f"kernel-{kernel_id}.json" in part for part in proc.cmdline()):
            info = proc.memory_full_info()
            return info.rss / 2**20, info.uss / 2**20
    raise RuntimeError(f"no kernel process for {kernel_id}")


def wait_for_warm_pool(server: Server, filled: int) -> None:
    server.wait_for_log(POOL_FILLED, count=filled, timeout=180)
    time.sleep(SETTLE_S)


MODELS_JS = "() => Object.keys(window.jupyterapp.widgetManager._models || {}).length"


def time_load(server: Server, browser: Any) -> tuple[float, int]:
    """One visit in a fresh browser context: navigation start -> first widget button on screen (ms), and
    the number of widget models the page holds once loaded."""
    wait_for_warm_pool(server, server.count(POOL_FILLED))
    filled = server.count(POOL_FILLED)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(FIRST_WIDGET_JS)
    page = context.new_page()
    page.goto(server.url)
    page.wait_for_function("() => window.__firstWidget !== undefined", timeout=120_000)
    ms = float(page.evaluate("() => window.__firstWidget"))
    page.wait_for_load_state("networkidle")
    models = int(page.evaluate(MODELS_JS))
    page.close(run_before_unload=True)  # like closing the tab: the page asks Voila to stop its kernel
    context.close()
    wait_for_warm_pool(server, filled + 1)
    return ms, models


def click_latencies(page: Any, clicks: int) -> list[float]:
    page.get_by_role("button", name="What may help", exact=True).click()
    page.locator(".ow-methods-explorer .ow-methods-status").first.wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    for _ in range(2):  # warm-up: the first clicks build the cards' widgets
        page.evaluate(CLICK_JS)
    result = []
    for _ in range(clicks):
        outcome = page.evaluate(CLICK_JS)
        if outcome["ms"] is None:
            raise RuntimeError(f"the cards did not update: {outcome['status']}")
        result.append(float(outcome["ms"]))
        page.wait_for_timeout(100)
    return result


def chromium_version() -> str:
    try:
        return subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except OSError:
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loads", type=int, default=7, help="page loads per notebook (median)")
    parser.add_argument("--clicks", type=int, default=21, help="clicks in the treatment explorer (median)")
    args = parser.parse_args()

    import psutil
    import voila
    from playwright.sync_api import sync_playwright

    print(
        f"machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.1f} GiB RAM, "
        f"{platform.system()} {platform.release()}; Python {platform.python_version()}, voila {voila.__version__}, "
        f"{chromium_version()} (headless)"
    )
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average before: {load} (other work on the machine skews the figures)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            with (
                serve("dashboard", extra={"DASHBOARD": HELLO}, wait_for_pool=True, timeout=180) as hello,
                serve("dashboard", wait_for_pool=True, timeout=180) as dash,
            ):
                # Alternate the two pages, so background load on the machine hits both alike.
                hello_ms, dash_ms, hello_models, dash_models = [], [], 0, 0
                for _ in range(args.loads):
                    ms, hello_models = time_load(hello, browser)
                    hello_ms.append(ms)
                    ms, dash_models = time_load(dash, browser)
                    dash_ms.append(ms)

                wait_for_warm_pool(dash, dash.count(POOL_FILLED))
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.goto(dash.url)
                page.get_by_role("button", name=SECTIONS[0], exact=True).wait_for(timeout=120_000)
                kernel_id = page.evaluate(
                    "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
                )
                page.wait_for_timeout(1000)
                rss_first, uss_first = kernel_memory(dash, kernel_id)
                latencies = click_latencies(page, args.clicks)
                for name in SECTIONS:
                    page.get_by_role("button", name=name, exact=True).click()
                    page.get_by_role("heading", name=name).first.wait_for(timeout=60_000)
                page.wait_for_timeout(1000)
                rss_all, uss_all = kernel_memory(dash, kernel_id)
                context.close()
        finally:
            browser.close()

    hello_med, dash_med = statistics.median(hello_ms), statistics.median(dash_ms)
    ratio = dash_med / hello_med
    lat_med = statistics.median(latencies)
    fmt = ", ".join
    print()
    print(f"first interactive widget, median of {args.loads} loads (fresh browser context each):")
    print(
        f"  hello page (1 button):  {hello_med:7.0f} ms   [{fmt(f'{t:.0f}' for t in hello_ms)}]"
        f"   {hello_models} widget models"
    )
    print(
        f"  patient dashboard:      {dash_med:7.0f} ms   [{fmt(f'{t:.0f}' for t in dash_ms)}]"
        f"   {dash_models} widget models"
    )
    print(f"  ratio dashboard/hello:  {ratio:7.2f}      (target <= 1.3: {'met' if ratio <= 1.3 else 'NOT met'})")
    print(f"click to updated cards (treatment explorer, 'at home' box), median of {len(latencies)} clicks:")
    print(
        f"  {lat_med:7.1f} ms   (min {min(latencies):.1f}, max {max(latencies):.1f}; "
        f"target < 100 ms: {'met' if lat_med < 100 else 'NOT met'})"
    )
    print("kernel memory of one dashboard session:")
    print(f"  after the first page:       RSS {rss_first:6.1f} MiB, USS {uss_first:6.1f} MiB")
    print(
        f"  after opening every part:   RSS {rss_all:6.1f} MiB, USS {uss_all:6.1f} MiB   "
        f"(target < 150 MB: {'met' if rss_all * 2**20 / 1e6 < 150 else 'NOT met'})"
    )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
