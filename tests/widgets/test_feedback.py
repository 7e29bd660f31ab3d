"""The feedback widgets (FeedbackForm, FeedbackCollector) driven as a person would: choose answers, read
the download links, upload files through the upload button's real message handler (as file_button.js sends them),
read the state and the rendered HTML. Real ipywidgets, no stubs."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator

import ipywidgets as w
import pytest

from osteo_lib.care.feedback import MAX_BYTES, TEXT, FeedbackAnswer, Upload, parse_file, to_csv, to_json
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.guide import load_guide
from osteo_lib.views.widgets.feedback import FeedbackCollector, FeedbackForm
from osteo_lib.views.widgets.file_button import FileButton
from tests.markup import attr, select_texts, soup, text
from tests.widgets.test_file_button import send_files


def walk(widget: w.Widget) -> Iterator[w.Widget]:
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def text_of(root: w.Widget) -> str:
    return "".join(c.value for c in walk(root) if isinstance(c, w.HTML) and not c.value.startswith("<style>"))


def decode(href: str) -> str:
    head, _, payload = href.partition(",")
    assert head.startswith("data:") and head.endswith(";base64")
    return base64.b64decode(payload).decode("utf-8")


def frontend_file(name: str, content: bytes, size: int | None = None) -> tuple[str, bytes, int | None]:
    """A file as the browser reports it: name, bytes and size (None: the bytes' length)."""
    return (name, content, size)


def choose(c: FeedbackCollector, files: list[tuple[str, bytes, int | None]]) -> None:
    """Choose ``files`` with the collector's upload button, as the browser sends them
    (tests/widgets/test_file_button.py)."""
    send_files(c.upload, [(n, b) for n, b, _ in files], sizes=[size for _, _, size in files], mime="application/json")


@pytest.fixture()
def short_plan(catalog: Catalog) -> dict[str, str]:
    return load_guide(catalog).plan("short").feedback_sections


# --- the student's form ------------------------------------------------------------------------------------
def test_form_starts_unanswered_with_labelled_controls(catalog: Catalog) -> None:
    form = FeedbackForm(catalog=catalog)
    assert form.answer is None and form.problems == () and form.json_href == "" and form.csv_href == ""
    assert select_texts(form.heading_html.value, "h2") == [TEXT["form_title"]]
    assert form.heading_html in form.container.children
    assert form.useful.value is None and form.helpful.value == "" and form.plan.value == "short"
    controls = [c for c in walk(form.container) if isinstance(c, (w.Dropdown, w.RadioButtons, w.Text))]
    assert len(controls) == 4 and all(c.description for c in controls)
    assert select_texts(form.message_html.value, '[role="status"]') == [TEXT["not_ready"]]
    assert not soup(text_of(form.container)).select("a")
    questions = select_texts(text_of(form.container), "p.ow-fb-question")
    assert questions == [TEXT[q] for q in ("q_useful", "q_helpful", "q_improve")]


def test_the_choices_are_the_teaching_sections_of_the_plan(catalog: Catalog, short_plan: dict[str, str]) -> None:
    form = FeedbackForm(catalog=catalog)
    assert [v for _, v in form.helpful.options] == ["", *short_plan]
    assert [label for label, _ in form.helpful.options][1:] == list(short_plan.values())
    assert [v for _, v in form.useful.options] == [1, 2, 3, 4, 5]


def test_answering_offers_json_and_csv_downloads(catalog: Catalog, short_plan: dict[str, str]) -> None:
    form = FeedbackForm(catalog=catalog)
    section = list(short_plan)[1]
    form.useful.value = 4
    assert form.answer is None  # question 2 still open
    form.helpful.value = section
    form.improve.value = "More time for the case"
    assert form.answer == FeedbackAnswer("short", 4, section, "More time for the case")
    assert select_texts(form.message_html.value, '[role="status"]') == [TEXT["ready"]]
    links = soup(form.download_html.value).select("a.ow-fb-download")
    assert [(a["download"], a["href"]) for a in links] == [
        ("feedback-short.json", form.json_href),
        ("feedback-short.csv", form.csv_href),
    ]
    assert [a.get_text() for a in links] == [TEXT["download_json"], TEXT["download_csv"]]
    saved_json, saved_csv = decode(form.json_href), decode(form.csv_href)
    assert json.loads(saved_json)["useful"] == 4
    # The files the student saves are exactly what the instructor's summary reads.
    assert parse_file("a.json", saved_json.encode(), "short", short_plan) == form.answer
    assert parse_file("a.csv", saved_csv.encode(), "short", short_plan) == form.answer


def test_a_formula_like_answer_is_explained_and_gives_no_file(catalog: Catalog, short_plan: dict[str, str]) -> None:
    form = FeedbackForm(catalog=catalog)
    form.useful.value, form.helpful.value = 5, next(iter(short_plan))
    form.improve.value = '=HYPERLINK("http://example.com")'
    assert form.answer is None and form.json_href == ""
    assert len(form.problems) == 1 and "spreadsheet" in form.problems[0]
    page = text_of(form.container)
    assert "spreadsheet" in " ".join(select_texts(page, '[role="alert"] li')) and not soup(page).select("a")
    form.improve.value = "Bigger text"
    assert form.answer is not None and form.problems == ()


def test_changing_the_session_changes_the_choices(catalog: Catalog) -> None:
    long_plan = load_guide(catalog).plan("long").feedback_sections
    form = FeedbackForm(catalog=catalog)
    form.useful.value, form.helpful.value = 3, next(iter(form.sections))
    assert form.answer is not None
    form.plan.value = "long"
    assert [v for _, v in form.helpful.options] == ["", *long_plan]
    assert form.helpful.value == "" and form.answer is None
    form.helpful.value = "mind_body"
    assert form.answer == FeedbackAnswer("long", 3, "mind_body", "")


def test_unknown_plan_is_refused(catalog: Catalog) -> None:
    with pytest.raises(ValueError, match="unknown session plan 'weekend'"):
        FeedbackForm("weekend", catalog=catalog)


# --- the instructor's summary -------------------------------------------------------------------------------
def good(useful: int, section: str, improve: str = "") -> bytes:
    return to_json(FeedbackAnswer("short", useful, section, improve)).encode()


def test_collector_starts_empty(catalog: Catalog) -> None:
    c = FeedbackCollector(catalog=catalog)
    assert c.files == () and c.summary.count == 0 and c.result.rejected == ()
    assert text(c.summary_html.value) == TEXT["none_yet"] and c.rejected_html.value == ""
    assert c.upload.multiple and ".json" in c.upload.accept and ".csv" in c.upload.accept
    assert c.upload.description and c.clear_button.description
    # issue 14: the button reads its label alone (ipywidgets' FileUpload added " (0)")
    assert isinstance(c.upload, FileButton) and c.upload.get_state()["description"] == TEXT["upload_label"]
    assert "(" not in TEXT["upload_label"] and c.upload.max_bytes == MAX_BYTES


def test_uploading_many_files_keeps_the_good_and_names_the_bad(catalog: Catalog, short_plan: dict[str, str]) -> None:
    c = FeedbackCollector(catalog=catalog)
    s1, s2 = list(short_plan)[:2]
    files = [
        frontend_file("anna.json", good(5, s1, "More breaks")),
        frontend_file("ben.csv", to_csv(FeedbackAnswer("short", 3, s2)).encode()),
        frontend_file("chris.json", good(4, s1)),
        frontend_file(
            "dora.json",
            b'{"format": "osteo-workbook-feedback", "version": 1, "plan": "short", "useful": 7, "most_helpful": "x"}',
        ),
        frontend_file(
            "evil.csv",
            f"format,version,plan,useful,most_helpful,improve\r\n"
            f"osteo-workbook-feedback,1,short,3,{s2},=cmd|'/C calc'!A0\r\n".encode(),
        ),
        frontend_file("huge.json", good(4, s1), size=5_000_000),
        frontend_file("photo.png", b"\x89PNG\r\n"),
    ]
    choose(c, files)  # the message the browser sends
    assert c.upload.value == ()  # cleared, so choosing the same files again is noticed
    assert [f.name for f in c.files] == [name for name, _, _ in files]
    assert c.summary.count == 3
    assert dict(c.summary.useful)[5] == 1 and dict(c.summary.useful)[4] == 1 and dict(c.summary.useful)[3] == 1
    assert [r.name for r in c.result.rejected] == ["dora.json", "evil.csv", "huge.json", "photo.png"]
    rejected = c.rejected_html.value
    assert select_texts(rejected, '[role="alert"] li strong') == [r.name for r in c.result.rejected]
    lines = [li.get_text() for li in soup(rejected).select('[role="alert"] li')]
    assert lines == [f"{r.name}: {r.problem}" for r in c.result.rejected]
    problems = " ".join(r.problem for r in c.result.rejected)
    assert "not 7" in problems and "formula" in problems and "too big" in problems and "not a .json or .csv" in problems
    page = c.summary_html.value
    assert select_texts(page, '[role="status"]') == ["3 answers counted from 7 files."]
    assert len(soup(page).select(".ow-fb-chart")) == 2 and len(soup(page).select("table")) == 2
    assert select_texts(page, "ul.ow-fb-ideas li") == ["More breaks"]


def test_the_big_file_is_not_kept_in_memory(catalog: Catalog) -> None:
    c = FeedbackCollector(catalog=catalog)
    choose(c, [frontend_file("big.json", b"x" * 1_000_000)])
    assert len(c.files[0].data) <= 4_001 and c.files[0].size == 1_000_000
    assert "too big (1000000 bytes)" in c.result.rejected[0].problem


def test_later_uploads_add_and_same_names_replace(catalog: Catalog, short_plan: dict[str, str]) -> None:
    c = FeedbackCollector(catalog=catalog)
    s1 = next(iter(short_plan))
    choose(c, [frontend_file("a.json", good(1, s1)), frontend_file("b.json", good(2, s1))])
    choose(c, [frontend_file("b.json", good(5, s1)), frontend_file("c.json", good(5, s1))])
    assert [f.name for f in c.files] == ["a.json", "b.json", "c.json"]
    choose(c, [frontend_file("a.json", good(5, s1))])  # the same file again, changed: read again
    assert [f.name for f in c.files] == ["a.json", "b.json", "c.json"]
    assert c.summary.useful == ((1, 0), (2, 0), (3, 0), (4, 0), (5, 3))
    c.clear_button.click()
    assert c.files == () and c.summary.count == 0 and text(c.summary_html.value) == TEXT["none_yet"]


def test_switching_the_session_recounts_the_files(catalog: Catalog, short_plan: dict[str, str]) -> None:
    c = FeedbackCollector(catalog=catalog)
    c.add_files(
        [
            Upload("short.json", good(4, next(iter(short_plan)))),
            Upload("long.json", to_json(FeedbackAnswer("long", 2, "mind_body")).encode()),
        ]
    )
    assert c.summary.count == 1 and c.result.rejected[0].name == "long.json"
    c.plan.value = "long"
    assert c.summary.count == 1 and c.result.rejected[0].name == "short.json"
    assert c.summary.plan == "long" and {s: n for s, _, n in c.summary.helpful}["mind_body"] == 1


def test_chart_table_and_text_agree(catalog: Catalog, short_plan: dict[str, str]) -> None:
    c = FeedbackCollector(catalog=catalog)
    sections = list(short_plan)
    c.add_files([Upload(f"{i}.json", good(r, sections[i % 2])) for i, r in enumerate([5, 5, 4, 2, 5])])
    page = c.summary_html.value
    rows = {
        r.select_one('th[scope="row"]').get_text(): r.select_one("td").get_text()
        for r in soup(page).select("table.ow-fb-table tbody tr")
    }
    assert rows["5 - very useful"] == "3" and rows["Rating 4"] == "1" and rows["Rating 2"] == "1"
    assert rows[short_plan[sections[0]]] == "3" and rows[short_plan[sections[1]]] == "2"
    assert "5 - very useful: 3" in (attr(page, '.ow-fb-chart[role="img"]', "aria-label") or "")
    assert "Average rating: 4.2 out of 5." in text(page)


def test_one_render_per_upload(catalog: Catalog, short_plan: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    c = FeedbackCollector(catalog=catalog)
    calls: list[object] = []
    original = c.update
    monkeypatch.setattr(c, "update", lambda change=None: (calls.append(change), original(change))[1])
    renders: list[object] = []
    c.summary_html.observe(renders.append, names="value")
    choose(c, [frontend_file(f"{i}.json", good(3, next(iter(short_plan)))) for i in range(5)])
    assert len(calls) == 1 and len(renders) == 1 and c.summary.count == 5


def test_a_file_the_browser_could_not_read_is_named_as_unreadable_not_empty(
    catalog: Catalog, short_plan: dict[str, str]
) -> None:
    c = FeedbackCollector(catalog=catalog)
    s1 = next(iter(short_plan))
    send_files(
        c.upload,
        [("anna.json", good(5, s1)), ("gone.json", good(4, s1))],
        mime="application/json",
        unreadable=["gone.json"],
    )
    assert c.summary.count == 1  # the readable file still counts
    assert [(r.name, r.problem) for r in c.result.rejected] == [("gone.json", TEXT["unreadable"])]
    assert TEXT["unreadable"] != TEXT["empty"] and TEXT["empty"] not in c.rejected_html.value
