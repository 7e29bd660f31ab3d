"""Parallel pre-test and post-test forms from the question banks, and the pre/post score report (pure logic).

:func:`split_forms` splits the scored items of the banks into two parallel forms, A (the pre-test) and
B (the post-test):

* every learning objective that has at least two items is covered by both forms, with the same number
  of items in each (``n // 2``; with an odd count one item is left out of both);
* no item is in both forms;
* within each objective the two halves are chosen so that their Bloom levels and item types match as
  closely as the items allow, and among equally matched choices the one that keeps the running Bloom
  and type counts of the two forms closest wins;
* the split is deterministic: no randomness, ties are broken by item order in the banks.

Items of an unfolding case (``case_stage`` set) are left out: their stems depend on a story a student
taking the pre-test has not read. Objectives with a single item cannot be in both forms and are listed
in :attr:`Forms.single`.

:func:`prepost_report` takes a student's scored pre-test and post-test answers (item id -> points and
max points, as :func:`osteo_lib.care.quiz.score` gives them) and reports, per objective, the pre and
post percentage and the change.

Example::

    from osteo_lib.care.prepost import split_forms
    forms = split_forms(load_banks().values())
    [i.id for i in forms.a], [i.id for i in forms.b]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from osteo_lib.content.quiz import Bank, Item

__all__ = ["FORM_IDS", "Forms", "ObjectiveChange", "PrepostReport", "form_bank", "prepost_report", "split_forms"]

#: The two forms: ``a`` is the pre-test, ``b`` the post-test.
FORM_IDS = ("a", "b")


@dataclass(frozen=True, slots=True)
class Forms:
    """The two parallel forms (items in bank order) and what could not go in both."""

    a: tuple[Item, ...]
    b: tuple[Item, ...]
    #: Objective ids covered by both forms, in bank order.
    objectives: tuple[str, ...]
    #: Objective ids with only one usable item (in neither form).
    single: tuple[str, ...]
    #: Items left out of both forms: the odd item of an objective, and items of an objective with one item.
    unused: tuple[Item, ...]
    #: Item id -> the id of the bank it comes from.
    bank_of: Mapping[str, str]

    def form(self, form_id: str) -> tuple[Item, ...]:
        """The items of form ``a`` or ``b``."""
        if form_id not in FORM_IDS:
            raise ValueError(f"form must be one of {FORM_IDS}, not {form_id!r}")
        return self.a if form_id == "a" else self.b

    def objective_of(self, item_id: str) -> str | None:
        """The objective of an item of either form (None for an item in neither)."""
        for item in (*self.a, *self.b):
            if item.id == item_id:
                return item.objective
        return None


def _usable(banks: Iterable[Bank]) -> list[tuple[Bank, Item]]:
    return [(b, i) for b in banks for i in b.items if i.objective and i.case_stage is None]


def _traits(items: Iterable[Item]) -> Counter[tuple[str, str]]:
    counts: Counter[tuple[str, str]] = Counter()
    for i in items:
        counts["bloom", i.bloom or ""] += 1
        counts["type", i.type] += 1
    return counts


def _difference(a: Counter[tuple[str, str]], b: Counter[tuple[str, str]]) -> int:
    return sum(abs(a[k] - b[k]) for k in a.keys() | b.keys())


def _best_split(
    items: Sequence[Item], total_a: Counter[tuple[str, str]], total_b: Counter[tuple[str, str]]
) -> tuple[tuple[Item, ...], tuple[Item, ...]]:
    """The ``n // 2`` items for A and for B that match best (see the module docstring)."""
    half = len(items) // 2
    best: tuple[tuple[int, int], tuple[Item, ...], tuple[Item, ...]] | None = None
    for picked_a in combinations(range(len(items)), half):
        rest = [k for k in range(len(items)) if k not in picked_a]
        for picked_b in combinations(rest, half):
            a = tuple(items[k] for k in picked_a)
            b = tuple(items[k] for k in picked_b)
            ta, tb = _traits(a), _traits(b)
            cost = (_difference(ta, tb), _difference(total_a + ta, total_b + tb))
            if best is None or cost < best[0]:  # strictly better: the first in item order wins a tie
                best = (cost, a, b)
    assert best is not None  # half >= 1, so there is at least one split
    return best[1], best[2]


def split_forms(banks: Iterable[Bank]) -> Forms:
    """Split the items of ``banks`` into the parallel forms A and B (see the module docstring)."""
    usable = _usable(banks)
    by_objective: dict[str, list[Item]] = {}
    for _, item in usable:
        by_objective.setdefault(item.objective or "", []).append(item)
    in_a: set[str] = set()
    in_b: set[str] = set()
    total_a: Counter[tuple[str, str]] = Counter()
    total_b: Counter[tuple[str, str]] = Counter()
    covered: list[str] = []
    single: list[str] = []
    for objective, items in by_objective.items():
        if len(items) < 2:
            single.append(objective)
            continue
        a, b = _best_split(items, total_a, total_b)
        total_a += _traits(a)
        total_b += _traits(b)
        in_a.update(i.id for i in a)
        in_b.update(i.id for i in b)
        covered.append(objective)
    return Forms(
        a=tuple(i for _, i in usable if i.id in in_a),
        b=tuple(i for _, i in usable if i.id in in_b),
        objectives=tuple(covered),
        single=tuple(single),
        unused=tuple(i for _, i in usable if i.id not in in_a and i.id not in in_b),
        bank_of={i.id: b.id for b, i in usable},
    )


def form_bank(forms: Forms, form_id: str, title: str) -> Bank:
    """Form ``a`` or ``b`` as a bank of its own (id ``prepost_a`` / ``prepost_b``), e.g. for the LMS export."""
    return Bank(id=f"prepost_{form_id}", title=title, items=forms.form(form_id))


# --- the score report ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ObjectiveChange:
    """One objective's points before and after."""

    objective: str
    pre_points: int
    pre_max: int
    post_points: int
    post_max: int

    @staticmethod
    def _percent(points: int, most: int) -> float | None:
        return 100.0 * points / most if most else None

    @property
    def pre_percent(self) -> float | None:
        """Pre-test points as a percentage of the most possible (None when nothing was answered)."""
        return self._percent(self.pre_points, self.pre_max)

    @property
    def post_percent(self) -> float | None:
        """Post-test points as a percentage of the most possible (None when nothing was answered)."""
        return self._percent(self.post_points, self.post_max)

    @property
    def change(self) -> float | None:
        """Post minus pre, in percentage points (None unless both were answered)."""
        pre, post = self.pre_percent, self.post_percent
        return None if pre is None or post is None else post - pre


@dataclass(frozen=True, slots=True)
class PrepostReport:
    """Per objective (in the order given), then the totals."""

    objectives: tuple[ObjectiveChange, ...]

    @property
    def total(self) -> ObjectiveChange:
        """All objectives together (objective id ``""``)."""
        return ObjectiveChange(
            "",
            sum(o.pre_points for o in self.objectives),
            sum(o.pre_max for o in self.objectives),
            sum(o.post_points for o in self.objectives),
            sum(o.post_max for o in self.objectives),
        )


def prepost_report(
    objective_of: Mapping[str, str],
    pre: Mapping[str, tuple[int, int]],
    post: Mapping[str, tuple[int, int]],
    order: Sequence[str] = (),
) -> PrepostReport:
    """Per objective, the pre and post points of one student.

    ``objective_of`` maps item id -> objective id; ``pre`` and ``post`` map item id -> (points, max
    points) of the scored answers. Objectives are listed in ``order`` first, then in the order first
    met; an objective with no answer in either file is left out. Raises ``KeyError`` naming an item
    whose objective is unknown.
    """
    sums: dict[str, list[int]] = {o: [0, 0, 0, 0] for o in order}
    for offset, scored in ((0, pre), (2, post)):
        for item_id, (points, most) in scored.items():
            row = sums.setdefault(objective_of[item_id], [0, 0, 0, 0])
            row[offset] += points
            row[offset + 1] += most
    return PrepostReport(
        tuple(ObjectiveChange(o, *row) for o, row in sums.items() if row[1] or row[3]),
    )
