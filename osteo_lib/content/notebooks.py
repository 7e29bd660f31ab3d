"""The teaching notebooks in reading order (``data/notebooks.yaml``): for the map of the workbook, the
instructor's guide, the answer keys and the timings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from osteo_lib.content import registry
from osteo_lib.content import validate as v
from osteo_lib.content.paths import data_dir
from osteo_lib.errors import DataError

__all__ = ["NOTEBOOKS_FILE", "NotebookInfo", "Objective", "load_notebooks"]

NOTEBOOKS_FILE = "notebooks.yaml"


@dataclass(frozen=True, slots=True)
class Objective:
    """One learning objective of a notebook; quiz items name the one they assess by ``id``."""

    id: str
    text: str


@dataclass(frozen=True, slots=True)
class NotebookInfo:
    """One teaching notebook, for the map of the workbook."""

    file: str
    title: str
    topics: str
    widgets: tuple[str, ...]
    minutes: int
    objectives: tuple[Objective, ...] = ()


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
    return tuple(
        NotebookInfo(
            n["file"],
            n["title"],
            n["topics"],
            tuple(n["widgets"]),
            n["minutes"],
            tuple(Objective(o["id"], o["text"]) for o in n["objectives"]),
        )
        for n in doc["notebooks"]
    )
