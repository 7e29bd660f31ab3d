"""osteo_lib: the helper library of the Osteoporosis Pain Workbook.

The only code that reads ``data/``. Importing the package is light: YAML parsing, schema validation and
the widgets are loaded only when used.

Typical use::

    from osteo_lib import load_catalog
    catalog = load_catalog()                      # validated, cached
    catalog.find_methods(category="physical", pain_type="acute")
    catalog.methods_for_conditions(["spinal_osteoporosis"], exclude=True)
    catalog.reference("vance2014").citation()
    osteo_lib.reload()                            # after editing data/: every loader reads its file again
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from osteo_lib.errors import DataError, UnknownIdError

if TYPE_CHECKING:
    from osteo_lib.content.catalog import Catalog, clear_cache, load_catalog
    from osteo_lib.content.paths import data_dir
    from osteo_lib.content.registry import reload

__all__ = ["Catalog", "DataError", "UnknownIdError", "clear_cache", "data_dir", "load_catalog", "reload"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # Lazy: keeps `import osteo_lib` from importing yaml until content is needed.
    if name in {"Catalog", "clear_cache", "load_catalog"}:
        from osteo_lib.content import catalog

        return getattr(catalog, name)
    if name == "data_dir":  # where the content lives (osteo_lib.content.paths)
        from osteo_lib.content.paths import data_dir

        return data_dir
    if name == "reload":  # forgets every loaded data file (osteo_lib.content.registry)
        from osteo_lib.content import registry

        return registry.reload
    raise AttributeError(f"module 'osteo_lib' has no attribute {name!r}")
