"""The printable handouts in Chromium: they print (a PDF on A4 and on Letter), the print styles start the
blank diary on a page of its own, they ask for nothing beyond their own file, read on a phone without
sideways scrolling, and axe finds no WCAG 2.1 A/AA problem. Page counts are printed, not asserted
(they depend on the fonts)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from osteo_lib.apps.handouts import PATIENT_FILE, write_handouts
from tests.browser.conftest import artifact, describe_violations, run_axe


@pytest.fixture(scope="module")
def handouts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("handouts")
    write_handouts(out)
    return out


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_every_handout_prints_and_asks_for_nothing_else(handouts: Path, context: Any) -> None:
    for path in sorted(handouts.rglob("*.html")):
        page = context.new_page()
        asked: list[str] = []
        page.on("request", lambda r, asked=asked: asked.append(r.url))
        page.goto(path.as_uri())
        assert asked == [path.as_uri()], asked
        a4, letter = page.pdf(format="A4"), page.pdf(format="Letter")
        assert a4.startswith(b"%PDF") and _pages(a4) >= 1 and _pages(letter) >= 1
        print(f"{path.name}: {_pages(a4)} A4 pages, {_pages(letter)} Letter pages")
        page.close()


def test_the_blank_diary_starts_a_printed_page_and_questions_are_not_split(handouts: Path, context: Any) -> None:
    page = context.new_page()
    style = "(el, prop) => getComputedStyle(el)[prop]"
    page.goto((handouts / PATIENT_FILE).as_uri())
    page.emulate_media(media="print")
    assert page.eval_on_selector("section.owh-diary", style, "breakBefore") == "page"
    assert page.eval_on_selector("div.owh-signs", style, "breakInside") == "avoid"
    page.emulate_media(media="screen")  # on screen it is one long page
    assert page.eval_on_selector("section.owh-diary", style, "breakBefore") == "auto"
    page.goto((handouts / "student-02_causes_of_chronic_pain.html").as_uri())
    page.emulate_media(media="print")
    assert page.eval_on_selector("li.owh-item", style, "breakInside") == "avoid"


@pytest.mark.parametrize("width", [390, 1280])
def test_handouts_read_on_a_phone_and_pass_axe(handouts: Path, browser: Any, width: int) -> None:
    # The pages forbid every script (their CSP); this context lets the test inject axe-core all the same.
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 844})
    page = context.new_page()
    names = (PATIENT_FILE, "student-03_physical_methods.html", "student-07_case_study.html")
    for name in (*names, "instructor/rubrics.html", "instructor/osce-station.html"):
        page.goto((handouts / name).as_uri())
        overflow = page.evaluate("() => document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow} px at {width} px"
        violations = run_axe(page)
        assert not violations, f"{name}: " + describe_violations(violations)
        if width == 390:
            page.screenshot(path=str(artifact(f"handout-{name.replace('/', '-')}.png")), full_page=True)
    context.close()
