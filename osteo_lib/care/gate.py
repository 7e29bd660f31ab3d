"""A simple teaching model of the gate control theory of pain (Melzack and Wall 1965).

This is **a teaching model, not a measurement**. It turns three 0-10 style settings into a number
that shows the *direction* in which each thing pushes pain, as the theory describes it:

* a stronger signal from the injury opens the "gate" in the spinal cord a little and, above all,
  sends a bigger message;
* competing, non-painful input from the same area (rubbing, massage, a TENS unit, heat or cold)
  closes the gate;
* stress, worry, fear or low mood open the gate; feeling calm and hopeful helps close it.

The model (all numbers are teaching choices, not measured values)::

    openness = clamp(0.7 + 0.3 * injury/10 - 0.5 * competing_input/10 + 0.3 * mood_stress/5, 0, 1)
    level    = clamp(injury * (0.2 + openness), 0, 10), rounded to one decimal

``openness`` is 0 (shut) to 1 (wide open). Even a shut gate lets a fifth of the signal through, and a
wide-open gate can make the message a little bigger than the signal (up to 1.2 times), as worry can.
With no injury signal there is no pain message. The model is monotonic: more injury never lowers the
message, more competing input never raises it, a more stressed mood never lowers it.

Reference id: ``melzack1965`` (data/references.yaml).

Example::

    >>> from osteo_lib.care.gate import pain_message
    >>> r = pain_message(injury=6, competing_input=0, mood_stress=0)
    >>> r.level, r.gate_openness
    (6.5, 0.88)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from osteo_lib.content.ui import UiTexts, ui_texts

__all__ = [
    "COMPETING_RANGE",
    "INJURY_RANGE",
    "MOOD_RANGE",
    "REFERENCE_IDS",
    "GateResult",
    "GateWord",
    "LevelWord",
    "gate_openness",
    "gate_word",
    "level_word",
    "pain_message",
    "texts",
]

REFERENCE_IDS: tuple[str, ...] = ("melzack1965",)

INJURY_RANGE: tuple[int, int] = (0, 10)
COMPETING_RANGE: tuple[int, int] = (0, 10)
MOOD_RANGE: tuple[int, int] = (-5, 5)

# Teaching weights (see module docstring).
BASE_OPENNESS = 0.7
INJURY_WEIGHT = 0.3
COMPETING_WEIGHT = 0.5
MOOD_WEIGHT = 0.3
LEAK = 0.2

GateWord = Literal["wide open", "partly open", "mostly closed"]
LevelWord = Literal["none", "weak", "medium", "strong"]


@dataclass(frozen=True, slots=True)
class GateResult:
    """What the teaching model says for one set of inputs."""

    injury: int
    competing_input: int
    mood_stress: int
    #: The pain message that reaches the brain, 0-10 (one decimal).
    level: float
    #: 0 = shut, 1 = wide open (two decimals).
    gate_openness: float
    gate_word: GateWord
    level_word: LevelWord
    #: A plain-language summary of the result (its parts are in data/ui/gate.yaml).
    sentence: str


def texts() -> UiTexts:
    """The patient-facing words of the gate (``data/ui/gate.yaml``), read at use time."""
    return ui_texts("gate")


def _check(name: str, value: object, bounds: tuple[int, int]) -> int:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number from {low} to {high}; got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be from {low} to {high}; got {value}")
    return value


def _clamp(x: float, low: float, high: float) -> float:
    return max(low, min(high, x))


def gate_openness(injury: int, competing_input: int, mood_stress: int) -> float:
    """How open the gate is, 0 (shut) to 1 (wide open), rounded to two decimals."""
    injury = _check("injury", injury, INJURY_RANGE)
    competing_input = _check("competing_input", competing_input, COMPETING_RANGE)
    mood_stress = _check("mood_stress", mood_stress, MOOD_RANGE)
    raw = (
        BASE_OPENNESS
        + INJURY_WEIGHT * injury / INJURY_RANGE[1]
        - COMPETING_WEIGHT * competing_input / COMPETING_RANGE[1]
        + MOOD_WEIGHT * mood_stress / MOOD_RANGE[1]
    )
    return round(_clamp(raw, 0.0, 1.0), 2)


def gate_word(openness: float) -> GateWord:
    if openness >= 0.8:
        return "wide open"
    if openness >= 0.4:
        return "partly open"
    return "mostly closed"


def level_word(level: float) -> LevelWord:
    if level <= 0:
        return "none"
    if level < 3.5:
        return "weak"
    if level < 6.5:
        return "medium"
    return "strong"


def pain_message(injury: int, competing_input: int, mood_stress: int) -> GateResult:
    """Run the teaching model.

    ``injury``: strength of the signal from the injury, 0-10. ``competing_input``: how much rubbing,
    TENS, heat or cold is used on the area, 0-10. ``mood_stress``: -5 (calm and hopeful) to 5
    (very stressed, worried, afraid or low); 0 is neutral. Out-of-range or non-whole-number inputs
    raise ``ValueError`` naming the input.
    """
    openness = gate_openness(injury, competing_input, mood_stress)
    level = round(_clamp(injury * (LEAK + openness), 0.0, 10.0), 1)
    g, lw = gate_word(openness), level_word(level)
    text = texts()
    parts = [text[f"gate_{g.replace(' ', '_')}"], text.format(f"level_{lw}", level=_number(level))]
    if injury == 0:
        parts.append(text["why_injury_none"])
    else:
        if competing_input > 0:
            parts.append(text["why_competing"])
        if mood_stress > 0:
            parts.append(text["why_stress"])
        elif mood_stress < 0:
            parts.append(text["why_calm"])
    return GateResult(injury, competing_input, mood_stress, level, openness, g, lw, " ".join(parts))


def _number(x: float) -> str:
    """6.0 -> '6', 5.3 -> '5.3'."""
    return f"{x:g}"
