"""The project's own pictures and method icons, from ``data/pictures.yaml`` and the SVG files in
``data/pictures/`` (schema ``pictures.schema.json``). A data folder without ``pictures.yaml`` has no
pictures and no icons.

:func:`load_pictures` checks the file against its schema, every method, reference and picture id
against the catalog (every method needs an icon), and every SVG file: it must exist, parse as XML with
an ``<svg>`` root and a ``<title>``, and load nothing from outside (no ``href`` except ``#...``, no
``<script>``, ``<foreignObject>``, ``<image>`` or ``on...`` attribute). Pages show a picture as an
``<img>`` with a ``data:`` address (:attr:`Picture.data_uri`), so nothing is fetched from the network and
each copy has its own alt text.

Example::

    >>> from osteo_lib.content.pictures import load_pictures
    >>> pics = load_pictures()
    >>> pics.icon_for("heat").id, [p.id for p in pics.pictures_for("tens")]
    ('heat', ['tens_pads'])
"""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final

from osteo_lib.content import registry
from osteo_lib.content import validate as v
from osteo_lib.content.catalog import Catalog, load_catalog
from osteo_lib.content.paths import data_dir
from osteo_lib.content.records import as_tuple as _t
from osteo_lib.content.records import lookup as _lookup
from osteo_lib.content.timeline import PHASE_IDS, fracture_types
from osteo_lib.errors import DataError

__all__ = ["PICTURES_DIR", "PICTURES_FILE", "Icon", "Picture", "Pictures", "check_svg", "load_pictures"]

PICTURES_FILE: Final = "pictures.yaml"
PICTURES_DIR: Final = "pictures"
_SVG_NS: Final = "{http://www.w3.org/2000/svg}"
_FORBIDDEN: Final = frozenset({"script", "foreignObject", "image", "iframe", "use", "style"})
MAX_SVG_BYTES: Final = 40_000


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


@dataclass(frozen=True, slots=True)
class Picture:
    """A drawing that shows what to do: ``title`` (heading), ``alt`` (what it shows), ``steps`` (what to do,
    numbered beside it), ``ends`` (a scale's end words, or ()), and the SVG itself."""

    id: str
    file: str
    title: str
    alt: str
    steps: tuple[str, ...]
    references: tuple[str, ...]
    svg: str = field(repr=False)
    ends: tuple[str, ...] = ()

    @property
    def data_uri(self) -> str:
        """The SVG as a ``data:image/svg+xml;base64,`` address, for an ``<img src>``."""
        return _data_uri(self.svg)


@dataclass(frozen=True, slots=True)
class Icon:
    """A small decorative method icon (shown with ``alt=""`` beside the method's name)."""

    id: str
    file: str
    svg: str = field(repr=False)

    @property
    def data_uri(self) -> str:
        return _data_uri(self.svg)


@dataclass(frozen=True)
class Pictures:
    """Every picture and icon, and which method or place shows which."""

    pictures: tuple[Picture, ...]
    icons: tuple[Icon, ...]
    method_icons: Mapping[str, str]
    method_pictures: Mapping[str, tuple[str, ...]]
    places: Mapping[str, tuple[str, ...]]
    #: The methods whose first picture shows the method's own steps (``own_steps: true``).
    own_steps: frozenset[str] = frozenset()

    def picture(self, picture_id: str) -> Picture:
        return _lookup({p.id: p for p in self.pictures}, picture_id, "picture")

    def icon(self, icon_id: str) -> Icon:
        return _lookup({i.id: i for i in self.icons}, icon_id, "icon")

    def icon_for(self, method_id: str) -> Icon | None:
        """The icon of a method: every method has one when the catalog has a pictures.yaml (checked on
        loading); ``None`` for a catalog without one."""
        icon_id = self.method_icons.get(method_id)
        return None if icon_id is None else self.icon(icon_id)

    def pictures_for(self, method_id: str, steps: tuple[str, ...] = ()) -> tuple[Picture, ...]:
        """The pictures shown with a method, in data order (often none). For a method with ``own_steps``,
        its first picture shows ``steps`` (the method's own) in place of its general ones."""
        pictures = [self.picture(p) for p in self.method_pictures.get(method_id, ())]
        if steps and pictures and method_id in self.own_steps:
            pictures[0] = replace(pictures[0], steps=steps)
        return tuple(pictures)

    def pictures_at(self, place: str) -> tuple[Picture, ...]:
        """The pictures shown at a place outside the method cards (e.g. ``"diary"``)."""
        return tuple(self.picture(p) for p in self.places.get(place, ()))


def check_svg(text: str, label: str, *, need_title: bool = True) -> None:
    """Raise :class:`DataError` unless ``text`` is a self-contained SVG: XML with an ``<svg>`` root
    (and a ``<title>`` when ``need_title``), no external link and nothing that runs or loads."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise DataError(label, None, None, f"is not valid SVG (XML error: {exc})") from exc
    if root.tag != f"{_SVG_NS}svg":
        raise DataError(label, None, None, f"the root element is {root.tag!r}, not an SVG <svg> element")
    if need_title and root.find(f"{_SVG_NS}title") is None:
        raise DataError(label, None, "title", "the SVG needs a <title> saying what it shows")
    for element in root.iter():
        tag = str(element.tag).removeprefix(_SVG_NS)
        if tag in _FORBIDDEN:
            raise DataError(label, None, tag, f"<{tag}> is not allowed: a picture must not run or load anything")
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1]
            if local.lower().startswith("on"):
                raise DataError(label, None, local, f"event attribute {local!r} is not allowed")
            if local == "href" and not value.startswith("#"):
                raise DataError(label, None, local, f"link {value!r} points outside the picture")
            if "url(" in value and "url(#" not in value:
                raise DataError(label, None, local, f"{value!r} loads something from outside the picture")


def _svg(folder: Path, file: str, label: str) -> str:
    path = folder / file
    where = f"{label}: {file}"
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(where, None, None, f"cannot be read ({exc.strerror or exc})") from exc
    if len(raw) > MAX_SVG_BYTES:
        raise DataError(where, None, None, f"is {len(raw)} bytes, more than the {MAX_SVG_BYTES} allowed")
    text = raw.decode("utf-8")
    check_svg(text, where)
    return text


def load_pictures(catalog: Catalog | None = None) -> Pictures:
    """Read and check ``pictures.yaml`` and its SVG files, next to the catalog's data files (cached)."""
    cat = catalog if catalog is not None else load_catalog()
    directory = Path(cat.source) if cat.source else data_dir()
    return registry.get("pictures", directory, lambda: _load(directory, cat))


def _load(directory: Path, cat: Catalog) -> Pictures:
    label = f"{directory.name}/{PICTURES_FILE}"
    if not (directory / PICTURES_FILE).exists():  # a catalog without pictures (e.g. a small test catalog)
        return Pictures(pictures=(), icons=(), method_icons={}, method_pictures={}, places={})
    doc = v.read_yaml(directory / PICTURES_FILE, label)
    v.check_schema(doc, "pictures", label)
    v.check_unique(doc, label, "pictures")
    v.check_unique(doc, label, "icons")
    v.check_ids_exist(doc, label, "references", set(cat.references), "reference")
    _cross_check(doc, label, cat)
    folder = directory / PICTURES_DIR
    pictures = tuple(
        Picture(
            id=p["id"],
            file=p["file"],
            title=p["title"],
            alt=p["alt"],
            steps=_t(p["steps"]),
            references=_t(p["references"]),
            svg=_svg(folder, p["file"], label),
            ends=_t(p.get("ends")),
        )
        for p in doc["pictures"]
    )
    icons = tuple(Icon(id=i["id"], file=i["file"], svg=_svg(folder, i["file"], label)) for i in doc["icons"])
    return Pictures(
        pictures=pictures,
        icons=icons,
        method_icons={m["method"]: m["icon"] for m in doc["methods"]},
        method_pictures={m["method"]: _t(m.get("pictures")) for m in doc["methods"] if m.get("pictures")},
        places={k: _t(val) for k, val in (doc.get("places") or {}).items()},
        own_steps=frozenset(m["method"] for m in doc["methods"] if m.get("own_steps")),
    )


def _cross_check(doc: dict[str, Any], label: str, cat: Catalog) -> None:
    picture_ids = {p["id"] for p in doc["pictures"]}
    icon_ids = {i["id"] for i in doc["icons"]}
    method_ids = [m.id for m in cat.methods]
    seen: set[str] = set()
    for entry in doc["methods"]:
        mid = entry["method"]
        if mid not in method_ids:
            raise DataError(label, mid, "method", f"unknown method id {mid!r}")
        if mid in seen:
            raise DataError(label, mid, "method", f"method {mid!r} is listed twice")
        seen.add(mid)
        if entry["icon"] not in icon_ids:
            raise DataError(label, mid, "icon", f"unknown icon id {entry['icon']!r}")
        for pid in entry.get("pictures", ()):
            if pid not in picture_ids:
                raise DataError(label, mid, "pictures", f"unknown picture id {pid!r}")
        if entry.get("own_steps") and not entry.get("pictures"):
            raise DataError(label, mid, "own_steps", "own_steps needs a picture to show the steps in")
        if entry.get("own_steps") and not cat.method(mid).how_to_steps:
            raise DataError(label, mid, "own_steps", f"method {mid!r} has no numbered steps to show in its picture")
    missing = [m for m in method_ids if m not in seen]
    if missing:
        raise DataError(label, None, "methods", f"every method needs an icon; missing: {', '.join(missing)}")
    timeline_places = {f"timeline_{p}" for p in PHASE_IDS} | {
        f"timeline_{p}_{f}" for p in PHASE_IDS for f in fracture_types(cat)
    }
    for place, ids in (doc.get("places") or {}).items():
        if place.startswith("timeline_") and place not in timeline_places:
            raise DataError(
                label,
                place,
                "places",
                f"not a healing phase, or a phase and a type of break: use timeline_<phase> or "
                f"timeline_<phase>_<break> (phases: {', '.join(PHASE_IDS)}; breaks: {', '.join(fracture_types(cat))})",
            )
        for pid in ids:
            if pid not in picture_ids:
                raise DataError(label, place, "places", f"unknown picture id {pid!r}")
