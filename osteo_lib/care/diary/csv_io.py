"""The diary as a CSV file: export (:func:`to_csv`, :func:`csv_bytes`, a ``data:`` download address) and
import (:func:`parse_csv`, which checks every cell and reports each problem with its row, in plain words).

Everything happens in memory: nothing here reads or writes a file. Limits (:data:`MAX_BYTES`,
:data:`MAX_ROWS`, :data:`MAX_PROBLEMS`) keep a hostile or mistaken file from costing much. The words
of the problems come from ``data/ui/diary.yaml``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Final

from osteo_lib.care.diary.entries import (
    COLUMNS,
    MAX_TEXT,
    NUMBER_COLUMNS,
    SCALE_MAX,
    SCALE_MIN,
    TEXT_COLUMNS,
    Entry,
    diary_texts,
    has_control_chars,
    normalise_helped,
    sort_entries,
)
from osteo_lib.care.download import data_uri

__all__ = [
    "CSV_MIME",
    "FORMULA_START",
    "MAX_BYTES",
    "MAX_CELL",
    "MAX_PROBLEMS",
    "MAX_ROWS",
    "ImportResult",
    "Problem",
    "csv_bytes",
    "csv_data_uri",
    "csv_filename",
    "neutralise_cell",
    "parse_csv",
    "size_problem",
    "to_csv",
]

MAX_ROWS: Final = 3660  # entries in one diary (about 10 years of daily entries)
MAX_BYTES: Final = 1_000_000  # size of an imported file, checked before parsing
MAX_PROBLEMS: Final = 30  # problems listed for one rejected file
MAX_CELL: Final = 40  # characters in a date, number or "helped" cell
FORMULA_START: Final = ("=", "+", "-", "@")
CSV_MIME: Final = "text/csv"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WHOLE = re.compile(r"[+-]?\d+")


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
        writer.writerow(
            [
                e.day.isoformat(),
                e.pain,
                e.peg_pain,
                e.peg_enjoyment,
                e.peg_activity,
                neutralise_cell(e.tried),
                e.helped,
                neutralise_cell(e.note),
            ]
        )
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
        return diary_texts().format("row", row=self.row, text=self.text) if self.row is not None else self.text


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
        return diary_texts().format("control", column=column)
    stripped = raw.strip()
    if stripped.startswith(FORMULA_START) and not (
        column in (*NUMBER_COLUMNS, "helped") and _WHOLE.fullmatch(stripped)
    ):
        return diary_texts().format("formula", column=column, char=stripped[0])
    if column in TEXT_COLUMNS:
        text = _unneutralise(stripped)
        if len(text) > MAX_TEXT:
            return diary_texts().format("too_long", column=column, length=len(text), limit=MAX_TEXT)
    elif len(stripped) > MAX_CELL:
        return diary_texts().format("too_long", column=column, length=len(stripped), limit=MAX_CELL)
    return None


def _unneutralise(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def _parse_number(column: str, raw: str) -> tuple[int | None, str | None]:
    value = raw.strip()
    if not value:
        return None, diary_texts().format("missing_number", column=column)
    if _WHOLE.fullmatch(value) and SCALE_MIN <= int(value) <= SCALE_MAX:
        return int(value), None
    return None, diary_texts().format("bad_number", column=column, value=value)


def _parse_day(raw: str, today: date) -> tuple[date | None, str | None]:
    value = raw.strip()
    if not value:
        return None, diary_texts()["missing_date"]
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        day = date.fromisoformat(value)
    except ValueError:
        return None, diary_texts().format("bad_date", value=value)
    if day > today:
        return None, diary_texts().format("future_date", value=value)
    return day, None


def size_problem(size: int) -> Problem | None:
    """The "file too big" problem for a file of ``size`` bytes, or ``None`` when it is small enough."""
    if size > MAX_BYTES:
        return Problem(None, diary_texts().format("file_too_big", size=-(-size // 1000), limit=MAX_BYTES // 1000))
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
    text = diary_texts()
    too_big = size_problem(len(data))
    if too_big:
        return _fail(too_big)
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _fail(Problem(data[: exc.start].count(b"\n") + 1, text["not_utf8"]))
    rows = _rows(decoded)
    if isinstance(rows, Problem):
        return _fail(rows)
    if not rows:
        return _fail(Problem(None, text["file_empty"]))
    header_row, header_cells = rows[0]
    header = [c.strip().lower() for c in header_cells]
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    problems = [Problem(header_row, p) for p in _header_problems(header)]
    if problems:
        return _fail(*problems)
    body = rows[1:]
    if not body:
        return _fail(Problem(None, text["no_rows"]))
    if len(body) > MAX_ROWS:
        return _fail(Problem(None, text.format("too_many_rows", count=len(body), limit=MAX_ROWS)))

    entries: list[Entry] = []
    seen: dict[date, int] = {}
    for row, cells in body:
        if len(cells) != len(COLUMNS):
            problems.append(Problem(row, text.format("wrong_cell_count", found=len(cells), expected=len(COLUMNS))))
            continue
        entry, row_problems = _parse_row(dict(zip(header, cells, strict=True)), row, seen, today)
        problems.extend(Problem(row, p) for p in row_problems)
        if entry is not None:
            entries.append(entry)
    if problems:
        if len(problems) > MAX_PROBLEMS:
            more = len(problems) - MAX_PROBLEMS
            problems = [*problems[:MAX_PROBLEMS], Problem(None, text.format("more_problems", count=more))]
        return _fail(*problems)
    return ImportResult(sort_entries(entries), ())


def _rows(text: str) -> list[tuple[int, list[str]]] | Problem:
    """The non-blank rows of CSV ``text`` with their numbers (first row = 1), or the "not CSV" problem."""
    if not text.strip():
        return Problem(None, diary_texts()["file_empty"])
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    number = 0
    try:
        for cells in reader:
            number += 1
            if any(c.strip() for c in cells):
                rows.append((number, cells))
    except csv.Error:
        return Problem(number + 1, diary_texts()["bad_csv"])
    return rows


def _header_problems(header: list[str]) -> list[str]:
    """Missing, extra and repeated columns in the header row."""
    text = diary_texts()
    problems: list[str] = []
    repeated = sorted({h for h in header if header.count(h) > 1})
    missing = [c for c in COLUMNS if c not in header]
    extra = [h if h else '""' for h in dict.fromkeys(header) if h not in COLUMNS]
    expected = _names(COLUMNS)
    if missing:
        problems.append(text.format("missing_columns", names=_names(missing), expected=expected))
    if extra:
        problems.append(text.format("extra_columns", names=_names(extra), expected=expected))
    if repeated:
        problems.append(text.format("repeated_columns", names=_names(repeated)))
    return problems


def _parse_row(cell: dict[str, str], row: int, seen: dict[date, int], today: date) -> tuple[Entry | None, list[str]]:
    """The entry of one body row (``cell``: column -> raw text), or ``None`` and the row's problems.

    ``seen`` maps each date already read to its row; this row's date is added when it is new."""
    problems: list[str] = []
    bad_columns: set[str] = set()
    for column in COLUMNS:
        problem = _cell_problem(column, cell[column])
        if problem:
            problems.append(problem)
            bad_columns.add(column)
    day: date | None = None
    if "date" not in bad_columns:
        day, problem = _parse_day(cell["date"], today)
        if problem:
            problems.append(problem)
        elif day is not None and day in seen:
            problems.append(diary_texts().format("duplicate_date", value=day.isoformat(), other=seen[day]))
        elif day is not None:
            seen[day] = row
    scores: list[int] = []
    for column in NUMBER_COLUMNS:
        if column in bad_columns:
            continue
        value, problem = _parse_number(column, cell[column])
        if problem:
            problems.append(problem)
        elif value is not None:
            scores.append(value)
    helped = None if "helped" in bad_columns else normalise_helped(cell["helped"])
    if helped is None and "helped" not in bad_columns:
        problems.append(diary_texts().format("bad_helped", value=cell["helped"].strip()))
    if problems or day is None or helped is None or len(scores) != len(NUMBER_COLUMNS):
        return None, problems
    tried, note = _unneutralise(cell["tried"].strip()), _unneutralise(cell["note"].strip())
    pain, peg_pain, peg_enjoyment, peg_activity = scores
    return Entry(day, pain, peg_pain, peg_enjoyment, peg_activity, tried, helped, note), problems
