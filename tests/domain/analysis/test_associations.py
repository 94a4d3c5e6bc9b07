"""Factor x lag tests: planted effects, the false-positive rate, missing days,
the minimum-data rule, the direction check, the JSON contract and agreement
with scipy on effective days."""

from __future__ import annotations

import json
import math
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats

from tests.domain.analysis.series_data import (
    NULL_HERE,
    TZ,
    UTC_PLUS_1,
    at,
    build_journal,
    make_series,
    planted_series,
    random_factors,
    reverse_series,
)
from twitchtrack.domain.analysis import (
    FACTORS,
    LAGS,
    MIN_PAIRED_DAYS,
    MIN_PER_SIDE,
    THRESHOLDS,
    Association,
    analyze,
    analyze_series,
    daily_series,
    lagged_pairs,
    spearman,
)
from twitchtrack.domain.demo import demo_factor_effects, generate_demo
from twitchtrack.domain.models import DAY_FACTORS, DayLog, Episode, Journal

JSON_KEYS = {
    "factor",
    "lag",
    "n",
    "rho",
    "rho_ci",
    "threshold",
    "high_mean",
    "low_mean",
    "difference",
    "difference_ci",
    "p",
    "p_adjusted",
    "status",
    "direction_unclear",
    "sentence",
    "days_needed",
    "n_effective",
}


def test_empty_journal_asks_for_days() -> None:
    insights = analyze(Journal())
    assert insights.days_analyzed == 0
    assert len(insights.associations) == len(FACTORS) * len(LAGS)
    for a in insights.associations:
        assert a.status == "insufficient_data"
        assert a.days_needed == MIN_PAIRED_DAYS
        assert a.sentence.startswith("Log ")
    json.dumps(insights.to_json(), allow_nan=False)


def check_planted(
    insights_assocs: list[Association], planted: dict[str, tuple[int, float]]
) -> None:
    by_key = {(a.factor, a.lag): a for a in insights_assocs}
    for factor, (lag, effect) in planted.items():
        if effect == 0:
            continue
        hit = by_key[(factor, lag)]
        assert hit.status == "association", (factor, lag, hit)
        assert hit.rho is not None
        assert hit.difference is not None
        assert np.sign(hit.rho) == np.sign(effect), (factor, hit.rho)
        assert np.sign(hit.difference) == np.sign(effect), (factor, hit.difference)
        assert not hit.direction_unclear
        # The planted lag is the strongest of the factor's lags.
        others = [by_key[(factor, other)] for other in LAGS if other != lag]
        assert all(o.rho is None or abs(o.rho) < abs(hit.rho) for o in others)


def test_planted_effects_in_own_journal_end_to_end() -> None:
    series = planted_series(21, n=200, missing=0.1)
    insights = analyze(build_journal(series))
    check_planted(
        insights.associations,
        {
            "caffeine_mg": (0, 1.0),
            "sleep_h": (1, -1.0),
            "water_ml": (0, -1.0),
            "stress": (0, 1.0),
        },
    )
    sleep = insights.get("sleep_h", 1)
    assert sleep.sentence.startswith(
        "On the second day after you slept under 7 h, you logged"
    )
    assert "more twitches" in sleep.sentence
    caffeine = insights.get("caffeine_mg", 0)
    assert caffeine.threshold == THRESHOLDS["caffeine_mg"]
    assert caffeine.threshold_kind == "health"
    assert caffeine.sentence.startswith(
        "On days with 400 mg of caffeine or more, you logged"
    )
    assert f"; {caffeine.n} days)" in caffeine.sentence


@pytest.mark.parametrize("seed", [7, 2024])
def test_planted_effects_found_in_demo(seed: int) -> None:
    journal = generate_demo(365, seed, end=date(2025, 12, 31), tz=UTC_PLUS_1)
    insights = analyze(journal)
    assert insights.days_analyzed == 365
    check_planted(insights.associations, demo_factor_effects())
    intensity = analyze(journal, outcome="intensity")
    for factor, (lag, effect) in demo_factor_effects().items():
        if effect:
            assert intensity.get(factor, lag).status == "association"


@pytest.mark.slow
def test_null_factor_rarely_reported() -> None:
    """100 seeded journals: a factor with no planted effect shows up as an
    association (at any lag, adjusted p < 0.05) in at most 5 of them."""
    flagged = dict.fromkeys(NULL_HERE, 0)
    found_planted = 0
    for seed in range(100):
        insights = analyze_series(planted_series(1000 + seed, n=180))
        for factor in NULL_HERE:
            if any(insights.get(factor, lag).status == "association" for lag in LAGS):
                flagged[factor] += 1
        found_planted += insights.get("caffeine_mg", 0).status == "association"
    assert all(count <= 5 for count in flagged.values()), flagged
    assert found_planted >= 90  # the test has power, so the low count means something


@pytest.mark.slow
def test_no_effects_at_all_rarely_reported() -> None:
    hits = 0
    for seed in range(100):
        rng = np.random.default_rng(5000 + seed)
        episodes = rng.poisson(3.0, 150).astype(float)
        insights = analyze_series(make_series(episodes, **random_factors(rng, 150)))
        hits += bool(insights.clear())
    assert hits <= 8  # BH keeps the chance of any false report near 5%


def test_missing_factor_days_are_left_out_not_zero() -> None:
    rng = np.random.default_rng(8)
    n = 60
    water = rng.choice([900.0, 1200.0, 1800.0, 2400.0], n)
    episodes = rng.poisson(2.0, n).astype(float)
    # Half the days, scattered (no rhythm for the persistence correction to see).
    unlogged = np.zeros(n, dtype=bool)
    unlogged[rng.permutation(n)[: n // 2]] = True
    episodes[unlogged] += 6  # busy twitch days happen to be the unlogged ones
    water[unlogged] = np.nan
    ours = analyze_series(make_series(episodes, water_ml=water)).get("water_ml", 0)
    assert ours.n == 30
    assert ours.high_n + ours.low_n == 30
    assert ours.status == "no_clear_association"
    # Counting the unlogged days as 0 ml would invent a strong link.
    as_zero = analyze_series(make_series(episodes, water_ml=np.nan_to_num(water)))
    wrong = as_zero.get("water_ml", 0)
    assert wrong.n == 60
    assert wrong.status == "association"
    # The median of a factor is taken over logged values only.
    stress = np.full(n, np.nan)
    stress[~unlogged] = np.tile([6.0, 7.0, 8.0], 10)
    split = analyze_series(make_series(episodes, stress=stress)).get("stress", 0)
    assert split.threshold == 7.0


def test_missing_days_through_journal() -> None:
    series = planted_series(4, n=90, missing=0.4)
    journal = build_journal(series)
    insights = analyze(journal)
    for factor in FACTORS:
        x = series.factors[factor]
        for lag in LAGS:
            expected = int(np.count_nonzero(~np.isnan(x[: x.size - lag])))
            assert insights.get(factor, lag).n == expected


def test_insufficient_data_rule_and_days_needed() -> None:
    episodes = np.tile([1.0, 4.0], 10)[:13]
    water = np.tile([1000.0, 2000.0], 10)[:13]
    insights = analyze_series(make_series(episodes, water_ml=water))
    a0, a1, a2 = (insights.get("water_ml", lag) for lag in LAGS)
    assert (a0.n, a1.n, a2.n) == (13, 12, 11)
    assert all(a.status == "insufficient_data" for a in (a0, a1, a2))
    assert (a0.days_needed, a1.days_needed, a2.days_needed) == (1, 2, 3)
    assert a0.rho is None
    assert a0.p is None
    assert a0.difference is None
    assert a0.sentence == (
        "Log water on 1 more day to see whether it goes with your twitches"
        " on the same day."
    )
    assert a2.sentence.startswith("Log water on 3 more days")
    # Exactly 14 paired days with 7 on each side is enough.
    more = analyze_series(
        make_series(
            np.tile([1.0, 4.0], 8)[:15], water_ml=np.tile([1000.0, 2000.0], 8)[:15]
        )
    )
    assert more.get("water_ml", 0).n == 15
    assert more.get("water_ml", 1).n == 14
    assert more.get("water_ml", 1).status != "insufficient_data"
    assert more.get("water_ml", 1).days_needed == 0
    assert more.get("water_ml", 2).status == "insufficient_data"


def test_insufficient_when_a_side_is_too_small() -> None:
    magnesium = np.array([400.0] * 27 + [300.0] * 3)
    episodes = np.random.default_rng(2).poisson(3, 30).astype(float)
    a = analyze_series(make_series(episodes, magnesium_mg=magnesium)).get(
        "magnesium_mg", 0
    )
    assert a.n == 30
    assert (a.high_n, a.low_n) == (27, 3)
    assert a.status == "insufficient_data"
    assert a.days_needed == MIN_PER_SIDE - 3
    assert "at least 2 more days with a different amount" in a.sentence


def test_health_cutoff_falls_back_to_median_when_one_side_is_empty() -> None:
    rng = np.random.default_rng(6)
    caffeine = rng.choice([0.0, 80.0, 160.0, 240.0], 40)  # never 400 mg
    episodes = rng.poisson(3, 40).astype(float)
    a = analyze_series(make_series(episodes, caffeine_mg=caffeine)).get(
        "caffeine_mg", 0
    )
    assert a.threshold_kind == "median"
    assert a.threshold == float(np.median(caffeine))
    assert a.status != "insufficient_data"
    assert min(a.high_n, a.low_n) >= MIN_PER_SIDE
    # With both sides of 400 mg present the health cut-off is kept.
    caffeine[:6] = 450.0
    b = analyze_series(make_series(episodes, caffeine_mg=caffeine)).get(
        "caffeine_mg", 0
    )
    assert (b.threshold, b.threshold_kind, b.high_n) == (400.0, "health", 6)


def test_zero_heavy_factor_splits_into_any_versus_none() -> None:
    rng = np.random.default_rng(9)
    alcohol = np.where(rng.random(200) < 0.7, 0.0, 2.0)
    episodes = rng.poisson(2.0 + 3.0 * (alcohol > 0)).astype(float)
    a = analyze_series(make_series(episodes, alcohol_units=alcohol)).get(
        "alcohol_units", 0
    )
    assert a.threshold == 0.0
    assert a.high_rule == ">"
    assert a.high_n == int(np.count_nonzero(alcohol > 0))
    assert a.status == "association"
    assert a.sentence.startswith("On days with any alcohol, you logged")


def test_reverse_direction_is_flagged() -> None:
    episodes = reverse_series(12).episodes
    stress = reverse_series(12).factors["stress"]
    insights = analyze_series(make_series(episodes, stress=stress))
    linked = [
        lag for lag in LAGS if insights.get("stress", lag).status == "association"
    ]
    assert 0 in linked
    for lag in linked:
        assert insights.get("stress", lag).direction_unclear
    a = insights.get("stress", 0)
    assert a.status == "association"
    assert a.reverse_rho is not None
    assert a.rho is not None
    assert abs(a.reverse_rho) > abs(a.rho)
    assert a.direction_unclear
    assert a.sentence.endswith(
        "but the link runs both ways in your data, so which comes first is unclear."
    )


def test_json_contract() -> None:
    insights = analyze_series(planted_series(30, n=120, missing=0.3))
    doc = insights.to_json()
    assert set(doc) == {"days_analyzed", "associations"}
    assert doc["days_analyzed"] == 120
    text = json.dumps(doc, allow_nan=False)
    back = json.loads(text)
    assert [(a["factor"], a["lag"]) for a in back["associations"]] == [
        (f, lag) for f in DAY_FACTORS for lag in LAGS
    ]
    for a in back["associations"]:
        assert set(a) == JSON_KEYS
        if a["status"] != "insufficient_data":
            assert len(a["rho_ci"]) == 2
            assert a["rho_ci"][0] <= a["rho"] <= a["rho_ci"][1]
            assert a["difference_ci"][0] <= a["difference"] <= a["difference_ci"][1]
            assert a["p"] <= a["p_adjusted"] <= 1


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1))
def test_results_agree_with_scipy_per_test(seed: int) -> None:
    series = planted_series(seed, n=60, missing=0.3)
    for a in analyze_series(series).associations:
        x = series.factors[a.factor][: len(series) - a.lag]
        y = series.episodes[a.lag :]
        keep = ~np.isnan(x)
        assert a.n == int(keep.sum())
        if a.rho is None:
            continue
        ref = stats.spearmanr(x[keep], y[keep])
        assert a.rho == pytest.approx(ref.statistic, abs=1e-9)
        n_eff = pyper_peterman_days(x[keep], y[keep])
        assert a.n_effective is not None
        assert a.n_effective == pytest.approx(n_eff, abs=1e-9)
        assert 3 <= a.n_effective <= a.n
        # scipy's own test, on the effective days: the same t, fewer freedoms.
        dof = n_eff - 2
        t = ref.statistic * math.sqrt(dof / ((1 + ref.statistic) * (1 - ref.statistic)))
        assert a.p == pytest.approx(2 * stats.t.sf(abs(t), dof), abs=1e-9)
        if n_eff == a.n:
            assert a.p == pytest.approx(ref.pvalue, abs=1e-9)


def pyper_peterman_days(x: np.ndarray, y: np.ndarray) -> float:
    """Effective days from scipy's ranks and plain loops, independently."""
    n = x.size
    rx, ry = stats.rankdata(x), stats.rankdata(y)

    def acf(ranks: np.ndarray, j: int) -> float:
        v = ranks - ranks.mean()
        total = float(np.sum(v * v))
        return 0.0 if total == 0 else float(np.sum(v[:-j] * v[j:])) / total

    shared = sum((n - j) / n * acf(rx, j) * acf(ry, j) for j in range(1, n // 5 + 1))
    if shared <= 0:
        return float(n)
    return max(3.0, min(float(n), 1 / (1 / n + 2 * shared / n)))


def ar1(rng: np.random.Generator, n: int, phi: float) -> np.ndarray:
    """A slowly drifting series: each day keeps ``phi`` of yesterday's value."""
    out = np.empty(n)
    out[0] = rng.normal()
    for i in range(1, n):
        out[i] = phi * out[i - 1] + rng.normal() * math.sqrt(1 - phi * phi)
    return out


def test_two_unrelated_slow_drifts_are_rarely_called_an_association() -> None:
    """Twitching in spells and a coffee habit that drifts, with no link at all:
    counted as independent days, half such pairs would look linked at p < 0.05;
    counted as effective days, about the nominal 5% do."""
    rng = np.random.default_rng(20261123)
    runs, naive, adjusted = 300, 0, 0
    shares = []
    for _ in range(runs):
        habit = np.clip(np.round(250 + 120 * ar1(rng, 120, 0.93)), 0, 900)
        spells = rng.poisson(np.exp(1.0 + 0.8 * ar1(rng, 120, 0.93))).astype(float)
        a = analyze_series(make_series(spells, caffeine_mg=habit)).get("caffeine_mg", 0)
        assert a.p is not None
        assert a.n_effective is not None
        shares.append(a.n_effective / a.n)
        naive += spearman(habit, spells)[1] < 0.05
        adjusted += a.p < 0.05
    assert float(np.median(shares)) < 0.5  # strong persistence: far fewer days
    assert naive / runs > 0.3
    assert adjusted / runs < 0.1


def test_lagged_pairs_pair_factor_day_with_outcome_days_later() -> None:
    start = date(2026, 3, 2)
    episodes = [
        Episode(at=at(start + timedelta(days=d), 9), region="calf_left")
        for d, n in enumerate([1, 2, 3, 4, 5])
        for _ in range(n)
    ]
    days = [
        DayLog.for_day(start, caffeine_mg=100.0),
        DayLog.for_day(start + timedelta(days=2), caffeine_mg=300.0),
        DayLog.for_day(start + timedelta(days=3), caffeine_mg=400.0),
    ]
    series = daily_series(Journal(episodes=episodes, days=days))
    x, y = lagged_pairs(series, "caffeine_mg", 0)
    assert x.tolist() == [100.0, 300.0, 400.0]
    assert y.tolist() == [1.0, 3.0, 4.0]
    x, y = lagged_pairs(series, "caffeine_mg", 1)
    assert x.tolist() == [100.0, 300.0, 400.0]
    assert y.tolist() == [2.0, 4.0, 5.0]
    x, y = lagged_pairs(series, "caffeine_mg", 2)
    assert x.tolist() == [100.0, 300.0]  # day 3 + 2 is past the last day
    assert y.tolist() == [3.0, 5.0]
    with pytest.raises(ValueError, match="unknown factor"):
        lagged_pairs(series, "coffee", 0)
    with pytest.raises(ValueError, match="lag"):
        lagged_pairs(series, "caffeine_mg", 3)


def test_lagged_pairs_have_the_analysis_sample_size() -> None:
    series = daily_series(generate_demo(120, seed=3, end=date(2026, 5, 1), tz=TZ))
    insights = analyze_series(series)
    for factor in FACTORS:
        for lag in LAGS:
            x, y = lagged_pairs(series, factor, lag)
            assert x.size == y.size == insights.get(factor, lag).n
