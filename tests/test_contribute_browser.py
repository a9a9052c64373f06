""""Deel je oogst" (/meedoen/) as a contributor meets it, in Chromium on the published build: fill
in an entry with the keyboard (relations through the search-as-you-type picker), take the file
from the GitHub link and hand it to `make validate`; make mistakes and see them at the fields and
in the error summary, with no link offered; reload without losing anything; no script, a phone,
axe, and a file too long for an address (its weight: test_weight.py)."""

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

# Values for fields whose kind the form shows as plain text, by name (the events type's `starts`,
# and `city`: an event has a city or an online address).
SAMPLES = {"starts": "2027-03-01 14:00", "city": "Gent",
           "source": "Verslag van de proef, Gemeente Gent"}  # issue 25: every published entry names one

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


@pytest.fixture
def page(chromium, live_site):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requested = []
    page.on("request", lambda r: page.requested.append(r.url))
    page.goto(f"{live_site}/meedoen/")
    page.wait_for_selector(".contribute-form")
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
        if not f.get("required"):
            continue
        kind, name = f["kind"], f["name"]
        if name == "title":
            type_into(page, "#veld-title", f"Proef: {t['label'].lower()} uit de browser")
        elif kind == "plaintext":
            type_into(page, f"#veld-{name}", "Een samenvatting, getypt in de browsertest.")
        elif kind in ("themes", "choices", "choice"):
            page.focus(f"#veld-{name}-0")
            page.keyboard.press("Space")
        elif kind == "date":
            assert page.input_value(f"#veld-{name}")  # today, filled in
        else:
            type_into(page, f"#veld-{name}", SAMPLES[name])


def submit(page):
    page.focus(".contribute-form button[type=submit]")
    page.keyboard.press("Enter")


def github_file(page) -> tuple[str, str]:
    href = page.get_attribute("[data-out=github]", "href")
    query = parse_qs(urlsplit(href).query)
    return query["filename"][0], query["value"][0]


@pytest.mark.parametrize("type_name, relations", TYPES)
def test_a_filled_in_form_gives_a_file_make_validate_accepts(page, form_data, live_site, tmp_path, type_name,
                                                              relations):
    t = next(x for x in form_data["types"] if x["name"] == type_name)
    choose_type(page, type_name)
    fill_required(page, t)
    type_into(page, "#veld-body",
              "## Hoe het ging\n\nEerst *klein*, dan [groter](https://example.org).\n\n- een\n- twee")
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
    assert page.locator(".preview-page .body a").get_attribute("href") == "https://example.org"
    submit(page)
    page.wait_for_selector(".result:not([hidden])")
    assert page.evaluate("document.activeElement.id") == "klaar-kop"
    filename, text = github_file(page)
    href = page.get_attribute("[data-out=github]", "href")
    assert href.startswith(f"{form_data['repository']['url']}/new/main/content/{type_name}?filename=")
    assert text == page.locator("pre.file").inner_text()
    mail = page.get_attribute("[data-out=mail]", "href")
    assert mail.startswith("mailto:") and unquote(mail.split("&body=")[1]) == text
    assert unquote(page.get_attribute("[data-out=download]", "href").split(",", 1)[1]) == text
    assert page.get_attribute("[data-out=download]", "download") == filename
    for field in relations:
        assert f"\n{field}: [" in text
    # Nothing has left the browser: every request went to the site itself.
    assert all(url.startswith(live_site) for url in page.requested), page.requested

    content = tmp_path / "content"
    shutil.copytree(os.path.join(ROOT, "content"), content)
    (content / type_name / filename).write_text(text, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "harvest", "validate", str(content)], cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": os.path.join(ROOT, "plugins")},
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "geen problemen" in run.stdout


def test_mistakes_show_at_their_fields_and_no_link_is_offered(page):
    choose_type(page, "tools")
    type_into(page, "#veld-title", "Diagnose innovatie")  # taken
    page.focus("#veld-kind-0")
    page.keyboard.press("Space")
    page.focus("#veld-themes-0")
    page.keyboard.press("Space")
    type_into(page, "#veld-url", "bij de gemeente")  # no address
    type_into(page, "#veld-source", SAMPLES["source"])
    # The summary is left empty (required).
    submit(page)
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    links = summary.locator("a")
    assert links.count() == 3
    assert [a.get_attribute("href") for a in links.all()] == ["#veld-summary", "#veld-slug", "#veld-url"] or \
        sorted(a.get_attribute("href") for a in links.all()) == ["#veld-slug", "#veld-summary", "#veld-url"]
    for name, words in (("summary", "verplicht veld `summary` ontbreekt"),
                        ("slug", "content/tools/diagnose-innovatie.md bestaat al"),
                        ("url", "`url` moet een volledig webadres zijn (https://…), niet `bij de gemeente`")):
        error = page.locator(f"#fout-{name}")
        assert error.is_visible() and words in error.inner_text(), name
        control = page.locator(f"#veld-{name}")
        assert control.get_attribute("aria-invalid") == "true"
        assert f"fout-{name}" in control.get_attribute("aria-describedby")
    assert page.locator(".result").is_hidden()
    assert not page.locator("[data-out]").first.is_visible()
    # A link in the summary takes the focus to its field.
    links.filter(has_text="Samenvatting").press("Enter")
    expect(page.locator("#veld-summary")).to_be_focused()
    # Fixed one by one, each message goes as it is typed; the free slug is offered.
    page.keyboard.type("Een instrument om te proberen.")
    expect(page.locator("#fout-summary")).to_be_hidden()
    page.click("[data-free-slug]")
    assert page.input_value("#veld-slug") == "diagnose-innovatie-2"
    page.fill("#veld-url", "www.example.org")
    page.locator("#veld-url").blur()
    expect(page.locator("#fout-url")).to_contain_text("bedoel je `https://www.example.org`?")
    page.fill("#veld-url", "https://www.example.org")
    submit(page)
    page.wait_for_selector(".result:not([hidden])")
    assert github_file(page)[0] == "diagnose-innovatie-2.md"


def test_a_reload_loses_nothing(page):
    choose_type(page, "practices")
    type_into(page, "#veld-title", "Wat we leerden")
    type_into(page, "#veld-experts", "menno")
    page.wait_for_selector("#veld-experts[aria-expanded=true]")
    page.keyboard.press("Enter")
    page.wait_for_timeout(100)
    page.reload()
    page.wait_for_selector("[data-field='title']")
    assert page.is_checked("#soort-practices")
    assert page.input_value("#veld-title") == "Wat we leerden"
    assert page.input_value("#veld-slug") == "wat-we-leerden"
    assert page.locator("[data-field=experts] .picked li").inner_text().startswith("Menno Spaan")


def test_a_file_too_long_for_an_address_goes_by_clipboard(page, form_data):
    choose_type(page, "tools")
    fill_required(page, next(x for x in form_data["types"] if x["name"] == "tools"))
    page.fill("#veld-body", "Een lange tekst. " * 600)
    submit(page)
    page.wait_for_selector(".result:not([hidden])")
    href = page.get_attribute("[data-out=github]", "href")
    assert "value=" not in href and href.endswith("filename=proef-instrument-uit-de-browser.md")
    note = page.locator("[data-too-long]").last
    assert note.is_visible() and "klembord" in note.inner_text()


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


@pytest.mark.parametrize("width", [375, 1280])
def test_fits_a_phone_and_passes_axe_with_errors_and_result(chromium, live_site, width):
    # The phone in the dark colour scheme, the desktop in the light one.
    context = chromium.new_context(viewport={"width": width, "height": 800}, bypass_csp=True,
                                   color_scheme="dark" if width == 375 else "light")
    page = context.new_page()
    page.goto(f"{live_site}/meedoen/")
    page.wait_for_selector(".contribute-form")
    choose_type(page, "practices")
    type_into(page, "#veld-title", "Proef")
    type_into(page, "#veld-experts", "m")  # the listbox open
    page.wait_for_selector("#veld-experts[aria-expanded=true]")
    submit(page)
    page.locator(".error-summary").wait_for()
    page.screenshot(path=f"/tmp/meedoen-fouten-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.add_script_tag(path=AXE)
    result = page.evaluate("only => axe.run(document, {runOnly: only})", {"type": "tag", "values": TAGS})
    assert [f"{v['id']}: {v['help']}" for v in result["violations"]] == []
    page.fill("#veld-summary", "Een samenvatting.")
    page.fill("#veld-source", SAMPLES["source"])
    page.check("#veld-themes-0")
    page.check("#veld-kind-0")
    submit(page)
    page.wait_for_selector(".result:not([hidden])")
    page.screenshot(path=f"/tmp/meedoen-klaar-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    result = page.evaluate("only => axe.run(document, {runOnly: only})", {"type": "tag", "values": TAGS})
    assert [f"{v['id']}: {v['help']}" for v in result["violations"]] == []
    context.close()
