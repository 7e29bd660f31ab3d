"""My pain plan and the pictures on a phone (390 x 844), in the served dashboard: a person marks an option
in What may help, sees its picture (with alt text) and icon, builds the plan in Talk to my provider, and the
printable page (print media) has the checklist; the diary shows the pain scale picture. The plan, a card
with pictures and the diary's picture pass the axe scan, and the plan is no wider than the screen."""

from __future__ import annotations

import base64
import re
from datetime import date
from typing import Any

import pytest

from osteo_lib.care.plan import (
    MAX_ITEMS,
    checklist,
    choosable_methods,
    make_item,
    minute_choices,
    plan_texts,
    when_labels,
)
from osteo_lib.care.plan import Plan as PlanRecord
from osteo_lib.care.treatments import texts
from osteo_lib.content.catalog import load_catalog
from osteo_lib.content.pictures import load_pictures
from osteo_lib.views.plan_document import build_plan_document
from tests.browser.conftest import artifact, describe_violations, run_axe
from tests.browser.test_dashboard_sections import STEP_TIMEOUT, go, open_dashboard

pytest.importorskip("playwright")
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
WIDER = """(root) => [...root.querySelectorAll('*')]
  .filter((el) => el.getClientRects().length && el.getBoundingClientRect().right > window.innerWidth + 0.5)
  .map((el) => el.tagName + '.' + el.className)"""

SMALL_TARGETS = """(root) => [...root.querySelectorAll('button, select, label:has(input[type=radio]), a')]
  .filter((el) => el.getClientRects().length)
  .filter((el) => { const r = el.getBoundingClientRect(); return r.height < 44 || r.width < 44; })
  .map((el) => el.tagName + ':' + el.textContent.trim().slice(0, 30))"""


def test_plan_and_pictures_on_a_phone(browser: Any, context: Any, dashboard_server: Any) -> None:
    catalog = load_catalog()
    pictures = load_pictures(catalog)
    cold = catalog.method("cold")
    text = plan_texts()
    page, errors = open_dashboard(context, dashboard_server.url)
    page.set_viewport_size(PHONE)

    # Understand my pain: the pathway and timeline labels keep a readable size, and no words run together
    part = go(page, "understand")
    labels = part.locator(".ow-timeline-tick-label, .ow-pathway-stage, .ow-timeline-caption")
    expect(labels.first).to_be_visible(timeout=STEP_TIMEOUT)
    sizes = labels.evaluate_all("(all) => all.map((el) => parseFloat(getComputedStyle(el).fontSize))")
    assert sizes and min(sizes) >= 14, f"labels of {min(sizes)}px on a phone"
    assert "firstweeks" not in part.inner_text().lower()

    # What may help: the cold card shows its icon (decorative) and the pack picture with its alt text
    part = go(page, "help")
    card = part.locator(".ow-method-card").filter(has_text=cold.name).first
    expect(card).to_be_visible(timeout=STEP_TIMEOUT)
    # the patient dashboard shows short cards: the pictures are in the part "More about ..." opens
    card.get_by_role("button", name=texts().format("card_more", name=cold.name)).click()
    picture = card.locator("img.ow-picture__img")
    picture.scroll_into_view_if_needed()
    expect(picture).to_be_visible()
    expect(picture).to_have_attribute("alt", pictures.picture("pack_on_back").alt)
    assert picture.evaluate("(img) => img.complete && img.naturalWidth > 0")  # drawn from its data: address
    icon = card.locator("h3 img.ow-method-icon")
    assert icon.get_attribute("alt") == ""
    steps = card.locator(".ow-picture__steps li")
    # the box with the drawing shows the card's own steps, once (issue 14: not the general pack steps too)
    assert steps.all_inner_texts() == list(pictures.pictures_for(cold.id, cold.how_to_steps)[0].steps)
    assert steps.all_inner_texts() == list(cold.how_to_steps)
    font = steps.first.evaluate("(li) => parseFloat(getComputedStyle(li).fontSize)")
    assert font >= 14, f"picture steps are {font}px on a phone"
    card.screenshot(path=str(artifact("plan-phone-card.png")))
    violations = run_axe(page, ".ow-method-card")
    assert not violations, describe_violations(violations)
    card.get_by_role("checkbox", name=texts().format("mark", name=cold.name)).check()

    # Talk to my provider: the plan offers the marked option; add it for the evening, 20 minutes
    part = go(page, "provider")
    plan = part.locator(".ow-plan")
    expect(plan.get_by_role("heading", name=text["plan_title"])).to_be_visible(timeout=STEP_TIMEOUT)
    selects = plan.locator(".ow-plan-select select")
    heights = selects.evaluate_all("(all) => all.map((s) => s.getBoundingClientRect().height)")
    assert all(44 <= h <= 80 for h in heights), heights
    expect(plan.get_by_role("radio")).to_have_count(1, timeout=STEP_TIMEOUT)
    expect(plan.get_by_role("radio", name=cold.name)).to_be_checked()
    selects.nth(0).select_option(label=when_labels()["evening"])
    selects.nth(1).select_option(label=text.format("minutes_value", minutes=20))
    plan.get_by_role("button", name=text["add_button"]).click()
    line = checklist(catalog, PlanRecord(items=(make_item(catalog, "cold", "evening", 20),))).items[0]
    checks = plan.locator(".ow-plan-checks li")
    expect(checks.first).to_have_text(line, timeout=STEP_TIMEOUT)
    expect(plan.get_by_role("button", name=text["worse_button"])).to_be_visible()
    plan.evaluate("(el) => el.scrollIntoView()")
    page.screenshot(path=str(artifact("plan-phone.png")))
    assert plan.evaluate(WIDER) == [], "part of the plan is wider than the phone screen"
    small = plan.evaluate(SMALL_TARGETS)
    assert small == [], f"targets smaller than 44 x 44 px: {small}"
    violations = run_axe(page, ".ow-plan")
    assert not violations, describe_violations(violations)

    # "Print my plan" prints the plan's own page from a hidden frame (no new tab, no browser menu)
    printer = plan.locator(".ow-plan-printer")
    printer.get_by_role("button", name=text["print_button"], exact=True).click()
    expect(printer).to_have_attribute("data-printed", "1", timeout=STEP_TIMEOUT)
    expect(printer).to_have_attribute("data-printed-title", text["print_title"])
    # the printable page, in print media, has the checklist
    link = plan.locator("a.ow-plan-print-link")
    assert str(link.get_attribute("download")).startswith("my-pain-plan-")
    document = base64.b64decode(link.get_attribute("href").split(",", 1)[1]).decode("utf-8")
    print_context = browser.new_context(bypass_csp=True)  # (the page's CSP would block the axe script)
    printed = print_context.new_page()
    try:
        printed.set_viewport_size(PHONE)
        printed.set_content(document)
        printed.emulate_media(media="print")
        expect(printed.locator(".owp-checks li").first).to_have_text(line)
        printed.screenshot(path=str(artifact("plan-phone-printed.png")), full_page=True)
        expect(printed.get_by_text(text["worse_title"])).to_be_visible()
        violations = run_axe(printed)
        assert not violations, describe_violations(violations)
    finally:
        print_context.close()

    # the diary: the 0 to 10 scale picture with its alt text
    part = go(page, "diary")
    scale = part.locator("img.ow-picture__img")
    expect(scale).to_have_attribute("alt", pictures.picture("pain_scale").alt, timeout=STEP_TIMEOUT)
    scale.scroll_into_view_if_needed()
    expect(scale).to_be_visible()
    violations = run_axe(page, ".ow-diary-scale-picture")
    assert not violations, describe_violations(violations)
    assert not errors, f"errors in the page: {errors}"
    page.close()


PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_a_full_plan_prints_on_one_sheet(paper: str, browser: Any) -> None:
    """The printable plan with the most things to try and long questions prints on one A4 or Letter sheet
    (Chromium's own print to PDF, pages counted in the PDF)."""
    catalog = load_catalog()
    methods = choosable_methods(catalog)[:MAX_ITEMS]
    items = tuple(make_item(catalog, m.id, "evening", minute_choices(m)[-1]) for m in methods)
    questions = tuple(f"Question {i}: is this safe for me with my back and my kidneys, and how long?" for i in range(6))
    plan = PlanRecord(items=items, questions=questions)
    document = build_plan_document(catalog, plan, date(2026, 3, 12))
    page = browser.new_page()
    try:
        page.set_content(document)
        expect(page.locator(".owp-checks li").first).to_have_text(checklist(catalog, plan).items[0])
        for question in questions:
            expect(page.get_by_text(question)).to_have_count(1)
        pdf = page.pdf(format=paper, prefer_css_page_size=True)
    finally:
        page.close()
    assert len(items) == MAX_ITEMS
    assert len(PDF_PAGE.findall(pdf)) == 1
