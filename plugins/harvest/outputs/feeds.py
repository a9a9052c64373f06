"""Atom feeds of the harvest: everything, per type and per theme (the way Haagse Beek sent a
newsletter per theme). Built with Pelican's own feedgenerator; every date comes from the
entries, so a rebuild of the same content writes the same bytes."""

from __future__ import annotations

import datetime
import io
from zoneinfo import ZoneInfo

from feedgenerator import Atom1Feed

from ..i18n import _, fingerprint
from ..model import types as m
from ..site.relations import order_of
from ..site.routes import url
from ..state import digest

# The settings a feed shows besides its entries (`write_feeds`).
_SITE_SHOWN = ("SITEURL", "TIMEZONE", "FEED_MAX_ITEMS", "SITENAME", "SITESUBTITLE", "DEFAULT_LANG", "AUTHOR")


class HarvestFeed(Atom1Feed):
    """An Atom feed whose `updated` never falls back to the time of the build."""

    def __init__(self, *args, fallback: datetime.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.fallback = fallback

    def latest_post_date(self):
        return super().latest_post_date() if self.items else self.fallback


def _when(value: str, zone: ZoneInfo) -> datetime.datetime:
    return datetime.datetime.combine(datetime.date.fromisoformat(value), datetime.time(), zone)


def newest_first(entries: list) -> list:
    """By last change (Entry.changed), then date added, newest first; title order breaks ties."""
    ordered = sorted(entries, key=order_of)
    ordered.sort(key=lambda e: e.data["date"], reverse=True)
    ordered.sort(key=lambda e: e.changed, reverse=True)
    return ordered


def write_feeds(harvest, settings: dict, files) -> list[tuple[str, str]]:
    """Write every feed through `files` (the build state); returns (path, title) of each, in a
    stable order. A feed is made again only when what it shows changed: its newest entries (their
    front matter, Git record and body), the themes, the settings and the words it is made of."""
    siteurl = settings.get("SITEURL", "")
    zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    limit = settings.get("FEED_MAX_ITEMS") or len(harvest.entries)
    sitename = settings.get("SITENAME", "Oogst")
    # The order is made of the entries' front matter and Git days alone: kept by key while those
    # are the same (an edit in a body makes its entry anew).
    memo_key = (harvest.front, harvest.history)
    known = files.memo("feeds", memo_key).get("newest")
    newest = [harvest.by_key[k] for k in known] if known is not None else newest_first(harvest.entries)
    files.keep("feeds", memo_key, {"newest": known if known is not None else [e.key for e in newest]})
    fallback = _when(newest[0].changed, zone) if newest else \
        datetime.datetime(2000, 1, 1, tzinfo=zone)
    site = digest(fingerprint(), repr(harvest.themes), repr(fallback),
                  *(repr(settings.get(name)) for name in _SITE_SHOWN))

    def write(path, title, page_url, description, entries):
        def produce():
            feed = HarvestFeed(
                title=title, link=f"{siteurl}/{page_url}", description=description,
                language=settings.get("DEFAULT_LANG", "nl"), author_name=settings.get("AUTHOR"),
                feed_url=f"{siteurl}/{path}", fallback=fallback)
            for e in entries:
                link = f"{siteurl}/{e.url}"
                feed.add_item(
                    title=e.title, link=link, unique_id=link, description=e.summary, content=e.content,
                    pubdate=_when(e.data["date"], zone),
                    updateddate=_when(e.changed, zone),  # its last commit's day (history.py)
                    author_name=", ".join(e.data.get("contributors", ())) or None,
                    categories=[harvest.themes[t]["title"] for t in e.data["themes"]])
            text = io.StringIO()
            feed.write(text, "utf-8")
            return text.getvalue()

        shows = [digest(harvest.shown[e.key], e.content, e.changed, e.url) for e in entries]
        files.write(path, [site, title, page_url, description or "", *shows], produce)
        return path, title

    by_type = {type_name: [] for type_name in m.TYPES}
    by_theme = {slug: [] for slug in harvest.themes}
    for e in newest:  # the newest `limit` of each type and theme, in one pass
        if len(by_type[e.type_name]) < limit:
            by_type[e.type_name].append(e)
        for slug in dict.fromkeys(e.data["themes"]):
            if slug in by_theme and len(by_theme[slug]) < limit:
                by_theme[slug].append(e)
    written = [write(url(settings, "HARVEST_FEED_ATOM"),
                     _("{site}: nieuw in de oogst").format(site=sitename), "",
                     settings.get("SITESUBTITLE", ""),
                     newest[:limit])]
    for type_name, t in m.TYPES.items():
        written.append(write(url(settings, "TYPE_FEED_ATOM", t),
                             _("{site}: {type}").format(site=sitename, type=t.plural.lower()),
                             url(settings, "LISTING_URL", t),
                             t.description, by_type[type_name]))
    for slug, theme in harvest.themes.items():
        written.append(write(url(settings, "THEME_FEED_ATOM", slug=slug),
                             _("{site}: thema {theme}").format(site=sitename, theme=theme["title"]),
                             url(settings, "THEME_URL", slug=slug), theme["description"], by_theme[slug]))
    return written
