"""The EHR-style exhibits of the unfolding case (``data/case_exhibits.yaml``), as typed records.

For each visit (case stage) of the case study bank: nurses' notes, a vital-signs flowsheet, orthostatic
blood pressure, a medication record, labs and, where the patient cannot self-report, a PAINAD observation;
and, once for the case, the CDC 2022 conversion factors to morphine milligram equivalents (MME), the
orthostatic thresholds, the PAINAD items and the POSS levels.

Checked beyond the schema: the visits are the bank's case stages, in the bank's order; every opioid names
a conversion factor and every active one says how many doses a day (a patch, in mcg/h, says none); a
PAINAD observation scores each PAINAD item once; a lab's low limit is not above its high one; every cited
reference exists. Problems raise :class:`~osteo_lib.errors.DataError` naming the file, record and field.

Example::

    from osteo_lib.content.case_exhibits import load_case_exhibits
    exhibits = load_case_exhibits()
    exhibits.visit("visit2_week2").vitals[0].poss      # '3'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from osteo_lib.content import registry
from osteo_lib.content import validate as v
from osteo_lib.content.catalog import Catalog, load_catalog
from osteo_lib.content.quiz import load_bank
from osteo_lib.content.records import by_id
from osteo_lib.errors import DataError

__all__ = [
    "EXHIBITS_FILE",
    "CaseExhibits",
    "LabResult",
    "Labs",
    "Medication",
    "MmeTable",
    "Note",
    "OpioidFactor",
    "Orthostatic",
    "OrthostaticRule",
    "PainadItem",
    "PainadObservation",
    "PossLevel",
    "Visit",
    "VitalSigns",
    "load_case_exhibits",
]

EXHIBITS_FILE = "case_exhibits.yaml"
Unit = Literal["mg", "mcg/h"]
Kind = Literal["given", "prescribed", "home", "stopped"]


@dataclass(frozen=True, slots=True)
class OpioidFactor:
    """One row of the CDC 2022 table: MME per mg a day (``unit="mg"``) or per mcg/h of a patch."""

    id: str
    name: str
    factor: float
    unit: Unit


@dataclass(frozen=True, slots=True)
class MmeTable:
    factors: tuple[OpioidFactor, ...]
    note: str
    references: tuple[str, ...]

    def factor(self, opioid: str) -> OpioidFactor:
        return by_id(self.factors, opioid, "opioid")


@dataclass(frozen=True, slots=True)
class OrthostaticRule:
    """A fall of ``systolic_drop`` mm Hg systolic or ``diastolic_drop`` diastolic within ``minutes`` of standing."""

    systolic_drop: int
    diastolic_drop: int
    minutes: int
    references: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PainadItem:
    id: str
    name: str
    levels: tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class PossLevel:
    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Note:
    time: str
    author: str
    text: str


@dataclass(frozen=True, slots=True)
class VitalSigns:
    """One column of the flowsheet. ``pain`` is the self-reported 0-10 score, or None with ``pain_note``."""

    time: str
    label: str
    systolic: int
    diastolic: int
    hr: int
    rr: int
    spo2: int
    temp_c: float
    poss: str
    pain: int | None = None
    pain_note: str | None = None


@dataclass(frozen=True, slots=True)
class Orthostatic:
    """Blood pressure and heart rate lying and after standing: each ``(systolic, diastolic, heart rate)``."""

    time: str
    lying: tuple[int, int, int]
    standing: tuple[int, int, int]
    symptoms: str


@dataclass(frozen=True, slots=True)
class PainadObservation:
    time: str
    reason: str
    scores: tuple[tuple[str, int], ...]  # (item id, points 0-2) in the order of the PAINAD items
    note: str


@dataclass(frozen=True, slots=True)
class Medication:
    drug: str
    dose: float
    unit: str
    route: str
    frequency: str
    status: str
    kind: Kind
    opioid: str | None = None
    doses_per_day: float | None = None
    alert: str | None = None
    references: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LabResult:
    test: str
    value: float
    unit: str
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True, slots=True)
class Labs:
    time: str
    results: tuple[LabResult, ...]
    references: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Visit:
    id: str
    setting: str
    notes: tuple[Note, ...]
    vitals: tuple[VitalSigns, ...]
    orthostatic: Orthostatic
    medications: tuple[Medication, ...]
    labs: Labs | None = None
    painad: PainadObservation | None = None


@dataclass(frozen=True, slots=True)
class CaseExhibits:
    bank: str
    patient: str
    mme: MmeTable
    orthostatic: OrthostaticRule
    painad: tuple[PainadItem, ...]
    poss: tuple[PossLevel, ...]
    visits: tuple[Visit, ...]
    painad_references: tuple[str, ...] = ()
    poss_references: tuple[str, ...] = ()

    def visit(self, visit_id: str) -> Visit:
        """The visit whose id (the case stage) is ``visit_id``; UnknownIdError naming the known ones otherwise."""
        return by_id(self.visits, visit_id, "case visit")


def load_case_exhibits(directory: Path | None = None, catalog: Catalog | None = None) -> CaseExhibits:
    """The case exhibits (``directory`` defaults to the data folder), validated and cached once."""
    cat = catalog if catalog is not None else load_catalog(directory)
    path = (directory if directory is not None else cat.source) / EXHIBITS_FILE
    label = f"{path.parent.name}/{EXHIBITS_FILE}"
    return registry.get("case_exhibits", path, lambda: _load(path, label, cat))


def _check(doc: dict[str, Any], label: str, catalog: Catalog) -> None:
    v.check_ids_exist(doc, label, "references", set(catalog.references), "reference")
    factors = {f["id"]: f for f in doc["mme"]["factors"]}
    if len(factors) != len(doc["mme"]["factors"]):
        raise DataError(label, "mme", "factors", "an opioid is listed twice")
    stages = list(dict.fromkeys(i.case_stage for i in load_bank(doc["bank"], catalog).items if i.case_stage))
    visits = [visit["id"] for visit in doc["visits"]]
    if visits != stages:
        raise DataError(
            label,
            None,
            "visits",
            f"the visits {visits} must be the case stages of bank {doc['bank']!r}, in order: {stages}",
        )
    items = [i["id"] for i in doc["painad"]["items"]]
    for visit in doc["visits"]:
        for med in visit["medications"]:
            _check_medication(med, factors, label, visit["id"])
        painad = visit.get("painad")
        if painad is not None and sorted(painad["scores"]) != sorted(items):
            raise DataError(label, visit["id"], "painad.scores", f"must score each PAINAD item once: {items}")
        for result in visit.get("labs", {}).get("results", []):
            if "low" in result and "high" in result and result["low"] > result["high"]:
                raise DataError(label, visit["id"], f"labs[{result['test']}]", "low limit is above the high limit")


def _check_medication(med: dict[str, Any], factors: dict[str, Any], label: str, visit: str) -> None:
    where = f"medications[{med['drug']}]"
    opioid = med.get("opioid")
    if opioid is None:
        if "doses_per_day" in med:
            raise DataError(label, visit, f"{where}.doses_per_day", "doses_per_day is for opioids only (it feeds MME)")
        return
    if opioid not in factors:
        raise DataError(label, visit, f"{where}.opioid", f"unknown opioid {opioid!r}; known: {sorted(factors)}")
    patch = factors[opioid]["unit"] == "mcg/h"
    if med["kind"] != "stopped" and not patch and "doses_per_day" not in med:
        raise DataError(
            label, visit, f"{where}.doses_per_day", "an active opioid needs doses_per_day to work out its MME"
        )
    if patch and "doses_per_day" in med:
        raise DataError(label, visit, f"{where}.doses_per_day", "a patch is dosed in mcg/h: leave doses_per_day out")


def _load(path: Path, label: str, catalog: Catalog) -> CaseExhibits:
    doc = v.read_yaml(path, label)
    v.check_schema(doc, "case_exhibits", label)
    _check(doc, label, catalog)
    items = tuple(PainadItem(i["id"], i["name"], tuple(i["levels"])) for i in doc["painad"]["items"])
    order = [i.id for i in items]
    return CaseExhibits(
        bank=doc["bank"],
        patient=doc["patient"],
        mme=MmeTable(
            factors=tuple(
                OpioidFactor(f["id"], f["name"], float(f["factor"]), f["unit"]) for f in doc["mme"]["factors"]
            ),
            note=doc["mme"]["note"],
            references=tuple(doc["mme"]["references"]),
        ),
        orthostatic=OrthostaticRule(**{**doc["orthostatic"], "references": tuple(doc["orthostatic"]["references"])}),
        painad=items,
        poss=tuple(PossLevel(p["id"], p["text"]) for p in doc["poss"]["levels"]),
        visits=tuple(_visit(d, order) for d in doc["visits"]),
        painad_references=tuple(doc["painad"]["references"]),
        poss_references=tuple(doc["poss"]["references"]),
    )


def _visit(d: dict[str, Any], painad_order: list[str]) -> Visit:
    painad = d.get("painad")
    labs = d.get("labs")
    return Visit(
        id=d["id"],
        setting=d["setting"],
        notes=tuple(Note(n["time"], n["author"], n["text"]) for n in d["notes"]),
        vitals=tuple(
            VitalSigns(
                time=r["time"],
                label=r["label"],
                systolic=r["bp"][0],
                diastolic=r["bp"][1],
                hr=r["hr"],
                rr=r["rr"],
                spo2=r["spo2"],
                temp_c=float(r["temp_c"]),
                poss=r["poss"],
                pain=r.get("pain"),
                pain_note=r.get("pain_note"),
            )
            for r in d["vitals"]
        ),
        orthostatic=Orthostatic(
            time=d["orthostatic"]["time"],
            lying=tuple(d["orthostatic"]["lying"]),
            standing=tuple(d["orthostatic"]["standing"]),
            symptoms=d["orthostatic"]["symptoms"],
        ),
        medications=tuple(
            Medication(
                drug=m["drug"],
                dose=float(m["dose"]),
                unit=m["unit"],
                route=m["route"],
                frequency=m["frequency"],
                status=m["status"],
                kind=m["kind"],
                opioid=m.get("opioid"),
                doses_per_day=float(m["doses_per_day"]) if "doses_per_day" in m else None,
                alert=m.get("alert"),
                references=tuple(m.get("references", ())),
            )
            for m in d["medications"]
        ),
        labs=None
        if labs is None
        else Labs(
            time=labs["time"],
            results=tuple(
                LabResult(r["test"], float(r["value"]), r["unit"], r.get("low"), r.get("high")) for r in labs["results"]
            ),
            references=tuple(labs["references"]),
        ),
        painad=None
        if painad is None
        else PainadObservation(
            time=painad["time"],
            reason=painad["reason"],
            scores=tuple((i, painad["scores"][i]) for i in painad_order),
            note=painad["note"],
        ),
    )
