"""The patient dashboard on a phone (issue 15 §4; WCAG 1.4.10 reflow, 2.5.5 target size): served by
`make dashboard` (fixture ``dashboard_server``), in Debian's Chromium at 390 and 320 CSS pixels wide.

On every part and every tool of "What may help" (the comparison with three options picked, the
explorer with one short card opened), and after use (a diary with two entries, the provider summary made):

* the page does not scroll sideways, no box inside it scrolls or clips sideways, and nothing sticks out
  past the right edge of the screen; the one exception is a data table (the diary's table of every entry),
  which WCAG 1.4.10 excepts: it scrolls sideways only inside its own named region that the keyboard
  reaches, and that region fits the screen;
* no button, dropdown, text box or label cuts its text (its content is no wider than its box; for a
  dropdown, its chosen option's words measured in its own font are no wider than the box less its
  padding, where the arrow is drawn) and none is drawn with an ellipsis ("Save ...");
* every visible target is at least 44 x 44 CSS px (a checkbox's target is its whole label); links inside
  a sentence are left out, as WCAG 2.5.5 does ("inline" targets);
* the part buttons take at most two rows (counted from the distinct top edges of the buttons);
* axe-core (WCAG 2.1 A/AA) finds nothing.

"What may help" shows short cards: each "More about ..." button opens and closes its card by keyboard
(``aria-expanded`` says which) and "Back to your choices" after the list leads back to the choices.

Only sizes of boxes are compared with numbers (a box with the screen, a label with its own box), never
the position of one text with another's, so nothing depends on the fonts. A layout check waits until the
page has drawn what was asked for (it polls the check, then reports every problem it still finds).
Screenshots go to test-artifacts/phone/<width>-<view>.png (not committed).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from osteo_lib.content.catalog import load_catalog
from osteo_lib.content.dashboard import HELP_PARTS, load_dashboard
from osteo_lib.content.ui import ui_texts
from tests.browser.conftest import artifact
from tests.browser.test_dashboard_sections import (
    LOAD_TIMEOUT,
    SECTIONS,
    STEP_TIMEOUT,
    add_entry,
    go,
    nav_button,
    section,
)
from tests.browser.test_fonts_and_zoom import scan

pytest.importorskip("playwright")
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

CONTENT = load_dashboard()
TEXT = ui_texts("dashboard")
METHOD_TEXT = ui_texts("treatments")
DIARY_TEXT = ui_texts("diary")
OFFERED = [m for m in load_catalog().methods if m.patient_option]
WIDTHS = (390, 320)
HEIGHT = 844
TOOLS = {p: TEXT[f"part_{p}"] for p in HELP_PARTS}
MIN_TARGET = 44
COMPARED = 3  # options picked in the comparison (its most)

# Everything on a phone that could be cut off, scroll sideways or be too small to press, as a list of
# problems (empty when all is well). Elements not drawn (display: none, a closed <details>, a visually
# hidden text for screen readers) are skipped.
PROBLEMS_JS = """
(minTarget) => {
  const problems = [];
  const vw = document.documentElement.clientWidth;
  const root = document.documentElement;
  if (root.scrollWidth > vw) problems.push(`the page scrolls sideways: ${root.scrollWidth} > ${vw}`);
  const dash = document.querySelector('.ow-dashboard');
  const shown = (el) => !el.closest('.ow-visually-hidden') && el.getClientRects().length > 0
    && el.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true });
  const words = (el) => (el.innerText || el.value || el.getAttribute('aria-label') || '').trim();
  const what = (el) => `<${el.tagName.toLowerCase()} class="${String(el.className).slice(0, 60)}"> `
    + `"${words(el).replace(/\\s+/g, ' ').slice(0, 50)}"`;
  for (let el = dash.parentElement; el && el !== root; el = el.parentElement) {
    if (el.scrollWidth > el.clientWidth && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX))
      problems.push(`scrolls sideways around the dashboard: ${what(el)} ${el.scrollWidth} > ${el.clientWidth}`);
  }
  const TABLE_REGION = '[role=region][tabindex="0"][aria-label]';
  const inTableRegion = (el) => {
    const region = el.parentElement && el.parentElement.closest(TABLE_REGION);
    return !!(region && region.querySelector(':scope > table'));
  };
  for (const el of [dash, ...dash.querySelectorAll('*')]) {
    if (!shown(el) || el.closest('svg') || inTableRegion(el)) continue;
    const s = getComputedStyle(el);
    // a data table may scroll sideways in its own named region that the keyboard reaches (WCAG 1.4.10
    // excepts data tables): the region itself must fit the screen, which the next check sees to
    const tableRegion = el.matches(TABLE_REGION) && el.querySelector(':scope > table');
    if (s.overflowX !== 'visible' && el.clientWidth > 0 && el.scrollWidth > el.clientWidth && !tableRegion)
      problems.push(`box scrolls or clips sideways: ${what(el)} ${el.scrollWidth} > ${el.clientWidth}`);
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > vw + 0.5 || r.left < -0.5))
      problems.push(`sticks out of the screen: ${what(el)} ${Math.round(r.left)}..${Math.round(r.right)} of ${vw}`);
  }
  const labelled = 'button, select, input, textarea, label, summary, .widget-label, .widget-label-basic span';
  for (const el of dash.querySelectorAll(labelled)) {
    if (!shown(el)) continue;
    if (getComputedStyle(el).textOverflow === 'ellipsis') problems.push(`drawn with an ellipsis: ${what(el)}`);
    if (!['checkbox', 'radio'].includes(el.type) && el.scrollWidth > el.clientWidth)
      problems.push(`text cut: ${what(el)} ${el.scrollWidth} > ${el.clientWidth}`);
  }
  // a dropdown shows its chosen option's words whole: they are no wider than the box less its padding
  // (the same words, in the dropdown's own font, measured in an unstyled span)
  for (const el of dash.querySelectorAll('select')) {
    if (!shown(el) || el.selectedIndex < 0) continue;
    const s = getComputedStyle(el);
    const probe = document.createElement('span');
    probe.textContent = el.options[el.selectedIndex].text;
    probe.style.cssText = `position:absolute;visibility:hidden;white-space:pre;font:${s.font};`
      + `letter-spacing:${s.letterSpacing}`;
    document.body.append(probe);
    const needed = probe.getBoundingClientRect().width;
    probe.remove();
    const room = el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
    if (needed > room)
      problems.push(`dropdown cuts its choice: ${what(el)} ${Math.ceil(needed)} > ${Math.floor(room)}`);
  }
  const targets = 'button, select, input, textarea, summary, a[href], [role=button], [tabindex]:not([tabindex="-1"])';
  for (const el of dash.querySelectorAll(targets)) {
    if (!shown(el)) continue;
    if (el.tagName === 'A' && el.closest('p, li') && !el.closest('.ow-sources')
        && el.closest('p, li').textContent.trim() !== el.textContent.trim()) continue;  // a link in a sentence
    const target = ['checkbox', 'radio'].includes(el.type) ? (el.closest('label') || el) : el;
    const r = target.getBoundingClientRect();
    if (r.width < minTarget || r.height < minTarget)
      problems.push(`target ${Math.round(r.width)} x ${Math.round(r.height)} px: ${what(target)}`);
  }
  return problems;
}
"""

# The rows the part buttons take: how many distinct top edges they have, and how many buttons there are.
NAV_ROWS_JS = """
() => {
  const nav = '.ow-dashboard .ow-dash-nav:not(.ow-dash-subnav) > .ow-dash-nav__button';
  const buttons = [...document.querySelectorAll(nav)].filter(b => b.getClientRects().length);
  return [new Set(buttons.map(b => Math.round(b.getBoundingClientRect().top))).size, buttons.length];
}
"""

# The height of the dashboard, with Voila's scrolling panel back at its top.
DASHBOARD_HEIGHT_JS = """() => {
  const dash = document.querySelector('.ow-dashboard');
  for (let el = dash; el; el = el.parentElement) el.scrollTop = 0;
  return Math.ceil(dash.getBoundingClientRect().height);
}"""


def open_phone(context: Any, url: str, width: int) -> tuple[Any, list[str]]:
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": HEIGHT})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url, wait_until="domcontentloaded", timeout=LOAD_TIMEOUT)
    nav_button(page, SECTIONS[0][1]).wait_for(timeout=LOAD_TIMEOUT)
    expect(section(page, SECTIONS[0][0]).locator(".ow-dash-key")).to_be_visible(timeout=STEP_TIMEOUT)
    return page, errors


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def phone(request: Any, context: Any, dashboard_server: Any) -> Iterator[tuple[Any, int]]:
    page, errors = open_phone(context, dashboard_server.url, request.param)
    yield page, request.param
    assert not errors, f"errors in the page: {errors}"


def open_tool(page: Any, part_id: str) -> Any:
    """Press a "What may help" tool's button; the tool's box once it is shown and announced."""
    part = go(page, "help")
    part.locator(".ow-dash-subnav").get_by_role("button", name=TOOLS[part_id], exact=True).click()
    expect(page.locator(".ow-dash-announcer [role=status]")).to_have_text(
        f"Now showing: {TOOLS[part_id]}.", timeout=STEP_TIMEOUT
    )
    return part


def layout_problems(page: Any) -> list[str]:
    """Wait (up to a step's time) until the check finds nothing; then the problems it still finds."""
    with contextlib.suppress(PlaywrightTimeout):  # reported below, with every problem named
        page.wait_for_function(f"() => ({PROBLEMS_JS})({MIN_TARGET}).length === 0", timeout=STEP_TIMEOUT)
    return list(page.evaluate(PROBLEMS_JS, MIN_TARGET))


def check_view(page: Any, width: int, view: str) -> None:
    """The view fits the phone (see the module's docstring), its part buttons take two rows at most, axe finds
    nothing; a screenshot of the view's first screen is saved."""
    problems = layout_problems(page)
    assert not problems, f"{view} at {width} px:\n" + "\n".join(problems)
    rows, count = page.evaluate(NAV_ROWS_JS)
    assert count == len(SECTIONS), f"{view}: {count} part buttons shown"
    assert rows <= 2, f"{view} at {width} px: the part buttons take {rows} rows"
    path = artifact(f"phone/{width}-{view}.png")
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    scan(page, f"{view} at {width} px")


def card(part: Any, method_id: str) -> Any:
    return part.locator(".ow-methods-explorer .ow-method-card:not(.ow-method-card--filtered-out)").filter(
        has=part.page.locator(f"#ow-method-more-{method_id}")
    )


def more_button(part: Any, name: str) -> Any:
    return part.get_by_role("button", name=METHOD_TEXT.format("card_more", name=name), exact=True)


# --- every part and every tool ---------------------------------------------------------------------
def test_every_part_and_tool_fits_the_phone(phone: tuple[Any, int]) -> None:
    page, width = phone
    for sid, _name in SECTIONS:
        if sid == "help":
            continue  # each of its tools below
        go(page, sid)
        check_view(page, width, sid)

    # What may help: the explorer's short cards, one of them opened
    part = open_tool(page, "explorer")
    first = OFFERED[0]
    more_button(part, first.name).click()
    expect(part.locator(f"#ow-method-more-{first.id}")).to_be_visible(timeout=STEP_TIMEOUT)
    check_view(page, width, "help-explorer")

    # the comparison with three options picked: one card per option on a phone, row labels kept
    part = open_tool(page, "compare")
    grid = part.locator(".ow-methods-compare")
    for method in OFFERED[:COMPARED]:
        grid.get_by_label(method.name, exact=True).check()
    cards = grid.locator(".ow-compare-card")
    expect(cards).to_have_count(COMPARED, timeout=STEP_TIMEOUT)
    expect(cards.first).to_be_visible()
    expect(grid.get_by_role("table")).to_be_hidden()  # the table is replaced, not squeezed
    names = [c.locator(".ow-compare-card__name").inner_text().strip() for c in cards.all()]
    assert names == [m.name for m in OFFERED[:COMPARED]]
    questions = cards.first.locator("dt")
    assert questions.count() >= 5
    expect(questions.first).to_be_visible()
    check_view(page, width, "help-compare")

    open_tool(page, "heatcold")
    check_view(page, width, "help-heatcold")


def test_the_diary_with_entries_and_the_made_summary_fit_the_phone(phone: tuple[Any, int]) -> None:
    """After use: two diary entries typed by keyboard (the chart and the table appear), then the provider
    summary made (its preview and download link appear)."""
    page, width = phone
    diary = go(page, "diary")
    add_entry(diary, date.today() - timedelta(days=1), 6, (5, 5, 5), "Stiff in the morning")
    add_entry(diary, date.today(), 3, (3, 3, 3), "Better", asked=False)
    check_view(page, width, "diary-with-entries")
    # the table of every entry, opened: it scrolls sideways only inside its own region, which has a name and
    # is reached by the keyboard (so its columns can be scrolled without a mouse), and fits the screen
    diary.locator(".ow-diary-details summary").click()
    region = diary.get_by_role("region", name=DIARY_TEXT["table_caption"])
    expect(region.locator("tbody tr")).to_have_count(2, timeout=STEP_TIMEOUT)
    region.focus()
    expect(region).to_be_focused()
    check_view(page, width, "diary-table-open")
    provider = go(page, "provider")
    provider.get_by_role("button", name="Make the summary").click()
    expect(provider.get_by_role("link", name=ui_texts("summary")["download_summary"], exact=True)).to_be_visible(
        timeout=STEP_TIMEOUT
    )
    check_view(page, width, "provider-summary-made")


def test_the_part_buttons_take_two_rows_and_still_say_where_you_are(phone: tuple[Any, int]) -> None:
    page, width = phone
    for sid, name in SECTIONS:
        go(page, sid)
        rows, count = page.evaluate(NAV_ROWS_JS)
        assert count == len(SECTIONS), f"{count} part buttons shown"
        assert rows <= 2, f"at {width} px the part buttons take {rows} rows"
        button = nav_button(page, name)
        expect(button).to_have_class(re.compile(r"\bow-dash-nav__button--current\b"))
        expect(button).to_have_attribute("title", TEXT.format("you_are_here", name=name))
        expect(page.locator(".ow-dash-announcer [role=status]")).to_have_text(
            TEXT.format("now_showing", name=name), timeout=STEP_TIMEOUT
        )
    # keyboard: a part button is pressed with Enter
    target_id, target_name = SECTIONS[2]
    nav_button(page, target_name).focus()
    page.keyboard.press("Enter")
    expect(section(page, target_id)).to_be_visible(timeout=STEP_TIMEOUT)


# --- short cards ------------------------------------------------------------------------------------
def test_a_short_card_opens_and_closes_by_keyboard(phone: tuple[Any, int]) -> None:
    page, width = phone
    part = open_tool(page, "explorer")
    cards = part.locator(".ow-methods-explorer .ow-method-card:not(.ow-method-card--filtered-out)")
    expect(cards).to_have_count(len(OFFERED), timeout=STEP_TIMEOUT)
    method = OFFERED[1]
    button = more_button(part, method.name)
    more = part.locator(f"#ow-method-more-{method.id}")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_have_attribute("aria-controls", f"ow-method-more-{method.id}")
    expect(more).to_be_hidden()
    # every card is short: a name, a summary and an evidence rating, and its own button
    expect(part.get_by_role("button", name=re.compile("^More about "))).to_have_count(len(OFFERED))
    expect(part.locator(".ow-method-card__more:visible")).to_have_count(0)

    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true", timeout=STEP_TIMEOUT)
    expect(more).to_be_visible(timeout=STEP_TIMEOUT)
    expect(more).to_contain_text(" ".join(method.how_it_works.split()))
    expect(button).to_be_focused()  # the focus stays on the button
    path = artifact(f"phone/{width}-help-card-open.png")
    path.parent.mkdir(parents=True, exist_ok=True)
    card(part, method.id).screenshot(path=str(path))
    page.keyboard.press("Space")
    expect(button).to_have_attribute("aria-expanded", "false", timeout=STEP_TIMEOUT)
    expect(more).to_be_hidden(timeout=STEP_TIMEOUT)


def test_back_to_your_choices_after_the_list_leads_to_the_choices(phone: tuple[Any, int]) -> None:
    page, _width = phone
    part = open_tool(page, "explorer")
    expect(part.locator(".ow-methods-explorer .ow-method-card:not(.ow-method-card--filtered-out)")).to_have_count(
        len(OFFERED), timeout=STEP_TIMEOUT
    )
    back = part.get_by_role("link", name=METHOD_TEXT["back_to_filters"], exact=True)
    choices = part.locator("#ow-methods-choices")
    back.scroll_into_view_if_needed()
    expect(choices).not_to_be_in_viewport()
    back.focus()
    page.keyboard.press("Enter")
    expect(choices).to_be_in_viewport(timeout=STEP_TIMEOUT)
    # the choices come right after that heading: the first one is a Tab away
    page.keyboard.press("Tab")
    first_choice = part.get_by_label(METHOD_TEXT["filter_category"], exact=True)
    expect(first_choice).to_be_focused()


def test_what_may_help_is_much_shorter_with_short_cards(phone: tuple[Any, int]) -> None:
    """The short list is less than half as high as the same list with every card opened (measured here)."""
    page, width = phone
    part = open_tool(page, "explorer")
    results = part.locator(".ow-methods-results")
    expect(part.locator(".ow-methods-explorer .ow-method-card:not(.ow-method-card--filtered-out)")).to_have_count(
        len(OFFERED), timeout=STEP_TIMEOUT
    )
    short = results.evaluate("el => el.getBoundingClientRect().height")
    for method in OFFERED:
        more_button(part, method.name).click()
    expect(part.locator(".ow-method-card__more:visible")).to_have_count(len(OFFERED), timeout=STEP_TIMEOUT)
    full = results.evaluate("el => el.getBoundingClientRect().height")
    print(f"\nWhat may help at {width} px: the list is {short:.0f} px high with short cards, {full:.0f} px opened")
    assert short * 2 < full, (short, full)
