"""Shared pieces for every widget: the stylesheet and small, escaped HTML builders.

All CSS lives in ``osteo_lib/views/static/workbook.css`` and ``osteo_lib/views/static/css/*.css`` (one section
per widget family), concatenated into a single stylesheet. Python code refers to CSS classes only,
never to inline styles. All text that goes into HTML passes through :func:`esc` or :func:`tag`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

import ipywidgets as w
from IPython.display import HTML

from osteo_lib.views.html import esc
from osteo_lib.content.catalog import Catalog, load_catalog
from osteo_lib.content.model import Reference


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


def styled_html(fragment: str) -> HTML:
    """Static HTML (``fragment``) preceded by the stylesheet, ready for a notebook cell to display."""
    return HTML(tag("style", stylesheet_text(), raw=True) + fragment)


def style_widget() -> w.HTML:
    """An HTML widget that carries the stylesheet; put it first in a container."""
    return w.HTML(f"<style>{stylesheet_text()}</style>", layout=w.Layout(display="none"))


def tag(name: str, content: str = "", *, cls: str | None = None, raw: bool = False, **attrs: str) -> str:
    """One HTML element. ``content`` is escaped unless ``raw=True`` (for already-built HTML).

    Attribute names use ``_`` for ``-`` (``aria_label`` -> ``aria-label``); ``cls`` sets ``class``.
    """
    attr_items = ([("class", cls)] if cls else []) + [(k.rstrip("_").replace("_", "-"), v) for k, v in attrs.items()]
    attr_text = "".join(f' {k}="{esc(v)}"' for k, v in attr_items)
    body = content if raw else esc(content)
    return f"<{name}{attr_text}>{body}</{name}>"


def join(parts: Iterable[str]) -> str:
    return "".join(parts)


def bullet_list(items: Iterable[str], *, cls: str | None = None) -> str:
    """A <ul> of escaped items ('' when there are none)."""
    items = list(items)
    return tag("ul", join(tag("li", i) for i in items), cls=cls, raw=True) if items else ""


def sources_html(catalog: Catalog, ids: Iterable[str], audience: str = "student") -> str:
    """An ordered list of citations for these reference ids, with links.

    Students (the default) get the full citation with the kind of source and the year
    (:meth:`~osteo_lib.content.model.Reference.citation`); patients get title, publisher, year and the kind of
    source in plain words, with no author names or DOIs (:meth:`~osteo_lib.content.model.Reference.patient_citation`).
    Either way each item ends with the source's link."""
    if audience not in ("student", "patient"):
        raise ValueError(f"audience must be 'student' or 'patient', not {audience!r}")
    refs = catalog.references_for(ids)

    def text(r: Reference) -> str:
        return r.patient_citation() if audience == "patient" else r.citation().removesuffix(f" {r.link}")

    return tag("ol", join(
        tag("li", esc(text(r)) + " " + tag("a", r.link, href=r.link, target="_blank", rel="noopener"), raw=True)
        for r in refs
    ), cls="ow-sources" + (" ow-sources--patient" if audience == "patient" else ""), raw=True)


def resolve_catalog(catalog: Catalog | None) -> Catalog:
    return catalog if catalog is not None else load_catalog()


def container(*children: w.Widget, cls: str) -> w.VBox:
    """The display entry point of a widget: the stylesheet followed by ``children``, in a VBox with
    the shared ``ow-widget`` class and the widget's own ``cls``. Start ``children`` with a visible
    heading so the region has a name for everyone, screen-reader users included."""
    box = w.VBox([style_widget(), *children])
    box.add_class("ow-widget")
    box.add_class(cls)
    return box
