"""The "time is up" alarm of the heat and cold helper: an anywidget whose front end (static/alarm.js)
beeps, vibrates where the device can, and shows a message in the browser tab.

Usage::

    alarm = Alarm()
    alarm.ring("Time is up")   # each call rings once in every page showing the alarm

State: ``rings`` (how many times it has rung; the page rings when it goes up) and ``title`` (what the
browser tab shows until the person comes back to the page).
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets as t

__all__ = ["Alarm"]

STATIC = Path(__file__).resolve().parents[1] / "static"


class Alarm(anywidget.AnyWidget):
    """Rings once per :meth:`ring`: sound, vibration and the tab's title (the page draws nothing)."""

    _esm = STATIC / "alarm.js"
    rings = t.Int(0).tag(sync=True)
    title = t.Unicode("").tag(sync=True)

    def ring(self, title: str) -> None:
        """Ring once, with ``title`` in the browser tab."""
        with self.hold_sync():
            self.title = title
            self.rings += 1
