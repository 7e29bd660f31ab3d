"""A disclosure button ("More about heat"): a native ``<button aria-expanded>`` that shows or hides a part
of the page, for keyboard (Tab, then Enter or Space) and screen readers (they say "collapsed" or
"expanded").

:class:`Disclosure` is a small anywidget (``osteo_lib/views/static/disclosure.js``). It draws only the
button; what it shows or hides is another widget, which the owner hides while ``expanded`` is false (the
treatment explorer's short cards add ``ow-method-card--open`` to the card, and the stylesheet shows the
card's full text only then). ``controls`` is the id of the element it opens (``aria-controls``).

Example::

    from osteo_lib.views.widgets.disclosure import Disclosure
    more = Disclosure(label="More about heat", controls="ow-card-more-heat")
    more.expanded          # False until the button is pressed
    more.toggle()          # what pressing the button does

State for tests: ``expanded`` (what ``aria-expanded`` says), ``label`` (the button's visible text and so its
name) and ``controls``. A label that is empty is refused with a TraitError naming the problem: a button
without a name cannot be found with a screen reader.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import traitlets as t

__all__ = ["Disclosure"]

STATIC = Path(__file__).resolve().parents[1] / "static"


class Disclosure(anywidget.AnyWidget):
    """A button that says whether the part it controls is open (``aria-expanded``)."""

    _esm = STATIC / "disclosure.js"
    #: Whether the part it controls is shown.
    expanded = t.Bool(False).tag(sync=True)
    #: The button's text (and so its accessible name), e.g. "More about heat".
    label = t.Unicode("").tag(sync=True)
    #: The id of the element it shows or hides (``aria-controls``); "" for none.
    controls = t.Unicode("").tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_class("ow-disclosure")
        if not self.label.strip():
            raise t.TraitError("Disclosure: label is empty; give the button a name such as 'More about heat'")

    @t.validate("label")
    def _valid_label(self, proposal: dict[str, Any]) -> str:
        label = str(proposal["value"])
        if not label.strip():
            raise t.TraitError("Disclosure: label is empty; give the button a name such as 'More about heat'")
        return label

    def toggle(self) -> None:
        """Open it if closed, close it if open (what pressing the button does)."""
        self.expanded = not self.expanded
