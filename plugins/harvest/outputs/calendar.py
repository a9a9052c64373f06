"""Calendars of the harvest's events, RFC 5545 (iCalendar): one per event ("Zet in je agenda") and
one of all events, to subscribe to. Written here by the RFC's rules rather than with a library:
the format is small, and the build needs no extra dependency (the tests parse the files with two
independent parsers, icalendar and vobject).

Times are local time in Europe/Brussels, with the zone's definition (VTIMEZONE) in the file; a
whole-day event has DATE values, its DTEND the day after its last day (exclusive, as the RFC says).
Nothing depends on the day of the build: DTSTAMP is the entry's last change, the UID its slug."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from .. import i18n
from ..clock import ZONE_NAME
from ..i18n import _
from ..model import types as m
from ..site.routes import url

PRODID = "-//Oogst//Bijeenkomsten//NL"
LINE_OCTETS = 75
# Europe/Brussels since 1996 (EU summer time: last Sunday of March to last Sunday of October).
VTIMEZONE = f"""BEGIN:VTIMEZONE
TZID:{ZONE_NAME}
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE""".split("\n")


def escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline escaped."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """A content line folded at 75 octets (3.1), never inside a UTF-8 character; each
    continuation line starts with a space."""
    parts, current, size = [], [], 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > LINE_OCTETS:
            parts.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += octets
    parts.append("".join(current))
    return "\n".join(parts)


def _date(day: datetime.date) -> str:
    return day.strftime("%Y%m%d")


def _local(day: datetime.date, time: datetime.time) -> str:
    return f"{_date(day)}T{time.strftime('%H%M%S')}"


def uid_domain(settings: dict) -> str:
    """The right-hand side of every UID: EVENT_UID_DOMAIN, else the site's host. Fixed, so that a
    subscribed calendar recognises an event it already has."""
    return (settings.get("EVENT_UID_DOMAIN") or urlsplit(settings.get("SITEURL") or "").hostname
            or "oogst.invalid")


def vevent(entry, settings: dict) -> list[str]:
    """The VEVENT of one event, as unfolded lines."""
    data, when = entry.data, entry.when
    siteurl = settings.get("SITEURL") or ""
    page = f"{siteurl}/{entry.url}"
    changed = datetime.date.fromisoformat(entry.changed)
    lines = ["BEGIN:VEVENT", f"UID:{entry.slug}@{uid_domain(settings)}",
             f"DTSTAMP:{_date(changed)}T000000Z"]
    if when.all_day:
        lines += [f"DTSTART;VALUE=DATE:{_date(when.start)}",
                  f"DTEND;VALUE=DATE:{_date(when.end + datetime.timedelta(days=1))}"]
    else:
        lines.append(f"DTSTART;TZID={ZONE_NAME}:{_local(when.start, when.start_time)}")
        if when.end_time:
            lines.append(f"DTEND;TZID={ZONE_NAME}:{_local(when.end, when.end_time)}")
    description = [data["summary"]]
    if data.get("online"):
        description.append(_("Online: {address}").format(address=data["online"]))
    if data.get("registration"):
        description.append(_("Inschrijven: {address}").format(address=data["registration"]))
    description.append(_("Meer: {address}").format(address=page))
    place = ", ".join(data[name] for name in ("venue", "address", "city") if data.get(name))
    lines += [f"SUMMARY:{escape(data['title'])}", f"DESCRIPTION:{escape(chr(10).join(description))}",
              *([f"LOCATION:{escape(place or data['online'])}"] if place or data.get("online") else []),
              f"CATEGORIES:{escape(entry.kind_label)}", "STATUS:CONFIRMED", "TRANSP:OPAQUE"]
    if urlsplit(page).scheme in ("http", "https"):  # the local preview has no absolute address
        lines.append(f"URL:{page}")
    return [*lines, "END:VEVENT"]


def calendar(entries: list, settings: dict, name: str) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"NAME:{escape(name)}", f"X-WR-CALNAME:{escape(name)}",
             f"X-WR-TIMEZONE:{ZONE_NAME}", "REFRESH-INTERVAL;VALUE=DURATION:P1D",
             *VTIMEZONE]
    for e in entries:
        lines += vevent(e, settings)
    lines.append("END:VCALENDAR")
    return "\n".join(fold(line) for line in lines) + "\n"


def write_calendars(harvest, settings: dict, files) -> list[str]:
    """Every event's calendar and each timed type's whole calendar; returns the paths written.
    A calendar follows from its events' front matter (`harvest.shown`) and the settings it
    names: one whose inputs did not change is not made again (folding took a second at 10,000)."""
    written = []
    sitename = settings.get("SITENAME", "Oogst")
    same = [repr((sitename, settings.get("SITEURL"), uid_domain(settings))), i18n.fingerprint()]
    for name, t in m.TYPES.items():
        if not t.timed:
            continue
        entries = sorted(harvest.by_type[name], key=lambda e: (e.when.starts_at(), e.slug))
        for e in entries:
            rel = url(settings, "EVENT_CALENDAR_SAVE_AS", t, slug=e.slug)
            files.write(rel, [*same, e.url, harvest.shown[e.key]],
                        lambda e=e: calendar([e], settings, f"{sitename}: {e.title}"), newline="\r\n")
            written.append(rel)
        rel = url(settings, "EVENTS_CALENDAR_SAVE_AS", t)
        files.write(rel, [*same, *(part for e in entries for part in (e.url, harvest.shown[e.key]))],
                    lambda entries=entries, t=t: calendar(
                        entries, settings, _("{site}: {type}").format(site=sitename, type=t.plural.lower())),
                    newline="\r\n")
        written.append(rel)
    return written
