"""HTML and download helpers shared by the pure modules and the widgets (no ipywidgets import)."""

from __future__ import annotations

import base64
import html


def esc(text: object) -> str:
    """Escape text for HTML (quotes included, so it is safe in attributes too)."""
    return html.escape(str(text), quote=True)


def data_uri(data: bytes, mime: str) -> str:
    """A ``data:`` address carrying ``data`` (base64), for a download link that needs no server file."""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
