"""Links in a body to the site's own pages (`[zie](/instrumenten/diagnose-innovatie/)`): each
must name a page the build writes. A broken one (a typo, a renamed entry) is reported at its line,
with the nearest address that exists, in `make validate` and the build alike."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import unquote, urlsplit

from ..site import routes
from ..site.aliases import save_as
from ..site.facets import possible_values
from .document import Document, Problem

# nh3's output is canonical: double quotes, so an href is everything up to the next quote.
_HREF = re.compile(r'<a\s[^>]*?href="(/(?!/)[^"]*)"')


@dataclass(frozen=True)
class Targets:
    """What a body may link to: every address and file the route table (routes.py) gives for
    the harvest's items. Site-relative, without the leading `/`."""

    addresses: set  # what links use (`projecten/x/`); the hint for a broken link is one of these
    files: set  # what is written (`projecten/x/index.html`)
    folders: tuple  # any file under these: the search index, the theme's files

    def accept(self, path: str) -> bool:
        return (path in self.addresses or path in self.files or f"{path}/" in self.addresses
                or path.startswith(self.folders))


def targets(settings: dict, entries: dict, themes, static, pages, aliases) -> Targets:
    """The link targets of a harvest: its entries ({(type, slug): valid front matter or None}),
    theme slugs, static files, slugs of content/pages, the entries' earlier addresses (each a
    redirect page)."""
    facets = possible_values({key: data for key, data in entries.items() if data})
    addresses, files, folders = routes.addresses(settings, entries, themes, pages, static, facets)
    addresses |= {a.lstrip("/") for a in aliases}
    files |= {save_as(a) for a in aliases}
    return Targets(addresses, files, folders)


def check(doc: Document, html: str, known: Targets) -> None:
    """Problems on `doc` for every site-path link in its rendered body that names no page."""
    if 'href="/' not in html:
        return
    for match in _HREF.finditer(html):
        written = unescape(match.group(1))
        path = unquote(urlsplit(written).path).lstrip("/")
        if known.accept(path):
            continue
        near = difflib.get_close_matches(path, known.addresses, n=1, cutoff=0.6)
        hint = f"; bedoel je `/{near[0]}`?" if near else "; kijk het adres na op de site"
        # The link where it ends, not inside a longer one (`/zoeken/index` in `/zoeken/index.html`).
        whole = re.search(re.escape(written) + r"(?=[\s)\]\"'>]|$)", doc.body)
        index = whole.start() if whole else doc.body.find(written)
        line, column = doc.body_line, 1
        if index >= 0:
            line += doc.body.count("\n", 0, index)
            column = index - (doc.body.rfind("\n", 0, index) + 1) + 1
        doc.problems.append(Problem(doc.path, line, column,
                                    f"de link `{written[:120]}` wijst naar geen pagina van de site{hint}"))
