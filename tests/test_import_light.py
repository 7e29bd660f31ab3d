"""`import osteo_lib` stays light: no YAML, schema or widget machinery until content is used."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ["yaml", "jsonschema", "ipywidgets", "IPython", "anywidget", "traitlets"]


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_package_import_pulls_in_nothing_heavy() -> None:
    loaded = _modules_after("import osteo_lib")
    assert not [m for m in HEAVY if m in loaded]


def test_loading_the_catalog_does_not_import_widgets() -> None:
    loaded = _modules_after("import osteo_lib; osteo_lib.load_catalog()")
    assert "yaml" in loaded  # the loader really ran
    assert "ipywidgets" not in loaded and "anywidget" not in loaded
