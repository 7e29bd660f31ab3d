"""The pain diary widget: daily entries (pain today 0-10, needed; the PEG scale, optional and asked weekly;
what I tried, how much it helped),
a trend chart with a table, change flags, CSV download, and loading a diary file (CSV in the forms
spreadsheets write, or an Excel workbook; see :mod:`~osteo_lib.views.widgets.diary_files`). All logic
is in ``osteo_lib.care.diary``; the HTML comes from ``templates/diary/*.j2`` and the words from ``data/ui/diary.yaml``.

The diary lives only in this widget's state for the current kernel session. Nothing is written to
disk: the CSV download is a ``data:`` link and an uploaded file is parsed in memory.

Example (a notebook cell)::

    from osteo_lib.views.widgets.diary import PainDiary
    PainDiary()

State for tests and other widgets: ``entries`` (tuple of :class:`osteo_lib.care.diary.Entry`, oldest
first), ``flags`` (tuple of :class:`osteo_lib.care.diary.Flag`), ``message`` and ``message_kind``
(``""``, ``"ok"``, ``"ask"`` or ``"error"``), ``message_place`` (``"form"``: shown in ``message_html``
under the form; ``"files"``: in ``files_message_html``, right under the upload button), ``problems``
(tuple of str), ``report`` (what a loaded
file brought, row by row), ``pending`` (the entry waiting for "replace?" confirmation, or ``None``),
``pending_file`` (a file waiting for "how are its dates written?", or ``None``) and ``csv_href`` (the
download link's address).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, Final

import ipywidgets as w
from traitlets import Any as AnyTrait
from traitlets import TraitError, Unicode, observe, validate
from traitlets import Tuple as TupleTrait

from osteo_lib.care.diary import (
    MAX_ROWS,
    REFERENCE_IDS,
    Entry,
    Flag,
    InvalidEntry,
    change_flags,
    csv_data_uri,
    csv_filename,
    diary_texts,
    find_entry,
    fmt_day,
    remove_entry,
    sort_entries,
    upsert_entry,
)
from osteo_lib.content.catalog import Catalog
from osteo_lib.views.diary_chart import entries_table_html, trend_chart_html
from osteo_lib.views.pictures import pictures_at_html
from osteo_lib.views.templates import render
from osteo_lib.views.widgets.base import container, resolve_catalog
from osteo_lib.views.widgets.batched import BatchedView, Today, html_text, today_function, walk
from osteo_lib.views.widgets.diary_files import DiaryFiles, PendingFile
from osteo_lib.views.widgets.diary_form import OTHER, EntryForm

__all__ = [
    "MAX_FLAGS_SHOWN",
    "OTHER",
    "BatchedView",
    "PainDiary",
    "PendingFile",
    "Today",
    "html_text",
    "today_function",
    "walk",
]

MAX_FLAGS_SHOWN: Final = 5
_MESSAGE_CLASS: Final = {"ok": "ow-ok", "ask": "ow-warning", "error": "ow-error"}


class PainDiary(EntryForm, DiaryFiles):
    """A daily pain diary with a trend chart, change flags and CSV download/upload.

    Usage::

        diary = PainDiary()            # or PainDiary(catalog, today=date(2025, 3, 2)) in tests
        diary                          # display it
        diary.entries                  # tuple of Entry, oldest first

    A second entry for a date that already has one is not saved straight away: the widget asks
    "replace it?" with two buttons (``Yes, replace it`` / ``No, keep the old one``). An uploaded file
    is merged into the diary; where both have a date, the entry made here is kept, and the message
    lists row by row what was added and what was skipped, and why: a row with a problem is skipped and
    named, the good rows load. A file with a problem as a whole (or without one good row) changes
    nothing and the message lists each problem with its row number.
    """

    #: The diary: Entry records, oldest first, one per date.
    entries = TupleTrait()
    #: Changes of 2 points or more in pain today (Flag records); derived from entries.
    flags = TupleTrait()
    #: The last message shown to the person.
    message = Unicode("")
    #: "" (none), "ok", "ask" (waiting for an answer) or "error".
    message_kind = Unicode("")
    #: Where the message shows: "form" (under the form's buttons) or "files" (under the upload button).
    message_place = Unicode("form")
    #: Problems listed under an error message (entry form or uploaded file).
    problems = TupleTrait()
    #: What a loaded file brought, row by row (listed under the "loaded" message).
    report = TupleTrait()
    #: The new Entry waiting for 'replace?' confirmation.
    pending = AnyTrait(None, allow_none=True)
    #: The day whose entry waits for "remove it?" confirmation, or None.
    pending_removal = AnyTrait(None, allow_none=True)
    #: The uploaded file waiting for "how are its dates written?" (a PendingFile), or None.
    pending_file = AnyTrait(None, allow_none=True)
    #: data: address of the CSV download ('' when the diary is empty).
    csv_href = Unicode("")
    #: What the person wrote about their health problems and medicines (for the provider summary). Kept
    #: with the diary: on the device with it when the person keeps the diary there, else in this session.
    my_conditions = Unicode("")
    medicines = Unicode("")

    def __init__(
        self,
        catalog: Catalog | None = None,
        *,
        today: Today = None,
        entries: Iterable[Entry] = (),
        sources: bool = True,
    ) -> None:
        super().__init__()
        self.catalog = resolve_catalog(catalog)
        #: Whether the diary ends with the sources of its scales (the patient dashboard lists them once per part).
        self.show_sources = sources
        self._today = today_function(today)
        self._drawn_entries: tuple[Entry, ...] | None = None
        self._build_controls(self.catalog, self._today())
        self._build_view()
        self.save_button.on_click(self._on_save)
        self.replace_button.on_click(self._on_replace)
        self.keep_button.on_click(self._on_keep)
        self.remove_button.on_click(self._on_remove)
        self.remove_yes_button.on_click(self._on_remove_yes)
        self.remove_no_button.on_click(self._on_remove_no)
        self.date_picker.observe(self._on_date, names="value")
        with self._batch():
            self.entries = tuple(entries)
            self.flags = change_flags(self.entries)
        self._fold_peg()

    def _build_view(self) -> None:
        text = diary_texts()

        self.heading_html = w.HTML(self._intro_markup(text["privacy"]))
        #: The "keep my diary on this device" panel, when one joins (attach_device): under "Save or load your
        #: diary", below the chart, so nothing stands between the diary's lead and the pain scale.
        self.device_box = w.VBox()
        self.device_box.add_class("ow-diary-device-slot")
        form = self._build_form()
        #: The 0 to 10 pain scale picture (data/pictures.yaml places.diary), just above the form.
        self.scale_picture = w.HTML(str(pictures_at_html(self.catalog, "diary")))
        self.scale_picture.add_class("ow-diary-scale-picture")
        self.flags_html = w.HTML()
        self.chart_html = w.HTML()
        self.table_html = w.HTML()
        self.download_html = w.HTML()
        self.trend_heading_html = w.HTML(render("diary/section_heading.html.j2", title=text["trend_title"], intro=""))
        self.files_heading_html = w.HTML(
            render("diary/section_heading.html.j2", title=text["files_title"], intro=text["upload_help"])
        )
        refs = self.catalog.references_for(REFERENCE_IDS)
        self.sources_html = w.HTML(
            render("diary/sources.html.j2", title=text["sources_title"], refs=refs) if self.show_sources else ""
        )
        self.container = container(
            self.heading_html,
            self.scale_picture,
            form,
            self.trend_heading_html,
            self.flags_html,
            self.chart_html,
            self.table_html,
            self.files_heading_html,
            self.download_html,
            self.upload,
            self._build_files(),
            self.device_box,
            self.sources_html,
            cls="ow-diary",
        )

    @staticmethod
    def _intro_markup(privacy: str) -> str:
        text = diary_texts()
        return str(render("diary/intro.html.j2", title=text["diary_title"], intro=text["diary_intro"], privacy=privacy))

    def attach_device(self, panel: w.Widget, privacy: str) -> None:
        """Show ``panel`` (the "keep my diary on this device" panel) under "Save or load your diary", and
        ``privacy`` (one short line: where the diary is kept now) under the diary's title, in place of the
        sentence for a diary kept only in this session."""
        self.device_box.children = (panel,)
        self.show_privacy(privacy)

    def show_privacy(self, privacy: str) -> None:
        """Say under the diary's title where the diary is kept (the panel calls it when its switch changes)."""
        self.heading_html.value = self._intro_markup(privacy)

    def today(self) -> date:
        """The diary's today (fixed in tests)."""
        return self._today()

    # --- state -> view ------------------------------------------------------------------------------
    @validate("entries")
    def _validate_entries(self, proposal: dict[str, Any]) -> tuple[Entry, ...]:
        try:
            return _checked_entries(proposal["value"])
        except ValueError as exc:  # a programmer's mistake: a trait error naming it
            raise TraitError(str(exc)) from None

    @observe("entries")
    def _entries_changed(self, change: dict[str, Any]) -> None:
        with self._batch():
            self.flags = change_flags(change["new"])
            self.csv_href = csv_data_uri(change["new"]) if change["new"] else ""
        if hasattr(self, "peg_toggle"):
            self._fold_peg()  # the weekly questions fold once this week's answers are saved

    @observe(
        "message", "message_kind", "message_place", "problems", "report", "pending", "pending_file", "pending_removal"
    )
    def update(self, change: object = None) -> None:
        """The one place that updates the view from the state (the entries' parts only when they changed)."""
        if self._drawing_waits():
            return
        text = diary_texts()
        # The entries' parts first, the message last: the page applies the updates in the order they are sent,
        # so "Saved your entry" (a status a screen reader announces) never shows before the entry itself does.
        with self.container.hold_sync():
            if self.entries is not self._drawn_entries:
                self._drawn_entries = self.entries
                self.flags_html.value = self._flags_markup()
                chart = trend_chart_html(self.entries)
                self.chart_html.value = render(
                    "diary/chart_panel.html.j2",
                    chart=chart,
                    empty=text["no_entries"],
                    when_to_call_lead=text["trend_call_lead"],
                    when_to_call=text["trend_call"],
                )
                self.table_html.value = self._table_markup()
                self.download_html.value = render(
                    "diary/download.html.j2",
                    href=self.csv_href,
                    filename=csv_filename(self._today()),
                    label=text["download"],
                    empty=text["download_empty"],
                )
            self.confirm_box.layout.display = "flex" if self.pending is not None else "none"
            self.remove_box.layout.display = "flex" if self.pending_removal is not None else "none"
            self._draw_files()
            markup = self._message_markup()
            files = self.message_place == "files"
            self.message_html.value = "" if files else markup
            self.files_message_html.value = markup if files else ""

    def _message_markup(self) -> str:
        if not self.message:
            return ""
        kind = self.message_kind
        return render(
            "diary/message.html.j2",
            message=self.message,
            problems=self.problems or self.report,
            cls=_MESSAGE_CLASS.get(kind, "ow-note"),
            role="status" if kind == "ok" else "alert",
        )

    def _flags_markup(self) -> str:
        flags: tuple[Flag, ...] = self.flags
        if not flags:
            return ""
        text = diary_texts()
        overall = [f for f in flags if f.kind == "since_first"]
        steps = [f for f in flags if f.kind == "since_last"][::-1]
        shown = steps[:MAX_FLAGS_SHOWN]
        hidden = len(steps) - len(shown)
        return render(
            "diary/flags.html.j2",
            title=text["flags_title"],
            messages=[f.message for f in overall + shown],
            more=text.format("flags_more", count=hidden) if hidden else "",
            note=text["flag_note"],
        )

    def _table_markup(self) -> str:
        if not self.entries:
            return ""
        text = diary_texts()
        table = entries_table_html(self.entries)
        caption = text["table_caption"]
        return render("diary/table_panel.html.j2", toggle=text["table_toggle"], caption=caption, table=table)

    # --- controls -> state --------------------------------------------------------------------------
    def _on_save(self, _button: w.Button | None = None) -> None:
        text = diary_texts()
        try:
            entry = self._form_entry()
        except InvalidEntry as exc:  # the answers stay in the form: nothing typed is lost
            self._say("error", text["fix_entry"], exc.problems)
            return
        old = find_entry(self.entries, entry.day)
        if old is not None and old != entry:
            self._say("ask", text.format("exists", day=fmt_day(entry.day)), pending=entry)
            return
        with self._batch():
            self.entries = upsert_entry(self.entries, entry)
            self._say("ok", text.format("saved", day=fmt_day(entry.day)))

    def _on_replace(self, _button: w.Button | None = None) -> None:
        entry = self.pending
        if entry is None:
            return
        with self._batch():
            self.entries = upsert_entry(self.entries, entry)
            self._say("ok", diary_texts().format("replaced", day=fmt_day(entry.day)))

    def _on_keep(self, _button: w.Button | None = None) -> None:
        entry = self.pending
        if entry is None:
            return
        self._say("ok", diary_texts().format("kept_old", day=fmt_day(entry.day)))

    def _on_remove(self, _button: w.Button | None = None) -> None:
        """Ask first: removing cannot be undone."""
        text = diary_texts()
        day = self.date_picker.value
        if day is None:
            self._say("error", text["need_date"])
        elif find_entry(self.entries, day) is None:
            self._say("error", text.format("nothing_to_remove", day=fmt_day(day)))
        else:
            self._say("ask", text.format("remove_ask", day=fmt_day(day)), pending_removal=day)

    def _on_remove_yes(self, _button: w.Button | None = None) -> None:
        day = self.pending_removal
        if day is None:
            return
        with self._batch():
            self.entries = remove_entry(self.entries, day)
            self._say("ok", diary_texts().format("removed", day=fmt_day(day)))

    def _on_remove_no(self, _button: w.Button | None = None) -> None:
        day = self.pending_removal
        if day is None:
            return
        self._say("ok", diary_texts().format("remove_kept", day=fmt_day(day)))

    def _on_date(self, change: dict[str, Any]) -> None:
        """Another day chosen: the form shows that day's saved answers (empty for a day without an entry),
        so nothing from one day looks like another's, unless it holds answers not saved yet: those stay
        (nothing typed is lost; saving asks before replacing anything)."""
        old, day = change["old"], change["new"]
        previous = find_entry(self.entries, old) if old is not None else None
        if self._form_shows(previous):
            self._show_in_form(find_entry(self.entries, day) if day is not None else None)
        self._fold_peg()

    # --- conveniences ------------------------------------------------------------------------------
    @property
    def text(self) -> str:
        """The HTML the widget shows, stylesheet left out (for tests and quick checks)."""
        return html_text(self.container)


def _checked_entries(value: Iterable[object]) -> tuple[Entry, ...]:
    """``value`` as a diary (Entry records, oldest first), or ValueError naming what is wrong with it."""
    items = tuple(value)
    if not all(isinstance(e, Entry) for e in items):
        raise ValueError("PainDiary.entries must hold Entry records")
    if len(items) > MAX_ROWS:
        raise ValueError(f"PainDiary.entries holds at most {MAX_ROWS} entries")
    return sort_entries(e for e in items if isinstance(e, Entry))
