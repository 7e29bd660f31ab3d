"""The student version of the workbook: notebooks, data and package without answer keys or instructor material.

``make student-version`` (or ``osteo-workbook student-version [--out DIR]``) writes ``student_version/``
next to the notebooks folder (git-ignored), a workbook a student can install and open on its own::

    student_version/
      notebooks/      the notebooks folder (see below)
      data/           the data folder, every question bank without its answer key (keys: false) and
                      without the instructor kit's files (osteo_lib.content.student_data)
      osteo_lib/      the package without osteo_lib/apps/instructor/ (answer keys, grader, workshop guide),
                      whose place takes a module that only says it is missing, and without the guide's
                      templates (views/templates/instructor/)
      pyproject.toml, requirements.lock, environment.yml, LICENSE*, share/, jupyter-config/: to install it
      README.md       how to open it (data/ui/student_version.yaml)

In its knowledge checks the answers are saved, not scored, and downloaded as a file for the instructor,
who scores them with ``osteo-workbook grade`` (:mod:`osteo_lib.apps.instructor.grade`).

The notebooks folder is copied (numbered notebooks, widget gallery, dashboards and any other file) and

* leaves out ``notebooks/instructor/`` (the workshop guide) and ``.ipynb_checkpoints``;
* removes every cell tagged ``instructor`` or ``solution`` (``metadata.tags`` of the cell);
* changes nothing else. A notebook without tagged cells is copied byte for byte. Notebooks are read
  with nbformat (``nbformat.reader.parse_json``, then ``nbformat.from_dict``); a notebook with tagged
  cells is written the way nbformat writes notebooks (``nbformat.writes`` plus a final newline), so the
  cells it keeps stay byte-for-byte identical to the source when the source was saved by Jupyter or
  nbformat, as every notebook of the workbook is.

Before the copy is moved into place it is checked (:func:`find_leaks`): any file holding a source
bank's explanation, a ``correct: true`` flag, a cell tagged ``instructor`` or ``solution``, or text of
the instructor guide stops the run. The copy is built in a temporary folder next to the output and
moved into place only when every file has been processed and checked: a notebook that is not valid
JSON stops the run with an error naming the file, and the output folder is left as it was. An
existing output folder is replaced only if an earlier run made it (it holds :data:`MANIFEST`) or it is
empty, so ``--out`` can never wipe an unrelated folder. The
report and the messages are in ``data/ui/student_version.yaml``.

Example::

    from osteo_lib.apps.student_version import make_student_version
    report = make_student_version()          # notebooks/ -> student_version/
    print(report.describe())
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import secrets
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import nbformat
from nbformat.reader import NotJSONError, get_version, parse_json

from osteo_lib.content.catalog import load_catalog
from osteo_lib.content.guide import load_guide
from osteo_lib.content.model_answers import load_model_answers
from osteo_lib.content.quiz import load_banks
from osteo_lib.content.student_data import StudentData, write_student_data
from osteo_lib.content.ui import UiTexts, ui_texts

__all__ = [
    "EXCLUDED_DIRS",
    "MANIFEST",
    "OUT_NAME",
    "PACKAGE_LEFT_OUT",
    "PROJECT_FILES",
    "TAGS",
    "NotebookResult",
    "Report",
    "StudentVersionError",
    "default_out",
    "default_source",
    "find_leaks",
    "key_texts",
    "make_student_version",
    "parse_notebook",
    "strip_cells",
    "student_notebook",
    "student_version_text",
    "write_notebook",
]

TAGS: Final = ("instructor", "solution")
#: Folders of the source that are never copied.
EXCLUDED_DIRS: Final = frozenset({"instructor", ".ipynb_checkpoints", "__pycache__"})
#: The file an output folder carries so that a later run knows it may replace it.
MANIFEST: Final = ".student-version.json"
OUT_NAME: Final = "student_version"
#: Parts of the package the student version leaves out (paths inside ``osteo_lib/``).
PACKAGE_LEFT_OUT: Final = ("apps/instructor", "apps/student_stub", "views/templates/instructor", "data")
#: What takes the place of ``osteo_lib/apps/instructor/`` (it raises ModuleNotFoundError with a message).
STUB: Final = ("apps/student_stub/instructor.py.in", "apps/instructor/__init__.py")
#: Files and folders of the checkout copied as they are, so the student version installs on its own.
PROJECT_FILES: Final = (
    "pyproject.toml",
    "requirements.lock",
    "environment.yml",
    "LICENSE",
    "LICENSE-CONTENT.md",
    "share",
    "jupyter-config",
)
#: Texts of the instructor guide shorter than this are not looked for (short labels and titles, such as a
#: session part named like a notebook's heading, recur in student material).
MIN_LEAK_TEXT: Final = 60

# nbformat has no type hints: its functions, typed as this module uses them.
_parse_json: Callable[[str], Any] = parse_json
_get_version: Callable[[Any], tuple[int, int]] = get_version
_from_dict: Callable[[Any], nbformat.NotebookNode] = nbformat.from_dict
_writes: Callable[..., str] = nbformat.writes


def student_version_text() -> UiTexts:
    """The report and the messages (``data/ui/student_version.yaml``)."""
    return ui_texts("student_version")


class StudentVersionError(Exception):
    """The student version could not be made; the message names the file (or folder) and the problem."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


@dataclass(frozen=True, slots=True)
class NotebookResult:
    """One notebook of the copy: its path relative to the source and the cells removed and kept."""

    path: str
    removed: int
    kept: int


@dataclass(frozen=True, slots=True)
class Report:
    """What :func:`make_student_version` did."""

    source: Path
    out: Path
    notebooks: tuple[NotebookResult, ...]
    other_files: int
    tags: tuple[str, ...]
    data: StudentData | None = None
    package_files: int = 0

    @property
    def removed(self) -> int:
        return sum(n.removed for n in self.notebooks)

    def describe(self) -> str:
        text = student_version_text()
        lines = [
            text.format(
                "describe",
                source=self.source,
                out=self.out,
                notebooks=len(self.notebooks),
                others=self.other_files,
                removed=self.removed,
                tags=text["tags_or"].join(self.tags),
            )
        ]
        lines += [
            "  " + text.format("describe_notebook", path=n.path, removed=n.removed, kept=n.kept)
            for n in self.notebooks
            if n.removed
        ]
        if self.data is not None:
            lines.append(
                text.format(
                    "describe_build",
                    banks=len(self.data.banks),
                    data=self.data.copied,
                    left_out=", ".join(self.data.left_out),
                    modules=self.package_files,
                )
            )
        return "\n".join(lines)


# --- one notebook -------------------------------------------------------------------------------------
def _cell_tags(cell: Any, index: int, name: str) -> list[str]:
    text = student_version_text()
    if not isinstance(cell, dict):
        raise StudentVersionError(name, text.format("cell_not_object", index=index))
    metadata = cell.get("metadata", {})
    if not isinstance(metadata, dict):
        raise StudentVersionError(name, text.format("metadata_not_object", index=index))
    tags = metadata.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise StudentVersionError(name, text.format("tags_not_list", index=index, tags=tags))
    return tags


def parse_notebook(text: str, name: str) -> nbformat.NotebookNode:
    """The notebook read with nbformat (``nbformat.reader.parse_json``, checked to be nbformat 4, then
    ``nbformat.from_dict``; not converted, not validated, so nothing in it changes); raises
    :class:`StudentVersionError` naming ``name`` for bad JSON or for JSON that is not an nbformat 4 notebook."""
    messages = student_version_text()
    try:
        doc = _parse_json(text)
    except NotJSONError as exc:
        cause = exc.__cause__
        if isinstance(cause, json.JSONDecodeError):
            problem = messages.format("bad_json", line=cause.lineno, column=cause.colno, problem=cause.msg)
        else:
            problem = messages.format("bad_json", line="?", column="?", problem=exc)
        raise StudentVersionError(name, problem) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("cells"), list):
        raise StudentVersionError(name, messages["not_notebook"])
    if doc.get("nbformat") != 4 or _get_version(doc)[0] != 4:
        raise StudentVersionError(name, messages.format("old_nbformat", version=doc.get("nbformat")))
    return _from_dict(doc)


def strip_cells(doc: dict[str, Any], tags: Sequence[str] = TAGS, name: str = "notebook") -> tuple[dict[str, Any], int]:
    """A copy of the notebook dict without the cells carrying any of ``tags``, and how many were removed.
    The cells kept are the very same objects, in the same order."""
    cells = doc["cells"]
    kept = [c for i, c in enumerate(cells) if not set(_cell_tags(c, i, name)) & set(tags)]
    return {**doc, "cells": kept}, len(cells) - len(kept)


def write_notebook(doc: dict[str, Any]) -> str:
    """The notebook as nbformat writes it to disk (``nbformat.writes`` and a final newline)."""
    text = _writes(_from_dict(doc), version=nbformat.NO_CONVERT)
    return text if text.endswith("\n") else text + "\n"


def student_notebook(text: str, name: str, tags: Sequence[str] = TAGS) -> tuple[str | None, int, int]:
    """The student version of one notebook's text: ``(new text or None when nothing is removed,
    cells removed, cells kept)``."""
    doc = parse_notebook(text, name)
    stripped, removed = strip_cells(doc, tags, name)
    kept = len(stripped["cells"])
    return (write_notebook(stripped) if removed else None), removed, kept


# --- the folder ---------------------------------------------------------------------------------------
def default_source() -> Path:
    """The workbook's ``notebooks/`` folder (next to the ``osteo_lib`` package in a checkout)."""
    return Path(__file__).resolve().parents[2] / "notebooks"


def default_out(source: Path) -> Path:
    """``student_version/`` next to the notebooks folder (ignored by git)."""
    return source.resolve().parent / OUT_NAME


def _files(source: Path) -> Iterable[Path]:
    """Every file to copy, in a stable order, skipping :data:`EXCLUDED_DIRS` and symbolic links."""
    for folder, dirs, files in os.walk(source):
        dirs[:] = sorted(d for d in dirs if d not in EXCLUDED_DIRS and not (Path(folder) / d).is_symlink())
        for f in sorted(files):
            path = Path(folder) / f
            if not path.is_symlink():
                yield path


def _inside(child: Path, parent: Path) -> bool:
    return child == parent or parent in child.parents


def _check_paths(source: Path, out: Path) -> None:
    text = student_version_text()
    if not source.is_dir():
        raise StudentVersionError(source, text["not_folder"])
    if _inside(out, source) or _inside(source, out):
        raise StudentVersionError(out, text.format("out_inside", source=source))
    if out.exists():
        if not out.is_dir():
            raise StudentVersionError(out, text["out_not_folder"])
        if any(out.iterdir()) and not (out / MANIFEST).is_file():
            raise StudentVersionError(out, text.format("out_foreign", manifest=MANIFEST))


def default_package() -> Path:
    """The ``osteo_lib`` package folder this code runs from."""
    return Path(__file__).resolve().parents[1]


def make_student_version(
    source: Path | str | None = None,
    out: Path | str | None = None,
    tags: Sequence[str] = TAGS,
    data: Path | str | None = None,
) -> Report:
    """Write the student version (see the module docstring): the notebooks of ``source`` (default: the
    workbook's notebooks) without instructor-only and solution cells, the data folder ``data`` (default:
    the workbook's) without answer keys or instructor files, and the package without the instructor kit,
    into ``out`` (default: ``student_version/`` next to the notebooks). All or nothing: on any error,
    and when :func:`find_leaks` finds a key or instructor text in the copy, the output folder is left
    untouched and the partial copy is removed. Raises :class:`StudentVersionError`."""
    src = Path(source).resolve() if source is not None else default_source()
    dest = Path(out).resolve() if out is not None else default_out(src)
    data_src = Path(data).resolve() if data is not None else None
    _check_paths(src, dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = _fresh(dest, "new")
    work.mkdir()  # mode from the umask, like any folder the user makes
    try:
        notebooks, others = _copy_notebooks(src, work / "notebooks", tags)
        student_data = write_student_data(work / "data", data_src)
        package_files = _copy_package(default_package(), work / "osteo_lib")
        _copy_project(default_package().parent, work)
        (work / "README.md").write_text(student_version_text()["readme"] + "\n", encoding="utf-8")
        leaks = find_leaks(work, data_src, tags)
        if leaks:
            raise StudentVersionError(dest, student_version_text().format("leaks", leaks="; ".join(leaks[:10])))
        report = Report(src, dest, tuple(notebooks), others, tuple(tags), student_data, package_files)
        manifest = {
            "made_by": student_version_text()["made_by"],
            "source": str(src),
            "tags": list(tags),
            "notebooks": {n.path: {"removed": n.removed, "kept": n.kept} for n in notebooks},
            "banks_without_keys": list(student_data.banks),
            "data_left_out": list(student_data.left_out),
            "package_left_out": list(PACKAGE_LEFT_OUT),
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        _swap(work, dest)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return report


def _copy_notebooks(src: Path, work: Path, tags: Sequence[str]) -> tuple[list[NotebookResult], int]:
    notebooks: list[NotebookResult] = []
    others = 0
    work.mkdir()
    for path in _files(src):
        rel = path.relative_to(src)
        target = work / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".ipynb":
            label = _label(src, path)
            try:
                text = path.read_bytes().decode("utf-8")
            except UnicodeDecodeError as exc:
                problem = student_version_text().format("not_utf8", start=exc.start)
                raise StudentVersionError(label, problem) from None
            new, removed, kept = student_notebook(text, label, tags)
            if new is None:
                shutil.copy2(path, target)
            else:
                target.write_text(new, encoding="utf-8", newline="")
            notebooks.append(NotebookResult(rel.as_posix(), removed, kept))
        else:
            shutil.copy2(path, target)
            others += 1
    return notebooks, others


def _copy_package(package: Path, target: Path) -> int:
    """Copy the package without :data:`PACKAGE_LEFT_OUT` and compiled files, then put the stub in place
    of the instructor kit. Returns the number of files written."""
    count = 0
    for path in _files(package):
        rel = path.relative_to(package).as_posix()
        if path.suffix in (".pyc", ".pyo") or any(rel == p or rel.startswith(p + "/") for p in PACKAGE_LEFT_OUT):
            continue
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target / rel)
        count += 1
    stub, place = STUB
    (target / place).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(package / stub, target / place)
    return count + 1


def _copy_project(root: Path, work: Path) -> None:
    """The checkout's files that make the copy installable (:data:`PROJECT_FILES`; those present)."""
    for name in PROJECT_FILES:
        path = root / name
        if path.is_dir():
            shutil.copytree(path, work / name, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        elif path.is_file():
            shutil.copy2(path, work / name)


# --- the check ----------------------------------------------------------------------------------------
_SPACE = re.compile(r"\s+")
_CORRECT_FLAG = re.compile(r"""["']?\bcorrect["']?\s*:\s*(?:true|yes|on)\b""", re.IGNORECASE)


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _strings(value: object) -> Iterator[str]:
    """Every string in a record (dataclasses, tuples, mappings), depth first."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name))
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, (tuple, list)):
        for v in value:
            yield from _strings(v)


def key_texts(data: Path | None = None) -> dict[str, str]:
    """What must never reach a student, as ``text -> what it is``: every item explanation and choice
    feedback of the source banks (with keys), and every text of the instructor guide and every model
    answer and key point (``data/model_answers.yaml``) of at least :data:`MIN_LEAK_TEXT` characters.
    Texts are compared with their runs of white space squashed."""
    catalog = load_catalog(data)
    found: dict[str, str] = {}
    for bank in load_banks(catalog).values():
        for item in bank.items:
            if item.explanation:
                found[_squash(item.explanation)] = f"explanation of {item.id}"
            choices = [*item.choices, *item.columns]
            if item.bowtie is not None:
                choices += [
                    c for p in (item.bowtie.condition, item.bowtie.actions, item.bowtie.parameters) for c in p.choices
                ]
            for c in choices:
                if c.feedback:
                    found[_squash(c.feedback)] = f"feedback of {item.id}/{c.id}"
    for text in _strings(load_guide(catalog)):
        squashed = _squash(text)
        if len(squashed) >= MIN_LEAK_TEXT:
            found.setdefault(squashed, "instructor guide")
    for answer in load_model_answers(catalog=catalog):  # the question itself is the notebook's own text
        for text in (answer.answer, *answer.key_points):
            squashed = _squash(text)
            if len(squashed) >= MIN_LEAK_TEXT:
                found.setdefault(squashed, f"model answer {answer.id}")
    return found


def _readable(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return None


def _notebook_text(text: str) -> tuple[str, list[str]]:
    """A notebook's cell sources and outputs as one text, and the tags of its cells."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:
        return text, []
    parts: list[str] = []
    tags: list[str] = []
    for cell in doc.get("cells", []) if isinstance(doc, dict) else []:
        tags += cell.get("metadata", {}).get("tags", [])
        parts += list(_strings(cell.get("source", "")))
        for output in cell.get("outputs", []):
            parts += list(_strings(output.get("data", {}))) + list(_strings(output.get("text", "")))
    return "\n".join(parts), tags


def find_leaks(folder: Path, data: Path | None = None, tags: Sequence[str] = TAGS) -> list[str]:
    """Where ``folder`` (a student version) still holds what only the instructor may see, one line per
    find (``file: what``): a text of :func:`key_texts`, a ``correct: true`` flag in a YAML file or a
    notebook (code and schemas name the field, they hold no key), a notebook cell tagged
    with one of ``tags``, or a module of the instructor kit other than the stub. Empty when clean."""
    wanted = key_texts(data)
    leaks: list[str] = []
    stub = folder / "osteo_lib" / STUB[1]
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if rel.startswith("osteo_lib/apps/instructor/") and path != stub:
            leaks.append(f"{rel}: instructor kit")
        text = _readable(path)
        if text is None:
            continue
        if path.suffix == ".ipynb":
            text, cell_tags = _notebook_text(text)
            leaks += [f"{rel}: a cell tagged {t}" for t in sorted(set(cell_tags) & set(tags))]
        if path.suffix in (".yaml", ".yml", ".ipynb") and _CORRECT_FLAG.search(text):
            leaks.append(f"{rel}: correct: true")
        squashed = _squash(text)
        leaks += [f"{rel}: {what}" for key, what in wanted.items() if key in squashed]
    return leaks


def _label(source: Path, path: Path) -> str:
    """The file as a person would name it: ``notebooks/03_physical_methods.ipynb``."""
    return (Path(source.name) / path.relative_to(source)).as_posix()


def _fresh(dest: Path, kind: str) -> Path:
    """An unused hidden name next to ``dest`` for the copy being built or the copy being replaced."""
    while True:
        candidate = dest.parent / f".{dest.name}-{kind}-{secrets.token_hex(4)}"
        if not candidate.exists():
            return candidate


def _swap(work: Path, dest: Path) -> None:
    """Put the finished copy in place of ``dest`` (renames within one folder)."""
    old: Path | None = None
    if dest.exists():
        old = _fresh(dest, "old")
        dest.rename(old)
    try:
        work.rename(dest)
    except BaseException:
        if old is not None:
            old.rename(dest)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
