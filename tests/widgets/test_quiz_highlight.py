"""The highlight item in the knowledge check: the note's parts flow as text, a checkbox each, in reading
order; ticking marks a part; Check answer scores +/- (real ipywidgets)."""

from __future__ import annotations

import ipywidgets as w

from osteo_lib.content.catalog import Catalog
from osteo_lib.content.quiz import load_bank
from osteo_lib.content.ui import ui_texts
from osteo_lib.views.widgets.quiz import KnowledgeCheck
from tests.markup import text

TEXT = ui_texts("quiz")


def test_a_learner_highlights_parts_of_the_note(catalog: Catalog) -> None:
    bank = load_bank("medications", catalog)
    check = KnowledgeCheck(bank, catalog, seed="ben")
    check.index = [i.id for i in bank.items].index("med_21")
    item = check.current_item
    controls = check.controls
    notes = [c for c in controls.box.children if "ow-quiz-highlight-note" in c._dom_classes]
    assert len(notes) == 1
    parts = notes[0].children
    assert all(isinstance(p, w.Checkbox) and "ow-quiz-highlight-part" in p._dom_classes for p in parts)
    assert [p.description for p in parts] == [c.text for c in item.choices]  # reading order, named by its text
    assert TEXT["hint_highlight"] in controls.hint.value and TEXT["scoring_highlight"] in text(check.question.value)
    check.check_button.click()
    assert TEXT["need_highlight"] in text(check.feedback.value)
    boxes = controls.checks["choices"]
    for cid in ("drifts", "breathing", "pain"):  # two right, one that needs no follow-up
        boxes[cid].value = True
    check.check_button.click()
    assert (check.score, check.results["med_21"].max_points) == (1, 3)  # +2 -1
    feedback = text(check.feedback.value)
    assert TEXT["partial"] in feedback and TEXT["point_minus"] in feedback
    assert TEXT.format("missed", choice=item.choice("bowels").text) in feedback
    check.retry_button.click()
    assert not any(b.value for b in check.controls.checks["choices"].values())
    for cid in ("drifts", "breathing", "bowels"):
        check.controls.checks["choices"][cid].value = True
    check.check_button.click()
    assert check.score == 3 and TEXT["right"] in text(check.feedback.value)
