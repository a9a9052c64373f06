"""Files derived from the content model are current: schema/<type>.json, the field reference
in CONTRIBUTING.md and the issue form. Each failure names the command that fixes it."""

from __future__ import annotations

import json
import os
import re

import pytest
import yaml
from jsonschema import Draft202012Validator

from harvest.content.document import parse
from harvest.content.validate import coerce
from harvest.model import types as m
from harvest.model.schema import schema_for
from harvest.tools.derived import BEGIN, CHECKS, CONTRIBUTING, END, ISSUE_FORM, example, generated_files
from helpers import ROOT, VALID, write_content

FIX = "run `.venv/bin/invoke schema` and commit the result"


def read(rel: str) -> str:
    with open(os.path.join(ROOT, rel), encoding="utf-8") as fh:
        return fh.read()


@pytest.fixture(scope="module")
def generated():
    return generated_files(ROOT)


@pytest.mark.parametrize("rel", [*(os.path.join("schema", f"{t}.json") for t in m.TYPES), CONTRIBUTING,
                                 ISSUE_FORM])
def test_derived_file_is_current(generated, rel):
    assert os.path.isfile(os.path.join(ROOT, rel)), f"{rel} is missing: {FIX}"
    assert read(rel) == generated[rel], f"{rel} is out of date with plugins/harvest/model/types.py: {FIX}"


def test_no_stray_schema_files():
    assert sorted(os.listdir(os.path.join(ROOT, "schema"))) == sorted(f"{t}.json" for t in m.TYPES)


@pytest.mark.parametrize("type_name", list(m.TYPES))
def test_schema_file_is_the_validators_schema(type_name):
    schema = json.loads(read(os.path.join("schema", f"{type_name}.json")))
    assert schema == schema_for(type_name)  # the very object the validator checks with
    Draft202012Validator.check_schema(schema)
    assert set(schema["properties"]) == set(m.FIELDS_BY_TYPE[type_name])
    for name, f in m.FIELDS_BY_TYPE[type_name].items():
        # What an editor shows on completion and hover.
        assert schema["properties"][name]["title"] == f.label
        assert schema["properties"][name]["description"] == f.help


def test_schema_files_accept_valid_entries_and_reject_bad_ones():
    for rel, text in VALID.items():
        type_name = rel.split("/")[0]
        validator = Draft202012Validator(json.loads(read(os.path.join("schema", f"{type_name}.json"))))
        data = coerce(parse(text.encode(), rel), type_name)
        assert list(validator.iter_errors(data)) == [], rel
        assert list(validator.iter_errors({**data, "kind": "iets-anders", "titel": "x"})) != []


def test_contributing_reference_lists_every_field_and_choice():
    text = read(CONTRIBUTING)
    reference = text[text.index(BEGIN):text.index(END)]
    for t in m.TYPES.values():
        assert f"### {t.plural} (`content/{t.name}/`)" in reference
        assert example(t.name) in reference
        for f in m.FIELDS_BY_TYPE[t.name].values():
            assert f"| `{f.name}` |" in reference
            for value in f.choices:
                assert f"`{value}`" in reference


def test_reviewers_checklist_is_the_same_everywhere():
    contributing = read(CONTRIBUTING)
    template = read(os.path.join(".github", "PULL_REQUEST_TEMPLATE.md"))
    for check in CHECKS:
        assert f"- [ ] {check}" in contributing
        assert f"- [ ] {check}" in template


def test_issue_form_maps_onto_the_content_model(tmp_path):
    form = yaml.safe_load(read(ISSUE_FORM))
    assert form["name"] and form["description"] and form["body"]
    ids = {}
    for element in form["body"]:
        assert element["type"] in ("markdown", "input", "textarea", "dropdown", "checkboxes")
        assert element["attributes"]["label" if element["type"] != "markdown" else "value"]
        if "id" in element:
            assert element["id"] not in ids, "ids are unique"
            ids[element["id"]] = element
    # GitHub refuses a form whose ids or labels repeat, or whose ids have other characters.
    labels = [e["attributes"]["label"] for e in form["body"] if e["type"] != "markdown"]
    assert len(labels) == len(set(labels))
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", id_) for id_ in ids)
    all_fields = {name for fields in m.FIELDS_BY_TYPE.values() for name in fields}
    # The site's text, the type, the story, relations, review; title renamed (GitHub's address takes
    # `title` and `body` for the issue itself, and fills in the other fields by id).
    extras = {"inzending", "soort", "verhaal", "relations", "checks", "titel"}
    assert set(ids) - extras <= all_fields
    assert ids["titel"]["attributes"]["label"] == "Titel"
    # Every field a contributor writes by hand is asked, except relations (one free field)
    # and `status`/`date`/`updated`/`aliases` (the editors set those; a new entry has no
    # earlier address).
    asked = all_fields - {t for t in m.TYPES} - {"status", "date", "updated", "aliases", "title"}
    kinds = {f.name for t in m.TYPES.values() for f in t.fields if f.name == t.card}
    # (the card's choice of each type; an organisation's kind is optional: a source may not say)
    assert asked - kinds <= set(ids) and "kind" in ids
    # Choices by their Dutch labels, as people read them (make intake reads them back).
    assert ids["soort"]["attributes"]["options"] == [t.label for t in m.TYPES.values()]
    assert len(ids["kind"]["attributes"]["options"]) == sum(
        len(f.choices) for t in m.TYPES.values() for f in t.fields if f.name == t.card)
    assert ids["region"]["attributes"]["options"] == list(m.REGIONS.values())
    themes = [o["label"] for o in ids["themes"]["attributes"]["options"]]
    with open(os.path.join(ROOT, "content", "themes.yml"), encoding="utf-8") as fh:
        assert themes == [t["title"] for t in yaml.safe_load(fh)]
    # Nothing is required but the review: whoever comes from the site has it all in the first
    # field, and the workflow says what is missing (tests/test_intake.py).
    assert [e["id"] for e in ids.values() if e.get("validations", {}).get("required")] == []
    assert list(ids)[0] == "inzending"
    assert [o["label"] for o in ids["checks"]["attributes"]["options"]] == list(CHECKS)


def test_contributing_example_entries_validate(tmp_path):
    from harvest.content.loader import validate_tree

    content = write_content(tmp_path, {f"{t}/voorbeeld.md": example(t) + "\n" for t in m.TYPES})
    assert validate_tree(content)[1] == []
