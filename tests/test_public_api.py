"""Every module of osteo_lib says what is public (``__all__``), and docs/api.md, generated from those lists
by scripts/api_doc.py, is up to date."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.scripts import load_script

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "osteo_lib"
MODULES = sorted(PACKAGE.rglob("*.py"))

api_doc = load_script("api_doc.py", "api_doc")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _declares_all(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            return True
    return False


def test_every_module_declares_all() -> None:
    missing = [_module_name(p) for p in MODULES if not _declares_all(p)]
    assert not missing, f"{len(missing)} modules of osteo_lib have no __all__: {', '.join(missing)}"


@pytest.mark.parametrize("path", MODULES, ids=[_module_name(p) for p in MODULES])
def test_all_lists_public_names_the_module_has(path: Path) -> None:
    if not _declares_all(path):
        return  # test_every_module_declares_all names it
    module = importlib.import_module(_module_name(path))
    names = list(module.__all__)
    assert len(names) == len(set(names)), f"__all__ repeats {sorted({n for n in names if names.count(n) > 1})}"
    assert not [n for n in names if n.startswith("_")], "__all__ lists private names"
    absent = [n for n in names if not hasattr(module, n)]
    assert not absent, f"__all__ names what the module does not have: {absent}"


def test_api_doc_is_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "api_doc.py"), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- scripts/api_doc.py itself, on a small package made for the test ------------------------------------
FAKE = {
    "__init__.py": '''
        """A package for the test.

        More words that are not the summary.
        """
        from fakepkg.things import Thing, make

        __all__ = ["Thing", "make", "things"]
        from fakepkg import things
    ''',
    "things.py": '''
        """Things | and their makers."""
        from dataclasses import dataclass

        __all__ = ["LIMIT", "BadThing", "Plain", "Thing", "make"]
        LIMIT = 3


        class BadThing(ValueError):
            """A thing went wrong: see :func:`make` and ``LIMIT``."""


        @dataclass
        class Plain:
            x: int


        class Thing:
            """One thing,
            over two lines."""


        def make(n: int) -> Thing:
            """Make a :class:`~fakepkg.things.Thing`. It is cut here. And this is long enough to need a cut: """ \\
                """words words words words words words words words words words words words words words words."""
            return Thing()
    ''',
    "loose.py": '''
        """No __all__ here."""
        VALUE = 1
    ''',
}


@pytest.fixture()
def fake_package(tmp_path: Path) -> Path:
    package = tmp_path / "fakepkg"
    package.mkdir()
    for name, source in FAKE.items():
        (package / name).write_text(textwrap.dedent(source).lstrip(), encoding="utf-8")
    return tmp_path


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, str(ROOT / "scripts" / "api_doc.py"), "--package", "fakepkg", "--path", str(root)]
    return subprocess.run([*cmd, "--out", str(root / "api.md"), *args], capture_output=True, text=True, check=False)


def test_api_doc_lists_every_public_name_with_kind_and_summary(fake_package: Path) -> None:
    assert _run(fake_package).returncode == 0
    text = (fake_package / "api.md").read_text()
    sections = text.split("\n## ")
    assert [s.splitlines()[0] for s in sections[1:]] == [
        "`fakepkg`",
        "`fakepkg.things`",
        "Modules without `__all__`",
    ]
    package, things, loose = sections[1:]
    assert "A package for the test." in package and "More words" not in package
    assert "| `Thing` | class | One thing, over two lines. |" in package
    assert "| `things` | module | Things \\| and their makers. |" in package
    assert "| `make` | function | Make a `fakepkg.things.Thing`. |" in things  # long: cut after one sentence
    assert "| `BadThing` | exception | A thing went wrong: see `make` and `LIMIT`. |" in things
    assert "| `LIMIT` | constant |  |" in things  # an int's docstring is not the constant's
    assert "| `Plain` | class |  |" in things  # nor is the signature a dataclass gets
    rows = [line.split("`")[1] for line in things.splitlines() if line.startswith("| `")]
    assert rows == ["BadThing", "LIMIT", "Plain", "Thing", "make"]
    assert loose.strip().splitlines()[-1] == "- `fakepkg.loose`: No __all__ here."


def test_api_doc_check_tells_when_the_file_is_stale(fake_package: Path) -> None:
    assert _run(fake_package, "--check").returncode == 1  # not written yet
    assert _run(fake_package).returncode == 0
    assert _run(fake_package, "--check").returncode == 0
    first = (fake_package / "api.md").read_text()
    assert _run(fake_package).stdout == "" and (fake_package / "api.md").read_text() == first  # same input, same file
    things = fake_package / "fakepkg" / "things.py"
    things.write_text(things.read_text().replace('"""One thing,', '"""One renamed thing,'))
    stale = _run(fake_package, "--check")
    assert stale.returncode == 1
    assert "out of date" in stale.stderr and "+| `Thing` | class | One renamed thing, over two lines. |" in stale.stderr


def test_api_doc_refuses_a_name_the_module_lacks(fake_package: Path) -> None:
    things = fake_package / "fakepkg" / "things.py"
    things.write_text(things.read_text().replace('"LIMIT", ', '"LIMIT", "Ghost", '))
    result = _run(fake_package)
    assert result.returncode != 0 and "fakepkg.things.__all__ names 'Ghost'" in result.stderr


def test_first_line_and_kind() -> None:
    assert api_doc.first_line(None) == ""
    assert api_doc.first_line("  Short.\n\n  Body.") == "Short."
    assert api_doc.kind_of(api_doc) == "module"
    assert api_doc.kind_of(KeyError) == "exception"
    assert api_doc.kind_of(api_doc.main) == "function"
    assert api_doc.kind_of({"a": 1}) == "constant"
