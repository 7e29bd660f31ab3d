"""The diary as a file: export (:func:`to_csv`, :func:`csv_bytes`, a ``data:`` download address), and
what every import shares: the limits (:data:`MAX_BYTES`, :data:`MAX_ROWS`, :data:`MAX_PROBLEMS`),
:class:`Problem` and :class:`ImportResult`. Reading a file is in :mod:`~osteo_lib.care.diary.importing`.

Everything happens in memory: nothing here reads or writes a file. The words come from
``data/ui/diary.yaml``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Final

from osteo_lib.care.diary.dates import DateOrder
from osteo_lib.care.diary.entries import COLUMNS, Entry, diary_texts, sort_entries
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
    "size_problem",
    "to_csv",
]

MAX_ROWS: Final = 3660  # entries in one diary (about 10 years of daily entries)
MAX_BYTES: Final = 1_000_000  # size of an imported file, checked before parsing
MAX_PROBLEMS: Final = 30  # problems listed for one rejected file
MAX_CELL: Final = 40  # characters in a date, number or "helped" cell
FORMULA_START: Final = ("=", "+", "-", "@")
CSV_MIME: Final = "text/csv"


# --- CSV export -------------------------------------------------------------------------------------
def neutralise_cell(text: str) -> str:
    """Make text safe for spreadsheets: text starting with = + - @ (or a quote) gets a leading ``'``.

    The import removes one leading ``'`` again, so export followed by import gives the same text.
    """
    return "'" + text if text.startswith((*FORMULA_START, "'")) else text


def to_csv(entries: Iterable[Entry]) -> str:
    """The diary as CSV text (header row, then one row per entry, oldest first, CRLF line ends; the PEG
    cells are empty on days without the weekly questions)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for e in sort_entries(entries):
        writer.writerow(
            [
                e.day.isoformat(),
                e.pain,
                *("" if v is None else v for v in (e.peg_pain, e.peg_enjoyment, e.peg_activity)),
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
    """What reading a file found: the entries (oldest first) when :attr:`ok`, otherwise no entries and
    either problems or, when its dates can be read two ways, :attr:`ask_date_order`.

    ``rows``: the row of each entry (same order). ``notes``: things the person should know that did not
    stop the import (extra columns left out, the encoding or date order used). ``encoding``: how the
    text was read (``UTF-8``, ``UTF-16``, ``Windows-1252``, or ``xlsx`` for a workbook). ``separator``:
    the column mark of a text file. ``date_order``: the order used for dates like 3/4/2025 (``None``
    when the file has none that need it). ``ask_date_order``: a date from the file that reads two ways;
    when set, ask the person which order is right and read the file again with ``date_order``.
    ``skipped``: the problems of the rows left out of an accepted file (each names its row; a row may
    have several), so that the good rows load and the person learns which rows did not, and why.
    """

    entries: tuple[Entry, ...] = ()
    problems: tuple[Problem, ...] = ()
    rows: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()
    encoding: str = ""
    separator: str = ""
    date_order: DateOrder | None = None
    ask_date_order: str = ""
    skipped: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems and not self.ask_date_order

    def messages(self) -> tuple[str, ...]:
        return tuple(str(p) for p in self.problems)


def size_problem(size: int) -> Problem | None:
    """The "file too big" problem for a file of ``size`` bytes, or ``None`` when it is small enough."""
    if size > MAX_BYTES:
        return Problem(None, diary_texts().format("file_too_big", size=-(-size // 1000), limit=MAX_BYTES // 1000))
    return None
