"""Pain pathway explorer: a clickable picture of the path a pain message takes.

The picture is plain HTML built here in Python (no SVG text, so no label can overflow a shape
whatever the font): an ordered list of the pathway stages from ``catalog.stages`` in order
(injury site -> nerves -> spinal cord -> brain). Each stage is a real ``<button>`` whose text is the
stage name and whose accessible name is exactly that text (no ``aria-label``; WCAG 2.5.3 "label in
name"), with ``aria-pressed``. Under each stage, the pain modulators that act there
(``Modulator.acts_at``) are an HTML list, each marked as turning pain up, down, or either way. The
arrows between stages are decorative (``aria-hidden``). The list is a flex layout: four columns on
a wide screen, one column (arrows pointing down) on a phone or at high zoom.

A small anywidget (``osteo_lib/views/static/pathway.js``) only draws the markup it is sent and attaches
the handlers: click (and so Enter/Space, which a native button turns into a click) selects a stage;
Left/Right (and Up/Down, Home/End) move between stages. The selection comes back as the synced
trait ``selected``; Python then renders what happens at that stage.

Usage in a notebook::

    from osteo_lib.views.widgets.pathway import PathwayExplorer
    explorer = PathwayExplorer()                   # audience="student" for the clinical text
    explorer.container                             # display it
    explorer.selected = "spinal_cord"              # or click a stage
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import anywidget
import ipywidgets as w
import traitlets

from osteo_lib.content.catalog import Catalog
from osteo_lib.content.model import Method, Modulator, Stage
from osteo_lib.care.treatments import patient_option_filter
from osteo_lib.views.widgets.base import Widget, container, esc, join, resolve_catalog, sources_html, tag

Audience = Literal["patient", "student"]

STATIC = Path(__file__).resolve().parents[1] / "static"

#: Every patient-facing string of this widget (checked for reading level by the test suite).
TEXT: dict[str, str] = {
    "heading": "How pain travels to your brain",
    "intro": (
        "When you get hurt, a pain message travels from the injury to your brain. "
        "Choose a stage in the picture to learn what happens there."
    ),
    "how_to": "Tap or click the name of a stage. What happens there shows below the picture.",
    "picture_label": "The pain pathway, from the injury to the brain",
    "travel": "The pain message travels in this order:",
    "changes_here": "Changes pain here:",
    "none_here": "None listed",
    "legend_label": "What the marks mean",
    "effect_up": "turns pain up",
    "effect_down": "turns pain down",
    "effect_either": "can turn pain up or down",
    "in_words": "The pain pathway in words",
    "in_words_stage": "Stage {order}: {name}.",
    "in_words_mods": "Things that change pain here: {items}.",
    "in_words_none": "Nothing in this workbook changes pain at this stage.",
    "prompt": "No stage is chosen yet. Choose one in the picture to see what happens there.",
    "stage_heading": "Stage {order} of {total}: {name}",
    "what_happens": "What happens here",
    "modulators_here": "What can turn pain up or down here",
    "no_modulators": "Nothing in this workbook turns pain up or down at this stage.",
    "treatments_here": "Treatments that work here",
    "no_treatments": "No treatment in this workbook works mainly at this stage.",
    "sources": "Sources",
    "status": "Showing {name}. The details are below the picture.",
    "status_none": "No stage is chosen.",
}

EFFECT_MARK: dict[str, str] = {"up": "\u25b2", "down": "\u25bc", "either": "\u25b2\u25bc"}

# The arrow between two stages: a shape only (no text, so no font can change it), hidden from
# assistive technology; CSS turns it to point down when the stages stack in one column.
_ARROW = (
    '<svg class="ow-pathway-arrow-shape" viewBox="0 0 40 24" width="40" height="24" focusable="false">'
    '<line x1="2" y1="12" x2="28" y2="12"/><polygon points="38,12 26,3 26,21"/></svg>'
)


def modulators_by_stage(catalog: Catalog) -> dict[str, tuple[Modulator, ...]]:
    """Every stage id mapped to the modulators acting there (data order); stages without any map to ()."""
    return {s.id: catalog.find_modulators(acts_at=s.id) for s in catalog.stages}


def _modulator_item(m: Modulator) -> str:
    """One modulator under its stage: the up/down mark (hidden from screen readers, which hear the
    effect in words instead), the name, and the effect in words for screen readers."""
    return tag("li", join([
        tag("span", EFFECT_MARK[m.effect], cls="ow-pathway-mark", aria_hidden="true"),
        " ", esc(m.name), " ",
        tag("span", f"({TEXT['effect_' + m.effect]})", cls="ow-visually-hidden"),
    ]), raw=True, cls=f"ow-pathway-mod ow-pathway-{m.effect}", data_modulator=m.id)


def pathway_html(catalog: Catalog, selected: str = "") -> str:
    """The pathway picture as HTML: an ordered list with one real button per stage (its text is the
    stage name, which is also its accessible name), the modulators under each stage as a list,
    decorative arrows between stages and a legend of the marks."""
    stages = catalog.stages
    mods = modulators_by_stage(catalog)
    items: list[str] = []
    for i, s in enumerate(stages):
        pressed = s.id == selected
        classes = "ow-pathway-stage" + (" ow-pathway-stage--selected" if pressed else "")
        # A native <button>: Enter and Space work without script, and its name is its text.
        button = tag("button", s.name, cls=classes, type="button", data_stage=s.id,
                     aria_pressed="true" if pressed else "false")
        arrow = (tag("span", _ARROW, raw=True, cls="ow-pathway-arrow", aria_hidden="true")
                 if i < len(stages) - 1 else "")
        if mods[s.id]:
            mod_list = tag("ul", join(_modulator_item(m) for m in mods[s.id]), raw=True, cls="ow-pathway-mods",
                           data_mods=s.id)
        else:
            mod_list = tag("ul", tag("li", TEXT["none_here"], cls="ow-pathway-mod ow-pathway-none"), raw=True,
                           cls="ow-pathway-mods", data_mods=s.id)
        items.append(tag("li", join([
            button, arrow, tag("p", TEXT["changes_here"], cls="ow-pathway-mod-title"), mod_list,
        ]), raw=True, cls="ow-pathway-step", data_step=s.id))

    present = {m.effect for ms in mods.values() for m in ms}
    legend = [
        tag("li", join([
            tag("span", EFFECT_MARK[eff], cls="ow-pathway-mark", aria_hidden="true"), " ",
            esc(TEXT[f"effect_{eff}"]),
        ]), raw=True, cls=f"ow-pathway-legend-item ow-pathway-{eff}", data_effect=eff)
        for eff in ("up", "down", "either") if eff in present
    ]
    return join([
        tag("p", TEXT["travel"], cls="ow-pathway-travel"),
        tag("ol", join(items), raw=True, cls="ow-pathway-stages", aria_label=TEXT["picture_label"]),
        tag("ul", join(legend), raw=True, cls="ow-pathway-legend", aria_label=TEXT["legend_label"]) if legend else "",
    ])


def pathway_in_words(catalog: Catalog) -> str:
    """The text alternative: an ordered list of the stages with the modulators acting at each."""
    mods = modulators_by_stage(catalog)
    items = []
    for s in catalog.stages:
        text = TEXT["in_words_stage"].format(order=s.order, name=s.name)
        if mods[s.id]:
            named = "; ".join(f"{m.name} ({TEXT['effect_' + m.effect]})" for m in mods[s.id])
            text += " " + TEXT["in_words_mods"].format(items=named)
        else:
            text += " " + TEXT["in_words_none"]
        items.append(tag("li", text, data_stage=s.id))
    return tag("h3", TEXT["in_words"]) + tag("ol", join(items), raw=True, cls="ow-pathway-words")


def stage_details(catalog: Catalog, stage: Stage, audience: Audience) -> tuple[str, tuple[Modulator, ...], tuple[Method, ...]]:
    """HTML for one stage plus the modulators and methods it shows."""
    mods = catalog.find_modulators(acts_at=stage.id)
    student = audience == "student"
    # Patients are never offered the options kept for students only (patient_option: false).
    methods = catalog.find_methods(stage=stage.id, patient_option=patient_option_filter(audience))
    body = [
        tag("h3", TEXT["stage_heading"].format(order=stage.order, total=len(catalog.stages), name=stage.name)),
        tag("h4", TEXT["what_happens"]),
        tag("p", stage.student_text if student else stage.patient_text),
        tag("h4", TEXT["modulators_here"]),
    ]
    if mods:
        body.append(tag("ul", join(
            tag("li", tag("strong", m.name) + " " + tag("span", f"({TEXT['effect_' + m.effect]})",
                                                          cls=f"ow-pathway-effect ow-pathway-{m.effect}")
                + ": " + esc(m.student_text if student else m.patient_text), raw=True, data_modulator=m.id)
            for m in mods
        ), raw=True, cls="ow-pathway-mod-list"))
    else:
        body.append(tag("p", TEXT["no_modulators"], cls="ow-note"))
    body.append(tag("h4", TEXT["treatments_here"]))
    if methods:
        body.append(tag("ul", join(
            tag("li", tag("strong", m.name) + " " + esc(f"({m.category_label})"), raw=True, data_method=m.id)
            for m in methods
        ), raw=True, cls="ow-pathway-method-list"))
    else:
        body.append(tag("p", TEXT["no_treatments"], cls="ow-note"))
    ref_ids = [*stage.references, *(r for m in mods for r in m.references)]
    body += [tag("h4", TEXT["sources"]), sources_html(catalog, ref_ids, audience)]
    return join(body), mods, methods


class PathwayDiagram(anywidget.AnyWidget):  # type: ignore[misc]
    """The clickable picture. Python sends ``markup`` (the HTML of :func:`pathway_html`), ``stages`` and
    ``status``; the front end sends back ``selected`` (a stage id, or "" for none)."""

    _esm = STATIC / "pathway.js"
    selected = traitlets.Unicode("").tag(sync=True)
    stages = traitlets.List(traitlets.Dict()).tag(sync=True)
    markup = traitlets.Unicode("").tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)

    @traitlets.validate("selected")
    def _valid_stage(self, proposal: dict[str, Any]) -> str:
        value = proposal["value"]
        known = [s["id"] for s in self.stages]
        if value != "" and value not in known:
            raise traitlets.TraitError(
                f"{value!r} is not a stage of the pain pathway; choose one of: {', '.join(known)} "
                "(or '' for none). The selection was not changed."
            )
        return str(value)


class PathwayExplorer(Widget):
    """Explore the pain pathway: pick a stage to see what happens there, what turns pain up or down
    there, and which treatments act there.

    State: ``selected`` (stage id or ""), ``shown_modulators`` and ``shown_methods`` (ids shown for the
    selected stage), ``diagram`` (the anywidget), ``details`` and ``text_alternative`` (HTML widgets).

    Example::

        explorer = PathwayExplorer(audience="patient")
        explorer.selected = "brain"
        explorer.shown_methods   # ids of treatments acting at the brain
    """

    def __init__(self, catalog: Catalog | None = None, *, audience: Audience = "patient", selected: str = "") -> None:
        if audience not in ("patient", "student"):
            raise ValueError(f"audience must be 'patient' or 'student'; got {audience!r}")
        self.catalog = resolve_catalog(catalog)
        self.audience: Audience = audience
        self.shown_modulators: tuple[str, ...] = ()
        self.shown_methods: tuple[str, ...] = ()
        self.diagram = PathwayDiagram(stages=[{"id": s.id, "name": s.name} for s in self.catalog.stages])
        self.diagram.add_class("ow-pathway-diagram")
        self.text_alternative = w.HTML(pathway_in_words(self.catalog))
        self.text_alternative.add_class("ow-pathway-alt")
        self.details = w.HTML()
        self.details.add_class("ow-pathway-details")
        header = w.HTML(tag("h2", TEXT["heading"]) + tag("p", TEXT["intro"]) + tag("p", TEXT["how_to"], cls="ow-note"))
        self.container = container(header, self.diagram, self.text_alternative, self.details, cls="ow-pathway")
        self.diagram.selected = selected  # validated; raises TraitError for an unknown stage
        self.diagram.observe(self._on_selected, names="selected")
        self._render()

    @property
    def selected(self) -> str:
        """The selected stage id ("" when none). Setting an unknown id raises ``TraitError``."""
        return str(self.diagram.selected)

    @selected.setter
    def selected(self, stage_id: str) -> None:
        self.diagram.selected = stage_id

    def _on_selected(self, change: dict[str, Any]) -> None:
        self._render()

    def _render(self) -> None:
        """The single update path: selected stage -> picture, status and details."""
        sel = self.selected
        with self.diagram.hold_sync(), self.details.hold_sync():
            self.diagram.markup = pathway_html(self.catalog, sel)
            if not sel:
                self.shown_modulators, self.shown_methods = (), ()
                self.details.value = tag("p", TEXT["prompt"], cls="ow-pathway-prompt")
                self.diagram.status = TEXT["status_none"]
                return
            stage = self.catalog.stage(sel)
            html, mods, methods = stage_details(self.catalog, stage, self.audience)
            self.shown_modulators = tuple(m.id for m in mods)
            self.shown_methods = tuple(m.id for m in methods)
            self.details.value = html
            self.diagram.status = TEXT["status"].format(name=stage.name)
