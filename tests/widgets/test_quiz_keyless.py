"""The knowledge check on a bank without keys (the student version): answers are saved, never scored,
no feedback reveals an answer, and the downloaded file scores with the instructor's keys exactly as the
knowledge check with keys would have scored the same answers.

The keyless banks are the student form of the workbook's own banks, written by
osteo_lib.content.student_data into a temporary data folder once for this module. Answers are taken
from the keyed banks (right ones and wrong ones), so the tests do not hang on the content."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from osteo_lib.apps.instructor.grade import grade
from osteo_lib.care.quiz import Response, correct_response, score
from osteo_lib.care.quiz_answers import response_to_json
from osteo_lib.content.catalog import Catalog, load_catalog
from osteo_lib.content.quiz import BOWTIE_PARTS, Bank, Item, load_bank
from osteo_lib.content.student_data import write_student_data
from osteo_lib.content.ui import ui_texts
from osteo_lib.views.widgets.quiz import ItemControls, KnowledgeCheck
from tests.markup import text

TEXT = ui_texts("quiz")
SEED = "ben"


@pytest.fixture(scope="module")
def student_catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    folder = tmp_path_factory.mktemp("student") / "data"
    write_student_data(folder)
    return load_catalog(folder)


@pytest.fixture(scope="module")
def keyed() -> Bank:
    return load_bank("widget_demo")


def _check(catalog: Catalog, bank: str = "widget_demo") -> KnowledgeCheck:
    return KnowledgeCheck(bank, catalog=catalog, seed=SEED)


def _fill(controls: ItemControls, response: Response) -> None:
    """Set the controls the way a student would, to give ``response``."""
    item = controls.item
    if item.type == "single":
        assert controls.radio is not None
        controls.radio.value = response
    elif item.type == "multiple":
        assert not isinstance(response, (str, Mapping)) and response is not None
        for cid, box in controls.checks["choices"].items():
            box.value = cid in response
    elif item.type == "matrix":
        assert isinstance(response, Mapping) and controls.grid is not None
        for rid, column in response.items():
            controls.grid.choose(rid, column)
    else:
        assert isinstance(response, Mapping) and controls.bowtie is not None
        controls.bowtie.choose("condition", response["condition"])
        for part in ("actions", "parameters"):
            for cid in response[part]:
                controls.bowtie.choose(part, cid)


def _wrong(item: Item) -> Response:
    """A complete answer that is not fully right."""
    right = correct_response(item)
    if item.type == "single":
        return next(c.id for c in item.choices if c.id != right)
    if item.type == "multiple":
        return {next(c.id for c in item.choices if not c.correct)}
    if item.type == "matrix":
        first = item.rows[0]
        return {r.id: r.right for r in item.rows} | {first.id: next(c.id for c in item.columns if c.id != first.right)}
    assert item.bowtie is not None and isinstance(right, Mapping)
    condition = next(c.id for c in item.bowtie.condition.choices if c.id != right["condition"])
    return {**right, "condition": condition}


def _decode(href: str) -> dict[str, Any]:
    prefix = "data:application/json;base64,"
    assert href.startswith(prefix)
    return json.loads(base64.b64decode(href[len(prefix) :]))  # type: ignore[no-any-return]


def test_the_student_banks_hold_no_key(student_catalog: Catalog, keyed: Bank) -> None:
    bank = load_bank("widget_demo", student_catalog)
    assert bank.keys is False and keyed.keys is True
    assert [i.id for i in bank.items] == [i.id for i in keyed.items]
    for mine, source in zip(bank.items, keyed.items, strict=True):
        assert not mine.keyed and mine.explanation == ""
        assert not any(c.correct or c.feedback for c in (*mine.choices, *mine.columns))
        assert all(r.answer is None for r in mine.rows)
        assert {c.id for c in mine.choices} == {c.id for c in source.choices}
        if source.keep_order:
            assert mine.choices == tuple(c.__class__(c.id, c.text) for c in source.choices)
        if mine.bowtie is not None and source.bowtie is not None:
            for name in BOWTIE_PARTS:
                assert mine.bowtie.part(name).answers == ()
                assert mine.bowtie.part(name).expected == source.bowtie.part(name).expected
        with pytest.raises(ValueError, match="no answer key"):
            score(mine, None if mine.type == "single" else {})


def test_save_instead_of_check(student_catalog: Catalog) -> None:
    check = _check(student_catalog)
    assert check.keyed is False and check.max_score == 0
    assert check.check_button.description == TEXT["save"] and TEXT["intro_saved"] in check.header.value
    assert check.student.value == SEED
    assert check.answers_href == "" and check.download.value == ""
    check.check_button.click()  # nothing chosen yet
    assert TEXT["need_single"] in text(check.feedback.value) and check.answered == 0 and check.saved == {}


def test_no_retry_button_without_keys(student_catalog: Catalog) -> None:
    """Saved answers stay open to change, so the keyless check has no per-question retry."""
    check = _check(student_catalog)
    nav = [c for c in check.container.children if "ow-quiz-nav" in c._dom_classes]
    assert len(nav) == 1 and check.retry_button not in nav[0].children
    assert check.reset_button in nav[0].children


def test_a_saved_answer_shows_no_verdict_and_can_be_changed(student_catalog: Catalog, keyed: Bank) -> None:
    check = _check(student_catalog)
    item = keyed.items[0]
    _fill(check.controls, correct_response(item))
    check.check_button.click()
    shown = text(check.feedback.value)
    assert shown == TEXT["saved"] and check.answered == 1 and check.score == 0
    assert check.saved == {item.id: response_to_json(correct_response(item))}
    assert check.check_button.disabled and not any(c.disabled for c in check.controls.widgets)
    for verdict in ("right", "partial", "wrong", "why", "sources"):
        assert TEXT[verdict] not in check.feedback.value and TEXT[verdict] not in check.score_view.value
    assert item.explanation[:40] not in check.feedback.value
    # A change is noticed, and saving again replaces the answer.
    _fill(check.controls, _wrong(item))
    assert text(check.feedback.value) == TEXT["changed"] and not check.check_button.disabled
    check.check_button.click()
    assert check.saved == {item.id: response_to_json(_wrong(item))} and check.answered == 1
    assert text(check.score_view.value) == TEXT.format("saved_count", answered=1, total=len(keyed.items))


def test_the_download_holds_the_saved_answers_and_needs_a_name(student_catalog: Catalog, keyed: Bank) -> None:
    check = _check(student_catalog)
    item = keyed.items[0]
    _fill(check.controls, correct_response(item))
    check.check_button.click()
    doc = _decode(check.answers_href)
    assert doc == {
        "format": "osteo-workbook-answers",
        "version": 1,
        "student": SEED,
        "bank": "widget_demo",
        "notebook": keyed.notebook,
        "answers": {item.id: response_to_json(correct_response(item))},
    }
    assert f'download="answers-widget_demo-{SEED}.json"' in check.download.value
    assert TEXT["download"] in text(check.download.value)
    check.student.value = "   "
    assert check.answers_href == "" and text(check.download.value) == TEXT["need_name"]
    check.student.value = "Anna Lee"
    assert _decode(check.answers_href)["student"] == "Anna Lee"
    assert 'download="answers-widget_demo-Anna_Lee.json"' in check.download.value
    check.reset_button.click()
    assert check.saved == {} and check.answered == 0 and check.answers_href == "" and check.download.value == ""


def test_the_grader_scores_the_download_as_the_keyed_check_would(student_catalog: Catalog, keyed: Bank) -> None:
    """Every item type: half the answers right, half wrong, saved in the student version, downloaded,
    then scored by the instructor's grader; the points equal those of score() on the keyed items."""
    check = _check(student_catalog)
    expected: dict[str, int] = {}
    for index, item in enumerate(keyed.items):
        check.index = index
        response = correct_response(item) if index % 2 == 0 else _wrong(item)
        _fill(check.controls, response)
        check.check_button.click()
        assert text(check.feedback.value) == TEXT["saved"], item.id
        expected[item.id] = score(item, response).points
    assert check.answered == len(keyed.items)
    assert {i.type for i in keyed.items} == {"single", "multiple", "matrix", "bowtie"}
    data = base64.b64decode(check.answers_href.split(",", 1)[1])
    report = grade([("ben.json", data)])
    assert report.problems == ()
    assert {r.item: r.points for r in report.rows} == expected
    assert report.students() == {SEED: (sum(expected.values()), keyed.max_points, len(keyed.items))}
    assert 0 < sum(expected.values()) < keyed.max_points


def test_case_stage_banks_stay_without_keys(student_catalog: Catalog) -> None:
    from osteo_lib.apps.lesson import case_stage_bank

    stage = case_stage_bank("case_study", "visit1_emergency", catalog=student_catalog)
    check = KnowledgeCheck(stage, catalog=student_catalog, seed=SEED)
    assert check.keyed is False and check.check_button.description == TEXT["save"]


def test_a_student_bank_with_a_key_is_refused(tmp_path: Path, student_catalog: Catalog) -> None:
    """The schema keeps the two forms apart: keys: false with a correct flag, or a keyed bank without
    an explanation, is a data error naming the file and the field."""
    from osteo_lib.errors import DataError

    folder = tmp_path / "data"
    write_student_data(folder)
    bank = folder / "quizzes" / "widget_demo.yaml"
    source = bank.read_text(encoding="utf-8")
    bank.write_text(re.sub(r"(\n    text: [^\n]*\n)", r"\1    correct: true\n", source, count=1), encoding="utf-8")
    with pytest.raises(DataError, match=r"quizzes/widget_demo\.yaml"):
        load_bank("widget_demo", load_catalog(folder))
    bank.write_text(source.replace("keys: false\n", ""), encoding="utf-8")
    with pytest.raises(DataError, match="explanation"):
        load_bank("widget_demo", load_catalog(folder))
