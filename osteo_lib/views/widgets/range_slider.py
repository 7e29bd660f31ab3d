"""A slider a screen reader can name: a native ``<input type="range">`` with its visible label.

ipywidgets' ``IntSlider`` draws its thumb as a ``<div role="slider">`` with no accessible name (axe:
"ARIA input fields must have an accessible name", serious), and JupyterLab takes its arrow keys to move
between cells. :class:`RangeSlider` is a small anywidget (``osteo_lib/views/static/range_slider.js``) whose
markup comes from ``templates/scale/range.html.j2``: a ``<label for>`` names the input, the browser gives
it the slider role, value and keys, and ``data-lm-suppress-shortcuts`` keeps JupyterLab's notebook
shortcuts out of it. The value reaches Python when the thumb is let go.

Example::

    from osteo_lib.views.widgets.range_slider import RangeSlider
    s = RangeSlider(label="How strong the injury signal is", min=0, max=10, value=6)
    s.value = 8        # as a person would move the thumb to 8

State for tests: ``value`` (a whole number from ``min`` to ``max``; anything else is a TraitError naming
the slider and the problem) and ``markup`` (the label and input's HTML).
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import anywidget
import traitlets as t

from osteo_lib.views.templates import render

__all__ = ["RangeSlider"]

STATIC = Path(__file__).resolve().parents[1] / "static"
_ids = itertools.count(1)


class RangeSlider(anywidget.AnyWidget):
    """A labelled whole-number slider; ``value`` is the number chosen."""

    _esm = STATIC / "range_slider.js"
    value = t.Int(0).tag(sync=True)
    markup = t.Unicode("").tag(sync=True)
    #: The visible label, which is also the input's accessible name.
    label = t.Unicode("")
    min = t.Int(0)
    max = t.Int(10)
    step = t.Int(1)

    def __init__(self, **kwargs: Any) -> None:
        self._ready = False  # traitlets sets the keyword arguments in any order: check the value once all are set
        super().__init__(**kwargs)
        self._uid = f"ow-range-{next(_ids)}"
        self._ready = True
        if not self.min <= self.value <= self.max:
            raise t.TraitError(self._range_problem(self.value))
        self.add_class("ow-range-widget")
        self._draw()

    def _range_problem(self, value: object) -> str:
        return f"{self.label or 'RangeSlider'}: {value!r} is outside {self.min} to {self.max}; choose a whole number"

    @t.validate("value")
    def _valid_value(self, proposal: dict[str, Any]) -> int:
        value = proposal["value"]
        if isinstance(value, bool) or not isinstance(value, int):
            raise t.TraitError(self._range_problem(value))
        if getattr(self, "_ready", False) and not self.min <= value <= self.max:
            raise t.TraitError(self._range_problem(value))
        return value

    @t.observe("value", "label", "min", "max", "step")
    def _redraw(self, _change: object = None) -> None:
        if getattr(self, "_ready", False):
            self._draw()

    def _draw(self) -> None:
        self.markup = str(
            render(
                "scale/range.html.j2",
                uid=self._uid,
                label=self.label,
                min=self.min,
                max=self.max,
                step=self.step,
                value=self.value,
            )
        )
