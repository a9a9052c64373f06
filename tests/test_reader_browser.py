"""A reader on a phone and on a desktop (issue 23), in Chromium at 375 x 812 and 1280 x 900, light
and dark: the starter harvest with one table added, built on a day after every event (so the
agenda has nothing planned) and served on 127.0.0.1 under the site's Content-Security-Policy.

The header is one row with a menu button on a phone, the desktop menu one row from 1024 px with
DejaVu Sans and Liberation Sans; a listing shows its results first, filters behind one button,
the new count announced and in sight after each tap; the agenda says in words that nothing is
planned; search offers the pages a query names; tables keep their alignment; axe finds nothing."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from browsing import AXE, serve
from helpers import ROOT, build

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
FUTURE = "2100-01-01"  # the build's day: every event of the starter harvest is past
TABLE = """---
title: Inwoners per gemeente
summary: Een tabel met uitgelijnde kolommen, zoals GitHub ze toont.
date: 2026-12-01
themes: [participatie]
kind: goede-praktijk
---

| Gemeente | Inwoners | Provincie |
|:---|---:|:---:|
| Gent | 265.000 | Oost-Vlaanderen |
| Brugge | 119.000 | West-Vlaanderen |
"""


def published(type_name: str) -> int:
    """How many entries of the starter harvest's type are published (not drafts)."""
    folder = os.path.join(ROOT, "content", type_name)
    return sum("\nstatus: draft" not in open(os.path.join(folder, name), encoding="utf-8").read()
               for name in os.listdir(folder) if name.endswith(".md"))


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("reader")
    content = str(root / "content")
    shutil.copytree(os.path.join(ROOT, "content"), content)
    with open(os.path.join(content, "practices", "inwoners-per-gemeente.md"), "w", encoding="utf-8") as f:
        f.write(TABLE)
    output = str(root / "output")
    os.makedirs(output)
    with serve(output) as url:
        build(content, output, "publishconf.py", SITEURL=url, HARVEST_TODAY=FUTURE,
              DELETE_OUTPUT_DIRECTORY=False)
        yield url


@pytest.fixture(scope="module", params=["light", "dark"])
def scheme(request):
    return request.param


def open_page(chromium, url, viewport, scheme, javascript=True):
    context = chromium.new_context(viewport=viewport, color_scheme=scheme, java_script_enabled=javascript)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(url)
    page.wait_for_load_state("load")
    page.errors = errors
    return page


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_phone_header_is_one_row_with_a_menu_button(chromium, served, scheme):
    page = open_page(chromium, f"{served}/ervaringen/", PHONE, scheme)
    header = box(page, "header.site")
    assert header["height"] <= 120
    brand, search, menu = box(page, ".brand"), box(page, ".site-search input"), box(page, ".menu-button")
    middles = [b["y"] + b["height"] / 2 for b in (brand, search, menu)]
    assert max(middles) - min(middles) < 8, middles  # one row
    assert brand["x"] < search["x"] < menu["x"] and menu["x"] + menu["width"] <= PHONE["width"]
    menu_opens_and_closes(page)


def menu_opens_and_closes(page) -> None:
    """The menu button opens the main menu and Escape closes it, without a script error."""
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    expect(nav).to_be_hidden()
    button = page.get_by_role("button", name="Menu")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="Bijeenkomsten")).to_be_visible()
    page.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    assert page.errors == []
    page.context.close()


def test_phone_menu_opens_on_the_search_page(chromium, served):
    """/zoeken/ runs menu.js within its one script (zoeken.js, deferred), not on its own."""
    page = open_page(chromium, f"{served}/zoeken/?q=innovatie", PHONE, "light")
    menu_opens_and_closes(page)


def test_phone_header_without_javascript_hides_nothing(chromium, served):
    page = open_page(chromium, f"{served}/ervaringen/", PHONE, "light", javascript=False)
    expect(page.locator(".menu-button")).to_be_hidden()
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu.get_by_role("link", name="Deel je oogst")).to_be_visible()
    page.context.close()


def fonts() -> set[str]:
    if not shutil.which("fc-list"):
        return set()
    listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    return {name for line in listed.splitlines() for name in line.split(",")}


@pytest.mark.parametrize("font", ["DejaVu Sans", "Liberation Sans"])
@pytest.mark.parametrize("width", [1024, 1280, 1440])
def test_desktop_menu_is_one_row(chromium, served, font, width):
    if font not in fonts():
        pytest.skip(f"{font} ontbreekt: `apt-get install fonts-dejavu-core fonts-liberation` "
                    "(.ci/run doet het)")
    page = open_page(chromium, f"{served}/bijeenkomsten/", {"width": width, "height": 900}, "light")
    page.evaluate("font => { document.documentElement.style.fontFamily = font; }", f'"{font}"')
    tops = page.locator("header.site nav li").evaluate_all(
        "items => items.map(li => li.getBoundingClientRect().top)")
    assert len(tops) == 9 and len(set(tops)) == 1, tops
    expect(page.locator(".menu-button")).to_be_hidden()
    assert box(page, "header.site")["height"] <= 120
    page.context.close()


def card_titles(page):
    return page.locator(".cards > .card:visible h3").all_inner_texts()


def test_phone_listing_results_first_and_filters_behind_one_button(chromium, served, scheme):
    page = open_page(chromium, f"{served}/ervaringen/", PHONE, scheme)
    status = page.locator("[data-facet-status]")
    expect(status).to_have_text("8 ervaringen")
    expect(status).to_have_attribute("role", "status")  # announced when it changes
    first = box(page, ".cards > .card")
    assert first["y"] + 60 < PHONE["height"], first  # the first result's title is on the first screen
    expect(page.get_by_role("navigation", name="Filteren")).to_be_hidden()

    button = page.locator("[data-filter-button]")
    expect(button).to_have_text("Filter")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    page.locator('.facets a[data-facet="thema"][data-value="participatie"]').click()
    assert page.url.endswith("/ervaringen/?thema=participatie")
    expect(status).to_have_text("2 van 8 ervaringen")
    expect(button).to_have_text("Filter (1)")
    done = page.locator("[data-filter-done]")
    expect(done).to_have_text("Toon 2 ervaringen")
    shown = box(page, "[data-filter-done]")
    assert 0 <= shown["y"] and shown["y"] + shown["height"] <= PHONE["height"]  # in sight after the tap
    # A value that would show nothing is no longer offered.
    assert page.locator('.facets a[data-facet="soort"][data-value="verrijkende-mislukking"]').is_hidden()
    done.click()
    expect(page.get_by_role("navigation", name="Filteren")).to_be_hidden()
    assert len(card_titles(page)) == 2
    assert page.errors == []
    page.context.close()


def test_listing_sorts_newest_first_or_a_to_z_and_keeps_it_in_the_address(chromium, served):
    page = open_page(chromium, f"{served}/ervaringen/", DESKTOP, "light", javascript=False)
    built = card_titles(page)
    assert built[0] == "Inwoners per gemeente"  # the newest (2026-12-01) first, without JavaScript too
    page.context.close()
    page = open_page(chromium, f"{served}/ervaringen/", DESKTOP, "light")
    assert card_titles(page) == built
    page.get_by_label("Volgorde").select_option("a-z")
    assert page.url.endswith("/ervaringen/?volgorde=a-z")
    alphabetical = card_titles(page)
    assert alphabetical == sorted(built, key=str.casefold) and alphabetical != built
    page.locator('.facets a[data-facet="thema"][data-value="participatie"]').click()
    assert page.url.endswith("/ervaringen/?thema=participatie&volgorde=a-z")
    page.reload()
    expect(page.get_by_label("Volgorde")).to_have_value("a-z")
    assert card_titles(page) == sorted(card_titles(page), key=str.casefold)
    page.go_back()
    page.go_back()
    assert card_titles(page) == built
    page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_agenda_with_every_event_past(chromium, served, viewport, scheme):
    events = published("events")
    page = open_page(chromium, f"{served}/bijeenkomsten/", viewport, scheme)
    expect(page.locator("[data-facet-status]")).to_have_text(f"{events} bijeenkomsten")
    expect(page.get_by_role("heading", name="Binnenkort")).to_be_visible()
    expect(page.get_by_role("heading", name="Voorbij")).to_be_visible()
    nothing = page.locator(".nothing-planned")
    expect(nothing).to_contain_text("Er staan nu geen bijeenkomsten gepland.")
    expect(nothing.get_by_role("link", name="Zet de hele agenda in je agenda-app")).to_have_attribute(
        "href", f"{served}/bijeenkomsten/agenda.ics")
    expect(nothing.get_by_role("link", name="Stel een bijeenkomst voor")).to_have_attribute(
        "href", f"{served}/meedoen/")
    assert page.locator("section[aria-labelledby=voorbij] .card").count() == events > 1
    assert "Eerst wat komt" not in page.content()
    first = page.locator("section[aria-labelledby=voorbij] .card h3 a").first
    first.click()
    expect(page.get_by_text("Deze bijeenkomst is voorbij.")).to_be_visible()
    assert page.get_by_role("link", name="Zet in je agenda").count() == 0
    page.goto(f"{served}/")
    home = page.locator("section[aria-labelledby=binnenkort]")
    expect(home).to_contain_text("Er staan nu geen bijeenkomsten gepland.")
    page.context.close()


def test_search_offers_the_theme_page_above_the_results_with_one_search_box(chromium, served, scheme):
    page = open_page(chromium, f"{served}/zoeken/?q=participatie", PHONE, scheme)
    offer = page.locator("[data-search-results] .search-pages a")
    expect(offer).to_have_text(["Thema: Participatie"])
    expect(offer).to_have_attribute("href", f"{served}/themas/participatie/")
    first_hit = page.locator(".search-list a").first
    expect(first_hit).to_be_visible()
    assert box(page, ".search-pages")["y"] < box(page, ".search-list")["y"]
    assert page.locator("input[type=search]").count() == 1
    page.goto(f"{served}/zoeken/?q=bijeenkomsten")
    expect(page.locator(".search-pages a")).to_have_text(["Soort: Bijeenkomsten"])
    page.context.close()


def test_theme_page_has_jump_links(chromium, served):
    page = open_page(chromium, f"{served}/themas/innovatiecultuur/", PHONE, "light")
    jumps = page.get_by_role("navigation", name="Op deze pagina").get_by_role("link")
    assert jumps.count() >= 4
    jumps.first.click()
    target = page.evaluate("location.hash")
    # The page scrolls there (smoothly, unless the reader asked for less motion).
    page.wait_for_function("id => { const y = document.querySelector(id).getBoundingClientRect().top;"
                           " return 0 <= y && y < 100; }", arg=target)
    page.context.close()


def test_tables_keep_their_column_alignment(chromium, served, scheme):
    page = open_page(chromium, f"{served}/ervaringen/inwoners-per-gemeente/", DESKTOP, scheme)
    align = page.locator(".body tbody tr").first.locator("td").evaluate_all(
        "cells => cells.map(c => getComputedStyle(c).textAlign.replace('-webkit-', ''))")
    assert align == ["left", "right", "center"]  # Chromium's name for the align attribute's: -webkit-left
    page.context.close()


AXE_PAGES = ["ervaringen/", "bijeenkomsten/", "themas/participatie/", "zoeken/?q=participatie",
             "ervaringen/inwoners-per-gemeente/"]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_finds_nothing(chromium, served, viewport, scheme, path):
    context = chromium.new_context(viewport=viewport, color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{served}/{path}")
    page.wait_for_load_state("load")
    if path.startswith("zoeken/"):
        page.wait_for_selector(".search-list a")
    if viewport is PHONE:  # what a phone hides behind its buttons, opened
        page.locator(".menu-button").click()
        if page.locator("[data-filter-button]").count():
            page.locator("[data-filter-button]").click()
    page.add_script_tag(path=AXE)
    result = page.evaluate("""() => axe.run(document, {runOnly: {type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})""")
    context.close()
    violations = [f"{v['id']}: {v['help']} at " + "; ".join(n["target"][0] for n in v["nodes"][:5])
                  for v in result["violations"]]
    assert violations == []
