"""README.md, the Makefile's comments, the instructor guide (data/instructor.yaml, docs/instructor.md) and the
other docs agree with the code on commands and defaults:

- every `make <target>` any of them (or a docstring or comment anywhere in the repository) names is a target of
  the Makefile; the guide tells instructors only to run the targets meant for them;
- HOST and PORT (`make dashboard`, `make workshop`, `make lab`) as the Makefile, voila.json and the workshop's
  code set them;
- the room's defaults (ROOM, CAP, POOL, IDLE) as osteo_lib.apps.workshop computes them, in the Makefile's usage
  comment, README's table and example banner, the `--help` texts and deploy/workshop/README.md;
- `make classroom`'s ROOM, PORT, idle limit and room page address as osteo_lib.apps.classroom sets them;
- REPLICAS of `make serve`.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from osteo_lib.apps.workshop import room as ws
from tests.test_make_help import phony_targets

ROOT = Path(__file__).resolve().parent.parent
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
GUIDE = ROOT / "data" / "instructor.yaml"
#: What the instructor guide may tell an instructor to run (not the developers' install, lint and test targets).
FOR_INSTRUCTORS = {
    "lab",
    "dashboard",
    "workshop",
    "classroom",
    "student-version",
    "lms-export",
    "handouts",
    "export-html",
    "help",
}
#: `make <target>` in backticks (Markdown, docstrings, comments), or a command line (in a code block or a
#: comment) that starts with it and goes on with nothing, a comment, a NAME=value or a [NAME=value].
MENTION = re.compile(
    r"`make (?P<target>[a-z][a-z0-9-]*)\b"
    r"|^[ \t]*(?:#[ \t]*)?make (?P<command>[a-z][a-z0-9-]*)(?=[ \t]*$|[ \t]+(?:#|[A-Z_]+=|\[))",
    flags=re.M,
)
TEXT_SUFFIXES = {".md", ".py", ".yaml", ".yml", ".toml", ".sh", ".j2", ".json", ".cfg", ""}


def makefile_variable(name: str) -> str:
    match = re.search(rf"^{name} \?= (.+)$", MAKEFILE, flags=re.M)
    assert match, f"no `{name} ?=` in the Makefile"
    return match.group(1).strip()


def usage_comment(target: str) -> str:
    """The Makefile's `#   make <target> [NAME=default] ...` usage comment (continued lines joined)."""
    match = re.search(rf"^#   make {target} (.+(?:\n# {{3,}}\[.+)*)", MAKEFILE, flags=re.M)
    assert match, f"no usage comment for make {target}"
    return " ".join(part.lstrip("# ").strip() for part in match.group(1).splitlines())


def readme_table_default(variable: str) -> str:
    match = re.search(rf"^\| `{variable}` \| `?([^`|]+?)`? \|", README, flags=re.M)
    assert match, f"README has no table row for {variable}"
    return match.group(1).strip()


def mentions(text: str) -> set[str]:
    return {m.group("target") or m.group("command") for m in MENTION.finditer(text)}


def tracked_text_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    paths = [ROOT / line for line in listed.splitlines()]
    return [
        p
        for p in paths
        if p.is_file() and (p.suffix in TEXT_SUFFIXES or p.name in {"Makefile", "Containerfile", "postBuild", "start"})
    ]


# --- commands ------------------------------------------------------------------------------------
def test_every_make_target_the_repository_names_exists() -> None:
    targets = phony_targets()
    wrong: dict[str, set[str]] = {}
    for path in tracked_text_files():
        if path == Path(__file__).resolve():
            continue  # (this file's own examples of what the scan finds)
        named = mentions(path.read_text(encoding="utf-8", errors="replace")) - targets
        if named:
            wrong[str(path.relative_to(ROOT))] = named
    assert wrong == {}, "`make <target>` for a target the Makefile does not have"


def test_the_scan_sees_the_mentions() -> None:
    # (what the scan above relies on: it finds the commands in each kind of text)
    assert {"dashboard", "test", "lab", "workshop", "serve", "lock"} <= mentions(README)
    assert {"lab", "workshop", "lock"} <= mentions(MAKEFILE)
    assert {"lab", "student-version", "workshop"} <= mentions(GUIDE.read_text(encoding="utf-8"))
    assert mentions("# `make nothing-like-this` and\n    make also-this PORT=1\n") == {"nothing-like-this", "also-this"}


def test_the_guide_tells_instructors_only_what_they_run() -> None:
    guide = yaml.safe_load(GUIDE.read_text(encoding="utf-8"))
    steps = "\n".join(step for part in guide["room"] for step in part["steps"])
    assert mentions(steps) <= FOR_INSTRUCTORS, mentions(steps) - FOR_INSTRUCTORS
    assert "make lab" in steps  # how the instructor checks the machine
    instructor_md = (ROOT / "docs" / "instructor.md").read_text(encoding="utf-8")
    assert mentions(instructor_md) <= FOR_INSTRUCTORS, mentions(instructor_md) - FOR_INSTRUCTORS


# --- HOST and PORT -------------------------------------------------------------------------------
def test_host_and_port_defaults_agree() -> None:
    host, port = makefile_variable("HOST"), makefile_variable("PORT")
    assert (host, port) == ("127.0.0.1", "8866")
    voila = json.loads((ROOT / "voila.json").read_text(encoding="utf-8"))["Voila"]
    assert (voila["ip"], str(voila["port"])) == (host, port)
    assert str(ws.DEFAULT_PORT) == port
    # README: the first code block, the settings table, the room's table and the Makefile's usage comments.
    first_block = README.split("```", 2)[1]
    assert f"http://{host}:{port}" in first_block
    assert f"`{host}:{port}`" in README
    assert re.search(rf"^\| `Voila\.ip` \(and `HOST` in the Makefile\) \| `{re.escape(host)}` \|", README, flags=re.M)
    assert readme_table_default("PORT") == port
    assert f"[PORT={port}]" in usage_comment("workshop")


def test_lab_port_default_agrees() -> None:
    assert re.search(r"^LAB_PORT := .*,\$\(PORT\),8888\)$", MAKEFILE, flags=re.M)
    assert "[PORT=8888] [HOST=127.0.0.1]" in usage_comment("lab")
    notebooks_md = (ROOT / "docs" / "notebooks.md").read_text(encoding="utf-8")
    for text in (README, notebooks_md):
        assert "http://127.0.0.1:8888" in text
    help_text = subprocess.run(
        ["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "(http://127.0.0.1:8888)" in help_text and "http://127.0.0.1:8866" in help_text


# --- the room's defaults -------------------------------------------------------------------------
def test_room_defaults_agree() -> None:
    room = int(makefile_variable("ROOM"))
    plan = ws.plan_room(room)  # no memory figure: the defaults as such
    assert room == ws.DEFAULT_ROOM == 30
    assert plan.cap == room + ws.EXTRA_SEATS == 35
    assert plan.pool == room
    assert ws.DEFAULT_IDLE_MINUTES == 10

    usage = usage_comment("workshop")
    assert f"[ROOM={room}]" in usage
    assert f"[CAP=room+{ws.EXTRA_SEATS}]" in usage
    assert "[POOL=room]" in usage
    assert "[IDLE=10 (minutes)]" in usage

    assert readme_table_default("ROOM") == str(room)
    assert readme_table_default("CAP") == f"ROOM + {ws.EXTRA_SEATS}"
    assert readme_table_default("POOL") == "ROOM"
    assert readme_table_default("IDLE") == "10"
    assert readme_table_default("LEFT") == f"{ws.DEFAULT_LEFT_SECONDS:g}" == "30"
    assert "[LEFT=30 (seconds)]" in usage
    assert readme_table_default("CODE") == readme_table_default("TOKEN") == "random"
    assert "[CODE=" in usage and "[TOKEN=" in usage
    # The banner shown in README is the one the plan gives for the default room.
    banner = f"serving a room of {room} (up to {plan.cap} at once, {plan.pool} pages rendered ahead)"
    assert banner in README
    assert f"make workshop                        # a room of {room}" in README

    texts = yaml.safe_load((ROOT / "data" / "ui" / "workshop_console.yaml").read_text(encoding="utf-8"))["texts"]
    assert texts["help_room"].endswith(f"(default {room})")
    assert texts["help_cap"].endswith(f"(default room + {ws.EXTRA_SEATS})")
    assert texts["help_pool"].endswith("(default: room)")
    assert texts["help_idle"].endswith("(default 10)")
    assert texts["help_left"].endswith("(default 30)")
    assert "(default: the room size)" in (ROOT / "deploy" / "workshop" / "README.md").read_text(encoding="utf-8")


def test_classroom_defaults_agree() -> None:
    """`make classroom`: ROOM, PORT (JupyterHub's 8000, not the dashboard's 8866), the idle limit and the cap, as
    osteo_lib.apps.classroom sets them, in the Makefile, its help, README and the hub docs."""
    from osteo_lib.apps import classroom

    room = int(makefile_variable("ROOM"))
    assert classroom.DEFAULT_ROOM == room == 30
    assert classroom.DEFAULT_PORT == 8000
    assert re.search(r"^CLASSROOM_PORT := .*,\$\(PORT\),8000\)$", MAKEFILE, flags=re.M)
    assert "[ROOM=30] [PORT=8000] [CODE=" in usage_comment("classroom")
    assert "make classroom                       # a room of 30, port 8000, a random room code" in README
    assert classroom.DEFAULT_IDLE_MINUTES == 60
    assert "A server nobody uses stops after an hour" in README
    hub_readme = (ROOT / "deploy" / "jupyterhub" / "README.md").read_text(encoding="utf-8")
    assert "`make classroom [ROOM=30] [PORT=8000] [CODE=...]`" in hub_readme
    assert "culling after `--idle-minutes` (60) and at most ROOM + 5 servers" in hub_readme
    assert classroom.EXTRA_SEATS == 5
    assert "http://127.0.0.1:8000/services/classroom-room/?token=" in README


@pytest.mark.parametrize("room", [1, 12, 40])
def test_the_pool_is_the_room_whatever_its_size(room: int) -> None:
    assert ws.plan_room(room).pool == room


def test_replicas_default_agrees() -> None:
    replicas = makefile_variable("REPLICAS")
    assert replicas == "3"
    assert f"[REPLICAS={replicas}]" in usage_comment("serve")
    assert f"`make serve REPLICAS={replicas}` (default {replicas};" in README
    deploy = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    assert f"make serve                      # {replicas} processes" in deploy
