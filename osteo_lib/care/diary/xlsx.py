"""Reading the first sheet of an Excel workbook (``.xlsx``) as rows of text cells, with ``openpyxl`` in
read-only mode (cells are streamed, formulas are not run: a formula cell gives the value Excel saved).

Before ``openpyxl`` sees the file, its zip directory is checked: too many parts, or more than
:data:`MAX_UNZIPPED` bytes once unpacked (a "zip bomb"), is refused with a clear message; the zip
reader stops each part at its stated size, so the check holds. Real Excel dates become ISO text
(``2025-03-14``); numbers like ``5.0`` become ``5``; dates typed as text are left for the table check.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from typing import Final

from osteo_lib.care.diary.csv_io import MAX_ROWS, Problem
from osteo_lib.care.diary.entries import diary_texts

__all__ = ["MAX_COLUMNS", "MAX_PARTS", "MAX_UNZIPPED", "XLSX_MAGIC", "Sheet", "is_xlsx", "read_sheet"]

MAX_UNZIPPED: Final = 30_000_000  # bytes of all parts of a workbook once unpacked
MAX_PARTS: Final = 1000  # files inside the workbook's zip
MAX_COLUMNS: Final = 64  # columns read from the sheet (the diary needs 8)
XLSX_MAGIC: Final = b"PK\x03\x04"

Sheet = tuple[list[tuple[int, list[str]]], tuple[str, ...]]


def is_xlsx(data: bytes) -> bool:
    """True when ``data`` starts like a zip file (what an .xlsx workbook is)."""
    return data.startswith(XLSX_MAGIC)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _zip_problem(data: bytes) -> Problem | None:
    text = diary_texts()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return Problem(None, text["bad_xlsx"])
    if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNZIPPED:
        return Problem(None, text.format("xlsx_too_big", limit=MAX_UNZIPPED // 1_000_000))
    return None


def read_sheet(data: bytes) -> Sheet | Problem:
    """The non-blank rows of the workbook's first sheet (row numbers as Excel shows them) and notes,
    or the problem that stopped it (not a workbook, damaged, too big unpacked, too many rows)."""
    text = diary_texts()
    problem = _zip_problem(data)
    if problem is not None:
        return problem
    rows: list[tuple[int, list[str]]] = []
    notes: list[str] = []
    import openpyxl  # only when a workbook is read: the dashboard starts 0.1 s sooner

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error on a damaged file; each means "cannot read it"
        return Problem(None, text["bad_xlsx"])
    try:
        sheets = workbook.worksheets
        if not sheets:
            return Problem(None, text["file_empty"])
        if len(sheets) > 1:
            notes.append(text.format("first_sheet", name=sheets[0].title))
        for number, values in enumerate(sheets[0].iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            if any(c.strip() for c in cells):
                rows.append((number, cells))
                if len(rows) > MAX_ROWS + 1:
                    return Problem(None, text.format("too_many_rows_sheet", limit=MAX_ROWS))
    except Exception:  # a damaged sheet inside a readable workbook
        return Problem(None, text["bad_xlsx"])
    finally:
        workbook.close()
    return rows, tuple(notes)
