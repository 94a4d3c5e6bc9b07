"""Seeded journals with timed caffeine and twitch times, for the timing analysis."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import numpy as np

from twitchtrack.domain.models import DayLog, Episode, Journal
from twitchtrack.domain.timed import Intake

TZ = timezone(timedelta(hours=1))
START = date(2025, 3, 3)
STEP_MIN = 10


def simulate_timing(seed: int, days: int = 240, odds: float = 1.0) -> Journal:
    """Coffee mostly in the morning, twitches mostly noticed in the evening (a
    confounded clock for any naive comparison), spells across days, and the
    twitch rate times ``odds`` in the 6 hours after any caffeine."""
    rng = np.random.default_rng(seed)
    steps = 24 * 60 // STEP_MIN
    hours = np.arange(steps) * STEP_MIN / 60
    rhythm = 0.4 + 1.6 * np.exp(-(((hours - 20.0) / 2.5) ** 2))
    rhythm *= 3.0 / rhythm.sum()  # about 3 twitches a day at the base rate
    intakes, episodes, logs = [], [], []
    level = 0.0
    for k in range(days):
        day = START + timedelta(days=k)
        level = 0.8 * level + rng.normal(0, 0.25)
        n_drinks = int(rng.poisson(1.6 if day.weekday() < 5 else 1.0))
        times = np.sort(
            np.clip(
                np.where(
                    rng.random(n_drinks) < 0.7,
                    rng.normal(8.5, 1.2, n_drinks),
                    rng.normal(15.0, 1.5, n_drinks),
                ),
                6.0,
                22.0,
            )
        )
        exposed = np.zeros(steps, bool)
        for t in times:
            exposed |= (hours > t) & (hours <= t + 6)
        rate = rhythm * np.exp(level) * np.where(exposed, odds, 1.0)
        for s in np.flatnonzero(rng.random(steps) < 1 - np.exp(-rate)):
            at = datetime.combine(day, datetime.min.time(), TZ) + timedelta(
                minutes=int(s) * STEP_MIN + int(rng.integers(0, STEP_MIN))
            )
            episodes.append(Episode(at=at, region="calf_left"))
        for t in times:
            at = datetime.combine(day, datetime.min.time(), TZ) + timedelta(
                hours=float(t)
            )
            intakes.append(Intake(at=at, kind="caffeine", amount=95.0, label="coffee"))
        if n_drinks == 0 and rng.random() < 0.7:
            logs.append(DayLog.for_day(day, caffeine_mg=0.0))
        else:
            logs.append(DayLog.for_day(day, stress=int(rng.integers(0, 8))))
    return Journal(episodes=episodes, intakes=intakes, days=logs)
