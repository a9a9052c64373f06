"""The site's pages: one per entry, one listing per type with a static page per facet value,
the themes, the home page. rendering.py renders and writes them."""

from __future__ import annotations

from . import model as m
from .aliases import save_as
from .facets import compact, data_attributes, facet_url, facets_of
from .feeds import ALL, theme_feed, type_feed
from .links import heading
from .rendering import Page

# The four kinds of harvest of the seed "Spring Uit De Band", in its order; then what is behind them.
HARVEST_CATEGORIES = ("practices", "tools", "knowledge", "experts")
BEHIND = ("projects", "organisations")

GLOBALS = {"relation_heading": heading, "facet_data": data_attributes,
           "feed_urls": {"all": ALL, "type": type_feed, "theme": theme_feed}}


def site_pages(harvest) -> list[Page]:
    pages = [Page(e.save_as, e.template, e.url, {"entry": e}, own=e.content) for e in harvest.entries]
    # Each earlier address of an entry: a page that sends the reader on (the validator made sure
    # no other page of the site has that address).
    pages += [Page(save_as(alias), "alias", save_as(alias).removesuffix("index.html"),
                   {"entry": e, "alias": alias})
              for e in harvest.entries for alias in e.data.get("aliases", ())]

    facets = {}
    for type_name, entry_type in m.TYPES.items():
        url = f"{entry_type.section}/"
        facets[type_name] = facets_of(harvest, type_name)
        pages.append(Page(f"{url}index.html", "listing", url, {
            "entry_type": entry_type, "listing": harvest.by_type[type_name], "active": None,
            "facets": [(facet, values, 0) for facet, values in facets[type_name]]}))
        for facet, values in facets[type_name]:
            for value in values:
                url = facet_url(entry_type, facet, value.value)
                pages.append(Page(f"{url}index.html", "listing", url, {
                    "entry_type": entry_type, "listing": value.entries, "active": (facet, value),
                    "facets": compact(facets[type_name], value)}))

    pages.append(Page("themas/index.html", "themes", "themas/"))
    for slug, theme in harvest.themes.items():
        entries = harvest.by_theme[slug]
        pages.append(Page(f"themas/{slug}/index.html", "theme", f"themas/{slug}/", {
            "theme": theme, "grouped": {t: [e for e in entries if e.type_name == t] for t in m.TYPES}}))

    kinds = {t: next(((f, v) for f, v in facets[t] if f.param != "thema"), None) for t in m.TYPES}
    pages.append(Page("index.html", "home", "", {
        "categories": HARVEST_CATEGORIES, "behind": BEHIND, "kinds": kinds}))
    pages.append(Page("404.html", "404", "404.html", absolute=True))
    return pages
