"""LMS export (osteo_lib/apps/lms_export.py): the QTI 1.2 package and the Moodle XML read back item by item.

No QTI 1.2 XSD can be had offline (the IMS schemas are not on PyPI), so the QTI files are checked against
the content models of the QTI 1.2 ASI DTD for every element the export writes (allowed children and their
order, required children and attributes, enumerated attribute values) and against their own references
(every ``varequal`` names a response and one of its labels, every ``displayfeedback`` an ``itemfeedback``).
Then a reader written here (not the exporter's code) parses every item of both formats back and compares
it with the banks: stems, choices in data order, which are right, points, general feedback. Moodle's
scoring of what was written is worked out from the fractions and compared with the workbook's own NGN
scoring (:func:`osteo_lib.care.quiz.score`).
"""

from __future__ import annotations

import dataclasses
import html
import io
import itertools
import re
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast
from xml.etree import ElementTree as ET

import pytest

from osteo_lib.apps.cli import main
from osteo_lib.apps.lms_export import (
    CANVAS_NS,
    CP_NS,
    DEFAULT_OUT,
    MOODLE_FILE,
    QTI_FILE,
    QTI_NS,
    REPORT_FILE,
    ExportResult,
    LmsExportError,
    export_lms,
    lms_text,
    moodle_fraction,
)
from osteo_lib.care.quiz import score
from osteo_lib.content.quiz import BOWTIE_PARTS, ITEM_TYPES, Bank, Choice, Item, load_banks

ROOT = Path(__file__).resolve().parent.parent
Q = {"q": QTI_NS}
M = {"m": CP_NS}


# --- the QTI 1.2 ASI content models (from the DTD) of the elements the export writes ----------------------
@dataclass(frozen=True)
class Model:
    """Children in DTD order (names in one set may interleave and repeat), required children and attributes."""

    order: tuple[frozenset[str], ...] = ()
    required: frozenset[str] = frozenset()
    attributes: frozenset[str] = frozenset()
    text: bool = False
    enums: dict[str, frozenset[str]] = field(default_factory=dict)


def _m(*order: str, required: str = "", attributes: str = "", text: bool = False, **enums: str) -> Model:
    return Model(
        tuple(frozenset(group.split("|")) for group in order),
        frozenset(required.split()),
        frozenset(attributes.split()),
        text,
        {k: frozenset(v.split("|")) for k, v in enums.items()},
    )


_CONDITIONS = "not|and|or|unanswered|other|varequal|varlt|varlte|vargt|vargte|varsubset|varinside"
QTI_MODEL: dict[str, Model] = {
    "questestinterop": _m("qticomment", "objectbank|assessment|section|item"),
    "assessment": _m(
        "qticomment",
        "duration",
        "qtimetadata",
        "objectives",
        "assessmentcontrol",
        "rubric",
        "presentation_material",
        "outcomes_processing",
        "assessproc_extension",
        "assessfeedback",
        "selection_ordering",
        "reference",
        "sectionref|section",
        attributes="ident",
        required="section",
    ),
    "section": _m(
        "qticomment",
        "duration",
        "qtimetadata",
        "objectives",
        "sectioncontrol",
        "sectionprecondition",
        "sectionpostcondition",
        "rubric",
        "presentation_material",
        "outcomes_processing",
        "sectionproc_extension",
        "sectionfeedback",
        "selection_ordering",
        "reference",
        "itemref|item|sectionref|section",
        attributes="ident",
    ),
    "item": _m(
        "qticomment",
        "duration",
        "itemmetadata",
        "objectives",
        "itemcontrol",
        "itemprecondition",
        "itempostcondition",
        "itemrubric|rubric",
        "presentation",
        "resprocessing",
        "itemproc_extension",
        "itemfeedback",
        "reference",
        attributes="ident",
    ),
    "itemmetadata": _m("qtimetadata"),
    "qtimetadata": _m("vocabulary", "qtimetadatafield", required="qtimetadatafield"),
    "qtimetadatafield": _m("fieldlabel", "fieldentry", required="fieldlabel fieldentry"),
    "fieldlabel": _m(text=True),
    "fieldentry": _m(text=True),
    "presentation": _m(
        "qticomment", "flow|material|response_lid|response_xy|response_str|response_num|response_grp|response_extension"
    ),
    "response_lid": _m(
        "material|material_ref",
        "render_choice|render_hotspot|render_slider|render_fib|render_extension",
        required="render_choice",
        attributes="ident",
        rcardinality="Single|Multiple|Ordered",
    ),
    "render_choice": _m("material|material_ref|response_label|flow_label", "response_na", shuffle="Yes|No"),
    "response_label": _m("qticomment|material|material_ref|flow_mat", attributes="ident"),
    "material": _m("qticomment", "mattext|matemtext|matimage|mataudio|matvideo|matbreak|matref", "altmaterial"),
    "mattext": _m(text=True, texttype="text/plain|text/html|text/rtf"),
    "resprocessing": _m(
        "qticomment", "outcomes", "respcondition|itemproc_extension", required="outcomes respcondition"
    ),
    "outcomes": _m("qticomment", "decvar|interpretvar", required="decvar"),
    "decvar": _m(text=True, vartype="Integer|String|Decimal|Scientific|Boolean|Enumerated|Set"),
    "respcondition": _m(
        "qticomment",
        "conditionvar",
        "setvar",
        "displayfeedback",
        "respcond_extension",
        required="conditionvar",
        **{"continue": "Yes|No"},
    ),
    "conditionvar": _m(_CONDITIONS),
    "and": _m(_CONDITIONS),
    "or": _m(_CONDITIONS),
    "not": _m(_CONDITIONS),
    "other": _m(),
    "varequal": _m(text=True, attributes="respident", case="Yes|No"),
    "setvar": _m(text=True, action="Set|Add|Subtract|Multiply|Divide"),
    "displayfeedback": _m(text=True, attributes="linkrefid", feedbacktype="Response|Solution|Hint"),
    "itemfeedback": _m("flow_mat|material|solution|hint", attributes="ident"),
    "flow_mat": _m("qticomment", "flow_mat|material|material_ref"),
}


def _local(tag: str, namespace: str = QTI_NS) -> str:
    assert tag.startswith(f"{{{namespace}}}"), f"{tag} is not in the namespace {namespace}"
    return tag.split("}", 1)[1]


def qti_structure_problems(root: ET.Element) -> list[str]:
    """Every place where the tree breaks the QTI 1.2 content models above."""
    problems: list[str] = []
    for element in root.iter():
        name = _local(element.tag)
        model = QTI_MODEL.get(name)
        if model is None:
            problems.append(f"<{name}> is not an element the checked QTI 1.2 models know")
            continue
        children = [_local(c.tag) for c in element]
        position = 0
        for child in children:
            spots = [i for i, group in enumerate(model.order) if child in group]
            if not spots:
                problems.append(f"<{child}> is not allowed in <{name}>")
            elif spots[0] < position:
                problems.append(f"<{child}> comes too late in <{name}> ({children})")
            else:
                position = spots[0]
        for needed in model.required - {""} - set(children):
            if not any(needed in group and set(children) & group for group in model.order):
                problems.append(f"<{name}> lacks <{needed}>")
        for attribute in model.attributes - {""}:
            if not element.get(attribute):
                problems.append(f"<{name}> lacks the attribute {attribute}")
        for attribute, allowed in model.enums.items():
            if element.get(attribute) is not None and element.get(attribute) not in allowed:
                problems.append(f"<{name} {attribute}={element.get(attribute)!r}> is not one of {sorted(allowed)}")
        if not model.text and (element.text or "").strip():
            problems.append(f"<{name}> holds text")
        if name == "not" and len(children) != 1:
            problems.append("<not> holds exactly one condition")
    return problems


# --- readers: the files back into plain records ---------------------------------------------------------
def paragraphs(fragment: str) -> list[str]:
    """The paragraphs of an HTML fragment made of <p> elements."""
    div = ET.fromstring(f"<div>{fragment}</div>")
    assert all(p.tag == "p" for p in div) and not (div.text or "").strip(), fragment
    return [p.text or "" for p in div]


@dataclass
class ReadQuestion:
    ident: str
    kind: str  # single, multiple or matching
    points: float
    stem: list[str]
    choices: list[tuple[str, str]]  # (id, text); matching: the columns
    right: set[str] = field(default_factory=set)
    rows: list[tuple[str, str]] = field(default_factory=list)  # (row text, right column id or text)
    feedback: list[str] = field(default_factory=list)
    metadata: list[tuple[str, str]] = field(default_factory=list)
    fractions: dict[str, float] = field(default_factory=dict)  # Moodle: choice text -> fraction (percent)
    shuffle: bool = True


def read_qti_item(item: ET.Element) -> ReadQuestion:
    fields = [
        (f.findtext("q:fieldlabel", namespaces=Q) or "", f.findtext("q:fieldentry", namespaces=Q) or "")
        for f in item.iterfind("q:itemmetadata/q:qtimetadata/q:qtimetadatafield", Q)
    ]
    meta = dict(fields)
    kind = {
        "multiple_choice_question": "single",
        "multiple_answers_question": "multiple",
        "matching_question": "matching",
    }[meta["question_type"]]
    presentation = item.find("q:presentation", Q)
    assert presentation is not None
    stem_text = presentation.find("q:material/q:mattext", Q)
    assert stem_text is not None and stem_text.get("texttype") == "text/html"
    lids = presentation.findall("q:response_lid", Q)
    by_lid = {
        lid.get("ident"): [
            (label.get("ident") or "", label.findtext("q:material/q:mattext", namespaces=Q) or "")
            for label in lid.iterfind("q:render_choice/q:response_label", Q)
        ]
        for lid in lids
    }
    feedbacks = {
        fb.get("ident"): [text for m in fb.iterfind(".//q:mattext", Q) for text in paragraphs(m.text or "")]
        for fb in item.iterfind("q:itemfeedback", Q)
    }
    read = ReadQuestion(
        ident=item.get("ident") or "",
        kind=kind,
        points=float(meta["points_possible"]),
        stem=paragraphs(stem_text.text or ""),
        choices=next(iter(by_lid.values())),
        metadata=[f for f in fields if f[0] not in {"question_type", "points_possible", "original_answer_ids"}],
        shuffle=all(rc.get("shuffle") == "Yes" for rc in item.iterfind(".//q:render_choice", Q)),
    )
    assert meta["original_answer_ids"] == ",".join(i for i, _ in read.choices)
    conditions = item.findall("q:resprocessing/q:respcondition", Q)
    if kind == "matching":
        added = 0.0
        for lid in lids:
            assert by_lid[lid.get("ident")] == read.choices, "every row offers every column, in data order"
            wins = [
                c for c in conditions if c.findtext("q:conditionvar/q:varequal", namespaces=Q) is not None
                and c.find("q:conditionvar/q:varequal", Q).get("respident") == lid.get("ident")  # type: ignore[union-attr]
            ]  # fmt: skip
            assert len(wins) == 1 and wins[0].find("q:setvar", Q).get("action") == "Add"  # type: ignore[union-attr]
            added += float(wins[0].findtext("q:setvar", namespaces=Q) or "nan")
            read.rows.append(
                (
                    lid.findtext("q:material/q:mattext", namespaces=Q) or "",
                    wins[0].findtext("q:conditionvar/q:varequal", namespaces=Q) or "",
                )
            )
        assert added == pytest.approx(100, abs=1e-3)
    else:
        assert len(lids) == 1 and lids[0].get("rcardinality") == ("Single" if kind == "single" else "Multiple")
        scoring = [c for c in conditions if c.find("q:setvar", Q) is not None]
        assert len(scoring) == 1, "one condition sets the score"
        setvar = scoring[0].find("q:setvar", Q)
        assert setvar is not None and (setvar.get("action"), setvar.text) == ("Set", "100")
        var = scoring[0].find("q:conditionvar", Q)
        assert var is not None
        group = var.find("q:and", Q) if kind == "multiple" else var
        assert group is not None
        read.right = {v.text or "" for v in group.findall("q:varequal", Q)}
        wrong = {v.text or "" for v in group.findall("q:not/q:varequal", Q)}
        if kind == "multiple":
            assert read.right | wrong == {i for i, _ in read.choices} and not read.right & wrong
    general = [c for c in conditions if c.find("q:conditionvar/q:other", Q) is not None]
    assert len(general) == 1
    link = general[0].find("q:displayfeedback", Q)
    assert link is not None
    read.feedback = feedbacks[link.get("linkrefid")]
    return read


def read_qti(path: Path) -> tuple[dict[str, bytes], dict[str, list[ReadQuestion]]]:
    """The zip's files, and per assessment ident its questions."""
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    assessments: dict[str, list[ReadQuestion]] = {}
    for data in files.values():
        root = ET.fromstring(data)
        if root.tag == f"{{{QTI_NS}}}questestinterop":
            assessment = root.find("q:assessment", Q)
            assert assessment is not None
            assessments[assessment.get("ident") or ""] = [
                read_qti_item(i) for i in assessment.iterfind("q:section/q:item", Q)
            ]
    return files, assessments


def read_moodle(path: Path) -> dict[str, list[ReadQuestion]]:
    """Per category path, its questions."""
    root = ET.parse(path).getroot()
    assert root.tag == "quiz"
    categories: dict[str, list[ReadQuestion]] = {}
    current: list[ReadQuestion] | None = None
    for question in root.iterfind("question"):
        kind = question.get("type")
        if kind == "category":
            current = categories.setdefault(question.findtext("category/text") or "", [])
            continue
        assert current is not None, "a question before the first category"
        single = question.findtext("single")
        read = ReadQuestion(
            ident=question.findtext("idnumber") or "",
            kind="matching" if kind == "matching" else ("single" if single == "true" else "multiple"),
            points=float(question.findtext("defaultgrade") or "nan"),
            stem=paragraphs(question.findtext("questiontext/text") or ""),
            choices=[],
            feedback=paragraphs(question.findtext("generalfeedback/text") or ""),
            metadata=[tuple(t.split(":", 1)) for t in (e.text or "" for e in question.iterfind("tags/tag/text"))],  # type: ignore[misc]
            shuffle=question.findtext("shuffleanswers") == "true",
        )
        assert question.find("questiontext").get("format") == "html"  # type: ignore[union-attr]
        if kind == "matching":
            for sub in question.iterfind("subquestion"):
                row, answer = html.unescape(sub.findtext("text") or ""), sub.findtext("answer/text") or ""
                if row:
                    read.rows.append((row, answer))
                read.choices.append(("", answer))
        else:
            assert kind == "multichoice", kind
            for answer in question.iterfind("answer"):
                text = html.unescape(answer.findtext("text") or "")
                read.choices.append(("", text))
                read.fractions[text] = float(answer.get("fraction") or "nan")
            read.right = {t for t, f in read.fractions.items() if f > 0}
        current.append(read)
    return categories


# --- what the banks say each LMS question must be -------------------------------------------------------
@dataclass
class Expected:
    ident: str
    kind: str
    points: int
    choices: list[tuple[str, str]]
    right: set[str]
    rows: list[tuple[str, str]]
    prompt: str | None
    item: Item


def expected(item: Item) -> list[Expected]:
    if item.type in ("single", "multiple", "select_n", "highlight"):
        choices = [(c.id, c.text) for c in item.choices]
        right = {c.id for c in item.correct_choices}
        kind = "single" if item.type == "single" else "multiple"  # select N is a multiple-answers question
        return [Expected(f"osteo_{item.id}", kind, item.max_points, choices, right, [], None, item)]
    if item.type == "matrix":
        columns = [(c.id, c.text) for c in item.columns]
        rows = [(r.text, r.answer) for r in item.rows]
        return [Expected(f"osteo_{item.id}", "matching", len(item.rows), columns, set(), rows, None, item)]
    if item.type == "matrix_multiple":  # one multiple-answers question per row
        columns = [(c.id, c.text) for c in item.columns]
        return [
            Expected(f"osteo_{item.id}__{r.id}", "multiple", len(r.answers), columns, set(r.answers), [], r.text, item)
            for r in item.rows
        ]
    if item.type == "cloze":  # one multiple-choice question per drop-down, 1 point each
        return [
            Expected(
                f"osteo_{item.id}__{b.id}",
                "single",
                1,
                [(c.id, c.text) for c in b.choices],
                {b.right},
                [],
                b.label,
                item,
            )
            for b in item.blanks
        ]
    if item.type == "drag_drop":  # one matching question: a row per gap, every token an answer, 1 point per gap
        rows = [(f"Gap {n}: {b.label}", b.right) for n, b in enumerate(item.blanks, start=1)]
        tokens = [(c.id, c.text) for c in item.tokens]
        gapped = item.gapped_sentence(lms_text()["cloze_gap"])
        return [Expected(f"osteo_{item.id}", "matching", len(rows), tokens, set(), rows, gapped, item)]
    if item.type == "ordering":  # one matching question: a row per place, the step that belongs there
        rows = [(f"Step {n}", cid) for n, cid in enumerate(item.order, start=1)]
        steps = [(c.id, c.text) for c in item.choices]
        return [Expected(f"osteo_{item.id}", "matching", len(rows), steps, set(), rows, "", item)]
    assert item.bowtie is not None
    out = []
    for name in BOWTIE_PARTS:
        part = item.bowtie.part(name)
        kind = "single" if part.expected == 1 else "multiple"
        choices = [(c.id, c.text) for c in part.choices]
        out.append(
            Expected(f"osteo_{item.id}__{name}", kind, part.expected, choices, set(part.answers), [], part.prompt, item)
        )
    return out


def check_stem_and_feedback(read: ReadQuestion, want: Expected, labels: dict[str, str]) -> None:
    assert read.stem[0] == want.item.stem.strip()
    if want.prompt is None:
        assert len(read.stem) == 1
    elif want.item.type == "matrix_multiple":  # one row: its statement under the stem, no count given away
        assert len(read.stem) == 2 and want.prompt in read.stem[1]
    elif want.item.type == "cloze":  # one drop-down: the sentence with numbered gaps and the drop-down's label
        gapped = want.item.gapped_sentence(lms_text()["cloze_gap"])
        assert len(read.stem) == 2 and want.prompt in read.stem[1] and gapped in read.stem[1], read.stem
    elif want.item.type in ("drag_drop", "ordering"):  # the sentence with numbered gaps / how to order, under the stem
        assert len(read.stem) == 2 and want.prompt in read.stem[1], read.stem
    else:  # a bowtie part: the part's prompt and how many to choose, under the stem
        assert len(read.stem) == 2 and want.prompt in read.stem[1] and str(want.points) in read.stem[1]
    assert len(read.feedback) == 1 and read.feedback[0].startswith(want.item.explanation.strip())
    for ref in want.item.references:
        assert labels[ref] in read.feedback[0], f"{want.ident}: source {ref} missing from the general feedback"


@pytest.fixture(scope="module")
def banks() -> dict[str, Bank]:
    return load_banks()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> ExportResult:
    return export_lms(tmp_path_factory.mktemp("lms"))


@pytest.fixture(scope="module")
def labels(catalog: Any) -> dict[str, str]:
    return {rid: ref.label for rid, ref in catalog.references.items()}


# --- QTI ---------------------------------------------------------------------------------------------------
def test_the_export_writes_the_three_files(exported: ExportResult) -> None:
    assert [p.name for p in exported.files] == [QTI_FILE, MOODLE_FILE, REPORT_FILE]
    assert all(p.is_file() and p.stat().st_size > 0 for p in exported.files)
    assert zipfile.is_zipfile(exported.out / QTI_FILE)


def test_every_qti_assessment_follows_the_qti_1_2_content_models(exported: ExportResult) -> None:
    files, _ = read_qti(exported.out / QTI_FILE)
    checked = 0
    for name, data in files.items():
        root = ET.fromstring(data)
        if root.tag == f"{{{QTI_NS}}}questestinterop":
            assert qti_structure_problems(root) == [], name
            checked += 1
    assert checked == len(exported.plan.banks)


def test_the_structure_check_sees_broken_qti() -> None:
    # (what the test above relies on: the models find a missing ident, a misplaced child, a bad value)
    broken = ET.fromstring(
        f'<questestinterop xmlns="{QTI_NS}"><item><resprocessing><respcondition continue="Maybe">'
        "<setvar>1</setvar><conditionvar><other/></conditionvar></respcondition></resprocessing>"
        "<presentation/></item></questestinterop>"
    )
    problems = "\n".join(qti_structure_problems(broken))
    assert "<item> lacks the attribute ident" in problems
    assert "<presentation> comes too late in <item>" in problems
    assert "<conditionvar> comes too late in <respcondition>" in problems
    assert "continue='Maybe'" in problems
    assert "<resprocessing> lacks <outcomes>" in problems


def test_every_qti_reference_resolves(exported: ExportResult) -> None:
    files, _ = read_qti(exported.out / QTI_FILE)
    idents: list[str] = []
    for data in files.values():
        root = ET.fromstring(data)
        for item in root.iter(f"{{{QTI_NS}}}item"):
            idents.append(item.get("ident") or "")
            lids = {
                lid.get("ident"): {label.get("ident") for label in lid.iter(f"{{{QTI_NS}}}response_label")}
                for lid in item.iter(f"{{{QTI_NS}}}response_lid")
            }
            feedback = {fb.get("ident") for fb in item.iterfind("q:itemfeedback", Q)}
            for var in item.iter(f"{{{QTI_NS}}}varequal"):
                assert var.get("respident") in lids and var.text in lids[var.get("respident")], item.get("ident")
            for link in item.iter(f"{{{QTI_NS}}}displayfeedback"):
                assert link.get("linkrefid") in feedback, item.get("ident")
    assert len(idents) == len(set(idents)) == len(exported.plan.questions)


def test_every_item_reads_back_from_qti_as_in_the_bank(
    exported: ExportResult, banks: dict[str, Bank], labels: dict[str, str]
) -> None:
    _, assessments = read_qti(exported.out / QTI_FILE)
    assert sorted(assessments) == sorted(f"osteo_{b}" for b in banks)
    for bank in banks.values():
        read = assessments[f"osteo_{bank.id}"]
        want = [e for item in bank.items for e in expected(item)]
        assert [r.ident for r in read] == [w.ident for w in want], bank.id
        for r, w in zip(read, want, strict=True):
            assert (r.kind, r.points, r.choices) == (w.kind, w.points, w.choices), w.ident
            if w.kind == "matching":
                assert r.rows == w.rows, w.ident
            else:
                assert r.right == w.right, w.ident
            check_stem_and_feedback(r, w, labels)
            assert ("bank", bank.id) in r.metadata and ("item", w.item.id) in r.metadata
            if w.item.clinical_judgment_step:
                assert ("clinical_judgment_step", w.item.clinical_judgment_step) in r.metadata
            assert r.shuffle is not (w.item.keep_order or w.item.type == "highlight")  # a text keeps its order
        # Every point of the bank, except that a rationale item (drop-down or drag-and-drop) scores 1 per gap there.
        per_dropdown = sum(len(i.blanks) - i.max_points for i in bank.items if i.type in ("cloze", "drag_drop"))
        assert sum(r.points for r in read) == bank.max_points + per_dropdown


def test_the_manifest_lists_every_file_and_every_file_exists(exported: ExportResult) -> None:
    files, assessments = read_qti(exported.out / QTI_FILE)
    manifest = ET.fromstring(files["imsmanifest.xml"])
    assert manifest.tag == f"{{{CP_NS}}}manifest"
    resources = manifest.findall("m:resources/m:resource", M)
    identifiers = [r.get("identifier") for r in resources]
    assert len(identifiers) == len(set(identifiers))
    listed = {f.get("href") for r in resources for f in r.iterfind("m:file", M)}
    assert listed == set(files) - {"imsmanifest.xml"}, "every file of the zip is in the manifest and no other"
    for resource in resources:
        if resource.get("href"):
            assert resource.get("href") in files
        for dependency in resource.iterfind("m:dependency", M):
            assert dependency.get("identifierref") in identifiers
        if resource.get("type") == "imsqti_xmlv1p2":
            (href,) = [f.get("href") for f in resource.iterfind("m:file", M)]
            root = ET.fromstring(files[href or ""])
            assert root.find("q:assessment", Q).get("ident") == resource.get("identifier")  # type: ignore[union-attr]
    assert sorted(r.get("identifier") for r in resources if r.get("type") == "imsqti_xmlv1p2") == sorted(assessments)
    meta = ET.fromstring(files["osteo_case_study/assessment_meta.xml"])
    assert meta.tag == f"{{{CANVAS_NS}}}quiz" and meta.get("identifier") == "osteo_case_study"
    assert meta.findtext(f"{{{CANVAS_NS}}}shuffle_answers") == "true"


# --- Moodle ------------------------------------------------------------------------------------------------
def test_every_item_reads_back_from_moodle_as_in_the_bank(
    exported: ExportResult, banks: dict[str, Bank], labels: dict[str, str]
) -> None:
    categories = read_moodle(exported.out / MOODLE_FILE)
    root_name = lms_text()["category_root"]
    assert sorted(categories) == sorted(f"$course$/top/{root_name}/{b.title}" for b in banks.values())
    for bank in banks.values():
        read = categories[f"$course$/top/{root_name}/{bank.title}"]
        want = [e for item in bank.items for e in expected(item)]
        assert [r.ident for r in read] == [w.ident for w in want], bank.id
        for r, w in zip(read, want, strict=True):
            assert (r.kind, r.points) == (w.kind, w.points), w.ident
            if w.kind == "matching":
                columns = dict(w.choices)
                assert r.rows == [(text, columns[answer]) for text, answer in w.rows], w.ident
                offered = {text for _, text in r.choices}
                assert offered == set(columns.values()), f"{w.ident}: every column is an answer"
            else:
                assert [t for _, t in r.choices] == [t for _, t in w.choices], w.ident
                assert r.right == {t for i, t in w.choices if i in w.right}, w.ident
            check_stem_and_feedback(r, w, labels)
            assert ("bank", bank.id) in r.metadata and ("item", w.item.id) in r.metadata
            assert r.shuffle is not (w.item.keep_order or w.item.type == "highlight")  # a text keeps its order


def moodle_points(read: ReadQuestion, chosen: set[str]) -> float:
    """What Moodle gives for a multichoice response: the fractions added up, kept within 0..100 %."""
    total = sum(read.fractions[t] for t in chosen)
    return min(max(total, 0.0), 100.0) / 100 * read.points


def subsets(values: list[str]) -> Iterator[set[str]]:
    for size in range(len(values) + 1):
        yield from (set(c) for c in itertools.combinations(values, size))


def test_moodle_scores_select_all_and_matrix_items_as_the_workbook_does(
    exported: ExportResult, banks: dict[str, Bank]
) -> None:
    read = {r.ident: r for rs in read_moodle(exported.out / MOODLE_FILE).values() for r in rs}
    checked = 0
    for item in (i for b in banks.values() for i in b.items):
        question = read.get(f"osteo_{item.id}")
        if item.type == "multiple":
            assert question is not None
            text_of = {c.id: c.text for c in item.choices}
            assert sum(f for f in question.fractions.values() if f > 0) == pytest.approx(100, abs=1e-3)
            for chosen in subsets([c.id for c in item.choices]):
                want = score(item, chosen).points
                assert moodle_points(question, {text_of[c] for c in chosen}) == pytest.approx(want, abs=1e-3)
            checked += 1
        elif item.type == "single":
            assert question is not None
            for choice in item.choices:
                assert moodle_points(question, {choice.text}) == pytest.approx(score(item, choice.id).points)
        elif item.type == "matrix":
            # Moodle's matching: 1/rows of the grade per right row, as the NGN matrix's 0/1 per row.
            assert question is not None
            all_right = {r.id: r.answer for r in item.rows}
            half = {
                r.id: (r.answer if n % 2 else next(c.id for c in item.columns if c.id != r.answer))
                for n, r in enumerate(item.rows)
            }
            for response in (all_right, half, {}):
                rows = dict(question.rows)
                answered = {r.text: item.column(response[r.id]).text for r in item.rows if r.id in response}
                right = sum(answered.get(text) == column for text, column in rows.items())
                assert right / len(rows) * question.points == score(item, response).points
    assert checked == sum(1 for b in banks.values() for i in b.items if i.type == "multiple")


#: Moodle's answer grades (question_bank::fraction_options_full, as fractions); its XML import with the
#: default "matchgrades = error" refuses an answer whose fraction is not within 0.00001 of one of these.
MOODLE_GRADES = (1, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2, 0.1666667,
                 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0)  # fmt: skip


def test_every_moodle_fraction_is_a_grade_moodle_accepts(exported: ExportResult) -> None:
    root = ET.parse(exported.out / MOODLE_FILE).getroot()
    fractions = [float(a.get("fraction") or "nan") / 100 for a in root.iter("answer") if a.get("fraction")]
    assert len(fractions) == sum(len(q.choices) for q in exported.plan.questions if q.kind != "matching")
    for fraction in fractions:
        assert any(abs(abs(fraction) - grade) < 0.00001 for grade in MOODLE_GRADES), fraction


def test_a_select_all_item_whose_share_moodle_lacks_is_approximated_and_reported(
    tmp_path: Path, banks: dict[str, Bank]
) -> None:
    assert [moodle_fraction(n)[1] for n in range(1, 11)] == [True] * 10
    assert moodle_fraction(3) == (33.33333, True)
    assert moodle_fraction(11) == (10.0, False)  # 100/11 % is no Moodle grade: the nearest one, reported
    bank = banks["causes"]
    item = next(i for i in bank.items if i.type == "multiple")
    many = tuple(Choice(id=f"c{n}", text=f"Choice {n}", correct=n < 11) for n in range(12))
    odd = dataclasses.replace(item, choices=many)
    result = export_lms(tmp_path, banks=[dataclasses.replace(bank, items=(odd,))], formats=("moodle",))
    (note,) = result.plan.notes
    assert (note.item, note.kind) == (odd.id, "approximated") and "10.0 %" in note.text
    assert f"`{odd.id}` (multiple, bank causes): {note.text}" in (tmp_path / REPORT_FILE).read_text(encoding="utf-8")
    (question,) = next(iter(read_moodle(tmp_path / MOODLE_FILE).values()))
    assert sorted(set(question.fractions.values())) == [-10.0, 10.0]


def test_a_bowtie_part_in_moodle_costs_a_point_per_wrong_choice_as_the_report_says(
    exported: ExportResult, banks: dict[str, Bank]
) -> None:
    read = {r.ident: r for rs in read_moodle(exported.out / MOODLE_FILE).values() for r in rs}
    item = banks["case_study"].item("case_03")
    assert item.bowtie is not None
    for name in ("actions", "parameters"):
        part = item.bowtie.part(name)
        question = read[f"osteo_case_03__{name}"]
        right = [c.text for c in part.choices if c.id in part.answers]
        wrong = [c.text for c in part.choices if c.id not in part.answers]
        assert moodle_points(question, set(right)) == pytest.approx(part.expected)
        # the NGN bowtie would give expected - 1 for one wrong choice in a drop zone; Moodle gives expected - 2
        assert moodle_points(question, set(right[1:]) | {wrong[0]}) == pytest.approx(max(0, part.expected - 2))
        assert moodle_points(question, set(right) | set(wrong)) == pytest.approx(0)
    assert "wrong choices cost points" in lms_text()["type_row_bowtie"]


# --- the report, bad input, unknown types -----------------------------------------------------------------
def test_the_report_lists_every_approximation(exported: ExportResult, banks: dict[str, Bank]) -> None:
    report = (exported.out / REPORT_FILE).read_text(encoding="utf-8")
    items = [i for b in banks.values() for i in b.items]
    notes = report.split(f"## {lms_text()['report_notes_heading']}", 1)[1]
    for bank in banks.values():
        for item in bank.items:
            listed = f"- `{item.id}` ({item.type}, bank {bank.id}): " in notes
            assert listed is (
                item.type in ("bowtie", "select_n", "matrix_multiple", "cloze", "highlight", "drag_drop", "ordering")
                or item.keep_order
            ), item.id
    assert lms_text()["report_order"] in report  # choice order: data order, the LMS shuffles
    assert lms_text()["report_skipped_none"] in report
    for kind in ITEM_TYPES:  # every type has its row in the table
        assert lms_text()[f"type_row_{kind}"] in report
    # Rationale scoring (dyad, triad) is per link in the workbook, per drop-down in the LMS.
    rationale = [i for i in items if i.type == "cloze" and i.scoring != "per_blank"]
    assert rationale, "the banks hold drop-down rationale items"
    for item in rationale:
        note = lms_text().format(
            "note_cloze_rationale",
            gaps=len(item.blanks),
            scoring=item.scoring,
            points=len(item.blanks),
            workbook=item.max_points,
        )
        assert " ".join(note.split()) in " ".join(notes.split()), item.id
    for item in [i for i in items if i.type == "drag_drop" and i.scoring != "per_blank"]:
        note = lms_text().format(
            "note_drag_drop_rationale", gaps=len(item.blanks), scoring=item.scoring, workbook=item.max_points
        )
        assert " ".join(note.split()) in " ".join(notes.split()), item.id
    gaps = [i for i in items if i.type == "drag_drop"]
    total = sum(b.max_points for b in banks.values()) + sum(len(i.blanks) - i.max_points for i in rationale + gaps)
    assert f"{len(items)} items, {len(exported.plan.questions)} LMS questions, {total} points" in report


def test_an_item_of_an_unknown_type_is_reported_not_dropped_silently(tmp_path: Path, banks: dict[str, Bank]) -> None:
    bank = banks["causes"]
    odd = dataclasses.replace(bank.items[0], type=cast(Any, "hotspot"))
    test_bank = dataclasses.replace(bank, items=(odd, *bank.items[1:]))
    result = export_lms(tmp_path, banks=[test_bank])
    assert [(n.item, n.kind) for n in result.plan.skipped] == [(odd.id, "not_exported")]
    assert "hotspot" in result.plan.skipped[0].text
    assert len(result.plan.questions) == sum(len(expected(i)) for i in bank.items[1:])
    report = (tmp_path / REPORT_FILE).read_text(encoding="utf-8")
    skipped_section = report.split(f"## {lms_text()['report_skipped_heading']}", 1)[1]
    assert f"`{odd.id}` (hotspot, bank causes)" in skipped_section
    assert "1 items were NOT exported" in result.describe()
    assert f"osteo_{odd.id}" not in (tmp_path / MOODLE_FILE).read_text(encoding="utf-8")
    _, assessments = read_qti(tmp_path / QTI_FILE)
    assert f"osteo_{odd.id}" not in {q.ident for q in assessments["osteo_causes"]}


def test_text_with_markup_characters_comes_back_unchanged(tmp_path: Path, banks: dict[str, Bank]) -> None:
    bank = banks["causes"]
    item = next(i for i in bank.items if i.type == "multiple")
    tricky = 'Pain < 4 & "rising" > <b>not bold</b>'
    choices = (dataclasses.replace(item.choices[0], text=tricky), *item.choices[1:])
    odd = dataclasses.replace(item, stem=tricky, choices=choices)
    export_lms(tmp_path, banks=[dataclasses.replace(bank, items=(odd,))])
    _, assessments = read_qti(tmp_path / QTI_FILE)
    (qti,) = assessments["osteo_causes"]
    assert qti.stem == [tricky] and qti.choices[0][1] == tricky
    (moodle,) = next(iter(read_moodle(tmp_path / MOODLE_FILE).values()))
    assert moodle.stem == [tricky] and moodle.choices[0][1] == tricky


def test_optional_tags_become_qti_metadata_and_moodle_tags(tmp_path: Path, banks: dict[str, Bank]) -> None:
    bank = banks["causes"]
    item = bank.items[0]
    tagged = dataclasses.replace(item, objective="02.3", bloom="apply")
    export_lms(tmp_path, banks=[dataclasses.replace(bank, items=(tagged,))])
    _, assessments = read_qti(tmp_path / QTI_FILE)
    (qti,) = assessments["osteo_causes"]
    (moodle,) = next(iter(read_moodle(tmp_path / MOODLE_FILE).values()))
    for read in (qti, moodle):
        assert ("objective", "02.3") in read.metadata and ("bloom", "apply") in read.metadata
    # The banks' own tags (data/quizzes) are exported as they are.
    export_lms(tmp_path / "real", banks=[bank])
    _, assessments = read_qti(tmp_path / "real" / QTI_FILE)
    first = assessments["osteo_causes"][0]
    assert item.objective and ("objective", item.objective) in first.metadata
    assert item.bloom and ("bloom", item.bloom) in first.metadata


def test_the_files_are_the_same_from_one_run_to_the_next(tmp_path: Path, exported: ExportResult) -> None:
    again = export_lms(tmp_path)
    for first, second in zip(exported.files, again.files, strict=True):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_the_command_writes_only_the_chosen_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export-lms", "--format", "moodle", "--out", str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([MOODLE_FILE, REPORT_FILE])
    assert "osteo-workbook-moodle.xml" in capsys.readouterr().out
    assert main(["export-lms", "--format", "qti", "--out", str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([MOODLE_FILE, QTI_FILE, REPORT_FILE])


def test_an_output_path_that_is_a_file_is_refused_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("mine", encoding="utf-8")
    assert main(["export-lms", "--out", str(target)]) == 1
    error = capsys.readouterr().err
    assert str(target) in error and lms_text()["out_not_folder"] in error
    assert target.read_text(encoding="utf-8") == "mine"
    with pytest.raises(LmsExportError, match="is not a folder"):
        export_lms(target)


def test_make_lms_export_runs_the_command_with_the_same_default_folder(root: Path) -> None:
    makefile = (root / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^LMS_DIR \?= (.+)$", makefile, re.M).group(1) == DEFAULT_OUT.as_posix()  # type: ignore[union-attr]
    assert "\t$(BIN)/osteo-workbook export-lms --format $(LMS_FORMAT) --out $(LMS_DIR)\n" in makefile
    ignored = subprocess.run(["git", "check-ignore", "-q", (DEFAULT_OUT / QTI_FILE).as_posix()], cwd=root, check=False)
    assert ignored.returncode == 0, "the default output folder is not git-ignored"


def test_the_zip_entries_are_plain_relative_paths(exported: ExportResult) -> None:
    with zipfile.ZipFile(io.BytesIO((exported.out / QTI_FILE).read_bytes())) as archive:
        names = archive.namelist()
    assert names[0] == "imsmanifest.xml"
    assert all(not n.startswith("/") and ".." not in n.split("/") for n in names)
