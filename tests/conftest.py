"""Shared fixtures: paths, the real catalog, and a copy of data/ that a test may break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from osteo_lib import load_catalog
from osteo_lib.catalog import Catalog

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


@pytest.fixture(params=["real", "fixture"])
def any_catalog(request: pytest.FixtureRequest, fixture_catalog: Catalog) -> Catalog:
    """The real catalog and the small fixture catalog, in turn."""
    return request.getfixturevalue("catalog") if request.param == "real" else fixture_catalog
