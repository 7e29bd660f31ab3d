"""Printable handouts (osteo_lib.apps.handouts): a patient page and a student page per notebook.

The student pages carry each notebook's objectives, key points and knowledge check, never a key or an
explanation; the patient page carries every warning sign (911 first), the main message, the questions and
a blank week of diary; every page is self-contained (no script, no outside address). Bad input is named.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from osteo_lib.apps.cli import main as cli_main
from osteo_lib.apps.handouts import INSTRUCTOR_DIR, PATIENT_FILE, HandoutError, notebook_parts, write_handouts
from osteo_lib.content.catalog import load_catalog
from osteo_lib.content.dashboard import load_dashboard
from osteo_lib.content.notebooks import load_notebooks
from osteo_lib.content.quiz import load_banks
from osteo_lib.views.handouts import DIARY_DAYS, HANDOUT_CSP
from tests.serving import ROOT


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("handouts") / "out"
    report = write_handouts(out)
    assert {p.relative_to(out).as_posix() for p in report.files} == {
        PATIENT_FILE,
        f"{INSTRUCTOR_DIR}/rubrics.html",
        f"{INSTRUCTOR_DIR}/osce-station.html",
        f"{INSTRUCTOR_DIR}/model-answers.html",
    } | {f"student-{n.file}.html" for n in load_notebooks()}
    return out


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _words(text: str) -> str:
    return " ".join(text.split())


def test_every_page_is_self_contained(written: Path) -> None:
    for path in written.rglob("*.html"):
        doc = _soup(path)
        assert doc.find("script") is None and doc.find("link") is None, path.name
        assert doc.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"] == HANDOUT_CSP
        # No address a browser would fetch by itself (links in a reference list are only followed on a click).
        assert not doc.find_all(src=True), path.name
        assert "url(" not in doc.find("style").get_text(), path.name


def test_student_pages_hold_the_check_but_no_key_and_no_explanation(written: Path) -> None:
    banks = {b.notebook: b for b in load_banks().values()}
    for info in load_notebooks():
        doc = _soup(written / f"student-{info.file}.html")
        page = _words(doc.get_text(" "))
        bank = banks[info.file]
        shown = doc.select("li.owh-item")
        assert [li["data-item"] for li in shown] == [item.id for item in bank.items]
        for item, li in zip(bank.items, shown, strict=True):
            assert _words(item.stem) in _words(li.get_text(" "))
            assert _words(item.explanation)[:80] not in page, item.id
            for choice in item.choices:
                if choice.feedback:
                    assert _words(choice.feedback)[:60] not in page, item.id
            if item.type in ("single", "multiple"):
                # Every option, in the bank's order, each drawn the same way: nothing marks the right one.
                options = li.select("ul.owh-ticks > li")
                assert [_words(o.get_text(" ")) for o in options] == [_words(c.text) for c in item.choices]
                assert {tuple(sorted(o.attrs)) for o in options} == {()}
        assert not doc.select("[data-correct], [data-answer], .correct"), info.file


def test_student_pages_show_the_notebooks_objectives_and_summary(written: Path) -> None:
    for info in load_notebooks():
        nb = nbformat.read(ROOT / "notebooks" / f"{info.file}.ipynb", as_version=4)
        md = [c.source for c in nb.cells if c.cell_type == "markdown"]
        objectives = next(s for s in md if s.startswith("## Learning objectives"))
        numbered = re.findall(r"^\d+\. ", objectives, flags=re.M)
        summary = next(s for s in md if s.startswith("## Summary"))
        bullets = re.findall(r"^- ", summary, flags=re.M)
        doc = _soup(written / f"student-{info.file}.html")
        sections = doc.select("main > section")
        assert len(sections[0].select("li")) == len(numbered) > 0, info.file
        assert len(sections[1].select("li")) == len(bullets) > 0, info.file
        assert f"{info.minutes} minutes" in doc.get_text()
        # Citations keep their words, lose the in-notebook link.
        assert not doc.select('a[href^="#"]'), info.file


def test_patient_page_holds_the_main_message_every_sign_911_first_and_a_blank_week(written: Path) -> None:
    dash = load_dashboard()
    doc = _soup(written / PATIENT_FILE)
    main = doc.select_one("section.owh-main")
    assert _words(main.select_one("p.owh-headline > strong").get_text()) == _words(
        dash.main_message.headline.patient_text
    )
    assert [_words(li.get_text(" ")) for li in main.select("li")] == [
        _words(p.patient_text) for p in dash.main_message.points
    ]
    groups = doc.select("div.owh-signs")
    assert [g["data-group"] for g in groups] == [g.id for g in dash.warning_groups]
    assert groups[0]["data-group"] == "emergency" and "911" in groups[0].h3.get_text()
    for group, shown in zip(dash.warning_groups, groups, strict=True):
        assert [li["data-sign"] for li in shown.select("li")] == [s.id for s in group.signs]
        for sign, li in zip(group.signs, shown.select("li"), strict=True):
            assert _words(li.strong.get_text()) == _words(sign.patient_text)
            assert (not sign.do) or _words(sign.do) in _words(li.get_text(" "))
    ticks = doc.select("section.owh-questions li")
    assert [_words(li.get_text(" ")) for li in ticks] == [_words(q.patient_text) for q in dash.questions]
    rows = doc.select("section.owh-diary tbody tr")
    assert len(rows) == DIARY_DAYS and all(not _words(r.get_text()) for r in rows)
    assert "0 means no pain. 10 means the worst pain you can imagine." in doc.get_text()
    # Every source the page's text cites is listed, in words a patient reads (no DOI).
    cited = set(dash.main_message.references)
    cited |= {r for g in dash.warning_groups for s in g.signs for r in s.references}
    cited |= {r for q in dash.questions for r in q.references}
    catalog = load_catalog()
    listed = [_words(li.get_text()) for li in doc.select("section.owh-sources li")]
    assert listed == [
        _words(catalog.reference(r).patient_citation())
        for r in dict.fromkeys(
            [*dash.main_message.references]
            + [r for g in dash.warning_groups for s in g.signs for r in s.references]
            + [r for q in dash.questions for r in q.references]
        )
    ]
    assert len(listed) == len(cited) and "doi" not in " ".join(listed).lower()


def test_a_notebook_without_its_summary_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    notebooks = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks, ignore=shutil.ignore_patterns("instructor"))
    path = notebooks / "03_physical_methods.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells = [c for c in nb.cells if not c.source.startswith("## Summary")]
    nbformat.write(nb, path)
    out = tmp_path / "out"
    with pytest.raises(HandoutError, match=r"notebooks/03_physical_methods\.ipynb has no section ## Summary"):
        write_handouts(out, notebooks)
    assert not out.exists()


def test_a_missing_notebook_is_named(tmp_path: Path) -> None:
    with pytest.raises(HandoutError, match=r"nowhere/01_pain_physiology\.ipynb is missing"):
        notebook_parts(tmp_path / "nowhere" / "01_pain_physiology.ipynb", "Pain physiology", 45)


def test_the_command_writes_the_folder_and_names_a_bad_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "printed"
    assert cli_main(["handouts", "--out", str(out)]) == 0
    assert f"Wrote {len(load_notebooks()) + 4} printable handouts to {out}/" in capsys.readouterr().out
    assert (out / PATIENT_FILE).is_file()
    blocker = tmp_path / "a-file"
    blocker.write_text("keep me")
    assert cli_main(["handouts", "--out", str(blocker)]) == 1
    err = capsys.readouterr().err
    assert f"osteo-workbook handouts: error: {blocker} exists and is not a folder" in err
    assert blocker.read_text() == "keep me"


def test_the_instructor_page_prints_every_model_answer_with_its_key_points(written: Path) -> None:
    from osteo_lib.content.model_answers import load_model_answers

    doc = _soup(written / INSTRUCTOR_DIR / "model-answers.html")
    answers = load_model_answers()
    cards = {a["data-answer"]: _words(a.get_text(" ")) for a in doc.select("article[data-answer]")}
    assert set(cards) == {a.id for a in answers}
    refs = load_catalog().references
    for answer in answers:
        card = cards[answer.id]
        assert _words(answer.question) in card and _words(answer.answer) in card
        assert all(_words(point) in card for point in answer.key_points)
        assert all(_words(refs[r].label or r) in card for r in answer.references)
    for path in written.glob("student-*.html"):  # never on a student page
        text = _words(_soup(path).get_text(" "))
        assert not any(_words(a.answer) in text for a in answers), path.name
