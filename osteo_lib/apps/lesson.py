"""What the teaching notebooks display: content from the catalog, as pages with the workbook's look.

The notebooks hold no logic; a code cell imports from here, calls one function and shows what it
returns. Every page comes in two layers:

* a pure builder ``<name>_html(...)`` (in :mod:`osteo_lib.views.lesson_pages`, re-exported here) that
  returns an escaped HTML fragment rendered from ``views/templates/lesson/`` (tested as a pure
  function), and
* a thin wrapper ``<name>(...) -> LessonPage`` that a notebook cell shows as its last expression.
  A :class:`LessonPage` is a widget like every other: its container holds the kernel's one stylesheet
  widget, so the CSS is on the page once however many pages a notebook shows.

Medical content comes only from the catalog (``data/*.yaml``); the labels and headings come from
``data/ui/lesson.yaml``. The reference list at the end of a notebook is rendered from
``data/references.yaml`` by :func:`references`.

Usage in a notebook::

    from osteo_lib.apps import lesson
    lesson.pain_kinds()                              # acute versus chronic pain, side by side
    lesson.methods(["heat", "cold"])                 # method cards with cautions and sources
    lesson.references(["niams2005_coping", "melzack1965"])

:func:`shown_records` tells which data records a call displays (``"file.yaml#id"`` keys); the notebook
tests use it to prove that every seed fact is shown somewhere in the workbook.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import ipywidgets as w
import traitlets as t

from osteo_lib.content.catalog import Catalog, load_catalog
from osteo_lib.content.quiz import Bank, load_bank
from osteo_lib.views.lesson_pages import (
    HasId,
    causes_html,
    facts_html,
    figures_html,
    glossary_html,
    healing_html,
    methods_html,
    modulators_html,
    origin_ids,
    pain_definition_html,
    pain_kinds_html,
    pick,
    references_by_origin_html,
    references_html,
    stages_html,
    workbook_map_html,
)
from osteo_lib.views.widgets.base import Widget, container

__all__ = [
    "LessonPage",
    "case_stage_bank",
    "causes",
    "causes_html",
    "facts",
    "facts_html",
    "figures",
    "figures_html",
    "glossary",
    "glossary_html",
    "healing",
    "healing_html",
    "methods",
    "methods_html",
    "modulators",
    "modulators_html",
    "origin_ids",
    "pain_definition",
    "pain_definition_html",
    "pain_kinds",
    "pain_kinds_html",
    "reference_ids",
    "references",
    "references_by_origin",
    "references_by_origin_html",
    "references_html",
    "shown_records",
    "stages",
    "stages_html",
    "workbook_map",
    "workbook_map_html",
]


class LessonPage(Widget):
    """One teaching page: the kernel's stylesheet widget and the page's HTML (``body``), in a container
    with the class ``ow-lesson-page``. Shown by naming it in a cell; ``fragment`` is the HTML shown.

    Its display bundle also carries the fragment as ``text/html``, for viewers that cannot draw
    widgets (a static export of the notebook); a live notebook draws the widget, with the one stylesheet.
    """

    #: The HTML of the page (an escaped fragment from a lesson template).
    fragment = t.Unicode("")

    def __init__(self, fragment: str) -> None:
        super().__init__()
        self.body = w.HTML()
        self.body.add_class("ow-lesson-page__body")
        self.container = container(self.body, cls="ow-lesson-page")
        self.fragment = fragment
        self.observe(self.update, names="fragment")
        self.update()

    def update(self, change: object = None) -> None:
        """Show ``fragment``."""
        self.body.value = self.fragment

    def _repr_mimebundle_(self, **kwargs: object) -> object:
        bundle = super()._repr_mimebundle_(**kwargs)
        if isinstance(bundle, dict):
            bundle = {**bundle, "text/html": self.fragment}
        return bundle


def _catalog(catalog: Catalog | None) -> Catalog:
    return catalog if catalog is not None else load_catalog()


# --- which records a call shows (for the coverage tests) ------------------------------------------------
def shown_records(function: str, ids: Sequence[str] | None = None, catalog: Catalog | None = None) -> set[str]:
    """The data records (``"file.yaml#id"``) that ``lesson.<function>(ids)`` displays.

    For example ``shown_records("methods", ["heat"])`` is ``{"methods.yaml#heat"}`` and
    ``shown_records("pain_kinds")`` is ``{"physiology.yaml#acute", "physiology.yaml#chronic"}``.
    Raises ``ValueError`` for a function that shows no records.
    """
    cat = _catalog(catalog)
    if function == "pain_definition":
        return {"physiology.yaml#pain_definition"}
    if function == "stages":
        return {f"physiology.yaml#{s.id}" for s in cat.stages}
    if function == "pain_kinds":
        return {f"physiology.yaml#{k.id}" for k in cat.pain_kinds}
    if function == "healing":
        return {"causes.yaml#healing"}
    if function == "workbook_map":
        return set()
    if function == "references_by_origin":
        return {f"references.yaml#{i}" for i in origin_ids((ids or ["seed"])[0], cat)}
    table: dict[str, tuple[str, Sequence[HasId]]] = {
        "modulators": ("physiology.yaml", cat.modulators),
        "causes": ("causes.yaml", cat.causes),
        "figures": ("causes.yaml", cat.figures),
        "methods": ("methods.yaml", cat.methods),
        "glossary": ("glossary.yaml", cat.glossary),
        "references": ("references.yaml", tuple(cat.references.values())),
    }
    if function == "facts":
        physiology = cat.physiology_fact_ids
        pick(cat.facts, ids, "fact")
        return {f"{'physiology.yaml' if i in physiology else 'causes.yaml'}#{i}" for i in (ids or ())}
    if function not in table:
        raise ValueError(f"lesson.{function} shows no data records")
    file, records = table[function]
    if function == "glossary":
        return {f"{file}#{cat.term(t).id}" for t in (ids or ())}
    chosen = pick(records, ids, function)
    return {f"{file}#{r.id}" for r in chosen}


def reference_ids(function: str, ids: Sequence[str] | None = None, catalog: Catalog | None = None) -> list[str]:
    """The reference ids cited by the records ``lesson.<function>(ids)`` shows (in display order, each once)."""
    cat = _catalog(catalog)
    refs: list[str] = []
    if function == "pain_definition":
        refs += cat.pain_definition.references
    elif function == "stages":
        refs += [r for s in cat.stages for r in s.references]
    elif function == "pain_kinds":
        refs += [r for k in cat.pain_kinds for r in k.references]
    elif function == "healing":
        refs += cat.healing.references
    elif function == "modulators":
        refs += [r for m in pick(cat.modulators, ids, "modulator") for r in m.references]
    elif function == "facts":
        refs += [r for f in pick(cat.facts, ids, "fact") for r in f.references]
    elif function == "causes":
        refs += [r for c in pick(cat.causes, ids, "cause") for r in c.references]
    elif function == "figures":
        refs += [r for f in pick(cat.figures, ids, "figure") for r in f.references]
    elif function == "methods":
        refs += [r for i in (ids or ()) for r in cat.method(i).all_references]
    elif function == "glossary":
        refs += [r for t in (ids or ()) for r in cat.term(t).references]
    return list(dict.fromkeys(refs))


def case_stage_bank(bank_id: str, stage: str, *, catalog: Catalog | None = None) -> Bank:
    """The questions of one stage (visit) of an unfolding case, as a bank a KnowledgeCheck can show.

    ``case_stage_bank("case_study", "visit1_emergency")`` keeps the items whose ``case_stage`` is
    ``visit1_emergency``, in bank order. Raises ``KeyError`` when no item has that stage.
    """
    bank = load_bank(bank_id, catalog)
    items = tuple(i for i in bank.items if i.case_stage == stage)
    if not items:
        known = ", ".join(dict.fromkeys(i.case_stage for i in bank.items if i.case_stage))
        raise KeyError(f"bank {bank_id!r} has no items for case stage {stage!r}; stages: {known}")
    return replace(bank, items=items)


# --- display wrappers (what a notebook cell calls) ---------------------------------------------------
def pain_definition(catalog: Catalog | None = None) -> LessonPage:
    """Show :func:`pain_definition_html`."""
    return LessonPage(pain_definition_html(catalog))


def stages(catalog: Catalog | None = None) -> LessonPage:
    """Show :func:`stages_html`."""
    return LessonPage(stages_html(catalog))


def pain_kinds(catalog: Catalog | None = None) -> LessonPage:
    """Show :func:`pain_kinds_html`."""
    return LessonPage(pain_kinds_html(catalog))


def modulators(
    ids: Sequence[str] | None = None,
    *,
    kind: str | None = None,
    title: str | None = None,
    catalog: Catalog | None = None,
) -> LessonPage:
    """Show :func:`modulators_html`."""
    return LessonPage(modulators_html(ids, kind=kind, title=title, catalog=catalog))


def facts(ids: Sequence[str], *, title: str | None = None, catalog: Catalog | None = None) -> LessonPage:
    """Show :func:`facts_html`."""
    return LessonPage(facts_html(ids, title=title, catalog=catalog))


def causes(ids: Sequence[str] | None = None, *, title: str | None = None, catalog: Catalog | None = None) -> LessonPage:
    """Show :func:`causes_html`."""
    return LessonPage(causes_html(ids, title=title, catalog=catalog))


def healing(catalog: Catalog | None = None) -> LessonPage:
    """Show :func:`healing_html`."""
    return LessonPage(healing_html(catalog))


def figures(
    ids: Sequence[str] | None = None, *, title: str | None = None, catalog: Catalog | None = None
) -> LessonPage:
    """Show :func:`figures_html`."""
    return LessonPage(figures_html(ids, title=title, catalog=catalog))


def methods(ids: Sequence[str], *, title: str | None = None, catalog: Catalog | None = None) -> LessonPage:
    """Show :func:`methods_html`."""
    return LessonPage(methods_html(ids, title=title, catalog=catalog))


def glossary(terms: Sequence[str], *, title: str | None = None, catalog: Catalog | None = None) -> LessonPage:
    """Show :func:`glossary_html`."""
    return LessonPage(glossary_html(terms, title=title, catalog=catalog))


def references(ids: Sequence[str], *, catalog: Catalog | None = None) -> LessonPage:
    """Show :func:`references_html` (a notebook's References section)."""
    return LessonPage(references_html(ids, catalog=catalog))


def references_by_origin(origin: str, *, title: str | None = None, catalog: Catalog | None = None) -> LessonPage:
    """Show :func:`references_by_origin_html` (``title`` defaults to "Sources")."""
    return LessonPage(references_by_origin_html(origin, title=title, catalog=catalog))


def workbook_map() -> LessonPage:
    """Show :func:`workbook_map_html`."""
    return LessonPage(workbook_map_html())
