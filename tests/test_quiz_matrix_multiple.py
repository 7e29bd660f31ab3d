"""The NGN matrix multiple response item (``matrix_multiple``): +/- scoring per row, each row floored at 0
(osteo_lib.care.quiz), the loader's checks, the student form without keys, the answer key, the LMS
export (one multiple-answers question per row, reported), and the items of the real banks."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace
from typing import Any

import pytest

from osteo_lib.apps.instructor.keys import answer_key
from osteo_lib.apps.lms_export import lms_text, plan_export
from osteo_lib.care.quiz import Mark, correct_response, score
from osteo_lib.care.quiz_answers import response_from_json, response_to_json
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.quiz import Choice, Item, MatrixRow, load_banks
from osteo_lib.content.student_data import student_form
from tests.quiz_banks import load_document as load
from tests.quiz_banks import load_problem as error


def grid() -> Item:
    """Three columns; row r1 has two right columns (x, y), row r2 one (z): max 3 points."""
    return Item(
        id="t_mm",
        type="matrix_multiple",
        stem="Tick all per row.",
        explanation="Because.",
        references=("paolucci2016",),
        columns=(Choice("x", "X"), Choice("y", "Y"), Choice("z", "Z")),
        rows=(MatrixRow("r1", "Row 1", answers=("x", "y")), MatrixRow("r2", "Row 2", answers=("z",))),
    )


# --- scoring ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ({"r1": {"x", "y"}, "r2": {"z"}}, 3),  # all right
        ({"r1": {"x"}, "r2": {"z"}}, 2),  # a right cell missed: 0 for it
        ({"r1": {"x", "y", "z"}, "r2": {"z"}}, 2),  # a wrong tick costs 1 in its row
        ({"r1": {"x", "z"}, "r2": {"z"}}, 1),  # +1 -1 in r1, +1 in r2
        ({"r1": {"z"}, "r2": {"z"}}, 1),  # r1 floors at 0 on its own: it does not eat r2's point
        ({"r1": {"x", "y"}, "r2": {"x", "y"}}, 2),  # r2 -2 floors at 0: r1 keeps its 2
        ({}, 0),  # nothing answered
        ({"r1": ["x", "x"], "r2": ("z",)}, 2),  # any collection; a repeat counts once
        ({"r1": None}, 0),
    ],
)
def test_plus_minus_scoring_per_row_floored_at_zero(response: dict[str, Any], expected: int) -> None:
    result = score(grid(), response)
    assert (result.points, result.max_points) == (expected, 3)
    assert result.correct is (expected == 3)


def test_details_per_row_with_their_points() -> None:
    result = score(grid(), {"r1": {"x", "z"}})
    assert result.details == (
        Mark("r1", "x", "right", 1),
        Mark("r1", "z", "wrong", -1),
        Mark("r1", "y", "missed", 0),
        Mark("r2", "z", "missed", 0),
    )
    assert result.status == "wrong"  # +1 -1 in r1, nothing in r2
    assert score(grid(), {"r1": {"x", "z"}, "r2": {"z"}}).status == "partial"


@pytest.mark.parametrize(
    ("bad", "named"),
    [
        ({"r1", "r2"}, "mapping of row id"),
        ({"r9": {"x"}}, "unknown row id 'r9'"),
        ({"r1": "x"}, "collection of choice ids"),
        ({"r1": {"w"}}, "'w'"),
        ({"r1": [1]}, "strings"),
    ],
)
def test_bad_responses_are_refused_naming_the_problem(bad: Any, named: str) -> None:
    with pytest.raises(ValueError, match=named):
        score(grid(), bad)


def test_correct_response_and_the_answer_file_round_trip() -> None:
    item = grid()
    right = correct_response(item)
    assert right == {"r1": {"x", "y"}, "r2": {"z"}} and score(item, right).correct
    assert response_to_json(right) == {"r1": ["x", "y"], "r2": ["z"]}
    assert response_from_json(item, {"r1": ["y", "x"], "r2": ["z"]}) == right


def test_without_keys_nothing_is_scored() -> None:
    keyless = dataclasses.replace(grid(), keyed=False, rows=tuple(MatrixRow(r.id, r.text) for r in grid().rows))
    with pytest.raises(ValueError, match="no answer key"):
        score(keyless, {})
    with pytest.raises(ValueError, match="no answer key"):
        _ = keyless.max_points


# --- loader checks --------------------------------------------------------------------------------------
def doc(rows: list[dict[str, Any]] | None = None, **change: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": "t_mm",
        "type": "matrix_multiple",
        "stem": "S",
        "explanation": "E.",
        "references": ["paolucci2016"],
        "columns": [{"id": "x", "text": "X"}, {"id": "y", "text": "Y"}],
        "rows": rows
        if rows is not None
        else [{"id": "r1", "text": "R1", "answers": ["x", "y"]}, {"id": "r2", "text": "R2", "answers": ["y"]}],
    }
    item.update(change)
    return {"schema_version": 1, "bank": "tbank", "title": "T", "items": [item]}


def test_a_valid_item_loads_as_typed_records(quiz_catalog: Catalog) -> None:
    item = load(quiz_catalog, doc()).item("t_mm")
    assert item.type == "matrix_multiple" and item.max_points == 3
    assert [r.answers for r in item.rows] == [("x", "y"), ("y",)]
    assert all(r.answer is None for r in item.rows)


@pytest.mark.parametrize(
    ("rows", "fieldname", "problem"),
    [
        ([{"id": "r1", "text": "R", "answers": ["x", "q"]}, {"id": "r2", "text": "R", "answers": ["y"]}],
         "rows[r1].answers", "'q' is not a column id"),
        ([{"id": "r1", "text": "R", "answer": "x"}, {"id": "r2", "text": "R", "answers": ["y"]}],
         "rows[r1].answer", "in answers, not answer"),
        ([{"id": "r1", "text": "R", "answers": ["x"]}, {"id": "r1", "text": "R", "answers": ["y"]}],
         "rows[r1].id", "duplicate id"),
    ],
)  # fmt: skip
def test_cross_checks_name_item_and_field(
    quiz_catalog: Catalog, rows: list[dict[str, Any]], fieldname: str, problem: str
) -> None:
    err = error(quiz_catalog, doc(rows))
    assert (err.record, err.field) == ("t_mm", fieldname), str(err)
    assert problem in err.problem, str(err)


def test_a_matrix_row_may_not_use_answers(quiz_catalog: Catalog) -> None:
    rows = [{"id": "r1", "text": "R", "answers": ["x"]}, {"id": "r2", "text": "R", "answer": "y"}]
    err = error(quiz_catalog, doc(rows, type="matrix"))
    assert (err.record, err.field) == ("t_mm", "rows[r1].answers") and "in answer, not answers" in err.problem


def test_schema_problems_are_named(quiz_catalog: Catalog) -> None:
    empty = doc([{"id": "r1", "text": "R", "answers": []}, {"id": "r2", "text": "R", "answers": ["x"]}])
    empty["bank"] = "empty"
    err = error(quiz_catalog, empty)
    assert (err.record, err.field) == ("t_mm", "rows[r1].answers"), str(err)
    one_column = doc(columns=[{"id": "x", "text": "X"}])
    one_column["bank"] = "one_column"
    assert error(quiz_catalog, one_column).field == "columns"
    no_key = doc([{"id": "r1", "text": "R"}, {"id": "r2", "text": "R", "answers": ["y"]}])
    no_key["bank"] = "nokey"
    err = error(quiz_catalog, no_key)
    assert (err.record, err.field) == ("t_mm", "rows[r1]"), str(err)


# --- student form, answer key, LMS export ---------------------------------------------------------------
def test_the_student_form_drops_every_row_key(quiz_catalog: Catalog) -> None:
    form = student_form(doc())
    assert all(set(r) == {"id", "text"} for r in form["items"][0]["rows"])
    assert "explanation" not in form["items"][0]
    item = load(quiz_catalog, form).item("t_mm")
    assert not item.keyed and all(r.answers == () for r in item.rows)
    leaked = student_form(doc())
    leaked["bank"] = "leaked"  # another file (a loaded file is cached)
    leaked["items"][0]["rows"][0]["answers"] = ["x"]
    err = error(quiz_catalog, leaked)
    assert (err.record, err.field) == ("t_mm", "rows[r1]"), str(err)


def test_the_answer_key_lists_every_right_cell() -> None:
    key = answer_key(grid(), "tbank")
    assert [(line.label, line.text) for line in key.answers] == [("Row 1", "X; Y"), ("Row 2", "Z")]
    assert key.max_points == 3


def test_the_lms_export_splits_it_per_row_and_reports_it(catalog: Catalog) -> None:
    banks = [b for b in load_banks(catalog).values() if any(i.type == "matrix_multiple" for i in b.items)]
    plan = plan_export(banks, catalog)
    assert plan.skipped == ()
    for item in (i for b in banks for i in b.items if i.type == "matrix_multiple"):
        questions = [q for q in plan.questions if q.item == item.id]
        assert [q.ident for q in questions] == [f"osteo_{item.id}__{r.id}" for r in item.rows]
        for question, row in zip(questions, item.rows, strict=True):
            assert question.kind == "multiple" and question.points == len(row.answers)
            assert {c.id for c in question.correct} == set(row.answers)
            assert row.text in (question.prompt or "")
        assert sum(q.points for q in questions) == item.max_points
        note = next(n for n in plan.notes if n.item == item.id)
        expected = lms_text().format("note_matrix_multiple_split", rows=len(item.rows), points=item.max_points)
        assert (note.kind, note.text) == ("approximated", expected)


# --- the real banks ---------------------------------------------------------------------------------------
def test_the_banks_hold_at_least_two_matrix_multiple_items(catalog: Catalog) -> None:
    items = [i for b in load_banks(catalog).values() for i in b.items if i.type == "matrix_multiple"]
    assert len(items) >= 2, [i.id for i in items]
    for item in items:
        assert item.objective and item.bloom and item.clinical_judgment_step, item.id
        assert any(len(r.answers) > 1 for r in item.rows), f"{item.id}: no row needs more than one tick"
        assert all(len(r.answers) < len(item.columns) for r in item.rows), f"{item.id}: a row ticks every column"


def test_the_printed_handout_shows_the_grid_and_how_to_answer() -> None:
    from osteo_lib.content.ui import ui_texts
    from osteo_lib.views.handouts import _item_view
    from osteo_lib.views.templates import render

    view = _item_view(grid())
    assert (view["columns"], view["rows"]) == (["X", "Y", "Z"], ["Row 1", "Row 2"])
    select = dataclasses.replace(grid(), type="select_n", select=2, columns=(), rows=(), choices=grid().columns)
    assert _item_view(select)["select"] == 2
    text = ui_texts("handouts_student")
    nb = SimpleNamespace(file="00_x", title="T", minutes=5, objectives="", key_points="", try_this="")
    page = str(render("handouts/student.html.j2", text=text, nb=nb, items=[view, _item_view(select)], lines=range(1),
                      csp="", css=""))  # fmt: skip
    assert text["matrix_multiple"] in page and text.format("select_n", n=2) in page
    assert page.count('<th scope="row">') == 2
