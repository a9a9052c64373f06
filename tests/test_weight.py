"""Light: an entry page transfers at most 50 KB (gzip) of HTML, CSS and JS before any search; the
"Deel je oogst" form loads at most 60 KB of its own script, styles and data; no
layout shifts from late-loading assets; images carry their dimensions and load lazily."""

from __future__ import annotations

import gzip
import os

import pytest
from bs4 import BeautifulSoup

BUDGET = 50_000  # bytes, gzip-compressed as a web server sends them
COUNTED = {"document", "stylesheet", "script"}

# The heaviest entry page of each kind of content and the pages with the most script.
ENTRY = "organisaties/meierijstad/"
SHIFT_PAGES = ["", "ervaringen/", ENTRY, "instrumenten/diagnose-innovatie/", "zoeken/?q=innovatie"]


def gzipped(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6, mtime=0))


def transfer(chromium, url, width=1280):
    """(gzip bytes per counted resource, every URL requested) for one page load."""
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    responses = []
    page.on("response", lambda r: responses.append(r))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    sizes = {r.url: gzipped(r.body()) for r in responses if r.request.resource_type in COUNTED}
    requested = [r.url for r in responses]
    context.close()
    return sizes, requested


def largest_entry_page(output) -> str:
    """The entry page with the most HTML: the budget must hold for it, so for all."""
    best = (0, "")
    for folder, _dirs, files in os.walk(output):
        rel = os.path.relpath(folder, output).replace(os.sep, "/")
        if "index.html" in files and rel.count("/") == 1 and not rel.startswith(("themas", "zoeken", "data")):
            size = os.path.getsize(os.path.join(folder, "index.html"))
            best = max(best, (size, rel + "/"))
    return best[1]


@pytest.mark.parametrize("which", ["typical", "largest"])
def test_entry_page_is_under_50_kb_before_any_search(chromium, live_site, which, record_property):
    path = ENTRY if which == "typical" else largest_entry_page(live_site.output)
    sizes, requested = transfer(chromium, f"{live_site}/{path}")
    total = sum(sizes.values())
    record_property("transferred_gzip_bytes", total)
    print(f"\n{path}: {total} bytes gzip of HTML, CSS and JS: "
          + ", ".join(f"{u.rsplit('/', 2)[-2] + '/' + u.rsplit('/', 1)[-1]}={n}" for u, n in sizes.items()))
    assert total <= BUDGET, sizes
    # Before any search nothing of the search is fetched: no index, no lunr.
    assert not [u for u in requested if "/zoeken/" in u], requested
    assert not [u for u in requested
                if "print.css" not in u and u.endswith((".png", ".jpg", ".woff", ".woff2"))]


@pytest.mark.parametrize("path", SHIFT_PAGES, ids=lambda p: p or "home")
def test_no_layout_shift(chromium, live_site, path):
    context = chromium.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.add_init_script("""window.__shift = 0;
        new PerformanceObserver(list => { for (const e of list.getEntries())
            if (!e.hadRecentInput) window.__shift += e.value; })
        .observe({type: 'layout-shift', buffered: true});""")
    page.goto(f"{live_site}/{path}")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    shift = page.evaluate("window.__shift")
    context.close()
    assert shift < 0.01, shift  # "good" is below 0.1; ours is none at all


def test_every_image_has_dimensions_and_loads_lazily(live_site):
    for folder, _dirs, files in os.walk(live_site.output):
        for name in files:
            if name.endswith(".html"):
                with open(os.path.join(folder, name), encoding="utf-8") as fh:
                    soup = BeautifulSoup(fh.read(), "html.parser")
                for img in soup.find_all("img"):
                    assert img.get("width") and img.get("height"), (folder, str(img))
                    assert img.get("loading") == "lazy", (folder, str(img))


def test_no_web_fonts_or_frameworks():
    from helpers import ROOT

    css = open(os.path.join(ROOT, "themes", "oogst", "static", "css", "oogst.css"), encoding="utf-8").read()
    assert "@font-face" not in css and "@import" not in css and "url(http" not in css
    assert "system-ui" in css


def test_the_form_loads_under_60_kb(chromium, live_site, record_property):
    """The page's own script, rules, styles and data, gzip-compressed as a server sends them: on
    opening, then with a type chosen and a relation picker used (their entry lists)."""
    context = chromium.new_context()
    page = context.new_page()
    responses = []
    page.on("response", lambda r: responses.append(r))
    page.goto(f"{live_site}/meedoen/")
    page.wait_for_selector(".contribute-form")
    page.check("#soort-tools")
    page.fill("#veld-experts", "m")
    page.wait_for_selector("#veld-experts[aria-expanded=true]")
    page.wait_for_load_state("networkidle")
    own = {r.url.rsplit("/", 1)[-1]: gzipped(r.body()) for r in responses
           if r.url.endswith(("contribute.js", "contribute-rules.js", "contribute.css"))
           or "/meedoen/" in r.url}
    context.close()
    assert set(own) == {"contribute.js", "contribute-rules.js", "contribute.css", "", "formulier.json",
                        "instrumenten.json", "schakelfiguren.json"}
    record_property("meedoen_gzip_bytes", own)
    print(f"\n/meedoen/ own files, gzip: {own}, total {sum(own.values())}")
    assert sum(own.values()) < 60_000
