"""The "select N" question in the KnowledgeCheck, driven through its traits like a learner: tick boxes,
click the buttons, read the feedback. With keys (scored, 0/1 per right choice) and without (the student
version: saved, downloaded and scored by the instructor's grader)."""

from __future__ import annotations

import base64
from pathlib import Path

import ipywidgets as w
import pytest

from osteo_lib.apps.instructor.grade import grade
from osteo_lib.care.quiz import correct_response, score
from osteo_lib.care.quiz_order import choice_order
from osteo_lib.content.catalog import Catalog, load_catalog
from osteo_lib.content.quiz import Bank, Choice, Item, load_bank
from osteo_lib.content.student_data import write_student_data
from osteo_lib.content.ui import ui_texts
from osteo_lib.views.widgets.quiz import KnowledgeCheck
from tests.markup import text

TEXT = ui_texts("quiz")
SEED = "ben"


def select_bank() -> Bank:
    item = Item(
        id="t_select",
        type="select_n",
        stem="Which 2 help most? Select 2.",
        explanation="Cold and rest help in the first days.",
        references=("niams2005_coping",),
        clinical_judgment_step="take_action",
        select=2,
        choices=(
            Choice("cold", "A cold pack", True),
            Choice("lift", "Lifting heavy boxes", feedback="Lifting loads the spine."),
            Choice("rest", "Short rests", True),
            Choice("jog", "Jogging"),
        ),
    )
    return Bank("tselect", "Test bank", (item,))


@pytest.fixture()
def check(catalog: Catalog) -> KnowledgeCheck:
    return KnowledgeCheck(select_bank(), catalog, seed=SEED)


def boxes(check: KnowledgeCheck) -> dict[str, w.Checkbox]:
    return check.controls.checks["choices"]


def test_native_labelled_checkboxes_in_the_students_order(check: KnowledgeCheck) -> None:
    controls = check.controls
    assert controls.radio is None and controls.dropdowns == {}
    assert list(boxes(check)) == list(choice_order(check.current_item, SEED))
    assert all(isinstance(b, w.Checkbox) and b.description for b in boxes(check).values())
    assert text(controls.hint.value) == TEXT.format("hint_select_n", n=2)
    assert TEXT.format("scoring_select_n", n=2) in text(check.question.value)


def test_a_tick_beyond_n_is_refused_with_a_message(check: KnowledgeCheck) -> None:
    b = boxes(check)
    b["cold"].value = True
    b["lift"].value = True
    assert check.controls.limit_notice.value == ""
    b["jog"].value = True  # a third tick
    assert b["jog"].value is False, "the third box must stay unticked"
    assert {cid for cid, box in b.items() if box.value} == {"cold", "lift"}  # nothing lost
    assert text(check.controls.limit_notice.value) == TEXT.format("too_many", n=2)
    assert 'role="alert"' in check.controls.limit_notice.value
    b["lift"].value = False  # the learner unticks one: the message goes, a new tick is allowed
    assert check.controls.limit_notice.value == ""
    b["rest"].value = True
    assert b["rest"].value is True and check.controls.limit_notice.value == ""


def test_check_needs_exactly_n(check: KnowledgeCheck) -> None:
    boxes(check)["cold"].value = True
    check.check_button.click()
    assert TEXT["need_select_n"] in text(check.feedback.value)
    assert check.answered == 0 and check.results == {}


def test_one_right_one_wrong_scores_one_without_penalty(check: KnowledgeCheck) -> None:
    boxes(check)["cold"].value = True
    boxes(check)["lift"].value = True
    check.check_button.click()
    assert (check.score, check.max_score, check.answered) == (1, 2, 1)
    shown = text(check.feedback.value)
    assert TEXT["partial"] in shown and TEXT.format("points", points=1, max=2) in shown
    assert TEXT.format("chose_wrong", choice="Lifting heavy boxes") + " " + TEXT["point_zero"] in shown
    assert "Lifting loads the spine." in shown and TEXT["point_minus"] not in shown
    assert TEXT.format("missed", choice="Short rests") in shown
    assert all(box.disabled for box in boxes(check).values()) and check.check_button.disabled


def test_both_right_is_full_marks(check: KnowledgeCheck) -> None:
    boxes(check)["rest"].value = True
    boxes(check)["cold"].value = True
    check.check_button.click()
    assert check.score == check.max_score == 2
    assert text(check.feedback.value).startswith(TEXT["right"])


def test_start_again_clears_the_ticks_and_the_message(check: KnowledgeCheck) -> None:
    for cid in ("cold", "lift", "jog"):
        boxes(check)[cid].value = True
    check.reset_button.click()
    assert not any(b.value for b in boxes(check).values()) and check.controls.limit_notice.value == ""


# --- without keys: the student version ---------------------------------------------------------------
@pytest.fixture(scope="module")
def student_catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    folder: Path = tmp_path_factory.mktemp("student") / "data"
    write_student_data(folder)
    return load_catalog(folder)


def test_saved_without_keys_and_graded_as_the_keyed_item_would_be(student_catalog: Catalog) -> None:
    keyed = load_bank("medications")
    items = [i for i in keyed.items if i.type == "select_n"]
    assert len(items) >= 2
    check = KnowledgeCheck("medications", catalog=student_catalog, seed=SEED)
    assert not check.keyed
    expected: dict[str, int] = {}
    for n, item in enumerate(items):
        check.index = [i.id for i in keyed.items].index(item.id)
        assert check.current_item.select == item.select and not check.current_item.correct_choices
        right = sorted(correct_response(item))  # type: ignore[arg-type]
        wrong = [c.id for c in item.choices if not c.correct]
        picked = set(right) if n == 0 else {right[0], wrong[0]}
        b = check.controls.checks["choices"]
        for cid in picked:
            b[cid].value = True
        b[wrong[-1]].value = True  # one too many: refused here too
        assert not b[wrong[-1]].value
        assert text(check.controls.limit_notice.value) == TEXT.format("too_many", n=item.select)
        check.check_button.click()
        assert text(check.feedback.value) == TEXT["saved"], item.id
        assert TEXT["right"] not in check.feedback.value and item.explanation[:30] not in check.feedback.value
        expected[item.id] = score(item, picked).points
    report = grade([("ben.json", base64.b64decode(check.answers_href.split(",", 1)[1]))])
    assert report.problems == ()
    assert {r.item: r.points for r in report.rows} == expected
    assert sorted(expected.values()) == [1, 2]
