"""Accessibility of the patient dashboard in a real browser: an axe-core scan (WCAG 2.1 A and AA) of every
part, both as it opens and after the interactions that change it, reports no violation; the text is at
least 18px (measured with getComputedStyle) and the focus is always visible.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from osteo_lib.care.diary import fmt_day
from osteo_lib.content.dashboard import HELP_PARTS, load_dashboard
from osteo_lib.content.ui import ui_texts
from tests.browser.conftest import describe_violations, run_axe
from tests.browser.test_dashboard_sections import (
    DASHBOARD_HEIGHT_JS,
    SECTIONS,
    STEP_TIMEOUT,
    VIEWPORT,
    add_entry,
    choose,
    go,
    open_dashboard,
    press_score,
    section,
)

pytest.importorskip("playwright")
from playwright.sync_api import expect

MIN_FONT_PX = 18.0
TEXT = ui_texts("dashboard")
HELP_TOOLS = [TEXT[f"part_{p}"] for p in HELP_PARTS if p != "explorer"] + [TEXT["part_explorer"]]

# Every visible element of the dashboard that holds text of its own, with its computed font size
# (SVG text is left out: it scales with the picture, and each picture has a text alternative).
SMALL_TEXT_JS = """
(args) => {
  const [selector, minimum] = args;
  const root = document.querySelector(selector);
  const small = [];
  for (const el of root.querySelectorAll('*')) {
    if (el.closest('svg') || el.closest('style') || el.closest('script')) continue;
    const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    const control = ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON'].includes(el.tagName);
    if (!own && !control) continue;
    if (!el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || el.closest('.ow-visually-hidden')) continue;
    const size = parseFloat(style.fontSize);
    const words = (el.textContent || el.value || '').trim().slice(0, 40);
    if (size < minimum) small.push(`${el.tagName.toLowerCase()}.${el.className}: ${size}px "${words}"`);
  }
  return small;
}
"""


@pytest.fixture()
def page(context: Any, dashboard_server: Any) -> Iterator[Any]:
    page, errors = open_dashboard(context, dashboard_server.url)
    yield page
    assert not errors, f"errors in the page: {errors}"


def assert_no_violations(page: Any, where: str) -> None:
    """Scan the whole page with axe-core. Voila scrolls inside its own panel and axe skips what is
    scrolled out of view (colour contrast, visible text), so the viewport is made as tall as the
    dashboard for the scan: every part of it is checked, not only the first screen."""
    height = page.evaluate(DASHBOARD_HEIGHT_JS)
    page.set_viewport_size({"width": VIEWPORT["width"], "height": max(VIEWPORT["height"], min(height, 16_000))})
    try:
        page.wait_for_timeout(200)
        violations = run_axe(page)
    finally:
        page.set_viewport_size(VIEWPORT)
    assert not violations, f"axe found problems ({where}):\n{describe_violations(violations)}"


def assert_text_at_least_18px(page: Any, selector: str, where: str) -> None:
    small = page.evaluate(SMALL_TEXT_JS, [selector, MIN_FONT_PX])
    assert not small, f"text smaller than {MIN_FONT_PX}px ({where}):\n" + "\n".join(small[:20])


def every_view(page: Any) -> Iterator[str]:
    """Open each part, and each tool of "What may help", by clicking its button; yield its name."""
    for sid, name in SECTIONS:
        part = go(page, sid)
        page.wait_for_timeout(500)
        yield name
        if sid == "help":
            for tool in HELP_TOOLS:
                part.get_by_role("button", name=tool, exact=True).click()
                expect(page.locator(".ow-dash-announcer [role=status]")).to_have_text(
                    f"Now showing: {tool}.", timeout=STEP_TIMEOUT
                )
                page.wait_for_timeout(500)
                yield f"{name}: {tool}"


def test_base_font_is_at_least_18px_everywhere(page: Any) -> None:
    base = page.evaluate(
        "() => [getComputedStyle(document.body).fontSize,"
        " getComputedStyle(document.querySelector('.ow-dashboard')).fontSize]"
    )
    assert all(float(size.removesuffix("px")) >= MIN_FONT_PX for size in base), base
    for name in every_view(page):
        assert_text_at_least_18px(page, ".ow-dashboard", name)


def test_axe_finds_no_violation_in_any_part_as_it_opens(page: Any) -> None:
    scanned = []
    for name in every_view(page):
        assert_no_violations(page, f"{name}, as it opens")
        scanned.append(name)
    assert len(scanned) == len(SECTIONS) + len(HELP_TOOLS)
    # the scan is not blind: a button without a name, put into the dashboard, is reported
    page.evaluate("() => document.querySelector('.ow-dash-nav').append(document.createElement('button'))")
    assert "button-name" in {v["id"] for v in run_axe(page)}


def test_axe_finds_no_violation_after_using_each_part(page: Any) -> None:
    # Understand my pain: choose a stage by keyboard; move the healing timeline to week 8
    part = go(page, "understand")
    stage = part.locator("button[data-stage]").nth(1)
    stage.focus()
    page.keyboard.press("Enter")
    expect(stage).to_have_attribute("aria-pressed", "true", timeout=STEP_TIMEOUT)
    when = part.get_by_label(ui_texts("timeline")["date_label"])
    when.fill((date.today() - timedelta(weeks=8)).isoformat())
    when.blur()
    expect(part.locator(".ow-timeline-details h3")).to_contain_text("Week 8", timeout=STEP_TIMEOUT)
    assert_no_violations(page, "Understand my pain, stage chosen, week 8")
    assert_text_at_least_18px(page, ".ow-dashboard", "Understand my pain, stage chosen")

    # What may help: a condition ticked (cautions highlighted), two options compared, the timer running
    part = go(page, "help")
    part.get_by_role("button", name="Tell us about your health (optional)", exact=True).click()  # folded
    part.locator(".ow-methods-conditions input[type=checkbox]").first.check()
    choose(part.get_by_label("Kind of method"), "Things you do")
    part.locator("details.ow-dash-sources > summary").click()  # the part's one "Where this comes from"
    assert_no_violations(page, "What may help, filtered, condition ticked, sources open")
    assert_text_at_least_18px(page, ".ow-dashboard", "What may help, explorer in use")
    part.get_by_role("button", name="Compare options", exact=True).click()
    grid = part.locator(".ow-methods-compare")
    boxes = grid.locator("input[type=checkbox]")
    boxes.nth(0).check()
    expect(grid.locator(".ow-warning, .ow-note")).to_be_visible(timeout=STEP_TIMEOUT)  # "tick one more"
    boxes.nth(1).check()
    expect(grid.get_by_role("table")).to_be_visible(timeout=STEP_TIMEOUT)
    assert_no_violations(page, "What may help, two options compared")
    assert_text_at_least_18px(page, ".ow-dashboard", "What may help, comparison in use")
    part.get_by_role("button", name="Heat and cold timer", exact=True).click()
    heat = part.locator(".ow-methods-heatcold")
    cold = heat.get_by_role("radio", name="Cold (a cold pack)")
    cold.check()
    expect(cold).to_be_checked(timeout=STEP_TIMEOUT)  # a radio button: screen readers say which is chosen
    expect(heat.get_by_role("radio", name="Heat (a warm pack)")).not_to_be_checked()
    heat.get_by_role("button", name="Start", exact=True).click()
    expect(heat.get_by_role("button", name="Stop", exact=True)).to_be_enabled(timeout=STEP_TIMEOUT)
    assert_no_violations(page, "What may help, timer running")
    assert_text_at_least_18px(page, ".ow-dashboard", "What may help, timer running")
    heat.get_by_role("button", name="Stop", exact=True).click()

    # My pain diary: an error, two entries, the table open, and the "replace it?" question
    part = go(page, "diary")
    part.get_by_role("button", name="Save entry", exact=True).click()
    expect(part.locator(".ow-diary-message")).to_be_visible(timeout=STEP_TIMEOUT)
    assert_no_violations(page, "My pain diary, form error shown")
    today = date.today()
    add_entry(part, today - timedelta(days=1), 6, (5, 5, 5), "Stiff in the morning")
    add_entry(part, today, 3, (3, 3, 3), "Better", asked=False)
    part.locator(".ow-diary-details summary").click()
    press_score(part, "Pain today", 8)
    part.get_by_role("button", name="Save entry", exact=True).click()
    expect(part.locator(".ow-diary-message")).to_contain_text(
        f"You already have an entry for {fmt_day(today)}", timeout=STEP_TIMEOUT
    )
    assert_no_violations(page, "My pain diary, entries, table, replace question")
    assert_text_at_least_18px(page, ".ow-dashboard", "My pain diary, in use")

    # Talk to my provider: questions added, the summary built (download link and preview)
    part = go(page, "provider")
    part.locator(".ow-dash-question input[type=checkbox]").first.check()
    expect(part.locator(".ow-dash-questions [role=status]")).to_be_visible(timeout=STEP_TIMEOUT)
    part.get_by_role("button", name="Make the summary").click()
    expect(part.locator("iframe")).to_be_visible(timeout=STEP_TIMEOUT)
    assert_no_violations(page, "Talk to my provider, summary built")
    assert_text_at_least_18px(page, ".ow-dashboard", "Talk to my provider, in use")

    # Get help now: every source list opened
    part = go(page, "urgent")
    for summary in part.locator("details > summary").all():
        summary.click()
    assert_no_violations(page, "Get help now, sources open")
    expect(section(page, "urgent").locator(".ow-dash-sign")).to_have_count(len(load_dashboard().warning_signs))
