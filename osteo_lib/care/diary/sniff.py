"""What kind of text file a spreadsheet wrote: its encoding (:func:`decode`), the mark between its
columns (:func:`split_rows`) and the diary column each header names (:func:`column_name`).

Encodings, in this order: a byte order mark (UTF-8 or UTF-16) decides; otherwise strict UTF-8; only
bytes that are not UTF-8 are read as Windows-1252 (what US Excel writes as "CSV"), and the result says
so. A file with NUL bytes and no byte order mark is refused rather than guessed. The column mark
(comma, semicolon or tab) is the one that splits the header row into the most diary column names; a
header that two marks split into different, equally good columns is refused as unclear.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from typing import Final

from osteo_lib.care.diary.csv_io import Problem
from osteo_lib.care.diary.entries import COLUMNS, diary_texts

__all__ = [
    "SEPARATORS",
    "TextFile",
    "column_name",
    "decode",
    "split_rows",
]

#: Column marks we detect, with the key of their name in ``data/ui/diary.yaml``.
SEPARATORS: Final = {",": "sep_comma", ";": "sep_semicolon", "\t": "sep_tab"}
_SPACES: Final = re.compile(r"[\s_\-]+")
_UTF16_BOMS: Final = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True, slots=True)
class TextFile:
    """A decoded file: its text and the encoding it was read with (``UTF-8``, ``UTF-16``, ``Windows-1252``)."""

    text: str
    encoding: str


def _row_of(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def decode(data: bytes) -> TextFile | Problem:
    """The text of ``data`` and the encoding it was read with, or the problem that stopped it."""
    text = diary_texts()
    if data.startswith(_UTF16_BOMS):
        try:
            return TextFile(data.decode("utf-16"), "UTF-16")
        except UnicodeDecodeError:
            return Problem(None, text["bad_utf16"])
    if data.startswith(codecs.BOM_UTF8):
        try:
            return TextFile(data.decode("utf-8-sig"), "UTF-8")
        except UnicodeDecodeError as exc:
            return Problem(_row_of(data, exc.start), text["not_utf8"])
    if b"\x00" in data:  # UTF-16 or UTF-32 without a byte order mark, or not a text file at all
        return Problem(None, text["not_text"])
    try:
        return TextFile(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError:
        pass
    try:
        return TextFile(data.decode("cp1252"), "Windows-1252")
    except UnicodeDecodeError as exc:
        return Problem(_row_of(data, exc.start), text["unknown_encoding"])


def column_name(raw: str) -> str:
    """A header cell as a diary column name: any case, spaces, dashes or underscores (``PEG pain`` = ``peg_pain``)."""
    return _SPACES.sub("_", raw.replace("\ufeff", "").strip().lower()).strip("_")


def _header_line(text: str) -> tuple[int, str] | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            return number, line
    return None


def _known(cells: list[str]) -> int:
    return len({column_name(c) for c in cells} & set(COLUMNS))


def _separator(text: str) -> str | Problem:
    """The column mark of ``text``, judged by its first non-blank line (the header)."""
    found = _header_line(text)
    if found is None:
        return ","
    number, line = found
    splits = {sep: next(csv.reader([line], delimiter=sep)) for sep in SEPARATORS}
    best = max(_known(cells) for cells in splits.values())
    if best == 0:
        return ","
    winners = [sep for sep, cells in splits.items() if _known(cells) == best]
    if len({tuple(splits[sep]) for sep in winners}) > 1:
        names = ", ".join(diary_texts()[SEPARATORS[sep]] for sep in winners)
        return Problem(number, diary_texts().format("unclear_separator", names=names))
    return winners[0]


def split_rows(text: str) -> tuple[list[tuple[int, list[str]]], str] | Problem:
    """The non-blank rows of ``text`` with their numbers (first row = 1), and the column mark used;
    or the problem (unclear column mark, stray quote, empty file)."""
    if not text.strip():
        return Problem(None, diary_texts()["file_empty"])
    separator = _separator(text)
    if isinstance(separator, Problem):
        return separator
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    number = 0
    try:
        for cells in reader:
            number += 1
            if any(c.strip() for c in cells):
                rows.append((number, cells))
    except csv.Error:
        return Problem(number + 1, diary_texts()["bad_csv"])
    return rows, separator
