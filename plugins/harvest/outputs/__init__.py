"""One module per file the build writes besides the pages: Atom feeds, calendars, open data,
the network export, sitemaps, the 404 suggestions, the form's data, JSON-LD and vendored scripts."""
