"""One content cache (osteo_lib.content.registry) and one reload(): after it, every loader reads its file again."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

import osteo_lib
from osteo_lib.apps import instructor
from osteo_lib.content import case_exhibits, dashboard, quiz, registry, timeline
from osteo_lib.content.catalog import load_catalog

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "osteo_lib"


def _edit(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _set(*keys: str | int, value: str) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        node: Any = doc
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value

    return change


# (file under data/, the edit, what the loader shows)
CASES: dict[str, tuple[str, Callable[[dict[str, Any]], None], Callable[[Path], str]]] = {
    "catalog": (
        "physiology.yaml",
        _set("pain_definition", "patient_text", value="Edited definition."),
        lambda folder: load_catalog(folder).pain_definition.patient_text,
    ),
    "dashboard": (
        "dashboard.yaml",
        _set("title", value="Edited title"),
        lambda folder: dashboard.load_dashboard(load_catalog(folder)).title,
    ),
    "quiz bank": (
        "quizzes/case_study.yaml",
        _set("title", value="Edited bank title"),
        lambda folder: quiz.load_bank("case_study", load_catalog(folder)).title,
    ),
    "quiz banks": (
        "quizzes/case_study.yaml",
        _set("title", value="Edited bank title"),
        lambda folder: quiz.load_banks(load_catalog(folder))["case_study"].title,
    ),
    "timeline": (
        "timeline.yaml",
        _set("phases", 0, "name", value="Edited phase name"),
        lambda folder: timeline.load_timeline(load_catalog(folder)).phases[0].name,
    ),
    "instructor": (
        "instructor.yaml",
        _set("plans", 0, "title", value="Edited plan title"),
        lambda folder: instructor.load_guide(load_catalog(folder)).plans[0].title,
    ),
    "case exhibits": (
        "case_exhibits.yaml",
        _set("visits", 0, "setting", value="Edited setting"),
        lambda folder: case_exhibits.load_case_exhibits(folder).visits[0].setting,
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_reload_makes_every_loader_read_its_file_again(case: str, data_copy: Path) -> None:
    file, change, shown = CASES[case]
    before = shown(data_copy)
    _edit(data_copy / file, change)
    assert shown(data_copy) == before, "without reload() the loaded content is kept"
    osteo_lib.reload()
    after = shown(data_copy)
    assert after != before and after.startswith("Edited")


@pytest.mark.parametrize(
    "alias",
    [osteo_lib.clear_cache, quiz.clear_cache, dashboard.clear_cache, timeline.clear_cache, instructor.clear_cache],
)
def test_old_clear_cache_functions_forget_everything(alias: Callable[[], None], data_copy: Path) -> None:
    file, change, shown = CASES["timeline"]
    shown(data_copy)
    _edit(data_copy / file, change)
    alias()
    assert shown(data_copy) == "Edited phase name"


def test_a_loader_that_fails_caches_nothing() -> None:
    calls: list[int] = []

    def loader() -> int:
        calls.append(1)
        if len(calls) == 1:
            raise ValueError("first read fails")
        return 7

    with pytest.raises(ValueError, match="first read fails"):
        registry.get("test", "failing", loader)
    assert registry.get("test", "failing", loader) == 7
    assert registry.get("test", "failing", loader) == 7 and len(calls) == 2


# Functions a module may cache itself: they hold code-owned files (schemas, stylesheets) or classes, not data/.
CODE_OWNED = {
    ("apps/serve.py", "pool_aware_kernel_manager_class"),
    ("apps/serve.py", "serving_voila_class"),
    ("content/paths.py", "_shipped_data_dir"),  # where the data folder is, not what is in it
    ("content/validate.py", "_schemas"),
    ("views/summary_document.py", "stylesheet"),
    ("views/plan_document.py", "stylesheet"),
    ("views/widgets/base.py", "stylesheet_text"),
    ("views/templates.py", "environment"),
}
CACHE_DECORATORS = {"lru_cache", "cache", "cached_property"}


def _decorator_name(node: ast.expr) -> str:
    target = node.func if isinstance(node, ast.Call) else node
    return target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")


def test_no_module_caches_data_except_through_the_registry() -> None:
    cached: set[tuple[str, str]] = set()
    readers: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
                _decorator_name(d) in CACHE_DECORATORS for d in node.decorator_list
            ):
                cached.add((rel, node.name))
        reads_data = "read_yaml(" in source or "yaml.safe_load" in source
        if reads_data and rel not in {"content/validate.py", "content/registry.py"} and "registry.get(" not in source:
            readers.append(rel)
    assert cached <= CODE_OWNED, f"cache these through osteo_lib.content.registry.get: {sorted(cached - CODE_OWNED)}"
    assert not readers, f"modules that read data files without osteo_lib.content.registry: {readers}"
    assert not [n for rel, n in CODE_OWNED if "load" in n or "read" in n]


def test_schema_cache_is_code_owned() -> None:
    """The one lru_cache left in _validate holds the packaged JSON schemas, never a data file."""
    source = (PACKAGE / "content" / "validate.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    fn = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "_schemas")
    assert "resources" in ast.unparse(fn) and "read_yaml" not in ast.unparse(fn)


def test_dashboard_content_does_not_import_the_widgets() -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, osteo_lib.content.dashboard\n"
            "print(sorted(m for m in sys.modules if m.startswith('osteo_lib.views.widgets')))",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    assert out.strip() == "[]"
    tree = ast.parse((PACKAGE / "content" / "dashboard.py").read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not [m for m in imported if m and m.startswith("osteo_lib.views.widgets")]


def test_lesson_reads_no_yaml_itself() -> None:
    source = (PACKAGE / "apps" / "lesson.py").read_text(encoding="utf-8")
    assert "yaml" not in {a.name for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Import) for a in n.names}
    assert 'physiology.yaml").read' not in source and "safe_load" not in source


def test_catalog_knows_which_facts_come_from_physiology(data_copy: Path) -> None:
    doc = yaml.safe_load((data_copy / "physiology.yaml").read_text(encoding="utf-8"))
    cat = load_catalog(data_copy)
    assert cat.physiology_fact_ids == frozenset(f["id"] for f in doc["facts"])
    assert cat.physiology_fact_ids <= {f.id for f in cat.facts}


def test_one_helper_each_for_tuples_and_id_lookup() -> None:
    for name in ("_t", "_find", "_lookup"):
        defined = [
            p.relative_to(PACKAGE).as_posix()
            for p in PACKAGE.rglob("*.py")
            if any(
                isinstance(n, ast.FunctionDef) and n.name == name
                for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
            )
        ]
        assert not defined, f"{name} is defined in {defined}; use osteo_lib.content.records"
