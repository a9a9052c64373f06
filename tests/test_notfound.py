"""404.html: GitHub Pages serves it for every unknown address, at any depth. In the site's look,
with absolute addresses only, the search box and every section; when the address names an entry
that lives in another section, it links to that entry."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import threading

import pytest
from bs4 import BeautifulSoup

from browsing import AXE, Quiet
from harvest.model import types as m
from helpers import VALID, build, write_content


class GitHubPages(Quiet):
    """Like GitHub Pages: an unknown address gets 404.html with status 404; a project site's own
    (/<project>/404.html) under its folder."""

    def do_GET(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?")[0].endswith("/"):
            path = os.path.join(path, "index.html")
        if os.path.exists(path):
            return super().do_GET()
        project = os.path.join(self.directory, self.path.split("/")[1], "404.html")
        with open(project if os.path.isfile(project) else os.path.join(self.directory, "404.html"),
                  "rb") as fh:
            body = fh.read()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def pages_server(directory: str):
    handler = functools.partial(GitHubPages, directory=directory)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _page(output: str, rel: str) -> BeautifulSoup:
    with open(os.path.join(output, rel), encoding="utf-8") as fh:
        return BeautifulSoup(fh.read(), "html.parser")


def test_the_error_page_uses_absolute_addresses_only(published):
    page = _page(published, "404.html")
    site = "https://oogst.test/"
    addresses = [e.get("href") for e in page.find_all(href=True)] + \
                [e.get("src") for e in page.find_all(src=True)] + \
                [e.get("action") for e in page.find_all(action=True)]
    assert addresses
    for address in addresses:
        assert address.startswith((site, "https://", "mailto:", "#")), address
    assert page.find("link", rel="canonical") is None  # it stands in for many addresses
    # The search box and every section, without script.
    form = page.find("main").find("form")
    assert form["action"] == f"{site}zoeken/" and form.find("input", attrs={"name": "q"})
    links = {a["href"] for a in page.find("main").find_all("a")}
    assert {f"{site}{t.section}/" for t in m.TYPES.values()} | {f"{site}themas/"} <= links
    # Scripts and styles only as files of the site (the CSP forbids inline ones).
    assert all(s.get("src", "").startswith(site) for s in page.find_all("script"))
    assert page.find("style") is None and page.find(style=True) is None
    with open(os.path.join(published, "sitemap.xml"), encoding="utf-8") as fh:
        assert "404" not in fh.read()


def test_relative_urls_leave_the_error_page_absolute(tmp_path):
    content = write_content(str(tmp_path), VALID)
    output = str(tmp_path / "output")
    build(content, output, RELATIVE_URLS=True)
    assert _page(output, "404.html").find("link", rel="stylesheet")["href"] == "/theme/css/oogst.css"
    entry = _page(output, "instrumenten/diagnose-innovatie/index.html")
    assert entry.find("link", rel="stylesheet")["href"] == "../../theme/css/oogst.css"


def test_the_slugs_the_error_page_looks_up(site):
    with open(os.path.join(site, "suggesties", "di.json"), encoding="utf-8") as fh:
        slugs = json.load(fh)
    assert slugs["diagnose-innovatie"] == [["instrumenten/diagnose-innovatie/", "Instrument",
                                            "Diagnose innovatie"]]
    assert all(slug.startswith("di") for slug in slugs)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("notfound")
    content = write_content(str(root), VALID)
    output = str(root / "output")
    os.makedirs(output)
    with pages_server(output) as url:
        build(content, output, "publishconf.py", SITEURL=url, DELETE_OUTPUT_DIRECTORY=False)
        yield url


def _open(context, url):
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: errors.append(str(err)))
    response = page.goto(url)
    return page, response, errors


def test_an_entry_in_another_section_is_suggested(chromium, served):
    context = chromium.new_context()
    page, response, errors = _open(context, f"{served}/projecten/diagnose-innovatie/")
    assert response.status == 404
    link = page.locator("[data-suggestion] a")
    link.wait_for(timeout=10000)
    assert link.inner_text() == "Diagnose innovatie"
    assert link.get_attribute("href") == f"{served}/instrumenten/diagnose-innovatie/"
    assert page.locator("[data-suggestion] li").inner_text() == "Instrument: Diagnose innovatie"
    assert page.locator("#zoekvraag").input_value() == "diagnose innovatie"
    link.click()
    page.wait_for_url(f"{served}/instrumenten/diagnose-innovatie/")
    # Only the missing page itself is reported, as a browser always does for a 404.
    assert [e for e in errors if "404" not in e] == []
    context.close()


def test_deep_unknown_address_is_styled_and_offers_no_wrong_suggestion(chromium, served):
    context = chromium.new_context()
    page, response, errors = _open(context, f"{served}/a/b/c/geen-bestaande-slug.html")
    assert response.status == 404
    page.wait_for_load_state("networkidle")
    # The stylesheet loaded (absolute address): the header's layout is the theme's, not the browser's.
    assert page.evaluate("getComputedStyle(document.querySelector('.skip')).position") == "absolute"
    assert page.locator("[data-suggestion]").is_hidden()
    assert page.locator("#zoekvraag").input_value() == "geen bestaande slug"
    assert [e for e in errors if "404" not in e] == []
    context.close()


def test_without_javascript_the_search_box_and_sections_remain(chromium, served):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served}/projecten/diagnose-innovatie/")
    assert page.locator("[data-suggestion]").is_hidden()
    page.fill("#zoekvraag", "innovatie")
    page.click("main form button")
    page.wait_for_url(f"{served}/zoeken/?q=innovatie")
    page.go_back()
    page.click("main >> text=Instrumenten")
    page.wait_for_url(f"{served}/instrumenten/")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_wcag_violations_on_the_error_page(chromium, served, scheme):
    # axe is injected as a script of its own, which the page's CSP (rightly) forbids.
    context = chromium.new_context(bypass_csp=True, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{served}/projecten/diagnose-innovatie/")
    page.locator("[data-suggestion] a").wait_for(timeout=10000)
    page.add_script_tag(path=AXE)
    result = page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: "
                           "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    context.close()
    assert [v["id"] for v in result["violations"]] == [] and result["passes"]


def test_a_project_site_suggests_under_its_own_folder(chromium, tmp_path):
    """Published at https://<owner>.github.io/<project>/, as the deploy workflow does."""
    content = write_content(str(tmp_path), VALID)
    output = str(tmp_path / "root" / "oogst")
    os.makedirs(output)
    with pages_server(str(tmp_path / "root")) as url:
        build(content, output, "publishconf.py", SITEURL=f"{url}/oogst", DELETE_OUTPUT_DIRECTORY=False)
        context = chromium.new_context()
        page, response, errors = _open(context, f"{url}/oogst/kennis/diagnose-innovatie")
        assert response.status == 404
        link = page.locator("[data-suggestion] a")
        link.wait_for(timeout=10000)
        assert link.get_attribute("href") == f"{url}/oogst/instrumenten/diagnose-innovatie/"
        assert [e for e in errors if "404" not in e] == []
        context.close()
