#!/usr/bin/env python3
"""Citation report: for every reference in data/references.yaml, how many records cite it and from
which data files, so that over-use of one source (a catch-all) and unused sources are visible.

What counts as a citation: every ``references:`` list (or single id) anywhere in data/*.yaml and
data/quizzes/*.yaml — methods and their cautions, evidence and how-to parts, causes, physiology,
healing, timeline, dashboard messages and warning signs, glossary terms, instructor kit, quiz items.
A record is the outermost object with an ``id`` above the list (e.g. ``methods.yaml#heat``), so a method
that cites the same source in its summary and in two cautions counts once as a record and three times
as a citation.

Usage::

    python scripts/citation_report.py              # table, most-cited first
    python scripts/citation_report.py --markdown   # the same as a Markdown table
    python scripts/citation_report.py --id paolucci2016   # every record citing one source
    python scripts/citation_report.py --max-records 40    # exit 1 if any source is cited by more records

The script reads the YAML directly (it does not need the catalog to load), so it also works on a
branch where a cited id is not yet in references.yaml; such ids are listed as "unknown".
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@dataclass
class Usage:
    """How one reference id is used."""

    id: str
    kind: str = ""
    year: str = ""
    known: bool = True
    records: set[str] = field(default_factory=set)  # "file#record"
    citations: int = 0  # every listing, counting repeats inside one record
    files: Counter[str] = field(default_factory=Counter)  # file -> records citing it there


def _walk(node: Any, record: str | None, path: tuple[str, ...]) -> Iterator[tuple[str | None, str, Any]]:
    """Yield (record id, field path, value) for every ``references`` key below ``node``."""
    if isinstance(node, Mapping):
        own = node.get("id")
        if record is None and isinstance(own, str):  # the outermost record (a method, not its caution)
            record, path = own, ()
        for key, value in node.items():
            if key == "references":
                yield record, ".".join(path) or "references", value
            else:
                yield from _walk(value, record, (*path, str(key)))
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, record, path)


def data_files(data: Path = DATA) -> list[Path]:
    """Every data file that may cite a source (references.yaml itself excluded)."""
    files = sorted(data.glob("*.yaml")) + sorted((data / "quizzes").glob("*.yaml"))
    return [f for f in files if f.name != "references.yaml"]


def collect(data: Path = DATA) -> dict[str, Usage]:
    """Usage of every reference id (known ones in references.yaml order, then unknown ids)."""
    refs = yaml.safe_load((data / "references.yaml").read_text(encoding="utf-8"))["references"]
    usage = {r["id"]: Usage(r["id"], str(r.get("kind", "")), str(r.get("year", ""))) for r in refs}
    for path in data_files(data):
        label = path.relative_to(data).as_posix()
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        per_file: dict[str, set[str]] = defaultdict(set)
        for record, _field, value in _walk(doc, None, ()):
            ids = value if isinstance(value, list) else [value]
            rec = f"{label}#{record or path.stem}"
            for rid in ids:
                if not isinstance(rid, str):
                    continue
                u = usage.setdefault(rid, Usage(rid, known=False))
                u.citations += 1
                u.records.add(rec)
                per_file[rid].add(rec)
        for rid, recs in per_file.items():
            usage[rid].files[label] += len(recs)
    return usage


def _files_text(u: Usage) -> str:
    return ", ".join(f"{f} ({n})" for f, n in u.files.most_common()) or "-"


def report(usage: Mapping[str, Usage], *, markdown: bool = False) -> str:
    rows = sorted(usage.values(), key=lambda u: (-len(u.records), u.id))
    total_records = len({r for u in usage.values() for r in u.records})
    lines: list[str] = []
    if markdown:
        lines += ["| reference | kind | year | records | citations | files (records) |", "|---|---|---|---:|---:|---|"]
        for u in rows:
            name = u.id if u.known else f"{u.id} (unknown)"
            lines.append(
                f"| {name} | {u.kind or '-'} | {u.year or '-'} | {len(u.records)} | {u.citations} | {_files_text(u)} |"
            )
    else:
        width = max(len(u.id) for u in rows) + 10
        lines.append(f"{'reference':<{width}} {'kind':<19} {'year':<5} {'records':>7} {'cites':>6}  files (records)")
        for u in rows:
            name = u.id if u.known else f"{u.id} (unknown)"
            lines.append(
                f"{name:<{width}} {u.kind or '-':<19} {u.year or '-':<5} {len(u.records):>7} "
                f"{u.citations:>6}  {_files_text(u)}"
            )
    unused = [u.id for u in rows if u.known and not u.records]
    unknown = [u.id for u in rows if not u.known]
    lines += [
        "",
        f"{len(usage)} reference ids, {total_records} citing records.",
        f"Not cited by any record: {', '.join(unused) or 'none'}.",
        f"Cited but not in references.yaml: {', '.join(unknown) or 'none'}.",
    ]
    return "\n".join(lines)


def records_of(usage: Mapping[str, Usage], rid: str) -> str:
    u = usage.get(rid)
    if u is None:
        return f"{rid}: not cited and not in references.yaml"
    return "\n".join([f"{rid}: {len(u.records)} records, {u.citations} citations", *sorted(u.records)])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--id", help="list every record that cites this reference id")
    parser.add_argument("--max-records", type=int, help="exit 1 if a source is cited by more records than this")
    parser.add_argument("--data", type=Path, default=DATA, help="the data directory (default: data/)")
    args = parser.parse_args(argv)
    usage = collect(args.data)
    print(records_of(usage, args.id) if args.id else report(usage, markdown=args.markdown))
    if args.max_records is not None:
        over = [u.id for u in usage.values() if len(u.records) > args.max_records]
        if over:
            print(f"Cited by more than {args.max_records} records: {', '.join(over)}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
