"""A 0-10 scale as eleven large buttons instead of a list or a slider: easy to hit on a phone with stiff
fingers, and easy to hear with a screen reader.

:class:`ScaleButtons` is a small anywidget (``osteo_lib/views/static/scale_buttons.js``). Python builds
the buttons from ``templates/scale/buttons.html.j2``: a group named by ``label`` holding native
``<button type="button" aria-pressed="...">`` elements (Tab reaches each one, Enter and Space press it,
the arrow keys, Home and End move along the scale and choose). The words of the two ends (for example
"no pain" and "pain as bad as you can imagine") are written inside the 0 and 10 buttons. The targets are
at least 44 by 44 CSS pixels (``static/workbook.css``, ``.ow-scale__button``).

Example::

    from osteo_lib.views.widgets.scale_buttons import ScaleButtons
    pain = ScaleButtons(label="Pain today", low_words="no pain", high_words="pain as bad as you can imagine")
    pain.value          # None until a number is chosen, then 0..10
    pain.value = 4      # as a person would press "4"

State for tests: ``value`` (``None`` or a whole number 0-10; anything else is a TraitError naming the
problem) and ``markup`` (the buttons' HTML, with ``aria-pressed="true"`` on the chosen one).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import anywidget
import traitlets as t

from osteo_lib.views.templates import render

__all__ = ["SCALE", "ScaleButtons"]

STATIC = Path(__file__).resolve().parents[1] / "static"
#: The numbers of the scale, low to high.
SCALE: Final = tuple(range(11))


class ScaleButtons(anywidget.AnyWidget):
    """Eleven buttons 0-10; ``value`` is the chosen number, or ``None`` when none is chosen."""

    _esm = STATIC / "scale_buttons.js"
    value = t.Int(None, allow_none=True).tag(sync=True)
    markup = t.Unicode("").tag(sync=True)
    #: The group's name, read by screen readers ("Pain today").
    label = t.Unicode("")
    #: The words of the lowest and highest numbers, shown inside their buttons.
    low_words = t.Unicode("")
    high_words = t.Unicode("")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_class("ow-scale-widget")
        self._draw()

    @t.validate("value")
    def _valid_value(self, proposal: dict[str, Any]) -> int | None:
        value = proposal["value"]
        if value is not None and (isinstance(value, bool) or value not in SCALE):
            raise t.TraitError(
                f"{self.label or 'ScaleButtons'}: {value!r} is not on the scale; choose a whole number "
                f"from {SCALE[0]} to {SCALE[-1]}, or None for no answer"
            )
        return value if value is None else int(value)

    @t.observe("value", "label", "low_words", "high_words")
    def _redraw(self, _change: object = None) -> None:
        self._draw()

    def _draw(self) -> None:
        ends = {SCALE[0]: self.low_words, SCALE[-1]: self.high_words}
        buttons = [{"value": n, "pressed": n == self.value, "words": ends.get(n, "")} for n in SCALE]
        self.markup = str(render("scale/buttons.html.j2", label=self.label, buttons=buttons))
