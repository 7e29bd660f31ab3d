#!/usr/bin/env python3
"""Write the teaching notebooks' citations author–year, from data/references.yaml.

For every notebook in notebooks/ (nbformat):

* an old marker ``[ref: paolucci2016, nhs_tens]`` in a Markdown cell becomes the citation
  ``([Paolucci et al., 2016](#ref-paolucci2016); [NHS, n.d.-m](#ref-nhs_tens))``;
* the text of every citation link ``[...](#ref-<id>)`` is set to the label the catalog gives that id
  (:mod:`osteo_lib.content.citations`), so a label never drifts from references.yaml;
* the ``lesson.references([...])`` call of the References section is set to the ids the notebook cites:
  those its Markdown cites, then those cited by the records its ``lesson.*`` pages show, each once.
  The page renders them author–year, sorted, with the anchors the links point to.

Code cells keep their outputs as they are (the notebooks are stored stripped).

Usage::

    python scripts/cite_notebooks.py            # rewrite the notebooks that need it
    python scripts/cite_notebooks.py --check    # exit 1 and name the notebooks that would change
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import nbformat

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from osteo_lib.apps import lesson  # noqa: E402
from osteo_lib.content.catalog import Catalog, load_catalog  # noqa: E402
from osteo_lib.content.citations import ANCHOR_PREFIX, LINK, cited_ids, markdown_citation  # noqa: E402

NOTEBOOKS = ROOT / "notebooks"
#: The marker the notebooks used before author–year citations.
MARKER = re.compile(r"\[ref:\s*([^\]]*)\]")
#: lesson.* calls that show no cited records of their own.
NOT_RECORDS = {"references", "references_by_origin", "workbook_map", "case_stage_bank"}


def teaching_notebooks(folder: Path = NOTEBOOKS) -> list[Path]:
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def _known(ids: Sequence[str], labels: Mapping[str, str], where: str) -> None:
    unknown = [i for i in ids if i not in labels]
    if unknown:
        raise SystemExit(f"{where}: unknown reference id(s) {unknown}; they are not in data/references.yaml")


def convert_markdown(text: str, labels: Mapping[str, str], where: str = "") -> str:
    """``text`` with old markers turned into citation links and every link's label set from ``labels``."""

    def marker(match: re.Match[str]) -> str:
        ids = [i.strip() for i in match.group(1).split(",") if i.strip()]
        _known(ids, labels, where)
        return markdown_citation(ids, labels)

    def link(match: re.Match[str]) -> str:
        _known([match.group(2)], labels, where)
        return f"[{labels[match.group(2)]}](#{ANCHOR_PREFIX}{match.group(2)})"

    return LINK.sub(link, MARKER.sub(marker, text))


def lesson_calls(nb: Any) -> Iterator[tuple[str, list[Any], dict[str, Any]]]:
    """Every ``lesson.<name>(...)`` call in the code cells, with its literal arguments."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and getattr(node.func.value, "id", "") == "lesson"
            ):
                args = [ast.literal_eval(a) for a in node.args]
                kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
                yield node.func.attr, args, kwargs


def selection(catalog: Catalog, name: str, args: list[Any], kwargs: dict[str, Any]) -> list[str] | None:
    """The record ids a lesson call shows (None = all of that kind)."""
    if name == "modulators" and kwargs.get("kind"):
        return [m.id for m in catalog.modulators if m.kind == kwargs["kind"]]
    return args[0] if args and isinstance(args[0], list) else None


def notebook_reference_ids(nb: Any, catalog: Catalog) -> list[str]:
    """The ids a notebook cites: its Markdown's citations, then the sources of the records it shows."""
    ids = cited_ids("\n".join(c.source for c in nb.cells if c.cell_type == "markdown"))
    for name, args, kwargs in lesson_calls(nb):
        if name not in NOT_RECORDS:
            ids += lesson.reference_ids(name, selection(catalog, name, args, kwargs), catalog)
    return list(dict.fromkeys(ids))


def references_call(ids: Sequence[str]) -> str:
    return "lesson.references([" + ", ".join(f'"{i}"' for i in ids) + "])"


def convert(nb: Any, catalog: Catalog, where: str = "") -> bool:
    """Convert one notebook in place; True when anything changed."""
    labels = {r.id: r.label for r in catalog.references.values()}
    changed = False
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            new = convert_markdown(cell.source, labels, where)
            changed |= new != cell.source
            cell.source = new
    calls = [c for c in nb.cells if c.cell_type == "code" and c.source.strip().startswith("lesson.references([")]
    if len(calls) != 1:
        raise SystemExit(f"{where}: expected one lesson.references([...]) cell, found {len(calls)}")
    new = references_call(notebook_reference_ids(nb, catalog))
    changed |= new != calls[0].source
    calls[0].source = new
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a notebook would change")
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: the teaching notebooks)")
    args = parser.parse_args(argv)
    catalog = load_catalog()
    stale = []
    for path in args.paths or teaching_notebooks():
        nb = nbformat.read(path, as_version=4)
        if convert(nb, catalog, path.name):
            stale.append(path.name)
            if not args.check:
                nbformat.write(nb, path)
    if stale:
        print(("Citations out of date in: " if args.check else "Rewrote: ") + ", ".join(stale))
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
