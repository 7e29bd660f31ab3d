"""The guide's HTML: a pure builder ``<name>_html(...) -> str`` per part and a display wrapper that adds
the workbook stylesheet."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from IPython.display import HTML

from osteo_lib.content.catalog import Catalog
from osteo_lib.apps.instructor.guide import load_guide
from osteo_lib.apps.instructor.keys import AnswerKey, answer_keys_for, ordered_banks
from osteo_lib.apps.instructor.notebooks import check_notebooks, notebook_objectives, try_this_tasks
from osteo_lib.apps.instructor.text import INSTRUCTOR_TEXT
from osteo_lib.content.notebooks import load_notebooks
from osteo_lib.views.widgets.base import esc, join, resolve_catalog, sources_html, styled_html, tag


# --- HTML builders ------------------------------------------------------------------------------------
_INLINE = re.compile(r"`([^`]+)`|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*|\[([^\]]+)\]\(([^)\s]+)\)")


def inline_html(text: str) -> str:
    """Escape ``text`` and render the little markdown the data uses: `code`, **bold**, *italic*, [text](link).

    Links may be relative paths or https addresses; anything else is shown as plain text.
    """
    out: list[str] = []
    pos = 0
    for m in _INLINE.finditer(text):
        out.append(esc(text[pos:m.start()]))
        code, bold, italic, label, href = m.groups()
        if code is not None:
            out.append(tag("code", code))
        elif bold is not None:
            out.append(tag("strong", bold))
        elif italic is not None:
            out.append(tag("em", italic))
        elif href.startswith("https://") or not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href):
            out.append(tag("a", label, href=href))
        else:
            out.append(esc(m.group(0)))
        pos = m.end()
    out.append(esc(text[pos:]))
    return "".join(out)


def _section(heading: str, body: str, *, cls: str) -> str:
    return tag("section", tag("h3", heading) + body, cls=f"ow-widget ow-instr {cls}", raw=True, aria_label=heading)


def _sources(catalog: Catalog, ids: Sequence[str]) -> str:
    if not ids:
        return ""
    return tag("details", tag("summary", INSTRUCTOR_TEXT["sources"]) + sources_html(catalog, ids), cls="ow-instr-sources", raw=True)


def _clock(minute: int) -> str:
    return INSTRUCTOR_TEXT["clock"].format(h=minute // 60, m=minute % 60)


def session_plan_html(plan_id: str, catalog: Catalog | None = None) -> str:
    """One plan: audience, session objectives and a table of its sections with start times and minutes."""
    guide = load_guide(catalog)
    plan = guide.plan(plan_id)
    head = tag("tr", join(tag("th", INSTRUCTOR_TEXT[c], scope="col") for c in
                          ("col_start", "col_minutes", "col_section", "col_notebooks", "col_tasks", "col_activity")), raw=True)
    rows = []
    for start, s in zip(plan.starts(), plan.sections):
        topics = [d.topic for cell in s.try_this for d in guide.discussion if d.cell == cell and d.notebook in s.notebooks]
        rows.append(tag("tr", join([
            tag("td", _clock(start)),
            tag("td", str(s.minutes), cls="ow-instr-num"),
            tag("th", esc(s.title) + " " + tag("span", f"({INSTRUCTOR_TEXT['kind_' + s.kind]})", cls="ow-note"), scope="row", raw=True),
            tag("td", ", ".join(esc(nb).replace("_", "_<wbr>") for nb in s.notebooks) or esc(INSTRUCTOR_TEXT["none"]),
                raw=True, cls="ow-instr-nbs"),
            tag("td", bullet(topics) if topics else esc(INSTRUCTOR_TEXT["none"]), raw=True),
            tag("td", s.activity, cls="ow-instr-activity"),
        ]), raw=True, cls=f"ow-instr-{s.kind}"))
    foot = tag("tr", tag("td", "") + tag("td", str(sum(s.minutes for s in plan.sections)), cls="ow-instr-num")
               + tag("th", INSTRUCTOR_TEXT["total"], scope="row") + tag("td", "", colspan="3"), raw=True)
    table = tag("table", tag("caption", INSTRUCTOR_TEXT["plan_caption"].format(title=plan.title, minutes=plan.minutes))
                + tag("thead", head, raw=True) + tag("tbody", join(rows), raw=True) + tag("tfoot", foot, raw=True),
                cls="ow-instr-plan", raw=True)
    body = (tag("p", tag("strong", INSTRUCTOR_TEXT["plan_audience"] + ": ") + esc(plan.audience), raw=True)
            + tag("p", tag("strong", INSTRUCTOR_TEXT["plan_objectives"] + ":"), raw=True)
            + tag("ol", join(tag("li", inline_html(o), raw=True) for o in plan.objectives), raw=True)
            + tag("div", table, cls="ow-instr-scroll", raw=True, role="region", tabindex="0", aria_label=plan.title))
    return _section(f"{plan.title} ({INSTRUCTOR_TEXT['minutes'].format(n=plan.minutes)})", body, cls="ow-instr-plans")


def bullet(items: Iterable[str]) -> str:
    return tag("ul", join(tag("li", i) for i in items), raw=True)


def learning_objectives_html(folder: Path | None = None, catalog: Catalog | None = None) -> str:
    """Each notebook's learning objectives (read from the notebook), core ones marked, with the in-room check."""
    guide = load_guide(catalog)
    parts = [tag("p", INSTRUCTOR_TEXT["objectives_intro"], cls="ow-note")]
    for info in load_notebooks():
        focus = guide.focus(info.file)
        items = []
        for n, text in enumerate(notebook_objectives(info.file, folder), start=1):
            mark = " " + tag("span", INSTRUCTOR_TEXT["core"], cls="ow-instr-core") if n in focus.core else ""
            items.append(tag("li", inline_html(text) + mark, raw=True, cls="ow-instr-is-core" if n in focus.core else None))
        parts.append(tag("article", join([
            tag("h4", f"{info.file}: {info.title}"),
            tag("p", INSTRUCTOR_TEXT["time_to_learn"].format(minutes=info.minutes), cls="ow-note"),
            tag("ol", join(items), raw=True),
            tag("p", tag("strong", INSTRUCTOR_TEXT["check"] + ": ") + esc(focus.check), raw=True),
        ]), cls="ow-card ow-instr-card", raw=True))
    return _section(INSTRUCTOR_TEXT["objectives_heading"], join(parts), cls="ow-instr-objectives")


def discussion_prompts_html(folder: Path | None = None, catalog: Catalog | None = None) -> str:
    """Every Try this task of the teaching notebooks, with its question (from the notebook) and the
    discussion prompts and points to listen for (from the data). Tasks without prompts are listed first."""
    cat = resolve_catalog(catalog)
    guide = load_guide(cat)
    tasks = try_this_tasks(folder)
    missing = [t for t in tasks if guide.discussion_for(t.key) is None]
    parts = [tag("p", INSTRUCTOR_TEXT["prompts_count"].format(count=len(tasks)), cls="ow-note")]
    if missing:
        parts.append(tag("div", tag("p", INSTRUCTOR_TEXT["prompts_missing"] + ":") + bullet(f"{t.notebook}, {t.section} (cell {t.cell})" for t in missing),
                         cls="ow-warning", raw=True, role="alert"))
    titles = {n.file: n.title for n in load_notebooks()}
    for notebook in dict.fromkeys(t.notebook for t in tasks):
        cards = []
        for t in (t for t in tasks if t.notebook == notebook):
            d = guide.discussion_for(t.key)
            if d is None:
                continue
            cards.append(tag("article", join([
                tag("h5", d.topic),
                tag("p", INSTRUCTOR_TEXT["task_where"].format(section=t.section, widget=t.widget or INSTRUCTOR_TEXT["none"]), cls="ow-note"),
                tag("p", tag("strong", INSTRUCTOR_TEXT["task_question"] + ": ") + inline_html(t.question), raw=True, cls="ow-instr-question"),
                tag("p", tag("strong", INSTRUCTOR_TEXT["ask"] + ":"), raw=True),
                tag("ol", join(tag("li", p) for p in d.prompts), raw=True),
                tag("p", tag("strong", INSTRUCTOR_TEXT["listen"] + ":"), raw=True),
                bullet(d.look_for),
                _sources(cat, d.references),
            ]), cls="ow-card ow-instr-card", raw=True, data_task=t.key))
        parts.append(tag("h4", f"{notebook}: {titles.get(notebook, notebook)}") + join(cards))
    return _section(INSTRUCTOR_TEXT["prompts_heading"], join(parts), cls="ow-instr-prompts")


def _key_html(cat: Catalog, key: AnswerKey) -> str:
    points = INSTRUCTOR_TEXT["key_point"] if key.max_points == 1 else INSTRUCTOR_TEXT["key_points"].format(points=key.max_points)
    answers = join(tag("dt", a.label) + tag("dd", a.text) for a in key.answers)
    step = ""
    if key.step or key.case_stage:
        step = tag("p", INSTRUCTOR_TEXT["key_step"].format(step=(key.step or INSTRUCTOR_TEXT["none"]).replace("_", " "),
                                               stage=(key.case_stage or INSTRUCTOR_TEXT["none"]).replace("_", " ")), cls="ow-note")
    return tag("article", join([
        tag("h5", INSTRUCTOR_TEXT["key_title"].format(id=key.item, kind=INSTRUCTOR_TEXT[f"type_{key.type}"]) + f" ({points})"),
        tag("p", key.stem, cls="ow-instr-stem"),
        tag("dl", answers, cls="ow-instr-answers", raw=True),
        tag("p", tag("strong", INSTRUCTOR_TEXT["key_why"] + ": ") + esc(key.explanation), raw=True),
        step,
        _sources(cat, key.references),
    ]), cls="ow-instr-key", raw=True, id=f"key-{key.item}", data_item=key.item)


def answer_keys_html(catalog: Catalog | None = None) -> str:
    """Every question bank's right answers, explanations and sources, one collapsible block per bank."""
    cat = resolve_catalog(catalog)
    blocks = []
    for bank in ordered_banks(cat):
        keys = answer_keys_for(bank)
        summary = INSTRUCTOR_TEXT["keys_summary"].format(title=bank.title, where=bank.notebook or INSTRUCTOR_TEXT["keys_unused"], count=len(keys))
        blocks.append(tag("details", tag("summary", summary) + join(_key_html(cat, k) for k in keys),
                          cls="ow-instr-bank", raw=True, data_bank=bank.id))
    return _section(INSTRUCTOR_TEXT["keys_heading"], tag("p", INSTRUCTOR_TEXT["keys_intro"], cls="ow-note") + join(blocks), cls="ow-instr-keys")


def misconceptions_html(catalog: Catalog | None = None) -> str:
    """The common misconceptions: the wrong belief, the correction, where it is taught, and the sources."""
    cat = resolve_catalog(catalog)
    guide = load_guide(cat)
    cards = join(tag("article", join([
        tag("p", tag("strong", INSTRUCTOR_TEXT["belief"] + ": ") + esc(m.belief), raw=True, cls="ow-instr-belief"),
        tag("p", tag("strong", INSTRUCTOR_TEXT["correction"] + ": ") + esc(m.correction), raw=True),
        tag("p", INSTRUCTOR_TEXT["taught_in"].format(notebook=m.notebook), cls="ow-note"),
        _sources(cat, m.references),
    ]), cls="ow-card ow-instr-card", raw=True, data_misconception=m.id) for m in guide.misconceptions)
    return _section(INSTRUCTOR_TEXT["misconceptions_heading"], cards, cls="ow-instr-misconceptions")


def run_the_room_html(catalog: Catalog | None = None) -> str:
    """How to run the room, stage by stage (before, during, a patient session, after)."""
    guide = load_guide(catalog)
    body = join(tag("h4", r.title) + tag("ol", join(tag("li", inline_html(s), raw=True) for s in r.steps), raw=True)
                for r in guide.room)
    return _section(INSTRUCTOR_TEXT["room_heading"], body, cls="ow-instr-room")


def check_html(folder: Path | None = None, catalog: Catalog | None = None) -> str:
    """'' when the guide matches the notebooks, else a warning listing each mismatch."""
    problems = check_notebooks(load_guide(catalog), folder)
    if not problems:
        return ""
    return tag("div", tag("p", INSTRUCTOR_TEXT["check_problems"] + ":") + bullet(problems), cls="ow-widget ow-warning", raw=True, role="alert")


# --- display wrappers (what a guide cell calls) -------------------------------------------------------


def session_plan(plan_id: str, *, catalog: Catalog | None = None) -> HTML:
    """Display :func:`session_plan_html`."""
    return styled_html(session_plan_html(plan_id, catalog))


def learning_objectives(*, catalog: Catalog | None = None) -> HTML:
    """Display :func:`learning_objectives_html`."""
    return styled_html(learning_objectives_html(catalog=catalog))


def discussion_prompts(*, catalog: Catalog | None = None) -> HTML:
    """Display :func:`discussion_prompts_html` (with a warning first if the guide and notebooks disagree)."""
    return styled_html(check_html(catalog=catalog) + discussion_prompts_html(catalog=catalog))


def answer_keys(*, catalog: Catalog | None = None) -> HTML:
    """Display :func:`answer_keys_html`."""
    return styled_html(answer_keys_html(catalog))


def misconceptions(*, catalog: Catalog | None = None) -> HTML:
    """Display :func:`misconceptions_html`."""
    return styled_html(misconceptions_html(catalog))


def run_the_room(*, catalog: Catalog | None = None) -> HTML:
    """Display :func:`run_the_room_html`."""
    return styled_html(run_the_room_html(catalog))
