""".pre-commit-config.yaml: local hooks that run the project's own tools from .venv (nothing downloaded):
ruff check, ruff format, mypy as `make lint` runs them, the notebooks' stored-without-outputs check and
the api docs check."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = ROOT / ".venv" / "bin" / "pre-commit"


def _hooks() -> dict[str, dict[str, Any]]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    assert [r["repo"] for r in config["repos"]] == ["local"], "only local hooks: nothing to download"
    return {h["id"]: h for h in config["repos"][0]["hooks"]}


def _pre_commit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PRE_COMMIT), *args], cwd=ROOT, capture_output=True, text=True, check=False)


def test_config_is_valid_and_every_hook_runs_a_tool_of_the_venv() -> None:
    result = _pre_commit("validate-config", ".pre-commit-config.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    hooks = _hooks()
    assert set(hooks) == {"ruff", "ruff-format", "mypy", "notebooks-stripped", "api-doc"}
    for hook_id, hook in hooks.items():
        assert hook["language"] == "system", hook_id
        program = shlex.split(hook["entry"])[0]
        assert program.startswith(".venv/bin/") and (ROOT / program).is_file(), f"{hook_id}: {program}"


def test_hooks_run_what_make_lint_runs() -> None:
    hooks = _hooks()
    lint = re.search(r"^lint:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(), flags=re.M)
    assert lint, "no lint target in the Makefile"
    commands = [line.strip().replace("$(BIN)", ".venv/bin") for line in lint.group(1).splitlines()]
    assert commands == [".venv/bin/ruff check .", ".venv/bin/ruff format --check .", ".venv/bin/mypy"]
    assert hooks["ruff"]["entry"].startswith(".venv/bin/ruff check")
    assert hooks["ruff-format"]["entry"].startswith(".venv/bin/ruff format")
    assert hooks["mypy"]["entry"] == ".venv/bin/mypy" and hooks["mypy"]["pass_filenames"] is False
    # The notebook hook runs a test that exists, on commits that touch a notebook.
    test = hooks["notebooks-stripped"]["entry"].split()[-1]
    path, name = test.split("::")
    assert f"def {name}(" in (ROOT / path).read_text()
    assert re.search(hooks["notebooks-stripped"]["files"], "notebooks/01_pain_physiology.ipynb")
    assert hooks["api-doc"]["entry"].endswith("scripts/api_doc.py --check")


def test_hooks_pass_on_files_that_follow_the_rules() -> None:
    result = _pre_commit("run", "notebooks-stripped", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    result = _pre_commit("run", "ruff", "--files", "tests/test_pre_commit.py", "conftest.py")
    assert result.returncode == 0, result.stdout + result.stderr
    result = _pre_commit("run", "ruff-format", "--files", "tests/test_pre_commit.py", "conftest.py")
    assert result.returncode == 0, result.stdout + result.stderr
