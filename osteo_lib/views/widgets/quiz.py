"""Knowledge checks: NGN-style questions from ``data/quizzes/*.yaml``, one at a time, with feedback.

Usage (a notebook cell)::

    from osteo_lib.views.widgets.quiz import KnowledgeCheck
    check = KnowledgeCheck("widget_demo")
    check.container

The questions are shown one at a time (Previous / Next question buttons move between them; answers
are kept while moving). Each question type gets standard, keyboard-usable ipywidgets controls:
single = RadioButtons, multiple = a Checkbox per choice, matrix = a Dropdown per row, bowtie = three
groups (RadioButtons for the condition, Checkboxes for actions and parameters, each group stating how
many to choose). *Check answer* scores the answer with :func:`osteo_lib.care.quiz.score`, locks the
question and shows the feedback: right / partly right / not right, the points, what was right or
wrong in the answer, the explanation and its sources. *Start again* clears every answer.

State: ``score``, ``max_score``, ``answered`` (read-only traits), ``index`` (the question shown,
0-based; may be set), ``results`` (item id -> :class:`~osteo_lib.care.quiz.Score`), ``current_item`` and
``controls`` (the answer controls of the question shown).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import ipywidgets as w
import traitlets as t

from osteo_lib.content.catalog import Catalog
from osteo_lib.care.quiz import BOWTIE_PARTS, Bank, BowtiePartName, Choice, Item, Mark, Response, Score, load_bank
from osteo_lib.care.quiz import score as score_item
from osteo_lib.views.widgets.base import Widget, container, esc, join, resolve_catalog, sources_html, tag

Audience = Literal["student", "patient"]

#: Every string the learner sees (plain language, each at most US grade 8).
TEXT: dict[str, str] = {
    "intro": "Answer each question, then press Check answer. You will see if you are right, and why.",
    "progress": "Question {n} of {total}",
    "answer_label": "Your answer",
    "hint_single": "Choose one answer.",
    "hint_multiple": "Choose all the answers that are right.",
    "hint_matrix": "Choose one answer for each line.",
    "hint_bowtie": "This question has three parts. Each part tells you how many to choose.",
    "part_condition": "The problem",
    "part_actions": "Actions to take",
    "part_parameters": "Things to watch",
    "choose_n": "Choose {n}.",
    "row_placeholder": "Choose an answer",
    "check": "Check answer",
    "previous": "Go back a question",
    "next": "Next question",
    "reset": "Start again",
    "need_single": "Please choose an answer first.",
    "need_multiple": "Please choose at least one answer first.",
    "need_matrix": "Please choose an answer for every line first.",
    "need_bowtie": "Please choose the number of answers each part asks for.",
    "right": "Right!",
    "partial": "Partly right.",
    "wrong": "Not right this time.",
    "points": "You got {points} of {max} points.",
    "chose_right": "You chose: {choice}. This is right.",
    "chose_wrong": "You chose: {choice}. This is not right.",
    "missed": "You did not choose: {choice}. This is a right answer.",
    "row_right": "{row}: you chose {choice}. This is right.",
    "row_wrong": "{row}: you chose {choice}. The right answer is {answer}.",
    "row_missed": "{row}: the right answer is {answer}.",
    "point_plus": "(+1 point)",
    "point_minus": "(minus 1 point)",
    "point_zero": "(no points)",
    "why": "Why",
    "sources": "Where this comes from",
    "locked": "You have checked this answer. Press Start again to try all the questions again.",
    "score": "Your score: {score} of {max} points. You have answered {answered} of {total} questions.",
    "done": "You have answered every question. Well done!",
}

#: Strings shown only to nursing students (audience="student").
STUDENT_TEXT: dict[str, str] = {
    "step": "Clinical judgment step: {step}.",
    "recognize_cues": "Recognize cues",
    "analyze_cues": "Analyze cues",
    "prioritize_hypotheses": "Prioritize hypotheses",
    "generate_solutions": "Generate solutions",
    "take_action": "Take action",
    "evaluate_outcomes": "Evaluate outcomes",
    "scoring_multiple": "Scoring: +1 for each right answer chosen, -1 for each wrong one, never below 0.",
    "scoring_matrix": "Scoring: 1 point for each line.",
    "scoring_bowtie": "Scoring: 1 point for each answer in the right place.",
}


class ItemControls:
    """The answer controls of one question and the response they hold.

    ``radio`` is the RadioButtons of a single item or of a bowtie's condition; ``checks`` maps a group
    (``"choices"`` for multiple items, ``"actions"`` / ``"parameters"`` for a bowtie) to a Checkbox per
    choice id; ``dropdowns`` maps a matrix row id to its Dropdown. ``box`` holds them all.
    """

    def __init__(self, item: Item) -> None:
        self.item = item
        self.radio: w.RadioButtons | None = None
        self.checks: dict[str, dict[str, w.Checkbox]] = {}
        self.dropdowns: dict[str, w.Dropdown] = {}
        children: list[w.Widget] = [w.HTML(tag("p", TEXT[f"hint_{item.type}"], cls="ow-quiz-hint"))]
        if item.type == "single":
            self.radio = _radio(item.choices)
            children.append(self.radio)
        elif item.type == "multiple":
            self.checks["choices"] = _checkboxes(item.choices)
            children.extend(self.checks["choices"].values())
        elif item.type == "matrix":
            options = [(TEXT["row_placeholder"], "")] + [(c.text, c.id) for c in item.columns]
            self.dropdowns = {r.id: w.Dropdown(options=options, value="", description=r.text) for r in item.rows}
            matrix = w.VBox(list(self.dropdowns.values()))
            matrix.add_class("ow-quiz-matrix")
            children.append(matrix)
        else:
            assert item.bowtie is not None
            for name in BOWTIE_PARTS:
                part = item.bowtie.part(name)
                heading = tag("h5", f"{TEXT[f'part_{name}']}: {part.prompt} {TEXT['choose_n'].format(n=part.expected)}")
                group: list[w.Widget] = [w.HTML(heading)]
                if name == "condition":
                    self.radio = _radio(part.choices, TEXT["part_condition"])
                    group.append(self.radio)
                else:
                    self.checks[name] = _checkboxes(part.choices)
                    group.extend(self.checks[name].values())
                box = w.VBox(group)
                box.add_class("ow-quiz-bowtie-part")
                box.add_class(f"ow-quiz-bowtie-{name}")
                children.append(box)
        self.box = w.VBox(children)
        self.box.add_class("ow-quiz-answer")
        self.box.add_class(f"ow-quiz-{item.type}")

    @property
    def widgets(self) -> list[w.ValueWidget]:
        """Every answer control, in display order."""
        found: list[w.ValueWidget] = [] if self.radio is None else [self.radio]
        for group in self.checks.values():
            found.extend(group.values())
        found.extend(self.dropdowns.values())
        return found

    def response(self) -> Response:
        """The answer as :func:`osteo_lib.care.quiz.score` takes it."""
        ticked = {name: {cid for cid, box in group.items() if box.value} for name, group in self.checks.items()}
        if self.item.type == "single":
            return self.radio.value if self.radio is not None else None
        if self.item.type == "multiple":
            return ticked["choices"]
        if self.item.type == "matrix":
            return {rid: d.value for rid, d in self.dropdowns.items() if d.value}
        condition = self.radio.value if self.radio is not None else None
        return {"condition": condition, **ticked}

    def missing(self) -> str | None:
        """The TEXT key of the message to show when the answer is not complete, else None."""
        response = self.response()
        if self.item.type == "single":
            complete = response is not None
        elif self.item.type == "multiple":
            complete = bool(response)
        elif self.item.type == "matrix":
            complete = isinstance(response, Mapping) and len(response) == len(self.item.rows)
        else:
            assert self.item.bowtie is not None and isinstance(response, Mapping)
            complete = response["condition"] is not None and all(
                len(response[p]) == self.item.bowtie.part(p).expected for p in ("actions", "parameters")
            )
        return None if complete else f"need_{self.item.type}"

    def set_disabled(self, disabled: bool) -> None:
        for control in self.widgets:
            control.disabled = disabled


def _radio(choices: tuple[Choice, ...], description: str | None = None) -> w.RadioButtons:
    return w.RadioButtons(options=[(c.text, c.id) for c in choices], value=None,
                          description=description or TEXT["answer_label"])


def _checkboxes(choices: tuple[Choice, ...]) -> dict[str, w.Checkbox]:
    return {c.id: w.Checkbox(value=False, description=c.text, indent=False) for c in choices}


class KnowledgeCheck(Widget):
    """A knowledge check on one question bank.

    ``bank`` is a bank id (a file in ``data/quizzes/``) or a :class:`~osteo_lib.care.quiz.Bank`.
    ``audience="student"`` also shows the clinical judgment step and the scoring rule of each item.

    Example::

        check = KnowledgeCheck("widget_demo")
        check.container                      # display it
        check.controls.radio.value = "three_months"
        check.check_button.click()
        check.score, check.max_score, check.answered
    """

    index = t.Int(0, help="The question shown (0-based).")
    score = t.Int(0, read_only=True, help="Points so far.")
    max_score = t.Int(0, read_only=True, help="Points the whole bank can give.")
    answered = t.Int(0, read_only=True, help="How many questions have been checked.")

    def __init__(self, bank: str | Bank, catalog: Catalog | None = None, audience: Audience = "student") -> None:
        super().__init__()
        if audience not in ("student", "patient"):
            raise ValueError(f"audience must be 'student' or 'patient', not {audience!r}")
        self.catalog = resolve_catalog(catalog)
        self.bank = bank if isinstance(bank, Bank) else load_bank(bank, self.catalog)
        if not self.bank.items:
            raise ValueError(f"question bank {self.bank.id!r} has no questions")
        self.catalog.references_for(r for i in self.bank.items for r in i.references)  # unknown ids fail here
        self.audience: Audience = audience
        self._results: dict[str, Score] = {}
        self._views: dict[str, ItemControls] = {}
        self._notice = ""
        self.set_trait("max_score", self.bank.max_points)

        self.progress = w.HTML()
        self.question = w.HTML()
        self.answer_area = w.VBox()
        self.check_button = w.Button(description=TEXT["check"], button_style="primary", tooltip=TEXT["check"])
        self.feedback = w.HTML()
        self.previous_button = w.Button(description=TEXT["previous"], tooltip=TEXT["previous"])
        self.next_button = w.Button(description=TEXT["next"], tooltip=TEXT["next"])
        self.score_view = w.HTML()
        self.reset_button = w.Button(description=TEXT["reset"], tooltip=TEXT["reset"])
        nav = w.HBox([self.previous_button, self.next_button, self.reset_button])
        nav.add_class("ow-quiz-nav")
        for part, cls in ((self.feedback, "ow-quiz-feedback-area"), (self.score_view, "ow-quiz-score")):
            part.add_class(cls)
        self.container = container(
            w.HTML(tag("h3", self.bank.title) + tag("p", TEXT["intro"], cls="ow-note")),
            self.progress, self.question, self.answer_area, self.check_button, self.feedback,
            nav, self.score_view,
            cls="ow-quiz",
        )
        self.check_button.on_click(self._on_check)
        self.previous_button.on_click(lambda _b: self._go(-1))
        self.next_button.on_click(lambda _b: self._go(+1))
        self.reset_button.on_click(self._on_reset)
        self._render()

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

    @t.validate("index")
    def _valid_index(self, proposal: Any) -> int:
        value = int(proposal["value"])
        if not 0 <= value < len(self.bank.items):
            raise t.TraitError(f"index must be between 0 and {len(self.bank.items) - 1}, not {value}")
        return value

    @t.observe("index")
    def _index_changed(self, _change: Any) -> None:
        self._notice = ""
        self._render()

    def _controls_for(self, item: Item) -> ItemControls:
        if item.id not in self._views:
            self._views[item.id] = ItemControls(item)
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
        else:
            self._results[item.id] = score_item(item, controls.response())
            self._notice = ""
            self.set_trait("score", sum(s.points for s in self._results.values()))
            self.set_trait("answered", len(self._results))
        self._render()

    def _go(self, step: int) -> None:
        self.index = min(max(self.index + step, 0), len(self.bank.items) - 1)  # observer renders

    def _on_reset(self, _button: w.Button | None = None) -> None:
        self._results.clear()
        self._views.clear()
        self._notice = ""
        self.set_trait("score", 0)
        self.set_trait("answered", 0)
        if self.index == 0:
            self._render()
        else:
            self.index = 0  # observer renders

    # --- view -------------------------------------------------------------------------------------
    def _render(self) -> None:
        item = self.current_item
        controls = self._controls_for(item)
        result = self._results.get(item.id)
        total = len(self.bank.items)
        with self.container.hold_sync():
            self.progress.value = tag("h4", TEXT["progress"].format(n=self.index + 1, total=total), cls="ow-quiz-progress")
            self.question.value = self._question_html(item)
            self.answer_area.children = (controls.box,)
            controls.set_disabled(result is not None)
            self.check_button.disabled = result is not None
            if result is not None:
                self.feedback.value = self._feedback_html(item, result)
            elif self._notice:
                self.feedback.value = tag("p", TEXT[self._notice], cls="ow-quiz-notice", role="alert")
            else:
                self.feedback.value = ""
            self.previous_button.disabled = self.index == 0
            self.next_button.disabled = self.index == total - 1
            summary = TEXT["score"].format(score=self.score, max=self.max_score, answered=self.answered, total=total)
            done = tag("p", TEXT["done"], cls="ow-ok") if self.answered == total else ""
            self.score_view.value = tag("p", summary) + done

    def _question_html(self, item: Item) -> str:
        parts = [tag("p", item.stem, cls="ow-quiz-stem")]
        if self.audience == "student":
            notes = []
            if item.clinical_judgment_step:
                notes.append(STUDENT_TEXT["step"].format(step=STUDENT_TEXT[item.clinical_judgment_step]))
            if item.type != "single":
                notes.append(STUDENT_TEXT[f"scoring_{item.type}"])
            if notes:
                parts.append(tag("p", " ".join(notes), cls="ow-quiz-meta"))
        return join(parts)

    def _feedback_html(self, item: Item, result: Score) -> str:
        verdict = tag("strong", TEXT[result.status]) + " " + esc(TEXT["points"].format(points=result.points, max=result.max_points))
        body = [tag("p", verdict, cls="ow-quiz-verdict", raw=True), _marks_html(item, result.details)]
        body.append(tag("h5", TEXT["why"]) + tag("p", item.explanation, cls="ow-quiz-explanation"))
        body.append(tag("h5", TEXT["sources"]) + sources_html(self.catalog, item.references, self.audience))
        body.append(tag("p", TEXT["locked"], cls="ow-note"))
        return tag("div", join(body), cls=f"ow-quiz-feedback ow-quiz-{result.status}", role="status", raw=True)


# --- feedback text (pure string building) -------------------------------------------------------------
def _choice_for(item: Item, mark: Mark) -> Choice:
    if item.type in ("single", "multiple"):
        return item.choice(mark.choice)
    if item.type == "matrix":
        return item.column(mark.choice)
    assert item.bowtie is not None
    part: BowtiePartName = mark.part  # type: ignore[assignment]
    return item.bowtie.part(part).choice(mark.choice)


def _points_text(mark: Mark) -> str:
    if mark.status == "missed":
        return ""
    return " " + TEXT["point_plus" if mark.points > 0 else "point_minus" if mark.points < 0 else "point_zero"]


def _mark_line(item: Item, mark: Mark) -> str:
    choice = _choice_for(item, mark)
    key = {"right": "chose_right", "wrong": "chose_wrong", "missed": "missed"}[mark.status]
    line = TEXT[key].format(choice=choice.text) + _points_text(mark)
    if choice.feedback:
        line += " " + choice.feedback
    return tag("li", line, cls=f"ow-quiz-mark-{mark.status}")


def _row_lines(item: Item, marks: tuple[Mark, ...]) -> list[str]:
    lines = []
    for row in item.rows:
        mine = [m for m in marks if m.part == row.id]
        chosen = next((m for m in mine if m.status != "missed"), None)
        answer = item.column(row.answer).text
        if chosen is None:
            status, line = "missed", TEXT["row_missed"].format(row=row.text.rstrip(". "), answer=answer)
        elif chosen.status == "right":
            status, line = "right", TEXT["row_right"].format(row=row.text.rstrip(". "), choice=item.column(chosen.choice).text)
        else:
            status, line = "wrong", TEXT["row_wrong"].format(row=row.text.rstrip(". "), choice=item.column(chosen.choice).text, answer=answer)
        lines.append(tag("li", line + _points_text(chosen) if chosen else line, cls=f"ow-quiz-mark-{status}"))
    return lines


def _marks_html(item: Item, marks: tuple[Mark, ...]) -> str:
    if item.type == "matrix":
        return tag("ul", join(_row_lines(item, marks)), cls="ow-quiz-marks", raw=True)
    if item.type != "bowtie":
        return tag("ul", join(_mark_line(item, m) for m in marks), cls="ow-quiz-marks", raw=True)
    groups = []
    for name in BOWTIE_PARTS:
        lines = [_mark_line(item, m) for m in marks if m.part == name]
        groups.append(tag("h6", TEXT[f"part_{name}"]) + tag("ul", join(lines), cls="ow-quiz-marks", raw=True))
    return join(groups)
