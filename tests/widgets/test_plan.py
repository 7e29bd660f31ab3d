"""My pain plan widget (osteo_lib.views.widgets.plan.PainPlan), driven through its traits and controls with
real ipywidgets: the list offers the options marked in the explorer, "Add to my plan" adds the choice, a bad
choice leaves the plan as it was and says why, the checklist and the printable page follow, and in the
dashboard the plan sits in "Talk to my provider", shows the summary's questions and opens Get help now."""

from __future__ import annotations

import base64
from datetime import date

import ipywidgets as w
import pytest
import traitlets as t

from osteo_lib.apps.dashboard import PatientDashboard
from osteo_lib.care.plan import PlanError, checklist, choosable_methods, plan_texts
from osteo_lib.content.catalog import Catalog
from osteo_lib.views.widgets.explorer import TreatmentExplorer
from osteo_lib.views.widgets.plan import PainPlan
from tests.markup import soup

DAY = date(2026, 3, 4)


def choose(plan: PainPlan, method_id: str, when: str, minutes: int | None) -> bool:
    plan.method_control.value = method_id
    plan.when_control.value = when
    plan.minutes_control.value = minutes
    return plan.add()


def test_without_marks_every_home_option_is_offered(catalog: Catalog) -> None:
    plan = PainPlan(catalog, today=DAY)
    assert plan.choices == tuple(m.id for m in choosable_methods(catalog))
    assert [v for _label, v in plan.method_control.options] == list(plan.choices)
    assert plan.method_control.value == plan.choices[0]
    assert plan_texts()["pick_all_note"] in plan.choices_note.value


def test_marks_in_the_explorer_become_the_choices(catalog: Catalog) -> None:
    explorer = TreatmentExplorer(catalog)
    plan = PainPlan(catalog, marked_source=explorer, today=DAY)
    explorer.cards["tens"].mark.value = True
    explorer.cards["cold"].mark.value = True
    assert plan.choices == ("tens", "cold")
    assert plan_texts()["pick_marked_note"] in plan.choices_note.value
    explorer.cards["tens"].mark.value = False
    assert plan.choices == ("cold",) and plan.method_control.value == "cold"


def test_minutes_offered_follow_the_method(catalog: Catalog) -> None:
    plan = PainPlan(catalog, today=DAY)
    plan.method_control.value = "heat"
    assert [v for _l, v in plan.minutes_control.options] == [15, 20]
    plan.method_control.value = "tens"
    assert next(v for _l, v in plan.minutes_control.options) is None


def test_add_builds_the_checklist_and_the_printable_page(catalog: Catalog) -> None:
    plan = PainPlan(catalog, today=DAY)
    assert choose(plan, "heat", "after_breakfast", 15)
    assert plan.items == (("heat", "after_breakfast", 15),)
    assert plan.checklist == checklist(catalog, plan.plan).items
    assert catalog.method("heat").name in plan.message
    shown = [li.get_text(" ", strip=True) for li in soup(plan.checklist_html.value).select(".ow-plan-checks li")]
    assert shown == list(plan.checklist)
    assert set(plan.remove_buttons) == {"heat"}
    assert plan.print_href.startswith("data:text/html;base64,")
    document = base64.b64decode(plan.print_href.split(",", 1)[1]).decode("utf-8")
    assert plan.checklist[0] in soup(document).get_text(" ")
    link = soup(plan.print_html.value).select_one("a.ow-plan-print-link")
    assert link is not None and link["download"] == "my-pain-plan-2026-03-04.html"
    # "Print my plan" prints the same page (no new tab, no browser menu): the button holds the document
    assert plan.printer.label == plan_texts()["print_button"]
    assert plan.printer.document == document
    assert plan.printer in plan.container.children


def test_the_plan_print_words_need_no_browser_menu() -> None:
    """Issue 14 (PEMAT 3, CCI 7): no "new tab" and no "browser's Print" in the plan's words."""
    words = " ".join(str(v) for v in plan_texts().values()).lower()
    assert "new tab" not in words and "browser" not in words


def test_a_bad_choice_keeps_the_plan_and_says_why(catalog: Catalog) -> None:
    plan = PainPlan(catalog, today=DAY)
    assert choose(plan, "heat", "evening", 20)
    before = plan.items
    assert not choose(plan, "heat", "morning", 15)
    assert plan.items == before
    assert "already on your plan" in plan.message
    assert "ow-warning" in plan.status.value
    with pytest.raises(PlanError):
        plan.items = (("heat", "evening", 90),)
    assert plan.items == before


def test_remove_button_takes_it_off(catalog: Catalog) -> None:
    plan = PainPlan(catalog, today=DAY)
    choose(plan, "heat", "evening", 20)
    choose(plan, "cold", "morning", 15)
    plan.remove_buttons["heat"].click()
    assert plan.items == (("cold", "morning", 15),)
    assert set(plan.remove_buttons) == {"cold"}
    assert len(plan.items_box.children) == 1


def test_setting_items_directly_updates_the_view(catalog: Catalog) -> None:
    plan = PainPlan(catalog, today=DAY)
    plan.items = (("cold", "bedtime", 20),)
    assert plan.checklist == checklist(catalog, plan.plan).items
    assert len(soup(plan.checklist_html.value).select(".ow-plan-checks li")) == 1


def test_questions_from_a_text_box(catalog: Catalog) -> None:
    source = w.Textarea()
    plan = PainPlan(catalog, questions_source=source, today=DAY)
    assert plan.questions_input not in plan.container.children  # the page has one questions box
    source.value = "Can I use heat at night?\n"
    assert plan.plan.questions == ("Can I use heat at night?",)
    lines = [li.get_text(strip=True) for li in soup(plan.checklist_html.value).select(".ow-plan-checks li")]
    assert lines == ["Can I use heat at night?"]


def test_own_questions_box_when_alone(catalog: Catalog) -> None:
    plan = PainPlan(catalog, today=DAY)
    assert plan.questions_input in plan.container.children
    plan.questions_input.value = "Is TENS safe?"
    assert plan.questions == "Is TENS safe?" and plan.plan.questions == ("Is TENS safe?",)


def test_in_the_dashboard(catalog: Catalog) -> None:
    dash = PatientDashboard(catalog, today=DAY, start="help", room=False)
    dash.explorer.cards["cold"].mark.value = True
    dash.show("provider")
    assert dash.plan.container in dash.sections["provider"].children
    assert dash.plan.choices == ("cold",)
    first_question = next(iter(dash.question_boxes.values()))
    first_question.value = True
    assert first_question.description in dash.plan.plan.questions
    dash.plan.help_button.click()
    assert dash.current == "urgent"
    dash.close()


def test_read_only_state(catalog: Catalog) -> None:
    plan = PainPlan(catalog, today=DAY)
    for name in ("choices", "checklist", "message", "print_href"):
        with pytest.raises(t.TraitError):
            setattr(plan, name, ())
