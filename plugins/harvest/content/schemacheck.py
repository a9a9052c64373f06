"""A quick yes to "does this front matter pass its JSON Schema?", before jsonschema is asked.

jsonschema walks a document through a validator object per keyword and subschema: about a tenth
of reading a file, beyond its Markdown. Nearly every file passes, and then jsonschema has nothing
to say. `surely_valid` answers for the keywords the content model's schemas use, exactly as
jsonschema (Draft 2020-12, with validate.py's `pattern`) would; where it cannot be sure (a keyword
it does not know, a value of a kind the front matter never gives, uniqueness among mixed values)
it answers None, as it does for a document that fails: then jsonschema checks it, and its errors
are what the contributor reads. So a "yes" here never hides an error jsonschema would report
(tests/test_schemacheck.py compares the two on every schema and many altered documents)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

# What describes a value and asserts nothing about it.
_ANNOTATIONS = frozenset({"title", "description", "$schema", "$comment", "default", "examples"})


class _Unsure(Exception):
    """Not a case this checker answers exactly: jsonschema decides."""


@lru_cache(maxsize=256)
def ecma(pattern: str) -> re.Pattern:
    r"""JSON Schema's `pattern` as ECMA-262 reads it: Python's `$` also matches before a final
    newline, so `slug\n` or `2024-01-01\n` would pass; `\Z` ends the text only."""
    return re.compile(pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern)


def surely_valid(schema: dict, instance) -> bool | None:
    """True when jsonschema would find no error in `instance`; None where it may find one."""
    known = _COMPILED.get(id(schema))
    if known is None or known[0] is not schema:
        known = _COMPILED[id(schema)] = (schema, _compiled(schema))
    try:
        return known[1](instance) or None
    except _Unsure:
        return None


# Each schema's check made once, as one function per (sub)schema: the same answers as _valid,
# keyword by keyword in the schema's order (so where _valid is unsure, so is this), without
# finding out what each keyword means again for every value of every file.
_COMPILED: dict[int, tuple] = {}
_KINDS = {"string": str, "object": dict, "array": list}
_BOUNDS = {"minLength": (str, True), "maxLength": (str, False), "minItems": (list, True),
           "maxItems": (list, False)}


def _compiled(schema: dict) -> Callable:
    checks = [_keyword(schema, key, want) for key, want in schema.items() if key not in _ANNOTATIONS]

    def valid(value) -> bool:
        for check in checks:
            if not check(value):
                return False
        return True

    return valid


def _keyword(schema: dict, key: str, want) -> Callable:
    """The check of one keyword of `schema`: _keyword_valid, made ready for the common ones."""
    if key == "type" and isinstance(want, str) and want in _KINDS:
        kind = _KINDS[want]
        return lambda value: isinstance(value, kind)
    if key == "pattern":
        search = ecma(want).search
        return lambda value: not isinstance(value, str) or search(value) is not None
    if key == "properties":
        subs = [(name, _compiled(sub)) for name, sub in want.items()]

        def properties(value) -> bool:
            if isinstance(value, dict):
                for name, sub in subs:
                    if name in value and not sub(value[name]):
                        return False
            return True

        return properties
    if key == "items" and isinstance(want, dict) and "prefixItems" not in schema:
        sub = _compiled(want)
        return lambda value: not isinstance(value, list) or all(map(sub, value))
    if key == "required":
        return lambda value: not isinstance(value, dict) or all(name in value for name in want)
    if key in _BOUNDS:
        kind, least = _BOUNDS[key]
        if least:
            return lambda value: not isinstance(value, kind) or len(value) >= want
        return lambda value: not isinstance(value, kind) or len(value) <= want
    if key == "enum" and all(isinstance(option, str) for option in want):
        return lambda value: isinstance(value, str) and value in want
    if key == "uniqueItems":
        return (lambda value: not isinstance(value, list) or _unique(value)) if want else (lambda value: True)
    if key == "additionalProperties" and want is False and "patternProperties" not in schema:
        known = schema.get("properties", {})
        return lambda value: not isinstance(value, dict) or all(name in known for name in value)
    if key == "anyOf":
        subs = [_compiled(sub) for sub in want]
        return lambda value: any(sub(value) for sub in subs)
    if key == "oneOf":
        subs = [_compiled(sub) for sub in want]
        return lambda value: sum(1 for sub in subs if sub(value)) == 1
    return lambda value: _keyword_valid(schema, key, want, value)


def _is(kind: str, value) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "object":
        return isinstance(value, dict)
    if kind == "array":
        return isinstance(value, list)
    if kind == "null":
        return value is None
    if kind == "boolean":
        return isinstance(value, bool)
    if isinstance(value, float):  # 1.0 is an integer to JSON Schema: not a case to decide here
        raise _Unsure
    if kind in ("integer", "number"):
        return isinstance(value, int) and not isinstance(value, bool)
    raise _Unsure


def _unique(items: list) -> bool:
    """jsonschema's `uniqueItems` for texts, and for objects whose values are texts; else unsure
    (it tells 1 from True, and 1 from 1.0, its own way)."""
    if all(isinstance(x, str) for x in items):
        return len(set(items)) == len(items)
    if all(isinstance(x, dict) and all(isinstance(v, str) for v in x.values()) for x in items):
        return len({tuple(sorted(x.items())) for x in items}) == len(items)
    raise _Unsure


def _valid(schema: dict, value) -> bool:
    return all(_keyword_valid(schema, key, want, value) for key, want in schema.items()
               if key not in _ANNOTATIONS)


def _keyword_valid(schema: dict, key: str, want, value) -> bool:
    """Whether `value` passes one keyword of `schema` (raises _Unsure where that is not sure)."""
    if key == "type":
        if not (any(_is(k, value) for k in want) if isinstance(want, list) else _is(want, value)):
            return False
    elif key == "properties":
        if isinstance(value, dict):
            for name, sub in want.items():
                if name in value and not _valid(sub, value[name]):
                    return False
    elif key == "required":
        if isinstance(value, dict) and any(name not in value for name in want):
            return False
    elif key == "additionalProperties":
        if isinstance(value, dict):
            if "patternProperties" in schema:
                raise _Unsure
            known = schema.get("properties", {})
            extra = [v for k, v in value.items() if k not in known]
            if want is False and extra:
                return False
            if isinstance(want, dict) and not all(_valid(want, v) for v in extra):
                return False
    elif key == "items":
        if isinstance(value, list):
            if "prefixItems" in schema or not isinstance(want, dict):
                raise _Unsure
            if not all(_valid(want, v) for v in value):
                return False
    elif key in ("minItems", "maxItems"):
        if isinstance(value, list) and (len(value) < want if key == "minItems" else len(value) > want):
            return False
    elif key == "uniqueItems":
        if want and isinstance(value, list) and not _unique(value):
            return False
    elif key in ("minLength", "maxLength"):
        if isinstance(value, str) and (len(value) < want if key == "minLength" else len(value) > want):
            return False
    elif key == "pattern":
        if isinstance(value, str) and not ecma(want).search(value):
            return False
    elif key == "enum":
        if not all(isinstance(option, str) for option in want):
            raise _Unsure
        if not (isinstance(value, str) and value in want):
            return False
    elif key in ("minimum", "maximum"):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if isinstance(value, float) or not isinstance(want, int):
                raise _Unsure
            if value < want if key == "minimum" else value > want:
                return False
    elif key == "anyOf":
        if not any(_valid(sub, value) for sub in want):
            return False
    elif key == "oneOf":
        if sum(1 for sub in want if _valid(sub, value)) != 1:
            return False
    else:
        raise _Unsure
    return True
