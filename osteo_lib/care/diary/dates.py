"""Dates as spreadsheets write them: ISO (``2025-03-14``), month first (``3/14/2025``, US) and day first
(``14/3/2025`` or ``14.03.2025``, most of Europe). Which of the last two a file uses is decided from
the file when one of its dates has a day over 12 (:func:`find_date_order`); otherwise the person is
asked, and the answer is passed back as ``date_order``.

Pure functions, no widgets. A time of midnight after the date (``3/14/2025 0:00``, as Excel writes
a date-and-time cell) is accepted and dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

__all__ = ["DATE_ORDERS", "DateOrder", "OrderFound", "find_date_order", "read_day", "read_numeric"]

#: ``"mdy"``: month/day/year (US); ``"dmy"``: day/month/year.
DateOrder = Literal["mdy", "dmy"]
DATE_ORDERS: Final[tuple[DateOrder, ...]] = ("mdy", "dmy")

_ISO: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
# 3/14/2025, 14.03.2025, 14-3-2025: the same mark twice, a four-digit year.
_NUMERIC: Final = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
_MIDNIGHT: Final = re.compile(r"[ T]0?0:00(?::00(?:\.0+)?)?$")


def _without_midnight(value: str) -> str:
    return _MIDNIGHT.sub("", value.strip())


def read_numeric(value: str) -> tuple[int, int, int] | None:
    """The two small numbers and the year of ``3/14/2025``-style text (in the order written), or ``None``."""
    match = _NUMERIC.fullmatch(_without_midnight(value))
    if match is None:
        return None
    return int(match[1]), int(match[3]), int(match[4])


def read_day(value: str, order: DateOrder | None) -> date | None:
    """The date ``value`` stands for, or ``None`` when it is not a real date in a form we read.

    ISO dates need no order. ``3/14/2025``-style dates are read in ``order``; without one, only dates
    that read the same both ways (like ``3/3/2025``) are read."""
    text = _without_midnight(value)
    try:
        if _ISO.fullmatch(text):
            return date.fromisoformat(text)
        parts = read_numeric(text)
        if parts is None:
            return None
        first, second, year = parts
        if order is None and first != second:
            return None
        month, day = (first, second) if order in (None, "mdy") else (second, first)
        return date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class OrderFound:
    """What the date cells of a file say about their order.

    ``order``: decided from the file (a day over 12 shows it), or ``None``. ``clue``: the cell that
    decided it. ``example``: a cell that reads two ways, when the file does not decide (then the person
    must choose). ``clash``: a day-first and a month-first cell (row and text of each), when the file has both."""

    order: DateOrder | None = None
    clue: str = ""
    example: str = ""
    clash: tuple[tuple[int, str], tuple[int, str]] | None = None


def find_date_order(cells: Iterable[tuple[int, str]]) -> OrderFound:
    """Decide month-first or day-first from the date cells (row, text) of a file."""
    seen: dict[DateOrder, tuple[int, str]] = {}
    example = ""
    for row, raw in cells:
        parts = read_numeric(raw)
        if parts is None:
            continue
        first, second, _ = parts
        if first > 12 >= second:
            seen.setdefault("dmy", (row, raw.strip()))
        elif second > 12 >= first:
            seen.setdefault("mdy", (row, raw.strip()))
        elif first != second and not example and first <= 12 and second <= 12:
            example = raw.strip()
    if len(seen) == 2:
        return OrderFound(clash=(seen["dmy"], seen["mdy"]))
    for order, (_, raw) in seen.items():
        return OrderFound(order=order, clue=raw)
    return OrderFound(example=example)
