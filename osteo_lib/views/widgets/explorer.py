"""Treatment explorer: filter the workbook's pain management methods and read one card per method.

Usage (a notebook cell)::

    from osteo_lib.views.widgets.explorer import TreatmentExplorer
    explorer = TreatmentExplorer()            # audience="student" shows clinical notes
    explorer.container                        # display it

State for tests and other widgets: ``shown_ids`` (ids of the cards shown, in order), ``marked`` (ids the
person marked as interesting, in the order marked; the provider summary reads it), ``message`` (why the
list is empty, or ""), the filter traits ``category``, ``pain_type``, ``who`` ("" = Any),
``at_home_only``, ``conditions`` and ``hide_avoid``, and ``priorities`` (what matters to the person; the
cards that fit more of them come first, see :func:`osteo_lib.care.treatments.order_by_priorities`). Setting
any of these traits updates the controls and the view, and changing a control updates the traits.

Every card shows how strong the evidence is: a plain label ("Some evidence"), a three-step bar whose
filled steps are also said in words (``role="img"`` with an ``aria-label``) and the evidence text.
Students also see the study type, what the evidence is for and its sources. Patients are never shown
the methods kept for students (``patient_option: false``); students see them with a note.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ipywidgets as w
import traitlets as t

from osteo_lib.content.catalog import Catalog
from osteo_lib.content.model import CATEGORY_LABELS, EVIDENCE_STEPS, Evidence, MethodMatch
from osteo_lib.care.treatments import (
    LEVEL_LABELS,
    PAIN_TYPE_LABELS,
    STUDENT_TEXT,
    TEXT,
    WHO_LABELS,
    Audience,
    Filters,
    check_priorities,
    evidence_label,
    filter_methods,
    offered_method,
    offered_methods,
    order_by_priorities,
    ordered_cautions,
    usage_text,
    why_empty,
)
from osteo_lib.views.widgets.base import Widget, bullet_list, container, esc, join, resolve_catalog, sources_html, tag

_WIDE = {"description_width": "initial"}


def _condition_description(label: str) -> str:
    # patient_label completes "I have ...": say it whole so each checkbox makes sense on its own.
    return f"I have {label}" if label[:1].islower() else label


@dataclass
class _Card:
    body: w.HTML
    mark: w.Checkbox
    box: w.VBox


def evidence_bar_html(evidence: Evidence, *, labelled: bool = True) -> str:
    """The three-step evidence bar: filled steps are solid, empty ones hollow (shape, not colour alone).
    ``labelled``: the bar says its count in words (``role="img"``, ``aria-label="2 of 3 steps"``); with
    ``labelled=False`` it is hidden from screen readers (for places whose text already gives the count)."""
    total = max(EVIDENCE_STEPS.values())
    steps = join(tag("span", cls="ow-evidence-bar__step" + (" ow-evidence-bar__step--on" if i < evidence.steps else ""))
                 for i in range(total))
    attrs = {"role": "img", "aria_label": TEXT["evidence_steps"].format(n=evidence.steps)} if labelled \
        else {"aria_hidden": "true"}
    return tag("span", steps, cls=f"ow-evidence-bar ow-evidence-bar--{evidence.level}", raw=True,
               data_steps=str(evidence.steps), **attrs)


def evidence_html(catalog: Catalog, evidence: Evidence | None, audience: Audience = "patient") -> str:
    """How strong the evidence is: the plain label with its bar and the evidence text; for students also
    the study type, what it is evidence for, the student text and the sources. ``""`` without a rating."""
    if evidence is None:
        return ""
    rating = tag("p", evidence_bar_html(evidence) + " " + tag("strong", evidence_label(evidence)),
                 cls="ow-evidence__rating", raw=True)
    parts = [rating]
    if audience == "student":
        facts = join(tag("div", tag("dt", STUDENT_TEXT[key] + ":") + " " + tag("dd", value), raw=True)
                     for key, value in (("study_type", evidence.study_type_label), ("outcome", evidence.outcome)))
        parts += [tag("dl", facts, cls="ow-evidence__facts", raw=True),
                  tag("p", evidence.student_text, cls="ow-evidence__text"),
                  tag("p", STUDENT_TEXT["evidence_sources"] + ":", cls="ow-evidence__sources-title"),
                  sources_html(catalog, evidence.references)]
    else:
        parts.append(tag("p", evidence.patient_text, cls="ow-evidence__text"))
    return tag("div", join(parts), cls=f"ow-evidence ow-evidence--{evidence.level}", raw=True)


def card_html(catalog: Catalog, match: MethodMatch, conditions: tuple[str, ...], audience: Audience = "patient") -> str:
    """The HTML of one method card (without its "mark" checkbox)."""
    m = match.method
    student = audience == "student"
    chosen = set(conditions)
    labels = {c.id: c.patient_label for c in catalog.conditions}
    parts = [
        tag("h3", m.name, cls="ow-method-card__name"),
        tag("p", m.category_label, cls="ow-method-card__category"),
    ]
    if not m.patient_option:
        parts.append(tag("p", STUDENT_TEXT["students_only"], cls="ow-note ow-method-card__students-only"))
    if match.excluded:
        parts.append(tag("p", TEXT["avoid_banner"], cls="ow-warning ow-method-card__avoid"))
    parts.append(tag("p", m.clinical_note if student else m.patient_summary, cls="ow-method-card__summary"))
    if m.evidence is not None:
        parts += [tag("h4", TEXT["card_evidence"]), evidence_html(catalog, m.evidence, audience)]
    parts += [tag("h4", TEXT["card_how_it_works"]), tag("p", m.how_it_works)]
    parts += [tag("h4", TEXT["card_how_to_use"]), tag("p", usage_text(m))]
    if m.examples:
        parts += [tag("h4", TEXT["card_examples"]), bullet_list(m.examples)]
    if m.benefits:
        parts += [tag("h4", TEXT["card_benefits"]), bullet_list(m.benefits)]
    at_home = TEXT["card_at_home_yes" if m.at_home else "card_at_home_no"]
    parts += [tag("h4", TEXT["card_who"]), tag("p", f"{m.provided_by_label}. {at_home}")]
    parts.append(tag("h4", TEXT["card_cautions"]))
    items = []
    for caution, applies in ordered_cautions(match):
        text = caution.student_text if student else caution.patient_text
        lead = LEVEL_LABELS[caution.level]
        if caution.conditions:
            lead += " " + TEXT["if_you_have"].format(labels=TEXT["or"].join(labels[c] for c in caution.conditions))
        body = tag("strong", f"{lead}:") + " " + esc(text)
        cls = f"ow-caution ow-caution--{caution.level}"
        if applies:
            why = [labels[c] for c in caution.conditions if c in chosen]
            body += " " + tag("span", TEXT["applies_to_you"].format(labels="; ".join(why)), cls="ow-caution__applies")
            cls += " ow-caution--applies"
        items.append(tag("li", body, cls=cls, raw=True))
    parts.append(tag("ul", join(items), cls="ow-method-card__cautions", raw=True) if items
                 else tag("p", TEXT["card_no_cautions"]))
    parts.append(tag("details", tag("summary", TEXT["card_sources"]) + sources_html(catalog, m.all_references, audience),
                     cls="ow-method-card__sources", raw=True))
    return join(parts)


class TreatmentExplorer(Widget):
    """Filter the pain management methods and show one card per method.

    Example::

        explorer = TreatmentExplorer()
        explorer.category = "physical"; explorer.conditions = ("spinal_osteoporosis",)
        explorer.shown_ids          # ids of the cards now shown
        explorer.container          # display in a notebook
    """

    category = t.Enum(["", *CATEGORY_LABELS], default_value="")
    pain_type = t.Enum(["", *PAIN_TYPE_LABELS], default_value="")
    who = t.Enum(["", *WHO_LABELS], default_value="")
    at_home_only = t.Bool(False)
    conditions = t.Tuple()
    hide_avoid = t.Bool(False)
    priorities = t.Tuple(help="What matters to the person (priority ids); cards that fit more come first.")
    marked = t.List(t.Unicode())
    shown_ids = t.Tuple(read_only=True)
    message = t.Unicode("", read_only=True)

    def __init__(self, catalog: Catalog | None = None, *, audience: Audience = "patient", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if audience not in ("patient", "student"):
            raise ValueError(f"audience must be 'patient' or 'student', not {audience!r}")
        self.catalog = resolve_catalog(catalog)
        self.audience: Audience = audience
        any_ = (TEXT["any"], "")
        self.category_control = w.Dropdown(
            options=[any_, *((label, key) for key, label in CATEGORY_LABELS.items())],
            description=TEXT["filter_category"], style=_WIDE)
        self.pain_type_control = w.Dropdown(
            options=[any_, *((label, key) for key, label in PAIN_TYPE_LABELS.items())],
            description=TEXT["filter_pain_type"], style=_WIDE)
        self.who_control = w.Dropdown(
            options=[any_, *((label, key) for key, label in WHO_LABELS.items())],
            description=TEXT["filter_who"], style=_WIDE)
        self.at_home_control = w.Checkbox(description=TEXT["filter_at_home"], indent=False)
        self.condition_controls: dict[str, w.Checkbox] = {
            c.id: w.Checkbox(description=_condition_description(c.patient_label), indent=False)
            for c in self.catalog.conditions
        }
        self.mode_control = w.Dropdown(
            options=[(TEXT["mode_flag"], False), (TEXT["mode_hide"], True)],
            description=TEXT["filter_mode"], style=_WIDE)
        for control in (self.at_home_control, *self.condition_controls.values()):
            control.add_class("ow-methods-check")
        for control in (self.category_control, self.pain_type_control, self.who_control, self.mode_control):
            control.add_class("ow-methods-select")

        # controls -> state traits (two-way, so setting a trait moves its control too)
        self._links = [
            t.link((self.category_control, "value"), (self, "category")),
            t.link((self.pain_type_control, "value"), (self, "pain_type")),
            t.link((self.who_control, "value"), (self, "who")),
            t.link((self.at_home_control, "value"), (self, "at_home_only")),
            t.link((self.mode_control, "value"), (self, "hide_avoid")),
        ]
        for box in self.condition_controls.values():
            box.observe(self._on_condition_box, names="value")

        self.status = w.HTML()
        self.status.add_class("ow-methods-status")
        self.empty = w.HTML()
        self.empty.add_class("ow-methods-empty")
        self.results = w.VBox()
        self.results.add_class("ow-methods-results")
        self._cards: dict[str, _Card] = {}

        heading = w.HTML(tag("h2", TEXT["explorer_title"]) + tag("p", TEXT["explorer_intro"]))
        conditions_box = w.VBox([w.HTML(tag("p", TEXT["filter_conditions"], cls="ow-methods-legend")),
                                 *self.condition_controls.values(), self.mode_control])
        conditions_box.add_class("ow-methods-conditions")
        filters_box = w.VBox([self.category_control, self.pain_type_control, self.who_control, self.at_home_control])
        filters_box.add_class("ow-methods-filters")
        controls = w.HBox([filters_box, conditions_box])
        controls.add_class("ow-methods-controls")
        self.container = container(heading, controls, self.status, self.empty, self.results, cls="ow-methods-explorer")

        self.observe(self._render, names=["category", "pain_type", "who", "at_home_only", "conditions",
                                          "hide_avoid", "priorities", "marked"])
        self._render()

    # --- state ------------------------------------------------------------------------------------
    @property
    def filters(self) -> Filters:
        """The current choices as a :class:`~osteo_lib.care.treatments.Filters`."""
        return Filters(
            category=self.category or None,  # type: ignore[arg-type]
            pain_type=self.pain_type or None,  # type: ignore[arg-type]
            who=self.who or None,  # type: ignore[arg-type]
            at_home=True if self.at_home_only else None,
            conditions=tuple(self.conditions),
            hide_avoid=self.hide_avoid,
            audience=self.audience,
        )

    def matches(self) -> list[MethodMatch]:
        """The methods shown, in the order shown (filtered, then ordered by ``priorities``)."""
        return order_by_priorities(filter_methods(self.catalog, self.filters), self.priorities)

    @t.validate("priorities")
    def _valid_priorities(self, proposal: dict[str, Any]) -> tuple[str, ...]:
        return check_priorities(proposal["value"])  # ValueError for an unknown priority

    @t.validate("conditions")
    def _valid_conditions(self, proposal: dict[str, Any]) -> tuple[str, ...]:
        wanted = set(proposal["value"])
        for cid in wanted:
            self.catalog.condition(cid)  # raises UnknownIdError for a typo
        return tuple(c.id for c in self.catalog.conditions if c.id in wanted)

    @t.validate("marked")
    def _valid_marked(self, proposal: dict[str, Any]) -> list[str]:
        for mid in proposal["value"]:
            offered_method(self.catalog, mid, self.audience)  # UnknownIdError: a typo, or students only
        return list(dict.fromkeys(proposal["value"]))

    def _on_condition_box(self, _change: dict[str, Any]) -> None:
        self.conditions = tuple(cid for cid, box in self.condition_controls.items() if box.value)

    def _on_mark(self, method_id: str, change: dict[str, Any]) -> None:
        if change["new"] and method_id not in self.marked:
            self.marked = [*self.marked, method_id]
        elif not change["new"] and method_id in self.marked:
            self.marked = [m for m in self.marked if m != method_id]

    def _card(self, method_id: str, name: str) -> _Card:
        card = self._cards.get(method_id)
        if card is None:
            body = w.HTML()
            mark = w.Checkbox(description=TEXT["mark"].format(name=name), indent=False)
            mark.add_class("ow-methods-check")
            mark.add_class("ow-method-card__mark")
            mark.observe(lambda change, mid=method_id: self._on_mark(mid, change), names="value")
            box = w.VBox([body, mark])
            box.add_class("ow-method-card")
            card = self._cards[method_id] = _Card(body, mark, box)
        return card

    # --- view -------------------------------------------------------------------------------------
    def _render(self, _change: dict[str, Any] | None = None) -> None:
        filters = self.filters
        matches = self.matches()
        total = len(offered_methods(self.catalog, self.audience))
        with self.container.hold_sync():
            self.set_trait("shown_ids", tuple(m.method.id for m in matches))
            self.set_trait("message", "" if matches else why_empty(self.catalog, filters))
            for cid, box in self.condition_controls.items():
                box.value = cid in self.conditions
            count = TEXT["count_one"].format(total=total) if len(matches) == 1 else \
                TEXT["count"].format(shown=len(matches), total=total)
            marked = len(self.marked)
            marked_text = "" if not marked else (
                TEXT["marked_one"] if marked == 1 else TEXT["marked_count"].format(n=marked))
            self.status.value = tag("p", count + (" " + marked_text if marked_text else ""),
                                    role="status", aria_live="polite")
            self.empty.value = tag("p", self.message, cls="ow-warning", role="status") if self.message else ""
            cards = []
            for match in matches:
                card = self._card(match.method.id, match.method.name)
                card.body.value = card_html(self.catalog, match, filters.conditions, self.audience)
                card.mark.value = match.method.id in self.marked
                if match.excluded:
                    card.box.add_class("ow-method-card--avoid")
                else:
                    card.box.remove_class("ow-method-card--avoid")
                cards.append(card.box)
            self.results.children = tuple(cards)

    def close(self) -> None:
        """Close every widget this explorer made."""
        for link in self._links:
            link.unlink()
        for card in self._cards.values():
            close_tree(card.box)
        close_tree(self.container)


def close_tree(widget: w.Widget) -> None:
    """Close a widget and every widget inside it."""
    for child in getattr(widget, "children", ()):
        close_tree(child)
    widget.close()
