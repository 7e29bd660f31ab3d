"""What matters to me: a short values-clarification step (IPDAS) after exploring the options.

The person ticks what matters most to them (at home, no pills, fast relief, low cost, low risk). The
options in the treatment explorer are then ordered by how many of those priorities each one fits (ties
keep data order; options the person should avoid go last), and a short list shows the best fits with
what each one fits and how strong its evidence is. The choices also go into the provider summary.

Usage (a notebook cell)::

    from osteo_lib.views.widgets.explorer import TreatmentExplorer
    from osteo_lib.views.widgets.priorities import WhatMattersToMe
    explorer = TreatmentExplorer()
    step = WhatMattersToMe(explorer)       # ticks here reorder the explorer's cards
    step

State: ``chosen`` (priority ids in checkbox order; set it or tick ``controls``), ``ranked_ids`` (the ids in
the short list, best fit first). Named parts: ``heading``, ``controls`` (a checkbox per priority) and
``ranked`` (the short list); :meth:`WhatMattersToMe.update` recomputes them.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import traitlets as t

from osteo_lib.care.treatments import (
    Audience,
    Filters,
    check_priorities,
    evidence_label,
    filter_methods,
    fits_text,
    order_by_priorities,
    priority_labels,
    texts,
)
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.model import MethodMatch
from osteo_lib.views.templates import render
from osteo_lib.views.widgets.base import Widget, container, resolve_catalog
from osteo_lib.views.widgets.explorer import TreatmentExplorer, close_tree, evidence_bar

__all__ = ["MAX_RANKED", "WhatMattersToMe", "ranked_html"]

#: How many options the short list shows (the explorer above shows them all, in the same order).
MAX_RANKED = 5


def ranked_html(matches: list[MethodMatch], chosen: tuple[str, ...]) -> str:
    """The short "best fit first" list: each option's name, what it fits, its evidence and, for an option
    to avoid, a warning."""
    items = (
        [
            {
                "id": match.method.id,
                "name": match.method.name,
                "fits": fits_text(match.method, chosen),
                "bar": evidence_bar(match.method.evidence) if match.method.evidence is not None else "",
                "evidence": evidence_label(match.method.evidence),
                "avoid": match.excluded,
            }
            for match in matches[:MAX_RANKED]
        ]
        if chosen
        else []
    )
    return str(
        render("methods/ranked.html.j2", text=texts(), chosen=chosen, items=items, more=len(matches) - MAX_RANKED)
    )


class WhatMattersToMe(Widget):
    """Tick what matters; the options are ordered by how many of the ticked priorities they fit.

    ``explorer``: the treatment explorer whose cards to reorder and whose filters (kind, conditions...)
    the short list follows. Without one, the list covers every option offered to ``audience``.

    Example::

        step = WhatMattersToMe(explorer)
        step.controls["no_pills"].value = True     # what ticking the box does
        step.chosen, explorer.priorities           # ('no_pills',) ('no_pills',)
        step.ranked_ids                            # best fit first
    """

    chosen = t.Tuple()  # the priorities ticked, in checkbox order
    ranked_ids = t.Tuple(read_only=True)  # ids in the short list, best fit first

    def __init__(
        self,
        explorer: TreatmentExplorer | None = None,
        *,
        catalog: Catalog | None = None,
        audience: Audience = "patient",
    ) -> None:
        super().__init__()
        self._syncing = False
        self.explorer = explorer
        self.catalog = explorer.catalog if explorer is not None else resolve_catalog(catalog)
        self.audience: Audience = explorer.audience if explorer is not None else audience
        self.controls: dict[str, w.Checkbox] = {
            p: w.Checkbox(description=label, indent=False) for p, label in priority_labels().items()
        }
        for p, box in self.controls.items():
            box.add_class("ow-methods-check")
            box.add_class(f"ow-priorities__check--{p}")
            box.observe(self._on_box, names="value")
        self.ranked = w.HTML()
        self.ranked.add_class("ow-priorities__ranked")
        text = texts()
        self.heading = w.HTML(
            str(
                render(
                    "methods/title.html.j2",
                    level=3,
                    title=text["priorities_title"],
                    intro=text["priorities_intro"],
                )
            )
        )
        checks = w.VBox(list(self.controls.values()))
        checks.add_class("ow-priorities__checks")
        self.container = container(self.heading, checks, self.ranked, cls="ow-priorities")
        if explorer is not None:
            # linked first, so the explorer is reordered before this step's own list is drawn
            self._link = t.link((self, "chosen"), (explorer, "priorities"))
            explorer.observe(self.update, names="shown_ids")
        self.observe(self.update, names="chosen")
        self.update()

    @t.validate("chosen")
    def _valid_chosen(self, proposal: dict[str, Any]) -> tuple[str, ...]:
        return check_priorities(proposal["value"])

    def _on_box(self, _change: dict[str, Any]) -> None:
        if not self._syncing:  # a tick by the person, not update() moving the boxes to match ``chosen``
            self.chosen = tuple(p for p, box in self.controls.items() if box.value)

    def _matches(self) -> list[MethodMatch]:
        if self.explorer is not None:
            return self.explorer.matches()
        return order_by_priorities(filter_methods(self.catalog, Filters(audience=self.audience)), self.chosen)

    def update(self, change: object = None) -> None:
        """Tick the boxes to match ``chosen`` and recompute the short list."""
        matches = self._matches() if self.chosen else []
        with self.container.hold_sync():
            self._syncing = True
            try:
                for p, box in self.controls.items():
                    box.value = p in self.chosen
            finally:
                self._syncing = False
            self.set_trait("ranked_ids", tuple(m.method.id for m in matches[:MAX_RANKED]))
            self.ranked.value = ranked_html(matches, self.chosen)

    def close(self) -> None:
        """Close every widget of this step (the explorer is left open)."""
        if self.explorer is not None:
            self._link.unlink()
            self.explorer.unobserve(self.update, names="shown_ids")
        close_tree(self.container)
