"""Reading the teaching notebooks (osteo_lib.apps.instructor.notebooks) on small notebooks built with nbformat.

The notebooks are made with ``nbformat.v4.new_notebook()`` in ``tmp_path`` so each test states exactly
what the parser sees; the real notebooks are covered by tests/test_instructor.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from osteo_lib.apps.instructor import TryThis, notebook_objectives, read_notebook, try_this_tasks
from osteo_lib.errors import DataError


def _write(folder: Path, name: str, cells: list) -> Path:
    path = folder / f"{name}.ipynb"
    nbformat.write(new_notebook(cells=cells), path)
    return path


def _lesson(folder: Path) -> Path:
    return _write(
        folder,
        "01_sample",
        [
            new_markdown_cell(
                "# Sample\n\n## Learning objectives\n\nBy the end you can:\n\n"
                "1. Name the **gate** idea.\n2.  Use `heat` safely.\n10. Count past nine.\n"
                "3.No space, so not an objective.\n- a bullet, not numbered",
                id="objs",
            ),
            new_markdown_cell("More objectives in the same section:\n\n4. Keep going.", id="objs2"),
            new_markdown_cell("## Time to learn\n\n1. Not an objective: another section.", id="time"),
            new_markdown_cell(
                "## The gate idea\n\n### Try this\n\n1. Move the slider.\n\n"
                "**Question:** Which change\nlowered the pain most?\n\nAfterwards.",
                id="task1",
            ),
            new_code_cell("from osteo_lib.views.widgets import GateSimulator\nGateSimulator(catalog)", id="code1"),
            new_markdown_cell(
                "## Heat\n\n> **Try this**\n>\n> **Question:** When is heat unsafe?\n>\n"
                "> **Try this** too\n>\n> **Question:** And cold?\n\n### Try thistle (not a task)",
                id="task2",
            ),
            new_code_cell("PainDiary(", id="broken"),
            new_code_cell("x = 1\nHeatTimer(x)", id="code2"),
        ],
    )


def test_try_this_tasks_are_read_cell_by_cell(tmp_path: Path) -> None:
    _lesson(tmp_path)
    _write(tmp_path, "not_numbered", [new_markdown_cell("### Try this\n\n**Question:** Ignored?", id="skip")])
    assert try_this_tasks(tmp_path) == (
        TryThis("01_sample", "task1", 1, "The gate idea", "Which change lowered the pain most?", "GateSimulator"),
        TryThis("01_sample", "task2", 1, "Heat", "When is heat unsafe?", ""),
        TryThis("01_sample", "task2", 2, "Heat", "And cold?", ""),
    )
    assert [t.key for t in try_this_tasks(tmp_path)] == ["01_sample#task1", "01_sample#task2", "01_sample#task2/2"]


def test_objectives_are_the_numbered_lines_of_the_learning_objectives_section(tmp_path: Path) -> None:
    _lesson(tmp_path)
    assert notebook_objectives("01_sample", tmp_path) == (
        "Name the **gate** idea.",
        "Use `heat` safely.",
        "Count past nine.",
        "Keep going.",
    )


def test_a_notebook_without_cell_ids_falls_back_to_the_cell_index(tmp_path: Path) -> None:
    nb = new_notebook(cells=[new_markdown_cell("## Part\n\n> **Try this**\n>\n> **Question:** Why?")])
    doc = json.loads(nbformat.writes(nb))
    doc["nbformat_minor"] = 4
    del doc["cells"][0]["id"]
    (tmp_path / "02_old.ipynb").write_text(json.dumps(doc), encoding="utf-8")
    assert [(t.cell, t.question) for t in try_this_tasks(tmp_path)] == [("cell-0", "Why?")]


def test_a_malformed_cell_is_reported_with_the_file_and_cell(tmp_path: Path) -> None:
    path = _lesson(tmp_path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["cells"][3]["source"] = 42
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(DataError) as info:
        try_this_tasks(tmp_path)
    message = str(info.value)
    assert message.startswith(f"{tmp_path.name}/01_sample.ipynb, record 'cell 3 (id task1)', field 'source': ")
    assert info.value.file == f"{tmp_path.name}/01_sample.ipynb" and info.value.record == "cell 3 (id task1)"
    with pytest.raises(DataError, match=r"01_sample\.ipynb, record 'cell 3 \(id task1\)'"):
        notebook_objectives("01_sample", tmp_path)


def test_a_cell_of_unknown_type_is_reported_with_the_file_and_cell(tmp_path: Path) -> None:
    path = _lesson(tmp_path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["cells"][1]["cell_type"] = "slide"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_notebook(path)
    assert info.value.file.endswith("/01_sample.ipynb") and info.value.record == "cell 1 (id objs2)"


@pytest.mark.parametrize("text", ["{not json", '{"cells": "none"}', "[]"])
def test_a_file_that_is_no_notebook_is_reported_with_its_name(tmp_path: Path, text: str) -> None:
    (tmp_path / "03_bad.ipynb").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        try_this_tasks(tmp_path)
    assert info.value.file == f"{tmp_path.name}/03_bad.ipynb"
    assert str(info.value).startswith(f"{tmp_path.name}/03_bad.ipynb, ")
