"""The file button (osteo_lib/views/widgets/file_button.py), driven through its Python side: files arrive
as the front end sends them (file_button.js: one custom comm message, one buffer per file), through
ipywidgets' own message handler. Real widgets, no stubs. ``send_files`` is shared with the diary and
feedback tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as w

from osteo_lib.views.widgets.file_button import FILES_EVENT, HANDLED_EVENT, UNREADABLE, FileButton, chosen_files


def front_end_message(
    files: Sequence[tuple[str, bytes]],
    *,
    sizes: Sequence[int | None] = (),
    mime: str = "text/csv",
    unreadable: Sequence[str] = (),
) -> dict[str, Any]:
    """The comm message file_button.js sends for a choice of ``files`` (name, bytes): ``sizes`` gives the
    size the browser reports (default: the bytes' length); files named in ``unreadable`` come with no bytes
    and ``error: "unreadable"``, as when the browser cannot read them."""
    listed, buffers = [], []
    for i, (name, content) in enumerate(files):
        size = sizes[i] if i < len(sizes) and sizes[i] is not None else len(content)
        error = UNREADABLE if name in unreadable else ""
        listed.append({"name": name, "type": mime, "size": size, "last_modified": 1741000000000, "error": error})
        buffers.append(memoryview(b"" if error else content))
    content = {"event": FILES_EVENT, "files": listed}
    return {"content": {"data": {"method": "custom", "content": content}}, "buffers": buffers}


def send_files(button: FileButton, files: Sequence[tuple[str, bytes]], **kwargs: Any) -> None:
    """Choose ``files`` with ``button`` as a person would in the browser (see :func:`front_end_message`)."""
    button._handle_msg(front_end_message(files, **kwargs))


def received(button: FileButton) -> list[tuple[dict[str, Any], ...]]:
    """Every ``value`` the button's observers see with files in it."""
    seen: list[tuple[dict[str, Any], ...]] = []
    button.observe(lambda change: seen.append(change["new"]) if change["new"] else None, names="value")
    return seen


def test_the_chosen_files_bytes_arrive_in_one_change_then_the_value_is_emptied() -> None:
    button = FileButton(description="Upload files", multiple=True)
    seen = received(button)
    send_files(button, [("a.json", b'{"a": 1}'), ("b.json", b"\x00\xffbinary")], mime="application/json")
    assert len(seen) == 1
    (a, b) = seen[0]
    assert (a["name"], a["content"], a["size"], a["type"], a["error"]) == (
        "a.json",
        b'{"a": 1}',
        8,
        "application/json",
        "",
    )
    assert (b["name"], b["content"]) == ("b.json", b"\x00\xffbinary")
    assert button.value == ()
    # the same file chosen again is noticed again
    send_files(button, [("a.json", b'{"a": 1}')])
    assert len(seen) == 2 and seen[1][0]["content"] == b'{"a": 1}'


def test_one_file_when_multiple_is_off() -> None:
    button = FileButton(description="Load a diary file")
    seen = received(button)
    send_files(button, [("one.csv", b"1"), ("two.csv", b"2")])
    assert [f["name"] for f in seen[0]] == ["one.csv"]


def test_max_bytes_keeps_only_enough_to_see_a_file_is_too_big() -> None:
    button = FileButton(description="Load", max_bytes=10)
    seen = received(button)
    send_files(button, [("big.csv", b"x" * 50)], sizes=[5_000_000])
    assert seen[0][0]["content"] == b"x" * 11 and seen[0][0]["size"] == 5_000_000
    # a browser that reports a smaller size than the bytes it sent does not hide the bytes
    send_files(button, [("liar.csv", b"y" * 8)], sizes=[2])
    assert seen[1][0]["size"] == 8


def test_an_unreadable_file_comes_marked_with_no_bytes() -> None:
    button = FileButton(description="Load")
    seen = received(button)
    send_files(button, [("gone.csv", b"never read")], unreadable=["gone.csv"])
    assert seen[0][0]["error"] == UNREADABLE and seen[0][0]["content"] == b""


def test_other_messages_and_a_disabled_button_change_nothing() -> None:
    button = FileButton(description="Load")
    seen = received(button)
    message = front_end_message([("a.csv", b"1")])
    for content, buffers in (
        ({"event": "other", "files": []}, []),
        ("not a mapping", []),
        ({"event": FILES_EVENT, "files": [{"name": "a.csv"}]}, []),  # a file without its bytes
        ({"event": FILES_EVENT, "files": ["a.csv"]}, [memoryview(b"1")]),
    ):
        button._handle_msg({"content": {"data": {"method": "custom", "content": content}}, "buffers": buffers})
    button.disabled = True
    button._handle_msg(message)
    assert seen == [] and button.value == ()
    button.disabled = False
    button._handle_msg(message)
    assert len(seen) == 1
    assert chosen_files({"event": FILES_EVENT, "files": []}, []) is None


def test_the_front_end_gets_the_description_alone_and_the_chooser_settings() -> None:
    button = FileButton(description="Load a diary file", accept=".csv,.xlsx", button_style="primary", max_bytes=9)
    state = button.get_state()
    assert state["description"] == "Load a diary file"
    assert (state["accept"], state["multiple"], state["disabled"], state["max_bytes"]) == (
        ".csv,.xlsx",
        False,
        False,
        9,
    )
    assert state["button_style"] == "primary"
    assert "value" not in state  # the files never go back to the browser
    assert "ow-file-button" in button._dom_classes
    assert isinstance(button, w.DOMWidget)  # it takes a layout like the other controls


def test_the_front_end_is_told_once_the_observers_have_run() -> None:
    """After every change the observers made, the kernel sends ``handled`` (the front end then scrolls the
    button and its message back into view)."""
    button = FileButton(description="Load a diary file")
    order: list[str] = []
    button.observe(lambda change: order.append("observer") if change["new"] else None, names="value")
    sent: list[Any] = []
    original = button.send

    def record(content: Any, buffers: Any = None) -> None:
        sent.append(content)
        order.append("sent")
        original(content, buffers)

    button.send = record  # type: ignore[method-assign]
    send_files(button, [("diary.csv", b"date,pain\n")])
    assert sent == [{"event": HANDLED_EVENT}] and order == ["observer", "sent"]
    button.disabled = True
    send_files(button, [("diary.csv", b"date,pain\n")])
    assert len(sent) == 1  # an ignored choice is not answered
