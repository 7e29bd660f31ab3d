"""How to use a method as numbered steps (issue 14, PEMAT actionability): the steps are a list in
data/methods.yaml (how_to_use.patient_steps), shown as an <ol> on the method card, graded for reading
level and kept in order."""

from __future__ import annotations

import copy

import pytest

from osteo_lib.content import validate as v
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.paths import data_dir
from osteo_lib.content.pictures import load_pictures
from osteo_lib.errors import DataError
from osteo_lib.views.widgets.explorer import TreatmentExplorer
from tests.markup import soup
from tests.scripts import load_script

# The actions the issue names ("Follow the label", "Move a little every day, and build up slowly", "Ask
# your provider how long", heat and cold) are numbered steps.
STEPPED = ("heat", "cold", "alternating_heat_cold", "exercise", "otc_pain_relievers", "acute_spine_fracture_care")


def test_the_named_actions_are_numbered_steps(catalog: Catalog) -> None:
    for mid in STEPPED:
        m = catalog.method(mid)
        assert 2 <= len(m.how_to_steps) <= 8, mid
        # the one-text form other views use holds the same steps, numbered, in order
        positions = [m.how_to_use.index(f"{i}. {s}") for i, s in enumerate(m.how_to_steps, start=1)]
        assert positions == sorted(positions), mid
    assert "how long" not in " ".join(catalog.method("alternating_heat_cold").how_to_steps).lower()
    assert any("15 to 20 minutes" in s for s in catalog.method("alternating_heat_cold").how_to_steps)
    exercise = " ".join(catalog.method("exercise").how_to_steps)
    assert "Do not push through pain" in exercise and "Your care team may change this" in exercise
    # the walking amount comes from a source that states it (Brooke-Wavell 2022: about 20 minutes a day)
    assert "about 20 minutes a day" in exercise
    assert "brooke_wavell2022" in catalog.method("exercise").references
    assert "20 minutes a day" in (catalog.reference("brooke_wavell2022").note or "")


def test_every_card_shows_its_steps_as_a_numbered_list(catalog: Catalog) -> None:
    explorer = TreatmentExplorer(catalog, audience="patient")
    stepped = [m for m in catalog.methods if m.how_to_steps and m.patient_option]
    assert len(stepped) >= 10
    shown = 0
    in_picture = load_pictures(catalog).own_steps
    assert {"heat", "cold", "alternating_heat_cold"} <= in_picture
    for method_id, card in explorer.cards.items():
        method = catalog.method(method_id)
        html = soup(card.body.value)
        if method.how_to_steps:
            # shown once: in the box with the drawing when it holds them, else as the card's own list
            where = "figure.ow-picture ol.ow-picture__steps" if method_id in in_picture else "ol.ow-steps"
            ol = html.select(where)
            assert len(ol) == 1, method.id
            assert [li.get_text(" ", strip=True) for li in ol[0].select("li")] == list(method.how_to_steps)
            assert len(html.select("ol.ow-steps, ol.ow-picture__steps")) == len(html.select("figure.ow-picture")) + (
                method_id not in in_picture
            ), method.id
            if method_id in in_picture:
                page = html.get_text(" ", strip=True)
                assert all(page.count(step) == 1 for step in method.how_to_steps), method.id
            shown += 1
    assert shown == len(stepped)


def test_the_pack_steps_are_shown_once_in_the_box_with_the_drawing(catalog: Catalog) -> None:
    """Health-literacy rating (PEMAT 2): Heat, Cold and Alternating gave their pack steps twice, under
    "How to use it" and in the "How to use a hot or cold pack" box."""
    explorer = TreatmentExplorer(catalog, audience="patient", short=True)
    for mid in ("heat", "cold", "alternating_heat_cold"):
        card = explorer.cards[mid]
        assert card.details is not None
        html = soup(card.details.value)
        assert html.select("ol.ow-steps") == [], mid
        figures = html.select("figure.ow-picture")
        assert [f["data-picture"] for f in figures] == ["pack_on_back"], mid
        steps = [li.get_text(" ", strip=True) for li in figures[0].select("ol.ow-picture__steps > li")]
        assert steps == list(catalog.method(mid).how_to_steps), mid
        # the general steps of the drawing are not added to the method's own
        general = load_pictures(catalog).picture("pack_on_back").steps
        assert not set(general) & set(steps), mid


def test_a_single_step_is_not_a_list_and_is_refused() -> None:
    doc = v.read_yaml(data_dir() / "methods.yaml", "data/methods.yaml")
    bad = copy.deepcopy(doc)
    heat = next(m for m in bad["methods"] if m["id"] == "heat")
    heat["how_to_use"]["patient_steps"] = ["Wrap it in a towel."]
    with pytest.raises(DataError, match="patient_steps"):
        v.check_schema(bad, "methods", "data/methods.yaml")
    del heat["how_to_use"]["patient_steps"]
    with pytest.raises(DataError):
        v.check_schema(bad, "methods", "data/methods.yaml")  # neither steps nor text


def test_the_steps_are_graded_for_reading_level() -> None:
    readability = load_script("readability.py", "readability_script")
    where = {t.where for t in readability.all_texts() if t.source == "data/methods.yaml"}
    assert "methods[heat].how_to_use.patient_steps[0]" in where
    assert "methods[heat].how_to_use.patient_after" in where
