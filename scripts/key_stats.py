#!/usr/bin/env python3
"""Key statistics of the question banks: where the right options sit and how long they are.

For each kind of option group (single-answer items, select-all items, each bowtie part) it prints:

* how many right options sit at each position (a, b, c ... = the order in the YAML file), with the
  number of groups that have an option there;
* how many groups have all their right options first (k right options in the first k places);
* how many groups have their right options as the longest (each right option longer, in characters,
  than every wrong one; a tie does not count);
* the mean length of right and of wrong options.

The counts are made by :func:`osteo_lib.care.quiz_balance.key_stats`; ``tests/test_quiz_balance.py``
holds the banks to bounds. The order a student sees is shuffled per student
(:mod:`osteo_lib.care.quiz_order`); these counts are about the file order, which the instructor's
answer keys, printed copies and exports follow.

Usage::

    python scripts/key_stats.py                    # the banks of this checkout (data/quizzes)
    python scripts/key_stats.py --data ../main/data   # another checkout's data folder
    python scripts/key_stats.py --items            # also one line per group (positions, longest)
"""

from __future__ import annotations

import argparse
import string
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from osteo_lib.care.quiz_balance import GroupStats, groups_of, key_stats  # noqa: E402
from osteo_lib.content.catalog import load_catalog  # noqa: E402
from osteo_lib.content.quiz import Item, load_banks  # noqa: E402


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f} %)" if whole else "0/0"


def table(stats: dict[str, GroupStats]) -> str:
    """The statistics as a Markdown table (one row per group kind)."""
    width = max(len(s.right_at) for s in stats.values())
    letters = string.ascii_lowercase[:width]
    head = ["kind", "groups", *letters, "right first", "right longest", "mean length right / wrong"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for s in stats.values():
        cells = [f"{s.right_at[i]}/{s.options_at[i]}" if i < len(s.right_at) else "" for i in range(width)]
        row = [
            s.kind,
            str(s.groups),
            *cells,
            _pct(s.right_first, s.groups),
            _pct(s.right_longest, s.groups),
            f"{s.mean_right_length:.0f} / {s.mean_wrong_length:.0f}",
        ]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def item_lines(items: list[Item]) -> str:
    lines = []
    for g in groups_of(items):
        where = ",".join(string.ascii_lowercase[i] for i in g.positions)
        flags = " ".join(f for f, on in (("FIRST", g.right_first), ("LONGEST", g.right_longest)) if on)
        lines.append(f"{g.item:<24} {g.kind:<18} right at {where:<8} of {len(g.choices)} {flags}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="the data folder (default: this checkout's data/)")
    parser.add_argument("--items", action="store_true", help="also print one line per option group")
    args = parser.parse_args(argv)
    catalog = load_catalog(args.data.resolve() if args.data else None)
    banks = load_banks(catalog)
    items = [i for b in sorted(banks) for i in banks[b].items]
    stats = key_stats(items)
    print(f"Key positions and lengths: {len(items)} items in {len(banks)} banks ({catalog.source})")
    print("Cells: right options at that position / groups with an option there.\n")
    print(table(stats))
    if args.items:
        print()
        print(item_lines(items))
    return 0


if __name__ == "__main__":
    sys.exit(main())
