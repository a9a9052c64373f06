"""Interface text comes from gettext catalogues: locales/oogst.pot is what Babel extracts from the
plugins, the templates and the scripts, and a translation changes the built site without a change
in the code."""

from __future__ import annotations

import html
import json
import os
import re

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from harvest import i18n
from harvest.model import messages
from harvest.tools import catalogue
from helpers import ROOT, build, entry, read, write_content

# A tiny English catalogue: a template's string, a Python module's (a facet's label, made at
# import), a plural, and a script's (search.js) and its plural.
ENGLISH_PO = r'''
msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

msgid "Naar de inhoud"
msgstr "Skip to content"

msgid "Thema"
msgstr "Theme"

msgid "%(num)d inzending over dit thema."
msgid_plural "%(num)d inzendingen over dit thema."
msgstr[0] "%(num)d entry on this theme."
msgstr[1] "%(num)d entries on this theme."

msgid "Zoekresultaten"
msgstr "Search results"

msgid "`{key}` is een lege lijst; noem er minstens één"
msgstr "`{key}` is an empty list; name at least one"

msgid "Nieuwe inzending: {title}"
msgstr "New entry: {title}"

msgid "{n} resultaat voor {query}."
msgid_plural "{n} resultaten voor {query}."
msgstr[0] "{n} result for {query}."
msgstr[1] "{n} results for {query}."
'''


def test_the_committed_catalogue_is_what_babel_extracts():
    with open(catalogue.POT, encoding="utf-8") as f:
        committed = f.read()
    assert catalogue.extract() == committed, "locales/oogst.pot is out of date: run `invoke i18n`"


def test_the_catalogue_holds_text_of_templates_modules_and_scripts():
    with open(catalogue.POT, "rb") as f:
        ids = {m.id if isinstance(m.id, str) else m.id[0]: m.locations for m in read_po(f) if m.id}
    assert any(p.startswith("themes/oogst/templates/") for p, _ in ids["Naar de inhoud"])
    assert any(p.startswith("plugins/harvest/site/") for p, _ in ids["Thema"])
    assert any(p.endswith("search.js") for p, _ in ids["Zoekresultaten"])


def _english(tmp_path, compiled: bool) -> str:
    """locales/ with an English catalogue: as translators write it (.po), or compiled (.mo)."""
    folder = tmp_path / "locales" / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = (tmp_path / "en.po") if compiled else (folder / "oogst.po")
    po.write_text(ENGLISH_PO, encoding="utf-8")
    if compiled:
        with open(po, "rb") as f:
            catalog = read_po(f, locale="en")
        with open(folder / "oogst.mo", "wb") as f:
            write_mo(f, catalog)
    return str(tmp_path / "locales")


@pytest.mark.parametrize("compiled", [False, True], ids=["po", "mo"])
def test_a_translation_changes_the_site_without_code_changes(tmp_path, compiled):
    content = write_content(str(tmp_path / "content"), {
        "projects/een.md": entry(title="Een project", stage="lopend")})
    out = str(tmp_path / "out")
    try:
        build(content, out, DEFAULT_LANG="en", HARVEST_LOCALES=_english(tmp_path, compiled))
        # The message catalogue's words too: make validate's and the form's.
        assert messages.say("emptyList", key="themes") == "`themes` is an empty list; name at least one"
    finally:
        i18n.activate({"DEFAULT_LANG": "nl"})  # the other tests in this process expect Dutch
    listing = read(out, "projecten/index.html")
    assert '<html lang="en"' in listing
    assert ">Skip to content</a>" in listing  # a template's string
    assert "<summary>Theme</summary>" in listing  # a module's, made when it was imported
    assert "<p>1 entry on this theme." in read(out, "themas/innovatiecultuur/index.html")  # a plural
    strings = json.loads(html.unescape(re.search(r'data-i18n="([^"]*)"', listing).group(1)))
    assert strings["Zoekresultaten"] == "Search results"  # the scripts' strings
    assert strings["{n} resultaat voor {query}."] == ["{n} result for {query}.", "{n} results for {query}."]
    assert "Naar de inhoud" not in listing
    form = json.loads(read(out, "meedoen/formulier.json"))
    assert form["messages"]["mailSubject"] == "New entry: {title}"


def test_the_dutch_site_needs_no_catalogue_and_gives_the_scripts_none(tmp_path):
    content = write_content(str(tmp_path / "content"), {
        "projects/een.md": entry(title="Een project", stage="lopend")})
    out = str(tmp_path / "out")
    build(content, out)
    listing = read(out, "projecten/index.html")
    assert '<html lang="nl">' in listing
    assert ">Naar de inhoud</a>" in listing and "<summary>Thema</summary>" in listing
    assert not os.path.exists(os.path.join(ROOT, "locales", "nl"))
