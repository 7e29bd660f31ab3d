"""A still picture of a Jupyter widget, as HTML, for pages saved without a kernel or widget scripts.

A notebook run by nbclient keeps its widgets' last state in its metadata
(``application/vnd.jupyter.widget-state+json``): every model's traits by model id. Outputs that show a
widget only name its model (``application/vnd.jupyter.widget-view+json``). nbconvert's HTML normally
loads the widgets' JavaScript from a public CDN to draw them; :func:`widget_snapshot` draws them from
the saved state instead, with no script:

* ``HTML`` and ``HTMLMath`` widgets: their HTML, as the live widget shows it (the workbook's widgets fill
  them from its own autoescaped templates);
* ``Label`` widgets: their text (escaped);
* boxes (any model with ``children``): their children in order, hidden ones (``layout.display: none``)
  left out;
* every other control (buttons, text fields, choices, file uploads, custom widgets): its description,
  its options and its text value when it has them, marked as a control that does nothing on this page.

The whole picture comes with a note (``note``) saying it works only in JupyterLab. Template:
``templates/export/widget_snapshot.html.j2``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from osteo_lib.views.templates import Markup, render

__all__ = ["WIDGET_STATE", "WIDGET_VIEW", "SnapshotNode", "snapshot_tree", "widget_snapshot"]

WIDGET_VIEW: Final = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE: Final = "application/vnd.jupyter.widget-state+json"
_REF: Final = "IPY_MODEL_"
_HTML_MODELS: Final = frozenset({"HTMLModel", "HTMLMathModel"})
#: More nesting than this is a loop in the state (a box among its own children), not a real widget.
_MAX_DEPTH: Final = 50


@dataclass(frozen=True)
class SnapshotNode:
    """One widget of the picture: ``kind`` is ``html``, ``text``, ``box``, ``control`` or ``missing``."""

    kind: str
    model: str = ""
    html: Markup = field(default_factory=Markup)
    text: str = ""
    options: tuple[str, ...] = ()
    children: tuple[SnapshotNode, ...] = field(default=())


def _model_id(ref: Any) -> str:
    return ref[len(_REF) :] if isinstance(ref, str) and ref.startswith(_REF) else str(ref)


def _hidden(state: Mapping[str, Any], models: Mapping[str, Any]) -> bool:
    layout: Mapping[str, Any] = models.get(_model_id(state.get("layout", "")), {}).get("state", {})
    return bool(layout.get("display") == "none" or layout.get("visibility") == "hidden")


def snapshot_tree(model_id: str, models: Mapping[str, Any], depth: int = 0) -> SnapshotNode:
    """The widget ``model_id`` of ``models`` (the ``state`` mapping of the saved widget state) as a tree."""
    model = models.get(model_id)
    if model is None or depth > _MAX_DEPTH:
        return SnapshotNode(kind="missing", model=str(model_id))
    name = str(model.get("model_name", ""))
    state = model.get("state", {})
    if name in _HTML_MODELS:
        return SnapshotNode(kind="html", model=name, html=Markup(str(state.get("value", ""))))
    if name == "LabelModel":
        return SnapshotNode(kind="text", model=name, text=str(state.get("value", "")))
    if isinstance(state.get("children"), list):
        kids = (models.get(_model_id(ref), {}) for ref in state["children"])
        shown = [
            _model_id(ref)
            for ref, kid in zip(state["children"], kids, strict=True)
            if not _hidden(kid.get("state", {}), models)
        ]
        return SnapshotNode(
            kind="box", model=name, children=tuple(snapshot_tree(kid, models, depth + 1) for kid in shown)
        )
    value = state.get("value")
    options = state.get("_options_labels", ())
    return SnapshotNode(
        kind="control",
        model=name,
        text=str(state.get("description", "")),
        options=tuple(str(o) for o in options) if isinstance(options, list | tuple) else (),
        children=(SnapshotNode(kind="text", text=value),) if isinstance(value, str) and value else (),
    )


def widget_snapshot(view: Mapping[str, Any], widget_state: Mapping[str, Any] | None, note: str) -> Markup:
    """The widget an output shows (``view``: its widget-view data) drawn from ``widget_state`` (the
    notebook's saved state, or None when the notebook has none), under ``note``."""
    models: Mapping[str, Any] = (widget_state or {}).get("state", {})
    tree = snapshot_tree(str(view.get("model_id", "")), models)
    return render("export/widget_snapshot.html.j2", tree=tree, note=note)
