"""The report's figures, period rules and formatting, checked without drawing."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QLocale

from twitchtrack.domain.models import DayLog, Episode, Journal
from twitchtrack.report import build_report_data, default_page_size, resolve_period
from twitchtrack.report.content import (
    DEFAULT_PERIOD_DAYS,
    bin_of,
    format_duration,
    format_period,
    heat_bins,
    percent,
)
from twitchtrack.report.timeline import rolling_mean
from twitchtrack.ui.trends.model_job import fit_range, model_input

from .conftest import DEMO_END

TZ = timezone(timedelta(hours=-5))


def _episode(day: date, region: str = "calf_left", **fields: object) -> Episode:
    at = datetime(day.year, day.month, day.day, 20, tzinfo=TZ)
    return Episode.model_validate({"at": at, "region": region, **fields})


# --------------------------------------------------------------------------- period


def test_period_defaults_to_first_entry_and_today() -> None:
    journal = Journal(episodes=[_episode(date(2026, 10, 3))])
    assert resolve_period(journal, None, None, date(2026, 11, 20)) == (
        date(2026, 10, 3),
        date(2026, 11, 20),
    )


def test_period_reaches_entries_dated_after_today() -> None:
    # A day ahead (another time zone); further ahead is an outlier the period
    # leaves out (test_period_outliers.py).
    journal = Journal(episodes=[_episode(date(2026, 11, 21))])
    assert resolve_period(journal, None, None, date(2026, 11, 20)) == (
        date(2026, 11, 21),
        date(2026, 11, 21),
    )


def test_period_defaults_to_the_last_year_of_a_long_journal() -> None:
    journal = Journal(
        episodes=[_episode(date(2020, 1, 1)), _episode(date(2026, 11, 1))]
    )
    start, end = resolve_period(journal, None, None, date(2026, 11, 20))
    assert end == date(2026, 11, 20)
    assert (end - start).days + 1 == DEFAULT_PERIOD_DAYS
    # An explicit start is honoured however far back it goes.
    assert resolve_period(journal, date(2019, 6, 1), None, date(2026, 11, 20))[0] == (
        date(2019, 6, 1)
    )


def test_empty_check_ins_do_not_stretch_the_period() -> None:
    journal = Journal(
        episodes=[_episode(date(2026, 10, 3))],
        days=[DayLog.for_day(date(2026, 1, 1))],  # nothing logged in it
    )
    assert resolve_period(journal, None, None, date(2026, 11, 20))[0] == date(
        2026, 10, 3
    )


def test_empty_journal_period_is_today() -> None:
    today = date(2026, 11, 20)
    assert resolve_period(Journal(), None, None, today) == (today, today)


def test_start_after_end_is_rejected() -> None:
    with pytest.raises(ValueError, match="2026-11-20 is after the end date 2026-11-01"):
        resolve_period(Journal(), date(2026, 11, 20), date(2026, 11, 1), DEMO_END)


# --------------------------------------------------------------------------- figures


def test_report_data_counts_only_the_period(demo: Journal) -> None:
    start, end = date(2026, 8, 1), date(2026, 8, 31)
    data = build_report_data(demo, start, end, today=DEMO_END)
    inside = [e for e in demo.live_episodes() if start <= e.local_day <= end]
    assert data.episodes == inside
    assert sum(data.region_counts.values()) == len(inside)
    assert int(data.timeline.counts.sum()) == len(inside)
    assert data.timeline.days == 31
    assert all(start <= r.day <= end for r in data.day_rows)
    assert data.flagged == [e for e in inside if e.flags]
    assert data.days_in_period == 31
    # The window's model over the same days: the report says what Trends says.
    trends = fit_range(model_input(demo), start, end)
    assert [f.sentence for f in data.model.factors] == [
        f.sentence for f in trends.factors
    ]


def test_top_areas_are_sorted_with_shares(demo: Journal) -> None:
    data = build_report_data(demo, today=DEMO_END)
    counts = [a.count for a in data.top_areas]
    assert counts == sorted(counts, reverse=True)
    assert len(counts) == 8
    top = data.top_areas[0]
    assert top.share == percent(top.count, len(data.episodes))


def test_timeline_shows_associated_factors_first(demo: Journal) -> None:
    data = build_report_data(demo, today=DEMO_END)
    linked = data.clear_associations()
    assert linked, "the demo journal has links"
    assert data.timeline.chart_factors[0] == linked[0].factor
    assert data.timeline.cutoffs[linked[0].factor] == linked[0].cutoff_value
    assert len(data.timeline.chart_factors) == 3


def test_timeline_keeps_unlogged_days_as_gaps() -> None:
    first, third = date(2026, 11, 1), date(2026, 11, 3)
    journal = Journal(
        episodes=[_episode(first), _episode(third), _episode(third)],
        days=[DayLog.for_day(first, caffeine_mg=200.0)],
    )
    data = build_report_data(journal, today=third)
    assert data.timeline.counts.tolist() == [1.0, 0.0, 2.0]
    caffeine = data.timeline.factors["caffeine_mg"]
    assert caffeine[0] == 200.0
    assert np.isnan(caffeine[1:]).all()
    assert data.timeline.chart_factors == ("caffeine_mg",)
    assert data.span_days == 3
    assert data.per_week == pytest.approx(7.0)


def test_notes_come_from_check_ins_and_episodes_in_date_order() -> None:
    journal = Journal(
        episodes=[_episode(date(2026, 11, 2), note="left calf after running")],
        days=[
            DayLog.for_day(date(2026, 11, 2), note="long shift"),
            DayLog.for_day(date(2026, 11, 1), note="slept badly"),
        ],
    )
    data = build_report_data(journal, today=date(2026, 11, 2))
    assert [(n.day.day, n.where, n.text) for n in data.notes] == [
        (1, "Check-in", "slept badly"),
        (2, "Check-in", "long shift"),
        (2, "Left calf, 20:00", "left calf after running"),
    ]


# --------------------------------------------------------------------------- helpers


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**6))
def test_heat_bins_cover_every_count_once(top: int) -> None:
    bins = heat_bins(top)
    assert 1 <= len(bins) <= 5
    assert bins[0][0] == 1
    assert bins[-1][1] == top
    for (_, high), (low, _) in pairwise(bins):
        assert low == high + 1
    assert all(low <= high for low, high in bins)
    for count in {1, top, (top + 1) // 2}:
        index = bin_of(count, bins)
        assert index is not None
        assert bins[index][0] <= count <= bins[index][1]
    assert bin_of(0, bins) is None


def test_heat_bins_are_finer_at_the_low_end() -> None:
    assert heat_bins(266) == [(1, 11), (12, 43), (44, 96), (97, 171), (172, 266)]
    assert heat_bins(3) == [(1, 1), (2, 2), (3, 3)]
    assert heat_bins(0) == []


def test_rolling_mean_skips_unlogged_days() -> None:
    values = np.array([1.0, np.nan, 3.0, np.nan, np.nan, np.nan, np.nan, np.nan, 5.0])
    out = rolling_mean(values, window=3, minimum=2)
    assert out[1] == pytest.approx(2.0)  # mean of the two logged neighbours
    assert np.isnan(out[0])  # only one logged day in its window
    assert np.isnan(out[5])


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(None, ""), (4.4, "4 s"), (60, "1 min"), (150, "2 min 30 s"), (3900, "1 h 5 min")],
)
def test_format_duration(seconds: float | None, text: str) -> None:
    assert format_duration(seconds) == text


def test_percent_keeps_small_shares_visible() -> None:
    assert percent(1, 4000) == "<0.1%"
    assert percent(5, 995) == "0.5%"
    assert percent(266, 995) == "27%"
    assert percent(0, 10) == "0%"
    assert percent(3, 0) == "0%"


def test_period_wording() -> None:
    assert format_period(date(2026, 5, 25), date(2026, 11, 20)) == (
        "25 May 2026 to 20 Nov 2026"
    )
    assert format_period(date(2026, 5, 25), date(2026, 5, 25)) == "25 May 2026"


@pytest.mark.parametrize(
    ("language", "country", "paper"),
    [
        (QLocale.Language.English, QLocale.Country.UnitedStates, "Letter"),
        (QLocale.Language.English, QLocale.Country.UnitedKingdom, "A4"),
        (QLocale.Language.German, QLocale.Country.Germany, "A4"),
        (QLocale.Language.Japanese, QLocale.Country.Japan, "A4"),
    ],
)
def test_paper_follows_the_locale(
    language: QLocale.Language, country: QLocale.Country, paper: str
) -> None:
    assert default_page_size(QLocale(language, country)) == paper


def test_timed_caffeine_is_reported_when_drinks_have_times() -> None:
    from tests.domain.analysis.timing_sim import START, simulate_timing

    journal = simulate_timing(7, odds=2.0)
    end = START + timedelta(days=239)
    data = build_report_data(journal, START, end, today=end)
    assert data.timing is not None
    assert data.timing.status == "association"
    assert "6 hours before" in data.timing.sentence
    plain = build_report_data(journal.model_copy(update={"intakes": []}), today=end)
    assert plain.timing is None
