"""Nurse-educator safety review (2026-12-07): the non-drug cards say what an 80-year-old with a new
spine fracture can safely do. Each test names the finding it guards."""

from __future__ import annotations

from osteo_lib.content.catalog import Catalog


def _caution(catalog: Catalog, method_id: str, caution_id: str):  # type: ignore[no-untyped-def]
    return next(c for c in catalog.method(method_id).cautions if c.id == caution_id)


def test_spine_fracture_red_flags_split_911_from_same_day(catalog: Catalog) -> None:
    """Finding 3: nerve signs, a bad fall or a head knock are 911; fever and new pain after a small
    fall are the same day, as on the Get help now lists."""
    text = _caution(catalog, "acute_spine_fracture_care", "red_flags").patient_text
    emergency, _, same_day = text.partition("today")
    assert "911" in emergency and "weak" in emergency and "bladder" in emergency and "bottom" in emergency
    assert "hit your head" in emergency
    assert "fever" in same_day and "small fall" in same_day and "911" not in same_day
    assert "Get help" not in text


def test_first_weeks_avoid_low_reaching_and_define_heavy(catalog: Catalog) -> None:
    """Finding 10: no squatting to the floor in the first weeks; "heavy" has everyday examples."""
    card = catalog.method("acute_spine_fracture_care")
    how = card.how_to_use
    assert "floor" in how and "grabber" in how and "groceries" in how and "Bend your knees instead" not in how
    assert not any("bending at the knees" in e for e in card.examples)
    assert "groceries" in _caution(catalog, "acute_spine_fracture_care", "no_bending_lifting").patient_text
    assert "groceries" in _caution(catalog, "exercise", "spine_safe").patient_text


def test_massage_offers_gentle_massage_only(catalog: Catalog) -> None:
    """Finding 9: deep kneading and hard trigger-point pressure are not offered to patients."""
    card = catalog.method("massage")
    patient = " ".join([card.how_to_use, *card.examples]).lower()
    assert "deep kneading" not in patient.replace("no deep kneading", "")
    assert "trigger point" not in patient and "hard pressure on" not in patient
    assert "gentle" in patient and "ribs" in patient


def test_heat_burn_caution_names_low_setting_sedating_drugs_and_rubs(catalog: Catalog) -> None:
    """Finding 15."""
    text = _caution(catalog, "heat", "burns").patient_text
    assert "low" in text and "opioid" in text and "sleeping pills" in text and "rub" in text


def test_tens_does_not_promise_hours_of_relief(catalog: Catalog) -> None:
    """Finding 21 (method card): relief while the unit is on, UK advice against it for back pain."""
    card = catalog.method("tens")
    assert "several hours" not in card.patient_summary and "several hours" not in (card.relief_duration or "")
    assert "while the TENS unit is on" in card.patient_summary and "UK experts" in card.patient_summary
    assert "fast_relief" not in card.fits and "low_risk" not in card.fits


def test_brace_exercises_come_from_a_therapist(catalog: Catalog) -> None:
    """Finding 22."""
    text = _caution(catalog, "braces_supports", "muscle_weakening").patient_text
    assert "physical therapist" in text and "as soon as possible" not in text


def test_water_therapy_claims_no_untested_pain_relief(catalog: Catalog) -> None:
    """Finding 23: no pain benefit claimed; the slipping caution applies to everyone."""
    card = catalog.method("water_therapy")
    assert "ease your pain" not in card.patient_summary and "not been tested for pain" in card.patient_summary
    assert "less pain" not in card.benefits
    assert _caution(catalog, "water_therapy", "slipping").conditions == ()
