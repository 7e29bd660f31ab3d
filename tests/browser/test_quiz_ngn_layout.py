"""The NGN matrix grid and bowtie in JupyterLab, answered with the keyboard only: Tab between the rows and
lists, the arrow keys and Space inside them, Enter on the buttons; the notebook's cell selection never moves
(osteo_lib/views/widgets/ngn_layout.py; the quiz's KeyboardScope keeps JupyterLab's shortcuts out). The
score shown is the full score, and axe (WCAG 2.1 A / AA rules) finds no violation in the quiz. Screenshots:
test-artifacts/ngn-grid.png and test-artifacts/ngn-bowtie.png."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import nbformat
import pytest

from osteo_lib.care.quiz import correct_response
from osteo_lib.care.quiz_order import ordered
from osteo_lib.content.quiz import BOWTIE_PARTS, load_bank
from osteo_lib.content.ui import ui_texts
from tests.browser.conftest import artifact, describe_violations, run_axe
from tests.browser.lab_run import EXPOSE_APP, run_all
from tests.hub.test_lab_offline import lab

NOTEBOOK = "quiz_ngn"
BANK = "causes"
MATRIX, BOWTIE = "causes_05", "causes_09"
SEED = "ben"
TEXT = ui_texts("quiz")


def _write_notebook(folder: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("A cell before the quiz."),
        nbformat.v4.new_code_cell(
            "from osteo_lib.content.quiz import Bank, load_bank\n"
            "from osteo_lib.views.widgets.quiz import KnowledgeCheck\n"
            f'full = load_bank("{BANK}")\n'
            f'bank = Bank("ngn", full.title, tuple(i for i in full.items if i.id in ("{MATRIX}", "{BOWTIE}")))\n'
            f'KnowledgeCheck(bank, seed="{SEED}")'
        ),
        nbformat.v4.new_markdown_cell("A cell after the quiz."),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / f"{NOTEBOOK}.ipynb")


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    root = tmp_path_factory.mktemp("lab-quiz-ngn")
    _write_notebook(root)
    with lab(root, EXPOSE_APP) as (url, token, _outbound):
        yield url, token


#: Where the focus is and which cell is active.
STATE = """() => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  const focus = document.activeElement;
  return {in_quiz: !!(focus && focus.closest('.ow-quiz')), key: focus ? focus.getAttribute('data-key') : null,
          text: focus ? focus.textContent.trim() : '', active_cell: nb.activeCellIndex};
}"""


def _press(page: Any, key: str, cell: int) -> dict[str, Any]:
    """Press ``key``; the focus stays in the quiz and the notebook's active cell stays put."""
    page.keyboard.press(key)
    state: dict[str, Any] = page.evaluate(STATE)
    assert state["in_quiz"] and state["active_cell"] == cell, (key, state)
    return state


def _checked(page: Any, key: str) -> None:
    """Until the control ``key`` shows checked."""
    page.wait_for_selector(f".ow-quiz input[data-key='{key}']:checked", state="attached", timeout=30_000)


def _violations(page: Any) -> list[dict[str, Any]]:
    """Every axe violation in the quiz (none at all, stricter than "nothing serious or critical")."""
    return list(run_axe(page, ".ow-quiz"))


def _to_button(page: Any, name: str, cell: int) -> None:
    """Tab until the quiz button ``name`` has the focus, then press Enter."""
    for _ in range(40):
        if _press(page, "Tab", cell)["text"] == name:
            _press(page, "Enter", cell)
            return
    raise AssertionError(f"Tab never reached the button {name!r}")


def test_matrix_and_bowtie_answered_by_keyboard(lab_server: tuple[str, str], context: Any) -> None:
    url, token = lab_server
    bank = load_bank(BANK)
    matrix, bowtie = bank.item(MATRIX), bank.item(BOWTIE)
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 2000})
    page.goto(f"{url}/lab/workspaces/quiz-ngn/tree/{NOTEBOOK}.ipynb?token={token}", timeout=120_000)
    run_all(page, NOTEBOOK)
    grid = page.locator(".ow-quiz table.ow-ngn-grid")
    grid.wait_for(timeout=60_000)
    page.wait_for_selector(".ow-quiz table.ow-ngn-grid input[data-lm-suppress-shortcuts]", state="attached")
    # The table: a column header per option, a row header per statement, each control named "row: column".
    headers = grid.locator("thead th[scope=col]").all_inner_texts()
    assert [h.strip() for h in headers] == [c.text for c in matrix.columns]
    rows = [r.strip() for r in grid.locator("tbody th[scope=row]").all_inner_texts()]
    assert rows == [r.text for r in matrix.rows]
    first_row = matrix.rows[0]
    name = TEXT.format("grid_cell_label", row=first_row.text.rstrip(". "), column=matrix.columns[0].text)
    assert page.get_by_role("radio", name=name, exact=True).count() == 1
    assert not _violations(page), describe_violations(_violations(page))

    # Keyboard only from the first control: command mode, the first radio button takes the focus.
    page.evaluate("() => { window.jupyterapp.shell.currentWidget.content.mode = 'command'; }")
    grid.locator("input").first.focus()
    cell = page.evaluate(STATE)["active_cell"]
    right = correct_response(matrix)
    assert isinstance(right, Mapping)
    columns = [c.id for c in matrix.columns]
    for n, row in enumerate(matrix.rows):
        if n:
            assert _press(page, "Tab", cell)["key"] == f"{row.id}:{columns[0]}"  # Tab: the next row's group
        _press(page, "Space", cell)
        _checked(page, f"{row.id}:{columns[0]}")
        for _ in range(columns.index(right[row.id])):
            _press(page, "ArrowRight", cell)
        _checked(page, f"{row.id}:{right[row.id]}")
    page.locator(".ow-quiz").first.screenshot(path=str(artifact("ngn-grid.png")))
    _to_button(page, TEXT["check"], cell)
    score = TEXT.format("score", score=matrix.max_points, max=bank_max(matrix, bowtie), answered=1, total=2)
    page.locator(".ow-quiz .ow-quiz-score", has_text=score).wait_for(timeout=30_000)

    # The bowtie: Next question, then the three lists in the bowtie's order, left to right.
    _to_button(page, TEXT["next"], cell)
    board = page.locator(".ow-quiz .ow-ngn-bowtie")
    board.wait_for(timeout=30_000)
    zones = [z.strip() for z in board.locator(".ow-ngn-bowtie__zone-name").all_inner_texts()]
    assert zones == [TEXT["part_actions"], TEXT["part_condition"], TEXT["part_parameters"]]
    assert not _violations(page), describe_violations(_violations(page))
    page.evaluate("() => { window.jupyterapp.shell.currentWidget.content.mode = 'command'; }")
    board.locator("input").first.focus()
    assert bowtie.bowtie is not None
    order = {
        name: [c.id for c in ordered(bowtie.bowtie.part(name).choices, SEED, bowtie.id, name)] for name in BOWTIE_PARTS
    }
    answers = {name: set(bowtie.bowtie.part(name).answers) for name in BOWTIE_PARTS}
    first = True
    for name in ("actions", "condition", "parameters"):
        ids = order[name]
        if name == "condition":  # a radio group: Tab enters it, the arrow keys choose
            _press(page, "Tab", cell)
            _press(page, "Space", cell)
            (want,) = answers[name]
            for _ in range(ids.index(want)):
                _press(page, "ArrowDown", cell)
            _checked(page, f"condition:{want}")
            continue
        for cid in ids:
            if not first:
                assert _press(page, "Tab", cell)["key"] == f"{name}:{cid}"
            first = False
            if cid in answers[name]:
                _press(page, "Space", cell)
                _checked(page, f"{name}:{cid}")
    # The bowtie's slots show what was chosen (drawn once the kernel has the answers).
    for name in BOWTIE_PARTS:
        for cid in answers[name]:
            text = bowtie.bowtie.part(name).choice(cid).text
            board.locator(f".ow-ngn-bowtie__zone--{name} li", has_text=text).wait_for(timeout=30_000)
    assert board.locator(".ow-ngn-bowtie__slot--empty").count() == 0
    page.locator(".ow-quiz").first.screenshot(path=str(artifact("ngn-bowtie.png")))
    _to_button(page, TEXT["check"], cell)
    total = bank_max(matrix, bowtie)
    score = TEXT.format("score", score=total, max=total, answered=2, total=2)
    page.locator(".ow-quiz .ow-quiz-score", has_text=score).wait_for(timeout=30_000)
    assert TEXT["right"] in page.locator(".ow-quiz .ow-quiz-feedback-area").inner_text()
    assert not _violations(page), describe_violations(_violations(page))

    # A narrow screen: the bowtie's three lists stack (one above the other), the grid's rows become blocks.
    page.set_viewport_size({"width": 420, "height": 2000})
    page.wait_for_function(STACKED, arg=".ow-quiz .ow-ngn-bowtie__list", timeout=30_000)
    page.locator(".ow-quiz .ow-quiz-nav button", has_text=TEXT["previous"]).click()
    grid.wait_for(timeout=30_000)
    assert grid.locator("thead").evaluate("e => getComputedStyle(e).display") == "none"
    page.wait_for_function(STACKED, arg=".ow-quiz .ow-ngn-grid tbody tr", timeout=30_000)
    page.close()


#: Whether the elements matching a selector sit one above the other (same left edge, each lower).
STACKED = """(selector) => {
  const boxes = [...document.querySelectorAll(selector)].map(e => e.getBoundingClientRect());
  return boxes.length > 1 && boxes.every((b, i) => i === 0 ||
    (Math.abs(b.left - boxes[0].left) < 1 && b.top >= boxes[i - 1].bottom - 1));
}"""


def bank_max(*items: Any) -> int:
    return sum(i.max_points for i in items)
