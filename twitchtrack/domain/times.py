"""Plausible times to log, and reading a wall-clock time on this computer's clock.

Every entry point that takes a time from a person (``log --at``, ``day DATE``, CSV
and JSON import rows, the window's forms) asks :func:`time_problem` or
:func:`day_problem`, so a typo such as 9999 or 0001 never reaches the journal and
breaks the views. A journal that already holds such an entry still loads: views
pick their default ranges with :func:`plausible_span`, which leaves outliers out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Final

from twitchtrack.domain.text import format_day

# Before 1970 is a typo (no one logs twitches from before then), and a real
# date that early breaks POSIX-time code on some platforms.
EARLIEST_DAY: Final = date(1970, 1, 1)
# A day ahead covers every time zone and a clock that is a little off; more is a
# typo. Days are compared on the calendar, times as instants.
FUTURE_MARGIN: Final = timedelta(days=1)

ALLOWED: Final = (
    f"times from {format_day(EARLIEST_DAY, year=True)} up to one day from now "
    "are accepted"
)


def latest_day(today: date) -> date:
    """The last calendar day an entry may have (tomorrow)."""
    return today + FUTURE_MARGIN


def day_problem(day: date, today: date | None = None) -> str | None:
    """Why ``day`` cannot be logged (one sentence naming the allowed range), or None."""
    today = date.today() if today is None else today
    if day < EARLIEST_DAY:
        return f"{day.isoformat()} is before 1970; {ALLOWED}"
    if day > latest_day(today):
        return f"{day.isoformat()} is more than a day in the future; {ALLOWED}"
    return None


def time_problem(at: datetime, now: datetime | None = None) -> str | None:
    """Why ``at`` cannot be logged (one sentence naming the allowed range), or None.

    The far ends are judged on ``at``'s own calendar date first, so a year 1 or
    9999 time never meets offset arithmetic that would overflow. A naive ``at``
    is judged on its date alone.
    """
    now = datetime.now().astimezone() if now is None else now
    shown = _shown(at)
    if at.date() < EARLIEST_DAY:
        return f"{shown} is before 1970; {ALLOWED}"
    ahead = f"{shown} is more than a day in the future; {ALLOWED}"
    if at.date() > now.date() + 2 * FUTURE_MARGIN:
        return ahead
    if at.tzinfo is not None and at - now > FUTURE_MARGIN:
        return ahead
    return None


def entry_time(when: datetime, now: datetime | None = None) -> datetime:
    """A time a person typed, ready to store: read on this computer's clock when it
    has no offset (:func:`local_time`), then checked (:func:`time_problem`).

    Raises ValueError with one sentence for the person.
    """
    problem = time_problem(when, now)
    if problem is None and when.tzinfo is None:
        when = local_time(when)
        problem = time_problem(when, now)
    if problem is not None:
        raise ValueError(problem)
    return when


def plausible_days(days: Iterable[date], today: date) -> list[date]:
    """The days that could have been logged (outliers an older version let in
    left out)."""
    last = latest_day(today)
    return [d for d in days if EARLIEST_DAY <= d <= last]


def plausible_span(days: Iterable[date], today: date) -> tuple[date, date] | None:
    """First and last plausible day among ``days``; None when there is none."""
    kept = plausible_days(days, today)
    return (min(kept), max(kept)) if kept else None


def local_time(naive: datetime) -> datetime:
    """A wall-clock time read on this computer's clock (its zone's offset then).

    Raises ValueError with a sentence for a time the clocks skipped (the hour a
    daylight-saving change jumps over) or one the zone cannot express. A time that
    happens twice (the hour repeated when the clocks go back) is the first one;
    the caller shows the offset stored.
    """
    if naive.tzinfo is not None:
        return naive
    try:
        aware = naive.astimezone()
    except (OverflowError, ValueError, OSError):
        raise ValueError(
            f"{_shown(naive)} cannot be read in this computer's time zone; {ALLOWED}"
        ) from None
    if aware.replace(tzinfo=None) != naive:
        raise ValueError(
            f"{_shown(naive)} does not exist in this computer's time zone "
            "(the clocks skipped it that night); give a time outside the gap, or "
            "one with an offset such as "
            f"{naive:%Y-%m-%dT%H:%M}{_offset_text(aware)}"
        )
    return aware


def is_repeated(aware: datetime) -> bool:
    """True when ``aware``'s wall-clock time happens twice in the local zone (the
    hour repeated when the clocks go back), so its offset is worth saying."""
    naive = aware.replace(tzinfo=None)
    try:
        first, second = naive.astimezone(), naive.replace(fold=1).astimezone()
    except (OverflowError, ValueError, OSError):
        return False
    return first.utcoffset() != second.utcoffset()


def in_viewer_zone(at: datetime) -> datetime:
    """``at`` on this computer's clock; as stored when the zone cannot show it."""
    try:
        return at.astimezone()
    except (OverflowError, ValueError, OSError):
        return at


def _shown(at: datetime) -> str:
    # strftime's %Y drops leading zeros on some platforms ("1-01-01").
    return f"{at.year:04d}-{at:%m-%d %H:%M}"


def _offset_text(aware: datetime) -> str:
    offset = aware.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{mins:02d}"
