"""The "Deel je oogst" form at /meedoen/: what its script needs, generated from the content model
at build time, and the entry file it hands over, written here in Python as the reference the
script mirrors (theme/js/contribute-rules.js; tests compare the two).

The form data is small on purpose: the types with their fields, labels, help and choices, the
themes, the rules' numbers and patterns, and the messages as templates from the one catalogue
(model/messages.py), so both say the same words. The entries ([slug, title] for the relation
pickers and "slug taken") are one file per type, fetched when the form needs that type: at 10,000
entries all of them would weigh 180 KB."""

from __future__ import annotations

import datetime
import json
import re

from .. import clock
from ..content.validate import _example
from ..model import schema
from ..model import types as m
from ..model.messages import _ASK, person_help, templates
from ..site.routes import repository_url, url
from ..text import _APOSTROPHES, _FOLD, SLUG_MAX, yaml_scalar

# Fields a contributor does not fill in: the editors set them (status) or they only concern an
# entry that already exists (updated, aliases).
LEFT_OUT = ("updated", "status", "aliases")

# GitHub refuses longer addresses; above this the file goes to the clipboard instead.
URL_MAX = 8000
# Some mail programs cut or refuse a mailto: link longer than this (Windows hands links of at most
# 2,083 characters to the mail program): above it the link carries the readable part and the page
# says to paste the rest.
MAIL_MAX = 2000
# Fields the form fills in itself: the day it is sent.
DERIVED = ("date",)

# The messages of the rules the form checks before anything is sent, from the catalogue
# (model/messages.py) in the person voice; the script fills in the placeholders.
FORM_MESSAGES = (
    "missing", "long", "html", "oneLine", "year", "yearRange", "yearOrder", "date", "dateExists", "url",
    "urlScheme", "email", "isbn", "isbnCheck", "linkPart", "unknown", "taken", "slug", "oneOf", "moment",
    "hour", "endTimeOnly", "endKind", "endOrder", "pattern", "noSlug", "noStory", "noTypeChosen",
    *_ASK,  # the per-field person voice of "missing" and "linkPart"
    # Parts of the messages above.
    "momentForms", "orTimeAlone", "slugFallback", "listOr",
    "mailSubject",  # the e-mail to the editors
    "readType", "readStory", "readNew", "readAt", "readMark", "readRest",  # the submission in words
)

# Pairs of year fields where the second may not come before the first (validate._check_rules).
YEAR_ORDER = (("started", "ended"),)


# Kinds the form knows; for any other the JSON Schema's pattern is passed on and checked.
KNOWN_KINDS = {m.TEXT, m.PLAINTEXT, m.DATE, m.YEAR, m.URL, m.EMAIL, m.ISBN, m.CHOICE, m.CHOICES,
               m.TEXTS, m.THEMES, m.LINKS, m.RELATION}


def _field(f: m.Field, type_name: str) -> dict:
    item = {"name": f.name, "kind": f.kind, "label": f.label, "help": person_help(f)}
    if item["help"] != f.help:
        item["fileHelp"] = f.help  # what the file voice quotes (`make validate` says the same)
    if f.name in DERIVED:
        item["derived"] = True
    if f.kind not in KNOWN_KINDS:
        pattern = schema.schema_for(type_name)["properties"][f.name].get("pattern")
        item.update({"pattern": pattern} if pattern else {})
        item.update({"example": f.example} if isinstance(f.example, str) else {})
    if f.required or f.name in m.TO_PUBLISH:  # what the form hands over is published, not a draft
        item.update(required=True, example=_example(f))
    if f.choices:
        item["choices"] = [[value, label] for value, label in f.choices.items()]
    return item


def story_prompt(t: m.EntryType) -> str:
    """The type's prompt as a person reads it: sentences that name a field by its key left out."""
    return " ".join(s for s in re.split(r"(?<=[.?!])\s+", t.prompt) if "`" not in s)


def form_model(harvest, settings: dict, today: datetime.date | None = None) -> dict:
    types = []
    for name, t in m.TYPES.items():
        required, optional, relations = m.field_groups(name)
        types.append({
            "name": name, "label": t.label, "plural": t.plural, "description": t.description,
            "section": t.section, "card": t.card,
            # The story: required or not, and what to write about, without the file's syntax.
            "story": t.story, "prompt": story_prompt(t),
            "entries": url(settings, "CONTRIBUTE_ENTRIES", t),
            # Groups of fields of which at least one is filled in (an event's city or online).
            "oneOf": [list(g) for g in getattr(t, "one_of", ())],
            "fields": [{**_field(f, name), "group": group}
                       for group, fields in (("required", required), ("optional", optional),
                                             ("relation", relations))
                       for f in fields if f.name not in LEFT_OUT],
        })
    repository = settings.get("REPOSITORY_URL", "")
    return {
        "types": types,
        "themes": [[slug, theme["title"]] for slug, theme in harvest.themes.items()],
        "today": (today or clock.today(settings)).isoformat(),
        "rules": {"summaryMax": m.SUMMARY_MAX, "yearMin": schema.YEAR_MIN, "yearMax": schema.YEAR_MAX,
                  "slug": m.SLUG_PATTERN, "slugMax": SLUG_MAX, "url": schema.URL_PATTERN,
                  "email": schema.EMAIL_PATTERN, "isbn": schema.ISBN_PATTERN,
                  "date": schema.DATE_PATTERN, "yearOrder": YEAR_ORDER, "urlMax": URL_MAX,
                  "mailMax": MAIL_MAX,
                  "fold": {chr(k): v for k, v in _FOLD.items()},
                  "apostrophes": _APOSTROPHES.pattern[1:-1]},
        "messages": templates(FORM_MESSAGES),
        "repository": {"url": repository, "branch": settings.get("REPOSITORY_BRANCH") or "main",
                       "content": settings.get("REPOSITORY_CONTENT_PATH") or "content",
                       "issue": repository_url(settings, "submission")},
        "editors": settings.get("EDITORS_EMAIL", ""),
    }


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_form_data(harvest, settings: dict, files) -> None:
    """The form's data at CONTRIBUTE_DATA, and per type its entries at CONTRIBUTE_ENTRIES."""
    files.write(url(settings, "CONTRIBUTE_DATA"), _json(form_model(harvest, settings)))
    listed: dict[str, list] = {name: [] for name in m.TYPES}  # in the harvest's order
    for e in harvest.entries:
        listed[e.type_name].append([e.slug, e.title])
    for name, t in m.TYPES.items():
        files.write(url(settings, "CONTRIBUTE_ENTRIES", t), _json(listed[name]))


def _flow(items: list) -> str:
    return "[" + ", ".join(yaml_scalar(str(i)) for i in items) + "]"


def entry_text(type_name: str, values: dict, body: str = "") -> str:
    """The file the form hands over: the scaffold's fields in the scaffold's order and quoting,
    filled in, without its explanations; empty fields left out. `values` as the form holds them:
    text for one value, a list for several, links as [{title, url}]."""
    lines = ["---"]
    for group in m.field_groups(type_name):
        for f in group:
            value = values.get(f.name)
            if value in (None, "", []):
                continue
            if f.kind == m.LINKS:
                lines.append(f"{f.name}:")
                for link in value:
                    parts = [(k, link.get(k, "").strip()) for k in ("title", "url")]
                    parts = [(k, v) for k, v in parts if v]
                    lines += [f"{'  - ' if i == 0 else '    '}{k}: {yaml_scalar(v)}"
                              for i, (k, v) in enumerate(parts)]
            elif f.kind == m.TEXTS:
                lines.append(f"{f.name}:")
                lines += [f"  - {yaml_scalar(item)}" for item in value]
            elif isinstance(value, list):
                lines.append(f"{f.name}: {_flow(value)}")
            elif f.kind == m.YEAR and re.fullmatch(r"[0-9]+", value):
                lines.append(f"{f.name}: {value}")  # plain: a number, as the scaffold asks
            elif f.kind == m.DATE and re.fullmatch(schema.DATE_PATTERN[1:-1], value):
                lines.append(f"{f.name}: {value}")
            else:
                lines.append(f"{f.name}: {yaml_scalar(value)}")
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    return "\n".join(lines) + "\n---\n" + (body + "\n" if body else "")
