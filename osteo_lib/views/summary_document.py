"""The provider summary document: one self-contained, printable HTML page built from the pain diary,
the options the person marked and their questions, drawn from ``templates/summary/document.html.j2``.

The document embeds ``static/summary.css``, links to nothing but the citation addresses of its sources,
and carries a Content-Security-Policy that blocks scripts and remote loads. Every piece of text a
person typed (name, questions, diary notes) is escaped by the template. What goes into it (numbers,
rows, cleaned questions) is computed by :mod:`osteo_lib.care.summary`.

Example::

    from datetime import date
    from osteo_lib import load_catalog
    from osteo_lib.views.summary_document import build_summary

    html_text = build_summary(entries, ["heat"], "Can I use heat at night?", load_catalog(), date.today(),
                              patient_name="A. Patient")
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Final

from markupsafe import Markup

from osteo_lib.care.diary import REFERENCE_IDS, Entry, Flag, change_flags, diary_texts, fmt_score, sort_entries
from osteo_lib.care.summary import (
    MAX_FLAGS,
    MAX_LISTED_ENTRIES,
    MAX_METHODS,
    MAX_TRIED,
    MAX_WEEKS,
    NOTE_CHARS,
    SummaryBlock,
    about_whole,
    change_words,
    clean_name,
    clip,
    condition_labels,
    evidence_bar_text,
    exact_numbers,
    first_sentence,
    fmt_day_short,
    header_lines,
    key_cautions,
    key_numbers,
    marked_methods,
    short_cite,
    split_about,
    split_questions,
    step_flags,
    summary_texts,
    summary_title,
    tried_rows,
    weekly_rows,
)
from osteo_lib.care.treatments import evidence_text, priorities_sentence
from osteo_lib.content.model import Method
from osteo_lib.views.diary_chart import NARROW, WIDE, ChartLayout, trend_svg
from osteo_lib.views.templates import render

if TYPE_CHECKING:  # importing the catalog module pulls in YAML and schema checking
    from datetime import date

    from osteo_lib.content.catalog import Catalog

__all__ = ["CHART_LAYOUTS", "PRINT_LAYOUT", "SUMMARY_CSP", "build_summary", "external_asset_refs", "stylesheet"]

SUMMARY_CSP: Final = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
#: The summary's chart on paper: 560 units wide, low enough for the page (static/summary.css prints its text at
#: 17 units). On a screen the file shows the diary's own :data:`WIDE` or, in a box under 512 px (a phone),
#: :data:`NARROW` chart instead, so its text is 16 CSS px or more there too (it was about 7.5 px on a phone).
PRINT_LAYOUT: Final = ChartLayout(
    "print", width=560, plot_height=140, font=14, left=40, right=16, max_days=4, min_width=560
)
#: The charts in every summary, in this order; the stylesheet shows one.
CHART_LAYOUTS: Final = (WIDE, NARROW, PRINT_LAYOUT)


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The print stylesheet embedded in every summary (osteo_lib/views/static/summary.css)."""
    return (resources.files("osteo_lib.views") / "static" / "summary.css").read_text(encoding="utf-8")


def _changes(flags: Sequence[Flag]) -> dict[str, Any]:
    steps = step_flags(flags)
    shown = steps[:MAX_FLAGS]
    rows = [
        (
            fmt_day_short(f.start),
            fmt_day_short(f.end),
            summary_texts().format("from_to", before=f.before, after=f.after),
            change_words(f.change, points=False),
        )
        for f in shown
    ]
    return {"rows": rows, "total": len(steps), "hidden": len(steps) - len(shown)}


def _weeks(entries: Sequence[Entry]) -> dict[str, Any] | None:
    """The table of weeks under the chart, for diaries too long to list entry by entry."""
    if len(entries) <= MAX_LISTED_ENTRIES:
        return None  # the entries are listed one by one below the columns
    weeks = weekly_rows(entries)
    shown = weeks[-MAX_WEEKS:]
    rows = [
        (fmt_day_short(start), [n, about_whole(avg), f"{low} to {high}", _peg_mean(peg, peg_days, n)])
        for start, n, avg, low, high, peg, peg_days in shown
    ]
    return {"rows": rows, "hidden": len(weeks) - len(shown)}


def _peg_mean(peg: float | None, peg_days: int, days: int) -> str:
    """A week's average PEG (a whole number, "about 5"), saying how many days it comes from when not every
    day of the week has it."""
    text = summary_texts()
    if peg is None:
        return text["peg_week_none"]
    if peg_days == days:
        return about_whole(peg)
    return text.format("peg_week_one" if peg_days == 1 else "peg_week_some", value=about_whole(peg), count=peg_days)


def _tried(entries: Sequence[Entry]) -> dict[str, Any] | None:
    """What the person tried, for long diaries only (a short diary is listed entry by entry)."""
    if len(entries) <= MAX_LISTED_ENTRIES:
        return None
    rows = tried_rows(entries)
    return {"rows": rows[:MAX_TRIED], "hidden": max(len(rows) - MAX_TRIED, 0)}


def _entry_rows(entries: Sequence[Entry]) -> list[tuple[str, list[object]]]:
    """Every entry, one row each (only for short diaries: up to MAX_LISTED_ENTRIES)."""
    if len(entries) > MAX_LISTED_ENTRIES:
        return []
    return [
        (
            fmt_day_short(e.day),
            [e.pain, "" if e.peg is None else fmt_score(e.peg), e.tried, e.helped, clip(e.note, NOTE_CHARS)],
        )
        for e in entries
    ]


def _method(m: Method, catalog: Catalog, conditions: tuple[str, ...]) -> dict[str, Any]:
    evidence = None
    if m.evidence is not None:
        evidence = {"bar": evidence_bar_text(m.evidence.steps), "text": evidence_text(m.evidence)}
    return {
        "name": m.name,
        "summary": first_sentence(m.patient_summary),
        "evidence": evidence,
        "cautions": key_cautions(m, catalog, conditions),
    }


def build_summary(
    entries: Iterable[Entry],
    marked_method_ids: Iterable[str],
    questions: str | Iterable[str],
    catalog: Catalog,
    today: date,
    *,
    patient_name: str = "",
    priorities: Iterable[str] = (),
    conditions: Iterable[str] = (),
    my_conditions: str = "",
    medicines: str = "",
    extra_blocks: Sequence[SummaryBlock] = (),
) -> str:
    """The provider summary as one self-contained HTML document (UTF-8 text).

    Numbers first (first, latest, lowest, highest pain today, change, latest PEG), then changes of
    2 points or more, a small chart with a table (entries one by one up to 10, otherwise by week),
    what the person tried, what matters to them (``priorities``: "what matters to me" ids, see
    :data:`osteo_lib.care.treatments.PRIORITIES`), the options they marked (name, first sentence of the
    summary, how strong the evidence is, the two most serious cautions, each with the health problems
    it is for), the health problems they ticked (``conditions``: condition ids), their questions (one per
    line) and the sources of the scales and of the 2-point threshold. Marked ids the catalog does not
    know are left out (see :func:`~osteo_lib.care.summary.marked_methods`).

    ``my_conditions`` and ``medicines``: what the person wrote about their health problems and their
    medicines (one per line), printed near the top, under "About me", when either is given.
    ``extra_blocks``: more parts (:class:`~osteo_lib.care.summary.SummaryBlock`, e.g. "My pain plan"),
    each a heading and a list, printed after the options marked, in the order given.
    """
    ordered = sort_entries(entries)
    qs, _ = split_questions(questions)
    name, _ = clean_name(patient_name)
    methods, _ = marked_methods(catalog, marked_method_ids)
    chosen = tuple(conditions)
    refs = catalog.references_for(REFERENCE_IDS)
    document = _render_document(
        title=summary_title(today, name),
        meta=header_lines(ordered, today, name),
        numbers=key_numbers(ordered),
        exact=exact_numbers(ordered),
        changes=_changes(change_flags(ordered)),
        chart=(
            Markup("").join(trend_svg(ordered, layout=layout, markers_up_to=31) for layout in CHART_LAYOUTS)
            if ordered
            else None
        ),
        weeks=_weeks(ordered),
        tried=_tried(ordered),
        entry_rows=_entry_rows(ordered),
        priorities=priorities_sentence(tuple(priorities)),
        methods=[_method(m, catalog, chosen) for m in methods[:MAX_METHODS]],
        conditions=condition_labels(catalog, chosen),
        questions=qs,
        about={"conditions": split_about(my_conditions)[0], "medicines": split_about(medicines)[0]},
        extra_blocks=tuple(extra_blocks),
        cites={r.id: short_cite(r) for r in refs},
        refs=refs,
    )
    return document + "\n"


def _render_document(**context: Any) -> str:
    """The document template filled in with ``context`` (see :func:`build_summary`) and the words."""
    page = render(
        "summary/document.html.j2",
        csp=Markup(SUMMARY_CSP),  # a constant with quotes the policy needs as they are
        css=Markup(stylesheet()),  # the packaged stylesheet, not typed text
        text=summary_texts(),
        diary_text=diary_texts(),
        **context,
    )
    return str(page)


_EXTERNAL = re.compile(r"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//|url\(|@import""", re.I)
_LINK = re.compile(r"<a\s[^>]*>", re.I)


def external_asset_refs(document: str) -> list[str]:
    """Places where ``document`` would load something from elsewhere, ignoring ``<a href>`` links
    (citations). Empty for every summary this module builds; used by tests."""
    without_links = _LINK.sub("<a>", document)
    return [m.group(0) for m in _EXTERNAL.finditer(without_links)]
