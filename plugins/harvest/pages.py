"""Writing the site's pages: one per entry, one listing per type, the themes and the home page."""

from __future__ import annotations

from . import model as m


def write_pages(generator, writer) -> None:
    harvest = generator.harvest
    settings = generator.settings
    relative = settings["RELATIVE_URLS"]

    def write(save_as, template, url, **kwargs):
        writer.write_file(save_as, generator.get_template(template), generator.context,
                          relative_urls=relative, url=url, **kwargs)

    for entry in harvest.entries:
        write(entry.save_as, entry.template, entry.url, entry=entry, page_name=entry.url)
    for type_name, entry_type in m.TYPES.items():
        url = f"{entry_type.section}/"
        write(f"{url}index.html", "listing", url, entry_type=entry_type,
              listing=harvest.by_type[type_name], page_name=url)
    write("themas/index.html", "themes", "themas/", page_name="themas/")
    for slug, theme in harvest.themes.items():
        url = f"themas/{slug}/"
        entries = harvest.by_theme[slug]
        write(f"{url}index.html", "theme", url, theme=theme, page_name=url,
              grouped={t: [e for e in entries if e.type_name == t] for t in m.TYPES})
    write("index.html", "home", "", page_name="")
