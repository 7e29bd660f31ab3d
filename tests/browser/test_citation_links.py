"""In JupyterLab, a citation in a notebook's text is a link to its entry in the notebook's reference list.

Notebook 00 is opened in ``jupyter lab`` (started as a student would, as in tests/hub/test_lab_offline.py)
and run; the folded section holding the first citation of its text is opened, and that citation,
"NIAMS, 2005", is clicked and the entry with the anchor
``ref-niams2005_coping`` in the References section comes into view. The reference list is one list
(the notebook shows no second list of sources).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from tests.browser.lab_run import EXPOSE_APP, run_all
from tests.hub.test_lab_offline import lab
from tests.serving import ROOT

NOTEBOOK = "00_start_here.ipynb"


def _in_view(page: Any, selector: str) -> bool:
    return bool(
        page.eval_on_selector(
            selector,
            "el => { const r = el.getBoundingClientRect();"
            " return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; }",
        )
    )


def test_a_citation_link_leads_to_its_reference_entry(tmp_path: Path, context: Any) -> None:
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, tmp_path / NOTEBOOK)
    with lab(tmp_path, EXPOSE_APP) as (url, token, _outbound):
        page = context.new_page()
        page.goto(f"{url}/lab/tree/{NOTEBOOK}?token={token}", timeout=120_000)
        run_all(page, NOTEBOOK)
        entry = "li#ref-niams2005_coping"
        page.wait_for_selector(entry, state="attached", timeout=120_000)
        assert page.locator("section.ow-lesson-references").count() == 1
        assert not _in_view(page, entry)
        # The first citation is in "How the content is referenced", a section that opens folded
        # (scripts/fold_notebooks.py): open it as a student does, with its "N cells hidden" button.
        section = page.locator(".jp-MarkdownCell").filter(
            has=page.get_by_role("heading", name="How the content is referenced", exact=True)
        )
        section.locator(".jp-showHiddenCellsButton").dispatch_event("click")
        link = page.locator(".jp-MarkdownCell a[href='#ref-niams2005_coping']").first
        link.wait_for(state="visible", timeout=60_000)
        assert link.text_content() == "NIAMS, 2005"
        link.scroll_into_view_if_needed()
        link.click()
        page.wait_for_function(
            "sel => { const r = document.querySelector(sel).getBoundingClientRect();"
            " return r.top >= 0 && r.bottom <= innerHeight; }",
            arg=entry,
            timeout=10_000,
        )
        assert "NIAMS, 2005" in page.locator(entry).inner_text()
