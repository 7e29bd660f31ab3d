"""Print the package's structure figures: modules, public names, lines, the largest module, modules
over the size limit, import cycles and duplicated blocks of code.

    .venv/bin/python scripts/structure_report.py                 # this checkout's osteo_lib/
    .venv/bin/python scripts/structure_report.py /tmp/before     # another tree (e.g. a `git archive` export)
    .venv/bin/python scripts/structure_report.py --rev d7a09d7   # a commit of this repository
    .venv/bin/python scripts/structure_report.py --json          # the same figures as JSON

Everything is read from the source text (AST and lines); nothing is imported, so any layout counts:
the old flat ``osteo_lib/*.py`` and the layered ``osteo_lib/{content,care,views,apps}/``.

- *public names*: the length of ``__all__`` where a module has one, else its top-level names that do not
  start with ``_`` (functions, classes, assigned names; imported names do not count).
- *import cycles*: strongly connected groups of modules in the graph of imports that run when a module
  is imported (top level, not under ``TYPE_CHECKING``); cycles that also need imports made inside
  functions are counted apart, as they only matter at call time.
- *duplicated blocks*: places where 6 or more consecutive lines stand again elsewhere in the package,
  word for word or by shape (alike but for names, strings and numbers); see scripts/duplicate_lines.py.
"""

from __future__ import annotations

import argparse
import ast
import json
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # its sibling, also when loaded by file path
from duplicate_lines import MIN_LINES, DuplicateBlock, duplicate_blocks

__all__ = [
    "Module",
    "Report",
    "format_report",
    "import_cycles",
    "import_graph",
    "main",
    "public_names",
    "read_modules",
    "report",
]

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "osteo_lib"
SIZE_LIMIT = 400


@dataclass
class Module:
    """One ``.py`` file of the package."""

    name: str  # dotted, e.g. osteo_lib.content.registry (a package's __init__ is the package's name)
    path: Path
    text: str
    tree: ast.Module
    is_package: bool

    @property
    def lines(self) -> int:
        return len(self.text.splitlines())


@dataclass
class Report:
    modules: int
    public_names: int
    modules_without_all: list[str]
    total_lines: int
    largest: tuple[str, int]
    over_limit: list[tuple[str, int]]
    cycles: list[list[str]]
    cycles_with_deferred_imports: list[list[str]]
    min_lines: int = MIN_LINES
    duplicates: list[DuplicateBlock] = field(default_factory=list)
    shape_duplicates: list[DuplicateBlock] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "modules": self.modules,
            "public_names": self.public_names,
            "modules_without_all": self.modules_without_all,
            "total_lines": self.total_lines,
            "largest_module": {"module": self.largest[0], "lines": self.largest[1]},
            f"modules_over_{SIZE_LIMIT}_lines": [{"module": m, "lines": n} for m, n in self.over_limit],
            "import_cycles": self.cycles,
            "import_cycles_with_deferred_imports": self.cycles_with_deferred_imports,
            "min_lines": self.min_lines,
            "duplicated_blocks": len(self.duplicates),
            "duplicated_lines": sum(d.length for d in self.duplicates),
            "duplicates": [_block(d) for d in self.duplicates],
            "same_shape_blocks": len(self.shape_duplicates),
            "same_shape_lines": sum(d.length for d in self.shape_duplicates),
            "same_shape": [_block(d) for d in self.shape_duplicates],
        }


def _block(d: DuplicateBlock) -> dict[str, Any]:
    return {"first": f"{d.first[0]}:{d.first[1]}", "second": f"{d.second[0]}:{d.second[1]}", "lines": d.length}


# --- reading ------------------------------------------------------------------------------------------


def read_modules(root: Path, package: str = PACKAGE) -> list[Module]:
    """Every ``.py`` file under ``root/package``, parsed."""
    base = root / package
    if not base.is_dir():
        raise SystemExit(f"no {package}/ folder in {root}")
    modules = []
    for path in sorted(base.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        text = path.read_text(encoding="utf-8")
        modules.append(Module(".".join(parts), path, text, ast.parse(text, str(path)), is_package))
    return modules


def _top_level(body: Iterable[ast.stmt]) -> Iterator[ast.stmt]:
    """Module-level statements, looking inside top-level if/try/with blocks (not functions or classes)."""
    for node in body:
        yield node
        if isinstance(node, ast.If):
            yield from _top_level(node.body)
            yield from _top_level(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                yield from _top_level(block)
        elif isinstance(node, ast.With):
            yield from _top_level(node.body)


def _dunder_all(tree: ast.Module) -> list[str] | None:
    names: list[str] | None = None
    for node in _top_level(tree.body):
        target: ast.expr | None = None
        value: ast.expr | None = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            target, value = node.target, node.value
        if isinstance(target, ast.Name) and target.id == "__all__" and value is not None:
            try:
                found = list(ast.literal_eval(value))
            except ValueError:  # built from other names: count what can be read
                found = []
            names = (names or []) + found if isinstance(node, ast.AugAssign) else found
    return names


def _assigned(target: ast.expr) -> Iterator[str]:
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, ast.Tuple | ast.List):
        for elt in target.elts:
            yield from _assigned(elt)


def public_names(module: Module) -> tuple[list[str], bool]:
    """(the module's public names, whether they come from ``__all__``)."""
    listed = _dunder_all(module.tree)
    if listed is not None:
        return listed, True
    names: list[str] = []
    for node in _top_level(module.tree.body):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                names.extend(_assigned(target))
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            names.extend(_assigned(node.target))
    public = [n for n in dict.fromkeys(names) if not n.startswith("_")]
    return public, False


# --- imports and cycles -------------------------------------------------------------------------------


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.Module) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """(import statement, whether it runs when the module is imported)."""

    def visit(nodes: Iterable[ast.AST], at_import: bool) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
        for node in nodes:
            if isinstance(node, ast.Import | ast.ImportFrom):
                yield node, at_import
            elif isinstance(node, ast.If) and _is_type_checking(node):
                continue  # never runs
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                yield from visit(ast.iter_child_nodes(node), False)
            else:
                yield from visit(ast.iter_child_nodes(node), at_import)

    yield from visit(tree.body, True)


def _imported_modules(module: Module, node: ast.Import | ast.ImportFrom, known: set[str]) -> list[str]:
    """The package's modules that ``node`` imports (by name; a name that is no module means its package)."""

    def resolve(name: str) -> str | None:
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name or None

    if isinstance(node, ast.Import):
        targets = [a.name for a in node.names]
    else:
        if node.level:
            package = module.name if module.is_package else module.name.rpartition(".")[0]
            base = package.split(".")
            base = base[: len(base) - node.level + 1]
            stem = ".".join(base + ([node.module] if node.module else []))
        else:
            stem = node.module or ""
        targets = [f"{stem}.{a.name}" if f"{stem}.{a.name}" in known else stem for a in node.names]
    found = [resolve(t) for t in targets]
    return sorted({f for f in found if f and f != module.name})


def import_graph(modules: Sequence[Module], *, deferred: bool) -> dict[str, set[str]]:
    known = {m.name for m in modules}
    graph: dict[str, set[str]] = {m.name: set() for m in modules}
    for module in modules:
        for node, at_import in _import_nodes(module.tree):
            if at_import or deferred:
                graph[module.name].update(_imported_modules(module, node, known))
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted, largest first."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0

    def strongconnect(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(graph) + 100))
    try:
        for v in sorted(graph):
            if v not in index:
                strongconnect(v)
    finally:
        sys.setrecursionlimit(limit)
    return sorted(groups, key=lambda g: (-len(g), g))


# --- the report ---------------------------------------------------------------------------------------


def report(root: Path, package: str = PACKAGE, min_lines: int = MIN_LINES) -> Report:
    modules = read_modules(root, package)
    public = 0
    without_all = []
    for module in modules:
        names, from_all = public_names(module)
        public += len(names)
        if not from_all:
            without_all.append(module.name)
    sizes = sorted(((m.name, m.lines) for m in modules), key=lambda x: (-x[1], x[0]))
    return Report(
        modules=len(modules),
        public_names=public,
        modules_without_all=without_all,
        total_lines=sum(n for _, n in sizes),
        largest=sizes[0],
        over_limit=[s for s in sizes if s[1] > SIZE_LIMIT],
        cycles=import_cycles(import_graph(modules, deferred=False)),
        cycles_with_deferred_imports=import_cycles(import_graph(modules, deferred=True)),
        min_lines=min_lines,
        duplicates=duplicate_blocks(modules, min_lines),
        shape_duplicates=duplicate_blocks(modules, min_lines, shape=True),
    )


def format_report(r: Report, label: str, show: int = 10) -> str:
    out = [
        f"Structure of {label}",
        f"  modules:                    {r.modules}",
        f"  public names:               {r.public_names}"
        + (
            f" ({len(r.modules_without_all)} modules without __all__ counted by their top-level names)"
            if r.modules_without_all
            else " (all from __all__)"
        ),
        f"  total lines:                {r.total_lines}",
        f"  largest module:             {r.largest[0]} ({r.largest[1]} lines)",
        f"  modules over {SIZE_LIMIT} lines:      {len(r.over_limit)}"
        + "".join(f"\n    {name} ({n})" for name, n in r.over_limit),
        f"  import cycles:              {len(r.cycles)}" + "".join(f"\n    {' <-> '.join(c)}" for c in r.cycles),
        f"  cycles via deferred imports: {len(r.cycles_with_deferred_imports)}"
        + "".join(f"\n    {' <-> '.join(c)}" for c in r.cycles_with_deferred_imports),
    ]
    for title, blocks in (("duplicated blocks", r.duplicates), ("same-shape blocks", r.shape_duplicates)):
        out.append(f"  {title} ({r.min_lines}+ lines): {len(blocks)} ({sum(d.length for d in blocks)} lines)")
        for d in blocks[:show]:
            out.append(f"    {d.length:3d} lines  {d.first[0]}:{d.first[1]}  ~  {d.second[0]}:{d.second[1]}")
        if len(blocks) > show:
            out.append(f"    (+{len(blocks) - show} more)")
    return "\n".join(out)


def _export(rev: str, into: Path) -> None:
    """``git archive rev`` of this repository, unpacked into ``into``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], capture_output=True, check=False)
    if archive.returncode:
        raise SystemExit(f"git archive {rev} failed: {archive.stderr.decode().strip()}")
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", nargs="?", type=Path, default=ROOT, help="the tree to read (default: this checkout)")
    parser.add_argument("--rev", help="read this commit of the repository instead (exported with git archive)")
    parser.add_argument("--package", default=PACKAGE, help=f"the package folder (default {PACKAGE})")
    parser.add_argument("--min-lines", type=int, default=MIN_LINES, help="shortest duplicated block counted")
    parser.add_argument("--show", type=int, default=10, help="how many duplicated blocks to list")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        root = args.root
        label = str(root)
        if args.rev:
            root = Path(tmp)
            _export(args.rev, root)
            label = f"{args.rev} (git archive)"
        r = report(root, args.package, args.min_lines)
    if args.json:
        print(json.dumps({"tree": label, **r.as_dict()}, indent=2))
    else:
        print(format_report(r, label, args.show))
    return 0


if __name__ == "__main__":
    sys.exit(main())
