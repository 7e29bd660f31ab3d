"""The fixed labels of the workshop guide, read from ``data/ui/instructor.yaml`` (the content comes from
the data and the notebooks)."""

from __future__ import annotations

from osteo_lib.content.ui import UiTexts, ui_texts

__all__ = ["INSTRUCTOR_TEXT", "instructor_text"]


def instructor_text() -> UiTexts:
    """The labels of the guide (``data/ui/instructor.yaml``; cached, forgotten by ``osteo_lib.reload()``)."""
    return ui_texts("instructor")


#: The labels as loaded when this module was imported (code calls :func:`instructor_text` at use time).
INSTRUCTOR_TEXT: UiTexts = instructor_text()
