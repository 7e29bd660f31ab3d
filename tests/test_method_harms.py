"""Benefits with harms (issue 14, CDC Clear Communication Index items 11, 18 and 19): the options shown in
"Understand my pain" (the healing timeline's "What may help") name their main risk, who should not use
them and what experts do not yet know, from data/methods.yaml ``harms``, on the timeline and on the
method cards."""

from __future__ import annotations

from osteo_lib.content.catalog import Catalog
from osteo_lib.content.timeline import load_timeline
from osteo_lib.content.ui import ui_texts
from osteo_lib.views.widgets.explorer import TreatmentExplorer
from osteo_lib.views.widgets.timeline import HealingTimeline
from tests.markup import soup


def timeline_methods(catalog: Catalog) -> list[str]:
    return list(dict.fromkeys(m for p in load_timeline(catalog).phases for m in p.methods))


def test_every_option_on_the_timeline_has_its_harms_with_sources(catalog: Catalog) -> None:
    ids = timeline_methods(catalog)
    assert {"cold", "braces_supports", "tens", "heat"} <= set(ids)  # the ones the issue found with benefits only
    missing = [mid for mid in ids if catalog.method(mid).harms is None]
    assert not missing, f"no harms: {missing}"
    for mid in ids:
        h = catalog.method(mid).harms
        assert h is not None and h.patient_risk.strip() and h.not_for.strip() and h.references, mid
        assert set(h.references) <= set(catalog.references), mid
        assert set(h.references) <= set(catalog.method(mid).all_references), mid


def test_the_timeline_shows_each_options_harms_to_patients(catalog: Catalog) -> None:
    text = ui_texts("timeline")
    timeline = HealingTimeline(catalog, audience="patient")
    for weeks in (0, 8, 12, 30):
        timeline.weeks.value = weeks
        html = soup(timeline.details.value)
        for mid in timeline.shown_methods:
            h = catalog.method(mid).harms
            assert h is not None
            item = html.select_one(f"li[data-method='{mid}']")
            assert item is not None
            risk = item.select_one(".ow-harms__risk")
            not_for = item.select_one(".ow-harms__not-for")
            assert risk is not None and risk.get_text(" ", strip=True) == f"{text['harms_risk']} {h.patient_risk}"
            assert not_for is not None and not_for.get_text(" ", strip=True) == f"{text['harms_not_for']} {h.not_for}"
            unknown = item.select_one(".ow-harms__unknown")
            assert (unknown is not None) == bool(h.unknown), mid
    student = HealingTimeline(catalog, audience="student")
    assert not soup(student.details.value).select(".ow-harms")


def test_method_cards_show_the_harms_to_patients(catalog: Catalog) -> None:
    explorer = TreatmentExplorer(catalog, audience="patient")
    checked = 0
    for mid, card in explorer.cards.items():
        h = catalog.method(mid).harms
        risks = soup(card.body.value).select(".ow-harms__risk")
        if h is None:
            assert not risks
            continue
        assert len(risks) == 1 and h.patient_risk in risks[0].get_text(" ", strip=True)
        checked += 1
    assert checked >= len(timeline_methods(catalog)) - 2  # students-only options are not offered to patients


#: Patient options that may go without a ``harms`` block, each with the reason. Empty on purpose: the items
#: that are not treatments have real risks too (falls on the first times up after a spine fracture, a weak
#: spine hurt by loaded bending in fall-prevention exercise, sleeping pills and falls, the rare harms of bone
#: medicines), so each names them. An entry here must say why a patient needs no risk statement.
NO_HARMS_NEEDED: dict[str, str] = {}


def test_every_patient_option_names_its_risk_and_who_should_not_use_it(catalog: Catalog) -> None:
    offered = [m for m in catalog.methods if m.patient_option]
    assert len(offered) >= 30
    for mid, reason in NO_HARMS_NEEDED.items():
        method = catalog.method(mid)
        assert method.patient_option and method.harms is None and reason.strip(), mid
    missing = [m.id for m in offered if m.harms is None and m.id not in NO_HARMS_NEEDED]
    assert not missing, f"patient options without harms (write them, or exempt them with a reason): {missing}"
    for m in offered:
        h = m.harms
        if h is None:
            continue
        assert h.patient_risk.strip() and h.not_for.strip() and h.references, m.id
        assert set(h.references) <= set(catalog.references), m.id


def test_every_patient_card_shows_its_harms(catalog: Catalog) -> None:
    explorer = TreatmentExplorer(catalog, audience="patient")
    offered = {m.id for m in catalog.methods if m.patient_option}
    assert set(explorer.cards) == offered
    for mid in offered - set(NO_HARMS_NEEDED):
        h = catalog.method(mid).harms
        assert h is not None
        body = soup(explorer.cards[mid].body.value)
        assert [e.get_text(" ", strip=True) for e in body.select(".ow-harms__not-for")] == [
            f"{ui_texts('treatments')['harms_not_for']} {h.not_for}"
        ], mid
        assert len(body.select(".ow-harms__unknown")) == (1 if h.unknown else 0), mid


def test_the_nsaid_warning_keeps_prescribed_low_dose_aspirin(catalog: Catalog) -> None:
    # "Do not take them with a blood thinner" must not make someone stop the aspirin their doctor gave
    # them for the heart (the NSAID cautions say the same).
    h = catalog.method("nsaid_pills").harms
    assert h is not None and "blood thinner" in h.not_for
    assert "low-dose aspirin" in h.not_for and "keep taking it" in h.not_for
