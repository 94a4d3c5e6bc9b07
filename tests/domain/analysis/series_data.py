"""Series and journals with known content, shared by the analysis tests."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone

import numpy as np

from twitchtrack.domain.analysis import (
    FACTORS,
    DailySeries,
)
from twitchtrack.domain.models import DayLog, Episode, Journal

START = date(2025, 1, 6)
UTC_PLUS_1 = timezone(timedelta(hours=1))


def make_series(episodes: np.ndarray, **factors: np.ndarray) -> DailySeries:
    """A series straight from arrays (no journal): cheap for many-journal loops."""
    n = episodes.size
    days = (np.datetime64(START, "D") + np.arange(n)).astype("datetime64[D]")
    full = {f: np.full(n, np.nan) for f in FACTORS}
    full.update({k: np.asarray(v, dtype=float) for k, v in factors.items()})
    return DailySeries(
        days=days,
        episodes=np.asarray(episodes, dtype=float),
        intensity=3.0 * np.asarray(episodes, dtype=float),
        factors=full,
        logged=np.ones(n, dtype=bool),
    )


def random_factors(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """Independent daily factor values shaped like real check-ins."""
    return {
        "caffeine_mg": np.clip(np.round(rng.normal(260, 130, n) / 5) * 5, 0, 900),
        "sleep_h": np.clip(np.round(rng.normal(6.8, 1.1, n) * 4) / 4, 3, 10),
        "sleep_quality": rng.integers(1, 6, n).astype(float),
        "water_ml": np.clip(np.round(rng.normal(1800, 500, n) / 50) * 50, 200, 4000),
        "stress": rng.binomial(10, 0.4, n).astype(float),
        "exercise_min": np.where(
            rng.random(n) < 0.45, 0.0, rng.gamma(3, 15, n).round()
        ),
        "alcohol_units": np.where(
            rng.random(n) < 0.7, 0.0, rng.gamma(2, 1, n).round(1)
        ),
        "magnesium_mg": np.where(rng.random(n) < 0.55, 0.0, 300.0),
    }


# Planted in ``planted_series`` (factor -> lag); the other four factors have none.
PLANTED_HERE = {"caffeine_mg": 0, "sleep_h": 1, "water_ml": 0, "stress": 0}
NULL_HERE = ("sleep_quality", "exercise_min", "alcohol_units", "magnesium_mg")


def planted_series(seed: int, n: int = 240, missing: float = 0.15) -> DailySeries:
    """Episodes driven by caffeine (lag 0), short sleep (lag 1), low water (lag 0)
    and stress (lag 0); independent noise factors; some factor days not logged."""
    rng = np.random.default_rng(seed)
    f = random_factors(rng, n)
    rate = 2.0 + 2.0 * (f["caffeine_mg"] >= 300) + 1.8 * (f["water_ml"] < 1500)
    rate += 0.4 * (f["stress"] - 4)
    rate[1:] += 2.0 * (f["sleep_h"][:-1] < 6)
    episodes = rng.poisson(np.clip(rate, 0.2, None)).astype(float)
    for values in f.values():
        values[rng.random(n) < missing] = np.nan
    return make_series(episodes, **f)


def build_journal(series: DailySeries, tz: timezone = UTC_PLUS_1) -> Journal:
    """A real journal whose daily series is ``series`` (one episode per count)."""
    episodes: list[Episode] = []
    days: list[DayLog] = []
    for i, day64 in enumerate(series.days):
        day = date.fromisoformat(str(day64))
        for k in range(int(series.episodes[i])):
            at = datetime(day.year, day.month, day.day, 8, 0, tzinfo=tz)
            episodes.append(
                Episode(at=at + timedelta(minutes=37 * k), region="calf_left")
            )
        values = {f: series.factors[f][i] for f in FACTORS}
        logged = {
            f: (int(v) if f in ("stress", "sleep_quality") else float(v))
            for f, v in values.items()
            if not math.isnan(v)
        }
        if logged:
            days.append(DayLog.for_day(day, **logged))
    return Journal(episodes=episodes, days=days)


TZ = timezone(timedelta(hours=-5))


def at(day: date, hour: int, minute: int = 0, tz: timezone = TZ) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
