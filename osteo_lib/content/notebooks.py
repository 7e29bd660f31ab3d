"""The teaching notebooks in reading order (``data/notebooks.yaml``): for the map of the workbook, the
instructor's guide, the answer keys, the timings and the "need to know" core of each notebook (the
content sections ``scripts/fold_notebooks.py`` leaves open in JupyterLab)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from osteo_lib.content import registry
from osteo_lib.content import validate as v
from osteo_lib.content.paths import data_dir
from osteo_lib.errors import DataError

__all__ = ["NOTEBOOKS_FILE", "CoreSection", "NotebookInfo", "Objective", "load_notebooks"]

NOTEBOOKS_FILE = "notebooks.yaml"


@dataclass(frozen=True, slots=True)
class Objective:
    """One learning objective of a notebook; quiz items name the one they assess by ``id``."""

    id: str
    text: str


@dataclass(frozen=True, slots=True)
class CoreSection:
    """A content section of the notebook's "need to know" core (open in JupyterLab; the others are
    folded), named by its level-2 heading, with the ids of the objectives it serves."""

    heading: str
    objectives: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NotebookInfo:
    """One teaching notebook, for the map of the workbook."""

    file: str
    title: str
    topics: str
    widgets: tuple[str, ...]
    minutes: int
    objectives: tuple[Objective, ...] = ()
    core_sections: tuple[CoreSection, ...] = ()


def load_notebooks(directory: Path | None = None) -> tuple[NotebookInfo, ...]:
    """The validated list of teaching notebooks (``directory`` defaults to the data folder)."""
    path = (directory if directory is not None else data_dir()) / NOTEBOOKS_FILE
    return registry.get("notebooks", path, lambda: _load(path, f"{path.parent.name}/{NOTEBOOKS_FILE}"))


def _load(path: Path, label: str) -> tuple[NotebookInfo, ...]:
    doc = v.read_yaml(path, label)
    v.check_schema(doc, "notebooks", label)
    files = [n["file"] for n in doc["notebooks"]]
    duplicates = sorted({f for f in files if files.count(f) > 1})
    if duplicates:
        raise DataError(label, duplicates[0], "file", f"notebook {duplicates[0]!r} is listed twice")
    owner: dict[str, str] = {}
    for n in doc["notebooks"]:
        for o in n["objectives"]:
            if o["id"] in owner:
                raise DataError(
                    label, n["file"], "objectives", f"objective id {o['id']!r} is already used by {owner[o['id']]}"
                )
            owner[o["id"]] = n["file"]
        _check_core(n, label)
    return tuple(
        NotebookInfo(
            n["file"],
            n["title"],
            n["topics"],
            tuple(n["widgets"]),
            n["minutes"],
            tuple(Objective(o["id"], o["text"]) for o in n["objectives"]),
            tuple(CoreSection(c["heading"], tuple(c["objectives"])) for c in n["core_sections"]),
        )
        for n in doc["notebooks"]
    )


def _check_core(n: dict[str, Any], label: str) -> None:
    """A core section names its heading once and serves only objectives of its own notebook."""
    own = [o["id"] for o in n["objectives"]]
    headings: set[str] = set()
    for c in n["core_sections"]:
        if c["heading"] in headings:
            raise DataError(label, n["file"], "core_sections", f"section {c['heading']!r} is listed twice")
        headings.add(c["heading"])
        for oid in c["objectives"]:
            if oid not in own:
                raise DataError(
                    label,
                    n["file"],
                    "core_sections",
                    f"section {c['heading']!r} names objective {oid!r}, which is not one of this notebook's "
                    f"objectives ({', '.join(own)})",
                )
