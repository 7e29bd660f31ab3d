"""The student version (osteo_lib.apps.student_version, `osteo-workbook student-version`, `make student-version`):
tagged cells disappear, everything else stays byte for byte, errors name the file and leave the output
alone, and the output folder is never committed. No answer key and no instructor material reaches it
(scanned here by code of the test's own, independent of the build's check), and it runs on its own
package and data (tests/test_student_build.py).

Fixture notebooks: tests/fixtures/notebooks/source (a lesson with tagged cells, an untagged notebook in
a non-nbformat JSON style, a notebook whose every cell is tagged, an instructor/ folder, a dashboard
subfolder with a plain file) and a folder made at test time (one good, one malformed notebook).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml

from osteo_lib.apps import cli
from osteo_lib.apps.student_version import (
    MANIFEST,
    StudentVersionError,
    default_out,
    default_source,
    find_leaks,
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


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One student version of the fixture notebooks (with the workbook's data and package), for the
    tests that only read it: a build validates every bank twice, so it is made once."""
    out = tmp_path_factory.mktemp("built") / "student_version"
    make_student_version(SOURCE, out)
    return out


@pytest.fixture()
def made(built: Path) -> Path:
    """The notebooks folder of the student version."""
    return built / "notebooks"


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
    }
    dash = json.loads((made / "dashboards/dashboard.ipynb").read_text(encoding="utf-8"))
    assert [c["id"] for c in dash["cells"]] == ["d1"]
    manifest = json.loads((made.parent / MANIFEST).read_text(encoding="utf-8"))
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
    assert "notebooks/02_untagged.ipynb" not in _tree(out) and "stale.txt" not in _tree(out)
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
@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The student version of the workbook itself (notebooks, data, package), made once."""
    out = tmp_path_factory.mktemp("real") / "student_version"
    make_student_version(default_source(), out)
    return out


def test_the_real_notebooks(real: Path) -> None:
    out = real / "notebooks"
    report = json.loads((real / MANIFEST).read_text(encoding="utf-8"))
    src = default_source()
    assert (src / "instructor" / "workshop_guide.ipynb").is_file()
    copied = _tree(out)
    assert not [p for p in copied if p.startswith("instructor/")]
    expected_files = {
        p.relative_to(src).as_posix()
        for p in src.rglob("*")
        if p.is_file() and "instructor" not in p.relative_to(src).parts and ".ipynb_checkpoints" not in p.parts
    }
    assert set(copied) == expected_files
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
    names = set(report["notebooks"])
    assert {"00_start_here.ipynb", "07_case_study.ipynb", "widget_gallery.ipynb"} <= names
    assert any(n.startswith("dashboards/") for n in names)
    # The gallery's feedback form and collector read the session plans of the instructor guide.
    assert report["notebooks"]["widget_gallery.ipynb"]["removed"] == 4


def test_the_workshop_guide_would_vanish_entirely() -> None:
    """Even outside its ignored folder, every cell of the guide is tagged instructor."""
    text = (default_source() / "instructor" / "workshop_guide.ipynb").read_text(encoding="utf-8")
    new, removed, kept = student_notebook(text, "workshop_guide.ipynb")
    assert kept == 0 and removed > 10 and new is not None


def test_default_output_is_the_ignored_student_version_folder() -> None:
    assert default_out(default_source()) == ROOT / "student_version"


def test_generated_copies_are_never_committed() -> None:
    ignored = subprocess.run(["git", "check-ignore", "-q", "student_version/notebooks/00_start_here.ipynb"], cwd=ROOT)
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
    assert "9 question banks without answer keys" in printed and "left out: assessment_kit.yaml" in printed
    assert "instructor.yaml" in printed.split("left out:", 1)[1]
    assert (out / "notebooks" / "01_lesson.ipynb").is_file() and (out / "data" / "quizzes").is_dir()


def test_cli_error_is_one_line_naming_the_file(
    tmp_path: Path, broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "copy"
    assert cli.main(["student-version", "--source", str(broken), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("osteo-workbook student-version: error: broken/02_broken.ipynb: is not valid JSON")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()


def test_the_installed_command(tmp_path: Path, broken: Path) -> None:
    """The command pip installs runs student-version (here on a broken notebook: the error path, which
    stops before the data and package are copied)."""
    script = Path(sys.executable).parent / "osteo-workbook"
    assert script.is_file(), "pip install -e . installs the osteo-workbook command"
    done = subprocess.run(
        [str(script), "student-version", "--source", str(broken), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and "broken/02_broken.ipynb: is not valid JSON" in done.stderr, done.stderr
    assert not (tmp_path / "o").exists()


def test_make_target_runs_the_command() -> None:
    dry = subprocess.run(["make", "-n", "student-version"], cwd=ROOT, capture_output=True, text=True, check=True)
    lines = [ln for ln in dry.stdout.splitlines() if "osteo-workbook" in ln]
    assert lines and lines[-1].split()[-3:] == ["student-version", "--out", "student_version"]


# --- no key and no instructor material reaches the student version -----------------------------------------
# The scan below is the test's own: it reads the source banks and the guide with yaml, not through the
# code that builds the student version, so a bug in the build's own check (find_leaks) cannot hide a key.
KEY_FIELDS = {"correct", "feedback", "explanation", "answer", "answers"}
#: Files whose path names the instructor and that students may have: the stylesheet of the feedback
#: widgets, the stub that says the instructor kit is missing, and the schema of the guide (field descriptions only).
INSTRUCTOR_PATHS_ALLOWED = {
    "osteo_lib/views/static/css/instructor.css",
    "osteo_lib/apps/instructor/__init__.py",
    "osteo_lib/content/schemas/instructor.schema.json",
}


def _squash(text: str) -> str:
    return " ".join(text.split())


def _all_strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _all_strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _all_strings(v)]
    return []


def _secrets() -> dict[str, str]:
    """text -> what it is: explanations and choice feedback of the source banks, the instructor guide's
    texts (60 characters or more) and the answer-key labels of data/ui/instructor.yaml."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "data" / "quizzes").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in doc["items"]:
            found[_squash(item["explanation"])] = f"explanation of {item['id']}"
            parts = (
                [item] + [item["bowtie"][p] for p in ("condition", "actions", "parameters")]
                if "bowtie" in item
                else [item]
            )
            for part in parts:
                for choice in part.get("choices", []) + part.get("columns", []):
                    if "feedback" in choice:
                        found[_squash(choice["feedback"])] = f"feedback of {item['id']}/{choice['id']}"
    guide = yaml.safe_load((ROOT / "data" / "instructor.yaml").read_text(encoding="utf-8"))
    for text in _all_strings(guide):
        if len(_squash(text)) >= 60:
            found.setdefault(_squash(text), "instructor guide")
    labels = yaml.safe_load((ROOT / "data" / "ui" / "instructor.yaml").read_text(encoding="utf-8"))["texts"]
    for key in ("keys_heading", "keys_intro"):
        found[_squash(labels[key].split("{")[0])] = f"data/ui/instructor.yaml {key}"
    return found


def _key_fields(node: Any, where: str) -> list[str]:
    """Where a parsed bank has a field of KEY_FIELDS."""
    if isinstance(node, dict):
        return [f"{where}.{k}" for k in node if k in KEY_FIELDS] + [
            w for k, v in node.items() for w in _key_fields(v, f"{where}.{k}")
        ]
    if isinstance(node, list):
        return [w for i, v in enumerate(node) for w in _key_fields(v, f"{where}[{i}]")]
    return []


def _independent_leaks(folder: Path) -> list[str]:
    secrets = _secrets()
    leaks = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if "instructor" in rel and rel not in INSTRUCTOR_PATHS_ALLOWED:
            leaks.append(f"{rel}: instructor file")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if path.suffix == ".ipynb":
            nb = json.loads(text)
            for cell in nb["cells"]:
                if _tags(cell) & TAGGED:
                    leaks.append(f"{rel}: cell {cell.get('id')} tagged {_tags(cell) & TAGGED}")
                if "apps.instructor" in "".join(cell["source"]) or "answer_keys" in "".join(cell["source"]):
                    leaks.append(f"{rel}: cell {cell.get('id')} calls the instructor kit")
            text = "\n".join("".join(c["source"]) for c in nb["cells"]) + json.dumps(
                [c.get("outputs", []) for c in nb["cells"]]
            )
        flag = {".yaml": "correct: true", ".ipynb": "correct: true", ".json": '"correct": true'}.get(path.suffix)
        if flag and flag in text.lower():
            leaks.append(f"{rel}: correct: true")
        if rel.startswith("data/quizzes/"):
            doc = yaml.safe_load(text)
            if doc.get("keys") is not False:
                leaks.append(f"{rel}: not marked keys: false")

            leaks += [f"{rel}: {where}" for where in _key_fields(doc, "")]
        squashed = _squash(text)
        leaks += [f"{rel}: {what}" for secret, what in secrets.items() if secret in squashed]
    return leaks


def test_the_scan_has_something_to_look_for() -> None:
    secrets = _secrets()
    assert sum(w.startswith("explanation") for w in secrets.values()) >= 80
    assert sum(w.startswith("feedback") for w in secrets.values()) >= 4
    assert sum(w == "instructor guide" for w in secrets.values()) >= 50


def test_no_key_and_no_instructor_material_anywhere(real: Path) -> None:
    assert _independent_leaks(real) == []
    assert find_leaks(real) == []
    files = set(_tree(real))
    assert {"data/instructor.yaml", "data/ui/instructor.yaml", "data/ui/grader.yaml"}.isdisjoint(files)
    assert "data/model_answers.yaml" not in files
    assert not [f for f in files if f.startswith(("notebooks/instructor/", "osteo_lib/views/templates/instructor/"))]
    assert [f for f in files if f.startswith("osteo_lib/apps/instructor/")] == ["osteo_lib/apps/instructor/__init__.py"]
    # What the student needs is there: every bank (without keys), the package, and how to install it.
    banks = sorted(p.name for p in (real / "data" / "quizzes").glob("*.yaml"))
    assert banks == sorted(p.name for p in (ROOT / "data" / "quizzes").glob("*.yaml"))
    assert {"pyproject.toml", "requirements.lock", "environment.yml", "README.md", "osteo_lib/__init__.py"} <= files


def test_the_scans_catch_a_key_that_slips_through(real: Path, tmp_path: Path) -> None:
    """Both scans find each kind of leak planted in a copy of a clean student version."""
    copy = tmp_path / "leaky"
    shutil.copytree(real, copy)
    source_bank = yaml.safe_load((ROOT / "data" / "quizzes" / "causes.yaml").read_text(encoding="utf-8"))
    explanation = source_bank["items"][0]["explanation"]
    nb_path = copy / "notebooks" / "00_start_here.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("Hint: " + explanation))
    nb.cells.append(nbformat.v4.new_code_cell("1 + 1", metadata={"tags": ["solution"]}))
    nbformat.write(nb, nb_path)
    bank = copy / "data" / "quizzes" / "start_here.yaml"
    bank.write_text(
        bank.read_text(encoding="utf-8").replace("  - id:", "  - correct: true\n    id:", 1), encoding="utf-8"
    )
    shutil.copy(ROOT / "osteo_lib" / "apps" / "instructor" / "keys.py", copy / "osteo_lib" / "apps" / "instructor")
    mine = _independent_leaks(copy)
    theirs = find_leaks(copy)
    for leaks in (mine, theirs):
        joined = "\n".join(leaks)
        assert "notebooks/00_start_here.ipynb: explanation of" in joined, leaks
        assert "notebooks/00_start_here.ipynb: a cell tagged solution" in joined or "tagged {'solution'}" in joined
        assert "data/quizzes/start_here.yaml: " in joined and "correct" in joined
        assert "osteo_lib/apps/instructor/keys.py" in joined


def test_a_build_that_would_leak_is_refused(tmp_path: Path) -> None:
    """An untagged notebook cell holding an answer explanation stops the build; nothing is written."""
    source = tmp_path / "notebooks"
    shutil.copytree(SOURCE, source)
    doc = yaml.safe_load((ROOT / "data" / "quizzes" / "widget_demo.yaml").read_text(encoding="utf-8"))
    nb = nbformat.read(source / "02_untagged.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell(doc["items"][0]["explanation"]))
    nbformat.write(nb, source / "02_untagged.ipynb")
    out = tmp_path / "student_version"
    with pytest.raises(StudentVersionError) as err:
        make_student_version(source, out)
    assert "would still hold answer keys" in str(err.value)
    assert "notebooks/02_untagged.ipynb: explanation of demo_healing_time" in str(err.value)
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["notebooks"]


STUDENT_SCRIPT = r"""
import json, sys
import osteo_lib
from osteo_lib.apps import cli
from osteo_lib.content.paths import data_dir
from osteo_lib.content.quiz import load_banks
from osteo_lib.views.widgets.quiz import KnowledgeCheck

out = {"package": osteo_lib.__file__, "data": str(data_dir())}
out["keys"] = sorted({b.keys for b in load_banks().values()})
check = KnowledgeCheck("start_here")
check.controls.radio.value = check.controls.radio.options[0][1]
check.check_button.click()
out["keyed"], out["button"], out["feedback"] = check.keyed, check.check_button.description, check.feedback.value
out["answered"], out["href"] = check.answered, bool(check.answers_href)
for name in ("osteo_lib.apps.instructor", "osteo_lib.apps.instructor.keys"):
    try:
        __import__(name)
        out[name] = "imported"
    except ModuleNotFoundError as exc:
        out[name] = str(exc)
try:
    from osteo_lib.apps import instructor
    out["from"] = "imported"
except ModuleNotFoundError as exc:
    out["from"] = str(exc)
out["grade"] = cli.main(["grade", "nothing.json"])
print(json.dumps(out))
"""


def test_the_student_version_runs_on_its_own_package_and_data(real: Path) -> None:
    """Python started in the student version imports its package (not the instructor's) and its data:
    every bank is without keys, a knowledge check saves instead of scoring, the instructor kit is
    missing with a clear message, and the grader refuses to run."""
    env = {k: v for k, v in os.environ.items() if k not in ("OSTEO_DATA_DIR", "PYTHONPATH")}
    env |= {"PYTHONPATH": str(real), "JUPYTERHUB_USER": "anna"}
    done = subprocess.run(
        [sys.executable, "-c", STUDENT_SCRIPT], cwd=real, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["package"] == str(real / "osteo_lib" / "__init__.py")
    assert out["data"] == str(real / "data")
    assert out["keys"] == [False]
    assert out["keyed"] is False and out["button"] == "Save answer" and out["answered"] == 1 and out["href"]
    assert "Saved. Your instructor will check it." in out["feedback"]
    assert "Right" not in out["feedback"] and "points" not in out["feedback"]
    for name in ("osteo_lib.apps.instructor", "osteo_lib.apps.instructor.keys", "from"):
        assert out[name].startswith("This is the student version of the workbook."), out[name]
    assert out["grade"] == 1
    assert "osteo-workbook grade: error: This is the student version" in done.stderr
