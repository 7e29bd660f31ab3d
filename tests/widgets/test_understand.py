"""The "understand" widgets driven through their real ipywidgets/anywidget traits:
PathwayExplorer, GateSimulator and HealingTimeline. Markup is read with tests/markup.py (BeautifulSoup:
note that the HTML parser lowercases attribute names, so SVG's viewBox is read as "viewbox")."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import ipywidgets as w
import pytest
import textstat
import traitlets
from bs4 import Tag

from osteo_lib.care.gate import COMPETING_RANGE, INJURY_RANGE, MOOD_RANGE, pain_message
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.timeline import fracture_types, load_timeline
from osteo_lib.content.ui import ui_texts
from osteo_lib.views.widgets import pathway
from osteo_lib.views.widgets.base import Stylesheet, stylesheet
from osteo_lib.views.widgets.gate import GateSimulator
from osteo_lib.views.widgets.pathway import PathwayExplorer
from osteo_lib.views.widgets.range_slider import RangeSlider
from osteo_lib.views.widgets.timeline import WEEKS_SHOWN, HealingTimeline
from tests.markup import select_texts, soup, text

#: The widgets' words (data/ui/<area>.yaml).
GATE, PATHWAY, TIMELINE = ui_texts("gate"), ui_texts("pathway"), ui_texts("timeline")


def well_formed(markup: str) -> None:
    """Every element of the markup is closed, in order, and attributes are quoted: it parses as XML."""
    ET.fromstring(f"<root>{markup}</root>")


def svg_root(markup: str) -> Tag:
    """The (first, outermost) SVG in the markup, after checking the markup is well-formed."""
    well_formed(markup)
    found = soup(markup).select_one("svg")
    assert isinstance(found, Tag), "no <svg> in markup"
    return found


def classes(tag: Tag) -> set[str]:
    value = tag.get("class") or []
    return set(value.split() if isinstance(value, str) else value)


def _words(tag: Tag, hidden: Callable[[Tag], bool] = lambda _t: False) -> str:
    """The text inside ``tag``, whitespace collapsed, leaving out the text of elements ``hidden`` picks."""
    kept = []
    for piece in tag.find_all(string=True):
        inside = []
        for parent in piece.parents:
            if parent is tag:
                break
            inside.append(parent)
        if not any(hidden(p) for p in inside):
            kept.append(str(piece))
    return " ".join(" ".join(kept).split())


def words(tag: Tag) -> str:
    """All text inside (what a browser would show, hidden parts included)."""
    return _words(tag)


def visible_text(tag: Tag) -> str:
    """Text inside, leaving out parts hidden from sight (class ow-visually-hidden)."""
    return _words(tag, lambda t: "ow-visually-hidden" in classes(t))


def accessible_text(tag: Tag) -> str:
    """Text inside, leaving out parts hidden from assistive technology (aria-hidden="true")."""
    return _words(tag, lambda t: t.get("aria-hidden") == "true")


def stage_buttons(markup: str) -> list[Tag]:
    return soup(markup).select("button[data-stage]")


def links(markup: str) -> list[str]:
    return [str(a.get("href")) for a in soup(markup).select("a[href]")]


# --- reading level of every UI string ----------------------------------------------------------------
@pytest.mark.parametrize("area", ["pathway", "gate", "timeline"])
def test_ui_strings_are_plain_language(area: str) -> None:
    texts = ui_texts(area)
    assert texts and texts.audience == "patient"  # shown on the patient dashboard
    for key, words_ in texts.items():
        assert textstat.flesch_kincaid_grade(words_) <= 8, (key, words_)


# --- pathway explorer -------------------------------------------------------------------------------
def test_pathway_picture_has_one_real_button_per_stage_in_order(catalog: Catalog) -> None:
    explorer = PathwayExplorer(catalog)
    well_formed(explorer.diagram.markup)
    tree = soup(explorer.diagram.markup)
    buttons = stage_buttons(explorer.diagram.markup)
    assert [b.get("data-stage") for b in buttons] == [s.id for s in sorted(catalog.stages, key=lambda s: s.order)]
    assert buttons[0].get("data-stage") == "injury_site" and buttons[-1].get("data-stage") == "brain"
    for b, stage in zip(buttons, catalog.stages, strict=False):
        # a native button (Enter/Space and focus without script), not a made-up one
        assert b.name == "button" and b.get("type") == "button"
        assert b.get("tabindex") is None  # a button is focusable already; no custom tab order
        assert b.get("aria-pressed") == "false"
        # WCAG 2.5.3 label in name: the visible text IS the stage name, and nothing renames it
        assert words(b) == stage.name and visible_text(b) == stage.name
        assert b.find_all(True) == [], "only the name as text in the button"
        label = b.get("aria-label")
        assert label is None or stage.name in label
        assert b.get("aria-labelledby") is None
        # the stages are the items of one ordered list (its order is the direction of travel)
        item = b.parent
        assert item is not None and item.name == "li" and item.parent is not None and item.parent.name == "ol"
    lists = tree.select("ol.ow-pathway-stages")
    assert len(lists) == 1 and lists[0].get("aria-label")
    assert [c.name for c in lists[0].find_all(True, recursive=False)] == ["li"] * len(catalog.stages)
    # no SVG text anywhere (it cannot wrap and overflows its shape when the font differs)
    assert tree.find_all("text") == [] and tree.find_all("tspan") == []
    # every arrow between stages is decorative: hidden from assistive technology, no text
    arrows = tree.select(".ow-pathway-arrow")
    assert len(arrows) == len(catalog.stages) - 1
    for arrow in arrows:
        assert arrow.get("aria-hidden") == "true" and words(arrow) == ""
        assert arrow.find_all("svg") and all(svg.get("focusable") == "false" for svg in arrow.find_all("svg"))
    assert explorer.diagram.stages == [{"id": s.id, "name": s.name} for s in catalog.stages]


def test_pathway_starts_with_nothing_selected(catalog: Catalog) -> None:
    explorer = PathwayExplorer(catalog)
    assert explorer.selected == ""
    assert explorer.shown_methods == () and explorer.shown_modulators == ()
    assert PATHWAY["prompt"] in text(explorer.details.value)
    assert explorer.diagram.status == PATHWAY["status_none"]


def test_selecting_a_stage_renders_its_content(catalog: Catalog) -> None:
    explorer = PathwayExplorer(catalog)
    explorer.selected = "spinal_cord"
    stage = catalog.stage("spinal_cord")
    shown = text(explorer.details.value)
    assert stage.name in shown
    assert " ".join(stage.patient_text.split()) in shown
    assert stage.student_text.split(".")[0] not in shown
    methods = catalog.find_methods(stage="spinal_cord", patient_option=True)
    assert methods, "the data should have treatments acting at the spinal cord (e.g. TENS)"
    assert explorer.shown_methods == tuple(m.id for m in methods)
    for m in methods:
        assert m.name in shown
    others = {m.id for m in catalog.methods if "spinal_cord" not in m.acts_on}
    listed = [li.get("data-method") for li in soup(explorer.details.value).select("li[data-method]")]
    assert listed == list(explorer.shown_methods) and not others & set(listed)
    # the reference of the gate theory is listed among the sources
    assert catalog.reference("melzack1965").link in links(explorer.details.value)
    # picture and live status follow the selection
    pressed = {b.get("data-stage"): b.get("aria-pressed") for b in stage_buttons(explorer.diagram.markup)}
    assert pressed == {s.id: ("true" if s.id == "spinal_cord" else "false") for s in catalog.stages}
    chosen = [b for b in stage_buttons(explorer.diagram.markup) if "ow-pathway-stage--selected" in classes(b)]
    assert [b.get("data-stage") for b in chosen] == ["spinal_cord"]  # the look follows aria-pressed
    assert stage.name in explorer.diagram.status


def test_selecting_the_brain_lists_its_modulators_with_direction(catalog: Catalog) -> None:
    explorer = PathwayExplorer(catalog, selected="brain")
    mods = catalog.find_modulators(acts_at="brain")
    assert mods
    assert explorer.shown_modulators == tuple(m.id for m in mods)
    shown = text(explorer.details.value)
    for m in mods:
        assert f"{m.name} ({PATHWAY['effect_' + m.effect]})" in shown
    elsewhere = [m for m in catalog.modulators if m.acts_at != "brain"]
    assert all(m.name not in shown for m in elsewhere)


def test_modulators_are_listed_under_their_stage_with_up_down_marks(catalog: Catalog) -> None:
    explorer = PathwayExplorer(catalog)
    tree = soup(explorer.diagram.markup)
    lists = {u.get("data-mods"): u for u in tree.select("ul[data-mods]")}
    assert set(lists) == {s.id for s in catalog.stages}
    for stage in catalog.stages:
        ul = lists[stage.id]
        # the list sits in the same list item as the stage's button
        item = ul.find_parent("li")
        assert item is not None
        assert [b.get("data-stage") for b in item.find_all("button")] == [stage.id]
        items = ul.find_all(True, recursive=False)
        assert all(li.name == "li" for li in items)
        mods = catalog.find_modulators(acts_at=stage.id)
        if not mods:
            assert [words(li) for li in items] == [PATHWAY["none_here"]]
            continue
        assert [li.get("data-modulator") for li in items] == [m.id for m in mods]
        for li, m in zip(items, mods, strict=False):
            # seen: the mark and the name; heard: the name and the effect in words (the mark is hidden)
            helps = f" {PATHWAY['what_helps']} {m.patient_helps}" if m.patient_helps else ""
            assert visible_text(li) == f"{pathway.EFFECT_MARK[m.effect]} {m.name}{helps}", m.id
            assert accessible_text(li) == f"{m.name} ({PATHWAY['effect_' + m.effect]}){helps}", m.id
            assert f"ow-pathway-{m.effect}" in classes(li)
    # the legend explains every mark that is used, and only those
    legend = tree.select("ul.ow-pathway-legend")
    assert len(legend) == 1
    shown = {li.get("data-effect"): visible_text(li) for li in legend[0].find_all("li")}
    used = {m.effect for m in catalog.modulators}
    assert set(shown) == used
    for effect in used:
        assert shown[effect] == f"{pathway.EFFECT_MARK[effect]} {PATHWAY['effect_' + effect]}"


def test_text_alternative_lists_stages_in_order_with_modulators(catalog: Catalog) -> None:
    explorer = PathwayExplorer(catalog)
    alt = explorer.text_alternative.value
    items = soup(alt).select("ol.ow-pathway-words > li[data-stage]")
    assert [li.get("data-stage") for li in items] == [s.id for s in catalog.stages]
    for li, stage in zip(items, catalog.stages, strict=False):
        said = words(li)
        assert stage.name in said
        for m in catalog.find_modulators(acts_at=stage.id):
            assert f"{m.name} ({PATHWAY['effect_' + m.effect]})" in said
    # always present: it does not change with the selection
    explorer.selected = "nerves"
    assert explorer.text_alternative.value == alt
    # patients: folded under a button with its name, right after the picture (health-literacy rating,
    # PEMAT 2: it repeats the picture); the button opens it
    children = explorer.container.children
    button = explorer.words_button
    assert button is not None
    assert children.index(button) == children.index(explorer.diagram) + 1
    assert children.index(explorer.text_alternative) == children.index(button) + 1
    assert (button.label, button.controls, button.expanded) == (PATHWAY["in_words"], "ow-pathway-words", False)
    assert soup(alt).select_one("#ow-pathway-words ol.ow-pathway-words") is not None
    assert PATHWAY["in_words"] not in text(alt)  # the button says it; no heading twice
    classes = explorer.text_alternative._dom_classes
    assert "ow-pathway-alt--folded" in classes and "ow-pathway-alt--open" not in classes
    button.toggle()
    assert "ow-pathway-alt--open" in explorer.text_alternative._dom_classes
    button.toggle()
    assert "ow-pathway-alt--open" not in explorer.text_alternative._dom_classes
    # students see it open, under its heading
    student = PathwayExplorer(catalog, audience="student")
    assert student.words_button is None
    assert PATHWAY["in_words"] in text(student.text_alternative.value)
    assert (
        student.container.children.index(student.text_alternative)
        == student.container.children.index(student.diagram) + 1
    )


def test_student_audience_shows_student_text(catalog: Catalog) -> None:
    explorer = PathwayExplorer(catalog, audience="student", selected="nerves")
    stage = catalog.stage("nerves")
    shown = text(explorer.details.value)
    assert " ".join(stage.student_text.split()) in shown
    assert " ".join(stage.patient_text.split()) not in shown


def test_invalid_stage_is_refused_and_state_kept(catalog: Catalog) -> None:
    explorer = PathwayExplorer(catalog, selected="nerves")
    before = (explorer.details.value, explorer.diagram.markup, explorer.shown_methods, explorer.diagram.status)
    with pytest.raises(traitlets.TraitError, match=r"'heart' is not a stage.*injury_site, nerves, spinal_cord, brain"):
        explorer.selected = "heart"
    assert explorer.selected == "nerves"
    assert (explorer.details.value, explorer.diagram.markup, explorer.shown_methods, explorer.diagram.status) == before
    with pytest.raises(traitlets.TraitError):
        PathwayExplorer(catalog, selected="heart")
    with pytest.raises(ValueError, match="audience"):
        PathwayExplorer(catalog, audience="doctor")  # type: ignore[arg-type]


def test_selection_coming_from_the_browser_updates_python(catalog: Catalog) -> None:
    explorer = PathwayExplorer(catalog)
    explorer.diagram.set_state({"selected": "injury_site"})  # what a comm message from the front end does
    assert explorer.selected == "injury_site"
    assert explorer.shown_modulators == tuple(m.id for m in catalog.find_modulators(acts_at="injury_site"))
    explorer.diagram.set_state({"selected": ""})
    assert explorer.shown_methods == () and PATHWAY["prompt"] in text(explorer.details.value)


def test_pathway_front_end_only_attaches_handlers() -> None:
    js = (pathway.STATIC / "pathway.js").read_text(encoding="utf-8")
    assert str(pathway.PathwayDiagram._esm) == js  # the widget ships exactly this file
    for needle in (
        '"ArrowLeft"',
        '"ArrowRight"',
        '"ArrowUp"',
        '"ArrowDown"',
        '"Home"',
        '"End"',
        '"click"',
        '"keydown"',
        'model.set("selected"',
        "save_changes",
        'model.on("change:markup"',
        "aria-live",
        "preventDefault",
        "button[data-stage]",
        "export default",
    ):
        assert needle in js, needle
    # Enter and Space are the native button's own click: no key handler of its own for them (one would
    # select twice, or swallow the click with preventDefault)
    assert '"Enter"' not in js and '" "' not in js
    assert not re.search(r"^\s*import\b", js, flags=re.M), "no imports: the module must work offline"
    assert "http" not in js
    assert "aria-label" not in js  # the front end never renames a stage


def test_pathway_container_is_the_display_entry(catalog: Catalog) -> None:
    explorer = PathwayExplorer(catalog)
    box = explorer.container
    assert isinstance(box, w.VBox)
    assert "ow-widget" in box._dom_classes and "ow-pathway" in box._dom_classes
    sheets = [c for c in box.children if isinstance(c, Stylesheet)]
    assert sheets == [stylesheet()] and ".ow-pathway-stage" in sheets[0]._css
    assert explorer._repr_mimebundle_()["application/vnd.jupyter.widget-view+json"]["model_id"] == box.model_id


# --- gate simulator ---------------------------------------------------------------------------------
def test_gate_sliders_are_labelled_and_bounded_like_the_model(catalog: Catalog) -> None:
    sim = GateSimulator(catalog)
    for slider, bounds, key in (
        (sim.injury, INJURY_RANGE, "injury_label"),
        (sim.competing, COMPETING_RANGE, "competing_label"),
        (sim.mood, MOOD_RANGE, "mood_label"),
    ):
        assert isinstance(slider, RangeSlider)
        assert (slider.min, slider.max) == bounds
        assert slider.label == GATE[key]


def test_gate_follows_the_sliders(catalog: Catalog) -> None:
    sim = GateSimulator(catalog)
    sim.injury.value = 9
    sim.competing.value = 0
    sim.mood.value = 4
    high = sim.result
    assert high == pain_message(9, 0, 4)
    sim.competing.value = 10
    sim.mood.value = -5
    low = sim.result
    assert low == pain_message(9, 10, -5)
    assert low.level < high.level and low.gate_openness < high.gate_openness
    assert text(sim.sentence.value) == low.sentence
    table = text(sim.table.value)
    assert f"{low.level:g} out of 10" in table and low.gate_word in table and "9 out of 10" in table


def test_gate_picture_is_an_image_with_a_label_that_matches(catalog: Catalog) -> None:
    sim = GateSimulator(catalog, injury=8, competing_input=5, mood_stress=1)
    r = sim.result
    well_formed(sim.picture.value)
    figure = soup(sim.picture.value).select(".ow-gate-figure")
    assert len(figure) == 1 and figure[0].get("role") == "img"
    label = str(figure[0].get("aria-label") or "")
    assert "8 out of 10" in label and r.gate_word in label and f"{r.level:g} out of 10" in label
    root = figure[0].select_one("svg")  # one image: the figure, which holds the drawing and its labels
    assert root is not None and root.get("role") is None
    # the drawing has shapes only; the labels under the bars are HTML, one column per bar, in order
    assert root.find_all("text") == []
    columns = [words(li) for li in figure[0].select("ul.ow-gate-labels > li")]
    assert columns == [
        f"{GATE['bar_injury']} {GATE.format('value_of_10', value=8)}",
        f"{GATE['bar_gate']} {r.gate_word}",
        f"{GATE['bar_brain']} {GATE.format('value_of_10', value=f'{r.level:g}')}",
    ]
    # the bars sit at the centres of the three label columns (1/6, 1/2, 5/6 of the width)
    width = float(str(root.get("viewbox") or "").split()[2])
    centres = sorted(
        float(str(b.get("x", "0"))) + float(str(b.get("width", "0"))) / 2 for b in root.select("rect.ow-gate-track")
    )
    gate_posts = [float(str(b.get("x", "0"))) for b in root.select("rect.ow-gate-post")]
    gate_centre = (min(gate_posts) + max(gate_posts) + 12) / 2
    assert sorted([*centres, gate_centre]) == pytest.approx([width / 6, width / 2, 5 * width / 6])
    injury_bar = root.select_one("rect.ow-gate-bar.ow-gate-bar--injury")
    brain_bar = root.select_one("rect.ow-gate-bar.ow-gate-bar--brain")
    assert injury_bar is not None and brain_bar is not None
    assert float(str(injury_bar.get("height", "0"))) / float(str(brain_bar.get("height", "1"))) == pytest.approx(
        8 / r.level
    )
    gap = root.select_one("rect.ow-gate-gap")
    sim.competing.value = 10
    gap_after = svg_root(sim.picture.value).select_one("rect.ow-gate-gap")
    assert gap is not None and gap_after is not None
    assert float(str(gap_after.get("height", "0"))) < float(str(gap.get("height", "0")))


def test_gate_says_it_is_a_teaching_model_and_cites_its_source(catalog: Catalog) -> None:
    sim = GateSimulator(catalog)
    assert sim.header in sim.container.children and sim.sources in sim.container.children
    assert "A teaching model, not a measurement" in text(sim.header.value)
    assert catalog.reference("melzack1965").link in links(sim.sources.value)


def test_gate_refuses_bad_start_values(catalog: Catalog) -> None:
    with pytest.raises(ValueError, match=r"^injury"):
        GateSimulator(catalog, injury=12)


# --- healing timeline -------------------------------------------------------------------------------
def test_timeline_controls(catalog: Catalog) -> None:
    tl = HealingTimeline(catalog)
    assert isinstance(tl.fracture, w.Dropdown) and tl.fracture.description == TIMELINE["fracture_label"]
    assert [v for _, v in tl.fracture.options] == [f.id for f in load_timeline(catalog).fracture_types]
    assert {v for _, v in tl.fracture.options} == set(fracture_types(catalog))
    assert isinstance(tl.weeks, w.BoundedIntText) and (tl.weeks.min, tl.weeks.max) == (0, WEEKS_SHOWN)
    assert tl.weeks.description == TIMELINE["weeks_label"]


@pytest.mark.parametrize("which", ["start", "typical", "chronic_after", "after"])
def test_timeline_phase_at_catalog_boundaries(catalog: Catalog, which: str) -> None:
    h = catalog.healing
    weeks, expected = {
        "start": (h.range_weeks[0], "healing"),
        "typical": (h.typical_weeks, "healed"),
        "chronic_after": (h.chronic_after_weeks, "healed"),
        "after": (h.chronic_after_weeks + 1, "chronic"),
    }[which]
    tl = HealingTimeline(catalog, fracture_type="vertebral")
    tl.weeks.value = weeks
    assert tl.phase.id == expected
    guide = load_timeline(catalog).guide(expected)
    shown = text(tl.details.value)
    assert " ".join(guide.expect_patient.split()) in shown
    assert select_texts(tl.details.value, "ol.ow-timeline-steps > li") == [
        " ".join(s.split()) for s in guide.expect_steps
    ]
    for sign in guide.talk_to_provider:
        assert " ".join(sign.patient_text.split()) in shown
    assert tl.shown_methods == guide.methods
    for mid in guide.methods:
        assert catalog.method(mid).name in shown
    # picture: marker at the week, label naming the phase
    root = svg_root(tl.picture.value)
    figure = soup(tl.picture.value).select(".ow-timeline-figure")
    assert len(figure) == 1 and figure[0].get("role") == "img"
    label = str(figure[0].get("aria-label") or "")
    assert f"week {weeks}" in label and guide.name in label
    caption = figure[0].select("p.ow-timeline-caption")
    assert [words(c) for c in caption] == [TIMELINE.format("marker", weeks=weeks, phase=guide.name)]
    markers = root.select("g.ow-timeline-marker")
    assert len(markers) == 1 and markers[0].get("data-weeks") == str(weeks)
    current = [g.get("data-phase") for g in root.select("g.ow-timeline-band--current")]
    assert current == [expected]
    # text alternative marks the same row
    rows = [tr.get("data-phase") for tr in soup(tl.table.value).select("tr.ow-timeline-row--current")]
    assert rows == [expected]


def test_timeline_fracture_type_changes_the_note(catalog: Catalog) -> None:
    tl = HealingTimeline(catalog, fracture_type="vertebral", weeks=3)
    notes = {f.id: f for f in load_timeline(catalog).fracture_types}
    assert " ".join(notes["vertebral"].patient_text.split()) in text(tl.details.value)
    tl.fracture.value = "wrist"
    shown = text(tl.details.value)
    assert tl.phase.fracture.id == "wrist" and tl.phase.id == "acute"
    assert " ".join(notes["wrist"].patient_text.split()) in shown
    assert " ".join(notes["vertebral"].patient_text.split()) not in shown


def test_timeline_table_lists_every_phase_with_weeks_from_the_catalog(catalog: Catalog) -> None:
    h = catalog.healing
    tl = HealingTimeline(catalog)
    well_formed(tl.table.value)
    table = text(tl.table.value)
    for name in (g.name for g in load_timeline(catalog).phases):
        assert name in table
    assert f"From week 0 to just before week {h.range_weeks[0]}" in table
    assert f"After week {h.chronic_after_weeks}" in table
    ticks = {t.get_text() for t in svg_root(tl.picture.value).select("text.ow-timeline-tick-label")}
    assert {"0", str(h.range_weeks[0]), str(h.typical_weeks), str(h.chronic_after_weeks), str(WEEKS_SHOWN)} <= ticks
    # each phase name is HTML text in the table, words apart ("The first weeks", never "The firstweeks"),
    # next to a decorative sample of its colour
    names = {r.get("data-phase"): r.select_one("th[scope=row]") for r in soup(tl.table.value).select("tr[data-phase]")}
    for g in load_timeline(catalog).phases:
        name = names[g.id]
        assert name is not None and words(name) == " ".join(g.name.split())
        swatches = name.find_all("svg")
        assert len(swatches) == 1 and swatches[0].get("aria-hidden") == "true"
        assert f"ow-timeline-{g.id}" in classes(swatches[0])
    assert f"{h.range_weeks[0]} to {h.range_weeks[1]} weeks" in text(tl.picture.value)


def test_timeline_picture_has_no_svg_text_but_short_week_numbers(catalog: Catalog) -> None:
    """Issue 14: SVG labels shrink to 5-8 px on a phone and run together. The only SVG text left is the
    week numbers, in an SVG without a viewBox (so at their real size); every phrase is HTML."""
    tl = HealingTimeline(catalog, weeks=8)
    root = svg_root(tl.picture.value)
    assert root.get("viewbox") is None and root.get("width") == "100%"
    texts = [t.get_text() for t in root.find_all("text")]
    assert texts and all(t.isdigit() for t in texts), texts
    assert root.find_all("tspan") == []
    # x positions are per cent of the width, from 0 to 100, so nothing is placed off the picture
    # (the marker's triangle is drawn in a nested SVG placed at the week: its own points are local)
    nested = {id(d) for n in root.find_all("svg") for d in n.find_all(True)}
    checked = 0
    for el in root.find_all(True):
        if id(el) in nested:
            continue
        for name in ("x", "x1", "x2") + (("width",) if el.name != "svg" else ()):
            value = el.get(name)
            if value is not None:
                assert isinstance(value, str)
                assert value.endswith("%") and 0 <= float(value.rstrip("%")) <= 100, (el.name, name, value)
                checked += 1
    assert checked > 10
    xs = [str(t.get("x", "")) for t in root.find_all("text")]
    assert all(x.endswith("%") for x in xs)
    positions = [float(x.rstrip("%")) for x in xs]
    assert min(positions) == 0 and max(positions) == 100
    anchors = {float(str(t.get("x", "")).rstrip("%")): t.get("text-anchor") for t in root.find_all("text")}
    assert anchors[0] == "start" and anchors[100] == "end"  # the first and last numbers stay inside


def test_timeline_student_audience(catalog: Catalog) -> None:
    tl = HealingTimeline(catalog, audience="student", weeks=catalog.healing.chronic_after_weeks + 4)
    guide = load_timeline(catalog).guide("chronic")
    shown = text(tl.details.value)
    assert " ".join(guide.expect_student.split()) in shown
    assert " ".join(guide.expect_patient.split()) not in shown


def test_timeline_refuses_bad_start_values(catalog: Catalog) -> None:
    with pytest.raises(ValueError, match="negative"):
        HealingTimeline(catalog, weeks=-2)
    with pytest.raises(ValueError, match="fracture_type 'elbow'"):
        HealingTimeline(catalog, fracture_type="elbow")
    with pytest.raises(ValueError, match="0 to 52"):
        HealingTimeline(catalog, weeks=60)


def test_patients_are_not_offered_students_only_methods_at_any_stage(catalog: Catalog) -> None:
    students_only = {m.id for m in catalog.methods if not m.patient_option}
    assert students_only, "the data keeps some options for students only (e.g. plunge pools)"
    patient, student = PathwayExplorer(catalog), PathwayExplorer(catalog, audience="student")
    seen_by_students: set[str] = set()
    for stage in catalog.stages:
        patient.selected = student.selected = stage.id
        assert not students_only & set(patient.shown_methods), stage.id
        assert set(patient.shown_methods) <= set(student.shown_methods)
        seen_by_students |= students_only & set(student.shown_methods)
    assert seen_by_students, "students still see the students-only options on the pathway"


def test_modulators_that_turn_pain_up_say_what_helps(catalog: Catalog) -> None:
    """Issue 14: the up arrows (inactivity, fear, stress ...) say what helps, in the picture and in the
    stage's list; the words are data (physiology.yaml patient_helps)."""
    ups = [m for m in catalog.modulators if m.effect != "down"]
    assert {"inactivity", "fear", "stress"} <= {m.id for m in ups}
    assert all(m.patient_helps for m in ups)
    label = PATHWAY["what_helps"]
    picture = soup(pathway.pathway_html(catalog))
    for m in ups:
        item = picture.select_one(f"li.ow-pathway-mod[data-modulator='{m.id}'] .ow-pathway-mod__helps")
        assert item is not None and item.get_text(" ", strip=True) == f"{label} {m.patient_helps}", m.id
    explorer = PathwayExplorer(catalog, audience="patient")
    for stage in catalog.stages:
        explorer.selected = stage.id
        html = soup(explorer.details.value)
        for m in catalog.find_modulators(acts_at=stage.id):
            helps = html.select(f"li[data-modulator='{m.id}'] .ow-pathway-helps")
            assert len(helps) == (1 if m.patient_helps else 0), m.id


def test_the_first_weeks_show_what_to_do_as_numbered_steps_for_patients_only(catalog: Catalog) -> None:
    """Issue 14 (PEMAT 22): "What to expect" in the first weeks is a numbered list of actions on the
    dashboard; students read the nursing text instead."""
    guide = load_timeline(catalog).guide("acute")
    assert guide.expect_steps
    patient = HealingTimeline(catalog, fracture_type="vertebral", audience="patient")
    patient.weeks.value = 1
    assert patient.phase.id == "acute"
    steps = select_texts(patient.details.value, "ol.ow-timeline-steps > li")
    assert steps == [" ".join(s.split()) for s in guide.expect_steps]
    student = HealingTimeline(catalog, fracture_type="vertebral", audience="student")
    student.weeks.value = 1
    assert select_texts(student.details.value, "ol.ow-timeline-steps > li") == []


def test_patients_are_not_shown_the_not_advised_options_as_treatments_that_work_here(catalog: Catalog) -> None:
    not_advised = {m.id for m in catalog.methods if m.start_here and m.start_here.group == "not_advised"}
    assert {"therapeutic_ultrasound", "vertebroplasty_kyphoplasty"} <= not_advised
    seen_for_students: set[str] = set()
    for stage in catalog.stages:
        patient = PathwayExplorer(catalog, selected=stage.id)
        student = PathwayExplorer(catalog, audience="student", selected=stage.id)
        assert not not_advised & set(patient.shown_methods), stage.id
        assert set(patient.shown_methods) == set(student.shown_methods) - not_advised - {
            m.id for m in catalog.methods if not m.patient_option
        }
        seen_for_students |= set(student.shown_methods)
        # the group label ("(Physical methods)") is for students only
        labels = {m.category_label for m in catalog.methods}
        assert not any(f"({label})" in text(patient.details.value) for label in labels), stage.id
    assert not_advised <= seen_for_students  # students still see where they act
