""""Deel je oogst" (/meedoen/) as a contributor who is not a developer meets it, in Chromium on the
published build: fill in an entry with the keyboard (relations through the search-as-you-type
picker), send it by mail, and hand that mail to `make intake` and `make validate`; make mistakes and
read every one at once, in plain words, in an error summary whose top is on screen and focused, on
a phone and a laptop; keep a name the harvest lacks; reload without losing anything; no script;
axe at zero in the light and the dark scheme; a story too long for a mail link."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.sync_api import expect

from browsing import AXE
from helpers import ROOT

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SHOTS = os.environ.get("OOGST_SCREENSHOTS", "/tmp")

# Values for fields whose kind the form shows as plain text, by name (an event has a city or an
# online address).
# Issue 25: a published entry names its source.
SAMPLES = {"city": "Gent", "source": "Verslag van de proef, Gemeente Gent"}
STORY = "## Hoe het ging\n\nEerst *klein*, dan [groter](https://example.org).\n\n- een\n- twee"

# One row per type; the relations are picked by typing these words.
TYPES = [
    pytest.param("events", {"experts": "menno", "organisations": "kennis"}, id="events"),
    pytest.param("tools", {}, id="tools"),
    pytest.param("practices", {"projects": "spring", "experts": "menno"}, id="practices"),
]


@pytest.fixture(scope="module")
def form_data(live_site):
    with open(os.path.join(live_site.output, "meedoen", "formulier.json"), encoding="utf-8") as fh:
        return json.load(fh)


def open_form(chromium, live_site, width=1280, scheme="light", touch=False):
    context = chromium.new_context(viewport={"width": width, "height": 800 if width < 600 else 900},
                                   color_scheme=scheme, has_touch=touch, is_mobile=touch, bypass_csp=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_site)
    page = context.new_page()
    page.requested = []
    page.on("request", lambda r: page.requested.append(r.url))
    page.goto(f"{live_site}/meedoen/")
    page.wait_for_selector(".contribute-form")
    return context, page


@pytest.fixture
def page(chromium, live_site):
    context, page = open_form(chromium, live_site)
    yield page
    context.close()


def choose_type(page, type_name):
    page.focus(f"#soort-{type_name}")
    page.keyboard.press("Space")
    page.wait_for_selector("[data-field='title']")


def type_into(page, selector, text):
    page.focus(selector)
    page.keyboard.type(text)


def fill_required(page, t):
    for f in t["fields"]:
        if f["name"] in SAMPLES and not f.get("required"):
            type_into(page, f"#veld-{f['name']}", SAMPLES[f["name"]])
        if not f.get("required") or f.get("derived"):
            continue
        kind, name = f["kind"], f["name"]
        if name == "title":
            type_into(page, "#veld-title", f"Proef: {t['label'].lower()} uit de browser")
        elif kind == "plaintext":
            type_into(page, f"#veld-{name}", "Een samenvatting, getypt in de browsertest.")
        elif kind in ("themes", "choices", "choice"):
            page.focus(f"#veld-{name}-0")
            page.keyboard.press("Space")
        elif kind == "moment":  # a day as GOV.UK asks it: day, month, year, and the hour
            for part, value in (("dag", "1"), ("maand", "3"), ("jaar", "2027"), ("uur", "14u")):
                type_into(page, f"#veld-{name}-{part}", value)
        elif name in SAMPLES:
            type_into(page, f"#veld-{name}", SAMPLES[name])
    if t["story"]:
        type_into(page, "#veld-body", STORY)


def submit(page):
    page.focus(".contribute-form button[type=submit]")
    page.keyboard.press("Enter")


def summary_on_screen(page):
    """The error summary: focused, and its top within the window."""
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    # Its heading on screen from its first line (the border may sit a few pixels above).
    top = page.evaluate("document.getElementById('fout-kop').getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"] / 2, top
    return summary


def mail_body(page) -> str:
    href = page.get_attribute("[data-out=mail]", "href")
    assert href.startswith("mailto:redactie@")
    return unquote(href.split("&body=")[1])


def intake_and_validate(tmp_path, mail: str) -> str:
    """The editor's side: the mail through `make intake`, then `make validate` on the result."""
    content = tmp_path / "content"
    shutil.copytree(os.path.join(ROOT, "content"), content)
    (tmp_path / "mail.txt").write_text(mail, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "plugins")}
    run = subprocess.run([sys.executable, "-m", "harvest", "intake", str(tmp_path / "mail.txt"),
                          "--content", str(content)], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    run2 = subprocess.run([sys.executable, "-m", "harvest", "validate", str(content)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert run2.returncode == 0, run2.stdout + run2.stderr
    assert "geen problemen" in run2.stdout
    return run.stdout


@pytest.mark.parametrize("type_name, relations", TYPES)
def test_a_filled_in_form_is_mailed_and_becomes_an_entry(page, form_data, live_site, tmp_path, type_name,
                                                         relations):
    t = next(x for x in form_data["types"] if x["name"] == type_name)
    choose_type(page, type_name)
    assert page.locator("#veld-date").count() == 0 and page.locator("#veld-slug").count() == 0  # derived
    fill_required(page, t)
    if not t["story"]:
        type_into(page, "#veld-body", STORY)
    page.select_option("#veld-region", "vlaanderen")
    links = page.locator("[data-field=links] .row").first
    links.locator("[data-part=title]").fill("Verslag: deel 1")
    links.locator("[data-part=url]").fill("https://example.org/verslag")
    for field, typed in relations.items():
        type_into(page, f"#veld-{field}", typed)
        page.wait_for_selector(f"#veld-{field}[aria-expanded=true]")
        page.keyboard.press("Enter")  # the first suggestion
        assert page.locator(f"[data-field={field}] .picked li").count() == 1
    # The preview shows the card and the page's head as they will look.
    assert page.locator(".preview-card-title").inner_text() == f"Proef: {t['label'].lower()} uit de browser"
    assert page.locator(".preview-page .body h3").inner_text() == "Hoe het ging"
    submit(page)
    page.wait_for_selector(".result:not([hidden])")
    assert page.evaluate("document.activeElement.id") == "klaar-kop"
    # The mail first: the submission in words, then the file below the marked line.
    mail = mail_body(page)
    words, file = mail.split("\n----- Hieronder het bestand voor de redactie; pas het niet aan -----\n")
    title = f"Proef: {t['label'].lower()} uit de browser"
    assert words.startswith(f"Soort inzending: {t['label']}\nTitel: {title}\n")
    assert "Regio: Vlaanderen" in words and "- Verslag: deel 1: https://example.org/verslag" in words
    assert "Je verhaal:\n## Hoe het ging" in words
    assert file == page.locator("pre.file").last.text_content()  # "Het bestand", for Git users
    assert mail == page.locator("[data-mail-text]").text_content()
    # The issue form, opened pre-filled with the same text; the pull request and the download.
    issue = urlsplit(page.get_attribute("[data-out=issue]", "href"))
    query = parse_qs(issue.query)
    assert issue.path.endswith("/issues/new") and query["template"] == ["nieuwe-inzending.yml"]
    assert query["inzending"] == [mail] and query["title"][0].startswith("Nieuwe inzending: Proef")
    github = parse_qs(urlsplit(page.get_attribute("[data-out=github]", "href")).query)
    assert github["value"][0] == file
    assert unquote(page.get_attribute("[data-out=download]", "href").split(",", 1)[1]) == file
    assert page.get_attribute("[data-out=download]", "download") == github["filename"][0]
    expect(page.locator("#nu-kop")).to_be_visible()
    # Kopieer: the whole mail on the clipboard.
    page.click("[data-copy]")
    expect(page.locator("[data-copied]")).to_contain_text("op je klembord")
    assert page.evaluate("navigator.clipboard.readText()") == mail
    # Nothing has left the browser: every request went to the site itself.
    assert all(url.startswith(live_site) for url in page.requested), page.requested
    said = intake_and_validate(tmp_path, mail)
    assert said.startswith(f"Nieuwe inzending: {tmp_path / 'content' / type_name / github['filename'][0]}")


@pytest.mark.parametrize("width, scheme", [(375, "dark"), (1280, "light")])
def test_an_experience_on_a_phone_or_a_laptop_with_mistakes(chromium, live_site, tmp_path, width, scheme):
    """Done when: a person fills in an experience, makes mistakes, reads what to do, finishes, and
    the mail becomes an entry `make validate` accepts through `make intake`. By keyboard only."""
    context, page = open_form(chromium, live_site, width, scheme, touch=width < 600)
    submit(page)  # before choosing anything
    summary = summary_on_screen(page)
    assert summary.locator("li").all_inner_texts() == [
        "Kies wat je wilt delen: project, ervaring, instrument, kennis, schakelfiguur, organisatie, "
        "bijeenkomst"]
    choose_type(page, "practices")
    hint = page.locator("#hint-organisations").inner_text()
    assert ("pijltjes" not in hint) if width < 600 else ("pijltjes" in hint)
    type_into(page, "#veld-title", "Fouten maken mag")  # taken: said, and the file gets a number
    type_into(page, "#veld-summary", "Een <b>vette</b> samenvatting")
    row = page.locator("[data-field=links] .row").first
    row.locator("[data-part=url]").focus()
    page.keyboard.type("www.gent.be/verslag")
    type_into(page, "#veld-organisations", "Stad Gent")
    page.keyboard.press("Enter")  # no such organisation: kept as a new name
    expect(page.locator("[data-field=organisations] .picked li.new")).to_contain_text("nieuw in de oogst")
    type_into(page, "#veld-source", SAMPLES["source"])
    submit(page)
    summary = summary_on_screen(page)
    page.screenshot(path=f"{SHOTS}/meedoen-fouten-{width}-{scheme}.png")
    said = summary.locator("li").all_inner_texts()
    assert said == [
        "Schrijf samenvatting als gewone tekst, zonder tekens als < en > eromheen",
        "Kies minstens één thema",
        "Kies wat voor ervaring het is",
        "Geef elke link een titel, bijvoorbeeld Verslag. Typ bij links het hele adres, met https:// ervoor: "
        "bedoel je https://www.gent.be/verslag?",
        "Vertel wat er gebeurde. " + page.evaluate(
            "fetch(document.querySelector('[data-contribute]').dataset.src).then(r => r.json())"
            ".then(m => m.types.find(t => t.name === 'practices').prompt)"),
    ]
    expect(page.locator("[data-title-taken]")).to_contain_text("Er staat al een ervaring met deze titel")
    page.add_script_tag(path=AXE)
    result = page.evaluate("only => axe.run(document, {runOnly: only})", {"type": "tag", "values": TAGS})
    assert [f"{v['id']}: {v['help']}" for v in result["violations"]] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # A link in the summary takes the focus to its field; fixed, each message goes as it is typed.
    summary.locator("a").first.press("Enter")
    expect(page.locator("#veld-summary")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("Wat we leerden toen fouten mochten.")
    expect(page.locator("#fout-summary")).to_be_hidden()
    page.focus("#veld-themes-0")
    page.keyboard.press("Space")
    page.focus("#veld-kind-1")
    page.keyboard.press("Space")
    row.locator("[data-part=title]").focus()
    page.keyboard.type("Verslag")
    row.locator("[data-part=url]").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("https://www.gent.be/verslag")
    type_into(page, "#veld-body", "We probeerden iets nieuws.\n\n## Wat we leerden\n\n- klein beginnen")
    submit(page)
    page.wait_for_selector(".result:not([hidden])")
    assert page.evaluate("document.activeElement.id") == "klaar-kop"
    top = page.evaluate("document.getElementById('klaar-kop').getBoundingClientRect().top")
    assert -1 < top < page.viewport_size["height"] / 2, top  # sub-pixel
    page.locator(".result").screenshot(path=f"{SHOTS}/meedoen-klaar-{width}-{scheme}.png")
    result = page.evaluate("only => axe.run(document, {runOnly: only})", {"type": "tag", "values": TAGS})
    assert [f"{v['id']}: {v['help']}" for v in result["violations"]] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    mail = mail_body(page)
    assert "Organisaties:\n- Stad Gent (nieuw in de oogst)" in mail
    said = intake_and_validate(tmp_path, mail)
    # Beside the screenshots, for whoever reviews the path: the mail, the issue link, what intake said.
    with open(f"{SHOTS}/meedoen-klaar-{width}-{scheme}.txt", "w", encoding="utf-8") as fh:
        fh.write(f"{mail}\n\n{page.get_attribute('[data-out=issue]', 'href')}\n\n{said}")
    assert "fouten-maken-mag-2.md" in said.splitlines()[0]
    assert "Stad Gent staat nog niet in de oogst (organisaties)" in said
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_on_the_endings_in_both_schemes(chromium, live_site, form_data, scheme):
    context, page = open_form(chromium, live_site, 1280, scheme)
    choose_type(page, "tools")
    fill_required(page, next(x for x in form_data["types"] if x["name"] == "tools"))
    type_into(page, "#veld-experts", "m")  # the listbox open
    page.wait_for_selector("#veld-experts[aria-expanded=true]")
    page.add_script_tag(path=AXE)
    result = page.evaluate("only => axe.run(document, {runOnly: only})", {"type": "tag", "values": TAGS})
    assert [f"{v['id']}: {v['help']}" for v in result["violations"]] == []
    page.keyboard.press("Escape")
    submit(page)
    page.wait_for_selector(".result:not([hidden])")
    page.evaluate("document.querySelectorAll('.result details').forEach(d => d.open = true)")
    result = page.evaluate("only => axe.run(document, {runOnly: only})", {"type": "tag", "values": TAGS})
    assert [f"{v['id']}: {v['help']}" for v in result["violations"]] == []
    context.close()


def test_a_reload_loses_nothing(page):
    choose_type(page, "events")
    type_into(page, "#veld-title", "Wat we leerden")
    type_into(page, "#veld-starts-dag", "1")
    type_into(page, "#veld-experts", "menno")
    page.wait_for_selector("#veld-experts[aria-expanded=true]")
    page.keyboard.press("Enter")
    type_into(page, "#veld-organisations", "Stad Gent")
    page.keyboard.press("Tab")  # typed and left: kept, never dropped
    page.wait_for_timeout(150)
    page.reload()
    page.wait_for_selector("[data-field='title']")
    assert page.is_checked("#soort-events")
    assert page.input_value("#veld-title") == "Wat we leerden"
    assert page.input_value("#veld-starts-dag") == "1"
    assert page.locator("[data-field=experts] .picked li").inner_text().startswith("Menno Spaan")
    assert page.locator("[data-field=organisations] .picked li.new").inner_text().startswith("Stad Gent")


def test_a_story_too_long_for_a_mail_link(page, form_data):
    choose_type(page, "tools")
    fill_required(page, next(x for x in form_data["types"] if x["name"] == "tools"))
    page.fill("#veld-body", "Een lange tekst. " * 320)  # 5,120 characters
    submit(page)
    page.wait_for_selector(".result:not([hidden])")
    href = page.get_attribute("[data-out=mail]", "href")
    assert len(href) <= form_data["rules"]["mailMax"]
    body = unquote(href.split("&body=")[1])
    assert body.startswith("Soort inzending: Instrument\n") and "Een lange tekst" not in body
    assert body.endswith("(Mijn verhaal en het bestand voor de redactie plak ik hieronder.)")
    expect(page.locator("[data-mail-short]")).to_be_visible()
    assert "Een lange tekst. " * 300 in page.locator("[data-mail-text]").text_content()
    # The issue's address still takes it all; the pull request's too, below GitHub's limit.
    assert len(page.get_attribute("[data-out=issue]", "href")) <= form_data["rules"]["urlMax"]
    page.fill("#veld-body", "Een lange tekst. " * 600)
    page.wait_for_timeout(100)
    submit(page)
    expect(page.locator("[data-issue-short]")).to_be_visible()
    href = page.get_attribute("[data-out=github]", "href")
    assert "value=" not in href and href.endswith("filename=proef-instrument-uit-de-browser.md")


def test_without_javascript_the_page_explains_the_other_ways(chromium, live_site):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_site}/meedoen/")
    assert page.locator("[data-contribute]").is_hidden()
    assert page.locator("[data-contribute-noscript]").is_visible()
    other = page.locator(".contribute-other")
    assert other.locator("a[href*='issues/new']").is_visible()
    assert other.locator("a[href^='mailto:']").is_visible()
    context.close()
