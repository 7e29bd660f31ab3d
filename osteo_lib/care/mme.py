"""Morphine milligram equivalents (MME) per day, from the CDC 2022 conversion factors.

MME per day = the opioid's dose x doses a day x its conversion factor; for a fentanyl patch (factor per
mcg/h) = the patch's rate x its factor. The factors are content (``data/case_exhibits.yaml``, citing
Dowell et al., 2022), loaded as :class:`~osteo_lib.content.case_exhibits.OpioidFactor` records. MME
compares opioid doses and overdose risk; it is not a conversion table for switching opioids.

Example::

    >>> from osteo_lib.content.case_exhibits import OpioidFactor
    >>> oxycodone = OpioidFactor("oxycodone", "Oxycodone", 1.5, "mg")
    >>> daily_mme(oxycodone, 5, 4)
    30.0
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from osteo_lib.content.case_exhibits import Medication, MmeTable, OpioidFactor

__all__ = ["daily_mme", "medication_mme", "total_mme"]


def daily_mme(opioid: OpioidFactor, dose: float, doses_per_day: float | None = None) -> float:
    """MME per day of ``dose`` (mg, or mcg/h for a patch) taken ``doses_per_day`` times a day.

    A patch is dosed by its rate and takes no ``doses_per_day``; every other opioid needs it. Doses must
    be positive finite numbers; anything else raises ValueError naming the problem. The result is rounded
    to 2 decimals (so 0.15 x 120 reads 18, not 17.999...)."""
    if not (isinstance(dose, (int, float)) and math.isfinite(dose) and dose > 0):
        raise ValueError(f"dose must be a positive number; got {dose!r}")
    if opioid.unit == "mcg/h":
        if doses_per_day is not None:
            raise ValueError(f"{opioid.name} is dosed in mcg/h: give the patch's rate and no doses_per_day")
        return round(dose * opioid.factor, 2)
    if doses_per_day is None:
        raise ValueError(f"{opioid.name} needs doses_per_day to work out MME per day")
    if not (isinstance(doses_per_day, (int, float)) and math.isfinite(doses_per_day) and doses_per_day > 0):
        raise ValueError(f"doses_per_day must be a positive number; got {doses_per_day!r}")
    return round(dose * doses_per_day * opioid.factor, 2)


def medication_mme(medication: Medication, table: MmeTable) -> float | None:
    """MME per day of one row of a medication record: None for a non-opioid or a stopped opioid."""
    if medication.opioid is None or medication.kind == "stopped":
        return None
    return daily_mme(table.factor(medication.opioid), medication.dose, medication.doses_per_day)


def total_mme(medications: Iterable[Medication], table: MmeTable) -> float:
    """MME per day of every active opioid of a record, taken at home or given (not newly prescribed ones,
    which replace nothing yet and are shown on their own row)."""
    return round(
        sum((m for med in medications if med.kind in ("home", "given") and (m := medication_mme(med, table))), 0.0), 2
    )
