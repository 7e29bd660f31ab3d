"""The repository's GitHub address, kept in one place: ``[project.urls] Repository`` of pyproject.toml.

Every link made from it (the README's Binder badges and its Binder section, the hub docs' ``git clone``
and image names) must agree with it::

    python scripts/repository.py            # check: lists every link that disagrees (exit 1), else prints the address
    python scripts/repository.py --set owner/name
                                            # writes owner/name into pyproject.toml and every link made from it

It names the project's planned public home; the Binder badges open once the repository is published there.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
_NAME = r"[A-Za-z0-9][A-Za-z0-9._-]*"
_GITHUB = re.compile(rf"^https://github\.com/(?P<owner>{_NAME})/(?P<name>{_NAME})$")


@dataclass(frozen=True)
class Spot:
    """A kind of link in one file: ``pattern`` has groups ``owner`` and ``name`` (or ``owner`` only)."""

    path: str
    pattern: re.Pattern[str]


_BINDER = re.compile(rf"https://mybinder\.org/v2/gh/(?P<owner>{_NAME})/(?P<name>{_NAME})/HEAD")
_CLONE = re.compile(rf"git clone https://github\.com/(?P<owner>{_NAME})/(?P<name>{_NAME})")
_IMAGE = re.compile(rf"ghcr\.io/(?P<owner>{_NAME})/(?P<name>{_NAME})")

SPOTS = (
    Spot("README.md", _BINDER),
    Spot("deploy/jupyterhub/tljh.md", _CLONE),
    Spot("deploy/jupyterhub/README.md", _IMAGE),
    Spot("deploy/jupyterhub/values.yaml", _IMAGE),
)


def repository(pyproject: Path = PYPROJECT) -> tuple[str, str]:
    """``(owner, name)`` from pyproject.toml's ``[project.urls] Repository``."""
    url = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["urls"]["Repository"]
    m = _GITHUB.match(url)
    if not m:
        raise ValueError(f"{pyproject.name}: [project.urls] Repository is not a GitHub address: {url!r}")
    return m["owner"], m["name"]


def disagreements(root: Path = ROOT) -> list[str]:
    """Every link that does not name pyproject's repository (and every spot with no link at all)."""
    owner, name = repository(root / "pyproject.toml")
    problems = []
    for spot in SPOTS:
        text = (root / spot.path).read_text(encoding="utf-8")
        found = list(spot.pattern.finditer(text))
        if not found:
            problems.append(f"{spot.path}: no link of the form {spot.pattern.pattern!r}")
        for m in found:
            if (m["owner"], m["name"]) != (owner, name):
                line = text.count("\n", 0, m.start()) + 1
                problems.append(f"{spot.path}:{line}: {m.group(0)!r} does not name {owner}/{name}")
    return problems


def set_repository(owner_name: str, root: Path = ROOT) -> list[str]:
    """Write ``owner/name`` into pyproject.toml and every spot; returns the files changed."""
    if not re.fullmatch(rf"{_NAME}/{_NAME}", owner_name):
        raise ValueError(f"not a GitHub owner/name: {owner_name!r}")
    owner, name = owner_name.split("/")
    changed = []
    pyproject = root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    new = re.sub(
        r'^(Repository = ")https://github\.com/[^"]*(")$',
        lambda m: f"{m[1]}https://github.com/{owner}/{name}{m[2]}",
        text,
        flags=re.M,
    )
    if new != text:
        pyproject.write_text(new, encoding="utf-8")
        changed.append("pyproject.toml")
    for spot in SPOTS:
        path = root / spot.path
        text = path.read_text(encoding="utf-8")

        def swap(m: re.Match[str]) -> str:
            whole, start = m.group(0), m.start()
            out = whole
            for group, value in (("name", name), ("owner", owner)):  # right to left keeps offsets valid
                a, b = m.start(group) - start, m.end(group) - start
                out = out[:a] + value + out[b:]
            return out

        new = spot.pattern.sub(swap, text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(spot.path)
    return sorted(set(changed))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", metavar="OWNER/NAME", help="write this repository everywhere")
    args = parser.parse_args(argv)
    try:
        if args.set:
            for path in set_repository(args.set):
                print(f"updated {path}")
        problems = disagreements()
        owner, name = repository()
    except (ValueError, KeyError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"https://github.com/{owner}/{name}: every link agrees")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
