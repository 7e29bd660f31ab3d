"""The question banks are aligned with the notebooks' learning objectives, the NCSBN clinical judgment
steps and Bloom's levels, and their wrong options are fair (issue 16).

* Every notebook's learning objectives have stable ids in data/notebooks.yaml, with the same text, in
  the same order, as the notebook's '## Learning objectives' list.
* Every item of the shipped banks names the objective it assesses, its clinical judgment step and its
  Bloom level; a notebook's bank assesses only that notebook's objectives, and every objective of every
  notebook with a bank has at least one item in it.
* Every notebook bank assesses all six clinical judgment steps; at least 60 % of the items ask for
  apply or higher.
* A "prioritize hypotheses" bowtie does not give its answer away: the words that set the right
  condition apart from the wrong ones are not in the stem.
* Wrong options are plausible: none of the giveaway distractors of the issue is left, few wrong
  options contain an absolute word ("always", "never", "only" ...), the cue test-wise students use,
  and the right actions and parameters of a bowtie are not simply its longest options.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from osteo_lib.apps.instructor.notebooks import notebook_objectives
from osteo_lib.care.quiz_balance import key_stats
from osteo_lib.content.catalog import Catalog
from osteo_lib.content.notebooks import NotebookInfo, load_notebooks
from osteo_lib.content.quiz import BLOOM_LEVELS, JUDGMENT_STEPS, Bank, Item, load_bank, load_banks
from osteo_lib.errors import DataError
from tests.scripts import load_script

item_stats = load_script("item_stats.py", "item_stats_script")

MIN_SHARE_APPLY_OR_HIGHER = 0.60
#: At most this many wrong options (of about 330) may contain an absolute word.
MAX_WRONG_OPTIONS_WITH_ABSOLUTES = 10
#: Bowtie actions and parameters: the right options may all be longer than every wrong one in at most
#: this share of the bowties (the length of an option must not give it away).
MAX_SHARE_BOWTIE_RIGHT_LONGEST = 0.40
#: Distractors no novice would choose, found by the review in issue 16 (and ones like them).
IMPLAUSIBLE = re.compile(
    r"blood type|season|right- or left-handed|handed|colou?r and shape|reading glasses|hair thinning|"
    r"\bhearing\b|visual acuity",
    re.IGNORECASE,
)
#: Words too common in conditions to give one away.
COMMON = {"with", "from", "that", "this", "pain", "their", "there", "after", "which"}


@pytest.fixture(scope="module")
def notebooks(catalog: Catalog) -> dict[str, NotebookInfo]:
    return {n.file: n for n in load_notebooks(Path(catalog.source))}


@pytest.fixture(scope="module")
def banks(catalog: Catalog) -> dict[str, Bank]:
    return load_banks(catalog)


@pytest.fixture(scope="module")
def notebook_banks(banks: dict[str, Bank]) -> dict[str, Bank]:
    """The banks of the teaching notebooks, by notebook file."""
    return {b.notebook: b for b in banks.values() if b.notebook is not None}


def all_items(banks: dict[str, Bank]) -> list[Item]:
    return [i for b in banks.values() for i in b.items]


# --- objectives ------------------------------------------------------------------------------------------
def test_objectives_in_data_are_the_ones_each_notebook_states(notebooks: dict[str, NotebookInfo]) -> None:
    for info in notebooks.values():
        assert [o.text for o in info.objectives] == list(notebook_objectives(info.file)), info.file


def test_the_loader_reads_the_tags_and_rejects_an_unknown_objective(catalog: Catalog, tmp_path: Path) -> None:
    shutil.copy(Path(catalog.source) / "notebooks.yaml", tmp_path / "notebooks.yaml")
    (tmp_path / "quizzes").mkdir()
    cat = dataclasses.replace(catalog, source=tmp_path)
    item = {
        "id": "t_s",
        "type": "single",
        "objective": "phys_gate",
        "clinical_judgment_step": "analyze_cues",
        "bloom": "understand",
        "stem": "S?",
        "explanation": "E.",
        "references": ["melzack1965"],
        "choices": [{"id": "a", "text": "A", "correct": True}, {"id": "b", "text": "B"}],
    }

    def write(bank: str, **changes: str) -> None:
        doc = {"schema_version": 1, "bank": bank, "title": "T", "items": [{**item, **changes, "id": f"{bank}_s"}]}
        (tmp_path / "quizzes" / f"{bank}.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")

    write("good")
    loaded = load_bank("good", cat).items[0]
    assert (loaded.objective, loaded.clinical_judgment_step, loaded.bloom) == (
        "phys_gate",
        "analyze_cues",
        "understand",
    )
    write("bad", objective="phys_gait")
    with pytest.raises(DataError, match="unknown learning objective 'phys_gait'") as info:
        load_bank("bad", cat)
    assert (info.value.record, info.value.field) == ("bad_s", "objective")
    write("worse", bloom="memorize")
    with pytest.raises(DataError, match="bloom"):
        load_bank("worse", cat)


def test_objective_ids_are_unique_across_notebooks(notebooks: dict[str, NotebookInfo]) -> None:
    ids = [o.id for n in notebooks.values() for o in n.objectives]
    assert len(ids) == len(set(ids)) and len(ids) >= 6 * len(notebooks)


def test_every_item_is_tagged(banks: dict[str, Bank]) -> None:
    untagged = [
        i.id for i in all_items(banks) if i.objective is None or i.clinical_judgment_step is None or i.bloom is None
    ]
    assert not untagged, f"items without objective, clinical_judgment_step or bloom: {untagged}"


def test_a_notebook_bank_assesses_its_own_notebook_objectives(
    notebooks: dict[str, NotebookInfo], notebook_banks: dict[str, Bank]
) -> None:
    for file, bank in notebook_banks.items():
        own = {o.id for o in notebooks[file].objectives}
        foreign = [(i.id, i.objective) for i in bank.items if i.objective not in own]
        assert not foreign, f"{bank.id} has items for other notebooks' objectives: {foreign}"


def test_every_objective_has_an_item(notebooks: dict[str, NotebookInfo], notebook_banks: dict[str, Bank]) -> None:
    for file, bank in notebook_banks.items():
        assessed = {i.objective for i in bank.items}
        missing = [o.id for o in notebooks[file].objectives if o.id not in assessed]
        assert not missing, f"{file}: objectives without an item in bank {bank.id}: {missing}"


def test_every_teaching_notebook_has_a_bank(
    notebooks: dict[str, NotebookInfo], notebook_banks: dict[str, Bank]
) -> None:
    assert set(notebook_banks) == set(notebooks)


def test_start_here_bank_tests_what_notebook_00_teaches(
    notebooks: dict[str, NotebookInfo], notebook_banks: dict[str, Bank]
) -> None:
    """Notebook 00 is an orientation: its bank asks about using the workbook, not only about
    osteoporosis (the osteoporosis items assess its one objective on the workbook's three ideas)."""
    bank = notebook_banks["00_start_here"]
    counts = Counter(i.objective for i in bank.items)
    about_the_workbook = [o.id for o in notebooks["00_start_here"].objectives if o.id != "start_basics"]
    assert all(counts[o] >= 1 for o in about_the_workbook), counts
    assert counts["start_basics"] <= len(bank.items) / 2, counts


# --- clinical judgment steps and Bloom levels ------------------------------------------------------------
def test_every_notebook_bank_assesses_all_six_judgment_steps(notebook_banks: dict[str, Bank]) -> None:
    for file, bank in notebook_banks.items():
        steps = {i.clinical_judgment_step for i in bank.items}
        missing = [s for s in JUDGMENT_STEPS if s not in steps]
        assert not missing, f"{file}: no item for {missing}"


def test_most_items_ask_for_apply_or_higher(banks: dict[str, Bank], notebook_banks: dict[str, Bank]) -> None:
    for label, items in (("all banks", all_items(banks)), ("notebook banks", all_items(notebook_banks))):
        high, total = item_stats.apply_or_higher(items)
        assert high / total >= MIN_SHARE_APPLY_OR_HIGHER, f"{label}: {high}/{total} apply or higher"


def test_the_counting_helpers() -> None:
    assert {"apply", "analyze", "evaluate", "create"} == item_stats.APPLY_OR_HIGHER
    assert set(BLOOM_LEVELS) - item_stats.APPLY_OR_HIGHER == {"remember", "understand"}
    assert item_stats.ABSOLUTES.search("It is always safe") and item_stats.ABSOLUTES.search("Only at night")
    assert not item_stats.ABSOLUTES.search("Usually safe at night; walk daily")


# --- answers not given away ------------------------------------------------------------------------------
def _words(text: str) -> set[str]:
    """Content words, cut to 6 letters so "osteoporosis" and "osteoporotic" match."""
    return {w[:6] for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= 4 and w not in COMMON}


def giveaway_words(item: Item) -> set[str]:
    """Words of a bowtie's stem that only the right condition shares (not any wrong condition)."""
    assert item.bowtie is not None, item.id
    part = item.bowtie.condition
    right = next(c.text for c in part.choices if c.id in part.answers)
    wrong = [c.text for c in part.choices if c.id not in part.answers]
    distinctive = _words(right) - set().union(*(_words(w) for w in wrong))
    return distinctive & _words(item.stem)


def test_prioritize_hypotheses_stems_do_not_name_the_answer(banks: dict[str, Bank]) -> None:
    items = [i for i in all_items(banks) if i.clinical_judgment_step == "prioritize_hypotheses" and i.bowtie]
    assert len(items) >= 8
    given = {i.id: sorted(giveaway_words(i)) for i in items if giveaway_words(i)}
    assert not given, f"the stem names what sets the right condition apart: {given}"


def test_the_giveaway_check_catches_a_stem_that_names_the_diagnosis(banks: dict[str, Bank]) -> None:
    case = next(i for i in all_items(banks) if i.id == "case_10")
    assert case.bowtie is not None
    right = next(c.text for c in case.bowtie.condition.choices if c.id in case.bowtie.condition.answers)
    named = Item(**{**{f: getattr(case, f) for f in Item.__slots__}, "stem": case.stem + " " + right})  # type: ignore[arg-type]
    assert giveaway_words(named)


# --- fair wrong options ----------------------------------------------------------------------------------
def test_no_implausible_distractors(banks: dict[str, Bank]) -> None:
    found = [(i.id, t) for i in all_items(banks) for t in item_stats.wrong_options(i) if IMPLAUSIBLE.search(t)]
    assert not found, found


@pytest.mark.parametrize("kind", ["bowtie actions", "bowtie parameters"])
def test_bowtie_answers_are_not_picked_out_by_length(banks: dict[str, Bank], kind: str) -> None:
    s = key_stats(all_items(banks))[kind]
    assert s.right_longest / s.groups <= MAX_SHARE_BOWTIE_RIGHT_LONGEST, f"{kind}: {s.right_longest}/{s.groups}"


def test_few_wrong_options_use_absolute_words(banks: dict[str, Bank]) -> None:
    found = item_stats.absolutes(all_items(banks))
    assert len(found) <= MAX_WRONG_OPTIONS_WITH_ABSOLUTES, "\n".join(f"{i}: {t}" for i, t in found)


def test_a_duplicate_objective_id_names_both_notebooks(catalog: Catalog, tmp_path: Path) -> None:
    doc = yaml.safe_load((Path(catalog.source) / "notebooks.yaml").read_text(encoding="utf-8"))
    doc["notebooks"][1]["objectives"][0]["id"] = doc["notebooks"][0]["objectives"][0]["id"]
    (tmp_path / "notebooks.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    with pytest.raises(DataError, match="already used by 00_start_here") as info:
        load_notebooks(tmp_path)
    assert (info.value.record, info.value.field) == (doc["notebooks"][1]["file"], "objectives")
