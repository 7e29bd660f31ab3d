"""The real catalog's evidence ratings and cautions are complete (issue 12 §3, §5).

Every method carries an evidence rating that rests on at least one source in references.yaml, and every
condition a person can tick under "I have..." changes at least one caution (otherwise ticking it would
do nothing). The fixture catalog may leave evidence out; the workbook's own data may not.
"""

from __future__ import annotations

from osteo_lib.content.catalog import Catalog
from osteo_lib.content.model import EVIDENCE_LEVELS, STUDY_TYPE_LABELS
from tests.markup import select_texts


def test_every_method_has_evidence_with_a_source(catalog: Catalog) -> None:
    missing = [m.id for m in catalog.methods if m.evidence is None]
    assert not missing, f"methods without an evidence rating: {', '.join(missing)}"
    for m in catalog.methods:
        e = m.evidence
        assert e is not None
        assert e.level in EVIDENCE_LEVELS, m.id
        assert e.study_type in STUDY_TYPE_LABELS, m.id
        assert e.references, f"{m.id}: the evidence rating names no source"
        unknown = [r for r in e.references if r not in catalog.references]
        assert not unknown, f"{m.id}: unknown evidence sources {unknown}"
        assert e.outcome.strip(), m.id
        assert e.patient_text.strip(), m.id
        assert e.student_text.strip(), m.id


def test_every_condition_is_named_by_at_least_one_caution(catalog: Catalog) -> None:
    named = {c for m in catalog.methods for caution in m.cautions for c in caution.conditions}
    unused = [c.id for c in catalog.conditions if c.id not in named]
    assert not unused, f"conditions no caution names (ticking them changes nothing): {', '.join(unused)}"


def test_strong_evidence_against_a_method_is_never_labelled_as_if_it_worked(catalog: Catalog) -> None:
    # Vertebroplasty: high-quality sham-controlled trials found no important benefit. A full bar with
    # "Strong evidence" alone would read as "it works"; the label must say what the evidence shows.
    from osteo_lib.care.treatments import evidence_bar_label, evidence_label
    from osteo_lib.views.widgets.explorer import evidence_html

    against = [m for m in catalog.methods if m.evidence is not None and m.evidence.does_not_help]
    assert "vertebroplasty_kyphoplasty" in [m.id for m in against]
    for m in against:
        assert m.evidence is not None
        assert "does not help" in evidence_label(m.evidence)
        assert "does not help" in evidence_bar_label(m.evidence)
        assert "does not help" in select_texts(evidence_html(catalog, m.evidence, "patient"), ".ow-evidence__rating")[0]
    helps = catalog.method("exercise").evidence
    assert helps is not None
    assert "does not help" not in evidence_label(helps)
