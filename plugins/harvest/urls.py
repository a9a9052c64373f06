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
}


# Top-level folders the site writes itself, whatever the harvest holds: neither a page of
# content/pages nor an entry's earlier address (aliases) may take one.
SITE_FOLDERS = ("theme", "feeds", "data", "zoeken", "themas", "images", "extra", "static", "blog",
                "suggesties", "verbanden")


def url(settings, name: str, entry_type=None, **parts) -> str:
    """The address (or file) `name` gives for these parts; `entry_type` fills {section}."""
    if entry_type is not None:
        parts["section"] = entry_type.section
    return (settings.get(name) or DEFAULTS[name]).format(**parts)


@pass_context
def template_url(context, name: str, entry_type=None, **parts) -> str:
    """`{{ url('THEME_URL', slug=slug) }}` in templates: the page's context holds the settings."""
    return url(context, name, entry_type, **parts)
