"""Question banks: NGN scoring rules (osteo_lib.care.quiz; items built here), the loader's checks
(osteo_lib.content.quiz), and every real bank file."""

from __future__ import annotations

import copy
import doctest
from pathlib import Path
from typing import Any

import pytest
import yaml

from osteo_lib import DataError, UnknownIdError
from osteo_lib.care import quiz
from osteo_lib.care.quiz import Mark, correct_response, score
from osteo_lib.content import quiz as quiz_content
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.quiz import Bank, Bowtie, BowtiePart, Choice, Item, MatrixRow, load_bank, load_banks

QUIZZES = Path(__file__).resolve().parent.parent / "data" / "quizzes"
BANK_FILES = sorted(QUIZZES.glob("*.yaml"))


# --- items built in the test ------------------------------------------------------------------------
def single_item() -> Item:
    return Item(
        id="t_single",
        type="single",
        stem="Pick one.",
        explanation="Because.",
        references=("paolucci2016",),
        choices=(Choice("a", "A", correct=True), Choice("b", "B"), Choice("c", "C")),
    )


def multiple_item() -> Item:
    """Three right choices (a, b, c), two wrong (d, e): max 3 points."""
    return Item(
        id="t_multiple",
        type="multiple",
        stem="Pick all.",
        explanation="Because.",
        references=("paolucci2016",),
        choices=(
            Choice("a", "A", True),
            Choice("b", "B", True),
            Choice("c", "C", True),
            Choice("d", "D"),
            Choice("e", "E"),
        ),
    )


def matrix_item() -> Item:
    return Item(
        id="t_matrix",
        type="matrix",
        stem="Match.",
        explanation="Because.",
        references=("paolucci2016",),
        columns=(Choice("x", "X"), Choice("y", "Y")),
        rows=(MatrixRow("r1", "Row 1", "x"), MatrixRow("r2", "Row 2", "y"), MatrixRow("r3", "Row 3", "x")),
    )


def bowtie_item() -> Item:
    """1 condition + 2 actions + 2 parameters: max 5 points."""
    return Item(
        id="t_bowtie",
        type="bowtie",
        stem="Bowtie.",
        explanation="Because.",
        references=("paolucci2016",),
        bowtie=Bowtie(
            condition=BowtiePart("Which?", (Choice("c1", "C1"), Choice("c2", "C2"), Choice("c3", "C3")), ("c1",)),
            actions=BowtiePart("Do?", tuple(Choice(f"a{i}", f"A{i}") for i in range(1, 5)), ("a1", "a2")),
            parameters=BowtiePart("Watch?", tuple(Choice(f"p{i}", f"P{i}") for i in range(1, 5)), ("p1", "p2")),
        ),
    )


def points(item: Item, response: Any) -> tuple[int, int]:
    result = score(item, response)
    return result.points, result.max_points


# --- single: 0/1 ------------------------------------------------------------------------------------------
def test_single_right_scores_one() -> None:
    result = score(single_item(), "a")
    assert (result.points, result.max_points, result.correct, result.status) == (1, 1, True, "right")
    assert result.details == (Mark("answer", "a", "right", 1),)


def test_single_wrong_scores_zero_and_names_the_right_choice() -> None:
    result = score(single_item(), "b")
    assert (result.points, result.correct, result.status) == (0, False, "wrong")
    assert result.details == (Mark("answer", "b", "wrong", 0), Mark("answer", "a", "missed", 0))


def test_single_no_answer_scores_zero() -> None:
    assert points(single_item(), None) == (0, 1)


@pytest.mark.parametrize("bad", ["z", ["a"], 3])
def test_single_rejects_bad_responses(bad: Any) -> None:
    with pytest.raises(ValueError, match="z" if bad == "z" else "one choice id"):
        score(single_item(), bad)


# --- multiple response: +/- scoring, floor 0 -------------------------------------------------------------
@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ({"a", "b", "c"}, 3),  # all right ones
        ({"a", "b"}, 2),  # partial credit: +1 +1
        (["a", "b", "d"], 1),  # +1 +1 -1
        ({"a", "b", "c", "d"}, 2),  # +3 -1
        ({"a", "b", "c", "d", "e"}, 1),  # ticking everything is not rewarded: +3 -2
        ({"a", "d"}, 0),  # +1 -1
        ({"a", "d", "e"}, 0),  # +1 -2 = -1, floored at 0
        ({"d", "e"}, 0),  # -2, floored at 0
        (set(), 0),
        (("a", "a"), 1),  # a repeated id counts once
    ],
)
def test_multiple_plus_minus_scoring(response: Any, expected: int) -> None:
    assert points(multiple_item(), response) == (expected, 3)


def test_multiple_details_list_each_choice_with_its_points() -> None:
    result = score(multiple_item(), {"a", "d", "e"})
    assert result.points == 0 and result.status == "wrong"
    assert sum(m.points for m in result.details) == -1  # the raw sum; only the total is floored
    assert result.details == (
        Mark("choices", "a", "right", 1),
        Mark("choices", "d", "wrong", -1),
        Mark("choices", "e", "wrong", -1),
        Mark("choices", "b", "missed", 0),
        Mark("choices", "c", "missed", 0),
    )


def test_multiple_partial_status() -> None:
    result = score(multiple_item(), {"a", "b"})
    assert result.status == "partial" and not result.correct


def test_multiple_rejects_unknown_choice_naming_it() -> None:
    with pytest.raises(ValueError, match="'zz'"):
        score(multiple_item(), {"a", "zz"})


@pytest.mark.parametrize("bad", ["a", {"a": True}, 5, [1]])
def test_multiple_rejects_non_collections(bad: Any) -> None:
    problem = r"^item 't_multiple': (the choices response is a collection|choice ids are strings)"
    with pytest.raises(ValueError, match=problem):
        score(multiple_item(), bad)


# --- matrix: 0/1 per row ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ({"r1": "x", "r2": "y", "r3": "x"}, 3),
        ({"r1": "x", "r2": "x", "r3": "x"}, 2),
        ({"r1": "y", "r2": "x", "r3": "y"}, 0),
        ({"r1": "x"}, 1),  # rows left out score 0
        ({}, 0),
    ],
)
def test_matrix_scores_each_row(response: dict[str, str], expected: int) -> None:
    assert points(matrix_item(), response) == (expected, 3)


def test_matrix_details_per_row() -> None:
    result = score(matrix_item(), {"r1": "x", "r2": "x"})
    assert result.status == "partial"
    assert result.details == (
        Mark("r1", "x", "right", 1),
        Mark("r2", "x", "wrong", 0),
        Mark("r2", "y", "missed", 0),
        Mark("r3", "x", "missed", 0),
    )


@pytest.mark.parametrize(
    ("bad", "named"), [({"r9": "x"}, "'r9'"), ({"r1": "q"}, "'q'"), ("x", "mapping"), ({"r1": ["x"]}, "one column")]
)
def test_matrix_rejects_bad_responses(bad: Any, named: str) -> None:
    with pytest.raises(ValueError, match=named):
        score(matrix_item(), bad)


# --- bowtie: 0/1 per placed answer ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ({"condition": "c1", "actions": {"a1", "a2"}, "parameters": {"p1", "p2"}}, 5),
        ({"condition": "c2", "actions": {"a1", "a2"}, "parameters": {"p1", "p2"}}, 4),
        (
            {"condition": "c1", "actions": {"a1", "a3"}, "parameters": {"p1", "p2"}},
            4,
        ),  # wrong placement costs nothing extra
        ({"condition": "c1", "actions": {"a3", "a4"}, "parameters": {"p3", "p4"}}, 1),
        ({"condition": "c1", "actions": ["a1"], "parameters": []}, 2),  # empty places score 0
        ({"condition": None}, 0),
        ({}, 0),
    ],
)
def test_bowtie_scores_each_placed_answer(response: dict[str, Any], expected: int) -> None:
    assert points(bowtie_item(), response) == (expected, 5)


def test_bowtie_details_by_part() -> None:
    result = score(bowtie_item(), {"condition": "c2", "actions": {"a1", "a3"}, "parameters": {"p1", "p2"}})
    assert result.points == 3 and result.status == "partial"
    assert [m for m in result.details if m.part == "condition"] == [
        Mark("condition", "c2", "wrong", 0),
        Mark("condition", "c1", "missed", 0),
    ]
    assert [m for m in result.details if m.part == "actions"] == [
        Mark("actions", "a1", "right", 1),
        Mark("actions", "a3", "wrong", 0),
        Mark("actions", "a2", "missed", 0),
    ]


@pytest.mark.parametrize(
    ("bad", "named"),
    [
        ({"condition": "c9"}, "'c9'"),
        ({"actions": {"a1", "a9"}}, "'a9'"),
        ({"parameters": {"p7"}}, "'p7'"),
        ({"actions": {"a1", "a2", "a3"}}, "at most 2"),  # more than the drop zones
        ({"conditions": "c1"}, "'conditions'"),
        ({"condition": ["c1"]}, "one choice id"),
        ({"actions": "a1"}, "collection"),
        (["c1"], "mapping"),
    ],
)
def test_bowtie_rejects_bad_responses(bad: Any, named: str) -> None:
    with pytest.raises(ValueError, match=named):
        score(bowtie_item(), bad)


def test_max_points_per_type() -> None:
    assert [i.max_points for i in (single_item(), multiple_item(), matrix_item(), bowtie_item())] == [1, 3, 3, 5]
    bank = Bank("t", "T", (single_item(), multiple_item(), matrix_item(), bowtie_item()))
    assert bank.max_points == 12
    assert bank.item("t_matrix").type == "matrix"
    with pytest.raises(UnknownIdError):
        bank.item("nope")


@pytest.mark.parametrize("make", [single_item, multiple_item, matrix_item, bowtie_item])
def test_correct_response_earns_full_marks(make: Any) -> None:
    item = make()
    result = score(item, correct_response(item))
    assert result.correct and result.points == item.max_points > 0


# --- loader -----------------------------------------------------------------------------------------------
def valid_doc(bank: str = "tbank", prefix: str = "t") -> dict[str, Any]:
    return {
        "schema_version": 1,
        "bank": bank,
        "title": "Test bank",
        "items": [
            {
                "id": f"{prefix}_s",
                "type": "single",
                "stem": "S?",
                "explanation": "E.",
                "references": ["paolucci2016"],
                "clinical_judgment_step": "recognize_cues",
                "choices": [{"id": "a", "text": "A", "correct": True}, {"id": "b", "text": "B", "feedback": "No."}],
            },
            {
                "id": f"{prefix}_m",
                "type": "multiple",
                "stem": "M?",
                "explanation": "E.",
                "references": ["vance2014"],
                "choices": [
                    {"id": "a", "text": "A", "correct": True},
                    {"id": "b", "text": "B", "correct": True},
                    {"id": "c", "text": "C"},
                ],
            },
            {
                "id": f"{prefix}_x",
                "type": "matrix",
                "stem": "X?",
                "explanation": "E.",
                "references": ["kato2019"],
                "columns": [{"id": "yes", "text": "Yes"}, {"id": "no", "text": "No"}],
                "rows": [{"id": "r1", "text": "R1", "answer": "yes"}, {"id": "r2", "text": "R2", "answer": "no"}],
            },
            {
                "id": f"{prefix}_b",
                "type": "bowtie",
                "stem": "B?",
                "explanation": "E.",
                "references": ["paolucci2016", "kato2019"],
                "bowtie": {
                    "condition": {
                        "prompt": "C?",
                        "choices": [{"id": "c1", "text": "C1"}, {"id": "c2", "text": "C2"}],
                        "answers": ["c1"],
                    },
                    "actions": {
                        "prompt": "A?",
                        "choices": [{"id": f"a{i}", "text": f"A{i}"} for i in range(4)],
                        "answers": ["a0", "a1"],
                    },
                    "parameters": {
                        "prompt": "P?",
                        "choices": [{"id": f"p{i}", "text": f"P{i}"} for i in range(3)],
                        "answers": ["p2"],
                    },
                },
            },
        ],
    }


def write(cat: Catalog, name: str, doc: dict[str, Any]) -> None:
    (cat.source / "quizzes" / f"{name}.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")


def load_error(cat: Catalog, doc: dict[str, Any], name: str = "tbank") -> DataError:
    write(cat, name, doc)
    with pytest.raises(DataError) as info:
        load_bank(name, cat)
    return info.value


def test_load_bank_builds_typed_records(quiz_catalog: Catalog) -> None:
    write(quiz_catalog, "tbank", valid_doc())
    bank = load_bank("tbank", quiz_catalog)
    assert (bank.id, bank.title, [i.type for i in bank.items]) == (
        "tbank",
        "Test bank",
        ["single", "multiple", "matrix", "bowtie"],
    )
    single, multiple, matrix, bowtie = bank.items
    assert single.choices == (Choice("a", "A", True), Choice("b", "B", False, "No."))
    assert single.clinical_judgment_step == "recognize_cues" and single.references == ("paolucci2016",)
    assert [c.id for c in multiple.correct_choices] == ["a", "b"]
    assert matrix.rows[1] == MatrixRow("r2", "R2", "no")
    assert bowtie.bowtie is not None and bowtie.bowtie.parameters.answers == ("p2",)
    assert bank.max_points == 1 + 2 + 2 + 4
    assert load_bank("tbank", quiz_catalog) is bank  # cached
    assert load_banks(quiz_catalog) == {"tbank": bank}


def test_unknown_item_names_the_bank_and_the_known_ids(quiz_catalog: Catalog) -> None:
    write(quiz_catalog, "tbank", valid_doc())
    bank = load_bank("tbank", quiz_catalog)
    with pytest.raises(
        UnknownIdError, match=r"^no item in bank 'tbank' with id 'nope'; known ids: t_b, t_m, t_s, t_x$"
    ):
        bank.item("nope")


def test_unknown_bank(quiz_catalog: Catalog) -> None:
    write(quiz_catalog, "tbank", valid_doc())
    with pytest.raises(UnknownIdError, match="tbank"):
        load_bank("nothere", quiz_catalog)
    with pytest.raises(UnknownIdError):
        load_bank("../quizzes/tbank", quiz_catalog)


def test_bank_id_must_equal_file_name(quiz_catalog: Catalog) -> None:
    err = load_error(quiz_catalog, valid_doc(bank="other"))
    assert (err.file, err.field) == (f"{quiz_catalog.source.name}/quizzes/tbank.yaml", "bank")


def test_schema_problem_names_item_and_field(quiz_catalog: Catalog) -> None:
    doc = valid_doc()
    del doc["items"][1]["explanation"]
    err = load_error(quiz_catalog, doc)
    assert (err.record, err.field) == ("t_m", "explanation")


def test_duplicate_item_id_in_a_bank(quiz_catalog: Catalog) -> None:
    doc = valid_doc()
    doc["items"][2]["id"] = "t_s"
    err = load_error(quiz_catalog, doc)
    assert (err.record, err.field) == ("t_s", "id")


def test_item_ids_unique_across_banks(quiz_catalog: Catalog) -> None:
    write(quiz_catalog, "tbank", valid_doc())
    other = valid_doc(bank="zbank", prefix="z")
    other["items"][3]["id"] = "t_m"
    write(quiz_catalog, "zbank", other)
    assert load_bank("zbank", quiz_catalog).items[3].id == "t_m"  # one file on its own is fine
    with pytest.raises(DataError) as info:
        load_banks(quiz_catalog)
    assert (info.value.record, info.value.field) == ("t_m", "id")
    assert "tbank.yaml" in info.value.problem and info.value.file.endswith("zbank.yaml")


def broken(change: Any) -> dict[str, Any]:
    doc = valid_doc()
    change(doc["items"])
    return doc


@pytest.mark.parametrize(
    ("change", "record", "fieldname", "problem"),
    [
        (lambda it: it[0]["choices"].append({"id": "a", "text": "again"}), "t_s", "choices[a].id", "duplicate id"),
        (lambda it: it[2]["columns"].append({"id": "yes", "text": "again"}), "t_x", "columns[yes].id", "duplicate id"),
        (
            lambda it: it[2]["rows"].append({"id": "r1", "text": "again", "answer": "no"}),
            "t_x",
            "rows[r1].id",
            "duplicate id",
        ),
        (
            lambda it: it[3]["bowtie"]["actions"]["choices"].append({"id": "a0", "text": "again"}),
            "t_b",
            "bowtie.actions.choices[a0].id",
            "duplicate id",
        ),
        (lambda it: it[0]["choices"][1].update(correct=True), "t_s", "choices", "exactly one"),  # single: two right
        (lambda it: it[0]["choices"][0].pop("correct"), "t_s", "choices", "exactly one"),  # single: none right
        (
            lambda it: [c.pop("correct", None) for c in it[1]["choices"]],
            "t_m",
            "choices",
            "at least one",
        ),  # multiple: none right
        (lambda it: it[2]["rows"][0].update(answer="maybe"), "t_x", "rows[r1].answer", "not a column"),
        (lambda it: it[2]["columns"][0].update(correct=True), "t_x", "columns[yes].correct", "only for single"),
        (
            lambda it: it[3]["bowtie"]["actions"].update(answers=["a0", "a9"]),
            "t_b",
            "bowtie.actions.answers",
            "not a choice",
        ),
        (
            lambda it: it[3]["bowtie"]["condition"].update(
                choices=[{"id": f"c{i}", "text": "C"} for i in range(1, 4)], answers=["c1", "c2"]
            ),
            "t_b",
            "bowtie.condition.answers",
            "exactly one answer",
        ),
        (
            lambda it: it[3]["bowtie"]["parameters"].update(answers=["p0", "p1", "p2"]),
            "t_b",
            "bowtie.parameters.answers",
            "at least one wrong",
        ),
        (
            lambda it: it[3]["bowtie"]["condition"]["choices"][0].update(correct=True),
            "t_b",
            "bowtie.condition.choices[c1].correct",
            "only for single",
        ),
        (lambda it: it[1].update(references=["vance2014", "no_such_ref"]), "t_m", "references", "'no_such_ref'"),
        (
            lambda it: it[0].update(rows=copy.deepcopy(it[2]["rows"])),
            "t_s",
            "rows",
            "not used by single",
        ),  # a field of another type
        (lambda it: it[2].update(choices=copy.deepcopy(it[0]["choices"])), "t_x", "choices", "not used by matrix"),
    ],
)
def test_cross_checks_name_item_and_field(
    quiz_catalog: Catalog, change: Any, record: str, fieldname: str, problem: str
) -> None:
    err = load_error(quiz_catalog, broken(change))
    assert (err.record, err.field) == (record, fieldname), str(err)
    assert problem in err.problem, str(err)
    assert err.file.endswith("quizzes/tbank.yaml")


# --- the real bank files ----------------------------------------------------------------------------------
def test_bank_files_exist() -> None:
    assert "widget_demo.yaml" in [p.name for p in BANK_FILES]


@pytest.mark.parametrize("path", BANK_FILES, ids=[p.stem for p in BANK_FILES])
def test_bank_file_validates(path: Path, catalog: Catalog) -> None:
    bank = load_bank(path.stem, catalog)
    assert bank.id == path.stem and bank.items
    for item in bank.items:
        assert item.explanation.strip(), item.id
        assert item.references, item.id
        for ref in item.references:
            assert ref in catalog.references, f"{path.name}: item {item.id} cites unknown {ref!r}"
        full = score(item, correct_response(item))
        assert full.correct and full.points == item.max_points > 0, item.id


def test_all_banks_load_together_with_unique_item_ids(catalog: Catalog) -> None:
    banks = load_banks(catalog)
    assert sorted(banks) == [p.stem for p in BANK_FILES]
    ids = [i.id for b in banks.values() for i in b.items]
    assert len(ids) == len(set(ids))


def test_demo_bank_has_two_items_of_every_type(catalog: Catalog) -> None:
    types = [i.type for i in load_bank("widget_demo", catalog).items]
    assert all(types.count(t) >= 2 for t in ("single", "multiple", "matrix", "bowtie")), types


def test_docstring_examples() -> None:
    for module in (quiz, quiz_content):
        assert doctest.testmod(module).failed == 0, module.__name__
    assert doctest.testmod(quiz_content).attempted > 0


def test_the_records_and_loader_have_one_home_in_the_content_layer() -> None:
    """The care module uses the content records but does not offer them again: one public home each."""
    for name in (
        "load_bank",
        "load_banks",
        "bank_ids",
        "clear_cache",
        "quizzes_dir",
        "Bank",
        "Item",
        "Choice",
        "MatrixRow",
        "Bowtie",
        "BowtiePart",
        "BOWTIE_PARTS",
        "ITEM_TYPES",
    ):
        assert name in quiz_content.__all__, name
        assert name not in quiz.__all__, name
