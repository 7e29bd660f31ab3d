"""The diary's trend chart and buttons on a phone, and the pain plan's "How long" list, in the served dashboard
(issue 15; health-literacy review, diary items 18 and 22).

The chart's text size is measured without font metrics: each text's computed font-size (SVG units) times the
drawn width of its SVG over the viewBox width is its size in CSS px, at least 16 at 320, 390 and 1280 px.
The buttons: none cuts its label off (scrollWidth over clientWidth), and "Save entry" and "Remove the entry
for this date" each take a full-width row.

Screenshots: test-artifacts/diary-chart-<width>.png (not committed).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from osteo_lib.care.diary import diary_texts, fmt_short
from osteo_lib.care.plan import choosable_methods, minute_choices, plan_texts
from osteo_lib.content.catalog import load_catalog
from osteo_lib.views.diary_chart import NARROW, WIDE
from tests.browser.conftest import artifact
from tests.browser.test_dashboard_sections import STEP_TIMEOUT, go, open_dashboard

pytest.importorskip("playwright")
from playwright.sync_api import expect

TEXT = diary_texts()
DAYS = 21
#: The chart shown (the other layout is display: none) and each of its texts' size on screen, in CSS px.
CHART_JS = """(box) => {
  const shown = [...box.querySelectorAll('svg.ow-chart')].filter((svg) => svg.getClientRects().length);
  return shown.map((svg) => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return {cls: svg.getAttribute('class'), label: svg.getAttribute('aria-label'),
            vbw: svg.viewBox.baseVal.width, width: svg.getBoundingClientRect().width,
            texts: [...svg.querySelectorAll('text')].map((t) => ({
              cls: t.getAttribute('class'), text: t.textContent,
              px: parseFloat(getComputedStyle(t).fontSize) * scale}))};
  });
}"""
BUTTONS_JS = """(root) => [...root.querySelectorAll('button')].filter((b) => b.getClientRects().length).map((b) => {
  const r = b.getBoundingClientRect();
  return {text: b.textContent.trim(), left: r.left, right: r.right, top: r.top, bottom: r.bottom,
          cut: b.scrollWidth > b.clientWidth + 1};
})"""
WIDER = """(root) => [...root.querySelectorAll('*')]
  .filter((el) => el.getClientRects().length && el.getBoundingClientRect().right > window.innerWidth + 0.5)
  .map((el) => el.tagName + '.' + el.getAttribute('class'))"""


def diary_file(tmp_path: Path, last: date) -> Path:
    """A diary of DAYS days ending on ``last``, the weekly questions answered every 7th day."""
    rows = ["date,pain,peg_pain,peg_enjoyment,peg_activity,tried,helped,note"]
    for n in range(DAYS):
        day = last - timedelta(days=DAYS - 1 - n)
        peg = "4,5,6" if n % 7 == 0 else ",,"
        rows.append(f"{day.isoformat()},{(n * 3) % 11},{peg},,,")
    path = tmp_path / "three-weeks.csv"
    path.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    return path


def test_chart_text_and_diary_buttons_on_a_phone(context: Any, dashboard_server: Any, tmp_path: Path) -> None:
    last = date.today() - timedelta(days=1)
    first = last - timedelta(days=DAYS - 1)
    page, errors = open_dashboard(context, dashboard_server.url)
    page.set_viewport_size({"width": 390, "height": 844})
    part = go(page, "diary")
    upload_button = part.get_by_role("button", name=TEXT["upload_label"], exact=True)
    expect(upload_button).to_have_text(TEXT["upload_label"])  # the label alone: no "(0)" (issue 14)
    assert "(" not in upload_button.inner_text()
    with page.expect_file_chooser() as chooser:
        upload_button.click()
    chooser.value.set_files(str(diary_file(tmp_path, last)))
    box = part.locator(".ow-diary-chart")
    expect(box.locator("svg:visible")).to_have_attribute(
        "aria-label", re.compile(rf"^{DAYS} entries from "), timeout=STEP_TIMEOUT
    )
    # what the file brought is said where the phone's screen is: right under the button, in view (a walkthrough
    # once found it about 600 px above, out of sight, so nothing seemed to happen)
    expect(part.locator(".ow-diary-files-message .ow-diary-message")).to_be_in_viewport(timeout=STEP_TIMEOUT)
    # the date the form shows has an entry, so "Remove the entry for this date" is offered beside "Save entry"
    part.get_by_label("Date", exact=True).fill(last.isoformat())

    for width, layout in ((320, NARROW), (390, NARROW), (1280, WIDE)):
        page.set_viewport_size({"width": width, "height": 844})
        expect(box.locator(f"svg.ow-chart--{layout.name}")).to_be_visible(timeout=STEP_TIMEOUT)
        (chart,) = box.evaluate(CHART_JS)  # one chart shown: the other layout is hidden from everyone
        assert chart["label"].startswith(f"{DAYS} entries"), chart["label"]
        assert chart["vbw"] == layout.width
        small = [t for t in chart["texts"] if t["px"] < 16]
        assert not small, f"chart text under 16px at {width}px ({chart['width']:.0f}px wide): {small}"
        texts = {t["cls"]: [] for t in chart["texts"]}
        for t in chart["texts"]:
            texts[t["cls"]].append(t["text"])
        assert texts["ow-chart-axis-title"] == [TEXT["axis_title"]]
        assert texts["ow-chart-legend"] == [TEXT["legend_pain"], TEXT["legend_peg"]]
        days = [t for t in texts["ow-chart-tick"] if not t.isdigit()]
        assert 2 <= len(days) <= layout.max_days, days
        assert days[0] == fmt_short(first) and days[-1] == fmt_short(last)
        box.scroll_into_view_if_needed()
        page.screenshot(path=str(artifact(f"diary-chart-{width}.png")))

        if width < 1280:
            buttons = part.evaluate(BUTTONS_JS)
            cut = [b["text"] for b in buttons if b["cut"]]
            assert not cut, f"button labels cut off at {width}px: {cut}"
            for inside in (".ow-diary-form", ".ow-diary-chart"):  # (the table scrolls in its own box)
                wider = part.locator(inside).evaluate(WIDER)
                assert wider == [], f"part of {inside} is wider than a {width}px screen: {wider}"
            by_text = {b["text"]: b for b in buttons}
            save, remove = by_text[TEXT["save"]], by_text[TEXT["remove"]]
            row = part.locator(".ow-diary-actions").bounding_box()
            assert row is not None
            for button in (save, remove):  # a full-width row each, one under the other
                assert button["left"] - row["x"] < 4 and row["x"] + row["width"] - button["right"] < 4, button
            assert remove["top"] >= save["bottom"]
    assert not errors, f"errors in the page: {errors}"
    page.close()


def test_the_plans_how_long_list_has_its_choices(context: Any, dashboard_server: Any) -> None:
    """A rater once saw the plan's "How long" list empty: in the served page it holds the minutes the
    chosen option offers (15 and 20 for heat), and follows the option chosen."""
    catalog = load_catalog()
    text = plan_texts()

    def labels(method_id: str) -> list[str]:
        return [
            text["minutes_none"] if m is None else text.format("minutes_value", minutes=m)
            for m in minute_choices(catalog.method(method_id))
        ]

    page, errors = open_dashboard(context, dashboard_server.url)
    page.set_viewport_size({"width": 390, "height": 844})
    plan = go(page, "provider").locator(".ow-plan")
    how_long = plan.get_by_label(text["minutes_label"], exact=True)
    expect(plan.get_by_role("radio").first).to_be_checked(timeout=STEP_TIMEOUT)
    first_id = choosable_methods(catalog)[0].id  # nothing marked in What may help: every option for home
    expect(plan.get_by_role("radio", name=catalog.method(first_id).name, exact=True)).to_be_checked()
    expect(how_long.locator("option")).to_have_text(labels(first_id), timeout=STEP_TIMEOUT)
    assert len(labels(first_id)) >= 2
    free = next(m for m in choosable_methods(catalog) if m.duration_minutes is None)
    plan.get_by_role("radio", name=free.name, exact=True).check()
    expect(how_long.locator("option")).to_have_text(labels(free.id), timeout=STEP_TIMEOUT)
    how_long.select_option(label=labels(free.id)[2])
    chosen = how_long.evaluate("(s) => s.selectedOptions[0].textContent")
    assert chosen.replace("\xa0", " ") == labels(free.id)[2]  # (ipywidgets writes no-break spaces)
    assert not errors, f"errors in the page: {errors}"
    page.close()
