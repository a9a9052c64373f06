"""Time passes on a static site: an event page built while the event was still to come (the
build's day, OOGST_TODAY, before it) is marked past in the reader's browser once the event has
ended on the reader's clock (theme/js/event.js), and not a minute before. Runs in Chromium, with
the page's clock set (Playwright), served on 127.0.0.1 under the site's Content-Security-Policy."""

from __future__ import annotations

import contextlib
import datetime
import os
from zoneinfo import ZoneInfo

import pytest

from browsing import serve
from helpers import VALID, entry, write_content
from helpers import build as build_site

BRUSSELS = ZoneInfo("Europe/Brussels")
EVENT = entry("Netwerkmiddag", date="2026-11-20", kind="netwerkbijeenkomst", starts="2026-12-10 14:00",
              ends="17:00", city="Brussel", registration="https://example.org/inschrijven")


@contextlib.contextmanager
def built_on(root: str, today: str):
    """The site with EVENT, built on `today` and served on 127.0.0.1; yields its address."""
    content = write_content(root, {**VALID, "events/netwerkmiddag.md": EVENT})
    output = os.path.join(root, "output")
    os.makedirs(output)
    with serve(output) as url:
        build_site(content, output, "publishconf.py", SITEURL=url, HARVEST_TODAY=today,
                   DELETE_OUTPUT_DIRECTORY=False)
        yield url


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with built_on(str(tmp_path_factory.mktemp("events-browser")), "2026-12-01") as url:
        yield url


def open_at(chromium, url: str, moment: datetime.datetime):
    context = chromium.new_context()
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.clock.set_fixed_time(moment)
    page.goto(f"{url}/bijeenkomsten/netwerkmiddag/")
    page.wait_for_load_state("load")
    return page, errors


@pytest.mark.parametrize("hour, past", [(16, False), (17, True), (23, True)])
def test_event_page_marks_itself_past_on_the_readers_clock(chromium, served, hour, past):
    moment = datetime.datetime(2026, 12, 10, hour, 0, 1 if hour == 17 else 0, tzinfo=BRUSSELS)
    page, errors = open_at(chromium, served, moment)
    registration = page.get_by_role("link", name="Inschrijven")
    notice = page.get_by_text("Deze bijeenkomst is voorbij.")
    if past:
        notice.wait_for(state="visible")
        assert not registration.is_visible()
    else:
        assert registration.is_visible()
        assert not notice.is_visible()
    assert errors == []  # the script runs under the CSP (script-src 'self'), without errors
    page.context.close()


def test_built_after_the_event_the_page_is_past_without_javascript(chromium, served, tmp_path):
    with built_on(str(tmp_path), "2026-12-11") as url:
        context = chromium.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(f"{url}/bijeenkomsten/netwerkmiddag/")
        assert page.get_by_text("Deze bijeenkomst is voorbij.").is_visible()
        assert page.get_by_role("link", name="Inschrijven").count() == 0
        assert page.get_by_role("heading", name="Verslag volgt").is_visible()
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["", "bijeenkomsten/", "bijeenkomsten/netwerkmiddag/"],
                         ids=lambda p: p or "home")
def test_upcoming_event_pages_have_no_wcag_violations(chromium, served, path, scheme):
    """The published content has only past events: here the home page's "Binnenkort", the agenda
    and an event with its registration button, as axe-core sees them (WCAG 2.1 A and AA)."""
    from browsing import AXE

    context = chromium.new_context(bypass_csp=True, color_scheme=scheme)
    page = context.new_page()
    page.clock.set_fixed_time(datetime.datetime(2026, 12, 1, 12, tzinfo=BRUSSELS))
    page.goto(f"{served}/{path}")
    if path == "":
        assert page.get_by_role("heading", name="Binnenkort").is_visible()
    page.add_script_tag(path=AXE)
    result = page.evaluate("() => axe.run(document, {runOnly: {type: 'tag', values: "
                           "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    context.close()
    violations = [f"{v['id']}: {v['help']} at " + "; ".join(n["target"][0] for n in v["nodes"][:5])
                  for v in result["violations"]]
    assert violations == []
    assert result["passes"]


@pytest.mark.browser
def test_upcoming_event_pages_pass_the_nu_checker(tmp_path):
    import json
    import shutil
    import subprocess

    from test_nu_checker import VNU

    if not shutil.which("java") or not os.path.exists(VNU):
        pytest.skip("Java of vnu-jar ontbreekt (zie test_nu_checker.py)")
    content = write_content(str(tmp_path), {**VALID, "events/netwerkmiddag.md": EVENT})
    output = str(tmp_path / "output")
    build_site(content, output, "publishconf.py", SITEURL="https://oogst.test", HARVEST_TODAY="2026-12-01")
    pages = [os.path.join(output, rel, "index.html")
             for rel in ("", "bijeenkomsten", "bijeenkomsten/netwerkmiddag", "schakelfiguren/menno-spaan")]
    result = subprocess.run(["java", "-jar", VNU, "--errors-only", "--format", "json", *pages],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert [f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in messages] == []
