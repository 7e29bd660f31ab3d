"""The student version of the notebooks: a copy of ``notebooks/`` without instructor-only material.

``make student-version`` (or ``osteo-workbook student-version [--out DIR]``) copies the notebooks folder
(numbered notebooks, widget gallery, dashboards and any other file) into ``student_version/`` next to
it, a git-ignored folder, and

* leaves out ``notebooks/instructor/`` (the workshop guide) and ``.ipynb_checkpoints``;
* removes every cell tagged ``instructor`` or ``solution`` (``metadata.tags`` of the cell);
* changes nothing else. A notebook without tagged cells is copied byte for byte. Notebooks are read
  with nbformat (``nbformat.reader.parse_json``, then ``nbformat.from_dict``); a notebook with tagged
  cells is written the way nbformat writes notebooks (``nbformat.writes`` plus a final newline), so the
  cells it keeps stay byte-for-byte identical to the source when the source was saved by Jupyter or
  nbformat, as every notebook of the workbook is.

The copy is built in a temporary folder next to the output and moved into place only when every file
has been processed: a notebook that is not valid JSON stops the run with an error naming the file, and
the output folder is left as it was. An existing output folder is replaced only if an earlier run made
it (it holds :data:`MANIFEST`) or it is empty, so ``--out`` can never wipe an unrelated folder. The
report and the messages are in ``data/ui/student_version.yaml``.

Example::

    from osteo_lib.apps.student_version import make_student_version
    report = make_student_version()          # notebooks/ -> student_version/
    print(report.describe())
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import nbformat
from nbformat.reader import NotJSONError, get_version, parse_json

from osteo_lib.content.ui import UiTexts, ui_texts

__all__ = [
    "EXCLUDED_DIRS",
    "MANIFEST",
    "OUT_NAME",
    "TAGS",
    "NotebookResult",
    "Report",
    "StudentVersionError",
    "default_out",
    "default_source",
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


def make_student_version(
    source: Path | str | None = None, out: Path | str | None = None, tags: Sequence[str] = TAGS
) -> Report:
    """Copy ``source`` (default: the workbook's notebooks) to ``out`` (default: ``student_version/`` next to
    it) without instructor-only and solution cells. All or nothing: on any error the output folder is
    left untouched and the partial copy is removed. Raises :class:`StudentVersionError`."""
    src = Path(source).resolve() if source is not None else default_source()
    dest = Path(out).resolve() if out is not None else default_out(src)
    _check_paths(src, dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = _fresh(dest, "new")
    work.mkdir()  # mode from the umask, like any folder the user makes
    try:
        notebooks: list[NotebookResult] = []
        others = 0
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
        report = Report(src, dest, tuple(notebooks), others, tuple(tags))
        manifest = {
            "made_by": student_version_text()["made_by"],
            "source": str(src),
            "tags": list(tags),
            "notebooks": {n.path: {"removed": n.removed, "kept": n.kept} for n in notebooks},
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        _swap(work, dest)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return report


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
