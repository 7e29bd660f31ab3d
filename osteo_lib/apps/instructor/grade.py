"""The instructor's grader: scores the answer files students hand in from the student version.

In the student version the question banks hold no answer key, so each knowledge check saves the
student's answers and lets them download one JSON file (:mod:`osteo_lib.care.quiz_answers`). The
instructor, whose copy of the workbook has the keys, scores the files::

    osteo-workbook grade answers/ anna.json ben.json --out report.csv

Every answer is scored by :func:`osteo_lib.care.quiz.score` (the same NGN rules the knowledge checks
use) against the item of that id in ``data/quizzes/`` (item ids are unique across banks). The report
gives each student's points, then each question's answers, right answers and average; ``--out`` writes
one CSV row per scored answer (student, notebook, bank, item, points, max points, status, file).

Bad input loses nothing: a file that cannot be read is left out and named with the problem, an answer
that cannot be scored (an unknown question, a choice the question does not have) is named with its
file and item, and everything else is still scored. When one student answered a question in two files,
the later file on the command line counts (and the report says so). The words are in
``data/ui/grader.yaml``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from osteo_lib.care.quiz import score
from osteo_lib.care.quiz_answers import FORMAT, VERSION, response_from_json
from osteo_lib.content.catalog import Catalog, load_catalog
from osteo_lib.content.quiz import Bank, Item, load_banks
from osteo_lib.content.ui import UiTexts, ui_texts

__all__ = [
    "CSV_FIELDS",
    "MAX_BYTES",
    "AnswerFile",
    "GradeError",
    "GradeReport",
    "Graded",
    "grade",
    "grade_paths",
    "grader_text",
    "read_answer_file",
]

#: An answer file of every item of every bank is about 10 kB; anything far bigger is not one.
MAX_BYTES: Final = 1_000_000
CSV_FIELDS: Final = ("student", "notebook", "bank", "item", "points", "max_points", "status", "file")
_FORMULA_START: Final = ("=", "+", "-", "@")


def grader_text() -> UiTexts:
    """The grader's words (``data/ui/grader.yaml``)."""
    return ui_texts("grader")


class GradeError(ValueError):
    """A file (or one answer in it) that cannot be scored; the message names the file and the problem."""

    def __init__(self, name: str, problem: str) -> None:
        self.name = name
        self.problem = problem
        super().__init__(grader_text().format("problem_line", name=name, problem=problem))


@dataclass(frozen=True, slots=True)
class AnswerFile:
    """One student's answer file, read and checked for shape (not yet scored)."""

    name: str
    student: str
    bank: str
    notebook: str | None
    answers: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Graded:
    """One scored answer."""

    student: str
    notebook: str
    bank: str
    item: str
    points: int
    max_points: int
    status: str
    file: str


@dataclass(frozen=True, slots=True)
class GradeReport:
    """Every scored answer, in the order read, and every problem (file left out or answer not scored)."""

    rows: tuple[Graded, ...]
    problems: tuple[str, ...]
    files: int

    def students(self) -> dict[str, tuple[int, int, int]]:
        """Student -> (points, max points, answers scored), students sorted by name."""
        totals: dict[str, tuple[int, int, int]] = {}
        for r in self.rows:
            p, m, n = totals.get(r.student, (0, 0, 0))
            totals[r.student] = (p + r.points, m + r.max_points, n + 1)
        return dict(sorted(totals.items()))

    def items(self) -> dict[str, tuple[int, int, float, int]]:
        """Item id -> (answers, full marks, average points, max points), in the order first seen."""
        seen: dict[str, list[Graded]] = {}
        for r in self.rows:
            seen.setdefault(r.item, []).append(r)
        return {
            item: (
                len(rows),
                sum(r.status == "right" for r in rows),
                sum(r.points for r in rows) / len(rows),
                rows[0].max_points,
            )
            for item, rows in seen.items()
        }

    def to_csv(self) -> str:
        """One row per scored answer (:data:`CSV_FIELDS`); text a spreadsheet could run as a formula is
        written with a leading apostrophe."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_FIELDS)
        for r in self.rows:
            writer.writerow([_cell(getattr(r, f)) for f in CSV_FIELDS])
        return out.getvalue()

    def describe(self) -> str:
        """The report as text: a summary line, each student, each question, then the problems."""
        text = grader_text()
        students = self.students()
        lines = [text.format("summary", files=self.files, students=len(students), answers=len(self.rows))]
        if students:
            lines.append(text["students_heading"])
            width = max(len(s) for s in students)
            for name, (points, most, count) in students.items():
                lines.append(
                    "  "
                    + text.format("student_line", student=name.ljust(width), points=points, max=most, answers=count)
                )
        items = self.items()
        if items:
            lines.append(text["items_heading"])
            width = max(len(i) for i in items)
            for item, (count, right, mean, most) in items.items():
                lines.append(
                    "  "
                    + text.format(
                        "item_line", item=item.ljust(width), answers=count, right=right, mean=f"{mean:.2f}", max=most
                    )
                )
        if self.problems:
            lines.append(text.format("problems_heading", count=len(self.problems)))
            lines.extend("  " + p for p in self.problems)
        return "\n".join(lines)


def _cell(value: object) -> str:
    cell = str(value)
    return "'" + cell if cell.startswith(_FORMULA_START) and not _is_number(cell) else cell


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


# --- reading ------------------------------------------------------------------------------------------
def read_answer_file(name: str, data: bytes) -> AnswerFile:
    """One answer file checked for shape; raises :class:`GradeError` naming ``name`` and the problem."""
    text = grader_text()
    if len(data) > MAX_BYTES:
        raise GradeError(name, text.format("too_big", size=len(data), max=MAX_BYTES))
    try:
        doc = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise GradeError(name, text.format("not_utf8", start=exc.start)) from None
    except json.JSONDecodeError as exc:
        raise GradeError(name, text.format("not_json", line=exc.lineno, column=exc.colno, problem=exc.msg)) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise GradeError(name, text.format("not_answers", format=FORMAT))
    if doc.get("version") != VERSION:
        raise GradeError(name, text.format("bad_version", version=doc.get("version"), known=VERSION))
    student = doc.get("student")
    if not isinstance(student, str) or not student.strip():
        raise GradeError(name, text["no_student"])
    answers = doc.get("answers")
    if not isinstance(answers, dict):
        raise GradeError(name, text["no_answers"])
    bank, notebook = doc.get("bank"), doc.get("notebook")
    return AnswerFile(
        name=name,
        student=student.strip(),
        bank=bank if isinstance(bank, str) else "",
        notebook=notebook if isinstance(notebook, str) else None,
        answers=answers,
    )


def _items(banks: Mapping[str, Bank]) -> dict[str, tuple[Bank, Item]]:
    return {i.id: (b, i) for b in banks.values() for i in b.items}


def grade(files: Iterable[tuple[str, bytes]], catalog: Catalog | None = None) -> GradeReport:
    """Score answer files (``(name, bytes)``) with the keys of ``catalog``'s banks (default: the workbook's)."""
    text = grader_text()
    banks = load_banks(catalog if catalog is not None else load_catalog())
    keyless = sorted(b.id for b in banks.values() if not b.keys)
    if keyless:
        raise GradeError(", ".join(keyless), text["no_keys"])
    items = _items(banks)
    problems: list[str] = []
    scored: dict[tuple[str, str], Graded] = {}
    count = 0
    for name, data in files:
        count += 1
        try:
            answers = read_answer_file(name, data)
        except GradeError as exc:
            problems.append(str(exc))
            continue
        for item_id, value in answers.answers.items():
            found = items.get(item_id)
            if found is None:
                problems.append(str(GradeError(name, text.format("unknown_item", item=item_id))))
                continue
            bank, item = found
            try:
                result = score(item, response_from_json(item, value))
            except ValueError as exc:
                problems.append(str(GradeError(name, text.format("bad_answer", item=item_id, problem=exc))))
                continue
            key = (answers.student, item_id)
            if key in scored:
                problems.append(
                    text.format("twice", student=answers.student, item=item_id, first=scored[key].file, later=name)
                )
                del scored[key]  # the later file counts, and is listed in its own place
            scored[key] = Graded(
                student=answers.student,
                notebook=bank.notebook or "",
                bank=bank.id,
                item=item_id,
                points=result.points,
                max_points=result.max_points,
                status=result.status,
                file=name,
            )
    return GradeReport(tuple(scored.values()), tuple(problems), count)


def _answer_paths(paths: Sequence[Path]) -> Iterable[tuple[str, bytes | None]]:
    for path in paths:
        if path.is_dir():
            for inner in sorted(path.glob("*.json")):
                yield str(inner), inner.read_bytes()
        elif path.is_file():
            yield str(path), path.read_bytes()
        else:
            yield str(path), None


def grade_paths(paths: Sequence[Path | str], catalog: Catalog | None = None) -> GradeReport:
    """:func:`grade` for files and folders on disk (a folder: every ``*.json`` in it). A path that does
    not exist is reported as a problem."""
    text = grader_text()
    missing: list[str] = []
    found: list[tuple[str, bytes]] = []
    for name, data in _answer_paths([Path(p) for p in paths]):
        if data is None:
            missing.append(str(GradeError(name, text["no_file"])))
        else:
            found.append((name, data))
    report = grade(found, catalog)
    return GradeReport(report.rows, tuple(missing) + report.problems, report.files + len(missing))
