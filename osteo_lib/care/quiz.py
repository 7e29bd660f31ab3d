"""Question banks for the knowledge checks: loading, validating and scoring (no widgets here).

Banks live in ``data/quizzes/<bank>.yaml`` (schema ``quiz.schema.json``). Answers are data: a notebook
never holds them. Scoring follows the NCLEX Next Generation (NGN) rules:

=========  ==========================================================================  ================
type       points                                                                      max points
=========  ==========================================================================  ================
single     1 for the right choice, else 0                                              1
multiple   +/- scoring: +1 per right choice selected, -1 per wrong one, floor 0        number of right
matrix     0/1 per row                                                                 number of rows
bowtie     0/1 per placed answer (condition, actions, parameters)                      1 + actions + parameters
=========  ==========================================================================  ================

Response formats accepted by :func:`score` (anything else raises ``ValueError`` naming the problem):

* single: the chosen choice id (``str``), or ``None`` for no answer;
* multiple: a collection of choice ids (``set``, ``list`` or ``tuple``; repeats count once);
* matrix: a mapping ``row id -> column id``; rows left out are unanswered (0 points for that row);
* bowtie: a mapping with any of the keys ``"condition"`` (a choice id or ``None``), ``"actions"`` and
  ``"parameters"`` (collections of choice ids). A part may hold fewer answers than expected (the empty
  places score 0) but not more, just as the NGN bowtie has a fixed number of drop zones.

Example::

    from osteo_lib.care.quiz import load_bank, score
    bank = load_bank("widget_demo")
    item = bank.item("demo_healing_time")
    score(item, "three_months").points      # 1
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Union, cast

from osteo_lib.content import validate as v
from osteo_lib.content import registry
from osteo_lib.content.records import by_id
from osteo_lib.content.catalog import Catalog, load_catalog
from osteo_lib.errors import DataError, UnknownIdError

ItemType = Literal["single", "multiple", "matrix", "bowtie"]
JudgmentStep = Literal[
    "recognize_cues", "analyze_cues", "prioritize_hypotheses", "generate_solutions", "take_action", "evaluate_outcomes",
]
BowtiePartName = Literal["condition", "actions", "parameters"]
MarkStatus = Literal["right", "wrong", "missed"]
Status = Literal["right", "partial", "wrong"]

ITEM_TYPES: tuple[ItemType, ...] = ("single", "multiple", "matrix", "bowtie")
BOWTIE_PARTS: tuple[BowtiePartName, ...] = ("condition", "actions", "parameters")
# The item fields that only some types use.
_TYPE_FIELDS: dict[str, frozenset[str]] = {
    "single": frozenset({"choices"}),
    "multiple": frozenset({"choices"}),
    "matrix": frozenset({"columns", "rows"}),
    "bowtie": frozenset({"bowtie"}),
}
_ID = re.compile(r"^[a-z][a-z0-9_]*$")

#: What :func:`score` accepts (see the module docstring for each type).
Response = Union[str, None, Collection[str], Mapping[str, Any]]


# --- records ------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Choice:
    """One answer choice (also a matrix column). ``correct`` is used by single and multiple items."""

    id: str
    text: str
    correct: bool = False
    feedback: str | None = None


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """One matrix row and the id of its right column."""

    id: str
    text: str
    answer: str


@dataclass(frozen=True, slots=True)
class BowtiePart:
    """One part of a bowtie: the choices offered and the ids of the right ones."""

    prompt: str
    choices: tuple[Choice, ...]
    answers: tuple[str, ...]

    @property
    def expected(self) -> int:
        """How many answers belong in this part (the number of drop zones)."""
        return len(self.answers)

    def choice(self, choice_id: str) -> Choice:
        return by_id(self.choices, choice_id, "bowtie choice")


@dataclass(frozen=True, slots=True)
class Bowtie:
    """An NGN bowtie: the condition (middle), actions to take (left), parameters to monitor (right)."""

    condition: BowtiePart
    actions: BowtiePart
    parameters: BowtiePart

    def part(self, name: BowtiePartName) -> BowtiePart:
        return cast(BowtiePart, getattr(self, name))


@dataclass(frozen=True, slots=True)
class Item:
    """One question. Which of ``choices`` / ``columns`` + ``rows`` / ``bowtie`` is set depends on ``type``."""

    id: str
    type: ItemType
    stem: str
    explanation: str
    references: tuple[str, ...]
    choices: tuple[Choice, ...] = ()
    columns: tuple[Choice, ...] = ()
    rows: tuple[MatrixRow, ...] = ()
    bowtie: Bowtie | None = None
    case_stage: str | None = None
    clinical_judgment_step: JudgmentStep | None = None

    @property
    def max_points(self) -> int:
        """The most points the item can give (see the table in the module docstring)."""
        if self.type == "single":
            return 1
        if self.type == "multiple":
            return sum(c.correct for c in self.choices)
        if self.type == "matrix":
            return len(self.rows)
        bowtie = self._bowtie()
        return sum(bowtie.part(p).expected for p in BOWTIE_PARTS)

    @property
    def correct_choices(self) -> tuple[Choice, ...]:
        """single/multiple: the right choices, in data order."""
        return tuple(c for c in self.choices if c.correct)

    def choice(self, choice_id: str) -> Choice:
        return by_id(self.choices, choice_id, "choice")

    def column(self, column_id: str) -> Choice:
        return by_id(self.columns, column_id, "matrix column")

    def _bowtie(self) -> Bowtie:
        if self.bowtie is None:
            raise ValueError(f"item {self.id!r} is a {self.type} item, not a bowtie")
        return self.bowtie


@dataclass(frozen=True, slots=True)
class Bank:
    """A question bank: one ``data/quizzes/<id>.yaml`` file."""

    id: str
    title: str
    items: tuple[Item, ...]
    notebook: str | None = None
    source: Path | None = None

    @property
    def max_points(self) -> int:
        return sum(i.max_points for i in self.items)

    def item(self, item_id: str) -> Item:
        return by_id(self.items, item_id, f"item in bank {self.id!r}")


@dataclass(frozen=True, slots=True)
class Mark:
    """One line of a score's details.

    ``part`` is ``"answer"`` (single), ``"choices"`` (multiple), the row id (matrix) or the bowtie part
    name; ``choice`` is the choice or column id. ``status`` is ``right`` / ``wrong`` for what the learner
    chose and ``missed`` for a right answer they did not choose; ``points`` is what the mark adds
    (+1, 0 or, for a wrong multiple-response choice, -1).
    """

    part: str
    choice: str
    status: MarkStatus
    points: int


@dataclass(frozen=True, slots=True)
class Score:
    """The result of :func:`score`. ``points`` is never below 0; ``correct`` means full marks."""

    points: int
    max_points: int
    correct: bool
    details: tuple[Mark, ...]

    @property
    def status(self) -> Status:
        """``right`` (full marks), ``partial`` (some points) or ``wrong`` (no points)."""
        if self.correct:
            return "right"
        return "partial" if self.points > 0 else "wrong"


# --- scoring ------------------------------------------------------------------------------------------
def score(item: Item, response: Response) -> Score:
    """Score one response to ``item`` with the NGN rules (see the module docstring).

    Raises ``ValueError`` for a response of the wrong shape or one naming an unknown id.
    """
    if item.type == "single":
        marks = _score_single(item, response)
    elif item.type == "multiple":
        marks = _score_choices("choices", item.choices, {c.id for c in item.correct_choices},
                               _id_set(response, item.id, "choices"), penalty=1, limit=None)
    elif item.type == "matrix":
        marks = _score_matrix(item, response)
    else:
        marks = _score_bowtie(item, response)
    points = max(0, sum(m.points for m in marks))
    return Score(points, item.max_points, points == item.max_points, tuple(marks))


def _score_single(item: Item, response: Response) -> list[Mark]:
    if response is not None and not isinstance(response, str):
        raise ValueError(f"item {item.id!r}: a single-answer response is one choice id or None, not {response!r}")
    _known(response, item.choices, item.id, "choice")
    right = item.correct_choices[0].id
    marks = []
    if response is not None:
        marks.append(Mark("answer", response, "right" if response == right else "wrong", int(response == right)))
    if response != right:
        marks.append(Mark("answer", right, "missed", 0))
    return marks


def _score_choices(part: str, choices: Sequence[Choice], right: set[str], chosen: set[str], *,
                   penalty: int, limit: int | None) -> list[Mark]:
    """Marks for a set of chosen ids: +1 right, -penalty wrong, then the right ones not chosen."""
    known = {c.id for c in choices}
    for cid in sorted(chosen):
        if cid not in known:
            raise ValueError(f"unknown {part} choice id {cid!r}; known: {', '.join(sorted(known))}")
    if limit is not None and len(chosen) > limit:
        raise ValueError(f"{part}: choose at most {limit}, got {len(chosen)} ({', '.join(sorted(chosen))})")
    marks = [
        Mark(part, c.id, "right", 1) if c.id in right else Mark(part, c.id, "wrong", -penalty)
        for c in choices if c.id in chosen
    ]
    marks += [Mark(part, c.id, "missed", 0) for c in choices if c.id in right and c.id not in chosen]
    return marks


def _score_matrix(item: Item, response: Response) -> list[Mark]:
    if not isinstance(response, Mapping):
        raise ValueError(f"item {item.id!r}: a matrix response is a mapping of row id to column id, not {response!r}")
    rows = {r.id: r for r in item.rows}
    for row_id in response:
        if row_id not in rows:
            raise ValueError(f"item {item.id!r}: unknown row id {row_id!r}; known: {', '.join(rows)}")
    marks = []
    for row in item.rows:
        chosen = response.get(row.id)
        if chosen is not None and not isinstance(chosen, str):
            raise ValueError(f"item {item.id!r}, row {row.id!r}: the answer is one column id, not {chosen!r}")
        _known(chosen, item.columns, item.id, f"column (row {row.id!r})")
        if chosen is not None:
            marks.append(Mark(row.id, chosen, "right" if chosen == row.answer else "wrong", int(chosen == row.answer)))
        if chosen != row.answer:
            marks.append(Mark(row.id, row.answer, "missed", 0))
    return marks


def _score_bowtie(item: Item, response: Response) -> list[Mark]:
    bowtie = item._bowtie()
    if not isinstance(response, Mapping):
        raise ValueError(f"item {item.id!r}: a bowtie response is a mapping with condition, actions and parameters")
    for key in response:
        if key not in BOWTIE_PARTS:
            raise ValueError(f"item {item.id!r}: unknown bowtie part {key!r}; the parts are {', '.join(BOWTIE_PARTS)}")
    condition = response.get("condition")
    if condition is not None and not isinstance(condition, str):
        raise ValueError(f"item {item.id!r}: the bowtie condition is one choice id or None, not {condition!r}")
    marks: list[Mark] = []
    for name in BOWTIE_PARTS:
        part = bowtie.part(name)
        if name == "condition":
            chosen = {condition} if condition is not None else set()
        else:
            chosen = _id_set(response.get(name, ()), item.id, name)
        marks += _score_choices(name, part.choices, set(part.answers), chosen, penalty=0, limit=part.expected)
    return marks


def _id_set(value: Any, item_id: str, part: str) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, (str, Mapping)) or not isinstance(value, Iterable):
        raise ValueError(f"item {item_id!r}: the {part} response is a collection of choice ids, not {value!r}")
    ids = list(value)
    for i in ids:
        if not isinstance(i, str):
            raise ValueError(f"item {item_id!r}: choice ids are strings, not {i!r}")
    return set(ids)


def _known(value: str | None, choices: Sequence[Choice], item_id: str, kind: str) -> None:
    if value is not None and value not in {c.id for c in choices}:
        known = ", ".join(c.id for c in choices)
        raise ValueError(f"item {item_id!r}: unknown {kind} id {value!r}; known: {known}")


def correct_response(item: Item) -> Response:
    """A response that earns full marks (in the format :func:`score` takes)."""
    if item.type == "single":
        return item.correct_choices[0].id
    if item.type == "multiple":
        return {c.id for c in item.correct_choices}
    if item.type == "matrix":
        return {r.id: r.answer for r in item.rows}
    bowtie = item._bowtie()
    return {"condition": bowtie.condition.answers[0], "actions": set(bowtie.actions.answers),
            "parameters": set(bowtie.parameters.answers)}


# --- loading ------------------------------------------------------------------------------------------
def quizzes_dir(catalog: Catalog) -> Path:
    """Where the banks of this catalog live: ``<catalog data dir>/quizzes``."""
    return Path(catalog.source) / "quizzes"


def bank_ids(catalog: Catalog | None = None) -> list[str]:
    """The ids of every bank file, sorted."""
    folder = quizzes_dir(catalog if catalog is not None else load_catalog())
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def load_bank(bank_id: str, catalog: Catalog | None = None) -> Bank:
    """Read and validate one bank (``<data>/quizzes/<bank_id>.yaml``). Cached.

    Raises :class:`~osteo_lib.errors.UnknownIdError` when there is no such bank and
    :class:`~osteo_lib.errors.DataError` (file, record = item id, field) when the file is invalid.
    Item ids are checked against the other banks by :func:`load_banks`.
    """
    cat = catalog if catalog is not None else load_catalog()
    folder = quizzes_dir(cat)
    path = folder / f"{bank_id}.yaml"
    if not _ID.match(bank_id) or not path.is_file():
        raise UnknownIdError("question bank", bank_id, bank_ids(cat))
    return _load_file(path, _label(folder, path), frozenset(cat.references))


def load_banks(catalog: Catalog | None = None) -> dict[str, Bank]:
    """Read and validate every bank in ``<data>/quizzes/``; item ids must be unique across banks. Cached."""
    cat = catalog if catalog is not None else load_catalog()
    return dict(_load_all(quizzes_dir(cat), frozenset(cat.references)))


def clear_cache() -> None:
    """Forget every loaded data file: the same as :func:`osteo_lib.reload` (kept for existing callers)."""
    registry.reload()


def _label(folder: Path, path: Path) -> str:
    return f"{folder.parent.name}/{folder.name}/{path.name}"


def _load_all(folder: Path, ref_ids: frozenset[str]) -> tuple[tuple[str, Bank], ...]:
    return registry.get("quiz banks", (folder, ref_ids), lambda: _read_all(folder, ref_ids))


def _read_all(folder: Path, ref_ids: frozenset[str]) -> tuple[tuple[str, Bank], ...]:
    banks: list[tuple[str, Bank]] = []
    owner: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        label = _label(folder, path)
        bank = _load_file(path, label, ref_ids)
        for item in bank.items:
            if item.id in owner:
                raise DataError(label, item.id, "id", f"item id {item.id!r} is already used in {owner[item.id]}")
            owner[item.id] = label
        banks.append((bank.id, bank))
    return tuple(banks)


def _load_file(path: Path, label: str, ref_ids: frozenset[str]) -> Bank:
    return registry.get("quiz bank", (path, label, ref_ids), lambda: _read_file(path, label, ref_ids))


def _read_file(path: Path, label: str, ref_ids: frozenset[str]) -> Bank:
    doc = v.read_yaml(path, label)
    v.check_schema(doc, "quiz", label)
    if doc["bank"] != path.stem:
        raise DataError(label, None, "bank", f"bank id {doc['bank']!r} must equal the file name {path.stem!r}")
    seen: set[str] = set()
    items = []
    for raw in doc["items"]:
        if raw["id"] in seen:
            raise DataError(label, raw["id"], "id", f"duplicate item id {raw['id']!r} in this bank")
        seen.add(raw["id"])
        _check_item(raw, label, ref_ids)
        items.append(_item(raw))
    return Bank(id=doc["bank"], title=doc["title"], items=tuple(items), notebook=doc.get("notebook"), source=path)


def _check_item(raw: Mapping[str, Any], label: str, ref_ids: frozenset[str]) -> None:
    """The checks JSON Schema cannot express. Raises DataError(file, item id, field)."""
    item_id, kind = raw["id"], raw["type"]

    def fail(fieldname: str, problem: str) -> DataError:
        return DataError(label, item_id, fieldname, problem)

    for f in sorted(frozenset().union(*_TYPE_FIELDS.values()) - _TYPE_FIELDS[kind]):
        if f in raw:
            owners = " and ".join(t for t, fields in _TYPE_FIELDS.items() if f in fields)
            raise fail(f, f"{f} is not used by {kind} items (only by {owners} items)")
    for ref in raw["references"]:
        if ref not in ref_ids:
            raise fail("references", f"unknown reference id {ref!r}")

    def unique(records: Sequence[Mapping[str, Any]], fieldname: str) -> set[str]:
        ids: set[str] = set()
        for r in records:
            if r["id"] in ids:
                raise fail(f"{fieldname}[{r['id']}].id", f"duplicate id {r['id']!r} in {fieldname}")
            ids.add(r["id"])
        return ids

    def no_correct_flag(records: Sequence[Mapping[str, Any]], fieldname: str, instead: str) -> None:
        for r in records:
            if "correct" in r:
                raise fail(f"{fieldname}[{r['id']}].correct", f"correct is only for single and multiple items; {instead}")

    if kind in ("single", "multiple"):
        unique(raw["choices"], "choices")
        right = [c["id"] for c in raw["choices"] if c.get("correct")]
        if kind == "single" and len(right) != 1:
            raise fail("choices", f"a single item needs exactly one choice with correct: true, found {len(right)}")
        if kind == "multiple" and not right:
            raise fail("choices", "a multiple item needs at least one choice with correct: true")
    elif kind == "matrix":
        columns = unique(raw["columns"], "columns")
        unique(raw["rows"], "rows")
        no_correct_flag(raw["columns"], "columns", "each row names its right column in answer")
        for row in raw["rows"]:
            if row["answer"] not in columns:
                raise fail(f"rows[{row['id']}].answer", f"answer {row['answer']!r} is not a column id ({', '.join(sorted(columns))})")
    else:
        for name in BOWTIE_PARTS:
            part = raw["bowtie"][name]
            where = f"bowtie.{name}"
            ids = unique(part["choices"], f"{where}.choices")
            no_correct_flag(part["choices"], f"{where}.choices", f"list the right ids in {where}.answers")
            for answer in part["answers"]:
                if answer not in ids:
                    raise fail(f"{where}.answers", f"answer {answer!r} is not a choice id ({', '.join(sorted(ids))})")
            if len(part["answers"]) >= len(ids):
                raise fail(f"{where}.answers", "needs at least one wrong choice besides the answers")
        if len(raw["bowtie"]["condition"]["answers"]) != 1:
            raise fail("bowtie.condition.answers", "the condition has exactly one answer")


def _choice(d: Mapping[str, Any]) -> Choice:
    return Choice(id=d["id"], text=d["text"], correct=bool(d.get("correct", False)), feedback=d.get("feedback"))


def _part(d: Mapping[str, Any]) -> BowtiePart:
    return BowtiePart(prompt=d["prompt"], choices=tuple(_choice(c) for c in d["choices"]), answers=tuple(d["answers"]))


def _item(d: Mapping[str, Any]) -> Item:
    bowtie = d.get("bowtie")
    return Item(
        id=d["id"], type=d["type"], stem=d["stem"], explanation=d["explanation"], references=tuple(d["references"]),
        choices=tuple(_choice(c) for c in d.get("choices", ())),
        columns=tuple(_choice(c) for c in d.get("columns", ())),
        rows=tuple(MatrixRow(id=r["id"], text=r["text"], answer=r["answer"]) for r in d.get("rows", ())),
        bowtie=Bowtie(*(_part(bowtie[p]) for p in BOWTIE_PARTS)) if bowtie else None,
        case_stage=d.get("case_stage"), clinical_judgment_step=d.get("clinical_judgment_step"),
    )
