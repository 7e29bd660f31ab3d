"""A plain overview of what the workbook contains (record counts), shown as static HTML.

Usage::

    from osteo_lib.views.widgets.overview import catalog_overview
    catalog_overview()
"""

from __future__ import annotations

from IPython.display import HTML

from osteo_lib.content.catalog import Catalog
from osteo_lib.views.widgets.base import join, resolve_catalog, styled_html, tag

TEXT = {
    "heading": "What this workbook holds",
    "intro": "These counts come straight from the workbook's checked content files.",
    "caption": "Number of items of each kind",
    "kind": "Kind of item",
    "count": "How many",
}


def overview_html(catalog: Catalog | None = None) -> str:
    """The overview as an HTML fragment (a heading, a sentence and a table of counts)."""
    counts = resolve_catalog(catalog).counts()
    rows = join(tag("tr", tag("th", kind.capitalize(), scope="row") + tag("td", str(n)), raw=True) for kind, n in counts.items())
    table = tag(
        "table",
        tag("caption", TEXT["caption"])
        + tag("thead", tag("tr", tag("th", TEXT["kind"], scope="col") + tag("th", TEXT["count"], scope="col"), raw=True), raw=True)
        + tag("tbody", rows, raw=True),
        cls="ow-counts", raw=True,
    )
    body = tag("h2", TEXT["heading"]) + tag("p", TEXT["intro"]) + table
    return tag("section", body, cls="ow-widget ow-overview", raw=True, aria_label=TEXT["heading"])


def catalog_overview(catalog: Catalog | None = None) -> HTML:
    """The overview plus the workbook stylesheet, ready to display."""
    return styled_html(overview_html(catalog))
