"""The question banks do not give their keys away by position or by length (issue 16).

Bounds, over all banks of data/quizzes together (file order, which answer keys and exports follow; the
student's widget shuffles on top of it):

* single-answer items: no position (a, b, c, d) holds more than 40 % of the keys, and the key is the
  longest option (longer than every other, in characters) in at most 40 % of the items;
* select-all items and the actions and parameters of bowties: no item has all its right options
  first, and none has them all last;
* bowtie conditions: no position holds more than 40 % of the right conditions, and the right condition
  is the longest option in at most 40 % of the bowties;
* across select-all items, no position holds right options in more than 75 % of the items that have
  an option there (positions held by fewer than 5 items are not judged).
"""

from __future__ import annotations

import pytest

from osteo_lib.care.quiz_balance import Group, GroupStats, groups_of, key_stats
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.quiz import Choice, Item, load_banks

MAX_SHARE_AT_ONE_POSITION = 0.40
MAX_SHARE_KEY_LONGEST = 0.40
MAX_RIGHT_RATE_AT_A_POSITION = 0.75
MIN_ITEMS_TO_JUDGE_A_POSITION = 5


@pytest.fixture(scope="module")
def items(catalog: Catalog) -> list[Item]:
    return [item for bank in load_banks(catalog).values() for item in bank.items]


@pytest.fixture(scope="module")
def stats(items: list[Item]) -> dict[str, GroupStats]:
    return key_stats(items)


def busiest(s: GroupStats) -> tuple[str, float]:
    count = max(s.right_at)
    return "abcdefghij"[s.right_at.index(count)], count / s.groups


def test_single_keys_are_spread_over_the_positions(stats: dict[str, GroupStats]) -> None:
    letter, share = busiest(stats["single"])
    assert share <= MAX_SHARE_AT_ONE_POSITION, f"{share:.0%} of single-answer keys are {letter!r}"


def test_single_keys_are_not_usually_the_longest_option(stats: dict[str, GroupStats]) -> None:
    single = stats["single"]
    share = single.right_longest / single.groups
    assert share <= MAX_SHARE_KEY_LONGEST, f"the key is the longest option in {single.right_longest}/{single.groups}"


def test_bowtie_conditions_are_spread_over_the_positions(stats: dict[str, GroupStats]) -> None:
    condition = stats["bowtie condition"]
    letter, share = busiest(condition)
    assert share <= MAX_SHARE_AT_ONE_POSITION, f"{share:.0%} of bowtie conditions are {letter!r}"
    longest = condition.right_longest / condition.groups
    assert longest <= MAX_SHARE_KEY_LONGEST, f"the right condition is the longest in {condition.right_longest}"


@pytest.mark.parametrize("kind", ["multiple", "bowtie actions", "bowtie parameters"])
def test_right_options_are_neither_all_first_nor_all_last(items: list[Item], kind: str) -> None:
    groups = [g for g in groups_of(items) if g.kind == kind]
    assert groups
    first = [g.item for g in groups if g.right_first]
    last = [g.item for g in groups if g.positions == tuple(range(len(g.choices) - len(g.right), len(g.choices)))]
    assert not first, f"{kind}: the right options come first in {first}"
    assert not last, f"{kind}: the right options come last in {last}"


def test_select_all_right_options_do_not_pile_up_at_one_position(stats: dict[str, GroupStats]) -> None:
    s = stats["multiple"]
    crowded = [
        ("abcdefghij"[i], f"{right}/{options}")
        for i, (right, options) in enumerate(zip(s.right_at, s.options_at, strict=True))
        if options >= MIN_ITEMS_TO_JUDGE_A_POSITION and right / options > MAX_RIGHT_RATE_AT_A_POSITION
    ]
    assert not crowded, f"select-all positions right too often: {crowded}"


# --- the counting itself ---------------------------------------------------------------------------------
def _item(kind: str, texts: list[str], right: set[int]) -> Item:
    choices = tuple(Choice("abcdefgh"[i], t, i in right) for i, t in enumerate(texts))
    return Item(id=f"t_{kind}_{len(texts)}", type=kind, stem="?", explanation=".", references=(), choices=choices)  # type: ignore[arg-type]


def test_the_counts_catch_keys_first_and_longest() -> None:
    items = [
        _item("single", ["The long right answer", "No", "Nope", "Nah"], {0}),
        _item("single", ["Yes", "No, a longer wrong one", "Nope", "Nah"], {0}),
        _item("single", ["Same", "Same", "Long wrong one", "Four"], {1}),
        _item("multiple", ["Right one", "Right two", "Wrong", "Wrong too"], {0, 1}),
        _item("multiple", ["Wrong", "Right one", "Wrong too", "Right two"], {1, 3}),
    ]
    single, multiple = key_stats(items)["single"], key_stats(items)["multiple"]
    assert (single.groups, single.right_at, single.right_first, single.right_longest) == (3, (2, 1, 0, 0), 2, 1)
    assert (multiple.groups, multiple.right_at, multiple.right_first) == (2, (1, 2, 0, 1), 1)
    assert busiest(single) == ("a", 2 / 3)
    tie = Group("single", "t", (Choice("a", "Same"), Choice("b", "Same")), frozenset({"a"}))
    assert not tie.right_longest  # a tie gives nothing away
