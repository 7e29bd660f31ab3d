"""Treatment explorer: filter the workbook's pain management methods and read one card per method.

Usage (a notebook cell)::

    from osteo_lib.views.widgets.explorer import TreatmentExplorer
    explorer = TreatmentExplorer()            # audience="student" shows clinical notes
    explorer                        # display it

State for tests and other widgets: ``shown_ids`` (ids of the cards shown, in order), ``marked`` (ids the
person marked as interesting, in the order marked; the provider summary reads it), ``message`` (why the
list is empty, or ""), the filter traits ``category``, ``pain_type``, ``who`` ("" = Any),
``at_home_only``, ``conditions`` and ``hide_avoid``, and ``priorities`` (what matters to the person; the
cards that fit more of them come first, see :func:`osteo_lib.care.treatments.order_by_priorities`). Setting
any of these traits updates the controls and the view, and changing a control updates the traits. Named
parts: ``heading``, ``legend``, ``status``, ``empty``, ``results``, ``back`` and ``cards`` (each shown card's
``body``, ``mark`` checkbox and ``box``, by method id); :meth:`TreatmentExplorer.update` recomputes them all.

``TreatmentExplorer(short=True)`` (the patient dashboard, issue 15 §4) draws short cards: name, kind, any
warning about the person, the summary's first sentence and the evidence rating, and a "More about ..."
button (:class:`~osteo_lib.views.widgets.disclosure.Disclosure`, ``card.more``) that opens the rest
(``card.details``); a "Back to your choices" link (``back``) follows the list.

Every card shows how strong the evidence is: a plain label ("Some evidence"), a three-step bar whose
filled steps are also said in words (``role="img"`` with an ``aria-label``) and the evidence text.
Students also see the study type, what the evidence is for and its sources. Patients are never shown
the methods kept for students (``patient_option: false``); students see them with a note.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal, get_args

import ipywidgets as w
import traitlets as t
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_string import HTMLStyle

from osteo_lib.care.treatments import (
    WHO_GROUPS,
    Audience,
    Filters,
    check_priorities,
    evidence_label,
    evidence_steps,
    filter_methods,
    level_labels,
    offered_method,
    offered_methods,
    order_by_priorities,
    ordered_cautions,
    pain_type_labels,
    split_summary,
    student_texts,
    texts,
    usage_extra_text,
    usage_text,
    who_labels,
    why_empty,
)
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.model import CATEGORY_LABELS, EVIDENCE_STEPS, Evidence, MethodMatch, PainType, category_labels
from osteo_lib.content.pictures import load_pictures
from osteo_lib.views.pictures import icon_html, picture_html
from osteo_lib.views.templates import Markup, render
from osteo_lib.views.widgets.base import Widget, container, resolve_catalog
from osteo_lib.views.widgets.disclosure import Disclosure

__all__ = [
    "CHOICES_ID",
    "HEALTH_ID",
    "HIDDEN_CARD",
    "MethodCard",
    "TreatmentExplorer",
    "card_html",
    "cited_references",
    "close_tree",
    "evidence_bar_html",
    "evidence_html",
    "more_id",
]

_WIDE = {"description_width": "initial"}
#: The id of the explorer's heading, above its choices (where "Back to your choices" goes).
CHOICES_ID = "ow-methods-choices"
#: Which part of a card to draw (see :func:`card_html`).
CardPart = Literal["whole", "short", "more"]
#: The id of the "I have ..." list's first line (what the "Tell us about your health" button opens).
HEALTH_ID = "ow-methods-health"
#: The class of the folded "I have ..." list, and the class that shows it (static/css/methods.css).
FOLDED = "ow-methods-conditions--folded"
FOLDED_OPEN = "ow-methods-conditions--open"
#: The class of a card the filters leave out (static/css: display none); it stays on the page, hidden.
HIDDEN_CARD = "ow-method-card--filtered-out"


def _unfiltered(filters: Filters) -> Filters:
    """``filters`` with only what sets the order and the look of every card: the person's conditions (an
    option to avoid is still listed, last) and the audience."""
    return replace(filters, category=None, pain_type=None, who=None, at_home=None, hide_avoid=False)


def _condition_description(label: str) -> str:
    # patient_label completes "I have ...": say it whole so each checkbox makes sense on its own.
    return texts().format("condition_box", label=label) if label[:1].islower() else label


@dataclass
class MethodCard:
    """One card of the explorer: ``body`` (the card's HTML: the whole card, or on a short card its name,
    summary and evidence rating), ``mark`` (its "add to my list" checkbox) and ``box`` (all of them,
    with the card's classes). A short card also has ``more`` (its "More about ..." button) and ``details``
    (the rest of the card, shown while ``more.expanded``: the box then has the class
    ``ow-method-card--open``); a whole card has ``None`` for both."""

    body: w.HTML
    mark: w.Checkbox
    box: w.VBox
    more: Disclosure | None = None
    details: w.HTML | None = None

    @property
    def expanded(self) -> bool:
        """Whether the whole card is shown (always, for a card that is not short)."""
        return self.more is None or self.more.expanded


def evidence_bar_html(evidence: Evidence, *, labelled: bool = True) -> str:
    """The three-step evidence bar: filled steps are solid, empty ones hollow (shape, not colour alone).
    ``labelled``: the bar says its count in words (``role="img"``, ``aria-label="2 of 3 steps"``); with
    ``labelled=False`` it is hidden from screen readers (for places whose text already gives the count)."""
    return str(evidence_bar(evidence, labelled=labelled))


def evidence_bar(evidence: Evidence, *, labelled: bool = True) -> Markup:
    """:func:`evidence_bar_html` as markup, to nest in another template."""
    return render(
        "methods/evidence_bar.html.j2",
        level=evidence.level,
        steps=evidence.steps,
        total=max(EVIDENCE_STEPS.values()),
        labelled=labelled,
        words=evidence_steps(evidence),
    )


def evidence_html(catalog: Catalog, evidence: Evidence | None, audience: Audience = "patient") -> str:
    """How strong the evidence is: the plain label with its bar and the evidence text; for students also
    the study type, what it is evidence for, the student text and the sources. ``""`` without a rating."""
    if evidence is None:
        return ""
    return str(_evidence_block(catalog, evidence, audience))


def _evidence_block(catalog: Catalog, evidence: Evidence, audience: Audience, part: CardPart = "whole") -> Markup:
    student = audience == "student"
    words = student_texts()
    facts = [(words["study_type"], evidence.study_type_label), (words["outcome"], evidence.outcome)]
    return render(
        "methods/evidence.html.j2",
        level=evidence.level,
        # patients read the label beside the bar; the count of steps ("2 of 3 steps") is for students
        bar=evidence_bar(evidence, labelled=student),
        label=evidence_label(evidence),
        student=student,
        facts=facts,
        text=evidence.student_text if student else evidence.patient_text,
        sources_title=words["evidence_sources"],
        refs=catalog.references_for(evidence.references) if student else (),
        part=part,
    )


def cited_references(catalog: Catalog, audience: Audience = "patient") -> tuple[str, ...]:
    """Every reference id the cards offered to ``audience`` list under their sources, each once. The
    patient dashboard lists them once, under "Where this comes from", for an explorer built with
    ``sources=False``."""
    return tuple(dict.fromkeys(r for m in offered_methods(catalog, audience) for r in m.all_references))


def card_html(
    catalog: Catalog,
    match: MethodMatch,
    conditions: tuple[str, ...],
    audience: Audience = "patient",
    *,
    sources: bool = True,
    part: CardPart = "whole",
) -> str:
    """The HTML of one method card (without its "mark" checkbox); its sources are left out when ``sources``
    is false. ``part``: "whole" (the full card), "short" (name, category, warnings, summary and evidence
    rating: a short card) or "more" (the rest, in a ``div`` with the id :func:`more_id`)."""
    m = match.method
    student = audience == "student"
    text, levels = texts(), level_labels()
    chosen = set(conditions)
    labels = {c.id: c.patient_label for c in catalog.conditions}
    cautions = []
    for caution, applies in ordered_cautions(match):
        lead = levels[caution.level]
        if caution.conditions:
            lead += " " + text.format("if_you_have", labels=text["or"].join(labels[c] for c in caution.conditions))
        why = [labels[c] for c in caution.conditions if c in chosen]
        cautions.append(
            {
                "level": caution.level,
                "lead": lead,
                "text": caution.student_text if student else caution.patient_text,
                "applies": text.format("applies_to_you", labels="; ".join(why)) if applies else "",
            }
        )
    at_home = text["card_at_home_yes" if m.at_home else "card_at_home_no"]
    evidence = _evidence_block(catalog, m.evidence, audience, part) if m.evidence is not None else ""
    applies = any(c["applies"] for c in cautions) and not match.excluded  # "avoid" has its own banner
    summary = m.clinical_note if student else m.patient_summary
    first, rest = split_summary(summary) if part != "whole" else (summary, "")
    drawings = load_pictures(catalog)
    pictures = drawings.pictures_for(m.id, m.how_to_steps)
    return str(
        render(
            "methods/card.html.j2",
            method=m,
            text=text,
            avoid=match.excluded,
            students_only="" if m.patient_option else student_texts()["students_only"],
            summary=first,
            summary_rest=rest,
            evidence=evidence,
            usage=usage_text(m),
            usage_extra=usage_extra_text(m),
            who=f"{m.provided_by_label}. {at_home}",
            cautions=cautions,
            refs=catalog.references_for(m.all_references) if sources else (),
            audience=audience,
            icon=icon_html(catalog, m.id),
            pictures=[picture_html(p) for p in pictures],
            steps_in_picture=bool(pictures) and bool(m.how_to_steps) and m.id in drawings.own_steps,
            part=part,
            id=more_id(m.id),
            applies_note=text.format("card_applies_note", name=m.name) if applies else "",
        )
    )


def more_id(method_id: str) -> str:
    """The id of a short card's hidden part (what its "More about ..." button controls)."""
    return f"ow-method-more-{method_id}"


class TreatmentExplorer(Widget):
    """Filter the pain management methods and show one card per method.

    Example::

        explorer = TreatmentExplorer()
        explorer.category = "physical"; explorer.conditions = ("spinal_osteoporosis",)
        explorer.shown_ids          # ids of the cards now shown
        explorer          # display in a notebook
    """

    category = t.Enum(["", *CATEGORY_LABELS], default_value="")
    pain_type = t.Enum(["", *get_args(PainType)], default_value="")
    who = t.Enum(["", *WHO_GROUPS], default_value="")
    at_home_only = t.Bool(False)
    conditions = t.Tuple()
    hide_avoid = t.Bool(False)
    priorities = t.Tuple()  # what matters to the person (priority ids): cards that fit more come first
    marked = t.List(t.Unicode())
    shown_ids = t.Tuple(read_only=True)
    message = t.Unicode("", read_only=True)

    def __init__(
        self,
        catalog: Catalog | None = None,
        *,
        audience: Audience = "patient",
        sources: bool = True,
        short: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        # Filters given as arguments (``TreatmentExplorer(category="physical")``: a notebook's explorer opens on its
        # topic); the links to the controls below start from the controls' values, so these are set again after.
        start = {name: getattr(self, name) for name in ("category", "pain_type", "who", "at_home_only", "hide_avoid")}
        #: Short cards (the patient dashboard): name, summary and evidence rating, and a "More about ..."
        #: button that shows the rest; a "Back to your choices" link follows the list.
        self.short = short
        if audience not in ("patient", "student"):
            raise ValueError(f"audience must be 'patient' or 'student', not {audience!r}")
        self.catalog = resolve_catalog(catalog)
        self.audience: Audience = audience
        #: Whether each card lists its sources (the patient dashboard lists them once per part).
        self.show_sources = sources
        text = texts()
        any_ = (text["any"], "")
        self.category_control = w.Dropdown(
            options=[any_, *((label, key) for key, label in category_labels(audience).items())],
            description=text["filter_category"],
            style=_WIDE,
        )
        self.pain_type_control = w.Dropdown(
            options=[any_, *((label, key) for key, label in pain_type_labels().items())],
            description=text["filter_pain_type"],
            style=_WIDE,
        )
        self.who_control = w.Dropdown(
            options=[any_, *((label, key) for key, label in who_labels().items())],
            description=text["filter_who"],
            style=_WIDE,
        )
        self.at_home_control = w.Checkbox(description=text["filter_at_home"], indent=False)
        self.condition_controls: dict[str, w.Checkbox] = {
            c.id: w.Checkbox(description=_condition_description(c.patient_label), indent=False)
            for c in self.catalog.conditions
        }
        self.mode_control = w.Dropdown(
            options=[(text["mode_flag"], False), (text["mode_hide"], True)],
            description=(student_texts() if audience == "student" else text)["filter_mode"],
            style=_WIDE,
        )
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
        for name, value in start.items():
            setattr(self, name, value)  # moves its control too

        self.status = w.HTML()
        self.status.add_class("ow-methods-status")
        self.empty = w.HTML()
        self.empty.add_class("ow-methods-empty")
        self.results = w.VBox()
        self.results.add_class("ow-methods-results")
        self._cards: dict[str, MethodCard] = {}
        #: What each card's HTML was last drawn for (its cautions that apply, conditions, audience, sources).
        self._drawn: dict[str, tuple[object, ...]] = {}

        self.heading = w.HTML(
            str(
                render(
                    "methods/title.html.j2",
                    title=text["explorer_title"],
                    intro=text["explorer_intro"],
                    id=CHOICES_ID if short else "",
                )
            )
        )
        self.legend = w.HTML(
            str(
                render(
                    "methods/legend.html.j2",
                    text=text["filter_conditions"],
                    id=HEALTH_ID if short else "",
                )
            )
        )
        conditions_box = w.VBox([self.legend, *self.condition_controls.values(), self.mode_control])
        conditions_box.add_class("ow-methods-conditions")
        #: The "I have ..." list with the "Ones to avoid" choice (folded on the patient dashboard).
        self.conditions_box = conditions_box
        #: On the patient dashboard the long "I have ..." list is folded under this button (health-literacy
        #: rating, PEMAT 2: 13 boxes came before the first card); ``None`` for whole cards.
        self.health: Disclosure | None = None
        if short:
            self.health = Disclosure(label=text["health_more"], controls=HEALTH_ID)
            conditions_box.add_class(FOLDED)
            self.health.observe(lambda change, b=conditions_box: _show_open(b, change["new"], FOLDED_OPEN), "expanded")
            conditions_box = w.VBox([self.health, conditions_box])
            conditions_box.add_class("ow-methods-health")
        filters_box = w.VBox([self.category_control, self.pain_type_control, self.who_control, self.at_home_control])
        filters_box.add_class("ow-methods-filters")
        controls = w.HBox([filters_box, conditions_box])
        controls.add_class("ow-methods-controls")
        #: What goes between the choices and the first card (the dashboard puts "What matters to me" here,
        #: since it reorders the cards: health-literacy rating, PEMAT 10).
        self.before_cards = w.VBox()
        self.before_cards.add_class("ow-methods-before-cards")
        #: The link from the end of the list back up to the choices ("" for whole cards).
        self.back = w.HTML(
            str(render("methods/back_link.html.j2", target=CHOICES_ID, text=text["back_to_filters"])) if short else ""
        )
        self.back.add_class("ow-methods-back-widget")
        self.container = container(
            self.heading,
            controls,
            self.before_cards,
            self.status,
            self.empty,
            self.results,
            self.back,
            cls="ow-methods-explorer",
        )

        self.observe(
            self.update,
            names=["category", "pain_type", "who", "at_home_only", "conditions", "hide_avoid", "priorities", "marked"],
        )
        self.update()

    # --- state ------------------------------------------------------------------------------------
    @property
    def filters(self) -> Filters:
        """The current choices as a :class:`~osteo_lib.care.treatments.Filters`."""
        return Filters(
            category=self.category or None,  # type: ignore[arg-type]
            pain_type=self.pain_type or None,
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

    @property
    def cards(self) -> dict[str, MethodCard]:
        """The cards shown, by method id, in the order shown."""
        return {i: self._cards[i] for i in self.shown_ids}

    def _draw_card(self, card: MethodCard, match: MethodMatch, conditions: tuple[str, ...]) -> None:
        """The card's HTML: the whole card, or a short card's top and the part "More about ..." opens."""
        card.body.value = card_html(
            self.catalog,
            match,
            conditions,
            self.audience,
            sources=self.show_sources,
            part="short" if card.details is not None else "whole",
        )
        if card.details is not None:
            card.details.value = card_html(
                self.catalog, match, conditions, self.audience, sources=self.show_sources, part="more"
            )

    def _show_card(self, card: MethodCard, match: MethodMatch, shown: set[str]) -> None:
        """The card's tick, its "avoid" border and whether the filters hide it."""
        card.mark.value = match.method.id in self.marked
        if match.excluded:
            card.box.add_class("ow-method-card--avoid")
        else:
            card.box.remove_class("ow-method-card--avoid")
        if match.method.id in shown:
            card.box.remove_class(HIDDEN_CARD)
        else:
            card.box.add_class(HIDDEN_CARD)

    @property
    def shown_boxes(self) -> tuple[w.VBox, ...]:
        """The cards shown, in the order shown (``results`` holds every card; the others are hidden)."""
        return tuple(self._cards[i].box for i in self.shown_ids)

    def _card(self, method_id: str, name: str) -> MethodCard:
        card = self._cards.get(method_id)
        if card is None:
            if not self._cards:  # one layout and one style per kind, shared by every card: ~60 % fewer models
                self._card_parts = (w.Layout(), HTMLStyle(), CheckboxStyle())
            layout, html_style, check_style = self._card_parts
            body = w.HTML(layout=layout, style=html_style)
            mark = w.Checkbox(
                description=texts().format("mark", name=name), indent=False, layout=layout, style=check_style
            )
            mark.add_class("ow-methods-check")
            mark.add_class("ow-method-card__mark")
            mark.observe(lambda change, mid=method_id: self._on_mark(mid, change), names="value")
            if self.short:
                more = Disclosure(
                    label=texts().format("card_more", name=name), controls=more_id(method_id), layout=layout
                )
                details = w.HTML(layout=layout, style=html_style)
                details.add_class("ow-method-card__details")
                box = w.VBox([body, more, details, mark], layout=layout)
                more.observe(lambda change, b=box: _show_open(b, change["new"]), names="expanded")
            else:
                more, details = None, None
                box = w.VBox([body, mark], layout=layout)
            box.add_class("ow-method-card")
            card = self._cards[method_id] = MethodCard(body, mark, box, more, details)
        return card

    # --- view -------------------------------------------------------------------------------------
    def update(self, change: object = None) -> None:
        """Recompute the list, the counts, the message and every card shown from the traits."""
        text = texts()
        filters = self.filters
        matches = self.matches()
        total = len(offered_methods(self.catalog, self.audience))
        with self.container.hold_sync():
            self.set_trait("shown_ids", tuple(m.method.id for m in matches))
            self.set_trait("message", "" if matches else why_empty(self.catalog, filters))
            for cid, box in self.condition_controls.items():
                box.value = cid in self.conditions
            count = (
                text.format("count_one", total=total)
                if len(matches) == 1
                else text.format("count", shown=len(matches), total=total)
            )
            marked = len(self.marked)
            marked_text = (
                "" if not marked else (text["marked_one"] if marked == 1 else text.format("marked_count", n=marked))
            )
            self.status.value = str(
                render(
                    "methods/note.html.j2",
                    text=f"{count} {marked_text}".strip(),
                    role="status",
                    live="polite",
                )
            )
            self.empty.value = (
                ""
                if not self.message
                else str(render("methods/note.html.j2", text=self.message, cls="ow-warning", role="status"))
            )
            # Every card stays on the page, in the order of every option (for the person's conditions and
            # priorities); the ones the filters leave out are hidden by a class, and a card's HTML is drawn
            # again only when what it shows changed (the person's conditions, sources). A click on "at home"
            # took about 230 ms in the kernel (every card drawn twice) and made the browser build again the
            # view of every card after the first one that changed in the list (make bench). The list of
            # cards now changes only with the order.
            shown = {m.method.id for m in matches}
            everyone = order_by_priorities(filter_methods(self.catalog, _unfiltered(filters)), self.priorities)
            cards = []
            for match in everyone:
                card = self._card(match.method.id, match.method.name)
                drawn = (match.matching, filters.conditions, self.audience, self.show_sources)
                if self._drawn.get(match.method.id) != drawn:
                    self._draw_card(card, match, filters.conditions)
                    self._drawn[match.method.id] = drawn
                self._show_card(card, match, shown)
                cards.append(card.box)
            if self.results.children != tuple(cards):
                self.results.children = tuple(cards)

    def close(self) -> None:
        """Close every widget this explorer made."""
        for link in self._links:
            link.unlink()
        for card in self._cards.values():
            close_tree(card.box)
        close_tree(self.container)


def _show_open(box: w.Box, expanded: bool, cls: str = "ow-method-card--open") -> None:
    """Show a short card's full text, or the folded "I have ..." list (the stylesheet hides it unless the
    box has the class ``cls``)."""
    if expanded:
        box.add_class(cls)
    else:
        box.remove_class(cls)


def close_tree(widget: w.Widget) -> None:
    """Close a widget and every widget inside it."""
    for child in getattr(widget, "children", ()):
        close_tree(child)
    widget.close()
