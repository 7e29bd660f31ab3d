"""The schemas themselves: versioned, strict (unknown fields rejected) and fully described."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from osteo_lib.content import validate as _validate

NAMES = [n.removesuffix(".schema.json") for n in _validate.schema_names()]


def _objects(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if node.get("type") == "object" or "properties" in node:
            yield path, node
        for key, value in node.items():
            yield from _objects(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _objects(value, f"{path}/{i}")


def test_the_expected_schemas_exist() -> None:
    assert {"common", "references", "physiology", "causes", "methods", "glossary", "quiz"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_objects_reject_unknown_fields(name: str) -> None:
    for path, obj in _objects(_validate.schema(name)):
        # An overlay (no "type": only more constraints on an object declared elsewhere, e.g. the quiz
        # schema's keyed and keyless item forms) leaves unknown fields to that object.
        overlay = "type" not in obj
        if "properties" in obj and path.split("/")[-1] not in {"if", "then", "else"} and "/if/" not in path + "/":
            assert overlay or obj.get("additionalProperties") is False, f"{name}{path} accepts unknown fields"


def _description(spec: dict[str, Any], here: str) -> str | None:
    """The field's own description, or that of the definition its $ref points to."""
    if spec.get("description"):
        return str(spec["description"])
    ref = spec.get("$ref")
    if not ref:
        return None
    file, _, pointer = ref.partition("#")
    target: Any = _validate.schema(file.removesuffix(".schema.json") if file else here)
    for part in pointer.strip("/").split("/"):
        target = target[part]
    return _description(target, file.removesuffix(".schema.json") if file else here)


@pytest.mark.parametrize("name", NAMES)
def test_every_field_has_a_description(name: str) -> None:
    for path, obj in _objects(_validate.schema(name)):
        if "/if" in path:
            continue
        for field, spec in obj.get("properties", {}).items():
            assert _description(spec, name), f"{name}{path}/properties/{field} has no description"


@pytest.mark.parametrize("name", [n for n in NAMES if n != "common"])
def test_files_carry_schema_version(name: str) -> None:
    schema = _validate.schema(name)
    assert "schema_version" in schema["required"]
    assert schema["properties"]["schema_version"]["$ref"].endswith("#/$defs/schema_version")
    assert _validate.schema("common")["$defs"]["schema_version"]["const"] == _validate.SCHEMA_VERSION
