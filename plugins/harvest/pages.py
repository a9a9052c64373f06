"""Writing the site's pages: one per entry, one listing per type with a static page per facet
value, the themes, the home page; then the feeds that those pages advertise."""

from __future__ import annotations

from . import model as m
from .facets import compact, data_attributes, facet_url, facets_of
from .feeds import ALL, theme_feed, type_feed, write_feeds
from .links import heading

# The four kinds of harvest of the seed "Spring Uit De Band", in its order; then what is behind them.
HARVEST_CATEGORIES = ("practices", "tools", "knowledge", "experts")
BEHIND = ("projects", "organisations")


def write_pages(generator, writer) -> None:
    harvest = generator.harvest
    settings = generator.settings
    relative = settings["RELATIVE_URLS"]
    generator.env.globals.update({
        "relation_heading": heading, "facet_data": data_attributes,
        "feed_urls": {"all": ALL, "type": type_feed, "theme": theme_feed},
    })

    def write(save_as, template, url, **kwargs):
        writer.write_file(save_as, generator.get_template(template), generator.context,
                          relative_urls=relative, url=url, page_name=url, **kwargs)

    for entry in harvest.entries:
        write(entry.save_as, entry.template, entry.url, entry=entry)

    facets = {}
    for type_name, entry_type in m.TYPES.items():
        url = f"{entry_type.section}/"
        facets[type_name] = facets_of(harvest, type_name)
        write(f"{url}index.html", "listing", url, entry_type=entry_type,
              listing=harvest.by_type[type_name], active=None,
              facets=[(facet, values, 0) for facet, values in facets[type_name]])
        for facet, values in facets[type_name]:
            for value in values:
                url = facet_url(entry_type, facet, value.value)
                write(f"{url}index.html", "listing", url, entry_type=entry_type,
                      listing=value.entries, facets=compact(facets[type_name], value),
                      active=(facet, value))

    write("themas/index.html", "themes", "themas/")
    for slug, theme in harvest.themes.items():
        url = f"themas/{slug}/"
        entries = harvest.by_theme[slug]
        write(f"{url}index.html", "theme", url, theme=theme,
              grouped={t: [e for e in entries if e.type_name == t] for t in m.TYPES})

    kinds = {t: next(((f, v) for f, v in facets[t] if f.param != "thema"), None) for t in m.TYPES}
    write("index.html", "home", "", categories=HARVEST_CATEGORIES, behind=BEHIND, kinds=kinds)
    write_feeds(harvest, settings)
