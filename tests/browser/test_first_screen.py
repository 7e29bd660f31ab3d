"""The dashboard's first screen (osteo template, osteo_lib/apps/voila_page.py) in Chromium: its words are
on screen while Voilà's scripts have not run yet, and the live widgets replace it, leaving one copy of
each heading in the accessibility tree (Playwright's role queries read that tree: hidden elements are
not in it)."""

from __future__ import annotations

from typing import Any

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
