"""The comparison grid's logic: whether a pick can be compared, and the table as question and answer
rows (missing data says so, never guesses)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from osteo_lib.care.treatments.evidence import evidence_label, evidence_steps
from osteo_lib.care.treatments.explore import duration_text, offered_method, split_summary, usage_text
from osteo_lib.care.treatments.labels import COMPARE_MAX, COMPARE_MIN, Audience, needs_texts, student_texts, texts
from osteo_lib.content.model import Method

if TYPE_CHECKING:
    from osteo_lib.content.catalog import Catalog

__all__ = ["check_picks", "comparison_rows", "names_sentence"]


def check_picks(ids: Sequence[str]) -> str:
    """``""`` when ``ids`` is a valid comparison (two or three methods), otherwise the message to show."""
    n = len(ids)
    if n < COMPARE_MIN:
        return texts().format("compare_too_few", n=n)
    if n > COMPARE_MAX:
        return texts().format("compare_too_many", n=n)
    return ""


def _evidence_answer(method: Method, audience: Audience) -> str:
    e = method.evidence
    if e is None:
        return texts()["not_said"]
    if audience == "student":  # students keep the count of filled steps ("2 of 3 steps")
        return f"{evidence_label(e)} ({evidence_steps(e)}).\n{' '.join(e.student_text.split())}"
    return f"{evidence_label(e)}.\n{' '.join(e.patient_text.split())}"


def comparison_rows(
    catalog: Catalog, ids: Sequence[str], audience: Audience = "patient"
) -> list[tuple[str, list[str]]]:
    """The comparison table as ``(question, [answer per method])`` rows, methods in the order given.

    Missing data gives ``texts()["not_said"]`` ("Our sources do not say."), never a guess; the "How soon it
    helps" and "How long relief lasts" rows are left out when the sources say nothing for any of the
    methods compared (a row saying only "Our sources do not say" helps nobody). A "Risks" answer
    with several cautions holds one caution per line; the "What studies show" answer holds the evidence
    label on its first line and the evidence text (``student_text`` for students) on the second. Students
    get three more rows: the study type, what the evidence is for and its sources (first author, year).
    Raises ``ValueError`` unless 2 or 3 ids are given, and :class:`~osteo_lib.errors.UnknownIdError` for an
    id the audience is not offered.
    """
    problem = check_picks(ids)
    if problem:
        raise ValueError(problem)
    methods = [offered_method(catalog, i, audience) for i in ids]
    if audience == "patient":
        return _patient_rows(methods)
    text, needs = texts(), needs_texts()
    said = text["not_said"]
    rows = [
        (text["q_how_it_works"], [m.how_it_works for m in methods]),
        (text["q_evidence"], [_evidence_answer(m, audience) for m in methods]),
        *_said_somewhere(text["q_onset"], [m.onset for m in methods], said),
        *_said_somewhere(text["q_relief"], [m.relief_duration for m in methods], said),
        (text["q_involves"], [usage_text(m) for m in methods]),
        (text["q_risks"], ["\n".join(c.patient_text for c in m.cautions) or said for m in methods]),
        (text["q_needs_pro"], [needs[m.provided_by] for m in methods]),
        (text["q_at_home"], [text["at_home_yes" if m.at_home else "at_home_no"] for m in methods]),
    ]
    if audience == "student":
        student = student_texts()
        rows[2:2] = [
            (student["study_type"], [m.evidence.study_type_label if m.evidence else said for m in methods]),
            (student["outcome"], [m.evidence.outcome if m.evidence else said for m in methods]),
            (
                student["evidence_sources"],
                [
                    "\n".join(_short_cite(catalog, r) for r in m.evidence.references) if m.evidence else said
                    for m in methods
                ],
            ),
        ]
    return rows


def _first(text: str) -> str:
    return split_summary(text)[0]


def _patient_rows(methods: Sequence[Method]) -> list[tuple[str, list[str]]]:
    """What patients compare: one short sentence per cell (the main point, the main risk, the time), and the
    steps, one per line (the grid shows them as a numbered list); the card's "More about ..." has the rest
    (health-literacy rating, PEMAT 19: cells of whole paragraphs made the desktop table 2,820 px tall)."""
    text, needs = texts(), needs_texts()
    said = text["not_said"]

    def evidence(m: Method) -> str:
        e = m.evidence
        return said if e is None else f"{evidence_label(e)}.\n{_first(e.patient_text)}"

    def steps(m: Method) -> str:
        return "\n".join(m.how_to_steps) if m.how_to_steps else _first(m.how_to_use)

    def risk(m: Method) -> str:
        if m.harms is not None:
            return _first(m.harms.patient_risk)
        return _first(m.cautions[0].patient_text) if m.cautions else said

    return [
        (text["q_how_it_works"], [_first(m.how_it_works) for m in methods]),
        (text["q_evidence"], [evidence(m) for m in methods]),
        *_said_somewhere(text["q_onset"], [m.onset for m in methods], said),
        *_said_somewhere(text["q_relief"], [m.relief_duration for m in methods], said),
        *_said_somewhere(text["q_time"], [duration_text(m) for m in methods], said),
        (text["q_steps"], [steps(m) for m in methods]),
        (text["q_main_risk"], [risk(m) for m in methods]),
        (text["q_needs_pro"], [needs[m.provided_by] for m in methods]),
        (text["q_at_home"], [text["at_home_yes" if m.at_home else "at_home_no"] for m in methods]),
    ]


def _said_somewhere(question: str, answers: list[str | None], said: str) -> list[tuple[str, list[str]]]:
    """The row ``(question, answers)`` (``said`` where an answer is missing), or no row when all are missing."""
    return [(question, [a or said for a in answers])] if any(answers) else []


def _short_cite(catalog: Catalog, reference_id: str) -> str:
    """``Paolucci 2016``: first author's family name (or the container) and year."""
    ref = catalog.reference(reference_id)
    first = ref.authors[0].split()[0] if ref.authors else ref.container
    return f"{first} {ref.year}"


def names_sentence(names: Sequence[str]) -> str:
    """``"A"``, ``"A and B"``, ``"A, B and C"``."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {texts()['and']} {names[-1]}"
