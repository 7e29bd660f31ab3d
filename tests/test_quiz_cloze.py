"""The NGN drop-down cloze / drop-down rationale item (``cloze``): 0/1 per drop-down, or NCSBN rationale
scoring (dyad: both linked parts right for 1 point; triad: the first part linked to each of the other two,
1 point per right link) in osteo_lib.care.quiz; the loader's checks; the student form without keys; the
answer key; the LMS export (one multiple-choice question per drop-down, rationale scoring reported); the
items of the real banks."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from osteo_lib import DataError
from osteo_lib.apps.instructor.keys import answer_key
from osteo_lib.apps.lms_export import lms_text, plan_export
from osteo_lib.care.quiz import correct_response, rationale_points, score
from osteo_lib.care.quiz_answers import response_from_json, response_to_json
from osteo_lib.care.quiz_order import cloze_order
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.quiz import Choice, ClozeBlank, Item, load_bank, load_banks
from osteo_lib.content.student_data import student_form
from tests.quiz_banks import load_document, load_problem


def blank(bid: str, right: str, *wrong: str, label: str = "") -> ClozeBlank:
    choices = (Choice(right, right.upper()), *(Choice(w, w.upper()) for w in wrong))
    return ClozeBlank(bid, label or f"Label {bid}", choices, right)


def cloze(scoring: str = "per_blank", count: int = 2) -> Item:
    blanks = (blank("act", "hold", "give"), blank("why", "sedation", "pain"), blank("two", "rr", "temp"))[:count]
    sentence = " and ".join("{" + b.id + "}" for b in blanks) + "."
    return Item(
        id=f"t_cloze_{scoring}",
        type="cloze",
        stem="Complete the sentence.",
        explanation="Because.",
        references=("pasero2009_poss",),
        sentence=sentence,
        blanks=blanks,
        scoring=scoring,  # type: ignore[arg-type]
    )


# --- scoring ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("right", "dyad"), [((True, True), 1), ((True, False), 0), ((False, True), 0), ((False, False), 0)]
)
def test_dyad_gives_its_point_only_when_both_parts_are_right(right: tuple[bool, bool], dyad: int) -> None:
    assert rationale_points("dyad", right) == dyad


@pytest.mark.parametrize(
    ("right", "triad"),
    [
        ((True, True, True), 2),
        ((True, True, False), 1),
        ((True, False, True), 1),
        ((True, False, False), 0),
        ((False, True, True), 0),  # the links need the first part: both other parts right still give 0
        ((False, True, False), 0),
    ],
)
def test_triad_gives_a_point_per_right_link_to_the_first_part(right: tuple[bool, bool, bool], triad: int) -> None:
    assert rationale_points("triad", right) == triad


def load(cat: Catalog, document: dict[str, Any], name: str = "tbank") -> Any:
    return load_document(cat, document, name)


def error(cat: Catalog, document: dict[str, Any], name: str) -> DataError:
    problem = load_problem(cat, document, name)
    assert problem.record == "t_cloze"
    return problem


def test_rationale_points_refuse_the_wrong_number_of_parts() -> None:
    with pytest.raises(ValueError, match="a dyad links 2 parts, not 3"):
        rationale_points("dyad", [True, True, True])
    with pytest.raises(ValueError, match="a triad links 3 parts, not 2"):
        rationale_points("triad", [True, True])
    with pytest.raises(ValueError, match="unknown rationale scoring 'pair'"):
        rationale_points("pair", [True, True])


@pytest.mark.parametrize(
    ("scoring", "count", "response", "points", "most"),
    [
        ("per_blank", 2, {"act": "hold", "why": "pain"}, 1, 2),  # 0/1 per drop-down
        ("per_blank", 3, {"act": "hold", "why": "sedation", "two": "rr"}, 3, 3),
        ("dyad", 2, {"act": "hold", "why": "sedation"}, 1, 1),
        ("dyad", 2, {"act": "hold", "why": "pain"}, 0, 1),  # the action without its reason: nothing
        ("dyad", 2, {"act": "give", "why": "sedation"}, 0, 1),
        ("triad", 3, {"act": "hold", "why": "sedation", "two": "rr"}, 2, 2),
        ("triad", 3, {"act": "hold", "why": "sedation", "two": "temp"}, 1, 2),
        ("triad", 3, {"act": "give", "why": "sedation", "two": "rr"}, 0, 2),
        ("triad", 3, {}, 0, 2),  # nothing answered
    ],
)
def test_score_follows_the_items_scoring(
    scoring: str, count: int, response: dict[str, str], points: int, most: int
) -> None:
    item = cloze(scoring, count)
    result = score(item, response)
    assert (result.points, result.max_points, result.correct) == (points, most, points == most)


def test_details_name_each_drop_down_and_carry_points_only_under_per_blank() -> None:
    marks = score(cloze("dyad"), {"act": "hold", "why": "pain"}).details
    assert [(m.part, m.choice, m.status, m.points) for m in marks] == [
        ("act", "hold", "right", 0),
        ("why", "pain", "wrong", 0),
        ("why", "sedation", "missed", 0),
    ]
    per_blank = score(cloze(), {"act": "hold", "why": "pain"}).details
    assert [m.points for m in per_blank if m.status == "right"] == [1]


@pytest.mark.parametrize(
    ("bad", "named"),
    [
        ("hold", "a cloze response is a mapping"),
        ({"act": "hold", "zzz": "x"}, "unknown drop-down id 'zzz'"),
        ({"act": ["hold"]}, "the answer is one choice id"),
        ({"act": "nope"}, "unknown choice (drop-down 'act') id 'nope'"),
    ],
)
def test_bad_responses_are_refused_naming_the_problem(bad: Any, named: str) -> None:
    with pytest.raises(ValueError, match=named.replace("(", r"\(").replace(")", r"\)")):
        score(cloze(), bad)


def test_correct_response_and_the_answer_file_round_trip() -> None:
    item = cloze("triad", 3)
    response = correct_response(item)
    assert response == {"act": "hold", "why": "sedation", "two": "rr"}
    assert score(item, response_from_json(item, response_to_json(response))).points == 2


def test_without_keys_nothing_is_scored_but_the_points_are_known() -> None:
    item = cloze("dyad")
    keyless = dataclasses.replace(
        item, keyed=False, blanks=tuple(dataclasses.replace(b, answer=None) for b in item.blanks)
    )
    with pytest.raises(ValueError, match="no answer key"):
        score(keyless, {})
    assert keyless.max_points == 1  # the scoring rule is part of the question, not of the key


def test_each_drop_down_has_its_own_stable_order() -> None:
    item = cloze("triad", 3)
    order = cloze_order(item, "ben")
    assert order == cloze_order(item, "ben")
    assert {k: sorted(v) for k, v in order.items()} == {b.id: sorted(c.id for c in b.choices) for b in item.blanks}
    kept = dataclasses.replace(item, keep_order=True)
    assert cloze_order(kept, "ben") == {b.id: tuple(c.id for c in b.choices) for b in item.blanks}


def test_the_gapped_sentence_numbers_the_gaps() -> None:
    assert cloze("triad", 3).gapped_sentence("[{n}]") == "[1] and [2] and [3]."


# --- loader checks --------------------------------------------------------------------------------------
def doc(**change: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": "t_cloze",
        "type": "cloze",
        "scoring": "dyad",
        "stem": "S",
        "explanation": "E.",
        "references": ["pasero2009_poss"],
        "sentence": "The nurse should first {act} because {why}.",
        "blanks": [
            {
                "id": "act",
                "label": "What to do",
                "choices": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}],
                "answer": "a",
            },
            {
                "id": "why",
                "label": "Why",
                "choices": [{"id": "c", "text": "C"}, {"id": "d", "text": "D"}],
                "answer": "d",
            },
        ],
    }
    item.update(change)
    return {"schema_version": 1, "bank": change.pop("bank", "tbank"), "title": "T", "items": [item]}


def test_a_valid_item_loads_as_typed_records(quiz_catalog: Catalog) -> None:
    item = load(quiz_catalog, doc()).item("t_cloze")
    assert (item.type, item.scoring, item.max_points) == ("cloze", "dyad", 1)
    assert [(b.id, b.label, b.answer) for b in item.blanks] == [("act", "What to do", "a"), ("why", "Why", "d")]
    assert item.blank("why").choice("d").text == "D"


def test_scoring_defaults_to_per_blank(quiz_catalog: Catalog) -> None:
    document = doc()
    del document["items"][0]["scoring"]
    item = load(quiz_catalog, document, "plain").item("t_cloze")
    assert (item.scoring, item.max_points) == ("per_blank", 2)


@pytest.mark.parametrize(
    ("change", "fieldname", "problem"),
    [
        ({"sentence": "First {why} then {act}."}, "sentence", "order of blanks ({act}, {why}); it holds {why}, {act}"),
        ({"sentence": "First {act}."}, "sentence", "it holds {act}"),
        ({"sentence": "No gaps."}, "sentence", "it holds none"),
        ({"scoring": "triad"}, "blanks", "triad rationale scoring links 3 drop-downs, found 2"),
    ],
)  # fmt: skip
def test_cross_checks_name_item_and_field(
    quiz_catalog: Catalog, change: dict[str, Any], fieldname: str, problem: str
) -> None:
    err = error(quiz_catalog, doc(**change), "bad_" + fieldname)
    assert err.field == fieldname and problem in err.problem, str(err)


def test_an_answer_must_be_a_choice_and_choices_take_no_correct_flag(quiz_catalog: Catalog) -> None:
    wrong = doc()
    wrong["items"][0]["blanks"][1]["answer"] = "zz"
    err = error(quiz_catalog, wrong, "wrong_answer")
    assert err.field == "blanks[why].answer" and "'zz' is not a choice id (c, d)" in err.problem
    flagged = doc()
    flagged["items"][0]["blanks"][0]["choices"][0]["correct"] = True
    err = error(quiz_catalog, flagged, "flagged")
    assert err.field == "blanks[act].choices[a].correct", str(err)
    assert err.problem == (
        "correct is only for single, multiple and select_n items; name the right ids in blanks[act].answer"
    )


def test_schema_problems_are_named(quiz_catalog: Catalog) -> None:
    no_key = doc()
    del no_key["items"][0]["blanks"][0]["answer"]
    err = error(quiz_catalog, no_key, "no_key")
    assert (err.field, err.problem) == ("blanks[act].answer", "required field is missing")
    no_sentence = doc()
    del no_sentence["items"][0]["sentence"]
    err = error(quiz_catalog, no_sentence, "no_sentence")
    assert (err.field, err.problem) == ("sentence", "required field is missing")
    unlabelled = doc()
    del unlabelled["items"][0]["blanks"][1]["label"]
    assert error(quiz_catalog, unlabelled, "unlabelled").field == "blanks[why].label"


# --- student form, answer key, LMS export ---------------------------------------------------------------
def test_the_student_form_drops_every_drop_down_key(quiz_catalog: Catalog) -> None:
    form = student_form(doc())
    item = form["items"][0]
    assert "explanation" not in item and item["scoring"] == "dyad" and item["sentence"] == doc()["items"][0]["sentence"]
    for b in item["blanks"]:
        assert set(b) == {"id", "label", "choices"} and all(set(c) == {"id", "text"} for c in b["choices"])
    loaded = load(quiz_catalog, form, "student").item("t_cloze")
    assert not loaded.keyed and all(b.answer is None for b in loaded.blanks)
    leaked = student_form(doc())
    leaked["items"][0]["blanks"][0]["answer"] = "a"
    assert error(quiz_catalog, leaked, "leaked").field == "blanks[act]"


def test_the_answer_key_lists_each_drop_down_by_its_label() -> None:
    key = answer_key(cloze("dyad"), "tbank")
    assert [(line.label, line.text) for line in key.answers] == [("Label act", "HOLD"), ("Label why", "SEDATION")]


def test_the_lms_export_splits_it_per_drop_down_and_reports_the_rationale_scoring(catalog: Catalog) -> None:
    bank = load_bank("medications", catalog)
    plan = plan_export([bank], catalog)
    triad = bank.item("med_20")
    questions = [q for q in plan.questions if q.item == triad.id]
    assert [q.ident for q in questions] == [f"osteo_{triad.id}__{b.id}" for b in triad.blanks]
    assert all(q.kind == "single" and q.points == 1 and len(q.correct) == 1 for q in questions)
    assert [q.correct[0].id for q in questions] == [b.right for b in triad.blanks]
    gapped = triad.gapped_sentence(lms_text()["cloze_gap"])
    assert all(q.prompt is not None and gapped in q.prompt for q in questions)
    notes = [n for n in plan.notes if n.item == triad.id]
    assert len(notes) == 1 and notes[0].kind == "approximated"
    assert "triad" in notes[0].text and "gives 2" in notes[0].text and "(3 points)" in notes[0].text


# --- the banks --------------------------------------------------------------------------------------------
def test_the_banks_hold_cloze_items_of_each_scoring(catalog: Catalog) -> None:
    items = [i for b in load_banks(catalog).values() for i in b.items if i.type == "cloze"]
    assert len(items) >= 2
    assert {i.scoring for i in items} >= {"dyad", "triad"}
    for item in items:
        assert item.objective and item.bloom and item.clinical_judgment_step, item.id
        assert all(b.label.strip() for b in item.blanks), item.id
        assert score(item, correct_response(item)).correct, item.id
        assert item.references and all(r in catalog.references for r in item.references), item.id


def test_the_printed_handout_shows_the_numbered_gaps_and_no_answer() -> None:
    from types import SimpleNamespace

    from osteo_lib.content.ui import ui_texts
    from osteo_lib.views.handouts import _item_view
    from osteo_lib.views.templates import render
    from tests.markup import text as visible

    words = ui_texts("handouts_student")
    item = cloze("dyad")
    view = _item_view(item)
    assert view["sentence"] == item.gapped_sentence(words["cloze_gap"])
    nb = SimpleNamespace(file="00_x", title="T", minutes=5, objectives="", key_points="", try_this="")
    page = visible(
        str(render("handouts/student.html.j2", text=words, nb=nb, items=[view], lines=range(1), csp="", css=""))
    )
    assert words["cloze"] in page and item.gapped_sentence(words["cloze_gap"]) in page
    for n, b in enumerate(item.blanks, start=1):
        assert words.format("cloze_blank", n=n, label=b.label) in page
        assert all(c.text in page for c in b.choices)
    assert item.explanation not in page
