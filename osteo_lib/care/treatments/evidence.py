"""How strong the evidence for a method is, in plain words (explorer cards, comparison grid, provider
summary)."""

from __future__ import annotations

from osteo_lib.care.treatments.labels import evidence_labels, texts
from osteo_lib.content.model import Evidence

__all__ = ["evidence_bar_label", "evidence_label", "evidence_steps", "evidence_text"]


def evidence_label(evidence: Evidence | None) -> str:
    """The evidence level in plain words ("Some evidence"), or ``""`` when the method has no rating."""
    if evidence is None:
        return ""
    label = evidence_labels()[evidence.level]
    return texts().format("evidence_against", label=label) if evidence.does_not_help else label


def evidence_steps(evidence: Evidence) -> str:
    """The filled steps of the three-step bar in words: ``"2 of 3 steps"``."""
    return texts().format("evidence_steps", n=evidence.steps)


def evidence_bar_label(evidence: Evidence) -> str:
    """What the three-step bar says in words (its ``aria-label``): ``"Some evidence: 2 of 3 steps"``."""
    return texts().format("evidence_bar", label=evidence_label(evidence), n=evidence.steps)


def evidence_text(evidence: Evidence | None) -> str:
    """One plain line for the summary: the evidence label, then the patient text.

    The count of filled steps is left out: "2 of 3 steps" of what was never said to the reader
    (health-literacy rating, PEMAT 6)."""
    if evidence is None:
        return ""
    return f"{evidence_label(evidence)}. {' '.join(evidence.patient_text.split())}"
