"""The patient dashboard in a real browser: served by `make dashboard` (fixture ``dashboard_server``),
driven by Playwright in Debian's Chromium through real clicks and key presses.

Each test opens its own page (its own Voila kernel, so its own diary). Screenshots of every part go to
test-artifacts/dashboard-<part>.png (not committed).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from osteo_lib.care.diary import csv_filename, diary_texts, fmt_day, parse_csv
from osteo_lib.content.catalog import load_catalog
from osteo_lib.content.dashboard import HELP_PARTS, load_dashboard
from osteo_lib.content.ui import ui_texts
from osteo_lib.views.widgets.base import stylesheet_text
from tests.browser.conftest import artifact
from tests.markup import soup

pytest.importorskip("playwright")
from playwright.sync_api import expect

CONTENT = load_dashboard()
SECTIONS = [(s.id, s.name) for s in CONTENT.sections]
VIEWPORT = {"width": 1280, "height": 800}
LOAD_TIMEOUT = 90_000
STEP_TIMEOUT = 30_000
# Voila scrolls inside its own panel: scroll it back to the top, then measure the whole dashboard.
DASHBOARD_HEIGHT_JS = """() => {
  const dash = document.querySelector('.ow-dashboard');
  for (let el = dash; el; el = el.parentElement) el.scrollTop = 0;
  return Math.ceil(dash.getBoundingClientRect().bottom) + 40;
}"""


# --- helpers ---------------------------------------------------------------------------------------
def open_dashboard(context: Any, url: str) -> tuple[Any, list[str]]:
    """A new page on the dashboard at 1280x800, once the navigation is on screen; and its page errors."""
    page = context.new_page()
    page.set_viewport_size(VIEWPORT)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url, wait_until="domcontentloaded", timeout=LOAD_TIMEOUT)
    nav_button(page, SECTIONS[0][1]).wait_for(timeout=LOAD_TIMEOUT)
    expect(section(page, SECTIONS[0][0]).locator(".ow-dash-key")).to_be_visible(timeout=STEP_TIMEOUT)
    return page, errors


@pytest.fixture()
def dash(context: Any, dashboard_server: Any) -> Iterator[tuple[Any, list[str]]]:
    page, errors = open_dashboard(context, dashboard_server.url)
    yield page, errors
    assert not errors, f"errors in the page: {errors}"


def nav_button(page: Any, name: str) -> Any:
    return page.locator(".ow-dash-nav").get_by_role("button", name=name, exact=True)


def section(page: Any, section_id: str) -> Any:
    return page.locator(f".ow-dash-section--{section_id}")


def go(page: Any, section_id: str) -> Any:
    """Click a part's navigation button; return the part once it is shown."""
    name = dict(SECTIONS)[section_id]
    nav_button(page, name).click()
    part = section(page, section_id)
    expect(part.get_by_role("heading", name=name, level=2)).to_be_visible(timeout=STEP_TIMEOUT)
    return part


def assert_only_shown(page: Any, section_id: str) -> None:
    for sid, name in SECTIONS:
        if sid == section_id:
            expect(section(page, sid)).to_be_visible(timeout=STEP_TIMEOUT)
            expect(nav_button(page, name)).to_have_class(re.compile(r"\bow-dash-nav__button--current\b"))
            expect(nav_button(page, name)).to_have_attribute("title", f"You are here: {name}")
        else:
            expect(section(page, sid)).to_be_hidden(timeout=STEP_TIMEOUT)
            expect(nav_button(page, name)).not_to_have_class(re.compile(r"\bow-dash-nav__button--current\b"))
    expect(page.locator(".ow-dash-announcer [role=status]")).to_have_text(
        f"Now showing: {dict(SECTIONS)[section_id]}.", timeout=STEP_TIMEOUT
    )


def full_screenshot(page: Any, name: str) -> Path:
    """A screenshot of the whole dashboard (Voila scrolls inside its own panel, so the viewport is made
    as tall as the dashboard for the picture, then set back)."""
    height = page.evaluate(DASHBOARD_HEIGHT_JS)
    page.set_viewport_size({"width": VIEWPORT["width"], "height": max(VIEWPORT["height"], min(height, 16_000))})
    page.wait_for_timeout(300)
    path = artifact(name)
    page.screenshot(path=str(path))
    page.set_viewport_size(VIEWPORT)
    return path


def in_first_screen(locator: Any) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= VIEWPORT["height"]


def choose(select: Any, typed: str) -> None:
    """Pick an option of a <select> by keyboard: focus it and type the start of the option's label."""
    select.focus()
    select.page.keyboard.type(typed, delay=50)


def visible_text(page: Any) -> str:
    return str(page.locator("body").inner_text())


# --- rendering and navigation ----------------------------------------------------------------------
def test_page_renders_plainly_with_disclaimer_and_messages_in_the_first_screen(dash: tuple[Any, list[str]]) -> None:
    page, _ = dash
    assert page.title() == CONTENT.title
    assert page.evaluate("() => document.documentElement.lang") == "en"
    text = visible_text(page)
    assert "Traceback" not in text
    assert "Error" not in text
    assert "PatientDashboard" not in text, "no code on the page"
    assert "import" not in text, "no code on the page"
    assert page.locator(".jp-InputArea:visible, .jp-OutputPrompt:visible, .jp-InputPrompt:visible").count() == 0
    assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']:visible").count() == 0
    disclaimer = page.locator(".ow-dash-disclaimer")
    expect(disclaimer).to_have_text(CONTENT.disclaimer)
    assert "911" in CONTENT.disclaimer
    assert "not medical advice" in CONTENT.disclaimer
    for sid, name in SECTIONS:
        part = go(page, sid)
        assert in_first_screen(disclaimer), f"disclaimer not in the first screen of {name}"
        key = part.locator(".ow-dash-key")
        expect(key).to_have_text(CONTENT.section(sid).key_message.patient_text)
        assert in_first_screen(key), f"main message of {name} is not visible without scrolling"
        assert in_first_screen(nav_button(page, name))


def test_every_part_by_click_shows_it_and_hides_the_others(dash: tuple[Any, list[str]]) -> None:
    page, _ = dash
    assert_only_shown(page, SECTIONS[0][0])
    for sid, _name in [*SECTIONS[1:], SECTIONS[0]]:
        go(page, sid)
        assert_only_shown(page, sid)
        page.wait_for_timeout(500)  # let pictures settle before the screenshot
        full_screenshot(page, f"dashboard-{sid}.png")
        if sid == "help":  # its other two tools, each behind its own button
            for tool, cls in (
                ("Compare options", "ow-methods-compare"),
                ("Heat and cold timer", "ow-methods-heatcold"),
            ):
                section(page, "help").get_by_role("button", name=tool, exact=True).click()
                expect(section(page, "help").locator(f".{cls}")).to_be_visible(timeout=STEP_TIMEOUT)
                expect(page.locator(".ow-dash-announcer [role=status]")).to_have_text(f"Now showing: {tool}.")
                page.wait_for_timeout(300)
                full_screenshot(page, f"dashboard-help-{cls.rsplit('-', 1)[1]}.png")
    for sid, _name in SECTIONS:
        assert artifact(f"dashboard-{sid}.png").stat().st_size > 10_000


PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
#: Boxes of the page (JupyterLab's shell around the dashboard) that cut off what does not fit in them.
CLIPPING_JS = """() => [...document.querySelectorAll('body, body *')].filter((el) => {
  if (!el.getClientRects().length || el.closest('.ow-visually-hidden, svg')) return false;
  const s = getComputedStyle(el);
  return s.overflowY !== 'visible' && el.scrollHeight > el.clientHeight + 1
    && el.contains(document.querySelector('.ow-dashboard'));
}).map((el) => `${el.tagName}#${el.id}.${String(el.className).slice(0, 50)} ${el.scrollHeight} > ${el.clientHeight}`)"""


def test_printing_the_page_prints_the_whole_part_without_the_buttons(dash: tuple[Any, list[str]]) -> None:
    """The browser's own Print (a walkthrough printed one clipped screen): in print media no box around the
    dashboard cuts it off, the part buttons are left off paper, and a long part takes several A4 sheets."""
    page, _ = dash
    go(page, "understand")
    page.emulate_media(media="print")
    try:
        assert page.evaluate(CLIPPING_JS) == []
        expect(page.locator(".ow-dash-nav")).to_be_hidden()
        expect(section(page, "understand")).to_be_visible()
        pages = len(PDF_PAGE.findall(page.pdf(format="A4")))
    finally:
        page.emulate_media(media="screen")
    assert pages >= 2, f"{pages} printed page(s)"
    assert page.evaluate(CLIPPING_JS) != []  # on screen the shell still scrolls in its own box


def test_every_part_by_keyboard_tab_and_enter_with_a_visible_focus(dash: tuple[Any, list[str]]) -> None:
    page, _ = dash
    page.locator("body").focus()
    page.keyboard.press("Tab")
    # the only stop before the navigation: the sources of the page's main message, right above it
    expect(page.locator(".ow-dash-main details.ow-dash-sources > summary")).to_be_focused()
    page.keyboard.press("Tab")
    first = nav_button(page, SECTIONS[0][1])
    expect(first).to_be_focused()  # then the navigation
    for i, (sid, name) in enumerate(SECTIONS):
        if i:
            page.keyboard.press("Tab")
        button = nav_button(page, name)
        expect(button).to_be_focused()
        outline = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
        )
        assert outline[0] != "none", f"no visible focus ring on {name}: {outline}"
        assert outline[1] >= 3, f"no visible focus ring on {name}: {outline}"
        page.keyboard.press("Enter")
        assert_only_shown(page, sid)
        expect(button).to_be_focused()  # focus stays, so the next Tab reaches the next button
    # Space works too
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    assert_only_shown(page, SECTIONS[-2][0])


# Every <style> element of the page whose text holds the workbook's CSS (its base class, .ow-widget).
WORKBOOK_STYLES_JS = """() => Array.from(document.querySelectorAll('style'))
  .map(s => s.textContent).filter(t => t.includes('.ow-widget'))"""


def test_the_workbook_stylesheet_is_on_the_page_exactly_once(dash: tuple[Any, list[str]]) -> None:
    """Every widget's container holds the kernel's one stylesheet widget; however many widgets every
    part and tool shows, the page has the workbook's CSS in one <style> element."""
    page, _ = dash
    text = ui_texts("dashboard")
    for sid, _name in SECTIONS:  # every part built, so every widget is on the page
        go(page, sid)
        if sid == "help":
            for tool in HELP_PARTS:
                name = text[f"part_{tool}"]
                section(page, "help").get_by_role("button", name=name, exact=True).click()
                expect(page.locator(".ow-dash-announcer [role=status]")).to_have_text(f"Now showing: {name}.")
    expect(page.locator(".ow-methods-heatcold")).to_have_count(1, timeout=STEP_TIMEOUT)
    styles = page.evaluate(WORKBOOK_STYLES_JS)
    assert len(styles) == 1, f"the workbook CSS is in {len(styles)} <style> elements"
    css = stylesheet_text()
    assert " ".join(styles[0].split()) == " ".join(css.split())  # all of it: workbook.css and every css/*.css
    assert "/* --- lesson.css --- */" in styles[0]
    assert page.locator(".ow-stylesheet").count() > 5


# --- get help now ---------------------------------------------------------------------------------
def test_get_help_now_shows_the_emergency_list_first_with_what_to_do_and_why(dash: tuple[Any, list[str]]) -> None:
    """Issue 12: every sign shows its action and why it matters; the emergency list comes first and
    holds every emergency; the reviewed date is under the disclaimer."""
    page, _ = dash
    part = go(page, "urgent")
    expect(page.locator(".ow-dash-disclaimer")).to_contain_text(
        "We last checked the facts on this page on December 6, 2026."
    )
    groups = part.locator(".ow-dash-signs__group")
    expect(groups).to_have_count(len(CONTENT.warning_groups))
    expect(groups.first).to_have_class(re.compile(r"ow-dash-signs__group--emergency"))
    # each list is named by its colour in words, as in the key at the top of the part
    for group, locator in zip(CONTENT.warning_groups, groups.all(), strict=True):
        expect(locator.locator("h3")).to_have_text(f"{ui_texts('dashboard')['list_' + group.id]}: {group.heading}:")
    for sign in CONTENT.warning_signs:
        item = part.locator(f"li[data-sign='{sign.id}']")
        expect(item).to_have_attribute("data-action", sign.action)
        expect(item.locator(".ow-dash-sign__why")).to_have_text(f"Why it matters: {sign.why}")
        expect(item.locator(".ow-dash-sign__do")).to_be_visible()
    emergency = groups.first
    for sid in ("opioid_overdose", "vomit_blood", "hip_after_fall", "head_injury_blood_thinner", "crisis"):
        expect(emergency.locator(f"li[data-sign='{sid}']")).to_have_count(1)
    expect(part.locator("li[data-sign='crisis'] .ow-dash-sign__do")).to_contain_text("call or text 988")
    expect(part.locator(".ow-dash-intro")).to_contain_text("fits the red list and another list, call 911")
    full_screenshot(page, "dashboard-urgent-signs.png")


# --- what may help ---------------------------------------------------------------------------------
def test_filter_the_explorer_and_compare_two_options(dash: tuple[Any, list[str]]) -> None:
    page, _ = dash
    part = go(page, "help")
    offered = [m for m in load_catalog().methods if m.patient_option]  # the others are for students only
    cards = part.locator(".ow-methods-explorer .ow-method-card:not(.ow-method-card--filtered-out)")
    expect(cards).to_have_count(len(offered), timeout=STEP_TIMEOUT)
    physical = [m for m in offered if m.category == "physical"]
    choose(part.get_by_label("Kind of method"), "Things you do")
    expect(cards).to_have_count(len(physical), timeout=STEP_TIMEOUT)
    expect(part.locator(".ow-methods-status")).to_contain_text(str(len(physical)))
    names = [c.locator("h3").inner_text() for c in cards.all()]
    assert names == [m.name for m in physical]

    first, second = physical[0], physical[1]
    part.get_by_role("button", name="Compare options", exact=True).click()
    grid = part.locator(".ow-methods-compare")
    expect(grid).to_be_visible(timeout=STEP_TIMEOUT)
    expect(cards.first).to_be_hidden()  # one tool at a time
    grid.get_by_label(first.name, exact=True).click()
    expect(grid.get_by_role("table")).to_have_count(0)
    grid.get_by_label(second.name, exact=True).check()
    table = grid.get_by_role("table")
    expect(table).to_be_visible(timeout=STEP_TIMEOUT)
    heads = [h.inner_text().strip() for h in table.locator("thead th").all()]
    assert heads[1:] == [first.name, second.name]
    assert table.locator("tbody tr").count() >= 5


# --- diary and provider summary --------------------------------------------------------------------
PEG_TOGGLE = ui_texts("diary")["peg_toggle"]  # "Answer the 3 weekly questions"
PEG_LABELS = ("Average pain, past week", "Enjoying life, past week", "Daily tasks, past week")


def press_score(part: Any, label: str, value: int) -> Any:
    """Choose a number on a 0-10 scale by keyboard: focus its button and press Enter; it is then pressed."""
    button = part.get_by_role("group", name=label, exact=True).locator(f"button[data-value='{value}']")
    button.focus()
    part.page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-pressed", "true", timeout=STEP_TIMEOUT)
    return button


def add_entry(
    part: Any, day: date, pain: int, peg: tuple[int, int, int] | None, note: str, *, asked: bool = True
) -> None:
    """Fill the diary form by keyboard and save it with Enter. ``asked``: whether the weekly (PEG) questions
    are open once the date is chosen (no entry in the 7 days around it has them); when they are folded and
    ``peg`` is given, the "Answer the 3 weekly questions" switch opens them."""
    page = part.page
    part.get_by_label("Date", exact=True).fill(day.isoformat())
    toggle = part.get_by_label(PEG_TOGGLE, exact=True)
    expect(toggle).to_be_checked(checked=asked, timeout=STEP_TIMEOUT)
    press_score(part, "Pain today", pain)
    if peg is not None:
        if not asked:
            toggle.check()
        for label, value in zip(PEG_LABELS, peg, strict=True):
            press_score(part, label, value)
    note_box = part.get_by_label("Note", exact=True)
    note_box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(note)
    page.keyboard.press("Tab")
    part.get_by_role("button", name="Save entry", exact=True).focus()
    page.keyboard.press("Enter")
    expect(part.locator(".ow-diary-message")).to_contain_text(
        f"Saved your entry for {fmt_day(day)}", timeout=STEP_TIMEOUT
    )


def test_diary_entries_export_import_and_provider_summary(dash: tuple[Any, list[str]], tmp_path: Path) -> None:
    page, _ = dash
    today = date.today()
    yesterday = today - timedelta(days=1)
    catalog = load_catalog()

    # mark an option in the explorer: the summary must list it
    helpful = go(page, "help")
    marked = next(m for m in catalog.methods if m.patient_option)
    helpful.get_by_label(f"Add {marked.name} to my list", exact=False).check()

    part = go(page, "diary")
    chart = part.locator(".ow-diary-chart svg:visible")  # (the wide or the narrow layout)
    expect(chart).to_have_count(0)
    add_entry(part, yesterday, 7, (6, 5, 4), "Bad night, heat pack helped")
    expect(chart).to_have_attribute(
        "aria-label", f"One entry, on {fmt_day(yesterday)}: pain today 7, weekly pain score 5.", timeout=STEP_TIMEOUT
    )
    add_entry(part, today, 4, (3, 2, 2), 'Walked, "a bit" better', asked=False)
    expect(chart).to_have_attribute("aria-label", re.compile(r"^2 entries.*from 7 to 4"), timeout=STEP_TIMEOUT)
    part.locator(".ow-diary-details summary").click()  # "Show all entries as a table"
    rows = part.locator(".ow-diary-table tbody tr")
    expect(rows).to_have_count(2)
    cells = [[c.inner_text().strip() for c in r.locator("th, td").all()] for r in rows.all()]
    assert [c[:6] for c in cells] == [
        [fmt_day(yesterday), "7", "5", "6", "5", "4"],
        [fmt_day(today), "4", "2.3", "3", "2", "2"],
    ], cells
    assert cells[1][-1] == 'Walked, "a bit" better'
    expect(part.locator(".ow-diary-flags")).to_contain_text("went down by 3 points")
    full_screenshot(page, "dashboard-diary-entries.png")

    # export: the CSV comes from a data: link, nothing is fetched from the server
    link = part.get_by_role("link", name=ui_texts("diary")["download"])
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == csv_filename(today)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    data = saved.read_bytes()
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "date,pain,peg_pain,peg_enjoyment,peg_activity,tried,helped,note"
    assert lines[1].startswith(f"{yesterday.isoformat()},7,6,5,4,")
    assert lines[2].startswith(f"{today.isoformat()},4,3,2,2,")
    assert '"Walked, ""a bit"" better"' in lines[2]
    assert parse_csv(data, today=today).ok

    # import it again: accepted, nothing new (the entries made here are kept)
    upload_button = part.get_by_role("button", name=re.compile("Load a diary file"))
    # issue 14: a real button whose name and words are the label alone (FileUpload showed "... (0)")
    label = diary_texts()["upload_label"]
    expect(part.get_by_role("button", name=label, exact=True)).to_have_count(1)
    expect(upload_button).to_have_text(label)
    assert upload_button.evaluate("b => b.tagName === 'BUTTON' && b.type === 'button'")
    assert "(" not in upload_button.inner_text()
    box = upload_button.bounding_box()
    assert box is not None and box["width"] >= 44 and box["height"] >= 44

    def upload(path: Path, *, keyboard: bool = False) -> None:
        # the file button (views/widgets/file_button.py) opens the browser's file chooser
        with page.expect_file_chooser() as chooser:
            if keyboard:  # reached with the keyboard, pressed with Enter
                upload_button.focus()
                page.keyboard.press("Enter")
            else:
                upload_button.click()
        chooser.value.set_files(str(path))

    upload(saved, keyboard=True)
    message = part.locator(".ow-diary-message")
    expect(message).to_contain_text(
        f"Loaded the file \u201c{saved.name}\u201d. New entries: 0. Rows skipped: 2.", timeout=STEP_TIMEOUT
    )
    expect(message).to_contain_text(f"Row 3: skipped. This entry for {fmt_day(today)} is already in your diary.")
    # the message is right under the upload button, in view (not above the form, off a phone's screen)
    expect(part.locator(".ow-diary-files-message .ow-diary-message")).to_be_in_viewport()
    expect(rows).to_have_count(2)

    # a bad file: rejected with the rows named, the diary unchanged
    bad = tmp_path / "bad-diary.csv"
    older = today - timedelta(days=5)
    bad.write_text(
        "date,pain,peg_pain,peg_enjoyment,peg_activity,tried,helped,note\r\n"
        f"{older.isoformat()},11,3,3,3,,,\r\n"
        f'{(older - timedelta(days=1)).isoformat()},3,3,3,3,,,=HYPERLINK("http://x")\r\n',
        encoding="utf-8",
    )
    problems = parse_csv(bad.read_bytes(), today=today).messages()
    assert any("Row 2" in p for p in problems)
    assert any("Row 3" in p for p in problems)
    upload(bad)
    expect(message).to_contain_text(f"We did not load the file \u201c{bad.name}\u201d", timeout=STEP_TIMEOUT)
    for problem in problems:
        expect(message).to_contain_text(problem)
    expect(rows).to_have_count(2)
    expect(chart).to_have_attribute("aria-label", re.compile(r"^2 entries"))

    # a US Excel file (Windows-1252, dates that read two ways): the widget asks beside the upload button
    excel = tmp_path / "excel-diary.csv"
    year = today.year - 1
    header = "Date,Pain,PEG pain,PEG enjoyment,PEG activity,Tried,Helped,Note,Mood"
    excel.write_bytes(f"{header}\r\n2/3/{year},5,5,4,3,Café,,,ok\r\n".encode("cp1252"))
    upload(excel)
    question = part.locator(".ow-diary-order")
    expect(question).to_contain_text(f"What does 2/3/{year} mean?", timeout=STEP_TIMEOUT)
    expect(rows).to_have_count(2)
    question.get_by_role("button", name=f"It is {fmt_day(date(year, 3, 2))}").click()
    expect(message).to_contain_text(f"Row 2: added the entry for {fmt_day(date(year, 3, 2))}.", timeout=STEP_TIMEOUT)
    expect(message).to_contain_text("We left out these columns, because a diary does not use them: Mood.")
    expect(question).to_be_hidden()
    expect(rows).to_have_count(3)
    expect(part.locator(".ow-diary-table tbody")).to_contain_text("Café")

    # provider: add a question, build the summary, download it
    provider = go(page, "provider")
    question = CONTENT.questions[0].patient_text
    provider.get_by_label(question, exact=True).check()
    questions_box = provider.get_by_label("My questions", exact=False)
    expect(questions_box).to_have_value(question, timeout=STEP_TIMEOUT)
    expect(provider.locator(".ow-summary-widget")).to_contain_text(marked.name)
    medicines = provider.get_by_label("My medicines (optional)", exact=True)
    medicines.fill("Alendronate 70 mg, once a week")
    medicines.press("Tab")
    provider.get_by_role("button", name="Make the summary").click()
    summary_link = provider.get_by_role("link", name=ui_texts("summary")["download_summary"], exact=True)
    expect(summary_link).to_be_visible(timeout=STEP_TIMEOUT)
    # "Print the summary" prints the summary document from its own frame, not the dashboard page
    printer = provider.locator(".ow-summary-widget .ow-summary-print")
    printer.get_by_role("button", name="Print the summary", exact=True).click()
    expect(printer).to_have_attribute("data-printed", "1", timeout=STEP_TIMEOUT)
    expect(printer).to_have_attribute("data-printed-title", re.compile(r"^Pain summary for my provider, "))
    page.wait_for_timeout(500)
    full_screenshot(page, "dashboard-provider-summary.png")
    with page.expect_download() as info:
        summary_link.click()
    document = soup(Path(info.value.path()).read_text(encoding="utf-8"))
    for style in document.select("style"):
        style.decompose()
    text = " ".join(document.get_text(" ").split())
    assert f"Pain today, first entry: 5 on {date(year, 3, 2):%-d %b %Y}" in text  # the entry from the Excel file
    assert f"Pain today, latest entry: 4 on {today:%-d %b %Y}" in text
    assert "Latest weekly pain score: about 2 on" in text  # 2.3, whole for the patient
    assert "Latest weekly pain score: 2.3 (P 3, E 2, G 2)" in text  # the exact score, for the provider
    assert marked.name in text
    assert question in text
    assert "My medicines Alendronate 70 mg, once a week" in text
