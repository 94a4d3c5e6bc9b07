"""Sampling mode's answers: a few prompts a day instead of logging every twitch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Literal

from pydantic import AwareDatetime, Field

from twitchtrack.domain.record import Record

# "Twitches in the last hour?" answered none, a few, or many.
SampleAnswer = Literal["none", "few", "many"]


class Sample(Record):
    """One answer to a sampling prompt, about the ``window_h`` hours before ``at``."""

    at: AwareDatetime
    answer: SampleAnswer
    # When the prompt was due (None when the person answered without a prompt).
    prompted_at: AwareDatetime | None = None
    window_h: float = Field(default=1.0, gt=0, le=24)


# The ordinal score a day sums (documented in docs/statistics.md, "Sampling").
SCORES: dict[str, int] = {"none": 0, "few": 1, "many": 2}
# A prompt nobody answered goes quietly after this long: missed prompts never
# pile up into a list to catch up on.
PROMPT_EXPIRES = timedelta(hours=2)
MAX_PROMPTS_PER_DAY = 6


def due_prompt(
    times: Sequence[dt.time], now: datetime, samples: Iterable[Sample]
) -> datetime | None:
    """The prompt to show at ``now`` (local, aware), or None.

    The latest of today's prompt ``times`` that has passed, is less than
    ``PROMPT_EXPIRES`` old, and has no answer yet (an answer given at or after
    it, or one that names it as ``prompted_at``).
    """
    passed = [
        datetime.combine(now.date(), t, now.tzinfo)
        for t in sorted(times)
        if datetime.combine(now.date(), t, now.tzinfo) <= now
    ]
    if not passed:
        return None
    latest = passed[-1]
    if now - latest >= PROMPT_EXPIRES:
        return None
    for s in samples:
        if s.deleted:
            continue
        if s.prompted_at == latest or latest <= s.at <= now:
            return None
    return latest
