"""Self-experiment window tests: a clock the test moves, and simulated journals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

import numpy as np

from twitchtrack.domain.experiment import Experiment
from twitchtrack.domain.models import DayLog, Episode, Journal
from twitchtrack.domain.trial import draw_order, schedule

TZ = timezone(timedelta(hours=1))


@dataclass
class Clock:
    """'Now' for a model and its views; tests move it a day at a time."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def today(self) -> date:
        return self.now.date()

    def set_day(self, day: date) -> None:
        self.now = datetime.combine(day, time(9, 30), TZ)


def clock_on(day: date) -> Clock:
    return Clock(datetime.combine(day, time(9, 30), TZ))


def plan(
    start: date,
    *,
    pairs: int = 2,
    period_days: int = 7,
    washout_days: int = 2,
    seed: int = 5,
    created: date | None = None,
    **fields: object,
) -> Experiment:
    """A caffeine plan saved on ``created`` (default: the day before ``start``)."""
    saved = datetime.combine(created or start - timedelta(days=1), time(8), TZ)
    return Experiment(
        factor="caffeine",
        pairs=pairs,
        period_days=period_days,
        washout_days=washout_days,
        start=start,
        seed=seed,
        order=draw_order(pairs, seed),
        created_at=saved,
        updated_at=saved,
        **fields,
    )


def simulated(exp: Experiment, until: date, *, seed: int = 4) -> Journal:
    """The plan and every day of it before ``until``: fewer twitches with the
    change (arm B), caffeine logged as kept to the arm on most days."""
    rng = np.random.default_rng(seed)
    episodes, logs = [], []
    for p in schedule(exp):
        for day in p.days():
            if day >= until:
                continue
            b = p.arm == "B"
            kept = rng.random() < 0.85
            mg = (20.0 if b else 250.0) if kept else (150.0 if b else 30.0)
            logs.append(DayLog.for_day(day, caffeine_mg=mg))
            for _ in range(int(rng.poisson(1.2 if b else 4.0))):
                at = datetime.combine(day, time(12), TZ)
                episodes.append(Episode(at=at, region="calf_left"))
    return Journal().with_records(episodes, logs, experiments=[exp])
