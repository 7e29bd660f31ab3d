"""Notebooks as HTML pages that open and print with no network (``make export-html``,
``osteo-workbook export-html``).

JupyterLab's "Save and Export Notebook As... HTML" and ``jupyter nbconvert --to html`` write pages that load
require.js, the widgets' HTML manager, MathJax and Mermaid from public CDNs (cdnjs.cloudflare.com,
unpkg.com): offline, or on a network that blocks them, the widgets stay blank, and every reader's browser
tells those hosts who opened the page. This export uses nbconvert's own ``HTMLExporter`` with:

* the template ``osteo_offline`` (``share/jupyter/nbconvert/templates/osteo_offline/``): nbconvert's ``lab``
  template without any of those scripts, with a Content-Security-Policy that forbids every script and
  every request beyond the page itself;
* :class:`StaticWidgetsPreprocessor`: each widget output becomes a still picture drawn from the widget
  state the run saved (:func:`osteo_lib.views.widget_snapshot.widget_snapshot`), under a note saying it
  works only in JupyterLab (``data/ui/export_html.yaml``);
* ``embed_images``: pictures in Markdown cells are written into the page;
* links to the checkout's own files (``../../README.md#running-a-room`` in the guide) are rewritten for where
  the page is written (:func:`relink`), so they still lead to the file from ``build/html/`` or any other folder.

Notebooks are committed without outputs, so each one is run first (nbconvert's ``ExecutePreprocessor``
in the notebook's folder, which keeps the widgets' state); ``execute=False`` keeps the outputs a notebook
already holds. Problems (a missing notebook, a cell that fails, an output path that is a file) raise
:class:`ExportError` naming the file; nothing is written then.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote, unquote

import nbformat
from nbconvert.exporters import HTMLExporter
from nbconvert.preprocessors import CellExecutionError, ExecutePreprocessor, Preprocessor
from traitlets import Unicode
from traitlets.config import Config

from osteo_lib.content.ui import UiTexts, ui_texts
from osteo_lib.views.widget_snapshot import WIDGET_STATE, WIDGET_VIEW, widget_snapshot

__all__ = [
    "CELL_TIMEOUT",
    "DEFAULT_NOTEBOOKS",
    "DEFAULT_OUT",
    "TEMPLATE",
    "TEMPLATES_DIR",
    "ExportError",
    "ExportReport",
    "StaticWidgetsPreprocessor",
    "export_html",
    "export_text",
    "notebook_html",
    "relink",
]

_ROOT: Final = Path(__file__).resolve().parents[2]
#: Where the checkout keeps the template (an installed wheel puts it in the environment's
#: share/jupyter/nbconvert/templates/, which nbconvert searches anyway).
TEMPLATES_DIR: Final = _ROOT / "share" / "jupyter" / "nbconvert" / "templates"
TEMPLATE: Final = "osteo_offline"
DEFAULT_NOTEBOOKS: Final = (Path("notebooks") / "instructor" / "workshop_guide.ipynb",)
DEFAULT_OUT: Final = Path("build") / "html"
#: Seconds one cell may run before the export gives up on the notebook.
CELL_TIMEOUT: Final = 300
_read: Callable[..., nbformat.NotebookNode] = nbformat.read  # nbformat has no type hints


def export_text() -> UiTexts:
    """The words of the export (``data/ui/export_html.yaml``)."""
    return ui_texts("export_html")


class ExportError(Exception):
    """A notebook could not be exported; the message names the file and the problem."""


class StaticWidgetsPreprocessor(Preprocessor):
    """Replaces every widget output by a still picture of the widget (HTML, no script) and drops the
    notebook's saved widget state, so the page needs no widget script. Counts what it replaced."""

    note = Unicode().tag(config=True)  #: the note shown above each widget's picture

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)  # type: ignore[no-untyped-call]  # nbconvert's classes have no hints
        self.replaced = 0

    def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
        state = nb.metadata.get("widgets", {}).get(WIDGET_STATE)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if WIDGET_VIEW in data:
                    data["text/html"] = str(widget_snapshot(data.pop(WIDGET_VIEW), state, self.note))
                    self.replaced += 1
        nb.metadata.pop("widgets", None)
        return nb, resources


@dataclass(frozen=True)
class ExportReport:
    """What :func:`export_html` wrote: the pages, and how many widgets became still pictures."""

    out: Path
    written: tuple[Path, ...]
    widgets: int

    def describe(self) -> str:
        return export_text().format("written", count=len(self.written), out=self.out, widgets=self.widgets)


def _exporter(note: str) -> tuple[HTMLExporter, StaticWidgetsPreprocessor]:
    config = Config()
    config.HTMLExporter.template_name = TEMPLATE
    config.HTMLExporter.extra_template_basedirs = [str(TEMPLATES_DIR)]
    config.HTMLExporter.embed_images = True
    exporter = HTMLExporter(config=config)  # type: ignore[no-untyped-call]
    widgets = StaticWidgetsPreprocessor(note=note)
    exporter.register_preprocessor(widgets, enabled=True)  # type: ignore[no-untyped-call]
    return exporter, widgets


def notebook_html(path: Path, execute: bool = True) -> tuple[str, int]:
    """The offline HTML page of the notebook at ``path`` and the number of widgets drawn as pictures."""
    text = export_text()
    if not path.is_file():
        raise ExportError(text.format("missing_notebook", path=path))
    try:
        nb = _read(path, as_version=4)
    except Exception as exc:  # nbformat raises JSON, validation and decoding errors of its own
        raise ExportError(text.format("not_notebook", path=path, problem=exc)) from exc
    if execute:
        # The kernel talks to the exporter over CurveZMQ-encrypted sockets, like Voila's (voila.json): without
        # it the kernel prints a warning about unencrypted TCP in the middle of the command's report.
        config = Config({"KernelManager": {"transport_encryption": "required"}})
        runner = ExecutePreprocessor(  # type: ignore[no-untyped-call]
            config=config, timeout=CELL_TIMEOUT, store_widget_state=True
        )
        try:
            runner.preprocess(nb, {"metadata": {"path": str(path.resolve().parent)}})
        except CellExecutionError as exc:
            problem = f"{exc.ename}: {exc.evalue}"
            raise ExportError(text.format("cell_failed", path=path, problem=problem)) from exc
    exporter, widgets = _exporter(text["widget_note"])
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem, "path": str(path.parent)}})
    return body, widgets.replaced


_HREF: Final = re.compile(r'href="([^"]*)"')


def relink(page: str, source: Path, out: Path) -> str:
    """``page`` (HTML made from a notebook in folder ``source``) with each relative link to an existing file
    made relative to ``out``, the folder the page is written to. Links with a scheme or host, to a place in the
    page (``#...``), from the root (``/...``) or to a file that does not exist are left as they are."""

    def moved(match: re.Match[str]) -> str:
        link = html.unescape(match.group(1))
        path, _, fragment = link.partition("#")
        if not path or path.startswith("/") or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", path) or "?" in path:
            return match.group(0)
        target = (source / unquote(path)).resolve()
        if not target.exists():
            return match.group(0)
        new = quote(Path(os.path.relpath(target, out.resolve())).as_posix()) + (f"#{fragment}" if fragment else "")
        return f'href="{html.escape(new, quote=True)}"'

    return _HREF.sub(moved, page)


def export_html(
    notebooks: Sequence[Path] = DEFAULT_NOTEBOOKS, out: Path = DEFAULT_OUT, execute: bool = True
) -> ExportReport:
    """Write ``<out>/<notebook name>.html`` for each notebook; every page is made before any is written."""
    if out.exists() and not out.is_dir():
        raise ExportError(export_text().format("out_not_folder", out=out))
    pages: dict[Path, str] = {}
    widgets = 0
    for path in notebooks:
        body, replaced = notebook_html(path, execute)
        pages[out / f"{path.stem}.html"] = relink(body, path.resolve().parent, out)
        widgets += replaced
    out.mkdir(parents=True, exist_ok=True)
    for target, body in pages.items():
        target.write_text(body, encoding="utf-8")
    return ExportReport(out=out, written=tuple(pages), widgets=widgets)
