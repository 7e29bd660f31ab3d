"""The instructor workshop kit (osteo_lib.apps.instructor, data/instructor.yaml, the workshop guide notebook).

Answer keys are checked against the raw YAML of every bank (read here with PyYAML, not through
osteo_lib), so a bug in the key builder cannot hide itself. The Try this tasks are found with the same
pattern the notebook structure test uses.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml

from osteo_lib import load_catalog
from osteo_lib.apps import instructor
from osteo_lib.apps.instructor import (
    answer_keys_html,
    check_notebooks,
    discussion_prompts_html,
    inline_html,
    learning_objectives_html,
    load_guide,
    misconceptions_html,
    notebook_objectives,
    run_the_room_html,
    session_plan_html,
    try_this_tasks,
)
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.notebooks import load_notebooks
from osteo_lib.errors import DataError
from tests.markup import attr, select_texts, soup, text
from tests.test_notebooks_structure import FORBIDDEN, LITERALS, TRY_THIS

ROOT = Path(__file__).resolve().parent.parent
NB_DIR = ROOT / "notebooks"
GUIDE = NB_DIR / "instructor" / "workshop_guide.ipynb"
DATA = ROOT / "data"


def _raw(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _norm(words: str) -> str:
    """``words`` single-spaced, as :func:`tests.markup.text` gives the text of markup."""
    return " ".join(words.split())


def _block(page: str, selector: str) -> str:
    """The visible words of the one element of ``page`` matching ``selector``."""
    found = soup(page).select(selector)
    assert len(found) == 1, (selector, len(found))
    return text(str(found[0]))


# --- data/instructor.yaml -------------------------------------------------------------------------------
def test_two_plans_whose_minutes_add_up_exactly() -> None:
    raw = _raw(DATA / "instructor.yaml")
    totals = {p["id"]: (p["minutes"], sum(s["minutes"] for s in p["sections"])) for p in raw["plans"]}
    assert totals == {"short": (90, 90), "long": (180, 180)}
    guide = load_guide()
    assert [p.title for p in guide.plans] == ["90-minute session", "3-hour session"]
    for plan in guide.plans:
        assert plan.starts()[0] == 0 and plan.starts()[-1] + plan.sections[-1].minutes == plan.minutes
        assert len(plan.objectives) >= 3 and plan.feedback_sections


def test_every_notebook_has_an_in_room_focus() -> None:
    guide = load_guide()
    assert [f.notebook for f in guide.notebooks] == [n.file for n in load_notebooks()]


def test_guide_matches_the_notebooks() -> None:
    assert check_notebooks() == []


def _edit(data_copy: Path, change: Any) -> Catalog:
    path = data_copy / "instructor.yaml"
    doc = _raw(path)
    change(doc)
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return load_catalog(data_copy)


def _set(doc: dict[str, Any], path: list[Any], value: Any) -> None:
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


@pytest.mark.parametrize(
    ("change", "record", "field", "problem"),
    [
        (
            lambda d: _set(d, ["plans", 0, "sections", 1, "minutes"], 16),
            "short",
            "sections.minutes",
            "the sections add up to 91 minutes (10 + 16 + 10 + 15 + 10 + 20 + 10), not the plan's 90",
        ),
        (lambda d: _set(d, ["plans", 1, "minutes"], 170), "long", "sections.minutes", "not the plan's 170"),
        (
            lambda d: _set(d, ["misconceptions", 0, "notebook"], "09_surgery"),
            "osteoporosis_hurts",
            "notebook",
            "unknown notebook '09_surgery'",
        ),
        (
            lambda d: _set(d, ["misconceptions", 0, "references"], ["nobody2020"]),
            "osteoporosis_hurts",
            "references",
            "unknown reference id 'nobody2020'",
        ),
        (
            lambda d: _set(d, ["plans", 0, "sections", 1, "try_this"], ["deadbeef"]),
            "short",
            "sections[pathway_and_gate].try_this",
            "cell 'deadbeef' has no discussion entry",
        ),
        (lambda d: d["notebooks"].pop(), None, "notebooks", "missing: 07_case_study"),
        (
            lambda d: _set(d, ["plans", 0, "sections", 1, "kind"], "lecture"),
            "short",
            "sections[pathway_and_gate].kind",
            "'lecture' is not one of the allowed values",
        ),
        (
            lambda d: [s.update(kind="break") for s in d["plans"][0]["sections"] if s["kind"] == "teach"],
            "short",
            "sections.kind",
            "at least one 'teach' section",
        ),
        (lambda d: d["discussion"].append(dict(d["discussion"][0])), "00_start_here#df3a8f8f", "cell", "duplicate id"),
    ],
)
def test_bad_guide_data_is_reported_precisely(
    data_copy: Path, change: Any, record: str | None, field: str, problem: str
) -> None:
    catalog = _edit(data_copy, change)
    with pytest.raises(DataError) as err:
        load_guide(catalog)
    assert err.value.file == "data/instructor.yaml"
    assert err.value.record == record and err.value.field == field
    assert problem in err.value.problem, err.value.problem


# --- Try this tasks and discussion prompts --------------------------------------------------------------
def _tasks_by_pattern() -> list[tuple[str, str]]:
    """(notebook, cell id) of every Try this task, found independently of osteo_lib."""
    found = []
    for path in sorted(NB_DIR.glob("[0-9][0-9]_*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                found += [(path.stem, cell.id)] * len(TRY_THIS.findall(cell.source))
    return found


def test_every_try_this_has_a_discussion_prompt() -> None:
    expected = _tasks_by_pattern()
    assert len(expected) >= 20
    tasks = try_this_tasks()
    assert [(t.notebook, t.cell) for t in tasks] == expected
    guide = load_guide()
    missing = [t.key for t in tasks if guide.discussion_for(t.key) is None]
    assert not missing, f"Try this tasks without a discussion prompt: {missing}"
    orphans = [d.key for d in guide.discussion if (d.notebook, d.cell) not in expected]
    assert not orphans, f"discussion entries pointing at no Try this task: {orphans}"
    assert {t.notebook for t in tasks} == {n.file for n in load_notebooks()}


def test_try_this_tasks_carry_their_question_section_and_widget() -> None:
    tasks = {t.key: t for t in try_this_tasks()}
    gate = tasks["01_pain_physiology#9ce9be88"]
    assert gate.section == "The gate idea" and gate.widget == "GateSimulator"
    assert gate.question.startswith("Which change lowered the pain message most") and gate.question.endswith(
        "mood slider."
    )
    assert tasks["06_assessment_and_care_planning#c6e42055"].widget == "PainDiary"
    assert all(
        "?" in t.question and "**Question:**" not in t.question and not re.search(r"(^|\s)>(\s|$)", t.question)
        for t in tasks.values()
    )


def test_discussion_html_shows_every_task_question_and_prompt() -> None:
    page = discussion_prompts_html()
    guide = load_guide()
    for t in try_this_tasks():
        d = guide.discussion_for(t.key)
        assert d is not None
        card = f'article[data-task="{t.key}"]'
        assert select_texts(page, f"{card} h5") == [_norm(d.topic)]
        assert _block(page, card).count(_norm(t.question.replace("*", ""))) == 1, t.key
        assert select_texts(page, f"{card} > ol > li") == [_norm(p) for p in d.prompts], t.key
        assert select_texts(page, f"{card} > ul > li") == [_norm(p) for p in d.look_for], t.key
    assert f"{len(try_this_tasks())} Try this tasks" in text(page) and not soup(page).select('[role="alert"]')


def test_a_new_try_this_without_a_prompt_is_flagged(tmp_path: Path) -> None:
    folder = tmp_path / "notebooks"
    shutil.copytree(NB_DIR, folder, ignore=shutil.ignore_patterns("instructor", "dashboards"))
    path = folder / "03_physical_methods.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(
        12, nbformat.v4.new_markdown_cell("> **Try this**\n>\n> 1. Look.\n>\n> **Question:** Why?", id="newtask1")
    )
    nbformat.write(nb, path)
    problems = check_notebooks(folder=folder)
    assert problems == [
        "03_physical_methods: the Try this task in cell newtask1 (Heat and cold) has no discussion entry"
    ]
    page = discussion_prompts_html(folder)
    assert select_texts(page, '[role="alert"] li') == ["03_physical_methods, Heat and cold (cell newtask1)"]
    assert select_texts(instructor.check_html(folder), '[role="alert"] li') == problems


# --- answer keys --------------------------------------------------------------------------------------------
def _right_answers(item: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(texts of the right answers, texts of wrong choices) straight from a bank's YAML."""
    kind = item["type"]
    if kind in ("single", "multiple", "select_n", "highlight"):
        return (
            [c["text"] for c in item["choices"] if c.get("correct")],
            [c["text"] for c in item["choices"] if not c.get("correct")],
        )
    if kind == "matrix":
        cols = {c["id"]: c["text"] for c in item["columns"]}
        return [f"{r['text']}|{cols[r['answer']]}" for r in item["rows"]], []
    if kind == "matrix_multiple":
        cols = {c["id"]: c["text"] for c in item["columns"]}
        return [f"{r['text']}|{'; '.join(cols[a] for a in r['answers'])}" for r in item["rows"]], []
    if kind == "cloze":
        chosen = {b["id"]: {c["id"]: c["text"] for c in b["choices"]}[b["answer"]] for b in item["blanks"]}
        return [f"{b['label']}|{chosen[b['id']]}" for b in item["blanks"]], []
    if kind == "drag_drop":  # each gap named by its label, with its token; the unused tokens are not shown
        tokens = {t["id"]: t["text"] for t in item["tokens"]}
        used = {b["answer"] for b in item["blanks"]}
        return [f"{b['label']}|{tokens[b['answer']]}" for b in item["blanks"]], [
            text for tid, text in tokens.items() if tid not in used
        ]
    if kind == "ordering":  # Step 1, Step 2, ... each with the step that belongs there
        steps = {c["id"]: c["text"] for c in item["choices"]}
        return [f"Step {n}|{steps[cid]}" for n, cid in enumerate(item["order"], start=1)], []
    right, wrong = [], []
    for part in ("condition", "actions", "parameters"):
        p = item["bowtie"][part]
        right += [c["text"] for c in p["choices"] if c["id"] in p["answers"]]
        wrong += [c["text"] for c in p["choices"] if c["id"] not in p["answers"]]
    return right, wrong


def test_every_item_of_every_bank_appears_in_the_answer_keys(catalog: Catalog) -> None:
    page = answer_keys_html()
    doc = soup(page)
    files = sorted((DATA / "quizzes").glob("*.yaml"))
    assert len(files) >= 9
    count = 0
    for path in files:
        bank = _raw(path)
        assert doc.select_one(f'details[data-bank="{bank["bank"]}"]') is not None
        for item in bank["items"]:
            count += 1
            found = doc.select(f'article[data-item="{item["id"]}"]')
            assert len(found) == 1, item["id"]
            article = found[0]
            block = " ".join(article.get_text(" ").split())
            dl = article.select_one("dl.ow-instr-answers")
            assert dl is not None, item["id"]
            assert _norm(item["stem"]) in block and _norm(item["explanation"]) in block, item["id"]
            for ref in item["references"]:
                assert _norm(catalog.reference(ref).title) in block, (item["id"], ref)
            right, wrong = _right_answers(item)
            terms = [dt.get_text() for dt in dl.select("dt")]
            answers = [dd.get_text() for dd in dl.select("dd")]
            assert len(terms) == len(answers), item["id"]
            pairs = {f"{dt}|{dd}" for dt, dd in zip(terms, answers, strict=False)}
            shown = {p.split("|", 1)[1] for p in pairs}
            for answer in right:
                if item["type"] in ("matrix", "matrix_multiple", "cloze", "drag_drop", "ordering"):
                    assert answer in pairs, (item["id"], answer)
                else:
                    assert answer in shown, (item["id"], answer)
            assert not [t for t in wrong if t in shown], f"{item['id']}: a wrong choice is shown as an answer"
    assert len(doc.select("article.ow-instr-key")) == count >= 90


def test_answer_keys_are_never_copied_into_the_guide() -> None:
    guide_text = GUIDE.read_text(encoding="utf-8")
    for path in sorted((DATA / "quizzes").glob("*.yaml")):
        for item in _raw(path)["items"]:
            assert item["explanation"][:40] not in guide_text
            assert item["stem"][:40] not in guide_text


# --- the other parts ------------------------------------------------------------------------------------
def test_session_plan_table() -> None:
    for plan in load_guide().plans:
        page = session_plan_html(plan.id)
        starts = select_texts(page, "table.ow-instr-plan tbody tr > td:first-child")
        minutes = select_texts(page, "table.ow-instr-plan tbody tr > td.ow-instr-num")
        assert [int(m) for m in minutes] == [s.minutes for s in plan.sections]
        assert starts[0] == "0:00" and all(re.fullmatch(r"\d+:\d\d", s) for s in starts)
        assert select_texts(page, "table.ow-instr-plan tfoot td.ow-instr-num") == [str(plan.minutes)]
        titles = select_texts(page, 'table.ow-instr-plan tbody th[scope="row"]')
        assert [t.rsplit(" (", 1)[0] for t in titles] == [_norm(s.title) for s in plan.sections]
        assert select_texts(page, "td.ow-instr-activity") == [_norm(s.activity) for s in plan.sections]
        for obj in plan.objectives:
            assert inline_html(obj) in page
    long = session_plan_html("long")
    assert "Case visit 4: four months" in text(long) and soup(long).select("tr.ow-instr-break")


def test_learning_objectives_are_read_from_the_notebooks() -> None:
    page = learning_objectives_html()
    guide = load_guide()
    for info in load_notebooks():
        objectives = notebook_objectives(info.file)
        raw = nbformat.read(NB_DIR / f"{info.file}.ipynb", as_version=4)
        source = next(c.source for c in raw.cells if c.source.startswith("## Learning objectives"))
        assert len(objectives) == len(re.findall(r"^\d+\.\s", source, re.M)) >= 4
        for objective in objectives:
            assert inline_html(objective) in page
        assert _norm(guide.focus(info.file).check) in text(page)
    marked = len(soup(page).select("span.ow-instr-core"))
    assert marked == sum(len(f.core) for f in guide.notebooks)
    assert len(soup(page).select("li.ow-instr-is-core")) == marked


def test_misconceptions_have_corrections_and_sources(catalog: Catalog) -> None:
    page = misconceptions_html()
    guide = load_guide()
    assert len(guide.misconceptions) >= 8
    for m in guide.misconceptions:
        block = _block(page, f'article[data-misconception="{m.id}"]')
        assert _norm(m.belief) in block and _norm(m.correction) in block
        for ref in m.references:
            assert _norm(catalog.reference(ref).title) in block


def test_run_the_room_covers_the_commands_and_links_to_make_workshop() -> None:
    page = run_the_room_html()
    for command in ("make workshop", "make student-version", "osteo-workbook student-version"):
        assert command in select_texts(page, "code")
    link = attr(page, "a[href]", "href")
    assert link
    target = (GUIDE.parent / link.split("#")[0]).resolve()
    assert target.is_file(), f"the link to the make workshop documentation is broken: {link}"


def test_inline_markdown_is_escaped_and_links_are_safe() -> None:
    assert (
        inline_html("**Run** `make <x>` and *wait*")
        == "<strong>Run</strong> <code>make &lt;x&gt;</code> and <em>wait</em>"
    )
    assert inline_html("[a](../b.md#c)") == '<a href="../b.md#c">a</a>'
    assert "<a" not in inline_html("[x](javascript:alert(1))")
    assert inline_html("<script>") == "&lt;script&gt;"


# --- the workshop guide notebook ----------------------------------------------------------------------------
def _guide() -> Any:
    return nbformat.read(GUIDE, as_version=4)


def test_guide_is_entirely_instructor_only() -> None:
    nb = _guide()
    assert nb.cells and all("instructor" in c.metadata.get("tags", []) for c in nb.cells)
    assert nb.metadata["kernelspec"]["name"] == "python3"


def test_guide_is_stored_stripped_and_in_nbformat_style() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    nb = _guide()
    assert text == nbformat.writes(nb) + "\n"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.execution_count is None and cell.outputs == []


def test_guide_cells_hold_no_logic() -> None:
    for i, cell in enumerate(_guide().cells):
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            assert not isinstance(node, FORBIDDEN), f"cell {i}: {type(node).__name__}"
            if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                assert not isinstance(node.value, LITERALS)
            if isinstance(node, ast.ImportFrom):
                assert (node.module or "").split(".")[0] == "osteo_lib"
            assert not isinstance(node, (ast.Import, ast.Dict, ast.Set, ast.List))


def test_guide_has_every_part_in_order() -> None:
    headings = [
        ln[3:]
        for c in _guide().cells
        if c.cell_type == "markdown"
        for ln in c.source.splitlines()
        if ln.startswith("## ")
    ]
    wanted = [
        "Session plans",
        "Learning objectives",
        "Discussion prompts",
        "Answer keys",
        "Common misconceptions",
        "How to run the room",
        "End-of-session feedback",
    ]
    assert [h for h in headings if h in wanted] == wanted
    code = "\n".join(c.source for c in _guide().cells if c.cell_type == "code")
    for call in (
        'session_plan("short")',
        'session_plan("long")',
        "learning_objectives()",
        "discussion_prompts()",
        "answer_keys()",
        "misconceptions()",
        "run_the_room()",
        "FeedbackForm(",
        "FeedbackCollector(",
    ):
        assert call in code, call
    markdown = "\n".join(c.source for c in _guide().cells if c.cell_type == "markdown")
    assert "`make workshop`" in markdown and "README.md#running-a-room" in markdown


def test_guide_text_is_not_copied_from_the_seeds(seed_texts: dict[str, str]) -> None:
    n = 8

    def words(text: str) -> list[str]:
        return re.findall(r"[a-z0-9]+", text.lower())

    grams = {tuple(w[i : i + n]) for t in seed_texts.values() for w in [words(t)] for i in range(len(w) - n + 1)}
    texts = [c.source for c in _guide().cells] + [json.dumps(_raw(DATA / "instructor.yaml"))]
    for written in texts:
        w = words(written)
        assert not [" ".join(w[i : i + n]) for i in range(len(w) - n + 1) if tuple(w[i : i + n]) in grams]
