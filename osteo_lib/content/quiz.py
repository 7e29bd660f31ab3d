"""Question banks for the knowledge checks: their records and their loader (``data/quizzes/<bank>.yaml``).

Banks live in ``data/quizzes/<bank>.yaml`` (schema ``quiz.schema.json``). Answers are data: a notebook
never holds them. The loader checks each file against its schema and what a schema cannot say (one
right answer for a single item, answers that are choice ids, known reference ids, item ids unique
across banks); problems raise :class:`~osteo_lib.errors.DataError` naming the file, the item and the
field. Scoring is pure logic in :mod:`osteo_lib.care.quiz`.

A bank with ``keys: false`` is the student version's form (written by ``make student-version``,
:mod:`osteo_lib.content.student_data`): it holds no answer key, so its items have no correct flags,
no row answers, no explanation (``""``) and no choice feedback, and each bowtie part says only how many
answers it takes (``expected``). Such items are shown and their answers recorded, never scored
(``Item.keyed`` is false).

Example::

    >>> from osteo_lib.content.quiz import load_bank
    >>> load_bank("widget_demo").item("demo_healing_time").type
    'single'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast, get_args

from osteo_lib.content import registry
from osteo_lib.content import validate as v
from osteo_lib.content.catalog import Catalog, load_catalog
from osteo_lib.content.notebooks import NOTEBOOKS_FILE, load_notebooks
from osteo_lib.content.records import by_id
from osteo_lib.errors import DataError, UnknownIdError

__all__ = [
    "BLOOM_LEVELS",
    "BOWTIE_PARTS",
    "ITEM_TYPES",
    "JUDGMENT_STEPS",
    "Bank",
    "BloomLevel",
    "Bowtie",
    "BowtiePart",
    "BowtiePartName",
    "Choice",
    "ClozeBlank",
    "ClozeScoring",
    "Item",
    "ItemType",
    "JudgmentStep",
    "MatrixRow",
    "Trend",
    "TrendRow",
    "bank_ids",
    "clear_cache",
    "load_bank",
    "load_banks",
    "quizzes_dir",
]

ItemType = Literal[
    "single",
    "multiple",
    "select_n",
    "matrix",
    "matrix_multiple",
    "bowtie",
    "cloze",
    "highlight",
    "drag_drop",
    "ordering",
]
#: How a cloze item is scored: 0/1 per drop-down (drop-down cloze) or NCSBN rationale scoring.
ClozeScoring = Literal["per_blank", "dyad", "triad"]
JudgmentStep = Literal[
    "recognize_cues",
    "analyze_cues",
    "prioritize_hypotheses",
    "generate_solutions",
    "take_action",
    "evaluate_outcomes",
]
BowtiePartName = Literal["condition", "actions", "parameters"]
#: Bloom's revised taxonomy (Anderson and Krathwohl, 2001), lowest to highest.
BloomLevel = Literal["remember", "understand", "apply", "analyze", "evaluate", "create"]

ITEM_TYPES: tuple[ItemType, ...] = get_args(ItemType)
BOWTIE_PARTS: tuple[BowtiePartName, ...] = get_args(BowtiePartName)
#: The six steps of the NCSBN clinical judgment measurement model, in the order a nurse takes them.
JUDGMENT_STEPS: tuple[JudgmentStep, ...] = get_args(JudgmentStep)
BLOOM_LEVELS: tuple[BloomLevel, ...] = get_args(BloomLevel)
# The item fields that only some types use.
_TYPE_FIELDS: dict[str, frozenset[str]] = {
    "single": frozenset({"choices"}),
    "multiple": frozenset({"choices"}),
    "select_n": frozenset({"choices", "select"}),
    "matrix": frozenset({"columns", "rows"}),
    "matrix_multiple": frozenset({"columns", "rows"}),
    "bowtie": frozenset({"bowtie"}),
    "cloze": frozenset({"sentence", "blanks", "scoring"}),
    "highlight": frozenset({"choices"}),
    "drag_drop": frozenset({"sentence", "blanks", "scoring", "tokens"}),
    "ordering": frozenset({"choices", "order"}),
}
#: A drop-down's place in a cloze sentence: ``{blank id}``.
BLANK = re.compile(r"\{([a-z][a-z0-9_]*)\}")
#: How many drop-downs each rationale scoring takes (NCSBN: a dyad links two parts, a triad three).
RATIONALE_BLANKS: dict[str, int] = {"dyad": 2, "triad": 3}
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class Choice:
    """One answer choice (also a matrix column). ``correct`` is used by single and multiple items."""

    id: str
    text: str
    correct: bool = False
    feedback: str | None = None


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """One matrix row and the id of its right column (``None`` in a bank without keys); for a
    matrix_multiple item, ``answers``: the ids of its right columns (empty without keys)."""

    id: str
    text: str
    answer: str | None = None
    answers: tuple[str, ...] = ()

    @property
    def right(self) -> str:
        """The id of the right column; ValueError in a bank without keys."""
        if self.answer is None:
            raise ValueError(f"matrix row {self.id!r} has no answer key (a student version bank)")
        return self.answer


@dataclass(frozen=True, slots=True)
class BowtiePart:
    """One part of a bowtie: the choices offered and the ids of the right ones (none in a bank without
    keys). ``expected`` is how many answers belong in this part (the number of drop zones): the number
    of ``answers`` when they are given."""

    prompt: str
    choices: tuple[Choice, ...]
    answers: tuple[str, ...]
    expected: int = 0

    def __post_init__(self) -> None:
        if self.answers:
            object.__setattr__(self, "expected", len(self.answers))

    def choice(self, choice_id: str) -> Choice:
        return by_id(self.choices, choice_id, "bowtie choice")


@dataclass(frozen=True, slots=True)
class ClozeBlank:
    """One drop-down of a cloze item: its accessible ``label`` (what the drop-down asks for), the choices
    and the id of the right one (``None`` in a bank without keys)."""

    id: str
    label: str
    choices: tuple[Choice, ...]
    answer: str | None = None

    @property
    def right(self) -> str:
        """The id of the right choice; ValueError in a bank without keys."""
        if self.answer is None:
            raise ValueError(f"cloze drop-down {self.id!r} has no answer key (a student version bank)")
        return self.answer

    def choice(self, choice_id: str) -> Choice:
        return by_id(self.choices, choice_id, "dropdown choice")


@dataclass(frozen=True, slots=True)
class Bowtie:
    """An NGN bowtie: the condition (middle), actions to take (left), parameters to monitor (right)."""

    condition: BowtiePart
    actions: BowtiePart
    parameters: BowtiePart

    def part(self, name: BowtiePartName) -> BowtiePart:
        return cast(BowtiePart, getattr(self, name))


@dataclass(frozen=True, slots=True)
class TrendRow:
    """One measure of a trend table (e.g. "Pain, 0-10") and its value at each time point, as shown."""

    label: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Trend:
    """The data a trend item's stem shows over several time points (NGN trend item): a small table with
    one column per time point (``times``, e.g. the case's visits) and one row per measure."""

    caption: str
    times: tuple[str, ...]
    rows: tuple[TrendRow, ...]


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
    #: The NCSBN clinical judgment step the item measures (``cj_step`` in the alignment tables).
    clinical_judgment_step: JudgmentStep | None = None
    #: Id of the learning objective it assesses (an objective of a notebook in ``data/notebooks.yaml``).
    objective: str | None = None
    #: The Bloom level it asks for.
    bloom: BloomLevel | None = None
    #: select_n: how many choices the learner must pick (exactly this many are right); 0 for other types.
    select: int = 0
    #: single/multiple/select_n: the choices are an ordered scale, shown in data order (not shuffled).
    keep_order: bool = False
    #: False for an item of a bank without keys (the student version): it cannot be scored.
    keyed: bool = True
    #: cloze: the sentence, with ``{blank id}`` where each drop-down goes (in the order of ``blanks``).
    sentence: str = ""
    #: cloze: the drop-downs, in sentence order.
    blanks: tuple[ClozeBlank, ...] = ()
    #: cloze, drag_drop: ``per_blank`` (0/1 per gap), ``dyad`` or ``triad`` (NCSBN rationale scoring).
    scoring: ClozeScoring = "per_blank"
    #: drag_drop: the tokens the learner drags into the gaps (one pool for every gap; each used at most once).
    tokens: tuple[Choice, ...] = ()
    #: ordering: the ids of ``choices`` in the right order (empty in a bank without keys).
    order: tuple[str, ...] = ()
    #: A trend item: the values over time its stem shows (None for other items).
    trend: Trend | None = None

    @property
    def max_points(self) -> int:
        """The most points the item can give (see the table in :mod:`osteo_lib.care.quiz`)."""
        if self.type == "single":
            return 1
        if self.type in ("multiple", "highlight"):
            if not self.keyed:
                raise ValueError(f"item {self.id!r} has no answer key: its points are not known")
            return sum(c.correct for c in self.choices)
        if self.type == "select_n":
            return self.select
        if self.type == "matrix":
            return len(self.rows)
        if self.type == "matrix_multiple":
            if not self.keyed:
                raise ValueError(f"item {self.id!r} has no answer key: its points are not known")
            return sum(len(r.answers) for r in self.rows)
        if self.type in ("cloze", "drag_drop"):
            return {"per_blank": len(self.blanks), "dyad": 1, "triad": 2}[self.scoring]
        if self.type == "ordering":
            return len(self.choices)
        bowtie = self._bowtie()
        return sum(bowtie.part(p).expected for p in BOWTIE_PARTS)

    @property
    def correct_choices(self) -> tuple[Choice, ...]:
        """single/multiple/select_n/highlight: the right choices, in data order."""
        return tuple(c for c in self.choices if c.correct)

    def choice(self, choice_id: str) -> Choice:
        return by_id(self.choices, choice_id, "choice")

    def blank(self, blank_id: str) -> ClozeBlank:
        return by_id(self.blanks, blank_id, "cloze dropdown")

    def gapped_sentence(self, gap: str) -> str:
        """cloze: the sentence with each ``{blank id}`` replaced by ``gap`` formatted with ``n``, the gap's
        number from 1 (e.g. ``gap="____ ({n})"`` gives "The nurse should first ____ (1) because ____ (2).")."""
        numbers = {b.id: n for n, b in enumerate(self.blanks, start=1)}
        return BLANK.sub(lambda m: gap.format(n=numbers[m.group(1)]), self.sentence)

    def token(self, token_id: str) -> Choice:
        return by_id(self.tokens, token_id, "drag token")

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
    #: False for the student version's form of a bank (``keys: false``): no answer key in it.
    keys: bool = True

    @property
    def max_points(self) -> int:
        return sum(i.max_points for i in self.items)

    def item(self, item_id: str) -> Item:
        items = {i.id: i for i in self.items}
        if item_id not in items:
            raise UnknownIdError(f"item in bank {self.id!r}", item_id, list(items))
        return items[item_id]


# --- loading --------------------------------------------------------------------------------------
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
    return _load_file(path, _label(folder, path), frozenset(cat.references), _objective_ids(cat))


def load_banks(catalog: Catalog | None = None) -> dict[str, Bank]:
    """Read and validate every bank in ``<data>/quizzes/``; item ids must be unique across banks. Cached."""
    cat = catalog if catalog is not None else load_catalog()
    return dict(_load_all(quizzes_dir(cat), frozenset(cat.references), _objective_ids(cat)))


def clear_cache() -> None:
    """Forget every loaded data file: the same as :func:`osteo_lib.reload` (kept for existing callers)."""
    registry.reload()


def _objective_ids(catalog: Catalog) -> frozenset[str] | None:
    """The learning-objective ids of the catalog's notebooks, or None when its data folder lists no
    notebooks (then an item's ``objective`` is not checked against them)."""
    folder = Path(catalog.source)
    if not (folder / NOTEBOOKS_FILE).is_file():
        return None
    return frozenset(o.id for nb in load_notebooks(folder) for o in nb.objectives)


def _label(folder: Path, path: Path) -> str:
    return f"{folder.parent.name}/{folder.name}/{path.name}"


Objectives = frozenset[str] | None


def _load_all(folder: Path, ref_ids: frozenset[str], objectives: Objectives) -> tuple[tuple[str, Bank], ...]:
    return registry.get("quiz banks", (folder, ref_ids, objectives), lambda: _read_all(folder, ref_ids, objectives))


def _read_all(folder: Path, ref_ids: frozenset[str], objectives: Objectives) -> tuple[tuple[str, Bank], ...]:
    banks: list[tuple[str, Bank]] = []
    owner: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        label = _label(folder, path)
        bank = _load_file(path, label, ref_ids, objectives)
        for item in bank.items:
            if item.id in owner:
                raise DataError(label, item.id, "id", f"item id {item.id!r} is already used in {owner[item.id]}")
            owner[item.id] = label
        banks.append((bank.id, bank))
    return tuple(banks)


def _load_file(path: Path, label: str, ref_ids: frozenset[str], objectives: Objectives) -> Bank:
    return registry.get(
        "quiz bank", (path, label, ref_ids, objectives), lambda: _read_file(path, label, ref_ids, objectives)
    )


def _read_file(path: Path, label: str, ref_ids: frozenset[str], objectives: Objectives) -> Bank:
    doc = v.read_yaml(path, label)
    v.check_schema(doc, "quiz", label)
    if doc["bank"] != path.stem:
        raise DataError(label, None, "bank", f"bank id {doc['bank']!r} must equal the file name {path.stem!r}")
    keyed = bool(doc.get("keys", True))
    seen: set[str] = set()
    items = []
    for raw in doc["items"]:
        if raw["id"] in seen:
            raise DataError(label, raw["id"], "id", f"duplicate item id {raw['id']!r} in this bank")
        seen.add(raw["id"])
        _check_item(raw, label, ref_ids, objectives, keyed)
        items.append(_item(raw, keyed))
    return Bank(
        id=doc["bank"], title=doc["title"], items=tuple(items), notebook=doc.get("notebook"), source=path, keys=keyed
    )


def _check_item(
    raw: Mapping[str, Any], label: str, ref_ids: frozenset[str], objectives: Objectives, keyed: bool = True
) -> None:
    """The checks JSON Schema cannot express. Raises DataError(file, item id, field). Without keys
    (``keyed`` false) there are no answers to check, only the number of each bowtie part's answers."""
    item_id, kind = raw["id"], raw["type"]
    if objectives is not None and "objective" in raw and raw["objective"] not in objectives:
        raise DataError(
            label,
            item_id,
            "objective",
            f"unknown learning objective {raw['objective']!r} (the objectives are listed in {NOTEBOOKS_FILE})",
        )

    for f in sorted(frozenset().union(*_TYPE_FIELDS.values()) - _TYPE_FIELDS[kind]):
        if f in raw:
            owners = " and ".join(t for t, fields in _TYPE_FIELDS.items() if f in fields)
            raise DataError(label, item_id, f, f"{f} is not used by {kind} items (only by {owners} items)")
    for ref in raw["references"]:
        if ref not in ref_ids:
            raise DataError(label, item_id, "references", f"unknown reference id {ref!r}")
    for row in raw.get("trend", {}).get("rows", ()):
        times = len(raw["trend"]["times"])
        if len(row["values"]) != times:
            raise DataError(
                label,
                item_id,
                "trend.rows",
                f"row {row['label']!r} has {len(row['values'])} values for {times} time points",
            )

    def unique(records: Sequence[Mapping[str, Any]], fieldname: str) -> set[str]:
        ids: set[str] = set()
        for r in records:
            if r["id"] in ids:
                raise DataError(
                    label, item_id, f"{fieldname}[{r['id']}].id", f"duplicate id {r['id']!r} in {fieldname}"
                )
            ids.add(r["id"])
        return ids

    def no_correct_flag(records: Sequence[Mapping[str, Any]], where: str, named_in: str) -> None:
        """Raise for the first record with a ``correct`` flag: only single, multiple and select_n choices carry
        one; other kinds name their answers by id, in the field ``named_in``."""
        bad = next((r["id"] for r in records if "correct" in r), None)
        if bad is not None:
            raise DataError(
                label,
                item_id,
                f"{where}[{bad}].correct",
                f"correct is only for single, multiple and select_n items; name the right ids in {named_in}",
            )

    if kind in ("single", "multiple", "select_n", "highlight"):
        unique(raw["choices"], "choices")
        right = [c["id"] for c in raw["choices"] if c.get("correct")]
        if kind == "select_n" and raw["select"] >= len(raw["choices"]):
            raise DataError(
                label,
                item_id,
                "select",
                f"select {raw['select']} must be less than the number of choices ({len(raw['choices'])})",
            )
        if not keyed:
            return
        if kind == "select_n" and len(right) != raw["select"]:
            raise DataError(
                label,
                item_id,
                "choices",
                f"a select_n item with select: {raw['select']} needs exactly {raw['select']} choices with "
                f"correct: true, found {len(right)}",
            )
        if kind == "single" and len(right) != 1:
            raise DataError(
                label,
                item_id,
                "choices",
                f"a single item needs exactly one choice with correct: true, found {len(right)}",
            )
        if kind in ("multiple", "highlight") and not right:
            raise DataError(label, item_id, "choices", f"a {kind} item needs at least one choice with correct: true")
        if kind == "highlight" and len(right) == len(raw["choices"]):
            raise DataError(label, item_id, "choices", "a highlight item needs parts that need no follow-up too")
    elif kind in ("matrix", "matrix_multiple"):
        columns = unique(raw["columns"], "columns")
        unique(raw["rows"], "rows")
        no_correct_flag(raw["columns"], "columns", "rows[].answer" if kind == "matrix" else "rows[].answers")
        own, other = ("answer", "answers") if kind == "matrix" else ("answers", "answer")
        for row in raw["rows"]:
            if other in row:
                raise DataError(
                    label,
                    item_id,
                    f"rows[{row['id']}].{other}",
                    f"a {kind} row names its right column{'s' if kind != 'matrix' else ''} in {own}, not {other}",
                )
            if keyed and own not in row:
                raise DataError(label, item_id, f"rows[{row['id']}].{own}", f"a {kind} row needs {own}")
        for row in raw["rows"] if keyed and kind == "matrix_multiple" else ():
            bad_ids = [a for a in row["answers"] if a not in columns]
            if bad_ids:
                raise DataError(
                    label,
                    item_id,
                    f"rows[{row['id']}].answers",
                    f"answer {bad_ids[0]!r} is not a column id ({', '.join(sorted(columns))})",
                )
        for row in raw["rows"] if keyed and kind == "matrix" else ():
            if row["answer"] not in columns:
                raise DataError(
                    label,
                    item_id,
                    f"rows[{row['id']}].answer",
                    f"answer {row['answer']!r} is not a column id ({', '.join(sorted(columns))})",
                )
    elif kind in ("cloze", "drag_drop"):
        _check_cloze(raw, label, keyed, unique, no_correct_flag)
    elif kind == "ordering":
        ids = unique(raw["choices"], "choices")
        no_correct_flag(raw["choices"], "choices", "order")
        if keyed and "order" not in raw:
            raise DataError(label, item_id, "order", "an ordering item needs order: its choice ids in the right order")
        if "order" in raw and (sorted(raw["order"]) != sorted(ids)):
            raise DataError(
                label,
                item_id,
                "order",
                f"order must name every choice id once ({', '.join(sorted(ids))}); it names {', '.join(raw['order'])}",
            )
        if "order" in raw and [c["id"] for c in raw["choices"]] == raw["order"]:
            raise DataError(label, item_id, "choices", "list the choices in another order than the answer (order)")
    else:
        for name in BOWTIE_PARTS:
            part = raw["bowtie"][name]
            where = f"bowtie.{name}"
            ids = unique(part["choices"], f"{where}.choices")
            no_correct_flag(part["choices"], f"{where}.choices", f"{where}.answers")
            if not keyed:
                if part["expected"] >= len(ids):
                    raise DataError(label, item_id, f"{where}.expected", "must be less than the number of choices")
                continue
            for answer in part["answers"]:
                if answer not in ids:
                    raise DataError(
                        label,
                        item_id,
                        f"{where}.answers",
                        f"answer {answer!r} is not a choice id ({', '.join(sorted(ids))})",
                    )
            if len(part["answers"]) >= len(ids):
                raise DataError(
                    label, item_id, f"{where}.answers", "needs at least one wrong choice besides the answers"
                )
        condition = raw["bowtie"]["condition"]
        if (len(condition["answers"]) if keyed else condition["expected"]) != 1:
            where = "bowtie.condition." + ("answers" if keyed else "expected")
            raise DataError(label, item_id, where, "the condition has exactly one answer")


def _braced(ids: Sequence[str]) -> str:
    return ", ".join("{" + i + "}" for i in ids)


def _check_cloze(raw: Mapping[str, Any], label: str, keyed: bool, unique: Any, no_correct_flag: Any) -> None:
    """A cloze or drag_drop item: every blank placed once in the sentence in blank order, answers among the
    choices (a drag_drop item: among its tokens, no token the answer of two gaps, more tokens than gaps),
    as many blanks as its rationale scoring links (dyad 2, triad 3)."""
    item_id = raw["id"]
    ids = [b["id"] for b in raw["blanks"]]
    unique(raw["blanks"], "blanks")
    placed = BLANK.findall(raw["sentence"])
    if placed != ids:
        raise DataError(
            label,
            item_id,
            "sentence",
            f"the sentence must hold each blank once, in the order of blanks ({_braced(ids)}); "
            f"it holds {_braced(placed) or 'none'}",
        )
    scoring = raw.get("scoring", "per_blank")
    if scoring in RATIONALE_BLANKS and len(ids) != RATIONALE_BLANKS[scoring]:
        raise DataError(
            label,
            item_id,
            "blanks",
            f"{scoring} rationale scoring links {RATIONALE_BLANKS[scoring]} drop-downs, found {len(ids)}",
        )
    if raw["type"] == "drag_drop":
        _check_drag_drop(raw, label, keyed, unique, no_correct_flag)
        return
    for blank in raw["blanks"]:
        where = f"blanks[{blank['id']}]"
        if "choices" not in blank:
            raise DataError(label, item_id, f"{where}.choices", "a cloze drop-down needs choices")
        choice_ids = unique(blank["choices"], f"{where}.choices")
        no_correct_flag(blank["choices"], f"{where}.choices", f"{where}.answer")
        if keyed and blank["answer"] not in choice_ids:
            raise DataError(
                label,
                item_id,
                f"{where}.answer",
                f"answer {blank['answer']!r} is not a choice id ({', '.join(sorted(choice_ids))})",
            )


def _check_drag_drop(raw: Mapping[str, Any], label: str, keyed: bool, unique: Any, no_correct_flag: Any) -> None:
    item_id = raw["id"]
    tokens = unique(raw["tokens"], "tokens")
    no_correct_flag(raw["tokens"], "tokens", "blanks[].answer")
    if len(tokens) <= len(raw["blanks"]):
        raise DataError(label, item_id, "tokens", "a drag_drop item needs more tokens than gaps (wrong ones too)")
    used: dict[str, str] = {}
    for blank in raw["blanks"]:
        where = f"blanks[{blank['id']}]"
        if "choices" in blank:
            raise DataError(label, item_id, f"{where}.choices", "a drag_drop gap takes a token, not choices")
        if not keyed:
            continue
        if "answer" not in blank:
            raise DataError(label, item_id, f"{where}.answer", "a drag_drop gap needs answer: a token id")
        if blank["answer"] not in tokens:
            raise DataError(
                label,
                item_id,
                f"{where}.answer",
                f"answer {blank['answer']!r} is not a token id ({', '.join(sorted(tokens))})",
            )
        if blank["answer"] in used:
            raise DataError(
                label,
                item_id,
                f"{where}.answer",
                f"token {blank['answer']!r} already answers {used[blank['answer']]!r}",
            )
        used[blank["answer"]] = blank["id"]


def _trend(d: Mapping[str, Any] | None) -> Trend | None:
    if d is None:
        return None
    return Trend(
        caption=d["caption"],
        times=tuple(str(t) for t in d["times"]),
        rows=tuple(TrendRow(label=r["label"], values=tuple(str(v) for v in r["values"])) for r in d["rows"]),
    )


def _choice(d: Mapping[str, Any]) -> Choice:
    return Choice(id=d["id"], text=d["text"], correct=bool(d.get("correct", False)), feedback=d.get("feedback"))


def _part(d: Mapping[str, Any]) -> BowtiePart:
    return BowtiePart(
        prompt=d["prompt"],
        choices=tuple(_choice(c) for c in d["choices"]),
        answers=tuple(d.get("answers", ())),
        expected=d.get("expected", 0),
    )


def _item(d: Mapping[str, Any], keyed: bool = True) -> Item:
    bowtie = d.get("bowtie")
    return Item(
        id=d["id"],
        type=d["type"],
        stem=d["stem"],
        explanation=d.get("explanation", ""),
        references=tuple(d["references"]),
        choices=tuple(_choice(c) for c in d.get("choices", ())),
        columns=tuple(_choice(c) for c in d.get("columns", ())),
        rows=tuple(
            MatrixRow(id=r["id"], text=r["text"], answer=r.get("answer"), answers=tuple(r.get("answers", ())))
            for r in d.get("rows", ())
        ),
        bowtie=Bowtie(*(_part(bowtie[p]) for p in BOWTIE_PARTS)) if bowtie else None,
        case_stage=d.get("case_stage"),
        clinical_judgment_step=d.get("clinical_judgment_step"),
        objective=d.get("objective"),
        bloom=d.get("bloom"),
        select=int(d.get("select", 0)),
        keep_order=bool(d.get("keep_order", False)),
        keyed=keyed,
        sentence=d.get("sentence", ""),
        blanks=tuple(
            ClozeBlank(
                id=b["id"],
                label=b["label"],
                choices=tuple(_choice(c) for c in b.get("choices", ())),
                answer=b.get("answer"),
            )
            for b in d.get("blanks", ())
        ),
        scoring=d.get("scoring", "per_blank"),
        tokens=tuple(_choice(c) for c in d.get("tokens", ())),
        order=tuple(d.get("order", ())),
        trend=_trend(d.get("trend")),
    )
