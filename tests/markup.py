"""Reading widget markup in tests by its structure (CSS selectors, visible text), never by regex.

from tests.markup import soup, text, select_texts
text(widget.value)                         # the words a reader sees, single-spaced
select_texts(html, "li.ow-card h3")       # the text of each matching element
soup(html).select_one("[role=alert]")     # a BeautifulSoup element, with attributes
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

__all__ = ["attr", "select_texts", "soup", "text"]


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def text(html: str) -> str:
    """The visible words of ``html`` (entities decoded), single-spaced."""
    return " ".join(soup(html).get_text(" ").split())


def select_texts(html: str, selector: str) -> list[str]:
    """The text of every element matching the CSS ``selector``, in document order."""
    return [" ".join(e.get_text(" ").split()) for e in soup(html).select(selector)]


def attr(html: str, selector: str, name: str) -> str | None:
    """The attribute ``name`` of the first element matching ``selector`` (None when absent)."""
    found = soup(html).select_one(selector)
    if not isinstance(found, Tag):
        return None
    value = found.get(name)
    return " ".join(value) if isinstance(value, list) else value
