"""`make help` (and plain `make`) lists every target a person runs, one line each, and names nothing else.

A target a person runs is declared ``.PHONY`` in the Makefile (file targets such as ``.venv/.installed`` are
steps of those). :data:`INTERNAL` names the phony targets that are only steps of others and so stay out of
the list.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Phony targets nobody runs by hand (none today; add one here with the reason).
INTERNAL: frozenset[str] = frozenset()
LINE = re.compile(r"^make (?P<target>[a-z][a-z0-9-]*) +(?P<what>\S.*)$")


def make(*args: str) -> str:
    result = subprocess.run(
        ["make", "--no-print-directory", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def phony_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return {name for line in re.findall(r"^\.PHONY:(.*)$", text, flags=re.M) for name in line.split()}


def help_lines() -> list[str]:
    return make("help").strip().splitlines()


def test_every_line_of_help_is_one_target_and_what_it_does() -> None:
    lines = help_lines()
    targets = []
    for line in lines:
        match = LINE.match(line)
        assert match, f"not `make <target>  <what it does>`: {line!r}"
        targets.append(match.group("target"))
        assert len(match.group("what")) >= 10, line
    assert len(targets) == len(set(targets)), f"a target is listed twice: {targets}"


def test_help_lists_every_target_a_person_runs() -> None:
    listed = {LINE.match(line).group("target") for line in help_lines()}  # type: ignore[union-attr]
    phony = phony_targets()
    assert {"dashboard", "serve", "lab", "test", "workshop", "student-version", "clean"} <= phony
    assert sorted(phony - INTERNAL - listed) == [], "targets missing from `make help`"
    assert sorted(INTERNAL & listed) == []


def test_every_target_help_names_exists() -> None:
    phony = phony_targets()
    for line in help_lines():
        target = LINE.match(line).group("target")  # type: ignore[union-attr]
        assert target in phony, f"`make help` names {target!r}, which is not a .PHONY target"
        make("-n", target)  # make knows how to make it (exit 0)


def test_plain_make_prints_the_help() -> None:
    assert make() == make("help")
