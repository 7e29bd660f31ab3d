"""The project's own pictures and method icons as HTML (templates ``pictures/*.html.j2``).

A picture is an ``<img>`` with a ``data:`` address and its alt text, under its heading and above its
numbered steps (:func:`picture_html`); a method's icon is a decorative ``<img alt="">`` placed before the
method's name (:func:`icon_html`). The records come from :mod:`osteo_lib.content.pictures`.
"""

from __future__ import annotations

from osteo_lib.content.catalog import Catalog
from osteo_lib.content.pictures import Picture, load_pictures
from osteo_lib.views.templates import Markup, render

__all__ = ["icon_html", "picture_html", "pictures_at_html"]


def picture_html(picture: Picture) -> Markup:
    """One picture: heading, drawing with alt text, a scale's end words, numbered steps."""
    return render("pictures/picture.html.j2", picture=picture)


def icon_html(catalog: Catalog, method_id: str) -> Markup:
    """The decorative icon of a method (``alt=""``), to put before its name ("" when it has none)."""
    icon = load_pictures(catalog).icon_for(method_id)
    return Markup("") if icon is None else render("pictures/icon.html.j2", icon=icon)


def pictures_at_html(catalog: Catalog, place: str) -> Markup:
    """Every picture shown at ``place`` (e.g. ``"diary"``), one after another."""
    return Markup("\n").join(picture_html(p) for p in load_pictures(catalog).pictures_at(place))
