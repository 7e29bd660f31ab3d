"""The instructor's assessment kit (data/assessment_kit.yaml): rubrics and an OSCE station with a PEARLS debrief,
loaded as records, checked beyond the schema, and printed complete by the handouts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from osteo_lib.content.assessment_kit import KIT_FILE, load_assessment_kit
from osteo_lib.content.catalog import load_catalog
from osteo_lib.content.notebooks import load_notebooks
from osteo_lib.errors import DataError
from osteo_lib.views.handouts import osce_page, rubrics_page
from tests.serving import ROOT


def _words(text: str) -> str:
    return " ".join(text.split())


def test_the_kit_has_the_three_rubrics_and_a_station_with_its_critical_items() -> None:
    kit = load_assessment_kit()
    assert [r.id for r in kit.rubrics] == ["care_plan", "provider_summary", "try_this", "sbar_handoff"]
    assert [lv.points for lv in kit.levels] == [3, 2, 1, 0]
    for rubric in kit.rubrics:
        assert all(len(c.descriptors) == len(kit.levels) for c in rubric.criteria)
        assert kit.max_points(rubric) == 3 * len(rubric.criteria)
    critical = {i.id for i in kit.osce.checklist if i.critical}
    assert {"measure", "red_flags", "medicines", "when_to_call"} <= critical
    assert [p.name for p in kit.osce.phases] == ["Reactions", "Description", "Analysis", "Summary"]
    assert kit.osce.debrief_references == ("eppich2015_pearls",)


def test_the_printed_rubrics_hold_every_row_and_level() -> None:
    kit, catalog = load_assessment_kit(), load_catalog()
    titles = {n.file: n.title for n in load_notebooks()}
    doc = BeautifulSoup(rubrics_page(kit, catalog, titles), "html.parser")
    for rubric in kit.rubrics:
        section = doc.select_one(f'section[data-rubric="{rubric.id}"]')
        rows = section.select("tbody tr")
        assert [r["data-criterion"] for r in rows] == [c.id for c in rubric.criteria]
        for criterion, row in zip(rubric.criteria, rows, strict=True):
            cells = [_words(td.get_text(" ")) for td in row.select("td")]
            assert cells[:-1] == [_words(d) for d in criterion.descriptors] and cells[-1] == ""
            for ref in criterion.references:
                assert catalog.reference(ref).label in row.th.get_text()
        assert f"of {kit.max_points(rubric)}" in section.select_one(".owh-total").get_text()
        if rubric.notebook:
            assert titles[rubric.notebook] in section.get_text()


def test_the_printed_station_marks_critical_items_and_follows_pearls() -> None:
    kit, catalog = load_assessment_kit(), load_catalog()
    doc = BeautifulSoup(osce_page(kit, catalog), "html.parser")
    rows = doc.select("tbody tr")
    assert [r["data-item"] for r in rows] == [i.id for i in kit.osce.checklist]
    assert [r.get("data-critical") == "true" for r in rows] == [i.critical for i in kit.osce.checklist]
    assert _words(kit.osce.candidate) in _words(doc.get_text(" "))
    phases = [li.strong.get_text() for li in doc.select("section.owh-debrief > ol > li")]
    assert phases == [f"{p.name}." for p in kit.osce.phases]


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    return folder


def _edit(folder: Path, change: object) -> None:
    path = folder / KIT_FILE
    doc = yaml.safe_load(path.read_text())
    change(doc)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(doc, sort_keys=False))


@pytest.mark.parametrize(
    ("change", "record", "message"),
    [
        (
            lambda d: d["rubrics"][0]["criteria"][1]["descriptors"].pop(),
            "'care_plan'",
            "has 3 descriptors; write one per level (4)",
        ),
        (lambda d: d["levels"][2].update(points=5), "'levels'", "the levels' points must go down"),
        (
            lambda d: d["rubrics"][1].update(notebook="09_nowhere"),
            "'provider_summary'",
            "unknown notebook '09_nowhere'",
        ),
        (
            lambda d: d["osce"]["checklist"][1]["references"].append("no_such_source"),
            None,
            "unknown reference id 'no_such_source'",
        ),
        (
            lambda d: d["osce"]["checklist"].append(dict(d["osce"]["checklist"][0])),
            "'introduce'",
            "duplicate id 'introduce'",
        ),
    ],
)
def test_a_broken_kit_is_named(data_copy: Path, change: object, record: str | None, message: str) -> None:
    _edit(data_copy, change)
    with pytest.raises(DataError) as caught:
        load_assessment_kit(data_copy)
    text = str(caught.value)
    assert text.startswith("data/assessment_kit.yaml") and message in text
    if record:
        assert f"record {record}" in text
