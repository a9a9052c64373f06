"""Keyboard only, in a real browser: search, filter a listing, open an entry, never touching the
mouse, with the focus visible at every stop."""

from __future__ import annotations

import pytest

MAX_TABS = 80


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == []


def focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
        return {tag: e.tagName, text: (e.innerText || e.value || '').trim(), id: e.id,
                facet: e.dataset ? e.dataset.facet || '' : '', value: e.dataset ? e.dataset.value || '' : '',
                inResults: !!e.closest('[data-search-results]'), inCards: !!e.closest('.cards'),
                visible: s.outlineStyle !== 'none' && s.outlineWidth !== '0px'}; }""")


def tab_to(page, wanted, backwards=False) -> dict:
    """Press Tab until the focused element matches `wanted`; every stop must show its focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        now = focused(page)
        if now["tag"] != "BODY":
            assert now["visible"], f"focus not visible on {now}"
        if wanted(now):
            return now
    pytest.fail("never reached by Tab")


def test_search_and_open_a_result(page, live_site):
    page.goto(f"{live_site}/")
    # The skip link is the first stop.
    assert tab_to(page, lambda f: f["tag"] == "A")["text"] == "Naar de inhoud"
    tab_to(page, lambda f: f["id"] == "zoek")
    page.keyboard.type("diagnose innovatie")
    page.keyboard.press("Enter")
    page.wait_for_url("**/zoeken/?q=*")
    page.wait_for_selector("[data-search-results] .search-list a")
    hit = tab_to(page, lambda f: f["inResults"] and f["tag"] == "A")
    assert "Diagnose innovatie" in hit["text"]
    page.keyboard.press("Enter")
    page.wait_for_url("**/instrumenten/diagnose-innovatie/")
    assert page.locator("h1").inner_text() == "Diagnose innovatie"


def test_search_box_shortcut_and_arrow_keys(page, live_site):
    page.goto(f"{live_site}/zoeken/")
    page.keyboard.press("/")
    assert focused(page)["id"] == "zoekvraag"
    page.keyboard.type("menno")
    page.wait_for_selector("[data-search-results] .search-list a")
    page.keyboard.press("ArrowDown")
    first = focused(page)
    assert first["inResults"] and first["visible"]
    href = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(href)
    assert "/zoeken/" not in page.url
    assert page.locator("h1").inner_text() in first["text"]


def test_filter_a_listing_and_open_an_entry(page, live_site):
    page.goto(f"{live_site}/ervaringen/")
    total = page.locator(".cards .card:visible").count()
    chosen = tab_to(page, lambda f: f["facet"] == "soort" and f["value"] == "verrijkende-mislukking")
    page.keyboard.press("Enter")
    page.wait_for_url("**/ervaringen/?soort=verrijkende-mislukking")
    shown = page.locator(".cards .card:visible")
    assert 0 < shown.count() < total
    assert page.locator("[data-facet-status]").inner_text().startswith(f"{shown.count()} van {total}")
    assert chosen["text"].startswith("Verrijkende mislukking")
    # On to the first card that is still shown; hidden cards are not in the Tab order.
    link = tab_to(page, lambda f: f["inCards"] and f["tag"] == "A" and f["facet"] == "")
    assert link["text"] == shown.first.locator("h3 a").inner_text()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == link["text"]
    assert "Verrijkende mislukking" in page.locator(".entry-type").inner_text()


def test_skip_link_lands_in_main(page, live_site):
    page.goto(f"{live_site}/kennis/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    nxt = tab_to(page, lambda f: f["tag"] in ("A", "SUMMARY", "INPUT", "BUTTON"))
    assert page.evaluate("!!document.activeElement.closest('main')"), nxt
