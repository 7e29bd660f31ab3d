"""Where the content lives (the one function every loader asks)."""

from __future__ import annotations

import functools
import os
from pathlib import Path

__all__ = ["data_dir"]


def data_dir() -> Path:
    """Where the content lives: $OSTEO_DATA_DIR, the copy inside an installed wheel, or the repo's data/."""
    override = os.environ.get("OSTEO_DATA_DIR")
    if override:
        return Path(override)
    return _shipped_data_dir()


@functools.cache
def _shipped_data_dir() -> Path:
    """The data folder next to the code (worked out once: every text lookup asks for it)."""
    packaged = Path(__file__).resolve().parents[1] / "data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "data"
