"""Author–year citations: the label of every reference, worked out once from ``data/references.yaml``.

A label is what a reader sees in the text, e.g. "Paolucci et al., 2016" or "NHS, n.d.-c". It is made from
the reference's fields, never typed by hand:

* the name: the ``cite_name`` field when there is one (an organisation's short name, e.g. "NHS"), otherwise
  the first author's family name — "Ernst" (one author), "Melzack & Wall" (two), "Paolucci et al." (more)
  — or an organisation's name as written;
* the year, or "n.d." for a source without a date;
* a letter when two references would otherwise share a label (APA style: "2019a", "n.d.-a"), given in
  the order of their titles, so the same source always has the same label everywhere.

Two places write citations:

* the notebooks' Markdown, as links whose target names the reference id:
  ``([Paolucci et al., 2016](#ref-paolucci2016); [NHS, n.d.-c](#ref-nhs_osteoporosis))`` — the link text is
  the label (``scripts/cite_notebooks.py`` writes and refreshes it; a test checks it), the target is the
  anchor of the entry in the notebook's reference list;
* the student text of data records, which names reference ids in brackets, e.g. "(nice2016_low_back_pain)":
  :func:`cite_ids_in_text` turns them into labels when the catalog is loaded, so the data keep the ids
  (machine-checkable) and the reader sees "(NICE, 2016)".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from string import ascii_lowercase
from typing import Any

from osteo_lib.content.ui import UiTexts, ui_texts
from osteo_lib.errors import DataError

__all__ = [
    "ANCHOR_PREFIX",
    "LINK",
    "author_name",
    "citation_links",
    "cite_ids_in_doc",
    "cite_ids_in_text",
    "cited_ids",
    "id_pattern",
    "is_person",
    "labels_for",
    "markdown_citation",
    "reference_labels",
]

#: The anchor of a reference's entry in a notebook's reference list is ``ref-<id>``.
ANCHOR_PREFIX = "ref-"
#: One citation link in Markdown: ``[label](#ref-id)`` (groups: label, id).
LINK = re.compile(r"\[([^\]\[]*)\]\(#" + re.escape(ANCHOR_PREFIX) + r"([A-Za-z0-9_]+)\)")
#: "Family INITIALS" (e.g. "Paolucci T", "Williams ACdC", "Cross JT Jr"): a person, not an organisation.
_PERSON = re.compile(r"^(?P<family>\S.*?)\s+[A-Z]+(?:[a-z]{1,2}[A-Z]+)?(?:\s+(?:Jr|Sr|II|III))?$")
_ET_AL = "et al."


def _texts() -> UiTexts:
    return ui_texts("sources_student")


def is_person(author: str) -> bool:
    """True for an author written "Family INITIALS" (a person), False for an organisation or "et al."."""
    return bool(_PERSON.match(author.strip()))


def author_name(authors: Sequence[str], cite_name: str | None) -> str:
    """The name part of a label: ``cite_name`` when given, else the first author's family name —
    "Family" (one author), "Family & Family" (two), "Family et al." (more). An organisation without a
    ``cite_name`` is cited by its name as written (APA style)."""
    if cite_name:
        return cite_name
    named = [_family(a) for a in authors if a.strip() != _ET_AL]
    if not named:
        raise DataError("references.yaml", None, "authors", f"no author to cite by in {list(authors)}")
    text = _texts()
    if len(authors) == 1:
        return named[0]
    if len(authors) == 2 and len(named) == 2:
        return text.format("cite_two", first=named[0], second=named[1])
    return text.format("cite_many", first=named[0])


def _family(author: str) -> str:
    match = _PERSON.match(author.strip())
    return match.group("family") if match else author.strip()


def labels_for(references: Iterable[tuple[str, str, str, str]]) -> dict[str, str]:
    """The label of every reference, from (id, name, year, title) tuples.

    References that share name and year get letters in the order of their titles (then ids):
    "Giangregorio et al., 2014a"; for undated sources "NHS, n.d.-a".
    """
    text = _texts()
    groups: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for rid, name, year, title in references:
        groups[(name, year)].append((title.casefold(), rid))
    labels: dict[str, str] = {}
    for (name, year), members in groups.items():
        if len(members) == 1:
            labels[members[0][1]] = text.format("cite_label", name=name, year=year)
            continue
        if len(members) > len(ascii_lowercase):
            raise DataError("references.yaml", None, "year", f"more than 26 sources share the label {name}, {year}")
        key = "cite_label_nd" if year == "n.d." else "cite_label_letter"
        for letter, (_title, rid) in zip(ascii_lowercase, sorted(members), strict=False):
            labels[rid] = text.format(key, name=name, year=year, letter=letter)
    return labels


# --- citations in Markdown (the notebooks) -----------------------------------------------------------
def markdown_citation(ids: Sequence[str], labels: Mapping[str, str]) -> str:
    """``([A, 2016](#ref-a); [B, n.d.](#ref-b))`` for these ids, in the order given."""
    links = [f"[{labels[i]}](#{ANCHOR_PREFIX}{i})" for i in ids]
    return "(" + _texts()["cite_separator"].join(links) + ")"


def citation_links(markdown: str) -> Iterator[tuple[str, str]]:
    """Every citation link in Markdown text: (label as written, reference id)."""
    for match in LINK.finditer(markdown):
        yield match.group(1), match.group(2)


def cited_ids(markdown: str) -> list[str]:
    """The reference ids cited in Markdown text, in order of first citation."""
    return list(dict.fromkeys(rid for _label, rid in citation_links(markdown)))


# --- citations in the student text of data records ---------------------------------------------------
def _id_pattern(ids: Iterable[str]) -> re.Pattern[str]:
    names = "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
    return re.compile(rf"(?<![\w#-])(?:{names})(?![\w-])")


def cite_ids_in_text(text: str, labels: Mapping[str, str], *, pattern: re.Pattern[str] | None = None) -> str:
    """``text`` with every reference id it names replaced by the reference's label.

    A bracket that holds only ids, e.g. "(niams2005_coping, paolucci2016)", becomes one citation
    "(NIAMS, 2005; Paolucci et al., 2016)"; an id elsewhere becomes its label.
    """
    if not labels:
        return text
    ids = pattern or _id_pattern(labels)
    separator = _texts()["cite_separator"]

    def bracket(match: re.Match[str]) -> str:
        parts = [p.strip() for p in re.split(r"[,;]", match.group(1))]
        if parts and all(ids.fullmatch(p) for p in parts):
            return "(" + separator.join(labels[p] for p in parts) + ")"
        return match.group(0)

    text = re.sub(r"\(([^()]*)\)", bracket, text)
    return ids.sub(lambda m: labels[m.group(0)], text)


def id_pattern(ids: Iterable[str]) -> re.Pattern[str]:
    """A pattern that finds any of these reference ids as a whole word (for :func:`cite_ids_in_text`)."""
    return _id_pattern(ids)


def cite_ids_in_doc(node: Any, labels: Mapping[str, str], pattern: re.Pattern[str] | None = None) -> Any:
    """A copy of ``node`` (YAML mappings, lists, strings) with the reference ids in its texts turned into
    labels (:func:`cite_ids_in_text`); ``id`` and ``references`` fields keep their ids."""
    pattern = pattern or _id_pattern(labels)
    if isinstance(node, str):
        return cite_ids_in_text(node, labels, pattern=pattern)
    if isinstance(node, Mapping):
        return {
            key: value if key in ("id", "references") else cite_ids_in_doc(value, labels, pattern)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [cite_ids_in_doc(item, labels, pattern) for item in node]
    return node


def reference_labels(references: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """The label of every entry of references.yaml (the raw YAML records)."""
    return labels_for(
        (
            r["id"],
            author_name(r["authors"], r.get("cite_name")),
            str(r["year"]),
            str(r["title"]),
        )
        for r in references
    )
