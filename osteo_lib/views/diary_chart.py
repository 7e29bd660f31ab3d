"""The pain diary's trend chart (SVG) and its table of entries (HTML), drawn from Jinja2 templates
(``templates/diary/chart.svg.j2``, ``templates/diary/entries_table.html.j2``).

The geometry (where each point, line and label goes) is computed here; the templates only place it.
Styling comes from the CSS classes ``ow-chart-*`` (``static/css/diary.css`` and ``static/summary.css``).

Example::

    from osteo_lib.views.diary_chart import entries_table_html, trend_svg
    trend_svg(entries)                  # Markup: <svg class="ow-chart" role="img" aria-label="...">...
    entries_table_html(entries)         # Markup: <table class="ow-diary-table">...
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Final

from markupsafe import Markup

from osteo_lib.care.diary import (
    SCALE_MAX,
    SCALE_MIN,
    Entry,
    diary_texts,
    fmt_day,
    fmt_score,
    sort_entries,
    trend_sentence,
)
from osteo_lib.views.templates import render

__all__ = ["TABLE_COLUMNS", "entries_table_html", "trend_svg"]

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
_LEFT, _RIGHT, _TOP, _BOTTOM = 48, 20, 16, 70  # space around the plot, in SVG units
_GRID_STEP: Final = 2


def _f(value: float) -> str:
    return f"{value:.1f}"


@dataclass(frozen=True, slots=True)
class _Marker:
    x: str
    y: str
    tip: str


def _frame(
    ordered: tuple[Entry, ...], width: int, height: int
) -> tuple[Callable[[date], float], Callable[[float], float]]:
    """The functions that place a day on the x axis and a 0-10 value on the y axis."""
    plot_w, plot_h = width - _LEFT - _RIGHT, height - _TOP - _BOTTOM
    first_day, span = ordered[0].day, (ordered[-1].day - ordered[0].day).days

    def x(day: date) -> float:
        return _LEFT + (plot_w / 2 if span == 0 else (day - first_day).days / span * plot_w)

    def y(value: float) -> float:
        return _TOP + plot_h * (1 - value / SCALE_MAX)

    return x, y


def trend_svg(entries: Iterable[Entry], *, width: int = 640, height: int = 300, markers_up_to: int = 90) -> Markup:
    """A line chart of *pain today* (solid line, round markers) and the PEG score (dashed line,
    square markers; only the days that have the PEG answers) over time, scale 0-10, as SVG.
    ``role="img"`` with an ``aria-label`` from :func:`~osteo_lib.care.diary.trend_sentence`. Empty for
    an empty diary. Markers (with hover titles) are drawn for up to ``markers_up_to`` entries."""
    ordered = sort_entries(entries)
    if not ordered:
        return Markup("")
    text = diary_texts()
    x, y = _frame(ordered, width, height)
    right = width - _RIGHT
    bottom = _TOP + (height - _TOP - _BOTTOM)
    first_day, last_day = ordered[0].day, ordered[-1].day
    if first_day == last_day:
        day_labels = [(_f(x(first_day)), "middle", fmt_day(first_day))]
    else:
        day_labels = [(str(_LEFT), "start", fmt_day(first_day)), (str(right), "end", fmt_day(last_day))]
    pegs = [(e, e.peg) for e in ordered if e.peg is not None]  # the PEG line joins only the days that have it
    lines = []
    if len(pegs) > 1:
        lines.append(("ow-chart-peg", " ".join(f"{_f(x(e.day))},{_f(y(peg))}" for e, peg in pegs)))
    if len(ordered) > 1:
        lines.append(("ow-chart-pain", " ".join(f"{_f(x(e.day))},{_f(y(float(e.pain)))}" for e in ordered)))
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
    legend_y = height - 14
    return render(
        "diary/chart.svg.j2",
        width=width,
        height=height,
        label=trend_sentence(ordered),
        left=_LEFT,
        right=right,
        bottom=bottom,
        grid=[(value, _f(y(value)), _f(y(value) + 5)) for value in range(SCALE_MIN, SCALE_MAX + 1, _GRID_STEP)],
        day_labels=day_labels,
        day_label_y=bottom + 22,
        lines=lines,
        markers=markers,
        legend_y=legend_y,
        legend_peg_x=_LEFT + 200,
        legend_pain=text["legend_pain"],
        legend_peg=text["legend_peg"],
    )


def entries_table_html(entries: Iterable[Entry], *, caption: str | None = None, cls: str = "ow-diary-table") -> Markup:
    """An HTML table of entries (oldest first) with every value; the chart's full text alternative."""
    text = diary_texts()
    rows = [
        (
            fmt_day(e.day),
            [
                e.pain,
                "" if e.peg is None else fmt_score(e.peg),
                *("" if v is None else v for v in (e.peg_pain, e.peg_enjoyment, e.peg_activity)),
                e.tried,
                e.helped,
                e.note,
            ],
        )
        for e in sort_entries(entries)
    ]
    return render(
        "diary/entries_table.html.j2",
        cls=cls,
        caption=caption if caption is not None else text["table_caption"],
        columns=[text[k] for k in TABLE_COLUMNS],
        rows=rows,
    )
