"""The way students open the notebooks without `make` (README "Students: the notebooks on your own computer",
docs/notebooks.md "Opening the notebooks", docs/instructor.md) agrees with what it relies on: the conda
environment's name and Python in environment.yml, the pip command the Makefile itself installs with, a Python
that pyproject.toml accepts, JupyterLab among the runtime dependencies, and the folder JupyterLab opens.
The README still opens with exactly the two commands."""

from __future__ import annotations

import re
from pathlib import Path

from packaging.specifiers import SpecifierSet

from tests.requirements import conda_environment, pyproject, requirements

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
GUIDES = [README, ROOT / "docs" / "notebooks.md", ROOT / "docs" / "instructor.md"]
#: The pip command of the docs: the Makefile's runtime install (`make dashboard`, `make lab`) without its flags.
PIP = "python -m pip install -c requirements.lock -e ."


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def student_section() -> str:
    body = text(README).split("## Students: the notebooks on your own computer", 1)[1]
    return body.split("\n## ", 1)[0]


def code_blocks(markdown: str) -> list[list[str]]:
    """The lines of each fenced code block, comments after ``#`` removed."""
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", markdown, flags=re.M | re.S)
    return [[line.split("  #", 1)[0].strip() for line in block.splitlines() if line.strip()] for block in blocks]


def test_the_readme_still_opens_with_the_two_commands() -> None:
    first = code_blocks(text(README))[0]
    assert [line.split()[:2] for line in first] == [["make", "dashboard"], ["make", "test"]]
    # The students' pointer comes right after it (and the Binder badge: tests/hub/test_binder.py).
    after = text(README).split("```", 2)[2].split("```", 1)[0]
    paragraphs = after.split("\n\n")
    assert paragraphs[1].startswith("[![Launch the patient dashboard on Binder]")
    assert paragraphs[2].startswith("**Students**") and "make lab" in paragraphs[2]


def test_the_conda_steps_name_the_environment_of_environment_yml() -> None:
    _, others, env = conda_environment(ROOT / "environment.yml")
    name = env["name"]
    blocks = code_blocks(student_section())
    assert ["conda env create -f environment.yml", f"conda activate {name}", "jupyter lab notebooks"] in blocks
    for guide in GUIDES[1:]:
        assert "conda env create -f environment.yml" in text(guide), guide.name
        assert f"conda activate {name}" in text(guide), guide.name
        assert re.findall(r"conda activate ([\w-]+)", text(guide)) == [name] * text(guide).count("conda activate")
    # The environment installs the workbook itself (and with it the JupyterLab settings), with pip, from here.
    assert {"pip": ["-e ."]} in others
    assert "Python 3.11" in student_section() and "python=3.11" in (ROOT / "environment.yml").read_text()


def test_the_pip_steps_install_like_the_makefile() -> None:
    makefile = text(ROOT / "Makefile")
    assert re.search(r"^LOCK := requirements\.lock$", makefile, flags=re.M)
    assert re.search(r"^\$\(VENV\)/\.installed: .*\n\t\$\(PIP_INSTALL\) -c \$\(LOCK\) -e \.$", makefile, flags=re.M)
    blocks = code_blocks(student_section())
    posix = ["python3 -m venv .venv", "source .venv/bin/activate", PIP, "jupyter lab notebooks"]
    windows = ["py -3.11 -m venv .venv", r".venv\Scripts\activate", PIP, "jupyter lab notebooks"]
    assert posix in blocks and windows in blocks
    for guide in GUIDES[1:]:
        assert PIP in text(guide), guide.name
    notebooks_md = text(ROOT / "docs" / "notebooks.md")
    for step in [*posix, *windows]:
        assert f"`{step}`" in notebooks_md, step


def test_the_python_the_docs_name_is_the_one_of_the_lock_and_accepted() -> None:
    assert "3.11" in SpecifierSet(pyproject()["requires-python"])
    assert "--python-version 3.11" in text(ROOT / "Makefile")  # the lock is made for it
    assert "Python 3.11" in student_section() and "py -3.11" in student_section()


def test_jupyterlab_comes_with_the_workbook_and_opens_the_notebooks() -> None:
    assert "jupyterlab" in requirements(ROOT, "runtime")
    assert (ROOT / "notebooks" / "00_start_here.ipynb").is_file()
    assert "00_start_here.ipynb" in student_section()
    # `make lab` opens the same folder the documented `jupyter lab notebooks` does.
    assert re.search(r"^LAB_DIR \?= notebooks$", text(ROOT / "Makefile"), flags=re.M)


def test_the_docs_name_windows_and_macos() -> None:
    section = student_section()
    for words in ("Windows", "macOS", "Command Prompt", "Terminal"):
        assert words in section, words
    assert "Windows" in text(ROOT / "docs" / "notebooks.md") and "macOS" in text(ROOT / "docs" / "notebooks.md")
