"""Plausible times: the allowed range, outliers left out of default spans, and
wall-clock times read on this computer's clock (daylight-saving gaps refused)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from twitchtrack.domain.times import (
    day_problem,
    is_repeated,
    local_time,
    plausible_span,
    time_problem,
)

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
TODAY = NOW.date()


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    "at",
    [
        datetime(1, 1, 1, tzinfo=UTC),
        datetime(1900, 1, 1, tzinfo=UTC),
        datetime(1969, 12, 31, 23, 59, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),
        NOW + timedelta(days=1, minutes=1),
    ],
)
def test_implausible_times_name_the_allowed_range(at: datetime) -> None:
    problem = time_problem(at, NOW)
    assert problem is not None
    assert "1 Jan 1970 up to one day from now" in problem


@pytest.mark.parametrize(
    "at",
    [datetime(1970, 1, 1, tzinfo=UTC), NOW, NOW + timedelta(hours=23, minutes=59)],
)
def test_plausible_times_pass(at: datetime) -> None:
    assert time_problem(at, NOW) is None


def test_days_allow_tomorrow_not_the_day_after() -> None:
    assert day_problem(TODAY + timedelta(days=1), TODAY) is None
    assert day_problem(TODAY + timedelta(days=2), TODAY) is not None
    assert day_problem(date(1970, 1, 1), TODAY) is None
    assert day_problem(date(1969, 12, 31), TODAY) is not None


def test_default_spans_leave_outliers_out() -> None:
    days = [date(1, 1, 1), date(2026, 11, 1), date(2026, 11, 30), date(9999, 12, 31)]
    assert plausible_span(days, TODAY) == (date(2026, 11, 1), date(2026, 11, 30))
    assert plausible_span([date(9999, 1, 1)], TODAY) is None


def test_local_time_refuses_the_hour_the_clocks_skip(berlin: None) -> None:
    with pytest.raises(ValueError, match="does not exist"):
        local_time(datetime(2026, 3, 29, 2, 30))
    summer = local_time(datetime(2026, 3, 29, 3, 30))
    assert summer.utcoffset() == timedelta(hours=2)
    repeated = local_time(datetime(2026, 10, 25, 2, 30))
    assert repeated.utcoffset() == timedelta(hours=2)  # the first of the two
    assert is_repeated(repeated)
    assert not is_repeated(summer)


def test_local_time_of_year_one_is_a_sentence_not_an_overflow() -> None:
    with pytest.raises(ValueError, match="1970"):
        local_time(datetime(1, 1, 1))


def test_entry_time_reads_naive_times_locally_and_checks_them(berlin: None) -> None:
    from twitchtrack.domain.times import entry_time

    now = datetime(2026, 12, 2, 12, 0).astimezone()
    typed = entry_time(datetime(2026, 11, 20, 8, 0), now)
    assert typed.isoformat() == "2026-11-20T08:00:00+01:00"
    for bad in (datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59)):
        with pytest.raises(ValueError, match="1 Jan 1970 up to one day from now"):
            entry_time(bad, now)
    with pytest.raises(ValueError, match="does not exist"):
        entry_time(datetime(2026, 3, 29, 2, 30), now)
