"""Importing diaries the way spreadsheets write them (osteo_lib.care.diary.parse_file, merge_import): the
fixtures are written as Excel, LibreOffice and Google Sheets write them (the text encoded with the codec they
use, the workbooks written by openpyxl)."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from typing import Any

import openpyxl
import pytest

from osteo_lib.care.diary import (
    MAX_BYTES,
    MAX_ROWS,
    Entry,
    ImportResult,
    csv_bytes,
    diary_texts,
    merge_import,
    parse_csv,
    parse_file,
    read_day,
)
from osteo_lib.care.diary.xlsx import MAX_UNZIPPED

TEXT = diary_texts()  # data/ui/diary.yaml
TODAY = date(2025, 3, 31)
# What a person types as the header in a spreadsheet, not the export's exact names.
PEOPLE_HEADER = ["Date", "Pain", "PEG pain", "PEG Enjoyment", "peg-activity", "Tried", "HELPED", "Note"]


def text_file(rows: list[list[str]], sep: str = ",", newline: str = "\r\n") -> str:
    return newline.join(sep.join(cells) for cells in rows) + newline


def ok(result: ImportResult) -> ImportResult:
    assert result.ok, (result.messages(), result.ask_date_order)
    return result


def workbook(*sheets: list[list[Any]]) -> bytes:
    """An .xlsx file as openpyxl writes it (one sheet per list of rows)."""
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for number, rows in enumerate(sheets, start=1):
        sheet = book.create_sheet(f"Sheet{number}" if number > 1 else "My diary")
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- the three files of the issue ----------------------------------------------------------------------------
def test_us_excel_csv_windows_1252_month_first() -> None:
    # Excel on Windows, "CSV (Comma delimited)": Windows-1252, CRLF, dates as m/d/yyyy, no byte order mark
    rows = [
        PEOPLE_HEADER,
        ["3/14/2025", "6", "5", "4", "3", "Heat packs", "a lot", "Café, then a walk \u2019twas ok"],
        ["3/2/2025", "4", "4", "4", "4", "", "", ""],
    ]
    rows[1][-1] = '"' + rows[1][-1] + '"'
    result = ok(parse_file(text_file(rows).encode("cp1252"), "diary.csv", today=TODAY))
    assert result.entries == (
        Entry(date(2025, 3, 2), 4, 4, 4, 4),
        Entry(date(2025, 3, 14), 6, 5, 4, 3, "Heat packs", "a lot", "Café, then a walk \u2019twas ok"),
    )
    assert result.rows == (3, 2)
    assert (result.encoding, result.separator, result.date_order) == ("Windows-1252", ",", "mdy")
    name = TEXT["order_mdy"]
    assert result.notes == (TEXT["read_as_windows"], TEXT.format("order_found", order=name, clue="3/14/2025"))


def test_european_excel_semicolons_day_first_utf8_bom() -> None:
    # Excel in most of Europe, "CSV UTF-8": byte order mark, semicolons, d/m/yyyy (or d.m.yyyy), commas in text
    rows = [
        [c.lower() for c in PEOPLE_HEADER],
        ["14/03/2025", "6", "5", "4", "3", "Wärme, Spaziergang", "some", ""],
        ["02.03.2025", "4", "4", "4", "4", "", "", "Nacht; schlecht"],
    ]
    rows[2][-1] = '"' + rows[2][-1] + '"'
    result = ok(parse_file(("\ufeff" + text_file(rows, ";")).encode("utf-8"), "tagebuch.csv", today=TODAY))
    assert [e.day for e in result.entries] == [date(2025, 3, 2), date(2025, 3, 14)]
    assert result.entries[1].tried == "Wärme, Spaziergang"
    assert result.entries[0].note == "Nacht; schlecht"
    assert (result.encoding, result.separator, result.date_order) == ("UTF-8", ";", "dmy")


def test_unicode_text_utf16_tabs_asks_the_date_order_then_reads_it() -> None:
    # Excel's "Unicode Text": UTF-16 with a byte order mark, tab separated; these dates read two ways
    rows = [
        PEOPLE_HEADER,
        ["2/3/2025", "6", "5", "4", "3", "Rest, ice", "", "日本語も"],
        ["3/3/2025", "4", "4", "4", "4", "", "", ""],
    ]
    data = text_file(rows, "\t").encode("utf-16")
    assert data[:2] in (b"\xff\xfe", b"\xfe\xff")
    asked = parse_file(data, "diary.txt", today=TODAY)
    assert not asked.ok
    assert (asked.entries, asked.problems, asked.ask_date_order) == ((), (), "2/3/2025")
    day_first = ok(parse_file(data, "diary.txt", today=TODAY, date_order="dmy"))
    month_first = ok(parse_file(data, "diary.txt", today=TODAY, date_order="mdy"))
    assert [e.day for e in day_first.entries] == [date(2025, 3, 2), date(2025, 3, 3)]
    assert [e.day for e in month_first.entries] == [date(2025, 2, 3), date(2025, 3, 3)]
    assert month_first.entries[0].note == "日本語も"
    assert month_first.entries[0].tried == "Rest, ice"
    assert (month_first.encoding, month_first.separator) == ("UTF-16", "\t")
    assert TEXT.format("order_chosen", order=TEXT["order_mdy"]) in month_first.notes


def test_a_chosen_order_that_makes_a_future_date_names_the_row() -> None:
    data = text_file([PEOPLE_HEADER, ["4/3/2025", "1", "1", "1", "1", "", "", ""]]).encode()
    assert parse_file(data, today=TODAY).ask_date_order == "4/3/2025"
    assert [str(p) for p in parse_file(data, today=TODAY, date_order="mdy").problems] == [
        "Row 2: " + TEXT.format("future_date", value="4/3/2025")
    ]
    assert ok(parse_file(data, today=TODAY, date_order="dmy")).entries[0].day == date(2025, 3, 4)


# --- dates ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("cell", "order", "day"),
    [
        ("2025-03-14", None, date(2025, 3, 14)),
        ("2025-03-14 00:00:00", None, date(2025, 3, 14)),
        ("3/14/2025 0:00", "mdy", date(2025, 3, 14)),
        ("14.3.2025", "dmy", date(2025, 3, 14)),
        ("3-3-2025", None, date(2025, 3, 3)),
        ("3/4/2025", None, None),
        ("3/4/2025", "dmy", date(2025, 4, 3)),
        ("31/4/2025", "dmy", None),
        ("3/14/2025 9:30", "mdy", None),
        ("3/14.2025", "mdy", None),
    ],
)
def test_read_day(cell: str, order: Any, day: date | None) -> None:
    assert read_day(cell, order) == day


def test_dates_written_both_ways_in_one_file_are_refused() -> None:
    rows = [PEOPLE_HEADER, ["14/3/2025", "1", "1", "1", "1", "", "", ""], ["3/15/2025", "1", "1", "1", "1", "", "", ""]]
    result = parse_file(text_file(rows).encode(), today=TODAY)
    clash = TEXT.format("date_clash", a="14/3/2025", a_row=2, b="3/15/2025", b_row=3)
    assert result.messages() == (clash,)
    assert result.entries == ()


def test_iso_only_files_need_no_order_and_say_none() -> None:
    result = ok(parse_csv(csv_bytes([Entry(date(2025, 3, 4), 1, 1, 1, 1)]), today=TODAY))
    assert (result.date_order, result.notes, result.encoding) == (None, (), "UTF-8")


# --- headers and columns --------------------------------------------------------------------------------------
def test_extra_columns_are_left_out_with_a_note_naming_them_as_written() -> None:
    header = ["Weather", *PEOPLE_HEADER, "Mood", "", ""]
    rows = [header, ["sunny", "2025-03-04", "1", "1", "1", "1", "", "", "", "ok", "", ""]]
    result = ok(parse_file(text_file(rows).encode(), today=TODAY))
    assert result.entries == (Entry(date(2025, 3, 4), 1, 1, 1, 1),)
    assert result.notes == (TEXT.format("extra_columns", names="Weather, Mood"),)
    # a column without a name is named only when it holds something
    rows[1][-1] = "x"
    result = ok(parse_file(text_file(rows).encode(), today=TODAY))
    assert result.notes == (TEXT.format("extra_columns", names=f"Weather, Mood, {TEXT['no_name']}"),)


def test_a_header_split_two_ways_is_refused_as_unclear() -> None:
    data = b"date,pain,note;tried;helped\r\n2025-03-01,1,x;y;z\r\n"
    names = f"{TEXT['sep_comma']}, {TEXT['sep_semicolon']}"
    assert parse_file(data, today=TODAY).messages() == ("Row 1: " + TEXT.format("unclear_separator", names=names),)


def test_a_header_without_any_mark_reports_the_missing_columns() -> None:
    found = parse_file(b"date\r\n2025-03-01\r\n", today=TODAY).messages()
    assert len(found) == 1
    assert found[0].startswith("Row 1: " + TEXT["missing_columns"].split("{")[0])


# --- workbooks ----------------------------------------------------------------------------------------------------
def test_xlsx_with_real_excel_dates_numbers_and_a_second_sheet() -> None:
    data = workbook(
        [
            [*PEOPLE_HEADER, "Mood"],
            [datetime(2025, 3, 14), 6, 5.0, 4, 3, "Heat packs", "a lot", "ok", "fine"],
            [date(2025, 3, 2), 4, 4, 4, 4, None, None, None, None],
        ],
        [["not", "read"]],
    )
    result = ok(parse_file(data, "Diary.XLSX", today=TODAY))
    assert result.entries == (
        Entry(date(2025, 3, 2), 4, 4, 4, 4),
        Entry(date(2025, 3, 14), 6, 5, 4, 3, "Heat packs", "a lot", "ok"),
    )
    assert (result.encoding, result.date_order, result.rows) == ("xlsx", None, (3, 2))
    assert result.notes == (TEXT.format("first_sheet", name="My diary"), TEXT.format("extra_columns", names="Mood"))


def test_xlsx_with_dates_typed_as_text_and_bad_cells_names_rows() -> None:
    rows = [PEOPLE_HEADER, ["14/03/2025", 6, 5, 4, 3, "", "", ""], ["2/3/2025", 7.5, 4, 4, 4, "", "", ""]]
    result = ok(parse_file(workbook(rows), "d.xlsx", today=TODAY))
    assert [str(p) for p in result.skipped] == ["Row 3: " + TEXT.format("bad_number", column="pain", value="7.5")]
    assert [e.day for e in result.entries] == [date(2025, 3, 14)]
    rows[2][1] = 7
    result = ok(parse_file(workbook(rows), "d.xlsx", today=TODAY))
    assert [e.day for e in result.entries] == [date(2025, 3, 2), date(2025, 3, 14)]
    assert result.date_order == "dmy"


def test_a_workbook_is_known_by_its_content_whatever_its_name() -> None:
    rows = [PEOPLE_HEADER, [date(2025, 3, 2), 4, 4, 4, 4, "", "", ""]]
    assert ok(parse_file(workbook(rows), "diary.csv", today=TODAY)).encoding == "xlsx"


def zip_of(**parts: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "key"),
    [
        (b"date,pain\r\n", "diary.xlsx", "bad_xlsx"),  # not a zip at all
        (zip_of(hello=b"hi"), "diary.xlsx", "bad_xlsx"),  # a zip, not a workbook
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "diary.xls", "old_excel"),
    ],
)
def test_files_that_are_not_workbooks_get_a_clear_message(data: bytes, name: str, key: str) -> None:
    assert parse_file(data, name, today=TODAY).messages() == (TEXT[key],)


def test_a_damaged_workbook_gets_a_clear_message() -> None:
    data = workbook([PEOPLE_HEADER, [date(2025, 3, 2), 4, 4, 4, 4, "", "", ""]])
    assert parse_file(data[: len(data) // 2], "d.xlsx", today=TODAY).messages() == (TEXT["bad_xlsx"],)
    sheet = zip_of(**{"[Content_Types].xml": b"<Types", "xl/workbook.xml": b"<not xml"})
    assert parse_file(sheet, "d.xlsx", today=TODAY).messages() == (TEXT["bad_xlsx"],)


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    bomb = zip_of(**{"xl/worksheets/sheet1.xml": b"\x00" * (MAX_UNZIPPED + 1)})
    assert len(bomb) < MAX_BYTES  # small on disk, huge unpacked
    message = TEXT.format("xlsx_too_big", limit=MAX_UNZIPPED // 1_000_000)
    assert parse_file(bomb, "bomb.xlsx", today=TODAY).messages() == (message,)


def test_a_sheet_with_too_many_rows_is_refused() -> None:
    start = date(2000, 1, 1)
    rows = [PEOPLE_HEADER, *([start.replace(year=2000 + i // 366), 1, 1, 1, 1] for i in range(MAX_ROWS + 1))]
    message = TEXT.format("too_many_rows_sheet", limit=MAX_ROWS)
    assert parse_file(workbook(rows), "big.xlsx", today=TODAY).messages() == (message,)


def test_size_limit_holds_for_workbooks_too() -> None:
    found = parse_file(b"PK\x03\x04" + b"\x00" * MAX_BYTES, "big.xlsx", today=TODAY).messages()
    assert found == (TEXT.format("file_too_big", size=MAX_BYTES // 1000 + 1, limit=MAX_BYTES // 1000),)


# --- merging ------------------------------------------------------------------------------------------------------
def test_merge_adds_new_dates_skips_the_rest_and_loses_nothing() -> None:
    mine = (Entry(date(2025, 3, 2), 8, 5, 4, 3, note="made here"), Entry(date(2025, 3, 3), 2, 2, 2, 2))
    rows = [
        PEOPLE_HEADER,
        ["2025-03-03", "2", "2", "2", "2", "", "", ""],  # the very same entry
        ["2025-03-02", "1", "1", "1", "1", "", "", ""],  # a different entry for a date I have
        ["2025-03-01", "5", "5", "5", "5", "", "", ""],  # new
    ]
    result = ok(parse_file(text_file(rows).encode(), today=TODAY))
    report = merge_import(mine, result)
    assert report.entries == (Entry(date(2025, 3, 1), 5, 5, 5, 5), *mine)
    assert (report.added, report.same, report.kept, report.skipped) == (
        ((4, date(2025, 3, 1)),),
        ((2, date(2025, 3, 3)),),
        ((3, date(2025, 3, 2)),),
        2,
    )
    assert report.lines() == (
        TEXT.format("import_row_same", row=2, day="3 March 2025"),
        TEXT.format("import_row_kept", row=3, day="2 March 2025"),
        TEXT.format("import_row_added", row=4, day="1 March 2025"),
    )


def test_the_dashboard_does_not_load_the_workbook_reader_until_a_workbook_comes() -> None:
    import subprocess
    import sys

    code = "import sys, osteo_lib.apps.dashboard; print('openpyxl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
