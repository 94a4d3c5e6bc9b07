"""Chart tables: rolling mean and the episode table behind the time-of-day grid,
body heat and week-by-area views."""

from __future__ import annotations

import math
from collections import Counter
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.domain.analysis.series_data import (
    TZ,
    at,
)
from twitchtrack.domain.analysis import (
    WEEKDAYS,
    episode_table,
    rolling_mean,
)
from twitchtrack.domain.demo import generate_demo
from twitchtrack.domain.models import Episode, Journal
from twitchtrack.domain.regions import GROUPS, region


def test_rolling_mean_by_hand() -> None:
    values = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]
    out = rolling_mean(values, 3)
    # Window of 3 needs 2 numbers by default: day 0 has only one.
    assert math.isnan(out[0])
    assert out[1:].tolist() == [1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]
    assert rolling_mean(values, 3, min_count=1)[0] == 1.0


def test_rolling_mean_skips_missing_days() -> None:
    values = [2.0, np.nan, 4.0, np.nan, np.nan, np.nan, 10.0]
    out = rolling_mean(values, 3, min_count=1)
    assert out[2] == 3.0  # (2 + 4) / 2, the missing day is not a zero
    assert out[3] == 4.0
    assert math.isnan(out[5])  # nothing logged in days 3-5
    assert out[6] == 10.0


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(0, 50, allow_nan=False) | st.just(math.nan), max_size=40),
    st.integers(1, 9),
)
def test_rolling_mean_matches_a_plain_loop(values: list[float], window: int) -> None:
    out = rolling_mean(values, window)
    need = window // 2 + 1
    for i in range(len(values)):
        part = [v for v in values[max(0, i - window + 1) : i + 1] if not math.isnan(v)]
        if len(part) >= need:
            assert out[i] == pytest.approx(sum(part) / len(part), abs=1e-9)
        else:
            assert math.isnan(out[i])


def test_rolling_mean_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="at least 1 day"):
        rolling_mean([1.0], 0)
    with pytest.raises(ValueError, match="min_count"):
        rolling_mean([1.0], 3, min_count=4)


def hand_journal() -> Journal:
    """Episodes in three weeks and four body-area groups, one tombstoned."""
    mon = date(2026, 6, 1)  # a Monday
    spec = [
        (mon, 8, "eyelid_lower_left"),
        (mon, 8, "eyelid_lower_left"),
        (mon, 21, "calf_left"),
        (mon + timedelta(days=3), 21, "calf_right"),  # Thursday
        (mon + timedelta(days=6), 23, "thumb_left"),  # Sunday, late evening
        (mon + timedelta(days=7), 0, "calf_left"),  # Monday of week 2
        (mon + timedelta(days=15), 13, "upper_back_left"),  # Tuesday of week 3
    ]
    episodes = [Episode(at=at(d, h, 30), region=r) for d, h, r in spec]
    gone = Episode(at=at(mon, 9), region="tongue").tombstoned()
    return Journal(episodes=[*reversed(episodes), gone])


def test_hour_weekday_grid_counts_local_hours_and_weekdays() -> None:
    table = episode_table(hand_journal())
    grid = table.hour_weekday_counts()
    assert grid.shape == (7, 24)
    assert int(grid.sum()) == 7  # the tombstone is not counted
    assert grid[0, 8] == 2  # Monday 08:xx
    assert grid[0, 21] == 1
    assert grid[0, 0] == 1
    assert grid[3, 21] == 1  # Thursday
    assert grid[6, 23] == 1  # Sunday
    assert grid[1, 13] == 1  # Tuesday
    assert WEEKDAYS[3] == "Thu"


def test_episode_table_uses_the_local_day_of_each_episode() -> None:
    # 23:30 at UTC-5 is already the next day in UTC: the local day counts.
    late = Episode(at=at(date(2026, 6, 7), 23, 30), region="calf_left")
    table = episode_table(Journal(episodes=[late]))
    assert table.weekday.tolist() == [6]
    assert table.hour.tolist() == [23]
    assert len(table.between(date(2026, 6, 7), date(2026, 6, 7))) == 1
    assert len(table.between(date(2026, 6, 8), None)) == 0


def test_region_counts_and_between() -> None:
    table = episode_table(hand_journal())
    assert table.region_counts() == {
        "eyelid_lower_left": 2,
        "calf_left": 2,
        "calf_right": 1,
        "thumb_left": 1,
        "upper_back_left": 1,
    }
    first_week = table.between(date(2026, 6, 1), date(2026, 6, 7))
    assert len(first_week) == 5
    assert first_week.region_counts()["calf_left"] == 1
    with pytest.raises(ValueError, match="after"):
        table.between(date(2026, 6, 7), date(2026, 6, 1))


def test_week_by_area_table_matches_hand_counts() -> None:
    table = episode_table(hand_journal())
    weeks = table.week_group_counts(date(2026, 6, 3), date(2026, 6, 20))
    # Weeks touching 3-20 June 2026: starting 1, 8 and 15 June.
    assert [str(w) for w in weeks.weeks] == ["2026-06-01", "2026-06-08", "2026-06-15"]
    # The range starts on Wednesday 3 June: Monday's episodes are outside.
    assert weeks.groups == ("hands", "back", "lower_legs")
    assert weeks.counts.tolist() == [[1, 0, 0], [0, 0, 1], [1, 1, 0]]
    assert weeks.count("lower_legs", date(2026, 6, 8)) == 1
    assert weeks.count("eyes", date(2026, 6, 1)) == 0
    with pytest.raises(ValueError, match="Monday"):
        weeks.count("hands", date(2026, 6, 2))


def test_week_table_agrees_with_a_plain_count_on_demo_data() -> None:
    journal = generate_demo(200, seed=11, end=date(2026, 8, 30), tz=TZ)
    start, end = date(2026, 4, 1), date(2026, 8, 30)
    weeks = episode_table(journal).week_group_counts(start, end)
    expected: Counter[tuple[str, date]] = Counter()
    for ep in journal.live_episodes():
        day = ep.at.date()
        if start <= day <= end:
            monday = day - timedelta(days=day.weekday())
            expected[(region(ep.region).group, monday)] += 1
    got = {
        (g, date.fromisoformat(str(w))): int(weeks.counts[i, j])
        for i, g in enumerate(weeks.groups)
        for j, w in enumerate(weeks.weeks)
        if weeks.counts[i, j]
    }
    assert got == dict(expected)
    assert set(weeks.groups) <= set(GROUPS)
    assert list(weeks.groups) == [g for g in GROUPS if g in weeks.groups]


def test_empty_journal_gives_empty_tables() -> None:
    table = episode_table(Journal())
    assert len(table) == 0
    assert int(table.hour_weekday_counts().sum()) == 0
    assert table.region_counts() == {}
    weeks = table.week_group_counts(date(2026, 1, 1), date(2026, 1, 31))
    assert weeks.groups == ()
    assert weeks.counts.shape == (0, 5)
