"""Author–year citations: labels worked out from references.yaml, data text citing by id, and the notebook
converter (scripts/cite_notebooks.py) that keeps the notebooks' labels equal to the catalog's."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml

from osteo_lib.content.catalog import Catalog, load_catalog
from osteo_lib.content.citations import (
    author_name,
    citation_links,
    cite_ids_in_text,
    cited_ids,
    is_person,
    labels_for,
    markdown_citation,
)
from osteo_lib.errors import DataError
from tests.scripts import load_script

ROOT = Path(__file__).resolve().parent.parent
converter = load_script("cite_notebooks.py", "cite_notebooks")
#: What a reference id looks like when it is typed into a text: a word with a four-digit year in it, or
#: one of the catalog's ids. Student text must show labels instead.
ID_LIKE = re.compile(r"\b[a-z]+[0-9]{4}(?:_[a-z0-9]+)*\b")


def test_people_are_cited_by_family_name_and_organisations_by_their_short_name() -> None:
    assert is_person("Paolucci T") and is_person("Williams ACdC") and is_person("Cross JT Jr")
    assert is_person("Da Silva JAP") and is_person("Knopp-Sihota JA")
    assert not is_person("National Institute on Aging") and not is_person("NYU Langone Health")
    assert author_name(["Ernst E"], None) == "Ernst"
    assert author_name(["Melzack R", "Wall PD"], None) == "Melzack & Wall"
    assert author_name(["Paolucci T", "Saraceni VM", "Piccinini G"], None) == "Paolucci et al."
    assert author_name(["Nitzan U", "et al."], None) == "Nitzan et al."
    assert author_name(["Da Silva JAP", "Moore RA", "Derry S"], None) == "Da Silva et al."
    assert author_name(["NHS (National Health Service)"], "NHS") == "NHS"
    assert author_name(["National Institute on Aging"], None) == "National Institute on Aging"
    with pytest.raises(DataError, match="no author"):
        author_name(["et al."], None)


def test_labels_that_would_clash_get_letters_in_title_order() -> None:
    labels = labels_for(
        [
            ("b", "NHS", "n.d.", "Osteoporosis"),
            ("a", "NHS", "n.d.", "Back pain"),
            ("c", "Giangregorio et al.", "2014", "Too fit"),
            ("d", "Giangregorio et al.", "2014", "Exercise"),
            ("e", "Ernst", "2003", "Manipulation"),
        ]
    )
    assert labels == {
        "a": "NHS, n.d.-a",
        "b": "NHS, n.d.-b",
        "d": "Giangregorio et al., 2014a",
        "c": "Giangregorio et al., 2014b",
        "e": "Ernst, 2003",
    }


def test_every_reference_has_one_label_of_its_own(catalog: Catalog) -> None:
    labels = [r.label for r in catalog.references.values()]
    assert all(labels) and len(set(labels)) == len(labels)
    assert catalog.reference("paolucci2016").label == "Paolucci et al., 2016"
    assert catalog.reference("melzack1965").label == "Melzack & Wall, 1965"
    assert catalog.reference("niams2005_coping").label == "NIAMS, 2005"
    assert re.fullmatch(r"NHS, n\.d\.-[a-z]", catalog.reference("nhs_tens").label)
    assert catalog.reference("nhs_tens").anchor == "ref-nhs_tens"


def test_an_organisation_without_a_short_name_is_cited_by_its_name(data_copy: Path) -> None:
    path = data_copy / "references.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = next(r for r in doc["references"] if r["id"] == "cdc_steadi")
    del entry["cite_name"]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    assert load_catalog(data_copy).reference("cdc_steadi").label == (
        "Centers for Disease Control and Prevention (CDC), n.d."
    )


def test_data_text_cites_by_id_and_readers_see_the_label(catalog: Catalog) -> None:
    labels = {"a2016": "Aa et al., 2016", "b_page": "Bb, n.d."}
    assert cite_ids_in_text("works (a2016, b_page).", labels) == "works (Aa et al., 2016; Bb, n.d.)."
    assert cite_ids_in_text("as a2016 showed (b_page; see there)", labels) == (
        "as Aa et al., 2016 showed (Bb, n.d.; see there)"
    )
    assert cite_ids_in_text("see #ref-a2016 and a2016x", labels) == "see #ref-a2016 and a2016x"
    raw = yaml.safe_load((ROOT / "data" / "methods.yaml").read_text(encoding="utf-8"))
    tens = next(m for m in raw["methods"] if m["id"] == "tens")
    assert "nice2016_low_back_pain" in tens["clinical_note"]
    note = catalog.method("tens").clinical_note
    assert "nice2016_low_back_pain" not in note and "NICE, 2016" in note


def _strings(node: Any, skip: frozenset[str] = frozenset({"id", "references"})) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() if k not in skip for s in _strings(v, skip)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v, skip)]
    return []


def test_no_student_text_of_the_catalog_shows_a_reference_id(catalog: Catalog) -> None:
    texts = [m.clinical_note for m in catalog.methods] + [c.student_text for m in catalog.methods for c in m.cautions]
    texts += [m.evidence.student_text for m in catalog.methods if m.evidence]
    texts += [c.clinical_note for c in catalog.causes] + [f.student_text for f in catalog.facts]
    texts += [catalog.healing.student_text] + [s.student_text for s in catalog.stages]
    texts += [m.student_text for m in catalog.modulators] + [g.student_note or "" for g in catalog.glossary]
    ids = set(catalog.references)
    shown = sorted({w for t in texts for w in ID_LIKE.findall(t)} | {i for t in texts for i in ids if i in t})
    assert not shown, f"reference ids shown to students: {shown}"


def test_the_converter_turns_markers_into_links_and_fixes_drifted_labels(catalog: Catalog) -> None:
    labels = {r.id: r.label for r in catalog.references.values()}
    text = "Pain relief [ref: paolucci2016, nhs_tens]. Old ([Wrong, 1999](#ref-melzack1965))."
    out = converter.convert_markdown(text, labels)
    assert out == (
        f"Pain relief {markdown_citation(['paolucci2016', 'nhs_tens'], labels)}. "
        "Old ([Melzack & Wall, 1965](#ref-melzack1965))."
    )
    assert out.startswith("Pain relief ([Paolucci et al., 2016](#ref-paolucci2016); [")
    assert cited_ids(out) == ["paolucci2016", "nhs_tens", "melzack1965"]
    assert all(labels[rid] == label for label, rid in citation_links(out))
    with pytest.raises(SystemExit, match="nobody1999"):
        converter.convert_markdown("[ref: nobody1999]", labels, "x.ipynb")


def test_the_notebooks_are_up_to_date_with_references_yaml(catalog: Catalog) -> None:
    """Labels and reference lists equal what the converter derives now: a label cannot drift."""
    for path in converter.teaching_notebooks():
        nb = nbformat.read(path, as_version=4)
        assert not converter.convert(nb, catalog, path.name), f"run scripts/cite_notebooks.py: {path.name}"
    assert converter.main(["--check"]) == 0


def test_the_converter_rewrites_a_stale_notebook(tmp_path: Path, catalog: Catalog) -> None:
    source = ROOT / "notebooks" / "00_start_here.ipynb"
    nb = nbformat.read(source, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "markdown" and "#ref-" in c.source)
    cell.source = re.sub(r"\[[^\]]*\]\(#ref-", "[Someone, 1900](#ref-", cell.source, count=1)
    cell.source += "\n\nMore [ref: melzack1965]."
    refs = next(c for c in nb.cells if c.cell_type == "code" and c.source.startswith("lesson.references(["))
    refs.source = 'lesson.references(["morrison2012"])'
    copy = tmp_path / "00_start_here.ipynb"
    nbformat.write(nb, copy)
    assert converter.main(["--check", str(copy)]) == 1
    assert converter.main([str(copy)]) == 0 and converter.main(["--check", str(copy)]) == 0
    fixed = nbformat.read(copy, as_version=4)
    markdown = "\n".join(c.source for c in fixed.cells if c.cell_type == "markdown")
    assert "Someone, 1900" not in markdown and "([Melzack & Wall, 1965](#ref-melzack1965))" in markdown
    call = next(c.source for c in fixed.cells if c.cell_type == "code" and c.source.startswith("lesson.references(["))
    assert '"melzack1965"' in call
    assert call == converter.references_call(converter.notebook_reference_ids(fixed, catalog))
