"""The daily series: local days, real zeros, tombstones, ranges and slicing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import numpy as np
import pytest

from tests.domain.analysis.series_data import (
    START,
    build_journal,
    planted_series,
)
from twitchtrack.domain.analysis import (
    FACTORS,
    daily_series,
)
from twitchtrack.domain.models import DayLog, Episode, Journal


def test_daily_series_counts_local_days_zeros_and_tombstones() -> None:
    minus5 = timezone(timedelta(hours=-5))
    late = Episode(at=datetime(2026, 3, 1, 23, 30, tzinfo=minus5), region="forehead")
    assert late.at.astimezone(UTC).date() == date(2026, 3, 2)
    strong = Episode(
        at=datetime(2026, 3, 1, 9, 0, tzinfo=minus5), region="forehead", intensity=7
    )
    gone = Episode(at=datetime(2026, 3, 3, 9, 0, tzinfo=minus5), region="forehead")
    last = Episode(at=datetime(2026, 3, 4, 12, 0, tzinfo=minus5), region="calf_left")
    old = DayLog.for_day(date(2026, 3, 2), water_ml=900.0)
    old = old.model_copy(update={"updated_at": old.updated_at - timedelta(hours=1)})
    newer = DayLog.for_day(date(2026, 3, 2), water_ml=2100.0).model_copy(
        update={"id": DayLog.for_day(date(2026, 3, 5)).id}
    )
    deleted_day = DayLog.for_day(date(2026, 3, 9), stress=3).tombstoned()
    journal = Journal(
        episodes=[late, strong, gone.tombstoned(), last], days=[newer, old, deleted_day]
    )
    s = daily_series(journal)
    # First to last logged day; the tombstoned check-in on 9 March does not extend it.
    assert [str(d) for d in s.days] == [
        "2026-03-01",
        "2026-03-02",
        "2026-03-03",
        "2026-03-04",
    ]
    assert s.episodes.tolist() == [2.0, 0.0, 0.0, 1.0]  # 23:30 local stays on 1 March
    assert s.intensity.tolist() == [10.0, 0.0, 0.0, 3.0]
    assert s.factors["water_ml"][1] == 2100.0  # newest check-in of a date wins
    assert np.isnan(s.factors["water_ml"][[0, 2, 3]]).all()
    assert s.logged.tolist() == [True, True, False, True]
    assert s.first == date(2026, 3, 1)
    assert s.last == date(2026, 3, 4)


def test_daily_series_range_and_between() -> None:
    series = planted_series(3, n=40)
    journal = build_journal(series)
    full = daily_series(journal)
    assert len(full) == 40
    np.testing.assert_array_equal(full.episodes, series.episodes)
    for f in FACTORS:
        np.testing.assert_array_equal(full.factors[f], series.factors[f])
    start, end = START + timedelta(days=5), START + timedelta(days=20)
    part = daily_series(journal, start, end)
    assert (part.first, part.last, len(part)) == (start, end, 16)
    sliced = full.between(start, end)
    np.testing.assert_array_equal(part.episodes, sliced.episodes)
    np.testing.assert_array_equal(part.factors["stress"], sliced.factors["stress"])
    # A range wider than the journal is clipped to the logged span.
    wide = daily_series(
        journal, START - timedelta(days=100), START + timedelta(days=400)
    )
    assert len(wide) == 40
    assert len(daily_series(journal, START + timedelta(days=500))) == 0
    with pytest.raises(ValueError, match="after the end date"):
        daily_series(journal, end, start)
