"""The diary as the person's own browser keeps it: the stored text (a small JSON document with a
version), written by :func:`dump_stored` and read back by :func:`load_stored`.

The text lives only in the browser's ``localStorage`` under :data:`STORE_KEY` (the front end of
:mod:`osteo_lib.views.widgets.diary_device` writes and reads it); the setting "keep my diary on this
device" lives under :data:`SETTINGS_KEY`. Nothing here touches a file: the kernel only ever holds
the text in memory. Pure functions, words from ``data/ui/diary_device.yaml``.

The stored document::

    {"app": "osteo-diary", "version": 1,
     "entries": [{"day": "2025-03-01", "pain": 4, "peg_pain": 5, "peg_enjoyment": 4,
                  "peg_activity": 4, "tried": "Heat packs", "helped": "some", "note": ""}]}

The three PEG answers are ``null`` on a day without them (they are optional, all three or none).
When the person wrote about their health problems or medicines (for the provider summary), the
document also holds ``"about": {"conditions": "...", "medicines": "..."}`` (text as typed); a
workbook that does not know this part reads the entries and leaves it alone.

Text that cannot be read (not JSON, the wrong shape, a bad entry) or that a newer version of the
workbook wrote is never thrown away: :func:`load_stored` says what is wrong and the caller keeps it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from osteo_lib.care.diary.csv_io import MAX_ROWS
from osteo_lib.care.diary.entries import NUMBER_COLUMNS, Entry, sort_entries
from osteo_lib.care.download import data_uri
from osteo_lib.content.ui import UiTexts, ui_texts

__all__ = [
    "APP",
    "MAX_STORED_CHARS",
    "SETTINGS_KEY",
    "STORED_MIME",
    "STORE_KEY",
    "STORE_VERSION",
    "StoredDiary",
    "StoredProblem",
    "device_texts",
    "dump_stored",
    "load_stored",
    "stored_download_name",
    "stored_download_uri",
]

APP: Final = "osteo-diary"
STORE_VERSION: Final = 1
#: localStorage key of the diary (namespaced and versioned; a new format gets a new key too).
STORE_KEY: Final = f"{APP}/v{STORE_VERSION}"
#: localStorage key of the device's choice ("keep my diary on this device": on or off).
SETTINGS_KEY: Final = f"{APP}/settings/v1"
#: The longest stored text read (a full diary of MAX_ROWS entries with long notes is about 1.5 MB).
MAX_STORED_CHARS: Final = 4_000_000
STORED_MIME: Final = "application/json"

StoredProblem = Literal["", "unreadable", "newer", "too_big"]
#: The fields of a stored entry besides its day (an Entry's own fields).
_FIELDS: Final = (*NUMBER_COLUMNS, "tried", "helped", "note")


def device_texts() -> UiTexts:
    """The words about keeping the diary on this device (``data/ui/diary_device.yaml``)."""
    return ui_texts("diary_device")


@dataclass(frozen=True, slots=True)
class StoredDiary:
    """What :func:`load_stored` found: the entries, or the problem that kept it from reading them
    (``""`` when there is none). ``found`` is False when the device held no diary at all."""

    entries: tuple[Entry, ...] = ()
    problem: StoredProblem = ""
    found: bool = False
    #: What the person wrote about their health problems and their medicines ("" when nothing).
    conditions: str = ""
    medicines: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem

    def message(self) -> str:
        """The problem in plain words ("" when the diary was read)."""
        return device_texts()[f"problem_{self.problem}"] if self.problem else ""


def _entry_record(entry: Entry) -> dict[str, object]:
    record: dict[str, object] = {"day": entry.day.isoformat()}
    for name in _FIELDS:
        record[name] = getattr(entry, name)
    return record


def dump_stored(entries: Iterable[Entry], *, conditions: str = "", medicines: str = "") -> str:
    """The diary as the text the browser keeps (compact JSON, entries oldest first), with the person's
    health problems and medicines when either is given."""
    document: dict[str, object] = {
        "app": APP,
        "version": STORE_VERSION,
        "entries": [_entry_record(e) for e in sort_entries(entries)],
    }
    if conditions or medicines:
        document["about"] = {"conditions": conditions, "medicines": medicines}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def _read_about(about: object) -> tuple[str, str]:
    """The stored health problems and medicines, or ValueError when the part is not what this writes."""
    if about is None:
        return "", ""
    if not isinstance(about, dict) or not set(about) <= {"conditions", "medicines"}:
        raise ValueError("not an about part")
    values = (about.get("conditions", ""), about.get("medicines", ""))
    if not all(isinstance(v, str) for v in values):
        raise ValueError("about is not text")
    return str(values[0]), str(values[1])


def _read_entry(record: object) -> Entry:
    """One stored entry, or ValueError/TypeError when it is not one."""
    if not isinstance(record, dict) or set(record) != {"day", *_FIELDS}:
        raise ValueError("not an entry")
    day = record["day"]
    if not isinstance(day, str):
        raise ValueError("day is not text")
    fields = {name: record[name] for name in _FIELDS}
    return Entry(date.fromisoformat(day), **fields)  # Entry checks every value


def load_stored(text: str | None) -> StoredDiary:
    """Read the text the browser kept (``None``: it kept none). Never raises for bad text: the result
    names the problem (``unreadable``, ``newer`` or ``too_big``) and the caller keeps the text."""
    if text is None:
        return StoredDiary()
    if len(text) > MAX_STORED_CHARS:
        return StoredDiary(problem="too_big", found=True)
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return StoredDiary(problem="unreadable", found=True)
    if not isinstance(document, dict) or document.get("app") != APP:
        return StoredDiary(problem="unreadable", found=True)
    version = document.get("version")
    version = version if isinstance(version, int) and not isinstance(version, bool) else None
    if version is not None and version > STORE_VERSION:
        return StoredDiary(problem="newer", found=True)
    records = document.get("entries")
    if version != STORE_VERSION or not isinstance(records, list) or len(records) > MAX_ROWS:
        return StoredDiary(problem="unreadable", found=True)
    try:
        entries = [_read_entry(r) for r in records]
        conditions, medicines = _read_about(document.get("about"))
    except (ValueError, TypeError):
        return StoredDiary(problem="unreadable", found=True)
    if len({e.day for e in entries}) != len(entries):
        return StoredDiary(problem="unreadable", found=True)
    return StoredDiary(sort_entries(entries), found=True, conditions=conditions, medicines=medicines)


def stored_download_uri(text: str) -> str:
    """A ``data:`` address carrying the stored text exactly as the browser kept it (for a download link)."""
    return data_uri(text.encode("utf-8", errors="surrogatepass"), f"{STORED_MIME};charset=utf-8")


def stored_download_name(today: date) -> str:
    """The file name of that download: ``pain-diary-from-this-device-2025-03-02.json``."""
    return f"pain-diary-from-this-device-{today.isoformat()}.json"
