"""A malformed data file raises DataError naming the file, the record and the field (one test per case)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from osteo_lib import DataError, load_catalog


def edit(data: Path, name: str, change: Callable[[dict[str, Any]], None]) -> None:
    path = data / name
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")


def load_error(data: Path) -> DataError:
    with pytest.raises(DataError) as info:
        load_catalog(data)
    return info.value


def first_method(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["methods"][0]


def assert_names(err: DataError, file: str, record: str | None, field: str | None) -> None:
    assert err.file == f"data/{file}"
    assert err.record == record
    assert err.field == field
    text = str(err)
    assert f"data/{file}" in text
    if record:
        assert repr(record) in text
    if field:
        assert repr(field) in text


def test_the_untouched_copy_loads(data_copy: Path) -> None:
    assert load_catalog(data_copy).methods


def test_yaml_syntax_error_names_file_and_line(data_copy: Path) -> None:
    path = data_copy / "methods.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nbroken: [unclosed, list\n", encoding="utf-8")
    err = load_error(data_copy)
    assert err.file == "data/methods.yaml"
    assert "YAML syntax error at line" in str(err)


def test_missing_field(data_copy: Path) -> None:
    method_id = yaml.safe_load((data_copy / "methods.yaml").read_text())["methods"][0]["id"]
    edit(data_copy, "methods.yaml", lambda d: first_method(d).pop("patient_summary"))
    err = load_error(data_copy)
    assert_names(err, "methods.yaml", method_id, "patient_summary")
    assert "required field is missing" in str(err)


def test_unknown_field(data_copy: Path) -> None:
    method_id = yaml.safe_load((data_copy / "methods.yaml").read_text())["methods"][0]["id"]
    edit(data_copy, "methods.yaml", lambda d: first_method(d).update(colour="red"))
    err = load_error(data_copy)
    assert_names(err, "methods.yaml", method_id, "colour")
    assert "unknown field" in str(err)


def test_unknown_field_in_nested_caution(data_copy: Path) -> None:
    doc = yaml.safe_load((data_copy / "methods.yaml").read_text())
    method = next(m for m in doc["methods"] if m["cautions"])
    caution_id = method["cautions"][0]["id"]

    def change(d: dict[str, Any]) -> None:
        target = next(m for m in d["methods"] if m["id"] == method["id"])
        target["cautions"][0]["severity"] = "high"

    edit(data_copy, "methods.yaml", change)
    err = load_error(data_copy)
    assert_names(err, "methods.yaml", method["id"], f"cautions[{caution_id}].severity")


def test_unknown_category(data_copy: Path) -> None:
    method_id = yaml.safe_load((data_copy / "methods.yaml").read_text())["methods"][0]["id"]
    edit(data_copy, "methods.yaml", lambda d: first_method(d).update(category="magic"))
    err = load_error(data_copy)
    assert_names(err, "methods.yaml", method_id, "category")
    assert "'magic' is not one of the allowed values" in str(err)


def test_unknown_reference_id(data_copy: Path) -> None:
    cause_id = yaml.safe_load((data_copy / "causes.yaml").read_text())["causes"][0]["id"]
    edit(data_copy, "causes.yaml", lambda d: d["causes"][0].update(references=["nobody1999"]))
    err = load_error(data_copy)
    assert_names(err, "causes.yaml", cause_id, "references")
    assert "unknown reference id 'nobody1999'" in str(err)


def test_duplicate_id(data_copy: Path) -> None:
    method_id = yaml.safe_load((data_copy / "methods.yaml").read_text())["methods"][0]["id"]
    edit(data_copy, "methods.yaml", lambda d: d["methods"].append(dict(first_method(d))))
    err = load_error(data_copy)
    assert_names(err, "methods.yaml", method_id, "id")
    assert "duplicate id" in str(err)


def test_duplicate_reference_id(data_copy: Path) -> None:
    ref_id = yaml.safe_load((data_copy / "references.yaml").read_text())["references"][0]["id"]
    edit(data_copy, "references.yaml", lambda d: d["references"].append(dict(d["references"][0])))
    err = load_error(data_copy)
    assert_names(err, "references.yaml", ref_id, "id")


@pytest.mark.parametrize("empty", ["", "   \n", None])
def test_empty_required_text(data_copy: Path, empty: str | None) -> None:
    term_id = yaml.safe_load((data_copy / "glossary.yaml").read_text())["terms"][0]["id"]
    edit(data_copy, "glossary.yaml", lambda d: d["terms"][0].update(definition=empty))
    err = load_error(data_copy)
    assert_names(err, "glossary.yaml", term_id, "definition")
    assert "is empty" in str(err)


def test_empty_text_in_section_without_id(data_copy: Path) -> None:
    edit(data_copy, "causes.yaml", lambda d: d["healing"].update(student_text=""))
    err = load_error(data_copy)
    assert_names(err, "causes.yaml", "healing", "student_text")


def test_unknown_pathway_stage(data_copy: Path) -> None:
    method_id = yaml.safe_load((data_copy / "methods.yaml").read_text())["methods"][0]["id"]
    edit(data_copy, "methods.yaml", lambda d: first_method(d)["how_it_works"].update(acts_on=["liver"]))
    err = load_error(data_copy)
    assert_names(err, "methods.yaml", method_id, "how_it_works.acts_on")
    assert "unknown pathway stage id 'liver'" in str(err)


def test_unknown_condition_in_caution(data_copy: Path) -> None:
    doc = yaml.safe_load((data_copy / "methods.yaml").read_text())
    method = next(m for m in doc["methods"] if m["cautions"])

    def change(d: dict[str, Any]) -> None:
        target = next(m for m in d["methods"] if m["id"] == method["id"])
        target["cautions"][0]["conditions"] = ["broken_heart"]

    edit(data_copy, "methods.yaml", change)
    err = load_error(data_copy)
    assert err.record == method["id"]
    assert "unknown condition id 'broken_heart'" in str(err)


def test_wrong_schema_version(data_copy: Path) -> None:
    edit(data_copy, "physiology.yaml", lambda d: d.update(schema_version=2))
    err = load_error(data_copy)
    assert_names(err, "physiology.yaml", None, "schema_version")
    assert "version 2 is not supported" in str(err)


def test_missing_file(data_copy: Path) -> None:
    (data_copy / "glossary.yaml").unlink()
    err = load_error(data_copy)
    assert err.file == "data/glossary.yaml" and "cannot be read" in str(err)


def test_minimum_larger_than_maximum(data_copy: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["healing"]["range_weeks"] = {"min": 30, "max": 4}

    edit(data_copy, "causes.yaml", change)
    err = load_error(data_copy)
    assert_names(err, "causes.yaml", "healing", "range_weeks")
