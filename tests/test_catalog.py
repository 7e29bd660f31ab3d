"""The catalog's query functions, checked against brute-force answers computed from the records."""

from __future__ import annotations

import pytest

from osteo_lib import UnknownIdError, load_catalog
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.model import (
    CATEGORY_LABELS,
    PATIENT_REFERENCE_KIND_LABELS,
    PROVIDED_BY_LABELS,
    REFERENCE_KIND_LABELS,
)
from osteo_lib.content.paths import data_dir
from osteo_lib.content.ui import ui_texts


def test_loading_is_cached(catalog: Catalog) -> None:
    # Not `is catalog`: another test in this worker may have cleared the cache after the session
    # fixture was built (tests run in parallel workers, in any order of files).
    first = load_catalog(catalog.source)
    assert load_catalog(catalog.source) is first
    assert load_catalog() is load_catalog(data_dir())


def test_stages_run_from_injury_to_brain(catalog: Catalog) -> None:
    assert [s.id for s in catalog.stages] == ["injury_site", "nerves", "spinal_cord", "brain"]
    assert [s.order for s in catalog.stages] == [1, 2, 3, 4]


@pytest.mark.parametrize("category", ["physical", "mind_body", "medicine", "clinic", "complementary"])
def test_find_methods_by_category(catalog: Catalog, category: str) -> None:
    found = catalog.find_methods(category=category)
    assert found, f"no {category} methods"
    assert found == tuple(m for m in catalog.methods if m.category == category)


@pytest.mark.parametrize("pain_type", ["acute", "chronic"])
def test_find_methods_by_pain_type(catalog: Catalog, pain_type: str) -> None:
    found = catalog.find_methods(pain_type=pain_type)  # type: ignore[arg-type]
    assert found
    assert all(pain_type in m.pain_types for m in found)
    assert len(found) == sum(pain_type in m.pain_types for m in catalog.methods)


def test_filters_combine(catalog: Catalog) -> None:
    found = catalog.find_methods(category=["physical", "mind_body"], provided_by="self_care", at_home=True)
    expected = [
        m
        for m in catalog.methods
        if m.category in {"physical", "mind_body"} and m.provided_by == "self_care" and m.at_home
    ]
    assert list(found) == expected
    assert found


def test_methods_by_pathway_stage(catalog: Catalog) -> None:
    for stage in catalog.stages:
        assert catalog.methods_for_stage(stage.id) == tuple(m for m in catalog.methods if stage.id in m.acts_on)
    assert catalog.methods_for_stage("brain"), "endorphin-based methods act at the brain"
    with pytest.raises(UnknownIdError, match="no pathway stage with id 'liver'"):
        catalog.find_methods(stage="liver")


def test_every_stage_has_some_method(catalog: Catalog) -> None:
    for stage in catalog.stages:
        assert catalog.methods_for_stage(stage.id), stage.id


def test_conditions_flag_matching_cautions(catalog: Catalog) -> None:
    matches = {m.method.id: m for m in catalog.methods_for_conditions(["spinal_osteoporosis"])}
    assert set(matches) == {m.id for m in catalog.methods}
    massage = matches["massage"]
    assert massage.matching
    assert all("spinal_osteoporosis" in c.conditions for c in massage.matching)
    assert not massage.excluded, "massage is changed (light massage), not ruled out"
    no_match = [
        m for m in matches.values() if not any("spinal_osteoporosis" in c.conditions for c in m.method.cautions)
    ]
    assert all(not m.matching for m in no_match)


def test_conditions_exclude_methods_to_avoid(catalog: Catalog) -> None:
    flagged = catalog.methods_for_conditions(["stomach_ulcer_or_bleeding"])
    to_avoid = {m.method.id for m in flagged if any(c.level == "avoid" for c in m.matching)}
    assert "nsaid_pills" in to_avoid
    # The acetaminophen-first card must stay visible to people with NSAID risk conditions
    # (nurse review, finding 5).
    assert "otc_pain_relievers" not in to_avoid
    kept = {m.method.id for m in catalog.methods_for_conditions(["stomach_ulcer_or_bleeding"], exclude=True)}
    assert kept == {m.id for m in catalog.methods} - to_avoid


def test_matching_cautions_are_most_serious_first(catalog: Catalog) -> None:
    order = {"avoid": 0, "modify": 1, "caution": 2}
    all_conditions = [c.id for c in catalog.conditions]
    for match in catalog.methods_for_conditions(all_conditions):
        levels = [order[c.level] for c in match.matching]
        assert levels == sorted(levels)


def test_nerve_involvement_rules_out_thermal_therapy(catalog: Catalog) -> None:
    kept = {m.method.id for m in catalog.methods_for_conditions(["nerve_involvement"], exclude=True)}
    assert "heat" not in kept
    assert "cold" not in kept


def test_unknown_condition_is_named(catalog: Catalog) -> None:
    with pytest.raises(UnknownIdError, match="'broken_heart'"):
        catalog.methods_for_conditions(["broken_heart"])


def test_methods_for_cause(catalog: Catalog) -> None:
    with_methods = [c for c in catalog.causes if c.related_methods]
    assert with_methods, "causes should point to methods that help"
    for cause in with_methods:
        assert [m.id for m in catalog.methods_for_cause(cause.id)] == list(cause.related_methods)


def test_find_causes(catalog: Catalog) -> None:
    fractures = catalog.find_causes(kind="fracture")
    assert fractures
    assert all(c.kind == "fracture" for c in fractures)
    chronic = catalog.find_causes(pain_type="chronic")
    assert chronic == tuple(c for c in catalog.causes if "chronic" in c.pain_types)


def test_reference_lookup(catalog: Catalog) -> None:
    ref = catalog.reference("vance2014")
    assert ref.doi == "10.2217/pmt.14.13"
    assert ref.link == "https://doi.org/10.2217/pmt.14.13"
    assert ref.citation() == (
        "Vance CG, Dailey DL, Rakel BA, et al. Using TENS for pain control: the state of the evidence. "
        "Pain Management. 2014;4(3):197-209. Review. https://doi.org/10.2217/pmt.14.13"
    )
    assert (
        ref.patient_citation()
        == "Using TENS for pain control: the state of the evidence. Pain Management. 2014. Summary by experts."
    )
    assert [r.id for r in catalog.references_for(["vance2014", "kato2019", "vance2014"])] == ["vance2014", "kato2019"]
    with pytest.raises(UnknownIdError, match="no reference with id 'nobody1999'"):
        catalog.reference("nobody1999")


def test_every_reference_resolves_to_a_link(catalog: Catalog) -> None:
    for ref in catalog.references.values():
        assert ref.link.startswith("https://"), ref.id


def test_every_reference_has_a_kind_and_a_year_shown_in_its_citations(catalog: Catalog) -> None:
    for ref in catalog.references.values():
        assert ref.kind in REFERENCE_KIND_LABELS, f"{ref.id} has no kind"
        assert ref.year == "n.d." or 1900 <= int(ref.year) <= 2100, ref.id
        # students: "... <year>[;<volume>]. <Kind>. <link>"
        citation = ref.citation()
        assert f" {ref.year}" in citation, citation
        assert f". {ref.kind_label}. {ref.link}" in citation, citation
        assert citation.endswith(ref.link)
        # patients: title, publisher, year (or "No date given") and the kind in plain words; no authors, no DOI
        patient = ref.patient_citation()
        year = ui_texts("sources")["no_date"] if ref.year == "n.d." else str(ref.year)
        assert ref.title in patient, ref.id
        assert ref.container in patient, ref.id
        assert patient.endswith(f" {year}. {PATIENT_REFERENCE_KIND_LABELS[ref.kind]}."), patient
        assert "doi" not in patient.lower(), patient
        assert "n.d." not in patient, patient
        # author names stay out (an organisation that is also the publisher is named as the publisher)
        assert not any(a in patient for a in ref.authors if a.split(" (")[0] not in ref.container), patient


def test_source_kind_and_method_labels_come_from_data_ui() -> None:
    """The labels of the records are words in data/ui (read when asked for), keyed by the same ids as before."""
    assert REFERENCE_KIND_LABELS["rct"] == ui_texts("sources_student")["kind_rct"] == "Randomised controlled trial"
    assert PATIENT_REFERENCE_KIND_LABELS["rct"] == ui_texts("sources")["kind_rct"] == "Study that tested a treatment"
    assert list(CATEGORY_LABELS) == ["physical", "mind_body", "medicine", "clinic", "complementary"]
    assert CATEGORY_LABELS["mind_body"] == ui_texts("method_labels")["category_mind_body"]
    assert PROVIDED_BY_LABELS["prescription"] == "Needs a prescription"
    assert "nothing" not in CATEGORY_LABELS
    assert len(REFERENCE_KIND_LABELS) == 8
    with pytest.raises(KeyError):
        CATEGORY_LABELS["nothing"]
    undated = next(r for r in load_catalog().references.values() if r.year == "n.d.")
    assert undated.patient_year == "No date given"


def test_seed_references_with_a_corrected_year_keep_the_seed_year_in_the_note(catalog: Catalog) -> None:
    morrison = catalog.reference("morrison2012")
    assert morrison.year == 2013
    assert morrison.pmid == "23300349"
    assert morrison.note
    assert "2012" in morrison.note


def test_every_method_and_cause_cites_an_existing_reference(catalog: Catalog) -> None:
    for record in (*catalog.methods, *catalog.causes):
        assert record.references, record.id
        assert all(r in catalog.references for r in record.references), record.id
    for method in catalog.methods:
        for caution in method.cautions:
            assert caution.references
            assert all(r in catalog.references for r in caution.references)


def test_glossary_lookup_by_term_and_alias(catalog: Catalog) -> None:
    entry = catalog.glossary[0]
    assert catalog.term(entry.term.upper()) is entry
    assert catalog.term(entry.id) is entry
    with_alias = next(t for t in catalog.glossary if t.aliases)
    assert catalog.term(with_alias.aliases[0]) is with_alias
    assert [t.term.lower() for t in catalog.glossary] == sorted(t.term.lower() for t in catalog.glossary)


def test_counts_match_records(catalog: Catalog) -> None:
    counts = catalog.counts()
    assert counts["methods"] == len(catalog.methods)
    assert counts["references"] == len(catalog.references)
