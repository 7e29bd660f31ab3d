#!/usr/bin/env python3
"""Alignment statistics of the question banks: counts per item type, per clinical judgment step, per
Bloom level and per notebook, and the absolute words ("always", "never", "only" ...) in wrong options.

Each item of ``data/quizzes`` is tagged with the learning objective it assesses (``objective``, an id
from ``data/notebooks.yaml``), its NCSBN clinical judgment step (``clinical_judgment_step``) and its
Bloom level (``bloom``); ``tests/test_quiz_alignment.py`` holds the banks to the rules these counts
show. Items without a tag are counted as "(none)", so the script also reads an older data folder.

Usage::

    python scripts/item_stats.py                        # the banks of this checkout (data/quizzes)
    python scripts/item_stats.py --data ../main/data    # another checkout's data folder
    python scripts/item_stats.py --absolutes            # also list every wrong option with an absolute
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from osteo_lib.content.catalog import load_catalog  # noqa: E402
from osteo_lib.content.quiz import (  # noqa: E402
    BLOOM_LEVELS,
    BOWTIE_PARTS,
    ITEM_TYPES,
    JUDGMENT_STEPS,
    Bank,
    Item,
    load_banks,
)

NONE = "(none)"
#: Bloom levels that count as "apply or higher".
APPLY_OR_HIGHER = frozenset(BLOOM_LEVELS[BLOOM_LEVELS.index("apply") :])
#: Absolute words that let a test-wise student rule an option out without knowing the content.
ABSOLUTES = re.compile(
    r"\b(always|never|only|all|any|none|nothing|no one|everyone|everything|completely|entirely|cannot|must)\b",
    re.IGNORECASE,
)


def wrong_options(item: Item) -> Iterator[str]:
    """The texts of the options that are not right: wrong choices of single and select-all items and
    the choices of each bowtie part that are not among its answers and of each cloze drop-down that
    are not its answer (matrix columns are shared by every row, so they have no wrong option of their own)."""
    yield from (c.text for c in item.choices if not c.correct)
    for blank in item.blanks:
        yield from (c.text for c in blank.choices if c.id != blank.answer)
    if item.bowtie is not None:
        for name in BOWTIE_PARTS:
            part = item.bowtie.part(name)
            yield from (c.text for c in part.choices if c.id not in part.answers)


def absolutes(items: Iterable[Item]) -> list[tuple[str, str]]:
    """(item id, option text) for every wrong option that contains an absolute word."""
    return [(i.id, text) for i in items for text in wrong_options(i) if ABSOLUTES.search(text)]


def apply_or_higher(items: Iterable[Item]) -> tuple[int, int]:
    """(items at Bloom level apply or higher, all items)."""
    levels = [i.bloom for i in items]
    return sum(level in APPLY_OR_HIGHER for level in levels), len(levels)


def _row(label: str, counts: Counter[str], keys: Iterable[str]) -> str:
    return "| " + " | ".join([label, *(str(counts.get(k, 0)) for k in keys), str(sum(counts.values()))]) + " |"


def _table(title: str, banks: dict[str, Bank], keys: tuple[str, ...], field: str) -> str:
    """One row per bank, one column per value of ``field`` (plus untagged items if any), and a total row."""
    items = [i for b in banks.values() for i in b.items]
    columns = [*keys, *([NONE] if any(getattr(i, field) is None for i in items) else [])]
    lines = [f"**{title}**", "", "| bank | " + " | ".join(columns) + " | total |", "|" + "---|" * (len(columns) + 2)]
    for bank_id, bank in banks.items():
        counts = Counter(getattr(i, field) or NONE for i in bank.items)
        lines.append(_row(bank_id, counts, columns))
    lines.append(_row("**all**", Counter(getattr(i, field) or NONE for i in items), columns))
    return "\n".join(lines)


def trend_line(banks: dict[str, Bank]) -> str:
    """How many items are trend items (their stem shows data over time, any item type), and which."""
    trend = [i.id for b in banks.values() for i in b.items if i.trend is not None]
    return f"Trend items (data over time in the stem): {len(trend)}" + (f" ({', '.join(trend)})" if trend else "")


def report(banks: dict[str, Bank], list_absolutes: bool = False) -> str:
    """The whole report as Markdown."""
    items = [i for b in banks.values() for i in b.items]
    high, total = apply_or_higher(items)
    found = absolutes(items)
    objectives = Counter(i.objective or NONE for i in items)
    parts = [
        f"{total} items in {len(banks)} banks; apply or higher: {high}/{total} ({100 * high / total:.0f} %); "
        f"{len(objectives) - (NONE in objectives)} objectives assessed; "
        f"wrong options with an absolute word: {len(found)}",
        _table("Item types", banks, ITEM_TYPES, "type"),
        trend_line(banks),
        _table("Clinical judgment steps", banks, JUDGMENT_STEPS, "clinical_judgment_step"),
        _table("Bloom levels", banks, BLOOM_LEVELS, "bloom"),
    ]
    if list_absolutes:
        parts.append("\n".join(f"- {item}: {text}" for item, text in found) or "(no absolute words)")
    return "\n\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="the data folder (default: this checkout's data/)")
    parser.add_argument("--absolutes", action="store_true", help="also list the wrong options with absolute words")
    args = parser.parse_args(argv)
    catalog = load_catalog(args.data.resolve() if args.data else None)
    banks = dict(sorted(load_banks(catalog).items()))
    print(f"Question banks of {catalog.source}\n")
    print(report(banks, args.absolutes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
