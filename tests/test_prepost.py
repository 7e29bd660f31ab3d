"""Parallel pre-test / post-test forms (osteo_lib.care.prepost) and the pre/post score report
(osteo_lib.apps.instructor.prepost, `osteo-workbook prepost`)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from osteo_lib.apps.cli import main
from osteo_lib.apps.instructor.grade import GradeError
from osteo_lib.apps.instructor.prepost import (
    FORM_FILES,
    read_report,
    report_text,
    teaching_banks,
    workbook_forms,
    write_forms,
)
from osteo_lib.care.prepost import prepost_report, split_forms
from osteo_lib.care.quiz_answers import answers_json
from osteo_lib.content.quiz import Bank, Choice, Item


def _item(item_id: str, objective: str, bloom: str, kind: str = "single", stage: str | None = None) -> Item:
    return Item(
        id=item_id,
        type=kind,  # type: ignore[arg-type]
        stem="Pick one.",
        explanation="Because.",
        references=("paolucci2016",),
        choices=(Choice("a", "A", correct=True), Choice("b", "B")),
        objective=objective,
        bloom=bloom,  # type: ignore[arg-type]
        case_stage=stage,
    )


# --- the split ------------------------------------------------------------------------------------------
def test_every_objective_with_two_items_is_in_both_forms_and_no_item_in_both() -> None:
    banks = teaching_banks()
    forms = workbook_forms()
    usable = [i for b in banks for i in b.items if i.case_stage is None]
    counts = Counter(i.objective for i in usable)
    wanted = {o for o, n in counts.items() if n >= 2}
    in_a = Counter(i.objective for i in forms.a)
    in_b = Counter(i.objective for i in forms.b)
    assert wanted, "the banks have objectives with two or more items"
    assert set(in_a) == set(in_b) == wanted == set(forms.objectives)
    assert in_a == in_b, "each objective has as many items in A as in B"
    assert all(in_a[o] == counts[o] // 2 for o in wanted)
    assert not {i.id for i in forms.a} & {i.id for i in forms.b}
    assert set(forms.single) == {o for o, n in counts.items() if n == 1}
    everything = {i.id for i in usable}
    assert {i.id for i in (*forms.a, *forms.b, *forms.unused)} == everything


def test_the_split_is_deterministic() -> None:
    banks = teaching_banks()
    first, second = split_forms(banks), split_forms(list(banks))
    assert [i.id for i in first.a] == [i.id for i in second.a]
    assert [i.id for i in first.b] == [i.id for i in second.b]


def test_the_halves_of_an_objective_match_by_bloom_level_and_type() -> None:
    bank = Bank(
        "t",
        "T",
        (
            _item("r1", "o1", "remember"),
            _item("r2", "o1", "remember"),
            _item("m1", "o1", "apply", "multiple"),
            _item("m2", "o1", "apply", "multiple"),
            _item("c1", "o2", "analyze", stage="visit1"),  # a case item: never in a form
            _item("c2", "o2", "analyze", stage="visit1"),
            _item("s1", "o3", "apply"),
        ),
    )
    forms = split_forms([bank])
    assert sorted((i.bloom, i.type) for i in forms.a) == [("apply", "multiple"), ("remember", "single")]
    assert sorted((i.bloom, i.type) for i in forms.b) == [("apply", "multiple"), ("remember", "single")]
    assert forms.objectives == ("o1",)
    assert forms.single == ("o3",)
    assert [i.id for i in forms.unused] == ["s1"]


def test_the_workbook_forms_are_balanced_by_bloom_and_type() -> None:
    forms = workbook_forms()
    for trait in ("bloom", "type"):
        a = Counter(getattr(i, trait) for i in forms.a)
        b = Counter(getattr(i, trait) for i in forms.b)
        assert sum(abs(a[k] - b[k]) for k in a.keys() | b.keys()) <= 4, (trait, a, b)


# --- the files -------------------------------------------------------------------------------------------
def test_forms_command_writes_both_forms_the_list_and_the_lms_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["prepost", "forms", "--out", str(tmp_path)]) == 0
    forms = workbook_forms()
    for form_id, name in FORM_FILES.items():
        page = (tmp_path / name).read_text(encoding="utf-8")
        ids = [i.id for i in forms.form(form_id)]
        assert all(f'data-item="{i}"' in page for i in ids)
        other = forms.form("b" if form_id == "a" else "a")
        assert not any(f'data-item="{i.id}"' in page for i in other)
        assert all(i.explanation[:60] not in page for i in forms.form(form_id)), "no answers on the form"
    rows = list(csv.DictReader(io.StringIO((tmp_path / "forms.csv").read_text(encoding="utf-8"))))
    assert [r["item"] for r in rows if r["form"] == "a"] == [i.id for i in forms.a]
    assert [r["item"] for r in rows if r["form"] == "b"] == [i.id for i in forms.b]
    moodle = (tmp_path / "lms" / "osteo-workbook-moodle.xml").read_text(encoding="utf-8")
    assert "Pre-test (form A)" in moodle and "Post-test (form B)" in moodle
    assert all(f"prepost_{f}" in moodle for f in ("a", "b"))
    with zipfile.ZipFile(tmp_path / "lms" / "osteo-workbook-qti.zip") as package:
        names = package.namelist()
    assert any("prepost_a" in n for n in names) and any("prepost_b" in n for n in names)
    out = capsys.readouterr().out
    assert f"form A ({len(forms.a)} questions) and form B ({len(forms.b)} questions)" in out


def test_forms_command_names_an_out_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "taken"
    blocker.write_text("x")
    assert main(["prepost", "forms", "--out", str(blocker)]) == 1
    assert str(blocker) in capsys.readouterr().err
    with pytest.raises(ValueError, match="is not a folder"):
        write_forms(blocker)


# --- the report ------------------------------------------------------------------------------------------
def _right(item: Item) -> str:
    return next(c.id for c in item.choices if c.correct)


def _wrong(item: Item) -> str:
    return next(c.id for c in item.choices if not c.correct)


def _answer_file(path: Path, student: str, answers: dict[str, str]) -> Path:
    bank = Bank("prepost", "Pre/post", tuple(i for b in teaching_banks() for i in b.items if i.id in answers))
    path.write_bytes(answers_json(student, bank, answers))
    return path


def _two_objectives() -> tuple[str, str, list[Item], list[Item]]:
    """Two objectives whose items in both forms are all single-answer items (1 point each)."""
    forms = workbook_forms()
    found = []
    for objective in forms.objectives:
        a = [i for i in forms.a if i.objective == objective]
        b = [i for i in forms.b if i.objective == objective]
        if all(i.type == "single" for i in (*a, *b)) and len(a) == 1:
            found.append((objective, a[0], b[0]))
    assert len(found) >= 2, "the banks have two objectives with one single-answer item in each form"
    (o1, a1, b1), (o2, a2, b2) = found[:2]
    return o1, o2, [a1, a2], [b1, b2]


def test_the_report_numbers_are_right_on_a_hand_made_pair(tmp_path: Path) -> None:
    o1, o2, (a1, a2), (b1, b2) = _two_objectives()
    pre = _answer_file(tmp_path / "pre.json", "anna", {a1.id: _wrong(a1), a2.id: _right(a2)})
    post = _answer_file(tmp_path / "post.json", "anna", {b1.id: _right(b1), b2.id: _right(b2)})
    read = read_report(pre, post)
    assert read.problems == ()
    rows = {o.objective: o for o in read.report.objectives}
    assert set(rows) == {o1, o2}
    assert (rows[o1].pre_points, rows[o1].pre_max, rows[o1].post_points, rows[o1].post_max) == (0, 1, 1, 1)
    assert rows[o1].change == pytest.approx(100.0)
    assert (rows[o2].pre_percent, rows[o2].post_percent, rows[o2].change) == (100.0, 100.0, 0.0)
    total = read.report.total
    assert (total.pre_points, total.pre_max, total.post_points, total.post_max) == (1, 2, 2, 2)
    assert total.change == pytest.approx(50.0)
    text = report_text(read)
    assert f"{o1} | 0/1 (0%) | 1/1 (100%) | +100 points" in text
    assert "| 1/2 (50%) | 2/2 (100%) | +50 points" in text


def test_the_report_command_prints_and_flags_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, _, (a1, _), (b1, _) = _two_objectives()
    pre = _answer_file(tmp_path / "pre.json", "anna", {a1.id: _right(a1)})
    post = _answer_file(tmp_path / "post.json", "ben", {a1.id: _right(a1), b1.id: "zz"})
    assert main(["prepost", "report", str(pre), str(post)]) == 1
    out = capsys.readouterr().out
    assert "'anna'" in out and "'ben'" in out  # two different students
    assert f"{a1.id!r} is in form a, not in form b" in out
    assert b1.id in out and "not scored" in out  # the unknown choice


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"{not json", "is not a JSON file"),
        (json.dumps({"format": "other"}).encode(), "is not an answer file"),
        (None, "no such file"),
    ],
)
def test_a_bad_file_is_named(
    tmp_path: Path, data: bytes | None, problem: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, _, (b1, _) = _two_objectives()
    good = _answer_file(tmp_path / "post.json", "anna", {b1.id: _right(b1)})
    bad = tmp_path / "pre.json"
    if data is not None:
        bad.write_bytes(data)
    with pytest.raises(GradeError, match=problem) as caught:
        read_report(bad, good)
    assert caught.value.name == str(bad)
    assert main(["prepost", "report", str(bad), str(good)]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and problem in err


def test_prepost_report_sums_points_per_objective() -> None:
    report = prepost_report(
        {"x1": "o1", "x2": "o1", "y1": "o2", "z": "o3"},
        {"x1": (1, 1), "x2": (0, 3), "y1": (2, 2)},
        {"x1": (1, 1), "x2": (3, 3)},
        order=("o2", "o1", "o3"),
    )
    assert [o.objective for o in report.objectives] == ["o2", "o1"]  # o3: nothing answered
    o2, o1 = report.objectives
    assert (o1.pre_points, o1.pre_max, o1.post_points, o1.post_max) == (1, 4, 4, 4)
    assert o1.change == pytest.approx(75.0)
    assert o2.post_percent is None and o2.change is None
