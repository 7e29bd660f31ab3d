"""scripts/structure_report.py: the package's structure figures, checked on small trees made for the test
(the flat layout of before the redesign and the layered one) and on this checkout."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.scripts import load_script

ROOT = Path(__file__).resolve().parent.parent

structure = load_script("structure_report.py", "structure_report")

#: Eight lines of real code; two modules share them but for the function's name.
SHARED = """
def shared(values):
    total = 0
    for value in values:
        if value > 2:
            total += value * 3
        else:
            total -= value
    return total
"""


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, source in files.items():
        path = root / "osteo_lib" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source).lstrip(), encoding="utf-8")
    return root


@pytest.fixture()
def flat(tmp_path: Path) -> Path:
    """The old flat layout: modules side by side, one import cycle, one duplicated block."""
    return _tree(
        tmp_path,
        {
            "__init__.py": '''
                """Package."""
                __all__ = ["a", "b"]
            ''',
            "a.py": textwrap.dedent("""
                from osteo_lib import b
                from typing import TYPE_CHECKING
                if TYPE_CHECKING:
                    from osteo_lib import c
                PUBLIC = 1
                _PRIVATE = 2
                def f(): pass
                class K: pass
            """)
            + SHARED,
            "b.py": """
                from . import a
                __all__ = ["g"]
                def g():
                    from osteo_lib import c
                    return c
            """,
            "c.py": textwrap.dedent("""
                import osteo_lib.a
                def late():
                    import osteo_lib.b
                x, y = 1, 2
            """)
            + SHARED.replace("shared", "again"),
            "big.py": "\n".join(f"V{i} = {i}" for i in range(401)) + "\n",
        },
    )


def test_flat_layout_figures(flat: Path) -> None:
    r = structure.report(flat)
    assert r.modules == 5
    # __init__ 2 (__all__), b 1 (__all__), a: PUBLIC f K shared, c: late x y again, big: V0..V400
    assert r.public_names == 2 + 1 + 4 + 4 + 401
    assert r.modules_without_all == ["osteo_lib.a", "osteo_lib.big", "osteo_lib.c"]
    assert r.largest == ("osteo_lib.big", 401)
    assert r.over_limit == [("osteo_lib.big", 401)]
    total = sum(len(p.read_text().splitlines()) for p in (flat / "osteo_lib").glob("*.py"))
    assert r.total_lines == total
    # a <-> b at import time; TYPE_CHECKING imports never run; c -> b only inside a function.
    assert r.cycles == [["osteo_lib.a", "osteo_lib.b"]]
    assert r.cycles_with_deferred_imports == [["osteo_lib.a", "osteo_lib.b", "osteo_lib.c"]]
    # The shared function: its body's seven lines are identical; by shape the block starts at the `def`
    # line (other name) and passes over `total = 0` (a bare assignment is too thin to count as shape).
    assert [(d.first[0], d.second[0], d.length) for d in r.duplicates] == [("osteo_lib.a", "osteo_lib.c", 7)]
    assert [(d.first[0], d.second[0], d.length) for d in r.shape_duplicates] == [("osteo_lib.a", "osteo_lib.c", 7)]
    a_lines = (flat / "osteo_lib" / "a.py").read_text().splitlines()
    assert a_lines[r.duplicates[0].first[1] - 1].strip() == "total = 0"
    assert a_lines[r.shape_duplicates[0].first[1] - 1].strip() == "def shared(values):"


def test_layered_layout_and_package_inits(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "__init__.py": "",
            "content/__init__.py": '"""Content."""\n',
            "content/registry.py": '__all__ = ["get"]\ndef get(): pass\n',
            "care/__init__.py": "",
            "care/diary.py": "from ..content.registry import get\nfrom osteo_lib.content import registry\n"
            "__all__ = ['Entry']\nclass Entry: pass\n",
            "views/widgets/__init__.py": "",
            "views/widgets/quiz.py": "from osteo_lib.care import diary\nfrom ...care.diary import Entry\n",
        },
    )
    modules = {m.name: m for m in structure.read_modules(root)}
    assert set(modules) == {
        "osteo_lib",
        "osteo_lib.content",
        "osteo_lib.content.registry",
        "osteo_lib.care",
        "osteo_lib.care.diary",
        "osteo_lib.views.widgets",
        "osteo_lib.views.widgets.quiz",
    }
    graph = structure.import_graph(list(modules.values()), deferred=False)
    assert graph["osteo_lib.care.diary"] == {"osteo_lib.content.registry"}
    assert graph["osteo_lib.views.widgets.quiz"] == {"osteo_lib.care.diary"}
    r = structure.report(root)
    assert r.modules == 7 and r.cycles == [] and r.duplicates == []
    assert r.public_names == 2  # get, Entry; empty modules have none


def test_a_table_of_values_is_not_a_duplicate(tmp_path: Path) -> None:
    table = "TEXT = {\n" + "".join(f'    "key{i}": "Words number {i}.",\n' for i in range(12)) + "}\n"
    root = _tree(tmp_path, {"__init__.py": "", "one.py": table, "two.py": table.replace("TEXT", "OTHER")})
    r = structure.report(root)
    assert len(r.duplicates) == 1  # the same twelve rows, word for word, in two files
    assert r.shape_duplicates == []  # rows of `S: S,` alone are no shape worth counting


def test_main_prints_text_and_json(flat: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert structure.main([str(flat)]) == 0
    text = capsys.readouterr().out
    assert "modules:                    5" in text and "osteo_lib.a <-> osteo_lib.b" in text
    assert "largest module:             osteo_lib.big (401 lines)" in text
    assert structure.main([str(flat), "--json"]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert data["modules"] == 5 and data["import_cycles"] == [["osteo_lib.a", "osteo_lib.b"]]
    assert data["modules_over_400_lines"] == [{"module": "osteo_lib.big", "lines": 401}]
    assert data["duplicated_blocks"] == 1 and data["duplicated_lines"] == 7


def test_this_checkout_and_a_commit_of_it(capsys: pytest.CaptureFixture[str]) -> None:
    r = structure.report(ROOT)
    assert r.modules == len(list((ROOT / "osteo_lib").rglob("*.py")))
    assert r.cycles == []  # the layers import only downward (tests/test_architecture.py)
    # --rev exports a commit with git archive; HEAD has the package too.
    assert structure.main(["--rev", "HEAD", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["tree"] == "HEAD (git archive)" and data["modules"] > 10
