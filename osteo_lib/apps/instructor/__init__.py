"""The instructor workshop kit: session plans, learning objectives, discussion prompts, answer keys,
misconceptions and how to run the room, for ``notebooks/instructor/workshop_guide.ipynb``.

Where things come from (nothing is copied into the guide):

* ``data/instructor.yaml`` (schema ``instructor.schema.json``): the session plans, which notebook
  objectives to secure in the room, discussion prompts keyed by the cell id of each "Try this" task,
  misconceptions with corrections and sources, and how to run the room;
* ``data/quizzes/*.yaml`` through :mod:`osteo_lib.care.quiz`: the answer keys, rendered at run time;
* the teaching notebooks themselves: each "Try this" task's question and each notebook's learning
  objectives are read from the ``.ipynb`` files when the guide runs, so the guide always matches them.

Like :mod:`osteo_lib.apps.lesson`, every part comes as a pure builder ``<name>_html(...) -> Markup`` and a
display wrapper that adds the workbook stylesheet. The data functions (:func:`load_guide`,
:func:`try_this_tasks`, :func:`answer_key`, :func:`check_notebooks` ...) return typed records.

The package is split along its seams: :mod:`osteo_lib.content.guide` (the YAML records, loading and
checks; the content layer, re-exported here), :mod:`.notebooks` (reading the teaching notebooks with
nbformat), :mod:`.keys` (answer keys), :mod:`.pages` (HTML builders from the templates in
``views/templates/instructor/``, and display wrappers) and :mod:`.text` (the fixed labels,
``data/ui/instructor.yaml``). Everything public is importable from ``osteo_lib.apps.instructor`` itself.

Usage in the guide::

    from osteo_lib.apps import instructor
    instructor.session_plan("short")      # the 90-minute plan as a table
    instructor.answer_keys()              # every bank's answers and explanations
    instructor.model_answers()            # a model answer for every Try this question
"""

from __future__ import annotations

from osteo_lib.apps.instructor.keys import AnswerKey, AnswerLine, answer_key, answer_keys_for, ordered_banks
from osteo_lib.apps.instructor.notebooks import (
    TryThis,
    check_notebooks,
    notebook_objectives,
    notebooks_dir,
    read_notebook,
    try_this_tasks,
)
from osteo_lib.apps.instructor.pages import (
    answer_keys,
    answer_keys_html,
    bullet,
    check_html,
    discussion_prompts,
    discussion_prompts_html,
    inline_html,
    learning_objectives,
    learning_objectives_html,
    misconceptions,
    misconceptions_html,
    model_answers,
    model_answers_html,
    run_the_room,
    run_the_room_html,
    session_plan,
    session_plan_html,
)
from osteo_lib.apps.instructor.text import INSTRUCTOR_TEXT, instructor_text
from osteo_lib.content.guide import (
    FEEDBACK_KINDS,
    GUIDE_FILE,
    Discussion,
    Guide,
    Misconception,
    NotebookFocus,
    Plan,
    RoomPart,
    Section,
    SectionKind,
    clear_cache,
    guide_path,
    load_guide,
    task_key,
)

__all__ = [
    "FEEDBACK_KINDS",
    "GUIDE_FILE",
    "INSTRUCTOR_TEXT",
    "AnswerKey",
    "AnswerLine",
    "Discussion",
    "Guide",
    "Misconception",
    "NotebookFocus",
    "Plan",
    "RoomPart",
    "Section",
    "SectionKind",
    "TryThis",
    "answer_key",
    "answer_keys",
    "answer_keys_for",
    "answer_keys_html",
    "bullet",
    "check_html",
    "check_notebooks",
    "clear_cache",
    "discussion_prompts",
    "discussion_prompts_html",
    "guide_path",
    "inline_html",
    "instructor_text",
    "learning_objectives",
    "learning_objectives_html",
    "load_guide",
    "misconceptions",
    "misconceptions_html",
    "model_answers",
    "model_answers_html",
    "notebook_objectives",
    "notebooks_dir",
    "ordered_banks",
    "read_notebook",
    "run_the_room",
    "run_the_room_html",
    "session_plan",
    "session_plan_html",
    "task_key",
    "try_this_tasks",
]
