"""Knowledge checks: NGN-style questions from ``data/quizzes/*.yaml``, one at a time, with feedback.

Usage (a notebook cell)::

    from osteo_lib.views.widgets.quiz import KnowledgeCheck
    check = KnowledgeCheck("widget_demo")
    check

The questions are shown one at a time (Previous / Next question buttons move between them; answers
are kept while moving). Each question type gets standard, keyboard-usable ipywidgets controls:
single = RadioButtons, multiple = a Checkbox per choice, select_n = a Checkbox per choice that refuses
a tick beyond N (the box stays unticked and an alert says to untick one first), matrix = a
:class:`~osteo_lib.views.widgets.ngn_layout.ChoiceGrid` table (a row per statement, a column per option, a
radio button in each cell, one per row), highlight = the parts of the note in reading order, flowing
as text, a Checkbox each (a ticked part is marked like a highlighter),
cloze = the sentence with a Dropdown in each gap (its label is the Dropdown's description, kept
for screen readers and visually hidden), matrix_multiple = the same table with a checkbox in each cell,
drag_drop = a :class:`~osteo_lib.views.widgets.drag_drop.DragDrop` board (tokens dragged into the
sentence's gaps, or picked and placed with the keyboard), ordering = a DragDrop board in order mode (steps
dragged into a numbered list, or added with Enter and moved with Up / Down buttons), bowtie = a
:class:`~osteo_lib.views.widgets.ngn_layout.BowtieBoard` (the bowtie's slots, actions to take left, the
condition most likely centre, parameters to monitor right, showing what was chosen, above the three
option lists: radio buttons for the condition, checkboxes for actions and parameters, each stating how many
to choose). The choices are shown in an order of the student's own, stable
across reloads and kernel restarts (:func:`osteo_lib.care.quiz_order.choice_order`, seeded by
:func:`~osteo_lib.care.quiz_order.student_seed`: the JupyterHub user name, else the OS user name);
matrix columns keep the data order. Answers are scored by choice id, so the order changes nothing in
the score. *Check answer* scores the answer with :func:`osteo_lib.care.quiz.score`, locks the
question and shows the feedback: right / partly right / not right, the points, what was right or
wrong in the answer, the explanation and its sources. *Try this question again* (``retry_button``, enabled once the
question shown is checked) clears that question's answer, feedback and points and unlocks it; every other
answer and score stays. *Start again* clears every answer.

Without keys (a bank with ``keys: false``, as in the student version that ``make student-version``
writes) nothing is scored and no feedback is shown: *Save answer* records the answer (the question stays
open, and saving again replaces it), the question says it is saved, and once the student has typed
their name a link downloads every saved answer as one JSON file to hand in
(:mod:`osteo_lib.care.quiz_answers`), which the instructor scores with ``osteo-workbook grade``.

State: ``score``, ``max_score``, ``answered`` (read-only traits), ``index`` (the question shown,
0-based; may be set), ``results`` (item id -> :class:`~osteo_lib.care.quiz.Score`), ``current_item`` and
``controls`` (the answer controls of the question shown). Without keys: ``keyed`` is false, ``answered``
counts saved answers, ``saved`` (item id -> response), ``student`` (the name Text) and ``answers_href``
(the ``data:`` address of the answer file, ``""`` until there is a name and a saved answer).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import ipywidgets as w
import traitlets as t

from osteo_lib.care.download import data_uri
from osteo_lib.care.quiz import Mark, Response, Score
from osteo_lib.care.quiz import score as score_item
from osteo_lib.care.quiz_answers import MIME, answers_json, file_name, response_to_json
from osteo_lib.care.quiz_order import ordered, shown_choices, student_seed, token_order
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.quiz import BOWTIE_PARTS, Bank, BowtiePartName, Choice, Item, load_bank
from osteo_lib.content.ui import UiTexts, ui_texts
from osteo_lib.views.templates import Markup, render
from osteo_lib.views.widgets.base import Widget, container, resolve_catalog
from osteo_lib.views.widgets.drag_drop import DragDrop
from osteo_lib.views.widgets.keyboard_scope import KeyboardScope
from osteo_lib.views.widgets.ngn_layout import BowtieBoard, BowtieColumn, ChoiceGrid

__all__ = ["Audience", "ItemControls", "KnowledgeCheck", "texts"]

Audience = Literal["student", "patient"]


def texts() -> UiTexts:
    """Every string the learner sees (``data/ui/quiz.yaml``). The ``judgment_step``, ``step_*`` and
    ``scoring_*`` texts are shown only to nursing students (audience="student")."""
    return ui_texts("quiz")


class ItemControls:
    """The answer controls of one question and the response they hold.

    ``radio`` is the RadioButtons of a single item; ``checks`` maps ``"choices"`` (multiple, select_n and
    highlight items) to a Checkbox per choice id; ``dropdowns`` maps a cloze drop-down id to its Dropdown;
    ``grid`` is the :class:`~osteo_lib.views.widgets.ngn_layout.ChoiceGrid` of a matrix or matrix_multiple
    item and ``bowtie`` the :class:`~osteo_lib.views.widgets.ngn_layout.BowtieBoard` of a bowtie (answer
    with their ``choose(part, choice)``); ``board`` the DragDrop of drag_drop and ordering items; ``hint``
    says how to answer (a matrix's table says it in its caption). ``box`` holds them all.

    Choices (of single and multiple items and of each bowtie part) are in the display order for
    ``seed`` (:func:`osteo_lib.care.quiz_order.ordered`); ``checks``, the radio options and the bowtie's
    lists follow it.
    """

    def __init__(self, item: Item, seed: str = "") -> None:
        self.item = item
        self.seed = seed
        #: Mark part (``answer``, ``choices`` or a bowtie part) -> its choice ids in display order.
        self.order: dict[str, tuple[str, ...]] = {}
        self.radio: w.RadioButtons | None = None
        self.checks: dict[str, dict[str, w.Checkbox]] = {}
        self.dropdowns: dict[str, w.Dropdown] = {}
        #: drag_drop and ordering: the drag and drop board (None for other types).
        self.board: DragDrop | None = None
        #: matrix and matrix_multiple: the table of radio buttons or checkboxes (None for other types).
        self.grid: ChoiceGrid | None = None
        #: bowtie: the bowtie and its option lists (None for other types).
        self.bowtie: BowtieBoard | None = None
        #: select_n: the alert shown when a tick beyond N was refused ('' when there is none).
        self.limit_notice = w.HTML("")
        self._refusing = False
        text = texts()
        hint = text.format("hint_select_n", n=item.select) if item.type == "select_n" else text[f"hint_{item.type}"]
        self.hint = w.HTML(str(render("quiz/hint.html.j2", hint=hint)))
        children: list[w.Widget] = [self.hint]
        if item.type == "single":
            self.radio = _radio(shown_choices(item, seed))
            self.order["answer"] = tuple(v for _label, v in self.radio.options)
            children.append(self.radio)
        elif item.type == "multiple":
            self.checks["choices"] = _checkboxes(shown_choices(item, seed))
            self.order["choices"] = tuple(self.checks["choices"])
            children.extend(self.checks["choices"].values())
        elif item.type == "highlight":  # the note's parts in reading order, flowing as text; a ticked part is marked
            self.checks["choices"] = _checkboxes(shown_choices(item, seed))
            self.order["choices"] = tuple(self.checks["choices"])
            for box in self.checks["choices"].values():
                box.add_class("ow-quiz-highlight-part")
            note = w.Box(list(self.checks["choices"].values()))
            note.add_class("ow-quiz-highlight-note")
            children.append(note)
        elif item.type == "select_n":
            self.checks["choices"] = _checkboxes(shown_choices(item, seed))
            self.order["choices"] = tuple(self.checks["choices"])
            for box in self.checks["choices"].values():
                box.observe(self._limit, names="value")
            self.limit_notice.add_class("ow-quiz-limit")
            children.extend([*self.checks["choices"].values(), self.limit_notice])
        elif item.type in ("matrix", "matrix_multiple"):
            self.grid = ChoiceGrid(
                rows=[(r.id, r.text) for r in item.rows],
                columns=[(c.id, c.text) for c in item.columns],
                multiple=item.type == "matrix_multiple",
                caption=hint,
            )
            self.order.update({r.id: tuple(c.id for c in item.columns) for r in item.rows})
            self.grid.add_class("ow-quiz-matrix")
            children = [self.grid]  # the table's caption says how to answer
        elif item.type == "cloze":
            children.append(self._cloze(item, seed, text["row_placeholder"]))
        elif item.type == "drag_drop":
            tokens = tuple(item.token(tid) for tid in token_order(item, seed))
            self.order = {b.id: tuple(c.id for c in tokens) for b in item.blanks}
            pieces: list[tuple[str, str]] = []
            rest = item.sentence
            for blank in item.blanks:
                before, rest = rest.split("{" + blank.id + "}", 1)
                pieces += [("text", before), ("gap", blank.id)]
            pieces.append(("text", rest))
            self.board = DragDrop(
                mode="gaps",
                tokens=[(c.id, c.text) for c in tokens],
                sentence=[p for p in pieces if p[0] == "gap" or p[1]],
                gaps=[(b.id, b.label) for b in item.blanks],
                label=text[f"hint_{item.type}"],
            )
            children.append(self.board)
        elif item.type == "ordering":
            steps = shown_choices(item, seed)
            self.board = DragDrop(mode="order", tokens=[(c.id, c.text) for c in steps], label=text["dd_your_order"])
            children.append(self.board)
        else:
            assert item.bowtie is not None
            columns = []
            for name in BOWTIE_PARTS:
                part = item.bowtie.part(name)
                choices = ordered(part.choices, seed, item.id, name)
                self.order[name] = tuple(c.id for c in choices)
                columns.append(
                    BowtieColumn(
                        name, text[f"part_{name}"], part.prompt, part.expected, [(c.id, c.text) for c in choices]
                    )
                )
            self.bowtie = BowtieBoard(columns=columns, label=text["answer_label"])
            children.append(self.bowtie)
        self.box = w.VBox(children)
        self.box.add_class("ow-quiz-answer")
        self.box.add_class(f"ow-quiz-{item.type}")

    def _cloze(self, item: Item, seed: str, placeholder: str) -> w.Box:
        """The sentence with a Dropdown in each gap; each Dropdown's description is its blank's label (its
        accessible name, visually hidden: the sentence around it says what it asks for)."""
        pieces: list[w.Widget] = []
        rest = item.sentence
        for blank in item.blanks:
            before, rest = rest.split("{" + blank.id + "}", 1)
            if before.strip():
                pieces.append(_fragment(before))
            choices = blank.choices if item.keep_order else ordered(blank.choices, seed, item.id, blank.id)
            self.order[blank.id] = tuple(c.id for c in choices)
            drop = w.Dropdown(
                options=[(placeholder, "")] + [(c.text, c.id) for c in choices], value="", description=blank.label
            )
            drop.add_class("ow-quiz-cloze-blank")
            self.dropdowns[blank.id] = drop
            pieces.append(drop)
        if rest.strip():
            pieces.append(_fragment(rest))
        sentence = w.Box(pieces)
        sentence.add_class("ow-quiz-cloze-sentence")
        return sentence

    def _limit(self, change: Any) -> None:
        """select_n: untick a box ticked beyond N and say why; any other change clears the alert."""
        if self._refusing:
            return
        ticked = sum(box.value for box in self.checks["choices"].values())
        if change["new"] and ticked > self.item.select:
            self._refusing = True
            try:
                change["owner"].value = False
            finally:
                self._refusing = False
            notice = texts().format("too_many", n=self.item.select)
            self.limit_notice.value = str(render("quiz/notice.html.j2", notice=notice))
        else:
            self.limit_notice.value = ""

    @property
    def widgets(self) -> list[w.ValueWidget]:
        """Every answer control, in display order."""
        found: list[w.ValueWidget] = [] if self.radio is None else [self.radio]
        for group in self.checks.values():
            found.extend(group.values())
        found.extend(self.dropdowns.values())
        return found

    @property
    def watched(self) -> list[tuple[w.Widget, str]]:
        """Each answer control and the trait that holds its answer (for observers)."""
        if self.board is not None:
            return [(self.board, "placed" if self.item.type == "drag_drop" else "sequence")]
        if self.grid is not None or self.bowtie is not None:
            return [(self.grid or self.bowtie, "value")]
        return [(control, "value") for control in self.widgets]

    def response(self) -> Response:
        """The answer as :func:`osteo_lib.care.quiz.score` takes it."""
        ticked = {name: {cid for cid, box in group.items() if box.value} for name, group in self.checks.items()}
        if self.item.type == "single":
            return self.radio.value if self.radio is not None else None
        if self.item.type in ("multiple", "select_n", "highlight"):
            return ticked["choices"]
        if self.item.type == "matrix" and self.grid is not None:
            return {rid: ids[0] for rid, ids in self.grid.value.items() if ids}
        if self.item.type == "matrix_multiple" and self.grid is not None:
            return {rid: set(ids) for rid, ids in self.grid.value.items() if ids}
        if self.item.type == "cloze":
            return {rid: d.value for rid, d in self.dropdowns.items() if d.value}
        if self.item.type == "drag_drop" and self.board is not None:
            return dict(self.board.placed)
        if self.item.type == "ordering" and self.board is not None:
            return list(self.board.sequence)
        assert self.bowtie is not None
        chosen = self.bowtie.value
        condition = chosen.get("condition", [None])[0]
        return {"condition": condition, **{p: set(chosen.get(p, [])) for p in ("actions", "parameters")}}

    def missing(self) -> str | None:
        """The key (in ``data/ui/quiz.yaml``) of the message to show when the answer is not complete, else None."""
        response = self.response()
        if self.item.type == "single":
            complete = response is not None
        elif self.item.type in ("multiple", "highlight"):
            complete = bool(response)
        elif self.item.type == "select_n":
            complete = isinstance(response, set) and len(response) == self.item.select
        elif self.item.type in ("matrix", "matrix_multiple"):
            complete = isinstance(response, Mapping) and len(response) == len(self.item.rows)
        elif self.item.type in ("cloze", "drag_drop"):
            complete = isinstance(response, Mapping) and len(response) == len(self.item.blanks)
        elif self.item.type == "ordering":
            complete = isinstance(response, list) and len(response) == len(self.item.choices)
        else:
            assert self.item.bowtie is not None
            assert isinstance(response, Mapping)
            complete = response["condition"] is not None and all(
                len(response[p]) == self.item.bowtie.part(p).expected for p in ("actions", "parameters")
            )
        return None if complete else f"need_{self.item.type}"

    def in_display_order(self, marks: tuple[Mark, ...]) -> tuple[Mark, ...]:
        """``marks`` with what the learner chose first, then what they missed, each in display order."""

        def key(mark: Mark) -> tuple[bool, int]:
            ids = self.order.get(mark.part, ())
            return (mark.status == "missed", ids.index(mark.choice) if mark.choice in ids else 0)

        return tuple(sorted(marks, key=key))

    def set_disabled(self, disabled: bool) -> None:
        for control in self.widgets:
            control.disabled = disabled
        for board in (self.board, self.grid, self.bowtie):
            if board is not None:
                board.disabled = disabled


def _radio(choices: tuple[Choice, ...], description: str | None = None) -> w.RadioButtons:
    return w.RadioButtons(
        options=[(c.text, c.id) for c in choices], value=None, description=description or texts()["answer_label"]
    )


def _fragment(words: str) -> w.HTML:
    """A piece of a cloze sentence between two drop-downs."""
    piece = w.HTML(str(render("quiz/fragment.html.j2", words=words.strip())))
    piece.add_class("ow-quiz-cloze-text")
    return piece


def _checkboxes(choices: tuple[Choice, ...]) -> dict[str, w.Checkbox]:
    return {c.id: w.Checkbox(value=False, description=c.text, indent=False) for c in choices}


class KnowledgeCheck(Widget):
    """A knowledge check on one question bank.

    ``bank`` is a bank id (a file in ``data/quizzes/``) or a :class:`~osteo_lib.content.quiz.Bank`.
    ``audience="student"`` also shows the clinical judgment step and the scoring rule of each item.
    ``seed`` sets the order of the choices (default: :func:`~osteo_lib.care.quiz_order.student_seed`,
    so each student sees their own order, the same after every reload).

    Example::

        check = KnowledgeCheck("widget_demo")
        check                      # display it
        check.controls.radio.value = "three_months"
        check.check_button.click()
        check.score, check.max_score, check.answered
    """

    #: The question shown (0-based).
    index = t.Int(0)
    #: Points so far.
    score = t.Int(0, read_only=True)
    #: Points the whole bank can give.
    max_score = t.Int(0, read_only=True)
    #: How many questions have been checked (without keys: saved).
    answered = t.Int(0, read_only=True)
    #: Without keys: the data: address of the answer file ('' until there is a name and a saved answer).
    answers_href = t.Unicode("", read_only=True)

    def __init__(
        self, bank: str | Bank, catalog: Catalog | None = None, audience: Audience = "student", seed: str | None = None
    ) -> None:
        super().__init__()
        if audience not in ("student", "patient"):
            raise ValueError(f"audience must be 'student' or 'patient', not {audience!r}")
        self.catalog = resolve_catalog(catalog)
        self.bank = bank if isinstance(bank, Bank) else load_bank(bank, self.catalog)
        if not self.bank.items:
            raise ValueError(f"question bank {self.bank.id!r} has no questions")
        self.catalog.references_for(r for i in self.bank.items for r in i.references)  # unknown ids fail here
        self.audience: Audience = audience
        self.seed = student_seed() if seed is None else seed
        self._results: dict[str, Score] = {}
        self._saved: dict[str, Response] = {}
        self._views: dict[str, ItemControls] = {}
        self._notice = ""
        #: False for a bank without keys (the student version): answers are saved, not scored.
        self.keyed = self.bank.keys
        self.set_trait("max_score", self.bank.max_points if self.keyed else 0)

        text = texts()
        self.progress = w.HTML()
        self.question = w.HTML()
        self.answer_area = w.VBox()
        action = text["check" if self.keyed else "save"]
        self.check_button = w.Button(description=action, button_style="primary", tooltip=action)
        self.feedback = w.HTML()
        self.previous_button = w.Button(description=text["previous"], tooltip=text["previous"])
        self.next_button = w.Button(description=text["next"], tooltip=text["next"])
        self.score_view = w.HTML()
        self.reset_button = w.Button(description=text["reset"], tooltip=text["reset"])
        #: With keys: answer the question shown again (enabled once it is checked); other answers stay.
        self.retry_button = w.Button(description=text["retry"], tooltip=text["retry"], disabled=True)
        self.retry_button.add_class("ow-quiz-retry")
        retry = (self.retry_button,) if self.keyed else ()
        nav = w.HBox([self.previous_button, self.next_button, *retry, self.reset_button])
        nav.add_class("ow-quiz-nav")
        for part, cls in ((self.feedback, "ow-quiz-feedback-area"), (self.score_view, "ow-quiz-score")):
            part.add_class(cls)
        intro = text["intro" if self.keyed else "intro_saved"]
        self.header = w.HTML(str(render("quiz/header.html.j2", title=self.bank.title, intro=intro)))
        top = (self.header, self.progress, self.question, self.answer_area, self.check_button, self.feedback)
        #: Without keys: the student's name (written into the answer file) and the download link.
        self.student = w.Text(
            value=self.seed, description=text["student_label"], placeholder=text["student_placeholder"]
        )
        self.download = w.HTML()
        self.download.add_class("ow-quiz-download-area")
        hand_in = () if self.keyed else (self.student, self.download)
        #: Puts data-lm-suppress-shortcuts on the quiz's root: JupyterLab's notebook shortcuts skip keys pressed in it.
        self.keyboard_scope = KeyboardScope(scope="ow-quiz")
        self.container = container(*top, nav, self.score_view, *hand_in, self.keyboard_scope, cls="ow-quiz")
        self.student.observe(self.update, names="value")
        self.check_button.on_click(self._on_check)
        self.previous_button.on_click(lambda _b: self._go(-1))
        self.next_button.on_click(lambda _b: self._go(+1))
        self.reset_button.on_click(self._on_reset)
        self.retry_button.on_click(self._on_retry)
        self.update()

    # --- state ------------------------------------------------------------------------------------
    @property
    def current_item(self) -> Item:
        return self.bank.items[self.index]

    @property
    def controls(self) -> ItemControls:
        """The answer controls of the question shown."""
        return self._controls_for(self.current_item)

    @property
    def results(self) -> dict[str, Score]:
        """Checked questions: item id -> Score."""
        return dict(self._results)

    @property
    def saved(self) -> dict[str, Response]:
        """Without keys: the saved answers, item id -> response as JSON data
        (:func:`~osteo_lib.care.quiz_answers.response_to_json`)."""
        return dict(self._saved)

    @t.validate("index")
    def _valid_index(self, proposal: Any) -> int:
        try:
            return _check_index(int(proposal["value"]), len(self.bank.items))
        except ValueError as error:
            raise t.TraitError(str(error)) from None

    @t.observe("index")
    def _index_changed(self, _change: Any) -> None:
        self._notice = ""
        self.update()

    def _controls_for(self, item: Item) -> ItemControls:
        if item.id not in self._views:
            controls = ItemControls(item, self.seed)
            if not self.keyed:  # "saved" turns into "changed" as soon as the answer changes
                for control, name in controls.watched:
                    control.observe(self.update, names=name)
            self._views[item.id] = controls
        return self._views[item.id]

    # --- events: change state, then render once -------------------------------------------------------
    def _on_check(self, _button: w.Button | None = None) -> None:
        item = self.current_item
        if item.id in self._results:
            return
        controls = self._controls_for(item)
        missing = controls.missing()
        if missing:
            self._notice = missing
        elif not self.keyed:
            self._saved[item.id] = response_to_json(controls.response(), item.type == "ordering")
            self._notice = ""
            self.set_trait("answered", len(self._saved))
        else:
            self._results[item.id] = score_item(item, controls.response())
            self._notice = ""
            self.set_trait("score", sum(s.points for s in self._results.values()))
            self.set_trait("answered", len(self._results))
        self.update()

    def _go(self, step: int) -> None:
        self.index = min(max(self.index + step, 0), len(self.bank.items) - 1)  # observer renders

    def _on_retry(self, _button: w.Button | None = None) -> None:
        """Answer the question shown again: its answer, feedback and points go; every other answer stays."""
        item = self.current_item
        if item.id not in self._results:
            return
        del self._results[item.id]
        del self._views[item.id]  # fresh, empty controls (built again by update)
        self._notice = ""
        self.set_trait("score", sum(s.points for s in self._results.values()))
        self.set_trait("answered", len(self._results))
        self.update()

    def _on_reset(self, _button: w.Button | None = None) -> None:
        self._results.clear()
        self._saved.clear()
        self._views.clear()
        self._notice = ""
        self.set_trait("score", 0)
        self.set_trait("answered", 0)
        if self.index == 0:
            self.update()
        else:
            self.index = 0  # observer renders

    # --- view -------------------------------------------------------------------------------------
    def update(self, change: object = None) -> None:
        """The single update path: the question shown, its controls, feedback, navigation and score."""
        text = texts()
        item = self.current_item
        controls = self._controls_for(item)
        result = self._results.get(item.id)
        total = len(self.bank.items)
        if not self.keyed:
            self._update_saved(item, controls)
            return
        with self.container.hold_sync():
            progress = text.format("progress", n=self.index + 1, total=total)
            self.progress.value = str(render("quiz/progress.html.j2", progress=progress))
            self.question.value = str(self._question_html(item))
            self.answer_area.children = (controls.box,)
            controls.set_disabled(result is not None)
            self.check_button.disabled = result is not None
            self.retry_button.disabled = result is None
            if result is not None:
                self.feedback.value = str(self._feedback_html(item, result))
            elif self._notice:
                self.feedback.value = str(render("quiz/notice.html.j2", notice=text[self._notice]))
            else:
                self.feedback.value = ""
            self.previous_button.disabled = self.index == 0
            self.next_button.disabled = self.index == total - 1
            summary = text.format("score", score=self.score, max=self.max_score, answered=self.answered, total=total)
            done = text["done"] if self.answered == total else None
            self.score_view.value = str(render("quiz/score.html.j2", summary=summary, done=done))

    def _update_saved(self, item: Item, controls: ItemControls) -> None:
        """The view without keys: saved or changed, how many are saved, the download link."""
        text = texts()
        total = len(self.bank.items)
        saved = self._saved.get(item.id)
        unchanged = item.id in self._saved and saved == response_to_json(controls.response(), item.type == "ordering")
        name = self.student.value.strip()
        href = data_uri(answers_json(name, self.bank, self._saved), MIME) if name and self._saved else ""
        self.set_trait("answers_href", href)
        with self.container.hold_sync():
            progress = text.format("progress", n=self.index + 1, total=total)
            self.progress.value = str(render("quiz/progress.html.j2", progress=progress))
            self.question.value = str(self._question_html(item))
            self.answer_area.children = (controls.box,)
            controls.set_disabled(False)
            self.check_button.disabled = unchanged
            if self._notice:
                self.feedback.value = str(render("quiz/notice.html.j2", notice=text[self._notice]))
            elif item.id in self._saved:
                notice = text["saved" if unchanged else "changed"]
                self.feedback.value = str(render("quiz/saved.html.j2", notice=notice))
            else:
                self.feedback.value = ""
            self.previous_button.disabled = self.index == 0
            self.next_button.disabled = self.index == total - 1
            summary = text.format("saved_count", answered=self.answered, total=total)
            self.score_view.value = str(render("quiz/score.html.j2", summary=summary, done=None))
            if not self._saved:
                self.download.value = ""
            elif href:
                link = render(
                    "quiz/download.html.j2", href=href, name=file_name(name, self.bank), label=text["download"]
                )
                self.download.value = str(link)
            else:
                self.download.value = str(render("quiz/download.html.j2", href="", label=text["need_name"]))

    def _question_html(self, item: Item) -> Markup:
        text = texts()
        notes = []
        if self.audience == "student":
            if item.clinical_judgment_step:
                step = text[f"step_{item.clinical_judgment_step}"]
                notes.append(text.format("judgment_step", step=step))
            if item.type == "select_n":
                notes.append(text.format("scoring_select_n", n=item.select))
            elif item.type in ("cloze", "drag_drop"):
                notes.append(text[f"scoring_cloze_{item.scoring}"])
            elif item.type != "single":
                notes.append(text[f"scoring_{item.type}"])
        trend = item.trend
        return render(
            "quiz/question.html.j2",
            stem=item.stem,
            meta=" ".join(notes),
            trend=trend,
            trend_caption=text.format("trend_caption", caption=trend.caption) if trend else "",
            measure=text["trend_measure"],
        )

    def _feedback_html(self, item: Item, result: Score) -> Markup:
        text = texts()
        return render(
            "quiz/feedback.html.j2",
            text=text,
            status=result.status,
            verdict=text[result.status],
            points=text.format("points", points=result.points, max=result.max_points),
            groups=_mark_groups(item, self._controls_for(item).in_display_order(result.details)),
            explanation=item.explanation,
            refs=self.catalog.references_for(item.references),
            audience=self.audience,
        )


def _check_index(value: int, count: int) -> int:
    if not 0 <= value < count:
        raise ValueError(f"index must be between 0 and {count - 1}, not {value}")
    return value


# --- feedback lines (pure string building) ------------------------------------------------------------
def _choice_for(item: Item, mark: Mark) -> Choice:
    if item.type in ("single", "multiple", "select_n", "highlight"):
        return item.choice(mark.choice)
    if item.type in ("matrix", "matrix_multiple"):
        return item.column(mark.choice)
    if item.type == "cloze":
        return item.blank(mark.part).choice(mark.choice)
    if item.type == "drag_drop":
        return item.token(mark.choice)
    if item.type == "ordering":
        return item.choice(mark.choice)
    assert item.bowtie is not None
    part: BowtiePartName = mark.part  # type: ignore[assignment]
    return item.bowtie.part(part).choice(mark.choice)


def _points_text(text: UiTexts, mark: Mark) -> str:
    if mark.status == "missed":
        return ""
    return " " + text["point_plus" if mark.points > 0 else "point_minus" if mark.points < 0 else "point_zero"]


def _mark_line(text: UiTexts, item: Item, mark: Mark) -> dict[str, str]:
    choice = _choice_for(item, mark)
    key = {"right": "chose_right", "wrong": "chose_wrong", "missed": "missed"}[mark.status]
    line = text.format(key, choice=choice.text) + _points_text(text, mark)
    if choice.feedback:
        line += " " + choice.feedback
    return {"status": mark.status, "text": line}


def _row_lines(text: UiTexts, item: Item, marks: tuple[Mark, ...]) -> list[dict[str, str]]:
    lines = []
    for row in item.rows:
        mine = [m for m in marks if m.part == row.id]
        chosen = next((m for m in mine if m.status != "missed"), None)
        answer = item.column(row.right).text
        name = row.text.rstrip(". ")
        if chosen is None:
            lines.append({"status": "missed", "text": text.format("row_missed", row=name, answer=answer)})
            continue
        picked = item.column(chosen.choice).text
        if chosen.status == "right":
            status, line = "right", text.format("row_right", row=name, choice=picked)
        else:
            status, line = "wrong", text.format("row_wrong", row=name, choice=picked, answer=answer)
        lines.append({"status": status, "text": line + _points_text(text, chosen)})
    return lines


def _blank_lines(text: UiTexts, item: Item, marks: tuple[Mark, ...]) -> list[dict[str, str]]:
    """cloze: a line per drop-down (named by its label); points per line only under per_blank scoring."""
    lines = []
    for blank in item.blanks:
        chosen = next((m for m in marks if m.part == blank.id and m.status != "missed"), None)
        answer = _gap_choice(item, blank.id, blank.right).text
        if chosen is None:
            lines.append({"status": "missed", "text": text.format("row_missed", row=blank.label, answer=answer)})
            continue
        picked = _gap_choice(item, blank.id, chosen.choice).text
        if chosen.status == "right":
            status, line = "right", text.format("row_right", row=blank.label, choice=picked)
        else:
            status, line = "wrong", text.format("row_wrong", row=blank.label, choice=picked, answer=answer)
        if item.scoring == "per_blank":
            line += _points_text(text, chosen)
        lines.append({"status": status, "text": line})
    return lines


def _gap_choice(item: Item, blank: str, choice: str) -> Choice:
    """What fills a gap: a cloze drop-down's choice, or a drag_drop token."""
    return item.token(choice) if item.type == "drag_drop" else item.blank(blank).choice(choice)


def _step_lines(text: UiTexts, item: Item, marks: tuple[Mark, ...]) -> list[dict[str, str]]:
    """ordering: a line per place in the order: the step placed there and, when wrong, the right one."""
    lines = []
    for n, right in enumerate(item.order, start=1):
        place = text.format("dd_step_n", n=n)
        answer = item.choice(right).text
        chosen = next((m for m in marks if m.part == str(n) and m.status != "missed"), None)
        if chosen is None:
            lines.append({"status": "missed", "text": text.format("row_missed", row=place, answer=answer)})
        elif chosen.status == "right":
            line = text.format("row_right", row=place, choice=answer) + _points_text(text, chosen)
            lines.append({"status": "right", "text": line})
        else:
            picked = item.choice(chosen.choice).text
            line = text.format("row_wrong", row=place, choice=picked, answer=answer) + _points_text(text, chosen)
            lines.append({"status": "wrong", "text": line})
    return lines


def _mark_groups(item: Item, marks: tuple[Mark, ...]) -> list[dict[str, Any]]:
    """The lists of feedback lines: one list, or one per bowtie part under the part's name."""
    text = texts()
    if item.type == "ordering":
        return [{"heading": None, "lines": _step_lines(text, item, marks)}]
    if item.type in ("cloze", "drag_drop"):
        rule = None if item.scoring == "per_blank" else text[f"scoring_cloze_{item.scoring}"]
        return [{"heading": None, "lines": _blank_lines(text, item, marks), "note": rule}]
    if item.type == "matrix":
        return [{"heading": None, "lines": _row_lines(text, item, marks)}]
    if item.type == "matrix_multiple":
        return [
            {"heading": r.text, "lines": [_mark_line(text, item, m) for m in marks if m.part == r.id]}
            for r in item.rows
        ]
    if item.type != "bowtie":
        return [{"heading": None, "lines": [_mark_line(text, item, m) for m in marks]}]
    return [
        {"heading": text[f"part_{name}"], "lines": [_mark_line(text, item, m) for m in marks if m.part == name]}
        for name in BOWTIE_PARTS
    ]
