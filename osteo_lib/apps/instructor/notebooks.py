"""The teaching notebooks as the guide sees them: each "Try this" task (cell id, section, question,
widget) and each notebook's numbered learning objectives.

Notebooks are read with ``nbformat.read(..., as_version=4)`` and walked cell by cell (``cell_type``,
``source``, ``id``); only the Markdown text inside one cell is parsed, line by line. A file that is not a
valid notebook raises :class:`~osteo_lib.errors.DataError` naming the file and, where it can, the cell.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from osteo_lib.apps.instructor.text import instructor_text
from osteo_lib.content.guide import Guide, load_guide, task_key
from osteo_lib.errors import DataError

__all__ = [
    "OBJECTIVES_HEADING",
    "QUESTION",
    "TRY_THIS_HEADING",
    "TRY_THIS_QUOTE",
    "TryThis",
    "check_notebooks",
    "notebook_objectives",
    "notebooks_dir",
    "read_notebook",
    "try_this_tasks",
]

#: A line of a markdown cell that opens a "Try this" task (a heading or a bold blockquote).
TRY_THIS_HEADING = "### Try this"
TRY_THIS_QUOTE = "> **Try this**"
QUESTION = "**Question:**"
OBJECTIVES_HEADING = "Learning objectives"
_NOTEBOOK_FILE = "[0-9][0-9]_*.ipynb"
#: ``nbformat.read`` (nbformat has no type hints), typed as this module uses it.
_read: Callable[..., NotebookNode] = nbformat.read


@dataclass(frozen=True, slots=True)
class TryThis:
    """A "Try this" task as found in a teaching notebook."""

    notebook: str
    cell: str
    n: int
    section: str
    question: str
    widget: str

    @property
    def key(self) -> str:
        return task_key(self.notebook, self.cell, self.n)


# --- the notebooks ------------------------------------------------------------------------------------
def notebooks_dir() -> Path:
    """The teaching notebooks: ``$OSTEO_NOTEBOOKS_DIR`` or the workbook's ``notebooks/`` folder."""
    override = os.environ.get("OSTEO_NOTEBOOKS_DIR")
    folder = Path(override) if override else Path(__file__).resolve().parents[3] / "notebooks"
    if not folder.is_dir():
        raise FileNotFoundError(instructor_text().format("notebooks_missing", folder=folder))
    return folder


def _label(path: Path) -> str:
    """The file as an author names it: ``notebooks/03_physical_methods.ipynb``."""
    return f"{path.parent.name}/{path.name}"


def _cell_label(nb: NotebookNode, index: int) -> str:
    cells = nb.get("cells")
    cell = cells[index] if isinstance(cells, list) and 0 <= index < len(cells) else None
    cell_id = cell.get("id") if isinstance(cell, dict) else None
    return f"cell {index}" + (f" (id {cell_id})" if isinstance(cell_id, str) else "")


def read_notebook(path: Path) -> NotebookNode:
    """The notebook at ``path`` as nbformat 4 (``nbformat.read(path, as_version=4)``), validated.

    Raises :class:`~osteo_lib.errors.DataError` naming the file, and the cell when the problem is in one,
    for a file that is not JSON, not a notebook, or does not match the nbformat schema."""
    label = _label(path)
    captured: dict[str, Exception] = {}
    try:
        nb = _read(path, as_version=4, capture_validation_error=captured)
    except (ValueError, KeyError, TypeError, AttributeError, nbformat.ValidationError) as exc:
        # NotJSONError is a ValueError; JSON that is no notebook fails inside nbformat's converters.
        raise DataError(label, None, None, f"is not a Jupyter notebook that nbformat can read: {exc}") from None
    error = captured.get("ValidationError")
    if error is not None:
        where = list(getattr(error, "absolute_path", []))
        if len(where) >= 2 and where[0] == "cells" and isinstance(where[1], int):
            field = ".".join(str(p) for p in where[2:]) or None
            raise DataError(
                label,
                _cell_label(nb, where[1]),
                field,
                f"the cell does not match the nbformat 4 schema: {getattr(error, 'message', error)}",
            )
        raise DataError(
            label,
            None,
            ".".join(str(p) for p in where) or None,
            f"does not match the nbformat 4 schema: {getattr(error, 'message', error)}",
        )
    return nb


def _cell_id(cell: NotebookNode, index: int) -> str:
    """The cell's id (nbformat 4.5 and later), or ``cell-<index>`` for older notebooks without ids."""
    return str(cell.get("id", f"cell-{index}"))


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Each line of ``text`` with the offset at which it starts (lines end at ``\\n`` only)."""
    offset = 0
    for line in text.split("\n"):
        yield offset, line
        offset += len(line) + 1


def _try_this_ends(markdown: str) -> list[int]:
    """Where each "Try this" mark of a markdown cell ends: lines starting ``### Try this`` (as a whole
    word) or ``> **Try this**``."""
    ends = []
    for offset, line in _lines(markdown):
        if line.startswith(TRY_THIS_QUOTE):
            ends.append(offset + len(TRY_THIS_QUOTE))
        elif line.startswith(TRY_THIS_HEADING):
            rest = line[len(TRY_THIS_HEADING) :]
            if not rest or not (rest[0].isalnum() or rest[0] == "_"):
                ends.append(offset + len(TRY_THIS_HEADING))
    return ends


def _question(markdown: str, start: int) -> str:
    """The text after the first ``**Question:**`` following ``start`` (blockquote marks removed)."""
    at = markdown.find(QUESTION, start)
    if at < 0:
        return ""
    lines = [(ln[1:] if ln.startswith(">") else ln).strip() for ln in markdown[at + len(QUESTION) :].splitlines()]
    text: list[str] = []
    for ln in lines:
        if not ln and text:
            break
        if ln:
            text.append(ln)
    return " ".join(text)


def _numbered(markdown: str) -> list[str]:
    """The items of the numbered lists of a markdown cell: lines ``<digits>. <text>``."""
    items = []
    for _, line in _lines(markdown):
        number, dot, rest = line.partition(".")
        if dot and number.isdecimal() and rest[:1].isspace():
            items.append(rest.strip())
    return items


def _headings(markdown: str) -> list[str]:
    """The level-2 headings (``## ...``) of a markdown cell."""
    return [ln[3:].strip() for ln in markdown.splitlines() if ln.startswith("## ")]


def _called(source: str) -> str:
    """The first thing a code cell calls (the widget of a Try this task), or ''."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return ""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
    return ""


def try_this_tasks(folder: Path | None = None) -> tuple[TryThis, ...]:
    """Every "Try this" task in the teaching notebooks (``NN_*.ipynb``), in reading order."""
    base = folder if folder is not None else notebooks_dir()
    found: list[TryThis] = []
    for path in sorted(base.glob(_NOTEBOOK_FILE)):
        cells = read_notebook(path).cells
        section = ""
        for i, cell in enumerate(cells):
            if cell.cell_type != "markdown":
                continue
            text = cell.source
            for head in _headings(text):
                section = head
            following = next((c for c in cells[i + 1 :] if c.cell_type == "code"), None)
            widget = _called(following.source) if following else ""
            for n, end in enumerate(_try_this_ends(text), start=1):
                found.append(TryThis(path.stem, _cell_id(cell, i), n, section, _question(text, end), widget))
    return tuple(found)


def notebook_objectives(notebook: str, folder: Path | None = None) -> tuple[str, ...]:
    """The numbered learning objectives of one notebook (markdown), read from its '## Learning objectives'."""
    base = folder if folder is not None else notebooks_dir()
    inside = False
    objectives: list[str] = []
    for cell in read_notebook(base / f"{notebook}.ipynb").cells:
        if cell.cell_type != "markdown":
            continue
        heads = _headings(cell.source)
        if heads:
            if inside:
                break
            inside = heads[0] == OBJECTIVES_HEADING
        if inside:
            objectives += _numbered(cell.source)
    return tuple(objectives)


def check_notebooks(guide: Guide | None = None, folder: Path | None = None) -> list[str]:
    """Problems between the guide and the notebooks (empty when they match): a Try this task without a
    discussion entry, an entry pointing at no Try this task, a plan naming a task that is not in its
    notebook, or a core objective number the notebook does not have."""
    g = guide if guide is not None else load_guide()
    text = instructor_text()
    tasks = try_this_tasks(folder)
    keys = {t.key for t in tasks}
    problems = [
        text.format("problem_no_discussion", notebook=t.notebook, cell=t.cell, section=t.section)
        for t in tasks
        if g.discussion_for(t.key) is None
    ]
    problems += [
        text.format("problem_orphan", notebook=d.notebook, key=d.key) for d in g.discussion if d.key not in keys
    ]
    cells = {(t.notebook, t.cell) for t in tasks}
    for plan in g.plans:
        for s in plan.sections:
            for cell in s.try_this:
                if not any((nb, cell) in cells for nb in s.notebooks):
                    problems.append(
                        text.format(
                            "problem_plan_cell", plan=plan.id, section=s.id, cell=cell, notebooks=", ".join(s.notebooks)
                        )
                    )
    for f in g.notebooks:
        count = len(notebook_objectives(f.notebook, folder))
        bad = [n for n in f.core if n > count]
        if bad:
            problems.append(text.format("problem_core", notebook=f.notebook, bad=bad, count=count))
    return problems
