"""``data/instructor.yaml``: the records of the instructor's workshop guide, loading and the checks JSON
Schema cannot express. The instructor kit (:mod:`osteo_lib.apps.instructor`) and the feedback widgets
read the guide through :func:`load_guide`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from osteo_lib.content import registry
from osteo_lib.content import validate as v
from osteo_lib.content.catalog import Catalog, load_catalog
from osteo_lib.content.notebooks import load_notebooks
from osteo_lib.content.records import by_id
from osteo_lib.errors import DataError

__all__ = [
    "FEEDBACK_KINDS",
    "GUIDE_FILE",
    "Discussion",
    "Guide",
    "Misconception",
    "NotebookFocus",
    "Plan",
    "RoomPart",
    "Section",
    "SectionKind",
    "clear_cache",
    "guide_path",
    "load_guide",
    "task_key",
]

GUIDE_FILE = "instructor.yaml"
SectionKind = Literal["setup", "teach", "break", "debrief"]
#: Sections of these kinds are offered as "most helpful" in the end-of-session feedback form.
FEEDBACK_KINDS: tuple[SectionKind, ...] = ("teach",)


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


def task_key(notebook: str, cell: str, n: int = 1) -> str:
    """``"01_pain_physiology#9ce9be88"`` (``"...#cell/2"`` for the second task in one cell)."""
    return f"{notebook}#{cell}" + (f"/{n}" if n > 1 else "")


# --- loading ------------------------------------------------------------------------------------------
def guide_path(catalog: Catalog | None = None) -> Path:
    """Where ``instructor.yaml`` lives: next to the catalog's content files."""
    return Path((catalog if catalog is not None else load_catalog()).source) / GUIDE_FILE


def load_guide(catalog: Catalog | None = None) -> Guide:
    """Read and validate ``instructor.yaml`` (cached). Raises :class:`~osteo_lib.errors.DataError`
    naming the file, record and field: schema problems, unknown notebook or reference ids, duplicate
    ids, Try this cells without a discussion entry, and plans whose minutes do not add up."""
    cat = catalog if catalog is not None else load_catalog()
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
        Plan(
            p["id"],
            p["title"],
            p["minutes"],
            p["audience"],
            tuple(p["objectives"]),
            tuple(
                Section(
                    s["id"],
                    s["title"],
                    s["kind"],
                    s["minutes"],
                    tuple(s["notebooks"]),
                    tuple(s["try_this"]),
                    s["activity"],
                )
                for s in p["sections"]
            ),
        )
        for p in doc["plans"]
    )
    return Guide(
        source=path,
        plans=plans,
        notebooks=tuple(NotebookFocus(n["notebook"], tuple(n["core"]), n["check"]) for n in doc["notebooks"]),
        discussion=tuple(
            Discussion(
                d["notebook"],
                d["cell"],
                d.get("n", 1),
                d["topic"],
                tuple(d["prompts"]),
                tuple(d["look_for"]),
                tuple(d["references"]),
            )
            for d in doc["discussion"]
        ),
        misconceptions=tuple(
            Misconception(m["id"], m["notebook"], m["belief"], m["correction"], tuple(m["references"]))
            for m in doc["misconceptions"]
        ),
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
    known = [n.file for n in load_notebooks()]

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
            raise DataError(
                label,
                plan.id,
                "sections.minutes",
                f"the sections add up to {total} minutes ({parts}), not the plan's {plan.minutes}",
            )
        if not plan.feedback_sections:
            raise DataError(
                label,
                plan.id,
                "sections.kind",
                "a plan needs at least one 'teach' section (the feedback form offers them)",
            )
        for s in plan.sections:
            for nb in s.notebooks:
                notebook_known(nb, plan.id, f"sections[{s.id}].notebooks")
            for cell in s.try_this:
                owners = [nb for nb in s.notebooks if (nb, cell) in discussion]
                if not owners:
                    raise DataError(
                        label,
                        plan.id,
                        f"sections[{s.id}].try_this",
                        f"cell {cell!r} has no discussion entry for the section's notebooks "
                        f"({', '.join(s.notebooks) or 'none'})",
                    )
    for f in guide.notebooks:
        notebook_known(f.notebook, f.notebook, "notebook")
    missing = [nb for nb in known if nb not in {f.notebook for f in guide.notebooks}]
    if missing:
        raise DataError(
            label, None, "notebooks", f"every teaching notebook needs an entry; missing: {', '.join(missing)}"
        )
    for d in guide.discussion:
        notebook_known(d.notebook, d.key, "notebook")
        refs_known(d.references, d.key)
    for m in guide.misconceptions:
        notebook_known(m.notebook, m.id, "notebook")
        refs_known(m.references, m.id)
