"""The pain diary kept in the person's own browser (localStorage), in a real Chromium against the dashboard
served as `make dashboard` serves it.

Each test types a unique marker into a diary note and follows it: into this browser's storage, back into
the diary after a reload, a new browser with the same storage, a killed kernel and a restarted server; never
into another person's browser; out again after "Forget"; and never onto the server's disk (its HOME,
TMPDIR and runtime directory are this module's own, and the served tree is searched too).
"""

from __future__ import annotations

import contextlib
import json
import re
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from osteo_lib.care.diary import diary_texts
from osteo_lib.care.diary.device import APP, SETTINGS_KEY, STORE_KEY, STORE_VERSION, device_texts, dump_stored
from osteo_lib.care.diary.entries import Entry
from tests.browser.conftest import (
    artifact,
    ask_now,
    describe_violations,
    page_kernel_id,
    private_dirs,
    private_env,
    run_axe,
    wait_for_stopped_notice,
)
from tests.browser.test_diary_chart_phone import WIDER
from tests.browser.test_privacy import add_entry, holding
from tests.serving import ROOT, Server, free_port, serve

TEXT = device_texts()
DIARY_TEXT = diary_texts()
DIARY = "My pain diary"
SWITCH = TEXT["switch"]


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return private_dirs(tmp_path_factory, "device-diary-server")


@pytest.fixture(scope="module")
def server(places: dict[str, Path]) -> Iterator[Server]:
    with serve("dashboard", env=private_env(places), wait_for_pool=True) as srv:
        yield srv


@pytest.fixture()
def ctx(browser: Any) -> Iterator[Any]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    yield context
    context.close()


def marker() -> str:
    return f"mark-{uuid.uuid4().hex[:12]}"


def open_diary(page: Any, url: str | None) -> None:
    """Open the dashboard (``url``; None: the page already loaded), go to the diary and wait until the device
    has answered (the switch is enabled).

    When the page never gets that far, the failure says what the page logged and how far it got (a page that
    never drew its widgets was seen about once in a full run; this is what tells the cause next time)."""
    said: list[str] = []
    page.on("console", lambda m: said.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: said.append(f"pageerror: {e}"))
    try:
        if url is not None:
            page.goto(url)
        page.get_by_role("button", name=DIARY).click(timeout=120_000)
        page.get_by_role("button", name="Save entry").wait_for(timeout=60_000)
        page.wait_for_function(
            "label => [...document.querySelectorAll('.ow-diary-device__switch input')].some(i => !i.disabled)",
            arg=SWITCH,
            timeout=60_000,
        )
    except PlaywrightTimeoutError as exc:
        state = page.evaluate(
            "() => ({widgets: document.querySelectorAll('.jupyter-widgets').length,"
            " outputs: document.querySelectorAll('.jp-OutputArea-output').length,"
            " views: document.querySelectorAll('script[type=\"application/vnd.jupyter.widget-view+json\"]').length,"
            " text: document.body.innerText.slice(0, 300)})"
        )
        raise AssertionError(f"the diary did not open: {exc}\npage: {state}\nconsole: {said[-40:]}") from exc


def stored(page: Any) -> str | None:
    value = page.evaluate("key => localStorage.getItem(key)", STORE_KEY)
    return None if value is None else str(value)


def wait_stored(page: Any, text: str) -> None:
    """Wait until this browser's stored diary holds ``text`` (the kernel sends it, the page writes it)."""
    page.wait_for_function("([k, t]) => (localStorage.getItem(k) || '').includes(t)", arg=[STORE_KEY, text])


def body(page: Any) -> str:
    return str(page.evaluate("() => document.body.textContent"))


def shows(page: Any, text: str) -> None:
    page.get_by_text(text).first.wait_for(timeout=60_000)


def back_after_the_stopped_notice(page: Any, kid: str, mark: str, shot: str) -> None:
    """The page whose kernel ``kid`` was stopped says so (screenshot ``shot``); its "Load the page again" button
    loads a page on a new kernel that shows the same diary (``mark`` in it)."""
    ask_now(page)
    wait_for_stopped_notice(page, timeout_ms=60_000)
    page.screenshot(path=str(artifact(shot)))
    with page.expect_navigation(timeout=120_000):
        page.get_by_role("button", name="Load the page again").click()
    open_diary(page, None)  # the page that button loaded
    assert page_kernel_id(page) != kid
    shows(page, TEXT["opened_one"])
    assert mark in body(page)


def kernel_process(server: Server, kid: str) -> Any:
    import psutil

    for proc in psutil.Process(server.process.pid).children(recursive=True):
        with contextlib.suppress(psutil.Error):
            cmd = " ".join(proc.cmdline())
            if "ipykernel_launcher" in cmd and f"kernel-{kid}.json" in cmd:
                return proc
    raise AssertionError(f"no process for kernel {kid}")


# --- it stays ------------------------------------------------------------------------------------------------
def test_a_reload_and_a_new_browser_with_the_same_storage_keep_the_diary(
    server: Server, ctx: Any, browser: Any
) -> None:
    page = ctx.new_page()
    open_diary(page, server.url)
    assert page.get_by_label(SWITCH).is_checked()  # on by default outside a workshop room
    mark = marker()
    add_entry(page, "6", mark)
    wait_stored(page, mark)
    document = json.loads(stored(page) or "{}")
    assert document["version"] == 1 and [e["note"] for e in document["entries"]] == [mark]

    page.reload()
    open_diary(page, None)
    shows(page, TEXT["opened_one"])
    assert mark in body(page)
    page.screenshot(path=str(artifact("diary-device-after-reload.png")), full_page=True)

    state = ctx.storage_state()  # closing the browser and opening it again (same profile)
    ctx.close()
    again = browser.new_context(storage_state=state)
    try:
        page2 = again.new_page()
        open_diary(page2, server.url)
        shows(page2, TEXT["opened_one"])
        assert mark in body(page2)
    finally:
        again.close()


def test_a_killed_kernel_leads_back_to_the_same_diary(places: dict[str, Path], ctx: Any) -> None:
    """The kernel behind the page dies (killed); the server notices within seconds and lets it go (no
    culler needed), the page says it stopped working, and its "Load the page again" button brings back the
    same diary on a new kernel."""
    with serve("dashboard", env=private_env(places), wait_for_pool=True) as srv:
        page = ctx.new_page()
        open_diary(page, srv.url)
        mark = marker()
        add_entry(page, "5", mark)
        wait_stored(page, mark)
        kid = page_kernel_id(page)
        kernel_process(srv, kid).kill()
        srv.wait_for_log(re.compile(rf"A visitor's kernel {kid} died; stopping it"), timeout=120)
        back_after_the_stopped_notice(page, kid, mark, "diary-device-page-stopped.png")
        page.close(run_before_unload=True)


def test_a_culled_kernel_leads_back_to_the_same_diary(places: dict[str, Path], ctx: Any) -> None:
    """The kernel behind an open page that nobody touches is culled (idle culling of connected pages, as a
    workshop room does it, with a short idle time); the page says it stopped working, and its "Load the page
    again" button brings back the same diary on a new kernel."""
    idle = 20  # seconds; long enough that the page loaded again keeps its new kernel while it opens
    args = (
        f"--MappingKernelManager.cull_idle_timeout={idle} --MappingKernelManager.cull_interval=1"
        " --MappingKernelManager.cull_connected=True"
    )
    with serve("dashboard", extra={"VOILA_ARGS": args}, env=private_env(places), wait_for_pool=True) as srv:
        page = ctx.new_page()
        open_diary(page, srv.url)
        mark = marker()
        add_entry(page, "6", mark)
        wait_stored(page, mark)
        kid = page_kernel_id(page)
        srv.wait_for_log(re.compile(rf"Culling '\w+' kernel '\w+' \({kid}\)"), timeout=idle + 180)
        assert f"A visitor's kernel {kid} died" not in srv.log_text()  # culled, not dead
        back_after_the_stopped_notice(page, kid, mark, "diary-device-culled-stopped.png")
        page.locator(".ow-diary").screenshot(path=str(artifact("diary-device-culled-back.png")))
        page.close(run_before_unload=True)


def test_a_restarted_server_shows_the_same_diary(places: dict[str, Path], ctx: Any) -> None:
    port = free_port()  # the same address both times: the browser keeps storage per address
    mark = marker()
    page = ctx.new_page()
    with serve("dashboard", env=private_env(places), port=port) as first:
        open_diary(page, first.url)
        add_entry(page, "4", mark)
        wait_stored(page, mark)
    with serve("dashboard", env=private_env(places), port=port) as second:
        page = ctx.new_page()
        open_diary(page, second.url)
        shows(page, TEXT["opened_one"])
        assert mark in body(page)


# --- it stays private ----------------------------------------------------------------------------------------
def test_two_people_never_see_each_others_diary(server: Server, browser: Any) -> None:
    a, b = browser.new_context(), browser.new_context()
    try:
        page_a, page_b = a.new_page(), b.new_page()
        open_diary(page_a, server.url)
        mark_a = marker()
        add_entry(page_a, "7", mark_a)
        wait_stored(page_a, mark_a)
        open_diary(page_b, server.url)
        mark_b = marker()
        add_entry(page_b, "2", mark_b)
        wait_stored(page_b, mark_b)
        page_a.reload()
        open_diary(page_a, server.url)
        page_b.reload()
        open_diary(page_b, server.url)
        assert mark_a in body(page_a) and mark_b not in body(page_a)
        assert mark_b in body(page_b) and mark_a not in body(page_b)
        assert mark_b not in (stored(page_a) or "") and mark_a not in (stored(page_b) or "")
    finally:
        a.close()
        b.close()


def test_with_the_switch_off_nothing_is_stored_and_the_choice_is_remembered(server: Server, ctx: Any) -> None:
    page = ctx.new_page()
    open_diary(page, server.url)
    page.get_by_label(SWITCH).uncheck()
    shows(page, TEXT["kept_off"].split(".")[0])
    page.wait_for_function("k => localStorage.getItem(k) === JSON.stringify({keep: false})", arg=SETTINGS_KEY)
    mark = marker()
    add_entry(page, "3", mark)
    page.reload()
    open_diary(page, None)
    assert not page.get_by_label(SWITCH).is_checked()
    assert stored(page) is None
    everything = page.evaluate("() => Object.entries(localStorage).map(([k, v]) => k + '=' + v).join(' ')")
    assert mark not in everything and mark not in body(page)


def test_forget_asks_then_removes_the_diary(server: Server, ctx: Any) -> None:
    page = ctx.new_page()
    open_diary(page, server.url)
    mark = marker()
    add_entry(page, "6", mark)
    wait_stored(page, mark)
    page.get_by_role("button", name=TEXT["forget"]).click()
    question = page.locator(".ow-diary-device__question")
    question.wait_for()
    page.wait_for_function("() => document.activeElement?.classList.contains('ow-diary-device__question')")
    assert mark in (stored(page) or "")  # nothing happens before the answer
    violations = run_axe(page, ".ow-diary-device")
    assert not violations, describe_violations(violations)
    page.screenshot(path=str(artifact("diary-device-forget-question.png")), full_page=True)
    page.get_by_role("button", name=TEXT["forget_yes"]).click()
    shows(page, TEXT["forgotten"])
    page.wait_for_function("k => localStorage.getItem(k) === null", arg=STORE_KEY)
    assert mark not in body(page)
    page.reload()
    open_diary(page, None)
    assert mark not in body(page) and stored(page) is None
    assert not page.get_by_label(SWITCH).is_checked()


# --- what cannot be read, and a full storage -----------------------------------------------------------------
def test_a_corrupted_stored_diary_is_kept_and_offered_as_a_download(server: Server, ctx: Any) -> None:
    page = ctx.new_page()
    page.goto(server.url)
    broken = '{"app": "osteo-diary", "version": 1, "entries": [{"day": "2025-03-0'
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [STORE_KEY, broken])
    page.reload()
    open_diary(page, None)
    shows(page, TEXT["problem_unreadable"])
    page.screenshot(path=str(artifact("diary-device-unreadable.png")), full_page=True)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=TEXT["download_stored"]).click()
    saved = artifact("diary-device-unreadable-download.json")
    download_info.value.save_as(saved)
    assert saved.read_text(encoding="utf-8") == broken
    add_entry(page, "5", marker())  # the diary still works on the page; the stored text stays as it was
    page.reload()
    open_diary(page, None)
    assert stored(page) == broken
    shows(page, TEXT["problem_unreadable"])


def test_a_diary_from_a_newer_version_is_kept_and_offered_as_a_download(server: Server, ctx: Any) -> None:
    """A diary a newer version of this page wrote (a higher version number, fields this one does not know) is
    named as such, offered as a download exactly as stored, and never overwritten by new entries."""
    page = ctx.new_page()
    page.goto(server.url)
    newer = json.dumps(
        {
            "app": APP,
            "version": STORE_VERSION + 1,
            "entries": [{"day": "2025-03-01", "pain": 4, "sleep": 6, "note": "from the new version"}],
            "reminders": {"daily": "20:00"},
        }
    )
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [STORE_KEY, newer])
    page.reload()
    open_diary(page, None)
    shows(page, TEXT["problem_newer"])
    assert TEXT["problem_unreadable"] not in body(page) and "from the new version" not in body(page)
    page.locator(".ow-diary-device").screenshot(path=str(artifact("diary-device-newer.png")))
    with page.expect_download() as download_info:
        page.get_by_role("link", name=TEXT["download_stored"]).click()
    saved = artifact("diary-device-newer-download.json")
    download_info.value.save_as(saved)
    assert saved.read_text(encoding="utf-8") == newer
    mark = marker()
    add_entry(page, "5", mark)  # the diary still works on the page; the stored text stays as it was
    assert mark in body(page) and stored(page) == newer
    page.reload()
    open_diary(page, None)
    assert stored(page) == newer
    shows(page, TEXT["problem_newer"])


def test_a_full_storage_says_so_and_keeps_what_was_stored(server: Server, ctx: Any) -> None:
    page = ctx.new_page()
    open_diary(page, server.url)
    first = marker()
    add_entry(page, "5", first)
    wait_stored(page, first)
    before = stored(page)
    ctx.add_init_script(
        "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };"
    )
    page.reload()
    open_diary(page, None)
    second = marker()
    page.get_by_label("Date").fill("2020-01-02")
    add_entry(page, "6", second)
    shows(page, TEXT["full"].split(".")[0])
    assert first in body(page) and second in body(page)  # nothing lost on the page
    assert stored(page) == before  # and what the device held before is unchanged


# --- weeks of a diary on a phone -----------------------------------------------------------------------------
WEEKS_DAYS = 60


def test_weeks_of_a_diary_kept_on_a_phone_open_whole_and_fit_the_screen(server: Server, browser: Any) -> None:
    """A diary kept for about two months on a phone (one entry a day, the weekly questions every 7th day, in
    the stored format this page writes) opens whole after a reload at 390 x 844, and the diary part does not
    reach past the screen's right edge (the entries table, once opened, scrolls in its own box)."""
    mark = marker()
    yesterday = date.today() - timedelta(days=1)
    entries = []
    for n in range(WEEKS_DAYS):
        peg = dict.fromkeys(("peg_pain", "peg_enjoyment", "peg_activity"), 5) if n % 7 == 0 else {}
        day = yesterday - timedelta(days=WEEKS_DAYS - 1 - n)
        entries.append(Entry(day, (n * 3) % 11, note=f"{mark}-{n:02d}", **peg))
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(server.url)
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [STORE_KEY, dump_stored(entries)])
        page.reload()
        open_diary(page, None)
        shows(page, TEXT.format("opened", count=WEEKS_DAYS))
        chart = page.locator(".ow-diary-chart svg:visible")
        expect(chart).to_have_attribute("aria-label", re.compile(rf"^{WEEKS_DAYS} entries from "), timeout=60_000)
        assert page.evaluate("() => [innerWidth, document.documentElement.scrollWidth]") == [390, 390]
        for inside in (".ow-diary-device", ".ow-diary-form", ".ow-diary-chart"):  # (the table has its own box)
            wider = page.locator(inside).evaluate(WIDER)
            assert wider == [], f"part of {inside} is wider than a 390px screen: {wider}"
        page.locator(".ow-diary").screenshot(path=str(artifact("diary-device-60-days-390.png")))

        page.get_by_text(DIARY_TEXT["table_toggle"], exact=True).click()
        rows = page.locator(".ow-diary-table-wrap tbody tr")
        expect(rows).to_have_count(WEEKS_DAYS, timeout=60_000)
        notes = page.locator(".ow-diary-table-wrap tbody").inner_text()
        assert all(f"{mark}-{n:02d}" in notes for n in range(WEEKS_DAYS))
        assert json.loads(stored(page) or "{}")["entries"] == json.loads(dump_stored(entries))["entries"]
        assert page.evaluate("() => [innerWidth, document.documentElement.scrollWidth]") == [390, 390]
        box = page.locator(".ow-diary-table-wrap").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390 + 0.5, box
        page.locator(".ow-diary-table-wrap").screenshot(path=str(artifact("diary-device-60-days-table-390.png")))
    finally:
        context.close()


# --- the server's disk ---------------------------------------------------------------------------------------
def test_the_server_disk_holds_nothing_of_a_diary(server: Server, places: dict[str, Path], ctx: Any) -> None:
    page = ctx.new_page()
    open_diary(page, server.url)
    mark = marker()
    add_entry(page, "8", mark)
    wait_stored(page, mark)
    page.reload()
    open_diary(page, None)
    assert mark in body(page)
    assert not holding(mark, ROOT, *places.values()), f"{mark} reached the disk"
    assert mark not in server.log_text()
    assert not re.search(r"osteo-diary/v1", server.log_text())


def test_health_problems_and_medicines_stay_with_the_diary_on_the_device(
    server: Server, places: dict[str, Path], ctx: Any
) -> None:
    """Issue 15: what the person writes about their medicines for the summary is kept where the diary is:
    in this browser, back after a reload, never on the server's disk."""
    page = ctx.new_page()
    open_diary(page, server.url)
    mark = marker()
    page.get_by_role("button", name="Talk to my provider").click()
    medicines = page.get_by_label("My medicines (optional)", exact=True)
    medicines.fill(f"Alendronate {mark}")
    medicines.press("Tab")
    wait_stored(page, mark)
    assert json.loads(stored(page) or "{}")["about"]["medicines"] == f"Alendronate {mark}"
    page.reload()
    open_diary(page, None)
    page.get_by_role("button", name="Talk to my provider").click()
    expect(page.get_by_label("My medicines (optional)", exact=True)).to_have_value(
        f"Alendronate {mark}", timeout=60_000
    )
    assert not holding(mark, ROOT, *places.values()), f"{mark} reached the disk"
    assert mark not in server.log_text()
