"""Tests for the seeded demo journal: determinism, realism and the planted effects."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

import numpy as np
import pytest

from twitchtrack.domain.demo import (
    BASELINE,
    PLANTED,
    WORKDAY_EFFECT,
    demo_factor_effects,
    generate_demo,
)
from twitchtrack.domain.models import DAY_FACTORS, Journal, Pattern, day_id, now_utc
from twitchtrack.domain.regions import region

END = date(2025, 6, 1)
PLUS_ONE = timezone(timedelta(hours=1))


class _SummerTime(tzinfo):
    """A zone with +1 in winter and +2 from April to September (no tzdata needed)."""

    def utcoffset(self, dt: datetime | None) -> timedelta:
        summer = dt is not None and 4 <= dt.month <= 9
        return timedelta(hours=2 if summer else 1)

    def dst(self, dt: datetime | None) -> timedelta:
        return self.utcoffset(dt) - timedelta(hours=1)

    def tzname(self, dt: datetime | None) -> str:
        return "TEST"


def _demo(days: int = 180, seed: int = 7) -> Journal:
    return generate_demo(days, seed, end=END, tz=PLUS_ONE)


def _series(j: Journal, days: int) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Episodes per day and each factor per day (NaN when not logged)."""
    start = END - timedelta(days=days - 1)
    counts = np.zeros(days)
    for e in j.live_episodes():
        counts[(e.local_day - start).days] += 1
    values = {f: np.full(days, np.nan) for f in DAY_FACTORS}
    for d in j.live_days():
        for f in DAY_FACTORS:
            v = getattr(d, f)
            if v is not None:
                values[f][(d.date - start).days] = v
    return counts, values


def _split(
    counts: np.ndarray,
    x: np.ndarray,
    lag: int,
    high: Callable[[np.ndarray], np.ndarray],
) -> float:
    """Mean episodes on day D + lag when the factor of D is high, minus when low."""
    xs = x[: x.size - lag]
    ys = counts[lag:]
    logged = ~np.isnan(xs)
    xs, ys = xs[logged], ys[logged]
    is_high = high(xs)
    return float(ys[is_high].mean() - ys[~is_high].mean())


def _slope(counts: np.ndarray, x: np.ndarray, lag: int) -> float:
    xs = x[: x.size - lag]
    ys = counts[lag:]
    logged = ~np.isnan(xs)
    return float(np.polyfit(xs[logged], ys[logged], 1)[0])


def test_same_arguments_give_the_same_journal() -> None:
    a = _demo(90, seed=3)
    b = _demo(90, seed=3)
    assert a == b
    assert a.model_dump_json() == b.model_dump_json()


def test_different_seeds_give_different_journals() -> None:
    a, b = _demo(60, seed=1), _demo(60, seed=2)
    assert {e.id for e in a.episodes}.isdisjoint({e.id for e in b.episodes})
    assert [d.sleep_h for d in a.days] != [d.sleep_h for d in b.days]


def test_covers_the_requested_days_and_is_a_valid_journal_file() -> None:
    j = _demo(120)
    assert min(e.local_day for e in j.episodes) >= END - timedelta(days=119)
    assert max(e.local_day for e in j.episodes) <= END
    assert Journal.model_validate_json(j.model_dump_json()) == j
    assert len({e.id for e in j.episodes}) == len(j.episodes)
    assert len({d.date for d in j.days}) == len(j.days)
    assert all(d.id == day_id(d.date) for d in j.days)
    assert not any(r.deleted for r in (*j.episodes, *j.days))


def test_default_end_is_today_and_nothing_is_stamped_in_the_future() -> None:
    j = generate_demo(20, seed=5)
    after = now_utc()
    records = [*j.episodes, *j.days]
    assert all(r.created_at <= after and r.updated_at <= after for r in records)
    assert all(e.at <= after for e in j.episodes)
    assert max(d.date for d in j.days) >= after.date() - timedelta(days=3)


def test_times_follow_the_zone_and_bookkeeping_follows_the_episode() -> None:
    j = generate_demo(365, seed=4, end=END, tz=_SummerTime())
    offsets = {e.at.utcoffset() for e in j.episodes}
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}
    for e in j.episodes:
        expected = timedelta(hours=2 if 4 <= e.at.month <= 9 else 1)
        assert e.at.utcoffset() == expected
        assert e.at <= e.created_at <= e.updated_at
        assert e.created_at - e.at < timedelta(hours=7)
    for d in j.days:
        assert d.created_at <= d.updated_at
        # Check-ins are written that evening or the next morning.
        assert (
            timedelta(hours=19)
            < d.created_at - datetime.combine(d.date, datetime.min.time(), UTC)
            < timedelta(hours=34)
        )


def test_most_twitches_are_on_one_eyelid_and_the_calves() -> None:
    j = _demo(365)
    regions = Counter(e.region for e in j.episodes)
    total = sum(regions.values())
    eyelids = {r: n for r, n in regions.items() if r.startswith("eyelid")}
    calves = regions["calf_left"] + regions["calf_right"]
    assert 0.3 < sum(eyelids.values()) / total < 0.5
    assert max(eyelids.values()) > 0.5 * sum(eyelids.values())
    assert 0.15 < calves / total < 0.3
    assert {region(r).group for r in regions} >= {
        "eyes",
        "lower_legs",
        "thighs",
        "arms",
    }
    assert "tongue" not in regions


def test_time_of_day_peaks_in_the_evening_and_workdays_are_busier() -> None:
    # Three years: the weekday effect (+0.8) is small next to day-to-day noise.
    span = 3 * 365
    j = _demo(span)
    hours = Counter(e.at.hour for e in j.episodes)
    assert hours.most_common(1)[0][0] in range(18, 23)
    evening = sum(n for h, n in hours.items() if 18 <= h < 23)
    assert evening > 0.5 * sum(hours.values())
    per_day = Counter(e.local_day for e in j.episodes)
    days = [END - timedelta(days=i) for i in range(span)]
    work = np.mean([per_day[d] for d in days if d.weekday() < 5])
    rest = np.mean([per_day[d] for d in days if d.weekday() >= 5])
    assert work - rest > 0.4


def test_episode_details_look_like_real_logging() -> None:
    j = _demo(365)
    eps = j.episodes
    assert 3.0 < len(eps) / 365 < 8.0
    intensities = Counter(e.intensity for e in eps)
    assert sum(intensities[i] for i in range(2, 6)) > 0.75 * len(eps)
    patterns = Counter(e.pattern for e in eps)
    assert (
        patterns[Pattern.SINGLE]
        > patterns[Pattern.BURST]
        > patterns[Pattern.CONTINUOUS]
        > 0
    )
    continuous = [
        e.duration_s for e in eps if e.pattern == "continuous" and e.duration_s
    ]
    single = [e.duration_s for e in eps if e.pattern == "single" and e.duration_s]
    assert np.median(continuous) > 10 * np.median(single)
    assert any(e.duration_s is None for e in eps)
    assert any(e.note for e in eps)
    assert any(e.tags for e in eps)


def test_no_red_flag_symptoms_and_only_a_few_ordinary_ones() -> None:
    j = _demo(365)
    eps = j.episodes
    assert not any(e.weakness or e.wasting or e.speech_swallowing for e in eps)
    assert all(e.region != "tongue" for e in eps)
    pains = sum(e.pain for e in eps)
    assert 1 <= pains <= 0.01 * len(eps)
    assert sum(e.numbness for e in eps) <= 3


def test_check_ins_are_realistic_and_missing_is_none_not_zero() -> None:
    days = 365
    j = _demo(days)
    logs = j.live_days()
    assert 0.78 < len(logs) / days < 0.92
    assert not any(d.is_empty for d in logs)
    for f in DAY_FACTORS:
        missing = sum(getattr(d, f) is None for d in logs)
        assert 0 < missing < 0.4 * len(logs), f
    # A zero sleep or water value would be a missing value in disguise.
    assert all(d.sleep_h is None or d.sleep_h >= 3 for d in logs)
    assert all(d.water_ml is None or d.water_ml >= 300 for d in logs)
    # Zero is a real answer for alcohol and exercise, and shows up often.
    assert sum(d.alcohol_units == 0 for d in logs) > 0.4 * len(logs)
    assert sum(d.exercise_min == 0 for d in logs) > 0.2 * len(logs)
    meds = Counter(m for d in logs for m in d.medications)
    assert meds["Cetirizine"] > 5
    assert any(d.tags for d in logs)
    assert any(d.note for d in logs)


def test_factor_effects_document_every_factor() -> None:
    effects = demo_factor_effects()
    assert set(effects) == set(DAY_FACTORS)
    assert effects["caffeine_mg"] == (0, 3.0)
    assert effects["sleep_h"] == (0, -3.0)
    assert effects["water_ml"] == (0, -3.0)
    assert effects["stress"] == (0, 0.7)
    for f in ("exercise_min", "alcohol_units", "magnesium_mg", "sleep_quality"):
        assert effects[f] == (0, 0.0)
    assert {p.factor: (p.lag, p.effect) for p in PLANTED}.items() <= effects.items()


@pytest.mark.parametrize("seed", [7, 11, 2024])
def test_planted_effects_show_in_group_means_over_half_a_year(seed: int) -> None:
    counts, x = _series(_demo(180, seed), 180)
    assert _split(counts, x["caffeine_mg"], 0, lambda v: v >= 300) > 1.5
    assert _split(counts, x["sleep_h"], 0, lambda v: v < 6) > 1.5
    assert _split(counts, x["water_ml"], 0, lambda v: v < 1500) > 1.5
    assert _slope(counts, x["stress"], 0) > 0.35
    # The sleep effect is on the day that followed the night (the check-in's own
    # date), not a day later.
    assert abs(_split(counts, x["sleep_h"], 1, lambda v: v < 6)) < 1.2


@pytest.mark.slow
def test_fifty_years_generate_fast_and_match_the_documentation() -> None:
    days = 18_250
    started, cpu_started = time.perf_counter(), time.process_time()
    j = _demo(days, seed=7)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    print(
        f"\n50-year demo: {len(j.episodes)} episodes, {len(j.days)} days, "
        f"{elapsed:.2f} s wall, {cpu:.2f} s CPU"
    )
    # CPU time, so other processes on a busy machine do not make this flaky.
    assert cpu < 5.0
    counts, x = _series(j, days)
    effects = demo_factor_effects()
    assert _split(counts, x["caffeine_mg"], 0, lambda v: v >= 300) == pytest.approx(
        effects["caffeine_mg"][1], abs=0.3
    )
    assert -_split(counts, x["sleep_h"], 0, lambda v: v < 6) == pytest.approx(
        effects["sleep_h"][1], abs=0.3
    )
    assert -_split(counts, x["water_ml"], 0, lambda v: v < 1500) == pytest.approx(
        effects["water_ml"][1], abs=0.3
    )
    assert _slope(counts, x["stress"], 0) == pytest.approx(
        effects["stress"][1], abs=0.1
    )
    weekend = [
        counts[i]
        for i in range(days)
        if (END - timedelta(days=days - 1 - i)).weekday() >= 5
    ]
    work = [
        counts[i]
        for i in range(days)
        if (END - timedelta(days=days - 1 - i)).weekday() < 5
    ]
    assert np.mean(work) - np.mean(weekend) == pytest.approx(WORKDAY_EFFECT, abs=0.2)
    assert BASELINE < np.mean(counts) < 8
    # Noise factors: no association at any lag (within ~5 standard errors).
    for f in ("exercise_min", "alcohol_units", "magnesium_mg", "sleep_quality"):
        for lag in (0, 1, 2):
            assert abs(_slope(counts, x[f], lag)) * np.nanstd(x[f]) < 0.15, (f, lag)
    # Planted factors act only at their own lag.
    for f, (lag, _) in effects.items():
        for other in {0, 1, 2} - {lag}:
            assert abs(_slope(counts, x[f], other)) * np.nanstd(x[f]) < 0.15, (f, other)
