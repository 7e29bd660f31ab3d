"""The dashboard page makes no request to any host but the server itself.

Voila's stock "lab" template loads Font Awesome from cdn.jsdelivr.net and nbconvert's adds a Mermaid
loader from cdnjs.cloudflare.com; the workbook's template (share/jupyter/voila/templates/osteo) drops
both, and voila.json loads only the front-end extensions the page needs. This test loads the page in
Chromium, uses every part of it (the five parts, the pathway picture, the treatment filters, the diary,
the provider summary), and records every request of the browser context and every websocket: all go to
the server's own host and port. It also checks that no element or stylesheet of the page points at
another host for something the browser would fetch by itself (links a person may click are fine).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from tests.browser.conftest import artifact
from tests.serving import Server

SECTIONS = ("Understand my pain", "What may help", "My pain diary", "Talk to my provider", "Get help now")
#: Schemes that never leave the browser.
LOCAL_SCHEMES = {"data", "blob", "about"}

FOREIGN_RESOURCES_JS = """(own) => {
    const found = [];
    const external = (url) => {
        try {
            const u = new URL(url, document.baseURI);
            return !['data:', 'blob:', 'about:'].includes(u.protocol) && u.host !== own;
        }
        catch (e) { return false; }
    };
    const attrs = [['script', 'src'], ['link', 'href'], ['img', 'src'], ['img', 'srcset'], ['iframe', 'src'],
                   ['source', 'src'], ['video', 'src'], ['audio', 'src'], ['object', 'data'], ['embed', 'src'],
                   ['image', 'href'], ['use', 'href'], ['input', 'src']];
    for (const [tag, attr] of attrs) {
        for (const el of document.querySelectorAll(tag + '[' + attr + ']')) {
            const value = el.getAttribute(attr);
            if (external(value)) found.push(tag + ' ' + attr + '=' + value);
        }
    }
    for (const sheet of document.styleSheets) {
        let rules;
        try { rules = sheet.cssRules; } catch (e) { found.push('unreadable stylesheet ' + sheet.href); continue; }
        for (const rule of rules) {
            const text = rule.cssText;
            for (const m of text.matchAll(/url\\(\\s*['"]?([^'")]+)/g))
                if (external(m[1])) found.push('css url ' + m[1]);
            if (rule instanceof CSSImportRule && external(rule.href)) found.push('css @import ' + rule.href);
        }
    }
    return found;
}"""


def _use_every_part(page: Any) -> None:
    """Real clicks and key presses across the dashboard."""
    for name in SECTIONS:
        page.get_by_role("button", name=name, exact=True).click()
        page.get_by_role("heading", name=name).first.wait_for(timeout=60_000)
        if name == "Understand my pain":
            stage = page.get_by_role("button", name=re.compile("Nerves")).first
            if stage.count():
                stage.click()
        elif name == "What may help":
            status = page.locator(".ow-methods-status").first
            before = status.inner_text()
            page.get_by_label("Only things I can do at home").first.check()
            page.wait_for_function("(b) => document.querySelector('.ow-methods-status').innerText !== b", arg=before)
            page.get_by_label("Kind of method").first.select_option(index=1)
            page.keyboard.press("Tab")
        elif name == "My pain diary":
            page.get_by_role("group", name="Pain today", exact=True).locator("button[data-value='5']").click()
            page.get_by_role("button", name="Save entry").click()
            page.get_by_text("Saved your entry").wait_for(timeout=60_000)
        page.screenshot(path=str(artifact(f"requests-{name.lower().replace(' ', '-')}.png")))


def test_every_request_goes_to_the_server_itself(dashboard_server: Server, context: Any) -> None:
    own = urlsplit(dashboard_server.url).netloc  # 127.0.0.1:<port>
    requests: list[tuple[str, str]] = []
    sockets: list[str] = []
    failed: list[str] = []
    context.on("request", lambda r: requests.append((r.resource_type, r.url)))
    context.on("requestfailed", lambda r: failed.append(f"{r.url} {r.failure}"))
    page = context.new_page()
    page.on("websocket", lambda ws: sockets.append(ws.url))
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(dashboard_server.url, wait_until="networkidle", timeout=90_000)
    page.get_by_role("button", name=SECTIONS[0]).wait_for(timeout=90_000)
    _use_every_part(page)
    page.wait_for_load_state("networkidle")

    urls = [url for _, url in requests] + sockets
    foreign = [u for u in urls if urlsplit(u).scheme not in LOCAL_SCHEMES and urlsplit(u).netloc != own]
    assert not foreign, f"the page asked other hosts: {foreign}"
    assert all(urlsplit(u).scheme in {"http", "ws", *LOCAL_SCHEMES} for u in urls), urls
    # The log is real: the page, its scripts and styles, and the kernel websocket were all recorded.
    kinds = {kind for kind, _ in requests}
    assert {"document", "script", "stylesheet"} <= kinds, kinds
    assert any(urlsplit(u).path.startswith("/api/kernels/") and u.startswith("ws://") for u in sockets), sockets
    assert not failed, failed
    assert not errors, errors
    assert page.evaluate(FOREIGN_RESOURCES_JS, own) == []


def test_template_leaves_out_the_cdn_stylesheets_and_loaders(dashboard_server: Server, context: Any) -> None:
    page = context.new_page()
    response = page.goto(dashboard_server.url)
    page.get_by_role("button", name=SECTIONS[0]).wait_for(timeout=90_000)
    html = response.text()  # the page as served (the Font Awesome CSS inside Voila's bundle is fine)
    assert "jupyter-config-data" in html
    for needle in ("fontawesome-free@", "cdn.jsdelivr.net", "cdnjs.cloudflare.com", "mermaid.esm", "unpkg.com"):
        assert needle not in html, needle
    # Only the front-end extensions the page needs are loaded (voila.json extension_allowlist).
    names = page.evaluate(
        "() => JSON.parse(document.getElementById('jupyter-config-data').textContent)"
        ".federated_extensions.map(e => e.name)"
    )
    assert sorted(names) == ["@jupyter-widgets/jupyterlab-manager", "@voila-dashboards/widgets-manager8", "anywidget"]


def _bundled_paths() -> set[str]:
    """The URL paths of the chunks the script bundle holds (share/jupyter/voila/templates/osteo/bundle.json)."""
    import json

    from osteo_lib.apps.voila_page import MANIFEST

    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return {f"/voila/static/{n}" for n in manifest["voila"]} | {
        f"/voila/labextensions/{n}" for n in manifest["labextensions"]
    }


def test_no_bundled_chunk_is_fetched_on_its_own(dashboard_server: Server, context: Any) -> None:
    """The chunks of the script bundle arrive in it, once: none is asked for on its own, across every
    part of the dashboard, and the bundle itself is fetched once."""
    paths: list[str] = []
    context.on("request", lambda r: paths.append(urlsplit(r.url).path))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(dashboard_server.url, timeout=90_000)
    page.get_by_role("button", name=SECTIONS[0]).wait_for(timeout=90_000)
    _use_every_part(page)
    page.wait_for_load_state("networkidle")
    bundled = _bundled_paths()
    assert len(bundled) > 10
    assert [p for p in paths if p in bundled] == []
    assert [p for p in paths if p.endswith("/osteo-chunks.js")] == ["/voila/templates/osteo/static/osteo-chunks.js"]
    assert any(p.endswith("/voila.js") for p in paths)  # the log is real
    assert not errors, errors


def test_without_the_bundle_the_page_fetches_the_chunks_and_works(dashboard_server: Server, context: Any) -> None:
    """If the bundle cannot be loaded (a proxy drops it, an old copy), Voilà fetches each chunk itself."""
    paths: list[str] = []
    context.on("request", lambda r: paths.append(urlsplit(r.url).path))
    page = context.new_page()
    page.route("**/osteo-chunks.js*", lambda route: route.abort())
    page.goto(dashboard_server.url, timeout=90_000)
    page.get_by_role("button", name=SECTIONS[2]).click(timeout=90_000)
    page.get_by_role("heading", name=SECTIONS[2]).first.wait_for(timeout=60_000)
    assert page.locator("#ow-first-screen").count() == 0
    assert len([p for p in paths if p in _bundled_paths()]) > 10
