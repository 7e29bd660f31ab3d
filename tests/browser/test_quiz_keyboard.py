"""Keys pressed in the knowledge check stay in it inside JupyterLab: the arrow keys move between the answer
choices, not JupyterLab's cell selection (the quiz root carries ``data-lm-suppress-shortcuts``, which Lumino's
command registry honours; osteo_lib/views/widgets/keyboard_scope.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest

from osteo_lib.content.ui import ui_texts
from tests.browser.conftest import describe_violations, run_axe
from tests.browser.lab_run import EXPOSE_APP, run_all
from tests.hub.test_lab_offline import lab

NOTEBOOK = "quiz_keys"
ITEMS = "quiz_items"
TEXT = ui_texts("quiz")


def _write_notebook(folder: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("A cell before the quiz."),
        nbformat.v4.new_code_cell(
            'from osteo_lib.views.widgets.quiz import KnowledgeCheck\nKnowledgeCheck("widget_demo", seed="ben")'
        ),
        nbformat.v4.new_markdown_cell("A cell after the quiz."),
        nbformat.v4.new_code_cell("1 + 1"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / f"{NOTEBOOK}.ipynb")
    # The cloze (drop-down rationale) and highlight items, each opened in a quiz of its own.
    items = nbformat.v4.new_notebook()
    items.cells = [
        nbformat.v4.new_code_cell(
            "from osteo_lib.views.widgets.quiz import KnowledgeCheck\n"
            'check = KnowledgeCheck("medications", seed="ben")\n'
            f'check.index = [i.id for i in check.bank.items].index("{item}")\n'
            "check"
        )
        for item in ("med_20", "med_21")
    ]
    items.metadata["kernelspec"] = nb.metadata["kernelspec"]
    nbformat.write(items, folder / f"{ITEMS}.ipynb")


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    root = tmp_path_factory.mktemp("lab-quiz-keys")
    _write_notebook(root)
    with lab(root, EXPOSE_APP) as (url, token, _outbound):
        yield url, token


#: Where the keyboard focus is, which cell is active, the notebook's mode and the checked choice.
STATE = """() => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  const focus = document.activeElement;
  const radios = [...document.querySelectorAll('.ow-quiz .ow-quiz-answer input[type=radio]')];
  return {
    in_quiz: !!(focus && focus.closest('.ow-quiz')),
    focus_tag: focus ? focus.tagName + ':' + (focus.type || '') : '',
    active_cell: nb.activeCellIndex,
    mode: nb.mode,
    checked: radios.findIndex(r => r.checked),
    root_marked: !!document.querySelector('.ow-quiz[data-lm-suppress-shortcuts]'),
    focus_marked: !!(focus && focus.hasAttribute('data-lm-suppress-shortcuts')),
  };
}"""


def test_arrow_keys_stay_in_the_quiz(lab_server: tuple[str, str], context: Any) -> None:
    url, token = lab_server
    page = context.new_page()
    page.goto(f"{url}/lab/workspaces/quiz-keys/tree/{NOTEBOOK}.ipynb?token={token}", timeout=120_000)
    run_all(page, NOTEBOOK)
    first = page.locator(".ow-quiz .ow-quiz-answer input[type=radio]").first
    first.wait_for(timeout=60_000)
    page.wait_for_selector(".ow-quiz[data-lm-suppress-shortcuts]", state="attached", timeout=30_000)
    # Command mode, then the student clicks the first answer choice of the quiz (cell 1 becomes active).
    page.evaluate("() => { window.jupyterapp.shell.currentWidget.content.mode = 'command'; }")
    first.click()
    before = page.evaluate(STATE)
    assert before["mode"] == "command" and before["in_quiz"] and before["checked"] == 0, before
    assert before["root_marked"], before
    page.keyboard.press("ArrowDown")
    after = page.evaluate(STATE)
    # Focus stayed in the quiz, the notebook's active cell did not move, the browser moved the choice.
    assert after["in_quiz"], (before, after)
    assert after["active_cell"] == before["active_cell"], (before, after)
    assert after["checked"] == 1, (before, after)
    page.keyboard.press("ArrowUp")
    back = page.evaluate(STATE)
    assert back["in_quiz"] and back["active_cell"] == before["active_cell"] and back["checked"] == 0, back
    # The next question's choices are drawn later; they are kept from the shortcuts too.
    page.locator(".ow-quiz .ow-quiz-nav button", has_text=TEXT["next"]).click()
    page.wait_for_selector(".ow-quiz .ow-quiz-answer input[type=radio][data-lm-suppress-shortcuts]", timeout=30_000)
    page.evaluate("() => { window.jupyterapp.shell.currentWidget.content.mode = 'command'; }")
    page.locator(".ow-quiz .ow-quiz-answer input[type=radio]").first.click()
    start = page.evaluate(STATE)
    assert start["mode"] == "command" and start["focus_marked"] and start["checked"] == 0, start
    page.keyboard.press("ArrowDown")
    moved = page.evaluate(STATE)
    assert moved["in_quiz"] and moved["active_cell"] == start["active_cell"] and moved["checked"] == 1, moved
    page.close()


def test_cloze_and_highlight_items_are_named_keyboard_usable_and_axe_clean(
    lab_server: tuple[str, str], context: Any
) -> None:
    url, token = lab_server
    page = context.new_page()
    page.goto(f"{url}/lab/workspaces/quiz-items/tree/{ITEMS}.ipynb?token={token}", timeout=120_000)
    run_all(page, NOTEBOOK)
    selects = page.locator(".ow-quiz .ow-quiz-cloze-sentence select")
    selects.first.wait_for(timeout=60_000)
    page.locator(".ow-quiz .ow-quiz-highlight-note input[type=checkbox]").first.wait_for(timeout=60_000)
    # Each drop-down is named by its label (for screen readers), which is not drawn on the screen.
    names = page.evaluate(
        "() => [...document.querySelectorAll('.ow-quiz-cloze-sentence select')].map(s => "
        "{ const l = s.labels[0]; const r = l.getBoundingClientRect(); return [l.textContent.trim(), r.width <= 1]; })"
    )
    assert names == [
        ["The condition the client is most likely experiencing", True],
        ["The first finding that shows it", True],
        ["The second finding that shows it", True],
    ], names
    violations = run_axe(page, ".ow-quiz")
    assert not violations, describe_violations(violations)
    # Keys stay in the quiz: ArrowDown picks the next option of a drop-down, Space ticks a part of the note.
    page.evaluate("() => { window.jupyterapp.shell.currentWidget.content.mode = 'command'; }")
    selects.first.focus()
    before = page.evaluate(STATE)
    page.keyboard.press("ArrowDown")
    after = page.evaluate(STATE)
    assert after["in_quiz"] and after["active_cell"] == before["active_cell"], (before, after)
    assert selects.first.evaluate("s => s.selectedIndex") == 1
    part = page.locator(".ow-quiz .ow-quiz-highlight-note input[type=checkbox]").first
    part.focus()
    before = page.evaluate(STATE)
    page.keyboard.press("Space")
    after = page.evaluate(STATE)
    assert after["in_quiz"] and after["active_cell"] == before["active_cell"], (before, after)
    assert part.is_checked()
    page.close()
