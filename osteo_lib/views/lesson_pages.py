"""The teaching pages as HTML fragments: content from the catalog, rendered by the templates in
``views/templates/lesson/`` with the labels of ``data/ui/lesson.yaml``.

Each builder ``<name>_html(...)`` returns escaped markup (a :class:`~markupsafe.Markup` string) and is a
pure function of the catalog; :mod:`osteo_lib.apps.lesson` wraps them for display in a notebook.
Medical content comes only from the data: each card shows the clinical text for students, the
plain-language wording for patient teaching, and the card's own sources.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol, TypeVar

from markupsafe import Markup

from osteo_lib.content.catalog import Catalog, load_catalog
from osteo_lib.content.dashboard import DASHBOARD_FILE, load_dashboard, reviewed_words
from osteo_lib.content.model import Figure, Method, Reference
from osteo_lib.content.notebooks import load_notebooks
from osteo_lib.content.ui import UiTexts, ui_texts
from osteo_lib.views.templates import render

__all__ = [
    "HasId",
    "by_label",
    "causes_html",
    "facts_html",
    "figure_value",
    "figures_html",
    "glossary_html",
    "healing_html",
    "methods_html",
    "modulators_html",
    "origin_ids",
    "pain_definition_html",
    "pain_kinds_html",
    "pick",
    "references_by_origin_html",
    "references_html",
    "stages_html",
    "workbook_map_html",
]


def _text() -> UiTexts:
    return ui_texts("lesson")


def _catalog(catalog: Catalog | None) -> Catalog:
    return catalog if catalog is not None else load_catalog()


class HasId(Protocol):
    """A record with an ``id``."""

    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=HasId)


def pick(records: Sequence[R], ids: Sequence[str] | None, kind: str) -> list[R]:
    """The records with these ids, in the order given (all records when ``ids`` is None)."""
    table = {r.id: r for r in records}
    if ids is None:
        return list(records)
    missing = [i for i in ids if i not in table]
    if missing:
        raise KeyError(f"unknown {kind} id(s) {missing}; known: {', '.join(table)}")
    return [table[i] for i in ids]


def _refs(catalog: Catalog, ids: Iterable[str]) -> tuple[Reference, ...]:
    return catalog.references_for(ids)


def _humanize(record_id: str) -> str:
    text = record_id.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _pain_types(values: Iterable[str]) -> str:
    return _text()["and"].join(values) or _text()["none"]


def _months(weeks: int) -> str:
    months = round(weeks / 4.33, 1)
    return f"{months:g}"


# --- the pages ----------------------------------------------------------------------------------------
def pain_definition_html(catalog: Catalog | None = None) -> Markup:
    """What pain is: the catalog's pain definition, clinical and plain, with its sources."""
    cat = _catalog(catalog)
    d = cat.pain_definition
    return render("lesson/definition.html.j2", text=_text(), d=d, refs=_refs(cat, d.references))


def stages_html(catalog: Catalog | None = None) -> Markup:
    """Every pathway stage in order (injury site -> brain), one card each."""
    cat = _catalog(catalog)
    stages = [(s, _refs(cat, s.references)) for s in cat.stages]
    return render("lesson/stages.html.j2", text=_text(), stages=stages)


def pain_kinds_html(catalog: Catalog | None = None) -> Markup:
    """Acute and chronic pain side by side: a table with one column per kind of pain."""
    cat = _catalog(catalog)
    kinds = cat.pain_kinds
    refs = _refs(cat, [r for k in kinds for r in k.references])
    return render("lesson/kinds.html.j2", text=_text(), kinds=kinds, refs=refs)


def modulators_html(
    ids: Sequence[str] | None = None,
    *,
    kind: str | None = None,
    title: str | None = None,
    catalog: Catalog | None = None,
) -> Markup:
    """A table of pain modulators (all, the ``ids`` given, or one ``kind``: emotional, physical, lifestyle)."""
    cat = _catalog(catalog)
    text = _text()
    chosen = [m for m in pick(cat.modulators, ids, "modulator") if kind is None or m.kind == kind]
    stage_names = {s.id: s.name for s in cat.stages}
    rows = [(m, text[f"effect_{m.effect}"], stage_names.get(m.acts_at, m.acts_at)) for m in chosen]
    columns = [text[c] for c in ("col_name", "col_kind", "col_effect", "col_where", "col_note")]
    refs = _refs(cat, [r for m in chosen for r in m.references])
    return render(
        "lesson/modulators.html.j2",
        text=text,
        heading=title or text["modulators_heading"],
        columns=columns,
        rows=rows,
        refs=refs,
    )


def _cards(heading: str, cls: str, cards: list[tuple[str, str, str, str, tuple[Reference, ...]]]) -> Markup:
    return render("lesson/cards.html.j2", text=_text(), heading=heading, cls=cls, cards=cards)


def facts_html(ids: Sequence[str], *, title: str | None = None, catalog: Catalog | None = None) -> Markup:
    """Fact cards (physiology and causes facts) by id, in the order given."""
    cat = _catalog(catalog)
    cards = [
        (_humanize(f.id), "", f.student_text, f.patient_text, _refs(cat, f.references))
        for f in pick(cat.facts, ids, "fact")
    ]
    return _cards(title or _text()["facts_heading"], "ow-lesson-facts", cards)


def causes_html(
    ids: Sequence[str] | None = None, *, title: str | None = None, catalog: Catalog | None = None
) -> Markup:
    """Cause cards (fractures, muscle problems, medication side effects) by id, or all causes."""
    cat = _catalog(catalog)
    text = _text()
    cards = [
        (
            c.name,
            text.format(
                "cause_meta",
                kind=c.kind,
                pain_types=_pain_types(c.pain_types),
                nerve=text["yes"] if c.nerve_involvement else text["no"],
            ),
            c.clinical_note,
            c.patient_summary,
            _refs(cat, c.references),
        )
        for c in pick(cat.causes, ids, "cause")
    ]
    return _cards(title or text["causes_heading"], "ow-lesson-causes", cards)


def healing_html(catalog: Catalog | None = None) -> Markup:
    """Fracture healing: the numbers (typical, range, chronic threshold), the factors, and the text."""
    cat = _catalog(catalog)
    text = _text()
    h = cat.healing
    low, high = h.range_weeks
    numbers = [
        (text["typical"], text.format("weeks", n=h.typical_weeks, months=_months(h.typical_weeks))),
        (text["range"], text.format("weeks_range", low=low, high=high)),
        (text["chronic_after"], text.format("weeks", n=h.chronic_after_weeks, months=_months(h.chronic_after_weeks))),
    ]
    return render("lesson/healing.html.j2", text=text, h=h, numbers=numbers, refs=_refs(cat, h.references))


def figure_value(f: Figure) -> str:
    """ "About 2,000,000 fractures ...": the value, then the unit (its first word made singular for 1)."""
    value = f"{f.value:,.0f}" if float(f.value).is_integer() else f"{f.value:g}"
    unit = f.unit
    first, _, rest = unit.partition(" ")
    if f.value == 1 and first.rstrip(",").endswith("s"):
        comma = "," if first.endswith(",") else ""
        unit = f"{first.rstrip(',')[:-1]}{comma} {rest}".strip()
    shown = f"{value} {unit}"
    return _text().format("about", value=shown) if f.approximate else shown


def figures_html(
    ids: Sequence[str] | None = None, *, title: str | None = None, catalog: Catalog | None = None
) -> Markup:
    """Key numbers from the sources (value, unit, place) with their explanation."""
    cat = _catalog(catalog)
    text = _text()
    cards = [
        (
            figure_value(f),
            text.format("figure_place", place=f.place),
            f.student_text,
            f.patient_text,
            _refs(cat, f.references),
        )
        for f in pick(cat.figures, ids, "figure")
    ]
    return _cards(title or text["figures_heading"], "ow-lesson-figures", cards)


def _method_card(cat: Catalog, m: Method, text: UiTexts) -> dict[str, object]:
    meta = text.format(
        "method_meta",
        category=m.student_category_label,
        provided_by=m.provided_by_label,
        pain_types=_pain_types(m.pain_types),
        home=text["at_home"] if m.at_home else text["not_at_home"],
    )
    use = [m.how_to_use]
    if m.duration_minutes:
        low, high = m.duration_minutes
        use.append(text.format("duration", low=low, high=high) if low != high else text.format("duration_one", low=low))
    for key, value in (("frequency", m.frequency), ("onset", m.onset), ("relief", m.relief_duration)):
        if value:
            use.append(text.format(key, text=value.rstrip(".")))
    conditions = {c.id: c.name for c in cat.conditions}
    cautions = [
        (
            text.format(
                "caution_line",
                level=text[f"level_{c.level}"],
                who=", ".join(conditions.get(x, x) for x in c.conditions) or text["caution_everyone"],
            ),
            c.student_text,
            c.patient_text,
        )
        for c in m.cautions
    ]
    return {"method": m, "meta": meta, "use": " ".join(use), "cautions": cautions, "refs": _refs(cat, m.all_references)}


def methods_html(ids: Sequence[str], *, title: str | None = None, catalog: Catalog | None = None) -> Markup:
    """Method cards by id: summary, how it works, how to use, clinical note, every caution, sources."""
    cat = _catalog(catalog)
    text = _text()
    cards = [_method_card(cat, cat.method(i), text) for i in ids]
    return render("lesson/methods.html.j2", text=text, heading=title or text["methods_heading"], cards=cards)


def glossary_html(terms: Sequence[str], *, title: str | None = None, catalog: Catalog | None = None) -> Markup:
    """A definition list of glossary terms (by id, term or alias), with the student note when there is one."""
    cat = _catalog(catalog)
    text = _text()
    chosen = [cat.term(t) for t in terms]
    refs = _refs(cat, [r for g in chosen for r in g.references])
    return render(
        "lesson/glossary.html.j2", text=text, heading=title or text["glossary_heading"], terms=chosen, refs=refs
    )


def by_label(refs: Iterable[Reference]) -> list[Reference]:
    """References in the order of an author–year list: by label (case-insensitive), each once."""
    unique = {r.id: r for r in refs}
    return sorted(unique.values(), key=lambda r: (r.label.casefold(), r.id))


def references_html(ids: Sequence[str], *, catalog: Catalog | None = None) -> Markup:
    """The date the content was last reviewed, then the author–year reference list for these ids (each
    once, sorted by label), from references.yaml: each entry starts with its label ("Paolucci et al.,
    2016"), then the student citation with the kind of source (:meth:`~osteo_lib.content.model.Reference.citation`),
    and carries the anchor ``ref-<id>`` that the notebook's citation links point to."""
    cat = _catalog(catalog)
    text = _text()
    reviewed = ""
    # The one reviewed date is the dashboard's (data/dashboard.yaml); a catalog without that file
    # (a small test catalog) has no date to show.
    if (Path(cat.source) / DASHBOARD_FILE).is_file():
        reviewed = text.format("reviewed", date=reviewed_words(load_dashboard(cat).reviewed))
    return render(
        "lesson/references.html.j2",
        text=text,
        heading=text["references_heading"],
        reviewed=reviewed,
        refs=by_label(_refs(cat, ids)),
    )


def origin_ids(origin: str, catalog: Catalog | None = None) -> list[str]:
    """The ids of every reference with this origin ("seed" or "added"), in data order."""
    if origin not in ("seed", "added"):
        raise ValueError(f"origin is 'seed' or 'added', not {origin!r}")
    return [r.id for r in _catalog(catalog).references.values() if r.origin == origin]


def references_by_origin_html(origin: str, *, title: str | None = None, catalog: Catalog | None = None) -> Markup:
    """Every reference of one origin: "seed" (cited by the source articles) or "added" (by this project)."""
    cat = _catalog(catalog)
    text = _text()
    refs = by_label(_refs(cat, origin_ids(origin, cat)))
    return render("lesson/references.html.j2", text=text, heading=title or text["sources"], reviewed="", refs=refs)


def workbook_map_html() -> Markup:
    """The map of the workbook: every teaching notebook with its topics, widgets and time to learn."""
    return render("lesson/map.html.j2", text=_text(), notebooks=load_notebooks())
