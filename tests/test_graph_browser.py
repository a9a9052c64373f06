"""The relation graphs in a real browser: the keyboard reaches every node of a neighbourhood in
the drawing's order, with its focus visible, and follows it; pointing at a node highlights its
relations; on a phone the neighbourhood gives way to its list and a map scrolls inside itself;
the drawing prints."""

from __future__ import annotations

import glob
import json
import os

import pytest

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
        # The whole map, fitted to the width: nothing hidden in a sideways-scrolling box, and
        # a hint says how to read its names.
        assert figure.evaluate("f => f.scrollWidth <= f.clientWidth")
        box = page.locator("figure.graph-map > svg").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
        assert page.locator("figure.graph-map .graph-hint").is_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    assert page.locator("figure.graph-map .graph-hint").is_hidden()
    context.close()


# Every label's box against every other label's and every symbol's, as the browser lays them out.
COLLISIONS = """() => {
  const meet = (a, b) => a.left < b.right - .5 && b.left < a.right - .5
    && a.top < b.bottom - .5 && b.top < a.bottom - .5;
  const shown = e => getComputedStyle(e).display !== "none";
  return Array.from(document.querySelectorAll("figure.graph > svg")).filter(shown).flatMap(svg => {
    const labels = Array.from(svg.querySelectorAll("text")).filter(shown)
      .map(t => [t.textContent, t.getBoundingClientRect()]);
    const symbols = Array.from(svg.querySelectorAll(".node > path, .node > circle"))
      .map(s => s.getBoundingClientRect());
    const found = [];
    labels.forEach(([text, box], i) => {
      labels.slice(i + 1).forEach(([other, b]) => { if (meet(box, b)) found.push(text + " | " + other); });
      symbols.forEach(s => { if (meet(box, s)) found.push(text + " | symbol"); });
    });
    return found;
  });
}"""


def _drawing_pages(output) -> list[str]:
    pages = []
    for path in sorted(glob.glob(os.path.join(output, "**", "index.html"), recursive=True)):
        with open(path, encoding="utf-8") as fh:
            if 'class="graph ' in fh.read():
                pages.append(os.path.relpath(os.path.dirname(path), output).replace(os.sep, "/") + "/")
    return pages


def test_no_label_meets_another_or_a_symbol(chromium, live_site):
    """Issue 23: on every drawing of the starter harvest, at 375 and 1280 px, light and dark,
    no label's box meets another's or a symbol's (Chromium's own text layout, Debian's fonts)."""
    pages = _drawing_pages(live_site.output)
    assert "verbanden/" in pages and len(pages) > 40
    for width in (375, 1280):
        for scheme in ("light", "dark"):
            context = chromium.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
            page = context.new_page()
            for path in pages:
                page.goto(f"{live_site}/{path}")
                assert page.evaluate(COLLISIONS) == [], (width, scheme, path)
            context.close()


def test_the_harvest_map_is_read_at_full_size(chromium, live_site):
    """/verbanden/ at 1280: every node named beside its symbol, at the labels' own size."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_site}/verbanden/")
    svg = page.locator("figure.graph-map > svg")
    nodes = svg.locator(".node")
    with open(os.path.join(live_site.output, "data", "oogst.json"), encoding="utf-8") as fh:
        entries = len(json.load(fh)["entries"])  # every published entry of the starter harvest
    assert nodes.count() == svg.locator(".node > text:not(.name)").count() == entries > 30
    size = svg.locator(".node > text").first.evaluate("t => t.getBoundingClientRect().height")
    assert size >= 13
    context.close()


@pytest.mark.slow
def test_a_large_map_names_its_nodes_on_focus_and_hover(chromium, tmp_path):
    """Past LABELLED_MAP nodes not every name fits beside its symbol: the others are named where
    they are pointed at or focused, with their lines highlighted; no name is ever cut off from
    the keyboard or the pointer."""
    from bench.synth import TODAY, generate
    from browsing import serve
    from helpers import build

    content, output = str(tmp_path / "content"), str(tmp_path / "output")
    generate(content, 200, body_words=20)
    os.makedirs(output)
    with serve(output) as url:
        build(content, output, "publishconf.py", SITEURL=url, HARVEST_TODAY=TODAY,
              DELETE_OUTPUT_DIRECTORY=False)
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(f"{url}/verbanden/")
        assert page.evaluate(COLLISIONS) == []
        unnamed = page.locator("figure.graph-map a.node:has(text.name)")
        assert unnamed.count() > 0
        node = unnamed.first
        name = node.locator("text.name")
        assert name.is_hidden()
        node.hover()
        assert name.is_visible() and name.text_content()
        assert page.locator("figure.graph-map .edges line.hot").count() >= 1
        page.mouse.move(0, 0)
        assert name.is_hidden()
        node.focus()
        assert name.is_visible()
        context.close()
