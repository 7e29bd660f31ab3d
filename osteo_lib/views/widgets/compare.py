"""Option comparison grid: two or three methods side by side in one accessible table.

Usage (a notebook cell)::

    from osteo_lib.views.widgets.compare import ComparisonGrid
    grid = ComparisonGrid(picked=["heat", "cold"])   # or ComparisonGrid() and tick boxes
    grid.container

State: ``picked`` (method ids in the order ticked; set it to tick boxes from code), ``error`` (the message
shown when fewer than two or more than three are picked, else ""), ``rows`` (the table shown, as
``(question, [answers])`` pairs from :func:`osteo_lib.care.treatments.comparison_rows`; empty on error).

The "What studies show" row gives each method's evidence label with its three-step bar and the evidence
text; students (``audience="student"``) also get the study type and what the evidence is for, and may
pick the methods kept for students (``patient_option: false``), which patients are never offered.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as w
import traitlets as t

from osteo_lib.content.catalog import Catalog
from osteo_lib.content.model import CATEGORY_LABELS, Evidence
from osteo_lib.care.treatments import (
    STUDENT_TEXT,
    TEXT,
    Audience,
    check_picks,
    comparison_rows,
    names_sentence,
    offered_method,
    offered_methods,
)
from osteo_lib.views.widgets.base import Widget, container, esc, join, resolve_catalog, tag
from osteo_lib.views.widgets.explorer import close_tree, evidence_bar_html


def table_html(names: Sequence[str], rows: Sequence[tuple[str, Sequence[str]]],
               evidence: Sequence[Evidence | None] = ()) -> str:
    """A real table: caption, one ``th scope="col"`` per method and one ``th scope="row"`` per question.
    Multi-line answers become lists; "Our sources do not say." cells carry a class for styling. With
    ``evidence`` (one per method), the "What studies show" cells start with the three-step bar (hidden
    from screen readers there: the cell's first line says the same in words)."""
    head = tag("tr", tag("th", TEXT["compare_question"], scope="col")
               + join(tag("th", n, scope="col") for n in names), raw=True)
    body = []
    for question, answers in rows:
        cells = []
        for i, answer in enumerate(answers):
            lines = answer.split("\n")
            items = [esc(line) for line in lines]
            bar = evidence[i] if question == TEXT["q_evidence"] and i < len(evidence) else None
            if bar is not None:
                items[0] = evidence_bar_html(bar, labelled=False) + " " + items[0]
            if bar is not None:  # the label, then the text: two short paragraphs, not a list
                content = join(tag("p", item, raw=True, cls=f"ow-compare-evidence__{part}")
                               for part, item in zip(("label", "text"), items, strict=False))
            elif len(lines) > 1:
                content = tag("ul", join(tag("li", item, raw=True) for item in items), raw=True)
            else:
                content = items[0]
            cls = "ow-compare-not-said" if answer == TEXT["not_said"] else (
                "ow-compare-evidence" if bar is not None else None)
            cells.append(tag("td", content, cls=cls, raw=True))
        body.append(tag("tr", tag("th", question, scope="row") + join(cells), raw=True))
    table = tag("table", tag("caption", TEXT["compare_caption"].format(names=names_sentence(list(names))))
                + tag("thead", head, raw=True) + tag("tbody", join(body), raw=True), cls="ow-compare-table", raw=True)
    # A scrollable region must be reachable by keyboard and have a name.
    return tag("div", table, cls="ow-compare-scroll", raw=True, role="region", tabindex="0",
               aria_label=TEXT["compare_region"])


class ComparisonGrid(Widget):
    """Pick two or three methods and compare them in one table.

    Example::

        grid = ComparisonGrid()
        grid.picked = ["heat", "tens"]     # or tick the boxes
        grid.rows                          # [(question, [answer per method]), ...]
        grid.container
    """

    picked = t.List(t.Unicode())
    error = t.Unicode("", read_only=True)
    rows: t.List[tuple[str, list[str]]] = t.List(read_only=True)

    def __init__(self, catalog: Catalog | None = None, *, picked: Sequence[str] = (),
                 audience: Audience = "patient", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if audience not in ("patient", "student"):
            raise ValueError(f"audience must be 'patient' or 'student', not {audience!r}")
        self.catalog = resolve_catalog(catalog)
        self.audience: Audience = audience
        self.offered = offered_methods(self.catalog, audience)
        self.pick_controls: dict[str, w.Checkbox] = {}
        groups = []
        for category, label in CATEGORY_LABELS.items():
            methods = [m for m in self.offered if m.category == category]
            if not methods:
                continue
            boxes = []
            for m in methods:
                name = m.name if m.patient_option else f"{m.name} ({STUDENT_TEXT['students_only'].rstrip('.')})"
                box = w.Checkbox(description=name, indent=False)
                box.add_class("ow-methods-check")
                box.observe(lambda change, mid=m.id: self._on_pick(mid, change), names="value")
                self.pick_controls[m.id] = box
                boxes.append(box)
            grid = w.Box(boxes)
            grid.add_class("ow-compare-picks")
            group = w.VBox([w.HTML(tag("h3", label, cls="ow-compare-group")), grid])
            groups.append(group)
        self.message = w.HTML()
        self.message.add_class("ow-compare-message")
        self.table = w.HTML()
        self.table.add_class("ow-compare-output")
        heading = w.HTML(tag("h2", TEXT["compare_title"]) + tag("p", TEXT["compare_intro"]))
        picks = w.VBox(groups)
        picks.add_class("ow-compare-pickers")
        self.container = container(heading, picks, self.message, self.table, cls="ow-methods-compare")
        self.observe(self._render, names="picked")
        if picked:
            self.picked = list(picked)
        else:
            self._render()

    @t.validate("picked")
    def _valid_picked(self, proposal: dict[str, Any]) -> list[str]:
        for mid in proposal["value"]:
            offered_method(self.catalog, mid, self.audience)  # UnknownIdError: a typo, or students only
        return list(dict.fromkeys(proposal["value"]))

    def _on_pick(self, method_id: str, change: dict[str, Any]) -> None:
        if change["new"] and method_id not in self.picked:
            self.picked = [*self.picked, method_id]
        elif not change["new"] and method_id in self.picked:
            self.picked = [p for p in self.picked if p != method_id]

    def _render(self, _change: dict[str, Any] | None = None) -> None:
        ids = list(self.picked)
        problem = check_picks(ids)
        rows = [] if problem else comparison_rows(self.catalog, ids, self.audience)
        with self.container.hold_sync():
            self.set_trait("error", problem)
            self.set_trait("rows", rows)
            for mid, box in self.pick_controls.items():
                box.value = mid in ids
            # Nothing picked yet is a hint, not a mistake.
            self.message.value = tag("p", problem, cls="ow-note" if not ids else "ow-warning", role="status") \
                if problem else ""
            methods = [self.catalog.method(i) for i in ids]
            self.table.value = "" if problem else table_html([m.name for m in methods], rows,
                                                             [m.evidence for m in methods])

    def close(self) -> None:
        """Close every widget this grid made."""
        close_tree(self.container)
