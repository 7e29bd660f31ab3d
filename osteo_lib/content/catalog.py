"""Loading the content catalog and asking it questions.

``load_catalog()`` reads every file in ``data/`` once (the result is cached), validates it against the
versioned schemas and cross-checks ids, and returns an immutable :class:`Catalog` whose methods are
the workbook's typed query functions.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from osteo_lib.content import registry
from osteo_lib.content import validate as v
from osteo_lib.content.citations import cite_ids_in_doc, reference_labels
from osteo_lib.content.model import (
    Category,
    Cause,
    Caution,
    Condition,
    Evidence,
    Fact,
    Figure,
    GlossaryTerm,
    Harms,
    Healing,
    HealingFactor,
    Method,
    MethodMatch,
    Modulator,
    PainKind,
    PainType,
    ProvidedBy,
    Reference,
    Stage,
    StartHere,
    most_serious_first,
)
from osteo_lib.content.paths import data_dir
from osteo_lib.content.plain_language import HEALING_RANGE, fill_healing_range, uses_healing_range
from osteo_lib.content.records import as_tuple as _t
from osteo_lib.content.records import lookup as _lookup
from osteo_lib.errors import DataError, UnknownIdError

__all__ = ["CONTENT_FILES", "Catalog", "clear_cache", "load_catalog"]

CONTENT_FILES = ("references", "physiology", "causes", "methods", "glossary")


@dataclass(frozen=True)
class Catalog:
    """All workbook content, validated, with query methods. Build it with :func:`load_catalog`."""

    source: Path
    references: Mapping[str, Reference]
    pain_definition: Fact
    stages: tuple[Stage, ...]
    pain_kinds: tuple[PainKind, ...]
    modulators: tuple[Modulator, ...]
    causes: tuple[Cause, ...]
    healing: Healing
    figures: tuple[Figure, ...]
    facts: tuple[Fact, ...]
    conditions: tuple[Condition, ...]
    methods: tuple[Method, ...]
    glossary: tuple[GlossaryTerm, ...]
    #: Ids of the :attr:`facts` that come from physiology.yaml (the rest come from causes.yaml).
    physiology_fact_ids: frozenset[str] = frozenset()

    # --- single records ---------------------------------------------------------------------------
    def method(self, method_id: str) -> Method:
        return _lookup({m.id: m for m in self.methods}, method_id, "method")

    def cause(self, cause_id: str) -> Cause:
        return _lookup({c.id: c for c in self.causes}, cause_id, "cause")

    def stage(self, stage_id: str) -> Stage:
        return _lookup({s.id: s for s in self.stages}, stage_id, "pathway stage")

    def condition(self, condition_id: str) -> Condition:
        return _lookup({c.id: c for c in self.conditions}, condition_id, "condition")

    def figure(self, figure_id: str) -> Figure:
        return _lookup({f.id: f for f in self.figures}, figure_id, "figure")

    def reference(self, reference_id: str) -> Reference:
        return _lookup(self.references, reference_id, "reference")

    def references_for(self, ids: Iterable[str]) -> tuple[Reference, ...]:
        """The references with these ids, in the order given, each once."""
        return tuple(self.reference(i) for i in dict.fromkeys(ids))

    def term(self, wanted: str) -> GlossaryTerm:
        """A glossary entry by id, term or alias (case-insensitive)."""
        key = wanted.strip().lower()
        for entry in self.glossary:
            if key in {entry.id, entry.term.lower(), *(a.lower() for a in entry.aliases)}:
                return entry
        raise UnknownIdError("glossary term", wanted, [t.term for t in self.glossary])

    # --- filtered lists ---------------------------------------------------------------------------
    def find_methods(
        self,
        *,
        category: Category | Iterable[Category] | None = None,
        pain_type: PainType | None = None,
        stage: str | None = None,
        provided_by: ProvidedBy | Iterable[ProvidedBy] | None = None,
        at_home: bool | None = None,
        patient_option: bool | None = None,
    ) -> tuple[Method, ...]:
        """Methods matching every filter given (``None`` = no filter), in data order.

        ``patient_option=True`` keeps only the methods offered to patients (``False``: only the ones
        kept for nursing students)."""
        cats = _as_set(category)
        who = _as_set(provided_by)
        if stage is not None:
            self.stage(stage)
        return tuple(
            m
            for m in self.methods
            if (cats is None or m.category in cats)
            and (pain_type is None or pain_type in m.pain_types)
            and (stage is None or stage in m.acts_on)
            and (who is None or m.provided_by in who)
            and (at_home is None or m.at_home == at_home)
            and (patient_option is None or m.patient_option == patient_option)
        )

    def methods_for_conditions(
        self,
        conditions: Iterable[str],
        *,
        exclude: bool = False,
        methods: Iterable[Method] | None = None,
    ) -> tuple[MethodMatch, ...]:
        """Check methods against a person's conditions.

        Every method comes back with the cautions that match one of ``conditions`` (most serious
        first). With ``exclude=True`` methods with a matching *avoid* caution are left out.
        """
        wanted = set(conditions)
        for c in wanted:
            self.condition(c)
        result = []
        for m in self.methods if methods is None else methods:
            matching = tuple(most_serious_first(c for c in m.cautions if wanted.intersection(c.conditions)))
            match = MethodMatch(m, matching)
            if not (exclude and match.excluded):
                result.append(match)
        return tuple(result)

    def methods_for_cause(self, cause_id: str) -> tuple[Method, ...]:
        """Methods the sources suggest for pain from this cause."""
        return tuple(self.method(i) for i in self.cause(cause_id).related_methods)

    def methods_for_stage(self, stage_id: str) -> tuple[Method, ...]:
        return self.find_methods(stage=stage_id)

    def find_causes(self, *, kind: str | None = None, pain_type: PainType | None = None) -> tuple[Cause, ...]:
        return tuple(
            c
            for c in self.causes
            if (kind is None or c.kind == kind) and (pain_type is None or pain_type in c.pain_types)
        )

    def find_modulators(self, *, effect: str | None = None, acts_at: str | None = None) -> tuple[Modulator, ...]:
        return tuple(
            m
            for m in self.modulators
            if (effect is None or m.effect == effect) and (acts_at is None or m.acts_at == acts_at)
        )

    def find_facts(self, topic: str | None = None) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if topic is None or f.topic == topic)

    def counts(self) -> dict[str, int]:
        """How many records of each kind the catalog holds."""
        return {
            "methods": len(self.methods),
            "causes": len(self.causes),
            "pathway stages": len(self.stages),
            "pain modulators": len(self.modulators),
            "facts": len(self.facts),
            "figures": len(self.figures),
            "glossary terms": len(self.glossary),
            "references": len(self.references),
        }


def _as_set(value: str | Iterable[str] | None) -> set[str] | None:
    if value is None:
        return None
    return {value} if isinstance(value, str) else set(value)


# --- building ---------------------------------------------------------------------------------------
def _fact(d: Mapping[str, Any], topic: str | None = None) -> Fact:
    return Fact(
        d.get("id", topic or ""), d.get("topic", topic or ""), d["patient_text"], d["student_text"], _t(d["references"])
    )


def _build(docs: dict[str, dict[str, Any]], source: Path) -> Catalog:
    labels = reference_labels(docs["references"]["references"])
    docs = {name: doc if name == "references" else cite_ids_in_doc(doc, labels) for name, doc in docs.items()}
    refs = {
        r["id"]: Reference(
            id=r["id"],
            authors=_t(r["authors"]),
            title=r["title"],
            container=r["container"],
            year=r["year"],
            origin=r["origin"],
            doi=r.get("doi"),
            url=r.get("url"),
            pmid=r.get("pmid"),
            volume_pages=r.get("volume_pages"),
            note=r.get("note"),
            seed_files=_t(r.get("seed_files")),
            kind=r.get("kind"),
            cite_name=r.get("cite_name"),
            label=labels[r["id"]],
        )
        for r in docs["references"]["references"]
    }
    phys, causes, meth, gloss = docs["physiology"], docs["causes"], docs["methods"], docs["glossary"]
    heal = causes["healing"]
    return Catalog(
        source=source,
        references=refs,
        pain_definition=_fact(phys["pain_definition"], "pain_definition"),
        stages=tuple(sorted((Stage(**s) for s in phys["pathway"]), key=lambda s: s.order)),
        pain_kinds=tuple(PainKind(**{**p, "references": _t(p["references"])}) for p in phys["pain_types"]),
        modulators=tuple(Modulator(**{**m, "references": _t(m["references"])}) for m in phys["modulators"]),
        causes=tuple(
            Cause(
                **{
                    **c,
                    "pain_types": _t(c["pain_types"]),
                    "references": _t(c["references"]),
                    "related_methods": _t(c.get("related_methods")),
                }
            )
            for c in causes["causes"]
        ),
        healing=Healing(
            typical_weeks=heal["typical_weeks"],
            range_weeks=(heal["range_weeks"]["min"], heal["range_weeks"]["max"]),
            chronic_after_weeks=heal["chronic_after_weeks"],
            range_words=_range_words(heal),
            factors=tuple(HealingFactor(**f) for f in heal["factors"]),
            patient_text=heal["patient_text"],
            student_text=heal["student_text"],
            references=_t(heal["references"]),
        ),
        figures=tuple(Figure(**{**f, "references": _t(f["references"])}) for f in causes["figures"]),
        facts=tuple(_fact(f) for f in (*phys["facts"], *causes["facts"])),
        physiology_fact_ids=frozenset(f["id"] for f in phys["facts"]),
        conditions=tuple(Condition(**c) for c in meth["conditions"]),
        methods=tuple(_method(m) for m in meth["methods"]),
        glossary=tuple(
            sorted(
                (
                    GlossaryTerm(
                        id=g["id"],
                        term=g["term"],
                        definition=g["definition"],
                        aliases=_t(g.get("aliases")),
                        student_note=g.get("student_note"),
                        references=_t(g.get("references")),
                    )
                    for g in gloss["terms"]
                ),
                key=lambda g: g.term.lower(),
            )
        ),
    )


def _usage_words(use: Mapping[str, Any]) -> str:
    """How to use a method as one text: the line before the steps, the numbered steps, the line after."""
    steps = [f"{i}. {step}" for i, step in enumerate(use.get("patient_steps", ()), start=1)]
    return " ".join(p for p in (use.get("patient_text", ""), *steps, use.get("patient_after", "")) if p)


def _method(m: Mapping[str, Any]) -> Method:
    use = m["how_to_use"]
    dur = use.get("duration_minutes")
    return Method(
        id=m["id"],
        name=m["name"],
        category=m["category"],
        patient_summary=m["patient_summary"],
        clinical_note=m["clinical_note"],
        how_it_works=m["how_it_works"]["patient_text"],
        acts_on=_t(m["how_it_works"]["acts_on"]),
        how_to_use=_usage_words(use),
        how_to_lead=use.get("patient_text", ""),
        how_to_steps=_t(use.get("patient_steps", ())),
        how_to_after=use.get("patient_after", ""),
        duration_minutes=(dur["min"], dur["max"]) if dur else None,
        frequency=use.get("frequency"),
        provided_by=m["provided_by"],
        at_home=m["at_home"],
        pain_types=_t(m["pain_types"]),
        onset=m.get("onset"),
        relief_duration=m.get("relief_duration"),
        examples=_t(m.get("examples")),
        benefits=_t(m.get("benefits")),
        cautions=tuple(
            Caution(
                id=c["id"],
                level=c["level"],
                conditions=_t(c["conditions"]),
                patient_text=c["patient_text"],
                student_text=c["student_text"],
                references=_t(c["references"]),
            )
            for c in m["cautions"]
        ),
        references=_t(m["references"]),
        evidence=_evidence(m.get("evidence")),
        harms=_harms(m.get("harms")),
        start_here=StartHere(m["start_here"]["group"], m["start_here"]["patient_label"]) if "start_here" in m else None,
        patient_option=m.get("patient_option", True),
        fits=_t(m.get("fits")),
    )


def _harms(h: Mapping[str, Any] | None) -> Harms | None:
    if h is None:
        return None
    return Harms(h["patient_risk"], h["not_for"], h.get("unknown", ""), _t(h["references"]))


def _evidence(e: Mapping[str, Any] | None) -> Evidence | None:
    if e is None:
        return None
    return Evidence(
        level=e["level"],
        outcome=e["outcome"],
        patient_text=e["patient_text"],
        student_text=e["student_text"],
        study_type=e["study_type"],
        references=_t(e["references"]),
        does_not_help=e.get("does_not_help", False),
    )


def _cross_check(docs: dict[str, dict[str, Any]], labels: dict[str, str]) -> None:
    for name, section in [
        ("references", "references"),
        ("physiology", "pathway"),
        ("physiology", "modulators"),
        ("physiology", "facts"),
        ("causes", "causes"),
        ("causes", "figures"),
        ("causes", "facts"),
        ("methods", "conditions"),
        ("methods", "methods"),
        ("glossary", "terms"),
    ]:
        v.check_unique(docs[name], labels[name], section)
    ref_ids = {r["id"] for r in docs["references"]["references"]}
    stage_ids = {s["id"] for s in docs["physiology"]["pathway"]}
    orders = sorted(s["order"] for s in docs["physiology"]["pathway"])
    if orders != list(range(1, len(orders) + 1)):
        raise DataError(
            labels["physiology"], "pathway", "order", f"stage orders must run 1, 2, 3 ... without gaps; found {orders}"
        )
    condition_ids = {c["id"] for c in docs["methods"]["conditions"]}
    method_ids = {m["id"] for m in docs["methods"]["methods"]}
    for name in CONTENT_FILES:
        if name != "references":
            v.check_ids_exist(docs[name], labels[name], "references", ref_ids, "reference")
    v.check_ids_exist(docs["physiology"], labels["physiology"], "acts_at", stage_ids, "pathway stage")
    v.check_ids_exist(docs["methods"], labels["methods"], "acts_on", stage_ids, "pathway stage")
    # Walk the methods list only: the top-level "conditions" section holds records, not ids.
    only_methods = {"methods": docs["methods"]["methods"]}
    v.check_ids_exist(only_methods, labels["methods"], "conditions", condition_ids, "condition")
    v.check_ids_exist(docs["causes"], labels["causes"], "related_methods", method_ids, "method")
    v.check_range(docs["methods"], labels["methods"], "duration_minutes")
    v.check_range(docs["causes"], labels["causes"], "range_weeks")


def load_catalog(directory: str | os.PathLike[str] | None = None) -> Catalog:
    """Read, validate and return the catalog in ``directory`` (default :func:`data_dir`). Cached."""
    folder = Path(directory) if directory is not None else data_dir()
    return registry.get("catalog", folder, lambda: _load(folder))


def _load(directory: Path) -> Catalog:
    docs: dict[str, dict[str, Any]] = {}
    labels: dict[str, str] = {}
    for name in CONTENT_FILES:
        labels[name] = f"{directory.name}/{name}.yaml"
        docs[name] = v.read_yaml(directory / f"{name}.yaml", labels[name])
        v.check_schema(docs[name], name, labels[name])
    _cross_check(docs, labels)
    return _build(_with_healing_range(docs, directory), directory)


def _with_healing_range(docs: dict[str, dict[str, Any]], directory: Path) -> dict[str, dict[str, Any]]:
    """The documents with every ``{healing_range}`` in words, from causes.yaml ``healing.range_weeks``."""
    if not uses_healing_range(docs):
        return docs
    words = _range_words(docs["causes"]["healing"])
    if words is None:
        raise DataError(
            f"{directory.name}/causes.yaml",
            "healing",
            "range_words",
            f"a patient text writes {HEALING_RANGE}, so healing needs range_words (e.g. '{{low}} to {{high}} weeks')",
        )
    return {name: fill_healing_range(doc, words) for name, doc in docs.items()}


def _range_words(healing: Mapping[str, Any]) -> str | None:
    words = healing.get("range_words")
    weeks = healing["range_weeks"]
    return None if words is None else str(words).format(low=weeks["min"], high=weeks["max"])


def clear_cache() -> None:
    """Forget every loaded data file: the same as :func:`osteo_lib.reload` (kept for existing callers)."""
    registry.reload()
