"""Pure logic behind the treatment widgets: filtering, "why is this empty?", comparison rows, evidence
labels, ordering options by what matters to a person, and the heat-and-cold session timer arithmetic.

No ipywidgets here: everything is a plain function over a :class:`~osteo_lib.content.catalog.Catalog`, so it can
be tested and reused (e.g. by the provider summary) without a kernel.

Example::

    from osteo_lib import load_catalog
    from osteo_lib.care.treatments import Filters, filter_methods, why_empty, comparison_rows

    catalog = load_catalog()
    f = Filters(category="physical", pain_type="chronic", who="self_care",
                conditions=("spinal_osteoporosis",), hide_avoid=True)
    [m.method.id for m in filter_methods(catalog, f)]
    why_empty(catalog, f)            # "" when something matches, otherwise why and how to widen it
    comparison_rows(catalog, ["heat", "cold"])
    evidence_label(catalog.method("heat").evidence)   # "Some evidence" ('' when the method has none)
    order_by_priorities(catalog.methods, ["at_home", "no_pills"])   # best fit first, ties in data order

Methods with ``patient_option: false`` are kept for nursing students: ``Filters(audience="patient")`` (the
default) leaves them out, ``Filters(audience="student")`` keeps them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal, TypeVar, get_args

from osteo_lib.errors import UnknownIdError
from osteo_lib.content.model import (
    CATEGORY_LABELS,
    EVIDENCE_STEPS,
    Category,
    Caution,
    Evidence,
    Method,
    MethodMatch,
    PainType,
    Priority,
    ProvidedBy,
    most_serious_first,
)

if TYPE_CHECKING:  # the catalog module pulls in YAML and schema checking; this module stays light
    from osteo_lib.content.catalog import Catalog

Who = Literal["self_care", "professional"]
Audience = Literal["patient", "student"]
HeatCold = Literal["heat", "cold"]

#: Every patient-facing string of the "methods" widget family (explorer, comparison grid, heat and cold
#: helper). Keys are stable; values may hold ``{placeholders}`` filled with ``str.format``.
TEXT: dict[str, str] = {
    # --- treatment explorer ---
    "explorer_title": "Find ways to ease your pain",
    "explorer_intro": "Choose what fits you. The list below changes as you choose.",
    "any": "Any",
    "filter_category": "Kind of method",
    "filter_pain_type": "Type of pain",
    "filter_who": "Who gives it",
    "filter_at_home": "Only things I can do at home",
    "filter_conditions": "I have...",
    "filter_mode": "Methods to avoid",
    "pain_acute": "New pain (acute)",
    "pain_chronic": "Long-term pain (chronic)",
    "who_self_care": "I can do it myself",
    "who_professional": "A professional gives it",
    "mode_flag": "Show them with a warning",
    "mode_hide": "Hide them",
    "count": "Showing {shown} of {total} methods.",
    "count_one": "Showing 1 of {total} methods.",
    "card_how_it_works": "How it works",
    "card_how_to_use": "How to use it",
    "card_who": "Who gives it",
    "card_at_home_yes": "You can use it at home.",
    "card_at_home_no": "It is not done at home.",
    "card_cautions": "Take care",
    "card_no_cautions": "Our sources list no special cautions.",
    "card_sources": "Sources",
    "card_examples": "Some kinds",
    "card_benefits": "What it can do",
    "applies_to_you": "This applies to you because you have: {labels}.",
    "level_avoid": "Avoid",
    "level_modify": "Change how you do it",
    "level_caution": "Take care",
    "if_you_have": "if you have {labels}",
    "or": " or ",
    "avoid_banner": "Check with your provider. This may not be safe for you.",
    "mark": "Mark {name} as interesting",
    "marked_count": "You marked {n} methods. Your provider summary will list them.",
    "marked_one": "You marked 1 method. Your provider summary will list it.",
    "duration": "Each time: {low} to {high} minutes.",
    "duration_same": "Each time: {low} minutes.",
    "frequency": "How often: {frequency}",
    # --- how strong the evidence is (explorer cards, comparison grid, provider summary) ---
    "card_evidence": "What studies show",
    "evidence_good": "Strong evidence",
    "evidence_some": "Some evidence",
    "evidence_little": "Little evidence",
    "evidence_not_studied": "Not tested in people with weak bones",
    "evidence_against": "{label} that it does not help most people",
    "evidence_steps": "{n} of 3 steps",
    "evidence_bar": "{label}: {n} of 3 steps",
    "q_evidence": "What studies show",
    # --- what matters to me ---
    "priorities_title": "What matters to me",
    "priorities_intro": "Tick what matters most to you. The options that fit best will come first.",
    "priorities_none": "Tick one or more boxes to see which options fit you best.",
    "priorities_list": "Best fit first, from the options in your list:",
    "priorities_fits": "Fits {n} of your {total} choices: {labels}.",
    "priorities_fits_all": "Fits all your choices: {labels}.",
    "priorities_fits_none": "Fits none of your choices.",
    "priorities_avoid": "Check with your provider first. It may not be safe for you.",
    "priorities_empty": "No options are in your list. Change your choices above.",
    "priorities_more": "There are {n} more in the list above.",
    "priorities_summary": "Your choices will go in your provider summary.",
    "summary_priorities": "What matters to me: {labels}.",
    # --- why the list is empty ---
    "empty_intro": "No methods match all your choices.",
    "empty_choice": "You chose '{value}' for '{filter}'.",
    "empty_ticked": "You ticked '{filter}'.",
    "empty_cause": "Together, these leave no methods.",
    "empty_try_any": "Try choosing 'Any' for '{filter}'. Then you will see {n}.",
    "empty_try_untick": "Try unticking '{filter}'. Then you will see {n}.",
    "empty_try_show": "Try '{show}' for '{filter}'. Then you will see {n}.",
    "empty_try_two": "Try choosing 'Any' for '{first}' and for '{second}'. Then you will see {n}.",
    "empty_try_all": "Try choosing 'Any' for each choice, then narrow it down one step at a time.",
    "n_methods": "{n} methods",
    "n_method": "1 method",
    # --- comparison grid ---
    "compare_title": "Compare two or three methods",
    "compare_intro": "Tick two or three methods. A table will show them side by side.",
    "compare_too_few": "Pick at least two methods to compare. You have picked {n}.",
    "compare_too_many": "You can compare up to three at a time. You have picked {n}. Untick one.",
    "compare_caption": "{names} side by side",
    "compare_question": "What you want to know",
    "compare_region": "Table of methods side by side. Scroll to see it all.",
    "q_how_it_works": "How it works",
    "q_onset": "How soon it helps",
    "q_relief": "How long relief lasts",
    "q_involves": "What it involves",
    "q_risks": "Risks",
    "q_needs_pro": "Needs a prescription or a professional?",
    "q_at_home": "Can I do it at home?",
    "not_said": "Our sources do not say.",
    "needs_self_care": "No. You can do it yourself.",
    "needs_after_training": "Only to learn it. After training, you can do it yourself.",
    "needs_professional": "Yes. A trained professional gives it or guides it.",
    "needs_prescription": "Yes. You need a prescription.",
    "at_home_yes": "Yes.",
    "at_home_no": "No.",
    "and": "and",
    # --- heat and cold helper ---
    "heat_title": "Heat and cold session helper",
    "heat_intro": "Pick heat or cold and how long. Press Start. We will tell you when time is up.",
    "heat_choice": "Heat or cold",
    "heat_label": "Heat",
    "cold_label": "Cold",
    "heat_tip": "Use a warm pack",
    "cold_tip": "Use a cold pack",
    "heat_minutes": "How long",
    "minutes_option": "{n} minutes",
    "start": "Start",
    "stop": "Stop",
    "start_tip": "Start the timer",
    "stop_tip": "Stop the timer",
    "towel": "Always put a towel between the pack and your skin.",
    "time_left": "Time left",
    "time_left_words": "{minutes} min {seconds} s left",
    "seconds_option": "{n} seconds",
    "running": "Your {mode} session has started. Keep the pack on for {length}.",
    "stopped": "You stopped the timer. Take the pack off and check your skin.",
    "done": "Time is up. Take the pack off and check your skin.",
    "ready": "Ready for a {mode} session. Press Start when you are.",
    "no_duration": "Our sources do not give a time for this. Ask your provider how long to use it.",
    "heat_cautions": "Be safe",
    "heat_how": "How to use it",
    "heat_sources": "Sources",
}

#: Words shown to nursing students only (not graded for reading level: students read clinical text).
STUDENT_TEXT: dict[str, str] = {
    "students_only": "Students only: not offered to patients.",
    "study_type": "Study type",
    "outcome": "Evidence for",
    "evidence_sources": "Evidence sources",
    "no_evidence": "No evidence rating in the data yet.",
}

#: The "what matters to me" priorities, in the order the checkboxes show them, with their plain words.
PRIORITIES: tuple[Priority, ...] = get_args(Priority)
PRIORITY_LABELS: dict[str, str] = {
    "at_home": "I can do it at home",
    "no_pills": "No pills",
    "fast_relief": "It helps fast",
    "low_cost": "It costs little or nothing",
    "low_risk": "It has few risks",
}
#: The evidence level's plain words (patients and students alike).
EVIDENCE_LABELS: dict[str, str] = {level: TEXT[f"evidence_{level}"] for level in EVIDENCE_STEPS}

#: How the explorer's "Who gives it" choice maps onto the catalog's ``provided_by`` values.
WHO_GROUPS: dict[str, tuple[ProvidedBy, ...]] = {
    "self_care": ("self_care", "after_training"),
    "professional": ("professional", "prescription"),
}
PAIN_TYPE_LABELS: dict[str, str] = {"acute": TEXT["pain_acute"], "chronic": TEXT["pain_chronic"]}
WHO_LABELS: dict[str, str] = {"self_care": TEXT["who_self_care"], "professional": TEXT["who_professional"]}
LEVEL_LABELS: dict[str, str] = {"avoid": TEXT["level_avoid"], "modify": TEXT["level_modify"], "caution": TEXT["level_caution"]}
NEEDS_TEXT: dict[str, str] = {
    "self_care": TEXT["needs_self_care"],
    "after_training": TEXT["needs_after_training"],
    "professional": TEXT["needs_professional"],
    "prescription": TEXT["needs_prescription"],
}
COMPARE_MIN, COMPARE_MAX = 2, 3


# --- treatment explorer --------------------------------------------------------------------------------
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
        raise UnknownIdError("method offered to patients", method_id,
                             [m.id for m in offered_methods(catalog, audience)])
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
    return TEXT[{"category": "filter_category", "pain_type": "filter_pain_type", "who": "filter_who",
                 "at_home": "filter_at_home", "hide_avoid": "filter_mode"}[key]]


def _choice_text(filters: Filters, key: str) -> str:
    """One sentence saying what the person chose for this filter."""
    if key == "at_home":
        return TEXT["empty_ticked"].format(filter=_filter_label(key))
    value = {
        "category": lambda: CATEGORY_LABELS[filters.category or ""],
        "pain_type": lambda: PAIN_TYPE_LABELS[filters.pain_type or ""],
        "who": lambda: WHO_LABELS[filters.who or ""],
        "hide_avoid": lambda: TEXT["mode_hide"],
    }[key]()
    return TEXT["empty_choice"].format(value=value, filter=_filter_label(key))


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
    return TEXT["n_method"] if n == 1 else TEXT["n_methods"].format(n=n)


def _suggestion(key: str, n: int) -> str:
    if key == "at_home":
        return TEXT["empty_try_untick"].format(filter=_filter_label(key), n=_n_methods(n))
    if key == "hide_avoid":
        return TEXT["empty_try_show"].format(show=TEXT["mode_flag"], filter=_filter_label(key), n=_n_methods(n))
    return TEXT["empty_try_any"].format(filter=_filter_label(key), n=_n_methods(n))


def why_empty(catalog: Catalog, filters: Filters) -> str:
    """``""`` when some method matches; otherwise which choices exclude everything and how to widen the
    search (each choice that, set back to "Any" alone, brings methods back; failing that, pairs)."""
    if filter_methods(catalog, filters):
        return ""
    keys = active_filters(filters)
    parts = [TEXT["empty_intro"], *(_choice_text(filters, k) for k in keys), TEXT["empty_cause"]]
    singles = [(k, len(filter_methods(catalog, _relaxed(filters, k)))) for k in keys]
    helpful = [(k, n) for k, n in singles if n]
    if helpful:
        parts.extend(_suggestion(k, n) for k, n in helpful)
        return " ".join(parts)
    for i, first in enumerate(keys):
        for second in keys[i + 1:]:
            n = len(filter_methods(catalog, _relaxed(_relaxed(filters, first), second)))
            if n:
                parts.append(TEXT["empty_try_two"].format(first=_filter_label(first), second=_filter_label(second),
                                                          n=_n_methods(n)))
                return " ".join(parts)
    parts.append(TEXT["empty_try_all"])
    return " ".join(parts)


def duration_text(method: Method) -> str:
    """``"Each time: 15 to 20 minutes."`` or ``""`` when the data gives no duration."""
    if method.duration_minutes is None:
        return ""
    low, high = method.duration_minutes
    return TEXT["duration_same" if low == high else "duration"].format(low=low, high=high)


def usage_text(method: Method) -> str:
    """How to use the method, with its duration and frequency when the data gives them."""
    parts = [method.how_to_use, duration_text(method)]
    if method.frequency:
        parts.append(TEXT["frequency"].format(frequency=method.frequency))
    return " ".join(p for p in parts if p)


# --- evidence ------------------------------------------------------------------------------------------
def evidence_label(evidence: Evidence | None) -> str:
    """The evidence level in plain words ("Some evidence"), or ``""`` when the method has no rating."""
    if evidence is None:
        return ""
    label = EVIDENCE_LABELS[evidence.level]
    return TEXT["evidence_against"].format(label=label) if evidence.does_not_help else label


def evidence_bar_label(evidence: Evidence) -> str:
    """What the three-step bar says in words (its ``aria-label``): ``"Some evidence: 2 of 3 steps"``."""
    return TEXT["evidence_bar"].format(label=evidence_label(evidence), n=evidence.steps)


def evidence_text(evidence: Evidence | None) -> str:
    """One plain line for tables and the summary: ``"Some evidence (2 of 3 steps). <patient_text>"``."""
    if evidence is None:
        return ""
    steps = TEXT["evidence_steps"].format(n=evidence.steps)
    return f"{evidence_label(evidence)} ({steps}). {' '.join(evidence.patient_text.split())}"


# --- what matters to me ---------------------------------------------------------------------------------
M = TypeVar("M", Method, MethodMatch)


def check_priorities(chosen: Iterable[str]) -> tuple[Priority, ...]:
    """``chosen`` as priorities in checkbox order, each once; ``ValueError`` naming an unknown one."""
    wanted = set(chosen)
    unknown = sorted(wanted.difference(PRIORITIES))
    if unknown:
        raise ValueError(f"unknown priority {unknown[0]!r}; priorities are: {', '.join(PRIORITIES)}")
    return tuple(p for p in PRIORITIES if p in wanted)


def _method_of(item: Method | MethodMatch) -> Method:
    return item.method if isinstance(item, MethodMatch) else item


def fitting_priorities(method: Method, chosen: Iterable[str]) -> tuple[Priority, ...]:
    """The chosen priorities this method fits, in checkbox order."""
    wanted = set(check_priorities(chosen))
    return tuple(p for p in PRIORITIES if p in wanted and p in method.fits)


def order_by_priorities(items: Iterable[M], chosen: Iterable[str]) -> list[M]:
    """``items`` (methods or method matches) ordered by how many of the ``chosen`` priorities each one
    fits, most first; ties keep the order given (data order). A match the person should avoid (an
    *avoid* caution for one of their conditions) goes after every other one, however well it fits.
    With nothing chosen the order is unchanged."""
    wanted = check_priorities(chosen)
    listed = list(items)
    if not wanted:
        return listed

    def key(item: M) -> tuple[bool, int]:
        excluded = isinstance(item, MethodMatch) and item.excluded
        return excluded, -len(fitting_priorities(_method_of(item), wanted))

    return sorted(listed, key=key)


def fits_text(method: Method, chosen: Iterable[str]) -> str:
    """``"Fits 2 of your 3 choices: I can do it at home; No pills."`` (plain words for the ranked list)."""
    wanted = check_priorities(chosen)
    fits = fitting_priorities(method, wanted)
    if not fits:
        return TEXT["priorities_fits_none"]
    labels = "; ".join(PRIORITY_LABELS[p] for p in fits)
    if len(fits) == len(wanted):
        return TEXT["priorities_fits_all"].format(labels=labels)
    return TEXT["priorities_fits"].format(n=len(fits), total=len(wanted), labels=labels)


def priorities_sentence(chosen: Iterable[str]) -> str:
    """``"What matters to me: I can do it at home; No pills."`` or ``""`` when nothing is chosen."""
    wanted = check_priorities(chosen)
    if not wanted:
        return ""
    return TEXT["summary_priorities"].format(labels="; ".join(PRIORITY_LABELS[p] for p in wanted))


# --- comparison grid ------------------------------------------------------------------------------------
def check_picks(ids: Sequence[str]) -> str:
    """``""`` when ``ids`` is a valid comparison (two or three methods), otherwise the message to show."""
    n = len(ids)
    if n < COMPARE_MIN:
        return TEXT["compare_too_few"].format(n=n)
    if n > COMPARE_MAX:
        return TEXT["compare_too_many"].format(n=n)
    return ""


def _evidence_answer(method: Method, audience: Audience) -> str:
    e = method.evidence
    if e is None:
        return TEXT["not_said"]
    steps = TEXT["evidence_steps"].format(n=e.steps)
    text = e.student_text if audience == "student" else e.patient_text
    return f"{evidence_label(e)} ({steps}).\n{' '.join(text.split())}"


def comparison_rows(catalog: Catalog, ids: Sequence[str], audience: Audience = "patient") -> list[tuple[str, list[str]]]:
    """The comparison table as ``(question, [answer per method])`` rows, methods in the order given.

    Missing data gives ``TEXT["not_said"]`` ("Our sources do not say."), never a guess. A "Risks" answer
    with several cautions holds one caution per line; the "What studies show" answer holds the evidence
    label on its first line and the evidence text (``student_text`` for students) on the second. Students
    get three more rows: the study type, what the evidence is for and its sources (first author, year). Raises ``ValueError`` unless 2 or 3
    ids are given, and :class:`~osteo_lib.errors.UnknownIdError` for an id the audience is not offered.
    """
    problem = check_picks(ids)
    if problem:
        raise ValueError(problem)
    methods = [offered_method(catalog, i, audience) for i in ids]
    said = TEXT["not_said"]
    rows = [
        (TEXT["q_how_it_works"], [m.how_it_works for m in methods]),
        (TEXT["q_evidence"], [_evidence_answer(m, audience) for m in methods]),
        (TEXT["q_onset"], [m.onset or said for m in methods]),
        (TEXT["q_relief"], [m.relief_duration or said for m in methods]),
        (TEXT["q_involves"], [usage_text(m) for m in methods]),
        (TEXT["q_risks"], ["\n".join(c.patient_text for c in m.cautions) or said for m in methods]),
        (TEXT["q_needs_pro"], [NEEDS_TEXT[m.provided_by] for m in methods]),
        (TEXT["q_at_home"], [TEXT["at_home_yes" if m.at_home else "at_home_no"] for m in methods]),
    ]
    if audience == "student":
        rows[2:2] = [
            (STUDENT_TEXT["study_type"], [m.evidence.study_type_label if m.evidence else said for m in methods]),
            (STUDENT_TEXT["outcome"], [m.evidence.outcome if m.evidence else said for m in methods]),
            (STUDENT_TEXT["evidence_sources"], [
                "\n".join(_short_cite(catalog, r) for r in m.evidence.references) if m.evidence else said
                for m in methods]),
        ]
    return rows


def _short_cite(catalog: Catalog, reference_id: str) -> str:
    """``Paolucci 2016``: first author's family name (or the container) and year."""
    ref = catalog.reference(reference_id)
    first = ref.authors[0].split()[0] if ref.authors else ref.container
    return f"{first} {ref.year}"


def names_sentence(names: Sequence[str]) -> str:
    """``"A"``, ``"A and B"``, ``"A, B and C"``."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {TEXT['and']} {names[-1]}"


# --- heat and cold helper ---------------------------------------------------------------------------------
def heat_cold_methods(catalog: Catalog) -> dict[HeatCold, Method]:
    """The catalog methods behind the heat and the cold choice.

    Prefers methods with the ids ``heat`` and ``cold``; otherwise a method whose id names the mode
    (``cold`` also matches ``ice``); a combined method (e.g. ``heat_and_cold``) serves both. Raises
    ``LookupError`` when the catalog has none.
    """
    ids = {m.id: m for m in catalog.methods}
    words: dict[HeatCold, tuple[str, ...]] = {"heat": ("heat", "hot", "warm"), "cold": ("cold", "ice")}
    found: dict[HeatCold, Method] = {}
    for mode, names in words.items():
        if mode in ids:
            found[mode] = ids[mode]
            continue
        candidates = [m for m in catalog.methods if any(w in m.id.split("_") for w in names)]
        # A method only about this mode beats a combined one.
        candidates.sort(key=lambda m: any(w in m.id.split("_") for other in words.values() if other != names for w in other))
        if candidates:
            found[mode] = candidates[0]
    if set(found) != {"heat", "cold"}:
        raise LookupError("the catalog has no heat or cold method (expected ids 'heat' and 'cold')")
    return found


def session_minutes(method: Method) -> list[int]:
    """The whole minutes a session may last, from the method's ``duration_minutes`` (empty if unknown)."""
    if method.duration_minutes is None:
        return []
    low, high = method.duration_minutes
    return list(range(low, high + 1))


def seconds_left(end_at: float, now: float) -> int:
    """Whole seconds left until ``end_at`` (rounded up, never below 0)."""
    return max(0, math.ceil(round(end_at - now, 6)))


def format_clock(seconds: int) -> str:
    """``mm:ss`` for a countdown."""
    minutes, secs = divmod(max(0, seconds), 60)
    return f"{minutes:02d}:{secs:02d}"


def clock_words(seconds: int) -> str:
    """The countdown in words, for screen readers: ``"14 min 59 s left"``."""
    minutes, secs = divmod(max(0, seconds), 60)
    return TEXT["time_left_words"].format(minutes=minutes, seconds=secs)


def sorted_cautions(method: Method) -> list[Caution]:
    """The method's cautions, most serious first (data order within a level)."""
    return most_serious_first(method.cautions)
