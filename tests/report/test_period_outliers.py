"""The report's default period comes from real entries, never from an outlier an
older version let in (a year 9999 time would otherwise set the whole period)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from twitchtrack.domain.models import DayLog, Episode, Journal
from twitchtrack.report import resolve_period

TODAY = date(2026, 12, 2)


def test_outliers_do_not_set_the_default_period() -> None:
    journal = Journal(
        episodes=[
            Episode(at=datetime(2026, 11, 1, 8, tzinfo=UTC), region="calf_left"),
            Episode(at=datetime(2026, 11, 30, 8, tzinfo=UTC), region="calf_left"),
            Episode(at=datetime(9999, 12, 30, tzinfo=UTC), region="calf_left"),
            Episode(at=datetime(1, 1, 2, tzinfo=UTC), region="calf_left"),
        ],
        days=[DayLog.for_day(date(9999, 12, 31), caffeine_mg=100.0)],
    )
    assert resolve_period(journal, None, None, TODAY) == (date(2026, 11, 1), TODAY)


def test_a_day_just_ahead_still_ends_the_period() -> None:
    journal = Journal(
        episodes=[Episode(at=datetime(2026, 12, 3, 1, tzinfo=UTC), region="nose")]
    )
    assert resolve_period(journal, None, None, TODAY) == (
        date(2026, 12, 3),
        date(2026, 12, 3),
    )
