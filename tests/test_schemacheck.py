"""schemacheck.surely_valid says yes only where jsonschema finds no error (so the quick yes never
hides a problem a contributor should read), and says it for the files a harvest holds."""

from __future__ import annotations

import copy
import os
import random

from harvest.content import document
from harvest.content.schemacheck import surely_valid
from harvest.content.validate import _SCHEMAS, coerce, validator
from harvest.model import types as m

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _documents():
    """(type name, coerced front matter) of every entry in the repository's content/."""
    found = []
    for type_name in m.TYPES:
        folder = os.path.join(ROOT, "content", type_name)
        for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else ():
            path = os.path.join(folder, name)
            with open(path, "rb") as fh:
                doc = document.parse(fh.read(), path)
            if doc.ok:
                found.append((type_name, coerce(doc, type_name)))
    return found


def _agrees(type_name: str, data) -> bool:
    errors = list(validator(type_name).iter_errors(data))
    quick = surely_valid(_SCHEMAS[type_name], data)
    assert quick in (True, None)
    assert not (quick and errors), (type_name, data, [e.message for e in errors])
    return quick is True and not errors


def test_the_harvest_passes_the_quick_check():
    documents = _documents()
    assert len(documents) > 20
    for type_name, data in documents:
        errors = list(validator(type_name).iter_errors(data))
        assert surely_valid(_SCHEMAS[type_name], data) is (True if not errors else None)


# What a front matter may hold after coerce(): texts, a year, lists, links; and what it never
# gives but a check must not misjudge (floats, booleans).
_VALUES = ["", " ", "x", "tekst", "a\n", "2024-01-01", "2024-01-01\n", "2024-13-45", "ab-cd", "ab-cd\n",
           "https://example.org/a", "http://x", "mailto:a@b.be", "iemand@example.org", "x" * 301,
           "x" * 2000, "978-90-1234-567-8", "2024", "12:30", "ja", "no", "Vlaanderen", "nl", "be",
           "online", "hybride", "fysiek", None, 0, 1, 1999, 2024, 2101, -1, 1.0, 2.5, True, False,
           [], ["x"], ["x", "x"], ["ab-cd", "ef"], ["ab-cd", "ab-cd"], [1, 2], [1, True], [None],
           [{"title": "a", "url": "https://example.org"}],
           [{"title": "a", "url": "https://example.org"}, {"title": "a", "url": "https://example.org"}],
           [{"title": "a"}], [{"url": "https://x.org", "extra": "y"}], [{"title": 1, "url": "x"}],
           {}, {"title": "a"}, {"title": "a", "url": "https://example.org", "publisher": "p"}]


def _altered(rng: random.Random, data: dict, fields: list[str]) -> dict:
    out = copy.deepcopy(data)
    for _ in range(rng.randint(1, 3)):
        move = rng.random()
        if move < 0.6 and fields:
            out[rng.choice(fields)] = copy.deepcopy(rng.choice(_VALUES))
        elif move < 0.8 and out:
            out.pop(rng.choice(sorted(out)))
        else:
            out[rng.choice(["onbekend", "titel", "Title"])] = copy.deepcopy(rng.choice(_VALUES))
    return out


def test_a_quick_yes_is_never_given_where_jsonschema_finds_an_error():
    rng = random.Random(26)
    documents = _documents()
    agreed = changed = 0
    for round_ in range(60):
        for type_name, data in documents:
            fields = list(_SCHEMAS[type_name]["properties"])
            altered = _altered(rng, data, fields)
            agreed += _agrees(type_name, altered)
            changed += 1
            # Each field's own schema too, value by value (anyOf, oneOf, items, enum...).
            if round_ < 3:
                for name, sub in _SCHEMAS[type_name]["properties"].items():
                    for value in _VALUES:
                        errors = list(validator(type_name).evolve(schema=sub).iter_errors(value))
                        assert not (surely_valid(sub, value) and errors), (type_name, name, value)
    assert 0 < agreed < changed  # both kinds were met: some altered files still pass


def test_each_keyword_as_jsonschema_reads_it():
    """Schemas beyond the model's own (alternatives that overlap, bounds, enums): the quick check
    says yes exactly where jsonschema finds nothing, or stays unsure."""
    from jsonschema import Draft202012Validator

    schemas = [
        {"oneOf": [{"type": "string"}, {"type": "string", "minLength": 2}]},
        {"anyOf": [{"type": "integer", "minimum": 5}, {"type": "string", "maxLength": 1}]},
        {"type": ["string", "null"], "enum": ["a", "b"]},
        {"type": "integer", "minimum": 1900, "maximum": 2100},
        {"type": "array", "items": {"type": "string", "pattern": "^[a-z]+$"}, "uniqueItems": True,
         "minItems": 1, "maxItems": 2},
        {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"],
         "additionalProperties": {"type": "integer"}},
        {"type": "array", "uniqueItems": True},
        {"not": {"type": "string"}},  # a keyword it does not know: never a yes
    ]
    sure = 0
    for schema in schemas:
        validator = Draft202012Validator(schema)
        for value in _VALUES + [{"a": "x"}, {"a": "x", "b": 1}, {"a": "x", "b": "y"}, ["ab", "cd", "ef"]]:
            quick = surely_valid(schema, value)
            assert quick in (True, None)
            assert not (quick and list(validator.iter_errors(value))), (schema, value)
            if validator.is_valid(value) and "not" not in schema and not (
                    isinstance(value, (int, float)) and not isinstance(value, int)) and not (
                    isinstance(value, list) and not all(isinstance(x, str) or isinstance(x, dict) and all(
                        isinstance(v, str) for v in x.values()) for x in value)):
                assert quick, (schema, value)  # and a yes where it is sure
            sure += bool(quick)
    assert sure > 20


def test_the_made_check_answers_as_the_keywords_read_one_by_one():
    """surely_valid's functions, made once per schema, against _valid, which reads the schema's
    keywords again for every value: the same answer (yes, or unsure) for every schema and value."""
    from harvest.content.schemacheck import _Unsure, _valid

    def read(schema, value):
        try:
            return _valid(schema, value) or None
        except _Unsure:
            return None

    schemas = [*_SCHEMAS.values(),
               *(sub for schema in _SCHEMAS.values() for sub in schema["properties"].values()),
               {"type": "array", "uniqueItems": False, "minItems": 0},
               {"type": "object", "patternProperties": {"^a": {}}, "additionalProperties": False},
               {"type": "array", "prefixItems": [{"type": "string"}], "items": {"type": "string"}},
               {"enum": ["a", 1]}, {"type": "number", "minimum": 1.5}]
    rng = random.Random(7)
    documents = _documents()
    for schema in schemas:
        values = [*_VALUES, *(data for _, data in documents[:20]),
                  *(_altered(rng, data, list(data)) for _, data in documents[:20])]
        for value in values:
            assert surely_valid(schema, value) == read(schema, value), (schema, value)
