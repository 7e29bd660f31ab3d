"""The package's shape: data -> content -> care -> views -> apps, imports only going downward.

Read from the source (AST), so imports inside functions and under TYPE_CHECKING count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "osteo_lib"

#: Lower index = lower layer. A module may import its own layer and the layers below it.
LAYERS = ("errors", "content", "care", "views", "apps")
#: Third-party packages that draw things; the content and care layers never import them.
PRESENTATION = ("ipywidgets", "IPython", "anywidget", "jinja2", "markupsafe", "traitlets", "voila", "tornado")


def _module_name(path: Path, package: Path = PACKAGE) -> str:
    rel = path.relative_to(package.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "osteo_lib" or len(parts) == 1:
        return None
    return LAYERS.index(parts[1]) if parts[1] in LAYERS else None


def _imports(path: Path, package_dir: Path = PACKAGE) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    me = _module_name(path, package_dir)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            # "from osteo_lib import content" / "from osteo_lib.content import ui": the names may be modules
            found += [(node.lineno, f"{module}.{a.name}") for a in node.names if module in ("osteo_lib",)]
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


def test_every_module_sits_in_a_layer() -> None:
    loose = [_module_name(p) for p in MODULES if _module_name(p) != "osteo_lib" and _layer(_module_name(p)) is None]
    assert not loose, f"modules outside osteo_lib/{{{','.join(LAYERS[1:])}}}/: {loose}"


def upward_imports(package: Path = PACKAGE) -> list[str]:
    bad = []
    for path in sorted(package.rglob("*.py")):
        me = _module_name(path, package)
        mine = _layer(me)
        if mine is None:
            continue
        for line, module in _imports(path, package):
            theirs = _layer(module)
            if theirs is not None and theirs > mine:
                bad.append(f"{me} (line {line}) imports {module}: {LAYERS[mine]} may not import {LAYERS[theirs]}")
            if mine <= LAYERS.index("care") and module.split(".")[0] in PRESENTATION:
                bad.append(f"{me} (line {line}) imports {module}: {LAYERS[mine]} draws nothing")
    return bad


def test_imports_only_go_downward() -> None:
    assert upward_imports() == []


def test_the_package_root_only_reexports_content() -> None:
    root = PACKAGE / "__init__.py"
    layers = {_layer(m) for _, m in _imports(root)} - {None}
    assert layers <= {LAYERS.index("errors"), LAYERS.index("content")}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from osteo_lib.apps.dashboard import PatientDashboard\n", "imports osteo_lib.apps.dashboard"),
        ("import ipywidgets as w\n", "draws nothing"),
    ],
)
def test_the_check_catches_an_upward_import(tmp_path: Path, source: str, expected: str) -> None:
    """The checker itself: a care module importing an app or a widget library is reported."""
    fake = tmp_path / "osteo_lib"
    (fake / "care").mkdir(parents=True)
    (fake / "care" / "bad.py").write_text(source)
    problems = upward_imports(fake)
    assert len(problems) == 1 and expected in problems[0]


def test_only_the_content_layer_reads_data_files() -> None:
    """data/ is read by osteo_lib/content/ alone: no YAML parsing, data_dir() or registry use elsewhere."""
    readers = []
    for path in sorted(PACKAGE.rglob("*.py")):
        me = _module_name(path)
        if _layer(me) == LAYERS.index("content") or me == "osteo_lib":
            continue
        used = {m for _, m in _imports(path)}
        names = {n.id for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.Name)}
        names |= {n.attr for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.Attribute)}
        if "yaml" in used or {"read_yaml", "data_dir", "safe_load"} & names or "osteo_lib.content.registry" in used:
            readers.append(me)
    assert readers == []
