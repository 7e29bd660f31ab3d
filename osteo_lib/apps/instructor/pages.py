"""The guide's HTML: a pure builder ``<name>_html(...) -> Markup`` per part, rendered from the templates in
``osteo_lib/views/templates/instructor/``, and a display wrapper that adds the workbook stylesheet."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from IPython.display import HTML

from osteo_lib.apps.instructor.keys import AnswerKey, answer_keys_for, ordered_banks
from osteo_lib.apps.instructor.notebooks import check_notebooks, notebook_objectives, try_this_tasks
from osteo_lib.apps.instructor.text import instructor_text
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.guide import load_guide
from osteo_lib.content.model_answers import load_model_answers
from osteo_lib.content.notebooks import load_notebooks
from osteo_lib.content.ui import UiTexts
from osteo_lib.views.templates import Markup, render
from osteo_lib.views.widgets.base import resolve_catalog, stylesheet_text

__all__ = [
    "answer_keys",
    "answer_keys_html",
    "bullet",
    "check_html",
    "discussion_prompts",
    "discussion_prompts_html",
    "inline_html",
    "learning_objectives",
    "learning_objectives_html",
    "misconceptions",
    "misconceptions_html",
    "model_answers",
    "model_answers_html",
    "run_the_room",
    "run_the_room_html",
    "session_plan",
    "session_plan_html",
]

#: IPython's HTML display object (IPython has no type hints for it).
_html: Callable[[str], HTML] = HTML

# --- HTML builders ------------------------------------------------------------------------------------
_INLINE = re.compile(r"`([^`]+)`|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*|\[([^\]]+)\]\(([^)\s]+)\)")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _inline_parts(text: str) -> list[tuple[str, str, str]]:
    """``text`` cut into (kind, text, href) parts: kind ``code``, ``strong``, ``em``, ``a`` or ``text``."""
    parts: list[tuple[str, str, str]] = []
    pos = 0
    for m in _INLINE.finditer(text):
        parts.append(("text", text[pos : m.start()], ""))
        code, bold, italic, label, href = m.groups()
        if code is not None:
            parts.append(("code", code, ""))
        elif bold is not None:
            parts.append(("strong", bold, ""))
        elif italic is not None:
            parts.append(("em", italic, ""))
        elif href.startswith("https://") or not _SCHEME.match(href):
            parts.append(("a", label, href))
        else:
            parts.append(("text", m.group(0), ""))
        pos = m.end()
    parts.append(("text", text[pos:], ""))
    return [p for p in parts if p[1]]


def inline_html(text: str) -> Markup:
    """Escape ``text`` and render the little markdown the data uses: `code`, **bold**, *italic*, [text](link).

    Links may be relative paths or https addresses; anything else is shown as plain text.
    """
    return render("instructor/inline.html.j2", parts=_inline_parts(text))


def _page(template: str, catalog: Catalog | None = None, **context: Any) -> Markup:
    """A part of the guide rendered with the guide's labels, the inline-markdown helper and the catalog."""
    text: UiTexts = instructor_text()
    return render(template, text=text, inline=inline_html, catalog=resolve_catalog(catalog), **context)


def _clock(minute: int) -> str:
    return instructor_text().format("clock", h=minute // 60, m=minute % 60)


def session_plan_html(plan_id: str, catalog: Catalog | None = None) -> Markup:
    """One plan: audience, session objectives and a table of its sections with start times and minutes."""
    text = instructor_text()
    guide = load_guide(catalog)
    plan = guide.plan(plan_id)
    rows = [
        {
            "start": _clock(start),
            "section": s,
            "kind": text[f"kind_{s.kind}"],
            "topics": [
                d.topic for cell in s.try_this for d in guide.discussion if d.cell == cell and d.notebook in s.notebooks
            ],
        }
        for start, s in zip(plan.starts(), plan.sections, strict=True)
    ]
    heading = f"{plan.title} ({text.format('minutes', n=plan.minutes)})"
    total = sum(s.minutes for s in plan.sections)
    return _page("instructor/session_plan.html.j2", catalog, heading=heading, plan=plan, rows=rows, total=total)


def bullet(items: Iterable[str]) -> Markup:
    """A ``<ul>`` of escaped items (nothing when there are none)."""
    return render("instructor/bullet.html.j2", items=list(items))


def learning_objectives_html(folder: Path | None = None, catalog: Catalog | None = None) -> Markup:
    """Each notebook's learning objectives (read from the notebook), core ones marked, with the in-room check."""
    guide = load_guide(catalog)
    notebooks = []
    for info in load_notebooks():
        focus = guide.focus(info.file)
        objectives = [
            {"text": t, "core": n in focus.core} for n, t in enumerate(notebook_objectives(info.file, folder), start=1)
        ]
        notebooks.append({"info": info, "focus": focus, "objectives": objectives})
    return _page("instructor/objectives.html.j2", catalog, notebooks=notebooks)


def discussion_prompts_html(folder: Path | None = None, catalog: Catalog | None = None) -> Markup:
    """Every Try this task of the teaching notebooks, with its question (from the notebook) and the
    discussion prompts and points to listen for (from the data). Tasks without prompts are listed first."""
    text = instructor_text()
    guide = load_guide(resolve_catalog(catalog))
    tasks = try_this_tasks(folder)
    missing = [
        text.format("missing_task", notebook=t.notebook, section=t.section, cell=t.cell)
        for t in tasks
        if guide.discussion_for(t.key) is None
    ]
    titles = {n.file: n.title for n in load_notebooks()}
    groups = []
    for notebook in dict.fromkeys(t.notebook for t in tasks):
        cards = [(t, guide.discussion_for(t.key)) for t in tasks if t.notebook == notebook]
        groups.append(
            {
                "heading": f"{notebook}: {titles.get(notebook, notebook)}",
                "cards": [(t, d) for t, d in cards if d is not None],
            }
        )
    return _page("instructor/prompts.html.j2", catalog, count=len(tasks), missing=missing, groups=groups)


def model_answers_html(folder: Path | None = None, catalog: Catalog | None = None) -> Markup:
    """The model answer of every Try this question (``data/model_answers.yaml``), under the question read
    from the notebook. Questions without an answer and answers without a question are listed first."""
    text = instructor_text()
    cat = resolve_catalog(catalog)
    answers = {(a.notebook, a.cell): a for a in load_model_answers(catalog=cat)}
    tasks = try_this_tasks(folder)
    keys = {(t.notebook, t.cell) for t in tasks}
    missing = [
        text.format("missing_task", notebook=t.notebook, section=t.section, cell=t.cell)
        for t in tasks
        if (t.notebook, t.cell) not in answers
    ] + [
        text.format("answers_orphan", notebook=a.notebook, id=a.id, cell=a.cell)
        for key, a in answers.items()
        if key not in keys
    ]
    titles = {n.file: n.title for n in load_notebooks()}
    groups = [
        {
            "heading": f"{notebook}: {titles.get(notebook, notebook)}",
            "cards": [
                (t, answers[(t.notebook, t.cell)])
                for t in tasks
                if t.notebook == notebook and (t.notebook, t.cell) in answers
            ],
        }
        for notebook in dict.fromkeys(t.notebook for t in tasks)
    ]
    return _page("instructor/model_answers.html.j2", cat, count=len(tasks), missing=missing, groups=groups)


def _key_view(key: AnswerKey) -> dict[str, Any]:
    text = instructor_text()
    points = text["key_point"] if key.max_points == 1 else text.format("key_points", points=key.max_points)
    title = text.format("key_title", id=key.item, kind=text[f"type_{key.type}"]) + f" ({points})"
    step = ""
    if key.step or key.case_stage:
        step = text.format(
            "key_step",
            step=(key.step or text["none"]).replace("_", " "),
            stage=(key.case_stage or text["none"]).replace("_", " "),
        )
    return {"key": key, "title": title, "step": step}


def answer_keys_html(catalog: Catalog | None = None) -> Markup:
    """Every question bank's right answers, explanations and sources, one collapsible block per bank."""
    text = instructor_text()
    cat = resolve_catalog(catalog)
    banks = []
    for bank in ordered_banks(cat):
        keys = answer_keys_for(bank)
        summary = text.format(
            "keys_summary", title=bank.title, where=bank.notebook or text["keys_unused"], count=len(keys)
        )
        banks.append({"bank": bank, "summary": summary, "answer_keys": [_key_view(k) for k in keys]})
    return _page("instructor/keys.html.j2", cat, banks=banks)


def misconceptions_html(catalog: Catalog | None = None) -> Markup:
    """The common misconceptions: the wrong belief, the correction, where it is taught, and the sources."""
    cat = resolve_catalog(catalog)
    return _page("instructor/misconceptions.html.j2", cat, misconceptions=load_guide(cat).misconceptions)


def run_the_room_html(catalog: Catalog | None = None) -> Markup:
    """How to run the room, stage by stage (before, during, a patient session, after)."""
    return _page("instructor/room.html.j2", catalog, room=load_guide(catalog).room)


def check_html(folder: Path | None = None, catalog: Catalog | None = None) -> Markup:
    """'' when the guide matches the notebooks, else a warning listing each mismatch."""
    problems = check_notebooks(load_guide(catalog), folder)
    if not problems:
        return Markup("")
    return _page("instructor/check.html.j2", catalog, problems=problems)


# --- display wrappers (what a guide cell calls) -------------------------------------------------------
def _styled(fragment: Markup) -> HTML:
    """Static HTML preceded by the workbook stylesheet, ready for a notebook cell to display."""
    return _html(str(render("instructor/styled.html.j2", css=stylesheet_text(), body=fragment)))


def session_plan(plan_id: str, *, catalog: Catalog | None = None) -> HTML:
    """Display :func:`session_plan_html`."""
    return _styled(session_plan_html(plan_id, catalog))


def learning_objectives(*, catalog: Catalog | None = None) -> HTML:
    """Display :func:`learning_objectives_html`."""
    return _styled(learning_objectives_html(catalog=catalog))


def discussion_prompts(*, catalog: Catalog | None = None) -> HTML:
    """Display :func:`discussion_prompts_html` (with a warning first if the guide and notebooks disagree)."""
    return _styled(check_html(catalog=catalog) + discussion_prompts_html(catalog=catalog))


def model_answers(*, catalog: Catalog | None = None) -> HTML:
    """Display :func:`model_answers_html`."""
    return _styled(model_answers_html(catalog=catalog))


def answer_keys(*, catalog: Catalog | None = None) -> HTML:
    """Display :func:`answer_keys_html`."""
    return _styled(answer_keys_html(catalog))


def misconceptions(*, catalog: Catalog | None = None) -> HTML:
    """Display :func:`misconceptions_html`."""
    return _styled(misconceptions_html(catalog))


def run_the_room(*, catalog: Catalog | None = None) -> HTML:
    """Display :func:`run_the_room_html`."""
    return _styled(run_the_room_html(catalog))
