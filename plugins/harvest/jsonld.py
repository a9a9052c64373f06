"""Structured data for search engines and other sites: schema.org JSON-LD per entry type.

The thing an entry page describes is the top-level node; its relations to other entries are
expressed with the schema.org property that fits the pair of types (a person is `memberOf` an
organisation, an organisation has that person as `member`, a creative work `mentions` what it is
linked to). Every relation of the page appears once, so other sites can follow the harvest's graph."""

from __future__ import annotations

import json

from jinja2 import pass_context
from markupsafe import Markup

CONTEXT = "https://schema.org"

ORGANISATION_TYPES = {"overheid": "GovernmentOrganization", "gemeente": "GovernmentOrganization"}

# Property on the page's node for entries of a related type, per page type. What has no fitting
# property of its own is `knowsAbout` (people, organisations, projects) or `mentions` (works).
PERSON_PROPERTIES = {"organisations": "memberOf", "projects": "memberOf", "experts": "knows"}
ORGANISATION_PROPERTIES = {"experts": "member", "projects": "memberOf"}
PROJECT_PROPERTIES = {"experts": "member", "organisations": "member"}
CREATIVE_WORK_PROPERTIES = {"projects": "about"}


def schema_type(entry) -> str:
    """The schema.org type of the thing an entry describes."""
    data = entry.data
    name = entry.type_name
    if name == "projects":
        return "Project"
    if name == "experts":
        return "Person"
    if name == "organisations":
        return ORGANISATION_TYPES.get(data["kind"], "Organization")
    if name == "tools":
        # A work form is a sequence of steps to follow; a tool or system is simply a work.
        return "HowTo" if data["kind"] == "werkvorm" else "CreativeWork"
    if name == "knowledge":
        # Only an ISBN makes literature certainly a book (the harvest also lists films and reports).
        return "Book" if data["kind"] == "literatuur" and "isbn" in data else "CreativeWork"
    return "CreativeWork"


def is_creative_work(entry) -> bool:
    return entry.type_name in ("practices", "tools", "knowledge")


def absolute(siteurl: str, path: str) -> str:
    return f"{siteurl}/{path}"


def reference(entry, siteurl: str) -> dict:
    url = absolute(siteurl, entry.url)
    return {"@type": schema_type(entry), "@id": url, "name": entry.title, "url": url}


def relation_property(entry, related_type: str) -> str:
    """The schema.org property that links `entry` to an entry of `related_type`."""
    if entry.type_name == "experts":
        return PERSON_PROPERTIES.get(related_type, "knowsAbout")
    if entry.type_name == "organisations":
        return ORGANISATION_PROPERTIES.get(related_type, "knowsAbout")
    if entry.type_name == "projects":
        return PROJECT_PROPERTIES.get(related_type, "knowsAbout")
    if entry.type_name == "practices":
        return CREATIVE_WORK_PROPERTIES.get(related_type, "mentions")
    return "mentions"


def node(entry, harvest, settings: dict) -> dict:
    """The JSON-LD of one entry, as a plain dict (stable key order)."""
    siteurl = settings.get("SITEURL", "")
    data = entry.data
    url = absolute(siteurl, entry.url)
    out: dict = {
        "@context": CONTEXT,
        "@type": schema_type(entry),
        "@id": url,
        "url": url,
        "name": entry.title,
        "description": data["summary"],
    }
    themes = [harvest.themes[slug] for slug in data["themes"] if slug in harvest.themes]
    theme_terms = [{"@type": "DefinedTerm", "name": t["title"],
                    "url": absolute(siteurl, f"themas/{t['slug']}/")} for t in themes]
    kind = entry.kind_label
    if is_creative_work(entry):
        out["inLanguage"] = settings.get("DEFAULT_LANG", "nl")
        if kind != entry.entry_type.label:
            out["genre"] = kind
        out["keywords"] = [t["title"] for t in themes]
        out["about"] = theme_terms
        out["dateCreated"] = data["date"]
        if "updated" in data:
            out["dateModified"] = data["updated"]
        if "source" in data:
            out["isBasedOn"] = data["source"]
        if "license" in data:
            out["license"] = data["license"]
        if data.get("contributors"):
            out["contributor"] = [{"@type": "Person", "name": n} for n in data["contributors"]]
    else:
        out["knowsAbout"] = theme_terms

    _own_fields(entry, out)
    out["mainEntityOfPage"] = {
        "@type": "WebPage", "@id": url, "inLanguage": settings.get("DEFAULT_LANG", "nl"),
        "isPartOf": {"@type": "WebSite", "name": settings.get("SITENAME", ""),
                     "url": absolute(siteurl, "")},
    }
    for related_type, related in entry.related.items():
        prop = relation_property(entry, related_type)
        refs = [reference(e, siteurl) for e in related]
        if prop in out:
            out[prop] = list(out[prop]) + refs
        else:
            out[prop] = refs
    return out


def _own_fields(entry, out: dict) -> None:
    """The fields of one type, under the schema.org names for them."""
    data = entry.data
    name = entry.type_name
    external = data.get("website") or data.get("url")
    if external:
        out["sameAs"] = external
    if name == "projects":
        if "started" in data:
            out["foundingDate"] = str(data["started"])
        if "ended" in data:
            out["dissolutionDate"] = str(data["ended"])
    elif name == "experts":
        out["jobTitle"] = entry.kind_label
        if "email" in data:  # only present with the person's consent (content model)
            out["email"] = data["email"]
    elif name == "knowledge":
        if data.get("authors"):
            out["author"] = [{"@type": "Person", "name": n} for n in data["authors"]]
        if "year" in data:
            out["datePublished"] = str(data["year"])
        if "publisher" in data:
            out["publisher"] = {"@type": "Organization", "name": data["publisher"]}
        if "isbn" in data:
            out["isbn"] = data["isbn"]
    elif name == "tools":
        if "duration" in data:
            out["timeRequired"] = data["duration"]
        if "group_size" in data:
            out["audience"] = {"@type": "Audience", "audienceType": data["group_size"]}
    elif name == "practices" and data.get("lessons"):
        out["abstract"] = " ".join(data["lessons"])


def website(harvest, settings: dict) -> dict:
    """The home page's JSON-LD: the site, its editors and its open data."""
    siteurl = settings.get("SITEURL", "")
    licence = settings.get("HARVEST_LICENSE", {})
    out = {
        "@context": CONTEXT,
        "@type": "WebSite",
        "@id": absolute(siteurl, ""),
        "url": absolute(siteurl, ""),
        "name": settings.get("SITENAME", ""),
        "description": settings.get("SITESUBTITLE", ""),
        "inLanguage": settings.get("DEFAULT_LANG", "nl"),
        "publisher": {"@type": "Organization", "name": settings.get("AUTHOR", ""),
                      "email": settings.get("EDITORS_EMAIL", "")},
        "about": [{"@type": "DefinedTerm", "name": t["title"],
                   "url": absolute(siteurl, f"themas/{slug}/")} for slug, t in harvest.themes.items()],
    }
    if licence:
        out["license"] = licence["url"]
    out["subjectOf"] = {
        "@type": "Dataset",
        "name": f"{settings.get('SITENAME', '')}: open data",
        "description": "Elke gepubliceerde inzending met al haar velden en verbanden.",
        "license": licence.get("url", ""),
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": "application/json",
             "contentUrl": absolute(siteurl, "data/oogst.json")},
            {"@type": "DataDownload", "encodingFormat": "text/csv",
             "contentUrl": absolute(siteurl, "data/oogst.csv")},
        ],
    }
    return out


def dumps(value: dict) -> str:
    """JSON safe inside <script>: no `</script>` or `<!--` can close or confuse the element.
    On one line: json's fast encoder does not indent, and every entry page carries one."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@pass_context
def script(context, entry=None) -> Markup:
    """`<script type="application/ld+json">` for an entry page, or for the site on the home page.

    A data block, not a script: the Content-Security-Policy's `script-src 'self'` does not apply."""
    settings = {key: context.get(key) for key in
                ("SITEURL", "SITENAME", "SITESUBTITLE", "DEFAULT_LANG", "AUTHOR", "EDITORS_EMAIL",
                 "HARVEST_LICENSE") if context.get(key) is not None}
    harvest = context.get("harvest")
    if harvest is None:
        return Markup("")
    value = node(entry, harvest, settings) if entry is not None else website(harvest, settings)
    return Markup(f'<script type="application/ld+json">\n{dumps(value)}\n</script>')
