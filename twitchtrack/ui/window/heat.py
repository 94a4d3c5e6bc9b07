"""The body map's shading: where it twitched lately, and the points tapped there."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from twitchtrack.domain.models import Episode
from twitchtrack.ui.model import JournalModel

HEAT_DAYS = 30  # the map shades places by how often they twitched lately
# Calendar dates this far apart order their times, whatever the UTC offsets.
_SURELY_APART = timedelta(days=3)


class RecentHeat:
    """Live episodes of the last ``HEAT_DAYS``, kept up to date change by change."""

    def __init__(self, model: JournalModel) -> None:
        self._model = model
        self._recent: dict[uuid.UUID, Episode] = {}

    def rebuild(self) -> Episode | None:
        """Look at every episode again; returns the newest live one."""
        cutoff = self._model.now() - timedelta(days=HEAT_DAYS)
        # Compare POSIX times: much cheaper than aware datetimes in other offsets.
        since = cutoff.timestamp()
        # Even POSIX times cost an offset lookup each (20,000 at ten years, on the
        # way to the first paint). An episode's own calendar date is free, and two
        # times whose dates (each in its own offset) are three or more days apart
        # are in that order whatever the offsets (they span at most 26 hours).
        early = cutoff.date() - _SURELY_APART
        recent: dict[uuid.UUID, Episode] = {}
        newest: Episode | None = None
        newest_at = float("-inf")
        newest_day = date.min + _SURELY_APART
        # Newest first, as journals are mostly kept: older dates then skip the test.
        # So far: during a staged load the newest part (the window rebuilds on
        # ``loaded``), which holds the recent episodes of a journal kept in order.
        for e in reversed(list(self._model.so_far("episodes"))):  # type: ignore[arg-type]
            if e.deleted_at is not None:
                continue
            day = e.at.date()
            if day < early and day < newest_day - _SURELY_APART:
                continue
            at = e.at.timestamp()
            if at >= since:
                recent[e.id] = e
            if at > newest_at:
                newest, newest_at, newest_day = e, at, day
        self._recent = recent
        return newest

    def update(self, ids: Iterable[uuid.UUID]) -> bool:
        """Take these episodes' new versions; True if the shading changed."""
        cutoff = self._model.now() - timedelta(days=HEAT_DAYS)
        changed = False
        for episode_id in ids:
            episode = self._model.episode(episode_id)
            recent = episode is not None and _counts_for_heat(episode, cutoff)
            if recent and episode is not None:
                changed |= self._recent.get(episode_id) != episode
                self._recent[episode_id] = episode
            elif self._recent.pop(episode_id, None) is not None:
                changed = True
        return changed

    def counts(self) -> dict[str, float]:
        """Recent episodes per place."""
        counts: dict[str, float] = {}
        for episode in self._recent.values():
            counts[episode.region] = counts.get(episode.region, 0.0) + 1.0
        return counts

    def points(self) -> list[tuple[str, float, float]]:
        """Where on the map the recent episodes were tapped: (view, x, y)."""
        return [
            (e.tap.view.value, e.tap.x, e.tap.y)
            for e in self._recent.values()
            if e.tap is not None
        ]


def _counts_for_heat(episode: Episode, cutoff: datetime) -> bool:
    return not episode.deleted and episode.at >= cutoff
