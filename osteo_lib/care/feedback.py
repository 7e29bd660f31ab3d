"""End-of-session feedback: three questions, a small file the student downloads, and the instructor's
summary of many such files. Pure functions, no widgets (the widgets are in
:mod:`osteo_lib.views.widgets.feedback`).

The three questions:

1. "How useful was today?" - a whole number from 1 to 5;
2. "What was most helpful?" - one teaching section of the session plan (its id);
3. "One thing to improve" - optional short text, one line, at most :data:`MAX_TEXT` characters.

A student's answers travel as a file the student downloads (nothing is written on the server):

JSON (``feedback-<plan>.json``)::

    {"format": "osteo-workbook-feedback", "version": 1, "plan": "short", "useful": 4,
     "most_helpful": "safe_choices", "improve": "More time for the case"}

CSV (``feedback-<plan>.csv``): a header row with the same six fields in that order, then one row.

:func:`gather` reads many uploaded files: each file is accepted or rejected on its own, and every
rejection names the file and the problem (not JSON or CSV, too big, a rating out of range, a section
that is not in the session, text that a spreadsheet could run as a formula ...). :func:`summarize`
counts the accepted answers (the charts and tables that show them are in
:mod:`osteo_lib.views.widgets.feedback`). The words are in ``data/ui/feedback.yaml``.

Example::

    from osteo_lib.care.feedback import Upload, gather, make_answer, summarize, to_json
    sections = {"gate": "The gate idea", "diary": "The pain diary"}
    answer = make_answer("short", 4, "gate", "More breaks", sections)
    result = gather([Upload("anna.json", to_json(answer).encode())], "short", sections)
    summarize([a for _, a in result.accepted], "short", sections).count    # 1
"""

from __future__ import annotations

import base64
import csv
import io
import json
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from osteo_lib.content.ui import UiTexts, ui_texts

__all__ = ["CSV_MIME", "FIELDS", "FORMAT", "FORMULA_START", "JSON_MIME", "MAX_BYTES", "MAX_FILES", "MAX_NAME"]
__all__ += ["MAX_TEXT", "RATINGS", "TEXT", "VERSION", "FeedbackAnswer", "FeedbackFileError", "Gathered"]
__all__ += ["InvalidAnswer", "Rejection", "Summary", "Upload", "data_uri", "file_name", "gather"]
__all__ += ["has_control_chars", "helpful_bars", "make_answer", "parse_file", "short_name", "summarize"]
__all__ += ["text_problem", "to_csv", "to_json", "useful_bars"]

FORMAT: Final = "osteo-workbook-feedback"
VERSION: Final = 1
FIELDS: Final = ("format", "version", "plan", "useful", "most_helpful", "improve")
RATINGS: Final = (1, 2, 3, 4, 5)
MAX_TEXT: Final = 300  # characters in "one thing to improve"
MAX_BYTES: Final = 4_000  # an answer file is about 200 bytes; anything much bigger is not one
MAX_FILES: Final = 500  # files read in one summary
MAX_NAME: Final = 80  # characters of a file name shown in a message
FORMULA_START: Final = ("=", "+", "-", "@")
JSON_MIME: Final = "application/json"
CSV_MIME: Final = "text/csv"

#: Every fixed string of the feedback form and summary (``data/ui/feedback.yaml``).
TEXT: UiTexts = ui_texts("feedback")


# --- records ------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class FeedbackAnswer:
    """One student's answers. Invalid values raise ValueError (use :func:`make_answer` for messages)."""

    plan: str
    useful: int
    most_helpful: str
    improve: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.useful, bool) or not isinstance(self.useful, int) or self.useful not in RATINGS:
            raise ValueError(f"useful must be a whole number 1-5, not {self.useful!r}")
        for name in ("plan", "most_helpful", "improve"):
            if not isinstance(getattr(self, name), str):
                raise ValueError(f"{name} must be text")
        if text_problem(self.improve):
            raise ValueError(f"improve: {text_problem(self.improve)}")


class InvalidAnswer(ValueError):
    """The form's answers have problems; ``problems`` lists them in plain words."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))


class FeedbackFileError(ValueError):
    """An uploaded file was rejected; the message names the file and the problem."""

    def __init__(self, name: str, problem: str) -> None:
        self.name = name
        self.problem = problem
        super().__init__(TEXT["rejected_line"].format(name=name, problem=problem))


@dataclass(frozen=True, slots=True)
class Upload:
    """One uploaded file: its name, its bytes, the size the browser reported (if any), and whether the browser
    could read it (``unreadable``: no bytes came, so nothing can be said about what the file holds)."""

    name: str
    data: bytes
    size: int | None = None
    unreadable: bool = False


@dataclass(frozen=True, slots=True)
class Rejection:
    """A file left out of the summary, and why."""

    name: str
    problem: str

    @property
    def message(self) -> str:
        return TEXT["rejected_line"].format(name=self.name, problem=self.problem)


@dataclass(frozen=True, slots=True)
class Gathered:
    """What :func:`gather` made of a set of files: accepted answers by file name, and rejections."""

    accepted: tuple[tuple[str, FeedbackAnswer], ...]
    rejected: tuple[Rejection, ...]

    @property
    def answers(self) -> tuple[FeedbackAnswer, ...]:
        return tuple(a for _, a in self.accepted)


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts over the accepted answers. ``useful`` holds (rating, count) for ratings 1-5;
    ``helpful`` holds (section id, section title, count) in plan order."""

    plan: str
    count: int
    useful: tuple[tuple[int, int], ...]
    helpful: tuple[tuple[str, str, int], ...]
    improvements: tuple[str, ...]

    @property
    def mean_useful(self) -> float | None:
        if not self.count:
            return None
        return sum(r * n for r, n in self.useful) / self.count


# --- checks -------------------------------------------------------------------------------------------
def has_control_chars(text: str) -> bool:
    """True when ``text`` holds a control character (tab, line break, NUL ...) or a line separator."""
    return any(unicodedata.category(ch) in {"Cc", "Zl", "Zp"} for ch in text)


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be the "one thing to improve" answer, or None when it is fine."""
    if has_control_chars(text):
        return TEXT["control"]
    stripped = text.strip()
    if stripped.startswith(FORMULA_START):
        return TEXT["formula"].format(char=stripped[0])
    if len(stripped) > MAX_TEXT:
        return TEXT["too_long"].format(length=len(stripped), limit=MAX_TEXT)
    return None


def make_answer(
    plan: str, useful: int | None, most_helpful: str | None, improve: str, sections: Mapping[str, str]
) -> FeedbackAnswer:
    """The form's answers as a :class:`FeedbackAnswer`; raises :class:`InvalidAnswer` listing every problem.

    ``sections`` maps the plan's teaching section ids to their titles (the "most helpful" choices).
    """
    problems: list[str] = []
    if useful is None:
        problems.append(TEXT["need_useful"])
    elif isinstance(useful, bool) or not isinstance(useful, int) or useful not in RATINGS:
        problems.append(TEXT["useful_range"].format(value=useful))
    if not most_helpful:
        problems.append(TEXT["need_helpful"])
    elif most_helpful not in sections:
        problems.append(TEXT["unknown_section"].format(value=most_helpful))
    text = improve.strip()
    problem = text_problem(improve)
    if problem:
        problems.append(problem)
    if problems:
        raise InvalidAnswer(problems)
    assert isinstance(useful, int)
    assert most_helpful
    return FeedbackAnswer(plan, useful, most_helpful, text)


# --- writing ------------------------------------------------------------------------------------------
def _record(answer: FeedbackAnswer) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "plan": answer.plan,
        "useful": answer.useful,
        "most_helpful": answer.most_helpful,
        "improve": answer.improve,
    }


def to_json(answer: FeedbackAnswer) -> str:
    """The answer as a small JSON document (UTF-8 text, fields in :data:`FIELDS` order)."""
    return json.dumps(_record(answer), ensure_ascii=False, indent=1) + "\n"


def to_csv(answer: FeedbackAnswer) -> str:
    """The answer as CSV: the header row (:data:`FIELDS`) and one row, CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIELDS)
    record = _record(answer)
    writer.writerow([record[f] for f in FIELDS])
    return out.getvalue()


def file_name(answer: FeedbackAnswer, kind: str) -> str:
    """``feedback-<plan>.json`` or ``feedback-<plan>.csv``."""
    return f"feedback-{answer.plan}.{kind}"


def data_uri(text: str, mime: str) -> str:
    """A ``data:`` address carrying ``text`` (UTF-8, base64), for a download link with no server file."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f"data:{mime};charset=utf-8;base64,{payload}"


# --- reading ------------------------------------------------------------------------------------------
def short_name(name: str) -> str:
    """A file name fit for a message: one line, at most :data:`MAX_NAME` characters."""
    clean = "".join(ch if unicodedata.category(ch)[0] != "C" else "?" for ch in str(name)).strip() or "(no name)"
    return clean if len(clean) <= MAX_NAME else clean[: MAX_NAME - 1] + "\u2026"


def _values_from_json(text: str) -> dict[str, Any]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(TEXT["bad_json"].format(line=exc.lineno, problem=exc.msg)) from None
    if not isinstance(doc, dict):
        raise ValueError(TEXT["not_object"])
    return doc


def _values_from_csv(text: str) -> dict[str, Any]:
    try:
        rows = [r for r in csv.reader(io.StringIO(text, newline=""), strict=True) if any(c.strip() for c in r)]
    except csv.Error as exc:
        raise ValueError(TEXT["bad_csv"].format(problem=exc)) from None
    if not rows:
        raise ValueError(TEXT["empty"])
    header = [c.strip() for c in rows[0]]
    if header[:1] != ["format"] or len(header) != len(set(header)):
        raise ValueError(TEXT["header"].format(fields=",".join(FIELDS)))
    body = rows[1:]
    if len(body) != 1:
        raise ValueError(TEXT["rows"].format(count=len(body)))
    row = body[0]
    if len(row) != len(header):
        raise ValueError(TEXT["header"].format(fields=",".join(FIELDS)))
    values: dict[str, Any] = dict(zip(header, row, strict=True))
    for field in ("version", "useful"):
        raw = values.get(field)
        if isinstance(raw, str) and raw.strip().isdigit() and raw.strip().isascii():
            values[field] = int(raw.strip())
    return values


def _answer_from(values: Mapping[str, Any], plan: str, sections: Mapping[str, str]) -> FeedbackAnswer:
    unknown = [k for k in values if k not in FIELDS]
    if unknown:
        raise ValueError(TEXT["unknown_field"].format(field=short_name(str(unknown[0]))))
    if values.get("format") != FORMAT:
        raise ValueError(TEXT["not_feedback"])
    version = values.get("version")
    if version != VERSION or isinstance(version, bool):
        raise ValueError(TEXT["version"].format(version=short_name(str(version))))
    for field in FIELDS[2:5]:
        if field not in values:
            raise ValueError(TEXT["missing"].format(field=field))
    for field in ("plan", "most_helpful", "improve"):
        value = values.get(field, "")
        if not isinstance(value, str):
            raise ValueError(TEXT["not_text_value"].format(field=field))
        problem = text_problem(value)
        if problem:
            raise ValueError(problem)
    if values["plan"] != plan:
        raise ValueError(TEXT["other_plan"].format(other=short_name(values["plan"]), plan=plan))
    useful = values["useful"]
    if isinstance(useful, bool) or not isinstance(useful, int) or useful not in RATINGS:
        raise ValueError(TEXT["useful_range"].format(value=short_name(str(useful))))
    if values["most_helpful"] not in sections:
        raise ValueError(TEXT["unknown_section"].format(value=short_name(values["most_helpful"])))
    return FeedbackAnswer(plan, useful, values["most_helpful"], str(values.get("improve", "")).strip())


def parse_file(
    name: str, data: bytes, plan: str, sections: Mapping[str, str], *, size: int | None = None
) -> FeedbackAnswer:
    """Read one uploaded answer file (``.json`` or ``.csv``, chosen by the file name).

    ``size`` is the size the browser reported (checked with ``len(data)`` before anything is parsed).
    Raises :class:`FeedbackFileError` naming the file and the first problem found.
    """
    shown = short_name(name)
    total = max(len(data), size or 0)
    if total > MAX_BYTES:
        raise FeedbackFileError(shown, TEXT["too_big"].format(size=total, limit=MAX_BYTES))
    if not data.strip():
        raise FeedbackFileError(shown, TEXT["empty"])
    kind = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if kind not in ("json", "csv"):
        raise FeedbackFileError(shown, TEXT["kind"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FeedbackFileError(shown, TEXT["not_text"]) from None
    try:
        values = _values_from_json(text) if kind == "json" else _values_from_csv(text)
        return _answer_from(values, plan, sections)
    except ValueError as exc:
        raise FeedbackFileError(shown, str(exc)) from None


def gather(files: Iterable[Upload], plan: str, sections: Mapping[str, str]) -> Gathered:
    """Read many files; each is accepted or rejected on its own (at most :data:`MAX_FILES` are read)."""
    accepted: list[tuple[str, FeedbackAnswer]] = []
    rejected: list[Rejection] = []
    for i, entry in enumerate(files):
        if i >= MAX_FILES:
            rejected.append(Rejection("\u2026", TEXT["too_many_files"].format(limit=MAX_FILES)))
            break
        if entry.unreadable:
            rejected.append(Rejection(short_name(entry.name), TEXT["unreadable"]))
            continue
        try:
            accepted.append(
                (short_name(entry.name), parse_file(entry.name, entry.data, plan, sections, size=entry.size))
            )
        except FeedbackFileError as exc:
            rejected.append(Rejection(exc.name, exc.problem))
    return Gathered(tuple(accepted), tuple(rejected))


# --- summary ------------------------------------------------------------------------------------------
def summarize(answers: Iterable[FeedbackAnswer], plan: str, sections: Mapping[str, str]) -> Summary:
    """Counts of ratings (1-5) and of "most helpful" sections (in plan order), and the ideas to improve."""
    chosen = [a for a in answers if a.plan == plan]
    ratings = Counter(a.useful for a in chosen)
    helpful = Counter(a.most_helpful for a in chosen)
    return Summary(
        plan=plan,
        count=len(chosen),
        useful=tuple((r, ratings.get(r, 0)) for r in RATINGS),
        helpful=tuple((sid, title, helpful.get(sid, 0)) for sid, title in sections.items()),
        improvements=tuple(a.improve for a in chosen if a.improve),
    )


def useful_bars(summary: Summary) -> list[tuple[str, int]]:
    """The ratings' bars: (label, count) for ratings 1-5."""
    return [(TEXT[f"useful_{r}"] if r in (1, 5) else TEXT["rating"].format(value=r), n) for r, n in summary.useful]


def helpful_bars(summary: Summary) -> list[tuple[str, int]]:
    """The "most helpful" bars: (section title, count) in plan order."""
    return [(title, n) for _, title, n in summary.helpful]
