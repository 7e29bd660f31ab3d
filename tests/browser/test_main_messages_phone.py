"""Main messages on a phone (issue 14, CDC Clear Communication Index item 1): the dashboard served by
`make dashboard` (fixture ``dashboard_server``), in Debian's Chromium at 390 x 844 CSS pixels.

* The page opens with its main message (the three things to know and do) in the first screen.
* After a part is opened with its button, the part's main message is inside the screen, without
  scrolling by hand (the page brings it into view when the header and buttons fill the screen).
* Each part's one "Where this comes from" disclosure opens and closes by keyboard and holds links.

Nothing here depends on font metrics: positions are only compared with the screen's edges.
Screenshots go to test-artifacts/phone-main-<part>.png (not committed).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest

from osteo_lib.content.dashboard import load_dashboard
from osteo_lib.content.ui import ui_texts
from tests.browser.conftest import artifact

pytest.importorskip("playwright")
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

CONTENT = load_dashboard()
PHONE = {"width": 390, "height": 844}
LOAD_TIMEOUT = 90_000
STEP_TIMEOUT = 30_000
WHERE_FROM = ui_texts("dashboard")["where_from"]
# Tab presses allowed to get from a part's button to its disclosure (the buttons after it, then the
# part's own controls); the urgent part has no controls, so it needs only a few.
MAX_TABS = 12
INSIDE_JS = """(el) => { const r = el.getBoundingClientRect();
  return r.top >= 0 && r.top < window.innerHeight && r.bottom <= window.innerHeight; }"""


def nav_button(page: Any, section_id: str) -> Any:
    name = CONTENT.section(section_id).name
    return page.locator(".ow-dash-nav").get_by_role("button", name=name, exact=True)


def section(page: Any, section_id: str) -> Any:
    return page.locator(f".ow-dash-section--{section_id}")


@pytest.fixture()
def phone(context: Any, dashboard_server: Any) -> Iterator[Any]:
    page = context.new_page()
    page.set_viewport_size(PHONE)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(dashboard_server.url, wait_until="domcontentloaded", timeout=LOAD_TIMEOUT)
    nav_button(page, CONTENT.sections[0].id).wait_for(timeout=LOAD_TIMEOUT)
    expect(section(page, CONTENT.sections[0].id).locator(".ow-dash-key")).to_have_count(1, timeout=STEP_TIMEOUT)
    yield page
    assert not errors, f"errors in the page: {errors}"


def assert_inside_screen(locator: Any, what: str) -> None:
    """``locator`` is wholly inside the 390 x 844 screen: its top at or below the top edge and above the
    bottom edge, its bottom not below the bottom edge (waiting for the page to bring it into view)."""
    expect(locator).to_be_in_viewport(timeout=STEP_TIMEOUT)
    with contextlib.suppress(PlaywrightTimeout):  # the assertions below say where it is
        locator.page.wait_for_function(INSIDE_JS, arg=locator.element_handle(), timeout=STEP_TIMEOUT)
    box = locator.bounding_box()
    assert box is not None, what
    assert 0 <= box["y"] < PHONE["height"], f"{what}: top at {box['y']} (screen {PHONE['height']} high)"
    assert box["y"] + box["height"] <= PHONE["height"], f"{what}: bottom at {box['y'] + box['height']}"


def test_the_page_opens_with_its_main_message_in_the_first_screen(phone: Any) -> None:
    main = phone.locator(".ow-dash-main")
    headline = main.locator(".ow-dash-main__headline")
    expect(headline).to_have_text(CONTENT.main_message.headline.patient_text)
    assert_inside_screen(headline, "the page's headline (its main message)")
    expect(main.locator(".ow-dash-main__heading")).to_have_text(CONTENT.main_message.heading)
    points = main.locator(".ow-dash-main__points > li")
    expect(points).to_have_text([p.patient_text for p in CONTENT.main_message.points])
    assert_inside_screen(main.locator(".ow-dash-main__heading"), "the main message's heading")
    assert_inside_screen(points.first, "the first of the three things to know")
    phone.screenshot(path=str(artifact("phone-main-top.png")))


def test_each_part_shows_its_main_message_in_the_first_screen_after_opening_it(phone: Any) -> None:
    # the first part last, so that each part is opened from another one
    order = [s.id for s in CONTENT.sections[1:]] + [CONTENT.sections[0].id]
    for sid in order:
        part = section(phone, sid)
        nav_button(phone, sid).click()
        expect(part).to_be_visible(timeout=STEP_TIMEOUT)
        key = part.locator(".ow-dash-key")
        expect(key).to_have_text(CONTENT.section(sid).key_message.patient_text)
        assert_inside_screen(key, f"main message of {sid}")
        assert_inside_screen(part.locator("h2.ow-dash-section__title"), f"heading of {sid}")
        phone.screenshot(path=str(artifact(f"phone-main-{sid}.png")))
    # pressing the button of the part already shown, after scrolling down past its message, brings the
    # message back into view (the click first scrolls the button into view, as a person would)
    key = section(phone, order[-1]).locator(".ow-dash-key")
    phone.mouse.move(PHONE["width"] / 2, PHONE["height"] / 2)
    phone.mouse.wheel(0, 4000)
    expect(key).not_to_be_in_viewport(timeout=STEP_TIMEOUT)
    nav_button(phone, order[-1]).click()
    assert_inside_screen(key, "main message of the part opened again")


def test_the_sources_disclosure_opens_and_closes_by_keyboard(phone: Any) -> None:
    sid = "urgent"
    button = nav_button(phone, sid)
    button.focus()
    phone.keyboard.press("Enter")
    part = section(phone, sid)
    expect(part).to_be_visible(timeout=STEP_TIMEOUT)
    disclosure = part.locator("details.ow-dash-sources")
    expect(disclosure).to_have_count(1)
    summary = disclosure.locator("summary")
    expect(summary).to_have_text(WHERE_FROM)
    for _ in range(MAX_TABS):
        phone.keyboard.press("Tab")
        if summary.evaluate("(el) => el === document.activeElement"):
            break
    expect(summary).to_be_focused()
    first_link = disclosure.locator("ol.ow-sources a").first
    expect(first_link).to_be_hidden()
    phone.keyboard.press("Enter")
    expect(disclosure).to_have_attribute("open", "")
    expect(first_link).to_be_visible()
    cited = {r for s in CONTENT.warning_signs for r in s.references}
    assert disclosure.locator("ol.ow-sources a").count() >= len(cited)
    phone.screenshot(path=str(artifact("phone-main-sources-open.png")))
    phone.keyboard.press("Space")  # closes again
    expect(disclosure).not_to_have_attribute("open", "")
    expect(first_link).to_be_hidden()
    # the main message's own disclosure at the top opens by keyboard too
    top = phone.locator(".ow-dash-main details.ow-dash-sources")
    top.locator("summary").focus()
    phone.keyboard.press("Enter")
    expect(top).to_have_attribute("open", "")
    expect(top.locator("ol.ow-sources a").first).to_be_visible()
