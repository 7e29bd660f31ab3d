"""The NGN drag-and-drop items: ``drag_drop`` (drag-and-drop cloze / rationale: tokens into the gaps of a
sentence; 0/1 per gap or NCSBN dyad / triad) and ``ordering`` (extended drag-and-drop: 0/1 per position),
and trend items (a table of values over time in the stem): the loader's checks, the scoring in
osteo_lib.care.quiz, the student form without keys, the answer key, the answer file and the items of the
real banks."""

from __future__ import annotations

import json
from typing import Any

import pytest

from osteo_lib.apps.instructor.keys import answer_key
from osteo_lib.care.quiz import correct_response, ordering_marks, score
from osteo_lib.care.quiz_answers import answers_json, response_from_json
from osteo_lib.care.quiz_order import token_order
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.quiz import load_banks
from osteo_lib.content.student_data import student_form
from tests.quiz_banks import load_document as load
from tests.quiz_banks import load_problem as error

TOKENS = [
    {"id": "hold", "text": "hold the dose"},
    {"id": "give", "text": "give the dose"},
    {"id": "sed", "text": "sedation comes first"},
    {"id": "pain", "text": "pain returns"},
    {"id": "rr", "text": "slow breathing"},
]


def drag_doc(**change: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": "t_drag",
        "type": "drag_drop",
        "scoring": "dyad",
        "stem": "She drifts off while you talk.",
        "sentence": "The nurse should {act} because {why}.",
        "blanks": [
            {"id": "act", "label": "What to do", "answer": "hold"},
            {"id": "why", "label": "Why", "answer": "sed"},
        ],
        "tokens": TOKENS,
        "explanation": "Sedation comes before slowed breathing.",
        "references": ["pasero2009_poss"],
    }
    item.update(change)
    return {"schema_version": 1, "bank": "tbank", "title": "T", "items": [item]}


def order_doc(**change: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": "t_order",
        "type": "ordering",
        "stem": "Put the steps in order.",
        "choices": [
            {"id": "push", "text": "Push up with the arms"},
            {"id": "roll", "text": "Roll onto the side"},
            {"id": "legs", "text": "Legs over the edge"},
            {"id": "stand", "text": "Pause, then stand"},
        ],
        "order": ["roll", "legs", "push", "stand"],
        "explanation": "The log roll.",
        "references": ["adam_getting_out_of_bed"],
    }
    item.update(change)
    return {"schema_version": 1, "bank": "tbank", "title": "T", "items": [item]}


# --- drag_drop: records, checks, scoring ----------------------------------------------------------------------
def test_a_drag_drop_item_loads_as_typed_records(quiz_catalog: Catalog) -> None:
    item = load(quiz_catalog, drag_doc()).item("t_drag")
    assert (item.type, item.scoring, item.max_points) == ("drag_drop", "dyad", 1)
    assert [(b.id, b.answer, b.choices) for b in item.blanks] == [("act", "hold", ()), ("why", "sed", ())]
    assert item.token("sed").text == "sedation comes first" and len(item.tokens) == 5


@pytest.mark.parametrize(
    ("change", "fieldname", "problem"),
    [
        ({"blanks": [{"id": "act", "label": "A", "answer": "nope"}, {"id": "why", "label": "W", "answer": "sed"}]},
         "blanks[act].answer", "'nope' is not a token id"),
        ({"blanks": [{"id": "act", "label": "A", "answer": "sed"}, {"id": "why", "label": "W", "answer": "sed"}]},
         "blanks[why].answer", "token 'sed' already answers 'act'"),
        ({"tokens": TOKENS[:3], "scoring": "triad", "sentence": "{act} {why} {two}", "blanks": [
            {"id": "act", "label": "A", "answer": "hold"}, {"id": "why", "label": "W", "answer": "give"},
            {"id": "two", "label": "T", "answer": "sed"}]},
         "tokens", "more tokens than gaps"),
        ({"tokens": [*TOKENS[:3], {"id": "x", "text": "X", "correct": True}]}, "tokens[x].correct", "correct is only"),
        ({"blanks": [{"id": "act", "label": "A", "answer": "hold", "choices": TOKENS[:2]},
                     {"id": "why", "label": "W", "answer": "sed"}]},
         "blanks[act].choices", "takes a token, not choices"),
        ({"scoring": "triad"}, "blanks", "triad rationale scoring links 3"),
        ({"sentence": "The nurse should {why}."}, "sentence", "each blank once"),
        ({"order": ["hold", "give", "sed"]}, "order", "order is not used by drag_drop items"),
    ],
)  # fmt: skip
def test_drag_drop_checks_name_the_item_and_the_field(
    quiz_catalog: Catalog, change: dict[str, Any], fieldname: str, problem: str
) -> None:
    err = error(quiz_catalog, drag_doc(**change), "bad_drag")
    assert (err.record, err.field) == ("t_drag", fieldname)
    assert problem in str(err)


def test_a_drag_drop_item_needs_its_tokens_by_schema(quiz_catalog: Catalog) -> None:
    document = drag_doc()
    del document["items"][0]["tokens"]
    assert "tokens" in str(error(quiz_catalog, document, "no_tokens"))


def test_a_cloze_drop_down_still_needs_its_choices(quiz_catalog: Catalog) -> None:
    document = drag_doc(type="cloze")
    del document["items"][0]["tokens"]
    assert "choices" in str(error(quiz_catalog, document, "cloze_no_choices"))


def scored(cat: Catalog, response: Any, name: str = "tbank", **change: Any) -> tuple[int, int]:
    item = load(cat, drag_doc(**change), name).item("t_drag")
    result = score(item, response)
    return result.points, result.max_points


def test_drag_drop_dyad_scores_one_point_only_with_both_gaps_right(quiz_catalog: Catalog) -> None:
    assert scored(quiz_catalog, {"act": "hold", "why": "sed"}) == (1, 1)
    assert scored(quiz_catalog, {"act": "hold", "why": "pain"}) == (0, 1)
    assert scored(quiz_catalog, {"act": "give", "why": "sed"}) == (0, 1)
    assert scored(quiz_catalog, {"act": "hold"}) == (0, 1)


def test_drag_drop_per_blank_scores_each_gap_and_triad_links_to_the_first(quiz_catalog: Catalog) -> None:
    assert scored(quiz_catalog, {"act": "hold", "why": "pain"}, "per_blank", scoring="per_blank") == (1, 2)
    three = {
        "sentence": "Do {act} because {why} and {two}.",
        "blanks": [
            {"id": "act", "label": "A", "answer": "hold"},
            {"id": "why", "label": "W", "answer": "sed"},
            {"id": "two", "label": "T", "answer": "rr"},
        ],
        "scoring": "triad",
        "name": "triad",
    }
    assert scored(quiz_catalog, {"act": "hold", "why": "sed", "two": "rr"}, **three) == (2, 2)
    assert scored(quiz_catalog, {"act": "hold", "why": "sed", "two": "pain"}, **three) == (1, 2)
    assert scored(quiz_catalog, {"act": "give", "why": "sed", "two": "rr"}, **three) == (0, 2)


def test_drag_drop_refuses_a_token_in_two_gaps_and_unknown_ids(quiz_catalog: Catalog) -> None:
    item = load(quiz_catalog, drag_doc(scoring="per_blank")).item("t_drag")
    with pytest.raises(ValueError, match="token 'hold' is placed in more than one gap"):
        score(item, {"act": "hold", "why": "hold"})
    with pytest.raises(ValueError, match=r"unknown token .*id 'nope'"):
        score(item, {"act": "nope"})
    with pytest.raises(ValueError, match="unknown gap id 'zzz'"):
        score(item, {"zzz": "hold"})
    marks = score(item, {"act": "give", "why": "sed"}).details
    assert [(m.part, m.choice, m.status, m.points) for m in marks] == [
        ("act", "give", "wrong", 0),
        ("act", "hold", "missed", 0),
        ("why", "sed", "right", 1),
    ]


# --- ordering: records, checks, scoring ----------------------------------------------------------------------
def test_an_ordering_item_loads_and_scores_zero_or_one_per_position(quiz_catalog: Catalog) -> None:
    item = load(quiz_catalog, order_doc()).item("t_order")
    assert (item.type, item.order, item.max_points) == ("ordering", ("roll", "legs", "push", "stand"), 4)
    assert score(item, ["roll", "legs", "push", "stand"]).correct
    # Two steps swapped: those two places lose their point, the others keep theirs (no penalty).
    swapped = score(item, ["legs", "roll", "push", "stand"])
    assert (swapped.points, swapped.status) == (2, "partial")
    assert [(m.part, m.choice, m.status) for m in swapped.details if m.part == "1"] == [
        ("1", "legs", "wrong"),
        ("1", "roll", "missed"),
    ]
    # Everything one place late: no step is in its place, so 0 (0/1 per position, not per pair).
    assert score(item, ["stand", "roll", "legs", "push"]).points == 0
    # A list left short: the empty places score 0.
    assert score(item, ["roll", "legs"]).points == 2
    assert score(item, []).points == 0


@pytest.mark.parametrize(
    ("response", "problem"),
    [
        ({"roll", "legs"}, "is a list of choice ids"),
        ("roll", "is a list of choice ids"),
        (["roll", "roll"], "step 'roll' is placed twice"),
        (["roll", "fly"], "unknown step id 'fly'"),
    ],
)
def test_ordering_refuses_bad_responses(quiz_catalog: Catalog, response: Any, problem: str) -> None:
    item = load(quiz_catalog, order_doc()).item("t_order")
    with pytest.raises(ValueError, match=problem):
        ordering_marks(item, response)


@pytest.mark.parametrize(
    ("change", "fieldname", "problem"),
    [
        ({"order": ["roll", "legs", "push"]}, "order", "must name every choice id once"),
        ({"order": ["roll", "legs", "push", "fly"]}, "order", "must name every choice id once"),
        ({"order": ["push", "roll", "legs", "stand"]}, "choices", "another order than the answer"),
        ({"choices": [{"id": "a", "text": "A", "correct": True}, {"id": "b", "text": "B"}, {"id": "c", "text": "C"}],
          "order": ["b", "a", "c"]}, "choices[a].correct", "correct is only"),
    ],
)  # fmt: skip
def test_ordering_checks_name_the_item_and_the_field(
    quiz_catalog: Catalog, change: dict[str, Any], fieldname: str, problem: str
) -> None:
    err = error(quiz_catalog, order_doc(**change), "bad_order")
    assert (err.record, err.field) == ("t_order", fieldname)
    assert problem in str(err)


def test_an_ordering_item_needs_its_order_in_a_bank_with_keys(quiz_catalog: Catalog) -> None:
    document = order_doc()
    del document["items"][0]["order"]
    assert "order" in str(error(quiz_catalog, document, "no_order"))


# --- trend -----------------------------------------------------------------------------------------------------
def test_a_trend_table_loads_and_each_row_needs_a_value_per_time_point(quiz_catalog: Catalog) -> None:
    trend = {"caption": "Checks", "times": ["08:00", "09:00"], "rows": [{"label": "POSS", "values": [1, 2]}]}
    item = load(quiz_catalog, order_doc(trend=trend)).item("t_order")
    assert item.trend is not None and item.trend.times == ("08:00", "09:00")
    assert [(r.label, r.values) for r in item.trend.rows] == [("POSS", ("1", "2"))]
    short = {**trend, "rows": [{"label": "POSS", "values": [1, 2]}, {"label": "RR", "values": [16, 14, 12]}]}
    err = error(quiz_catalog, order_doc(trend=short), "bad_trend")
    assert err.field == "trend.rows" and "'RR' has 3 values for 2 time points" in str(err)


# --- the student form, the key, the answer file -----------------------------------------------------------------
def test_the_student_form_holds_no_key_and_loads(quiz_catalog: Catalog) -> None:
    trend = {"caption": "Checks", "times": ["08:00", "09:00"], "rows": [{"label": "POSS", "values": [1, 2]}]}
    source = {
        **drag_doc(trend=trend),
        "items": [*drag_doc(trend=trend)["items"], *order_doc()["items"]],
    }
    form = student_form(source)
    drag, order = form["items"]
    assert all("answer" not in b for b in drag["blanks"]) and "explanation" not in drag
    assert "order" not in order and drag["trend"] == trend
    assert sorted(t["id"] for t in drag["tokens"]) == sorted(t["id"] for t in TOKENS)
    bank = load(quiz_catalog, form, "student")
    assert not bank.keys and bank.item("t_order").order == () and bank.item("t_drag").trend is not None


def test_the_answer_key_lists_each_gap_and_each_place(quiz_catalog: Catalog) -> None:
    bank = load(quiz_catalog, {**drag_doc(), "items": [*drag_doc()["items"], *order_doc()["items"]]})
    drag = answer_key(bank.item("t_drag"))
    assert [(a.label, a.text) for a in drag.answers] == [
        ("What to do", "hold the dose"),
        ("Why", "sedation comes first"),
    ]
    order = answer_key(bank.item("t_order"))
    assert [a.text for a in order.answers] == ["Roll onto the side", "Legs over the edge", "Push up with the arms",
                                               "Pause, then stand"]  # fmt: skip
    assert order.answers[0].label == "Step 1"


def test_the_answer_file_keeps_an_ordering_in_its_order(quiz_catalog: Catalog) -> None:
    bank = load(quiz_catalog, {**drag_doc(), "items": [*drag_doc()["items"], *order_doc()["items"]]})
    answers = {"t_order": ["stand", "roll", "legs", "push"], "t_drag": {"act": "hold", "why": "pain"}}
    saved = json.loads(answers_json("ana", bank, answers))["answers"]
    assert saved["t_order"] == ["stand", "roll", "legs", "push"]  # not sorted: the order is the answer
    back = response_from_json(bank.item("t_order"), saved["t_order"])
    assert score(bank.item("t_order"), back).points == 0
    assert score(bank.item("t_drag"), response_from_json(bank.item("t_drag"), saved["t_drag"])).points == 0


# --- the real banks -------------------------------------------------------------------------------------------
def test_the_banks_hold_two_items_of_each_new_type_and_two_trend_items(catalog: Catalog) -> None:
    items = [i for bank in load_banks(catalog).values() for i in bank.items]
    for kind in ("drag_drop", "ordering"):
        found = [i for i in items if i.type == kind]
        assert len(found) >= 2, kind
        for item in found:
            assert item.objective and item.clinical_judgment_step and item.bloom, item.id
            assert score(item, correct_response(item)).correct, item.id
    drags = [i for i in items if i.type == "drag_drop"]
    assert {i.scoring for i in drags} >= {"dyad", "triad"}  # drag-and-drop rationale, both forms
    for item in drags:  # every token is somewhere in the pool, shuffled per student
        assert sorted(token_order(item, "ana")) == sorted(t.id for t in item.tokens)
    trend = [i for i in items if i.trend is not None]
    assert len(trend) >= 2
    for item in trend:
        assert len(item.trend.times) >= 3 if item.trend else False, item.id
        assert all(len(r.values) == len(item.trend.times) for r in item.trend.rows), item.id
