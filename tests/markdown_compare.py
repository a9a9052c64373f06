"""What the parity and CommonMark tests compare: the site's Markdown next to cmark-gfm (GitHub's
renderer), both as a browser reads them. Whitespace between blocks, heading ids, classes and the
attributes the sanitiser adds (rel, loading) only change styling, so they are normalised away."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import unquote

import cmarkgfm
from cmarkgfm.cmark import Options

_BLOCK = {"address", "blockquote", "dd", "div", "dl", "dt", "h1", "h2", "h3", "h4", "h5", "h6",
          "hr", "li", "ol", "p", "pre", "table", "tbody", "td", "th", "thead", "tr", "ul",
          "section", "br"}
_DROPPED = {"id", "class", "rel", "loading", "lang"}


def github(body: str) -> str:
    """GitHub's rendering: cmark-gfm with the table, strikethrough, autolink and tasklist
    extensions; raw HTML kept so that the site's sanitiser can judge both sides alike."""
    return cmarkgfm.github_flavored_markdown_to_html(body, options=Options.CMARK_OPT_UNSAFE)


class _Normaliser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.pre = 0

    def handle_starttag(self, tag, attrs):
        if tag == "label":
            return  # the site names task checkboxes by their text (docs/markdown.md)
        kept = []
        for name, value in sorted(attrs):
            if name in _DROPPED or (tag == "ol" and name == "type" and value == "1"):
                continue
            if tag == "input" and name in ("checked", "disabled"):
                value = ""  # `checked=""` and `checked` are the same attribute
            if name in ("href", "src"):
                value = unquote(value or "")  # a browser requests the same address
            kept.append(f' {name}="{html.escape(value or "")}"')
        self.parts.append(f"<{tag}{''.join(kept)}>")
        self.pre += tag == "pre"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "label":
            return
        self.parts.append(f"</{tag}>")
        self.pre -= tag == "pre"

    def handle_data(self, data):
        self.parts.append(html.escape(data if self.pre else re.sub(r"\s+", " ", data), quote=False))

    def handle_comment(self, data):
        pass


_AROUND_BLOCK = re.compile(rf"\s*(</?(?:{'|'.join(sorted(_BLOCK))})\b[^>]*>)\s*")


def normalise(markup: str) -> str:
    parser = _Normaliser()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    # Whitespace next to a block tag is not shown; inside <pre> only the final newline differs.
    text = _AROUND_BLOCK.sub(r"\1", text)
    return re.sub(r"\n(</code></pre>)", r"\1", text).strip()
