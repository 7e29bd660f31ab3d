"""Where the right answers sit in the question banks, and how long they are (pure logic, no files read).

A bank gives its answers away when the right options cluster: always the first options, mostly the
letter "b", or mostly the longest option. :func:`key_stats` counts this per *group*, a set of options
of which some are right:

* ``single``: the choices of a single-answer item (one right);
* ``multiple``: the choices of a select-all item;
* ``select_n``: the choices of a "select N" item;
* ``bowtie condition`` / ``bowtie actions`` / ``bowtie parameters``: one part of a bowtie item.
* ``cloze``: one drop-down of a cloze item (one right).

Matrix items have no such group (each row is answered against the same column headers).

For every group kind the counts are: how many groups; how many right options sit at each position
(0 = the first option in the file); how many groups have all their right options first (the first
*k* places for *k* right options); how many have the right options as the longest (each right option
longer, in characters, than every wrong one: a tie gives nothing away, so it does not count); and the
mean length of right and of wrong options.

``scripts/key_stats.py`` prints these tables; ``tests/test_quiz_balance.py`` holds the banks to bounds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from osteo_lib.content.quiz import BOWTIE_PARTS, Choice, Item

__all__ = ["GROUP_KINDS", "Group", "GroupStats", "groups_of", "key_stats"]

#: The group kinds, in the order :func:`key_stats` reports them.
GROUP_KINDS: tuple[str, ...] = ("single", "multiple", "select_n", *(f"bowtie {p}" for p in BOWTIE_PARTS))


@dataclass(frozen=True, slots=True)
class Group:
    """One set of options of which ``right`` are correct (an item's choices or a bowtie part)."""

    kind: str
    item: str
    choices: tuple[Choice, ...]
    right: frozenset[str]

    @property
    def positions(self) -> tuple[int, ...]:
        """The 0-based positions of the right options, in file order."""
        return tuple(i for i, c in enumerate(self.choices) if c.id in self.right)

    @property
    def right_first(self) -> bool:
        """True when the right options take the first places (k right options in places 0..k-1)."""
        return self.positions == tuple(range(len(self.right)))

    @property
    def right_longest(self) -> bool:
        """True when every right option is longer (in characters) than every wrong one."""
        right = [len(c.text) for c in self.choices if c.id in self.right]
        wrong = [len(c.text) for c in self.choices if c.id not in self.right]
        return bool(right and wrong) and min(right) > max(wrong)


@dataclass(frozen=True, slots=True)
class GroupStats:
    """The counts for one group kind (see the module docstring)."""

    kind: str
    groups: int
    right_at: tuple[int, ...]
    options_at: tuple[int, ...]
    right_first: int
    right_longest: int
    mean_right_length: float
    mean_wrong_length: float

    @property
    def right_options(self) -> int:
        return sum(self.right_at)


def groups_of(items: Iterable[Item]) -> Iterator[Group]:
    """Every group of ``items`` (single and select-all items, each bowtie part), in order."""
    for item in items:
        if item.type in ("single", "multiple", "select_n"):
            yield Group(item.type, item.id, item.choices, frozenset(c.id for c in item.correct_choices))
        elif item.type == "bowtie":
            bowtie = item._bowtie()
            for name in BOWTIE_PARTS:
                part = bowtie.part(name)
                yield Group(f"bowtie {name}", item.id, part.choices, frozenset(part.answers))
        elif item.type == "cloze" and item.keyed:
            for blank in item.blanks:
                yield Group("cloze", f"{item.id}.{blank.id}", blank.choices, frozenset({blank.right}))


def _mean(values: Sequence[int]) -> float:
    return sum(values) / len(values) if values else 0.0


def key_stats(items: Iterable[Item]) -> dict[str, GroupStats]:
    """The counts per group kind (only kinds that occur), in :data:`GROUP_KINDS` order."""
    by_kind: dict[str, list[Group]] = {}
    for group in groups_of(items):
        by_kind.setdefault(group.kind, []).append(group)
    stats = {}
    for kind in GROUP_KINDS:
        groups = by_kind.get(kind, [])
        if not groups:
            continue
        width = max(len(g.choices) for g in groups)
        right_at = [0] * width
        options_at = [0] * width
        for g in groups:
            for i in range(len(g.choices)):
                options_at[i] += 1
            for i in g.positions:
                right_at[i] += 1
        stats[kind] = GroupStats(
            kind=kind,
            groups=len(groups),
            right_at=tuple(right_at),
            options_at=tuple(options_at),
            right_first=sum(g.right_first for g in groups),
            right_longest=sum(g.right_longest for g in groups),
            mean_right_length=_mean([len(c.text) for g in groups for c in g.choices if c.id in g.right]),
            mean_wrong_length=_mean([len(c.text) for g in groups for c in g.choices if c.id not in g.right]),
        )
    return stats
