"""Content layer: the only code that reads ``data/``.

Versioned JSON schemas (``schemas/``), typed immutable records (:mod:`.model`), the one cache
(:mod:`.registry`) and the loaders that validate every data file once. Imports nothing above it.
"""

__all__: list[str] = []  # a namespace package of modules: import from the modules themselves
