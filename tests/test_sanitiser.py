"""Markdown bodies are contributors' text, so they are sanitised with nh3: no <script>, no on*
attributes, no javascript: (or data:) URLs survive, in any spelling; ordinary formatting, tables,
images (lazy) and links (rel="noopener") do. Checked on the renderer and on a built page."""

from __future__ import annotations

import os

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from harvest.content.markup import render
from helpers import build, entry, write_content

ATTACKS = {
    "script": "<script>alert(1)</script>",
    "script-caps": "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "script-split": "<scr<script>ipt>alert(1)</script>",
    "img-onerror": '<img src="x.png" onerror="alert(1)">',
    "svg-onload": "<svg onload=alert(1)><circle r=1 /></svg>",
    "body-onload": "<body onload=alert(1)>tekst</body>",
    "a-onclick": '<a href="https://example.org" onclick="alert(1)">klik</a>',
    "onmouseover-caps": '<p OnMouseOver="alert(1)">zweef</p>',
    "javascript-href": '<a href="javascript:alert(1)">x</a>',
    "javascript-mixed-case": '<a href="JaVaScRiPt:alert(1)">x</a>',
    "javascript-entities": '<a href="&#106;&#97;vascript:alert(1)">x</a>',
    "javascript-tab": '<a href="java&#09;script:alert(1)">x</a>',
    "javascript-space": '<a href=" javascript:alert(1)">x</a>',
    "markdown-link": "[klik](javascript:alert(1))",
    "markdown-image": "![beeld](javascript:alert(1))",
    "markdown-reference": "[klik][1]\n\n[1]: javascript:alert(1)",
    "data-url": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "vbscript": '<a href="vbscript:msgbox(1)">x</a>',
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "object": '<object data="https://evil.example/x.swf"></object><embed src="x.swf">',
    "form": '<form action="https://evil.example"><input name="pw"><button>ok</button></form>',
    "style": "<style>body { display: none }</style>",
    "style-attribute": '<p style="background:url(javascript:alert(1))">x</p>',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "base": '<base href="https://evil.example/">',
    "link": '<link rel="stylesheet" href="https://evil.example/x.css">',
    "math-xss": '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    "noscript-xss": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
}

FORBIDDEN_TAGS = {"script", "style", "iframe", "object", "embed", "form", "button", "meta",
                  "base", "link", "svg", "math", "frame", "frameset"}


def assert_safe(html: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        assert tag.name not in FORBIDDEN_TAGS, html
        if tag.name == "input":
            # Task lists (issue 12): a checkbox that shows a state, cannot be ticked and sends
            # nothing (no name, no value, no form); whatever `<input>` was written becomes one.
            assert tag.get("type") == "checkbox" and tag.has_attr("disabled"), html
            assert set(tag.attrs) <= {"type", "disabled", "checked"}, html
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), html
            assert name.lower() != "style", html
            if name in ("href", "src", "action", "formaction", "data", "xlink:href"):
                scheme = "".join(value.split()).lower().split(":", 1)[0] if ":" in value else ""
                assert scheme in ("", "http", "https", "mailto"), html
    # As text, "javascript:" is harmless: only attributes are URLs.


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_attack_does_not_survive(name):
    assert_safe(render(ATTACKS[name]))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(sorted(ATTACKS.values()) + ["tekst", "**vet**", "\n\n", "<", ">", '"',
                                                            "'", "=", "on", "java", "script:"]),
                max_size=8))
def test_any_mix_of_attacks_and_text_is_safe(parts):
    assert_safe(render("".join(parts)))


def test_ordinary_formatting_survives():
    html = render(
        "# Kop\n\nTekst met *nadruk*, **vet**, `code` en een "
        "[link](https://example.org/pad?a=1&b=2 \"titel\").\n\n"
        "- een\n- twee\n\n1. eerst\n2. dan\n\n> geciteerd\n\n"
        "| Fase | Duur |\n|:-----|-----:|\n| Start | 2 uur |\n\n"
        "![Een schets](/images/schets.png)\n\n"
        "Mail [de redactie](mailto:redactie@oogst.example).\n\n"
        "Voetnoot[^1].\n\n[^1]: De bron.\n")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.h2.get_text() == "Kop"  # a body's `#` is an h2: the page's h1 is the title
    assert soup.h1 is None
    assert soup.em.get_text() == "nadruk" and soup.strong.get_text() == "vet" and soup.code
    assert [li.get_text() for li in soup.ul.find_all("li")] == ["een", "twee"]
    assert soup.ol and soup.blockquote
    assert [th.get_text() for th in soup.table.find_all("th")] == ["Fase", "Duur"]
    assert [td.get_text() for td in soup.table.find_all("td")] == ["Start", "2 uur"]
    link = soup.find("a", href="https://example.org/pad?a=1&b=2")
    assert link["rel"] == ["noopener"] and link["title"] == "titel"
    assert soup.find("a", href="mailto:redactie@oogst.example")
    img = soup.img
    assert img["src"] == "/images/schets.png" and img["alt"] == "Een schets"
    assert img["loading"] == "lazy"
    assert soup.find("sup") and "De bron." in soup.get_text()


def test_image_dimensions_survive():
    html = render('<img src="/images/schets.png" alt="Schets" width="640" height="360">')
    img = BeautifulSoup(html, "html.parser").img
    assert (img["width"], img["height"], img["loading"]) == ("640", "360", "lazy")


def test_a_built_page_carries_no_attack(tmp_path):
    body = "Gewone **tekst** blijft staan.\n\n" + "\n\n".join(ATTACKS.values())
    content = write_content(str(tmp_path), {
        "practices/aanval.md": entry("Aanval", kind="goede-praktijk", body=body),
    })
    output = str(tmp_path / "output")
    build(content, output)
    with open(os.path.join(output, "ervaringen", "aanval", "index.html"), encoding="utf-8") as fh:
        soup = BeautifulSoup(fh.read(), "html.parser")
    body_html = str(soup.select_one(".body"))
    assert_safe(body_html)
    assert "<strong>tekst</strong>" in body_html
    # The page itself: scripts only from the site, none inline but the JSON-LD data block.
    for script in soup.find_all("script"):
        assert script.get("src") or script.get("type") == "application/ld+json"


FOREIGN_IMAGES = {
    "protocol-relative": "![p](//evil.example/p.png)",
    "https": "![p](https://evil.example/p.png)",
    "http-caps": '<img src="HTTP://evil.example/p.png" alt="p">',
    "backslashes": '<img src="\\\\evil.example\\p.png" alt="p">',
    "slash-backslash": '<img src="/\\evil.example/p.png" alt="p">',
    "leading-space": '<img src=" //evil.example/p.png" alt="p">',
    "tab-inside": '<img src="/&#09;/evil.example/p.png" alt="p">',
    "data": "![p](data:image/png;base64,iVBORw0KGgo=)",
    "reference": "![p][1]\n\n[1]: //evil.example/p.png\n",
}


@pytest.mark.parametrize("name", sorted(FOREIGN_IMAGES))
def test_an_image_from_another_host_is_dropped(name):
    """It could not load under the CSP anyway, but feeds and the open data carry the body too:
    there it would track readers."""
    html = render(f"Voor {FOREIGN_IMAGES[name]}\n\nna.")
    assert "<img" not in html and "evil" not in html and "Voor" in html and "na." in html


def test_images_on_the_site_itself_stay():
    html = render("![a](/images/a.png) ![b](images/b.png) ![c]({static}/images/c.png)")
    assert [img["src"] for img in BeautifulSoup(html, "html.parser").find_all("img")] == [
        "/images/a.png", "images/b.png", "{static}/images/c.png"]


def test_a_foreign_image_reaches_neither_feed_nor_open_data(tmp_path):
    content = write_content(str(tmp_path), {
        "practices/spion.md": entry("Spion", kind="goede-praktijk",
                                    body="Kijk: ![p](//evil.example/p.png) en ![q](https://evil.example/q.gif)"),
    })
    output = str(tmp_path / "output")
    build(content, output, "publishconf.py", SITEURL="https://oogst.test")
    for folder, _dirs, files in os.walk(output):
        for name in files:
            with open(os.path.join(folder, name), "rb") as fh:
                assert b"evil.example" not in fh.read(), os.path.join(folder, name)
