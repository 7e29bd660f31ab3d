"""Main messages and sources on the patient dashboard (issue 14: CDC Clear Communication Index item 1,
and no distracting material in the patient text), read from the rendered HTML of the real widgets.

* The page's main message (three things to know and do) is at the top, from data/dashboard.yaml.
* Each part opens with its own main message: its heading, then the message, before anything else.
* Each part has exactly one "Where this comes from" disclosure, holding every source the part cites:
  every source its widgets list when they show their sources inline (as in the students' notebooks),
  the part's main message's, the questions' and the warning signs'.
* Outside those disclosures, the patient text has no source list, no "Sources:" line and no DOI.
* What is saved where is said once, in the diary, not in a footer on every part.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from bs4 import BeautifulSoup

from osteo_lib.apps.dashboard import PatientDashboard, section_references
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.dashboard import SECTION_IDS, load_dashboard
from osteo_lib.content.pictures import load_pictures
from osteo_lib.content.ui import ui_texts
from osteo_lib.errors import DataError
from osteo_lib.views.widgets.batched import html_text
from osteo_lib.views.widgets.diary import PainDiary
from osteo_lib.views.widgets.explorer import TreatmentExplorer, close_tree
from osteo_lib.views.widgets.heatcold import HeatColdHelper
from osteo_lib.views.widgets.pathway import PathwayExplorer
from osteo_lib.views.widgets.timeline import WEEKS_SHOWN, HealingTimeline
from tests.markup import select_texts, soup
from tests.test_dashboard import _load_edited

TEXT = ui_texts("dashboard")
TODAY = date(2025, 3, 10)
DOI = re.compile(r"\b(doi\b|10\.\d{4,9}/)", re.IGNORECASE)
WEEKS_TRIED = (0, 3, 8, 16, 30, WEEKS_SHOWN)


@pytest.fixture()
def dash(catalog: Catalog) -> Iterator[PatientDashboard]:
    d = PatientDashboard(catalog, today=TODAY)
    yield d
    d.close()


def links(html: str) -> set[str]:
    return {str(a["href"]) for a in soup(html).select("a[href]")}


def without_disclosures(html: str) -> BeautifulSoup:
    """``html`` with every "Where this comes from" disclosure taken out (and style elements)."""
    page = soup(html)
    for el in page.select("details.ow-dash-sources, style"):
        el.decompose()
    return page


def every_state_html(d: PatientDashboard, section_id: str) -> str:
    """The HTML of a part in every state that could show other sources: each stage of the pathway and
    each type of break at several weeks of the timeline; each tool of "What may help", with heat and
    with cold."""
    d.show(section_id)
    pages = [d.text]
    if section_id == "understand":
        for stage in d.catalog.stages:
            d.pathway.selected = stage.id
            pages.append(d.text)
        for fracture, _label in [(v, k) for k, v in d.timeline.fracture.options]:
            d.timeline.fracture.value = fracture
            for weeks in WEEKS_TRIED:
                d.timeline.weeks.value = weeks
                pages.append(d.text)
    if section_id == "help":
        for part in d.help_buttons:
            d.help_buttons[part].click()
            pages.append(d.text)
        for mode in ("heat", "cold"):
            d.heatcold.mode = mode
            pages.append(d.text)
    return "".join(pages)


# --- what the same widgets cite when they show their sources inline (the students' view) ---------
def inline_source_links(catalog: Catalog, section_id: str) -> set[str]:
    """Every source link the part's widgets show when built with their sources inline, in every state,
    plus the sources the part's own content names (main message, questions, warning signs)."""
    content = load_dashboard(catalog)
    section = content.section(section_id)
    found = {r.link for r in catalog.references_for(section.key_message.references)}
    found |= {r.link for n in section.notes for r in catalog.references_for(n.references)}
    # the part's pictures (under its lead, and with a warning sign) cite their sources in the part too
    places = [f"dashboard_{section_id}", *(f"sign_{s.id}" for s in content.warning_signs if section_id == "urgent")]
    pictures = load_pictures(catalog)
    found |= {
        r.link for place in places for p in pictures.pictures_at(place) for r in catalog.references_for(p.references)
    }
    if section_id == "understand":
        pathway = PathwayExplorer(catalog, audience="patient")
        for stage in catalog.stages:
            pathway.selected = stage.id
            found |= links(pathway.details.value)
        timeline = HealingTimeline(catalog, audience="patient")
        for fracture in [v for _k, v in timeline.fracture.options]:
            timeline.fracture.value = fracture
            for weeks in range(WEEKS_SHOWN + 1):
                timeline.weeks.value = weeks
                found |= links(timeline.details.value)
        close_tree(pathway.container)
        close_tree(timeline.container)
    elif section_id == "help":
        explorer = TreatmentExplorer(catalog, audience="patient")
        for body in explorer.results.children:
            found |= links(html_text(body))
        helper = HeatColdHelper(catalog, interval=None)
        for mode in ("heat", "cold"):
            helper.mode = mode
            found |= links(helper.sources.value)
        explorer.close()
        helper.close()
    elif section_id == "diary":
        diary = PainDiary(catalog, today=TODAY)
        found |= links(diary.sources_html.value)
        close_tree(diary.container)
    elif section_id == "provider":
        found |= {r.link for q in content.questions for r in catalog.references_for(q.references)}
    elif section_id == "urgent":
        found |= {r.link for s in content.warning_signs for r in catalog.references_for(s.references)}
    return found


# --- the page's main message -----------------------------------------------------------------------
def test_the_page_opens_with_its_main_message_of_three_points_from_the_data(
    dash: PatientDashboard, catalog: Catalog
) -> None:
    main = dash.content.main_message
    assert len(main.points) == 3
    header = dash.header.value
    page = soup(header)
    block = page.select_one("section.ow-dash-main")
    assert block is not None
    # under the title and the disclaimer, above the navigation (the header comes before it)
    assert [el.name for el in page.find_all(["h1", "p", "section"], recursive=False)] == ["h1", "p", "section"]
    assert dash.container.children.index(dash.header) < dash.container.children.index(dash.nav)
    assert select_texts(header, ".ow-dash-main__heading") == [main.heading]
    # the main message itself: one bold sentence, first in the box, above the heading of the 3 things
    first = block.find(True)
    assert first is not None and "ow-dash-main__headline" in first.get("class", [])
    assert first.select_one("strong").get_text() == main.headline.patient_text
    assert len(re.findall(r"[.!?](?:\s|$)", main.headline.patient_text)) == 1
    assert main.headline.references
    # it gives the one healing range of causes.yaml (written {healing_range} in the data)
    assert catalog.healing.range_words and catalog.healing.range_words in main.headline.patient_text
    assert "{" not in main.headline.patient_text
    assert set(main.headline.references) <= set(main.references)
    assert select_texts(header, ".ow-dash-main__points > li") == [p.patient_text for p in main.points]
    for point in main.points:
        assert point.references, point.id
    # its sources: one disclosure under the list, every point's sources with their links and years
    disclosures = block.select("details")
    assert len(disclosures) == 1
    assert disclosures[0].select_one("summary").get_text() == TEXT["where_from"]
    items = disclosures[0].select("ol.ow-sources > li")
    refs = catalog.references_for(main.references)
    assert [li.find("a")["href"] for li in items] == [r.link for r in refs]
    for li, ref in zip(items, refs, strict=True):
        assert ref.patient_year in li.get_text(), ref.id
    # nothing else in the header names a source
    rest = without_disclosures(header)
    assert rest.select("a, ol.ow-sources") == []
    assert not DOI.search(rest.get_text())


def test_the_main_message_is_in_every_part(dash: PatientDashboard) -> None:
    for sid in SECTION_IDS:
        dash.show(sid)
        assert dash.header.layout.display != "none"
        assert dash.header in dash.container.children


# --- each part --------------------------------------------------------------------------------------
@pytest.mark.parametrize("section_id", SECTION_IDS)
def test_each_part_opens_with_its_main_message(dash: PatientDashboard, section_id: str) -> None:
    dash.show(section_id)
    section = dash.content.section(section_id)
    page = soup(dash.text)
    blocks = list(page.find_all(["h2", "h3", "h4", "p", "ul", "ol", "details", "table", "label"]))
    assert blocks[0].name == "h2" and blocks[0].get_text() == section.name
    assert "ow-dash-key" in blocks[1].get("class", [])
    assert blocks[1].get_text() == section.key_message.patient_text
    # heading and message together in the part's lead (what the page brings into view on a phone)
    lead = page.select_one(".ow-dash-section__lead")
    assert lead is not None and [c.name for c in lead.children] == ["h2", "p"]
    # one or two sentences
    sentences = re.findall(r"[.!?](?:\s|$)", section.key_message.patient_text)
    assert 1 <= len(sentences) <= 2, section.key_message.patient_text


@pytest.mark.parametrize("section_id", SECTION_IDS)
def test_each_part_has_one_disclosure_with_every_source_it_cites(
    dash: PatientDashboard, catalog: Catalog, section_id: str
) -> None:
    html = every_state_html(dash, section_id)
    dash.show(section_id)
    box = dash.sections[section_id]
    assert box.children[-1] is dash.section_sources[section_id]  # at the end of the part, after its tools
    page = soup(dash.text)
    disclosures = page.select("details.ow-dash-sources")
    assert len(disclosures) == 1
    assert disclosures[0].select_one("summary").get_text() == TEXT["where_from"]
    assert page.select("details") == disclosures or section_id == "help"  # help's cards fold other things
    held = {str(a["href"]) for a in disclosures[0].select("ol.ow-sources > li > a")}
    expected = inline_source_links(catalog, section_id)
    assert held == expected, (sorted(expected - held), sorted(held - expected))
    # each listed with its year, and the list is what section_references names, in its order
    refs = catalog.references_for(section_references(catalog, dash.content, section_id))
    items = disclosures[0].select("ol.ow-sources > li")
    assert [li.find("a")["href"] for li in items] == [r.link for r in refs]
    for li, ref in zip(items, refs, strict=True):
        assert ref.patient_year in li.get_text(), ref.id
    # in every state of the part, exactly one disclosure per drawing of it
    assert html.count('class="ow-dash-sources"') == html.count('class="ow-dash-section__title"')


@pytest.mark.parametrize("section_id", SECTION_IDS)
def test_no_source_list_sources_line_or_doi_in_the_patient_text(dash: PatientDashboard, section_id: str) -> None:
    html = every_state_html(dash, section_id)
    rest = without_disclosures(html)
    words = " ".join(rest.get_text(" ").split())
    assert rest.select("ol.ow-sources, .ow-dash-sign__sources, .ow-method-card__sources") == []
    assert not re.search(r"\bSources?\b\s*:", words), words[:200]
    assert not DOI.search(words), DOI.search(words)
    assert not re.search(r"\bet al\b", words)
    assert not [a["href"] for a in rest.select("a[href]") if DOI.search(str(a["href"]))]
    # one instruction, not two sources disagreeing ("one guide says 15 minutes, another up to 20")
    assert not re.search(r"\b(one|another) (guide|source)s? says?\b", words, re.IGNORECASE)


def test_get_help_now_signs_carry_no_sources_line(dash: PatientDashboard) -> None:
    dash.show("urgent")
    page = soup(dash.text)
    signs = page.select("li[data-sign]")
    assert len(signs) == len(dash.content.warning_signs)
    for li in signs:
        # no source links under a sign; the only links are the numbers its "What to do" names (tel:, sms:)
        assert [a["href"] for a in li.select("a")] == [
            c.href for c in dash.content.warning_signs[signs.index(li)].calls
        ]
        assert all(a["href"].startswith(("tel:", "sms:")) for a in li.select("a")), li["data-sign"]
        parts = [c.get("class", [""])[0] for c in li.find_all(recursive=False)]
        drawn = ["ow-dash-sign__pictures"] if load_pictures(dash.catalog).pictures_at(f"sign_{li['data-sign']}") else []
        assert parts == ["ow-dash-sign__text", "ow-dash-sign__do", "ow-dash-sign__why", *drawn]


def test_what_is_saved_where_is_said_once_in_the_diary(dash: PatientDashboard) -> None:
    saving = ui_texts("diary_device")["privacy"]
    assert "does not send your diary anywhere" in saving
    found = {}
    for sid in SECTION_IDS:
        dash.show(sid)
        found[sid] = dash.text.count(saving)
    assert found == {sid: int(sid == "diary") for sid in SECTION_IDS}
    footer = html_text(dash.container.children[-1])
    assert "ow-dash-footer" in dash.container.children[-1]._dom_classes
    assert "saved" not in footer and TEXT["footer"] in footer
    assert "saved" not in dash.header.value


def test_the_widgets_show_their_sources_inline_unless_told_not_to(catalog: Catalog) -> None:
    """Students' notebooks keep every source beside the text (the default); only the dashboard turns it off."""
    stage = catalog.stages[0].id
    on, off = PathwayExplorer(catalog, selected=stage), PathwayExplorer(catalog, selected=stage, sources=False)
    assert soup(on.details.value).select("ol.ow-sources") and not soup(off.details.value).select("ol.ow-sources")
    t_on, t_off = HealingTimeline(catalog), HealingTimeline(catalog, sources=False)
    assert soup(t_on.details.value).select("ol.ow-sources") and not soup(t_off.details.value).select("ol.ow-sources")
    e_on, e_off = TreatmentExplorer(catalog), TreatmentExplorer(catalog, sources=False)
    assert soup(html_text(e_on.results)).select(".ow-method-card__sources")
    assert not soup(html_text(e_off.results)).select(".ow-method-card__sources, ol.ow-sources")
    h_on, h_off = HeatColdHelper(catalog, interval=None), HeatColdHelper(catalog, interval=None, sources=False)
    assert links(h_on.sources.value) and h_off.sources.value == ""
    d_on, d_off = PainDiary(catalog, today=TODAY), PainDiary(catalog, today=TODAY, sources=False)
    assert links(d_on.sources_html.value) and d_off.sources_html.value == ""
    for widget in (on, off, t_on, t_off, d_on, d_off):
        close_tree(widget.container)
    for closable in (e_on, e_off, h_on, h_off):
        closable.close()


def test_section_references_names_an_unknown_part(catalog: Catalog) -> None:
    with pytest.raises(ValueError, match=r"heart.*understand"):
        section_references(catalog, load_dashboard(catalog), "heart")


# --- bad main message data --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("change", "record", "field", "words"),
    [
        (lambda d: d["main_message"]["points"].pop(), "main_message", "points", "is too short"),
        (
            lambda d: d["main_message"]["points"][1].update(id="keep_moving"),
            "keep_moving",
            "id",
            "duplicate id 'keep_moving'",
        ),
        (
            lambda d: d["main_message"]["points"][0].update(references=["nhs_nowhere"]),
            "keep_moving",
            "references",
            "unknown reference id 'nhs_nowhere'",
        ),
        (lambda d: d["main_message"].pop("heading"), "main_message", "heading", "required field is missing"),
        (lambda d: d["main_message"].pop("headline"), "main_message", "headline", "required field is missing"),
        (
            lambda d: d["main_message"]["headline"].update(patient_text="Heal well. Move a little."),
            "main_message",
            "headline",
            "one sentence",
        ),
        (lambda d: d.pop("main_message"), "main_message", None, "required field is missing"),
    ],
)
def test_bad_main_message_data_is_named(
    catalog: Catalog,
    tmp_path: Any,
    change: Callable[[dict[str, Any]], None],
    record: str,
    field: str | None,
    words: str,
) -> None:
    with pytest.raises(DataError) as info:
        _load_edited(catalog, tmp_path, change)
    err = info.value
    assert err.file == "data/dashboard.yaml"
    assert (err.record, err.field) == (record, field), str(err)
    assert words in str(err), str(err)
