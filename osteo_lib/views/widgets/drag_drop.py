"""Drag and drop answers with a keyboard path: NGN drag-and-drop cloze / rationale and extended
drag-and-drop (ordering), for the knowledge checks (:mod:`osteo_lib.views.widgets.quiz`).

:class:`DragDrop` is a small anywidget (``osteo_lib/views/static/drag_drop.js``). Python holds the
state and builds the HTML from ``templates/quiz/drag_drop.html.j2``; the browser only reports what the
learner did (a message ``{"action": ..., ...}``), so every rule lives here and tests drive it through
the same methods a key press or a drop calls.

Two modes:

* ``gaps`` (drag_drop items): a sentence with gaps and a pool of tokens. Mouse: drag a token onto a gap
  (a token already there goes back to the pool); drag a placed token back onto the pool to take it out.
  Keyboard: every token and every gap is a native ``<button>``. Enter or Space on a token picks it up
  (``aria-pressed="true"``); Enter or Space on a gap then puts the picked token there. Enter on a filled
  gap with nothing picked takes its token back to the pool.
* ``order`` (ordering items): the steps to place and "your order", a numbered list. Mouse: drag a step
  onto a place in the list (it goes before the step there) or onto the list's end. Keyboard: Enter on a
  step adds it at the end; each placed step has buttons Move up, Move down and Take out.

Each change is said in a polite live region (``announcement``), e.g. "'hold the dose' is now in gap 1
(What the nurse should do first)." The focus goes where the moved token or step now is (``focus``).

Example::

    from osteo_lib.views.widgets.drag_drop import DragDrop
    board = DragDrop(mode="order", tokens=[("a", "Check the area"), ("b", "Roll as one unit")])
    board.add("b"); board.add("a"); board.move("a", -1)
    board.sequence       # ['a', 'b']

State for tests: ``placed`` (gap id -> token id), ``sequence`` (ordered ids), ``picked`` (the token
picked up by keyboard, ``""`` when none), ``announcement``, ``focus`` and ``markup``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import anywidget
import traitlets as t

from osteo_lib.content.ui import UiTexts, ui_texts
from osteo_lib.views.templates import render

__all__ = ["DragDrop"]

STATIC = Path(__file__).resolve().parents[1] / "static"


class DragDrop(anywidget.AnyWidget):
    """Tokens dragged into gaps (``mode="gaps"``) or steps put in order (``mode="order"``)."""

    _esm = STATIC / "drag_drop.js"
    markup = t.Unicode("").tag(sync=True)
    announcement = t.Unicode("").tag(sync=True)
    #: The data-key of the element that should hold the focus after the last change.
    focus = t.Unicode("").tag(sync=True)
    disabled = t.Bool(False).tag(sync=True)
    #: gaps: gap id -> token id (gaps left out are empty).
    placed = t.Dict(t.Unicode(), default_value={})
    #: order: the placed step ids, first to last.
    sequence = t.List(t.Unicode(), default_value=[])
    #: The token picked up by keyboard (Enter on a token), waiting for a gap; "" when none.
    picked = t.Unicode("")

    def __init__(
        self,
        *,
        mode: str,
        tokens: Sequence[tuple[str, str]],
        sentence: Sequence[tuple[str, str]] = (),
        gaps: Sequence[tuple[str, str]] = (),
        label: str = "",
        **kwargs: Any,
    ) -> None:
        """``tokens``: (id, text) in display order; ``sentence``: the sentence as pieces ("text", words) and
        ("gap", gap id) in reading order; ``gaps``: (id, label) of each gap, its accessible name."""
        if mode not in ("gaps", "order"):
            raise ValueError(f"DragDrop mode is 'gaps' or 'order', not {mode!r}")
        self.mode = mode
        self.tokens = dict(tokens)
        self.token_order = [tid for tid, _ in tokens]
        self.sentence = list(sentence)
        self.gaps = dict(gaps)
        self.label = label
        super().__init__(**kwargs)
        self.add_class("ow-dragdrop-widget")
        self.on_msg(self._on_msg)
        self.observe(self._draw, names=["placed", "sequence", "picked", "disabled"])
        self._draw()

    # --- what the learner does (a key press or a drop in the browser calls these) ---------------------
    def pick(self, token: str) -> None:
        """Keyboard: pick up ``token`` (again: put it down)."""
        self._token(token)
        if self.mode == "order":
            self.add(token)
            return
        self.picked = "" if self.picked == token else token
        text = self._texts()
        self._say(text.format("dd_picked", token=self.tokens[token]) if self.picked else text["dd_put_down"], token)

    def drop(self, gap: str, token: str | None = None) -> None:
        """Put ``token`` (else the picked one) in ``gap``; with neither, take the gap's token out."""
        if gap not in self.gaps:
            raise ValueError(f"unknown gap {gap!r}; known: {', '.join(self.gaps)}")
        token = token or self.picked or None
        if token is None:
            self.take_out(gap)
            return
        self._token(token)
        placed = {g: tok for g, tok in self.placed.items() if tok != token}
        placed[gap] = token
        self.picked = ""
        self.placed = placed
        self._say(self._texts().format("dd_placed", token=self.tokens[token], gap=self._gap_name(gap)), f"gap:{gap}")

    def take_out(self, gap: str) -> None:
        """Take the token in ``gap`` back to the pool (nothing in it: say so)."""
        token = self.placed.get(gap)
        if token is None:
            self._say(self._texts().format("dd_empty", gap=self._gap_name(gap)), f"gap:{gap}")
            return
        self.placed = {g: tok for g, tok in self.placed.items() if g != gap}
        self._say(self._texts().format("dd_back", token=self.tokens[token]), f"token:{token}")

    def add(self, step: str, before: str | None = None) -> None:
        """order: put ``step`` in the list, before the step ``before`` (else at the end)."""
        self._token(step)
        rest = [s for s in self.sequence if s != step]
        where = rest.index(before) if before in rest else len(rest)
        rest.insert(where, step)
        self.sequence = rest
        self._say(self._position(step), f"step:{step}")

    def move(self, step: str, by: int) -> None:
        """order: move a placed ``step`` up (``by`` < 0) or down the list."""
        if step not in self.sequence:
            raise ValueError(f"step {step!r} is not in the list")
        rest = [s for s in self.sequence if s != step]
        where = max(0, min(len(rest), self.sequence.index(step) + by))
        rest.insert(where, step)
        # The focus stays on the button pressed, or on the other one at the top or the bottom of the list.
        edge = (by < 0 and where == 0) or (by > 0 and where == len(rest) - 1)
        pressed, other = ("up", "down") if by < 0 else ("down", "up")
        self.focus = f"{other if edge and len(rest) > 1 else pressed}:{step}"
        self.sequence = rest
        self.announcement = self._position(step)

    def remove(self, step: str) -> None:
        """order: take ``step`` out of the list, back to the steps to place."""
        if step not in self.sequence:
            raise ValueError(f"step {step!r} is not in the list")
        self.sequence = [s for s in self.sequence if s != step]
        self._say(self._texts().format("dd_back", token=self.tokens[step]), f"token:{step}")

    def clear(self) -> None:
        """Every token back in the pool (a new try)."""
        self.placed, self.sequence, self.picked, self.announcement = {}, [], "", ""

    # --- the browser's messages -----------------------------------------------------------------------
    def _on_msg(self, _widget: Any, content: Any, _buffers: Any = None) -> None:
        if self.disabled or not isinstance(content, dict):
            return
        with self.hold_sync():  # markup, focus and announcement reach the browser in one message
            self._act(content)

    def _act(self, content: dict[str, Any]) -> None:
        action, token, gap = content.get("action"), content.get("token"), content.get("gap")
        try:
            if action == "pick" and token:
                self.pick(token)
            elif action == "drop" and gap:
                self.drop(gap, token or None)
            elif action == "take_out" and gap:
                self.take_out(gap)
            elif action == "add" and token:
                self.add(token, content.get("before") or None)
            elif action == "up" and token:
                self.move(token, -1)
            elif action == "down" and token:
                self.move(token, 1)
            elif action == "remove" and token:
                self.remove(token)
            elif action == "pool" and token:  # a placed token dropped back on the pool
                if self.mode == "order":
                    self.remove(token)
                else:
                    self.take_out(next(g for g, tok in self.placed.items() if tok == token))
        except (ValueError, StopIteration):
            return  # a stale message about an element redrawn since: nothing to do

    # --- helpers ---------------------------------------------------------------------------------------
    @staticmethod
    def _texts() -> UiTexts:
        return ui_texts("quiz")

    def _token(self, token: str) -> None:
        if token not in self.tokens:
            raise ValueError(f"unknown token {token!r}; known: {', '.join(self.tokens)}")

    def _gap_name(self, gap: str) -> str:
        number = [g for kind, g in self.sentence if kind == "gap"].index(gap) + 1
        return self._texts().format("dd_gap_name", n=number, label=self.gaps[gap])

    def _position(self, step: str) -> str:
        n = self.sequence.index(step) + 1
        return self._texts().format("dd_position", token=self.tokens[step], n=n, total=len(self.sequence))

    def _say(self, words: str, focus: str) -> None:
        self.focus = focus
        self.announcement = words

    def _draw(self, _change: object = None) -> None:
        text = self._texts()
        used = set(self.placed.values()) if self.mode == "gaps" else set(self.sequence)
        pool = [(tid, self.tokens[tid]) for tid in self.token_order if tid not in used]
        pieces = []
        number = 0
        for kind, value in self.sentence:
            if kind == "gap":
                number += 1
                token = self.placed.get(value)
                pieces.append(
                    {
                        "gap": value,
                        "number": number,
                        "label": self.gaps[value],
                        "token": token or "",
                        "text": self.tokens[token] if token else "",
                    }
                )
            else:
                pieces.append({"gap": "", "text": value})
        steps = [(sid, self.tokens[sid]) for sid in self.sequence]
        self.markup = str(
            render(
                "quiz/drag_drop.html.j2",
                mode=self.mode,
                label=self.label,
                pool=pool,
                pieces=pieces,
                steps=steps,
                picked=self.picked,
                disabled=self.disabled,
                text=text,
            )
        )
