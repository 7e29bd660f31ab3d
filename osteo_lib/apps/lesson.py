"""Display helpers for the teaching notebooks: content from the catalog, rendered as static HTML.

The notebooks hold no logic; a code cell imports from here, calls one function and displays what it
returns. Every helper comes in two layers:

* a pure builder ``<name>_html(...) -> str`` that returns an escaped HTML fragment (tested as a pure
  function), and
* a thin wrapper ``<name>(...) -> IPython.display.HTML`` that adds the workbook stylesheet, ready to
  display as the last expression of a cell.

Medical content comes only from the catalog (``data/*.yaml``): each card shows the clinical text for
students, the plain-language wording for patient teaching, and the card's own sources. The reference
list at the end of a notebook is rendered from ``data/references.yaml`` by :func:`references`.

Usage in a notebook::

    from osteo_lib.apps import lesson
    lesson.pain_kinds()                              # acute versus chronic pain, side by side
    lesson.methods(["heat", "cold"])                 # method cards with cautions and sources
    lesson.references(["niams2005_coping", "melzack1965"])

:func:`shown_records` tells which data records a call displays (``"file.yaml#id"`` keys); the notebook
tests use it to prove that every seed fact is shown somewhere in the workbook.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol, TypeVar

from IPython.display import HTML

from osteo_lib.content.catalog import Catalog
from osteo_lib.content.notebooks import load_notebooks
from osteo_lib.care.quiz import Bank, load_bank
from osteo_lib.content.model import Cause, Fact, Figure, GlossaryTerm, Method, Modulator
from osteo_lib.views.widgets.base import bullet_list, esc, join, resolve_catalog, sources_html, styled_html, tag

#: Every fixed string the helpers show (labels and headings; the content itself comes from the data).
TEXT: dict[str, str] = {
    "student": "For the nurse",
    "patient": "Patient wording",
    "sources": "Sources",
    "no_sources": "No sources listed.",
    "definition_heading": "What pain is",
    "stages_heading": "The pain pathway, stage by stage",
    "stage": "Stage {order}: {name}",
    "kinds_heading": "Acute and chronic pain compared",
    "kinds_caption": "Acute and chronic pain: the nurse's words and plain words",
    "aspect": "Aspect",
    "modulators_heading": "What turns pain up or down",
    "modulators_caption": "Pain modulators: kind, direction, where they act, and what the nurse does",
    "col_name": "Modulator",
    "col_kind": "Kind",
    "col_effect": "Effect on pain",
    "col_where": "Acts at",
    "col_note": "Clinical note",
    "effect_up": "turns pain up",
    "effect_down": "turns pain down",
    "effect_either": "can turn pain up or down",
    "facts_heading": "Key points",
    "causes_heading": "Causes of pain",
    "cause_meta": "Kind: {kind}. Pain type: {pain_types}. Nerve involvement possible: {nerve}.",
    "yes": "yes",
    "no": "no",
    "healing_heading": "How long fractures take to heal",
    "healing_numbers": "Healing time in numbers",
    "typical": "Most new fractures heal in",
    "range": "Most new fractures heal within",
    "chronic_after": "Pain is usually called chronic after",
    "weeks": "{n} weeks (about {months} months)",
    "weeks_range": "{low} to {high} weeks",
    "factors": "What changes healing time",
    "figures_heading": "Key numbers",
    "figure_place": "Where this applies: {place}.",
    "methods_heading": "Methods",
    "method_meta": "{category}. {provided_by}. Pain type: {pain_types}. {home}",
    "at_home": "Can be used at home.",
    "not_at_home": "Not a home method.",
    "how_it_works": "How it works",
    "how_to_use": "How to use it",
    "duration": "Time per use: {low} to {high} minutes.",
    "duration_one": "Time per use: {low} minutes.",
    "frequency": "How often: {text}.",
    "onset": "How soon it helps: {text}.",
    "relief": "How long relief lasts: {text}.",
    "examples": "Examples",
    "benefits": "Benefits",
    "clinical_note": "Clinical note",
    "cautions": "Cautions and nursing points",
    "caution_everyone": "everyone",
    "caution_line": "{level} ({who})",
    "level_avoid": "Avoid",
    "level_modify": "Modify",
    "level_caution": "Caution",
    "glossary_heading": "Terms used in this notebook",
    "references_heading": "References",
    "reviewed": (
        "We last checked this content on {date}. We checked it against current advice for older adults: "
        "the AGS Beers list 2023, the CDC opioid guide 2022, NOGG 2022, BHOF 2022 and Cochrane reviews."
    ),
    "map_heading": "Map of the workbook",
    "map_caption": "The notebooks in reading order, what each covers and the widgets it uses",
    "map_notebook": "Notebook",
    "map_topics": "What you will learn",
    "map_widgets": "Widgets",
    "map_minutes": "Time to learn",
    "minutes": "{n} min",
    "none": "none",
}

_EFFECT = {"up": TEXT["effect_up"], "down": TEXT["effect_down"], "either": TEXT["effect_either"]}
_LEVEL = {"avoid": TEXT["level_avoid"], "modify": TEXT["level_modify"], "caution": TEXT["level_caution"]}


# --- small pieces -------------------------------------------------------------------------------------
def _humanize(record_id: str) -> str:
    text = record_id.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _section(heading: str, body: str, *, cls: str, level: str = "h3") -> str:
    return tag("section", tag(level, heading) + body, cls=f"ow-widget ow-lesson {cls}", raw=True, aria_label=heading)


def _sources(catalog: Catalog, ids: Iterable[str]) -> str:
    ids = list(dict.fromkeys(ids))
    if not ids:
        return tag("p", TEXT["no_sources"], cls="ow-note")
    return tag("details", tag("summary", TEXT["sources"]) + sources_html(catalog, ids), cls="ow-lesson-sources", raw=True)


def _two_voices(student: str, patient: str | None) -> str:
    body = tag("p", tag("strong", TEXT["student"] + ": ") + esc(student), cls="ow-lesson-student", raw=True)
    if patient:
        body += tag("p", tag("strong", TEXT["patient"] + ": ") + esc(patient), cls="ow-lesson-patient", raw=True)
    return body


def _card(heading: str, body: str, *, level: str = "h4") -> str:
    return tag("article", tag(level, heading) + body, cls="ow-card ow-lesson-card", raw=True)


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=_HasId)


def _pick(records: Sequence[R], ids: Sequence[str] | None, kind: str) -> list[R]:
    """The records with these ids, in the order given (all records when ``ids`` is None)."""
    table = {r.id: r for r in records}
    if ids is None:
        return list(records)
    missing = [i for i in ids if i not in table]
    if missing:
        raise KeyError(f"unknown {kind} id(s) {missing}; known: {', '.join(table)}")
    return [table[i] for i in ids]


def _pain_types(values: Iterable[str]) -> str:
    return " and ".join(values) or TEXT["none"]


def _months(weeks: int) -> str:
    months = round(weeks / 4.33, 1)
    return f"{months:g}"


# --- pure builders ----------------------------------------------------------------------------------
def pain_definition_html(catalog: Catalog | None = None) -> str:
    """What pain is: the catalog's pain definition, clinical and plain, with its sources."""
    cat = resolve_catalog(catalog)
    d = cat.pain_definition
    return _section(TEXT["definition_heading"], _two_voices(d.student_text, d.patient_text) + _sources(cat, d.references),
                    cls="ow-lesson-definition")


def stages_html(catalog: Catalog | None = None) -> str:
    """Every pathway stage in order (injury site -> brain), one card each."""
    cat = resolve_catalog(catalog)
    cards = join(
        tag("li", _card(TEXT["stage"].format(order=s.order, name=s.name),
                        _two_voices(s.student_text, s.patient_text) + _sources(cat, s.references)), raw=True)
        for s in cat.stages
    )
    return _section(TEXT["stages_heading"], tag("ol", cards, cls="ow-lesson-stages", raw=True), cls="ow-lesson-pathway")


def pain_kinds_html(catalog: Catalog | None = None) -> str:
    """Acute and chronic pain side by side: a table with one column per kind of pain."""
    cat = resolve_catalog(catalog)
    kinds = cat.pain_kinds
    head = tag("tr", tag("th", TEXT["aspect"], scope="col") + join(tag("th", k.name, scope="col") for k in kinds), raw=True)
    rows = [
        tag("tr", tag("th", TEXT["student"], scope="row") + join(tag("td", k.student_text) for k in kinds), raw=True),
        tag("tr", tag("th", TEXT["patient"], scope="row") + join(tag("td", k.patient_text) for k in kinds), raw=True),
    ]
    table = tag("table", tag("caption", TEXT["kinds_caption"]) + tag("thead", head, raw=True)
                + tag("tbody", join(rows), raw=True), cls="ow-lesson-table", raw=True)
    refs = [r for k in kinds for r in k.references]
    return _section(TEXT["kinds_heading"], table + _sources(cat, refs), cls="ow-lesson-kinds")


def modulators_html(ids: Sequence[str] | None = None, *, kind: str | None = None, title: str | None = None,
                    catalog: Catalog | None = None) -> str:
    """A table of pain modulators (all, the ``ids`` given, or one ``kind``: emotional, physical, lifestyle)."""
    cat = resolve_catalog(catalog)
    chosen: list[Modulator] = [m for m in _pick(cat.modulators, ids, "modulator") if kind is None or m.kind == kind]
    stage_names = {s.id: s.name for s in cat.stages}
    head = tag("tr", join(tag("th", TEXT[c], scope="col") for c in ("col_name", "col_kind", "col_effect", "col_where", "col_note")), raw=True)
    rows = join(
        tag("tr", tag("th", m.name, scope="row") + tag("td", m.kind) + tag("td", _EFFECT[m.effect])
            + tag("td", stage_names.get(m.acts_at, m.acts_at))
            + tag("td", tag("p", m.student_text) + tag("p", tag("strong", TEXT["patient"] + ": ") + esc(m.patient_text), raw=True), raw=True),
            raw=True)
        for m in chosen
    )
    table = tag("table", tag("caption", TEXT["modulators_caption"]) + tag("thead", head, raw=True) + tag("tbody", rows, raw=True),
                cls="ow-lesson-table", raw=True)
    refs = [r for m in chosen for r in m.references]
    return _section(title or TEXT["modulators_heading"], table + _sources(cat, refs), cls="ow-lesson-modulators")


def facts_html(ids: Sequence[str], *, title: str | None = None, catalog: Catalog | None = None) -> str:
    """Fact cards (physiology and causes facts) by id, in the order given."""
    cat = resolve_catalog(catalog)
    chosen: list[Fact] = _pick(cat.facts, ids, "fact")
    cards = join(_card(_humanize(f.id), _two_voices(f.student_text, f.patient_text) + _sources(cat, f.references)) for f in chosen)
    return _section(title or TEXT["facts_heading"], cards, cls="ow-lesson-facts")


def causes_html(ids: Sequence[str] | None = None, *, title: str | None = None, catalog: Catalog | None = None) -> str:
    """Cause cards (fractures, muscle problems, medication side effects) by id, or all causes."""
    cat = resolve_catalog(catalog)
    chosen: list[Cause] = _pick(cat.causes, ids, "cause")
    cards = join(
        _card(c.name, tag("p", TEXT["cause_meta"].format(kind=c.kind, pain_types=_pain_types(c.pain_types),
                                                         nerve=TEXT["yes"] if c.nerve_involvement else TEXT["no"]), cls="ow-note")
              + _two_voices(c.clinical_note, c.patient_summary) + _sources(cat, c.references))
        for c in chosen
    )
    return _section(title or TEXT["causes_heading"], cards, cls="ow-lesson-causes")


def healing_html(catalog: Catalog | None = None) -> str:
    """Fracture healing: the numbers (typical, range, chronic threshold), the factors, and the text."""
    cat = resolve_catalog(catalog)
    h = cat.healing
    low, high = h.range_weeks
    numbers = tag("dl", join([
        tag("dt", TEXT["typical"]) + tag("dd", TEXT["weeks"].format(n=h.typical_weeks, months=_months(h.typical_weeks))),
        tag("dt", TEXT["range"]) + tag("dd", TEXT["weeks_range"].format(low=low, high=high)),
        tag("dt", TEXT["chronic_after"]) + tag("dd", TEXT["weeks"].format(n=h.chronic_after_weeks, months=_months(h.chronic_after_weeks))),
    ]), cls="ow-lesson-numbers", raw=True)
    factors = tag("ul", join(tag("li", tag("strong", f.name + ": ") + esc(f.patient_text), raw=True) for f in h.factors), raw=True)
    body = (tag("h4", TEXT["healing_numbers"]) + numbers + _two_voices(h.student_text, h.patient_text)
            + tag("h4", TEXT["factors"]) + factors + _sources(cat, h.references))
    return _section(TEXT["healing_heading"], body, cls="ow-lesson-healing")


def _figure_value(f: Figure) -> str:
    """"About 2,000,000 fractures ...": the value, then the unit (its first word made singular for 1)."""
    value = f"{f.value:,.0f}" if float(f.value).is_integer() else f"{f.value:g}"
    unit = f.unit
    first, _, rest = unit.partition(" ")
    if f.value == 1 and first.rstrip(",").endswith("s"):
        comma = "," if first.endswith(",") else ""
        unit = f"{first.rstrip(',')[:-1]}{comma} {rest}".strip()
    return ("About " if f.approximate else "") + f"{value} {unit}"


def figures_html(ids: Sequence[str] | None = None, *, title: str | None = None, catalog: Catalog | None = None) -> str:
    """Key numbers from the sources (value, unit, place) with their explanation."""
    cat = resolve_catalog(catalog)
    chosen: list[Figure] = _pick(cat.figures, ids, "figure")
    cards = join(_card(_figure_value(f), tag("p", TEXT["figure_place"].format(place=f.place), cls="ow-note")
                       + _two_voices(f.student_text, f.patient_text) + _sources(cat, f.references))
                 for f in chosen)
    return _section(title or TEXT["figures_heading"], cards, cls="ow-lesson-figures")


def _method_body(cat: Catalog, m: Method) -> str:
    meta = TEXT["method_meta"].format(category=m.category_label, provided_by=m.provided_by_label,
                                      pain_types=_pain_types(m.pain_types), home=TEXT["at_home"] if m.at_home else TEXT["not_at_home"])
    use = [m.how_to_use]
    if m.duration_minutes:
        low, high = m.duration_minutes
        use.append(TEXT["duration"].format(low=low, high=high) if low != high else TEXT["duration_one"].format(low=low))
    if m.frequency:
        use.append(TEXT["frequency"].format(text=m.frequency.rstrip(".")))
    if m.onset:
        use.append(TEXT["onset"].format(text=m.onset.rstrip(".")))
    if m.relief_duration:
        use.append(TEXT["relief"].format(text=m.relief_duration.rstrip(".")))
    conditions = {c.id: c.name for c in cat.conditions}
    cautions = join(
        tag("li", tag("strong", TEXT["caution_line"].format(
            level=_LEVEL[c.level],
            who=", ".join(conditions.get(x, x) for x in c.conditions) or TEXT["caution_everyone"]) + ": ")
            + esc(c.student_text) + " " + tag("span", f"({TEXT['patient']}: {c.patient_text})", cls="ow-note"), raw=True)
        for c in m.cautions
    )
    body = (tag("p", meta, cls="ow-note")
            + tag("p", tag("strong", TEXT["patient"] + ": ") + esc(m.patient_summary), cls="ow-lesson-patient", raw=True)
            + tag("p", tag("strong", TEXT["how_it_works"] + ": ") + esc(m.how_it_works), raw=True)
            + tag("p", tag("strong", TEXT["how_to_use"] + ": ") + esc(" ".join(use)), raw=True))
    if m.examples:
        body += tag("p", tag("strong", TEXT["examples"] + ": ") + esc(", ".join(m.examples)), raw=True)
    if m.benefits:
        body += tag("p", tag("strong", TEXT["benefits"] + ":"), raw=True) + bullet_list(m.benefits)
    body += tag("p", tag("strong", TEXT["clinical_note"] + ": ") + esc(m.clinical_note), raw=True)
    if m.cautions:
        body += tag("p", tag("strong", TEXT["cautions"]), raw=True) + tag("ul", cautions, cls="ow-lesson-cautions", raw=True)
    return body + _sources(cat, m.all_references)


def methods_html(ids: Sequence[str], *, title: str | None = None, catalog: Catalog | None = None) -> str:
    """Method cards by id: summary, how it works, how to use, clinical note, every caution, sources."""
    cat = resolve_catalog(catalog)
    chosen = [cat.method(i) for i in ids]
    return _section(title or TEXT["methods_heading"], join(_card(m.name, _method_body(cat, m)) for m in chosen),
                    cls="ow-lesson-methods")


def glossary_html(terms: Sequence[str], *, title: str | None = None, catalog: Catalog | None = None) -> str:
    """A definition list of glossary terms (by id, term or alias), with the student note when there is one."""
    cat = resolve_catalog(catalog)
    chosen: list[GlossaryTerm] = [cat.term(t) for t in terms]
    items = join(
        tag("dt", g.term) + tag("dd", esc(g.definition) + (" " + tag("span", g.student_note, cls="ow-note") if g.student_note else ""), raw=True)
        for g in chosen
    )
    refs = [r for g in chosen for r in g.references]
    return _section(title or TEXT["glossary_heading"], tag("dl", items, cls="ow-lesson-glossary", raw=True) + _sources(cat, refs),
                    cls="ow-lesson-terms")


def references_html(ids: Sequence[str], *, catalog: Catalog | None = None) -> str:
    """The date the content was last reviewed, then the numbered reference list for these ids (in the
    order given, each once), from references.yaml: student citations, each with the kind of source and
    the year (:meth:`osteo_lib.content.model.Reference.citation`)."""
    from osteo_lib.content.dashboard import DASHBOARD_FILE, load_dashboard, reviewed_words

    cat = resolve_catalog(catalog)
    reviewed = ""
    # The one reviewed date is the dashboard's (data/dashboard.yaml); a catalog without that file
    # (a small test catalog) has no date to show.
    if (Path(cat.source) / DASHBOARD_FILE).is_file():
        day = reviewed_words(load_dashboard(cat).reviewed)
        reviewed = tag("p", TEXT["reviewed"].format(date=day), cls="ow-lesson-reviewed")
    return _section(TEXT["references_heading"], reviewed + sources_html(cat, ids), cls="ow-lesson-references")


def origin_ids(origin: str, catalog: Catalog | None = None) -> list[str]:
    """The ids of every reference with this origin ("seed" or "added"), in data order."""
    if origin not in ("seed", "added"):
        raise ValueError(f"origin is 'seed' or 'added', not {origin!r}")
    return [r.id for r in resolve_catalog(catalog).references.values() if r.origin == origin]


def references_by_origin_html(origin: str, *, title: str, catalog: Catalog | None = None) -> str:
    """Every reference of one origin: "seed" (cited by the source articles) or "added" (by this project)."""
    cat = resolve_catalog(catalog)
    return _section(title, sources_html(cat, origin_ids(origin, cat)), cls="ow-lesson-references")


def workbook_map_html() -> str:
    """The map of the workbook: every teaching notebook with its topics, widgets and time to learn."""
    head = tag("tr", join(tag("th", TEXT[c], scope="col") for c in ("map_notebook", "map_topics", "map_widgets", "map_minutes")), raw=True)
    rows = join(
        tag("tr", tag("th", f"{n.file}: {n.title}", scope="row") + tag("td", n.topics) + tag("td", ", ".join(n.widgets))
            + tag("td", TEXT["minutes"].format(n=n.minutes)), raw=True)
        for n in load_notebooks()
    )
    table = tag("table", tag("caption", TEXT["map_caption"]) + tag("thead", head, raw=True) + tag("tbody", rows, raw=True),
                cls="ow-lesson-table", raw=True)
    return _section(TEXT["map_heading"], table, cls="ow-lesson-map")


# --- which records a call shows (for the coverage tests) ------------------------------------------------
def shown_records(function: str, ids: Sequence[str] | None = None, catalog: Catalog | None = None) -> set[str]:
    """The data records (``"file.yaml#id"``) that ``lesson.<function>(ids)`` displays.

    For example ``shown_records("methods", ["heat"])`` is ``{"methods.yaml#heat"}`` and
    ``shown_records("pain_kinds")`` is ``{"physiology.yaml#acute", "physiology.yaml#chronic"}``.
    Raises ``ValueError`` for a function that shows no records.
    """
    cat = resolve_catalog(catalog)
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
    table: dict[str, tuple[str, Sequence[_HasId]]] = {
        "modulators": ("physiology.yaml", cat.modulators), "causes": ("causes.yaml", cat.causes),
        "figures": ("causes.yaml", cat.figures), "methods": ("methods.yaml", cat.methods),
        "glossary": ("glossary.yaml", cat.glossary), "references": ("references.yaml", tuple(cat.references.values())),
    }
    if function == "facts":
        physiology = cat.physiology_fact_ids
        _pick(cat.facts, ids, "fact")
        return {f"{'physiology.yaml' if i in physiology else 'causes.yaml'}#{i}" for i in (ids or ())}
    if function not in table:
        raise ValueError(f"lesson.{function} shows no data records")
    file, records = table[function]
    if function == "glossary":
        return {f"{file}#{cat.term(t).id}" for t in (ids or ())}
    chosen = _pick(records, ids, function)
    return {f"{file}#{r.id}" for r in chosen}


def reference_ids(function: str, ids: Sequence[str] | None = None, catalog: Catalog | None = None) -> list[str]:
    """The reference ids cited by the records ``lesson.<function>(ids)`` shows (in display order, each once)."""
    cat = resolve_catalog(catalog)
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
        refs += [r for m in _pick(cat.modulators, ids, "modulator") for r in m.references]
    elif function == "facts":
        refs += [r for f in _pick(cat.facts, ids, "fact") for r in f.references]
    elif function == "causes":
        refs += [r for c in _pick(cat.causes, ids, "cause") for r in c.references]
    elif function == "figures":
        refs += [r for f in _pick(cat.figures, ids, "figure") for r in f.references]
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


def pain_definition(catalog: Catalog | None = None) -> HTML:
    """Display :func:`pain_definition_html`."""
    return styled_html(pain_definition_html(catalog))


def stages(catalog: Catalog | None = None) -> HTML:
    """Display :func:`stages_html`."""
    return styled_html(stages_html(catalog))


def pain_kinds(catalog: Catalog | None = None) -> HTML:
    """Display :func:`pain_kinds_html`."""
    return styled_html(pain_kinds_html(catalog))


def modulators(ids: Sequence[str] | None = None, *, kind: str | None = None, title: str | None = None,
               catalog: Catalog | None = None) -> HTML:
    """Display :func:`modulators_html`."""
    return styled_html(modulators_html(ids, kind=kind, title=title, catalog=catalog))


def facts(ids: Sequence[str], *, title: str | None = None, catalog: Catalog | None = None) -> HTML:
    """Display :func:`facts_html`."""
    return styled_html(facts_html(ids, title=title, catalog=catalog))


def causes(ids: Sequence[str] | None = None, *, title: str | None = None, catalog: Catalog | None = None) -> HTML:
    """Display :func:`causes_html`."""
    return styled_html(causes_html(ids, title=title, catalog=catalog))


def healing(catalog: Catalog | None = None) -> HTML:
    """Display :func:`healing_html`."""
    return styled_html(healing_html(catalog))


def figures(ids: Sequence[str] | None = None, *, title: str | None = None, catalog: Catalog | None = None) -> HTML:
    """Display :func:`figures_html`."""
    return styled_html(figures_html(ids, title=title, catalog=catalog))


def methods(ids: Sequence[str], *, title: str | None = None, catalog: Catalog | None = None) -> HTML:
    """Display :func:`methods_html`."""
    return styled_html(methods_html(ids, title=title, catalog=catalog))


def glossary(terms: Sequence[str], *, title: str | None = None, catalog: Catalog | None = None) -> HTML:
    """Display :func:`glossary_html`."""
    return styled_html(glossary_html(terms, title=title, catalog=catalog))


def references(ids: Sequence[str], *, catalog: Catalog | None = None) -> HTML:
    """Display :func:`references_html` (a notebook's References section)."""
    return styled_html(references_html(ids, catalog=catalog))


def references_by_origin(origin: str, *, title: str = "Sources", catalog: Catalog | None = None) -> HTML:
    """Display :func:`references_by_origin_html`."""
    return styled_html(references_by_origin_html(origin, title=title, catalog=catalog))


def workbook_map() -> HTML:
    """Display :func:`workbook_map_html`."""
    return styled_html(workbook_map_html())
