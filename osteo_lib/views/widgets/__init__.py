"""Interactive widgets of the workbook.

Each widget is a small class whose ``.container`` (an ipywidgets ``Box``) is what a notebook displays.
Data flows one way: ``Catalog`` queries -> widget state (traitlets) -> view. Importing this package
imports ipywidgets; ``import osteo_lib`` alone does not.
"""

from __future__ import annotations
