"""The build's day, and the site's zone: the one place that reads the clock.

A build depends on its day (events upcoming or past, the form's date), never on the machine's
zone or hour: the day is `HARVEST_TODAY` (pelicanconf reads OOGST_TODAY), else today in Brussels.
Two machines in Auckland and in Honolulu build the same bytes for the same day."""

from __future__ import annotations

import datetime
import time
from zoneinfo import ZoneInfo

ZONE_NAME = "Europe/Brussels"
ZONE = ZoneInfo(ZONE_NAME)


def today(settings: dict | None = None) -> datetime.date:
    """The build's day: HARVEST_TODAY (a date or `YYYY-MM-DD`), else today in Brussels.
    ValueError, in Dutch, for a value that is not a day."""
    value = (settings or {}).get("HARVEST_TODAY")
    if not value:
        return datetime.datetime.now(ZONE).date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"HARVEST_TODAY (of OOGST_TODAY) moet een datum JJJJ-MM-DD zijn, "
                         f"bv. 2026-12-01, niet {str(value)[:40]!r}") from None


def machine_ns() -> int:
    """The machine's time, to compare with the times of files (reading.py); never in the output."""
    return time.time_ns()
