"""The heat and cold session helper's arithmetic: which catalog methods stand for heat and cold, the
session lengths the sources allow, and the countdown in numbers and in words."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from osteo_lib.care.treatments.labels import HeatCold, texts
from osteo_lib.content.model import Caution, Method, most_serious_first
from osteo_lib.errors import UnknownIdError

if TYPE_CHECKING:
    from osteo_lib.content.catalog import Catalog

__all__ = ["clock_words", "format_clock", "heat_cold_methods", "seconds_left", "session_minutes", "sorted_cautions"]


def heat_cold_methods(catalog: Catalog) -> dict[HeatCold, Method]:
    """The catalog methods behind the heat and the cold choice.

    Prefers methods with the ids ``heat`` and ``cold``; otherwise a method whose id names the mode
    (``cold`` also matches ``ice``); a combined method (e.g. ``heat_and_cold``) serves both. Raises
    :class:`~osteo_lib.errors.UnknownIdError` (a ``LookupError``) when the catalog has none for a mode.
    """
    ids = {m.id: m for m in catalog.methods}
    words: dict[HeatCold, tuple[str, ...]] = {"heat": ("heat", "hot", "warm"), "cold": ("cold", "ice")}
    found: dict[HeatCold, Method] = {}
    for mode, names in words.items():
        if mode in ids:
            found[mode] = ids[mode]
            continue
        candidates = [m for m in catalog.methods if any(w in m.id.split("_") for w in names)]
        # A method only about this mode beats a combined one.
        candidates.sort(
            key=lambda m: any(w in m.id.split("_") for other in words.values() if other != names for w in other)
        )
        if candidates:
            found[mode] = candidates[0]
    missing = [mode for mode in words if mode not in found]
    if missing:  # a LookupError, naming the mode without a method and the ids the catalog has
        raise UnknownIdError("heat or cold method", missing[0], list(ids))
    return found


def session_minutes(method: Method) -> list[int]:
    """The whole minutes a session may last, from the method's ``duration_minutes`` (empty if unknown)."""
    if method.duration_minutes is None:
        return []
    low, high = method.duration_minutes
    return list(range(low, high + 1))


def seconds_left(end_at: float, now: float) -> int:
    """Whole seconds left until ``end_at`` (rounded up, never below 0)."""
    return max(0, math.ceil(round(end_at - now, 6)))


def format_clock(seconds: int) -> str:
    """``mm:ss`` for a countdown."""
    minutes, secs = divmod(max(0, seconds), 60)
    return f"{minutes:02d}:{secs:02d}"


def clock_words(seconds: int) -> str:
    """The countdown in words, for screen readers: ``"14 min 59 s left"``."""
    minutes, secs = divmod(max(0, seconds), 60)
    return texts().format("time_left_words", minutes=minutes, seconds=secs)


def sorted_cautions(method: Method) -> list[Caution]:
    """The method's cautions, most serious first (data order within a level)."""
    return most_serious_first(method.cautions)
