"""Printable handouts for a class or a drop-in (``make handouts``, ``osteo-workbook handouts``).

Writes, into one folder:

* ``patient-handout.html``: the dashboard's main message, when to get help (911 first), questions to ask
  and a blank one-week pain diary (:func:`osteo_lib.views.handouts.patient_handout`);
* ``instructor/rubrics.html`` and ``instructor/osce-station.html``: the assessment kit of
  ``data/assessment_kit.yaml`` (rubrics for the written tasks; an OSCE station with its PEARLS debrief),
  and ``instructor/model-answers.html``: the model answers to every "Try this" question
  (``data/model_answers.yaml``). The ``instructor/`` folder is not for students;
* ``student-<notebook>.html`` for each teaching notebook of ``data/notebooks.yaml``: its learning
  objectives, summary (key points) and "Try this" question, read from the notebook's own Markdown, and its
  knowledge check with space to answer — stems and options only, never the key
  (:func:`osteo_lib.views.handouts.student_handout`).

Each page is self-contained (styles inside, no script, no outside request) and prints on A4 or Letter
from any browser (File, Print). Problems (a notebook missing a section, an output folder that is a file)
raise :class:`HandoutError` naming the file and what is missing; nothing is written then.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import nbformat
from markupsafe import Markup
from nbconvert.filters.markdown import markdown2html

from osteo_lib.content.assessment_kit import load_assessment_kit
from osteo_lib.content.catalog import load_catalog
from osteo_lib.content.dashboard import load_dashboard
from osteo_lib.content.model_answers import load_model_answers
from osteo_lib.content.notebooks import load_notebooks
from osteo_lib.content.quiz import load_banks
from osteo_lib.content.ui import ui_texts
from osteo_lib.views.handouts import (
    NotebookParts,
    model_answers_page,
    osce_page,
    patient_handout,
    rubrics_page,
    student_handout,
)

__all__ = ["INSTRUCTOR_DIR", "PATIENT_FILE", "HandoutError", "HandoutReport", "notebook_parts", "write_handouts"]

PATIENT_FILE: Final = "patient-handout.html"
INSTRUCTOR_DIR: Final = "instructor"
_ROOT: Final = Path(__file__).resolve().parents[2]
_SECTIONS: Final = {"objectives": "## Learning objectives", "key_points": "## Summary"}
_CHECK: Final = "## Knowledge check"
_LINK: Final = re.compile(r"\[([^\]]+)\]\(#[^)]*\)")  # a link inside the notebook: its words stay, the link goes
_QUESTION: Final = re.compile(r"\*\*Question:\*\*(.*)", re.S)
_read: Callable[..., nbformat.NotebookNode] = nbformat.read  # nbformat has no type hints


class HandoutError(ValueError):
    """A handout cannot be made: the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class HandoutReport:
    out: Path
    files: tuple[Path, ...]

    def describe(self) -> str:
        return ui_texts("handouts_cli").format("written", count=len(self.files), out=self.out)


def _html(markdown: str) -> Markup:
    return Markup(markdown2html(_LINK.sub(r"\1", markdown)))  # the workbook's own notebooks: trusted Markdown


def _body(source: str) -> str:
    """A section's Markdown without its heading and its lead-in line ("By the end of this notebook ...:")."""
    lines = source.strip().splitlines()[1:]
    return "\n".join(ln for ln in lines if not ln.rstrip().endswith(":") or ln.lstrip()[:1] in "-*0123456789").strip()


def notebook_parts(path: Path, title: str, minutes: int) -> NotebookParts:
    """Objectives, key points and the "Try this" question of one notebook, as HTML."""
    label = f"{path.parent.name}/{path.name}"
    text = ui_texts("handouts_cli")
    if not path.is_file():
        raise HandoutError(text.format("missing_notebook", path=label))
    nb = _read(path, as_version=4)
    found: dict[str, Markup] = {}
    try_this = Markup("")
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        source = cell.source.lstrip()
        for key, heading in _SECTIONS.items():
            if source.startswith(heading + "\n") or source == heading:
                found[key] = _html(_body(source))
        if source.startswith(_CHECK):
            m = _QUESTION.search(source)
            if m:
                question = " ".join(ln.lstrip("> ").strip() for ln in m.group(1).splitlines())
                try_this = _html(question.strip())
    missing = [heading for key, heading in _SECTIONS.items() if not str(found.get(key, "")).strip()]
    if missing:
        raise HandoutError(text.format("missing_section", path=label, sections=", ".join(missing)))
    return NotebookParts(
        file=path.stem,
        title=title,
        minutes=minutes,
        objectives=found["objectives"],
        key_points=found["key_points"],
        try_this=try_this,
    )


def write_handouts(out: Path, notebooks: Path | None = None, only: Sequence[str] = ()) -> HandoutReport:
    """Write the patient handout and every notebook's student handout into ``out`` (made if missing)."""
    text = ui_texts("handouts_cli")
    folder = notebooks if notebooks is not None else _ROOT / "notebooks"
    if out.exists() and not out.is_dir():
        raise HandoutError(text.format("out_not_folder", out=out))
    catalog = load_catalog()
    banks = {bank.notebook: bank for bank in load_banks(catalog).values() if bank.notebook}
    pages: dict[str, str] = {PATIENT_FILE: patient_handout(load_dashboard(catalog), catalog)}
    kit = load_assessment_kit(catalog=catalog)
    titles = {info.file: info.title for info in load_notebooks()}
    pages[f"{INSTRUCTOR_DIR}/rubrics.html"] = rubrics_page(kit, catalog, titles)
    pages[f"{INSTRUCTOR_DIR}/osce-station.html"] = osce_page(kit, catalog)
    pages[f"{INSTRUCTOR_DIR}/model-answers.html"] = model_answers_page(
        load_model_answers(catalog=catalog), catalog, titles
    )
    for info in load_notebooks():
        if only and info.file not in only:
            continue
        parts = notebook_parts(folder / f"{info.file}.ipynb", info.title, info.minutes)
        pages[f"student-{info.file}.html"] = student_handout(parts, banks.get(info.file))
    (out / INSTRUCTOR_DIR).mkdir(parents=True, exist_ok=True)
    files = []
    for name, html in pages.items():
        (out / name).write_text(html, encoding="utf-8")
        files.append(out / name)
    return HandoutReport(out=out, files=tuple(files))
