"""The diary's trend chart stays readable on a phone (issue 15; health-literacy review, diary item 18): two
layouts, each with text that is at least 16 CSS px at the narrowest width it is shown at, a title for the
0-10 axis, a few short dates ("30 Nov", from Babel), and the diary's stylesheet switching at the wide
layout's narrowest width. The browser half: tests/browser/test_diary_chart_phone.py."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta
from importlib import resources

import pytest
from babel.dates import format_skeleton

from osteo_lib.care.diary import DATE_LOCALE, Entry, diary_texts, fmt_day, fmt_short, trend_sentence
from osteo_lib.care.summary import fmt_day_short
from osteo_lib.views.diary_chart import LAYOUTS, NARROW, WIDE, ChartLayout, _points, trend_chart_html, trend_svg
from osteo_lib.views.widgets.diary import PainDiary
from tests.markup import soup

TEXT = diary_texts()


def diary(first: date, days: int, step: int = 1) -> list[Entry]:
    return [
        Entry(first + timedelta(days=n * step), (n * 3) % 11, *((4, 5, 6) if n % 7 == 0 else (None, None, None)))
        for n in range(days)
    ]


def view_box_width(svg: object) -> float:
    return float(str(svg["viewbox"]).split()[2])  # type: ignore[index]  # (html.parser writes names in lower case)


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
@pytest.mark.parametrize("days", [1, 2, 21, 400])
def test_every_text_is_16px_or_more_where_the_layout_is_shown(layout: ChartLayout, days: int) -> None:
    svg = soup(str(trend_svg(diary(date(2026, 11, 10), days), layout=layout))).find("svg")
    assert svg is not None and f"ow-chart--{layout.name}" in svg["class"]
    width = view_box_width(svg)
    assert width == layout.width
    texts = svg.select("text")
    assert len(texts) >= 1 + 6 + 1 + 2  # axis title, 0 to 10 in steps of 2, a date, the legend
    for text in texts:
        size = float(str(text["font-size"]))
        assert size * layout.min_width / width >= 16, (layout.name, text.get_text(), size)
    assert layout.smallest_text_px >= 16


def test_the_stylesheet_switches_layout_where_the_wide_one_would_shrink_its_text() -> None:
    css = (resources.files("osteo_lib.views") / "static" / "css" / "diary.css").read_text(encoding="utf-8")
    switch = re.search(r"@container \(max-width: ([\d.]+)px\) \{([^}]*\}[^}]*)\}", css)
    assert switch is not None, "diary.css has no container query for the chart"
    assert WIDE.min_width - 0.1 < float(switch.group(1)) < WIDE.min_width
    assert ".ow-chart--wide { display: none; }" in switch.group(2)
    assert ".ow-chart--narrow { display: block;" in switch.group(2)
    assert "container-type: inline-size" in css
    # the chart's texts take their size from the SVG (no stylesheet rule sets one for the widget)
    rules = re.findall(r"([^{}]*\.ow-chart-(?:tick|legend|axis-title)[^{}]*)\{([^}]*)\}", css)
    assert rules and not [r for r in rules if "font-size" in r[1]]
    # a phone's 320 px screen gives the chart about 297 px: the narrow layout is drawn no smaller than that
    assert NARROW.min_width <= 297 < WIDE.min_width


def test_the_chart_has_an_axis_title_a_legend_and_a_few_short_dates() -> None:
    entries = diary(date(2026, 11, 10), 28)
    for layout in LAYOUTS:
        svg = soup(str(trend_svg(entries, layout=layout)))
        assert [t.get_text() for t in svg.select("text.ow-chart-axis-title")] == [TEXT["axis_title"]]
        assert [t.get_text() for t in svg.select("text.ow-chart-legend")] == [TEXT["legend_pain"], TEXT["legend_peg"]]
        ticks = [t.get_text() for t in svg.select("text.ow-chart-tick")]
        assert ticks[:6] == ["0", "2", "4", "6", "8", "10"]
        days = ticks[6:]
        assert 2 <= len(days) <= layout.max_days
        assert days[0] == "10 Nov" and days[-1] == "7 Dec"  # the first and the last day, short
        assert all(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2,3}", d) for d in days), days
    # the narrow layout shows fewer dates than the wide one, each centred on its own tick
    assert len(soup(str(trend_svg(entries, layout=NARROW))).select("text.ow-chart-tick")) - 6 == NARROW.max_days
    assert len(soup(str(trend_svg(entries, layout=WIDE))).select("text.ow-chart-tick")) - 6 == WIDE.max_days


def test_dates_on_the_axis_leave_room_for_each_other() -> None:
    """Without measuring a font: a label of n characters gets n x 0.62 em, more than any of these dates
    needs; neighbouring dates are at least that far apart (the ends are anchored inside the plot)."""
    for days, step in ((2, 1), (3, 1), (21, 1), (60, 7), (5, 100)):
        for layout in LAYOUTS:
            svg = soup(str(trend_svg(diary(date(2025, 11, 20), days, step), layout=layout)))
            labels = svg.select("text.ow-chart-tick")[6:]
            xs = [float(str(t["x"])) for t in labels]
            widths = [len(t.get_text()) * layout.font * 0.62 for t in labels]
            assert xs == sorted(xs)
            for (x0, w0, a0), (x1, w1, a1) in zip(
                zip(xs, widths, [t["text-anchor"] for t in labels], strict=True),
                zip(xs[1:], widths[1:], [t["text-anchor"] for t in labels[1:]], strict=True),
                strict=False,
            ):
                right_of_first = x0 + (w0 if a0 == "start" else w0 / 2)
                left_of_second = x1 - (w1 if a1 == "end" else w1 / 2)
                assert right_of_first < left_of_second, (layout.name, days, step, [t.get_text() for t in labels])


def test_dates_are_short_and_come_from_babel() -> None:
    assert DATE_LOCALE == "en_GB"
    day = date(2026, 11, 30)
    assert fmt_short(day) == "30 Nov" == format_skeleton("MMMd", day, locale=DATE_LOCALE)
    assert fmt_short(day, with_year=True) == "30 Nov 2026" == fmt_day_short(day)
    assert fmt_day(day) == "30 November 2026"
    assert [fmt_day(date(2025, m, 3)).split()[1] for m in range(1, 13)] == [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]  # fmt: skip
    # a diary that runs into a new year gives the year with each date on the axis
    svg = soup(str(trend_svg(diary(date(2025, 12, 20), 20), layout=NARROW)))
    days = [t.get_text() for t in svg.select("text.ow-chart-tick")[6:]]
    assert days[0] == "20 Dec 2025" and days[-1] == "8 Jan 2026"


def test_one_day_gives_one_centred_date() -> None:
    svg = soup(str(trend_svg(diary(date(2026, 11, 30), 1), layout=NARROW)))
    (label,) = svg.select("text.ow-chart-tick")[6:]
    assert label.get_text() == "30 Nov" and label["text-anchor"] == "middle"


def test_the_legend_fits_its_layout() -> None:
    """Both legend items on one row where they fit, else one row each (a phone; and the wide layout too, now that
    the weekly score's label says what it is). Every legend text ends inside the chart."""
    entries = diary(date(2026, 11, 10), 8)
    roomy = dataclasses.replace(WIDE, width=2000)
    for layout, rows in ((roomy, {1}), (WIDE, {1, 2}), (NARROW, {2})):
        svg = soup(str(trend_svg(entries, layout=layout))).find("svg")
        assert svg is not None
        legend = svg.select("text.ow-chart-legend")
        assert len({t["y"] for t in legend}) in rows
        height = float(str(svg["viewbox"]).split()[3])
        line = layout.font * 1.5  # the chart's row distance
        for t in legend:
            assert t.get_text() in (TEXT["legend_pain"], TEXT["legend_peg"])  # the whole label, wrapped or not
            lines = t.select("tspan")
            for part in lines:
                right = float(str(part["x"])) + len(part.get_text().rstrip()) * layout.font * 0.62
                assert right <= layout.width, part.get_text()
            assert float(str(t["y"])) + line * (len(lines) - 1) < height


def test_the_diary_widget_draws_both_layouts_with_the_same_text_alternative() -> None:
    entries = diary(date(2026, 11, 10), 5)
    both = soup(str(trend_chart_html(entries)))
    charts = both.select("svg.ow-chart")
    assert [c["class"] for c in charts] == [["ow-chart", "ow-chart--wide"], ["ow-chart", "ow-chart--narrow"]]
    assert {c["aria-label"] for c in charts} == {trend_sentence(entries)}
    assert all(c["role"] == "img" for c in charts)
    assert str(trend_chart_html([])) == ""
    panel = soup(PainDiary(entries=entries, today=date(2026, 11, 20)).chart_html.value)
    assert len(panel.select(".ow-diary-chart svg.ow-chart--wide")) == 1
    assert len(panel.select(".ow-diary-chart svg.ow-chart--narrow")) == 1


def _polyline(svg_markup: str, cls: str) -> list[tuple[float, float]]:
    line = soup(svg_markup).select_one(f"polyline.{cls}")
    assert line is not None
    return [(float(x), float(y)) for x, y in (p.split(",") for p in str(line["points"]).split())]


def test_a_short_diary_keeps_every_point_of_its_lines() -> None:
    entries = diary(date(2026, 1, 1), 120)  # 120 days over WIDE's 564 units: each day in a column of its own
    pain = _polyline(str(trend_svg(entries)), "ow-chart-pain")
    assert len(pain) == len(entries)
    assert len(_polyline(str(trend_svg(entries)), "ow-chart-peg")) == sum(e.peg is not None for e in entries)


def test_points_in_one_unit_of_width_keep_only_their_lowest_and_highest_in_order() -> None:
    column = [(10.1, 50.0), (10.4, 20.0), (10.6, 35.0), (10.9, 80.0), (10.95, 60.0)]
    assert _points([(9.5, 40.0), *column, (11.2, 30.0)]) == "9.5,40.0 10.4,20.0 10.9,80.0 11.2,30.0"
    assert _points([(5.0, 1.0), (5.5, 1.0), (5.7, 1.0)]) == "5.0,1.0"  # a flat column: one point
    assert _points([(1.0, 2.0), (1.5, 3.0)]) == "1.0,2.0 1.5,3.0"  # two points: both kept
    assert _points([]) == ""


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_a_ten_year_diary_draws_at_most_two_points_per_unit_of_width(layout: ChartLayout) -> None:
    entries = diary(date(2016, 1, 1), 3660)
    pain = _polyline(str(trend_svg(entries, layout=layout)), "ow-chart-pain")
    assert len(pain) <= 2 * (layout.width - layout.left - layout.right + 1) < len(entries)
    assert [x for x, _ in pain] == sorted(x for x, _ in pain)  # still in date order
    # a pain that changes by one every year: every level is still drawn, in order
    slow = [Entry(date(2016, 1, 1) + timedelta(days=n), n // 366) for n in range(3660)]
    ys = [y for _, y in _polyline(str(trend_svg(slow, layout=layout)), "ow-chart-pain")]
    assert len(set(ys)) == 10 and ys == sorted(ys, reverse=True)  # (a higher pain is drawn higher: a smaller y)
