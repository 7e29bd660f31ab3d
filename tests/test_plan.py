"""My pain plan, pure functions (osteo_lib.care.plan) and its documents (osteo_lib.views.plan_document):
items are checked (method offered to patients, a time of day from the list, minutes within the method's
own range), bad input leaves the plan as it was with a message saying what to change, and the checklist,
the printable page and the summary block carry the plan."""

from __future__ import annotations

from datetime import date

import pytest

from osteo_lib.care.diary import fmt_day
from osteo_lib.care.plan import (
    FREE_MINUTES,
    MAX_ITEMS,
    WHEN,
    Plan,
    PlanError,
    add_item,
    checklist,
    checklist_text,
    choosable_methods,
    make_item,
    minute_choices,
    plan_filename,
    plan_texts,
    remove_item,
    summary_parts,
    when_labels,
    with_questions,
)
from osteo_lib.content.catalog import Catalog
from osteo_lib.views.plan_document import PLAN_CSP, build_plan_document, checklist_html
from tests.markup import soup


def test_add_item_appends_and_keeps_the_old_plan(catalog: Catalog) -> None:
    empty = Plan()
    plan = add_item(catalog, empty, "heat", "after_breakfast", 15)
    assert empty.items == ()
    assert plan.method_ids == ("heat",)
    assert plan.items[0].when == "after_breakfast" and plan.items[0].minutes == 15


def test_minutes_follow_the_methods_own_range(catalog: Catalog) -> None:
    heat = catalog.method("heat")
    assert heat.duration_minutes == (15, 20)
    assert minute_choices(heat) == (15, 20)
    with pytest.raises(PlanError, match="15 to 20 minutes"):
        make_item(catalog, "heat", "evening", 60)
    with pytest.raises(PlanError, match="15 to 20 minutes"):
        make_item(catalog, "cold", "evening", 5)
    exercise = catalog.method("exercise")
    if exercise.duration_minutes is None:
        assert minute_choices(exercise) == (None, *FREE_MINUTES)
    nsaid = next(m for m in catalog.methods if m.duration_minutes is None and m.patient_option)
    assert make_item(catalog, nsaid.id, "bedtime", None).minutes is None
    with pytest.raises(PlanError, match="between 1 and 120"):
        make_item(catalog, nsaid.id, "bedtime", 500)


def test_bad_choices_say_what_to_change(catalog: Catalog) -> None:
    text = plan_texts()
    with pytest.raises(PlanError, match=text["error_unknown"]):
        make_item(catalog, "no_such_method", "evening", None)
    students_only = next(m for m in catalog.methods if not m.patient_option)
    with pytest.raises(PlanError, match=text["error_unknown"]):
        make_item(catalog, students_only.id, "evening", None)
    with pytest.raises(PlanError, match=text["error_when"]):
        make_item(catalog, "heat", "midnight", 15)
    with pytest.raises(PlanError):
        make_item(catalog, "heat", "evening", True)  # type: ignore[arg-type]


def test_a_method_goes_on_once_and_the_plan_has_a_limit(catalog: Catalog) -> None:
    plan = add_item(catalog, Plan(), "heat", "evening", 20)
    with pytest.raises(PlanError, match="already on your plan"):
        add_item(catalog, plan, "heat", "morning", 15)
    home = [m for m in choosable_methods(catalog) if m.id != "heat"]
    for method in home[: MAX_ITEMS - 1]:
        plan = add_item(catalog, plan, method.id, "flare", minute_choices(method)[0])
    assert len(plan.items) == MAX_ITEMS
    with pytest.raises(PlanError, match=str(MAX_ITEMS)):
        add_item(catalog, plan, home[MAX_ITEMS].id, "flare", minute_choices(home[MAX_ITEMS])[0])


def test_remove_item(catalog: Catalog) -> None:
    plan = add_item(catalog, add_item(catalog, Plan(), "heat", "evening", 20), "cold", "morning", 15)
    assert remove_item(plan, "heat").method_ids == ("cold",)
    assert remove_item(plan, "tens") == plan


def test_choosable_methods_prefer_the_marked_ones(catalog: Catalog) -> None:
    assert [m.id for m in choosable_methods(catalog, ["tens", "heat", "tens", "nope"])] == ["tens", "heat"]
    unmarked = choosable_methods(catalog)
    assert unmarked and all(m.at_home and m.patient_option for m in unmarked)
    # No medicine is suggested unasked: the care team starts and doses those (a marked one is still offered).
    assert not [m.id for m in unmarked if m.category == "medicine"]
    assert [m.id for m in choosable_methods(catalog, ["opioids", "heat"])] == ["opioids", "heat"]


def test_questions_are_cleaned_and_kept_once(catalog: Catalog) -> None:
    plan = with_questions(Plan(), "Can I use heat at night?\n\n  Can I use heat at night?  \nIs TENS safe?")
    assert plan.questions == ("Can I use heat at night?", "Is TENS safe?")


def test_checklist_lines(catalog: Catalog) -> None:
    text = plan_texts()
    plan = with_questions(add_item(catalog, Plan(), "heat", "after_breakfast", 15), "Is TENS safe?")
    c = checklist(catalog, plan)
    name = catalog.method("heat").name
    assert c.items == (f"{name}: {when_labels()['after_breakfast']}, {text.format('minutes_value', minutes=15)}.",)
    assert c.questions == ("Is TENS safe?",)
    assert c.worse == text["worse_text"] and c.empty == "" and c.questions_empty == ""
    empty = checklist(catalog, Plan())
    assert empty.items == () and empty.empty == text["checklist_empty"]
    assert empty.questions_empty == text["questions_empty"]
    plain = checklist_text(catalog, plan)
    assert f"[ ] {c.items[0]}" in plain and "[ ] Is TENS safe?" in plain and "<" not in plain


def test_every_time_of_day_has_words() -> None:
    assert list(when_labels()) == list(WHEN)
    assert all(when_labels().values())


def test_printable_page_is_self_contained_and_has_the_checklist(catalog: Catalog) -> None:
    plan = with_questions(add_item(catalog, Plan(), "tens", "evening", None), "Where do the pads go?")
    html = build_plan_document(catalog, plan, date(2026, 3, 4))
    page = soup(html)
    csp = page.select_one('meta[http-equiv="Content-Security-Policy"]')
    assert csp is not None and csp["content"] == PLAN_CSP
    assert page.select_one("script") is None and "http" not in html.replace("http-equiv", "")
    items = [li.get_text(" ", strip=True) for li in page.select(".owp-checks li")]
    assert items == [*checklist(catalog, plan).items, "Where do the pads go?"]
    assert fmt_day(date(2026, 3, 4)) in page.get_text()
    assert "@page" in html and "@media print" in html
    assert plan_filename(date(2026, 3, 4)) == "my-pain-plan-2026-03-04.html"


def test_the_printable_page_leaves_out_an_empty_questions_part(catalog: Catalog) -> None:
    text = plan_texts()
    plan = add_item(catalog, Plan(), "cold", "evening", 20)
    printed = soup(build_plan_document(catalog, plan, date(2026, 3, 4))).get_text(" ")
    assert text["questions_title"] not in printed and text["questions_empty"] not in printed
    on_page = soup(str(checklist_html(catalog, plan))).get_text(" ")
    assert text["questions_title"] in on_page and text["questions_empty"] in on_page


def test_typed_questions_are_escaped(catalog: Catalog) -> None:
    plan = with_questions(Plan(), "<b>bold</b> & more?")
    html = str(checklist_html(catalog, plan))
    assert "<b>" not in html and "&lt;b&gt;" in html


def test_summary_parts(catalog: Catalog) -> None:
    text = plan_texts()
    assert summary_parts(catalog, with_questions(Plan(), "Is TENS safe?")) == (text["summary_block_title"], (), "")
    plan = with_questions(add_item(catalog, Plan(), "cold", "evening", 20), "Is TENS safe?")
    title, items, note = summary_parts(catalog, plan)
    assert title == text["summary_block_title"]
    assert items == checklist(catalog, plan).items  # the questions stay in the summary's own part
    assert note.endswith(text["worse_text"])
