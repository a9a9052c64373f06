"""Settings for building and previewing Oogst locally (`make build`, `make serve`)."""

import os
import sys

# The plugins beside this file, also for PELICAN_CLASS (imported before Pelican loads plugins).
_PLUGINS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "plugins")
if _PLUGINS not in sys.path:
    sys.path.insert(0, _PLUGINS)

SITENAME = "Oogst"
SITESUBTITLE = "De innovatieoogst van de publieke sector in Vlaanderen en Nederland"
SITEURL = ""
AUTHOR = "Redactie Oogst"
# The interface's language: its text from locales/<lang>/LC_MESSAGES/oogst.mo (HARVEST_LOCALES names
# another folder of catalogues); Dutch, the source language, needs none.
DEFAULT_LANG = "nl"
# Open Graph locales of the pages (the first is theirs, the others alternates).
OG_LOCALES = ["nl_BE", "nl_NL"]
TIMEZONE = "Europe/Brussels"

PATH = "content"
OUTPUT_PATH = "output"
THEME = "themes/oogst"
PLUGIN_PATHS = ["plugins"]
# Pelican's run, ending with what the harvest build made (entries per type, pages, seconds).
PELICAN_CLASS = "harvest.HarvestPelican"
PLUGINS = ["harvest", "harvest_search"]

# Entries live in content/<type>/ and are read by the harvest generator only; Pelican's own
# generators see nothing but pages (content/pages) and static files.
ARTICLE_PATHS = ["blog"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "extra"]
FILENAME_METADATA = r"(?P<slug>.*)"  # slug = file name
# Contributions are untrusted (plugins/harvest/content/guard.py). Pages are Markdown only: Pelican's HTML
# reader would publish scripts, reStructuredText can include files of the build machine.
READERS = {"html": None, "htm": None, "rst": None, "markdown": None, "mkd": None, "mdown": None}
# Should someone turn reStructuredText back on: no `include`, no `raw`, no `:file:`/`:url:`.
DOCUTILS_SETTINGS = {"file_insertion_enabled": False, "raw_enabled": False}
# content/images/ and content/extra/ hold only PNG, JPEG, WebP and GIF images (by their bytes),
# each under these caps; other files only when listed here by their path in content/, e.g.
# "extra/CNAME" (with EXTRA_PATH_METADATA to put it at the site's root).
HARVEST_STATIC_ALLOWED = []
HARVEST_IMAGE_MAX_BYTES = 2_000_000
HARVEST_IMAGE_MAX_PIXELS = 25_000_000
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
DIRECT_TEMPLATES = []
ARTICLE_SAVE_AS = ARTICLE_LANG_SAVE_AS = DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = ""
PAGE_LANG_SAVE_AS = DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""
TAG_SAVE_AS = TAGS_SAVE_AS = CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
# Our own Atom feeds (everything, per type, per theme) hold the newest entries with their full text;
# readers poll them often, so they stay small, as blog feeds do.
FEED_MAX_ITEMS = 20
# The search index is written in parts that the search page fetches as needed. True also writes it
# in one piece (zoeken/index/lunr.json, for lunr.Index.load); the site never fetches that file.
SEARCH_WHOLE_INDEX = False

# Seconds of CPU time one entry's Markdown and sanitising may take (the kernel counts it: a busy
# machine does not count against it); a body that needs more is refused as too complex (its worker
# process is stopped), so a hostile text cannot stall the build.
HARVEST_TIME_BUDGET = 2.0

# The day against which events are upcoming or past: OOGST_TODAY (YYYY-MM-DD) fixes it, so that a
# build is the same on any day; unset, it is today in Brussels.
HARVEST_TODAY = os.environ.get("OOGST_TODAY") or None

# The local preview shows drafts (with a "concept" banner); publishconf.py does not.
HARVEST_DRAFTS = True

# The Git record of each entry (content/history.py): one `git log` of the content folder, at most
# this many seconds; HARVEST_GIT = False leaves it out (the entries' own dates stand in).
HARVEST_GIT_SECONDS = 30

# Where "edit this page", "Geschiedenis" and reactions lead (site/routes.py: repository_url).
REPOSITORY_URL = "https://github.com/oogst-harvest/oogst"
# "Deze pagina bewerken" opens <REPOSITORY_URL>/edit/<branch>/<content folder in the repository>/<file>.
REPOSITORY_BRANCH = "main"
REPOSITORY_CONTENT_PATH = "content"
# The editors' address, for reactions ("Reageer") and the footer. The preview uses this example
# address; the published site takes the real one from OOGST_EDITORS_EMAIL (publishconf.py).
EDITORS_EMAIL = "redactie@oogst.example"
# What the editors promise whoever sends an entry: an answer within this many working days (the
# form's "Wat gebeurt er nu?", the issue workflow's reply, CONTRIBUTING.md).
EDITORS_REPLY_DAYS = 10
# Licence of the harvest itself (pages, /data/oogst.json and .csv); quoted sources keep their own.
HARVEST_LICENSE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/deed.nl"}

# Titles and summaries are contributors' text: escape everything unless marked safe. Interface
# text is in gettext catalogues (locales/, in the language of DEFAULT_LANG): `{% trans %}`, `_()`.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

# Addresses of the harvest's pages, feeds, calendars and data, in Pelican's style (ENTRY_URL and
# ENTRY_SAVE_AS, THEME_URL, TYPE_FEED_ATOM, EVENT_CALENDAR_URL, CONTRIBUTE_URL, GRAPH_JSON, ...):
# plugins/harvest/site/routes.py declares every one with its default, once. Set one here to move
# it; every page, link, feed, sitemap line and the link check of `make validate` follow.

# The right-hand side of each event's UID in the calendars (`<slug>@<domain>`): the published site's
# host, also in the preview, so that an agenda app recognises an event it already has.
EVENT_UID_DOMAIN = "oogst-harvest.github.io"
