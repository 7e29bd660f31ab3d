"""The instructor workshop kit: session plans, learning objectives, discussion prompts, answer keys,
misconceptions and how to run the room, for ``notebooks/instructor/workshop_guide.ipynb``.

Where things come from (nothing is copied into the guide):

* ``data/instructor.yaml`` (schema ``instructor.schema.json``): the session plans, which notebook
  objectives to secure in the room, discussion prompts keyed by the cell id of each "Try this" task,
  misconceptions with corrections and sources, and how to run the room;
* ``data/quizzes/*.yaml`` through :mod:`osteo_lib.quiz`: the answer keys, rendered at run time;
* the teaching notebooks themselves: each "Try this" task's question and each notebook's learning
  objectives are read from the ``.ipynb`` files when the guide runs, so the guide always matches them.

Like :mod:`osteo_lib.lesson`, every part comes as a pure builder ``<name>_html(...) -> str`` and a
display wrapper that adds the workbook stylesheet. The data functions (:func:`load_guide`,
:func:`try_this_tasks`, :func:`answer_key`, :func:`check_notebooks` ...) return typed records.

Usage in the guide::

    from osteo_lib import instructor
    instructor.session_plan("short")      # the 90-minute plan as a table
    instructor.answer_keys()              # every bank's answers and explanations
"""

from __future__ import annotations

import ast
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from IPython.display import HTML

from osteo_lib import _validate as v
from osteo_lib import registry
from osteo_lib._records import by_id
from osteo_lib.catalog import Catalog
from osteo_lib.errors import DataError
from osteo_lib.lesson import NOTEBOOKS
from osteo_lib.quiz import BOWTIE_PARTS, Bank, Item, load_banks
from osteo_lib.widgets._base import esc, join, resolve_catalog, sources_html, styled_html, tag

GUIDE_FILE = "instructor.yaml"
SectionKind = Literal["setup", "teach", "break", "debrief"]
#: Sections of these kinds are offered as "most helpful" in the end-of-session feedback form.
FEEDBACK_KINDS: tuple[SectionKind, ...] = ("teach",)
TRY_THIS = re.compile(r"^(### Try this\b|> \*\*Try this\*\*)", re.M)
_OBJECTIVE = re.compile(r"^(\d+)\.\s+(.*)$", re.M)
_NOTEBOOK_FILE = "[0-9][0-9]_*.ipynb"

#: Fixed labels of the guide (the content comes from the data and the notebooks).
INSTRUCTOR_TEXT: dict[str, str] = {
    "plan_caption": "{title}: what happens when, {minutes} minutes in all",
    "plan_audience": "Who it is for",
    "plan_objectives": "By the end of the session, students can",
    "col_start": "Starts at",
    "col_minutes": "Minutes",
    "col_section": "Part",
    "col_notebooks": "Notebooks",
    "col_tasks": "Try this tasks",
    "col_activity": "What happens",
    "total": "Total",
    "minutes": "{n} min",
    "clock": "{h}:{m:02d}",
    "none": "none",
    "kind_setup": "setup",
    "kind_teach": "teaching",
    "kind_break": "break",
    "kind_debrief": "wrap-up",
    "objectives_heading": "Learning objectives, notebook by notebook",
    "objectives_intro": "The objectives are read from each notebook. The ones marked core are the ones to secure in class.",
    "core": "core",
    "check": "Check in the room",
    "time_to_learn": "{minutes} minutes on their own",
    "prompts_heading": "Discussion prompts for every Try this task",
    "prompts_count": "{count} Try this tasks in the teaching notebooks. Each one has prompts below.",
    "prompts_missing": "These Try this tasks have no discussion prompt yet",
    "task_where": "Section: {section}. Widget: {widget}.",
    "task_question": "The question students answer",
    "ask": "Ask the room",
    "listen": "Listen for",
    "sources": "Sources",
    "keys_heading": "Answer keys",
    "keys_intro": "Read from the question banks in data/quizzes when this cell runs. Open one bank at a time; keep them off the projector.",
    "keys_summary": "{title} ({where}, {count} questions)",
    "keys_unused": "not used by a teaching notebook",
    "key_title": "{id}: {kind}",
    "key_points": "{points} points",
    "key_point": "1 point",
    "key_answer": "Answer",
    "key_why": "Why",
    "key_step": "Clinical judgment step: {step}. Case stage: {stage}.",
    "type_single": "one answer",
    "type_multiple": "select all that apply",
    "type_matrix": "matrix",
    "type_bowtie": "bowtie",
    "right_choice": "Right choice",
    "bowtie_condition": "Condition",
    "bowtie_actions": "Action to take",
    "bowtie_parameters": "Parameter to watch",
    "misconceptions_heading": "Common misconceptions",
    "belief": "What students may think",
    "correction": "What is right",
    "taught_in": "Taught in {notebook}",
    "room_heading": "How to run the room",
    "check_problems": "The guide and the notebooks do not match",
}


# --- records ------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Section:
    """One part of a session plan."""

    id: str
    title: str
    kind: SectionKind
    minutes: int
    notebooks: tuple[str, ...]
    try_this: tuple[str, ...]
    activity: str


@dataclass(frozen=True, slots=True)
class Plan:
    """A session plan; the sections' minutes add up to ``minutes`` (checked when loading)."""

    id: str
    title: str
    minutes: int
    audience: str
    objectives: tuple[str, ...]
    sections: tuple[Section, ...]

    @property
    def feedback_sections(self) -> dict[str, str]:
        """The sections offered as "most helpful" in the feedback form: id -> title, in plan order."""
        return {s.id: s.title for s in self.sections if s.kind in FEEDBACK_KINDS}

    def starts(self) -> tuple[int, ...]:
        """The minute at which each section starts (0 for the first)."""
        out, t = [], 0
        for s in self.sections:
            out.append(t)
            t += s.minutes
        return tuple(out)


@dataclass(frozen=True, slots=True)
class NotebookFocus:
    """Which of a notebook's own learning objectives (by number) to secure in the room, and how to check."""

    notebook: str
    core: tuple[int, ...]
    check: str


@dataclass(frozen=True, slots=True)
class Discussion:
    """Discussion prompts for one "Try this" task, found by its notebook and cell id."""

    notebook: str
    cell: str
    n: int
    topic: str
    prompts: tuple[str, ...]
    look_for: tuple[str, ...]
    references: tuple[str, ...]

    @property
    def key(self) -> str:
        return task_key(self.notebook, self.cell, self.n)


@dataclass(frozen=True, slots=True)
class Misconception:
    id: str
    notebook: str
    belief: str
    correction: str
    references: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RoomPart:
    """One stage of running the room (before, during, after ...)."""

    id: str
    title: str
    steps: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Guide:
    """Validated content of ``data/instructor.yaml``."""

    source: Path
    plans: tuple[Plan, ...]
    notebooks: tuple[NotebookFocus, ...]
    discussion: tuple[Discussion, ...]
    misconceptions: tuple[Misconception, ...]
    room: tuple[RoomPart, ...]

    def plan(self, plan_id: str) -> Plan:
        return by_id(self.plans, plan_id, "session plan")

    def focus(self, notebook: str) -> NotebookFocus:
        return by_id(self.notebooks, notebook, "notebook focus", key="notebook")

    def discussion_for(self, key: str) -> Discussion | None:
        return next((d for d in self.discussion if d.key == key), None)


@dataclass(frozen=True, slots=True)
class TryThis:
    """A "Try this" task as found in a teaching notebook."""

    notebook: str
    cell: str
    n: int
    section: str
    question: str
    widget: str

    @property
    def key(self) -> str:
        return task_key(self.notebook, self.cell, self.n)


@dataclass(frozen=True, slots=True)
class AnswerLine:
    """One line of an answer key: what it is (``label``) and the right answer's text."""

    label: str
    text: str


@dataclass(frozen=True, slots=True)
class AnswerKey:
    """The right answers of one quiz item, ready to show."""

    bank: str
    item: str
    type: str
    stem: str
    answers: tuple[AnswerLine, ...]
    explanation: str
    references: tuple[str, ...]
    max_points: int
    case_stage: str | None = None
    step: str | None = None


def task_key(notebook: str, cell: str, n: int = 1) -> str:
    """``"01_pain_physiology#9ce9be88"`` (``"...#cell/2"`` for the second task in one cell)."""
    return f"{notebook}#{cell}" + (f"/{n}" if n > 1 else "")


# --- loading ------------------------------------------------------------------------------------------
def guide_path(catalog: Catalog | None = None) -> Path:
    """Where ``instructor.yaml`` lives: next to the catalog's content files."""
    return Path(resolve_catalog(catalog).source) / GUIDE_FILE


def load_guide(catalog: Catalog | None = None) -> Guide:
    """Read and validate ``instructor.yaml`` (cached). Raises :class:`~osteo_lib.errors.DataError`
    naming the file, record and field: schema problems, unknown notebook or reference ids, duplicate
    ids, Try this cells without a discussion entry, and plans whose minutes do not add up."""
    cat = resolve_catalog(catalog)
    path = guide_path(cat)
    return _load(path, f"{path.parent.name}/{path.name}", frozenset(cat.references))


def clear_cache() -> None:
    """Forget every loaded data file: the same as :func:`osteo_lib.reload` (kept for existing callers)."""
    registry.reload()


def _load(path: Path, label: str, ref_ids: frozenset[str]) -> Guide:
    return registry.get("instructor", (path, label, ref_ids), lambda: _read(path, label, ref_ids))


def _read(path: Path, label: str, ref_ids: frozenset[str]) -> Guide:
    doc = v.read_yaml(path, label)
    v.check_schema(doc, "instructor", label)
    guide = _build(doc, path)
    _check(guide, label, ref_ids)
    return guide


def _build(doc: dict[str, Any], path: Path) -> Guide:
    plans = tuple(
        Plan(p["id"], p["title"], p["minutes"], p["audience"], tuple(p["objectives"]),
             tuple(Section(s["id"], s["title"], s["kind"], s["minutes"], tuple(s["notebooks"]), tuple(s["try_this"]),
                           s["activity"]) for s in p["sections"]))
        for p in doc["plans"]
    )
    return Guide(
        source=path,
        plans=plans,
        notebooks=tuple(NotebookFocus(n["notebook"], tuple(n["core"]), n["check"]) for n in doc["notebooks"]),
        discussion=tuple(Discussion(d["notebook"], d["cell"], d.get("n", 1), d["topic"], tuple(d["prompts"]),
                                    tuple(d["look_for"]), tuple(d["references"])) for d in doc["discussion"]),
        misconceptions=tuple(Misconception(m["id"], m["notebook"], m["belief"], m["correction"], tuple(m["references"]))
                             for m in doc["misconceptions"]),
        room=tuple(RoomPart(r["id"], r["title"], tuple(r["steps"])) for r in doc["room"]),
    )


def _unique(ids: Iterable[str], label: str, record: str | None, fieldname: str) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise DataError(label, record or i, fieldname, f"duplicate id {i!r}")
        seen.add(i)


def _check(guide: Guide, label: str, ref_ids: frozenset[str]) -> None:
    """The checks JSON Schema cannot express. Raises DataError(file, record, field, problem)."""
    known = [n.file for n in NOTEBOOKS]

    def notebook_known(nb: str, record: str, fieldname: str) -> None:
        if nb not in known:
            raise DataError(label, record, fieldname, f"unknown notebook {nb!r}; notebooks: {', '.join(known)}")

    def refs_known(refs: Iterable[str], record: str) -> None:
        for r in refs:
            if r not in ref_ids:
                raise DataError(label, record, "references", f"unknown reference id {r!r}")

    _unique((p.id for p in guide.plans), label, None, "id")
    _unique((d.key for d in guide.discussion), label, None, "cell")
    _unique((m.id for m in guide.misconceptions), label, None, "id")
    _unique((r.id for r in guide.room), label, None, "id")
    _unique((f.notebook for f in guide.notebooks), label, None, "notebook")
    discussion = {(d.notebook, d.cell) for d in guide.discussion}
    for plan in guide.plans:
        _unique((s.id for s in plan.sections), label, plan.id, "sections.id")
        total = sum(s.minutes for s in plan.sections)
        if total != plan.minutes:
            parts = " + ".join(str(s.minutes) for s in plan.sections)
            raise DataError(label, plan.id, "sections.minutes",
                            f"the sections add up to {total} minutes ({parts}), not the plan's {plan.minutes}")
        if not plan.feedback_sections:
            raise DataError(label, plan.id, "sections.kind", "a plan needs at least one 'teach' section (the feedback form offers them)")
        for s in plan.sections:
            for nb in s.notebooks:
                notebook_known(nb, plan.id, f"sections[{s.id}].notebooks")
            for cell in s.try_this:
                owners = [nb for nb in s.notebooks if (nb, cell) in discussion]
                if not owners:
                    raise DataError(label, plan.id, f"sections[{s.id}].try_this",
                                    f"cell {cell!r} has no discussion entry for the section's notebooks ({', '.join(s.notebooks) or 'none'})")
    for f in guide.notebooks:
        notebook_known(f.notebook, f.notebook, "notebook")
    missing = [nb for nb in known if nb not in {f.notebook for f in guide.notebooks}]
    if missing:
        raise DataError(label, None, "notebooks", f"every teaching notebook needs an entry; missing: {', '.join(missing)}")
    for d in guide.discussion:
        notebook_known(d.notebook, d.key, "notebook")
        refs_known(d.references, d.key)
    for m in guide.misconceptions:
        notebook_known(m.notebook, m.id, "notebook")
        refs_known(m.references, m.id)


# --- the notebooks ------------------------------------------------------------------------------------
def notebooks_dir() -> Path:
    """The teaching notebooks: ``$OSTEO_NOTEBOOKS_DIR`` or the workbook's ``notebooks/`` folder."""
    override = os.environ.get("OSTEO_NOTEBOOKS_DIR")
    folder = Path(override) if override else Path(__file__).resolve().parent.parent / "notebooks"
    if not folder.is_dir():
        raise FileNotFoundError(f"the teaching notebooks are not at {folder}; set OSTEO_NOTEBOOKS_DIR to the notebooks folder")
    return folder


def _cells(path: Path) -> list[dict[str, Any]]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    cells = doc.get("cells", []) if isinstance(doc, dict) else []
    return [c for c in cells if isinstance(c, dict)]


def _source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _question(markdown: str, start: int) -> str:
    """The text after the first ``**Question:**`` following ``start`` (blockquote marks removed)."""
    at = markdown.find("**Question:**", start)
    if at < 0:
        return ""
    lines = [re.sub(r"^>\s?", "", ln).strip() for ln in markdown[at + len("**Question:**"):].splitlines()]
    text: list[str] = []
    for ln in lines:
        if not ln and text:
            break
        if ln:
            text.append(ln)
    return " ".join(text)


def _called(source: str) -> str:
    """The first thing a code cell calls (the widget of a Try this task), or ''."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return ""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
    return ""


def try_this_tasks(folder: Path | None = None) -> tuple[TryThis, ...]:
    """Every "Try this" task in the teaching notebooks (``NN_*.ipynb``), in reading order."""
    base = folder if folder is not None else notebooks_dir()
    found: list[TryThis] = []
    for path in sorted(base.glob(_NOTEBOOK_FILE)):
        cells = _cells(path)
        section = ""
        for i, cell in enumerate(cells):
            if cell.get("cell_type") != "markdown":
                continue
            text = _source(cell)
            for line in text.splitlines():
                if line.startswith("## "):
                    section = line[3:].strip()
            following = next((c for c in cells[i + 1:] if c.get("cell_type") == "code"), None)
            widget = _called(_source(following)) if following else ""
            for n, match in enumerate(TRY_THIS.finditer(text), start=1):
                found.append(TryThis(path.stem, str(cell.get("id", f"cell-{i}")), n, section,
                                     _question(text, match.end()), widget))
    return tuple(found)


def notebook_objectives(notebook: str, folder: Path | None = None) -> tuple[str, ...]:
    """The numbered learning objectives of one notebook (markdown), read from its '## Learning objectives'."""
    base = folder if folder is not None else notebooks_dir()
    path = base / f"{notebook}.ipynb"
    inside = False
    objectives: list[str] = []
    for cell in _cells(path):
        if cell.get("cell_type") != "markdown":
            continue
        text = _source(cell)
        heads = [ln[3:].strip() for ln in text.splitlines() if ln.startswith("## ")]
        if heads:
            if inside:
                break
            inside = heads[0] == "Learning objectives"
        if inside:
            objectives += [m.group(2).strip() for m in _OBJECTIVE.finditer(text)]
    return tuple(objectives)


def check_notebooks(guide: Guide | None = None, folder: Path | None = None) -> list[str]:
    """Problems between the guide and the notebooks (empty when they match): a Try this task without a
    discussion entry, an entry pointing at no Try this task, a plan naming a task that is not in its
    notebook, or a core objective number the notebook does not have."""
    g = guide if guide is not None else load_guide()
    tasks = try_this_tasks(folder)
    keys = {t.key for t in tasks}
    problems = [f"{t.notebook}: the Try this task in cell {t.cell} ({t.section}) has no discussion entry"
                for t in tasks if g.discussion_for(t.key) is None]
    problems += [f"{d.notebook}: discussion entry {d.key} points at no Try this task" for d in g.discussion if d.key not in keys]
    cells = {(t.notebook, t.cell) for t in tasks}
    for plan in g.plans:
        for s in plan.sections:
            for cell in s.try_this:
                if not any((nb, cell) in cells for nb in s.notebooks):
                    problems.append(f"plan {plan.id}, section {s.id}: cell {cell} is not a Try this task of {', '.join(s.notebooks)}")
    for f in g.notebooks:
        count = len(notebook_objectives(f.notebook, folder))
        bad = [n for n in f.core if n > count]
        if bad:
            problems.append(f"{f.notebook}: core objective(s) {bad} but the notebook has {count} objectives")
    return problems


# --- answer keys --------------------------------------------------------------------------------------
def answer_key(item: Item, bank: str = "") -> AnswerKey:
    """The right answers of ``item`` as labelled lines (single, multiple, matrix rows, bowtie parts)."""
    if item.type == "single":
        lines = [AnswerLine(INSTRUCTOR_TEXT["key_answer"], item.correct_choices[0].text)]
    elif item.type == "multiple":
        lines = [AnswerLine(INSTRUCTOR_TEXT["right_choice"], c.text) for c in item.correct_choices]
    elif item.type == "matrix":
        lines = [AnswerLine(r.text, item.column(r.answer).text) for r in item.rows]
    else:
        assert item.bowtie is not None
        lines = [AnswerLine(INSTRUCTOR_TEXT[f"bowtie_{name}"], item.bowtie.part(name).choice(a).text)
                 for name in BOWTIE_PARTS for a in item.bowtie.part(name).answers]
    return AnswerKey(bank=bank, item=item.id, type=item.type, stem=item.stem, answers=tuple(lines),
                     explanation=item.explanation, references=item.references, max_points=item.max_points,
                     case_stage=item.case_stage, step=item.clinical_judgment_step)


def ordered_banks(catalog: Catalog | None = None) -> tuple[Bank, ...]:
    """Every question bank: those of the teaching notebooks in reading order, then the others by id."""
    banks = load_banks(resolve_catalog(catalog))
    order = {n.file: i for i, n in enumerate(NOTEBOOKS)}
    return tuple(sorted(banks.values(), key=lambda b: (order.get(b.notebook or "", len(order)), b.id)))


def answer_keys_for(bank: Bank) -> tuple[AnswerKey, ...]:
    return tuple(answer_key(i, bank.id) for i in bank.items)


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
    for info in NOTEBOOKS:
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
    titles = {n.file: n.title for n in NOTEBOOKS}
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
