"""The pain diary widget: daily entries (pain today 0-10, PEG scale, what I tried, how much it helped),
a trend chart with a table, change flags, and CSV download/upload. All logic is in ``osteo_lib.care.diary``.

The diary lives only in this widget's state for the current kernel session. Nothing is written to
disk: the CSV download is a ``data:`` link and an uploaded file is parsed in memory.

Example (a notebook cell)::

    from osteo_lib.views.widgets.diary import PainDiary
    diary = PainDiary()
    diary.container

State for tests and other widgets: ``entries`` (tuple of :class:`osteo_lib.care.diary.Entry`, oldest
first), ``flags`` (tuple of :class:`osteo_lib.care.diary.Flag`), ``message`` and ``message_kind``
(``""``, ``"ok"``, ``"ask"`` or ``"error"``), ``problems`` (tuple of str), ``pending`` (the entry
waiting for "replace?" confirmation, or ``None``) and ``csv_href`` (the download link's address).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, Final, TypeAlias

import ipywidgets as w
from traitlets import Any as AnyTrait
from traitlets import HasTraits, TraitError, Unicode, observe, validate
from traitlets import Tuple as TupleTrait

from osteo_lib.content.catalog import Catalog
from osteo_lib.care.diary import (
    HELP_WORDS,
    MAX_ROWS,
    MAX_TEXT,
    REFERENCE_IDS,
    SCALE_MAX,
    SCALE_MIN,
    TEXT,
    Entry,
    Flag,
    ImportResult,
    InvalidEntry,
    change_flags,
    csv_data_uri,
    csv_filename,
    entries_table_html,
    find_entry,
    fmt_day,
    make_entry,
    merge_entries,
    parse_csv,
    remove_entry,
    size_problem,
    sort_entries,
    trend_svg,
    upsert_entry,
)
from osteo_lib.views.widgets.base import Widget, bullet_list, container, join, resolve_catalog, sources_html, tag

__all__ = ["TEXT", "PainDiary"]

OTHER: Final = "__other__"
UNSET: Final = -1  # value of "Choose a number" in the 0-10 dropdowns
MAX_FLAGS_SHOWN: Final = 5
Today: TypeAlias = "date | Callable[[], date] | None"
# Show whole descriptions (ipywidgets cuts long ones at about 90 pixels otherwise).
_WIDE: Final = {"description_width": "initial"}


def today_function(today: Today) -> Callable[[], date]:
    """``today`` as a function: a fixed date, a callable, or ``date.today`` when ``None``."""
    if today is None:
        return date.today
    if isinstance(today, date):
        fixed = today
        return lambda: fixed
    return today


def _scale_options(low: str, high: str) -> list[tuple[str, int]]:
    # UNSET, not None: a Dropdown whose value is None shows an empty box instead of "Choose a number".
    options: list[tuple[str, int]] = [(TEXT["choose_number"], UNSET)]
    for value in range(SCALE_MIN, SCALE_MAX + 1):
        anchor = TEXT[low] if value == SCALE_MIN else TEXT[high] if value == SCALE_MAX else ""
        options.append((f"{value} \u2013 {anchor}" if anchor else str(value), value))
    return options


def _score(dropdown: w.Dropdown) -> int | None:
    value = dropdown.value
    return None if value is None or value == UNSET else int(value)


def _helped_options() -> list[tuple[str, str]]:
    words = [(word.capitalize(), word) for word in HELP_WORDS]
    numbers = [(TEXT["helped_number"].format(value=v), str(v)) for v in range(SCALE_MIN, SCALE_MAX + 1)]
    return [(TEXT["helped_none"], ""), *words, *numbers]


class BatchedView(Widget):
    """Base for this family's widgets: state traits change inside ``with self._batch():`` and the
    view is rendered once at the end by ``_render()`` (the single state -> view path)."""

    _batch_depth = 0

    @contextmanager
    def _batch(self) -> Iterator[None]:
        """Change several state traits, then render once."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
        if self._batch_depth == 0:
            self._render()

    def _render_unless_batched(self) -> None:
        if self._batch_depth == 0:
            self._render()

    def _render(self) -> None:
        raise NotImplementedError


class PainDiary(BatchedView):
    """A daily pain diary with a trend chart, change flags and CSV download/upload.

    Usage::

        diary = PainDiary()            # or PainDiary(catalog, today=date(2025, 3, 2)) in tests
        diary.container                # display it
        diary.entries                  # tuple of Entry, oldest first

    A second entry for a date that already has one is not saved straight away: the widget asks
    "replace it?" with two buttons (``Yes, replace it`` / ``No, keep the old one``). An uploaded CSV
    file is merged into the diary; where both have a date, the entry made here is kept. A file with
    any problem changes nothing and the message lists each problem with its row number.
    """

    entries = TupleTrait(help="The diary: Entry records, oldest first, one per date.")
    flags = TupleTrait(help="Changes of 2 points or more in pain today (Flag records); derived from entries.")
    message = Unicode("", help="The last message shown to the person.")
    message_kind = Unicode("", help='"" (none), "ok", "ask" (waiting for an answer) or "error".')
    problems = TupleTrait(help="Problems listed under an error message (entry form or uploaded file).")
    pending = AnyTrait(None, allow_none=True, help="The new Entry waiting for 'replace?' confirmation.")
    csv_href = Unicode("", help="data: address of the CSV download ('' when the diary is empty).")

    def __init__(self, catalog: Catalog | None = None, *, today: Today = None, entries: Iterable[Entry] = ()) -> None:
        super().__init__()
        self.catalog = resolve_catalog(catalog)
        self._today = today_function(today)
        self._drawn_entries: tuple[Entry, ...] | None = None
        now = self._today()

        self.date_picker = w.DatePicker(description=TEXT["date_label"], value=now, max=now)
        self.pain = w.Dropdown(options=_scale_options("anchor_no_pain", "anchor_worst"), value=UNSET,
                                     description=TEXT["pain_label"], style=_WIDE)
        self.peg_pain = w.Dropdown(options=_scale_options("anchor_no_pain", "anchor_worst"), value=UNSET,
                                         description=TEXT["peg_p_label"], style=_WIDE)
        self.peg_enjoyment = w.Dropdown(options=_scale_options("anchor_no_interfere", "anchor_full_interfere"),
                                              value=UNSET, description=TEXT["peg_e_label"], style=_WIDE)
        self.peg_activity = w.Dropdown(options=_scale_options("anchor_no_interfere", "anchor_full_interfere"),
                                             value=UNSET, description=TEXT["peg_g_label"], style=_WIDE)
        names = sorted({m.name for m in self.catalog.methods}, key=str.casefold)
        self.tried = w.Dropdown(options=[(TEXT["tried_none"], ""), *[(n, n) for n in names], (TEXT["tried_other"], OTHER)],
                                      value="", description=TEXT["tried_label"], style=_WIDE)
        self.other = w.Text(value="", description=TEXT["other_label"], placeholder=TEXT["other_placeholder"], style=_WIDE)
        self.helped = w.Dropdown(options=_helped_options(), value="", description=TEXT["helped_label"], style=_WIDE)
        self.note = w.Text(value="", description=TEXT["note_label"], placeholder=TEXT["note_placeholder"], style=_WIDE)
        for text_box in (self.other, self.note):
            text_box.layout = w.Layout(width="100%", max_width="40rem")
        self.save_button = w.Button(description=TEXT["save"], button_style="primary", tooltip=TEXT["save"])
        self.replace_button = w.Button(description=TEXT["replace"], button_style="warning", tooltip=TEXT["replace"])
        self.keep_button = w.Button(description=TEXT["keep"], tooltip=TEXT["keep"])
        self.remove_button = w.Button(description=TEXT["remove"], tooltip=TEXT["remove"])
        for button in (self.save_button, self.replace_button, self.keep_button, self.remove_button):
            button.layout = w.Layout(width="auto")
        self.upload = w.FileUpload(accept=".csv,text/csv", multiple=False, description=TEXT["upload_label"])
        self.upload.layout = w.Layout(width="auto")

        self.message_html = w.HTML()
        self.confirm_box = w.HBox([self.replace_button, self.keep_button], layout=w.Layout(display="none"))
        self.confirm_box.add_class("ow-diary-confirm")
        self.flags_html = w.HTML()
        self.chart_html = w.HTML()
        self.table_html = w.HTML()
        self.download_html = w.HTML()

        def question(key: str, anchor: str | None = None) -> w.HTML:
            text = tag("p", TEXT[key], cls="ow-diary-question")
            return w.HTML(text + (tag("p", TEXT[anchor], cls="ow-note") if anchor else ""))

        form = w.VBox([
            self.date_picker,
            question("pain_question", "pain_anchor"), self.pain,
            w.HTML(tag("p", TEXT["peg_intro"], cls="ow-diary-peg-intro")),
            question("peg_p_question", "pain_anchor"), self.peg_pain,
            question("peg_e_question", "interfere_anchor"), self.peg_enjoyment,
            question("peg_g_question", "interfere_anchor"), self.peg_activity,
            self.tried, self.other, self.helped, self.note,
            w.HBox([self.save_button, self.remove_button]),
            self.message_html, self.confirm_box,
        ])
        form.add_class("ow-diary-form")
        self.container = container(
            w.HTML(tag("h2", TEXT["diary_title"]) + tag("p", TEXT["diary_intro"])
                   + tag("p", TEXT["privacy"], cls="ow-note ow-diary-privacy")),
            form,
            w.HTML(tag("h3", TEXT["trend_title"])),
            self.flags_html, self.chart_html, self.table_html,
            w.HTML(tag("h3", TEXT["files_title"]) + tag("p", TEXT["upload_help"])),
            self.download_html, self.upload,
            w.HTML(tag("h4", TEXT["sources_title"]) + sources_html(self.catalog, REFERENCE_IDS, "patient")),
            cls="ow-diary",
        )

        self.save_button.on_click(self._on_save)
        self.replace_button.on_click(self._on_replace)
        self.keep_button.on_click(self._on_keep)
        self.remove_button.on_click(self._on_remove)
        self.upload.observe(self._on_upload, names="value")
        with self._batch():
            self.entries = tuple(entries)
            self.flags = change_flags(self.entries)

    # --- state -> view ------------------------------------------------------------------------------
    @validate("entries")
    def _validate_entries(self, proposal: dict[str, Any]) -> tuple[Entry, ...]:
        value = proposal["value"]
        if not all(isinstance(e, Entry) for e in value):
            raise TraitError("PainDiary.entries must hold Entry records")
        if len(value) > MAX_ROWS:
            raise TraitError(f"PainDiary.entries holds at most {MAX_ROWS} entries")
        try:
            return sort_entries(value)
        except ValueError as exc:
            raise TraitError(str(exc)) from None

    @observe("entries")
    def _entries_changed(self, change: dict[str, Any]) -> None:
        with self._batch():
            self.flags = change_flags(change["new"])
            self.csv_href = csv_data_uri(change["new"]) if change["new"] else ""

    @observe("message", "message_kind", "problems", "pending")
    def _state_changed(self, change: dict[str, Any]) -> None:
        self._render_unless_batched()

    def _render(self) -> None:
        """The one place that updates the view from the state."""
        if not hasattr(self, "container"):
            return
        with self.container.hold_sync():
            self.message_html.value = self._message_markup()
            self.confirm_box.layout.display = "flex" if self.pending is not None else "none"
            if self.entries is not self._drawn_entries:
                self._drawn_entries = self.entries
                self.flags_html.value = self._flags_markup()
                self.chart_html.value = self._chart_markup()
                self.table_html.value = self._table_markup()
                self.download_html.value = self._download_markup()

    def _message_markup(self) -> str:
        if not self.message:
            return ""
        kind = self.message_kind
        body = tag("p", self.message) + bullet_list(self.problems)
        cls = {"ok": "ow-ok", "ask": "ow-warning", "error": "ow-error"}.get(kind, "ow-note")
        role = "status" if kind == "ok" else "alert"
        return tag("div", body, cls=f"ow-diary-message {cls}", raw=True, role=role)

    def _flags_markup(self) -> str:
        flags: tuple[Flag, ...] = self.flags
        if not flags:
            return ""
        overall = [f for f in flags if f.kind == "since_first"]
        steps = [f for f in flags if f.kind == "since_last"][::-1]
        shown = steps[:MAX_FLAGS_SHOWN]
        items = bullet_list(f.message for f in overall + shown)
        hidden = len(steps) - len(shown)
        more = tag("p", TEXT["flags_more"].format(count=hidden), cls="ow-note") if hidden else ""
        body = tag("h4", TEXT["flags_title"]) + items + more + tag("p", TEXT["flag_note"], cls="ow-note")
        return tag("div", body, cls="ow-warning ow-diary-flags", raw=True)

    def _chart_markup(self) -> str:
        if not self.entries:
            return tag("p", TEXT["no_entries"], cls="ow-note")
        return tag("div", trend_svg(self.entries), cls="ow-diary-chart", raw=True)

    def _table_markup(self) -> str:
        if not self.entries:
            return ""
        table = tag("div", entries_table_html(self.entries), cls="ow-diary-table-wrap", raw=True,
                    role="region", tabindex="0", aria_label=TEXT["table_caption"])
        return tag("details", tag("summary", TEXT["table_toggle"]) + table, cls="ow-diary-details", raw=True)

    def _download_markup(self) -> str:
        if not self.entries:
            return tag("p", TEXT["download_empty"], cls="ow-note")
        link = tag("a", TEXT["download"], cls="ow-diary-download", href=self.csv_href,
                   download=csv_filename(self._today()))
        return tag("p", link, raw=True)

    # --- controls -> state --------------------------------------------------------------------------
    def _say(self, kind: str, text: str, problems: Iterable[str] = (), *, pending: Entry | None = None) -> None:
        with self._batch():
            self.message_kind = kind
            self.message = text
            self.problems = tuple(problems)
            self.pending = pending

    def _form_entry(self) -> Entry:
        choice = self.tried.value
        other = self.other.value.strip()
        problems: list[str] = []
        if choice == OTHER and not other:
            problems.append(TEXT["need_other"])
        elif choice != OTHER and other:
            problems.append(TEXT["other_without_choice"])
        tried = other if choice == OTHER else choice
        try:
            entry = make_entry(
                self.date_picker.value, _score(self.pain), _score(self.peg_pain), _score(self.peg_enjoyment),
                _score(self.peg_activity), tried=tried, helped=self.helped.value or "", note=self.note.value,
                today=self._today(),
            )
        except InvalidEntry as exc:
            raise InvalidEntry([*exc.problems, *problems]) from None
        if problems:
            raise InvalidEntry(problems)
        return entry

    def _on_save(self, _button: w.Button | None = None) -> None:
        try:
            entry = self._form_entry()
        except InvalidEntry as exc:
            self._say("error", TEXT["fix_entry"], exc.problems)
            return
        old = find_entry(self.entries, entry.day)
        if old is not None and old != entry:
            self._say("ask", TEXT["exists"].format(day=fmt_day(entry.day)), pending=entry)
            return
        with self._batch():
            self.entries = upsert_entry(self.entries, entry)
            self._say("ok", TEXT["saved"].format(day=fmt_day(entry.day)))

    def _on_replace(self, _button: w.Button | None = None) -> None:
        entry = self.pending
        if entry is None:
            return
        with self._batch():
            self.entries = upsert_entry(self.entries, entry)
            self._say("ok", TEXT["replaced"].format(day=fmt_day(entry.day)))

    def _on_keep(self, _button: w.Button | None = None) -> None:
        entry = self.pending
        if entry is None:
            return
        self._say("ok", TEXT["kept_old"].format(day=fmt_day(entry.day)))

    def _on_remove(self, _button: w.Button | None = None) -> None:
        day = self.date_picker.value
        if day is None:
            self._say("error", TEXT["need_date"])
        elif find_entry(self.entries, day) is None:
            self._say("error", TEXT["nothing_to_remove"].format(day=fmt_day(day)))
        else:
            with self._batch():
                self.entries = remove_entry(self.entries, day)
                self._say("ok", TEXT["removed"].format(day=fmt_day(day)))

    def _on_upload(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        name = str(upload.get("name", ""))[:MAX_TEXT]
        try:
            self.import_csv(upload["content"], name=name, size=int(upload.get("size", 0) or 0))
        finally:
            self.upload.value = ()  # so that loading the same file again is noticed

    def import_csv(self, content: bytes | memoryview, *, name: str = "", size: int | None = None) -> bool:
        """Load a diary CSV file's bytes (what the upload button does). Returns whether it was loaded.

        The size is checked before anything is parsed. On any problem the diary is unchanged and the
        message lists the problems by row."""
        too_big = size_problem(max(len(content), size or 0))
        result = ImportResult((), (too_big,)) if too_big else parse_csv(bytes(content), today=self._today())
        rejected = TEXT["import_rejected"].format(name=name)
        if not result.ok:
            self._say("error", rejected, result.messages())
            return False
        merged, kept = merge_entries(self.entries, result.entries)
        if len(merged) > MAX_ROWS:
            self._say("error", rejected, [TEXT["import_total"].format(count=len(merged), limit=MAX_ROWS)])
            return False
        text = TEXT["import_ok"].format(count=len(result.entries), name=name)
        if kept:
            text += " " + TEXT["import_kept"].format(count=len(kept))
        with self._batch():
            self.entries = merged
            self._say("ok", text)
        return True

    # --- conveniences ------------------------------------------------------------------------------
    @property
    def text(self) -> str:
        """The HTML the widget shows, stylesheet left out (for tests and quick checks)."""
        return html_text(self.container)


def html_text(root: w.Widget) -> str:
    """The values of every HTML widget under ``root`` except the stylesheet carrier."""
    return join(c.value for c in walk(root) if isinstance(c, w.HTML) and not c.value.startswith("<style>"))


def walk(widget: w.Widget) -> Iterator[w.Widget]:
    """``widget`` and every widget inside it, depth first."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)
