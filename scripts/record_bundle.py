"""Record which script chunks the dashboard loads, into share/jupyter/voila/templates/osteo/bundle.json.

Run after upgrading Voilà or a widget extension: ``.venv/bin/python scripts/record_bundle.py``, then
commit bundle.json (``make dashboard`` rebuilds the bundle from it; see osteo_lib/apps/voila_page.py).

It moves the built bundle aside (so the page fetches every chunk on its own), serves the dashboard as
``make dashboard`` does, opens it in Chromium, goes through every part of it (so the chunks the other
parts need are in the list too), and writes the chunks fetched, in the order they were asked for. The
chunks the list's ``"left_out"`` names (MathJax: see osteo_lib/apps/voila_page.py) stay out of the bundle.
``remoteEntry`` files are never bundled: each starts a widget extension and must run once, when Voilà
loads it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from osteo_lib.apps.voila_page import BUNDLE, MANIFEST  # noqa: E402
from tests.serving import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

SECTIONS = ("Understand my pain", "What may help", "My pain diary", "Talk to my provider", "Get help now")


def chunk_of(path: str) -> tuple[str, str] | None:
    """``("voila", file)`` or ``("labextensions", "<extension>/static/<file>")`` for a chunk URL path."""
    if path.startswith("/voila/static/") and path.endswith(".js") and path.count("/") == 3:
        name = path.rsplit("/", 1)[1]
        return None if name == "voila.js" else ("voila", name)
    if path.startswith("/voila/labextensions/") and path.endswith(".js") and "/remoteEntry." not in path:
        return ("labextensions", path.removeprefix("/voila/labextensions/"))
    return None


def main() -> None:
    from playwright.sync_api import sync_playwright

    aside = BUNDLE.with_suffix(".js.aside")
    if BUNDLE.exists():
        BUNDLE.replace(aside)
    chunks: dict[str, list[str]] = {"voila": [], "labextensions": []}
    try:
        # (VOILA_BUNDLE= : make serves without building the bundle again, so every chunk is fetched on its own)
        unbundled = {"VOILA_BUNDLE": ""}
        with serve("dashboard", unbundled, wait_for_pool=True, timeout=180) as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()

            def on_request(request: object) -> None:
                found = chunk_of(urlsplit(request.url).path)  # type: ignore[attr-defined]
                if found and found[1] not in chunks[found[0]]:
                    chunks[found[0]].append(found[1])

            page.on("request", on_request)
            page.goto(server.url, timeout=180_000)
            for name in SECTIONS:
                page.get_by_role("button", name=name, exact=True).click(timeout=180_000)
                page.get_by_role("heading", name=name).first.wait_for(timeout=60_000)
            for name in ("Compare options", "Heat and cold timer"):
                page.get_by_role("button", name="What may help", exact=True).click()
                page.get_by_role("button", name=name, exact=True).click()
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        if aside.exists():
            aside.replace(BUNDLE)
    left_out = json.loads(MANIFEST.read_text(encoding="utf-8")).get("left_out", [])
    chunks["voila"] = [name for name in chunks["voila"] if name not in left_out]
    MANIFEST.write_text(json.dumps({**chunks, "left_out": left_out}, indent=1) + "\n", encoding="utf-8")
    print(f"{MANIFEST}: {len(chunks['voila'])} Voilà chunks, {len(chunks['labextensions'])} extension chunks")


if __name__ == "__main__":
    main()
