"""Pure diary logic (osteo_lib.care.diary): entries, CSV export/import and its validation, trend, flags; and the
chart and table drawn from them (osteo_lib.views.diary_chart)."""

from __future__ import annotations

import csv
import io
import time
from datetime import date, timedelta

import pytest
import textstat  # type: ignore[import-untyped]

from osteo_lib.care import diary as d
from osteo_lib.care.diary import (
    COLUMNS,
    MAX_BYTES,
    MAX_PROBLEMS,
    MAX_ROWS,
    MAX_TEXT,
    Entry,
    InvalidEntry,
    change_flags,
    csv_bytes,
    diary_texts,
    make_entry,
    merge_entries,
    parse_csv,
    to_csv,
    trend,
    trend_sentence,
)
from osteo_lib.care.summary import summary_texts
from osteo_lib.views.diary_chart import WIDE, entries_table_html, trend_svg
from tests.markup import attr, select_texts, soup
from tests.scripts import load_script

TEXT = diary_texts()  # data/ui/diary.yaml

TODAY = date(2025, 3, 31)
HEADER = ",".join(COLUMNS)


def entry(day: int, pain: int, p: int = 5, e: int = 4, g: int = 3, **text: str) -> Entry:
    return Entry(date(2025, 3, day), pain, p, e, g, **text)


def csv_file(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def problems(data: bytes, today: date = TODAY) -> list[str]:
    result = parse_csv(data, today=today)
    assert not result.ok
    assert result.entries == ()
    return list(result.messages())


def skipped(data: bytes, good: list[int], today: date = TODAY) -> list[str]:
    """The problems of the rows a file's import skipped; its good rows (days of March 2025) load."""
    result = parse_csv(data, today=today)
    assert result.ok, result.messages()
    assert [e.day for e in result.entries] == [date(2025, 3, d) for d in good]
    return [str(p) for p in result.skipped]


# --- entries ---------------------------------------------------------------------------------------------
def test_make_entry_builds_an_entry_and_peg_is_the_mean_of_three_items() -> None:
    e = make_entry(date(2025, 3, 2), 6, 7, 5, 3, tried="  Heat packs ", helped="A  Lot", note=" ok ", today=TODAY)
    assert e == Entry(date(2025, 3, 2), 6, 7, 5, 3, "Heat packs", "a lot", "ok")
    assert e.peg == pytest.approx((7 + 5 + 3) / 3)
    assert d.fmt_score(e.peg) == "5"
    assert d.fmt_score(Entry(date(2025, 3, 2), 1, 7, 5, 4).peg) == "5.3"


def test_make_entry_lists_every_problem_in_plain_words() -> None:
    with pytest.raises(InvalidEntry) as info:
        make_entry(None, None, 3, None, 11, tried="x" * (MAX_TEXT + 1), helped="loads", note="a\tb", today=TODAY)
    found = info.value.problems
    assert TEXT["need_date"] in found
    assert TEXT["need_number"].format(label=TEXT["pain_label"]) in found
    # the weekly questions: only one of three left blank is named, and 11 is out of range
    assert TEXT["peg_partial"].format(names=f"\u201c{TEXT['peg_e_label']}\u201d") in found
    assert TEXT["bad_score"].format(label=TEXT["peg_g_label"], value=11) in found
    assert not any(TEXT["peg_p_label"] in p for p in found)
    assert TEXT["text_too_long"].format(label=TEXT["tried_label"], length=MAX_TEXT + 1, limit=MAX_TEXT) in found
    assert TEXT["text_control"].format(label=TEXT["note_label"]) in found
    assert TEXT["bad_helped_entry"] in found
    assert len(found) == 7


def test_make_entry_refuses_a_future_date() -> None:
    with pytest.raises(InvalidEntry) as info:
        make_entry(TODAY + timedelta(days=1), 3, 3, 3, 3, today=TODAY)
    assert info.value.problems == (TEXT["future_entry"].format(day="1 April 2025"),)
    assert make_entry(TODAY, 3, 3, 3, 3, today=TODAY).day == TODAY


@pytest.mark.parametrize(
    "kwargs",
    [
        {"pain": 11},
        {"pain": -1},
        {"peg_pain": True},
        {"peg_activity": 2.5},
        {"peg_activity": 11},
        {"tried": " padded"},
        {"note": "x" * (MAX_TEXT + 1)},
        {"note": "line\nbreak"},
        {"helped": "lots"},
        {"helped": "11"},
    ],
)
def test_entry_itself_rejects_invalid_values(kwargs: dict[str, object]) -> None:
    values: dict[str, object] = {
        "day": date(2025, 3, 1),
        "pain": 3,
        "peg_pain": 3,
        "peg_enjoyment": 3,
        "peg_activity": 3,
        **kwargs,
    }
    with pytest.raises(ValueError, match=r"^Entry\."):
        Entry(**values)  # type: ignore[arg-type]


def test_upsert_remove_and_merge() -> None:
    a, b, b2, c = entry(1, 3), entry(2, 4), entry(2, 9), entry(3, 5)
    assert d.upsert_entry([c, a], b) == (a, b, c)
    assert d.upsert_entry([a, b, c], b2) == (a, b2, c)
    assert d.remove_entry([a, b, c], b.day) == (a, c)
    merged, kept = merge_entries([a, b], [b2, c])
    assert merged == (a, b, c)
    assert kept == (b.day,)
    with pytest.raises(ValueError, match="two diary entries"):
        d.sort_entries([b, b2])


# --- CSV export and round trip -------------------------------------------------------------------------------
TRICKY = (
    entry(1, 4, tried="Heat packs", helped="some", note='He said "ok", then left, café ☕ naïve Ünïcode 日本'),
    entry(2, 7, tried='Walk, slow "steady"', helped="a lot", note='=HYPERLINK("http://x","y")'),
    entry(3, 5, tried="-dash first", helped="", note="'already quoted"),
    entry(4, 2, tried="@mention", helped="3", note="+plus"),
    entry(5, 6, tried="", helped="10", note="''two quotes"),
)


def test_export_then_import_gives_the_same_entries() -> None:
    result = parse_csv(csv_bytes(TRICKY), today=TODAY)
    assert result.ok, result.messages()
    assert result.entries == TRICKY
    # without the byte order mark, and with LF line ends, too
    assert parse_csv(to_csv(TRICKY).replace("\r\n", "\n").encode("utf-8"), today=TODAY).entries == TRICKY


def test_export_neutralises_formula_like_text() -> None:
    data = csv_bytes(TRICKY)
    assert data.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == list(COLUMNS)
    cells = [cell for row in rows[1:] for cell in row]
    risky = [c for c in cells if c.startswith(("=", "+", "-", "@"))]
    assert risky == []
    assert '\'=HYPERLINK("http://x","y")' in cells
    assert "'-dash first" in cells
    assert "'@mention" in cells
    assert "'+plus" in cells
    assert "''already quoted" in cells
    assert 'He said "ok", then left, café ☕ naïve Ünïcode 日本' in cells


def test_csv_is_sorted_oldest_first() -> None:
    rows = to_csv(reversed(TRICKY)).splitlines()[1:]
    assert [r.split(",")[0] for r in rows] == [e.day.isoformat() for e in TRICKY]


# --- CSV import: accepted variations -------------------------------------------------------------------------
def test_import_accepts_any_column_order_blank_rows_and_word_case() -> None:
    header = "note,helped,tried,peg_activity,peg_enjoyment,peg_pain,pain,date"
    data = csv_file(
        "hi,A Lot,Heat packs,1,2,3,4,2025-03-02", "", " , , , , , , , ", "n,,, 0,0,0,10,2025-03-01", header=header
    )
    result = parse_csv(data, today=TODAY)
    assert result.ok, result.messages()
    assert result.entries == (
        Entry(date(2025, 3, 1), 10, 0, 0, 0, "", "", "n"),
        Entry(date(2025, 3, 2), 4, 3, 2, 1, "Heat packs", "a lot", "hi"),
    )


# --- CSV import: problems --------------------------------------------------------------------------------------
def test_empty_and_header_only_files() -> None:
    assert problems(b"") == [TEXT["file_empty"]]
    assert problems(b"\xef\xbb\xbf \r\n\n") == [TEXT["file_empty"]]
    assert problems(csv_file()) == [TEXT["no_rows"]]


def test_a_file_that_says_utf8_but_is_not_names_the_row() -> None:
    # a UTF-8 byte order mark, then a Windows-1252 byte: the mark is believed, the row is named
    data = b"\xef\xbb\xbf" + csv_file("2025-03-01,1,1,1,1,,,", "2025-03-02,1,1,1,1,,,caf\xe9")
    data = data.replace("café".encode(), b"caf\xe9")
    assert problems(data) == ["Row 3: " + TEXT["not_utf8"]]
    # bytes that are neither UTF-8 nor Windows-1252 (0x81 is unused there) are refused, not guessed
    data = csv_file("2025-03-01,1,1,1,1,,,", "2025-03-02,1,1,1,1,,,x").replace(b",x", b",\x81")
    assert problems(data) == ["Row 3: " + TEXT["unknown_encoding"]]


def test_too_big_is_checked_before_parsing() -> None:
    # Bytes that are not UTF-8 at all: only the size problem is reported, so nothing was decoded.
    huge = b"\xff" * (MAX_BYTES + 1)
    started = time.perf_counter()
    found = problems(huge)
    assert found == [TEXT["file_too_big"].format(size=MAX_BYTES // 1000 + 1, limit=MAX_BYTES // 1000)]
    assert time.perf_counter() - started < 0.5
    assert d.size_problem(MAX_BYTES) is None
    assert d.size_problem(MAX_BYTES + 1) is not None


def test_missing_and_repeated_columns() -> None:
    optional = ", ".join(c for c in COLUMNS if c not in ("date", "pain"))
    found = problems(csv_file("2025-03-01,1,1,1,1,,,,x", header=HEADER.replace(",pain,", ",pains,") + ",Date"))
    assert found == [
        "Row 1: " + TEXT["missing_needed"].format(names="pain", needed="date, pain", optional=optional),
        "Row 1: " + TEXT["repeated_columns"].format(names="date"),
    ]
    # a header that is really a data row
    found = problems(b"2025-03-01,1,1,1,1,,,\n")
    assert found[0].startswith("Row 1: These columns are missing: date, pain.")


def test_row_with_wrong_number_of_cells() -> None:
    # an empty cell past the last column is fine (spreadsheets write them); one with something in it is not
    rows = ("2025-03-01,1,1,1,1,,,", "2025-03-02,1,1,1,1,,", "2025-03-03,1,1,1,1,,,,x", "2025-03-04,1,1,1,1,,,,")
    result = parse_csv(csv_file(*rows), today=TODAY)
    assert result.ok  # the good rows load; the others are skipped, each named with its row
    assert [e.day.day for e in result.entries] == [1, 4]
    assert [str(p) for p in result.skipped] == [
        "Row 3: " + TEXT["wrong_cell_count"].format(found=7, expected=8),
        "Row 4: " + TEXT["wrong_cell_count"].format(found=9, expected=8),
    ]


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("11", TEXT["bad_number"].format(column="pain", value="11")),
        ("-1", TEXT["bad_number"].format(column="pain", value="-1")),
        ("five", TEXT["bad_number"].format(column="pain", value="five")),
        ("7.5", TEXT["bad_number"].format(column="pain", value="7.5")),
        ("", TEXT["missing_number"].format(column="pain")),
        ("=1+1", TEXT["formula"].format(column="pain", char="=")),
    ],
)
def test_bad_pain_values(cell: str, message: str) -> None:
    assert skipped(csv_file("2025-03-01,1,1,1,1,,,", f"2025-03-02,{cell},1,1,1,,,"), [1]) == [f"Row 3: {message}"]
    assert problems(csv_file(f"2025-03-02,{cell},1,1,1,,,")) == [f"Row 2: {message}"]  # no good row: nothing


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("2025-02-30", TEXT["bad_date"].format(value="2025-02-30")),
        ("14/14/2025", TEXT["bad_date"].format(value="14/14/2025")),
        ("2/30/2025", TEXT["bad_date"].format(value="2/30/2025")),
        ("30.2.2025", TEXT["bad_date"].format(value="30.2.2025")),
        ("3/14/25", TEXT["bad_date"].format(value="3/14/25")),
        ("14 March 2025", TEXT["bad_date"].format(value="14 March 2025")),
        ("2025-3-1", TEXT["bad_date"].format(value="2025-3-1")),
        ("", TEXT["missing_date"]),
        ("2025-04-01", TEXT["future_date"].format(value="2025-04-01")),
    ],
)
def test_bad_and_future_dates(cell: str, message: str) -> None:
    assert problems(csv_file(f"{cell},1,1,1,1,,,")) == [f"Row 2: {message}"]


def test_duplicate_dates_name_both_rows() -> None:
    found = skipped(csv_file("2025-03-01,1,1,1,1,,,", "", "2025-03-01,2,2,2,2,,,"), [1])
    assert found == ["Row 4: " + TEXT["duplicate_date"].format(value="2025-03-01", other=2)]


@pytest.mark.parametrize(
    ("cell", "char"), [("=cmd|' /C calc'!A0", "="), ("+SUM(A1)", "+"), ("-2+3", "-"), ("@SUM(A1)", "@"), ("  =1", "=")]
)
def test_formula_like_text_cells_are_refused(cell: str, char: str) -> None:
    quoted = '"' + cell.replace('"', '""') + '"'
    found = problems(csv_file(f"2025-03-01,1,1,1,1,{quoted},,"))
    assert found == ["Row 2: " + TEXT["formula"].format(column="tried", char=char)]


@pytest.mark.parametrize("cell", ['"a\tb"', '"line\nbreak"', '"bell\x07"', '"sep\u2028x"'])
def test_control_characters_are_refused(cell: str) -> None:
    found = problems(csv_file(f"2025-03-01,1,1,1,1,,,{cell}"))
    assert len(found) == 1
    assert found[0].startswith("Row 2: ")
    assert found[0] in ("Row 2: " + TEXT["control"].format(column="note"), "Row 2: " + TEXT["bad_csv"])


def test_nul_bytes_without_a_byte_order_mark_are_not_guessed() -> None:
    # UTF-16 written without its byte order mark, or a file that is not text: refused, not read as Windows text
    assert problems(csv_file('2025-03-01,1,1,1,1,,,"nul\x00"')) == [TEXT["not_text"]]
    assert problems(csv_file("2025-03-01,1,1,1,1,,,").decode().encode("utf-16-le")) == [TEXT["not_text"]]


def test_over_long_text_and_bad_helped() -> None:
    long_text = "x" * (MAX_TEXT + 1)
    found = skipped(csv_file(f"2025-03-01,1,1,1,1,{long_text},lots,", f"2025-03-02,1,1,1,1,'{'y' * MAX_TEXT},,"), [2])
    assert found == [
        "Row 2: " + TEXT["too_long"].format(column="tried", length=MAX_TEXT + 1, limit=MAX_TEXT),
        "Row 2: " + TEXT["bad_helped"].format(value="lots"),
    ]


def test_stray_quote_is_reported_with_its_row() -> None:
    found = problems(csv_file("2025-03-01,1,1,1,1,,,", '2025-03-02,1,1,1,1,"open,,'))
    assert found == ["Row 3: " + TEXT["bad_csv"]]


def test_too_many_rows() -> None:
    start = date(2000, 1, 1)
    rows = [f"{(start + timedelta(days=i)).isoformat()},1,1,1,1,,," for i in range(MAX_ROWS + 1)]
    assert problems(csv_file(*rows)) == [TEXT["too_many_rows"].format(count=MAX_ROWS + 1, limit=MAX_ROWS)]
    ok = parse_csv(csv_file(*rows[:MAX_ROWS]), today=TODAY)
    assert ok.ok
    assert len(ok.entries) == MAX_ROWS


def test_problem_list_is_capped() -> None:
    rows = [f"2025-03-{i:02d},99,1,1,1,,," for i in range(1, 31)] + [f"2025-02-0{i},1,99,1,1,,," for i in range(1, 6)]
    found = problems(csv_file(*rows))
    assert len(found) == MAX_PROBLEMS + 1
    assert found[0] == "Row 2: " + TEXT["bad_number"].format(column="pain", value="99")
    assert found[-1] == TEXT["more_problems"].format(count=len(rows) - MAX_PROBLEMS)


# --- trend and flags -----------------------------------------------------------------------------------------
def test_trend_numbers() -> None:
    entries = [entry(5, 6), entry(1, 4), entry(2, 8), entry(3, 2), entry(4, 8)]
    t = trend(entries)
    assert t is not None
    assert (t.count, t.first.pain, t.last.pain, t.lowest.pain, t.highest.pain) == (5, 4, 6, 2, 8)
    assert t.highest.day == date(2025, 3, 2)  # the earliest of the two 8s
    assert t.change == 2
    assert trend([]) is None


def test_flags_between_entries_in_a_row_and_against_the_first() -> None:
    entries = [entry(1, 4), entry(2, 5), entry(3, 8), entry(6, 6), entry(7, 7)]
    flags = change_flags(entries)
    assert [(f.kind, f.start, f.end, f.change) for f in flags] == [
        ("since_last", date(2025, 3, 2), date(2025, 3, 3), 3),
        ("since_last", date(2025, 3, 3), date(2025, 3, 6), -2),
        ("since_first", date(2025, 3, 1), date(2025, 3, 7), 3),
    ]
    assert flags[0].message == (
        "Your pain went up by 3 points since 2 March 2025 (from 5 to 8 on 3 March 2025). "
        "Read “When to call” under the chart."
    )
    # Nurse review: a single 2-point rise between two entries is common, so no flag says "call today"
    # outright (that would over-triage). Issue 14: the diary says one rule, once, under the chart
    # (trend_call: a rise of 2 or more that lasts 2 days or keeps going up); every rise points to it.
    for flag in flags:
        assert "call your" not in flag.message.lower()
    assert flags[2].message.endswith("Read “When to call” under the chart.")
    assert flags[1].message.startswith("Your pain went down by 2 points since 3 March 2025")
    assert flags[2].message.startswith("Your pain is 3 points higher than in your first entry on 1 March 2025")
    # one-point changes are not flagged; with two entries the overall change is the step itself
    assert change_flags([entry(1, 4), entry(2, 5), entry(3, 4)]) == ()
    assert [f.kind for f in change_flags([entry(1, 4), entry(2, 2)])] == ["since_last"]


def test_trend_sentence() -> None:
    assert trend_sentence([]) == TEXT["trend_none"]
    assert trend_sentence([entry(1, 4)]) == "One entry, on 1 March 2025: pain today 4, weekly pain score 4."
    sentence = trend_sentence([entry(1, 4), entry(2, 9, 9, 9, 9), entry(3, 1)])
    assert sentence == (
        "3 entries from 1 March 2025 to 3 March 2025. Pain today went from 4 to 1. "
        "Lowest 1, highest 9. Weekly pain score went from 4 to 4."
    )


def test_svg_chart_plots_pain_and_peg_with_a_text_alternative() -> None:
    entries = [entry(1, 0), entry(3, 10, 10, 10, 10), entry(5, 5)]
    svg = trend_svg(entries, layout=WIDE)
    chart = soup(svg)
    root = chart.find()
    assert root is not None
    assert root.name == "svg"
    assert root["class"] == ["ow-chart", "ow-chart--wide"]
    assert root["role"] == "img"
    assert attr(svg, "svg", "aria-label") == trend_sentence(entries)
    assert select_texts(svg, "svg > title") == [trend_sentence(entries)]
    circles = chart.select("circle.ow-chart-marker.ow-chart-pain")
    assert len(circles) == len(entries) + 1  # plus the legend marker
    (x0, y0), (x1, y1), (x2, y2) = [(float(str(c["cx"])), float(str(c["cy"]))) for c in circles[:3]]
    assert y1 < y2 < y0  # 10 is highest on the page, 0 lowest
    assert x0 < x1 < x2
    assert x1 - x0 == pytest.approx(x2 - x1)
    pain_line = chart.select("polyline.ow-chart-line.ow-chart-pain")
    assert len(pain_line) == 1
    assert pain_line[0]["fill"] == "none"
    assert len(str(pain_line[0]["points"]).split()) == 3
    assert chart.select(".ow-chart-peg")
    assert select_texts(svg, "text.ow-chart-legend") == [TEXT["legend_pain"], TEXT["legend_peg"]]
    assert chart.select("[style]") == []
    assert trend_svg([]) == ""
    single = soup(trend_svg([entry(1, 3)]))
    assert single.select("polyline") == []
    assert len(single.select("circle")) == 2


def test_entries_table_escapes_text() -> None:
    table = entries_table_html([entry(1, 4, tried="<b>x</b>", note='<script>alert("x")</script>')])
    assert "<script>" not in table
    assert "&lt;script&gt;" in table
    assert "&lt;b&gt;x&lt;/b&gt;" in table
    assert soup(table).select("script, b") == []
    assert select_texts(table, "tbody th[scope=row]") == ["1 March 2025"]
    assert select_texts(table, "tbody td") == ["4", "4", "5", "4", "3", "<b>x</b>", "", '<script>alert("x")</script>']


# --- reading level ---------------------------------------------------------------------------------------------
def test_every_patient_string_reads_at_grade_8_or_below() -> None:
    texts = {**TEXT, **summary_texts()}  # data/ui/diary.yaml and data/ui/summary.yaml
    assert len(texts) == len(TEXT) + len(summary_texts())
    # graded as scripts/readability.py grades them: placeholders read as "it", markup left out
    plain = load_script("readability.py", "readability_script").plain
    grades = {k: textstat.flesch_kincaid_grade(plain(v)) for k, v in texts.items()}
    too_hard = {k: grade for k, grade in grades.items() if grade > 8}
    assert too_hard == {}
