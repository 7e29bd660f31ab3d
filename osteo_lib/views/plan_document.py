"""The pain plan as HTML: the checklist (on the page and in the printable page) and the printable page.

The printable page is one self-contained HTML file (``templates/plan/document.html.j2`` with
``static/plan_document.css`` inside it, a Content-Security-Policy that blocks scripts and remote loads), offered as
a ``data:`` download link; printed, it fills one A4 or Letter sheet. The lines come from
:func:`osteo_lib.care.plan.checklist`.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Final

from osteo_lib.care.diary import fmt_day
from osteo_lib.care.plan import Plan, checklist, plan_texts
from osteo_lib.views.templates import Markup, render

if TYPE_CHECKING:
    from osteo_lib.content.catalog import Catalog

__all__ = ["PLAN_CSP", "build_plan_document", "checklist_html"]

PLAN_CSP: Final = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The printable plan's stylesheet (osteo_lib/views/static/plan_document.css)."""
    return (resources.files("osteo_lib.views") / "static" / "plan_document.css").read_text(encoding="utf-8")


def checklist_html(
    catalog: Catalog, plan: Plan, *, heading: str = "h3", cls: str = "ow-plan", printed: bool = False
) -> Markup:
    """The plan's checklist: the things to try, what to do if pain gets worse, the questions (``printed``:
    for the printable page, which leaves out an empty questions part)."""
    if heading not in ("h2", "h3", "h4"):
        raise ValueError(f"heading must be h2, h3 or h4, not {heading!r}")
    return render("plan/checklist.html.j2", c=checklist(catalog, plan), heading=heading, cls=cls, printed=printed)


def build_plan_document(catalog: Catalog, plan: Plan, today: date) -> str:
    """The printable plan: one self-contained HTML page."""
    text = plan_texts()
    return str(
        render(
            "plan/document.html.j2",
            text=text,
            csp=PLAN_CSP,
            css=Markup(stylesheet()),
            made=text.format("print_made", day=fmt_day(today)),
            checklist=checklist_html(catalog, plan, heading="h2", cls="owp", printed=True),
        )
    )
