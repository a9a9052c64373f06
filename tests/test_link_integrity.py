"""Every internal link of the built starter site resolves: each href/src/action of every HTML
file points to a file in the output, and each #anchor to an id on the page it names."""

from __future__ import annotations

import os
from functools import cache
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

LINK_ATTRIBUTES = ("href", "src", "action", "poster", "data")
EXTERNAL_SCHEMES = ("http", "https", "mailto", "tel", "data", "javascript")


def html_files(output: str) -> list[str]:
    found = []
    for folder, _, files in os.walk(output):
        found += [os.path.join(folder, f) for f in files if f.endswith(".html")]
    return sorted(found)


class Site:
    def __init__(self, output: str, siteurl: str = ""):
        self.output = output
        self.siteurl = siteurl.rstrip("/")
        self.ids = cache(self._ids)

    def _ids(self, path: str) -> frozenset:
        with open(path, encoding="utf-8") as fh:
            soup = BeautifulSoup(fh.read(), "html.parser")
        return frozenset(t.get("id") or t.get("name") for t in soup.find_all(attrs={"id": True})) | \
            frozenset(t["name"] for t in soup.find_all("a", attrs={"name": True}))

    def resolve(self, page: str, link: str) -> tuple[str | None, str]:
        """(file in the output or None when external, fragment) for `link` on `page`."""
        if self.siteurl and link.startswith(self.siteurl + "/"):
            link = link[len(self.siteurl):]
        parts = urlsplit(link)
        if parts.scheme in EXTERNAL_SCHEMES or parts.netloc:
            return None, ""
        base = "/" + os.path.relpath(page, self.output).replace(os.sep, "/")
        path = unquote(urlsplit(urljoin(base, link)).path)
        if path.endswith("/"):
            path += "index.html"
        return os.path.join(self.output, path.lstrip("/")), parts.fragment

    def broken(self) -> tuple[list[str], int]:
        problems, checked = [], 0
        for page in html_files(self.output):
            with open(page, encoding="utf-8") as fh:
                soup = BeautifulSoup(fh.read(), "html.parser")
            for tag in soup.find_all(True):
                for attribute in LINK_ATTRIBUTES:
                    link = tag.get(attribute)
                    if not link or (tag.name == "object") != (attribute == "data"):
                        continue
                    target, fragment = self.resolve(page, link.strip())
                    if target is None:
                        continue
                    checked += 1
                    where = f"{os.path.relpath(page, self.output)}: <{tag.name} {attribute}={link!r}>"
                    if not os.path.isfile(target):
                        problems.append(f"{where} leads to no file")
                    elif fragment and (not target.endswith(".html")
                                       or unquote(fragment) not in self.ids(target)):
                        problems.append(f"{where}: no id {fragment!r} on that page")
        return problems, checked


def test_the_walker_finds_what_is_broken(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<a href="/a/#top">ok</a><a id="top" href="../b/">missing</a><a href="#nope">anchor</a>'
        '<a href="https://example.org/x">external</a><img src="../a/">', encoding="utf-8")
    problems, checked = Site(str(tmp_path)).broken()
    assert checked == 4
    assert len(problems) == 2
    assert "'../b/'" in problems[0] and "leads to no file" in problems[0]
    assert "'#nope'" in problems[1] and "no id" in problems[1]


def test_no_broken_internal_link_in_the_starter_site(site):
    problems, checked = Site(site).broken()
    assert len(html_files(site)) > 100
    assert checked > 1000
    assert problems == []


def test_no_broken_internal_link_in_the_published_site(published):
    problems, checked = Site(published, "https://oogst.test").broken()
    assert checked > 1000
    assert problems == []
