"""The dashboard's first screen (osteo template, osteo_lib/apps/voila_page.py) in Chromium: its words are
on screen while Voilà's scripts have not run yet, and the live widgets replace it, leaving one copy of
each heading in the accessibility tree (Playwright's role queries read that tree: hidden elements are
not in it)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from osteo_lib.content.dashboard import load_dashboard
from tests.browser.conftest import artifact
from tests.serving import Server


def test_first_screen_shows_then_the_live_widgets_take_over(dashboard_server: Server, context: Any) -> None:
    content = load_dashboard()
    first = content.sections[0]
    page = context.new_page()
    held: list[Any] = []  # voila.js, held back: nothing of Voilà's runs until it is let through
    page.route("**/voila/static/voila.js", lambda route: held.append(route))
    page.goto(dashboard_server.url, wait_until="commit", timeout=90_000)

    title = page.get_by_role("heading", name=content.title, exact=True)
    title.wait_for(timeout=90_000)
    assert page.get_by_text(first.key_message.patient_text).is_visible()
    for section in content.sections:  # the part names are on screen, as text: no button yet
        assert page.get_by_text(section.name, exact=True).first.is_visible()
        assert page.get_by_role("button", name=section.name, exact=True).count() == 0
    page.screenshot(path=str(artifact("first-screen-before.png")))
    while not held:
        page.wait_for_timeout(100)
    assert page.locator("#ow-first-screen").count() == 1
    held[0].continue_()

    page.get_by_role("button", name=first.name, exact=True).wait_for(timeout=90_000)
    page.screenshot(path=str(artifact("first-screen-after.png")))
    assert page.locator("#ow-first-screen").count() == 0
    # One copy of the words in the accessibility tree: the live page's.
    assert title.count() == 1
    assert page.get_by_role("heading", name=first.name, exact=True).count() == 1
    assert page.locator("#rendered_cells .ow-dashboard, .jp-LabShell .ow-dashboard").first.is_visible()
    live = page.get_by_text(first.key_message.patient_text)
    assert live.count() == 1 and live.is_visible()
    # The buttons work.
    page.get_by_role("button", name=content.sections[2].name, exact=True).click()
    page.get_by_role("heading", name=content.sections[2].name, exact=True).wait_for(timeout=60_000)


#: The head's files and Voila's scripts, held back by the next test.
HELD = re.compile(r"/(index\.css|voila-style\.js|osteo-chunks\.js|voila\.js)(\?|$)")
BLOCKS_JS = """() => [...document.querySelectorAll(
    '#ow-first-screen :is(h1, .ow-dash-disclaimer, .ow-dash-key, .ow-dash-nav)')
  ].map((e) => { const r = e.getBoundingClientRect(); return [e.className, r.x, r.y, r.width, r.height]; })"""
LCP_JS = """() => new Promise((resolve) => new PerformanceObserver((list, observer) => {
  const last = list.getEntries().at(-1); observer.disconnect();
  resolve(Boolean(last.element && last.element.closest('#ow-first-screen')));
}).observe({type: 'largest-contentful-paint', buffered: true}))"""


def test_first_screen_paints_before_the_head_files_and_scripts_and_does_not_move(
    dashboard_server: Server, context: Any
) -> None:
    """With JupyterLab's stylesheet, Voila's style script, the bundle and voila.js all held back, the page
    paints the first screen (its largest text is the page's largest contentful paint); when the stylesheet
    and the style script come in, nothing of it moves; the page then works once the scripts are let through."""
    page = context.new_page()
    page.set_viewport_size({"width": 412, "height": 915})
    held: list[Any] = []
    gate = {"open": False}
    page.route(HELD, lambda route: route.continue_() if gate["open"] else held.append(route))
    page.goto(dashboard_server.url, wait_until="commit", timeout=90_000)
    page.wait_for_function(
        "() => performance.getEntriesByType('paint').some((e) => e.name === 'first-contentful-paint')", timeout=90_000
    )
    assert page.evaluate(LCP_JS) is True
    names = {urlsplit(route.request.url).path.rsplit("/", 1)[-1] for route in held}
    assert {"index.css", "voila-style.js"} <= names, names
    before = page.evaluate(BLOCKS_JS)
    assert len(before) == 4, before
    styles = page.evaluate("() => document.querySelectorAll('style').length")

    def release(kinds: tuple[str, ...]) -> None:
        for route in [r for r in held if urlsplit(r.request.url).path.endswith(kinds)]:
            held.remove(route)
            route.continue_()

    release(("/index.css", "/voila-style.js"))
    page.wait_for_function(
        """(styles) => [...document.querySelectorAll('link[rel="stylesheet"]')].some(
             (l) => l.href.includes('/index.css') && l.sheet && l.media === 'all')
           && document.querySelectorAll('style').length > styles""",
        arg=styles,
        timeout=90_000,
    )
    assert page.locator("#ow-first-screen").count() == 1  # (Voila has not run: its scripts are held)
    assert page.evaluate(BLOCKS_JS) == before
    gate["open"] = True
    release((".js",))
    page.get_by_role("button", name=load_dashboard().sections[0].name, exact=True).wait_for(timeout=90_000)
    assert page.locator("#ow-first-screen").count() == 0
