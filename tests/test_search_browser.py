"""Search in a real browser (Chromium through Playwright) on the starter harvest plus the hard
cases of search_support.py: inflected, accented and body-only words find the right entries, a
title that looks like HTML stays text, the index loads only when someone searches."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from browsing import serve
from search_support import XSS_TITLE, build_search_site


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve(build_search_site(tmp_path_factory)) as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium):
    """The shared Chromium (tests/browsing.py): it skips, with one line, where there is none."""
    return chromium


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.problems = []
    page.requested = []
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.on("dialog", lambda dialog: (page.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("request", lambda r: page.requested.append(r.url))
    page.on("response", lambda r: page.problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    yield page
    context.close()
    assert page.problems == []


# Waits use locators only: the site's Content Security Policy forbids the eval that
# wait_for_function would need, and the tests run under that policy like readers do.

def hits(page) -> list[str]:
    page.wait_for_selector(".search-status")
    page.locator(".search-hit[aria-busy]").first.wait_for(state="detached")
    return page.locator(".search-list .search-title").all_inner_texts()


def search(page, query: str) -> list[str]:
    box = page.locator("form[data-search] input[name=q]")  # the box search.js listens to
    box.fill(query)
    expect(page.locator(".search-status q").first).to_have_text(query)
    return hits(page)


def test_inflected_accented_and_body_only_words_find_the_right_entries(server, page):
    page.goto(f"{server}/zoeken/")
    assert "Gemeente Meierijstad" in search(page, "gemeenten")  # its text says "gemeente"
    assert search(page, "coöperatie")[0] == "Coöperatie van zorgbuurten"
    assert search(page, "cooperatie")[0] == "Coöperatie van zorgbuurten"
    assert search(page, "reunie") == ["Privacyscan voor hobbyclubs"]  # "reünie", in the body only
    assert search(page, "privacy")[0] == "Privacyscan voor hobbyclubs"
    assert "Doetank" in search(page, "tekentafel")  # a word of the body only
    snippet = page.locator(".search-hit", has_text="Doetank").locator(".search-snippet")
    assert "tekentafel" in snippet.locator("mark").all_inner_texts()
    # One search box on this page: the header has none.
    assert page.locator("#zoek").count() == 0 and page.locator("input[type=search]").count() == 1
    assert "Diagnose innovatie" in search(page, "title:diagnose")
    # Each result: a link to the entry, its type, a snippet; all inside <main>.
    first = page.locator("main .search-hit").first
    assert first.locator("a").get_attribute("href").endswith("/instrumenten/diagnose-innovatie/")
    assert first.locator(".search-meta .type").text_content() == "Instrument"
    assert re.search(r"1 resultaat", page.locator(".search-status").inner_text())
    expect(page.locator("main [role=status]")).to_have_text("1 resultaat voor title:diagnose.")


def test_a_title_that_looks_like_html_is_shown_as_text(server, page):
    page.goto(f"{server}/zoeken/?q=onerrorproef")
    assert hits(page) == [XSS_TITLE]
    assert page.locator(".search-results img").count() == 0
    assert page.locator(".search-list a").first.text_content() == XSS_TITLE
    page.wait_for_timeout(200)  # an onerror handler would have fired by now
    assert not any(p.startswith("dialog") for p in page.problems)


def test_index_loads_only_when_someone_searches(server, page):
    page.goto(f"{server}/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in page.requested if "/zoeken/" in u]
    with page.expect_response(lambda r: "/zoeken/index/meta.json" in r.url):
        page.locator("#zoek").focus()  # the header box
    page.wait_for_load_state("networkidle")
    assert [u for u in page.requested if "/zoeken/index/meta.json" in u]
    assert not [u for u in page.requested if "/zoeken/index/s/" in u or "/zoeken/index/lunr.json" in u]
    # Typing on any page shows the results in its <main>, in place of the page's own content.
    results = search(page, "leergang")
    assert "Leergang Innovatief opdrachtgeverschap" in results
    assert page.locator("main .search-results").is_visible()
    link = page.locator(".search-page-link a").get_attribute("href")
    assert link.endswith("/zoeken/?q=leergang")
    shards = [u for u in page.requested if "/zoeken/index/s/" in u]
    assert len(shards) == 1  # one word, one part of the index
    page.keyboard.press("Escape")
    assert not page.locator("main .search-results").is_visible()
    # Enter from another page leads to the shareable search page.
    page.locator("#zoek").fill("doetank")
    page.locator("#zoek").press("Enter")
    page.wait_for_url(re.compile(r"/zoeken/\?q=doetank$"))
    assert hits(page)[0] == "Doetank"


def test_type_filter_keyboard_and_back_button(server, page):
    page.goto(f"{server}/zoeken/")
    page.locator("body").press("/")
    expect(page.locator("#zoekvraag")).to_be_focused()
    shown = search(page, "innovatie")
    total = int(re.match(r"(\d+) resultaten", page.locator(".search-status").inner_text()).group(1))
    assert len(shown) == min(total, 10)
    labels = [" ".join(t.split()) for t in page.locator(".search-filter button").all_text_contents()]
    assert labels[0] == f"Alle ({total})"
    assert sum(int(re.search(r"\((\d+)\)", t).group(1)) for t in labels[1:]) == total
    projects = page.locator(".search-filter button", has_text="Projecten")
    count = int(re.search(r"\((\d+)\)", projects.inner_text()).group(1))
    projects.click()
    assert projects.get_attribute("aria-pressed") == "true"
    hits(page)  # the filtered hits load their records before arrows can reach them
    assert page.locator(".search-hit").count() == min(count, 10)
    assert page.locator(".search-hit").count() == page.locator(".search-hit-projects").count()
    assert "soort=projecten" in page.url
    # Arrows move through the results, Enter opens one.
    box = page.locator("#zoekvraag")
    box.focus()
    page.keyboard.press("ArrowDown")
    links = page.locator(".search-list a")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(links.nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(links.nth(0)).to_be_focused()
    target = links.nth(0).get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    # Back returns to the search as it was; a submitted search is a step of its own.
    page.go_back()
    page.wait_for_url(re.compile(r"q=innovatie"))
    assert page.locator("#zoekvraag").input_value() == "innovatie"
    assert hits(page) and page.locator(".search-hit").count() == page.locator(".search-hit-projects").count()
    search(page, "privacy")
    page.locator("#zoekvraag").press("Enter")
    page.locator("#zoekvraag").fill("xerox")
    page.locator("#zoekvraag").press("Enter")
    page.wait_for_url(re.compile(r"q=xerox"))
    page.go_back()
    page.wait_for_url(re.compile(r"q=privacy"))
    assert page.locator("#zoekvraag").input_value() == "privacy"
    assert hits(page) == ["Privacyscan voor hobbyclubs"]


def test_no_results_and_a_failed_index_say_what_to_do(server, page):
    page.goto(f"{server}/zoeken/?q=qwxzvb")
    hits(page)
    message = page.locator(".search-message").inner_text()
    assert "Niets gevonden voor" in message and "qwxzvb" in message
    assert "Controleer de spelling" in message and "minder woorden" in message
    # A word that finds nothing is tried without a plural -s (which lunr.nl's stemmer keeps),
    # then, as while typing, as the start of longer words.
    assert "Gemeente Meierijstad" in search(page, "gemeentes")
    assert re.search(r"; wel \d+ resultaten voor gemeente\.", page.locator(".search-status").inner_text())
    assert "Leergang Innovatief opdrachtgeverschap" in search(page, "leerga")
    assert re.search(r"; wel \d+ resultaten? voor leerga\*\.", page.locator(".search-status").inner_text())


def test_a_query_lunr_cannot_read_is_said_as_such(server, page):
    """Not "the index could not be loaded": the query itself is what to change."""
    page.goto(f"{server}/zoeken/?q=foo:bar")
    message = page.locator(".search-message")
    expect(message).to_contain_text("Deze zoekvraag kunnen we niet lezen")
    assert "De zoekindex kon niet geladen worden" not in message.inner_text()


def test_a_failed_index_load_is_said_plainly(server, browser):
    context = browser.new_context()
    page = context.new_page()
    page.route("**/zoeken/index/*.json*", lambda route: route.abort())  # meta.json, version.json
    page.goto(f"{server}/zoeken/?q=innovatie")
    page.wait_for_selector(".search-error")
    text = page.locator(".search-message").inner_text()
    assert "De zoekindex kon niet geladen worden" in text
    assert page.locator(".search-retry").is_visible()
    page.unroute("**/zoeken/index/*.json*")
    page.locator(".search-retry").click()
    page.wait_for_selector(".search-list .search-title")
    assert hits(page)
    context.close()


def test_without_javascript_the_page_says_so(server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/zoeken/?q=innovatie")
    message = page.locator("main .search-message")
    assert message.is_visible()
    assert "Zoeken werkt alleen met JavaScript" in message.inner_text()
    assert message.locator("a", has_text="Thema's").is_visible()
    context.close()


def test_the_search_page_begins_its_query_while_the_page_loads(server, page):
    """/zoeken/?q=… has, first in its head, search-early.js (which asks for the query's shards
    from the index's table of contents in the page, as soon as it arrives) and its one script
    (the engine, then the scripts of every other page: preloaded, with the stylesheets, and
    deferred); the engine begins the search at once: the shards, then the first page's records.
    search.js takes that over: each file is fetched once, no other script is, and the results are
    those of a typed search."""
    page.goto(f"{server}/zoeken/?q=leergang")
    found = hits(page)
    assert found
    head = page.locator("head")
    assert head.locator("script#zoekindex[type='application/json']").count() == 1
    first = head.locator("script[src]").evaluate_all(
        "(nodes) => nodes.map((n) => [n.getAttribute('src').split('/').pop(), n.async, n.defer])")
    assert first == [["search-early.js", False, False], ["zoeken.js", False, True]]
    # Preloaded before the script that blocks: the page's stylesheets and its one script.
    announced = page.evaluate("""() => Array.from(document.head.children).slice(0, Array.from(
      document.head.children).findIndex((n) => n.src && n.src.endsWith('/search-early.js')))
      .filter((n) => n.rel === 'preload').map((n) => n.href.split('/').pop())""")
    stylesheets = head.locator("link[rel=stylesheet]").evaluate_all(
        "(links) => links.map((l) => l.href.split('/').pop())")
    assert sorted(announced) == sorted(stylesheets + ["zoeken.js"])
    scripts = [u.rsplit("/", 1)[1] for u in page.requested if u.endswith(".js")]
    assert sorted(scripts) == ["search-early.js", "zoeken.js"]
    index_files = [u.split("/zoeken/index/", 1)[1] for u in page.requested if "/zoeken/index/" in u]
    assert [f for f in index_files if f.startswith("s/")]
    assert len(index_files) == len(set(index_files))  # nothing asked for twice
    assert "version.json" in index_files and "meta.json" not in index_files  # the page holds it
    records = [f for f in index_files if f.startswith("d/")]
    assert len(records) == len(found)  # the page's records, and no other
    assert page.evaluate("() => window.OogstEarly") is None  # taken over by search.js
    # All that search-early.js asked for was used (when it ran second, it asked for nothing).
    assert page.evaluate("() => Object.keys(window.OogstAsked || {})") == []
    page.locator("form[data-search] input[name=q]").fill("")
    assert search(page, "leergang") == found


def test_a_search_page_older_than_its_index_searches_the_current_index(server, page):
    """The table of contents in a page the browser kept may be older than the index: what the
    engine began with it is not shown (version.json says so), the search is done again with
    meta.json's version."""
    page.goto(f"{server}/zoeken/?q=leergang")
    found = hits(page)
    current = page.evaluate("() => JSON.parse(document.getElementById('zoekindex').textContent).version")

    def newer(route):
        meta = json.loads(route.fetch().text())
        meta["version"] = "nieuwer"
        route.fulfill(json=meta)

    page.route("**/zoeken/index/meta.json*", newer)
    page.route("**/zoeken/index/version.json*", newer)
    page.requested.clear()
    page.goto(f"{server}/zoeken/?q=leergang")
    assert hits(page) == found
    shards = [u for u in page.requested if "/zoeken/index/s/" in u]
    assert [u for u in shards if u.endswith("?v=" + current)]  # begun with the page's own
    assert [u for u in shards if u.endswith("?v=nieuwer")]  # and done again with the current one
    shown = page.locator(".search-list a").first.get_attribute("href")
    assert shown and [u for u in page.requested if "/zoeken/index/d/" in u and u.endswith("?v=nieuwer")]
