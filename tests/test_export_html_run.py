"""`make export-html` on the real workshop guide: the notebook runs, and the page it writes names no other
host (every src and href parsed; the only outside addresses are links to the guide's references, which a
reader follows by clicking), has no script, shows the guide with its widgets as still pictures, and in
Chromium with every request but the file itself blocked, opens, asks for nothing else and prints (with
the answer keys that are collapsed on screen open on paper).
A cell that fails stops the export with the notebook's name and the error; nothing is written.

The test that opens the page uses the ``browser`` fixture, so conftest.py marks it ``browser``; the file is
``slow`` (it starts a kernel)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import nbformat
import pytest
from bs4 import BeautifulSoup

from osteo_lib.apps.export_html import ExportError, export_html, export_text
from osteo_lib.content.catalog import load_catalog
from osteo_lib.content.ui import ui_texts
from tests.export_pages import addresses

GUIDE_HEADINGS = ("Session plans", "Learning objectives", "Answer keys", "Common misconceptions", "How to run the room")


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html")
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        ["make", "--no-print-directory", "export-html", f"HTML_DIR={out}"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Wrote 1 HTML pages to {out}/ (2 interactive parts shown as still pictures)" in done.stdout
    return out / "workshop_guide.html"


def _reference_urls() -> set[str]:
    refs = load_catalog().references.values()
    return {r.url for r in refs if r.url} | {f"https://doi.org/{r.doi}" for r in refs if r.doi}


def test_the_guide_names_no_other_host_but_its_references(guide: Path) -> None:
    found = addresses(guide.read_text(encoding="utf-8"))
    assert found.loads == (), found.loads
    assert found.scripts == 0
    assert found.links, "the guide's references are links"
    assert found.links <= _reference_urls(), sorted(found.links - _reference_urls())


def test_the_guide_shows_its_content_and_the_feedback_widgets_as_pictures(guide: Path) -> None:
    soup = BeautifulSoup(guide.read_text(encoding="utf-8"), "html.parser")
    headings = {h.get_text(strip=True).rstrip("¶") for h in soup.find_all("h2")}
    assert set(GUIDE_HEADINGS) <= headings, headings
    snapshots = soup.select(".owb-snapshot")
    assert len(snapshots) == 2
    note = export_text()["widget_note"]
    assert [s.select_one(".owb-snapshot-note").get_text(strip=True) for s in snapshots] == [note, note]
    feedback = ui_texts("feedback")
    assert feedback["form_title"] in snapshots[0].get_text(" ", strip=True)
    assert feedback["useful_title"] in snapshots[0].get_text(" ", strip=True)
    assert feedback["collect_title"] in snapshots[1].get_text(" ", strip=True)


def test_the_guide_opens_in_chromium_with_the_network_blocked(guide: Path, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    blocked: list[str] = []

    def block(route: Any) -> None:  # anything that is not the file itself never leaves the machine
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", block)
    page = context.new_page()
    asked: list[str] = []
    refused: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.on("console", lambda m: refused.append(m.text) if m.type == "error" else None)
    page.goto(guide.as_uri(), wait_until="load")
    assert blocked == [] and asked == [guide.as_uri()], (blocked, asked)
    for heading in GUIDE_HEADINGS:
        assert page.get_by_role("heading", name=heading).first.is_visible(), heading
    note = page.get_by_role("note").first
    assert note.is_visible() and note.inner_text() == export_text()["widget_note"]
    assert page.get_by_text(ui_texts("feedback")["form_title"]).first.is_visible()
    assert page.evaluate("document.scripts.length") == 0
    key = page.locator("details.ow-instr-bank > :not(summary)").first  # an answer key, collapsed on screen
    assert not key.is_visible()
    page.emulate_media(media="print")
    assert key.is_visible(), "the collapsed answer keys do not print"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    assert blocked == [] and asked == [guide.as_uri()], (blocked, asked)  # printing asked for nothing either
    assert refused == [], refused  # nothing refused by the page's Content-Security-Policy either
    context.close()


def test_a_failing_cell_names_the_notebook_and_the_error(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("1 / 0")]
    path = tmp_path / "broken_lesson.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(ExportError, match=r"broken_lesson\.ipynb: a cell failed .*ZeroDivisionError"):
        export_html([path], tmp_path / "html")
    assert not (tmp_path / "html").exists()
