"""Interactive widgets of the workbook.

Each widget derives from :class:`~osteo_lib.views.widgets.base.Widget`: a notebook cell shows it by
naming it (``GateSimulator()``); its ``.container`` (an ipywidgets ``Box``) is what is displayed. Data
flows one way: content records and care logic -> widget state (traitlets) -> one ``update()`` ->
templates. Importing this package imports ipywidgets; ``import osteo_lib`` alone does not.
"""

from __future__ import annotations

__all__: list[str] = []  # a namespace package of modules: import from the modules themselves
