"""Reading and validating data files: YAML parsing, JSON Schema checks and cross-file checks.

Everything that goes wrong here is raised as :class:`~osteo_lib.errors.DataError` naming the file,
the record and the field.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from osteo_lib.errors import DataError

__all__ = [
    "MAX_FILE_BYTES",
    "SCHEMA_VERSION",
    "check_ids_exist",
    "check_range",
    "check_schema",
    "check_unique",
    "locate",
    "read_yaml",
    "schema",
    "schema_names",
    "walk_key",
]

SCHEMA_VERSION = 1
MAX_FILE_BYTES = 2_000_000


def read_yaml(path: Path, label: str) -> dict[str, Any]:
    """Parse one YAML file into a mapping, or raise DataError with the line of the syntax error."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(label, None, None, f"cannot be read ({exc.strerror or exc})") from exc
    if len(raw) > MAX_FILE_BYTES:
        raise DataError(label, None, None, f"is {len(raw)} bytes, more than the {MAX_FILE_BYTES} allowed")
    try:
        # libyaml's C loader when PyYAML has it (about 10x faster), else the pure-Python one.
        doc = yaml.load(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except UnicodeDecodeError as exc:
        raise DataError(label, None, None, f"is not valid UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataError(label, None, None, f"YAML syntax error{where}: {problem}") from exc
    if not isinstance(doc, dict):
        raise DataError(label, None, None, "must contain a mapping with schema_version at the top")
    version = doc.get("schema_version")
    if version != SCHEMA_VERSION:
        raise DataError(
            label,
            None,
            "schema_version",
            f"schema_version {version!r} is not supported; this library reads version {SCHEMA_VERSION}",
        )
    return doc


@cache
def _schemas() -> tuple[dict[str, dict[str, Any]], Any]:
    from referencing import Registry, Resource

    folder = resources.files("osteo_lib.content") / "schemas"
    schemas: dict[str, dict[str, Any]] = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".schema.json"):
            schemas[entry.name] = json.loads(entry.read_text(encoding="utf-8"))
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())
    return schemas, registry


def schema_names() -> list[str]:
    """Names of the schema files shipped with the package (e.g. ``methods.schema.json``)."""
    return sorted(_schemas()[0])


def schema(name: str) -> dict[str, Any]:
    """One schema as a dict; ``name`` is e.g. ``"methods"``."""
    return _schemas()[0][f"{name}.schema.json"]


def locate(doc: Any, path: Sequence[Any]) -> tuple[str | None, str | None]:
    """Turn a JSON path into (record, field).

    The record is the id of the first object with an ``id`` along the path (or the top-level section
    name when there is none); the field is the rest of the path, with list items that have an id
    written as ``name[id]``.
    """
    record: str | None = None
    parts: list[str] = []
    node = doc
    for key in path:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            parts.append(str(key))
            continue
        item_id = node.get("id") if isinstance(node, dict) else None
        if isinstance(key, int):
            if record is None and isinstance(item_id, str):
                record, parts = item_id, []
            elif parts:
                parts[-1] += f"[{item_id}]" if isinstance(item_id, str) else f"[{key}]"
            else:
                parts.append(f"[{key}]")
        else:
            parts.append(str(key))
    if record is None and parts:
        record, parts = parts[0], parts[1:]
    return record, ".".join(parts) or None


def _describe(error: Any) -> tuple[list[Any], str]:
    """Path and a readable problem for one jsonschema error."""
    path = list(error.absolute_path)
    instance = error.instance
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in instance]
        return path + missing[
            :1
        ], f"required field is missing{'' if len(missing) < 2 else f' (also missing: {missing[1:]})'}"
    if error.validator == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        unknown = sorted(k for k in instance if k not in allowed)
        return path + unknown[:1], f"unknown field (allowed fields: {', '.join(sorted(allowed))})"
    if instance is None or (isinstance(instance, str) and not instance.strip()):
        return path, "is empty; write the text"
    if error.validator == "enum":
        return path, f"{instance!r} is not one of the allowed values: {', '.join(map(str, error.validator_value))}"
    if error.validator == "anyOf" and isinstance(instance, dict) and "references" in error.schema.get("properties", {}):
        return path, "needs a doi or a url"
    return path, error.message


def _import_jsonschema() -> Any:
    """Import jsonschema without its optional ``rfc3987_syntax`` format checker.

    Jupyter installs ``jsonschema[format-nongpl]``, whose ``rfc3987_syntax`` compiles 38 Lark
    grammars at import: about 4 s here, against 0.5 s without it. Our schemas use no ``format``
    keyword, so the checker is never needed. The block is lifted again right after the import, so
    other code can still import ``rfc3987_syntax`` itself.
    """
    if "jsonschema" in sys.modules:
        return sys.modules["jsonschema"]
    blocked = "rfc3987_syntax" not in sys.modules
    if blocked:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]
    try:
        import jsonschema
    finally:
        if blocked:
            del sys.modules["rfc3987_syntax"]
    return jsonschema


def check_schema(doc: dict[str, Any], name: str, label: str) -> None:
    """Validate ``doc`` against schema ``name``; raise DataError for the first problem."""
    Draft202012Validator = _import_jsonschema().Draft202012Validator

    schemas, registry = _schemas()
    validator = Draft202012Validator(schemas[f"{name}.schema.json"], registry=registry)
    errors = sorted(validator.iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        path, problem = _describe(errors[0])
        record, fieldname = locate(doc, path)
        more = f" (and {len(errors) - 1} more problem(s) in this file)" if len(errors) > 1 else ""
        raise DataError(label, record, fieldname, problem + more)


def walk_key(doc: Any, key: str, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Yield (path, value) for every occurrence of ``key`` in nested mappings and lists."""
    if isinstance(doc, Mapping):
        for k, v in doc.items():
            if k == key:
                yield (*path, k), v
            yield from walk_key(v, key, (*path, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from walk_key(v, key, (*path, i))


def check_unique(doc: dict[str, Any], label: str, section: str) -> None:
    """Ids in ``doc[section]``, and in any list of records nested one level below, must be unique."""
    seen: set[str] = set()
    for item in doc.get(section, []):
        if item["id"] in seen:
            raise DataError(label, item["id"], "id", f"duplicate id {item['id']!r} in {section}")
        seen.add(item["id"])
        for sub, value in item.items():
            if isinstance(value, list) and all(isinstance(v, dict) and "id" in v for v in value):
                sub_seen: set[str] = set()
                for v in value:
                    if v["id"] in sub_seen:
                        raise DataError(label, item["id"], f"{sub}[{v['id']}].id", f"duplicate id {v['id']!r} in {sub}")
                    sub_seen.add(v["id"])


def check_ids_exist(doc: dict[str, Any], label: str, key: str, known: set[str], kind: str) -> None:
    """Every id listed under ``key`` (a list or a single id) must be in ``known``."""
    for path, value in walk_key(doc, key):
        values = value if isinstance(value, list) else [value]
        for v in values:
            if v not in known:
                record, fieldname = locate(doc, list(path))
                raise DataError(label, record, fieldname, f"unknown {kind} id {v!r}")


def check_range(doc: dict[str, Any], label: str, key: str) -> None:
    """Every {min, max} mapping under ``key`` must have min <= max."""
    for path, value in walk_key(doc, key):
        if isinstance(value, dict) and value.get("min", 0) > value.get("max", 0):
            record, fieldname = locate(doc, list(path))
            raise DataError(label, record, fieldname, f"min {value['min']} is larger than max {value['max']}")
