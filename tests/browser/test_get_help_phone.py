"""Get help now and the healing timeline on a phone (issue 14): the dashboard served by `make dashboard`
(fixture ``dashboard_server``), in Debian's Chromium at 390 x 844 CSS pixels.

* The numbers to call are real ``tel:`` links (911 first), large enough for a finger, under the heading of
  the emergency list.
* The day of the break, typed into "When did the break happen?", gives the right healing phase on the
  served page (the weeks are worked out by the kernel, not counted by the person).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from osteo_lib import load_catalog
from osteo_lib.care.healing import healing_phase, since_break
from osteo_lib.content.timeline import load_timeline
from osteo_lib.content.ui import ui_texts
from tests.browser.test_main_messages_phone import CONTENT, STEP_TIMEOUT, nav_button, phone, section

pytest.importorskip("playwright")
from playwright.sync_api import expect

__all__ = ["phone"]  # the fixture, imported for its use here

TIMELINE = ui_texts("timeline")


def open_part(page: Any, section_id: str) -> Any:
    nav_button(page, section_id).click()
    part = section(page, section_id)
    expect(part.get_by_role("heading", name=CONTENT.section(section_id).name, level=2)).to_be_visible(
        timeout=STEP_TIMEOUT
    )
    return part


def test_the_emergency_numbers_are_tap_to_call_links(phone: Any) -> None:
    part = open_part(phone, "urgent")
    emergency = part.locator(".ow-dash-signs__group--emergency")
    links = emergency.locator(".ow-dash-calls:not(.ow-dash-sign__calls) a[href^='tel:']")
    expect(links).to_have_count(len(CONTENT.call_numbers), timeout=STEP_TIMEOUT)
    for i, number in enumerate(CONTENT.call_numbers):
        link = links.nth(i)
        expect(link).to_have_attribute("href", f"tel:{number.number}")
        expect(link).to_have_text(number.link_text)
        link.scroll_into_view_if_needed()
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box is not None and box["height"] >= 44, f"{number.id}: {box}"
    assert CONTENT.call_numbers[0].number == "911"
    expect(part.locator(".ow-dash-signs__group--today a[href^='tel:']")).to_have_count(0)


def test_the_988_line_is_a_tap_to_call_and_a_tap_to_text_link(phone: Any) -> None:
    """Issue 14: "call or text 988" is two links a thumb can hit, like the 911 links."""
    part = open_part(phone, "urgent")
    crisis = next(s for s in CONTENT.warning_signs if s.id == "crisis")
    assert [c.href for c in crisis.calls] == ["tel:988", "sms:988"]
    links = part.locator("li[data-sign='crisis'] .ow-dash-sign__calls a")
    expect(links).to_have_count(2, timeout=STEP_TIMEOUT)
    for i, call in enumerate(crisis.calls):
        link = links.nth(i)
        expect(link).to_have_attribute("href", call.href)
        expect(link).to_have_text(call.link_text)
        link.scroll_into_view_if_needed()
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box is not None and box["height"] >= 44, f"{call.id}: {box}"


@pytest.mark.parametrize("weeks_ago", [2, 8])
def test_the_break_date_gives_the_right_healing_phase(phone: Any, weeks_ago: int) -> None:
    catalog = load_catalog()
    today = date.today()
    day = today - timedelta(weeks=weeks_ago)
    weeks = since_break(day, today).weeks
    expected = healing_phase(weeks, "vertebral", catalog.healing, load_timeline(catalog))
    part = open_part(phone, "understand")
    when = part.get_by_label(TIMELINE["date_label"])
    expect(when).to_have_attribute("type", "date")
    when.fill(day.isoformat())
    when.blur()
    message = part.locator(".ow-timeline-date-message")
    expect(message).to_have_text(TIMELINE.format("date_weeks", weeks=weeks), timeout=STEP_TIMEOUT)
    heading = part.locator(".ow-timeline-details h3").first
    expect(heading).to_have_text(
        TIMELINE.format("phase_heading", weeks=weeks, phase=expected.name), timeout=STEP_TIMEOUT
    )
    expect(part.locator(".ow-timeline-table")).to_contain_text(expected.name)
    assert expected.id == ("acute" if weeks < catalog.healing.range_weeks[0] else "healing")


def test_what_may_help_shows_its_start_here_box_on_a_phone(phone: Any) -> None:
    """Issue 14 (PEMAT 11): the "Start here" box sits under the lead of What may help and fits the screen."""
    part = open_part(phone, "help")
    box = part.locator("section.ow-dash-start")
    expect(box).to_be_visible(timeout=STEP_TIMEOUT)
    lines = box.locator("ul.ow-dash-start__lines > li")
    expect(lines).to_have_count(3)
    expect(lines.first).to_contain_text("gentle walking")
    shape = box.bounding_box()
    assert shape is not None and shape["x"] >= 0 and shape["x"] + shape["width"] <= phone.viewport_size["width"]


# the words inside each drawing, as a list of their font sizes in SVG units, and the viewBox width
_DRAWN_WORDS = """(img) => {
  const svg = new DOMParser().parseFromString(atob(img.src.split(',')[1]), 'image/svg+xml').documentElement;
  const sizes = [...svg.querySelectorAll('[font-size]')].map((el) => parseFloat(el.getAttribute('font-size')));
  const viewBox = parseFloat(svg.getAttribute('viewBox').split(' ')[2]);
  return {sizes, viewBox, shown: img.getBoundingClientRect().width};
}"""


@pytest.mark.parametrize("part_id", ["urgent", "provider"])
def test_the_pictures_of_a_part_keep_their_words_at_body_size_on_a_phone(phone: Any, part_id: str) -> None:
    """Issue 14: the urgency key at the top of Get help now, the broken-hip drawing with its sign and the
    summary's picture in Talk to my provider are drawn with alt text, and any words inside them show at
    least as large as the body text on a 390 px phone."""
    part = open_part(phone, part_id)
    images = part.locator(".ow-dash-section__pictures img.ow-picture__img, .ow-dash-sign__pictures img.ow-picture__img")
    expect(images.first).to_be_attached(timeout=STEP_TIMEOUT)
    assert images.count() == (2 if part_id == "urgent" else 1)
    body = float(part.locator(".ow-dash-intro").evaluate("(p) => parseFloat(getComputedStyle(p).fontSize)"))
    for i in range(images.count()):
        img = images.nth(i)
        img.scroll_into_view_if_needed()
        expect(img).to_be_visible()
        assert img.evaluate("(i) => i.complete && i.naturalWidth > 0")
        assert len(str(img.get_attribute("alt")).split()) >= 8
        drawn = img.evaluate(_DRAWN_WORDS)
        smallest = min(drawn["sizes"], default=None)
        if smallest is not None:
            shown = smallest * drawn["shown"] / drawn["viewBox"]
            assert shown >= body, f"picture {i}: words at {shown:.1f} px, body text {body} px"
