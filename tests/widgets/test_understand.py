"""The "understand" widgets driven through their real ipywidgets/anywidget traits:
PathwayExplorer, GateSimulator and HealingTimeline."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import ipywidgets as w
import pytest
import textstat
import traitlets

from osteo_lib.catalog import Catalog
from osteo_lib.gate import COMPETING_RANGE, INJURY_RANGE, MOOD_RANGE, pain_message
from osteo_lib.healing import fracture_types, load_timeline
from osteo_lib.widgets import gate as gate_widget
from osteo_lib.widgets import pathway, timeline
from osteo_lib.widgets.gate import GateSimulator
from osteo_lib.widgets.pathway import PathwayExplorer
from osteo_lib.widgets.timeline import WEEKS_SHOWN, HealingTimeline

SVG = "{http://www.w3.org/2000/svg}"


def svg_tree(markup: str) -> ET.Element:
    """Parse SVG markup (also proves it is well-formed XML)."""
    match = re.search(r"<svg\b.*</svg>", markup, flags=re.S)
    assert match, "no <svg> in markup"
    return ET.fromstring(match.group(0))


def text_of(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def plain(markup: str) -> str:
    """Visible text of HTML markup, unescaped, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def stage_groups(markup: str) -> list[ET.Element]:
    return [g for g in svg_tree(markup).iter(f"{SVG}g") if g.get("data-stage")]


# --- reading level of every UI string ----------------------------------------------------------------
@pytest.mark.parametrize("module", [pathway, gate_widget, timeline], ids=lambda m: m.__name__)
def test_ui_strings_are_plain_language(module: object) -> None:
    texts: dict[str, str] = module.TEXT  # type: ignore[attr-defined]
    assert texts
    for key, text in texts.items():
        assert textstat.flesch_kincaid_grade(text) <= 8, (key, text)


# --- pathway explorer -------------------------------------------------------------------------------
def test_pathway_picture_has_one_keyboard_button_per_stage_in_order(catalog: Catalog) -> None:
    explorer = PathwayExplorer(catalog)
    groups = stage_groups(explorer.diagram.svg)
    assert [g.get("data-stage") for g in groups] == [s.id for s in sorted(catalog.stages, key=lambda s: s.order)]
    assert [g.get("data-stage") for g in groups][:1] == ["injury_site"] and groups[-1].get("data-stage") == "brain"
    for g, stage in zip(groups, catalog.stages):
        assert g.get("role") == "button"
        assert g.get("tabindex") == "0"
        assert g.get("aria-label") == f"{stage.name}: select to learn more"
        assert g.get("aria-pressed") == "false"
    root = svg_tree(explorer.diagram.svg)
    assert root.get("role") == "group" and root.get("aria-label")
    assert explorer.diagram.stages == [{"id": s.id, "name": s.name} for s in catalog.stages]


def test_pathway_starts_with_nothing_selected(catalog: Catalog) -> None:
    explorer = PathwayExplorer(catalog)
    assert explorer.selected == ""
    assert explorer.shown_methods == () and explorer.shown_modulators == ()
    assert pathway.TEXT["prompt"] in plain(explorer.details.value)
    assert explorer.diagram.status == pathway.TEXT["status_none"]


def test_selecting_a_stage_renders_its_content(catalog: Catalog) -> None:
    explorer = PathwayExplorer(catalog)
    explorer.selected = "spinal_cord"
    stage = catalog.stage("spinal_cord")
    shown = plain(explorer.details.value)
    assert stage.name in shown
    assert " ".join(stage.patient_text.split()) in shown
    assert stage.student_text.split(".")[0] not in shown
    methods = catalog.find_methods(stage="spinal_cord")
    assert methods, "the data should have treatments acting at the spinal cord (e.g. TENS)"
    assert explorer.shown_methods == tuple(m.id for m in methods)
    for m in methods:
        assert m.name in shown
    others = [m for m in catalog.methods if "spinal_cord" not in m.acts_on]
    assert all(f'data-method="{m.id}"' not in explorer.details.value for m in others)
    # the reference of the gate theory is listed among the sources
    assert catalog.reference("melzack1965").link in explorer.details.value
    # picture and live status follow the selection
    pressed = {g.get("data-stage"): g.get("aria-pressed") for g in stage_groups(explorer.diagram.svg)}
    assert pressed == {s.id: ("true" if s.id == "spinal_cord" else "false") for s in catalog.stages}
    assert stage.name in explorer.diagram.status


def test_selecting_the_brain_lists_its_modulators_with_direction(catalog: Catalog) -> None:
    explorer = PathwayExplorer(catalog, selected="brain")
    mods = catalog.find_modulators(acts_at="brain")
    assert mods
    assert explorer.shown_modulators == tuple(m.id for m in mods)
    shown = plain(explorer.details.value)
    for m in mods:
        assert f"{m.name} ({pathway.TEXT['effect_' + m.effect]})" in shown
    elsewhere = [m for m in catalog.modulators if m.acts_at != "brain"]
    assert all(m.name not in shown for m in elsewhere)


def test_modulators_are_drawn_at_their_stage_with_up_down_marks(catalog: Catalog) -> None:
    explorer = PathwayExplorer(catalog)
    root = svg_tree(explorer.diagram.svg)
    columns = {g.get("data-mods"): text_of(g) for g in root.iter(f"{SVG}g") if g.get("data-mods")}
    assert set(columns) == {s.id for s in catalog.stages}
    for m in catalog.modulators:
        assert f"{pathway.EFFECT_MARK[m.effect]} {m.name.split()[0]}" in columns[m.acts_at], m.id
        for other, text in columns.items():
            if other != m.acts_at:
                assert m.name not in text
    # the legend explains every mark that is used
    legend = text_of(root)
    for effect in {m.effect for m in catalog.modulators}:
        assert pathway.TEXT[f"legend_{effect}"] in legend


def test_text_alternative_lists_stages_in_order_with_modulators(catalog: Catalog) -> None:
    explorer = PathwayExplorer(catalog)
    alt = explorer.text_alternative.value
    assert "<ol" in alt
    items = re.findall(r'<li data-stage="([a-z_]+)">(.*?)</li>', alt, flags=re.S)
    assert [i for i, _ in items] == [s.id for s in catalog.stages]
    for (sid, text), stage in zip(items, catalog.stages):
        text = html.unescape(text)
        assert stage.name in text
        for m in catalog.find_modulators(acts_at=sid):
            assert f"{m.name} ({pathway.TEXT['effect_' + m.effect]})" in text
    # always present: it does not change with the selection
    explorer.selected = "nerves"
    assert explorer.text_alternative.value == alt
    assert explorer.container.children.index(explorer.text_alternative) == explorer.container.children.index(explorer.diagram) + 1


def test_student_audience_shows_student_text(catalog: Catalog) -> None:
    explorer = PathwayExplorer(catalog, audience="student", selected="nerves")
    stage = catalog.stage("nerves")
    shown = plain(explorer.details.value)
    assert " ".join(stage.student_text.split()) in shown
    assert " ".join(stage.patient_text.split()) not in shown


def test_invalid_stage_is_refused_and_state_kept(catalog: Catalog) -> None:
    explorer = PathwayExplorer(catalog, selected="nerves")
    before = (explorer.details.value, explorer.diagram.svg, explorer.shown_methods, explorer.diagram.status)
    with pytest.raises(traitlets.TraitError, match=r"'heart' is not a stage.*injury_site, nerves, spinal_cord, brain"):
        explorer.selected = "heart"
    assert explorer.selected == "nerves"
    assert (explorer.details.value, explorer.diagram.svg, explorer.shown_methods, explorer.diagram.status) == before
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
    assert explorer.shown_methods == () and pathway.TEXT["prompt"] in plain(explorer.details.value)


def test_pathway_front_end_only_attaches_handlers() -> None:
    js = (pathway.STATIC / "pathway.js").read_text(encoding="utf-8")
    assert str(pathway.PathwayDiagram._esm) == js  # the widget ships exactly this file
    for needle in ('"Enter"', '" "', '"ArrowLeft"', '"ArrowRight"', '"Home"', '"End"', '"click"', '"keydown"',
                   'model.set("selected"', "save_changes", 'model.on("change:svg"', "aria-live", "preventDefault",
                   "export default"):
        assert needle in js, needle
    assert not re.search(r"^\s*import\b", js, flags=re.M), "no imports: the module must work offline"
    assert "http" not in js


def test_pathway_container_is_the_display_entry(catalog: Catalog) -> None:
    explorer = PathwayExplorer(catalog)
    box = explorer.container
    assert isinstance(box, w.VBox)
    assert "ow-widget" in box._dom_classes and "ow-pathway" in box._dom_classes
    assert "<style>" in box.children[0].value and ".ow-pathway-stage" in box.children[0].value
    assert "<h2>" in box.children[1].value


# --- gate simulator ---------------------------------------------------------------------------------
def test_gate_sliders_are_labelled_and_bounded_like_the_model(catalog: Catalog) -> None:
    sim = GateSimulator(catalog)
    for slider, bounds, key in ((sim.injury, INJURY_RANGE, "injury_label"),
                                (sim.competing, COMPETING_RANGE, "competing_label"),
                                (sim.mood, MOOD_RANGE, "mood_label")):
        assert isinstance(slider, w.IntSlider)
        assert (slider.min, slider.max) == bounds
        assert slider.description == gate_widget.TEXT[key]


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
    assert plain(sim.sentence.value) == low.sentence
    table = plain(sim.table.value)
    assert f"{low.level:g} out of 10" in table and low.gate_word in table and "9 out of 10" in table


def test_gate_picture_is_an_image_with_a_label_that_matches(catalog: Catalog) -> None:
    sim = GateSimulator(catalog, injury=8, competing_input=5, mood_stress=1)
    r = sim.result
    root = svg_tree(sim.picture.value)
    assert root.get("role") == "img"
    label = root.get("aria-label") or ""
    assert "8 out of 10" in label and r.gate_word in label and f"{r.level:g} out of 10" in label
    bars = {b.get("class"): b for b in root.iter(f"{SVG}rect") if "ow-gate-bar" in (b.get("class") or "")}
    injury_bar = bars["ow-gate-bar ow-gate-bar--injury"]
    brain_bar = bars["ow-gate-bar ow-gate-bar--brain"]
    assert float(injury_bar.get("height", "0")) / float(brain_bar.get("height", "1")) == pytest.approx(8 / r.level)
    gap = next(g for g in root.iter(f"{SVG}rect") if g.get("class") == "ow-gate-gap")
    sim.competing.value = 10
    gap_after = next(g for g in svg_tree(sim.picture.value).iter(f"{SVG}rect") if g.get("class") == "ow-gate-gap")
    assert float(gap_after.get("height", "0")) < float(gap.get("height", "0"))


def test_gate_says_it_is_a_teaching_model_and_cites_its_source(catalog: Catalog) -> None:
    sim = GateSimulator(catalog)
    everything = " ".join(c.value for c in sim.container.children if isinstance(c, w.HTML))
    assert "A teaching model, not a measurement" in everything
    assert catalog.reference("melzack1965").link in everything


def test_gate_refuses_bad_start_values(catalog: Catalog) -> None:
    with pytest.raises(ValueError, match="^injury"):
        GateSimulator(catalog, injury=12)


# --- healing timeline -------------------------------------------------------------------------------
def test_timeline_controls(catalog: Catalog) -> None:
    tl = HealingTimeline(catalog)
    assert isinstance(tl.fracture, w.Dropdown) and tl.fracture.description == timeline.TEXT["fracture_label"]
    assert [v for _, v in tl.fracture.options] == [f.id for f in load_timeline(catalog).fracture_types]
    assert set(v for _, v in tl.fracture.options) == set(fracture_types(catalog))
    assert isinstance(tl.weeks, w.BoundedIntText) and (tl.weeks.min, tl.weeks.max) == (0, WEEKS_SHOWN)
    assert tl.weeks.description == timeline.TEXT["weeks_label"]


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
    shown = plain(tl.details.value)
    assert " ".join(guide.expect_patient.split()) in shown
    for sign in guide.talk_to_provider:
        assert " ".join(sign.patient_text.split()) in shown
    assert tl.shown_methods == guide.methods
    for mid in guide.methods:
        assert catalog.method(mid).name in shown
    # picture: marker at the week, label naming the phase
    root = svg_tree(tl.picture.value)
    assert root.get("role") == "img"
    assert f"week {weeks}" in (root.get("aria-label") or "") and guide.name in (root.get("aria-label") or "")
    marker = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "ow-timeline-marker")
    assert marker.get("data-weeks") == str(weeks)
    current = [g.get("data-phase") for g in root.iter(f"{SVG}g") if "ow-timeline-band--current" in (g.get("class") or "")]
    assert current == [expected]
    # text alternative marks the same row
    rows = re.findall(r'<tr class="ow-timeline-row--current" data-phase="([a-z]+)">', tl.table.value)
    assert rows == [expected]


def test_timeline_fracture_type_changes_the_note(catalog: Catalog) -> None:
    tl = HealingTimeline(catalog, fracture_type="vertebral", weeks=3)
    notes = {f.id: f for f in load_timeline(catalog).fracture_types}
    assert " ".join(notes["vertebral"].patient_text.split()) in plain(tl.details.value)
    tl.fracture.value = "wrist"
    shown = plain(tl.details.value)
    assert tl.phase.fracture.id == "wrist" and tl.phase.id == "acute"
    assert " ".join(notes["wrist"].patient_text.split()) in shown
    assert " ".join(notes["vertebral"].patient_text.split()) not in shown


def test_timeline_table_lists_every_phase_with_weeks_from_the_catalog(catalog: Catalog) -> None:
    h = catalog.healing
    tl = HealingTimeline(catalog)
    table = plain(tl.table.value)
    for name in (g.name for g in load_timeline(catalog).phases):
        assert name in table
    assert f"From week 0 to just before week {h.range_weeks[0]}" in table
    assert f"After week {h.chronic_after_weeks}" in table
    ticks = {t.text for t in svg_tree(tl.picture.value).iter(f"{SVG}text") if "ow-timeline-tick-label" in (t.get("class") or "")}
    assert {"0", str(h.range_weeks[0]), str(h.typical_weeks), str(h.chronic_after_weeks), str(WEEKS_SHOWN)} <= ticks


def test_timeline_student_audience(catalog: Catalog) -> None:
    tl = HealingTimeline(catalog, audience="student", weeks=catalog.healing.chronic_after_weeks + 4)
    guide = load_timeline(catalog).guide("chronic")
    shown = plain(tl.details.value)
    assert " ".join(guide.expect_student.split()) in shown
    assert " ".join(guide.expect_patient.split()) not in shown


def test_timeline_refuses_bad_start_values(catalog: Catalog) -> None:
    with pytest.raises(ValueError, match="negative"):
        HealingTimeline(catalog, weeks=-2)
    with pytest.raises(ValueError, match="fracture_type 'elbow'"):
        HealingTimeline(catalog, fracture_type="elbow")
    with pytest.raises(ValueError, match="0 to 52"):
        HealingTimeline(catalog, weeks=60)
