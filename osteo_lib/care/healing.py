"""Fracture healing and pain over time: which phase a person is in, and what that phase means.

The week boundaries of the phases come only from the catalog's healing data
(``catalog.healing``, from data/causes.yaml)::

    acute    0 <= weeks <  range_weeks.min       the first weeks: sharp pain, rest and protect
    healing  range_weeks.min <= weeks < typical_weeks   pain should be easing
    healed   typical_weeks <= weeks <= chronic_after_weeks   most new fractures have healed
    chronic  weeks > chronic_after_weeks         pain that goes on now counts as chronic

(With the current data, typical_weeks == chronic_after_weeks, so "healed" is the single point at
about 3 months: after it, remaining pain is chronic.) What to expect, what may help and when to talk
to a provider in each phase is content, kept in data/timeline.yaml and loaded by
:func:`osteo_lib.content.timeline.load_timeline` (re-exported here for existing callers).

Example::

    >>> from osteo_lib import load_catalog
    >>> from osteo_lib.care.healing import healing_phase
    >>> from osteo_lib.content.timeline import load_timeline
    >>> catalog = load_catalog()
    >>> phase = healing_phase(8, "vertebral", catalog.healing, load_timeline(catalog))
    >>> phase.id
    'healing'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Literal

from osteo_lib.content.model import Healing

# The records and the loader live in the content layer.
from osteo_lib.content.timeline import (
    FractureType,
    PhaseGuide,
    PhaseId,
    Timeline,
    load_timeline,
)

__all__ = [
    "MAX_WEEKS",
    "YEAR_WEEKS",
    "BreakStatus",
    "Phase",
    "PhaseSpan",
    "SinceBreak",
    "check_weeks",
    "healing_phase",
    "phase_span",
    "phase_spans",
    "since_break",
]

#: Longest time accepted (10 years). Anything larger is treated as a typing mistake.
MAX_WEEKS = 520
#: A break more than this many weeks ago is "more than a year ago" for :func:`since_break`.
YEAR_WEEKS = 52

#: What :func:`since_break` found: a date in the first year, a date in the future, or one more than a year ago.
BreakStatus = Literal["ok", "future", "over_a_year"]


@dataclass(frozen=True, slots=True)
class SinceBreak:
    """How long ago a break was: whole ``days`` and whole ``weeks`` (both 0 for a future date) and
    ``status``. ``weeks`` is the number to find the phase with; for a break more than a year ago it is
    :data:`YEAR_WEEKS` (the last week of the first year, in the chronic phase) and ``days`` the real count."""

    days: int
    weeks: int
    status: BreakStatus


def since_break(break_day: date, today: date) -> SinceBreak:
    """Whole weeks from ``break_day`` to ``today``, so that nobody has to count weeks from a date.

    A date after ``today`` has status ``"future"`` (weeks 0: the caller keeps what it showed and says so);
    a date more than :data:`YEAR_WEEKS` weeks ago has status ``"over_a_year"`` and weeks
    :data:`YEAR_WEEKS`. Raises ``TypeError`` for anything but two dates.

    >>> since_break(date(2025, 3, 1), date(2025, 4, 12))
    SinceBreak(days=42, weeks=6, status='ok')
    """
    for name, value in (("break_day", break_day), ("today", today)):
        if not isinstance(value, date):
            raise TypeError(f"{name} must be a date; got {value!r}")
    days = (today - break_day).days
    if days < 0:
        return SinceBreak(days=0, weeks=0, status="future")
    weeks = days // 7
    if weeks > YEAR_WEEKS:
        return SinceBreak(days=days, weeks=YEAR_WEEKS, status="over_a_year")
    return SinceBreak(days=days, weeks=weeks, status="ok")


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
    :func:`~osteo_lib.content.timeline.load_timeline` for the default catalog). Raises ``ValueError`` for
    negative, non-numeric or silly ``weeks`` and for an unknown ``fracture_type``.
    """
    span = phase_span(weeks, healing)
    tl = timeline if timeline is not None else load_timeline()
    fracture = tl.fracture_type(fracture_type)
    return Phase(weeks=float(weeks), span=span, guide=tl.guide(span.id).for_break(fracture.id), fracture=fracture)
