"""Two small helpers every loader and record type shares: list-to-tuple and lookup by id."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

from osteo_lib.errors import UnknownIdError

__all__ = ["as_tuple", "by_id", "lookup"]

T = TypeVar("T")


def as_tuple(values: Iterable[T] | None) -> tuple[T, ...]:
    """``values`` as a tuple; ``None`` (an optional list left out of a data file) as ``()``."""
    return tuple(values or ())


def lookup(table: Mapping[str, T], wanted: str, kind: str) -> T:
    """``table[wanted]``, or :class:`~osteo_lib.errors.UnknownIdError` naming ``kind`` and the known ids."""
    try:
        return table[wanted]
    except KeyError:
        raise UnknownIdError(kind, wanted, list(table)) from None


def by_id(records: Iterable[T], wanted: str, kind: str, *, key: str = "id") -> T:
    """The record whose ``key`` attribute (default ``id``) is ``wanted``; else UnknownIdError as :func:`lookup`."""
    return lookup({getattr(r, key): r for r in records}, wanted, kind)
