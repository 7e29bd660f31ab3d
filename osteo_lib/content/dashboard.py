"""The patient dashboard: its content (data/dashboard.yaml) and the pure helpers behind it.

The dashboard is the page patients see (``make dashboard`` serves
``notebooks/dashboards/patient_dashboard.ipynb`` with standalone Voila). Its five parts are fixed
(:data:`SECTION_IDS`); the main message of the whole page (a headline and three points), the parts' names, main
messages and intros, the questions to ask a provider and the
warning signs that need prompt care are content, validated and loaded here by :func:`load_dashboard`.
The widget that puts it all on screen is :class:`osteo_lib.apps.dashboard.PatientDashboard` (it
imports this module; this module never imports it, so loading the content needs no ipywidgets)::

    from osteo_lib.apps.dashboard import PatientDashboard
    PatientDashboard()            # the only cell of the dashboard notebook

Loading (no widgets)::

    >>> from osteo_lib.content.dashboard import load_dashboard
    >>> content = load_dashboard()
    >>> [s.id for s in content.sections]
    ['understand', 'help', 'diary', 'provider', 'urgent']

The dashboard's own labels and messages (button names, "Now showing: ...", the sentence with the
reviewed date) are in ``data/ui/dashboard.yaml``, read with ``ui_texts("dashboard")``; merging ticked
questions into the summary is :func:`osteo_lib.care.questions.merge_questions`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final, Literal

from osteo_lib.content import registry
from osteo_lib.content import validate as v
from osteo_lib.content.catalog import Catalog, load_catalog
from osteo_lib.content.paths import data_dir
from osteo_lib.content.plain_language import HEALING_RANGE, fill_healing_range, uses_healing_range
from osteo_lib.content.records import as_tuple as _t
from osteo_lib.content.ui import ui_texts
from osteo_lib.errors import DataError

__all__ = [
    "ACTION_OF_GROUP",
    "DASHBOARD_FILE",
    "HELP_PARTS",
    "SECTION_IDS",
    "CallNumber",
    "DashboardContent",
    "HelpPartId",
    "MainMessage",
    "MainPoint",
    "Message",
    "Question",
    "Section",
    "SectionId",
    "SectionNote",
    "SignAction",
    "WarningGroup",
    "WarningGroupId",
    "WarningSign",
    "clear_cache",
    "load_dashboard",
    "reviewed_words",
]

SectionId = Literal["understand", "help", "diary", "provider", "urgent"]
#: The dashboard's parts; the code builds one part per id (data/dashboard.yaml gives their words and order).
SECTION_IDS: Final[tuple[SectionId, ...]] = ("understand", "help", "diary", "provider", "urgent")
HelpPartId = Literal["explorer", "compare", "heatcold"]
#: The three tools of "What may help", one shown at a time (their names: "part_<id>" in data/ui/dashboard.yaml).
HELP_PARTS: Final[tuple[HelpPartId, ...]] = ("explorer", "compare", "heatcold")
DASHBOARD_FILE: Final = "dashboard.yaml"
WarningGroupId = Literal["emergency", "today", "soon"]
SignAction = Literal["emergency", "same_day", "call_provider"]
#: The action every sign of a warning group must have, in the order the groups must appear (most
#: urgent first): a sign that is an emergency belongs in the emergency list, whatever else it is.
ACTION_OF_GROUP: Final[dict[str, str]] = {"emergency": "emergency", "today": "same_day", "soon": "call_provider"}
#: A question added to the provider summary is one line of at most this many characters.
MAX_QUESTION_CHARS: Final = 200
#: Where a sentence ends (the headline of the main message is exactly one sentence).
SENTENCE_END: Final = re.compile(r"[.!?](?:\s|$)")


def reviewed_words(day: date) -> str:
    """The reviewed date as patients read it, e.g. ``December 6, 2026``."""
    return f"{day:%B} {day.day}, {day.year}"


# --- records ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Message:
    """A statement with its sources (ids in references.yaml)."""

    patient_text: str
    references: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MainPoint:
    """One of the things a person should take away and do, with its sources (ids in references.yaml)."""

    id: str
    patient_text: str
    references: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MainMessage:
    """The main message of the whole page (CDC Clear Communication Index item 1): one headline sentence
    (the message itself), then a heading and the three points, shown at the top of every part."""

    heading: str
    points: tuple[MainPoint, ...]
    headline: Message = Message("", ())

    @property
    def references(self) -> tuple[str, ...]:
        """Every reference id the headline and the points cite, each once, in order of appearance."""
        ids = [*self.headline.references, *(r for p in self.points for r in p.references)]
        return tuple(dict.fromkeys(ids))


@dataclass(frozen=True, slots=True)
class SectionNote:
    """A short line under a part's main message (what is known or not, or why the advice matters)."""

    id: str
    patient_text: str
    references: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Section:
    """One part of the dashboard: its navigation name and heading, main message, notes and intro."""

    id: SectionId
    name: str
    key_message: Message
    intro: str
    notes: tuple[SectionNote, ...] = ()


@dataclass(frozen=True, slots=True)
class Question:
    """A question a person may want to ask their provider."""

    id: str
    patient_text: str
    references: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CallNumber:
    """A number to tap from Get help now: ``href`` is its ``tel:`` link (``kind`` "tel", to call) or its
    ``sms:`` link (``kind`` "sms", to send a text)."""

    id: str
    number: str
    link_text: str
    kind: Literal["tel", "sms"] = "tel"

    @property
    def href(self) -> str:
        return f"{self.kind}:{self.number}"


@dataclass(frozen=True, slots=True)
class WarningSign:
    """A sign that needs prompt care: how fast to act (``action``), why acting now matters (``why``),
    what to do first when it differs from the group's usual action (``do``, else ""), and its sources."""

    id: str
    action: SignAction
    patient_text: str
    why: str
    references: tuple[str, ...]
    do: str = ""
    #: The numbers its ``do`` names, as links to tap (call or text).
    calls: tuple[CallNumber, ...] = ()


@dataclass(frozen=True, slots=True)
class WarningGroup:
    """Signs that need the same action (``emergency``: call the emergency number now; ``today``: call a
    doctor or nurse the same day; ``soon``: tell a doctor or nurse within a few days). ``heading`` says
    what to do; each sign completes the sentence."""

    id: WarningGroupId
    heading: str
    signs: tuple[WarningSign, ...]


@dataclass(frozen=True, slots=True)
class DashboardContent:
    """Validated content of data/dashboard.yaml."""

    source: Path
    title: str
    #: The disclaimer as shown: the text of the file, then the sentence giving the reviewed date.
    disclaimer: str
    main_message: MainMessage
    sections: tuple[Section, ...]
    questions_heading: str
    questions_intro: str
    questions: tuple[Question, ...]
    warning_groups: tuple[WarningGroup, ...]
    #: The day the medical content was last checked against current guidance.
    reviewed: date = date(1970, 1, 1)
    #: The numbers to tap and call from Get help now (the emergency number first).
    call_numbers: tuple[CallNumber, ...] = ()

    def section(self, section_id: str) -> Section:
        """The section with this id; ``ValueError`` naming the known ids otherwise."""
        for s in self.sections:
            if s.id == section_id:
                return s
        raise ValueError(f"no dashboard section {section_id!r}; sections are: {', '.join(s.id for s in self.sections)}")

    @property
    def warning_signs(self) -> tuple[WarningSign, ...]:
        """Every warning sign, most urgent group first."""
        return tuple(s for g in self.warning_groups for s in g.signs)

    @property
    def references(self) -> tuple[str, ...]:
        """Every reference id the content cites, each once, in order of appearance."""
        ids = list(self.main_message.references)
        ids += [r for s in self.sections for r in s.key_message.references]
        ids += [r for s in self.sections for n in s.notes for r in n.references]
        ids += [r for q in self.questions for r in q.references]
        ids += [r for s in self.warning_signs for r in s.references]
        return tuple(dict.fromkeys(ids))

    def patient_texts(self) -> Iterator[tuple[str, str]]:
        """(where, text) for every text the dashboard shows from this file (for the reading-level check)."""
        yield "title", self.title
        yield "disclaimer", self.disclaimer
        for c in self.call_numbers:
            yield f"call_numbers[{c.id}].link_text", c.link_text
        yield "main_message.headline", self.main_message.headline.patient_text
        yield "main_message.heading", self.main_message.heading
        for p in self.main_message.points:
            yield f"main_message.points[{p.id}]", p.patient_text
        for s in self.sections:
            yield f"sections[{s.id}].name", s.name
            yield f"sections[{s.id}].key_message", s.key_message.patient_text
            yield f"sections[{s.id}].intro", s.intro
            for n in s.notes:
                yield f"sections[{s.id}].notes[{n.id}]", n.patient_text
        yield "questions.heading", self.questions_heading
        yield "questions.intro", self.questions_intro
        for q in self.questions:
            yield f"questions[{q.id}]", q.patient_text
        for g in self.warning_groups:
            yield f"warning_signs[{g.id}].heading", g.heading
            for sign in g.signs:
                yield f"warning_signs[{g.id}].signs[{sign.id}]", sign.patient_text
                yield f"warning_signs[{g.id}].signs[{sign.id}].why", sign.why
                if sign.do:
                    yield f"warning_signs[{g.id}].signs[{sign.id}].do", sign.do
                for c in sign.calls:
                    yield f"warning_signs[{g.id}].signs[{sign.id}].calls[{c.id}]", c.link_text


# --- loading data/dashboard.yaml ----------------------------------------------------------------
def _check_section_ids(doc: dict[str, Any], label: str) -> None:
    """Each part the code builds must be listed exactly once (said plainly, before the schema's check)."""
    sections = doc.get("sections")
    if not isinstance(sections, list) or not all(isinstance(s, dict) for s in sections):
        return  # the schema check names the problem
    ids = [s.get("id") for s in sections]
    missing = [i for i in SECTION_IDS if i not in ids]
    if missing:
        raise DataError(
            label,
            "sections",
            "id",
            f"every part of the dashboard needs a section ({', '.join(SECTION_IDS)}); missing: {', '.join(missing)}",
        )


def _read(path: Path, label: str) -> dict[str, Any]:
    return registry.get("dashboard", (path, label), lambda: _read_file(path, label))


def _read_file(path: Path, label: str) -> dict[str, Any]:
    doc = v.read_yaml(path, label)
    if isinstance(doc.get("reviewed"), date):  # YAML reads an unquoted 2026-12-06 as a date
        doc["reviewed"] = doc["reviewed"].isoformat()
    _check_section_ids(doc, label)
    v.check_schema(doc, "dashboard", label)
    return doc


def _cross_check(doc: dict[str, Any], label: str, catalog: Catalog) -> None:
    v.check_unique(doc, label, "sections")
    v.check_unique(doc["main_message"], label, "points")
    v.check_unique(doc, label, "warning_signs")
    v.check_unique(doc["questions"], label, "items")
    try:
        date.fromisoformat(doc["reviewed"])
    except ValueError:
        raise DataError(label, None, "reviewed", f"{doc['reviewed']!r} is not a real date (write YYYY-MM-DD)") from None
    order = list(ACTION_OF_GROUP)
    groups = [g["id"] for g in doc["warning_signs"]]
    if "emergency" not in groups or groups != sorted(groups, key=order.index):
        raise DataError(
            label,
            "warning_signs",
            "id",
            f"the groups must include emergency and go from most to least urgent ({', '.join(order)}); "
            f"found {', '.join(groups)}",
        )
    seen: dict[str, str] = {}
    for group in doc["warning_signs"]:
        for sign in group["signs"]:
            if sign["action"] != ACTION_OF_GROUP[group["id"]]:
                raise DataError(
                    label,
                    group["id"],
                    f"signs[{sign['id']}].action",
                    f"a sign with action {sign['action']!r} does not belong in group {group['id']!r} "
                    f"(its signs have action {ACTION_OF_GROUP[group['id']]!r})",
                )
            if sign["id"] in seen:
                raise DataError(
                    label,
                    group["id"],
                    f"signs[{sign['id']}].id",
                    f"duplicate sign id {sign['id']!r} (also in group {seen[sign['id']]!r})",
                )
            seen[sign["id"]] = group["id"]
            for call in sign.get("calls", ()):
                if call["number"] not in sign.get("do", ""):
                    raise DataError(
                        label,
                        group["id"],
                        f"signs[{sign['id']}].calls",
                        f"the link to {call['number']} must go with a 'do' text that names that number",
                    )
    headline = doc["main_message"]["headline"]["patient_text"]
    if len(SENTENCE_END.findall(headline.strip())) != 1:
        raise DataError(label, "main_message", "headline", "the headline is one sentence (the page's main message)")
    for item in doc["questions"]["items"]:
        text = item["patient_text"]
        if "\n" in text.strip() or len(text) > MAX_QUESTION_CHARS:
            raise DataError(
                label,
                item["id"],
                "patient_text",
                f"a question must be one line of at most {MAX_QUESTION_CHARS} characters",
            )
    v.check_ids_exist(doc, label, "references", set(catalog.references), "reference")


def _build(doc: Mapping[str, Any], source: Path) -> DashboardContent:
    reviewed = date.fromisoformat(doc["reviewed"])
    return DashboardContent(
        source=source,
        title=doc["title"],
        disclaimer=doc["disclaimer"].strip()
        + " "
        + ui_texts("dashboard").format("reviewed", date=reviewed_words(reviewed)),
        reviewed=reviewed,
        main_message=MainMessage(
            headline=Message(
                doc["main_message"]["headline"]["patient_text"], _t(doc["main_message"]["headline"]["references"])
            ),
            heading=doc["main_message"]["heading"],
            points=tuple(
                MainPoint(p["id"], p["patient_text"], _t(p["references"])) for p in doc["main_message"]["points"]
            ),
        ),
        sections=tuple(
            Section(
                id=s["id"],
                name=s["name"],
                intro=s["intro"],
                key_message=Message(s["key_message"]["patient_text"], _t(s["key_message"]["references"])),
                notes=tuple(SectionNote(n["id"], n["patient_text"], _t(n["references"])) for n in s.get("notes", ())),
            )
            for s in doc["sections"]
        ),
        call_numbers=tuple(CallNumber(c["id"], c["number"], c["link_text"]) for c in doc["call_numbers"]),
        questions_heading=doc["questions"]["heading"],
        questions_intro=doc["questions"]["intro"],
        questions=tuple(Question(q["id"], q["patient_text"], _t(q["references"])) for q in doc["questions"]["items"]),
        warning_groups=tuple(
            WarningGroup(
                id=g["id"],
                heading=g["heading"],
                signs=tuple(
                    WarningSign(
                        id=s["id"],
                        action=s["action"],
                        patient_text=s["patient_text"],
                        why=s["why"],
                        references=_t(s["references"]),
                        do=s.get("do", ""),
                        calls=tuple(
                            CallNumber(c["id"], c["number"], c["link_text"], c.get("kind", "tel"))
                            for c in s.get("calls", ())
                        ),
                    )
                    for s in g["signs"]
                ),
            )
            for g in doc["warning_signs"]
        ),
    )


def load_dashboard(catalog: Catalog | None = None) -> DashboardContent:
    """Read and validate ``dashboard.yaml`` next to the catalog's data files.

    Checks the schema (each of the five sections exactly once, no unknown fields), unique ids, that
    questions are single lines, and that every reference id exists in ``catalog`` (default:
    :func:`~osteo_lib.content.catalog.load_catalog`). Problems raise :class:`~osteo_lib.errors.DataError`
    naming the file, record and field, e.g. ``data/dashboard.yaml, record 'fever', field
    'references': unknown reference id 'nhs_fever'``.
    """
    cat = catalog if catalog is not None else load_catalog()
    directory = Path(cat.source) if cat.source else data_dir()
    label = f"{directory.name}/{DASHBOARD_FILE}"
    doc = _read(directory / DASHBOARD_FILE, label)
    _cross_check(doc, label, cat)
    if uses_healing_range(doc):
        if cat.healing.range_words is None:
            raise DataError(
                label, None, None, f"a text writes {HEALING_RANGE}, but causes.yaml healing has no range_words"
            )
        doc = fill_healing_range(doc, cat.healing.range_words)
    return _build(doc, directory)


def clear_cache() -> None:
    """Forget every loaded data file: the same as :func:`osteo_lib.reload` (kept for existing callers)."""
    registry.reload()
