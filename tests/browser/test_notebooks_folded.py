"""In JupyterLab, a teaching notebook opens on its core: a folded section's widget stays out of sight until
the student opens it (the "N cells hidden" button under its heading), and the code of every cell but the
Imports cell is hidden while its widget shows.

Notebook 03 is opened in ``jupyter lab`` (started as a student would, as in tests/hub/test_lab_offline.py)
and run with Run All Cells. Its "TENS" section is folded by scripts/fold_notebooks.py
(``jp-MarkdownHeadingCollapsed``); "Heat and cold" is core and open. The metadata themselves are checked
by tests/test_notebooks_folding.py; this checks what JupyterLab makes of them.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.browser.lab_run import EXPOSE_APP, run_all
from tests.hub.test_lab_offline import lab
from tests.serving import ROOT

NOTEBOOK = "03_physical_methods.ipynb"
FOLDED = "TENS (transcutaneous electrical nerve stimulation)"
CORE = "Heat and cold"


def _heading_cell(page: Any, text: str) -> Any:
    return page.locator(".jp-MarkdownCell").filter(has=page.get_by_role("heading", name=text, exact=True))


def test_a_folded_section_opens_on_its_button_and_code_is_hidden(tmp_path: Path, context: Any) -> None:
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, tmp_path / NOTEBOOK)
    with lab(tmp_path, EXPOSE_APP) as (url, token, _outbound):
        page = context.new_page()
        page.goto(f"{url}/lab/tree/{NOTEBOOK}?token={token}", timeout=120_000)
        run_all(page, NOTEBOOK)
        # Mark the only code cell of the folded section (its output is the TENS card) to find it in the page.
        page.evaluate(
            """heading => { const cells = [...window.jupyterapp.shell.currentWidget.content.widgets];
              const at = cells.findIndex(c => c.model.sharedModel.getSource().startsWith('## ' + heading));
              cells.slice(at + 1).find(c => c.model.type === 'code').node.setAttribute('data-test', 'folded'); }""",
            FOLDED,
        )
        card = page.locator("[data-test=folded] .jp-OutputArea-output")
        folded = _heading_cell(page, FOLDED)
        folded.scroll_into_view_if_needed()
        # What "Time to learn" tells the student: a button "N cells hidden" under the folded heading.
        opener = folded.locator(".jp-showHiddenCellsButton")
        expect(opener).to_have_text(re.compile(r"^\s*\d+ cells? hidden\s*$"), timeout=30_000)
        expect(opener).to_be_visible()
        assert card.count() == 1 and not card.is_visible(), "the folded section's widget is visible"
        # The page still settles while the outputs above render, so the click is sent to the button itself
        # rather than to a screen position.
        opener.dispatch_event("click")
        card.wait_for(state="visible", timeout=60_000)
        assert opener.count() == 0 and not folded.locator(".jp-collapseHeadingButton.jp-mod-collapsed").count()
        # A core section is open: its widget (the heat and cold helper) shows, its code does not.
        page.evaluate(
            """() => [...window.jupyterapp.shell.currentWidget.content.widgets]
              .find(c => c.model.sharedModel.getSource() === 'HeatColdHelper()')
              .node.setAttribute('data-test', 'core')"""
        )
        helper = page.locator("[data-test=core]")
        _heading_cell(page, CORE).scroll_into_view_if_needed()
        helper.scroll_into_view_if_needed()
        expect(helper.locator(".jp-OutputArea-output .jupyter-widgets").first).to_be_visible()
        expect(helper.locator(".jp-InputPlaceholder")).to_be_visible()
        expect(helper.locator(".jp-InputArea-editor")).to_be_hidden()
        # Every code cell but the Imports cell is shown as a placeholder; the Imports cell shows its code.
        counts = page.evaluate(
            "() => { const cells = [...window.jupyterapp.shell.currentWidget.content.widgets]"
            ".filter(c => c.model.type === 'code');"
            " return {code: cells.length, hidden: cells.filter(c => c.inputHidden).length,"
            " first: cells[0].inputHidden, firstSource: cells[0].model.sharedModel.getSource()}; }"
        )
        assert counts["first"] is False and "from osteo_lib" in counts["firstSource"], counts
        assert counts["hidden"] == counts["code"] - 1, counts
