"""The EHR-style exhibits of the case study: the data file and its loader, the MME, orthostatic, PAINAD and
lab-flag functions, the clinical consistency of the record, and the widget through its traits and HTML."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import traitlets
import yaml

from osteo_lib.care.bedside import lab_flag, orthostatic_change, painad_total
from osteo_lib.care.mme import daily_mme, medication_mme, total_mme
from osteo_lib.content.case_exhibits import EXHIBITS_FILE, OpioidFactor, OrthostaticRule, load_case_exhibits
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.quiz import load_bank
from osteo_lib.errors import DataError, UnknownIdError
from osteo_lib.views.widgets.case_exhibits import CaseExhibits
from tests.markup import soup, text

#: The CDC 2022 table (Dowell et al., 2022, Table): MME conversion factors.
CDC_2022 = {
    "codeine": 0.15,
    "fentanyl_transdermal": 2.4,
    "hydrocodone": 1.0,
    "hydromorphone": 5.0,
    "methadone": 4.7,
    "morphine": 1.0,
    "oxycodone": 1.5,
    "oxymorphone": 3.0,
    "tapentadol": 0.4,
    "tramadol": 0.2,
}


@pytest.fixture(scope="module")
def record(catalog: Catalog) -> Any:
    return load_case_exhibits(catalog=catalog)


# --- data and loader ---------------------------------------------------------------------------------


def test_the_factors_are_the_cdc_2022_table_and_cite_it(record: Any) -> None:
    assert {f.id: f.factor for f in record.mme.factors} == CDC_2022
    assert record.mme.factor("fentanyl_transdermal").unit == "mcg/h"
    assert {f.unit for f in record.mme.factors if f.id != "fentanyl_transdermal"} == {"mg"}
    assert "cdc2022_opioids" in record.mme.references


def test_every_visit_of_the_case_has_a_record_with_every_vital_sign(record: Any, catalog: Catalog) -> None:
    stages = list(dict.fromkeys(i.case_stage for i in load_bank("case_study", catalog).items))
    assert [v.id for v in record.visits] == stages
    for visit in record.visits:
        assert visit.notes and visit.medications and visit.labs is not None, visit.id
        for r in visit.vitals:
            assert (r.pain is None) != (r.pain_note is None), f"{visit.id} {r.time}: a score or why there is none"
            assert r.poss in {"S", "1", "2", "3", "4"}
        assert visit.orthostatic.lying and visit.orthostatic.standing


def test_the_record_tells_the_story_of_the_case(record: Any) -> None:
    """Sedation and an orthostatic drop at the near-fall visit only; PAINAD where she cannot self-report."""
    rule = record.orthostatic
    by_visit = {v.id: v for v in record.visits}
    for visit in record.visits:
        change = orthostatic_change(visit.orthostatic.lying, visit.orthostatic.standing, rule)
        assert change.hypotension == (visit.id == "visit2_week2"), visit.id
        worst = max(int(r.poss) for r in visit.vitals if r.poss != "S")
        assert (worst >= 3) == (visit.id == "visit2_week2"), visit.id
    week2 = by_visit["visit2_week2"]
    assert week2.painad is not None and painad_total(week2.painad.scores) == 4
    unable = [r for r in week2.vitals if r.pain is None]
    assert unable and unable[0].time == week2.painad.time and unable[0].poss == "3"
    assert by_visit["visit1_emergency"].vitals[0].pain == 9  # the narrative's 9/10
    assert by_visit["visit3_week6"].vitals[0].pain == 3 and by_visit["visit4_month4"].vitals[0].pain == 6


def _ckd_epi_2021_female(creatinine: float, age: int) -> float:
    """CKD-EPI 2021 creatinine equation, female (Inker et al., 2021)."""
    ratio = creatinine / 0.7
    return 142 * min(ratio, 1) ** -0.241 * max(ratio, 1) ** -1.200 * 0.9938**age * 1.012


def test_each_egfr_follows_from_its_creatinine_by_ckd_epi_2021(record: Any) -> None:
    checked = 0
    for visit in record.visits:
        results = {r.test: r for r in visit.labs.results}
        egfr = next((r for name, r in results.items() if name.startswith("eGFR")), None)
        if egfr is None:
            continue
        expected = _ckd_epi_2021_female(results["Creatinine"].value, 74)
        assert abs(egfr.value - expected) <= 1, f"{visit.id}: eGFR {egfr.value}, CKD-EPI 2021 gives {expected:.1f}"
        checked += 1
    assert checked == 4


def test_unsafe_doses_are_never_shown_as_fine(record: Any) -> None:
    """An active opioid at a visit with POSS 3 or more, a long-term NSAID and acetaminophen from two products
    each carry an alert with a source."""
    for visit in record.visits:
        sedated = any(r.poss in {"3", "4"} for r in visit.vitals)
        for med in visit.medications:
            if sedated and med.opioid and med.kind in {"home", "given"}:
                assert med.alert and med.references, f"{visit.id}: {med.drug} at POSS 3 without an alert"
            if med.drug == "Ibuprofen" and med.kind == "home" and "Stopped" not in med.status:
                assert med.alert, f"{visit.id}: ibuprofen without an alert"
        acetaminophen = [m for m in visit.medications if "acetaminophen" in m.drug.lower() and m.kind == "home"]
        if len(acetaminophen) > 1:
            assert any(m.alert for m in acetaminophen), f"{visit.id}: two acetaminophen products without an alert"


def _write(folder: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = folder / EXHIBITS_FILE
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _med(doc: dict[str, Any], visit: int, drug_index: int) -> dict[str, Any]:
    return doc["visits"][visit]["medications"][drug_index]


@pytest.mark.parametrize(
    ("change", "record_id", "problem"),
    [
        (lambda d: _med(d, 1, 0).update(opioid="heroin"), "visit2_week2", "unknown opioid 'heroin'"),
        (lambda d: _med(d, 1, 0).pop("doses_per_day"), "visit2_week2", "needs doses_per_day"),
        (lambda d: _med(d, 1, 1).update(doses_per_day=3), "visit2_week2", "for opioids only"),
        (lambda d: d["visits"][1]["painad"]["scores"].pop("face"), "visit2_week2", "painad"),
        (lambda d: d["visits"].reverse(), None, "case stages"),
        (lambda d: d["visits"][0]["labs"]["results"][0].update(low=20), "visit1_emergency", "low limit"),
        (lambda d: d["visits"][0]["vitals"][0].pop("pain"), "visit1_emergency", ""),
        (lambda d: d["visits"][0]["vitals"][0].update(poss="5"), "visit1_emergency", "poss"),
        (lambda d: d["mme"].update(references=["no_such_source"]), "mme", "no_such_source"),
    ],
)
def test_bad_data_is_named(
    data_copy: Path, change: Callable[[dict[str, Any]], None], record_id: str | None, problem: str
) -> None:
    _write(data_copy, change)
    with pytest.raises(DataError) as caught:
        load_case_exhibits(data_copy)
    message = str(caught.value)
    assert EXHIBITS_FILE in message and problem in message
    if record_id:
        assert record_id in message


def test_an_unknown_visit_names_the_known_ones(record: Any) -> None:
    with pytest.raises(UnknownIdError) as caught:
        record.visit("visit9")
    assert "visit2_week2" in str(caught.value)


# --- care functions ----------------------------------------------------------------------------------


def _factor(opioid: str) -> OpioidFactor:
    return OpioidFactor(opioid, opioid, CDC_2022[opioid], "mcg/h" if opioid == "fentanyl_transdermal" else "mg")


@pytest.mark.parametrize(
    ("opioid", "dose", "doses_per_day", "mme"),
    [
        ("hydrocodone", 5, 4, 20),  # the CDC 2022 table's own example: hydrocodone 5 mg four times a day
        ("oxycodone", 10, 2, 30),  # and its second: oxycodone 10 mg twice a day
        ("oxycodone", 5, 4, 30),
        ("codeine", 30, 4, 18),
        ("tramadol", 50, 4, 40),
        ("methadone", 10, 3, 141),
        ("hydromorphone", 2, 6, 60),
        ("tapentadol", 50, 2, 40),
        ("morphine", 15, 2, 30),
        ("oxymorphone", 5, 2, 30),
    ],
)
def test_daily_mme_matches_the_cdc_table(opioid: str, dose: float, doses_per_day: float, mme: float) -> None:
    assert daily_mme(_factor(opioid), dose, doses_per_day) == mme


def test_a_patch_is_dosed_by_its_rate() -> None:
    patch = _factor("fentanyl_transdermal")
    assert daily_mme(patch, 25) == 60
    with pytest.raises(ValueError, match="mcg/h"):
        daily_mme(patch, 25, 1)


@pytest.mark.parametrize(
    ("dose", "doses_per_day", "problem"),
    [(0, 4, "dose"), (-5, 4, "dose"), (math.nan, 4, "dose"), (5, None, "doses_per_day"), (5, 0, "doses_per_day")],
)
def test_bad_doses_are_refused_with_a_reason(dose: float, doses_per_day: float | None, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        daily_mme(_factor("oxycodone"), dose, doses_per_day)


def test_the_case_record_works_out_its_mme(record: Any) -> None:
    v1, v2, v3, v4 = record.visits
    given, discharge = (m for m in v1.medications if m.opioid)
    assert medication_mme(given, record.mme) == 3.75 and medication_mme(discharge, record.mme) == 15
    assert total_mme(v1.medications, record.mme) == 3.75  # the new prescription is not counted as taken
    assert total_mme(v2.medications, record.mme) == 30
    assert total_mme(v3.medications, record.mme) == 0 and total_mme(v4.medications, record.mme) == 0
    assert medication_mme(next(m for m in v3.medications if m.opioid), record.mme) is None  # stopped


def test_orthostatic_change_uses_either_threshold() -> None:
    rule = OrthostaticRule(20, 10, 3, ())
    assert orthostatic_change((128, 74, 76), (104, 64, 90), rule).hypotension
    assert orthostatic_change((130, 80, 70), (125, 70, 72), rule).hypotension  # diastolic alone
    change = orthostatic_change((130, 76, 70), (126, 74, 78), rule)
    assert (change.systolic_drop, change.diastolic_drop, change.heart_rate_rise, change.hypotension) == (4, 2, 8, False)
    with pytest.raises(ValueError, match="standing"):
        orthostatic_change((130, 76, 70), (126, 74), rule)  # type: ignore[arg-type]


def test_painad_totals_five_items_of_0_to_2() -> None:
    items = ["breathing", "vocalization", "face", "body", "consolability"]
    assert painad_total(zip(items, [2, 2, 2, 2, 2], strict=True)) == 10
    with pytest.raises(ValueError, match="0, 1 or 2"):
        painad_total(zip(items, [3, 0, 0, 0, 0], strict=True))
    with pytest.raises(ValueError, match="five"):
        painad_total(zip(items[:4], [1, 1, 1, 1], strict=True))


def test_lab_flags_count_the_limits_as_inside() -> None:
    assert lab_flag(11.1, 12.0, 15.5) == "low"
    assert lab_flag(1.2, 0.59, 1.04) == "high"
    assert lab_flag(12.0, 12.0, 15.5) is None and lab_flag(60, 60, None) is None and lab_flag(47, 60, None) == "low"


# --- the widget --------------------------------------------------------------------------------------


def _tables_are_accessible(html: str) -> int:
    tables = soup(html).select("table")
    for table in tables:
        assert table.select_one("caption") and table.select_one("caption").get_text(strip=True)
        headers = table.select("th")
        assert headers and all(th.get("scope") in {"col", "row"} for th in headers)
        for row in table.select("tbody tr"):
            assert row.select_one("th[scope=row]"), "every body row is named by a row header"
    return len(tables)


def test_one_tab_per_exhibit_and_every_table_is_a_real_table() -> None:
    widget = CaseExhibits("visit2_week2")
    assert widget.exhibit_ids == ("notes", "vitals", "medications", "labs", "painad")
    assert list(widget.tabs.titles) == ["Nurses' notes", "Vital signs", "Medications", "Labs", "PAINAD"]
    assert [widget.pages[k] for k in widget.exhibit_ids] == list(widget.tabs.children)
    counts = {k: _tables_are_accessible(p.value) for k, p in widget.pages.items()}
    assert counts == {"notes": 0, "vitals": 3, "medications": 1, "labs": 1, "painad": 1}
    assert "Health record: Primary care clinic, week 2" in text(widget.header.value)


def test_the_tab_and_the_exhibit_trait_follow_each_other() -> None:
    widget = CaseExhibits("visit2_week2")
    assert widget.exhibit == "notes" and widget.tabs.selected_index == 0
    widget.exhibit = "painad"
    assert widget.tabs.selected_index == 4
    widget.tabs.selected_index = 1
    assert widget.exhibit == "vitals"
    with pytest.raises(traitlets.TraitError, match="painad"):
        CaseExhibits("visit1_emergency").exhibit = "painad"  # that visit has no PAINAD tab


def test_the_flowsheet_shows_every_reading_and_the_orthostatic_fall() -> None:
    page = soup(CaseExhibits("visit2_week2").pages["vitals"].value)
    flowsheet = page.select_one("table.ow-exhibit-flowsheet")
    assert [th.get_text(" ", strip=True) for th in flowsheet.select("tbody th")] == [
        "Blood pressure (mm Hg)",
        "Heart rate (beats/min)",
        "Respiratory rate (breaths/min)",
        "SpO2 (%, room air)",
        "Temperature",
        "Pain (0-10, self-report)",
        "POSS sedation level",
    ]
    poss_row = flowsheet.select("tbody tr")[-1]
    assert [td.get_text(strip=True) for td in poss_row.select("td")] == ["3", "2"]
    assert "36.7 °C (98.1 °F)" in flowsheet.get_text()
    ortho = page.select_one("table.ow-exhibit-orthostatic")
    assert "Systolic -24, diastolic -10" in ortho.get_text()
    assert page.select_one(".ow-exhibit-flag--alert") is not None
    calm = soup(CaseExhibits("visit3_week6").pages["vitals"].value)
    assert calm.select_one(".ow-exhibit-flag--alert") is None and "No orthostatic hypotension" in calm.get_text()


def test_the_medication_record_shows_mme_and_alerts() -> None:
    page = soup(CaseExhibits("visit2_week2").pages["medications"].value)
    head = [th.get_text(strip=True) for th in page.select("thead th")]
    assert head == ["Medicine", "Dose", "Route", "Frequency", "MME a day", "Record", "Status"]
    first = [c.get_text(strip=True) for c in page.select("tbody tr")[0].select("th, td")]
    assert first[:5] == ["Oxycodone (immediate release)", "5 mg", "PO", "Every 6 hours; taking 4 doses a day", "30"]
    assert "30" in page.select_one(".ow-exhibit-total").get_text()
    assert "not safe to continue unchanged" in page.select_one(".ow-exhibit-alerts").get_text()
    assert "Dowell et al., 2022" in page.select_one("ol.ow-sources").get_text()
    v3 = soup(CaseExhibits("visit3_week6").pages["medications"].value)
    assert "1,000 mg" in v3.get_text() and "4,000 mg" in v3.select_one(".ow-exhibit-alerts").get_text()


def test_labs_show_ranges_and_flags() -> None:
    page = soup(CaseExhibits("visit1_emergency").pages["labs"].value)
    rows = {
        r.select_one("th").get_text(strip=True): [td.get_text(strip=True) for td in r.select("td")]
        for r in page.select("tbody tr")
    }
    assert rows["Haemoglobin"] == ["11.1", "g/dL", "12 to 15.5", "Low"]
    assert rows["eGFR (CKD-EPI 2021)"] == ["53", "mL/min/1.73 m²", "60 or more", "Low"]
    assert rows["Platelets"][-1] == ""


def test_painad_shows_the_behaviour_behind_each_score() -> None:
    page = soup(CaseExhibits("visit2_week2").pages["painad"].value)
    rows = [[c.get_text(strip=True) for c in r.select("th, td")] for r in page.select("tbody tr")]
    assert rows[0] == ["Breathing (independent of vocalization)", "Normal", "0"]
    assert rows[2] == ["Facial expression", "Sad; frightened; frown", "1"]
    assert page.select_one("tfoot td").get_text(strip=True) == "4"
    assert "Warden et al., 2003" in page.get_text()


def test_text_from_the_data_is_escaped(data_copy: Path, catalog: Catalog) -> None:
    from osteo_lib.content.catalog import load_catalog

    _write(data_copy, lambda d: d["visits"][0]["notes"][0].update(text="<script>alert(1)</script> pain 9/10"))
    widget = CaseExhibits("visit1_emergency", catalog=load_catalog(data_copy))
    assert "<script>" not in widget.pages["notes"].value
    assert "<script>alert(1)</script> pain 9/10" in text(widget.pages["notes"].value)
