"""Every user-facing string lives in data/ (data/ui/*.yaml or the content files), never in code.

The check reads the source of the care, views and apps layers (AST) and reports every string constant
that reads like words for a person: three or more words made of letters. Left alone: docstrings, the
messages of programmer and data-author errors (DataError, ValueError, TypeError, KeyError,
NotImplementedError, AssertionError),
log calls, and strings that are clearly code (CSS, selectors, regular expressions, format specs).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "osteo_lib"
CHECKED = ("content", "care", "views", "apps")
PROGRAMMER_ERRORS = {
    "ValueError",
    "TypeError",
    "KeyError",
    "NotImplementedError",
    "AssertionError",
    "RuntimeError",
    "AttributeError",
    "IndexError",
    "DataError",
    "UnknownIdError",
}  # the last two: for authors of data/, naming file and field
#: Modules whose every message is for the authors of data/ (schema and syntax errors, named by file and field).
FOR_DATA_AUTHORS = {"content/validate.py"}
_WORDS = re.compile(r"[A-Za-z][a-z']+")
_CODE = re.compile(r"[{};<>=#$\\|]|\b(?:var|function|px|rem|em)\b|^\s*[.#@:]|--|\w+\(")


def _reads_like_words(text: str) -> bool:
    if " " not in text.strip():
        return False  # an identifier, a key, a path or a URL
    if _CODE.search(text.replace("{", "").replace("}", "")) and not re.search(r"[.!?]\s*$", text):
        return False
    return len(_WORDS.findall(text)) >= 3


def _skipped_nodes(tree: ast.AST) -> set[int]:
    """ids of string nodes that are docstrings, programmer-error messages or log messages."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                skip.add(id(body[0].value))
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            name = getattr(node.exc.func, "id", getattr(node.exc.func, "attr", ""))
            if name in PROGRAMMER_ERRORS:
                skip |= {id(n) for n in ast.walk(node.exc)}
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in {
            "debug",
            "info",
            "warning",
            "error",
            "exception",
            "log",
        }:
            skip |= {id(n) for n in ast.walk(node)}
    return skip


def strings_in_code(package: Path = PACKAGE) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for layer in CHECKED:
        for path in sorted((package / layer).rglob("*.py")):
            if path.relative_to(package).as_posix() in FOR_DATA_AUTHORS:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            skip = _skipped_nodes(tree)
            for node in ast.walk(tree):
                if isinstance(node, ast.JoinedStr):
                    skip |= {id(v) for v in node.values}
                    if id(node) in skip:
                        continue
                    text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
                    if _reads_like_words(text):
                        found.setdefault(path.relative_to(package).as_posix(), []).append(f"{node.lineno}: {text[:70]}")
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and id(node) not in skip
                    and _reads_like_words(node.value)
                ):
                    found.setdefault(path.relative_to(package).as_posix(), []).append(
                        f"{node.lineno}: {node.value[:70]}"
                    )
    return found


def test_no_user_facing_strings_in_code() -> None:
    found = strings_in_code()
    report = "\n".join(f"{f}: {len(v)}\n  " + "\n  ".join(v[:5]) for f, v in found.items())
    assert not found, f"move these strings to data/ui/<area>.yaml:\n{report}"


def test_the_check_sees_a_sentence_and_ignores_code(tmp_path: Path) -> None:
    (tmp_path / "views").mkdir()
    (tmp_path / "views" / "w.py").write_text(
        '"""Docstring with many words in it."""\n'
        'LABEL = "Type a number from 0 to 10"\n'
        'CSS = "ow-card ow-card--open"\n'
        'def f(x):\n    raise ValueError("x must be a whole number here")\n'
        'MSG = f"You have {3} entries in the diary."\n'
    )
    found = strings_in_code(tmp_path)
    assert [line.split(":")[0] for line in found["views/w.py"]] == ["6", "2"] or sorted(
        line.split(":")[0] for line in found["views/w.py"]
    ) == ["2", "6"]
