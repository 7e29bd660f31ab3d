"""The NGN highlight text item (``highlight``): the parts of a short nurse's note, in reading order, of which
some need follow-up; +/- scoring (osteo_lib.care.quiz), never shuffled, the loader's checks, the student form
without keys (same reading order), the answer key, the LMS export (multiple answers in reading order,
reported), and the items of the real banks."""

from __future__ import annotations

from typing import Any

import pytest

from osteo_lib import DataError
from osteo_lib.apps.instructor.keys import answer_key
from osteo_lib.apps.lms_export import lms_text, plan_export
from osteo_lib.care.quiz import correct_response, score
from osteo_lib.care.quiz_answers import response_from_json, response_to_json
from osteo_lib.care.quiz_order import choice_order
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.quiz import Choice, Item, load_bank, load_banks
from osteo_lib.content.student_data import student_form
from tests.quiz_banks import load_document as load


def note() -> Item:
    return Item(
        id="t_hl",
        type="highlight",
        stem="Choose each part of the note that needs follow-up.",
        explanation="Because.",
        references=("pasero2009_poss",),
        choices=(
            Choice("dose", "Oxycodone given at 20:00."),
            Choice("drifts", "Drifts off to sleep mid-sentence.", True),
            Choice("rr", "Breathing 9 a minute.", True),
            Choice("meal", "Ate her supper."),
        ),
    )


@pytest.mark.parametrize(
    ("response", "points"),
    [
        ({"drifts", "rr"}, 2),
        ({"drifts"}, 1),
        ({"drifts", "rr", "meal"}, 1),  # a part that needs no follow-up costs a point
        ({"drifts", "dose", "meal"}, 0),  # never below 0
        (set(), 0),
    ],
)
def test_plus_minus_scoring(response: set[str], points: int) -> None:
    result = score(note(), response)
    assert (result.points, result.max_points, result.correct) == (points, 2, points == 2)


def test_the_parts_keep_reading_order_for_every_student() -> None:
    item = note()
    assert choice_order(item, "ana") == choice_order(item, "ben") == ("dose", "drifts", "rr", "meal")


def test_correct_response_round_trips_through_the_answer_file() -> None:
    item = note()
    assert score(item, response_from_json(item, response_to_json(correct_response(item)))).correct


def test_an_unknown_part_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown choices choice id 'zzz'"):
        score(note(), {"zzz"})


# --- loader, student form, key, LMS -----------------------------------------------------------------------
def doc(choices: list[dict[str, Any]]) -> dict[str, Any]:
    item = {"id": "t_hl", "type": "highlight", "stem": "S", "explanation": "E.", "references": ["paolucci2016"]}
    return {"schema_version": 1, "bank": "tbank", "title": "T", "items": [{**item, "choices": choices}]}


@pytest.mark.parametrize(
    ("choices", "problem"),
    [
        (
            [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}],
            "a highlight item needs at least one choice with correct",
        ),
        ([{"id": "a", "text": "A", "correct": True}, {"id": "b", "text": "B", "correct": True}], "need no follow-up"),
    ],
)
def test_the_loader_wants_parts_of_both_kinds(
    quiz_catalog: Catalog, choices: list[dict[str, Any]], problem: str
) -> None:
    with pytest.raises(DataError) as info:
        load(quiz_catalog, doc(choices), "bad" + str(len(problem)))
    assert (info.value.record, info.value.field) == ("t_hl", "choices") and problem in info.value.problem


def test_the_student_form_keeps_reading_order_and_drops_the_key(quiz_catalog: Catalog) -> None:
    parts = [{"id": c, "text": c.upper(), **({"correct": True} if c in "bd" else {})} for c in "abcdefg"]
    form = student_form(doc(parts))
    assert [c["id"] for c in form["items"][0]["choices"]] == list("abcdefg")
    assert all(set(c) == {"id", "text"} for c in form["items"][0]["choices"])
    item = load(quiz_catalog, form, "student").item("t_hl")
    assert not item.keyed and item.correct_choices == ()


def test_the_answer_key_lists_the_parts_to_follow_up() -> None:
    assert [line.text for line in answer_key(note(), "t").answers] == [
        "Drifts off to sleep mid-sentence.",
        "Breathing 9 a minute.",
    ]


def test_the_lms_export_writes_multiple_answers_in_reading_order(catalog: Catalog) -> None:
    bank = load_bank("medications", catalog)
    plan = plan_export([bank], catalog)
    item = bank.item("med_21")
    [question] = [q for q in plan.questions if q.item == item.id]
    assert question.kind == "multiple" and question.shuffle is False
    assert [c.id for c in question.choices] == [c.id for c in item.choices]
    assert {c.id for c in question.correct} == {c.id for c in item.correct_choices}
    notes = [n.text for n in plan.notes if n.item == item.id]
    assert lms_text()["note_highlight"] in notes


def test_the_banks_hold_two_highlight_items(catalog: Catalog) -> None:
    items = [i for b in load_banks(catalog).values() for i in b.items if i.type == "highlight"]
    assert len(items) >= 2
    for item in items:
        assert item.objective and item.bloom and item.clinical_judgment_step, item.id
        right = len(item.correct_choices)
        assert 0 < right < len(item.choices), item.id
        assert item.references and all(r in catalog.references for r in item.references), item.id


def test_the_printed_handout_lists_the_parts_in_reading_order_to_tick() -> None:
    from types import SimpleNamespace

    from osteo_lib.content.ui import ui_texts
    from osteo_lib.views.handouts import _item_view
    from osteo_lib.views.templates import render
    from tests.markup import text as visible

    words = ui_texts("handouts_student")
    view = _item_view(note())
    nb = SimpleNamespace(file="00_x", title="T", minutes=5, objectives="", key_points="", try_this="")
    page = visible(
        str(render("handouts/student.html.j2", text=words, nb=nb, items=[view], lines=range(1), csp="", css=""))
    )
    assert words["highlight"] in page
    positions = [page.index(c.text) for c in note().choices]
    assert positions == sorted(positions)
