"""LMS export: the question banks as a QTI 1.2 content package (Canvas, Blackboard) and as Moodle XML.

``osteo-workbook export-lms --format qti|moodle|both --out DIR`` (``make lms-export``) reads every bank of
``data/quizzes/`` through :mod:`osteo_lib.content.quiz` and writes into ``DIR`` (default ``build/lms``):

* :data:`QTI_FILE`: an IMS content package (``imsmanifest.xml`` and, per bank, one QTI 1.2 assessment
  ``<ident>/<ident>.xml`` with Canvas's ``assessment_meta.xml`` beside it), in the flavour Canvas exports and
  imports (``question_type``, ``points_possible`` and ``original_answer_ids`` in each item's metadata);
* :data:`MOODLE_FILE`: Moodle XML, one question category per bank;
* :data:`REPORT_FILE`: a Markdown report: what was exported, how each item type maps, what could only be
  approximated and what was not exported.

Item types map where the LMS has a match (the table is in ``data/ui/lms.yaml``, ``type_row_*``):

=========  ===============================  ==========================  =================================
workbook   QTI 1.2 (Canvas)                 Moodle XML                  points
=========  ===============================  ==========================  =================================
single     multiple_choice_question         multichoice, single         1
multiple   multiple_answers_question        multichoice, several        number of right choices
select_n   multiple_answers_question        multichoice, several        N (the number to choose)
matrix     matching_question                matching                    number of rows
matrix_    one question per row: multiple_answers_question / multichoice, several; number of right cells
multiple
bowtie     three questions: condition, actions and parameters (single, multiple, multiple)
drag_drop  matching_question: a row per gap  matching                    number of gaps (dyad / triad lost)
ordering   matching_question: a row per      matching                    number of steps (0/1 per place)
           place ("Step 1" ...)
=========  ===============================  ==========================  =================================

An item type this module has no mapping for is *reported*, never dropped silently: it is listed in the
report's "not exported" section and counted in :attr:`ExportPlan.skipped`. The explanation of every item
(and its sources, author-year) becomes the question's general feedback; a choice's own feedback stays with
that choice. Choices are written in data order: the LMS shuffles them (the export asks it to, except for
``keep_order`` scales). The optional item fields ``objective``, ``bloom`` and ``cj_step`` (and
``case_stage`` and ``clinical_judgment_step``) are exported as QTI metadata fields and Moodle tags when the
item records have them.

The XML is built with :mod:`xml.etree.ElementTree` (no string concatenation); the files are the same from one
run to the next for the same data (the zip entries carry a fixed date). Each file is written next to its final
name and moved into place, so a failed run leaves earlier files as they were.

Example::

    from osteo_lib.apps.lms_export import export_lms
    result = export_lms("build/lms", formats=("qti", "moodle"))
    print(result.describe())
"""

from __future__ import annotations

import html
import io
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal
from xml.etree import ElementTree as ET

from osteo_lib.content.catalog import Catalog, load_catalog
from osteo_lib.content.quiz import BOWTIE_PARTS, Bank, Choice, Item, MatrixRow, load_banks
from osteo_lib.content.ui import UiTexts, ui_texts

__all__ = [
    "CANVAS_NS",
    "CP_NS",
    "DEFAULT_OUT",
    "FORMATS",
    "MOODLE_FILE",
    "MOODLE_FRACTIONS",
    "QTI_FILE",
    "QTI_NS",
    "QTI_TYPES",
    "REPORT_FILE",
    "BankExport",
    "ExportPlan",
    "ExportResult",
    "Format",
    "LmsExportError",
    "Note",
    "Question",
    "QuestionKind",
    "export_lms",
    "lms_text",
    "moodle_fraction",
    "moodle_xml",
    "plan_export",
    "qti_package",
    "report_markdown",
]

Format = Literal["qti", "moodle"]
FORMATS: Final[tuple[Format, ...]] = ("qti", "moodle")
#: What an LMS question is: one right choice, several right choices, or one column per row.
QuestionKind = Literal["single", "multiple", "matching"]

QTI_FILE: Final = "osteo-workbook-qti.zip"
MOODLE_FILE: Final = "osteo-workbook-moodle.xml"
REPORT_FILE: Final = "lms-export-report.md"
DEFAULT_OUT: Final = Path("build") / "lms"

QTI_NS: Final = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS: Final = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
CANVAS_NS: Final = "http://canvas.instructure.com/xsd/cccv1p0"
_XSI: Final = "http://www.w3.org/2001/XMLSchema-instance"
_QTI_XSD: Final = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"
_CP_XSD: Final = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
_CANVAS_XSD: Final = "https://canvas.instructure.com/xsd/cccv1p0.xsd"
#: Canvas's question_type for each kind of LMS question.
QTI_TYPES: Final[Mapping[QuestionKind, str]] = {
    "single": "multiple_choice_question",
    "multiple": "multiple_answers_question",
    "matching": "matching_question",
}
#: The fractions (percent) Moodle accepts for an answer (its grade options); negatives are allowed too.
MOODLE_FRACTIONS: Final = (
    100.0,
    90.0,
    83.33333,
    80.0,
    75.0,
    70.0,
    66.66667,
    60.0,
    50.0,
    40.0,
    33.33333,
    30.0,
    25.0,
    20.0,
    16.66667,
    14.28571,
    12.5,
    11.11111,
    10.0,
    5.0,
)
#: The item fields exported as metadata (QTI) and tags (Moodle) when an item has them.
_META_FIELDS: Final = ("case_stage", "clinical_judgment_step", "objective", "cj_step", "bloom")
_ZIP_DATE: Final = (1980, 1, 1, 0, 0, 0)
_ID_PREFIX: Final = "osteo_"


def lms_text() -> UiTexts:
    """The help, the added words and the report's words (``data/ui/lms.yaml``)."""
    return ui_texts("lms")


class LmsExportError(Exception):
    """The export could not write its files; the message names the path and the problem."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


# --- the plan: workbook items -> LMS questions ------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Question:
    """One LMS question. A bowtie item gives three (its parts); every other item gives one.

    ``choices`` are the answer choices (single, multiple) or the columns (matching), in data order;
    ``rows`` are the matching rows. ``prompt`` is the part's own line under the stem (bowtie parts).
    """

    ident: str
    bank: str
    item: str
    item_type: str
    kind: QuestionKind
    title: str
    stem: str
    feedback: str
    points: int
    choices: tuple[Choice, ...]
    rows: tuple[MatrixRow, ...] = ()
    prompt: str | None = None
    shuffle: bool = True
    metadata: tuple[tuple[str, str], ...] = ()

    @property
    def correct(self) -> tuple[Choice, ...]:
        """single/multiple: the right choices, in data order."""
        return tuple(c for c in self.choices if c.correct)


NoteKind = Literal["approximated", "not_exported"]


@dataclass(frozen=True, slots=True)
class Note:
    """One line of the report about one item: approximated, or not exported at all."""

    bank: str
    item: str
    item_type: str
    kind: NoteKind
    text: str


@dataclass(frozen=True, slots=True)
class BankExport:
    """One bank and the LMS questions made from it (in item order)."""

    bank: Bank
    questions: tuple[Question, ...]

    @property
    def ident(self) -> str:
        return _ID_PREFIX + self.bank.id

    @property
    def points(self) -> int:
        return sum(q.points for q in self.questions)


@dataclass(frozen=True, slots=True)
class ExportPlan:
    """Every bank's questions and the notes for the report."""

    banks: tuple[BankExport, ...]
    notes: tuple[Note, ...]

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for b in self.banks for q in b.questions)

    @property
    def items(self) -> int:
        return sum(len(b.bank.items) for b in self.banks)

    @property
    def skipped(self) -> tuple[Note, ...]:
        """The items that are not in the files (no mapping for their type)."""
        return tuple(n for n in self.notes if n.kind == "not_exported")


def _sources(references: Sequence[str], catalog: Catalog, text: UiTexts) -> str:
    labels = [catalog.reference(r).label or r for r in references]
    return text.format("sources", labels=text["sources_separator"].join(labels)) if labels else ""


def _metadata(item: Item, bank: Bank) -> tuple[tuple[str, str], ...]:
    pairs = [("bank", bank.id), ("item", item.id)]
    for name in _META_FIELDS:
        value = getattr(item, name, None)
        if isinstance(value, str | int) and str(value):
            pairs.append((name, str(value)))
        elif isinstance(value, tuple | list):
            pairs += [(name, str(v)) for v in value]
    return tuple(pairs)


_Mapper = Callable[[Item, Bank, "_Context"], tuple[list[Question], list[Note]]]


@dataclass(frozen=True, slots=True)
class _Context:
    catalog: Catalog
    text: UiTexts


def _question(
    item: Item,
    bank: Bank,
    ctx: _Context,
    *,
    kind: QuestionKind,
    points: int,
    choices: tuple[Choice, ...],
    part: str | None = None,
    rows: tuple[MatrixRow, ...] = (),
    prompt: str | None = None,
    title: str | None = None,
) -> Question:
    """The LMS question for ``item`` (or for one ``part`` of a bowtie), with the fields every kind shares."""
    sources = _sources(item.references, ctx.catalog, ctx.text)
    return Question(
        ident=_ID_PREFIX + item.id + (f"__{part}" if part else ""),
        bank=bank.id,
        item=item.id,
        item_type=item.type,
        kind=kind,
        title=title or item.id,
        stem=item.stem.strip(),
        feedback=" ".join(p for p in (item.explanation.strip(), sources) if p),
        points=points,
        choices=choices,
        rows=rows,
        prompt=prompt,
        shuffle=not (item.keep_order or item.type == "highlight"),
        metadata=_metadata(item, bank),
    )


def _map_choice(item: Item, bank: Bank, ctx: _Context) -> tuple[list[Question], list[Note]]:
    kind: QuestionKind = "single" if item.type == "single" else "multiple"
    question = _question(item, bank, ctx, kind=kind, points=item.max_points, choices=item.choices)
    notes = []
    if item.keep_order:
        notes.append(Note(bank.id, item.id, item.type, "approximated", ctx.text["note_keep_order"]))
    if item.type == "select_n":
        note = ctx.text.format("note_select_n", count=item.select)
        notes.append(Note(bank.id, item.id, item.type, "approximated", note))
    if item.type == "highlight":
        notes.append(Note(bank.id, item.id, item.type, "approximated", ctx.text["note_highlight"]))
    if kind == "multiple":
        notes += _fraction_notes(item, bank, ctx, len(question.correct))
    return [question], notes


def _map_matrix(item: Item, bank: Bank, ctx: _Context) -> tuple[list[Question], list[Note]]:
    question = _question(item, bank, ctx, kind="matching", points=item.max_points, choices=item.columns, rows=item.rows)
    return [question], []


def _map_matrix_multiple(item: Item, bank: Bank, ctx: _Context) -> tuple[list[Question], list[Note]]:
    """One multiple-answers question per row (the columns are its choices), as the bowtie is split."""
    text, total = ctx.text, len(item.rows)
    questions: list[Question] = []
    notes: list[Note] = []
    for number, row in enumerate(item.rows, start=1):
        answers = set(row.answers)
        choices = tuple(Choice(id=c.id, text=c.text, correct=c.id in answers) for c in item.columns)
        questions.append(
            _question(
                item,
                bank,
                ctx,
                kind="multiple",
                points=len(answers),
                choices=choices,
                part=row.id,
                title=text.format("matrix_row_title", item=item.id, number=number, total=total),
                prompt=text.format("matrix_row_prompt", number=number, total=total, row=row.text),
            )
        )
        notes += _fraction_notes(item, bank, ctx, len(answers))
    note = text.format("note_matrix_multiple_split", rows=total, points=sum(q.points for q in questions))
    return questions, [Note(bank.id, item.id, item.type, "approximated", note), *notes]


def _map_bowtie(item: Item, bank: Bank, ctx: _Context) -> tuple[list[Question], list[Note]]:
    if item.bowtie is None:
        raise ValueError(f"bowtie item {item.id!r} has no bowtie")
    text, total = ctx.text, len(BOWTIE_PARTS)
    questions: list[Question] = []
    notes: list[Note] = []
    for number, name in enumerate(BOWTIE_PARTS, start=1):
        part = item.bowtie.part(name)
        answers = set(part.answers)
        choices = tuple(
            Choice(id=c.id, text=c.text, correct=c.id in answers, feedback=c.feedback) for c in part.choices
        )
        kind: QuestionKind = "single" if part.expected == 1 else "multiple"
        questions.append(
            _question(
                item,
                bank,
                ctx,
                kind=kind,
                points=part.expected,
                choices=choices,
                part=name,
                title=text.format("bowtie_part_title", item=item.id, number=number, total=total, part=name),
                prompt=text.format(
                    "bowtie_part_prompt", number=number, total=total, prompt=part.prompt, count=part.expected
                ),
            )
        )
        if kind == "multiple":
            notes += _fraction_notes(item, bank, ctx, part.expected)
    note = text.format(
        "note_bowtie_split", parts=total, names=", ".join(BOWTIE_PARTS), points=sum(q.points for q in questions)
    )
    return questions, [Note(bank.id, item.id, item.type, "approximated", note), *notes]


def _map_cloze(item: Item, bank: Bank, ctx: _Context) -> tuple[list[Question], list[Note]]:
    """One multiple-choice question per drop-down (its options are the choices), 1 point each; the prompt
    shows the sentence with numbered gaps. Rationale scoring (dyad, triad) has no LMS equivalent: noted."""
    text, total = ctx.text, len(item.blanks)
    sentence = item.gapped_sentence(text["cloze_gap"])
    questions: list[Question] = []
    for number, blank in enumerate(item.blanks, start=1):
        choices = tuple(Choice(id=c.id, text=c.text, correct=c.id == blank.right) for c in blank.choices)
        questions.append(
            _question(
                item,
                bank,
                ctx,
                kind="single",
                points=1,
                choices=choices,
                part=blank.id,
                title=text.format("cloze_part_title", item=item.id, number=number, total=total),
                prompt=text.format(
                    "cloze_part_prompt", number=number, total=total, sentence=sentence, label=blank.label
                ),
            )
        )
    key = "note_cloze_split" if item.scoring == "per_blank" else "note_cloze_rationale"
    note = text.format(key, gaps=total, scoring=item.scoring, points=len(questions), workbook=item.max_points)
    return questions, [Note(bank.id, item.id, item.type, "approximated", note)]


def _map_drag_drop(item: Item, bank: Bank, ctx: _Context) -> tuple[list[Question], list[Note]]:
    """One matching question: a row per gap (named by its label; the prompt shows the sentence with numbered
    gaps), the tokens as the answers to match, 1 point per gap. Moodle's own drag-and-drop-into-text type
    (ddwtos) has no QTI 1.2 counterpart; matching keeps the per-gap 0/1 scoring in both. Noted: a token may be
    matched to two gaps there, and rationale scoring (dyad, triad) is lost."""
    text, total = ctx.text, len(item.blanks)
    rows = tuple(
        MatrixRow(id=b.id, text=text.format("drag_gap_row", number=n, label=b.label), answer=b.right)
        for n, b in enumerate(item.blanks, start=1)
    )
    prompt = text.format("drag_prompt", sentence=item.gapped_sentence(text["cloze_gap"]))
    question = _question(item, bank, ctx, kind="matching", points=total, choices=item.tokens, rows=rows, prompt=prompt)
    key = "note_drag_drop" if item.scoring == "per_blank" else "note_drag_drop_rationale"
    note = text.format(key, gaps=total, scoring=item.scoring, workbook=item.max_points)
    return [question], [Note(bank.id, item.id, item.type, "approximated", note)]


def _map_ordering(item: Item, bank: Bank, ctx: _Context) -> tuple[list[Question], list[Note]]:
    """One matching question: a row per place ("Step 1", "Step 2" ...), the steps as the answers to match,
    1 point per place: the workbook's 0/1 per position. Noted: the LMS lets a step fill two places."""
    text = ctx.text
    rows = tuple(
        MatrixRow(id=f"place_{n}", text=text.format("order_row", number=n), answer=cid)
        for n, cid in enumerate(item.order, start=1)
    )
    question = _question(
        item, bank, ctx, kind="matching", points=len(rows), choices=item.choices, rows=rows, prompt=text["order_prompt"]
    )
    return [question], [Note(bank.id, item.id, item.type, "approximated", text["note_ordering"])]


def _fraction_notes(item: Item, bank: Bank, ctx: _Context, right: int) -> list[Note]:
    fraction, exact = moodle_fraction(right)
    if exact:
        return []
    text = ctx.text.format("note_fraction", fraction=fraction, count=right)
    return [Note(bank.id, item.id, item.type, "approximated", text)]


#: How each workbook item type becomes LMS questions. A type missing here is reported, not exported.
_MAPPERS: Final[Mapping[str, _Mapper]] = {
    "single": _map_choice,
    "multiple": _map_choice,
    "select_n": _map_choice,
    "matrix": _map_matrix,
    "matrix_multiple": _map_matrix_multiple,
    "bowtie": _map_bowtie,
    "cloze": _map_cloze,
    "highlight": _map_choice,
    "drag_drop": _map_drag_drop,
    "ordering": _map_ordering,
}


def moodle_fraction(right: int) -> tuple[float, bool]:
    """The Moodle grade option (percent) nearest to 100/``right`` and whether it is exact (to 5 decimals)."""
    wanted = 100.0 / right
    nearest = min(MOODLE_FRACTIONS, key=lambda f: abs(f - wanted))
    return nearest, abs(nearest - wanted) < 1e-4


def plan_export(banks: Iterable[Bank] | None = None, catalog: Catalog | None = None) -> ExportPlan:
    """Map every item of ``banks`` (default: every bank of ``data/quizzes/``) to LMS questions."""
    cat = catalog if catalog is not None else load_catalog()
    chosen = list(banks) if banks is not None else list(load_banks(cat).values())
    ctx = _Context(cat, lms_text())
    exports: list[BankExport] = []
    notes: list[Note] = []
    for bank in chosen:
        questions: list[Question] = []
        for item in bank.items:
            mapper = _MAPPERS.get(item.type)
            if mapper is None:
                text = ctx.text.format("note_unknown_type", type=item.type)
                notes.append(Note(bank.id, item.id, item.type, "not_exported", text))
                continue
            made, item_notes = mapper(item, bank, ctx)
            questions += made
            notes += item_notes
        exports.append(BankExport(bank, tuple(questions)))
    return ExportPlan(tuple(exports), tuple(notes))


# --- shared XML helpers -----------------------------------------------------------------------------------
def _html(*paragraphs: str | None) -> str:
    """The paragraphs as an HTML fragment (one ``<p>`` each, text escaped): what an LMS shows as rich text."""
    fragments = []
    for paragraph in paragraphs:
        if paragraph:
            element = ET.Element("p")
            element.text = paragraph
            fragments.append(ET.tostring(element, encoding="unicode", method="html"))
    return "".join(fragments)


def _inline(text: str) -> str:
    """Plain text as inline HTML (escaped, no paragraph): a choice or a row in an LMS's rich-text field."""
    return html.escape(text, quote=False)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrib)
    if text is not None:
        element.text = text
    return element


def _xml_bytes(root: ET.Element) -> bytes:
    ET.indent(root)
    buffer = io.BytesIO()
    ET.ElementTree(root).write(buffer, encoding="UTF-8", xml_declaration=True)
    return buffer.getvalue() + b"\n"


def _points(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


# --- QTI 1.2 ----------------------------------------------------------------------------------------------
def _root(tag: str, namespace: str, schema: str, **attrib: str) -> ET.Element:
    """A document element in ``namespace`` (the default namespace of the file) with its schema location.

    ElementTree writes ``xmlns`` as given; its ``default_namespace`` option cannot be used, as it refuses
    attributes without a namespace (``ident``, ``title`` ...), which QTI and IMS CP use throughout.
    """
    return ET.Element(tag, {"xmlns": namespace, f"{{{_XSI}}}schemaLocation": f"{namespace} {schema}", **attrib})


def _qti_field(parent: ET.Element, label: str, entry: str) -> None:
    field = _sub(parent, "qtimetadatafield")
    _sub(field, "fieldlabel", label)
    _sub(field, "fieldentry", entry)


def _qti_material(parent: ET.Element, text: str, *, rich: bool = False) -> None:
    """A material: rich text (HTML: stems and feedback) or plain text (choices, rows, as Canvas writes them)."""
    material = _sub(parent, "material")
    _sub(material, "mattext", text, texttype="text/html" if rich else "text/plain")


def _qti_labels(parent: ET.Element, choices: Sequence[Choice], shuffle: bool) -> None:
    render = _sub(parent, "render_choice", shuffle="Yes" if shuffle else "No")
    for choice in choices:
        label = _sub(render, "response_label", ident=choice.id)
        _qti_material(label, choice.text)


def _qti_condition(
    parent: ET.Element, tests: Sequence[tuple[str, str, bool]], *, action: str, score: str, continue_: str
) -> ET.Element:
    """A respcondition: ``tests`` are (respident, value, wanted); one test, or all of them under <and>."""
    condition = _sub(parent, "respcondition", **{"continue": continue_})
    var = _sub(condition, "conditionvar")
    target = _sub(var, "and") if len(tests) > 1 else var
    for respident, value, wanted in tests:
        holder = target if wanted else _sub(target, "not")
        _sub(holder, "varequal", value, respident=respident)
    _sub(condition, "setvar", score, action=action, varname="SCORE")
    return condition


def _qti_feedback_condition(parent: ET.Element, linkrefid: str, test: tuple[str, str] | None) -> None:
    condition = _sub(parent, "respcondition", **{"continue": "Yes"})
    var = _sub(condition, "conditionvar")
    if test is None:
        _sub(var, "other")
    else:
        _sub(var, "varequal", test[1], respident=test[0])
    _sub(condition, "displayfeedback", feedbacktype="Response", linkrefid=linkrefid)


def _qti_item(question: Question) -> ET.Element:
    item = ET.Element("item", ident=question.ident, title=question.title)
    meta = _sub(_sub(item, "itemmetadata"), "qtimetadata")
    _qti_field(meta, "question_type", QTI_TYPES[question.kind])
    _qti_field(meta, "points_possible", str(question.points))
    _qti_field(meta, "original_answer_ids", ",".join(c.id for c in question.choices))
    _qti_field(meta, "assessment_question_identifierref", question.ident + "_ref")
    for label, value in question.metadata:
        _qti_field(meta, label, value)

    presentation = _sub(item, "presentation")
    _qti_material(presentation, _html(question.stem, question.prompt), rich=True)
    processing = ET.Element("resprocessing")
    outcomes = _sub(processing, "outcomes")
    _sub(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    _qti_feedback_condition(processing, "general_fb", None)
    if question.kind == "matching":
        for row in question.rows:
            respident = f"response_{row.id}"
            lid = _sub(presentation, "response_lid", ident=respident, rcardinality="Single")
            _qti_material(lid, row.text)
            _qti_labels(lid, question.choices, question.shuffle)
        share = _points(100 / len(question.rows))
        for row in question.rows:
            _qti_condition(
                processing, [(f"response_{row.id}", row.right, True)], action="Add", score=share, continue_="No"
            )
    else:
        cardinality = "Single" if question.kind == "single" else "Multiple"
        lid = _sub(presentation, "response_lid", ident="response1", rcardinality=cardinality)
        _qti_labels(lid, question.choices, question.shuffle)
        for choice in question.choices:
            if choice.feedback:
                _qti_feedback_condition(processing, f"{choice.id}_fb", ("response1", choice.id))
        if question.kind == "single":
            tests = [("response1", question.correct[0].id, True)]
        else:
            tests = [("response1", c.id, c.correct) for c in question.choices]
        _qti_condition(processing, tests, action="Set", score="100", continue_="No")
    item.append(processing)

    feedbacks = [("general_fb", question.feedback)]
    feedbacks += [(f"{c.id}_fb", c.feedback) for c in question.choices if c.feedback and question.kind != "matching"]
    for ident, text in feedbacks:
        flow = _sub(_sub(item, "itemfeedback", ident=ident), "flow_mat")
        _qti_material(flow, _html(text), rich=True)
    return item


def _qti_assessment(export: BankExport) -> bytes:
    root = _root("questestinterop", QTI_NS, _QTI_XSD)
    assessment = _sub(root, "assessment", ident=export.ident, title=export.bank.title)
    meta = _sub(assessment, "qtimetadata")
    _qti_field(meta, "cc_maxattempts", "1")
    section = _sub(assessment, "section", ident="root_section")
    for question in export.questions:
        section.append(_qti_item(question))
    return _xml_bytes(root)


def _canvas_meta(export: BankExport, text: UiTexts) -> bytes:
    root = _root("quiz", CANVAS_NS, _CANVAS_XSD, identifier=export.ident)
    _sub(root, "title", export.bank.title)
    description = text.format("quiz_description", items=len(export.bank.items), bank=export.bank.id)
    _sub(root, "description", _html(description))
    _sub(root, "shuffle_answers", "true")
    _sub(root, "scoring_policy", "keep_highest")
    _sub(root, "quiz_type", "assignment")
    _sub(root, "points_possible", f"{export.points:.1f}")
    _sub(root, "show_correct_answers", "true")
    _sub(root, "allowed_attempts", "1")
    _sub(root, "available", "false")
    return _xml_bytes(root)


def _manifest(exports: Sequence[BankExport]) -> bytes:
    root = _root("manifest", CP_NS, _CP_XSD, identifier=_ID_PREFIX + "lms_export")
    metadata = _sub(root, "metadata")
    _sub(metadata, "schema", "IMS Content")
    _sub(metadata, "schemaversion", "1.1.3")
    _sub(root, "organizations")
    resources = _sub(root, "resources")
    for export in exports:
        ident = export.ident
        resource = _sub(resources, "resource", identifier=ident, type="imsqti_xmlv1p2")
        _sub(resource, "file", href=f"{ident}/{ident}.xml")
        _sub(resource, "dependency", identifierref=f"{ident}_meta")
        meta = _sub(
            resources,
            "resource",
            identifier=f"{ident}_meta",
            type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
            href=f"{ident}/assessment_meta.xml",
        )
        _sub(meta, "file", href=f"{ident}/assessment_meta.xml")
    return _xml_bytes(root)


def qti_package(plan: ExportPlan) -> dict[str, bytes]:
    """The files of the QTI 1.2 content package: path inside the zip -> content (manifest first)."""
    text = lms_text()
    files = {"imsmanifest.xml": _manifest(plan.banks)}
    for export in plan.banks:
        files[f"{export.ident}/{export.ident}.xml"] = _qti_assessment(export)
        files[f"{export.ident}/assessment_meta.xml"] = _canvas_meta(export, text)
    return files


def _zip(files: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


# --- Moodle XML -------------------------------------------------------------------------------------------
def _moodle_text(parent: ET.Element, tag: str, value: str, fmt: str | None = "html") -> ET.Element:
    element = _sub(parent, tag, **({"format": fmt} if fmt else {}))
    _sub(element, "text", value)
    return element


def _moodle_question(question: Question) -> ET.Element:
    moodle_type = "matching" if question.kind == "matching" else "multichoice"
    element = ET.Element("question", type=moodle_type)
    _moodle_text(element, "name", question.title, fmt=None)
    _moodle_text(element, "questiontext", _html(question.stem, question.prompt))
    _moodle_text(element, "generalfeedback", _html(question.feedback))
    _sub(element, "defaultgrade", str(question.points))
    _sub(element, "penalty", "0")
    _sub(element, "hidden", "0")
    _sub(element, "idnumber", question.ident)
    _sub(element, "shuffleanswers", "true" if question.shuffle else "false")
    if question.kind == "matching":
        used: set[str] = set()
        for row in question.rows:
            sub = _moodle_text(element, "subquestion", _inline(row.text))
            _moodle_text(sub, "answer", _column_text(question, row.right), fmt=None)
            used.add(row.right)
        for column in question.choices:  # a column no row needs: an extra answer (empty subquestion)
            if column.id not in used:
                sub = _moodle_text(element, "subquestion", "")
                _moodle_text(sub, "answer", column.text, fmt=None)
    else:
        _sub(element, "single", "true" if question.kind == "single" else "false")
        _sub(element, "answernumbering", "abc")
        right, _exact = moodle_fraction(len(question.correct))
        for choice in question.choices:
            if question.kind == "single":
                fraction = "100" if choice.correct else "0"
            else:
                fraction = _points(right if choice.correct else -right)
            answer = _moodle_text(element, "answer", _inline(choice.text))
            answer.set("fraction", fraction)
            if choice.feedback:
                _moodle_text(answer, "feedback", _html(choice.feedback))
    if question.metadata:
        tags = _sub(element, "tags")
        for label, value in question.metadata:
            _moodle_text(tags, "tag", f"{label}:{value}", fmt=None)
    return element


def _column_text(question: Question, column_id: str) -> str:
    return next(c.text for c in question.choices if c.id == column_id)


def moodle_xml(plan: ExportPlan) -> bytes:
    """One Moodle XML file: per bank, a category question and then the bank's questions."""
    text = lms_text()
    root = ET.Element("quiz")
    for export in plan.banks:
        category = _sub(root, "question", type="category")
        path = "/".join(
            part.replace("/", "//") for part in ("$course$", "top", text["category_root"], export.bank.title)
        )
        _moodle_text(category, "category", path, fmt=None)
        _moodle_text(
            category, "info", _html(text.format("quiz_description", items=len(export.bank.items), bank=export.bank.id))
        )
        _sub(category, "idnumber", export.ident)
        for question in export.questions:
            root.append(_moodle_question(question))
    return _xml_bytes(root)


# --- the report -------------------------------------------------------------------------------------------
def report_markdown(plan: ExportPlan, formats: Sequence[Format] = FORMATS) -> str:
    """The Markdown report: files, choice order, what was exported, type mapping, notes, skipped items."""
    text = lms_text()
    questions = plan.questions
    lines = [
        f"# {text['report_title']}",
        "",
        text.format(
            "report_intro",
            banks=len(plan.banks),
            items=plan.items,
            questions=len(questions),
            points=sum(q.points for q in questions),
        ),
        "",
        f"## {text['report_files_heading']}",
        "",
    ]
    if "qti" in formats:
        lines.append("- " + text.format("report_file_qti", name=QTI_FILE))
    if "moodle" in formats:
        lines.append("- " + text.format("report_file_moodle", name=MOODLE_FILE))
    lines += ["", f"## {text['report_order_heading']}", "", text["report_order"], ""]
    lines += [f"## {text['report_banks_heading']}", "", text["report_banks_header"], "| --- | ---: | ---: | ---: |"]
    for export in plan.banks:
        lines.append(f"| `{export.bank.id}` | {len(export.bank.items)} | {len(export.questions)} | {export.points} |")
    lines += ["", f"## {text['report_types_heading']}", "", text["report_types_header"], "| --- | --- | --- | --- |"]
    lines += [text[f"type_row_{kind}"] for kind in _MAPPERS]
    for kind, heading, none in (
        ("approximated", "report_notes_heading", "report_notes_none"),
        ("not_exported", "report_skipped_heading", "report_skipped_none"),
    ):
        notes = [n for n in plan.notes if n.kind == kind]
        lines += ["", f"## {text[heading]}", ""]
        lines += [text.format("note_line", item=n.item, type=n.item_type, bank=n.bank, text=n.text) for n in notes]
        if not notes:
            lines.append(text[none])
    return "\n".join(lines) + "\n"


# --- writing ----------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ExportResult:
    """What :func:`export_lms` wrote."""

    out: Path
    files: tuple[Path, ...]
    plan: ExportPlan

    def describe(self) -> str:
        text = lms_text()
        line = text.format(
            "done",
            questions=len(self.plan.questions),
            items=self.plan.items,
            banks=len(self.plan.banks),
            out=self.out,
            files=", ".join(p.name for p in self.files),
        )
        if self.plan.skipped:
            line += " " + text.format("done_skipped", count=len(self.plan.skipped), report=REPORT_FILE)
        return line


def _write(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def export_lms(
    out: Path | str = DEFAULT_OUT,
    formats: Sequence[Format] = FORMATS,
    *,
    banks: Iterable[Bank] | None = None,
    catalog: Catalog | None = None,
) -> ExportResult:
    """Write the chosen formats and the report into ``out`` (made if missing); returns what was written.

    Raises :class:`LmsExportError` when ``out`` is not a folder or cannot be written, and
    :class:`~osteo_lib.errors.DataError` when a bank is invalid; in both cases no file is changed.
    """
    folder = Path(out)
    text = lms_text()
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"formats must be some of {FORMATS}, not {tuple(formats)!r}")
    plan = plan_export(banks, catalog)  # a data error stops here, before anything is written
    contents: dict[str, bytes] = {}
    if "qti" in formats:
        contents[QTI_FILE] = _zip(qti_package(plan))
    if "moodle" in formats:
        contents[MOODLE_FILE] = moodle_xml(plan)
    contents[REPORT_FILE] = report_markdown(plan, formats).encode("utf-8")
    if folder.exists() and not folder.is_dir():
        raise LmsExportError(folder, text["out_not_folder"])
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in contents.items():
            _write(folder / name, data)
    except OSError as exc:
        raise LmsExportError(folder, text.format("out_not_writable", problem=exc.strerror or exc)) from exc
    return ExportResult(folder, tuple(folder / name for name in contents), plan)
