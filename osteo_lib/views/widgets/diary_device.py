"""Keeping the pain diary on the person's own device: the "Keep my diary on this device" switch, the
"Forget my diary on this device" button with its question, and the messages about the stored diary.

:class:`DeviceStore` is a small anywidget (``osteo_lib/views/static/diary_device.js``) whose front end
keeps the diary in the browser's ``localStorage`` and, when the page loads, sends the kernel what the
device holds. :class:`DiaryKeeper` is the panel a person sees; it joins a
:class:`~osteo_lib.views.widgets.diary.PainDiary` (shown inside it, under its title) and keeps the
stored copy in step with the diary. Reading and writing the stored text is
:mod:`osteo_lib.care.diary.device`; the words are in ``data/ui/diary_device.yaml``.

Nothing is written on the server: the stored text goes from the browser to the kernel's memory and
back, and a diary the device holds but the kernel cannot read is kept as it is (never overwritten),
offered as a download, and removed only by "Forget".

Example (a notebook cell)::

    from osteo_lib.views.widgets.diary import PainDiary
    from osteo_lib.views.widgets.diary_device import DiaryKeeper
    diary = PainDiary()
    DiaryKeeper(diary)     # joins the diary
    diary

State for tests: ``store`` (the anywidget: ``keep``, ``stored``, ``loaded``, ``payload``, ``writable``,
``storage_error``, ``forgotten``, ``focus_class``, ``focus_count``), ``keep_box`` (the switch),
``forget_button``, ``yes_button`` and ``no_button`` (the question's answers, in ``confirm_box``),
``message``, ``message_kind`` (``""``, ``"ok"``, ``"ask"`` or ``"error"``), ``problem`` (what kept the
stored diary from being read) and ``asking`` (the question is shown).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import anywidget
import ipywidgets as w
import traitlets as t

from osteo_lib.care.diary import merge_entries
from osteo_lib.care.diary.device import (
    SETTINGS_KEY,
    STORE_KEY,
    device_texts,
    dump_stored,
    load_stored,
    stored_download_name,
    stored_download_uri,
)
from osteo_lib.views.templates import render
from osteo_lib.views.widgets.base import container
from osteo_lib.views.widgets.batched import BatchedView, html_text
from osteo_lib.views.widgets.diary import PainDiary

__all__ = ["QUESTION_CLASS", "DeviceStore", "DiaryKeeper"]

STATIC = Path(__file__).resolve().parents[1] / "static"
#: The class of the "forget?" question, where the keyboard focus goes when the person presses "Forget".
QUESTION_CLASS: Final = "ow-diary-device__question"
_CLASS: Final = {"ok": "ow-ok", "ask": "ow-warning", "error": "ow-error"}


class DeviceStore(anywidget.AnyWidget):
    """The browser's side of the stored diary (draws nothing). The front end sends ``keep``,
    ``stored`` (the text the device holds, or None), ``storage_error`` (``""``, ``"full"`` or
    ``"unavailable"``) and ``loaded``; the kernel sends ``payload`` (the diary to keep), ``writable``,
    ``forgotten`` (each change removes the stored diary) and focus requests."""

    _esm = STATIC / "diary_device.js"
    key = t.Unicode(STORE_KEY).tag(sync=True)
    settings_key = t.Unicode(SETTINGS_KEY).tag(sync=True)
    default_keep = t.Bool(True).tag(sync=True)
    keep = t.Bool(False).tag(sync=True)
    stored = t.Unicode(None, allow_none=True).tag(sync=True)
    loaded = t.Bool(False).tag(sync=True)
    storage_error = t.Unicode("").tag(sync=True)
    payload = t.Unicode("").tag(sync=True)
    writable = t.Bool(False).tag(sync=True)
    forgotten = t.Int(0).tag(sync=True)
    focus_class = t.Unicode("").tag(sync=True)
    focus_count = t.Int(0).tag(sync=True)


class DiaryKeeper(BatchedView):
    """The "keep my diary on this device" panel of a diary.

    ``room``: the page is served to a workshop room (shared computers): the switch starts off and a
    note asks people to forget their diary before they leave. Elsewhere the switch starts on. Either
    way the person's own choice, once made, is remembered by the device and wins.
    """

    message = t.Unicode("")
    message_kind = t.Unicode("")
    problem = t.Unicode("")
    asking = t.Bool(False)

    def __init__(self, diary: PainDiary, *, room: bool = False) -> None:
        super().__init__()
        text = device_texts()
        self.diary = diary
        self.room = room
        self._stored_text = ""  # a stored diary that could not be read, kept for its download
        self._quiet = False
        self.store = DeviceStore(default_keep=not room, keep=not room, layout=w.Layout(display="none"))
        self.store.add_class("ow-diary-device__store")
        self.keep_box = w.Checkbox(value=not room, description=text["switch"], indent=False, disabled=True)
        self.keep_box.add_class("ow-diary-device__switch")
        self.help_html = w.HTML(
            render(
                "diary/device_help.html.j2",
                privacy=text["privacy"],
                help=text["switch_help"],
                room_note=text["room_note"] if room else "",
            )
        )
        self.forget_button = self._button("forget", "danger" if room else "")
        self.forget_button.add_class("ow-diary-device__forget")
        if room:
            self.forget_button.add_class("ow-diary-device__forget--prominent")
        self.question_html = w.HTML(render("diary/device_question.html.j2", question=text["forget_question"]))
        self.yes_button = self._button("forget_yes", "danger")
        self.no_button = self._button("forget_no")
        self.confirm_box = w.VBox(
            [self.question_html, w.HBox([self.yes_button, self.no_button], layout=w.Layout(flex_flow="row wrap"))],
            layout=w.Layout(display="none"),
        )
        self.confirm_box.add_class("ow-diary-device__confirm")
        self.message_html = w.HTML()
        self.container = container(
            self.store,
            self.keep_box,
            self.help_html,
            self.forget_button,
            self.confirm_box,
            self.message_html,
            cls="ow-diary-device",
        )
        self.forget_button.on_click(self._on_forget)
        self.yes_button.on_click(self._on_yes)
        self.no_button.on_click(self._on_no)
        self.keep_box.observe(self._on_switch, names="value")
        self.store.observe(self._on_loaded, names="loaded")
        self.store.observe(self._on_storage_error, names="storage_error")
        diary.observe(self._on_entries, names=["entries", "my_conditions", "medicines"])
        diary.attach_device(self.container, self._privacy_line())
        self._say("", text["waiting"])

    @staticmethod
    def _button(key: str, style: str = "") -> w.Button:
        words = device_texts()[key]
        return w.Button(description=words, tooltip=words, button_style=style, layout=w.Layout(width="auto"))

    # --- state -> view --------------------------------------------------------------------------------
    @t.observe("message", "message_kind", "asking")
    def update(self, change: object = None) -> None:
        """The one place that draws the panel from its state."""
        if self._drawing_waits():
            return
        text = device_texts()
        with self.container.hold_sync():
            self.confirm_box.layout.display = "flex" if self.asking else "none"
            self.message_html.value = self._message_markup(text)

    def _message_markup(self, text: Any) -> str:
        if not self.message:
            return ""
        kind = self.message_kind
        href = stored_download_uri(self._stored_text) if self.problem and self._stored_text else ""
        return str(
            render(
                "diary/device_message.html.j2",
                paragraphs=self.message.split("\n"),
                href=href,
                filename=stored_download_name(self.diary.today()),
                label=text["download_stored"],
                cls=_CLASS.get(kind, "ow-note"),
                role="alert" if kind in ("error", "ask") else "status",
            )
        )

    def _say(self, kind: str, message: str, *, asking: bool = False) -> None:
        with self._batch():
            self.message_kind = kind
            self.message = message
            self.asking = asking

    # --- the device -> the diary ----------------------------------------------------------------------
    def _on_loaded(self, change: dict[str, Any]) -> None:
        if not change["new"]:
            return
        text = device_texts()
        store = self.store
        self._quiet = True
        try:
            self.keep_box.value = bool(store.keep)
        finally:
            self._quiet = False
        self.keep_box.disabled = False
        found = load_stored(store.stored)
        if not found.ok:
            self._stored_text = store.stored or ""
            self.problem = found.problem
            store.writable = False
            self._say("error", f"{found.message()}\n{text['problem_next']}")
            return
        entries, _kept = merge_entries(self.diary.entries, found.entries)
        self.diary.entries = entries
        # what the person wrote in this session wins over the stored text; otherwise the stored one comes back
        self.diary.my_conditions = self.diary.my_conditions or found.conditions
        self.diary.medicines = self.diary.medicines or found.medicines
        with store.hold_sync():
            store.payload = self._payload()
            store.writable = True
        if store.storage_error:
            self._on_storage_error({"new": store.storage_error})
        elif not found.found:
            self._say("", text["opened_none"] if store.keep else "")
        else:
            count = len(found.entries)
            self._say("ok", text["opened_one"] if count == 1 else text.format("opened", count=count))

    def _on_storage_error(self, change: dict[str, Any]) -> None:
        problem = change["new"]
        if problem in ("full", "unavailable"):
            self._say("error", device_texts()[problem])
        elif self.message_kind == "error" and not self.problem:
            self._say("", "")

    # --- the diary -> the device ----------------------------------------------------------------------
    def _on_entries(self, change: dict[str, Any]) -> None:
        if self.store.loaded:
            self.store.payload = self._payload()
            text = device_texts()
            if self.store.keep and self.diary.entries and self.message == text["opened_none"]:
                self._say("ok", text["kept_on"])  # "keeps no diary yet" is no longer true

    def _payload(self) -> str:
        diary = self.diary
        return dump_stored(diary.entries, conditions=diary.my_conditions, medicines=diary.medicines)

    # --- the person's choices -------------------------------------------------------------------------
    def _privacy_line(self) -> str:
        """The one line under the diary's title: where the diary is kept now (the switch's state)."""
        text = device_texts()
        if not self.keep_box.value:
            return text["privacy_off"]
        return text["privacy_room_on"] if self.room else text["privacy_on"]

    def _on_switch(self, change: dict[str, Any]) -> None:
        self.store.keep = bool(change["new"])
        self.diary.show_privacy(self._privacy_line())
        if not self._quiet:
            self._say("ok", device_texts()["kept_on" if change["new"] else "kept_off"])

    def _on_forget(self, _button: w.Button | None = None) -> None:
        self._say("ask", "", asking=True)
        self.store.focus_class = QUESTION_CLASS
        self.store.focus_count += 1

    def _on_yes(self, _button: w.Button | None = None) -> None:
        if not self.asking:
            return
        self._quiet = True
        try:
            self.keep_box.value = False
        finally:
            self._quiet = False
        with self.store.hold_sync():
            self.store.keep = False
            self.store.forgotten += 1
            self._stored_text = ""
            self.problem = ""
            self.store.writable = True
            self.diary.entries = ()
            self.diary.my_conditions = self.diary.medicines = ""
        self._say("ok", device_texts()["forgotten"])
        self.store.focus_class = "ow-diary-device__forget"
        self.store.focus_count += 1

    def _on_no(self, _button: w.Button | None = None) -> None:
        if not self.asking:
            return
        self._say("ok", device_texts()["not_forgotten"])
        self.store.focus_class = "ow-diary-device__forget"
        self.store.focus_count += 1

    # --- conveniences ---------------------------------------------------------------------------------
    @property
    def text(self) -> str:
        """The HTML the panel shows (for tests and quick checks)."""
        return html_text(self.container)
