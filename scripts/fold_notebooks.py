#!/usr/bin/env python3
"""Fold each teaching notebook to its "need to know" core and hide its code, from data/notebooks.yaml.

For every teaching notebook (nbformat), with the core sections its ``core_sections`` list names:

* the heading cell of every other content section (a level-2 heading that is not part of the skeleton:
  Overview, Learning objectives, Prerequisites, Time to learn, Imports, Knowledge check, Summary, What's
  next, References) gets ``"jp-MarkdownHeadingCollapsed": true`` in its metadata. JupyterLab 4 reads
  that key when it opens the notebook (``MarkdownCell`` in packages/cells/src/widget.ts) and hides the
  section's cells until the student opens it (the "N cells hidden" button under the heading, or the
  arrow beside it). JupyterLab hides the cells after a folded heading cell, not the heading cell's own
  text, so the text under a folded heading is moved, unchanged, to a markdown cell of its own. Core and
  skeleton headings lose the key, so they stay open;
* every code cell except the one under ``## Imports`` gets ``"jupyter": {"source_hidden": true}``:
  JupyterLab shows a placeholder instead of the code and still shows the output (the widget). The
  Imports cell loses the key, so the student sees what is loaded.

A core heading that the notebook does not have stops the run with a message naming the notebook and
the heading, and no notebook is written. Outputs are left as they are (the notebooks are stored
stripped).

Usage::

    python scripts/fold_notebooks.py            # rewrite the notebooks that need it
    python scripts/fold_notebooks.py --check    # exit 1 and name the notebooks that would change
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import nbformat

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from osteo_lib.content.notebooks import NotebookInfo, load_notebooks  # noqa: E402

#: The metadata key of a folded heading cell (JupyterLab 4).
COLLAPSED = "jp-MarkdownHeadingCollapsed"
#: The level-2 headings of the notebook skeleton (docs/notebooks.md); every other one is a content section.
SKELETON = (
    "Overview",
    "Learning objectives",
    "Prerequisites",
    "Time to learn",
    "Imports",
    "Knowledge check",
    "Summary",
    "What's next",
    "References",
)
IMPORTS = "Imports"


class FoldError(Exception):
    """The data name a core section the notebook does not have."""


def heading(cell: Any) -> str | None:
    """The first level-2 heading (``## ...``, without the marks) of a markdown cell, or None."""
    if cell.cell_type != "markdown":
        return None
    return next((line[3:].strip() for line in cell.source.splitlines() if line.startswith("## ")), None)


def sections(nb: Any) -> Iterator[tuple[str, Any]]:
    """Every cell with the level-2 heading of the section it is in ('' before the first heading)."""
    current = ""
    for cell in nb.cells:
        current = heading(cell) or current
        yield current, cell


def content_headings(nb: Any) -> list[str]:
    """The level-2 headings of the notebook's content sections, in order."""
    return [h for cell in nb.cells if (h := heading(cell)) is not None and h not in SKELETON]


def folded_headings(nb: Any, info: NotebookInfo) -> list[str]:
    """The content sections that are not part of the core; FoldError if a core heading is missing."""
    content = content_headings(nb)
    missing = [c.heading for c in info.core_sections if c.heading not in content]
    if missing:
        raise FoldError(
            f"{info.file}: data/notebooks.yaml names core section(s) the notebook does not have: "
            + ", ".join(repr(m) for m in missing)
            + "; its content sections are: "
            + ", ".join(repr(c) for c in content)
        )
    core = {c.heading for c in info.core_sections}
    return [h for h in content if h not in core]


def _set(metadata: dict[str, Any], key: str, on: bool) -> bool:
    """Set ``metadata[key] = True`` or remove it; whether anything changed."""
    before = metadata.get(key)
    if on:
        metadata[key] = True
    else:
        metadata.pop(key, None)
    return before != metadata.get(key)


def split_heading(nb: Any, folded: set[str]) -> bool:
    """Give every folded heading a cell of its own: the text under the heading moves, unchanged, to a new
    markdown cell right after it (id ``<heading cell id>-body``), since JupyterLab folds the cells that
    follow a heading cell, never the heading cell's own text. Whether anything changed."""
    changed = False
    for i in range(len(nb.cells) - 1, -1, -1):
        cell = nb.cells[i]
        if heading(cell) not in folded:
            continue
        first, _, rest = cell.source.partition("\n")
        if not first.startswith("## "):
            raise FoldError(f"the cell of '{heading(cell)}' has text before its heading; move it to a cell of its own")
        body = rest.lstrip("\n")
        if body.strip():
            cell.source = first
            nb.cells.insert(i + 1, nbformat.v4.new_markdown_cell(body, id=f"{cell.id}-body"))
            changed = True
    return changed


def fold(nb: Any, info: NotebookInfo) -> bool:
    """Apply the folding and code hiding to ``nb`` in place; whether anything changed."""
    folded = set(folded_headings(nb, info))
    changed = split_heading(nb, folded)
    for section, cell in sections(nb):
        if cell.cell_type == "markdown":
            changed |= _set(cell.metadata, COLLAPSED, heading(cell) in folded)
        elif cell.cell_type == "code":
            jupyter = dict(cell.metadata.get("jupyter", {}))
            changed |= _set(jupyter, "source_hidden", section != IMPORTS)
            if jupyter:
                cell.metadata["jupyter"] = jupyter
            else:
                cell.metadata.pop("jupyter", None)
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a notebook would change")
    args = parser.parse_args(argv)
    folder = ROOT / "notebooks"
    todo = []
    try:
        for info in load_notebooks():
            path = folder / f"{info.file}.ipynb"
            nb = nbformat.read(path, as_version=4)
            if fold(nb, info):
                todo.append((path, nb))
    except FoldError as e:
        print(e, file=sys.stderr)
        return 2
    if not args.check:
        for path, nb in todo:
            nbformat.write(nb, path)
    if todo:
        names = ", ".join(path.name for path, _ in todo)
        print(("Folding out of date in: " if args.check else "Rewrote: ") + names)
    return 1 if todo and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
