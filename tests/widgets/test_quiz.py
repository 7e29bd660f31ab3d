"""KnowledgeCheck driven like a learner would: set control values, click the buttons, read score and feedback."""

from __future__ import annotations

import ipywidgets as w
import pytest
import textstat
import traitlets

from osteo_lib import UnknownIdError
from osteo_lib.care.quiz_order import bowtie_order, choice_order, ordered
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.quiz import Bank, Bowtie, BowtiePart, Choice, Item, MatrixRow, load_bank
from osteo_lib.content.ui import ui_texts
from osteo_lib.views.widgets.keyboard_scope import ATTRIBUTE, KeyboardScope
from osteo_lib.views.widgets.ngn_layout import BowtieBoard
from osteo_lib.views.widgets.quiz import KnowledgeCheck, texts
from tests.markup import soup, text

#: Every string the learner sees (data/ui/quiz.yaml).
TEXT = ui_texts("quiz")
#: The texts shown only to nursing students: the clinical judgment step and the scoring rules.
STUDENT_ONLY = sorted(k for k in TEXT if k == "judgment_step" or k.startswith(("step_", "scoring_")))
#: The student seed of the tests (not the OS user running them), so the choice order is known.
SEED = "ben"


def make_bank() -> Bank:
    """One item of each type; texts are made up here so the tests do not hang on the content files."""
    return Bank(
        "tbank",
        "Test bank",
        (
            Item(
                id="t_single",
                type="single",
                stem="How long does a new fracture take to heal?",
                explanation="Most new fractures heal in about three months.",
                references=("niams2005_coping",),
                clinical_judgment_step="recognize_cues",
                choices=(
                    Choice("week", "One week"),
                    Choice("months", "Three months", True),
                    Choice("year", "One year", feedback="Healing is usually faster than that."),
                ),
            ),
            Item(
                id="t_multiple",
                type="multiple",
                stem="Which can keep pain going?",
                explanation="Tense or weak muscles keep sending pain messages.",
                references=("paolucci2016",),
                choices=(
                    Choice("tension", "Muscle tension", True),
                    Choice("spasm", "Spasm", True),
                    Choice("weakness", "Weakness", True),
                    Choice("scan", "A bone scan"),
                    Choice("posture", "Good posture"),
                ),
            ),
            Item(
                id="t_matrix",
                type="matrix",
                stem="Heat or cold?",
                explanation="Cold numbs; heat relaxes.",
                references=("niams2005_coping",),
                columns=(Choice("heat", "Heat"), Choice("cold", "Cold")),
                rows=(
                    MatrixRow("numbs", "Numbs the nerves", "cold"),
                    MatrixRow("stiff", "Eases stiff muscles", "heat"),
                ),
            ),
            Item(
                id="t_bowtie",
                type="bowtie",
                stem="Sudden back pain after lifting.",
                explanation="A compression fracture.",
                references=("nyu_compression_fractures", "kato2019"),
                bowtie=Bowtie(
                    condition=BowtiePart(
                        "What is it?", (Choice("vcf", "Compression fracture"), Choice("ulcer", "Ulcer")), ("vcf",)
                    ),
                    actions=BowtiePart(
                        "What to do?",
                        (
                            Choice("cold", "Cold pack"),
                            Choice("brace", "Brace"),
                            Choice("massage", "Deep spine massage"),
                        ),
                        ("cold", "brace"),
                    ),
                    parameters=BowtiePart(
                        "What to watch?",
                        (Choice("pain", "Pain score"), Choice("nerves", "Leg numbness"), Choice("hair", "Hair")),
                        ("pain", "nerves"),
                    ),
                ),
            ),
        ),
    )


@pytest.fixture()
def check(catalog: Catalog) -> KnowledgeCheck:
    return KnowledgeCheck(make_bank(), catalog, seed=SEED)


def text_of(widget: w.HTML) -> str:
    """The visible text of an HTML widget (tags dropped, entities decoded, single-spaced)."""
    return text(widget.value)


def radio_of(check: KnowledgeCheck) -> w.RadioButtons:
    radio = check.controls.radio
    assert isinstance(radio, w.RadioButtons)
    return radio


def bowtie_of(check: KnowledgeCheck) -> BowtieBoard:
    board = check.controls.bowtie
    assert isinstance(board, BowtieBoard)
    return board


def go_to(check: KnowledgeCheck, item_id: str) -> None:
    while check.current_item.id != item_id:
        check.next_button.click()


# --- building ---------------------------------------------------------------------------------------------
def test_starts_on_the_first_question(check: KnowledgeCheck) -> None:
    assert (check.index, check.score, check.answered, check.max_score) == (0, 0, 0, 1 + 3 + 2 + 5)
    assert isinstance(check.container, w.VBox)
    assert {"ow-widget", "ow-quiz"} <= set(check.container._dom_classes)
    assert check.header in check.container.children
    assert "Test bank" in text_of(check.header)
    assert "Question 1 of 4" in text_of(check.progress)
    assert "How long does a new fracture take to heal?" in text_of(check.question)
    radio = radio_of(check)
    assert isinstance(radio, w.RadioButtons) and radio.value is None
    # shown in the order of SEED's student (the data order is week, months, year)
    assert radio.options == (("One week", "week"), ("One year", "year"), ("Three months", "months"))
    assert check.previous_button.disabled and not check.next_button.disabled
    assert check.feedback.value == ""


def test_controls_fit_the_question_type(check: KnowledgeCheck) -> None:
    go_to(check, "t_multiple")
    assert list(check.controls.checks["choices"]) == ["spasm", "weakness", "posture", "scan", "tension"]
    assert all(isinstance(c, w.Checkbox) for c in check.controls.widgets)
    go_to(check, "t_matrix")
    grid = check.controls.grid
    assert grid is not None and grid in check.controls.box.children and check.controls.dropdowns == {}
    page = soup(grid.markup)
    assert [th.get_text(strip=True) for th in page.select("thead th[scope=col]")] == ["Heat", "Cold"]
    assert [th.get_text(strip=True) for th in page.select("tbody th[scope=row]")] == [
        "Numbs the nerves",
        "Eases stiff muscles",
    ]
    assert grid.value == {} and not page.select("input[checked]")
    go_to(check, "t_bowtie")
    c = check.controls
    assert c.radio is None and c.checks == {} and c.bowtie is not None and c.bowtie in c.box.children
    assert TEXT["hint_bowtie"] == text_of(c.hint)
    page = soup(c.bowtie.markup)
    lists = page.select("fieldset.ow-ngn-bowtie__list")
    legends = [" ".join(f.legend.get_text(" ").split()) for f in lists]
    assert legends == [  # left to right as on the NGN bowtie: actions, condition, parameters
        f"What to do? {TEXT['choose_n'].format(n=2)}",
        f"What is it? {TEXT['choose_n'].format(n=1)}",
        f"What to watch? {TEXT['choose_n'].format(n=2)}",
    ]
    kinds = [{i["type"] for i in f.select("input")} for f in lists]
    assert kinds == [{"checkbox"}, {"radio"}, {"checkbox"}]
    assert [[i["value"] for i in f.select("input")] for f in lists] == [
        ["cold", "massage", "brace"],
        ["vcf", "ulcer"],
        ["pain", "hair", "nerves"],
    ]
    # the bowtie's slots, as many as each part takes, empty until something is chosen
    zones = page.select(".ow-ngn-bowtie__tie .ow-ngn-bowtie__zone")
    assert [z.select_one(".ow-ngn-bowtie__zone-name").get_text(strip=True) for z in zones] == [
        TEXT["part_actions"],
        TEXT["part_condition"],
        TEXT["part_parameters"],
    ]
    assert [len(z.select("li.ow-ngn-bowtie__slot--empty")) for z in zones] == [2, 1, 2]


def test_every_control_has_a_label(check: KnowledgeCheck) -> None:
    for _ in range(len(check.bank.items)):
        assert all(c.description.strip() for c in check.controls.widgets), check.current_item.id
        if not check.next_button.disabled:
            check.next_button.click()
    for button in (check.check_button, check.previous_button, check.next_button, check.reset_button):
        assert button.description.strip()


# --- checking answers -------------------------------------------------------------------------------------
def test_check_without_an_answer_asks_for_one(check: KnowledgeCheck) -> None:
    check.check_button.click()
    assert TEXT["need_single"] in text_of(check.feedback)
    assert (check.score, check.answered, check.results) == (0, 0, {})
    assert not check.check_button.disabled and not radio_of(check).disabled


def test_single_right_answer(check: KnowledgeCheck, catalog: Catalog) -> None:
    radio_of(check).value = "months"
    check.check_button.click()
    feedback = text_of(check.feedback)
    assert (check.score, check.answered) == (1, 1)
    assert TEXT["right"] in feedback and TEXT["points"].format(points=1, max=1) in feedback
    assert "Most new fractures heal in about three months." in feedback
    assert catalog.reference("niams2005_coping").title in feedback
    assert soup(check.feedback.value).select_one(".ow-quiz-feedback.ow-quiz-right[role=status]") is not None
    # The question is locked: clicking again changes nothing.
    assert radio_of(check).disabled and check.check_button.disabled
    radio_of(check).value = "week"
    check.check_button.click()
    assert (check.score, check.answered) == (1, 1)


def test_single_wrong_answer_shows_the_right_one_and_choice_feedback(check: KnowledgeCheck) -> None:
    radio_of(check).value = "year"
    check.check_button.click()
    feedback = text_of(check.feedback)
    assert (check.score, check.answered) == (0, 1)
    assert TEXT["wrong"] in feedback and TEXT["points"].format(points=0, max=1) in feedback
    assert TEXT["chose_wrong"].format(choice="One year") in feedback
    assert "Healing is usually faster than that." in feedback
    assert TEXT["missed"].format(choice="Three months") in feedback
    assert check.results["t_single"].status == "wrong"


def tick(check: KnowledgeCheck, *ids: str) -> None:
    for cid in ids:
        check.controls.checks["choices"][cid].value = True


def test_multiple_partial_credit_with_penalty(check: KnowledgeCheck) -> None:
    go_to(check, "t_multiple")
    tick(check, "tension", "spasm", "scan")
    check.check_button.click()
    feedback = text_of(check.feedback)
    assert (check.score, check.answered) == (1, 1)  # +1 +1 -1
    assert TEXT["partial"] in feedback and TEXT["points"].format(points=1, max=3) in feedback
    assert TEXT["point_minus"] in feedback and TEXT["missed"].format(choice="Weakness") in feedback


def test_multiple_score_never_below_zero(check: KnowledgeCheck) -> None:
    go_to(check, "t_multiple")
    tick(check, "tension", "scan", "posture")
    check.check_button.click()
    assert (check.score, check.answered) == (0, 1)  # +1 -2 floored at 0
    assert TEXT["wrong"] in text_of(check.feedback)


def test_multiple_needs_a_tick(check: KnowledgeCheck) -> None:
    go_to(check, "t_multiple")
    check.check_button.click()
    assert TEXT["need_multiple"] in text_of(check.feedback) and check.answered == 0


def test_matrix_needs_every_row_then_scores_per_row(check: KnowledgeCheck) -> None:
    go_to(check, "t_matrix")
    grid = check.controls.grid
    assert grid is not None
    grid.choose("numbs", "heat")
    grid.choose("numbs", "cold")  # a radio button: the new choice replaces the old one in its row
    assert grid.value == {"numbs": ["cold"]}
    check.check_button.click()
    assert TEXT["need_matrix"] in text_of(check.feedback) and check.answered == 0
    grid.choose("stiff", "cold")
    check.check_button.click()
    feedback = text_of(check.feedback)
    assert (check.score, check.answered) == (1, 1)
    assert TEXT["partial"] in feedback
    assert TEXT["row_right"].format(row="Numbs the nerves", choice="Cold") in feedback
    assert TEXT["row_wrong"].format(row="Eases stiff muscles", choice="Cold", answer="Heat") in feedback
    assert grid.disabled and all(i.has_attr("disabled") for i in soup(grid.markup).select("input"))


def test_bowtie_needs_the_stated_counts_then_scores_each_answer(check: KnowledgeCheck, catalog: Catalog) -> None:
    go_to(check, "t_bowtie")
    board = bowtie_of(check)
    board.choose("condition", "vcf")
    board.choose("actions", "cold")
    board.choose("parameters", "pain")
    board.choose("parameters", "nerves")
    check.check_button.click()  # only one action of two
    assert TEXT["need_bowtie"] in text_of(check.feedback) and check.answered == 0
    board.choose("actions", "massage")
    check.check_button.click()
    feedback = text_of(check.feedback)
    assert (check.score, check.answered) == (4, 1)
    assert TEXT["partial"] in feedback and TEXT["points"].format(points=4, max=5) in feedback
    assert TEXT["chose_wrong"].format(choice="Deep spine massage") in feedback
    assert TEXT["missed"].format(choice="Brace") in feedback
    assert catalog.reference("kato2019").title in feedback


def test_bowtie_all_right(check: KnowledgeCheck) -> None:
    go_to(check, "t_bowtie")
    board = bowtie_of(check)
    board.choose("condition", "vcf")
    for group, ids in (("actions", ("cold", "brace")), ("parameters", ("pain", "nerves"))):
        for cid in ids:
            board.choose(group, cid)
    check.check_button.click()
    assert (check.score, check.answered) == (5, 1)
    assert TEXT["right"] in text_of(check.feedback)


# --- running score, navigation, reset ---------------------------------------------------------------------
def test_running_score_and_traits_notify(check: KnowledgeCheck) -> None:
    seen: list[tuple[str, int]] = []
    check.observe(lambda ch: seen.append((ch["name"], ch["new"])), names=["score", "answered"])
    radio_of(check).value = "months"
    check.check_button.click()
    check.next_button.click()
    tick(check, "tension", "spasm")
    check.check_button.click()
    assert (check.score, check.answered) == (3, 2)
    assert ("score", 3) in seen and ("answered", 2) in seen
    summary = text_of(check.score_view)
    assert TEXT["score"].format(score=3, max=11, answered=2, total=4) in summary
    assert TEXT["done"] not in summary


def test_navigation_keeps_answers_and_feedback(check: KnowledgeCheck) -> None:
    radio_of(check).value = "months"
    check.check_button.click()
    check.next_button.click()
    assert check.index == 1 and "Question 2 of 4" in text_of(check.progress)
    assert check.feedback.value == "" and not check.check_button.disabled
    tick(check, "spasm")  # not checked yet
    check.previous_button.click()
    assert radio_of(check).value == "months" and radio_of(check).disabled
    assert TEXT["right"] in text_of(check.feedback)
    check.next_button.click()
    assert check.controls.checks["choices"]["spasm"].value is True
    check.index = 3
    assert check.next_button.disabled and "Question 4 of 4" in text_of(check.progress)
    with pytest.raises(traitlets.TraitError):
        check.index = 4


def test_all_answered_message(check: KnowledgeCheck) -> None:
    radio_of(check).value = "week"
    check.check_button.click()
    check.next_button.click()
    tick(check, "scan")
    check.check_button.click()
    check.next_button.click()
    grid = check.controls.grid
    assert grid is not None
    for row in ("numbs", "stiff"):
        grid.choose(row, "heat")
    check.check_button.click()
    check.next_button.click()
    board = bowtie_of(check)
    board.choose("condition", "ulcer")
    for group, cid in (("actions", "cold"), ("actions", "massage"), ("parameters", "pain"), ("parameters", "hair")):
        board.choose(group, cid)
    check.check_button.click()
    assert check.answered == 4 and check.score == 0 + 0 + 1 + 2  # single wrong, -1 floored, 1 row, 2 placed
    assert TEXT["done"] in text_of(check.score_view)


def test_reset_clears_everything(check: KnowledgeCheck) -> None:
    radio_of(check).value = "months"
    check.check_button.click()
    check.next_button.click()
    tick(check, "tension")
    check.reset_button.click()
    assert (check.index, check.score, check.answered, check.results) == (0, 0, 0, {})
    assert radio_of(check).value is None and not radio_of(check).disabled
    assert check.feedback.value == "" and not check.check_button.disabled
    check.next_button.click()
    assert not any(c.value for c in check.controls.widgets)
    assert TEXT["score"].format(score=0, max=11, answered=0, total=4) in text_of(check.score_view)


def test_retry_clears_only_the_question_shown(check: KnowledgeCheck) -> None:
    nav = [c for c in check.container.children if "ow-quiz-nav" in c._dom_classes]
    assert len(nav) == 1 and check.retry_button in nav[0].children
    assert check.retry_button.disabled  # nothing checked yet
    radio_of(check).value = "months"
    check.check_button.click()
    check.next_button.click()
    tick(check, "tension", "spasm")
    check.check_button.click()
    assert (check.score, check.answered) == (3, 2) and not check.retry_button.disabled
    seen: list[tuple[str, int]] = []
    check.observe(lambda ch: seen.append((ch["name"], ch["new"])), names=["score", "answered"])
    check.retry_button.click()
    # This question: answer, feedback and points gone, open again.
    assert (check.index, check.score, check.answered) == (1, 1, 1)
    assert ("score", 1) in seen and ("answered", 1) in seen
    assert set(check.results) == {"t_single"}
    assert not any(c.value for c in check.controls.widgets)
    assert not any(c.disabled for c in check.controls.widgets)
    assert check.feedback.value == "" and not check.check_button.disabled and check.retry_button.disabled
    assert TEXT["score"].format(score=1, max=11, answered=1, total=4) in text_of(check.score_view)
    # Every other answer stays, still checked and locked.
    check.previous_button.click()
    assert radio_of(check).value == "months" and radio_of(check).disabled
    assert TEXT["right"] in text_of(check.feedback) and not check.retry_button.disabled
    # The question retried scores afresh.
    check.next_button.click()
    tick(check, "tension", "spasm", "weakness")
    check.check_button.click()
    assert (check.score, check.answered) == (4, 2) and check.results["t_multiple"].correct


def test_retry_does_nothing_on_an_unchecked_question(check: KnowledgeCheck) -> None:
    radio_of(check).value = "months"
    check.check_button.click()
    check.next_button.click()
    tick(check, "spasm")
    check.retry_button.click()  # disabled in the page; a click from code changes nothing
    assert (check.score, check.answered) == (1, 1)
    assert check.controls.checks["choices"]["spasm"].value is True


def test_the_locked_note_names_both_buttons(check: KnowledgeCheck) -> None:
    radio_of(check).value = "week"
    check.check_button.click()
    note = text_of(check.feedback)
    assert TEXT["retry"] in note and TEXT["reset"] in note


def test_keys_in_the_quiz_are_kept_from_jupyterlab_shortcuts(check: KnowledgeCheck) -> None:
    """The quiz root gets data-lm-suppress-shortcuts from its KeyboardScope (checked in JupyterLab by
    tests/browser/test_quiz_keyboard.py); here: it is in the quiz and names the quiz root's class."""
    scope = check.keyboard_scope
    assert isinstance(scope, KeyboardScope) and scope in check.container.children
    assert scope.scope in check.container._dom_classes and scope.scope == "ow-quiz"
    assert ATTRIBUTE == "data-lm-suppress-shortcuts"
    assert "ow-keyboard-scope" in scope._dom_classes
    with pytest.raises(traitlets.TraitError, match="not a CSS class name"):
        scope.scope = "ow quiz"
    with pytest.raises(traitlets.TraitError, match="scope is empty"):
        KeyboardScope()


# --- choice order: per student, stable, scored by id ----------------------------------------------------
def shown(check: KnowledgeCheck) -> dict[str, list[str]]:
    """The choice ids of the question shown, per group, in the order the controls show them."""
    c = check.controls
    groups = {name: list(boxes) for name, boxes in c.checks.items()}
    if c.radio is not None:
        groups["radio"] = [v for _label, v in c.radio.options]
    if c.bowtie is not None:  # the bowtie's option lists, read from what it draws
        for fieldset in soup(c.bowtie.markup).select("fieldset"):
            name = fieldset["class"][1].removeprefix("ow-ngn-bowtie__list--")
            groups[name] = [i["value"] for i in fieldset.select("input")]
    return groups


def test_each_student_sees_the_choices_in_their_own_stable_order(catalog: Catalog) -> None:
    single, multiple, _matrix, bowtie = make_bank().items
    ben, ben_again, ana = (KnowledgeCheck(make_bank(), catalog, seed=s) for s in (SEED, SEED, "ana"))
    assert shown(ben)["radio"] == list(choice_order(single, SEED)) == ["week", "year", "months"]
    assert shown(ben) == shown(ben_again)  # a reload (a new widget) shows the same order
    for check in (ben, ben_again, ana):
        go_to(check, "t_multiple")
    assert shown(ben)["choices"] == list(choice_order(multiple, SEED)) == shown(ben_again)["choices"]
    assert shown(ana)["choices"] == list(choice_order(multiple, "ana")) != shown(ben)["choices"]
    assert sorted(shown(ana)["choices"]) == sorted(c.id for c in multiple.choices)  # nothing added or dropped
    go_to(ben, "t_bowtie")
    parts = bowtie_order(bowtie, SEED)
    assert shown(ben) == {
        "condition": list(parts["condition"]),
        "actions": ["cold", "massage", "brace"],
        "parameters": ["pain", "hair", "nerves"],
    }
    actions = soup(bowtie_of(ben).markup).select("fieldset.ow-ngn-bowtie__list--actions label")
    assert [label.get_text(strip=True) for label in actions] == ["Cold pack", "Deep spine massage", "Brace"]


def test_the_default_seed_is_the_hub_user(catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTERHUB_USER", "ana")
    check = KnowledgeCheck(make_bank(), catalog)
    assert check.seed == "ana"
    assert shown(check)["radio"] == [c.id for c in ordered(make_bank().items[0].choices, "ana", "t_single")]


def test_matrix_columns_keep_the_data_order(catalog: Catalog) -> None:
    for seed in (SEED, "ana", "carla"):
        check = KnowledgeCheck(make_bank(), catalog, seed=seed)
        go_to(check, "t_matrix")
        grid = check.controls.grid
        assert grid is not None
        assert [th.get_text(strip=True) for th in soup(grid.markup).select("thead th")] == ["Heat", "Cold"]


def test_shuffled_choices_are_scored_by_id_not_position(check: KnowledgeCheck) -> None:
    radio = radio_of(check)
    assert radio.options[-1] == ("Three months", "months")  # the right answer is shown last for SEED
    radio.value = radio.options[-1][1]
    check.check_button.click()
    assert (check.score, check.results["t_single"].correct) == (1, True)
    go_to(check, "t_multiple")
    for box in list(check.controls.checks["choices"].values())[:3]:  # spasm, weakness (right), posture (wrong)
        box.value = True
    check.check_button.click()
    result = check.results["t_multiple"]
    assert (result.points, result.max_points) == (1, 3)  # +2 right, -1 wrong
    go_to(check, "t_bowtie")
    board = bowtie_of(check)
    board.choose("condition", "vcf")
    for group, ids in (("actions", ("cold", "brace")), ("parameters", ("hair", "nerves"))):
        for cid in ids:
            board.choose(group, cid)
    check.check_button.click()
    assert (check.results["t_bowtie"].points, check.score) == (4, 1 + 1 + 4)
    parameters = soup(check.feedback.value).select("ul.ow-quiz-marks")[2].select("li")
    # what was chosen, then what was missed, each in the order shown (pain, hair, nerves; data: pain, nerves, hair)
    assert [(li["class"][0], li.get_text(" ", strip=True).split(".")[0]) for li in parameters] == [
        ("ow-quiz-mark-wrong", TEXT["chose_wrong"].format(choice="Hair").split(".")[0]),
        ("ow-quiz-mark-right", TEXT["chose_right"].format(choice="Leg numbness").split(".")[0]),
        ("ow-quiz-mark-missed", TEXT["missed"].format(choice="Pain score").split(".")[0]),
    ]


# --- audience, data, errors -------------------------------------------------------------------------------
def test_student_view_shows_the_judgment_step_and_patient_view_does_not(catalog: Catalog) -> None:
    step = TEXT.format("judgment_step", step=TEXT["step_recognize_cues"])
    assert step in text_of(KnowledgeCheck(make_bank(), catalog).question)
    patient = KnowledgeCheck(make_bank(), catalog, audience="patient")
    assert "Clinical judgment" not in text_of(patient.question)
    patient.next_button.click()
    assert TEXT["scoring_multiple"] not in text_of(patient.question)
    student = KnowledgeCheck(make_bank(), catalog)
    student.next_button.click()
    assert TEXT["scoring_multiple"] in text_of(student.question)
    with pytest.raises(ValueError, match="audience"):
        KnowledgeCheck(make_bank(), catalog, audience="nurse")  # type: ignore[arg-type]


def test_bank_with_unknown_reference_fails_early(catalog: Catalog) -> None:
    bank = make_bank()
    bad = Bank(
        "bad", "Bad", (Item(**{**{f: getattr(bank.items[0], f) for f in Item.__slots__}, "references": ("nope",)}),)
    )
    with pytest.raises(UnknownIdError, match="nope"):
        KnowledgeCheck(bad, catalog)


def test_demo_bank_from_data(catalog: Catalog) -> None:
    bank = load_bank("widget_demo", catalog)
    check = KnowledgeCheck("widget_demo", catalog)
    assert check.bank == bank and check.max_score == bank.max_points
    first = bank.items[0]
    assert " ".join(first.stem.split()) in text_of(check.question)
    right = next(c for c in first.choices if c.correct)
    radio_of(check).value = right.id
    check.check_button.click()
    assert (check.score, check.answered) == (1, 1)
    assert first.explanation in text_of(check.feedback)
    for ref in first.references:
        assert catalog.reference(ref).title in text_of(check.feedback)


def test_the_words_are_data_for_students() -> None:
    assert texts() == TEXT and TEXT.audience == "student"
    assert STUDENT_ONLY and "step_recognize_cues" in STUDENT_ONLY


@pytest.mark.parametrize("key", sorted(set(TEXT) - set(STUDENT_ONLY)))
def test_ui_strings_are_plain_language(key: str) -> None:
    filled = TEXT[key].format(
        n=2, total=9, points=1, max=3, score=1, answered=2, choice="Heat", row="Cold packs", answer="Heat",
        token="Heat", gap="gap 1 (Why)", label="Why", content="Heat", caption="Pain", column="Heat",
    )  # fmt: skip
    assert textstat.flesch_kincaid_grade(filled) <= 8, (key, filled)
