"""Privacy: a person's diary lives only in their own session, and nothing is written on the server's disk.

One server, started like `make dashboard` (tests/serving.py), with every place it could write under this
test's control: HOME (so ~/.ipython and ~/.local/share/jupyter), TMPDIR (Voila's kernel connection
files), JUPYTER_RUNTIME_DIR, plus the repository itself. Two browser contexts (two people, each with their
own cookies and storage) open the dashboard at the same time. Each adds a diary entry with a note that
holds a unique marker; neither sees the other's entry, their pages run on different kernels, and after the
two sessions no file changed on disk except kernel connection files (runtime files Jupyter removes when a
kernel stops) -- and no file anywhere in those trees holds either marker.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import artifact, page_kernel_id, private_dirs, private_env
from tests.serving import ROOT, Server, serve

#: Not part of the server's footprint: version control, the environment and test output.
SKIP_DIRS = {
    ".git",
    ".venv",
    "node_modules",
    "test-artifacts",
    ".pytest_cache",
    "__pycache__",
    ".mypy_cache",
    ".ruff_cache",
    ".ipynb_checkpoints",
}
DIARY = "My pain diary"


def snapshot(*roots: Path) -> dict[Path, str]:
    """path -> sha256 of every file under ``roots`` (skipping SKIP_DIRS)."""
    files: dict[Path, str] = {}
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS]
            for name in filenames:
                path = Path(dirpath, name)
                try:
                    files[path] = hashlib.sha256(path.read_bytes()).hexdigest()
                except OSError:  # a socket, or a file removed while walking
                    continue
    return files


def changes(before: dict[Path, str], after: dict[Path, str]) -> list[Path]:
    return sorted(p for p in after if before.get(p) != after[p])


def is_connection_file(path: Path, tmp: Path) -> bool:
    """Voila keeps kernel connection files in $TMPDIR/voila_*/kernel-<id>.json while a kernel runs."""
    rel = path.relative_to(tmp) if path.is_relative_to(tmp) else None
    return (
        rel is not None
        and len(rel.parts) == 2
        and rel.parts[0].startswith("voila_")
        and rel.parts[1].startswith("kernel-")
        and rel.suffix == ".json"
    )


def holding(marker: str, *roots: Path) -> list[Path]:
    found = []
    needle = marker.encode()
    for root in roots:
        for path in snapshot(root):
            try:
                if needle in path.read_bytes():
                    found.append(path)
            except OSError:
                continue
    return found


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return private_dirs(tmp_path_factory, "server-disk")


@pytest.fixture(scope="module")
def private_server(places: dict[str, Path]) -> Iterator[Server]:
    with serve("dashboard", env=private_env(places), wait_for_pool=True) as srv:
        yield srv


def open_diary(page: Any, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name=DIARY).click(timeout=90_000)
    page.get_by_role("button", name="Save entry").wait_for(timeout=60_000)


def add_entry(page: Any, pain: str, note: str) -> None:
    """Quick entry: press today's pain on the 0-10 buttons, write a note and save (the weekly questions are
    optional and left out)."""
    scale = page.get_by_role("group", name="Pain today", exact=True)
    scale.locator(f"button[data-value='{pain}']").click()
    scale.locator(f"button[data-value='{pain}'][aria-pressed='true']").wait_for(timeout=60_000)
    page.get_by_label("Note", exact=True).fill(note)
    page.get_by_label("Note", exact=True).press("Tab")  # the Text widget syncs its value on blur/Enter
    page.get_by_role("button", name="Save entry").click()
    page.get_by_text("Saved your entry").wait_for(timeout=60_000)


def diary_text(page: Any) -> str:
    """Everything the diary part shows, including its entries table (folded in a <details>)."""
    return str(page.evaluate("() => document.body.textContent"))


def test_two_sessions_do_not_share_a_diary_and_nothing_reaches_the_disk(
    private_server: Server, places: dict[str, Path], browser: Any
) -> None:
    roots = (ROOT, *places.values())
    # A first visit lets the first kernel finish starting (IPython sets up ~/.ipython once, the first
    # time a kernel runs); what the server writes from then on is what a visit writes.
    warm = browser.new_context()
    try:
        open_diary(warm.new_page(), private_server.url)
    finally:
        warm.close()
    before = snapshot(*roots)
    marker_a, marker_b = f"alpha-{uuid.uuid4().hex[:12]}", f"bravo-{uuid.uuid4().hex[:12]}"

    ctx_a = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx_b = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page_a, page_b = ctx_a.new_page(), ctx_b.new_page()
        open_diary(page_a, private_server.url)
        open_diary(page_b, private_server.url)  # both pages are open at the same time
        assert page_kernel_id(page_a) != page_kernel_id(page_b), "two visitors must get two kernels"

        add_entry(page_a, "7", marker_a)
        assert marker_a in diary_text(page_a)
        assert marker_a not in diary_text(page_b)
        assert "No entries yet" in diary_text(page_b)

        add_entry(page_b, "3", marker_b)
        assert marker_b in diary_text(page_b) and marker_a not in diary_text(page_b)
        assert marker_b not in diary_text(page_a)
        page_a.screenshot(path=str(artifact("privacy-session-a.png")), full_page=True)
        page_b.screenshot(path=str(artifact("privacy-session-b.png")), full_page=True)

        # A fresh visitor (a third context) also starts with an empty diary.
        ctx_c = browser.new_context()
        try:
            page_c = ctx_c.new_page()
            open_diary(page_c, private_server.url)
            text_c = diary_text(page_c)
            assert "No entries yet" in text_c and marker_a not in text_c and marker_b not in text_c
        finally:
            ctx_c.close()

        after = snapshot(*roots)  # while the sessions are still open
    finally:
        ctx_a.close()
        ctx_b.close()

    changed = changes(before, after)
    unexpected = [p for p in changed if not is_connection_file(p, places["tmp"])]
    assert not unexpected, (
        f"files changed on disk during the two sessions: {unexpected} (files under "
        f"{ROOT} also change if someone edits the checkout while the test runs)"
    )
    for marker in (marker_a, marker_b):
        assert not holding(marker, *roots), f"{marker} reached the disk"
        assert marker not in private_server.log_text(), f"{marker} is in the server's log"
