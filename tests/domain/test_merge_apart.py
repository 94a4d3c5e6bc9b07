"""The merge rule for a record both sides created on their own, and merges that
add nothing (issue #13: nothing lost between the window and the command line)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from twitchtrack.domain.merge import created_apart, merge, merge_record
from twitchtrack.domain.models import DayLog, Journal

T = datetime(2026, 6, 15, 8, tzinfo=UTC)
DAY = date(2026, 6, 15)


def _day(at: datetime, **values: object) -> DayLog:
    return DayLog.for_day(DAY, created_at=at, updated_at=at, **values)


def test_a_day_created_on_both_sides_keeps_the_fields_of_each() -> None:
    window = _day(T, water_ml=750, stress=2)
    cli = _day(T + timedelta(seconds=1), caffeine_mg=3, stress=5)
    # The window's base (what it last read) has no check-in for the day.
    merged = merge(Journal(days=[window]), Journal(days=[cli]), Journal()).day(DAY)
    assert merged is not None
    # Each keeps what only it filled in; a field both filled takes the newer value.
    assert (merged.water_ml, merged.caffeine_mg, merged.stress) == (750, 3, 5)
    assert merged.updated_at > cli.updated_at
    # The same, merged the other way round.
    again = merge(Journal(days=[cli]), Journal(days=[window]), Journal()).day(DAY)
    assert again == merged
    # Without a base nothing says the two were made apart: the newer one wins.
    assert merge(Journal(days=[window]), Journal(days=[cli])).day(DAY) == cli


def test_one_creation_is_not_merged_as_two() -> None:
    first = _day(T, caffeine_mg=1)
    later = first.model_copy(update={"caffeine_mg": 2, "updated_at": T + timedelta(1)})
    assert created_apart(first, later) is None
    assert merge(Journal(days=[first]), Journal(days=[later])).day(DAY) == later


def test_a_merge_that_adds_nothing_makes_no_new_version() -> None:
    base = _day(T, caffeine_mg=1)
    theirs = base.model_copy(update={"caffeine_mg": 2, "updated_at": T + timedelta(1)})
    # Mine took theirs in and edited on: it holds everything theirs has.
    mine = theirs.model_copy(update={"water_ml": 5, "updated_at": T + timedelta(2)})
    assert merge_record(base, mine, theirs) is mine
