"""What matters to me: checking the chosen priorities, ordering options by how many they fit, and
saying the fit in plain words."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from osteo_lib.care.treatments.labels import PRIORITIES, priority_labels, texts
from osteo_lib.content.model import Method, MethodMatch, Priority

__all__ = ["check_priorities", "fits_text", "fitting_priorities", "order_by_priorities", "priorities_sentence"]

_M = TypeVar("_M", Method, MethodMatch)


def check_priorities(chosen: Iterable[str]) -> tuple[Priority, ...]:
    """``chosen`` as priorities in checkbox order, each once; ``ValueError`` naming an unknown one."""
    wanted = set(chosen)
    unknown = sorted(wanted.difference(PRIORITIES))
    if unknown:
        raise ValueError(f"unknown priority {unknown[0]!r}; priorities are: {', '.join(PRIORITIES)}")
    return tuple(p for p in PRIORITIES if p in wanted)


def _method_of(item: Method | MethodMatch) -> Method:
    return item.method if isinstance(item, MethodMatch) else item


def fitting_priorities(method: Method, chosen: Iterable[str]) -> tuple[Priority, ...]:
    """The chosen priorities this method fits, in checkbox order."""
    wanted = set(check_priorities(chosen))
    return tuple(p for p in PRIORITIES if p in wanted and p in method.fits)


def order_by_priorities(items: Iterable[_M], chosen: Iterable[str]) -> list[_M]:
    """``items`` (methods or method matches) ordered by how many of the ``chosen`` priorities each one
    fits, most first; ties keep the order given (data order). A match the person should avoid (an
    *avoid* caution for one of their conditions) goes after every other one, however well it fits.
    With nothing chosen the order is unchanged."""
    wanted = check_priorities(chosen)
    listed = list(items)
    if not wanted:
        return listed

    def key(item: Method | MethodMatch) -> tuple[bool, int]:
        excluded = isinstance(item, MethodMatch) and item.excluded
        return excluded, -len(fitting_priorities(_method_of(item), wanted))

    return sorted(listed, key=key)


def fits_text(method: Method, chosen: Iterable[str]) -> str:
    """``"Fits 2 of your 3 choices: I can do it at home; No pills."`` (plain words for the ranked list)."""
    text = texts()
    wanted = check_priorities(chosen)
    fits = fitting_priorities(method, wanted)
    if not fits:
        return text["priorities_fits_none"]
    names = priority_labels()
    labels = "; ".join(names[p] for p in fits)
    if len(fits) == len(wanted):
        return text.format("priorities_fits_all", labels=labels)
    return text.format("priorities_fits", n=len(fits), total=len(wanted), labels=labels)


def priorities_sentence(chosen: Iterable[str]) -> str:
    """``"What matters to me: I can do it at home; No pills."`` or ``""`` when nothing is chosen."""
    wanted = check_priorities(chosen)
    if not wanted:
        return ""
    names = priority_labels()
    return texts().format("summary_priorities", labels="; ".join(names[p] for p in wanted))
