"""Importing a diary file the way spreadsheets really write it, and merging it into the diary.

:func:`parse_file` takes the raw bytes of a file (and its name) and returns an
:class:`~osteo_lib.care.diary.csv_io.ImportResult`: the entries of the good rows (and the row-numbered
problems of the rows skipped), or only problems (for the whole file, or when no row is good), or a
date that reads two ways (then ask the person and call again with ``date_order``). It reads CSV
text separated by commas, semicolons or tabs, in UTF-8 (with or without a byte order mark), UTF-16
with a byte order mark ("Unicode text") or Windows-1252; and ``.xlsx`` workbooks (first sheet). The
size is checked before anything else. Only the date and pain columns are needed. A row with a problem is
skipped (``result.skipped`` names it and why) and the good rows load. :func:`merge_import` adds the
entries to a diary without losing any entry already there, and says row by row what was added and what
was skipped, and why.

Example::

    from datetime import date
    from osteo_lib.care.diary import merge_import, parse_file

    data = "Date;Pain;PEG pain;PEG enjoyment;PEG activity;Tried;Helped;Note\\r\\n14/3/2025;4;5;4;3;;;\\r\\n"
    result = parse_file(data.encode("utf-8-sig"), "diary.csv", today=date(2025, 3, 31))
    result.entries[0].day, result.date_order          # (date(2025, 3, 14), 'dmy')
    merge_import((), result).lines()                    # ('Row 2: added the entry for 14 March 2025.',)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Final

from osteo_lib.care.diary.csv_io import ImportResult, Problem, size_problem
from osteo_lib.care.diary.dates import DateOrder
from osteo_lib.care.diary.entries import Entry, diary_texts, fmt_day, sort_entries
from osteo_lib.care.diary.sniff import decode, split_rows
from osteo_lib.care.diary.table import check_table, fail
from osteo_lib.care.diary.xlsx import is_xlsx, read_sheet

__all__ = ["OLD_EXCEL_MAGIC", "MergeReport", "merge_import", "parse_csv", "parse_file"]

OLD_EXCEL_MAGIC: Final = b"\xd0\xcf\x11\xe0"  # .xls (Excel 97-2003) and other old Office files


def parse_file(data: bytes, name: str = "", *, today: date, date_order: DateOrder | None = None) -> ImportResult:
    """Read a diary file from its bytes, in memory, and check every cell (see the module's text).

    A workbook is recognised by its content (a zip file) or by a name ending in ``.xlsx``; anything
    else is read as CSV text. ``date_order`` answers the question a file with dates like 3/4/2025 asks
    (``result.ask_date_order``); a file whose dates show their order (a day over 12) needs none."""
    text = diary_texts()
    too_big = size_problem(len(data))
    if too_big:
        return fail(too_big)
    if data.startswith(OLD_EXCEL_MAGIC):
        return fail(Problem(None, text["old_excel"]))
    if is_xlsx(data) or name.lower().endswith((".xlsx", ".xlsm")):
        sheet = read_sheet(data)
        if isinstance(sheet, Problem):
            return fail(sheet)
        sheet_rows, sheet_notes = sheet
        result = check_table(sheet_rows, today=today, date_order=date_order)
        return replace(result, notes=(*sheet_notes, *result.notes), encoding="xlsx")
    decoded = decode(data)
    if isinstance(decoded, Problem):
        return fail(decoded)
    split = split_rows(decoded.text)
    if isinstance(split, Problem):
        return replace(fail(split), encoding=decoded.encoding)
    rows, separator = split
    result = check_table(rows, today=today, date_order=date_order)
    windows = (text["read_as_windows"],) if decoded.encoding == "Windows-1252" else ()
    return replace(result, notes=(*windows, *result.notes), encoding=decoded.encoding, separator=separator)


def parse_csv(data: bytes, *, today: date, date_order: DateOrder | None = None) -> ImportResult:
    """:func:`parse_file` for a file without a name (kept for the callers that read the diary's own CSV)."""
    return parse_file(data, "", today=today, date_order=date_order)


@dataclass(frozen=True, slots=True)
class MergeReport:
    """The diary after an import, and what happened to each row of the file.

    ``added``: (row, date) of the entries added. ``same``: rows skipped because the diary already has
    that very entry. ``kept``: rows skipped because the diary has a different entry for that date (the
    diary's entry is kept: nothing already there is lost). ``bad``: rows skipped because of a problem in
    the file, with their problems (row, problem texts)."""

    entries: tuple[Entry, ...]
    added: tuple[tuple[int, date], ...] = ()
    same: tuple[tuple[int, date], ...] = ()
    kept: tuple[tuple[int, date], ...] = ()
    bad: tuple[tuple[int, tuple[str, ...]], ...] = ()

    @property
    def skipped(self) -> int:
        return len(self.same) + len(self.kept) + len(self.bad)

    def lines(self) -> tuple[str, ...]:
        """One sentence per row of the file, skipped rows first (they need a look), each in row order."""
        text = diary_texts()
        keyed = [
            *((row, text.format("import_row_bad", row=row, problems=" ".join(ps))) for row, ps in self.bad),
            *((row, text.format("import_row_kept", row=row, day=fmt_day(day))) for row, day in self.kept),
            *((row, text.format("import_row_same", row=row, day=fmt_day(day))) for row, day in self.same),
        ]
        added = [(row, text.format("import_row_added", row=row, day=fmt_day(day))) for row, day in self.added]
        return tuple(line for _, line in [*sorted(keyed), *sorted(added)])


def merge_import(existing: Iterable[Entry], result: ImportResult) -> MergeReport:
    """Add the entries of an accepted import to the diary ``existing``. Where both have a date, the
    diary's entry is kept. The result's ``rows`` name the rows (row 0 when it has none)."""
    current = {e.day: e for e in existing}
    rows = result.rows if len(result.rows) == len(result.entries) else (0,) * len(result.entries)
    added: list[tuple[int, date]] = []
    same: list[tuple[int, date]] = []
    kept: list[tuple[int, date]] = []
    merged = dict(current)
    for entry, row in zip(result.entries, rows, strict=True):
        old = current.get(entry.day)
        if old is None:
            merged[entry.day] = entry
            added.append((row, entry.day))
        else:
            (same if old == entry else kept).append((row, entry.day))
    bad: dict[int, list[str]] = {}
    for problem in result.skipped:
        bad.setdefault(problem.row or 0, []).append(problem.text)
    return MergeReport(
        sort_entries(merged.values()),
        tuple(added),
        tuple(same),
        tuple(kept),
        tuple((row, tuple(texts)) for row, texts in sorted(bad.items())),
    )
