"""A made-up question bank written to a temporary data folder and read by the real loader (the quiz loader
tests of every item type). The ``quiz_catalog`` fixture (tests/conftest.py) gives the catalog whose data
folder is that temporary folder."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from osteo_lib.content.catalog import Catalog
from osteo_lib.content.quiz import Bank, load_bank
from osteo_lib.errors import DataError


def load_document(cat: Catalog, document: dict[str, Any], name: str | None = None) -> Bank:
    """Write ``document`` as the bank ``name`` (default: the document's own ``bank``) and load it."""
    name = name or str(document.get("bank", "tbank"))
    document = {**document, "bank": name}
    (cat.source / "quizzes" / f"{name}.yaml").write_text(yaml.safe_dump(document), encoding="utf-8")
    return load_bank(name, cat)


def load_problem(cat: Catalog, document: dict[str, Any], name: str | None = None) -> DataError:
    """The DataError loading ``document`` raises; it names the bank's file."""
    name = name or str(document.get("bank", "tbank"))
    with pytest.raises(DataError) as info:
        load_document(cat, document, name)
    assert info.value.file.endswith(f"quizzes/{name}.yaml")
    return info.value
