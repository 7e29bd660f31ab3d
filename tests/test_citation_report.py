"""scripts/citation_report.py: counts of citing records per reference, checked against the catalog."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from osteo_lib.content.catalog import Catalog
from tests.scripts import load_script

ROOT = Path(__file__).resolve().parent.parent

report = load_script("citation_report.py", "citation_report")


def test_every_reference_is_counted_and_glossary_counts_match_the_catalog(catalog: Catalog) -> None:
    usage = report.collect(ROOT / "data")
    assert set(catalog.references) <= set(usage)
    assert all(u.known for u in usage.values())
    for rid in catalog.references:
        terms = [t for t in catalog.glossary if rid in t.references]
        assert usage[rid].files.get("glossary.yaml", 0) == len(terms), rid
        assert usage[rid].kind == catalog.reference(rid).kind
    methods = {m.id for m in catalog.methods if "vance2014" in m.all_references}
    assert {r for r in usage["vance2014"].records if r.startswith("methods.yaml#")} == {
        f"methods.yaml#{m}" for m in methods
    }


def test_unknown_ids_and_over_use_are_reported(tmp_path: Path, capsys: object) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    glossary = yaml.safe_load((data / "glossary.yaml").read_text())
    glossary["terms"][0]["references"].append("nobody1999")
    (data / "glossary.yaml").write_text(yaml.safe_dump(glossary))
    usage = report.collect(data)
    assert not usage["nobody1999"].known and usage["nobody1999"].records == {
        f"glossary.yaml#{glossary['terms'][0]['id']}"
    }
    text = report.report(usage, markdown=True)
    assert "| nobody1999 (unknown) |" in text and "Cited but not in references.yaml: nobody1999." in text
    assert report.main(["--data", str(data), "--max-records", "5"]) == 1
    assert report.main(["--data", str(data), "--id", "melzack1965"]) == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "melzack1965:" in out and "glossary.yaml#gate_control_theory" in out
