"""Typed, immutable records built from the data files.

Every record is a frozen dataclass. Text meant for patients is in ``patient_*`` fields (plain
language); text for nursing students is in ``student_text`` / ``clinical_note``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal, get_args

from osteo_lib.content.citations import ANCHOR_PREFIX
from osteo_lib.content.ui import UiTexts, ui_texts

__all__ = [
    "CATEGORY_LABELS",
    "CAUTION_LEVELS",
    "EVIDENCE_LEVELS",
    "EVIDENCE_STEPS",
    "PATIENT_REFERENCE_KIND_LABELS",
    "PROVIDED_BY_LABELS",
    "REFERENCE_KIND_LABELS",
    "START_HERE_GROUPS",
    "STUDENT_CATEGORY_LABELS",
    "STUDY_TYPE_LABELS",
    "Category",
    "Cause",
    "Caution",
    "CautionLevel",
    "Condition",
    "Evidence",
    "EvidenceLevel",
    "Fact",
    "Figure",
    "GlossaryTerm",
    "Harms",
    "Healing",
    "HealingFactor",
    "Method",
    "MethodMatch",
    "Modulator",
    "PainKind",
    "PainType",
    "Priority",
    "ProvidedBy",
    "Reference",
    "ReferenceKind",
    "Stage",
    "StartHere",
    "StartHereGroup",
    "StudyType",
    "category_labels",
    "most_serious_first",
    "patient_no_date",
]

PainType = Literal["acute", "chronic"]
Category = Literal["physical", "mind_body", "medicine", "clinic", "complementary"]
ProvidedBy = Literal["self_care", "after_training", "professional", "prescription"]
CautionLevel = Literal["avoid", "modify", "caution"]
Priority = Literal["at_home", "no_pills", "fast_relief", "low_cost", "low_risk"]
EvidenceLevel = Literal["good", "some", "little", "not_studied"]
StudyType = Literal["systematic_review", "guideline", "rct", "cohort", "review", "expert_opinion"]
ReferenceKind = Literal[
    "guideline", "systematic_review", "rct", "cohort", "review", "patient_information", "textbook", "other"
]

#: Evidence levels, strongest first, with the patient's words and the number of filled steps (of 3)
#: on the evidence bar. "not_studied" means not studied in people with osteoporosis.
EVIDENCE_LEVELS: tuple[EvidenceLevel, ...] = ("good", "some", "little", "not_studied")
EVIDENCE_STEPS: dict[str, int] = {"good": 3, "some": 2, "little": 1, "not_studied": 0}


class _Labels(Mapping[str, str]):
    """The labels of a fixed set of keys (e.g. the categories of method), read from one
    ``data/ui/<area>.yaml`` when asked for: ``LABELS[key]`` is the text ``<prefix><key>`` of that area.
    Iterating gives the keys in their fixed order, so ``list(CATEGORY_LABELS)`` is the categories."""

    def __init__(self, texts: Callable[[], UiTexts], prefix: str, keys: tuple[str, ...]) -> None:
        self._texts, self._prefix, self._keys = texts, prefix, keys

    def __getitem__(self, key: str) -> str:
        if key not in self._keys:
            raise KeyError(key)
        return self._texts()[self._prefix + key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def _sources_student() -> UiTexts:
    return ui_texts("sources_student")


def _sources_patient() -> UiTexts:
    return ui_texts("sources")


def _method_labels() -> UiTexts:
    return ui_texts("method_labels")


def _method_labels_student() -> UiTexts:
    return ui_texts("method_labels_student")


_REFERENCE_KINDS: tuple[str, ...] = get_args(ReferenceKind)
#: Study types by name (data/ui/sources_student.yaml), for students.
STUDY_TYPE_LABELS: Mapping[str, str] = _Labels(_sources_student, "study_type_", get_args(StudyType))
#: The kinds of source by name (data/ui/sources_student.yaml), for student citations.
REFERENCE_KIND_LABELS: Mapping[str, str] = _Labels(_sources_student, "kind_", _REFERENCE_KINDS)
#: The kinds of source in plain words (data/ui/sources.yaml), for the patient "Sources" lists.
PATIENT_REFERENCE_KIND_LABELS: Mapping[str, str] = _Labels(_sources_patient, "kind_", _REFERENCE_KINDS)
#: The kinds of method (data/ui/method_labels.yaml), in the order the explorer offers them.
CATEGORY_LABELS: Mapping[str, str] = _Labels(_method_labels, "category_", get_args(Category))
#: The kinds of method as the notebooks teach them (data/ui/method_labels_student.yaml), for students.
STUDENT_CATEGORY_LABELS: Mapping[str, str] = _Labels(_method_labels_student, "category_", get_args(Category))


def category_labels(audience: str = "patient") -> Mapping[str, str]:
    """The kinds of method by name: patients' words, or the teaching terms for ``audience="student"``."""
    return STUDENT_CATEGORY_LABELS if audience == "student" else CATEGORY_LABELS


#: Who provides a method, in plain words (data/ui/method_labels.yaml).
PROVIDED_BY_LABELS: Mapping[str, str] = _Labels(_method_labels, "provided_by_", get_args(ProvidedBy))


def patient_no_date() -> str:
    """What the patient lists say for a source that gives no date (students see "n.d.")."""
    return _sources_patient()["no_date"]


@dataclass(frozen=True, slots=True)
class Reference:
    id: str
    authors: tuple[str, ...]
    title: str
    container: str
    year: int | str
    origin: Literal["seed", "added"]
    doi: str | None = None
    url: str | None = None
    pmid: str | None = None
    volume_pages: str | None = None
    note: str | None = None
    seed_files: tuple[str, ...] = ()
    kind: ReferenceKind | None = None
    #: The short name to cite an organisation by (e.g. "NHS"); people are cited by their family names.
    cite_name: str | None = None
    #: The author–year label readers see in the text, e.g. "Paolucci et al., 2016" (worked out by the
    #: catalog from all references: :mod:`osteo_lib.content.citations`).
    label: str = ""

    @property
    def anchor(self) -> str:
        """The id of this reference's entry in a reference list (the target of a citation link)."""
        return f"{ANCHOR_PREFIX}{self.id}"

    @property
    def kind_label(self) -> str:
        return REFERENCE_KIND_LABELS[self.kind] if self.kind else ""

    @property
    def patient_kind_label(self) -> str:
        """The kind of source in plain words, for patients (e.g. "Review of many studies")."""
        return PATIENT_REFERENCE_KIND_LABELS[self.kind] if self.kind else ""

    @property
    def patient_year(self) -> str:
        """The year for patients: the year, or "No date given" for a source without a date."""
        return patient_no_date() if self.year == "n.d." else str(self.year)

    @property
    def link(self) -> str:
        """A resolvable address: the DOI link when there is a DOI, otherwise the URL."""
        return f"https://doi.org/{self.doi}" if self.doi else (self.url or "")

    def citation(self) -> str:
        """A one-line citation for students in a Vancouver-like style, with the kind of source after the
        year, e.g. "Simas V, Hing W, Pope R, et al. Effects of ... OAJSM. 2017;8:39-60. Systematic review.
        https://doi.org/...". Sources without a date show "n.d." as the year."""
        authors = ", ".join(self.authors[:3]) + (", et al" if len(self.authors) > 3 else "")
        parts = [_end(authors), _end(self.title), _end(self.container), f"{self.year}"]
        if self.volume_pages:
            parts[-1] += f";{self.volume_pages}"
        parts[-1] = _end(parts[-1])
        if self.kind:
            parts.append(f"{self.kind_label}.")
        return " ".join(parts) + f" {self.link}"

    def patient_citation(self) -> str:
        """A short citation for patients: title, publisher, year and the kind of source in plain words,
        with no author names and no DOI (the link is shown beside it), e.g. "Osteoporosis. NHS website
        (nhs.uk). No date given. Health page for the public."."""
        parts = [_end(self.title), _end(self.container), f"{self.patient_year}."]
        if self.kind:
            parts.append(f"{self.patient_kind_label}.")
        return " ".join(parts)


def _end(text: str) -> str:
    """``text`` ending in a full stop (or its own ? or !)."""
    return text if text.endswith((".", "?", "!")) else f"{text}."


@dataclass(frozen=True, slots=True)
class Fact:
    id: str
    topic: str
    patient_text: str
    student_text: str
    references: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage of the pain pathway (injury site, nerves, spinal cord, brain)."""

    id: str
    order: int
    name: str
    patient_text: str
    student_text: str
    references: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PainKind:
    id: PainType
    name: str
    patient_text: str
    student_text: str
    references: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Modulator:
    """Something that turns pain up or down (fear, depression, muscle tension...)."""

    id: str
    name: str
    kind: Literal["emotional", "physical", "lifestyle"]
    effect: Literal["up", "down", "either"]
    acts_at: str
    patient_text: str
    student_text: str
    references: tuple[str, ...]
    #: What helps, for a modulator that can turn pain up ("" for one that only turns it down).
    patient_helps: str = ""


@dataclass(frozen=True, slots=True)
class Cause:
    id: str
    name: str
    kind: Literal["fracture", "muscle", "medication"]
    pain_types: tuple[PainType, ...]
    patient_summary: str
    clinical_note: str
    references: tuple[str, ...]
    nerve_involvement: bool = False
    fracture_type: str | None = None
    related_methods: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class HealingFactor:
    id: str
    name: str
    patient_text: str


@dataclass(frozen=True, slots=True)
class Healing:
    typical_weeks: int
    range_weeks: tuple[int, int]
    chronic_after_weeks: int
    range_words: str | None  # the range as patient texts say it ("6 to 12 weeks"); None if the data has no words
    factors: tuple[HealingFactor, ...]
    patient_text: str
    student_text: str
    references: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Figure:
    id: str
    value: float
    unit: str
    place: str
    patient_text: str
    student_text: str
    references: tuple[str, ...]
    approximate: bool = False


@dataclass(frozen=True, slots=True)
class Condition:
    id: str
    name: str
    patient_label: str


@dataclass(frozen=True, slots=True)
class Caution:
    id: str
    level: CautionLevel
    conditions: tuple[str, ...]
    patient_text: str
    student_text: str
    references: tuple[str, ...]

    @property
    def applies_to_everyone(self) -> bool:
        return not self.conditions


#: Caution levels, most serious first.
CAUTION_LEVELS: tuple[CautionLevel, ...] = ("avoid", "modify", "caution")


def most_serious_first(cautions: Iterable[Caution]) -> list[Caution]:
    """``cautions`` sorted avoid, modify, caution (data order kept within a level)."""
    return sorted(cautions, key=lambda c: CAUTION_LEVELS.index(c.level))


StartHereGroup = Literal["start_with", "ask_first", "not_advised"]
#: The lines of the "Start here" box of What may help, in the order they are shown.
START_HERE_GROUPS: tuple[StartHereGroup, ...] = ("start_with", "ask_first", "not_advised")


@dataclass(frozen=True, slots=True)
class StartHere:
    """Where a method stands in the "Start here" box: its line (``group``) and the few words naming it there."""

    group: StartHereGroup
    patient_label: str


@dataclass(frozen=True, slots=True)
class Harms:
    """What to weigh against a method's benefits, in plain words: its main risk, who should not use it (or
    should ask first), and what experts do not yet know ("" when nothing is said), with their sources."""

    patient_risk: str
    not_for: str
    unknown: str
    references: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Evidence:
    """How strong the evidence for a method is, what it is evidence *for*, and what it rests on."""

    level: EvidenceLevel
    outcome: str
    patient_text: str
    student_text: str
    study_type: StudyType
    references: tuple[str, ...]
    does_not_help: bool = False

    @property
    def steps(self) -> int:
        """Filled steps (0-3) of the three-step evidence bar."""
        return EVIDENCE_STEPS[self.level]

    @property
    def study_type_label(self) -> str:
        return STUDY_TYPE_LABELS[self.study_type]


@dataclass(frozen=True, slots=True)
class Method:
    """One treatment option."""

    id: str
    name: str
    category: Category
    patient_summary: str
    clinical_note: str
    how_it_works: str
    acts_on: tuple[str, ...]
    how_to_use: str
    provided_by: ProvidedBy
    at_home: bool
    pain_types: tuple[PainType, ...]
    cautions: tuple[Caution, ...]
    references: tuple[str, ...]
    duration_minutes: tuple[int, int] | None = None
    frequency: str | None = None
    onset: str | None = None
    relief_duration: str | None = None
    examples: tuple[str, ...] = ()
    benefits: tuple[str, ...] = ()
    evidence: Evidence | None = None
    patient_option: bool = True
    fits: tuple[Priority, ...] = ()
    #: How to use it as numbered steps (``how_to_use`` holds the same words as one text): the line before
    #: the steps, the steps, the line after them. Empty steps for a method whose use is not a list of actions.
    how_to_lead: str = ""
    how_to_steps: tuple[str, ...] = ()
    how_to_after: str = ""
    harms: Harms | None = None
    #: Its line in the "Start here" box of What may help (None: not named there).
    start_here: StartHere | None = None

    @property
    def category_label(self) -> str:
        """The kind of method in patients' words ("Things you do with your body")."""
        return CATEGORY_LABELS[self.category]

    @property
    def student_category_label(self) -> str:
        """The kind of method as the notebooks teach it ("Physical methods")."""
        return STUDENT_CATEGORY_LABELS[self.category]

    @property
    def provided_by_label(self) -> str:
        return PROVIDED_BY_LABELS[self.provided_by]

    @property
    def all_references(self) -> tuple[str, ...]:
        """The method's references followed by its cautions' references, without repeats."""
        ids = list(self.references)
        if self.evidence is not None:
            ids.extend(r for r in self.evidence.references if r not in ids)
        if self.harms is not None:
            ids.extend(r for r in self.harms.references if r not in ids)
        for caution in self.cautions:
            ids.extend(r for r in caution.references if r not in ids)
        return tuple(ids)


@dataclass(frozen=True, slots=True)
class MethodMatch:
    """A method checked against a person's conditions.

    ``matching`` holds the cautions whose conditions the person has (most serious first);
    ``excluded`` is true when one of them says *avoid*.
    """

    method: Method
    matching: tuple[Caution, ...] = field(default=())

    @property
    def excluded(self) -> bool:
        return any(c.level == "avoid" for c in self.matching)


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    id: str
    term: str
    definition: str
    aliases: tuple[str, ...] = ()
    student_note: str | None = None
    references: tuple[str, ...] = ()
