"""The ``osteo-workbook`` command (declared in pyproject.toml ``[project.scripts]``).

Commands::

    osteo-workbook student-version [--out DIR] [--source DIR]
        Write the student version: the notebooks without cells tagged "instructor" or "solution" and
        without notebooks/instructor/, the data without answer keys or instructor files, and the
        package without the instructor kit (default output: student_version/ next to notebooks/,
        ignored by git; see osteo_lib/apps/student_version.py).

    osteo-workbook grade ANSWERS... [--out report.csv]
        Score the answer files students download from the student version's knowledge checks, with
        the answer keys of this copy (osteo_lib/apps/instructor/grade.py). Exit status 1 when a file
        or an answer could not be scored (the report names each; everything else is scored).

    osteo-workbook handouts [--out DIR]
        Write printable handouts: a patient page and a student page per notebook (osteo_lib.apps.handouts).
    osteo-workbook export-html [NOTEBOOK ...] [--out DIR] [--no-execute]
        Run notebooks and write them as HTML pages that open and print with no network: no script, nothing
        from another website, widgets shown as still pictures (osteo_lib/apps/export_html.py; default: the
        workshop guide, into build/html/).
    osteo-workbook export-lms [--format qti|moodle|both] [--out DIR]
        Write the question banks as a QTI 1.2 package (Canvas, Blackboard) and/or Moodle XML, with a
        report of what could not be mapped (osteo_lib/apps/lms_export.py; default output: build/lms/).

    osteo-workbook prepost forms [--out DIR]
    osteo-workbook prepost report PRE.json POST.json
        Parallel pre-test and post-test forms from the banks (printable HTML, forms.csv, QTI and Moodle;
        default output: build/prepost/), and one student's per-objective pre/post report
        (osteo_lib/apps/instructor/prepost.py).

    osteo-workbook workshop [--room N] [--cap N] [--pool N] [--idle-minutes M] [--port P] [--token T]
        Serve the patient dashboard to a room on the local network (what `make workshop` runs; see
        the osteo_lib/apps/workshop/ package and "Running a room" in the README).

Errors are printed as one line naming the file and the problem, with exit status 1; nothing is
written in that case. The words are in ``data/ui/cli.yaml``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from osteo_lib.apps.handouts import HandoutError, write_handouts
from osteo_lib.apps.student_version import (
    OUT_NAME,
    TAGS,
    StudentVersionError,
    make_student_version,
    student_version_text,
)
from osteo_lib.content.ui import ui_texts
from osteo_lib.errors import DataError

__all__ = ["PROG", "main"]

PROG = "osteo-workbook"
HANDOUTS_OUT = "handouts"


def _parser() -> argparse.ArgumentParser:
    text = ui_texts("cli")
    parser = argparse.ArgumentParser(prog=PROG, description=text["description"])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    student = commands.add_parser(
        "student-version",
        help=text["student_help"],
        description=text.format("student_description", tags=student_version_text()["tags_or"].join(TAGS)),
    )
    student.add_argument("--out", type=Path, default=None, metavar="DIR", help=text.format("out_help", out=OUT_NAME))
    student.add_argument("--source", type=Path, default=None, metavar="DIR", help=text["source_help"])
    hand = ui_texts("handouts_cli")
    handouts = commands.add_parser("handouts", help=hand["help"], description=hand["help"])
    handouts.add_argument(
        "--out", type=Path, default=Path(HANDOUTS_OUT), metavar="DIR", help=hand.format("out_help", out=HANDOUTS_OUT)
    )
    grade = commands.add_parser("grade", help=text["grade_help"], description=text["grade_description"])
    grade.add_argument("answers", type=Path, nargs="+", metavar="ANSWERS", help=text["grade_files_help"])
    grade.add_argument("--out", type=Path, default=None, metavar="CSV", help=text["grade_out_help"])
    commands.add_parser("workshop", add_help=False, help=text["workshop_help"])
    _add_export_lms(commands)
    _add_export_html(commands)
    _add_prepost(commands)
    return parser


def _add_export_html(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from osteo_lib.apps.export_html import DEFAULT_NOTEBOOKS, DEFAULT_OUT, export_text

    text = export_text()
    html = commands.add_parser("export-html", help=text["help"], description=text["help"])
    html.add_argument(
        "notebooks",
        type=Path,
        nargs="*",
        default=list(DEFAULT_NOTEBOOKS),
        metavar="NOTEBOOK",
        help=text.format("notebooks_help", notebooks=" ".join(map(str, DEFAULT_NOTEBOOKS))),
    )
    html.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, metavar="DIR", help=text.format("out_help", out=DEFAULT_OUT)
    )
    html.add_argument("--no-execute", action="store_true", help=text["no_execute_help"])


def _export_html(args: argparse.Namespace) -> int:
    from osteo_lib.apps.export_html import ExportError, export_html, export_text

    try:
        report = export_html(args.notebooks, args.out, execute=not args.no_execute)
    except (ExportError, DataError, OSError) as exc:
        print(export_text().format("error", prog=PROG, problem=exc), file=sys.stderr)
        return 1
    print(report.describe())
    return 0


def _add_prepost(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    text = ui_texts("prepost")
    out = Path("build") / "prepost"
    prepost = commands.add_parser("prepost", help=text["help"], description=text["description"])
    actions = prepost.add_subparsers(dest="action", required=True, metavar="ACTION")
    forms = actions.add_parser("forms", help=text["forms_help"], description=text["forms_help"])
    forms.add_argument("--out", type=Path, default=out, metavar="DIR", help=text.format("out_help", out=out))
    report = actions.add_parser("report", help=text["report_help"], description=text["report_help"])
    report.add_argument("pre", type=Path, metavar="PRE.json", help=text["pre_help"])
    report.add_argument("post", type=Path, metavar="POST.json", help=text["post_help"])


def _prepost(args: argparse.Namespace) -> int:
    """``osteo-workbook prepost forms|report``; 1 when a file could not be read or an answer not scored."""
    text = ui_texts("prepost")
    try:  # the instructor kit: not in the student version, where the import says so
        from osteo_lib.apps.instructor.grade import GradeError
        from osteo_lib.apps.instructor.prepost import PrepostError, read_report, report_text, write_forms
        from osteo_lib.apps.lms_export import LmsExportError
    except ImportError as exc:
        print(text.format("error", prog=PROG, problem=exc), file=sys.stderr)
        return 1
    try:
        if args.action == "forms":
            print(write_forms(args.out).describe())
            return 0
        read = read_report(args.pre, args.post)
    except (GradeError, PrepostError, LmsExportError, DataError) as exc:
        print(text.format("error", prog=PROG, problem=exc), file=sys.stderr)
        return 1
    print(report_text(read))
    return 1 if read.problems else 0


def _add_export_lms(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from osteo_lib.apps.lms_export import DEFAULT_OUT, lms_text

    text = lms_text()
    lms = commands.add_parser("export-lms", help=text["help"], description=text["description"])
    lms.add_argument("--format", choices=("qti", "moodle", "both"), default="both", help=text["format_help"])
    lms.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, metavar="DIR", help=text.format("out_help", out=DEFAULT_OUT)
    )


def _export_lms(args: argparse.Namespace) -> int:
    from osteo_lib.apps.lms_export import FORMATS, LmsExportError, export_lms, lms_text
    from osteo_lib.errors import DataError

    formats = FORMATS if args.format == "both" else (args.format,)
    try:
        result = export_lms(args.out, formats)
    except (LmsExportError, DataError) as exc:
        print(lms_text().format("error", prog=PROG, problem=exc), file=sys.stderr)
        return 1
    print(result.describe())
    return 0


def _grade(answers: Sequence[Path], out: Path | None) -> int:
    """``osteo-workbook grade``: print the report, write the CSV; 1 when anything was not scored."""
    text = ui_texts("cli")
    try:  # the instructor kit: not in the student version, where the import says so
        from osteo_lib.apps.instructor.grade import GradeError, grade_paths
    except ImportError as exc:
        print(text.format("grade_error", prog=PROG, problem=exc), file=sys.stderr)
        return 1
    try:
        report = grade_paths(answers)
    except GradeError as exc:
        print(text.format("grade_error", prog=PROG, problem=exc), file=sys.stderr)
        return 1
    print(report.describe())
    if out is not None:
        out.write_text(report.to_csv(), encoding="utf-8")
        print(text.format("grade_wrote", rows=len(report.rows), out=out))
    return 1 if report.problems or not report.rows else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["workshop"]:  # its own options: handed over whole to osteo_lib.apps.workshop
        from osteo_lib.apps.workshop.cli import main as workshop_main

        return workshop_main(argv[1:], prog=f"{PROG} workshop")
    args = _parser().parse_args(argv)
    if args.command == "student-version":
        try:
            report = make_student_version(args.source, args.out)
        except StudentVersionError as exc:
            print(ui_texts("cli").format("error", prog=PROG, problem=exc), file=sys.stderr)
            return 1
        print(report.describe())
        return 0
    if args.command == "handouts":
        try:
            made = write_handouts(args.out)
        except (HandoutError, DataError, OSError) as exc:
            print(ui_texts("handouts_cli").format("error", prog=PROG, problem=exc), file=sys.stderr)
            return 1
        print(made.describe())
        return 0
    if args.command == "export-lms":
        return _export_lms(args)
    if args.command == "export-html":
        return _export_html(args)
    if args.command == "grade":
        return _grade(args.answers, args.out)
    if args.command == "prepost":
        return _prepost(args)
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":
    sys.exit(main())
