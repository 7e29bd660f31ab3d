"""The plain-language rules for patient texts (``data/plain_language.yaml``) and the one healing range.

The file holds the jargon a patient text may use only with its short definition, and the keyboard
wording kept out of patient texts; ``tests/test_patient_language.py`` applies the rules to every
patient text. Data texts write ``{healing_range}`` where they give the healing range: the catalog and
the timeline fill it in (:func:`fill_healing_range`) with ``causes.yaml`` ``healing.range_words``
made from ``healing.range_weeks``, so the numbers live in one field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from osteo_lib.content import registry
from osteo_lib.content import validate as v
from osteo_lib.content.paths import data_dir

__all__ = [
    "HEALING_RANGE",
    "PLAIN_LANGUAGE_FILE",
    "Jargon",
    "PlainLanguage",
    "fill_healing_range",
    "load_plain_language",
    "uses_healing_range",
]

PLAIN_LANGUAGE_FILE = "plain_language.yaml"
HEALING_RANGE = "{healing_range}"  # the placeholder data texts write for the healing range


@dataclass(frozen=True, slots=True)
class Jargon:
    """A term a patient may not know; ``glossary`` and ``plain`` are empty when it may not be used."""

    term: str
    forms: tuple[str, ...]
    glossary: str | None
    plain: str | None
    allowed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PlainLanguage:
    """The rules of data/plain_language.yaml."""

    jargon: tuple[Jargon, ...]
    keyboard: tuple[str, ...]  # regular expressions, case-insensitive
    keyboard_help: frozenset[str]  # "area.key" of data/ui texts that may give keyboard instructions


def load_plain_language(directory: Path | None = None) -> PlainLanguage:
    """The validated rules of ``data/plain_language.yaml`` (``directory`` defaults to the data folder)."""
    path = (directory if directory is not None else data_dir()) / PLAIN_LANGUAGE_FILE
    return registry.get("plain_language", path, lambda: _load(path, f"{path.parent.name}/{PLAIN_LANGUAGE_FILE}"))


def _load(path: Path, label: str) -> PlainLanguage:
    doc = v.read_yaml(path, label)
    v.check_schema(doc, "plain_language", label)
    return PlainLanguage(
        jargon=tuple(
            Jargon(
                term=j["term"],
                forms=tuple(j.get("forms", ())),
                glossary=j.get("glossary"),
                plain=j.get("plain"),
                allowed=tuple(j.get("allowed", ())),
            )
            for j in doc["jargon"]
        ),
        keyboard=tuple(doc["keyboard"]),
        keyboard_help=frozenset(doc["keyboard_help"]),
    )


def fill_healing_range(node: Any, words: str) -> Any:
    """A copy of ``node`` (YAML mappings, lists, strings) with every ``{healing_range}`` replaced by ``words``."""
    if isinstance(node, str):
        return node.replace(HEALING_RANGE, words)
    if isinstance(node, Mapping):
        return {key: fill_healing_range(value, words) for key, value in node.items()}
    if isinstance(node, list):
        return [fill_healing_range(item, words) for item in node]
    return node


def uses_healing_range(node: Any) -> bool:
    """Whether any text in ``node`` writes ``{healing_range}`` (a data folder that never does needs no
    plain_language.yaml)."""
    if isinstance(node, str):
        return HEALING_RANGE in node
    if isinstance(node, Mapping):
        return any(uses_healing_range(value) for value in node.values())
    if isinstance(node, list):
        return any(uses_healing_range(item) for item in node)
    return False
