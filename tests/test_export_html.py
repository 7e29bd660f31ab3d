"""The offline HTML export (osteo_lib/apps/export_html.py, `osteo-workbook export-html`) of notebooks that
already hold their outputs (no kernel here; tests/test_export_html_run.py runs the workshop guide):
no script and no address of another host in the page, a Content-Security-Policy that forbids both,
widgets drawn from their saved state (real ipywidgets) under a note, pictures written into the page, and
clear errors that write nothing."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import nbformat
import pytest
from bs4 import BeautifulSoup
from ipywidgets.embed import dependency_state, embed_data

from osteo_lib.apps.cli import main
from osteo_lib.apps.export_html import ExportError, export_html, export_text
from osteo_lib.views.widget_snapshot import WIDGET_STATE, WIDGET_VIEW, snapshot_tree
from tests.export_pages import addresses

#: A 1x1 PNG.
DOT = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
NOTE = export_text()["widget_note"]


def _widget_output() -> tuple[dict[str, Any], dict[str, Any]]:
    """The output and saved state of a real widget tree, in the format nbclient stores them."""
    form = widgets.VBox(
        [
            widgets.HTML("<p class='probe'>Rate <b>today</b></p>"),
            widgets.Label("<b>not bold</b>"),
            widgets.HTML("<p>hidden part</p>", layout=widgets.Layout(display="none")),
            widgets.HBox(
                [
                    widgets.Dropdown(options=["Heat pack", "Cold pack"], description="Method"),
                    widgets.Button(description="Save my answers"),
                ]
            ),
            widgets.Textarea(value="typed before saving", description="Notes"),
        ]
    )
    data = embed_data(views=[form], state=dependency_state([form]))  # this tree only, not every live widget
    output = nbformat.v4.new_output(
        "display_data", data={WIDGET_VIEW: data["view_specs"][0], "text/plain": "VBox(children=(HTML(value=...),))"}
    )
    return output, data["manager_state"]


@pytest.fixture()
def notebook(tmp_path: Path) -> Path:
    output, state = _widget_output()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Offline page\n\nA picture: ![a dot](dot.png)"),
        nbformat.v4.new_code_cell("FeedbackForm()", outputs=[output], execution_count=1),
        nbformat.v4.new_code_cell("1 + 1", outputs=[], execution_count=2),
    ]
    nb.metadata["widgets"] = {WIDGET_STATE: state}
    (tmp_path / "dot.png").write_bytes(DOT)
    path = tmp_path / "lesson.ipynb"
    nbformat.write(nb, path)
    return path


def test_the_page_has_no_script_and_names_no_other_host(notebook: Path, tmp_path: Path) -> None:
    report = export_html([notebook], tmp_path / "html", execute=False)
    assert report.written == (tmp_path / "html" / "lesson.html",) and report.widgets == 1
    html = report.written[0].read_text(encoding="utf-8")
    found = addresses(html)
    assert found.scripts == 0 and found.loads == () and found.links == frozenset(), found
    for host in ("unpkg.com", "cdnjs.cloudflare.com", "cdn.jsdelivr.net", "require.js", "mathjax", "mermaid"):
        assert host not in html.lower(), host
    assert WIDGET_STATE not in html and WIDGET_VIEW not in html
    csp = BeautifulSoup(html, "html.parser").find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert csp is not None and "default-src 'none'" in csp["content"] and "script-src" not in csp["content"]
    assert "<h1" in html and "Offline page" in html


def test_a_widget_becomes_a_still_picture_of_what_it_showed_under_the_note(notebook: Path, tmp_path: Path) -> None:
    html = export_html([notebook], tmp_path / "html", execute=False).written[0].read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    (snapshot,) = soup.select(".owb-snapshot")
    assert snapshot.select_one(".owb-snapshot-note").get_text(strip=True) == NOTE
    probe = snapshot.select_one("p.probe")
    assert probe is not None and probe.b.get_text() == "today"  # the HTML widget's own HTML
    text = snapshot.get_text(" ", strip=True)
    assert "<b>not bold</b>" in text  # a Label's text is text, escaped
    assert "hidden part" not in text  # hidden by its layout, as in JupyterLab
    controls = {c["data-model"]: c.get_text(" ", strip=True) for c in snapshot.select(".owb-snapshot-control")}
    assert controls["DropdownModel"] == "Method Heat pack Cold pack"
    assert controls["ButtonModel"] == "Save my answers"
    assert controls["TextareaModel"] == "Notes typed before saving"
    assert "VBox(children" not in html  # the plain-text repr is not what readers get


def test_a_widget_without_saved_state_shows_the_note_only(notebook: Path, tmp_path: Path) -> None:
    nb = nbformat.read(notebook, as_version=4)
    del nb.metadata["widgets"]
    nbformat.write(nb, notebook)
    html = export_html([notebook], tmp_path / "html", execute=False).written[0].read_text(encoding="utf-8")
    (snapshot,) = BeautifulSoup(html, "html.parser").select(".owb-snapshot")
    assert snapshot.get_text(" ", strip=True) == NOTE
    assert snapshot_tree("nothing", {}).kind == "missing"


def test_a_box_that_contains_itself_does_not_loop() -> None:
    models = {"a": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_a"]}}}
    depth, node = 0, snapshot_tree("a", models)
    while node.children:
        depth, node = depth + 1, node.children[0]
    assert node.kind == "missing" and depth > 10


def test_pictures_in_markdown_are_written_into_the_page(notebook: Path, tmp_path: Path) -> None:
    html = export_html([notebook], tmp_path / "html", execute=False).written[0].read_text(encoding="utf-8")
    img = BeautifulSoup(html, "html.parser").find("img", alt="a dot")
    assert img is not None and img["src"] == "data:image/png;base64," + base64.b64encode(DOT).decode()


def test_problems_name_the_file_and_write_nothing(notebook: Path, tmp_path: Path) -> None:
    out = tmp_path / "html"
    missing = tmp_path / "nowhere.ipynb"
    with pytest.raises(ExportError, match=r"nowhere\.ipynb is missing"):
        export_html([notebook, missing], out, execute=False)
    assert not out.exists()  # the first notebook's page was not written either
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ExportError, match=r"broken\.ipynb is not a notebook"):
        export_html([broken], out, execute=False)
    out.write_text("a file", encoding="utf-8")
    with pytest.raises(ExportError, match=r"html exists and is not a folder"):
        export_html([notebook], out, execute=False)
    assert out.read_text(encoding="utf-8") == "a file"


def test_the_command_line_writes_the_pages_and_reports_problems(
    notebook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pages"
    assert main(["export-html", "--no-execute", "--out", str(out), str(notebook)]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"Wrote 1 HTML pages to {out}/ (1 interactive parts") and (out / "lesson.html").is_file()
    assert main(["export-html", "--no-execute", "--out", str(out), str(tmp_path / "gone.ipynb")]) == 1
    error = capsys.readouterr().err
    assert error.startswith("osteo-workbook export-html: error: ") and "gone.ipynb is missing" in error


def test_the_default_is_the_workshop_guide_into_build_html(root: Path) -> None:
    from osteo_lib.apps.export_html import DEFAULT_NOTEBOOKS, DEFAULT_OUT

    assert [str(p) for p in DEFAULT_NOTEBOOKS] == ["notebooks/instructor/workshop_guide.ipynb"]
    assert (root / DEFAULT_NOTEBOOKS[0]).is_file() and str(DEFAULT_OUT) == "build/html"
    makefile = (root / "Makefile").read_text(encoding="utf-8")
    assert f"HTML_NOTEBOOKS ?= {DEFAULT_NOTEBOOKS[0]}\nHTML_DIR ?= {DEFAULT_OUT}\n" in makefile
    assert json.loads((root / "share/jupyter/nbconvert/templates/osteo_offline/conf.json").read_text()) == {
        "base_template": "lab",
        "mimetypes": {"text/html": True},
    }


def test_links_to_the_checkouts_files_still_lead_there_from_the_output_folder(notebook: Path, tmp_path: Path) -> None:
    nb = nbformat.read(notebook, as_version=4)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide notes.md").write_text("# Notes\n", encoding="utf-8")
    nb.cells.append(
        nbformat.v4.new_markdown_cell(
            "[notes](docs/guide%20notes.md#running-a-room) [same page](#offline-page) "
            "[web](https://example.org/a.md) [gone](docs/missing.md) [root](/docs/x.md)"
        )
    )
    nbformat.write(nb, notebook)
    for out in (tmp_path / "html", tmp_path / "a" / "b" / "c"):
        page = BeautifulSoup(export_html([notebook], out, execute=False).written[0].read_text("utf-8"), "html.parser")
        links = {a.get_text(): str(a["href"]) for a in page.select(".jp-MarkdownCell a") if a.get_text()}
        path, _, fragment = links["notes"].partition("#")
        assert fragment == "running-a-room" and not path.startswith("/")
        assert (out / path.replace("%20", " ")).resolve() == (tmp_path / "docs" / "guide notes.md").resolve()
        assert links["same page"] == "#offline-page" and links["web"] == "https://example.org/a.md"
        assert links["gone"] == "docs/missing.md" and links["root"] == "/docs/x.md"
