"""Plain language: every patient-facing text reads at US grade 8 or below (Flesch-Kincaid, textstat 0.7.3),
and the mean grade is 6 or below. The texts are collected by scripts/readability.py (which also prints
the distribution): every TEXT dict in osteo_lib, the patient fields of data/*.yaml and the dashboard's
words. Texts under 4 words (labels such as "Heat" or "Date") are not graded: Flesch-Kincaid needs
sentences. Grades below 0 count as 0 in the mean.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import pytest

from tests.scripts import load_script

ROOT = Path(__file__).resolve().parent.parent

readability = load_script("readability.py", "readability_script")


@pytest.fixture(scope="module")
def report() -> object:
    return readability.Report(readability.grade_texts(readability.all_texts()))


def test_textstat_is_the_offline_version() -> None:
    import textstat

    assert version("textstat") == "0.7.3"
    # the measure is not vacuous: a clinical sentence is far above grade 8, a plain one far below
    assert (
        textstat.flesch_kincaid_grade(
            "Osteoporotic vertebral compression fractures necessitate multidisciplinary interventional management."
        )
        > 12
    )
    assert textstat.flesch_kincaid_grade("Put a towel on your skin. Then use the pack.") < 3


def test_every_source_of_patient_text_is_collected(report: object) -> None:
    graded = report.graded  # type: ignore[attr-defined]
    sources = {g.text.source for g in graded}
    from osteo_lib.content.ui import ui_areas, ui_texts

    patient_areas = [f"data/ui/{a}.yaml" for a in ui_areas() if ui_texts(a).audience == "patient"]
    assert "data/ui/dashboard.yaml" in patient_areas and "data/ui/diary.yaml" in patient_areas
    for expected in (
        *patient_areas,
        "data/methods.yaml",
        "data/causes.yaml",
        "data/physiology.yaml",
        "data/glossary.yaml",
        "data/timeline.yaml",
        "data/pictures.yaml",
        "data/dashboard.yaml",
        "template/index.html.j2",
    ):
        assert expected in sources, f"{expected} is not read"
    texts = {g.text.text for g in graded}
    from osteo_lib import load_catalog
    from osteo_lib.content.dashboard import load_dashboard

    catalog = load_catalog()
    content = load_dashboard(catalog)
    heat = catalog.method("heat")
    for text in (
        heat.patient_summary,
        heat.how_it_works,
        *heat.how_to_steps,
        heat.how_to_after,
        catalog.method("massage").how_to_use,
        heat.cautions[0].patient_text,
        catalog.glossary[0].definition,
        catalog.conditions[0].patient_label,
        content.disclaimer,
        *(s.patient_text for s in content.warning_signs),
        *(s.key_message.patient_text for s in content.sections),
    ):
        assert text in texts, f"not collected: {text[:60]!r}"
    assert not any(g.text.source.endswith(("STUDENT_TEXT", "INSTRUCTOR_TEXT")) for g in graded)
    assert {g.text.where for g in graded if g.text.source == "template/index.html.j2"} == {
        "TEXT.title",
        "TEXT.body",
        "TEXT.button",
    }
    assert len(graded) > 700


def test_no_text_is_above_grade_8(report: object) -> None:
    too_hard = report.too_hard  # type: ignore[attr-defined]
    assert not too_hard, "texts above grade 8 (say them in plainer words):\n" + "\n".join(
        f"{g.grade:.1f}  {g.text.label}: {g.text.text}" for g in too_hard
    )


def test_mean_grade_is_6_or_lower(report: object) -> None:
    assert report.mean <= readability.MAX_MEAN, "\n".join(report.lines())  # type: ignore[attr-defined]


def test_only_texts_under_4_words_are_left_ungraded(report: object) -> None:
    for g in report.graded:  # type: ignore[attr-defined]
        assert (g.grade is None) == (g.words < readability.MIN_WORDS), g.text.label


def test_the_script_prints_the_distribution(report: object, capsys: pytest.CaptureFixture[str]) -> None:
    code = readability.main([])
    out = capsys.readouterr().out
    assert "Flesch-Kincaid grade: mean" in out and "Distribution (grade: texts):" in out
    assert "data/dashboard.yaml" in out
    assert code == (0 if report.ok else 1)  # type: ignore[attr-defined]
