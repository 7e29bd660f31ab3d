"""The patient dashboard: the workbook's widgets in five parts a patient reaches with one button each.

Parts (ids in :data:`osteo_lib.content.dashboard.SECTION_IDS`; names and messages from data/dashboard.yaml):

* ``understand``: pain pathway explorer and healing timeline (patient wording);
* ``help``: treatment explorer (followed by the "What matters to me" step, which orders its options by
  the person's own priorities), comparison grid, heat and cold helper (one at a time, with a second row
  of buttons, so the timer is not below two dozen method cards);
* ``diary``: pain diary;
* ``provider``: questions to ask (can be added to the summary) and the provider summary, which reads the
  diary, the options marked in the treatment explorer and what matters to the person;
* ``urgent``: warning signs that need prompt care, each with its sources.

Navigation is a row of ordinary buttons (keyboard: Tab, then Enter or Space). The part shown has its
name as a heading right under the buttons, its button is drawn filled and its tooltip says "You are
here", and a polite live region says "Now showing: ..." after each change. Each part's widgets are
built the first time the part is shown, so the page opens fast; the diary, the explorer and the summary
are shared between parts (marks made in the explorer reach the summary).

Usage (the dashboard notebook's only cell)::

    from osteo_lib.apps.dashboard import PatientDashboard
    PatientDashboard().container

State for tests: ``current`` (the part shown; set it or press a button in ``nav_buttons``),
``help_part`` (the tool shown in "What may help"; buttons in ``help_buttons``, boxes in ``help_parts``),
``sections`` (part id -> its VBox), ``built`` (ids of the parts and tools built so far) and the widgets
``pathway``, ``timeline``, ``explorer``, ``priorities``, ``grid``, ``heatcold``, ``diary``, ``summary``
(built on first use), ``question_boxes``, ``questions_button``, ``questions_status``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import ipywidgets as w
import traitlets as t

from osteo_lib.content.catalog import Catalog
from osteo_lib.content.dashboard import (
    HELP_PARTS,
    SECTION_IDS,
    TEXT,
    DashboardContent,
    Section,
    SectionId,
    WarningSign,
    load_dashboard,
    merge_questions,
)
from osteo_lib.views.widgets.base import Widget, container, esc, join, resolve_catalog, sources_html, tag
from osteo_lib.views.widgets.compare import ComparisonGrid
from osteo_lib.views.widgets.diary import PainDiary, Today, html_text
from osteo_lib.views.widgets.explorer import TreatmentExplorer, close_tree
from osteo_lib.views.widgets.heatcold import HeatColdHelper
from osteo_lib.views.widgets.pathway import PathwayExplorer
from osteo_lib.views.widgets.priorities import WhatMattersToMe
from osteo_lib.views.widgets.summary import ProviderSummary
from osteo_lib.views.widgets.timeline import HealingTimeline

__all__ = ["TEXT", "Announcer", "PatientDashboard", "header_html", "section_head_html", "warning_signs_html"]

STATIC = Path(__file__).resolve().parents[1] / "views" / "static"
log = logging.getLogger(__name__)


# --- pure HTML builders ---------------------------------------------------------------------------
def header_html(content: DashboardContent) -> str:
    """The page title and the disclaimer (shown above the navigation on every part)."""
    return tag("h1", content.title, cls="ow-dash-title") + tag("p", content.disclaimer, cls="ow-dash-disclaimer")


def section_head_html(catalog: Catalog, section: Section) -> str:
    """A part's heading, main message, intro, and the sources of the message (folded)."""
    return join([
        tag("h2", section.name, cls="ow-dash-section__title"),
        tag("p", section.key_message.patient_text, cls="ow-dash-key"),
        tag("p", section.intro, cls="ow-dash-intro"),
        tag("details", tag("summary", TEXT["sources"]) + sources_html(catalog, section.key_message.references, "patient"),
            cls="ow-dash-key-sources", raw=True),
    ])


def _source_links(catalog: Catalog, ids: tuple[str, ...]) -> str:
    links = [tag("a", f"{r.title}, {r.container}, {r.patient_year}", href=r.link, target="_blank", rel="noopener")
             for r in catalog.references_for(ids)]
    label = TEXT["sign_source" if len(links) == 1 else "sign_sources"]
    return tag("span", esc(label) + " " + "; ".join(links), cls="ow-dash-sign__sources", raw=True)


def _sign_html(catalog: Catalog, sign: WarningSign) -> str:
    """One warning sign: the sign, what to do (its own first step, or its action level's), why it
    matters, and its sources. The action level is also in ``data-action`` for styling and tests."""
    todo = sign.do or TEXT[f"action_{sign.action}"]
    return tag("li", join([
        tag("span", sign.patient_text, cls="ow-dash-sign__text"),
        tag("div", tag("strong", TEXT["sign_do"]) + " " + esc(todo), raw=True, cls="ow-dash-sign__do"),
        tag("div", tag("strong", TEXT["sign_why"]) + " " + esc(sign.why), raw=True, cls="ow-dash-sign__why"),
        _source_links(catalog, sign.references),
    ]), raw=True, cls=f"ow-dash-sign ow-dash-sign--{sign.action}", data_sign=sign.id, data_action=sign.action)


def warning_signs_html(catalog: Catalog, content: DashboardContent) -> str:
    """The "Get help now" lists: one list per group, most urgent first (the emergency list), each sign
    with what to do, why it matters and its sources; then the full citations."""
    groups = []
    for group in content.warning_groups:
        items = join(_sign_html(catalog, sign) for sign in group.signs)
        groups.append(tag("div", tag("h3", group.heading + ":") + tag("ul", items, raw=True),
                          raw=True, cls=f"ow-dash-signs__group ow-dash-signs__group--{group.id}"))
    refs = [r for s in content.warning_signs for r in s.references]
    return tag("div", join(groups) + tag("h3", TEXT["sources"]) + sources_html(catalog, refs, "patient"),
               raw=True, cls="ow-dash-signs")


def _send_text_on_change(*boxes: w.Text | w.Textarea) -> None:
    """Send typed text to the kernel when the box loses focus (or on Enter), not on every key.

    ipywidgets throttles each widget's updates (one message in flight; later keys wait in a buffer),
    while a button press is sent at once. Typing fast and then pressing Tab and Enter on a button
    could run the button's action before the last letters arrive. One update on leaving the box
    always reaches the kernel before the next button press does."""
    for box in boxes:
        box.continuous_update = False


# --- widgets --------------------------------------------------------------------------------------
class Announcer(anywidget.AnyWidget):  # type: ignore[misc]
    """A polite live region (``role="status"``) that screen readers read when ``message`` changes.
    The region is created once in the page; only its text changes."""

    _esm = STATIC / "announce.js"
    message = t.Unicode("").tag(sync=True)


class PatientDashboard(Widget):
    """The patient dashboard. Display ``.container``.

    ``catalog``: the content (default: the workbook's data). ``today``: a date or a function returning
    one, passed to the diary and the summary (tests fix it). ``start``: the part shown first.

    Example::

        dash = PatientDashboard()
        dash.nav_buttons["diary"].click()      # what pressing the button does
        dash.current                           # 'diary'
        dash.diary.entries                     # the diary shown in that part
    """

    current = t.Enum(list(SECTION_IDS), default_value="understand", help="The id of the part shown.")
    help_part = t.Enum(list(HELP_PARTS), default_value="explorer", help='The tool shown in "What may help".')

    def __init__(self, catalog: Catalog | None = None, *, today: Today = None, start: SectionId = "understand") -> None:
        super().__init__()
        self.catalog = resolve_catalog(catalog)
        self.content = load_dashboard(self.catalog)
        self._today = today
        self.built: set[str] = set()
        self._pathway: PathwayExplorer | None = None
        self._timeline: HealingTimeline | None = None
        self._explorer: TreatmentExplorer | None = None
        self._priorities: WhatMattersToMe | None = None
        self._grid: ComparisonGrid | None = None
        self._heatcold: HeatColdHelper | None = None
        self._diary: PainDiary | None = None
        self._summary: ProviderSummary | None = None

        self.nav_buttons: dict[str, w.Button] = {}
        for s in self.content.sections:
            button = w.Button(description=s.name, tooltip=TEXT["go_to"].format(name=s.name),
                              layout=w.Layout(width="auto"))
            button.add_class("ow-dash-nav__button")
            button.add_class(f"ow-dash-nav__button--{s.id}")
            button.on_click(lambda _b, sid=s.id: self.show(sid))
            self.nav_buttons[s.id] = button
        self.nav = w.HBox(list(self.nav_buttons.values()))
        self.nav.add_class("ow-dash-nav")
        self.help_buttons: dict[str, w.Button] = {}
        self.help_parts: dict[str, w.VBox] = {}
        for pid in HELP_PARTS:
            button = w.Button(description=TEXT[f"part_{pid}"], tooltip=TEXT["go_to"].format(name=TEXT[f"part_{pid}"]),
                              layout=w.Layout(width="auto"))
            button.add_class("ow-dash-nav__button")
            button.on_click(lambda _b, p=pid: self.show_help_part(p))
            self.help_buttons[pid] = button
            part = w.VBox(layout=w.Layout(display="none"))
            part.add_class("ow-dash-subpart")
            self.help_parts[pid] = part
        self.help_nav = w.HBox(list(self.help_buttons.values()))
        self.help_nav.add_class("ow-dash-nav")
        self.help_nav.add_class("ow-dash-subnav")
        self.header = w.HTML(header_html(self.content))
        self.header.add_class("ow-dash-header")
        self.announcer = Announcer()
        self.announcer.add_class("ow-dash-announcer")

        self.sections: dict[str, w.VBox] = {}
        for s in self.content.sections:
            head = w.HTML(section_head_html(self.catalog, s))
            head.add_class("ow-dash-section__head")
            box = w.VBox([head], layout=w.Layout(display="none"))
            box.add_class("ow-dash-section")
            box.add_class(f"ow-dash-section--{s.id}")
            self.sections[s.id] = box

        self.question_boxes: dict[str, w.Checkbox] = {
            q.id: w.Checkbox(description=q.patient_text, indent=False) for q in self.content.questions
        }
        for box in self.question_boxes.values():
            box.add_class("ow-dash-question")
        self.questions_button = w.Button(description=TEXT["questions_add"], tooltip=TEXT["questions_add"],
                                         layout=w.Layout(width="auto"))
        self.questions_button.add_class("ow-dash-action")
        self.questions_button.on_click(self._on_add_questions)
        self.questions_status = w.HTML()

        footer = w.HTML(tag("p", self.content.privacy) + tag("p", TEXT["footer"]))
        footer.add_class("ow-dash-footer")
        self.container = container(self.header, self.nav, self.announcer, *self.sections.values(), footer,
                                   cls="ow-dashboard")
        self.current = start
        self.observe(self._render, names="current")
        self.observe(self._render_help, names="help_part")
        self._render()

    # --- navigation -------------------------------------------------------------------------------
    def show(self, section_id: str) -> None:
        """Show one part (what its navigation button does). ``TraitError`` for an unknown id."""
        self.current = section_id

    def show_help_part(self, part_id: str) -> None:
        """Show one tool of "What may help" (what its button does): explorer, compare or heatcold."""
        self.help_part = part_id
        self.current = "help"
        self.announcer.message = TEXT["now_showing"].format(name=TEXT[f"part_{self.help_part}"])

    def _render(self, _change: dict[str, Any] | None = None) -> None:
        """The single update path: ``current`` -> which part is shown, the buttons' state, the live region."""
        current = self.current
        section = self.content.section(current)
        self._build(current)
        with self.container.hold_sync():
            for sid, box in self.sections.items():
                box.layout.display = None if sid == current else "none"
            for sid, button in self.nav_buttons.items():
                name = self.content.section(sid).name
                if sid == current:
                    button.add_class("ow-dash-nav__button--current")
                    button.tooltip = TEXT["you_are_here"].format(name=name)
                else:
                    button.remove_class("ow-dash-nav__button--current")
                    button.tooltip = TEXT["go_to"].format(name=name)
            self.announcer.message = TEXT["now_showing"].format(name=section.name)

    def _render_help(self, change: dict[str, Any] | None = None) -> None:
        """``help_part`` -> which tool of "What may help" is shown, its button's state, the live region."""
        part = self.help_part
        self._build_help_part(part)
        with self.container.hold_sync():
            for pid, box in self.help_parts.items():
                box.layout.display = None if pid == part else "none"
            for pid, button in self.help_buttons.items():
                name = TEXT[f"part_{pid}"]
                if pid == part:
                    button.add_class("ow-dash-nav__button--current")
                    button.tooltip = TEXT["you_are_here"].format(name=name)
                else:
                    button.remove_class("ow-dash-nav__button--current")
                    button.tooltip = TEXT["go_to"].format(name=name)
            if change is not None and self.current == "help":
                self.announcer.message = TEXT["now_showing"].format(name=TEXT[f"part_{part}"])

    # --- building the parts on first use ----------------------------------------------------------
    def _build(self, section_id: str) -> None:
        if section_id in self.built:
            return
        builders: dict[str, Callable[[], list[w.Widget]]] = {
            "understand": lambda: [self.pathway.container, self.timeline.container],
            "help": self._help_children,
            "diary": lambda: [self.diary.container],
            "provider": lambda: [self._questions_box(), self.summary.container],
            "urgent": lambda: [self._signs_widget()],
        }
        box = self.sections[section_id]
        try:
            children = builders[section_id]()
        except Exception:  # never show a traceback to a patient; the server log has it
            log.exception("dashboard part %r could not be built", section_id)
            children = [w.HTML(tag("p", TEXT["load_failed"], cls="ow-error", role="alert"))]
        box.children = (*box.children, *children)
        self.built.add(section_id)

    def _help_children(self) -> list[w.Widget]:
        self._render_help()
        return [self.help_nav, *self.help_parts.values()]

    def _build_help_part(self, part_id: str) -> None:
        key = f"help.{part_id}"
        if key in self.built:
            return
        makers: dict[str, Callable[[], tuple[w.Widget, ...]]] = {
            # "What matters to me" comes after exploring the options it orders
            "explorer": lambda: (self.explorer.container, self.priorities.container),
            "compare": lambda: (self.grid.container,),
            "heatcold": lambda: (self.heatcold.container,),
        }
        try:
            children = makers[part_id]()
        except Exception:  # never show a traceback to a patient; the server log has it
            log.exception("dashboard tool %r could not be built", part_id)
            children = (w.HTML(tag("p", TEXT["load_failed"], cls="ow-error", role="alert")),)
        self.help_parts[part_id].children = children
        self.built.add(key)

    def _questions_box(self) -> w.VBox:
        heading = w.HTML(tag("h3", self.content.questions_heading) + tag("p", self.content.questions_intro))
        refs = [r for q in self.content.questions for r in q.references]
        sources = w.HTML(tag("details", tag("summary", TEXT["sources"]) + sources_html(self.catalog, refs, "patient"), raw=True,
                             cls="ow-dash-key-sources"))
        box = w.VBox([heading, *self.question_boxes.values(), self.questions_button, self.questions_status, sources])
        box.add_class("ow-dash-questions")
        return box

    def _signs_widget(self) -> w.HTML:
        signs = w.HTML(warning_signs_html(self.catalog, self.content))
        signs.add_class("ow-dash-signs-widget")
        return signs

    @property
    def pathway(self) -> PathwayExplorer:
        if self._pathway is None:
            self._pathway = PathwayExplorer(self.catalog, audience="patient")
        return self._pathway

    @property
    def timeline(self) -> HealingTimeline:
        if self._timeline is None:
            self._timeline = HealingTimeline(self.catalog, audience="patient")
        return self._timeline

    @property
    def explorer(self) -> TreatmentExplorer:
        if self._explorer is None:
            self._explorer = TreatmentExplorer(self.catalog, audience="patient")
        return self._explorer

    @property
    def priorities(self) -> WhatMattersToMe:
        """The "What matters to me" step; its ticks order the explorer's options and reach the summary."""
        if self._priorities is None:
            self._priorities = WhatMattersToMe(self.explorer)
        return self._priorities

    @property
    def grid(self) -> ComparisonGrid:
        if self._grid is None:
            self._grid = ComparisonGrid(self.catalog)
        return self._grid

    @property
    def heatcold(self) -> HeatColdHelper:
        if self._heatcold is None:
            self._heatcold = HeatColdHelper(self.catalog)
        return self._heatcold

    @property
    def diary(self) -> PainDiary:
        if self._diary is None:
            self._diary = PainDiary(self.catalog, today=self._today)
            _send_text_on_change(self._diary.note, self._diary.other)
        return self._diary

    @property
    def summary(self) -> ProviderSummary:
        if self._summary is None:
            self._summary = ProviderSummary(self.diary, marked_source=self.explorer, catalog=self.catalog,
                                            today=self._today, priorities_source=self.priorities)
            _send_text_on_change(self._summary.name_input, self._summary.questions_input)
        return self._summary

    # --- questions to ask -------------------------------------------------------------------------
    @property
    def ticked_questions(self) -> tuple[str, ...]:
        """The texts of the questions ticked, in list order."""
        return tuple(q.patient_text for q in self.content.questions if self.question_boxes[q.id].value)

    def _on_add_questions(self, _button: w.Button | None = None) -> None:
        """Add the ticked questions to the summary's questions box (each once)."""
        ticked = self.ticked_questions
        if not ticked:
            self.questions_status.value = tag("p", TEXT["questions_none"], cls="ow-warning", role="status")
            return
        before = self.summary.questions_input.value
        after = merge_questions(before, ticked)
        added = len([line for line in after.splitlines() if line.strip()]) - \
            len([line for line in before.splitlines() if line.strip()])
        self.summary.questions_input.value = after
        if added <= 0:
            text = TEXT["questions_already"]
        elif added == 1:
            text = TEXT["questions_added_one"]
        else:
            text = TEXT["questions_added"].format(count=added)
        self.questions_status.value = tag("p", text, cls="ow-ok", role="status")

    # --- conveniences -----------------------------------------------------------------------------
    @property
    def text(self) -> str:
        """The HTML of the part shown (stylesheets left out), for tests and quick checks."""
        return html_text(self.sections[self.current])

    def close(self) -> None:
        """Stop the heat and cold timer and close every widget of the dashboard."""
        for part in (self._pathway, self._timeline, self._priorities, self._explorer, self._grid, self._diary,
                     self._summary):
            if part is not None and hasattr(part, "close"):
                part.close()
        if self._heatcold is not None:
            self._heatcold.close()
        close_tree(self.container)
