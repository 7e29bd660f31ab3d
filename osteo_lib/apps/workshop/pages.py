"""The room's own pages: "The room is full" (HTTP 503) and the projector poster with the QR code, from
the templates ``workshop/full.html.j2`` and ``workshop/poster.html.j2``; their words are in
``data/ui/workshop.yaml`` (read by patients: plain language)."""

from __future__ import annotations

from importlib import resources

from markupsafe import Markup

from osteo_lib.content.ui import UiTexts, ui_texts
from osteo_lib.views.templates import render

__all__ = ["TEXT", "full_page", "poster_page", "workshop_text"]


def workshop_text() -> UiTexts:
    """The patient-facing words of the room (``data/ui/workshop.yaml``)."""
    return ui_texts("workshop")


#: The patient-facing words as loaded on import (plain language, reading grade <= 8).
TEXT: UiTexts = workshop_text()


def _css() -> str:
    return (resources.files("osteo_lib.views") / "static" / "css" / "workshop.css").read_text(encoding="utf-8")


def full_page() -> str:
    """The page a visitor gets when the room is full: plain words, no technical details, a link that
    loads the same address again (no automatic reload)."""
    return str(render("workshop/full.html.j2", text=workshop_text(), css=_css())) + "\n"


def poster_page(url: str, svg: str) -> str:
    """A page for the projector: the QR code (``svg``, segno's inline SVG) and the address in large type."""
    return str(render("workshop/poster.html.j2", text=workshop_text(), css=_css(), url=url, svg=Markup(svg))) + "\n"
