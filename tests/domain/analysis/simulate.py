"""Seeded simulated journals for calibrating the count model (issue 16)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

import numpy as np
import numpy.typing as npt

from twitchtrack.domain.analysis.tracking import MODEL_FACTORS, DayInput, Tracking

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

# The features a journal can have; "mixed" draws each with its probability.
FEATURES: dict[str, float] = {
    "spells": 0.8,  # latent AR(1) log-rate: twitching comes in spells
    "bad_start": 0.3,  # the journal starts in a bad spell that fades
    "drift": 0.3,  # slow trend of the twitch rate over the journal
    "weekday_logging": 0.5,  # more (or fewer) twitches noted at weekends
    "weekend_drinking": 0.6,  # alcohol mostly on Friday and Saturday
    "untracked": 0.6,  # weeks where check-ins go on but twitches are not logged
    "holiday_shift": 0.5,  # those weeks look different (more alcohol, less coffee)
    "late_start": 0.5,  # check-ins start before twitch logging
    "short_gaps": 0.3,  # a few untracked days too short for any rule to see
    "marks": 0.3,  # the person uses "No twitches today" / off marks
    "supplement_start": 0.4,  # magnesium begins a couple of weeks in
    "short_nights_coffee": 0.5,  # confounding: short nights bring more coffee
}


@dataclass(frozen=True)
class Effect:
    """Planted: rate x ``rate_ratio`` when the factor ``lag`` days ago met the rule."""

    factor: str
    lag: int
    op: Literal[">=", "<"]
    value: float
    rate_ratio: float


@dataclass(frozen=True, eq=False)
class SimJournal:
    """A simulated journal: model input plus the truth behind it."""

    days: list[DayInput]
    tracked: BoolArray  # truly tracked days (twitches were being logged)
    counts: FloatArray  # logged counts per day (0 on untracked days)
    values: dict[str, FloatArray]  # true factor values on every day
    features: frozenset[str]
    weekday: npt.NDArray[np.int64] = field(repr=False)


def _ar1(rng: np.random.Generator, n: int, phi: float, sd: float) -> FloatArray:
    """A stationary AR(1) series with marginal standard deviation ``sd``."""
    e = rng.normal(0.0, sd * np.sqrt(1 - phi**2), n)
    x = np.empty(n)
    x[0] = rng.normal(0.0, sd)
    for t in range(1, n):
        x[t] = phi * x[t - 1] + e[t]
    return x


def _stretches(
    rng: np.random.Generator, n: int, count: int, lo: int, hi: int, begin: int
) -> BoolArray:
    mask = np.zeros(n, dtype=bool)
    for _ in range(count):
        length = int(rng.integers(lo, hi + 1))
        if n - length - begin <= 1:
            continue
        s = int(rng.integers(begin, n - length))
        mask[s : s + length] = True
    return mask


def simulate(
    seed: int,
    n_days: int,
    effects: Sequence[Effect] = (),
    *,
    features: Sequence[str] | None = None,
    force: Sequence[str] = (),
) -> SimJournal:
    """One journal of ``n_days`` twitch-logging days (plus any late-start days).

    ``features`` None draws every feature with its ``FEATURES`` probability;
    otherwise exactly those are on. ``force`` turns features on in either case.
    """
    rng = np.random.default_rng(seed)
    if features is None:
        on = {f for f, p in FEATURES.items() if rng.random() < p}
    else:
        on = set(features)
    on |= set(force)
    lead = int(rng.integers(10, 31)) if "late_start" in on else 0
    n = n_days + lead
    start = date(2024, 1, 1) + timedelta(days=int(rng.integers(0, 7)))
    weekday = (np.arange(n) + start.weekday()) % 7  # 0 = Monday
    weekend = weekday >= 5
    friday_saturday = (weekday == 4) | (weekday == 5)
    t = np.arange(n, dtype=np.float64)

    # Inputs: autocorrelated, with weekday habits.
    sleep = rng.uniform(6.4, 7.8) + _ar1(rng, n, rng.uniform(0.3, 0.7), 0.8)
    sleep += 0.5 * weekend
    sleep = np.clip(sleep, 3.0, 11.0)
    caffeine = rng.uniform(180, 320) * np.exp(_ar1(rng, n, rng.uniform(0.3, 0.7), 0.4))
    caffeine *= np.where(weekend, rng.uniform(0.7, 1.0), 1.0)
    if "short_nights_coffee" in on:
        caffeine += rng.uniform(40, 90) * np.clip(7.5 - sleep, 0, None)
    caffeine = np.where(rng.random(n) < 0.05, 0.0, np.round(caffeine, -1))
    water = np.clip(rng.uniform(1200, 2400) + _ar1(rng, n, 0.5, 400), 200, 5000).round(
        -2
    )
    stress = np.clip(
        np.round(rng.uniform(2, 6) + _ar1(rng, n, rng.uniform(0.4, 0.8), 1.8)), 0, 10
    )
    exercise_days = rng.random(7) < 0.5
    exercise = np.where(
        exercise_days[weekday] & (rng.random(n) < 0.8), rng.uniform(20, 60, n), 0.0
    ).round()
    p_drink = (
        np.where(friday_saturday, 0.6, 0.08)
        if "weekend_drinking" in on
        else np.full(n, 0.2)
    )
    if rng.random() < 0.15:
        p_drink = np.zeros(n)  # some people never drink
    alcohol = np.where(rng.random(n) < p_drink, rng.integers(1, 6, n), 0).astype(float)
    magnesium = np.zeros(n)
    if "supplement_start" in on:
        begin = lead + int(rng.integers(10, 31))
        magnesium[begin:] = np.where(rng.random(n - begin) < 0.9, 300.0, 0.0)

    # Which days are truly tracked.
    untracked = np.zeros(n, dtype=bool)
    untracked[:lead] = True
    gaps = np.zeros(n, dtype=bool)
    if "untracked" in on:
        gaps = _stretches(rng, n, int(rng.integers(1, 4)), 14, 40, lead + 5)
        untracked |= gaps
    if "short_gaps" in on:
        untracked |= _stretches(rng, n, int(rng.integers(1, 4)), 2, 5, lead)
    if "holiday_shift" in on and gaps.any():
        alcohol = np.where(gaps, alcohol + rng.integers(0, 4, n), alcohol)
        caffeine = np.where(gaps, caffeine * 0.6, caffeine).round(-1)
        sleep = np.where(gaps, sleep + 0.7, sleep)
        stress = np.where(gaps, np.maximum(stress - 2, 0), stress)
    values = {
        "caffeine_mg": caffeine,
        "sleep_h": np.round(sleep * 4) / 4,
        "water_ml": water,
        "stress": stress,
        "exercise_min": exercise,
        "alcohol_units": alcohol,
        "magnesium_mg": magnesium,
    }

    # The twitch rate.
    log_rate = np.full(n, np.log(np.exp(rng.normal(np.log(2.5), 0.6)).clip(0.4, 12)))
    if "spells" in on:
        log_rate += _ar1(rng, n, rng.uniform(0.7, 0.95), rng.uniform(0.2, 0.6))
    if "bad_start" in on:
        log_rate += rng.uniform(0.5, 1.0) * np.exp(-(t - lead) / rng.uniform(10, 40))
    if "drift" in on:
        log_rate += rng.uniform(-0.6, 0.6) * (t / n)
    if "weekday_logging" in on:
        log_rate += np.where(weekend, rng.choice([-1, 1]) * rng.uniform(0.1, 0.4), 0)
    for eff in effects:
        v = values[eff.factor]
        hit = v >= eff.value if eff.op == ">=" else v < eff.value
        shifted = np.zeros(n, dtype=bool)
        shifted[eff.lag :] = hit[: n - eff.lag]
        log_rate += np.log(eff.rate_ratio) * shifted
    alpha = rng.uniform(0.1, 0.6)
    mu = np.exp(log_rate)
    counts = rng.negative_binomial(1 / alpha, 1 / (1 + alpha * mu)).astype(float)
    counts[untracked] = 0.0

    # What gets recorded.
    checkin = rng.random(n) < rng.uniform(0.75, 0.98)
    logs_water = rng.random() < 0.7
    logs_magnesium = "supplement_start" in on or rng.random() < 0.3
    tracking: list[Tracking | None] = [None] * n
    if "marks" in on:
        p_all = rng.uniform(0.2, 0.8)
        for i in range(n):
            if checkin[i] and not untracked[i] and rng.random() < p_all:
                tracking[i] = "all"
        if gaps.any() and rng.random() < 0.5:
            for i in np.flatnonzero(gaps & checkin).tolist():
                tracking[i] = "off"
    days: list[DayInput] = []
    for i in range(n):
        recorded: dict[str, float | None] = {}
        if checkin[i]:
            for name in MODEL_FACTORS:
                if name == "water_ml" and not logs_water:
                    continue
                if name == "magnesium_mg" and not logs_magnesium:
                    continue
                if rng.random() < 0.97:  # single fields skipped now and then
                    recorded[name] = float(values[name][i])
        days.append(
            DayInput(
                day=start + timedelta(days=i),
                episodes=int(counts[i]),
                tracking=tracking[i],
                factors=recorded,
            )
        )
    return SimJournal(
        days=days,
        tracked=~untracked,
        counts=counts,
        values=values,
        features=frozenset(on),
        weekday=weekday.astype(np.int64),
    )
