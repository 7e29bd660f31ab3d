"""Every teaching notebook, run in JupyterLab as a student runs it (Run All Cells), has no WCAG 2.1 A/AA
problem that axe-core finds in what the workbook puts on the page: the rendered Markdown and every cell's
output (the widgets: quiz, explorers, simulators, diary). JupyterLab's own toolbars and menus are
JupyterLab's to answer for and are left out of the scan."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from osteo_lib.content.notebooks import load_notebooks
from tests.browser.conftest import AXE, describe_violations
from tests.browser.lab_run import EXPOSE_APP, run_all
from tests.hub.test_lab_offline import lab
from tests.serving import ROOT

NOTEBOOKS = [n.file for n in load_notebooks()]
SCOPE = {"include": [[".jp-Notebook .jp-RenderedMarkdown"], [".jp-Notebook .jp-OutputArea-output"]]}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    root = tmp_path_factory.mktemp("lab-axe")
    for name in NOTEBOOKS:
        shutil.copy(ROOT / "notebooks" / f"{name}.ipynb", root / f"{name}.ipynb")
    with lab(root, EXPOSE_APP) as (url, token, _outbound):
        yield url, token


def _run_all(page: Any, name: str) -> None:
    run_all(page, name)
    page.wait_for_selector("section.ow-lesson-references", state="attached", timeout=60_000)
    # The sections outside the class core open folded (scripts/fold_notebooks.py); a student can open
    # them, and axe skips what is not displayed, so open every one before the scan.
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:expand-all-headings')")
    page.wait_for_function(
        "() => window.jupyterapp.shell.currentWidget.content.widgets.every(c => !c.isHidden)", timeout=60_000
    )


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_content_has_no_axe_violation(lab_server: tuple[str, str], context: Any, name: str) -> None:
    url, token = lab_server
    page = context.new_page()
    # A workspace of its own, so JupyterLab does not reopen the notebooks of earlier tests beside it.
    page.goto(f"{url}/lab/workspaces/axe-{name}/tree/{name}.ipynb?token={token}", timeout=120_000)
    _run_all(page, name)
    # JupyterLab draws only the cells in view (windowed notebook); scroll through so every output exists.
    page.evaluate(
        "async () => { const s = document.querySelector('.jp-WindowedPanel-outer') || document.scrollingElement;"
        " for (let y = 0; y <= s.scrollHeight; y += 600) {"
        " s.scrollTop = y; await new Promise(r => setTimeout(r, 30)); } }"
    )
    assert page.locator(".jp-OutputArea-output .jupyter-widgets, .jp-OutputArea-output .ow-lesson").count() > 0
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    options = {"runOnly": {"type": "tag", "values": TAGS}}
    result = page.evaluate(f"async () => await window.axe.run({json.dumps(SCOPE)}, {json.dumps(options)})")
    violations = list(result["violations"])
    assert not violations, f"{name}: " + describe_violations(violations)
    page.close()
