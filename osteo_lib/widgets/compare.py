"""Option comparison grid: two or three methods side by side in one accessible table.

Usage (a notebook cell)::

    from osteo_lib.widgets.compare import ComparisonGrid
    grid = ComparisonGrid(picked=["heat", "cold"])   # or ComparisonGrid() and tick boxes
    grid.container

State: ``picked`` (method ids in the order ticked; set it to tick boxes from code), ``error`` (the message
shown when fewer than two or more than three are picked, else ""), ``rows`` (the table shown, as
``(question, [answers])`` pairs from :func:`osteo_lib.treatments.comparison_rows`; empty on error).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as w
import traitlets as t

from osteo_lib.catalog import Catalog
from osteo_lib.model import CATEGORY_LABELS
from osteo_lib.treatments import TEXT, check_picks, comparison_rows, names_sentence
from osteo_lib.widgets._base import container, esc, join, resolve_catalog, tag
from osteo_lib.widgets.explorer import close_tree


def table_html(names: Sequence[str], rows: Sequence[tuple[str, Sequence[str]]]) -> str:
    """A real table: caption, one ``th scope="col"`` per method and one ``th scope="row"`` per question.
    Multi-line answers become lists; "Our sources do not say." cells carry a class for styling."""
    head = tag("tr", tag("th", TEXT["compare_question"], scope="col")
               + join(tag("th", n, scope="col") for n in names), raw=True)
    body = []
    for question, answers in rows:
        cells = []
        for answer in answers:
            lines = answer.split("\n")
            content = tag("ul", join(tag("li", line) for line in lines), raw=True) if len(lines) > 1 else esc(answer)
            cls = "ow-compare-not-said" if answer == TEXT["not_said"] else None
            cells.append(tag("td", content, cls=cls, raw=True))
        body.append(tag("tr", tag("th", question, scope="row") + join(cells), raw=True))
    table = tag("table", tag("caption", TEXT["compare_caption"].format(names=names_sentence(list(names))))
                + tag("thead", head, raw=True) + tag("tbody", join(body), raw=True), cls="ow-compare-table", raw=True)
    # A scrollable region must be reachable by keyboard and have a name.
    return tag("div", table, cls="ow-compare-scroll", raw=True, role="region", tabindex="0",
               aria_label=TEXT["compare_region"])


class ComparisonGrid(t.HasTraits):
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

    def __init__(self, catalog: Catalog | None = None, *, picked: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.catalog = resolve_catalog(catalog)
        self.pick_controls: dict[str, w.Checkbox] = {}
        groups = []
        for category, label in CATEGORY_LABELS.items():
            methods = [m for m in self.catalog.methods if m.category == category]
            if not methods:
                continue
            boxes = []
            for m in methods:
                box = w.Checkbox(description=m.name, indent=False)
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
            self.catalog.method(mid)  # UnknownIdError for a typo
        return list(dict.fromkeys(proposal["value"]))

    def _on_pick(self, method_id: str, change: dict[str, Any]) -> None:
        if change["new"] and method_id not in self.picked:
            self.picked = [*self.picked, method_id]
        elif not change["new"] and method_id in self.picked:
            self.picked = [p for p in self.picked if p != method_id]

    def _render(self, _change: dict[str, Any] | None = None) -> None:
        ids = list(self.picked)
        problem = check_picks(ids)
        rows = [] if problem else comparison_rows(self.catalog, ids)
        with self.container.hold_sync():
            self.set_trait("error", problem)
            self.set_trait("rows", rows)
            for mid, box in self.pick_controls.items():
                box.value = mid in ids
            # Nothing picked yet is a hint, not a mistake.
            self.message.value = tag("p", problem, cls="ow-note" if not ids else "ow-warning", role="status") \
                if problem else ""
            names = [self.catalog.method(i).name for i in ids]
            self.table.value = "" if problem else table_html(names, rows)

    def close(self) -> None:
        """Close every widget this grid made."""
        close_tree(self.container)
