"""The healing timeline asks for the day of the break, not a number of weeks (issue 14): the widget's
traits, with the weeks worked out by osteo_lib.care.healing.since_break."""

from __future__ import annotations

from datetime import date, timedelta

import ipywidgets as w

from osteo_lib.care.diary import fmt_day
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.timeline import load_timeline
from osteo_lib.content.ui import ui_texts
from osteo_lib.views.widgets.timeline import WEEKS_SHOWN, HealingTimeline
from tests.markup import soup, text

TODAY = date(2025, 6, 1)
TEXT = ui_texts("timeline")


def timeline(catalog: Catalog, audience: str = "patient") -> HealingTimeline:
    return HealingTimeline(catalog, audience=audience, fracture_type="vertebral", today=lambda: TODAY)  # type: ignore[arg-type]


def test_patients_are_asked_when_the_break_happened_and_see_no_weeks_box(catalog: Catalog) -> None:
    tl = timeline(catalog)
    assert isinstance(tl.break_date, w.DatePicker) and tl.break_date.description == TEXT["date_label"]
    assert TEXT["date_label"].endswith("?")
    assert tl.weeks.layout.display == "none" and tl.weeks_help.layout.display == "none"
    assert text(tl.date_help.value) == " ".join(TEXT["date_help"].split())
    student = timeline(catalog, "student")
    assert student.weeks.layout.display != "none"  # students may still type weeks


def test_the_break_date_sets_the_weeks_and_the_phase(catalog: Catalog) -> None:
    tl = timeline(catalog)
    healing_starts = catalog.healing.range_weeks[0]
    tl.break_date.value = TODAY - timedelta(weeks=healing_starts, days=3)
    assert tl.weeks.value == healing_starts and tl.phase.id == "healing"
    assert text(tl.date_message.value) == TEXT.format("date_weeks", weeks=healing_starts)
    assert load_timeline(catalog).guide("healing").name in text(tl.details.value)
    tl.break_date.value = TODAY - timedelta(days=3)
    assert (tl.weeks.value, tl.phase.id) == (0, "acute")
    assert text(tl.date_message.value) == TEXT["date_under_week"]
    tl.break_date.value = TODAY
    assert text(tl.date_message.value) == TEXT["date_today"]


def test_a_future_day_is_refused_with_a_message_and_changes_nothing(catalog: Catalog) -> None:
    tl = timeline(catalog)
    tl.break_date.value = TODAY - timedelta(weeks=8)
    before = (tl.weeks.value, tl.phase.id, tl.picture.value)
    future = TODAY + timedelta(days=5)
    tl.break_date.value = future
    assert (tl.weeks.value, tl.phase.id, tl.picture.value) == before
    message = soup(tl.date_message.value).select_one("p")
    assert message is not None and message.get("role") == "status" and "ow-warning" in message["class"]
    assert text(tl.date_message.value) == TEXT.format("date_future", day=fmt_day(future))


def test_more_than_a_year_ago_shows_the_chronic_phase_and_says_why(catalog: Catalog) -> None:
    tl = timeline(catalog)
    tl.break_date.value = date(2023, 2, 1)
    assert tl.weeks.value == WEEKS_SHOWN and tl.phase.id == "chronic"
    chronic = load_timeline(catalog).guide("chronic").name
    assert text(tl.date_message.value) == TEXT.format("date_over_year", phase=chronic)
    tl.break_date.value = None
    assert tl.date_message.value == "" and tl.since is None
