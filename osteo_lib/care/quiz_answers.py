"""A student's saved quiz answers as a file (pure logic: no widgets, no files read here).

In the student version the question banks hold no answer key (``keys: false``), so the knowledge
check cannot score: it records each answer, and the student downloads them as one small JSON file per
knowledge check, which the instructor scores with the keys (``osteo-workbook grade``,
:mod:`osteo_lib.apps.instructor.grade`). The file::

    {"format": "osteo-workbook-answers", "version": 1, "student": "anna", "bank": "case_study",
     "notebook": "07_case_study", "answers": {"case_01": "b", "case_02": ["x", "y"],
     "case_03": {"row_a": "col_1"}, "case_04": {"condition": "c", "actions": ["a1"], "parameters": []}}}

Each answer is the response :func:`osteo_lib.care.quiz.score` takes, written as JSON
(:func:`response_to_json`: sets become sorted lists) and read back by :func:`response_from_json`.

Example::

    from osteo_lib.care.quiz_answers import answers_json
    answers_json("anna", bank, {"demo_healing_time": "three_months"})
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Final

from osteo_lib.care.quiz import Response
from osteo_lib.content.quiz import Bank, Item

__all__ = [
    "FORMAT",
    "MIME",
    "VERSION",
    "answers_json",
    "file_name",
    "response_from_json",
    "response_to_json",
]

FORMAT: Final = "osteo-workbook-answers"
VERSION: Final = 1
MIME: Final = "application/json"
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def response_to_json(response: Response, in_order: bool = False) -> Any:
    """The response as JSON data: a choice id or None, a sorted list of ids, or an object of those.
    ``in_order`` (an ordering item's answer): the list keeps its order, which is the answer."""
    if response is None or isinstance(response, str):
        return response
    if in_order and not isinstance(response, Mapping):
        return [str(i) for i in response]
    if isinstance(response, Mapping):
        return {str(k): response_to_json(v) for k, v in response.items()}
    return sorted(str(i) for i in response)


def response_from_json(item: Item, value: Any) -> Response:
    """The JSON data of an answer back as the response :func:`~osteo_lib.care.quiz.score` takes for
    ``item`` (lists become sets where the order means nothing). Shapes are checked by ``score``."""
    if item.type in ("multiple", "select_n", "highlight") and isinstance(value, list):
        return set(value)
    if item.type in ("bowtie", "matrix_multiple") and isinstance(value, Mapping):
        return {k: set(v) if isinstance(v, list) else v for k, v in value.items()}
    return value  # type: ignore[no-any-return]


def _stage(bank: Bank) -> str | None:
    stages = {i.case_stage for i in bank.items}
    return stages.pop() if len(stages) == 1 else None


def file_name(student: str, bank: Bank) -> str:
    """``answers-<notebook or bank>[-<case stage>]-<student>.json``, with only safe characters."""
    parts = [bank.notebook or bank.id, _stage(bank) or "", student]
    return "answers-" + "-".join(_UNSAFE.sub("_", p).strip("_") for p in parts if p.strip()) + ".json"


def answers_json(student: str, bank: Bank, answers: Mapping[str, Response]) -> bytes:
    """The answer file (UTF-8 JSON) of ``student`` for ``bank``: item id -> response, in bank order."""
    ids = [i.id for i in bank.items if i.id in answers]
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "student": student,
        "bank": bank.id,
        "notebook": bank.notebook,
        "answers": {i: response_to_json(answers[i], bank.item(i).type == "ordering") for i in ids},
    }
    return (json.dumps(doc, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
