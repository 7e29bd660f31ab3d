"""The patient dashboard: the workbook's widgets in five parts a patient reaches with one button each.

Parts (ids in :data:`osteo_lib.content.dashboard.SECTION_IDS`; names and messages from data/dashboard.yaml;
the dashboard's own labels from data/ui/dashboard.yaml; HTML from views/templates/dashboard/ through
:mod:`osteo_lib.views.dashboard_parts`):

* ``understand``: pain pathway explorer and healing timeline (patient wording);
* ``help``: treatment explorer (with the "What matters to me" step between its choices and its first
  card, since it orders the options by the person's own priorities), comparison grid, heat and cold
  helper (one at a time, with a second row of buttons, so the timer is not below two dozen method cards);
* ``diary``: pain diary;
* ``provider``: "My pain plan" (what to try, when and how long, what to do if pain gets worse, the
  questions; a checklist that prints), questions to ask (can be added to the summary) and the provider
  summary, which reads the diary, the options marked in the treatment explorer and what matters to the person;
* ``urgent``: warning signs that need prompt care, each saying what to do and why it matters.

Above the navigation, on every part: the title, the disclaimer and the page's main message (the three
things to know and do, from data/dashboard.yaml). Each part opens with its own main message and ends
with one "Where this comes from" disclosure holding every source the part cites
(:func:`section_references`); the widgets inside are built with ``sources=False``, so no source list,
citation or DOI interrupts the text. Opening a part by its button also scrolls its heading and main
message into view when they are off screen (a phone), through the ``Announcer``.

Navigation is a row of ordinary buttons (keyboard: Tab, then Enter or Space). The part shown has its
name as a heading right under the buttons, its button is drawn filled and its tooltip says "You are
here", and a polite live region says "Now showing: ..." after each change. Each part's widgets are
built the first time the part is shown, so the page opens fast; the diary, the explorer and the summary
are shared between parts (marks made in the explorer reach the summary).

Usage (the dashboard notebook's only cell)::

    from osteo_lib.apps.dashboard import PatientDashboard
    PatientDashboard()

State for tests: ``current`` (the part shown; set it or press a button in ``nav_buttons``),
``help_part`` (the tool shown in "What may help"; buttons in ``help_buttons``, boxes in ``help_parts``),
``sections`` (part id -> its VBox), ``built`` (ids of the parts and tools built so far) and the widgets
``pathway``, ``timeline``, ``explorer``, ``priorities``, ``grid``, ``heatcold``, ``diary`` (with its
``keeper``: the diary kept on this device; ``room`` says whether the page serves a workshop room), ``summary``
(built on first use), ``question_boxes`` (a ticked question goes straight into the summary's questions),
``questions_status``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import anywidget
import ipywidgets as w
import traitlets as t

from osteo_lib.apps.workshop.room import in_workshop_room
from osteo_lib.care.diary import REFERENCE_IDS as DIARY_REFERENCE_IDS
from osteo_lib.care.plan import summary_parts
from osteo_lib.care.questions import merge_questions, remove_question
from osteo_lib.care.summary import SummaryBlock
from osteo_lib.care.treatments import COMPARE_MAX
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.dashboard import HELP_PARTS, SECTION_IDS, DashboardContent, SectionId, load_dashboard
from osteo_lib.content.pictures import load_pictures
from osteo_lib.views.dashboard_parts import (
    dashboard_text,
    footer_html,
    header_html,
    load_failed,
    mark_current,
    message_html,
    nav_button,
    questions_head_html,
    section_head_html,
    section_sources_html,
    send_text_on_change,
    start_here_html,
    warning_signs_html,
)
from osteo_lib.views.widgets import explorer as explorer_view
from osteo_lib.views.widgets import heatcold as heatcold_view
from osteo_lib.views.widgets import pathway as pathway_view
from osteo_lib.views.widgets import timeline as timeline_view
from osteo_lib.views.widgets.base import Widget, container, resolve_catalog
from osteo_lib.views.widgets.compare import ComparisonGrid
from osteo_lib.views.widgets.diary import PainDiary, Today, html_text
from osteo_lib.views.widgets.diary_device import DiaryKeeper
from osteo_lib.views.widgets.explorer import TreatmentExplorer, close_tree
from osteo_lib.views.widgets.heatcold import HeatColdHelper
from osteo_lib.views.widgets.pathway import PathwayExplorer
from osteo_lib.views.widgets.plan import PainPlan
from osteo_lib.views.widgets.priorities import WhatMattersToMe
from osteo_lib.views.widgets.summary import ProviderSummary
from osteo_lib.views.widgets.timeline import HealingTimeline

__all__ = [
    "Announcer",
    "PatientDashboard",
    "header_html",
    "section_head_html",
    "section_references",
    "warning_signs_html",
]

STATIC = Path(__file__).resolve().parents[1] / "views" / "static"
log = logging.getLogger(__name__)


# --- widgets --------------------------------------------------------------------------------------
def section_references(catalog: Catalog, content: DashboardContent, section_id: str) -> tuple[str, ...]:
    """Every reference id a part cites, each once: its main message's and notes', then those of everything it can
    show (every stage of the pathway and phase of the timeline, every card offered to patients and the
    heat and cold methods, the diary's scales, the questions to ask, the warning signs). The part's
    "Where this comes from" disclosure lists exactly these."""
    cited: dict[str, Callable[[], list[str]]] = {
        "understand": lambda: [
            *pathway_view.cited_references(catalog),
            *timeline_view.cited_references(catalog),
        ],
        "help": lambda: [
            *explorer_view.cited_references(catalog, "patient"),
            *heatcold_view.cited_references(catalog),
        ],
        "diary": lambda: list(DIARY_REFERENCE_IDS),
        "provider": lambda: [r for q in content.questions for r in q.references],
        "urgent": lambda: [r for s in content.warning_signs for r in s.references],
    }
    section = content.section(section_id)  # ValueError naming the parts for an unknown id
    pictures = load_pictures(catalog)
    drawn = [*pictures.pictures_at(f"dashboard_{section.id}")]
    if section.id == "urgent":
        drawn += [p for s in content.warning_signs for p in pictures.pictures_at(f"sign_{s.id}")]
    return tuple(
        dict.fromkeys(
            [
                *section.key_message.references,
                *(r for n in section.notes for r in n.references),
                *cited[section.id](),
                *(r for p in drawn for r in p.references),
            ]
        )
    )


class Announcer(anywidget.AnyWidget):
    """A polite live region (``role="status"``) that screen readers read when ``message`` changes.
    The region is created once in the page; only its text changes.

    It also brings a part's heading and main message into view when the part is opened by its button
    and they are off screen (on a phone the header and the buttons fill most of the screen): the front
    end scrolls ``.ow-dash-section--<reveal> .ow-dash-section__lead`` into view each time
    ``reveal_count`` goes up."""

    _esm = STATIC / "announce.js"
    message = t.Unicode("").tag(sync=True)
    #: The id of the part whose heading and main message to bring into view.
    reveal = t.Unicode("").tag(sync=True)
    #: Raised by one on each request, so opening the same part again asks again.
    reveal_count = t.Int(0).tag(sync=True)

    def show_part(self, section_id: str) -> None:
        """Ask the front end to bring the part's heading and main message into view."""
        with self.hold_sync():
            self.reveal = section_id
            self.reveal_count += 1


class PatientDashboard(Widget):
    """The patient dashboard. Show it by naming it in a notebook cell (``PatientDashboard()``).

    ``catalog``: the content (default: the workbook's data). ``today``: a date or a function returning
    one, passed to the diary and the summary (tests fix it). ``start``: the part shown first.

    Example::

        dash = PatientDashboard()
        dash.nav_buttons["diary"].click()      # what pressing the button does
        dash.current                           # 'diary'
        dash.diary.entries                     # the diary shown in that part
    """

    #: The id of the part shown.
    current = t.Enum(list(SECTION_IDS), default_value="understand")
    #: The tool shown in "What may help".
    help_part = t.Enum(list(HELP_PARTS), default_value="explorer")

    def __init__(
        self,
        catalog: Catalog | None = None,
        *,
        today: Today = None,
        start: SectionId = "understand",
        room: bool | None = None,
    ) -> None:
        super().__init__()
        self.room = in_workshop_room() if room is None else room
        text = dashboard_text()
        self.catalog = resolve_catalog(catalog)
        self.content = load_dashboard(self.catalog)
        self._today = today
        self.built: set[str] = set()
        self._pathway: PathwayExplorer | None = None
        self._timeline: HealingTimeline | None = None
        self._explorer: TreatmentExplorer | None = None
        self._priorities: WhatMattersToMe | None = None
        self._grid: ComparisonGrid | None = None
        self._carried: list[str] = []  # the picks the comparison last took from the explorer's marks
        self._heatcold: HeatColdHelper | None = None
        self._diary: PainDiary | None = None
        self._keeper: DiaryKeeper | None = None
        self._summary: ProviderSummary | None = None
        self._plan: PainPlan | None = None

        self.nav_buttons: dict[str, w.Button] = {
            s.id: nav_button(s.name, f"ow-dash-nav__button--{s.id}") for s in self.content.sections
        }
        for sid, button in self.nav_buttons.items():
            button.on_click(lambda _b, sid=sid: self.show(sid))
        self.nav = w.HBox(list(self.nav_buttons.values()))
        self.nav.add_class("ow-dash-nav")
        self.help_buttons: dict[str, w.Button] = {pid: nav_button(text[f"part_{pid}"]) for pid in HELP_PARTS}
        self.help_parts: dict[str, w.VBox] = {}
        for pid, button in self.help_buttons.items():
            button.on_click(lambda _b, p=pid: self.show_help_part(p))
            part = w.VBox(layout=w.Layout(display="none"))
            part.add_class("ow-dash-subpart")
            self.help_parts[pid] = part
        self.help_nav = w.HBox(list(self.help_buttons.values()))
        self.help_nav.add_class("ow-dash-nav")
        self.help_nav.add_class("ow-dash-subnav")
        self.header = w.HTML(header_html(self.catalog, self.content))
        self.header.add_class("ow-dash-header")
        self.announcer = Announcer()
        self.announcer.add_class("ow-dash-announcer")

        self.sections: dict[str, w.VBox] = {}
        #: Each part's one "Where this comes from" disclosure (always its last child).
        self.section_sources: dict[str, w.HTML] = {}
        for s in self.content.sections:
            head = w.HTML(section_head_html(s, self.catalog))
            head.add_class("ow-dash-section__head")
            sources = w.HTML(section_sources_html(self.catalog, section_references(self.catalog, self.content, s.id)))
            sources.add_class("ow-dash-section__sources")
            self.section_sources[s.id] = sources
            box = w.VBox([head, sources], layout=w.Layout(display="none"))
            box.add_class("ow-dash-section")
            box.add_class(f"ow-dash-section--{s.id}")
            self.sections[s.id] = box

        self.question_boxes: dict[str, w.Checkbox] = {
            q.id: w.Checkbox(description=q.patient_text, indent=False) for q in self.content.questions
        }
        for qid, box in self.question_boxes.items():
            box.add_class("ow-dash-question")
            box.observe(lambda change, qid=qid: self._on_question_ticked(qid, change["new"]), names="value")
        self.questions_status = w.HTML()

        footer = w.HTML(footer_html())
        footer.add_class("ow-dash-footer")
        self.container = container(
            self.header, self.nav, self.announcer, *self.sections.values(), footer, cls="ow-dashboard"
        )
        self.current = start
        self.observe(self.update, names=["current", "help_part"])
        self.update()

    # --- navigation -------------------------------------------------------------------------------
    def show(self, section_id: str) -> None:
        """Show one part (what its navigation button does) and bring its heading and main message into
        view. ``TraitError`` for an unknown id."""
        self.set_trait("current", section_id)  # validated: an unknown id raises TraitError
        self.announcer.show_part(section_id)

    def show_help_part(self, part_id: str) -> None:
        """Show one tool of "What may help" (what its button does): explorer, compare or heatcold."""
        self.set_trait("help_part", part_id)
        if part_id == "compare" and self._grid is not None and self._grid.picked in ([], self._carried):
            # the marks carry over again unless the person changed the picks in the comparison itself
            self._grid.picked = self._carried = self._marked_to_compare()
        self.current = "help"
        self.announcer.message = dashboard_text().format("now_showing", name=self._help_name(self.help_part))

    @staticmethod
    def _help_name(part_id: str) -> str:
        return dashboard_text()[f"part_{part_id}"]

    def update(self, change: object = None) -> None:
        """The single update path: ``current`` and ``help_part`` -> which part (and which tool of "What
        may help") is shown, the buttons' state and tooltips, and the live region's message."""
        text = dashboard_text()
        current, part = self.current, self.help_part
        self._build(current)
        if current == "help":
            self._build_help_part(part)
        tool_changed = isinstance(change, dict) and change.get("name") == "help_part"
        with self.container.hold_sync():
            for sid, box in self.sections.items():
                box.layout.display = None if sid == current else "none"
            for pid, box in self.help_parts.items():
                box.layout.display = None if pid == part else "none"
            names = {sid: self.content.section(sid).name for sid in self.nav_buttons}
            mark_current(self.nav_buttons, current, names, text)
            mark_current(self.help_buttons, part, {pid: self._help_name(pid) for pid in HELP_PARTS}, text)
            if not tool_changed:
                self.announcer.message = text.format("now_showing", name=names[current])
            elif current == "help":
                self.announcer.message = text.format("now_showing", name=self._help_name(part))

    # --- building the parts on first use ----------------------------------------------------------
    def _build(self, section_id: str) -> None:
        if section_id in self.built:
            return
        builders: dict[str, Callable[[], list[w.Widget]]] = {
            "understand": lambda: [self.pathway.container, self.timeline.container],
            "help": lambda: [self._start_here_widget(), self.help_nav, *self.help_parts.values()],
            "diary": lambda: [self.diary.container],
            "provider": lambda: [self.plan.container, self._questions_box(), self.summary.container],
            "urgent": lambda: [self._signs_widget()],
        }
        box = self.sections[section_id]
        try:
            children = builders[section_id]()
        except Exception:  # never show a traceback to a patient; the server log has it
            log.exception("dashboard part %r could not be built", section_id)
            children = [load_failed()]
        head, *built, sources = box.children  # the sources disclosure stays last
        box.children = (head, *built, *children, sources)
        self.built.add(section_id)

    def _build_help_part(self, part_id: str) -> None:
        key = f"help.{part_id}"
        if key in self.built:
            return
        makers: dict[str, Callable[[], tuple[w.Widget, ...]]] = {
            # "What matters to me" sits beside the choices, above the first card it reorders
            "explorer": lambda: (self._explorer_with_priorities(),),
            "compare": lambda: (self.grid.container,),
            "heatcold": lambda: (self.heatcold.container,),
        }
        try:
            children = makers[part_id]()
        except Exception:  # never show a traceback to a patient; the server log has it
            log.exception("dashboard tool %r could not be built", part_id)
            children = (load_failed(),)
        self.help_parts[part_id].children = children
        self.built.add(key)

    def _questions_box(self) -> w.VBox:
        heading = w.HTML(questions_head_html(self.content))
        box = w.VBox([heading, *self.question_boxes.values(), self.questions_status])
        box.add_class("ow-dash-questions")
        return box

    def _start_here_widget(self) -> w.HTML:
        """What may help's "Start here" box, under the part's lead (built from the methods' start_here)."""
        box = w.HTML(start_here_html(self.catalog))
        box.add_class("ow-dash-start-widget")
        return box

    def _signs_widget(self) -> w.HTML:
        signs = w.HTML(warning_signs_html(self.content, self.catalog))
        signs.add_class("ow-dash-signs-widget")
        return signs

    @property
    def pathway(self) -> PathwayExplorer:
        if self._pathway is None:
            self._pathway = PathwayExplorer(self.catalog, audience="patient", sources=False)
        return self._pathway

    @property
    def timeline(self) -> HealingTimeline:
        if self._timeline is None:
            self._timeline = HealingTimeline(self.catalog, audience="patient", sources=False)
        return self._timeline

    @property
    def explorer(self) -> TreatmentExplorer:
        if self._explorer is None:
            self._explorer = TreatmentExplorer(self.catalog, audience="patient", sources=False, short=True)
        return self._explorer

    def _explorer_with_priorities(self) -> w.Widget:
        """The explorer with "What matters to me" between its choices and its first card."""
        self.explorer.before_cards.children = (self.priorities.container,)
        return self.explorer.container

    @property
    def priorities(self) -> WhatMattersToMe:
        """The "What matters to me" step; its ticks order the explorer's options and reach the summary."""
        if self._priorities is None:
            self._priorities = WhatMattersToMe(self.explorer)
        return self._priorities

    @property
    def grid(self) -> ComparisonGrid:
        if self._grid is None:
            self._carried = self._marked_to_compare()
            self._grid = ComparisonGrid(self.catalog, picked=self._carried)
        return self._grid

    def _marked_to_compare(self) -> list[str]:
        """The options marked in the explorer (the first :data:`COMPARE_MAX`), so that the comparison
        starts from what the person already picked out."""
        return [] if self._explorer is None else list(self._explorer.marked)[:COMPARE_MAX]

    @property
    def heatcold(self) -> HeatColdHelper:
        if self._heatcold is None:
            self._heatcold = HeatColdHelper(self.catalog, sources=False)
        return self._heatcold

    @property
    def diary(self) -> PainDiary:
        if self._diary is None:
            self._diary = PainDiary(self.catalog, today=self._today, sources=False)
            send_text_on_change(self._diary.note, self._diary.other)
            # built with the diary, so a diary kept on this device is opened even if the summary asks first
            self._keeper = DiaryKeeper(self._diary, room=self.room)
        return self._diary

    @property
    def keeper(self) -> DiaryKeeper | None:
        """The "keep my diary on this device" panel (shown inside the diary; built with it)."""
        return self._keeper

    @property
    def summary(self) -> ProviderSummary:
        if self._summary is None:
            self._summary = ProviderSummary(
                self.diary,
                marked_source=self.explorer,
                catalog=self.catalog,
                today=self._today,
                priorities_source=self.priorities,
            )
            send_text_on_change(
                self._summary.name_input,
                self._summary.questions_input,
                self._summary.conditions_input,
                self._summary.medicines_input,
            )
        return self._summary

    @property
    def plan(self) -> PainPlan:
        """My pain plan: offers the options marked in the explorer, shows the questions of the summary's box,
        and its "Open Get help now" button opens that part."""
        if self._plan is None:
            self._plan = PainPlan(
                self.catalog,
                marked_source=self.explorer,
                questions_source=self.summary.questions_input,
                today=self._today,
            )
            self._plan.help_button.on_click(lambda _b: self.show("urgent"))
            self._plan.observe(self._plan_to_summary, names=["items"])
            self._plan_to_summary()
        return self._plan

    def _plan_to_summary(self, _change: object = None) -> None:
        """The plan's things to try (and what to do if pain gets worse) go into the provider summary as its
        "My pain plan" part; an empty plan adds nothing."""
        assert self._plan is not None
        title, items, note = summary_parts(self.catalog, self._plan.plan)
        self.summary.extra_blocks = (SummaryBlock(title, items, note),) if items else ()

    # --- questions to ask -------------------------------------------------------------------------
    @property
    def ticked_questions(self) -> tuple[str, ...]:
        """The texts of the questions ticked, in list order."""
        return tuple(q.patient_text for q in self.content.questions if self.question_boxes[q.id].value)

    def _on_question_ticked(self, question_id: str, ticked: bool) -> None:
        """A ticked question goes into the summary's questions box at once (each once); unticking it takes
        it out again. Nothing else the person wrote there is touched."""
        question = next(q.patient_text for q in self.content.questions if q.id == question_id)
        before = self.summary.questions_input.value
        if ticked:
            self.summary.questions_input.value = merge_questions(before, [question])
            key = "questions_added_one"
        else:
            self.summary.questions_input.value = remove_question(before, question)
            key = "questions_removed"
        self.questions_status.value = message_html(key, cls="ow-ok", role="status")

    # --- conveniences -----------------------------------------------------------------------------
    @property
    def text(self) -> str:
        """The HTML of the part shown (stylesheets left out), for tests and quick checks."""
        return html_text(self.sections[self.current])

    def close(self) -> None:
        """Stop the heat and cold timer and close every widget of the dashboard."""
        for part in (
            self._pathway,
            self._timeline,
            self._priorities,
            self._explorer,
            self._grid,
            self._diary,
            self._summary,
            self._plan,
        ):
            if part is not None and hasattr(part, "close"):
                part.close()
        if self._heatcold is not None:
            self._heatcold.close()
        close_tree(self.container)
