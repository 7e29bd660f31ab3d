"""The downloaded provider summary on a phone: a person often opens the file on the phone that made it.
At 390 and 320 CSS pixels wide nothing in it is wider than the screen (long names, dates, notes and
tables wrap), so nothing has to be scrolled sideways or is cut off. Its chart's text is 16 CSS px or more on
a screen of any width (measured without font metrics: computed font-size in SVG units times the drawn width
over the viewBox width), and on paper the low print chart is the one shown. And on paper: a full summary prints
on one or two A4 or Letter pages (Chromium's own print to PDF, pages counted in the PDF)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from osteo_lib.care.diary import Entry
from osteo_lib.views.summary_document import build_summary
from osteo_lib.views.widgets.base import resolve_catalog

WIDER = """() => [...document.querySelectorAll('body *')]
  .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
  .map((el) => el.tagName + '.' + el.className)"""


@pytest.mark.parametrize("width", [390, 320])
def test_the_summary_fits_a_phone_screen(width: int, tmp_path: Path, browser: Any) -> None:
    catalog = resolve_catalog(None)
    entries = [
        Entry(
            date(2026, 3, 1) + timedelta(days=i),
            3 + i % 5,
            4,
            5,
            6,
            "Heat pack on my lower back",
            "a lot",
            "Stiff in the morning after a long walk to the shops and back again",
        )
        for i in range(9)
    ]
    marked = [m.id for m in catalog.methods if m.patient_option][:4]
    document = build_summary(
        entries,
        marked,
        "Why does it hurt more at night?\nHow long?",
        catalog,
        date(2026, 3, 12),
        patient_name="Mary Margaret Example-Longname",
        conditions=[catalog.conditions[0].id],
    )
    path = tmp_path / "summary.html"
    path.write_text(document, encoding="utf-8")
    page = browser.new_page(viewport={"width": width, "height": 844})
    try:
        page.goto(path.as_uri())
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width
        assert page.evaluate(WIDER) == []
    finally:
        page.close()


#: The charts shown (the others are display: none): layout class and each text's size on screen in CSS px.
CHARTS = """() => [...document.querySelectorAll('.ows-chart svg.ow-chart')]
  .filter((svg) => svg.getClientRects().length)
  .map((svg) => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return {cls: svg.getAttribute('class'),
            px: [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale)};
  })"""


def _three_weeks() -> list[Entry]:
    return [
        Entry(date(2026, 3, 1) + timedelta(days=i), 2 + i % 7, *((4, 5, 6) if i % 7 == 0 else (None, None, None)))
        for i in range(21)
    ]


@pytest.mark.parametrize(("width", "shown"), [(320, "narrow"), (390, "narrow"), (700, "wide"), (1280, "narrow")])
def test_the_summary_chart_text_is_readable_on_any_screen(width: int, shown: str, tmp_path: Path, browser: Any) -> None:
    path = tmp_path / "summary.html"
    path.write_text(build_summary(_three_weeks(), [], "", resolve_catalog(None), date(2026, 3, 22)), encoding="utf-8")
    page = browser.new_page(viewport={"width": width, "height": 844})
    try:  # (at 1280 px the page has two columns, and the chart's is under 512 px)
        page.goto(path.as_uri())
        charts = page.evaluate(CHARTS)
        assert [c["cls"] for c in charts] == [f"ow-chart ow-chart--{shown}"], charts
        assert charts[0]["px"] and min(charts[0]["px"]) >= 16, charts
        page.emulate_media(media="print")
        assert [c["cls"] for c in page.evaluate(CHARTS)] == ["ow-chart ow-chart--print"]
    finally:
        page.close()


PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_a_full_summary_prints_on_one_or_two_pages(paper: str, tmp_path: Path, browser: Any) -> None:
    catalog = resolve_catalog(None)
    entries = [
        Entry(date(2026, 3, 1) + timedelta(days=i), 3 + i % 5, 4, 5, 6, "Heat pack", "a lot", "Stiff after a walk")
        for i in range(10)  # the most listed one by one
    ]
    marked = [m.id for m in catalog.methods if m.patient_option and m.cautions][:5]
    document = build_summary(
        entries,
        marked,
        "\n".join(f"Question number {i}: is this safe for me with my back?" for i in range(6)),
        catalog,
        date(2026, 3, 12),
        patient_name="Mary Example",
        conditions=[c.id for c in catalog.conditions[:2]],
        my_conditions="Kidney disease\nHigh blood pressure\nAsthma",
        medicines="\n".join(f"Medicine {i}, 10 mg, once a day" for i in range(5)),
    )
    path = tmp_path / "summary.html"
    path.write_text(document, encoding="utf-8")
    page = browser.new_page()
    try:
        page.goto(path.as_uri())
        pdf = page.pdf(format=paper, prefer_css_page_size=True)
    finally:
        page.close()
    pages = len(PDF_PAGE.findall(pdf))
    assert 1 <= pages <= 2, f"{pages} pages on {paper}"
