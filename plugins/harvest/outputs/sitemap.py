"""`sitemap.xml` and `robots.txt`, written when the whole site is in the output, so that pages
written by any generator are listed. Entries and the pages that list them carry `lastmod`
from the entries' own dates, never the time of the build."""

from __future__ import annotations

import os
from xml.sax.saxutils import escape

from ..model import types as m
from ..site.aliases import alias_files
from ..site.routes import folder as route_folder
from ..site.routes import setting, url


def lastmods(harvest, settings) -> dict[str, str]:
    """URL -> date of the newest change among what that page shows."""
    if harvest is None or not harvest.entries:
        return {}

    def changed(e):
        return e.changed

    dates = {e.url: changed(e) for e in harvest.entries}
    dates[url(settings, "HOME_URL")] = max(dates.values())
    for type_name, entries in harvest.by_type.items():
        if entries:
            dates[url(settings, "LISTING_URL", m.TYPES[type_name])] = max(map(changed, entries))
    for slug, entries in harvest.by_theme.items():
        if entries:
            dates[url(settings, "THEME_URL", slug=slug)] = max(map(changed, entries))
    return dates


def html_files(output: str) -> list[str]:
    """Every HTML file in the output, relative to it (`projecten/x/index.html`)."""
    files = []

    def walk(folder: str, rel: str) -> None:  # os.walk's listing, without its lists per folder
        with os.scandir(folder) as found:
            for item in found:
                name = item.name
                if item.is_dir():
                    if not item.is_symlink():  # as os.walk: not followed
                        walk(item.path, f"{rel}{name}/")
                elif name.endswith(".html"):
                    files.append(rel + name)

    walk(output, "")
    return files


def html_urls(output: str, skipped=frozenset(), settings=None, files=None) -> list[str]:
    """Every HTML page in the output as a site-relative URL (`projecten/x/`), sorted; not the
    files in `skipped` (redirect pages of earlier addresses), nor the theme's files or the error
    page, which is not something to index. `files`: the output's HTML files, where known."""
    unlisted = (route_folder(settings, "THEME_STATIC_DIR"), url(settings, "NOT_FOUND_SAVE_AS"))
    return sorted(path[: -len("index.html")] if path.endswith("/index.html") or path == "index.html" else path
                  for path in (html_files(output) if files is None else files)
                  if not path.startswith(unlisted) and path not in skipped)


def _output_html(output: str, files, statics) -> set[str]:
    """The output's HTML files. The first build of a state walks the folder; a warm one knows
    them without a walk: what its ledger holds as produced by this build (every page written
    or kept through it), the static files Pelican copied (`statics`), and what the walk found
    that no build of ours made and that is still there. (A build that empties the folder, as the
    preview's after any change other than an entry's, walks again.)"""
    ledger = files.ledger
    ours = {rel for rel in ledger.produced if rel.endswith(".html")}
    memo = files.sitemap
    if memo is not None and memo[0] == ledger.path:
        others = {rel for rel in memo[1] if os.path.isfile(os.path.join(output, rel))}
        found = ours | others | {rel for rel in statics if rel.endswith(".html")}
    else:
        found = set(html_files(output))
        others = found - ours
    files.sitemap = (ledger.path, others) if files.remember else None
    return found


def write_maps(settings: dict, harvest, files, statics=()) -> None:
    """The sitemap and robots.txt. `statics`: where Pelican copied the static files of this build."""
    output = settings["OUTPUT_PATH"]
    siteurl = settings.get("SITEURL", "")
    # Each page's date is made of the entries' front matter (addresses, types, themes), their Git
    # days and the routes: kept while those are the same.
    memo_key = harvest and (harvest.front, harvest.history, repr(sorted(
        (name, setting(settings, name)) for name in ("HOME_URL", "LISTING_URL", "THEME_URL", "ENTRY_URL"))))
    dates = files.memo("sitemap dates", memo_key).get("dates")
    if dates is None:
        dates = lastmods(harvest, settings)
    files.keep("sitemap dates", memo_key, {"dates": dates})
    # Not the redirect pages, nor pages of an earlier build that this one removes after this.
    skipped = (alias_files(harvest.entries) if harvest else set()) | files.ledger.stale()
    found = _output_html(output, files, statics)
    # The text, kept while its dates, pages and settings are the same (a body edit: 15,000 lines).
    key = (memo_key, siteurl, repr(sorted((name, setting(settings, name))
                                           for name in ("THEME_STATIC_DIR", "NOT_FOUND_SAVE_AS"))))
    known = files.memo("sitemap text", key)
    if known.get("dates") is dates and known.get("found") == found and known.get("skipped") == skipped:
        text = known["text"]
    else:
        lines = ['<?xml version="1.0" encoding="utf-8"?>',
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
        for page in html_urls(output, skipped, settings, found):
            lastmod = f"<lastmod>{dates[page]}</lastmod>" if page in dates else ""
            lines.append(f"<url><loc>{escape(f'{siteurl}/{page}')}</loc>{lastmod}</url>")
        lines.append("</urlset>")
        text = "\n".join(lines) + "\n"
    files.keep("sitemap text", key, {"dates": dates, "found": found, "skipped": skipped, "text": text})
    files.write(url(settings, "SITEMAP"), text)
    robots = ["User-agent: *", "Allow: /"]
    if siteurl.startswith(("http://", "https://")):  # crawlers need the sitemap's full address
        robots.append(f"Sitemap: {siteurl}/{url(settings, 'SITEMAP')}")
    files.write(url(settings, "ROBOTS"), "\n".join(robots) + "\n")
