"""Views: Jinja2 templates (autoescaped), the one stylesheet, and the widgets (one shape, one base).
Imports content and care, never apps."""

__all__: list[str] = []  # a namespace package of modules: import from the modules themselves
