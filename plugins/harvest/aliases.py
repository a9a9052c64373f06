"""`aliases`: earlier paths of an entry on this site that keep working after a rename or a merge,
as in Hugo's front matter. Each becomes a small redirect page (rendering.py, templates/alias.html);
the sitemap lists only the real page. The validator refuses an alias that is not a clean site
path (schema.py's ALIAS_PATTERN) or that another page of the site already has (here)."""

from __future__ import annotations

import re

from . import model as m
from .schema import ALIAS_PATTERN
from .urls import SITE_FOLDERS

_ALIAS = re.compile(ALIAS_PATTERN)
RESERVED = (*SITE_FOLDERS, "index.html", "404.html")


def save_as(alias: str) -> str:
    """The file that answers `alias`: `/a/b/` and `/a/b` -> `a/b/index.html`, `/a.html` itself."""
    path = alias.lstrip("/")
    if not path or path.endswith("/"):
        return path + "index.html"
    if path.endswith((".html", ".htm")):
        return path
    return path + "/index.html"


def alias_files(entries) -> set[str]:
    """The redirect pages of the published entries (what the sitemap leaves out)."""
    return {save_as(a) for e in entries for a in e.data.get("aliases", ())}


def _facet_params(type_name: str) -> set[str]:
    from .facets import FACETS

    return {facet.param for facet in FACETS[type_name]}


def reserved(rel: str, page_slugs=()) -> str | None:
    """Why `rel` (a file in the output) belongs to the site itself; None when it is free."""
    parts = rel.split("/")
    if parts[0] in RESERVED or parts[0] in page_slugs:
        return "een pagina of map van de site zelf"
    entry_type = m.TYPE_BY_SECTION.get(parts[0])
    if entry_type is None:
        return None
    if parts[1:] == ["index.html"]:
        return f"het overzicht van de {entry_type.plural.lower()}"
    if len(parts) > 2 and parts[1] in _facet_params(entry_type.name):
        return f"een filterpagina van de {entry_type.plural.lower()}"
    return None


def check_aliases(entries: dict, page_slugs=()) -> None:
    """Cross-file rules. `entries` maps (type, slug) -> (doc, data); problems go onto the docs.
    `page_slugs`: the pages of content/pages, each at /<slug>/."""
    pages = {f"{m.TYPES[t].section}/{slug}/index.html": (t, slug) for t, slug in entries}
    claimed: dict[str, tuple] = {}  # file -> (doc path, alias as written)
    for (type_name, slug), (doc, data) in sorted(entries.items()):
        aliases = data.get("aliases")
        if not isinstance(aliases, list):
            continue
        for i, alias in enumerate(aliases):
            if not isinstance(alias, str) or not _ALIAS.match(alias):
                continue  # the schema reports it
            # Compared without case: on macOS and Windows `/Theme/` is the folder `theme/`.
            rel, at = save_as(alias).lower(), ("aliases", i)
            owner = pages.get(rel)
            if owner == (type_name, slug):
                doc.problem(at, f"`{alias}` is het adres van deze inzending zelf; een eerder adres "
                                "is een adres dat ze vroeger had")
            elif owner is not None:
                doc.problem(at, f"`{alias}` is de pagina van content/{owner[0]}/{owner[1]}.md; een "
                                "eerder adres mag geen bestaande inzending verbergen")
            elif why := reserved(rel, page_slugs):
                doc.problem(at, f"`{alias}` is {why}; noem alleen adressen die deze inzending "
                                "vroeger had, bv. `/" + m.TYPES[type_name].section + "/oude-slug/`")
            elif rel in claimed and claimed[rel][0] == doc.path and claimed[rel][1] == alias:
                pass  # the schema's uniqueItems reports it
            elif rel in claimed and claimed[rel][0] == doc.path:
                doc.problem(at, f"`{alias}` en `{claimed[rel][1]}` zijn hetzelfde adres; laat er één staan")
            elif rel in claimed:
                doc.problem(at, f"`{alias}` is al een eerder adres van {claimed[rel][0]}; een adres "
                                "kan maar naar één inzending leiden")
            else:
                claimed[rel] = (doc.path, alias)
