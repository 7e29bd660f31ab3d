"""Provider summary: a one-page, self-contained, printable HTML document built from the pain diary.

Pure functions (no ipywidgets, no file writes). The document embeds ``static/summary.css``, links to
nothing but the citation addresses of its sources, and carries a Content-Security-Policy that blocks
scripts and remote loads. Every piece of text a person typed (name, questions, diary notes) is escaped.

Example::

    from datetime import date
    from osteo_lib import load_catalog
    from osteo_lib.care.summary import build_summary

    html_text = build_summary(entries, ["heat"], "Can I use heat at night?", load_catalog(), date.today(),
                              patient_name="A. Patient")
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Final

from osteo_lib.views.html import data_uri, esc
from osteo_lib.care.diary import (
    REFERENCE_IDS,
    TEXT,
    Entry,
    Flag,
    change_flags,
    fmt_day,
    fmt_score,
    fmt_short,
    has_control_chars,
    sort_entries,
    trend,
    trend_svg,
)
from osteo_lib.errors import UnknownIdError
from osteo_lib.content.model import Method, Reference, most_serious_first
from osteo_lib.care.treatments import evidence_text, priorities_sentence

if TYPE_CHECKING:  # importing the catalog module pulls in YAML and schema checking
    from osteo_lib.content.catalog import Catalog

MAX_QUESTIONS: Final = 12
MAX_QUESTION_CHARS: Final = 300
MAX_NAME: Final = 100
MAX_LISTED_ENTRIES: Final = 10   # up to this many entries are listed one by one; more are summarised by week
MAX_WEEKS: Final = 6
MAX_FLAGS: Final = 4
MAX_TRIED: Final = 6
MAX_METHODS: Final = 10
MAX_CAUTIONS: Final = 2
NOTE_CHARS: Final = 60
HTML_MIME: Final = "text/html"
_CSP: Final = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _clean(text: str) -> str:
    """One line of typed text: control characters become spaces, runs of spaces collapse."""
    return " ".join("".join(" " if has_control_chars(ch) else ch for ch in text).split())


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The print stylesheet embedded in every summary (osteo_lib/views/static/summary.css)."""
    return (resources.files("osteo_lib.views") / "static" / "summary.css").read_text(encoding="utf-8")


def split_questions(text: str | Iterable[str]) -> tuple[tuple[str, ...], bool]:
    """The person's questions, one per non-empty line, cleaned and clipped; and whether some were cut
    (more than :data:`MAX_QUESTIONS`)."""
    lines = text.splitlines() if isinstance(text, str) else list(text)
    questions = [_clip(q, MAX_QUESTION_CHARS) for q in (_clean(line) for line in lines) if q]
    return tuple(questions[:MAX_QUESTIONS]), len(questions) > MAX_QUESTIONS


def clean_name(name: str) -> tuple[str, bool]:
    """The patient name as printed (one line, at most :data:`MAX_NAME` characters) and whether it was cut."""
    cleaned = _clean(name)
    return cleaned[:MAX_NAME], len(cleaned) > MAX_NAME


def marked_methods(catalog: Catalog, ids: Iterable[str]) -> tuple[tuple[Method, ...], tuple[str, ...]]:
    """The catalog methods for these ids (in the order given, each once) and the ids it does not know."""
    found: list[Method] = []
    unknown: list[str] = []
    for method_id in dict.fromkeys(ids):
        try:
            found.append(catalog.method(method_id))
        except UnknownIdError:
            unknown.append(method_id)
    return tuple(found), tuple(unknown)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"\u201c(])")


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (the whole text when it has one sentence), spaces tidied."""
    return _SENTENCE_END.split(" ".join(text.split()), maxsplit=1)[0]


def key_cautions(method: Method, limit: int = MAX_CAUTIONS) -> tuple[tuple[str, str], ...]:
    """The key cautions of a method as (level label, first sentence of the plain text): its *avoid* and
    *modify* cautions, most serious first, or its first *caution* when it has neither; at most ``limit``."""
    ordered = most_serious_first(method.cautions)
    serious = [c for c in ordered if c.level != "caution"] or ordered[:1]
    return tuple((TEXT[f"caution_{c.level}"], first_sentence(c.patient_text)) for c in serious[:limit])


def short_cite(ref: Reference) -> str:
    """``Krebs 2009``: first author's family name and year."""
    first = ref.authors[0].split()[0] if ref.authors else ref.container
    return f"{first} {ref.year}"


def weekly_rows(entries: Sequence[Entry]) -> list[tuple[date, int, float, int, int, float]]:
    """Per calendar week (Monday start), oldest first: (week start, entries, average pain, lowest,
    highest, average PEG)."""
    weeks: dict[date, list[Entry]] = {}
    for e in sort_entries(entries):
        weeks.setdefault(e.day - timedelta(days=e.day.weekday()), []).append(e)
    return [
        (start, len(es), sum(e.pain for e in es) / len(es), min(e.pain for e in es), max(e.pain for e in es),
         sum(e.peg for e in es) / len(es))
        for start, es in sorted(weeks.items())
    ]


def tried_rows(entries: Sequence[Entry]) -> list[tuple[str, int, str]]:
    """What the person tried: (what, times, how much it helped as "a lot (3), some (1)"), most often first."""
    groups: dict[str, list[Entry]] = {}
    for e in sort_entries(entries):
        if e.tried:
            groups.setdefault(e.tried.casefold(), []).append(e)
    rows = []
    for es in groups.values():
        answers = Counter(e.helped for e in es if e.helped)
        helped = ", ".join(f"{a if not a.isdigit() else a + '/10'} ({n})" for a, n in answers.most_common())
        rows.append((es[-1].tried, len(es), helped, es[-1].day))
    rows.sort(key=lambda r: (-r[1], -r[3].toordinal()))
    return [(what, times, helped) for what, times, helped, _ in rows]


def fmt_day_short(day: date) -> str:
    """``3 May 2025`` with a three-letter month, for compact tables."""
    return f"{fmt_short(day)} {day.year}"


def _signed(change: int) -> str:
    return f"+{change}" if change > 0 else (f"\u2212{-change}" if change < 0 else "0")


def _section(key: str, body: str, cls: str) -> str:
    hid = f"ows-h-{cls}"
    return (f'<section class="ows-{cls}" aria-labelledby="{hid}"><h2 id="{hid}">{esc(TEXT[key])}</h2>'
            f"{body}</section>")


def _numbers(entries: Sequence[Entry]) -> str:
    t = trend(entries)
    if t is None:
        return f'<p>{esc(TEXT["summary_no_entries"])}</p>'

    def on(value: object, day: date) -> str:
        return TEXT["value_on"].format(value=value, day=fmt_day_short(day))

    recent = entries[-7:]
    rows = [
        ("row_first", on(t.first.pain, t.first.day)),
        ("row_last", on(t.last.pain, t.last.day)),
        ("row_low", on(t.lowest.pain, t.lowest.day)),
        ("row_high", on(t.highest.pain, t.highest.day)),
        ("row_change", TEXT["change_points"].format(change=_signed(t.change))),
        ("row_recent", fmt_score(sum(e.pain for e in recent) / len(recent))),
        ("row_peg", TEXT["peg_value"].format(peg=fmt_score(t.last.peg), p=t.last.peg_pain, e=t.last.peg_enjoyment,
                                             g=t.last.peg_activity, day=fmt_day_short(t.last.day))),
    ]
    items = "".join(f"<div><dt>{esc(TEXT[k])}:</dt> <dd>{esc(v)}</dd></div>" for k, v in rows)
    return f'<dl class="ows-key">{items}</dl>'


def _changes(flags: Sequence[Flag]) -> str:
    steps = [f for f in flags if f.kind == "since_last"][::-1]
    shown = steps[:MAX_FLAGS]
    if shown:
        head = "".join(f'<th scope="col">{esc(TEXT[k])}</th>' for k in ("col_from", "col_to", "col_pain", "col_change"))
        rows = "".join(
            f'<tr><td>{esc(fmt_day_short(f.start))}</td><td>{esc(fmt_day_short(f.end))}</td>'
            f'<td>{esc(TEXT["from_to"].format(before=f.before, after=f.after))}</td><td>{esc(_signed(f.change))}</td></tr>'
            for f in shown
        )
        caption = TEXT["changes_caption"].format(count=len(steps))
        body = (f'<table class="ows-data"><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead>'
                f"<tbody>{rows}</tbody></table>")
        hidden = len(steps) - len(shown)
        if hidden:
            body += f'<p class="ows-note">{esc(TEXT["changes_more"].format(count=hidden))}</p>'
    else:
        body = f'<p>{esc(TEXT["changes_none"])}</p>'
    return body


def _chart(entries: Sequence[Entry]) -> str:
    if not entries:
        return f'<p>{esc(TEXT["summary_no_entries"])}</p>'
    chart = f'<div class="ows-chart">{trend_svg(entries, width=560, height=220, markers_up_to=31)}</div>'
    if len(entries) <= MAX_LISTED_ENTRIES:
        return chart  # the entries are listed one by one below the columns
    weeks = weekly_rows(entries)
    shown = weeks[-MAX_WEEKS:]
    head = "".join(f'<th scope="col">{esc(TEXT[k])}</th>' for k in
                   ("col_week", "col_entries", "col_avg", "col_range", "col_avg_peg"))
    rows = "".join(
        f'<tr><th scope="row">{esc(fmt_day_short(start))}</th><td>{n}</td><td>{fmt_score(avg)}</td>'
        f"<td>{low} to {high}</td><td>{fmt_score(peg)}</td></tr>"
        for start, n, avg, low, high, peg in shown
    )
    caption = TEXT["weeks_caption"].format(weeks=len(shown))
    hidden = len(weeks) - len(shown)
    extra = f'<p class="ows-note">{esc(TEXT["weeks_more"].format(count=hidden))}</p>' if hidden else ""
    return (f'{chart}<table class="ows-data"><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table>{extra}")


def _entries_table(entries: Sequence[Entry]) -> str:
    """Every entry, one row each (only for short diaries: up to MAX_LISTED_ENTRIES)."""
    if not entries or len(entries) > MAX_LISTED_ENTRIES:
        return ""
    head = "".join(f'<th scope="col">{esc(TEXT[k])}</th>' for k in
                   ("col_date", "col_pain", "col_peg", "col_tried", "col_helped", "col_note"))
    rows = "".join(
        f'<tr><th scope="row">{esc(fmt_day_short(e.day))}</th><td>{e.pain}</td><td>{fmt_score(e.peg)}</td>'
        f"<td>{esc(e.tried)}</td><td>{esc(e.helped)}</td><td>{esc(_clip(e.note, NOTE_CHARS))}</td></tr>"
        for e in entries
    )
    return (f'<table class="ows-data ows-entries"><caption>{esc(TEXT["entries_caption"])}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")


def _tried(entries: Sequence[Entry]) -> str:
    rows = tried_rows(entries)
    if not rows:
        return f'<p>{esc(TEXT["tried_nothing"])}</p>'
    head = "".join(f'<th scope="col">{esc(TEXT[k])}</th>' for k in ("col_tried", "col_times", "col_helped"))
    body = "".join(f'<tr><th scope="row">{esc(what)}</th><td>{n}</td><td>{esc(helped)}</td></tr>'
                   for what, n, helped in rows[:MAX_TRIED])
    more = len(rows) - MAX_TRIED
    extra = f'<p class="ows-note">{esc(TEXT["tried_more"].format(count=more))}</p>' if more > 0 else ""
    return f'<table class="ows-data"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{extra}'


def evidence_bar_text(steps: int, total: int = 3) -> str:
    """The three-step evidence bar as text that prints anywhere: filled and hollow dots (shape, not
    colour), e.g. ``"\u25cf\u25cf\u25cb"`` for 2 of 3."""
    return "\u25cf" * steps + "\u25cb" * (total - steps)


def _evidence(m: Method) -> str:
    if m.evidence is None:
        return ""
    bar = f'<span class="ows-bar" aria-hidden="true">{evidence_bar_text(m.evidence.steps)}</span>'
    return f'<p class="ows-evidence">{bar} {esc(evidence_text(m.evidence))}</p>'


def _marked(methods: Sequence[Method], priorities: Sequence[str] = ()) -> str:
    wanted = priorities_sentence(priorities)
    lead = f'<p class="ows-priorities">{esc(wanted)}</p>' if wanted else ""
    if not methods:
        return f'{lead}<p>{esc(TEXT["marked_none"])}</p>'
    items = []
    for m in methods[:MAX_METHODS]:
        cautions = "".join(f'<li><span class="ows-level">{esc(level)}:</span> {esc(text)}</li>'
                           for level, text in key_cautions(m))
        items.append(f'<li><span class="ows-method">{esc(m.name)}</span>: {esc(first_sentence(m.patient_summary))}'
                     + _evidence(m)
                     + (f'<ul class="ows-cautions">{cautions}</ul>' if cautions else "") + "</li>")
    return f'{lead}<ul class="ows-methods">{"".join(items)}</ul>'


def _questions(questions: Sequence[str]) -> str:
    if not questions:
        return f'<p>{esc(TEXT["questions_none"])}</p>'
    return "<ol>" + "".join(f"<li>{esc(q)}</li>" for q in questions) + "</ol>"


def _sources(refs: Sequence[Reference]) -> str:
    items = "".join(
        f'<li>{esc(r.citation().removesuffix(" " + r.link))} <a href="{esc(r.link)}">{esc(r.link)}</a></li>'
        for r in refs
    )
    return f'<ol class="ows-sources">{items}</ol>'


def build_summary(
    entries: Iterable[Entry],
    marked_method_ids: Iterable[str],
    questions: str | Iterable[str],
    catalog: Catalog,
    today: date,
    *,
    patient_name: str = "",
    priorities: Iterable[str] = (),
) -> str:
    """The provider summary as one self-contained HTML document (UTF-8 text).

    Numbers first (first, latest, lowest, highest pain today, change, latest PEG), then changes of
    2 points or more, a small chart with a table (entries one by one up to 10, otherwise by week),
    what the person tried, what matters to them (``priorities``: "what matters to me" ids, see
    :data:`osteo_lib.care.treatments.PRIORITIES`), the options they marked (name, first sentence of the
    summary, how strong the evidence is, the two most serious cautions), their questions (one per
    line) and the sources of the scales and of the 2-point threshold. Marked ids the catalog does not know are left out (see :func:`marked_methods`).
    """
    ordered = sort_entries(entries)
    qs, _ = split_questions(questions)
    name, _ = clean_name(patient_name)
    methods, _ = marked_methods(catalog, marked_method_ids)
    refs = catalog.references_for(REFERENCE_IDS)
    cites = {r.id: short_cite(r) for r in refs}
    flags = change_flags(ordered)

    meta = []
    if name:
        meta.append(TEXT["summary_name"].format(name=name))
    meta.append(TEXT["summary_prepared"].format(day=fmt_day(today)))
    if len(ordered) == 1:
        meta.append(TEXT["summary_range_one"].format(day=fmt_day(ordered[0].day)))
    elif ordered:
        meta.append(TEXT["summary_range"].format(count=len(ordered), start=fmt_day(ordered[0].day),
                                                 end=fmt_day(ordered[-1].day)))
    title = f'{TEXT["summary_title"]}, {fmt_day(today)}' + (f", {name}" if name else "")
    header = (
        f'<header class="ows-header"><h1>{esc(TEXT["summary_title"])}</h1>'
        f'<p class="ows-meta">{"".join(f"<span>{esc(m)}</span>" for m in meta)}</p>'
        f'<p class="ows-disclaimer">{esc(TEXT["summary_disclaimer"])}</p></header>'
    )
    body = "".join([
        header,
        _section("summary_numbers", _numbers(ordered), "numbers"),
        '<div class="ows-cols">',
        f'<div class="ows-col">{_section("changes_title", _changes(flags), "changes")}'
        # A short diary is listed entry by entry below, so "what I tried" would repeat it.
        + (_section("tried_title", _tried(ordered), "tried") if len(ordered) > MAX_LISTED_ENTRIES else "")
        + "</div>",
        f'<div class="ows-col">{_section("trend_section", _chart(ordered), "trend")}</div>',
        "</div>",
        _entries_table(ordered),
        _section("marked_title", _marked(methods, tuple(priorities)), "marked"),
        _section("questions_title", _questions(qs), "questions"),
        f'<footer class="ows-footer"><h2>{esc(TEXT["about_sources"])}</h2>'
        f'<p class="ows-note">{esc(TEXT["scale_note"])} ({esc(cites["krebs2009"])})</p>'
        f'<p class="ows-note">{esc(TEXT["threshold_note"])} ({esc(cites["farrar2001"])})</p>'
        f'{_sources(refs)}</footer>',
    ])
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{stylesheet()}</style></head>"
        f'<body><main class="ows-page">{body}</main></body></html>\n'
    )


def summary_filename(today: date) -> str:
    return f"pain-summary-{today.isoformat()}.html"


def summary_data_uri(document: str) -> str:
    """A ``data:text/html;base64,...`` address for a download link (nothing is written on the server)."""
    return data_uri(document.encode("utf-8"), HTML_MIME)


_EXTERNAL = re.compile(r"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//|url\(|@import""", re.I)


def external_asset_refs(document: str) -> list[str]:
    """Places where ``document`` would load something from elsewhere, ignoring ``<a href>`` links
    (citations). Empty for every summary this module builds; used by tests."""
    without_links = re.sub(r"<a\s[^>]*>", "<a>", document, flags=re.I)
    return [m.group(0) for m in _EXTERNAL.finditer(without_links)]
