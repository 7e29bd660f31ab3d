"""osteo_lib.apps.lesson: the HTML builders the teaching notebooks display (pure functions on the real catalog),
and the pages that show them (widgets that share the kernel's one stylesheet)."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w
import pytest

from osteo_lib.apps import lesson
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.notebooks import load_notebooks
from osteo_lib.content.quiz import load_bank
from osteo_lib.content.ui import ui_texts
from osteo_lib.views import lesson_pages
from osteo_lib.views.widgets.base import Stylesheet, stylesheet_text
from tests.markup import attr, select_texts, soup
from tests.markup import text as _text

TEXT = ui_texts("lesson")


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_pain_definition_shows_both_voices_and_sources(catalog: Catalog) -> None:
    out = lesson.pain_definition_html(catalog)
    text = _text(out)
    d = catalog.pain_definition
    assert _squash(d.student_text) in text
    assert _squash(d.patient_text) in text
    for ref in d.references:
        assert catalog.reference(ref).title in text


def test_stages_are_in_pathway_order(catalog: Catalog) -> None:
    text = _text(lesson.stages_html(catalog))
    positions = [text.index(s.name) for s in catalog.stages]
    assert positions == sorted(positions)
    assert len(positions) == 4
    for s in catalog.stages:
        assert _squash(s.student_text) in text


def test_pain_kinds_table_has_one_column_per_kind(catalog: Catalog) -> None:
    out = lesson.pain_kinds_html(catalog)
    headers = select_texts(out, 'th[scope="col"]')
    assert headers == [TEXT["aspect"], *(k.name for k in catalog.pain_kinds)]
    assert select_texts(out, "table caption") == [TEXT["kinds_caption"]]
    for k in catalog.pain_kinds:
        assert _squash(k.student_text) in _text(out)


def test_modulators_filter_by_ids_and_kind(catalog: Catalog) -> None:
    only = lesson.modulators_html(["fear", "depression"], catalog=catalog)
    names = select_texts(only, 'tbody th[scope="row"]')
    assert names == [next(m.name for m in catalog.modulators if m.id == i) for i in ("fear", "depression")]
    physical = lesson.modulators_html(kind="physical", catalog=catalog)
    shown = select_texts(physical, 'tbody th[scope="row"]')
    assert shown == [m.name for m in catalog.modulators if m.kind == "physical"]
    assert shown
    # The stage a modulator acts at is shown by name, not id.
    stage = catalog.stage(next(m for m in catalog.modulators if m.kind == "physical").acts_at)
    assert stage.name in _text(physical)


def test_modulators_show_direction_words(catalog: Catalog) -> None:
    text = _text(lesson.modulators_html(["depression"], catalog=catalog))
    assert TEXT["effect_up"] in text


def test_facts_in_given_order_with_sources(catalog: Catalog) -> None:
    ids = [catalog.facts[1].id, catalog.facts[0].id]
    out = lesson.facts_html(ids, title="Two facts", catalog=catalog)
    text = _text(out)
    first, second = (text.index(_squash(catalog.facts[i].student_text)) for i in (1, 0))
    assert first < second
    assert "Two facts" in text
    assert attr(out, "section", "aria-label") == "Two facts"
    assert len(soup(out).select("article.ow-lesson-card")) == 2
    for ref in catalog.facts[0].references:
        assert catalog.reference(ref).link in out


def test_unknown_fact_id_is_an_error(catalog: Catalog) -> None:
    with pytest.raises(KeyError, match="no_such_fact"):
        lesson.facts_html(["no_such_fact"], catalog=catalog)


def test_causes_show_nerve_involvement_and_clinical_note(catalog: Catalog) -> None:
    vertebral = next(c for c in catalog.causes if c.fracture_type == "vertebral")
    text = _text(lesson.causes_html([vertebral.id], catalog=catalog))
    assert "Nerve involvement possible: yes" in text
    assert _squash(vertebral.clinical_note) in text
    assert _squash(vertebral.patient_summary) in text
    all_causes = lesson.causes_html(catalog=catalog)
    assert len(soup(all_causes).select("article.ow-lesson-card")) == len(catalog.causes)


def test_healing_numbers_come_from_the_catalog(catalog: Catalog) -> None:
    h = catalog.healing
    text = _text(lesson.healing_html(catalog))
    assert f"{h.typical_weeks} weeks" in text
    assert f"{h.range_weeks[0]} to {h.range_weeks[1]} weeks" in text
    for f in h.factors:
        assert f.name in text


def test_figures_format_large_numbers(catalog: Catalog) -> None:
    fig = next(f for f in catalog.figures if f.value == 2_000_000)
    text = _text(lesson.figures_html([fig.id], catalog=catalog))
    assert "About 2,000,000" in text
    assert f"Where this applies: {fig.place}." in text


def test_figure_unit_is_singular_for_one() -> None:
    from osteo_lib.content.model import Figure

    one = Figure("x", 1, "years, upper limit for recovery", "Anywhere", "p", "s", ())
    assert lesson_pages.figure_value(one) == "1 year, upper limit for recovery"
    many = Figure("y", 3, "months to heal", "Anywhere", "p", "s", (), approximate=True)
    assert lesson_pages.figure_value(many) == "About 3 months to heal"


def test_method_card_lists_every_caution_and_duration(catalog: Catalog) -> None:
    heat = catalog.method("heat")
    out = lesson.methods_html(["heat"], catalog=catalog)
    text = _text(out)
    assert heat.name in text
    assert _squash(heat.clinical_note) in text
    low, high = heat.duration_minutes or (0, 0)
    assert f"Time per use: {low} to {high} minutes." in text
    cautions = soup(out).select("ul.ow-lesson-cautions > li")
    assert len(cautions) == len(heat.cautions)
    assert all(c.find("strong") is not None and c.select_one("span.ow-note") is not None for c in cautions)
    for c in heat.cautions:
        assert _squash(c.student_text) in text
        for cond in c.conditions:
            assert catalog.condition(cond).name in text
    for ref in heat.all_references:
        assert catalog.reference(ref).link in out


def test_methods_keep_the_order_given(catalog: Catalog) -> None:
    text = _text(lesson.methods_html(["opioids", "heat"], catalog=catalog))
    assert text.index(catalog.method("opioids").name) < text.index(catalog.method("heat").name)


def test_glossary_finds_terms_by_alias_or_term(catalog: Catalog) -> None:
    entry = catalog.glossary[0]
    text = _text(lesson.glossary_html([entry.term.upper()], catalog=catalog))
    assert _squash(entry.definition) in text


def test_references_are_listed_author_year_by_label_without_repeats(catalog: Catalog) -> None:
    out = lesson.references_html(["niams2005_coping", "melzack1965", "niams2005_coping", "nhs_tens"], catalog=catalog)
    items = soup(out).select("ul.ow-sources > li")
    assert [li["id"] for li in items] == ["ref-melzack1965", "ref-nhs_tens", "ref-niams2005_coping"]
    labels = [li.select_one("strong.ow-cite-label").get_text() for li in items]
    assert labels == ["Melzack & Wall, 1965", catalog.reference("nhs_tens").label, "NIAMS, 2005"]
    assert labels == sorted(labels, key=str.casefold)
    links = [a["href"] for a in soup(out).select("ul.ow-sources a")]
    assert links == [catalog.reference(i).link for i in ("melzack1965", "nhs_tens", "niams2005_coping")]


def test_reference_lists_for_students_show_the_kind_and_the_year(catalog: Catalog) -> None:
    ids = ["paolucci2016", "nhs_tens", "ags_beers2023"]
    text = _text(lesson.references_html(ids, catalog=catalog))
    assert (
        "Paolucci T, Saraceni VM, Piccinini G. Management of chronic pain in osteoporosis: challenges and "
        "solutions. Journal of Pain Research. 2016;9:177-186. Review. https://doi.org/10.2147/JPR.S83574" in text
    )
    assert "NHS website (nhs.uk). n.d. Patient information. https://www.nhs.uk/" in text
    assert "2023;71(7):2052-2081. Guideline. https://doi.org/10.1111/jgs.18372" in text
    for origin in ("seed", "added"):
        listed = _text(lesson.references_by_origin_html(origin, title="Sources", catalog=catalog))
        for rid in lesson.origin_ids(origin, catalog):
            ref = catalog.reference(rid)
            assert f"{ref.kind_label}. {ref.link}" in listed, rid
            assert str(ref.year) in listed, rid


def test_sources_lists_follow_the_audience(catalog: Catalog) -> None:
    from osteo_lib.views.widgets.base import sources_html

    student = _text(sources_html(catalog, ["simas2017"]))
    patient = _text(sources_html(catalog, ["simas2017"], "patient"))
    # students see the label the text cites the source by, then the full citation; patients see neither
    assert student.startswith("Simas et al., 2017") and "Simas V, Hing W, Pope R, et al. " in student
    assert "2017;8:39-60. Systematic review." in student
    assert patient == (
        "Effects of water-based exercise on bone health of middle-aged and older adults: a systematic "
        "review and meta-analysis. Open Access Journal of Sports Medicine (OAJSM). 2017. Review of many "
        "studies. https://doi.org/10.2147/OAJSM.S129182"
    )
    with pytest.raises(ValueError, match="audience"):
        sources_html(catalog, ["simas2017"], "nurse")


def test_everything_is_escaped() -> None:
    # No raw angle brackets from data: every text goes through the autoescaping templates.
    out = lesson.workbook_map_html()
    assert "<script" not in out
    assert load_notebooks()[0].title in _text(out)


def test_workbook_map_lists_every_teaching_notebook(root: Path) -> None:
    files = sorted(p.stem for p in (root / "notebooks").glob("0*.ipynb"))
    assert [n.file for n in load_notebooks()] == files


def test_display_wrappers_show_the_page_with_the_one_stylesheet(catalog: Catalog) -> None:
    page = lesson.pain_kinds(catalog)
    assert isinstance(page, lesson.LessonPage)
    assert page.fragment == lesson.pain_kinds_html(catalog) == page.body.value
    assert "ow-lesson-page" in page.container._dom_classes
    assert "ow-widget" in page.container._dom_classes
    sheets = [c for c in page.container.children if isinstance(c, Stylesheet)]
    assert len(sheets) == 1
    assert ".ow-lesson" in sheets[0]._css
    assert not soup(page.fragment).select("style"), "the CSS is in the stylesheet widget, not in each page"
    bundle = page._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == page.container.model_id
    assert bundle["text/html"] == page.fragment  # for viewers that cannot draw widgets
    page.fragment = lesson.stages_html(catalog)  # the one update path
    assert page.body.value == lesson.stages_html(catalog)
    page.container.close()


def test_two_pages_and_widgets_in_one_kernel_share_one_stylesheet_model(catalog: Catalog) -> None:
    from osteo_lib.apps.dashboard import PatientDashboard

    first, second = lesson.stages(catalog), lesson.methods(["heat"], catalog=catalog)
    dash = PatientDashboard(catalog)
    try:
        boxes = [first.container, second.container, dash.container, dash.pathway.container]
        sheets = [c for box in boxes for c in box.children if isinstance(c, Stylesheet)]
        assert len(sheets) == len(boxes)
        assert len({s.model_id for s in sheets}) == 1
        assert len({id(s) for s in sheets}) == 1
        assert sheets[0]._css == stylesheet_text()
        assert all(isinstance(box, w.VBox) for box in boxes)
    finally:
        dash.close()
        first.container.close()
        second.container.close()


def test_lesson_css_is_part_of_the_stylesheet() -> None:
    assert "lesson.css" in stylesheet_text()


def test_shown_records_names_data_records(catalog: Catalog) -> None:
    assert lesson.shown_records("methods", ["heat"], catalog) == {"methods.yaml#heat"}
    assert lesson.shown_records("pain_kinds", catalog=catalog) == {"physiology.yaml#acute", "physiology.yaml#chronic"}
    assert lesson.shown_records("stages", catalog=catalog) == {f"physiology.yaml#{s.id}" for s in catalog.stages}
    assert lesson.shown_records("facts", ["osteoporosis_painless_until_fracture"], catalog) == {
        "causes.yaml#osteoporosis_painless_until_fracture"
    }
    assert lesson.shown_records("facts", ["endorphins_natural_painkillers"], catalog) == {
        "physiology.yaml#endorphins_natural_painkillers"
    }
    assert lesson.shown_records("glossary", ["PEG scale"], catalog) == {"glossary.yaml#peg_scale"}
    with pytest.raises(ValueError, match="no_such_function"):
        lesson.shown_records("no_such_function", catalog=catalog)


def test_reference_ids_follow_the_records(catalog: Catalog) -> None:
    opioids = catalog.method("opioids")
    assert lesson.reference_ids("methods", ["opioids"], catalog) == list(opioids.all_references)
    assert set(lesson.reference_ids("healing", catalog=catalog)) == set(catalog.healing.references)


def test_case_stage_bank_keeps_only_that_visit(catalog: Catalog) -> None:
    bank = load_bank("case_study", catalog)
    stage = bank.items[0].case_stage
    assert stage
    part = lesson.case_stage_bank("case_study", stage, catalog=catalog)
    assert part.items
    assert all(i.case_stage == stage for i in part.items)
    assert len(part.items) == sum(i.case_stage == stage for i in bank.items) < len(bank.items)
    with pytest.raises(KeyError):
        lesson.case_stage_bank("case_study", "no_such_visit", catalog=catalog)


def test_every_reference_list_says_when_the_content_was_last_reviewed(catalog: Catalog) -> None:
    from osteo_lib.content.dashboard import load_dashboard, reviewed_words

    out = lesson.references_html(["mediati2014"], catalog=catalog)
    day = reviewed_words(load_dashboard(catalog).reviewed)
    assert select_texts(out, "p.ow-lesson-reviewed") == [TEXT.format("reviewed", date=day)]
    text = _text(out)
    assert text.index(day) < text.index("Mediati")
