"""The repository has the layout the developers' guide requires, and notebooks are stored stripped."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

REQUIRED = [
    "notebooks",
    "osteo_lib",
    "osteo_lib/py.typed",
    "data",
    "tests",
    "environment.yml",
    "pyproject.toml",
    "requirements.lock",
    "conftest.py",
    ".pre-commit-config.yaml",
    "docs/architecture.md",
    "docs/api.md",
    "README.md",
    "Makefile",
    ".ci/run",
    "LICENSE",
    "LICENSE-CONTENT.md",
    "voila.json",
    "package.json",
    "package-lock.json",
]


@pytest.mark.parametrize("path", REQUIRED)
def test_required_path_exists(root: Path, path: str) -> None:
    assert (root / path).exists(), f"{path} is missing"


def test_ci_runs_make_test(root: Path) -> None:
    lines = [ln.strip() for ln in (root / ".ci/run").read_text().splitlines()]
    assert "make test" in lines


def test_readme_opens_with_the_two_commands(root: Path) -> None:
    text = (root / "README.md").read_text()
    blocks = text.split("```")
    assert len(blocks) >= 3, "README needs a code block"
    commands = [ln.split("#", 1)[0].strip() for ln in blocks[1].splitlines()[1:]]
    first_block = [c for c in commands if c]
    assert first_block == ["make dashboard", "make test"]
    # Nothing but the title and a short paragraph may come before the commands.
    assert blocks[0].count("\n#") == 0 and len(blocks[0]) < 600


def test_readme_links_the_architecture(root: Path) -> None:
    readme = (root / "README.md").read_text()
    section = readme.split("\n## Architecture\n", 1)[1].split("\n## ", 1)[0]
    assert "(docs/architecture.md)" in section and "(docs/api.md)" in section
    assert ".venv/bin/pre-commit install" in readme and "make test-fast" in readme


def test_architecture_doc_draws_the_layers_and_says_where_things_go(root: Path) -> None:
    text = (root / "docs" / "architecture.md").read_text()
    picture = text.split("```mermaid\n", 1)[1].split("```", 1)[0]
    arrows = [line.split("-->")[0].strip() for line in picture.splitlines() if "-->" in line]
    assert arrows == ["data", "errors", "content", "care", "views", "apps", "apps"]  # data -> ... -> notebooks/Voila
    for folder in ("data/", "content/", "care/", "views/", "apps/", "notebooks/", "tests/", "scripts/"):
        assert f"**`{folder}" in text or f"**`osteo_lib/{folder}" in text, f"no paragraph on {folder}"
    for topic in ("A new treatment method", "A new quiz item type", "A new language", "A new dashboard section"):
        assert f"**{topic}" in text, topic
    # Every path the document names exists, but for data/ui/ (the words of the code, filled as they move
    # out of the modules; its schema and loader are in osteo_lib/content/).
    for path in sorted(set(re.findall(r"`((?:osteo_lib/|data/|docs/|scripts/|tests/)[^`\s]*)`", text))):
        if "<" not in path and "*" not in path and not path.startswith("data/ui/"):
            assert (root / path).exists(), f"docs/architecture.md names {path}, which does not exist"


def _notebooks(root: Path) -> list[Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "*.ipynb"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        listed = []
    found = {
        p.relative_to(root).as_posix() for p in root.glob("notebooks/**/*.ipynb") if ".ipynb_checkpoints" not in p.parts
    }
    return [root / p for p in sorted(found | set(listed))]


def test_there_are_notebooks(root: Path) -> None:
    assert _notebooks(root)


def test_notebooks_are_stored_without_outputs(root: Path) -> None:
    dirty = []
    for path in _notebooks(root):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for i, cell in enumerate(nb["cells"]):
            if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count") is not None):
                dirty.append(f"{path.relative_to(root)} cell {i}")
    assert not dirty, "notebooks must be committed with outputs stripped: " + ", ".join(dirty)
