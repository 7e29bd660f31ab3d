"""What the diary family's widgets share: a view recomputed once after a batch of state changes
(:class:`BatchedView`), "today" as a function (:func:`today_function`), and reading a widget tree
(:func:`walk`, :func:`html_text`) for tests and quick checks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import TypeAlias

import ipywidgets as w

from osteo_lib.views.widgets.base import Widget

__all__ = ["BatchedView", "Today", "html_text", "today_function", "walk"]

Today: TypeAlias = "date | Callable[[], date] | None"


def today_function(today: Today) -> Callable[[], date]:
    """``today`` as a function: a fixed date, a callable, or ``date.today`` when ``None``."""
    if today is None:
        return date.today
    if isinstance(today, date):
        fixed = today
        return lambda: fixed
    return today


class BatchedView(Widget):
    """Base for this family's widgets: state traits change inside ``with self._batch():`` and the view
    is recomputed once at the end by :meth:`update` (the single state -> view path)."""

    _batch_depth = 0

    @contextmanager
    def _batch(self) -> Iterator[None]:
        """Change several state traits, then update the view once."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
        if self._batch_depth == 0:
            self.update()

    def _drawing_waits(self) -> bool:
        """True while a batch is open or before the container is built: :meth:`update` does nothing then."""
        return self._batch_depth > 0 or not hasattr(self, "container")


def html_text(root: w.Widget) -> str:
    """The values of every HTML widget under ``root`` (the stylesheet is not one), one after another."""
    return "".join(c.value for c in walk(root) if isinstance(c, w.HTML) and not c.value.startswith("<style>"))


def walk(widget: w.Widget) -> Iterator[w.Widget]:
    """``widget`` and every widget inside it, depth first."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)
