"""The Makefile's install steps are stamped: once done, a second run reinstalls nothing. `make test` lints
first, then runs the suite with coverage; installs come from requirements.lock."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

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


NPM_CI = "npm ci --no-audit --no-fund --loglevel=error"


def test_the_classroom_installs_only_the_npm_packages_the_hub_needs(root: Path) -> None:
    # package.json: JupyterHub's proxy is a dependency, the browser tests' tools are devDependencies, and the lock
    # agrees (npm ci refuses a lock that does not).
    package = json.loads((root / "package.json").read_text())
    assert set(package["dependencies"]) == {"configurable-http-proxy"}
    assert {"axe-core", "lighthouse"} <= set(package["devDependencies"])
    lock = json.loads((root / "package-lock.json").read_text())["packages"]
    assert lock[""]["dependencies"] == package["dependencies"]
    assert lock[""]["devDependencies"] == package["devDependencies"]
    assert "dev" not in lock["node_modules/configurable-http-proxy"]
    assert lock["node_modules/axe-core"]["dev"] is True and lock["node_modules/lighthouse"]["dev"] is True
    # From a fresh checkout, `make classroom` runs npm ci without the devDependencies, never the whole install;
    # `make test` and `make node-tools` install everything (and that counts for the classroom too).
    planned = make(root, "-n", "-B", "classroom").stdout
    npm_lines = [line for line in planned.splitlines() if "npm ci" in line]
    assert npm_lines and all("--omit=dev" in line for line in npm_lines), planned
    for target in ("test", "node-tools"):
        assert f"{NPM_CI}\n" in make(root, "-n", "-B", target).stdout + "\n"


@pytest.mark.slow
def test_the_classroom_npm_step_installs_the_proxy_and_keeps_a_full_install(tmp_path: Path) -> None:
    """The recipe for real, in a copy of the Makefile and package files: npm works offline from its cache, which
    `make test`'s own npm ci has filled."""
    root = Path(__file__).resolve().parent.parent
    for name in ("Makefile", "package.json", "package-lock.json"):
        shutil.copy2(root / name, tmp_path / name)
    env = {**os.environ, "npm_config_offline": "true"}

    def run() -> subprocess.CompletedProcess[str]:
        command = ["make", "--no-print-directory", "node_modules/.installed-hub"]
        return subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)

    result = run()
    assert result.returncode == 0, result.stdout + result.stderr
    modules = tmp_path / "node_modules"
    proxy = modules / ".bin" / "configurable-http-proxy"
    version = subprocess.run([str(proxy), "--version"], capture_output=True, text=True, timeout=60)
    assert (
        version.stdout.strip()
        == json.loads((root / "package.json").read_text())["dependencies"]["configurable-http-proxy"]
    )
    assert not (modules / "axe-core").exists() and not (modules / "lighthouse").exists()
    assert "npm ci" not in run().stdout  # stamped: a second run installs nothing

    # After a full install (make test, make node-tools) the classroom's step keeps the tools: no npm ci at all.
    (modules / "axe-core").mkdir()
    (modules / ".installed-hub").unlink()
    (modules / ".installed").touch()
    again = run()
    assert again.returncode == 0, again.stdout + again.stderr
    # (npm ci would have emptied node_modules first.)
    assert (modules / "axe-core").is_dir() and (modules / ".installed-hub").exists()
