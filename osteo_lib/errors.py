"""The one error type raised for bad content data."""

from __future__ import annotations

__all__ = ["DataError", "UnknownIdError"]


class DataError(ValueError):
    """A data file is malformed.

    The message always names the file, the record id (or the section, for records without an id)
    and the field, so that an author can go straight to the problem, e.g.::

        data/methods.yaml: record 'heat', field 'category': 'hot' is not one of the allowed values ...
    """

    def __init__(self, file: str, record: str | None, field: str | None, problem: str) -> None:
        self.file = file
        self.record = record
        self.field = field
        self.problem = problem
        where = [file]
        where.append(f"record {record!r}" if record else "record (none)")
        where.append(f"field {field!r}" if field else "field (none)")
        super().__init__(f"{', '.join(where)}: {problem}")


class UnknownIdError(LookupError):
    """A query asked for an id the catalog does not have."""

    def __init__(self, kind: str, wanted: str, known: list[str]) -> None:
        self.kind = kind
        self.wanted = wanted
        sample = ", ".join(sorted(known)[:12]) + (" ..." if len(known) > 12 else "")
        super().__init__(f"no {kind} with id {wanted!r}; known ids: {sample}")

    def __str__(self) -> str:  # LookupError would add quotes around the message
        return str(self.args[0])
