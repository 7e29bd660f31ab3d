"""RangeSlider: a native range input named by its label (the gate simulator's three sliders use it)."""

from __future__ import annotations

import pytest
import traitlets as t
from bs4 import BeautifulSoup

from osteo_lib.views.widgets.gate import GateSimulator
from osteo_lib.views.widgets.range_slider import RangeSlider


def _input(markup: str) -> tuple[object, object]:
    doc = BeautifulSoup(markup, "html.parser")
    return doc.select_one("input[type=range]"), doc.select_one("label")


def test_the_label_names_the_input_and_the_markup_follows_the_value() -> None:
    s = RangeSlider(label="Mood and stress", min=-5, max=5, value=-3)
    field, label = _input(s.markup)
    assert label["for"] == field["id"] and label.get_text() == "Mood and stress"
    assert (field["min"], field["max"], field["step"], field["value"]) == ("-5", "5", "1", "-3")
    s.value = 4
    assert _input(s.markup)[0]["value"] == "4"
    # JupyterLab's notebook shortcuts (arrow keys) stay out of the slider.
    assert BeautifulSoup(s.markup, "html.parser").select_one("[data-lm-suppress-shortcuts=true]")


def test_two_sliders_never_share_an_id() -> None:
    a, b = RangeSlider(label="a"), RangeSlider(label="b")
    assert _input(a.markup)[0]["id"] != _input(b.markup)[0]["id"]


@pytest.mark.parametrize("bad", [11, -1, 2.5, True, "3"])
def test_a_value_off_the_slider_is_refused_and_the_old_one_kept(bad: object) -> None:
    s = RangeSlider(label="Signal", min=0, max=10, value=6)
    with pytest.raises(t.TraitError, match=r"Signal: .* is outside 0 to 10|expected an int"):
        s.value = bad  # type: ignore[assignment]
    assert s.value == 6 and _input(s.markup)[0]["value"] == "6"


def test_a_start_value_off_the_slider_is_refused() -> None:
    with pytest.raises(t.TraitError, match="Signal: 12 is outside 0 to 10"):
        RangeSlider(label="Signal", min=0, max=10, value=12)


def test_the_gate_simulator_answers_its_sliders() -> None:
    sim = GateSimulator()
    assert all(isinstance(c, RangeSlider) and c.label for c in (sim.injury, sim.competing, sim.mood))
    before = sim.result.level
    sim.competing.value = 10
    assert sim.result.level < before
    assert sim.result.level == GateSimulator(competing_input=10).result.level
