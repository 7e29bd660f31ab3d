"""Pure logic behind the treatment widgets: filtering, "why is this empty?", comparison rows, evidence
labels, ordering options by what matters to a person, and the heat-and-cold session timer arithmetic.

No ipywidgets here: everything is a plain function over a :class:`~osteo_lib.content.catalog.Catalog`, so it can
be tested and reused (e.g. by the provider summary) without a kernel. The words come from
``data/ui/treatments.yaml`` and ``data/ui/treatments_student.yaml`` (:func:`texts`, :func:`student_texts`).

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

The parts: :mod:`.labels` (the words and label mappings), :mod:`.explore` (filtering, why empty, usage),
:mod:`.evidence`, :mod:`.priorities` (what matters to me), :mod:`.compare` (comparison rows) and
:mod:`.heat_cold` (the session helper's arithmetic).

The upper-case tables of earlier versions (``TEXT``, ``STUDENT_TEXT``, ``PRIORITY_LABELS``,
``EVIDENCE_LABELS``, ``PAIN_TYPE_LABELS``, ``WHO_LABELS``, ``LEVEL_LABELS``, ``NEEDS_TEXT``) can still be
imported from here; each is read from ``data/ui/`` when asked for, so it follows ``osteo_lib.reload()``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from osteo_lib.care.treatments.compare import check_picks, comparison_rows, names_sentence
from osteo_lib.care.treatments.evidence import evidence_bar_label, evidence_label, evidence_steps, evidence_text
from osteo_lib.care.treatments.explore import (
    Filters,
    active_filters,
    duration_text,
    filter_methods,
    offered_method,
    offered_methods,
    ordered_cautions,
    patient_option_filter,
    split_summary,
    usage_extra_text,
    usage_text,
    why_empty,
)
from osteo_lib.care.treatments.heat_cold import (
    clock_words,
    format_clock,
    heat_cold_methods,
    seconds_left,
    session_minutes,
    sorted_cautions,
)
from osteo_lib.care.treatments.labels import (
    COMPARE_MAX,
    COMPARE_MIN,
    PRIORITIES,
    WHO_GROUPS,
    Audience,
    HeatCold,
    Who,
    evidence_labels,
    level_labels,
    needs_texts,
    pain_type_labels,
    priority_labels,
    student_texts,
    texts,
    who_labels,
)
from osteo_lib.care.treatments.priorities import (
    check_priorities,
    fits_text,
    fitting_priorities,
    order_by_priorities,
    priorities_sentence,
)

if TYPE_CHECKING:
    from osteo_lib.content.ui import UiTexts

    TEXT: UiTexts
    STUDENT_TEXT: UiTexts
    PRIORITY_LABELS: dict[str, str]
    EVIDENCE_LABELS: dict[str, str]
    PAIN_TYPE_LABELS: dict[str, str]
    WHO_LABELS: dict[str, str]
    LEVEL_LABELS: dict[str, str]
    NEEDS_TEXT: dict[str, str]

__all__ = [
    "COMPARE_MAX",
    "COMPARE_MIN",
    "EVIDENCE_LABELS",
    "LEVEL_LABELS",
    "NEEDS_TEXT",
    "PAIN_TYPE_LABELS",
    "PRIORITIES",
    "PRIORITY_LABELS",
    "STUDENT_TEXT",
    "TEXT",
    "WHO_GROUPS",
    "WHO_LABELS",
    "Audience",
    "Filters",
    "HeatCold",
    "Who",
    "active_filters",
    "check_picks",
    "check_priorities",
    "clock_words",
    "comparison_rows",
    "duration_text",
    "evidence_bar_label",
    "evidence_label",
    "evidence_labels",
    "evidence_steps",
    "evidence_text",
    "filter_methods",
    "fits_text",
    "fitting_priorities",
    "format_clock",
    "heat_cold_methods",
    "level_labels",
    "names_sentence",
    "needs_texts",
    "offered_method",
    "offered_methods",
    "order_by_priorities",
    "ordered_cautions",
    "pain_type_labels",
    "patient_option_filter",
    "priorities_sentence",
    "priority_labels",
    "seconds_left",
    "session_minutes",
    "sorted_cautions",
    "split_summary",
    "student_texts",
    "texts",
    "usage_extra_text",
    "usage_text",
    "who_labels",
    "why_empty",
]

#: The upper-case names of earlier versions, each read from data/ui/ when asked for.
_TABLES: dict[str, Callable[[], object]] = {
    "TEXT": texts,
    "STUDENT_TEXT": student_texts,
    "PRIORITY_LABELS": priority_labels,
    "EVIDENCE_LABELS": evidence_labels,
    "PAIN_TYPE_LABELS": pain_type_labels,
    "WHO_LABELS": who_labels,
    "LEVEL_LABELS": level_labels,
    "NEEDS_TEXT": needs_texts,
}


if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        if name in _TABLES:
            return _TABLES[name]()
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
