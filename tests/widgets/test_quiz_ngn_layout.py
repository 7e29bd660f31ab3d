"""The NGN layouts of matrix and bowtie items (osteo_lib/views/widgets/ngn_layout.py), driven through their
traits and the messages the browser sends: the matrix as a table with headers and "row: column" names,
the bowtie's slots and lists, and the same scores as :func:`osteo_lib.care.quiz.score` gives."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from osteo_lib.care.quiz import correct_response, score
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.quiz import Bank, Item, load_banks
from osteo_lib.content.ui import ui_texts
from osteo_lib.views.widgets.ngn_layout import BowtieBoard, BowtieColumn, ChoiceGrid
from osteo_lib.views.widgets.quiz import KnowledgeCheck
from tests.markup import soup
from tests.widgets.test_quiz import SEED, make_bank

TEXT = ui_texts("quiz")


def _items(catalog: Catalog, kind: str) -> list[tuple[Bank, Item]]:
    return [(b, i) for b in load_banks(catalog).values() for i in b.items if i.type == kind]


def _show(catalog: Catalog, bank: Bank, item: Item) -> KnowledgeCheck:
    check = KnowledgeCheck(bank, catalog, seed=SEED)
    check.index = [i.id for i in bank.items].index(item.id)
    return check


def _wrong_matrix(item: Item) -> dict[str, str]:
    """Every row right except the first, which takes another column."""
    right = {r.id: r.right for r in item.rows}
    first = item.rows[0]
    right[first.id] = next(c.id for c in item.columns if c.id != first.right)
    return right


# --- the matrix grid -----------------------------------------------------------------------------------------
def test_matrix_items_of_the_banks_score_as_the_pure_scoring_does(catalog: Catalog) -> None:
    found = _items(catalog, "matrix")
    assert found
    for bank, item in found:
        for response in (correct_response(item), _wrong_matrix(item)):
            assert isinstance(response, Mapping)
            check = _show(catalog, bank, item)
            grid = check.controls.grid
            assert isinstance(grid, ChoiceGrid) and not grid.multiple
            for rid, column in response.items():
                grid.choose(rid, column)
            # the same response shape the dropdowns gave: row id -> column id
            assert check.controls.response() == dict(response)
            check.check_button.click()
            assert check.results[item.id] == score(item, response), item.id
    assert check.results[item.id].points == item.max_points - 1


def test_the_table_has_headers_and_row_column_names(catalog: Catalog) -> None:
    check = KnowledgeCheck(make_bank(), catalog, seed=SEED)
    check.index = 2
    grid = check.controls.grid
    assert isinstance(grid, ChoiceGrid)
    page = soup(grid.markup)
    table = page.select_one("table.ow-ngn-grid")
    assert table is not None and table.caption is not None
    assert table.caption.get_text(strip=True) == TEXT["hint_matrix"]
    assert [(th["scope"], th.get_text(strip=True)) for th in table.select("thead th")] == [
        ("col", "Heat"),
        ("col", "Cold"),
    ]
    names: list[str] = []
    for tr in table.select("tbody tr"):
        header = tr.select_one("th")
        assert header is not None and header["scope"] == "row"
        inputs = tr.select("td input")
        assert [i["type"] for i in inputs] == ["radio", "radio"]
        assert len({i["name"] for i in inputs}) == 1  # one radio group per row
        names.append(str(inputs[0]["name"]))
        for i, column in zip(inputs, ("Heat", "Cold"), strict=True):
            assert i["aria-label"] == TEXT.format("grid_cell_label", row=header.get_text(strip=True), column=column)
    assert len(set(names)) == 2
    assert soup(grid.markup).select_one("input[aria-label='Numbs the nerves: Cold']") is not None


def test_a_row_statement_ending_in_a_full_stop_is_named_without_it() -> None:
    grid = ChoiceGrid(rows=[("r", "Warm the area.")], columns=[("ok", "Appropriate")])
    assert soup(grid.markup).select_one("input")["aria-label"] == "Warm the area: Appropriate"


def test_the_browser_messages_set_the_answer_and_are_ignored_when_locked() -> None:
    grid = ChoiceGrid(rows=[("a", "Heat"), ("b", "Ice")], columns=[("yes", "Appropriate"), ("no", "Not")])
    grid._on_msg(grid, {"action": "set", "part": "a", "choice": "yes", "on": True})
    grid._on_msg(grid, {"action": "set", "part": "a", "choice": "no", "on": True})
    grid._on_msg(grid, {"action": "set", "part": "nope", "choice": "no", "on": True})  # stale: nothing happens
    assert grid.value == {"a": ["no"]}
    checked = soup(grid.markup).select("input[checked]")
    assert [i["data-key"] for i in checked] == ["a:no"]
    grid.disabled = True
    grid._on_msg(grid, {"action": "set", "part": "b", "choice": "yes", "on": True})
    assert grid.value == {"a": ["no"]}
    assert all(i.has_attr("disabled") for i in soup(grid.markup).select("input"))


def test_matrix_multiple_ticks_and_unticks_each_cell() -> None:
    grid = ChoiceGrid(rows=[("a", "Heat")], columns=[("x", "X"), ("y", "Y"), ("z", "Z")], multiple=True)
    grid.choose("a", "z")
    grid.choose("a", "x")
    assert grid.value == {"a": ["x", "z"]}  # in column order
    grid.choose("a", "x", on=False)
    grid.choose("a", "z", on=False)
    assert grid.value == {}
    assert [i["type"] for i in soup(grid.markup).select("input")] == ["checkbox"] * 3


def test_bad_grid_input_is_named() -> None:
    with pytest.raises(ValueError, match="at least one row"):
        ChoiceGrid(rows=[], columns=[("x", "X")])
    grid = ChoiceGrid(rows=[("a", "Heat")], columns=[("x", "X")])
    with pytest.raises(ValueError, match="unknown row 'b'"):
        grid.choose("b", "x")
    with pytest.raises(ValueError, match="unknown choice 'q'"):
        grid.choose("a", "q")
    assert grid.value == {}


# --- the bowtie ----------------------------------------------------------------------------------------------
def _board() -> BowtieBoard:
    return BowtieBoard(
        columns=[
            BowtieColumn("condition", "Problem", "What is it?", 1, [("vcf", "Fracture"), ("ulcer", "Ulcer")]),
            BowtieColumn("actions", "Do", "What to do?", 2, [("a1", "Cold"), ("a2", "Brace"), ("a3", "Massage")]),
            BowtieColumn("parameters", "Watch", "What to watch?", 2, [("p1", "Pain"), ("p2", "Legs"), ("p3", "Hair")]),
        ],
        label="Your answer",
    )


def _slots(board: BowtieBoard) -> list[list[str]]:
    zones = soup(board.markup).select(".ow-ngn-bowtie__zone")
    return [[li.get_text(strip=True) for li in z.select("li")] for z in zones]


def test_the_bowtie_shows_the_chosen_answers_in_its_slots() -> None:
    board = _board()
    empty = TEXT["bowtie_slot_empty"]
    assert _slots(board) == [[empty, empty], [empty], [empty, empty]]  # actions, condition, parameters
    board.choose("actions", "a2")
    board.choose("condition", "ulcer")
    board.choose("condition", "vcf")  # the condition is one: the new one replaces it
    board.choose("parameters", "p3")
    assert _slots(board) == [["Brace", empty], ["Fracture"], ["Hair", empty]]
    assert board.value == {"actions": ["a2"], "condition": ["vcf"], "parameters": ["p3"]}


def test_a_tick_beyond_the_number_is_refused_and_said() -> None:
    board = _board()
    board.choose("actions", "a1")
    board.choose("actions", "a3")
    before = board.revision
    board._on_msg(board, {"action": "set", "part": "actions", "choice": "a2", "on": True})  # the browser ticked it
    assert board.value == {"actions": ["a1", "a3"]}
    assert board.announcement == TEXT.format("too_many", n=2)
    assert board.revision == before + 1  # redrawn, so the box the browser ticked shows unticked again
    assert not soup(board.markup).select_one("input[data-key='actions:a2']").has_attr("checked")
    board.choose("actions", "a1", on=False)
    board.choose("actions", "a2")
    assert board.value == {"actions": ["a2", "a3"]} and board.announcement == ""


def test_bad_bowtie_input_is_named() -> None:
    cols = [BowtieColumn("condition", "P", "?", 1, [("c", "C")]), BowtieColumn("actions", "A", "?", 2, [("a", "A")])]
    with pytest.raises(ValueError, match="needs the parts actions, condition, parameters"):
        BowtieBoard(columns=cols)
    with pytest.raises(ValueError, match="unknown bowtie part 'cause'"):
        _board().choose("cause", "vcf")


def test_bowtie_items_of_the_banks_score_as_the_pure_scoring_does(catalog: Catalog) -> None:
    found = _items(catalog, "bowtie")
    assert found
    for bank, item in found:
        right = correct_response(item)
        assert isinstance(right, Mapping) and item.bowtie is not None
        wrong_action = next(c.id for c in item.bowtie.actions.choices if c.id not in item.bowtie.actions.answers)
        wrong = {**right, "actions": {*sorted(right["actions"])[1:], wrong_action}}
        for response in (right, wrong):
            check = _show(catalog, bank, item)
            board = check.controls.bowtie
            assert isinstance(board, BowtieBoard)
            board.choose("condition", response["condition"])
            for part in ("actions", "parameters"):
                for cid in response[part]:
                    board.choose(part, cid)
            assert check.controls.response() == {
                "condition": response["condition"],
                "actions": set(response["actions"]),
                "parameters": set(response["parameters"]),
            }
            check.check_button.click()
            assert check.results[item.id] == score(item, response), item.id
        assert check.results[item.id].points == item.max_points - 1


def test_every_browser_change_is_answered_with_its_number() -> None:
    """The browser draws the markup only once the kernel has answered its latest change (``seq``), so a quick
    second arrow key press is not undone by the answer to the first: each handled message, locked, refused or
    stale ones too, sends its number back with what it changed."""
    grid = ChoiceGrid(rows=[("a", "Heat"), ("b", "Cold")], columns=[("yes", "Yes"), ("no", "No")])
    sent: list[dict[str, object]] = []
    grid.observe(lambda change: sent.append({"answered": change["new"], "value": dict(grid.value)}), names="answered")
    grid._on_msg(grid, {"action": "set", "part": "a", "choice": "yes", "on": True, "seq": 1})
    grid._on_msg(grid, {"action": "set", "part": "a", "choice": "no", "on": True, "seq": 2})
    assert grid.answered == 2 and grid.value == {"a": ["no"]}
    assert sent == [{"answered": 1, "value": {"a": ["yes"]}}, {"answered": 2, "value": {"a": ["no"]}}]
    grid._on_msg(grid, {"action": "set", "part": "nope", "choice": "no", "on": True, "seq": 3})  # stale
    assert grid.answered == 3
    grid.disabled = True
    grid._on_msg(grid, {"action": "set", "part": "b", "choice": "yes", "on": True, "seq": 4})  # locked
    assert grid.answered == 4 and "b" not in grid.value
    for bad in (True, "5", None, 2):  # not a number, or older than the latest answered: left as it is
        grid._on_msg(grid, {"action": "set", "part": "b", "choice": "yes", "seq": bad})
    assert grid.answered == 4
