"""Pain signal ("gate") simulator: three sliders, a picture of the pain gate and a sentence.

The numbers come from the teaching model in :mod:`osteo_lib.care.gate` (gate control theory, Melzack and
Wall 1965). The widget says clearly that it is a teaching model, not a measurement. Its words are in
``data/ui/gate.yaml``; its markup in ``views/templates/gate/``.

Usage in a notebook::

    from osteo_lib.views.widgets.gate import GateSimulator
    sim = GateSimulator()
    sim                                 # display it
    sim.injury.value = 8                # or move the sliders
    sim.result.level, sim.result.sentence
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from osteo_lib.care.gate import (
    COMPETING_RANGE,
    INJURY_RANGE,
    MOOD_RANGE,
    REFERENCE_IDS,
    GateResult,
    pain_message,
    texts,
)
from osteo_lib.content.catalog import Catalog
from osteo_lib.views.templates import Markup, render
from osteo_lib.views.widgets.base import Widget, container, resolve_catalog
from osteo_lib.views.widgets.range_slider import RangeSlider

__all__ = ["GateSimulator", "gate_svg", "gate_table"]

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


def _geometry(result: GateResult) -> dict[str, Any]:
    """Where each shape of the picture goes for ``result`` (SVG user units)."""
    top, base = _BASE_Y - _BAR_MAX, _BASE_Y
    gap = (base - top) * result.gate_openness
    middle = (top + base) / 2
    return {
        "width": _W,
        "height": _H,
        "top": top,
        "base": base,
        "bar_max": _BAR_MAX,
        "bar_width": _BAR_W,
        "injury_x": _INJ_X,
        "gate_x": _GATE_X,
        "brain_x": _BRAIN_X,
        "injury_height": _BAR_MAX * result.injury / INJURY_RANGE[1],
        "level_height": _BAR_MAX * result.level / 10,
        "gap": gap,
        "door": (base - top - gap) / 2,
        # arrows showing the direction of travel (line plus a triangle head; no ids, so pictures can repeat)
        "arrows": [
            {"x1": _INJ_X + _BAR_W + 10, "x2": _GATE_X - 10, "y": middle},
            {"x1": _GATE_X + _BAR_W + 10, "x2": _BRAIN_X - 10, "y": middle},
        ],
    }


def gate_svg(result: GateResult) -> Markup:
    """The picture: injury bar -> gate (gap sized by openness) -> bar of the message reaching the brain,
    with HTML labels under the bars; the whole is one ``role="img"`` with an ``aria-label``."""
    text = texts()
    level = _num(result.level)
    labels = [
        (text["bar_injury"], text.format("value_of_10", value=result.injury)),
        (text["bar_gate"], result.gate_word),
        (text["bar_brain"], text.format("value_of_10", value=level)),
    ]
    # One image for assistive technology (its name states the three values); the HTML labels inside it
    # are what a sighted reader sees under the bars.
    label = text.format("picture_label", injury=result.injury, gate=result.gate_word, level=level)
    return render(
        "gate/picture.html.j2",
        geometry=_geometry(result),
        injury=result.injury,
        level=result.level,
        openness=result.gate_openness,
        labels=labels,
        label=label,
    )


def gate_table(result: GateResult) -> Markup:
    """Text alternative of the picture: the same three facts in a table."""
    text = texts()
    rows = [
        (text["row_injury"], text.format("value_out_of_10", value=result.injury)),
        (text["row_gate"], result.gate_word),
        (text["row_brain"], text.format("value_out_of_10", value=_num(result.level))),
    ]
    return render("gate/table.html.j2", caption=text["table_caption"], rows=rows)


def _slider(label: str, bounds: tuple[int, int], value: int) -> RangeSlider:
    slider = RangeSlider(label=label, min=bounds[0], max=bounds[1], value=value)
    slider.add_class("ow-gate-slider")
    return slider


class GateSimulator(Widget):
    """Move three sliders and watch the pain gate open or close.

    Controls: ``injury``, ``competing``, ``mood`` (labelled :class:`RangeSlider` widgets). State: ``result`` (a
    :class:`~osteo_lib.care.gate.GateResult`), ``picture`` (HTML with the SVG), ``sentence`` (HTML),
    ``table`` (HTML text alternative); ``header``, ``controls_help`` and ``sources`` (static HTML).

    Example::

        sim = GateSimulator()
        sim.competing.value = 10
        sim.result.gate_word     # 'partly open'
    """

    def __init__(
        self,
        catalog: Catalog | None = None,
        *,
        injury: int = 6,
        competing_input: int = 0,
        mood_stress: int = 0,
    ) -> None:
        text = texts()
        self.catalog = resolve_catalog(catalog)
        self.result: GateResult = pain_message(injury, competing_input, mood_stress)  # validates the start values
        self.injury = _slider(text["injury_label"], INJURY_RANGE, injury)
        self.competing = _slider(text["competing_label"], COMPETING_RANGE, competing_input)
        self.mood = _slider(text["mood_label"], MOOD_RANGE, mood_stress)
        self.picture = w.HTML()
        self.picture.add_class("ow-gate-picture")
        self.sentence = w.HTML()
        self.sentence.add_class("ow-gate-sentence")
        self.table = w.HTML()
        self.header = w.HTML(str(render("gate/header.html.j2", text=text)))
        self.controls_help = w.HTML(str(render("gate/paragraph.html.j2", text=text["controls_help"], cls="ow-note")))
        controls = w.VBox([self.injury, self.competing, self.mood, self.controls_help])
        controls.add_class("ow-gate-controls")
        refs = self.catalog.references_for(REFERENCE_IDS)
        self.sources = w.HTML(str(render("gate/sources.html.j2", heading=text["sources"], refs=refs)))
        self.container = container(
            self.header, controls, self.picture, self.sentence, self.table, self.sources, cls="ow-gate"
        )
        for control in (self.injury, self.competing, self.mood):
            control.observe(self.update, names="value")
        self.update()

    def update(self, change: object = None) -> None:
        """The single update path: slider values -> result -> picture, sentence and table."""
        self.result = pain_message(self.injury.value, self.competing.value, self.mood.value)
        with self.picture.hold_sync(), self.sentence.hold_sync(), self.table.hold_sync():
            self.picture.value = str(gate_svg(self.result))
            self.sentence.value = str(render("gate/paragraph.html.j2", text=self.result.sentence, cls=None))
            self.table.value = str(gate_table(self.result))
