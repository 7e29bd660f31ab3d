"""Provider summary: what goes into the one-page summary of the pain diary, as plain values.

Pure functions (no widgets, no HTML, no file writes). The document itself is drawn from these values
by :func:`osteo_lib.views.summary_document.build_summary`. Typed text (name, questions) is cleaned to
one line per item and clipped here; escaping is the templates' job. The words are in
``data/ui/summary.yaml`` (:func:`summary_texts`) and, for the shared table columns,
``data/ui/diary.yaml``.

Example::

    from datetime import date
    from osteo_lib.care.summary import key_numbers, split_questions, weekly_rows

    key_numbers(entries)              # (("Pain today, first entry", "4 on 1 Mar 2025"), ...)
    split_questions("Heat?\\nTENS?")   # (("Heat?", "TENS?"), False)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Final

from osteo_lib.care.diary import (
    Entry,
    Flag,
    fmt_day,
    fmt_score,
    fmt_short,
    has_control_chars,
    peg_entries,
    sort_entries,
    trend,
)
from osteo_lib.care.download import data_uri
from osteo_lib.content.model import Method, Reference, most_serious_first
from osteo_lib.content.ui import UiTexts, ui_texts
from osteo_lib.errors import UnknownIdError

if TYPE_CHECKING:  # importing the catalog module pulls in YAML and schema checking
    from osteo_lib.content.catalog import Catalog

__all__ = [
    "HTML_MIME",
    "MAX_ABOUT_LINES",
    "MAX_CAUTIONS",
    "MAX_FLAGS",
    "MAX_LISTED_ENTRIES",
    "MAX_METHODS",
    "MAX_NAME",
    "MAX_QUESTIONS",
    "MAX_QUESTION_CHARS",
    "MAX_TRIED",
    "MAX_WEEKS",
    "NOTE_CHARS",
    "RECENT_ENTRIES",
    "SummaryBlock",
    "about_whole",
    "change_words",
    "clean_name",
    "clip",
    "condition_labels",
    "evidence_bar_text",
    "exact_numbers",
    "first_sentence",
    "fmt_day_short",
    "header_lines",
    "key_cautions",
    "key_numbers",
    "marked_methods",
    "short_cite",
    "signed",
    "split_about",
    "split_questions",
    "step_flags",
    "summary_data_uri",
    "summary_filename",
    "summary_texts",
    "summary_title",
    "tried_rows",
    "weekly_rows",
]

MAX_QUESTIONS: Final = 12
MAX_QUESTION_CHARS: Final = 300
MAX_NAME: Final = 100
MAX_LISTED_ENTRIES: Final = 10  # up to this many entries are listed one by one; more are summarised by week
MAX_WEEKS: Final = 6
MAX_FLAGS: Final = 4
MAX_TRIED: Final = 6
MAX_METHODS: Final = 10
MAX_CAUTIONS: Final = 2
NOTE_CHARS: Final = 60
RECENT_ENTRIES: Final = 7  # "mean pain today, last 7 entries"
MAX_ABOUT_LINES: Final = 15  # lines of "my health problems" or "my medicines" printed
HTML_MIME: Final = "text/html"


def summary_texts() -> UiTexts:
    """Every patient-facing string of the provider summary (``data/ui/summary.yaml``), read once and cached."""
    return ui_texts("summary")


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, ending with an ellipsis when it was cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _clean(text: str) -> str:
    """One line of typed text: control characters become spaces, runs of spaces collapse."""
    return " ".join("".join(" " if has_control_chars(ch) else ch for ch in text).split())


def split_questions(text: str | Iterable[str]) -> tuple[tuple[str, ...], bool]:
    """The person's questions, one per non-empty line, cleaned and clipped; and whether some were cut
    (more than :data:`MAX_QUESTIONS`)."""
    lines = text.splitlines() if isinstance(text, str) else list(text)
    questions = [clip(q, MAX_QUESTION_CHARS) for q in (_clean(line) for line in lines) if q]
    return tuple(questions[:MAX_QUESTIONS]), len(questions) > MAX_QUESTIONS


def split_about(text: str) -> tuple[tuple[str, ...], bool]:
    """The person's health problems or medicines as typed: one item per non-empty line, cleaned and
    clipped like the questions; and whether some were cut (more than :data:`MAX_ABOUT_LINES`)."""
    items = [clip(item, MAX_QUESTION_CHARS) for item in (_clean(line) for line in text.splitlines()) if item]
    return tuple(items[:MAX_ABOUT_LINES]), len(items) > MAX_ABOUT_LINES


@dataclass(frozen=True, slots=True)
class SummaryBlock:
    """An extra part of the provider summary (e.g. "My pain plan"): a heading, its items as a list and
    an optional note under them. Plain text only; the template escapes it."""

    title: str
    items: tuple[str, ...] = ()
    note: str = ""


def clean_name(name: str) -> tuple[str, bool]:
    """The patient name as printed (one line, at most :data:`MAX_NAME` characters) and whether it was cut."""
    cleaned = _clean(name)
    return cleaned[:MAX_NAME], len(cleaned) > MAX_NAME


def marked_methods(catalog: Catalog, ids: Iterable[str]) -> tuple[tuple[Method, ...], tuple[str, ...]]:
    """The catalog methods for these ids (in the order given, each once) and the ids it does not know."""
    found: list[Method] = []
    unknown: list[str] = []
    for method_id in dict.fromkeys(ids):
        try:
            found.append(catalog.method(method_id))
        except UnknownIdError:
            unknown.append(method_id)
    return tuple(found), tuple(unknown)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"\u201c(])")


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (the whole text when it has one sentence), spaces tidied."""
    return _SENTENCE_END.split(" ".join(text.split()), maxsplit=1)[0]


def key_cautions(
    method: Method, catalog: Catalog, chosen: Collection[str] = (), limit: int = MAX_CAUTIONS
) -> tuple[tuple[str, str], ...]:
    """The key cautions of a method as (lead, first sentence of the plain text): its *avoid* and *modify*
    cautions, most serious first, or its first *caution* when it has neither; at most ``limit``.

    The lead is the level ("Avoid") and, for a caution that holds only for some health problems, which
    ones ("Avoid if: kidney disease or weak kidneys"), so that nobody reads "Avoid" for a problem the
    person does not have; "(I ticked this)" follows when one of them is among the ``chosen`` condition ids.
    """
    text = summary_texts()
    ordered = most_serious_first(method.cautions)
    serious = [c for c in ordered if c.level != "caution"] or ordered[:1]
    mine = set(chosen)
    result = []
    for c in serious[:limit]:
        lead = text[f"caution_{c.level}"]
        if c.conditions:
            names = text["conditions_or"].join(catalog.condition(cid).patient_label for cid in c.conditions)
            lead = text.format("caution_if", level=lead, conditions=names)
            if mine & set(c.conditions):
                lead = f"{lead} {text['caution_mine']}"
        result.append((lead, first_sentence(c.patient_text)))
    return tuple(result)


def condition_labels(catalog: Catalog, chosen: Iterable[str]) -> tuple[str, ...]:
    """The plain labels of the condition ids the person ticked, in the catalog's order (unknown ids left out)."""
    wanted = set(chosen)
    return tuple(c.patient_label for c in catalog.conditions if c.id in wanted)


def short_cite(ref: Reference) -> str:
    """``Krebs 2009``: first author's family name and year."""
    first = ref.authors[0].split()[0] if ref.authors else ref.container
    return f"{first} {ref.year}"


def weekly_rows(entries: Sequence[Entry]) -> list[tuple[date, int, float, int, int, float | None, int]]:
    """Per calendar week (Monday start), oldest first: (week start, entries, average pain, lowest,
    highest, average PEG, entries with the PEG answers). The average PEG uses only the entries that have
    the PEG answers (``None`` when none of the week's entries has them)."""
    weeks: dict[date, list[Entry]] = {}
    for e in sort_entries(entries):
        weeks.setdefault(e.day - timedelta(days=e.day.weekday()), []).append(e)
    rows = []
    for start, es in sorted(weeks.items()):
        pegs = [e.peg for e in es if e.peg is not None]
        rows.append(
            (
                start,
                len(es),
                sum(e.pain for e in es) / len(es),
                min(e.pain for e in es),
                max(e.pain for e in es),
                sum(pegs) / len(pegs) if pegs else None,
                len(pegs),
            )
        )
    return rows


def tried_rows(entries: Sequence[Entry]) -> list[tuple[str, int, str]]:
    """What the person tried: (what, times, how much it helped as "a lot (3), some (1)"), most often first."""
    groups: dict[str, list[Entry]] = {}
    for e in sort_entries(entries):
        if e.tried:
            groups.setdefault(e.tried.casefold(), []).append(e)
    rows = []
    for es in groups.values():
        answers = Counter(e.helped for e in es if e.helped)
        helped = ", ".join(f"{a if not a.isdigit() else a + '/10'} ({n})" for a, n in answers.most_common())
        rows.append((es[-1].tried, len(es), helped, es[-1].day))
    rows.sort(key=lambda r: (-r[1], -r[3].toordinal()))
    return [(what, times, helped) for what, times, helped, _ in rows]


def fmt_day_short(day: date) -> str:
    """``3 May 2025`` with a short month (``30 Nov 2026``), for compact tables."""
    return fmt_short(day, with_year=True)


def signed(change: int) -> str:
    """A change with its sign: ``+3``, ``\u22122`` (a real minus sign), ``0``."""
    return f"+{change}" if change > 0 else (f"\u2212{-change}" if change < 0 else "0")


def change_words(change: int, *, points: bool = True) -> str:
    """A change in plain words, no sign to read: ``up 2 points``, ``down 1 point``, ``no change``; with
    ``points=False`` (a table whose column already says what the numbers are): ``up 2``, ``down 3``."""
    text = summary_texts()
    if change == 0:
        return text["change_none"]
    way = "up" if change > 0 else "down"
    size = abs(change)
    if not points:
        return text.format(f"change_{way}_short", points=size)
    return text.format(f"change_{way}_one" if size == 1 else f"change_{way}", points=size)


def about_whole(value: float) -> str:
    """An average for a patient: the nearest whole number, ``about 7`` for 6.8 (a half rounds up: 6.5 is
    ``about 7``); a whole value needs no "about" (``5``). The exact value is for the provider
    (:func:`exact_numbers`)."""
    whole = int(value + 0.5)  # scores are 0 to 10: never negative
    if abs(value - whole) < 1e-9:
        return str(whole)
    return summary_texts().format("about_value", value=whole)


def evidence_bar_text(steps: int, total: int = 3) -> str:
    """The three-step evidence bar as text that prints anywhere: filled and hollow dots (shape, not
    colour), e.g. ``"\u25cf\u25cf\u25cb"`` for 2 of 3."""
    return "\u25cf" * steps + "\u25cb" * (total - steps)


def key_numbers(entries: Sequence[Entry]) -> tuple[tuple[str, str], ...]:
    """The summary's key numbers as (label, value), in words a patient reads: first, latest, lowest and
    highest *pain today*, the change ("up 2 points"), the average of the last 7 entries (or of all, when
    fewer; the label says how many) as a whole number ("about 7") and the latest PEG score (from the
    latest entry that has the PEG answers), also whole. The exact averages are in :func:`exact_numbers`,
    printed for the provider. Empty for an empty diary."""
    ordered = sort_entries(entries)
    t = trend(ordered)
    if t is None:
        return ()
    text = summary_texts()

    def on(value: object, day: date) -> str:
        return text.format("value_on", value=value, day=fmt_day_short(day))

    recent = ordered[-RECENT_ENTRIES:]
    last = t.last
    pegs = peg_entries(ordered)  # the latest PEG score is from the latest entry that has it
    peg = text["peg_none"]
    if pegs and pegs[-1].peg is not None:
        peg = on(about_whole(pegs[-1].peg), pegs[-1].day)
    return (
        (text["row_first"], on(t.first.pain, t.first.day)),
        (text["row_last"], on(last.pain, last.day)),
        (text["row_low"], on(t.lowest.pain, t.lowest.day)),
        (text["row_high"], on(t.highest.pain, t.highest.day)),
        (text["row_change"], change_words(t.change)),
        (_recent_label(len(recent)), about_whole(sum(e.pain for e in recent) / len(recent))),
        (text["row_peg"], peg),
    )


def _recent_label(count: int) -> str:
    text = summary_texts()
    return text["row_recent_one"] if count == 1 else text.format("row_recent", count=count)


def exact_numbers(entries: Sequence[Entry]) -> tuple[tuple[str, str], ...]:
    """The averages of :func:`key_numbers` as exact numbers (one decimal), for the provider: the average
    of the last 7 entries (or of all) and the latest PEG score with its three answers (P, E and G, which
    the summary's scale note explains). Empty for an empty diary."""
    ordered = sort_entries(entries)
    if not ordered:
        return ()
    text = summary_texts()
    recent = ordered[-RECENT_ENTRIES:]
    rows = [(_recent_label(len(recent)), fmt_score(sum(e.pain for e in recent) / len(recent)))]
    pegs = peg_entries(ordered)
    latest = pegs[-1] if pegs else None
    if latest is not None and latest.peg is not None:
        value = text.format(
            "peg_value",
            peg=fmt_score(latest.peg),
            p=latest.peg_pain,
            e=latest.peg_enjoyment,
            g=latest.peg_activity,
            day=fmt_day_short(latest.day),
        )
        rows.append((text["row_peg"], value))
    return tuple(rows)


def step_flags(flags: Iterable[Flag]) -> list[Flag]:
    """The changes between entries in a row, latest first (the overall change is left out)."""
    return [f for f in flags if f.kind == "since_last"][::-1]


def header_lines(entries: Sequence[Entry], today: date, name: str = "") -> tuple[str, ...]:
    """The lines under the summary's title: the name (when given), the day it was made, the diary's span."""
    text = summary_texts()
    ordered = sort_entries(entries)
    lines = []
    if name:
        lines.append(text.format("summary_name", name=name))
    lines.append(text.format("summary_prepared", day=fmt_day(today)))
    if len(ordered) == 1:
        lines.append(text.format("summary_range_one", day=fmt_day(ordered[0].day)))
    elif ordered:
        start, end = fmt_day(ordered[0].day), fmt_day(ordered[-1].day)
        lines.append(text.format("summary_range", count=len(ordered), start=start, end=end))
    return tuple(lines)


def summary_title(today: date, name: str = "") -> str:
    """The document's title (browser tab, file list): title, day and name when given."""
    return ", ".join([summary_texts()["summary_title"], fmt_day(today), *([name] if name else [])])


def summary_filename(today: date) -> str:
    """The summary's download file name, e.g. ``pain-summary-2025-03-31.html``."""
    return f"pain-summary-{today.isoformat()}.html"


def summary_data_uri(document: str) -> str:
    """A ``data:text/html;base64,...`` address for a download link (nothing is written on the server)."""
    return data_uri(document.encode("utf-8"), HTML_MIME)
