"""The NGN layouts of the knowledge checks' matrix and bowtie items (:mod:`osteo_lib.views.widgets.quiz`).

Why an anywidget and not ipywidgets controls in a CSS grid: a matrix needs a real ``<table>`` (column
headers ``<th scope="col">``, row statements ``<th scope="row">``) so a screen reader says the row and the
column of each cell, and one radio *group* per row (native ``<input type="radio">`` sharing a ``name``:
Tab enters the row, the arrow keys move along it). ipywidgets has no table and each RadioButtons widget is
its own group, so a grid of them would announce neither headers nor rows. So, as
:class:`~osteo_lib.views.widgets.drag_drop.DragDrop` does, Python holds the state and builds the HTML from
Jinja templates (``quiz/grid.html.j2``, ``quiz/bowtie.html.j2``); ``static/ngn_layout.js`` draws it and
reports each change (a message ``{"action": "set", "part": ..., "choice": ..., "on": ...}``). Every rule
lives here; tests drive the same :meth:`choose` a click or a key press calls.

* :class:`ChoiceGrid` (matrix and matrix_multiple items): a table, one row per statement, one column per
  option, a radio button (``multiple=False``: one per row) or a checkbox (``multiple=True``) in each cell.
  Each control's accessible name is "row statement: column" (``grid_cell_label``). On a narrow screen
  (under 480 px) each row becomes a block with the column names beside its controls (CSS only).
* :class:`BowtieBoard` (bowtie items): the bowtie (actions to take on the left, the condition most likely
  in the centre, the parameters to monitor on the right) with a slot per answer showing what was chosen,
  and below it the three option lists (checkboxes for actions and parameters, radio buttons for the
  condition). A tick beyond a part's number is refused and said in a live region. On a narrow screen the
  three columns stack.

State for tests: ``value`` (part or row id -> the chosen ids, in display order), ``disabled``,
``announcement`` and ``markup``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import anywidget
import traitlets as t

from osteo_lib.content.ui import UiTexts, ui_texts
from osteo_lib.views.templates import render

__all__ = ["BowtieBoard", "BowtieColumn", "ChoiceGrid"]

STATIC = Path(__file__).resolve().parents[1] / "static"


def _texts() -> UiTexts:
    return ui_texts("quiz")


class _Choices(anywidget.AnyWidget):
    """What the grid and the bowtie share: the value, the browser's messages and the redraw."""

    _esm = STATIC / "ngn_layout.js"
    markup = t.Unicode("").tag(sync=True)
    announcement = t.Unicode("").tag(sync=True)
    disabled = t.Bool(False).tag(sync=True)
    #: Raised to redraw when the markup stays the same (a refused tick the browser already showed ticked).
    revision = t.Int(0).tag(sync=True)
    #: The number (``seq``) of the browser's latest change handled: the browser draws the markup only once it
    #: has caught up with every change it sent, so a quick second key press is never undone by the answer to
    #: the first (the arrow keys in a radio group send one change per press).
    answered = t.Int(0).tag(sync=True)
    #: Part (a matrix row, a bowtie part) -> the chosen ids, in display order.
    value = t.Dict(t.List(t.Unicode()), default_value={})

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.on_msg(self._on_msg)
        self.observe(self._draw, names=["value", "disabled"])

    def _options(self, part: str) -> tuple[list[str], bool]:  # the part's ids in order, and one only or many
        raise NotImplementedError

    def _limit(self, part: str) -> int | None:  # how many the part takes at most (None: no limit)
        return None

    def choose(self, part: str, choice: str, on: bool = True) -> None:
        """Tick (``on``) or untick ``choice`` in ``part``; where one only is allowed, it replaces the one
        there. A tick beyond the part's limit is refused and said in ``announcement``."""
        ids, multiple = self._options(part)
        if choice not in ids:
            raise ValueError(f"unknown choice {choice!r} in {part!r}; known: {', '.join(ids)}")
        now = list(self.value.get(part, []))
        if not multiple:
            new = [choice] if on else [c for c in now if c != choice]
        elif on and choice not in now:
            limit = self._limit(part)
            if limit is not None and len(now) >= limit:
                self.announcement = _texts().format("too_many", n=limit)
                self.revision += 1  # the browser ticked the box: draw it unticked again
                return
            new = [c for c in ids if c in now or c == choice]
        else:
            new = [c for c in now if c != choice or on]
        self.announcement = ""
        value = {p: v for p, v in self.value.items() if p != part}
        if new:
            value[part] = new
        self.value = value

    def clear(self) -> None:
        """Every answer taken back."""
        self.value, self.announcement = {}, ""

    def _on_msg(self, _widget: Any, content: Any, _buffers: Any = None) -> None:
        if not isinstance(content, dict):
            return
        seq = content.get("seq")
        with self.hold_sync():  # (the answer goes with what the change did, in one update)
            try:
                self._apply(content)
            finally:
                if isinstance(seq, int) and not isinstance(seq, bool) and seq > self.answered:
                    self.answered = seq

    def _apply(self, content: dict[str, Any]) -> None:
        """Do what one message from the browser asks (nothing when locked or stale)."""
        if self.disabled or content.get("action") != "set":
            return
        part, choice = content.get("part"), content.get("choice")
        if not isinstance(part, str) or not isinstance(choice, str):
            return
        with contextlib.suppress(ValueError):  # a stale message about an element drawn before
            self.choose(part, choice, bool(content.get("on", True)))

    def _draw(self, _change: object = None) -> None:
        raise NotImplementedError


class ChoiceGrid(_Choices):
    """A matrix item as a table: radio buttons (one per row) or checkboxes (``multiple=True``)."""

    def __init__(
        self,
        *,
        rows: Sequence[tuple[str, str]],
        columns: Sequence[tuple[str, str]],
        multiple: bool = False,
        caption: str = "",
        **kwargs: Any,
    ) -> None:
        """``rows`` and ``columns``: (id, text) in display order; ``caption``: the table's caption (how to answer)."""
        if not rows or not columns:
            raise ValueError("ChoiceGrid needs at least one row and one column")
        self.rows = list(rows)
        self.columns = list(columns)
        self.multiple = multiple
        self.caption = caption
        super().__init__(**kwargs)
        self.add_class("ow-ngn-grid-widget")
        self._draw()

    def _options(self, part: str) -> tuple[list[str], bool]:
        if part not in dict(self.rows):
            raise ValueError(f"unknown row {part!r}; known: {', '.join(r for r, _ in self.rows)}")
        return [c for c, _ in self.columns], self.multiple

    def _draw(self, _change: object = None) -> None:
        self.markup = str(
            render(
                "quiz/grid.html.j2",
                rows=self.rows,
                columns=self.columns,
                kind="checkbox" if self.multiple else "radio",
                caption=self.caption,
                value=self.value,
                disabled=self.disabled,
                text=_texts(),
                uid=self.model_id,
            )
        )


class BowtieColumn:
    """One part of a bowtie as shown: its name, its prompt, how many to choose and its choices (id, text)."""

    def __init__(self, part: str, name: str, prompt: str, expected: int, choices: Sequence[tuple[str, str]]) -> None:
        self.part, self.name, self.prompt, self.expected, self.choices = part, name, prompt, expected, list(choices)


class BowtieBoard(_Choices):
    """A bowtie item: the bowtie's slots (what was chosen) above the three option lists."""

    #: Left to right on the bowtie.
    LAYOUT = ("actions", "condition", "parameters")

    def __init__(self, *, columns: Sequence[BowtieColumn], label: str = "", **kwargs: Any) -> None:
        parts = {c.part: c for c in columns}
        if sorted(parts) != sorted(self.LAYOUT):
            raise ValueError(f"BowtieBoard needs the parts {', '.join(self.LAYOUT)}; got {', '.join(parts)}")
        if parts["condition"].expected != 1:
            raise ValueError("BowtieBoard: the condition part takes exactly one answer")
        self.parts = parts
        self.label = label
        super().__init__(**kwargs)
        self.add_class("ow-ngn-bowtie-widget")
        self._draw()

    def _options(self, part: str) -> tuple[list[str], bool]:
        if part not in self.parts:
            raise ValueError(f"unknown bowtie part {part!r}; the parts are {', '.join(self.LAYOUT)}")
        return [c for c, _ in self.parts[part].choices], part != "condition"

    def _limit(self, part: str) -> int | None:
        return self.parts[part].expected

    def _draw(self, _change: object = None) -> None:
        text = _texts()
        columns = []
        for name in self.LAYOUT:
            col = self.parts[name]
            chosen = dict(col.choices)
            picked = [chosen[c] for c in self.value.get(name, [])]
            slots = [picked[i] if i < len(picked) else "" for i in range(col.expected)]
            columns.append({"col": col, "slots": slots, "chosen": self.value.get(name, [])})
        self.markup = str(
            render(
                "quiz/bowtie.html.j2",
                columns=columns,
                label=self.label,
                disabled=self.disabled,
                text=text,
                uid=self.model_id,
            )
        )
