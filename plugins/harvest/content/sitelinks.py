"""Links in a body to the site's own pages (`[zie](/instrumenten/diagnose-innovatie/)`): each
must name a page the build writes. A broken one (a typo, a renamed entry) is reported at its line,
with the nearest address that exists, in `make validate` and the build alike."""

from __future__ import annotations

import difflib
import re
from html import unescape
from urllib.parse import unquote, urlsplit

from ..model import types as m
from .document import Document, Problem
from ..site.routes import DEFAULTS, url

# nh3's output is canonical: double quotes, so an href is everything up to the next quote.
_HREF = re.compile(r'<a\s[^>]*?href="(/(?!/)[^"]*)"')
# Folders whose files the build or the theme writes by the hundred; not checked one by one.
_OPEN = ("theme/", "data/", "zoeken/", "suggesties/")
FEED_SETTINGS = ("HARVEST_FEED_ATOM", "TYPE_FEED_ATOM", "THEME_FEED_ATOM")  # their folders too


def addresses(settings: dict, keys, themes, static, pages, aliases) -> tuple[set, tuple]:
    """(every page address the build writes, prefixes under which any address is accepted).
    Addresses are site-relative without the leading `/` (`projecten/x/`)."""
    known = {"", "404.html", url(settings, "THEMES_URL")}
    known |= {url(settings, "ENTRY_URL", m.TYPES[t], slug=s) for t, s in keys}
    known |= {url(settings, "LISTING_URL", t) for t in m.TYPES.values()}
    known |= {url(settings, "THEME_URL", slug=s) for s in themes}
    known |= {f"{p}/" for p in pages} | set(static) | {a.lstrip("/") for a in aliases}
    facets = tuple(url(settings, "FACET_URL", t, facet=f.param, value="\0").split("\0")[0]
                   for t in m.TYPES.values() for f in t.facets)
    feeds = {url_setting.split("{")[0].rpartition("/")[0] + "/"
             for url_setting in (settings.get(n) or DEFAULTS[n] for n in FEED_SETTINGS)}
    return known, _OPEN + tuple(sorted(feeds - {"/"})) + facets


def check(doc: Document, html: str, known: set, prefixes: tuple) -> None:
    """Problems on `doc` for every site-path link in its rendered body that names no page."""
    if 'href="/' not in html:
        return
    for match in _HREF.finditer(html):
        written = unescape(match.group(1))
        path = unquote(urlsplit(written).path).lstrip("/")
        if path in known or path.startswith(prefixes) or f"{path}/" in known:
            continue
        near = difflib.get_close_matches(path, known, n=1, cutoff=0.6)
        hint = f"; bedoel je `/{near[0]}`?" if near else "; kijk het adres na op de site"
        index = doc.body.find(written)
        line, column = doc.body_line, 1
        if index >= 0:
            line += doc.body.count("\n", 0, index)
            column = index - (doc.body.rfind("\n", 0, index) + 1) + 1
        doc.problems.append(Problem(doc.path, line, column,
                                    f"de link `{written[:120]}` wijst naar geen pagina van de site{hint}"))
