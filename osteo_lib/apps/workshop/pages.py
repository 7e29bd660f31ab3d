"""The room's own pages, from the templates ``workshop/*.html.j2``: for visitors "The room is full" (HTTP
503), "Type the room code", "The meeting has ended" and "There is no page here", with their words in
``data/ui/workshop.yaml`` (read by patients: plain language); the projector poster with the QR code and
the joining steps; and the instructor's room page (words in ``data/ui/workshop_room.yaml``)."""

from __future__ import annotations

from importlib import resources

from markupsafe import Markup

from osteo_lib.content.ui import UiTexts, ui_texts
from osteo_lib.views.templates import render

__all__ = [
    "TEXT",
    "ended_page",
    "full_page",
    "join_page",
    "missing_page",
    "poster_page",
    "refused_page",
    "room_page",
    "room_text",
    "workshop_text",
]


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


def poster_page(address: str, code: str, svg: str, text: UiTexts | None = None) -> str:
    """A page for the projector: three numbered joining steps, the QR code (``svg``, segno's inline SVG of
    the join link), the short ``address`` and the room ``code`` in large type. ``text``: the words (the
    ``poster_*`` keys; default the workshop's, ``make classroom`` passes ``data/ui/classroom.yaml``)."""
    words = workshop_text() if text is None else text
    page = render("workshop/poster.html.j2", text=words, css=_css(), address=address, code=code, svg=Markup(svg))
    return str(page) + "\n"


def join_page(action: str, problem: str | None = None, code: str = "") -> str:
    """ "Type the room code": a form that sends the code to ``action`` (GET), with ``problem`` (a message
    from ``data/ui/workshop.yaml``) above it when the last try did not work."""
    page = render("workshop/join.html.j2", text=workshop_text(), css=_css(), action=action, problem=problem, code=code)
    return str(page) + "\n"


def ended_page() -> str:
    """What every visitor gets once the instructor has ended the session."""
    return str(render("workshop/ended.html.j2", text=workshop_text(), css=_css())) + "\n"


def missing_page(home: str) -> str:
    """Any other address in the room, for a visitor who is in: a link to the workbook (``home``)."""
    text = workshop_text()
    return _notice(text["missing_title"], text["missing_message"], text["missing_link"], home)


def refused_page(home: str) -> str:
    """A request the room refused (an old form, a missing ``_xsrf``): plain words and a link to ``home``."""
    text = workshop_text()
    return _notice(text["refused_title"], text["refused_message"], text["missing_link"], home)


def _notice(title: str, message: str, link_text: str, home: str) -> str:
    page = render("workshop/missing.html.j2", css=_css(), title=title, message=message, link_text=link_text, home=home)
    return str(page) + "\n"


def room_text() -> UiTexts:
    """The words of the instructor's room page (``data/ui/workshop_room.yaml``)."""
    return ui_texts("workshop_room")


def room_page(
    *,
    status: dict[str, object],
    address: str,
    code: str,
    token: str,
    xsrf: str,
    urls: dict[str, str],
    left_seconds: float,
    message: str | None = None,
) -> str:
    """The instructor's room page: ``status`` as ``GET /room/status`` gives it; ``urls``: ``status``,
    ``free`` and ``end`` (the buttons post there with ``token`` and ``xsrf``)."""
    page = render(
        "workshop/room.html.j2",
        t=room_text(),
        css=_css(),
        s=status,
        address=address,
        code=code,
        token=token,
        xsrf=xsrf,
        status_url=urls["status"],
        free_url=urls["free"],
        end_url=urls["end"],
        left_seconds=f"{left_seconds:g}",
        message=message,
    )
    return str(page) + "\n"
