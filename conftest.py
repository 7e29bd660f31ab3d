"""Marks every collected test by what it needs, so the inner loop can leave the heavy ones out.

The markers are registered in pyproject.toml ([tool.pytest.ini_options] markers):

- ``browser``: drives Chromium (everything in tests/browser/, and any test that uses the ``browser`` fixture);
- ``notebooks``: a notebook run cell by cell by nbval (every ``*.ipynb`` item);
- ``slow``: starts servers or a JupyterHub and takes tens of seconds (tests/hub/, and the files in
  :data:`SLOW_FILES`).

``make test`` runs them all; ``make test-fast`` runs ``-m "not browser and not notebooks and not slow"``.
This file sits at the repository root so that the hook runs whatever paths pytest is given (``tests/`` and
``notebooks/`` are both collected from here).
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent

#: Folders whose every test gets the marker.
FOLDER_MARKERS = {
    ROOT / "tests" / "browser": ("browser", "slow"),
    ROOT / "tests" / "hub": ("slow",),
}

#: Test files outside those folders that start a real server (`make dashboard` on a free port).
SLOW_FILES = frozenset(
    {
        ROOT / "tests" / "test_dashboard_serves.py",
        ROOT / "tests" / "test_lab_serves.py",
        ROOT / "tests" / "test_serving_headers.py",
        ROOT / "tests" / "test_serve_replicas.py",
        ROOT / "tests" / "test_export_html_run.py",  # runs the workshop guide's kernel (make export-html)
    }
)


def markers_for(path: Path, fixturenames: tuple[str, ...] | list[str] = ()) -> set[str]:
    """The marker names a test collected from ``path`` (using ``fixturenames``) gets."""
    names: set[str] = set()
    for folder, marks in FOLDER_MARKERS.items():
        if path.is_relative_to(folder):
            names.update(marks)
    if path.suffix == ".ipynb":
        names.add("notebooks")
    if path in SLOW_FILES:
        names.add("slow")
    if "browser" in fixturenames:
        names.update(("browser", "slow"))
    return names


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects anything
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for name in sorted(markers_for(Path(item.path), getattr(item, "fixturenames", ()))):
            item.add_marker(name)
