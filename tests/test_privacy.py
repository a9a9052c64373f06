"""Private and safe: a reader's browser asks no other host for anything (no fonts, CDNs, analytics,
embeds), every page carries a Content-Security-Policy that forbids inline scripts, no built page
has an inline script or event handler, and links to other sites are `rel="noopener"` plain links."""

from __future__ import annotations

import functools
import os
import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from helpers import build, entry, write_content

# Reading every kind of page, searching and filtering: whatever the site loads, it loads here.
WALK = ["", "projecten/", "ervaringen/", "instrumenten/diagnose-innovatie/", "kennis/",
        "schakelfiguren/menno-spaan/", "organisaties/haagse-beek/", "themas/", "themas/participatie/",
        "zoeken/?q=innovatie"]


@functools.lru_cache(maxsize=2)
def html_files(output) -> list:
    """(path relative to output, parsed page) for every built page, parsed once per session."""
    pages = []
    for folder, _dirs, files in sorted(os.walk(output)):
        for name in sorted(files):
            if name.endswith(".html"):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as fh:
                    pages.append((os.path.relpath(path, output), BeautifulSoup(fh.read(), "html.parser")))
    return pages


def policy(soup) -> dict[str, list[str]]:
    meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert meta is not None
    directives = {}
    for part in meta["content"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


class Watch:
    """Every request the page makes; a request to another host is answered by nothing at all."""

    def __init__(self, context, host):
        self.host = host
        self.foreign, self.local = [], []
        context.route("**/*", self.handle)

    def handle(self, route):
        url = route.request.url
        if urlsplit(url).hostname != self.host:
            self.foreign.append(url)
            route.abort()
        else:
            self.local.append(url)
            route.continue_()


@pytest.fixture
def watched(chromium, live_site):
    context = chromium.new_context()
    watch = Watch(context, "127.0.0.1")
    # Reports every CSP violation, so that the policy is shown to break none of the site's own parts.
    context.add_init_script("""window.__violations = [];
        document.addEventListener('securitypolicyviolation',
            e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));""")
    yield context, watch
    context.close()


def test_no_request_to_any_other_host(watched, live_site):
    context, watch = watched
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    for path in WALK:
        page.goto(f"{live_site}/{path}")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__violations") == [], path
    # Search as a reader does, then filter a listing and open an entry.
    page.goto(f"{live_site}/")
    page.fill("#zoek", "participatie")
    page.press("#zoek", "Enter")
    page.wait_for_selector("[data-search-results] a")
    page.goto(f"{live_site}/ervaringen/")
    page.locator(".facets a[data-facet]").first.click()
    page.locator(".cards .card:visible h3 a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__violations") == []
    assert errors == []
    assert watch.foreign == []
    assert any(url.endswith(".css") for url in watch.local)  # the watch saw the site's own requests


def test_the_browser_enforces_the_policy(watched, live_site):
    """An injected inline script does not run; a foreign image in a body is never requested."""
    context, watch = watched
    page = context.new_page()
    page.goto(f"{live_site}/instrumenten/diagnose-innovatie/")
    ran = page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.__ran = true'; document.head.append(s); return window.__ran === true; }""")
    assert ran is False
    page.evaluate("""() => { const i = document.createElement('img');
        i.src = 'https://tracker.example/pixel.gif'; document.body.append(i); }""")
    page.wait_for_timeout(200)
    assert watch.foreign == []  # blocked by img-src 'self' before any request left
    assert any("img-src" in v for v in page.evaluate("window.__violations"))


def test_every_page_has_a_policy_without_inline_scripts(live_site):
    pages = list(html_files(live_site.output))
    assert len(pages) > 60
    for rel, soup in pages:
        csp = policy(soup)
        assert csp["script-src"] == ["'self'"], rel
        assert csp["default-src"] == ["'self'"] and csp["object-src"] == ["'none'"], rel
        assert "'unsafe-inline'" not in str(csp) and "'unsafe-eval'" not in str(csp), rel
        head = soup.head.find_all(True)
        # The policy precedes every script, or a script before it would escape it.
        first_script = next((i for i, tag in enumerate(head) if tag.name == "script"), len(head))
        csp_at = next(i for i, tag in enumerate(head) if tag.get("http-equiv") == "Content-Security-Policy")
        assert csp_at < first_script, rel
        for script in soup.find_all("script"):
            # JSON-LD and the search page's index contents are data blocks: browsers never run them.
            if script.get("type") not in ("application/ld+json", "application/json"):
                assert script.get("src") and not script.get_text(strip=True), f"{rel}: inline script"
            assert urlsplit(script.get("src", "")).hostname in (None, "127.0.0.1"), rel
        for tag in soup.find_all(True):
            handlers = [a for a in tag.attrs if a.lower().startswith("on")]
            assert handlers == [], f"{rel}: {tag.name} {handlers}"
            if tag.name in ("iframe", "embed", "object", "frame"):
                pytest.fail(f"{rel}: embedded {tag.name}")
        for link in soup.find_all("link", href=True):
            assert urlsplit(link["href"]).hostname in (None, "127.0.0.1"), f"{rel}: {link}"


def test_external_links_are_plain_and_noopener(live_site):
    for rel, soup in html_files(live_site.output):
        for a in soup.find_all("a", href=True):
            href = a["href"]
            assert not href.strip().lower().startswith(("javascript:", "data:", "vbscript:")), rel
            host = urlsplit(href).hostname
            if href.startswith(("http:", "https:")) and host != "127.0.0.1":
                assert "noopener" in a.get("rel", []), f"{rel}: {a}"


def test_share_and_reaction_links_are_plain_links(live_site):
    with open(os.path.join(live_site.output, "instrumenten", "diagnose-innovatie", "index.html"),
              encoding="utf-8") as fh:
        soup = BeautifulSoup(fh.read(), "html.parser")
    share = {a.get_text(strip=True): a["href"] for a in soup.select(".share a")}
    assert set(share) == {"LinkedIn", "Bluesky", "Mastodon", "E-mail"}
    page_url = f"{live_site}/instrumenten/diagnose-innovatie/"
    encoded = page_url.replace(":", "%3A")
    assert share["LinkedIn"].startswith("https://www.linkedin.com/") and encoded in share["LinkedIn"]
    assert share["Bluesky"].startswith("https://bsky.app/intent/compose?text=")
    assert share["E-mail"].startswith("mailto:?subject=Diagnose%20innovatie")
    assert not soup.select(".share iframe, .share script, .share img")
    reactions = soup.select(".reactions a")
    hrefs = [a["href"] for a in reactions]
    assert soup.select_one(".reactions h2").get_text(strip=True) == "Reageer of stel een wijziging voor"
    assert hrefs[0].startswith("https://github.com/oogst-harvest/oogst/issues/new?title=")
    assert encoded in hrefs[0]
    assert hrefs[1].startswith("mailto:redactie@oogst.example?subject=Reactie%20op%20Diagnose%20innovatie")


def test_texts_in_links_are_quoted_as_jinjas_urlencode_quotes_them():
    """Entry pages quote their link texts with our faster filter (text.url_quoted): the same text
    as Jinja's `urlencode`, for every character, and Jinja's own for what is not a string."""
    from jinja2.filters import do_urlencode
    from markupsafe import Markup

    from harvest.integration.generator import urlencode

    texts = ["", "Diagnose innovatie", "a/b?c=d&e=f#g+h%20", "één – “citaat” <script>", "tab\tregel\n\r",
             "".join(map(chr, range(0x250))), Markup("<b>vet</b> &amp;"), "oogst 🌾", "~_.-/"]
    for text in texts:
        assert urlencode(text) == do_urlencode(text)
    assert urlencode({"titel": "a b/c", "n": 2}) == do_urlencode({"titel": "a b/c", "n": 2})
    assert urlencode(42) == "42"


def test_editors_address_is_a_setting(tmp_path):
    """The published site takes the editors' real address from the environment (publishconf.py)."""
    content = write_content(str(tmp_path), {"tools/diagnose-innovatie.md": entry("Diagnose innovatie",
                                                                                  kind="werkvorm")})
    output = str(tmp_path / "output")
    build(content, output, "publishconf.py", SITEURL="https://oogst.test",
          EDITORS_EMAIL="redactie@oogst.be")
    with open(os.path.join(output, "instrumenten", "diagnose-innovatie", "index.html"),
              encoding="utf-8") as fh:
        html = fh.read()
    assert "mailto:redactie@oogst.be?subject=" in html
    assert re.search(r'<footer.*mailto:redactie@oogst\.be', html, re.S)
    assert "oogst.example" not in html


def test_publishconf_reads_the_address_from_the_environment(monkeypatch):
    import importlib.util

    from helpers import ROOT

    monkeypatch.setenv("OOGST_EDITORS_EMAIL", "oogst@vlaanderen.example")
    monkeypatch.syspath_prepend(ROOT)
    spec = importlib.util.spec_from_file_location("publishconf_test", os.path.join(ROOT, "publishconf.py"))
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    assert conf.EDITORS_EMAIL == "oogst@vlaanderen.example"

