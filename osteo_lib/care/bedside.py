"""Two bedside calculations of the case's record: the orthostatic change in blood pressure and the PAINAD total.

Orthostatic hypotension is a fall of at least ``rule.systolic_drop`` mm Hg systolic or
``rule.diastolic_drop`` mm Hg diastolic within ``rule.minutes`` of standing (the thresholds are content,
``data/case_exhibits.yaml``, citing Freeman et al., 2011). The PAINAD total is the sum of its five item
scores (0-2 each, 0-10 in all; Warden et al., 2003): a behavioural score, not a pain intensity.

Example::

    >>> from osteo_lib.content.case_exhibits import OrthostaticRule
    >>> rule = OrthostaticRule(20, 10, 3, ())
    >>> orthostatic_change((128, 74, 76), (104, 64, 90), rule).hypotension
    True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from osteo_lib.content.case_exhibits import OrthostaticRule

__all__ = ["OrthostaticChange", "lab_flag", "orthostatic_change", "painad_total"]


@dataclass(frozen=True, slots=True)
class OrthostaticChange:
    """Falls from lying to standing (positive = a fall) and whether they meet the rule."""

    systolic_drop: int
    diastolic_drop: int
    heart_rate_rise: int
    hypotension: bool


def orthostatic_change(
    lying: tuple[int, int, int], standing: tuple[int, int, int], rule: OrthostaticRule
) -> OrthostaticChange:
    """Compare ``(systolic, diastolic, heart rate)`` lying and standing against ``rule``."""
    for name, reading in (("lying", lying), ("standing", standing)):
        if len(reading) != 3 or not all(isinstance(x, int) and x > 0 for x in reading):
            raise ValueError(
                f"{name} must be (systolic, diastolic, heart rate) as positive whole numbers; got {reading!r}"
            )
    systolic = lying[0] - standing[0]
    diastolic = lying[1] - standing[1]
    return OrthostaticChange(
        systolic_drop=systolic,
        diastolic_drop=diastolic,
        heart_rate_rise=standing[2] - lying[2],
        hypotension=systolic >= rule.systolic_drop or diastolic >= rule.diastolic_drop,
    )


def painad_total(scores: Iterable[tuple[str, int]]) -> int:
    """The PAINAD total of ``(item id, points)`` pairs: five items, each 0, 1 or 2."""
    pairs = list(scores)
    if len(pairs) != 5 or len({item for item, _ in pairs}) != 5:
        raise ValueError(f"PAINAD scores five different items; got {[item for item, _ in pairs]}")
    bad = [(item, points) for item, points in pairs if points not in (0, 1, 2)]
    if bad:
        raise ValueError(f"each PAINAD item scores 0, 1 or 2; got {bad}")
    return sum(points for _, points in pairs)


def lab_flag(value: float, low: float | None, high: float | None) -> str | None:
    """``"low"`` below the reference range, ``"high"`` above it, None inside it (limits count as inside)."""
    if low is not None and value < low:
        return "low"
    if high is not None and value > high:
        return "high"
    return None
