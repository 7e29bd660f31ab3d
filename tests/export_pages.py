"""Reading the pages `osteo-workbook export-html` writes: every address the page names, by where it is
named (for tests/test_export_html.py and tests/test_export_html_run.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlparse

from bs4 import BeautifulSoup

#: Attributes that make a browser load something (or could: srcset, poster, data, action, ...).
URL_ATTRIBUTES = ("src", "href", "srcset", "poster", "data", "action", "formaction", "background", "xlink:href")
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")\s]+)|@import\s+['\"]([^'\"]+)")


@dataclass(frozen=True)
class Addresses:
    """What a page names: ``links`` (``<a href>`` to another host: followed only when clicked), ``loads``
    (every other src/href/... and CSS ``url()``/``@import`` naming another host) and ``scripts``."""

    links: frozenset[str]
    loads: tuple[str, ...]
    scripts: int


def _outside(url: str) -> bool:
    parsed = urlparse(url.strip())
    return bool(parsed.netloc) or parsed.scheme not in ("", "data", "file")


def addresses(html: str) -> Addresses:
    soup = BeautifulSoup(html, "html.parser")
    links: set[str] = set()
    loads: list[str] = []
    for tag in soup.find_all(True):
        for name in URL_ATTRIBUTES:
            value = tag.get(name)
            if value is None:
                continue
            values = value if isinstance(value, list) else [value]
            if name == "srcset":
                values = [part.strip().split(" ")[0] for v in values for part in v.split(",")]
            for url in values:
                if not _outside(url):
                    continue
                if tag.name == "a" and name == "href":
                    links.add(url)
                else:
                    loads.append(f"<{tag.name} {name}={url}>")
        style = tag.get("style")
        texts = [style] if style else []
        if tag.name == "style":
            texts.append(tag.get_text())
        for text in texts:
            for match in _CSS_URL.finditer(text):
                url = match.group(1) or match.group(2)
                if _outside(url):
                    loads.append(f"CSS {url}")
    return Addresses(links=frozenset(links), loads=tuple(loads), scripts=len(soup.find_all("script")))
