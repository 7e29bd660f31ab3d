"""The drag-and-drop board (osteo_lib.views.widgets.drag_drop.DragDrop) and the drag_drop, ordering and trend
items in the knowledge check, driven through the widget's traits and the messages the browser sends for a key
press or a drop (the same methods): pick a token, put it in a gap, move a step up, press Check answer, read the
score and the feedback (real ipywidgets and anywidget, no stubs)."""

from __future__ import annotations

from typing import Any

import pytest

from osteo_lib.care.quiz import correct_response
from osteo_lib.content.catalog import Catalog, load_catalog
from osteo_lib.content.quiz import Bank, Choice, ClozeBlank, Item, Trend, TrendRow, load_bank
from osteo_lib.content.student_data import write_student_data
from osteo_lib.content.ui import ui_texts
from osteo_lib.views.widgets.drag_drop import DragDrop
from osteo_lib.views.widgets.quiz import KnowledgeCheck
from tests.markup import attr, select_texts, soup, text

TEXT = ui_texts("quiz")
SEED = "ben"


def gaps_board() -> DragDrop:
    return DragDrop(
        mode="gaps",
        tokens=[("hold", "hold the dose"), ("give", "give the dose"), ("sed", "sleepiness comes first")],
        sentence=[("text", "The nurse should "), ("gap", "act"), ("text", " because "), ("gap", "why"), ("text", ".")],
        gaps=[("act", "What to do"), ("why", "Why")],
        label="Drag a word into each gap.",
    )


def press(board: DragDrop, **message: Any) -> None:
    """What drag_drop.js sends for a press or a drop (the widget's own message handler)."""
    board._on_msg(board, message)


# --- the board alone ---------------------------------------------------------------------------------------------
def test_keyboard_pick_then_place_moves_a_token_into_a_gap_and_says_so() -> None:
    board = gaps_board()
    assert select_texts(board.markup, "button.ow-dd__token") == [
        "hold the dose",
        "give the dose",
        "sleepiness comes first",
    ]
    press(board, action="pick", token="hold")
    assert board.picked == "hold"
    assert attr(board.markup, 'button[data-token="hold"]', "aria-pressed") == "true"
    assert board.announcement == TEXT.format("dd_picked", token="hold the dose")
    press(board, action="drop", gap="act")
    assert (board.placed, board.picked, board.focus) == ({"act": "hold"}, "", "gap:act")
    gap_name = TEXT.format("dd_gap_name", n=1, label="What to do")
    assert board.announcement == TEXT.format("dd_placed", token="hold the dose", gap=gap_name)
    gap = soup(board.markup).select_one('button[data-gap="act"]')
    assert gap is not None and gap.get_text() == "hold the dose"
    assert gap["aria-label"] == TEXT.format("dd_gap_label", n=1, label="What to do", content="hold the dose")
    assert "hold the dose" not in select_texts(board.markup, "button.ow-dd__token")  # left the pool


def test_a_drop_replaces_a_gaps_token_and_a_token_moves_between_gaps() -> None:
    board = gaps_board()
    press(board, action="drop", gap="act", token="give")  # a mouse drop names the token
    press(board, action="drop", gap="act", token="hold")
    assert board.placed == {"act": "hold"}  # give went back to the pool
    assert "give the dose" in select_texts(board.markup, "button.ow-dd__token")
    press(board, action="drop", gap="why", token="hold")
    assert board.placed == {"why": "hold"}  # moved, not copied


def test_pressing_a_filled_gap_or_dropping_on_the_pool_takes_the_token_out() -> None:
    board = gaps_board()
    board.drop("act", "hold")
    board.drop("why", "sed")
    press(board, action="drop", gap="act")  # Enter on a filled gap, nothing picked
    assert board.placed == {"why": "sed"} and board.announcement == TEXT.format("dd_back", token="hold the dose")
    press(board, action="pool", token="sed")  # a placed token dragged back onto the pool
    assert board.placed == {}
    press(board, action="drop", gap="why")
    assert board.announcement == TEXT.format("dd_empty", gap=TEXT.format("dd_gap_name", n=2, label="Why"))


def test_a_disabled_board_ignores_presses_and_disables_its_buttons() -> None:
    board = gaps_board()
    board.disabled = True
    press(board, action="drop", gap="act", token="hold")
    assert board.placed == {}
    buttons = soup(board.markup).select("button")
    assert buttons and all(b.has_attr("disabled") and not b.has_attr("draggable") for b in buttons)


def test_unknown_ids_are_refused_by_name_and_ignored_from_the_browser() -> None:
    board = gaps_board()
    with pytest.raises(ValueError, match="unknown token 'nope'"):
        board.pick("nope")
    with pytest.raises(ValueError, match="unknown gap 'zzz'"):
        board.drop("zzz", "hold")
    press(board, action="drop", gap="zzz", token="hold")  # a stale message: nothing changes
    assert board.placed == {}
    with pytest.raises(ValueError, match="mode is 'gaps' or 'order'"):
        DragDrop(mode="sort", tokens=[])


def test_order_mode_adds_moves_and_takes_out_steps() -> None:
    board = DragDrop(mode="order", tokens=[("a", "Roll"), ("b", "Legs over"), ("c", "Push up")], label="Your order")
    press(board, action="pick", token="b")  # Enter on a step: added at the end
    press(board, action="add", token="a")
    press(board, action="add", token="c", before="a")  # a drop on a step: goes before it
    assert board.sequence == ["b", "c", "a"]
    assert board.announcement == TEXT.format("dd_position", token="Push up", n=2, total=3)
    press(board, action="down", token="c")
    assert board.sequence == ["b", "a", "c"] and board.focus == "up:c"  # at the bottom: Down is disabled
    assert select_texts(board.markup, "li.ow-dd__step .ow-dd__step-text") == ["Legs over", "Roll", "Push up"]
    assert attr(board.markup, 'button[data-key="down:c"]', "disabled") is not None
    assert attr(board.markup, 'button[data-key="up:b"]', "disabled") is not None
    press(board, action="up", token="a")
    assert board.sequence == ["a", "b", "c"] and board.focus == "down:a"  # at the top: Up is disabled
    press(board, action="remove", token="b")
    assert board.sequence == ["a", "c"] and select_texts(board.markup, "button.ow-dd__token") == ["Legs over"]
    press(board, action="pool", token="c")
    assert board.sequence == ["a"]


# --- in the knowledge check -----------------------------------------------------------------------------------
def drag_item(scoring: str = "dyad") -> Item:
    return Item(
        id=f"t_drag_{scoring}",
        type="drag_drop",
        stem="He drifts off while you talk.",
        explanation="Sedation comes before slowed breathing.",
        references=("pasero2009_poss",),
        sentence="The nurse should {act} because {why}.",
        blanks=(ClozeBlank("act", "What to do", (), "hold"), ClozeBlank("why", "Why", (), "sed")),
        tokens=(Choice("hold", "hold the dose"), Choice("give", "give the dose"), Choice("sed", "sleepiness first")),
        scoring=scoring,  # type: ignore[arg-type]
        clinical_judgment_step="take_action",
        trend=Trend("Checks", ("08:00", "09:00", "10:00"), (TrendRow("POSS", ("1", "2", "3")),)),
    )


def order_item() -> Item:
    return Item(
        id="t_order",
        type="ordering",
        stem="Put the steps in order.",
        explanation="The log roll.",
        references=("adam_getting_out_of_bed",),
        choices=(Choice("push", "Push up"), Choice("roll", "Roll"), Choice("legs", "Legs over")),
        order=("roll", "legs", "push"),
        clinical_judgment_step="take_action",
    )


@pytest.fixture()
def check(catalog: Catalog) -> KnowledgeCheck:
    return KnowledgeCheck(
        Bank("tdrag", "Drag bank", (drag_item(), order_item(), drag_item("per_blank"))), catalog, seed=SEED
    )


def test_the_trend_table_is_drawn_with_the_stem(check: KnowledgeCheck) -> None:
    table = soup(check.question.value).select_one("table.ow-quiz-trend")
    assert table is not None
    assert select_texts(check.question.value, "table.ow-quiz-trend caption") == [
        TEXT.format("trend_caption", caption="Checks")
    ]
    assert select_texts(check.question.value, "thead th") == [TEXT["trend_measure"], "08:00", "09:00", "10:00"]
    assert select_texts(check.question.value, "tbody th[scope=row]") == ["POSS"]
    assert select_texts(check.question.value, "tbody td") == ["1", "2", "3"]


def test_drag_drop_needs_every_gap_then_scores_the_dyad(check: KnowledgeCheck) -> None:
    board = check.controls.board
    assert board is not None and board in check.controls.box.children
    assert TEXT["hint_drag_drop"] in check.controls.hint.value
    press(board, action="pick", token="hold")
    press(board, action="drop", gap="act")
    check.check_button.click()
    assert TEXT["need_drag_drop"] in text(check.feedback.value) and check.answered == 0
    press(board, action="drop", gap="why", token="give")
    check.check_button.click()
    assert (check.score, check.answered) == (0, 1)  # the action without its reason: no point (dyad)
    feedback = text(check.feedback.value)
    assert TEXT.format("row_wrong", row="Why", choice="give the dose", answer="sleepiness first") in feedback
    assert TEXT["scoring_cloze_dyad"] in feedback
    assert board.disabled  # locked once checked
    check.retry_button.click()
    board = check.controls.board
    assert board is not None and board.placed == {} and not board.disabled
    board.drop("act", "hold")
    board.drop("why", "sed")
    check.check_button.click()
    assert check.score == 1 and TEXT["right"] in text(check.feedback.value)


def test_ordering_scores_each_place_and_names_the_right_step(check: KnowledgeCheck) -> None:
    check.index = 1
    board = check.controls.board
    assert board is not None and board.mode == "order"
    for step in ("legs", "roll"):
        press(board, action="pick", token=step)
    check.check_button.click()
    assert TEXT["need_ordering"] in text(check.feedback.value)
    press(board, action="add", token="push")
    check.check_button.click()
    assert (check.score, check.results["t_order"].max_points) == (1, 3)
    feedback = text(check.feedback.value)
    step1 = TEXT.format("dd_step_n", n=1)
    assert TEXT.format("row_wrong", row=step1, choice="Legs over", answer="Roll") in feedback
    assert TEXT.format("row_right", row=TEXT.format("dd_step_n", n=3), choice="Push up") in feedback
    assert TEXT["scoring_ordering"] in text(check.question.value)


def test_the_shipped_items_score_full_marks_when_placed_right(catalog: Catalog) -> None:
    for bank_id, item_ids in (("case_study", ("case_13", "case_14")), ("medications", ("med_22", "med_23"))):
        bank = load_bank(bank_id, catalog)
        check = KnowledgeCheck(bank, catalog, seed=SEED)
        for item_id in item_ids:
            check.index = [i.id for i in bank.items].index(item_id)
            board = check.controls.board
            assert board is not None
            right = correct_response(check.current_item)
            if isinstance(right, dict):
                for gap, token in right.items():
                    press(board, action="pick", token=token)
                    press(board, action="drop", gap=gap)
            else:
                assert isinstance(right, list)
                for step in right:
                    press(board, action="pick", token=step)
            check.check_button.click()
            assert check.results[item_id].correct, item_id


def test_without_keys_an_ordering_is_saved_in_its_order(tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("student") / "data"
    write_student_data(folder)
    check = KnowledgeCheck("medications", catalog=load_catalog(folder), seed=SEED)
    check.index = [i.id for i in check.bank.items].index("med_23")
    board = check.controls.board
    assert board is not None
    steps = ["short_ir", "nonopioid", "taper", "reassess"]
    for step in steps:
        board.add(step)
    check.check_button.click()
    assert check.saved["med_23"] == steps and check.score == 0
    assert TEXT["saved"] in text(check.feedback.value)
    board.move("taper", 1)  # a change after saving: the check says so
    assert TEXT["changed"] in text(check.feedback.value)
