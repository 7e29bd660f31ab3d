"""Scoring the knowledge checks' questions (pure logic: no widgets, no files read here).

The question records and their loader are in :mod:`osteo_lib.content.quiz` (``data/quizzes/<bank>.yaml``;
re-exported here for existing callers). Scoring follows the NCLEX Next Generation (NGN) rules:

=========  ==========================================================================  ================
type       points                                                                      max points
=========  ==========================================================================  ================
single     1 for the right choice, else 0                                              1
multiple   +/- scoring: +1 per right choice selected, -1 per wrong one, floor 0        number of right
select_n   0/1 scoring: +1 per right choice selected, 0 per wrong one (no penalty)     N (``select``)
matrix     0/1 per row                                                                 number of rows
matrix_    +/- scoring per row: +1 per right column ticked, -1 per wrong one; each row  number of right
multiple   is floored at 0 on its own (a wrong tick never costs points of another row)  cells
bowtie     0/1 per placed answer (condition, actions, parameters)                      1 + actions + parameters
highlight  +/- scoring, as multiple: the parts of the text that need follow-up         number of right
cloze      ``scoring: per_blank``: 0/1 per drop-down (NGN drop-down cloze)              number of drop-downs
cloze      ``scoring: dyad`` (NCSBN rationale scoring): 2 linked drop-downs ("do X        1
           because of Y"), 1 point only when both are right, else 0
cloze      ``scoring: triad`` (NCSBN rationale scoring): 3 drop-downs, the first (the     2
           cause or action) linked to each of the other two; 1 point for each pair
           whose two parts are both right, so nothing without the first part right
drag_drop  as cloze, per gap (tokens dragged into the gaps): per_blank 0/1 per gap,     as cloze
           dyad / triad rationale scoring (NGN drag-and-drop cloze / rationale)
ordering   0/1 per position (NGN extended drag-and-drop, see :func:`ordering_marks`)   number of steps
=========  ==========================================================================  ================

Rationale scoring (NCSBN, Next Generation NCLEX scoring rules: "both X and Y must be correct to earn a
point") is :func:`rationale_points`.

Response formats accepted by :func:`score` (anything else raises ``ValueError`` naming the problem):

* single: the chosen choice id (``str``), or ``None`` for no answer;
* multiple, highlight: a collection of choice ids (``set``, ``list`` or ``tuple``; repeats count once);
* select_n: the same, with at most N ids (``item.select``): more than N is refused, as the NGN item
  lets no more be chosen; fewer is allowed (the unchosen right answers score 0);
* matrix: a mapping ``row id -> column id``; rows left out are unanswered (0 points for that row);
* matrix_multiple: a mapping ``row id -> collection of column ids``; rows left out are unanswered;
* cloze: a mapping ``drop-down id -> choice id``; drop-downs left out are unanswered (wrong);
* drag_drop: a mapping ``gap id -> token id``; gaps left out are empty (wrong); a token sits in one gap
  at most (it is moved, not copied), so a token named for two gaps is refused;
* ordering: a sequence (``list`` or ``tuple``) of choice ids, first to last; each id at most once; a
  shorter list leaves the last places empty (0 for each);
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

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Union

# The records and the loader live in the content layer.
from osteo_lib.content.quiz import (
    BOWTIE_PARTS,
    Choice,
    Item,
)

__all__ = [
    "Mark",
    "MarkStatus",
    "Response",
    "Score",
    "Status",
    "correct_response",
    "ordering_marks",
    "rationale_points",
    "score",
]

MarkStatus = Literal["right", "wrong", "missed"]
Status = Literal["right", "partial", "wrong"]

#: What :func:`score` accepts (see the module docstring for each type).
Response = Union[str, None, Collection[str], Mapping[str, Any]]  # noqa: UP007


# --- records of a score -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Mark:
    """One line of a score's details.

    ``part`` is ``"answer"`` (single), ``"choices"`` (multiple, select_n), the row id (matrix,
    matrix_multiple), the drop-down id (cloze) or the bowtie part
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

    Raises ``ValueError`` for a response of the wrong shape or one naming an unknown id, and for an item
    of a bank without keys (the student version's banks: their answers are scored by the instructor).
    """
    if not item.keyed:
        raise ValueError(f"item {item.id!r} has no answer key (a student version bank): it cannot be scored here")
    if item.type == "single":
        marks = _score_single(item, response)
    elif item.type in ("multiple", "highlight"):
        marks = _score_choices(
            "choices",
            item.choices,
            {c.id for c in item.correct_choices},
            _id_set(response, item.id, "choices"),
            penalty=1,
            limit=None,
        )
    elif item.type == "select_n":
        marks = _score_choices(
            "choices",
            item.choices,
            {c.id for c in item.correct_choices},
            _id_set(response, item.id, "choices"),
            penalty=0,
            limit=item.select,
        )
    elif item.type == "matrix":
        marks = _score_matrix(item, response)
    elif item.type == "ordering":
        marks = ordering_marks(item, response)
    elif item.type in ("cloze", "drag_drop"):
        marks = _score_cloze(item, response)
        right = [any(m.part == b.id and m.status == "right" for m in marks) for b in item.blanks]
        points = sum(right) if item.scoring == "per_blank" else rationale_points(item.scoring, right)
        return Score(points, item.max_points, points == item.max_points, tuple(marks))
    elif item.type == "matrix_multiple":
        marks = _score_matrix_multiple(item, response)
        per_row = [max(0, sum(m.points for m in marks if m.part == r.id)) for r in item.rows]
        points = sum(per_row)
        return Score(points, item.max_points, points == item.max_points, tuple(marks))
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


def _score_choices(
    part: str, choices: Sequence[Choice], right: set[str], chosen: set[str], *, penalty: int, limit: int | None
) -> list[Mark]:
    """Marks for a set of chosen ids: +1 right, -penalty wrong, then the right ones not chosen."""
    known = {c.id for c in choices}
    for cid in sorted(chosen):
        if cid not in known:
            raise ValueError(f"unknown {part} choice id {cid!r}; known: {', '.join(sorted(known))}")
    if limit is not None and len(chosen) > limit:
        raise ValueError(f"{part}: choose at most {limit}, got {len(chosen)} ({', '.join(sorted(chosen))})")
    marks = [
        Mark(part, c.id, "right", 1) if c.id in right else Mark(part, c.id, "wrong", -penalty)
        for c in choices
        if c.id in chosen
    ]
    marks += [Mark(part, c.id, "missed", 0) for c in choices if c.id in right and c.id not in chosen]
    return marks


def _one_each(
    item: Item,
    response: Response,
    parts: Sequence[Any],
    *,
    part_word: str,
    what: str,
    choices: Callable[[Any], Sequence[Choice]],
    each: int,
) -> list[Mark]:
    """Marks for a response naming one id per part (a matrix's rows, a cloze's drop-downs): right / wrong for
    what was chosen (a right one earns ``each``), missed for the right id not chosen. Unknown parts and ids
    raise ValueError naming them."""
    if not isinstance(response, Mapping):
        raise ValueError(
            f"item {item.id!r}: a {item.type} response is a mapping of {part_word} id to {what} id, not {response!r}"
        )
    known = [p.id for p in parts]
    for key in response:
        if key not in known:
            raise ValueError(f"item {item.id!r}: unknown {part_word} id {key!r}; known: {', '.join(known)}")
    marks = []
    for part in parts:
        chosen = response.get(part.id)
        if chosen is not None and not isinstance(chosen, str):
            raise ValueError(f"item {item.id!r}, {part_word} {part.id!r}: the answer is one {what} id, not {chosen!r}")
        _known(chosen, choices(part), item.id, f"{what} ({part_word} {part.id!r})")
        if chosen is not None:
            ok = chosen == part.right
            marks.append(Mark(part.id, chosen, "right" if ok else "wrong", each if ok else 0))
        if chosen != part.right:
            marks.append(Mark(part.id, part.right, "missed", 0))
    return marks


def _score_matrix(item: Item, response: Response) -> list[Mark]:
    return _one_each(item, response, item.rows, part_word="row", what="column", choices=lambda _: item.columns, each=1)


def rationale_points(scoring: str, right: Sequence[bool]) -> int:
    """NCSBN rationale scoring of linked parts, given which parts are right (in sentence order).

    ``dyad``: two linked parts, 1 point only when both are right. ``triad``: the first part (the cause or
    the action) is linked to each of the other two; each link whose two parts are right gives 1 point
    (at most 2), so nothing counts without the first part right.

    >>> rationale_points("dyad", [True, False]), rationale_points("triad", [True, True, False])
    (0, 1)
    """
    if scoring == "dyad":
        if len(right) != 2:
            raise ValueError(f"a dyad links 2 parts, not {len(right)}")
        return int(all(right))
    if scoring == "triad":
        if len(right) != 3:
            raise ValueError(f"a triad links 3 parts, not {len(right)}")
        return sum(right[0] and other for other in right[1:])
    raise ValueError(f"unknown rationale scoring {scoring!r}; use dyad or triad")


def _score_cloze(item: Item, response: Response) -> list[Mark]:
    """A mark per drop-down: right / wrong for what was chosen, missed for the right choice not chosen.
    A right choice's mark carries 1 point only under per_blank scoring (rationale points are per link)."""
    each = 1 if item.scoring == "per_blank" else 0
    if item.type == "drag_drop":
        if isinstance(response, Mapping):
            placed = [t for t in response.values() if t is not None]
            twice = sorted({t for t in placed if placed.count(t) > 1})
            if twice:
                raise ValueError(f"item {item.id!r}: token {twice[0]!r} is placed in more than one gap")
        return _one_each(
            item, response, item.blanks, part_word="gap", what="token", choices=lambda _: item.tokens, each=each
        )
    return _one_each(
        item, response, item.blanks, part_word="drop-down", what="choice", choices=lambda b: b.choices, each=each
    )


def ordering_marks(item: Item, response: Response) -> list[Mark]:
    """The marks of an ordering item (NGN extended drag-and-drop): 0/1 per position.

    The part of each mark is the position (``"1"``, ``"2"``, ...). The step placed at a position earns 1
    when it is the step the key puts there, else 0 (``wrong``); a position whose right step is not there
    gives a ``missed`` mark. There is no penalty: NCSBN scores extended drag-and-drop items either +/- or
    0/1, and uses +/- only where the learner chooses *which* options to move (then a wrong option moved
    in must cost a point, or moving everything would pay). Here every step belongs in the answer and
    only its place is asked, so a misplaced step already loses its own point, and a penalty would count
    the same mistake twice: 0/1 per position. The item's score is the number of steps in their right
    place (floor 0, max the number of steps).
    """
    if isinstance(response, (str, Mapping, set, frozenset)) or not isinstance(response, Sequence):
        raise ValueError(
            f"item {item.id!r}: an ordering response is a list of choice ids, first to last, not {response!r}"
        )
    known = [c.id for c in item.choices]
    seen: set[str] = set()
    for cid in response:
        if not isinstance(cid, str) or cid not in known:
            raise ValueError(f"item {item.id!r}: unknown step id {cid!r}; known: {', '.join(known)}")
        if cid in seen:
            raise ValueError(f"item {item.id!r}: step {cid!r} is placed twice")
        seen.add(cid)
    marks: list[Mark] = []
    for n, right in enumerate(item.order, start=1):
        placed = response[n - 1] if n <= len(response) else None
        if placed is not None:
            ok = placed == right
            marks.append(Mark(str(n), placed, "right" if ok else "wrong", int(ok)))
        if placed != right:
            marks.append(Mark(str(n), right, "missed", 0))
    return marks


def _score_matrix_multiple(item: Item, response: Response) -> list[Mark]:
    if not isinstance(response, Mapping):
        raise ValueError(
            f"item {item.id!r}: a matrix_multiple response is a mapping of row id to a collection of column ids, "
            f"not {response!r}"
        )
    rows = {r.id: r for r in item.rows}
    for row_id in response:
        if row_id not in rows:
            raise ValueError(f"item {item.id!r}: unknown row id {row_id!r}; known: {', '.join(rows)}")
    marks: list[Mark] = []
    for row in item.rows:
        chosen = _id_set(response.get(row.id), item.id, f"row {row.id!r}")
        marks += _score_choices(row.id, item.columns, set(row.answers), chosen, penalty=1, limit=None)
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
    """A response that earns full marks (in the format :func:`score` takes). Needs the item's key."""
    if not item.keyed:
        raise ValueError(f"item {item.id!r} has no answer key (a student version bank)")
    if item.type == "single":
        return item.correct_choices[0].id
    if item.type in ("multiple", "select_n", "highlight"):
        return {c.id for c in item.correct_choices}
    if item.type == "matrix":
        return {r.id: r.right for r in item.rows}
    if item.type == "matrix_multiple":
        return {r.id: set(r.answers) for r in item.rows}
    if item.type in ("cloze", "drag_drop"):
        return {b.id: b.right for b in item.blanks}
    if item.type == "ordering":
        return list(item.order)
    bowtie = item._bowtie()
    return {
        "condition": bowtie.condition.answers[0],
        "actions": set(bowtie.actions.answers),
        "parameters": set(bowtie.parameters.answers),
    }
