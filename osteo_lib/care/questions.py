"""The questions a person takes to their provider: the list of the provider summary, one per line.

>>> merge_questions("What is causing my pain?", ["What is causing my pain?", "Is heat safe?"])
'What is causing my pain?\\nIs heat safe?'
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["count_questions", "merge_questions", "remove_question"]


def _key(question: str) -> str:
    return " ".join(question.split()).casefold()


def merge_questions(existing: str, new: Iterable[str]) -> str:
    """The questions text of the provider summary (one question per line) with ``new`` questions added
    at the end, leaving out any already there (compared without case and extra spaces)."""
    lines = [line.rstrip() for line in existing.splitlines()]
    while lines and not lines[-1].strip():
        lines.pop()
    seen = {_key(line) for line in lines if line.strip()}
    for question in new:
        key = _key(question)
        if key and key not in seen:
            seen.add(key)
            lines.append(" ".join(question.split()))
    return "\n".join(lines)


def remove_question(existing: str, question: str) -> str:
    """The questions text without the lines that are ``question`` (compared without case and extra
    spaces); every other line is kept as it is."""
    key = _key(question)
    return "\n".join(line for line in existing.splitlines() if _key(line) != key)


def count_questions(text: str) -> int:
    """How many questions (non-blank lines) ``text`` holds."""
    return len([line for line in text.splitlines() if line.strip()])
