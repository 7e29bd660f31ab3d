"""The instructor's grader (osteo_lib.apps.instructor.grade, `osteo-workbook grade`): answer files scored
with the keys, a per-student and per-question report, CSV rows, and every bad file or answer named while
the rest is still scored. Answers are built from the keyed banks, so the tests do not hang on the content."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from osteo_lib.apps import cli
from osteo_lib.apps.instructor.grade import GradeError, grade, grade_paths, read_answer_file
from osteo_lib.care.quiz import correct_response, score
from osteo_lib.care.quiz_answers import answers_json, response_to_json
from osteo_lib.content.quiz import Bank, load_bank
from osteo_lib.content.ui import ui_texts

TEXT = ui_texts("grader")


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank("widget_demo")


def _file(student: str, bank: Bank, right: int) -> bytes:
    """An answer file with the first ``right`` items answered right and the next one left out."""
    answers = {i.id: correct_response(i) for i in bank.items[:right]}
    return answers_json(student, bank, answers)


def _doc(**fields: Any) -> bytes:
    base = {"format": "osteo-workbook-answers", "version": 1, "student": "anna", "bank": "b", "answers": {}}
    return json.dumps(base | fields).encode()


def test_right_answers_get_full_marks(bank: Bank) -> None:
    report = grade([("anna.json", _file("anna", bank, 3)), ("ben.json", _file("ben", bank, 1))])
    assert report.problems == () and report.files == 2
    maxes = [i.max_points for i in bank.items]
    assert report.students() == {"anna": (sum(maxes[:3]), sum(maxes[:3]), 3), "ben": (maxes[0], maxes[0], 1)}
    first = bank.items[0].id
    assert report.items()[first] == (2, 2, float(maxes[0]), maxes[0])
    assert all(r.status == "right" and r.bank == "widget_demo" for r in report.rows)


def test_points_follow_the_ngn_scoring(bank: Bank) -> None:
    """A wrong choice in a select-all item loses a point, as in the knowledge check."""
    item = next(i for i in bank.items if i.type == "multiple")
    wrong = next(c.id for c in item.choices if not c.correct)
    response = {*correct_response(item), wrong}  # type: ignore[misc]
    report = grade([("a.json", answers_json("anna", bank, {item.id: response}))])
    (row,) = report.rows
    assert row.points == score(item, response).points == item.max_points - 1 and row.status == "partial"


def test_the_report_names_students_questions_and_problems(bank: Bank) -> None:
    report = grade([("anna.json", _file("anna", bank, 2)), ("bad.json", b"{oops")])
    shown = report.describe()
    lines = shown.splitlines()
    assert lines[0] == TEXT.format("summary", files=2, students=1, answers=2)
    assert TEXT["students_heading"] in lines and TEXT["items_heading"] in lines
    assert any(line.strip().startswith("anna") and "points (2 answers)" in line for line in lines)
    assert any(line.strip().startswith(bank.items[1].id) for line in lines)
    assert lines[-1].strip().startswith("bad.json: is not a JSON file (line 1, column 2")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"\xff\xfe", "is not UTF-8 text"),
        (b"[1, 2", "is not a JSON file"),
        (b'{"format": "osteo-workbook-feedback"}', 'has no "format": "osteo-workbook-answers"'),
        (_doc(version=7), "answer file version 7"),
        (_doc(student=" "), "names no student"),
        (_doc(answers=[1]), 'has no "answers" object'),
        (b" " * 1_000_001, "more than an answer file can be"),
    ],
)
def test_a_bad_file_is_named_and_left_out(data: bytes, problem: str, bank: Bank) -> None:
    with pytest.raises(GradeError) as err:
        read_answer_file("x.json", data)
    assert str(err.value).startswith("x.json: ") and problem in str(err.value)
    report = grade([("x.json", data), ("anna.json", _file("anna", bank, 1))])
    assert len(report.problems) == 1 and problem in report.problems[0]
    assert [r.student for r in report.rows] == ["anna"], "the good file is still scored"


def test_a_bad_answer_is_named_and_the_rest_of_the_file_scored(bank: Bank) -> None:
    single = next(i for i in bank.items if i.type == "single")
    answers = {"no_such_item": "a", single.id: "not_a_choice", bank.items[-1].id: correct_response(bank.items[-1])}
    data = _doc(answers={k: response_to_json(v) for k, v in answers.items()})
    report = grade([("anna.json", data)])
    assert [r.item for r in report.rows] == [bank.items[-1].id]
    assert report.problems[0] == "anna.json: " + TEXT.format("unknown_item", item="no_such_item")
    assert (
        report.problems[1].startswith(f"anna.json: question {single.id!r}: ") and "not_a_choice" in report.problems[1]
    )


def test_an_answer_given_twice_counts_from_the_later_file(bank: Bank) -> None:
    item = next(i for i in bank.items if i.type == "single")
    wrong = next(c.id for c in item.choices if not c.correct)
    first = answers_json("anna", bank, {item.id: correct_response(item)})
    later = answers_json("anna", bank, {item.id: wrong})
    report = grade([("monday.json", first), ("tuesday.json", later)])
    (row,) = report.rows
    assert row.file == "tuesday.json" and row.points == 0
    assert report.problems == (
        TEXT.format("twice", student="anna", item=item.id, first="monday.json", later="tuesday.json"),
    )


def test_csv_rows_and_formula_text(bank: Bank) -> None:
    report = grade([("a.json", _file("=HYPERLINK(1)", bank, 1)), ("b.json", _file("-5", bank, 1))])
    rows = list(csv.reader(io.StringIO(report.to_csv())))
    assert rows[0] == ["student", "notebook", "bank", "item", "points", "max_points", "status", "file"]
    assert [r[0] for r in rows[1:]] == ["'=HYPERLINK(1)", "-5"]
    assert rows[1][3:] == [
        bank.items[0].id,
        str(bank.items[0].max_points),
        str(bank.items[0].max_points),
        "right",
        "a.json",
    ]


def test_a_student_version_cannot_grade(tmp_path: Path) -> None:
    from osteo_lib.content.catalog import load_catalog
    from osteo_lib.content.student_data import write_student_data

    write_student_data(tmp_path / "data")
    with pytest.raises(GradeError, match="no answer key"):
        grade([], load_catalog(tmp_path / "data"))


def test_the_command_scores_files_and_folders_and_writes_csv(
    tmp_path: Path, bank: Bank, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "handed_in"
    folder.mkdir()
    (folder / "anna.json").write_bytes(_file("anna", bank, 2))
    (folder / "notes.txt").write_text("not an answer file")
    (tmp_path / "ben.json").write_bytes(_file("ben", bank, 1))
    out = tmp_path / "report.csv"
    assert cli.main(["grade", str(folder), str(tmp_path / "ben.json"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert TEXT.format("summary", files=2, students=2, answers=3) in printed
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4
    # A missing file and a bad one: named, the rest still scored and written, exit status 1.
    (tmp_path / "bad.json").write_text("nope")
    status = cli.main(["grade", str(tmp_path / "ben.json"), str(tmp_path / "bad.json"), str(tmp_path / "gone.json")])
    printed = capsys.readouterr().out
    assert status == 1
    assert (
        f"{tmp_path / 'gone.json'}: {TEXT['no_file']}" in printed
        and f"{tmp_path / 'bad.json'}: is not a JSON" in printed
    )
    assert "ben" in printed.split(TEXT["students_heading"])[1]


def test_grade_paths_reads_a_folder_in_name_order(tmp_path: Path, bank: Bank) -> None:
    for name in ("b.json", "a.json"):
        (tmp_path / name).write_bytes(_file(name[0], bank, 1))
    report = grade_paths([tmp_path])
    assert [r.file for r in report.rows] == [str(tmp_path / "a.json"), str(tmp_path / "b.json")]
