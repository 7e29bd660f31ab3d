"""A plain overview of what the workbook contains (record counts), shown as static HTML.

Its words are in ``data/ui/overview.yaml``; its markup in ``views/templates/overview/overview.html.j2``.

Usage::

    from osteo_lib.views.widgets.overview import catalog_overview
    catalog_overview()
"""

from __future__ import annotations

from IPython.display import HTML

from osteo_lib.content.catalog import Catalog
from osteo_lib.content.ui import ui_texts
from osteo_lib.views.templates import Markup, render
from osteo_lib.views.widgets.base import resolve_catalog, stylesheet_text

__all__ = ["catalog_overview", "overview_html"]


def overview_html(catalog: Catalog | None = None) -> Markup:
    """The overview as an HTML fragment (a heading, a sentence and a table of counts)."""
    counts = [(kind.capitalize(), n) for kind, n in resolve_catalog(catalog).counts().items()]
    return render("overview/overview.html.j2", text=ui_texts("overview"), counts=counts)


def catalog_overview(catalog: Catalog | None = None) -> HTML:
    """The overview plus the workbook stylesheet, ready to display."""
    page = render("overview/page.html.j2", css=stylesheet_text(), body=overview_html(catalog))
    return HTML(str(page))  # type: ignore[no-untyped-call]
