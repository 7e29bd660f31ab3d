"""The patient dashboard's own HTML: header (with the page's main message), part headings, each part's
one "Where this comes from" disclosure, "Get help now" and short messages, rendered
from ``views/templates/dashboard/`` with the words of ``data/dashboard.yaml`` (content) and
``data/ui/dashboard.yaml`` (the dashboard's labels). The widget is
:class:`osteo_lib.apps.dashboard.PatientDashboard`.
"""

from __future__ import annotations

from collections.abc import Iterable

import ipywidgets as w
from markupsafe import Markup

from osteo_lib.content.catalog import Catalog
from osteo_lib.content.dashboard import DashboardContent, Section
from osteo_lib.content.model import START_HERE_GROUPS
from osteo_lib.content.ui import UiTexts, ui_texts
from osteo_lib.views.pictures import pictures_at_html
from osteo_lib.views.templates import render

__all__ = [
    "dashboard_text",
    "first_screen_html",
    "footer_html",
    "header_html",
    "load_failed",
    "mark_current",
    "message_html",
    "nav_button",
    "questions_head_html",
    "section_head_html",
    "section_sources_html",
    "send_text_on_change",
    "start_here_html",
    "warning_signs_html",
]


def dashboard_text() -> UiTexts:
    """The dashboard's labels and messages (``data/ui/dashboard.yaml``)."""
    return ui_texts("dashboard")


def header_html(catalog: Catalog, content: DashboardContent) -> Markup:
    """The page title, the disclaimer and the page's main message (the three things to know and do) with
    its sources behind one disclosure (shown above the navigation on every part)."""
    main_sources = section_sources_html(catalog, content.main_message.references)
    return render("dashboard/header.html.j2", content=content, main_sources=main_sources)


def section_head_html(section: Section, catalog: Catalog | None = None) -> Markup:
    """A part's heading, main message, notes, pictures and intro (its sources are in
    :func:`section_sources_html`). The pictures are those data/pictures.yaml places at
    ``dashboard_<part id>`` (none without a ``catalog``)."""
    pictures = pictures_at_html(catalog, f"dashboard_{section.id}") if catalog is not None else Markup("")
    return render("dashboard/section_head.html.j2", section=section, pictures=pictures)


def section_sources_html(catalog: Catalog, ids: Iterable[str]) -> Markup:
    """The one "Where this comes from" disclosure of a part: the sources ``ids`` (each once, in order), for
    patients, with their links and years."""
    refs = catalog.references_for(ids)
    return render("dashboard/sources.html.j2", text=dashboard_text(), refs=refs)


def first_screen_html(catalog: Catalog, content: DashboardContent) -> Markup:
    """The first screen as plain HTML for the page template (header, part names as text, a line saying
    the buttons are coming, the first part's head), with the live dashboard's classes."""
    section = content.sections[0]
    return render(
        "dashboard/first_screen.html.j2",
        text=dashboard_text(),
        content=content,
        section=section,
        header=header_html(catalog, content),
        head=section_head_html(section, catalog),
    )


def warning_signs_html(content: DashboardContent, catalog: Catalog | None = None) -> Markup:
    """The "Get help now" lists: one list per group, most urgent first (the emergency list), each sign
    with what to do (its own first step, or its action level's), why it matters and, with a ``catalog``,
    the drawings data/pictures.yaml places at ``sign_<sign id>``; the numbers to tap and call (``tel:``
    links) under the emergency list's heading. Their sources are in the part's one "Where this comes
    from" disclosure."""
    text = dashboard_text()
    groups = [
        (group, [(s, s.do or text[f"action_{s.action}"]) for s in group.signs]) for group in content.warning_groups
    ]
    pictures: dict[str, Markup] = {}
    if catalog is not None:
        for sign in content.warning_signs:
            drawn = pictures_at_html(catalog, f"sign_{sign.id}")
            if drawn:
                pictures[sign.id] = drawn
    return render("dashboard/signs.html.j2", text=text, groups=groups, calls=content.call_numbers, pictures=pictures)


def start_here_html(catalog: Catalog) -> Markup:
    """The "Start here" box of What may help: what to start with, what to ask about first and what is not
    advised for most people, each line naming the methods whose ``start_here`` field puts them there (in
    the order of data/methods.yaml); a group no method names is left out."""
    groups = [(g, [m for m in catalog.methods if m.start_here and m.start_here.group == g]) for g in START_HERE_GROUPS]
    return render("dashboard/start_here.html.j2", text=dashboard_text(), groups=[(g, ms) for g, ms in groups if ms])


def questions_head_html(content: DashboardContent) -> Markup:
    """The heading and intro of the questions to ask a provider."""
    return render("dashboard/questions_head.html.j2", content=content)


def footer_html() -> Markup:
    """The project line (what is saved where is said once, in the diary)."""
    return render("dashboard/footer.html.j2", text=dashboard_text())


def message_html(key: str, *, cls: str, role: str, **values: object) -> Markup:
    """The message ``key`` of data/ui/dashboard.yaml (placeholders filled from ``values``) in a paragraph
    with the class ``cls`` and the ARIA ``role``."""
    return render("dashboard/message.html.j2", message=dashboard_text().format(key, **values), cls=cls, role=role)


# --- widgets the dashboard builds ----------------------------------------------------------------
def nav_button(name: str, *classes: str) -> w.Button:
    """A navigation button with the part's name (its tooltip is set by ``update``)."""
    button = w.Button(
        description=name, tooltip=dashboard_text().format("go_to", name=name), layout=w.Layout(width="auto")
    )
    for cls in ("ow-dash-nav__button", *classes):
        button.add_class(cls)
    return button


def mark_current(buttons: dict[str, w.Button], current: str, names: dict[str, str], text: UiTexts) -> None:
    """Draw the button of the part shown filled, with "You are here" as its tooltip; the others say "Go to"."""
    for key, button in buttons.items():
        if key == current:
            button.add_class("ow-dash-nav__button--current")
            button.tooltip = text.format("you_are_here", name=names[key])
        else:
            button.remove_class("ow-dash-nav__button--current")
            button.tooltip = text.format("go_to", name=names[key])


def load_failed() -> w.HTML:
    """The plain message shown instead of a part that could not be built."""
    return w.HTML(message_html("load_failed", cls="ow-error", role="alert"))


def send_text_on_change(*boxes: w.Text | w.Textarea) -> None:
    """Send typed text to the kernel when the box loses focus (or on Enter), not on every key.

    ipywidgets throttles each widget's updates (one message in flight; later keys wait in a buffer),
    while a button press is sent at once. Typing fast and then pressing Tab and Enter on a button
    could run the button's action before the last letters arrive. One update on leaving the box
    always reaches the kernel before the next button press does."""
    for box in boxes:
        box.continuous_update = False
