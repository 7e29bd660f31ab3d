"""Keys pressed inside a widget stay in it: JupyterLab's notebook shortcuts are kept out.

In JupyterLab's command mode the arrow keys, Enter and Space are notebook shortcuts (move to the next
cell, edit the cell, ...), so a student pressing the Down arrow on a quiz choice moved the notebook's
cell selection instead of the choice. Lumino's ``CommandRegistry.processKeydownEvent`` (JupyterLab 4)
invokes no key binding for a keydown event when, walking up from its target, it meets an element with the
attribute ``data-lm-suppress-shortcuts`` before an element that matches the binding's selector. The
notebook's command-mode bindings use ``.jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus``,
which the focused control itself matches, so the attribute must be on the focused control, not only on
the widget's root (tried in JupyterLab 4.6: on the root alone, ArrowDown still moved the cell selection).
:class:`KeyboardScope` is a tiny anywidget (``osteo_lib/views/static/keyboard_scope.js``) that draws
nothing: it puts the attribute on the nearest ancestor with the CSS class ``scope`` and on every element
in it that can take the focus, including those the widget draws later (a MutationObserver). Put it inside
the widget's root box (which has that class).

Example::

    box = container(..., KeyboardScope(scope="ow-quiz"), cls="ow-quiz")

State for tests: ``scope`` (the class of the element that gets the attribute; a plain CSS class name,
anything else is a TraitError naming the problem) and :data:`ATTRIBUTE`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Final

import anywidget
import traitlets as t

__all__ = ["ATTRIBUTE", "KeyboardScope"]

STATIC = Path(__file__).resolve().parents[1] / "static"
#: The attribute Lumino checks before it runs a key binding (see the module docstring).
ATTRIBUTE: Final = "data-lm-suppress-shortcuts"
_CLASS = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


class KeyboardScope(anywidget.AnyWidget):
    """Marks the nearest ancestor with class ``scope`` so JupyterLab's shortcuts skip keys pressed in it."""

    _esm = STATIC / "keyboard_scope.js"
    #: The CSS class of the widget root that gets the attribute, e.g. "ow-quiz".
    scope = t.Unicode("").tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_class("ow-keyboard-scope")
        if not self.scope:
            raise t.TraitError("KeyboardScope: scope is empty; give the CSS class of the widget's root box")

    @t.validate("scope")
    def _valid_scope(self, proposal: dict[str, Any]) -> str:
        scope = str(proposal["value"])
        if not _CLASS.match(scope):
            raise t.TraitError(f"KeyboardScope: scope={scope!r} is not a CSS class name (letters, digits, - and _)")
        return scope
