#!/usr/bin/env python3
"""Reading level of every patient-facing text of the workbook (Flesch-Kincaid grade, textstat 0.7.3).

What is measured:

* every module-level ``TEXT`` dict in ``osteo_lib`` (found by importing every module), plus the other
  patient-facing string tables there: ``NEEDS_TEXT`` and the ``*_LABELS`` dicts; each dict is counted
  once, under the module that defines it. Tables named for another audience (``STUDENT_TEXT`` for
  nursing students, ``INSTRUCTOR_TEXT`` for instructors), and tables read from a data/ui area whose
  audience is not ``patient``, are left out;
* the patient fields of data/*.yaml: every ``patient_text``, ``patient_summary``, ``patient_label``,
  ``patient_steps`` (each step) and ``patient_after``
  (methods, cautions, how it works, how to use, causes, physiology, healing, timeline ...), the
  glossary's ``definition``, the methods' ``examples``, ``benefits``, ``onset``, ``relief_duration`` and
  ``frequency``;
* the dashboard's own words (data/dashboard.yaml: title, disclaimer, section names, messages and
  intros, questions, warning signs);
* the words of the Voila template itself (the ``TEXT`` object of the "this page has stopped" notice in
  share/jupyter/voila/templates/osteo/index.html.j2).

Placeholders such as ``{name}`` are read as the word "it". Texts under 4 words (labels like "Heat" or
"Date") are listed but not graded: the Flesch-Kincaid formula needs sentences to mean anything.
The targets (issue 5): no text above grade 8, and a mean of grade 6 or lower. Grades below 0 (very
short, simple sentences) count as 0 in the mean, so easy texts cannot hide hard ones.

textstat 0.7.3 counts syllables with pyphen's dictionary and needs no download (0.7.4 and later fetch
NLTK data at run time and fail offline).

Usage::

    python scripts/readability.py            # distribution, hardest texts; exit 1 if a target is missed
    python scripts/readability.py --all      # every graded text with its grade
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import statistics
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MIN_WORDS = 4
MAX_GRADE = 8.0
MAX_MEAN = 6.0
PATIENT_KEYS = frozenset({"patient_text", "patient_summary", "patient_label", "patient_steps", "patient_after"})
METHOD_KEYS = frozenset(
    {"examples", "benefits", "onset", "relief_duration", "frequency", "patient_risk", "not_for", "unknown"}
)
DATA_FILES = ("physiology", "causes", "methods", "glossary", "timeline", "pictures")
PICTURE_KEYS = frozenset({"title", "alt", "steps", "ends"})  # data/pictures.yaml: every word a patient sees
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Text:
    """One patient-facing text: where it comes from and the words."""

    source: str  # e.g. "osteo_lib.care.diary.TEXT" or "data/methods.yaml"
    where: str  # the key or the path inside the source
    text: str

    @property
    def label(self) -> str:
        return f"{self.source}: {self.where}"


@dataclass(frozen=True)
class Graded:
    text: Text
    words: int
    grade: float | None  # None: fewer than MIN_WORDS words, not graded


# --- collecting -----------------------------------------------------------------------------------
def _is_string_table(value: object) -> bool:
    return (
        isinstance(value, Mapping)
        and bool(value)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
    )


OTHER_AUDIENCES = ("STUDENT_", "INSTRUCTOR_")


def _is_patient_table(name: str) -> bool:
    if name.startswith(OTHER_AUDIENCES):
        return False
    return name == "TEXT" or name.endswith(("_TEXT", "_LABELS"))


def code_texts(package: str = "osteo_lib") -> Iterator[Text]:
    """Every entry of every patient string table in the package's modules, each table once."""
    root = importlib.import_module(package)
    modules = [root, *(importlib.import_module(m.name) for m in pkgutil.walk_packages(root.__path__, f"{package}."))]
    # lower layers first, so a table is named after the module that defines it, not one that imports it
    layers = ("content", "care", "views", "apps")
    modules.sort(key=lambda m: next((i for i, layer in enumerate(layers) if f".{layer}." in f"{m.__name__}."), -1))
    seen: set[int] = set()
    for module in modules:
        for name, value in vars(module).items():
            if _is_patient_table(name) and _is_string_table(value) and id(value) not in seen:
                if getattr(value, "audience", "patient") != "patient":
                    continue  # the texts of a data/ui area written for students or instructors
                seen.add(id(value))
                for key, text in value.items():
                    yield Text(f"{module.__name__}.{name}", key, text)


def _walk(node: Any, path: str, keys: frozenset[str]) -> Iterator[tuple[str, str]]:
    if isinstance(node, Mapping):
        here = f"{path}[{node['id']}]" if isinstance(node.get("id"), str) else path
        for key, value in node.items():
            if key in keys:
                for i, item in enumerate(value if isinstance(value, list) else [value]):
                    if isinstance(item, str):
                        yield (f"{here}.{key}" + (f"[{i}]" if isinstance(value, list) else "")).lstrip("."), item
            else:
                yield from _walk(value, f"{here}.{key}", keys)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, path, keys)


def data_texts(directory: Path | None = None) -> Iterator[Text]:
    """The patient fields of the content files and every text of data/dashboard.yaml."""
    from osteo_lib.content import validate as _validate
    from osteo_lib.content.catalog import load_catalog
    from osteo_lib.content.dashboard import load_dashboard
    from osteo_lib.content.paths import data_dir

    folder = directory or data_dir()
    for name in DATA_FILES:
        doc = _validate.read_yaml(folder / f"{name}.yaml", f"{folder.name}/{name}.yaml")
        keys = PATIENT_KEYS | (METHOD_KEYS if name == "methods" else frozenset())
        keys |= PICTURE_KEYS if name == "pictures" else frozenset()
        for where, text in _walk(doc, "", keys):
            yield Text(f"data/{name}.yaml", where, text)
        if name == "glossary":
            for term in doc["terms"]:
                yield Text("data/glossary.yaml", f"terms[{term['id']}].definition", term["definition"])
    for where, text in load_dashboard(load_catalog(folder)).patient_texts():
        yield Text("data/dashboard.yaml", where, text)
    from osteo_lib.content.ui import ui_areas, ui_texts

    for area in ui_areas(folder):  # data/ui/<area>.yaml written for patients
        texts = ui_texts(area, folder)
        if texts.audience == "patient":
            for key, text in texts.items():
                yield Text(f"data/ui/{area}.yaml", key, text)


TEMPLATE = ROOT / "share" / "jupyter" / "voila" / "templates" / "osteo" / "index.html.j2"
_TEMPLATE_TEXT = re.compile(r"var TEXT = \{(?P<body>.*?)\};", re.S)
_TEMPLATE_ENTRY = re.compile(r'(?P<key>\w+): "(?P<text>[^"]*)"')


def template_texts(path: Path = TEMPLATE) -> Iterator[Text]:
    """The words the dashboard's Voila template shows by itself (its ``var TEXT = {...}`` object)."""
    found = _TEMPLATE_TEXT.search(path.read_text(encoding="utf-8"))
    if found is None:
        raise ValueError(f"{path}: no 'var TEXT = {{...}};' object with the template's words")
    for entry in _TEMPLATE_ENTRY.finditer(found.group("body")):
        yield Text("template/index.html.j2", f"TEXT.{entry['key']}", entry["text"])


def all_texts() -> list[Text]:
    return [*code_texts(), *data_texts(), *template_texts()]


# --- grading --------------------------------------------------------------------------------------
def plain(text: str) -> str:
    """The text as a reader sees it: placeholders read as "it", no markup, single spaces."""
    return " ".join(_TAG.sub(" ", _PLACEHOLDER.sub("it", text)).split())


def grade_texts(texts: Iterable[Text]) -> list[Graded]:
    import textstat

    graded = []
    for t in texts:
        words = plain(t.text)
        count = int(textstat.lexicon_count(words, removepunct=True))
        grade = float(textstat.flesch_kincaid_grade(words)) if count >= MIN_WORDS else None
        graded.append(Graded(t, count, grade))
    return graded


@dataclass(frozen=True)
class Report:
    graded: list[Graded]

    @property
    def grades(self) -> list[float]:
        return [g.grade for g in self.graded if g.grade is not None]

    @property
    def mean(self) -> float:
        """Mean grade, with grades below 0 counted as 0."""
        return statistics.fmean(max(0.0, g) for g in self.grades)

    @property
    def too_hard(self) -> list[Graded]:
        return sorted(
            (g for g in self.graded if g.grade is not None and g.grade > MAX_GRADE), key=lambda g: -(g.grade or 0)
        )

    @property
    def ok(self) -> bool:
        return not self.too_hard and self.mean <= MAX_MEAN

    def lines(self, *, show_all: bool = False, hardest: int = 10) -> list[str]:
        grades = self.grades
        skipped = len(self.graded) - len(grades)
        out = [
            f"Patient-facing texts: {len(self.graded)} ({len(grades)} graded; {skipped} under {MIN_WORDS} words "
            "are not graded, Flesch-Kincaid cannot grade them)",
            f"Flesch-Kincaid grade: mean {self.mean:.2f} (grades below 0 counted as 0; raw mean "
            f"{statistics.fmean(grades):.2f}), median {statistics.median(grades):.1f}, "
            f"min {min(grades):.1f}, max {max(grades):.1f}",
            f"Targets: no text above grade {MAX_GRADE:g} ({len(self.too_hard)} above), "
            f"mean at most {MAX_MEAN:g} -> {'met' if self.ok else 'NOT met'}",
            "",
            "Distribution (grade: texts):",
        ]
        bands = (
            [(-99.0, 0.0, "below 0")]
            + [(float(b), float(b + 1), f"{b} to {b + 1}") for b in range(9)]
            + [(9.0, 99.0, "9 and up")]
        )
        width = max(1, max(sum(1 for g in grades if lo <= g < hi) for lo, hi, _ in bands))
        for lo, hi, name in bands:
            n = sum(1 for g in grades if lo <= g < hi)
            out.append(f"  {name:>8}: {n:4d} {'#' * round(40 * n / width)}")
        by_source: dict[str, list[float]] = {}
        for g in self.graded:
            if g.grade is not None:
                by_source.setdefault(g.text.source, []).append(max(0.0, g.grade))
        out += ["", "By source (graded texts, mean, max):"]
        for source, values in sorted(by_source.items()):
            out.append(f"  {source:<40} {len(values):4d}  mean {statistics.fmean(values):5.2f}  max {max(values):5.2f}")
        ranked = sorted((g for g in self.graded if g.grade is not None), key=lambda g: -(g.grade or 0))
        shown = ranked if show_all else ranked[:hardest]
        out += ["", "Every graded text, hardest first:" if show_all else f"The {len(shown)} hardest texts:"]
        for g in shown:
            out.append(f"  {g.grade:5.1f}  {g.text.label}: {plain(g.text.text)[:110]}")
        return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="list every graded text")
    args = parser.parse_args(argv)
    report = Report(grade_texts(all_texts()))
    print("\n".join(report.lines(show_all=args.all)))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
