"""pyproject.toml and environment.yml name the same packages with the same pins."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

REQUIRED_PINS = {
    "voila": "==0.5.13",
    "nbval": "==0.11.0",
}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _split(spec: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec)
    assert m, f"cannot read requirement {spec!r}"
    return _norm(m.group(1)), m.group(2).replace(" ", "")


def _pyproject(root: Path) -> dict[str, str]:
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    specs = list(project["dependencies"]) + list(project["optional-dependencies"]["test"])
    return dict(_split(s) for s in specs)


def _environment(root: Path) -> tuple[dict[str, str], list[str], list[str]]:
    env = yaml.safe_load((root / "environment.yml").read_text())
    conda: dict[str, str] = {}
    pip: list[str] = []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip.extend(dep.get("pip", []))
            continue
        name, spec = _split(dep)
        if name in {"python", "pip"}:
            continue
        conda[name] = spec
    return conda, pip, env["channels"]


def test_same_packages_and_pins(root: Path) -> None:
    py = _pyproject(root)
    conda, pip, _ = _environment(root)
    pip_pins = dict(_split(p) for p in pip if not p.startswith("-e"))
    combined = {**conda, **pip_pins}
    assert combined == py


def test_environment_installs_the_project_and_uses_conda_forge(root: Path) -> None:
    _, pip, channels = _environment(root)
    assert "-e ." in pip
    assert channels[0] == "conda-forge"


def test_every_dependency_is_pinned(root: Path) -> None:
    for name, spec in _pyproject(root).items():
        assert spec.startswith("==") or (">=" in spec and "<" in spec), f"{name} is not pinned: {spec!r}"


def test_known_safe_versions(root: Path) -> None:
    py = _pyproject(root)
    for name, spec in REQUIRED_PINS.items():
        assert py[name] == spec
    assert py["ipywidgets"].startswith("==8.1.")
    assert py["jupyterlab"].startswith("==4.6.")
    assert py["jupyter-server"].startswith(">=2.2") and py["nbconvert"].startswith(">=7.17.1")
    assert "ipykernel" in py
