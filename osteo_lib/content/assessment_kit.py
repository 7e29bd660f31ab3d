"""The instructor's assessment kit (``data/assessment_kit.yaml``): analytic rubrics and an OSCE-style station
with a structured debrief, as typed records.

Checked beyond the schema: ids are unique in each list, every criterion has exactly one descriptor per level,
the levels' points strictly decrease, a rubric's notebook is one of ``data/notebooks.yaml`` and every cited
reference exists. Problems raise :class:`~osteo_lib.errors.DataError` naming the file, record and field.
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

__all__ = [
    "KIT_FILE",
    "AssessmentKit",
    "ChecklistItem",
    "Criterion",
    "DebriefPhase",
    "Level",
    "Osce",
    "Rubric",
    "load_assessment_kit",
]

KIT_FILE = "assessment_kit.yaml"


@dataclass(frozen=True, slots=True)
class Level:
    id: str
    name: str
    points: int


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str
    name: str
    descriptors: tuple[str, ...]
    references: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rubric:
    id: str
    title: str
    task: str
    criteria: tuple[Criterion, ...]
    notebook: str | None = None


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    id: str
    text: str
    critical: bool
    references: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DebriefPhase:
    name: str
    purpose: str
    prompts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Osce:
    id: str
    title: str
    minutes: int
    debrief_minutes: int
    candidate: str
    opening: str
    facts: tuple[str, ...]
    checklist: tuple[ChecklistItem, ...]
    global_rating: tuple[str, ...]
    debrief_method: str
    debrief_references: tuple[str, ...]
    phases: tuple[DebriefPhase, ...]


@dataclass(frozen=True, slots=True)
class AssessmentKit:
    levels: tuple[Level, ...]
    rubrics: tuple[Rubric, ...]
    osce: Osce

    def max_points(self, rubric: Rubric) -> int:
        """The best score a piece of work can earn on ``rubric``."""
        return self.levels[0].points * len(rubric.criteria)


def load_assessment_kit(directory: Path | None = None, catalog: Catalog | None = None) -> AssessmentKit:
    """The validated kit (``directory`` defaults to the data folder)."""
    cat = catalog if catalog is not None else load_catalog(directory)
    path = (directory if directory is not None else cat.source) / KIT_FILE
    label = f"{path.parent.name}/{KIT_FILE}"
    return registry.get("assessment_kit", path, lambda: _load(path, label, cat))


def _check(doc: dict[str, Any], label: str, catalog: Catalog, notebooks: set[str]) -> None:
    v.check_unique(doc, label, "levels")
    v.check_unique(doc, label, "rubrics")
    v.check_unique(doc["osce"], label, "checklist")
    points = [level["points"] for level in doc["levels"]]
    if points != sorted(points, reverse=True) or len(set(points)) != len(points):
        raise DataError(label, "levels", "points", f"the levels' points must go down from the best level: {points}")
    for rubric in doc["rubrics"]:
        if rubric.get("notebook") not in (None, *notebooks):
            raise DataError(label, rubric["id"], "notebook", f"unknown notebook {rubric['notebook']!r}")
        for criterion in rubric["criteria"]:
            if len(criterion["descriptors"]) != len(points):
                raise DataError(
                    label,
                    rubric["id"],
                    f"criteria[{criterion['id']}].descriptors",
                    f"has {len(criterion['descriptors'])} descriptors; write one per level ({len(points)})",
                )
    v.check_ids_exist(doc, label, "references", set(catalog.references), "reference")


def _load(path: Path, label: str, catalog: Catalog) -> AssessmentKit:
    doc = v.read_yaml(path, label)
    v.check_schema(doc, "assessment_kit", label)
    _check(doc, label, catalog, {n.file for n in load_notebooks(path.parent)})
    osce = doc["osce"]
    return AssessmentKit(
        levels=tuple(Level(lv["id"], lv["name"], lv["points"]) for lv in doc["levels"]),
        rubrics=tuple(
            Rubric(
                id=r["id"],
                title=r["title"],
                task=r["task"],
                notebook=r.get("notebook"),
                criteria=tuple(
                    Criterion(c["id"], c["name"], tuple(c["descriptors"]), tuple(c.get("references", ())))
                    for c in r["criteria"]
                ),
            )
            for r in doc["rubrics"]
        ),
        osce=Osce(
            id=osce["id"],
            title=osce["title"],
            minutes=osce["minutes"],
            debrief_minutes=osce["debrief_minutes"],
            candidate=osce["candidate"],
            opening=osce["patient"]["opening"],
            facts=tuple(osce["patient"]["facts"]),
            checklist=tuple(
                ChecklistItem(i["id"], i["text"], i["critical"], tuple(i.get("references", ())))
                for i in osce["checklist"]
            ),
            global_rating=tuple(osce["global_rating"]),
            debrief_method=osce["debrief"]["method"],
            debrief_references=tuple(osce["debrief"]["references"]),
            phases=tuple(DebriefPhase(p["name"], p["purpose"], tuple(p["prompts"])) for p in osce["debrief"]["phases"]),
        ),
    )
