"""Shared fixtures: paths, the real catalog, and a copy of data/ that a test may break."""

from __future__ import annotations

import contextlib
import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from osteo_lib import load_catalog
from osteo_lib.content.catalog import Catalog
from tests.serving import chromium

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
# CI clones the repository next to shared/; the seed articles are the project's source material.
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(DATA)


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    files = sorted(SEEDS.glob("*.txt"))
    assert files, f"the seed articles are missing: expected them in {SEEDS}"
    return {p.name: p.read_text(encoding="utf-8") for p in files}


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ (named data/) that a test may edit."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture(scope="session")
def fixture_catalog() -> Catalog:
    """A small valid catalog (tests/fixtures/methods_catalog) with cases the real data lacks."""
    return load_catalog(ROOT / "tests" / "fixtures" / "methods_catalog")


@pytest.fixture()
def quiz_catalog(catalog: Catalog, tmp_path: Path) -> Catalog:
    """The real catalog reading its question banks from an empty temporary quizzes/ folder, where a test
    writes a made-up bank (tests/quiz_banks.py)."""
    (tmp_path / "quizzes").mkdir()
    return dataclasses.replace(catalog, source=tmp_path)


@pytest.fixture(params=["real", "fixture"])
def any_catalog(request: pytest.FixtureRequest, fixture_catalog: Catalog) -> Catalog:
    """The real catalog and the small fixture catalog, in turn."""
    return request.getfixturevalue("catalog") if request.param == "real" else fixture_catalog


# --- one Playwright (sync API) for the whole run: a second one cannot start while this one runs ---
@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture()
def context(browser: Any) -> Iterator[Any]:
    """A fresh browser context (its own cookies and storage) that allows downloads."""
    ctx = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    try:
        yield ctx
    finally:
        # Close pages as a tab would (beforeunload runs), so Voila shuts their kernels down instead of
        # leaving them on the shared server until they are culled.
        for page in list(ctx.pages):
            with contextlib.suppress(Exception):  # the test closed it already, or it did not close in time
                page.close(run_before_unload=True)
                page.wait_for_event("close", timeout=5_000)
        ctx.close()
