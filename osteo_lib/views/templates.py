"""The one Jinja2 environment: every piece of HTML the workbook shows comes from a template in
``osteo_lib/views/templates/``, rendered with autoescape on (text is escaped unless a template
marks already-rendered HTML ``|safe``) and ``StrictUndefined`` (a misspelt variable is an error,
not an empty string).

    from osteo_lib.views.templates import render
    render("gate/picture.html.j2", result=result, text=TEXT)

Shared macros (sources list, bullet list) are in ``templates/_macros.html.j2``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import jinja2
from markupsafe import Markup

__all__ = ["Markup", "environment", "render"]


def _num(value: float) -> str:
    """A number without a trailing .0 (3, 2.5)."""
    return f"{value:g}"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("osteo_lib.views", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = _num
    return env


def render(name: str, /, **context: Any) -> Markup:
    """The template ``name`` rendered with ``context``, as escaped-safe markup (a ``str``)."""
    return Markup(environment().get_template(name).render(**context).strip())
