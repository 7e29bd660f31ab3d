"""The NGN "select N" item type (``select_n``): its NCSBN 0/1 scoring (osteo_lib.care.quiz), the loader's
checks (osteo_lib.content.quiz), the student form without keys (osteo_lib.content.student_data), the
instructor's answer key and the LMS export's reported approximation, and the items of the real banks."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from osteo_lib.apps.instructor.keys import answer_key
from osteo_lib.apps.lms_export import lms_text, plan_export
from osteo_lib.care.quiz import Mark, correct_response, score
from osteo_lib.care.quiz_answers import response_from_json, response_to_json
from osteo_lib.care.quiz_balance import groups_of
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.quiz import Choice, Item, load_banks
from osteo_lib.content.student_data import ITEM_FIELDS, student_form
from tests.quiz_banks import load_document as load
from tests.quiz_banks import load_problem as error


def select_two() -> Item:
    """Select 2 of five: a and c are right, b, d and e wrong."""
    return Item(
        id="t_select",
        type="select_n",
        stem="Select 2.",
        explanation="Because.",
        references=("paolucci2016",),
        select=2,
        choices=(
            Choice("a", "A", True),
            Choice("b", "B"),
            Choice("c", "C", True),
            Choice("d", "D"),
            Choice("e", "E"),
        ),
    )


# --- scoring ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ({"a", "c"}, 2),  # both right
        ({"a", "b"}, 1),  # one right, one wrong: no penalty for the wrong one
        ({"b", "d"}, 0),  # both wrong: 0, never negative
        ({"c"}, 1),  # fewer than N: the unchosen right answer scores 0
        (set(), 0),  # nothing chosen
        (None, 0),
        (["a", "a"], 1),  # a repeat counts once
        (("c", "a"), 2),  # any collection, any order
    ],
)
def test_zero_one_scoring_without_penalty(response: Any, expected: int) -> None:
    result = score(select_two(), response)
    assert (result.points, result.max_points) == (expected, 2)
    assert result.correct is (expected == 2)


def test_the_details_give_no_minus_point_for_a_wrong_choice() -> None:
    result = score(select_two(), {"a", "d"})
    assert result.details == (
        Mark("choices", "a", "right", 1),
        Mark("choices", "d", "wrong", 0),
        Mark("choices", "c", "missed", 0),
    )
    assert result.status == "partial"
    assert score(select_two(), {"b", "d"}).status == "wrong"


def test_the_same_choices_under_select_all_rules_lose_a_point() -> None:
    """The rule that sets select_n apart from multiple: the wrong pick costs nothing here."""
    as_multiple = dataclasses.replace(select_two(), type="multiple", select=0)
    assert score(as_multiple, {"a", "d"}).points == 0
    assert score(select_two(), {"a", "d"}).points == 1


def test_more_than_n_is_refused_naming_the_limit() -> None:
    with pytest.raises(ValueError, match=r"choose at most 2, got 3 \(a, b, c\)"):
        score(select_two(), {"a", "b", "c"})


@pytest.mark.parametrize(
    ("bad", "named"), [("a", "collection of choice ids"), ({"a": 1}, "collection"), ([1], "strings")]
)
def test_bad_shapes_are_refused(bad: Any, named: str) -> None:
    with pytest.raises(ValueError, match=named):
        score(select_two(), bad)


def test_an_unknown_choice_is_named() -> None:
    with pytest.raises(ValueError, match="'zz'"):
        score(select_two(), {"a", "zz"})


def test_correct_response_and_the_answer_file_round_trip() -> None:
    item = select_two()
    right = correct_response(item)
    assert right == {"a", "c"} and score(item, right).correct
    assert response_to_json(right) == ["a", "c"]
    assert response_from_json(item, ["c", "a"]) == {"a", "c"}


def test_max_points_is_n_even_without_keys() -> None:
    keyless = dataclasses.replace(
        select_two(), keyed=False, choices=tuple(Choice(c.id, c.text) for c in select_two().choices)
    )
    assert keyless.max_points == 2
    with pytest.raises(ValueError, match="no answer key"):
        score(keyless, {"a"})


# --- loader checks --------------------------------------------------------------------------------------
def doc(**change: Any) -> dict[str, Any]:
    item = {
        "id": "t_n",
        "type": "select_n",
        "select": 2,
        "stem": "Select 2.",
        "explanation": "E.",
        "references": ["paolucci2016"],
        "choices": [
            {"id": "a", "text": "A", "correct": True},
            {"id": "b", "text": "B"},
            {"id": "c", "text": "C", "correct": True},
            {"id": "d", "text": "D"},
        ],
    }
    item.update(change)
    return {"schema_version": 1, "bank": "tbank", "title": "T", "items": [item]}


def test_a_valid_item_loads_as_a_typed_record(quiz_catalog: Catalog) -> None:
    item = load(quiz_catalog, doc()).item("t_n")
    assert (item.type, item.select, item.max_points) == ("select_n", 2, 2)
    assert [c.id for c in item.correct_choices] == ["a", "c"]


@pytest.mark.parametrize(
    ("change", "fieldname", "problem"),
    [
        ({"select": 1}, "choices", "needs exactly 1 choices with correct: true, found 2"),
        ({"select": 3}, "choices", "needs exactly 3 choices with correct: true, found 2"),
        ({"select": 4}, "select", "must be less than the number of choices (4)"),
    ],
)
def test_the_key_must_match_n(quiz_catalog: Catalog, change: dict[str, Any], fieldname: str, problem: str) -> None:
    err = error(quiz_catalog, doc(**change))
    assert (err.record, err.field) == ("t_n", fieldname), str(err)
    assert problem in err.problem, str(err)


def test_select_is_required_and_only_for_select_n(quiz_catalog: Catalog) -> None:
    missing = doc()
    del missing["items"][0]["select"]
    err = error(quiz_catalog, missing)
    assert "select" in str(err)
    err = error(quiz_catalog, doc(type="multiple"))
    assert (err.record, err.field) == ("t_n", "select") and "not used by multiple" in err.problem
    err = error(quiz_catalog, doc(select=0))
    assert "select" in str(err)


def test_a_duplicate_choice_is_named(quiz_catalog: Catalog) -> None:
    document = doc()
    document["items"][0]["choices"].append({"id": "a", "text": "again"})
    err = error(quiz_catalog, document)
    assert (err.record, err.field) == ("t_n", "choices[a].id")


# --- student form, answer key, LMS export ---------------------------------------------------------------
def test_the_student_form_keeps_n_and_drops_the_key(quiz_catalog: Catalog) -> None:
    assert "select" in ITEM_FIELDS
    form = student_form(doc())
    item = form["items"][0]
    assert item["select"] == 2 and "explanation" not in item
    assert all(set(c) == {"id", "text"} for c in item["choices"])
    loaded = load(quiz_catalog, form).item("t_n")  # the keyless form validates and loads
    assert not loaded.keyed and loaded.select == 2 and loaded.max_points == 2
    assert not loaded.correct_choices


def test_a_keyless_item_must_still_ask_for_fewer_than_all(quiz_catalog: Catalog) -> None:
    form = student_form(doc())
    form["items"][0]["select"] = 4
    err = error(quiz_catalog, form)
    assert (err.record, err.field) == ("t_n", "select")


def test_the_answer_key_lists_the_n_right_choices() -> None:
    key = answer_key(select_two(), "tbank")
    assert [line.text for line in key.answers] == ["A", "C"] and key.max_points == 2


def test_the_lms_export_maps_it_and_reports_the_approximation(catalog: Catalog) -> None:
    banks = [b for b in load_banks(catalog).values() if any(i.type == "select_n" for i in b.items)]
    plan = plan_export(banks, catalog)
    items = [i for b in banks for i in b.items if i.type == "select_n"]
    assert plan.skipped == ()
    for item in items:
        question = next(q for q in plan.questions if q.item == item.id)
        assert question.kind == "multiple" and question.points == item.select
        assert {c.id for c in question.correct} == {c.id for c in item.correct_choices}
        note = next(n for n in plan.notes if n.item == item.id)
        assert note.kind == "approximated"
        assert note.text == lms_text().format("note_select_n", count=item.select)


# --- the real banks ---------------------------------------------------------------------------------------
def test_the_banks_hold_at_least_two_select_n_items(catalog: Catalog) -> None:
    items = [i for b in load_banks(catalog).values() for i in b.items if i.type == "select_n"]
    assert len(items) >= 2, [i.id for i in items]
    for item in items:
        assert item.objective and item.bloom and item.clinical_judgment_step, item.id
        assert f"{item.select}" in item.stem, f"{item.id}: the stem must say how many to choose"
        assert len(item.correct_choices) == item.select < len(item.choices)


def test_select_n_items_are_a_group_of_the_key_position_statistics(catalog: Catalog) -> None:
    items = [i for b in load_banks(catalog).values() for i in b.items if i.type == "select_n"]
    groups = list(groups_of(items))
    assert [g.kind for g in groups] == ["select_n"] * len(items)
    for group in groups:
        positions = [i for i, c in enumerate(group.choices) if c.id in group.right]
        assert positions != list(range(len(positions))), f"{group.item}: the right choices come first"
