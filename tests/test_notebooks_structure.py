"""The teaching notebooks follow the workbook skeleton, hold no logic, cite real sources and show every seed fact.

Notebooks are read as JSON (nbformat) and their code cells parsed with ``ast``; nothing is executed here
(``pytest --nbval-lax notebooks/`` runs them).
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml

from osteo_lib.apps import lesson
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.citations import LINK, citation_links
from osteo_lib.content.guide import load_guide
from osteo_lib.content.notebooks import load_notebooks
from osteo_lib.content.quiz import ITEM_TYPES, load_bank, load_banks
from tests.scripts import load_script

ROOT = Path(__file__).resolve().parent.parent
#: scripts/cite_notebooks.py: how the notebooks' lesson calls are read (the same reading as the converter's).
converter = load_script("cite_notebooks.py", "cite_notebooks")
NB_DIR = ROOT / "notebooks"
EXPECTED = [
    "00_start_here",
    "01_pain_physiology",
    "02_causes_of_chronic_pain",
    "03_physical_methods",
    "04_mind_body_methods",
    "05_medications",
    "06_assessment_and_care_planning",
    "07_case_study",
]
NOTEBOOKS = sorted(NB_DIR.glob("[0-9][0-9]_*.ipynb"))
GALLERY = NB_DIR / "widget_gallery.ipynb"
SKELETON_START = ["Overview", "Learning objectives", "Prerequisites", "Time to learn"]
SKELETON_END = ["Knowledge check", "Summary", "What's next", "References"]
# Measurable verbs (Bloom's revised taxonomy); "understand", "know", "learn" and "appreciate" are not.
BLOOM = {
    "define",
    "describe",
    "explain",
    "identify",
    "list",
    "name",
    "recognise",
    "recognize",
    "state",
    "trace",
    "differentiate",
    "distinguish",
    "compare",
    "classify",
    "predict",
    "apply",
    "use",
    "calculate",
    "operate",
    "run",
    "restart",
    "locate",
    "select",
    "teach",
    "weigh",
    "plan",
    "match",
    "respond",
    "assess",
    "interpret",
    "construct",
    "write",
    "decide",
    "prepare",
    "analyze",
    "analyse",
    "prioritize",
    "prioritise",
    "generate",
    "justify",
    "evaluate",
    "revise",
    "determine",
    "summarise",
    "summarize",
    "demonstrate",
}
WIDGETS = {
    "PathwayExplorer",
    "GateSimulator",
    "HealingTimeline",
    "TreatmentExplorer",
    "ComparisonGrid",
    "HeatColdHelper",
    "PainDiary",
    "ProviderSummary",
    "KnowledgeCheck",
    "catalog_overview",
}
#: Seed facts "the seed's source list includes X" for a source the seed lists without saying what it
#: supports: the data keep it (tests/test_seed_coverage.py), but no statement cites it, so no notebook's
#: reference list (only the sources that notebook cites) shows it.
UNCITED_SEED_SOURCES = {"ref_seed3_medicine2020"}
TRY_THIS = re.compile(r"^(### Try this\b|> \*\*Try this\*\*)", re.M)
FORBIDDEN = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.Lambda,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.If,
    ast.IfExp,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
    ast.Try,
    ast.With,
)
LITERALS = (ast.List, ast.Dict, ast.Set, ast.Tuple)


def _nb(path: Path) -> Any:
    return nbformat.read(path, as_version=4)


def _h2(nb: Any) -> list[str]:
    return [
        line[3:].strip()
        for c in nb.cells
        if c.cell_type == "markdown"
        for line in c.source.splitlines()
        if line.startswith("## ")
    ]


def _calls(tree: ast.AST) -> Iterator[ast.Call]:
    yield from (n for n in ast.walk(tree) if isinstance(n, ast.Call))


def _name(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _widgets_in(source: str) -> list[str]:
    return [_name(c) for c in _calls(ast.parse(source)) if _name(c) in WIDGETS]


def _cited(nb: Any) -> list[str]:
    """The reference ids the Markdown cites: the targets of its citation links ``[label](#ref-id)``."""
    return [rid for cell in nb.cells if cell.cell_type == "markdown" for _label, rid in citation_links(cell.source)]


def _section_cells(nb: Any, heading: str) -> list[Any]:
    """The cells after the '## heading' markdown cell, up to the next level-2 heading."""
    out: list[Any] = []
    inside = False
    for cell in nb.cells:
        starts = cell.cell_type == "markdown" and any(line.startswith("## ") for line in cell.source.splitlines())
        if starts:
            if inside:
                break
            inside = any(line.strip() == f"## {heading}" for line in cell.source.splitlines())
            if inside:
                out.append(cell)
            continue
        if inside:
            out.append(cell)
    return out


ids = [p.stem for p in NOTEBOOKS]


def test_the_eight_teaching_notebooks_exist() -> None:
    assert [p.stem for p in NOTEBOOKS] == EXPECTED
    assert GALLERY.is_file()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_kernel_is_python3(path: Path) -> None:
    assert _nb(path).metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_skeleton_headings_in_order(path: Path) -> None:
    nb = _nb(path)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    headings = _h2(nb)
    assert headings[:4] == SKELETON_START, headings
    assert headings[-4:] == SKELETON_END, headings
    content = headings[4:-4]
    assert len([h for h in content if h != "Imports"]) >= 3, f"too few content sections: {content}"
    for h in SKELETON_START + SKELETON_END:
        assert headings.count(h) == 1, f"'## {h}' appears {headings.count(h)} times"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_learning_objectives_are_measurable(path: Path) -> None:
    text = "\n".join(c.source for c in _section_cells(_nb(path), "Learning objectives"))
    objectives = re.findall(r"^\d+\.\s+(.*)$", text, re.M)
    assert len(objectives) >= 4
    for obj in objectives:
        verb = re.match(r"\*\*(\w+)\*\*", obj)
        assert verb and verb.group(1).lower() in BLOOM, f"objective must start with a bold Bloom verb: {obj!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_prerequisites_table_and_time_to_learn(path: Path) -> None:
    nb = _nb(path)
    prereq = "\n".join(c.source for c in _section_cells(nb, "Prerequisites"))
    rows = [ln for ln in prereq.splitlines() if ln.startswith("|")]
    assert len(rows) >= 3 and re.match(r"^\|\s*-{3,}", rows[1]), "Prerequisites needs a table with a header and rows"
    time = "\n".join(c.source for c in _section_cells(nb, "Time to learn"))
    minutes = re.search(r"On your own: (\d+) minutes", time)
    assert minutes and 5 <= int(minutes.group(1)) <= 180
    listed = {n.file: n.minutes for n in load_notebooks()}
    assert listed[path.stem] == int(minutes.group(1)), "the workbook map and the notebook disagree on the time"
    # The 3-hour plan of the instructor's guide and the notebook agree on the class time and its core objectives.
    guide = load_guide()
    in_class = re.search(r"In the 3-hour class: (\d+) minutes\.\*\* Work on learning objectives ([\d, and]+) \(", time)
    assert in_class, time
    slot = [s.minutes for s in guide.plan("long").sections if path.stem in s.notebooks]
    assert [int(in_class.group(1))] == slot, "the 3-hour plan and the notebook disagree on the class time"
    core = tuple(int(n) for n in re.findall(r"\d+", in_class.group(2)))
    assert core == guide.focus(path.stem).core, "the guide and the notebook disagree on the core objectives"


@pytest.mark.parametrize("path", [*NOTEBOOKS, GALLERY], ids=[*ids, "widget_gallery"])
def test_code_cells_hold_no_logic(path: Path) -> None:
    for i, cell in enumerate(_nb(path).cells):
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        for node in ast.walk(tree):
            assert not isinstance(node, FORBIDDEN), f"cell {i}: {type(node).__name__} is logic; move it to osteo_lib"
            if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                assert not isinstance(node.value, LITERALS), f"cell {i}: data literal assigned in a cell"
            if isinstance(node, ast.ImportFrom):
                assert (node.module or "").split(".")[0] == "osteo_lib", f"cell {i}: import only from osteo_lib"
            if isinstance(node, ast.Import):
                assert all(a.name.split(".")[0] == "osteo_lib" for a in node.names), f"cell {i}: import only osteo_lib"
            if isinstance(node, (ast.List, ast.Tuple)):
                assert all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts), (
                    f"cell {i}: lists in cells hold only id strings"
                )
            assert not isinstance(node, (ast.Dict, ast.Set)), f"cell {i}: no dict or set literals in cells"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_every_widget_has_a_try_this_task_with_a_question(path: Path) -> None:
    nb = _nb(path)
    markdown_since_code: list[str] = []
    widget_cells = 0
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            markdown_since_code.append(cell.source)
            continue
        widgets = _widgets_in(cell.source)
        if widgets:
            widget_cells += 1
            assert len(widgets) == 1, f"cell {i}: one widget per cell"
            prompts = [m for m in markdown_since_code if TRY_THIS.search(m)]
            assert prompts, f"cell {i}: {widgets[0]} has no 'Try this' task just before it"
            assert "**Question:**" in prompts[-1] and "?" in prompts[-1], f"cell {i}: the task must end in a question"
            assert re.search(r"^>?\s*1\.", prompts[-1], re.M), f"cell {i}: the task needs numbered steps"
        markdown_since_code = []
    tries = sum(len(TRY_THIS.findall(c.source)) for c in nb.cells if c.cell_type == "markdown")
    assert widget_cells >= 1 and tries >= widget_cells


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_knowledge_check_uses_the_notebook_bank(path: Path, catalog: Catalog) -> None:
    cells = _section_cells(_nb(path), "Knowledge check")
    code = [c for c in cells if c.cell_type == "code"]
    assert len(code) == 1
    calls = [c for c in _calls(ast.parse(code[0].source)) if _name(c) == "KnowledgeCheck"]
    assert len(calls) == 1 and isinstance(calls[0].args[0], ast.Constant)
    bank = load_bank(str(calls[0].args[0].value), catalog)
    assert len(bank.items) >= 6
    assert bank.notebook == path.stem


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_every_citation_names_a_reference_by_its_label(path: Path, catalog: Catalog) -> None:
    """Citations read author–year and link to the reference's anchor; the label is the catalog's, so it
    cannot drift from references.yaml, and no old ``[ref: id]`` marker or broken link is left."""
    nb = _nb(path)
    cited = _cited(nb)
    assert cited, "a notebook that teaches must cite its sources"
    unknown = sorted(set(cited) - set(catalog.references))
    assert not unknown, f"unknown reference ids: {unknown}"
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    wrong = [(label, rid) for label, rid in citation_links(markdown) if label != catalog.reference(rid).label]
    assert not wrong, f"labels that differ from references.yaml (run scripts/cite_notebooks.py): {wrong}"
    assert not re.search(r"\[ref:", markdown), "an old [ref: id] marker is left"
    links = len(re.findall(r"\]\(#ref-", markdown))
    assert links == len(list(citation_links(markdown))), "a citation link that is not [label](#ref-id)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_references_section_lists_every_source_used(path: Path, catalog: Catalog) -> None:
    nb = _nb(path)
    code = [c for c in _section_cells(nb, "References") if c.cell_type == "code"]
    assert len(code) == 1
    call = next(c for c in _calls(ast.parse(code[0].source)) if _name(c) == "references")
    listed = ast.literal_eval(call.args[0])
    assert len(listed) == len(set(listed)), "each reference once"
    needed = set(_cited(nb))
    for name, args, kwargs in converter.lesson_calls(nb):
        if name in {"references", "references_by_origin", "workbook_map", "case_stage_bank"}:
            continue
        needed |= set(lesson.reference_ids(name, converter.selection(catalog, name, args, kwargs), catalog))
    missing = sorted(needed - set(listed))
    assert not missing, f"cited or shown but not in References: {missing}"
    extra = sorted(set(listed) - needed)
    assert not extra, f"listed in References but never cited or shown: {extra}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_markdown_glossary_and_lesson_ids_exist(path: Path, catalog: Catalog) -> None:
    # Every lesson call names records that exist (the call would raise otherwise).
    for name, args, kwargs in converter.lesson_calls(_nb(path)):
        if name == "case_stage_bank":
            assert lesson.case_stage_bank(*args, catalog=catalog).items
        elif name not in {"references", "references_by_origin", "workbook_map"}:
            assert lesson.shown_records(name, converter.selection(catalog, name, args, kwargs), catalog)


def _nested_ids(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("id"), str):
            yield node["id"]
        for v in node.values():
            yield from _nested_ids(v)
    elif isinstance(node, list):
        for v in node:
            yield from _nested_ids(v)


def _shown_everywhere(catalog: Catalog) -> set[str]:
    shown: set[str] = set()
    for path in NOTEBOOKS:
        for name, args, kwargs in converter.lesson_calls(_nb(path)):
            if name == "references":
                shown |= {f"references.yaml#{i}" for i in args[0]}
            elif name == "references_by_origin":
                shown |= lesson.shown_records(name, [args[0]], catalog)
            elif name not in {"workbook_map", "case_stage_bank"}:
                shown |= lesson.shown_records(name, converter.selection(catalog, name, args, kwargs), catalog)
    # A shown record shows everything nested in it (a method card shows all its cautions).
    docs = {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (ROOT / "data").glob("*.yaml")}
    for file, doc in docs.items():
        for record in (r for section in doc.values() if isinstance(section, list) for r in section):
            if isinstance(record, dict) and f"{file}#{record.get('id')}" in shown:
                shown |= {f"{file}#{i}" for i in _nested_ids(record)}
    return shown


@pytest.fixture(scope="module")
def shown(catalog: Catalog) -> set[str]:
    """Every data record (file.yaml#id) that some teaching notebook displays."""
    return _shown_everywhere(catalog)


def test_every_seed_fact_is_shown_in_some_notebook(shown: set[str]) -> None:
    facts = [
        f
        for p in sorted((ROOT / "tests" / "seed_facts").glob("*.yaml"))
        for f in yaml.safe_load(p.read_text(encoding="utf-8"))
    ]
    assert len(facts) >= 80
    missing = [f["id"] for f in facts if not any(w in shown for w in f["where"])]
    assert missing == sorted(UNCITED_SEED_SOURCES), f"seed facts no notebook shows: {missing}"


def test_the_uncited_seed_source_is_cited_by_no_record(catalog: Catalog) -> None:
    """The exemption above holds only while no data record cites that source either."""
    cited = {r for m in catalog.methods for r in m.all_references}
    cited |= {r for c in catalog.causes for r in c.references} | {r for g in catalog.glossary for r in g.references}
    cited |= {r for f in catalog.facts for r in f.references} | {r for f in catalog.figures for r in f.references}
    for fact_id in UNCITED_SEED_SOURCES:
        assert fact_id.removeprefix("ref_") in catalog.references
        assert fact_id.removeprefix("ref_") not in cited


def test_every_data_method_and_cause_is_taught(catalog: Catalog, shown: set[str]) -> None:
    missing = [m.id for m in catalog.methods if f"methods.yaml#{m.id}" not in shown]
    missing += [c.id for c in catalog.causes if f"causes.yaml#{c.id}" not in shown]
    assert not missing, f"records no notebook shows: {missing}"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def test_no_run_of_eight_words_is_copied_from_the_seeds(seed_texts: dict[str, str]) -> None:
    n = 8
    grams: set[tuple[str, ...]] = set()
    for text in seed_texts.values():
        w = _words(text)
        grams.update(tuple(w[i : i + n]) for i in range(len(w) - n + 1))
    copied = []
    for path in [*NOTEBOOKS, GALLERY]:
        for i, cell in enumerate(_nb(path).cells):
            w = _words(LINK.sub(" ", cell.source))
            hits = [" ".join(w[j : j + n]) for j in range(len(w) - n + 1) if tuple(w[j : j + n]) in grams]
            if hits:
                copied.append(f"{path.name} cell {i}: {hits[0]!r}")
    assert not copied, copied


def test_notebooks_are_stored_stripped() -> None:
    for path in [*NOTEBOOKS, GALLERY]:
        for cell in _nb(path).cells:
            if cell.cell_type == "code":
                assert cell.execution_count is None and cell.outputs == [], path.name


def test_quiz_banks_hold_sixty_items_of_every_type(catalog: Catalog) -> None:
    banks = load_banks(catalog)  # validates every bank and the uniqueness of item ids
    teaching = {b: bank for b, bank in banks.items() if bank.notebook in EXPECTED}
    items = [i for bank in teaching.values() for i in bank.items]
    assert len(items) >= 60, f"only {len(items)} questions in the notebooks' banks"
    types = Counter(i.type for i in items)
    assert set(types) == set(ITEM_TYPES), types  # every item type is met in the notebooks
    for item in items:
        assert item.explanation.strip(), item.id
        assert item.references and all(r in catalog.references for r in item.references), item.id
    assert {bank.notebook for bank in teaching.values()} == set(EXPECTED), "every notebook has its own bank"


def test_case_study_unfolds_over_the_four_visits_and_six_steps(catalog: Catalog) -> None:
    bank = load_bank("case_study", catalog)
    stages = list(dict.fromkeys(i.case_stage for i in bank.items))
    assert stages == ["visit1_emergency", "visit2_week2", "visit3_week6", "visit4_month4"]
    steps = {i.clinical_judgment_step for i in bank.items}
    assert steps == {
        "recognize_cues",
        "analyze_cues",
        "prioritize_hypotheses",
        "generate_solutions",
        "take_action",
        "evaluate_outcomes",
    }
    shown_stages = [
        args[1]
        for name, args, _ in converter.lesson_calls(_nb(NB_DIR / "07_case_study.ipynb"))
        if name == "case_stage_bank"
    ]
    assert shown_stages == stages


def test_every_visit_of_the_case_opens_its_health_record_before_its_questions(catalog: Catalog) -> None:
    """Each visit shows CaseExhibits for its own stage, after the visit's story and before its questions;
    the recall block after it names topics (a bulleted list), not the answers in prose."""
    cells = _nb(NB_DIR / "07_case_study.ipynb").cells
    stages = list(dict.fromkeys(i.case_stage for i in load_bank("case_study", catalog).items))
    order: list[tuple[str, str]] = []
    for cell in cells:
        if cell.cell_type != "code":
            continue
        for call in _calls(ast.parse(cell.source)):
            if _name(call) == "CaseExhibits":
                order.append(("record", str(ast.literal_eval(call.args[0]))))
            elif _name(call) == "case_stage_bank":
                order.append(("questions", str(ast.literal_eval(call.args[1]))))
    assert order == [(kind, stage) for stage in stages for kind in ("record", "questions")]
    markdown = [c.source for c in cells if c.cell_type == "markdown"]
    assert not any("What to bring from earlier notebooks" in m for m in markdown)
    recalls = [m for m in markdown if m.startswith("**Topics to recall from earlier notebooks.**")]
    assert len(recalls) == len(stages)
    for recall in recalls:
        bullets = [ln for ln in recall.splitlines() if ln.startswith("- ")]
        assert len(bullets) >= 4 and all(len(b.split()) <= 40 for b in bullets), recall


def _widget_classes() -> set[str]:
    """Every class in osteo_lib/views/widgets/ that sets up a displayable ``self.container``, plus display functions."""
    found = set()
    for path in sorted((ROOT / "osteo_lib" / "views" / "widgets").glob("[!_]*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in (n for n in tree.body if isinstance(n, ast.ClassDef) and not n.name.startswith("_")):
            for node in ast.walk(cls):
                targets = (
                    node.targets
                    if isinstance(node, ast.Assign)
                    else [node.target]
                    if isinstance(node, ast.AnnAssign)
                    else []
                )
                if any(isinstance(t, ast.Attribute) and t.attr == "container" for t in targets):
                    found.add(cls.name)
                    break
    return found | {"catalog_overview"}


def test_widget_gallery_shows_every_widget() -> None:
    nb = _nb(GALLERY)
    built = {w for c in nb.cells if c.cell_type == "code" for w in _widgets_in(c.source)}
    built |= {_name(c) for cell in nb.cells if cell.cell_type == "code" for c in _calls(ast.parse(cell.source))}
    classes = _widget_classes()
    assert classes | {"catalog_overview"} >= WIDGETS, f"widgets missing from the library: {WIDGETS - classes}"
    assert classes <= built, f"widgets missing from the gallery: {sorted(classes - built)}"
    headings = [
        ln for c in nb.cells if c.cell_type == "markdown" for ln in c.source.splitlines() if ln.startswith("## ")
    ]
    assert len(headings) >= len(classes)
