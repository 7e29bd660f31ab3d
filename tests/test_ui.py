"""data/ui/*.yaml: every user-facing string of the code, validated and looked up by area and key."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import osteo_lib
from osteo_lib.content.paths import data_dir
from osteo_lib.content.ui import ui_areas, ui_texts
from osteo_lib.errors import DataError

PACKAGE = Path(__file__).resolve().parent.parent / "osteo_lib"


def _write(folder: Path, area: str, body: str) -> None:
    (folder / "ui").mkdir(parents=True, exist_ok=True)
    (folder / "ui" / f"{area}.yaml").write_text(body, encoding="utf-8")


def test_texts_are_read_by_area_and_key(tmp_path: Path) -> None:
    _write(tmp_path, "demo", "schema_version: 1\naudience: patient\ntexts:\n  hello: Hello {name}.\n")
    texts = ui_texts("demo", tmp_path)
    assert texts["hello"] == "Hello {name}." and texts.format("hello", name="Ann") == "Hello Ann."
    assert texts.audience == "patient" and dict(texts) == {"hello": "Hello {name}."}
    assert ui_areas(tmp_path) == ["demo"]


def test_a_missing_key_names_the_file_and_the_key(tmp_path: Path) -> None:
    _write(tmp_path, "demo", "schema_version: 1\naudience: student\ntexts:\n  hello: Hello.\n")
    with pytest.raises(KeyError, match=r"ui/demo.yaml has no text 'goodbye'"):
        ui_texts("demo", tmp_path)["goodbye"]


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("schema_version: 1\naudience: patient\ntexts:\n  Bad Key: x\n", "Bad Key"),
        ("schema_version: 1\naudience: everyone\ntexts:\n  a: x\n", "audience"),
        ("schema_version: 1\naudience: patient\ntexts:\n  a: '   '\n", "texts"),
        ("schema_version: 1\naudience: patient\ntexts: [a, b\n", "YAML syntax error"),
    ],
)
def test_a_broken_file_is_a_data_error_naming_it(tmp_path: Path, body: str, problem: str) -> None:
    _write(tmp_path, "demo", body)
    with pytest.raises(DataError, match=r"ui/demo\.yaml") as info:
        ui_texts("demo", tmp_path)
    assert problem in str(info.value)


def test_a_missing_area_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"ui/nowhere.yaml.*is missing"):
        ui_texts("nowhere", tmp_path)


def test_texts_are_cached_until_reload(tmp_path: Path) -> None:
    _write(tmp_path, "demo", "schema_version: 1\naudience: patient\ntexts:\n  a: One.\n")
    assert ui_texts("demo", tmp_path)["a"] == "One."
    _write(tmp_path, "demo", "schema_version: 1\naudience: patient\ntexts:\n  a: Two.\n")
    assert ui_texts("demo", tmp_path)["a"] == "One."
    osteo_lib.reload()
    assert ui_texts("demo", tmp_path)["a"] == "Two."


def _asked_for() -> set[tuple[str, str]]:
    """(area, module) for every ui_texts("area") call in the package."""
    asked = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "ui_texts"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                asked.add((node.args[0].value, path.relative_to(PACKAGE).as_posix()))
    return asked


def test_every_area_the_code_asks_for_exists_and_every_file_is_used() -> None:
    asked = _asked_for()
    areas = set(ui_areas())
    assert {a for a, _ in asked} <= areas, f"no data/ui file for {sorted({a for a, _ in asked} - areas)}"
    assert areas <= {a for a, _ in asked}, f"data/ui files no code reads: {sorted(areas - {a for a, _ in asked})}"
    for area in areas:
        assert len(ui_texts(area)) > 0


def test_every_ui_file_validates() -> None:
    for area in ui_areas():
        texts = ui_texts(area)
        for key, text in texts.items():
            assert re.fullmatch(r"[a-z][a-z0-9_]*", key)
            assert text.strip(), f"{texts.label}: {key} is empty"
    assert (data_dir() / "ui").is_dir()
