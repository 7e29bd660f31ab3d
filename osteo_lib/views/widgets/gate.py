"""Pain signal ("gate") simulator: three sliders, a picture of the pain gate and a sentence.

The numbers come from the teaching model in :mod:`osteo_lib.care.gate` (gate control theory, Melzack and
Wall 1965). The widget says clearly that it is a teaching model, not a measurement.

Usage in a notebook::

    from osteo_lib.views.widgets.gate import GateSimulator
    sim = GateSimulator()
    sim.container                       # display it
    sim.injury.value = 8                # or move the sliders
    sim.result.level, sim.result.sentence
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from osteo_lib.content.catalog import Catalog
from osteo_lib.care.gate import COMPETING_RANGE, INJURY_RANGE, MOOD_RANGE, REFERENCE_IDS, GateResult, pain_message
from osteo_lib.views.widgets.base import Widget, container, join, resolve_catalog, sources_html, tag

#: Every patient-facing string of this widget (checked for reading level by the test suite).
TEXT: dict[str, str] = {
    "heading": "The pain gate",
    "intro": (
        "Pain messages pass a kind of gate in your spinal cord on their way to the brain. "
        "Some things open the gate and some close it. Move the sliders to see how."
    ),
    "model_label": "A teaching model, not a measurement",
    "model_note": (
        "The numbers only show which way each thing pushes pain. They do not measure your pain. "
        "The idea comes from the gate control theory of pain."
    ),
    "injury_label": "Signal from the injury (0 to 10)",
    "competing_label": "Rubbing, TENS, heat or cold (0 to 10)",
    "mood_label": "Mood: calm (-5) to stressed or low (5)",
    "controls_help": (
        "Tip: click a slider and use the arrow keys, or type a number in the box next to it."
    ),
    "picture_label": (
        "Gate picture. Signal from the injury: {injury} out of 10. The gate is {gate}. "
        "Message reaching the brain: {level} out of 10."
    ),
    "bar_injury": "Signal from the injury",
    "bar_gate": "Gate",
    "bar_brain": "Message to brain",
    "value_of_10": "{value} of 10",
    "table_caption": "The picture in words",
    "row_injury": "Signal from the injury",
    "row_gate": "The gate",
    "row_brain": "Pain message reaching the brain",
    "value_out_of_10": "{value} out of 10",
    "sources": "Source",
}

# Picture geometry (SVG user units). The SVG draws shapes only; the three labels under it are HTML
# (a three-column grid, so they wrap instead of overflowing and keep their real size on a phone). The
# bars sit at the centres of those columns: 1/6, 1/2 and 5/6 of the width.
_W, _H = 780, 220
_BASE_Y = 210
_BAR_MAX = 150
_BAR_W = 100
_INJ_X, _GATE_X, _BRAIN_X = _W // 6 - _BAR_W // 2, _W // 2 - _BAR_W // 2, 5 * _W // 6 - _BAR_W // 2


def _num(x: float) -> str:
    return f"{x:g}"


def _arrow(x1: float, x2: float, y: float, cls: str) -> str:
    """A horizontal arrow from x1 to x2 (line plus a triangle head; no ids, so pictures can repeat)."""
    head = f"{x2:g},{y:g} {x2 - 12:g},{y - 8:g} {x2 - 12:g},{y + 8:g}"
    return tag("g", tag("line", x1=f"{x1:g}", y1=f"{y:g}", x2=f"{x2 - 10:g}", y2=f"{y:g}")
               + tag("polygon", points=head), raw=True, cls=cls)


def gate_svg(result: GateResult) -> str:
    """The picture: injury bar -> gate (gap sized by openness) -> bar of the message reaching the brain,
    with HTML labels under the bars; the whole is one ``role="img"`` with an ``aria-label``."""
    inj_h = _BAR_MAX * result.injury / INJURY_RANGE[1]
    lvl_h = _BAR_MAX * result.level / 10
    chan_top, chan_bot = _BASE_Y - _BAR_MAX, _BASE_Y
    gap = (chan_bot - chan_top) * result.gate_openness
    door = (chan_bot - chan_top - gap) / 2
    parts = [
        # bars, with a full-height outline so an empty bar is still visible
        tag("rect", cls="ow-gate-track", x=f"{_INJ_X}", y=f"{chan_top}", width=f"{_BAR_W}", height=f"{_BAR_MAX}"),
        tag("rect", cls="ow-gate-bar ow-gate-bar--injury", x=f"{_INJ_X}", y=f"{_BASE_Y - inj_h:g}",
            width=f"{_BAR_W}", height=f"{inj_h:g}", data_value=f"{result.injury}"),
        tag("rect", cls="ow-gate-track", x=f"{_BRAIN_X}", y=f"{chan_top}", width=f"{_BAR_W}", height=f"{_BAR_MAX}"),
        tag("rect", cls="ow-gate-bar ow-gate-bar--brain", x=f"{_BRAIN_X}", y=f"{_BASE_Y - lvl_h:g}",
            width=f"{_BAR_W}", height=f"{lvl_h:g}", data_value=_num(result.level)),
        # the gate: two posts and two doors; the gap between the doors shows how open it is
        tag("rect", cls="ow-gate-post", x=f"{_GATE_X}", y=f"{chan_top - 10}", width="12", height=f"{_BAR_MAX + 20}"),
        tag("rect", cls="ow-gate-post", x=f"{_GATE_X + _BAR_W - 12}", y=f"{chan_top - 10}", width="12",
            height=f"{_BAR_MAX + 20}"),
        tag("rect", cls="ow-gate-door", x=f"{_GATE_X + 12}", y=f"{chan_top}", width=f"{_BAR_W - 24}",
            height=f"{door:g}"),
        tag("rect", cls="ow-gate-door", x=f"{_GATE_X + 12}", y=f"{chan_bot - door:g}", width=f"{_BAR_W - 24}",
            height=f"{door:g}"),
        tag("rect", cls="ow-gate-gap", x=f"{_GATE_X + 12}", y=f"{chan_top + door:g}", width=f"{_BAR_W - 24}",
            height=f"{gap:g}", data_openness=f"{result.gate_openness:g}"),
        # arrows showing the direction of travel
        _arrow(_INJ_X + _BAR_W + 10, _GATE_X - 10, (chan_top + chan_bot) / 2, "ow-gate-arrow"),
        _arrow(_GATE_X + _BAR_W + 10, _BRAIN_X - 10, (chan_top + chan_bot) / 2, "ow-gate-arrow"),
    ]
    labels = [
        (TEXT["bar_injury"], TEXT["value_of_10"].format(value=result.injury)),
        (TEXT["bar_gate"], result.gate_word),
        (TEXT["bar_brain"], TEXT["value_of_10"].format(value=_num(result.level))),
    ]
    names = tag("ul", join(
        tag("li", tag("span", name, cls="ow-gate-label") + tag("span", value, cls="ow-gate-value"), raw=True)
        for name, value in labels
    ), raw=True, cls="ow-gate-labels")
    svg = tag("svg", join(parts), raw=True, cls="ow-gate-svg", xmlns="http://www.w3.org/2000/svg",
              viewBox=f"0 0 {_W} {_H}", focusable="false")
    # One image for assistive technology (its name states the three values); the HTML labels inside it
    # are what a sighted reader sees under the bars.
    label = TEXT["picture_label"].format(injury=result.injury, gate=result.gate_word, level=_num(result.level))
    return tag("div", svg + names, raw=True, cls="ow-gate-figure", role="img", aria_label=label)


def gate_table(result: GateResult) -> str:
    """Text alternative of the picture: the same three facts in a table."""
    rows = [
        (TEXT["row_injury"], TEXT["value_out_of_10"].format(value=result.injury)),
        (TEXT["row_gate"], result.gate_word),
        (TEXT["row_brain"], TEXT["value_out_of_10"].format(value=_num(result.level))),
    ]
    body = join(tag("tr", tag("th", k, scope="row") + tag("td", v), raw=True) for k, v in rows)
    return tag("table", tag("caption", TEXT["table_caption"]) + tag("tbody", body, raw=True), raw=True,
               cls="ow-gate-table")


def _slider(label: str, bounds: tuple[int, int], value: int) -> w.IntSlider:
    slider = w.IntSlider(value=value, min=bounds[0], max=bounds[1], step=1, description=label,
                         continuous_update=False, style={"description_width": "initial"},
                         layout=w.Layout(width="100%", max_width="40rem"))
    slider.add_class("ow-gate-slider")
    return slider


class GateSimulator(Widget):
    """Move three sliders and watch the pain gate open or close.

    Controls: ``injury``, ``competing``, ``mood`` (IntSliders). State: ``result`` (a
    :class:`~osteo_lib.care.gate.GateResult`), ``picture`` (HTML with the SVG), ``sentence`` (HTML),
    ``table`` (HTML text alternative).

    Example::

        sim = GateSimulator()
        sim.competing.value = 10
        sim.result.gate_word     # 'partly open'
    """

    def __init__(self, catalog: Catalog | None = None, *, injury: int = 6, competing_input: int = 0,
                 mood_stress: int = 0) -> None:
        self.catalog = resolve_catalog(catalog)
        self.result: GateResult = pain_message(injury, competing_input, mood_stress)  # validates the start values
        self.injury = _slider(TEXT["injury_label"], INJURY_RANGE, injury)
        self.competing = _slider(TEXT["competing_label"], COMPETING_RANGE, competing_input)
        self.mood = _slider(TEXT["mood_label"], MOOD_RANGE, mood_stress)
        self.picture = w.HTML()
        self.picture.add_class("ow-gate-picture")
        self.sentence = w.HTML()
        self.sentence.add_class("ow-gate-sentence")
        self.table = w.HTML()
        header = w.HTML(
            tag("h2", TEXT["heading"]) + tag("p", TEXT["intro"])
            + tag("p", tag("strong", TEXT["model_label"]) + " " + tag("span", TEXT["model_note"]), raw=True,
                  cls="ow-warning ow-gate-model")
        )
        help_text = w.HTML(tag("p", TEXT["controls_help"], cls="ow-note"))
        controls = w.VBox([self.injury, self.competing, self.mood, help_text])
        controls.add_class("ow-gate-controls")
        sources = w.HTML(tag("h3", TEXT["sources"]) + sources_html(self.catalog, REFERENCE_IDS))
        self.container = container(header, controls, self.picture, self.sentence, self.table, sources,
                                   cls="ow-gate")
        for control in (self.injury, self.competing, self.mood):
            control.observe(self._on_change, names="value")
        self._render()

    def _on_change(self, change: dict[str, Any]) -> None:
        self._render()

    def _render(self) -> None:
        """The single update path: slider values -> result -> picture, sentence and table."""
        self.result = pain_message(self.injury.value, self.competing.value, self.mood.value)
        with self.picture.hold_sync(), self.sentence.hold_sync(), self.table.hold_sync():
            self.picture.value = gate_svg(self.result)
            self.sentence.value = tag("p", self.result.sentence)
            self.table.value = gate_table(self.result)
