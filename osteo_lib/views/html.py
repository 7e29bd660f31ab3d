"""Escaping and download addresses for the views (the same escaping as the Jinja2 templates)."""

from __future__ import annotations

import base64

from markupsafe import escape

__all__ = ["data_uri", "esc"]


def esc(text: object) -> str:
    """Escape text for HTML (quotes included, so it is safe in attributes too), as Jinja2's autoescape does."""
    return str(escape(str(text)))


def data_uri(data: bytes, mime: str) -> str:
    """A ``data:`` address carrying ``data`` (base64), for a download link that needs no server file."""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
