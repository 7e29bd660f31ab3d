"""Loading spreadsheet files into the diary widget, driven as a person would through its controls: upload,
answer "what does this date mean?", read the row-by-row report. Real ipywidgets, no stubs."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from osteo_lib.care.diary import MAX_BYTES, MAX_PROBLEMS, Entry, diary_texts
from osteo_lib.content.catalog import Catalog
from osteo_lib.views.widgets.diary import PainDiary, PendingFile, walk
from osteo_lib.views.widgets.diary_files import ACCEPT
from osteo_lib.views.widgets.file_button import FileButton
from tests.markup import select_texts
from tests.widgets.test_diary import save, upload
from tests.widgets.test_file_button import send_files

TODAY = date(2025, 3, 31)
TEXT = diary_texts()
HEADER = "Date,Pain,PEG pain,PEG enjoyment,PEG activity,Tried,Helped,Note"
# Excel on Windows (US): Windows-1252, dates m/d/yyyy that here read two ways
AMBIGUOUS = f"{HEADER}\r\n2/3/2025,6,5,4,3,Café,,\r\n3/3/2025,4,4,4,4,,,\r\n".encode("cp1252")


@pytest.fixture()
def diary(catalog: Catalog) -> PainDiary:
    return PainDiary(catalog, today=TODAY)


def shown(diary: PainDiary) -> bool:
    return bool(diary.order_box.layout.display != "none")


def test_ambiguous_dates_ask_then_the_answer_imports(diary: PainDiary) -> None:
    save(diary, date(2025, 3, 3), 9, note="made here")
    before = diary.entries
    assert not shown(diary)
    upload(diary, AMBIGUOUS, name="excel.csv")
    # nothing loaded yet: the widget asks, beside the upload button, in plain words
    assert diary.entries == before
    assert diary.message_kind == "ask"
    assert diary.message == TEXT.format("ask_order", name="excel.csv", example="2/3/2025")
    assert isinstance(diary.pending_file, PendingFile)
    assert shown(diary)
    assert select_texts(diary.order_html.value, "p") == [diary.message]
    assert diary.month_first_button.description == TEXT.format("order_choice", day="3 February 2025")
    assert diary.day_first_button.description == TEXT.format("order_choice", day="2 March 2025")
    assert diary.cancel_file_button.description == TEXT["cancel_file"]
    assert diary.upload.value == ()

    diary.day_first_button.click()
    assert diary.pending_file is None
    assert not shown(diary)
    assert diary.entries == (Entry(date(2025, 3, 2), 6, 5, 4, 3, "Café"), *before)
    assert diary.message_kind == "ok"
    assert diary.message == TEXT.format("import_ok", name="excel.csv", added=1, skipped=1)
    assert diary.report == (
        TEXT["read_as_windows"],
        TEXT.format("order_chosen", order=TEXT["order_dmy"]),
        TEXT.format("import_row_kept", row=3, day="3 March 2025"),
        TEXT.format("import_row_added", row=2, day="2 March 2025"),
    )
    assert select_texts(diary.files_message_html.value, "li") == list(diary.report)


def test_month_first_answer_reads_the_other_way(diary: PainDiary) -> None:
    upload(diary, AMBIGUOUS, name="excel.csv")
    diary.month_first_button.click()
    assert [e.day for e in diary.entries] == [date(2025, 2, 3), date(2025, 3, 3)]


def test_not_loading_the_file_changes_nothing(diary: PainDiary) -> None:
    save(diary, date(2025, 3, 1), 4)
    before = diary.entries
    upload(diary, AMBIGUOUS, name="excel.csv")
    diary.cancel_file_button.click()
    assert diary.entries == before
    assert diary.pending_file is None
    assert not shown(diary)
    assert diary.message == TEXT.format("cancelled_file", name="excel.csv")
    # the buttons do nothing once the question is gone
    diary.day_first_button.click()
    assert diary.entries == before


def test_saving_an_entry_while_asked_drops_the_question(diary: PainDiary) -> None:
    upload(diary, AMBIGUOUS, name="excel.csv")
    save(diary, date(2025, 3, 1), 4)
    assert diary.pending_file is None
    assert not shown(diary)
    assert diary.entries == (Entry(date(2025, 3, 1), 4, 5, 4, 3),)


def test_an_xlsx_workbook_uploads(diary: PainDiary) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.split(","))
    sheet.append([date(2025, 3, 14), 6, 5, 4, 3, "Heat packs", "a lot", ""])
    out = io.BytesIO()
    book.save(out)
    upload(diary, out.getvalue(), name="diary.xlsx")
    assert diary.entries == (Entry(date(2025, 3, 14), 6, 5, 4, 3, "Heat packs", "a lot"),)
    assert diary.report == (TEXT.format("import_row_added", row=2, day="14 March 2025"),)
    assert ".xlsx" in diary.upload.accept.split(",")


def test_a_long_report_is_capped(diary: PainDiary) -> None:
    rows = [f"2025-01-{d:02d},1,1,1,1,,," for d in range(1, 32)] + [f"2025-02-{d:02d},1,1,1,1,,," for d in range(1, 11)]
    upload(diary, (HEADER + "\r\n" + "\r\n".join(rows)).encode(), name="long.csv")
    assert len(diary.entries) == len(rows)
    assert len(diary.report) == MAX_PROBLEMS + 1
    assert diary.report[-1] == TEXT.format("import_more", count=len(rows) - MAX_PROBLEMS)


def test_a_refused_workbook_changes_nothing(diary: PainDiary) -> None:
    save(diary, date(2025, 3, 1), 4)
    before = diary.entries
    upload(diary, b"PK\x03\x04 broken", name="broken.xlsx")
    assert diary.entries == before
    assert diary.message_kind == "error"
    assert diary.problems == (TEXT["bad_xlsx"],)


def test_every_button_of_the_question_is_inside_the_widget(diary: PainDiary) -> None:
    parts = set(map(id, walk(diary.container)))
    for part in (diary.order_box, diary.month_first_button, diary.day_first_button, diary.cancel_file_button):
        assert id(part) in parts


# --- the upload button (osteo_lib/views/widgets/file_button.py) -------------------------------------------
def test_the_upload_button_reads_only_its_label(diary: PainDiary) -> None:
    """Issue 14: ipywidgets' FileUpload showed "Load a diary file (0)"; the button's text is the label alone."""
    assert isinstance(diary.upload, FileButton)
    assert diary.upload.get_state()["description"] == TEXT["upload_label"]
    assert "(" not in TEXT["upload_label"]
    assert diary.upload.accept == ACCEPT and not diary.upload.multiple
    assert id(diary.upload) in set(map(id, walk(diary.container)))


def test_the_same_file_loaded_twice_is_read_twice(diary: PainDiary) -> None:
    data = f"{HEADER}\r\n2025-03-02,6,,,,,,\r\n".encode()
    upload(diary, data, name="mine.csv")
    assert diary.message == TEXT.format("import_ok", name="mine.csv", added=1, skipped=0)
    upload(diary, data, name="mine.csv")
    assert diary.message == TEXT.format("import_ok", name="mine.csv", added=0, skipped=1)
    assert diary.entries == (Entry(date(2025, 3, 2), 6),)


def test_a_big_file_comes_cut_and_is_refused_by_its_size(diary: PainDiary) -> None:
    save(diary, date(2025, 3, 1), 4)
    before = diary.entries
    seen: list[int] = []
    diary.upload.observe(lambda change: seen.extend(len(f["content"]) for f in change["new"]), names="value")
    send_files(diary.upload, [("huge.csv", b"2025-03-02,6\r\n" * 100_000)])  # 1.4 MB
    assert seen == [MAX_BYTES + 1]  # no more than needed to see that it is too big
    assert diary.entries == before and diary.message_kind == "error"
    assert diary.message == TEXT.format("import_rejected", name="huge.csv")
    assert diary.problems == (TEXT.format("file_too_big", size=1400, limit=MAX_BYTES // 1000),)


def test_a_file_the_browser_could_not_read_is_named_and_changes_nothing(diary: PainDiary) -> None:
    save(diary, date(2025, 3, 1), 4)
    before = diary.entries
    send_files(diary.upload, [("cloud.csv", b"")], sizes=[2_000], unreadable=["cloud.csv"])
    assert diary.entries == before
    assert diary.message_kind == "error" and diary.message_place == "files"
    assert diary.message == TEXT.format("import_rejected", name="cloud.csv")
    assert diary.problems == (TEXT["file_unreadable"],)
    assert select_texts(diary.files_message_html.value, "li") == [TEXT["file_unreadable"]]
    # choosing it again once it can be read loads it
    upload(diary, f"{HEADER}\r\n2025-03-02,6,,,,,,\r\n".encode(), name="cloud.csv")
    assert diary.entries == (*before, Entry(date(2025, 3, 2), 6))
