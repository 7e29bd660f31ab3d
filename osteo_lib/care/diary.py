"""Pain diary logic: entries, validation, CSV import and export, trend, change flags and the SVG chart.

Pure functions and frozen dataclasses only (no ipywidgets, no file access): the widgets in
``osteo_lib.views.widgets.diary`` and ``osteo_lib.views.widgets.summary`` call them. Nothing here writes to disk;
CSV text is built and parsed in memory.

Scales (see docs/widgets/diary.md):

* *Pain today* is the 0-10 Numeric Rating Scale (0 = no pain, 10 = pain as bad as you can imagine).
* The PEG scale (Krebs 2009, reference ``krebs2009``) has three 0-10 items: P = average pain in the
  past week, E = how pain interfered with enjoyment of life, G = how pain interfered with general
  activity. The PEG score is the mean of the three.
* A change of 2 points or more in *pain today* is flagged: about 2 points or 30% is a clinically
  meaningful change on the 0-10 scale (Farrar 2001, reference ``farrar2001``).

Example::

    from datetime import date
    from osteo_lib.care.diary import make_entry, change_flags, to_csv, parse_csv

    e1 = make_entry(date(2025, 3, 1), 4, 5, 4, 4, today=date(2025, 3, 2))
    e2 = make_entry(date(2025, 3, 2), 7, 6, 6, 5, tried="Heat packs", helped="some", today=date(2025, 3, 2))
    [f.message for f in change_flags([e1, e2])]   # ['Your pain went up by 3 points since 1 March 2025 ...']
    parse_csv(to_csv([e1, e2]).encode(), today=date(2025, 3, 2)).entries == (e1, e2)   # True
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from osteo_lib.views.html import data_uri, esc

# --- limits and constants ---------------------------------------------------------------------------
MAX_TEXT: Final = 200            # characters in "what I tried" and "note"
MAX_ROWS: Final = 3660           # entries in one diary (about 10 years of daily entries)
MAX_BYTES: Final = 1_000_000     # size of an imported file, checked before parsing
MAX_PROBLEMS: Final = 30         # problems listed for one rejected file
CHANGE_POINTS: Final = 2         # a change this big in pain today is flagged (Farrar 2001)
SCALE_MIN: Final = 0
SCALE_MAX: Final = 10
HELP_WORDS: Final = ("none", "a little", "some", "a lot")
COLUMNS: Final = ("date", "pain", "peg_pain", "peg_enjoyment", "peg_activity", "tried", "helped", "note")
NUMBER_COLUMNS: Final = ("pain", "peg_pain", "peg_enjoyment", "peg_activity")
TEXT_COLUMNS: Final = ("tried", "note")
FORMULA_START: Final = ("=", "+", "-", "@")
REFERENCE_IDS: Final = ("krebs2009", "farrar2001")
CSV_MIME: Final = "text/csv"
_MONTHS: Final = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WHOLE = re.compile(r"[+-]?\d+")

# Every patient-facing string of the diary family (diary, summary and their widgets). Placeholders in
# braces are filled with str.format. Each string is checked for reading level (grade 8 or lower).
TEXT: Final[dict[str, str]] = {
    # --- diary widget: form ---
    "diary_title": "My pain diary",
    "diary_intro": "Write down your pain once a day. It helps you and your care team see how your pain changes.",
    "privacy": "Your diary stays only in this session. It is not saved on this computer. "
               "Download it before you close the page.",
    "date_label": "Date",
    "pain_question": "What number best describes your pain today?",
    "pain_label": "Pain today",
    "pain_anchor": "0 means no pain. 10 means pain as bad as you can imagine.",
    "peg_intro": "The next three questions are the PEG scale. They are about the past week.",
    "peg_p_question": "What number best describes your pain on average in the past week?",
    "peg_p_label": "Average pain, past week",
    "peg_e_question": "What number best describes how pain has interfered with your enjoyment of life? "
                      "Think about the past week.",
    "peg_e_label": "Enjoyment of life",
    "peg_g_question": "What number best describes how pain has interfered with your general activity? "
                      "Think about the past week.",
    "peg_g_label": "Daily tasks, past week",
    "interfere_anchor": "0 means it does not interfere. 10 means it completely interferes.",
    "choose_number": "Choose a number",
    "anchor_no_pain": "no pain",
    "anchor_worst": "pain as bad as you can imagine",
    "anchor_no_interfere": "does not get in the way",
    "anchor_full_interfere": "completely gets in the way",
    "tried_label": "What I tried",
    "tried_none": "None chosen",
    "tried_other": "Something else (write it below)",
    "other_label": "Something else",
    "other_placeholder": "For example: a warm bath",
    "helped_label": "How much it helped",
    "helped_none": "Not recorded",
    "helped_number": "{value} out of 10",
    "note_label": "Note",
    "note_placeholder": "Anything else you want to add",
    "save": "Save entry",
    "replace": "Yes, replace it",
    "keep": "No, keep the old one",
    "remove": "Remove the entry for this date",
    # --- diary widget: messages ---
    "fix_entry": "Your entry was not saved. Please fix this:",
    "need_date": "Please choose a date.",
    "need_number": "Please choose a number for \u201c{label}\u201d.",
    "future_entry": "The date {day} is in the future. Please choose today or an earlier day.",
    "need_other": "Please write what else you tried, or pick it from the list.",
    "other_without_choice": "You wrote in the \u201csomething else\u201d box. Pick \u201cSomething else\u201d in the list, "
                            "or clear the box.",
    "text_too_long": "\u201c{label}\u201d is too long ({length} characters). The most is {limit}.",
    "text_control": "\u201c{label}\u201d has hidden control characters, like tabs or line breaks. Please type it again.",
    "bad_helped_entry": "Please pick how much it helped from the list.",
    "saved": "Saved your entry for {day}.",
    "exists": "You already have an entry for {day}. Do you want to replace it with the new one?",
    "replaced": "Replaced your entry for {day}.",
    "kept_old": "Kept your old entry for {day}. Nothing changed.",
    "removed": "Removed your entry for {day}.",
    "nothing_to_remove": "There is no entry for {day} to remove.",
    # --- diary widget: trend, flags, table ---
    "trend_title": "How my pain has changed",
    "no_entries": "No entries yet. Save your first entry above.",
    "table_toggle": "Show all entries as a table",
    "table_caption": "All diary entries, oldest first",
    "col_date": "Date",
    "col_pain": "Pain today",
    "col_peg": "PEG score",
    "col_p": "P: average pain",
    "col_e": "E: enjoy life",
    "col_g": "G: daily tasks",
    "col_tried": "What I tried",
    "col_helped": "How much it helped",
    "col_note": "Note",
    "legend_pain": "Pain today",
    "legend_peg": "PEG score",
    "axis_label": "Score from 0 to 10",
    "point_pain": "{day}: pain today {value}",
    "point_peg": "{day}: PEG score {value}",
    "trend_none": "No entries yet.",
    "trend_one": "One entry, on {day}: pain today {pain}, PEG score {peg}.",
    "trend_many": "{count} entries from {start} to {end}. Pain today went from {first} to {last}. "
                  "Lowest {low}, highest {high}. PEG score went from {peg_first} to {peg_last}.",
    "flags_title": "Changes to tell your provider about",
    "flag_note": "A change of 2 points or more on the 0 to 10 scale can matter for your care.",
    "flag_up": "Your pain went up by {points} points since {start} (from {before} to {after} on {end}). "
               "If it stays higher for 2 days or keeps rising, call your provider today. If you have "
               "any sign on the Get help now list, do what the list says.",
    "flag_down": "Your pain went down by {points} points since {start} (from {before} to {after} on {end}). "
                 "Tell your provider.",
    "flag_up_first": "Your pain is {points} points higher than in your first entry on {start} "
                     "(from {before} to {after} on {end}). Call your provider today.",
    "flag_down_first": "Your pain is {points} points lower than in your first entry on {start} "
                       "(from {before} to {after} on {end}). Tell your provider.",
    "flags_more": "Earlier changes not listed here: {count}. You can see them in the table.",
    "sources_title": "Sources",
    # --- diary widget: save and load ---
    "files_title": "Save or load your diary",
    "download": "Download my diary (CSV file)",
    "download_empty": "Save an entry first. Then you can download your diary.",
    "upload_label": "Load a diary file",
    "upload_help": "Load a diary CSV file you saved before. The entries you made here stay.",
    # --- CSV import problems ---
    "row": "Row {row}: {text}",
    "import_rejected": "We did not load the file \u201c{name}\u201d. Your diary has not changed. "
                       "Please fix these problems:",
    "import_ok": "Loaded the file \u201c{name}\u201d. Entries in it: {count}.",
    "import_kept": "Dates that were already in your diary: {count}. For those, we kept the entries you made here.",
    "import_total": "Your diary would have {count} entries. The most is {limit}.",
    "file_too_big": "The file is too big ({size} KB). The most we can load is {limit} KB.",
    "file_empty": "The file is empty.",
    "not_utf8": "The file is not saved as UTF-8 text. Save it again as \u201cCSV UTF-8\u201d and try again.",
    "bad_csv": "This part of the file is not in CSV form. Check for a stray quote mark.",
    "missing_columns": "These columns are missing: {names}. The first row must be: {expected}.",
    "extra_columns": "These columns do not belong in a diary file: {names}. The first row must be: {expected}.",
    "repeated_columns": "These columns appear more than once: {names}.",
    "no_rows": "The file has column names but no entries.",
    "too_many_rows": "The file has {count} entries. The most is {limit}, about 10 years.",
    "wrong_cell_count": "This row has {found} cells. It should have {expected}.",
    "formula": "The {column} cell starts with \u201c{char}\u201d. Cells must not start with = + - or @, "
               "because a spreadsheet could run them as a formula.",
    "control": "The {column} cell has hidden control characters, like tabs or line breaks. Remove them.",
    "too_long": "The {column} cell is too long ({length} characters). The most is {limit}.",
    "missing_date": "The date cell is empty.",
    "bad_date": "\u201c{value}\u201d is not a real date. Write dates like 2025-03-14 (year, month, day).",
    "future_date": "The date {value} is in the future.",
    "duplicate_date": "The date {value} is also on row {other}. Keep one entry per day.",
    "missing_number": "The {column} cell is empty. Write a whole number from 0 to 10.",
    "bad_number": "The {column} cell must be a whole number from 0 to 10, not \u201c{value}\u201d.",
    "bad_helped": "The helped cell must be empty, a number from 0 to 10, or one of: none, a little, "
                  "some, a lot. It has \u201c{value}\u201d.",
    "more_problems": "More problems not listed: {count}. Fix the ones above first.",
    # --- provider summary document ---
    "summary_title": "Pain summary for my provider",
    "summary_disclaimer": "Prepared by the patient with the Osteoporosis Pain Workbook. Not a medical record.",
    "summary_name": "Name: {name}",
    "summary_prepared": "Prepared on {day}",
    "summary_range": "Diary: {count} entries from {start} to {end}",
    "summary_range_one": "Diary: 1 entry, on {day}",
    "summary_numbers": "Pain numbers",
    "summary_no_entries": "No diary entries yet.",
    "row_first": "Pain today, first entry",
    "row_last": "Pain today, latest entry",
    "row_low": "Lowest pain today",
    "row_high": "Highest pain today",
    "row_change": "Change, first to latest",
    "row_recent": "Mean pain today, last 7 entries",
    "row_peg": "Latest PEG score",
    "value_on": "{value} on {day}",
    "peg_value": "{peg} (P {p}, E {e}, G {g}) on {day}",
    "change_points": "{change} points",
    "about_sources": "About the numbers, and sources",
    "scale_note": "Pain today uses the 0 to 10 Numeric Rating Scale. The PEG score is the mean of three "
                  "0 to 10 items. P is average pain in the past week. E is how pain interfered with "
                  "enjoyment of life. G is how pain interfered with general activity.",
    "changes_title": "Changes of 2 points or more",
    "changes_none": "No changes of 2 points or more.",
    "changes_caption": "Between entries in a row, latest first (all: {count})",
    "changes_more": "Earlier changes not listed: {count}.",
    "col_from": "From",
    "col_to": "To",
    "col_change": "Change",
    "from_to": "{before} to {after}",
    "threshold_note": "A change of about 2 points or 30% on the 0 to 10 scale is thought to matter to "
                      "patients.",
    "trend_section": "Trend",
    "entries_caption": "Diary entries, day by day",
    "weeks_caption": "Pain by week, last {weeks} weeks",
    "col_week": "Week of",
    "col_entries": "Days",
    "col_avg": "Mean pain",
    "col_range": "Range",
    "col_avg_peg": "Mean PEG",
    "weeks_more": "Earlier weeks, shown in the chart only: {count}.",
    "tried_title": "What I tried",
    "col_times": "Times",
    "tried_nothing": "None written down.",
    "tried_more": "Other things tried, not listed: {count}.",
    "marked_title": "Options I want to ask about",
    "marked_none": "None marked.",
    "caution_avoid": "Avoid",
    "caution_modify": "Change how it is used",
    "caution_caution": "Take care",
    "questions_title": "My questions",
    "questions_none": "No questions written.",
    # --- provider summary widget ---
    "summary_widget_title": "Make a summary for your provider",
    "summary_intro": "This makes a one-page summary of your diary, the options you marked and your questions. "
                     "Download it, then print it or show it at your visit.",
    "name_label": "Your name (optional)",
    "questions_label": "My questions",
    "questions_placeholder": "Write one question on each line.",
    "build": "Make the summary",
    "built": "Your summary is ready. Download it below.",
    "not_built": "Press \u201cMake the summary\u201d when you are ready.",
    "stale": "Something changed. Press \u201cMake the summary\u201d again to update it.",
    "download_summary": "Download the summary (HTML file)",
    "print_hint": "Open the file in your web browser and print it.",
    "preview_title": "Preview of your summary",
    "marked_intro": "Options you marked:",
    "marked_empty": "You have not marked any options yet. You can mark them in the treatment explorer.",
    "marked_unknown": "Marked options left out because they are not in this workbook: {count}.",
    "questions_cut": "Only the first {limit} questions fit on the page.",
    "name_cut": "Your name was cut to {limit} characters.",
}


# --- small helpers ----------------------------------------------------------------------------------
def fmt_day(day: date) -> str:
    """A date for people: ``3 May 2025`` (the same in every locale, no day/month mix-up)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def fmt_short(day: date) -> str:
    """A short date for chart labels: ``3 May``."""
    return f"{day.day} {_MONTHS[day.month - 1][:3]}"


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
    """One day of the diary. Scores are whole numbers 0-10; ``helped`` is ``""``, ``"0"``..``"10"`` or a
    :data:`HELP_WORDS` word; ``tried`` and ``note`` are stripped single-line text of at most
    :data:`MAX_TEXT` characters. Invalid values raise ValueError (use :func:`make_entry` for friendly messages)."""

    day: date
    pain: int
    peg_pain: int
    peg_enjoyment: int
    peg_activity: int
    tried: str = ""
    helped: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.day, date):
            raise TypeError(f"Entry.day must be a date, not {type(self.day).__name__}")
        for name in NUMBER_COLUMNS:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not SCALE_MIN <= value <= SCALE_MAX:
                raise ValueError(f"Entry.{name} must be a whole number from 0 to 10, not {value!r}")
        for name in TEXT_COLUMNS:
            value = getattr(self, name)
            if (not isinstance(value, str) or len(value) > MAX_TEXT or has_control_chars(value)
                    or value != value.strip()):
                raise ValueError(f"Entry.{name} must be single-line text of at most {MAX_TEXT} characters, "
                                 "without spaces at the start or end")
        if normalise_helped(self.helped) != self.helped:
            raise ValueError(f"Entry.helped must be '', '0'..'10' or one of {HELP_WORDS}, not {self.helped!r}")

    @property
    def peg(self) -> float:
        """The PEG score: the mean of P, E and G (0-10)."""
        return (self.peg_pain + self.peg_enjoyment + self.peg_activity) / 3


class InvalidEntry(ValueError):
    """Raised by :func:`make_entry`; ``problems`` holds one plain-language message per problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems: tuple[str, ...] = tuple(problems)


def normalise_helped(value: str) -> str | None:
    """The stored form of a "how much it helped" answer, or ``None`` when it is not a valid answer."""
    text = " ".join(value.split()).lower()
    if text in ("",) + HELP_WORDS:
        return text
    if re.fullmatch(r"\d{1,2}", text) and SCALE_MIN <= int(text) <= SCALE_MAX:
        return str(int(text))
    return None


def _text_problem(value: str, label: str) -> str | None:
    if has_control_chars(value):
        return TEXT["text_control"].format(label=label)
    if len(value) > MAX_TEXT:
        return TEXT["text_too_long"].format(label=label, length=len(value), limit=MAX_TEXT)
    return None


def make_entry(
    day: date | None,
    pain: int | None,
    peg_pain: int | None,
    peg_enjoyment: int | None,
    peg_activity: int | None,
    *,
    tried: str = "",
    helped: str = "",
    note: str = "",
    today: date,
) -> Entry:
    """Check the answers from the entry form and return an :class:`Entry`.

    ``None`` means "not answered". Text is stripped. Raises :class:`InvalidEntry` listing every problem
    in plain language (missing date or number, future date, text too long or with control characters).
    """
    problems: list[str] = []
    if day is None:
        problems.append(TEXT["need_date"])
    elif day > today:
        problems.append(TEXT["future_entry"].format(day=fmt_day(day)))
    scores = {"pain_label": pain, "peg_p_label": peg_pain, "peg_e_label": peg_enjoyment, "peg_g_label": peg_activity}
    for key, value in scores.items():
        if value is None or isinstance(value, bool) or not isinstance(value, int) or not SCALE_MIN <= value <= SCALE_MAX:
            problems.append(TEXT["need_number"].format(label=TEXT[key]))
    tried, note = tried.strip(), note.strip()
    for value, key in ((tried, "tried_label"), (note, "note_label")):
        problem = _text_problem(value, TEXT[key])
        if problem:
            problems.append(problem)
    helped_value = normalise_helped(helped)
    if helped_value is None:
        problems.append(TEXT["bad_helped_entry"])
    if problems:
        raise InvalidEntry(problems)
    assert day is not None and pain is not None and peg_pain is not None
    assert peg_enjoyment is not None and peg_activity is not None and helped_value is not None
    return Entry(day, pain, peg_pain, peg_enjoyment, peg_activity, tried, helped_value, note)


def sort_entries(entries: Iterable[Entry]) -> tuple[Entry, ...]:
    """Entries oldest first. Raises ValueError if two share a date."""
    result = tuple(sorted(entries, key=lambda e: e.day))
    for a, b in zip(result, result[1:]):
        if a.day == b.day:
            raise ValueError(f"two diary entries for {a.day.isoformat()}")
    return result


def find_entry(entries: Iterable[Entry], day: date) -> Entry | None:
    return next((e for e in entries if e.day == day), None)


def upsert_entry(entries: Iterable[Entry], entry: Entry) -> tuple[Entry, ...]:
    """The diary with ``entry`` added, replacing any entry for the same date."""
    return sort_entries([*(e for e in entries if e.day != entry.day), entry])


def remove_entry(entries: Iterable[Entry], day: date) -> tuple[Entry, ...]:
    return tuple(e for e in entries if e.day != day)


def merge_entries(existing: Iterable[Entry], incoming: Iterable[Entry]) -> tuple[tuple[Entry, ...], tuple[date, ...]]:
    """Add imported entries to the diary. Where both have a date, the existing entry is kept.

    Returns the merged diary (oldest first) and the dates where the existing entry was kept.
    """
    current = {e.day: e for e in existing}
    kept = tuple(sorted(e.day for e in incoming if e.day in current))
    merged = {**{e.day: e for e in incoming}, **current}
    return sort_entries(merged.values()), kept


# --- CSV export -------------------------------------------------------------------------------------
def neutralise_cell(text: str) -> str:
    """Make text safe for spreadsheets: text starting with = + - @ (or a quote) gets a leading ``'``.

    :func:`parse_csv` removes one leading ``'`` again, so export followed by import gives the same text.
    """
    return "'" + text if text.startswith((*FORMULA_START, "'")) else text


def to_csv(entries: Iterable[Entry]) -> str:
    """The diary as CSV text (header row, then one row per entry, oldest first, CRLF line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for e in sort_entries(entries):
        writer.writerow([e.day.isoformat(), e.pain, e.peg_pain, e.peg_enjoyment, e.peg_activity,
                         neutralise_cell(e.tried), e.helped, neutralise_cell(e.note)])
    return out.getvalue()


def csv_bytes(entries: Iterable[Entry]) -> bytes:
    """:func:`to_csv` encoded as UTF-8 with a byte order mark (so spreadsheet programs read accents right)."""
    return ("\ufeff" + to_csv(entries)).encode("utf-8")


def csv_filename(today: date) -> str:
    return f"pain-diary-{today.isoformat()}.csv"


def csv_data_uri(entries: Iterable[Entry]) -> str:
    return data_uri(csv_bytes(entries), CSV_MIME)


# --- CSV import -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in an imported file. ``row`` counts like a spreadsheet (header = row 1); ``None`` = whole file."""

    row: int | None
    text: str

    def __str__(self) -> str:
        return TEXT["row"].format(row=self.row, text=self.text) if self.row is not None else self.text


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What :func:`parse_csv` found: the entries (oldest first) when ``ok``, otherwise only problems."""

    entries: tuple[Entry, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    def messages(self) -> tuple[str, ...]:
        return tuple(str(p) for p in self.problems)


def _fail(*problems: Problem) -> ImportResult:
    return ImportResult((), tuple(problems))


def _names(items: Iterable[str]) -> str:
    return ", ".join(items)


def _cell_problem(column: str, raw: str) -> str | None:
    """Problems any cell can have: control characters, formula-like start, too much text."""
    if has_control_chars(raw):
        return TEXT["control"].format(column=column)
    stripped = raw.strip()
    if stripped.startswith(FORMULA_START) and not (column in NUMBER_COLUMNS + ("helped",) and _WHOLE.fullmatch(stripped)):
        return TEXT["formula"].format(column=column, char=stripped[0])
    if column in TEXT_COLUMNS:
        text = _unneutralise(stripped)
        if len(text) > MAX_TEXT:
            return TEXT["too_long"].format(column=column, length=len(text), limit=MAX_TEXT)
    elif len(stripped) > 40:
        return TEXT["too_long"].format(column=column, length=len(stripped), limit=40)
    return None


def _unneutralise(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def _parse_number(column: str, raw: str) -> tuple[int | None, str | None]:
    value = raw.strip()
    if not value:
        return None, TEXT["missing_number"].format(column=column)
    if _WHOLE.fullmatch(value) and SCALE_MIN <= int(value) <= SCALE_MAX:
        return int(value), None
    return None, TEXT["bad_number"].format(column=column, value=value)


def _parse_day(raw: str, today: date) -> tuple[date | None, str | None]:
    value = raw.strip()
    if not value:
        return None, TEXT["missing_date"]
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        day = date.fromisoformat(value)
    except ValueError:
        return None, TEXT["bad_date"].format(value=value)
    if day > today:
        return None, TEXT["future_date"].format(value=value)
    return day, None


def size_problem(size: int) -> Problem | None:
    """The "file too big" problem for a file of ``size`` bytes, or ``None`` when it is small enough."""
    if size > MAX_BYTES:
        return Problem(None, TEXT["file_too_big"].format(size=-(-size // 1000), limit=MAX_BYTES // 1000))
    return None


def parse_csv(data: bytes, *, today: date) -> ImportResult:
    """Read a diary CSV file from its bytes, in memory, and check every cell.

    Returns either all entries (``result.ok``) or only problems, each naming the row (header = row 1):
    file too big (checked before decoding), empty, not UTF-8, not CSV, wrong/missing/extra/repeated
    columns, too many rows, wrong number of cells, control characters, cells starting with = + - @,
    text too long, missing/bad/future/duplicate dates, scores that are not whole numbers 0-10, and
    bad "helped" answers. Columns may come in any order. Blank rows are skipped. A single leading
    ``'`` in text cells (added by :func:`to_csv` to neutralise formulas) is removed.
    """
    too_big = size_problem(len(data))
    if too_big:
        return _fail(too_big)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        return _fail(Problem(row, TEXT["not_utf8"]))
    if not text.strip():
        return _fail(Problem(None, TEXT["file_empty"]))

    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    number = 0
    try:
        for cells in reader:
            number += 1
            if any(c.strip() for c in cells):
                rows.append((number, cells))
    except csv.Error:
        return _fail(Problem(number + 1, TEXT["bad_csv"]))
    if not rows:
        return _fail(Problem(None, TEXT["file_empty"]))

    header_row, header_cells = rows[0]
    header = [c.strip().lower() for c in header_cells]
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    problems: list[Problem] = []
    repeated = sorted({h for h in header if header.count(h) > 1})
    missing = [c for c in COLUMNS if c not in header]
    extra = [h for h in dict.fromkeys(header) if h not in COLUMNS]
    expected = _names(COLUMNS)
    if missing:
        problems.append(Problem(header_row, TEXT["missing_columns"].format(names=_names(missing), expected=expected)))
    if extra:
        shown = [h if h else '""' for h in extra]
        problems.append(Problem(header_row, TEXT["extra_columns"].format(names=_names(shown), expected=expected)))
    if repeated:
        problems.append(Problem(header_row, TEXT["repeated_columns"].format(names=_names(repeated))))
    if problems:
        return _fail(*problems)

    body = rows[1:]
    if not body:
        return _fail(Problem(None, TEXT["no_rows"]))
    if len(body) > MAX_ROWS:
        return _fail(Problem(None, TEXT["too_many_rows"].format(count=len(body), limit=MAX_ROWS)))

    entries: list[Entry] = []
    seen: dict[date, int] = {}
    for row, cells in body:
        row_problems: list[str] = []
        if len(cells) != len(COLUMNS):
            problems.append(Problem(row, TEXT["wrong_cell_count"].format(found=len(cells), expected=len(COLUMNS))))
            continue
        cell = dict(zip(header, cells))
        bad_columns: set[str] = set()
        for column in COLUMNS:
            problem = _cell_problem(column, cell[column])
            if problem:
                row_problems.append(problem)
                bad_columns.add(column)
        day: date | None = None
        if "date" not in bad_columns:
            day, problem = _parse_day(cell["date"], today)
            if problem:
                row_problems.append(problem)
            elif day is not None and day in seen:
                row_problems.append(TEXT["duplicate_date"].format(value=day.isoformat(), other=seen[day]))
            elif day is not None:
                seen[day] = row
        scores: list[int] = []
        for column in NUMBER_COLUMNS:
            if column in bad_columns:
                continue
            value, problem = _parse_number(column, cell[column])
            if problem:
                row_problems.append(problem)
            elif value is not None:
                scores.append(value)
        helped = None if "helped" in bad_columns else normalise_helped(cell["helped"])
        if helped is None and "helped" not in bad_columns:
            row_problems.append(TEXT["bad_helped"].format(value=cell["helped"].strip()))
        if row_problems or day is None or helped is None or len(scores) != len(NUMBER_COLUMNS):
            problems.extend(Problem(row, p) for p in row_problems)
            continue
        entries.append(Entry(day, *scores, tried=_unneutralise(cell["tried"].strip()), helped=helped,
                             note=_unneutralise(cell["note"].strip())))
    if problems:
        if len(problems) > MAX_PROBLEMS:
            more = len(problems) - MAX_PROBLEMS
            problems = [*problems[:MAX_PROBLEMS], Problem(None, TEXT["more_problems"].format(count=more))]
        return _fail(*problems)
    return ImportResult(sort_entries(entries), ())


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
        count=len(ordered), first=ordered[0], last=ordered[-1],
        lowest=min(ordered, key=lambda e: e.pain), highest=max(ordered, key=lambda e: e.pain),
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
        return TEXT[key].format(points=abs(self.change), start=fmt_day(self.start), end=fmt_day(self.end),
                                before=self.before, after=self.after)


def change_flags(entries: Iterable[Entry], threshold: int = CHANGE_POINTS) -> tuple[Flag, ...]:
    """Flags for every change of ``threshold`` points or more in *pain today* between consecutive
    entries (oldest first), then one for the latest entry against the first when there are three or
    more entries (with two, that change is already the consecutive one)."""
    ordered = sort_entries(entries)
    flags = [
        Flag("since_last", a.day, b.day, a.pain, b.pain)
        for a, b in zip(ordered, ordered[1:]) if abs(b.pain - a.pain) >= threshold
    ]
    if len(ordered) >= 3 and abs(ordered[-1].pain - ordered[0].pain) >= threshold:
        flags.append(Flag("since_first", ordered[0].day, ordered[-1].day, ordered[0].pain, ordered[-1].pain))
    return tuple(flags)


def trend_sentence(entries: Iterable[Entry]) -> str:
    """One or two sentences with the same facts as the chart (its text alternative)."""
    t = trend(entries)
    if t is None:
        return TEXT["trend_none"]
    if t.count == 1:
        return TEXT["trend_one"].format(day=fmt_day(t.first.day), pain=t.first.pain, peg=fmt_score(t.first.peg))
    return TEXT["trend_many"].format(
        count=t.count, start=fmt_day(t.first.day), end=fmt_day(t.last.day), first=t.first.pain, last=t.last.pain,
        low=t.lowest.pain, high=t.highest.pain, peg_first=fmt_score(t.first.peg), peg_last=fmt_score(t.last.peg),
    )


# --- SVG chart --------------------------------------------------------------------------------------
def trend_svg(entries: Iterable[Entry], *, width: int = 640, height: int = 300, markers_up_to: int = 90) -> str:
    """A line chart of *pain today* (solid line, round markers) and the PEG score (dashed line,
    square markers) over time, scale 0-10, as SVG text. ``role="img"`` with an ``aria-label`` from
    :func:`trend_sentence`. Styling comes from CSS classes ``ow-chart-*`` (diary.css, summary.css).
    Empty string for an empty diary. Markers (with hover titles) are drawn for up to ``markers_up_to``
    entries."""
    ordered = sort_entries(entries)
    if not ordered:
        return ""
    left, right, top, bottom = 48, 20, 16, 70
    plot_w, plot_h = width - left - right, height - top - bottom
    first_day, span = ordered[0].day, (ordered[-1].day - ordered[0].day).days

    def x(day: date) -> float:
        return left + (plot_w / 2 if span == 0 else (day - first_day).days / span * plot_w)

    def y(value: float) -> float:
        return top + plot_h * (1 - value / SCALE_MAX)

    label = trend_sentence(ordered)
    parts = [
        f'<svg class="ow-chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{esc(label)}" focusable="false">',
        f"<title>{esc(label)}</title>",
    ]
    for value in range(SCALE_MIN, SCALE_MAX + 1, 2):
        yy = y(value)
        parts.append(f'<line class="ow-chart-grid" x1="{left}" y1="{yy:.1f}" x2="{left + plot_w}" y2="{yy:.1f}"/>')
        parts.append(f'<text class="ow-chart-tick" x="{left - 8}" y="{yy + 5:.1f}" text-anchor="end">{value}</text>')
    parts.append(f'<line class="ow-chart-axis" x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}"/>')
    base = top + plot_h + 22
    if span == 0:
        parts.append(f'<text class="ow-chart-tick" x="{x(first_day):.1f}" y="{base}" text-anchor="middle">'
                     f"{esc(fmt_day(first_day))}</text>")
    else:
        parts.append(f'<text class="ow-chart-tick" x="{left}" y="{base}" text-anchor="start">{esc(fmt_day(first_day))}</text>')
        parts.append(f'<text class="ow-chart-tick" x="{left + plot_w}" y="{base}" text-anchor="end">'
                     f"{esc(fmt_day(ordered[-1].day))}</text>")
    for cls, values in (("ow-chart-peg", [e.peg for e in ordered]), ("ow-chart-pain", [float(e.pain) for e in ordered])):
        points = " ".join(f"{x(e.day):.1f},{y(v):.1f}" for e, v in zip(ordered, values))
        if len(ordered) > 1:
            parts.append(f'<polyline class="ow-chart-line {cls}" fill="none" points="{points}"/>')
    if len(ordered) <= markers_up_to:
        for e in ordered:
            px, py = x(e.day), y(e.peg)
            tip = TEXT["point_peg"].format(day=fmt_day(e.day), value=fmt_score(e.peg))
            parts.append(f'<rect class="ow-chart-marker ow-chart-peg" x="{px - 4:.1f}" y="{py - 4:.1f}" width="8" height="8">'
                         f"<title>{esc(tip)}</title></rect>")
            tip = TEXT["point_pain"].format(day=fmt_day(e.day), value=e.pain)
            parts.append(f'<circle class="ow-chart-marker ow-chart-pain" cx="{px:.1f}" cy="{y(e.pain):.1f}" r="5">'
                         f"<title>{esc(tip)}</title></circle>")
    legend_y = height - 14
    parts.append(f'<line class="ow-chart-line ow-chart-pain" x1="{left}" y1="{legend_y - 5}" x2="{left + 30}" y2="{legend_y - 5}"/>')
    parts.append(f'<circle class="ow-chart-marker ow-chart-pain" cx="{left + 15}" cy="{legend_y - 5}" r="5"/>')
    parts.append(f'<text class="ow-chart-legend" x="{left + 38}" y="{legend_y}">{esc(TEXT["legend_pain"])}</text>')
    lx = left + 200
    parts.append(f'<line class="ow-chart-line ow-chart-peg" x1="{lx}" y1="{legend_y - 5}" x2="{lx + 30}" y2="{legend_y - 5}"/>')
    parts.append(f'<rect class="ow-chart-marker ow-chart-peg" x="{lx + 11}" y="{legend_y - 9}" width="8" height="8"/>')
    parts.append(f'<text class="ow-chart-legend" x="{lx + 38}" y="{legend_y}">{esc(TEXT["legend_peg"])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def entries_table_html(entries: Iterable[Entry], *, caption: str | None = None, cls: str = "ow-diary-table") -> str:
    """An HTML table of entries (oldest first) with every value; the chart's full text alternative."""
    head = "".join(f'<th scope="col">{esc(TEXT[k])}</th>' for k in
                   ("col_date", "col_pain", "col_peg", "col_p", "col_e", "col_g", "col_tried", "col_helped", "col_note"))
    rows = "".join(
        f'<tr><th scope="row">{esc(fmt_day(e.day))}</th><td>{e.pain}</td><td>{fmt_score(e.peg)}</td>'
        f"<td>{e.peg_pain}</td><td>{e.peg_enjoyment}</td><td>{e.peg_activity}</td><td>{esc(e.tried)}</td>"
        f"<td>{esc(e.helped)}</td><td>{esc(e.note)}</td></tr>"
        for e in sort_entries(entries)
    )
    cap = f"<caption>{esc(caption if caption is not None else TEXT['table_caption'])}</caption>"
    return f'<table class="{esc(cls)}">{cap}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
