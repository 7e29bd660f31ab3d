"""The per-student choice order (osteo_lib.care.quiz_order) on the real question banks."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from osteo_lib.care.quiz_order import bowtie_order, choice_order, cloze_order, ordered, student_seed, token_order
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.quiz import BOWTIE_PARTS, Bank, Choice, Item, load_banks

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [f"student{n:02d}" for n in range(60)]


#: Item types shown in data order: matrix columns, and a highlight item's parts (a text in reading order).
IN_DATA_ORDER = ("matrix", "matrix_multiple", "highlight")


def all_items(catalog: Catalog) -> list[Item]:
    return [item for bank in load_banks(catalog).values() for item in bank.items]


def orders(item: Item, seed: str) -> dict[str, tuple[str, ...]]:
    """Every shuffled group of ``item``: its choices, each bowtie part or each cloze drop-down."""
    if item.type == "bowtie":
        return dict(bowtie_order(item, seed))
    if item.type == "cloze":
        return cloze_order(item, seed)
    if item.type == "drag_drop":
        return {"tokens": token_order(item, seed)}
    return {"choices": choice_order(item, seed)}


def data_ids(item: Item) -> dict[str, tuple[str, ...]]:
    if item.type == "bowtie":
        assert item.bowtie is not None
        return {name: tuple(c.id for c in item.bowtie.part(name).choices) for name in BOWTIE_PARTS}
    if item.type == "cloze":
        return {b.id: tuple(c.id for c in b.choices) for b in item.blanks}
    if item.type == "drag_drop":
        return {"tokens": tuple(c.id for c in item.tokens)}
    return {
        "choices": tuple(c.id for c in (item.columns if item.type in ("matrix", "matrix_multiple") else item.choices))
    }


def test_the_order_is_a_permutation_and_the_same_for_the_same_seed(catalog: Catalog) -> None:
    for item in all_items(catalog):
        for seed in ("ana", "ben", ""):
            first = orders(item, seed)
            assert first == orders(item, seed), item.id
            assert {k: sorted(v) for k, v in first.items()} == {k: sorted(v) for k, v in data_ids(item).items()}


def test_the_order_differs_between_students_for_most_items(catalog: Catalog) -> None:
    shuffled = [i for i in all_items(catalog) if i.type not in IN_DATA_ORDER and not i.keep_order]
    for a, b in itertools.pairwise(("ana", "ben", "carla", "dev")):
        same = [i.id for i in shuffled if orders(i, a) == orders(i, b)]
        # four choices agree by chance 1 time in 24; allow a generous 15 %
        assert len(same) <= 0.15 * len(shuffled), (a, b, same)


def test_the_order_does_not_follow_the_data_order(catalog: Catalog) -> None:
    shuffled = [i for i in all_items(catalog) if i.type not in IN_DATA_ORDER and not i.keep_order]
    kept = [i.id for i in shuffled if orders(i, "ana") == data_ids(i)]
    assert len(kept) <= 0.15 * len(shuffled), kept


def test_every_choice_reaches_every_position(catalog: Catalog) -> None:
    for item in all_items(catalog):
        if item.type in IN_DATA_ORDER or item.keep_order:
            continue
        for part, ids in data_ids(item).items():
            seen = {(cid, orders(item, s)[part].index(cid)) for s in SEEDS for cid in ids}
            assert seen == set(itertools.product(ids, range(len(ids)))), (item.id, part)


def test_an_ordered_scale_keeps_its_order_for_every_student(catalog: Catalog) -> None:
    """Choices marked keep_order (numbers, times, the steps of a path) are never shuffled, in the pure
    function and in the knowledge check alike; the banks mark the ordered scales they hold."""
    from osteo_lib.views.widgets.quiz import KnowledgeCheck

    kept = {i.id: i for i in all_items(catalog) if i.keep_order}
    assert {"causes_06", "assess_02", "phys_02", "demo_healing_time"} <= set(kept)
    for item in kept.values():
        assert item.type in ("single", "multiple")
        assert all(orders(item, seed) == data_ids(item) for seed in SEEDS[:20]), item.id
    scale = kept["causes_06"]
    bank = Bank("scale", "An ordered scale", (scale, replace(scale, id="causes_06_shuffled", keep_order=False)))
    shown = set()
    for seed in SEEDS[:5]:
        check = KnowledgeCheck(bank, seed=seed, catalog=catalog)
        radio = check.controls.radio
        assert radio is not None
        assert [value for _, value in radio.options] == list(data_ids(scale)["choices"]), seed
        check.index = 1  # the same choices, not marked: shuffled
        radio = check.controls.radio
        assert radio is not None
        shown.add(tuple(value for _, value in radio.options))
    assert len(shown) > 1


def test_the_order_depends_on_item_and_part_not_only_on_the_seed() -> None:
    choices = tuple(Choice(c, c.upper()) for c in "abcde")
    by_item = {ordered(choices, "ana", f"item{n}") for n in range(10)}
    by_part = {ordered(choices, "ana", "item", part) for part in BOWTIE_PARTS}
    assert len(by_item) > 5 and len(by_part) > 1


def test_matrix_columns_keep_the_data_order(catalog: Catalog) -> None:
    matrices = [i for i in all_items(catalog) if i.type == "matrix"]
    assert matrices
    for item in matrices:
        assert choice_order(item, "ana") == tuple(c.id for c in item.columns)


def test_wrong_item_types_are_refused(catalog: Catalog) -> None:
    items = all_items(catalog)
    bowtie = next(i for i in items if i.type == "bowtie")
    single = next(i for i in items if i.type == "single")
    with pytest.raises(ValueError, match="bowtie_order"):
        choice_order(bowtie, "ana")
    with pytest.raises(ValueError, match="not a bowtie"):
        bowtie_order(single, "ana")


def test_the_order_is_the_same_in_a_new_interpreter(catalog: Catalog) -> None:
    """hashlib, not the salted hash(): a restarted kernel (new PYTHONHASHSEED) shows the same order."""
    item = next(i for i in all_items(catalog) if i.type == "multiple")
    code = (
        "from osteo_lib.care.quiz_order import choice_order;"
        "from osteo_lib.content.quiz import load_banks;"
        f"item = next(i for b in load_banks().values() for i in b.items if i.id == {item.id!r});"
        "print(','.join(choice_order(item, 'ana')))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": str(n)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for n in (1, 2)
    }
    assert outputs == {",".join(choice_order(item, "ana"))}


def test_student_seed_is_the_hub_user_else_the_os_user(monkeypatch: pytest.MonkeyPatch) -> None:
    assert student_seed({"JUPYTERHUB_USER": "ana"}) == "ana"
    monkeypatch.setenv("LOGNAME", "ben")
    assert student_seed({}) == "ben"  # getpass.getuser() reads LOGNAME first
    assert student_seed({"JUPYTERHUB_USER": "  "}) == "ben"
    monkeypatch.setenv("JUPYTERHUB_USER", "carla")
    assert student_seed() == "carla"
    monkeypatch.delenv("JUPYTERHUB_USER")
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("getpass.getuser", lambda: (_ for _ in ()).throw(OSError("no user")))
    assert student_seed() == ""
