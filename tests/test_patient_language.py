"""The patient-string lint (issue 14): rules every text a patient reads must keep.

The texts are the ones scripts/readability.py collects for the reading-level gate (one collector: the
patient areas of data/ui, the patient fields of data/*.yaml, data/dashboard.yaml through
``patient_texts()``, the patient string tables of the code and the Voila template's words). The words
the rules look for are data, in data/plain_language.yaml:

1. no citation ids, DOIs or "(Author 2019)" citations in patient text;
2. no jargon unless the term is in the glossary and its record shows the short definition in brackets
   right after the term;
3. no keyboard instructions outside the texts named as keyboard help;
4. one healing range: a healing statement with a range of weeks writes ``{healing_range}``, which the
   content layer fills from causes.yaml ``healing.range_weeks``;
5. every 0 to 10 scale names both ends (0 = ..., 10 = ..., or "0 means", or "0 (no pain) to 10 (...)").

Each failure names the text (file and key) and the offending words.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

import pytest

from osteo_lib import load_catalog
from osteo_lib.content.plain_language import HEALING_RANGE, Jargon, PlainLanguage, load_plain_language
from tests.scripts import load_script

readability = load_script("readability.py", "readability_script")
Text = readability.Text

FILLED_FILES = (
    "data/physiology.yaml",
    "data/causes.yaml",
    "data/methods.yaml",
    "data/glossary.yaml",
    "data/timeline.yaml",
    "data/dashboard.yaml",
)
#: Files whose patient texts are collected after loading, with {healing_range} already filled in: their
#: written form is checked in test_student_and_teaching_texts_give_the_one_healing_range (raw YAML).
LOADED_FILLED = ("data/dashboard.yaml",)


@pytest.fixture(scope="module")
def texts() -> list[object]:
    return readability.all_texts()


@pytest.fixture(scope="module")
def rules() -> PlainLanguage:
    return load_plain_language()


def _report(problems: Iterable[str], what: str) -> str:
    return f"{what}:\n" + "\n".join(f"  {p}" for p in problems)


def section_of(text: object) -> str:
    """The part of the page a text is shown with: a data record (methods[heat], terms[nsaid], a dashboard
    group), a data/ui area, or a code table."""
    source, where = text.source, text.where  # type: ignore[attr-defined]
    if source.startswith("data/ui/") or not source.startswith("data/"):
        return source
    head = re.match(r"[^.\[]*(\[[^\]]*\])?", where)
    return f"{source}:{head.group(0) if head else where}"


# --- 1. citations -------------------------------------------------------------------------------------
CITATION = re.compile(r"\bdoi\b|\b10\.\d{4,9}/|\bet al\b", re.IGNORECASE)
AUTHOR_YEAR = re.compile(r"\([A-Z][A-Za-z'-]+(?: (?:and|&) [A-Z][A-Za-z'-]+| et al\.?)?,? (?:19|20)\d\d[a-z]?\)")


def citation_problems(texts: Iterable[object], reference_ids: Iterable[str]) -> list[str]:
    ids = re.compile(r"\b(" + "|".join(re.escape(i) for i in sorted(reference_ids, key=len, reverse=True)) + r")\b")
    problems = []
    for t in texts:
        words = t.text  # type: ignore[attr-defined]
        found = [m.group(0) for p in (CITATION, AUTHOR_YEAR, ids) for m in p.finditer(words)]
        if found:
            problems.append(f"{t.label}: {', '.join(found)}")  # type: ignore[attr-defined]
    return problems


def test_no_citations_in_patient_text(texts: list[object]) -> None:
    problems = citation_problems(texts, load_catalog().references)
    assert not problems, _report(problems, "citation ids or DOIs in patient text (sources go behind the disclosure)")


def test_the_citation_rule_finds_citations() -> None:
    found = citation_problems(
        [
            Text("data/x.yaml", "a", "Heat helps (Smith 2019)."),
            Text("data/x.yaml", "b", "See doi 10.1007/s00198-019-05076-0."),
            Text("data/x.yaml", "c", "Kato et al found less pain."),
            Text("data/x.yaml", "d", "As kato2019 shows."),
            Text("data/x.yaml", "e", "Rest for 10 minutes (about 2019 steps)."),
            Text("data/x.yaml", "f", "It opened (in 2019)."),
        ],
        ["kato2019"],
    )
    assert [p.split(":")[1].strip() for p in found] == ["a", "b", "c", "d"]


# --- 2. jargon ----------------------------------------------------------------------------------------
def _pattern(term: Jargon, form: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(form)}(?![\w-])", 0 if form.isupper() else re.IGNORECASE)


def jargon_problems(texts: Iterable[object], rules: PlainLanguage) -> list[str]:
    by_section: dict[str, list[object]] = defaultdict(list)
    for t in texts:
        by_section[section_of(t)].append(t)
    problems = []
    for term in rules.jargon:
        forms = sorted((term.term, *term.forms), key=len, reverse=True)
        patterns = [_pattern(term, f) for f in forms]
        defined = (
            [re.compile(p.pattern + re.escape(f" ({term.plain})"), p.flags) for p in patterns] if term.plain else []
        )
        own_entry = f"data/glossary.yaml:terms[{term.glossary}]"
        for section, members in by_section.items():
            shown = any(d.search(t.text) for d in defined for t in members)  # type: ignore[attr-defined]
            for t in members:
                words = t.text  # type: ignore[attr-defined]
                for phrase in term.allowed:
                    words = words.replace(phrase, "")
                found = sorted({m.group(0) for p in patterns for m in p.finditer(words)})
                if not found or section == own_entry:
                    continue
                if term.glossary is None:
                    problems.append(f"{t.label}: {', '.join(found)} (not allowed: say it in plain words)")  # type: ignore[attr-defined]
                elif not shown:
                    problems.append(
                        f"{t.label}: {', '.join(found)} (say it plainly, or write it once in this part as "  # type: ignore[attr-defined]
                        f"'{term.term} ({term.plain})')"
                    )
    return problems


def test_no_undefined_jargon_in_patient_text(texts: list[object], rules: PlainLanguage) -> None:
    problems = jargon_problems(texts, rules)
    assert not problems, _report(problems, "jargon without its definition in patient text")


def test_every_defined_jargon_term_is_in_the_glossary(rules: PlainLanguage) -> None:
    glossary = {t.id for t in load_catalog().glossary}
    missing = [
        f"{j.term}: glossary id {j.glossary!r}" for j in rules.jargon if j.glossary and j.glossary not in glossary
    ]
    assert not missing, _report(missing, "data/plain_language.yaml names glossary terms that do not exist")


def test_the_jargon_rule_needs_the_definition_in_the_same_part(rules: PlainLanguage) -> None:
    opioid = next(j for j in rules.jargon if j.term == "opioid")
    bare = Text("data/methods.yaml", "methods[a].patient_summary", "Opioids can make you sleepy.")
    defined = Text("data/methods.yaml", "methods[a].evidence.patient_text", f"Opioids ({opioid.plain}) help.")
    elsewhere = Text("data/methods.yaml", "methods[b].patient_summary", f"Opioids ({opioid.plain}) help.")
    assert jargon_problems([bare], rules) and jargon_problems([bare, elsewhere], rules)
    assert not jargon_problems([bare, defined], rules)
    assert jargon_problems([Text("data/ui/diary.yaml", "x", "Save it as a CSV file.")], rules)
    assert not jargon_problems([Text("data/ui/diary.yaml", "x", "Save it as “CSV UTF-8”.")], rules)
    # terms in capitals match only in capitals: "tens of people" is not TENS
    assert not jargon_problems([Text("data/ui/diary.yaml", "x", "Tens of people use it.")], rules)


# --- 3. keyboard instructions -------------------------------------------------------------------------
def keyboard_problems(texts: Iterable[object], rules: PlainLanguage) -> list[str]:
    patterns = [re.compile(p, re.IGNORECASE) for p in rules.keyboard]
    problems = []
    for t in texts:
        key = f"{t.source.removeprefix('data/ui/').removesuffix('.yaml')}.{t.where}"  # type: ignore[attr-defined]
        if t.source.startswith("data/ui/") and key in rules.keyboard_help:  # type: ignore[attr-defined]
            continue
        found = [m.group(0) for p in patterns for m in p.finditer(t.text)]  # type: ignore[attr-defined]
        if found:
            problems.append(f"{t.label}: {', '.join(found)}")  # type: ignore[attr-defined]
    return problems


def test_no_keyboard_instructions_outside_keyboard_help(texts: list[object], rules: PlainLanguage) -> None:
    problems = keyboard_problems(texts, rules)
    assert not problems, _report(problems, "keyboard wording in patient text (people use touch screens)")


def test_the_keyboard_rule_finds_keyboard_wording(rules: PlainLanguage) -> None:
    for words in ("Click Save.", "Use the arrow keys.", "Press Tab to move on.", "Then press the Enter key."):
        assert keyboard_problems([Text("data/ui/gate.yaml", "x", words)], rules), words
    for words in ("Press Start when you are ready.", "Pain messages enter the cord.", "Choose a tab."):
        assert not keyboard_problems([Text("data/ui/gate.yaml", "x", words)], rules), words
    for key in rules.keyboard_help:
        area, _, name = key.partition(".")
        from osteo_lib.content.ui import ui_texts

        assert name in ui_texts(area), f"keyboard_help names {key}, which does not exist"


# --- 4. one healing range -----------------------------------------------------------------------------
WEEK_RANGE = re.compile(r"\b\d+\s*(?:to|–|-)\s*\d+\s*weeks?\b")
HEALING = re.compile(r"\bheal", re.IGNORECASE)


def healing_problems(texts: Iterable[object]) -> list[str]:
    problems = []
    for t in texts:
        for sentence in re.split(r"(?<=[.!?])\s+", t.text):  # type: ignore[attr-defined]
            found = WEEK_RANGE.findall(sentence)
            if found and HEALING.search(sentence) and t.source not in LOADED_FILLED:  # type: ignore[attr-defined]
                problems.append(f"{t.label}: {', '.join(found)} (write {HEALING_RANGE})")  # type: ignore[attr-defined]
        if HEALING_RANGE in t.text and t.source not in FILLED_FILES:  # type: ignore[attr-defined]
            problems.append(f"{t.label}: {HEALING_RANGE} is only filled in in {', '.join(FILLED_FILES)}")  # type: ignore[attr-defined]
    return problems


def test_healing_range_comes_from_one_field(texts: list[object]) -> None:
    problems = healing_problems(texts)
    assert not problems, _report(problems, "healing ranges written out in patient text")


def test_the_healing_rule_finds_written_ranges() -> None:
    assert healing_problems([Text("data/causes.yaml", "a", "Most breaks heal in 6 to 12 weeks.")])
    assert healing_problems([Text("data/causes.yaml", "a", "It heals in 4–8 weeks.")])
    assert not healing_problems([Text("data/methods.yaml", "a", "See your provider every 1 to 2 weeks.")])
    assert healing_problems([Text("data/ui/dashboard.yaml", "a", f"Most breaks heal in {HEALING_RANGE}.")])
    # the dashboard's texts are collected filled in; their written form must use the placeholder
    assert not healing_problems([Text("data/dashboard.yaml", "a", "Most breaks heal in 6 to 12 weeks.")])
    assert written_range_problems([Text("data/dashboard.yaml", "a", "Most breaks heal in 6 to 12 weeks.")], 6, 12)


def test_the_healing_range_is_filled_in_from_causes_yaml(texts: list[object]) -> None:
    from osteo_lib.content.timeline import load_timeline

    catalog = load_catalog()
    low, high = catalog.healing.range_weeks
    words = catalog.healing.range_words
    assert words is not None and str(low) in words and str(high) in words
    users = [t for t in texts if HEALING_RANGE in t.text]  # type: ignore[attr-defined]
    assert len(users) >= 5, "the patient texts that give the healing range write {healing_range}"
    loaded = [
        catalog.healing.patient_text,
        catalog.term("healing_time").definition,
        *(p.expect_patient for p in load_timeline(catalog).phases),
    ]
    assert words in catalog.healing.patient_text and words in catalog.term("healing_time").definition
    assert any(words in text for text in loaded[2:])
    assert not any(HEALING_RANGE in text for text in loaded)


# --- 5. scales with labelled ends ---------------------------------------------------------------------
SCALE = re.compile(r"\b0\s*(?:to|–|-)\s*10\b")
LOW_END = re.compile(r"\b(?:0\s*(?:=|means\b|\()|zero means\b)", re.IGNORECASE)
HIGH_END = re.compile(r"\b(?:10\s*(?:=|means\b|\()|ten means\b)", re.IGNORECASE)


def scale_problems(texts: Iterable[object]) -> list[str]:
    problems = []
    for t in texts:
        words = t.text  # type: ignore[attr-defined]
        if SCALE.search(words) and not (LOW_END.search(words) and HIGH_END.search(words)):
            problems.append(f"{t.label}: {SCALE.search(words).group(0)} without both ends named")  # type: ignore[union-attr,attr-defined]
    return problems


def test_every_scale_names_both_ends(texts: list[object]) -> None:
    problems = scale_problems(texts)
    assert not problems, _report(problems, "0 to 10 scales without labelled ends (say what 0 and 10 mean)")


def test_the_scale_rule_needs_both_ends() -> None:
    assert scale_problems([Text("data/ui/diary.yaml", "a", "Rate it from 0 to 10.")])
    assert scale_problems([Text("data/ui/diary.yaml", "a", "From 0 to 10, where 0 means no pain.")])
    for words in (
        "From 0 to 10. 0 means no pain. 10 means the worst pain.",
        "From 0 (no pain) to 10 (worst pain).",
        "From 0 to 10 (0 = none, 10 = the most).",
        "A number from 0 to 10. Zero means no pain. Ten means the worst pain.",
    ):
        assert not scale_problems([Text("data/ui/diary.yaml", "a", words)]), words


# --- 4b. one healing range in student texts too ---------------------------------------------------------
def _strings(node: object, where: str = "") -> Iterable[tuple[str, str]]:
    if isinstance(node, str):
        yield where, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, f"{where}.{key}" if where else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, f"{where}[{i}]")


def student_and_teaching_texts() -> list[object]:
    """Every string of the data files as written (student fields, quizzes, instructor notes, ui words) and the
    markdown of the notebooks."""
    import json

    import yaml

    from osteo_lib.content.paths import data_dir

    root = data_dir()
    texts: list[object] = []
    skip = {"references.yaml", "plain_language.yaml"}
    for path in sorted([*root.glob("*.yaml"), *root.glob("quizzes/*.yaml"), *root.glob("ui/*.yaml")]):
        if path.name in skip:
            continue
        source = path.relative_to(root.parent).as_posix()
        texts += [Text(source, where, words) for where, words in _strings(yaml.safe_load(path.read_text("utf-8")))]
    for path in sorted((root.parent / "notebooks").rglob("*.ipynb")):
        cells = json.loads(path.read_text("utf-8"))["cells"]
        source = path.relative_to(root.parent).as_posix()
        texts += [
            Text(source, f"cell {i}", "".join(c["source"]).replace("**", ""))
            for i, c in enumerate(cells)
            if c["cell_type"] == "markdown"
        ]
    return texts


def written_range_problems(texts: Iterable[object], low: int, high: int) -> list[str]:
    """A healing sentence with a range of weeks: in the files the catalog fills in it must be written
    ``{healing_range}``; anywhere else (quizzes, notebooks) it must be the one range of causes.yaml."""
    problems = []
    for t in texts:
        for sentence in re.split(r"(?<=[.!?])\s+", t.text):  # type: ignore[attr-defined]
            if not HEALING.search(sentence):
                continue
            for found in WEEK_RANGE.finditer(sentence):
                numbers = tuple(int(n) for n in re.findall(r"\d+", found.group(0)))
                if t.source in FILLED_FILES:  # type: ignore[attr-defined]
                    problems.append(f"{t.label}: {found.group(0)} (write {HEALING_RANGE})")  # type: ignore[attr-defined]
                elif numbers != (low, high):
                    problems.append(f"{t.label}: {found.group(0)} (the healing range is {low} to {high} weeks)")  # type: ignore[attr-defined]
    return problems


def test_student_and_teaching_texts_give_the_one_healing_range() -> None:
    low, high = load_catalog().healing.range_weeks
    texts = student_and_teaching_texts()
    assert len(texts) > 1000, "the collector reads the data files and the notebooks"
    problems = written_range_problems(texts, low, high)
    assert not problems, _report(problems, "healing ranges that do not come from causes.yaml healing.range_weeks")


def test_the_student_healing_rule_finds_other_ranges() -> None:
    filled = Text("data/causes.yaml", "healing.student_text", "Most fractures heal in 6 to 12 weeks.")
    other = Text("notebooks/01.ipynb", "cell 3", "Most fractures heal in 6 to 26 weeks. Rest 1 to 2 weeks.")
    same = Text("notebooks/01.ipynb", "cell 4", "Most fractures heal in about 6 to 12 weeks, by 3 months.")
    assert written_range_problems([filled], 6, 12)
    found = written_range_problems([other], 6, 12)
    assert len(found) == 1 and found[0].endswith("6 to 26 weeks (the healing range is 6 to 12 weeks)")
    assert not written_range_problems([same], 6, 12)
    assert written_range_problems([same], 6, 16)


def test_the_issue_14_words_are_on_the_jargon_list(rules: PlainLanguage) -> None:
    listed = {f.lower() for j in rules.jargon for f in (j.term, *j.forms)}
    named = ["pain gate", "PEG", "TENS", "qigong", "inflammation", "mind-body", "CSV", "session"]
    named += ["treatment explorer", "interesting", "general activity", "enjoyment of life"]
    assert not [n for n in named if n.lower() not in listed]
    assert jargon_problems([Text("data/ui/treatments.yaml", "mark", "Mark Heat as interesting")], rules)
    assert jargon_problems([Text("data/ui/diary.yaml", "x", "Enjoyment of life")], rules)
