"""The matrix multiple response question in the KnowledgeCheck, driven through its traits: a table (the
ChoiceGrid) with a row per statement and a checkbox per column; +/- scoring per row. With keys (scored)
and without (the student version: saved, downloaded and scored by the instructor's grader)."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from osteo_lib.apps.instructor.grade import grade
from osteo_lib.care.quiz import correct_response, score
from osteo_lib.content.catalog import Catalog, load_catalog
from osteo_lib.content.quiz import Bank, Choice, Item, MatrixRow, load_bank
from osteo_lib.content.student_data import write_student_data
from osteo_lib.content.ui import ui_texts
from osteo_lib.views.widgets.ngn_layout import ChoiceGrid
from osteo_lib.views.widgets.quiz import KnowledgeCheck
from tests.markup import soup, text

TEXT = ui_texts("quiz")
SEED = "ben"


def grid_bank() -> Bank:
    item = Item(
        id="t_grid",
        type="matrix_multiple",
        stem="For each medicine, tick every harm.",
        explanation="Each medicine has its own harms.",
        references=("ags_pain2009",),
        clinical_judgment_step="analyze_cues",
        columns=(Choice("liver", "Liver damage"), Choice("bleed", "Bleeding"), Choice("sleepy", "Sleepiness")),
        rows=(
            MatrixRow("acet", "Acetaminophen", answers=("liver",)),
            MatrixRow("ibu", "Ibuprofen", answers=("bleed",)),
            MatrixRow("oxy", "Oxycodone", answers=("sleepy",)),
        ),
    )
    return Bank("tgrid", "Test bank", (item,))


@pytest.fixture()
def check(catalog: Catalog) -> KnowledgeCheck:
    return KnowledgeCheck(grid_bank(), catalog, seed=SEED)


def grid_of(check: KnowledgeCheck) -> ChoiceGrid:
    grid = check.controls.grid
    assert isinstance(grid, ChoiceGrid)
    return grid


def tick(check: KnowledgeCheck, cells: dict[str, set[str]]) -> None:
    grid = grid_of(check)
    for row in check.current_item.rows:
        for column in check.current_item.columns:
            grid.choose(row.id, column.id, column.id in cells.get(row.id, set()))


def test_a_row_per_statement_with_a_checkbox_per_column(check: KnowledgeCheck) -> None:
    page = soup(grid_of(check).markup)
    assert [th.get_text(strip=True) for th in page.select("thead th[scope=col]")] == [
        "Liver damage",
        "Bleeding",
        "Sleepiness",
    ]  # the columns keep the data order
    rows = page.select("tbody tr")
    assert [r.select_one("th[scope=row]").get_text(strip=True) for r in rows] == [
        "Acetaminophen",
        "Ibuprofen",
        "Oxycodone",
    ]
    for row in rows:
        assert [i["type"] for i in row.select("td input")] == ["checkbox"] * 3
    assert page.select_one("caption").get_text(strip=True) == TEXT["hint_matrix_multiple"]
    assert TEXT["scoring_matrix_multiple"] in text(check.question.value)


def test_every_row_needs_a_tick(check: KnowledgeCheck) -> None:
    tick(check, {"acet": {"liver"}, "ibu": {"bleed"}})
    check.check_button.click()
    assert TEXT["need_matrix_multiple"] in text(check.feedback.value) and check.results == {}


def test_plus_minus_per_row_and_feedback_per_row(check: KnowledgeCheck) -> None:
    # acet: right (+1); ibu: right and wrong (+1 -1 = 0); oxy: two wrong (-2, floored to 0 for this row only)
    tick(check, {"acet": {"liver"}, "ibu": {"bleed", "sleepy"}, "oxy": {"liver", "bleed"}})
    check.check_button.click()
    assert (check.score, check.max_score) == (1, 3)
    feedback = check.feedback.value
    shown = text(feedback)
    assert TEXT["partial"] in shown and TEXT.format("points", points=1, max=3) in shown
    for row in ("Acetaminophen", "Ibuprofen", "Oxycodone"):
        assert f"<h6>{row}</h6>" in feedback
    assert TEXT.format("chose_wrong", choice="Sleepiness") + " " + TEXT["point_minus"] in shown
    assert TEXT.format("missed", choice="Sleepiness") in shown  # oxycodone's right cell
    assert grid_of(check).disabled and all(i.has_attr("disabled") for i in soup(grid_of(check).markup).select("input"))


def test_all_right_is_full_marks(check: KnowledgeCheck) -> None:
    tick(check, {"acet": {"liver"}, "ibu": {"bleed"}, "oxy": {"sleepy"}})
    check.check_button.click()
    assert check.score == check.max_score == 3 and text(check.feedback.value).startswith(TEXT["right"])


# --- without keys: the student version ---------------------------------------------------------------
@pytest.fixture(scope="module")
def student_catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    folder: Path = tmp_path_factory.mktemp("student") / "data"
    write_student_data(folder)
    return load_catalog(folder)


def test_saved_without_keys_and_graded_as_the_keyed_item_would_be(student_catalog: Catalog) -> None:
    keyed = load_bank("medications")
    items = [i for i in keyed.items if i.type == "matrix_multiple"]
    assert len(items) >= 2
    check = KnowledgeCheck("medications", catalog=student_catalog, seed=SEED)
    assert not check.keyed
    expected: dict[str, int] = {}
    for n, item in enumerate(items):
        check.index = [i.id for i in keyed.items].index(item.id)
        assert check.current_item.type == "matrix_multiple" and not any(r.answers for r in check.current_item.rows)
        right = correct_response(item)
        assert isinstance(right, dict)
        cells = {rid: set(cols) for rid, cols in right.items()}
        if n == 1:  # one wrong tick in the first row
            first = item.rows[0]
            cells[first.id] |= {next(c.id for c in item.columns if c.id not in first.answers)}
        tick(check, cells)
        check.check_button.click()
        assert text(check.feedback.value) == TEXT["saved"], item.id
        assert item.explanation[:30] not in check.feedback.value
        expected[item.id] = score(item, cells).points
    report = grade([("ben.json", base64.b64decode(check.answers_href.split(",", 1)[1]))])
    assert report.problems == ()
    assert {r.item: r.points for r in report.rows} == expected
    assert expected[items[0].id] == items[0].max_points and expected[items[1].id] == items[1].max_points - 1
