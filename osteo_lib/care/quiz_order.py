"""The order a student sees a question's answer choices in (pure logic: no widgets, no files).

In the question banks (``data/quizzes/*.yaml``) the choices have one fixed order. Shown in that order
the position of an option would be the same for every student and every attempt, so the knowledge
checks show each student the choices in an order of their own: :func:`choice_order` derives it from
a *student seed* and the item id (and the bowtie part), so it is

* **stable**: the same student sees the same order after a reload or a kernel restart (nothing random,
  nothing stored: no file is written);
* **different between students**: another seed gives another order for most items;
* **a permutation** of the item's choices: nothing is added or dropped, and scoring is unchanged
  because answers are scored by choice id (:func:`osteo_lib.care.quiz.score`), never by position.

The order comes from SHA-256 (``hashlib``), not from Python's ``hash()``, whose value for a string
changes at every interpreter start (hash randomisation). Each choice gets the digest of
``seed / item id / part / choice id`` and the choices are sorted by digest, which gives every order
the same chance and does not depend on the Python version.

What is shuffled: the choices of single-answer and select-all items, the choices of each bowtie
part (condition, actions, parameters), the options of each cloze drop-down, the tokens of a drag_drop
item (:func:`token_order`) and the steps of an ordering item (never in the order of the answer), except
items marked ``keep_order: true`` in the bank, whose
choices are an ordered scale (numbers, times, the steps of a path: "About 1 week ... About 3 years"),
which every student sees in that order, and highlight items, whose choices are the parts of a text
in reading order. Matrix items keep their data order: their columns are the
headers of a grid, often an ordered scale ("indicated / not indicated"), and every row is answered on
its own, so a position gives nothing away.

The student seed (:func:`student_seed`): the JupyterHub user name (``JUPYTERHUB_USER``) when the
notebooks run on a hub, else the operating-system user name (``getpass.getuser()``, which reads
``LOGNAME``, ``USER``, ``LNAME`` or ``USERNAME`` and then the password database). On Binder and other
single-user images where everyone is the same user (``jovyan``) every student therefore gets the same
shuffled order, which still does not follow the data order. Instructor answer keys
(:mod:`osteo_lib.apps.instructor`) list the right answers by text in the data order, never by position.

Example::

    from osteo_lib.care.quiz_order import choice_order, student_seed
    from osteo_lib.content.quiz import load_bank
    item = load_bank("widget_demo").item("demo_healing_time")
    choice_order(item, student_seed())     # e.g. ('c', 'a', 'd', 'b')
"""

from __future__ import annotations

import getpass
import hashlib
import os
from collections.abc import Mapping, Sequence

from osteo_lib.content.quiz import BOWTIE_PARTS, BowtiePartName, Choice, Item

__all__ = [
    "SEED_VARIABLE",
    "bowtie_order",
    "choice_order",
    "cloze_order",
    "ordered",
    "shown_choices",
    "student_seed",
    "token_order",
]

#: The environment variable JupyterHub sets to the name of the user whose server runs the kernel.
SEED_VARIABLE = "JUPYTERHUB_USER"


def student_seed(environ: Mapping[str, str] | None = None) -> str:
    """The seed of the student running this kernel: ``JUPYTERHUB_USER`` if set, else the OS user name.

    ``environ`` (where ``JUPYTERHUB_USER`` is looked up) defaults to ``os.environ``. Returns ``""`` when no user name
    can be found (a container without a password entry); the order is then the same for everyone but
    still shuffled.
    """
    env = os.environ if environ is None else environ
    hub_user = env.get(SEED_VARIABLE, "").strip()
    if hub_user:
        return hub_user
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment and no password entry
        return ""


def _rank(seed: str, item_id: str, part: str, choice_id: str) -> bytes:
    key = "\x1f".join((seed, item_id, part, choice_id))
    return hashlib.sha256(key.encode("utf-8")).digest()


def ordered(choices: Sequence[Choice], seed: str, item_id: str, part: str = "choices") -> tuple[Choice, ...]:
    """``choices`` in the display order for ``seed`` (a permutation, the same for the same arguments)."""
    return tuple(sorted(choices, key=lambda c: _rank(seed, item_id, part, c.id)))


def shown_choices(item: Item, seed: str) -> tuple[Choice, ...]:
    """A single-answer or select-all item's choices in the order ``seed``'s student sees them (data order
    for an item marked ``keep_order``)."""
    return item.choices if item.keep_order or item.type == "highlight" else ordered(item.choices, seed, item.id)


def choice_order(item: Item, seed: str) -> tuple[str, ...]:
    """The choice ids of a single-answer or select-all item in the order ``seed``'s student sees them.

    Items marked ``keep_order`` (their choices are an ordered scale: numbers, times, the steps of a path)
    and matrix items (their column ids) return data order, not shuffled (see the module docstring).
    Bowtie items have one order per part: use :func:`bowtie_order`.
    """
    if item.type in ("single", "multiple", "select_n", "highlight", "ordering"):
        return tuple(c.id for c in shown_choices(item, seed))
    if item.type in ("matrix", "matrix_multiple"):
        return tuple(c.id for c in item.columns)
    raise ValueError(
        f"item {item.id!r} is a {item.type}: its choices are ordered per part (bowtie_order, cloze_order, token_order)"
    )


def token_order(item: Item, seed: str) -> tuple[str, ...]:
    """For a drag_drop item: its token ids in the order ``seed``'s student sees them in the pool."""
    if item.type != "drag_drop":
        raise ValueError(f"item {item.id!r} is a {item.type} item, not a drag_drop")
    return tuple(c.id for c in ordered(item.tokens, seed, item.id, "tokens"))


def bowtie_order(item: Item, seed: str) -> dict[BowtiePartName, tuple[str, ...]]:
    """For a bowtie item: each part's choice ids in the order ``seed``'s student sees them."""
    if item.bowtie is None:
        raise ValueError(f"item {item.id!r} is a {item.type} item, not a bowtie")
    return {
        name: tuple(c.id for c in ordered(item.bowtie.part(name).choices, seed, item.id, name)) for name in BOWTIE_PARTS
    }


def cloze_order(item: Item, seed: str) -> dict[str, tuple[str, ...]]:
    """For a cloze item: each drop-down's choice ids in the order ``seed``'s student sees them (data order
    for an item marked ``keep_order``)."""
    if item.type != "cloze":
        raise ValueError(f"item {item.id!r} is a {item.type} item, not a cloze")
    return {
        b.id: tuple(c.id for c in (b.choices if item.keep_order else ordered(b.choices, seed, item.id, b.id)))
        for b in item.blanks
    }
