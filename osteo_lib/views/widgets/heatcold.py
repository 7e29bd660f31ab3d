"""Heat and cold session helper: pick heat or cold and a time from the sources, then a countdown.

Usage (a notebook cell)::

    from osteo_lib.views.widgets.heatcold import HeatColdHelper
    helper = HeatColdHelper()
    helper

The allowed times come from the catalog (``duration_minutes`` of the heat and the cold method), never
from this code. The countdown runs in a background thread, so the kernel stays free; it stops on Stop,
when time is up and when the widget is closed.

State: ``mode`` ("heat" or "cold"), ``minutes`` (the chosen session length), ``remaining_seconds``,
``running``, ``finished`` and ``message``. Named parts: ``heading``, ``mode_control`` (radio buttons),
``minutes_control``, ``towel``, ``start_button``, ``stop_button``, ``clock_view``, ``status``, ``alarm``
(rings when time is up: sound, vibration, the tab's title; :mod:`~osteo_lib.views.widgets.alarm`), ``info``
and ``sources``;
:meth:`HeatColdHelper.update` redraws them.

For tests, time can be driven by hand: pass ``clock=`` (any function returning seconds, like
``time.monotonic``) and ``interval=None`` (no background thread), then call :meth:`tick`::

    now = [0.0]
    helper = HeatColdHelper(clock=lambda: now[0], interval=None)
    helper.start_button.click(); now[0] += 60; helper.tick()   # -> remaining_seconds == minutes*60 - 60
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import ipywidgets as w
import traitlets as t

from osteo_lib.care.treatments import (
    HeatCold,
    clock_words,
    format_clock,
    heat_cold_methods,
    level_labels,
    seconds_left,
    session_minutes,
    sorted_cautions,
    texts,
    usage_extra_text,
    usage_text,
)
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.model import Method
from osteo_lib.views.templates import render
from osteo_lib.views.widgets.alarm import Alarm
from osteo_lib.views.widgets.base import Widget, container, resolve_catalog
from osteo_lib.views.widgets.explorer import close_tree

__all__ = ["HeatColdHelper", "cited_references"]


def _mode_word(mode: str) -> str:
    """ "heat" or "cold" as the helper says it inside a sentence (its label, lower case)."""
    return texts()["cold_label" if mode == "cold" else "heat_label"].lower()


def cited_references(catalog: Catalog) -> tuple[str, ...]:
    """Every reference id the helper can show under its methods (heat and cold), each once. The patient
    dashboard lists them once, under "Where this comes from", for a helper built with ``sources=False``."""
    return tuple(dict.fromkeys(r for m in heat_cold_methods(catalog).values() for r in m.all_references))


class HeatColdHelper(Widget):
    """Heat or cold pack session with a countdown.

    ``clock``: function returning the current time in seconds (default ``time.monotonic``).
    ``interval``: seconds between background updates (default 1); ``None`` runs no thread, so the
    countdown only moves when :meth:`tick` is called (for tests). ``sources``: show the method's sources
    under it (the patient dashboard turns this off and lists them once per part).

    Example::

        helper = HeatColdHelper()
        helper.mode = "cold"; helper.minutes = 15
        helper.start()            # or helper.start_button.click()
        helper.remaining_seconds  # counts down once per second
        helper.stop()
    """

    mode = t.Enum(["heat", "cold"], default_value="heat")
    minutes = t.Int(0)
    remaining_seconds = t.Int(0, read_only=True)
    running = t.Bool(False, read_only=True)
    finished = t.Bool(False, read_only=True)
    message = t.Unicode("", read_only=True)

    def __init__(
        self,
        catalog: Catalog | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        interval: float | None = 1.0,
        sources: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.catalog = resolve_catalog(catalog)
        self.methods: dict[HeatCold, Method] = heat_cold_methods(self.catalog)
        #: Whether the method's sources are shown under it (the patient dashboard lists them once per part).
        self.show_sources = sources
        self._clock = clock
        self._interval = interval
        self._lock = threading.RLock()
        self._stop_event = threading.Event()
        self._thread: threading.Thread | None = None
        self._end_at = 0.0
        self._closed = False
        text = texts()

        # Radio buttons: the choice is announced by screen readers ("Heat, selected") and drawn with a
        # mark, not only a darker shade.
        self.mode_control = w.RadioButtons(
            options=[(text["heat_option"], "heat"), (text["cold_option"], "cold")],
            description=text["heat_choice"],
            style={"description_width": "initial"},
        )
        self.alarm = Alarm()
        options = self.minute_options
        self.minutes = options[0] if options else 0
        self.minutes_control = w.Dropdown(
            options=self._minute_labels(options),
            value=options[0] if options else None,
            description=text["heat_minutes"],
            style={"description_width": "initial"},
        )
        self.start_button = w.Button(description=text["start"], tooltip=text["start_tip"], button_style="primary")
        self.stop_button = w.Button(description=text["stop"], tooltip=text["stop_tip"])
        self.mode_control.add_class("ow-heatcold-mode")
        self.minutes_control.add_class("ow-methods-select")
        self.start_button.on_click(lambda _b: self.start())
        self.stop_button.on_click(lambda _b: self.stop())
        self._links = [
            t.link((self.mode_control, "value"), (self, "mode")),
            t.link((self.minutes_control, "value"), (self, "minutes")),
        ]

        self.info = w.HTML()
        self.info.add_class("ow-heatcold-info")
        self.clock_view = w.HTML()
        self.clock_view.add_class("ow-heatcold-clock")
        self.status = w.HTML()
        self.status.add_class("ow-heatcold-status")
        self.sources = w.HTML()
        self.heading = w.HTML(str(render("methods/title.html.j2", title=text["heat_title"], intro=text["heat_intro"])))
        self.towel = w.HTML(
            str(
                render(
                    "methods/note.html.j2",
                    text=text["towel"],
                    cls=("ow-warning", "ow-heatcold-towel"),
                )
            )
        )
        buttons = w.HBox([self.start_button, self.stop_button])
        buttons.add_class("ow-heatcold-buttons")
        choices = w.VBox([self.mode_control, self.minutes_control])
        choices.add_class("ow-heatcold-choices")
        self.container = container(
            self.heading,
            choices,
            self.towel,
            buttons,
            self.clock_view,
            self.status,
            self.alarm,
            self.info,
            self.sources,
            cls="ow-methods-heatcold",
        )
        # Closing the display (container.close()) also stops the timer.
        self.container.observe(self._on_container_comm, names="comm")

        self.observe(self._on_choice, names=["mode", "minutes"])
        self.observe(self.update, names=["mode", "minutes", "remaining_seconds", "running", "finished", "message"])
        self._on_choice()
        self.update()

    # --- state ------------------------------------------------------------------------------------
    @property
    def method(self) -> Method:
        """The catalog method behind the current choice."""
        mode: HeatCold = "cold" if self.mode == "cold" else "heat"
        return self.methods[mode]

    @property
    def minute_options(self) -> list[int]:
        """The session lengths the sources allow for the current choice (e.g. 15 to 20)."""
        return session_minutes(self.method)

    @staticmethod
    def _minute_labels(options: list[int]) -> list[tuple[str, int]]:
        return [(texts().format("minutes_option", n=n), n) for n in options]

    @t.validate("minutes")
    def _valid_minutes(self, proposal: dict[str, Any]) -> int:
        options = self.minute_options
        value = int(proposal["value"])
        if options and value not in options:
            raise ValueError(f"minutes must be one of {options}, not {value}")
        return value

    def _on_choice(self, _change: dict[str, Any] | None = None) -> None:
        """Keep ``minutes`` inside the sources' range and reset the clock when the choice changes."""
        with self._lock:
            if self.running:
                return
            options = self.minute_options
            labels = self._minute_labels(options)
            if tuple(self.minutes_control.options) != tuple(labels):
                keep = self.minutes if self.minutes in options else (options[0] if options else None)
                self.minutes_control.options = labels
                self.minutes_control.value = keep
            self.set_trait("remaining_seconds", self.minutes * 60 if options else 0)
            self.set_trait("finished", False)
            text = texts()
            self.set_trait(
                "message", text.format("ready", mode=_mode_word(self.mode)) if options else text["no_duration"]
            )

    # --- timer ------------------------------------------------------------------------------------
    def start(self, seconds: int | None = None) -> None:
        """Start a session of ``minutes`` (or ``seconds``, for tests). Does nothing while one runs."""
        with self._lock:
            if self.running or self._closed:
                return
            total = seconds if seconds is not None else self.minutes * 60
            text = texts()
            if total <= 0:
                self.set_trait("message", text["no_duration"])
                return
            self._end_at = self._clock() + total
            with self.hold_trait_notifications():
                self.set_trait("remaining_seconds", total)
                self.set_trait("finished", False)
                self.set_trait("running", True)
                length = (
                    text.format("seconds_option", n=total)
                    if total % 60
                    else text.format("minutes_option", n=total // 60)
                )
                self.set_trait("message", text.format("running", mode=_mode_word(self.mode), length=length))
            if self._interval is not None:
                self._stop_event = threading.Event()
                self._thread = threading.Thread(
                    target=self._run, args=(self._stop_event,), name="osteo-heatcold-timer", daemon=True
                )
                self._thread.start()

    def tick(self) -> int:
        """Read the clock and update ``remaining_seconds``; finish the session at 0. Returns seconds left.
        Called once a second by the background thread (or by a test)."""
        with self._lock:
            if not self.running:
                return self.remaining_seconds
            left = seconds_left(self._end_at, self._clock())
            with self.hold_trait_notifications():
                self.set_trait("remaining_seconds", left)
                if left == 0:
                    self.set_trait("running", False)
                    self.set_trait("finished", True)
                    self.set_trait("message", texts()["done"])
            if left == 0:
                self._stop_event.set()
                self.alarm.ring(texts()["done_title"])
            return left

    def stop(self) -> None:
        """Stop the countdown (the time left stays on screen)."""
        with self._lock:
            self._stop_event.set()
            if self.running:
                with self.hold_trait_notifications():
                    self.set_trait("running", False)
                    self.set_trait("message", texts()["stopped"])
        self._join()

    def close(self) -> None:
        """Stop the timer and close every widget of the helper."""
        self._shutdown()
        close_tree(self.container)

    def _shutdown(self) -> None:
        with self._lock:
            self._closed = True
            self._stop_event.set()
            self.set_trait("running", False)
        self._join()
        for link in self._links:
            link.unlink()
        self._links = []

    def _on_container_comm(self, change: dict[str, Any]) -> None:
        if change["new"] is None and not self._closed:
            self._shutdown()

    def _join(self) -> None:
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=2)

    def _next_delay(self) -> float:
        # Wake just after each whole second of the countdown, at most `interval` apart.
        assert self._interval is not None
        fraction = (self._end_at - self._clock()) % 1.0
        return min(self._interval, (fraction if fraction > 0.005 else 1.0) + 0.005)

    def _run(self, stop_event: threading.Event) -> None:
        while not stop_event.wait(self._next_delay()):
            if self._closed or self.tick() == 0 or not self.running:
                break

    # --- view -------------------------------------------------------------------------------------
    def update(self, change: object = None) -> None:
        """Redraw the controls' state, the clock, the status line, the method's cautions and sources."""
        if self._closed:
            return
        method = self.method
        can_start = bool(self.minute_options) and not self.running
        text, levels = texts(), level_labels()
        with self.container.hold_sync():
            self.mode_control.disabled = self.running
            self.minutes_control.disabled = self.running or not self.minute_options
            self.start_button.disabled = not can_start
            self.stop_button.disabled = not self.running
            left = self.remaining_seconds
            self.clock_view.value = str(
                render(
                    "methods/heat_clock.html.j2",
                    label=text["time_left"],
                    clock=format_clock(left),
                    words=clock_words(left),
                )
            )
            cls = "ow-heatcold-done" if self.finished else "ow-note"
            role, live = ("alert", "assertive") if self.finished else ("status", "polite")
            self.status.value = str(render("methods/note.html.j2", text=self.message, cls=cls, role=role, live=live))
            cautions = [
                {"level": c.level, "lead": levels[c.level], "text": c.patient_text} for c in sorted_cautions(method)
            ]
            self.info.value = str(
                render(
                    "methods/heat_info.html.j2",
                    text=text,
                    name=method.name,
                    usage=usage_text(method),
                    lead=method.how_to_lead,
                    steps=method.how_to_steps,
                    after=method.how_to_after,
                    extra=usage_extra_text(method),
                    cautions=cautions,
                )
            )
            self.sources.value = (
                str(
                    render(
                        "methods/sources.html.j2",
                        summary=text["heat_sources"],
                        refs=self.catalog.references_for(method.all_references),
                        audience="patient",
                    )
                )
                if self.show_sources
                else ""
            )
