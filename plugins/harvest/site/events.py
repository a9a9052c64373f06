"""Time for the entries that happen at a time (the model's `timed` types: events).

An event's `starts` and `ends` are local time in Europe/Brussels (the Netherlands keep the same
clock). "Upcoming" and "past" are judged against the build's day, `HARVEST_TODAY` (pelicanconf
reads OOGST_TODAY), so that a build is the same for the same day; the reader's browser corrects
a page that is older than the event (theme/js/event.js)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from ..clock import ZONE
from ..i18n import N_, _
from ..model import types as m

_MOMENT = re.compile(r"^(?:(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}):(\d{2}))?|(\d{1,2}):(\d{2}))$")
# Translated where they are shown (i18n.py).
WEEKDAYS = (N_("maandag"), N_("dinsdag"), N_("woensdag"), N_("donderdag"), N_("vrijdag"), N_("zaterdag"),
            N_("zondag"))
MONTHS = (N_("januari"), N_("februari"), N_("maart"), N_("april"), N_("mei"), N_("juni"), N_("juli"),
          N_("augustus"), N_("september"), N_("oktober"), N_("november"), N_("december"))


def read_moment(text: str) -> tuple[datetime.date | None, datetime.time | None]:
    """`2026-12-10 14:00` -> (day, time); `2026-12-10` -> (day, None); `17:00` -> (None, time).
    ValueError, in Dutch, when it is not a day or time that exists."""
    match = _MOMENT.match(text)
    if not match:
        raise ValueError("geen datum of tijd")
    day, hour, minute, hour_only, minute_only = match.groups()
    date = datetime.date.fromisoformat(day) if day else None  # ValueError on 2026-02-30
    hour, minute = (hour, minute) if day else (hour_only, minute_only)
    if hour is None:
        return date, None
    if int(hour) > 23 or int(minute) > 59:
        raise ValueError(f"{hour}:{minute} is geen bestaand uur")
    return date, datetime.time(int(hour), int(minute))


@dataclass(frozen=True)
class When:
    """When an event takes place: its first and last day, with times or as whole days."""

    start: datetime.date
    start_time: datetime.time | None
    end: datetime.date
    end_time: datetime.time | None

    @property
    def all_day(self) -> bool:
        return self.start_time is None

    def starts_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.start, self.start_time or datetime.time(), ZONE)

    def ends_at(self) -> datetime.datetime | None:
        """The end as a moment, when it has a time."""
        return datetime.datetime.combine(self.end, self.end_time, ZONE) if self.end_time else None

    def over_at(self) -> datetime.datetime:
        """From this moment on the event is over: its end, else the end of its last day."""
        return self.ends_at() or datetime.datetime.combine(
            self.end + datetime.timedelta(days=1), datetime.time(), ZONE)

    def iso_start(self) -> str:
        """ISO 8601: a date for a whole day, else the local time with its UTC offset."""
        return self.start.isoformat() if self.all_day else self.starts_at().isoformat()

    def iso_end(self) -> str | None:
        if self.all_day:
            return self.end.isoformat() if self.end != self.start else None
        ends = self.ends_at()
        return ends.isoformat() if ends else None

    def dutch(self) -> str:
        """`donderdag 10 december 2026, 14.00–17.00 uur`, as a Dutch or Flemish reader writes it."""
        if self.all_day:
            if self.end == self.start:
                return long_date(self.start)
            return _("{start} tot en met {end}").format(start=long_date(self.start), end=long_date(self.end))
        if self.end_time is None:
            return _("{day}, {time} uur").format(day=long_date(self.start), time=clock(self.start_time))
        if self.end == self.start:
            return _("{day}, {start}–{end} uur").format(
                day=long_date(self.start), start=clock(self.start_time), end=clock(self.end_time))
        return _("{start_day}, {start} uur tot {end_day}, {end} uur").format(
            start_day=long_date(self.start), start=clock(self.start_time),
            end_day=long_date(self.end), end=clock(self.end_time))


def long_date(day: datetime.date) -> str:
    return _("{weekday} {day} {month} {year}").format(
        weekday=_(WEEKDAYS[day.weekday()]), day=day.day, month=_(MONTHS[day.month - 1]), year=day.year)


def clock(time: datetime.time) -> str:
    return _("{hour}.{minute:02d}").format(hour=time.hour, minute=time.minute)


def when(data: dict) -> When:
    """The When of checked front matter (validate.py made sure it reads)."""
    start, start_time = read_moment(data["starts"])
    end, end_time = start, None
    if data.get("ends"):
        end, end_time = read_moment(data["ends"])
        end = end or start  # a time alone: the same day
    return When(start, start_time, end, end_time)


def arrange(harvest, day: datetime.date) -> None:
    """Give every entry of a timed type its `when` and `past`, and order their listings as an
    agenda: what is coming first (soonest first), then what is past (newest first).
    `harvest.upcoming` holds every coming event, soonest first."""
    harvest.upcoming = []
    for name, t in m.TYPES.items():
        if not t.timed:
            continue
        entries = harvest.by_type[name]  # in title order: the tie-breaker
        for e in entries:
            e.when = when(e.data)
            e.past = e.when.end < day
        coming = sorted((e for e in entries if not e.past), key=lambda e: e.when.starts_at())
        past = sorted((e for e in entries if e.past), key=lambda e: e.when.starts_at(), reverse=True)
        harvest.by_type[name] = coming + past
        harvest.upcoming += coming
    harvest.upcoming.sort(key=lambda e: e.when.starts_at())


def awaits_report(entry) -> bool:
    """A past event whose text was last written before it began: still the invitation (or
    nothing), so its page says the report is still to come."""
    if not entry.past:
        return False
    if not entry.content.strip():
        return True
    return datetime.date.fromisoformat(entry.changed) < entry.when.start
