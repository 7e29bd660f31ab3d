"""Reading the project's dependency files: pyproject.toml's ranges, requirements.lock's versions and the
conda environment files (for tests/test_dependencies.py and tests/hub/test_binder.py)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
#: The one command that makes the lock (the Makefile's `lock` target, without UPGRADE).
LOCK_COMMAND = "uv pip compile pyproject.toml --extra test --extra lint --python-version 3.11 -o requirements.lock"


def norm(name: str) -> str:
    """A distribution name in PEP 503 normal form (``jupyter_server`` -> ``jupyter-server``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def split(spec: str) -> tuple[str, str]:
    """``"name >= 1, < 2"`` -> ``("name", ">=1,<2")``: the normalised name and the version part, no spaces."""
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec)
    assert m, f"cannot read requirement {spec!r}"
    return norm(m.group(1)), m.group(2).replace(" ", "")


def pyproject(root: Path = ROOT) -> dict[str, Any]:
    project: dict[str, Any] = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project


def requirements(root: Path = ROOT, *groups: str) -> dict[str, str]:
    """name -> version part, for ``"runtime"`` (the dependencies) and the named extras. An extra that names
    the project's own extras (``osteo-pain-workbook[hub]``) counts their requirements as its own."""
    project = pyproject(root)
    specs: list[str] = []
    for group in groups:
        specs += project["dependencies"] if group == "runtime" else project["optional-dependencies"][group]
    found: dict[str, str] = {}
    for spec in specs:
        own = re.fullmatch(rf"\s*{re.escape(project['name'])}\[([a-z0-9_,\s-]+)\]\s*", spec)
        if own:
            found.update(requirements(root, *(extra.strip() for extra in own.group(1).split(","))))
        else:
            found.update([split(spec)])
    return found


def read_lock(path: Path = LOCK) -> tuple[dict[str, str], list[str]]:
    """(name -> exact version, the header's comment lines) of a requirements file made by uv pip compile."""
    versions: dict[str, str] = {}
    header: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if not versions:
                header.append(line.lstrip("# ").strip())
            continue
        m = re.fullmatch(r"([A-Za-z0-9_.\-]+)(\[[^\]]*\])?==([^\s;]+)(\s*;.*)?", line)
        assert m, f"{path.name}: not an exact pin: {line!r}"
        name = norm(m.group(1))
        assert name not in versions, f"{path.name} names {name} twice"
        versions[name] = m.group(3)
    return versions, header


def conda_environment(path: Path) -> tuple[dict[str, str], list[Any], dict[str, Any]]:
    """(name -> version part of each conda dependency, the other entries (the pip: section), the whole file)."""
    env: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    deps: dict[str, str] = {}
    others: list[Any] = []
    for dep in env["dependencies"]:
        if isinstance(dep, str):
            name, spec = split(dep)
            deps[name] = spec
        else:
            others.append(dep)
    return deps, others, env
