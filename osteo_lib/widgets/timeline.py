"""Fracture healing and pain timeline: pick the type of break and the weeks since it happened.

Shows a timeline picture (SVG built in Python, ``role="img"`` with an ``aria-label``) with the phases
from :func:`osteo_lib.healing.phase_spans` and a marker at the chosen week, a table with the same facts,
and what the current phase means (from data/timeline.yaml): what to expect, what may help, and when
to talk to a care team.

Usage in a notebook::

    from osteo_lib.widgets.timeline import HealingTimeline
    timeline = HealingTimeline()
    timeline.container                    # display it
    timeline.weeks.value = 14             # or type in the weeks box
    timeline.phase.id                     # 'chronic'
"""

from __future__ import annotations

import textwrap
from typing import Any, Literal

import ipywidgets as w

from osteo_lib.catalog import Catalog
from osteo_lib.healing import Phase, PhaseSpan, Timeline, healing_phase, load_timeline, phase_spans
from osteo_lib.widgets._base import container, esc, join, resolve_catalog, sources_html, tag

Audience = Literal["patient", "student"]

#: The weeks box and the picture cover the first year.
WEEKS_SHOWN = 52

#: Every patient-facing string of this widget (checked for reading level by the test suite).
TEXT: dict[str, str] = {
    "heading": "Healing and pain over time",
    "intro": (
        "Pain after a broken bone changes as the bone heals. "
        "Choose the type of break and how many weeks ago it happened."
    ),
    "fracture_label": "Type of break",
    "weeks_label": "Weeks since the break",
    "weeks_help": "Type a number from 0 to {max}, or use the up and down arrow keys in the box.",
    "picture_label": (
        "Timeline of healing after a break, from 0 to {shown} weeks. "
        "The marker is at week {weeks}, in the phase: {phase}."
    ),
    "marker": "Week {weeks}",
    "usual_range": "Most breaks heal in {low} to {high} weeks",
    "weeks_unit": "weeks",
    "table_caption": "The timeline in words",
    "col_phase": "Phase",
    "col_weeks": "When",
    "col_now": "Now",
    "span_from_to": "From week {start} to just before week {end}",
    "span_point": "At week {start}",
    "span_from_to_incl": "From week {start} to week {end}",
    "span_after": "After week {start}",
    "you_are_here": "You are here",
    "phase_heading": "Week {weeks}: {phase}",
    "about_break": "About your break: {name}",
    "expect": "What to expect",
    "may_help": "What may help",
    "talk": "When to talk to your care team",
    "sources": "Sources",
}


def _num(x: float) -> str:
    return f"{x:g}"


def span_words(span: PhaseSpan) -> str:
    """When a phase happens, in words."""
    if span.end is None:
        return TEXT["span_after"].format(start=_num(span.start))
    if span.end_included and span.end == span.start:
        return TEXT["span_point"].format(start=_num(span.start))
    key = "span_from_to_incl" if span.end_included else "span_from_to"
    return TEXT[key].format(start=_num(span.start), end=_num(span.end))


# Picture geometry (SVG user units).
_W = 1000
_X0, _X1 = 40, 960
_BAND_TOP, _BAND_BOT = 64, 134
_AXIS_Y = 146


def _x(weeks: float) -> float:
    return _X0 + (_X1 - _X0) * min(max(weeks, 0), WEEKS_SHOWN) / WEEKS_SHOWN


def timeline_svg(phase: Phase, timeline: Timeline, spans: tuple[PhaseSpan, ...], usual: tuple[int, int]) -> str:
    """The timeline picture: phase bands, week ticks, the usual healing range and a marker."""
    parts: list[str] = []
    names = {g.id: g.name for g in timeline.phases}
    for span in spans:
        x1 = _x(span.start)
        x2 = _x(span.end if span.end is not None else WEEKS_SHOWN)
        current = span.id == phase.id
        cls = f"ow-timeline-band ow-timeline-{span.id}" + (" ow-timeline-band--current" if current else "")
        if x2 - x1 < 1:  # a phase that is a single point in time: draw it as a milestone line
            parts.append(tag("g", join([
                tag("line", cls="ow-timeline-milestone", x1=f"{x1:g}", y1=f"{_BAND_TOP - 6}", x2=f"{x1:g}",
                    y2=f"{_AXIS_Y}"),
                tag("text", names[span.id], cls="ow-timeline-milestone-label", x=f"{x1 + 6:g}", y=f"{_AXIS_Y + 52}"),
            ]), raw=True, cls=cls, data_phase=span.id))
            continue
        lines = textwrap.wrap(names[span.id], width=max(6, int((x2 - x1) / 10.5))) or [names[span.id]]
        mid = (_BAND_TOP + _BAND_BOT) / 2 - (len(lines) - 1) * 11 + 6
        label = tag("text", join(
            tag("tspan", line, x=f"{(x1 + x2) / 2:g}", dy="0" if i == 0 else "22") for i, line in enumerate(lines)
        ), raw=True, cls="ow-timeline-band-label", x=f"{(x1 + x2) / 2:g}", y=f"{mid:g}", text_anchor="middle")
        parts.append(tag("g", tag("rect", x=f"{x1:g}", y=f"{_BAND_TOP}", width=f"{x2 - x1:g}",
                                  height=f"{_BAND_BOT - _BAND_TOP}") + label, raw=True, cls=cls, data_phase=span.id))
    # axis and ticks at the data's own boundaries
    parts.append(tag("line", cls="ow-timeline-axis", x1=f"{_X0}", y1=f"{_AXIS_Y}", x2=f"{_X1}", y2=f"{_AXIS_Y}"))
    ticks = sorted({0, WEEKS_SHOWN, *(s.start for s in spans), *(s.end for s in spans if s.end is not None),
                    usual[1]})
    for t in ticks:
        if t > WEEKS_SHOWN:
            continue
        x = _x(t)
        parts.append(tag("line", cls="ow-timeline-tick", x1=f"{x:g}", y1=f"{_AXIS_Y}", x2=f"{x:g}", y2=f"{_AXIS_Y + 8}"))
        parts.append(tag("text", _num(t), cls="ow-timeline-tick-label", x=f"{x:g}", y=f"{_AXIS_Y + 28}",
                         text_anchor="middle"))
    parts.append(tag("text", TEXT["weeks_unit"], cls="ow-timeline-tick-label", x=f"{_X1:g}", y=f"{_AXIS_Y + 50}",
                     text_anchor="end"))
    # the usual healing range
    ry = _AXIS_Y + 76
    rx1, rx2 = _x(usual[0]), _x(usual[1])
    parts.append(tag("g", join([
        tag("line", x1=f"{rx1:g}", y1=f"{ry}", x2=f"{rx2:g}", y2=f"{ry}"),
        tag("line", x1=f"{rx1:g}", y1=f"{ry - 8}", x2=f"{rx1:g}", y2=f"{ry + 8}"),
        tag("line", x1=f"{rx2:g}", y1=f"{ry - 8}", x2=f"{rx2:g}", y2=f"{ry + 8}"),
        tag("text", TEXT["usual_range"].format(low=usual[0], high=usual[1]), cls="ow-timeline-range-label",
            x=f"{rx1:g}", y=f"{ry + 28}"),
    ]), raw=True, cls="ow-timeline-range"))
    # the marker
    mx = _x(phase.weeks)
    label_x = min(max(mx, _X0 + 50), _X1 - 50)
    parts.append(tag("g", join([
        tag("text", TEXT["marker"].format(weeks=_num(phase.weeks)), cls="ow-timeline-marker-label",
            x=f"{label_x:g}", y="24", text_anchor="middle"),
        tag("polygon", points=f"{mx - 10:g},34 {mx + 10:g},34 {mx:g},50"),
        tag("line", x1=f"{mx:g}", y1="50", x2=f"{mx:g}", y2=f"{_AXIS_Y}"),
    ]), raw=True, cls="ow-timeline-marker", data_weeks=_num(phase.weeks)))
    aria = TEXT["picture_label"].format(shown=WEEKS_SHOWN, weeks=_num(phase.weeks), phase=phase.name)
    return tag("svg", join(parts), raw=True, cls="ow-timeline-svg", xmlns="http://www.w3.org/2000/svg",
               viewBox=f"0 0 {_W} {ry + 44}", role="img", aria_label=aria)


def timeline_table(phase: Phase, timeline: Timeline, spans: tuple[PhaseSpan, ...]) -> str:
    """Text alternative of the picture: each phase, when it happens, and where the person is now."""
    names = {g.id: g.name for g in timeline.phases}
    head = tag("tr", join(tag("th", TEXT[k], scope="col") for k in ("col_phase", "col_weeks", "col_now")), raw=True)
    rows = []
    for span in spans:
        now = span.id == phase.id
        rows.append(tag("tr", tag("th", names[span.id], scope="row") + tag("td", span_words(span))
                        + tag("td", TEXT["you_are_here"] if now else ""), raw=True,
                        cls="ow-timeline-row--current" if now else None, data_phase=span.id))
    return tag("table", tag("caption", TEXT["table_caption"]) + tag("thead", head, raw=True)
               + tag("tbody", join(rows), raw=True), raw=True, cls="ow-timeline-table")


def phase_html(catalog: Catalog, phase: Phase, audience: Audience) -> str:
    """What the phase means: the fracture note, what to expect, what may help, when to talk, sources."""
    student = audience == "student"
    g, f = phase.guide, phase.fracture
    methods = [catalog.method(m) for m in g.methods]
    return join([
        tag("h3", TEXT["phase_heading"].format(weeks=_num(phase.weeks), phase=g.name)),
        tag("h4", TEXT["about_break"].format(name=f.name)),
        tag("p", f.student_text if student else f.patient_text),
        tag("h4", TEXT["expect"]),
        tag("p", g.expect_student if student else g.expect_patient),
        tag("h4", TEXT["may_help"]),
        tag("p", g.may_help_text),
        tag("ul", join(tag("li", tag("strong", m.name) + ": " + esc(m.patient_summary), raw=True, data_method=m.id)
                       for m in methods), raw=True, cls="ow-timeline-methods"),
        tag("h4", TEXT["talk"]),
        tag("ul", join(tag("li", s.student_text if student else s.patient_text, data_sign=s.id)
                       for s in g.talk_to_provider), raw=True, cls="ow-timeline-talk"),
        tag("h4", TEXT["sources"]),
        sources_html(catalog, phase.references, audience),
    ])


class HealingTimeline:
    """Where am I in healing? Pick a type of break and the weeks since it happened.

    Controls: ``fracture`` (Dropdown of fracture types), ``weeks`` (BoundedIntText, 0-52). State: ``phase``
    (a :class:`~osteo_lib.healing.Phase`), ``shown_methods`` (method ids listed), ``picture``,
    ``table`` and ``details`` (HTML widgets).

    Example::

        timeline = HealingTimeline(audience="patient")
        timeline.fracture.value = "hip"
        timeline.weeks.value = 20
        timeline.phase.id        # 'chronic'
    """

    def __init__(self, catalog: Catalog | None = None, *, audience: Audience = "patient",
                 fracture_type: str | None = None, weeks: int = 0) -> None:
        if audience not in ("patient", "student"):
            raise ValueError(f"audience must be 'patient' or 'student'; got {audience!r}")
        self.catalog = resolve_catalog(catalog)
        self.audience: Audience = audience
        self.timeline = load_timeline(self.catalog)
        self.spans = phase_spans(self.catalog.healing)
        options = [(f.name, f.id) for f in self.timeline.fracture_types]
        start_type = fracture_type if fracture_type is not None else options[0][1]
        # Validate the start values with the pure function (ValueError for bad ones).
        self.phase: Phase = healing_phase(weeks, start_type, self.catalog.healing, self.timeline)
        if not 0 <= weeks <= WEEKS_SHOWN:
            raise ValueError(f"weeks must be from 0 to {WEEKS_SHOWN} in this widget; got {weeks}")
        self.shown_methods: tuple[str, ...] = ()
        self.fracture = w.Dropdown(options=options, value=start_type, description=TEXT["fracture_label"],
                                   style={"description_width": "initial"},
                                   layout=w.Layout(width="100%", max_width="40rem"))
        # A labelled number box rather than a slider: its <input> is tied to its <label>, so screen
        # readers announce the name (ipywidgets slider handles have no accessible name).
        self.weeks = w.BoundedIntText(value=weeks, min=0, max=WEEKS_SHOWN, step=1, description=TEXT["weeks_label"],
                                      style={"description_width": "initial"})
        self.fracture.add_class("ow-timeline-fracture")
        self.weeks.add_class("ow-timeline-weeks")
        self.picture = w.HTML()
        self.picture.add_class("ow-timeline-picture")
        self.table = w.HTML()
        self.details = w.HTML()
        self.details.add_class("ow-timeline-details")
        header = w.HTML(tag("h2", TEXT["heading"]) + tag("p", TEXT["intro"]))
        controls = w.VBox([self.fracture, self.weeks, w.HTML(tag("p", TEXT["weeks_help"].format(max=WEEKS_SHOWN), cls="ow-note"))])
        controls.add_class("ow-timeline-controls")
        self.container = container(header, controls, self.picture, self.table, self.details, cls="ow-timeline")
        self.fracture.observe(self._on_change, names="value")
        self.weeks.observe(self._on_change, names="value")
        self._render()

    def _on_change(self, change: dict[str, Any]) -> None:
        self._render()

    def _render(self) -> None:
        """The single update path: controls -> phase -> picture, table and phase text."""
        self.phase = healing_phase(self.weeks.value, self.fracture.value, self.catalog.healing, self.timeline)
        self.shown_methods = self.phase.guide.methods
        usual = self.catalog.healing.range_weeks
        with self.picture.hold_sync(), self.table.hold_sync(), self.details.hold_sync():
            self.picture.value = timeline_svg(self.phase, self.timeline, self.spans, usual)
            self.table.value = timeline_table(self.phase, self.timeline, self.spans)
            self.details.value = phase_html(self.catalog, self.phase, self.audience)
