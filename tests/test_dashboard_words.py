"""The patient dashboard's words (issue 14, PEMAT-P and CDC Clear Communication Index fixes from
docs/health-literacy.md), read from the data and the rendered widgets: the weekly pain score instead of
"PEG", no computer words in the diary, and the diary's one lead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest

from osteo_lib.apps.dashboard import PatientDashboard
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.ui import ui_texts
from tests.markup import soup

TODAY = date(2025, 3, 10)
PEG = re.compile(r"\bPEG\b")
COMPUTER_WORDS = re.compile(r"\bserver\b|web browser|spreadsheet|\.xlsx|\bHTML\b", re.IGNORECASE)


@pytest.fixture()
def dash(catalog: Catalog) -> Iterator[PatientDashboard]:
    d = PatientDashboard(catalog, today=TODAY)
    yield d
    d.close()


def shown_words(html: str) -> str:
    """The words of ``html`` outside the "Where this comes from" disclosures (source titles keep their own
    words) and style elements."""
    page = soup(html)
    for el in page.select("details.ow-dash-sources, style"):
        el.decompose()
    return " ".join(page.get_text(" ", strip=True).split())


# --- My pain diary ------------------------------------------------------------------------------------
def test_patients_read_weekly_pain_score_not_peg() -> None:
    for area in ("diary", "summary"):
        texts = ui_texts(area)
        assert not [k for k, t in texts.items() if PEG.search(t)], area
    diary = ui_texts("diary")
    assert diary["legend_peg"] == "Weekly pain score (the 3 weekly questions)"
    assert diary["col_peg"] == "Weekly pain score"
    # what the number is: the average of the 3 answers, each from 0 to 10
    assert "average of your 3 answers" in diary["peg_intro"] and "0 (none) to 10 (the most)" in diary["peg_intro"]
    assert "average" in ui_texts("summary")["scale_note"]


def test_the_diary_part_has_no_peg_and_no_computer_words_on_screen(dash: PatientDashboard) -> None:
    dash.show("diary")
    words = shown_words(dash.text)
    assert not PEG.search(words)
    assert not COMPUTER_WORDS.search(words), COMPUTER_WORDS.search(words)
    assert "This page does not send your diary anywhere." in words
    dash.show("provider")
    assert not COMPUTER_WORDS.search(shown_words(dash.text))


def test_the_diary_lead_is_said_once(dash: PatientDashboard) -> None:
    """The part's lead says to write down pain each day; the diary under it no longer repeats it."""
    dash.show("diary")
    words = shown_words(dash.text)
    assert words.count("Write down your pain") == 1
    assert ui_texts("diary")["diary_intro"] in " ".join(soup(dash.text).get_text(" ").split())


# --- Understand my pain -------------------------------------------------------------------------------
TENS_DEFINED = "TENS (a small device that sends a mild tingle through pads on the skin)"


def test_understand_my_pain_uses_plain_words_in_every_stage(dash: PatientDashboard) -> None:
    dash.show("understand")
    pages = [dash.text]
    for stage in dash.catalog.stages:
        dash.pathway.selected = stage.id
        pages.append(dash.text)
    for weeks in (0, 3, 8, 16, 30):
        dash.timeline.weeks.value = weeks
        pages.append(dash.text)
    for page in [*pages, dash.pathway.diagram.markup]:
        words = shown_words(page)
        assert not re.search(r"pain gate|emotional outlook|\bphases?\b", words, re.IGNORECASE)
    # the diagram's own label defines TENS where it appears
    page = soup(dash.pathway.diagram.markup + dash.text)  # the diagram is an anywidget drawn from its markup
    label = page.select_one('li[data-modulator="gentle_touch"]')
    assert label is not None and TENS_DEFINED in " ".join(label.get_text(" ").split())
    feel = page.select_one('li[data-modulator="emotional_outlook"]')
    assert feel is not None and "How you feel" in feel.get_text(" ")
    assert "Stage" in [th.get_text(strip=True) for th in page.select("table th")]


# --- What may help ------------------------------------------------------------------------------------
def test_what_may_help_opens_with_a_start_here_box_built_from_the_methods(dash: PatientDashboard) -> None:
    text = ui_texts("dashboard")
    dash.show("help")
    page = soup(dash.text)
    box = page.select_one("section.ow-dash-start")
    assert box is not None and box.h3.get_text() == text["start_here_title"]
    # under the part's lead and intro, before the tools
    blocks = page.find_all(["h2", "p", "section"])
    assert blocks.index(page.select_one("p.ow-dash-intro")) < blocks.index(box)
    lines = box.select("ul.ow-dash-start__lines > li")
    assert [li["data-group"] for li in lines] == ["start_with", "ask_first", "not_advised"]
    assert 3 <= len(lines) + 1 <= 4  # 3 to 4 lines in all, with the line that says where to read more
    for li in lines:
        group = li["data-group"]
        assert li.strong.get_text() == text[f"start_here_{group}"]
        expected = [m for m in dash.catalog.methods if m.start_here and m.start_here.group == group]
        assert [s["data-method"] for s in li.select("span[data-method]")] == [m.id for m in expected]
        assert [s.get_text() for s in li.select("span[data-method]")] == [m.start_here.patient_label for m in expected]
    named = {s["data-method"] for s in box.select("span[data-method]")}
    # the everyday first steps are first; prescription medicine is never a "start with"
    assert {"exercise", "heat", "cold", "otc_pain_relievers"} <= {
        s["data-method"] for s in lines[0].select("span[data-method]")
    }
    assert {"opioids", "nsaid_pills"} <= {s["data-method"] for s in lines[1].select("span[data-method]")}
    assert {"therapeutic_ultrasound", "vertebroplasty_kyphoplasty"} == {
        s["data-method"] for s in lines[2].select("span[data-method]")
    }
    for mid in named:
        method = dash.catalog.method(mid)
        assert method.patient_option, mid  # each one has its own card to read more
        if method.start_here and method.start_here.group == "start_with":
            assert method.provided_by != "prescription" and method.at_home, mid


def test_the_falls_benefit_is_said_in_whole_numbers_of_5() -> None:
    from osteo_lib import load_catalog

    evidence = load_catalog().method("fall_prevention").evidence
    assert evidence is not None
    words = " ".join(evidence.patient_text.split())
    assert "one in five falls" in words and "of every 5 falls that would have happened, about 1 does not" in words


# --- Get help now -------------------------------------------------------------------------------------
def test_the_988_line_is_tap_to_call_and_tap_to_text(dash: PatientDashboard) -> None:
    dash.show("urgent")
    page = soup(dash.text)
    sign = page.select_one('li[data-sign="crisis"]')
    assert sign is not None
    do = sign.select_one(".ow-dash-sign__do")
    assert "call or text 988" in do.get_text()
    links = {a["href"]: a.get_text() for a in do.select("a.ow-dash-call")}
    assert links == {"tel:988": "Call 988", "sms:988": "Text 988"}
    # like the 911 links at the top of the list
    assert page.select_one("a.ow-dash-call--emergency")["href"] == "tel:911"


def test_a_call_link_must_match_the_number_its_sign_names(catalog: Catalog, tmp_path: object) -> None:
    from osteo_lib.errors import DataError
    from tests.test_dashboard import _load_edited

    def change(doc: dict[str, object]) -> None:
        crisis = next(s for g in doc["warning_signs"] for s in g["signs"] if s["id"] == "crisis")  # type: ignore[attr-defined,index]
        crisis["calls"][0]["number"] = "911988"

    with pytest.raises(DataError) as info:
        _load_edited(catalog, tmp_path, change)  # type: ignore[arg-type]
    assert info.value.field == "signs[crisis].calls" and "911988" in str(info.value)
