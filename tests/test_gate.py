"""The gate control teaching model (osteo_lib.care.gate): bounded, monotonic, validated, documented."""

from __future__ import annotations

import doctest
import itertools

import pytest

from osteo_lib.care import gate
from osteo_lib.care.gate import COMPETING_RANGE, INJURY_RANGE, MOOD_RANGE, pain_message
from osteo_lib.content.ui import ui_texts

#: The model's sentence parts (data/ui/gate.yaml).
TEXT = ui_texts("gate")

INJURY = range(INJURY_RANGE[0], INJURY_RANGE[1] + 1)
COMPETING = range(COMPETING_RANGE[0], COMPETING_RANGE[1] + 1)
MOOD = range(MOOD_RANGE[0], MOOD_RANGE[1] + 1)
GRID = list(itertools.product(INJURY, COMPETING, MOOD))


def test_ranges_are_the_documented_ones() -> None:
    assert INJURY_RANGE == (0, 10) and COMPETING_RANGE == (0, 10) and MOOD_RANGE == (-5, 5)


def test_every_input_combination_is_bounded() -> None:
    for args in GRID:
        r = pain_message(*args)
        assert 0 <= r.level <= 10 and 0 <= r.gate_openness <= 1, args


def test_more_injury_never_lowers_the_message() -> None:
    for competing, mood in itertools.product(COMPETING, MOOD):
        levels = [pain_message(i, competing, mood).level for i in INJURY]
        assert levels == sorted(levels), (competing, mood, levels)


def test_more_competing_input_never_raises_the_message_or_opens_the_gate() -> None:
    for injury, mood in itertools.product(INJURY, MOOD):
        results = [pain_message(injury, c, mood) for c in COMPETING]
        levels = [r.level for r in results]
        gates = [r.gate_openness for r in results]
        assert levels == sorted(levels, reverse=True), (injury, mood, levels)
        assert gates == sorted(gates, reverse=True), (injury, mood, gates)


def test_more_stress_never_lowers_the_message() -> None:
    for injury, competing in itertools.product(INJURY, COMPETING):
        levels = [pain_message(injury, competing, m).level for m in MOOD]
        assert levels == sorted(levels), (injury, competing, levels)


def test_each_input_really_moves_the_result() -> None:
    # Monotonic is not enough: a flat model would pass. Each input must change something.
    assert pain_message(8, 0, 0).level > pain_message(3, 0, 0).level
    assert pain_message(8, 10, 0).level < pain_message(8, 0, 0).level
    assert pain_message(8, 10, 0).gate_openness < pain_message(8, 0, 0).gate_openness
    assert pain_message(5, 0, 5).level > pain_message(5, 0, 0).level
    assert pain_message(5, 3, -5).level < pain_message(5, 3, 0).level
    assert pain_message(5, 3, -5).gate_openness < pain_message(5, 3, 0).gate_openness


def test_no_injury_signal_means_no_message() -> None:
    for competing, mood in itertools.product(COMPETING, MOOD):
        r = pain_message(0, competing, mood)
        assert r.level == 0
        assert r.level_word == "none"
        assert TEXT["why_injury_none"] in r.sentence


def test_extremes_reach_the_ends_of_the_scale() -> None:
    assert pain_message(10, 0, 5).level == 10
    assert pain_message(10, 0, 5).gate_word == "wide open"
    closed = pain_message(10, 10, -5)
    assert closed.gate_word == "mostly closed"
    assert closed.level < 5


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"injury": 11}, "injury"),
        ({"injury": -1}, "injury"),
        ({"competing_input": 11}, "competing_input"),
        ({"competing_input": -1}, "competing_input"),
        ({"mood_stress": 6}, "mood_stress"),
        ({"mood_stress": -6}, "mood_stress"),
        ({"injury": 2.5}, "injury"),
        ({"competing_input": True}, "competing_input"),
        ({"mood_stress": "3"}, "mood_stress"),
    ],
)
def test_bad_inputs_raise_value_error_naming_the_input(kwargs: dict[str, object], name: str) -> None:
    args: dict[str, object] = {"injury": 5, "competing_input": 5, "mood_stress": 0, **kwargs}
    with pytest.raises(ValueError, match=rf"^{name} must"):
        pain_message(**args)  # type: ignore[arg-type]


def test_sentence_explains_what_moved_the_gate() -> None:
    calm = pain_message(6, 0, -3)
    assert TEXT["why_calm"] in calm.sentence
    assert TEXT["why_competing"] not in calm.sentence
    rubbed = pain_message(6, 4, 2)
    assert TEXT["why_competing"] in rubbed.sentence and TEXT["why_stress"] in rubbed.sentence
    assert TEXT[f"gate_{rubbed.gate_word.replace(' ', '_')}"] in rubbed.sentence
    assert f"{rubbed.level:g} out of 10" in rubbed.sentence


def test_sentence_parts_come_from_the_ui_data() -> None:
    """The sentence is made only of the patient texts of data/ui/gate.yaml (graded for reading level)."""
    assert TEXT.audience == "patient"
    r = pain_message(8, 3, -2)
    assert r.sentence == " ".join(
        [
            TEXT["gate_partly_open"],
            TEXT.format(f"level_{r.level_word}", level=f"{r.level:g}"),
            TEXT["why_competing"],
            TEXT["why_calm"],
        ]
    )
    assert r.gate_word == "partly open"


def test_level_words_follow_the_level() -> None:
    words = ["none", "weak", "medium", "strong"]
    for args in GRID[::5]:
        r = pain_message(*args)
        assert r.level_word == gate.level_word(r.level)
    ordered = [gate.level_word(x / 10) for x in range(101)]
    assert [words.index(wd) for wd in ordered] == sorted(words.index(wd) for wd in ordered)


def test_docstring_example_and_reference() -> None:
    failures, tried = doctest.testmod(gate)
    assert tried > 0 and failures == 0
    assert gate.REFERENCE_IDS == ("melzack1965",)
