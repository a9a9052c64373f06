"""What a search result shows, one small file per document, so that only the results on screen
are fetched: title, address, type, kind, summary and the body text the snippet is cut from."""

from __future__ import annotations


def record(entry, doc: dict) -> dict:
    return {
        "t": doc["title"],
        "u": entry.url,
        "y": entry.type_name,
        "k": entry.kind_label if entry.kind_label != entry.entry_type.label else "",
        "s": doc["summary"],
        "b": doc["body"],
    }
