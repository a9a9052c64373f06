"""JSON Schema per entry type, derived from the model. The validator checks entries with it,
and `schema/<type>.json` gives editors with YAML tooling completion and inline checks."""

from __future__ import annotations

import re
from functools import cache

from . import types as m

URL_PATTERN = r"^https?://[^\s/?#]+\.[^\s/?#]+([/?#]\S*)?$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
# An event's start: a day, or a day and a time (events.py reads it; validate.py checks it exists).
MOMENT_PATTERN = r"^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2})?$"
END_PATTERN = r"^(\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2})?|\d{1,2}:\d{2})$"
ISBN_PATTERN = r"^[0-9][0-9 -]{8,15}[0-9Xx]$"
YEAR_MIN, YEAR_MAX = 1000, 2100
# Sane days (validate.py): a day the harvest records (`date`, `updated`) from 1900 to a year after
# the build's day; an event's start and end from 1900 to 2200. Beyond them no reader means it, and
# the agenda and the calendars count days past them (9999-12-31 has no day after).
DAY_MIN_YEAR = 1900
DAY_AHEAD_DAYS = 366
MOMENT_YEARS = (1900, 2200)
# An earlier path on this site: segments of letters, digits, `_`, `~` and `-` (never `.` or `..`),
# ending in `/`, in a segment or in `.html`. No scheme, host, query, spaces or control characters.
_SEGMENT = r"[A-Za-z0-9_~-]+"
ALIAS_PATTERN = rf"^/({_SEGMENT}/)*({_SEGMENT}(\.html?)?)?$"
ALIAS_MAX = 200


def _fragment(f: m.Field) -> dict:
    text = {"type": "string", "minLength": 1}
    choice = {"type": "string", "enum": list(f.choices)}
    kinds = {
        m.TEXT: text,
        m.PLAINTEXT: {**text, "maxLength": m.SUMMARY_MAX},
        m.DATE: {"type": "string", "pattern": DATE_PATTERN},
        m.MOMENT: {"type": "string", "pattern": MOMENT_PATTERN},
        m.END: {"type": "string", "pattern": END_PATTERN},
        m.YEAR: {"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX},
        m.URL: {"type": "string", "pattern": URL_PATTERN},
        m.EMAIL: {"type": "string", "pattern": EMAIL_PATTERN},
        m.ISBN: {"type": "string", "pattern": ISBN_PATTERN},
        m.CHOICE: choice,
        m.CHOICES: {"type": "array", "items": choice, "minItems": 1, "uniqueItems": True},
        m.TEXTS: {"type": "array", "items": text},
        m.THEMES: {"type": "array", "items": {"type": "string", "pattern": m.SLUG_PATTERN},
                   "minItems": 1, "uniqueItems": True},
        m.RELATION: {"type": "array", "items": {"type": "string", "pattern": m.SLUG_PATTERN},
                     "uniqueItems": True},
        m.ALIASES: {"type": "array", "items": {"type": "string", "pattern": ALIAS_PATTERN,
                                               "maxLength": ALIAS_MAX}, "uniqueItems": True},
        m.SOURCE: _source(text),
        m.LINKS: {"type": "array", "items": {
            "type": "object",
            "properties": {"title": text, "url": {"type": "string", "pattern": URL_PATTERN}},
            "required": ["title", "url"],
            "additionalProperties": False,
        }},
    }
    return {"title": f.label, "description": f.help, **kinds[f.kind]}


def _source(text: dict) -> dict:
    """An address or a title (text), or {title, publisher, url} with at least the title; or a list
    of those. Text that looks like an address must be one (the validator says so)."""
    one = {"oneOf": [
        text,
        {"type": "object",
         "properties": {"title": text, "publisher": text, "url": {"type": "string", "pattern": URL_PATTERN}},
         "required": ["title"], "additionalProperties": False},
    ]}
    return {"anyOf": [one, {"type": "array", "items": one, "minItems": 1}]}


@cache
def schema_for(type_name: str) -> dict:
    t = m.TYPES[type_name]
    fields = m.FIELDS_BY_TYPE[type_name].values()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Oogst: {t.label.lower()} (content/{type_name}/<slug>.md)",
        "description": t.description,
        "type": "object",
        "properties": {f.name: _fragment(f) for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }


def is_address(text: str) -> bool:
    """Text meant as a web address rather than words: one word with `://`, `www.` or a dot."""
    return not re.search(r"\s", text.strip()) and ("://" in text or text.startswith("www.") or "." in text)


def sources(value) -> list[dict]:
    """A checked `source` as a list of {title, publisher, url}, each with the parts it has."""
    items = value if isinstance(value, list) else [value] if value else []
    return [({"url": item} if is_address(item) else {"title": item.strip()}) if isinstance(item, str)
            else dict(item) for item in items]
