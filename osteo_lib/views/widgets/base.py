"""The one widget shape and the one stylesheet.

Every widget class derives from :class:`Widget`: it builds ``self.container`` (via :func:`container`)
once, recomputes what it shows in one :meth:`Widget.update` path, and displays by being named in a
notebook cell (``GateSimulator()``), thanks to ``_repr_mimebundle_``.

The CSS goes on the page once: every container holds the same :class:`Stylesheet` widget (one model
per kernel), whose CSS anywidget puts in one ``<style>`` element in the page's head, however many
widgets the page shows. All CSS lives in ``osteo_lib/views/static/workbook.css`` and
``osteo_lib/views/static/css/*.css`` (one section per widget family), concatenated into a single
stylesheet. Python code refers to CSS classes only, never to inline styles; all HTML comes from the
Jinja2 templates (:mod:`osteo_lib.views.templates`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

import anywidget
import ipywidgets as w
import traitlets as t

from osteo_lib.content.catalog import Catalog, load_catalog
from osteo_lib.views.templates import render

__all__ = [
    "Stylesheet",
    "Widget",
    "container",
    "resolve_catalog",
    "sources_html",
    "stylesheet",
    "stylesheet_text",
]


@lru_cache(maxsize=1)
def stylesheet_text() -> str:
    """The whole stylesheet: workbook.css followed by every css/*.css section, in name order."""
    static = resources.files("osteo_lib.views") / "static"
    parts = [(static / "workbook.css").read_text(encoding="utf-8")]
    css_dir = static / "css"
    for entry in sorted(css_dir.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".css"):
            parts.append(f"/* --- {entry.name} --- */\n" + entry.read_text(encoding="utf-8"))
    return "\n".join(parts)


class Stylesheet(anywidget.AnyWidget):
    """Draws nothing; anywidget adds its ``_css`` (the whole stylesheet) to the page's head once, in
    one ``<style>`` element shared by every view of every instance."""

    _esm = "export default { render() {} };"
    _css = t.Unicode("").tag(sync=True)


_stylesheet: Stylesheet | None = None


def stylesheet() -> Stylesheet:
    """The kernel's one :class:`Stylesheet` widget (made again if it was closed)."""
    global _stylesheet
    if _stylesheet is None or _stylesheet.comm is None:
        _stylesheet = Stylesheet(_css=stylesheet_text(), layout=w.Layout(display="none"))
        _stylesheet.add_class("ow-stylesheet")
    return _stylesheet


class Widget(t.HasTraits):
    """The one widget shape. A subclass builds ``self.container`` with :func:`container` in
    ``__init__``, puts everything it recomputes in :meth:`update` (called by its observers), and is
    displayed by naming it: ``_repr_mimebundle_`` shows the container."""

    container: w.Box

    def update(self, change: object = None) -> None:
        """Recompute what the widget shows from its current inputs (override in every subclass)."""
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs: object) -> object:
        return self.container._repr_mimebundle_(**kwargs)


def sources_html(catalog: Catalog, ids: Iterable[str], audience: str = "student") -> str:
    """An ordered list of citations for these reference ids, with links.

    Students (the default) get the full citation with the kind of source and the year
    (:meth:`~osteo_lib.content.model.Reference.citation`); patients get title, publisher, year and the kind
    of source in plain words, with no author names or DOIs
    (:meth:`~osteo_lib.content.model.Reference.patient_citation`). Either way each item ends with the
    source's link. Templates use the same ``sources`` macro of ``_macros.html.j2`` directly."""
    if audience not in ("student", "patient"):
        raise ValueError(f"audience must be 'student' or 'patient', not {audience!r}")
    return str(render("sources.html.j2", refs=catalog.references_for(ids), audience=audience))


def resolve_catalog(catalog: Catalog | None) -> Catalog:
    """``catalog``, or the default one (:func:`~osteo_lib.content.catalog.load_catalog`) when None."""
    return catalog if catalog is not None else load_catalog()


def container(*children: w.Widget, cls: str) -> w.VBox:
    """The display entry point of a widget: the stylesheet followed by ``children``, in a VBox with
    the shared ``ow-widget`` class and the widget's own ``cls``. Start ``children`` with a visible
    heading so the region has a name for everyone, screen-reader users included."""
    box = w.VBox([stylesheet(), *children])
    box.add_class("ow-widget")
    box.add_class(cls)
    return box
