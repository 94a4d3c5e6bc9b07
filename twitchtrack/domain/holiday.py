"""A tracking holiday: days marked "not tracking" (``off``), never read as zero.

The days are marked on their check-ins (``DayLog.tracking = "off"``), which the
count model leaves out and reminders skip. Only days up to tomorrow can hold a
check-in, so a holiday that runs on is marked as its days arrive
(``days_to_mark``); the window does that at start and when the day changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from twitchtrack.domain.models import DayLog, Journal
from twitchtrack.domain.times import latest_day


def days_to_mark(start: date, end: date, today: date) -> list[date]:
    """The holiday's days that can be marked now: ``start`` up to ``end`` or today."""
    last = min(end, today)
    return [start + timedelta(days=k) for k in range((last - start).days + 1)]


def mark_off(journal: Journal, days: Iterable[date], today: date) -> list[DayLog]:
    """The check-ins to write so every one of ``days`` says "not tracking".

    A day's live check-in keeps everything it holds and gains ``off``; a day
    without one gets a new check-in with only that. Days already off, and days
    after tomorrow (which cannot hold a check-in), give nothing.
    """
    out: list[DayLog] = []
    for day in sorted(set(days)):
        if day > latest_day(today):
            continue
        log = journal.day(day)
        if log is None:
            out.append(DayLog.for_day(day, tracking="off"))
        elif log.tracking != "off":
            out.append(log.edited(tracking="off"))
    return out


def on_holiday(journal: Journal, day: date) -> bool:
    """True when ``day``'s check-in says twitches were not being tracked."""
    log = journal.day(day)
    return log is not None and log.tracking == "off"
