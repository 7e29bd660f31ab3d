"""Model answers to the notebooks' Try this questions (data/model_answers.yaml, osteo_lib.content.model_answers):
one for every question and none orphaned, shown in the workshop guide, and never in the student version."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
import yaml

from osteo_lib.apps.instructor import model_answers_html, try_this_tasks
from osteo_lib.apps.student_version import find_leaks, key_texts
from osteo_lib.content.model_answers import ANSWERS_FILE, load_model_answers
from osteo_lib.content.student_data import LEFT_OUT, write_student_data
from osteo_lib.errors import DataError
from tests.serving import ROOT

DATA = ROOT / "data"


def test_every_try_this_question_has_a_model_answer_and_none_is_orphaned() -> None:
    tasks = try_this_tasks()
    answers = load_model_answers()
    assert len(tasks) >= 20
    assert all(t.question for t in tasks), "every Try this block ends in a question"
    by_cell = {(a.notebook, a.cell): a for a in answers}
    assert {(t.notebook, t.cell) for t in tasks} == set(by_cell)
    assert len(answers) == len(tasks), "one answer per question"
    for t in tasks:
        assert by_cell[t.notebook, t.cell].question == t.question, f"{t.key}: the question differs from the notebook"


def test_every_answer_has_two_to_four_key_points_and_real_sources() -> None:
    from osteo_lib.content.catalog import load_catalog

    refs = set(load_catalog().references)
    for a in load_model_answers():
        assert 2 <= len(a.key_points) <= 4, a.id
        assert len(a.answer.split()) >= 15, a.id
        assert set(a.references) <= refs, a.id


def _data_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    return folder


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        (lambda d: d["answers"][0].update(notebook="99_nowhere"), "notebook", "unknown notebook"),
        (
            lambda d: d["answers"][1].update(cell=d["answers"][0]["cell"], notebook=d["answers"][0]["notebook"]),
            "cell",
            "already has answer",
        ),
        (lambda d: d["answers"][0].update(references=["no_such_source"]), "references", "no_such_source"),
        (lambda d: d["answers"][0].update(key_points=["only one"]), "key_points", ""),
    ],
)
def test_bad_data_is_named(tmp_path: Path, change: object, field: str, problem: str) -> None:
    folder = _data_copy(tmp_path)
    path = folder / ANSWERS_FILE
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_model_answers(folder)
    message = str(caught.value)
    assert ANSWERS_FILE in message and field in message and problem in message


def test_the_workshop_guide_shows_every_answer_and_calls_it_once() -> None:
    html = str(model_answers_html())
    answers = load_model_answers()
    assert html.count("data-answer=") == len(answers)
    assert 'role="alert"' not in html
    nb = nbformat.read(ROOT / "notebooks" / "instructor" / "workshop_guide.ipynb", as_version=4)
    calls = [c for c in nb.cells if c.cell_type == "code" and "instructor.model_answers()" in c.source]
    assert len(calls) == 1


def test_the_guide_names_a_question_without_an_answer(tmp_path: Path) -> None:
    notebooks = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks, ignore=shutil.ignore_patterns("instructor", "dashboards"))
    path = notebooks / "00_start_here.ipynb"
    nb = nbformat.read(path, as_version=4)
    cell = nbformat.v4.new_markdown_cell("> **Try this**\n>\n> 1. Look.\n>\n> **Question:** What did you see?")
    cell["id"] = "newtask1"
    nb.cells.append(cell)
    nbformat.write(nb, path)
    html = str(model_answers_html(notebooks))
    assert 'role="alert"' in html and "cell newtask1" in html


def test_model_answers_stay_out_of_the_student_version(tmp_path: Path) -> None:
    assert ANSWERS_FILE in LEFT_OUT
    made = write_student_data(tmp_path / "data")
    assert ANSWERS_FILE in made.left_out and not (tmp_path / "data" / ANSWERS_FILE).exists()
    # the leak scan knows every model answer, and finds one pasted into a student file
    secrets = key_texts()
    answers = load_model_answers()
    assert all(" ".join(a.answer.split()) in secrets for a in answers)
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "notes.md").write_text("My notes\n\n" + answers[3].answer + "\n", encoding="utf-8")
    assert find_leaks(copy) == [f"notes.md: model answer {answers[3].id}"]
