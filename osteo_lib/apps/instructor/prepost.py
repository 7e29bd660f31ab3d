"""The pre-test and post-test: two parallel forms from the question banks, and a per-objective score report.

::

    osteo-workbook prepost forms --out build/prepost
    osteo-workbook prepost report answers-pre-anna.json answers-post-anna.json

``forms`` splits the banks of the teaching notebooks with :func:`osteo_lib.care.prepost.split_forms`
(the same objectives in both forms, different items, balanced by Bloom level and item type) and writes

* ``pre-test-form-a.html`` and ``post-test-form-b.html``: printable forms (no answers);
* ``forms.csv``: one row per item (form, position, item, bank, objective, Bloom level, type);
* ``lms/``: both forms as a QTI 1.2 package and Moodle XML (:func:`osteo_lib.apps.lms_export.export_lms`,
  one assessment or category per form).

``report`` reads two answer files of the workbook's format (:mod:`osteo_lib.care.quiz_answers`),
scores them with the grader (:func:`osteo_lib.apps.instructor.grade.grade`, the same NGN rules), and
prints per objective the pre-test and post-test points and the change in percentage points. A file that
cannot be read stops the report with its name and the problem; an answer that cannot be scored, a
question in neither form and two different students are listed as problems under the report. The
words are in ``data/ui/prepost.yaml``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from osteo_lib.apps.instructor.grade import GradeError, GradeReport, grade, grader_text, read_answer_file
from osteo_lib.apps.lms_export import export_lms
from osteo_lib.care.prepost import FORM_IDS, Forms, PrepostReport, form_bank, prepost_report, split_forms
from osteo_lib.content.catalog import Catalog, load_catalog
from osteo_lib.content.notebooks import load_notebooks
from osteo_lib.content.quiz import Bank, load_banks
from osteo_lib.content.ui import UiTexts, ui_texts
from osteo_lib.views.handouts import prepost_form_page

__all__ = [
    "CSV_FIELDS",
    "DEFAULT_OUT",
    "FORM_FILES",
    "PrepostError",
    "PrepostResult",
    "forms_csv",
    "read_report",
    "report_text",
    "teaching_banks",
    "workbook_forms",
    "write_forms",
]

DEFAULT_OUT: Final = Path("build") / "prepost"
FORM_FILES: Final = {"a": "pre-test-form-a.html", "b": "post-test-form-b.html"}
CSV_FILE: Final = "forms.csv"
LMS_FOLDER: Final = "lms"
CSV_FIELDS: Final = ("form", "position", "item", "bank", "objective", "bloom", "type")


def prepost_text() -> UiTexts:
    """The words of ``osteo-workbook prepost`` (``data/ui/prepost.yaml``)."""
    return ui_texts("prepost")


class PrepostError(ValueError):
    """The forms could not be written; the message names the path and the problem."""


def teaching_banks(catalog: Catalog | None = None) -> list[Bank]:
    """The banks of the teaching notebooks in notebook order (not the widget demo, which belongs to no notebook)."""
    banks = load_banks(catalog if catalog is not None else load_catalog()).values()
    return sorted((b for b in banks if b.notebook), key=lambda b: b.notebook or "")


def workbook_forms(catalog: Catalog | None = None) -> Forms:
    """The two forms of the workbook's banks."""
    return split_forms(teaching_banks(catalog))


def forms_csv(forms: Forms) -> str:
    """One row per item of each form (:data:`CSV_FIELDS`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for form_id in FORM_IDS:
        for position, item in enumerate(forms.form(form_id), start=1):
            writer.writerow(
                [form_id, position, item.id, forms.bank_of[item.id], item.objective, item.bloom or "", item.type]
            )
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class PrepostResult:
    """What :func:`write_forms` wrote."""

    out: Path
    files: tuple[Path, ...]
    forms: Forms

    def describe(self) -> str:
        text = prepost_text()
        lines = [
            text.format(
                "forms_done",
                a=len(self.forms.a),
                b=len(self.forms.b),
                objectives=len(self.forms.objectives),
                out=self.out,
                files=", ".join(str(p.relative_to(self.out)) for p in self.files),
            )
        ]
        if self.forms.single:
            lines.append(text.format("forms_single", count=len(self.forms.single), ids=", ".join(self.forms.single)))
        if self.forms.unused:
            ids = ", ".join(i.id for i in self.forms.unused)
            lines.append(text.format("forms_unused", count=len(self.forms.unused), ids=ids))
        return "\n".join(lines)


def write_forms(out: Path | str = DEFAULT_OUT, catalog: Catalog | None = None) -> PrepostResult:
    """Write the two forms (HTML), ``forms.csv`` and the LMS files into ``out`` (made if missing)."""
    text = prepost_text()
    cat = catalog if catalog is not None else load_catalog()
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise PrepostError(f"{folder}: {text['out_not_folder']}")
    forms = workbook_forms(cat)
    objectives = {o.id: o.text for nb in load_notebooks() for o in nb.objectives}
    titles = {"a": text["form_a_title"], "b": text["form_b_title"]}
    pages = {FORM_FILES[f]: prepost_form_page(titles[f], forms.form(f), objectives, text, f) for f in FORM_IDS}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        for name, page in pages.items():
            (folder / name).write_text(page, encoding="utf-8")
            written.append(folder / name)
        (folder / CSV_FILE).write_text(forms_csv(forms), encoding="utf-8")
        written.append(folder / CSV_FILE)
    except OSError as exc:
        raise PrepostError(f"{folder}: {text.format('out_not_writable', problem=exc.strerror or exc)}") from exc
    banks = [form_bank(forms, f, text.format("lms_title", title=titles[f])) for f in FORM_IDS]
    lms = export_lms(folder / LMS_FOLDER, banks=banks, catalog=cat)
    written += lms.files
    return PrepostResult(folder, tuple(written), forms)


# --- the report ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ReadReport:
    """One student's pre/post report and the problems met on the way."""

    student: str
    pre_file: str
    post_file: str
    report: PrepostReport
    problems: tuple[str, ...]


def _read(path: Path) -> tuple[str, bytes]:
    name = str(path)
    if not path.is_file():
        raise GradeError(name, grader_text()["no_file"])
    return name, path.read_bytes()


def _scores(graded: GradeReport) -> dict[str, tuple[int, int]]:
    return {r.item: (r.points, r.max_points) for r in graded.rows}


def read_report(pre: Path | str, post: Path | str, catalog: Catalog | None = None) -> ReadReport:
    """Score the two answer files and compare them per objective.

    Raises :class:`~osteo_lib.apps.instructor.grade.GradeError` (naming the file) when either file is
    missing or is not an answer file; the problems of single answers are in :attr:`ReadReport.problems`.
    """
    text = prepost_text()
    cat = catalog if catalog is not None else load_catalog()
    files = [_read(Path(pre)), _read(Path(post))]
    read = [read_answer_file(name, data) for name, data in files]  # raises naming the file
    problems: list[str] = []
    if read[0].student != read[1].student:
        problems.append(text.format("other_students", pre=read[0].student, post=read[1].student))
    forms = workbook_forms(cat)
    form_of = {i.id: f for f in FORM_IDS for i in forms.form(f)}
    objective_of = {i.id: i.objective or "" for b in teaching_banks(cat) for i in b.items}
    scored: list[dict[str, tuple[int, int]]] = []
    for expected, (name, data) in zip(FORM_IDS, files, strict=True):
        graded = grade([(name, data)], cat)
        problems += graded.problems
        kept: dict[str, tuple[int, int]] = {}
        for item_id, points in _scores(graded).items():
            if item_id not in objective_of:
                problems.append(str(GradeError(name, text.format("not_in_forms", item=item_id))))
                continue
            found = form_of.get(item_id)
            if found != expected:
                problem = text.format("wrong_form", item=item_id, found=found or "-", expected=expected)
                problems.append(str(GradeError(name, problem)))
            kept[item_id] = points
        scored.append(kept)
    report = prepost_report(objective_of, scored[0], scored[1], order=forms.objectives)
    return ReadReport(read[0].student, files[0][0], files[1][0], report, tuple(problems))


def _cell(text: UiTexts, points: int, most: int, percent: float | None) -> str:
    if percent is None:
        return text["report_none"]
    return text.format("report_cell", points=points, max=most, percent=f"{percent:.0f}")


def report_text(read: ReadReport) -> str:
    """The report as text: one line per objective, the total, then the problems."""
    text = prepost_text()
    lines = [text.format("report_heading", student=read.student, pre_file=read.pre_file, post_file=read.post_file)]
    lines.append(text["report_columns"])
    rows = [(o.objective, o) for o in read.report.objectives] + [(text["report_total"], read.report.total)]
    for label, row in rows:
        change = row.change
        lines.append(
            text.format(
                "report_line",
                objective=label,
                pre=_cell(text, row.pre_points, row.pre_max, row.pre_percent),
                post=_cell(text, row.post_points, row.post_max, row.post_percent),
                change=text["report_no_change"] if change is None else text.format("report_change", change=change),
            )
        )
    if read.problems:
        lines.append(text.format("problems_heading", count=len(read.problems)))
        lines.extend("  " + p for p in read.problems)
    return "\n".join(lines)
