"""The health-literacy rating's fixes for "What may help" and "Understand my pain" (docs/health-literacy.md):
each test fails if its fix regressed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from osteo_lib.care.healing import healing_phase
from osteo_lib.care.treatments import TEXT
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.model import CATEGORY_LABELS, STUDENT_CATEGORY_LABELS
from osteo_lib.content.timeline import load_timeline
from osteo_lib.errors import DataError
from osteo_lib.views.widgets.compare import ComparisonGrid
from osteo_lib.views.widgets.explorer import TreatmentExplorer
from osteo_lib.views.widgets.heatcold import HeatColdHelper
from osteo_lib.views.widgets.timeline import HealingTimeline, phase_html
from tests.markup import soup, text

ROOT = Path(__file__).resolve().parents[1]


def _card_text(explorer: TreatmentExplorer, method_id: str) -> str:
    card = explorer.cards[method_id]
    parts = [card.body.value, card.details.value if card.details is not None else ""]
    return " ".join(text(p) for p in parts)


def test_the_acetaminophen_card_asks_no_mg_sums(catalog: Catalog) -> None:
    """PEMAT 7 / CCI 17 (safety-critical): "Count these ... toward your 3,000 mg limit" asked for mg sums."""
    explorer = TreatmentExplorer(catalog, short=True)
    card = _card_text(explorer, "otc_pain_relievers")
    assert "Count these" not in card and "toward your" not in card
    hidden = next(c for c in catalog.method("otc_pain_relievers").cautions if c.id == "hidden_acetaminophen")
    # No sum to do, and never more acetaminophen on top of a pill that has it, unless a clinician says so
    # (nurse-educator review: "ask how many you may add" made adding it sound normal).
    assert "Do not take Tylenol or any other acetaminophen with these" in hidden.patient_text
    assert "unless your doctor or pharmacist says you may" in hidden.patient_text
    assert "mg" not in hidden.patient_text and "add" not in hidden.patient_text.split()


def test_no_count_of_steps_reaches_patients(catalog: Catalog) -> None:
    """PEMAT 6 / CCI 16: "(0 of 3 steps)" never said what the steps were."""
    explorer = TreatmentExplorer(catalog, short=True)
    for mid in explorer.shown_ids:
        card = explorer.cards[mid]
        raw = card.body.value + (card.details.value if card.details is not None else "")
        assert "of 3 steps" not in raw, mid  # nor in an aria-label
    grid = ComparisonGrid(catalog, picked=["heat", "cold", "tens"])
    assert "of 3 steps" not in grid.table.value
    # students keep the fuller form in their comparison
    student = ComparisonGrid(catalog, picked=["heat", "cold"], audience="student")
    assert "of 3 steps" in student.table.value


def test_compare_gives_one_sentence_per_cell_and_the_steps_as_a_numbered_list(catalog: Catalog) -> None:
    """PEMAT 19 / 22: cells held whole paragraphs, and the steps were run together ("1. Wrap... 2. Put...")."""
    grid = ComparisonGrid(catalog, picked=["heat", "cold", "tens"])
    table = soup(grid.table.value).select_one("table.ow-compare-table")
    assert table is not None
    rows = {str(tr.th.get_text(" ", strip=True)): tr.find_all("td") for tr in table.select("tbody tr") if tr.th}
    for i, mid in enumerate(["heat", "cold", "tens"]):
        steps = rows[TEXT["q_steps"]][i].select("ol.ow-steps > li")
        assert [li.get_text(" ", strip=True) for li in steps] == list(catalog.method(mid).how_to_steps)
        assert not re.search(r"\b1\. ", rows[TEXT["q_steps"]][i].get_text(" ", strip=True))
        for question in (TEXT["q_how_it_works"], TEXT["q_main_risk"]):
            cell = rows[question][i].get_text(" ", strip=True)
            assert len(re.findall(r"[.!?](?:\s|$)", cell)) == 1, (question, mid, cell)
    assert TEXT["compare_more"] in text(grid.table.value)


def test_the_heat_timer_shows_the_cards_numbered_steps(catalog: Catalog) -> None:
    helper = HeatColdHelper(catalog, interval=None)
    for mode in ("heat", "cold"):
        helper.mode_control.value = mode
        items = soup(helper.info.value).select("ol.ow-steps > li")
        assert [li.get_text(" ", strip=True) for li in items] == list(catalog.method(mode).how_to_steps)


def test_patients_read_everyday_words_for_the_kinds_of_method_and_students_the_teaching_terms(
    catalog: Catalog,
) -> None:
    """CCI 7: "Physical methods", "Complementary therapies", "Methods to avoid" were not patients' words."""
    assert CATEGORY_LABELS["physical"] == "Things you do with your body"
    assert CATEGORY_LABELS["complementary"] == "Other therapies"
    assert TEXT["filter_mode"] == "Ones to avoid"
    patient = TreatmentExplorer(catalog)
    assert [label for label, _ in patient.category_control.options][1:] == list(CATEGORY_LABELS.values())
    assert patient.mode_control.description == "Ones to avoid"
    # the notebooks' exercises name the student labels, which the students' explorer offers
    student = TreatmentExplorer(catalog, audience="student")
    offered = [label for label, _ in student.category_control.options]
    assert student.mode_control.description == "Methods to avoid"
    for notebook in sorted((ROOT / "notebooks").glob("0*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        source = " ".join("".join(c["source"]) for c in cells)
        for label in re.findall(r"set \*Kind of method\* to \*\*([^*]+)\*\*", source):
            assert label in offered, (notebook.name, label)
        for _ in re.findall(r"set \*Methods to avoid\*", source, flags=re.I):
            assert student.mode_control.description == "Methods to avoid"
    assert set(STUDENT_CATEGORY_LABELS) == set(CATEGORY_LABELS)


def test_no_post_hypnotic_and_ultrasound_is_named_in_plain_words(catalog: Catalog) -> None:
    explorer = TreatmentExplorer(catalog, short=True)
    assert "post-hypnotic" not in _card_text(explorer, "hypnotherapy")
    assert catalog.method("therapeutic_ultrasound").name.startswith("Sound-wave heat treatment")


def test_a_broken_hip_gets_no_advice_about_the_back_or_a_brace(catalog: Catalog) -> None:
    """The rater, at week 8 after a hip fracture: "Keep your back safe...", "If you wear a brace..."."""
    timeline = load_timeline(catalog)
    for weeks in range(53):
        phase = healing_phase(weeks, "hip", catalog.healing, timeline)
        html = soup(str(phase_html(catalog, phase, "patient", sources=False)))
        expect = " ".join(
            [
                phase.guide.expect_patient,
                *phase.guide.expect_steps,
                *(s.patient_text for s in phase.guide.talk_to_provider),
            ]
        )
        assert not re.search(r"\b(back|brace|spine)\b", expect, flags=re.I), (weeks, expect)
        assert "braces_supports" not in phase.guide.methods
        shown = text(str(html))
        assert "back brace" not in shown.lower() and "Keep your back safe" not in shown
        for step in phase.guide.expect_steps:
            assert step in shown
    # the spine still gets its own advice
    spine = healing_phase(8, "vertebral", catalog.healing, timeline)
    assert any("back" in s for s in spine.guide.expect_steps)
    assert "brace_and_exercise" in [s.id for s in spine.guide.talk_to_provider]
    # each hip step is tied to a source that states it
    acute = healing_phase(1, "hip", catalog.healing, timeline)
    assert {"nhs_hip_fracture_recovery", "rcp_hip_fracture_mobile"} <= set(acute.references)


def test_the_hip_timeline_widget_shows_the_hip_steps(catalog: Catalog) -> None:
    tl = HealingTimeline(catalog, audience="patient", fracture_type="hip")
    tl.weeks.value = 1
    shown = text(tl.details.value)
    assert "physical therapist" in shown and "roll onto your side like a log" not in shown


def test_a_break_type_the_timeline_does_not_know_is_refused(data_copy: Path) -> None:
    path = data_copy / "timeline.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["phases"][0]["expect"]["by_break"][0]["breaks"] = ["hips"]
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    from osteo_lib.content.catalog import load_catalog

    with pytest.raises(DataError, match="unknown type of break 'hips'"):
        load_timeline(load_catalog(data_copy))
