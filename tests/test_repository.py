"""The repository's address is kept in one place (pyproject.toml) and every link made from it agrees."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from tests.scripts import load_script

repo = load_script("repository.py", "repository_script")
ROOT = repo.ROOT


def _copy(tmp_path: Path) -> Path:
    for rel in {"pyproject.toml", *(spot.path for spot in repo.SPOTS)}:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / rel, tmp_path / rel)
    return tmp_path


def test_every_link_names_the_repository_of_pyproject() -> None:
    assert repo.disagreements() == []
    owner, name = repo.repository()
    assert name == tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["name"]
    # Each kind of link is really there (a spot with no link is reported too, so this is not vacuous).
    for spot in repo.SPOTS:
        assert spot.pattern.search((ROOT / spot.path).read_text()), spot.path
    assert owner


def test_set_writes_the_new_owner_everywhere(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    changed = repo.set_repository("nursing-school/osteo-pain-workbook", root)
    assert set(changed) == {"pyproject.toml", *(spot.path for spot in repo.SPOTS)}
    assert repo.repository(root / "pyproject.toml") == ("nursing-school", "osteo-pain-workbook")
    assert repo.disagreements(root) == []
    readme = (root / "README.md").read_text()
    assert readme.count("https://mybinder.org/v2/gh/nursing-school/osteo-pain-workbook/HEAD") == 2
    assert (
        "git clone https://github.com/nursing-school/osteo-pain-workbook "
        in (root / "deploy/jupyterhub/tljh.md").read_text()
    )
    assert "ghcr.io/nursing-school/osteo-pain-workbook" in (root / "deploy/jupyterhub/values.yaml").read_text()
    # Nothing else in the files moved.
    owner, name = repo.repository()
    before = (
        (ROOT / "README.md")
        .read_text()
        .replace(f"/v2/gh/{owner}/{name}/", "/v2/gh/nursing-school/osteo-pain-workbook/")
    )
    assert readme == before


def test_a_link_that_disagrees_is_named_with_its_line(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    readme = root / "README.md"
    text = readme.read_text()
    here = "/v2/gh/{}/{}/".format(*repo.repository())
    readme.write_text(text.replace(here, "/v2/gh/someone-else/osteo-pain-workbook/", 1))
    line = text.split(here, 1)[0].count("\n") + 1
    problems = repo.disagreements(root)
    assert len(problems) == 1
    assert problems[0].startswith(f"README.md:{line}: ") and "someone-else" in problems[0]


def test_a_file_that_lost_its_link_is_reported(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    tljh = root / "deploy/jupyterhub/tljh.md"
    tljh.write_text(tljh.read_text().replace("git clone https://github.com/", "git clone https://example.org/"))
    problems = repo.disagreements(root)
    assert problems and problems[0].startswith("deploy/jupyterhub/tljh.md: no link")


@pytest.mark.parametrize("bad", ["owner", "owner/name/extra", "-owner/name", "own er/name", ""])
def test_set_refuses_what_is_not_owner_slash_name(tmp_path: Path, bad: str) -> None:
    root = _copy(tmp_path)
    before = (root / "pyproject.toml").read_text()
    with pytest.raises(ValueError, match="not a GitHub owner/name"):
        repo.set_repository(bad, root)
    assert (root / "pyproject.toml").read_text() == before


def test_a_repository_url_that_is_not_github_is_named(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("https://github.com/", "https://gitlab.com/"))
    with pytest.raises(ValueError, match=r"\[project.urls\] Repository is not a GitHub address"):
        repo.repository(pyproject)


def test_check_mode_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert repo.main([]) == 0
    assert "every link agrees" in capsys.readouterr().out
