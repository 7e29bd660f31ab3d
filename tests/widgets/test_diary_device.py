"""The "keep my diary on this device" panel (DiaryKeeper) driven through its traits: the front end's side
of DeviceStore is played by setting the traits its JavaScript sets (keep, stored, storage_error, loaded),
and what the JavaScript would write is read from the traits the kernel sends (payload, writable,
forgotten). Real ipywidgets, no stubs. The JavaScript itself runs in tests/browser/test_diary_device.py."""

from __future__ import annotations

import base64
import json
from datetime import date

import pytest

from osteo_lib.apps.dashboard import PatientDashboard
from osteo_lib.apps.workshop.room import ROOM_ENV, in_workshop_room
from osteo_lib.care.diary import diary_texts, make_entry
from osteo_lib.care.diary.device import SETTINGS_KEY, STORE_KEY, device_texts, dump_stored, load_stored
from osteo_lib.content.catalog import Catalog
from osteo_lib.views.widgets.diary import PainDiary
from osteo_lib.views.widgets.diary_device import QUESTION_CLASS, DiaryKeeper
from tests.markup import attr, select_texts, soup
from tests.markup import text as text_of

TODAY = date(2025, 3, 31)
TEXT = device_texts()
STORED = dump_stored(
    [
        make_entry(date(2025, 3, 1), 4, 5, 4, 4, note="from the device", today=TODAY),
        make_entry(date(2025, 3, 2), 6, 5, 5, 5, today=TODAY),
    ]
)


def device_answers(keeper: DiaryKeeper, *, stored: str | None = None, keep: bool = True, error: str = "") -> None:
    """What the front end does once the page has loaded: one message with the device's state."""
    store = keeper.store
    with store.hold_trait_notifications():
        store.keep = keep
        store.stored = stored
        store.storage_error = error
        store.loaded = True


def save(diary: PainDiary, day: date, pain: int, note: str = "") -> None:
    diary.date_picker.value = day
    diary.pain.value = diary.peg_pain.value = diary.peg_enjoyment.value = diary.peg_activity.value = pain
    diary.note.value = note
    diary.save_button.click()


@pytest.fixture()
def diary(catalog: Catalog) -> PainDiary:
    return PainDiary(catalog, today=TODAY)


@pytest.fixture()
def keeper(diary: PainDiary) -> DiaryKeeper:
    return DiaryKeeper(diary)


def test_the_panel_sits_in_the_diary_and_waits_for_the_device(diary: PainDiary, keeper: DiaryKeeper) -> None:
    assert diary.device_box.children == (keeper.container,)
    assert keeper.store.key == STORE_KEY and keeper.store.settings_key == SETTINGS_KEY
    assert keeper.keep_box.description == TEXT["switch"] and keeper.keep_box.disabled
    assert TEXT["switch_help"] in text_of(keeper.help_html.value)
    assert keeper.forget_button.description == TEXT["forget"]
    # nothing may be written before the device said what it holds
    assert keeper.store.payload == "" and not keeper.store.writable
    assert keeper.message == TEXT["waiting"]
    # the diary's sentence about where it is kept now says what is true with the panel: one short line at
    # the top; what keeping it here means is said in the panel, under "Save or load your diary"
    assert select_texts(diary.heading_html.value, ".ow-diary-privacy") == [TEXT["privacy_on"]]
    assert diary_texts()["privacy"] not in diary.text
    assert TEXT["privacy"] in text_of(keeper.help_html.value)


def test_the_storage_panel_sits_under_save_or_load_and_one_line_stays_at_the_top(
    diary: PainDiary, keeper: DiaryKeeper
) -> None:
    """Issue 14 (diary PEMAT 2): nothing about storage stands between the diary's lead and the pain scale;
    the panel is under "Save or load your diary", below the chart; one line at the top says where the diary
    is kept, and it follows the switch."""
    kids = list(diary.container.children)
    assert kids.index(diary.scale_picture) == kids.index(diary.heading_html) + 1
    assert kids.index(diary.chart_html) < kids.index(diary.files_heading_html) < kids.index(diary.device_box)
    assert kids.index(diary.device_box) < kids.index(diary.sources_html)
    heading = diary.heading_html.value
    assert TEXT["switch"] not in heading and TEXT["forget"] not in heading and TEXT["opened_none"] not in heading
    device_answers(keeper, keep=True)
    assert select_texts(diary.heading_html.value, ".ow-diary-privacy") == [TEXT["privacy_on"]]
    keeper.keep_box.value = False
    assert select_texts(diary.heading_html.value, ".ow-diary-privacy") == [TEXT["privacy_off"]]
    keeper.keep_box.value = True
    assert select_texts(diary.heading_html.value, ".ow-diary-privacy") == [TEXT["privacy_on"]]
    # a device that had the switch off says so at the top once it has answered
    other = PainDiary(today=TODAY)
    device_answers(DiaryKeeper(other), keep=False)
    assert select_texts(other.heading_html.value, ".ow-diary-privacy") == [TEXT["privacy_off"]]


def test_a_diary_kept_on_the_device_opens_in_the_diary(diary: PainDiary, keeper: DiaryKeeper) -> None:
    device_answers(keeper, stored=STORED)
    assert [e.day for e in diary.entries] == [date(2025, 3, 1), date(2025, 3, 2)]
    assert "from the device" in diary.text
    assert keeper.message == TEXT.format("opened", count=2) and keeper.message_kind == "ok"
    assert keeper.store.writable and load_stored(keeper.store.payload).entries == diary.entries
    assert keeper.keep_box.value and not keeper.keep_box.disabled


def test_each_change_to_the_diary_is_sent_to_the_device(diary: PainDiary, keeper: DiaryKeeper) -> None:
    device_answers(keeper, stored=None)
    assert load_stored(keeper.store.payload).entries == ()
    save(diary, date(2025, 3, 30), 5, note="marker-1")
    assert [e.note for e in load_stored(keeper.store.payload).entries] == ["marker-1"]
    diary.date_picker.value = date(2025, 3, 30)
    diary.remove_button.click()
    diary.remove_yes_button.click()
    assert load_stored(keeper.store.payload).entries == ()


@pytest.mark.parametrize(
    ("stored", "problem"),
    [("{cut sh", "unreadable"), (json.dumps({"app": "osteo-diary", "version": 99, "entries": []}), "newer")],
)
def test_a_stored_diary_that_cannot_be_read_is_kept_and_offered(
    diary: PainDiary, keeper: DiaryKeeper, stored: str, problem: str
) -> None:
    device_answers(keeper, stored=stored)
    assert keeper.problem == problem and keeper.message_kind == "error"
    assert not keeper.store.writable  # the front end never writes over it
    html = keeper.message_html.value
    assert attr(html, "[role=alert]", "class") is not None
    assert TEXT[f"problem_{problem}"] in text_of(html) and TEXT["problem_next"] in text_of(html)
    href = attr(html, "a.ow-diary-device__download", "href") or ""
    assert base64.b64decode(href.split(",", 1)[1]).decode() == stored
    assert attr(html, "a.ow-diary-device__download", "download") == "pain-diary-from-this-device-2025-03-31.json"
    save(diary, date(2025, 3, 30), 5)  # the diary still works on this page; the device copy stays untouched
    assert len(diary.entries) == 1 and not keeper.store.writable


def test_forget_asks_first_and_moves_the_focus_to_the_question(diary: PainDiary, keeper: DiaryKeeper) -> None:
    device_answers(keeper, stored=STORED)
    focus = keeper.store.focus_count
    keeper.forget_button.click()
    assert keeper.asking and keeper.confirm_box.layout.display == "flex"
    assert select_texts(keeper.question_html.value, f".{QUESTION_CLASS}") == [TEXT["forget_question"]]
    assert attr(keeper.question_html.value, f".{QUESTION_CLASS}", "tabindex") == "-1"
    assert keeper.store.focus_class == QUESTION_CLASS and keeper.store.focus_count == focus + 1
    assert keeper.store.forgotten == 0 and len(diary.entries) == 2  # nothing happened yet

    keeper.no_button.click()
    assert not keeper.asking and keeper.confirm_box.layout.display == "none"
    assert keeper.message == TEXT["not_forgotten"]
    assert keeper.store.forgotten == 0 and len(diary.entries) == 2 and keeper.store.keep

    keeper.forget_button.click()
    keeper.yes_button.click()
    assert keeper.store.forgotten == 1 and not keeper.store.keep and not keeper.keep_box.value
    assert diary.entries == () and load_stored(keeper.store.payload).entries == ()
    assert keeper.message == TEXT["forgotten"] and not keeper.asking
    assert keeper.store.focus_class == "ow-diary-device__forget"


def test_forget_clears_a_diary_that_could_not_be_read(keeper: DiaryKeeper) -> None:
    device_answers(keeper, stored="not json")
    keeper.forget_button.click()
    keeper.yes_button.click()
    assert keeper.problem == "" and keeper.store.writable and keeper.store.forgotten == 1
    assert soup(keeper.message_html.value).select("a") == []


def test_the_switch_sets_what_the_device_keeps(keeper: DiaryKeeper) -> None:
    device_answers(keeper, stored=None)
    assert keeper.message == TEXT["opened_none"]
    keeper.keep_box.value = False
    assert not keeper.store.keep and keeper.message == TEXT["kept_off"]
    keeper.keep_box.value = True
    assert keeper.store.keep and keeper.message == TEXT["kept_on"]


def test_storage_full_says_so_and_loses_nothing(diary: PainDiary, keeper: DiaryKeeper) -> None:
    device_answers(keeper, stored=STORED)
    keeper.store.storage_error = "full"
    assert keeper.message == TEXT["full"] and keeper.message_kind == "error"
    assert len(diary.entries) == 2 and keeper.store.writable
    keeper.store.storage_error = ""  # a later write went through
    assert keeper.message == ""
    keeper.store.storage_error = "unavailable"
    assert keeper.message == TEXT["unavailable"]


def test_in_a_workshop_room_the_switch_starts_off_and_forget_stands_out(diary: PainDiary) -> None:
    keeper = DiaryKeeper(diary, room=True)
    assert select_texts(diary.heading_html.value, ".ow-diary-privacy") == [TEXT["privacy_off"]]
    keeper.keep_box.value = True  # kept on a shared computer: the top line asks to forget it before leaving
    assert select_texts(diary.heading_html.value, ".ow-diary-privacy") == [TEXT["privacy_room_on"]]
    keeper.keep_box.value = False
    assert not keeper.store.default_keep and not keeper.keep_box.value
    assert TEXT["room_note"] in text_of(keeper.help_html.value)
    assert "ow-diary-device__forget--prominent" in keeper.forget_button._dom_classes
    assert keeper.forget_button.button_style == "danger"
    device_answers(keeper, stored=None, keep=False)
    assert not keeper.keep_box.value and keeper.message == ""
    # a person who turned it on, on this device, before: the device's choice wins
    other = DiaryKeeper(PainDiary(today=TODAY), room=True)
    device_answers(other, stored=STORED, keep=True)
    assert other.keep_box.value and len(other.diary.entries) == 2


def test_elsewhere_the_switch_starts_on_without_the_room_note(keeper: DiaryKeeper) -> None:
    assert keeper.store.default_keep and keeper.keep_box.value
    assert TEXT["room_note"] not in text_of(keeper.help_html.value)
    assert "ow-diary-device__forget--prominent" not in keeper.forget_button._dom_classes


def test_the_room_is_told_by_its_environment(monkeypatch: pytest.MonkeyPatch, catalog: Catalog) -> None:
    monkeypatch.delenv(ROOM_ENV, raising=False)
    assert not in_workshop_room()
    assert not PatientDashboard(catalog, today=TODAY).room
    monkeypatch.setenv(ROOM_ENV, "1")
    assert in_workshop_room()
    dash = PatientDashboard(catalog, today=TODAY, start="diary")
    assert dash.room and dash.keeper is not None and dash.keeper.room
    assert dash.diary.device_box.children == (dash.keeper.container,)
    assert TEXT["room_note"] in dash.text
    dash.close()


def test_health_problems_and_medicines_are_kept_with_the_diary_on_the_device(
    diary: PainDiary, keeper: DiaryKeeper
) -> None:
    """Issue 15: the summary's "my health problems" and "my medicines" are kept where the diary is kept."""
    from osteo_lib.views.widgets.summary import ProviderSummary

    stored = dump_stored(load_stored(STORED).entries, conditions="Kidney disease", medicines="")
    device_answers(keeper, stored=stored)
    summary = ProviderSummary(diary, today=TODAY)
    assert summary.conditions_input.value == diary.my_conditions == "Kidney disease"
    summary.medicines_input.value = "Alendronate, once a week"
    found = load_stored(keeper.store.payload)
    assert (found.conditions, found.medicines) == ("Kidney disease", "Alendronate, once a week")
    assert len(found.entries) == 2  # the entries stay with them
    keeper.forget_button.click()
    keeper.yes_button.click()
    assert summary.conditions_input.value == summary.medicines_input.value == ""
    assert load_stored(keeper.store.payload).medicines == ""


def test_what_was_typed_before_the_device_answered_is_not_replaced(diary: PainDiary, keeper: DiaryKeeper) -> None:
    diary.medicines = "typed first"
    device_answers(keeper, stored=dump_stored((), conditions="stored", medicines="stored medicines"))
    assert (diary.my_conditions, diary.medicines) == ("stored", "typed first")
    assert load_stored(keeper.store.payload).medicines == "typed first"


def test_the_first_entry_kept_replaces_the_no_diary_yet_message(diary: PainDiary, keeper: DiaryKeeper) -> None:
    """The rater saw "This device keeps no diary yet" still shown after entries were saved (and kept)."""
    device_answers(keeper, stored=None)
    assert keeper.message == TEXT["opened_none"]
    save(diary, date(2025, 3, 30), 5, note="first")
    assert keeper.message == TEXT["kept_on"] and "first" in keeper.store.payload
    keeper.keep_box.value = False  # switched off: the next entry is not kept, and the message says so
    save(diary, date(2025, 3, 31), 4)
    assert keeper.message == TEXT["kept_off"]
