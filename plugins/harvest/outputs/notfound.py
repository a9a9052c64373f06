"""What the error page (404.html, which GitHub Pages serves for every unknown address) needs to
suggest the entry an address names: `suggesties/<first two characters>.json`, slug -> [[url, type
label, title], ...] for every entry. A static page cannot see its own address, so the
suggestion is made by theme/js/notfound.js; the page's search box and type links need no script.
One small file per two first characters keeps what the browser fetches small at 10,000 entries."""

from __future__ import annotations

import json

from ..site.routes import url
from ..state import digest


def suggestion_files(entries) -> dict[str, str]:
    """{path in the output: JSON text}, one file per first two characters of the slugs."""
    shards: dict[str, dict] = {}
    for e in entries:
        shard = shards.setdefault(e.slug[:2], {})
        shard.setdefault(e.slug, []).append([e.url, e.entry_type.label, e.title])
    return {url(None, "SUGGESTIONS", prefix=prefix): json.dumps(shard, ensure_ascii=False, sort_keys=True,
                                                separators=(",", ":"))
            for prefix, shard in sorted(shards.items())}


def write_suggestions(harvest, settings: dict, files) -> None:
    """Each file made again only when what it suggests changed: its entries' front matter and
    addresses (a title edit changes one file, not all of them)."""
    groups: dict[str, list] = {}
    for e in harvest.entries:
        groups.setdefault(e.slug[:2], []).append(e)
    for prefix, entries in sorted(groups.items()):
        inputs = [digest(b"".join([e.front for e in entries]), *(e.url for e in entries))]
        files.write(url(None, "SUGGESTIONS", prefix=prefix), inputs,
                    lambda entries=entries: next(iter(suggestion_files(entries).values())))
