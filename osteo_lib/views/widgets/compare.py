"""Option comparison grid: two or three methods side by side in one accessible table.

Usage (a notebook cell)::

    from osteo_lib.views.widgets.compare import ComparisonGrid
    grid = ComparisonGrid(picked=["heat", "cold"])   # or ComparisonGrid() and tick boxes
    grid

State: ``picked`` (method ids in the order ticked; set it to tick boxes from code), ``error`` (the message
shown when fewer than two or more than three are picked, else ""), ``rows`` (the table shown, as
``(question, [answers])`` pairs from :func:`osteo_lib.care.treatments.comparison_rows`; empty on error).
Named parts: ``heading``, ``pick_controls`` (a checkbox per method id), ``message`` and ``table``;
:meth:`ComparisonGrid.update` recomputes them.

The "What studies show" row gives each method's evidence label with its three-step bar and the evidence
text; students (``audience="student"``) also get the study type and what the evidence is for, and may
pick the methods kept for students (``patient_option: false``), which patients are never offered.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as w
import traitlets as t

from osteo_lib.care.treatments import (
    Audience,
    check_picks,
    comparison_rows,
    names_sentence,
    offered_method,
    offered_methods,
    student_texts,
    texts,
)
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.model import Evidence, category_labels
from osteo_lib.views.templates import Markup, render
from osteo_lib.views.widgets.base import Widget, container, resolve_catalog
from osteo_lib.views.widgets.explorer import close_tree, evidence_bar

__all__ = ["ComparisonGrid", "table_html"]


def _cell(answer: str, bar: Evidence | None, *, steps: bool = False) -> dict[str, object]:
    """One answer cell: its class, how it is laid out and its lines (the evidence bar first, if any).
    ``steps``: the lines are steps in order (a numbered list)."""
    text = texts()
    lines = answer.split("\n")
    cls = "ow-compare-not-said" if answer == text["not_said"] else ("ow-compare-evidence" if bar is not None else None)
    kind = "evidence" if bar is not None else ("list" if len(lines) > 1 else "plain")
    if steps and kind == "list":
        kind = "steps"
    # the bar is hidden from screen readers here: the cell's first line says the same in words
    return {
        "cls": cls,
        "kind": kind,
        "lines": lines,
        "bar": evidence_bar(bar, labelled=False) if bar is not None else Markup(""),
    }


def table_html(
    names: Sequence[str],
    rows: Sequence[tuple[str, Sequence[str]]],
    evidence: Sequence[Evidence | None] = (),
    *,
    more: bool = False,
) -> str:
    """A real table: caption, one ``th scope="col"`` per method and one ``th scope="row"`` per question.
    Multi-line answers become lists; "Our sources do not say." cells carry a class for styling. With
    ``evidence`` (one per method), the "What studies show" cells start with the three-step bar (hidden
    from screen readers there: the cell's first line says the same in words). The "How to use it" answers
    are numbered lists. ``more``: a line after it says where the rest is (the cards' "More about ...")."""
    text = texts()
    table_rows = []
    for question, answers in rows:
        bars = [
            evidence[i] if question == text["q_evidence"] and i < len(evidence) else None for i in range(len(answers))
        ]
        steps = question == text["q_steps"]
        table_rows.append(
            {
                "question": question,
                "cells": [_cell(a, bar, steps=steps) for a, bar in zip(answers, bars, strict=True)],
            }
        )
    return str(
        render(
            "methods/compare_table.html.j2",
            region=text["compare_region"],
            question=text["compare_question"],
            caption=text.format("compare_caption", names=names_sentence(list(names))),
            names=names,
            rows=table_rows,
            more=text["compare_more"] if more else "",
        )
    )


class ComparisonGrid(Widget):
    """Pick two or three methods and compare them in one table.

    Example::

        grid = ComparisonGrid()
        grid.picked = ["heat", "tens"]     # or tick the boxes
        grid.rows                          # [(question, [answer per method]), ...]
        grid
    """

    picked = t.List(t.Unicode())
    error = t.Unicode("", read_only=True)
    rows: t.List[tuple[str, list[str]]] = t.List(read_only=True)

    def __init__(
        self,
        catalog: Catalog | None = None,
        *,
        picked: Sequence[str] = (),
        audience: Audience = "patient",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if audience not in ("patient", "student"):
            raise ValueError(f"audience must be 'patient' or 'student', not {audience!r}")
        self.catalog = resolve_catalog(catalog)
        self.audience: Audience = audience
        self.offered = offered_methods(self.catalog, audience)
        self.pick_controls: dict[str, w.Checkbox] = {}
        groups = []
        for category, label in category_labels(audience).items():
            methods = [m for m in self.offered if m.category == category]
            if not methods:
                continue
            boxes = []
            for m in methods:
                name = m.name if m.patient_option else f"{m.name} ({student_texts()['students_only'].rstrip('.')})"
                box = w.Checkbox(description=name, indent=False)
                box.add_class("ow-methods-check")
                box.observe(lambda change, mid=m.id: self._on_pick(mid, change), names="value")
                self.pick_controls[m.id] = box
                boxes.append(box)
            grid = w.Box(boxes)
            grid.add_class("ow-compare-picks")
            title = render("methods/title.html.j2", level=3, cls="ow-compare-group", title=label)
            group = w.VBox([w.HTML(str(title)), grid])
            groups.append(group)
        self.message = w.HTML()
        self.message.add_class("ow-compare-message")
        self.table = w.HTML()
        self.table.add_class("ow-compare-output")
        text = texts()
        self.heading = w.HTML(
            str(render("methods/title.html.j2", title=text["compare_title"], intro=text["compare_intro"]))
        )
        picks = w.VBox(groups)
        picks.add_class("ow-compare-pickers")
        self.container = container(self.heading, picks, self.message, self.table, cls="ow-methods-compare")
        self.observe(self.update, names="picked")
        if picked:
            self.picked = list(picked)
        else:
            self.update()

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

    def update(self, change: object = None) -> None:
        """Recompute the message and the table from ``picked``, and tick the boxes to match."""
        ids = list(self.picked)
        problem = check_picks(ids)
        rows = [] if problem else comparison_rows(self.catalog, ids, self.audience)
        with self.container.hold_sync():
            self.set_trait("error", problem)
            self.set_trait("rows", rows)
            for mid, box in self.pick_controls.items():
                box.value = mid in ids
            # Nothing picked yet is a hint, not a mistake.
            self.message.value = (
                ""
                if not problem
                else str(
                    render(
                        "methods/note.html.j2",
                        text=problem,
                        cls="ow-note" if not ids else "ow-warning",
                        role="status",
                    )
                )
            )
            methods = [self.catalog.method(i) for i in ids]
            self.table.value = (
                ""
                if problem
                else table_html(
                    [m.name for m in methods],
                    rows,
                    [m.evidence for m in methods],
                    more=self.audience == "patient",
                )
            )

    def close(self) -> None:
        """Close every widget this grid made."""
        close_tree(self.container)
