"""My pain plan: what the person will try, when and for how long, what to do if pain gets worse, and the
questions for their provider, as validated plain values (no widgets, no HTML).

A :class:`Plan` holds up to :data:`MAX_ITEMS` :class:`PlanItem` (a method offered to patients, a time of
day from :data:`WHEN`, and minutes: within the method's own range when the data gives one, e.g. 15 to 20
for heat, else any of :func:`minute_choices` or ``None`` for "as long as the label or my care team says")
and the questions (cleaned like the provider summary's). Bad input raises :class:`PlanError` whose message
says what to change, in the person's words (``data/ui/plan.yaml``); the plan given is never changed.
:func:`checklist` turns a plan into the lines people read, print and take to their provider.

Example::

    from osteo_lib import load_catalog
    from osteo_lib.care.plan import Plan, add_item, checklist

    plan = add_item(load_catalog(), Plan(), "heat", "after_breakfast", 15)
    checklist(load_catalog(), plan).items   # ('Heat (warm showers, ...): after breakfast, 15 minutes.',)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Final, Literal, get_args

from osteo_lib.care.summary import split_questions
from osteo_lib.care.treatments import offered_method, offered_methods
from osteo_lib.content.model import Method
from osteo_lib.content.ui import UiTexts, ui_texts
from osteo_lib.errors import UnknownIdError

if TYPE_CHECKING:
    from osteo_lib.content.catalog import Catalog

__all__ = [
    "FREE_MINUTES",
    "MAX_ITEMS",
    "WHEN",
    "Checklist",
    "Plan",
    "PlanError",
    "PlanItem",
    "When",
    "add_item",
    "checklist",
    "checklist_text",
    "choosable_methods",
    "make_item",
    "minute_choices",
    "plan_filename",
    "plan_texts",
    "remove_item",
    "summary_parts",
    "when_labels",
    "with_questions",
]

When = Literal["morning", "after_breakfast", "midday", "afternoon", "evening", "bedtime", "flare"]
#: The times of day a person can pick, in the order offered.
WHEN: Final[tuple[When, ...]] = get_args(When)
#: At most this many things to try: a plan a person can follow.
MAX_ITEMS: Final = 6
#: Minutes offered for a method whose data gives no session length.
FREE_MINUTES: Final = (5, 10, 15, 20, 30, 45, 60)
_MINUTES_LIMITS: Final = (1, 120)


class PlanError(ValueError):
    """A choice that cannot go into the plan; the message says what to change, in plain words."""


def plan_texts() -> UiTexts:
    """The words of the pain plan (``data/ui/plan.yaml``)."""
    return ui_texts("plan")


def when_labels() -> dict[str, str]:
    """Each time of day's words ("after breakfast"), by id, in the order offered."""
    text = plan_texts()
    return {w: text[f"when_{w}"] for w in WHEN}


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One thing to try: a method id, when (:data:`WHEN`) and minutes (``None``: as the label or care team says)."""

    method_id: str
    when: When
    minutes: int | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    """The person's plan: the things to try (in the order added) and their questions for the provider."""

    items: tuple[PlanItem, ...] = ()
    questions: tuple[str, ...] = ()

    @property
    def method_ids(self) -> tuple[str, ...]:
        return tuple(i.method_id for i in self.items)


@dataclass(frozen=True, slots=True)
class Checklist:
    """The plan as lines to read: the items, what to do if pain gets worse, the questions."""

    title: str
    items: tuple[str, ...]
    worse_title: str
    worse: str
    questions_title: str
    questions: tuple[str, ...]
    empty: str  # what to say when there are no items ("" when there are)
    questions_empty: str  # what to say when there are no questions ("" when there are)


def choosable_methods(catalog: Catalog, marked: Iterable[str] = ()) -> tuple[Method, ...]:
    """The options offered in the plan: the ones the person marked (in the order marked; unknown or
    students-only ids are left out), or, when none are marked, every option offered to patients that can
    be done at home and is not a medicine. Medicines are started, timed and dosed by the care team, so the
    plan offers one only when the person marked it (its time then reads "as the label or care team says")."""
    offered = {m.id: m for m in offered_methods(catalog, "patient")}
    chosen = tuple(offered[i] for i in dict.fromkeys(marked) if i in offered)
    return chosen or tuple(m for m in offered.values() if m.at_home and m.category != "medicine")


def minute_choices(method: Method) -> tuple[int | None, ...]:
    """The minutes offered for ``method``: its own range in steps of 5 (ends included) when the data gives
    one, else ``None`` ("as the label or care team says") and :data:`FREE_MINUTES`."""
    if method.duration_minutes is None:
        return (None, *FREE_MINUTES)
    low, high = method.duration_minutes
    return tuple(sorted({low, high, *range(-(-low // 5) * 5, high + 1, 5)}))


def make_item(catalog: Catalog, method_id: str, when: str, minutes: int | None) -> PlanItem:
    """A checked :class:`PlanItem`; :class:`PlanError` for an unknown or students-only method, an unknown
    time of day, or minutes outside the method's range (or outside 1 to 120)."""
    text = plan_texts()
    try:
        method = offered_method(catalog, method_id, "patient")
    except UnknownIdError:
        raise PlanError(text["error_unknown"]) from None
    if when not in WHEN:
        raise PlanError(text["error_when"])
    if minutes is not None:
        if isinstance(minutes, bool) or not isinstance(minutes, int):
            raise PlanError(text.format("error_minutes_range", low=_MINUTES_LIMITS[0], high=_MINUTES_LIMITS[1]))
        if method.duration_minutes is not None:
            low, high = method.duration_minutes
            if not low <= minutes <= high:
                raise PlanError(text.format("error_minutes", name=method.name, low=low, high=high))
        elif not _MINUTES_LIMITS[0] <= minutes <= _MINUTES_LIMITS[1]:
            raise PlanError(text.format("error_minutes_range", low=_MINUTES_LIMITS[0], high=_MINUTES_LIMITS[1]))
    return PlanItem(method.id, when, minutes)


def add_item(catalog: Catalog, plan: Plan, method_id: str, when: str, minutes: int | None) -> Plan:
    """``plan`` with one more item at the end; :class:`PlanError` when the choice is not valid
    (:func:`make_item`), the method is already on the plan, or the plan is full (:data:`MAX_ITEMS`)."""
    item = make_item(catalog, method_id, when, minutes)
    text = plan_texts()
    if item.method_id in plan.method_ids:
        raise PlanError(text.format("error_twice", name=catalog.method(item.method_id).name))
    if len(plan.items) >= MAX_ITEMS:
        raise PlanError(text.format("error_too_many", max=MAX_ITEMS))
    return replace(plan, items=(*plan.items, item))


def remove_item(plan: Plan, method_id: str) -> Plan:
    """``plan`` without the item for ``method_id`` (unchanged when it has none)."""
    return replace(plan, items=tuple(i for i in plan.items if i.method_id != method_id))


def with_questions(plan: Plan, questions: str | Iterable[str]) -> Plan:
    """``plan`` with these questions (one per line or an iterable), cleaned, clipped and each kept once."""
    cleaned, _cut = split_questions(questions)
    return replace(plan, questions=tuple(dict.fromkeys(cleaned)))


def checklist(catalog: Catalog, plan: Plan) -> Checklist:
    """The plan as the short checklist people read and print (plain text, no HTML)."""
    text = plan_texts()
    labels = when_labels()
    lines = []
    for item in plan.items:
        name = catalog.method(item.method_id).name
        if item.minutes is None:
            lines.append(text.format("item_line_no_minutes", name=name, when=labels[item.when]))
        else:
            minutes = text.format("minutes_value", minutes=item.minutes)
            lines.append(text.format("item_line", name=name, when=labels[item.when], minutes=minutes))
    return Checklist(
        title=text["checklist_title"],
        items=tuple(lines),
        worse_title=text["worse_title"],
        worse=text["worse_text"],
        questions_title=text["questions_title"],
        questions=plan.questions,
        empty="" if lines else text["checklist_empty"],
        questions_empty="" if plan.questions else text["questions_empty"],
    )


def checklist_text(catalog: Catalog, plan: Plan) -> str:
    """The checklist as plain text, one line each ("[ ] ..." for the things to try and the questions)."""
    c = checklist(catalog, plan)
    out = [c.title, *(f"[ ] {line}" for line in c.items)]
    if c.empty:
        out.append(c.empty)
    out += ["", c.worse_title, c.worse, "", c.questions_title, *(f"[ ] {q}" for q in c.questions)]
    if c.questions_empty:
        out.append(c.questions_empty)
    return "\n".join(out)


def plan_filename(today: date) -> str:
    """The printable plan's file name, e.g. ``my-pain-plan-2025-03-31.html``."""
    return f"my-pain-plan-{today.isoformat()}.html"


def summary_parts(catalog: Catalog, plan: Plan) -> tuple[str, tuple[str, ...], str]:
    """The plan for the provider summary's extra block (``SummaryBlock(title, items, note)`` of
    :mod:`osteo_lib.care.summary`): the heading, the things to try, and what to do if pain gets worse.
    The questions are left out: the summary lists them in its own part. Empty items for an empty plan."""
    c = checklist(catalog, plan)
    return plan_texts()["summary_block_title"], c.items, f"{c.worse_title}: {c.worse}" if c.items else ""
