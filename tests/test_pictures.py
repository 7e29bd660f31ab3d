"""The project's own pictures and method icons (data/pictures.yaml, data/pictures/*.svg): every file
exists, parses as SVG with a <title>, loads nothing from outside, has alt text in the data, and every
method has an icon; the loader refuses broken or unsafe files with a message naming the problem."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from osteo_lib.content.catalog import Catalog, load_catalog
from osteo_lib.content.pictures import PICTURES_DIR, check_svg, load_pictures
from osteo_lib.content.registry import reload
from osteo_lib.errors import DataError
from osteo_lib.views.pictures import icon_html, picture_html, pictures_at_html
from tests.markup import soup

SVG = "{http://www.w3.org/2000/svg}"
DATA = Path(__file__).resolve().parent.parent / "data"


def svg_files() -> list[Path]:
    return sorted((DATA / PICTURES_DIR).rglob("*.svg"))


def test_every_svg_file_is_listed_and_every_listed_file_exists() -> None:
    doc = yaml.safe_load((DATA / "pictures.yaml").read_text(encoding="utf-8"))
    listed = {p["file"] for p in doc["pictures"]} | {i["file"] for i in doc["icons"]}
    on_disk = {p.relative_to(DATA / PICTURES_DIR).as_posix() for p in svg_files()}
    assert listed == on_disk


@pytest.mark.parametrize("path", svg_files(), ids=lambda p: p.name)
def test_svg_parses_has_a_title_and_no_outside_link(path: Path) -> None:
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text and title.text.strip()
    for element in root.iter():
        assert str(element.tag).removeprefix(SVG) not in {"script", "image", "foreignObject", "use"}
        for name, value in element.attrib.items():
            assert not name.rsplit("}", 1)[-1].startswith("on")
            if name.rsplit("}", 1)[-1] == "href":
                assert value.startswith("#")
            assert ("http:" not in value and "https:" not in value) or name == "xmlns"


def test_every_picture_has_alt_text_steps_and_sources(catalog: Catalog) -> None:
    pics = load_pictures(catalog)
    assert {p.id for p in pics.pictures} >= {"pack_on_back", "tens_pads", "safe_lifting", "log_roll", "pain_scale"}
    for picture in pics.pictures:
        assert len(picture.alt.split()) >= 8, picture.id
        assert picture.steps and all(s.strip() for s in picture.steps)
        assert catalog.references_for(picture.references)


def test_every_method_has_an_icon_in_one_shared_style(catalog: Catalog) -> None:
    pics = load_pictures(catalog)
    for method in catalog.methods:
        icon = pics.icon_for(method.id)
        assert icon is not None, method.id
        root = ET.fromstring(icon.svg)
        assert root.get("viewBox") == "0 0 24 24"
        assert root.get("stroke") == "#1a1a1a" and root.get("fill") == "none"
        assert root.find(f"{SVG}text") is None  # no words inside an icon


def test_pictures_named_in_the_brief_go_with_their_methods(catalog: Catalog) -> None:
    pics = load_pictures(catalog)
    assert [p.id for p in pics.pictures_for("heat")] == ["pack_on_back"]
    assert [p.id for p in pics.pictures_for("cold")] == ["pack_on_back"]
    assert [p.id for p in pics.pictures_for("tens")] == ["tens_pads"]
    assert {p.id for p in pics.pictures_for("acute_spine_fracture_care")} == {"log_roll", "safe_lifting"}
    assert [p.id for p in pics.pictures_at("diary")] == ["pain_scale"]
    scale = pics.picture("pain_scale")
    assert scale.ends[0].startswith("0") and scale.ends[1].startswith("10")
    assert "face" not in scale.svg.lower() and "face" not in scale.alt.lower()


def test_log_roll_is_numbered_one_to_three(catalog: Catalog) -> None:
    root = ET.fromstring(load_pictures(catalog).picture("log_roll").svg)
    numbers = [t.text for t in root.iter(f"{SVG}text")]
    assert numbers == ["1", "2", "3"]


def test_picture_html_is_an_img_with_alt_and_data_address(catalog: Catalog) -> None:
    picture = load_pictures(catalog).picture("tens_pads")
    page = soup(str(picture_html(picture)))
    img = page.select_one("img.ow-picture__img")
    assert img is not None and img["alt"] == picture.alt
    assert str(img["src"]).startswith("data:image/svg+xml;base64,")
    assert [li.get_text() for li in page.select(".ow-picture__steps li")] == list(picture.steps)
    icon = soup(str(icon_html(catalog, "tens"))).select_one("img.ow-method-icon")
    assert icon is not None and icon["alt"] == "" and str(icon["src"]).startswith("data:image/svg+xml")
    assert soup(str(pictures_at_html(catalog, "diary"))).select_one("[data-picture=pain_scale]") is not None


@pytest.mark.parametrize(
    ("svg", "problem"),
    [
        ("<svg xmlns='http://www.w3.org/2000/svg'><title>x</title>", "not valid SVG"),
        ("<html><title>x</title></html>", "not an SVG"),
        ("<svg xmlns='http://www.w3.org/2000/svg'><rect/></svg>", "<title>"),
        ("<svg xmlns='http://www.w3.org/2000/svg'><title>x</title><script>1</script></svg>", "<script>"),
        (
            "<svg xmlns='http://www.w3.org/2000/svg' xmlns:x='http://www.w3.org/1999/xlink'><title>x</title>"
            "<a x:href='https://example.org/'>a</a></svg>",
            "outside",
        ),
        ("<svg xmlns='http://www.w3.org/2000/svg'><title>x</title><rect onclick='f()'/></svg>", "onclick"),
        ("<svg xmlns='http://www.w3.org/2000/svg'><title>x</title><rect fill='url(http://e/x)'/></svg>", "outside"),
    ],
)
def test_check_svg_refuses_broken_or_unsafe_files(svg: str, problem: str) -> None:
    with pytest.raises(DataError, match=problem.replace("(", r"\(")):
        check_svg(svg, "pictures/x.svg")


def test_a_method_without_an_icon_is_named(data_copy: Path) -> None:
    doc = yaml.safe_load((data_copy / "pictures.yaml").read_text(encoding="utf-8"))
    doc["methods"] = [m for m in doc["methods"] if m["method"] != "massage"]
    (data_copy / "pictures.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    reload()
    try:
        with pytest.raises(DataError, match="missing: massage"):
            load_pictures(load_catalog(data_copy))
    finally:
        reload()


def test_a_missing_svg_file_is_named(data_copy: Path) -> None:
    (data_copy / PICTURES_DIR / "tens_pads.svg").unlink()
    reload()
    try:
        with pytest.raises(DataError, match=r"tens_pads\.svg"):
            load_pictures(load_catalog(data_copy))
    finally:
        reload()


def test_a_catalog_without_pictures_has_no_icons(fixture_catalog: Catalog) -> None:
    pics = load_pictures(fixture_catalog)
    assert pics.icon_for(fixture_catalog.methods[0].id) is None
    assert str(icon_html(fixture_catalog, fixture_catalog.methods[0].id)) == ""


def test_explorer_cards_show_their_icon_and_pictures(catalog: Catalog) -> None:
    from osteo_lib.views.widgets.explorer import TreatmentExplorer

    explorer = TreatmentExplorer(catalog)
    pics = load_pictures(catalog)
    for method_id, card in explorer.cards.items():
        page = soup(card.body.value)
        name = page.select_one("h3.ow-method-card__name")
        assert name is not None
        icon = name.select_one("img.ow-method-icon")
        assert icon is not None and icon["alt"] == "", method_id
        alts = [img["alt"] for img in page.select("img.ow-picture__img")]
        assert alts == [p.alt for p in pics.pictures_for(method_id)]
    explorer.close()


def test_the_diary_shows_the_pain_scale_picture(catalog: Catalog) -> None:
    from osteo_lib.views.widgets.diary import PainDiary

    diary = PainDiary(catalog)
    img = soup(diary.scale_picture.value).select_one("img.ow-picture__img")
    assert img is not None and img["alt"] == load_pictures(catalog).picture("pain_scale").alt
    assert diary.scale_picture in diary.container.children


def test_the_first_weeks_show_how_to_get_out_of_bed_and_lift_where_the_advice_is_given(catalog: Catalog) -> None:
    from osteo_lib.care.healing import healing_phase
    from osteo_lib.content.timeline import load_timeline
    from osteo_lib.views.widgets.timeline import phase_html

    timeline = load_timeline(catalog)
    pics = load_pictures(catalog)
    cases = [
        ("vertebral", 1, ["log_roll", "safe_lifting"]),
        ("vertebral", 8, ["safe_lifting"]),
        ("vertebral", 60, []),
        # after hip surgery people get up as their surgeon or therapist taught them: no log roll, no bending
        ("hip", 1, []),
        ("hip", 8, []),
        ("wrist", 1, []),
    ]
    for fracture, weeks, shown in cases:
        phase = healing_phase(weeks, fracture, catalog.healing, timeline)
        for audience in ("patient", "student"):
            page = soup(str(phase_html(catalog, phase, audience)))
            alts = [img["alt"] for img in page.select(".ow-timeline-pictures img.ow-picture__img")]
            assert alts == [pics.picture(p).alt for p in shown], (fracture, phase.guide.id, audience)
    # the drawings come after the steps they show
    page = str(phase_html(catalog, healing_phase(1, "vertebral", catalog.healing, timeline), "patient"))
    assert page.index("ow-timeline-steps") < page.index("ow-timeline-pictures")


def test_a_timeline_place_must_name_a_healing_phase(data_copy: Path) -> None:
    doc = yaml.safe_load((data_copy / "pictures.yaml").read_text(encoding="utf-8"))
    doc["places"]["timeline_first_days"] = ["log_roll"]
    (data_copy / "pictures.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    reload()
    try:
        with pytest.raises(
            DataError, match=r"timeline_<phase>_<break> \(phases: acute, healing, healed, chronic; breaks: vertebral"
        ):
            load_pictures(load_catalog(data_copy))
    finally:
        reload()


def test_talk_to_my_provider_and_get_help_now_show_their_pictures_where_the_advice_is(catalog: Catalog) -> None:
    """Issue 14 (CCI 4, PEMAT 15): a picture of the one-page summary under Talk to my provider's lead; an
    urgency key (red, orange, yellow, each named in words) at the top of Get help now; the drawing of a
    broken hip with the sign it shows. Every place names a real part or warning sign."""
    from osteo_lib.apps.dashboard import PatientDashboard
    from osteo_lib.content.dashboard import load_dashboard

    pics = load_pictures(catalog)
    assert [p.id for p in pics.pictures_at("dashboard_provider")] == ["provider_summary"]
    assert [p.id for p in pics.pictures_at("dashboard_urgent")] == ["urgency_key"]
    assert [p.id for p in pics.pictures_at("sign_hip_after_fall")] == ["hip_fracture_leg"]
    content = load_dashboard(catalog)
    sign_ids = {s.id for s in content.warning_signs}
    for place in pics.places:
        if place.startswith("dashboard_"):
            assert place.removeprefix("dashboard_") in {s.id for s in content.sections}, place
        if place.startswith("sign_"):
            assert place.removeprefix("sign_") in sign_ids, place
    # the key says each colour in words, with what to do (never colour alone)
    key = pics.picture("urgency_key")
    words = [t.text for t in ET.fromstring(key.svg).iter(f"{SVG}text")]
    assert [w.split(":")[0] for w in words] == ["Red", "Orange", "Yellow"]
    assert [s.split(":")[0] for s in key.steps] == ["Red list", "Orange list", "Yellow list"]
    assert "911" in key.steps[0] and "today" in key.steps[1] and "few days" in key.steps[2]
    hip = pics.picture("hip_fracture_leg")
    assert {t.text for t in ET.fromstring(hip.svg).iter(f"{SVG}text")} == {"Shorter", "Turns out"}
    assert any("911" in s for s in hip.steps)

    dash = PatientDashboard(catalog)
    try:
        dash.show("provider")
        head = soup(dash.sections["provider"].children[0].value)
        order = [c.get("class", [""])[0] for c in head.find_all(recursive=False)]
        assert order[:2] == ["ow-dash-section__lead", "ow-dash-note"] and "ow-dash-section__pictures" in order
        img = head.select_one(".ow-dash-section__pictures img.ow-picture__img")
        assert img is not None and img["alt"] == pics.picture("provider_summary").alt
        dash.show("urgent")
        head = soup(dash.sections["urgent"].children[0].value)
        img = head.select_one(".ow-dash-section__pictures img.ow-picture__img")
        assert img is not None and img["alt"] == key.alt
        page = soup(dash.text)
        sign = page.select_one("li[data-sign=hip_after_fall]")
        assert sign is not None
        drawn = sign.select_one(".ow-dash-sign__pictures img.ow-picture__img")
        assert drawn is not None and drawn["alt"] == hip.alt
        assert len(page.select(".ow-dash-sign__pictures")) == 1  # only the sign it shows
    finally:
        dash.close()


@pytest.mark.parametrize("picture_id", ["provider_summary", "urgency_key", "hip_fracture_leg"])
def test_dashboard_drawings_keep_their_words_as_large_as_the_body_text_on_a_phone(
    catalog: Catalog, picture_id: str
) -> None:
    """A drawing is at most 340 px wide (static/css/pictures.css; the summary's thumbnail 200 px); on a 390 px
    phone the urgency key shows about 334 px wide and the hip drawing, inside its warning sign, about 252 px.
    Their words (SVG units) must show at 18 px or more, the dashboard's body text (measured in the browser
    too: tests/browser/test_get_help_phone.py)."""
    root = ET.fromstring(load_pictures(catalog).picture(picture_id).svg)
    width = float(str(root.get("viewBox")).split()[2])
    shown = {"provider_summary": 200, "urgency_key": 330, "hip_fracture_leg": 245}[picture_id]
    assert width <= 340
    for element in root.iter():
        size = element.get("font-size")
        if size is not None:
            assert float(size) * shown / width >= 18, (picture_id, size)
