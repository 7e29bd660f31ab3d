"""What the workbook's Voilà template (share/jupyter/voila/templates/osteo) asks of Python: the first
screen's words in the page itself, and one script in place of the dozens of small script chunks.

**The first screen** (:func:`first_screen`). With a pre-heated kernel Voilà sends the whole page at once,
but the page shows nothing until the browser has loaded Voilà's scripts, connected to the kernel and
drawn the widgets. A notebook whose metadata says ``"osteo": {"first_screen": "dashboard"}`` gets the
dashboard's first screen as plain HTML (:func:`osteo_lib.views.dashboard_parts.first_screen_html`:
the title, the part names as text, the first part's main message and intro) right in the page, with
the whole stylesheet in the page's head (:func:`first_screen_css`) so it looks like the live one; the
template's script swaps it for the live widgets when they are drawn. Other notebooks get nothing.

The template reaches these functions as Jinja2 filters that voila.json registers with nbconvert
(``VoilaExporter.filters``): ``{{ nb.metadata | osteo_first_screen }}``.

**The script bundle** (:func:`build_bundle`, ``python -m osteo_lib.apps.voila_page``). Voilà's page
script (``voila.js``) and the widget extensions are split by webpack into small chunks that the page
fetches one by one (over 80 requests, each a round trip on a phone network). The chunks the dashboard
loads are listed in ``share/jupyter/voila/templates/osteo/bundle.json`` (made by
``scripts/record_bundle.py``); this module joins the installed copies of those files, in that order,
into ``static/osteo-chunks.js`` of the template, which the page loads just before ``voila.js``. Each
chunk file only registers its modules with its webpack runtime (``self.webpackChunk<name>.push``), and
a runtime never fetches a chunk that is registered already, so they are fetched once, together; a
chunk the list misses (after an upgrade of Voilà) is still fetched on its own, as before, and a file
the list names that is not installed is left out with a warning. ``make dashboard`` and ``make workshop``
build the bundle; without it the template loads the chunks one by one, as stock Voilà does
(:func:`has_bundle`).

**Left out on purpose** (the list's ``"left_out"``: Voilà's file names). MathJax (ten chunks, 180 kB
compressed), which Voilà loads to typeset the widgets' text (the dashboard holds no formulas): the
dashboard is drawn and every part opens with those files blocked, and drawing does not wait for them, so
they are not in the bundle and Voilà fetches them on its own when it first typesets, while the widgets
are drawn, instead of before voila.js can start. (Every other chunk is needed: blocking any of the code
editor's, the renderers', the settings schema's or the data grid's chunks stops the page from drawing.)

**Precompressed.** The bundle is written with a gzip copy beside it (``osteo-chunks.js.gz``, the highest
gzip level, made once at build time); :mod:`osteo_lib.apps.serve` sends that copy as it is to a browser
that accepts gzip, instead of compressing 4 MB at a lower level on every first visit.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import logging
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from markupsafe import Markup

__all__ = [
    "BUNDLE",
    "GZIP_LEVEL",
    "MANIFEST",
    "TEMPLATE_DIR",
    "build_bundle",
    "bundle_sources",
    "first_screen",
    "first_screen_css",
    "has_bundle",
    "main",
]

log = logging.getLogger(__name__)

#: The workbook's Voilà template.
TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "share" / "jupyter" / "voila" / "templates" / "osteo"
#: The chunks the dashboard loads: ``{"voila": [file, ...], "labextensions": ["<extension>/static/<file>", ...],
#: "left_out": [Voilà file, ...]}`` (the last: loaded by Voilà, but not bundled on purpose).
MANIFEST = TEMPLATE_DIR / "bundle.json"
#: The joined chunks (made by :func:`build_bundle`; not in git).
BUNDLE = TEMPLATE_DIR / "static" / "osteo-chunks.js"
#: The bundles' gzip copies (``<bundle>.gz``): the highest level, made once at build time.
GZIP_LEVEL = 9
#: The pages that have a first screen (the value of the notebook's ``osteo.first_screen`` metadata).
FIRST_SCREENS = ("dashboard",)


def _page(metadata: Mapping[str, Any]) -> str | None:
    osteo = metadata.get("osteo") if isinstance(metadata, Mapping) else None
    name = osteo.get("first_screen") if isinstance(osteo, Mapping) else None
    if name is None:
        return None
    if name not in FIRST_SCREENS:
        raise ValueError(f"notebook metadata osteo.first_screen is {name!r}; known: {', '.join(FIRST_SCREENS)}")
    return str(name)


def _dashboard_first_screen() -> Markup:
    """(The content comes from the registry's cache; rendering it again is cheap.)"""
    from osteo_lib.content.catalog import load_catalog
    from osteo_lib.content.dashboard import load_dashboard
    from osteo_lib.views.dashboard_parts import first_screen_html

    catalog = load_catalog()
    return first_screen_html(catalog, load_dashboard(catalog))


def first_screen(metadata: Mapping[str, Any]) -> Markup:
    """The first screen's HTML for a notebook with this ``metadata`` (empty when it has none)."""
    return _dashboard_first_screen() if _page(metadata) else Markup("")


def first_screen_css(metadata: Mapping[str, Any]) -> Markup:
    """The workbook's stylesheet, for the page's head, when the notebook has a first screen (else empty)."""
    if not _page(metadata):
        return Markup("")
    from osteo_lib.views.widgets.base import stylesheet_text

    return Markup(stylesheet_text().replace("</", "<\\/"))  # (CSS holds no "</"; never end the element early)


def has_bundle(_value: object = None) -> bool:
    """True when the script bundle has been built (the template then loads it before ``voila.js``)."""
    return BUNDLE.is_file()


def _search_paths(*parts: str) -> list[Path]:
    from jupyter_core.paths import jupyter_path

    return [Path(p) for p in jupyter_path(*parts)]


def bundle_sources(manifest: Mapping[str, Sequence[str]]) -> tuple[list[Path], list[str]]:
    """The installed files the ``manifest`` names, in its order, and the names it lists that are not installed."""
    roots = {
        "voila": _search_paths("voila", "templates", "base", "static"),
        "labextensions": _search_paths("voila", "labextensions") + _search_paths("labextensions"),
    }
    unknown = set(manifest) - set(roots)
    if unknown:
        raise ValueError(f"{MANIFEST.name}: unknown keys {sorted(unknown)}; expected {sorted(roots)}")
    found: list[Path] = []
    missing: list[str] = []
    for key, names in manifest.items():
        for name in names:
            if ".." in Path(name).parts or Path(name).is_absolute() or not name.endswith(".js"):
                raise ValueError(f"{MANIFEST.name}: {key} entry {name!r} is not a .js file below the {key} folder")
            path = next((root / name for root in roots[key] if (root / name).is_file()), None)
            if path is None:
                missing.append(f"{key}/{name}")
            else:
                found.append(path)
    return found, missing


def build_bundle(manifest_path: Path = MANIFEST, out: Path = BUNDLE) -> list[str]:
    """Join the chunks ``manifest_path`` lists (but not its ``left_out``) into ``out``, with its gzip copy
    ``out.gz`` beside it (both written only when the content changes); return the names that are not
    installed (left out, each with a warning)."""
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"{manifest_path}: cannot read the chunk list: {exc}") from exc
    if not isinstance(manifest, dict) or not all(
        isinstance(v, list) and all(isinstance(n, str) for n in v) for v in manifest.values()
    ):
        raise ValueError(f"{manifest_path}: expected an object of lists of file names")
    left_out = manifest.pop("left_out", [])
    twice = sorted(set(left_out) & {name for names in manifest.values() for name in names})
    if twice:
        raise ValueError(f"{manifest_path}: {', '.join(twice)} both bundled and left out")
    files, missing = bundle_sources(manifest)
    for name in missing:
        log.warning("%s lists %s, which is not installed: left out (fetched on its own)", manifest_path.name, name)
    parts = [f"/* {p.parent.name}/{p.name} */\n{p.read_text(encoding='utf-8').rstrip()}\n;" for p in files]
    data = ("\n".join(parts) + "\n").encode("utf-8")
    packed = out.with_name(out.name + ".gz")
    if not out.is_file() or hashlib.sha256(out.read_bytes()).digest() != hashlib.sha256(data).digest():
        out.parent.mkdir(parents=True, exist_ok=True)
        packed.unlink(missing_ok=True)  # (never a copy older than the file it stands for)
        out.write_bytes(data)
    if not packed.is_file():
        packed.write_bytes(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))
    return missing


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m osteo_lib.apps.voila_page [--out FILE]``: build the script bundle (and its gzip copy)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--manifest", type=Path, default=MANIFEST)
    parser.add_argument("--out", type=Path, default=BUNDLE)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        missing = build_bundle(args.manifest, args.out)
    except ValueError as exc:
        sys.exit(str(exc))
    log.info("%s: %d chunk(s) missing", args.out, len(missing))


if __name__ == "__main__":
    main()
