"""``python -m osteo_lib.apps.workshop``: serve the patient dashboard to a room (see :mod:`.cli`)."""

from __future__ import annotations

from osteo_lib.apps.workshop.cli import main

__all__: list[str] = []

if __name__ == "__main__":
    raise SystemExit(main())
