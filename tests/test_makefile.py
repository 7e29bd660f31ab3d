"""The Makefile's install steps are stamped: once done, a second run reinstalls nothing. `make test` lints
first, then runs the suite with coverage; installs come from requirements.lock."""

from __future__ import annotations

import subprocess
from pathlib import Path

STAMPS = [
    ".venv/.installed",
    ".venv/.installed-hub",
    ".venv/.installed-test",
    "node_modules/.installed",
    "node_modules/.installed-hub",
]


def make(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "--no-print-directory", *args], cwd=root, capture_output=True, text=True)


def test_install_stamps_are_up_to_date(root: Path) -> None:
    # This suite runs under `make test`, so every install step has just run; `make -q` exits 0 only
    # when none of them would run again.
    result = make(root, "-q", *STAMPS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_second_dashboard_run_only_serves(root: Path) -> None:
    planned = make(root, "-n", "dashboard").stdout
    assert "pip install" not in planned and "-m venv" not in planned
    assert "-m osteo_lib.apps.serve" in planned and "patient_dashboard.ipynb" in planned


LINT = [".venv/bin/ruff check .", ".venv/bin/ruff format --check .", ".venv/bin/mypy"]
INSTALL_FROM_LOCK = [
    ".venv/bin/python -m pip install --disable-pip-version-check -q -r requirements.lock",
    ".venv/bin/python -m pip install --disable-pip-version-check -q --no-deps -e .",
]


def test_second_test_run_only_lints_and_runs_pytest(root: Path) -> None:
    # Nothing is installed again: the three lint commands, then pytest with coverage, and nothing else.
    planned = make(root, "-n", "test").stdout.strip().splitlines()
    assert planned[:3] == LINT, planned
    assert len(planned) == 4, planned
    pytest_line = planned[3]
    assert pytest_line.startswith(".venv/bin/python -m pytest "), planned
    assert "--cov=osteo_lib --cov-report=term:skip-covered" in pytest_line
    assert " -m " not in pytest_line.removeprefix(".venv/bin/python -m pytest ")  # no marker filter: the whole suite


def test_fast_run_leaves_out_browser_notebooks_and_slow_tests(root: Path) -> None:
    planned = make(root, "-n", "test-fast").stdout.strip().splitlines()
    assert len(planned) == 1, planned
    assert planned[0].startswith(".venv/bin/python -m pytest ")
    assert '-m "not browser and not notebooks and not slow"' in planned[0]


def test_lint_runs_ruff_and_strict_mypy(root: Path) -> None:
    assert make(root, "-n", "lint").stdout.strip().splitlines() == LINT
    # mypy reads its settings (strict, the osteo_lib package) from pyproject.toml.
    text = (root / "pyproject.toml").read_text()
    assert 'strict = true\npackages = ["osteo_lib"]' in text


def test_changed_pyproject_triggers_reinstall_from_the_lock(root: Path) -> None:
    planned = make(root, "-n", "-W", "pyproject.toml", "test").stdout.splitlines()
    assert planned[:2] == INSTALL_FROM_LOCK, planned


def test_changed_lock_triggers_reinstall(root: Path) -> None:
    planned = make(root, "-n", "-W", "requirements.lock", "test").stdout.splitlines()
    assert planned[:2] == INSTALL_FROM_LOCK, planned
    # The dashboard installs only the runtime dependencies, at the lock's versions.
    planned = make(root, "-n", "-W", "requirements.lock", "dashboard").stdout.splitlines()
    assert planned[0] == ".venv/bin/python -m pip install --disable-pip-version-check -q -c requirements.lock -e ."
    assert not any("-r requirements.lock" in line for line in planned)


def test_the_classroom_installs_the_hub_extra_not_the_test_tools(root: Path) -> None:
    # From a fresh checkout (every stamp missing: make -B), `make classroom` installs the project with the
    # hub extra at the lock's versions, and neither the whole lock nor the lint tools.
    planned = make(root, "-n", "-B", "classroom").stdout
    assert ".venv/bin/python -m pip install --disable-pip-version-check -q -c requirements.lock -e '.[hub]'" in planned
    assert "-r requirements.lock" not in planned and "ruff" not in planned, planned
    assert "-m osteo_lib.apps.classroom" in planned
    # `make test` still installs everything in the lock, which holds the hub extra too (and stamps it).
    test_plan = make(root, "-n", "-B", ".venv/.installed-test").stdout
    assert INSTALL_FROM_LOCK[0] in test_plan and "touch .venv/.installed .venv/.installed-hub" in test_plan
