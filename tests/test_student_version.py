"""The student version (osteo_lib.apps.student_version, `osteo-workbook student-version`, `make student-version`):
tagged cells disappear, everything else stays byte for byte, errors name the file and leave the output
alone, and the output folder is never committed.

Fixture notebooks: tests/fixtures/notebooks/source (a lesson with tagged cells, an untagged notebook in
a non-nbformat JSON style, a notebook whose every cell is tagged, an instructor/ folder, a dashboard
subfolder with a plain file) and a folder made at test time (one good, one malformed notebook).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest

from osteo_lib.apps import cli
from osteo_lib.apps.student_version import (
    MANIFEST,
    StudentVersionError,
    default_out,
    default_source,
    make_student_version,
    strip_cells,
    student_notebook,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "notebooks"
SOURCE = FIXTURES / "source"
BROKEN_TEXT = '{\n "cells": [\n  {"cell_type": "markdown", "metadata": {}, "source": ["oops"]\n ],\n "nbformat": 4\n}\n'


@pytest.fixture()
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder "broken" with one good notebook and one malformed one. It is made at test time, so
    the repository never holds an invalid notebook."""
    folder = tmp_path_factory.mktemp("fixtures") / "broken"
    folder.mkdir()
    (folder / "01_fine.ipynb").write_bytes((SOURCE / "02_untagged.ipynb").read_bytes())
    (folder / "02_broken.ipynb").write_text(BROKEN_TEXT, encoding="utf-8")
    return folder


TAGGED = {"instructor", "solution"}


def _tags(cell: Any) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def made(tmp_path: Path) -> Path:
    out = tmp_path / "student_version"
    make_student_version(SOURCE, out)
    return out


# --- one notebook ---------------------------------------------------------------------------------------
def test_fixtures_hold_what_the_tests_need() -> None:
    lesson = json.loads((SOURCE / "01_lesson.ipynb").read_text(encoding="utf-8"))
    tags = [_tags(c) for c in lesson["cells"]]
    assert {"solution"} in tags and {"instructor", "timing"} in tags and {"keep-me"} in tags and {"Solution"} in tags
    assert any(not t for t in tags)
    everything = json.loads((SOURCE / "03_all_tagged.ipynb").read_text(encoding="utf-8"))
    assert everything["cells"] and all(_tags(c) & TAGGED for c in everything["cells"])
    untagged = (SOURCE / "02_untagged.ipynb").read_text(encoding="utf-8")
    assert nbformat.writes(nbformat.reads(untagged, as_version=4)) + "\n" != untagged, (
        "fixture must not be in nbformat style"
    )


def test_tagged_cells_disappear_and_the_others_stay_identical(made: Path) -> None:
    src = json.loads((SOURCE / "01_lesson.ipynb").read_text(encoding="utf-8"))
    out_text = (made / "01_lesson.ipynb").read_text(encoding="utf-8")
    out = json.loads(out_text)
    expected_cells = [c for c in src["cells"] if not _tags(c) & TAGGED]
    assert len(expected_cells) == len(src["cells"]) - 2
    # The cell dicts: the same cells, in the same order, each unchanged.
    assert out["cells"] == expected_cells
    assert [c["id"] for c in out["cells"]] == ["intro", "imports", "task", "kept_tagged", "summary", "case"]
    # Everything outside the cells is unchanged too.
    assert {k: v for k, v in out.items() if k != "cells"} == {k: v for k, v in src.items() if k != "cells"}
    # The file is exactly what nbformat writes for the expected notebook.
    expected = nbformat.reads(json.dumps({**src, "cells": expected_cells}), as_version=nbformat.NO_CONVERT)
    assert out_text == nbformat.writes(expected) + "\n"
    # Byte for byte: each kept cell's JSON text in the output is the same text as in the source file.
    src_text = (SOURCE / "01_lesson.ipynb").read_text(encoding="utf-8")
    for cell in expected_cells:
        block = _cell_block(src_text, cell["id"])
        assert block in out_text, cell["id"]
    for gone in ("solution1", "note"):
        assert f'"id": "{gone}"' not in out_text
    assert "Café, naïve and ≤ 8" in out_text  # not escaped to \\u sequences


def _cell_block(text: str, cell_id: str) -> str:
    """The serialized cell with this id, from its opening brace to its closing brace (nbformat layout)."""
    at = text.index(f'"id": "{cell_id}"')
    start = text.rindex("\n  {\n", 0, at)
    end = text.index("\n  }", at) + len("\n  }")
    return text[start:end]


def test_tags_match_exactly_as_in_jupyter(made: Path) -> None:
    out = json.loads((made / "01_lesson.ipynb").read_text(encoding="utf-8"))
    kept = {c["id"]: _tags(c) for c in out["cells"]}
    assert kept["kept_tagged"] == {"keep-me"}  # other tags do not remove a cell
    assert kept["case"] == {"Solution"}  # tags are case-sensitive, like nbconvert's TagRemovePreprocessor


def test_untagged_notebooks_are_copied_unchanged(made: Path) -> None:
    for name in ("02_untagged.ipynb", "dashboards/notes.txt"):
        assert (made / name).read_bytes() == (SOURCE / name).read_bytes(), name


def test_a_notebook_whose_every_cell_is_tagged_becomes_empty(made: Path) -> None:
    out_text = (made / "03_all_tagged.ipynb").read_text(encoding="utf-8")
    src = json.loads((SOURCE / "03_all_tagged.ipynb").read_text(encoding="utf-8"))
    out = json.loads(out_text)
    assert out["cells"] == []
    assert out["metadata"] == src["metadata"] and out["nbformat"] == 4
    nbformat.validate(nbformat.reads(out_text, as_version=4))
    assert out_text == nbformat.writes(nbformat.from_dict({**src, "cells": []})) + "\n"


def test_subfolders_are_kept_and_the_instructor_folder_is_left_out(made: Path) -> None:
    files = set(_tree(made))
    assert files == {
        "01_lesson.ipynb",
        "02_untagged.ipynb",
        "03_all_tagged.ipynb",
        "dashboards/dashboard.ipynb",
        "dashboards/notes.txt",
        MANIFEST,
    }
    dash = json.loads((made / "dashboards/dashboard.ipynb").read_text(encoding="utf-8"))
    assert [c["id"] for c in dash["cells"]] == ["d1"]
    manifest = json.loads((made / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["notebooks"]["01_lesson.ipynb"] == {"removed": 2, "kept": 6}
    assert manifest["notebooks"]["02_untagged.ipynb"] == {"removed": 0, "kept": 2}


def test_student_notebook_reports_what_it_removed() -> None:
    text = (SOURCE / "01_lesson.ipynb").read_text(encoding="utf-8")
    new, removed, kept = student_notebook(text, "01_lesson.ipynb")
    assert (removed, kept) == (2, 6) and new is not None
    same, removed, kept = student_notebook((SOURCE / "02_untagged.ipynb").read_text(encoding="utf-8"), "x.ipynb")
    assert same is None and (removed, kept) == (0, 2)


def test_strip_cells_keeps_the_same_cell_objects() -> None:
    doc = json.loads((SOURCE / "01_lesson.ipynb").read_text(encoding="utf-8"))
    stripped, removed = strip_cells(doc)
    assert removed == 2
    assert all(any(c is d for d in doc["cells"]) for c in stripped["cells"])
    assert len(doc["cells"]) == 8, "the input is not changed"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"cells": [', "is not valid JSON (line 1"),
        ("[]", "is not a Jupyter notebook"),
        ('{"cells": [], "nbformat": 3}', "nbformat 3"),
        (
            '{"cells": [{"cell_type": "code", "metadata": {"tags": "solution"}}], "nbformat": 4}',
            "cell 0: metadata.tags must be a list",
        ),
        ('{"cells": ["text"], "nbformat": 4}', "cell 0 is not a JSON object"),
    ],
)
def test_bad_notebooks_give_an_error_naming_the_file(text: str, problem: str) -> None:
    with pytest.raises(StudentVersionError) as err:
        student_notebook(text, "notebooks/05_x.ipynb")
    assert str(err.value).startswith("notebooks/05_x.ipynb: ") and problem in str(err.value)


# --- the folder: all or nothing -------------------------------------------------------------------------
def test_malformed_json_names_the_file_and_writes_nothing(tmp_path: Path, broken: Path) -> None:
    out = tmp_path / "student_version"
    with pytest.raises(StudentVersionError) as err:
        make_student_version(broken, out)
    assert err.value.path == "broken/02_broken.ipynb"
    assert "02_broken.ipynb: is not valid JSON (line 4, column 2" in str(err.value)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [], "the partial copy must be removed"


def test_an_error_leaves_an_earlier_copy_untouched(tmp_path: Path) -> None:
    out = tmp_path / "student_version"
    make_student_version(SOURCE, out)
    before = _tree(out)
    source = tmp_path / "notebooks"
    shutil.copytree(SOURCE, source)
    (source / "04_new.ipynb").write_text("{ not json", encoding="utf-8")
    with pytest.raises(StudentVersionError, match=r"notebooks/04_new\.ipynb: is not valid JSON"):
        make_student_version(source, out)
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notebooks", "student_version"]


def test_a_second_run_replaces_the_earlier_copy(tmp_path: Path) -> None:
    out = tmp_path / "student_version"
    source = tmp_path / "notebooks"
    shutil.copytree(SOURCE, source)
    make_student_version(source, out)
    (source / "02_untagged.ipynb").unlink()
    (out / "stale.txt").write_text("left from before", encoding="utf-8")
    report = make_student_version(source, out)
    assert "02_untagged.ipynb" not in _tree(out) and "stale.txt" not in _tree(out)
    assert report.removed == 2 + 2 + 1 and len(report.notebooks) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notebooks", "student_version"]


def test_an_unrelated_folder_is_never_replaced(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(StudentVersionError, match="was not made by student-version"):
        make_student_version(SOURCE, out)
    assert (out / "thesis.docx").read_bytes() == b"precious"
    with pytest.raises(StudentVersionError, match="must be outside"):
        make_student_version(SOURCE, SOURCE / "copy")


# --- the real notebooks ---------------------------------------------------------------------------------
def test_the_real_notebooks(tmp_path: Path) -> None:
    out = tmp_path / "student_version"
    report = make_student_version(default_source(), out)
    src = default_source()
    assert (src / "instructor" / "workshop_guide.ipynb").is_file()
    copied = _tree(out)
    assert not [p for p in copied if p.startswith("instructor/")]
    expected_files = {
        p.relative_to(src).as_posix()
        for p in src.rglob("*")
        if p.is_file() and "instructor" not in p.relative_to(src).parts and ".ipynb_checkpoints" not in p.parts
    }
    assert set(copied) - {MANIFEST} == expected_files
    for name in expected_files:
        original = (src / name).read_bytes()
        if name.endswith(".ipynb"):
            cells = json.loads(original)["cells"]
            if not any(_tags(c) & TAGGED for c in cells):
                assert copied[name] == original, name
            else:
                assert json.loads(copied[name])["cells"] == [c for c in cells if not _tags(c) & TAGGED], name
        else:
            assert copied[name] == original, name
    names = {n.path for n in report.notebooks}
    assert {"00_start_here.ipynb", "07_case_study.ipynb", "widget_gallery.ipynb"} <= names
    assert any(n.startswith("dashboards/") for n in names)


def test_the_workshop_guide_would_vanish_entirely() -> None:
    """Even outside its ignored folder, every cell of the guide is tagged instructor."""
    text = (default_source() / "instructor" / "workshop_guide.ipynb").read_text(encoding="utf-8")
    new, removed, kept = student_notebook(text, "workshop_guide.ipynb")
    assert kept == 0 and removed > 10 and new is not None


def test_default_output_is_the_ignored_student_version_folder() -> None:
    assert default_out(default_source()) == ROOT / "student_version"


def test_generated_copies_are_never_committed() -> None:
    ignored = subprocess.run(["git", "check-ignore", "-q", "student_version/00_start_here.ipynb"], cwd=ROOT)
    assert ignored.returncode == 0, "student_version/ must be listed in .gitignore"
    tracked = subprocess.run(
        ["git", "ls-files", "student_version"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert tracked.stdout == ""


# --- the command line and make ---------------------------------------------------------------------------
def test_cli_writes_the_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "copy"
    assert cli.main(["student-version", "--source", str(SOURCE), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "removed 5 cells" in printed and "01_lesson.ipynb: removed 2 cells, kept 6" in printed
    assert (out / "01_lesson.ipynb").is_file()


def test_cli_error_is_one_line_naming_the_file(
    tmp_path: Path, broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "copy"
    assert cli.main(["student-version", "--source", str(broken), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("osteo-workbook student-version: error: broken/02_broken.ipynb: is not valid JSON")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()


def test_the_installed_command(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "osteo-workbook"
    assert script.is_file(), "pip install -e . installs the osteo-workbook command"
    done = subprocess.run(
        [str(script), "student-version", "--source", str(SOURCE), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "o" / "03_all_tagged.ipynb").is_file()


def test_make_target_runs_the_command() -> None:
    dry = subprocess.run(["make", "-n", "student-version"], cwd=ROOT, capture_output=True, text=True, check=True)
    lines = [ln for ln in dry.stdout.splitlines() if "osteo-workbook" in ln]
    assert lines and lines[-1].split()[-3:] == ["student-version", "--out", "student_version"]
