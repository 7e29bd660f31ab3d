"""The Voilà template's helpers (osteo_lib.apps.voila_page): the dashboard's first screen from data/,
and the script bundle joined from the chunk list. The page as a server sends it is checked in
tests/test_serving_headers.py, the swap in the browser in tests/browser/test_first_screen.py."""

from __future__ import annotations

import gzip
import json
import logging
from pathlib import Path

import pytest

from osteo_lib.apps import voila_page
from osteo_lib.content.dashboard import load_dashboard
from tests.markup import select_texts, soup, text

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD_NB = ROOT / "notebooks" / "dashboards" / "patient_dashboard.ipynb"
META = {"osteo": {"first_screen": "dashboard"}}


def test_the_dashboard_notebook_asks_for_its_first_screen() -> None:
    metadata = json.loads(DASHBOARD_NB.read_text(encoding="utf-8"))["metadata"]
    assert voila_page.first_screen(metadata) == voila_page.first_screen(META) != ""


def test_first_screen_holds_the_first_part_words_from_data() -> None:
    content = load_dashboard()
    html = str(voila_page.first_screen(META))
    words = text(html)
    first = content.sections[0]
    assert content.title in words and content.disclaimer in words
    assert first.key_message.patient_text in words and first.intro in words
    # every part's name, as text laid out like the buttons, not as controls that do nothing yet
    assert select_texts(html, ".ow-dash-nav__button") == [s.name for s in content.sections]
    assert soup(html).select("button, input, select, textarea") == []
    assert select_texts(html, "h1") == [content.title]
    assert select_texts(html, "h2") == [content.main_message.heading, first.name]
    # the page's main message (the three things to know and do) is in the first screen too
    assert select_texts(html, ".ow-dash-main__points > li") == [p.patient_text for p in content.main_message.points]
    assert soup(html).select_one("#ow-first-screen.ow-dashboard") is not None


def test_other_notebooks_get_no_first_screen_nor_stylesheet() -> None:
    for metadata in ({}, {"title": "Hello"}, {"osteo": {}}):
        assert voila_page.first_screen(metadata) == ""
        assert voila_page.first_screen_css(metadata) == ""
    css = str(voila_page.first_screen_css(META))
    assert ".ow-first-screen" in css and ".ow-dash-key" in css and "</" not in css


def test_an_unknown_first_screen_is_named() -> None:
    with pytest.raises(ValueError, match=r"osteo.first_screen is 'diary'; known: dashboard"):
        voila_page.first_screen({"osteo": {"first_screen": "diary"}})


def _voila_chunk() -> Path:
    files, missing = voila_page.bundle_sources({"voila": ["voila.js"]})
    assert not missing
    return files[0]


def test_build_bundle_joins_the_listed_files_in_order_and_names_the_missing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    real = _voila_chunk().parent
    chunks = sorted(p.name for p in real.glob("*.voila.js"))[:2]
    manifest = tmp_path / "bundle.json"
    manifest.write_text(json.dumps({"voila": [*chunks, "0000.gone.js"], "labextensions": []}), encoding="utf-8")
    out = tmp_path / "static" / "bundle.js"
    with caplog.at_level(logging.WARNING):
        missing = voila_page.build_bundle(manifest, out)
    assert missing == ["voila/0000.gone.js"]
    assert "0000.gone.js" in caplog.text
    joined = out.read_text(encoding="utf-8")
    positions = [joined.index((real / name).read_text(encoding="utf-8").rstrip()) for name in chunks]
    assert positions == sorted(positions) and len(set(positions)) == 2


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("{not json", "cannot read the chunk list"),
        ('["a.js"]', "expected an object of lists"),
        ('{"voila": ["../../secret.js"]}', "not a .js file below the voila folder"),
        ('{"voila": ["notes.txt"]}', "not a .js file"),
        ('{"nbextensions": []}', "unknown keys"),
    ],
)
def test_a_bad_chunk_list_is_named_and_nothing_is_written(tmp_path: Path, manifest: str, message: str) -> None:
    path = tmp_path / "bundle.json"
    path.write_text(manifest, encoding="utf-8")
    out = tmp_path / "out.js"
    out.write_text("kept", encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        voila_page.build_bundle(path, out)
    assert out.read_text(encoding="utf-8") == "kept"


def test_the_shipped_chunk_list_is_installed() -> None:
    manifest = json.loads(voila_page.MANIFEST.read_text(encoding="utf-8"))
    left_out = manifest.pop("left_out")
    files, missing = voila_page.bundle_sources(manifest)
    assert missing == [], "re-record with scripts/record_bundle.py after an upgrade"
    assert len(files) == sum(len(v) for v in manifest.values()) > 10
    # MathJax's chunks are left to Voila: installed, and not in the bundle
    extra, gone = voila_page.bundle_sources({"voila": left_out})
    assert gone == [] and len(extra) == len(left_out) >= 5
    assert all("MathJax" in path.read_text(encoding="utf-8") for path in extra)
    assert not set(left_out) & set(manifest["voila"])


def test_the_bundle_gets_a_gzip_copy_made_once_and_redone_when_it_changes(tmp_path: Path) -> None:
    real = _voila_chunk().parent
    chunks = sorted(p.name for p in real.glob("*.voila.js"))[:3]
    manifest = tmp_path / "bundle.json"
    manifest.write_text(json.dumps({"voila": chunks[:2], "labextensions": []}), encoding="utf-8")
    out = tmp_path / "bundle.js"
    packed = tmp_path / "bundle.js.gz"
    voila_page.build_bundle(manifest, out)
    assert gzip.decompress(packed.read_bytes()) == out.read_bytes()
    assert packed.read_bytes() == gzip.compress(out.read_bytes(), compresslevel=9, mtime=0)
    made = packed.stat().st_mtime_ns
    voila_page.build_bundle(manifest, out)  # nothing changed: nothing written
    assert packed.stat().st_mtime_ns == made
    manifest.write_text(json.dumps({"voila": chunks, "labextensions": []}), encoding="utf-8")
    voila_page.build_bundle(manifest, out)
    assert gzip.decompress(packed.read_bytes()) == out.read_bytes()
    assert (real / chunks[2]).read_text(encoding="utf-8").rstrip() in out.read_text(encoding="utf-8")


def test_left_out_chunks_are_not_bundled_and_never_both(tmp_path: Path) -> None:
    real = _voila_chunk().parent
    chunks = sorted(p.name for p in real.glob("*.voila.js"))[:2]
    manifest = tmp_path / "bundle.json"
    listed = {"voila": chunks[:1], "labextensions": [], "left_out": chunks[1:]}
    manifest.write_text(json.dumps(listed), encoding="utf-8")
    out = tmp_path / "bundle.js"
    voila_page.build_bundle(manifest, out)
    joined = out.read_text(encoding="utf-8")
    assert f"/* static/{chunks[0]} */" in joined and f"/* static/{chunks[1]} */" not in joined
    manifest.write_text(json.dumps({"voila": chunks, "labextensions": [], "left_out": chunks[1:]}), encoding="utf-8")
    with pytest.raises(ValueError, match=f"{chunks[1]} both bundled and left out"):
        voila_page.build_bundle(manifest, out)
