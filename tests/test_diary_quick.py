"""Quick entry in the pain diary (issue 15, section 3): only the date and pain today are needed; the three PEG
questions are optional (all three or none), asked once a week, and the PEG score and trend use only the days
that have them. Domain rules (osteo_lib.care.diary, osteo_lib.care.summary, the chart) and the widget
(PainDiary, ScaleButtons) driven through their traits. Real ipywidgets, no stubs."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

import ipywidgets as w
import openpyxl
import pytest
import traitlets

from osteo_lib.care.diary import (
    PEG_EVERY_DAYS,
    Entry,
    InvalidEntry,
    csv_bytes,
    diary_texts,
    fmt_day,
    make_entry,
    parse_csv,
    parse_file,
    peg_due,
    peg_entries,
    to_csv,
    trend_sentence,
)
from osteo_lib.care.diary.device import dump_stored, load_stored
from osteo_lib.care.summary import exact_numbers, key_numbers, summary_texts, weekly_rows
from osteo_lib.content.catalog import Catalog
from osteo_lib.views.diary_chart import entries_table_html, trend_svg
from osteo_lib.views.summary_document import build_summary
from osteo_lib.views.widgets import scale_buttons
from osteo_lib.views.widgets.base import stylesheet_text
from osteo_lib.views.widgets.diary import PainDiary, walk
from osteo_lib.views.widgets.diary_device import DiaryKeeper
from osteo_lib.views.widgets.scale_buttons import ScaleButtons
from tests.markup import soup
from tests.markup import text as text_of

TODAY = date(2025, 3, 31)
TEXT = diary_texts()
SUMMARY = summary_texts()
QUOTE = "\u201c{}\u201d"


def day(n: int) -> date:
    return date(2025, 3, n)


def no_peg(n: int, pain: int, **text: str) -> Entry:
    return Entry(day(n), pain, **text)  # type: ignore[arg-type]


def with_peg(n: int, pain: int, p: int = 5, e: int = 4, g: int = 3) -> Entry:
    return Entry(day(n), pain, p, e, g)


# --- the entry: date and pain today are enough ----------------------------------------------------------------
def test_date_and_pain_today_make_an_entry_without_peg() -> None:
    entry = make_entry(day(2), 6, today=TODAY)
    assert entry == Entry(day(2), 6)
    assert (entry.peg_pain, entry.peg_enjoyment, entry.peg_activity) == (None, None, None)
    assert not entry.has_peg and entry.peg is None
    full = make_entry(day(2), 6, 7, 5, 3, today=TODAY)
    assert full.has_peg and full.peg == pytest.approx(5)


def test_pain_today_is_still_needed() -> None:
    with pytest.raises(InvalidEntry) as info:
        make_entry(day(2), None, today=TODAY)
    assert info.value.problems == (TEXT["need_number"].format(label=TEXT["pain_label"]),)


@pytest.mark.parametrize(
    ("peg", "missing"),
    [
        ((3, None, None), ("peg_e_label", "peg_g_label")),
        ((None, 4, None), ("peg_p_label", "peg_g_label")),
        ((3, 4, None), ("peg_g_label",)),
        ((None, 4, 5), ("peg_p_label",)),
    ],
)
def test_part_of_the_peg_answers_names_what_is_missing(
    peg: tuple[int | None, int | None, int | None], missing: tuple[str, ...]
) -> None:
    with pytest.raises(InvalidEntry) as info:
        make_entry(day(2), 6, *peg, today=TODAY)
    names = ", ".join(QUOTE.format(TEXT[k]) for k in missing)
    assert info.value.problems == (TEXT["peg_partial"].format(names=names),)
    for key in missing:
        assert TEXT[key] in info.value.problems[0]


@pytest.mark.parametrize(
    ("args", "label", "value"),
    [
        ((11,), "pain_label", 11),
        ((-1,), "pain_label", -1),
        ((4, 12, 3, 3), "peg_p_label", 12),
        ((4, 3, 3, -2), "peg_g_label", -2),
    ],
)
def test_numbers_outside_0_to_10_get_a_clear_message(args: tuple[int, ...], label: str, value: int) -> None:
    with pytest.raises(InvalidEntry) as info:
        make_entry(day(2), *args, today=TODAY)
    assert info.value.problems == (TEXT["bad_score"].format(label=TEXT[label], value=value),)
    assert "0 (none) to 10 (the most)" in info.value.problems[0]


@pytest.mark.parametrize("peg", [(3, None, None), (None, None, 4), (3, 3, None)])
def test_the_entry_itself_refuses_part_of_the_peg(peg: tuple[int | None, ...]) -> None:
    with pytest.raises(ValueError, match="all three PEG answers or none"):
        Entry(day(2), 4, *peg)  # type: ignore[arg-type]


# --- asked weekly -----------------------------------------------------------------------------------------------
def test_peg_is_due_when_no_entry_in_the_past_7_days_has_it() -> None:
    assert PEG_EVERY_DAYS == 7
    assert peg_due([], TODAY)
    assert peg_due([no_peg(30, 4), no_peg(31, 5)], TODAY)  # entries, but none with the weekly questions
    assert not peg_due([with_peg(31, 4)], TODAY)  # answered today
    assert not peg_due([with_peg(25, 4), no_peg(30, 4)], TODAY)  # 6 days ago
    assert peg_due([with_peg(24, 4), no_peg(30, 4)], TODAY)  # 7 days ago: a week has passed
    # for an earlier day, a later answer counts too (the questions are about the same week)
    assert not peg_due([with_peg(31, 4)], day(26))
    assert peg_due([with_peg(31, 4)], day(24))


def test_peg_entries_keeps_only_the_days_with_the_weekly_questions() -> None:
    entries = [no_peg(3, 4), with_peg(2, 5), no_peg(1, 6), with_peg(4, 7)]
    assert [e.day for e in peg_entries(entries)] == [day(2), day(4)]


# --- the PEG trend uses the days that have it ---------------------------------------------------------------
def test_trend_sentence_says_which_entries_the_peg_comes_from() -> None:
    assert trend_sentence([no_peg(1, 4)]) == TEXT["trend_one_no_peg"].format(day=fmt_day(day(1)), pain=4)
    assert trend_sentence([with_peg(1, 4, 6, 6, 6)]) == TEXT["trend_one"].format(day=fmt_day(day(1)), pain=4, peg=6)
    none = trend_sentence([no_peg(1, 4), no_peg(2, 6)])
    assert none.endswith(TEXT["trend_peg_none"]) and "Pain today went from 4 to 6" in none
    one = trend_sentence([no_peg(1, 4), with_peg(2, 6, 3, 3, 3), no_peg(3, 5)])
    assert one.endswith(TEXT["trend_peg_one"].format(day=fmt_day(day(2)), peg=3))
    some = trend_sentence([with_peg(1, 4, 6, 6, 6), no_peg(2, 6), no_peg(3, 5), with_peg(8, 3, 2, 2, 2)])
    assert some.endswith(TEXT["trend_peg_some"].format(count=2, peg_first=6, peg_last=2))
    every = trend_sentence([with_peg(1, 4, 6, 6, 6), with_peg(2, 3, 2, 2, 2)])
    assert every.endswith(TEXT["trend_peg_all"].format(peg_first=6, peg_last=2))


def test_chart_draws_the_peg_only_on_days_that_have_it() -> None:
    entries = [with_peg(1, 4, 6, 6, 6), no_peg(2, 6), no_peg(3, 5), with_peg(5, 3, 3, 3, 3)]
    svg = soup(str(trend_svg(entries)))
    assert len(svg.select("circle.ow-chart-marker.ow-chart-pain")) == 4 + 1  # 4 days and the legend
    peg_marks = svg.select("rect.ow-chart-marker.ow-chart-peg title")
    assert [t.get_text() for t in peg_marks] == [
        TEXT["point_peg"].format(day=fmt_day(day(1)), value=6),
        TEXT["point_peg"].format(day=fmt_day(day(5)), value=3),
    ]
    peg_line = svg.select_one("polyline.ow-chart-peg")
    assert peg_line is not None and len(str(peg_line["points"]).split()) == 2
    pain_line = svg.select_one("polyline.ow-chart-pain")
    assert pain_line is not None and len(str(pain_line["points"]).split()) == 4
    # one day with the PEG: its marker, no PEG line
    single = soup(str(trend_svg([no_peg(1, 4), with_peg(2, 5)])))
    assert single.select("polyline.ow-chart-peg") == [] and len(single.select("rect.ow-chart-marker")) == 1 + 1


def test_table_leaves_the_peg_cells_empty_on_days_without_it() -> None:
    table = soup(str(entries_table_html([no_peg(1, 4, note="stiff"), with_peg(2, 5, 6, 5, 4)])))
    rows = [[c.get_text() for c in r.select("th, td")] for r in table.select("tbody tr")]
    assert rows[0][:5] == [fmt_day(day(1)), "4", "", "", ""] and rows[0][-1] == "stiff"
    assert rows[1][:6] == [fmt_day(day(2)), "5", "5", "6", "5", "4"]


# --- entries without the PEG round-trip ---------------------------------------------------------------------
MIXED = (no_peg(1, 4, note="no weekly questions"), with_peg(2, 6, 7, 5, 3), no_peg(3, 2, tried="Heat packs"))


def test_csv_export_and_import_keep_entries_without_peg() -> None:
    text = to_csv(MIXED)
    assert text.splitlines()[1] == "2025-03-01,4,,,,,,no weekly questions"
    assert text.splitlines()[2] == "2025-03-02,6,7,5,3,,,"
    result = parse_csv(csv_bytes(MIXED), today=TODAY)
    assert result.ok and result.entries == MIXED


def test_an_excel_workbook_with_empty_peg_cells_is_read() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Date", "Pain", "PEG pain", "PEG enjoyment", "PEG activity", "Tried", "Helped", "Note"])
    sheet.append([date(2025, 3, 1), 4, None, None, None, None, None, "no weekly questions"])
    sheet.append([date(2025, 3, 2), 6, 7, 5, 3, None, None, None])
    out = io.BytesIO()
    book.save(out)
    result = parse_file(out.getvalue(), "diary.xlsx", today=TODAY)
    assert result.ok, result.messages()
    assert result.entries == MIXED[:2]


def test_an_imported_row_with_part_of_the_peg_names_the_empty_cells() -> None:
    data = (
        b"date,pain,peg_pain,peg_enjoyment,peg_activity,tried,helped,note\r\n"
        b"2025-03-01,4,3,,,,,\r\n"
        b"2025-03-02,,,,,,,\r\n"
        b"2025-03-03,5,,,,,,\r\n"
    )
    result = parse_csv(data, today=TODAY)
    assert [e.day for e in result.entries] == [date(2025, 3, 3)]  # the good row loads, the others are named
    assert tuple(str(p) for p in result.skipped) == (
        TEXT["row"].format(row=2, text=TEXT["missing_peg"].format(names="peg_enjoyment, peg_activity")),
        TEXT["row"].format(row=3, text=TEXT["missing_number"].format(column="pain")),
    )


def test_the_device_keeps_entries_without_peg() -> None:
    stored = dump_stored(MIXED)
    records = json.loads(stored)["entries"]
    assert records[0]["peg_pain"] is None and records[1]["peg_pain"] == 7
    found = load_stored(stored)
    assert found.ok and found.entries == MIXED
    records[0]["peg_pain"] = 3  # part of the PEG: not an entry
    broken = json.loads(stored)
    broken["entries"] = records
    assert load_stored(json.dumps(broken)).problem == "unreadable"


def test_a_diary_without_peg_answers_reaches_the_device_and_comes_back(catalog: Catalog) -> None:
    diary = PainDiary(catalog, today=TODAY)
    keeper = DiaryKeeper(diary)
    with keeper.store.hold_trait_notifications():
        keeper.store.keep, keeper.store.stored, keeper.store.loaded = True, None, True
    diary.pain.value = 3
    diary.save_button.click()
    assert load_stored(keeper.store.payload).entries == (Entry(TODAY, 3),)
    again = PainDiary(catalog, today=TODAY)
    other = DiaryKeeper(again)
    with other.store.hold_trait_notifications():
        other.store.keep, other.store.stored, other.store.loaded = True, keeper.store.payload, True
    assert again.entries == (Entry(TODAY, 3),)


# --- the summary's averages say how many entries they used --------------------------------------------------
def test_weekly_peg_mean_uses_only_the_days_with_it_and_says_how_many(catalog: Catalog) -> None:
    # Monday 3 March 2025 to Sunday 9 March: 5 entries, 2 with the PEG; the next week: none with it
    entries = [with_peg(3, 4, 6, 6, 6), no_peg(4, 5), no_peg(5, 6), with_peg(6, 7, 3, 3, 3), no_peg(7, 8)]
    entries += [no_peg(10 + i, 5) for i in range(5)]
    weeks = weekly_rows(entries)
    assert weeks[0][1:] == (5, 6.0, 4, 8, 4.5, 2)
    assert weeks[1][5:] == (None, 0)
    many = entries + [no_peg(17 + i, 4) for i in range(5)]  # long enough to be summarised by week
    document = text_of(build_summary(many, [], "", catalog, TODAY))
    assert SUMMARY["peg_week_some"].format(value="about 5", count=2) in document  # 4.5, whole for the patient
    assert SUMMARY["peg_week_none"] in document


def test_latest_peg_score_comes_from_the_latest_entry_that_has_it() -> None:
    rows = dict(key_numbers([with_peg(1, 4, 6, 5, 4), no_peg(2, 6), no_peg(3, 7)]))
    assert rows[SUMMARY["row_peg"]] == SUMMARY["value_on"].format(value=5, day="1 Mar 2025")
    exact = dict(exact_numbers([with_peg(1, 4, 6, 5, 4), no_peg(2, 6), no_peg(3, 7)]))
    assert exact[SUMMARY["row_peg"]] == SUMMARY["peg_value"].format(peg=5, p=6, e=5, g=4, day="1 Mar 2025")
    assert dict(key_numbers([no_peg(1, 4)]))[SUMMARY["row_peg"]] == SUMMARY["peg_none"]
    recent = [no_peg(1, 4), no_peg(2, 6)]
    assert dict(key_numbers(recent))[SUMMARY["row_recent"].format(count=2)] == "5"


# --- the 0-10 buttons ---------------------------------------------------------------------------------------
def pressed(scale: ScaleButtons) -> list[str]:
    return [str(b["data-value"]) for b in soup(scale.markup).select("button[aria-pressed=true]")]


def test_scale_buttons_are_eleven_real_buttons_with_the_end_words() -> None:
    scale = ScaleButtons(label="Pain today", low_words="no pain", high_words="pain as bad as you can imagine")
    page = soup(scale.markup)
    group = page.select_one("[role=group]")
    assert group is not None and group["aria-label"] == "Pain today"
    buttons = page.select("button")
    assert [b["type"] for b in buttons] == ["button"] * 11
    assert [b.select_one(".ow-scale__number").get_text() for b in buttons] == [str(n) for n in range(11)]  # type: ignore[union-attr]
    assert " ".join(buttons[0].get_text().split()) == "0 no pain"
    assert " ".join(buttons[10].get_text().split()) == "10 pain as bad as you can imagine"
    assert all(b.select(".ow-scale__words") == [] for b in buttons[1:10])
    assert scale.value is None and pressed(scale) == []
    scale.value = 4
    assert pressed(scale) == ["4"]
    scale.value = None
    assert pressed(scale) == []


@pytest.mark.parametrize("bad", [11, -1, True])
def test_scale_buttons_refuse_a_number_off_the_scale(bad: object) -> None:
    scale = ScaleButtons(label="Pain today", value=3)
    with pytest.raises(traitlets.TraitError, match="Pain today"):
        scale.value = bad  # type: ignore[assignment]
    assert scale.value == 3


def test_scale_buttons_have_a_keyboard_path_and_44_pixel_targets() -> None:
    js = (scale_buttons.STATIC / "scale_buttons.js").read_text(encoding="utf-8")
    for key in ("ArrowRight", "ArrowLeft", "Home", "End"):
        assert f'"{key}"' in js
    assert 'model.set("value"' in js
    rule = re.search(r"\.ow-scale__button \{([^}]*)\}", stylesheet_text())
    assert rule is not None
    sizes = dict(re.findall(r"(min-width|min-height):\s*(\d+)px", rule.group(1)))
    assert int(sizes["min-width"]) >= 44 and int(sizes["min-height"]) >= 44
    css = Path(scale_buttons.STATIC / "workbook.css").read_text(encoding="utf-8")
    assert '.ow-scale__button[aria-pressed="true"]' in css


# --- the form: one tap saves ---------------------------------------------------------------------------------
def scores(diary: PainDiary) -> tuple[int | None, ...]:
    """The four 0-10 answers the form holds, read afresh (mypy would keep what it saw before a click)."""
    return tuple(c.value for c in (diary.pain, diary.peg_pain, diary.peg_enjoyment, diary.peg_activity))


def saved(diary: PainDiary) -> tuple[Entry, ...]:
    """The diary's entries, read afresh."""
    return tuple(diary.entries)


@pytest.fixture()
def diary(catalog: Catalog) -> PainDiary:
    return PainDiary(catalog, today=TODAY)


def test_choosing_a_number_and_one_save_saves_today(diary: PainDiary) -> None:
    assert diary.date_picker.value == TODAY
    assert isinstance(diary.pain, ScaleButtons)
    diary.pain.value = 6
    diary.save_button.click()
    assert diary.message_kind == "ok"
    assert diary.message == TEXT["saved"].format(day=fmt_day(TODAY))
    assert diary.entries == (Entry(TODAY, 6),)


def test_the_form_says_what_is_needed_and_that_the_weekly_questions_are_optional(diary: PainDiary) -> None:
    assert TEXT["pain_needed"] in diary.text
    assert TEXT["peg_intro"] in diary.text
    assert "optional" in TEXT["peg_intro"] and "optional" in TEXT["pain_needed"]
    assert diary.peg_toggle.description == TEXT["peg_toggle"] == "Answer the 3 weekly questions"
    assert isinstance(diary.peg_toggle, w.Checkbox)
    form = next(c for c in walk(diary.container) if "ow-diary-form" in getattr(c, "_dom_classes", ()))
    children = list(form.children)
    assert children.index(diary.pain) < children.index(diary.peg_toggle) < children.index(diary.peg_box)
    assert [c for c in diary.peg_box.children if isinstance(c, ScaleButtons)] == [
        diary.peg_pain,
        diary.peg_enjoyment,
        diary.peg_activity,
    ]


def test_weekly_questions_are_open_when_due_and_folded_after_this_weeks_answers(catalog: Catalog) -> None:
    fresh = PainDiary(catalog, today=TODAY)
    assert fresh.peg_toggle.value and fresh.peg_box.layout.display == "flex"  # none answered yet: asked
    answered = PainDiary(catalog, today=TODAY, entries=[with_peg(28, 4), no_peg(30, 5)])
    assert not answered.peg_toggle.value and answered.peg_box.layout.display == "none"  # 3 days ago: folded
    old = PainDiary(catalog, today=TODAY, entries=[with_peg(20, 4), no_peg(30, 5)])
    assert old.peg_toggle.value and old.peg_box.layout.display == "flex"  # 11 days ago: asked again
    # the person can open the fold: the questions show
    answered.peg_toggle.value = True
    assert answered.peg_box.layout.display == "flex"


def test_saving_the_weekly_answers_folds_them_for_the_next_days(diary: PainDiary) -> None:
    yesterday = TODAY - timedelta(days=1)
    diary.date_picker.value = yesterday
    diary.pain.value = 5
    diary.peg_pain.value, diary.peg_enjoyment.value, diary.peg_activity.value = 6, 5, 4
    diary.save_button.click()
    assert diary.entries == (Entry(yesterday, 5, 6, 5, 4),)
    assert diary.peg_toggle.value  # the saved answers are still shown, never hidden
    diary.save_button.click()  # the same entry again: confirmed, not "replace?"
    assert diary.message_kind == "ok" and diary.pending is None
    diary.date_picker.value = TODAY  # a new day in the same week: the weekly questions fold
    assert scores(diary)[:2] == (None, None)
    assert not diary.peg_toggle.value and diary.peg_box.layout.display == "none"
    diary.pain.value = 3
    diary.save_button.click()
    assert diary.entries[-1] == Entry(TODAY, 3)


def test_a_weekly_answer_opens_the_fold_and_a_folded_answer_is_not_saved(catalog: Catalog) -> None:
    diary = PainDiary(catalog, today=TODAY, entries=[with_peg(29, 4)])
    assert not diary.peg_toggle.value
    diary.peg_pain.value = 2  # an answer (from a notebook, or a saved day shown) is never hidden
    assert diary.peg_toggle.value and diary.peg_box.layout.display == "flex"
    diary.peg_enjoyment.value, diary.peg_activity.value = 3, 4
    diary.peg_toggle.value = False  # the person folds them again: not saved, but kept in the controls
    diary.pain.value = 5
    diary.save_button.click()
    assert diary.entries[-1] == Entry(TODAY, 5)
    assert (diary.peg_pain.value, diary.peg_enjoyment.value, diary.peg_activity.value) == (2, 3, 4)


def test_a_failed_save_keeps_everything_typed(diary: PainDiary, catalog: Catalog) -> None:
    method = catalog.methods[0].name
    diary.pain.value = 7
    diary.peg_pain.value = 6  # only one of the three weekly questions
    diary.tried.value, diary.helped.value, diary.note.value = method, "some", "stiff after gardening"
    diary.save_button.click()
    assert diary.entries == ()
    assert diary.message_kind == "error"
    names = ", ".join(QUOTE.format(TEXT[k]) for k in ("peg_e_label", "peg_g_label"))
    assert diary.problems == (TEXT["peg_partial"].format(names=names),)
    assert (diary.pain.value, diary.peg_pain.value, diary.peg_enjoyment.value) == (7, 6, None)
    assert (diary.tried.value, diary.helped.value, diary.note.value) == (method, "some", "stiff after gardening")
    assert diary.date_picker.value == TODAY and diary.peg_toggle.value
    diary.peg_enjoyment.value, diary.peg_activity.value = 5, 4  # fix it: saved with everything typed
    diary.save_button.click()
    assert saved(diary) == (Entry(TODAY, 7, 6, 5, 4, method, "some", "stiff after gardening"),)


def test_a_saved_day_without_peg_shows_empty_weekly_questions(diary: PainDiary) -> None:
    diary.date_picker.value = day(1)
    diary.pain.value = 4
    diary.save_button.click()
    diary.date_picker.value = day(2)
    diary.date_picker.value = day(1)
    assert (diary.pain.value, diary.peg_pain.value, diary.peg_activity.value) == (4, None, None)
    assert pressed(diary.pain) == ["4"] and pressed(diary.peg_pain) == []


def test_table_headers_are_plain_and_the_weekly_answers_can_fold_away_on_a_phone() -> None:
    """Issue 14 (diary PEMAT 19, CCI 7): no unexplained "P:", "E:", "G:" letters in the headers; the three
    weekly answers carry the class the stylesheet hides on a phone; a diary without any weekly answers has
    no empty weekly columns."""
    text = diary_texts()
    table = soup(str(entries_table_html([no_peg(1, 4, note="stiff"), with_peg(2, 5, 6, 5, 4)])))
    heads = [th.get_text() for th in table.select("thead th")]
    assert not any(re.match(r"[A-Z]:", h) for h in heads), heads
    assert [th.get_text() for th in table.select("thead th.ow-diary-col--week")] == [
        text["col_p"],
        text["col_e"],
        text["col_g"],
    ]
    assert [td.get_text() for td in table.select("tbody tr")[1].select("td.ow-diary-col--week")] == ["6", "5", "4"]
    plain = soup(str(entries_table_html([no_peg(1, 4, note="stiff"), no_peg(2, 6)])))
    assert [th.get_text() for th in plain.select("thead th")] == [
        text[k] for k in ("col_date", "col_pain", "col_tried", "col_helped", "col_note")
    ]
    assert [c.get_text() for c in plain.select("tbody tr")[0].select("th, td")] == [
        fmt_day(day(1)),
        "4",
        "",
        "",
        "stiff",
    ]
