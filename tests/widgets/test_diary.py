"""The diary family's widgets (PainDiary, ProviderSummary) driven as a person would: set control values,
click buttons, upload a file, read the state and the rendered HTML. Real ipywidgets, no stubs."""

from __future__ import annotations

import base64
import builtins
import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest
import traitlets
from bs4 import Tag

from osteo_lib.care.diary import HELP_WORDS, MAX_BYTES, Entry, Flag, csv_bytes, diary_texts, fmt_day, parse_csv
from osteo_lib.care.summary import summary_texts
from osteo_lib.content.catalog import Catalog
from osteo_lib.views.widgets.base import stylesheet
from osteo_lib.views.widgets.diary import OTHER, PainDiary, walk
from osteo_lib.views.widgets.diary_form import TRIED_JOIN
from osteo_lib.views.widgets.explorer import TreatmentExplorer
from osteo_lib.views.widgets.file_button import FileButton
from osteo_lib.views.widgets.scale_buttons import ScaleButtons
from osteo_lib.views.widgets.summary import ProviderSummary, ids_from_marked
from tests.markup import attr, select_texts, soup
from tests.markup import text as text_of
from tests.widgets.test_file_button import send_files

TODAY = date(2025, 3, 31)
TEXT = diary_texts()  # data/ui/diary.yaml
SUMMARY_TEXT = summary_texts()  # data/ui/summary.yaml


def first_tag(html: str) -> str | None:
    """The name of the first element of ``html``."""
    found = soup(html).find()
    return found.name if isinstance(found, Tag) else None


def stale(summary: ProviderSummary) -> bool:
    """Whether the summary asks to be made again, read afresh (mypy would keep what it saw before a click)."""
    return bool(summary.stale)


def first_shown(box: w.Box) -> w.Widget:
    """The first child a person sees (the shared stylesheet carrier draws nothing)."""
    return next(c for c in box.children if c is not stylesheet())


def fill(
    diary: PainDiary,
    day: date,
    pain: int,
    p: int = 5,
    e: int = 4,
    g: int = 3,
    *,
    tried: str = "",
    other: str = "",
    helped: str = "",
    note: str = "",
) -> None:
    diary.date_picker.value = day
    diary.pain.value, diary.peg_pain.value, diary.peg_enjoyment.value, diary.peg_activity.value = pain, p, e, g
    diary.tried.value, diary.other.value, diary.helped.value, diary.note.value = tried, other, helped, note


def save(diary: PainDiary, day: date, pain: int, **kwargs: Any) -> None:
    fill(diary, day, pain, **kwargs)
    diary.save_button.click()


def upload(diary: PainDiary, content: bytes, name: str = "diary.csv", size: int | None = None) -> None:
    """Choose a file with the diary's upload button, as the browser sends it (tests/widgets/test_file_button.py)."""
    send_files(diary.upload, [(name, content)], sizes=[size])


def decode_data_uri(href: str, mime: str) -> bytes:
    prefix = f"data:{mime};base64,"
    assert href.startswith(prefix)
    return base64.b64decode(href[len(prefix) :])


@pytest.fixture()
def diary(catalog: Catalog) -> PainDiary:
    return PainDiary(catalog, today=TODAY)


# --- PainDiary -----------------------------------------------------------------------------------------------
def test_diary_starts_empty_with_a_heading_and_labelled_controls(diary: PainDiary, catalog: Catalog) -> None:
    assert diary.entries == ()
    assert diary.flags == ()
    assert diary.message == ""
    assert first_shown(diary.container) is diary.heading_html
    assert first_tag(diary.heading_html.value) == "h2"
    assert select_texts(diary.heading_html.value, "h2") == [TEXT["diary_title"]]
    assert diary.date_picker.value == TODAY
    assert diary.date_picker.max == TODAY
    labelled = [c for c in walk(diary.container) if isinstance(c, (w.Dropdown, w.Text, w.DatePicker, FileButton))]
    assert len(labelled) == 6
    assert all(c.description for c in labelled)
    scales = [c for c in walk(diary.container) if isinstance(c, ScaleButtons)]
    assert scales == [diary.pain, diary.peg_pain, diary.peg_enjoyment, diary.peg_activity]
    labels = ["pain_label", "peg_p_label", "peg_e_label", "peg_g_label"]
    assert [attr(c.markup, "[role=group]", "aria-label") for c in scales] == [TEXT[k] for k in labels]
    assert all(b.description for b in walk(diary.container) if isinstance(b, w.Button))
    # "what I tried" offers every method in the catalog, plus "something else"
    values = [v for _, v in diary.tried.options]
    assert set(values) == {"", OTHER, *(m.name for m in catalog.methods)}
    assert TEXT["no_entries"] in diary.text
    assert TEXT["download_empty"] in diary.text
    links = [a["href"] for a in soup(diary.sources_html.value).select("ol.ow-sources a")]
    assert links == [catalog.reference("krebs2009").link, catalog.reference("farrar2001").link]
    assert soup(diary.text).select("[style]") == []


def test_saving_an_entry_updates_state_chart_table_and_download(diary: PainDiary, catalog: Catalog) -> None:
    method = catalog.methods[0].name
    save(diary, date(2025, 3, 1), 4, tried=method, helped="some", note='Walked, "slowly" – café')
    assert diary.message_kind == "ok"
    assert diary.message == TEXT["saved"].format(day="1 March 2025")
    assert diary.entries == (Entry(date(2025, 3, 1), 4, 5, 4, 3, method, "some", 'Walked, "slowly" – café'),)
    save(diary, date(2025, 3, 3), 7, p=8, e=8, g=8, tried=OTHER, other="Warm bath", helped="a lot")
    assert [e.pain for e in diary.entries] == [4, 7]
    assert diary.entries[-1].tried == "Warm bath"
    assert diary.entries[-1].helped == "a lot"
    assert attr(diary.chart_html.value, "svg", "role") == "img"
    label = attr(diary.chart_html.value, "svg", "aria-label")
    assert label
    assert "Pain today went from 4 to 7" in label
    table = text_of(diary.table_html.value)
    assert "1 March 2025 4 4 5 4 3" in table
    assert "3 March 2025 7 8 8 8 8 Warm bath a lot" in table
    assert 'Walked, "slowly" – café' in table
    # the download link carries the whole diary; importing it gives the same entries
    assert attr(diary.download_html.value, "a.ow-diary-download", "download") == f"pain-diary-{TODAY.isoformat()}.csv"
    data = decode_data_uri(diary.csv_href, "text/csv")
    assert attr(diary.download_html.value, "a.ow-diary-download", "href") == diary.csv_href
    assert parse_csv(data, today=TODAY).entries == diary.entries


def test_missing_answers_are_listed_and_nothing_is_saved(diary: PainDiary) -> None:
    fill(diary, date(2025, 3, 1), 4)
    diary.peg_enjoyment.value = None  # two of the three weekly questions answered
    diary.tried.value = OTHER
    diary.save_button.click()
    assert diary.entries == ()
    assert diary.message_kind == "error"
    assert diary.message == TEXT["fix_entry"]
    partial = TEXT["peg_partial"].format(names=f"\u201c{TEXT['peg_e_label']}\u201d")
    assert diary.problems == (partial, TEXT["need_other"])
    assert attr(diary.message_html.value, ".ow-diary-message", "role") == "alert"
    assert select_texts(diary.message_html.value, "li") == list(diary.problems)
    diary.date_picker.value = None
    diary.save_button.click()
    assert TEXT["need_date"] in diary.problems


def test_several_things_tried_on_one_day_are_saved_together_and_shown_again(diary: PainDiary, catalog: Catalog) -> None:
    """Issue 15: "what I tried" allowed only one method. One is picked from the list, more are written."""
    method = catalog.methods[0].name
    save(diary, date(2025, 3, 1), 4, tried=method, other="warm bath, short walk")
    assert diary.entries[-1].tried == f"{method}{TRIED_JOIN}warm bath, short walk"
    save(diary, date(2025, 3, 2), 5, other="Yoga")  # written without picking from the list: saved as written
    assert diary.entries[-1].tried == "Yoga"
    diary.date_picker.value = date(2025, 3, 1)  # that day's answers come back, each in its place
    assert (diary.tried.value, diary.other.value) == (method, "warm bath, short walk")
    diary.date_picker.value = date(2025, 3, 2)
    assert (diary.tried.value, diary.other.value) == ("", "Yoga")
    diary.date_picker.value = date(2025, 3, 3)  # a day without an entry: blank, nothing carried over
    assert (diary.pain.value, diary.tried.value, diary.other.value) == (None, "", "")


def test_future_date_is_refused(diary: PainDiary) -> None:
    diary.date_picker.value = date(2025, 4, 2)
    assert diary.date_picker.value == TODAY  # the picker stops at today
    diary.date_picker.max = None  # and if it did not, saving refuses the date
    save(diary, date(2025, 4, 2), 4)
    assert diary.entries == ()
    assert diary.problems == (TEXT["future_entry"].format(day="2 April 2025"),)


def test_second_entry_for_a_date_asks_before_replacing(diary: PainDiary) -> None:
    save(diary, date(2025, 3, 1), 4)
    first = diary.entries
    save(diary, date(2025, 3, 1), 9)
    assert diary.entries == first
    assert diary.message_kind == "ask"
    assert diary.message == TEXT["exists"].format(day="1 March 2025")
    assert diary.pending is not None
    assert diary.pending.pain == 9
    assert diary.confirm_box.layout.display == "flex"
    diary.keep_button.click()
    assert diary.entries == first
    assert diary.pending is None
    assert diary.confirm_box.layout.display == "none"
    assert diary.message == TEXT["kept_old"].format(day="1 March 2025")
    save(diary, date(2025, 3, 1), 9)
    diary.replace_button.click()
    assert [e.pain for e in diary.entries] == [9]
    assert diary.pending is None
    assert diary.message == TEXT["replaced"].format(day="1 March 2025")
    # saving exactly the same entry again just confirms it
    save(diary, date(2025, 3, 1), 9)
    assert diary.message_kind == "ok"
    assert diary.pending is None


def test_remove_entry_for_the_chosen_date_asks_first(diary: PainDiary) -> None:
    save(diary, date(2025, 3, 1), 4)
    save(diary, date(2025, 3, 2), 5)
    diary.date_picker.value = date(2025, 3, 1)
    diary.remove_button.click()
    assert len(diary.entries) == 2  # nothing removed yet: it cannot be undone, so the diary asks
    assert diary.message == TEXT["remove_ask"].format(day="1 March 2025") and diary.message_kind == "ask"
    assert diary.remove_box.layout.display == "flex"
    diary.remove_no_button.click()
    assert len(diary.entries) == 2 and diary.message == TEXT["remove_kept"].format(day="1 March 2025")
    assert diary.remove_box.layout.display == "none"
    diary.remove_button.click()
    diary.remove_yes_button.click()
    assert [e.day for e in diary.entries] == [date(2025, 3, 2)]
    assert diary.message == TEXT["removed"].format(day="1 March 2025")
    assert diary.remove_box.layout.display == "none"
    diary.remove_button.click()
    assert diary.message == TEXT["nothing_to_remove"].format(day="1 March 2025")
    assert len(diary.entries) == 1 and diary.pending_removal is None


def test_changing_the_date_shows_that_days_answers_but_never_drops_typed_ones(diary: PainDiary) -> None:
    save(diary, date(2025, 3, 1), 4, note="stiff")
    saved = diary.entries[0]
    diary.date_picker.value = date(2025, 3, 2)  # a new day: the saved answers of 1 March do not stay
    assert (diary.pain.value, diary.peg_pain.value, diary.note.value) == (None, None, "")
    diary.date_picker.value = date(2025, 3, 1)  # a day with an entry: its answers are shown
    assert (diary.pain.value, diary.peg_pain.value, diary.note.value) == (4, saved.peg_pain, "stiff")
    diary.pain.value = 7  # typed, not saved ...
    diary.date_picker.value = date(2025, 3, 3)
    assert diary.pain.value == 7 and diary.note.value == "stiff"  # ... kept: nothing typed is lost


def test_changes_of_two_points_are_flagged_in_plain_words(diary: PainDiary) -> None:
    save(diary, date(2025, 3, 1), 3)
    save(diary, date(2025, 3, 2), 4)
    assert diary.flags == ()
    assert TEXT["flags_title"] not in diary.text
    save(diary, date(2025, 3, 5), 7)
    flags: tuple[Flag, ...] = diary.flags
    kinds = [(f.kind, f.change) for f in flags]
    assert kinds == [("since_last", 3), ("since_first", 4)]
    shown = text_of(diary.flags_html.value)
    assert TEXT["flags_title"] in shown
    assert (
        "Your pain went up by 3 points since 2 March 2025 (from 4 to 7 on 5 March 2025). "
        "Read “When to call” under the chart." in shown
    )
    assert "Your pain is 4 points higher than in your first entry on 1 March 2025" in shown


def test_upload_merges_a_valid_file_and_keeps_entries_made_here(diary: PainDiary) -> None:
    save(diary, date(2025, 3, 2), 8, note="made here")
    incoming = (
        Entry(date(2025, 3, 1), 2, 2, 2, 2, "=SUM(A1)", "a lot", 'comma, "quote", ünï'),
        Entry(date(2025, 3, 2), 1, 1, 1, 1),
    )
    upload(diary, csv_bytes(incoming), name="old <diary>.csv")
    assert diary.entries == (incoming[0], Entry(date(2025, 3, 2), 8, 5, 4, 3, note="made here"))
    assert diary.message == TEXT["import_ok"].format(added=1, skipped=1, name="old <diary>.csv")
    assert diary.report == (
        TEXT["import_row_kept"].format(row=3, day="2 March 2025"),
        TEXT["import_row_added"].format(row=2, day="1 March 2025"),
    )
    assert select_texts(diary.files_message_html.value, "li") == list(diary.report)
    assert "old &lt;diary&gt;.csv" in diary.files_message_html.value
    assert diary.message_html.value == ""  # the message is next to the upload button, not above the form
    assert diary.upload.value == ()  # cleared, so the same file can be loaded again


def test_an_upload_with_a_bad_row_loads_the_good_rows_and_names_the_bad_one(diary: PainDiary) -> None:
    """Issue 15: "says what was added, what was skipped and why, row by row; nothing already there is lost"."""
    save(diary, date(2025, 3, 1), 4)
    before = diary.entries
    bad = b"date,pain,peg_pain,peg_enjoyment,peg_activity,tried,helped,note\n2025-03-02,3,3,3,3,,,\n" + (
        b"2025-03-03,12,3,3,3,,,\n2025-03-01,2,,,,,,\n"
    )
    upload(diary, bad, name="bad.csv")
    assert diary.entries == (*before, Entry(date(2025, 3, 2), 3, 3, 3, 3))
    assert diary.message_kind == "ok"
    assert diary.message == TEXT["import_ok"].format(name="bad.csv", added=1, skipped=2)
    bad_row = TEXT["import_row_bad"].format(row=3, problems=TEXT["bad_number"].format(column="pain", value="12"))
    assert diary.report == (
        bad_row,
        TEXT["import_row_kept"].format(row=4, day="1 March 2025"),
        TEXT["import_row_added"].format(row=2, day="2 March 2025"),
    )
    assert select_texts(diary.files_message_html.value, "li") == list(diary.report)


def test_a_file_without_one_good_row_changes_nothing_and_names_the_rows(diary: PainDiary) -> None:
    save(diary, date(2025, 3, 1), 4)
    before = diary.entries
    bad = b"date,pain\n2025-03-03,12\n2025-03-04,\n"
    upload(diary, bad, name="bad.csv")
    assert diary.entries == before
    assert diary.message_kind == "error"
    assert diary.message == TEXT["import_rejected"].format(name="bad.csv")
    assert diary.problems == (
        "Row 2: " + TEXT["bad_number"].format(column="pain", value="12"),
        "Row 3: " + TEXT["missing_number"].format(column="pain"),
    )
    assert select_texts(diary.files_message_html.value, "p") == [diary.message]
    assert select_texts(diary.files_message_html.value, "li") == list(diary.problems)


def test_a_file_with_only_date_and_pain_columns_loads(diary: PainDiary) -> None:
    upload(diary, b"Date;Pain\r\n2025-03-02;6\r\n", name="short.csv")
    assert diary.entries == (Entry(date(2025, 3, 2), 6),)
    assert diary.message == TEXT["import_ok"].format(name="short.csv", added=1, skipped=0)


def test_too_big_upload_is_refused_by_its_size(diary: PainDiary) -> None:
    upload(diary, b"\xff\xfe not even text", size=MAX_BYTES + 1)
    assert diary.entries == ()
    assert diary.problems == (TEXT["file_too_big"].format(size=MAX_BYTES // 1000 + 1, limit=MAX_BYTES // 1000),)


def test_entries_trait_is_validated(diary: PainDiary) -> None:
    a = Entry(date(2025, 3, 2), 4, 4, 4, 4)
    b = Entry(date(2025, 3, 1), 5, 5, 5, 5)
    diary.entries = (a, b)
    assert diary.entries == (b, a)
    assert diary.csv_href
    with pytest.raises(traitlets.TraitError):
        diary.entries = (a, Entry(date(2025, 3, 2), 1, 1, 1, 1))
    with pytest.raises(traitlets.TraitError):
        diary.entries = ({"day": "2025-03-01"},)
    assert "1 March 2025" in diary.text  # set directly, rendered too


@pytest.fixture()
def no_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Run in an empty working directory and record every attempt to open a file for writing."""
    monkeypatch.chdir(tmp_path)
    attempts: list[str] = []
    real_open = builtins.open

    def guarded_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(flag in mode for flag in "wax+"):
            attempts.append(str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    yield attempts
    assert os.listdir(tmp_path) == []


def test_diary_and_summary_never_write_files(no_writes: list[str], catalog: Catalog) -> None:
    diary = PainDiary(catalog, today=TODAY)
    save(diary, date(2025, 3, 1), 4, note="first")
    save(diary, date(2025, 3, 2), 7)
    data = decode_data_uri(diary.csv_href, "text/csv")
    upload(diary, data)
    summary = ProviderSummary(diary, today=TODAY, marked_ids=[catalog.methods[0].id])
    summary.questions_input.value = "Why?"
    summary.build_button.click()
    assert summary.html
    assert diary.entries
    assert no_writes == []


# --- ProviderSummary -----------------------------------------------------------------------------------------
def test_summary_follows_the_explorers_marks(diary: PainDiary, catalog: Catalog) -> None:
    explorer = TreatmentExplorer(catalog)
    summary = ProviderSummary(diary, marked_source=explorer, today=TODAY)
    assert summary.marked_ids == ()
    assert SUMMARY_TEXT["marked_empty"] in text_of(summary.text)
    offered = [m for m in catalog.methods if m.patient_option]  # what a patient can mark
    first, second = offered[0], offered[3]
    explorer.marked = [second.id, first.id]
    assert list(summary.marked_ids) == [second.id, first.id]
    assert select_texts(summary.marked_html.value, "li") == [second.name, first.name]
    save(diary, date(2025, 3, 1), 4)
    summary.build_button.click()
    assert select_texts(summary.html, "span.ows-method") == [second.name, first.name]


def test_summary_lists_the_health_problems_ticked_in_the_explorer(diary: PainDiary, catalog: Catalog) -> None:
    explorer = TreatmentExplorer(catalog)
    summary = ProviderSummary(diary, marked_source=explorer, today=TODAY)
    condition = catalog.conditions[2]
    explorer.condition_controls[condition.id].value = True  # what ticking the box in the page does
    assert summary.conditions == (condition.id,)
    save(diary, date(2025, 3, 1), 4)
    summary.build_button.click()
    assert select_texts(summary.html, "p.ows-conditions") == [
        f"{SUMMARY_TEXT['conditions_title']} {condition.patient_label}."
    ]
    explorer.conditions = ()
    assert summary.stale and summary.conditions == ()


def test_any_object_with_a_marked_trait_works_and_ids_can_be_set(diary: PainDiary, catalog: Catalog) -> None:
    class Marks(traitlets.HasTraits):
        marked = traitlets.Any()

    source = Marks(marked={catalog.methods[1].id})
    summary = ProviderSummary(diary, source, today=TODAY)
    assert summary.marked_ids == (catalog.methods[1].id,)
    source.marked = {catalog.methods[2].id: True, catalog.methods[1].id: False}
    assert summary.marked_ids == (catalog.methods[2].id,)
    summary.marked_ids = (catalog.methods[0].id,)
    assert select_texts(summary.marked_html.value, "li") == [catalog.methods[0].name]
    assert ids_from_marked([catalog.methods[0]]) == (catalog.methods[0].id,)
    assert ids_from_marked(None) == ()


def test_build_gives_a_download_that_decodes_to_the_same_html(diary: PainDiary, catalog: Catalog) -> None:
    save(diary, date(2025, 3, 1), 3)
    save(diary, date(2025, 3, 4), 6)
    summary = ProviderSummary(diary, today=TODAY, marked_ids=[catalog.methods[0].id, "not_a_method"])
    assert summary.html == ""
    assert summary.download_html.value == ""
    summary.name_input.value = '<b>Ann</b> "O\'Neil"'
    summary.questions_input.value = "Can I <script>x()</script> exercise?\nWhat about heat?"
    summary.build_button.click()
    document = summary.html
    assert decode_data_uri(summary.download_href, "text/html").decode("utf-8") == document
    link = summary.download_html.value
    assert attr(link, "a.ow-diary-download", "href") == summary.download_href
    assert attr(link, "a.ow-diary-download", "download") == f"pain-summary-{TODAY.isoformat()}.html"
    # the preview shows the same document, sandboxed
    preview = summary.preview_html.value
    assert attr(preview, "iframe", "sandbox") == ""
    assert attr(preview, "iframe", "srcdoc") == document
    assert attr(preview, "iframe", "title") == SUMMARY_TEXT["preview_title"]
    # the numbers, the escaped name and questions, and the marked method are in it
    assert "<script>" not in document
    assert "&lt;script&gt;x()&lt;/script&gt;" in document
    assert "&lt;b&gt;Ann&lt;/b&gt;" in document
    assert "What about heat?" in document
    assert "up 3 points" in document
    assert SUMMARY_TEXT.format("marked_unknown", count=1) in summary.message


def test_summary_goes_stale_when_inputs_change(diary: PainDiary, catalog: Catalog) -> None:
    save(diary, date(2025, 3, 1), 3)
    summary = ProviderSummary(diary, today=TODAY)
    summary.build_button.click()
    assert not stale(summary)
    assert summary.download_html.value
    save(diary, date(2025, 3, 2), 8)
    assert stale(summary)
    assert summary.download_html.value == ""
    assert summary.preview_html.value == ""
    assert select_texts(summary.message_html.value, "p[role=status]") == [SUMMARY_TEXT["stale"]]
    summary.build_button.click()
    assert not stale(summary)
    assert "8 on 2 Mar 2025" in summary.html
    summary.questions_input.value = "New question"
    assert stale(summary)
    summary.build_button.click()
    assert not stale(summary)
    summary.marked_ids = (catalog.methods[0].id,)
    assert stale(summary)


def test_summary_controls_are_labelled(diary: PainDiary) -> None:
    summary = ProviderSummary(diary, today=TODAY)
    assert first_shown(summary.container) is summary.heading_html
    assert first_tag(summary.heading_html.value) == "h2"
    assert select_texts(summary.heading_html.value, "h2") == [SUMMARY_TEXT["summary_widget_title"]]
    assert summary.name_input.description == SUMMARY_TEXT["name_label"]
    assert summary.questions_input.description == SUMMARY_TEXT["questions_label"]
    assert summary.build_button.description == SUMMARY_TEXT["build"]
    assert fmt_day(TODAY) == "31 March 2025"


def test_how_much_it_helped_is_asked_in_words_not_on_a_second_0_to_10_scale(diary: PainDiary) -> None:
    """Beside the pain scales (10 = worst), a 0-10 "helped" scale (10 = best) is easily read the wrong way
    round (issue 14): the form offers words; a number from an older diary file stays, with both ends named."""
    offered = [value for _, value in diary.helped.options]
    assert offered == ["", *HELP_WORDS]
    assert [label for label, _ in diary.helped.options][1:] == ["Not at all", "A little", "Some", "A lot"]
    entry = Entry(date(2025, 3, 2), 5, helped="7")
    diary.entries = (entry,)
    diary.date_picker.value = date(2025, 3, 2)
    assert diary.helped.value == "7"
    label = {v: k for k, v in diary.helped.options}["7"]
    assert "0 = did not help" in label and "10 = helped completely" in label
    diary.date_picker.value = date(2025, 3, 4)
    assert [value for _, value in diary.helped.options] == ["", *HELP_WORDS]


def test_the_trend_chart_says_when_to_call(diary: PainDiary) -> None:
    """Issue 14: a chart says what to do. Under the trend: when a rise means calling the provider."""
    assert not soup(diary.chart_html.value).select(".ow-diary-call")  # nothing to read yet
    save(diary, date(2025, 3, 1), 4)
    call = soup(diary.chart_html.value).select(".ow-diary-call")
    assert len(call) == 1
    words = call[0].get_text(" ", strip=True)
    assert words == f"{TEXT['trend_call_lead']} {' '.join(TEXT['trend_call'].split())}"
    assert "2 or more points" in words and "2 days" in words and "call your doctor or nurse" in words.lower()


def test_the_diary_says_one_when_to_call_rule_once(diary: PainDiary) -> None:
    """Issue 14: the alert box and the text under the chart said two different rules (one waited 2 days,
    one did not). Now the rule is said once, under the chart, and each rise in the box points to it."""
    for day, pain in ((1, 3), (2, 4), (5, 7), (6, 8)):
        save(diary, date(2025, 3, day), pain)
    assert any(f.change > 0 for f in diary.flags)
    words = " ".join(soup(diary.text).get_text(" ", strip=True).split())
    words = words.replace(TEXT["trend_call_lead"], "").replace("“When to call”", "")  # the rule's name
    sentences = re.split(r"(?<=[.!?])\s+", words)
    calls = [s.strip() for s in sentences if re.search(r"\bcall\b", s, re.IGNORECASE)]
    rule = " ".join(TEXT["trend_call"].split()).split(". ")[0] + "."
    assert len(calls) == 1 and calls[0].endswith(rule), calls
    assert "2 days" in calls[0]
    rises = [li.get_text(" ", strip=True) for li in soup(diary.flags_html.value).select("li")]
    assert rises and all("When to call" in r for r in rises if "up by" in r or "higher" in r)


def test_the_saved_message_is_sent_after_the_entry_it_speaks_of(diary: PainDiary) -> None:
    """The page applies widget updates in the order they are sent: "Saved your entry" (a status a screen reader
    announces) must not reach it before the table and chart that show the entry."""
    order: list[str] = []
    for name in ("table_html", "chart_html", "message_html"):
        getattr(diary, name).observe(lambda _c, name=name: order.append(name), "value")
    save(diary, TODAY, 6, note="order-check")
    assert "order-check" in diary.table_html.value and "Saved" in diary.message_html.value
    assert order.index("message_html") > max(order.index("table_html"), order.index("chart_html")), order
