"""A "Print ..." button that prints one self-contained HTML document (the provider summary, my pain plan)
and not the dashboard page around it: :class:`PrintButton`, an anywidget whose front end
(``static/summary_print.js``) puts the document in a hidden, sandboxed frame and calls its ``print()``
at the person's tap, so no new tab opens and nobody has to find the browser's own Print.

Example (a notebook cell)::

    from osteo_lib.views.widgets.print_button import PrintButton
    PrintButton(label="Print my plan", document="<!DOCTYPE html>...")
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets as t

__all__ = ["PrintButton"]

STATIC = Path(__file__).resolve().parents[1] / "static"


class PrintButton(anywidget.AnyWidget):
    """A button labelled ``label`` that prints ``document`` (the HTML as built) from a hidden frame.
    Hidden while ``document`` is empty (nothing to print yet, or out of date). The front end counts the
    print requests in the ``data-printed`` attribute (tests read it)."""

    _esm = STATIC / "summary_print.js"
    label = t.Unicode("").tag(sync=True)
    document = t.Unicode("").tag(sync=True)
