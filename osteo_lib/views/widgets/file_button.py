"""A button that loads files, in place of ipywidgets' ``FileUpload``.

ipywidgets 8's ``FileUpload`` always writes its label as "description (count)"; the workbook empties its
``value`` after each file (so that the same file can be loaded again), so people read "Load a diary file
(0)". :class:`FileButton` is a small anywidget (``osteo_lib/views/static/file_button.js``) that draws a
real ``<button type="button">`` whose text, and accessible name, is only ``description``, with a hidden
``<input type="file">`` (``accept``, ``multiple``) behind it: pressing the button (click, Enter or
Space) opens the browser's file chooser. The chosen files are read in the browser and sent to the kernel
in one message (one buffer per file); nothing is written to disk.

Example::

    from osteo_lib.views.widgets.file_button import FileButton
    button = FileButton(description="Load a diary file", accept=".csv", max_bytes=1_000_000)
    button.observe(lambda change: print(change["new"]), names="value")
    button          # display it; each choice of files calls the observer once

State for tests: ``value`` (not synced: the files of the choice being handled, each a dict with
``name``, ``type``, ``size``, ``content`` (bytes), ``last_modified`` and ``error`` (``""``, or
``"unreadable"`` when the browser could not read the file; its ``content`` is then empty)). It is set
when a choice arrives and emptied again straight after its observers ran, so the same file chosen again
is a change too. ``description``, ``accept``, ``multiple``, ``disabled``, ``button_style`` and
``max_bytes`` (more than 0: the browser sends at most that many bytes plus one of each file, enough to
see that it is too big; ``size`` is the file's whole size) are synced.

The message the front end sends (what tests send through :meth:`ipywidgets.Widget._handle_msg`)::

    {"event": "files", "files": [{"name": ..., "type": ..., "size": ..., "last_modified": ..., "error": ""}]}

with ``buffers`` holding the files' bytes in the same order. A message of any other shape, or one that
comes while the button is disabled, is ignored. Once the observers have run, the kernel answers
``{"event": "handled"}``, and the front end scrolls the button back into view: what the observers showed
above it (a diary's new entries) can push it, and the message under it, off a phone's screen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import anywidget
import traitlets as t

__all__ = ["FILES_EVENT", "HANDLED_EVENT", "UNREADABLE", "FileButton", "chosen_files"]

STATIC = Path(__file__).resolve().parents[1] / "static"
#: The ``event`` of the front end's message that carries chosen files.
FILES_EVENT: Final = "files"
#: The ``event`` of the message the kernel sends once a choice of files has been handled.
HANDLED_EVENT: Final = "handled"
#: The ``error`` of a file the browser could not read.
UNREADABLE: Final = "unreadable"
_STYLES: Final = ("", "primary", "success", "info", "warning", "danger")
_MAX_NAME: Final = 500


def _number(value: object) -> int:
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0 else 0


def chosen_files(content: object, buffers: Sequence[Any], max_bytes: int = 0) -> tuple[dict[str, Any], ...] | None:
    """The files of a front-end message (see the module's docstring), or ``None`` when the message is not
    one. Each file's ``content`` is cut to ``max_bytes`` + 1 bytes when ``max_bytes`` is more than 0, and
    its ``size`` is never less than the bytes that came."""
    if not isinstance(content, Mapping) or content.get("event") != FILES_EVENT:
        return None
    listed = content.get("files")
    if not isinstance(listed, list) or len(listed) != len(buffers) or not listed:
        return None
    files = []
    for meta, buffer in zip(listed, buffers, strict=True):
        if not isinstance(meta, Mapping):
            return None
        data = memoryview(buffer).cast("B")
        if max_bytes > 0:
            data = data[: max_bytes + 1]
        error = meta.get("error")
        files.append(
            {
                "name": str(meta.get("name", ""))[:_MAX_NAME],
                "type": str(meta.get("type", ""))[:_MAX_NAME],
                "size": max(_number(meta.get("size")), len(data)),
                "content": bytes(data),
                "last_modified": _number(meta.get("last_modified")),
                "error": UNREADABLE if error else "",
            }
        )
    return tuple(files)


class FileButton(anywidget.AnyWidget):
    """A file-loading button whose text is only ``description``; ``value`` holds the chosen files while
    its observers run (then it is emptied)."""

    _esm = STATIC / "file_button.js"
    description = t.Unicode("").tag(sync=True)
    accept = t.Unicode("").tag(sync=True)
    multiple = t.Bool(False).tag(sync=True)
    disabled = t.Bool(False).tag(sync=True)
    button_style = t.Enum(_STYLES, default_value="").tag(sync=True)
    max_bytes = t.Int(0, min=0).tag(sync=True)
    #: The files being handled (dicts, see the module's docstring); empty between choices.
    value = t.Tuple()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_class("ow-file-button")
        self.on_msg(self._on_front_end)

    def _on_front_end(self, _widget: object, content: object, buffers: Sequence[Any]) -> None:
        files = chosen_files(content, buffers or [], self.max_bytes)
        if not files or self.disabled:
            return
        if not self.multiple:
            files = files[:1]
        try:
            self.value = files
        finally:
            self.value = ()  # so that choosing the same file again is a change too
            # after everything the observers changed: the front end brings the button (and the message
            # under it) back into view, though new entries above it pushed it off a phone's screen
            self.send({"event": HANDLED_EVENT})
