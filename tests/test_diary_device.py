"""The diary as the browser keeps it (osteo_lib.care.diary.device): the stored text round-trips, and text
that cannot be read (not JSON, the wrong shape, a bad entry, a newer version, too big) is named, never
half-read."""

from __future__ import annotations

import base64
import json
from datetime import date

import pytest

from osteo_lib.care.diary import Entry, make_entry
from osteo_lib.care.diary.device import (
    MAX_STORED_CHARS,
    SETTINGS_KEY,
    STORE_KEY,
    STORE_VERSION,
    device_texts,
    dump_stored,
    load_stored,
    stored_download_name,
    stored_download_uri,
)

TODAY = date(2025, 3, 31)


def diary() -> tuple[Entry, ...]:
    return (
        make_entry(
            date(2025, 3, 2), 7, 6, 6, 5, tried="Heat packs", helped="some", note="Walked — “slowly”", today=TODAY
        ),
        make_entry(date(2025, 3, 1), 4, 5, 4, 4, helped="3", note="=1+1 looks like a formula", today=TODAY),
    )


def test_keys_are_namespaced_and_versioned() -> None:
    assert f"osteo-diary/v{STORE_VERSION}" == STORE_KEY
    assert SETTINGS_KEY.startswith("osteo-diary/") and SETTINGS_KEY != STORE_KEY


def test_a_diary_round_trips_oldest_first() -> None:
    text = dump_stored(diary())
    found = load_stored(text)
    assert found.ok and found.found and found.message() == ""
    assert found.entries == tuple(sorted(diary(), key=lambda e: e.day))
    document = json.loads(text)
    assert document["version"] == STORE_VERSION and document["app"] == "osteo-diary"
    assert [e["day"] for e in document["entries"]] == ["2025-03-01", "2025-03-02"]


def test_an_empty_diary_round_trips_and_nothing_stored_is_not_a_problem() -> None:
    assert load_stored(dump_stored(())).entries == ()
    assert load_stored(dump_stored(())).found
    nothing = load_stored(None)
    assert nothing.ok and not nothing.found and nothing.entries == ()


def _with(**changes: object) -> str:
    document = json.loads(dump_stored(diary()))
    document.update(changes)
    return json.dumps(document)


def _entry_changed(**changes: object) -> str:
    document = json.loads(dump_stored(diary()))
    document["entries"][0].update(changes)
    return json.dumps(document)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{not json",
        dump_stored(diary())[:-5],  # cut short
        "[]",
        '"a string"',
        json.dumps({"version": 1, "entries": []}),  # not ours
        _with(app="another-app"),
        _with(version=0),
        _with(version="1"),
        _with(version=True),
        _with(entries={"2025-03-01": 4}),
        _entry_changed(pain=11),
        _entry_changed(pain="4"),
        _entry_changed(day="2025-02-30"),
        _entry_changed(day=20250301),
        _entry_changed(helped="enormously"),
        _entry_changed(note="two\nlines"),
        _entry_changed(extra="field"),
        _entry_changed(day="2025-03-02"),  # two entries for one day
        "[" * 100_000,  # deeper than the JSON reader goes
    ],
)
def test_text_that_cannot_be_read_is_named_not_half_read(text: str) -> None:
    found = load_stored(text)
    assert found.problem == "unreadable" and found.found and found.entries == ()
    assert found.message() == device_texts()["problem_unreadable"]


def test_an_entry_without_a_field_cannot_be_read() -> None:
    document = json.loads(dump_stored(diary()))
    del document["entries"][1]["note"]
    assert load_stored(json.dumps(document)).problem == "unreadable"


def test_a_diary_from_a_newer_version_is_named_as_such() -> None:
    found = load_stored(_with(version=STORE_VERSION + 1, entries="a shape we do not know"))
    assert found.problem == "newer" and found.entries == ()
    assert "newer version" in found.message()


def test_text_over_the_limit_is_not_parsed() -> None:
    found = load_stored(" " * (MAX_STORED_CHARS + 1))
    assert found.problem == "too_big" and "too big" in found.message()


def test_the_download_carries_the_stored_text_exactly() -> None:
    text = '{"app": "osteo-diary", "version": 7, "entries": ["é — ✓"]}'
    uri = stored_download_uri(text)
    head, payload = uri.split(",", 1)
    assert head == "data:application/json;charset=utf-8;base64"
    assert base64.b64decode(payload).decode("utf-8") == text
    assert stored_download_name(TODAY) == "pain-diary-from-this-device-2025-03-31.json"


def test_health_problems_and_medicines_round_trip_and_stay_out_when_empty() -> None:
    text = dump_stored(diary(), conditions="Kidney disease\nAsthma", medicines="Alendronate “70 mg”")
    found = load_stored(text)
    assert found.ok and (found.conditions, found.medicines) == ("Kidney disease\nAsthma", "Alendronate “70 mg”")
    assert found.entries == tuple(sorted(diary(), key=lambda e: e.day))
    assert "about" not in json.loads(dump_stored(diary()))  # nothing written about them when nothing was typed
    assert (load_stored(dump_stored(diary())).conditions, load_stored(dump_stored(diary())).medicines) == ("", "")


@pytest.mark.parametrize("about", [[], {"conditions": 3}, {"conditions": "a", "pills": "b"}, "text"])
def test_an_about_part_this_workbook_did_not_write_cannot_be_read(about: object) -> None:
    document = json.loads(dump_stored(diary()))
    document["about"] = about
    assert load_stored(json.dumps(document)).problem == "unreadable"
