"""Healing phases (osteo_lib.care.healing): boundaries from the catalog, validation, and timeline.yaml
(records and loader in osteo_lib.content.timeline)."""

from __future__ import annotations

import dataclasses
import doctest
import itertools
import math
import re
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import textstat
import yaml

from osteo_lib.care import healing
from osteo_lib.care.healing import MAX_WEEKS, healing_phase, phase_span, phase_spans
from osteo_lib.content import timeline as timeline_content
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.model import Healing
from osteo_lib.content.paths import data_dir
from osteo_lib.content.timeline import PHASE_IDS, Timeline, fracture_types, load_timeline
from osteo_lib.errors import DataError


@pytest.fixture(scope="module")
def timeline(catalog: Catalog) -> Timeline:
    return load_timeline(catalog)


def _cases(h: Healing) -> list[tuple[float, str]]:
    shortest, typical, chronic = h.range_weeks[0], h.typical_weeks, h.chronic_after_weeks
    return [
        (0, "acute"),
        (shortest - 0.01, "acute"),
        (shortest, "healing"),
        (typical - 0.01, "healing"),
        (typical, "healed"),
        (chronic, "healed"),
        (chronic + 0.01, "chronic"),
        (chronic + 1, "chronic"),
        (MAX_WEEKS, "chronic"),
    ]


def test_exact_boundaries_come_from_the_catalog(catalog: Catalog, timeline: Timeline) -> None:
    h = catalog.healing
    assert 0 < h.range_weeks[0] <= h.typical_weeks <= h.chronic_after_weeks
    for weeks, expected in _cases(h):
        phase = healing_phase(weeks, "vertebral", h, timeline)
        assert phase.id == expected, (weeks, expected, phase.id)
        assert phase.guide.id == expected
        assert phase.weeks == weeks


def test_boundaries_follow_other_healing_data(timeline: Timeline, catalog: Catalog) -> None:
    # Different numbers must move the boundaries: nothing is hard-coded.
    other = dataclasses.replace(catalog.healing, range_weeks=(4, 30), typical_weeks=10, chronic_after_weeks=16)
    for weeks, expected in _cases(other):
        assert healing_phase(weeks, "hip", other, timeline).id == expected, (weeks, expected)
    # Between typical and chronic_after the phase is "healed" for the whole span.
    assert phase_span(13, other).id == "healed"
    spans = phase_spans(other)
    assert [s.id for s in spans] == list(PHASE_IDS)
    assert [(s.start, s.end) for s in spans] == [(0, 4), (4, 10), (10, 16), (16, None)]


def test_spans_cover_the_line_without_gaps(catalog: Catalog) -> None:
    spans = phase_spans(catalog.healing)
    assert spans[0].start == 0 and spans[-1].end is None
    for a, b in itertools.pairwise(spans):
        assert a.end == b.start


def test_out_of_order_healing_data_is_refused(catalog: Catalog) -> None:
    bad = dataclasses.replace(catalog.healing, typical_weeks=20, chronic_after_weeks=10)
    with pytest.raises(ValueError, match="out of order"):
        phase_spans(bad)


@pytest.mark.parametrize("weeks", [-1, -0.001, math.nan, math.inf, -math.inf, MAX_WEEKS + 1, 10_000, "5", None, True])
def test_bad_weeks_raise_value_error(weeks: Any, catalog: Catalog, timeline: Timeline) -> None:
    with pytest.raises(ValueError, match="weeks"):
        healing_phase(weeks, "vertebral", catalog.healing, timeline)


def test_unknown_fracture_type_raises_value_error(catalog: Catalog, timeline: Timeline) -> None:
    with pytest.raises(ValueError, match="fracture_type 'elbow'"):
        healing_phase(3, "elbow", catalog.healing, timeline)


def test_default_timeline_is_the_real_one(catalog: Catalog) -> None:
    phase = healing_phase(catalog.healing.typical_weeks, "wrist", catalog.healing)
    assert phase.id == "healed" and phase.fracture.id == "wrist"


def test_timeline_covers_every_fracture_type_of_the_catalog(catalog: Catalog, timeline: Timeline) -> None:
    assert {f.id for f in timeline.fracture_types} == set(fracture_types(catalog))
    assert set(fracture_types(catalog)) >= {"vertebral", "stress", "hip", "wrist", "other"}
    for f in fracture_types(catalog):
        phase = healing_phase(1, f, catalog.healing, timeline)
        assert phase.fracture.id == f and phase.fracture.patient_text


def test_phase_content_is_complete_and_consistent(catalog: Catalog, timeline: Timeline) -> None:
    assert [p.id for p in timeline.phases] == list(PHASE_IDS)
    for p in timeline.phases:
        assert p.methods and p.talk_to_provider
        for mid in p.methods:
            m = catalog.method(mid)
            if p.id in ("acute", "chronic"):
                assert p.id in m.pain_types, (p.id, mid)
        catalog.references_for(p.references)  # every id resolves
        # New leg weakness or numbness is an emergency in every phase, as in "Get help now" (issue 12).
        assert any(
            "numb" in s.patient_text and "weak" in s.patient_text and "911" in s.patient_text
            for s in p.talk_to_provider
        ), p.id
    healing = timeline.guide("healing")
    assert any("worse instead of better" in s.patient_text for s in healing.talk_to_provider)
    chronic = timeline.guide("chronic")
    assert any("3 months" in s.patient_text for s in chronic.talk_to_provider)


def test_patient_texts_are_plain_language(timeline: Timeline) -> None:
    texts = [
        t
        for p in timeline.phases
        for t in (p.expect_patient, p.may_help_text, *(s.patient_text for s in p.talk_to_provider))
    ]
    texts += [f.patient_text for f in timeline.fracture_types]
    for text in texts:
        assert textstat.flesch_kincaid_grade(text) <= 8, text


# --- DataError for broken timeline.yaml -------------------------------------------------------------
@pytest.fixture()
def timeline_copy(tmp_path: Path) -> Path:
    """A folder named data/ holding a copy of timeline.yaml only."""
    target = tmp_path / "data"
    target.mkdir()
    shutil.copy(data_dir() / "timeline.yaml", target / "timeline.yaml")
    return target


def _catalog_in(folder: Path, catalog: Catalog) -> Catalog:
    """The real catalog, but reading timeline.yaml from ``folder`` (no need to reload every file)."""
    return dataclasses.replace(catalog, source=folder)


def _edit(folder: Path, change: Any) -> None:
    path = folder / "timeline.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")


def _phase(doc: dict[str, Any], pid: str) -> dict[str, Any]:
    return next(p for p in doc["phases"] if p["id"] == pid)


@pytest.mark.parametrize(
    ("change", "record", "field", "problem"),
    [
        (
            lambda d: _phase(d, "healing")["may_help"]["methods"].append("moon_bathing"),
            "healing",
            "may_help.methods",
            "unknown method id 'moon_bathing'",
        ),
        (
            lambda d: _phase(d, "acute")["expect"]["references"].append("nobody2099"),
            "acute",
            "expect.references",
            "unknown reference id 'nobody2099'",
        ),
        (lambda d: _phase(d, "healed").update(colour="green"), "healed", "colour", "unknown field"),
        (
            lambda d: _phase(d, "chronic")["expect"].pop("student_text"),
            "chronic",
            "expect.student_text",
            "required field is missing",
        ),
        (lambda d: _phase(d, "acute").update(name="  "), "acute", "name", "is empty"),
        (lambda d: d["phases"].reverse(), "phases", "id", "this order"),
        (
            lambda d: d["fracture_types"].append({**d["fracture_types"][0], "id": "elbow"}),
            "elbow",
            "id",
            "unknown fracture type id 'elbow'",
        ),
        (lambda d: d["fracture_types"].pop(0), "fracture_types", None, "no entry for fracture type"),
        (
            lambda d: _phase(d, "chronic")["may_help"]["methods"].append("braces_supports"),
            "chronic",
            "may_help.methods",
            "not for chronic pain",
        ),
        (
            lambda d: _phase(d, "acute")["talk_to_provider"].append(_phase(d, "acute")["talk_to_provider"][0]),
            "acute",
            "talk_to_provider[pain_not_controlled].id",
            "duplicate id 'pain_not_controlled'",
        ),
    ],
    ids=[
        "unknown_method",
        "unknown_reference",
        "unknown_field",
        "missing_field",
        "empty_text",
        "wrong_order",
        "unknown_fracture_type",
        "missing_fracture_type",
        "acute_only_method_in_chronic",
        "duplicate_sign",
    ],
)
def test_broken_timeline_raises_data_error_naming_file_record_field(
    timeline_copy: Path, catalog: Catalog, change: Any, record: str, field: str | None, problem: str
) -> None:
    _edit(timeline_copy, change)
    with pytest.raises(DataError) as info:
        load_timeline(_catalog_in(timeline_copy, catalog))
    err = info.value
    assert err.file == "data/timeline.yaml"
    assert err.record == record
    if field is not None:
        assert err.field == field
    assert problem in err.problem


def test_missing_timeline_file_is_a_data_error(timeline_copy: Path, catalog: Catalog) -> None:
    (timeline_copy / "timeline.yaml").unlink()
    with pytest.raises(DataError, match=r"timeline\.yaml.*cannot be read"):
        load_timeline(_catalog_in(timeline_copy, catalog))


def test_unchanged_copy_loads(timeline_copy: Path, catalog: Catalog, timeline: Timeline) -> None:
    copy = load_timeline(_catalog_in(timeline_copy, catalog))
    assert copy.phases == timeline.phases and copy.fracture_types == timeline.fracture_types


def test_wrong_schema_version_is_a_data_error(timeline_copy: Path, catalog: Catalog) -> None:
    _edit(timeline_copy, lambda d: d.update(schema_version=2))
    with pytest.raises(DataError) as info:
        load_timeline(_catalog_in(timeline_copy, catalog))
    assert info.value.field == "schema_version"


def test_first_weeks_teach_safe_movement_not_bed_rest(timeline: Timeline) -> None:
    """Issue 12: "rest it" alone could keep an 80-year-old in bed; the first weeks say short rest,
    gentle walking, no bending forward, twisting or lifting, and how to get out of bed."""
    guide = timeline.guide("acute")
    text = " ".join((guide.expect_patient, *guide.expect_steps))
    for words in ("short times only", "walk", "bend forward", "twist", "lift", "roll onto your side"):
        assert words in text, words


def test_first_weeks_are_numbered_steps_and_the_walking_amount_is_not_made_up(timeline: Timeline) -> None:
    """Issue 14 (PEMAT 22, CCI 14): "What to expect" in the first weeks is a list of actions, one each. No
    source in references.yaml gives minutes of walking after a spine break, so the walking step starts
    small and sends the person to their care team or physical therapist for the amount."""
    steps = timeline.guide("acute").expect_steps
    assert len(steps) >= 5
    walk = [s for s in steps if "walk" in s]
    assert len(walk) == 1 and "a few minutes" in walk[0] and "physical therapist" in walk[0]
    assert not re.search(r"\b\d+\s*(?:to|-|–)?\s*\d*\s*minutes?\b", " ".join(steps)), "no invented walking dose"


def test_healing_time_reads_the_same_as_the_data(catalog: Catalog, timeline: Timeline) -> None:
    """One range everywhere: the healed phase says the data's range and the data's typical time."""
    low, high = catalog.healing.range_weeks
    assert f"{low} to {high} weeks" in timeline.guide("healed").expect_patient
    assert f"{low} to {high} weeks" in catalog.healing.patient_text
    assert high == catalog.healing.typical_weeks == catalog.healing.chronic_after_weeks == 12
    assert "about 3 months" in timeline.guide("chronic").expect_patient


def test_chronic_phase_does_not_promise_the_bone_has_healed(catalog: Catalog, timeline: Timeline) -> None:
    """Nurse review 16: at about 3 months a spine break may not have healed, or a new one may have
    happened; the chronic phase says so and keeps the back protected. One healing phrase everywhere."""
    text = timeline.guide("chronic").expect_patient
    assert "does not mean the bone is still broken" not in text
    assert "new break" in text and "protecting your back" in text and "care team" in text
    vertebral = next(f for f in timeline.fracture_types if f.id == "vertebral")
    low, high = catalog.healing.range_weeks
    assert f"{low} to {high} weeks" in vertebral.patient_text and "2 to 3 months" not in vertebral.patient_text


def test_first_weeks_keep_low_reaching_out_and_defer_to_hip_surgery_moves(timeline: Timeline) -> None:
    """Nurse review 10 and the hip-surgery note: no reaching to the floor, "heavy" has an example,
    and after hip surgery the surgeon's or therapist's moves come first (in the hip's own first weeks; the
    spine's list no longer carries a hip-surgery step, which the re-rating found off the point there)."""
    guide = timeline.guide("acute")
    text = " ".join((guide.expect_patient, *guide.expect_steps))
    assert "floor" in text and "grabber" in text and "groceries" in text
    assert "hip" not in text
    hip = timeline.guide("acute").for_break("hip")
    assert any("surgeon or therapist taught you" in step for step in hip.expect_steps)


def test_docstring_examples() -> None:
    for module in (healing, timeline_content):
        failures, tried = doctest.testmod(module)
        assert tried > 0 and failures == 0, module.__name__


def test_the_records_and_loader_have_one_home_in_the_content_layer() -> None:
    """The care module uses the content records but does not offer them again: one public home each."""
    for name in (
        "load_timeline",
        "Timeline",
        "PhaseGuide",
        "FractureType",
        "ProviderSign",
        "PHASE_IDS",
        "fracture_types",
        "clear_cache",
    ):
        assert name in timeline_content.__all__, name
        assert name not in healing.__all__, name


# --- the day of the break instead of a number of weeks (issue 14) ---------------------------------------
def test_since_break_counts_whole_weeks_from_the_day_of_the_break() -> None:
    today = date(2025, 6, 1)
    assert healing.since_break(today, today) == healing.SinceBreak(0, 0, "ok")
    assert healing.since_break(date(2025, 5, 26), today) == healing.SinceBreak(6, 0, "ok")
    assert healing.since_break(date(2025, 5, 25), today) == healing.SinceBreak(7, 1, "ok")
    assert healing.since_break(date(2025, 4, 20), today) == healing.SinceBreak(42, 6, "ok")
    # across a leap day and a year end
    assert healing.since_break(date(2023, 12, 28), date(2024, 3, 6)).days == 69


def test_since_break_refuses_a_future_day_and_caps_more_than_a_year() -> None:
    today = date(2025, 6, 1)
    assert healing.since_break(date(2025, 6, 2), today) == healing.SinceBreak(0, 0, "future")
    year = healing.YEAR_WEEKS
    last = today - timedelta(days=7 * year + 6)
    assert healing.since_break(last, today) == healing.SinceBreak(7 * year + 6, year, "ok")
    over = healing.since_break(last - timedelta(days=1), today)
    assert over == healing.SinceBreak(7 * (year + 1), year, "over_a_year")
    with pytest.raises(TypeError, match="break_day must be a date"):
        healing.since_break("2025-06-01", today)  # type: ignore[arg-type]


def test_the_weeks_from_a_date_give_the_phase_of_the_data(catalog: Catalog, timeline: Timeline) -> None:
    today = date(2025, 6, 1)
    shortest = catalog.healing.range_weeks[0]
    just_before = healing.since_break(today - timedelta(weeks=shortest) + timedelta(days=1), today)
    at = healing.since_break(today - timedelta(weeks=shortest), today)
    assert healing_phase(just_before.weeks, "vertebral", catalog.healing, timeline).id == "acute"
    assert healing_phase(at.weeks, "vertebral", catalog.healing, timeline).id == "healing"
    long_ago = healing.since_break(date(2020, 1, 1), today)
    assert healing_phase(long_ago.weeks, "vertebral", catalog.healing, timeline).id == "chronic"
