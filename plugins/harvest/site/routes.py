"""Addresses of the harvest's pages and feeds, from settings in Pelican's style: `<NAME>_URL` is
the address links use, `<NAME>_SAVE_AS` the file that is written (as ARTICLE_URL/ARTICLE_SAVE_AS).
Placeholders: {section} (a type's URL segment, `projecten`), {slug}, {facet}, {value}.

pelicanconf.py may set any of them; these are the defaults."""

from __future__ import annotations

from jinja2 import pass_context

DEFAULTS = {
    "ENTRY_URL": "{section}/{slug}/",
    "ENTRY_SAVE_AS": "{section}/{slug}/index.html",
    "LISTING_URL": "{section}/",
    "LISTING_SAVE_AS": "{section}/index.html",
    "FACET_URL": "{section}/{facet}/{value}/",
    "FACET_SAVE_AS": "{section}/{facet}/{value}/index.html",
    "THEMES_URL": "themas/",
    "THEMES_SAVE_AS": "themas/index.html",
    "THEME_URL": "themas/{slug}/",
    "THEME_SAVE_AS": "themas/{slug}/index.html",
    "GRAPH_URL": "verbanden/",
    "GRAPH_SAVE_AS": "verbanden/index.html",
    "GRAPH_JSON": "data/verbanden.json",
    "GRAPH_GRAPHML": "data/verbanden.graphml",
    "HARVEST_FEED_ATOM": "feeds/oogst.atom.xml",
    "TYPE_FEED_ATOM": "feeds/{section}.atom.xml",
    "THEME_FEED_ATOM": "feeds/themas/{slug}.atom.xml",
    "EVENT_CALENDAR_URL": "{section}/{slug}/agenda.ics",
    "EVENT_CALENDAR_SAVE_AS": "{section}/{slug}/agenda.ics",
    "EVENTS_CALENDAR_URL": "{section}/agenda.ics",
    "EVENTS_CALENDAR_SAVE_AS": "{section}/agenda.ics",
    # "Deel je oogst": the form page and the data its script loads (form.py).
    "CONTRIBUTE_URL": "meedoen/",
    "CONTRIBUTE_SAVE_AS": "meedoen/index.html",
    "CONTRIBUTE_DATA": "meedoen/formulier.json",
    "CONTRIBUTE_ENTRIES": "meedoen/{section}.json",
}


# Top-level folders the site writes itself, whatever the harvest holds: neither a page of
# content/pages nor an entry's earlier address (aliases) may take one. These are fixed; the
# folders of the address settings (themas/, feeds/ by default) come from `site_folders`.
SITE_FOLDERS = ("theme", "data", "zoeken", "images", "extra", "static", "blog", "suggesties")
# The address settings whose first folder is the site's own (not a type's {section}).
FOLDER_SETTINGS = ("THEMES_SAVE_AS", "THEME_SAVE_AS", "HARVEST_FEED_ATOM", "TYPE_FEED_ATOM",
                   "THEME_FEED_ATOM", "CONTRIBUTE_SAVE_AS", "GRAPH_SAVE_AS")


def site_folders(settings=None) -> tuple[str, ...]:
    """SITE_FOLDERS and the first folder of each address setting, as these settings have them."""
    found = list(SITE_FOLDERS)
    for name in FOLDER_SETTINGS:
        first, slash, _ = ((settings or {}).get(name) or DEFAULTS[name]).partition("/")
        if slash and "{" not in first and first not in found:
            found.append(first)
    return tuple(found)


def url(settings, name: str, entry_type=None, **parts) -> str:
    """The address (or file) `name` gives for these parts; `entry_type` fills {section}."""
    if entry_type is not None:
        parts["section"] = entry_type.section
    return (settings.get(name) or DEFAULTS[name]).format(**parts)


@pass_context
def template_url(context, name: str, entry_type=None, **parts) -> str:
    """`{{ url('THEME_URL', slug=slug) }}` in templates: the page's context holds the settings."""
    return url(context, name, entry_type, **parts)
