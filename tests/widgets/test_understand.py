"""The "understand" widgets driven through their real ipywidgets/anywidget traits:
PathwayExplorer, GateSimulator and HealingTimeline."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser

import ipywidgets as w
import pytest
import textstat
import traitlets

from osteo_lib.content.catalog import Catalog
from osteo_lib.care.gate import COMPETING_RANGE, INJURY_RANGE, MOOD_RANGE, pain_message
from osteo_lib.care.healing import fracture_types, load_timeline
from osteo_lib.views.widgets import gate as gate_widget
from osteo_lib.views.widgets import pathway, timeline
from osteo_lib.views.widgets.gate import GateSimulator
from osteo_lib.views.widgets.base import Stylesheet, stylesheet
from osteo_lib.views.widgets.pathway import PathwayExplorer
from osteo_lib.views.widgets.timeline import WEEKS_SHOWN, HealingTimeline

SVG = "{http://www.w3.org/2000/svg}"


def svg_tree(markup: str) -> ET.Element:
    """Parse the (first) SVG in markup (also proves it is well-formed XML)."""
    match = re.search(r"<svg\b.*</svg>", markup, flags=re.S)
    assert match, "no <svg> in markup"
    return ET.fromstring(match.group(0))


def text_of(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def plain(markup: str) -> str:
    """Visible text of HTML markup, unescaped, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


class Node:
    """One element of parsed HTML: tag, attributes, children (elements and text, in order)."""

    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None = None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def get(self, name: str) -> str | None:
        return self.attrs.get(name)

    def classes(self) -> set[str]:
        return set((self.get("class") or "").split())

    def iter(self) -> Iterator[Node]:
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        return [n for n in self.iter() if (tag is None or n.tag == tag) and (cls is None or cls in n.classes())
                and all(n.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def text(self) -> str:
        """All text inside, whitespace collapsed (what a browser would show, hidden parts included)."""
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return " ".join(" ".join(parts).split())

    def visible_text(self) -> str:
        """Text inside, leaving out parts hidden from sight (class ow-visually-hidden)."""
        parts = [c if isinstance(c, str) else ("" if "ow-visually-hidden" in c.classes() else c.visible_text())
                 for c in self.children]
        return " ".join(" ".join(parts).split())

    def accessible_text(self) -> str:
        """Text inside, leaving out parts hidden from assistive technology (aria-hidden="true")."""
        parts = [c if isinstance(c, str) else ("" if c.get("aria-hidden") == "true" else c.accessible_text())
                 for c in self.children]
        return " ".join(" ".join(parts).split())

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs), self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, dict(attrs), self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>: markup not well nested"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(markup: str) -> Node:
    """Parse HTML markup into a small tree (html.parser); asserts every element is closed in order."""
    builder = _Builder()
    builder.feed(markup)
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements: " + ", ".join(n.tag for n in builder.stack[1:])
    return builder.root


def stage_buttons(markup: str) -> list[Node]:
    return [b for b in parse_html(markup).find_all("button") if b.get("data-stage")]


# --- reading level of every UI string ----------------------------------------------------------------
@pytest.mark.parametrize("module", [pathway, gate_widget, timeline], ids=lambda m: m.__name__)
def test_ui_strings_are_plain_language(module: object) -> None:
    texts: dict[str, str] = module.TEXT  # type: ignore[attr-defined]
    assert texts
    for key, text in texts.items():
        assert textstat.flesch_kincaid_grade(text) <= 8, (key, text)


# --- pathway explorer -------------------------------------------------------------------------------
def test_pathway_picture_has_one_real_button_per_stage_in_order(catalog: Catalog) -> None:
    explorer = PathwayExplorer(catalog)
    tree = parse_html(explorer.diagram.markup)
    buttons = stage_buttons(explorer.diagram.markup)
    assert [b.get("data-stage") for b in buttons] == [s.id for s in sorted(catalog.stages, key=lambda s: s.order)]
    assert buttons[0].get("data-stage") == "injury_site" and buttons[-1].get("data-stage") == "brain"
    for b, stage in zip(buttons, catalog.stages):
        # a native button (Enter/Space and focus without script), not a made-up one
        assert b.tag == "button" and b.get("type") == "button"
        assert b.get("tabindex") is None  # a button is focusable already; no custom tab order
        assert b.get("aria-pressed") == "false"
        # WCAG 2.5.3 label in name: the visible text IS the stage name, and nothing renames it
        assert b.text() == stage.name and b.visible_text() == stage.name
        assert [c for c in b.children if isinstance(c, Node)] == [], "only the name as text in the button"
        label = b.get("aria-label")
        assert label is None or stage.name in label
        assert b.get("aria-labelledby") is None
        # the stages are the items of one ordered list (its order is the direction of travel)
        item = b.parent
        assert item is not None and item.tag == "li" and item.parent is not None and item.parent.tag == "ol"
    lists = tree.find_all("ol", cls="ow-pathway-stages")
    assert len(lists) == 1 and lists[0].get("aria-label")
    assert [c.tag for c in lists[0].children if isinstance(c, Node)] == ["li"] * len(catalog.stages)
    # no SVG text anywhere (it cannot wrap and overflows its shape when the font differs)
    assert tree.find_all("text") == [] and tree.find_all("tspan") == []
    # every arrow between stages is decorative: hidden from assistive technology, no text
    arrows = tree.find_all(cls="ow-pathway-arrow")
    assert len(arrows) == len(catalog.stages) - 1
    for arrow in arrows:
        assert arrow.get("aria-hidden") == "true" and arrow.text() == ""
        assert arrow.find_all("svg") and all(svg.get("focusable") == "false" for svg in arrow.find_all("svg"))
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
    methods = catalog.find_methods(stage="spinal_cord", patient_option=True)
    assert methods, "the data should have treatments acting at the spinal cord (e.g. TENS)"
    assert explorer.shown_methods == tuple(m.id for m in methods)
    for m in methods:
        assert m.name in shown
    others = [m for m in catalog.methods if "spinal_cord" not in m.acts_on]
    assert all(f'data-method="{m.id}"' not in explorer.details.value for m in others)
    # the reference of the gate theory is listed among the sources
    assert catalog.reference("melzack1965").link in explorer.details.value
    # picture and live status follow the selection
    pressed = {b.get("data-stage"): b.get("aria-pressed") for b in stage_buttons(explorer.diagram.markup)}
    assert pressed == {s.id: ("true" if s.id == "spinal_cord" else "false") for s in catalog.stages}
    chosen = [b for b in stage_buttons(explorer.diagram.markup) if "ow-pathway-stage--selected" in b.classes()]
    assert [b.get("data-stage") for b in chosen] == ["spinal_cord"]  # the look follows aria-pressed
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


def test_modulators_are_listed_under_their_stage_with_up_down_marks(catalog: Catalog) -> None:
    explorer = PathwayExplorer(catalog)
    tree = parse_html(explorer.diagram.markup)
    lists = {u.get("data-mods"): u for u in tree.find_all("ul") if u.get("data-mods")}
    assert set(lists) == {s.id for s in catalog.stages}
    for stage in catalog.stages:
        ul = lists[stage.id]
        # the list sits in the same list item as the stage's button
        item = next(a for a in ul.ancestors() if a.tag == "li")
        assert [b.get("data-stage") for b in item.find_all("button")] == [stage.id]
        items = [c for c in ul.children if isinstance(c, Node)]
        assert all(li.tag == "li" for li in items)
        mods = catalog.find_modulators(acts_at=stage.id)
        if not mods:
            assert [li.text() for li in items] == [pathway.TEXT["none_here"]]
            continue
        assert [li.get("data-modulator") for li in items] == [m.id for m in mods]
        for li, m in zip(items, mods):
            # seen: the mark and the name; heard: the name and the effect in words (the mark is hidden)
            assert li.visible_text() == f"{pathway.EFFECT_MARK[m.effect]} {m.name}", m.id
            assert li.accessible_text() == f"{m.name} ({pathway.TEXT['effect_' + m.effect]})", m.id
            assert f"ow-pathway-{m.effect}" in li.classes()
    # the legend explains every mark that is used, and only those
    legend = tree.find_all("ul", cls="ow-pathway-legend")
    assert len(legend) == 1
    shown = {li.get("data-effect"): li.visible_text() for li in legend[0].find_all("li")}
    used = {m.effect for m in catalog.modulators}
    assert set(shown) == used
    for effect in used:
        assert shown[effect] == f"{pathway.EFFECT_MARK[effect]} {pathway.TEXT['effect_' + effect]}"


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
    assert explorer.shown_methods == () and pathway.TEXT["prompt"] in plain(explorer.details.value)


def test_pathway_front_end_only_attaches_handlers() -> None:
    js = (pathway.STATIC / "pathway.js").read_text(encoding="utf-8")
    assert str(pathway.PathwayDiagram._esm) == js  # the widget ships exactly this file
    for needle in ('"ArrowLeft"', '"ArrowRight"', '"ArrowUp"', '"ArrowDown"', '"Home"', '"End"', '"click"',
                   '"keydown"', 'model.set("selected"', "save_changes", 'model.on("change:markup"', "aria-live",
                   "preventDefault", "button[data-stage]", "export default"):
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
    figure = parse_html(sim.picture.value).find_all(cls="ow-gate-figure")
    assert len(figure) == 1 and figure[0].get("role") == "img"
    label = figure[0].get("aria-label") or ""
    assert "8 out of 10" in label and r.gate_word in label and f"{r.level:g} out of 10" in label
    root = svg_tree(sim.picture.value)
    assert root.get("role") is None  # one image: the figure, which holds the drawing and its labels
    # the drawing has shapes only; the labels under the bars are HTML, one column per bar, in order
    assert list(root.iter(f"{SVG}text")) == []
    columns = [li.text() for li in parse_html(sim.picture.value).find_all("ul", cls="ow-gate-labels")[0].find_all("li")]
    assert columns == [
        f"{gate_widget.TEXT['bar_injury']} {gate_widget.TEXT['value_of_10'].format(value=8)}",
        f"{gate_widget.TEXT['bar_gate']} {r.gate_word}",
        f"{gate_widget.TEXT['bar_brain']} {gate_widget.TEXT['value_of_10'].format(value=f'{r.level:g}')}",
    ]
    # the bars sit at the centres of the three label columns (1/6, 1/2, 5/6 of the width)
    width = float((root.get("viewBox") or "").split()[2])
    centres = sorted(float(b.get("x", "0")) + float(b.get("width", "0")) / 2
                     for b in root.iter(f"{SVG}rect") if "ow-gate-track" in (b.get("class") or ""))
    gate_posts = [float(b.get("x", "0")) for b in root.iter(f"{SVG}rect") if b.get("class") == "ow-gate-post"]
    gate_centre = (min(gate_posts) + max(gate_posts) + 12) / 2
    assert sorted([*centres, gate_centre]) == pytest.approx([width / 6, width / 2, 5 * width / 6])
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
    figure = parse_html(tl.picture.value).find_all(cls="ow-timeline-figure")
    assert len(figure) == 1 and figure[0].get("role") == "img"
    assert f"week {weeks}" in (figure[0].get("aria-label") or "") and guide.name in (figure[0].get("aria-label") or "")
    caption = figure[0].find_all("p", cls="ow-timeline-caption")
    assert [c.text() for c in caption] == [timeline.TEXT["marker"].format(weeks=weeks, phase=guide.name)]
    root = svg_tree(tl.picture.value)
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
    # each phase name is HTML text in the table, words apart ("The first weeks", never "The firstweeks"),
    # next to a decorative sample of its colour
    rows = parse_html(tl.table.value).find_all("tr")
    names = {r.get("data-phase"): r.find_all("th")[0] for r in rows if r.get("data-phase")}
    for g in load_timeline(catalog).phases:
        assert names[g.id].text() == " ".join(g.name.split())
        swatches = names[g.id].find_all("svg")
        assert len(swatches) == 1 and swatches[0].get("aria-hidden") == "true"
        assert f"ow-timeline-{g.id}" in swatches[0].classes()
    assert f"{h.range_weeks[0]} to {h.range_weeks[1]} weeks" in plain(tl.picture.value)


def test_timeline_picture_has_no_svg_text_but_short_week_numbers(catalog: Catalog) -> None:
    """Issue 14: SVG labels shrink to 5-8 px on a phone and run together. The only SVG text left is the
    week numbers, in an SVG without a viewBox (so at their real size); every phrase is HTML."""
    tl = HealingTimeline(catalog, weeks=8)
    root = svg_tree(tl.picture.value)
    assert root.get("viewBox") is None and root.get("width") == "100%"
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert texts and all(t.isdigit() for t in texts), texts
    assert list(root.iter(f"{SVG}tspan")) == []
    # x positions are per cent of the width, from 0 to 100, so nothing is placed off the picture
    # (the marker's triangle is drawn in a nested SVG placed at the week: its own points are local)
    nested = {id(d) for n in root.iter(f"{SVG}svg") if n is not root for d in n.iter() if d is not n}
    checked = 0
    for el in root.iter():
        if id(el) in nested or el is root:
            continue
        for attr in ("x", "x1", "x2") + (("width",) if el.tag != f"{SVG}svg" else ()):
            value = el.get(attr)
            if value is not None:
                assert value.endswith("%") and 0 <= float(value.rstrip("%")) <= 100, (el.tag, attr, value)
                checked += 1
    assert checked > 10
    positions = [float(t.get("x", "").rstrip("%")) for t in root.iter(f"{SVG}text")]
    assert all(t.get("x", "").endswith("%") for t in root.iter(f"{SVG}text"))
    assert min(positions) == 0 and max(positions) == 100
    anchors = {float(t.get("x", "").rstrip("%")): t.get("text-anchor") for t in root.iter(f"{SVG}text")}
    assert anchors[0] == "start" and anchors[100] == "end"  # the first and last numbers stay inside


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
