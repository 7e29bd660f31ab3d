"""The pain diary's trend chart (SVG) and its table of entries (HTML), drawn from Jinja2 templates
(``templates/diary/chart.svg.j2``, ``templates/diary/entries_table.html.j2``).

The geometry (where each point, line and label goes) is computed here; the templates only place it.
The chart has two layouts (:data:`WIDE`, :data:`NARROW`, a phone's): the diary shows both
(:func:`trend_chart_html`) and its stylesheet the one that fits, so that every text of the chart is at least
16 CSS px however far the SVG is scaled down. Styling comes from the CSS classes ``ow-chart-*``
(``static/css/diary.css`` and ``static/summary.css``).

Example::

    from osteo_lib.views.diary_chart import entries_table_html, trend_svg
    trend_svg(entries)                  # Markup: <svg class="ow-chart ow-chart--wide" role="img" aria-label="...">...
    trend_chart_html(entries)           # the wide and the narrow chart, for the diary widget
    entries_table_html(entries)         # Markup: <table class="ow-diary-table">...
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from markupsafe import Markup

from osteo_lib.care.diary import (
    SCALE_MAX,
    SCALE_MIN,
    Entry,
    diary_texts,
    fmt_day,
    fmt_score,
    fmt_short,
    sort_entries,
    trend_sentence,
)
from osteo_lib.views.templates import render

__all__ = [
    "LAYOUTS",
    "NARROW",
    "PEG_COLUMNS",
    "TABLE_COLUMNS",
    "WEEK_COLUMNS",
    "WIDE",
    "ChartLayout",
    "entries_table_html",
    "trend_chart_html",
    "trend_svg",
]

#: The columns of the entries table, as keys of data/ui/diary.yaml.
TABLE_COLUMNS: Final = (
    "col_date",
    "col_pain",
    "col_peg",
    "col_p",
    "col_e",
    "col_g",
    "col_tried",
    "col_helped",
    "col_note",
)
#: The three answers to the weekly questions: hidden on a phone (the weekly score stays).
WEEK_COLUMNS: Final = frozenset({"col_p", "col_e", "col_g"})
#: Every column of the weekly questions: left out when no entry has their answers.
PEG_COLUMNS: Final = WEEK_COLUMNS | {"col_peg"}
_GRID_STEP: Final = 2
#: A generous width of one character, in ems, for laying out labels without measuring a font (digits and
#: most letters are narrower; a label given this much room never runs into the next one).
_EM_PER_CHAR: Final = 0.62
_LEGEND_KEY: Final = 38  # the legend's line and marker, and the gap before its words, in SVG units
_LEGEND_GAP: Final = 24  # between the two legend items on one row
_LINE: Final = 1.5  # the distance between two rows of text, in ems


@dataclass(frozen=True, slots=True)
class ChartLayout:
    """The chart's geometry in SVG units. ``font``: the size of every text; ``min_width``: the narrowest
    width, in CSS px, the chart is shown at (``static/css/diary.css`` switches to the narrow layout below
    :data:`WIDE`'s), so ``font * min_width / width`` is the smallest text on screen; ``max_days``: at most
    this many dates under the chart."""

    name: str
    width: int
    plot_height: int
    font: int
    left: int
    right: int
    max_days: int
    min_width: int

    @property
    def smallest_text_px(self) -> float:
        """The smallest size, in CSS px, the chart's text has on screen."""
        return self.font * self.min_width / self.width


#: Shown where the chart has 512 CSS px or more (a computer, a tablet): text of 20 units is 16 px or more.
WIDE: Final = ChartLayout("wide", width=640, plot_height=200, font=20, left=52, right=24, max_days=5, min_width=512)
#: Shown on a phone: 300 units drawn at 288 px or more (a 320 px screen gives the chart about 297 px).
NARROW: Final = ChartLayout("narrow", width=300, plot_height=180, font=18, left=38, right=10, max_days=3, min_width=288)
LAYOUTS: Final = (WIDE, NARROW)


def _f(value: float) -> str:
    return f"{value:.1f}"


def _text_width(text: str, font: int) -> float:
    return len(text) * font * _EM_PER_CHAR


def _wrap(text: str, room: float, font: int) -> tuple[str, ...]:
    """``text`` in lines of at most ``room`` units (by :func:`_text_width`; a word longer than that keeps its own
    line), every line but the last ending in its space."""
    lines = textwrap.wrap(text, width=max(1, int(room / (font * _EM_PER_CHAR))), break_long_words=False) or [text]
    return (*(f"{t} " for t in lines[:-1]), lines[-1])


def _points(points: Iterable[tuple[float, float]]) -> str:
    """A polyline's points attribute. Where several points fall in one SVG unit of width (years of entries in
    a chart a few hundred units wide), only the lowest and the highest of them are kept, in their order: the
    line, 2.5 units thick, looks the same, and a ten-year diary gives a file a fraction of the size (min-max
    decimation, as Chart.js's ``decimation`` plugin does)."""
    kept: list[tuple[float, float]] = []
    column: list[tuple[float, float]] = []

    def flush() -> None:
        if len(column) > 2:
            low, high = min(column, key=lambda p: p[1]), max(column, key=lambda p: p[1])
            column[:] = [p for p in column if p is low or p is high] if low is not high else [low]
        kept.extend(column)
        column.clear()

    for point in points:
        if column and int(point[0]) != int(column[0][0]):
            flush()
        column.append(point)
    flush()
    return " ".join(f"{_f(px)},{_f(py)}" for px, py in kept)


@dataclass(frozen=True, slots=True)
class _Marker:
    x: str
    y: str
    tip: str


@dataclass(frozen=True, slots=True)
class _Label:
    x: str
    y: str
    anchor: str
    text: str


@dataclass(frozen=True, slots=True)
class _LegendItem:
    """One legend item: its line (x1 to x2 at line_y), marker (circle at cx or square at square_x, square_y)
    and words (at text_x, text_y; one line each in ``lines``, every line but the last ending in its space, so
    the text still reads as the whole label)."""

    cls: str
    lines: tuple[str, ...]
    x1: str
    x2: str
    line_y: str
    cx: str
    square_x: str
    square_y: str
    text_x: str
    text_y: str


def _fit(days: list[date], texts: list[str], x: Callable[[date], float], font: int) -> bool:
    """Whether these dates fit side by side: the first is anchored at its start, the last at its end and
    the others centred, each given :func:`_text_width` (two dates are shown even when they would not fit)."""
    widths = [_text_width(t, font) for t in texts]
    last = len(days) - 1
    for i in range(last):
        right = x(days[i]) + (widths[i] if i == 0 else widths[i] / 2)
        left = x(days[i + 1]) - (widths[i + 1] if i + 1 == last else widths[i + 1] / 2)
        if right + font / 2 > left and len(days) > 2:
            return False
    return True


def _day_labels(first: date, last: date, x: Callable[[date], float], layout: ChartLayout, y: float) -> list[_Label]:
    """Short dates ("30 Nov") under the chart: the first and last day and evenly spaced days between, as
    many as fit (at most ``layout.max_days``); the year too when the diary spans two years."""
    with_year = first.year != last.year
    if first == last:
        return [_Label(_f(x(first)), f"{y:.1f}", "middle", fmt_short(first, with_year=with_year))]
    span = (last - first).days
    for count in range(min(layout.max_days, span + 1), 1, -1):
        days = sorted({first + timedelta(days=round(i * span / (count - 1))) for i in range(count)})
        texts = [fmt_short(d, with_year=with_year) for d in days]
        if _fit(days, texts, x, layout.font):
            break
    anchors = ["start", *(["middle"] * (len(days) - 2)), "end"]
    return [_Label(_f(x(d)), f"{y:.1f}", a, t) for d, a, t in zip(days, anchors, texts, strict=True)]


def trend_svg(entries: Iterable[Entry], *, layout: ChartLayout = WIDE, markers_up_to: int = 90) -> Markup:
    """A line chart of *pain today* (solid line, round markers) and the PEG score (dashed line,
    square markers; only the days that have the PEG answers) over time, scale 0-10, as SVG, with a title
    for the 0-10 axis, a few short dates and a legend, laid out for ``layout`` (:data:`WIDE` or
    :data:`NARROW`; every text is ``layout.font`` units high). ``role="img"`` with an ``aria-label`` from
    :func:`~osteo_lib.care.diary.trend_sentence`. Empty for an empty diary. Markers (with hover titles) are
    drawn for up to ``markers_up_to`` entries."""
    ordered = sort_entries(entries)
    if not ordered:
        return Markup("")
    text = diary_texts()
    font, line = layout.font, layout.font * _LINE
    top = round(line + font * 0.6)  # the axis title's row, then half a row of air
    bottom = top + layout.plot_height
    right = layout.width - layout.right
    first_day, last_day = ordered[0].day, ordered[-1].day
    span = (last_day - first_day).days
    plot_w = right - layout.left

    def x(day: date) -> float:
        return layout.left + (plot_w / 2 if span == 0 else (day - first_day).days / span * plot_w)

    def y(value: float) -> float:
        return top + layout.plot_height * (1 - value / SCALE_MAX)

    day_labels = _day_labels(first_day, last_day, x, layout, bottom + line)
    pegs = [(e, e.peg) for e in ordered if e.peg is not None]  # the PEG line joins only the days that have it
    lines = []
    if len(pegs) > 1:
        lines.append(("ow-chart-peg", _points((x(e.day), y(peg)) for e, peg in pegs)))
    if len(ordered) > 1:
        lines.append(("ow-chart-pain", _points((x(e.day), y(float(e.pain))) for e in ordered)))
    markers = []
    if len(ordered) <= markers_up_to:
        for e in ordered:
            day = fmt_day(e.day)
            pain_marker = _Marker(_f(x(e.day)), _f(y(e.pain)), text.format("point_pain", day=day, value=e.pain))
            peg_marker = None
            if e.peg is not None:
                peg_tip = text.format("point_peg", day=day, value=fmt_score(e.peg))
                peg_marker = _Marker(_f(x(e.day) - 4), _f(y(e.peg) - 4), peg_tip)
            markers.append((peg_marker, pain_marker))
    # the legend: both items on one row when they fit, else one row each, its words wrapped to the chart's width
    legend_x = 4
    pain_room = _LEGEND_KEY + _text_width(text["legend_pain"], font) + _LEGEND_GAP
    one_row = legend_x + pain_room + _LEGEND_KEY + _text_width(text["legend_peg"], font) <= layout.width
    pain_lines = _wrap(text["legend_pain"], layout.width - legend_x - _LEGEND_KEY, font)
    peg_lines = _wrap(text["legend_peg"], layout.width - legend_x - _LEGEND_KEY, font)
    legend_pain_y = bottom + 2 * line + font * 0.4
    legend = [
        (legend_x, legend_pain_y, "ow-chart-pain", pain_lines),
        (
            round(legend_x + pain_room) if one_row else legend_x,
            legend_pain_y if one_row else legend_pain_y + line * len(pain_lines),
            "ow-chart-peg",
            peg_lines,
        ),
    ]
    height = round(legend[-1][1] + line * (len(legend[-1][3]) - 1) + font * 0.6)
    return render(
        "diary/chart.svg.j2",
        layout=layout.name,
        width=layout.width,
        height=height,
        font=font,
        line=_f(line),
        label=trend_sentence(ordered),
        axis_title=text["axis_title"],
        axis_title_y=_f(font),
        left=layout.left,
        right=right,
        bottom=bottom,
        grid=[
            (value, _f(y(value)), _f(y(value) + font * 0.35)) for value in range(SCALE_MIN, SCALE_MAX + 1, _GRID_STEP)
        ],
        day_labels=day_labels,
        lines=lines,
        markers=markers,
        legend=[
            _LegendItem(cls, words, *map(_f, (lx, lx + 30, ly - 6, lx + 15, lx + 11, ly - 10, lx + _LEGEND_KEY, ly)))
            for lx, ly, cls, words in legend
        ],
    )


def trend_chart_html(entries: Iterable[Entry]) -> Markup:
    """The diary's chart twice, :data:`WIDE` and :data:`NARROW`: the stylesheet shows the one that fits the
    space (a container query in ``static/css/diary.css``), so its text is at least 16 px on any screen.
    Empty for an empty diary."""
    ordered = sort_entries(entries)
    if not ordered:
        return Markup("")
    return Markup("").join(trend_svg(ordered, layout=layout) for layout in LAYOUTS)


def _peg_cells(e: Entry) -> tuple[object, ...]:
    """The weekly score and the three weekly answers of an entry ("" where it has none)."""
    answers = ("" if v is None else v for v in (e.peg_pain, e.peg_enjoyment, e.peg_activity))
    return ("" if e.peg is None else fmt_score(e.peg), *answers)


def entries_table_html(entries: Iterable[Entry], *, caption: str | None = None, cls: str = "ow-diary-table") -> Markup:
    """An HTML table of entries (oldest first) with every value; the chart's full text alternative.

    The columns of the weekly questions are left out when no entry has their answers (no empty columns);
    the three answers (:data:`WEEK_COLUMNS`) carry the class ``ow-diary-col--week``, which the stylesheet
    hides on a phone, so the table there has the columns a person reads first (date, pain today, weekly
    score, what I tried, how much it helped, note)."""
    text = diary_texts()
    ordered = sort_entries(entries)
    with_peg = any(e.peg is not None for e in ordered)
    keys = [k for k in TABLE_COLUMNS if with_peg or k not in PEG_COLUMNS]
    rows = [
        (fmt_day(e.day), [e.pain, *(_peg_cells(e) if with_peg else ()), e.tried, e.helped, e.note]) for e in ordered
    ]
    return render(
        "diary/entries_table.html.j2",
        cls=cls,
        caption=caption if caption is not None else text["table_caption"],
        columns=[(text[k], "ow-diary-col--week" if k in WEEK_COLUMNS else "") for k in keys],
        rows=rows,
    )
