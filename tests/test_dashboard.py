"""The patient dashboard without a browser: its content (data/dashboard.yaml), the pure helpers, and the
widget driven through its real ipywidgets buttons and checkboxes."""

from __future__ import annotations

import ast
import dataclasses
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as w
import nbformat
import pytest
import yaml

from osteo_lib.apps.dashboard import PatientDashboard, warning_signs_html
from osteo_lib.care.questions import merge_questions, remove_question
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.dashboard import (
    ACTION_OF_GROUP,
    HELP_PARTS,
    SECTION_IDS,
    clear_cache,
    load_dashboard,
    reviewed_words,
)
from osteo_lib.content.ui import ui_texts
from osteo_lib.errors import DataError
from osteo_lib.views.widgets.diary import walk
from osteo_lib.views.widgets.file_button import FileButton
from tests.markup import select_texts, soup, text

TEXT = ui_texts("dashboard")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "dashboards" / "patient_dashboard.ipynb"
TODAY = date(2025, 3, 10)


@pytest.fixture()
def dash(catalog: Catalog) -> Iterator[PatientDashboard]:
    d = PatientDashboard(catalog, today=TODAY)
    yield d
    d.close()


def shown(d: PatientDashboard) -> list[str]:
    return [sid for sid, box in d.sections.items() if box.layout.display != "none"]


def visible_words(html: str) -> str:
    """The words of ``html`` a reader sees: style elements left out, single-spaced."""
    page = soup(html)
    for style in page.select("style"):
        style.decompose()
    return " ".join(page.get_text(" ").split())


# --- content ----------------------------------------------------------------------------------------
def test_content_has_the_five_parts_and_sourced_warning_signs(catalog: Catalog) -> None:
    content = load_dashboard(catalog)
    assert sorted(s.id for s in content.sections) == sorted(SECTION_IDS)
    assert "911" in content.disclaimer
    assert "not medical advice" in content.disclaimer
    assert [g.id for g in content.warning_groups] == ["emergency", "today", "soon"]
    assert "911" in content.warning_groups[0].heading
    assert "back pain" not in content.warning_groups[0].heading  # the emergency list is for every emergency
    assert len(content.warning_signs) >= 6
    for group in content.warning_groups:
        for sign in group.signs:
            assert sign.action == ACTION_OF_GROUP[group.id], sign.id
            assert sign.why.strip(), sign.id
            refs = catalog.references_for(sign.references)
            assert refs, sign.id
            assert all(r.link.startswith("https://") for r in refs), sign.id
    # a story on both lists: the emergency list wins, said plainly
    assert "fits the red list and another list, call 911." in content.section("urgent").intro


def test_get_help_now_has_tap_to_call_links_from_data(catalog: Catalog) -> None:
    """Issue 14: 911 (and the local number) as tel: links at the top of the emergency list, from data."""
    content = load_dashboard(catalog)
    assert content.call_numbers[0].number == "911"
    assert all(c.href == f"tel:{c.number}" for c in content.call_numbers)
    assert all(c.number in c.link_text for c in content.call_numbers)
    html = soup(str(warning_signs_html(content)))
    groups = html.select(".ow-dash-signs__group")
    links = groups[0].select(".ow-dash-calls:not(.ow-dash-sign__calls) a[href^='tel:']")
    assert [a["href"] for a in links] == [c.href for c in content.call_numbers]
    assert [a.get_text() for a in links] == [c.link_text for c in content.call_numbers]
    assert not [a for g in groups[1:] for a in g.select("a[href^='tel:']")]  # only in the 911 list
    # the only other links to tap are the ones a sign's own "What to do" names (988: call or text)
    in_signs = [(a["href"], a.get_text()) for a in groups[0].select(".ow-dash-sign__calls a")]
    assert in_signs == [(c.href, c.link_text) for s in content.warning_signs for c in s.calls]
    texts = dict(content.patient_texts())
    assert all(texts[f"call_numbers[{c.id}].link_text"] == c.link_text for c in content.call_numbers)


def test_every_emergency_sign_is_in_the_emergency_list(catalog: Catalog) -> None:
    """Issue 12: the signs a nurse would send to the emergency department are all "call 911 now"."""
    content = load_dashboard(catalog)
    action = {s.id: s.action for s in content.warning_signs}
    for sid in (
        "legs_weak_or_numb",
        "bladder_bowel",
        "numb_bottom",
        "chest_pain",
        "breathing_pain",
        "opioid_overdose",
        "vomit_blood",
        "hip_after_fall",
        "head_injury_blood_thinner",
        "head_injury_65",
        "new_confusion",
        "after_accident",
        "crisis",
    ):
        assert action[sid] == "emergency", sid
    for sid in (
        "sudden_severe",
        "black_stools",
        "leg_clot",
        "opioid_bowel",
        "fever",
        "cancer_history",
        "getting_worse",
        "lump_or_weight",
    ):
        assert action[sid] == "same_day", sid  # never "at the next visit"
    assert action["thigh_groin_ache"] == "call_provider"
    signs = {s.id: s for s in content.warning_signs}
    assert "naloxone" in signs["opioid_overdose"].do
    assert "911" in signs["opioid_overdose"].do
    assert "988" in signs["crisis"].do
    assert "local crisis line" in signs["crisis"].do
    assert "911" in signs["black_stools"].do  # faint or dizzy with black stools: emergency
    # Nurse review 18: black stools on a blood thinner go to 911 too, and "today" became "now".
    assert "blood thinner" in signs["black_stools"].do
    assert "now" in signs["black_stools"].do
    # Nurse review 11: sudden back pain is same-day, but tearing pain, belly pain or fainting is 911
    # (aortic aneurysm or dissection); every same-day action has a route when the office is closed.
    assert "911" in signs["sudden_severe"].do
    assert "tearing" in signs["sudden_severe"].do
    assert "urgent care" in TEXT["action_same_day"]
    assert "urgent care" in signs["sudden_severe"].do
    # Nurse review 12 and 17: head injury at 65+ and blood thinner examples; leg clot; opioid bowel block.
    assert "65" in signs["head_injury_65"].patient_text
    assert all(name in signs["head_injury_blood_thinner"].patient_text for name in ("warfarin", "Eliquis", "Plavix"))
    assert "calf" in signs["leg_clot"].patient_text
    assert "911" in signs["leg_clot"].do
    assert "opioid" in signs["opioid_bowel"].patient_text
    assert "3 days" in signs["opioid_bowel"].patient_text
    # Nurse review 25: the brand names patients know.
    assert "Narcan" in signs["opioid_overdose"].do
    assert "Norco" in signs["opioid_overdose"].patient_text
    assert "Fosamax" in signs["thigh_groin_ache"].patient_text
    assert "lifeline988" in signs["crisis"].references


def test_the_reviewed_date_is_shown_after_the_disclaimer(catalog: Catalog) -> None:
    content = load_dashboard(catalog)
    assert content.reviewed == date(2026, 12, 6)
    assert reviewed_words(content.reviewed) == "December 6, 2026"
    assert content.disclaimer.endswith(TEXT["reviewed"].format(date="December 6, 2026"))
    for s in content.sections:
        assert s.key_message.patient_text
        assert s.key_message.references
        assert s.intro
    assert set(content.references) <= set(catalog.references)


def _load_edited(catalog: Catalog, tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Load an edited copy of dashboard.yaml. The catalog is the real one pointed at the copy's folder
    (dataclasses.replace), so no other catalog enters load_catalog's cache."""
    folder = tmp_path / "data"
    folder.mkdir()
    doc = yaml.safe_load((ROOT / "data" / "dashboard.yaml").read_text(encoding="utf-8"))
    change(doc)
    (folder / "dashboard.yaml").write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    clear_cache()
    try:
        load_dashboard(dataclasses.replace(catalog, source=folder))
    finally:
        clear_cache()


def test_an_unedited_copy_loads(catalog: Catalog, tmp_path: Path) -> None:
    _load_edited(catalog, tmp_path, lambda doc: None)  # the harness below changes only what each case says


@pytest.mark.parametrize(
    ("change", "record", "field", "words"),
    [
        (
            lambda d: d["warning_signs"][0]["signs"][0].update(references=["nhs_nowhere"]),
            "emergency",
            "signs[legs_weak_or_numb].references",
            "unknown reference id 'nhs_nowhere'",
        ),
        (
            lambda d: d["warning_signs"][0]["signs"][0].update(action="same_day"),
            "emergency",
            "signs[legs_weak_or_numb].action",
            "does not belong in group 'emergency'",
        ),
        (
            lambda d: d["warning_signs"][1]["signs"][0].update(action="later"),
            None,
            None,
            "'later' is not one of the allowed values",
        ),
        (lambda d: d["warning_signs"][1]["signs"][0].pop("why"), None, None, "required field is missing"),
        (lambda d: d["warning_signs"].reverse(), "warning_signs", "id", "most to least urgent"),
        (lambda d: d["warning_signs"].pop(0), "warning_signs", "id", "must include emergency"),
        (lambda d: d.update(reviewed="2026-02-30"), None, "reviewed", "not a real date"),
        (lambda d: d.update(reviewed="6 Dec 2026"), None, None, "does not match"),
        (lambda d: d.pop("reviewed"), None, None, "required field is missing"),
        (
            lambda d: d["warning_signs"][1]["signs"][0].update(colour="red"),
            "today",
            "signs[sudden_severe].colour",
            "unknown field",
        ),
        (
            lambda d: d["warning_signs"][1]["signs"].append(dict(d["warning_signs"][0]["signs"][0], action="same_day")),
            "today",
            "signs[legs_weak_or_numb].id",
            "duplicate sign id",
        ),
        (lambda d: d["sections"][1].update(id="understand"), "sections", "id", "missing: help"),
        (lambda d: d["sections"].pop(), "sections", "id", "missing: urgent"),
        (
            lambda d: d["sections"][2]["key_message"].update(patient_text=" "),
            "diary",
            "key_message.patient_text",
            "empty",
        ),
        (
            lambda d: d["questions"]["items"][0].update(patient_text="Line one\nline two"),
            "cause",
            "patient_text",
            "one line",
        ),
        (lambda d: d.pop("disclaimer"), "disclaimer", None, "required field is missing"),
    ],
)
def test_bad_dashboard_data_names_file_record_and_field(
    catalog: Catalog,
    tmp_path: Path,
    change: Callable[[dict[str, Any]], None],
    record: str | None,
    field: str | None,
    words: str,
) -> None:
    with pytest.raises(DataError) as info:
        _load_edited(catalog, tmp_path, change)
    err = info.value
    assert err.file == "data/dashboard.yaml"
    if record is not None:
        assert err.record == record, str(err)
    if field is not None:
        assert err.field == field, str(err)
    assert words in str(err), str(err)


def test_merge_questions_adds_each_question_once() -> None:
    assert merge_questions("", ["What is causing my pain?"]) == "What is causing my pain?"
    assert merge_questions("Mine\n\n", ["A?", "B?"]) == "Mine\nA?\nB?"
    assert (
        merge_questions("a?\n  What   is causing my pain? ", ["What is causing my pain?", "what IS causing my pain?"])
        == "a?\n  What   is causing my pain?"
    )
    assert merge_questions("x", []) == "x"


def test_remove_question_takes_out_only_that_question() -> None:
    assert remove_question("Mine\n  What IS causing my pain?\nB?", "What is causing my pain?") == "Mine\nB?"
    assert remove_question("Mine", "What is causing my pain?") == "Mine"
    assert remove_question("", "A?") == ""


def test_importing_the_content_module_does_not_import_ipywidgets() -> None:
    code = "import sys, osteo_lib.content.dashboard as d; d.load_dashboard(); print('ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


# --- the widget -------------------------------------------------------------------------------------
def test_it_opens_on_the_first_part_with_only_that_part_built(dash: PatientDashboard) -> None:
    assert dash.current == "understand"
    assert shown(dash) == ["understand"]
    assert dash.built == {"understand"}
    assert set(dash.help_buttons) == set(HELP_PARTS)
    assert dash._explorer is None
    assert dash._diary is None
    header = dash.header.value
    assert select_texts(header, "h1.ow-dash-title") == [dash.content.title]
    assert select_texts(header, "p.ow-dash-disclaimer") == [dash.content.disclaimer]


def test_each_nav_button_shows_its_part_and_hides_the_others(dash: PatientDashboard) -> None:
    order = [s.id for s in dash.content.sections]
    for sid in [*order[1:], order[0], order[2]]:
        dash.nav_buttons[sid].click()
        assert dash.current == sid
        assert shown(dash) == [sid]
        section = dash.content.section(sid)
        for other, button in dash.nav_buttons.items():
            current = "ow-dash-nav__button--current" in button._dom_classes
            assert current == (other == sid)
            name = dash.content.section(other).name
            assert button.tooltip == (f"You are here: {name}" if other == sid else f"Go to: {name}")
        assert dash.announcer.message == f"Now showing: {section.name}."
        page = dash.text
        assert select_texts(page, "h2.ow-dash-section__title") == [section.name]
        assert select_texts(page, ".ow-dash-key") == [section.key_message.patient_text]
        assert select_texts(page, ".ow-dash-intro") == [" ".join(section.intro.split())]
    assert set(SECTION_IDS) <= dash.built


def test_each_part_holds_its_widgets(dash: PatientDashboard) -> None:
    expected = {
        "understand": ["ow-pathway", "ow-timeline"],
        "help": ["ow-dash-subnav", "ow-dash-subpart"],
        "diary": ["ow-diary"],
        "provider": ["ow-dash-questions", "ow-summary-widget"],
    }
    for sid, classes in expected.items():
        dash.show(sid)
        found = [c for child in dash.sections[sid].children for c in child._dom_classes]
        assert all(c in found for c in classes), (sid, found)
    tools = {"explorer": "ow-methods-explorer", "compare": "ow-methods-compare", "heatcold": "ow-methods-heatcold"}
    for pid, cls in tools.items():
        dash.help_buttons[pid].click()
        tool = {"explorer": dash.explorer, "compare": dash.grid, "heatcold": dash.heatcold}[pid]
        assert tool.container in dash.help_parts[pid].children
        assert cls in tool.container._dom_classes
    assert dash.pathway.audience == "patient"
    assert dash.explorer.audience == "patient"
    assert dash.timeline.audience == "patient"
    assert dash.diary is dash.summary.diary


def test_what_may_help_shows_one_tool_at_a_time(dash: PatientDashboard) -> None:
    dash.nav_buttons["help"].click()
    assert dash.help_part == "explorer"
    assert [p for p, box in dash.help_parts.items() if box.layout.display != "none"] == ["explorer"]
    assert dash._grid is None
    assert dash._heatcold is None
    for pid in ["heatcold", "compare", "explorer"]:
        dash.help_buttons[pid].click()
        assert [p for p, box in dash.help_parts.items() if box.layout.display != "none"] == [pid]
        name = TEXT[f"part_{pid}"]
        assert dash.announcer.message == f"Now showing: {name}."
        for other, button in dash.help_buttons.items():
            assert ("ow-dash-nav__button--current" in button._dom_classes) == (other == pid)
    # a tool's button brings its part back from elsewhere on the page
    dash.nav_buttons["diary"].click()
    dash.help_buttons["compare"].click()
    assert dash.current == "help"
    assert dash.help_part == "compare"
    assert shown(dash) == ["help"]
    assert dash.announcer.message == f"Now showing: {TEXT['part_compare']}."


def test_an_unknown_part_is_refused(dash: PatientDashboard) -> None:
    with pytest.raises(Exception, match="heart"):
        dash.show("heart")
    assert dash.current == "understand"


def _signs(html: str) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The "Get help now" HTML read by its structure: the group headings, and for each sign (by id) its
    action level, text, what to do, why it matters and its links."""
    page = soup(html)
    headings = [h.get_text() for h in page.select(".ow-dash-signs__group > h3")]
    signs = {
        str(li["data-sign"]): {
            "action": li.get("data-action"),
            **{part: text(str(li.select_one(f".ow-dash-sign__{part}"))) for part in ("text", "do", "why")},
            "links": [a["href"] for a in li.select("a")],
        }
        for li in page.select("li[data-sign]")
    }
    return headings, signs


def test_get_help_now_lists_the_warning_signs_from_the_data_with_their_sources(
    dash: PatientDashboard, catalog: Catalog
) -> None:
    dash.nav_buttons["urgent"].click()
    html = dash.text
    assert html.count(warning_signs_html(dash.content, catalog)) == 1
    headings, signs = _signs(html)
    content = dash.content
    # each list is named by its colour in words ("Red list:"), then its heading
    assert [f"{ui_texts('dashboard')['list_' + g.id]}: {g.heading}:" for g in content.warning_groups] == headings
    assert list(signs) == [s.id for s in content.warning_signs]
    for sign in content.warning_signs:
        got = signs[sign.id]
        assert got["action"] == sign.action
        assert got["text"] == sign.patient_text
        calls = "".join(f" {c.link_text}" for c in sign.calls)  # a sign's numbers to tap, after what to do
        assert got["do"] == f"{TEXT['sign_do']} {sign.do or TEXT['action_' + sign.action]}{calls}"
        assert got["why"] == f"{TEXT['sign_why']} {sign.why}"
        # no "Sources: ..." under a sign (they are in the part's one disclosure); only its numbers to tap
        assert got["links"] == [c.href for c in sign.calls]
    where_from = {a["href"] for a in soup(dash.section_sources["urgent"].value).select("a")}
    for sign in content.warning_signs:
        assert {r.link for r in catalog.references_for(sign.references)} <= where_from, sign.id
    assert signs["crisis"]["do"].startswith(f"{TEXT['sign_do']} In the US, call or text 988")
    assert signs["fever"]["do"] == f"{TEXT['sign_do']} {TEXT['action_same_day']}"


def test_the_summary_sees_marks_made_in_the_explorer(dash: PatientDashboard, catalog: Catalog) -> None:
    dash.nav_buttons["help"].click()
    explorer = dash.explorer
    first, second = explorer.shown_ids[:2]
    cards = dict(explorer._cards.items())
    cards[second].mark.value = True  # what ticking "Add ... to my list" does
    cards[first].mark.value = True
    assert explorer.marked == [second, first]
    dash.nav_buttons["provider"].click()
    assert dash.summary.marked_ids == (second, first)
    assert catalog.method(second).name in dash.summary.marked_html.value
    cards[second].mark.value = False  # un-marking reaches the summary too
    assert dash.summary.marked_ids == (first,)
    dash.summary.build_button.click()
    assert catalog.method(first).name in dash.summary.html
    assert catalog.method(second).name not in dash.summary.html


def test_what_matters_to_me_precedes_the_first_card_orders_it_and_reaches_the_summary(
    dash: PatientDashboard, catalog: Catalog
) -> None:
    from osteo_lib.care.treatments import PRIORITY_LABELS, order_by_priorities
    from osteo_lib.care.treatments import TEXT as METHODS_TEXT

    dash.nav_buttons["help"].click()
    step, explorer = dash.priorities, dash.explorer
    # "What matters to me" sits beside the choices, above the first card it reorders (health-literacy
    # rating, PEMAT 10: it was at the very bottom, after the 31 cards)
    assert dash.help_parts["explorer"].children == (explorer.container,)
    parts = explorer.container.children
    assert explorer.before_cards.children == (step.container,)
    assert parts.index(explorer.before_cards) < parts.index(explorer.results)
    assert parts.index(explorer.before_cards) == parts.index(explorer.heading) + 2  # heading, choices, then it
    # the long "I have ..." list is folded under "Tell us about your health (optional)"
    assert explorer.health is not None
    assert (explorer.health.label, explorer.health.expanded) == (METHODS_TEXT["health_more"], False)
    folded = explorer.conditions_box
    assert explorer.legend in folded.children
    assert "ow-methods-conditions--folded" in folded._dom_classes
    assert "ow-methods-conditions--open" not in folded._dom_classes
    explorer.health.toggle()
    assert "ow-methods-conditions--open" in folded._dom_classes
    assert "ow-methods-explorer" in explorer.container._dom_classes
    assert "ow-priorities" in step.container._dom_classes
    assert step.explorer is explorer
    assert explorer.audience == "patient"
    offered = [m for m in catalog.methods if m.patient_option]
    assert list(explorer.shown_ids) == [m.id for m in offered]
    step.controls["no_pills"].value = True
    step.controls["at_home"].value = True
    assert explorer.priorities == ("at_home", "no_pills")
    assert list(explorer.shown_ids) == [m.id for m in order_by_priorities(offered, ["at_home", "no_pills"])]
    dash.nav_buttons["provider"].click()
    assert dash.summary.priorities == ("at_home", "no_pills")
    dash.summary.build_button.click()
    words = f"What matters to me: {PRIORITY_LABELS['at_home']}; {PRIORITY_LABELS['no_pills']}."
    assert words in " ".join(dash.summary.html.split())


def test_patients_are_never_offered_students_only_methods(catalog: Catalog) -> None:
    first = catalog.methods[0]
    kept = dataclasses.replace(first, patient_option=False)
    cat = dataclasses.replace(catalog, methods=(kept, *catalog.methods[1:]))
    d = PatientDashboard(cat, today=TODAY)
    try:
        for pid in ("explorer", "compare"):
            d.help_buttons[pid].click()
        assert first.id not in d.explorer.shown_ids
        assert first.id not in d.grid.pick_controls
        d.priorities.chosen = ("at_home",)
        assert first.id not in d.priorities.ranked_ids
        d.help_buttons["explorer"].click()
        cards = [d.explorer._cards[mid].body.value for mid in d.explorer.shown_ids]
        assert len(cards) == len(d.explorer.shown_boxes) == len([m for m in cat.methods if m.patient_option])
        assert len(cards) < len([m for m in catalog.methods if m.patient_option])
        names = [n for c in cards for n in select_texts(c, "h3.ow-method-card__name")]
        assert len(names) == len(cards)
        assert first.name not in names
    finally:
        d.close()


def test_ticked_questions_go_into_the_summary_at_once(dash: PatientDashboard) -> None:
    """Ticking is enough: no second step that a person could miss. Unticking takes the question out, and
    nothing the person typed is touched."""
    dash.nav_buttons["provider"].click()
    questions = dash.content.questions
    assert dash.summary.questions_input.value == ""
    dash.summary.questions_input.value = "My own question?"
    dash.question_boxes[questions[0].id].value = True
    dash.question_boxes[questions[2].id].value = True
    assert dash.summary.questions_input.value == "\n".join(
        ["My own question?", questions[0].patient_text, questions[2].patient_text]
    )
    assert dash.summary.questions == dash.summary.questions_input.value
    assert TEXT["questions_added_one"] in dash.questions_status.value
    dash.question_boxes[questions[0].id].value = False
    assert dash.summary.questions_input.value == "\n".join(["My own question?", questions[2].patient_text])
    assert TEXT["questions_removed"] in dash.questions_status.value
    dash.summary.build_button.click()
    assert questions[2].patient_text in dash.summary.html and questions[0].patient_text not in dash.summary.html


def test_the_diary_part_works_and_feeds_the_summary(dash: PatientDashboard) -> None:
    dash.nav_buttons["diary"].click()
    diary = dash.diary
    diary.date_picker.value = TODAY
    diary.pain.value = 6
    for control in (diary.peg_pain, diary.peg_enjoyment, diary.peg_activity):
        control.value = 5
    diary.save_button.click()
    assert len(diary.entries) == 1
    assert diary.message_kind == "ok"
    # typed text reaches the kernel when the box is left, so a button press never overtakes it
    assert not diary.note.continuous_update
    assert not dash.summary.questions_input.continuous_update
    dash.nav_buttons["provider"].click()
    dash.summary.build_button.click()
    assert "Pain today, first entry: 6 on 10 Mar 2025" in visible_words(dash.summary.html)


def test_a_part_that_fails_to_build_shows_a_plain_message(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("osteo_lib.apps.dashboard.PainDiary.__init__", broken)
    d = PatientDashboard(catalog, today=TODAY)
    d.nav_buttons["diary"].click()
    assert shown(d) == ["diary"]
    assert TEXT["load_failed"] in d.text
    assert "disk on fire" not in d.text
    assert "Traceback" not in d.text
    d.nav_buttons["urgent"].click()  # the rest still works
    assert shown(d) == ["urgent"]
    d.close()


def _all_widgets(d: PatientDashboard) -> list[w.Widget]:
    for sid in SECTION_IDS:
        d.show(sid)
    for button in d.help_buttons.values():
        button.click()
    return list(walk(d.container))


def test_every_control_has_a_name_and_there_are_no_sliders(dash: PatientDashboard) -> None:
    widgets = _all_widgets(dash)
    controls = [
        c
        for c in widgets
        if isinstance(
            c,
            (
                w.Button,
                w.Checkbox,
                w.Dropdown,
                w.Text,
                w.Textarea,
                w.DatePicker,
                w.BoundedIntText,
                w.ToggleButtons,
                FileButton,
            ),
        )
    ]
    assert len(controls) > 40
    for c in controls:
        assert str(c.description).strip(), f"{type(c).__name__} without a name"
    assert not [
        c
        for c in widgets
        if isinstance(c, (w.IntSlider, w.FloatSlider, w.IntRangeSlider, w.FloatRangeSlider, w.SelectionSlider))
    ]


def test_close_stops_the_timer_and_closes_every_widget(catalog: Catalog) -> None:
    d = PatientDashboard(catalog, today=TODAY)
    widgets = _all_widgets(d)
    d.heatcold.start(seconds=60)
    assert d.heatcold.running
    d.close()
    assert not d.heatcold.running
    assert all(x.comm is None for x in widgets)


# --- the notebook -----------------------------------------------------------------------------------
def test_the_notebook_is_one_code_cell_that_shows_the_dashboard(catalog: Catalog) -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert [c.cell_type for c in nb.cells] == ["code"], "all visible text lives in the widgets"
    assert nb.metadata["title"] == load_dashboard(catalog).title  # the browser tab's title
    tree = ast.parse(nb.cells[0].source)
    *body, last = tree.body
    assert isinstance(last, ast.Expr)
    namespace: dict[str, Any] = {}
    exec(compile(ast.Module(body=body, type_ignores=[]), "cell", "exec"), namespace)
    shown_value = eval(compile(ast.Expression(last.value), "cell", "eval"), namespace)
    assert isinstance(shown_value, PatientDashboard)
    bundle = shown_value._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == shown_value.container.model_id
    assert "ow-dashboard" in shown_value.container._dom_classes
    shown_value.container.close()


def test_every_sources_list_on_the_dashboard_is_written_for_patients(dash: PatientDashboard, catalog: Catalog) -> None:
    """Patients see title, publisher, year and the kind of source in plain words, each with its link;
    no author names and no DOI other than inside the link itself."""
    patient = {r.patient_citation(): r for r in catalog.references.values()}
    student = {r.citation().removesuffix(f" {r.link}") for r in catalog.references.values()}
    seen = 0
    for part in SECTION_IDS:
        dash.nav_buttons[part].click()
        for tool in dash.help_buttons if part == "help" else {None: None}:
            if tool is not None:
                dash.help_buttons[tool].click()
            for item in soup(dash.text).select("ol.ow-sources > li"):
                link = item.find("a")
                assert link is not None
                words = "".join(s for s in item.find_all(string=True, recursive=False)).strip()
                assert words not in student, words
                assert words in patient, f"not a patient citation: {words!r}"
                assert patient[words].link == link["href"] == link.get_text()
                seen += 1
    assert seen > 10


def test_options_marked_in_the_explorer_are_the_ones_compared(dash: PatientDashboard) -> None:
    """The comparison starts from what the person marked in "Find what may help" (up to three)."""
    dash.help_buttons["explorer"].click()
    offered = list(dash.explorer.shown_ids)
    dash.explorer.marked = [offered[1], offered[4]]
    dash.help_buttons["compare"].click()
    assert dash.grid.picked == [offered[1], offered[4]]
    assert dash.grid.pick_controls[offered[1]].value and dash.grid.pick_controls[offered[4]].value
    assert dash.grid.rows  # two options: the table is there
    dash.grid.picked = []
    dash.explorer.marked = [*offered[:5]]
    dash.help_buttons["explorer"].click()
    dash.help_buttons["compare"].click()  # shown again with nothing picked: the first three marked
    assert dash.grid.picked == offered[:3]


def test_marks_made_after_a_comparison_carry_over_unless_the_picks_were_changed(dash: PatientDashboard) -> None:
    """Issue 15: the "interesting" ticks did not carry over from the explorer into Compare."""
    dash.help_buttons["explorer"].click()
    offered = list(dash.explorer.shown_ids)
    dash.explorer.marked = [offered[0], offered[1]]
    dash.help_buttons["compare"].click()
    assert dash.grid.picked == offered[:2]
    dash.help_buttons["explorer"].click()
    dash.explorer.marked = [offered[0], offered[1], offered[2]]  # one more marked later
    dash.help_buttons["compare"].click()
    assert dash.grid.picked == offered[:3]
    dash.grid.picked = [offered[2], offered[5]]  # the person's own picks in the comparison stay
    dash.help_buttons["explorer"].click()
    dash.explorer.marked = [offered[0]]
    dash.help_buttons["compare"].click()
    assert dash.grid.picked == [offered[2], offered[5]]


def test_my_pain_plan_goes_into_the_provider_summary(catalog: Catalog) -> None:
    """What the person adds to "My pain plan" becomes the summary's "My pain plan" part, and leaves it again
    when the plan is emptied (the plan's own words: data/ui/plan.yaml)."""
    from osteo_lib.care.plan import checklist, plan_texts
    from tests.widgets.test_plan import choose

    d = PatientDashboard(catalog, today=TODAY)
    assert d.summary.extra_blocks == ()
    assert choose(d.plan, "heat", "after_breakfast", 15)
    (block,) = d.summary.extra_blocks
    assert block.title == plan_texts()["summary_block_title"]
    assert block.items == checklist(catalog, d.plan.plan).items and block.items
    d.summary.build_button.click()
    assert plan_texts()["summary_block_title"] in d.summary.html and block.items[0] in d.summary.html
    d.plan.items = ()
    assert d.summary.extra_blocks == ()
    d.close()


def test_provider_and_get_help_now_say_what_is_known_and_why_under_their_lead(dash: PatientDashboard) -> None:
    """Issue 14 (CCI 11 and 13): Talk to my provider says what is known about getting ready for a visit and
    why to bring the summary; Get help now says what cannot be known at home. Each line sits right under
    the part's main message, cites sources, and the lines are read as patient text."""
    content = dash.content
    provider = {n.id: n for n in content.section("provider").notes}
    urgent = {n.id: n for n in content.section("urgent").notes}
    assert set(provider) == {"known", "why"} and set(urgent) == {"not_known"}
    assert "questions" in provider["known"].patient_text and "pain has changed" in provider["why"].patient_text
    assert "do not wait" in urgent["not_known"].patient_text.lower()
    for note in [*provider.values(), *urgent.values()]:
        assert note.references and dash.catalog.references_for(note.references)
        assert note.patient_text in dict(content.patient_texts()).values()
    for sid, notes in (("provider", provider), ("urgent", urgent)):
        dash.show(sid)
        head = soup(dash.sections[sid].children[0].value)
        lead = head.select_one(".ow-dash-section__lead")
        assert lead is not None
        after = lead.find_next_siblings("p", class_="ow-dash-note")
        assert [p.get_text() for p in after] == [n.patient_text for n in notes.values()]
        assert head.select_one(".ow-dash-intro") is not None
