"""Fracture healing and pain timeline: pick the type of break and the day it happened (or, for
students, the weeks since it happened).

Shows a timeline picture (SVG shapes and HTML labels in one ``role="img"`` with an ``aria-label``; the
only SVG text is the week numbers, at their real size) with the phases from
:func:`osteo_lib.care.healing.phase_spans` and a marker at the chosen week, a table with the same facts,
and what the current phase means (from data/timeline.yaml): what to expect, what may help, and when
to talk to a care team. Its words are in ``data/ui/timeline.yaml``; its markup in
``views/templates/timeline/``.

Usage in a notebook::

    from osteo_lib.views.widgets.timeline import HealingTimeline
    timeline = HealingTimeline()
    timeline                              # display it
    timeline.break_date.value = date(2025, 1, 6)   # the day of the break: the weeks are worked out
    timeline.weeks.value = 14             # or type in the weeks box (students see it)
    timeline.phase.id                     # 'chronic'
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Literal

import ipywidgets as w

from osteo_lib.care.diary import fmt_day
from osteo_lib.care.healing import Phase, PhaseSpan, SinceBreak, healing_phase, phase_spans, since_break
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.timeline import Timeline, load_timeline
from osteo_lib.content.ui import UiTexts, ui_texts
from osteo_lib.views.pictures import pictures_at_html
from osteo_lib.views.templates import Markup, render
from osteo_lib.views.widgets.base import Widget, container, resolve_catalog

__all__ = [
    "WEEKS_SHOWN",
    "Audience",
    "HealingTimeline",
    "cited_references",
    "phase_html",
    "span_words",
    "timeline_svg",
    "timeline_table",
]

Audience = Literal["patient", "student"]

#: The weeks box and the picture cover the first year.
WEEKS_SHOWN = 52


def _texts() -> UiTexts:
    return ui_texts("timeline")


def _num(x: float) -> str:
    return f"{x:g}"


def span_words(span: PhaseSpan) -> str:
    """When a phase happens, in words."""
    text = _texts()
    if span.end is None:
        return text.format("span_after", start=_num(span.start))
    if span.end_included and span.end == span.start:
        return text.format("span_point", start=_num(span.start))
    key = "span_from_to_incl" if span.end_included else "span_from_to"
    return text.format(key, start=_num(span.start), end=_num(span.end))


# Picture geometry. The SVG has no viewBox: x positions are percentages of its width and y positions
# are CSS pixels, so its few short labels (week numbers) keep their real size on a phone instead of
# shrinking with the picture. Every longer label is HTML: the phase names are in the table under the
# picture (each with a swatch of its colour), and the caption and the usual healing time are HTML
# paragraphs in the figure, where they wrap.
_GEOMETRY = {"band_top": 24, "band_bottom": 84, "axis_y": 92, "tick_text_y": 118, "range_y": 140, "height": 152}


def _pct(weeks: float) -> float:
    """Where a week sits across the picture, in per cent of its width."""
    return 100 * min(max(weeks, 0), WEEKS_SHOWN) / WEEKS_SHOWN


def _x(weeks: float) -> str:
    return f"{_pct(weeks):.4g}%"


def _bands(phase: Phase, spans: tuple[PhaseSpan, ...]) -> list[dict[str, Any]]:
    bands = []
    for span in spans:
        x1, x2 = _pct(span.start), _pct(span.end if span.end is not None else WEEKS_SHOWN)
        # a phase that is a single point in time is drawn as a milestone line
        bands.append(
            {
                "id": span.id,
                "current": span.id == phase.id,
                "milestone": x2 - x1 < 0.1,
                "x": f"{x1:.4g}%",
                "width": f"{x2 - x1:.4g}%",
            }
        )
    return bands


def _ticks(spans: tuple[PhaseSpan, ...], usual: tuple[int, int]) -> list[dict[str, str]]:
    """Ticks at the data's own boundaries; the first and last numbers stay inside the picture."""
    weeks = sorted({0, WEEKS_SHOWN, *(s.start for s in spans), *(s.end for s in spans if s.end is not None), usual[1]})
    return [
        {"x": _x(t), "label": _num(t), "anchor": "start" if t == 0 else "end" if t == WEEKS_SHOWN else "middle"}
        for t in weeks
        if t <= WEEKS_SHOWN
    ]


def timeline_svg(phase: Phase, timeline: Timeline, spans: tuple[PhaseSpan, ...], usual: tuple[int, int]) -> Markup:
    """The timeline picture: phase bands, week ticks, the usual healing range and a marker at the week,
    in a figure (``role="img"`` with an ``aria-label``) with an HTML caption and range label."""
    text = _texts()
    weeks = _num(phase.weeks)
    usual_text = text.format("usual_range", low=usual[0], high=usual[1])
    label = text.format("picture_label", shown=WEEKS_SHOWN, weeks=weeks, phase=phase.name) + " " + usual_text + "."
    return render(
        "timeline/picture.html.j2",
        geometry=_GEOMETRY,
        bands=_bands(phase, spans),
        ticks=_ticks(spans, usual),
        # the usual healing range: a bar with end caps (its words are the paragraph under the picture)
        usual={"x1": _x(usual[0]), "x2": _x(min(usual[1], WEEKS_SHOWN))},
        # the marker: a triangle above the bands (a nested SVG placed at the week) and a line down to the axis
        marker={"x": _x(phase.weeks), "weeks": weeks},
        label=label,
        caption=text.format("marker", weeks=weeks, phase=phase.name),
        unit=text["weeks_unit"],
        range_label=text.format("range_key", low=usual[0], high=usual[1]),
    )


def timeline_table(phase: Phase, timeline: Timeline, spans: tuple[PhaseSpan, ...]) -> Markup:
    """Text alternative of the picture: each phase, when it happens, and where the person is now."""
    text = _texts()
    names = {g.id: g.name for g in timeline.phases}
    rows = [
        {
            "id": span.id,
            "name": names[span.id],
            "when": span_words(span),
            "now": span.id == phase.id,
            "milestone": span.end is not None and span.end_included and span.end == span.start,
        }
        for span in spans
    ]
    return render(
        "timeline/table.html.j2",
        caption=text["table_caption"],
        headings=[text[k] for k in ("col_phase", "col_weeks", "col_now")],
        rows=rows,
        you_are_here=text["you_are_here"],
    )


def cited_references(catalog: Catalog) -> tuple[str, ...]:
    """Every reference id the timeline can show (each phase of each type of break, weeks 0 to
    :data:`WEEKS_SHOWN`), each once. The patient dashboard lists them once, under "Where this comes
    from", for a timeline built with ``sources=False``."""
    timeline = load_timeline(catalog)
    return tuple(
        dict.fromkeys(
            r
            for f in timeline.fracture_types
            for weeks in range(WEEKS_SHOWN + 1)
            for r in healing_phase(weeks, f.id, catalog.healing, timeline).references
        )
    )


def phase_html(catalog: Catalog, phase: Phase, audience: Audience, *, sources: bool = True) -> Markup:
    """What the phase means: the fracture note, what to expect, what may help, when to talk, and (unless
    ``sources`` is false) its sources."""
    if audience not in ("student", "patient"):
        raise ValueError(f"audience must be 'student' or 'patient', not {audience!r}")
    text = _texts()
    student = audience == "student"
    g, f = phase.guide, phase.fracture
    return render(
        "timeline/details.html.j2",
        text=text,
        heading=text.format("phase_heading", weeks=_num(phase.weeks), phase=g.name),
        about=text.format("about_break", name=f.name),
        fracture_text=f.student_text if student else f.patient_text,
        expect=g.expect_student if student else g.expect_patient,
        steps=() if student else g.expect_steps,
        pictures=pictures_at_html(catalog, f"timeline_{g.id}") + pictures_at_html(catalog, f"timeline_{g.id}_{f.id}"),
        may_help=g.may_help_text,
        methods=[catalog.method(m) for m in g.methods],
        signs=[{"id": s.id, "text": s.student_text if student else s.patient_text} for s in g.talk_to_provider],
        refs=catalog.references_for(phase.references) if sources else (),
        audience=audience,
    )


class HealingTimeline(Widget):
    """Where am I in healing? Pick a type of break and the weeks since it happened.

    Controls: ``fracture`` (Dropdown of fracture types), ``break_date`` ("When did the break happen?", a
    DatePicker: the weeks are worked out by :func:`~osteo_lib.care.healing.since_break`, so nobody counts
    weeks) and ``weeks`` (BoundedIntText, 0-52; shown to students only, hidden for patients). State:
    ``phase`` (a :class:`~osteo_lib.care.healing.Phase`), ``since`` (the last
    :class:`~osteo_lib.care.healing.SinceBreak`, or None), ``date_message`` (what the date means, or why it
    was not used), ``shown_methods`` (method ids listed), ``picture``, ``table`` and ``details`` (HTML
    widgets); ``header``, ``date_help`` and ``weeks_help`` (static HTML).

    Example::

        timeline = HealingTimeline(audience="patient")
        timeline.fracture.value = "hip"
        timeline.weeks.value = 20
        timeline.phase.id        # 'chronic'
    """

    def __init__(
        self,
        catalog: Catalog | None = None,
        *,
        audience: Audience = "patient",
        fracture_type: str | None = None,
        weeks: int = 0,
        sources: bool = True,
        today: Callable[[], date] = date.today,
    ) -> None:
        if audience not in ("patient", "student"):
            raise ValueError(f"audience must be 'patient' or 'student'; got {audience!r}")
        text = _texts()
        self.catalog = resolve_catalog(catalog)
        self.audience: Audience = audience
        #: Whether the phase text ends with its sources (the patient dashboard lists them once per part).
        self.show_sources = sources
        self.timeline = load_timeline(self.catalog)
        self.spans = phase_spans(self.catalog.healing)
        options = [(f.name, f.id) for f in self.timeline.fracture_types]
        start_type = fracture_type if fracture_type is not None else options[0][1]
        # Validate the start values with the pure function (ValueError for bad ones).
        self.phase: Phase = healing_phase(weeks, start_type, self.catalog.healing, self.timeline)
        if not 0 <= weeks <= WEEKS_SHOWN:
            raise ValueError(f"weeks must be from 0 to {WEEKS_SHOWN} in this widget; got {weeks}")
        self.shown_methods: tuple[str, ...] = ()
        self.fracture = w.Dropdown(
            options=options,
            value=start_type,
            description=text["fracture_label"],
            style={"description_width": "initial"},
            layout=w.Layout(width="100%", max_width="40rem"),
        )
        # A labelled number box rather than a slider: its <input> is tied to its <label>, so screen
        # readers announce the name (ipywidgets slider handles have no accessible name).
        self.weeks = w.BoundedIntText(
            value=weeks,
            min=0,
            max=WEEKS_SHOWN,
            step=1,
            description=text["weeks_label"],
            style={"description_width": "initial"},
        )
        self._today = today
        self.since: SinceBreak | None = None
        self.break_date = w.DatePicker(
            value=None, description=text["date_label"], style={"description_width": "initial"}
        )
        self.break_date.add_class("ow-timeline-date")
        self.date_help = w.HTML(str(render("timeline/help.html.j2", help=text["date_help"])))
        self.date_message = w.HTML()
        self.fracture.add_class("ow-timeline-fracture")
        self.weeks.add_class("ow-timeline-weeks")
        self.picture = w.HTML()
        self.picture.add_class("ow-timeline-picture")
        self.table = w.HTML()
        self.details = w.HTML()
        self.details.add_class("ow-timeline-details")
        self.header = w.HTML(str(render("timeline/header.html.j2", heading=text["heading"], intro=text["intro"])))
        self.weeks_help = w.HTML(str(render("timeline/help.html.j2", help=text.format("weeks_help", max=WEEKS_SHOWN))))
        controls = w.VBox(
            [self.fracture, self.break_date, self.date_help, self.date_message, self.weeks, self.weeks_help]
        )
        if audience == "patient":  # patients give a date; the weeks box stays as the widget's state only
            self.weeks.layout.display = "none"
            self.weeks_help.layout.display = "none"
        controls.add_class("ow-timeline-controls")
        self.container = container(self.header, controls, self.picture, self.table, self.details, cls="ow-timeline")
        self.fracture.observe(self.update, names="value")
        self.weeks.observe(self.update, names="value")
        self.break_date.observe(self._on_break_date, names="value")
        self.update()

    def _on_break_date(self, change: dict[str, Any]) -> None:
        """A break date chosen: the weeks since it (the phase follows), or a message and no change for a
        date in the future; a date more than a year ago shows the last week of the first year."""
        text = _texts()
        day = change["new"]
        if day is None:
            self.since = None
            self.date_message.value = ""
            return
        self.since = since_break(day, self._today())
        s = self.since
        if s.status == "future":
            message = text.format("date_future", day=fmt_day(day))
        elif s.status == "over_a_year":
            message = text.format("date_over_year", phase=self.timeline.guide("chronic").name)
        elif s.days == 0:
            message = text["date_today"]
        elif s.weeks == 0:
            message = text["date_under_week"]
        elif s.weeks == 1:
            message = text["date_one_week"]
        else:
            message = text.format("date_weeks", weeks=s.weeks)
        self.date_message.value = str(render("timeline/date_message.html.j2", message=message, warn=s.status != "ok"))
        if s.status != "future":
            self.weeks.value = min(s.weeks, WEEKS_SHOWN)

    def update(self, change: object = None) -> None:
        """The single update path: controls -> phase -> picture, table and phase text."""
        self.phase = healing_phase(self.weeks.value, self.fracture.value, self.catalog.healing, self.timeline)
        self.shown_methods = self.phase.guide.methods
        usual = self.catalog.healing.range_weeks
        with self.picture.hold_sync(), self.table.hold_sync(), self.details.hold_sync():
            self.picture.value = str(timeline_svg(self.phase, self.timeline, self.spans, usual))
            self.table.value = str(timeline_table(self.phase, self.timeline, self.spans))
            self.details.value = str(phase_html(self.catalog, self.phase, self.audience, sources=self.show_sources))
