"""The student version's data folder: a copy of ``data/`` with no answer key and no instructor material.

``make student-version`` (:mod:`osteo_lib.apps.student_version`) calls :func:`write_student_data`, which
copies the data folder and

* writes every question bank (``quizzes/*.yaml``) in its student form (:func:`student_form`): the bank
  says ``keys: false`` and keeps only what a student sees before answering. Fields are kept by name
  (:data:`BANK_FIELDS`, :data:`ITEM_FIELDS`, ...), so a field added to the banks later (a rationale, a
  model answer) stays out of the student version until it is named here. Gone: ``correct`` flags,
  choice ``feedback``, matrix row ``answer`` and matrix_multiple row ``answers``, cloze drop-down
  and drag_drop gap ``answer``, an ordering item's ``order``, bowtie ``answers``
  (each part keeps only how many answers it takes, ``expected``), ``explanation``, and the bank file's
  comments (a select_n item keeps ``select``, how many to choose, and a cloze item its ``sentence``,
  drop-down labels and ``scoring``: they are part of the question). The choices of single, multiple,
  select_n, ordering and bowtie items, of each cloze drop-down and a drag_drop item's tokens are written
  in a neutral order
  (:func:`neutral_order`: by a hash of the item and choice ids, as the widget orders them for an empty
  seed), so that where the right answers sat in the source file tells nothing; items marked
  ``keep_order`` and matrix columns keep the data
  order. Each bank is validated
  (the source with its keys, then the student form with ``keys: false``) by the quiz schema and the
  loader's own checks;
* leaves out the instructor kit's files (:data:`LEFT_OUT`: ``instructor.yaml``, ``ui/instructor.yaml``,
  ``ui/grader.yaml``, the assessment kit with the OSCE station's script and checklist, and the model
  answers to the notebooks' Try this questions);
* copies every other file byte for byte.

Example::

    from osteo_lib.content.student_data import write_student_data
    write_student_data(Path("student_version/data"))
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import yaml

from osteo_lib.content import registry
from osteo_lib.content import validate as v
from osteo_lib.content.catalog import load_catalog
from osteo_lib.content.paths import data_dir
from osteo_lib.content.quiz import _load_file, _objective_ids, _read_file, quizzes_dir
from osteo_lib.content.ui import ui_texts

__all__ = [
    "BANK_FIELDS",
    "BOWTIE_PART_FIELDS",
    "CHOICE_FIELDS",
    "ITEM_FIELDS",
    "LEFT_OUT",
    "ROW_FIELDS",
    "StudentData",
    "neutral_order",
    "student_form",
    "write_student_data",
]

#: Files of the data folder (relative paths) that the student version leaves out: the instructor kit.
LEFT_OUT: Final = frozenset(
    {
        "instructor.yaml",
        "ui/instructor.yaml",
        "ui/grader.yaml",
        "assessment_kit.yaml",
        "ui/handouts_instructor.yaml",
        "model_answers.yaml",
    }
)
#: The fields a student bank keeps, by record (everything else is left out).
BANK_FIELDS: Final = ("schema_version", "bank", "title", "notebook")
ITEM_FIELDS: Final = (
    "id",
    "type",
    "case_stage",
    "clinical_judgment_step",
    "keep_order",
    "select",
    "scoring",
    "stem",
    "sentence",
    "trend",
    "references",
)
CHOICE_FIELDS: Final = ("id", "text")
ROW_FIELDS: Final = ("id", "text")
BLANK_FIELDS: Final = ("id", "label")
BOWTIE_PART_FIELDS: Final = ("prompt",)
_BOWTIE_PARTS: Final = ("condition", "actions", "parameters")


@dataclass(frozen=True, slots=True)
class StudentData:
    """What :func:`write_student_data` wrote: the banks in student form, the files copied and left out."""

    banks: tuple[str, ...]
    copied: int
    left_out: tuple[str, ...]


def _keep(record: Mapping[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: record[f] for f in fields if f in record}


def neutral_order(choices: list[Mapping[str, Any]], item_id: str, part: str = "choices") -> list[Mapping[str, Any]]:
    """``choices`` (records with an ``id``) sorted by a hash of the item id, the part and the choice id:
    an order that does not depend on the data order (the order the widget shows for an empty seed)."""

    def rank(choice: Mapping[str, Any]) -> bytes:
        return hashlib.sha256("\x1f".join(("", item_id, part, choice["id"])).encode("utf-8")).digest()

    return sorted(choices, key=rank)


def _student_item(item: Mapping[str, Any]) -> dict[str, Any]:
    out = _keep(item, ITEM_FIELDS)
    if "choices" in item:
        in_order = item.get("keep_order") or item["type"] == "highlight"  # a highlight item's parts are a text
        choices = item["choices"] if in_order else neutral_order(item["choices"], item["id"])
        out["choices"] = [_keep(c, CHOICE_FIELDS) for c in choices]
    if "columns" in item:
        out["columns"] = [_keep(c, CHOICE_FIELDS) for c in item["columns"]]
    if "rows" in item:
        out["rows"] = [_keep(r, ROW_FIELDS) for r in item["rows"]]
    if "tokens" in item:
        out["tokens"] = [_keep(c, CHOICE_FIELDS) for c in neutral_order(item["tokens"], item["id"], "tokens")]
    if "blanks" in item and item["type"] == "drag_drop":  # a gap takes a token: no choices of its own
        out["blanks"] = [_keep(b, BLANK_FIELDS) for b in item["blanks"]]
    elif "blanks" in item:
        out["blanks"] = [
            {
                **_keep(b, BLANK_FIELDS),
                "choices": [
                    _keep(c, CHOICE_FIELDS)
                    for c in (
                        b["choices"] if item.get("keep_order") else neutral_order(b["choices"], item["id"], b["id"])
                    )
                ],
            }
            for b in item["blanks"]
        ]
    if "bowtie" in item:
        out["bowtie"] = {
            name: {
                **_keep(item["bowtie"][name], BOWTIE_PART_FIELDS),
                "choices": [
                    _keep(c, CHOICE_FIELDS) for c in neutral_order(item["bowtie"][name]["choices"], item["id"], name)
                ],
                "expected": len(item["bowtie"][name]["answers"]),
            }
            for name in _BOWTIE_PARTS
        }
    return out


def student_form(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The student form of a bank (the parsed YAML of ``data/quizzes/<bank>.yaml``, with keys): only the
    fields named in this module, ``keys: false``, each bowtie part's answers replaced by their number."""
    out = _keep(doc, BANK_FIELDS)
    out["keys"] = False
    out["items"] = [_student_item(i) for i in doc["items"]]
    return out


def _dump(doc: Mapping[str, Any], source: str) -> str:
    header = "".join(
        f"# {line}\n" for line in ui_texts("student_version").format("bank_header", source=source).split("\n")
    )
    return header + yaml.safe_dump(dict(doc), sort_keys=False, allow_unicode=True, width=100)


def _bank_document(path: Path, label: str) -> dict[str, Any]:
    """The parsed YAML of a bank file (through the one content cache)."""
    return registry.get("quiz_bank_document", (path, label), lambda: v.read_yaml(path, label))


def write_student_data(dest: Path, source: Path | None = None) -> StudentData:
    """Copy the data folder ``source`` (default: :func:`~osteo_lib.content.paths.data_dir`) to ``dest``
    (which must not exist yet) without answer keys and instructor files. Raises
    :class:`~osteo_lib.errors.DataError` naming the file when a bank is invalid (before or after)."""
    src = Path(source) if source is not None else data_dir()
    catalog = load_catalog(src)
    ref_ids = frozenset(catalog.references)
    objectives = _objective_ids(catalog)
    banks_dir = quizzes_dir(catalog)
    dest.mkdir(parents=True)
    banks: list[str] = []
    left_out: list[str] = []
    copied = 0
    for path in sorted(p for p in src.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        rel = path.relative_to(src).as_posix()
        target = dest / rel
        if rel in LEFT_OUT:
            left_out.append(rel)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.parent == banks_dir and path.suffix == ".yaml":
            label = f"{src.name}/{rel}"
            _load_file(path, label, ref_ids, objectives)  # the source bank is valid, with its keys (cached)
            doc = _bank_document(path, label)
            target.write_text(_dump(student_form(doc), label), encoding="utf-8")
            _read_file(target, f"{dest.name}/{rel}", ref_ids, objectives)  # and so is its student form
            banks.append(path.stem)
        else:
            shutil.copy2(path, target)
            copied += 1
    return StudentData(tuple(banks), copied, tuple(left_out))
