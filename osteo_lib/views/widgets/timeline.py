"""Fracture healing and pain timeline: pick the type of break and the weeks since it happened.

Shows a timeline picture (built in Python: SVG shapes and HTML labels in one ``role="img"`` with an
``aria-label``; the only SVG text is the week numbers, at their real size) with the phases
from :func:`osteo_lib.care.healing.phase_spans` and a marker at the chosen week, a table with the same facts,
and what the current phase means (from data/timeline.yaml): what to expect, what may help, and when
to talk to a care team.

Usage in a notebook::

    from osteo_lib.views.widgets.timeline import HealingTimeline
    timeline = HealingTimeline()
    timeline.container                    # display it
    timeline.weeks.value = 14             # or type in the weeks box
    timeline.phase.id                     # 'chronic'
"""

from __future__ import annotations

from typing import Any, Literal

import ipywidgets as w

from osteo_lib.content.catalog import Catalog
from osteo_lib.care.healing import Phase, PhaseSpan, Timeline, healing_phase, load_timeline, phase_spans
from osteo_lib.views.widgets.base import Widget, container, esc, join, resolve_catalog, sources_html, tag

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
    "marker": "The arrow at the top points to week {weeks}: {phase}.",
    "range_key": "The bottom line shows when most breaks heal: {low} to {high} weeks.",
    "usual_range": "Most breaks heal in {low} to {high} weeks",
    "weeks_unit": "The numbers under the picture are weeks since the break.",
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


# Picture geometry. The SVG has no viewBox: x positions are percentages of its width and y positions
# are CSS pixels, so its few short labels (week numbers) keep their real size on a phone instead of
# shrinking with the picture. Every longer label is HTML: the phase names are in the table under the
# picture (each with a swatch of its colour), and the caption and the usual healing time are HTML
# paragraphs in the figure, where they wrap.
_BAND_TOP, _BAND_BOT = 24, 84
_AXIS_Y = 92
_TICK_TEXT_Y = 118
_RANGE_Y = 140
_HEIGHT = 152


def _pct(weeks: float) -> float:
    """Where a week sits across the picture, in per cent of its width."""
    return 100 * min(max(weeks, 0), WEEKS_SHOWN) / WEEKS_SHOWN


def _x(weeks: float) -> str:
    return f"{_pct(weeks):.4g}%"


def swatch(phase_id: str, *, milestone: bool = False) -> str:
    """A small decorative sample of a phase's colour (its band, or its milestone line), for the table."""
    shape = (tag("line", cls="ow-timeline-milestone", x1="10", y1="0", x2="10", y2="20") if milestone
             else tag("rect", x="1", y="1", width="18", height="18"))
    return tag("svg", shape, raw=True, cls=f"ow-timeline-swatch ow-timeline-{phase_id}", width="20", height="20",
               viewBox="0 0 20 20", aria_hidden="true", focusable="false")


def timeline_svg(phase: Phase, timeline: Timeline, spans: tuple[PhaseSpan, ...], usual: tuple[int, int]) -> str:
    """The timeline picture: phase bands, week ticks, the usual healing range and a marker at the week,
    in a figure (``role="img"`` with an ``aria-label``) with an HTML caption and range label."""
    parts: list[str] = []
    for span in spans:
        x1, x2 = _pct(span.start), _pct(span.end if span.end is not None else WEEKS_SHOWN)
        current = span.id == phase.id
        cls = f"ow-timeline-band ow-timeline-{span.id}" + (" ow-timeline-band--current" if current else "")
        if x2 - x1 < 0.1:  # a phase that is a single point in time: draw it as a milestone line
            parts.append(tag("g", tag("line", cls="ow-timeline-milestone", x1=_x(span.start), y1=f"{_BAND_TOP - 6}",
                                      x2=_x(span.start), y2=f"{_AXIS_Y}"), raw=True, cls=cls, data_phase=span.id))
            continue
        parts.append(tag("g", tag("rect", x=f"{x1:.4g}%", y=f"{_BAND_TOP}", width=f"{x2 - x1:.4g}%",
                                  height=f"{_BAND_BOT - _BAND_TOP}"), raw=True, cls=cls, data_phase=span.id))
    # axis and ticks at the data's own boundaries; the first and last numbers stay inside the picture
    parts.append(tag("line", cls="ow-timeline-axis", x1="0%", y1=f"{_AXIS_Y}", x2="100%", y2=f"{_AXIS_Y}"))
    ticks = sorted({0, WEEKS_SHOWN, *(s.start for s in spans), *(s.end for s in spans if s.end is not None),
                    usual[1]})
    for t in ticks:
        if t > WEEKS_SHOWN:
            continue
        anchor = "start" if t == 0 else "end" if t == WEEKS_SHOWN else "middle"
        parts.append(tag("line", cls="ow-timeline-tick", x1=_x(t), y1=f"{_AXIS_Y}", x2=_x(t), y2=f"{_AXIS_Y + 8}"))
        parts.append(tag("text", _num(t), cls="ow-timeline-tick-label", x=_x(t), y=f"{_TICK_TEXT_Y}",
                         text_anchor=anchor))
    # the usual healing range: a bar with end caps (its words are the paragraph under the picture)
    rx1, rx2 = _x(usual[0]), _x(min(usual[1], WEEKS_SHOWN))
    parts.append(tag("g", join([
        tag("line", x1=rx1, y1=f"{_RANGE_Y}", x2=rx2, y2=f"{_RANGE_Y}"),
        tag("line", x1=rx1, y1=f"{_RANGE_Y - 8}", x2=rx1, y2=f"{_RANGE_Y + 8}"),
        tag("line", x1=rx2, y1=f"{_RANGE_Y - 8}", x2=rx2, y2=f"{_RANGE_Y + 8}"),
    ]), raw=True, cls="ow-timeline-range"))
    # the marker: a triangle above the bands (a nested SVG placed at the week) and a line down to the axis
    mx = _x(phase.weeks)
    parts.append(tag("g", join([
        tag("svg", tag("polygon", points="-10,2 10,2 0,20"), raw=True, x=mx, y="0", width="1", height="24",
            overflow="visible"),
        tag("line", x1=mx, y1="20", x2=mx, y2=f"{_AXIS_Y}"),
    ]), raw=True, cls="ow-timeline-marker", data_weeks=_num(phase.weeks)))
    svg = tag("svg", join(parts), raw=True, cls="ow-timeline-svg", xmlns="http://www.w3.org/2000/svg",
              width="100%", height=f"{_HEIGHT}", focusable="false")
    caption = tag("p", TEXT["marker"].format(weeks=_num(phase.weeks), phase=phase.name), cls="ow-timeline-caption")
    usual_text = TEXT["usual_range"].format(low=usual[0], high=usual[1])
    range_label = tag("p", TEXT["range_key"].format(low=usual[0], high=usual[1]), cls="ow-timeline-range-label")
    unit = tag("p", TEXT["weeks_unit"], cls="ow-timeline-unit")
    aria = TEXT["picture_label"].format(shown=WEEKS_SHOWN, weeks=_num(phase.weeks), phase=phase.name) + " " + usual_text + "."
    return tag("div", caption + tag("div", svg, raw=True, cls="ow-timeline-drawing") + unit + range_label, raw=True,
               cls="ow-timeline-figure", role="img", aria_label=aria)


def timeline_table(phase: Phase, timeline: Timeline, spans: tuple[PhaseSpan, ...]) -> str:
    """Text alternative of the picture: each phase, when it happens, and where the person is now."""
    names = {g.id: g.name for g in timeline.phases}
    head = tag("tr", join(tag("th", TEXT[k], scope="col") for k in ("col_phase", "col_weeks", "col_now")), raw=True)
    rows = []
    for span in spans:
        now = span.id == phase.id
        point = span.end is not None and span.end_included and span.end == span.start
        rows.append(tag("tr", tag("th", swatch(span.id, milestone=point) + " " + esc(names[span.id]), raw=True,
                                  scope="row") + tag("td", span_words(span))
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


class HealingTimeline(Widget):
    """Where am I in healing? Pick a type of break and the weeks since it happened.

    Controls: ``fracture`` (Dropdown of fracture types), ``weeks`` (BoundedIntText, 0-52). State: ``phase``
    (a :class:`~osteo_lib.care.healing.Phase`), ``shown_methods`` (method ids listed), ``picture``,
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
