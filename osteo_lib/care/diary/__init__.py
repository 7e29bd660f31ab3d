"""Pain diary logic: entries, validation, CSV import and export, trend and change flags.

Pure functions and frozen dataclasses only (no widgets, no HTML, no file access): the widgets in
``osteo_lib.views.widgets.diary`` and ``osteo_lib.views.widgets.summary`` call them, and the chart
and table are drawn by ``osteo_lib.views.diary_chart``. Nothing here writes to disk; CSV text is built
and parsed in memory. The words are in ``data/ui/diary.yaml`` (:func:`diary_texts`).

Modules: :mod:`~osteo_lib.care.diary.entries` (Entry, make_entry, upsert/merge, trend, flags, date and
score formats), :mod:`~osteo_lib.care.diary.csv_io` (to_csv, Problem, ImportResult, limits) and
:mod:`~osteo_lib.care.diary.importing` (parse_file, parse_csv, merge_import: CSV in any of the forms
spreadsheets write, and .xlsx workbooks), which uses :mod:`~osteo_lib.care.diary.sniff` (encoding,
column mark, header names), :mod:`~osteo_lib.care.diary.dates` (ISO, month-first and day-first dates),
:mod:`~osteo_lib.care.diary.table` (checking every cell) and :mod:`~osteo_lib.care.diary.xlsx`. This
package re-exports the public names.

Scales (see docs/widgets/diary.md):

* *Pain today* is the 0-10 Numeric Rating Scale (0 = no pain, 10 = pain as bad as you can imagine).
* The PEG scale (Krebs 2009, reference ``krebs2009``) has three 0-10 items: P = average pain in the
  past week, E = how pain interfered with enjoyment of life, G = how pain interfered with general
  activity. The PEG score is the mean of the three.
* A change of 2 points or more in *pain today* is flagged: about 2 points or 30% is a clinically
  meaningful change on the 0-10 scale (Farrar 2001, reference ``farrar2001``).
* Only the date and *pain today* are needed. The PEG answers are optional, all three or none: they
  are about the past week, so the form asks them once a week (:func:`peg_due`), and the PEG score and
  trend use only the entries that have them (:func:`peg_entries`).

Example::

    from datetime import date
    from osteo_lib.care.diary import make_entry, change_flags, to_csv, parse_csv

    e1 = make_entry(date(2025, 3, 1), 4, 5, 4, 4, today=date(2025, 3, 2))
    e2 = make_entry(date(2025, 3, 2), 7, tried="Heat packs", helped="some", today=date(2025, 3, 2))  # no PEG
    [f.message for f in change_flags([e1, e2])]   # ['Your pain went up by 3 points since 1 March 2025 ...']
    parse_csv(to_csv([e1, e2]).encode(), today=date(2025, 3, 2)).entries == (e1, e2)   # True
"""

from __future__ import annotations

from osteo_lib.care.diary.csv_io import (
    CSV_MIME,
    FORMULA_START,
    MAX_BYTES,
    MAX_CELL,
    MAX_PROBLEMS,
    MAX_ROWS,
    ImportResult,
    Problem,
    csv_bytes,
    csv_data_uri,
    csv_filename,
    neutralise_cell,
    size_problem,
    to_csv,
)
from osteo_lib.care.diary.dates import DATE_ORDERS, DateOrder, read_day
from osteo_lib.care.diary.entries import (
    CHANGE_POINTS,
    COLUMNS,
    DATE_LOCALE,
    HELP_WORDS,
    MAX_TEXT,
    NUMBER_COLUMNS,
    PEG_COLUMNS,
    PEG_EVERY_DAYS,
    REFERENCE_IDS,
    SCALE_MAX,
    SCALE_MIN,
    TEXT_COLUMNS,
    Entry,
    Flag,
    InvalidEntry,
    Trend,
    change_flags,
    diary_texts,
    find_entry,
    fmt_day,
    fmt_score,
    fmt_short,
    has_control_chars,
    make_entry,
    merge_entries,
    normalise_helped,
    peg_due,
    peg_entries,
    remove_entry,
    sort_entries,
    trend,
    trend_sentence,
    upsert_entry,
)
from osteo_lib.care.diary.importing import MergeReport, merge_import, parse_csv, parse_file

__all__ = [
    "CHANGE_POINTS",
    "COLUMNS",
    "CSV_MIME",
    "DATE_LOCALE",
    "DATE_ORDERS",
    "FORMULA_START",
    "HELP_WORDS",
    "MAX_BYTES",
    "MAX_CELL",
    "MAX_PROBLEMS",
    "MAX_ROWS",
    "MAX_TEXT",
    "NUMBER_COLUMNS",
    "PEG_COLUMNS",
    "PEG_EVERY_DAYS",
    "REFERENCE_IDS",
    "SCALE_MAX",
    "SCALE_MIN",
    "TEXT_COLUMNS",
    "DateOrder",
    "Entry",
    "Flag",
    "ImportResult",
    "InvalidEntry",
    "MergeReport",
    "Problem",
    "Trend",
    "change_flags",
    "csv_bytes",
    "csv_data_uri",
    "csv_filename",
    "diary_texts",
    "find_entry",
    "fmt_day",
    "fmt_score",
    "fmt_short",
    "has_control_chars",
    "make_entry",
    "merge_entries",
    "merge_import",
    "neutralise_cell",
    "normalise_helped",
    "parse_csv",
    "parse_file",
    "peg_due",
    "peg_entries",
    "read_day",
    "remove_entry",
    "size_problem",
    "sort_entries",
    "to_csv",
    "trend",
    "trend_sentence",
    "upsert_entry",
]
