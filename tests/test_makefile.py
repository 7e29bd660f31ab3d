"""The Makefile's install steps are stamped: once done, a second run reinstalls nothing."""

from __future__ import annotations

import subprocess
from pathlib import Path

STAMPS = [".venv/.installed", ".venv/.installed-test", "node_modules/.installed"]


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
    assert "voila" in planned and "patient_dashboard.ipynb" in planned


def test_second_test_run_only_runs_pytest(root: Path) -> None:
    planned = make(root, "-n", "test").stdout.strip().splitlines()
    assert len(planned) == 1 and "pytest" in planned[0], planned


def test_changed_pyproject_triggers_reinstall(root: Path) -> None:
    planned = make(root, "-n", "-W", "pyproject.toml", "test").stdout
    assert 'pip install --disable-pip-version-check -q -e ".[test,lint]"' in planned
