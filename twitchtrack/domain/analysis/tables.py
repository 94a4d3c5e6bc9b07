"""Small pure tables behind the Trends charts: rolling means, hour and week counts.

They live here (not in the UI) so that every number a chart shows is computed, and
tested, without Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from twitchtrack.domain.analysis.series import EPOCH_ORDINAL, check_range, epoch_day
from twitchtrack.domain.analysis.stats import FloatArray
from twitchtrack.domain.models import Journal
from twitchtrack.domain.regions import GROUPS, REGIONS

ROLLING_DAYS = 7
_REGION_IDS: tuple[str, ...] = tuple(r.id for r in REGIONS)
_REGION_INDEX: dict[str, int] = {rid: i for i, rid in enumerate(_REGION_IDS)}
_GROUP_IDS: tuple[str, ...] = tuple(GROUPS)

# Region index -> index of its body-area group in ``GROUPS`` order.
_REGION_GROUP = np.array([_GROUP_IDS.index(r.group) for r in REGIONS], dtype=np.int64)


def rolling_mean(
    values: Sequence[float] | FloatArray,
    window: int = ROLLING_DAYS,
    *,
    min_count: int | None = None,
) -> FloatArray:
    """Trailing mean over each day and the ``window - 1`` days before it.

    NaN values (days not logged) are skipped; a day gets NaN when fewer than
    ``min_count`` (default: more than half the window) of its days are numbers.
    """
    if window < 1:
        raise ValueError("the rolling window must be at least 1 day")
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim != 1:
        raise ValueError("values must be a flat sequence of numbers")
    need = window // 2 + 1 if min_count is None else min_count
    if not 1 <= need <= window:
        raise ValueError(f"min_count must be between 1 and {window}")
    finite = np.isfinite(arr)
    sums = np.concatenate(([0.0], np.cumsum(np.where(finite, arr, 0.0))))
    counts = np.concatenate(([0], np.cumsum(finite)))
    hi = np.arange(1, arr.size + 1)
    lo = np.maximum(hi - window, 0)
    n = counts[hi] - counts[lo]
    out = np.full(arr.size, np.nan)
    ok = n >= need
    out[ok] = (sums[hi] - sums[lo])[ok] / n[ok]
    return out


@dataclass(frozen=True, eq=False)
class WeekTable:
    """Episodes per body-area group and week (weeks start on Monday)."""

    weeks: npt.NDArray[np.datetime64]  # the Monday of each week, oldest first
    groups: tuple[str, ...]  # group ids (``regions.GROUPS`` order) with any episode
    counts: npt.NDArray[np.int64]  # shape (len(groups), len(weeks))

    def count(self, group: str, week_start: date) -> int:
        """Episodes in one group during the week starting on ``week_start``."""
        if group not in self.groups:
            return 0
        col = int((np.datetime64(week_start, "D") - self.weeks[0]).astype(np.int64))
        if week_start.weekday() != 0 or not 0 <= col // 7 < self.weeks.size:
            raise ValueError(f"{week_start} is not the Monday of a week in the table")
        return int(self.counts[self.groups.index(group), col // 7])


@dataclass(frozen=True, eq=False)
class EpisodeTable:
    """Live episodes as columns, sorted by local day: cheap to slice and count."""

    day: npt.NDArray[np.int64]  # local calendar day, days since 1970-01-01
    hour: npt.NDArray[np.int64]  # local hour 0-23 when the episode was logged
    weekday: npt.NDArray[np.int64]  # 0 = Monday
    region: npt.NDArray[np.int64]  # index into the region catalogue

    def __len__(self) -> int:
        return int(self.day.size)

    def between(
        self, start: date | None = None, end: date | None = None
    ) -> EpisodeTable:
        """Episodes from ``start`` to ``end`` (local days, both inclusive)."""
        check_range(start, end)
        lo = 0 if start is None else int(np.searchsorted(self.day, epoch_day(start)))
        hi = (
            self.day.size
            if end is None
            else int(np.searchsorted(self.day, epoch_day(end), side="right"))
        )
        hi = max(hi, lo)
        return EpisodeTable(
            self.day[lo:hi], self.hour[lo:hi], self.weekday[lo:hi], self.region[lo:hi]
        )

    def hour_weekday_counts(self) -> npt.NDArray[np.int64]:
        """Episodes per weekday (rows, Monday first) and local hour (24 columns)."""
        flat = np.bincount(self.weekday * 24 + self.hour, minlength=7 * 24)
        return flat.reshape(7, 24).astype(np.int64)

    def region_counts(self) -> dict[str, int]:
        """Episodes per body region (regions without any are left out)."""
        counts = np.bincount(self.region, minlength=len(_REGION_IDS))
        return {_REGION_IDS[i]: int(c) for i, c in enumerate(counts) if c}

    def week_group_counts(self, start: date, end: date) -> WeekTable:
        """Episodes per body-area group in every week that touches ``start..end``."""
        check_range(start, end)
        first = epoch_day(start - timedelta(days=start.weekday()))
        last = epoch_day(end - timedelta(days=end.weekday()))
        n_weeks = (last - first) // 7 + 1
        inside = self.between(start, end)
        week = (inside.day - first) // 7
        group = _REGION_GROUP[inside.region]
        table = np.bincount(
            group * n_weeks + week, minlength=len(_GROUP_IDS) * n_weeks
        ).reshape(len(_GROUP_IDS), n_weeks)
        used = np.flatnonzero(table.sum(axis=1))
        weeks = (np.arange(n_weeks, dtype=np.int64) * 7 + first).astype("datetime64[D]")
        return WeekTable(
            weeks=weeks,
            groups=tuple(_GROUP_IDS[i] for i in used),
            counts=table[used].astype(np.int64),
        )


def episode_table(journal: Journal) -> EpisodeTable:
    """The live episodes of a journal as an ``EpisodeTable``."""
    rows = [
        (ep.at.toordinal() - EPOCH_ORDINAL, ep.at.hour, _REGION_INDEX[ep.region])
        for ep in journal.episodes
        if ep.deleted_at is None
    ]
    if not rows:
        empty = np.empty(0, dtype=np.int64)
        return EpisodeTable(empty, empty, empty, empty)
    table = np.asarray(rows, dtype=np.int64)
    table = table[np.argsort(table[:, 0], kind="stable")]
    day = table[:, 0].copy()
    # 1970-01-01 was a Thursday (weekday 3).
    return EpisodeTable(
        day=day,
        hour=table[:, 1].copy(),
        weekday=(day + 3) % 7,
        region=table[:, 2].copy(),
    )
