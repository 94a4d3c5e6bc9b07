"""The journal reduced to what the red-flag rules and tips read, in one pass."""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from twitchtrack.domain.models import DayLog, Episode, Journal

PATTERN_LOOKBACK_DAYS: Final = 60

# The symptom flags a single tick of which raises a red flag (pain has its own
# rule over several days: see ``symptoms``).
ONE_TICK_FLAGS: Final = (
    "speech_swallowing",
    "weakness",
    "wasting",
    "numbness",
    "stiffness",
    "coordination",
    "eyelid_closing",
)


@dataclass(frozen=True, slots=True)
class RuleData:
    """The journal reduced to what the rules read, up to and including ``today``.

    Built in one pass over the episodes: at ten years the rules run on a worker
    thread after every change, and each pass they saved was GIL time the
    window's thread had to wait for.
    """

    today: date
    episodes: list[Episode]
    days: list[DayLog]
    counts: dict[date, int]
    twitch_days: list[date]
    local_days: list[date]  # each episode's local day, in step with ``episodes``
    flagged: list[Episode]  # the episodes with any of ``ONE_TICK_FLAGS`` ticked

    @classmethod
    def of(cls, journal: Journal, today: date) -> RuleData:
        episodes: list[Episode] = []
        local_days: list[date] = []
        flagged: list[Episode] = []
        counts: dict[date, int] = defaultdict(int)
        for e in journal.live_episodes():
            day = e.local_day
            if day > today:
                continue
            episodes.append(e)
            local_days.append(day)
            counts[day] += 1
            # Spelled out (ONE_TICK_FLAGS): a getattr loop doubled this pass.
            if (
                e.speech_swallowing
                or e.weakness
                or e.wasting
                or e.numbness
                or e.stiffness
                or e.coordination
                or e.eyelid_closing
            ):
                flagged.append(e)
        days = [d for d in journal.live_days() if d.date <= today]
        return cls(
            today, episodes, days, dict(counts), sorted(counts), local_days, flagged
        )

    def count_between(self, first: date, last: date) -> int:
        """Episodes dated first..last inclusive."""
        total = 0
        d = first
        while d <= last:
            total += self.counts.get(d, 0)
            d += timedelta(days=1)
        return total

    def twitch_days_between(self, first: date, last: date) -> int:
        lo = bisect.bisect_left(self.twitch_days, first)
        hi = bisect.bisect_right(self.twitch_days, last)
        return hi - lo

    @property
    def horizon(self) -> date:
        """First day of the recent period the pattern rules look at."""
        return self.today - timedelta(days=PATTERN_LOOKBACK_DAYS - 1)
