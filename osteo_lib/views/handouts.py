"""Printable handouts: one self-contained HTML page each, with print CSS (A4 and Letter), no scripts and no
outside request (a Content-Security-Policy blocks both).

* :func:`patient_handout` — the dashboard's main message, the warning signs (911 first), the questions to
  ask (to tick) and a blank one-week pain diary, from ``data/dashboard.yaml``; words from
  ``data/ui/handouts_patient.yaml``. Its sources are listed by title and year at the end.
* :func:`student_handout` — a teaching notebook's objectives, key points and "Try this" task (given as
  :class:`NotebookParts`, which :mod:`osteo_lib.apps.handouts` reads from the notebook) and its knowledge
  check with space to answer: stems and options only, never which option is right or why.
* :func:`rubrics_page` and :func:`osce_page` — the instructor's assessment kit (``data/assessment_kit.yaml``):
  the analytic rubrics, and the OSCE station with its checklist and PEARLS debrief (instructor only).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Final

from markupsafe import Markup

from osteo_lib.content.assessment_kit import AssessmentKit
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.dashboard import DashboardContent
from osteo_lib.content.model_answers import ModelAnswer
from osteo_lib.content.quiz import Bank, Item
from osteo_lib.content.ui import UiTexts, ui_texts
from osteo_lib.views.templates import render

__all__ = [
    "DIARY_DAYS",
    "HANDOUT_CSP",
    "NotebookParts",
    "model_answers_page",
    "osce_page",
    "patient_handout",
    "prepost_form_page",
    "rubrics_page",
    "student_handout",
]

HANDOUT_CSP: Final = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
DIARY_DAYS: Final = 7
_ANSWER_LINES: Final = 3


@dataclass(frozen=True, slots=True)
class NotebookParts:
    """What a student handout shows of one notebook; the HTML fields are the notebook's own Markdown,
    rendered (trusted: the workbook's files)."""

    file: str
    title: str
    minutes: int
    objectives: Markup
    key_points: Markup
    try_this: Markup


def _css() -> Markup:
    return Markup((resources.files("osteo_lib.views") / "static" / "handouts.css").read_text(encoding="utf-8"))


def patient_handout(dashboard: DashboardContent, catalog: Catalog) -> str:
    """The patient handout as one HTML document."""
    cited: list[str] = []
    for ref in (
        *dashboard.main_message.references,
        *(r for g in dashboard.warning_groups for s in g.signs for r in s.references),
        *(r for q in dashboard.questions for r in q.references),
    ):
        if ref not in cited:
            cited.append(ref)
    sources = [catalog.reference(ref) for ref in cited]
    return str(
        render(
            "handouts/patient.html.j2",
            text=ui_texts("handouts_patient"),
            dash=dashboard,
            sources=sources,
            days=range(DIARY_DAYS),
            csp=HANDOUT_CSP,
            css=_css(),
        )
    )


def _item_view(item: Item) -> dict[str, object]:
    view: dict[str, object] = {"id": item.id, "type": item.type, "stem": item.stem, "trend": item.trend}
    if item.type in ("matrix", "matrix_multiple"):
        view["columns"] = [c.text for c in item.columns]
        view["rows"] = [r.text for r in item.rows]
    elif item.type == "cloze":
        view["sentence"] = item.gapped_sentence(ui_texts("handouts_student")["cloze_gap"])
        view["blanks"] = [(n, b.label, [c.text for c in b.choices]) for n, b in enumerate(item.blanks, start=1)]
    elif item.type == "drag_drop":
        view["sentence"] = item.gapped_sentence(ui_texts("handouts_student")["cloze_gap"])
        view["choices"] = [c.text for c in item.tokens]
    elif item.type == "bowtie" and item.bowtie is not None:
        view["parts"] = [
            (name, len(part.answers), [c.text for c in part.choices])
            for name, part in (
                ("condition", item.bowtie.condition),
                ("actions", item.bowtie.actions),
                ("parameters", item.bowtie.parameters),
            )
        ]
    else:
        view["choices"] = [c.text for c in item.choices]
        view["select"] = item.select
    return view


def student_handout(parts: NotebookParts, bank: Bank | None) -> str:
    """The student handout of one notebook as one HTML document (no answer keys, no explanations)."""
    text = ui_texts("handouts_student")
    items = [_item_view(item) for item in bank.items] if bank is not None else []
    return str(
        render(
            "handouts/student.html.j2",
            text=text,
            nb=parts,
            items=items,
            lines=range(_ANSWER_LINES),
            csp=HANDOUT_CSP,
            css=_css(),
        )
    )


def rubrics_page(kit: AssessmentKit, catalog: Catalog, titles: dict[str, str]) -> str:
    """The rubrics as one printable page (``titles``: notebook file -> title)."""
    return str(
        render(
            "handouts/rubrics.html.j2",
            text=ui_texts("handouts_instructor"),
            kit=kit,
            titles=titles,
            refs=catalog.references,
            csp=HANDOUT_CSP,
            css=_css(),
        )
    )


def osce_page(kit: AssessmentKit, catalog: Catalog) -> str:
    """The OSCE station (candidate's instructions, patient script, checklist, debrief) as one printable page."""
    return str(
        render(
            "handouts/osce.html.j2",
            text=ui_texts("handouts_instructor"),
            osce=kit.osce,
            refs=catalog.references,
            csp=HANDOUT_CSP,
            css=_css(),
        )
    )


def prepost_form_page(
    title: str, items: Sequence[Item], objectives: Mapping[str, str], text: UiTexts, form: str
) -> str:
    """A pre-test or post-test form as one printable page (no answers): each item with its objective.

    ``objectives``: objective id -> its text (Markdown emphasis is shown as plain text); ``text``: the
    words of ``data/ui/prepost.yaml``; ``form``: ``a`` or ``b``.
    """
    views = [{**_item_view(i), "objective": objectives.get(i.objective or "", "").replace("**", "")} for i in items]
    return str(
        render(
            "handouts/prepost_form.html.j2",
            text=text,
            words=ui_texts("handouts_student"),
            title=title,
            form=form,
            items=views,
            lines=range(_ANSWER_LINES),
            csp=HANDOUT_CSP,
            css=_css(),
        )
    )


def model_answers_page(answers: Sequence[ModelAnswer], catalog: Catalog, titles: Mapping[str, str]) -> str:
    """The model answers to the Try this questions as one printable page, grouped by notebook
    (``titles``: notebook file -> title). Instructor only."""
    order = {file: n for n, file in enumerate(titles)}
    return str(
        render(
            "handouts/model_answers.html.j2",
            text=ui_texts("handouts_instructor"),
            answers=sorted(answers, key=lambda a: order.get(a.notebook, len(order))),
            titles=titles,
            refs=catalog.references,
            csp=HANDOUT_CSP,
            css=_css(),
        )
    )
