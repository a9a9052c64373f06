"""Open data: the whole published harvest as `/data/oogst.json` and `/data/oogst.csv`, for
researchers and other portals (as Participedia exports its cases).

The JSON holds every entry with every field as written in the front matter (the content model's
names), its body as sanitised HTML, and its relations resolved in both directions. The CSV has one
row per entry and one column per field of any type; list fields are joined with " | ". Both are
written in the harvest's own order, without timestamps, so an unchanged harvest gives the same files."""

from __future__ import annotations

import csv
import io
import json
import os

from . import model as m

JSON_PATH = "data/oogst.json"
CSV_PATH = "data/oogst.csv"
SEPARATOR = " | "

# One column per field name, in the model's order: common fields, each type's own, relations.
_OWN = [f for t in m.TYPES.values() for f in t.fields]
FIELD_NAMES = list(dict.fromkeys(f.name for f in (*m.COMMON_FIELDS, *_OWN)))
RELATION_NAMES = list(m.TYPES)
# `page_url` is the entry's page on this site; `url` is a field of tools and knowledge.
CSV_COLUMNS = ["type", "type_label", "slug", "page_url", *FIELD_NAMES,
               *(f"related_{name}" for name in RELATION_NAMES)]


def absolute(siteurl: str, path: str) -> str:
    return f"{siteurl}/{path}"


def ref(entry, siteurl: str) -> dict:
    return {"type": entry.type_name, "slug": entry.slug, "title": entry.title,
            "page_url": absolute(siteurl, entry.url)}


def entry_record(entry, siteurl: str) -> dict:
    """One entry with all its fields; `related` are its relations in both directions."""
    record = {"type": entry.type_name, "type_label": entry.entry_type.label, "slug": entry.slug,
              "page_url": absolute(siteurl, entry.url)}
    for name in m.FIELDS_BY_TYPE[entry.type_name]:
        if name in entry.data:
            record[name] = entry.data[name]
    record["related"] = {type_name: [ref(e, siteurl) for e in related]
                         for type_name, related in entry.related.items()}
    record["content_html"] = entry.content
    return record


def harvest_record(harvest, settings: dict) -> dict:
    siteurl = settings.get("SITEURL", "")
    licence = settings.get("HARVEST_LICENSE", {})
    return {
        "name": settings.get("SITENAME", ""),
        "description": settings.get("SITESUBTITLE", ""),
        "url": absolute(siteurl, ""),
        "license": licence,
        "editors": {"name": settings.get("AUTHOR", ""), "email": settings.get("EDITORS_EMAIL", "")},
        "types": [{"type": t.name, "label": t.label, "plural": t.plural, "description": t.description,
                   "url": absolute(siteurl, f"{t.section}/")} for t in m.TYPES.values()],
        "themes": [{"slug": slug, "title": t["title"], "description": t.get("description", ""),
                    "url": absolute(siteurl, f"themas/{slug}/")} for slug, t in harvest.themes.items()],
        "entries": [entry_record(e, siteurl) for e in harvest.entries],
    }


def cell(value) -> str:
    """A field's value as one CSV cell: lists joined, links as `title <url>`."""
    if isinstance(value, list):
        return SEPARATOR.join(cell(v) for v in value)
    if isinstance(value, dict):  # a link
        return f"{value['title']} <{value['url']}>"
    return str(value)


def csv_text(harvest, settings: dict) -> str:
    siteurl = settings.get("SITEURL", "")
    out = io.StringIO()
    # A byte-order mark lets spreadsheet programs read the accents (Wallonië) as UTF-8.
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for e in harvest.entries:
        row = {"type": e.type_name, "type_label": e.entry_type.label, "slug": e.slug,
               "page_url": absolute(siteurl, e.url)}
        row.update({name: cell(e.data[name]) for name in FIELD_NAMES if name in e.data})
        row.update({f"related_{t}": SEPARATOR.join(x.slug for x in related)
                    for t, related in e.related.items()})
        writer.writerow([row.get(column, "") for column in CSV_COLUMNS])
    return out.getvalue()


def write_exports(harvest, settings: dict) -> None:
    output = settings["OUTPUT_PATH"]
    os.makedirs(os.path.join(output, "data"), exist_ok=True)
    with open(os.path.join(output, JSON_PATH), "w", encoding="utf-8", newline="\n") as fh:
        json.dump(harvest_record(harvest, settings), fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    with open(os.path.join(output, CSV_PATH), "w", encoding="utf-8", newline="") as fh:
        fh.write(csv_text(harvest, settings))
