"""`aliases`: earlier paths of an entry on this site that keep working after a rename or a merge,
as in Hugo's front matter. Each becomes a small redirect page (rendering.py, templates/alias.html);
the sitemap lists only the real page. The validator refuses an alias that is not a clean site
path (schema.py's ALIAS_PATTERN) or that another page of the site already has (here)."""

from __future__ import annotations

import re

from ..model import types as m
from ..model.schema import ALIAS_PATTERN
from .routes import addresses, site_files, site_folders, url

_ALIAS = re.compile(ALIAS_PATTERN)


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


def reserved(rel: str, page_slugs=(), settings=None) -> str | None:
    """Why `rel` (a file in the output) belongs to the site itself, with the addresses these
    settings give (routes.py); None when it is free."""
    settings = settings or {}
    first = rel.split("/")[0]
    if first in site_files(settings) or first in page_slugs or first in site_folders(settings):
        return "een pagina of map van de site zelf"
    for entry_type in m.TYPES.values():
        if rel == url(settings, "LISTING_SAVE_AS", entry_type).lower():
            return f"het overzicht van de {entry_type.plural.lower()}"
        for param in {facet.param for facet in entry_type.facets}:
            # The folder of this facet's pages: the file's address up to its value.
            prefix = url(settings, "FACET_SAVE_AS", entry_type, facet=param, value="\0").split("\0")[0]
            if rel.startswith(prefix.lower()):
                return f"een filterpagina van de {entry_type.plural.lower()}"
    return None


def published_files(settings=None, static=()) -> dict[str, str]:
    """The files the build writes whatever the entries: the routes' files written once
    or per type (robots.txt, sitemap.xml, feeds, open data), and the static files of content/
    (`static`, content-relative) where Pelican puts them: EXTRA_PATH_METADATA's `save_as` or
    `path` first (`extra/CNAME` -> `CNAME`), else STATIC_SAVE_AS. In lower case -> as written."""
    settings = settings or {}
    files = set(addresses(settings)[1])
    extra = settings.get("EXTRA_PATH_METADATA") or {}
    for rel in static:
        meta = extra.get(rel) or {}
        files.add(meta.get("save_as") or meta.get("path") or url(settings, "STATIC_SAVE_AS", path=rel))
    return {f.lstrip("/").lower(): f.lstrip("/") for f in files}


def _clash(rel: str, published: dict[str, str]) -> str | None:
    """The published file that the redirect page `rel` would replace: the file itself, or a file
    where the page needs a folder (`CNAME` for `CNAME/index.html`)."""
    parts = rel.split("/")
    return next((published[p] for p in ("/".join(parts[:i]) for i in range(1, len(parts) + 1))
                 if p in published), None)


def check_aliases(entries: dict, page_slugs=(), settings=None, static=()) -> None:
    """Cross-file rules. `entries` maps (type, slug) -> (doc, data); problems go onto the docs.
    `page_slugs`: the pages of content/pages, each at /<slug>/; `static`: the static files of
    content/ that passed the tree's guard."""
    published = published_files(settings, static)
    pages = {url(settings or {}, "ENTRY_SAVE_AS", m.TYPES[t], slug=slug).lower(): (t, slug)
             for t, slug in entries}
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
            elif why := reserved(rel, page_slugs, settings):
                example = url(settings or {}, "ENTRY_URL", m.TYPES[type_name], slug="oude-slug")
                doc.problem(at, f"`{alias}` is {why}; noem alleen adressen die deze inzending "
                                f"vroeger had, bv. `/{example}`")
            elif clash := _clash(rel, published):
                example = url(settings or {}, "ENTRY_URL", m.TYPES[type_name], slug="oude-slug")
                doc.problem(at, f"`{alias}` zou het bestand `{clash}` vervangen, dat de site publiceert; "
                                f"noem alleen adressen die deze inzending vroeger had, bv. `/{example}`")
            elif rel in claimed and claimed[rel][0] == doc.path and claimed[rel][1] == alias:
                pass  # the schema's uniqueItems reports it
            elif rel in claimed and claimed[rel][0] == doc.path:
                doc.problem(at, f"`{alias}` en `{claimed[rel][1]}` zijn hetzelfde adres; laat er één staan")
            elif rel in claimed:
                doc.problem(at, f"`{alias}` is al een eerder adres van {claimed[rel][0]}; een adres "
                                "kan maar naar één inzending leiden")
            else:
                claimed[rel] = (doc.path, alias)
