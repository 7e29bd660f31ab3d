"""End-of-session feedback, pure logic (osteo_lib.care.feedback): answers, the JSON and CSV files, reading
uploaded files one by one with a reason for each rejection, the summary and its chart."""

from __future__ import annotations

import base64
import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
import textstat

from osteo_lib.care.feedback import (
    FIELDS,
    FORMAT,
    MAX_BYTES,
    MAX_FILES,
    MAX_TEXT,
    TEXT,
    FeedbackAnswer,
    FeedbackFileError,
    InvalidAnswer,
    Upload,
    data_uri,
    file_name,
    gather,
    make_answer,
    parse_file,
    summarize,
    to_csv,
    to_json,
)
from osteo_lib.views.widgets.feedback import bar_chart_html, counts_table_html, summary_html
from tests.markup import select_texts, soup, text

SECTIONS = {"gate": "The gate idea", "diary": "The pain diary", "case": "The unfolding case"}
PLAN = "short"


def answer(useful: int = 4, helpful: str = "gate", improve: str = "More time for the case") -> FeedbackAnswer:
    return make_answer(PLAN, useful, helpful, improve, SECTIONS)


def record(**changes: object) -> dict[str, object]:
    doc: dict[str, object] = {
        "format": FORMAT,
        "version": 1,
        "plan": PLAN,
        "useful": 3,
        "most_helpful": "diary",
        "improve": "Slower please",
    }
    doc.update(changes)
    return {k: v for k, v in doc.items() if v is not ...}


def json_file(**changes: object) -> bytes:
    return json.dumps(record(**changes)).encode()


def csv_file(rows: list[list[str]] | None = None, **changes: object) -> bytes:
    doc = record(**changes)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(list(doc))
    for row in rows if rows is not None else [[str(v) for v in doc.values()]]:
        writer.writerow(row)
    return out.getvalue().encode()


# --- the form's answers ---------------------------------------------------------------------------------
def test_a_complete_answer() -> None:
    a = answer(5, "case", "  Fewer slides  ")
    assert a == FeedbackAnswer(PLAN, 5, "case", "Fewer slides")


def test_the_improvement_is_optional() -> None:
    assert answer(improve="").improve == ""


def test_missing_answers_are_all_listed() -> None:
    with pytest.raises(InvalidAnswer) as err:
        make_answer(PLAN, None, "", "", SECTIONS)
    assert err.value.problems == (TEXT["need_useful"], TEXT["need_helpful"])


@pytest.mark.parametrize(
    ("useful", "helpful", "improve", "problem"),
    [
        (0, "gate", "", "The rating must be a whole number from 1 to 5, not 0."),
        (6, "gate", "", "not 6"),
        (True, "gate", "", "not True"),
        (3, "lunch", "", "\u201clunch\u201d is not a part of this session."),
        (3, "gate", '=HYPERLINK("http://x")', "starts with \u201c=\u201d"),
        (3, "gate", " +1 more break", "starts with \u201c+\u201d"),
        (3, "gate", "-", "starts with \u201c-\u201d"),
        (3, "gate", "@SUM(A1)", "starts with \u201c@\u201d"),
        (3, "gate", "line one\nline two", "line break"),
        (3, "gate", "x" * (MAX_TEXT + 1), f"has {MAX_TEXT + 1} characters. The limit is {MAX_TEXT}."),
    ],
)
def test_bad_answers_are_explained(useful: object, helpful: str, improve: str, problem: str) -> None:
    with pytest.raises(InvalidAnswer) as err:
        make_answer(PLAN, useful, helpful, improve, SECTIONS)  # type: ignore[arg-type]
    assert any(problem in p for p in err.value.problems), err.value.problems


def test_the_record_refuses_invalid_values() -> None:
    with pytest.raises(ValueError, match="useful must be a whole number 1-5, not 9"):
        FeedbackAnswer(PLAN, 9, "gate")
    with pytest.raises(ValueError, match=r"^improve: The text starts with"):
        FeedbackAnswer(PLAN, 3, "gate", "=1+1")


# --- the files the student saves -------------------------------------------------------------------------
def test_json_file_holds_the_three_answers_and_reads_back() -> None:
    a = answer()
    doc = json.loads(to_json(a))
    assert list(doc) == list(FIELDS)
    assert doc == {
        "format": FORMAT,
        "version": 1,
        "plan": PLAN,
        "useful": 4,
        "most_helpful": "gate",
        "improve": "More time for the case",
    }
    assert parse_file(file_name(a, "json"), to_json(a).encode(), PLAN, SECTIONS) == a


def test_csv_file_holds_a_header_and_one_row_and_reads_back() -> None:
    a = answer(2, "diary", 'Say "PEG" slower, please')
    rows = list(csv.reader(io.StringIO(to_csv(a))))
    assert rows == [list(FIELDS), [FORMAT, "1", PLAN, "2", "diary", 'Say "PEG" slower, please']]
    assert parse_file("x.CSV", to_csv(a).encode(), PLAN, SECTIONS) == a
    assert parse_file("bom.csv", ("\ufeff" + to_csv(a)).encode(), PLAN, SECTIONS) == a


def test_file_names_and_download_addresses() -> None:
    a = answer()
    assert file_name(a, "json") == "feedback-short.json" and file_name(a, "csv") == "feedback-short.csv"
    uri = data_uri(to_json(a), "application/json")
    head, _, payload = uri.partition(",")
    assert head == "data:application/json;charset=utf-8;base64"
    assert base64.b64decode(payload).decode("utf-8") == to_json(a)


# --- reading uploaded files -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("notes.txt", json_file(), TEXT["kind"]),
        ("answers", json_file(), TEXT["kind"]),
        ("a.json", b"", TEXT["empty"]),
        ("a.json", b'{"format": ', "This is not valid JSON (line 1)"),
        ("a.json", b"[1, 2]", TEXT["not_object"]),
        ("a.json", "caf\u00e9".encode("latin-1"), TEXT["not_text"]),
        ("a.json", json_file(format="survey"), TEXT["not_feedback"]),
        ("a.json", json_file(version=2), "version 2 of the form"),
        ("a.json", json_file(useful=0), "from 1 to 5, not 0"),
        ("a.json", json_file(useful=6), "from 1 to 5, not 6"),
        ("a.json", json_file(useful="4"), "from 1 to 5, not 4"),
        ("a.json", json_file(useful=4.5), "from 1 to 5, not 4.5"),
        ("a.json", json_file(useful=True), "from 1 to 5, not True"),
        ("a.json", json_file(useful=...), "\u201cuseful\u201d is missing"),
        ("a.json", json_file(most_helpful="lunch"), "\u201clunch\u201d is not a part of this session"),
        ("a.json", json_file(plan="long"), "for the session \u201clong\u201d, not \u201cshort\u201d"),
        ("a.json", json_file(improve="=cmd|' /C calc'!A0"), "starts with \u201c=\u201d"),
        ("a.json", json_file(improve="@SUM(1)"), "starts with \u201c@\u201d"),
        ("a.json", json_file(improve=5), "\u201cimprove\u201d must be text"),
        ("a.json", json_file(improve="y" * 301), "has 301 characters"),
        ("a.json", json_file(score=5), "a field the form does not use: \u201cscore\u201d"),
        ("a.csv", csv_file(improve="+SUM(A1:A9)"), "starts with \u201c+\u201d"),
        ("a.csv", csv_file(useful="six"), "from 1 to 5, not six"),
        ("a.csv", csv_file(useful="-3"), "from 1 to 5, not -3"),
        ("a.csv", csv_file(rows=[]), "holds 0 sets of answers"),
        ("a.csv", csv_file(rows=[[FORMAT, "1", PLAN, "3", "gate", ""]] * 2), "holds 2 sets of answers"),
        ("a.csv", b"name,rating\nAnna,5\n", "The first row must be"),
        ("a.csv", b"format,version\n" + FORMAT.encode() + b",1,extra\n", "The first row must be"),
    ],
)
def test_bad_files_are_rejected_with_the_file_named(name: str, data: bytes, problem: str) -> None:
    with pytest.raises(FeedbackFileError) as err:
        parse_file(name, data, PLAN, SECTIONS)
    assert err.value.name == name
    assert problem in err.value.problem, err.value.problem
    assert str(err.value) == f"{name}: {err.value.problem}"


def test_size_is_checked_before_parsing() -> None:
    big = json_file(improve="ok") + b" " * MAX_BYTES
    with pytest.raises(FeedbackFileError, match=rf"too big \({len(big)} bytes\)"):
        parse_file("big.json", big, PLAN, SECTIONS)
    # The size the browser reported counts too (the widget keeps only the first bytes of a big file).
    with pytest.raises(FeedbackFileError, match="too big"):
        parse_file("big.json", json_file(), PLAN, SECTIONS, size=10_000_000)


def test_long_and_strange_file_names_are_shortened_in_messages() -> None:
    with pytest.raises(FeedbackFileError) as err:
        parse_file("x" * 200 + "\n.txt", b"1", PLAN, SECTIONS)
    assert len(err.value.name) == 80 and "\n" not in err.value.name


def test_gather_keeps_the_good_files_and_names_each_bad_one() -> None:
    files = [
        Upload("anna.json", to_json(answer(5, "gate", "")).encode()),
        Upload("ben.csv", to_csv(answer(3, "diary", "More breaks")).encode()),
        Upload("chris.json", json_file(useful=9)),
        Upload("dana.xlsx", b"PK\x03\x04"),
        Upload("eve.json", to_json(answer(4, "gate", "")).encode(), size=50_000),
        Upload("fay.csv", csv_file(improve="=1+1")),
    ]
    result = gather(files, PLAN, SECTIONS)
    assert [n for n, _ in result.accepted] == ["anna.json", "ben.csv"]
    assert [r.name for r in result.rejected] == ["chris.json", "dana.xlsx", "eve.json", "fay.csv"]
    assert [a.useful for a in result.answers] == [5, 3]
    assert "not 9" in result.rejected[0].problem and "too big" in result.rejected[2].message


def test_gather_reads_at_most_max_files() -> None:
    files = [Upload(f"{i}.json", json_file()) for i in range(MAX_FILES + 3)]
    result = gather(files, PLAN, SECTIONS)
    assert len(result.accepted) == MAX_FILES
    assert len(result.rejected) == 1 and str(MAX_FILES) in result.rejected[0].problem


# --- the summary --------------------------------------------------------------------------------------------
def test_summary_counts() -> None:
    answers = [
        answer(5, "gate", ""),
        answer(4, "gate", "More breaks"),
        answer(4, "case", ""),
        answer(1, "diary", "Louder"),
    ]
    s = summarize(answers, PLAN, SECTIONS)
    assert s.count == 4
    assert s.useful == ((1, 1), (2, 0), (3, 0), (4, 2), (5, 1))
    assert s.helpful == (
        ("gate", "The gate idea", 2),
        ("diary", "The pain diary", 1),
        ("case", "The unfolding case", 1),
    )
    assert s.mean_useful == pytest.approx(3.5)
    assert s.improvements == ("More breaks", "Louder")
    assert summarize([], PLAN, SECTIONS).mean_useful is None


def test_summary_counts_only_the_plan_asked_for() -> None:
    other = FeedbackAnswer("long", 5, "gate")
    assert summarize([answer(), other], PLAN, SECTIONS).count == 1


def test_bar_chart_has_proportional_bars_html_labels_and_a_label() -> None:
    long_label = "A very long section title that an SVG label would have had to cut short at some width"
    chart = bar_chart_html("How useful?", [("Low", 1), ("Mid", 0), ("High <3", 4), (long_label, 2)])
    root = ET.fromstring(chart)
    assert root.get("role") == "img"
    assert root.get("aria-label") == f"How useful? Low: 1; Mid: 0; High <3: 4; {long_label}: 2."
    ns = "{http://www.w3.org/2000/svg}"
    bars = [e for e in root.iter() if e.tag in ("rect", f"{ns}rect") and e.get("class") == "ow-fb-bar"]
    assert len(bars) == 3  # no bar for a zero count
    widths = [float(b.get("width", "0")) for b in bars]
    assert widths[1] == pytest.approx(4 * widths[0], rel=0.01) and widths[1] == pytest.approx(100)
    # Labels and counts are HTML text, whole (never clipped to a character count), not SVG text.
    labels = [e.text for e in root.iter() if e.get("class") == "ow-fb-label"]
    assert labels == ["Low", "Mid", "High <3", long_label]
    texts = [e.text for e in root.iter() if e.get("class") == "ow-fb-count"]
    assert texts == ["1", "0", "4", "2"]
    assert not [e for e in root.iter() if e.tag in ("text", f"{ns}text")]
    assert "style=" not in chart


def test_table_alternative_has_the_same_numbers() -> None:
    table = counts_table_html("How useful?", [("Low", 1), ("High <3", 4)])
    rows = soup(table).select("tbody tr")
    assert [(r.select_one('th[scope="row"]').get_text(), r.select_one("td").get_text()) for r in rows] == [
        ("Low", "1"),
        ("High <3", "4"),
    ]
    assert select_texts(table, "table > caption") == ["How useful?"]


def test_summary_html_shows_charts_tables_and_escaped_ideas() -> None:
    s = summarize([answer(5, "gate", "Use <b>bigger</b> text"), answer(2, "case", "")], PLAN, SECTIONS)
    page = summary_html(s, files=3)
    assert select_texts(page, '[role="status"]') == ["2 answers counted from 3 files."]
    assert len(soup(page).select("figure .ow-fb-chart")) == 2 and len(soup(page).select("figure table")) == 2
    assert "Average rating: 3.5 out of 5." in text(page)
    assert select_texts(page, "ul.ow-fb-ideas li") == ["Use <b>bigger</b> text"] and not soup(page).select("b")
    assert text(summary_html(summarize([], PLAN, SECTIONS))) == TEXT["none_yet"]


def test_text_is_plain_language() -> None:
    fill = {
        "length": 301,
        "limit": 300,
        "char": "=",
        "value": "7",
        "other": "long",
        "plan": "short",
        "size": 5000,
        "line": 1,
        "problem": "It is empty.",
        "version": 2,
        "field": "useful",
        "count": 2,
        "fields": "format",
        "name": "Anna",
        "files": 3,
        "mean": "3.5",
        "title": "How useful",
        "parts": "1: 2",
        "label": "Low",
    }
    too_hard = {}
    for key, words in TEXT.items():
        filled = words.format(**fill)
        if len(filled.split()) >= 3 and textstat.flesch_kincaid_grade(filled) > 8:
            too_hard[key] = (filled, textstat.flesch_kincaid_grade(filled))
    assert not too_hard, too_hard


def test_gather_names_an_unreadable_file_and_keeps_the_others() -> None:
    files = [Upload("a.json", json_file()), Upload("b.json", b"", size=120, unreadable=True)]
    result = gather(files, PLAN, SECTIONS)
    assert [name for name, _ in result.accepted] == ["a.json"]
    assert [(r.name, r.problem) for r in result.rejected] == [("b.json", TEXT["unreadable"])]
