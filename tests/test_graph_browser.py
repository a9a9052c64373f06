"""The relation graphs in a real browser: the keyboard reaches every node of a neighbourhood in
the drawing's order, with its focus visible, and follows it; pointing at a node highlights its
relations; on a phone the neighbourhood gives way to its list and a map scrolls inside itself;
the drawing prints."""

from __future__ import annotations

ENTRY = "instrumenten/diagnose-innovatie/"


def test_keyboard_follows_the_nodes_in_order(chromium, live_site):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_site}/{ENTRY}")
    hrefs = page.eval_on_selector_all("figure.graph > svg a", "as => as.map(a => a.getAttribute('href'))")
    assert len(hrefs) >= 4
    # What a screen reader meets: a named group of named links (the node's type and title).
    drawing = page.get_by_role("group", name="Verbanden van Diagnose innovatie")
    assert drawing.get_by_role("link", name="Schakelfiguur: Menno Spaan").count() == 1
    reached = []
    for _ in range(200):
        page.keyboard.press("Tab")
        now = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
            return {inGraph: !!e.closest("figure.graph > svg"), href: e.getAttribute("href"), tag: e.tagName,
                    visible: s.outlineStyle !== 'none' && s.outlineWidth !== '0px'}; }""")
        if now["inGraph"]:
            assert now["visible"]
            reached.append(now["href"] or now["tag"])
        elif reached:
            break
    assert reached == hrefs, (reached, hrefs)
    # Focus highlights the node's relations; Enter follows the link.
    page.keyboard.press("Shift+Tab")
    assert "highlighting" in page.get_attribute("figure.graph", "class")
    assert page.locator("figure.graph .node.hot").count() >= 2
    page.keyboard.press("Enter")
    page.wait_for_url(hrefs[-1])  # the last node, back from the first stop after the drawing
    context.close()


def test_pointing_highlights_and_print_keeps_the_drawing(chromium, live_site):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_site}/{ENTRY}")
    node = page.locator("figure.graph > svg a").first
    node.hover()
    hot = page.eval_on_selector_all("figure.graph .node", "es => es.flatMap((e, i) => "
                                    "e.classList.contains('hot') ? [i] : [])")
    assert hot[0] == 0 and hot[1] == 1  # the entry itself, and the node pointed at (the first link)
    assert page.locator("figure.graph .edges line.hot").count() >= 1
    assert "highlighting" in page.get_attribute("figure.graph", "class")
    page.mouse.move(0, 0)
    assert "highlighting" not in page.get_attribute("figure.graph", "class")
    page.emulate_media(media="print")
    assert page.locator("figure.graph > svg").is_visible()
    context.close()


def test_small_screens(chromium, live_site):
    context = chromium.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(f"{live_site}/{ENTRY}")
    assert page.locator("figure.graph").is_hidden()
    assert page.locator("section.relations ul.related").first.is_visible()
    for path in ("themas/innovatiecultuur/", "verbanden/"):
        page.goto(f"{live_site}/{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        figure = page.locator("figure.graph-map")
        assert figure.is_visible()
        # The map keeps its words legible and scrolls sideways within its frame.
        assert figure.evaluate("f => f.scrollWidth > f.clientWidth")
        size = page.locator("figure.graph-map > svg text").first.evaluate(
            "t => t.getBoundingClientRect().height")
        assert size >= 12
    context.close()
