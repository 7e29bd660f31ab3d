"""Evidence labels, the new "I have..." conditions and "What matters to me" in a real browser (issue 12
§3, §5): the dashboard served by `make dashboard`, driven by Playwright in Debian's Chromium.

Expected values come from the real catalog at test time (evidence labels, which cautions name a
condition, the order :func:`osteo_lib.care.treatments.order_by_priorities` gives), so the tests follow the
data. They need the content every method will have once the content helpers' work is merged: an
evidence rating on every method, cautions that name the new conditions, and ``fits`` priorities.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from osteo_lib.care.treatments import EVIDENCE_LABELS, PRIORITIES, PRIORITY_LABELS, TEXT, order_by_priorities
from osteo_lib.content.catalog import load_catalog
from osteo_lib.content.model import Method
from osteo_lib.content.ui import ui_texts
from tests.browser import test_dashboard_sections as ui
from tests.browser.conftest import artifact, describe_violations, run_axe
from tests.markup import text

pytest.importorskip("playwright")
from playwright.sync_api import expect

STEP_TIMEOUT = ui.STEP_TIMEOUT
CATALOG = load_catalog()
OFFERED = [m for m in CATALOG.methods if m.patient_option]
RATED = [m for m in OFFERED if m.evidence is not None]


@pytest.fixture()
def dash(context: Any, dashboard_server: Any) -> Iterator[Any]:
    page, errors = ui.open_dashboard(context, dashboard_server.url)
    yield page
    assert not errors, f"errors in the page: {errors}"


def explorer_cards(part: Any) -> Any:
    return part.locator(".ow-methods-explorer .ow-method-card:not(.ow-method-card--filtered-out)")


def card_of(part: Any, method: Method) -> Any:
    return explorer_cards(part).filter(has=part.page.get_by_role("heading", name=method.name, exact=True))


def card_names(part: Any) -> list[str]:
    return [c.locator("h3.ow-method-card__name").inner_text().strip() for c in explorer_cards(part).all()]


def condition_label(condition_id: str) -> str:
    label = CATALOG.condition(condition_id).patient_label
    return f"I have {label}" if label[:1].islower() else label


# --- evidence ----------------------------------------------------------------------------------------
def test_evidence_label_on_the_explorer_cards_and_in_the_compare_grid(dash: Any) -> None:
    page = dash
    assert len(RATED) >= 2, "the data should rate the evidence of every method"
    part = ui.go(page, "help")
    cards = explorer_cards(part)
    expect(cards).to_have_count(len(OFFERED), timeout=STEP_TIMEOUT)
    for method in RATED[:4]:
        e = method.evidence
        assert e is not None
        card = card_of(part, method)
        expect(card).to_have_count(1)
        rating = card.locator(".ow-evidence__rating")
        expect(rating).to_contain_text(EVIDENCE_LABELS[e.level])
        # the filled steps differ by shape, not only colour; the bar is not counted in words ("2 of 3
        # steps" never said of what): the label beside it says the same (health-literacy rating, PEMAT 6)
        bar = card.locator(".ow-evidence__rating .ow-evidence-bar")
        expect(bar).to_be_visible()
        expect(bar).to_have_attribute("aria-hidden", "true")
        expect(card).not_to_contain_text("of 3 steps")
        assert bar.locator(".ow-evidence-bar__step--on").count() == e.steps
        styles = bar.evaluate(
            "b => [...b.children].map(s => { const c = getComputedStyle(s);"
            " return [c.borderTopStyle, parseFloat(c.borderTopWidth)]; })"
        )
        assert all(style != "none" and width >= 1 for style, width in styles), styles  # hollow steps are outlined
        expect(card.locator(".ow-evidence__text")).to_have_text(" ".join(e.patient_text.split()))
        expect(card.locator(".ow-evidence__facts")).to_have_count(0)  # study details are for students
        if method is RATED[0]:
            card.screenshot(path=str(artifact("dashboard-help-evidence-card.png")))
    for method in CATALOG.methods:
        if not method.patient_option:  # kept for students: never offered here
            expect(card_of(part, method)).to_have_count(0)

    first, second = RATED[0], RATED[1]
    part.get_by_role("button", name="Compare options", exact=True).click()
    grid = part.locator(".ow-methods-compare")
    expect(grid).to_be_visible(timeout=STEP_TIMEOUT)
    grid.get_by_label(first.name, exact=True).check()
    grid.get_by_label(second.name, exact=True).check()
    table = grid.get_by_role("table")
    expect(table).to_be_visible(timeout=STEP_TIMEOUT)
    row = table.locator("tbody tr").filter(has=page.get_by_role("rowheader", name=TEXT["q_evidence"], exact=True))
    expect(row).to_have_count(1)
    cells = row.locator("td")
    for i, method in enumerate((first, second)):
        e = method.evidence
        assert e is not None
        expect(cells.nth(i)).to_contain_text(f"{EVIDENCE_LABELS[e.level]}.")
        expect(cells.nth(i)).not_to_contain_text("of 3 steps")
        assert cells.nth(i).locator(".ow-evidence-bar__step--on").count() == e.steps
    ui.full_screenshot(page, "dashboard-help-compare-evidence.png")
    violations = run_axe(page)
    assert not violations, "comparison with evidence:\n" + describe_violations(violations)


# --- the new conditions --------------------------------------------------------------------------------
@pytest.mark.parametrize("condition_id", ["kidney_disease", "blood_thinner"])
def test_a_new_condition_can_be_ticked_and_changes_the_cautions(dash: Any, condition_id: str) -> None:
    page = dash
    named = [(m, c) for m in OFFERED for c in m.cautions if condition_id in c.conditions]
    assert named, f"no caution names {condition_id!r}: ticking it would change nothing"
    method, caution = named[0]
    label = CATALOG.condition(condition_id).patient_label
    applies = TEXT["applies_to_you"].format(labels=label)
    part = ui.go(page, "help")
    card = card_of(part, method)
    expect(card).to_have_count(1, timeout=STEP_TIMEOUT)
    expect(card).not_to_contain_text(applies)
    part.get_by_role("button", name=TEXT["health_more"], exact=True).click()  # the list is folded
    box = part.get_by_label(condition_label(condition_id), exact=True)
    box.check()
    highlighted = card.locator(".ow-caution--applies").filter(has_text=applies)
    expect(highlighted).to_have_count(1, timeout=STEP_TIMEOUT)
    expect(highlighted).to_contain_text(" ".join(caution.patient_text.split()))
    if caution.level == "avoid":
        expect(card.locator(".ow-method-card__avoid")).to_have_text(TEXT["avoid_banner"])
        # "Hide them": the method leaves the list
        mode = part.get_by_label(TEXT["filter_mode"])
        mode.select_option(label=TEXT["mode_hide"])
        expect(card).to_have_count(0, timeout=STEP_TIMEOUT)
        mode.select_option(label=TEXT["mode_flag"])
        expect(card).to_have_count(1, timeout=STEP_TIMEOUT)
    box.uncheck()
    expect(card.locator(".ow-caution--applies")).to_have_count(0, timeout=STEP_TIMEOUT)


# --- what matters to me --------------------------------------------------------------------------------
def reordering_choice() -> tuple[str, ...]:
    """The smallest set of priorities (in checkbox order) that changes the order of the options."""
    data_order = [m.id for m in OFFERED]
    for n in range(1, len(PRIORITIES) + 1):
        for chosen in itertools.combinations(PRIORITIES, n):
            if [m.id for m in order_by_priorities(OFFERED, chosen)] != data_order:
                return chosen
    raise AssertionError("no choice of priorities changes the order: the data gives no method 'fits'")


def test_choosing_priorities_reorders_the_options_and_reaches_the_summary(dash: Any) -> None:
    page = dash
    chosen = reordering_choice()
    expected = [m.name for m in order_by_priorities(OFFERED, chosen)]
    part = ui.go(page, "help")
    cards = explorer_cards(part)
    expect(cards).to_have_count(len(OFFERED), timeout=STEP_TIMEOUT)
    assert card_names(part) == [m.name for m in OFFERED]
    step = part.locator(".ow-priorities")
    expect(step.get_by_role("heading", name=TEXT["priorities_title"], exact=True)).to_be_attached()
    expect(step).to_contain_text(TEXT["priorities_none"])
    for priority in chosen:
        box = step.get_by_label(PRIORITY_LABELS[priority], exact=True)
        box.scroll_into_view_if_needed()
        box.check()
    # the short list: best fit first, each with what it fits
    items = step.locator(".ow-priorities__item")
    expect(items).to_have_count(min(5, len(expected)), timeout=STEP_TIMEOUT)
    # Each tick re-renders the list and the cards: wait (Playwright retries) until the whole order is the
    # one for every box ticked, rather than reading a snapshot taken after the first tick's update.
    expect(items.locator(".ow-priorities__name")).to_have_text(expected[:5], timeout=STEP_TIMEOUT)
    # the cards above follow the same order
    expect(cards.locator("h3.ow-method-card__name")).to_have_text(expected, timeout=STEP_TIMEOUT)
    assert card_names(part) == expected
    step.screenshot(path=str(artifact("dashboard-help-priorities.png")))
    violations = run_axe(page)  # evidence bars on every card, the ticked step and its list
    assert not violations, "explorer and 'What matters to me' in use:\n" + describe_violations(violations)

    words = "; ".join(PRIORITY_LABELS[p] for p in chosen)
    provider = ui.go(page, "provider")
    expect(provider.locator(".ow-summary-widget")).to_contain_text(
        f"What matters to me: {words}.", timeout=STEP_TIMEOUT
    )
    provider.get_by_role("button", name="Make the summary").click()
    link = provider.get_by_role("link", name=ui_texts("summary")["download_summary"], exact=True)
    expect(link).to_be_visible(timeout=STEP_TIMEOUT)
    with page.expect_download() as info:
        link.click()
    document = Path(info.value.path()).read_text(encoding="utf-8")
    assert f"What matters to me: {words}." in text(document)  # the words a reader sees (no markup, no style)

    # unticking gives the data order back
    ui.go(page, "help")
    for priority in chosen:
        step.get_by_label(PRIORITY_LABELS[priority], exact=True).uncheck()
    expect(step).to_contain_text(TEXT["priorities_none"], timeout=STEP_TIMEOUT)
    # wait for the update after the last untick (the first card may be back in place one untick earlier)
    expect(cards.locator("h3.ow-method-card__name")).to_have_text([m.name for m in OFFERED], timeout=STEP_TIMEOUT)
    assert card_names(part) == [m.name for m in OFFERED]
