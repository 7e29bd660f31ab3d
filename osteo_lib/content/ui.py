"""Every user-facing string of the code, read from ``data/ui/<area>.yaml`` (validated, cached once).

Code never spells out a label, heading, button text or message; it asks for one by area and key::

    from osteo_lib.content.ui import ui_texts
    TEXT = ui_texts("gate")          # data/ui/gate.yaml
    TEXT["heading"]                  # "The pain gate"
    TEXT.format("value_of_10", value=3)

A missing file, a file that breaks ``ui.schema.json`` or a key that is not there raises an error
naming the file and the key. Translations later add ``data/ui/<lang>/`` beside these files.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from osteo_lib.content import registry
from osteo_lib.content import validate as v
from osteo_lib.content.paths import data_dir
from osteo_lib.errors import DataError

__all__ = ["UI_DIR", "UiTexts", "ui_areas", "ui_texts"]

UI_DIR = "ui"
Audience = Literal["patient", "student", "instructor"]


@dataclass(frozen=True)
class UiTexts(Mapping[str, str]):
    """The texts of one area: a read-only mapping from key to text."""

    area: str
    audience: Audience
    label: str
    texts: Mapping[str, str]

    def __getitem__(self, key: str) -> str:
        try:
            return self.texts[key]
        except KeyError:
            raise KeyError(f"{self.label} has no text {key!r}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.texts)

    def __len__(self) -> int:
        return len(self.texts)

    def format(self, key: str, /, **values: object) -> str:
        """The text of ``key`` with its ``{placeholders}`` filled in."""
        return self[key].format(**values)


def _folder(directory: Path | None) -> Path:
    return (directory if directory is not None else data_dir()) / UI_DIR


def ui_areas(directory: Path | None = None) -> list[str]:
    """The areas that have a file in ``data/ui/`` (file names without ``.yaml``), sorted."""
    return sorted(p.stem for p in _folder(directory).glob("*.yaml"))


def ui_texts(area: str, directory: Path | None = None) -> UiTexts:
    """The validated texts of ``data/ui/<area>.yaml`` (``directory`` defaults to the data folder)."""
    path = _folder(directory) / f"{area}.yaml"
    label = f"{UI_DIR}/{area}.yaml"
    return registry.get("ui", (path, area), lambda: _load(path, area, label))


def _load(path: Path, area: str, label: str) -> UiTexts:
    if not path.is_file():
        raise DataError(label, None, None, f"is missing: the code asks for the texts of area {area!r}")
    doc = v.read_yaml(path, label)
    v.check_schema(doc, "ui", label)
    return UiTexts(area=area, audience=doc["audience"], label=label, texts=dict(doc["texts"]))
