"""Structured data for search engines and other sites: schema.org JSON-LD per entry type.

The thing an entry page describes is the top-level node; its relations to other entries are
expressed with the schema.org property that fits the pair of types (a person is `memberOf` an
organisation, an organisation has that person as `member`, a creative work `mentions` what it is
linked to). Every relation of the page appears once, so other sites can follow the harvest's graph."""

from __future__ import annotations

import json

from jinja2 import pass_context
from markupsafe import Markup

from ..i18n import _
from ..site import routes as urls

CONTEXT = "https://schema.org"

def schema_type(entry) -> str:
    """The schema.org type of the thing an entry describes (the model's first matching rule)."""
    schema, data = entry.entry_type.schema, entry.data
    for type_name, conditions in schema.when:
        if all(name in data if want is True else data.get(name) == want for name, want in conditions.items()):
            return type_name
    return schema.type


def absolute(siteurl: str, path: str) -> str:
    return f"{siteurl}/{path}"


def reference(entry, siteurl: str) -> dict:
    url = absolute(siteurl, entry.url)
    return {"@type": schema_type(entry), "@id": url, "name": entry.title, "url": url}


def relation_property(entry, related_type: str) -> str:
    """The schema.org property that links `entry` to an entry of `related_type`."""
    schema = entry.entry_type.schema
    return schema.relations.get(related_type, schema.relation)


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
                    "url": absolute(siteurl, urls.url(settings, "THEME_URL", slug=t["slug"]))}
                   for t in themes]
    kind = entry.kind_label
    if entry.entry_type.schema.creative_work:
        out["inLanguage"] = settings.get("DEFAULT_LANG", "nl")
        if kind != entry.entry_type.label:
            out["genre"] = kind
        out["keywords"] = [t["title"] for t in themes]
        out["about"] = theme_terms
        out["dateCreated"] = data["date"]
        out["dateModified"] = entry.changed
        based = [_source(item) for item in entry.sources]
        if based:
            out["isBasedOn"] = based[0] if len(based) == 1 else based
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


_SHAPES = {
    "text": str,
    "persons": lambda names: [{"@type": "Person", "name": n} for n in names],
    "organisation": lambda name: {"@type": "Organization", "name": name},
    "audience": lambda text: {"@type": "Audience", "audienceType": text},
    "joined": " ".join,
}


def _source(item: dict):
    """A source as its address alone, or as the work it is: title, publisher and address."""
    if set(item) == {"url"}:
        return item["url"]
    work = {"@type": "CreativeWork", "name": item["title"]}
    if item.get("publisher"):
        work["publisher"] = {"@type": "Organization", "name": item["publisher"]}
    if item.get("url"):
        work["url"] = item["url"]
    return work


def event(entry, out: dict) -> None:
    """An Event's time, place and attendance mode, which several fields give together; its
    themes are what it is `about` (an Event has no `knowsAbout`)."""
    data, when = entry.data, entry.when
    out["startDate"] = when.iso_start()
    if when.iso_end():
        out["endDate"] = when.iso_end()
    out["eventStatus"] = "https://schema.org/EventScheduled"
    places = []
    if data.get("city") or data.get("venue"):  # a report may name the building and not the city
        place = {"@type": "Place", "name": data.get("venue") or data["city"]}
        if data.get("city"):
            place["address"] = {"@type": "PostalAddress", "addressLocality": data["city"]}
            if data.get("address"):
                place["address"]["streetAddress"] = data["address"]
        places.append(place)
    if data.get("online"):
        places.append({"@type": "VirtualLocation", "url": data["online"]})
    if places:  # a past event from a report that does not say where: neither place nor mode is known
        mode = ("Mixed" if len(places) == 2 else "Online" if data.get("online") else "Offline")
        out["eventAttendanceMode"] = f"https://schema.org/{mode}EventAttendanceMode"
        out["location"] = places[0] if len(places) == 1 else places
    if "knowsAbout" in out:
        out["about"] = out.pop("knowsAbout")


def _own_fields(entry, out: dict) -> None:
    """The fields of one type, under the schema.org names the model gives them."""
    data = entry.data
    for name, (prop, shape) in entry.entry_type.schema.fields.items():
        if shape == "labels":  # the card field's Dutch labels, as cards show them
            out[prop] = entry.kind_label
        elif shape == "event":  # from several fields at once
            event(entry, out)
        elif data.get(name) not in (None, [], ""):
            out[prop] = _SHAPES[shape](data[name])


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
                   "url": absolute(siteurl, urls.url(settings, "THEME_URL", slug=slug))}
                  for slug, t in harvest.themes.items()],
    }
    if licence:
        out["license"] = licence["url"]
    out["subjectOf"] = dataset(harvest, settings)
    return out


def dataset(harvest, settings: dict) -> dict:
    """The open data as a schema.org Dataset (Google's dataset search reads it): who makes it,
    when it last changed, how to cite it, where to download it."""
    siteurl = settings.get("SITEURL", "")
    licence = settings.get("HARVEST_LICENSE", {})
    site = settings.get("SITENAME", "")
    editors = {"@type": "Organization", "name": settings.get("AUTHOR", ""),
               "email": settings.get("EDITORS_EMAIL", "")}
    changed = max((e.changed for e in harvest.entries), default="")
    out = {
        "@type": "Dataset",
        "@id": absolute(siteurl, urls.url(settings, "EXPORT_JSON")),
        "name": _("{site}: open data").format(site=site),
        "description": _("Elke gepubliceerde inzending van {site} met al haar velden en verbanden, "
                         "en hoe volledig ze is: {subtitle}.").format(
            site=site, subtitle=settings.get("SITESUBTITLE", "")),
        "url": absolute(siteurl, ""),
        "inLanguage": settings.get("DEFAULT_LANG", "nl"),
        "isAccessibleForFree": True,
        "creator": editors,
        "publisher": editors,
        "keywords": [t["title"] for t in harvest.themes.values()],
        "citation": _("{editors}. {site} [Dataset]. {url}").format(
            editors=settings.get("AUTHOR", ""), site=site, url=absolute(siteurl, "")),
        "license": licence.get("url", ""),
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": "application/json",
             "contentUrl": absolute(siteurl, urls.url(settings, "EXPORT_JSON"))},
            {"@type": "DataDownload", "encodingFormat": "text/csv",
             "contentUrl": absolute(siteurl, urls.url(settings, "EXPORT_CSV"))},
        ],
    }
    if changed:
        out["dateModified"] = changed
    if settings.get("REPOSITORY_URL"):
        out["sameAs"] = settings["REPOSITORY_URL"]
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
                 "REPOSITORY_URL", "HARVEST_LICENSE", *urls.DEFAULTS) if context.get(key) is not None}
    harvest = context.get("harvest")
    if harvest is None:
        return Markup("")
    value = node(entry, harvest, settings) if entry is not None else website(harvest, settings)
    return Markup(f'<script type="application/ld+json">\n{dumps(value)}\n</script>')
