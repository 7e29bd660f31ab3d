"""Fracture healing and pain over time: which phase a person is in, and what that phase means.

The week boundaries of the phases come only from the catalog's healing data
(``catalog.healing``, from data/causes.yaml)::

    acute    0 <= weeks <  range_weeks.min       the first weeks: sharp pain, rest and protect
    healing  range_weeks.min <= weeks < typical_weeks   pain should be easing
    healed   typical_weeks <= weeks <= chronic_after_weeks   most new fractures have healed
    chronic  weeks > chronic_after_weeks         pain that goes on now counts as chronic

(With the current data, typical_weeks == chronic_after_weeks, so "healed" is the single point at
about 3 months: after it, remaining pain is chronic.) What to expect, what may help and when to talk
to a provider in each phase is content, kept in data/timeline.yaml (schema
``timeline.schema.json``) and loaded by :func:`load_timeline`.

Example::

    >>> from osteo_lib import load_catalog
    >>> from osteo_lib.care.healing import healing_phase, load_timeline
    >>> catalog = load_catalog()
    >>> phase = healing_phase(8, "vertebral", catalog.healing, load_timeline(catalog))
    >>> phase.id
    'healing'
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from osteo_lib.content import validate as v
from osteo_lib.content import registry
from osteo_lib.content.records import as_tuple as _t
from osteo_lib.content.catalog import Catalog, data_dir, load_catalog
from osteo_lib.errors import DataError
from osteo_lib.content.model import Healing

PhaseId = Literal["acute", "healing", "healed", "chronic"]
PHASE_IDS: tuple[PhaseId, ...] = ("acute", "healing", "healed", "chronic")
TIMELINE_FILE = "timeline.yaml"
#: Longest time accepted (10 years). Anything larger is treated as a typing mistake.
MAX_WEEKS = 520


# --- records ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ProviderSign:
    """A reason to talk to a doctor or nurse."""

    id: str
    patient_text: str
    student_text: str
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

    @property
    def references(self) -> tuple[str, ...]:
        """Every reference id of the phase, each once, in order of appearance."""
        ids = [*self.expect_references, *self.may_help_references,
               *(r for s in self.talk_to_provider for r in s.references)]
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


@dataclass(frozen=True, slots=True)
class PhaseSpan:
    """Where a phase lies on the time line, in weeks. ``end`` is None for the open-ended last phase;
    ``end_included`` says whether a time exactly at ``end`` still belongs to this phase."""

    id: PhaseId
    start: float
    end: float | None
    end_included: bool = False

    def contains(self, weeks: float) -> bool:
        if weeks < self.start:
            return False
        if self.end is None:
            return True
        return weeks <= self.end if self.end_included else weeks < self.end


@dataclass(frozen=True, slots=True)
class Phase:
    """Where a person is after a fracture: the phase, its span and its content."""

    weeks: float
    span: PhaseSpan
    guide: PhaseGuide
    fracture: FractureType

    @property
    def id(self) -> PhaseId:
        return self.span.id

    @property
    def name(self) -> str:
        return self.guide.name

    @property
    def references(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*self.fracture.references, *self.guide.references]))


# --- pure phase logic ---------------------------------------------------------------------------
def phase_spans(healing: Healing) -> tuple[PhaseSpan, ...]:
    """The four phases, in order, with week boundaries taken from ``healing``.

    Raises ``ValueError`` if the healing data are out of order (the shortest usual healing time must
    not be after the typical one, nor the typical one after the point where pain counts as chronic).
    """
    shortest, typical, chronic = healing.range_weeks[0], healing.typical_weeks, healing.chronic_after_weeks
    if not 0 < shortest <= typical <= chronic:
        raise ValueError(
            "healing data out of order: need 0 < range_weeks.min <= typical_weeks <= chronic_after_weeks; "
            f"got {shortest}, {typical}, {chronic}"
        )
    return (
        PhaseSpan("acute", 0, shortest),
        PhaseSpan("healing", shortest, typical),
        PhaseSpan("healed", typical, chronic, end_included=True),
        PhaseSpan("chronic", chronic, None),
    )


def check_weeks(weeks: float) -> float:
    """``weeks`` as a float, or ``ValueError`` if it is not a number from 0 to :data:`MAX_WEEKS`."""
    if isinstance(weeks, bool) or not isinstance(weeks, (int, float)):
        raise ValueError(f"weeks must be a number of weeks since the fracture; got {weeks!r}")
    if math.isnan(weeks) or math.isinf(weeks):
        raise ValueError(f"weeks must be a real number of weeks; got {weeks!r}")
    if weeks < 0:
        raise ValueError(f"weeks cannot be negative; got {weeks}")
    if weeks > MAX_WEEKS:
        raise ValueError(f"weeks must be at most {MAX_WEEKS} (10 years); got {weeks}")
    return float(weeks)


def phase_span(weeks: float, healing: Healing) -> PhaseSpan:
    """The phase span that ``weeks`` falls in."""
    weeks = check_weeks(weeks)
    for span in phase_spans(healing):
        if span.contains(weeks):
            return span
    raise AssertionError("unreachable: the spans cover every week from 0")  # pragma: no cover


def healing_phase(weeks: float, fracture_type: str, healing: Healing, timeline: Timeline | None = None) -> Phase:
    """The phase ``weeks`` after a fracture of type ``fracture_type``.

    ``healing`` gives the boundaries (``catalog.healing``); ``timeline`` gives the content (default:
    :func:`load_timeline` for the default catalog). Raises ``ValueError`` for negative, non-numeric or
    silly ``weeks`` and for an unknown ``fracture_type``.
    """
    span = phase_span(weeks, healing)
    tl = timeline if timeline is not None else load_timeline()
    fracture = tl.fracture_type(fracture_type)
    return Phase(weeks=float(weeks), span=span, guide=tl.guide(span.id), fracture=fracture)


def fracture_types(catalog: Catalog) -> tuple[str, ...]:
    """The fracture types named by the catalog's causes, in data order, each once."""
    return tuple(dict.fromkeys(c.fracture_type for c in catalog.causes if c.fracture_type))


# --- loading data/timeline.yaml -----------------------------------------------------------------
def _read(path: Path, label: str) -> dict[str, Any]:
    return registry.get("timeline", (path, label), lambda: _read_file(path, label))


def _read_file(path: Path, label: str) -> dict[str, Any]:
    doc = v.read_yaml(path, label)
    v.check_schema(doc, "timeline", label)
    return doc


def _cross_check(doc: dict[str, Any], label: str, catalog: Catalog) -> None:
    for section in ("phases", "fracture_types"):
        v.check_unique(doc, label, section)
    found = [p["id"] for p in doc["phases"]]
    if found != list(PHASE_IDS):
        raise DataError(label, "phases", "id", f"phases must be listed in this order: {', '.join(PHASE_IDS)}; found {', '.join(found)}")
    v.check_ids_exist(doc, label, "references", set(catalog.references), "reference")
    methods = {m.id: m for m in catalog.methods}
    v.check_ids_exist(doc, label, "methods", set(methods), "method")
    for phase, needed in (("acute", "acute"), ("chronic", "chronic")):
        entry = next(p for p in doc["phases"] if p["id"] == phase)
        for mid in entry["may_help"]["methods"]:
            if needed not in methods[mid].pain_types:
                raise DataError(label, phase, "may_help.methods",
                                f"method {mid!r} is not for {needed} pain (its pain_types: {', '.join(methods[mid].pain_types)})")
    known = fracture_types(catalog)
    listed = [f["id"] for f in doc["fracture_types"]]
    for fid in listed:
        if fid not in known:
            raise DataError(label, fid, "id", f"unknown fracture type id {fid!r}; causes.yaml uses: {', '.join(known)}")
    missing = [k for k in known if k not in listed]
    if missing:
        raise DataError(label, "fracture_types", None, f"no entry for fracture type(s) used in causes.yaml: {', '.join(missing)}")


def _build(doc: Mapping[str, Any], source: Path) -> Timeline:
    return Timeline(
        source=source,
        phases=tuple(
            PhaseGuide(
                id=p["id"], name=p["name"],
                expect_patient=p["expect"]["patient_text"], expect_student=p["expect"]["student_text"],
                expect_references=_t(p["expect"]["references"]),
                may_help_text=p["may_help"]["patient_text"], methods=_t(p["may_help"]["methods"]),
                may_help_references=_t(p["may_help"]["references"]),
                talk_to_provider=tuple(ProviderSign(s["id"], s["patient_text"], s["student_text"], _t(s["references"]))
                                       for s in p["talk_to_provider"]),
            )
            for p in doc["phases"]
        ),
        fracture_types=tuple(FractureType(f["id"], f["name"], f["patient_text"], f["student_text"], _t(f["references"]))
                             for f in doc["fracture_types"]),
    )


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
    return _build(doc, directory)


def clear_cache() -> None:
    """Forget every loaded data file: the same as :func:`osteo_lib.reload` (kept for existing callers)."""
    registry.reload()
