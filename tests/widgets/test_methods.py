"""The "methods" widgets driven as a person would: set control values, click buttons, read the view.

Real ipywidgets, no stubs. Expected ids come from the catalog's records at test time.
"""

from __future__ import annotations

import re
import threading
import time
from html import unescape

import pytest

from osteo_lib.content.catalog import Catalog
from osteo_lib.errors import UnknownIdError
from osteo_lib.content.model import CATEGORY_LABELS, Method
from osteo_lib.care.treatments import EVIDENCE_LABELS, PRIORITY_LABELS, STUDENT_TEXT, TEXT, comparison_rows, evidence_label
from osteo_lib.views.widgets.compare import ComparisonGrid
from osteo_lib.views.widgets.explorer import TreatmentExplorer
from osteo_lib.views.widgets.heatcold import HeatColdHelper
from osteo_lib.views.widgets.priorities import MAX_RANKED, WhatMattersToMe

LEVEL_RANK = {"avoid": 0, "modify": 1, "caution": 2}


def text_of(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def card_bodies(explorer: TreatmentExplorer) -> list[str]:
    return [box.children[0].value for box in explorer.results.children]


def self_care(provided_by: str) -> bool:
    return provided_by in ("self_care", "after_training")


def offered(catalog: Catalog) -> list[Method]:
    """The methods patients are offered (the others are kept for nursing students only)."""
    return [m for m in catalog.methods if m.patient_option]


# --- treatment explorer ------------------------------------------------------------------------------------
def test_explorer_starts_with_every_method(any_catalog: Catalog) -> None:
    explorer = TreatmentExplorer(any_catalog)
    assert list(explorer.shown_ids) == [m.id for m in offered(any_catalog)]
    assert len(explorer.results.children) == len(offered(any_catalog))
    total = len(offered(any_catalog))
    assert TEXT["count"].format(shown=total, total=total) in explorer.status.value
    assert explorer.message == "" and explorer.empty.value == ""
    assert "<h2>" in explorer.container.children[1].value  # the region starts with a heading
    # every control a keyboard user reaches has a visible name
    for control in (explorer.category_control, explorer.pain_type_control, explorer.who_control,
                    explorer.at_home_control, explorer.mode_control, *explorer.condition_controls.values()):
        assert control.description


@pytest.mark.parametrize("category", ["physical", "medicine", "mind_body"])
@pytest.mark.parametrize("pain_type", ["acute", "chronic"])
@pytest.mark.parametrize("who", ["self_care", "professional"])
def test_explorer_filters_by_category_pain_type_and_who(any_catalog: Catalog, category: str, pain_type: str, who: str) -> None:
    explorer = TreatmentExplorer(any_catalog)
    explorer.category_control.value = category
    explorer.pain_type_control.value = pain_type
    explorer.who_control.value = who
    expected = [m.id for m in offered(any_catalog)
                if m.category == category and pain_type in m.pain_types and self_care(m.provided_by) == (who == "self_care")]
    assert list(explorer.shown_ids) == expected
    assert (explorer.category, explorer.pain_type, explorer.who) == (category, pain_type, who)
    names = [any_catalog.method(i).name for i in expected]
    for body, name in zip(card_bodies(explorer), names, strict=True):
        assert f'<h3 class="ow-method-card__name">{name}</h3>' in unescape(body)
    if not expected:
        assert explorer.message and explorer.message in unescape(explorer.empty.value)


def test_explorer_at_home_and_back_to_any(any_catalog: Catalog) -> None:
    explorer = TreatmentExplorer(any_catalog)
    explorer.at_home_control.value = True
    assert list(explorer.shown_ids) == [m.id for m in offered(any_catalog) if m.at_home]
    assert len(explorer.shown_ids) < len(offered(any_catalog))
    explorer.at_home_control.value = False
    assert len(explorer.shown_ids) == len(offered(any_catalog))


def test_explorer_setting_a_trait_moves_its_control(fixture_catalog: Catalog) -> None:
    explorer = TreatmentExplorer(fixture_catalog)
    explorer.category = "clinic"
    assert explorer.category_control.value == "clinic"
    assert list(explorer.shown_ids) == ["pain_clinic"]
    explorer.conditions = ("nerve_involvement",)
    assert explorer.condition_controls["nerve_involvement"].value is True
    with pytest.raises(UnknownIdError):
        explorer.conditions = ("no_such_condition",)


def test_explorer_highlights_matching_cautions_avoid_first(any_catalog: Catalog) -> None:
    explorer = TreatmentExplorer(any_catalog)
    for box in explorer.condition_controls.values():
        box.value = True
    chosen = set(explorer.conditions)
    assert chosen == {c.id for c in any_catalog.conditions}
    mixed = 0
    for method_id, body in zip(explorer.shown_ids, card_bodies(explorer), strict=True):
        method = any_catalog.method(method_id)
        items = re.findall(r'<li class="ow-caution ow-caution--(\w+)( ow-caution--applies)?">', body)
        assert len(items) == len(method.cautions)
        applies = [bool(flag) for _, flag in items]
        assert applies == sorted(applies, reverse=True)  # highlighted ones at the top
        levels = [LEVEL_RANK[level] for level, flag in items if flag]
        assert levels == sorted(levels)  # avoid, then modify, then caution
        assert len(levels) == sum(bool(set(c.conditions) & chosen) for c in method.cautions)
        mixed += len(set(levels)) > 1
        if any(c.level == "avoid" and set(c.conditions) & chosen for c in method.cautions):
            assert TEXT["avoid_banner"] in unescape(body)
    assert mixed, "no card had highlighted cautions of two levels; the order check proved nothing"


def test_explorer_highlight_names_the_condition(fixture_catalog: Catalog) -> None:
    explorer = TreatmentExplorer(fixture_catalog)
    explorer.condition_controls["spinal_osteoporosis"].value = True
    body = unescape(card_bodies(explorer)[explorer.shown_ids.index("massage")])
    label = fixture_catalog.condition("spinal_osteoporosis").patient_label
    assert TEXT["applies_to_you"].format(labels=label) in body
    # the highlighted caution comes before the other one
    assert body.index("Use only light touch near the spine.") < body.index("Tell the therapist about any bleeding problem.")
    explorer.condition_controls["spinal_osteoporosis"].value = False
    assert TEXT["applies_to_you"].format(labels=label) not in unescape(card_bodies(explorer)[explorer.shown_ids.index("massage")])


def test_explorer_hide_mode_removes_methods_to_avoid(any_catalog: Catalog) -> None:
    condition = "stomach_ulcer_or_bleeding"
    to_avoid = {m.id for m in offered(any_catalog)
                if any(c.level == "avoid" and condition in c.conditions for c in m.cautions)}
    assert to_avoid
    explorer = TreatmentExplorer(any_catalog)
    explorer.condition_controls[condition].value = True
    # flagged: still shown, with a warning border and banner
    assert to_avoid <= set(explorer.shown_ids)
    for box, method_id in zip(explorer.results.children, explorer.shown_ids, strict=True):
        assert ("ow-method-card--avoid" in box._dom_classes) == (method_id in to_avoid)
    explorer.mode_control.value = True
    assert explorer.hide_avoid is True
    assert not to_avoid & set(explorer.shown_ids)
    assert set(explorer.shown_ids) == {m.id for m in offered(any_catalog)} - to_avoid
    explorer.mode_control.value = False
    assert to_avoid <= set(explorer.shown_ids)


def find_empty_combination(catalog: Catalog) -> tuple[str, str, str]:
    for category in ("clinic", "complementary", "mind_body", "medicine", "physical"):
        for pain_type in ("acute", "chronic"):
            for who in ("self_care", "professional"):
                if not [m for m in catalog.methods if m.category == category and pain_type in m.pain_types
                        and self_care(m.provided_by) == (who == "self_care")]:
                    return category, pain_type, who
    raise AssertionError("every combination has methods; cannot test the empty message")


def test_explorer_empty_result_says_why_and_how_to_widen(any_catalog: Catalog) -> None:
    category, pain_type, who = find_empty_combination(any_catalog)
    explorer = TreatmentExplorer(any_catalog)
    explorer.category_control.value = category
    explorer.pain_type_control.value = pain_type
    explorer.who_control.value = who
    assert explorer.shown_ids == ()
    assert explorer.results.children == ()
    shown = text_of(explorer.empty.value)
    assert explorer.message and explorer.message in shown
    for label in (TEXT["filter_category"], TEXT["filter_pain_type"], TEXT["filter_who"]):
        assert f"'{label}'" in explorer.message
    suggestion = re.search(r"Try choosing 'Any' for '([^']+)'\. Then you will see (\d+) methods?\.", explorer.message)
    assert suggestion, explorer.message
    control = {TEXT["filter_category"]: explorer.category_control, TEXT["filter_pain_type"]: explorer.pain_type_control,
               TEXT["filter_who"]: explorer.who_control}[suggestion.group(1)]
    control.value = ""  # follow the advice
    assert len(explorer.shown_ids) == int(suggestion.group(2)) > 0
    assert explorer.message == "" and explorer.empty.value == ""


def test_explorer_mark_as_interesting(fixture_catalog: Catalog) -> None:
    explorer = TreatmentExplorer(fixture_catalog)
    cards = dict(zip(explorer.shown_ids, explorer.results.children, strict=True))
    cards["massage"].children[1].value = True
    cards["heat"].children[1].value = True
    assert explorer.marked == ["massage", "heat"]
    assert TEXT["marked_count"].format(n=2) in explorer.status.value
    assert "Massage" in cards["massage"].children[1].description
    # marks survive filtering the card away and back
    explorer.category_control.value = "medicine"
    assert "massage" not in explorer.shown_ids and explorer.marked == ["massage", "heat"]
    explorer.category_control.value = ""
    cards = dict(zip(explorer.shown_ids, explorer.results.children, strict=True))
    assert cards["massage"].children[1].value is True
    cards["massage"].children[1].value = False
    assert explorer.marked == ["heat"]
    assert TEXT["marked_one"] in explorer.status.value
    # setting the trait from code ticks the box
    explorer.marked = ["cold"]
    assert cards["cold"].children[1].value is True and cards["heat"].children[1].value is False
    with pytest.raises(UnknownIdError):
        explorer.marked = ["no_such_method"]


def test_explorer_student_mode_shows_clinical_notes(fixture_catalog: Catalog) -> None:
    patient = TreatmentExplorer(fixture_catalog)
    student = TreatmentExplorer(fixture_catalog, audience="student")
    heat = fixture_catalog.method("heat")
    p_body, s_body = card_bodies(patient)[0], card_bodies(student)[0]
    assert heat.patient_summary in p_body and heat.clinical_note not in p_body
    assert heat.clinical_note in s_body and heat.patient_summary not in s_body
    assert heat.cautions[0].student_text in s_body
    with pytest.raises(ValueError):
        TreatmentExplorer(fixture_catalog, audience="doctor")  # type: ignore[arg-type]


def test_explorer_card_shows_every_part(any_catalog: Catalog) -> None:
    explorer = TreatmentExplorer(any_catalog)
    for method_id, body in zip(explorer.shown_ids, card_bodies(explorer), strict=True):
        m = any_catalog.method(method_id)
        text = unescape(body)
        for part in (m.name, m.category_label, m.patient_summary, m.how_it_works, m.how_to_use, m.provided_by_label):
            assert part in text, (method_id, part)
        if m.duration_minutes:
            assert f"{m.duration_minutes[0]} to {m.duration_minutes[1]} minutes" in text
        for ref in any_catalog.references_for(m.all_references):
            assert ref.link in text


def evidence_part(body: str) -> str:
    found = re.search(r'<div class="ow-evidence ow-evidence--\w+">.*?</div>(?=<h4>)', body, re.S)
    return found.group(0) if found else ""


def test_explorer_cards_show_evidence_label_bar_and_text(any_catalog: Catalog) -> None:
    explorer = TreatmentExplorer(any_catalog)
    rated = 0
    for method_id, body in zip(explorer.shown_ids, card_bodies(explorer), strict=True):
        e = any_catalog.method(method_id).evidence
        if e is None:  # possible in fixtures: nothing is shown, nothing breaks
            assert "ow-evidence" not in body and TEXT["card_evidence"] not in body
            continue
        rated += 1
        part = unescape(evidence_part(body))
        assert part, method_id
        assert f"<strong>{evidence_label(e)}</strong>" in part
        # the bar: three steps, the filled ones marked by class (solid vs hollow) and counted in words
        bar = re.search(r'<span class="ow-evidence-bar ow-evidence-bar--(\w+)" data-steps="(\d)" role="img" '
                        r'aria-label="([^"]+)">((?:<span [^>]*></span>){3})</span> <strong>', part)
        assert bar and bar.group(1) == e.level and bar.group(3) == f"{e.steps} of 3 steps"
        assert int(bar.group(2)) == e.steps
        assert bar.group(4).count("ow-evidence-bar__step--on") == e.steps
        assert bar.group(4).count('class="ow-evidence-bar__step') == 3
        assert e.patient_text in part
        # patients do not get the student details
        assert "ow-evidence__facts" not in part and e.student_text not in part
    assert rated or any_catalog.source.name == "data"  # the fixture rates its methods


def test_explorer_students_see_study_type_outcome_and_sources(fixture_catalog: Catalog) -> None:
    explorer = TreatmentExplorer(fixture_catalog, audience="student")
    bodies = dict(zip(explorer.shown_ids, card_bodies(explorer), strict=True))
    for method_id, body in bodies.items():
        e = fixture_catalog.method(method_id).evidence
        if e is None:
            continue
        part = unescape(evidence_part(body))
        assert f"{STUDENT_TEXT['study_type']}:</dt> <dd>{e.study_type_label}</dd>" in part
        assert f"{STUDENT_TEXT['outcome']}:</dt> <dd>{e.outcome}</dd>" in part
        assert e.student_text in part and EVIDENCE_LABELS[e.level] in part
        for ref in fixture_catalog.references_for(e.references):
            assert ref.link in part
    assert "Systematic review" in unescape(bodies["heat"])


def test_students_only_methods_are_shown_to_students_with_a_note(fixture_catalog: Catalog) -> None:
    patient = TreatmentExplorer(fixture_catalog)
    assert "calcitonin" not in patient.shown_ids
    total = len(offered(fixture_catalog))
    assert TEXT["count"].format(shown=total, total=total) in patient.status.value
    with pytest.raises(UnknownIdError, match="calcitonin"):
        patient.marked = ["calcitonin"]
    patient.category = "medicine"
    assert "calcitonin" not in patient.shown_ids
    student = TreatmentExplorer(fixture_catalog, audience="student")
    assert list(student.shown_ids) == [m.id for m in fixture_catalog.methods]
    bodies = dict(zip(student.shown_ids, card_bodies(student), strict=True))
    assert STUDENT_TEXT["students_only"] in bodies["calcitonin"]
    assert all(STUDENT_TEXT["students_only"] not in b for i, b in bodies.items() if i != "calcitonin")
    student.marked = ["calcitonin"]  # students may mark it


def test_explorer_priorities_reorder_the_cards(fixture_catalog: Catalog) -> None:
    explorer = TreatmentExplorer(fixture_catalog)
    before = list(explorer.shown_ids)
    explorer.priorities = ("fast_relief",)
    assert list(explorer.shown_ids) == ["cold", "pain_relievers", "opioids", "heat", "massage", "relaxation",
                                        "pain_clinic", "acupuncture"]
    names = [re.search(r'<h3 class="ow-method-card__name">(.*?)</h3>', b).group(1) for b in card_bodies(explorer)]  # type: ignore[union-attr]
    assert names == [fixture_catalog.method(i).name for i in explorer.shown_ids]
    explorer.category = "physical"  # filters still apply, in the priorities' order
    assert list(explorer.shown_ids) == ["cold", "heat", "massage"]
    explorer.category = ""
    explorer.priorities = ()
    assert list(explorer.shown_ids) == before
    with pytest.raises(ValueError, match="cheap"):
        explorer.priorities = ("cheap",)


def test_what_matters_to_me_ticks_order_the_options(fixture_catalog: Catalog) -> None:
    explorer = TreatmentExplorer(fixture_catalog)
    step = WhatMattersToMe(explorer)
    assert step.chosen == () and step.ranked_ids == ()
    assert TEXT["priorities_none"] in step.ranked.value
    assert "<h3>" in step.container.children[1].value  # the step starts with a heading
    for p, box in step.controls.items():
        assert box.description == PRIORITY_LABELS[p]
    step.controls["low_cost"].value = True
    step.controls["no_pills"].value = True
    assert step.chosen == ("no_pills", "low_cost") == explorer.priorities
    expected = ["heat", "cold", "relaxation", "massage", "pain_relievers", "acupuncture", "opioids", "pain_clinic"]
    assert list(explorer.shown_ids) == expected
    assert list(step.ranked_ids) == expected[:MAX_RANKED]
    ranked = unescape(step.ranked.value)
    items = re.findall(r'<li class="ow-priorities__item" data-method="(\w+)">(.*?)</li>', ranked)
    assert [i for i, _ in items] == expected[:MAX_RANKED]
    heat = dict(items)["heat"]
    assert TEXT["priorities_fits_all"].format(labels=f"{PRIORITY_LABELS['no_pills']}; {PRIORITY_LABELS['low_cost']}") in heat
    assert EVIDENCE_LABELS["good"] in heat and 'aria-label="3 of 3 steps"' in heat
    assert TEXT["priorities_fits"].format(n=1, total=2, labels=PRIORITY_LABELS["no_pills"]) in dict(items)["massage"]
    assert TEXT["priorities_more"].format(n=len(expected) - MAX_RANKED) in ranked
    # the explorer's filters and conditions shape the list; an option to avoid comes last, with a warning
    step.chosen = ("fast_relief", "at_home", "low_cost")
    assert [box.value for box in step.controls.values()] == [True, False, True, True, False]
    explorer.category = "medicine"
    explorer.conditions = ("stomach_ulcer_or_bleeding",)
    assert list(step.ranked_ids) == ["opioids", "pain_relievers"]
    last = re.findall(r'data-method="(\w+)">(.*?)</li>', unescape(step.ranked.value))[-1]
    assert last[0] == "pain_relievers" and TEXT["priorities_avoid"] in last[1]
    # the setting in the explorer can empty the list
    explorer.category = "clinic"
    explorer.pain_type = "acute"
    assert step.ranked_ids == () and TEXT["priorities_empty"] in step.ranked.value
    # unticking everything gives the data order back
    explorer.category = explorer.pain_type = ""
    for box in step.controls.values():
        box.value = False
    assert explorer.priorities == () and list(explorer.shown_ids) == [m.id for m in offered(fixture_catalog)]
    step.close()
    assert step.container.comm is None and explorer.container.comm is not None
    explorer.priorities = ("low_risk",)  # unlinked: the closed step does not follow
    assert step.chosen == ()


def test_what_matters_to_me_without_an_explorer(fixture_catalog: Catalog) -> None:
    step = WhatMattersToMe(catalog=fixture_catalog)
    step.chosen = ("fast_relief",)
    assert list(step.ranked_ids) == ["cold", "pain_relievers", "opioids", "heat", "massage"]
    students = WhatMattersToMe(catalog=fixture_catalog, audience="student")
    students.chosen = ("fast_relief",)
    assert "calcitonin" in students.ranked_ids


def test_explorer_close(fixture_catalog: Catalog) -> None:
    explorer = TreatmentExplorer(fixture_catalog)
    explorer.close()
    assert explorer.container.comm is None and explorer.category_control.comm is None


# --- comparison grid ---------------------------------------------------------------------------------------
def test_compare_needs_two_or_three(any_catalog: Catalog) -> None:
    grid = ComparisonGrid(any_catalog)
    ids = [m.id for m in offered(any_catalog)[:4]]
    assert grid.error == TEXT["compare_too_few"].format(n=0) and grid.table.value == ""
    grid.pick_controls[ids[0]].value = True
    assert grid.error == TEXT["compare_too_few"].format(n=1)
    assert grid.error in text_of(grid.message.value) and grid.table.value == "" and grid.rows == []
    grid.pick_controls[ids[1]].value = True
    assert grid.error == "" and grid.message.value == ""
    assert grid.table.value.count('<th scope="col">') == 3
    grid.pick_controls[ids[2]].value = True
    assert grid.error == "" and grid.table.value.count('<th scope="col">') == 4
    grid.pick_controls[ids[3]].value = True
    assert grid.picked == ids
    assert grid.error == TEXT["compare_too_many"].format(n=4)
    assert grid.error in text_of(grid.message.value) and grid.table.value == ""
    grid.pick_controls[ids[0]].value = False
    assert grid.error == "" and grid.picked == ids[1:]


def test_compare_table_structure_and_cells(any_catalog: Catalog) -> None:
    ids = [m.id for m in offered(any_catalog)[-3:]]
    grid = ComparisonGrid(any_catalog, picked=ids)
    assert all(grid.pick_controls[i].value for i in ids)
    html = unescape(grid.table.value)
    names = [any_catalog.method(i).name for i in ids]
    assert re.search(r"<table[^>]*>\s*<caption>", html)
    assert f"<caption>{names[0]}, {names[1]} and {names[2]} side by side</caption>" in html
    for name in names:
        assert f'<th scope="col">{name}</th>' in html
    expected = comparison_rows(any_catalog, ids)
    assert grid.rows == expected
    body_rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", html)
    assert [q for q, _ in body_rows] == [q for q, _ in expected]
    for (_, cells), (_, answers) in zip(body_rows, expected, strict=True):
        tds = re.findall(r"<td[^>]*>(.*?)</td>", cells)
        assert len(tds) == 3
        for td, answer in zip(tds, answers, strict=True):
            for line in answer.split("\n"):
                assert line in td
    assert 'role="region"' in grid.table.value and 'tabindex="0"' in grid.table.value


def test_compare_says_our_sources_do_not_say(any_catalog: Catalog) -> None:
    silent = [m.id for m in offered(any_catalog) if m.onset is None][:1]
    speaking = [m.id for m in offered(any_catalog) if m.onset][:1]
    assert silent and speaking
    grid = ComparisonGrid(any_catalog)
    grid.picked = silent + speaking
    onset_row = re.search(r'<th scope="row">' + re.escape(TEXT["q_onset"]) + r"</th>(.*?)</tr>", unescape(grid.table.value))
    assert onset_row
    tds = re.findall(r"<td([^>]*)>(.*?)</td>", onset_row.group(1))
    assert tds[0] == (' class="ow-compare-not-said"', TEXT["not_said"])
    assert tds[1][1] == any_catalog.method(speaking[0]).onset


def test_compare_every_method_has_a_labelled_box(any_catalog: Catalog) -> None:
    grid = ComparisonGrid(any_catalog)
    order = list(CATEGORY_LABELS)
    assert list(grid.pick_controls) == [m.id for m in sorted(offered(any_catalog), key=lambda m: order.index(m.category))]
    for method_id, box in grid.pick_controls.items():
        assert box.description == any_catalog.method(method_id).name


def test_compare_shows_the_evidence_with_its_bar(fixture_catalog: Catalog) -> None:
    grid = ComparisonGrid(fixture_catalog, picked=["heat", "relaxation", "pain_clinic"])
    html = unescape(grid.table.value)
    row = re.search(r'<th scope="row">' + re.escape(TEXT["q_evidence"]) + r"</th>(.*?)</tr>", html)
    assert row
    tds = re.findall(r"<td([^>]*)>(.*?)</td>", row.group(1))
    assert tds[0][0] == ' class="ow-compare-evidence"'
    assert 'aria-hidden="true"' in tds[0][1] and tds[0][1].count("ow-evidence-bar__step--on") == 3
    assert "Strong evidence (3 of 3 steps)." in tds[0][1]
    assert fixture_catalog.method("heat").evidence.patient_text in tds[0][1]  # type: ignore[union-attr]
    assert EVIDENCE_LABELS["not_studied"] in tds[1][1] and tds[1][1].count("ow-evidence-bar__step--on") == 0
    assert tds[2] == (' class="ow-compare-not-said"', TEXT["not_said"])  # no rating: "Our sources do not say."
    assert STUDENT_TEXT["study_type"] not in html


def test_compare_for_students_adds_study_type_and_their_only_options(fixture_catalog: Catalog) -> None:
    patient = ComparisonGrid(fixture_catalog)
    assert "calcitonin" not in patient.pick_controls
    with pytest.raises(UnknownIdError, match="calcitonin"):
        patient.picked = ["heat", "calcitonin"]
    student = ComparisonGrid(fixture_catalog, picked=["heat", "calcitonin"], audience="student")
    assert STUDENT_TEXT["students_only"].rstrip(".") in student.pick_controls["calcitonin"].description
    html = unescape(student.table.value)
    assert f'<th scope="row">{STUDENT_TEXT["study_type"]}</th>' in html
    assert "Systematic review" in html and fixture_catalog.method("calcitonin").evidence.outcome in html  # type: ignore[union-attr]
    with pytest.raises(ValueError):
        ComparisonGrid(fixture_catalog, audience="doctor")  # type: ignore[arg-type]


# --- heat and cold helper ----------------------------------------------------------------------------------
class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_heatcold_minutes_come_from_the_catalog(any_catalog: Catalog) -> None:
    helper = HeatColdHelper(any_catalog, interval=None)
    for mode in ("heat", "cold"):
        helper.mode_control.value = mode
        low, high = any_catalog.method(mode).duration_minutes or (0, 0)
        assert low and high
        assert [v for _, v in helper.minutes_control.options] == list(range(low, high + 1))
        assert helper.minutes == low and helper.remaining_seconds == low * 60
        assert f"{low:02d}:00" in helper.clock_view.value


def test_heatcold_shows_towel_and_cautions_from_data(any_catalog: Catalog) -> None:
    helper = HeatColdHelper(any_catalog, interval=None)
    for mode in ("heat", "cold"):
        helper.mode_control.value = mode
        method = any_catalog.method(mode)
        info = unescape(helper.info.value)
        assert method.how_to_use in info
        positions = [info.index(c.patient_text) for c in method.cautions]
        levels = [LEVEL_RANK[c.level] for c in sorted(method.cautions, key=lambda c: info.index(c.patient_text))]
        assert len(positions) == len(method.cautions) and levels == sorted(levels)
        assert any(ref.link in helper.sources.value for ref in any_catalog.references_for(method.all_references))
    assert any(TEXT["towel"] in getattr(child, "value", "") for child in helper.container.children)


def test_heatcold_countdown_with_a_fake_clock(any_catalog: Catalog) -> None:
    clock = FakeClock()
    helper = HeatColdHelper(any_catalog, clock=clock, interval=None)
    options = [v for _, v in helper.minutes_control.options]
    helper.minutes_control.value = options[-1]
    total = options[-1] * 60
    helper.start_button.click()
    assert helper.running and helper.remaining_seconds == total
    assert helper.start_button.disabled and not helper.stop_button.disabled
    assert helper.mode_control.disabled and helper.minutes_control.disabled
    clock.now += 61
    assert helper.tick() == total - 61
    assert helper.remaining_seconds == total - 61
    mm, ss = divmod(total - 61, 60)
    assert f"{mm:02d}:{ss:02d}" in helper.clock_view.value
    clock.now += 0.5
    assert helper.tick() == total - 61  # rounds up: not a whole second yet
    clock.now += total  # well past the end
    assert helper.tick() == 0
    assert not helper.running and helper.finished
    assert helper.message == TEXT["done"] == "Time is up. Take the pack off and check your skin."
    assert TEXT["done"] in helper.status.value
    assert not helper.start_button.disabled and helper.stop_button.disabled


def test_heatcold_stop_halts_the_countdown(fixture_catalog: Catalog) -> None:
    clock = FakeClock()
    helper = HeatColdHelper(fixture_catalog, clock=clock, interval=None)
    helper.start_button.click()
    clock.now += 10
    helper.tick()
    left = helper.remaining_seconds
    helper.stop_button.click()
    assert not helper.running and helper.message == TEXT["stopped"]
    clock.now += 100
    assert helper.tick() == left and helper.remaining_seconds == left
    assert not helper.finished
    # a new choice resets the clock to the full time
    helper.minutes_control.value = helper.minutes + 1
    assert helper.remaining_seconds == helper.minutes * 60


def test_heatcold_rejects_minutes_outside_the_sources(fixture_catalog: Catalog) -> None:
    helper = HeatColdHelper(fixture_catalog, interval=None)
    low, high = fixture_catalog.method("heat").duration_minutes or (0, 0)
    with pytest.raises(Exception, match="minutes must be one of"):
        helper.minutes = high + 1


def test_heatcold_real_time_two_second_session(fixture_catalog: Catalog) -> None:
    helper = HeatColdHelper(fixture_catalog)  # real clock, background thread
    seen: list[int] = []
    helper.observe(lambda change: seen.append(change["new"]), names="remaining_seconds")
    started = time.monotonic()
    helper.start(seconds=2)
    assert helper.running  # start() returned at once: the kernel is not blocked
    while helper.running and time.monotonic() - started < 3.0:
        time.sleep(0.02)
    elapsed = time.monotonic() - started
    assert helper.finished and helper.message == TEXT["done"]
    assert 1.9 <= elapsed < 3.0
    assert seen == [2, 1, 0]
    assert helper._thread is not None
    helper._thread.join(timeout=1)
    assert not helper._thread.is_alive()


def test_heatcold_stop_and_close_end_the_thread(fixture_catalog: Catalog) -> None:
    helper = HeatColdHelper(fixture_catalog)
    helper.start_button.click()
    thread = helper._thread
    assert thread is not None and thread.is_alive()
    clicked = time.monotonic()
    helper.stop_button.click()
    assert time.monotonic() - clicked < 0.5  # the thread wakes at once, not at its next tick
    assert not thread.is_alive()
    before = helper.remaining_seconds
    time.sleep(1.1)
    assert helper.remaining_seconds == before

    helper.start_button.click()
    thread = helper._thread
    assert thread is not None and thread.is_alive()
    helper.container.close()  # closing the display stops the timer
    thread.join(timeout=2)
    assert not thread.is_alive() and not helper.running


def test_heatcold_close_closes_widgets(fixture_catalog: Catalog) -> None:
    helper = HeatColdHelper(fixture_catalog)
    helper.start()
    helper.close()
    assert helper.start_button.comm is None and helper.container.comm is None
    assert helper._thread is not None and not helper._thread.is_alive()
    assert not any(t.name == "osteo-heatcold-timer" and t.is_alive() for t in threading.enumerate())
