"""Facet filters in a real browser (Chromium through Playwright): with JavaScript they filter
the listing in place and keep the state in the address; without, the same links lead to the
static facet pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browsing import serve
from helpers import build, write_content
from test_crosslinks import FILES


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("facets")
    output = str(tmp / "output")
    build(write_content(str(tmp), FILES), output)
    with serve(output) as url:
        yield url


@pytest.fixture
def browser(chromium):
    """The session's one Chromium (tests/browsing.py): one Playwright per process is all there can be."""
    return chromium


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Browsers ask for /favicon.ico on their own; every other request must succeed, and nothing
    # may break the Content-Security-Policy (which the console reports).
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    page.on("console", lambda msg: errors.append(msg.text)
            if msg.type == "error" and not msg.location.get("url", "").endswith("/favicon.ico") else None)
    yield page
    context.close()
    assert errors == []


def assert_titles(page, expected: list[str]) -> None:
    """Wait until the filter has run: after a navigation, facets.js applies it once loaded."""
    cards = page.locator(".cards .card:visible h3 a")
    if expected:
        expect(cards).to_have_text(expected)
    else:
        expect(cards).to_have_count(0)


def count(page, param, value) -> str:
    return page.locator(f'.facets a[data-facet="{param}"][data-value="{value}"] .count').inner_text()


def facet(page, param, value):
    return page.locator(f'.facets a[data-facet="{param}"][data-value="{value}"]')


def test_filters_in_place_and_keeps_the_state_in_the_address(server, page):
    page.goto(f"{server}/ervaringen/")
    assert_titles(page, ["Fouten maken mag", "Te vroeg gedeeld", "Wijkpanel"])
    assert page.locator("[data-facet-clear]").is_hidden()

    facet(page, "thema", "participatie").click()
    assert page.url == f"{server}/ervaringen/?thema=participatie"
    assert_titles(page, ["Te vroeg gedeeld", "Wijkpanel"])
    assert page.locator("[data-facet-status]").inner_text() == "2 van 3 ervaringen"
    assert facet(page, "thema", "participatie").get_attribute("aria-current") == "true"
    # Counts say what each value would give with the other filters as they are.
    assert (count(page, "soort", "goede-praktijk"),
            count(page, "soort", "verrijkende-mislukking")) == ("1", "1")
    assert count(page, "thema", "innovatiecultuur") == "2"

    facet(page, "soort", "verrijkende-mislukking").click()
    assert page.url == f"{server}/ervaringen/?thema=participatie&soort=verrijkende-mislukking"
    assert_titles(page, ["Te vroeg gedeeld"])
    assert page.locator("[data-facet-status]").inner_text() == "1 van 3 ervaringen"

    facet(page, "thema", "innovatiecultuur").click()  # values of one facet widen
    assert page.url == (f"{server}/ervaringen/?thema=participatie,innovatiecultuur"
                        "&soort=verrijkende-mislukking")
    assert_titles(page, ["Fouten maken mag", "Te vroeg gedeeld"])

    page.go_back()
    assert page.url == f"{server}/ervaringen/?thema=participatie&soort=verrijkende-mislukking"
    assert_titles(page, ["Te vroeg gedeeld"])

    page.locator("[data-facet-clear] a").click()
    assert page.url == f"{server}/ervaringen/"
    assert_titles(page, ["Fouten maken mag", "Te vroeg gedeeld", "Wijkpanel"])
    assert count(page, "soort", "verrijkende-mislukking") == "2"


def test_a_shared_filtered_address_opens_filtered(server, page):
    page.goto(f"{server}/projecten/?fase=lopend&organisatie=gemeente-oost")
    assert_titles(page, ["Burgerbudget"])
    assert facet(page, "fase", "lopend").get_attribute("aria-current") == "true"
    page.goto(f"{server}/ervaringen/?soort=vaardigheid")  # a value no entry has
    assert_titles(page, [])
    assert page.locator("[data-facet-empty]").is_visible()


def test_a_facet_page_offers_to_combine_filters(server, page):
    page.goto(f"{server}/ervaringen/thema/participatie/")
    page.get_by_role("link", name="combineer met andere filters").click()
    assert page.url == f"{server}/ervaringen/?thema=participatie"
    assert_titles(page, ["Te vroeg gedeeld", "Wijkpanel"])


def test_without_javascript_the_filters_are_links_to_static_pages(server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{server}/ervaringen/")
        facet(page, "thema", "participatie").click()
        page.wait_for_url(f"{server}/ervaringen/thema/participatie/")
        assert page.locator("h1").inner_text() == "Participatie"
        assert_titles(page, ["Te vroeg gedeeld", "Wijkpanel"])
        assert page.get_by_text("combineer met andere filters").is_hidden()
        facet(page, "soort", "verrijkende-mislukking").click()
        page.wait_for_url(f"{server}/ervaringen/soort/verrijkende-mislukking/")
        assert_titles(page, ["Fouten maken mag", "Te vroeg gedeeld"])
        assert count(page, "soort", "verrijkende-mislukking") == "2"
    finally:
        context.close()
