"""The drag-and-drop items in JupyterLab: a drag_drop item (tokens into the gaps of a sentence) and an
ordering item (steps into a numbered list) answered by keyboard alone and by mouse drag (HTML5 drag and
drop), checked, and run through axe. Every wait is for a condition on the page, never for a time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest

from osteo_lib.content.quiz import load_bank
from osteo_lib.content.ui import ui_texts
from tests.browser.conftest import describe_violations, run_axe
from tests.browser.lab_run import EXPOSE_APP, run_all
from tests.hub.test_lab_offline import lab

NOTEBOOK = "quiz_drag"
TEXT = ui_texts("quiz")
BANK = load_bank("medications")
DRAG, ORDER = BANK.item("med_22"), BANK.item("med_23")


def _write_notebooks(folder: Path) -> None:
    """One notebook per item, each showing the medications quiz opened at that item."""
    for item in (DRAG, ORDER):
        nb = nbformat.v4.new_notebook()
        nb.cells = [
            nbformat.v4.new_code_cell(
                "from osteo_lib.views.widgets.quiz import KnowledgeCheck\n"
                'check = KnowledgeCheck("medications", seed="ben")\n'
                f'check.index = [i.id for i in check.bank.items].index("{item.id}")\n'
                "check"
            )
        ]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, folder / f"{NOTEBOOK}_{item.type}.ipynb")


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    root = tmp_path_factory.mktemp("lab-quiz-drag")
    _write_notebooks(root)
    with lab(root, EXPOSE_APP) as (url, token, _outbound):
        yield url, token


def _open(lab_server: tuple[str, str], context: Any, kind: str) -> Any:
    """A page with the notebook of the ``kind`` item run, once its board is drawn."""
    url, token = lab_server
    page = context.new_page()
    name = f"{NOTEBOOK}_{kind}"
    page.goto(f"{url}/lab/workspaces/{name.replace('_', '-')}/tree/{name}.ipynb?token={token}", timeout=120_000)
    run_all(page, name)
    page.locator(".ow-quiz .ow-dd button.ow-dd__token").first.wait_for(timeout=60_000)
    return page


def _token(quiz: Any, text: str) -> Any:
    return quiz.locator("button.ow-dd__token", has_text=text)


def _press(page: Any, locator: Any, key: str = "Enter") -> None:
    locator.focus()
    page.keyboard.press(key)


def test_drag_drop_by_keyboard_with_announcements_then_axe(lab_server: tuple[str, str], context: Any) -> None:
    page = _open(lab_server, context, "drag_drop")
    quiz = page.locator(".ow-quiz")
    gaps = quiz.locator("button.ow-dd__gap")
    assert gaps.count() == len(DRAG.blanks)
    # The trend table is on the page, with a header cell per time point.
    assert quiz.locator("table.ow-quiz-trend thead th").count() == len(DRAG.trend.times) + 1 if DRAG.trend else False
    for blank in DRAG.blanks:
        token = DRAG.token(blank.right).text
        _press(page, _token(quiz, token))  # Enter picks the token up
        quiz.locator("button.ow-dd__token[aria-pressed=true]", has_text=token).wait_for(timeout=30_000)
        live = quiz.locator(".ow-dd-live")
        assert live.get_attribute("role") == "status" and live.get_attribute("aria-live") == "polite"
        page.wait_for_function(
            "([el, words]) => el.textContent === words",
            arg=[live.element_handle(), TEXT.format("dd_picked", token=token)],
            timeout=30_000,
        )
        gap = quiz.locator(f'button.ow-dd__gap[data-gap="{blank.id}"]')
        _press(page, gap, "Space")  # Space (or Enter) on a gap puts it there
        quiz.locator(f'button.ow-dd__gap--filled[data-gap="{blank.id}"]', has_text=token).wait_for(timeout=30_000)
        # The focus follows the token into its gap, and the gap's name says what it holds.
        page.wait_for_function(
            "gap => document.activeElement && document.activeElement.getAttribute('data-gap') === gap",
            arg=blank.id,
            timeout=30_000,
        )
        assert token in (quiz.locator(f'button[data-gap="{blank.id}"]').get_attribute("aria-label") or "")
    violations = run_axe(page, ".ow-quiz")
    assert not violations, describe_violations(violations)
    _press(page, quiz.locator("button", has_text=TEXT["check"]).first)
    quiz.locator(".ow-quiz-feedback", has_text=TEXT["right"]).wait_for(timeout=30_000)
    assert quiz.locator("button.ow-dd__gap:disabled").count() == len(DRAG.blanks)  # locked once checked
    page.close()


def test_ordering_by_mouse_drag_and_keyboard_moves(lab_server: tuple[str, str], context: Any) -> None:
    page = _open(lab_server, context, "ordering")
    quiz = page.locator(".ow-quiz")
    right = [ORDER.choice(c).text for c in ORDER.order]
    steps = quiz.locator("li.ow-dd__step .ow-dd__step-text")
    # The mouse: drag the second step onto the empty list, then the first one onto it (it goes before).
    _token(quiz, right[1]).drag_to(quiz.locator(".ow-dd__order"))
    quiz.locator("li.ow-dd__step", has_text=right[1]).wait_for(timeout=30_000)
    _token(quiz, right[0]).drag_to(quiz.locator("li.ow-dd__step", has_text=right[1]))
    page.wait_for_function(
        "([root, want]) => [...root.querySelectorAll('li.ow-dd__step .ow-dd__step-text')]"
        ".map(s => s.textContent).join('|') === want",
        arg=[quiz.element_handle(), "|".join(right[:2])],
        timeout=30_000,
    )
    # The keyboard: Enter adds the last step at the end, then the one before it; Up moves it above.
    for text in (right[3], right[2]):
        _press(page, _token(quiz, text))
        quiz.locator("li.ow-dd__step", has_text=text).wait_for(timeout=30_000)
    assert steps.all_text_contents() == [right[0], right[1], right[3], right[2]]
    _press(page, quiz.locator("button.ow-dd__move[aria-label]", has_text=TEXT["dd_up"]).last)
    page.wait_for_function(
        "([root, want]) => [...root.querySelectorAll('li.ow-dd__step .ow-dd__step-text')]"
        ".map(s => s.textContent).join('|') === want",
        arg=[quiz.element_handle(), "|".join(right)],
        timeout=30_000,
    )
    # The focus stayed on a move button of the step that moved; the live region says its new place.
    focused = page.evaluate("() => document.activeElement && document.activeElement.getAttribute('data-token')")
    assert focused == ORDER.order[2]
    live = quiz.locator(".ow-dd-live")
    assert live.text_content() == TEXT.format("dd_position", token=right[2], n=3, total=len(right))
    violations = run_axe(page, ".ow-quiz")
    assert not violations, describe_violations(violations)
    _press(page, quiz.locator("button", has_text=TEXT["check"]).first)
    quiz.locator(".ow-quiz-feedback", has_text=TEXT["right"]).wait_for(timeout=30_000)
    page.close()
