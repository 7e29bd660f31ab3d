"""Diary entries: the :class:`Entry` record and its checks, adding/replacing/merging entries, the trend
and the change flags, and the date and score formats used everywhere in the diary family.

Pure functions and frozen dataclasses (no widgets, no HTML, no file access). The words come from
``data/ui/diary.yaml``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Final, Literal

from babel.dates import format_skeleton

from osteo_lib.content.ui import UiTexts, ui_texts

__all__ = [
    "CHANGE_POINTS",
    "COLUMNS",
    "DATE_LOCALE",
    "HELP_WORDS",
    "MAX_TEXT",
    "NUMBER_COLUMNS",
    "PEG_COLUMNS",
    "PEG_EVERY_DAYS",
    "REFERENCE_IDS",
    "SCALE_MAX",
    "SCALE_MIN",
    "TEXT_COLUMNS",
    "Entry",
    "Flag",
    "InvalidEntry",
    "Trend",
    "change_flags",
    "diary_texts",
    "find_entry",
    "fmt_day",
    "fmt_score",
    "fmt_short",
    "has_control_chars",
    "make_entry",
    "merge_entries",
    "normalise_helped",
    "peg_due",
    "peg_entries",
    "remove_entry",
    "sort_entries",
    "trend",
    "trend_sentence",
    "upsert_entry",
]

# --- limits and constants ---------------------------------------------------------------------------
MAX_TEXT: Final = 200  # characters in "what I tried" and "note"
CHANGE_POINTS: Final = 2  # a change this big in pain today is flagged (Farrar 2001)
SCALE_MIN: Final = 0
SCALE_MAX: Final = 10
HELP_WORDS: Final = ("none", "a little", "some", "a lot")
COLUMNS: Final = ("date", "pain", "peg_pain", "peg_enjoyment", "peg_activity", "tried", "helped", "note")
NUMBER_COLUMNS: Final = ("pain", "peg_pain", "peg_enjoyment", "peg_activity")
#: The three PEG answers: optional, but all three or none.
PEG_COLUMNS: Final = ("peg_pain", "peg_enjoyment", "peg_activity")
#: The PEG questions are about the past week: the form asks them again when none were answered in this many days.
PEG_EVERY_DAYS: Final = 7
_PEG_LABELS: Final = {"peg_pain": "peg_p_label", "peg_enjoyment": "peg_e_label", "peg_activity": "peg_g_label"}
TEXT_COLUMNS: Final = ("tried", "note")
REFERENCE_IDS: Final = ("krebs2009", "farrar2001")
#: The locale of the workbook's dates (CLDR data through Babel): English with the day first, "3 May 2025",
#: so no reader mixes up day and month. A translation of data/ui/ sets its own.
DATE_LOCALE: Final = "en_GB"
_HELPED_NUMBER = re.compile(r"\d{1,2}")


def diary_texts() -> UiTexts:
    """Every patient-facing string of the diary (``data/ui/diary.yaml``), read once and cached."""
    return ui_texts("diary")


# --- small helpers ----------------------------------------------------------------------------------
def fmt_day(day: date) -> str:
    """A date for people: ``3 May 2025`` (Babel, :data:`DATE_LOCALE`: the month in words, no day/month mix-up)."""
    return format_skeleton("yMMMMd", day, locale=DATE_LOCALE)


def fmt_short(day: date, *, with_year: bool = False) -> str:
    """A short date for chart labels and compact tables: ``30 Nov`` (``30 Nov 2026`` ``with_year``)."""
    return format_skeleton("yMMMd" if with_year else "MMMd", day, locale=DATE_LOCALE)


def fmt_score(value: float) -> str:
    """A 0-10 score with at most one decimal: ``5``, ``5.3``."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def has_control_chars(text: str) -> bool:
    """True when ``text`` holds a control character (tab, line break, NUL...) or a line/paragraph separator."""
    return any(unicodedata.category(ch) in {"Cc", "Zl", "Zp"} for ch in text)


# --- entries ----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Entry:
    """One day of the diary. ``pain`` (pain today) is a whole number 0-10; the three PEG answers are whole
    numbers 0-10 too, or all three ``None`` (not answered that day: they are asked once a week);
    ``helped`` is ``""``, ``"0"``..``"10"`` or a :data:`HELP_WORDS` word; ``tried`` and ``note`` are
    stripped single-line text of at most :data:`MAX_TEXT` characters. Invalid values raise ValueError
    (use :func:`make_entry` for friendly messages)."""

    day: date
    pain: int
    peg_pain: int | None = None
    peg_enjoyment: int | None = None
    peg_activity: int | None = None
    tried: str = ""
    helped: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.day, date):
            raise TypeError(f"Entry.day must be a date, not {type(self.day).__name__}")
        if not _is_score(self.pain):
            raise ValueError(f"Entry.pain must be a whole number from 0 to 10, not {self.pain!r}")
        answered = [name for name in PEG_COLUMNS if getattr(self, name) is not None]
        if answered and len(answered) != len(PEG_COLUMNS):
            raise ValueError(f"Entry needs all three PEG answers or none, not only {', '.join(answered)}")
        for name in answered:
            value = getattr(self, name)
            if not _is_score(value):
                raise ValueError(f"Entry.{name} must be a whole number from 0 to 10 or None, not {value!r}")
        for name in TEXT_COLUMNS:
            value = getattr(self, name)
            if (
                not isinstance(value, str)
                or len(value) > MAX_TEXT
                or has_control_chars(value)
                or value != value.strip()
            ):
                raise ValueError(
                    f"Entry.{name} must be single-line text of at most {MAX_TEXT} characters, "
                    "without spaces at the start or end"
                )
        if normalise_helped(self.helped) != self.helped:
            raise ValueError(f"Entry.helped must be '', '0'..'10' or one of {HELP_WORDS}, not {self.helped!r}")

    @property
    def has_peg(self) -> bool:
        """True when the three PEG questions were answered that day."""
        return self.peg_pain is not None

    @property
    def peg(self) -> float | None:
        """The PEG score: the mean of P, E and G (0-10), or ``None`` when they were not answered."""
        if self.peg_pain is None or self.peg_enjoyment is None or self.peg_activity is None:
            return None
        return (self.peg_pain + self.peg_enjoyment + self.peg_activity) / 3


class InvalidEntry(ValueError):
    """Raised by :func:`make_entry`; ``problems`` holds one plain-language message per problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems: tuple[str, ...] = tuple(problems)


def normalise_helped(value: str) -> str | None:
    """The stored form of a "how much it helped" answer, or ``None`` when it is not a valid answer."""
    text = " ".join(value.split()).lower()
    if text in ("", *HELP_WORDS):
        return text
    if _HELPED_NUMBER.fullmatch(text) and SCALE_MIN <= int(text) <= SCALE_MAX:
        return str(int(text))
    return None


def _text_problem(value: str, label: str) -> str | None:
    text = diary_texts()
    if has_control_chars(value):
        return text.format("text_control", label=label)
    if len(value) > MAX_TEXT:
        return text.format("text_too_long", label=label, length=len(value), limit=MAX_TEXT)
    return None


def _is_score(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and SCALE_MIN <= value <= SCALE_MAX


def make_entry(
    day: date | None,
    pain: int | None,
    peg_pain: int | None = None,
    peg_enjoyment: int | None = None,
    peg_activity: int | None = None,
    *,
    tried: str = "",
    helped: str = "",
    note: str = "",
    today: date,
) -> Entry:
    """Check the answers from the entry form and return an :class:`Entry`.

    Only the date and pain today are needed. ``None`` means "not answered". The three PEG answers are
    optional but go together: all three or none (a part gives a message naming the ones missing).
    Text is stripped. Raises :class:`InvalidEntry` listing every problem in plain language (missing
    date or pain today, a number outside 0-10, part of the PEG answers, future date, text too long or
    with control characters).
    """
    text = diary_texts()
    problems: list[str] = []
    if day is None:
        problems.append(text["need_date"])
    elif day > today:
        problems.append(text.format("future_entry", day=fmt_day(day)))
    if pain is None:
        problems.append(text.format("need_number", label=text["pain_label"]))
    elif not _is_score(pain):
        problems.append(text.format("bad_score", label=text["pain_label"], value=pain))
    peg = {"peg_pain": peg_pain, "peg_enjoyment": peg_enjoyment, "peg_activity": peg_activity}
    missing = [text[_PEG_LABELS[name]] for name, value in peg.items() if value is None]
    if 0 < len(missing) < len(PEG_COLUMNS):
        names = ", ".join(f"\u201c{label}\u201d" for label in missing)
        problems.append(text.format("peg_partial", names=names))
    for name, value in peg.items():
        if value is not None and not _is_score(value):
            problems.append(text.format("bad_score", label=text[_PEG_LABELS[name]], value=value))
    tried, note = tried.strip(), note.strip()
    for answer, key in ((tried, "tried_label"), (note, "note_label")):
        problem = _text_problem(answer, text[key])
        if problem:
            problems.append(problem)
    helped_value = normalise_helped(helped)
    if helped_value is None:
        problems.append(text["bad_helped_entry"])
    if problems:
        raise InvalidEntry(problems)
    assert day is not None
    assert pain is not None
    assert helped_value is not None
    return Entry(day, pain, peg_pain, peg_enjoyment, peg_activity, tried, helped_value, note)


def peg_entries(entries: Iterable[Entry]) -> tuple[Entry, ...]:
    """The entries that have the three PEG answers, oldest first (the PEG score and trend use only these)."""
    return tuple(e for e in sort_entries(entries) if e.has_peg)


def peg_due(entries: Iterable[Entry], day: date) -> bool:
    """True when the PEG questions should be asked for ``day``: no entry less than
    :data:`PEG_EVERY_DAYS` days from it has them (they are about the past week, so once a week is
    enough). For today that is "none in the past 7 days"; for an earlier day, later entries count too."""
    return not any(e.has_peg and abs((e.day - day).days) < PEG_EVERY_DAYS for e in entries)


def sort_entries(entries: Iterable[Entry]) -> tuple[Entry, ...]:
    """Entries oldest first. Raises ValueError if two share a date."""
    result = tuple(sorted(entries, key=lambda e: e.day))
    for a, b in pairwise(result):
        if a.day == b.day:
            raise ValueError(f"two diary entries for {a.day.isoformat()}")
    return result


def find_entry(entries: Iterable[Entry], day: date) -> Entry | None:
    """The entry for ``day``, or ``None``."""
    return next((e for e in entries if e.day == day), None)


def upsert_entry(entries: Iterable[Entry], entry: Entry) -> tuple[Entry, ...]:
    """The diary with ``entry`` added, replacing any entry for the same date."""
    return sort_entries([*(e for e in entries if e.day != entry.day), entry])


def remove_entry(entries: Iterable[Entry], day: date) -> tuple[Entry, ...]:
    """The diary without the entry for ``day``."""
    return tuple(e for e in entries if e.day != day)


def merge_entries(existing: Iterable[Entry], incoming: Iterable[Entry]) -> tuple[tuple[Entry, ...], tuple[date, ...]]:
    """Add imported entries to the diary. Where both have a date, the existing entry is kept.

    Returns the merged diary (oldest first) and the dates where the existing entry was kept.
    """
    current = {e.day: e for e in existing}
    incoming = tuple(incoming)
    kept = tuple(sorted(e.day for e in incoming if e.day in current))
    merged = {**{e.day: e for e in incoming}, **current}
    return sort_entries(merged.values()), kept


# --- trend and flags --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Trend:
    """Key numbers of a diary: first, last, lowest and highest *pain today* (earliest day on ties)."""

    count: int
    first: Entry
    last: Entry
    lowest: Entry
    highest: Entry

    @property
    def change(self) -> int:
        """Pain today, latest minus first entry."""
        return self.last.pain - self.first.pain


def trend(entries: Iterable[Entry]) -> Trend | None:
    """The diary's key numbers, or ``None`` for an empty diary."""
    ordered = sort_entries(entries)
    if not ordered:
        return None
    return Trend(
        count=len(ordered),
        first=ordered[0],
        last=ordered[-1],
        lowest=min(ordered, key=lambda e: e.pain),
        highest=max(ordered, key=lambda e: e.pain),
    )


@dataclass(frozen=True, slots=True)
class Flag:
    """A change of :data:`CHANGE_POINTS` or more in *pain today*.

    ``kind`` is ``"since_last"`` (between two entries in a row) or ``"since_first"`` (latest entry
    against the first one).
    """

    kind: Literal["since_last", "since_first"]
    start: date
    end: date
    before: int
    after: int

    @property
    def change(self) -> int:
        return self.after - self.before

    @property
    def message(self) -> str:
        up = self.change > 0
        key = ("flag_up" if up else "flag_down") + ("_first" if self.kind == "since_first" else "")
        return diary_texts().format(
            key,
            points=abs(self.change),
            start=fmt_day(self.start),
            end=fmt_day(self.end),
            before=self.before,
            after=self.after,
        )


def change_flags(entries: Iterable[Entry], threshold: int = CHANGE_POINTS) -> tuple[Flag, ...]:
    """Flags for every change of ``threshold`` points or more in *pain today* between consecutive
    entries (oldest first), then one for the latest entry against the first when there are three or
    more entries (with two, that change is already the consecutive one)."""
    ordered = sort_entries(entries)
    flags = [
        Flag("since_last", a.day, b.day, a.pain, b.pain)
        for a, b in pairwise(ordered)
        if abs(b.pain - a.pain) >= threshold
    ]
    if len(ordered) >= 3 and abs(ordered[-1].pain - ordered[0].pain) >= threshold:
        flags.append(Flag("since_first", ordered[0].day, ordered[-1].day, ordered[0].pain, ordered[-1].pain))
    return tuple(flags)


def trend_sentence(entries: Iterable[Entry]) -> str:
    """One to three sentences with the same facts as the chart (its text alternative). The PEG part uses
    only the entries that have the PEG answers, and says how many when some do not."""
    text = diary_texts()
    ordered = sort_entries(entries)
    t = trend(ordered)
    if t is None:
        return text["trend_none"]
    if t.count == 1:
        if t.first.peg is not None:
            return text.format("trend_one", day=fmt_day(t.first.day), pain=t.first.pain, peg=fmt_score(t.first.peg))
        return text.format("trend_one_no_peg", day=fmt_day(t.first.day), pain=t.first.pain)
    pain = text.format(
        "trend_many",
        count=t.count,
        start=fmt_day(t.first.day),
        end=fmt_day(t.last.day),
        first=t.first.pain,
        last=t.last.pain,
        low=t.lowest.pain,
        high=t.highest.pain,
    )
    return f"{pain} {_peg_sentence(ordered)}"


def _peg_sentence(ordered: Sequence[Entry]) -> str:
    """The PEG part of :func:`trend_sentence` for a diary of two or more entries."""
    text = diary_texts()
    pegs = peg_entries(ordered)
    if not pegs:
        return text["trend_peg_none"]
    first, last = pegs[0], pegs[-1]
    assert first.peg is not None
    assert last.peg is not None
    if len(pegs) == 1:
        return text.format("trend_peg_one", day=fmt_day(first.day), peg=fmt_score(first.peg))
    key = "trend_peg_all" if len(pegs) == len(ordered) else "trend_peg_some"
    return text.format(key, count=len(pegs), peg_first=fmt_score(first.peg), peg_last=fmt_score(last.peg))
