"""Blocks of lines that stand again elsewhere in a package: the same lines, or lines of the same shape
(alike but for their names, strings and numbers). Used by scripts/structure_report.py.

Lines are compared stripped of indentation; blank lines, comments, docstrings, import statements and lone
punctuation are passed over (as the ``duplicates`` tool does). For shape, lines made only of placeholders
and punctuation (``N = S,``: the rows of any table of values) are passed over too, and a run that stands
in more than :data:`MAX_PLACES` places is a pattern, not a copy. Each pair of places is one block,
extended as far as the lines keep matching.
"""

from __future__ import annotations

import ast
import hashlib
import keyword
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

__all__ = ["MAX_PLACES", "MIN_LINES", "DuplicateBlock", "Source", "duplicate_blocks", "normalised_lines"]

MIN_LINES = 6
MAX_PLACES = 8  # a same-shape run found in more places than this is a pattern, not a copy

_PUNCTUATION = re.compile(r"^[\s()\[\]{},:;.]*$")
# For "same shape": string literals, numbers and names (not keywords) each become one placeholder.
_STRING = re.compile(r"""[rbfuRBFU]{0,2}(?:'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|'''|\"\"\")""")
_NUMBER = re.compile(r"\b\d[\d_]*(?:\.\d+)?(?:[eE][-+]?\d+)?\b")
_NAME = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")
_THIN = re.compile(r"^[SN0\s()\[\]{},:;.=]*$")


@dataclass(frozen=True)
class DuplicateBlock:
    """``length`` normalised lines that stand at ``first`` and again at ``second`` ((module, line) each)."""

    first: tuple[str, int]
    second: tuple[str, int]
    length: int


class Source(Protocol):
    """A module as read: its dotted name, its text and its syntax tree."""

    @property
    def name(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def tree(self) -> ast.Module: ...


def _skipped_lines(tree: ast.Module) -> set[int]:
    """Line numbers (1-based) of docstrings (prose, not code) and of import statements."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                end = body[0].end_lineno or body[0].lineno
                lines.update(range(body[0].lineno, end + 1))
    return lines


def _shape(line: str) -> str:
    line = _STRING.sub("S", line)
    line = _NUMBER.sub("0", line)
    return _NAME.sub(lambda m: m.group(0) if keyword.iskeyword(m.group(0)) or m.group(0) == "S" else "N", line)


def normalised_lines(module: Source, *, shape: bool = False) -> list[tuple[int, str]]:
    """(line number, stripped text) of the lines that count for duplication; with ``shape``, the text
    has every string, number and name replaced by a placeholder."""
    skip = _skipped_lines(module.tree)
    kept = []
    for number, raw in enumerate(module.text.splitlines(), start=1):
        line = " ".join(raw.split())
        if number in skip or not line or line.startswith("#") or _PUNCTUATION.match(line):
            continue
        if shape:
            line = _shape(line)
            if _THIN.match(line):
                continue  # `N = S,` and the like: rows of any table of values look the same
        kept.append((number, line))
    return kept


def duplicate_blocks(
    modules: Sequence[Source], min_lines: int = MIN_LINES, *, shape: bool = False
) -> list[DuplicateBlock]:
    """Every pair of places sharing ``min_lines`` or more consecutive normalised lines, longest first
    (with ``shape``: lines alike but for their names, strings and numbers)."""
    lines = {m.name: normalised_lines(m, shape=shape) for m in modules}
    windows: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for name, kept in lines.items():
        for i in range(len(kept) - min_lines + 1):
            digest = hashlib.blake2b("\n".join(t for _, t in kept[i : i + min_lines]).encode(), digest_size=12)
            windows[digest.hexdigest()].append((name, i))

    def same(a: tuple[str, int], b: tuple[str, int]) -> bool:
        (ma, ia), (mb, ib) = a, b
        return ia < len(lines[ma]) and ib < len(lines[mb]) and lines[ma][ia][1] == lines[mb][ib][1]

    seen: set[tuple[tuple[str, int], tuple[str, int]]] = set()
    blocks: list[DuplicateBlock] = []
    for places in windows.values():
        if len(places) < 2 or (shape and len(places) > MAX_PLACES):
            continue  # alike in so many places it is a pattern (rows of a table), not a copy
        for x, a in enumerate(places):
            for b in places[x + 1 :]:
                if (a, b) in seen:
                    continue
                if a[0] == b[0] and abs(a[1] - b[1]) < min_lines:
                    continue  # a run repeating itself inside one window (e.g. a table of similar rows)
                # walk back to where the shared run starts, then forward to where it ends
                start_a, start_b = a, b
                while start_a[1] > 0 and start_b[1] > 0:
                    prev_a, prev_b = (start_a[0], start_a[1] - 1), (start_b[0], start_b[1] - 1)
                    if not same(prev_a, prev_b):
                        break
                    start_a, start_b = prev_a, prev_b
                length = 0
                while same((start_a[0], start_a[1] + length), (start_b[0], start_b[1] + length)):
                    seen.add(((start_a[0], start_a[1] + length), (start_b[0], start_b[1] + length)))
                    length += 1
                    if start_a[0] == start_b[0] and start_a[1] + length == start_b[1]:
                        break  # do not let a run in one file overlap its own copy
                if length >= min_lines:
                    blocks.append(
                        DuplicateBlock(
                            (start_a[0], lines[start_a[0]][start_a[1]][0]),
                            (start_b[0], lines[start_b[0]][start_b[1]][0]),
                            length,
                        )
                    )
    return sorted(set(blocks), key=lambda d: (-d.length, d.first, d.second))
