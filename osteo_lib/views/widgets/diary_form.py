"""The pain diary's entry form: the questions (pain today, the three PEG items, what I tried, how much it
helped, a note), their controls, and reading the answers into an :class:`~osteo_lib.care.diary.Entry`.

Quick entry: only the date (today by default) and pain today are needed, so choosing a number and
pressing "Save entry" saves the day. The 0-10 answers are large buttons
(:class:`~osteo_lib.views.widgets.scale_buttons.ScaleButtons`, ``value`` ``None`` until chosen) with the
words of 0 and 10 on them. The three PEG questions are optional and asked once a week: they sit in a
fold opened by the "Answer the 3 weekly questions" switch (``peg_toggle``), open by itself when no
entry in the past 7 days has them (:func:`~osteo_lib.care.diary.peg_due`) or when the form holds PEG
answers (a fold never hides an answer). "What I tried" takes several things: one method picked from the
list and, in the "Other things I tried" box, anything else; they are saved together, joined by
:data:`TRIED_JOIN` ("Heat packs; a short walk"), and shown in their places again when the day is chosen.

:class:`EntryForm` is a part of :class:`~osteo_lib.views.widgets.diary.PainDiary` (it builds the
controls as the diary's attributes: ``diary.pain``, ``diary.save_button``...). Words from
``data/ui/diary.yaml``, paragraphs from ``templates/diary/paragraphs.html.j2``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Final

import ipywidgets as w

from osteo_lib.care.diary import (
    HELP_WORDS,
    MAX_BYTES,
    Entry,
    InvalidEntry,
    diary_texts,
    make_entry,
    peg_due,
)
from osteo_lib.content.catalog import Catalog
from osteo_lib.views.templates import render
from osteo_lib.views.widgets.file_button import FileButton
from osteo_lib.views.widgets.scale_buttons import ScaleButtons

__all__ = ["OTHER", "TRIED_JOIN", "EntryForm"]

OTHER: Final = "__other__"  # value of "Something else" in "What I tried"
#: Between the things tried on one day: the method picked from the list, then what was written.
TRIED_JOIN: Final = "; "
# Show whole descriptions (ipywidgets cuts long ones at about 90 pixels otherwise).
_WIDE: Final = {"description_width": "initial"}


def _helped_options(kept: str = "") -> list[tuple[str, str]]:
    """Words only (not a 0-10 number beside the pain scales, where 10 is the worst); a number from an older
    diary file (``kept``) is offered too, with both ends named, so that opening that day loses nothing."""
    text = diary_texts()
    words = [(text[f"helped_word_{word.replace(' ', '_')}"], word) for word in HELP_WORDS]
    number = [(text.format("helped_number", value=kept), kept)] if kept not in {"", *HELP_WORDS} else []
    return [(text["helped_none"], ""), *words, *number]


class EntryForm:
    """The entry form's controls and the reading of its answers (a part of the diary widget)."""

    _today: Callable[[], date]
    catalog: Catalog
    date_picker: w.DatePicker
    entries: tuple[Entry, ...]
    pain: ScaleButtons
    peg_pain: ScaleButtons
    peg_enjoyment: ScaleButtons
    peg_activity: ScaleButtons
    peg_toggle: w.Checkbox
    peg_box: w.VBox
    tried: w.Dropdown
    other: w.Text
    helped: w.Dropdown
    note: w.Text
    save_button: w.Button
    replace_button: w.Button
    keep_button: w.Button
    remove_button: w.Button
    remove_yes_button: w.Button
    remove_no_button: w.Button
    remove_box: w.HBox
    actions_box: w.HBox
    upload: FileButton
    message_html: w.HTML
    confirm_box: w.HBox

    def _build_controls(self, catalog: Catalog, now: date) -> None:
        """Make every control of the form (the buttons and the upload button too)."""
        text = diary_texts()

        def scale(label: str, low: str, high: str) -> ScaleButtons:
            return ScaleButtons(label=text[label], low_words=text[low], high_words=text[high])

        def button(key: str, style: str = "") -> w.Button:
            return w.Button(description=text[key], tooltip=text[key], button_style=style, layout=w.Layout(width="auto"))

        self.date_picker = w.DatePicker(description=text["date_label"], value=now, max=now)
        self.pain = scale("pain_label", "anchor_no_pain", "anchor_worst")
        self.peg_pain = scale("peg_p_label", "anchor_no_pain", "anchor_worst")
        self.peg_enjoyment = scale("peg_e_label", "anchor_no_interfere", "anchor_full_interfere")
        self.peg_activity = scale("peg_g_label", "anchor_no_interfere", "anchor_full_interfere")
        self.peg_toggle = w.Checkbox(value=True, description=text["peg_toggle"], indent=False)
        self.peg_toggle.add_class("ow-diary-peg-toggle")
        names = sorted({m.name for m in catalog.methods}, key=str.casefold)
        tried = [(text["tried_none"], ""), *[(n, n) for n in names], (text["tried_other"], OTHER)]
        self.tried = w.Dropdown(options=tried, value="", description=text["tried_label"], style=_WIDE)
        wide = {"width": "100%", "max_width": "40rem"}
        self.other = w.Text(
            description=text["other_more_label"],
            placeholder=text["other_more_placeholder"],
            style=_WIDE,
            layout=w.Layout(**wide),
        )
        self.helped = w.Dropdown(options=_helped_options(), value="", description=text["helped_label"], style=_WIDE)
        self.note = w.Text(
            description=text["note_label"], placeholder=text["note_placeholder"], style=_WIDE, layout=w.Layout(**wide)
        )
        self.save_button = button("save", "primary")
        self.replace_button = button("replace", "warning")
        self.keep_button = button("keep")
        self.remove_button = button("remove")
        self.remove_yes_button = button("remove_yes", "danger")
        self.remove_no_button = button("remove_no")
        self.upload = FileButton(description=text["upload_label"], max_bytes=MAX_BYTES, layout=w.Layout(width="auto"))

    def _build_form(self) -> w.VBox:
        """The form: every question with its control, the buttons, the message and the "replace?" question."""
        text = diary_texts()

        def paragraphs(*pairs: tuple[str, str]) -> w.HTML:
            return w.HTML(render("diary/paragraphs.html.j2", paragraphs=[(cls, text[key]) for cls, key in pairs]))

        def question(key: str) -> w.HTML:
            return paragraphs(("ow-diary-question", key))

        self.message_html = w.HTML()
        self.actions_box = w.HBox([self.save_button, self.remove_button])
        self.actions_box.add_class("ow-diary-actions")  # one full-width row each (static/css/diary.css)
        self.confirm_box = w.HBox([self.replace_button, self.keep_button], layout=w.Layout(display="none"))
        self.confirm_box.add_class("ow-diary-confirm")
        self.remove_box = w.HBox([self.remove_yes_button, self.remove_no_button], layout=w.Layout(display="none"))
        self.remove_box.add_class("ow-diary-confirm")
        self.peg_box = w.VBox(
            [
                paragraphs(("ow-note", "peg_scale_note")),
                question("peg_p_question"),
                self.peg_pain,
                question("peg_e_question"),
                self.peg_enjoyment,
                question("peg_g_question"),
                self.peg_activity,
            ]
        )
        self.peg_box.add_class("ow-diary-peg")
        self.peg_toggle.observe(self._on_peg_toggle, names="value")
        for control in (self.peg_pain, self.peg_enjoyment, self.peg_activity):
            control.observe(self._on_peg_answer, names="value")
        form = w.VBox(
            [
                self.date_picker,
                paragraphs(("ow-diary-question", "pain_question"), ("ow-note", "pain_needed")),
                self.pain,
                paragraphs(("ow-diary-peg-intro", "peg_intro")),
                self.peg_toggle,
                self.peg_box,
                self.tried,
                self.other,
                self.helped,
                self.note,
                self.actions_box,
                self.message_html,
                self.confirm_box,
                self.remove_box,
            ]
        )
        form.add_class("ow-diary-form")
        return form

    def _show_in_form(self, entry: Entry | None) -> None:
        """Fill the questions with ``entry`` (the day's saved answers), or clear them (``None``); the date
        stays as it is."""
        if entry is None:
            values: tuple[int | None, ...] = (None, None, None, None)
            tried, other, helped, note = "", "", "", ""
        else:
            values = (entry.pain, entry.peg_pain, entry.peg_enjoyment, entry.peg_activity)
            tried, other = self._split_tried(entry.tried)
            helped = entry.helped
            note = entry.note
        for control, value in zip(
            (self.pain, self.peg_pain, self.peg_enjoyment, self.peg_activity), values, strict=True
        ):
            control.value = value
        self.helped.options = _helped_options(helped)
        self.tried.value, self.other.value, self.helped.value, self.note.value = tried, other, helped, note

    def _split_tried(self, saved: str) -> tuple[str, str]:
        """What a saved "tried" shows in the form: (the list's choice, the text box). A method of the list
        (first) and what was written after it go to their own places; any other text goes in the box."""
        names = {m.name for m in self.catalog.methods}
        if not saved or saved in names:
            return saved, ""
        first, join, rest = saved.partition(TRIED_JOIN)
        if join and first in names and rest.strip():
            return first, rest
        return "", saved

    def _tried_text(self) -> str:
        """Everything tried that the form holds: the method picked in the list and what was written."""
        choice = self.tried.value
        parts = [choice] if choice not in ("", OTHER) else []
        other = self.other.value.strip()
        return TRIED_JOIN.join([*parts, *([other] if other else [])])

    def _form_shows(self, entry: Entry | None) -> bool:
        """True when the questions hold nothing but ``entry``'s saved answers (or nothing, for ``None``)."""
        scores = tuple(c.value for c in (self.pain, self.peg_pain, self.peg_enjoyment, self.peg_activity))
        rest = (self.tried.value, self.other.value.strip(), self.helped.value or "", self.note.value.strip())
        if entry is None:
            return scores == (None,) * 4 and rest == ("", "", "", "")
        saved = (entry.pain, entry.peg_pain, entry.peg_enjoyment, entry.peg_activity)
        return scores == saved and (self._tried_text(), rest[2], rest[3]) == (
            entry.tried,
            entry.helped,
            entry.note.strip(),
        )

    def _form_entry(self) -> Entry:
        """The answers of the form as an Entry; :class:`InvalidEntry` lists every problem."""
        text = diary_texts()
        choice = self.tried.value
        other = self.other.value.strip()
        problems: list[str] = []
        if choice == OTHER and not other:
            problems.append(text["need_other"])
        tried = self._tried_text()
        peg = (self.peg_pain.value, self.peg_enjoyment.value, self.peg_activity.value)
        scores = (self.pain.value, *(peg if self.peg_toggle.value else (None, None, None)))
        try:
            entry = make_entry(
                self.date_picker.value,
                *scores,
                tried=tried,
                helped=self.helped.value or "",
                note=self.note.value,
                today=self._today(),
            )
        except InvalidEntry as exc:
            raise InvalidEntry([*exc.problems, *problems]) from None
        if problems:
            raise InvalidEntry(problems)
        return entry

    # --- the weekly questions' fold -----------------------------------------------------------------
    def _peg_answered(self) -> bool:
        """True when the form holds any PEG answer."""
        return any(c.value is not None for c in (self.peg_pain, self.peg_enjoyment, self.peg_activity))

    def _fold_peg(self) -> None:
        """Open the weekly questions when they are due for the form's date (none in the past 7 days) or
        when the form holds a PEG answer; otherwise fold them."""
        day = self.date_picker.value or self._today()
        self.peg_toggle.value = peg_due(self.entries, day) or self._peg_answered()
        self._show_peg()

    def _on_peg_toggle(self, _change: object = None) -> None:
        self._show_peg()

    def _on_peg_answer(self, change: dict[str, object]) -> None:
        if change["new"] is not None:
            self.peg_toggle.value = True  # an answer is never hidden

    def _show_peg(self) -> None:
        """Show the weekly questions when the switch is on. An answer given opens them; folded by the
        person, their answers stay in the controls (opening the fold again shows them) but are not saved:
        what is saved is what the form shows."""
        self.peg_box.layout.display = "flex" if self.peg_toggle.value else "none"
