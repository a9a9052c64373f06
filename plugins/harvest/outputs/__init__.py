"""One module per file the build writes besides the pages: Atom feeds, calendars, open data,
the network export, sitemaps, the 404 suggestions, the form's data, JSON-LD and vendored scripts."""

from . import calendar, citation, exports, feeds, form, network, notfound, styles

# What the generator writes beside the pages, while they render: each `write(harvest, settings,
# files)` writes through the build state (`files.write(rel, text)`), at the addresses of its routes
# (site/routes.py). A new kind of file is a module here, its route, and a line in this list.
# (sitemap.py runs later, when every generator has written: it lists their pages too.)
WRITERS = (
    feeds.write_feeds,  # Atom: everything, per type, per theme
    exports.write_exports,  # /data/oogst.json and .csv, the open data
    citation.write_citations,  # citeer.bib, .ris and .json beside each entry's page
    notfound.write_suggestions,  # what 404.html suggests
    calendar.write_calendars,  # the events' agenda.ics files
    form.write_form_data,  # the /meedoen/ form's data
    network.write_graph_data,  # the relations as a network
    styles.write_type_styles,  # each type's colour and symbol: theme/css/types.css
)
# The writers that read no entry's body: what they write is made of the entries' front matter and
# Git records, the themes, the settings, the build's day and the words alone. A warm build in which
# none of those changed (an edit in bodies only) keeps their files without running them.
FRONT_ONLY = frozenset({citation.write_citations, notfound.write_suggestions, calendar.write_calendars,
                        form.write_form_data, network.write_graph_data, styles.write_type_styles})
