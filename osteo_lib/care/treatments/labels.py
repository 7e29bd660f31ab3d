"""The words of the "methods" family and the label mappings built from them.

The words live in ``data/ui/treatments.yaml`` (patients: graded for reading level) and
``data/ui/treatments_student.yaml`` (nursing students). Each function reads them at call time, so
``osteo_lib.reload()`` is enough for edited words to show.
"""

from __future__ import annotations

from typing import Literal, get_args

from osteo_lib.content.model import EVIDENCE_STEPS, CautionLevel, PainType, Priority, ProvidedBy
from osteo_lib.content.ui import UiTexts, ui_texts

__all__ = [
    "COMPARE_MAX",
    "COMPARE_MIN",
    "PRIORITIES",
    "WHO_GROUPS",
    "Audience",
    "HeatCold",
    "Who",
    "evidence_labels",
    "level_labels",
    "needs_texts",
    "pain_type_labels",
    "priority_labels",
    "student_texts",
    "texts",
    "who_labels",
]

Who = Literal["self_care", "professional"]
Audience = Literal["patient", "student"]
HeatCold = Literal["heat", "cold"]

#: The "what matters to me" priorities, in the order the checkboxes show them.
PRIORITIES: tuple[Priority, ...] = get_args(Priority)
#: How the explorer's "Who gives it" choice maps onto the catalog's ``provided_by`` values.
WHO_GROUPS: dict[str, tuple[ProvidedBy, ...]] = {
    "self_care": ("self_care", "after_training"),
    "professional": ("professional", "prescription"),
}
COMPARE_MIN, COMPARE_MAX = 2, 3


def texts() -> UiTexts:
    """Every patient-facing text of the family (``data/ui/treatments.yaml``); keys are stable, values may
    hold ``{placeholders}`` (``texts().format("count", shown=3, total=9)``)."""
    return ui_texts("treatments")


def student_texts() -> UiTexts:
    """The words shown to nursing students only (``data/ui/treatments_student.yaml``)."""
    return ui_texts("treatments_student")


def priority_labels() -> dict[str, str]:
    """Each priority's plain words, in checkbox order (``"at_home"`` -> "I can do it at home")."""
    text = texts()
    return {p: text[f"priority_{p}"] for p in PRIORITIES}


def evidence_labels() -> dict[str, str]:
    """The evidence level's plain words (patients and students alike)."""
    text = texts()
    return {level: text[f"evidence_{level}"] for level in EVIDENCE_STEPS}


def pain_type_labels() -> dict[str, str]:
    """The explorer's "Type of pain" choices in plain words."""
    text = texts()
    return {p: text[f"pain_{p}"] for p in get_args(PainType)}


def who_labels() -> dict[str, str]:
    """The explorer's "Who gives it" choices in plain words."""
    text = texts()
    return {who: text[f"who_{who}"] for who in WHO_GROUPS}


def level_labels() -> dict[str, str]:
    """How serious a caution is, in plain words (avoid, change how you do it, take care)."""
    text = texts()
    return {level: text[f"level_{level}"] for level in get_args(CautionLevel)}


def needs_texts() -> dict[str, str]:
    """The comparison's answer to "Needs a prescription or a professional?" for each ``provided_by``."""
    text = texts()
    return {p: text[f"needs_{p}"] for p in get_args(ProvidedBy)}
