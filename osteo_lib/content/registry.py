"""The one cache of loaded content, and the one :func:`reload` that forgets it.

Every data loader (catalog, question banks, dashboard, healing timeline, instructor guide) asks
:func:`get` for its result instead of keeping a cache of its own, so one call to :func:`reload`
(also :func:`osteo_lib.reload`, and the old ``clear_cache()`` functions) makes the next load read
every data file again: for authors editing ``data/`` in a running kernel, and for tests.

The cache keeps at most :data:`MAX_ENTRIES` results (least recently used are dropped first). A loader
that raises caches nothing. Code-owned things (the JSON schemas, the stylesheets) are not data and
are not kept here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Final, TypeVar

__all__ = ["MAX_ENTRIES", "get", "reload"]

T = TypeVar("T")

MAX_ENTRIES: Final = 128

_entries: OrderedDict[tuple[str, Hashable], object] = OrderedDict()
_lock = threading.RLock()  # re-entrant: a loader may load other content (a bank's catalog) through get()


def get(kind: str, directory: Hashable, loader: Callable[[], T]) -> T:
    """The cached result for ``(kind, directory)``, calling ``loader()`` the first time (or after
    :func:`reload`). ``directory`` is usually the data folder; any hashable key that fixes what the
    loader reads will do (e.g. a file path and the reference ids it is checked against)."""
    key = (kind, directory)
    with _lock:
        if key in _entries:
            _entries.move_to_end(key)
            return _entries[key]  # type: ignore[return-value]
        value = loader()
        _entries[key] = value
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
        return value


def reload() -> None:
    """Forget every loaded data file: the next load of any content reads and validates it again."""
    with _lock:
        _entries.clear()
