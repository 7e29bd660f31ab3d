"""The "methods" widgets driven as a person would: set control values, click buttons, read the view.

Real ipywidgets, no stubs. Expected ids come from the catalog's records at test time. The view is read
through the widgets' named parts (``explorer.cards[id].body``, ``grid.table``, ``helper.towel`` ...) and
the markup by its structure (tests/markup.py), never by position or regular expression.
"""

from __future__ import annotations

import re
import threading
import time

import ipywidgets as w
import pytest
import traitlets as t
from bs4 import Tag

from osteo_lib.care.treatments import (
    EVIDENCE_LABELS,
    PRIORITY_LABELS,
    STUDENT_TEXT,
    TEXT,
    comparison_rows,
    evidence_label,
    split_summary,
)
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.model import CATEGORY_LABELS, Method
from osteo_lib.errors import UnknownIdError
from osteo_lib.views.widgets.compare import ComparisonGrid
from osteo_lib.views.widgets.explorer import HIDDEN_CARD, TreatmentExplorer
from osteo_lib.views.widgets.heatcold import HeatColdHelper
from osteo_lib.views.widgets.priorities import MAX_RANKED, WhatMattersToMe
from tests.markup import select_texts, soup, text

LEVEL_RANK = {"avoid": 0, "modify": 1, "caution": 2}


def words(value: str) -> str:
    """``value`` single-spaced, as :func:`tests.markup.text` gives the words of a piece of markup."""
    return " ".join(value.split())


def has(html: str, value: str) -> bool:
    """Whether a reader sees ``value`` in ``html``."""
    return words(value) in text(html)


def card_bodies(explorer: TreatmentExplorer) -> list[str]:
    """The HTML of each card, in the order the explorer shows the cards."""
    bodies = {id(card.box): card.body for card in explorer.cards.values()}
    return [bodies[id(box)].value for box in explorer.shown_boxes]


def first_visible(container: w.Box) -> w.Widget:
    """The first child a reader sees (the stylesheet widget is hidden)."""
    return next(c for c in container.children if c.layout.display != "none")


def element(html: str, selector: str) -> Tag:
    found = soup(html).select_one(selector)
    assert isinstance(found, Tag), f"no {selector!r} in {html[:200]!r}"
    return found


def links(node: Tag) -> list[str]:
    return [str(a["href"]) for a in node.select("a[href]")]


def self_care(provided_by: str) -> bool:
    return provided_by in ("self_care", "after_training")


def offered(catalog: Catalog) -> list[Method]:
    """The methods patients are offered (the others are kept for nursing students only)."""
    return [m for m in catalog.methods if m.patient_option]


# --- treatment explorer ------------------------------------------------------------------------------------
def test_explorer_starts_with_every_method(any_catalog: Catalog) -> None:
    explorer = TreatmentExplorer(any_catalog)
    assert list(explorer.shown_ids) == [m.id for m in offered(any_catalog)]
    assert len(explorer.shown_boxes) == len(offered(any_catalog))
    assert explorer.shown_boxes == tuple(card.box for card in explorer.cards.values())
    assert list(explorer.cards) == list(explorer.shown_ids)
    total = len(offered(any_catalog))
    assert TEXT["count"].format(shown=total, total=total) in text(explorer.status.value)
    assert explorer.message == ""
    assert explorer.empty.value == ""
    # the region starts with a heading
    assert first_visible(explorer.container) is explorer.heading
    assert select_texts(explorer.heading.value, "h2") == [TEXT["explorer_title"]]
    # every control a keyboard user reaches has a visible name
    for control in (
        explorer.category_control,
        explorer.pain_type_control,
        explorer.who_control,
        explorer.at_home_control,
        explorer.mode_control,
        *explorer.condition_controls.values(),
    ):
        assert control.description


@pytest.mark.parametrize("category", ["physical", "medicine", "mind_body"])
@pytest.mark.parametrize("pain_type", ["acute", "chronic"])
@pytest.mark.parametrize("who", ["self_care", "professional"])
def test_explorer_filters_by_category_pain_type_and_who(
    any_catalog: Catalog, category: str, pain_type: str, who: str
) -> None:
    explorer = TreatmentExplorer(any_catalog)
    explorer.category_control.value = category
    explorer.pain_type_control.value = pain_type
    explorer.who_control.value = who
    expected = [
        m.id
        for m in offered(any_catalog)
        if m.category == category and pain_type in m.pain_types and self_care(m.provided_by) == (who == "self_care")
    ]
    assert list(explorer.shown_ids) == expected
    assert (explorer.category, explorer.pain_type, explorer.who) == (category, pain_type, who)
    names = [any_catalog.method(i).name for i in expected]
    for body, name in zip(card_bodies(explorer), names, strict=True):
        assert select_texts(body, "h3.ow-method-card__name") == [words(name)]
    if not expected:
        assert explorer.message
        assert words(explorer.message) in text(explorer.empty.value)


def test_an_explorer_can_open_on_a_notebooks_topic(catalog: Catalog) -> None:
    """A notebook's explorer opens filtered to its topic (issue 16: 03's unfiltered explorer was ~105 screens);
    the control shows the choice, so a student can set it back to Any."""
    explorer = TreatmentExplorer(catalog, audience="student", category="physical", pain_type="acute")
    assert (explorer.category_control.value, explorer.pain_type_control.value) == ("physical", "acute")
    expected = [m.id for m in offered(catalog) if m.category == "physical" and "acute" in m.pain_types]
    assert expected and list(explorer.shown_ids) == expected
    explorer.category_control.value = ""
    assert len(explorer.shown_ids) > len(expected)
    with pytest.raises(t.TraitError):
        TreatmentExplorer(catalog, audience="student", category="surgery")


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
        items = []
        for li in soup(body).select("ul.ow-method-card__cautions > li"):
            classes = list(li["class"])
            [level] = [
                c.removeprefix("ow-caution--")
                for c in classes
                if c.startswith("ow-caution--") and c != "ow-caution--applies"
            ]
            assert classes[0] == "ow-caution"
            items.append((level, "ow-caution--applies" in classes))
        assert len(items) == len(method.cautions)
        applies = [flag for _, flag in items]
        assert applies == sorted(applies, reverse=True)  # highlighted ones at the top
        levels = [LEVEL_RANK[level] for level, flag in items if flag]
        assert levels == sorted(levels)  # avoid, then modify, then caution
        assert len(levels) == sum(bool(set(c.conditions) & chosen) for c in method.cautions)
        mixed += len(set(levels)) > 1
        if any(c.level == "avoid" and set(c.conditions) & chosen for c in method.cautions):
            assert select_texts(body, ".ow-method-card__avoid") == [TEXT["avoid_banner"]]
    assert mixed, "no card had highlighted cautions of two levels; the order check proved nothing"


def test_explorer_highlight_names_the_condition(fixture_catalog: Catalog) -> None:
    explorer = TreatmentExplorer(fixture_catalog)
    explorer.condition_controls["spinal_osteoporosis"].value = True
    body = explorer.cards["massage"].body.value
    label = fixture_catalog.condition("spinal_osteoporosis").patient_label
    assert select_texts(body, ".ow-caution--applies .ow-caution__applies") == [
        words(TEXT["applies_to_you"].format(labels=label))
    ]
    # the highlighted caution comes before the other one
    cautions = select_texts(body, "ul.ow-method-card__cautions > li")
    assert "Use only light touch near the spine." in cautions[0]
    assert "Tell the therapist about any bleeding problem." in cautions[1]
    explorer.condition_controls["spinal_osteoporosis"].value = False
    assert not has(explorer.cards["massage"].body.value, TEXT["applies_to_you"].format(labels=label))


def test_explorer_hide_mode_removes_methods_to_avoid(any_catalog: Catalog) -> None:
    condition = "stomach_ulcer_or_bleeding"
    to_avoid = {
        m.id for m in offered(any_catalog) if any(c.level == "avoid" and condition in c.conditions for c in m.cautions)
    }
    assert to_avoid
    explorer = TreatmentExplorer(any_catalog)
    explorer.condition_controls[condition].value = True
    # flagged: still shown, with a warning border and banner
    assert to_avoid <= set(explorer.shown_ids)
    assert explorer.shown_boxes == tuple(card.box for card in explorer.cards.values())
    for method_id, card in explorer.cards.items():
        assert ("ow-method-card--avoid" in card.box._dom_classes) == (method_id in to_avoid)
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
                if not [
                    m
                    for m in catalog.methods
                    if m.category == category
                    and pain_type in m.pain_types
                    and self_care(m.provided_by) == (who == "self_care")
                ]:
                    return category, pain_type, who
    raise AssertionError("every combination has methods; cannot test the empty message")


def test_explorer_empty_result_says_why_and_how_to_widen(any_catalog: Catalog) -> None:
    category, pain_type, who = find_empty_combination(any_catalog)
    explorer = TreatmentExplorer(any_catalog)
    explorer.category_control.value = category
    explorer.pain_type_control.value = pain_type
    explorer.who_control.value = who
    assert explorer.shown_ids == ()
    assert explorer.shown_boxes == ()
    shown = text(explorer.empty.value)
    assert explorer.message
    assert words(explorer.message) in shown
    assert select_texts(explorer.empty.value, "[role=status].ow-warning") == [shown]
    for label in (TEXT["filter_category"], TEXT["filter_pain_type"], TEXT["filter_who"]):
        assert f"'{label}'" in explorer.message
    suggestion = re.search(r"Try choosing 'Any' for '([^']+)'\. Then you will see (\d+) methods?\.", explorer.message)
    assert suggestion, explorer.message
    control = {
        TEXT["filter_category"]: explorer.category_control,
        TEXT["filter_pain_type"]: explorer.pain_type_control,
        TEXT["filter_who"]: explorer.who_control,
    }[suggestion.group(1)]
    control.value = ""  # follow the advice
    assert len(explorer.shown_ids) == int(suggestion.group(2)) > 0
    assert explorer.message == ""
    assert explorer.empty.value == ""


def test_explorer_mark_as_interesting(fixture_catalog: Catalog) -> None:
    explorer = TreatmentExplorer(fixture_catalog)
    cards = explorer.cards
    cards["massage"].mark.value = True
    cards["heat"].mark.value = True
    assert explorer.marked == ["massage", "heat"]
    assert TEXT["marked_count"].format(n=2) in text(explorer.status.value)
    assert "Massage" in cards["massage"].mark.description
    # marks survive filtering the card away and back
    explorer.category_control.value = "medicine"
    assert "massage" not in explorer.shown_ids
    assert explorer.marked == ["massage", "heat"]
    explorer.category_control.value = ""
    cards = explorer.cards
    assert cards["massage"].mark.value is True
    cards["massage"].mark.value = False
    assert explorer.marked == ["heat"]
    assert TEXT["marked_one"] in text(explorer.status.value)
    # setting the trait from code ticks the box
    explorer.marked = ["cold"]
    assert cards["cold"].mark.value is True
    assert cards["heat"].mark.value is False
    with pytest.raises(UnknownIdError):
        explorer.marked = ["no_such_method"]


def test_explorer_student_mode_shows_clinical_notes(fixture_catalog: Catalog) -> None:
    patient = TreatmentExplorer(fixture_catalog)
    student = TreatmentExplorer(fixture_catalog, audience="student")
    heat = fixture_catalog.method("heat")
    p_body, s_body = patient.cards["heat"].body.value, student.cards["heat"].body.value
    assert select_texts(p_body, ".ow-method-card__summary") == [words(heat.patient_summary)]
    assert not has(p_body, heat.clinical_note)
    assert select_texts(s_body, ".ow-method-card__summary") == [words(heat.clinical_note)]
    assert not has(s_body, heat.patient_summary)
    assert has(s_body, heat.cautions[0].student_text)
    with pytest.raises(ValueError, match="doctor"):
        TreatmentExplorer(fixture_catalog, audience="doctor")  # type: ignore[arg-type]


def test_explorer_card_shows_every_part(any_catalog: Catalog) -> None:
    explorer = TreatmentExplorer(any_catalog)
    for method_id, body in zip(explorer.shown_ids, card_bodies(explorer), strict=True):
        m = any_catalog.method(method_id)
        use = (m.how_to_lead, *m.how_to_steps, m.how_to_after) if m.how_to_steps else (m.how_to_use,)
        for part in (m.name, m.category_label, m.patient_summary, m.how_it_works, *use, m.provided_by_label):
            assert not part or has(body, part), (method_id, part)
        if m.duration_minutes:
            assert f"{m.duration_minutes[0]} to {m.duration_minutes[1]} minutes" in text(body)
        sources = links(element(body, "details.ow-method-card__sources"))
        for ref in any_catalog.references_for(m.all_references):
            assert ref.link in sources


def test_explorer_cards_show_evidence_label_bar_and_text(any_catalog: Catalog) -> None:
    explorer = TreatmentExplorer(any_catalog)
    rated = 0
    for method_id, body in zip(explorer.shown_ids, card_bodies(explorer), strict=True):
        e = any_catalog.method(method_id).evidence
        if e is None:  # possible in fixtures: nothing is shown, nothing breaks
            assert soup(body).select(".ow-evidence") == []
            assert TEXT["card_evidence"] not in select_texts(body, "h4")
            continue
        rated += 1
        part = element(body, "div.ow-evidence")
        assert part["class"] == ["ow-evidence", f"ow-evidence--{e.level}"], method_id
        # the evidence block comes under its heading
        heading = part.find_previous_sibling()
        assert isinstance(heading, Tag)
        assert heading.name == "h4"
        assert heading.get_text() == TEXT["card_evidence"]
        rating = part.select_one("p.ow-evidence__rating")
        assert isinstance(rating, Tag)
        assert rating.strong is not None
        assert rating.strong.get_text() == evidence_label(e)
        # the bar: three steps, the filled ones marked by class (solid vs hollow), then the label. Patients
        # are not told "2 of 3 steps" (of what was never said: health-literacy rating, PEMAT 6), so the bar
        # is hidden from screen readers; the label beside it says the same in words
        bar = rating.select_one("span.ow-evidence-bar")
        assert isinstance(bar, Tag)
        assert bar.find_next_sibling() is rating.strong
        assert bar["class"] == ["ow-evidence-bar", f"ow-evidence-bar--{e.level}"]
        assert (bar.get("role"), bar.get("aria-label"), bar["aria-hidden"]) == (None, None, "true")
        assert "of 3 steps" not in str(body)
        assert int(str(bar["data-steps"])) == e.steps
        steps = bar.find_all(recursive=False)
        assert len(steps) == 3
        assert all(s.name == "span" and "ow-evidence-bar__step" in s["class"] for s in steps)
        assert len(bar.select(".ow-evidence-bar__step--on")) == e.steps
        assert words(rating.get_text()) == evidence_label(e)  # the bar itself has no text
        assert select_texts(str(part), ".ow-evidence__text") == [words(e.patient_text)]
        # patients do not get the student details
        assert part.select(".ow-evidence__facts") == []
        assert words(e.student_text) not in words(part.get_text())
    assert rated or any_catalog.source.name == "data"  # the fixture rates its methods


def test_explorer_students_see_study_type_outcome_and_sources(fixture_catalog: Catalog) -> None:
    explorer = TreatmentExplorer(fixture_catalog, audience="student")
    bodies = dict(zip(explorer.shown_ids, card_bodies(explorer), strict=True))
    for method_id, body in bodies.items():
        e = fixture_catalog.method(method_id).evidence
        if e is None:
            continue
        part = element(body, "div.ow-evidence")
        facts = [
            (words(div.dt.get_text()), words(div.dd.get_text()))
            for div in part.select("dl.ow-evidence__facts > div")
            if div.dt and div.dd
        ]
        assert facts == [
            (f"{STUDENT_TEXT['study_type']}:", words(e.study_type_label)),
            (f"{STUDENT_TEXT['outcome']}:", words(e.outcome)),
        ]
        assert select_texts(str(part), ".ow-evidence__text") == [words(e.student_text)]
        assert EVIDENCE_LABELS[e.level] in select_texts(str(part), ".ow-evidence__rating strong")[0]
        for ref in fixture_catalog.references_for(e.references):
            assert ref.link in links(part)
    assert "Systematic review" in text(bodies["heat"])


def test_students_only_methods_are_shown_to_students_with_a_note(fixture_catalog: Catalog) -> None:
    patient = TreatmentExplorer(fixture_catalog)
    assert "calcitonin" not in patient.shown_ids
    total = len(offered(fixture_catalog))
    assert TEXT["count"].format(shown=total, total=total) in text(patient.status.value)
    with pytest.raises(UnknownIdError, match="calcitonin"):
        patient.marked = ["calcitonin"]
    patient.category = "medicine"
    assert "calcitonin" not in patient.shown_ids
    student = TreatmentExplorer(fixture_catalog, audience="student")
    assert list(student.shown_ids) == [m.id for m in fixture_catalog.methods]
    bodies = dict(zip(student.shown_ids, card_bodies(student), strict=True))
    assert select_texts(bodies["calcitonin"], ".ow-method-card__students-only") == [STUDENT_TEXT["students_only"]]
    assert all(not has(b, STUDENT_TEXT["students_only"]) for i, b in bodies.items() if i != "calcitonin")
    student.marked = ["calcitonin"]  # students may mark it


def test_explorer_priorities_reorder_the_cards(fixture_catalog: Catalog) -> None:
    explorer = TreatmentExplorer(fixture_catalog)
    before = list(explorer.shown_ids)
    explorer.priorities = ("fast_relief",)
    assert list(explorer.shown_ids) == [
        "cold",
        "pain_relievers",
        "opioids",
        "heat",
        "massage",
        "relaxation",
        "pain_clinic",
        "acupuncture",
    ]
    names = [select_texts(b, "h3.ow-method-card__name")[0] for b in card_bodies(explorer)]
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
    assert step.chosen == ()
    assert step.ranked_ids == ()
    assert select_texts(step.ranked.value, "p.ow-note") == [TEXT["priorities_none"]]
    # the step starts with a heading
    assert first_visible(step.container) is step.heading
    assert select_texts(step.heading.value, "h3") == [TEXT["priorities_title"]]
    for p, box in step.controls.items():
        assert box.description == PRIORITY_LABELS[p]
    step.controls["low_cost"].value = True
    step.controls["no_pills"].value = True
    assert step.chosen == ("no_pills", "low_cost") == explorer.priorities
    expected = ["heat", "cold", "relaxation", "massage", "pain_relievers", "acupuncture", "opioids", "pain_clinic"]
    assert list(explorer.shown_ids) == expected
    assert list(step.ranked_ids) == expected[:MAX_RANKED]
    ranked = step.ranked.value
    items = {
        str(li["data-method"]): li for li in soup(ranked).select("ol.ow-priorities__list > li.ow-priorities__item")
    }
    assert list(items) == expected[:MAX_RANKED]
    heat = items["heat"]
    assert TEXT["priorities_fits_all"].format(
        labels=f"{PRIORITY_LABELS['no_pills']}; {PRIORITY_LABELS['low_cost']}"
    ) in words(heat.get_text())
    assert EVIDENCE_LABELS["good"] in select_texts(str(heat), ".ow-priorities__evidence")[0]
    assert [b["aria-label"] for b in heat.select("[role=img]")] == ["3 of 3 steps"]
    assert TEXT["priorities_fits"].format(n=1, total=2, labels=PRIORITY_LABELS["no_pills"]) in words(
        items["massage"].get_text()
    )
    assert TEXT["priorities_more"].format(n=len(expected) - MAX_RANKED) in text(ranked)
    # the explorer's filters and conditions shape the list; an option to avoid comes last, with a warning
    step.chosen = ("fast_relief", "at_home", "low_cost")
    assert [box.value for box in step.controls.values()] == [True, False, True, True, False]
    explorer.category = "medicine"
    explorer.conditions = ("stomach_ulcer_or_bleeding",)
    assert list(step.ranked_ids) == ["opioids", "pain_relievers"]
    last = soup(step.ranked.value).select("li.ow-priorities__item")[-1]
    assert last["data-method"] == "pain_relievers"
    assert select_texts(str(last), ".ow-priorities__avoid") == [TEXT["priorities_avoid"]]
    # the setting in the explorer can empty the list
    explorer.category = "clinic"
    explorer.pain_type = "acute"
    assert step.ranked_ids == ()
    assert select_texts(step.ranked.value, "p.ow-warning") == [TEXT["priorities_empty"]]
    # unticking everything gives the data order back
    explorer.category = explorer.pain_type = ""
    for box in step.controls.values():
        box.value = False
    assert explorer.priorities == ()
    assert list(explorer.shown_ids) == [m.id for m in offered(fixture_catalog)]
    step.close()
    assert step.container.comm is None
    assert explorer.container.comm is not None
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
    assert explorer.container.comm is None
    assert explorer.category_control.comm is None


# --- comparison grid ---------------------------------------------------------------------------------------
def column_heads(html: str) -> list[str]:
    return select_texts(html, "table thead th[scope=col]")


def table_rows(html: str) -> dict[str, list[Tag]]:
    """Each body row of the comparison table: its question (the row header) and its cells."""
    rows: dict[str, list[Tag]] = {}
    for tr in soup(html).select("table tbody tr"):
        header = tr.find("th", attrs={"scope": "row"})
        assert isinstance(header, Tag)
        assert tr.find(True) is header
        rows[words(header.get_text())] = tr.find_all("td", recursive=False)
    return rows


def test_compare_needs_two_or_three(any_catalog: Catalog) -> None:
    grid = ComparisonGrid(any_catalog)
    ids = [m.id for m in offered(any_catalog)[:4]]
    assert grid.error == TEXT["compare_too_few"].format(n=0)
    assert grid.table.value == ""
    grid.pick_controls[ids[0]].value = True
    assert grid.error == TEXT["compare_too_few"].format(n=1)
    assert select_texts(grid.message.value, "[role=status]") == [grid.error]
    assert grid.table.value == ""
    assert grid.rows == []
    grid.pick_controls[ids[1]].value = True
    assert grid.error == ""
    assert grid.message.value == ""
    assert len(column_heads(grid.table.value)) == 3
    grid.pick_controls[ids[2]].value = True
    assert grid.error == ""
    assert len(column_heads(grid.table.value)) == 4
    grid.pick_controls[ids[3]].value = True
    assert grid.picked == ids
    assert grid.error == TEXT["compare_too_many"].format(n=4)
    assert select_texts(grid.message.value, "[role=status].ow-warning") == [grid.error]
    assert grid.table.value == ""
    grid.pick_controls[ids[0]].value = False
    assert grid.error == ""
    assert grid.picked == ids[1:]


def test_compare_table_structure_and_cells(any_catalog: Catalog) -> None:
    ids = [m.id for m in offered(any_catalog)[-3:]]
    grid = ComparisonGrid(any_catalog, picked=ids)
    assert all(grid.pick_controls[i].value for i in ids)
    html = grid.table.value
    names = [any_catalog.method(i).name for i in ids]
    region = element(html, "[role=region]")  # the table scrolls in a region a keyboard can reach, with a name
    assert region["tabindex"] == "0"
    assert region["aria-label"] == TEXT["compare_region"]
    table = region.find("table")
    assert isinstance(table, Tag)
    caption = table.find(True)  # the caption comes first
    assert isinstance(caption, Tag)
    assert caption.name == "caption"
    assert words(caption.get_text()) == words(f"{names[0]}, {names[1]} and {names[2]} side by side")
    assert column_heads(html) == [TEXT["compare_question"], *(words(n) for n in names)]
    expected = comparison_rows(any_catalog, ids)
    assert grid.rows == expected
    body_rows = table_rows(html)
    assert list(body_rows) == [words(q) for q, _ in expected]
    for tds, (_, answers) in zip(body_rows.values(), expected, strict=True):
        assert len(tds) == 3
        for td, answer in zip(tds, answers, strict=True):
            for line in answer.split("\n"):
                assert words(line) in words(td.get_text(" "))


def test_compare_says_our_sources_do_not_say(any_catalog: Catalog) -> None:
    silent = [m.id for m in offered(any_catalog) if m.onset is None][:1]
    speaking = [m.id for m in offered(any_catalog) if m.onset][:1]
    assert silent
    assert speaking
    grid = ComparisonGrid(any_catalog)
    grid.picked = silent + speaking
    tds = table_rows(grid.table.value)[TEXT["q_onset"]]
    assert (tds[0]["class"], tds[0].get_text()) == (["ow-compare-not-said"], TEXT["not_said"])
    assert tds[1].get("class") is None
    assert tds[1].get_text() == any_catalog.method(speaking[0]).onset


def test_compare_every_method_has_a_labelled_box(any_catalog: Catalog) -> None:
    grid = ComparisonGrid(any_catalog)
    order = list(CATEGORY_LABELS)
    assert list(grid.pick_controls) == [
        m.id for m in sorted(offered(any_catalog), key=lambda m: order.index(m.category))
    ]
    for method_id, box in grid.pick_controls.items():
        assert box.description == any_catalog.method(method_id).name


def test_compare_shows_the_evidence_with_its_bar(fixture_catalog: Catalog) -> None:
    grid = ComparisonGrid(fixture_catalog, picked=["heat", "relaxation", "pain_clinic"])
    html = grid.table.value
    tds = table_rows(html)[TEXT["q_evidence"]]
    assert tds[0]["class"] == ["ow-compare-evidence"]
    bar = tds[0].select_one(".ow-compare-evidence__label > .ow-evidence-bar")
    # hidden from screen readers here: the label next to it says the same in words
    assert isinstance(bar, Tag)
    assert bar["aria-hidden"] == "true"
    assert bar.get("role") is None
    assert len(bar.select(".ow-evidence-bar__step--on")) == 3
    assert select_texts(str(tds[0]), ".ow-compare-evidence__label") == ["Strong evidence."]
    heat = fixture_catalog.method("heat").evidence
    assert heat is not None
    assert select_texts(str(tds[0]), ".ow-compare-evidence__text") == [words(split_summary(heat.patient_text)[0])]
    assert "of 3 steps" not in html
    assert EVIDENCE_LABELS["not_studied"] in words(tds[1].get_text())
    assert len(tds[1].select(".ow-evidence-bar__step")) == 3
    assert tds[1].select(".ow-evidence-bar__step--on") == []
    # no rating: "Our sources do not say."
    assert (tds[2]["class"], tds[2].get_text()) == (["ow-compare-not-said"], TEXT["not_said"])
    assert STUDENT_TEXT["study_type"] not in table_rows(html)


def test_compare_for_students_adds_study_type_and_their_only_options(fixture_catalog: Catalog) -> None:
    patient = ComparisonGrid(fixture_catalog)
    assert "calcitonin" not in patient.pick_controls
    with pytest.raises(UnknownIdError, match="calcitonin"):
        patient.picked = ["heat", "calcitonin"]
    student = ComparisonGrid(fixture_catalog, picked=["heat", "calcitonin"], audience="student")
    assert STUDENT_TEXT["students_only"].rstrip(".") in student.pick_controls["calcitonin"].description
    rows = table_rows(student.table.value)
    assert STUDENT_TEXT["study_type"] in rows
    calcitonin = fixture_catalog.method("calcitonin").evidence
    assert calcitonin is not None
    assert "Systematic review" in [words(td.get_text()) for td in rows[STUDENT_TEXT["study_type"]]]
    assert words(calcitonin.outcome) in [words(td.get_text()) for td in rows[STUDENT_TEXT["outcome"]]]
    with pytest.raises(ValueError, match="doctor"):
        ComparisonGrid(fixture_catalog, audience="doctor")  # type: ignore[arg-type]


# --- heat and cold helper ----------------------------------------------------------------------------------
class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def clock_face(helper: HeatColdHelper) -> str:
    """The mm:ss a sighted reader sees on the countdown (hidden from screen readers, which get words)."""
    [face] = select_texts(helper.clock_view.value, "[role=timer] [aria-hidden=true]")
    return face


def test_heatcold_choice_is_a_pair_of_radio_buttons(fixture_catalog: Catalog) -> None:
    """Radio buttons: screen readers say which is chosen ("Heat, selected"), sighted readers see a mark."""
    helper = HeatColdHelper(fixture_catalog, interval=None)
    assert isinstance(helper.mode_control, w.RadioButtons)
    assert helper.mode_control.options == ((TEXT["heat_option"], "heat"), (TEXT["cold_option"], "cold"))
    helper.mode_control.value = "cold"
    assert helper.mode == "cold" and TEXT["cold_label"].lower() in helper.message


def test_heatcold_minutes_come_from_the_catalog(any_catalog: Catalog) -> None:
    helper = HeatColdHelper(any_catalog, interval=None)
    for mode in ("heat", "cold"):
        helper.mode_control.value = mode
        low, high = any_catalog.method(mode).duration_minutes or (0, 0)
        assert low
        assert high
        assert [v for _, v in helper.minutes_control.options] == list(range(low, high + 1))
        assert helper.minutes == low
        assert helper.remaining_seconds == low * 60
        assert clock_face(helper) == f"{low:02d}:00"
        assert select_texts(helper.clock_view.value, "[role=timer] .ow-visually-hidden") == [f"{low} min 0 s left"]


def test_heatcold_shows_towel_and_cautions_from_data(any_catalog: Catalog) -> None:
    helper = HeatColdHelper(any_catalog, interval=None)
    for mode in ("heat", "cold"):
        helper.mode_control.value = mode
        method = any_catalog.method(mode)
        info = helper.info.value
        if method.how_to_steps:  # the same numbered list as on the card, not one run-on paragraph
            assert select_texts(info, "ol.ow-steps > li") == [words(s) for s in method.how_to_steps]
            assert "1. " not in text(info)
        else:
            assert has(info, method.how_to_use)
        shown = select_texts(info, "ul.ow-heatcold-cautions > li")
        assert len(shown) == len(method.cautions)
        positions = [next(i for i, li in enumerate(shown) if words(c.patient_text) in li) for c in method.cautions]
        assert sorted(positions) == list(range(len(method.cautions)))  # each caution once
        levels = [
            LEVEL_RANK[c.level] for c in sorted(method.cautions, key=lambda c: positions[method.cautions.index(c)])
        ]
        assert levels == sorted(levels)  # most serious first
        sources = links(element(helper.sources.value, "details"))
        assert any(ref.link in sources for ref in any_catalog.references_for(method.all_references))
    assert helper.towel in helper.container.children
    assert select_texts(helper.towel.value, "p.ow-warning") == [TEXT["towel"]]


def test_heatcold_countdown_with_a_fake_clock(any_catalog: Catalog) -> None:
    clock = FakeClock()
    helper = HeatColdHelper(any_catalog, clock=clock, interval=None)
    options = [v for _, v in helper.minutes_control.options]
    helper.minutes_control.value = options[-1]
    total = options[-1] * 60
    helper.start_button.click()
    assert helper.running
    assert helper.remaining_seconds == total
    assert helper.start_button.disabled
    assert not helper.stop_button.disabled
    assert helper.mode_control.disabled
    assert helper.minutes_control.disabled
    clock.now += 61
    assert helper.tick() == total - 61
    assert helper.remaining_seconds == total - 61
    mm, ss = divmod(total - 61, 60)
    assert clock_face(helper) == f"{mm:02d}:{ss:02d}"
    clock.now += 0.5
    assert helper.tick() == total - 61  # rounds up: not a whole second yet
    clock.now += total  # well past the end
    assert helper.tick() == 0
    assert not helper.running
    assert helper.finished
    assert helper.message == TEXT["done"] == "Time is up. Take the pack off and check your skin."
    assert select_texts(helper.status.value, "[role=alert]") == [TEXT["done"]]  # said at once, not politely
    assert not helper.start_button.disabled
    assert helper.stop_button.disabled
    # ... and the alarm rang once: sound, vibration and the tab's title in the page (alarm.js)
    assert (helper.alarm.rings, helper.alarm.title) == (1, TEXT["done_title"])
    assert helper.alarm in helper.container.children
    assert helper.tick() == 0 and helper.alarm.rings == 1  # not again


def test_heatcold_stop_halts_the_countdown(fixture_catalog: Catalog) -> None:
    clock = FakeClock()
    helper = HeatColdHelper(fixture_catalog, clock=clock, interval=None)
    helper.start_button.click()
    clock.now += 10
    helper.tick()
    left = helper.remaining_seconds
    helper.stop_button.click()
    assert not helper.running
    assert helper.message == TEXT["stopped"]
    clock.now += 100
    assert helper.tick() == left
    assert helper.remaining_seconds == left
    assert not helper.finished
    assert helper.alarm.rings == 0  # stopping is not time being up
    # a new choice resets the clock to the full time
    helper.minutes_control.value = helper.minutes + 1
    assert helper.remaining_seconds == helper.minutes * 60


def test_heatcold_rejects_minutes_outside_the_sources(fixture_catalog: Catalog) -> None:
    helper = HeatColdHelper(fixture_catalog, interval=None)
    _low, high = fixture_catalog.method("heat").duration_minutes or (0, 0)
    with pytest.raises(Exception, match="minutes must be one of"):
        helper.minutes = high + 1


def test_heatcold_real_time_two_second_session(fixture_catalog: Catalog) -> None:
    helper = HeatColdHelper(fixture_catalog)  # real clock, background thread
    seen: list[int] = []
    helper.observe(lambda change: seen.append(change["new"]), names="remaining_seconds")
    started = time.monotonic()
    helper.start(seconds=2)
    assert helper.running  # start() returned at once: the kernel is not blocked
    assert helper._thread is not None
    # The thread ends with the session (the deadline only keeps a broken timer from hanging the suite; a
    # slow machine may take longer than 2 s, never less). Joined before reading what it notified: the
    # last notifications are delivered as its final tick's hold on them ends.
    helper._thread.join(timeout=60)
    elapsed = time.monotonic() - started
    assert not helper._thread.is_alive()
    assert helper.finished and not helper.running
    assert helper.message == TEXT["done"]
    assert elapsed >= 1.9  # it counted the real seconds, not faster
    assert seen == [2, 1, 0]


def test_heatcold_stop_and_close_end_the_thread(fixture_catalog: Catalog) -> None:
    helper = HeatColdHelper(fixture_catalog)
    helper.start_button.click()
    thread = helper._thread
    assert thread is not None
    assert thread.is_alive()
    clicked = time.monotonic()
    helper.stop_button.click()
    assert time.monotonic() - clicked < 0.5  # the thread wakes at once, not at its next tick
    assert not thread.is_alive()
    before = helper.remaining_seconds
    time.sleep(1.1)
    assert helper.remaining_seconds == before

    helper.start_button.click()
    thread = helper._thread
    assert thread is not None
    assert thread.is_alive()
    helper.container.close()  # closing the display stops the timer
    thread.join(timeout=2)
    assert not thread.is_alive()
    assert not helper.running


def test_heatcold_close_closes_widgets(fixture_catalog: Catalog) -> None:
    helper = HeatColdHelper(fixture_catalog)
    helper.start()
    helper.close()
    assert helper.start_button.comm is None
    assert helper.container.comm is None
    assert helper._thread is not None
    assert not helper._thread.is_alive()
    assert not any(t.name == "osteo-heatcold-timer" and t.is_alive() for t in threading.enumerate())


def test_filters_hide_cards_without_changing_the_list_the_browser_keeps(any_catalog: Catalog) -> None:
    """A filter change hides cards by a class; the list of cards (whose views the browser builds) stays the
    same object, so the browser keeps every card's view (make bench: click to updated cards). Only the
    order (priorities) changes the list."""
    explorer = TreatmentExplorer(any_catalog)
    every = explorer.results.children
    assert every == explorer.shown_boxes
    sent: list[object] = []
    explorer.results.observe(lambda change: sent.append(change["new"]), names="children")
    explorer.at_home_control.value = True
    assert sent == [] and explorer.results.children is every
    hidden = {b for b in every if HIDDEN_CARD in b._dom_classes}
    assert hidden and hidden == set(every) - set(explorer.shown_boxes)
    assert all(m.at_home for m in (any_catalog.method(i) for i in explorer.shown_ids))
    explorer.at_home_control.value = False
    assert not any(HIDDEN_CARD in b._dom_classes for b in every) and sent == []
    # priorities reorder the list: it changes then, shown cards first in their new order
    explorer.priorities = ("at_home",)
    assert sent and set(explorer.results.children) == set(every)
    assert explorer.shown_boxes == tuple(b for b in explorer.results.children if HIDDEN_CARD not in b._dom_classes)


def test_a_filter_change_draws_no_card_again_but_a_condition_does(
    any_catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cards are drawn again only when what they show changes (the kernel spent ~230 ms per click drawing
    every card twice; make bench)."""
    import osteo_lib.views.widgets.explorer as explorer_module

    explorer = TreatmentExplorer(any_catalog, short=True)
    drawn: list[str] = []
    real = explorer_module.card_html
    monkeypatch.setattr(
        explorer_module,
        "card_html",
        lambda catalog, match, *a, **k: drawn.append(match.method.id) or real(catalog, match, *a, **k),
    )
    explorer.at_home_control.value = True
    explorer.category_control.value = "physical"
    assert drawn == []
    condition = next(iter(explorer.condition_controls))
    affected = {m.id for m in offered(any_catalog) if any(condition in c.conditions for c in m.cautions)}
    assert affected
    explorer.condition_controls[condition].value = True
    assert set(drawn) == {m.id for m in offered(any_catalog)}  # the person's conditions are in every card
    before = {i: explorer._cards[i].body.value for i in affected}
    explorer.condition_controls[condition].value = False
    assert any(explorer._cards[i].body.value != before[i] for i in affected)
