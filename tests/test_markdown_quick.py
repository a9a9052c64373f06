"""The body Markdown's inline processor skips a pattern on a text that holds none of what its
matches hold (markup._NEEDLES): the HTML stays what Python-Markdown itself makes, byte for byte."""

from __future__ import annotations

import os
import random

from markdown import Markdown

from commonmark_spec import examples
from harvest.content import markup
from harvest.content.markup import BodyMarkdown, merged
from markdown_corpus import CORPUS

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOKENS = ["a", "b ", " ", "  \n", "\n", "\n\n", "*", "**", "_", "__", "~", "~~", "`", "``", "[", "]", "(",
          ")", "![", "[^1]", "[^1]: x\n", "<", ">", "&", "&amp;", "&#x41;", "&#0;", "\\", "\\\n", "http://x.nl",
          "www.x.nl", "WwW.x.be", "a@b.nl", "<a@b.nl>", "<https://x.nl>", "<b>", "</b>", "<!-- c -->", "- ",
          "1. ", "> ", "# ", "```\n", "    ", "|", "---", "{: .x}", "*[HTML]: Hyper\n", "HTML", "é",
          "[x]: http://y\n", "[x]", "[ ] ", "[x] ", "<?x?>", "<![CDATA[x]]>", "ftp://y.be", "a_b_c"]


def _bodies() -> list[str]:
    bodies = [*CORPUS.values(), *(example["markdown"] for example in examples())]
    for folder, _, names in os.walk(os.path.join(ROOT, "content")):
        for name in names:
            if name.endswith(".md"):
                with open(os.path.join(folder, name), encoding="utf-8") as fh:
                    bodies.append(fh.read().split("\n---\n", 1)[-1])
    rng = random.Random(26)
    bodies += ["".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 30))) for _ in range(1500)]
    return bodies


def test_every_inline_pattern_of_the_configuration_is_known():
    """Another version of Python-Markdown or pymdown-extensions may change a pattern: it is then
    always tried (correct, slower), and this test says which to look at again."""
    md = BodyMarkdown().ready()._markdown
    assert type(md.treeprocessors["inline"]).__name__ == "QuickInline"
    from markdown import inlinepatterns

    unknown = [type(p).__name__ for p in md.inlinePatterns if markup._needles(p, inlinepatterns) is None]
    assert unknown == []


def test_the_html_is_python_markdowns_own():
    quick = BodyMarkdown().ready()._markdown
    stock = Markdown(**merged(None))
    for body in _bodies():
        quick.reset()
        stock.reset()
        assert quick.convert(body) == stock.convert(body), body


def test_a_pattern_it_does_not_know_is_always_tried():
    md = BodyMarkdown().ready()._markdown
    from markdown import inlinepatterns

    class Shout(inlinepatterns.SimpleTagInlineProcessor):
        pass

    md.inlinePatterns.register(Shout(r"(!!)(.+?)!!", "strong"), "shout", 1)
    try:
        assert markup._needles(md.inlinePatterns["shout"], inlinepatterns) is None
        md.reset()
        assert md.convert("Dit is !!luid!!.") == "<p>Dit is <strong>luid</strong>.</p>"
    finally:
        md.inlinePatterns.deregister("shout")
