"""Events (bijeenkomsten), as a contributor writes them and a reader meets them: validation of
`starts`/`ends` and the place at their line, the agenda order around the build's day
(OOGST_TODAY), the event page, "Binnenkort" on the home page, "Verslag volgt", the pages of the
people and organisations involved, the calendars (RFC 5545, parsed by icalendar and by vobject)
and the Atom feed."""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys

import icalendar
import pytest
import vobject
from bs4 import BeautifulSoup

from harvest.clock import today
from harvest.content.document import parse
from harvest.content.validate import Themes, check_entry
from harvest.outputs.calendar import escape, fold
from harvest.site.events import When, read_moment
from helpers import ROOT, VALID, entry, output_files, read, write_content
from helpers import build as build_site

SITE = "https://oogst.test"
TODAY = "2026-12-01"
HOSTILE = 'Komma, puntkomma; backslash \\ en "aanhalingstekens"'


def event(title, starts, ends=None, date="2026-11-01", **fields) -> str:
    fields = {"kind": "workshop", "starts": starts, **({"ends": ends} if ends else {}), **fields}
    if "online" not in fields and "city" not in fields:
        fields["city"] = "Gent"
    return entry(title, date=date, **fields)


EVENTS = {
    # Over (before the build's day), still with its invitation: the report is to come.
    "events/vorige-maand.md": event("Vorige maand", "2026-11-20 14:00", "16:00",
                                    experts="[menno-spaan]", body="Kom langs en schrijf je in."),
    # Over, with a report written after the day.
    "events/in-oktober.md": event("In oktober", "2026-10-01", date="2026-10-05",
                                  practices="[fouten-maken-mag]", body="Wat we oogstten."),
    # On the build's day itself: still to come.
    "events/vandaag.md": event("Vandaag", "2026-12-01 09:00", "12:00",
                               organisations="[vlaamse-overheid]"),
    "events/volgende-week.md": event("Volgende week", "2026-12-05",
                                     registration="https://example.org/inschrijven",
                                     venue="Het Pand", address="Onderbergen 1", city="Gent"),
    "events/over-twee-dagen-heen.md": event(
        HOSTILE, "2027-01-10 14:00", "2027-01-11 17:00", city="Brussel",
        online="https://example.org/live", kind="conferentie",
        summary="Een lange samenvatting met één accent, twee komma's; en een puntkomma, zodat de "
                "regel in de agenda gevouwen moet worden op vijfenzeventig octetten."),
    "events/in-maart.md": event("In maart", "2027-03-01 10:00", "11:30", online="https://example.org/webinar",
                                kind="webinar"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("events")
    content = write_content(str(root), {**VALID, **EVENTS})
    output = str(root / "output")
    build_site(content, output, SITEURL=SITE, HARVEST_TODAY=TODAY)
    return output


def soup(output: str, rel: str) -> BeautifulSoup:
    return BeautifulSoup(read(output, rel), "html.parser")


def card_titles(page: BeautifulSoup, selector: str = "main ul.cards") -> list[str]:
    return [h.get_text(strip=True) for h in page.select(f"{selector} li.card h3")]


# --- Validation -----------------------------------------------------------------------------

def problems_of(**fields) -> list[str]:
    text = event("Test", **fields)
    doc = parse(text.encode(), "content/events/test.md")
    check_entry(doc, "events", "test", Themes(slugs={"innovatiecultuur": {}}))
    return [str(p) for p in doc.problems]


@pytest.mark.parametrize("fields, line, message", [
    ({"starts": "2026-02-30 14:00"}, 7, "`starts` is geen bestaande datum: `2026-02-30 14:00`"),
    ({"starts": "2026-12-10 25:00"}, 7, "25:00 is geen bestaand uur"),
    ({"starts": "2026-12-10 14:00", "ends": "13:00"}, 8, "`ends` (13:00) ligt niet na `starts`"),
    ({"starts": "2026-12-10", "ends": "2026-12-09"}, 8, "ligt niet na `starts`"),
    # YAML 1.1 would have read an unquoted 17:00 as 1020; written as a number, it is refused.
    ({"starts": "2026-12-10 14:00", "ends": "1020"}, 8, "`ends: '17:00'`"),
    ({"starts": "2026-12-10 14.00"}, 7, "`starts: 2026-12-10 14:00`"),
    ({"starts": "10-12-2026"}, 7, "bedoel je `2026-12-10`?"),
    ({"starts": "2026-12-10", "ends": "17:00"}, 8, "`starts` heeft geen uur"),
    ({"starts": "2026-12-10 14:00", "ends": "2026-12-11"}, 8, "allebei met een uur"),
])
def test_bad_times_are_reported_at_their_line(fields, line, message):
    (problem,) = problems_of(**fields)
    assert problem.startswith(f"content/events/test.md:{line}:"), problem
    assert message in problem


def test_unquoted_and_quoted_times_read_alike():
    assert problems_of(starts="2026-12-10 14:00", ends="17:00") == []
    assert problems_of(starts="'2026-12-10 14:00'", ends="'17:00'") == []
    assert problems_of(starts="2026-12-10T14:00", ends="2026-12-10T17:00") == []


def test_an_event_needs_a_city_or_an_online_address():
    text = "\n".join(line for line in event("Nergens", "2026-12-10").splitlines()
                     if not line.startswith("city:"))
    doc = parse(text.encode(), "content/events/nergens.md")
    check_entry(doc, "events", "nergens", Themes(slugs={"innovatiecultuur": {}}))
    (problem,) = [str(p) for p in doc.problems]
    assert problem.startswith("content/events/nergens.md:7:1:")  # at `starts`, what it belongs with
    assert "heeft `city` of `online` of beide" in problem
    assert problems_of(starts="2026-12-10", online="https://example.org/live") == []


def test_the_command_line_reports_and_fails_without_traceback(tmp_path):
    content = write_content(str(tmp_path), {**VALID,
                                            "events/fout.md": event("Fout", "2026-02-30", "2026-02-01")})
    done = subprocess.run([sys.executable, "-m", "harvest", "validate", content], cwd=ROOT,
                          capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": os.path.join(ROOT, "plugins")})
    assert done.returncode != 0
    assert "fout.md:7:9: `starts` is geen bestaande datum" in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr


# --- Time -----------------------------------------------------------------------------------

@pytest.mark.parametrize("starts, ends, dutch", [
    ("2026-12-10 14:00", "17:00", "donderdag 10 december 2026, 14.00–17.00 uur"),
    ("2026-12-10 9:30", None, "donderdag 10 december 2026, 9.30 uur"),
    ("2026-12-10", None, "donderdag 10 december 2026"),
    ("2017-11-13", "2017-11-17", "maandag 13 november 2017 tot en met vrijdag 17 november 2017"),
    ("2026-12-31", "2027-01-01", "donderdag 31 december 2026 tot en met vrijdag 1 januari 2027"),
    ("2027-01-10 14:00", "2027-01-11 17:00",
     "zondag 10 januari 2027, 14.00 uur tot maandag 11 januari 2027, 17.00 uur"),
])
def test_dates_and_times_in_dutch(starts, ends, dutch):
    from harvest.site.events import when

    w = when({"starts": starts, **({"ends": ends} if ends else {})})
    assert w.dutch() == dutch


def test_offsets_follow_summer_time():
    summer = When(*read_moment("2026-06-10 14:00"), *read_moment("2026-06-10 17:00"))
    winter = When(*read_moment("2026-12-10 14:00"), *read_moment("2026-12-10 17:00"))
    assert summer.iso_start() == "2026-06-10T14:00:00+02:00"
    assert winter.iso_end() == "2026-12-10T17:00:00+01:00"


def test_today_comes_from_the_setting():
    assert today({"HARVEST_TODAY": "2026-12-01"}) == datetime.date(2026, 12, 1)
    with pytest.raises(ValueError, match="JJJJ-MM-DD"):
        today({"HARVEST_TODAY": "morgen"})


def test_a_bad_oogst_today_stops_the_build_with_a_message(tmp_path):
    content = write_content(str(tmp_path), VALID)
    done = subprocess.run([sys.executable, "-m", "pelican", content, "-s", "pelicanconf.py", "-o",
                           str(tmp_path / "out"), "-q"], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "OOGST_TODAY": "1 december",
                               "PYTHONPATH": os.path.join(ROOT, "plugins")})
    assert done.returncode != 0
    assert "OOGST_TODAY) moet een datum JJJJ-MM-DD zijn" in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr


# --- Pages ----------------------------------------------------------------------------------

def test_listing_puts_what_is_coming_first_then_what_is_past(site):
    page = soup(site, "bijeenkomsten/index.html")
    assert card_titles(page) == ["Vandaag", "Volgende week", HOSTILE, "In maart", "Vorige maand",
                                 "In oktober"]
    cards = page.select("main li.card")
    assert [bool(c.select(".past-label")) for c in cards] == [False] * 4 + [True] * 2
    assert "donderdag 10" not in cards[0].get_text()
    assert cards[1].select_one(".card-when time")["datetime"] == "2026-12-05"
    # Facets that fit: kind, theme, place (cities and online), organisation, year of the start.
    facets = {d.summary.get_text(): [a["data-value"] for a in d.select("a[data-value]")]
              for d in page.select("details.facet")}
    assert facets["Plaats"] == ["brussel", "gent", "online"]
    assert facets["Soort bijeenkomst"] == ["workshop", "webinar", "conferentie"]
    assert facets["Jaar"] == ["2027", "2026"]
    assert os.path.exists(os.path.join(site, "bijeenkomsten/plaats/online/index.html"))
    online = soup(site, "bijeenkomsten/plaats/online/index.html")
    assert card_titles(online) == [HOSTILE, "In maart"]  # in agenda order, too


def test_home_shows_the_next_three(site):
    page = soup(site, "index.html")
    section = page.find("section", attrs={"aria-labelledby": "binnenkort"})
    assert section.h2.get_text() == "Binnenkort"
    assert card_titles(section, "ul.cards") == ["Vandaag", "Volgende week", HOSTILE]
    assert section.find("a", type="text/calendar")["href"] == f"{SITE}/bijeenkomsten/agenda.ics"


def test_home_without_upcoming_events_says_so(tmp_path):
    content = write_content(str(tmp_path), {**VALID, "events/in-oktober.md": EVENTS["events/in-oktober.md"]})
    build_site(content, str(tmp_path / "out"), HARVEST_TODAY=TODAY)
    home = soup(str(tmp_path / "out"), "index.html")
    section = home.find("section", attrs={"aria-labelledby": "binnenkort"})
    assert not section.select("ul.cards")
    assert "Er staan nu geen bijeenkomsten gepland." in section.get_text()
    assert section.find("a", string="Stel een bijeenkomst voor")["href"].endswith("/meedoen/")
    assert section.find("a", type="text/calendar")["href"].endswith("/bijeenkomsten/agenda.ics")


def test_upcoming_event_page(site):
    page = soup(site, "bijeenkomsten/volgende-week/index.html")
    facts = page.select_one(".event-facts").get_text(" ", strip=True)
    assert "Wanneer zaterdag 5 december 2026" in facts
    assert "Waar Het Pand, Onderbergen 1, Gent" in facts
    button = page.find("a", class_="button")
    assert button.get_text() == "Inschrijven" and button["href"] == "https://example.org/inschrijven"
    assert page.select_one("[data-event-past]").has_attr("hidden")
    assert page.select_one("[data-event-over]")["data-event-over"] == "2026-12-06T00:00:00+01:00"
    link = page.find("link", rel="alternate", type="text/calendar")
    assert link["href"] == f"{SITE}/bijeenkomsten/volgende-week/agenda.ics"
    assert page.find("a", string="Zet in je agenda")["href"] == link["href"]
    assert page.find("script", src=f"{SITE}/theme/js/event.js")
    assert "Verslag volgt" not in page.get_text()


def test_past_event_without_report_says_verslag_volgt(site):
    page = soup(site, "bijeenkomsten/vorige-maand/index.html")
    assert not page.find("a", string="Inschrijven")  # no registration once it is over
    assert not page.select_one("[data-event-past]").has_attr("hidden")
    aside = page.find("aside", class_="report-pending")
    assert aside.h2.get_text() == "Verslag volgt"
    assert "edit/main/content/events/vorige-maand.md" in aside.a["href"]
    assert "vrijdag 20 november 2026, 14.00–16.00 uur" in page.select_one(".event-facts").get_text()
    # Speakers are headed as such on the event's page, and the event appears on theirs.
    assert "Sprekers en begeleiders" in page.get_text()
    expert = soup(site, "schakelfiguren/menno-spaan/index.html")
    assert "Betrokken bij bijeenkomsten" in expert.get_text()
    assert expert.find("a", href=f"{SITE}/bijeenkomsten/vorige-maand/")


def test_past_event_with_report_and_what_was_harvested(site):
    page = soup(site, "bijeenkomsten/in-oktober/index.html")
    assert "Verslag volgt" not in page.get_text()
    assert "Wat we hier oogstten" in page.get_text()
    practice = soup(site, "ervaringen/fouten-maken-mag/index.html")
    assert "Geoogst op bijeenkomsten" in practice.get_text()
    organisation = soup(site, "organisaties/vlaamse-overheid/index.html")
    assert organisation.find("a", href=f"{SITE}/bijeenkomsten/vandaag/")


def test_listing_links_the_subscription_calendar(site):
    page = soup(site, "bijeenkomsten/index.html")
    assert (page.find("link", rel="alternate", type="text/calendar")["href"]
            == f"{SITE}/bijeenkomsten/agenda.ics")
    assert page.find("a", string="Zet de hele agenda in je agenda-app")


def test_events_feed(site):
    import feedparser

    feed = feedparser.parse(read(site, "feeds/bijeenkomsten.atom.xml"))
    assert feed.bozo == 0
    assert {e.title for e in feed.entries} == {"Vorige maand", "In oktober", "Vandaag", "Volgende week",
                                               HOSTILE, "In maart"}
    assert 'href="https://oogst.test/feeds/bijeenkomsten.atom.xml"' in read(site, "bijeenkomsten/index.html")


def test_the_same_day_builds_the_same_bytes_and_another_day_differs(site, tmp_path):
    content = write_content(str(tmp_path), {**VALID, **EVENTS})
    again, later = str(tmp_path / "again"), str(tmp_path / "later")
    build_site(content, again, SITEURL=SITE, HARVEST_TODAY=TODAY)
    build_site(content, later, SITEURL=SITE, HARVEST_TODAY="2026-12-02")
    assert output_files(again) == output_files(site)
    assert (card_titles(soup(later, "bijeenkomsten/index.html"))[-3:]
            == ["Vandaag", "Vorige maand", "In oktober"])


@pytest.mark.browser  # the slow tier: three builds, one of them a warm preview
def test_a_warm_rebuild_on_another_day_gives_the_cold_result(tmp_path):
    from harvest.tools.preview import Preview
    from harvest.tools.serving import mirror

    content = write_content(str(tmp_path), {**VALID, **EVENTS})
    staging, served = str(tmp_path / "staging"), str(tmp_path / "served")
    preview = Preview(os.path.join(ROOT, "pelicanconf.py"), path=content, output=staging,
                      CACHE_PATH=str(tmp_path / "cache"), HARVEST_TODAY=TODAY)
    assert preview.build(clean=True)
    mirror(staging, served, preview.changed)
    preview.overrides["HARVEST_TODAY"] = "2026-12-06"  # the next day the preview rebuilds
    assert preview.build()
    mirror(staging, served, preview.changed)
    cold = str(tmp_path / "cold")
    build_site(content, cold, HARVEST_TODAY="2026-12-06")
    assert output_files(served) == output_files(cold)


# --- Calendars ------------------------------------------------------------------------------

def ics(output: str, rel: str) -> bytes:
    with open(os.path.join(output, rel), "rb") as fh:
        return fh.read()


def test_calendar_files_follow_rfc_5545(site):
    for rel in ("bijeenkomsten/agenda.ics", "bijeenkomsten/over-twee-dagen-heen/agenda.ics"):
        raw = ics(site, rel)
        assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
        for line in raw.split(b"\r\n"):
            assert len(line) <= 75, line  # folded at 75 octets
            line.decode("utf-8")  # never inside a character
        assert re.search(rb"\r\n [^\r\n]", raw)  # the long summary was folded


def events_by_uid(raw: bytes) -> dict:
    calendar = icalendar.Calendar.from_ical(raw)
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Brussels"
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_calendar_parsed_by_icalendar(site):
    found = events_by_uid(ics(site, "bijeenkomsten/agenda.ics"))
    assert sorted(found) == sorted(f"{slug}@oogst-harvest.github.io" for slug in (
        "vorige-maand", "in-oktober", "vandaag", "volgende-week", "over-twee-dagen-heen", "in-maart"))
    timed = found["over-twee-dagen-heen@oogst-harvest.github.io"]
    start, end = timed["DTSTART"].dt, timed["DTEND"].dt
    assert timed["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert (start.year, start.month, start.day, start.hour) == (2027, 1, 10, 14)
    assert start.utcoffset() == datetime.timedelta(hours=1)
    assert end - start == datetime.timedelta(hours=27)
    assert str(timed["SUMMARY"]) == HOSTILE  # commas, semicolons, backslash and quotes survive
    assert "één accent, twee komma's; en een puntkomma" in str(timed["DESCRIPTION"])
    assert str(timed["URL"]) == f"{SITE}/bijeenkomsten/over-twee-dagen-heen/"
    assert str(timed["LOCATION"]) == "Brussel"
    whole_day = found["volgende-week@oogst-harvest.github.io"]
    assert whole_day["DTSTART"].params["VALUE"] == "DATE"
    assert whole_day["DTSTART"].dt == datetime.date(2026, 12, 5)
    assert whole_day["DTEND"].dt == datetime.date(2026, 12, 6)  # exclusive: the day after
    assert str(whole_day["LOCATION"]) == "Het Pand, Onderbergen 1, Gent"
    online = found["in-maart@oogst-harvest.github.io"]
    assert str(online["LOCATION"]) == "https://example.org/webinar"
    summer = events_by_uid(ics(site, "bijeenkomsten/in-oktober/agenda.ics"))
    assert list(summer) == ["in-oktober@oogst-harvest.github.io"]


def test_calendar_round_trips_through_vobject(site):
    raw = ics(site, "bijeenkomsten/agenda.ics")
    calendar = vobject.readOne(raw.decode("utf-8"))
    parsed = {e.uid.value: e for e in calendar.vevent_list}
    assert len(parsed) == 6
    timed = parsed["vandaag@oogst-harvest.github.io"]
    assert timed.dtstart.value.hour == 9 and timed.dtstart.value.utcoffset() == datetime.timedelta(hours=1)
    assert timed.dtend.value.hour == 12
    assert parsed["over-twee-dagen-heen@oogst-harvest.github.io"].summary.value == HOSTILE
    assert parsed["volgende-week@oogst-harvest.github.io"].dtstart.value == datetime.date(2026, 12, 5)
    # vobject writes it out again; icalendar reads that back to the same events.
    again = events_by_uid(calendar.serialize().encode("utf-8"))
    for uid, original in events_by_uid(raw).items():
        assert again[uid]["DTSTART"].dt == original["DTSTART"].dt
        assert str(again[uid]["SUMMARY"]) == str(original["SUMMARY"])
        assert str(again[uid]["LOCATION"]) == str(original["LOCATION"])


def test_uids_are_stable_across_sites_and_builds(site, tmp_path):
    content = write_content(str(tmp_path), {**VALID, **EVENTS})
    preview = str(tmp_path / "preview")
    build_site(content, preview, HARVEST_TODAY="2027-06-01")  # local preview, another day
    assert sorted(events_by_uid(ics(preview, "bijeenkomsten/agenda.ics"))) == sorted(
        events_by_uid(ics(site, "bijeenkomsten/agenda.ics")))
    assert b"\r\nURL:" not in ics(preview, "bijeenkomsten/agenda.ics")  # no absolute address there


def test_escape_and_fold():
    assert escape('a,b;c\\d\ne') == "a\\,b\\;c\\\\d\\ne"
    line = "SUMMARY:" + "é" * 60
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\n"))
    assert folded.replace("\n ", "") == line


@pytest.mark.parametrize("slug, mode", [("over-twee-dagen-heen", "Mixed"), ("in-maart", "Online"),
                                        ("volgende-week", "Offline")])
def test_event_jsonld_per_schema_org(site, slug, mode):
    import json

    from test_jsonld import S, check_event, expand, text, values

    page = soup(site, f"bijeenkomsten/{slug}/index.html")
    (block,) = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
    node = expand(block)
    assert node["@type"] == [S + "Event"]
    assert text(node, "eventAttendanceMode") == f"{S}{mode}EventAttendanceMode"
    front = EVENTS[f"events/{slug}.md"].split("---")[1].strip().splitlines()
    data = dict(line.split(": ", 1) for line in front)  # the test's own fields: one plain line each
    check_event(node, data)
    if slug == "over-twee-dagen-heen":
        assert text(node, "startDate") == "2027-01-10T14:00:00+01:00"
        assert text(node, "endDate") == "2027-01-11T17:00:00+01:00"
    if slug == "volgende-week":
        (place,) = values(node, "location")
        assert text(place, "name") == "Het Pand"
        (address,) = values(place, "address")
        assert text(address, "streetAddress") == "Onderbergen 1"
