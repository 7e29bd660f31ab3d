"""The cloze item in the knowledge check, driven like a learner would: choose in each drop-down of the
sentence, press Check answer, read the score and the feedback (real ipywidgets, no stubs)."""

from __future__ import annotations

import ipywidgets as w
import pytest

from osteo_lib.care.quiz import correct_response
from osteo_lib.content.catalog import Catalog, load_catalog
from osteo_lib.content.quiz import Bank, Choice, ClozeBlank, Item, load_bank
from osteo_lib.content.student_data import write_student_data
from osteo_lib.content.ui import ui_texts
from osteo_lib.views.widgets.quiz import KnowledgeCheck
from tests.markup import text

TEXT = ui_texts("quiz")
SEED = "ben"


def item(scoring: str, count: int) -> Item:
    blanks = (
        ClozeBlank(
            "act",
            "What the nurse does first",
            (Choice("give", "give the dose"), Choice("hold", "hold the dose")),
            "hold",
        ),
        ClozeBlank(
            "why",
            "Why the nurse does it",
            (Choice("pain", "pain returns"), Choice("sed", "sleepiness comes first")),
            "sed",
        ),
        ClozeBlank("two", "What else shows it", (Choice("rr", "slow breathing"), Choice("temp", "a fever")), "rr"),
    )[:count]
    return Item(
        id=f"t_{scoring}",
        type="cloze",
        stem="She drifts off to sleep while you talk with her.",
        explanation="Sedation comes before breathing problems.",
        references=("pasero2009_poss",),
        sentence="The nurse should first {act} because {why}" + (", as does {two}." if count == 3 else "."),
        blanks=blanks,
        scoring=scoring,  # type: ignore[arg-type]
        clinical_judgment_step="take_action",
    )


@pytest.fixture()
def check(catalog: Catalog) -> KnowledgeCheck:
    bank = Bank("tcloze", "Cloze bank", (item("dyad", 2), item("triad", 3), item("per_blank", 2)))
    return KnowledgeCheck(bank, catalog, seed=SEED)


def choose(check: KnowledgeCheck, **picks: str) -> None:
    for blank_id, choice in picks.items():
        check.controls.dropdowns[blank_id].value = choice


def test_the_sentence_flows_around_one_labelled_drop_down_per_gap(check: KnowledgeCheck) -> None:
    controls = check.controls
    sentence = [c for c in controls.box.children if "ow-quiz-cloze-sentence" in c._dom_classes]
    assert len(sentence) == 1
    parts = sentence[0].children
    words = [text(p.value) for p in parts if isinstance(p, w.HTML)]
    drops = [p for p in parts if isinstance(p, w.Dropdown)]
    assert words == ["The nurse should first", "because", "."]
    assert drops == [controls.dropdowns["act"], controls.dropdowns["why"]]
    assert [d.description for d in drops] == ["What the nurse does first", "Why the nurse does it"]  # accessible names
    for d, bid in zip(drops, ("act", "why"), strict=True):
        assert d.value == "" and d.options[0] == (TEXT["row_placeholder"], "")
        assert sorted(v for _label, v in d.options[1:]) == sorted(c.id for c in check.current_item.blank(bid).choices)
        assert "ow-quiz-cloze-blank" in d._dom_classes
    assert TEXT["hint_cloze"] in check.controls.hint.value
    assert TEXT["scoring_cloze_dyad"] in text(check.question.value)


def test_every_gap_needs_an_answer(check: KnowledgeCheck) -> None:
    check.check_button.click()
    assert TEXT["need_cloze"] in text(check.feedback.value)
    choose(check, act="hold")
    check.check_button.click()
    assert TEXT["need_cloze"] in text(check.feedback.value) and check.answered == 0


def test_dyad_action_without_its_reason_scores_nothing_and_says_why(check: KnowledgeCheck) -> None:
    choose(check, act="hold", why="pain")
    check.check_button.click()
    assert (check.score, check.answered, check.results["t_dyad"].max_points) == (0, 1, 1)
    feedback = text(check.feedback.value)
    assert TEXT["wrong"] in feedback
    assert TEXT.format("row_right", row="What the nurse does first", choice="hold the dose") in feedback
    assert (
        TEXT.format("row_wrong", row="Why the nurse does it", choice="pain returns", answer="sleepiness comes first")
        in feedback
    )
    assert TEXT["scoring_cloze_dyad"] in feedback and TEXT["point_plus"] not in feedback
    assert all(d.disabled for d in check.controls.dropdowns.values())
    check.retry_button.click()  # answer it again: both parts right this time
    choose(check, act="hold", why="sed")
    check.check_button.click()
    assert (check.score, check.answered) == (1, 1) and TEXT["right"] in text(check.feedback.value)


def test_triad_counts_each_link_to_the_first_part(check: KnowledgeCheck) -> None:
    check.index = 1
    choose(check, act="hold", why="sed", two="temp")
    check.check_button.click()
    assert (check.score, check.results["t_triad"].max_points) == (1, 2)
    assert TEXT["partial"] in text(check.feedback.value)
    check.retry_button.click()
    choose(check, act="give", why="sed", two="rr")  # both reasons right, the action wrong: no link holds
    check.check_button.click()
    assert check.score == 0 and TEXT["wrong"] in text(check.feedback.value)


def test_per_blank_scores_each_drop_down_with_its_point(check: KnowledgeCheck) -> None:
    check.index = 2
    choose(check, act="hold", why="pain")
    check.check_button.click()
    assert (check.score, check.results["t_per_blank"].max_points) == (1, 2)
    feedback = text(check.feedback.value)
    assert TEXT["point_plus"] in feedback and TEXT["scoring_cloze_dyad"] not in feedback


def test_the_shipped_items_score_full_marks_when_answered_right(catalog: Catalog) -> None:
    bank = load_bank("medications", catalog)
    check = KnowledgeCheck(bank, catalog, seed=SEED)
    for item_id in ("med_19", "med_20"):
        check.index = [i.id for i in bank.items].index(item_id)
        right = correct_response(check.current_item)
        assert isinstance(right, dict)
        choose(check, **right)
        check.check_button.click()
        assert check.results[item_id].correct, item_id


def test_without_keys_the_answer_is_saved_not_scored(tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("student") / "data"
    write_student_data(folder)
    student = load_catalog(folder)
    keyed = load_bank("medications")
    check = KnowledgeCheck("medications", catalog=student, seed=SEED)
    check.index = [i.id for i in check.bank.items].index("med_19")
    assert not check.current_item.keyed and check.retry_button.disabled
    right = correct_response(keyed.item("med_19"))
    assert isinstance(right, dict)
    choose(check, **right)
    check.check_button.click()
    assert check.saved["med_19"] == right and check.score == 0
    assert TEXT["saved"] in text(check.feedback.value)
    assert keyed.item("med_19").explanation[:40] not in check.feedback.value
