"""The markers `browser`, `notebooks` and `slow` are registered and set on every test by conftest.py (at
the repository root), so `make test-fast` (-m "not browser and not notebooks and not slow") leaves out
Chromium, the notebooks, the servers and the hub, and nothing else."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
FAST = "not browser and not notebooks and not slow"


def _root_conftest() -> ModuleType:
    spec = importlib.util.spec_from_file_location("root_conftest_under_test", ROOT / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _collected(*args: str) -> list[str]:
    """The node ids pytest collects for ``args`` (run from the repository root, as `make` does)."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode in (0, 5), result.stdout[-3000:] + result.stderr[-3000:]  # 5: all deselected
    return [line for line in result.stdout.splitlines() if "::" in line]


def test_markers_are_registered_and_strict() -> None:
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    registered = {m.split(":")[0] for m in options["markers"]}
    assert registered == {"browser", "notebooks", "slow"}
    assert "--strict-markers" in options["addopts"].split()  # a misspelt marker is an error, not a no-op


@pytest.mark.parametrize(
    ("path", "fixtures", "expected"),
    [
        ("tests/browser/test_privacy.py", (), {"browser", "slow"}),
        ("tests/hub/test_hub.py", (), {"slow"}),
        ("tests/hub/test_binder.py", ("root", "browser"), {"browser", "slow"}),
        ("notebooks/00_start_here.ipynb", (), {"notebooks"}),
        ("notebooks/instructor/workshop_guide.ipynb", (), {"notebooks"}),
        ("tests/test_dashboard_serves.py", (), {"slow"}),
        ("tests/test_catalog.py", ("catalog",), set()),
        ("tests/widgets/test_quiz.py", (), set()),
    ],
)
def test_markers_for_each_kind_of_test(path: str, fixtures: tuple[str, ...], expected: set[str]) -> None:
    assert _root_conftest().markers_for(ROOT / path, fixtures) == expected


def test_fast_selection_leaves_out_exactly_the_heavy_tests() -> None:
    heavy = [
        "tests/browser/test_privacy.py",
        "tests/hub/test_deploy_config.py",
        "tests/test_dashboard_serves.py",
        "notebooks/00_start_here.ipynb",
    ]
    everything = _collected(*heavy, "tests/test_makefile.py")
    assert {nodeid.split("::")[0] for nodeid in everything} == {*heavy, "tests/test_makefile.py"}
    fast = _collected("-m", FAST, *heavy, "tests/test_makefile.py")
    assert fast and all(nodeid.startswith("tests/test_makefile.py::") for nodeid in fast), fast
    assert len(fast) == sum(nodeid.startswith("tests/test_makefile.py::") for nodeid in everything)


def test_notebook_cells_and_browser_tests_are_marked_when_collected_alone() -> None:
    cells = _collected("-m", "notebooks", "notebooks/00_start_here.ipynb", "tests/test_makefile.py")
    assert cells and all(nodeid.startswith("notebooks/00_start_here.ipynb::") for nodeid in cells), cells
    # In tests/hub/, only the test that opens Chromium is a browser test.
    browser = _collected("-m", "browser", "tests/hub/test_binder.py")
    assert browser == ["tests/hub/test_binder.py::test_binder_opens_on_the_dashboard"]
