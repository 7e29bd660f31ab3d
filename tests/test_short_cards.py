"""Short cards in "What may help" (issue 15 §4) and the disclosure button that opens them, driven through
their traits: real ipywidgets and anywidget, no stubs. The browser side (keyboard, aria-expanded on the
page, the layout at 390 and 320 px) is in tests/browser/test_phone_layout.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import traitlets as t

from osteo_lib.care.treatments import split_summary, texts
from osteo_lib.content.catalog import load_catalog
from osteo_lib.views.widgets.batched import html_text
from osteo_lib.views.widgets.compare import table_html
from osteo_lib.views.widgets.disclosure import Disclosure
from osteo_lib.views.widgets.explorer import CHOICES_ID, TreatmentExplorer, more_id
from tests.markup import select_texts, soup

CATALOG = load_catalog()
OFFERED = [m for m in CATALOG.methods if m.patient_option]
TEXT = texts()


@pytest.fixture()
def short() -> Iterator[TreatmentExplorer]:
    explorer = TreatmentExplorer(CATALOG, audience="patient", sources=False, short=True)
    yield explorer
    explorer.close()


# --- the disclosure button ----------------------------------------------------------------------------
def test_disclosure_starts_closed_and_toggles() -> None:
    more = Disclosure(label="More about heat", controls="ow-method-more-heat")
    assert (more.expanded, more.label, more.controls) == (False, "More about heat", "ow-method-more-heat")
    more.toggle()
    assert more.expanded is True
    more.toggle()
    assert more.expanded is False
    assert "ow-disclosure" in more._dom_classes
    # the state the page shows (aria-expanded) is a synced trait: the front end can set it
    assert {"expanded", "label", "controls"} <= set(more.keys)
    more.close()


def test_disclosure_without_a_name_is_refused_with_a_clear_message() -> None:
    with pytest.raises(t.TraitError, match="label is empty"):
        Disclosure(controls="x")
    more = Disclosure(label="More about cold")
    with pytest.raises(t.TraitError, match="label is empty"):
        more.label = "   "
    assert more.label == "More about cold"  # nothing lost
    more.close()


# --- short cards ------------------------------------------------------------------------------------
def test_split_summary_gives_the_first_sentence_and_the_rest() -> None:
    assert split_summary("Warmth eases pain. Use a warm shower.") == ("Warmth eases pain.", "Use a warm shower.")
    assert split_summary("One sentence only.") == ("One sentence only.", "")
    assert split_summary("Take 2.5 mg, e.g. at night. Then rest.") == ("Take 2.5 mg, e.g. at night.", "Then rest.")
    for method in OFFERED:  # nothing of a summary is lost between the two parts
        first, rest = split_summary(method.patient_summary)
        assert " ".join(f"{first} {rest}".split()) == " ".join(method.patient_summary.split())


def test_every_short_card_has_its_name_one_line_and_evidence_and_a_closed_more_button(
    short: TreatmentExplorer,
) -> None:
    assert list(short.cards) == [m.id for m in OFFERED]
    for method in OFFERED:
        card = short.cards[method.id]
        assert card.more is not None and card.details is not None
        assert card.more.label == TEXT.format("card_more", name=method.name)
        assert card.more.controls == more_id(method.id)
        assert not card.expanded and "ow-method-card--open" not in card.box._dom_classes
        head = soup(card.body.value)
        assert select_texts(card.body.value, "h3.ow-method-card__name") == [method.name]
        first, rest = split_summary(method.patient_summary)
        assert select_texts(card.body.value, ".ow-method-card__summary") == [first]
        if method.evidence is not None:
            assert len(head.select(".ow-evidence__rating")) == 1
            assert head.select(".ow-evidence__text") == []  # the evidence text is under "More about"
        assert head.select(".ow-method-card__cautions") == []
        # the rest of the card is in the part the button controls, with that id
        more = soup(card.details.value).select_one(f"#{more_id(method.id)}")
        assert more is not None
        if rest:
            assert select_texts(card.details.value, ".ow-method-card__summary-rest") == [rest]
        assert " ".join(method.how_it_works.split()) in " ".join(more.get_text().split())
        assert card.box.children == (card.body, card.more, card.details, card.mark)


def test_more_opens_the_whole_card_and_closes_it_again(short: TreatmentExplorer) -> None:
    card = short.cards[OFFERED[0].id]
    card.more.toggle()  # what pressing the button does
    assert card.expanded and "ow-method-card--open" in card.box._dom_classes
    other = short.cards[OFFERED[1].id]
    assert not other.expanded and "ow-method-card--open" not in other.box._dom_classes  # the others stay closed
    card.more.expanded = False  # as the page sends it
    assert "ow-method-card--open" not in card.box._dom_classes
    # an opened card stays open when the list changes (a filter) and comes back
    card.more.expanded = True
    short.category = "medicine"
    short.category = ""
    assert short.cards[OFFERED[0].id].expanded
    assert "ow-method-card--open" in short.cards[OFFERED[0].id].box._dom_classes


def test_a_caution_about_you_is_said_on_the_short_card(short: TreatmentExplorer) -> None:
    # a caution (not "avoid") for a condition no "avoid" line of the same method names
    named = [
        (m, cid)
        for m in OFFERED
        for c in m.cautions
        if c.level != "avoid"
        for cid in c.conditions
        if not any(cid in a.conditions for a in m.cautions if a.level == "avoid")
    ]
    assert named, "the data should have a caution about a condition"
    method, condition = named[0]
    note = TEXT.format("card_applies_note", name=method.name)
    assert not select_texts(short.cards[method.id].body.value, ".ow-method-card__applies-note")
    short.conditions = (condition,)
    card = short.cards[method.id]
    assert select_texts(card.body.value, ".ow-method-card__applies-note") == [note]
    # the caution itself, highlighted, is in the part "More about" opens
    assert soup(card.details.value).select(".ow-caution--applies")
    short.conditions = ()
    assert not select_texts(short.cards[method.id].body.value, ".ow-method-card__applies-note")


def test_back_to_your_choices_follows_the_list_and_leads_to_the_heading(short: TreatmentExplorer) -> None:
    children = short.container.children
    assert children.index(short.back) == children.index(short.results) + 1
    links = soup(short.back.value).select("a")
    assert [(a.get_text(), a["href"]) for a in links] == [(TEXT["back_to_filters"], f"#{CHOICES_ID}")]
    assert soup(short.heading.value).select(f"h2#{CHOICES_ID}")


def test_whole_cards_are_unchanged_without_short() -> None:
    explorer = TreatmentExplorer(CATALOG, audience="student")
    try:
        card = next(iter(explorer.cards.values()))
        assert card.more is None and card.details is None and card.expanded
        assert card.box.children == (card.body, card.mark)
        html = card.body.value
        assert soup(html).select(".ow-evidence__text") and soup(html).select(".ow-evidence__rating")
        assert explorer.back.value == ""
        assert not soup(explorer.heading.value).select(f"#{CHOICES_ID}")
        assert "More about" not in html_text(explorer.container)
    finally:
        explorer.close()


# --- the comparison on a narrow screen ------------------------------------------------------------------
def test_the_comparison_also_holds_one_card_per_option_with_the_row_labels() -> None:
    names = ["Heat", "Cold", "Massage"]
    rows = [("How it works", ["Warms", "Cools", "Rubs"]), ("At home?", ["Yes", "Yes", "No"])]
    html = table_html(names, rows)
    page = soup(html)
    assert [th.get_text() for th in page.select("table thead th")][1:] == names  # the table is still there
    cards = page.select(".ow-compare-cards .ow-compare-card")
    assert [c.select_one("h4").get_text() for c in cards] == names
    for i, card in enumerate(cards):
        assert [dt.get_text() for dt in card.select("dt")] == [q for q, _ in rows]
        assert [dd.get_text() for dd in card.select("dd")] == [answers[i] for _, answers in rows]
        assert card["aria-label"] == names[i]


def test_the_patient_dashboard_shows_short_cards() -> None:
    from osteo_lib.apps.dashboard import PatientDashboard

    dash = PatientDashboard(start="help")
    try:
        assert dash.explorer.short
        assert all(c.more is not None and not c.expanded for c in dash.explorer.cards.values())
        assert dash.explorer.back in dash.explorer.container.children
        first = next(iter(dash.explorer.cards.values()))
        first.more.toggle()
        assert "ow-method-card--open" in first.box._dom_classes
    finally:
        dash.close()
