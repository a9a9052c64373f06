"""WCAG 2.1 A and AA in a real browser: axe-core (from npm) run by Playwright in Chromium over the
home page, every type listing, one entry of every type, a theme page, an organisation page and the
search page with results, in the light and the dark colour scheme. Plus what axe cannot judge on
its own: one h1, landmarks, a working skip link, a visible focus and no overflow at 320 px."""

from __future__ import annotations

import os

import pytest

from browsing import AXE
from harvest.model import types as m

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def first_entries() -> list[str]:
    """One entry of every type: the first slug in content/<type>/ that is not a draft."""
    from harvest.content.loader import validate_tree
    from helpers import ROOT

    entries, _ = validate_tree(os.path.join(ROOT, "content"))
    chosen = {}
    for (type_name, slug), (_doc, data) in sorted(entries.items()):
        if data.get("status") != "draft":
            chosen.setdefault(type_name, f"{m.TYPES[type_name].section}/{slug}/")
    return [chosen[t] for t in m.TYPES]


SEARCH = "zoeken/?q=innovatie"
PAGES = ["", *(f"{t.section}/" for t in m.TYPES.values()), *first_entries(), "themas/",
         "themas/innovatiecultuur/", "organisaties/haagse-beek/", "verbanden/", SEARCH, "meedoen/"]


def open_page(context, live_site, path):
    page = context.new_page()
    page.goto(f"{live_site}/{path}")
    if path == SEARCH:
        # The results are rendered by search.js from the index: check them, not an empty page.
        page.wait_for_selector("[data-search-results] a", timeout=10000)
    return page


@pytest.fixture(scope="module", params=["light", "dark"])
def axe_context(request, chromium):
    # axe is injected as a script of its own: the page's CSP (rightly) forbids that, so it is
    # bypassed here only; test_privacy.py checks the CSP itself.
    context = chromium.new_context(bypass_csp=True, color_scheme=request.param,
                                   viewport={"width": 1280, "height": 900})
    context.scheme = request.param
    yield context
    context.close()


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_no_wcag_violations(axe_context, live_site, path):
    page = open_page(axe_context, live_site, path)
    page.add_script_tag(path=AXE)
    # Light: every WCAG 2.1 A/AA rule. Dark changes only colours: its contrast rules suffice.
    only = {"type": "tag", "values": TAGS} if axe_context.scheme == "light" else \
        {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}
    result = page.evaluate("only => axe.run(document, {runOnly: only})", only)
    page.close()
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} at " + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in result["violations"]
    ]
    assert violations == []
    assert result["passes"]  # axe really ran its rules


@pytest.fixture(scope="module")
def context(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_structure(context, live_site, path):
    page = open_page(context, live_site, path)
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("h1").count() == 1
    for landmark in ("header", "nav", "main", "footer"):
        assert page.locator(landmark).count() >= 1, landmark
    assert page.locator("main").count() == 1
    if path:
        assert page.locator("nav.breadcrumbs [aria-current='page']").count() == 1
    page.close()


def test_skip_link_and_visible_focus(context, live_site):
    page = context.new_page()
    page.goto(f"{live_site}/{first_entries()[0]}")
    page.keyboard.press("Tab")
    skip = page.locator(".skip")
    assert page.evaluate("document.activeElement.className") == "skip"
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["width"] > 20  # on screen once focused
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.url.endswith("#inhoud")
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")
    # Every link and control shows where the focus is.
    for _ in range(12):
        page.keyboard.press("Tab")
        style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
            return [s.outlineStyle, s.outlineWidth]; }""")
        assert style[0] != "none" and style[1] != "0px", style
    page.close()


@pytest.mark.parametrize("width", [320, 375])
@pytest.mark.parametrize("path", ["", "ervaringen/", first_entries()[2], SEARCH], ids=lambda p: p or "home")
def test_no_horizontal_scrolling_on_small_screens(chromium, live_site, path, width):
    context = chromium.new_context(viewport={"width": width, "height": 800})
    page = open_page(context, live_site, path)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_types_are_told_apart_without_colour(context, live_site):
    """Every card says its type in words, and each type has its own symbol."""
    page = context.new_page()
    page.goto(f"{live_site}/themas/innovatiecultuur/")
    symbols = {}
    for card in page.locator(".card").all():
        type_name = next(c[5:] for c in card.get_attribute("class").split() if c.startswith("card-"))
        label = card.locator(".type").inner_text().strip()
        assert label.casefold() == m.TYPES[type_name].label.casefold()
        symbols[type_name] = card.locator(".type").evaluate("e => getComputedStyle(e, '::before').content")
    page.close()
    assert len(symbols) >= 5
    assert len(set(symbols.values())) == len(symbols)


def test_print_stylesheet_prints_the_entry_only(context, live_site):
    page = context.new_page()
    page.goto(f"{live_site}/projecten/slimmernetwerk/")
    page.emulate_media(media="print")
    for hidden in ("header.site nav", ".site-search", ".reactions", ".share", ".skip"):
        assert page.locator(hidden).first.is_hidden(), hidden
    assert page.locator("h1").is_visible() and page.locator(".body").is_visible()
    after = page.locator(".attribution a").first.evaluate("a => getComputedStyle(a, '::after').content")
    assert "http" in after  # link addresses are written out on paper
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    page.close()


def test_what_is_missing_and_how_to_cite_pass_axe_when_opened(axe_context, live_site):
    """"Wat ontbreekt nog?" is closed at first (axe skips what is hidden): opened, it passes too."""
    page = open_page(axe_context, live_site, first_entries()[0])
    page.locator("details.missing summary").click()
    page.add_script_tag(path=AXE)
    result = page.evaluate("() => axe.run('details.missing, section.cite')")
    page.close()
    assert [v["id"] for v in result["violations"]] == [] and result["passes"]
