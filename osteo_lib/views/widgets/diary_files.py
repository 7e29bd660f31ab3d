"""Loading a diary file into the diary widget: the upload, the "which date order?" question, and the
row-by-row report. :class:`DiaryFiles` is a base of :class:`~osteo_lib.views.widgets.diary.PainDiary`;
the reading itself is :func:`osteo_lib.care.diary.parse_file`, the merge
:func:`osteo_lib.care.diary.merge_import`. Words from ``data/ui/diary.yaml``.

The flow: the person picks a file; it is read in memory. A file whose dates read two ways (3/4/2025)
is kept aside (``pending_file``) and the widget asks what one of its dates means, with one button
per reading ("It is 4 March 2025" / "It is 3 April 2025") and "Do not load this file". The answer
loads the file. A loaded file is merged: every entry already in the diary stays.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

import ipywidgets as w

from osteo_lib.care.diary import (
    MAX_PROBLEMS,
    MAX_ROWS,
    MAX_TEXT,
    DateOrder,
    Entry,
    ImportResult,
    diary_texts,
    fmt_day,
    merge_import,
    parse_file,
    read_day,
    size_problem,
)
from osteo_lib.views.templates import render
from osteo_lib.views.widgets.batched import BatchedView
from osteo_lib.views.widgets.file_button import FileButton

__all__ = ["ACCEPT", "MAX_REPORT_LINES", "DiaryFiles", "PendingFile"]

#: What the upload button offers to pick: CSV and text exports, and Excel workbooks (Windows gives
#: .csv files the type application/vnd.ms-excel when Excel is installed).
ACCEPT: Final = ",".join(
    [
        ".csv",
        ".tsv",
        ".txt",
        ".xlsx",
        "text/csv",
        "text/plain",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ]
)
MAX_REPORT_LINES: Final = MAX_PROBLEMS  # lines listed under an import's message


@dataclass(frozen=True, slots=True)
class PendingFile:
    """A file waiting for the person to say how its dates are written: its bytes, name and a date from it
    that reads two ways."""

    content: bytes
    name: str
    example: str

    def reading(self, order: DateOrder) -> str:
        """What the example date means in ``order``, for people (``4 March 2025``)."""
        day = read_day(self.example, order)
        return fmt_day(day) if day is not None else self.example


class DiaryFiles(BatchedView):
    """The diary's file loading (a base of the diary widget; the traits are declared there)."""

    _today: Callable[[], date]
    entries: tuple[Entry, ...]
    message: str
    message_kind: str
    message_place: str
    problems: tuple[str, ...]
    report: tuple[str, ...]
    pending: Entry | None
    pending_file: PendingFile | None
    upload: FileButton
    order_html: w.HTML
    month_first_button: w.Button
    day_first_button: w.Button
    cancel_file_button: w.Button
    order_box: w.VBox
    files_message_html: w.HTML

    def _build_files(self) -> w.VBox:
        """The message about a loaded file (right under the upload button: on a phone the form's message
        is far above, out of view) and the "which date order?" question with its buttons (hidden until
        a file asks)."""
        text = diary_texts()
        self.files_message_html = w.HTML()
        self.files_message_html.add_class("ow-diary-files-message")
        self.upload.accept = ACCEPT

        def button(key: str, style: str = "") -> w.Button:
            layout = w.Layout(width="auto", max_width="100%")
            return w.Button(description=text[key], tooltip=text[key], button_style=style, layout=layout)

        self.order_html = w.HTML()
        self.month_first_button = button("month_first", "primary")
        self.day_first_button = button("day_first", "primary")
        self.cancel_file_button = button("cancel_file")
        self.month_first_button.on_click(lambda _b: self._on_order("mdy"))
        self.day_first_button.on_click(lambda _b: self._on_order("dmy"))
        self.cancel_file_button.on_click(self._on_cancel_file)
        self.upload.observe(self._on_upload, names="value")
        buttons = w.HBox([self.month_first_button, self.day_first_button, self.cancel_file_button])
        buttons.add_class("ow-diary-order-buttons")  # one full-width row each (static/css/diary.css)
        self.order_box = w.VBox([self.order_html, buttons], layout=w.Layout(display="none"))
        self.order_box.add_class("ow-diary-order")
        return w.VBox([self.files_message_html, self.order_box])

    def _draw_files(self) -> None:
        """The question's part of :meth:`update`: shown, with this file's readings, while a file waits."""
        pending: PendingFile | None = self.pending_file
        self.order_box.layout.display = "flex" if pending is not None else "none"
        if pending is None:
            return
        text = diary_texts()
        question = text.format("ask_order", name=pending.name, example=pending.example)
        self.order_html.value = render("diary/paragraphs.html.j2", paragraphs=[("ow-diary-question", question)])
        mdy: DateOrder = "mdy"
        dmy: DateOrder = "dmy"
        choices = ((self.month_first_button, mdy), (self.day_first_button, dmy))
        for button, order in choices:
            button.description = button.tooltip = text.format("order_choice", day=pending.reading(order))

    def _say(
        self,
        kind: str,
        text: str,
        problems: Iterable[str] = (),
        *,
        pending: Entry | None = None,
        report: Iterable[str] = (),
        pending_file: PendingFile | None = None,
        pending_removal: date | None = None,
        place: str = "form",
    ) -> None:
        """Show a message (and what is listed under it); any question waiting for an answer is replaced.
        ``place``: ``"form"`` (under the entry form's buttons) or ``"files"`` (right under the upload
        button, where the person who loaded a file is looking)."""
        with self._batch():
            self.message_place = place
            self.pending_removal = pending_removal
            self.message_kind = kind
            self.message = text
            self.problems = tuple(problems)
            self.report = tuple(report)
            self.pending = pending
            self.pending_file = pending_file

    def _on_upload(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]  # (the button empties its value after this, so the same file can be loaded again)
        name = str(upload.get("name", ""))[:MAX_TEXT]
        if upload.get("error"):
            text = diary_texts()
            self._say("error", text.format("import_rejected", name=name), [text["file_unreadable"]], place="files")
            return
        self.import_file(upload["content"], name=name, size=int(upload.get("size", 0) or 0))

    def _on_order(self, order: DateOrder) -> None:
        pending = self.pending_file
        if pending is not None:
            self.import_file(pending.content, name=pending.name, date_order=order)

    def _on_cancel_file(self, _button: w.Button | None = None) -> None:
        pending = self.pending_file
        if pending is not None:
            self._say("ok", diary_texts().format("cancelled_file", name=pending.name), place="files")

    def import_file(
        self,
        content: bytes | memoryview,
        *,
        name: str = "",
        size: int | None = None,
        date_order: DateOrder | None = None,
    ) -> bool:
        """Load a diary file's bytes (what the upload button does). Returns whether it was loaded.

        The size is checked before anything is read. The good rows load and the message lists, row by
        row, what was added and what was skipped and why; when the file as a whole has a problem (or no
        row is good) the diary is unchanged and the message lists the problems by row. A file whose
        dates read two ways waits for the person's answer (``pending_file``); ``date_order`` gives the
        answer straight away."""
        text = diary_texts()
        too_big = size_problem(max(len(content), size or 0))
        data = bytes(content)
        result = (
            ImportResult((), (too_big,))
            if too_big
            else parse_file(data, name, today=self._today(), date_order=date_order)
        )
        rejected = text.format("import_rejected", name=name)
        if result.ask_date_order:
            waiting = PendingFile(data, name, result.ask_date_order)
            self._say(
                "ask", text.format("ask_order", name=name, example=waiting.example), pending_file=waiting, place="files"
            )
            return False
        if not result.ok:
            self._say("error", rejected, result.messages(), place="files")
            return False
        merged = merge_import(self.entries, result)
        if len(merged.entries) > MAX_ROWS:
            self._say(
                "error",
                rejected,
                [text.format("import_total", count=len(merged.entries), limit=MAX_ROWS)],
                place="files",
            )
            return False
        lines = [*result.notes, *merged.lines()]
        if len(lines) > MAX_REPORT_LINES:
            more = len(lines) - MAX_REPORT_LINES
            lines = [*lines[:MAX_REPORT_LINES], text.format("import_more", count=more)]
        message = text.format("import_ok", name=name, added=len(merged.added), skipped=merged.skipped)
        with self._batch():
            self.entries = merged.entries
            self._say("ok", message, report=lines, place="files")
        return True

    def import_csv(self, content: bytes | memoryview, *, name: str = "", size: int | None = None) -> bool:
        """:meth:`import_file` under its first name."""
        return self.import_file(content, name=name, size=size)
