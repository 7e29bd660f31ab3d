"""Each teaching notebook opens on its "need to know" core: the other content sections are folded and
every code cell but the Imports cell is hidden, from the core list of data/notebooks.yaml.

The metadata are JupyterLab 4's: ``"jp-MarkdownHeadingCollapsed": true`` on a folded heading cell (read by
``MarkdownCell`` in jupyterlab/jupyterlab packages/cells/src/widget.ts when the notebook opens) and
``"jupyter": {"source_hidden": true}`` on a hidden code cell (``Cell.loadCollapseState`` there).
scripts/fold_notebooks.py writes them; tests/browser/test_notebooks_folded.py checks what JupyterLab shows.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml

from osteo_lib.apps.instructor.notebooks import try_this_tasks
from osteo_lib.apps.student_version import make_student_version
from osteo_lib.content.guide import load_guide
from osteo_lib.content.notebooks import CoreSection, load_notebooks
from osteo_lib.content.paths import data_dir
from osteo_lib.errors import DataError
from tests.scripts import load_script

ROOT = Path(__file__).resolve().parent.parent
NB_DIR = ROOT / "notebooks"
folding = load_script("fold_notebooks.py", "fold_notebooks")
INFOS = {n.file: n for n in load_notebooks()}
NAMES = list(INFOS)
COLLAPSED = "jp-MarkdownHeadingCollapsed"
#: The line under "Time to learn" that tells the student what the folded sections are and how to open one.
FOLD_LINE = re.compile(
    r'^- \*\*Folded sections\*\* are for study on your own\. Under each folded heading is a button such as "2 cells'
    r' hidden": click it to open the section\.$',
    re.M,
)


def _nb(name: str) -> Any:
    return nbformat.read(NB_DIR / f"{name}.ipynb", as_version=4)


def _h2(cell: Any) -> str | None:
    if cell.cell_type != "markdown":
        return None
    return next((ln[3:].strip() for ln in cell.source.splitlines() if ln.startswith("## ")), None)


def _heading_cells(nb: Any) -> dict[str, Any]:
    return {h: c for c in nb.cells if (h := _h2(c)) is not None}


def _content(nb: Any) -> list[str]:
    """The content sections: the level-2 headings between '## Imports' and '## Knowledge check'."""
    heads = list(_heading_cells(nb))
    return heads[heads.index("Imports") + 1 : heads.index("Knowledge check")]


def _sections(nb: Any) -> list[tuple[str, Any]]:
    out, current = [], ""
    for cell in nb.cells:
        current = _h2(cell) or current
        out.append((current, cell))
    return out


def test_the_skeleton_is_what_the_script_leaves_open() -> None:
    # The script's skeleton list is the notebooks' own (docs/notebooks.md; test_notebooks_structure.py).
    for name in NAMES:
        heads = list(_heading_cells(_nb(name)))
        assert [h for h in heads if h in folding.SKELETON] == list(folding.SKELETON), name
        assert [h for h in heads if h not in folding.SKELETON] == _content(_nb(name)), name


@pytest.mark.parametrize("name", NAMES)
def test_every_core_section_is_a_content_heading_of_its_notebook(name: str) -> None:
    core = [c.heading for c in INFOS[name].core_sections]
    assert core, f"{name}: data/notebooks.yaml names no core section"
    content = _content(_nb(name))
    assert set(core) <= set(content), f"{name}: core sections not in the notebook: {set(core) - set(content)}"
    assert core == [h for h in content if h in core], f"{name}: list the core sections in the notebook's order"


@pytest.mark.parametrize("name", NAMES)
def test_non_core_sections_are_folded_and_core_and_skeleton_sections_open(name: str) -> None:
    nb = _nb(name)
    core = {c.heading for c in INFOS[name].core_sections}
    content = _content(nb)
    for head, cell in _heading_cells(nb).items():
        expected = head in content and head not in core
        assert cell.metadata.get(COLLAPSED, False) is expected, f"{name}: '## {head}' folded should be {expected}"
    # JupyterLab folds the cells after a heading cell, not its own text: a folded heading stands alone.
    for head, cell in _heading_cells(nb).items():
        if cell.metadata.get(COLLAPSED):
            assert cell.source.strip() == f"## {head}", f"{name}: '## {head}' shares its cell with text"
    # No other cell (a level-3 heading, a plain text cell) is folded.
    others = [c for c in nb.cells if c.cell_type == "markdown" and _h2(c) is None and COLLAPSED in c.metadata]
    assert not others, f"{name}: {[c.source[:40] for c in others]}"
    # The core is a real selection wherever the notebook has more content than the class covers.
    assert len(core) < len(content) or name == "07_case_study", f"{name}: every content section is core"


def test_the_notebooks_students_found_long_are_folded_most() -> None:
    # 03 to 06 were reported at about 50 screens each: at least half of their content sections are folded.
    for name in ("03_physical_methods", "04_mind_body_methods", "05_medications", "06_assessment_and_care_planning"):
        nb = _nb(name)
        folded = [c for c in _heading_cells(nb).values() if c.metadata.get(COLLAPSED)]
        assert 2 * len(folded) >= len(_content(nb)) - 1, (name, len(folded), len(_content(nb)))


@pytest.mark.parametrize("name", NAMES)
def test_every_class_objective_is_served_by_a_core_section(name: str) -> None:
    info = INFOS[name]
    class_core = load_guide().focus(name).core  # objective numbers, as "Time to learn" states them
    assert class_core and max(class_core) <= len(info.objectives), f"{name}: {class_core}"
    served = {oid for c in info.core_sections for oid in c.objectives}
    missing = [n for n in class_core if info.objectives[n - 1].id not in served]
    assert not missing, f"{name}: class objectives {missing} are served by no core section"
    own = {o.id for o in info.objectives}
    for c in info.core_sections:
        assert c.objectives and set(c.objectives) <= own, (name, c)


def test_every_try_this_of_the_3_hour_plan_is_in_a_core_section() -> None:
    plan = load_guide().plan("long")
    where = {(t.notebook, t.cell): t.section for t in try_this_tasks()}
    for section in plan.sections:
        for nb in section.notebooks:
            core = {c.heading for c in INFOS[nb].core_sections} | {"Knowledge check"}
            for cell in section.try_this:
                if (nb, cell) in where:
                    assert where[nb, cell] in core, f"{nb}: planned task {cell} is in folded '{where[nb, cell]}'"


@pytest.mark.parametrize("name", NAMES)
def test_every_code_cell_but_the_imports_is_hidden(name: str) -> None:
    cells = [(s, c) for s, c in _sections(_nb(name)) if c.cell_type == "code"]
    imports = [c for s, c in cells if s == "Imports"]
    assert len(imports) == 1 and not imports[0].metadata.get("jupyter", {}).get("source_hidden", False), name
    code = [c for s, c in cells if s != "Imports"]
    shown = [c.source for c in code if c.metadata.get("jupyter", {}).get("source_hidden") is not True]
    assert not shown, f"{name}: code cells not hidden: {shown}"
    assert len(cells) > 1


@pytest.mark.parametrize("name", NAMES)
def test_time_to_learn_says_what_folded_sections_are_when_there_are_some(name: str) -> None:
    nb = _nb(name)
    text = "".join(c.source for s, c in _sections(nb) if s == "Time to learn")
    folded = any(c.metadata.get(COLLAPSED) for c in nb.cells)
    assert bool(FOLD_LINE.search(text)) is folded, name
    assert len(FOLD_LINE.findall(text)) <= 1


def test_the_script_and_the_data_agree_with_the_stored_notebooks() -> None:
    # The script would change nothing: the stored metadata are exactly what the data say.
    assert folding.main(["--check"]) == 0
    for name, info in INFOS.items():
        nb = _nb(name)
        assert folding.fold(nb, info) is False, name


def test_the_script_folds_and_hides_a_notebook_stripped_of_its_metadata() -> None:
    info = INFOS["03_physical_methods"]
    nb = _nb(info.file)
    for cell in nb.cells:
        cell.metadata = nbformat.NotebookNode()
    # ... and with the text of a folded section back in its heading cell, as the author wrote it.
    at = next(i for i, c in enumerate(nb.cells) if _h2(c) == "Exercise")
    assert nb.cells[at + 1].id == f"{nb.cells[at].id}-body"
    nb.cells[at].source += "\n\n" + nb.cells.pop(at + 1).source
    assert folding.fold(nb, info) is True
    assert nb == _nb(info.file)
    # A section moved out of the core is folded by the next run, and its code stays hidden.
    fewer = dataclasses.replace(info, core_sections=info.core_sections[1:])
    assert folding.fold(nb, fewer) is True
    assert _heading_cells(nb)[info.core_sections[0].heading].metadata[COLLAPSED] is True


def test_a_core_heading_the_notebook_lacks_stops_the_script_naming_it() -> None:
    info = INFOS["01_pain_physiology"]
    bad = dataclasses.replace(info, core_sections=(CoreSection("The gate theory", ("phys_gate",)),))
    with pytest.raises(folding.FoldError, match=r"01_pain_physiology.*'The gate theory'.*'The gate idea'"):
        folding.fold(_nb(info.file), bad)


def _write_data(tmp_path: Path, change: Any) -> Path:
    doc = yaml.safe_load((data_dir() / "notebooks.yaml").read_text(encoding="utf-8"))
    change(doc["notebooks"][3])
    (tmp_path / "notebooks.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda n: n.pop("core_sections"), "core_sections"),
        (lambda n: n["core_sections"][0]["objectives"].append("phys_gate"), "'phys_gate', which is not one of"),
        (lambda n: n["core_sections"].append(dict(n["core_sections"][0])), "listed twice"),
        (lambda n: n["core_sections"][0].update(objectives=[]), "core_sections"),
    ],
    ids=["missing", "other-notebook-objective", "twice", "serves-nothing"],
)
def test_bad_core_data_give_a_clear_error(tmp_path: Path, change: Any, problem: str) -> None:
    with pytest.raises(DataError, match=re.escape(problem)):
        load_notebooks(_write_data(tmp_path, change))


def test_the_student_version_keeps_the_folding_and_the_hidden_code(tmp_path: Path) -> None:
    source = tmp_path / "notebooks"
    source.mkdir()
    for name in NAMES:
        shutil.copy(NB_DIR / f"{name}.ipynb", source / f"{name}.ipynb")
    # One notebook gets an instructor cell, so it is rewritten rather than copied byte for byte.
    nb = _nb("03_physical_methods")
    nb.cells.insert(8, nbformat.v4.new_markdown_cell("Instructor note.", metadata={"tags": ["instructor"]}))
    nbformat.write(nb, source / "03_physical_methods.ipynb")
    make_student_version(source, tmp_path / "student")
    for name in NAMES:
        made = nbformat.read(tmp_path / "student" / "notebooks" / f"{name}.ipynb", as_version=4)
        assert [c.metadata for c in made.cells] == [c.metadata for c in _nb(name).cells], name
