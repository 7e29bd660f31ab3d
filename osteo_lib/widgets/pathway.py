"""Pain pathway explorer: a clickable picture of the path a pain message takes.

The picture (SVG built here in Python) shows the pathway stages from ``catalog.stages`` in order
(injury site -> nerves -> spinal cord -> brain) and, under each stage, the pain modulators that act
there (``Modulator.acts_at``), each marked as turning pain up, down, or either way. Each stage is a
focusable button (``role="button"``, ``tabindex="0"``, ``aria-pressed``). A small anywidget
(``osteo_lib/static/pathway.js``) only draws the SVG it is sent and attaches the handlers: click,
Enter/Space to select, Left/Right (and Up/Down, Home/End) to move between stages. The selection comes
back as the synced trait ``selected``; Python then renders what happens at that stage.

Usage in a notebook::

    from osteo_lib.widgets.pathway import PathwayExplorer
    explorer = PathwayExplorer()                   # audience="student" for the clinical text
    explorer.container                             # display it
    explorer.selected = "spinal_cord"              # or click a stage
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any, Literal

import anywidget
import ipywidgets as w
import traitlets

from osteo_lib.catalog import Catalog
from osteo_lib.model import Method, Modulator, Stage
from osteo_lib.widgets._base import container, esc, join, resolve_catalog, sources_html, tag

Audience = Literal["patient", "student"]

STATIC = Path(__file__).resolve().parent.parent / "static"

#: Every patient-facing string of this widget (checked for reading level by the test suite).
TEXT: dict[str, str] = {
    "heading": "How pain travels to your brain",
    "intro": (
        "When you get hurt, a pain message travels from the injury to your brain. "
        "Choose a stage in the picture to learn what happens there."
    ),
    "how_to": "Click a stage, or press Tab to reach it and then Enter. The arrow keys move between stages.",
    "picture_label": "Picture of the pain pathway, from the injury to the brain",
    "travel": "The pain message travels this way",
    "stage_label": "{name}: select to learn more",
    "changes_here": "Changes pain here:",
    "none_here": "None listed",
    "legend_up": "\u25b2 turns pain up",
    "legend_down": "\u25bc turns pain down",
    "legend_either": "\u25b2\u25bc can turn pain up or down",
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

# Picture geometry (SVG user units; the picture scales to the width of the page).
_COL_W = 250
_BOX_Y = 60
_BOX_H = 130
_LINE_H = 24
_WRAP_NAME = 19
_WRAP_MOD = 20


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False) or [text]


def _text_lines(lines: list[str], x: float, y: float, *, cls: str, anchor: str = "middle") -> str:
    # A space at the end of each line but the last keeps the words apart in the text content, so a
    # stage's visible text matches its accessible name (axe: label-content-name-mismatch).
    last = len(lines) - 1
    spans = join(
        tag("tspan", line if i == last else line + " ", x=f"{x:g}", dy="0" if i == 0 else f"{_LINE_H}")
        for i, line in enumerate(lines)
    )
    return tag("text", spans, raw=True, cls=cls, x=f"{x:g}", y=f"{y:g}", text_anchor=anchor)


def _arrow(x1: float, x2: float, y: float, *, hidden: bool = False) -> str:
    """A horizontal arrow (line plus triangle head; no ids, so several pictures can share a page)."""
    head = f"{x2:g},{y:g} {x2 - 12:g},{y - 8:g} {x2 - 12:g},{y + 8:g}"
    extra = {"aria_hidden": "true"} if hidden else {}
    return tag("g", tag("line", x1=f"{x1:g}", y1=f"{y:g}", x2=f"{x2 - 10:g}", y2=f"{y:g}")
               + tag("polygon", points=head), raw=True, cls="ow-pathway-arrow", **extra)


def modulators_by_stage(catalog: Catalog) -> dict[str, tuple[Modulator, ...]]:
    """Every stage id mapped to the modulators acting there (data order); stages without any map to ()."""
    return {s.id: catalog.find_modulators(acts_at=s.id) for s in catalog.stages}


def pathway_svg(catalog: Catalog, selected: str = "") -> str:
    """The pathway picture as SVG markup: one focusable button per stage, modulators under each."""
    stages = catalog.stages
    mods = modulators_by_stage(catalog)
    width = _COL_W * len(stages)
    mod_rows = {s.id: sum(len(_wrap(m.name, _WRAP_MOD)) for m in mods[s.id]) or 1 for s in stages}
    mods_top = _BOX_Y + _BOX_H + 50
    legend_y = mods_top + 40 + max(mod_rows.values()) * _LINE_H + 20
    height = legend_y + 30

    parts: list[str] = []
    # Direction of travel (decorative: the text alternative says the same).
    parts.append(tag("g", join([
        _text_lines([TEXT["travel"]], width / 2, 24, cls="ow-pathway-travel"),
        _arrow(20, width - 20, 38),
    ]), raw=True, aria_hidden="true"))

    for i, s in enumerate(stages):
        x0 = i * _COL_W + 12
        cx = i * _COL_W + _COL_W / 2
        name_lines = _wrap(s.name, _WRAP_NAME)
        first_y = _BOX_Y + _BOX_H / 2 - (len(name_lines) - 1) * _LINE_H / 2 + 7
        pressed = s.id == selected
        classes = "ow-pathway-stage" + (" ow-pathway-stage--selected" if pressed else "")
        parts.append(tag("g", join([
            tag("rect", cls="ow-pathway-box", x=f"{x0}", y=f"{_BOX_Y}", width=f"{_COL_W - 24}",
                height=f"{_BOX_H}", rx="14"),
            _text_lines(name_lines, cx, first_y, cls="ow-pathway-name"),
        ]), raw=True, cls=classes, role="button", tabindex="0", data_stage=s.id,
            aria_label=TEXT["stage_label"].format(name=s.name), aria_pressed="true" if pressed else "false"))
        if i < len(stages) - 1:
            parts.append(_arrow(x0 + _COL_W - 24, x0 + _COL_W - 2, _BOX_Y + _BOX_H / 2, hidden=True))
        # Modulators acting at this stage (decorative copy of the text alternative).
        rows = [_text_lines([TEXT["changes_here"]], x0 + 4, mods_top, cls="ow-pathway-mod-title", anchor="start")]
        y = mods_top + 34
        if not mods[s.id]:
            rows.append(_text_lines([TEXT["none_here"]], x0 + 4, y, cls="ow-pathway-mod ow-pathway-none",
                                    anchor="start"))
        for m in mods[s.id]:
            lines = _wrap(f"{EFFECT_MARK[m.effect]} {m.name}", _WRAP_MOD)
            rows.append(_text_lines(lines, x0 + 4, y, cls=f"ow-pathway-mod ow-pathway-{m.effect}", anchor="start"))
            y += _LINE_H * len(lines)
        parts.append(tag("g", join(rows), raw=True, aria_hidden="true", data_mods=s.id))

    present = {m.effect for ms in mods.values() for m in ms}
    legend = [(TEXT[f"legend_{eff}"], eff) for eff in ("up", "down", "either") if eff in present]
    parts.append(tag("g", join(
        _text_lines([label], 20 + k * width / 3, legend_y, cls=f"ow-pathway-legend ow-pathway-{eff}", anchor="start")
        for k, (label, eff) in enumerate(legend)
    ), raw=True, aria_hidden="true"))

    return tag("svg", join(parts), raw=True, cls="ow-pathway-svg", xmlns="http://www.w3.org/2000/svg",
               viewBox=f"0 0 {width} {height}", role="group", aria_label=TEXT["picture_label"])


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
    methods = catalog.find_methods(stage=stage.id)
    student = audience == "student"
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
    """The clickable picture. Python sends ``svg`` (markup), ``stages`` and ``status``; the front end
    sends back ``selected`` (a stage id, or "" for none)."""

    _esm = STATIC / "pathway.js"
    selected = traitlets.Unicode("").tag(sync=True)
    stages = traitlets.List(traitlets.Dict()).tag(sync=True)
    svg = traitlets.Unicode("").tag(sync=True)
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


class PathwayExplorer:
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
            self.diagram.svg = pathway_svg(self.catalog, sel)
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
