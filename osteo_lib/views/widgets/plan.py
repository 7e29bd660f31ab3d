"""My pain plan: pick what to try, when and for how long; see what to do if pain gets worse and the
questions for the provider, as a short checklist that prints on one page and goes into the provider summary.

Usage (a notebook cell)::

    from osteo_lib.views.widgets.plan import PainPlan
    plan = PainPlan()                        # or PainPlan(marked_source=explorer): the options marked there
    plan

State (set a trait and the controls and view follow; press a control and the traits follow): ``marked``
(method ids marked in the treatment explorer; follows ``marked_source.marked``), ``choices`` (the ids the
"What I will try" list offers: the marked ones, else every option for home), ``items`` (the plan: tuples
``(method_id, when, minutes)``, minutes ``None`` for "as the label or care team says"), ``questions`` (one
per line; follows the ``questions_source`` text box when given, else the plan's own box), ``checklist``
(the checklist's lines, read-only), ``message`` (the last message: what was added, or what to change),
``print_href`` (the printable page as a ``data:`` address; ``printer``, the "Print my plan" button, holds the
same page and prints it). Named parts: ``method_control``,
``when_control``, ``minutes_control``, ``add_button``, ``remove_buttons`` (by method id), ``help_button``
("Open Get help now": the dashboard opens that part), ``questions_input``, ``checklist_html``, ``print_html``.
Pure logic: :mod:`osteo_lib.care.plan`; words: ``data/ui/plan.yaml``.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import traitlets as t

from osteo_lib.care.download import data_uri
from osteo_lib.care.plan import (
    Plan,
    PlanError,
    PlanItem,
    add_item,
    checklist,
    choosable_methods,
    minute_choices,
    plan_filename,
    plan_texts,
    remove_item,
    when_labels,
    with_questions,
)
from osteo_lib.content.catalog import Catalog
from osteo_lib.views.plan_document import build_plan_document, checklist_html
from osteo_lib.views.templates import render
from osteo_lib.views.widgets.base import Widget, container, resolve_catalog
from osteo_lib.views.widgets.batched import Today, today_function
from osteo_lib.views.widgets.explorer import close_tree
from osteo_lib.views.widgets.print_button import PrintButton

__all__ = ["PainPlan"]

_WIDE = {"description_width": "initial"}


class PainPlan(Widget):
    """Build "My pain plan". ``marked_source``: any object with a ``marked`` trait (the treatment explorer);
    ``questions_source``: a text widget holding the questions one per line (the provider summary's box);
    ``today``: the date printed on the plan, or a function giving it."""

    marked = t.Tuple()
    choices = t.Tuple(read_only=True)
    items = t.Tuple()
    questions = t.Unicode("")
    checklist = t.Tuple(read_only=True)
    message = t.Unicode("", read_only=True)
    print_href = t.Unicode("", read_only=True)

    def __init__(
        self,
        catalog: Catalog | None = None,
        *,
        marked_source: t.HasTraits | None = None,
        questions_source: w.Widget | None = None,
        today: Today = None,
    ) -> None:
        super().__init__()
        self.catalog = resolve_catalog(catalog)
        self._today = today_function(today)
        text = plan_texts()
        self.heading = w.HTML(str(render("plan/heading.html.j2", title=text["plan_title"], intro=text["plan_intro"])))
        self.choices_note = w.HTML()
        # radio buttons, not a drop-down: long names wrap on a phone instead of being cut off
        self.method_control = w.RadioButtons(description=text["pick_label"], style=_WIDE)
        self.method_control.add_class("ow-plan-pick")
        self.when_control = w.Dropdown(
            options=[(label, key) for key, label in when_labels().items()],
            description=text["when_label"],
            style=_WIDE,
        )
        self.minutes_control = w.Dropdown(description=text["minutes_label"], style=_WIDE)
        for control in (self.when_control, self.minutes_control):
            control.add_class("ow-methods-select")
            control.add_class("ow-plan-select")
        self.add_button = w.Button(description=text["add_button"], tooltip=text["add_tooltip"])
        self.add_button.add_class("ow-plan-add")
        self.add_button.on_click(lambda _b: self.add())
        self.status = w.HTML()
        self.items_box = w.VBox()
        self.items_box.add_class("ow-plan-items")
        self.remove_buttons: dict[str, w.Button] = {}
        self.checklist_html = w.HTML()
        self.checklist_html.add_class("ow-plan-checklist-widget")
        self.help_button = w.Button(description=text["worse_button"])
        self.help_button.add_class("ow-plan-help")
        self.questions_input = w.Textarea(
            description=text["questions_label"], style=_WIDE, layout=w.Layout(width="100%", max_width="40rem")
        )
        self.questions_input.add_class("ow-plan-questions")
        self.print_html = w.HTML()
        self.print_html.add_class("ow-plan-print")
        #: "Print my plan": prints the plan's page from a hidden frame (no new tab, no browser menu to find).
        self.printer = PrintButton(label=text["print_button"])
        self.printer.add_class("ow-plan-printer")

        self.method_control.observe(self._on_method, names="value")
        self._links: list[Any] = []
        self.marked_source = marked_source
        if marked_source is not None:
            self._links.append(t.dlink((marked_source, "marked"), (self, "marked"), tuple))
        if questions_source is not None:
            self._links.append(t.dlink((questions_source, "value"), (self, "questions")))
        else:
            self._links.append(t.link((self.questions_input, "value"), (self, "questions")))

        form = w.VBox(
            [self.choices_note, self.method_control, self.when_control, self.minutes_control, self.add_button]
        )
        form.add_class("ow-plan-form")
        self.container = container(
            self.heading,
            form,
            self.status,
            self.items_box,
            self.checklist_html,
            self.help_button,
            *(() if questions_source is not None else (self.questions_input,)),  # one questions box per page
            self.printer,
            self.print_html,
            cls="ow-plan",
        )
        self.observe(self._on_marked, names="marked")
        self.observe(self.update, names=["items", "questions"])
        self._on_marked()
        self.update()

    # --- state ------------------------------------------------------------------------------------
    @property
    def plan(self) -> Plan:
        """The plan as a :class:`~osteo_lib.care.plan.Plan` (items and cleaned questions)."""
        items = tuple(PlanItem(m, when, minutes) for m, when, minutes in self.items)
        return with_questions(Plan(items=items), self.questions)

    @t.validate("items")
    def _valid_items(self, proposal: dict[str, Any]) -> tuple[tuple[str, str, int | None], ...]:
        plan = Plan()
        for entry in proposal["value"]:
            method_id, when, minutes = entry
            plan = add_item(self.catalog, plan, method_id, when, minutes)  # PlanError names the problem
        return tuple((i.method_id, i.when, i.minutes) for i in plan.items)

    def add(self) -> bool:
        """Add the choice in the controls to the plan (what "Add to my plan" does). On a bad choice the plan
        is left as it was and ``message`` says what to change; returns whether it was added."""
        text = plan_texts()
        method_id = self.method_control.value
        try:
            plan = add_item(
                self.catalog, self.plan, method_id or "", self.when_control.value, self.minutes_control.value
            )
        except PlanError as exc:
            self._say(str(exc), ok=False)
            return False
        new = plan.items[-1]
        self.items = (*self.items, (new.method_id, new.when, new.minutes))
        self._say(text.format("added", name=self.catalog.method(new.method_id).name), ok=True)
        return True

    def remove(self, method_id: str) -> None:
        """Take one thing off the plan (what its "Take ... off my plan" button does)."""
        before = self.plan
        after = remove_item(before, method_id)
        if after.items != before.items:
            self.items = tuple((i.method_id, i.when, i.minutes) for i in after.items)
            self._say(plan_texts().format("removed", name=self.catalog.method(method_id).name), ok=True)

    def _say(self, message: str, *, ok: bool) -> None:
        self.set_trait("message", message)
        cls = "ow-ok" if ok else "ow-warning"
        self.status.value = str(render("plan/note.html.j2", text=message, cls=cls, role="status"))

    # --- controls ---------------------------------------------------------------------------------
    def _on_marked(self, change: object = None) -> None:
        text = plan_texts()
        methods = choosable_methods(self.catalog, self.marked)
        self.set_trait("choices", tuple(m.id for m in methods))
        marked_here = any(m in self.choices for m in self.marked)
        note = text["pick_marked_note" if marked_here else "pick_all_note"]
        self.choices_note.value = str(render("plan/note.html.j2", text=note, cls="ow-note", role=""))
        keep = self.method_control.value
        self.method_control.options = [(m.name, m.id) for m in methods]
        self.method_control.value = keep if keep in self.choices else (self.choices[0] if self.choices else None)
        self._on_method()

    def _on_method(self, change: object = None) -> None:
        text = plan_texts()
        method_id = self.method_control.value
        if not method_id:
            self.minutes_control.options = []
            return
        options = minute_choices(self.catalog.method(method_id))
        self.minutes_control.options = [
            (text["minutes_none"] if m is None else text.format("minutes_value", minutes=m), m) for m in options
        ]

    # --- view -------------------------------------------------------------------------------------
    def update(self, change: object = None) -> None:
        """Recompute the item rows, the checklist and the printable page from ``items`` and ``questions``."""
        text = plan_texts()
        plan = self.plan
        lines = checklist(self.catalog, plan)
        with self.container.hold_sync():
            self.set_trait("checklist", lines.items)
            rows = []
            for item in plan.items:
                button = self.remove_buttons.get(item.method_id)
                if button is None:
                    name = self.catalog.method(item.method_id).name
                    button = w.Button(description=text.format("remove_button", name=name))
                    button.add_class("ow-plan-remove")
                    button.on_click(lambda _b, mid=item.method_id: self.remove(mid))
                    self.remove_buttons[item.method_id] = button
                rows.append(button)
            for mid in [m for m in self.remove_buttons if m not in plan.method_ids]:
                self.remove_buttons.pop(mid).close()
            self.items_box.children = tuple(rows)
            self.checklist_html.value = str(checklist_html(self.catalog, plan))
            document = build_plan_document(self.catalog, plan, self._today())
            self.set_trait("print_href", data_uri(document.encode("utf-8"), "text/html"))
            self.printer.document = document
            self.print_html.value = str(
                render(
                    "plan/print.html.j2",
                    href=self.print_href,
                    filename=plan_filename(self._today()),
                    label=text["print_link"],
                    hint=text["print_hint"],
                )
            )

    def close(self) -> None:
        for link in self._links:
            link.unlink()
        close_tree(self.container)
