"""Download addresses: file contents carried in a ``data:`` URL, so a download link needs no file on the server."""

from __future__ import annotations

import base64

__all__ = ["data_uri"]


def data_uri(data: bytes, mime: str) -> str:
    """A ``data:`` address carrying ``data`` (base64), for a download link that needs no server file."""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
