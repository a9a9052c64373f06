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
from itertools import compress
from operator import and_, attrgetter, eq, is_, itemgetter, not_

from ..model import types as m
from ..site.routes import url
from ..state import ExportMemo, digest

SEPARATOR = " | "

# One column per field name, in the model's order: common fields, each type's own, relations.
_OWN = [f for t in m.TYPES.values() for f in t.fields]
FIELD_NAMES = list(dict.fromkeys(f.name for f in (*m.COMMON_FIELDS, *_OWN)))
RELATION_NAMES = list(m.TYPES)
# `page_url` is the entry's page on this site; `url` is a field of tools and knowledge.
# `changed`: the day it last changed (Git); `completeness`: the share of its type's fields for a
# complete entry that it has (0 to 1), `missing`: those it lacks (model/types.py, `complete`).
CSV_COLUMNS = ["type", "type_label", "slug", "page_url", *FIELD_NAMES, "changed", "completeness", "missing",
               *(f"related_{name}" for name in RELATION_NAMES)]


def completeness(entry) -> dict:
    t = entry.entry_type
    return {"score": t.completeness(entry.data), "missing": [f.name for f in t.missing(entry.data)]}


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
    record["changed"] = entry.changed
    record["completeness"] = completeness(entry)
    record["related"] = {type_name: [ref(e, siteurl) for e in related]
                         for type_name, related in entry.related.items()}
    record["content_html"] = entry.content
    return record


def harvest_record(harvest, settings: dict, entries: bool = True) -> dict:
    siteurl = settings.get("SITEURL", "")
    licence = settings.get("HARVEST_LICENSE", {})
    return {
        "name": settings.get("SITENAME", ""),
        "description": settings.get("SITESUBTITLE", ""),
        "url": absolute(siteurl, ""),
        "license": licence,
        "editors": {"name": settings.get("AUTHOR", ""), "email": settings.get("EDITORS_EMAIL", "")},
        "types": [{"type": t.name, "label": t.label, "plural": t.plural, "description": t.description,
                   "url": absolute(siteurl, url(settings, "LISTING_URL", t))} for t in m.TYPES.values()],
        "themes": [{"slug": slug, "title": t["title"], "description": t.get("description", ""),
                    "url": absolute(siteurl, url(settings, "THEME_URL", slug=slug))}
                   for slug, t in harvest.themes.items()],
        "entries": [entry_record(e, siteurl) for e in harvest.entries] if entries else [],
    }


def cell(value) -> str:
    """A field's value as one CSV cell: lists joined, links as `title <url>`, sources as
    `title, publisher <url>`."""
    if isinstance(value, list):
        return SEPARATOR.join(cell(v) for v in value)
    if isinstance(value, dict) and set(value) <= set(m.SOURCE_PARTS):  # a link, or a source
        words = ", ".join(value[k] for k in ("title", "publisher") if value.get(k))
        return f"{words} <{value['url']}>" if words and value.get("url") else words or value.get("url", "")
    return str(value)


# A cell starting with one of these is a formula to a spreadsheet program (OWASP's CSV injection
# rule): `=HYPERLINK(…)` in a title would run when someone opens the export.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def csv_row(e, siteurl: str) -> str:
    """One entry's line of the CSV, with its line end."""
    row = {"type": e.type_name, "type_label": e.entry_type.label, "slug": e.slug,
           "page_url": absolute(siteurl, e.url)}
    row.update({name: cell(e.data[name]) for name in FIELD_NAMES if name in e.data})
    score = completeness(e)
    row.update(changed=e.changed, completeness=str(score["score"]), missing=cell(score["missing"]))
    row.update({f"related_{t}": SEPARATOR.join(x.slug for x in related)
                for t, related in e.related.items()})
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([csv_cell(row.get(column, "")) for column in CSV_COLUMNS])
    return out.getvalue()


def csv_head() -> str:
    out = io.StringIO()
    # A byte-order mark lets spreadsheet programs read the accents (Wallonië) as UTF-8.
    out.write("\ufeff")
    csv.writer(out, lineterminator="\r\n").writerow(CSV_COLUMNS)
    return out.getvalue()


def csv_text(harvest, settings: dict) -> str:
    siteurl = settings.get("SITEURL", "")
    return csv_head() + "".join(csv_row(e, siteurl) for e in harvest.entries)


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def json_parts(record: dict, entry_lines: list[str] | None = None) -> list[str]:
    """The record as JSON with each top-level field and each entry on a line of its own: easy
    to read and to compare between versions, and written by json's fast encoder (an `indent`
    is not). In parts, one per entry, so that a large harvest is never one string in memory.
    `entry_lines`: the entries already encoded."""
    if entry_lines is None:
        entry_lines = [dumps(e) for e in record["entries"]]
    head = [f"{dumps(key)}: {dumps(value)}" for key, value in record.items() if key != "entries"]
    parts = ["{\n " + ",\n ".join([*head, '"entries": ['])]
    for i, line in enumerate(entry_lines):  # the separator apart: no copy of each line (44 MB at 10,000)
        parts += ("\n  " if i == 0 else ",\n  ", line)
    parts.append("\n ]\n}\n" if entry_lines else "]\n}\n")
    return parts


def json_bytes(record: dict, entry_lines: list[bytes]) -> list[bytes]:
    """json_parts' bytes (UTF-8), of `entry_lines` already encoded: the 44 MB of a harvest of
    10,000 entries written as they are, without a text layer or a copy of them joined."""
    if not entry_lines:
        return [part.encode() for part in json_parts(record, [])]
    parts = [b",\n  "] * (2 * len(entry_lines) + 2)
    parts[0], parts[1], parts[-1] = json_parts(record, [])[0].encode(), b"\n  ", b"\n ]\n}\n"
    parts[2:-1:2] = entry_lines
    return parts


_key = attrgetter("key")
_changed = attrgetter("changed")
_made = itemgetter(1)
_digest = itemgetter(2)


def write_exports(harvest, settings: dict, files) -> None:
    """Write both files through `files` (the BuildState). Its export memo holds what the last
    build encoded while the site's address stays the same: each entry's JSON line and CSV row
    with what they were made of. A file is written again only when one of those changed."""
    siteurl = settings.get("SITEURL", "")
    last = files.exports
    if last is None or last.key != (siteurl,):
        last = ExportMemo((siteurl,))
    memo = ExportMemo((siteurl,))
    entries = harvest.entries
    n, keys, days = len(entries), list(map(_key, entries)), list(map(_changed, entries))
    linked, shown = list(map(harvest.linked.__getitem__, keys)), list(map(harvest.shown.__getitem__, keys))
    # An entry's line shows its front matter, body, Git day and the titles of what it is linked to.
    # The Entry object stands for its front matter, body and address: a kept one (generator._Made)
    # is of the same file and settings (its HTML is Pelican's, memoized for the object's life).
    # Its CSV row: its front matter and Git day, the slugs of what it is linked to (in `shown`).
    # The same object at the same position as in the last build, with the same day and digests,
    # has the same line and row: found for 10,000 entries without a Python step per entry.
    if last.order is not None and len(last.order[0]) == n:
        was, was_days, was_linked, was_shown, was_lines, was_rows = last.order
        same = list(map(and_, map(is_, entries, was), map(eq, days, was_days)))
        lines, rows = list(was_lines), list(was_rows)
        line_todo = compress(range(n), map(not_, map(and_, same, map(eq, linked, was_linked))))
        row_todo = compress(range(n), map(not_, map(and_, same, map(eq, shown, was_shown))))
    else:
        lines, rows, line_todo, row_todo = [None] * n, [None] * n, range(n), range(n)
    for i in line_todo:
        e = entries[i]
        inputs = (e, days[i], linked[i])
        known = last.lines.get(e.key)
        if known is None or known[0] != inputs:
            line = dumps(entry_record(e, siteurl)).encode()  # kept encoded: written as it is
            known = (inputs, line, digest(line))
        lines[i] = known
    for i in row_todo:
        e = entries[i]
        row = (days[i], e.url, shown[i])
        known = last.rows.get(e.key)
        if known is None or known[0] != row:
            text = csv_row(e, siteurl)
            known = (row, text, digest(text))
        rows[i] = known
    memo.lines, memo.rows = dict(zip(keys, lines)), dict(zip(keys, rows))
    memo.order = (list(entries), days, linked, shown, lines, rows)
    head = harvest_record(harvest, settings, entries=False)
    # Each file's key: its head, and its lines' digests (of one length) joined in one piece.
    files.write(url(settings, "EXPORT_JSON"), [dumps(head), b"".join(map(_digest, lines))],
                lambda: json_bytes(head, list(map(_made, lines))))
    files.write(url(settings, "EXPORT_CSV"), [csv_head(), b"".join(map(_digest, rows))],
                lambda: [csv_head(), *map(_made, rows)], newline="")
    files.exports = memo if files.remember else None
