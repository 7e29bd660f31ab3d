"""Answer keys: the right answers of every quiz item, read from the question banks at run time."""

from __future__ import annotations

from dataclasses import dataclass

from osteo_lib.apps.instructor.text import instructor_text
from osteo_lib.content.catalog import Catalog, load_catalog
from osteo_lib.content.notebooks import load_notebooks
from osteo_lib.content.quiz import BOWTIE_PARTS, Bank, Item, load_banks

__all__ = ["AnswerKey", "AnswerLine", "answer_key", "answer_keys_for", "ordered_banks"]


@dataclass(frozen=True, slots=True)
class AnswerLine:
    """One line of an answer key: what it is (``label``) and the right answer's text."""

    label: str
    text: str


@dataclass(frozen=True, slots=True)
class AnswerKey:
    """The right answers of one quiz item, ready to show."""

    bank: str
    item: str
    type: str
    stem: str
    answers: tuple[AnswerLine, ...]
    explanation: str
    references: tuple[str, ...]
    max_points: int
    case_stage: str | None = None
    step: str | None = None


# --- answer keys --------------------------------------------------------------------------------------
def answer_key(item: Item, bank: str = "") -> AnswerKey:
    """The right answers of ``item`` as labelled lines (single, multiple, select_n, matrix rows, bowtie parts)."""
    text = instructor_text()
    if item.type == "single":
        lines = [AnswerLine(text["key_answer"], item.correct_choices[0].text)]
    elif item.type in ("multiple", "select_n", "highlight"):
        lines = [AnswerLine(text["right_choice"], c.text) for c in item.correct_choices]
    elif item.type == "matrix":
        lines = [AnswerLine(r.text, item.column(r.right).text) for r in item.rows]
    elif item.type == "cloze":
        lines = [AnswerLine(b.label, b.choice(b.right).text) for b in item.blanks]
    elif item.type == "drag_drop":
        lines = [AnswerLine(b.label, item.token(b.right).text) for b in item.blanks]
    elif item.type == "ordering":
        lines = [
            AnswerLine(text.format("key_order_step", n=n), item.choice(c).text) for n, c in enumerate(item.order, 1)
        ]
    elif item.type == "matrix_multiple":
        lines = [
            AnswerLine(r.text, text["key_separator"].join(item.column(a).text for a in r.answers)) for r in item.rows
        ]
    else:
        assert item.bowtie is not None
        lines = [
            AnswerLine(text[f"bowtie_{name}"], item.bowtie.part(name).choice(a).text)
            for name in BOWTIE_PARTS
            for a in item.bowtie.part(name).answers
        ]
    return AnswerKey(
        bank=bank,
        item=item.id,
        type=item.type,
        stem=item.stem,
        answers=tuple(lines),
        explanation=item.explanation,
        references=item.references,
        max_points=item.max_points,
        case_stage=item.case_stage,
        step=item.clinical_judgment_step,
    )


def ordered_banks(catalog: Catalog | None = None) -> tuple[Bank, ...]:
    """Every question bank: those of the teaching notebooks in reading order, then the others by id."""
    banks = load_banks(catalog if catalog is not None else load_catalog())
    order = {n.file: i for i, n in enumerate(load_notebooks())}
    return tuple(sorted(banks.values(), key=lambda b: (order.get(b.notebook or "", len(order)), b.id)))


def answer_keys_for(bank: Bank) -> tuple[AnswerKey, ...]:
    return tuple(answer_key(i, bank.id) for i in bank.items)
