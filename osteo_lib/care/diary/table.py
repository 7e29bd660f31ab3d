"""Checking a diary table (rows of text cells, from a CSV file or a workbook) and turning it into entries.

:func:`check_table` reads the header (column names in any case, with spaces, dashes or underscores;
any order; only ``date`` and ``pain`` are needed, a missing PEG, "tried", "helped" or "note" column
reads as empty cells; columns that are not part of a diary are left out with a note), then every cell
of every row. A row with a problem is left out and named (``skipped``: its problems, each naming its row
as a spreadsheet counts it, header = row 1) while the good rows are read; a problem with the whole file
(header, dates written two ways, too many rows) or a file without one good row gives only problems.
Words from ``data/ui/diary.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Final

from osteo_lib.care.diary.csv_io import (
    FORMULA_START,
    MAX_CELL,
    MAX_PROBLEMS,
    MAX_ROWS,
    ImportResult,
    Problem,
)
from osteo_lib.care.diary.dates import DateOrder, find_date_order, read_day
from osteo_lib.care.diary.entries import (
    COLUMNS,
    MAX_TEXT,
    NUMBER_COLUMNS,
    PEG_COLUMNS,
    SCALE_MAX,
    SCALE_MIN,
    TEXT_COLUMNS,
    Entry,
    diary_texts,
    has_control_chars,
    normalise_helped,
)
from osteo_lib.care.diary.sniff import column_name

__all__ = ["REQUIRED_COLUMNS", "Rows", "check_table", "fail"]

#: The columns a diary file must have; the others may be left out (their cells read as empty).
REQUIRED_COLUMNS: Final = ("date", "pain")

#: Non-blank rows with their numbers (first row = 1): what a CSV file or a workbook gives.
Rows = Sequence[tuple[int, Sequence[str]]]
_WHOLE: Final = re.compile(r"[+-]?\d+")


def fail(*problems: Problem) -> ImportResult:
    """An import result with only these problems."""
    return ImportResult((), tuple(problems))


def _names(items: Iterable[str]) -> str:
    return ", ".join(items)


def _capped(problems: list[Problem]) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    more = len(problems) - MAX_PROBLEMS
    return [*problems[:MAX_PROBLEMS], Problem(None, diary_texts().format("more_problems", count=more))]


def check_table(rows: Rows, *, today: date, date_order: DateOrder | None = None) -> ImportResult:
    """Entries from ``rows`` (the first is the header), or the problems found; see the module's text."""
    text = diary_texts()
    if not rows:
        return fail(Problem(None, text["file_empty"]))
    header_row, header_cells = rows[0]
    header = [column_name(c) for c in header_cells]
    problems = [Problem(header_row, p) for p in _header_problems(header)]
    if problems:
        return fail(*problems)
    body = rows[1:]
    if not body:
        return fail(Problem(None, text["no_rows"]))
    if len(body) > MAX_ROWS:
        return fail(Problem(None, text.format("too_many_rows", count=len(body), limit=MAX_ROWS)))
    where = {name: header.index(name) for name in COLUMNS if name in header}
    width = len(header)
    tables: list[tuple[int, dict[str, str]]] = []
    for row, cells in body:
        cells = list(cells)
        while len(cells) > width and not cells[-1].strip():
            cells.pop()
        if len(cells) != width:
            problems.append(Problem(row, text.format("wrong_cell_count", found=len(cells), expected=width)))
        else:
            tables.append((row, {name: cells[where[name]] if name in where else "" for name in COLUMNS}))
    notes = _extra_notes(header, [c.strip() for c in header_cells], body)

    found = find_date_order((row, cell["date"]) for row, cell in tables)
    if found.clash is not None:
        (day_row, day_first), (month_row, month_first) = found.clash
        clash = text.format("date_clash", a=day_first, a_row=day_row, b=month_first, b_row=month_row)
        return fail(*_capped([*problems, Problem(None, clash)]))
    order = found.order or date_order
    if order is None and found.example:  # the dates read two ways: ask first, then read every row
        return ImportResult(notes=tuple(notes), ask_date_order=found.example)
    entries, row_problems = _read_rows(tables, today, order or "mdy")
    problems.extend(row_problems)
    if problems and not entries:
        return fail(*_capped(problems))
    if order is not None and (found.order or found.example):
        name = text["order_" + order]
        notes.append(
            text.format("order_found", order=name, clue=found.clue)
            if found.order
            else text.format("order_chosen", order=name)
        )
    entries.sort(key=lambda pair: pair[0].day)
    return ImportResult(
        entries=tuple(e for e, _ in entries),
        rows=tuple(r for _, r in entries),
        notes=tuple(notes),
        date_order=order if (found.order or found.example) else None,
        skipped=tuple(sorted(problems, key=lambda p: p.row or 0)),
    )


def _read_rows(
    tables: list[tuple[int, dict[str, str]]], today: date, order: DateOrder
) -> tuple[list[tuple[Entry, int]], list[Problem]]:
    """The entries (with their rows) and the problems of the body rows, dates read in ``order``."""
    entries: list[tuple[Entry, int]] = []
    problems: list[Problem] = []
    seen: dict[date, int] = {}
    for row, cell in tables:
        entry, found = _parse_row(cell, row, seen, today, order)
        problems.extend(Problem(row, p) for p in found)
        if entry is not None:
            entries.append((entry, row))
    return entries, problems


def _header_problems(header: list[str]) -> list[str]:
    """Missing needed columns (date and pain) and repeated diary columns in the header row."""
    text = diary_texts()
    problems: list[str] = []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    repeated = sorted({h for h in header if h in COLUMNS and header.count(h) > 1})
    if missing:
        optional = _names(c for c in COLUMNS if c not in REQUIRED_COLUMNS)
        problems.append(
            text.format("missing_needed", names=_names(missing), needed=_names(REQUIRED_COLUMNS), optional=optional)
        )
    if repeated:
        problems.append(text.format("repeated_columns", names=_names(repeated)))
    return problems


def _extra_notes(header: list[str], raw: list[str], body: Rows) -> list[str]:
    """The note naming the columns left out, as the file names them (a column without a name only when
    it holds something)."""
    text = diary_texts()
    named = zip(header, raw, strict=True)
    extra = list(dict.fromkeys(r.replace("\ufeff", "") for h, r in named if h and h not in COLUMNS))
    blank_names = [i for i, h in enumerate(header) if not h]
    if any(i < len(cells) and cells[i].strip() for i in blank_names for _, cells in body):
        extra.append(text["no_name"])
    return [text.format("extra_columns", names=_names(extra))] if extra else []


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


def _parse_day(raw: str, today: date, order: DateOrder) -> tuple[date | None, str | None]:
    value = raw.strip()
    if not value:
        return None, diary_texts()["missing_date"]
    day = read_day(value, order)
    if day is None:
        return None, diary_texts().format("bad_date", value=value)
    if day > today:
        return None, diary_texts().format("future_date", value=value)
    return day, None


def _parse_row(
    cell: dict[str, str], row: int, seen: dict[date, int], today: date, order: DateOrder
) -> tuple[Entry | None, list[str]]:
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
        day, problem = _parse_day(cell["date"], today, order)
        if problem:
            problems.append(problem)
        elif day is not None and day in seen:
            problems.append(diary_texts().format("duplicate_date", value=day.isoformat(), other=seen[day]))
        elif day is not None:
            seen[day] = row
    scores: dict[str, int | None] = {}
    for column in NUMBER_COLUMNS:
        if column in bad_columns:
            continue
        if column in PEG_COLUMNS and not cell[column].strip():
            scores[column] = None  # the PEG answers are optional (all three or none; checked below)
            continue
        value, problem = _parse_number(column, cell[column])
        if problem:
            problems.append(problem)
        elif value is not None:
            scores[column] = value
    empty = [c for c in PEG_COLUMNS if c in scores and scores[c] is None]
    if empty and len(empty) != len(PEG_COLUMNS):
        problems.append(diary_texts().format("missing_peg", names=_names(empty)))
    helped = None if "helped" in bad_columns else normalise_helped(cell["helped"])
    if helped is None and "helped" not in bad_columns:
        problems.append(diary_texts().format("bad_helped", value=cell["helped"].strip()))
    pain = scores.get("pain")
    if problems or day is None or helped is None or pain is None or len(scores) != len(NUMBER_COLUMNS):
        return None, problems
    tried, note = _unneutralise(cell["tried"].strip()), _unneutralise(cell["note"].strip())
    peg_pain, peg_enjoyment, peg_activity = (scores[c] for c in PEG_COLUMNS)
    return Entry(day, pain, peg_pain, peg_enjoyment, peg_activity, tried, helped, note), problems
