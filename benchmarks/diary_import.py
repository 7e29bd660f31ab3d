"""How long reading a full diary file takes (osteo_lib.care.diary.parse_file), in the forms spreadsheets write.

Run: ``.venv/bin/python benchmarks/diary_import.py [--repeat N]``. Each file holds the most entries a diary
may have (MAX_ROWS, about 10 years), written as US Excel (Windows-1252, m/d/yyyy), European Excel (UTF-8 with
a byte order mark, semicolons, d/m/yyyy), "Unicode text" (UTF-16, tabs, ISO dates) and an .xlsx workbook
(openpyxl). Prints the file size and the median and worst time of N reads; nothing is asserted.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from osteo_lib.care.diary import MAX_ROWS, parse_file

HEADER = ["Date", "Pain", "PEG pain", "PEG enjoyment", "PEG activity", "Tried", "Helped", "Note"]
TODAY = date(2036, 12, 31)


def days() -> list[date]:
    return [date(2026, 1, 1) + timedelta(days=i) for i in range(MAX_ROWS)]


def text(sep: str, fmt: str) -> str:
    rows = [sep.join(HEADER)]
    for i, day in enumerate(days()):
        when = fmt.format(d=day.day, m=day.month, y=day.year, iso=day.isoformat())
        rows.append(sep.join([when, str(i % 11), "5", "4", "3", "Heat packs", "some", "Café walk"]))
    return "\r\n".join(rows) + "\r\n"


def workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for i, day in enumerate(days()):
        sheet.append([day, i % 11, 5, 4, 3, "Heat packs", "some", "Café walk"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    files = {
        "US Excel CSV (cp1252, m/d/yyyy)": ("us.csv", text(",", "{m}/{d}/{y}").encode("cp1252")),
        "European CSV (BOM, ;, d/m/yyyy)": ("eu.csv", ("\ufeff" + text(";", "{d}/{m}/{y}")).encode("utf-8")),
        "Unicode text (UTF-16, tabs)": ("u.txt", text("\t", "{iso}").encode("utf-16")),
        "xlsx workbook (openpyxl)": ("d.xlsx", workbook()),
    }
    print(f"{MAX_ROWS} entries per file, {args.repeat} reads each")
    for label, (name, data) in files.items():
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            result = parse_file(data, name, today=TODAY)
            times.append(time.perf_counter() - start)
            if not result.ok or len(result.entries) != MAX_ROWS:
                raise SystemExit(f"{label}: not read: {result.messages()}")
        median, worst = statistics.median(times) * 1000, max(times) * 1000
        print(f"{label:34} {len(data) / 1000:7.0f} KB  median {median:6.0f} ms  worst {worst:6.0f} ms")


if __name__ == "__main__":
    main()
