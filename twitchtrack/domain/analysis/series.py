"""Per-day series of the journal: outcomes and check-in factors over local days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np
import numpy.typing as npt

from twitchtrack.domain.analysis.stats import FloatArray
from twitchtrack.domain.models import DAY_FACTORS, DayLog, Journal

BoolArray = npt.NDArray[np.bool_]
Outcome = Literal["episodes", "intensity"]
FACTORS: tuple[str, ...] = DAY_FACTORS
OUTCOMES: tuple[str, ...] = ("episodes", "intensity")
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


@dataclass(frozen=True, eq=False)
class DailySeries:
    """Outcome and factors over consecutive local days (docs/statistics.md)."""

    days: npt.NDArray[np.datetime64]
    episodes: FloatArray
    intensity: FloatArray
    factors: dict[str, FloatArray]
    logged: BoolArray

    def __len__(self) -> int:
        return int(self.days.size)

    @property
    def first(self) -> date | None:
        """The first day of the series, if any."""
        return to_date(self.days[0]) if self.days.size else None

    @property
    def last(self) -> date | None:
        """The last day of the series, if any."""
        return to_date(self.days[-1]) if self.days.size else None

    def outcome(self, outcome: str) -> FloatArray:
        """The per-day outcome array by name ("episodes" or "intensity")."""
        check_outcome(outcome)
        return self.episodes if outcome == "episodes" else self.intensity

    def between(
        self, start: date | None = None, end: date | None = None
    ) -> DailySeries:
        """The part of the series from ``start`` to ``end`` (both inclusive).

        Cheap (array slices), so a chart can change its range without rebuilding
        the series from the journal.
        """
        check_range(start, end)
        if not self.days.size:
            return self
        base = self.days[0].astype(np.int64)
        lo = 0 if start is None else max(0, epoch_day(start) - int(base))
        hi = (
            len(self) if end is None else min(len(self), epoch_day(end) - int(base) + 1)
        )
        hi = max(hi, lo)
        return DailySeries(
            days=self.days[lo:hi],
            episodes=self.episodes[lo:hi],
            intensity=self.intensity[lo:hi],
            factors={k: v[lo:hi] for k, v in self.factors.items()},
            logged=self.logged[lo:hi],
        )


def empty_series() -> DailySeries:
    """A series with no days."""
    return DailySeries(
        days=np.empty(0, dtype="datetime64[D]"),
        episodes=np.empty(0),
        intensity=np.empty(0),
        factors={f: np.empty(0) for f in FACTORS},
        logged=np.empty(0, dtype=bool),
    )


def daily_series(
    journal: Journal, start: date | None = None, end: date | None = None
) -> DailySeries:
    """Per local day: episodes, summed intensity and each factor (NaN = not logged).

    The span is first to last logged day, clipped to ``start``/``end``.
    """
    check_range(start, end)
    ep_days: list[int] = []
    ep_weights: list[int] = []
    for ep in journal.episodes:
        if ep.deleted_at is None:
            # datetime.toordinal() is the ordinal of its own (local) calendar day.
            ep_days.append(ep.at.toordinal())
            ep_weights.append(ep.intensity)
    # Newest check-in per date wins, the same rule as Journal.day().
    newest: dict[date, DayLog] = {}
    for log in journal.days:
        if log.deleted_at is not None:
            continue
        have = newest.get(log.date)
        if have is None or log.updated_at > have.updated_at:
            newest[log.date] = log
    logs = list(newest.values())
    log_days = [d.date.toordinal() for d in logs]

    if not ep_days and not log_days:
        return empty_series()
    ep_ord = np.asarray(ep_days, dtype=np.int64)
    log_ord = np.asarray(log_days, dtype=np.int64)
    first = min(ep_days + log_days)
    last = max(ep_days + log_days)
    lo = first if start is None else max(first, start.toordinal())
    hi = last if end is None else min(last, end.toordinal())
    if lo > hi:
        return empty_series()
    size = hi - lo + 1

    idx = ep_ord - lo
    keep = (idx >= 0) & (idx < size)
    weights = np.asarray(ep_weights, dtype=np.float64)[keep]
    episodes = np.bincount(idx[keep], minlength=size).astype(np.float64)
    intensity = np.bincount(idx[keep], weights=weights, minlength=size).astype(
        np.float64
    )

    factors = {f: np.full(size, np.nan) for f in FACTORS}
    logged = np.zeros(size, dtype=bool)
    logged[idx[keep]] = True
    lidx = log_ord - lo
    lkeep = (lidx >= 0) & (lidx < size)
    if lkeep.any():
        inside = [log for log, k in zip(logs, lkeep, strict=True) if k]
        # None becomes NaN when numpy builds a float array.
        table = np.array(
            [[getattr(d, f) for f in FACTORS] for d in inside], dtype=np.float64
        )
        rows = lidx[lkeep]
        for col, f in enumerate(FACTORS):
            factors[f][rows] = table[:, col]
        logged[rows] = True

    days = (np.arange(size, dtype=np.int64) + (lo - EPOCH_ORDINAL)).astype(
        "datetime64[D]"
    )
    return DailySeries(
        days=days,
        episodes=episodes,
        intensity=intensity,
        factors=factors,
        logged=logged,
    )


def check_outcome(outcome: str) -> None:
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be 'episodes' or 'intensity', not {outcome!r}")


def check_range(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and start > end:
        raise ValueError(
            f"the start date {start.isoformat()} is after"
            f" the end date {end.isoformat()}"
        )


def epoch_day(day: date) -> int:
    return day.toordinal() - EPOCH_ORDINAL


def to_date(value: np.datetime64) -> date:
    return date.fromordinal(int(value.astype(np.int64)) + EPOCH_ORDINAL)
