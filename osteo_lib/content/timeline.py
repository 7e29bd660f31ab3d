"""What each healing phase means, from ``data/timeline.yaml`` (schema ``timeline.schema.json``).

The records of the healing timeline (:class:`Timeline`, its :class:`PhaseGuide` per phase and its
:class:`FractureType` notes) and their loader :func:`load_timeline`, which checks the file against its
schema and every method, reference and fracture type id against the catalog. Which phase a person is in
is pure logic in :mod:`osteo_lib.care.healing`.

Example::

    >>> from osteo_lib.content.timeline import load_timeline
    >>> [p.id for p in load_timeline().phases]
    ['acute', 'healing', 'healed', 'chronic']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from osteo_lib.content import registry
from osteo_lib.content import validate as v
from osteo_lib.content.catalog import Catalog, load_catalog
from osteo_lib.content.citations import cite_ids_in_doc
from osteo_lib.content.paths import data_dir
from osteo_lib.content.plain_language import HEALING_RANGE, fill_healing_range, uses_healing_range
from osteo_lib.content.records import as_tuple as _t
from osteo_lib.errors import DataError

__all__ = [
    "PHASE_IDS",
    "TIMELINE_FILE",
    "BreakExpect",
    "FractureType",
    "PhaseGuide",
    "PhaseId",
    "ProviderSign",
    "Timeline",
    "clear_cache",
    "fracture_types",
    "load_timeline",
]

PhaseId = Literal["acute", "healing", "healed", "chronic"]
PHASE_IDS: tuple[PhaseId, ...] = ("acute", "healing", "healed", "chronic")
TIMELINE_FILE = "timeline.yaml"


@dataclass(frozen=True, slots=True)
class ProviderSign:
    """A reason to talk to a doctor or nurse."""

    id: str
    patient_text: str
    student_text: str
    references: tuple[str, ...]
    #: The types of break this sign is not shown for (e.g. a back-brace sign after a broken hip).
    not_for_breaks: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BreakExpect:
    """What to expect in a phase for some types of break instead of the phase's own words (``expect.by_break``)."""

    breaks: tuple[str, ...]
    patient_text: str | None
    patient_steps: tuple[str, ...]
    references: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PhaseGuide:
    """The content of one phase (from data/timeline.yaml)."""

    id: PhaseId
    name: str
    expect_patient: str
    expect_student: str
    expect_references: tuple[str, ...]
    may_help_text: str
    methods: tuple[str, ...]
    may_help_references: tuple[str, ...]
    talk_to_provider: tuple[ProviderSign, ...]
    #: What to do in the phase as numbered steps for patients (empty when the phase has none).
    expect_steps: tuple[str, ...] = ()
    #: What to expect for some types of break instead (see :meth:`for_break`).
    expect_by_break: tuple[BreakExpect, ...] = ()
    #: The methods listed for some types of break instead of ``methods``: (breaks, methods) pairs.
    methods_by_break: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = field(default=())

    def for_break(self, fracture_type: str) -> PhaseGuide:
        """The phase as it reads for one type of break: its ``expect.by_break`` words and steps, its
        ``may_help.by_break`` methods, and only the signs not marked ``not_for_breaks`` for it."""
        guide = replace(
            self,
            talk_to_provider=tuple(s for s in self.talk_to_provider if fracture_type not in s.not_for_breaks),
            expect_by_break=(),
            methods_by_break=(),
        )
        for alt in self.expect_by_break:
            if fracture_type in alt.breaks:
                guide = replace(
                    guide,
                    expect_patient=alt.patient_text or self.expect_patient,
                    expect_steps=alt.patient_steps or self.expect_steps,
                    expect_references=tuple(dict.fromkeys((*self.expect_references, *alt.references))),
                )
        for breaks, methods in self.methods_by_break:
            if fracture_type in breaks:
                guide = replace(guide, methods=methods)
        return guide

    @property
    def references(self) -> tuple[str, ...]:
        """Every reference id of the phase, each once, in order of appearance."""
        ids = [
            *self.expect_references,
            *self.may_help_references,
            *(r for s in self.talk_to_provider for r in s.references),
        ]
        return tuple(dict.fromkeys(ids))


@dataclass(frozen=True, slots=True)
class FractureType:
    """A fracture type with a note on its healing and pain."""

    id: str
    name: str
    patient_text: str
    student_text: str
    references: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Timeline:
    """Validated content of data/timeline.yaml."""

    source: Path
    phases: tuple[PhaseGuide, ...]
    fracture_types: tuple[FractureType, ...]

    def guide(self, phase_id: str) -> PhaseGuide:
        for p in self.phases:
            if p.id == phase_id:
                return p
        raise ValueError(f"no phase {phase_id!r}; phases are: {', '.join(PHASE_IDS)}")

    def fracture_type(self, fracture_type: str) -> FractureType:
        for f in self.fracture_types:
            if f.id == fracture_type:
                return f
        known = ", ".join(f.id for f in self.fracture_types)
        raise ValueError(f"fracture_type {fracture_type!r} is not known; choose one of: {known}")


def fracture_types(catalog: Catalog) -> tuple[str, ...]:
    """The fracture types named by the catalog's causes, in data order, each once."""
    return tuple(dict.fromkeys(c.fracture_type for c in catalog.causes if c.fracture_type))


def load_timeline(catalog: Catalog | None = None) -> Timeline:
    """Read and validate ``timeline.yaml`` next to the catalog's data files.

    Checks the schema and that every method, reference and fracture type id exists in ``catalog``
    (default: :func:`~osteo_lib.content.catalog.load_catalog`). Problems raise
    :class:`~osteo_lib.errors.DataError` naming the file, record and field.
    """
    cat = catalog if catalog is not None else load_catalog()
    directory = Path(cat.source) if cat.source else data_dir()
    label = f"{directory.name}/{TIMELINE_FILE}"
    doc = _read(directory / TIMELINE_FILE, label)
    _cross_check(doc, label, cat)
    if uses_healing_range(doc):
        if cat.healing.range_words is None:
            raise DataError(
                label, None, None, f"a text writes {HEALING_RANGE}, but causes.yaml healing has no range_words"
            )
        doc = fill_healing_range(doc, cat.healing.range_words)
    # Reference ids in the texts are shown as author–year labels (osteo_lib.content.citations).
    doc = cite_ids_in_doc(doc, {r.id: r.label for r in cat.references.values()})
    return _build(doc, directory)


def clear_cache() -> None:
    """Forget every loaded data file: the same as :func:`osteo_lib.reload` (kept for existing callers)."""
    registry.reload()


def _read(path: Path, label: str) -> dict[str, Any]:
    return registry.get("timeline", (path, label), lambda: _read_file(path, label))


def _read_file(path: Path, label: str) -> dict[str, Any]:
    doc: dict[str, Any] = v.read_yaml(path, label)
    v.check_schema(doc, "timeline", label)
    return doc


def _cross_check(doc: dict[str, Any], label: str, catalog: Catalog) -> None:
    for section in ("phases", "fracture_types"):
        v.check_unique(doc, label, section)
    found = [p["id"] for p in doc["phases"]]
    if found != list(PHASE_IDS):
        raise DataError(
            label,
            "phases",
            "id",
            f"phases must be listed in this order: {', '.join(PHASE_IDS)}; found {', '.join(found)}",
        )
    v.check_ids_exist(doc, label, "references", set(catalog.references), "reference")
    methods = {m.id: m for m in catalog.methods}
    v.check_ids_exist(doc, label, "methods", set(methods), "method")
    for phase, needed in (("acute", "acute"), ("chronic", "chronic")):
        entry = next(p for p in doc["phases"] if p["id"] == phase)
        alternatives = [m for b in entry["may_help"].get("by_break", ()) for m in b["methods"]]
        for mid in [*entry["may_help"]["methods"], *alternatives]:
            if needed not in methods[mid].pain_types:
                raise DataError(
                    label,
                    phase,
                    "may_help.methods",
                    f"method {mid!r} is not for {needed} pain (its pain_types: {', '.join(methods[mid].pain_types)})",
                )
    known = fracture_types(catalog)
    listed = [f["id"] for f in doc["fracture_types"]]
    for fid in listed:
        if fid not in known:
            raise DataError(label, fid, "id", f"unknown fracture type id {fid!r}; causes.yaml uses: {', '.join(known)}")
    for phase in doc["phases"]:
        named = [
            *(b for alt in phase["expect"].get("by_break", ()) for b in alt["breaks"]),
            *(b for alt in phase["may_help"].get("by_break", ()) for b in alt["breaks"]),
            *(b for s in phase["talk_to_provider"] for b in s.get("not_for_breaks", ())),
        ]
        for fid in named:
            if fid not in listed:
                raise DataError(
                    label, phase["id"], "breaks", f"unknown type of break {fid!r}; use one of: {', '.join(listed)}"
                )
        for part in ("expect", "may_help"):
            once = [b for alt in phase[part].get("by_break", ()) for b in alt["breaks"]]
            twice = sorted({b for b in once if once.count(b) > 1})
            if twice:
                raise DataError(
                    label, phase["id"], f"{part}.by_break", f"a type of break is named twice: {', '.join(twice)}"
                )
    missing = [k for k in known if k not in listed]
    if missing:
        raise DataError(
            label,
            "fracture_types",
            None,
            f"no entry for fracture type(s) used in causes.yaml: {', '.join(missing)}",
        )


def _sign(s: Mapping[str, Any]) -> ProviderSign:
    return ProviderSign(
        s["id"], s["patient_text"], s["student_text"], _t(s["references"]), _t(s.get("not_for_breaks", ()))
    )


def _guide(p: Mapping[str, Any]) -> PhaseGuide:
    return PhaseGuide(
        id=p["id"],
        name=p["name"],
        expect_patient=p["expect"]["patient_text"],
        expect_student=p["expect"]["student_text"],
        expect_references=_t(p["expect"]["references"]),
        expect_steps=_t(p["expect"].get("patient_steps", ())),
        may_help_text=p["may_help"]["patient_text"],
        methods=_t(p["may_help"]["methods"]),
        may_help_references=_t(p["may_help"]["references"]),
        talk_to_provider=tuple(_sign(s) for s in p["talk_to_provider"]),
        expect_by_break=tuple(
            BreakExpect(_t(b["breaks"]), b.get("patient_text"), _t(b.get("patient_steps", ())), _t(b["references"]))
            for b in p["expect"].get("by_break", ())
        ),
        methods_by_break=tuple((_t(b["breaks"]), _t(b["methods"])) for b in p["may_help"].get("by_break", ())),
    )


def _build(doc: Mapping[str, Any], source: Path) -> Timeline:
    return Timeline(
        source=source,
        phases=tuple(_guide(p) for p in doc["phases"]),
        fracture_types=tuple(
            FractureType(f["id"], f["name"], f["patient_text"], f["student_text"], _t(f["references"]))
            for f in doc["fracture_types"]
        ),
    )
