"""Quick entry in the pain diary (issue 15, section 3) in a real Chromium on a phone-sized screen: the 0-10
buttons are real buttons (aria-pressed, a keyboard path), at least 44 x 44 px, with the words of 0 and 10 on
them, nothing running off a 320 or 390 px wide screen; choosing a number and one press of "Save entry" saves
today's entry; the weekly questions are optional, and a failed save keeps what was chosen.

Screenshots: test-artifacts/diary-quick-entry-<width>.png (not committed).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from osteo_lib.care.diary import diary_texts, fmt_day
from tests.browser.conftest import artifact, describe_violations, run_axe
from tests.browser.test_dashboard_sections import PEG_LABELS, PEG_TOGGLE, STEP_TIMEOUT, go, open_dashboard

pytest.importorskip("playwright")
from playwright.sync_api import expect

TEXT = diary_texts()
#: Everything about each 0-10 button a test needs, read in the page.
BUTTONS_JS = """(group) => [...group.querySelectorAll('button[data-value]')].map((b) => {
  const r = b.getBoundingClientRect();
  return {value: b.dataset.value, pressed: b.getAttribute('aria-pressed'), left: r.left, right: r.right,
          width: r.width, height: r.height, clipped: b.scrollWidth > b.clientWidth + 1};
})"""


def focused_value(page: Any) -> str | None:
    value = page.evaluate("() => document.activeElement && document.activeElement.getAttribute('data-value')")
    return None if value is None else str(value)


@pytest.mark.parametrize("width", [320, 390])
def test_quick_entry_on_a_phone_by_keyboard_and_one_save(context: Any, dashboard_server: Any, width: int) -> None:
    page, errors = open_dashboard(context, dashboard_server.url)
    page.set_viewport_size({"width": width, "height": 800})
    part = go(page, "diary")
    scale = part.get_by_role("group", name=TEXT["pain_label"], exact=True)
    expect(scale).to_be_visible(timeout=STEP_TIMEOUT)

    # eleven real buttons, none pressed, big enough, all on the screen, the end words visible on them
    buttons = scale.evaluate(BUTTONS_JS)
    assert [b["value"] for b in buttons] == [str(n) for n in range(11)]
    assert {b["pressed"] for b in buttons} == {"false"}
    small = [b for b in buttons if b["width"] < 44 or b["height"] < 44]
    assert not small, f"targets under 44 x 44 px at {width} px: {small}"
    outside = [b for b in buttons if b["left"] < 0 or b["right"] > width]
    assert not outside, f"buttons off a {width} px screen: {outside}"
    assert not [b for b in buttons if b["clipped"]]
    expect(scale.locator("button[data-value='0']")).to_contain_text(TEXT["anchor_no_pain"])
    expect(scale.locator("button[data-value='10']")).to_contain_text(TEXT["anchor_worst"])
    expect(scale.locator("button[data-value='10'] .ow-scale__words")).to_be_visible()
    expect(part.get_by_text(TEXT["pain_needed"])).to_be_visible()

    # the weekly questions: asked (none answered yet), and optional
    toggle = part.get_by_label(PEG_TOGGLE, exact=True)
    expect(toggle).to_be_checked()
    label = part.locator(".ow-diary-peg-toggle .widget-label-basic")
    box = label.bounding_box()
    assert box is not None and box["height"] >= 44 and box["x"] + box["width"] <= width, box
    assert label.evaluate("(el) => el.scrollWidth <= el.clientWidth + 1"), "the switch's words are cut off"
    expect(part.get_by_text(TEXT["peg_intro"])).to_be_visible()

    # the keyboard path: Tab from the date (through its day, month and year fields) reaches the first
    # number next; arrows, Home and End choose
    part.get_by_label("Date", exact=True).focus()
    for _ in range(4):
        page.keyboard.press("Tab")
        if focused_value(page) is not None:
            break
    assert focused_value(page) == "0"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(scale.locator("button[data-value='2']")).to_have_attribute("aria-pressed", "true", timeout=STEP_TIMEOUT)
    page.keyboard.press("End")
    expect(scale.locator("button[data-value='10']")).to_have_attribute("aria-pressed", "true", timeout=STEP_TIMEOUT)
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    expect(scale.locator("button[data-value='1']")).to_have_attribute("aria-pressed", "true", timeout=STEP_TIMEOUT)
    page.keyboard.press("Tab")
    assert focused_value(page) == "2"  # Tab goes on along the numbers: each is a button of its own
    page.keyboard.press("Space")
    expect(scale.locator("button[data-value='2']")).to_have_attribute("aria-pressed", "true", timeout=STEP_TIMEOUT)
    expect(scale.locator("button[aria-pressed='true']")).to_have_count(1)

    # a failed save (one weekly question of three) names what is missing and keeps what was chosen
    first_peg = part.get_by_role("group", name=PEG_LABELS[0], exact=True).locator("button[data-value='3']")
    first_peg.click()
    save = part.get_by_role("button", name=TEXT["save"], exact=True)
    save.click()
    message = part.locator(".ow-diary-message")
    expect(message).to_contain_text(TEXT["fix_entry"], timeout=STEP_TIMEOUT)
    expect(message).to_contain_text(f"Not answered: \u201c{PEG_LABELS[1]}\u201d, \u201c{PEG_LABELS[2]}\u201d")
    expect(scale.locator("button[data-value='2']")).to_have_attribute("aria-pressed", "true")
    expect(first_peg).to_have_attribute("aria-pressed", "true")

    # folding the weekly questions leaves them out; one press of "Save entry" saves today
    toggle.uncheck()
    expect(part.get_by_role("group", name=PEG_LABELS[0], exact=True)).to_be_hidden(timeout=STEP_TIMEOUT)
    save.click()
    expect(message).to_contain_text(TEXT["saved"].format(day=fmt_day(date.today())), timeout=STEP_TIMEOUT)
    chart = part.locator(".ow-diary-chart svg:visible")  # (the wide or the narrow layout)
    expect(chart).to_have_attribute(
        "aria-label", TEXT["trend_one_no_peg"].format(day=fmt_day(date.today()), pain=2), timeout=STEP_TIMEOUT
    )
    page.screenshot(path=str(artifact(f"diary-quick-entry-{width}.png")), full_page=True)
    violations = run_axe(page, ".ow-diary")
    assert not violations, describe_violations(violations)
    assert not errors, f"errors in the page: {errors}"
