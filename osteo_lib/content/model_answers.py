"""Model answers to the notebooks' "Try this" questions (``data/model_answers.yaml``), as typed records.

For the instructor only: shown in the workshop guide, printed into ``handouts/instructor/model-answers.html``
and left out of the student version (:data:`osteo_lib.content.student_data.LEFT_OUT`). Checked beyond the
schema: ids are unique, every notebook is one of ``data/notebooks.yaml``, no notebook cell has two answers,
and every cited reference exists. Problems raise :class:`~osteo_lib.errors.DataError` naming the file,
record and field. Which cells ask a question is the notebooks' business: a test matches the two.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from osteo_lib.content import registry
from osteo_lib.content import validate as v
from osteo_lib.content.catalog import Catalog, load_catalog
from osteo_lib.content.notebooks import load_notebooks
from osteo_lib.errors import DataError

__all__ = ["ANSWERS_FILE", "ModelAnswer", "load_model_answers"]

ANSWERS_FILE = "model_answers.yaml"


@dataclass(frozen=True, slots=True)
class ModelAnswer:
    """The model answer to one Try this question of one notebook cell."""

    id: str
    notebook: str
    cell: str
    question: str
    answer: str
    key_points: tuple[str, ...]
    references: tuple[str, ...] = ()


def load_model_answers(directory: Path | None = None, catalog: Catalog | None = None) -> tuple[ModelAnswer, ...]:
    """Every model answer, in file order (``directory`` defaults to the data folder)."""
    cat = catalog if catalog is not None else load_catalog(directory)
    path = (directory if directory is not None else cat.source) / ANSWERS_FILE
    label = f"{path.parent.name}/{ANSWERS_FILE}"
    return registry.get("model_answers", path, lambda: _load(path, label, cat))


def _check(doc: dict[str, Any], label: str, catalog: Catalog, notebooks: set[str]) -> None:
    v.check_unique(doc, label, "answers")
    cells: dict[tuple[str, str], str] = {}
    for answer in doc["answers"]:
        if answer["notebook"] not in notebooks:
            raise DataError(label, answer["id"], "notebook", f"unknown notebook {answer['notebook']!r}")
        key = (answer["notebook"], answer["cell"])
        if key in cells:
            raise DataError(label, answer["id"], "cell", f"cell {answer['cell']!r} already has answer {cells[key]!r}")
        cells[key] = answer["id"]
    v.check_ids_exist(doc, label, "references", set(catalog.references), "reference")


def _load(path: Path, label: str, catalog: Catalog) -> tuple[ModelAnswer, ...]:
    doc = v.read_yaml(path, label)
    v.check_schema(doc, "model_answers", label)
    _check(doc, label, catalog, {n.file for n in load_notebooks(path.parent)})
    return tuple(
        ModelAnswer(
            id=a["id"],
            notebook=a["notebook"],
            cell=a["cell"],
            question=a["question"],
            answer=a["answer"],
            key_points=tuple(a["key_points"]),
            references=tuple(a.get("references", ())),
        )
        for a in doc["answers"]
    )
