"""The health record of one visit of the unfolding case: EHR-style exhibits in tabs.

One tab per exhibit the visit has, in this order: nurses' notes, vital signs (flowsheet, orthostatic blood
pressure and the POSS key), medications (with MME a day for opioids, worked out by
:mod:`osteo_lib.care.mme`, and the safety alerts), labs (with reference ranges and Low/High flags) and,
where the patient could not self-report, a PAINAD observation. Every table is a real ``<table>`` with a
``<caption>`` and ``<th scope>`` headers. Content: ``data/case_exhibits.yaml``; words:
``data/ui/case_exhibits.yaml``; markup: ``views/templates/case_exhibits/``.

Usage in a notebook::

    from osteo_lib.views.widgets.case_exhibits import CaseExhibits
    CaseExhibits("visit2_week2")               # display it
    record = CaseExhibits("visit2_week2")
    record.exhibit_ids                         # ('notes', 'vitals', 'medications', 'labs', 'painad')
    record.exhibit = "painad"                  # opens the PAINAD tab
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import traitlets as t

from osteo_lib.care.bedside import lab_flag, orthostatic_change, painad_total
from osteo_lib.care.mme import medication_mme, total_mme
from osteo_lib.content.case_exhibits import CaseExhibits as CaseRecord
from osteo_lib.content.case_exhibits import Visit, load_case_exhibits
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.ui import UiTexts, ui_texts
from osteo_lib.views.templates import Markup, render
from osteo_lib.views.widgets.base import Widget, container, resolve_catalog

__all__ = [
    "CaseExhibits",
    "labs_html",
    "medications_html",
    "notes_html",
    "painad_html",
    "vitals_html",
]


def _texts() -> UiTexts:
    return ui_texts("case_exhibits")


def _num(x: float) -> str:
    """A number as a record prints it: no trailing .0, thousands with a comma (1,000)."""
    return f"{x:,g}"


def notes_html(visit: Visit) -> Markup:
    """The nurses' notes of ``visit``, oldest first."""
    return render("case_exhibits/notes.html.j2", text=_texts(), notes=visit.notes)


def vitals_html(visit: Visit, record: CaseRecord, catalog: Catalog) -> Markup:
    """The flowsheet (one column per reading), the orthostatic blood pressure with its change and the POSS key."""
    text = _texts()
    readings = visit.vitals
    rows = [
        (text["row_bp"], [f"{r.systolic}/{r.diastolic}" for r in readings]),
        (text["row_hr"], [str(r.hr) for r in readings]),
        (text["row_rr"], [str(r.rr) for r in readings]),
        (text["row_spo2"], [str(r.spo2) for r in readings]),
        (
            text["row_temp"],
            [
                text.format("temp_value", celsius=f"{r.temp_c:.1f}", fahrenheit=f"{r.temp_c * 9 / 5 + 32:.1f}")
                for r in readings
            ],
        ),
        (text["row_pain"], [str(r.pain) if r.pain is not None else (r.pain_note or "") for r in readings]),
        (text["row_poss"], [r.poss for r in readings]),
    ]
    rule, o = record.orthostatic, visit.orthostatic
    change = orthostatic_change(o.lying, o.standing, rule)
    # a fall is shown as a negative change (124 -> 104 is -20)
    limits = {"systolic": rule.systolic_drop, "diastolic": rule.diastolic_drop, "minutes": rule.minutes}
    orthostatic = {
        "caption": text.format("orthostatic_caption", time=o.time, minutes=rule.minutes),
        "lying": o.lying,
        "standing": o.standing,
        "standing_label": text.format("standing", minutes=rule.minutes),
        "bp_change": text.format("change_value", systolic=-change.systolic_drop, diastolic=-change.diastolic_drop),
        "hr_change": text.format("hr_change_value", rise=change.heart_rate_rise),
        "symptoms": text.format("symptoms", symptoms=o.symptoms),
        "met": change.hypotension,
        "verdict": text.format("orthostatic_met" if change.hypotension else "orthostatic_not_met", **limits),
    }
    return render(
        "case_exhibits/vitals.html.j2",
        text=text,
        caption=text.format("vitals_caption", setting=visit.setting),
        readings=readings,
        rows=[{"name": name, "cells": cells} for name, cells in rows],
        orthostatic=orthostatic,
        poss=record.poss,
        refs=catalog.references_for(dict.fromkeys((*rule.references, *record.poss_references))),
    )


def medications_html(visit: Visit, record: CaseRecord, catalog: Catalog) -> Markup:
    """The medication record with MME a day for each active opioid, the visit's total and the safety alerts."""
    text = _texts()
    rows = []
    for med in visit.medications:
        mme = medication_mme(med, record.mme)
        rows.append(
            {
                "drug": med.drug,
                "dose": f"{_num(med.dose)} {med.unit}",
                "route": med.route,
                "frequency": med.frequency,
                "mme": _num(mme) if mme is not None else text["mme_none"],
                "kind": text[f"kind_{med.kind}"],
                "status": med.status,
                "alert": med.alert is not None,
            }
        )
    alerts = [{"drug": med.drug, "text": med.alert} for med in visit.medications if med.alert]
    refs = dict.fromkeys((*record.mme.references, *(r for med in visit.medications for r in med.references)))
    return render(
        "case_exhibits/medications.html.j2",
        text=text,
        caption=text.format("medications_caption", setting=visit.setting),
        headings=[
            text[k]
            for k in ("col_drug", "col_dose", "col_route", "col_frequency", "col_mme", "col_record", "col_status")
        ],
        rows=rows,
        total=text.format("mme_total", total=_num(total_mme(visit.medications, record.mme))),
        mme_note=record.mme.note,
        alerts=alerts,
        refs=catalog.references_for(refs),
    )


def _range(low: float | None, high: float | None) -> str:
    text = _texts()
    if low is not None and high is not None:
        return text.format("range_both", low=_num(low), high=_num(high))
    if low is not None:
        return text.format("range_low", low=_num(low))
    return text.format("range_high", high=_num(high if high is not None else 0))


def labs_html(visit: Visit, catalog: Catalog) -> Markup:
    """The visit's lab results with reference ranges and a Low/High flag outside them (no labs: ValueError)."""
    if visit.labs is None:
        raise ValueError(f"visit {visit.id!r} has no labs")
    text = _texts()
    rows = []
    for r in visit.labs.results:
        flag = lab_flag(r.value, r.low, r.high)
        rows.append(
            {
                "test": r.test,
                "value": r.value,
                "unit": r.unit,
                "range": _range(r.low, r.high),
                "flag": text[f"flag_{flag}"] if flag else None,
            }
        )
    return render(
        "case_exhibits/labs.html.j2",
        text=text,
        caption=text.format("labs_caption", time=visit.labs.time),
        headings=[text[k] for k in ("col_test", "col_result", "col_unit", "col_range", "col_flag")],
        rows=rows,
        refs=catalog.references_for(visit.labs.references),
    )


def painad_html(visit: Visit, record: CaseRecord, catalog: Catalog) -> Markup:
    """The PAINAD observation: for each item the behaviour its score stands for, and the total (none: ValueError)."""
    if visit.painad is None:
        raise ValueError(f"visit {visit.id!r} has no PAINAD observation")
    text = _texts()
    items = {i.id: i for i in record.painad}
    rows = [
        {"name": items[item].name, "observed": items[item].levels[score], "score": score}
        for item, score in visit.painad.scores
    ]
    return render(
        "case_exhibits/painad.html.j2",
        text=text,
        caption=text.format("painad_caption", time=visit.painad.time),
        reason=text.format("painad_reason", reason=visit.painad.reason),
        rows=rows,
        total=painad_total(visit.painad.scores),
        note=visit.painad.note,
        refs=catalog.references_for(record.painad_references),
    )


class CaseExhibits(Widget):
    """The record of one visit of the case, one tab per exhibit.

    State: ``visit`` (the :class:`~osteo_lib.content.case_exhibits.Visit`), ``exhibit_ids`` (the tabs, in
    order), ``exhibit`` (a trait: the open tab's id; setting it opens that tab, and picking a tab sets it),
    ``tabs`` (the ``ipywidgets.Tab``) and ``pages`` (exhibit id -> the HTML widget of its tab).

    Example::

        record = CaseExhibits("visit2_week2")
        record.exhibit = "vitals"
        "<caption>" in record.pages["vitals"].value    # True
    """

    exhibit = t.Unicode()

    def __init__(self, visit: str, catalog: Catalog | None = None) -> None:
        super().__init__()
        text = _texts()
        self.catalog = resolve_catalog(catalog)
        self.record = load_case_exhibits(catalog=self.catalog)
        self.visit = self.record.visit(visit)
        v = self.visit
        makers: dict[str, Any] = {
            "notes": lambda: notes_html(v),
            "vitals": lambda: vitals_html(v, self.record, self.catalog),
            "medications": lambda: medications_html(v, self.record, self.catalog),
        }
        if v.labs is not None:
            makers["labs"] = lambda: labs_html(v, self.catalog)
        if v.painad is not None:
            makers["painad"] = lambda: painad_html(v, self.record, self.catalog)
        self.exhibit_ids: tuple[str, ...] = tuple(makers)
        self.pages: dict[str, w.HTML] = {}
        for key, make in makers.items():
            page = w.HTML(str(make()))
            page.add_class(f"ow-exhibit-page-{key}")
            self.pages[key] = page
        self.tabs = w.Tab(
            children=[self.pages[k] for k in self.exhibit_ids],
            titles=[text[f"tab_{k}"] for k in self.exhibit_ids],
        )
        self.tabs.add_class("ow-exhibits-tabs")
        self.header = w.HTML(
            str(
                render(
                    "case_exhibits/header.html.j2",
                    text=text,
                    heading=text.format("heading", setting=v.setting),
                    patient=self.record.patient,
                )
            )
        )
        self.container = container(self.header, self.tabs, cls="ow-exhibits")
        self.exhibit = self.exhibit_ids[0]
        self.tabs.observe(self._on_tab, names="selected_index")
        self.observe(self.update, names="exhibit")
        self.update()

    @t.validate("exhibit")
    def _valid_exhibit(self, proposal: dict[str, Any]) -> str:
        value = proposal["value"]
        if value not in getattr(self, "exhibit_ids", (value,)):
            raise t.TraitError(f"exhibit must be one of {list(self.exhibit_ids)}; got {value!r}")
        return str(value)

    def _on_tab(self, change: dict[str, Any]) -> None:
        if change["new"] is not None:
            self.exhibit = self.exhibit_ids[change["new"]]

    def update(self, change: object = None) -> None:
        """Open the tab of ``exhibit``."""
        self.tabs.selected_index = self.exhibit_ids.index(self.exhibit)
