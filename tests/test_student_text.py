"""No internal words in what students read: the project's word "seed" (for the three patient-education
articles the content started from) never reaches a student; sources are named by their authors and year.

What counts as student-facing here:

* the Markdown cells of the teaching notebooks (00–07), the widget gallery and the patient dashboard;
* every text of the content files that a page or widget shows: all strings of data/*.yaml except ids,
  reference-id lists and the fields of references.yaml that are never shown (``note``, ``origin``,
  ``seed_files``), and of data/ui/*.yaml for the student and patient audiences;
* every quiz bank (data/quizzes/*.yaml): stems, options, explanations, feedback — everything but ids
  and reference-id lists;
* the teaching pages as rendered (every lesson page with all its records, and each notebook's
  reference list), so a template cannot add the word either.

Left alone: code, test and script names, YAML comments, the instructor kit (data/instructor.yaml and the
instructor notebook) and the ``origin: seed`` field that tells the project where a source came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml

from osteo_lib.apps import lesson
from osteo_lib.content.catalog import Catalog

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
#: Internal words that must not reach a student, as whole words in any case.
INTERNAL = re.compile(r"\bseeds?\b", re.IGNORECASE)
NOT_SHOWN = {"id", "references", "note", "origin", "seed_files"}
NOTEBOOKS = [
    *sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")),
    ROOT / "notebooks" / "widget_gallery.ipynb",
    ROOT / "notebooks" / "dashboards" / "patient_dashboard.ipynb",
]
CONTENT = [p for p in sorted(DATA.glob("*.yaml")) if p.name != "instructor.yaml"]
QUIZZES = sorted((DATA / "quizzes").glob("*.yaml"))


def _strings(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in NOT_SHOWN:
                yield from _strings(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            label = value.get("id", i) if isinstance(value, dict) else i
            yield from _strings(value, f"{path}[{label}]")


def _hits(texts: Iterator[tuple[str, str]]) -> list[str]:
    return [
        f"{where}: …{m.string[max(0, m.start() - 40) : m.end() + 40]}…"
        for where, t in texts
        for m in [INTERNAL.search(t)]
        if m
    ]


def test_the_check_finds_the_word() -> None:
    assert _hits(iter([("x", "the seed says"), ("y", "Seeds differ"), ("z", "seeded shuffle, linseed")])) == [
        "x: …the seed says…",
        "y: …Seeds differ…",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_markdown_has_no_internal_words(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    found = _hits((f"cell {i}", c.source) for i, c in enumerate(nb.cells) if c.cell_type == "markdown")
    assert not found, found


@pytest.mark.parametrize(
    "path", [*CONTENT, *QUIZZES], ids=[p.relative_to(DATA).as_posix() for p in [*CONTENT, *QUIZZES]]
)
def test_data_shown_to_students_has_no_internal_words(path: Path) -> None:
    found = _hits(_strings(yaml.safe_load(path.read_text(encoding="utf-8"))))
    assert not found, found


def test_ui_texts_for_students_and_patients_have_no_internal_words() -> None:
    found = []
    for path in sorted((DATA / "ui").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if doc["audience"] in ("student", "patient"):
            found += _hits((f"{path.name}:{k}", v) for k, v in doc["texts"].items())
    assert not found, found


def test_rendered_teaching_pages_have_no_internal_words(catalog: Catalog) -> None:
    pages = [
        lesson.pain_definition_html(catalog),
        lesson.stages_html(catalog),
        lesson.pain_kinds_html(catalog),
        lesson.modulators_html(catalog=catalog),
        lesson.facts_html([f.id for f in catalog.facts], catalog=catalog),
        lesson.causes_html(catalog=catalog),
        lesson.healing_html(catalog),
        lesson.figures_html(catalog=catalog),
        lesson.methods_html([m.id for m in catalog.methods], catalog=catalog),
        lesson.glossary_html([g.id for g in catalog.glossary], catalog=catalog),
        lesson.references_html(list(catalog.references), catalog=catalog),
        lesson.workbook_map_html(),
    ]
    found = _hits((f"page {i}", str(page)) for i, page in enumerate(pages))
    assert not found, found
