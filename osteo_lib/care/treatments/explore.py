"""The treatment explorer's logic: which methods an audience is offered, filtering, the order of a
card's cautions, why the list is empty (and how to widen it), and how to use a method."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from osteo_lib.care.treatments.labels import WHO_GROUPS, Audience, Who, pain_type_labels, texts, who_labels
from osteo_lib.content.model import (
    Category,
    Caution,
    Method,
    MethodMatch,
    PainType,
    category_labels,
    most_serious_first,
)
from osteo_lib.errors import UnknownIdError

if TYPE_CHECKING:  # the catalog module pulls in YAML and schema checking; this module stays light
    from osteo_lib.content.catalog import Catalog

__all__ = [
    "Filters",
    "active_filters",
    "duration_text",
    "filter_methods",
    "offered_method",
    "offered_methods",
    "ordered_cautions",
    "patient_option_filter",
    "split_summary",
    "usage_extra_text",
    "usage_text",
    "why_empty",
]

_FILTER_KEYS = {
    "category": "filter_category",
    "pain_type": "filter_pain_type",
    "who": "filter_who",
    "at_home": "filter_at_home",
    "hide_avoid": "filter_mode",
}


@dataclass(frozen=True, slots=True)
class Filters:
    """The explorer's choices. ``None`` / empty means "Any".

    ``who``: ``"self_care"`` (yourself, also after training) or ``"professional"`` (a professional or a
    prescription). ``at_home=True`` keeps only methods used at home. ``conditions`` are condition ids the
    person has; with ``hide_avoid=True`` methods with a matching *avoid* caution are left out, otherwise
    they are shown with the caution flagged. ``audience="patient"`` leaves out the methods with
    ``patient_option: false`` (kept for nursing students only); ``"student"`` keeps them.
    """

    category: Category | None = None
    pain_type: PainType | None = None
    who: Who | None = None
    at_home: bool | None = None
    conditions: tuple[str, ...] = ()
    hide_avoid: bool = False
    audience: Audience = "patient"


def patient_option_filter(audience: Audience) -> bool | None:
    """The ``patient_option`` filter of :meth:`Catalog.find_methods` for this audience: students see every
    method (``None``, no filter), patients only those offered to them (``True``)."""
    return None if audience == "student" else True


def offered_methods(catalog: Catalog, audience: Audience = "patient") -> tuple[Method, ...]:
    """The methods this audience is shown: every method for students, only those offered to patients
    (``patient_option`` true) for patients. Data order."""
    return catalog.find_methods(patient_option=patient_option_filter(audience))


def offered_method(catalog: Catalog, method_id: str, audience: Audience = "patient") -> Method:
    """The method with this id if this audience is offered it. :class:`~osteo_lib.errors.UnknownIdError`
    for an unknown id, and for a students-only method (``patient_option: false``) asked for by a patient
    view."""
    method = catalog.method(method_id)
    if patient_option_filter(audience) and not method.patient_option:
        raise UnknownIdError(
            "method offered to patients", method_id, [m.id for m in offered_methods(catalog, audience)]
        )
    return method


def filter_methods(catalog: Catalog, filters: Filters) -> list[MethodMatch]:
    """The methods matching ``filters``, in data order, each with its cautions that match the person's
    conditions (avoid first, then modify, then caution)."""
    found = catalog.find_methods(
        category=filters.category,
        pain_type=filters.pain_type,
        provided_by=WHO_GROUPS[filters.who] if filters.who else None,
        at_home=filters.at_home,
        patient_option=patient_option_filter(filters.audience),
    )
    return list(catalog.methods_for_conditions(filters.conditions, exclude=filters.hide_avoid, methods=found))


def ordered_cautions(match: MethodMatch) -> list[tuple[Caution, bool]]:
    """Every caution of the method as ``(caution, applies_to_person)``: the ones matching the person's
    conditions first (avoid, modify, caution), then the others (also by level, data order within)."""
    matched = list(match.matching)
    rest = most_serious_first(c for c in match.method.cautions if c not in matched)
    return [(c, True) for c in matched] + [(c, False) for c in rest]


def _filter_label(key: str) -> str:
    return texts()[_FILTER_KEYS[key]]


def _choice_text(filters: Filters, key: str) -> str:
    """One sentence saying what the person chose for this filter."""
    text = texts()
    if key == "at_home":
        return text.format("empty_ticked", filter=_filter_label(key))
    value = {
        "category": lambda: category_labels(filters.audience)[filters.category or ""],
        "pain_type": lambda: pain_type_labels()[filters.pain_type or ""],
        "who": lambda: who_labels()[filters.who or ""],
        "hide_avoid": lambda: text["mode_hide"],
    }[key]()
    return text.format("empty_choice", value=value, filter=_filter_label(key))


def _relaxed(filters: Filters, key: str) -> Filters:
    """``filters`` with the choice ``key`` set back to Any (or to "show with a warning")."""
    if key == "hide_avoid":
        return replace(filters, hide_avoid=False)
    if key not in ("category", "pain_type", "who", "at_home"):
        raise ValueError(f"not a filter that can be widened: {key!r}")
    return replace(filters, **{key: None})  # type: ignore[arg-type]


def active_filters(filters: Filters) -> list[str]:
    """Names (Filters fields) of the choices that can narrow the list, in the order the explorer shows
    them. Conditions only narrow it when methods to avoid are hidden."""
    keys = [k for k in ("category", "pain_type", "who", "at_home") if getattr(filters, k) not in (None, False)]
    if filters.hide_avoid and filters.conditions:
        keys.append("hide_avoid")
    return keys


def _n_methods(n: int) -> str:
    text = texts()
    return text["n_method"] if n == 1 else text.format("n_methods", n=n)


def _suggestion(key: str, n: int) -> str:
    text = texts()
    if key == "at_home":
        return text.format("empty_try_untick", filter=_filter_label(key), n=_n_methods(n))
    if key == "hide_avoid":
        return text.format("empty_try_show", show=text["mode_flag"], filter=_filter_label(key), n=_n_methods(n))
    return text.format("empty_try_any", filter=_filter_label(key), n=_n_methods(n))


def why_empty(catalog: Catalog, filters: Filters) -> str:
    """``""`` when some method matches; otherwise which choices exclude everything and how to widen the
    search (each choice that, set back to "Any" alone, brings methods back; failing that, pairs)."""
    if filter_methods(catalog, filters):
        return ""
    text = texts()
    keys = active_filters(filters)
    parts = [text["empty_intro"], *(_choice_text(filters, k) for k in keys), text["empty_cause"]]
    singles = [(k, len(filter_methods(catalog, _relaxed(filters, k)))) for k in keys]
    helpful = [(k, n) for k, n in singles if n]
    if helpful:
        parts.extend(_suggestion(k, n) for k, n in helpful)
        return " ".join(parts)
    for i, first in enumerate(keys):
        for second in keys[i + 1 :]:
            n = len(filter_methods(catalog, _relaxed(_relaxed(filters, first), second)))
            if n:
                parts.append(
                    text.format(
                        "empty_try_two", first=_filter_label(first), second=_filter_label(second), n=_n_methods(n)
                    )
                )
                return " ".join(parts)
    parts.append(text["empty_try_all"])
    return " ".join(parts)


def duration_text(method: Method) -> str:
    """``"Each time: 15 to 20 minutes."`` or ``""`` when the data gives no duration."""
    if method.duration_minutes is None:
        return ""
    low, high = method.duration_minutes
    return texts().format("duration_same" if low == high else "duration", low=low, high=high)


def usage_text(method: Method) -> str:
    """How to use the method, with its duration and frequency when the data gives them."""
    return " ".join(p for p in (method.how_to_use, usage_extra_text(method)) if p)


def usage_extra_text(method: Method) -> str:
    """The duration and frequency of the method, when the data gives them (shown after its numbered steps)."""
    parts = [duration_text(method)]
    if method.frequency:
        parts.append(texts().format("frequency", frequency=method.frequency))
    return " ".join(p for p in parts if p)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


def split_summary(text: str) -> tuple[str, str]:
    """A summary's first sentence (a short card's one line) and the rest ("" when it is one sentence).
    A sentence ends at ".", "!" or "?" followed by a space and a capital letter, digit, quote or
    bracket, so "e.g. heat" or "2.5 mg" never split it.

    >>> split_summary("Warmth can ease pain. Use a warm shower.")
    ('Warmth can ease pain.', 'Use a warm shower.')
    """
    words = " ".join(text.split())
    parts = _SENTENCE_END.split(words, maxsplit=1)
    first = parts[0]
    rest = parts[1] if len(parts) > 1 else ""
    return first, rest
