"""The site speaks to its reader as "je" (issue 23), never "u" or "uw": in every built page's
interface text, in every string of the catalogue (templates, scripts, messages), in the content
model's help and prompts, and in what the project wrote in content/. A quotation keeps its own
words: text between quotation marks and in block quotes is left out."""

from __future__ import annotations

import glob
import os
import re

from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from harvest.model import types as m
from harvest.tools import catalogue
from helpers import ROOT

# "u", "uw", "uzelf" as words (not "U+200B", not "\u", not part of a word or a code).
FORMAL = re.compile(r"(?<![\w\\+-])(?:[Uu]w?|[Uu]zelf)(?![\w+-])")
# What the site shows of an entry's own text (its Markdown body and sections): content, not the
# interface; checked below against content/ itself, where quotations can be told apart.
CONTENT = ".body, .field-section, .summary, .card > p:not(.card-meta):not(.card-when), .search-snippet"
QUOTED = re.compile(r'"[^"\n]*"|“[^”]*”|„[^”“]*[”“]|‘[^’]*’|^>.*$', re.M)


def formal(text: str) -> list[str]:
    return [text[max(0, m.start() - 30):m.end() + 30].replace("\n", " ") for m in FORMAL.finditer(text)]


def test_the_pattern_finds_u_and_uw_and_nothing_else():
    assert formal("Weet u meer? Mail uw inzending.") and formal("U kunt het zelf.")
    assert not formal("je, jouw, U+200B, \\u00e9, `git push -u origin`, uur, nu, u-bocht")


def test_every_built_page_says_je(site):
    found = {}
    for path in glob.glob(os.path.join(site, "**", "*.html"), recursive=True):
        with open(path, encoding="utf-8") as f:
            page = BeautifulSoup(f.read(), "html.parser")
        for tag in page.select(f"script, style, template, {CONTENT}"):
            tag.decompose()
        words = [page.get_text(" ")]
        words += [tag.get(a, "") for tag in page.find_all(True)
                  for a in ("title", "aria-label", "placeholder", "alt")]
        hits = [hit for text in words for hit in formal(text)]
        if hits:
            found[os.path.relpath(path, site)] = hits
    assert not found, found


def test_every_catalogue_string_says_je():
    with open(catalogue.POT, "rb") as f:
        ids = [text for message in read_po(f) if message.id
               for text in (message.id if isinstance(message.id, tuple) else (message.id,))]
    assert len(ids) > 300
    assert [text for text in ids if formal(text)] == []


def test_the_content_model_says_je():
    texts = [t.description for t in m.TYPES.values()] + [t.prompt for t in m.TYPES.values()]
    texts += [f.help for fields in m.FIELDS_BY_TYPE.values() for f in fields.values()]
    assert [text for text in texts if formal(text)] == []


def test_what_the_project_wrote_in_content_says_je():
    found = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "content", "**", "*.md"), recursive=True)):
        with open(path, encoding="utf-8") as f:
            text = QUOTED.sub("", f.read())
        if formal(text):
            found[os.path.relpath(path, ROOT)] = formal(text)
    assert not found, found
